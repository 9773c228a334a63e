//! The reader's corrections (docs/corrections-and-storage.md): read record by record, anchored by
//! TextQuoteSelector over the document text — never by offsets or quote ids, so they survive engine
//! updates — and applied in their stored order to a result.

use crate::model::{Annotations, Entity, EntityType, Quote, QuoteKind};
use crate::offsets::CpIndex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Code points of context a TextQuoteSelector keeps either side (the W3C export's too).
pub const AFFIX: usize = 32;

/// A W3C TextQuoteSelector over the document text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuoteSelector {
    #[serde(rename = "type", default = "selector_type")]
    pub kind: String,
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

fn selector_type() -> String {
    "TextQuoteSelector".into()
}

impl TextQuoteSelector {
    /// The selector of `exact`, found at code points `start..end` of `text`, with up to [`AFFIX`] code
    /// points of context either side. The one builder for corrections, page anchors and the W3C export.
    pub fn around(text: &CpIndex, start: usize, end: usize, exact: &str) -> TextQuoteSelector {
        let at = |cp: usize| text.byte(cp);
        TextQuoteSelector {
            kind: selector_type(),
            exact: exact.to_string(),
            prefix: text.slice(at(start.saturating_sub(AFFIX)), at(start)).to_string(),
            suffix: text.slice(at(end), at(end.saturating_add(AFFIX))).to_string(),
        }
    }
}

/// One correction as stored and exported. Every field is optional and unknown fields are ignored, so an
/// unknown action or a missing field fails that record when applied (listed with its error), never the
/// list; a field of the wrong JSON type fails the list when read as a whole (the extension checks each
/// record's shape before storing it), while [`from_values`] (the CLI) reads record by record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TextQuoteSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<TextQuoteSelector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Why the record could not be read at all (a field of the wrong type); it is still listed.
    #[serde(skip)]
    pub malformed: Option<String>,
}

/// Reads a list of corrections record by record: a record that does not read becomes a correction
/// that only carries its id (or `#N`, its place) and the reason.
pub fn from_values(values: Vec<Value>) -> Vec<Correction> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let id = v.get("id").and_then(Value::as_str).map(str::to_string);
            serde_json::from_value::<Correction>(v).unwrap_or_else(|e| Correction {
                id: id.unwrap_or_else(|| format!("#{}", i + 1)),
                malformed: Some(e.to_string()),
                ..Correction::default()
            })
        })
        .collect()
}

/// What became of one correction, in the page output's `corrections`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fate {
    pub id: String,
    /// It found its text (and, unless it adds a quote, a quote there) and took effect.
    pub anchored: bool,
    /// Why the record itself is unusable (malformed, unknown action, missing field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Speaker,
    Kind,
    Dismiss,
    Add,
    Span,
}

fn parse_kind(k: &str) -> Option<QuoteKind> {
    match k {
        "direct" => Some(QuoteKind::Direct),
        "partial" => Some(QuoteKind::Partial),
        "indirect" => Some(QuoteKind::Indirect),
        _ => None,
    }
}

/// The document text with every white-space run collapsed to one space, and each of its characters'
/// code-point offset in the original, so selectors match however the page's white space was rendered.
struct Finder {
    norm: Vec<char>,
    at: Vec<u32>,
}

fn collapse(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_whitespace() {
            out.push(c);
        } else if out.last() != Some(&' ') {
            out.push(' ');
        }
    }
    out
}

impl Finder {
    fn new(text: &str) -> Finder {
        let mut norm = Vec::with_capacity(text.len());
        let mut at = Vec::with_capacity(text.len());
        let mut in_space = false;
        for (cp, c) in text.chars().enumerate() {
            let space = c.is_whitespace();
            if !(space && in_space) {
                norm.push(if space { ' ' } else { c });
                at.push(cp as u32);
            }
            in_space = space;
        }
        Finder { norm, at }
    }

