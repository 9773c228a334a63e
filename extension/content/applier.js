// The one applier: executes a markup plan (src/markup.rs) on the live DOM and undoes it exactly. It decides
// nothing. Each range of a text node is cut out with splitText and wrapped in a <mark> carrying the plan's
// attributes; the original Text node always stays the first piece (we never split at 0), so removal unwraps,
// rejoins the pieces into the original node and the tree is node-for-node what it was.
// Both directions run in slices (QL.slicer, defined here and used by the snapshot walk too) so a page with
// tens of thousands of highlights keeps its thread. The page may change between slices: a node that left the
// document or whose text changed is left alone from then on, never wrapped and never rejoined into something
// it no longer is.
// A very long plan is applied near the viewport only, as the reader scrolls: measured on a 10 MB page, every
// batch of changes spread over the document cost the browser 120-190 ms of layout and pre-paint per frame,
// however small our slices, while the same page re-renders one changed screenful in a few milliseconds.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  let serial = 0;

  // One slice of work: long enough to get something done, short enough that the page's input, rendering and
  // timers run every few milliseconds (a long task is one over 50 ms). When the page takes long between our
  // slices (rendering a huge page after our changes), slices grow, up to MAX_SLICE_MS, so that we still get
  // about two thirds of the thread: 8 ms slices between 50 ms renders made a 10 MB page take minutes.
  const SLICE_MS = 8;
  const MAX_SLICE_MS = 35;
  /**
   * Plans with more marks than this are applied lazily. Below it (any real article: the corpus's longest page
   * has ~2,200) every highlight is in place at once, for find-in-page, printing and selection.
   */
  const LAZY_FROM = 5000;
  /** How far beyond the viewport (above and below, in viewport heights) lazy highlights are put in ahead. */
  const NEAR = 1.5;
  /** Runs looked at beyond the bisected window on each side: a pull quote or float may sit slightly out of order. */
  const SLACK = 8;
  /** How long scrolling must have stopped before every run is scanned for those the bisection missed. */
  const SETTLE_MS = 250;

  /** Brackets each slice of DOM changes: the controller stops watching for page changes while we make ours. */
  const NO_GUARD = { enter() {}, leave() {} };

  /**
   * Yields to the event loop as a new task. A MessageChannel message is not clamped like nested setTimeout(0)
   * (4 ms after five levels) and, unlike requestIdleCallback, is not postponed indefinitely on a busy page.
   */
  function yieldTask() {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = () => {
        port1.close();
        resolve();
      };
      port2.postMessage(null);
    });
  }

  /**
   * A slicer for a loop: `due()` is cheap to call on every step and says when the slice is used up; then
   * `await pause()` yields and starts the next slice (leaving and re-entering `guard` around the yield).
   * `pauses` counts the yields (for the tests' figures).
   */
  QL.slicer = function slicer(guard = NO_GUARD) {
    let end = performance.now() + SLICE_MS;
    let steps = 0;
    const s = {
      pauses: 0,
      due: () => (++steps & 31) === 0 && performance.now() > end,
      async pause() {
        s.pauses++;
        const t = performance.now();
        guard.leave();
        try {
          await yieldTask();
        } finally {
          guard.enter();
        }
        const now = performance.now();
        end = now + Math.min(MAX_SLICE_MS, Math.max(SLICE_MS, 2 * (now - t)));
      },
    };
    return s;
  };

  /**
   * Runs `step` over `items` (any iterable) in slices, each slice inside `guard`; `flush` runs before each
   * pause and at the end, `resumed` after each pause.
   */
  QL.sliced = async function sliced(items, step, { guard = NO_GUARD, flush = () => {}, resumed = () => {} } = {}) {
    const slice = QL.slicer(guard);
    guard.enter();
    try {
      for (const item of items) {
        step(item);
        if (slice.due()) {
          flush();
          await slice.pause();
          resumed();
        }
      }
    } finally {
      guard.leave();
      flush();
    }
  };

  /** A text piece is still ours when it is in the document with the text we cut it with. */
  const intact = (p) => p.node.isConnected && p.node.data === p.data;

  /**
   * Runs of the plan that no mark crosses: a quote spanning paragraphs keeps the marks inside it, so a run can
   * be applied on its own, outer marks first. Each run knows the element holding its first text (where it is).
   */
  async function runsOf(plan, textNodes) {
    const runs = [];
    let run = null, reach = -1;
    await QL.sliced(plan, (mark) => {
      let lo = Infinity, hi = -1;
      for (const [n] of mark.ranges) {
        lo = Math.min(lo, n);
        hi = Math.max(hi, n);
      }
      if (!run || lo > reach) {
        const node = textNodes[lo];
        runs.push((run = { marks: [], el: (node && node.parentElement) || null, queued: false, done: false }));
      }
      run.marks.push(mark);
      reach = Math.max(reach, hi);
    });
    return runs;
  }

  /**
   * Calls near(runs) with the runs not yet done that lie within NEAR viewport heights of the viewport, now and
   * after every scroll (of the page or any scroller in it), resize or change of the document's size, once a
   * frame at most. Runs are in document order, which for an article's text is mostly reading order, so the
   * window is found by bisecting their positions: a few rectangles a frame. Where it is not (columns, grids,
   * floats), a scan of every run, in slices, once scrolling has settled, finds what the bisection missed.
   * (An IntersectionObserver over the runs' elements cost 80-100 ms of every scrolled frame with the 10 MB
   * page's 40,000 paragraphs.) Returns stop().
   */
  function watchViewport(runs, near) {
    const rectOf = (run) => {
      const el = run.el;
      if (!el || !el.isConnected) return null;
      const r = el.getBoundingClientRect();
      return r.width || r.height ? r : null; // hidden: no position to go by
    };
    const area = () => {
      const height = innerHeight || document.documentElement.clientHeight;
      return { top: -NEAR * height, bottom: (1 + NEAR) * height };
    };
    const waits = (run) => !run.done && !run.queued;
    let frame = 0, settle = 0, scanning = false, stopped = false;
    const check = () => {
      frame = 0;
      const { top, bottom } = area();
      // The first run (of those with a position) that ends below the window's top.
      let a = 0, b = runs.length;
      while (a < b) {
        const m = (a + b) >> 1;
        let k = m, r = null;
        while (k < b && !(r = rectOf(runs[k]))) k++;
        if (!r) b = m;
        else if (r.bottom < top) a = k + 1;
        else b = m;
      }
      const found = [];
      for (let k = Math.max(0, a - SLACK), past = 0; k < runs.length && past <= SLACK; k++) {
        const r = rectOf(runs[k]);
        if (r && r.top > bottom) past++;
        else if (waits(runs[k]) && !(r && r.bottom < top)) found.push(runs[k]);
      }
      if (found.length) near(found);
      clearTimeout(settle);
      settle = setTimeout(scan, SETTLE_MS);
    };
    const scan = () => {
      if (scanning || stopped) return;
      scanning = true;
      const { top, bottom } = area();
      const found = [];
      QL.sliced(runs, (run) => {
        if (stopped || !waits(run)) return;
        const r = rectOf(run);
        if (r && r.bottom >= top && r.top <= bottom) found.push(run);
      }, { flush: () => { if (found.length && !stopped) near(found.splice(0)); } }).finally(() => { scanning = false; });
    };
    const soon = () => { frame ||= requestAnimationFrame(check); };
    const sizes = new ResizeObserver(soon);
    sizes.observe(document.documentElement);
    document.addEventListener('scroll', soon, { capture: true, passive: true });
    addEventListener('resize', soon, { passive: true });
    soon();
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      clearTimeout(settle);
      sizes.disconnect();
      document.removeEventListener('scroll', soon, { capture: true });
      removeEventListener('resize', soon);
    };
  }

  /**
   * plan: [{layer, attrs, ranges: [[node, start16, end16]], first, label}], outer marks before inner.
   * textNodes: the live Text nodes the plan's node indices name; texts: their data at snapshot time (a node
   * whose data changed since is left alone). labels: a hidden element that receives the screen-reader labels.
   * options: guard (see NO_GUARD), onApply(records) (told of the marks a plan over LAZY_FROM marks puts in
   * later, as the reader scrolls).
   * Resolves to {marks: [{mark, elements}] (so far), pending(), reveal(test), remove()}; remove() resolves once
   * the page is restored.
   */
  QL.applyPlan = async function applyPlan(plan, textNodes, texts, labels, options = {}) {
    const { guard = NO_GUARD, onApply = null } = options;
    const pieces = new Map(); // node index -> [{node, start, data}] in text order, or null once the page changed it
    const wrappers = [];
    const labelEls = [];
    const applied = [];
    const checked = new Set(); // node indices checked since the page last had the thread

    const piecesOf = (i) => {
      let list = pieces.get(i);
      if (list === undefined) {
        const node = textNodes[i];
        list = node && node.isConnected && node.data === texts[i] ? [{ node, start: 0, data: texts[i] }] : null;
        pieces.set(i, list);
      } else if (list && !checked.has(i) && !list.every(intact)) {
        list = null; // changed by the page since an earlier slice: leave it as the page made it
        pieces.set(i, null);
      }
      checked.add(i);
      return list;
    };
    const splitAt = (list, off) => {
      for (let k = 0; k < list.length; k++) {
        const p = list[k];
        if (p.start < off && off < p.start + p.node.length) {
          const rest = p.node.splitText(off - p.start);
          p.data = p.node.data;
          list.splice(k + 1, 0, { node: rest, start: off, data: rest.data });
          return;
        }
      }
    };

    /** Wraps one mark's ranges; its record {mark, elements}, or null when the page changed all its text. */
    function wrap(mark) {
      const elements = [];
      for (const [n, s, e] of mark.ranges) {
        const list = piecesOf(n);
        if (!list || s >= e) continue;
        splitAt(list, s);
        splitAt(list, e);
        const inside = list.filter((p) => p.start >= s && p.start + p.node.length <= e && p.node.length > 0);
        // Consecutive siblings go into one element; anything else (never for a well-nested plan) separately.
        let group = [];
        const flushGroup = () => {
          if (!group.length) return;
          const el = document.createElement('mark');
          for (const [name, value] of mark.attrs) if (name.startsWith('data-ql')) el.setAttribute(name, value);
          group[0].parentNode.insertBefore(el, group[0]);
          for (const t of group) el.appendChild(t);
          wrappers.push(el);
          elements.push(el);
          group = [];
        };
        for (const p of inside) {
          const prev = group[group.length - 1];
          if (prev && prev.nextSibling !== p.node) flushGroup();
          group.push(p.node);
        }
        flushGroup();
      }
      if (!elements.length) return null;
      if (mark.first) {
        const head = elements[0];
        head.tabIndex = 0;
        if (mark.label && labels) {
          // aria-label is prohibited on a generic element; a description from a hidden element is allowed
          // and stays out of innerText.
          const span = document.createElement('span');
          span.id = `quotelens-label-${++serial}-${Math.random().toString(36).slice(2, 8)}`;
          span.textContent = mark.label;
          labels.appendChild(span);
          labelEls.push(span);
          head.setAttribute('aria-describedby', span.id);
        }
      }
      const record = { mark, elements };
      applied.push(record);
      return record;
    }

    /** Our DOM changes, in slices inside the guard; after a pause the page may have changed any node. */
    const sliced = (items, step, flush) => {
      checked.clear();
      return QL.sliced(items, step, { guard, flush, resumed: () => checked.clear() });
    };

    let stopped = false;
    let runs = [];
    let unwatch = () => {};
    const queue = [];
    let draining = null;
    let fresh = []; // records a lazy run put in, not yet told

    /** Applies a lazy run now. */
    function applyRun(run) {
      if (run.done) return;
      run.done = true;
      for (const mark of run.marks) {
        const record = wrap(mark);
        if (record) fresh.push(record);
      }
    }
    const tell = () => {
      if (!fresh.length) return;
      const told = fresh;
      fresh = [];
      if (onApply) onApply(told);
    };
    function* queued() {
      while (queue.length && !stopped) yield queue.shift();
    }
    function drain() {
      draining ??= sliced(queued(), applyRun, tell).finally(() => { draining = null; });
    }

    if (plan.length > LAZY_FROM) {
      runs = await runsOf(plan, textNodes);
      unwatch = watchViewport(runs, (near) => {
        for (const run of near) {
          if (run.queued) continue;
          run.queued = true;
          queue.push(run);
        }
        drain();
      });
    } else {
      await sliced(plan, wrap);
    }

    let removing = null;
    return {
      marks: applied,
      /** The marks of the plan not put in yet (a lazy plan's, away from the viewport). */
      *pending() {
        for (const run of runs) if (!run.done) yield* run.marks;
      },
      /** Whether every mark of the plan has been put in (or found changed by the page). */
      complete: () => runs.every((r) => r.done),
      /**
       * Puts in now the first pending mark that passes `test` (with the marks of its run), as when the reader
       * steps to a quote far from the viewport; onApply is told of them.
       */
      reveal(test) {
        if (stopped) return;
        checked.clear();
        guard.enter();
        try {
          const run = runs.find((r) => !r.done && r.marks.some(test));
          if (run) applyRun(run);
        } finally {
          guard.leave();
        }
        tell();
      },
      /** Unwraps every highlight and rejoins each cut node, in slices; calling it again returns the same run. */
      remove() {
        removing ??= (async () => {
          stopped = true;
          unwatch();
          queue.length = 0;
          await draining;
          await sliced([...wrappers].reverse(), (w) => { if (w.parentNode) w.replaceWith(...w.childNodes); });
          await sliced([...pieces.values()], (list) => { if (list) rejoin(list); });
          for (const l of labelEls) l.remove();
          pieces.clear();
          wrappers.length = 0;
        })();
        return removing;
      },
    };
  };

  /**
   * Puts a cut node back together: the pieces that still follow the first one as its siblings, unchanged,
   * are joined into it. A piece the page moved, removed or edited stays where the page put it.
   */
  function rejoin(list) {
    const [head, ...rest] = list;
    if (!rest.length || !head.node.parentNode || head.node.data !== head.data) return;
    let data = head.node.data;
    let at = head.node;
    const joined = [];
    for (const p of rest) {
      if (at.nextSibling !== p.node || p.node.data !== p.data) break;
      data += p.node.data;
      joined.push(p.node);
      at = p.node;
    }
    for (const n of joined) n.remove();
    head.node.data = data;
  }
})();
