// Where the core runs for this page: in the content script when the page's CSP lets it instantiate WASM,
// otherwise (Chromium on pages without 'wasm-unsafe-eval') in the background worker, which gets the snapshot
// by message and returns the plan. WASM is instantiated at most once per page.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  // Above this much text the core runs in the worker anyway, so a big page's own thread stays free.
  // Measured: ~0.5 M UTF-16 units/s (corpus wikipedia page: 81 k in 170 ms), so at most ~0.3 s on the page.
  const LOCAL_LIMIT = 150_000;
  let local = null; // Promise of the instantiated glue module
  let localError = null;

  function loadLocal() {
    local ??= (async () => {
      const glue = await import(chrome.runtime.getURL('pkg/quotelens.js'));
      const bytes = await (await fetch(chrome.runtime.getURL('pkg/quotelens_bg.wasm'))).arrayBuffer();
      await glue.default({ module_or_path: bytes }); // throws CompileError under a strict page CSP in Chromium
      return glue;
    })();
    return local;
  }

  async function inWorker(snapshot, options) {
    const r = await chrome.runtime.sendMessage({ type: 'ql:annotate', snapshot, options });
    if (!r || r.error) throw new Error((r && r.error) || 'QuoteLens: no answer from the background');
    if (r.parcel) await unparcel(r);
    return { ...r, where: 'worker' };
  }

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

  /** Returns {result, plan, is_article, supported, version, where: 'page'|'worker'}. */
  QL.runEngine = async function runEngine(snapshot, options, size) {
    if (!localError && size <= LOCAL_LIMIT) {
      let glue = null;
      try {
        glue = await loadLocal();
      } catch (e) {
        localError = e; // this page's CSP forbids it: use the worker from now on
      }
      if (glue) return { ...glue.annotatePage(snapshot, options), version: glue.version(), where: 'page' };
    }
    return inWorker(snapshot, options);
  };

  QL.engineStatus = () => ({ localError: localError ? String(localError.message || localError) : null });
})();
