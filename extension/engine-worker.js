// The core in an extension context (the background): instantiated once per context lifetime.
import init, { annotatePage, exportResults, version } from './pkg/quotelens.js';

let ready = null;

function load() {
  ready ??= init({ module_or_path: new URL('./pkg/quotelens_bg.wasm', import.meta.url) }).catch((e) => {
    ready = null; // let a later request retry rather than failing forever
    throw e;
  });
  return ready;
}

/** Runs the core on a page snapshot: {result, plan, is_article, supported, version}. */
export async function annotate(snapshot, options) {
  await load();
  return { ...annotatePage(snapshot, options ?? {}), version: version() };
}

/** Contract 3: results (a page's, or a collection's) as `json`, `csv`, `md` or `w3c`, by the same code as the
 * CLI's; `corrections` go into a single page's JSON so that Import restores them. */
export async function exportAs(results, format, corrections = []) {
  await load();
  const exported = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'); // RFC 3339, UTC, to the second
  return exportResults(results, format, { exported }, corrections);
}
