// Where the core runs: always in the background (Chrome's service worker, Firefox's event page), which gets
// the snapshot by message and returns the plan; the WASM is instantiated once per background lifetime.
// Measured (scripts/bench-pages.mjs, all 130 corpus pages in Chromium): with the core in the content
// script, V8 compiled the WASM lazily on every page, so the engine call was the page's longest task (median
// 60 ms, 70 pages over 50 ms, up to 0.9 s); in the background the same pages took half the time to
// highlights (median 66 vs 137 ms) and their longest task was 10 ms (median). It also spares the pages a
// web-accessible copy of the engine (nothing to probe) and Chromium's refusal of content-script WASM under
// a strict page CSP. A big page's snapshot and answer travel in parts (parcel.js), both ways.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});

  /** Returns {result, plan, is_article, supported, version, ...} (the background's answer). */
  QL.runEngine = async function runEngine(snapshot, options) {
    const send = (msg) => chrome.runtime.sendMessage(msg);
    // A big snapshot goes as a header; the background takes its parts from this script's ql:part (content.js).
    const r = await QL.parcel.ask(send, { type: 'ql:annotate', snapshot: QL.parcel.wrap(snapshot, null), options });
    if (!r || r.error) throw new Error((r && r.error) || 'QuoteLens: no answer from the background');
    return r;
  };
})();
