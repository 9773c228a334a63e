//! A whole page through the core: snapshot → article → document text → annotations → markup plan.
//! The extension (through the WASM boundary) and the CLI's HTML input both come through here.

use crate::annotate::{annotate, looks_english, supports_language, Document};
use crate::audit::{audit, Audit};
use crate::corrections::{Correction, Fate, TextQuoteSelector};
use crate::doctext::DocText;
use crate::markup::{plan, Mark};
use crate::model::DocResult;
use crate::offsets::CpIndex;
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageOptions {
    /// The result's `id` (the CLI uses the file path; the extension the URL).
    #[serde(default)]
    pub id: Option<String>,
    /// Overrides the page's own publication date (`--published`).
    #[serde(default)]
    pub published: Option<String>,
    /// Annotate even when the page's language is not supported.
    #[serde(default)]
    pub force: bool,
    /// The page's URL for the quotes' links (`anchors`); else the result's own URL.
    #[serde(default)]
    pub url: Option<String>,
    /// The reader's corrections of this page, applied in order (docs/corrections-and-storage.md). Read
    /// by the WASM boundary itself, record by record (`wasm.rs`), not through serde.
    #[serde(skip)]
    pub corrections: Vec<Correction>,
}

/// Each quote's anchor by quote id, written as a JSON object (a list inside: no map code for a few ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors(pub Vec<(String, Anchor)>);

impl Serialize for Anchors {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl Anchors {
    pub fn get(&self, id: &str) -> Option<&Anchor> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, a)| a)
    }
}

/// What the extension needs to correct, cite or link one quote without recomputing anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub selector: TextQuoteSelector,
    /// The page URL with a text fragment that scrolls to the quote; null without a URL.
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageOutput {
    pub result: DocResult,
    pub plan: Vec<Mark>,
    /// The page declares itself an article (annotated without asking).
    pub is_article: bool,
    /// The page's language is one the engine supports; when false nothing was annotated.
    pub supported: bool,
    /// What became of each of the options' corrections, in their order.
    pub corrections: Vec<Fate>,
    /// The sourcing audit of the corrected result.
    pub audit: Audit,
    /// Quote id → its selector and link.
    pub anchors: Anchors,
}

/// Annotates a page snapshot.
pub fn annotate_page(snapshot: &Snapshot, opts: &PageOptions) -> PageOutput {
    let blocks = crate::article::detect(snapshot);
    let doc = DocText::build(snapshot, &blocks);
    let published = opts
        .published
        .as_deref()
        .and_then(crate::published::parse_date_prefix)
        .or_else(|| crate::published::publication_date(snapshot));
    let lang = snapshot.meta.lang.as_deref().filter(|l| !l.trim().is_empty());
    let supported = opts.force || (supports_language(lang) && looks_english(&doc.text));
    let mut annotations =
        if supported { annotate(&Document { text: &doc.text, published, lang }) } else { Default::default() };
    let fates = crate::corrections::apply(&doc.text, &mut annotations, &opts.corrections);
    let plan = plan(&annotations, &doc);
    let meta = &snapshot.meta;
    let url = meta.canonical.clone().or_else(|| meta.url.clone());
    let anchors = anchors(&doc.text, &annotations, opts.url.as_deref().or(url.as_deref()));
    let result = DocResult {
        id: opts.id.clone().or_else(|| meta.url.clone()).unwrap_or_default(),
        published: published.map(crate::published::iso_date),
        lang: Some(lang.unwrap_or("en").to_string()),
        title: meta.title.clone(),
        url,
        text: Some(doc.text),
        annotations,
        corrections: opts.corrections.clone(),
    };
    PageOutput {
        is_article: crate::published::declares_article(snapshot),
        supported,
        plan,
        corrections: fates,
        audit: audit(&result),
        anchors,
        result,
    }
}

/// Each quote's TextQuoteSelector (what a correction of it targets) and deep link.
fn anchors(text: &str, ann: &crate::model::Annotations, url: Option<&str>) -> Anchors {
    let idx = CpIndex::new(text);
    Anchors(
        ann.quotes
            .iter()
            .map(|q| {
                let selector = TextQuoteSelector::around(&idx, q.start, q.end, &q.text);
                (q.id.clone(), Anchor { selector, link: url.map(|u| crate::export::text_fragment_url(u, &q.text)) })
            })
            .collect(),
    )
}
