// In-page checks shared by both browser drivers. Each is a self-contained function (no closures: the drivers
// serialise it into the page) taking one JSON argument and returning JSON.

/** Remembers the untouched body (a deep clone) and its innerText, before QuoteLens acts. */
export function savePristine() {
  window.__qlPristine = document.body.cloneNode(true);
  window.__qlText = document.body.innerText;
  return { chars: window.__qlText.length };
}

/** QuoteLens's state as the page sees it: the host's data-state (null when absent) and the highlight count. */
export function pageState() {
  const host = document.querySelector('body > quotelens-ui');
  return { state: host ? host.getAttribute('data-state') : null, marks: document.querySelectorAll('[data-ql]').length };
}

/** Compares the page with the saved pristine body. */
export function compareWithPristine() {
  const res = {
    textSame: document.body.innerText === window.__qlText,
    domSame: document.body.isEqualNode(window.__qlPristine),
    hosts: document.querySelectorAll('quotelens-ui').length,
    marks: document.querySelectorAll('[data-ql]').length,
  };
  if (!res.domSame) {
    // Where they first differ, for the failure message.
    const walk = (a, b, where) => {
      if (a.isEqualNode(b)) return null;
      if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName || a.childNodes.length !== b.childNodes.length ||
          (a.nodeType !== 1 && a.nodeValue !== b.nodeValue)) {
        const desc = (n) => (n.nodeType === 1 ? `<${n.localName}> ${[...n.attributes].map((x) => `${x.name}=${x.value}`).join(' ')} [${n.childNodes.length}]` : JSON.stringify(n.nodeValue));
        return `${where}: ${desc(a)} vs ${desc(b)}`;
      }
      for (let i = 0; i < a.childNodes.length; i++) {
        const d = walk(a.childNodes[i], b.childNodes[i], `${where}/${a.childNodes[i].nodeName}[${i}]`);
        if (d) return d;
      }
      const attrs = (n) => [...n.attributes].map((x) => `${x.name}=${x.value}`).join(' ');
      return `${where}: attributes differ: ${attrs(a)} vs ${attrs(b)}`;
    };
    res.diff = walk(document.body, window.__qlPristine, 'body');
  }
  return res;
}

/** Every highlight and what Contract 2 requires of it; problems are listed, not thrown. */
export function highlights() {
  const problems = [];
  const marks = [...document.querySelectorAll('[data-ql]')];
  const quotes = [], dates = [], layers = {};
  const seen = new Map();
  for (const el of marks) {
    const layer = el.getAttribute('data-ql');
    const id = el.getAttribute('data-ql-id');
    layers[layer] = (layers[layer] || 0) + 1;
    if (!['quote', 'speaker', 'source', 'date'].includes(layer)) problems.push(`bad data-ql ${layer}`);
    if (!id) problems.push(`${layer} without data-ql-id`);
    if (layer === 'quote') {
      for (const a of ['data-ql-kind', 'data-ql-group', 'data-ql-speaker']) if (!el.hasAttribute(a)) problems.push(`quote ${id} lacks ${a}`);
      if (!['direct', 'partial', 'indirect'].includes(el.getAttribute('data-ql-kind'))) problems.push(`quote ${id} kind`);
      if (!seen.has(id)) {
        seen.set(id, el);
        quotes.push({ id, kind: el.getAttribute('data-ql-kind'), group: el.getAttribute('data-ql-group'),
          speaker: el.getAttribute('data-ql-speaker'), first: el.getAttribute('tabindex') === '0', text: '' });
      }
      quotes.find((q) => q.id === id).text += el.textContent;
    }
    if (layer === 'date') {
      if (!el.hasAttribute('data-ql-value')) problems.push(`date ${id} lacks data-ql-value`);
      dates.push({ id, text: el.textContent, value: el.getAttribute('data-ql-value') });
    }
    // Nesting: only date/speaker/source inside quotes, partial inside indirect.
    const outer = el.parentElement && el.parentElement.closest('[data-ql]');
    if (outer) {
      const o = outer.getAttribute('data-ql');
      const ok = (o === 'quote' && layer !== 'quote') ||
        (o === 'quote' && outer.getAttribute('data-ql-kind') === 'indirect' && layer === 'quote' && el.getAttribute('data-ql-kind') !== 'indirect');
      if (!ok) problems.push(`${layer} ${id} nested in ${o}`);
    }
  }
  // The first piece of each quote group is focusable and labelled (out of innerText) with its speaker.
  const labels = [];
  for (const el of document.querySelectorAll('[data-ql="quote"][tabindex="0"]')) {
    const ref = el.getAttribute('aria-describedby');
    const target = ref && document.getElementById(ref);
    if (!target) problems.push(`quote ${el.getAttribute('data-ql-id')} has no description`);
    else labels.push({ id: el.getAttribute('data-ql-id'), label: target.textContent, hidden: !target.checkVisibility() });
    if (el.hasAttribute('aria-label')) problems.push('aria-label on a generic element');
  }
  // Highlights in page furniture (navigation, footers, comments) rather than the article. Headers and asides
  // are left out of this check: articles legitimately hold their headline in a <header>, pull quotes in <aside>.
  const outside = marks.filter((el) => el.closest('nav, footer, [role="navigation"], [role="contentinfo"], #comments, .comments'))
    .map((el) => el.textContent.slice(0, 40));
  return { count: marks.length, layers, quotes, dates, labels, problems, outside };
}

