//! A whole page through the core: snapshot → article → document text → annotations → markup plan.
//! The extension (through the WASM boundary) and the CLI's HTML input both come through here.

use crate::annotate::{annotate, looks_english, supports_language, Document};
use crate::doctext::DocText;
use crate::markup::{plan, Mark};
use crate::model::DocResult;
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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageOutput {
    pub result: DocResult,
    pub plan: Vec<Mark>,
    /// The page declares itself an article (annotated without asking).
    pub is_article: bool,
    /// The page's language is one the engine supports; when false nothing was annotated.
    pub supported: bool,
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
    let annotations =
        if supported { annotate(&Document { text: &doc.text, published, lang }) } else { Default::default() };
    let plan = plan(&annotations, &doc);
    let meta = &snapshot.meta;
    PageOutput {
        is_article: crate::published::declares_article(snapshot),
        supported,
        plan,
        result: DocResult {
            id: opts.id.clone().or_else(|| meta.url.clone()).unwrap_or_default(),
            published: published.map(crate::published::iso_date),
            lang: Some(lang.unwrap_or("en").to_string()),
            title: meta.title.clone(),
            url: meta.canonical.clone().or_else(|| meta.url.clone()),
            text: Some(doc.text),
            annotations,
        },
    }
}
