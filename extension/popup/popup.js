// The popup, in four panels: Page (speakers — click steps through their quotes —, layers, on/off for the site
// and everywhere, "Annotate this page", exports, Copy Markdown, Import JSON), Audit (the core's sourcing audit),
// Corrections (the page's corrections and their fate, undo, reset, clear all data) and Collections. It talks
// to the tab's content script, which owns the page and its corrections; files are made and downloaded by the
// background (a popup's blob URL dies when the popup closes), which takes the page's result from the content
// script itself. A big page's state comes in parts (parcel.js). Nothing is written from a private window.
import '../parcel.js';
import { speakers } from './speakers.js';
import { el, confirmStep, tabs } from './dom.js';
import { readImport, pageKeyOf, storedFields } from './importer.js';
import { renderAudit } from './audit.js';
import { loadCollections, addArticle, removeArticle, deleteCollection } from './collections.js';

const PALETTE = ['#e69f00', '#56b4e9', '#009e73', '#d55e00', '#0072b2', '#cc79a7', '#f0e442', '#999999'];
const LAYERS = [['direct', 'Direct quotes'], ['partial', 'Partial quotes'], ['indirect', 'Reported speech'],
  ['speaker', 'Speakers'], ['source', 'Media sources'], ['date', 'Dates']];
const KIND_WORDS = { direct: 'direct', partial: 'partial', indirect: 'reported' };
const EXPORTS = [['json', 'JSON'], ['csv', 'CSV'], ['md', 'Markdown'], ['w3c', 'Web Annotation']];
const $ = (id) => document.getElementById(id);
const parcel = globalThis.QuoteLens.parcel;

let tabId = null;
let tabIncognito = false;
let state = null;
let inTab = false; // this page is open in a tab (not the toolbar popup)

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

/** Asks the tab's content script; a big answer (a big page's state) is put back together from its parts. */
async function ask(msg) {
  return parcel.ask((m) => chrome.tabs.sendMessage(tabId, m), msg);
}

/** Asks the background (exports); a big answer (Copy Markdown of a big page) likewise. */
async function askBackground(msg) {
  return parcel.ask((m) => chrome.runtime.sendMessage(m), msg);
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

const isPrivate = () => !!(state && state.incognito) || tabIncognito;
const annotated = () => !!(state && state.result && state.applied);
const pageKey = () => (state ? state.pageKey || pageKeyOf(state.url) : null);
/** The page's corrections as stored (their fate left out), for the JSON export and collections. */
const storedCorrections = () => ((state && state.corrections) || []).map(storedFields);

function render() {
  const s = state;
  $('page').textContent = s ? s.title || s.url : '';
  $('site-name').textContent = s ? s.site || 'this site' : 'this site';
  $('annotate').disabled = !s || s.status === 'working';
  for (const id of ['export-json', 'export-csv', 'export-md', 'export-w3c', 'copy-md']) $(id).disabled = !annotated();
  $('import-json').disabled = !annotated();
  renderSpeakers();
  renderAudit(s && s.applied ? s.audit : null, { goto });
  renderCorrections();
  renderAddForm();
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
  else {
    const people = speakers(s.result);
    const quotes = people.reduce((n, p) => n + p.count, 0);
    status(`${quotes} quote${quotes === 1 ? '' : 's'} by ${people.length} speaker${people.length === 1 ? '' : 's'}.`);
  }
  const t = s.timing;
  $('engine').textContent = s.version ? `Engine ${s.version}, running in the background` +
    (t ? ` (${t.snapshot + t.engine + t.apply} ms: snapshot ${t.snapshot}, engine ${t.engine}, highlights ${t.apply}).` : '.') +
    (s.gradual ? ' A long page: its highlights are put in as you read it; counts and exports have them all.' : '') : '';
}

function renderSpeakers() {
  const s = state;
  const people = annotated() ? speakers(s.result) : [];
  $('no-speakers').hidden = !annotated() || people.length > 0;
  const colors = colorSlots(s && s.result);
  $('speakers').replaceChildren(...people.map((p) => {
    const kinds = Object.entries(p.kinds).map(([k, n]) => `${n} ${KIND_WORDS[k] || k}`).join(' · ');
    const b = el('button', { type: 'button', className: 'speaker', dataset: { speaker: p.key }, title: `Step through ${p.name}’s quotes` },
      el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'who' },
        el('span', { className: 'name', textContent: p.name }),
        el('span', { className: 'detail', textContent: [p.role, kinds].filter(Boolean).join(' — ') })),
      el('span', { className: 'count', textContent: String(p.count), attrs: { 'aria-hidden': 'true' } }));
    b.firstChild.style.background = p.entity && colors.has(p.entity) ? PALETTE[colors.get(p.entity) % 8] : 'transparent';
    b.addEventListener('click', async () => {
      const r = await ask({ type: 'ql:step', speaker: p.key });
      if (r) status(`${p.name}: quote ${r.index} of ${r.total}`);
    });
    return el('li', {}, b);
  }));
}