/** The card as the page sees it (inside the open shadow root), or null. */
export function card() {
  const host = document.querySelector('body > quotelens-ui');
  const tip = host && host.shadowRoot && host.shadowRoot.querySelector('[role="tooltip"]');
  if (!tip || tip.hidden || getComputedStyle(tip).display === 'none') return null;
  const r = tip.getBoundingClientRect();
  // innerText: what is shown (a closed form's options are not the card's text); quote: the card's quote id.
  return { text: tip.innerText, quote: tip.getAttribute('data-quote'), rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
    viewport: { w: document.documentElement.clientWidth, h: document.documentElement.clientHeight } };
}

/** The viewport rectangle of the first quote element with this id. */
export function quoteRect(id) {
  const el = document.querySelector(`[data-ql="quote"][data-ql-id="${CSS.escape(id)}"]`);
  if (!el) return null;
  el.scrollIntoView({ block: 'center' });
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
}

/** What has keyboard focus. */
export function focused() {
  const el = document.activeElement;
  return el ? { tag: el.localName, ql: el.getAttribute('data-ql'), id: el.getAttribute('data-ql-id') } : null;
}

/** Puts focus at the top of the document, so Tab walks the page in reading order. */
export function focusStart() {
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  window.scrollTo(0, 0);
  return true;
}

/** A forged (untrusted) click on the card's next button must do nothing. */
export function forgeCardClick() {
  const host = document.querySelector('body > quotelens-ui');
  const next = host && host.shadowRoot && host.shadowRoot.querySelector('button.next');
  if (!next) return { found: false };
  const before = host.shadowRoot.querySelector('[role="tooltip"]').textContent;
  next.disabled = false;
  next.click();
  const after = host.shadowRoot.querySelector('[role="tooltip"]').textContent;
  return { found: true, changed: before !== after, focus: document.activeElement && document.activeElement.getAttribute('data-ql-id') };
}

/**
 * The applier alone on a synthetic plan (needs applier.js loaded in the page): nested marks, a range across
 * text nodes, astral characters (UTF-16 offsets). Checks innerText and the exact restoration.
 */
export async function applierRoundTrip() {
  const QL = globalThis.QuoteLens;
  const box = document.createElement('div');
  box.id = 'ql-applier-test';
  const p = document.createElement('p');
  p.append('He said “😀 It’s time”, ', Object.assign(document.createElement('em'), { textContent: 'Peskov' }), ' told 21.12.2021.');
  box.append(p);
  document.body.append(box);
  const before = box.cloneNode(true);
  const text = document.body.innerText;
  const nodes = [p.childNodes[0], p.childNodes[1].firstChild, p.childNodes[2]];
  const texts = nodes.map((n) => n.data);
  const labels = document.createElement('div');
  labels.hidden = true;
  document.body.append(labels);
  const plan = [
    { layer: 'quote', attrs: [['data-ql', 'quote'], ['data-ql-id', 'q1'], ['data-ql-kind', 'direct'], ['data-ql-group', 'q1'], ['data-ql-speaker', 'Dmitry Peskov'], ['onclick', 'x']],
      ranges: [[0, 9, 21]], first: true, label: 'Quote by Dmitry Peskov' },
    { layer: 'date', attrs: [['data-ql', 'date'], ['data-ql-id', 'd1'], ['data-ql-value', 'XXXX']], ranges: [[0, 9, 11]], first: false, label: null },
    { layer: 'speaker', attrs: [['data-ql', 'speaker'], ['data-ql-id', 'e1.m1']], ranges: [[1, 0, 6], [2, 0, 5]], first: false, label: null },
    { layer: 'date', attrs: [['data-ql', 'date'], ['data-ql-id', 'd2'], ['data-ql-value', '2021-12-21']], ranges: [[2, 6, 16]], first: false, label: null },
  ];
  const handle = await QL.applyPlan(plan, nodes, texts, labels);
  const quote = box.querySelector('[data-ql="quote"]');
  const res = {
    quoteText: quote && quote.textContent,
    dateInQuote: box.querySelector('[data-ql="quote"] > [data-ql="date"]')?.textContent ?? null,
    speakerPieces: box.querySelectorAll('[data-ql="speaker"]').length,
    date2: box.querySelector('[data-ql-id="d2"]')?.textContent ?? null,
    onclick: quote ? quote.hasAttribute('onclick') : null,
    tabindex: quote ? quote.getAttribute('tabindex') : null,
    label: quote && document.getElementById(quote.getAttribute('aria-describedby'))?.textContent,
    textSame: document.body.innerText === text,
  };
  await handle.remove();
  res.restored = box.isEqualNode(before);
  res.sameNodes = p.childNodes[0] === nodes[0] && p.childNodes[2] === nodes[2] && p.childNodes.length === 3;
  res.labelsLeft = labels.childNodes.length;
  box.remove();
  labels.remove();
  return res;
}

