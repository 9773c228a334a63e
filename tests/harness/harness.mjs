// The shared end-to-end harness: the page server, one browser per suite file, and the steps every suite takes
// (settings as the popup writes them, waiting for a page's state, a pristine copy, popup, downloads).
//
// Isolation (issue 13): every page a test opens is closed when the test ends, whatever its outcome, and the
// next test starts only once the extension's background has finished the work those pages set off (ql:idle);
// a background that never gets there is replaced by a fresh browser session. A test that times out is not
// stopped by node:test, so its waits (until, sleep) end the moment the test does.
import { before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import * as check from './checks.mjs';

/**
 * How much longer than on a quiet machine a wait may last: QL_PATIENCE (1 unless set; `./build.sh test
 * --under-load` sets 3). Every wait is for a state, so a longer bound costs nothing when the state comes.
 */
export const PATIENCE = Number(process.env.QL_PATIENCE) > 0 ? Number(process.env.QL_PATIENCE) : 1;

/** A test's or suite's time-out, scaled like every wait. */
export const patient = (ms) => ms * PATIENCE;

let epoch = 0; // bumped when a test ends: waits begun in an earlier test stop

function ended(mine, what) {
  if (mine !== epoch) throw new Error(`${what}: the test this wait belongs to has ended`);
}

export const sleep = async (ms) => {
  const mine = epoch;
  await new Promise((ok) => setTimeout(ok, ms));
  ended(mine, `sleep(${ms})`);
};

export async function until(what, fn, { timeout = 15000, every = 100 } = {}) {
  const mine = epoch;
  const end = Date.now() + timeout * PATIENCE;
  let last;
  for (;;) {
    ended(mine, what);
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(every);
  }
}

/** `promise`, or an error after `ms` (scaled by PATIENCE): for clean-up steps that must not hang the suite. */
function within(ms, what, promise) {
  let timer;
  const limit = new Promise((_, fail) => { timer = setTimeout(() => fail(new Error(`${what}: no answer in ${ms * PATIENCE} ms`)), ms * PATIENCE); });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Brings `page` to the front and presses Tab from the top until a quote has focus; what has focus then. */
export async function tabToQuote(page) {
  await page.front();
  await page.eval(check.focusStart);
  let f = null;
  for (let i = 0; i < 40 && !(f && f.ql === 'quote'); i++) {
    await page.press('Tab');
    f = await page.eval(check.focused);
  }
  assert.equal(f && f.ql, 'quote', 'Tab reaches a quote');
  return f;
}

/**
 * The content script's ql:state of the tab whose page URL contains `url` (equals it with `exact`), asked
 * from the extension's control page as the popup does, with its `tabId`; null when no tab matches. Tab URLs
 * are not visible without the "tabs" permission, so the content scripts say where they are. A content script
 * answers once it has read its settings and finished the work in its queue: the answer is a settled state.
 */
export function tabState(env, url, { exact = false } = {}) {
  return env.ctl.eval(async ({ want, exact }) => {
    for (const t of await chrome.tabs.query({})) {
      const r = await QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(t.id, x), { type: 'ql:state' }).catch(() => null);
      if (r && r.url && (exact ? r.url === want : r.url.includes(want))) return { ...r, tabId: t.id };
    }
    return null;
  }, { want: url, exact });
}

/** Sends `msg` to the content script of the tab tabState() finds, as the popup does; its answer. */
export async function tell(env, url, msg, opts) {
  const s = await tabState(env, url, opts);
  if (!s) throw new Error(`no QuoteLens tab at ${url}`);
  return env.ctl.eval(({ id, message }) => QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(id, x), message), { id: s.tabId, message: msg });
}

/**
 * A browser with the extension, the page server and the steps suites take, without node:test hooks (the
 * benchmarks use it as it is; useBrowser() ties it to a suite). launch() resolves to a driver (chromium.mjs,
 * firefox.mjs). Returns {driver, server, ctl (an extension page for chrome.* calls), start(), stop(),
 * beginTest(), endTest(), settings(), stateIs(), settled(), openPristine(), download(), popupFor()}.
 */
