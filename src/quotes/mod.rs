//! Quotes: direct, partial and reported speech, with their speakers and media sources.
//!
//! The text is read once into tokens (`tokens`) after the quote marks are paired (`marks`); reported
//! clauses come from speech frames (`reported`, `frames`); each quoted span is then classified
//! (`direct`) and every utterance's speaker phrase resolved in text order (`crate::speakers`), so that
//! a pronoun sees the speakers named before it.

pub mod direct;
pub mod frames;
pub mod marks;
pub mod reported;
pub mod tokens;

use crate::model::{Annotations, DateExpr, Entity, Quote, QuoteKind, Source, SourceKind};
use crate::offsets::CpIndex;
use crate::speakers::{interpret, Entities, Speaker};
use reported::Subject;
use std::collections::HashMap;
use tokens::Tokens;

/// How an utterance's speaker is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The phrase at tokens `a..b` (`true`: it follows its verb, so its first name counts).
    Phrase(usize, usize, bool),
    /// The speaker of another utterance (by index).
    SameAs(usize),
    /// The speaker of the utterance just before, in this or the previous paragraph.
    Previous,
    Unknown,
}

/// One utterance piece before speakers are resolved. Byte offsets.
#[derive(Debug, Clone)]
pub struct Utt {
    pub kind: QuoteKind,
    pub s: usize,
    pub e: usize,
    pub para: u32,
    pub cue: Option<(usize, usize)>,
    pub who: Who,
    /// The attribution's bytes, where a date gives the utterance's time.
    pub frame: Option<(usize, usize)>,
    /// The utterance whose group this piece continues.
    pub group_with: Option<usize>,
}

impl From<Subject> for Who {
    fn from(s: Subject) -> Who {
        match s {
            Subject::Phrase(a, b, after) => Who::Phrase(a, b, after),
            Subject::SameAs(i) => Who::SameAs(i),
            Subject::None => Who::Unknown,
        }
    }
}

/// `get` of utterance `i`, else of the utterance it continues or shares its speaker with (pieces of one
/// utterance share its date and source).
fn inherited<T>(utts: &[Utt], i: usize, get: impl Fn(usize) -> Option<T>) -> Option<T> {
    let mut j = i;
    for _ in 0..utts.len() {
        if let Some(v) = get(j) {
            return Some(v);
        }
        let u = utts.get(j)?;
        j = match (u.group_with, u.who) {
            (Some(g), _) => g,
            (None, Who::SameAs(s)) => s,
            _ => return None,
        };
    }
    None
}

