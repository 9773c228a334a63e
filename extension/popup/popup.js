// The popup: this page's speakers (click steps through their quotes), layer toggles, on/off for the site
// and everywhere, "Annotate this page" and the exports. It talks to the tab's content script; exports are made
// and downloaded by the background (a popup's blob URL dies when the popup closes).
import { speakers } from './speakers.js';

const PALETTE = ['#e69f00', '#56b4e9', '#009e73', '#d55e00', '#0072b2', '#cc79a7', '#f0e442', '#999999'];
const LAYERS = [['direct', 'Direct quotes'], ['partial', 'Partial quotes'], ['indirect', 'Reported speech'],
  ['speaker', 'Speakers'], ['source', 'Media sources'], ['date', 'Dates']];
const $ = (id) => document.getElementById(id);

let tabId = null;
let state = null;

/** The tab this popup acts on: the active tab; opened in a tab of its own, the tab visited just before. */
async function findTab() {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return Number(param);
  const self = await chrome.tabs.getCurrent();
  if (!self) return (await chrome.tabs.query({ active: true, currentWindow: true }))[0]?.id ?? null;
  const tabs = (await chrome.tabs.query({})).filter((t) => t.id !== self.id);
  tabs.sort((a, b) => (b.lastAccessed || 0) - (a.lastAccessed || 0));
  return tabs[0]?.id ?? null;
}

async function ask(msg) {
  return chrome.tabs.sendMessage(tabId, msg);
}

/** Injects the content script where the manifest's did not run (activeTab + scripting). */
async function inject() {
  const cs = chrome.runtime.getManifest().content_scripts[0];
  await chrome.scripting.insertCSS({ target: { tabId }, files: cs.css });
  await chrome.scripting.executeScript({ target: { tabId }, files: cs.js });
}

function status(text) {
  $('status').textContent = text;
}

function render() {
  const s = state;
  $('page').textContent = s ? s.title || s.url : '';
  $('site-name').textContent = s ? s.site || 'this site' : 'this site';
  $('annotate').disabled = !s || s.status === 'working';
  for (const b of document.querySelectorAll('.actions button[id^="export-"]')) b.disabled = !s || !s.result || !s.applied;
  const list = $('speakers');
  list.replaceChildren();
  if (!s) {
    status('QuoteLens cannot run on this page.');
    return;
  }
  $('site-on').checked = !s.siteDisabled;
  $('all-on').checked = s.enabled;
  for (const [key] of LAYERS) {
    const box = $(`layer-${key}`);
    if (box) box.checked = s.layers[key] !== false;
  }
  if (s.status === 'error') status(`Something went wrong: ${s.error}`);
  else if (s.supported === false) status('This page’s language is not supported yet; nothing was annotated.');
  else if (s.status === 'working') status('Annotating…');
  else if (!s.applied && s.is_article === false) status('This page does not look like an article. Use “Annotate this page” to annotate it anyway.');
  else if (!s.applied && !s.active) status('QuoteLens is off here.');
  else if (!s.applied) status('Not annotated.');
  const people = s.result && s.applied ? speakers(s.result) : [];
  if (s.applied) {
    const quotes = people.reduce((n, p) => n + p.count, 0);
    status(`${quotes} quote${quotes === 1 ? '' : 's'} by ${people.length} speaker${people.length === 1 ? '' : 's'}.`);
  }
  const t = s.timing;
  $('engine').textContent = s.version ? `Engine ${s.version}, running in the ${s.where === 'worker' ? 'background' : 'page'}` +
    (t ? ` (${t.snapshot + t.engine + t.apply} ms: snapshot ${t.snapshot}, engine ${t.engine}, highlights ${t.apply}).` : '.') : '';
  $('no-speakers').hidden = !s.applied || people.length > 0;
  const colors = colorSlots(s.result);
  for (const p of people) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'speaker';
    b.dataset.speaker = p.key;
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = p.entity && colors.has(p.entity) ? PALETTE[colors.get(p.entity) % 8] : 'transparent';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.name;
    const role = document.createElement('span');
    role.className = 'role';
    role.textContent = p.role || '';
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = String(p.count);
    count.title = Object.entries(p.kinds).map(([k, n]) => `${n} ${k}`).join(', ');
    b.append(sw, name, role, count);
    b.title = `Step through ${p.name}’s quotes`;
    b.addEventListener('click', async () => {
      const r = await ask({ type: 'ql:step', speaker: p.key });
      if (r) status(`${p.name}: quote ${r.index} of ${r.total}`);
    });
    li.appendChild(b);
    list.appendChild(li);
  }
}

// The core's colour slots follow the order of each entity's first quote (src/markup.rs).
function colorSlots(result) {
  const slots = new Map();
  for (const q of (result && result.quotes) || []) if (q.entity && !slots.has(q.entity)) slots.set(q.entity, slots.size);
  return slots;
}

/** Tells this tab's content script that the settings changed (storage.onChanged alone is not always delivered). */
async function settingsChanged() {
  try {
    state = await ask({ type: 'ql:settings' });
  } catch {
    state = null;
  }
  render();
}

async function refresh() {
  try {
    state = await ask({ type: 'ql:state' });
  } catch {
    state = null; // no content script in this tab (yet)
  }
  render();
}

function buildLayers() {
  for (const [key, label] of LAYERS) {
    const l = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `layer-${key}`;
    box.checked = true;
    box.addEventListener('change', async () => {
      const { layers = {} } = await chrome.storage.local.get('layers');
      await chrome.storage.local.set({ layers: { ...layers, [key]: box.checked } });
      await settingsChanged();
    });
    l.append(box, ` ${label}`);
    $('layers').appendChild(l);
  }
}

$('site-on').addEventListener('change', async (e) => {
  if (!state) return;
  const { disabledSites = {} } = await chrome.storage.local.get('disabledSites');
  if (e.target.checked) delete disabledSites[state.site];
  else disabledSites[state.site] = true;
  await chrome.storage.local.set({ disabledSites });
  await settingsChanged();
});
$('all-on').addEventListener('change', async (e) => {
  await chrome.storage.local.set({ enabled: e.target.checked });
  await settingsChanged();
});
$('annotate').addEventListener('click', async () => {
  status('Annotating…');
  try {
    state = await ask({ type: 'ql:annotate' });
  } catch {
    try {
      await inject();
      state = await ask({ type: 'ql:annotate' });
    } catch (e) {
      state = null;
      render();
      status(`QuoteLens cannot annotate this page (${e.message}).`);
      return;
    }
  }
  render();
});
for (const [id, format, label] of [['export-json', 'json', 'JSON'], ['export-csv', 'csv', 'CSV'], ['export-md', 'md', 'Markdown'], ['export-w3c', 'w3c', 'Web Annotation']]) {
  $(id).addEventListener('click', async () => {
    await refresh();
    if (!state || !state.result || !state.applied) return;
    const r = await chrome.runtime.sendMessage({ type: 'ql:export', format, result: state.result, title: state.title });
    status(r && !r.error ? `Exported ${label}.` : `Export failed: ${r && r.error}`);
  });
}

buildLayers();
tabId = await findTab();
if (tabId === null) render();
else await refresh();