export function browserEnv(launch) {
  let driver, server, ctl;
  let opened = null; // pages opened by the running test, closed when it ends; null outside a test

  /** The driver, with every page it opens recorded for the running test. */
  function tracking(d) {
    const record = (open) => async (...args) => {
      const p = await open(...args);
      if (opened && p && typeof p.close === 'function') {
        const close = p.close.bind(p);
        p.close = () => { p.closed = true; return close(); };
        opened.push(p);
      }
      return p;
    };
    return { ...d, open: record(d.open), extensionPage: record(d.extensionPage), ...(d.openPrivate ? { openPrivate: record(d.openPrivate) } : {}) };
  }

  async function boot() {
    driver = tracking(await launch());
    ctl = await driver.extensionPage('popup/popup.html');
  }

  /** Resolves when the background has no annotation or export in progress (the work closed pages set off). */
  const backgroundIdle = () => ctl.eval(() => chrome.runtime.sendMessage({ type: 'ql:idle' }));

  // Writes settings as the popup does: storage, then a nudge to the content scripts, since Firefox does not
  // always deliver storage.onChanged to a content script (see content.js). `wait: false` does not wait for
  // their answers (which wait for a run in progress: the whole of a 10 MB page's).
  const settings = (s, { wait = true } = {}) => ctl.eval(async ({ v, wait }) => {
    await chrome.storage.local.set(v);
    const nudged = (await chrome.tabs.query({})).map((t) => chrome.tabs.sendMessage(t.id, { type: 'ql:settings' }).catch(() => null));
    if (wait) await Promise.all(nudged);
  }, { v: s, wait });
  const stateIs = (page, want) => until(`data-state ${want}`, async () => {
    const s = await page.eval(check.pageState);
    return (Array.isArray(want) ? want.includes(s.state) : s.state === want) && s;
  }).catch(async (e) => {
    // Say what the extension saw: its settings, and the browser's log where the driver has one.
    const settingsNow = await ctl.eval(() => chrome.storage.local.get(null)).catch((x) => String(x));
    // What each tab's content script says of itself (no answer: not injected there).
    const scripts = await ctl.eval(async () => Promise.all((await chrome.tabs.query({})).map((t) =>
      Promise.race([QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(t.id, x), { type: 'ql:state' }).then((r) => ({ tab: t.id, status: r.status, active: r.active, seen: r.seen, url: r.url }), (x) => ({ tab: t.id, error: String(x) })),
        new Promise((ok) => setTimeout(() => ok({ tab: t.id, error: 'no answer in 2 s' }), 2000))])))).catch((x) => String(x));
    const log = driver.log ? driver.log().split('\n').filter((l) => /QuoteLens|error|extension/i.test(l)).slice(-15).join('\n') : '';
    const addon = driver.diagnose ? await driver.diagnose().catch((x) => String(x)) : null;
    throw new Error(`${e.message}\nsettings: ${JSON.stringify(settingsNow)}\ncontent scripts: ${JSON.stringify(scripts)}\nadd-on: ${JSON.stringify(addon)}\n${log}`);
  });

  /** The settled state of the content script in `page` (loaded at `url`): it has read its settings and done its work. */
  const settled = (url) => until(`QuoteLens settled at ${url}`, () => tabState(env, url, { exact: true }));

  /** Loads `url` (a path: on the page server) with QuoteLens off everywhere and saves the pristine body; QuoteLens stays off. */
  async function openOff(where) {
    const url = where.startsWith('/') ? `${server.origin}${where}` : where;
    await settings({ enabled: false, disabledSites: {}, layers: {} });
    const page = await driver.open(url);
    await settled(url);
    assert.deepEqual(await page.eval(check.pageState), { state: null, marks: 0 }, 'QuoteLens must leave the page alone while off');
    await page.eval(check.savePristine);
    return page;
  }

  /** Turns QuoteLens off and checks the page is back to its pristine copy (openOff). */
  async function offAndRestored(page) {
    await settings({ enabled: false });
    await stateIs(page, null);
    const c = await page.eval(check.compareWithPristine);
    assert.deepEqual(c, { textSame: true, domSame: true, hosts: 0, marks: 0 }, c.diff);
  }

  /** openOff(), then QuoteLens on. */
  async function openPristine(url) {
    const page = await openOff(url);
    await settings({ enabled: true });
    return page;
  }

  /** Clicks an export button in the popup and returns the downloaded file's text (`timeout`: for huge pages). */
  async function download(popup, button, { timeout = 15000 } = {}) {
    const before = await popup.eval(async () => (await chrome.downloads.search({})).length);
    await popup.click(button);
    const file = await until(`the download of ${button}`, () => popup.eval(async (n) => {
      const all = await chrome.downloads.search({ orderBy: ['-startTime'] });
      return all.length > n && all[0].state === 'complete' ? all[0].filename : null;
    }, before), { timeout });
    return { file, text: await driver.readDownload(file) };
  }

  async function popupFor(page) {
    await page.front();
    const popup = await driver.extensionPage('popup/popup.html');
    await until('the popup to show the page', () => popup.eval(() => document.getElementById('page').textContent));
    return popup;
  }

  const env = {
    get driver() { return driver; },
    get server() { return server; },
    get ctl() { return ctl; },
    async start() {
      server = await startServer();
      await boot();
    },
    async stop() {
      await driver?.quit();
      await server?.close();
    },
    beginTest() {
      opened = [];
    },
    /**
     * Closes the pages the test opened (whatever its outcome), then waits for the background to finish what
     * they set off; a browser that cannot get there is replaced, so the next test starts on a clean one.
     */
    async endTest() {
      epoch++;
      const pages = opened ?? [];
      opened = null;
      // A test that opened no page left nothing behind (and asking the background would bring the control
      // page to the front in Firefox, moving focus on the suite's own page).
      if (!pages.length) return;
      try {
        for (const p of pages.reverse()) if (!p.closed) await within(30_000, 'closing a page', p.close());
        await within(120_000, 'the background to finish its work', backgroundIdle());
      } catch (e) {
        console.error(`harness: ${e.message}; starting a fresh browser session`);
        await within(30_000, 'quitting the browser', driver.quit()).catch(() => {});
        await boot();
      }
    },
    settings, stateIs, settled, backgroundIdle, openOff, openPristine, offAndRestored, download, popupFor,
  };
  return env;
}