/// Finds quotes, the entities that speak or are mentioned, and media sources; `dates` (already found)
/// give each quote its `when`.
pub fn find(idx: &CpIndex, dates: &[DateExpr]) -> Annotations {
    let text = idx.text();
    let marks = marks::find(text);
    let tk = Tokens::new(text, &marks);
    let mut ents = Entities::find(&tk);
    let found_sources = crate::sources::find(&tk);
    let frames = reported::source_frames(found_sources.iter().filter(|s| s.kind == SourceKind::Report).map(|s| s.toks));
    let quote_to_end = |k: usize| direct::quote_runs_to_sentence_end(&tk, &marks, k);
    let reps = reported::find(&tk, &frames, &quote_to_end);

    let mut utts: Vec<Utt> = reps
        .iter()
        .map(|r| Utt {
            kind: QuoteKind::Indirect,
            s: tk.get(r.a).map_or(0, |t| t.s),
            e: tk.get(r.b.saturating_sub(1)).map_or(0, |t| t.e),
            para: tk.get(r.a).map_or(0, |t| t.para),
            cue: Some(r.cue),
            who: r.subject.into(),
            frame: Some(r.frame),
            group_with: None,
        })
        .collect();
    direct::find(&tk, &marks, &reps, &frames, &mut utts);

    // Resolve speakers in text order.
    let mut order: Vec<usize> = (0..utts.len()).collect();
    order.sort_by_key(|&i| utts.get(i).map_or(0, |u| u.s));
    let mut speakers: Vec<Option<Speaker>> = vec![None; utts.len()];
    for (pos, &i) in order.iter().enumerate() {
        let Some(u) = utts.get(i) else { continue };
        // "they" after a group or organisation spoke: the same speakers ("Officials said … They added …").
        let plural_after_group = match u.who {
            Who::Phrase(a, b, _) if b == a + 1 && tk.is(a, "they") => {
                order.get(..pos).unwrap_or(&[]).last().and_then(|&j| {
                    let p = utts.get(j)?;
                    let s = speakers.get(j).cloned().flatten()?;
                    let group = s.ent.is_none() && s.desc.is_some();
                    let org = s
                        .ent
                        .and_then(|e| ents.ents.get(e))
                        .is_some_and(|e| e.kind != crate::model::EntityType::Person);
                    (p.para + 1 >= u.para && (group || org)).then_some(Speaker {
                        mention: s.mention.map(|_| (tk.get(a).map_or(0, |t| t.s), tk.get(a).map_or(0, |t| t.e))),
                        ..s
                    })
                })
            }
            _ => None,
        };
        let sp = if let Some(s) = plural_after_group {
            s
        } else {
            match u.who {
                Who::Phrase(a, b, after) => {
                    let sp = interpret(&mut ents, &tk, a, b, after);
                    if let (Some(e), Some((ms, me))) = (sp.ent, sp.mention) {
                        ents.add_mention(ms, me, e);
                    }
                    sp
                }
                Who::SameAs(j) => {
                    speakers.get(j).cloned().flatten().map(|s| Speaker { mention: None, ..s }).unwrap_or_default()
                }
                Who::Previous => {
                    let prev = order
                        .get(..pos)
                        .unwrap_or(&[])
                        .iter()
                        .rev()
                        .copied()
                        .find(|&j| utts.get(j).is_some_and(|p| p.para <= u.para && p.para + 2 >= u.para));
                    prev.and_then(|j| speakers.get(j).cloned().flatten())
                        .map(|s| Speaker { mention: None, ..s })
                        .unwrap_or_default()
                }
                Who::Unknown => Speaker::default(),
            }
        };
        if sp.ent.is_some() {
            ents.last_speaker = sp.ent;
        }
        if let Some(slot) = speakers.get_mut(i) {
            *slot = Some(sp);
        }
    }

    // Output, in text order.
    let mut ent_ids: Vec<Option<String>> = vec![None; ents.ents.len()];
    // Listed: whatever speaks or is named in full; people only when the text shows they are people.
    let listed: Vec<bool> = ents
        .ents
        .iter()
        .map(|e| e.keep || (e.kind == crate::model::EntityType::Person && e.person_evidence && e.key.len() >= 2))
        .collect();
    // Spans only for listed entities: most names found are never output.
    let mut spans_of: Vec<Vec<crate::model::Span>> = vec![Vec::new(); ents.ents.len()];
    for m in &ents.mentions {
        if let Some(v) = spans_of.get_mut(m.ent).filter(|_| listed.get(m.ent) == Some(&true)) {
            v.push(idx.span(m.s, m.e));
        }
    }
    let mut first_seen: Vec<(usize, usize)> = Vec::new();
    for i in 0..ents.ents.len() {
        if let Some(m) = spans_of.get(i).and_then(|v| v.first()) {
            first_seen.push((m.start, i));
        }
    }
    first_seen.sort();
    let mut entities = Vec::new();
    for (n, &(_, i)) in first_seen.iter().enumerate() {
        let Some(e) = ents.ents.get(i) else { continue };
        let id = format!("e{}", n + 1);
        if let Some(slot) = ent_ids.get_mut(i) {
            *slot = Some(id.clone());
        }
        let mentions = spans_of.get_mut(i).map(std::mem::take).unwrap_or_default();
        entities.push(Entity { id, name: e.name.clone(), kind: e.kind, role: e.role.clone(), mentions });
    }

    let sources: Vec<Source> = found_sources
        .iter()
        .enumerate()
        .map(|(n, f)| Source {
            id: format!("s{}", n + 1),
            start: idx.cp(f.s),
            end: idx.cp(f.e),
            text: idx.slice(f.s, f.e).to_string(),
            outlet: f.outlet.clone(),
            kind: f.kind,
        })
        .collect();

    let mut qid: Vec<String> = vec![String::new(); utts.len()];
    for (n, &i) in order.iter().enumerate() {
        if let Some(slot) = qid.get_mut(i) {
            *slot = format!("q{}", n + 1);
        }
    }
    // The date the attribution gives, and the outlet credited in the utterance's sentence.
    // Both lookups are indexed (dates by start, report sources by sentence): scanning every date and source
    // for every quote made a 10 MB page quadratic (minutes instead of seconds).
    let dates_sorted = dates.windows(2).all(|w| w[0].start <= w[1].start);
    let when_of = |u: &Utt| {
        let (fs, fe) = u.frame?;
        let (fs, fe) = (idx.cp(fs), idx.cp(fe));
        let from = if dates_sorted { dates.partition_point(|d| d.start < fs) } else { 0 };
        dates
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|d| !dates_sorted || d.start <= fe)
            .find(|d| d.start >= fs && d.end <= fe && d.kind != crate::model::DateType::Duration)
            .and_then(|d| d.value.clone())
    };
    let sent_of = |b: usize| tk.sent(tk.at_byte(b));
    let mut reports_by_sent: HashMap<Option<u32>, Vec<usize>> = HashMap::new();
    for (n, f) in found_sources.iter().enumerate().filter(|(_, f)| f.kind == SourceKind::Report) {
        reports_by_sent.entry(sent_of(f.s)).or_default().push(n);
    }
    let source_of = |u: &Utt| {
        let in_sentence = reports_by_sent.get(&sent_of(u.s))?;
        in_sentence
            .iter()
            .copied()
            .find(|&n| found_sources.get(n).is_some_and(|f| f.s >= u.s.min(u.e)))
            .and_then(|n| sources.get(n))
            .map(|s| s.id.clone())
    };
    let quotes = order
        .iter()
        .filter_map(|&i| {
            let u = utts.get(i)?;
            let sp = speakers.get(i).cloned().flatten().unwrap_or_default();
            let mut root = i;
            let mut guard = 0;
            while let Some(g) = utts.get(root).and_then(|x| x.group_with) {
                root = g;
                guard += 1;
                if guard > utts.len() {
                    break;
                }
            }
            let cue = u.cue.and_then(|(a, b)| {
                let (x, y) = (tk.get(a)?, tk.get(b.checked_sub(1)?)?);
                Some(idx.span(x.s, y.e))
            });
            let (qs, qe) = (idx.cp(u.s), idx.cp(u.e));
            let when = inherited(&utts, i, |j| when_of(utts.get(j)?));
            let source = inherited(&utts, i, |j| source_of(utts.get(j)?));
            let speaker = sp.ent.and_then(|e| ents.ents.get(e)).map(|e| e.name.clone());
            Some(Quote {
                id: qid.get(i).cloned().unwrap_or_default(),
                start: qs,
                end: qe,
                text: idx.slice(u.s, u.e).to_string(),
                kind: u.kind,
                group: qid.get(root).cloned().unwrap_or_default(),
                speaker,
                speaker_description: if sp.ent.is_none() { sp.desc.clone() } else { None },
                entity: sp.ent.and_then(|e| ent_ids.get(e).cloned().flatten()),
                cue,
                mention: sp.mention.map(|(a, b)| idx.span(a, b)),
                when,
                source,
                corrections: Vec::new(),
            })
        })
        .collect();
    Annotations { quotes, entities, sources, dates: vec![] }
}
