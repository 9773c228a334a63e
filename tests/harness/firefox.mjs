// The Firefox driver: geckodriver over plain WebDriver HTTP (no client library) on Firefox ESR, with dist/firefox
// installed as a temporary add-on. Implements the same interface as chromium.mjs for scenarios.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './server.mjs';
import { PATIENCE } from './harness.mjs';

const EXT = path.join(ROOT, 'dist', 'firefox');
const ADDON_ID = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
// A fixed moz-extension:// host, so the tests can open the popup page.
const UUID = '3f1c2a8e-7b7d-4d7e-9a51-0c0ffee0e2e5';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const KEYS = { Tab: '\uE004', Escape: '\uE00C', Control: '\uE009', Shift: '\uE008', Alt: '\uE00A', Home: '\uE011', End: '\uE010',
  ArrowLeft: '\uE012', ArrowRight: '\uE014', Enter: '\uE007' };

function findBinary(names) {
  for (const n of names) {
    for (const dir of (process.env.PATH || '').split(':').concat([path.join(os.homedir(), '.cargo', 'bin')])) {
      const p = path.join(dir, n);
      if (fs.existsSync(p)) return p;
    }
  }
  throw new Error(`none of ${names.join(', ')} found`);
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Options (the data-safety tests restart the browser): `profile`, a profile directory used in place and kept
 * (else geckodriver's fresh temporary one); `addon`, an .xpi installed permanently (unsigned: ESR honours
 * xpinstall.signatures.required=false), else dist/firefox as a temporary add-on.
 */
export async function launch({ profile = null, addon = null } = {}) {
  const port = await freePort();
  const gecko = spawn(process.env.GECKODRIVER || findBinary(['geckodriver']), ['--port', String(port), '--host', '127.0.0.1', '--allow-system-access'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let geckoLog = '';
  const keep = (d) => { geckoLog = (geckoLog + d).slice(-20000); };
  gecko.stdout.on('data', keep);
  gecko.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-firefox-dl-'));

  // Every command answers within a bound (a browser that hangs fails the test at hand, not the whole run).
  async function wd(method, url, body) {
    const res = await fetch(base + url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000 * PATIENCE) });
    const json = await res.json();
    if (!res.ok || (json.value && json.value.error)) throw new Error(`WebDriver ${method} ${url}: ${JSON.stringify(json.value).slice(0, 500)}`);
    return json.value;
  }
  for (let i = 0; ; i++) {
    try {
      await wd('GET', '/status');
      break;
    } catch (e) {
      if (i > 100) throw new Error(`geckodriver did not start: ${e.message}\n${geckoLog}`);
      await sleep(100);
    }
  }
  const session = await wd('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        // Some corpus pages call alert() from their own scripts; dismiss it quietly (Playwright does likewise).
        unhandledPromptBehavior: 'dismiss',
        timeouts: { script: 30_000 * PATIENCE, pageLoad: 60_000 * PATIENCE, implicit: 0 },
        'moz:firefoxOptions': {
          binary: process.env.FIREFOX || findBinary(['firefox-esr', 'firefox']),
          args: ['-headless', '-width=1100', '-height=800', ...(profile ? ['-profile', profile] : [])],
          prefs: {
            'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
            // Offline: corpus pages reference the web; a dead proxy fails those requests at once (loopback bypasses it).
            ...(addon ? { 'xpinstall.signatures.required': false } : {}),
            // A background tab's timers run unthrottled: WebDriver brings the extension page forward for every
            // chrome.* call, and the tests' timer-gap monitor (checks.mjs) must not count Firefox's throttling.
            'dom.min_background_timeout_value': 4,
            'dom.min_background_timeout_value_without_budget_throttling': 4,
            'dom.timeout.enable_budget_timer_throttling': false,
            'network.proxy.type': 1,
            'network.proxy.http': '127.0.0.1',
            'network.proxy.http_port': 9,
            'network.proxy.ssl': '127.0.0.1',
            'network.proxy.ssl_port': 9,
            'browser.download.dir': downloads,
            'browser.download.folderList': 2,
            'browser.download.useDownloadDir': true,
            'browser.download.always_ask_before_handling_new_types': false,
            'browser.download.panel.shown': true,
            // Extension and page console output goes to geckodriver's log (shown when a test needs it).
            'devtools.console.stdout.content': true,
            'devtools.console.stdout.chrome': true,
          },
        },
      },
    },
  });
  const sid = `/session/${session.sessionId}`;
  // Allowed in private windows, as a reader would allow it (the private-window tests need it).
  await wd('POST', `${sid}/moz/addon/install`, { path: addon || EXT, temporary: !addon, allowPrivateBrowsing: true });
  const blank = await wd('GET', `${sid}/window`);
  let current = blank;

  async function use(handle) {
    if (current !== handle) {
      await wd('POST', `${sid}/window`, { handle });
      current = handle;
    }
  }
  async function find(selector) {
    const el = await wd('POST', `${sid}/element`, { using: 'css selector', value: selector });
    return el[ELEMENT];
  }
  async function actions(list) {
    await wd('POST', `${sid}/actions`, { actions: list });
    await wd('DELETE', `${sid}/actions`);
  }

  class Page {
    constructor(handle) {
      this.handle = handle;
      this.errors = []; // classic WebDriver cannot see console errors; QuoteLens failures show as data-state=error
    }
    async goto(url) {
      await use(this.handle);
      await wd('POST', `${sid}/url`, { url });
    }
    async eval(fn, arg = null, prelude = '') {
      await use(this.handle);
      const script = `${prelude}
const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
  .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`;
      const r = await wd('POST', `${sid}/execute/async`, { script, args: [arg] });
      if (!r) throw new Error('in page: the script was interrupted (navigation?)');
      if (r.err) throw new Error(`in page: ${r.err}`);
      return r.ok;
    }
    evalWithScript(file, fn, arg = null) {
      return this.eval(fn, arg, fs.readFileSync(file, 'utf8'));
    }
    async hover(selector) {
      await use(this.handle);
      const id = await find(selector);
      await actions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
        { type: 'pointerMove', duration: 0, x: 0, y: 0, origin: 'viewport' },
        { type: 'pointerMove', duration: 0, x: 0, y: 0, origin: { [ELEMENT]: id } },
      ] }]);
    }
    async hoverAway() {
      await use(this.handle);
      await actions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', duration: 0, x: 1, y: 1, origin: 'viewport' }] }]);
    }
    /** A key, or a chord such as 'Control+v' (keys down in order, up in reverse). */
    async press(key) {
      await use(this.handle);
      const keys = (key.length > 1 && key.includes('+') ? key.split('+') : [key]).map((k) => KEYS[k] ?? k);
      await actions([{ type: 'key', id: 'kbd', actions: [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))] }]);
    }
    /** Chooses `file` (a path) in the file input `selector`: WebDriver sends the path as the input's keys. */
    async setFile(selector, file) {
      await use(this.handle);
      await wd('POST', `${sid}/element/${await find(selector)}/value`, { text: file });
    }
    /**
     * A real right-click on `selector`, then (chrome context) activates the browser's context-menu item
     * labelled `label`, as a reader choosing it. Resolves to false when the open menu has no such item.
     */
    async contextMenu(selector, label) {
      await use(this.handle);
      const id = await find(selector);
      await wd('POST', `${sid}/execute/sync`, { script: 'arguments[0].scrollIntoView({ block: "center" });', args: [{ [ELEMENT]: id }] });
      await actions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
        { type: 'pointerMove', duration: 0, x: 0, y: 0, origin: { [ELEMENT]: id } },
        { type: 'pointerDown', button: 2 }, { type: 'pointerUp', button: 2 },
      ] }]);
      await wd('POST', `${sid}/moz/context`, { context: 'chrome' });
      try {
        return await wd('POST', `${sid}/execute/async`, {
          script: `const [label, done] = arguments;
            const w = Services.wm.getMostRecentWindow('navigator:browser');
            const menu = w.document.getElementById('contentAreaContextMenu');
            const end = Date.now() + 5000;
            (function wait() {
              if (menu.state === 'open') {
                const item = [...menu.querySelectorAll('menuitem')].find((m) => m.label === label && !m.hidden);
                if (item) menu.activateItem(item);
                else menu.hidePopup();
                return done(!!item);
              }
              if (Date.now() > end) return done(false);
              w.setTimeout(wait, 50);
            })();`,
          args: [label],
        });
      } finally {
        await wd('POST', `${sid}/moz/context`, { context: 'content' });
      }
    }
    async click(selector) {
      await use(this.handle);
      await wd('POST', `${sid}/element/${await find(selector)}/click`, {});
    }
    /** Clicks inside the open shadow root of <quotelens-ui>. */
    async clickInUI(selector) {
      await wd('POST', `${sid}/element/${await this.findInUI(selector)}/click`, {});
    }
    /** The WebDriver ids of the elements matching `selector` in the open shadow root of <quotelens-ui>. */
    async findInUI(selector, all = false) {
      await use(this.handle);
      const host = await find('body > quotelens-ui');
      const root = (await wd('GET', `${sid}/element/${host}/shadow`))['shadow-6066-11e4-a52e-4f735466cecf'];
      const found = await wd('POST', `${sid}/shadow/${root}/element${all ? 's' : ''}`, { using: 'css selector', value: selector });
      return all ? found.map((e) => e[ELEMENT]) : found[ELEMENT];
    }
    /** Chooses the option labelled `label` of a <select> in the card (a click on the option, as a reader). */
    async selectInUI(selector, label) {
      for (const id of await this.findInUI(`${selector} option`, true)) {
        if ((await wd('GET', `${sid}/element/${id}/text`)).trim() === label) return wd('POST', `${sid}/element/${id}/click`, {});
      }
      throw new Error(`no option ${label} in ${selector}`);
    }
    /** Types `text` into a field of the card (real key events). */
    async typeInUI(selector, text) {
      await wd('POST', `${sid}/element/${await this.findInUI(selector)}/value`, { text });
    }
    async front() {
      current = null; // switching selects the tab even when it is already the current browsing context
      await use(this.handle);
    }
    async screenshot(file) {
      await use(this.handle);
      fs.writeFileSync(file, Buffer.from(await wd('GET', `${sid}/screenshot`), 'base64'));
    }
    async close() {
      await use(this.handle);
      await wd('DELETE', `${sid}/window`);
      current = null;
      await use(blank);
    }
  }

  return {
    name: 'firefox',
    async open(url) {
      const { handle } = await wd('POST', `${sid}/window/new`, { type: 'tab' });
      const p = new Page(handle);
      if (url) await p.goto(url);
      return p;
    },
    /** A page in a new private window (the temporarily installed add-on runs there too). */
    async openPrivate(url) {
      const before = new Set(await wd('GET', `${sid}/window/handles`));
      await wd('POST', `${sid}/moz/context`, { context: 'chrome' });
      try {
        // Resolved once the window has finished its delayed start-up (as Firefox's own tests wait for a new
        // window): a page loaded into it before then sometimes got no content script (seen in busy runs).
        await wd('POST', `${sid}/execute/async`, {
          script: `const done = arguments[arguments.length - 1];
            const topic = 'browser-delayed-startup-finished';
            let w = null;
            const seen = (subject) => {
              if (subject !== w) return;
              Services.obs.removeObserver(seen, topic);
              done(true);
            };
            Services.obs.addObserver(seen, topic);
            w = Services.wm.getMostRecentWindow('navigator:browser').OpenBrowserWindow({ private: true });`,
          args: [],
        });
      } finally {
        await wd('POST', `${sid}/moz/context`, { context: 'content' });
      }
      let handle;
      for (let i = 0; i < 100 && !handle; i++) {
        handle = (await wd('GET', `${sid}/window/handles`)).find((h) => !before.has(h));
        if (!handle) await sleep(100);
      }
      if (!handle) throw new Error('no private window');
      const p = new Page(handle);
      await p.goto(url);
      return p;
    },
    /** Content WebDriver may not navigate to moz-extension:// URLs; the chrome context opens the tab. */
    async extensionPage(rel) {
      const before = new Set(await wd('GET', `${sid}/window/handles`));
      await wd('POST', `${sid}/moz/context`, { context: 'chrome' });
      try {
        await wd('POST', `${sid}/execute/sync`, {
          script: `const w = Services.wm.getMostRecentWindow('navigator:browser');
            const tab = w.gBrowser.addTab(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
            w.gBrowser.selectedTab = tab;`,
          args: [`moz-extension://${UUID}/${rel}`],
        });
      } finally {
        await wd('POST', `${sid}/moz/context`, { context: 'content' });
      }
      let handle;
      for (let i = 0; i < 50 && !handle; i++) {
        handle = (await wd('GET', `${sid}/window/handles`)).find((h) => !before.has(h));
        if (!handle) await sleep(100);
      }
      const p = new Page(handle);
      await use(handle);
      // The new tab starts as about:blank; wait for the extension page itself to finish loading.
      for (let i = 0; i < 100; i++) {
        const ready = await p.eval(() => location.protocol === 'moz-extension:' && document.readyState === 'complete').catch(() => false);
        if (ready) break;
        await sleep(100);
      }
      return p;
    },
    async readDownload(file) { return fs.readFileSync(file, 'utf8'); },
    log: () => geckoLog,
    /** Sets Firefox prefs at run time (chrome context), e.g. the proxy a privacy test listens on. */
    async setPrefs(prefs) {
      await wd('POST', `${sid}/moz/context`, { context: 'chrome' });
      try {
        await wd('POST', `${sid}/execute/sync`, {
          script: `for (const [k, v] of Object.entries(arguments[0])) {
              if (typeof v === 'number') Services.prefs.setIntPref(k, v);
              else if (typeof v === 'boolean') Services.prefs.setBoolPref(k, v);
              else Services.prefs.setStringPref(k, v);
            }`,
          args: [prefs],
        });
      } finally {
        await wd('POST', `${sid}/moz/context`, { context: 'content' });
      }
    },
    /**
     * Presses a chord (e.g. ['Alt', 'Shift', 'N']) as trusted key events of the browser window itself (chrome
     * context, nsITextInputProcessor), so the browser's own shortcut handling — extension commands — sees it.
     * WebDriver key actions are dispatched inside the page's process and never reach it.
     */
    async keyChord(keys) {
      await wd('POST', `${sid}/moz/context`, { context: 'chrome' });
      try {
        await wd('POST', `${sid}/execute/sync`, {
          script: `const w = Services.wm.getMostRecentWindow('navigator:browser');
            const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
            if (!tip.beginInputTransactionForTests(w)) throw new Error('no input transaction');
            const CODES = { Alt: ['AltLeft', 18], Shift: ['ShiftLeft', 16], Control: ['ControlLeft', 17] };
            const events = arguments[0].map((k) => {
              const [code, keyCode] = CODES[k] || ['Key' + k.toUpperCase(), k.toUpperCase().charCodeAt(0)];
              return new w.KeyboardEvent('', { key: k, code, keyCode });
            });
            for (const e of events) tip.keydown(e);
            for (const e of events.reverse()) tip.keyup(e);`,
          args: [keys],
        });
      } finally {
        await wd('POST', `${sid}/moz/context`, { context: 'content' });
      }
    },
    /** The add-on as Firefox sees it (chrome context): active, content scripts registered. */
    async diagnose() {
      await wd('POST', `${sid}/moz/context`, { context: 'chrome' });
      try {
        return await wd('POST', `${sid}/execute/sync`, {
          script: `const p = WebExtensionPolicy.getByID(arguments[0]);
            return p ? { active: p.active, contentScripts: p.contentScripts.length, hosts: String(p.allowedOrigins.patterns.map((x) => x.pattern)) } : 'no policy';`,
          args: [ADDON_ID],
        });
      } finally {
        await wd('POST', `${sid}/moz/context`, { context: 'content' });
      }
    },
    async quit() {
      await wd('DELETE', sid).catch(() => {});
      gecko.kill();
      fs.rmSync(downloads, { recursive: true, force: true });
    },
  };
}
