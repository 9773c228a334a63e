// Where the core runs: always in the background (Chrome's service worker, Firefox's event page), which gets
// the snapshot by message and returns the plan; the WASM is instantiated once per background lifetime.
// Measured (tests/e2e/bench-pages.mjs, all 130 corpus pages in Chromium): with the core in the content
// script, V8 compiled the WASM lazily on every page, so the engine call was the page's longest task (median
// 60 ms, 70 pages over 50 ms, up to 0.9 s); in the background the same pages took half the time to
// highlights (median 66 vs 137 ms) and their longest task was 10 ms (median). It also spares the pages a
// web-accessible copy of the engine (nothing to probe) and Chromium's refusal of content-script WASM under
// a strict page CSP.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});

  /** Fetches the parts of a big answer (extension/parcel.js), one message (one parse task) at a time. */
  async function unparcel(header) {
    const { id, parts } = header.parcel;
    delete header.parcel;
    for (let k = 0; k < parts; k++) {
      const part = await chrome.runtime.sendMessage({ type: 'ql:part', id, k });
      if (!part || part.error) throw new Error((part && part.error) || `QuoteLens: part ${k} of the answer is missing`);
      const target = part.path.reduce((o, key) => o[key], header);
      if (part.items) for (const item of part.items) target.push(item);
      else for (const [key, value] of part.entries) target[key] = value;
    }
  }

  /** Returns {result, plan, is_article, supported, version, where: 'worker'}. */
  QL.runEngine = async function runEngine(snapshot, options) {
    const r = await chrome.runtime.sendMessage({ type: 'ql:annotate', snapshot, options });
    if (!r || r.error) throw new Error((r && r.error) || 'QuoteLens: no answer from the background');
    if (r.parcel) await unparcel(r);
    return { ...r, where: 'worker' };
  };
})();
