//! Temporal expressions (TIMEX3 DATE, TIME, DURATION, SET) found in running text and normalised
//! against the publication date.
//!
//! The pipeline: [`scan`] splits the text into tokens (byte offsets), [`detect`] finds expressions with a
//! hand-written grammar over the vocabulary of [`lexicon`] (`data/dates/`), [`tense`] reads the tense of
//! each one's sentence, [`context`] settles what needs the rest of the document, and [`resolve`] anchors
//! them to TIMEX3 values.

mod context;
mod detect;
mod lexicon;
mod resolve;
mod scan;
mod tense;

use crate::model::DateExpr;
use crate::offsets::CpIndex;
use chrono::NaiveDate;
use resolve::{Ctx, Tense, Val};

/// Finds the temporal expressions of `idx.text()`, in text order, with ids `d1…`.
pub fn find(idx: &CpIndex, published: Option<NaiveDate>) -> Vec<DateExpr> {
    let text = idx.text();
    let toks = scan::tokenize(text);
    let mut cands = detect::detect(text, &toks);
    let day_first = context::day_first(&cands, &toks);
    context::lend_days_to_times(&mut cands, &toks);
    context::resolve_anaphora(&mut cands);
    let mut out = Vec::with_capacity(cands.len());
    for c in cands {
        let (Some(first), Some(last)) = (toks.get(c.start), c.end.checked_sub(1).and_then(|e| toks.get(e))) else {
            continue;
        };
        let (start, end) = (first.start, last.end);
        let needs_tense = matches!(
            c.val,
            Val::Weekday { .. }
                | Val::Cal { .. }
                | Val::NthWeekday { .. }
                | Val::CalOnWeekday { .. }
                | Val::WeekOf { .. }
                | Val::Season { .. }
                | Val::Quarter { .. }
                | Val::Half { .. }
                | Val::Weekend(None)
                | Val::Time { .. }
                | Val::Part { .. }
        );
        let tense = if needs_tense && published.is_some() {
            tense::tense_at(text, &toks, c.start, c.end)
        } else {
            Tense::Unknown
        };
        let ctx = Ctx { anchor: published, tense, day_first };
        let value = resolve::resolve(&c.val, &ctx);
        out.push(DateExpr {
            id: format!("d{}", out.len() + 1),
            start: idx.cp(start),
            end: idx.cp(end),
            text: idx.slice(start, end).to_string(),
            kind: c.kind,
            value,
            modifier: c.modifier.map(str::to_string),
            quant: c.quant.map(str::to_string),
            freq: c.freq,
        });
    }
    out
}
