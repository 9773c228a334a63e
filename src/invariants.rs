//! Invariants every result must hold, whatever the input: checked by the fuzzers, the property tests
//! and the corpus sweep, so a rule change that breaks one is caught on any text, not just on ours.

use crate::markup::Mark;
use crate::model::{Annotations, QuoteKind};
use crate::snapshot::Snapshot;

fn slice(chars: &[char], start: usize, end: usize) -> Option<String> {
    (start < end && end <= chars.len()).then(|| chars[start..end].iter().collect())
}

/// Checks `ann` against the document `text` it was computed from.
pub fn check_annotations(text: &str, ann: &Annotations) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let span_ok = |what: &str, id: &str, start: usize, end: usize, t: &str| -> Result<(), String> {
        match slice(&chars, start, end) {
            Some(s) if s == t => Ok(()),
            Some(s) => Err(format!("{what} {id}: text {t:?} but the document has {s:?} at {start}..{end}")),
            None => Err(format!("{what} {id}: bad span {start}..{end} (document has {} code points)", chars.len())),
        }
    };
    for (i, q) in ann.quotes.iter().enumerate() {
        span_ok("quote", &q.id, q.start, q.end, &q.text)?;
        if q.id != format!("q{}", i + 1) {
            return Err(format!("quote ids out of order: {} at position {}", q.id, i + 1));
        }
        let group_ok = ann.quotes[..=i].iter().any(|g| g.id == q.group);
        if !group_ok {
            return Err(format!("quote {}: group {} is not an earlier quote", q.id, q.group));
        }
        if let Some(e) = &q.entity {
            if !ann.entities.iter().any(|x| &x.id == e) {
                return Err(format!("quote {}: unknown entity {e}", q.id));
            }
        }
        if let Some(s) = &q.source {
            if !ann.sources.iter().any(|x| &x.id == s) {
                return Err(format!("quote {}: unknown source {s}", q.id));
            }
        }
        for (what, span) in [("cue", &q.cue), ("mention", &q.mention)] {
            if let Some(s) = span {
                span_ok(what, &q.id, s.start, s.end, &s.text)?;
            }
        }
    }
    for pair in ann.quotes.windows(2) {
        if pair[0].start > pair[1].start {
            return Err(format!("quotes not in text order: {} then {}", pair[0].id, pair[1].id));
        }
    }
    // Within a layer (direct+partial, indirect) pieces never overlap.
    for indirect in [false, true] {
        let mut layer: Vec<_> = ann.quotes.iter().filter(|q| (q.kind == QuoteKind::Indirect) == indirect).collect();
        layer.sort_by_key(|q| q.start);
        for pair in layer.windows(2) {
            if pair[1].start < pair[0].end {
                return Err(format!("quotes {} and {} overlap", pair[0].id, pair[1].id));
            }
        }
    }
    for e in &ann.entities {
        for m in &e.mentions {
            span_ok("mention", &e.id, m.start, m.end, &m.text)?;
        }
    }
    for s in &ann.sources {
        span_ok("source", &s.id, s.start, s.end, &s.text)?;
    }
    for d in &ann.dates {
        span_ok("date", &d.id, d.start, d.end, &d.text)?;
    }
    Ok(())
}

/// Checks that every plan range lies inside its text node and never splits a surrogate pair.
pub fn check_plan(snapshot: &Snapshot, plan: &[Mark]) -> Result<(), String> {
    let nodes: Vec<&str> = snapshot.blocks.iter().flat_map(|b| b.nodes.iter().flatten().map(String::as_str)).collect();
    for m in plan {
        for &(node, start, end) in &m.ranges {
            let data = nodes.get(node as usize).ok_or_else(|| format!("plan names node {node} of {}", nodes.len()))?;
            let units: Vec<u16> = data.encode_utf16().collect();
            let (s, e) = (start as usize, end as usize);
            if !(s < e && e <= units.len()) {
                return Err(format!("range {s}..{e} outside node {node} of {} units", units.len()));
            }
            let inside_pair = |i: usize| i > 0 && i < units.len() && (0xDC00..0xE000).contains(&units[i]);
            if inside_pair(s) || inside_pair(e) {
                return Err(format!("range {s}..{e} splits a surrogate pair in node {node}"));
            }
        }
    }
    Ok(())
}
