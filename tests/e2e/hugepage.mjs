// A 10 MB page through every message (issue 8, "huge pages"): the content script's state reaches the popup
// in parts no bigger than about 2 MB each (parcel.js; Chrome refuses a message over 64 MiB, which this state
// exceeds), the popup shows the page's quote and speaker counts as the content script has them, the JSON
// export downloaded from the popup holds every quote, and the background's Copy Markdown answer comes in
// parts too. The page is /hostile/10mb.html of server.mjs. Run in both browsers (reliability.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { until, patient } from '../harness/harness.mjs';
import * as check from '../harness/checks.mjs';
import { TEN_MB as PAGE } from '../harness/walks.mjs';

/** The most any one message may carry, as JSON (parcel.js cuts at about 256 KiB; escapes add a little). */
const MESSAGE_MAX = 1 << 19;

/** What identifies a result's quotes, in order: equal digests, equal quotes. */
const quoteKey = (quotes) => quotes.map((q) => `${q.id}:${q.group}:${q.start}:${q.end}:${q.kind}:${q.speaker ?? ''}`).join('\n');

// ---- in the extension's control page (self-contained: the drivers serialise them) ----

/**
 * The content script's state for the tab whose page URL contains `want`, taken as the popup takes it (with
 * parcel.js, which the control page has from popup.js), with the size of every message of the answer and a
 * summary: the counts the popup shows, and a digest of the quotes.
 */
async function contentState({ want }) {
  const P = globalThis.QuoteLens.parcel;
  for (const t of await chrome.tabs.query({})) {
    const sizes = [];
    const send = async (m) => {
      const r = await chrome.tabs.sendMessage(t.id, m);
      sizes.push(JSON.stringify(r ?? null).length);
      return r;
    };
    const s = await P.ask(send, { type: 'ql:state' }).catch(() => null);
    if (!s || typeof s.url !== 'string' || !s.url.includes(want)) continue;
    const quotes = (s.result && s.result.quotes) || [];
    const speakers = {}; // name as the popup lists it -> utterances (a group counted once)
    for (const q of quotes) {
      const name = q.speaker ?? (q.speaker_description ? `(${q.speaker_description})` : '(unknown speaker)');
      speakers[name] = (speakers[name] || 0) + (q.group === q.id ? 1 : 0);
    }
    const key = quotes.map((q) => `${q.id}:${q.group}:${q.start}:${q.end}:${q.kind}:${q.speaker ?? ''}`).join('\n');
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)))]
      .map((b) => b.toString(16).padStart(2, '0')).join('');
    return { tab: t.id, status: s.status, applied: s.applied, quotes: quotes.length, groups: quotes.filter((q) => q.group === q.id).length,
      speakers, digest, text: s.result ? s.result.text.length : 0, url: s.result ? s.result.url : null, anchors: Object.keys(s.anchors || {}).length, sizes };
  }
  return null;
}

/** Copy Markdown's export, asked of the background as the popup asks it, with the size of every message. */
async function markdownOf({ tab }) {
  const sizes = [];
  const send = async (m) => {
    const r = await chrome.runtime.sendMessage(m);
    sizes.push(JSON.stringify(r ?? null).length);
    return r;
  };
  const r = await globalThis.QuoteLens.parcel.ask(send, { type: 'ql:export-text', format: 'md', tab });
  return { error: r.error || null, length: r.text ? r.text.length : 0, attributions: r.text ? r.text.split('\n> — ').length - 1 : 0,
    last: !!(r.text && r.text.includes('This is the very last paragraph of the page')), sizes };
}

/** The popup's status line and speaker rows. */
function popupView() {
  return { status: document.getElementById('status').textContent,
    rows: [...document.querySelectorAll('#speakers li')].map((li) => [li.querySelector('.name').textContent, Number(li.querySelector('.count').textContent)]) };
}

// ---- the suite ----

