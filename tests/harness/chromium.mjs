// The Chromium driver: Playwright (playwright-core, no downloaded browsers) on Debian's /usr/bin/chromium with
// the unpacked extension from dist/chrome. Implements the driver interface scenarios.mjs uses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './server.mjs';
import { PATIENCE } from './harness.mjs';

const EXT = path.join(ROOT, 'dist', 'chrome');
const KEYS = { Tab: 'Tab', Escape: 'Escape' };

class Page {
  constructor(page) {
    this.page = page;
    this.errors = [];
    // The page's own scripts may fail (corpus pages are offline copies); QuoteLens's failures are logged
    // from the content script with a "QuoteLens:" prefix.
    page.on('console', (m) => { if (m.type() === 'error' && m.text().startsWith('QuoteLens')) this.errors.push(m.text()); });
  }
  goto(url) { return this.page.goto(url, { waitUntil: 'load', timeout: 20000 * PATIENCE }); }
  async eval(fn, arg = null) {
    // An extension page closes when the extension reloads (openPrivate allows it in incognito): open it again.
    if (this.reopen && this.page.isClosed()) this.page = await this.reopen();
    return this.page.evaluate(fn, arg);
  }
  /** Runs `file` (a classic script) in the page, then fn(arg). */
  async evalWithScript(file, fn, arg = null) {
    // Evaluated through DevTools, not a <script> tag: extension pages' and strict pages' CSP would refuse one.
    await this.page.evaluate(fs.readFileSync(file, 'utf8'));
    return this.page.evaluate(fn, arg);
  }
  async hover(selector) {
    await this.page.mouse.move(0, 0);
    await this.page.hover(selector);
  }
  async hoverAway() { await this.page.mouse.move(1, 1); }
  press(key) { return this.page.keyboard.press(KEYS[key] ?? key); }
  click(selector) { return this.page.click(selector); }
  /** Clicks inside the open shadow root of <quotelens-ui> (Playwright's CSS pierces open shadow roots). */
  clickInUI(selector) { return this.page.locator(`quotelens-ui ${selector}`).click(); }
  /** Chooses the option labelled `label` of a <select> in the card. */
  selectInUI(selector, label) { return this.page.locator(`quotelens-ui ${selector}`).selectOption({ label }); }
  /** Types `text` into a field of the card (real key events). */
  typeInUI(selector, text) { return this.page.locator(`quotelens-ui ${selector}`).pressSequentially(text); }
  /** Chooses `file` (a path) in the file input `selector`, as a reader picking it would. */
  setFile(selector, file) { return this.page.setInputFiles(selector, file); }
  front() { return this.page.bringToFront(); }
  /** size: {width, height} resizes the viewport first (the popup, opened as a tab). */
  async screenshot(file, size) {
    if (size) await this.page.setViewportSize(size);
    await this.page.screenshot({ path: file, caret: 'initial' }); // 'hide' leaves style="" on textareas
  }
  close() { return this.page.close(); }
}

/**
 * Options (the data-safety tests restart the browser): `profile`, a profile directory kept after quit() (else a
 * fresh one, removed); `extension`, the unpacked extension's directory (else dist/chrome).
 */
export async function launch({ profile: keep = null, extension = EXT } = {}) {
  const profile = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ql-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    acceptDownloads: true,
    args: ['--no-sandbox', `--disable-extensions-except=${extension}`, `--load-extension=${extension}`, '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu',
      // Offline: corpus pages reference the web; a dead proxy fails those requests at once (loopback bypasses it).
      '--proxy-server=http://127.0.0.1:9'],
  });
  context.setDefaultTimeout(30_000 * PATIENCE);
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15000 * PATIENCE });
  const base = worker.url().match(/^chrome-extension:\/\/[^/]+/)[0];
  for (const p of context.pages()) await p.close().catch(() => {}); // the blank start tab
  let incognitoAllowed = false;
  return {
    name: 'chromium',
    async open(url) {
      const p = new Page(await context.newPage());
      if (url) await p.goto(url);
      return p;
    },
    /** An extension page (the popup) in a tab of its own, acting on the tab visited just before. */
    async extensionPage(rel) {
      const p = new Page(await context.newPage());
      await p.goto(`${base}/${rel}`);
      p.reopen = async () => {
        const page = await context.newPage();
        await page.goto(`${base}/${rel}`, { waitUntil: 'load', timeout: 20000 * PATIENCE });
        return page;
      };
      return p;
    },
    /**
     * Opens `url` in a new incognito window; resolves to {close()}. The first call lets the extension run in
     * incognito as a reader would on chrome://extensions (developer mode on, "Allow in Incognito"), which
     * reloads it: its open extension pages close (Page.eval reopens them) and tabs need a fresh load. The
     * incognito window is another profile, outside Playwright's context: tests reach it by messages.
     */
    async openPrivate(url) {
      if (!incognitoAllowed) {
        const settingsPage = await context.newPage();
        await settingsPage.goto('chrome://extensions/');
        const id = base.slice('chrome-extension://'.length);
        await settingsPage.evaluate(() => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
        const reloaded = context.waitForEvent('serviceworker', { timeout: 15000 * PATIENCE });
        await settingsPage.evaluate((x) => chrome.developerPrivate.updateExtensionConfiguration({ extensionId: x, incognitoAccess: true }), id);
        await reloaded;
        await settingsPage.close();
        incognitoAllowed = true;
      }
      const opener = await context.newPage();
      await opener.goto(`${base}/popup/popup.html`, { waitUntil: 'load', timeout: 20000 * PATIENCE });
      const windowId = await opener.evaluate(async (u) => (await chrome.windows.create({ incognito: true, url: u })).id, url);
      return {
        close: async () => {
          await opener.evaluate((w) => chrome.windows.remove(w), windowId);
          await opener.close();
        },
      };
    },
    async readDownload(file) { return fs.readFileSync(file, 'utf8'); },
    async quit() {
      await context.close();
      if (!keep) fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
