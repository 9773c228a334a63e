//! Article detection: which blocks of a page are the article body. In the manner of Firefox Reader
//! View (Readability.js): drop page furniture by structure and class names, score containers by the
//! paragraphs they hold, prefer what the page marks as its article body, and fall back to every
//! plausible block when the evidence is thin — missing a quote is worse than a highlight in a sidebar.

use crate::snapshot::{Block, Element, Snapshot};
use std::collections::BTreeMap;

/// Tags whose content is never article text.
const FURNITURE_TAGS: [&str; 11] =
    ["nav", "footer", "aside", "form", "button", "select", "figcaption", "menu", "dialog", "label", "textarea"];
/// Roles of page furniture.
const FURNITURE_ROLES: [&str; 8] =
    ["navigation", "complementary", "contentinfo", "banner", "search", "dialog", "menu", "menubar"];
/// Class/id fragments of page furniture (Readability's "unlikely candidates", trimmed to what is
/// safe on news sites).
const UNLIKELY: [&str; 27] = [
    "comment",
    "sidebar",
    "footer",
    "masthead",
    "navbar",
    "menu",
    "share",
    "social",
    "related",
    "promo",
    "advert",
    "sponsor",
    "newsletter",
    "subscribe",
    "cookie",
    "breadcrumb",
    "popup",
    "modal",
    "caption",
    "outbrain",
    "taboola",
    "disqus",
    "recirc",
    "byline",
    "dateline",
    "toolbar",
    "signup",
];
/// Fragments that rescue a container from the list above ("main-comment-free article-body").
const LIKELY: [&str; 6] = ["article", "body", "content", "main", "story", "post"];
/// Explicit article-body markers.
const BODY_MARKERS: [&str; 9] = [
    "articlebody",
    "article-body",
    "article__body",
    "story-body",
    "entry-content",
    "post-content",
    "article-content",
    "story-content",
    "articlebody__content",
];

fn is_furniture(el: &Element) -> bool {
    if FURNITURE_TAGS.contains(&el.tag.as_str()) {
        return true;
    }
    if el.role.as_deref().is_some_and(|r| FURNITURE_ROLES.contains(&r)) {
        return true;
    }
    // Readability never drops these by class name: pages hang every state flag on <body>.
    if matches!(el.tag.as_str(), "html" | "body" | "article" | "main") {
        return false;
    }
    let joined = el.tokens.join(" ");
    UNLIKELY.iter().any(|u| joined.contains(u))
        && !LIKELY.iter().any(|l| el.tokens.iter().any(|t| t.contains(l) && !UNLIKELY.iter().any(|u| t.contains(u))))
}

fn block_len(b: &Block) -> usize {
    b.nodes.iter().flatten().map(|s| s.split_whitespace().map(|w| w.chars().count() + 1).sum::<usize>()).sum()
}

fn is_body_marker(el: &Element) -> bool {
    el.tag == "article"
        || el.role.as_deref() == Some("article")
        || el.tokens.iter().any(|t| BODY_MARKERS.contains(&t.as_str()))
}