    /// The code-point range of the occurrence of `sel.exact` whose prefix and suffix match best (the
    /// first of equals); `None` when the text does not occur.
    fn find(&self, sel: &TextQuoteSelector) -> Option<(usize, usize)> {
        let exact = collapse(sel.exact.trim());
        let (first, m) = (*exact.first()?, exact.len());
        let prefix = collapse(&sel.prefix);
        let suffix = collapse(&sel.suffix);
        let mut best: Option<(usize, usize)> = None;
        for i in 0..self.norm.len().saturating_sub(m - 1) {
            if self.norm[i] != first || self.norm[i..i + m] != exact[..] {
                continue;
            }
            let before = self.norm[..i].iter().rev().zip(prefix.iter().rev()).take_while(|(a, b)| a == b).count();
            let after = self.norm[i + m..].iter().zip(suffix.iter()).take_while(|(a, b)| a == b).count();
            if best.is_none_or(|(score, _)| before + after > score) {
                best = Some((before + after, i));
            }
        }
        let (_, i) = best?;
        Some((*self.at.get(i)? as usize, *self.at.get(i + m - 1)? as usize + 1))
    }
}

/// Applies `corrections` in order to `ann` (the annotations of `text`) and says what became of each.
/// When any took effect, quote ids are renumbered in text order and groups follow their first piece.
pub fn apply(text: &str, ann: &mut Annotations, corrections: &[Correction]) -> Vec<Fate> {
    if corrections.is_empty() {
        return Vec::new();
    }
    let finder = Finder::new(text);
    let idx = CpIndex::new(text);
    let mut changed = false;
    // Added quotes are numbered after the engine's until the renumbering.
    let base = ann.quotes.len();
    let fates = corrections
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let outcome = apply_one(&finder, &idx, ann, c, base + n + 1);
            changed |= outcome == Ok(true);
            Fate { id: c.id.clone(), anchored: outcome == Ok(true), error: outcome.err() }
        })
        .collect();
    if changed {
        renumber(&mut ann.quotes);
    }
    fates
}

/// `Ok(true)` applied, `Ok(false)` unanchored, `Err` an unusable record; an added quote's id is `qN`.
fn apply_one(f: &Finder, idx: &CpIndex, ann: &mut Annotations, c: &Correction, n: usize) -> Result<bool, String> {
    if let Some(why) = &c.malformed {
        return Err(format!("malformed correction: {why}"));
    }
    let action = match c.action.as_str() {
        "speaker" => Action::Speaker,
        "kind" => Action::Kind,
        "dismiss" => Action::Dismiss,
        "add" => Action::Add,
        "span" => Action::Span,
        other => return Err(format!("unknown action {other:?}")),
    };
    let target = c.target.as_ref().ok_or("no target")?;
    let kind = match c.kind.as_deref() {
        None => None,
        Some(k) => Some(parse_kind(k).ok_or_else(|| format!("unknown kind {k:?}"))?),
    };
    if action == Action::Kind && kind.is_none() {
        return Err("a kind correction without a kind".into());
    }
    let span = match (action, &c.span) {
        (Action::Span, None) => return Err("a span correction without a span".into()),
        (Action::Span, Some(s)) => Some(s),
        _ => None,
    };
    let Some((s, e)) = f.find(target) else { return Ok(false) };
    let qi = if action == Action::Add {
        // A quote the engine has found itself since: correct it rather than add it twice.
        match ann.quotes.iter().position(|q| q.start == s && q.end == e) {
            Some(i) => i,
            None => {
                let id = format!("q{n}");
                ann.quotes.push(Quote {
                    id: id.clone(),
                    start: s,
                    end: e,
                    text: idx.slice(idx.byte(s), idx.byte(e)).to_string(),
                    kind: kind.unwrap_or(QuoteKind::Direct),
                    group: id,
                    speaker: None,
                    speaker_description: None,
                    entity: None,
                    cue: None,
                    mention: None,
                    when: None,
                    source: None,
                    corrections: Vec::new(),
                });
                ann.quotes.len() - 1
            }
        }
    } else {
        match overlapping(&ann.quotes, s, e) {
            Some(i) => i,
            None => return Ok(false),
        }
    };
    let mark = |q: &mut Quote| {
        if !q.corrections.contains(&c.id) {
            q.corrections.push(c.id.clone());
        }
    };
    let group = ann.quotes[qi].group.clone();
    match action {
        Action::Dismiss => ann.quotes.retain(|q| q.group != group),
        Action::Speaker => set_speaker(ann, &group, c.speaker.as_deref(), &mark),
        Action::Kind => {
            let q = &mut ann.quotes[qi];
            q.kind = kind.unwrap_or(q.kind);
            mark(q);
        }
        Action::Add => {
            if let Some(k) = kind {
                ann.quotes[qi].kind = k;
            }
            mark(&mut ann.quotes[qi]);
            if c.speaker.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                set_speaker(ann, &group, c.speaker.as_deref(), &mark);
            }
        }
        Action::Span => {
            let Some((ns, ne)) = span.and_then(|sel| f.find(sel)) else { return Ok(false) };
            let q = &mut ann.quotes[qi];
            q.start = ns;
            q.end = ne;
            q.text = idx.slice(idx.byte(ns), idx.byte(ne)).to_string();
            mark(q);
        }
    }
    Ok(true)
}

