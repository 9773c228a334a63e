// End-to-end: the popup's data side (issues 5 and 6) — the sourcing audit, Import JSON after Export JSON,
// Copy Markdown, Clear all QuoteLens data, collections exported in every format, the context-menu item.
// Registered in chromium.test.mjs and firefox.test.mjs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { until, tabState, tell } from '../harness/harness.mjs';
import { ROOT, SHARED } from '../harness/server.mjs';
import * as check from '../harness/checks.mjs';
import { validateDocument } from '../exports/w3c-validate.mjs';

const COLLECTION = ['cnn', 'bbc-1', 'guardian-1'];
const CLI = path.join(ROOT, 'target', 'release', 'quotelens');

/** The popup's status line once it matches `re`. */
async function statusMatching(popup, re) {
  let last = '';
  return until(`popup status ${re}`, async () => {
    last = await popup.eval(() => document.getElementById('status').textContent);
    return re.test(last) && last;
  }, { timeout: 10000 }).catch((e) => { throw new Error(`${e.message}; the status says: ${last}`); });
}

/** Clicks a button that asks for confirmation, then its confirmation. */
async function confirmClick(popup, selector) {
  await popup.click(selector);
  await until('the confirm step', () => popup.eval((sel) => document.querySelector(sel).classList.contains('confirming'), selector));
  await popup.click(selector);
}

const EXACT = { exact: true };

/** A TextQuoteSelector (32 code points either side) for a quote of the result, as the card makes it. */
function selectorFor(result, quote) {
  const cps = Array.from(result.text);
  return { type: 'TextQuoteSelector', exact: cps.slice(quote.start, quote.end).join(''),
    prefix: cps.slice(Math.max(0, quote.start - 32), quote.start).join(''), suffix: cps.slice(quote.end, quote.end + 32).join('') };
}

const AUDIT_SCREENSHOT = path.join(ROOT, 'docs', 'screenshot-audit.png');

