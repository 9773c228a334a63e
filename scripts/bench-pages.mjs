// In-browser timing of the built extension on every page of ../shared/corpus/readability/ (issue 7):
//
//   node scripts/bench-pages.mjs [--firefox] [--csp] [NAME ...]
//
// `--csp` serves every page with `script-src 'self'`: Chromium then refuses WASM in the content script and
// the engine runs in the background worker, whose instance stays compiled from page to page.
//
// Each page is loaded with QuoteLens off, then annotated on request exactly as the popup's "Annotate this
// page" does (a `ql:annotate` message from an extension page to the tab). Measured per page:
// - request → applied: from just before the extension page sends `ql:annotate` until the content script
//   answers with the highlights in place (the extension page's clock; messaging and the content script's
//   idle-callback wait included; in Firefox also the switch back to the page's tab), and the content
//   script's own split `timing` {snapshot, engine, apply};
// - the longest main-thread task from the request until 200 ms after the answer. In Chromium it is read from
//   a trace (CDP Tracing, the 'toplevel' RunTask events of the page's renderer main thread): every task in that
//   window counts as QuoteLens's, a conservative attribution (the page's own timers would be charged to us
//   too). The page's PerformanceObserver 'longtask' cannot be used: Chromium does not report tasks of content
//   scripts (their isolated world) there. Firefox has neither, so there the longest gap between ticks of a
//   5 ms interval timer installed in the page stands in (an upper bound: it may span several tasks).
// stdout: JSON lines {what, value, note} for scripts/bench.mjs's table; stderr: the per-page details and the
// worst pages. Budgets (scripts/budgets.mjs) are judged, never asserted: a missed one is said on stderr, and
// sets the exit status only with --check-budgets.
import fs from 'node:fs';
import path from 'node:path';
import { startServer, SHARED } from '../tests/harness/server.mjs';
import { sleep, until, watchMainThread } from '../tests/harness/harness.mjs';
import * as check from '../tests/harness/checks.mjs';
import { judge, settle } from './budgets.mjs';

const args = process.argv.slice(2);
const firefox = args.includes('--firefox');
const csp = args.includes('--csp');
const wanted = args.filter((a) => !a.startsWith('--'));
const corpus = path.join(SHARED, 'corpus', 'readability');
const names = fs
  .readdirSync(corpus)
  .filter((d) => fs.existsSync(path.join(corpus, d, 'source.html')))
  .filter((d) => !wanted.length || wanted.includes(d))
  .sort();
if (!names.length) throw new Error(`no corpus pages match ${wanted.join(' ')}`);

/** In the extension page: the id of the tab whose content script is at `url` (asked, since tab URLs need a permission we do not hold). */
async function findTab(url) {
  for (const t of await chrome.tabs.query({})) {
    const r = await QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(t.id, x), { type: 'ql:state' }).catch(() => null);
    if (r && r.url === url) return t.id;
  }
  return null;
}

/** In the extension page: sends the popup's request, timed on this page's clock; `answer` reads the result. */
function annotate(tab) {
  const t0 = performance.now();
  window.__qlAnswer = null;
  QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(tab, x), { type: 'ql:annotate' }).then(
    (s) => { window.__qlAnswer = { ms: performance.now() - t0, s }; },
    (e) => { window.__qlAnswer = { ms: performance.now() - t0, s: { status: 'error', error: String(e) } }; });
}

/** In the extension page: the answer to `annotate`, once there is one. */
function answer() {
  const a = window.__qlAnswer;
  if (!a) return null;
  const s = a.s || {};
  return { ms: a.ms, status: s.status, error: s.error, timing: s.timing, quotes: s.result ? s.result.quotes.length : 0 };
}

