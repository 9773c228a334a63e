// Takes the page snapshot the core reads (src/snapshot.rs): text blocks in document order with their
// block-level ancestors, plus page metadata. It mirrors src/html.rs (the CLI's front end) tag for tag, so
// the same page gives the core the same input from both; here hidden content is judged by computed style.
// Alongside it returns the live Text nodes in the order the markup plan indexes them.
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

  /** Returns {snapshot, textNodes, size}: `size` is the UTF-16 length of all text, to judge the work ahead. */
  QL.takeSnapshot = function takeSnapshot(doc = document) {
    const elements = [], blocks = [], textNodes = [];
    let current = null, size = 0;

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
    const walk = (node, blockEl, inLink, pre) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE) {
          const c = blockFor(blockEl, pre);
          const data = child.data;
          if (inLink) c.block.link_len += linkLen(data);
          c.nodes.push(data);
          c.texts.push(child);
          size += data.length;
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          const tag = child.localName;
          if (SKIP.has(tag) || isHidden(child)) continue;
          if (tag === 'br') {
            blockFor(blockEl, pre).nodes.push(null);
            continue;
          }
          const childPre = pre || tag === 'pre';
          const childLink = inLink || tag === 'a';
          if (BLOCKS.has(tag)) {
            flush();
            const tokens = [];
            for (const attr of ['id', 'class', 'itemprop']) {
              const v = child.getAttribute(attr);
              if (v) for (const t of v.split(/\s+/)) if (t) tokens.push(t.toLowerCase());
            }
            const role = child.getAttribute('role');
            elements.push({ tag, parent: blockEl, role: role === null ? null : role.toLowerCase(), tokens });
            walk(child, elements.length - 1, childLink, childPre);
            flush();
          } else {
            walk(child, blockEl, childLink, childPre);
          }
        }
      }
    };
    walk(doc, null, false, false);
    flush();
    return { snapshot: { elements, blocks, meta: pageMeta(doc) }, textNodes, size };
  };

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
