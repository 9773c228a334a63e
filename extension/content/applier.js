// The one applier: executes a markup plan (src/markup.rs) on the live DOM and undoes it exactly. It decides
// nothing. Each range of a text node is cut out with splitText and wrapped in a <mark> carrying the plan's
// attributes; the original Text node always stays the first piece (we never split at 0), so removal unwraps,
// rejoins the pieces into the original node and the tree is node-for-node what it was.
// Both directions run in slices (QL.slicer, defined here and used by the snapshot walk too) so a page with
// tens of thousands of highlights keeps its thread. The page may change between slices: a node that left the document or whose text changed is
// left alone from then on, never wrapped and never rejoined into something it no longer is.
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
   * `await pause()` yields and starts the next slice. `pauses` counts the yields (for the tests' figures).
   */
  QL.slicer = function slicer() {
    let end = performance.now() + SLICE_MS;
    let steps = 0;
    const s = {
      pauses: 0,
      due: () => (++steps & 31) === 0 && performance.now() > end,
      async pause() {
        s.pauses++;
        const t = performance.now();
        await yieldTask();
        const now = performance.now();
        end = now + Math.min(MAX_SLICE_MS, Math.max(SLICE_MS, 2 * (now - t)));
      },
    };
    return s;
  };

  /** A text piece is still ours when it is in the document with the text we cut it with. */
  const intact = (p) => p.node.isConnected && p.node.data === p.data;

  /**
   * plan: [{layer, attrs, ranges: [[node, start16, end16]], first, label}], outer marks before inner.
   * textNodes: the live Text nodes the plan's node indices name; texts: their data at snapshot time (a node
   * whose data changed since is left alone). labels: a hidden element that receives the screen-reader labels.
   * Resolves to {marks: [{mark, elements}], remove()}; remove() resolves once the page is restored.
   */
  QL.applyPlan = async function applyPlan(plan, textNodes, texts, labels) {
    const pieces = new Map(); // node index -> [{node, start, data}] in text order, or null once the page changed it
    const wrappers = [];
    const labelEls = [];
    const applied = [];
    const slice = QL.slicer();
    const checked = new Set(); // node indices checked since the last pause (the page cannot act within a slice)

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

    for (const mark of plan) {
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
      if (elements.length) {
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
        applied.push({ mark, elements });
      }
      if (slice.due()) {
        await slice.pause();
        checked.clear();
      }
    }

    let removing = null;
    return {
      marks: applied,
      /** Unwraps every highlight and rejoins each cut node, in slices; calling it again returns the same run. */
      remove() {
        removing ??= (async () => {
          const undo = QL.slicer();
          for (let k = wrappers.length - 1; k >= 0; k--) {
            const w = wrappers[k];
            if (w.parentNode) w.replaceWith(...w.childNodes);
            if (undo.due()) await undo.pause();
          }
          for (const list of pieces.values()) {
            if (list) rejoin(list);
            if (undo.due()) await undo.pause();
          }
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
