//! Times of day: "5 p.m.", "17:00 UTC", "noon", "12:00 UTC Monday".

use super::{Cand, Grammar};
use crate::dates::resolve::{Val, YearSpec};
use crate::dates::scan::Kind;
use crate::model::DateType;

impl Grammar<'_> {
    /// A clock time: "5 p.m.", "5pm", "17:00", "08:30 UTC", "0800 GMT", "noon"; returns (end, h, m, utc).
    pub(super) fn clock(&self, i: usize) -> Option<(usize, u32, u32, bool)> {
        let (mut h, m, mut k);
        if let Some((hh, mm)) = self.lex(i).and_then(|e| e.clock) {
            (h, m, k) = (hh, mm, i + 1);
        } else {
            let (v, n) = self.num(i)?;
            if self.prev(i).is_some_and(|p| {
                self.adj(p)
                    && self.tok(p).is_some_and(|t| {
                        t.kind == Kind::Punct && matches!(t.ch, '$' | '£' | '€' | '.' | ',' | ':' | '/')
                    })
            }) {
                return None;
            }
            if n <= 2
                && self.adj(i)
                && self.punct(i + 1, ':')
                && self.adj(i + 1)
                && self.num(i + 2).is_some_and(|(mm, nm)| nm == 2 && mm < 60)
            {
                h = v;
                m = self.num(i + 2).map_or(0, |x| x.0);
                k = i + 3;
                // seconds
                if self.adj(i + 2) && self.punct(k, ':') && self.num(k + 1).is_some_and(|(_, n)| n == 2) {
                    k += 2;
                }
            } else if n == 4 && v % 100 < 60 && v / 100 <= 24 {
                (h, m, k) = (v / 100, v % 100, i + 1);
                // only with a zone ("0800 UTC")
                if self.lex(k).is_none_or(|e| e.zone.is_none()) {
                    return None;
                }
            } else if n <= 2 {
                (h, m, k) = (v, 0, i + 1);
            } else {
                return None;
            }
            if h > 24 {
                return None;
            }
            let ampm = self.ampm(k);
            if let Some((pm, end)) = ampm {
                if !(1..=12).contains(&h) {
                    return None;
                }
                h = match (h, pm) {
                    (12, false) => 0,
                    (12, true) => 12,
                    (h, true) => h + 12,
                    (h, false) => h,
                };
                k = end;
            } else if self.is(k, "o") && self.punct(k + 1, '\'') && self.is(k + 2, "clock") {
                k += 3;
            } else if k == i + 1 && self.lex(k).is_none_or(|e| e.zone.is_none()) {
                return None;
            }
        }
        let mut utc = false;
        if let Some(z) = self.lex(k).and_then(|e| e.zone) {
            if self.tok(k).is_some_and(|t| t.cap || t.len() > 1) {
                utc = z;
                k += 1;
            }
        } else if self.is(k, "z") && self.adj(k - 1) {
            utc = true;
            k += 1;
        } else if self.is(k, "local") && self.is(k + 1, "time") {
            k += 2;
        }
        Some((k, h, m, utc))
    }

    /// "am"/"pm"/"a.m."/"p.m." at `i`: (is pm, end).
    pub(super) fn ampm(&self, i: usize) -> Option<(bool, usize)> {
        let pm = if self.is(i, "pm") || self.is(i, "p") {
            true
        } else if self.is(i, "am") || self.is(i, "a") {
            false
        } else {
            return None;
        };
        if self.is_any(i, &["am", "pm"]) {
            return Some((pm, i + 1));
        }
        if self.punct(i + 1, '.') && self.is(i + 2, "m") && self.adj(i) && self.adj(i + 1) {
            let end = if self.punct(i + 3, '.') && self.adj(i + 2) { i + 4 } else { i + 3 };
            return Some((pm, end));
        }
        None
    }

    /// A clock time with an adjacent day: "12:00 UTC Monday", "16:00 UTC today", "5 p.m. Tuesday".
    pub(super) fn time_expr(&self, i: usize) -> Option<Cand> {
        let (end, h, m, utc) = self.clock(i)?;
        // a bare "3:16" is a time only where the sentence says so ("at 17:00"), not a verse or a ratio
        let last = end.saturating_sub(1);
        let bare = !utc && self.num(last).is_some_and(|(_, n)| n == 2) && last > i && self.punct(last - 1, ':');
        if bare
            && !self.prev(i).is_some_and(|p| {
                self.is_any(
                    p,
                    &[
                        "at", "by", "until", "till", "from", "to", "before", "after", "around", "about", "since",
                        "until", "and",
                    ],
                )
            })
        {
            return None;
        }
        let mut date = None;
        let mut end = end;
        if let Some((e2, v)) = self.weekday_led(end).or_else(|| self.rel_day(end)).or_else(|| self.explicit_date(end)) {
            if !matches!(v, Val::Part { .. }) {
                date = Some(Box::new(v));
                end = e2;
            }
        } else if self.punct(end, ',') {
            // a dateline: "12:30 GMT, 21 December 2021", "4:37 PM ET, Mon February 1, 2016"
            let full = self.weekday_led(end + 1).or_else(|| self.explicit_date(end + 1));
            if let Some((e2, v @ Val::Cal { y: YearSpec::Abs(_), d: 1.., .. })) = full {
                date = Some(Box::new(v));
                end = e2;
            }
        }
        Some(Cand::new(i, end, DateType::Time, Val::Time { date, h, m, utc }))
    }
}