/// The indices of the article's blocks, ascending.
pub fn detect(snapshot: &Snapshot) -> Vec<usize> {
    let n_el = snapshot.elements.len();
    // Furniture flag per element, inherited from ancestors (parents precede children).
    let mut furniture = vec![false; n_el];
    for (i, el) in snapshot.elements.iter().enumerate() {
        let inherited = el.parent.and_then(|p| furniture.get(p as usize).copied()).unwrap_or(false);
        furniture[i] = inherited || is_furniture(el);
    }
    let lens: Vec<usize> = snapshot.blocks.iter().map(block_len).collect();
    let usable: Vec<usize> = (0..snapshot.blocks.len())
        .filter(|&i| lens[i] > 0)
        .filter(|&i| !snapshot.blocks[i].element.is_some_and(|e| furniture.get(e as usize).copied().unwrap_or(false)))
        .filter(|&i| {
            // Link lists ("Related Posts", tag clouds) are not prose.
            let b = &snapshot.blocks[i];
            !(b.link_len * 2 > lens[i] && lens[i] < 200)
        })
        .collect();
    if snapshot.elements.is_empty() {
        return usable;
    }
    let total: usize = usable.iter().map(|&i| lens[i]).sum();

    // Score containers by their paragraphs, Readability-style. Ordered maps, and ties go to the element
    // first in document order: the same page always gives the same article.
    let mut score: BTreeMap<u32, f64> = BTreeMap::new();
    let mut inner_text: BTreeMap<u32, usize> = BTreeMap::new();
    for &i in &usable {
        let b = &snapshot.blocks[i];
        let text_len = lens[i];
        let commas = b.nodes.iter().flatten().map(|s| s.matches([',', '，']).count()).sum::<usize>();
        let points = 1.0 + commas as f64 + (text_len as f64 / 100.0).min(3.0);
        for (level, (el_index, _)) in ancestry_indices(snapshot, b).enumerate() {
            *inner_text.entry(el_index).or_default() += text_len;
            if text_len >= 25 {
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f64 * 3.0,
                };
                *score.entry(el_index).or_default() += points / divider;
            }
        }
    }
    // A page's own article-body marker wins when it holds most of the prose.
    let marked = score
        .keys()
        .filter(|&&e| snapshot.elements.get(e as usize).is_some_and(is_body_marker))
        .copied()
        .max_by_key(|&e| (inner_text.get(&e).copied().unwrap_or(0), std::cmp::Reverse(e)));
    let best = score
        .iter()
        .filter(|(e, _)| snapshot.elements.get(**e as usize).is_some_and(|el| el.tag != "body" && el.tag != "html"))
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(e, _)| *e);
    let chosen = match (marked, best) {
        (Some(m), Some(b))
            if inner_text.get(&m).copied().unwrap_or(0) * 2 >= inner_text.get(&b).copied().unwrap_or(0) =>
        {
            Some(m)
        }
        (_, b) => b,
    };
    let Some(chosen) = chosen else { return usable };
    // Readability widens to the parent when the best container holds only part of the story.
    let mut root = chosen;
    while inner_text.get(&root).copied().unwrap_or(0) * 3 < total {
        match snapshot.elements.get(root as usize).and_then(|e| e.parent) {
            Some(p) if snapshot.elements.get(p as usize).is_some_and(|e| e.tag != "body" && e.tag != "html") => {
                root = p
            }
            _ => break,
        }
    }
    let selected: Vec<usize> = usable
        .iter()
        .copied()
        .filter(|&i| ancestry_indices(snapshot, &snapshot.blocks[i]).any(|(e, _)| e == root))
        .collect();
    let selected_len: usize = selected.iter().map(|&i| lens[i]).sum();
    if selected_len < 250 || selected_len * 5 < total {
        usable
    } else {
        selected
    }
}

fn ancestry_indices<'a>(snapshot: &'a Snapshot, block: &Block) -> impl Iterator<Item = (u32, &'a Element)> {
    let mut next = block.element;
    std::iter::from_fn(move || {
        let i = next?;
        let el = snapshot.elements.get(i as usize)?;
        next = el.parent;
        Some((i, el))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_containers_resolve_to_the_first_in_document_order() {
        let para = "Words, words and yet more words, ".repeat(12);
        let el = |tag: &str, parent| Element { tag: tag.into(), parent, ..Default::default() };
        let block = |element| Block { element: Some(element), nodes: vec![Some(para.clone())], ..Default::default() };
        let snapshot = Snapshot {
            elements: vec![el("body", None), el("div", Some(0)), el("div", Some(0))],
            blocks: vec![block(1), block(2)],
            ..Default::default()
        };
        // Every run hashes differently; the answer must not depend on it.
        for _ in 0..20 {
            assert_eq!(detect(&snapshot), vec![0]);
        }
    }
}