/** browserEnv() for the suites registered in the calling describe: started before them, every test isolated. */
export function useBrowser(launch) {
  const env = browserEnv(launch);
  before(() => env.start());
  beforeEach(() => env.beginTest());
  afterEach(() => env.endTest());
  after(() => env.stop());
  return env;
}

/**
 * In the page (Firefox): records gaps over 50 ms between ticks of a 5 ms interval timer, while the tab is
 * visible (a background tab's timers are throttled to 1 s, which says nothing about QuoteLens).
 */
function installGapMonitor() {
  const m = (window.__qlBench = { gaps: [] });
  let last = performance.now();
  document.addEventListener('visibilitychange', () => { last = performance.now(); });
  m.timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 50 && document.visibilityState === 'visible') m.gaps.push(now - last);
    last = now;
  }, 5);
}

/** In the page (Firefox): the gaps seen since installGapMonitor. */
function readGapMonitor() {
  const m = window.__qlBench;
  clearInterval(m.timer);
  return m.gaps;
}

/**
 * Starts watching the page's main thread; resolves to stop(), which resolves to {method, tasks: [ms…], why}:
 * in Chromium every task of the page's renderer main thread, from a trace (CDP Tracing, its 'toplevel' RunTask
 * events; content scripts' tasks included, which the page's 'longtask' observer leaves out), and what the
 * longest spent its time on; in Firefox, which has neither, the gaps over 50 ms between ticks of a 5 ms timer
 * in the page (an upper bound: a gap may span several tasks).
 */
export async function watchMainThread(page) {
  if (!page.page) {
    await page.eval(installGapMonitor);
    return async () => ({ method: 'timer gaps', tasks: await page.eval(readGapMonitor) });
  }
  const cdp = await page.page.context().newCDPSession(page.page);
  const events = [];
  // Only what the figures use (a long page's full trace runs to gigabytes): metadata and events of 1 ms or more.
  cdp.on('Tracing.dataCollected', (e) => { for (const x of e.value) if (x.ph === 'M' || x.name === 'TracingStartedInBrowser' || (x.ph === 'X' && x.dur >= 1000)) events.push(x); });
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', '__metadata'] },
  });
  return async () => {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => {});
    const url = page.page.url();
    const frames = events.filter((e) => e.name === 'TracingStartedInBrowser').flatMap((e) => e.args?.data?.frames ?? []);
    const pid = frames.find((f) => f.url === url && f.isOutermostMainFrame)?.processId;
    const main = events.find((e) => e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
    if (!main) throw new Error(`no renderer main thread in the trace of ${url}`);
    const onMain = events.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === main.tid);
    const tasks = onMain.filter((e) => e.name === 'RunTask');
    // What the longest task spent its time on: the biggest events inside it (script, WASM compilation,
    // style and layout), for the report of pages over 50 ms.
    const top = tasks.reduce((a, b) => (!a || b.dur > a.dur ? b : a), null);
    const inside = top ? onMain.filter((e) => e !== top && e.name !== 'RunTask' && e.ts >= top.ts && e.ts + e.dur <= top.ts + top.dur) : [];
    const byName = new Map();
    for (const e of inside) if (e.dur >= 1000 && !e.name.startsWith('BlinkScheduler')) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
    const why = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ');
    return { method: 'trace', tasks: tasks.map((e) => e.dur / 1000), why };
  };
}
