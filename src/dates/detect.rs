//! The grammar: finds temporal expressions in the token stream and says what each states (a [`Val`]).
//! Hand-written recursive descent over tokens; at each token the longest expression wins.

use super::lexicon::{lexicon, Entry, Lexicon, PhraseValue, Unit};
use super::resolve::{Val, YearSpec};
use super::scan::{lower_key, Kind, Tok};
use crate::model::DateType;

/// One expression found: tokens `[start, end)`.
#[derive(Debug, Clone)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub kind: DateType,
    pub val: Val,
    pub modifier: Option<&'static str>,
    pub quant: Option<&'static str>,
    pub freq: Option<String>,
}

impl Cand {
    fn new(start: usize, end: usize, kind: DateType, val: Val) -> Cand {
        Cand { start, end, kind, val, modifier: None, quant: None, freq: None }
    }
}

/// A quantity before a unit: a number, or None for "several"/"a few" (TIMEX3 `X`).
type Qty = Option<f64>;

struct Grammar<'a> {
    text: &'a str,
    toks: &'a [Tok],
    lx: &'static Lexicon,
}

/// Month names that are also given names or verbs: alone they need a temporal cue ("in May").
const AMBIGUOUS_MONTHS: [u8; 5] = [3, 4, 5, 6, 8];

/// Possessives before "50s" make it an age ("in his 50s").
const AGE_OWNERS: [&str; 7] = ["his", "her", "their", "its", "my", "your", "our"];

