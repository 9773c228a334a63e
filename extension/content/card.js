// The hover/focus card: a role="tooltip" element in an open shadow root of a <quotelens-ui> host appended to
// <body>, so page CSS cannot reach it. All text is set with textContent: page text never becomes markup.
// It shows what the controller tells it (QL.cardInfo); its buttons act only on trusted events.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  const PALETTE = ['#e69f00', '#56b4e9', '#009e73', '#d55e00', '#0072b2', '#cc79a7', '#f0e442', '#999999'];
  const GAP = 8;

  const CSS = `
:host { all: initial; }
.card {
  position: fixed; z-index: 2147483647; box-sizing: border-box; max-width: min(26rem, calc(100vw - 16px));
  overflow: auto; padding: 10px 12px; border-radius: 8px; border: 1px solid #8a8a8a;
  background: #ffffff; color: #1a1a1a; box-shadow: 0 4px 18px rgba(0,0,0,.25);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: left;
}
.card[hidden] { display: none; }
.who { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.swatch { width: 10px; height: 10px; border-radius: 50%; flex: none; background: var(--ql-c, #999); }
.speaker { font-weight: 650; }
.role { color: #555; }
.meta { margin-top: 4px; color: #333; }
.meta span + span::before { content: " · "; color: #888; }
.nav { display: flex; align-items: center; gap: 8px; margin-top: 8px; }
.count { flex: 1; color: #333; }
button {
  font: inherit; min-width: 28px; min-height: 28px; border-radius: 6px; border: 1px solid #8a8a8a;
  background: #f3f3f3; color: inherit; cursor: pointer;
}
button:disabled { opacity: .45; cursor: default; }
button:focus-visible { outline: 2px solid #0072b2; outline-offset: 1px; }
@media (prefers-color-scheme: dark) {
  .card { background: #222; color: #eee; border-color: #777; }
  .role, .meta, .count { color: #ccc; }
  button { background: #333; }
}
@media (forced-colors: active) {
  .card { border: 2px solid CanvasText; background: Canvas; color: CanvasText; }
  .swatch { forced-color-adjust: none; }
}
@media print { .card { display: none; } }
`;

  function el(tag, cls, parent) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }

  /** Creates the host (not yet attached). handlers: {onPrev(), onNext(), onCardLeave(), onCardEnter()}. */
  QL.createUI = function createUI(handlers) {
    const host = document.createElement('quotelens-ui');
    // Inline, important: a page's `body > *` rules must not move or show the host.
    for (const [k, v] of [['all', 'initial'], ['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'],
      ['height', '0'], ['overflow', 'visible'], ['z-index', '2147483647'], ['display', 'block']]) {
      host.style.setProperty(k, v, 'important');
    }
    // Light-DOM holder for the quotes' screen-reader labels (aria-describedby cannot reach a shadow root).
    const labels = el('div', null, host);
    labels.hidden = true;
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style', null, root);
    style.textContent = CSS;

    const card = el('div', 'card', root);
    card.setAttribute('role', 'tooltip');
    card.id = 'card';
    card.hidden = true;
    const who = el('div', 'who', card);
    const swatch = el('span', 'swatch', who);
    const speaker = el('span', 'speaker', who);
    const role = el('span', 'role', who);
    const meta = el('div', 'meta', card);
    const nav = el('div', 'nav', card);
    const prev = el('button', 'prev', nav);
    prev.type = 'button';
    prev.textContent = '‹';
    const count = el('span', 'count', nav);
    const next = el('button', 'next', nav);
    next.type = 'button';
    next.textContent = '›';

    prev.addEventListener('click', (e) => { if (e.isTrusted) handlers.onPrev(); });
    next.addEventListener('click', (e) => { if (e.isTrusted) handlers.onNext(); });
    card.addEventListener('mouseenter', (e) => { if (e.isTrusted) handlers.onCardEnter(); });
    card.addEventListener('mouseleave', (e) => { if (e.isTrusted) handlers.onCardLeave(); });

    let anchor = null;

    function position() {
      if (!anchor || card.hidden) return;
      // The line of the quote nearest the anchor's start: place the card below it, or above when there is
      // more room there, and never over the quote itself.
      const rects = anchor.getClientRects();
      const all = anchor.getBoundingClientRect();
      const first = rects.length ? rects[0] : all;
      const vw = document.documentElement.clientWidth || innerWidth;
      const vh = document.documentElement.clientHeight || innerHeight;
      card.style.maxHeight = '';
      card.style.left = '0px';
      card.style.top = '0px';
      const w = card.offsetWidth, h = card.offsetHeight;
      const below = vh - all.bottom - GAP, above = all.top - GAP;
      let top;
      if (below >= h || below >= above) {
        top = all.bottom + GAP;
        if (h > below) card.style.maxHeight = `${Math.max(below - GAP, 60)}px`;
      } else {
        const hh = Math.min(h, above - GAP);
        if (h > above - GAP) card.style.maxHeight = `${Math.max(hh, 60)}px`;
        top = all.top - GAP - Math.max(Math.min(h, above - GAP), 60);
      }
      const left = Math.min(Math.max(first.left, GAP), Math.max(vw - w - GAP, GAP));
      card.style.left = `${Math.round(left)}px`;
      card.style.top = `${Math.round(top)}px`;
    }

    return {
      host,
      labels,
      get anchor() { return anchor; },
      get visible() { return !card.hidden; },
      contains: (node) => node === host,
      /** info: {speaker, role, color, kind, cue, when, outlet, index, total, hasPrev, hasNext} */
      show(target, info) {
        anchor = target;
        speaker.textContent = info.speaker;
        role.textContent = info.role ? `— ${info.role}` : '';
        role.hidden = !info.role;
        if (info.color !== null && info.color !== undefined) card.style.setProperty('--ql-c', PALETTE[info.color % 8]);
        else card.style.removeProperty('--ql-c');
        meta.replaceChildren();
        const add = (text) => { if (text) el('span', null, meta).textContent = text; };
        add(info.kind);
        add(info.cue && `cue “${info.cue}”`);
        add(info.when && `when ${info.when}`);
        add(info.outlet && `via ${info.outlet}`);
        count.textContent = `quote ${info.index} of ${info.total} by ${info.speakerShort}`;
        prev.disabled = !info.hasPrev;
        next.disabled = !info.hasNext;
        prev.setAttribute('aria-label', `Previous quote by ${info.speakerShort}`);
        next.setAttribute('aria-label', `Next quote by ${info.speakerShort}`);
        prev.title = 'Previous quote (p)';
        next.title = 'Next quote (n)';
        card.hidden = false;
        position();
      },
      hide() {
        card.hidden = true;
        anchor = null;
      },
      reposition: position,
    };
  };
})();
