// Small DOM helpers for the popup. Page text only ever becomes textContent, never markup.

/** `el('li', {className: 'x', dataset: {id}}, child, 'text', …)`: an element with properties and children. */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'attrs') for (const [a, x] of Object.entries(v)) e.setAttribute(a, x);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/**
 * A destructive button asks once more: the first activation turns its label into its `data-confirm` text and
 * shows a Cancel button; the second runs `action`. Escape, Cancel or leaving the pair undoes the first step.
 */
export function confirmStep(button, action, say) {
  const label = button.textContent;
  const cancel = el('button', { type: 'button', className: 'cancel', textContent: 'Cancel', hidden: true });
  button.after(cancel);
  const disarm = () => {
    button.textContent = label;
    button.classList.remove('confirming');
    cancel.hidden = true;
  };
  button.addEventListener('click', async () => {
    if (!button.classList.contains('confirming')) {
      button.textContent = button.dataset.confirm;
      button.classList.add('confirming');
      cancel.hidden = false;
      say(`Press “${button.dataset.confirm}” to confirm, or Cancel.`);
      return;
    }
    disarm();
    await action();
  });
  cancel.addEventListener('click', () => {
    disarm();
    button.focus();
    say('Cancelled.');
  });
  for (const b of [button, cancel]) {
    b.addEventListener('keydown', (e) => { if (e.key === 'Escape' && button.classList.contains('confirming')) { e.preventDefault(); disarm(); button.focus(); } });
    b.addEventListener('focusout', (e) => { if (e.relatedTarget !== button && e.relatedTarget !== cancel) disarm(); });
  }
}

/** Tabs (WAI-ARIA tabs pattern): click or arrow keys select, Home/End jump, one tab stop for the list. */
export function tabs(list) {
  const all = [...list.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const t of all) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    }
    if (focus) tab.focus();
  };
  for (const t of all) t.addEventListener('click', () => select(t, false));
  list.addEventListener('keydown', (e) => {
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    select(all[(to + all.length) % all.length], true);
  });
}
