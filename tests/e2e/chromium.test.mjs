// End-to-end in Chromium (Playwright + /usr/bin/chromium) with dist/chrome loaded unpacked.
import { describe } from 'node:test';
import { launch } from './chromium.mjs';
import { useBrowser } from './harness.mjs';
import { browserSuite } from './scenarios.mjs';
import { popupDataSuite } from './popup-data.mjs';
import { readingSuite } from './reading.mjs';
import { correctionsSuite } from './corrections.mjs';
import { a11ySuite } from './a11y.mjs';

describe('chromium', { timeout: 300_000 }, () => {
  const h = useBrowser(launch);
  browserSuite(h, { screenshot: true });
  popupDataSuite(h, { screenshot: true });
  readingSuite(h);
  correctionsSuite(h);
  a11ySuite(h);
});
