// Data safety (issue 8): the reader's corrections and settings survive a reload, a browser restart on the same
// profile and an extension update; an export followed by an import restores the corrections exactly; a storage
// failure is reported, never swallowed. The suite starts its own browsers on a kept profile: Chromium with a
// copy of dist/chrome given a manifest `key` (so its id does not depend on the directory), Firefox with the
// add-on installed permanently from an .xpi (unsigned, which Firefox ESR allows with
// xpinstall.signatures.required=false); the update is a copy with a higher version over the same profile.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../harness/server.mjs';
import { until, patient } from '../harness/harness.mjs';
import * as check from '../harness/checks.mjs';

/** A Chrome extension id from its manifest key: SHA-256 of the DER public key, first 32 hex digits as a–p. */
function chromeId(keyBase64) {
  const hex = crypto.createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

function bump(version) {
  const [a, b, c] = version.split('.').map(Number);
  return `${a}.${b}.${(c || 0) + 1}`;
}

/** A copy of dist/<browser> in `dir` with manifest changes `edit(m)`. */
function variant(browser, dir, edit) {
  fs.cpSync(path.join(ROOT, 'dist', browser), dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(m);
  fs.writeFileSync(file, JSON.stringify(m, null, 2));
  return m;
}

/** Zips `dir` into an .xpi (Python's zipfile: no zip tool is needed on the machine). */
function xpi(dir, out) {
  execFileSync('python3', ['-c', 'import shutil,sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2])', out, dir]);
  fs.renameSync(`${out}.zip`, out);
  return out;
}

/** Registers the data-safety tests; `env` gives the page server and the browser's name (harness.mjs). */
export function safetySuite(env) {
  describe('data safety: reload, restart, update, export/import, storage errors', { timeout: patient(300_000) }, () => {
    let tmp, profile, builds, launch, driver = null, ctl = null;
    const name = () => env.driver.name;

    before(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-safety-'));
      profile = path.join(tmp, 'profile');
      fs.mkdirSync(profile);
      ({ launch } = await import(`../harness/${name()}.mjs`));
      if (name() === 'chromium') {
        const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
        const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
        let version;
        // The key makes the id the same whatever the directory: the update below loads from another one.
        variant('chrome', path.join(tmp, 'v1'), (m) => { m.key = key; version = m.version; });
        variant('chrome', path.join(tmp, 'v2'), (m) => { m.key = key; m.version = bump(m.version); });
        builds = { v1: { extension: path.join(tmp, 'v1') }, v2: { extension: path.join(tmp, 'v2') }, id: chromeId(key), version };
      } else {
        let version;
        variant('firefox', path.join(tmp, 'v1'), (m) => { version = m.version; });
        variant('firefox', path.join(tmp, 'v2'), (m) => { m.version = bump(m.version); });
        builds = { v1: { addon: xpi(path.join(tmp, 'v1'), path.join(tmp, 'v1.xpi')) }, v2: { addon: xpi(path.join(tmp, 'v2'), path.join(tmp, 'v2.xpi')) }, version };
      }
    });
    after(async () => {
      await driver?.quit();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    async function start(build) {
      if (driver) await driver.quit();
      driver = await launch({ profile, ...builds[build] });
      ctl = await driver.extensionPage('popup/popup.html');
      return ctl.eval(() => ({ id: chrome.runtime.id, version: chrome.runtime.getManifest().version }));
    }
    const stored = () => ctl.eval(() => chrome.storage.local.get(null));
    /** Sends `msg` to the content script of the tab showing `url` and returns its answer. */
    const tell = (url, msg) => ctl.eval(async ([u, m]) => {
      for (const t of await chrome.tabs.query({})) {
        const s = await QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(t.id, x), { type: 'ql:state' }).catch(() => null);
        if (s && s.url === u) return QuoteLens.parcel.ask((x) => chrome.tabs.sendMessage(t.id, x), m);
      }
      throw new Error(`no content script for ${u}`);
    }, [url, msg]);
    const seed = () => `${env.server.origin}/seed.html`;

    /** The seed page, annotated; returns it with the speaker of each quote highlight, by id. */
    async function openSeed() {
      const page = await driver.open(seed());
      await until('annotated', async () => (await page.eval(check.pageState)).state === 'on');
      return page;
    }
    const speakers = (page) => page.eval(() => Object.fromEntries([...document.querySelectorAll('[data-ql="quote"][tabindex="0"]')]
      .map((m) => [m.textContent.slice(0, 40), m.getAttribute('data-ql-speaker')])));
    const datesOff = (page) => page.eval(() => {
      const d = [...document.querySelectorAll('[data-ql="date"]')];
      return d.length > 0 && d.every((x) => x.hasAttribute('data-ql-off'));
    });

    let correction, key, saved;

    it('a correction and the settings are stored, and survive a reload', async () => {
      const ids = await start('v1');
      if (builds.id) assert.equal(ids.id, builds.id, 'the id comes from the manifest key');
      await ctl.eval(() => chrome.storage.local.set({ layers: { date: false } }));
      let page = await openSeed();
      const st = await tell(seed(), { type: 'ql:state' });
      const q = st.result.quotes.find((x) => x.speaker === 'Wang Yi' && x.id === x.group);
      assert.ok(q && st.anchors[q.id], 'a quote by Wang Yi with its anchor');
      correction = { action: 'speaker', target: st.anchors[q.id].selector, speaker: 'A Corrected Speaker' };
      const r = await tell(seed(), { type: 'ql:correct', correction });
      assert.equal(r.error ?? null, null, `the correction is saved: ${r.error}`);
      key = `corrections:${r.pageKey}`;
      saved = (await stored())[key];
      assert.equal(saved.length, 1, `stored under ${key}`);
      assert.equal(saved[0].speaker, 'A Corrected Speaker');
      const shown = await until('the corrected speaker on the page', async () => Object.values(await speakers(page)).includes('A Corrected Speaker'));
      assert.ok(shown);
      await page.close();
      page = await openSeed();
      assert.ok(Object.values(await speakers(page)).includes('A Corrected Speaker'), 'after a reload');
      assert.ok(await datesOff(page), 'the date layer stays off after a reload');
      await page.close();
    });

    it('survive a browser restart on the same profile', async () => {
      const ids = await start('v1');
      if (builds.id) assert.equal(ids.id, builds.id);
      const s = await stored();
      assert.deepEqual(s[key], saved);
      assert.deepEqual(s.layers, { date: false });
      const page = await openSeed();
      assert.ok(Object.values(await speakers(page)).includes('A Corrected Speaker'), 'after a restart');
      assert.ok(await datesOff(page));
      await page.close();
    });

    it('survive an update to a higher version', async () => {
      const ids = await start('v2');
      assert.equal(ids.version, bump(builds.version), 'the new version is running');
      if (builds.id) assert.equal(ids.id, builds.id);
      const s = await stored();
      assert.deepEqual(s[key], saved);
      assert.deepEqual(s.layers, { date: false });
      const page = await openSeed();
      assert.ok(Object.values(await speakers(page)).includes('A Corrected Speaker'), 'after an update');
      await page.close();
    });

    it('an export followed by an import (JSON) restores the corrections exactly', async () => {
      const page = await openSeed();
      await page.front();
      const popup = await driver.extensionPage('popup/popup.html');
      await until('the popup to show the page', () => popup.eval(() => document.getElementById('page').textContent));
      const n = await popup.eval(async () => (await chrome.downloads.search({})).length);
      await popup.click('#export-json');
      const file = await until('the JSON export', () => popup.eval(async (k) => {
        const all = await chrome.downloads.search({ orderBy: ['-startTime'] });
        return all.length > k && all[0].state === 'complete' ? all[0].filename : null;
      }, n));
      await popup.close();
      const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(exported.corrections, saved, 'the export carries the stored corrections');
      const reset = await tell(seed(), { type: 'ql:reset' });
      assert.deepEqual(reset.corrections, []);
      assert.ok(!Object.values(await speakers(page)).includes('A Corrected Speaker'), 'reset');
      const imported = await tell(seed(), { type: 'ql:import', corrections: exported.corrections });
      assert.equal(imported.error ?? null, null);
      assert.deepEqual((await stored())[key], saved, 'stored exactly as before');
      await until('the corrected speaker back', async () => Object.values(await speakers(page)).includes('A Corrected Speaker'));
      await page.close();
    });

    it('a storage failure is reported, not swallowed (Chrome: storage.local quota)', async (t) => {
      // Firefox's storage.local has no quota to run into from a test.
      if (name() !== 'chromium') return t.skip('Firefox storage.local has no quota a test can fill');
      const page = await openSeed();
      const quota = await ctl.eval(() => chrome.storage.local.QUOTA_BYTES);
      const used = await ctl.eval(() => chrome.storage.local.getBytesInUse(null));
      await ctl.eval((n) => chrome.storage.local.set({ filler: 'x'.repeat(n) }), quota - used - 200);
      const st = await tell(seed(), { type: 'ql:state' });
      const q = st.result.quotes.find((x) => x.speaker === 'Dmitry Peskov' && x.id === x.group);
      const r = await tell(seed(), { type: 'ql:correct', correction: { action: 'speaker', target: st.anchors[q.id].selector, speaker: 'Someone Else With A Long Name '.repeat(20) } });
      assert.match(String(r.error), /Could not save your corrections/, JSON.stringify(r).slice(0, 300));
      const after = await tell(seed(), { type: 'ql:state' });
      assert.match(String(after.error), /Could not save/, 'the state says so (the popup shows it)');
      assert.equal(after.saved, false);
      assert.deepEqual((await stored())[key], saved, 'what was stored is intact');
      await ctl.eval(() => chrome.storage.local.remove('filler'));
      await page.close();
    });
  });
}
