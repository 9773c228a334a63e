// End-to-end in Chromium (Playwright + /usr/bin/chromium) with dist/chrome loaded unpacked.
import { describe } from 'node:test';
import { launch } from '../harness/chromium.mjs';
import { useBrowser, patient } from '../harness/harness.mjs';
import { browserSuite } from './scenarios.mjs';
import { popupDataSuite } from './popup-data.mjs';
import { readingSuite } from './reading.mjs';
import { correctionsSuite } from './corrections.mjs';
import { a11ySuite } from './a11y.mjs';
import { reliabilitySuites } from './reliability.mjs';

describe('chromium', { timeout: patient(300_000) }, () => {
  const h = useBrowser(launch);
  browserSuite(h, { screenshot: true });
  popupDataSuite(h, { screenshot: true });
  readingSuite(h);
  correctionsSuite(h);
  a11ySuite(h);
});

// Issue 8 (corpus sweep subset, hostile pages, privacy, data safety): a browser of its own, a longer timeout.
describe('chromium: reliability', { timeout: patient(1_200_000) }, () => reliabilitySuites(useBrowser(launch)));
