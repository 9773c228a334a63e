// The shared end-to-end harness: the page server, one browser per test file, and the steps every suite
// takes (settings as the popup writes them, waiting for a page's state, a pristine copy, popup, downloads).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import * as check from './checks.mjs';

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export async function until(what, fn, { timeout = 15000, every = 100 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(every);
  }
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
 * are not visible without the "tabs" permission, so the content scripts say where they are.
 */
export function tabState(env, url, { exact = false } = {}) {
  return env.ctl.eval(async ({ want, exact }) => {
    for (const t of await chrome.tabs.query({})) {
      const r = await chrome.tabs.sendMessage(t.id, { type: 'ql:state' }).catch(() => null);
      if (r && r.url && (exact ? r.url === want : r.url.includes(want))) return { ...r, tabId: t.id };
    }
    return null;
  }, { want: url, exact });
}

/** Sends `msg` to the content script of the tab tabState() finds, as the popup does; its answer. */
export async function tell(env, url, msg, opts) {
  const s = await tabState(env, url, opts);
  if (!s) throw new Error(`no QuoteLens tab at ${url}`);
  return env.ctl.eval(({ id, message }) => chrome.tabs.sendMessage(id, message), { id: s.tabId, message: msg });
}

/**
 * Registers before/after hooks that start the page server and the browser (launch() resolves to a driver, see
 * chromium.mjs) and returns the harness every suite uses: {driver, server, ctl (an extension page for
 * chrome.* calls), settings(), stateIs(), openPristine(), download(), popupFor()}.
 */
export function useBrowser(launch) {
  let driver, server, ctl;

  // Writes settings as the popup does: storage, then a nudge to the content scripts, since Firefox does not
  // always deliver storage.onChanged to a content script (see content.js).
  const settings = (s) => ctl.eval(async (v) => {
    await chrome.storage.local.set(v);
    await Promise.all((await chrome.tabs.query({})).map((t) => chrome.tabs.sendMessage(t.id, { type: 'ql:settings' }).catch(() => null)));
  }, s);
  const stateIs = (page, want) => until(`data-state ${want}`, async () => {
    const s = await page.eval(check.pageState);
    return (Array.isArray(want) ? want.includes(s.state) : s.state === want) && s;
  }).catch(async (e) => {
    // Say what the extension saw: its settings, and the browser's log where the driver has one.
    const settingsNow = await ctl.eval(() => chrome.storage.local.get(null)).catch((x) => String(x));
    // What each tab's content script says of itself (no answer: not injected there).
    const scripts = await ctl.eval(async () => Promise.all((await chrome.tabs.query({})).map((t) =>
      Promise.race([chrome.tabs.sendMessage(t.id, { type: 'ql:state' }).then((r) => ({ tab: t.id, status: r.status, active: r.active, seen: r.seen, url: r.url }), (x) => ({ tab: t.id, error: String(x) })),
        new Promise((ok) => setTimeout(() => ok({ tab: t.id, error: 'no answer in 2 s' }), 2000))])))).catch((x) => String(x));
    const log = driver.log ? driver.log().split('\n').filter((l) => /QuoteLens|error|extension/i.test(l)).slice(-15).join('\n') : '';
    const addon = driver.diagnose ? await driver.diagnose().catch((x) => String(x)) : null;
    throw new Error(`${e.message}\nsettings: ${JSON.stringify(settingsNow)}\ncontent scripts: ${JSON.stringify(scripts)}\nadd-on: ${JSON.stringify(addon)}\n${log}`);
  });

  /** Loads `url` with QuoteLens off everywhere, saves the pristine body, turns QuoteLens on. */
  async function openPristine(url) {
    await settings({ enabled: false, disabledSites: {}, layers: {} });
    const page = await driver.open(url);
    await sleep(300); // give the content script time to (not) act
    const s = await page.eval(check.pageState);
    assert.deepEqual(s, { state: null, marks: 0 }, 'QuoteLens must leave the page alone while off');
    await page.eval(check.savePristine);
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

  before(async () => {
    server = await startServer();
    driver = await launch();
    ctl = await driver.extensionPage('popup/popup.html');
  });
  after(async () => {
    await driver?.quit();
    await server?.close();
  });

  return {
    get driver() { return driver; },
    get server() { return server; },
    get ctl() { return ctl; },
    settings, stateIs, openPristine, download, popupFor,
  };
}
