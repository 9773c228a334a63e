//! Calendar dates and periods: "Tuesday, December 21", "21.12.2021", "2009", "the 1990s", "the fourth
//! quarter", "summer 2021", "last week", "yesterday", and what may surround them ("early", "the end of").

use super::{Cand, Grammar};
use crate::dates::lexicon::Unit;
use crate::dates::resolve::{Val, YearSpec};
use crate::dates::scan::Kind;
use crate::model::DateType;

/// Month names that are also given names or verbs: alone they need a temporal cue ("in May").
const AMBIGUOUS_MONTHS: [u8; 5] = [3, 4, 5, 6, 8];

/// Possessives before "50s" make it an age ("in his 50s").
const AGE_OWNERS: [&str; 7] = ["his", "her", "their", "its", "my", "your", "our"];

impl Grammar<'_> {
    /// A day of the month at `i` (1–31, one or two digits), with an adjacent "st"/"nd"/"th"; returns the
    /// day and the token after it.
    pub(super) fn day(&self, i: usize) -> Option<(u32, usize)> {
        let (d, n) = self.num(i)?;
        // "21-22" still starts with a day
        if n > 2 || !(1..=31).contains(&d) || self.glued_before(i) || (self.glued_after(i) && !self.punct(i + 1, '-')) {
            return None;
        }
        let end = if self.adj(i) && self.is_any(i + 1, &["st", "nd", "rd", "th"]) { i + 2 } else { i + 1 };
        Some((d, end))
    }

    /// Skips an abbreviation's period.
    pub(super) fn after_abbr(&self, i: usize, full: bool) -> usize {
        if !full && self.punct(i + 1, '.') && self.adj(i) {
            i + 2
        } else {
            i + 1
        }
    }

    /// A month name at `i` (capitalised): (month, next token, full name).
    pub(super) fn month(&self, i: usize) -> Option<(u32, usize, bool)> {
        let e = self.lex(i).filter(|e| e.month > 0)?;
        if !self.cap(i) {
            return None;
        }
        Some((e.month as u32, self.after_abbr(i, e.month_full), e.month_full))
    }

    /// A year after a month or day: ", 2021", " 2021"; returns (year, end).
    pub(super) fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(y) = self.year4(i) {
            return Some((y, i + 1));
        }
        if self.punct(i, ',') {
            if let Some(y) = self.year4(i + 1) {
                return Some((y, i + 2));
            }
        }
        None
    }

    /// A date that names its day: "December 21[, 2021]", "21[st] [of] December[, 2021]".
    pub(super) fn explicit_date(&self, i: usize) -> Option<(usize, Val)> {
        if let Some((m, k, _)) = self.month(i) {
            let (d, k2) = self.day(k)?;
            // "May 5:30" is no day; in "December 21-22" the first day stands for the range's start
            if self.adj(k) && self.punct(k + 1, ':') {
                return None;
            }
            return Some(self.day_and_year(m, d, k2));
        }
        let (d, k) = self.day(i)?;
        let k = if self.is(k, "of") { k + 1 } else { k };
        let (m, k2, _) = self.month(k)?;
        Some(self.day_and_year(m, d, k2))
    }

    /// Month `m`, day `d`, and the year that may follow at token `k` (else the year is implicit).
    fn day_and_year(&self, m: u32, d: u32, k: usize) -> (usize, Val) {
        match self.trailing_year(k) {
            Some((y, end)) => (end, Val::Cal { y: YearSpec::Abs(y), m, d }),
            None => (k, Val::Cal { y: YearSpec::Implicit, m, d }),
        }
    }

    /// "of 2005", "of next year", "of this year", "2005" after a month, quarter or season.
    pub(super) fn of_year(&self, i: usize) -> Option<(YearSpec, usize)> {
        let j = if self.is(i, "of") { i + 1 } else { i };
        if let Some((y, end)) = self.trailing_year(j) {
            return Some((YearSpec::Abs(y), end));
        }
        if j > i {
            if self.is(j, "the") && self.is(j + 1, "year") {
                return Some((YearSpec::Rel(0), j + 2));
            }
            let k = self.lex(j).and_then(|e| e.shift)?;
            if self.lex(j + 1).and_then(|e| e.unit) == Some(Unit::Year)
                && !self.lex(j + 1).is_some_and(|e| e.unit_plural)
            {
                return Some((YearSpec::Rel(k as i32), j + 2));
            }
        }
        None
    }

    /// Month-led: "December 21, 2021", "Dec. 21", "December 2021", "October of next year", "March".
    pub(super) fn month_led(&self, i: usize) -> Option<(usize, Val)> {
        let (m, k, full) = self.month(i)?;
        if let Some(r) = self.explicit_date(i) {
            return Some(r);
        }
        if let Some((y, end)) = self.of_year(k) {
            return Some((end, Val::Cal { y, m, d: 0 }));
        }
        if !full || self.name_follows(k) {
            return None;
        }
        let ambiguous = AMBIGUOUS_MONTHS.contains(&(m as u8));
        let prev_cap_name =
            self.prev(i).is_some_and(|p| self.cap(p) && self.lex(p).is_none() && !self.sentence_start(p));
        let next_cap = self.cap(k) && self.lex(k).is_none();
        let ok = self.cue_before(i) || (!ambiguous && !prev_cap_name && !next_cap);
        ok.then_some((k, Val::Cal { y: YearSpec::Implicit, m, d: 0 }))
    }

    /// Weekday-led: "Tuesday, December 21", "Tuesday", "Monday morning".
    pub(super) fn weekday_led(&self, i: usize) -> Option<(usize, Val)> {
        let e = self.lex(i).filter(|e| e.weekday > 0)?;
        if !self.cap(i) {
            return None;
        }
        let k = self.after_abbr(i, e.weekday_full);
        let k2 = if self.punct(k, ',') { k + 1 } else { k };
        if let Some((end, v)) = self.explicit_date(k2) {
            // the weekday tells the year a yearless date falls in
            return Some(match v {
                Val::Cal { y: YearSpec::Implicit, m, d } => (end, Val::CalOnWeekday { m, d, wd: e.weekday as u32 }),
                v => (end, v),
            });
        }
        if !e.weekday_full || self.name_follows(k) {
            return None;
        }
        // "the Sunday Business section": a newspaper section or title
        if self.prev(i).is_some_and(|p| self.is(p, "the")) && self.cap(k) && !self.temporal(k) {
            return None;
        }
        // "Black Monday", "Super Tuesday"; "X-Monday"
        if self.prev(i).is_some_and(|p| {
            (self.adj(p) && self.tok(p).is_some_and(|t| matches!(t.kind, Kind::Word | Kind::Num) || t.ch == '-'))
                || (self.cap(p) && self.lex(p).is_some_and(|e| e.name_prefix))
        }) {
            return None;
        }
        Some((k, Val::Weekday { wd: e.weekday as u32, shift: 0 }))
    }

    /// All-numeric dates: 2021-12-21, 21.12.2021, 12/21/2021, 7/8/07.
    pub(super) fn numeric(&self, i: usize) -> Option<(usize, Val)> {
        let (a, na) = self.num(i)?;
        let sep = self.tok(i + 1).filter(|t| t.kind == Kind::Punct && matches!(t.ch, '.' | '/' | '-'))?.ch;
        if !(self.adj(i) && self.adj(i + 1) && self.adj(i + 2) && self.adj(i + 3) && self.punct(i + 3, sep)) {
            return None;
        }
        let (b, nb) = self.num(i + 2)?;
        let (c, nc) = self.num(i + 4)?;
        // nothing numeric glued on either side (versions, IP addresses, phone numbers)
        let p = self.prev(i);
        if p.is_some_and(|p| {
            self.adj(p)
                && self.tok(p).is_some_and(|t| {
                    t.kind == Kind::Num || (t.kind == Kind::Punct && !matches!(t.ch, '(' | '[' | '"' | '\''))
                })
        }) || (self.adj(i + 4)
            && (self.num(i + 6).is_some() && self.tok(i + 5).is_some_and(|t| t.kind == Kind::Punct && t.ch != ',')))
        {
            return None;
        }
        if na == 4 && nb <= 2 && nc <= 2 {
            return (1..=12).contains(&b).then_some((i + 5, Val::Cal { y: YearSpec::Abs(a as i32), m: b, d: c }));
        }
        let y = match nc {
            4 => c as i32,
            2 if sep == '/' => 2000 + c as i32 - if c > 50 { 100 } else { 0 },
            _ => return None,
        };
        if na > 2 || nb > 2 || a == 0 || b == 0 || a > 31 || b > 31 || (a > 12 && b > 12) {
            return None;
        }
        Some((i + 5, Val::Numeric { a, b, y }))
    }

    /// A year standing alone ("in 2009", "the 2008 model year"), "'91", and decades ("1990s", "’70s").
    pub(super) fn year_led(&self, i: usize) -> Option<(usize, Val)> {
        // apostrophe years: ’91, ’70s
        if self.punct(i, '\'') && self.adj(i) {
            let (v, n) = self.num(i + 1)?;
            let glued_left =
                self.prev(i).is_some_and(|p| self.adj(p) && self.tok(p).is_some_and(|t| t.kind == Kind::Word));
            if n != 2 || glued_left || self.glued(i + 1) {
                return None;
            }
            let full = if v <= 30 { 2000 + v as i32 } else { 1900 + v as i32 };
            if self.adj(i + 1) && self.is(i + 2, "s") {
                return (v % 10 == 0).then(|| (i + 3, Val::Lit(format!("{:03}", full / 10))));
            }
            return Some((i + 2, Val::Lit(format!("{full:04}"))));
        }
        let (v, n) = self.num(i)?;
        if self.adj(i) && self.is(i + 1, "s") && v % 10 == 0 && !self.glued(i) {
            let ok2 = n == 2 && {
                let p = self.prev(i);
                p.is_some_and(|p| {
                    self.is(p, "the") || self.punct(p, '-') || self.is_any(p, &["and", "or", "early", "late", "mid"])
                }) && !p.is_some_and(|p| self.is_any(p, &AGE_OWNERS))
            };
            return match n {
                4 if (1000..=2990).contains(&v) => Some((i + 2, Val::Lit(format!("{:03}", v / 10)))),
                2 if ok2 => Some((i + 2, Val::Lit(format!("19{}", v / 10)))),
                _ => None,
            };
        }
        let y = self.year4(i)?;
        // "1080p", "2000s"-like glued letters make it no year
        if self.adj(i) && self.tok(i + 1).is_some_and(|t| t.kind == Kind::Word) {
            return None;
        }
        let cue = self.cue_before(i) || self.prev(i).is_some_and(|p| self.is(p, "the") || self.punct(p, '-'));
        let strong_cue = self.prev(i).is_some_and(|p| {
            self.is_any(p, &["in", "since", "until", "from", "before", "after", "circa", "during", "by"])
        });
        if !(1900..=2099).contains(&y) && !strong_cue {
            return None;
        }
        // product and index names: "Russell 2000 Index", "Windows 2000 Server"
        let name_before = self.prev(i).is_some_and(|p| self.cap(p) && self.lex(p).is_none() && !self.sentence_start(p));
        if (name_before && self.cap(i + 1)) || self.prev(i).and_then(|p| self.lex(p)).is_some_and(|e| e.number_noun) {
            return None;
        }
        // dimensions and scores: "1800 x 1920"
        if self.is_any(i + 1, &["x", "by"]) && self.num(i + 2).is_some() || self.punct(i + 1, '×') {
            return None;
        }
        // "2000 people": a noun after a bare number makes it a count; a verb ("2009 was") does not
        if !cue {
            if let Some(t) = self.tok(i + 1).filter(|t| t.kind == Kind::Word && !t.cap) {
                let w = t.text(self.text);
                let verb = t.lex.is_some_and(|e| e.tense != 0) || w.ends_with("ed");
                if !verb {
                    return None;
                }
            }
        }
        Some((i + 1, Val::Cal { y: YearSpec::Abs(y), m: 0, d: 0 }))
    }

    /// "the 19th century", "the twentieth century".
    pub(super) fn century(&self, i: usize) -> Option<(usize, Val)> {
        let (n, k) = match self.day(i) {
            Some((n, k)) if k == i + 2 => (n, k),
            _ => (self.lex(i).map(|e| e.ordinal as u32).filter(|&n| n > 0)?, i + 1),
        };
        let k = if self.punct(k, '-') { k + 1 } else { k };
        (self.lex(k).and_then(|e| e.unit) == Some(Unit::Century))
            .then(|| (k + 1, Val::Lit(format!("{:02}", n.saturating_sub(1)))))
    }

    /// "the fourth quarter [of 2005]", "third-quarter", "Q3 2009", "the first half of 2009".
    pub(super) fn quarter(&self, i: usize) -> Option<(usize, Val)> {
        let (n, k) = if self.is(i, "q") && self.cap(i) && self.adj(i) {
            (self.num(i + 1).filter(|&(v, n)| n == 1 && (1..=4).contains(&v))?.0, i + 2)
        } else {
            let n = match self.lex(i) {
                Some(e) if e.ordinal > 0 => e.ordinal as u32,
                _ if self.is(i, "final") => 4,
                _ if self.is(i, "last") && self.is(i + 2, "of") => 4,
                _ => return None,
            };
            let k = if self.punct(i + 1, '-') { i + 2 } else { i + 1 };
            match self.lex(k).and_then(|e| e.unit) {
                // not "the last quarter-century"
                Some(Unit::Quarter) if n <= 4 && !(self.punct(k + 1, '-') && self.adj(k)) => (n, k + 1),
                // "the second half" alone is as often a match as a year
                _ if self.is(k, "half") && n <= 2 => {
                    let (y, end) = self.of_year(k + 1)?;
                    return Some((end, Val::Half { y, h: n }));
                }
                _ => return None,
            }
        };
        if self.lex(k - 1).is_some_and(|e| e.unit_plural) {
            return None;
        }
        let (y, end) = self.of_year(k).unwrap_or((YearSpec::Implicit, k));
        Some((end, Val::Quarter { y, q: n }))
    }

    /// "summer 2021", "the summer of 2021", "spring" after a cue.
    pub(super) fn season(&self, i: usize) -> Option<(usize, Val)> {
        let s = self.lex(i).and_then(|e| e.season)?;
        if let Some((y, end)) = self.of_year(i + 1) {
            return Some((end, Val::Season { y, s }));
        }
        // "the Fall of Rome", "the Summer Olympics", "the fall in prices"
        if self.is(i + 1, "of") || (self.cap(i + 1) && self.lex(i + 1).is_none()) {
            return None;
        }
        let p = self.prev(i);
        let ok = if self.is(i, "fall") {
            p.is_some_and(|p| self.is(p, "the") && self.cue_before(p))
                && !self.is_any(i + 1, &["in", "from", "to", "by"])
        } else {
            p.is_some_and(|p| {
                self.is_any(
                    p,
                    &[
                        "the",
                        "in",
                        "during",
                        "by",
                        "until",
                        "since",
                        "through",
                        "throughout",
                        "every",
                        "each",
                        "this",
                        "last",
                        "next",
                    ],
                ) || self.lex(p).is_some_and(|e| e.pos_mod.is_some())
            })
        };
        // "spring break", "summer camp": a following noun makes it a modifier, still a time in TimeML,
        // but "Fall" capitalised mid-sentence is a name
        ok.then_some((i + 1, Val::Season { y: YearSpec::Implicit, s }))
    }

    /// "last week", "this month", "next year", "last Tuesday", "last September", "this summer",
    /// "earlier this week", "this weekend", "the previous day".
    pub(super) fn shifted(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.is_any(j, &["earlier", "later"]) && self.is_any(j + 1, &["this", "next", "last"]) {
            j += 1;
        }
        let mut k = self.lex(j).and_then(|e| e.shift)? as i32;
        // "this past weekend" is the last one
        if self.is(j, "this") && self.is(j + 1, "past") {
            j += 1;
            k = -1;
        }
        let e = self.lex(j + 1)?;
        if self.is(j, "past")
            && k == -1
            && !self.is(j.wrapping_sub(1), "this")
            && !self.prev(i).is_some_and(|p| self.is(p, "the"))
        {
            return None;
        }
        let end = j + 2;
        if self.punct(j + 2, '-') && self.adj(j + 1) {
            return None; // "the last quarter-century", "next year-end"
        }
        let val = if let Some(u) = e.unit.filter(|_| !e.unit_plural) {
            match u {
                Unit::Weekend => Val::Weekend(Some(k)),
                Unit::Hour | Unit::Minute | Unit::Second | Unit::Fortnight => return None,
                Unit::Day if !self.is_any(j, &["previous", "following", "next"]) => return None,
                _ => Val::Shift { unit: u, n: k },
            }
        } else if e.weekday > 0 && e.weekday_full && self.cap(j + 1) {
            Val::Weekday { wd: e.weekday as u32, shift: k }
        } else if e.month > 0 && e.month_full && self.cap(j + 1) {
            let y = match k {
                0 => YearSpec::Implicit,
                k if k < 0 => YearSpec::Prev,
                _ => YearSpec::Next,
            };
            Val::Cal { y, m: e.month as u32, d: 0 }
        } else if let Some(s) = e.season {
            let y = match k {
                0 => YearSpec::Rel(0),
                k if k < 0 => YearSpec::Prev,
                _ => YearSpec::Next,
            };
            Val::Season { y, s }
        } else if let Some(part) = e.part_of_day {
            // "this morning", "last night"
            let date = if k == 0 { Val::Anchor } else { Val::Shift { unit: Unit::Day, n: k } };
            if k > 0 || (k < 0 && part != "NI") {
                return None;
            }
            return Some((end, Val::Part { date: Box::new(date), part }));
        } else {
            return None;
        };
        Some((end, val))
    }

    /// "today", "yesterday", "tonight", with a part of the day ("yesterday afternoon").
    pub(super) fn rel_day(&self, i: usize) -> Option<(usize, Val)> {
        // "earlier today", "later today"
        if self.is_any(i, &["earlier", "later"]) && self.is(i + 1, "today") {
            return Some((i + 2, Val::Anchor));
        }
        let (n, part) = self.lex(i).and_then(|e| e.rel_day)?;
        let date = if n == 0 { Val::Anchor } else { Val::Shift { unit: Unit::Day, n: n as i32 } };
        if let Some(part) = part {
            return Some((i + 1, Val::Part { date: Box::new(date), part }));
        }
        Some((i + 1, date))
    }

    /// Any date core at `i`.
    pub(super) fn date_core(&self, i: usize) -> Option<(usize, Val)> {
        [
            self.weekday_led(i),
            self.month_led(i),
            self.explicit_date(i),
            self.numeric(i),
            self.year_led(i),
            self.quarter(i),
            self.season(i),
            self.shifted(i),
            self.rel_day(i),
        ]
        .into_iter()
        .flatten()
        .max_by_key(|r| r.0)
    }

    /// A date expression with what may surround its core: "the", position modifiers ("early 2015",
    /// "the end of this year"), a part of the day ("Monday morning") and a clock time.
    pub(super) fn date_expr(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let mut modifier = None;
        if self.is(j, "the") {
            if let Some(m) = self.lex(j + 1).and_then(|e| e.pos_mod).filter(|_| self.is(j + 2, "of")) {
                modifier = Some(m);
                j += 3;
            }
        } else if let Some(m) =
            self.lex(j).and_then(|e| e.pos_mod).filter(|_| self.is_any(j, &["early", "late", "mid"]))
        {
            modifier = Some(m);
            j += if self.punct(j + 1, '-') { 2 } else { 1 };
        } else if self.is_any(j, &["earlier", "later"])
            && self.weekday_led(j + 1).is_some_and(|(_, v)| matches!(v, Val::Weekday { .. }))
        {
            // "earlier Wednesday": the day itself
            j += 1;
        }
        let the = self.is(j, "the");
        let core = if the {
            // "the" belongs to periods ("the fourth quarter", "the 1990s", "the summer"), not dates
            // and to "the 1st of May"
            let day_led = self.num(j + 1).is_some() && self.year4(j + 1).is_none();
            self.date_core(j + 1).filter(|(_, v)| {
                matches!(
                    v,
                    Val::Season { .. } | Val::Quarter { .. } | Val::Half { .. } | Val::Shift { .. } | Val::Lit(_)
                ) || (day_led && matches!(v, Val::Cal { d: 1.., .. }))
            })
        } else {
            None
        };
        let core = core.or_else(|| {
            // "the end of the year", "the beginning of the month"
            let u = self
                .lex(j + 1)
                .and_then(|e| e.unit)
                .filter(|_| the && modifier.is_some() && !self.lex(j + 1).is_some_and(|e| e.unit_plural))?;
            matches!(
                u,
                Unit::Year | Unit::Month | Unit::Week | Unit::Day | Unit::Quarter | Unit::Decade | Unit::Century
            )
            .then_some((j + 2, Val::Shift { unit: u, n: 0 }))
        });
        let (end, val) = match core {
            Some(c) => c,
            None => match self.date_core(j) {
                Some(c) => c,
                None if the => {
                    let c = self.century(j + 1).or_else(|| self.weekend(j + 1))?;
                    (c.0, c.1)
                }
                None => return None,
            },
        };
        if modifier.is_some() && matches!(val, Val::Numeric { .. }) {
            return None;
        }
        let mut c = Cand::new(i, end, DateType::Date, val);
        c.modifier = modifier;
        // "Monday morning", "yesterday afternoon"
        if matches!(
            c.val,
            Val::Weekday { .. }
                | Val::Anchor
                | Val::Shift { unit: Unit::Day, .. }
                | Val::Cal { d: 1.., .. }
                | Val::CalOnWeekday { .. }
        ) {
            if let Some(part) = self.lex(c.end).and_then(|e| e.part_of_day) {
                let date = std::mem::replace(&mut c.val, Val::Anchor);
                c.val = Val::Part { date: Box::new(date), part };
                c.end += 1;
            }
        }
        if matches!(c.val, Val::Part { .. }) {
            c.kind = DateType::Time;
        }
        // "February 1, 2016: 1:28 AM ET", "2021-12-21T10:00Z", "Tuesday 5 p.m."
        if matches!(
            c.val,
            Val::Weekday { .. }
                | Val::Anchor
                | Val::Cal { d: 1.., .. }
                | Val::CalOnWeekday { .. }
                | Val::Numeric { .. }
                | Val::Shift { unit: Unit::Day, .. }
        ) {
            let k = if self.punct(c.end, ',')
                || self.punct(c.end, ':')
                || (self.is(c.end, "t") && self.adj(c.end) && self.adj(c.end - 1))
            {
                c.end + 1
            } else {
                c.end
            };
            if let Some((end, h, m, utc)) = self.clock(k) {
                let date = std::mem::replace(&mut c.val, Val::Anchor);
                c.val = Val::Time { date: Some(Box::new(date)), h, m, utc };
                c.kind = DateType::Time;
                c.end = end;
            }
        }
        Some(c)
    }

    /// "the day" where it names the day reported on ("ending the day up", "for the day"), and "the same
    /// day": the anchor.
    pub(super) fn the_day(&self, i: usize) -> Option<Cand> {
        let same = self.is(i, "the") && self.is(i + 1, "same") && self.is(i + 2, "day");
        let end = if same { i + 3 } else { i + 2 };
        if !same {
            let p = self.prev(i)?;
            let lead = self.is_any(
                p,
                &[
                    "end",
                    "ends",
                    "ended",
                    "ending",
                    "finish",
                    "finished",
                    "finishing",
                    "for",
                    "during",
                    "start",
                    "began",
                ],
            );
            if !(self.is(i, "the") && self.is(i + 1, "day") && lead) {
                return None;
            }
        }
        if self.is_any(end, &["of", "before", "after", "when", "that", "which", "on", "in"]) {
            return None;
        }
        Some(Cand::new(i, end, DateType::Date, Val::SameDay))
    }

    /// "the year", "the quarter" of financial reporting ("for the quarter", "earlier in the year"): the
    /// anchor's.
    pub(super) fn the_period(&self, i: usize) -> Option<Cand> {
        let u = self.lex(i + 1).filter(|e| !e.unit_plural).and_then(|e| e.unit)?;
        let lead = self.prev(i).is_some_and(|p| self.is_any(p, &["for", "during", "in", "through", "throughout"]));
        if !(self.is(i, "the") && lead && matches!(u, Unit::Year | Unit::Quarter))
            || self.is_any(i + 2, &["of", "before", "after", "when", "that", "ended", "ending", "to"])
        {
            return None;
        }
        Some(Cand::new(i, i + 2, DateType::Date, Val::Shift { unit: u, n: 0 }))
    }

    /// "the year-earlier quarter", "a year-ago period": the unit before the anchor's.
    pub(super) fn unit_earlier(&self, i: usize) -> Option<Cand> {
        let u = self.lex(i).filter(|e| !e.unit_plural).and_then(|e| e.unit)?;
        if !(matches!(u, Unit::Year | Unit::Month | Unit::Quarter)
            && self.punct(i + 1, '-')
            && self.adj(i)
            && self.adj(i + 1)
            && self.is_any(i + 2, &["earlier", "ago"]))
        {
            return None;
        }
        Some(Cand::new(i, i + 3, DateType::Date, Val::Shift { unit: u, n: -1 }))
    }

    /// "the last week of March", "the first week of January 2009": that ISO week.
    pub(super) fn week_of(&self, i: usize) -> Option<Cand> {
        if !self.is(i, "the") {
            return None;
        }
        let n = match self.lex(i + 1) {
            _ if self.is_any(i + 1, &["last", "final"]) => -1,
            Some(e) if (1..=4).contains(&e.ordinal) => e.ordinal as i32,
            _ => return None,
        };
        let week = self.lex(i + 2).is_some_and(|e| e.unit == Some(Unit::Week) && !e.unit_plural);
        if !week || !self.is(i + 3, "of") {
            return None;
        }
        let (m, k, true) = self.month(i + 4)? else {
            return None;
        };
        let (y, end) = self.of_year(k).unwrap_or((YearSpec::Implicit, k));
        Some(Cand::new(i, end, DateType::Date, Val::WeekOf { y, m, n }))
    }

    /// "fiscal 2009", "fiscal year 2009": TIMEX3 `FY2009`.
    pub(super) fn fiscal(&self, i: usize) -> Option<Cand> {
        if !self.is(i, "fiscal") {
            return None;
        }
        let k = if self.is(i + 1, "year") { i + 2 } else { i + 1 };
        let y = self.year4(k)?;
        Some(Cand::new(i, k + 1, DateType::Date, Val::Lit(format!("FY{y:04}"))))
    }

    /// "the weekend".
    pub(super) fn weekend(&self, i: usize) -> Option<(usize, Val)> {
        let e = self.lex(i)?;
        (e.unit == Some(Unit::Weekend) && !e.unit_plural).then_some((i + 1, Val::Weekend(None)))
    }
}
