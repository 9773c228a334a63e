// End-to-end: an accessibility scan with axe-core (npm) of what QuoteLens adds to a page — the highlights,
// the open card (also with its correction form) — and of the popup. Violations the page had before QuoteLens
// acted are the page's; a serious or critical violation that is new, or that names a QuoteLens element, fails.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT } from '../harness/server.mjs';
import { until } from '../harness/harness.mjs';
import * as check from '../harness/checks.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** Runs axe on the whole document (open shadow roots included); serious and critical violations, one per node. */
function axeScan() {
  return globalThis.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => ({ rule: v.id, impact: v.impact, target: JSON.stringify(n.target), html: n.html.slice(0, 200) }))));
}

const ours = (v) => /quotelens-ui|data-ql/.test(v.target + v.html);
// By rule and element, not axe's selector: a selector is only unique for the DOM it was made in.
const key = (v) => `${v.rule} ${v.html}`;

export function a11ySuite(env) {
  const { stateIs, openPristine, popupFor } = env;

  describe('accessibility (axe-core)', () => {
    let page, baseline;
    before(async () => {
      page = await openPristine(`${env.server.origin}/seed.html`);
    });
    after(() => page?.close());

    it('adds no serious or critical violation to the annotated page, with the card open', async () => {
      // openPristine turned QuoteLens on after saving the page; scan what the page is without it first.
      await stateIs(page, 'on');
      await env.settings({ enabled: false });
      await stateIs(page, null);
      baseline = await page.evalWithScript(AXE, axeScan);
      await env.settings({ enabled: true });
      await stateIs(page, 'on');
      const h = await page.eval(check.highlights);
      const q = h.quotes.find((x) => x.speaker === 'Dmitry Peskov' && x.kind === 'direct');
      await page.eval(check.quoteRect, q.id);
      await page.hover(`[data-ql="quote"][data-ql-id="${q.id}"]`);
      await until('the card', () => page.eval(check.card));
      const seen = new Set(baseline.map(key));
      const annotated = await page.evalWithScript(AXE, axeScan);
      assert.deepEqual(annotated.filter((v) => ours(v) || !seen.has(key(v))), [], `baseline: ${JSON.stringify(baseline)}`);
      // The card with its correction form open.
      await page.clickInUI('button.edit');
      await until('the correction form', async () => /Not a quote/.test((await page.eval(check.card))?.text || ''));
      const editing = await page.evalWithScript(AXE, axeScan);
      assert.deepEqual(editing.filter((v) => ours(v) || !seen.has(key(v))), []);
      await page.press('Escape');
      await page.hoverAway();
    });

    it('the popup has no serious or critical violation', async () => {
      const popup = await popupFor(page);
      await until('the speakers', () => popup.eval(() => document.querySelectorAll('#speakers button.speaker').length > 0));
      const found = await popup.evalWithScript(AXE, axeScan);
      assert.deepEqual(found, []);
      // Each of the popup's other panels (axe skips hidden ones, so each is shown in turn).
      for (const tab of ['audit', 'corrections', 'collections']) {
        await popup.click(`#tab-${tab}`);
        assert.deepEqual(await popup.evalWithScript(AXE, axeScan), [], `the ${tab} panel`);
      }
      await popup.close();
    });
  });
}
