// The corpus sweep (issue 8): pages of ../shared/corpus/readability/ through the built extension, each annotated
// on request as the popup's "Annotate this page" does. Every page must end without an error from the content
// script or the background, with innerText unchanged, and turning QuoteLens off must give back the pristine
// DOM (isEqualNode). Times are figures, not verdicts: they are printed as a table beside their budgets
// (scripts/budgets.mjs) and written to target/sweep/<browser>-<set>.json. The e2e files run CI_PAGES, a fixed
// subset, in both browsers (sweepSuite); `./build.sh sweep` (scripts/sweep.mjs) runs every page.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, SHARED } from '../harness/server.mjs';
import { until, sleep, watchMainThread } from '../harness/harness.mjs';
import { judge } from '../../scripts/budgets.mjs';
import * as check from '../harness/checks.mjs';

const CORPUS = path.join(SHARED, 'corpus', 'readability');

/**
 * The CI subset, fixed: news pages of several outlets and languages (the eight of scenarios.mjs are not
 * repeated), the biggest pages (yahoo-2 at 1.6 MB, wikipedia-2 at 1 MB) and pages of odd markup (hidden
 * nodes, aria-hidden, <br> runs, odd white space, right-to-left, SVG, MathJax, tables, invalid attributes).
 */
export const CI_PAGES = ['yahoo-2', 'wikipedia-2', 'nytimes-2', 'wapo-2', 'breitbart', 'buzzfeed-1', 'salon-1',
  'theverge', 'tmz-1', 'engadget', 'msn', 'lemonde-1', 'medium-1', 'ars-1', 'hidden-nodes', 'visibility-hidden',
  'remove-aria-hidden', 'replace-brs', 'normalize-spaces', 'rtl-1', 'svg-parsing', 'mathjax', 'keep-tabular-data',
  'invalid-attributes'];

/** Every page of the corpus (a directory with a source.html). */
export function allPages() {
  return fs.readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(CORPUS, d.name, 'source.html')))
    .map((d) => d.name).sort();
}

/**
 * Errors QuoteLens raised in this browser since `mark()`: Chromium reports the content script's uncaught
 * exceptions over CDP (they happen in the page's isolated world) and the service worker's console errors;
 * Firefox prints both to geckodriver's log (devtools.console.stdout.*), from moz-extension:// URLs.
 */
async function errorWatch(env, page) {
  const driver = env.driver;
  if (driver.name === 'chromium') {
    const pw = page.page;
    const seen = [];
    const cdp = await pw.context().newCDPSession(pw);
    await cdp.send('Runtime.enable');
    cdp.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => {
      const where = [d.url, ...((d.stackTrace && d.stackTrace.callFrames) || []).map((f) => f.url)].join(' ');
      if (/chrome-extension:/.test(where)) seen.push(`content script: ${d.exception?.description || d.text}`);
    });
    const workers = pw.context().serviceWorkers();
    const onWorker = (m) => { if (m.type() === 'error') seen.push(`background: ${m.text()}`); };
    for (const w of workers) w.on('console', onWorker);
    return {
      errors: () => [...seen, ...page.errors],
      async close() {
        for (const w of workers) w.off('console', onWorker);
        await cdp.detach().catch(() => {});
      },
    };
  }
  const before = new Set(driver.log().split('\n'));
  return {
    errors: () => driver.log().split('\n').filter((l) => !before.has(l) && /moz-extension:\/\//.test(l) && /error/i.test(l)),
    async close() {},
  };
}

/** The tab whose content script answers for `url`, found through the extension page `ctl`. */
async function tabOf(env, url) {
  return until(`the tab of ${url}`, () => env.ctl.eval(async (u) => {
    for (const t of await chrome.tabs.query({})) {
      const r = await QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(t.id, x), { type: 'ql:state' }).catch(() => null);
      if (r && r.url === u) return t.id;
    }
    return null;
  }, url), { timeout: 10000 });
}

