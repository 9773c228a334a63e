// Background (Chrome: service worker; Firefox: event page). It runs the core for pages whose CSP forbids
// WASM in the content script (Chromium checks content-script WASM against the page's CSP), makes the exports
// with the core's own exporters (as the CLI does) and downloads them for the popup (a popup's blob URL dies
// when it closes), keeps the toolbar badge, and relays keyboard commands to the tab.
import { annotate, exportAs } from './engine-worker.js';

const FORMATS = {
  json: { ext: 'json', mime: 'application/json' },
  csv: { ext: 'csv', mime: 'text/csv' },
  md: { ext: 'md', mime: 'text/markdown' },
  w3c: { ext: 'jsonld', mime: 'application/ld+json' },
};

/** A file name from the page title: `quotelens-armament-deployment-by-russian-borders.json`. */
function fileName(title, ext) {
  const slug = String(title || 'page').normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')
    .toLowerCase().slice(0, 60).replace(/-+$/, '');
  return `quotelens-${slug || 'page'}.${ext}`;
}

async function exportPage({ result, format, title }) {
  const f = FORMATS[format];
  if (!f) throw new Error(`unknown export format ${format}`);
  const text = await exportAs(result, format);
  return download({ filename: fileName(title || result.title, f.ext), text, mime: f.mime });
}

function reply(promise, sendResponse) {
  promise.then(sendResponse, (e) => sendResponse({ error: String((e && e.message) || e) }));
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
  return { id };
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Only our own contexts can reach onMessage (no externally_connectable), but check the shape anyway.
  if (!msg || typeof msg.type !== 'string') return false;
  switch (msg.type) {
    case 'ql:annotate':
      return reply(annotate(msg.snapshot, msg.options), sendResponse);
    case 'ql:export':
      return reply(exportPage(msg), sendResponse);
    case 'ql:badge': {
      const tabId = sender.tab && sender.tab.id;
      if (tabId !== undefined) {
        const text = msg.count > 0 ? String(msg.count) : '';
        chrome.action.setBadgeText({ tabId, text }).catch(() => {});
        chrome.action.setBadgeBackgroundColor({ tabId, color: '#0072B2' }).catch(() => {});
      }
      return false;
    }
    default:
      return false;
  }
});

chrome.commands.onCommand.addListener(async (command) => {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (!tab || tab.id === undefined) return;
  chrome.tabs.sendMessage(tab.id, { type: command === 'next-quote' ? 'ql:next' : 'ql:toggle-site' }).catch(() => {});
});
