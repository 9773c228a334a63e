// End-to-end in Firefox ESR (geckodriver, plain WebDriver HTTP) with dist/firefox as a temporary add-on.
import { describe } from 'node:test';
import { launch } from './firefox.mjs';
import { useBrowser } from './harness.mjs';
import { browserSuite } from './scenarios.mjs';
import { popupDataSuite } from './popup-data.mjs';
import { readingSuite } from './reading.mjs';
import { correctionsSuite } from './corrections.mjs';
import { a11ySuite } from './a11y.mjs';

describe('firefox', { timeout: 300_000 }, () => {
  const h = useBrowser(launch);
  browserSuite(h);
  popupDataSuite(h);
  readingSuite(h);
  correctionsSuite(h);
  a11ySuite(h);
});