/** Registers the huge-page test on the harness `env` (harness.mjs). */
export function hugePageSuite(env) {
  const { settings, download, popupFor } = env;

  describe('huge pages', () => {
    it('a 10 MB page: the popup shows its counts and exports all its quotes, no message over 512 KiB', { timeout: patient(420_000) }, async () => {
      // As hostile.mjs's 10 MB test: opened with QuoteLens off, turned on without waiting for the content
      // script's answer (which waits for the whole run), in front (Firefox throttles a background tab's timers).
      const page = await env.openOff(PAGE);
      const t0 = Date.now();
      await settings({ enabled: true }, { wait: false });
      await page.front();
      await until('the 10 MB page annotated', async () => (await page.eval(check.pageState)).state === 'on', { timeout: 240_000, every: 500 });
      const annotated = Date.now() - t0;

      // The content script's state, as the popup gets it: a header, then parts of at most about 2 MB.
      const t1 = Date.now();
      const cs = await env.ctl.eval(contentState, { want: PAGE });
      const took = Date.now() - t1;
      assert.ok(cs, 'the content script answers ql:state');
      assert.equal(cs.status, 'on');
      assert.ok(cs.quotes > 10_000, `the page's quotes: ${cs.quotes}`);
      assert.ok(cs.text > 9_000_000, `the page's text: ${cs.text}`);
      assert.equal(cs.anchors, cs.quotes, 'an anchor for every quote');
      assert.ok(cs.sizes[0] < 1000, `the first answer is a header: ${cs.sizes[0]} characters`);
      assert.ok(cs.sizes.length > 2, 'the state came in parts');
      assert.ok(Math.max(...cs.sizes) <= MESSAGE_MAX, `no message over 512 KiB: ${Math.max(...cs.sizes)}`);
      console.log(`10 MB page (${env.driver.name}): annotated in ${annotated} ms; its state (${cs.quotes} quotes, ${cs.text} characters of text) reached the control page in ${cs.sizes.length} messages in ${took} ms, the largest ${Math.max(...cs.sizes)} characters`);

      // The popup shows what the content script has.
      const names = Object.keys(cs.speakers);
      const want = `${cs.groups} quote${cs.groups === 1 ? '' : 's'} by ${names.length} speaker${names.length === 1 ? '' : 's'}.`;
      const t2 = Date.now();
      const popup = await popupFor(page);
      const view = await until('the popup to show the counts', async () => {
        const v = await popup.eval(popupView);
        return v.status === want && v.rows.length === names.length && v;
      }, { timeout: 60_000, every: 250 }).catch(async (e) => { throw new Error(`${e.message}; the popup shows ${JSON.stringify(await popup.eval(popupView))}, want ${want}`); });
      console.log(`10 MB page (${env.driver.name}): the popup showed “${view.status}” ${Date.now() - t2} ms after it opened`);
      assert.deepEqual(Object.fromEntries(view.rows), cs.speakers, 'each speaker with their count');
      assert.match(await popup.eval(() => document.getElementById('engine').textContent), /highlights are put in as you read/, 'the popup says why not every highlight is in the page yet');

      // Export JSON from the popup: a valid file with every quote, as the content script has them.
      const t3 = Date.now();
      const file = await download(popup, '#export-json', { timeout: 120_000 });
      const data = JSON.parse(file.text);
      console.log(`10 MB page (${env.driver.name}): JSON export of ${file.text.length} characters downloaded ${Date.now() - t3} ms after the click`);
      assert.equal(data.generator && data.generator.name, 'QuoteLens');
      assert.equal(data.url, cs.url);
      assert.equal(data.text.length, cs.text, 'the whole text');
      assert.equal(data.quotes.length, cs.quotes, 'every quote');
      assert.equal(createHash('sha256').update(quoteKey(data.quotes)).digest('hex'), cs.digest, 'the same quotes, in order');
      assert.deepEqual(data.corrections, []);

      // Copy Markdown's answer from the background, in parts too.
      const md = await env.ctl.eval(markdownOf, { tab: cs.tab });
      assert.equal(md.error, null);
      assert.ok(md.last, 'the Markdown reaches the last section');
      assert.equal(md.attributions, cs.quotes, 'every quote, with its attribution line');
      assert.ok(md.sizes.length > 2 && md.sizes[0] < 1000, `the Markdown came in parts: ${md.sizes.length} messages`);
      assert.ok(Math.max(...md.sizes) <= MESSAGE_MAX, `no message over 512 KiB: ${Math.max(...md.sizes)}`);

      await popup.close();
      await page.close();
    });
  });
}