// The core's colour slots follow the order of each entity's first quote (src/markup.rs).
function colorSlots(result) {
  const slots = new Map();
  for (const q of (result && result.quotes) || []) if (q.entity && !slots.has(q.entity)) slots.set(q.entity, slots.size);
  return slots;
}

const ACTION_WORDS = { speaker: 'Speaker changed', kind: 'Kind changed', dismiss: 'Dismissed', add: 'Quote added', span: 'Span adjusted' };

/** What a correction did, in words: "Speaker changed to Dmitry Peskov". */
function describe(c) {
  switch (c.action) {
    case 'speaker': return `Speaker changed to ${c.speaker}`;
    case 'kind': return `Kind changed to ${KIND_WORDS[c.kind] || c.kind}`;
    case 'add': return `Quote added${c.speaker ? ` for ${c.speaker}` : ''}${c.kind ? ` (${KIND_WORDS[c.kind] || c.kind})` : ''}`;
    default: return ACTION_WORDS[c.action] || c.action;
  }
}

const excerpt = (text, n = 90) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

function renderCorrections() {
  const list = (state && state.corrections) || [];
  $('private-note').hidden = !isPrivate();
  $('corrections-empty').hidden = list.length > 0;
  $('reset-corrections').disabled = !state || list.length === 0;
  $('corrections').replaceChildren(...list.map((c) => {
    const lost = c.anchored === false;
    const fate = c.anchored === true ? '✓ applied' : lost ? '⚠ no longer found on this page' : 'not applied: the page is not annotated';
    const undo = el('button', { type: 'button', className: 'undo', textContent: 'Undo', dataset: { id: c.id },
      attrs: { 'aria-label': `Undo: ${describe(c)}` } });
    undo.addEventListener('click', () => act({ type: 'ql:undo', id: c.id }, `Undone: ${describe(c)}.`));
    return el('li', { className: lost ? 'lost' : '', dataset: { id: c.id, anchored: String(c.anchored) } },
      el('span', { className: 'what', textContent: describe(c) }),
      el('q', { className: 'excerpt', textContent: excerpt(c.target && c.target.exact ? c.target.exact : '') }),
      el('span', { className: 'fate', textContent: fate }),
      undo);
  }));
}

/** Sends a message that changes the page's corrections; shows the new state, or the error. */
async function act(msg, done, failed = 'That did not work') {
  try {
    const r = await ask(msg);
    if (r && r.error && !r.status) throw new Error(r.error);
    state = r && r.status ? r : await ask({ type: 'ql:state' });
    render();
    if (state.error && state.saved === false) status(`${done} Not saved: ${state.error}`);
    else status(done);
  } catch (e) {
    status(`${failed}: ${e.message || e}`);
  }
}