const { launch } = await import(firefox ? '../tests/harness/firefox.mjs' : '../tests/harness/chromium.mjs');
const server = await startServer();
const driver = await launch();
const rows = [];
try {
  const ctl = await driver.extensionPage('popup/popup.html');
  await ctl.eval(async () => {
    await chrome.storage.local.set({ enabled: false, disabledSites: {}, layers: {} });
  });
  for (const name of names) {
    const url = `${server.origin}${csp ? '/csp' : ''}/corpus/${name}/`;
    const page = await driver.open(url);
    try {
      const tab = await until(`the content script of ${name}`, () => ctl.eval(findTab, url), { timeout: 10000, every: 200 });
      await sleep(200); // the page's own load-time work settles
      const stop = await watchMainThread(page);
      await ctl.eval(annotate, tab);
      // The page in front while it works (Firefox selects the tab WebDriver last used; a background tab's
      // idle callbacks and timers are throttled), watched from the page until QuoteLens has settled.
      await page.front();
      await until(`${name} annotated`, async () => ['on', 'idle', 'error'].includes((await page.eval(check.pageState)).state), { timeout: 30000, every: 50 });
      await sleep(200); // whatever the answer set off (the card's host, late layout) runs too
      const r = await until(`the answer for ${name}`, () => ctl.eval(answer), { timeout: 30000, every: 50 });
      const { method, tasks, why } = await stop();
      const mon = { method, longest: Math.max(0, ...tasks), over50: tasks.filter((ms) => ms > 50).length, why };
      const marks = (await page.eval(check.pageState)).marks;
      const chars = await page.eval(() => document.body.innerText.length);
      rows.push({ name, ...r, ...mon, marks, chars });
      const t = r.timing || {};
      process.stderr.write(`${name.padEnd(34)} ${r.ms.toFixed(0).padStart(5)} ms  snapshot ${t.snapshot ?? '-'} engine ${t.engine ?? '-'} apply ${t.apply ?? '-'}  longest task ${mon.longest.toFixed(0)} ms  ${r.status}  ${marks} marks\n`);
    } catch (e) {
      rows.push({ name, failed: String(e.message || e).split('\n')[0] });
      process.stderr.write(`${name.padEnd(34)} failed: ${String(e.message || e).split('\n')[0]}\n`);
    } finally {
      await page.close().catch(() => {});
    }
  }
} finally {
  await driver.quit();
  await server.close();
}

const ok = rows.filter((r) => !r.failed && r.status !== 'error');
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};
const fmt = (x) => `${x.toFixed(1)} ms`;
const browser = `${firefox ? 'Firefox' : 'Chromium'}${csp ? ', strict CSP' : ''}`;
const total = ok.map((r) => r.ms);
const work = ok.map((r) => (r.timing ? r.timing.snapshot + r.timing.engine + r.timing.apply : r.ms));
const longest = ok.map((r) => r.longest);
const method = ok[0]?.method ?? '';
const judged = [];
/** A row for bench.mjs's table; with a budget (budgets.mjs) the measured number goes too, and is judged. */
const out = (what, value, note, budget = undefined, measured = undefined) => {
  if (budget) judged.push(judge(budget, measured));
  console.log(JSON.stringify({ what, value, note, budget, measured }));
};
const slowest = [...ok].sort((a, b) => b.ms - a.ms).slice(0, 3).map((r) => `${r.name} ${r.ms.toFixed(0)}`).join(', ');
out(`${browser}: annotate request → highlights applied (${ok.length} pages)`, fmt(pct(total, 0.5)),
  `median; p95 ${fmt(pct(total, 0.95))}, max ${fmt(Math.max(...total))} (${slowest})`, 'page-request-median-ms', pct(total, 0.5));
out(`${browser}: snapshot + engine + apply in the content script`, fmt(pct(work, 0.5)), `median; p95 ${fmt(pct(work, 0.95))}, max ${fmt(Math.max(...work))}`);
const over = ok.filter((r) => r.longest > 50).sort((a, b) => b.longest - a.longest);
out(`${browser}: longest main-thread task per page (${method})`, fmt(pct(longest, 0.5)),
  `median; p95 ${fmt(pct(longest, 0.95))}, max ${fmt(Math.max(...longest))}; ${over.length} pages over 50 ms${method === 'trace' ? '' : ' (gaps under 50 ms count as 0)'}`,
  'page-longest-task-ms', Math.max(...longest));
const failed = rows.length - ok.length;
if (failed) out(`${browser}: pages that failed`, String(failed), rows.filter((r) => r.failed || r.status === 'error').map((r) => r.name).join(', '));

process.stderr.write(`\nslowest pages (request → applied; snapshot/engine/apply; document characters):\n`);
for (const r of [...ok].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
  const t = r.timing || {};
  process.stderr.write(`  ${r.name.padEnd(34)} ${fmt(r.ms).padStart(9)}  ${t.snapshot}/${t.engine}/${t.apply} ms  ${r.chars} chars\n`);
}
process.stderr.write(`pages whose longest task exceeds 50 ms (${method}):\n`);
for (const r of over) {
  const t = r.timing || {};
  process.stderr.write(`  ${r.name.padEnd(34)} ${fmt(r.longest).padStart(9)}  snapshot ${t.snapshot} engine ${t.engine} apply ${t.apply} ms${r.why ? `; in it: ${r.why} ms` : ''}\n`);
}
settle(judged);
