//! The sourcing audit (docs/corrections-and-storage.md): whom an article quotes and how — named and
//! unnamed speakers, people and organisations, direct and reported speech, the outlets it credits, each
//! speaker's share of the quoted words, and whom it mentions but never quotes. Computed from the result
//! after the reader's corrections, for the popup, the JSON export and the Markdown export alike.

use crate::model::{DocResult, EntityType, QuoteKind, SourceKind, Span};
use serde::{Deserialize, Serialize};

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

fn is_picture_credit(label: &str) -> bool {
    let first = label.split_whitespace().next().unwrap_or("").to_lowercase();
    include_str!("../data/lexicons/picture-credits.txt")
        .lines()
        .map(str::trim)
        .any(|l| !l.starts_with('#') && !l.is_empty() && l == first)
}

/// The number in an id such as `q12` or `e3`.
fn number(id: &str) -> Option<usize> {
    id.get(1..)?.parse().ok()
}

/// For each of `n` quote pieces in text order (span `span(i)`, speaker `who(i)` a small index), whether an
/// enclosing piece of the same speaker already counts its words: another piece that contains it and is
/// longer, or as long and earlier. An earlier piece encloses `i` when the largest end among that speaker's
/// earlier pieces reaches `i`'s end; a later piece only with the same start and a larger end. Linear but
/// for runs of equal starts.
fn nested_pieces(n: usize, who: impl Fn(usize) -> Option<usize>, span: impl Fn(usize) -> (usize, usize)) -> Vec<bool> {
    let mut max_end: Vec<Option<usize>> = Vec::new();
    let mut out = vec![false; n];
    for (i, nested) in out.iter_mut().enumerate() {
        let Some(w) = who(i) else { continue };
        let (s, e) = span(i);
        let before = max_end.get(w).copied().flatten().is_some_and(|m| m >= e);
        let after = (i + 1..n).take_while(|&j| span(j).0 == s).any(|j| who(j) == Some(w) && span(j).1 > e);
        *nested = before || after;
        if max_end.len() <= w {
            max_end.resize(w + 1, None);
        }
        max_end[w] = Some(max_end[w].map_or(e, |m| m.max(e)));
    }
    out
}