// ---- exports, copy, import ----
// The background takes the result and corrections from the content script as they are now (they may have
// changed since the popup opened), so the popup sends only which tab and format.
for (const [format, label] of EXPORTS) {
  $(`export-${format}`).addEventListener('click', async () => {
    if (!annotated()) return;
    status(`Exporting ${label}…`);
    const r = await askBackground({ type: 'ql:export', format, tab: tabId }).catch((e) => ({ error: e.message || String(e) }));
    status(r && !r.error ? `Exported ${label} (${r.filename}).` : `Export failed: ${r && r.error}`);
  });
}

$('copy-md').addEventListener('click', async () => {
  if (!annotated()) return;
  try {
    const r = await askBackground({ type: 'ql:export-text', format: 'md', tab: tabId });
    if (!r || r.error) throw new Error((r && r.error) || 'no answer from the background');
    await navigator.clipboard.writeText(r.text);
    status('Markdown copied to the clipboard.');
  } catch (e) {
    status(`Copy failed: ${e.message || e}`);
  }
});

$('import-json').addEventListener('click', () => {
  if (inTab) {
    $('import-file').click(); // synchronously: browsers open a file chooser only within the click
    return;
  }
  // A file chooser closes the toolbar popup (Firefox), and the chosen file with it: go on in a tab.
  chrome.tabs.create({ url: chrome.runtime.getURL(`popup/popup.html?tab=${tabId}&import=1`) }).then(() => window.close());
});

$('import-file').addEventListener('change', async (e) => {
  const input = e.target;
  const file = input.files && input.files[0];
  input.value = ''; // choosing the same file again fires change again
  if (!file) return;
  let got;
  try {
    got = readImport(await file.text(), [state && state.pageKey, state && state.url]);
  } catch (err) {
    status(`Nothing imported: ${err.message}`);
    return;
  }
  if (!got.corrections.length) {
    status('The file holds no corrections for this page; nothing to import.');
    return;
  }
  const n = got.corrections.length;
  await act({ type: 'ql:import', corrections: got.corrections }, `Imported ${n} correction${n === 1 ? '' : 's'} from the file.`, 'Nothing imported');
});

// ---- corrections panel ----
confirmStep($('reset-corrections'), () => act({ type: 'ql:reset' }, 'This page’s corrections were removed.'), status);
confirmStep($('clear-all'), async () => {
  try {
    await chrome.storage.local.clear();
  } catch (e) {
    status(`Could not clear the data: ${e.message || e}`);
    return;
  }
  // Every tab re-reads its (now default) settings and corrections.
  await Promise.all((await chrome.tabs.query({})).map((t) => chrome.tabs.sendMessage(t.id, { type: 'ql:settings' }).catch(() => null)));
  await refresh();
  await renderCollections();
  status('All QuoteLens data was cleared.');
}, status);

/** Focuses the quote or the entity's first mention on the page (the audit's clickable items). */
async function goto(id, label) {
  try {
    const r = await ask({ type: 'ql:goto', id });
    if (r && r.error) throw new Error(r.error);
    status(r === false || r === null ? `${label} is not highlighted on the page.` : `Showing ${label} on the page.`);
  } catch (e) {
    status(`Could not show ${label}: ${e.message || e}`);
  }
}

// ---- collections ----
function renderAddForm() {
  const priv = isPrivate();
  $('collections-private').hidden = !priv;
  $('add-to-collection').disabled = priv || !annotated();
  $('collection-name').disabled = priv;
}

async function renderCollections() {
  let all;
  try {
    all = await loadCollections();
  } catch (e) {
    status(`Could not read the collections: ${e.message || e}`);
    return;
  }
  const names = Object.keys(all).sort((a, b) => a.localeCompare(b));
  $('collection-names').replaceChildren(...names.map((n) => el('option', { value: n })));
  $('collections-empty').hidden = names.length > 0;
  // Re-rendering keeps open what the reader opened.
  const open = new Set([...document.querySelectorAll('details.collection[open]')].map((d) => d.dataset.collection));
  $('collections').replaceChildren(...names.map((name) => collectionView(name, all[name])));
  for (const d of document.querySelectorAll('details.collection')) d.open = open.has(d.dataset.collection);
}

