// The one applier: executes a markup plan (src/markup.rs) on the live DOM and undoes it exactly. It decides
// nothing. Each range of a text node is cut out with splitText and wrapped in a <mark> carrying the plan's
// attributes; the original Text node always stays the first piece (we never split at 0), so removal unwraps,
// rejoins the pieces into the original node and the tree is node-for-node what it was.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  let serial = 0;

  /**
   * plan: [{layer, attrs, ranges: [[node, start16, end16]], first, label}], outer marks before inner.
   * textNodes: the live Text nodes the plan's node indices name; texts: their data at snapshot time (a node
   * whose data changed since is left alone). labels: a hidden element that receives the screen-reader labels.
   * Returns {marks: [{mark, elements}], remove()}.
   */
  QL.applyPlan = function applyPlan(plan, textNodes, texts, labels) {
    const pieces = new Map(); // node index -> [{node, start}] in text order
    const wrappers = [];
    const labelEls = [];
    const applied = [];

    const piecesOf = (i) => {
      let list = pieces.get(i);
      if (!list) {
        const node = textNodes[i];
        if (!node || !node.isConnected || node.data !== texts[i]) return null;
        list = [{ node, start: 0 }];
        pieces.set(i, list);
      }
      return list;
    };
    const splitAt = (list, off) => {
      for (let k = 0; k < list.length; k++) {
        const p = list[k];
        if (p.start < off && off < p.start + p.node.length) {
          list.splice(k + 1, 0, { node: p.node.splitText(off - p.start), start: off });
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
      if (!elements.length) continue;
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

    return {
      marks: applied,
      remove() {
        for (let k = wrappers.length - 1; k >= 0; k--) {
          const w = wrappers[k];
          if (w.parentNode) w.replaceWith(...w.childNodes);
        }
        for (const list of pieces.values()) {
          const [head, ...rest] = list;
          if (!rest.length) continue;
          let data = head.node.data;
          for (const p of rest) {
            data += p.node.data;
            p.node.remove();
          }
          head.node.data = data;
        }
        for (const l of labelEls) l.remove();
        pieces.clear();
        wrappers.length = 0;
      },
    };
  };
})();
