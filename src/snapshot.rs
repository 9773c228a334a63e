//! A page snapshot: what a front end (the content script, or the CLI's HTML parser) hands the core.
//!
//! It is the page's text in document order, cut into *blocks* — maximal runs of inline content between
//! block boundaries, as CSS lays them out — with just enough structure for article detection (each
//! block's element and that element's ancestors) and the page metadata for the publication date.
//! No browser types: both front ends fill the same plain structure, so one core decides everything.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Block-level elements that are ancestors of some block, parents before children.
    #[serde(default)]
    pub elements: Vec<Element>,
    /// Text blocks in document order.
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub meta: PageMeta,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Element {
    /// Lower-case tag name.
    pub tag: String,
    /// Index of the parent element in [`Snapshot::elements`], `None` for the top.
    #[serde(default)]
    pub parent: Option<u32>,
    /// The `role` attribute.
    #[serde(default)]
    pub role: Option<String>,
    /// `id` and `class` tokens, and the `itemprop` value, lower-cased.
    #[serde(default)]
    pub tokens: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// The nearest block-level element holding this block's text, index into [`Snapshot::elements`].
    #[serde(default)]
    pub element: Option<u32>,
    /// The block's text nodes in order; `null` stands for a `<br>`. Strings are raw node data
    /// (white space not yet collapsed), so markup-plan offsets index them directly.
    pub nodes: Vec<Option<String>>,
    /// Code points of this block's text that sit inside links.
    #[serde(default)]
    pub link_len: usize,
    /// White space is preserved (`<pre>`, `white-space: pre*`).
    #[serde(default)]
    pub pre: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub canonical: Option<String>,
    /// The `lang` of `<html>`.
    #[serde(default)]
    pub lang: Option<String>,
    /// `<meta>` tags as (name or property, content), lower-cased names.
    #[serde(default)]
    pub meta: Vec<(String, String)>,
    /// The raw text of each `<script type="application/ld+json">`.
    #[serde(default)]
    pub json_ld: Vec<String>,
    /// The `datetime` attribute of each `<time>` element, in document order.
    #[serde(default)]
    pub times: Vec<String>,
}

impl Snapshot {
    /// The first `<meta>` content among `names` (in the order given).
    pub fn meta(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.meta.meta.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str()))
    }
}
