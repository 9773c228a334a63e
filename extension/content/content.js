// The content script's controller: reads the settings, snapshots the page, runs the core (engine.js),
// applies the plan (applier.js), wires the card (card.js), keeps the reader's corrections (corrections.js),
// follows content the page adds later, and answers the popup. The <quotelens-ui> host's data-state attribute
// tells the page's own tooling where QuoteLens stands: working | on | idle | error.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  if (QL.controller) return; // injected twice ("Annotate this page" after the manifest's injection)

  const DEFAULTS = { enabled: true, disabledSites: {}, layers: { direct: true, partial: true, indirect: true, speaker: true, source: true, date: true } };
  const KIND_NAMES = { direct: 'Direct quote', partial: 'Partial quote', indirect: 'Reported speech' };
  const site = location.hostname;
  const collapse = QL.collapse;

  // Dynamic pages (pagewatch.js says when a check is due): the core always re-reads the WHOLE page (speakers
  // of new paragraphs resolve against earlier ones; ids are numbered in text order), but the DOM is only
  // touched where the answer changed: highlights the new plan keeps are re-tagged in place with the new ids
  // (never re-wrapped), new ones are wrapped, and only when the plan disagrees with what is on the page (rare:
  // the article's extent or an old quote changed) everything is removed and re-applied. A check that finds
  // the page's text unchanged costs one snapshot and no core run.

  let settings = structuredClone(DEFAULTS);
  let output = null; // the core's answer for this page
  let applied = null; // {handles: [applier handles, oldest first], marks: [{mark, elements}]}
  let ui = null;
  let forced = false; // the reader asked for this page ("Annotate this page")
  let index = null; // quote lookups, built when applied
  let showTimer = 0, hideTimer = 0;
  const cursor = new Map(); // speaker -> position when stepping from the popup

  // Corrections (docs/corrections-and-storage.md): per page key; nothing is written in private windows.
  const incognito = !!(chrome.extension && chrome.extension.inIncognitoContext);
  let pageKey = QL.pageKey(document);
  let store = QL.correctionStore(pageKey, !incognito);
  let corrections = null; // loaded lazily, in order
  let storageError = null;
  let selection = null; // {range, selector, quote} of the reader's last selection in the article
  let undoable = null; // the correction a notice offers to undo

  // The serial queue: every change to the page's highlights runs here, one at a time.
  let queue = Promise.resolve();
  let pending = 0;
  function work(fn) {
    pending++;
    const p = queue.then(fn).finally(() => { pending--; });
    queue = p.catch(() => {});
    return p;
  }

  const active = () => settings.enabled && !settings.disabledSites[site];

  async function loadSettings() {
    const s = await chrome.storage.local.get(['enabled', 'disabledSites', 'layers']);
    settings = {
      enabled: s.enabled ?? true,
      disabledSites: s.disabledSites ?? {},
      layers: { ...DEFAULTS.layers, ...(s.layers ?? {}) },
    };
  }

  function ensureUI() {
    if (!ui) {
      ui = QL.createUI({
        onPrev: () => step(-1),
        onNext: () => step(1),
        onCardEnter: () => clearTimeout(hideTimer),
        onCardLeave: () => scheduleHide(),
        action: (name, payload) => { cardAction(name, payload).catch((e) => report(e)); },
      });
    }
    if (!ui.host.isConnected) quiet(() => document.body.appendChild(ui.host));
    return ui;
  }

  function setState(state) {
    ensureUI().host.setAttribute('data-state', state);
  }

  function report(e) {
    console.error('QuoteLens:', e);
    if (ui && ui.visible) ui.say(`Something went wrong: ${e && e.message || e}`);
  }

  // ---- annotating ----

  /** Snapshot, core, and (for articles or when asked) the plan on the page. */
  function run(force) {
    if (force) forced = true;
    return work(annotate);
  }

  async function annotate() {
    if (!document.body || applied) return;
    try {
      setState('working'); // may fail: a page can define <quotelens-ui> itself (card.js says so)
      // Let the page finish its own work first.
      await new Promise((ok) => (window.requestIdleCallback ? requestIdleCallback(ok, { timeout: 500 }) : setTimeout(ok, 0)));
      pageWatch.watch();
      if (!forced) {
        // Whether the page declares itself an article is in its metadata: ask the core with that alone,
        // so that other pages cost no walk of their text.
        const probe = await QL.runEngine({ elements: [], blocks: [], meta: QL.pageMeta(document) }, { id: location.href });
        if (!probe.is_article && !forced) {
          output = probe;
          return;
        }
      }
      await loadCorrections();
      const t0 = performance.now();
      const snap = await QL.takeSnapshot(document);
      const t1 = performance.now();
      const out = await engine(snap);
      const t2 = performance.now();
      output = out;
      if ((out.is_article || forced) && out.supported && (active() || forced)) await applyAll(snap, out);
      output.timing = { snapshot: Math.round(t1 - t0), engine: Math.round(t2 - t1), apply: Math.round(performance.now() - t2) };
    } catch (e) {
      console.error('QuoteLens:', e);
      output = { ...(output || {}), error: String(e && e.message || e) };
    } finally {
      if (ui) ui.host.setAttribute('data-state', output && output.error ? 'error' : applied ? 'on' : 'idle');
    }
  }

  function engineOptions() {
    return { id: location.href, url: location.href, corrections: corrections || [] };
  }

  async function engine(snap) {
    return QL.runEngine(snap.snapshot, engineOptions());
  }

  /** The page's text as the snapshot saw it: equal signatures mean nothing the core reads has changed. */
  async function signatureOf(snap) {
    const parts = [];
    await QL.sliced(snap.snapshot.blocks, (b) => parts.push(b.nodes.map((n) => (n === null ? '\n' : n)).join('')));
    return parts.join('\u0001');
  }

  async function applyAll(snap, out) {
    const u = ensureUI();
    const handle = await QL.applyPlan(out.plan, snap.textNodes, snap.textNodes.map((t) => t.data), u.labels, { guard, onApply: lateMarks });
    applied = { handles: [handle], marks: [...handle.marks], signature: await signatureOf(snap) };
    await settled();
    listen();
    pageWatch.kick(); // the page changed while this run worked
  }

  /** After the highlights changed: lookups, layers, the badge. */
  async function settled() {
    await buildIndex();
    applyLayers();
    chrome.runtime.sendMessage({ type: 'ql:badge', count: countGroups() }).catch(() => {});
  }

  async function removeMarks() {
    if (!applied) return;
    const handles = applied.handles;
    applied = null;
    index = null;
    for (let k = handles.length - 1; k >= 0; k--) await handles[k].remove();
  }

  /** Highlights a long plan put in later, near the viewport (applier.js): lookups and layers learn of them. */
  function lateMarks(records) {
    if (!applied) return;
    applied.marks.push(...records);
    if (building || index) indexElements(building || index, records);
    applyLayers(records);
  }

  /** Makes sure the highlights of the marks passing `test` are in the page (a long plan's may not be yet). */
  function reveal(test) {
    if (applied) for (const h of applied.handles) h.reveal(test);
  }
  const attrOf = (mark, name) => (mark.attrs.find(([k]) => k === name) || [])[1];

  /** Removes the highlights and annotates the page afresh (a correction changed the result). */
  async function reannotate() {
    await removeMarks();
    const snap = await QL.takeSnapshot(document);
    const out = await engine(snap);
    output = { ...out, timing: output && output.timing };
    if (out.supported) await applyAll(snap, out);
    if (ui) ui.host.setAttribute('data-state', applied ? 'on' : 'idle');
  }

  function listen() {
    document.addEventListener('mouseover', onOver, true);
    document.addEventListener('mousemove', onMove, { capture: true, passive: true });
    document.addEventListener('mouseout', onOut, true);
    document.addEventListener('focusin', onFocusIn, true);
    document.addEventListener('focusout', onFocusOut, true);
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('mouseup', onSelectEnd, true);
    document.addEventListener('keyup', onSelectEnd, true);
    document.addEventListener('mousedown', onDown, true);
    document.addEventListener('selectionchange', onSelectionChange);
    window.addEventListener('scroll', onScroll, { capture: true, passive: true });
  }
  function unlisten() {
    document.removeEventListener('mouseover', onOver, true);
    document.removeEventListener('mousemove', onMove, { capture: true });
    document.removeEventListener('mouseout', onOut, true);
    document.removeEventListener('focusin', onFocusIn, true);
    document.removeEventListener('focusout', onFocusOut, true);
    document.removeEventListener('keydown', onKey, true);
    document.removeEventListener('mouseup', onSelectEnd, true);
    document.removeEventListener('keyup', onSelectEnd, true);
    document.removeEventListener('mousedown', onDown, true);
    document.removeEventListener('selectionchange', onSelectionChange);
    window.removeEventListener('scroll', onScroll, { capture: true });
  }

  /** Turns QuoteLens off on this page: the DOM goes back to exactly what it was. */
  async function remove() {
    pageWatch.unwatch();
    unlisten();
    cancelShow();
    clearTimeout(hideTimer);
    await removeMarks();
    forced = false;
    selection = null;
    if (ui) {
      ui.hide();
      ui.host.remove();
    }
    // The next run takes a fresh snapshot: the page may have changed meanwhile.
    output = null;
    chrome.runtime.sendMessage({ type: 'ql:badge', count: 0 }).catch(() => {});
  }

  // ---- content the page adds later ----
  const dynamic = { checks: 0, runs: 0, full: 0, skipped: 0 }; // for the popup and the tests
  const pageWatch = QL.createPageWatch({ due: check, ready: () => !!applied });
  const { guard, quiet } = pageWatch;

  function check() {
    work(async () => {
      const { navigated, dirty } = pageWatch.take();
      if (navigated && QL.pageKey(document) !== pageKey) return navigate();
      if (!dirty || !applied) return;
      dynamic.checks++;
      const snap = await QL.takeSnapshot(document);
      const lost = applied.marks.some((m) => m.elements.some((e) => !e.isConnected));
      if ((await signatureOf(snap)) === applied.signature && !lost) {
        dynamic.skipped++;
        pageWatch.fruitless();
        return;
      }
      pageWatch.ran();
      dynamic.runs++;
      const out = await engine(snap);
      output = { ...out, timing: output && output.timing };
      if (!(await update(snap, out))) {
        dynamic.full++;
        await reannotate();
      }
    }).catch((e) => report(e));
  }

  /**
   * SPA navigation: the page key changed, so this is another page: its own corrections, a fresh run (which,
   * unless the reader asked for the previous page, asks the new metadata whether it is an article).
   */
  async function navigate() {
    if (ui) ui.hide();
    unlisten();
    await removeMarks();
    output = null;
    pageKey = QL.pageKey(document);
    store = QL.correctionStore(pageKey, !incognito);
    corrections = null;
    storageError = null;
    selection = null;
    undoable = null;
    cursor.clear();
    chrome.runtime.sendMessage({ type: 'ql:badge', count: 0 }).catch(() => {});
    if (forced || active()) await annotate();
  }

  /**
   * Brings the page's highlights to a new plan over a snapshot taken with them in place. Highlights the plan
   * keeps (same layer, same text nodes) are re-tagged; new ones are wrapped; false when they disagree.
   */
  async function update(snap, out) {
    if (!applied.handles.every((h) => h.complete())) return false; // not all in the page: start afresh
    const owner = new Map(); // text node -> applied marks containing it
    for (const m of applied.marks) {
      m.nodes = [];
      m.next = null;
      for (const el of m.elements) {
        if (!el.isConnected) continue;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t; t = walker.nextNode()) {
          m.nodes.push(t);
          if (!owner.has(t)) owner.set(t, []);
          owner.get(t).push(m);
        }
      }
    }
    const fresh = [];
    for (const mark of out.plan) {
      const ranges = mark.ranges.map(([n, s, e]) => [snap.textNodes[n], s, e]);
      if (!ranges.some(([t]) => owner.has(t))) {
        fresh.push(mark);
        continue;
      }
      const whole = ranges.every(([t, s, e]) => t && s === 0 && e === t.length);
      const same = (m) => !m.next && m.mark.layer === mark.layer && !!m.mark.first === !!mark.first &&
        m.nodes.length === ranges.length && m.nodes.every((t, i) => t === ranges[i][0]);
      const kept = whole ? (owner.get(ranges[0][0]) || []).find(same) : null;
      if (!kept) return false;
      kept.next = mark;
    }
    if (applied.marks.some((m) => m.nodes.length && !m.next)) return false;
    // The plan agrees with the page: re-tag what stays, wrap what is new.
    const keep = [];
    for (const m of applied.marks) {
      if (!m.next) continue;
      retag(m, m.next);
      keep.push(m);
    }
    applied.marks = keep;
    if (fresh.length) {
      const handle = await QL.applyPlan(fresh, snap.textNodes, snap.textNodes.map((t) => t.data), ui.labels, { guard, onApply: lateMarks });
      applied.handles.push(handle);
      applied.marks.push(...handle.marks);
    }
    applied.signature = await signatureOf(snap);
    await settled();
    if (ui && ui.mode === 'quote' && !quoteOf(ui.anchor)) ui.hide();
    return true;
  }

  /** Gives a kept highlight the new plan's attributes (ids, speaker, colour) and screen-reader label. */
  function retag(m, mark) {
    const want = new Map(mark.attrs.filter(([k]) => k.startsWith('data-ql')));
    for (const el of m.elements) {
      for (const [k] of m.mark.attrs) if (!want.has(k)) el.removeAttribute(k);
      for (const [k, v] of want) if (el.getAttribute(k) !== v) el.setAttribute(k, v);
    }
    if (mark.first && mark.label && m.elements[0]) {
      const ref = m.elements[0].getAttribute('aria-describedby');
      const label = ref && ui && ui.labels.querySelector(`#${CSS.escape(ref)}`);
      if (label && label.textContent !== mark.label) label.textContent = mark.label;
    }
    m.mark = mark;
    delete m.nodes;
    delete m.next;
  }

  // ---- lookups for the card and stepping ----
  let building = null; // the index being built (in slices: a 10 MB page has tens of thousands of quotes)

  async function buildIndex() {
    const r = output.result;
    const next = (building = { quotes: new Map(), entities: new Map(), sources: new Map(), elements: new Map(), bySpeaker: new Map(), order: [] });
    try {
      for (const [list, map] of [[r.quotes, next.quotes], [r.entities, next.entities], [r.sources, next.sources]]) {
        await QL.sliced(list, (x) => map.set(x.id, x));
      }
      // The quotes highlighted, or to be when the reader gets near them (a long plan's).
      const shown = new Set();
      for (const h of applied.handles) await QL.sliced(h.pending(), (m) => { if (m.layer === 'quote') shown.add(attrOf(m, 'data-ql-id')); });
      await QL.sliced([...applied.marks], (record) => indexElements(next, [record])); // later ones: lateMarks
      for (const id of next.elements.keys()) shown.add(id);
      // Each speaker's utterances (groups) in document order; a group counts once.
      await QL.sliced(r.quotes, (q) => {
        if (q.group !== q.id || !shown.has(q.id)) return;
        const key = speakerKey(q);
        if (!next.bySpeaker.has(key)) next.bySpeaker.set(key, []);
        next.bySpeaker.get(key).push(q.id);
        next.order.push(q.id);
      });
      index = next;
    } finally {
      if (building === next) building = null;
    }
  }

  /** quote id -> its highlight elements, for these records. */
  function indexElements(into, records) {
    for (const { mark, elements } of records) {
      if (mark.layer !== 'quote') continue;
      const id = attrOf(mark, 'data-ql-id');
      const list = into.elements.get(id);
      if (list) list.push(...elements);
      else into.elements.set(id, [...elements]);
    }
  }

  /** The document's text with white space collapsed (what selections are matched against), made when needed. */
  const indexText = () => (index.text ??= collapse(output.result.text || ''));

  /** A quote's highlight elements, put in first if a long plan has not yet. */
  function elementsOf(id) {
    if (!index.elements.has(id)) reveal((m) => m.layer === 'quote' && attrOf(m, 'data-ql-id') === id);
    return index.elements.get(id) || [];
  }

  const speakerKey = (q) => q.speaker ?? (q.speaker_description ? `(${q.speaker_description})` : '(unknown speaker)');
  const countGroups = () => (index ? index.order.length : 0);
  const anchorOf = (id) => (output && output.anchors && output.anchors[id]) || null;

  function infoFor(id) {
    const q = index.quotes.get(id);
    const key = speakerKey(q);
    const groups = index.bySpeaker.get(key) || [q.group];
    const at = Math.max(groups.indexOf(q.group), 0);
    const entity = q.entity ? index.entities.get(q.entity) : null;
    const source = q.source ? index.sources.get(q.source) : null;
    const colorAttr = (index.elements.get(id) || [])[0]?.getAttribute('data-ql-color');
    const a = anchorOf(id);
    return {
      speaker: q.speaker ?? (q.speaker_description ? `${q.speaker_description} (unnamed)` : 'Speaker unknown'),
      speakerShort: key,
      speakerName: q.speaker ?? '',
      role: entity && entity.role,
      color: colorAttr === null || colorAttr === undefined ? null : Number(colorAttr),
      kind: KIND_NAMES[q.kind] || q.kind,
      kindValue: q.kind,
      cue: q.cue && q.cue.text,
      when: q.when,
      outlet: source && source.outlet,
      index: at + 1,
      total: groups.length,
      hasPrev: at > 0,
      hasNext: at < groups.length - 1,
      corrected: !!(q.corrections && q.corrections.length),
      canUndo: !!(q.corrections && q.corrections.length),
      canCite: !!a,
      canLink: !!(a && a.link),
      canSpan: !!(selection && a),
      entities: speakerNames(),
    };
  }

  function quoteOf(node) {
    const m = node && node.closest ? node.closest('mark[data-ql="quote"]') : null;
    return m && index && index.quotes.has(m.getAttribute('data-ql-id')) ? m : null;
  }

  function show(markEl) {
    clearTimeout(hideTimer);
    ensureUI().show(markEl, infoFor(markEl.getAttribute('data-ql-id')));
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => { if (ui && !ui.pinned && !ui.holdsFocus) ui.hide(); }, 300);
  }

  /** The quote the card shows (its record), or null. */
  function cardQuote() {
    if (!ui || ui.mode !== 'quote' || !index) return null;
    return index.quotes.get(ui.anchor.getAttribute('data-ql-id')) || null;
  }

  /** Focuses and shows the group `delta` away from the card's quote, among the same speaker's. */
  function step(delta) {
    const q = cardQuote();
    if (!q) return;
    const groups = index.bySpeaker.get(speakerKey(q)) || [];
    const target = groups[groups.indexOf(q.group) + delta];
    if (target) goTo(target);
  }

  function goTo(groupId) {
    const el = index && elementsOf(groupId)[0];
    if (!el) return null;
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    holdHover();
    el.focus({ preventScroll: true });
    show(el);
    return el;
  }

  // ---- the card's actions (trusted clicks only: card.js checks) ----
  async function cardAction(name, payload) {
    const q = cardQuote();
    switch (name) {
      case 'citation':
      case 'link': {
        if (!q) return;
        const a = anchorOf(q.id);
        if (!a || (name === 'link' && !a.link)) return;
        const text = name === 'link' ? a.link : citation(q, a.link);
        ui.say((await copy(text)) ? (name === 'link' ? 'Link copied.' : 'Citation copied.') : 'Copying was refused by the browser.');
        return;
      }
      case 'correct': {
        if (!q) return;
        const target = selectorOf(q);
        const list = [];
        if (payload.speaker) list.push({ action: 'speaker', target, speaker: payload.speaker });
        if (payload.kind) list.push({ action: 'kind', target, kind: payload.kind });
        return commit(list, rangeOf(q));
      }
      case 'dismiss':
        if (!q) return;
        return commit([{ action: 'dismiss', target: selectorOf(q) }], rangeOf(q), true);
      case 'span': {
        const target = q || (selection && selection.quote && index.quotes.get(selection.quote));
        if (!target || !selection) return;
        return commit([{ action: 'span', target: selectorOf(target), span: selection.selector }], null, false, selection.selector);
      }
      case 'undo':
        if (!q || !q.corrections || !q.corrections.length) return;
        return undo(q.corrections[q.corrections.length - 1], rangeOf(q));
      case 'add-open':
        if (selection) openAdd(selection);
        return;
      case 'add': {
        if (!selection) return;
        const c = { action: 'add', target: selection.selector, speaker: payload.speaker, kind: payload.kind };
        return commit([c], null, false, selection.selector);
      }
      case 'notice-undo':
        if (undoable) return undo(undoable, null);
        return;
      case 'close':
        ui.hide();
        return;
      default:
    }
  }

  const selectorOf = (q) => anchorOf(q.id).selector;
  const rangeOf = (q) => ({ start: q.start, end: q.end });

  /** “quote” — speaker, role. Outlet (via source), date. link */
  function citation(q, link) {
    const pieces = output.result.quotes.filter((x) => x.group === q.group).map((x) => collapse(x.text).trim());
    const text = pieces.join(' … ');
    const entity = q.entity ? index.entities.get(q.entity) : null;
    const who = q.speaker ?? q.speaker_description ?? 'Unknown speaker';
    const source = q.source ? index.sources.get(q.source) : null;
    const meta = QL.pageMeta(document).meta;
    const siteName = (meta.find(([k]) => k === 'og:site_name') || [])[1] || location.hostname;
    const outlet = source && source.outlet && source.outlet !== siteName ? `${siteName} (via ${source.outlet})` : siteName;
    const date = q.when || output.result.published;
    const head = q.kind === 'indirect' ? `${who}${entity && entity.role ? `, ${entity.role},` : ''} said ${text}` : `“${text}” — ${who}${entity && entity.role ? `, ${entity.role}` : ''}`;
    return `${head}. ${outlet}${date ? `, ${date}` : ''}.${link ? ` ${link}` : ''}`;
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return ui.copyFallback(text);
    }
  }

  // ---- corrections ----
  async function loadCorrections() {
    if (corrections) return corrections;
    try {
      corrections = await store.load();
    } catch (e) {
      corrections = [];
      storageError = `Could not read your corrections: ${e && e.message || e}`;
    }
    return corrections;
  }

  async function save() {
    try {
      await store.save(corrections);
      storageError = null;
    } catch (e) {
      storageError = `Could not save your corrections: ${e && e.message || e}`;
      throw new Error(storageError);
    }
  }

  /**
   * Adds corrections (in order), saves, re-annotates, and puts focus back on the corrected quote: the one now
   * over `range` (code points of the document text) or matching `selector`; `dismissed` shows a notice instead.
   */
  function commit(list, range, dismissed = false, selector = null) {
    return work(async () => {
      await loadCorrections();
      const created = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const added = list.map((c) => ({ id: QL.correctionId(), created, ...c }));
      for (const c of added) {
        const problem = QL.correctionProblem(c);
        if (problem) throw new Error(`QuoteLens: not a correction (${problem})`);
      }
      const block = ui && ui.anchor && ui.anchor.closest ? ui.anchor.closest('p, li, blockquote, div, td, article, section') : null;
      corrections.push(...added);
      selection = null; // its range is stale once the highlights change
      let saveError = null;
      await save().catch((e) => { saveError = e; });
      if (applied) await reannotate();
      if (dismissed) {
        undoable = added[added.length - 1].id;
        if (block && block.isConnected) ensureUI().showNotice(block, 'Quote dismissed.', true);
      } else {
        refocus(range, selector);
      }
      if (saveError && ui) ui.say(saveError.message);
      return added;
    });
  }

  function undo(id, range) {
    return work(async () => {
      await loadCorrections();
      const before = corrections.length;
      corrections = corrections.filter((c) => c.id !== id);
      if (corrections.length === before) return false;
      let saveError = null;
      await save().catch((e) => { saveError = e; });
      undoable = null;
      if (applied) await reannotate();
      if (range) refocus(range, null);
      else if (ui && ui.mode === 'notice') ui.hide();
      if (saveError && ui) ui.say(saveError.message);
      return true;
    });
  }

  /** The quote now over `range` (or matching `selector`), focused with its card. */
  function refocus(range, selector) {
    if (!index) return;
    const quotes = output.result.quotes;
    let q = null;
    if (range) q = quotes.find((x) => x.start < range.end && range.start < x.end);
    if (!q && selector) q = quotes.find((x) => collapse(x.text).trim() === selector.exact) || quotes.find((x) => collapse(x.text).includes(selector.exact));
    if (!q) {
      if (ui) ui.hide();
      return;
    }
    const el = elementsOf(q.id)[0];
    if (!el) return;
    const first = elementsOf(q.group)[0];
    holdHover();
    (first || el).focus({ preventScroll: true });
    show(el);
  }

  /** Who can be chosen as a speaker: the article's people and organisations (media outlets are sources). */
  const speakerNames = () => (index ? [...new Set([...index.entities.values()].filter((e) => e.type !== 'media').map((e) => e.name))] : []);

  function openAdd(sel) {
    ensureUI().showAdd(sel.range, { exact: sel.selector.exact, entities: speakerNames() });
  }

  /** The reader's selection, when it lies in the article's text: {range, selector, quote (id)}. */
  function readSelection() {
    const sel = getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount || !index) return null;
    const range = sel.getRangeAt(0);
    const common = range.commonAncestorContainer;
    const within = common.nodeType === Node.ELEMENT_NODE ? common : common.parentElement;
    if (!within || within.closest('quotelens-ui')) return null;
    const selector = QL.selectorFromRange(range);
    if (!selector || !indexText().includes(selector.exact)) return null;
    // The quote it overlaps most, for "make this the span".
    let best = null, most = 0;
    for (const [id, els] of index.elements) {
      let n = 0;
      for (const el of els) {
        if (!range.intersectsNode(el)) continue;
        const r = document.createRange();
        r.selectNodeContents(el);
        if (r.compareBoundaryPoints(Range.START_TO_START, range) < 0) r.setStart(range.startContainer, range.startOffset);
        if (r.compareBoundaryPoints(Range.END_TO_END, range) > 0) r.setEnd(range.endContainer, range.endOffset);
        n += r.toString().length;
      }
      if (n > most) {
        most = n;
        best = id;
      }
    }
    return { range: range.cloneRange(), selector, quote: best };
  }

  // ---- page events (trusted only: page scripts cannot drive QuoteLens) ----
  // When QuoteLens itself moves the card or focus (Escape, stepping, a correction), the resting pointer may
  // end up over another quote; browsers then send mouseover without any movement. Hover waits until the
  // pointer really moves, so the card the reader is looking at is not swapped under them.
  let pointer = { x: -1, y: -1 };
  let hoverHold = null;
  const holdHover = () => { hoverHold = { ...pointer }; };
  function onMove(e) {
    if (!e.isTrusted) return;
    pointer = { x: e.clientX, y: e.clientY };
    if (hoverHold && Math.abs(pointer.x - hoverHold.x) + Math.abs(pointer.y - hoverHold.y) > 2) {
      hoverHold = null;
      onOver(e); // the mouseover of this move came first and waited
    }
  }
  /** A hover's card that has not shown yet is not to show. */
  function cancelShow() {
    clearTimeout(showTimer);
    showTimer = 0;
  }
  function onOver(e) {
    if (!e.isTrusted || hoverHold) return;
    const m = quoteOf(e.target);
    if (m) {
      clearTimeout(hideTimer);
      cancelShow();
      if (ui && ui.pinned) return; // a form or notice stays until the reader is done with it
      // Keep the card while the reader selects text inside a highlight.
      showTimer = setTimeout(() => {
        showTimer = 0;
        if (!String(getSelection() || '') && !(ui && ui.pinned)) show(m);
      }, 120);
    }
  }
  function onOut(e) {
    if (!e.isTrusted) return;
    const from = quoteOf(e.target);
    if (!from) return;
    if (e.relatedTarget && (quoteOf(e.relatedTarget) === from || (ui && ui.contains(e.relatedTarget)))) return;
    cancelShow();
    if (ui && ui.visible && document.activeElement !== ui.anchor) scheduleHide();
  }
  let returning = null; // the quote focus goes back to when Escape closes its card
  function onFocusIn(e) {
    if (!e.isTrusted) return;
    const m = quoteOf(e.target);
    if (m && m !== returning) show(m);
  }
  function onFocusOut(e) {
    if (!e.isTrusted || !ui) return;
    if (quoteOf(e.target) && !(e.relatedTarget && ui.contains(e.relatedTarget)) && !quoteOf(e.relatedTarget)) scheduleHide();
  }
  function onDown(e) {
    // A click elsewhere on the page closes a pinned card (a form the reader walked away from).
    if (!e.isTrusted || !ui || !ui.visible || ui.contains(e.target) || quoteOf(e.target)) return;
    if (ui.mode !== 'quote') ui.hide();
  }
  function onSelectEnd(e) {
    if (!e.isTrusted || !ui || ui.contains(e.target)) return;
    if (e.type === 'keyup' && !(e.shiftKey || e.key === 'Shift')) return;
    setTimeout(() => {
      const sel = readSelection();
      if (!sel) return;
      selection = sel;
      const q = sel.quote ? index.quotes.get(sel.quote) : null;
      if (ui.mode === 'add') return;
      cancelShow();
      ui.showSelection(sel.range, { quote: q ? speakerKey(q) : null });
    }, 0);
  }
  function onSelectionChange() {
    if (!ui || ui.mode !== 'selection') return;
    const sel = getSelection();
    if (!sel || sel.isCollapsed) ui.hide();
  }
  function onKey(e) {
    if (!e.isTrusted || !ui || !ui.visible) return;
    const onQuote = ui.mode === 'quote' && document.activeElement === ui.anchor;
    // On a focused quote, n / p step through the speaker's quotes (the card's buttons are far in tab order),
    // and Enter moves into the card (its actions), Escape coming back.
    if ((e.key === 'n' || e.key === 'p') && !e.ctrlKey && !e.metaKey && !e.altKey && onQuote) {
      e.preventDefault();
      step(e.key === 'n' ? 1 : -1);
      return;
    }
    if (e.key === 'Enter' && onQuote && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) {
      if (ui.focusFirst()) e.preventDefault();
      return;
    }
    if (e.key !== 'Escape') return;
    const anchor = ui.anchor;
    ui.hide();
    holdHover();
    // Focus inside the card returns to its quote (whose focus must not open the card again).
    if (document.activeElement === ui.host && anchor && anchor.focus) {
      returning = anchor;
      anchor.focus({ preventScroll: true });
      returning = null;
    }
  }
  function onScroll() {
    if (ui && ui.visible) ui.reposition();
  }

  // ---- layers ----
  function applyLayers(records = applied && applied.marks) {
    if (!applied) return;
    for (const { mark, elements } of records) {
      const layer = (mark.layer === 'quote' && attrOf(mark, 'data-ql-kind')) || mark.layer;
      const on = settings.layers[layer] !== false;
      for (const el of elements) el.toggleAttribute('data-ql-off', !on); // not a watched attribute
    }
  }

  // ---- the popup ----
  function state() {
    const fates = new Map(((output && output.corrections) || []).map((f) => [f.id, f.anchored]));
    return {
      status: pending ? 'working' : applied ? 'on' : output && output.error ? 'error' : output ? 'idle' : 'none',
      error: (output && output.error) || storageError || null,
      active: active(),
      enabled: settings.enabled,
      siteDisabled: !!settings.disabledSites[site],
      site,
      layers: settings.layers,
      is_article: output ? !!output.is_article : null,
      supported: output ? output.supported !== false : null,
      timing: output ? output.timing : null,
      version: output ? output.version : null,
      title: document.title,
      url: location.href,
      pageKey,
      incognito,
      saved: !incognito && !storageError,
      result: output && output.result ? output.result : null,
      audit: output && output.audit ? output.audit : null,
      anchors: output && output.anchors ? output.anchors : null,
      corrections: (corrections || []).map((c) => ({ ...c, anchored: fates.has(c.id) ? fates.get(c.id) : null })),
      applied: !!applied,
      // A long plan's highlights go in near the viewport as the reader scrolls (applier.js).
      gradual: !!applied && !applied.handles.every((h) => h.complete()),
      // Whether anything is still to happen without a new event: a hovered quote's card (about to show), a
      // check of the page the watch has scheduled. Tests wait for a state with neither, not for a while.
      cardPending: showTimer !== 0,
      dynamic: { ...dynamic, pending: pageWatch.pending() },
      seen: { ...seen },
    };
  }

  function stepSpeaker(speaker) {
    if (!index) return null;
    const groups = index.bySpeaker.get(speaker) || [];
    if (!groups.length) return null;
    const at = ((cursor.get(speaker) ?? -1) + 1) % groups.length;
    cursor.set(speaker, at);
    goTo(groups[at]);
    return { index: at + 1, total: groups.length };
  }

  function nextQuote() {
    if (!index || !index.order.length) return;
    const q = cardQuote();
    const cur = q ? index.order.indexOf(q.group) : -1;
    goTo(index.order[(cur + 1) % index.order.length]);
  }

  /** ql:goto: a quote id (its group's first piece), or an entity id (its first mention). */
  function gotoId(id) {
    if (!index || typeof id !== 'string') return false;
    const q = index.quotes.get(id);
    if (q) return !!goTo(q.group);
    if (!index.entities.has(id)) return false;
    reveal((m) => m.layer === 'speaker' && attrOf(m, 'data-ql-entity') === id);
    const el = document.querySelector(`mark[data-ql="speaker"][data-ql-entity="${CSS.escape(id)}"]`);
    if (!el) return false;
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    // A mention is not focusable: a short-lived tabindex lets keyboard and screen-reader users land on it.
    el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
    el.addEventListener('blur', () => el.removeAttribute('tabindex'), { once: true });
    return true;
  }

  function addFromSelection() {
    const sel = readSelection();
    if (!sel) {
      if (index && ui) {
        const s = getSelection();
        if (s && s.rangeCount && !s.isCollapsed) ui.showNotice(s.getRangeAt(0), 'Select text of the article to add it as a quote.', false);
      }
      return false;
    }
    selection = sel;
    openAdd(sel);
    return true;
  }

  /** Imported corrections, merged by id; malformed ones refuse the whole import. */
  function importCorrections(list) {
    return work(async () => {
      if (!Array.isArray(list)) throw new Error('corrections must be a list');
      const problems = list.map((c, i) => [i, QL.correctionProblem(c)]).filter(([, p]) => p);
      if (problems.length) throw new Error(`not imported: ${problems.map(([i, p]) => `correction ${i + 1}: ${p}`).join('; ')}`);
      await loadCorrections();
      const have = new Set(corrections.map((c) => c.id));
      const added = list.filter((c) => !have.has(c.id)).map((c) => structuredClone(c));
      corrections.push(...added);
      await save();
      if (applied) await reannotate();
      return added.length;
    });
  }

  function resetCorrections() {
    return work(async () => {
      await loadCorrections();
      corrections = [];
      undoable = null;
      await save();
      if (applied) await reannotate();
      if (ui && ui.mode !== 'quote') ui.hide();
      return true;
    });
  }

  // A settled state: after the settings are read (the first read too) and the work queue has drained.
  const afterWork = () => settledSettings.then(() => queue).then(state);

  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!msg || sender.id !== chrome.runtime.id) return false;
    // Only extension contexts reach a content script; a big answer (the state of a big page) goes in parts
    // (parcel.js) to the one that asked.
    const who = `ext:${sender.url}`;
    const answer = (p) => {
      Promise.resolve(p).then((v) => QL.parcel.wrap(v, who)).then(sendResponse, (e) => sendResponse({ error: String(e && e.message || e) }));
      return true;
    };
    switch (msg.type) {
      case 'ql:part': // the rest of a big answer, or of a big snapshot sent to the background
        sendResponse(QL.parcel.answerPart(msg, who));
        return false;
      case 'ql:state':
        return answer(afterWork());
      case 'ql:result': // for the background's exports: what the popup shows, without the popup carrying it
        return answer(queue.then(() => {
          if (!applied || !output || !output.result) throw new Error('the page is not annotated');
          return { result: output.result, title: document.title, corrections: [...(corrections || [])] };
        }));
      case 'ql:annotate':
        return answer(run(true).then(state));
      case 'ql:settings':
        return answer(sync(true).then(afterWork));
      case 'ql:step':
        return answer(stepSpeaker(msg.speaker));
      case 'ql:next':
        nextQuote();
        return false;
      case 'ql:goto':
        return answer(queue.then(() => gotoId(msg.id)));
      case 'ql:correct': {
        if (!msg.correction || typeof msg.correction !== 'object') return answer(Promise.reject(new Error('no correction')));
        const { id, created, ...rest } = msg.correction;
        return answer(commit([{ ...rest, ...(id ? { id } : {}), ...(created ? { created } : {}) }], null).then(afterWork));
      }
      case 'ql:undo': {
        const id = String(msg.id || '');
        const target = id.startsWith('c-') ? id : index && index.quotes.get(id) && (index.quotes.get(id).corrections || []).slice(-1)[0];
        return answer(target ? undo(target, null).then(afterWork) : Promise.reject(new Error(`nothing to undo for ${id}`)));
      }
      case 'ql:reset':
        return answer(resetCorrections().then(afterWork));
      case 'ql:import':
        return answer(importCorrections(msg.corrections).then(afterWork));
      case 'ql:add-selection':
        return answer(queue.then(addFromSelection));
      case 'ql:toggle-site': {
        const disabledSites = { ...settings.disabledSites };
        if (active()) disabledSites[site] = true;
        else delete disabledSites[site];
        // Re-read here too: storage.onChanged may not reach this very script (see below).
        chrome.storage.local.set({ disabledSites, ...(active() ? {} : { enabled: true }) }).then(() => sync(false));
        return false;
      }
      default:
        return false;
    }
  });

  // Settings are re-read in order, after the first read (a change racing the first read could otherwise be
  // compared against the defaults and lost): on storage.onChanged, and also when the popup says it changed
  // them and when the tab becomes visible, because Firefox sometimes drops storage.onChanged for a content
  // script (seen in the e2e runs: "event fired while context is inactive").
  const seen = { changes: 0, syncs: 0 };
  let settledSettings = loadSettings().then(() => { if (active()) run(false); });
  function sync(layersChanged) {
    seen.syncs++;
    settledSettings = settledSettings.then(async () => {
      const was = active();
      await loadSettings();
      const now = active();
      if (was && !now) await work(remove);
      else if (!was && now) run(false);
      if (layersChanged) applyLayers();
      if (store.persist) await work(forgetIfCleared);
    }).catch((e) => console.error('QuoteLens:', e));
    return settledSettings;
  }
  /** "Clear all QuoteLens data" (the popup) removed the stored corrections: the page forgets them too. */
  async function forgetIfCleared() {
    if (!corrections || !corrections.length || storageError || (await store.load()).length) return;
    corrections = null;
    undoable = null;
    if (applied) await reannotate();
  }
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    seen.changes++;
    if (changes.enabled || changes.disabledSites || changes.layers) sync(!!changes.layers);
  });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') sync(true); });

  QL.controller = { run, remove: () => work(remove), state };
})();