/** Registers the suite on the harness `env`; `screenshot` writes docs/screenshot-audit.png (one browser does). */
export function popupDataSuite(env, { screenshot = false } = {}) {
  const { settings, stateIs, openPristine, download, popupFor } = env;

  describe('popup data', () => {
    let tmp;
    before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-popup-')); });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('registers the "Add quote from selection" context-menu item', async () => {
      // Neither browser lists menu items back; updating one succeeds only if it exists.
      const r = await env.ctl.eval(async () => {
        const exists = await chrome.contextMenus.update('ql-add-selection', { title: 'Add quote from selection' }).then(() => true, (e) => String(e && e.message || e));
        const bogus = await chrome.contextMenus.update('ql-no-such-item', {}).then(() => true, () => false);
        return { exists, bogus };
      });
      assert.deepEqual(r, { exists: true, bogus: false });
    });

    it('choosing "Add quote from selection" in the page\'s context menu opens the add form at the selection', async (t) => {
      const page = await openPristine(`${env.server.origin}/seed.html`);
      try {
        if (!page.contextMenu) {
          t.skip('headless Chromium has no native context menu a test can open');
          return;
        }
        await stateIs(page, 'on');
        assert.ok(await page.eval(check.selectText, 'According to Beijing'), 'selected');
        // Right-click on the selected text's paragraph, as a reader does.
        await page.eval(() => getSelection().anchorNode.parentElement.closest('p').setAttribute('data-test-selected', ''));
        assert.equal(await page.contextMenu('p[data-test-selected]', 'Add quote from selection'), true, 'the item is in the menu');
        const c = await until('the add form', async () => {
          const x = await page.eval(check.card);
          return x && /New quote/.test(x.text) && x;
        });
        assert.match(c.text, /According to Beijing/);
        await page.clickInUI('button.add-cancel');
      } finally {
        await page.close();
      }
    });

    describe('on the reference article', () => {
      let page, url;
      before(async () => {
        url = `${env.server.origin}/seed.html`;
        page = await openPristine(url);
        await stateIs(page, 'on');
      });
      after(() => page?.close());

      it('the speakers list gives each speaker\'s role and counts by kind, matching the result', async () => {
        const popup = await popupFor(page);
        const rows = await until('the speakers', () => popup.eval(() => {
          const r = [...document.querySelectorAll('#speakers button.speaker')].map((b) => ({ name: b.querySelector('.name').textContent,
            detail: b.querySelector('.detail').textContent, count: Number(b.querySelector('.count').textContent) }));
          return r.length ? r : null;
        }), { timeout: 5000 });
        const s = await tabState(env, url, EXACT);
        const words = { direct: 'direct', partial: 'partial', indirect: 'reported' };
        for (const row of rows) {
          const groups = s.result.quotes.filter((q) => q.id === q.group && (q.speaker ?? `(${q.speaker_description})`) === row.name);
          assert.equal(row.count, groups.length, row.name);
          for (const kind of Object.keys(words)) {
            const n = groups.filter((q) => q.kind === kind).length;
            if (n) assert.ok(row.detail.includes(`${n} ${words[kind]}`), `${row.name}: ${n} ${words[kind]} in “${row.detail}”`);
          }
        }
        const peskov = rows.find((r) => r.name === 'Dmitry Peskov');
        assert.ok(peskov && peskov.detail.startsWith('Kremlin spokesman — '), JSON.stringify(peskov));
        await popup.close();
      });

      it('the audit panel: named and unnamed sources, outlets, word shares, mentioned-not-quoted people', async () => {
        const popup = await popupFor(page);
        await popup.click('#tab-audit');
        const a = await until('the audit panel', () => popup.eval(() => {
          const box = document.getElementById('audit');
          if (box.hidden) return null;
          const texts = (id) => [...document.querySelectorAll(`#${id} li`)].map((li) => li.textContent);
          const facts = Object.fromEntries([...document.querySelectorAll('#audit-summary dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
          return { facts, share: texts('audit-share'), outlets: texts('audit-outlets'), mentioned: texts('audit-mentioned'),
            anonymous: texts('audit-anonymous'), panelVisible: !document.getElementById('panel-audit').hidden };
        }), { timeout: 5000 });
        assert.ok(a.panelVisible);
        assert.match(a.facts.Sources, /^4 named, 1 unnamed$/);
        assert.ok(a.outlets.some((o) => o.startsWith('Sputnik')) && a.outlets.some((o) => o.startsWith('RT')), JSON.stringify(a.outlets));
        assert.equal(a.outlets.length, 2, JSON.stringify(a.outlets));
        for (const who of ['Yuri Ushakov', 'Jake Sullivan']) assert.ok(a.mentioned.some((m) => m.startsWith(who)), `${who} in ${JSON.stringify(a.mentioned)}`);
        assert.ok(a.anonymous.some((x) => /Russian diplomats/.test(x)), JSON.stringify(a.anonymous));
        for (const who of ['Dmitry Peskov', 'Konstantin Gavrilov', 'Chinese Foreign Ministry', 'Wang Yi']) {
          assert.ok(a.share.some((s) => s.startsWith(who) && /\d+ words? · \d+ %/.test(s)), `${who}'s share in ${JSON.stringify(a.share)}`);
        }
        // Most words first; shares are rounded percentages of all quoted words.
        const words = a.share.map((s) => Number(s.match(/(\d+) words?/)[1]));
        assert.deepEqual(words, [...words].sort((x, y) => y - x));
        const total = a.share.map((s) => Number(s.match(/(\d+) %/)[1])).reduce((x, y) => x + y, 0);
        assert.ok(total > 50 && total <= 100 + a.share.length / 2, `shares add up to ${total} %`);
        if (screenshot) {
          await popup.eval(() => { document.getElementById('engine').style.visibility = 'hidden'; });
          await popup.screenshot(AUDIT_SCREENSHOT, { width: 380, height: 600 });
        }
        await popup.close();
      });

      it('clicking a mentioned-but-never-quoted person focuses the first mention on the page', async () => {
        const popup = await popupFor(page);
        await popup.click('#tab-audit');
        const sel = await until('Yuri Ushakov in the audit', () => popup.eval(() => {
          const b = [...document.querySelectorAll('#audit-mentioned button')].find((x) => x.textContent.startsWith('Yuri Ushakov'));
          return b ? `#audit-mentioned button[data-entity="${b.dataset.entity}"]` : null;
        }), { timeout: 5000 });
        await popup.click(sel);
        await statusMatching(popup, /Showing Yuri Ushakov/);
        const f = await until('focus on the mention', async () => {
          const x = await page.eval(() => {
            const a = document.activeElement;
            const sel = String(getSelection() || '');
            return { text: a && a !== document.body ? a.textContent : '', sel };
          });
          return (/Ushakov/.test(x.text) || /Ushakov/.test(x.sel)) && x;
        }, { timeout: 5000 });
        assert.ok(f);
        await popup.close();
      });

      it('Copy Markdown puts the Markdown export on the clipboard', async () => {
        const popup = await popupFor(page);
        const file = (await download(popup, '#export-md')).text;
        await popup.click('#copy-md');
        await statusMatching(popup, /Markdown copied/);
        // Paste it where the test can read it: a text area in the popup page.
        await popup.eval(() => {
          const t = document.createElement('textarea');
          t.id = 'paste-here';
          document.body.appendChild(t);
          t.focus();
        });
        await popup.press('Control+v');
        const pasted = await until('the pasted text', () => popup.eval(() => document.getElementById('paste-here').value));
        assert.equal(pasted.replace(/\r\n/g, '\n'), file.replace(/\r\n/g, '\n'));
        assert.match(pasted, /^# /);
        await popup.close();
      });

      it('Import JSON refuses files that are not this page\'s export, and changes nothing', async () => {
        const popup = await popupFor(page);
        const cases = [
          ['not-json.json', 'this is not JSON', /Nothing imported: This file is not JSON/],
          ['other.json', JSON.stringify({ hello: 'world' }), /Nothing imported: This file is not a QuoteLens JSON export/],
          ['other-page.json', JSON.stringify({ generator: { name: 'QuoteLens', version: '0' }, url: 'https://example.org/other', quotes: [], corrections: [] }),
            /Nothing imported: This export is of another page/],
          // This page's export, but one of its corrections is malformed: the content script refuses them all.
          ['malformed.json', JSON.stringify({ generator: { name: 'QuoteLens', version: '0' }, url, quotes: [], corrections: [
            { id: 'c-20260101T000000Z-aaaa', action: 'dismiss', target: { type: 'TextQuoteSelector', exact: 'Peskov', prefix: '', suffix: '' } },
            { id: 'c-20260101T000000Z-bbbb', action: 'explode', target: { type: 'TextQuoteSelector', exact: 'Peskov', prefix: '', suffix: '' } }] }),
            /^Nothing imported: .*correction 2/],
        ];
        const before = await tabState(env, url, EXACT);
        for (const [name, text, want] of cases) {
          const file = path.join(tmp, name);
          fs.writeFileSync(file, text);
          await popup.setFile('#import-file', file);
          await statusMatching(popup, want);
        }
        const afterState = await tabState(env, url, EXACT);
        assert.deepEqual(afterState.corrections, before.corrections);
        await popup.close();
      });

      it('Import JSON from the toolbar popup goes on in a tab of its own, acting on the same page', async () => {
        // A file chooser closes the toolbar popup (Firefox), so there Import JSON opens the popup page in a tab
        // with the page's tab id; this is that tab.
        const id = (await tabState(env, url, EXACT)).tabId;
        const popup = await env.driver.extensionPage(`popup/popup.html?tab=${id}&import=1`);
        await statusMatching(popup, /^Choose “Import JSON” to pick the file for Armament Deployment/);
        assert.equal(await popup.eval(() => document.activeElement.id), 'import-json');
        assert.equal(await popup.eval(() => document.getElementById('import-json').disabled), false);
        await popup.close();
      });

      it('Import JSON after Export JSON restores the corrections (export, reset, import)', async () => {
        const s = await tabState(env, url, EXACT);
        const quote = s.result.quotes.find((q) => q.speaker === 'Wang Yi' && q.group === q.id);
        assert.ok(quote, 'a quote by Wang Yi');
        const correction = { action: 'speaker', target: selectorFor(s.result, quote), speaker: 'Dmitry Peskov' };
        await tell(env, url, { type: 'ql:correct', correction }, EXACT);
        const speakerOf = () => page.eval((id) => {
          const m = [...document.querySelectorAll('[data-ql="quote"]')].find((x) => x.textContent && x.getAttribute('data-ql-group') === x.getAttribute('data-ql-id') &&
            x.closest('[data-ql="quote"]') === x && x.textContent.startsWith(id));
          return m ? m.getAttribute('data-ql-speaker') : null;
        }, quote.text.slice(0, 20));
        await until('the correction on the page', async () => (await speakerOf()) === 'Dmitry Peskov');
        const popup = await popupFor(page);
        await popup.click('#tab-corrections');
        const listed = await until('the correction listed', () => popup.eval(() => [...document.querySelectorAll('#corrections li')].map((li) => ({ id: li.dataset.id, anchored: li.dataset.anchored, text: li.textContent }))));
        assert.equal(listed.length, 1);
        assert.equal(listed[0].anchored, 'true');
        assert.match(listed[0].text, /Speaker changed to Dmitry Peskov/);
        await popup.click('#tab-page');
        const exported = await download(popup, '#export-json');
        // Named after the page (Chromium's downloads are stored by Playwright under generated names).
        await statusMatching(popup, /^Exported JSON \(quotelens-armament-deployment-by-russian-borders-to-require-[a-z-]*\.json\)\.$/);
        if (env.driver.name === 'firefox') assert.match(path.basename(exported.file), /^quotelens-armament-deployment-by-russian-borders-to-require-[a-z-]*(\(\d+\))?\.json$/);
        const data = JSON.parse(exported.text);
        assert.equal(data.corrections.length, 1);
        assert.equal(data.corrections[0].id, listed[0].id);
        assert.deepEqual(data.corrections[0].target, correction.target);
        assert.ok(!('anchored' in data.corrections[0]), 'the fate is not exported as data');
        const stored = (await tabState(env, url, EXACT)).corrections.map(({ anchored, ...c }) => c);

        await popup.click('#tab-corrections');
        await confirmClick(popup, '#reset-corrections');
        await statusMatching(popup, /corrections were removed/);
        assert.deepEqual((await tabState(env, url, EXACT)).corrections, []);
        await until('the engine\'s speaker back', async () => (await speakerOf()) === 'Wang Yi');

        await popup.click('#tab-page');
        await popup.setFile('#import-file', exported.file);
        await statusMatching(popup, /Imported 1 correction/);
        const back = (await tabState(env, url, EXACT)).corrections;
        assert.deepEqual(back.map(({ anchored, ...c }) => c), stored);
        assert.ok(back.every((c) => c.anchored === true));
        await until('the correction on the page again', async () => (await speakerOf()) === 'Dmitry Peskov');

        // The same from a collection's JSON export: the article matching this page brings its corrections back.
        await popup.click('#tab-collections');
        await popup.eval(() => { document.getElementById('collection-name').value = 'With corrections'; });
        await popup.click('#add-to-collection');
        await statusMatching(popup, /^Added this page to With corrections\.$/);
        const box = 'details.collection[data-collection="With corrections"]';
        const collection = await download(popup, `${box} button[data-format="json"]`);
        // One article: one object, as the CLI prints for one file (an array from two on).
        const record = JSON.parse(collection.text);
        assert.equal(record.url, s.result.url);
        assert.deepEqual(record.corrections, stored, 'a collection record carries its corrections');
        await popup.click('#tab-corrections');
        await confirmClick(popup, '#reset-corrections');
        await statusMatching(popup, /corrections were removed/);
        await popup.setFile('#import-file', collection.file);
        await statusMatching(popup, /Imported 1 correction/);
        assert.deepEqual((await tabState(env, url, EXACT)).corrections.map(({ anchored, ...c }) => c), stored);
        await popup.click('#tab-collections');
        await confirmClick(popup, `${box} button.delete`);
        await until('the collection gone', () => popup.eval((b) => !document.querySelector(b), box));

        // Undo from the popup's list.
        await popup.click('#tab-corrections');
        await popup.click(`#corrections button.undo[data-id="${CSS_ESCAPE(listed[0].id)}"]`);
        await until('the undo', async () => (await tabState(env, url, EXACT)).corrections.length === 0);
        await until('the engine\'s speaker back after undo', async () => (await speakerOf()) === 'Wang Yi');
        await popup.close();
      });

      it('Clear all QuoteLens data empties storage; the tabs go back to the defaults and forget their corrections', async () => {
        const s0 = await tabState(env, url, EXACT);
        const quote = s0.result.quotes.find((q) => q.speaker === 'Wang Yi' && q.group === q.id);
        await tell(env, url, { type: 'ql:correct', correction: { action: 'dismiss', target: selectorFor(s0.result, quote) } }, EXACT);
        await until('the quote dismissed', async () => !(await tabState(env, url, EXACT)).result.quotes.some((q) => q.text === quote.text));
        await settings({ layers: { date: false } });
        await env.ctl.eval(() => chrome.storage.local.set({ collections: { Doomed: { created: '2026-01-01T00:00:00Z', articles: {} } } }));
        await until('dates off', () => page.eval(() => [...document.querySelectorAll('[data-ql="date"]')].every((x) => x.hasAttribute('data-ql-off'))));
        const popup = await popupFor(page);
        await popup.click('#tab-collections');
        await until('the collection listed', () => popup.eval(() => !!document.querySelector('details.collection[data-collection="Doomed"]')));
        await popup.click('#tab-corrections');
        await confirmClick(popup, '#clear-all');
        await statusMatching(popup, /All QuoteLens data was cleared/);
        assert.deepEqual(await env.ctl.eval(() => chrome.storage.local.get(null)), {});
        await until('dates back on', () => page.eval(() => [...document.querySelectorAll('[data-ql="date"]')].every((x) => !x.hasAttribute('data-ql-off'))));
        const s1 = await until('the page without its corrections', async () => {
          const x = await tabState(env, url, EXACT);
          return x.status === 'on' && x.corrections.length === 0 && x;
        });
        assert.ok(s1.result.quotes.some((q) => q.text === quote.text), 'the dismissed quote is back');
        assert.deepEqual(await env.ctl.eval(() => chrome.storage.local.get(null)), {}, 'nothing written back');
        assert.equal(await popup.eval(() => document.querySelectorAll('details.collection').length), 0);
        await popup.close();
      });
    });

    it('the panels are tabs: arrow keys, Home and End move between them and show one panel at a time', async () => {
      const page = await env.driver.open(`${env.server.origin}/seed.html`);
      const popup = await popupFor(page);
      const shown = () => popup.eval(() => ({
        selected: [...document.querySelectorAll('[role="tab"][aria-selected="true"]')].map((t) => t.id),
        focused: document.activeElement.id,
        panels: [...document.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.id),
        stops: [...document.querySelectorAll('[role="tab"]')].filter((t) => t.tabIndex === 0).length,
      }));
      await popup.eval(() => document.getElementById('tab-page').focus());
      await popup.press('ArrowRight');
      assert.deepEqual(await shown(), { selected: ['tab-audit'], focused: 'tab-audit', panels: ['panel-audit'], stops: 1 });
      await popup.press('End');
      assert.deepEqual(await shown(), { selected: ['tab-collections'], focused: 'tab-collections', panels: ['panel-collections'], stops: 1 });
      await popup.press('ArrowRight'); // wraps around
      assert.deepEqual(await shown(), { selected: ['tab-page'], focused: 'tab-page', panels: ['panel-page'], stops: 1 });
      await popup.press('ArrowLeft');
      assert.equal((await shown()).selected[0], 'tab-collections');
      await popup.press('Home');
      assert.equal((await shown()).selected[0], 'tab-page');
      await popup.close();
      await page.close();
    });

    it('in a private window the popup says nothing is saved there, and adds nothing to a collection', async (t) => {
      if (!env.driver.openPrivate) {
        t.skip('Chromium: the extension cannot be allowed in incognito windows here (see corrections.mjs)');
        return;
      }
      await env.settings({ enabled: true, disabledSites: {} }); // whatever earlier suites left, QuoteLens is on
      const privUrl = `${env.server.origin}/seed.html?popup-private=1`;
      const priv = await env.driver.openPrivate(privUrl);
      try {
        await until('QuoteLens on in the private window', async () => (await tabState(env, privUrl, EXACT).catch(() => null))?.status === 'on');
        const popup = await env.driver.extensionPage(`popup/popup.html?tab=${(await tabState(env, privUrl, EXACT)).tabId}`);
        await until('the popup to show the result', () => popup.eval(() => /quotes? by/.test(document.getElementById('status').textContent)));
        await popup.click('#tab-corrections');
        assert.equal(await popup.eval(() => document.getElementById('private-note').hidden), false, 'the private-window note');
        await popup.click('#tab-collections');
        assert.deepEqual(await popup.eval(() => ({ note: !document.getElementById('collections-private').hidden,
          add: document.getElementById('add-to-collection').disabled, name: document.getElementById('collection-name').disabled })),
        { note: true, add: true, name: true });
        // Even a submitted form writes nothing.
        await popup.eval(() => {
          document.getElementById('collection-name').value = 'Private';
          document.getElementById('add-form').requestSubmit();
        });
        await statusMatching(popup, /^Collections are not saved from private windows\.$/);
        assert.equal((await env.ctl.eval(() => chrome.storage.local.get('collections'))).collections, undefined);
        await popup.close();
      } finally {
        await priv.close();
      }
    });

    it('a full storage quota is reported when adding to a collection, not swallowed (Chromium: Firefox has no quota)', async (t) => {
      if (env.driver.name !== 'chromium') return t.skip('storage.local has no quota in Firefox');
      const page = await openPristine(`${env.server.origin}/seed.html`);
      await stateIs(page, 'on');
      // storage.local holds 10 MB without the unlimitedStorage permission.
      await env.ctl.eval(() => chrome.storage.local.set({ filler: 'x'.repeat(10_480_000) }));
      try {
        const popup = await popupFor(page);
        await until('the popup to show the result', () => popup.eval(() => !document.getElementById('add-to-collection').disabled));
        await popup.click('#tab-collections');
        await popup.eval(() => { document.getElementById('collection-name').value = 'Too much'; });
        await popup.click('#add-to-collection');
        await statusMatching(popup, /^Not saved: .*quota/i);
        assert.equal((await env.ctl.eval(() => chrome.storage.local.get('collections'))).collections, undefined);
        await popup.close();
      } finally {
        await env.ctl.eval(() => chrome.storage.local.remove('filler'));
        await page.close();
      }
    });

    it('a collection of three corpus articles, exported as JSON, CSV, Markdown and Web Annotation', async () => {
      const name = 'Research set';
      const urls = [];
      let popup;
      for (const article of COLLECTION) {
        const u = `${env.server.origin}/corpus/${article}/`;
        const page = await openPristine(u);
        await stateIs(page, ['on', 'idle', 'error']);
        popup = await popupFor(page);
        await popup.click('#annotate');
        assert.equal((await stateIs(page, ['on', 'error'])).state, 'on');
        // The page's own address for the records: its canonical URL where it gives one (these copies do).
        urls.push((await tabState(env, u, EXACT)).result.url);
        await until('the popup to show the result', () => popup.eval(() => !document.getElementById('add-to-collection').disabled));
        await popup.click('#tab-collections');
        await popup.eval((n) => { document.getElementById('collection-name').value = n; }, name);
        await popup.click('#add-to-collection');
        await statusMatching(popup, /^Added this page to Research set\.$/);
        if (article !== COLLECTION.at(-1)) {
          await popup.close();
          await page.close();
        }
      }
      const stored = await env.ctl.eval(() => chrome.storage.local.get('collections'));
      const arts = Object.values(stored.collections[name].articles);
      assert.equal(arts.length, 3);
      for (const a of arts) {
        assert.equal(typeof a.result.text, 'string');
        assert.ok(Array.isArray(a.corrections));
        assert.ok('published' in a && a.title && urls.includes(a.url), JSON.stringify({ url: a.url, title: a.title }));
      }
      const box = `details.collection[data-collection="${name}"]`;
      await until('the collection listed with 3 articles', () => popup.eval((b) => {
        const d = document.querySelector(b);
        return d && d.open && /3 articles/.test(d.querySelector('summary').textContent);
      }, box));
      const get = (format) => download(popup, `${box} button[data-format="${format}"]`);

      const json = await get('json');
      // One file named after the collection (Playwright stores Chromium's downloads under generated names,
      // so there the name the background asked for is read from the popup).
      await statusMatching(popup, /^Exported Research set as JSON \(quotelens-collection-research-set\.json\)\.$/);
      if (env.driver.name === 'firefox') assert.match(path.basename(json.file), /^quotelens-collection-research-set(\(\d+\))?\.json$/);
      const records = JSON.parse(json.text);
      assert.equal(records.length, 3);
      assert.deepEqual(records.map((r) => r.url).sort(), [...urls].sort());
      // The shape of a CLI batch over the same pages (issue 6): the same fields in every record.
      const cli = JSON.parse(execFileSync(CLI, ['annotate', '--format', 'json', ...COLLECTION.map((n) => path.join(SHARED, 'corpus', 'readability', n, 'source.html'))], { encoding: 'utf8' }));
      assert.deepEqual(records.map((r) => Object.keys(r).sort()), cli.map((r) => Object.keys(r).sort()));
      for (const r of records) {
        assert.ok(typeof r.title === 'string' && r.title.length > 0, 'title');
        assert.ok('published' in r, 'published');
        assert.ok(Array.isArray(r.quotes) && r.quotes.length > 0, `${r.url} has quotes`);
        assert.deepEqual(r.corrections, []);
      }

      const csv = await get('csv');
      const rows = parseCsv(csv.text, { columns: true });
      assert.deepEqual(Object.keys(rows[0]), ['id', 'group', 'kind', 'speaker', 'role', 'quote', 'cue', 'when', 'source', 'url']);
      for (const u of urls) assert.ok(rows.some((r) => r.url.startsWith(u)), `a CSV row links to ${u}`);
      assert.equal(rows.length, records.reduce((n, r) => n + r.quotes.length, 0));

      const md = await get('md');
      const sections = md.text.split('\n').filter((l) => /^# /.test(l));
      assert.equal(sections.length, 3, sections.join('\n'));
      for (const u of urls) assert.ok(md.text.includes(`<${u}>`), `the Markdown links ${u}`);

      const w3c = JSON.parse((await get('w3c')).text);
      assert.deepEqual(validateDocument(w3c), []);
      const items = w3c.first.items;
      assert.equal(items.length, rows.length);
      for (const u of urls) assert.ok(items.some((a) => a.target.source === u), `an annotation targets ${u}`);

      // Remove an article, then delete the collection.
      await popup.click(`${box} li[data-key="${Object.keys(stored.collections[name].articles)[0]}"] button.remove`);
      await until('two articles left', () => popup.eval((b) => /2 articles/.test(document.querySelector(b).textContent), box));
      await confirmClick(popup, `${box} button.delete`);
      await until('the collection gone', () => popup.eval((b) => !document.querySelector(b), box));
      assert.deepEqual((await env.ctl.eval(() => chrome.storage.local.get('collections'))).collections, {});
      await popup.close();
    });
  });
}

/** CSS.escape for attribute values in selectors built here (ids are c-…: letters, digits, dashes). */
function CSS_ESCAPE(s) {
  return String(s).replace(/["\\]/g, '\\$&');
}
