// Walks through the pages whose main-thread budgets matter (issue 13): the tests take each walk and assert
// what QuoteLens does on the way; the benchmarks (scripts/bench-hostile.mjs) take the very same walk and
// report how long the page's main thread was held, beside its budget (scripts/budgets.mjs). One copy of each
// walk, so a figure is always of exactly what the tests check.
import assert from 'node:assert/strict';
import { until, watchMainThread } from './harness.mjs';
import * as check from './checks.mjs';

export const TEN_MB = '/hostile/10mb.html';
export const REWRITING = '/fixtures/hostile/rewrite.html';

// ---- in-page checks (self-contained: the drivers serialise them into the page) ----

/** The text of the highlights of the last section of the page, and of the page's first one. */
function endsAnnotated() {
  const end = document.getElementById('the-end');
  const first = document.querySelector('section[id^="part-"]');
  return { end: end ? [...end.querySelectorAll('[data-ql="quote"]')].map((m) => m.textContent).join('|') : null,
    first: first ? first.querySelectorAll('[data-ql]').length : 0, marks: document.querySelectorAll('[data-ql]').length };
}

/** The rewriting fixture: how often the page rewrote itself, its highlights (none twice), the page's clock. */
function rewriting() {
  const ids = [...document.querySelectorAll('[data-ql]')].map((m) => `${m.getAttribute('data-ql')}:${m.getAttribute('data-ql-id')}`);
  const nested = [...document.querySelectorAll('[data-ql] [data-ql]')].filter((m) =>
    m.parentElement.closest('[data-ql]').getAttribute('data-ql') === m.getAttribute('data-ql') &&
    m.getAttribute('data-ql') !== 'quote').length;
  const sameLayerNested = [...document.querySelectorAll('mark[data-ql] mark[data-ql]')].filter((m) =>
    m.parentElement.closest('[data-ql]').getAttribute('data-ql-id') === m.getAttribute('data-ql-id')).length;
  return { rewrites: window.__rewrites || 0, marks: ids.length, distinct: new Set(ids).size, nested, sameLayerNested, now: performance.now(),
    ticker: document.getElementById('ticker').textContent, staticSame: document.getElementById('static').isEqualNode(window.__qlStatic) };
}

/** Saves a deep copy of the rewriting fixture's static part. */
function saveStatic() {
  window.__qlStatic = document.getElementById('static').cloneNode(true);
  return true;
}

/** The longest of the main-thread figures `stop()` gives, rounded. */
async function longestOf(stop) {
  const main = await stop();
  return { longest: Math.round(Math.max(0, ...main.tasks)), method: main.method, why: main.why ?? null, over50: main.tasks.filter((ms) => ms > 50).length };
}

/**
 * The 10 MB page (53,000 quotes, 125,000 highlights), opened with QuoteLens off and turned on: annotated near
 * the reader, read at its top, middle and end (the highlights there go in as the reader gets near), a quote far
 * from anything read gone to as the popup's speaker list does (it goes in first, focused, in view), innerText
 * unchanged; then turned off, the DOM restored exactly. Returns the figures {annotate, restore}, each with the
 * longest main-thread task (Chromium: a trace; Firefox: timer gaps) and how long it took.
 */
