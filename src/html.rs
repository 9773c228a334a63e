//! HTML → [`Snapshot`] for the CLI, with html5ever (through `scraper`): the same blocks the content
//! script takes from a live DOM, so both front ends feed the core alike. Without CSS we judge
//! visibility by markup alone: `hidden`, `aria-hidden`, inline `display:none`/`visibility:hidden`.

use crate::snapshot::{Block, Element, PageMeta, Snapshot};
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements whose content is never page text.
const SKIP: [&str; 16] = [
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "select", "textarea", "input",
];
/// Block-level elements (HTML's default `display: block`, list items and table parts).
const BLOCKS: [&str; 40] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "caption",
];

struct Builder {
    snap: Snapshot,
    /// Open block: its element and nodes so far.
    current: Option<Block>,
}

impl Builder {
    fn flush(&mut self) {
        if let Some(b) = self.current.take() {
            if b.nodes.iter().flatten().any(|s| !s.trim().is_empty()) {
                self.snap.blocks.push(b);
            }
        }
    }

    fn block_for(&mut self, element: Option<u32>, pre: bool) -> &mut Block {
        if self.current.as_ref().is_none_or(|b| b.element != element) {
            self.flush();
            self.current = Some(Block { element, pre, ..Block::default() });
        }
        self.current.get_or_insert_with(Block::default)
    }

    fn walk(&mut self, node: NodeRef<Node>, block_el: Option<u32>, in_link: bool, pre: bool) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => {
                    let text: &str = t;
                    let b = self.block_for(block_el, pre);
                    if in_link {
                        b.link_len += text.split_whitespace().map(|w| w.chars().count() + 1).sum::<usize>();
                    }
                    b.nodes.push(Some(text.to_string()));
                }
                Node::Element(e) => {
                    let tag = e.name();
                    if SKIP.contains(&tag) || is_hidden(e) {
                        continue;
                    }
                    if tag == "br" {
                        self.block_for(block_el, pre).nodes.push(None);
                        continue;
                    }
                    let pre = pre || tag == "pre";
                    let in_link = in_link || tag == "a";
                    if BLOCKS.contains(&tag) {
                        self.flush();
                        let mut tokens: Vec<String> = Vec::new();
                        for attr in ["id", "class", "itemprop"] {
                            if let Some(v) = e.attr(attr) {
                                tokens.extend(v.split_whitespace().map(str::to_lowercase));
                            }
                        }
                        self.snap.elements.push(Element {
                            tag: tag.to_string(),
                            parent: block_el,
                            role: e.attr("role").map(str::to_lowercase),
                            tokens,
                        });
                        let idx = (self.snap.elements.len() - 1) as u32;
                        self.walk(child, Some(idx), in_link, pre);
                        self.flush();
                    } else {
                        self.walk(child, block_el, in_link, pre);
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    // An editing area (the DOM's isContentEditable, which the content script skips) is the reader's, not the article.
    let editable = |v: &str| ["", "true", "plaintext-only"].iter().any(|k| v.eq_ignore_ascii_case(k));
    if e.attr("contenteditable").is_some_and(editable) {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn page_meta(doc: &Html) -> PageMeta {
    let mut meta = PageMeta::default();
    for node in doc.tree.nodes() {
        let Node::Element(e) = node.value() else { continue };
        match e.name() {
            "html" => meta.lang = e.attr("lang").map(str::to_string).filter(|l| !l.is_empty()),
            "title" if meta.title.is_none() => {
                meta.title = Some(
                    node.children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect::<String>()
                        .trim()
                        .to_string(),
                );
            }
            "meta" => {
                let key = e.attr("property").or(e.attr("name")).or(e.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, e.attr("content")) {
                    meta.meta.push((k.to_ascii_lowercase(), v.to_string()));
                }
            }
            "link"
                if e.attr("rel").is_some_and(|r| r.split_whitespace().any(|t| t.eq_ignore_ascii_case("canonical"))) =>
            {
                meta.canonical = e.attr("href").map(str::to_string);
            }
            "script" if e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) => {
                meta.json_ld.push(node.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect());
            }
            "time" => {
                if let Some(dt) = e.attr("datetime") {
                    meta.times.push(dt.to_string());
                }
            }
            _ => {}
        }
    }
    meta
}

/// Parses an HTML page into a snapshot. html5ever recovers from any malformed input, so this cannot fail.
pub fn snapshot(html: &str, url: Option<&str>) -> Snapshot {
    let doc = Html::parse_document(html);
    let mut b = Builder { snap: Snapshot::default(), current: None };
    b.walk(doc.tree.root(), None, false, false);
    b.flush();
    b.snap.meta = page_meta(&doc);
    b.snap.meta.url = url.map(str::to_string);
    b.snap
}
