// The hover/focus card: a role="tooltip" element in an open shadow root of a <quotelens-ui> host appended to
// <body>, so page CSS cannot reach it. All text is set with textContent: page text never becomes markup.
// It shows what the controller tells it and reports the reader's actions (handlers.action); every control acts
// only on trusted events, so page scripts cannot forge corrections or copies.
// Modes: 'quote' (a quote's card: who, when, stepping, copy, correct), 'selection' (a text selection in the
// article: add it as a quote, or make it a quote's span), 'add' (the add-a-quote form), 'notice' (a message,
// e.g. "Quote dismissed" with Undo, anchored where the quote was).
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  const PALETTE = ['#e69f00', '#56b4e9', '#009e73', '#d55e00', '#0072b2', '#cc79a7', '#f0e442', '#999999'];
  const GAP = 8;
  const KINDS = [['direct', 'Direct quote'], ['partial', 'Partial quote'], ['indirect', 'Reported speech']];
  const OTHER = '\u0000other'; // the "someone else" choice of a speaker list (no entity can be named so)

  const CSS = `
:host {
  all: initial !important; position: fixed !important; top: 0 !important; left: 0 !important; width: 0 !important;
  height: 0 !important; overflow: visible !important; z-index: 2147483647 !important; display: block !important;
}
.card {
  position: fixed; z-index: 2147483647; box-sizing: border-box; max-width: min(26rem, calc(100vw - 16px));
  overflow: auto; padding: 10px 12px; border-radius: 8px; border: 1px solid #767676;
  background: #ffffff; color: #1a1a1a; box-shadow: 0 4px 18px rgba(0,0,0,.25);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: left;
}
.card[hidden], [hidden] { display: none !important; }
.who { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.swatch { width: 10px; height: 10px; border-radius: 50%; flex: none; background: var(--ql-c, #999); }
.speaker { font-weight: 650; }
.role, .muted { color: #555; }
.meta { margin-top: 4px; color: #333; }
.meta span + span::before { content: " · "; color: #767676; }
.corrected { margin: 4px 0 0; font-style: italic; color: #333; }
.nav, .row { display: flex; align-items: center; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
.count { flex: 1; color: #333; }
.edit-panel, .addform { margin-top: 8px; padding-top: 8px; border-top: 1px solid #ccc; display: grid; gap: 6px; }
.excerpt { margin: 0; max-height: 4.2em; overflow: hidden; }
label { display: grid; gap: 2px; }
button, select, input {
  font: inherit; min-width: 28px; min-height: 28px; border-radius: 6px; border: 1px solid #767676;
  background: #f3f3f3; color: inherit; box-sizing: border-box;
}
input { background: #fff; padding: 0 6px; }
button { cursor: pointer; padding: 0 8px; line-height: 20px; } /* fixed: a fallback glyph (…) must not grow one */
button:disabled { opacity: .55; cursor: default; }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid #0072b2; outline-offset: 1px; }
.status { margin: 6px 0 0; min-height: 0; color: #1a1a1a; font-weight: 600; }
.status:empty { display: none; }
.copy-area { position: fixed; left: -10000px; top: 0; width: 1px; height: 1px; opacity: 0; }
@media (prefers-color-scheme: dark) {
  .card { background: #222; color: #eee; border-color: #8a8a8a; }
  .role, .meta, .count, .muted, .corrected { color: #ccc; }
  .status { color: #eee; }
  button, select { background: #333; }
  input { background: #111; }
}
@media (forced-colors: active) {
  .card { border: 2px solid CanvasText; background: Canvas; color: CanvasText; }
  .swatch { forced-color-adjust: none; }
}
@media print { .card { display: none; } }
`;

  function el(tag, cls, parent, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function button(cls, parent, text) {
    const b = el('button', cls, parent, text);
    b.type = 'button';
    return b;
  }

  /** A speaker chooser: the article's entities, or "Someone else…" with a name field. */
  function speakerPicker(parent, labelText) {
    const label = el('label', null, parent);
    el('span', null, label, labelText);
    const select = el('select', 'speaker-select', label);
    const nameLabel = el('label', null, parent);
    el('span', null, nameLabel, 'Name');
    const name = el('input', 'speaker-name', nameLabel);
    name.type = 'text';
    name.autocomplete = 'off';
    nameLabel.hidden = true;
    select.addEventListener('change', () => {
      nameLabel.hidden = select.value !== OTHER;
      if (!nameLabel.hidden) name.focus();
    });
    return {
      fill(names, current, allowUnknown) {
        select.replaceChildren();
        if (allowUnknown) el('option', null, select, 'Unknown speaker').value = '';
        for (const n of names) el('option', null, select, n).value = n;
        el('option', null, select, 'Someone else…').value = OTHER;
        const known = current === '' ? allowUnknown : names.includes(current);
        select.value = known ? current : current ? OTHER : (allowUnknown ? '' : OTHER);
        name.value = known ? '' : current || '';
        nameLabel.hidden = select.value !== OTHER;
      },
      /** The chosen name: '' for unknown, null when "someone else" has no name yet. */
      value() {
        if (select.value !== OTHER) return select.value;
        const typed = name.value.replace(/\s+/g, ' ').trim();
        return typed || null;
      },
    };
  }

  function kindPicker(parent) {
    const label = el('label', null, parent);
    el('span', null, label, 'Kind');
    const select = el('select', 'kind-select', label);
    for (const [v, t] of KINDS) el('option', null, select, t).value = v;
    return select;
  }

  /**
   * Creates the host (not yet attached). handlers: {onPrev(), onNext(), onCardLeave(), onCardEnter(),
   * action(name, payload)} with names citation, link, correct {speaker?, kind?}, dismiss, span, undo, add
   * {speaker, kind}, add-open, notice-undo, close.
   */
  QL.createUI = function createUI(handlers) {
    const host = document.createElement('quotelens-ui');
    // A page's `body > *` rules must not move, hide or distort the host. The shadow stylesheet's :host rule
    // (important, inner context) beats every page rule and resets inherited text styles; these inline
    // declarations hold the layout even where a page's CSP refuses that stylesheet. No inline text-spacing
    // (letter/word spacing, line height): readers' own spacing stylesheets must be able to adjust the card.
    for (const [k, v] of [['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'],
      ['overflow', 'visible'], ['z-index', '2147483647'], ['display', 'block'], ['margin', '0'], ['padding', '0'],
      ['opacity', '1'], ['visibility', 'visible'], ['transform', 'none'], ['filter', 'none'], ['clip-path', 'none']]) {
      host.style.setProperty(k, v, 'important');
    }
    // Light-DOM holder for the quotes' screen-reader labels (aria-describedby cannot reach a shadow root).
    const labels = el('div', null, host);
    labels.hidden = true;
    let root;
    try {
      root = host.attachShadow({ mode: 'open' });
    } catch {
      // The page's own scripts defined <quotelens-ui> (its constructor took the shadow root): say so plainly.
      throw new Error('this page defines its own <quotelens-ui> element, so QuoteLens cannot show its card here');
    }
    el('style', null, root).textContent = CSS;

    const card = el('div', 'card', root);
    card.setAttribute('role', 'tooltip');
    card.id = 'card';
    card.hidden = true;

    // -- a quote's card --
    const quoteView = el('div', 'quote-view', card);
    const who = el('div', 'who', quoteView);
    el('span', 'swatch', who);
    const speaker = el('span', 'speaker', who);
    const role = el('span', 'role', who);
    const meta = el('div', 'meta', quoteView);
    const corrected = el('p', 'corrected', quoteView, 'Corrected by you');
    const nav = el('div', 'nav', quoteView);
    const prev = button('prev', nav, '‹');
    const count = el('span', 'count', nav);
    const next = button('next', nav, '›');
    prev.title = 'Previous quote (p)';
    next.title = 'Next quote (n)';
    const actions = el('div', 'row actions', quoteView);
    const cite = button('cite', actions, 'Copy citation');
    const link = button('link', actions, 'Copy link');
    const edit = button('edit', actions, 'Correct…');
    edit.setAttribute('aria-expanded', 'false');
    const undo = button('undo', actions, 'Undo');
    const editPanel = el('div', 'edit-panel', quoteView);
    editPanel.id = 'ql-edit';
    edit.setAttribute('aria-controls', editPanel.id);
    const editSpeaker = speakerPicker(editPanel, 'Speaker');
    const editKind = kindPicker(editPanel);
    const editRow = el('div', 'row', editPanel);
    const save = button('save', editRow, 'Save');
    const dismiss = button('dismiss', editRow, 'Not a quote');
    const span = button('span', editRow, 'Use selection as span');

    // -- a text selection --
    const selView = el('div', 'sel-view', card);
    const selRow = el('div', 'row', selView);
    // Pressing these buttons must not collapse the reader's selection before the click lands.
    selView.addEventListener('mousedown', (e) => e.preventDefault());
    const addOpen = button('add-open', selRow, 'Add as quote');
    const spanSel = button('span-sel', selRow, 'Adjust quote span');

    // -- the add-a-quote form --
    const addView = el('div', 'addform', card);
    el('span', 'muted', addView, 'New quote');
    const excerpt = el('p', 'excerpt', addView);
    const addSpeaker = speakerPicker(addView, 'Speaker');
    const addKind = kindPicker(addView);
    const addRow = el('div', 'row', addView);
    const addSave = button('add-save', addRow, 'Add quote');
    const addCancel = button('add-cancel', addRow, 'Cancel');

    // -- a notice --
    const noticeView = el('div', 'notice-view', card);
    const notice = el('p', 'notice', noticeView);
    const noticeRow = el('div', 'row', noticeView);
    const noticeUndo = button('notice-undo', noticeRow, 'Undo');

    const status = el('p', 'status', card);
    status.setAttribute('role', 'status');
    const copyArea = el('textarea', 'copy-area', root);
    copyArea.setAttribute('aria-hidden', 'true');
    copyArea.tabIndex = -1;
    copyArea.readOnly = true;

    let anchor = null; // the quote element, or a Range for a selection
    let mode = null;
    let info = null;

    const act = (name, payload) => (e) => { if (e.isTrusted) handlers.action(name, payload && payload()); };
    prev.addEventListener('click', (e) => { if (e.isTrusted) handlers.onPrev(); });
    next.addEventListener('click', (e) => { if (e.isTrusted) handlers.onNext(); });
    cite.addEventListener('click', act('citation'));
    link.addEventListener('click', act('link'));
    undo.addEventListener('click', act('undo'));
    edit.addEventListener('click', (e) => {
      if (!e.isTrusted) return;
      setEditing(editPanel.hidden);
      if (!editPanel.hidden) editPanel.querySelector('select').focus();
    });
    save.addEventListener('click', (e) => {
      if (!e.isTrusted || !info) return;
      const who = editSpeaker.value();
      if (who === null) {
        say('Type the speaker’s name.');
        return;
      }
      const change = {};
      if (who !== '' && who !== info.speakerName) change.speaker = who;
      if (editKind.value !== info.kindValue) change.kind = editKind.value;
      if (!change.speaker && !change.kind) {
        say('Nothing changed.');
        return;
      }
      handlers.action('correct', change);
    });
    dismiss.addEventListener('click', act('dismiss'));
    span.addEventListener('click', act('span'));
    addOpen.addEventListener('click', act('add-open'));
    spanSel.addEventListener('click', act('span'));
    addSave.addEventListener('click', (e) => {
      if (!e.isTrusted) return;
      const who = addSpeaker.value();
      if (who === null) {
        say('Type the speaker’s name, or choose Unknown speaker.');
        return;
      }
      handlers.action('add', { speaker: who || null, kind: addKind.value });
    });
    addCancel.addEventListener('click', act('close'));
    noticeUndo.addEventListener('click', act('notice-undo'));
    card.addEventListener('mouseenter', (e) => { if (e.isTrusted) handlers.onCardEnter(); });
    card.addEventListener('mouseleave', (e) => { if (e.isTrusted) handlers.onCardLeave(); });

    function setEditing(on) {
      editPanel.hidden = !on;
      edit.setAttribute('aria-expanded', String(on));
      position();
    }
    function say(text) {
      status.textContent = text;
    }
    function setMode(m) {
      mode = m;
      delete card.dataset.quote;
      quoteView.hidden = m !== 'quote';
      selView.hidden = m !== 'selection';
      addView.hidden = m !== 'add';
      noticeView.hidden = m !== 'notice';
      status.textContent = '';
      card.hidden = false;
    }

    function position() {
      if (!anchor || card.hidden) return;
      // The line of the anchor nearest its start: place the card below it, or above when there is more room
      // there, and never over the quote (or selection) itself.
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
      // An anchor scrolled out of view (a selection, a notice's paragraph) still gets its card in view.
      top = Math.min(Math.max(top, GAP), Math.max(vh - Math.min(h, card.offsetHeight) - GAP, GAP));
      card.style.left = `${Math.round(left)}px`;
      card.style.top = `${Math.round(top)}px`;
    }

    return {
      host,
      labels,
      get anchor() { return anchor; },
      get mode() { return card.hidden ? null : mode; },
      get visible() { return !card.hidden; },
      /** The card holds a form the reader is filling in: hovering other quotes must not replace it. */
      get pinned() { return !card.hidden && (mode === 'add' || mode === 'notice' || !editPanel.hidden); },
      /** Keyboard focus is inside the card: it must not vanish when the mouse leaves a quote. */
      get holdsFocus() { return !card.hidden && root.activeElement !== null; },
      contains: (node) => node === host,
      /**
       * info: {speaker, speakerShort, speakerName, role, color, kind, kindValue, cue, when, outlet, index, total,
       * hasPrev, hasNext, corrected, canUndo, canCite, canLink, canSpan, entities: [name]}
       */
      show(target, i) {
        const same = mode === 'quote' && anchor === target && !card.hidden;
        anchor = target;
        info = i;
        setMode('quote');
        card.dataset.quote = target.getAttribute('data-ql-id'); // which quote (for tests and tooling)
        speaker.textContent = i.speaker;
        role.textContent = i.role ? `— ${i.role}` : '';
        role.hidden = !i.role;
        if (i.color !== null && i.color !== undefined) card.style.setProperty('--ql-c', PALETTE[i.color % 8]);
        else card.style.removeProperty('--ql-c');
        meta.replaceChildren();
        const add = (text) => { if (text) el('span', null, meta, text); };
        add(i.kind);
        add(i.cue && `cue “${i.cue}”`);
        add(i.when && `when ${i.when}`);
        add(i.outlet && `via ${i.outlet}`);
        corrected.hidden = !i.corrected;
        count.textContent = `quote ${i.index} of ${i.total} by ${i.speakerShort}`;
        prev.disabled = !i.hasPrev;
        next.disabled = !i.hasNext;
        prev.setAttribute('aria-label', `Previous quote by ${i.speakerShort}`);
        next.setAttribute('aria-label', `Next quote by ${i.speakerShort}`);
        cite.disabled = !i.canCite;
        link.disabled = !i.canLink;
        undo.hidden = !i.canUndo;
        span.disabled = !i.canSpan;
        editSpeaker.fill(i.entities, i.speakerName, false);
        editKind.value = i.kindValue;
        if (!same) setEditing(false);
        position();
      },
      /** A selection in the article: offer to add it as a quote, or to make it the overlapping quote's span. */
      showSelection(range, { quote }) {
        anchor = range;
        info = null;
        setMode('selection');
        spanSel.hidden = !quote;
        spanSel.textContent = quote ? `Make this the span of the quote by ${quote}` : '';
        position();
      },
      showAdd(range, { exact, entities }) {
        anchor = range;
        info = null;
        setMode('add');
        excerpt.textContent = `“${exact}”`;
        addSpeaker.fill(entities, '', true);
        addKind.value = 'direct';
        position();
        addView.querySelector('select').focus({ preventScroll: true });
      },
      showNotice(target, text, undoable) {
        anchor = target;
        info = null;
        setMode('notice');
        notice.textContent = text;
        noticeUndo.hidden = !undoable;
        position();
      },
      /** A short message in the card (announced: role=status). */
      say,
      /** Focus the card's first control (keyboard users reach the card from its quote with Enter). */
      focusFirst() {
        const first = [...card.querySelectorAll('button, select, input')].find((b) => !b.disabled && b.getClientRects().length);
        if (first) first.focus();
        return !!first;
      },
      /** execCommand('copy') from a hidden textarea: the fallback when navigator.clipboard is refused. */
      copyFallback(text) {
        const had = document.activeElement;
        copyArea.value = text;
        copyArea.focus({ preventScroll: true });
        copyArea.select();
        let ok = false;
        try {
          ok = document.execCommand('copy');
        } finally {
          copyArea.value = '';
          if (had && had.focus) had.focus({ preventScroll: true });
        }
        return ok;
      },
      hide() {
        card.hidden = true;
        delete card.dataset.quote;
        anchor = null;
        info = null;
        setEditing(false);
      },
      reposition: position,
    };
  };
})();
