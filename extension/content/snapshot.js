// Takes the page snapshot the core reads (src/snapshot.rs): text blocks in document order with their
// block-level ancestors, plus page metadata. It mirrors src/html.rs (the CLI's front end) tag for tag, so
// the same page gives the core the same input from both; here hidden content is judged by computed style.
// Alongside it returns the live Text nodes in the order the markup plan indexes them.
// The walk runs in slices (QL.slicer, applier.js) so a big page's thread is never held for long; the page may change
// between slices, so each resumption checks that the nodes it was walking are still where they were.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});

  const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'iframe', 'object',
    'embed', 'canvas', 'video', 'audio', 'select', 'textarea', 'input', 'quotelens-ui']);
  const BLOCKS = new Set(['address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'dialog', 'div',
    'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
    'hgroup', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr',
    'ul', 'caption']);

  function isHidden(el) {
    if (el.hasAttribute('hidden') || (el.getAttribute('aria-hidden') || '').trim() === 'true') return true;
    if (el.isContentEditable) return true; // the reader's own editing area is not article text
    const cs = getComputedStyle(el);
    return cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse';
  }

  function linkLen(text) {
    let n = 0;
    for (const w of text.split(/\s+/)) if (w) n += [...w].length + 1;
    return n;
  }

  /**
   * Resolves to {snapshot, textNodes, pauses}.
   * Open shadow roots are not entered (their content is the component's own, and wrapping it could break it);
   * same-origin iframes are other documents (the content script runs in the top frame only).
   */
  QL.takeSnapshot = async function takeSnapshot(doc = document) {
    const elements = [], blocks = [], textNodes = [];
    let current = null;

    const flush = () => {
      if (current && current.nodes.some((n) => n !== null && n.trim() !== '')) {
        blocks.push(current.block);
        for (const t of current.texts) textNodes.push(t);
      }
      current = null;
    };
    const blockFor = (element, pre) => {
      if (!current || current.block.element !== element) {
        flush();
        const block = { element, nodes: [], link_len: 0, pre };
        current = { block, nodes: block.nodes, texts: [] };
      }
      return current;
    };

    // The walk as an explicit stack (5,000-deep nesting must not overflow the JS stack, and a stack can be
    // resumed after a pause): each frame is an element being walked and its next child.
    const stack = [{ node: doc, next: doc.firstChild, blockEl: null, inLink: false, pre: false, block: false }];
    const slice = QL.slicer();
    while (stack.length) {
      const f = stack[stack.length - 1];
      const child = f.next;
      if (!child) {
        stack.pop();
        if (f.block) flush();
        continue;
      }
      f.next = child.nextSibling;
      if (child.nodeType === Node.TEXT_NODE) {
        const c = blockFor(f.blockEl, f.pre);
        const data = child.data;
        if (f.inLink) c.block.link_len += linkLen(data);
        c.nodes.push(data);
        c.texts.push(child);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const tag = child.localName;
        if (SKIP.has(tag) || isHidden(child)) continue;
        if (tag === 'br') {
          blockFor(f.blockEl, f.pre).nodes.push(null);
          continue;
        }
        const pre = f.pre || tag === 'pre';
        const inLink = f.inLink || tag === 'a';
        let blockEl = f.blockEl;
        const block = BLOCKS.has(tag);
        if (block) {
          flush();
          const tokens = [];
          for (const attr of ['id', 'class', 'itemprop']) {
            const v = child.getAttribute(attr);
            if (v) for (const t of v.split(/\s+/)) if (t) tokens.push(t.toLowerCase());
          }
          const role = child.getAttribute('role');
          elements.push({ tag, parent: f.blockEl, role: role === null ? null : role.toLowerCase(), tokens });
          blockEl = elements.length - 1;
        }
        stack.push({ node: child, next: child.firstChild, blockEl, inLink, pre, block });
      }
      if (slice.due()) {
        await slice.pause();
        resume(stack, flush);
      }
    }
    flush();
    return { snapshot: { elements, blocks, meta: pageMeta(doc) }, textNodes, pauses: slice.pauses };
  };

  /**
   * After a pause: the page may have removed or moved what the walk was in. A frame whose element left the
   * document ends there (with the frames above it); a frame whose next child is no longer its child skips
   * the rest of its children. What was already taken stays: the applier leaves alone any node that has left
   * the document or changed since.
   */
  function resume(stack, flush) {
    for (let i = 1; i < stack.length; i++) {
      const f = stack[i];
      if (f.node.parentNode !== stack[i - 1].node || !f.node.isConnected) {
        stack.length = i;
        flush();
        break;
      }
    }
    const top = stack[stack.length - 1];
    if (top && top.next && top.next.parentNode !== top.node) top.next = null;
  }

  QL.pageMeta = pageMeta;

  function pageMeta(doc) {
    const meta = { title: null, url: location.href, canonical: null, lang: null, meta: [], json_ld: [], times: [] };
    const lang = doc.documentElement.getAttribute('lang');
    if (lang) meta.lang = lang;
    const title = doc.querySelector('title');
    if (title) meta.title = title.textContent.trim();
    for (const m of doc.querySelectorAll('meta')) {
      const key = m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop');
      const content = m.getAttribute('content');
      if (key !== null && content !== null) meta.meta.push([key.toLowerCase(), content]);
    }
    for (const l of doc.querySelectorAll('link[rel]')) {
      if (l.getAttribute('rel').split(/\s+/).some((t) => t.toLowerCase() === 'canonical') && l.hasAttribute('href')) {
        meta.canonical = l.href; // resolved: exports want an absolute URL
      }
    }
    for (const s of doc.querySelectorAll('script[type]')) {
      if (s.getAttribute('type').trim().toLowerCase() === 'application/ld+json') meta.json_ld.push(s.textContent);
    }
    for (const t of doc.querySelectorAll('time[datetime]')) meta.times.push(t.getAttribute('datetime'));
    return meta;
  }
})();
