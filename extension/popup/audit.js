// The Audit panel: the core's sourcing audit of the page (state.audit, computed in Rust from the corrected
// result). Numbers are shown as text; the share of quoted words also as bars, which are decoration only.
import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Renders `audit` (null: nothing to show). `goto(id, label)` focuses a quote or entity on the page. */
export function renderAudit(audit, { goto }) {
  $('audit-empty').hidden = !!audit;
  $('audit').hidden = !audit;
  if (!audit) return;
  const s = audit.speakers || {};
  const k = audit.kinds || {};
  const facts = [
    ['Sources', `${plural(s.named ?? 0, 'named')}, ${plural(s.unnamed ?? 0, 'unnamed')}`],
    ['Named', `${plural(s.people ?? 0, 'person', 'people')}, ${plural(s.organizations ?? 0, 'organisation')}`],
    ['Quotes', `${k.direct ?? 0} direct, ${k.partial ?? 0} partial, ${k.indirect ?? 0} reported`],
    ['Outlets', plural((audit.outlets || []).length, 'outlet') + ' credited'],
  ];
  $('audit-summary').replaceChildren(...facts.flatMap(([t, d]) => [el('dt', { textContent: t }), el('dd', { textContent: d })]));

  const share = audit.share || [];
  $('audit-share').replaceChildren(...share.map((x) => {
    const pct = Math.round((x.share ?? 0) * 100);
    const bar = el('span', { className: 'bar', attrs: { 'aria-hidden': 'true' } }, el('span'));
    bar.firstChild.style.width = `${Math.max(0, Math.min(100, pct))}%`;
    return el('li', { dataset: { speaker: x.speaker } },
      el('span', { className: 'name', textContent: x.speaker }),
      el('span', { className: 'value', textContent: `${plural(x.words ?? 0, 'word')} · ${pct} %` }),
      bar);
  }));
  if (!share.length) $('audit-share').append(el('li', { className: 'muted', textContent: 'No quotes.' }));

  const outlets = audit.outlets || [];
  $('audit-outlets').replaceChildren(...outlets.map((o) => el('li', { dataset: { outlet: o.outlet },
    textContent: `${o.outlet}${o.count > 1 ? ` (${o.count}×)` : ''}` })));
  if (!outlets.length) $('audit-outlets').append(el('li', { className: 'muted', textContent: 'None credited.' }));

  links('audit-mentioned', audit.mentioned || [], (m) => ({ id: m.entity, label: m.name, note: m.role || m.type, key: 'entity' }), 'Everyone mentioned is quoted.', goto);
  links('audit-anonymous', audit.anonymous || [], (a) => ({ id: a.quote, label: a.description, note: plural(a.count ?? 1, 'quote'), key: 'quote' }), 'No anonymous sources.', goto);
}

function links(listId, items, view, none, goto) {
  $(listId).replaceChildren(...items.map((item) => {
    const v = view(item);
    const b = el('button', { type: 'button', dataset: { [v.key]: v.id }, title: `Show ${v.label} on the page` },
      v.label, v.note ? el('span', { className: 'muted', textContent: ` — ${v.note}` }) : null);
    b.addEventListener('click', () => goto(v.id, v.label));
    return el('li', {}, b);
  }));
  if (!items.length) $(listId).append(el('li', { className: 'muted', textContent: none }));
}
