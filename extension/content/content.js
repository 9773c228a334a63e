// The content script's controller: reads the settings, snapshots the page, runs the core (engine.js),
// applies the plan (applier.js), wires the card (card.js) and answers the popup. The <quotelens-ui> host's
// data-state attribute tells the page's own tooling where QuoteLens stands: working | on | idle | error.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  if (QL.controller) return; // injected twice ("Annotate this page" after the manifest's injection)

  const DEFAULTS = { enabled: true, disabledSites: {}, layers: { direct: true, partial: true, indirect: true, speaker: true, source: true, date: true } };
  const KIND_NAMES = { direct: 'Direct quote', partial: 'Partial quote', indirect: 'Reported speech' };
  const site = location.hostname;

  let settings = structuredClone(DEFAULTS);
  let output = null; // the core's answer for this page
  let applied = null; // the applier's handle
  let ui = null;
  let busy = null;
  let forced = false; // the reader asked for this page ("Annotate this page")
  let index = null; // quote lookups, built when applied
  let showTimer = 0, hideTimer = 0;
  const cursor = new Map(); // speaker -> position when stepping from the popup

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
      });
    }
    if (!ui.host.isConnected) document.body.appendChild(ui.host);
    return ui;
  }

  function setState(state) {
    ensureUI().host.setAttribute('data-state', state);
  }

  /** Snapshot, core, and (for articles or when asked) the plan on the page. */
  function run(force) {
    if (force) forced = true;
    // A request during a run that may have decided against annotating is served once that run ends.
    if (busy) return busy.then(() => (force && !applied ? run(true) : undefined));
    busy = (async () => {
      await null; // `finally` below must run after `busy` is assigned, even when there is nothing to do
      try {
        if (!document.body) return;
        setState('working');
        if (!applied) {
          // Let the page finish its own work first; the snapshot walk itself is one synchronous pass.
          await new Promise((ok) => (window.requestIdleCallback ? requestIdleCallback(ok, { timeout: 500 }) : setTimeout(ok, 0)));
          if (!forced) {
            // Whether the page declares itself an article is in its metadata: ask the core with that alone,
            // so that other pages cost no walk of their text.
            const probe = await QL.runEngine({ elements: [], blocks: [], meta: QL.pageMeta(document) }, { id: location.href }, 0);
            if (!probe.is_article && !forced) {
              output = probe;
              setState('idle');
              return;
            }
          }
          const t0 = performance.now();
          const snap = await QL.takeSnapshot(document);
          const t1 = performance.now();
          const out = await QL.runEngine(snap.snapshot, { id: location.href }, snap.size);
          const t2 = performance.now();
          output = { ...out, textNodes: snap.textNodes, texts: snap.textNodes.map((t) => t.data) };
          if ((output.is_article || forced) && output.supported && (active() || forced)) await apply();
          output.timing = { snapshot: Math.round(t1 - t0), engine: Math.round(t2 - t1), apply: Math.round(performance.now() - t2) };
        }
        setState(applied ? 'on' : 'idle');
      } catch (e) {
        console.error('QuoteLens:', e);
        if (ui) ui.host.setAttribute('data-state', 'error');
        output = output ?? { error: String(e && e.message || e) };
      } finally {
        busy = null;
      }
    })();
    return busy;
  }

  async function apply() {
    const u = ensureUI();
    applied = await QL.applyPlan(output.plan, output.textNodes, output.texts, u.labels);
    output.textNodes = null; // the applier holds what it needs; do not pin the page's nodes twice
    buildIndex();
    applyLayers();
    document.addEventListener('mouseover', onOver, true);
    document.addEventListener('mouseout', onOut, true);
    document.addEventListener('focusin', onFocusIn, true);
    document.addEventListener('focusout', onFocusOut, true);
    document.addEventListener('keydown', onKey, true);
    window.addEventListener('scroll', onScroll, { capture: true, passive: true });
    chrome.runtime.sendMessage({ type: 'ql:badge', count: countGroups() }).catch(() => {});
  }

  /** Turns QuoteLens off on this page: the DOM goes back to exactly what it was. */
  async function remove() {
    document.removeEventListener('mouseover', onOver, true);
    document.removeEventListener('mouseout', onOut, true);
    document.removeEventListener('focusin', onFocusIn, true);
    document.removeEventListener('focusout', onFocusOut, true);
    document.removeEventListener('keydown', onKey, true);
    window.removeEventListener('scroll', onScroll, { capture: true });
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (applied) await applied.remove();
    applied = null;
    index = null;
    forced = false;
    if (ui) {
      ui.hide();
      ui.host.remove();
    }
    // The next run takes a fresh snapshot: the page may have changed meanwhile.
    output = null;
    chrome.runtime.sendMessage({ type: 'ql:badge', count: 0 }).catch(() => {});
  }

  // ---- lookups for the card and stepping ----
  function buildIndex() {
    const r = output.result;
    const quotes = new Map(r.quotes.map((q) => [q.id, q]));
    const entities = new Map(r.entities.map((e) => [e.id, e]));
    const sources = new Map(r.sources.map((s) => [s.id, s]));
    const elements = new Map(); // quote id -> its elements
    for (const { mark, elements: els } of applied.marks) {
      const id = mark.attrs.find(([k]) => k === 'data-ql-id')[1];
      if (mark.layer === 'quote') elements.set(id, els);
    }
    // Each speaker's utterances (groups) in document order; a group counts once.
    const bySpeaker = new Map();
    for (const q of r.quotes) {
      if (q.group !== q.id || !elements.has(q.id)) continue;
      const key = speakerKey(q);
      if (!bySpeaker.has(key)) bySpeaker.set(key, []);
      bySpeaker.get(key).push(q.id);
    }
    const order = r.quotes.filter((q) => q.group === q.id && elements.has(q.id)).map((q) => q.id);
    index = { quotes, entities, sources, elements, bySpeaker, order };
  }

  const speakerKey = (q) => q.speaker ?? (q.speaker_description ? `(${q.speaker_description})` : '(unknown speaker)');
  const countGroups = () => (index ? index.order.length : 0);

  function infoFor(id) {
    const q = index.quotes.get(id);
    const key = speakerKey(q);
    const groups = index.bySpeaker.get(key) || [q.group];
    const at = Math.max(groups.indexOf(q.group), 0);
    const entity = q.entity ? index.entities.get(q.entity) : null;
    const source = q.source ? index.sources.get(q.source) : null;
    const colorAttr = (index.elements.get(id) || [])[0]?.getAttribute('data-ql-color');
    return {
      speaker: q.speaker ?? (q.speaker_description ? `${q.speaker_description} (unnamed)` : 'Speaker unknown'),
      speakerShort: key,
      role: entity && entity.role,
      color: colorAttr === null || colorAttr === undefined ? null : Number(colorAttr),
      kind: KIND_NAMES[q.kind] || q.kind,
      cue: q.cue && q.cue.text,
      when: q.when,
      outlet: source && source.outlet,
      index: at + 1,
      total: groups.length,
      hasPrev: at > 0,
      hasNext: at < groups.length - 1,
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
    hideTimer = setTimeout(() => ui && ui.hide(), 300);
  }

  /** Focuses and shows the group `delta` away from the card's quote, among the same speaker's. */
  function step(delta) {
    if (!ui || !ui.anchor || !index) return;
    const q = index.quotes.get(ui.anchor.getAttribute('data-ql-id'));
    const groups = index.bySpeaker.get(speakerKey(q)) || [];
    const target = groups[groups.indexOf(q.group) + delta];
    if (target) goTo(target);
  }

  function goTo(groupId) {
    const el = (index.elements.get(groupId) || [])[0];
    if (!el) return null;
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    el.focus({ preventScroll: true });
    show(el);
    return el;
  }

  // ---- page events (trusted only: page scripts cannot drive QuoteLens) ----
  function onOver(e) {
    if (!e.isTrusted) return;
    const m = quoteOf(e.target);
    if (m) {
      clearTimeout(hideTimer);
      clearTimeout(showTimer);
      // Keep the card while the reader selects text inside a highlight.
      showTimer = setTimeout(() => { if (!String(getSelection() || '')) show(m); }, 120);
    }
  }
  function onOut(e) {
    if (!e.isTrusted) return;
    const from = quoteOf(e.target);
    if (!from) return;
    if (e.relatedTarget && (quoteOf(e.relatedTarget) === from || (ui && ui.contains(e.relatedTarget)))) return;
    clearTimeout(showTimer);
    if (ui && ui.visible && document.activeElement !== ui.anchor) scheduleHide();
  }
  function onFocusIn(e) {
    if (!e.isTrusted) return;
    const m = quoteOf(e.target);
    if (m) show(m);
  }
  function onFocusOut(e) {
    if (!e.isTrusted || !ui) return;
    if (quoteOf(e.target) && !(e.relatedTarget && ui.contains(e.relatedTarget)) && !quoteOf(e.relatedTarget)) scheduleHide();
  }
  function onKey(e) {
    if (!e.isTrusted || !ui || !ui.visible) return;
    // On a focused quote, n / p step through the speaker's quotes (the card's buttons are far in tab order).
    if ((e.key === 'n' || e.key === 'p') && !e.ctrlKey && !e.metaKey && !e.altKey && document.activeElement === ui.anchor) {
      e.preventDefault();
      step(e.key === 'n' ? 1 : -1);
      return;
    }
    if (e.key !== 'Escape') return;
    const anchor = ui.anchor;
    ui.hide();
    // Focus inside the card returns to its quote.
    if (document.activeElement === ui.host && anchor) anchor.focus({ preventScroll: true });
  }
  function onScroll() {
    if (ui && ui.visible) ui.reposition();
  }

  // ---- layers ----
  function applyLayers() {
    if (!applied) return;
    for (const { mark, elements } of applied.marks) {
      const kind = mark.attrs.find(([k]) => k === 'data-ql-kind');
      const layer = mark.layer === 'quote' && kind ? kind[1] : mark.layer;
      const on = settings.layers[layer] !== false;
      for (const el of elements) el.toggleAttribute('data-ql-off', !on);
    }
  }

  // ---- the popup ----
  function state() {
    return {
      status: busy ? 'working' : applied ? 'on' : output && output.error ? 'error' : output ? 'idle' : 'none',
      error: output && output.error ? output.error : null,
      active: active(),
      enabled: settings.enabled,
      siteDisabled: !!settings.disabledSites[site],
      site,
      layers: settings.layers,
      is_article: output ? !!output.is_article : null,
      supported: output ? output.supported !== false : null,
      where: output ? output.where : null,
      timing: output ? output.timing : null,
      version: output ? output.version : null,
      title: document.title,
      url: location.href,
      result: output && output.result ? output.result : null,
      applied: !!applied,
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
    const cur = ui && ui.anchor ? index.order.indexOf(index.quotes.get(ui.anchor.getAttribute('data-ql-id')).group) : -1;
    goTo(index.order[(cur + 1) % index.order.length]);
  }

  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!msg || sender.id !== chrome.runtime.id) return false;
    const answer = (p) => {
      Promise.resolve(p).then(sendResponse, (e) => sendResponse({ error: String(e && e.message || e) }));
      return true;
    };
    switch (msg.type) {
      case 'ql:state':
        return answer(busy ? busy.then(state) : state());
      case 'ql:annotate':
        return answer(run(true).then(state));
      case 'ql:settings':
        return answer(sync(true).then(() => busy).then(state));
      case 'ql:step':
        return answer(stepSpeaker(msg.speaker));
      case 'ql:next':
        nextQuote();
        return false;
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
  let settled = loadSettings().then(() => { if (active()) run(false); });
  function sync(layersChanged) {
    seen.syncs++;
    settled = settled.then(async () => {
      const was = active();
      await loadSettings();
      const now = active();
      if (was && !now) {
        if (busy) await busy;
        await remove();
      } else if (!was && now) {
        run(false);
      }
      if (layersChanged) applyLayers();
    }).catch((e) => console.error('QuoteLens:', e));
    return settled;
  }
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    seen.changes++;
    sync(!!changes.layers);
  });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') sync(true); });

  QL.controller = { run, remove, state };
})();
