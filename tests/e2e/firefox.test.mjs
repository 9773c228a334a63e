// End-to-end in Firefox ESR (geckodriver, plain WebDriver HTTP) with dist/firefox as a temporary add-on.
import { describe } from 'node:test';
import { launch } from '../harness/firefox.mjs';
import { useBrowser, patient } from '../harness/harness.mjs';
import { browserSuite } from './scenarios.mjs';
import { popupDataSuite } from './popup-data.mjs';
import { readingSuite } from './reading.mjs';
import { correctionsSuite } from './corrections.mjs';
import { a11ySuite } from './a11y.mjs';
import { reliabilitySuites } from './reliability.mjs';

describe('firefox', { timeout: patient(300_000) }, () => {
  const h = useBrowser(launch);
  browserSuite(h);
  popupDataSuite(h);
  readingSuite(h);
  correctionsSuite(h);
  a11ySuite(h);
});

// Issue 8 (corpus sweep subset, hostile pages, privacy, data safety): a browser of its own, a longer timeout.
describe('firefox: reliability', { timeout: patient(1_200_000) }, () => reliabilitySuites(useBrowser(launch)));
