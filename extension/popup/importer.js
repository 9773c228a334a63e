// Import JSON: which corrections a QuoteLens JSON export holds for this page. Pure: no DOM, no extension APIs.
// A file is accepted only when it is clearly ours and clearly this page's; otherwise nothing changes and the
// reader is told why.

const ACTIONS = new Set(['speaker', 'kind', 'dismiss', 'add', 'span']);
const KINDS = new Set(['direct', 'partial', 'indirect']);

/** The page key of design.md (Contract 3) for a URL: without its fragment and `utm_*` parameters. */
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

const isSelector = (s) => !!s && typeof s === 'object' && s.type === 'TextQuoteSelector' && typeof s.exact === 'string' && s.exact.length > 0 &&
  ['prefix', 'suffix'].every((k) => s[k] === undefined || typeof s[k] === 'string');

/** Why a correction (docs/corrections-and-storage.md) is malformed, or null when it is well formed. */
export function correctionProblem(c) {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return 'not an object';
  if (typeof c.id !== 'string' || !c.id) return 'no id';
  if (!ACTIONS.has(c.action)) return `unknown action ${JSON.stringify(c.action)}`;
  if (!isSelector(c.target)) return 'no TextQuoteSelector target';
  if (c.action === 'speaker' && (typeof c.speaker !== 'string' || !c.speaker.trim())) return 'a speaker correction without a speaker';
  if (c.action === 'kind' && !KINDS.has(c.kind)) return 'a kind correction without a kind';
  if (c.action === 'add' && c.kind !== undefined && !KINDS.has(c.kind)) return 'an added quote of unknown kind';
  if (c.action === 'span' && !isSelector(c.span)) return 'a span correction without a span';
  return null;
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
  if (!Array.isArray(list)) throw new Error('The export’s corrections are not a list.');
  const bad = list.map((c, i) => [i, correctionProblem(c)]).find(([, p]) => p);
  if (bad) throw new Error(`Correction ${bad[0] + 1} of the file is malformed (${bad[1]}); nothing was imported.`);
  const ids = new Set(list.map((c) => c.id));
  if (ids.size !== list.length) throw new Error('The file lists a correction twice; nothing was imported.');
  return { corrections: list.map(storedFields), title: doc.title ?? doc.url };
}

/** A correction's stored fields only: its fate ("anchored") is not data, it is recomputed on each page. */
export function storedFields({ id, action, target, speaker, kind, span, created }) {
  return Object.fromEntries(Object.entries({ id, action, target, speaker, kind, span, created }).filter(([, v]) => v !== undefined));
}
