// Privacy and permissions (issue 8): QuoteLens makes no network request of its own; it asks only for the
// permissions it uses; it exposes nothing to page scripts beyond the documented DOM attributes; its
// web-accessible resources cannot be probed at a fixed URL in Chrome. Run in both browsers (privacySuite).
import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT } from '../harness/server.mjs';
import * as check from '../harness/checks.mjs';

/**
 * Every permission the manifests may ask for, and what it is used for. The test fails when a manifest asks
 * for one more (or one less): a new permission must be justified here first.
 */
export const JUSTIFIED_PERMISSIONS = {
  storage: 'settings, the reader\'s corrections and collections (storage.local)',
  activeTab: '"Annotate this page" on a tab where the manifest\'s content script is not running',
  scripting: 'injecting the content script for "Annotate this page" (with activeTab)',
  downloads: 'exports: a popup\'s blob URL dies with the popup, so the background downloads the file',
  contextMenus: 'the "Add quote from selection" context-menu entry',
};

/** Attributes QuoteLens may put on the elements it adds to the page (design.md Contract 2). */
const MARK_ATTRIBUTES = /^(data-ql(-[a-z]+)*|tabindex|aria-describedby)$/;

function manifest(browser) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', browser, 'manifest.json'), 'utf8'));
}

// ---- in-page checks ----

/** What the page's own scripts can see: globals, and the attributes of the elements QuoteLens added. */
function pageView() {
  const attrs = new Set();
  for (const el of document.querySelectorAll('[data-ql]')) for (const a of el.attributes) attrs.add(a.name);
  const labels = [...document.querySelectorAll('[id^="quotelens-label-"]')].map((l) => l.localName);
  return { globals: Object.getOwnPropertyNames(window).filter((k) => /quote|ql/i.test(k)), attrs: [...attrs].sort(),
    runtime: typeof globalThis.chrome !== 'undefined' && !!(globalThis.chrome.runtime && globalThis.chrome.runtime.sendMessage),
    labels, hosts: document.querySelectorAll('quotelens-ui').length };
}

/**
 * A logging HTTP proxy: Firefox (whose prefs send everything but loopback to a proxy, see firefox.mjs) is
 * pointed at it, so any request that leaves the machine is recorded ("CONNECT host:443" or "GET url").
 */
function loggingProxy() {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(502);
    res.end();
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    port: server.address().port, seen, close: () => new Promise((done) => server.close(done)),
  })));
}

