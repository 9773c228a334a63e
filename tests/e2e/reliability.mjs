// Issue 8's suites, registered together by chromium.test.mjs and firefox.test.mjs in a describe of their own
// (a browser of its own and a longer timeout than the core suites'): the fixed corpus subset of the sweep,
// the hostile pages, a 10 MB page through every message, privacy and permissions, data safety.
import { sweepSuite } from './sweep.mjs';
import { hostileSuite } from './hostile.mjs';
import { hugePageSuite } from './hugepage.mjs';
import { privacySuite } from './privacy.mjs';
import { safetySuite } from './safety.mjs';

export function reliabilitySuites(h) {
  sweepSuite(h);
  hostileSuite(h);
  hugePageSuite(h);
  privacySuite(h);
  safetySuite(h);
}
