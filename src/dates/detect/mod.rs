//! The grammar: finds temporal expressions in the token stream and says what each states (a [`Val`]).
//! Hand-written recursive descent over tokens; at each token the longest expression wins. The rules live
//! in submodules by what they find: [`calendar`] dates and periods, [`clock`] times of day, [`quantity`]
//! durations and recurrences, [`phrase`] the fixed phrases of the data files.

mod calendar;
mod clock;
mod phrase;
mod quantity;

use super::lexicon::{lexicon, Entry, Lexicon};
use super::resolve::Val;
use super::scan::{Kind, Tok};
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

pub(super) struct Grammar<'a> {
    pub(super) text: &'a str,
    pub(super) toks: &'a [Tok],
    pub(super) lx: &'static Lexicon,
}

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
            Some(t) => {
                t.kind == Kind::Break
                    || (t.kind == Kind::Punct && matches!(t.ch, '.' | '!' | '?' | '"' | ':' | '(' | '\''))
            }
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

    /// The word at `i` names a time itself (month, weekday, part of day, unit, season...).
    fn temporal(&self, i: usize) -> bool {
        self.lex(i).is_some_and(|e| {
            e.month > 0
                || e.weekday > 0
                || e.part_of_day.is_some()
                || e.unit.is_some()
                || e.season.is_some()
                || e.rel_day.is_some()
                || e.clock.is_some()
        })
    }

    /// A capitalised name-making word follows ("Sunday Times").
    fn name_follows(&self, i: usize) -> bool {
        self.cap(i) && self.lex(i).is_some_and(|e| e.name_word)
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
        consider(self.week_of(i));
        consider(self.unit_earlier(i));
        best.filter(|c| c.end > c.start)
    }
}

/// Words the grammar continues "the"/"a" with besides starters ("the same day").
pub const CONTINUERS: &[&str] = &["same"];

/// Words the grammar itself starts expressions with (besides the vocabulary's dates, numbers and units):
/// the scanner tries the grammar only at these, at numbers and at apostrophes.
pub const STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "half",
    "several",
    "few",
    "many",
    "some",
    "numerous",
    "multiple",
    "couple",
    "every",
    "each",
    "once",
    "twice",
    "per",
    "earlier",
    "later",
    "final",
    "q",
    "fiscal",
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
];

/// Every expression of the token stream, in text order, not overlapping.
pub fn detect(text: &str, toks: &[Tok]) -> Vec<Cand> {
    let g = Grammar { text, toks, lx: lexicon() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // cheap pre-filter: expressions start at words, numbers or an apostrophe
        let Some(t) = toks.get(i) else { break };
        let starts = match t.kind {
            Kind::Word => t.lex.is_some_and(|e| {
                e.starter
                    && (!e.weak
                        || toks.get(i + 1).is_some_and(|n| {
                            n.kind == Kind::Num
                                || (n.kind == Kind::Punct && n.ch == '\'')
                                || n.lex.is_some_and(|f| f.starter || f.in_phrase)
                        }))
            }),
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