function collectionView(name, c) {
  const articles = Object.entries(c.articles || {});
  const items = articles.map(([key, a]) => {
    const remove = el('button', { type: 'button', className: 'remove', textContent: 'Remove',
      attrs: { 'aria-label': `Remove “${a.title || a.url}” from ${name}` } });
    remove.addEventListener('click', () => store(() => removeArticle(name, key), `Removed “${a.title || a.url}” from ${name}.`));
    return el('li', { dataset: { key } },
      el('span', { className: 'title', textContent: a.title || a.url, title: a.url }),
      el('span', { className: 'muted', textContent: a.published || '' }),
      remove);
  });
  const exports = el('div', { className: 'formats', attrs: { role: 'group', 'aria-label': `Export ${name} as` } },
    el('span', { className: 'muted', textContent: 'Export:' }),
    ...EXPORTS.map(([format, label]) => {
      const b = el('button', { type: 'button', textContent: label, dataset: { format }, disabled: !articles.length,
        attrs: { 'aria-label': `Export ${name} as ${label}` } });
      b.addEventListener('click', async () => {
        const r = await chrome.runtime.sendMessage({ type: 'ql:export-collection', name, format });
        status(r && !r.error ? `Exported ${name} as ${label} (${r.filename}).` : `Export failed: ${r && r.error}`);
      });
      return b;
    }));
  const del = el('button', { type: 'button', className: 'delete', textContent: 'Delete collection', dataset: { confirm: `Yes, delete ${name}` } });
  const box = el('details', { className: 'collection', dataset: { collection: name } },
    el('summary', {}, el('span', { className: 'name', textContent: name }),
      el('span', { className: 'count', textContent: `${articles.length} article${articles.length === 1 ? '' : 's'}` })),
    el('ul', { className: 'items' }, ...items), exports, el('div', { className: 'row' }, del));
  confirmStep(del, () => store(() => deleteCollection(name), `Deleted the collection ${name}.`), status);
  return box;
}

/** Runs a storage change and reports it, or its error (a full storage quota, say): never swallowed. */
async function store(change, done) {
  try {
    await change();
    status(done);
  } catch (e) {
    status(`Not saved: ${e.message || e}`);
  }
  await renderCollections();
}

$('add-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('collection-name').value.trim();
  if (!name) {
    status('Type a name for the collection, or choose one.');
    return;
  }
  await refresh();
  if (!annotated()) return;
  if (isPrivate()) {
    status('Collections are not saved from private windows.');
    return;
  }
  const r = state.result;
  const article = { url: r.url || state.url, title: state.title || r.title || r.url, published: r.published ?? null, result: r, corrections: storedCorrections() };
  await store(() => addArticle(name, pageKey(), article), `Added this page to ${name}.`);
  const box = document.querySelector(`details.collection[data-collection="${CSS.escape(name)}"]`);
  if (box) box.open = true;
});

// ---- settings ----
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
    const box = el('input', { type: 'checkbox', id: `layer-${key}`, checked: true });
    box.addEventListener('change', async () => {
      const { layers = {} } = await chrome.storage.local.get('layers');
      await chrome.storage.local.set({ layers: { ...layers, [key]: box.checked } });
      await settingsChanged();
    });
    $('layers').appendChild(el('label', {}, box, ` ${label}`));
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

tabs($('tabs'));
buildLayers();
inTab = !!(await chrome.tabs.getCurrent());
tabId = await findTab();
if (tabId !== null) tabIncognito = !!(await chrome.tabs.get(tabId).catch(() => null))?.incognito;
await renderCollections();
chrome.storage.onChanged.addListener((changes, area) => { if (area === 'local' && changes.collections) renderCollections(); });
if (tabId === null) render();
else await refresh();
if (new URLSearchParams(location.search).get('import')) {
  $('import-json').focus();
  status(`Choose “Import JSON” to pick the file for ${state ? state.title || state.url : 'the page'}.`);
}