impl<'a> Grammar<'a> {
    fn tok(&self, i: usize) -> Option<&'a Tok> {
        self.toks.get(i)
    }

    fn lex(&self, i: usize) -> Option<&'static Entry> {
        self.tok(i).and_then(|t| t.lex)
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Word && t.text(self.text).eq_ignore_ascii_case(w))
    }

    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        ws.iter().any(|w| self.is(i, w))
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Punct && t.ch == c)
    }

    /// Tokens `i` and `i + 1` touch (no space between).
    fn adj(&self, i: usize) -> bool {
        match (self.tok(i), self.tok(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// A digit run at `i`: (value, digit count).
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        self.tok(i).filter(|t| t.kind == Kind::Num).map(|t| (t.num, t.len()))
    }

    fn cap(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Word && t.cap)
    }

    fn prev(&self, i: usize) -> Option<usize> {
        i.checked_sub(1)
    }

    /// The token before `i` introduces a time ("in", "since").
    fn cue_before(&self, i: usize) -> bool {
        self.prev(i).and_then(|p| self.lex(p)).is_some_and(|e| e.cue || e.shift.is_some() || e.pos_mod.is_some())
            || self.prev(i).is_some_and(|p| self.punct(p, '-') && self.prev(p).is_some_and(|q| self.is(q, "mid")))
    }

    /// A sentence or line starts at `i` (a capital there says nothing).
    fn sentence_start(&self, i: usize) -> bool {
        match self.prev(i).and_then(|p| self.tok(p)) {
            None => true,
            Some(t) => t.kind == Kind::Break || (t.kind == Kind::Punct && matches!(t.ch, '.' | '!' | '?' | '"' | ':' | '(' | '\'')),
        }
    }

    /// A four-digit year at `i` with nothing numeric glued to it.
    fn year4(&self, i: usize) -> Option<i32> {
        let (v, n) = self.num(i)?;
        (n == 4 && (1000..=2999).contains(&v) && !self.glued(i)).then_some(v as i32)
    }

    /// The number at `i` is part of a larger numeric token: a decimal, thousands group, version, phone
    /// number, or money.
    fn glued(&self, i: usize) -> bool {
        self.glued_before(i) || self.glued_after(i)
    }

    fn is_sep(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Punct && matches!(t.ch, '.' | ',' | ':' | '/' | '-'))
    }

    fn glued_before(&self, i: usize) -> bool {
        self.prev(i).is_some_and(|p| {
            self.adj(p)
                && (self.tok(p).is_some_and(|t| t.kind == Kind::Punct && matches!(t.ch, '$' | '£' | '€' | '#' | '¥'))
                    || (self.is_sep(p) && self.prev(p).is_some_and(|q| self.adj(q) && self.num(q).is_some())))
        })
    }

    fn glued_after(&self, i: usize) -> bool {
        self.adj(i) && (self.punct(i + 1, '%') || (self.is_sep(i + 1) && self.adj(i + 1) && self.num(i + 2).is_some()))
    }

    /// A day of the month at `i` (1–31, one or two digits), with an adjacent "st"/"nd"/"th"; returns the
    /// day and the token after it.
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let (d, n) = self.num(i)?;
        if n > 2 || !(1..=31).contains(&d) || self.glued(i) {
            return None;
        }
        let end = if self.adj(i) && self.is_any(i + 1, &["st", "nd", "rd", "th"]) { i + 2 } else { i + 1 };
        Some((d, end))
    }

    /// Skips an abbreviation's period.
    fn after_abbr(&self, i: usize, full: bool) -> usize {
        if !full && self.punct(i + 1, '.') && self.adj(i) { i + 2 } else { i + 1 }
    }

    /// A month name at `i` (capitalised): (month, next token, full name).
    fn month(&self, i: usize) -> Option<(u32, usize, bool)> {
        let e = self.lex(i).filter(|e| e.month > 0)?;
        if !self.cap(i) {
            return None;
        }
        Some((e.month as u32, self.after_abbr(i, e.month_full), e.month_full))
    }

    /// A year after a month or day: ", 2021", " 2021"; returns (year, end).
    fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
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
    fn explicit_date(&self, i: usize) -> Option<(usize, Val)> {
        if let Some((m, k, _)) = self.month(i) {
            let (d, k2) = self.day(k)?;
            // "May 5:30" or "March 3-1" are not days
            if self.adj(k) && (self.punct(k + 1, ':') || self.punct(k + 1, '-')) {
                return None;
            }
            return Some(match self.trailing_year(k2) {
                Some((y, end)) => (end, Val::Cal { y: YearSpec::Abs(y), m, d }),
                None => (k2, Val::Cal { y: YearSpec::Implicit, m, d }),
            });
        }
        let (d, k) = self.day(i)?;
        let k = if self.is(k, "of") { k + 1 } else { k };
        let (m, k2, _) = self.month(k)?;
        Some(match self.trailing_year(k2) {
            Some((y, end)) => (end, Val::Cal { y: YearSpec::Abs(y), m, d }),
            None => (k2, Val::Cal { y: YearSpec::Implicit, m, d }),
        })
    }

    /// "of 2005", "of next year", "of this year", "2005" after a month, quarter or season.
    fn of_year(&self, i: usize) -> Option<(YearSpec, usize)> {
        let j = if self.is(i, "of") { i + 1 } else { i };
        if let Some((y, end)) = self.trailing_year(j) {
            return Some((YearSpec::Abs(y), end));
        }
        if j > i {
            if self.is(j, "the") && self.is(j + 1, "year") {
                return Some((YearSpec::Rel(0), j + 2));
            }
            let k = self.lex(j).and_then(|e| e.shift)?;
            if self.lex(j + 1).and_then(|e| e.unit) == Some(Unit::Year) && !self.lex(j + 1).is_some_and(|e| e.unit_plural) {
                return Some((YearSpec::Rel(k as i32), j + 2));
            }
        }
        None
    }

    /// Month-led: "December 21, 2021", "Dec. 21", "December 2021", "October of next year", "March".
    fn month_led(&self, i: usize) -> Option<(usize, Val)> {
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
        let prev_cap_name = self.prev(i).is_some_and(|p| self.cap(p) && self.lex(p).is_none() && !self.sentence_start(p));
        let next_cap = self.cap(k) && self.lex(k).is_none();
        let ok = self.cue_before(i) || (!ambiguous && !prev_cap_name && !next_cap);
        ok.then_some((k, Val::Cal { y: YearSpec::Implicit, m, d: 0 }))
    }

    /// The word at `i` names a time itself (month, weekday, part of day, unit, season...).
    fn temporal(&self, i: usize) -> bool {
        self.lex(i).is_some_and(|e| {
            e.month > 0 || e.weekday > 0 || e.part_of_day.is_some() || e.unit.is_some() || e.season.is_some() || e.rel_day.is_some() || e.clock.is_some()
        })
    }

    /// A capitalised name-making word follows ("Sunday Times").
    fn name_follows(&self, i: usize) -> bool {
        self.cap(i) && self.lex(i).is_some_and(|e| e.name_word)
    }

    /// Weekday-led: "Tuesday, December 21", "Tuesday", "Monday morning".
    fn weekday_led(&self, i: usize) -> Option<(usize, Val)> {
        let e = self.lex(i).filter(|e| e.weekday > 0)?;
        if !self.cap(i) {
            return None;
        }
        let k = self.after_abbr(i, e.weekday_full);
        let k2 = if self.punct(k, ',') { k + 1 } else { k };
        if let Some(r) = self.explicit_date(k2) {
            return Some(r);
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
    fn numeric(&self, i: usize) -> Option<(usize, Val)> {
        let (a, na) = self.num(i)?;
        let sep = self.tok(i + 1).filter(|t| t.kind == Kind::Punct && matches!(t.ch, '.' | '/' | '-'))?.ch;
        if !(self.adj(i) && self.adj(i + 1) && self.adj(i + 2) && self.adj(i + 3) && self.punct(i + 3, sep)) {
            return None;
        }
        let (b, nb) = self.num(i + 2)?;
        let (c, nc) = self.num(i + 4)?;
        // nothing numeric glued on either side (versions, IP addresses, phone numbers)
        let p = self.prev(i);
        if p.is_some_and(|p| self.adj(p) && self.tok(p).is_some_and(|t| t.kind == Kind::Num || (t.kind == Kind::Punct && !matches!(t.ch, '(' | '[' | '"' | '\''))))
            || (self.adj(i + 4) && (self.num(i + 6).is_some() && self.tok(i + 5).is_some_and(|t| t.kind == Kind::Punct && t.ch != ',')))
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
    fn year_led(&self, i: usize) -> Option<(usize, Val)> {
        // apostrophe years: ’91, ’70s
        if self.punct(i, '\'') && self.adj(i) {
            let (v, n) = self.num(i + 1)?;
            let glued_left = self.prev(i).is_some_and(|p| self.adj(p) && self.tok(p).is_some_and(|t| t.kind == Kind::Word));
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
                p.is_some_and(|p| self.is(p, "the") || self.punct(p, '-') || self.is_any(p, &["and", "or", "early", "late", "mid"]))
                    && !p.is_some_and(|p| self.is_any(p, &AGE_OWNERS))
            };
            return match n {
                4 if (1000..=2990).contains(&v) => Some((i + 2, Val::Lit(format!("{:03}", v / 10)))),
                2 if ok2 => Some((i + 2, Val::Lit(format!("19{}", v / 10)))),
                _ => None,
            };
        }
        let y = self.year4(i)?;
        let cue = self.cue_before(i) || self.prev(i).is_some_and(|p| self.is(p, "the") || self.punct(p, '-'));
        let strong_cue = self.prev(i).is_some_and(|p| self.is_any(p, &["in", "since", "until", "from", "before", "after", "circa", "during", "by"]));
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
    fn century(&self, i: usize) -> Option<(usize, Val)> {
        let (n, k) = match self.day(i) {
            Some((n, k)) if k == i + 2 => (n, k),
            _ => (self.lex(i).map(|e| e.ordinal as u32).filter(|&n| n > 0)?, i + 1),
        };
        let k = if self.punct(k, '-') { k + 1 } else { k };
        (self.lex(k).and_then(|e| e.unit) == Some(Unit::Century)).then(|| (k + 1, Val::Lit(format!("{:02}", n.saturating_sub(1)))))
    }

    /// "the fourth quarter [of 2005]", "third-quarter", "Q3 2009", "the first half of 2009".
    fn quarter(&self, i: usize) -> Option<(usize, Val)> {
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
    fn season(&self, i: usize) -> Option<(usize, Val)> {
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
            p.is_some_and(|p| self.is(p, "the") && self.cue_before(p)) && !self.is_any(i + 1, &["in", "from", "to", "by"])
        } else {
            p.is_some_and(|p| {
                self.is_any(p, &["the", "in", "during", "by", "until", "since", "through", "throughout", "every", "each", "this", "last", "next"])
                    || self.lex(p).is_some_and(|e| e.pos_mod.is_some())
            })
        };
        // "spring break", "summer camp": a following noun makes it a modifier, still a time in TimeML,
        // but "Fall" capitalised mid-sentence is a name
        ok.then_some((i + 1, Val::Season { y: YearSpec::Implicit, s }))
    }

    /// "last week", "this month", "next year", "last Tuesday", "last September", "this summer",
    /// "earlier this week", "this weekend", "the previous day".
    fn shifted(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.is_any(j, &["earlier", "later"]) && self.is_any(j + 1, &["this", "next", "last"]) {
            j += 1;
        }
        let k = self.lex(j).and_then(|e| e.shift)? as i32;
        let e = self.lex(j + 1)?;
        if self.is(j, "past") && !self.is(i.wrapping_sub(1), "the") {
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
    fn rel_day(&self, i: usize) -> Option<(usize, Val)> {
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
    fn date_core(&self, i: usize) -> Option<(usize, Val)> {
        let rules: [fn(&Self, usize) -> Option<(usize, Val)>; 9] = [
            Self::weekday_led,
            Self::month_led,
            Self::explicit_date,
            Self::numeric,
            Self::year_led,
            Self::quarter,
            Self::season,
            Self::shifted,
            Self::rel_day,
        ];
        rules.iter().filter_map(|r| r(self, i)).max_by_key(|r| r.0)
    }

    /// A date expression with what may surround its core: "the", position modifiers ("early 2015",
    /// "the end of this year"), a part of the day ("Monday morning") and a clock time.
    fn date_expr(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let mut modifier = None;
        if self.is(j, "the") {
            if let Some(m) = self.lex(j + 1).and_then(|e| e.pos_mod).filter(|_| self.is(j + 2, "of")) {
                modifier = Some(m);
                j += 3;
            }
        } else if let Some(m) = self.lex(j).and_then(|e| e.pos_mod).filter(|_| self.is_any(j, &["early", "late", "mid"])) {
            modifier = Some(m);
            j += if self.punct(j + 1, '-') { 2 } else { 1 };
        }
        let the = self.is(j, "the");
        let core = if the {
            // "the" belongs to periods ("the fourth quarter", "the 1990s", "the summer"), not dates
            self.date_core(j + 1).filter(|(_, v)| {
                matches!(v, Val::Season { .. } | Val::Quarter { .. } | Val::Half { .. } | Val::Shift { .. } | Val::Lit(_))
            })
        } else {
            None
        };
        let core = core.or_else(|| {
            // "the end of the year", "the beginning of the month"
            let u = self.lex(j + 1).and_then(|e| e.unit).filter(|_| the && modifier.is_some() && !self.lex(j + 1).is_some_and(|e| e.unit_plural))?;
            matches!(u, Unit::Year | Unit::Month | Unit::Week | Unit::Day | Unit::Quarter | Unit::Decade | Unit::Century).then_some((j + 2, Val::Shift { unit: u, n: 0 }))
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
        if matches!(c.val, Val::Weekday { .. } | Val::Anchor | Val::Shift { unit: Unit::Day, .. } | Val::Cal { d: 1.., .. }) {
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
        if matches!(c.val, Val::Weekday { .. } | Val::Anchor | Val::Cal { d: 1.., .. } | Val::Numeric { .. } | Val::Shift { unit: Unit::Day, .. }) {
            let k = if self.punct(c.end, ',') || self.punct(c.end, ':') || (self.is(c.end, "t") && self.adj(c.end) && self.adj(c.end - 1)) { c.end + 1 } else { c.end };
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
    fn the_day(&self, i: usize) -> Option<Cand> {
        let same = self.is(i, "the") && self.is(i + 1, "same") && self.is(i + 2, "day");
        let end = if same { i + 3 } else { i + 2 };
        if !same {
            let p = self.prev(i)?;
            let lead = self.is_any(p, &["end", "ends", "ended", "ending", "finish", "finished", "finishing", "for", "during", "start", "began"]);
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
    fn the_period(&self, i: usize) -> Option<Cand> {
        let u = self.lex(i + 1).filter(|e| !e.unit_plural).and_then(|e| e.unit)?;
        let lead = self.prev(i).is_some_and(|p| self.is_any(p, &["for", "during", "in", "through", "throughout"]));
        if !(self.is(i, "the") && lead && matches!(u, Unit::Year | Unit::Quarter)) || self.is_any(i + 2, &["of", "before", "after", "when", "that", "ended", "ending", "to"]) {
            return None;
        }
        Some(Cand::new(i, i + 2, DateType::Date, Val::Shift { unit: u, n: 0 }))
    }

    /// "the year-earlier quarter", "a year-ago period": the unit before the anchor's.
    fn unit_earlier(&self, i: usize) -> Option<Cand> {
        let u = self.lex(i).filter(|e| !e.unit_plural).and_then(|e| e.unit)?;
        if !(matches!(u, Unit::Year | Unit::Month | Unit::Quarter) && self.punct(i + 1, '-') && self.adj(i) && self.adj(i + 1) && self.is_any(i + 2, &["earlier", "ago"])) {
            return None;
        }
        Some(Cand::new(i, i + 3, DateType::Date, Val::Shift { unit: u, n: -1 }))
    }

    /// "fiscal 2009", "fiscal year 2009": TIMEX3 `FY2009`.
    fn fiscal(&self, i: usize) -> Option<Cand> {
        if !self.is(i, "fiscal") {
            return None;
        }
        let k = if self.is(i + 1, "year") { i + 2 } else { i + 1 };
        let y = self.year4(k)?;
        Some(Cand::new(i, k + 1, DateType::Date, Val::Lit(format!("FY{y:04}"))))
    }

    /// "the weekend".
    fn weekend(&self, i: usize) -> Option<(usize, Val)> {
        let e = self.lex(i)?;
        (e.unit == Some(Unit::Weekend) && !e.unit_plural).then_some((i + 1, Val::Weekend(None)))
    }

    /// A clock time: "5 p.m.", "5pm", "17:00", "08:30 UTC", "0800 GMT", "noon"; returns (end, h, m, utc).
    fn clock(&self, i: usize) -> Option<(usize, u32, u32, bool)> {
        let (mut h, m, mut k);
        if let Some((hh, mm)) = self.lex(i).and_then(|e| e.clock) {
            (h, m, k) = (hh, mm, i + 1);
        } else {
            let (v, n) = self.num(i)?;
            if self.prev(i).is_some_and(|p| self.adj(p) && self.tok(p).is_some_and(|t| t.kind == Kind::Punct && matches!(t.ch, '$' | '£' | '€' | '.' | ',' | ':' | '/'))) {
                return None;
            }
            if n <= 2 && self.adj(i) && self.punct(i + 1, ':') && self.adj(i + 1) && self.num(i + 2).is_some_and(|(mm, nm)| nm == 2 && mm < 60) {
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
                if !self.lex(k).is_some_and(|e| e.zone.is_some()) {
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
            } else if k == i + 1 && !self.lex(k).is_some_and(|e| e.zone.is_some()) {
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
    fn ampm(&self, i: usize) -> Option<(bool, usize)> {
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
    fn time_expr(&self, i: usize) -> Option<Cand> {
        let (end, h, m, utc) = self.clock(i)?;
        // a bare "3:16" is a time only where the sentence says so ("at 17:00"), not a verse or a ratio
        let last = end.saturating_sub(1);
        let bare = !utc && self.num(last).is_some_and(|(_, n)| n == 2) && last > i && self.punct(last - 1, ':');
        if bare && !self.prev(i).is_some_and(|p| self.is_any(p, &["at", "by", "until", "till", "from", "to", "before", "after", "around", "about", "since", "until", "and"])) {
            return None;
        }
        let mut date = None;
        let mut end = end;
        if let Some((e2, v)) = self.weekday_led(end).or_else(|| self.rel_day(end)).or_else(|| self.explicit_date(end)) {
            if !matches!(v, Val::Part { .. }) {
                date = Some(Box::new(v));
                end = e2;
            }
        }
        Some(Cand::new(i, end, DateType::Time, Val::Time { date, h, m, utc }))
    }

    /// A quantity: "three", "twenty-five", "2.5", "two and a half", "a", "several" (None = X).
    fn quantity(&self, i: usize) -> Option<(usize, Qty)> {
        let t = self.tok(i)?;
        let (mut k, mut q) = if let Some((v, n)) = self.num(i) {
            if n > 4 || self.prev(i).is_some_and(|p| self.adj(p) && self.tok(p).is_some_and(|t| t.kind == Kind::Punct && matches!(t.ch, '$' | '£' | '€' | '.' | ',' | ':' | '/'))) {
                return None;
            }
            if self.adj(i) && self.punct(i + 1, '.') && self.adj(i + 1) {
                let (f, nf) = self.num(i + 2)?;
                (i + 3, Some(v as f64 + f as f64 / 10f64.powi(nf as i32)))
            } else if self.adj(i) && self.punct(i + 1, ',') && self.adj(i + 1) {
                return None;
            } else {
                (i + 1, Some(v as f64))
            }
        } else if self.is(i, "half") && self.is_any(i + 1, &["a", "an"]) {
            (i + 2, Some(0.5))
        } else if self.is(i, "a") && self.is(i + 1, "few") {
            (i + 2, None)
        } else if self.is(i, "couple") || (self.is(i, "a") && self.is(i + 1, "couple")) {
            let k = if self.is(i, "a") { i + 1 } else { i };
            (if self.is(k + 1, "of") { k + 2 } else { k + 1 }, Some(2.0))
        } else if self.is_any(i, &["a", "an", "one"]) {
            // "a decades-long" is a single thing, not a count; "$119-a-year" a rate
            if self.lex(i + 1).is_some_and(|e| e.unit_plural) || self.punct(i + 1, '-') {
                return None;
            }
            (i + 1, Some(1.0))
        } else if self.is_any(i, &["several", "few", "many", "some", "numerous", "multiple"]) {
            (i + 1, None)
        } else {
            let n = t.lex.map(|e| e.number).filter(|&n| n > 0)?;
            // "twenty-five", "twenty five"
            let k = if self.punct(i + 1, '-') { i + 2 } else { i + 1 };
            match self.lex(k).map(|e| e.number).filter(|&u| n >= 20 && n % 10 == 0 && u < 10 && u > 0) {
                Some(u) => (k + 1, Some((n + u) as f64)),
                None => (i + 1, Some(n as f64)),
            }
        };
        // "two and a half"
        if q.is_some() && self.is(k, "and") && self.is(k + 1, "a") && self.is(k + 2, "half") {
            q = q.map(|v| v + 0.5);
            k += 3;
        }
        Some((k, q))
    }

    /// Durations, "ago" dates and bare plural units: "three days", "the past three years", "over a year",
    /// "12-year", "two days ago", "recent years", "decades".
    fn duration(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let mut modifier = None;
        if let Some(m) = self.lx.approx2().find(|(a, b, _)| self.is(j, a) && self.is(j + 1, b)).map(|t| t.2) {
            modifier = Some(m);
            j += 2;
        } else if let Some(m) = self.lex(j).and_then(|e| e.approx) {
            if self.quantity(j + 1).is_some() {
                modifier = Some(m);
                j += 1;
            }
        }
        let mut the_shift = None;
        if self.is(j, "the") {
            if let Some(k) = self.lex(j + 1).and_then(|e| e.shift).filter(|_| self.is_any(j + 1, &["past", "last", "next", "coming", "first"])) {
                the_shift = Some(k);
                j += 2;
            }
        } else if self.is_any(j, &["past", "last", "next", "first"]) && self.quantity(j + 1).is_some_and(|(_, q)| q != Some(1.0)) {
            j += 1;
            the_shift = Some(0);
        }
        let (k, q) = match self.quantity(j) {
            Some((k, q)) if self.unit_at(self.skip_fillers(k)).is_some() => (k, q),
            // "the past year" is one year, "the coming weeks" some
            _ if the_shift.is_some() => (j, if self.lex(self.skip_fillers(j)).is_some_and(|e| e.unit_plural) { None } else { Some(1.0) }),
            _ => (j, None),
        };
        let k = self.skip_fillers(k);
        let (unit, plural, hyphen) = {
            let hy = self.punct(k, '-') && k > j && self.adj(k - 1) && self.adj(k);
            let u = if hy { k + 1 } else { k };
            let e = self.lex(u).filter(|e| e.unit.is_some())?;
            (e.unit?, e.unit_plural, hy)
        };
        let mut end = k + 1 + hyphen as usize;
        let bare = k == j;
        if bare {
            if !plural || the_shift.is_some() && !plural {
                return None;
            }
            // bare plurals only where they clearly mean a stretch of time
            let p = self.prev(i);
            let ok = p.is_some_and(|p| self.is_any(p, &["for", "in", "over", "recent", "past", "coming", "within", "few", "just", "only", "mere"]))
                || (self.punct(end, '-') && self.is(end + 1, "long"))
                || the_shift.is_some();
            if !ok || self.is(end, "of") || matches!(unit, Unit::Quarter | Unit::Weekend) {
                return None;
            }
        }
        if matches!(unit, Unit::Second) && q == Some(1.0) && !self.num(j).is_some() {
            return None;
        }
        // "the last quarter" is a date; "the previous year" too
        // ages: "a 51-year-old", "51 years old"; fractions: "a quarter of"
        // "a quarter of the dealers" is a fraction: a lone quarter is no duration
        if (unit == Unit::Quarter && !plural && the_shift.is_none()) || self.is(end, "old") || (self.punct(end, '-') && self.is(end + 1, "old")) {
            return None;
        }
        let mut start = i;
        // "recent years"
        if bare && self.prev(i).is_some_and(|p| self.is(p, "recent")) {
            start = i - 1;
        }
        if self.punct(end, '-') && self.is(end + 1, "long") && self.adj(end - 1) {
            end += 2;
        }
        // "two days ago", "three years from now"
        if !hyphen && the_shift.is_none() && !bare {
            // "a year earlier" counts back from the anchor like "ago"; "two days later" forward
            let len = if self.is(end, "from") && self.is(end + 1, "now") { 2 } else { 1 };
            if self.is_any(end, &["ago", "earlier", "later"]) || len == 2 {
                let back = self.is_any(end, &["ago", "earlier"]);
                let after_event = self.is(end, "later");
                let val = match q {
                    None => Val::Lit(if back { "PAST_REF" } else { "FUTURE_REF" }.to_string()),
                    Some(n) if n.fract() == 0.0 => {
                        let n = if back { -(n as i32) } else { n as i32 };
                        match unit {
                            Unit::Week => Val::Shift { unit: Unit::Day, n: 7 * n },
                            Unit::Fortnight => Val::Shift { unit: Unit::Day, n: 14 * n },
                            Unit::Weekend | Unit::Quarter => Val::Shift { unit: Unit::Month, n: 3 * n },
                            Unit::Decade => Val::Shift { unit: Unit::Year, n: 10 * n },
                            Unit::Century => Val::Shift { unit: Unit::Year, n: 100 * n },
                            u => Val::Shift { unit: u, n },
                        }
                    }
                    Some(_) => Val::Lit("PAST_REF".to_string()),
                };
                // "seven decades later" counts from the date last named, not from today
                let val = match val {
                    Val::Shift { unit, n } if after_event => Val::Later { unit, n },
                    v => v,
                };
                let mut c = Cand::new(start, end + len, DateType::Date, val);
                c.modifier = modifier;
                return Some(c);
            }
        }
        let mut c = Cand::new(start, end, DateType::Duration, Val::Lit(duration_value(q, unit)));
        c.modifier = modifier;
        Some(c)
    }

    /// The first number of a range takes the unit of the second: "between 60 and 90 days" → "60" P60D.
    fn range_head(&self, i: usize) -> Option<Cand> {
        if self.is_any(i, &["a", "an"]) {
            return None;
        }
        let (k, n) = self.quantity(i)?;
        let n = n?;
        if !(self.is_any(k, &["and", "to", "or"]) || (self.punct(k, '-') && self.adj(k - 1) && self.adj(k))) {
            return None;
        }
        let (k2, second) = self.quantity(k + 1)?;
        second?;
        let e = self.lex(self.skip_fillers(k2)).filter(|e| e.unit_plural)?;
        Some(Cand::new(i, k, DateType::Duration, Val::Lit(duration_value(Some(n), e.unit?))))
    }

    fn skip_fillers(&self, mut k: usize) -> usize {
        while self.lex(k).is_some_and(|e| e.filler) && self.lex(k + 1).is_some_and(|e| e.unit.is_some()) {
            k += 1;
        }
        k
    }

    fn unit_at(&self, k: usize) -> Option<Unit> {
        let u = if self.punct(k, '-') { k + 1 } else { k };
        self.lex(u).and_then(|e| e.unit)
    }

    /// Recurrences: "every week", "each Monday", "weekly", "twice a year", "15 a year", "on Mondays".
    fn set(&self, i: usize) -> Option<Cand> {
        if let Some(v) = self.lex(i).and_then(|e| e.set.as_deref()).filter(|_| !self.cap(i) || self.sentence_start(i)) {
            let mut c = Cand::new(i, i + 1, DateType::Set, Val::Lit(v.to_string()));
            if v == "TNI" {
                c.val = Val::Lit("XXXX-XX-XXTNI".to_string());
            }
            return Some(c);
        }
        if self.is_any(i, &["every", "each"]) {
            let quant = if self.is(i, "every") { "EVERY" } else { "EACH" };
            let (k, n) = if self.is(i + 1, "other") {
                (i + 2, Some(2.0))
            } else {
                match self.quantity(i + 1) {
                    Some((k, q)) if q.is_some() && !self.is(i + 1, "one") => (k, q),
                    _ => (i + 1, Some(1.0)),
                }
            };
            let e = self.lex(k)?;
            let val = if let Some(u) = e.unit {
                duration_value(n, u)
            } else if e.weekday > 0 && e.weekday_full {
                format!("XXXX-WXX-{}", e.weekday)
            } else if e.month > 0 && e.month_full {
                format!("XXXX-{:02}", e.month)
            } else if let Some(p) = e.part_of_day {
                format!("XXXX-XX-XXT{p}")
            } else {
                return None;
            };
            let mut c = Cand::new(i, k + 1, DateType::Set, Val::Lit(val));
            c.quant = Some(quant);
            return Some(c);
        }
        // "once a week", "twice a year", "three times a month"
        let (k, freq) = if self.is(i, "once") {
            (i + 1, Some("1X".to_string()))
        } else if self.is(i, "twice") {
            (i + 1, Some("2X".to_string()))
        } else if let Some((k, Some(n))) = self.quantity(i).filter(|_| !self.is_any(i, &["a", "an", "one"])) {
            if self.is(k, "times") { (k + 1, Some(format!("{}X", n as u32))) } else { (i, None) }
        } else {
            (i, None)
        };
        if freq.is_some() {
            if self.is_any(k, &["a", "an", "per", "each", "every"]) {
                let e = self.lex(k + 1).filter(|e| !e.unit_plural)?;
                let mut c = Cand::new(i, k + 2, DateType::Set, Val::Lit(duration_value(Some(1.0), e.unit?)));
                c.freq = freq;
                return Some(c);
            }
            return None;
        }
        // "15 a year", "$40,000 per year"
        if self.is_any(i, &["a", "per", "an"]) {
            let e = self.lex(i + 1).filter(|e| !e.unit_plural)?;
            let u = e.unit?;
            let p = self.prev(i)?;
            let counted = self.num(p).is_some()
                || self.lex(p).is_some_and(|e| e.number > 0)
                || self.is_any(p, &["percent", "million", "billion", "dollars", "pounds", "euros", "times", "hours", "minutes", "days", "shifts", "games"]);
            if counted && !self.is(i + 2, "ago") && !self.is(i + 2, "old") && !(self.is(i + 2, "-") && self.is(i + 3, "old")) {
                return Some(Cand::new(i, i + 2, DateType::Set, Val::Lit(duration_value(Some(1.0), u))));
            }
            return None;
        }
        // "on Mondays"
        if self.is(self.prev(i)?, "on") && self.cap(i) {
            let w = self.tok(i)?.text(self.text);
            let stem = w.strip_suffix('s')?.to_ascii_lowercase();
            let e = self.lx.word(&stem).filter(|e| e.weekday > 0 && e.weekday_full)?;
            return Some(Cand::new(i, i + 1, DateType::Set, Val::Lit(format!("XXXX-WXX-{}", e.weekday))));
        }
        None
    }

    /// Fixed phrases and named days from the data files.
    fn phrase(&self, i: usize) -> Option<Cand> {
        let first = self.tok(i)?;
        if first.kind == Kind::Break {
            return None;
        }
        let mut buf = [0u8; 24];
        let key = lower_key(first.text(self.text), &mut buf)?;
        let mut best: Option<Cand> = None;
        for p in self.lx.phrases(key) {
            let n = p.tokens.len();
            let all = p.tokens.iter().enumerate().all(|(k, w)| self.tok(i + k).is_some_and(|t| t.is_key(self.text, w)));
            if !all || best.as_ref().is_some_and(|b| b.end >= i + n) {
                continue;
            }
            if let Some(ctx) = &p.context {
                if !self.prev(i).is_some_and(|q| self.is(q, ctx)) {
                    continue;
                }
            }
            let val = match &p.value {
                PhraseValue::Lit(v) => {
                    // "earlier than", "later this year" is longer and wins elsewhere; "two days later" is a
                    // duration's tail
                    let comparative = n == 1 && self.is_any(i, &["earlier", "later"]);
                    if (comparative && self.is_any(i + n, &["than", "on"]))
                        || (comparative
                            && self.prev(i).is_some_and(|q| {
                                self.num(q).is_some() || self.lex(q).is_some_and(|e| e.unit.is_some() || e.number > 0 || e.weekday > 0 || e.month > 0)
                            }))
                    {
                        continue;
                    }
                    Val::Lit(v.clone())
                }
                PhraseValue::MonthDay(m, d) => {
                    if first.kind == Kind::Word && !first.cap {
                        continue;
                    }
                    Val::Cal { y: YearSpec::Implicit, m: *m, d: *d }
                }
                PhraseValue::Full(y, m, d) => {
                    if self.glued_before(i) || self.glued_after(i + n - 1) {
                        continue;
                    }
                    Val::Cal { y: YearSpec::Abs(*y), m: *m, d: *d }
                }
            };
            best = Some(Cand::new(i, i + n, p.kind, val));
        }
        best
    }

    /// The longest expression starting at `i`; ties go to the more specific rule.
    fn at(&self, i: usize) -> Option<Cand> {
        let mut best: Option<Cand> = None;
        let mut consider = |c: Option<Cand>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        consider(self.set(i));
        consider(self.duration(i));
        consider(self.range_head(i));
        consider(self.date_expr(i));
        consider(self.time_expr(i));
        consider(self.phrase(i));
        consider(self.the_day(i));
        consider(self.the_period(i));
        consider(self.fiscal(i));
        consider(self.unit_earlier(i));
        best.filter(|c| c.end > c.start)
    }
}

/// Words the grammar itself starts expressions with (besides the vocabulary's dates, numbers and units):
/// the scanner tries the grammar only at these, at numbers and at apostrophes.
pub const STARTERS: &[&str] = &[
    "the", "a", "an", "half", "several", "few", "many", "some", "numerous", "multiple", "couple", "every", "each",
    "once", "twice", "per", "earlier", "later", "final", "q", "fiscal", "mondays", "tuesdays", "wednesdays", "thursdays",
    "fridays", "saturdays", "sundays",
];

/// TIMEX3 duration value: P3D, P2.5Y, PT30M, PXY.
pub fn duration_value(q: Qty, unit: Unit) -> String {
    let (n, code) = match unit {
        Unit::Year => (q, "Y"),
        Unit::Month => (q, "M"),
        Unit::Week => (q, "W"),
        Unit::Day => (q, "D"),
        Unit::Hour => (q, "H"),
        Unit::Minute => (q, "M"),
        Unit::Second => (q, "S"),
        Unit::Decade => (q.map(|v| v * 10.0), "Y"),
        Unit::Century => (q.map(|v| v * 100.0), "Y"),
        Unit::Quarter => (q, "Q"),
        Unit::Weekend => (q, "WE"),
        Unit::Fortnight => (q.map(|v| v * 2.0), "W"),
    };
    let t = if unit.is_time() { "T" } else { "" };
    match n {
        None if unit == Unit::Decade => "PXDE".to_string(),
        None if unit == Unit::Century => "PXCE".to_string(),
        None => format!("P{t}X{code}"),
        Some(v) if unit == Unit::Hour && v.fract() != 0.0 => format!("PT{}M", (v * 60.0).round() as u64),
        Some(v) if v.fract() == 0.0 => format!("P{t}{}{code}", v as u64),
        Some(v) => format!("P{t}{v}{code}"),
    }
}

/// Every expression of the token stream, in text order, not overlapping.
pub fn detect(text: &str, toks: &[Tok]) -> Vec<Cand> {
    let g = Grammar { text, toks, lx: lexicon() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // cheap pre-filter: expressions start at words, numbers or an apostrophe
        let Some(t) = toks.get(i) else { break };
        let starts = match t.kind {
            Kind::Word => t.lex.is_some_and(|e| e.starter),
            Kind::Num => true,
            Kind::Punct => t.ch == '\'',
            Kind::Break => false,
        };
        match starts.then(|| g.at(i)).flatten() {
            Some(c) if toks.get(c.start..c.end).is_some_and(|s| !s.iter().any(|t| t.kind == Kind::Break)) => {
                i = c.end;
                out.push(c);
            }
            _ => i += 1,
        }
    }
    out
}
