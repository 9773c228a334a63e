// The core in an extension context (background worker, popup): instantiated once per context lifetime.
import init, { annotatePage, version } from './pkg/quotelens.js';

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
