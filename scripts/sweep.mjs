// The corpus sweep as a command (`./build.sh sweep`): every page of ../shared/corpus/readability/ (or the CI
// subset, or named pages) through the built extension in one or both browsers, each page a test of
// tests/e2e/sweep.mjs; figures to target/sweep/, printed beside their budgets.
//
//   node scripts/sweep.mjs [--browser chromium|firefox|both] [--all] [--pages a,b,c] [--check-budgets]
import { describe, before, after } from 'node:test';
import { useBrowser } from '../tests/harness/harness.mjs';
import { CI_PAGES, allPages, sweepSuite } from '../tests/e2e/sweep.mjs';
import { settle } from './budgets.mjs';

const args = process.argv.slice(2);
const opt = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : null; };
const browsers = (opt('--browser') || 'both') === 'both' ? ['chromium', 'firefox'] : [opt('--browser')];
const pages = args.includes('--all') ? allPages() : opt('--pages') ? opt('--pages').split(',') : CI_PAGES;
const set = args.includes('--all') ? 'all' : opt('--pages') ? 'pages' : 'ci';
const judged = [];
for (const b of browsers) {
  const { launch } = await import(`../tests/harness/${b}.mjs`);
  describe(b, { timeout: 60 * 60_000 }, () => {
    const h = useBrowser(launch);
    before(() => console.log(`sweep: ${pages.length} pages in ${b}`));
    sweepSuite(h, { pages, set, judged });
  });
}
after(() => settle(judged));