/** One page through the sweep; returns its figures (asserting the invariants on the way). */
export async function sweepPage(env, name) {
  const { settings, stateIs } = env;
  const url = `${env.server.origin}/corpus/${name}/`;
  await settings({ enabled: false, disabledSites: {}, layers: {} });
  const page = await env.driver.open(url);
  const watch = await errorWatch(env, page);
  try {
    await env.settled(url);
    assert.deepEqual(await page.eval(check.pageState), { state: null, marks: 0 }, 'left alone while off');
    // The pristine copy is taken once the page has stopped changing itself (some corpus pages remove or add
    // elements for a second or two after load); a page that never settles cannot be compared exactly.
    let pristine, settled = false;
    for (let i = 0; i < 8 && !settled; i++) {
      pristine = await page.eval(check.savePristine);
      await sleep(500); // unchanged for this long: the page is taken to have settled
      settled = (await page.eval(check.compareWithPristine)).domSame;
    }
    const stop = await watchMainThread(page);
    const tab = await tabOf(env, url);
    await settings({ enabled: true });
    const t0 = Date.now();
    const st = await env.ctl.eval((id) => QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(id, x), { type: 'ql:annotate' }), tab);
    const s = await stateIs(page, ['on', 'idle', 'error']);
    const wall = Date.now() - t0;
    assert.notEqual(s.state, 'error', `QuoteLens error: ${st && st.error}`);
    const main = await stop();
    const h = await page.eval(check.highlights);
    assert.deepEqual(h.problems, []);
    const c = await page.eval(check.compareWithPristine);
    assert.ok(c.textSame, 'innerText unchanged while annotated');
    const t1 = Date.now();
    await settings({ enabled: false });
    await stateIs(page, null);
    const off = Date.now() - t1;
    const c2 = await page.eval(check.compareWithPristine);
    if (settled) assert.deepEqual(c2, { textSame: true, domSame: true, hosts: 0, marks: 0 }, c2.diff);
    else assert.deepEqual({ hosts: c2.hosts, marks: c2.marks }, { hosts: 0, marks: 0 }, 'nothing of QuoteLens left');
    assert.deepEqual(watch.errors(), [], 'errors from QuoteLens');
    const r = st && st.result;
    return {
      page: name, chars: pristine.chars, state: s.state, supported: st ? st.supported : null,
      quotes: r ? r.quotes.length : 0, marks: s.marks, settled, ...(st && st.timing ? st.timing : {}), wall, off,
      longest: Math.round(Math.max(0, ...main.tasks)), measured: main.method,
    };
  } finally {
    await watch.close();
    await page.close();
  }
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
}

/** Prints the figures as a table, with the budgets' verdicts, and writes them to target/sweep/<browser>-<set>.json; returns the verdicts. */
export function report(browser, set, rows) {
  const dir = path.join(ROOT, 'target', 'sweep');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${browser}-${set}.json`);
  const num = (k) => rows.map((r) => r[k]).filter((x) => typeof x === 'number');
  const summary = {};
  for (const k of ['wall', 'snapshot', 'engine', 'apply', 'off', 'longest']) {
    const xs = num(k);
    if (xs.length) summary[k] = { median: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs) };
  }
  fs.writeFileSync(file, JSON.stringify({ browser, set, date: new Date().toISOString(), pages: rows.length, summary, rows }, null, 2) + '\n');
  const cols = ['page', 'chars', 'state', 'quotes', 'snapshot', 'engine', 'apply', 'wall', 'off', 'longest', 'settled'];
  const lines = [cols.join('\t'), ...rows.map((r) => cols.map((c) => r[c] ?? '-').join('\t'))];
  const unsettled = rows.filter((r) => !r.settled).map((r) => r.page);
  lines.push('', `${browser}, ${rows.length} pages (ms): ${Object.entries(summary).map(([k, v]) => `${k} median ${v.median} p95 ${v.p95} max ${v.max}`).join('; ')}`);
  const judged = [];
  if (summary.wall) judged.push(judge('page-request-median-ms', summary.wall.median));
  if (summary.longest) judged.push(judge('page-longest-task-ms', summary.longest.max));
  for (const j of judged) lines.push(`${j.id}: ${j.value} ms, ${j.note}`);
  if (unsettled.length) lines.push(`pages that kept changing themselves (DOM not compared exactly): ${unsettled.join(', ')}`);
  lines.push(`written to ${path.relative(ROOT, file)}`);
  console.log(lines.join('\n'));
  return judged;
}

/** Registers the sweep over `pages` as one test per page on the harness `env`. */
export function sweepSuite(env, { pages = CI_PAGES, set = 'ci', judged = [] } = {}) {
  describe(`corpus sweep (${pages.length} pages)`, () => {
    const rows = [];
    for (const name of pages) {
      it(`${name}: no error, innerText unchanged, the DOM restored exactly`, async () => {
        rows.push(await sweepPage(env, name));
      });
    }
    after(() => { if (rows.length) judged.push(...report(env.driver.name, set, rows)); });
  });
}
