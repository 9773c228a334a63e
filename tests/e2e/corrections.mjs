// End-to-end: the reader's corrections from the page (issue 6; docs/corrections-and-storage.md) — each
// correction kind from the card, undo, reset, persistence across a reload, and private windows.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { until, tabState, tell } from '../harness/harness.mjs';
import * as check from '../harness/checks.mjs';

const SEED = '/seed.html';
const KEY = 'corrections:http://127.0.0.1/seed.html'; // the page's canonical URL

export function correctionsSuite(env) {
  const { stateIs, openPristine } = env;

  describe('corrections from the card', () => {
    let page;
    const state = () => tabState(env, SEED);
    const stored = () => env.ctl.eval(async (k) => (await chrome.storage.local.get(k))[k] ?? null, KEY);
    const quoteBy = (s, speaker, kind) => s.result.quotes.find((q) => q.speaker === speaker && q.kind === kind);
    /** Hovers the quote (first element of the record) and waits for its card. */
    async function cardOf(q) {
      await page.eval(check.quoteRect, q.id);
      await page.hover(`[data-ql="quote"][data-ql-id="${q.id}"]`);
      return until(`the card of ${q.id}`, async () => {
        const c = await page.eval(check.card);
        return c && c.quote === q.id && c;
      });
    }
    /** Waits until the page's state holds `n` corrections and the page is annotated again. */
    const settledWith = (n) => until(`${n} corrections applied`, async () => {
      const s = await state();
      return s && s.status === 'on' && s.corrections.length === n && s;
    });
    async function consistent(s) {
      const c = await page.eval(check.consistency, s.result);
      assert.deepEqual(c.problems, []);
      assert.deepEqual(c.unmarked, []);
    }

    before(async () => {
      page = await openPristine(`${env.server.origin}${SEED}`);
      await stateIs(page, 'on');
      await tell(env, SEED, { type: 'ql:reset' });
    });
    after(async () => {
      await tell(env, SEED, { type: 'ql:reset' }).catch(() => {});
      await page?.close();
    });

    it('changes a quote\'s speaker to one of the article\'s entities; the quote looks and says corrected', async () => {
      const s0 = await state();
      const q = quoteBy(s0, 'Chinese Foreign Ministry', 'indirect');
      await cardOf(q);
      await page.clickInUI('button.edit');
      await page.selectInUI('.edit-panel select.speaker-select', 'Wang Yi');
      await page.clickInUI('.edit-panel button.save');
      const s = await settledWith(1);
      const c = s.corrections[0];
      assert.equal(c.action, 'speaker');
      assert.equal(c.speaker, 'Wang Yi');
      assert.equal(c.anchored, true);
      assert.match(c.id, /^c-\d{8}T\d{6}Z-[0-9a-z]{4}$/);
      assert.equal(c.target.type, 'TextQuoteSelector');
      assert.equal(c.target.exact, s0.anchors[q.id].selector.exact);
      const now = s.result.quotes.find((x) => x.start === q.start);
      assert.equal(now.speaker, 'Wang Yi');
      assert.deepEqual(now.corrections, [c.id]);
      await consistent(s);
      const el = await page.eval((id) => {
        const m = document.querySelector(`[data-ql="quote"][data-ql-id="${id}"]`);
        return { speaker: m.getAttribute('data-ql-speaker'), corrected: m.getAttribute('data-ql-corrected'), focused: document.activeElement === m };
      }, now.id);
      assert.deepEqual(el, { speaker: 'Wang Yi', corrected: c.id, focused: true }, 'corrected, marked, and focus kept on it');
      const card = await until('the card of the corrected quote', () => page.eval(check.card));
      assert.match(card.text, /Wang Yi/);
      assert.match(card.text, /Corrected by you/);
      assert.deepEqual(await stored(), s.corrections.map(({ anchored, ...rest }) => rest), 'stored under the canonical URL');
    });

    it('Undo on the card takes the last change of that quote back', async () => {
      const s0 = await state();
      const q = s0.result.quotes.find((x) => x.corrections && x.corrections.length);
      await cardOf(q);
      await page.clickInUI('button.undo');
      const s = await settledWith(0);
      assert.equal(s.result.quotes.find((x) => x.start === q.start).speaker, 'Chinese Foreign Ministry');
      assert.equal(await page.eval(() => document.querySelectorAll('[data-ql-corrected]').length), 0);
      assert.equal(await stored(), null);
      await consistent(s);
      await page.press('Escape');
      await page.hoverAway();
    });

    it('types a speaker the engine did not know, and changes a kind', async () => {
      const s0 = await state();
      const q = quoteBy(s0, 'Konstantin Gavrilov', 'partial');
      await cardOf(q);
      await page.clickInUI('button.edit');
      await page.selectInUI('.edit-panel select.speaker-select', 'Someone else…');
      await page.typeInUI('.edit-panel input.speaker-name', 'Jane Roe');
      await page.selectInUI('.edit-panel select.kind-select', 'Direct quote');
      await page.clickInUI('.edit-panel button.save');
      const s = await settledWith(2);
      assert.deepEqual(s.corrections.map((c) => [c.action, c.speaker ?? c.kind, c.anchored]), [['speaker', 'Jane Roe', true], ['kind', 'direct', true]]);
      const now = s.result.quotes.find((x) => x.start === q.start);
      assert.equal(s.corrections[0].target.exact, s0.anchors[q.id].selector.exact, 'the card\'s quote is the one corrected');
      assert.equal(now.speaker, 'Jane Roe');
      assert.equal(now.kind, 'direct');
      assert.ok(s.result.entities.some((e) => e.name === 'Jane Roe' && e.type === 'person'), 'a new person entity');
      assert.equal(await page.eval((id) => document.querySelector(`[data-ql="quote"][data-ql-id="${id}"]`).getAttribute('data-ql-kind'), now.id), 'direct');
      await consistent(s);
    });

    it('dismisses a false quote; the notice offers Undo', async () => {
      const s0 = await state();
      const q = s0.result.quotes.find((x) => x.speaker_description === 'Russian diplomats');
      await cardOf(q);
      await page.clickInUI('button.edit');
      await page.clickInUI('.edit-panel button.dismiss');
      const s = await settledWith(3);
      assert.equal(s.corrections[2].action, 'dismiss');
      assert.ok(!s.result.quotes.some((x) => x.speaker_description === 'Russian diplomats'));
      assert.equal(s.result.quotes.length, s0.result.quotes.length - 1);
      await consistent(s);
      const notice = await until('the notice', async () => {
        const c = await page.eval(check.card);
        return c && /Quote dismissed/.test(c.text) && c;
      });
      assert.ok(notice);
      await page.clickInUI('button.notice-undo');
      const back = await settledWith(2);
      assert.ok(back.result.quotes.some((x) => x.speaker_description === 'Russian diplomats'));
      await consistent(back);
    });

    it('adjusts a quote\'s span to the reader\'s selection', async () => {
      const s0 = await state();
      const q = quoteBy(s0, 'Dmitry Peskov', 'direct');
      const first = 'It’s no secret that, of course, the deployment of various types of weapons at our borders, which may pose a threat to us, will require appropriate steps to be taken in order to balance the situation.';
      assert.ok(q.text.startsWith(first) && q.text.length > first.length, q.text);
      await page.front();
      assert.ok(await page.eval(check.selectText, first), 'selected');
      await page.press('Shift'); // the reader finishes a keyboard selection: the selection card appears
      await until('the selection card', async () => /span of the quote by Dmitry Peskov/.test((await page.eval(check.card))?.text || ''));
      await page.clickInUI('button.span-sel');
      const s = await settledWith(3);
      const c = s.corrections[2];
      assert.equal(c.action, 'span');
      assert.equal(c.span.exact, first);
      assert.equal(c.target.exact, s0.anchors[q.id].selector.exact);
      assert.ok(c.span.prefix.endsWith('“'), JSON.stringify(c.span));
      const now = s.result.quotes.find((x) => x.start === q.start);
      assert.equal(now.text, first);
      assert.equal(now.speaker, 'Dmitry Peskov');
      await consistent(s);
    });

    it('adds a missed quote from a selection, with its speaker and kind', async () => {
      const title = 'Armament Deployment by Russian Borders to Require Reciprocal Measures';
      await page.front();
      assert.ok(await page.eval(check.selectText, title));
      await page.press('Shift');
      await until('the selection card', async () => /Add as quote/.test((await page.eval(check.card))?.text || ''));
      await page.clickInUI('button.add-open');
      await until('the add form', async () => /New quote/.test((await page.eval(check.card))?.text || ''));
      await page.selectInUI('.addform select.speaker-select', 'Dmitry Peskov');
      await page.selectInUI('.addform select.kind-select', 'Partial quote');
      await page.clickInUI('button.add-save');
      const s = await settledWith(4);
      const c = s.corrections[3];
      assert.deepEqual([c.action, c.speaker, c.kind, c.target.exact, c.target.prefix], ['add', 'Dmitry Peskov', 'partial', title, '']);
      const added = s.result.quotes.find((x) => x.text === title);
      assert.ok(added, 'the new quote is in the result');
      assert.deepEqual([added.speaker, added.kind, added.corrections], ['Dmitry Peskov', 'partial', [c.id]]);
      await consistent(s);
      assert.equal(await page.eval(() => document.querySelector('h1 [data-ql="quote"]')?.getAttribute('data-ql-speaker')), 'Dmitry Peskov');
    });

    it('the context menu\'s "Add quote from selection" opens the add form at the selection', async () => {
      await page.front();
      assert.ok(await page.eval(check.selectText, 'According to Beijing'));
      assert.equal(await tell(env, SEED, { type: 'ql:add-selection' }), true);
      const c = await until('the add form', async () => {
        const x = await page.eval(check.card);
        return x && /New quote/.test(x.text) && x;
      });
      assert.match(c.text, /According to Beijing/);
      await page.clickInUI('button.add-cancel');
      await until('the form closed', async () => !(await page.eval(check.card)));
    });

    it('persists across a reload (anchored by text), and Reset removes every correction', async () => {
      const s0 = await state();
      await page.goto(`${env.server.origin}${SEED}`);
      await stateIs(page, 'on');
      const s = await settledWith(s0.corrections.length);
      assert.deepEqual(s.corrections.map((c) => c.id), s0.corrections.map((c) => c.id));
      assert.ok(s.corrections.every((c) => c.anchored), JSON.stringify(s.corrections));
      assert.deepEqual(s.result.quotes.map((q) => [q.text, q.speaker, q.kind]), s0.result.quotes.map((q) => [q.text, q.speaker, q.kind]));
      await consistent(s);
      // The same page under a CSP that forbids WASM in the page (Chromium: the core runs in the background
      // worker, which gets the corrections through the same options): same key, same corrected result.
      const served = (await env.ctl.eval(() => chrome.runtime.sendMessage({ type: 'ql:idle' }))).annotated;
      const strict = await env.driver.open(`${env.server.origin}/csp${SEED}`);
      await stateIs(strict, 'on');
      const c = await until('the corrections applied under the strict CSP', async () => {
        const x = await tabState(env, `/csp${SEED}`);
        return x && x.status === 'on' && x.corrections.length === s.corrections.length && x;
      });
      // The background's core annotated it (the content script has none; the page's CSP forbids WASM anyway).
      const after = (await env.ctl.eval(() => chrome.runtime.sendMessage({ type: 'ql:idle' }))).annotated;
      assert.ok(after > served, `the background annotated the strict page (${served} → ${after} pages)`);
      assert.deepEqual(c.result.quotes.map((q) => [q.text, q.speaker, q.kind]), s.result.quotes.map((q) => [q.text, q.speaker, q.kind]));
      await strict.close();
      await tell(env, SEED, { type: 'ql:reset' });
      const r = await settledWith(0);
      assert.equal(await stored(), null);
      assert.equal(await page.eval(() => document.querySelectorAll('[data-ql-corrected]').length), 0);
      assert.equal(r.result.quotes.length, 17);
    });

    it('a storage error (a full quota) is reported in the card and the state; the correction still shows', async (t) => {
      if (env.driver.name !== 'chromium') return t.skip('storage.local has no quota in Firefox');
      // storage.local holds 10 MiB (key lengths plus JSON values) without unlimitedStorage: leave ~50 bytes.
      await env.ctl.eval(() => chrome.storage.local.set({ filler: 'x'.repeat(10_485_760 - 'filler'.length - 2 - 50) }));
      try {
        const s0 = await state();
        const q = quoteBy(s0, 'Wang Yi', 'indirect');
        await cardOf(q);
        await page.clickInUI('button.edit');
        await page.selectInUI('.edit-panel select.speaker-select', 'Dmitry Peskov');
        await page.clickInUI('.edit-panel button.save');
        const s = await settledWith(1);
        assert.match(s.error || '', /^Could not save your corrections: .*quota/i);
        assert.equal(s.saved, false);
        assert.equal(s.result.quotes.find((x) => x.start === q.start).speaker, 'Dmitry Peskov', 'applied in memory');
        assert.equal(await stored(), null, 'nothing half-written');
        await until('the card says so', async () => /Could not save your corrections/.test((await page.eval(check.card))?.text || ''));
      } finally {
        await env.ctl.eval(() => chrome.storage.local.remove('filler'));
      }
      await tell(env, SEED, { type: 'ql:reset' });
      const r = await settledWith(0);
      assert.equal(r.error, null, 'the next successful write clears the error');
      await page.press('Escape');
      await page.hoverAway();
    });

    it('forged (untrusted) clicks on the correction controls change nothing', async () => {
      const s0 = await state();
      const q = quoteBy(s0, 'Wang Yi', 'direct');
      await cardOf(q);
      const forged = await page.eval(() => {
        const root = document.querySelector('body > quotelens-ui').shadowRoot;
        for (const b of root.querySelectorAll('button.edit, .edit-panel button.dismiss, .edit-panel button.save, button.add-save')) b.click();
        return true;
      });
      assert.ok(forged);
      await new Promise((ok) => setTimeout(ok, 500));
      const s = await state();
      assert.equal(s.corrections.length, 0);
      assert.equal(s.result.quotes.length, 17);
      await page.press('Escape');
      await page.hoverAway();
    });
  });

  describe('private windows', () => {
    const allStored = () => env.ctl.eval(async () => Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('corrections:')));

    it('keeps corrections in memory only: nothing is written, a normal window never sees them', async () => {
      assert.deepEqual(await allStored(), []);
      const priv = await env.driver.openPrivate(`${env.server.origin}${SEED}?private=1`);
      try {
        if (priv.hover) await stateIs(priv, 'on');
        const s0 = await until('QuoteLens on in the private window', async () => {
          const x = await tabState(env, '?private=1');
          return x && x.status === 'on' && x;
        });
        assert.equal(s0.incognito, true);
        assert.equal(s0.saved, false);
        assert.equal(s0.pageKey, 'http://127.0.0.1/seed.html', 'the same page key as in a normal window');
        const q = s0.result.quotes.find((x) => x.speaker === 'Chinese Foreign Ministry' && x.kind === 'indirect');
        if (priv.hover) {
          // Firefox drives the private window's page: the correction is made from the card.
          await priv.front();
          await priv.eval(check.quoteRect, q.id);
          await priv.hover(`[data-ql="quote"][data-ql-id="${q.id}"]`);
          await until(`the card of ${q.id}`, async () => (await priv.eval(check.card))?.quote === q.id);
          await priv.clickInUI('button.edit');
          await priv.selectInUI('.edit-panel select.speaker-select', 'Wang Yi');
          await priv.clickInUI('.edit-panel button.save');
        } else {
          // Chromium's incognito window is outside Playwright's context: the correction comes as the popup's.
          await tell(env, '?private=1', { type: 'ql:correct', correction: { action: 'speaker', target: s0.anchors[q.id].selector, speaker: 'Wang Yi' } });
        }
        const s = await until('the correction applied', async () => {
          const x = await tabState(env, '?private=1');
          return x && x.corrections.length === 1 && x.status === 'on' && x;
        });
        assert.equal(s.result.quotes.find((x) => x.start === q.start).speaker, 'Wang Yi');
        assert.equal(s.error, null, 'no storage error: nothing was attempted');
        assert.deepEqual(await allStored(), [], 'nothing written to storage.local');
      } finally {
        await priv.close();
      }
      const page = await env.driver.open(`${env.server.origin}${SEED}`);
      await stateIs(page, 'on');
      const normal = await tabState(env, SEED);
      assert.deepEqual(normal.corrections, []);
      assert.equal(normal.incognito, false);
      assert.equal(await page.eval(() => document.querySelectorAll('[data-ql-corrected]').length), 0);
      await page.close();
    });
  });
}
