//! Document- and sentence-level context that single expressions cannot decide alone: the day/month
//! order of all-numeric dates, and the day a bare clock time belongs to.

use super::detect::Cand;
use super::resolve::Val;
use super::scan::{Kind, Tok};
use crate::model::DateType;

/// Whether the document writes all-numeric dates day first: decided by a date whose first number cannot
/// be a month (21.12.2021), else by one whose second cannot (12/21/2021), else by the separator (dots are
/// European, slashes American).
pub fn day_first(cands: &[Cand], toks: &[Tok]) -> bool {
    let (mut dots, mut slashes) = (0, 0);
    for c in cands {
        if let Val::Numeric { a, b, .. } = c.val {
            if a > 12 {
                return true;
            }
            if b > 12 {
                return false;
            }
            match toks.get(c.start + 1).map(|t| t.ch) {
                Some('.') => dots += 1,
                _ => slashes += 1,
            }
        }
    }
    dots > slashes
}

fn is_day(v: &Val) -> bool {
    matches!(
        v,
        Val::Cal { d: 1.., .. }
            | Val::CalOnWeekday { .. }
            | Val::Numeric { .. }
            | Val::Weekday { .. }
            | Val::Anchor
            | Val::Shift { unit: super::lexicon::Unit::Day, .. }
    )
}

fn sentence_break(toks: &[Tok], from: usize, to: usize) -> bool {
    toks.get(from..to).is_none_or(|s| {
        s.iter().any(|t| t.kind == Kind::Break || (t.kind == Kind::Punct && matches!(t.ch, '.' | '!' | '?')))
    })
}

/// "The same day", "the day" take the day last named before them; "two years later" counts from the
/// date last named (a stated year, month or day).
pub fn resolve_anaphora(cands: &mut [Cand]) {
    let mut last_day: Option<Val> = None;
    let mut last_date: Option<Val> = None;
    for c in cands.iter_mut() {
        match &c.val {
            Val::SameDay => {
                if let Some(v) = &last_day {
                    c.val = v.clone();
                }
            }
            Val::Later { unit, n } => {
                if let Some(b) = &last_date {
                    c.val = Val::From { base: Box::new(b.clone()), unit: *unit, n: *n };
                }
            }
            v => {
                if is_day(v) {
                    last_day = Some(v.clone());
                }
                if matches!(v, Val::Cal { y: super::resolve::YearSpec::Abs(_), .. }) {
                    last_date = Some(v.clone());
                }
            }
        }
    }
}

/// A clock time without a stated day ("at 16:15 UTC, June 1st") takes the nearest day named in the same
/// sentence, else the publication date.
pub fn lend_days_to_times(cands: &mut [Cand], toks: &[Tok]) {
    for i in 0..cands.len() {
        let Some(c) = cands.get(i) else { continue };
        if !matches!(c.val, Val::Time { date: None, .. }) || c.kind != DateType::Time {
            continue;
        }
        let before = i
            .checked_sub(1)
            .and_then(|j| cands.get(j))
            .filter(|p| is_day(&p.val) && !sentence_break(toks, p.end, c.start));
        let after = cands.get(i + 1).filter(|n| is_day(&n.val) && !sentence_break(toks, c.end, n.start));
        let pick = match (before, after) {
            (Some(b), Some(a)) => {
                Some(if c.start.saturating_sub(b.end) <= a.start.saturating_sub(c.end) { b } else { a })
            }
            (b, a) => b.or(a),
        };
        let Some(day) = pick.map(|p| p.val.clone()) else {
            continue;
        };
        if let Some(Val::Time { date, .. }) = cands.get_mut(i).map(|c| &mut c.val) {
            *date = Some(Box::new(day));
        }
    }
}
