// Notices the page changing under QuoteLens and says when a check is due; what a check does (snapshot, core,
// update the highlights) is the controller's (content.js). One MutationObserver over the document sees the
// page's changes to text the core reads ("read more", infinite scroll, a single-page app's new view); URL
// changes of single-page apps are caught too. QuoteLens's own DOM changes are made inside `guard`, one
// synchronous slice at a time, with the observer disconnected: they make no records at all, while the page's
// changes between our slices are still seen (filtering our records instead cost up to 350 ms a slice on a
// 10 MB page: tens of thousands of splitText records, and their garbage).
// Pacing: a settle delay batches bursts, and the gap between checks grows with every recent run or fruitless
// check, so a page that rewrites itself every 100 ms gets a few runs a minute at most.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});

  const SETTLE_MS = 400;
  const MIN_GAP_MS = 500;
  const MAX_GAP_MS = 15_000;
  const RECENT_MS = 30_000;
  /** Attributes that show or hide text. */
  const WATCHED_ATTRS = ['hidden', 'open', 'class', 'style', 'aria-hidden'];
  const OBSERVED = { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: WATCHED_ATTRS };

  const elementOf = (node) => node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  const isOurs = (node) => {
    const el = elementOf(node);
    return !!el && !!el.closest('mark[data-ql], quotelens-ui');
  };

  /** Holds some non-blank text (stops at the first such node: no whole-subtree textContent per record). */
  function hasText(node) {
    if (node.nodeType === Node.TEXT_NODE) return node.data.trim() !== '';
    if (node.nodeType !== Node.ELEMENT_NODE || node.localName === 'quotelens-ui' || (node.localName === 'mark' && node.hasAttribute('data-ql'))) return false;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) if (t.data.trim() !== '') return true;
    return false;
  }

  /** Whether a mutation (never one of ours: see guard) may change what the core reads. */
  function relevant(r) {
    if (isOurs(r.target)) return false; // the page changed something inside a highlight or our UI
    if (r.type === 'characterData') return true;
    if (r.type === 'attributes') return hasText(r.target); // shown or hidden ("read more", <details>)
    return [...r.addedNodes, ...r.removedNodes].some(hasText);
  }

  /**
   * due(): a check is due (called from a timer); ready(): whether the page has highlights to keep up to date
   * (until then changes are only remembered: the first run schedules the check when done, see kick()).
   * Returns {guard, quiet(fn), watch(), unwatch(), pending(), kick(), take(), fruitless(), ran()}.
   */
  QL.createPageWatch = function createPageWatch({ due, ready }) {
    let observer = null;
    let watching = false;
    let held = 0; // guard depth
    let dirty = false, navigated = false;
    let timer = 0, lastCheck = 0, gap = MIN_GAP_MS;
    const recent = []; // times of recent runs
    let lastHref = location.href;

    function schedule() {
      if (timer) return;
      const now = performance.now();
      if (now - lastCheck > RECENT_MS) gap = MIN_GAP_MS; // quiet for a while: back to prompt checks
      timer = setTimeout(() => {
        timer = 0;
        due();
      }, Math.max(SETTLE_MS, lastCheck + gap - now));
    }

    function consider(records) {
      if (location.href !== lastHref) {
        lastHref = location.href;
        navigated = true;
        schedule();
      }
      if (!dirty && records.some(relevant)) dirty = true;
      if (dirty && ready()) schedule();
    }
    const onUrlMaybeChanged = () => consider([]);

    const guard = {
      enter() {
        if (held++ === 0 && watching) {
          consider(observer.takeRecords());
          observer.disconnect();
        }
      },
      leave() {
        if (--held === 0 && watching) observer.observe(document.documentElement, OBSERVED);
      },
    };

    return {
      guard,
      /** Runs a synchronous DOM change of QuoteLens's own (the card's host, say) inside the guard. */
      quiet(fn) {
        guard.enter();
        try {
          return fn();
        } finally {
          guard.leave();
        }
      },
      watch() {
        if (!observer) observer = new MutationObserver(consider);
        watching = true;
        if (held === 0) observer.observe(document.documentElement, OBSERVED);
        window.addEventListener('popstate', onUrlMaybeChanged);
        window.addEventListener('hashchange', onUrlMaybeChanged);
        if (window.navigation && navigation.addEventListener) navigation.addEventListener('navigatesuccess', onUrlMaybeChanged);
      },
      unwatch() {
        if (observer) observer.disconnect();
        watching = false;
        clearTimeout(timer);
        timer = 0;
        dirty = navigated = false;
        window.removeEventListener('popstate', onUrlMaybeChanged);
        window.removeEventListener('hashchange', onUrlMaybeChanged);
        if (window.navigation && navigation.removeEventListener) navigation.removeEventListener('navigatesuccess', onUrlMaybeChanged);
      },
      /** Whether a check is scheduled, or changes wait for one. */
      pending() {
        return timer !== 0 || dirty || navigated;
      },
      /** Schedules a check if the page changed while a run worked. */
      kick() {
        if (dirty) schedule();
      },
      /** At a check: what happened since the last one ({navigated, dirty}), now cleared. */
      take() {
        lastCheck = performance.now();
        const changes = { navigated, dirty };
        navigated = dirty = false;
        return changes;
      },
      /** The check found the page's text unchanged: wait longer next time. */
      fruitless() {
        gap = Math.min(gap * 2, MAX_GAP_MS);
      },
      /** The check ran the core: the more runs lately, the longer the next gap. */
      ran() {
        const now = performance.now();
        while (recent.length && now - recent[0] > RECENT_MS) recent.shift();
        recent.push(now);
        gap = Math.min(MIN_GAP_MS * 2 ** (recent.length - 1), MAX_GAP_MS);
      },
    };
  };
})();