export async function walkTenMegabytePage(env) {
  const page = await env.openOff(TEN_MB);
  const t0 = Date.now();
  // In front: Firefox throttles a background tab's timers (1 s and more), which the gap monitor would count.
  await page.front();
  const watching = await watchMainThread(page);
  await env.settings({ enabled: true }, { wait: false });
  await page.front();
  await until('the 10 MB page annotated', async () => (await page.eval(check.pageState)).state === 'on', { timeout: 180_000, every: 500 });
  await until('the first screenful highlighted', async () => (await page.eval(endsAnnotated)).first > 0);
  const took = Date.now() - t0;
  await page.eval(() => document.getElementById('part-1300').scrollIntoView());
  await until('the middle highlighted', () => page.eval(() => document.querySelectorAll('#part-1300 [data-ql="quote"]').length > 0));
  await page.eval(() => document.getElementById('the-end').scrollIntoView());
  await until('the end highlighted', async () => /This is the very last paragraph of the page/.test((await page.eval(endsAnnotated)).end));
  const far = await page.eval(() => `q${Math.round(Math.max(...[...document.querySelectorAll('#the-end [data-ql="quote"]')].map((m) => Number(m.getAttribute('data-ql-id').slice(1)))) / 3)}`);
  assert.equal(await page.eval((id) => document.querySelectorAll(`[data-ql-id="${id}"]`).length, far), 0, `${far} is not in the page yet`);
  const went = await env.ctl.eval(async (id) => (await Promise.all((await chrome.tabs.query({})).map((t) => chrome.tabs.sendMessage(t.id, { type: 'ql:goto', id }).catch(() => false)))).some(Boolean), far);
  assert.equal(went, true, `ql:goto ${far}`);
  const focused = await page.eval((id) => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    const mark = document.querySelector(`[data-ql="quote"][data-ql-id="${id}"]`);
    return { group: el.getAttribute('data-ql-group'), ofFar: mark && mark.getAttribute('data-ql-group'), inView: r.bottom > 0 && r.top < innerHeight };
  }, far);
  assert.ok(focused.ofFar && focused.group === focused.ofFar && focused.inView, `the far quote is highlighted, its group focused and in view: ${JSON.stringify(focused)}`);
  const annotate = { ms: took, ...(await longestOf(watching)), marks: (await page.eval(endsAnnotated)).marks, far };
  assert.ok((await page.eval(check.compareWithPristine)).textSame, 'innerText unchanged');
  const t1 = Date.now();
  const unwatching = await watchMainThread(page);
  await env.settings({ enabled: false }, { wait: false });
  await page.front();
  await env.offAndRestored(page);
  const restore = { ms: Date.now() - t1, ...(await longestOf(unwatching)) };
  await page.close();
  return { annotate, restore };
}

/**
 * The page that rewrites part of itself every 100 ms, annotated while it goes on rewriting `rewrites` more
 * times: no error, no highlight duplicated or nested in its own layer, highlights do not pile up, and the core
 * re-runs no more often than the page watch's pacing allows (pagewatch.js: the gap between runs starts at
 * MIN_GAP_MS = 500 and doubles with each recent run); off, the static part is back to its pristine copy.
 * Returns {rewrites, window, runs, marks, longest, method}.
 */
export async function walkRewritingPage(env, { rewrites = 25 } = {}) {
  const page = await env.openOff(REWRITING);
  await page.eval(saveStatic);
  await env.settings({ enabled: true });
  await env.stateIs(page, 'on');
  await page.front(); // Firefox throttles a background tab's timers
  const runsNow = async () => (await env.settled(`${env.server.origin}${REWRITING}`)).dynamic.runs;
  const watching = await watchMainThread(page);
  const first = await page.eval(rewriting);
  const runs0 = await runsNow();
  await until(`${rewrites} more rewrites`, async () => (await page.eval(rewriting)).rewrites - first.rewrites >= rewrites, { timeout: 60_000, every: 250 });
  const r = await page.eval(rewriting);
  const runs = (await runsNow()) - runs0;
  const main = await longestOf(watching);
  const window = r.now - first.now;
  assert.equal((await page.eval(check.pageState)).state, 'on', 'no error');
  assert.equal(r.sameLayerNested, 0, 'no highlight inside a highlight of the same id');
  assert.equal(r.nested, 0, 'no speaker/date/source highlight inside one of its own layer');
  assert.equal(r.marks, r.distinct, 'no highlight duplicated');
  assert.ok(r.marks <= first.marks + 4, `highlights do not pile up: ${first.marks} then ${r.marks}`);
  // Runs k and k+1 are at least 500·2^(k-1) ms apart, so a window of W ms holds at most 1 + log2(W/500 + 1)
  // runs, and one more that began before it.
  const allowed = Math.floor(1 + Math.log2(window / 500 + 1)) + 1;
  assert.ok(runs <= allowed, `no runaway work: the core re-ran ${runs} times in ${Math.round(window)} ms (pacing allows ${allowed})`);
  const h = await page.eval(check.highlights);
  assert.deepEqual(h.problems, []);
  await env.settings({ enabled: false });
  await env.stateIs(page, null);
  const off = await page.eval(rewriting);
  assert.equal(off.marks, 0);
  assert.ok(off.staticSame, 'the static part is back to its pristine copy');
  await page.close();
  return { rewrites: r.rewrites - first.rewrites, window: Math.round(window), runs, marks: r.marks, ...main };
}