/** Registers the privacy tests on the harness `env` (harness.mjs). */
export function privacySuite(env) {
  const { settings, stateIs, openPristine, download, popupFor } = env;

  describe('privacy and permissions', () => {
    it('the manifest asks only for the justified permissions, no host permissions, top frame only', () => {
      const browser = env.driver.name === 'chromium' ? 'chrome' : 'firefox';
      const m = manifest(browser);
      assert.deepEqual([...m.permissions].sort(), Object.keys(JUSTIFIED_PERMISSIONS).sort());
      assert.equal(m.host_permissions, undefined, 'no host permissions');
      assert.equal(m.optional_permissions, undefined);
      assert.equal(m.optional_host_permissions, undefined);
      assert.equal(m.externally_connectable, undefined, 'no page or other extension can message QuoteLens');
      for (const cs of m.content_scripts) assert.ok(!cs.all_frames && !cs.match_about_blank, 'the content script runs in the top frame only');
      // The core runs in the background, so nothing is web-accessible: a page has no QuoteLens URL to probe.
      assert.equal(m.web_accessible_resources, undefined, 'no web-accessible resources');
      assert.match(m.content_security_policy.extension_pages, /^script-src 'self' 'wasm-unsafe-eval'; object-src 'self'$/);
    });

    it('annotating, exporting and turning off make no network request beyond the page\'s own', async () => {
      let proxy = null;
      const outside = [];
      const extensionUrls = [];
      let own = 0; // the page's own requests: proof that the listener hears requests at all
      let stop = () => {};
      if (env.driver.name === 'chromium') {
        // Every request of the browser context: pages, and the extension's service worker.
        const ctx = (await env.driver.open()).page.context();
        const onRequest = (r) => {
          const u = r.url();
          if (u.startsWith(env.server.origin)) own++;
          if (/^chrome-extension:/.test(u)) extensionUrls.push(u);
          else if (!u.startsWith(env.server.origin) && !/^(data|blob|about):/.test(u)) outside.push(`${r.method()} ${u}${r.serviceWorker() ? ' (service worker)' : ''}`);
        };
        ctx.on('request', onRequest);
        stop = () => ctx.off('request', onRequest);
      } else {
        proxy = await loggingProxy();
        await env.driver.setPrefs({ 'network.proxy.http_port': proxy.port, 'network.proxy.ssl_port': proxy.port });
        stop = () => env.driver.setPrefs({ 'network.proxy.http_port': 9, 'network.proxy.ssl_port': 9 });
      }
      try {
        const served = env.server.requests.length;
        const page = await openPristine(`${env.server.origin}/seed.html`);
        await stateIs(page, 'on');
        const popup = await popupFor(page);
        await download(popup, '#export-json');
        await download(popup, '#export-w3c');
        await popup.close();
        await settings({ enabled: false });
        await stateIs(page, null);
        // Everything QuoteLens set off has ended (the content script settled, the background idle) before the
        // requests are read.
        await env.settled(`${env.server.origin}/seed.html`);
        await env.backgroundIdle();
        await page.close();
        // The page server saw the page and nothing else: QuoteLens fetched nothing from the page's origin.
        assert.deepEqual(env.server.requests.slice(served).filter((r) => r !== 'GET /seed.html' && r !== 'GET /favicon.ico'), []);
        // Firefox's own services (Remote Settings, updates) go through the proxy too; they are the browser's,
        // not the add-on's, and they show the proxy hears what leaves the machine.
        const browsers = /^(CONNECT |GET https?:\/\/)[^/]*\.(mozilla\.(com|net|org)|firefox\.com)(:\d+)?(\/|$)/;
        if (proxy) assert.deepEqual(proxy.seen.filter((r) => !browsers.test(r)), [], 'requests that left the machine (through the proxy)');
        assert.deepEqual(outside, [], 'requests beyond 127.0.0.1');
        if (env.driver.name === 'chromium') {
          assert.ok(own > 0, 'the request listener heard the page load');
          assert.ok(extensionUrls.every((u) => new URL(u).pathname.match(/^\/(pkg|popup|content|icons)\//) || /\.(js|css|html|png|wasm)$/.test(u)), extensionUrls.join('\n'));
        }
      } finally {
        await stop();
        await proxy?.close();
      }
    });

    it('page scripts see only the documented attributes: no globals, no messaging, nothing left after turning off', async () => {
      const page = await openPristine(`${env.server.origin}/seed.html`);
      const off = await page.eval(pageView);
      await stateIs(page, 'on');
      const on = await page.eval(pageView);
      assert.deepEqual(on.globals, off.globals, 'no global added to the page\'s world');
      assert.equal(on.runtime, false, 'the page cannot message the extension');
      const extra = on.attrs.filter((a) => !MARK_ATTRIBUTES.test(a));
      assert.deepEqual(extra, [], 'attributes on highlights beyond Contract 2');
      assert.ok(on.labels.every((t) => t === 'span'));
      assert.equal(on.hosts, 1, 'one <quotelens-ui> host');
      await settings({ enabled: false });
      await stateIs(page, null);
      const c = await page.eval(check.compareWithPristine);
      assert.deepEqual(c, { textSame: true, domSame: true, hosts: 0, marks: 0 }, c.diff);
      await page.close();
    });

    it('the extension\'s files cannot be probed from a page (nothing is web-accessible)', async (t) => {
      // Firefox serves them at moz-extension://<a random per-installation UUID>/, which a page cannot guess.
      if (env.driver.name !== 'chromium') return t.skip('Chrome only: Firefox uses a per-installation random host');
      const page = await openPristine(`${env.server.origin}/seed.html`);
      await stateIs(page, 'on');
      const id = await env.ctl.eval(() => chrome.runtime.id);
      const probe = await page.eval(async (u) => {
        try {
          const r = await fetch(u);
          return r.ok ? 'loaded' : `status ${r.status}`;
        } catch (e) {
          return 'refused';
        }
      }, `chrome-extension://${id}/pkg/quotelens.js`);
      assert.notEqual(probe, 'loaded', 'an extension file loads from the page');
      await settings({ enabled: false });
      await stateIs(page, null);
      await page.close();
    });
  });
}