/// The audit of `doc` (its annotations as corrected; quotes in text order, as the engine and the
/// corrections leave them). Linear in the quotes: speakers are found through one map, groups by number.
pub fn audit(doc: &DocResult) -> Audit {
    let ann = &doc.annotations;
    let mut a = Audit::default();
    // Speaker key (an entity id, `\u{1}name` or `\u{2}description`) → [its index in `a.speakers`].
    let mut slots: crate::lexicon::WordMap<String, Vec<usize>> = Default::default();
    let mut slot_of: Vec<Option<usize>> = Vec::with_capacity(ann.quotes.len());
    // Per speaker: its place in `a.anonymous` when it is unnamed.
    let mut anonymous_at: Vec<Option<usize>> = Vec::new();
    // Per group number: the kinds counted (bits) and the last speaker it was counted for (+1).
    let mut groups: Vec<(u8, usize)> = vec![(0, 0); ann.quotes.len() + 1];
    for q in &ann.quotes {
        let entity = q.entity.as_deref().map(|id| {
            let guess = number(id).and_then(|n| ann.entities.get(n.wrapping_sub(1))).filter(|e| e.id == id);
            (id, guess.or_else(|| ann.entities.iter().find(|e| e.id == id)))
        });
        let (key, name, kind) = match (entity, &q.speaker, &q.speaker_description) {
            (Some((id, Some(e))), _, _) => (id.to_string(), e.name.as_str(), Some(e.kind)),
            (Some((id, None)), _, _) => (id.to_string(), id, Some(EntityType::Person)),
            (None, Some(n), _) => (format!("\u{1}{n}"), n.as_str(), Some(EntityType::Person)),
            (None, None, Some(d)) => (format!("\u{2}{d}"), d.as_str(), None),
            _ => {
                slot_of.push(None);
                a.unattributed += 1;
                continue;
            }
        };
        let slot = slots.entry(key).or_default();
        if slot.is_empty() {
            slot.push(a.speakers.len());
            anonymous_at.push(kind.is_none().then_some(a.anonymous.len()));
            match kind {
                None => {
                    a.unnamed += 1;
                    a.anonymous.push(Anonymous { description: name.to_string(), quotes: Vec::new() });
                }
                Some(EntityType::Person) => a.people += 1,
                Some(_) => a.organizations += 1,
            }
            let e = entity.and_then(|(_, e)| e);
            a.speakers.push(SpeakerShare {
                name: name.to_string(),
                entity: q.entity.clone(),
                kind,
                role: e.and_then(|e| e.role.clone()),
                quotes: 0,
                words: 0,
                share: 0,
            });
        }
        slot_of.push(slot.first().copied());
    }
    a.named = a.people + a.organizations;
    let nested = nested_pieces(ann.quotes.len(), |i| slot_of[i], |i| (ann.quotes[i].start, ann.quotes[i].end));
    for (i, q) in ann.quotes.iter().enumerate() {
        let words = if nested[i] { 0 } else { q.text.split_whitespace().count() };
        a.words += words;
        // A group counted once per kind and once per speaker; an id that is no `qN` counts alone.
        let (kinds, counted_for) = match number(&q.group).and_then(|n| groups.get_mut(n)) {
            Some((k, c)) => (k, c),
            None => {
                groups[0] = (0, 0);
                let (k, c) = &mut groups[0];
                (k, c)
            }
        };
        let bit = 1u8 << (q.kind as u8);
        if *kinds & bit == 0 {
            *kinds |= bit;
            match q.kind {
                QuoteKind::Direct => a.direct += 1,
                QuoteKind::Partial => a.partial += 1,
                QuoteKind::Indirect => a.indirect += 1,
            }
        }
        let Some(slot) = slot_of[i] else { continue };
        let s = &mut a.speakers[slot];
        s.words += words;
        if *counted_for != slot + 1 {
            *counted_for = slot + 1;
            s.quotes += 1;
        }
        if let Some(x) = anonymous_at.get(slot).copied().flatten().and_then(|k| a.anonymous.get_mut(k)) {
            x.quotes.push(q.id.clone());
        }
    }
    for s in &mut a.speakers {
        s.share = (s.words * 100 + a.words / 2).checked_div(a.words).unwrap_or(0);
    }
    // Most words first; equal shares keep the order of first quote.
    let mut order: Vec<(usize, usize)> =
        a.speakers.iter().enumerate().map(|(i, s)| (usize::MAX - s.words, i)).collect();
    order.sort();
    let mut speakers: Vec<Option<SpeakerShare>> = std::mem::take(&mut a.speakers).into_iter().map(Some).collect();
    a.speakers = order.iter().filter_map(|&(_, i)| speakers.get_mut(i).and_then(Option::take)).collect();
    for s in &ann.sources {
        let label = s.text.split(':').next().unwrap_or("");
        let picture = s.kind == SourceKind::Credit && s.text.contains(':') && is_picture_credit(label);
        let list = if picture { &mut a.pictures } else { &mut a.outlets };
        match list.iter_mut().find(|o| o.outlet == s.outlet) {
            Some(o) => o.sources.push(s.id.clone()),
            None => list.push(Outlet { outlet: s.outlet.clone(), sources: vec![s.id.clone()] }),
        }
    }
    // Entities are numbered in order of first mention, so this list is too.
    for e in &ann.entities {
        let quoted = slots.contains_key(e.id.as_str());
        if let (false, Some(m), false) = (quoted, e.mentions.first(), e.kind == EntityType::Media) {
            a.unquoted.push(Unquoted {
                entity: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind,
                role: e.role.clone(),
                mention: m.clone(),
            });
        }
    }
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
            let mut spans: Vec<(usize, usize, usize)> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let s = (seed >> 33) as usize % 6;
                    (s, s + 1 + (seed >> 40) as usize % 4, (seed >> 50) as usize % 2)
                })
                .collect();
            // Pieces come in text order (an invariant of every result).
            spans.sort_by_key(|s| s.0);
            let fast = nested_pieces(n, |i| Some(spans[i].2), |i| (spans[i].0, spans[i].1));
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