/// The quote that overlaps `s..e` most (ties: the one whose span is closest to it).
fn overlapping(quotes: &[Quote], s: usize, e: usize) -> Option<usize> {
    quotes
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            let overlap = e.min(q.end).saturating_sub(s.max(q.start));
            let distance = q.start.abs_diff(s) + q.end.abs_diff(e);
            (overlap > 0).then_some((overlap, std::cmp::Reverse(distance), std::cmp::Reverse(i)))
        })
        .max()
        .map(|(_, _, std::cmp::Reverse(i))| i)
}

/// Gives every piece of `group` the speaker `name`: an entity of that name (else one whose name equals
/// it ignoring case), an unnamed speaker's description already used, or a new person; none = unknown.
fn set_speaker(ann: &mut Annotations, group: &str, name: Option<&str>, mark: &dyn Fn(&mut Quote)) {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let (speaker, entity, description) = match name {
        None => (None, None, None),
        Some(n) => {
            let found = ann
                .entities
                .iter()
                .find(|e| e.name == n)
                .or_else(|| ann.entities.iter().find(|e| e.name.to_lowercase() == n.to_lowercase()));
            let described = ann
                .quotes
                .iter()
                .filter_map(|q| q.speaker_description.as_deref())
                .find(|d| d.to_lowercase() == n.to_lowercase());
            match (found, described) {
                (Some(e), _) => (Some(e.name.clone()), Some(e.id.clone()), None),
                (None, Some(d)) => (None, None, Some(d.to_string())),
                (None, None) => {
                    let next = ann
                        .entities
                        .iter()
                        .filter_map(|e| e.id.strip_prefix('e')?.parse::<usize>().ok())
                        .max()
                        .unwrap_or(0)
                        + 1;
                    let id = format!("e{next}");
                    ann.entities.push(Entity {
                        id: id.clone(),
                        name: n.to_string(),
                        kind: EntityType::Person,
                        role: None,
                        mentions: Vec::new(),
                    });
                    (Some(n.to_string()), Some(id), None)
                }
            }
        }
    };
    for q in ann.quotes.iter_mut().filter(|q| q.group == group) {
        if q.entity != entity || entity.is_none() {
            // The mention named the old speaker.
            q.mention = None;
        }
        q.speaker = speaker.clone();
        q.entity = entity.clone();
        q.speaker_description = description.clone();
        mark(q);
    }
}

