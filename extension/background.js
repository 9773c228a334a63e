// Background (Chrome: service worker; Firefox: event page). It runs the core for every page, off the page's
// thread (content/engine.js says why), makes the exports
// with the core's own exporters (as the CLI does) and downloads them for the popup (a popup's blob URL dies
// when it closes), exports whole collections, keeps the toolbar badge, relays keyboard commands to the tab,
// and owns the "Add quote from selection" context-menu item. Big messages, either way, go in parts (parcel.js).
import { annotate, exportAs } from './engine-worker.js';
import './parcel.js';

const { wrap, unwrap, ask, answerPart, dropOwned } = globalThis.QuoteLens.parcel;

const FORMATS = {
  json: { ext: 'json', mime: 'application/json' },
  csv: { ext: 'csv', mime: 'text/csv' },
  md: { ext: 'md', mime: 'text/markdown' },
  w3c: { ext: 'jsonld', mime: 'application/ld+json' },
};
const MENU_ADD = 'ql-add-selection';

/** A file name from a page title or collection name: `quotelens-armament-deployment-by-russian-borders.json`. */
function fileName(title, ext) {
  const slug = String(title || 'page').normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')
    .toLowerCase().slice(0, 60).replace(/-+$/, '');
  return `quotelens-${slug || 'page'}.${ext}`;
}

function format(name) {
  const f = FORMATS[name];
  if (!f) throw new Error(`unknown export format ${name}`);
  return f;
}

/**
 * A page's result, title and stored corrections, asked of the content script of tab `tab` (the popup's), in
 * parts when big. The popup does not send them: that would carry a big page's result twice (tab -> popup ->
 * background), and the content script, which lives as long as the page, is the one holder of the result that
 * the background (a service worker, stopped when idle) can always ask again.
 */
async function pageData(tab) {
  if (!Number.isInteger(tab) || tab < 0) throw new Error('no tab to export');
  const send = (msg) => chrome.tabs.sendMessage(tab, msg, { frameId: 0 });
  const data = await ask(send, { type: 'ql:result' });
  if (!data || data.error) throw new Error((data && data.error) || 'QuoteLens is not running in that tab');
  return data;
}

/** One page's export as text (the popup's Copy Markdown), with the reader's corrections in JSON. */
async function exportText({ tab, format: name }) {
  format(name);
  const { result, corrections } = await pageData(tab);
  return { text: await exportAs([result], name, corrections ?? []) };
}

async function exportPage({ tab, format: name }) {
  const f = format(name);
  const { result, title, corrections } = await pageData(tab);
  const text = await exportAs([result], name, corrections ?? []);
  return download({ filename: fileName(title || result.title, f.ext), text, mime: f.mime });
}

/** A whole collection as one file: the stored results (corrections applied) in the collection's order. */
async function exportCollection({ name, format: fmt }) {
  const f = format(fmt);
  const { collections = {} } = await chrome.storage.local.get('collections');
  const c = Object.hasOwn(collections, name) ? collections[name] : null;
  if (!c) throw new Error(`there is no collection named “${name}”`);
  // Each article's corrections travel with its result, so the JSON export carries them (Import restores them).
  const results = Object.values(c.articles || {}).map((a) => ({ ...a.result, corrections: a.corrections || [] }));
  if (!results.length) throw new Error(`the collection “${name}” is empty`);
  const text = await exportAs(results, fmt, []);
  return download({ filename: fileName(`collection ${name}`, f.ext), text, mime: f.mime });
}

// Work in progress (annotations and exports), so that whoever must know when it has all ended can wait for it:
// the end-to-end harness between tests (ql:idle), which must not start a test while the last one's pages
// still keep the core busy. `annotated` counts the pages the core has annotated here since the background started.
const work = { running: 0, annotated: 0, waiting: [] };

function tracked(promise) {
  work.running++;
  return promise.finally(() => {
    if (--work.running === 0) for (const ok of work.waiting.splice(0)) ok();
  });
}

const idle = () => (work.running === 0 ? Promise.resolve() : new Promise((ok) => work.waiting.push(ok)))
  .then(() => ({ idle: true, annotated: work.annotated }));

/** Answers with what `promise` gives (in parts for `owner` when big), or {error}. */
function reply(promise, sendResponse, owner) {
  tracked(promise.then((v) => wrap(v, owner))).then(sendResponse, (e) => sendResponse({ error: String((e && e.message) || e) }));
  return true; // keep the channel open for the asynchronous answer
}

