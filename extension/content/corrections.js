// The reader's corrections for this page (docs/corrections-and-storage.md): the page key, TextQuoteSelectors
// made from a selection, the shape check for imported corrections, and the store. The content script is the
// only writer; in private windows nothing is written (kept in memory only). The core applies them.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  const ACTIONS = new Set(['speaker', 'kind', 'dismiss', 'add', 'span']);
  const KINDS = new Set(['direct', 'partial', 'indirect']);
  const CONTEXT = 32; // code points of prefix/suffix, as the W3C export
  // Elements whose text is a block of its own (as the snapshot's block list): a selector's prefix and suffix
  // come from the selection's block.
  const BLOCK_SELECTOR = 'p, li, blockquote, h1, h2, h3, h4, h5, h6, dd, dt, td, th, pre, figcaption, caption, ' +
    'article, section, main, div, body';

  /** White space collapsed as the document text and selectors compare it. */
  const collapse = (QL.collapse = (s) => String(s).replace(/\s+/g, ' '));

  /** The canonical URL, else the URL without fragment and utm_* parameters. */
  QL.pageKey = function pageKey(doc = document) {
    for (const l of doc.querySelectorAll('link[rel][href]')) {
      if (l.getAttribute('rel').split(/\s+/).some((t) => t.toLowerCase() === 'canonical')) return l.href;
    }
    const u = new URL(location.href);
    u.hash = '';
    // By hand, not searchParams: the other parameters keep their exact spelling (and Firefox's content-script
    // wrappers do not iterate URLSearchParams).
    const kept = u.search.slice(1).split('&').filter((p) => p && !/^utm_/i.test(p.split('=')[0]));
    u.search = kept.length ? `?${kept.join('&')}` : '';
    return u.href;
  };

  /**
   * A TextQuoteSelector for a DOM range: `exact` the selected text with white space collapsed, prefix/suffix
   * up to 32 code points of the surrounding block's text. Null when the range holds no text.
   */
  QL.selectorFromRange = function selectorFromRange(range) {
    const text = range.toString();
    const exact = collapse(text).trim();
    if (!exact) return null;
    const node = range.commonAncestorContainer;
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const block = (el && el.closest(BLOCK_SELECTOR)) || document.body;
    const before = document.createRange();
    before.setStart(block, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const after = document.createRange();
    after.setStart(range.endContainer, range.endOffset);
    after.setEnd(block, block.childNodes.length);
    // White space the selection starts or ends with belongs to the context (exact is trimmed).
    const prefix = collapse(collapse(before.toString()).trimStart() + (/^\s/.test(text) ? ' ' : ''));
    const suffix = collapse((/\s$/.test(text) ? ' ' : '') + collapse(after.toString()).trimEnd());
    return {
      type: 'TextQuoteSelector',
      exact,
      prefix: [...prefix].slice(-CONTEXT).join(''),
      suffix: [...suffix].slice(0, CONTEXT).join(''),
    };
  };

  /** `c-20261128T031500Z-k3f9`: time-ordered and unique enough for one reader's corrections. */
  QL.correctionId = function correctionId(now = new Date()) {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    const rand = crypto.getRandomValues(new Uint32Array(1))[0].toString(36).padStart(4, '0').slice(-4);
    return `c-${stamp}-${rand}`;
  };

  const isSelector = (s) => s && typeof s === 'object' && s.type === 'TextQuoteSelector' && typeof s.exact === 'string' &&
    s.exact.trim() !== '' && ['prefix', 'suffix'].every((k) => s[k] === undefined || typeof s[k] === 'string');

  /** Why `c` is not a correction of the documented shape, or null when it is one. */
  QL.correctionProblem = function correctionProblem(c) {
    if (!c || typeof c !== 'object' || Array.isArray(c)) return 'not an object';
    if (typeof c.id !== 'string' || !/^c-[\w.:-]{1,80}$/.test(c.id)) return 'bad id';
    if (!ACTIONS.has(c.action)) return `unknown action ${JSON.stringify(c.action)}`;
    if (!isSelector(c.target)) return 'target is not a TextQuoteSelector';
    if (c.action === 'speaker' && (typeof c.speaker !== 'string' || !c.speaker.trim())) return 'no speaker';
    if (c.action === 'add' && c.speaker !== undefined && c.speaker !== null && typeof c.speaker !== 'string') return 'bad speaker';
    if ((c.action === 'kind' || c.action === 'add') && !KINDS.has(c.kind)) return `bad kind ${JSON.stringify(c.kind)}`;
    if (c.action === 'span' && !isSelector(c.span)) return 'span is not a TextQuoteSelector';
    if (c.created !== undefined && typeof c.created !== 'string') return 'bad created';
    return null;
  };

  /**
   * The page's corrections under `corrections:<key>`. persist=false (private windows) keeps them in memory
   * only. save() rejects on a storage error; the caller reports it.
   */
  QL.correctionStore = function correctionStore(key, persist) {
    const name = `corrections:${key}`;
    return {
      key,
      persist,
      async load() {
        if (!persist) return [];
        const got = await chrome.storage.local.get(name);
        const list = got[name];
        return Array.isArray(list) ? list.filter((c) => !QL.correctionProblem(c)) : [];
      },
      async save(list) {
        if (!persist) return;
        if (list.length) await chrome.storage.local.set({ [name]: list });
        else await chrome.storage.local.remove(name);
      },
    };
  };
})();