/**
 * Every highlight against the current result (`ql:state`'s result): its data-ql-id names a record of its
 * layer, the record's text is what the highlight's elements hold, quote attributes agree, and no highlight is
 * wrapped twice. Also lists the quote ids of the result that have no highlight.
 */
export function consistency(result) {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const records = { quote: new Map(), date: new Map(), source: new Map(), speaker: new Map() };
  for (const q of result.quotes) records.quote.set(q.id, q);
  for (const d of result.dates) records.date.set(d.id, d);
  for (const s of result.sources) records.source.set(s.id, s);
  for (const e of result.entities) e.mentions.forEach((m, i) => records.speaker.set(`${e.id}.m${i + 1}`, { ...m, entity: e }));
  const problems = [];
  const texts = new Map();
  const marks = document.querySelectorAll('[data-ql]');
  for (const el of marks) {
    const layer = el.getAttribute('data-ql');
    const id = el.getAttribute('data-ql-id');
    const rec = records[layer] && records[layer].get(id);
    if (!rec) {
      problems.push(`${layer} ${id} is not in the result`);
      continue;
    }
    if (el.parentElement.closest(`[data-ql="${layer}"][data-ql-id="${CSS.escape(id)}"]`)) problems.push(`${layer} ${id} is wrapped twice`);
    if (layer === 'quote') {
      if (el.getAttribute('data-ql-speaker') !== (rec.speaker ?? '')) problems.push(`quote ${id}: data-ql-speaker ${el.getAttribute('data-ql-speaker')} vs ${rec.speaker}`);
      if (el.getAttribute('data-ql-kind') !== rec.kind) problems.push(`quote ${id}: kind ${el.getAttribute('data-ql-kind')} vs ${rec.kind}`);
      if (el.getAttribute('data-ql-group') !== rec.group) problems.push(`quote ${id}: group ${el.getAttribute('data-ql-group')} vs ${rec.group}`);
    }
    const key = `${layer} ${id}`;
    texts.set(key, (texts.get(key) || '') + el.textContent);
  }
  for (const [key, text] of texts) {
    const [layer, id] = key.split(' ');
    const want = records[layer].get(id).text;
    if (norm(text) !== norm(want)) problems.push(`${key}: page ${JSON.stringify(norm(text).slice(0, 60))} vs record ${JSON.stringify(norm(want).slice(0, 60))}`);
  }
  const unmarked = result.quotes.filter((q) => !texts.has(`quote ${q.id}`)).map((q) => q.id);
  return { problems, unmarked, marks: marks.length, quotes: [...texts.keys()].filter((k) => k.startsWith('quote ')).length };
}

/** Selects the first occurrence of `needle` in the page's text (across text nodes and highlights). */
export function selectText(needle) {
  const nodes = [];
  let text = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('script, style, quotelens-ui') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push([n, text.length]);
    text += n.data;
  }
  const at = text.indexOf(needle);
  if (at < 0) return false;
  // The start lies in the node it begins (offset < node end), the end in the node it closes (offset > node start).
  const startAt = nodes.find(([n, start]) => at >= start && at < start + n.data.length);
  const endAt = nodes.find(([n, start]) => at + needle.length > start && at + needle.length <= start + n.data.length);
  const [a, ao] = [startAt[0], at - startAt[1]];
  const [b, bo] = [endAt[0], at + needle.length - endAt[1]];
  a.parentElement.scrollIntoView({ block: 'center' });
  getSelection().setBaseAndExtent(a, ao, b, bo);
  return String(getSelection()) === needle;
}
