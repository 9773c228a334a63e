//! The markup plan: which UTF-16 ranges of which text nodes get which highlight attributes
//! (Contract 2 of design.md). The extension's applier executes it mechanically, so every rule about
//! nesting, ids, labels and colours lives here.

use crate::doctext::DocText;
use crate::model::{Annotations, QuoteKind};
use crate::offsets::CpIndex;
use serde::{Deserialize, Serialize};

/// One highlight: an element per node range, all carrying `attrs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// `quote`, `speaker`, `source` or `date` (the `data-ql` value).
    pub layer: String,
    /// Attributes for every element of this mark, `data-ql` and `data-ql-id` first.
    pub attrs: Vec<(String, String)>,
    /// `(node, start16, end16)`: a text node (index among the snapshot's text nodes) and a UTF-16 range.
    pub ranges: Vec<(u32, u32, u32)>,
    /// The first piece of a quote: focusable, and labelled for screen readers with `label`.
    pub first: bool,
    /// What a screen reader should hear about this highlight ("Quote by Dmitry Peskov").
    pub label: Option<String>,
}

/// Nesting rank: a mark may only sit inside marks of a lower rank.
fn rank(layer: &str, kind: Option<QuoteKind>) -> u8 {
    match (layer, kind) {
        ("quote", Some(QuoteKind::Indirect)) => 0,
        ("quote", _) => 1,
        _ => 2,
    }
}

struct Candidate {
    start: usize,
    end: usize,
    rank: u8,
    mark: Mark,
}

/// Builds the plan for `ann` over `doc` (whose text `ann`'s code-point offsets index).
pub fn plan(ann: &Annotations, doc: &DocText) -> Vec<Mark> {
    let idx = CpIndex::new(&doc.text);
    let mut cands: Vec<Candidate> = Vec::new();
    let mut push = |start_cp: usize,
                    end_cp: usize,
                    rank: u8,
                    layer: &str,
                    attrs: Vec<(String, String)>,
                    first: bool,
                    label: Option<String>| {
        let (start, end) = (idx.byte(start_cp), idx.byte(end_cp));
        if start < end {
            cands.push(Candidate {
                start,
                end,
                rank,
                mark: Mark { layer: layer.into(), attrs, ranges: Vec::new(), first, label },
            });
        }
    };
    let a = |k: &str, v: &str| (k.to_string(), v.to_string());
    // One palette slot per speaking entity, in order of first quote.
    let mut speakers: Vec<&str> = Vec::new();
    for q in &ann.quotes {
        let speaker = q.speaker.as_deref().unwrap_or("");
        let who = q.speaker.as_deref().or(q.speaker_description.as_deref());
        let mut attrs = vec![
            a("data-ql", "quote"),
            a("data-ql-id", &q.id),
            a("data-ql-kind", q.kind.as_str()),
            a("data-ql-group", &q.group),
            a("data-ql-speaker", speaker),
        ];
        if let Some(e) = &q.entity {
            let slot = speakers.iter().position(|s| s == e).unwrap_or_else(|| {
                speakers.push(e);
                speakers.len() - 1
            });
            attrs.push(a("data-ql-color", &(slot % 8).to_string()));
        }
        // The reader corrected it: the ids of those corrections, for the card and Undo.
        if !q.corrections.is_empty() {
            attrs.push(a("data-ql-corrected", &q.corrections.join(" ")));
        }
        let noun = match q.kind {
            QuoteKind::Indirect => "Reported speech",
            QuoteKind::Partial => "Partial quote",
            QuoteKind::Direct => "Quote",
        };
        let label = Some(match who {
            Some(w) => format!("{noun} by {w}"),
            None => format!("{noun}, speaker unknown"),
        });
        push(q.start, q.end, rank("quote", Some(q.kind)), "quote", attrs, q.group == q.id, label);
    }
    for e in &ann.entities {
        for (i, m) in e.mentions.iter().enumerate() {
            let id = format!("{}.m{}", e.id, i + 1);
            push(
                m.start,
                m.end,
                2,
                "speaker",
                vec![a("data-ql", "speaker"), a("data-ql-id", &id), a("data-ql-entity", &e.id)],
                false,
                None,
            );
        }
    }
    for s in &ann.sources {
        push(
            s.start,
            s.end,
            2,
            "source",
            vec![a("data-ql", "source"), a("data-ql-id", &s.id), a("data-ql-outlet", &s.outlet)],
            false,
            None,
        );
    }
    for d in &ann.dates {
        let value = d.value.as_deref().unwrap_or("");
        push(
            d.start,
            d.end,
            2,
            "date",
            vec![a("data-ql", "date"), a("data-ql-id", &d.id), a("data-ql-value", value)],
            false,
            None,
        );
    }
    // Outer before inner: by start, then longer first, then lower rank.
    cands.sort_by(|x, y| x.start.cmp(&y.start).then(y.end.cmp(&x.end)).then(x.rank.cmp(&y.rank)));
    // Keep only properly nested marks whose rank rises with depth; drop any that would cross another.
    let mut stack: Vec<(usize, u8)> = Vec::new();
    let mut out = Vec::new();
    for mut c in cands {
        while stack.last().is_some_and(|&(end, _)| end <= c.start) {
            stack.pop();
        }
        if let Some(&(end, parent_rank)) = stack.last() {
            if c.end > end || c.rank <= parent_rank {
                continue;
            }
        }
        c.mark.ranges = doc.node_ranges(c.start, c.end);
        if c.mark.ranges.is_empty() {
            continue;
        }
        stack.push((c.end, c.rank));
        out.push(c.mark);
    }
    out
}
