//! The sourcing audit (docs/corrections-and-storage.md): whom an article quotes and how — named and
//! unnamed speakers, people and organisations, direct and reported speech, the outlets it credits, each
//! speaker's share of the quoted words, and whom it mentions but never quotes. Computed from the result
//! after the reader's corrections, for the popup, the JSON export and the Markdown export alike.

use crate::model::{DocResult, EntityType, QuoteKind, SourceKind, Span};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// Distinct named speakers quoted (entities).
    pub named: usize,
    /// Distinct unnamed speakers quoted ("a senior official", "Russian diplomats").
    pub unnamed: usize,
    /// The named speakers that are people, and the organisations (media outlets quoted included).
    pub people: usize,
    pub organizations: usize,
    /// Utterances (a group counted once) by kind.
    pub direct: usize,
    pub partial: usize,
    pub indirect: usize,
    /// Quote records whose speaker is unknown.
    pub unattributed: usize,
    /// Quoted words in all, a piece nested in another of the same speaker counted once.
    pub words: usize,
    /// Every speaker quoted, most words first.
    pub speakers: Vec<SpeakerShare>,
    /// Media outlets credited for the reporting ("Sputnik reports", "Source: RT").
    pub outlets: Vec<Outlet>,
    /// Outlets credited for a picture only ("Picture: AiF").
    pub pictures: Vec<Outlet>,
    /// People and organisations the article mentions but never quotes, in order of first mention.
    pub unquoted: Vec<Unquoted>,
    /// Unnamed speakers and what they are quoted with.
    pub anonymous: Vec<Anonymous>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerShare {
    /// The speaker's name, or the description of an unnamed speaker.
    pub name: String,
    pub entity: Option<String>,
    /// The entity's type; null for an unnamed speaker.
    #[serde(rename = "type")]
    pub kind: Option<EntityType>,
    pub role: Option<String>,
    /// Utterances (a group counted once).
    pub quotes: usize,
    pub words: usize,
    /// Percent of all quoted words, rounded.
    pub share: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlet {
    pub outlet: String,
    /// The source records crediting it (`s1`, …).
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unquoted {
    pub entity: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub role: Option<String>,
    /// Its first mention.
    pub mention: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anonymous {
    pub description: String,
    /// The quote records attributed to it.
    pub quotes: Vec<String>,
}

/// Who a quote record is by: its entity, else its name, else its description.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Who<'a> {
    Entity(&'a str),
    Name(&'a str),
    Unnamed(&'a str),
}

fn is_picture_credit(label: &str) -> bool {
    let first = label.split_whitespace().next().unwrap_or("").to_lowercase();
    include_str!("../data/lexicons/picture-credits.txt")
        .lines()
        .map(str::trim)
        .any(|l| !l.starts_with('#') && !l.is_empty() && l == first)
}

/// For each of `n` quote pieces (span `span(i)`, speaker `who(i)`), whether an enclosing piece of the same
/// speaker already counts its words: another piece that contains it and is longer, or as long and earlier.
/// Pieces are visited in order of start: an earlier-starting (or equal-starting, lower-index) piece encloses
/// `i` when the largest end among them reaches `i`'s end; a later piece can only enclose it with the same
/// start and a larger end. Linear but for runs of equal starts, where the old pairwise scan was quadratic.
fn nested_pieces<W: Eq + std::hash::Hash>(
    n: usize,
    who: impl Fn(usize) -> W,
    span: impl Fn(usize) -> (usize, usize),
) -> Vec<bool> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (span(i).0, i));
    let mut max_end: HashMap<W, usize> = HashMap::new();
    let mut out = vec![false; n];
    for (k, &i) in order.iter().enumerate() {
        let (s, e) = span(i);
        let w = who(i);
        let before = max_end.get(&w).is_some_and(|&m| m >= e);
        let after = order
            .get(k + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&j| span(j).0 == s)
            .any(|&j| who(j) == w && span(j).1 > e);
        if let Some(slot) = out.get_mut(i) {
            *slot = before || after;
        }
        let m = max_end.entry(w).or_insert(e);
        *m = (*m).max(e);
    }
    out
}

/// The audit of `doc` (its annotations as corrected).
pub fn audit(doc: &DocResult) -> Audit {
    let ann = &doc.annotations;
    let who = |i: usize| {
        let q = &ann.quotes[i];
        match (&q.entity, &q.speaker, &q.speaker_description) {
            (Some(e), _, _) => Some(Who::Entity(e)),
            (None, Some(n), _) => Some(Who::Name(n)),
            (None, None, Some(d)) => Some(Who::Unnamed(d)),
            _ => None,
        }
    };
    let mut a = Audit::default();
    let nested = nested_pieces(ann.quotes.len(), who, |i| (ann.quotes[i].start, ann.quotes[i].end));
    // Sets and maps, not scans: a 10 MB page has tens of thousands of quotes.
    let mut seen_groups: HashSet<(&str, u8)> = HashSet::new();
    // Per speaker, in order of first quote: (who, groups, words).
    let mut by: Vec<(Who, Vec<&str>, usize)> = Vec::new();
    let mut by_at: HashMap<Who, (usize, HashSet<&str>)> = HashMap::new();
    for (i, q) in ann.quotes.iter().enumerate() {
        if seen_groups.insert((q.group.as_str(), q.kind as u8)) {
            match q.kind {
                QuoteKind::Direct => a.direct += 1,
                QuoteKind::Partial => a.partial += 1,
                QuoteKind::Indirect => a.indirect += 1,
            }
        }
        // Words already counted in an enclosing piece of the same speaker ("partial inside reported").
        let words = if nested.get(i).copied().unwrap_or(false) { 0 } else { q.text.split_whitespace().count() };
        a.words += words;
        let Some(w) = who(i) else {
            a.unattributed += 1;
            continue;
        };
        let (at, groups) = by_at.entry(w).or_insert_with(|| {
            by.push((w, Vec::new(), 0));
            (by.len() - 1, HashSet::new())
        });
        if let Some((_, list, n)) = by.get_mut(*at) {
            if groups.insert(q.group.as_str()) {
                list.push(&q.group);
            }
            *n += words;
        }
    }
    for (w, groups, words) in &by {
        let entity = match w {
            Who::Entity(id) => ann.entities.iter().find(|e| e.id == *id),
            _ => None,
        };
        let (name, kind) = match (w, entity) {
            (_, Some(e)) => (e.name.clone(), Some(e.kind)),
            (Who::Entity(id), None) => (id.to_string(), Some(EntityType::Person)),
            (Who::Name(n), None) => (n.to_string(), Some(EntityType::Person)),
            (Who::Unnamed(d), None) => (d.to_string(), None),
        };
        match kind {
            None => a.unnamed += 1,
            Some(EntityType::Person) => {
                a.named += 1;
                a.people += 1;
            }
            Some(_) => {
                a.named += 1;
                a.organizations += 1;
            }
        }
        let share = if a.words == 0 { 0 } else { (words * 100 + a.words / 2) / a.words };
        a.speakers.push(SpeakerShare {
            name,
            entity: entity.map(|e| e.id.clone()),
            kind,
            role: entity.and_then(|e| e.role.clone()),
            quotes: groups.len(),
            words: *words,
            share,
        });
        if let Who::Unnamed(d) = w {
            let quotes = ann
                .quotes
                .iter()
                .enumerate()
                .filter(|&(i, _)| who(i) == Some(*w))
                .map(|(_, q)| q.id.clone())
                .collect();
            a.anonymous.push(Anonymous { description: d.to_string(), quotes });
        }
    }
    // Stable: equal shares keep the order of first quote.
    a.speakers.sort_by(|x, y| y.words.cmp(&x.words));
    for s in &ann.sources {
        let label = s.text.split(':').next().unwrap_or("");
        let picture = s.kind == SourceKind::Credit && s.text.contains(':') && is_picture_credit(label);
        let list = if picture { &mut a.pictures } else { &mut a.outlets };
        match list.iter_mut().find(|o| o.outlet == s.outlet) {
            Some(o) => o.sources.push(s.id.clone()),
            None => list.push(Outlet { outlet: s.outlet.clone(), sources: vec![s.id.clone()] }),
        }
    }
    for e in &ann.entities {
        let quoted = ann.quotes.iter().any(|q| q.entity.as_deref() == Some(e.id.as_str()));
        let first = e.mentions.iter().min_by_key(|m| m.start);
        if let (false, Some(m), false) = (quoted, first, e.kind == EntityType::Media) {
            a.unquoted.push(Unquoted {
                entity: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind,
                role: e.role.clone(),
                mention: m.clone(),
            });
        }
    }
    a.unquoted.sort_by_key(|u| u.mention.start);
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{annotate, Document};

    /// The linear `nested_pieces` agrees with the pairwise definition it replaced, on every small layout.
    #[test]
    fn nested_pieces_match_the_pairwise_definition() {
        let mut seed = 7u64;
        for _ in 0..3000 {
            let n = (seed % 7) as usize;
            let spans: Vec<(usize, usize, u8)> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let s = (seed >> 33) as usize % 6;
                    (s, s + 1 + (seed >> 40) as usize % 4, (seed >> 50) as u8 % 2)
                })
                .collect();
            let fast = nested_pieces(n, |i| spans[i].2, |i| (spans[i].0, spans[i].1));
            let slow: Vec<bool> = (0..n)
                .map(|i| {
                    let (qs, qe, w) = spans[i];
                    (0..n).any(|j| {
                        let (os, oe, v) = spans[j];
                        j != i && v == w && os <= qs && qe <= oe && (oe - os > qe - qs || j < i)
                    })
                })
                .collect();
            assert_eq!(fast, slow, "{spans:?}");
        }
    }

    fn doc(text: &str) -> DocResult {
        DocResult {
            id: "t".into(),
            published: None,
            lang: None,
            title: None,
            url: None,
            text: Some(text.into()),
            annotations: annotate(&Document { text, published: None, lang: Some("en") }),
            corrections: Vec::new(),
        }
    }

    #[test]
    fn counts_speakers_words_and_outlets() {
        let d = doc("“We will win the vote tomorrow,” Jane Doe said, Reuters reports.\n\nAnalysts said the vote would be close.\n\nPhoto: AFP");
        let a = audit(&d);
        assert_eq!((a.named, a.unnamed, a.people, a.organizations), (1, 1, 1, 0), "{a:?}");
        assert_eq!((a.direct, a.indirect), (1, 1));
        assert_eq!(a.words, 6 + 5);
        assert_eq!(a.speakers[0].name, "Jane Doe");
        assert_eq!((a.speakers[0].words, a.speakers[0].share), (6, 55));
        assert_eq!(a.anonymous.len(), 1);
        assert_eq!(a.anonymous[0].description.to_lowercase(), "analysts");
        assert_eq!(a.outlets.iter().map(|o| o.outlet.as_str()).collect::<Vec<_>>(), ["Reuters"]);
        assert_eq!(a.pictures.iter().map(|o| o.outlet.as_str()).collect::<Vec<_>>(), ["AFP"]);
    }

    #[test]
    fn nothing_quoted_is_an_empty_audit() {
        let a = audit(&doc("No one said anything here."));
        assert_eq!((a.named, a.unnamed, a.words, a.speakers.len()), (0, 0, 0, 0));
    }
}