/// Ids `q1…` in text order (the engine's order among pieces that start together), each group the id
/// of its first piece. Ids are `qN` here (the engine's, and those of added quotes), so a group's first
/// piece is found by number, without a map; a sort by hand keeps the nearly sorted list cheap.
fn renumber(quotes: &mut [Quote]) {
    for i in 1..quotes.len() {
        let mut j = i;
        while j > 0 && quotes[j - 1].start > quotes[j].start {
            quotes.swap(j - 1, j);
            j -= 1;
        }
    }
    let number = |id: &str| id.strip_prefix('q').and_then(|n| n.parse::<usize>().ok());
    let slots = quotes.iter().filter_map(|q| number(&q.group)).max().map_or(0, |m| m + 1);
    let mut first = vec![usize::MAX; slots];
    for i in 0..quotes.len() {
        let head = match number(&quotes[i].group).and_then(|g| first.get_mut(g)) {
            Some(at) if *at != usize::MAX => *at,
            Some(at) => {
                *at = i;
                i
            }
            None => i,
        };
        quotes[i].group = if head == i { format!("q{}", i + 1) } else { quotes[head].group.clone() };
    }
    for (i, q) in quotes.iter_mut().enumerate() {
        q.id = format!("q{}", i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(exact: &str, prefix: &str, suffix: &str) -> TextQuoteSelector {
        TextQuoteSelector { kind: selector_type(), exact: exact.into(), prefix: prefix.into(), suffix: suffix.into() }
    }

    #[test]
    fn anchors_by_text_with_white_space_collapsed_and_the_best_context() {
        let text = "He said yes.\n\nShe said  yes, twice.  😀 yes\tagain";
        let f = Finder::new(text);
        let cps: Vec<char> = text.chars().collect();
        let slice = |(s, e): (usize, usize)| cps[s..e].iter().collect::<String>();
        // Three occurrences; the context picks the second, then the third.
        let second = f.find(&sel("yes", "She said ", ", twice")).expect("anchors");
        assert_eq!((slice(second), second.0), ("yes".to_string(), 24));
        let third = f.find(&sel("yes", "😀 ", " again")).expect("anchors");
        assert_eq!(third.0, cps.len() - 9);
        // No context: the first. White space in the exact text matches any white space run.
        assert_eq!(f.find(&sel("yes", "", "")), Some((8, 11)));
        assert_eq!(f.find(&sel(" said yes, \n twice. ", "", "")).map(slice), Some("said  yes, twice.".into()));
        assert_eq!(f.find(&sel("no", "", "")), None);
        assert_eq!(f.find(&sel("  ", "", "")), None, "an empty exact text anchors nowhere");
        assert_eq!(Finder::new("").find(&sel("x", "", "")), None);
    }

    #[test]
    fn a_selector_keeps_32_code_points_either_side() {
        let text = format!("{}“Yes”{}", "😀".repeat(40), "b".repeat(40));
        let idx = CpIndex::new(&text);
        let s = TextQuoteSelector::around(&idx, 41, 44, "Yes");
        assert_eq!((s.prefix.chars().count(), s.suffix.chars().count()), (32, 32));
        assert!(s.prefix.ends_with("😀“") && s.suffix.starts_with("”b"));
        let edge = TextQuoteSelector::around(&idx, 0, 2, "😀😀");
        assert_eq!(edge.prefix, "");
        let json = serde_json::to_value(&edge).expect("serialises");
        assert_eq!(json["type"], "TextQuoteSelector");
    }

    #[test]
    fn malformed_records_are_kept_with_their_reason() {
        let list = from_values(
            serde_json::from_str(r#"[{"id":"a","action":"dismiss","target":{"exact":"x"}},{"id":"b","target":7},5]"#)
                .expect("json"),
        );
        assert_eq!(list.len(), 3);
        assert!(list[0].malformed.is_none());
        assert_eq!(list[0].target.as_ref().map(|t| t.kind.as_str()), Some("TextQuoteSelector"));
        assert_eq!(list[1].id, "b");
        assert!(list[1].malformed.is_some());
        assert_eq!(list[2].id, "#3");
        let mut ann = Annotations::default();
        let fates = apply("x", &mut ann, &list);
        assert_eq!(fates[0], Fate { id: "a".into(), anchored: false, error: None });
        assert!(fates[1].error.as_deref().is_some_and(|e| e.starts_with("malformed")));
    }
}
