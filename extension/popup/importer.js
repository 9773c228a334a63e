// Import JSON: which corrections a QuoteLens JSON export holds for this page. Pure: no DOM, no extension APIs.
// A file is accepted only when it is clearly ours and clearly this page's; otherwise nothing changes and the
// reader is told why.

/** A URL compared as a page key (design.md, Contract 3): without its fragment and `utm_*` parameters. */
export function pageKeyOf(url) {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (/^utm_/i.test(k)) u.searchParams.delete(k);
    return u.href;
  } catch {
    return String(url);
  }
}

const isExport = (x) => !!x && typeof x === 'object' && !Array.isArray(x) && x.generator && x.generator.name === 'QuoteLens' &&
  typeof x.url === 'string' && Array.isArray(x.quotes);

/**
 * Reads an export's text for the page whose keys (canonical key, address) are `keys`. Returns
 * `{corrections, title}`; throws an Error whose message tells the reader what is wrong with the file.
 */
export function readImport(text, keys) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('This file is not JSON. Choose a file made by “Export JSON”.');
  }
  const wanted = new Set(keys.filter(Boolean).map(pageKeyOf));
  let doc;
  if (Array.isArray(data)) {
    if (!data.length || !data.every(isExport)) throw new Error('This file is not a QuoteLens JSON export.');
    doc = data.find((d) => wanted.has(pageKeyOf(d.url)));
    if (!doc) throw new Error(`This collection has no article for this page (it has ${data.length}).`);
  } else {
    if (!isExport(data)) throw new Error('This file is not a QuoteLens JSON export.');
    if (!wanted.has(pageKeyOf(data.url))) throw new Error(`This export is of another page: ${data.url}`);
    doc = data;
  }
  const list = doc.corrections ?? [];
  if (!Array.isArray(list) || !list.every((c) => c && typeof c === 'object' && !Array.isArray(c))) {
    throw new Error('The export’s corrections are not a list of corrections.');
  }
  // Each correction's shape is checked by the content script, the one writer of a page's corrections,
  // which refuses the whole import if one is malformed.
  return { corrections: list.map(storedFields), title: doc.title ?? doc.url };
}

/** A correction's stored fields only: its fate ("anchored") is not data, it is recomputed on each page. */
export function storedFields({ id, action, target, speaker, kind, span, created }) {
  return Object.fromEntries(Object.entries({ id, action, target, speaker, kind, span, created }).filter(([, v]) => v !== undefined));
}