async function download({ filename, text, mime }) {
  let url, revoke = () => {};
  if (typeof URL.createObjectURL === 'function') {
    // Firefox's event page: blob URLs work (and data: URLs are refused by its downloads API).
    url = URL.createObjectURL(new Blob([text], { type: mime }));
    revoke = () => setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } else {
    // Chrome's service worker has no createObjectURL.
    url = `data:${mime};charset=utf-8,${encodeURIComponent(text)}`;
  }
  const id = await chrome.downloads.download({ url, filename, saveAs: false, conflictAction: 'uniquify' });
  revoke();
  return { id, filename };
}

// Who may send what. Only our own contexts reach onMessage (no externally_connectable), and the id is
// checked anyway; beyond that, messages a content script sends must come from a tab, and those that make
// files must come from an extension page (the popup), never from a content script acting for a page.
const fromTab = (sender) => !!(sender.tab && sender.tab.id !== undefined);
const fromExtensionPage = (sender) => typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
/** Who gets the parts of an answer: the very frame or extension page that asked. */
const ownerOf = (sender) => (fromTab(sender) ? `tab:${sender.tab.id}:${sender.frameId ?? 0}` : `page:${sender.url}`);

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || typeof msg.type !== 'string' || sender.id !== chrome.runtime.id) return false;
  switch (msg.type) {
    case 'ql:annotate': {
      if (!fromTab(sender)) return false;
      // A big snapshot came as a header: its parts are taken from the frame that sent it.
      const fromFrame = (m) => chrome.tabs.sendMessage(sender.tab.id, m, { frameId: sender.frameId ?? 0 });
      return reply(unwrap(msg.snapshot, fromFrame).then((snapshot) => annotate(snapshot, msg.options)).then((r) => {
        work.annotated++;
        return r;
      }), sendResponse, ownerOf(sender));
    }
    case 'ql:part': // the rest of a big answer (parcel.js), to the frame or page that asked for it only
      if (!fromTab(sender) && !fromExtensionPage(sender)) return false;
      sendResponse(answerPart(msg, ownerOf(sender)));
      return false;
    case 'ql:badge': {
      if (!fromTab(sender)) return false;
      const tabId = sender.tab.id;
      const text = msg.count > 0 ? String(msg.count) : '';
      chrome.action.setBadgeText({ tabId, text }).catch(() => {});
      chrome.action.setBadgeBackgroundColor({ tabId, color: '#0072B2' }).catch(() => {});
      return false;
    }
    case 'ql:export':
      if (!fromExtensionPage(sender)) return false;
      return reply(exportPage(msg), sendResponse, ownerOf(sender));
    case 'ql:export-text':
      if (!fromExtensionPage(sender)) return false;
      return reply(exportText(msg), sendResponse, ownerOf(sender));
    case 'ql:export-collection':
      if (!fromExtensionPage(sender)) return false;
      return reply(exportCollection(msg), sendResponse, ownerOf(sender));
    case 'ql:idle':
      if (!fromExtensionPage(sender)) return false;
      idle().then(sendResponse);
      return true;
    default:
      return false;
  }
});

// A closed tab's answers will never be fetched: drop their parts now rather than after parcel.js's time-out
// (a huge page's result held for minutes).
chrome.tabs.onRemoved.addListener((tabId) => dropOwned(`tab:${tabId}:`));

chrome.commands.onCommand.addListener(async (command) => {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (!tab || tab.id === undefined) return;
  chrome.tabs.sendMessage(tab.id, { type: command === 'next-quote' ? 'ql:next' : 'ql:toggle-site' }).catch(() => {});
});

// The context-menu item is registered once per install or update; both browsers keep it across restarts and
// while the background sleeps.
chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_ADD, title: 'Add quote from selection', contexts: ['selection'] }, () => {
    if (chrome.runtime.lastError) console.error('QuoteLens: context menu:', chrome.runtime.lastError.message);
  });
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== MENU_ADD || !tab || tab.id === undefined || tab.id < 0) return;
  // To the frame the selection is in: the content script there opens its add-a-quote form at the selection.
  chrome.tabs.sendMessage(tab.id, { type: 'ql:add-selection' }, { frameId: info.frameId ?? 0 }).catch((e) => {
    console.error('QuoteLens: add from selection:', e && e.message);
  });
});
