// The Audit panel: the core's sourcing audit of the page (state.audit, computed in Rust from the corrected
// result; its shape is src/audit.rs's `Audit`). Numbers are shown as text; the share of quoted words also as
// bars, which are decoration only.
import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const TYPES = { person: 'person', organization: 'organisation', media: 'media outlet' };

/** Renders `audit` (null: nothing to show). `goto(id, label)` focuses a quote or entity on the page. */
export function renderAudit(audit, { goto }) {
  $('audit-empty').hidden = !!audit;
  $('audit').hidden = !audit;
  if (!audit) return;
  const outlets = audit.outlets || [];
  const pictures = audit.pictures || [];
  const facts = [
    ['Sources', `${audit.named} named, ${audit.unnamed} unnamed`],
    ['Named', `${plural(audit.people, 'person', 'people')}, ${plural(audit.organizations, 'organisation')}`],
    ['Quotes', `${audit.direct} direct, ${audit.partial} partial, ${audit.indirect} reported`],
    audit.unattributed ? ['Unattributed', plural(audit.unattributed, 'quote')] : null,
    ['Outlets', `${plural(outlets.length, 'outlet')} credited`],
    pictures.length ? ['Pictures', `credited to ${pictures.map((p) => p.outlet).join(', ')}`] : null,
  ].filter(Boolean);
  $('audit-summary').replaceChildren(...facts.flatMap(([t, d]) => [el('dt', { textContent: t }), el('dd', { textContent: d })]));

  const share = audit.speakers || [];
  $('audit-share').replaceChildren(...share.map((x) => {
    const bar = el('span', { className: 'bar', attrs: { 'aria-hidden': 'true' } }, el('span'));
    bar.firstChild.style.width = `${Math.max(0, Math.min(100, x.share))}%`;
    return el('li', { dataset: { speaker: x.name } },
      el('span', { className: 'name', textContent: x.name }),
      el('span', { className: 'value', textContent: `${plural(x.words, 'word')} · ${x.share} %` }),
      bar);
  }));
  if (!share.length) $('audit-share').append(el('li', { className: 'muted', textContent: 'No quotes.' }));

  $('audit-outlets').replaceChildren(...outlets.map((o) => el('li', { dataset: { outlet: o.outlet },
    textContent: o.sources.length > 1 ? `${o.outlet} (${o.sources.length}×)` : o.outlet })));
  if (!outlets.length) $('audit-outlets').append(el('li', { className: 'muted', textContent: 'None credited.' }));

  links('audit-mentioned', audit.unquoted || [], (m) => ({ id: m.entity, label: m.name, note: m.role || TYPES[m.type] || m.type, key: 'entity' }),
    'Everyone mentioned is quoted.', goto);
  links('audit-anonymous', audit.anonymous || [], (a) => ({ id: a.quotes[0], label: a.description, note: plural(a.quotes.length, 'quote'), key: 'quote' }),
    'No anonymous sources.', goto);
}

/** A list of buttons that show an item on the page; `view(item)` gives {id, label, note, key}. */
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
