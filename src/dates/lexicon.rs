//! The date vocabulary, compiled in from `data/dates/` and parsed once. Keeping words in data files lets
//! a reader audit and extend the vocabulary without touching the grammar.

use super::scan::{lower_key, tokenize_plain, Kind};
use crate::lexicon::{pack_word, pack_words};
use crate::model::DateType;
use std::sync::OnceLock;

type Map<V> = crate::lexicon::WordMap<String, V>;

/// A calendar unit of durations and relative expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Decade,
    Century,
    Quarter,
    Weekend,
    Fortnight,
}

impl Unit {
    fn from_code(code: &str) -> Option<Unit> {
        Some(match code {
            "Y" => Unit::Year,
            "M" => Unit::Month,
            "W" => Unit::Week,
            "D" => Unit::Day,
            "H" => Unit::Hour,
            "MIN" => Unit::Minute,
            "S" => Unit::Second,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            "Q" => Unit::Quarter,
            "WE" => Unit::Weekend,
            "FN" => Unit::Fortnight,
            _ => return None,
        })
    }

    /// Whether the unit is below a day (TIMEX3 durations put these after `T`).
    pub fn is_time(self) -> bool {
        matches!(self, Unit::Hour | Unit::Minute | Unit::Second)
    }
}

/// Sets one flag of a word's entry (for the word lists that only mark their words).
type SetFlag = fn(&mut Entry);

/// Everything the vocabulary knows about one lower-case word; a word may play several roles ("second").
#[derive(Debug, Default, Clone)]
pub struct Entry {
    /// Month number 1–12, and whether this is the full name (abbreviations need a day or year).
    pub month: u8,
    pub month_full: bool,
    /// ISO weekday 1–7, and whether this is the full name.
    pub weekday: u8,
    pub weekday_full: bool,
    /// Cardinal value of a number word.
    pub number: u32,
    pub ordinal: u8,
    pub unit: Option<Unit>,
    pub unit_plural: bool,
    pub season: Option<&'static str>,
    pub part_of_day: Option<&'static str>,
    /// "last" -1, "this" 0, "next" +1.
    pub shift: Option<i8>,
    /// "yesterday" -1, with a part of the day for "tonight".
    pub rel_day: Option<(i8, Option<&'static str>)>,
    /// Position mod ("early" START).
    pub pos_mod: Option<&'static str>,
    /// Approximation mod of a one-word approximator ("about" APPROX).
    pub approx: Option<&'static str>,
    /// Time zone: true for UTC/GMT.
    pub zone: Option<bool>,
    /// Tense cue: -1 past, +1 future.
    pub tense: i8,
    /// Makes a preceding weekday or month part of a name ("Sunday Times").
    pub name_word: bool,
    /// Makes a following weekday part of a name ("Black Monday").
    pub name_prefix: bool,
    /// Numbers things: a four-digit number after it is an identifier ("Route 2009").
    pub number_noun: bool,
    /// A clock time named by a word ("noon").
    pub clock: Option<(u32, u32)>,
    /// The SET value of a recurrence word ("weekly").
    pub set: Option<Box<str>>,
    /// A word that introduces a time ("in", "since").
    pub cue: bool,
    /// An adjective allowed between a quantity and its unit.
    pub filler: bool,
    /// An expression can start at this word; the scanner tries the grammar only there.
    pub starter: bool,
    /// A frequent function word ("the", "a") that starts an expression only before a starter or a
    /// phrase word: checking the next token first keeps the scanner fast.
    pub weak: bool,
    /// A word inside a fixed phrase ("near" in "the near future").
    pub in_phrase: bool,
}

/// The value a fixed phrase stands for.
#[derive(Debug, Clone)]
pub enum PhraseValue {
    Lit(String),
    /// A month-day without year ("Christmas").
    MonthDay(u32, u32),
    /// The n-th (-1: last) weekday of a month ("Thanksgiving").
    NthWeekday {
        m: u32,
        n: i32,
        wd: u32,
    },
    /// A full date ("9/11").
    Full(i32, u32, u32),
}

/// A fixed multi-token phrase ("the near future", "Christmas Eve").
#[derive(Debug, Clone)]
pub struct Phrase {
    /// A word required just before the phrase but outside its extent ("at" in "at present").
    pub context: Option<String>,
    /// Lower-case token texts.
    pub tokens: Vec<String>,
    pub kind: DateType,
    pub value: PhraseValue,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    /// The words that `pack_word` cannot key (none in the data files today).
    words: Map<Entry>,
    /// The words keyed by `pack_word` (see there).
    packed: crate::lexicon::WordMap<u128, Entry>,
    /// Phrases by their first token.
    phrases: Map<Vec<Phrase>>,
    /// Two-word approximators ("more than").
    approx2: Vec<(String, String, &'static str)>,
}

const MONTHS: &str = crate::data_file!("dates/months.txt");
const WEEKDAYS: &str = crate::data_file!("dates/weekdays.txt");
const NUMBERS: &str = crate::data_file!("dates/numbers.txt");
const ORDINALS: &str = crate::data_file!("dates/ordinals.txt");
const UNITS: &str = crate::data_file!("dates/units.txt");
const SEASONS: &str = crate::data_file!("dates/seasons.txt");
const PARTS: &str = crate::data_file!("dates/parts_of_day.txt");
const SHIFTS: &str = crate::data_file!("dates/shifts.txt");
const REL_DAYS: &str = crate::data_file!("dates/relative_days.txt");
const MODIFIERS: &str = crate::data_file!("dates/modifiers.txt");
const ZONES: &str = crate::data_file!("dates/zones.txt");
const TENSE: &str = crate::data_file!("dates/tense.txt");
const NAME_WORDS: &str = crate::data_file!("dates/name_words.txt");
const NAME_PREFIXES: &str = crate::data_file!("dates/name_prefixes.txt");
const NUMBER_NOUNS: &str = crate::data_file!("dates/number_nouns.txt");
const CLOCK_WORDS: &str = crate::data_file!("dates/clock_words.txt");
const SETS: &str = crate::data_file!("dates/sets.txt");
const CUES: &str = crate::data_file!("dates/cues.txt");
const FILLERS: &str = crate::data_file!("dates/duration_fillers.txt");
const PHRASES: &str = crate::data_file!("dates/phrases.tsv");
const HOLIDAYS: &str = crate::data_file!("dates/holidays.tsv");
const FLOATING_HOLIDAYS: &str = crate::data_file!("dates/floating_holidays.tsv");

/// Non-comment, non-blank lines split on white space.
fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.split_whitespace().collect())
}

/// Non-comment, non-blank lines split on tabs.
fn tsv_rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').map(str::trim).collect())
}

/// The static copy of a code the data files use (mods, seasons, parts of the day).
fn intern(s: &str) -> &'static str {
    match s {
        "START" => "START",
        "END" => "END",
        "MID" => "MID",
        "APPROX" => "APPROX",
        "LESS_THAN" => "LESS_THAN",
        "MORE_THAN" => "MORE_THAN",
        "EQUAL_OR_MORE" => "EQUAL_OR_MORE",
        "EQUAL_OR_LESS" => "EQUAL_OR_LESS",
        "SP" => "SP",
        "SU" => "SU",
        "FA" => "FA",
        "WI" => "WI",
        "MO" => "MO",
        "AF" => "AF",
        "EV" => "EV",
        "NI" => "NI",
        "MI" => "MI",
        _ => "",
    }
}

fn parse_type(s: &str) -> DateType {
    match s {
        "TIME" => DateType::Time,
        "DURATION" => DateType::Duration,
        "SET" => DateType::Set,
        _ => DateType::Date,
    }
}

fn num<T: std::str::FromStr + Default>(s: Option<&&str>) -> T {
    s.and_then(|s| s.parse().ok()).unwrap_or_default()
}

impl Lexicon {
    fn entry(&mut self, word: &str) -> &mut Entry {
        self.words.entry(word.to_string()).or_default()
    }

    fn build() -> Lexicon {
        let mut lx = Lexicon::default();
        for r in rows(MONTHS) {
            let m: u8 = num(r.first());
            for (k, w) in r.iter().skip(1).enumerate() {
                let e = lx.entry(w);
                e.month = m;
                e.month_full = k == 0;
            }
        }
        for r in rows(WEEKDAYS) {
            let d: u8 = num(r.first());
            for (k, w) in r.iter().skip(1).enumerate() {
                let e = lx.entry(w);
                e.weekday = d;
                e.weekday_full = k == 0;
            }
        }
        for r in rows(NUMBERS) {
            if let [w, n, ..] = r[..] {
                lx.entry(w).number = n.parse().unwrap_or(0);
            }
        }
        for r in rows(ORDINALS) {
            if let [w, n, ..] = r[..] {
                lx.entry(w).ordinal = n.parse().unwrap_or(0);
            }
        }
        for r in rows(UNITS) {
            let unit = r.first().and_then(|c| Unit::from_code(c));
            for (k, w) in r.iter().skip(1).enumerate() {
                let e = lx.entry(w);
                e.unit = unit;
                // singular, plural, then abbreviations alternating singular/plural
                e.unit_plural = k % 2 == 1;
            }
        }
        for (data, is_season) in [(SEASONS, true), (PARTS, false)] {
            for r in rows(data) {
                let code = intern(r.first().copied().unwrap_or(""));
                for w in r.iter().skip(1) {
                    let e = lx.entry(w);
                    if is_season {
                        e.season = Some(code);
                    } else {
                        e.part_of_day = Some(code);
                    }
                }
            }
        }
        for r in rows(SHIFTS) {
            if let [w, n, ..] = r[..] {
                lx.entry(w).shift = n.parse().ok();
            }
        }
        for r in rows(REL_DAYS) {
            if let [w, n, ..] = r[..] {
                let part = r.get(2).map(|p| intern(p));
                lx.entry(w).rel_day = n.parse().ok().map(|n| (n, part));
            }
        }
        for r in rows(MODIFIERS) {
            if let [kind, w, m, ..] = r[..] {
                let m = intern(m);
                match (kind, w.split_once('_')) {
                    ("pos", _) => lx.entry(w).pos_mod = Some(m),
                    ("approx", Some((a, b))) => lx.approx2.push((a.to_string(), b.to_string(), m)),
                    ("approx", None) => lx.entry(w).approx = Some(m),
                    _ => {}
                }
            }
        }
        for r in rows(ZONES) {
            if let [w, z, ..] = r[..] {
                lx.entry(w).zone = Some(z == "Z");
            }
        }
        for r in rows(TENSE) {
            if let [t, w, ..] = r[..] {
                lx.entry(w).tense = if t == "future" { 1 } else { -1 };
            }
        }
        // Word lists that only set a flag on each listed word.
        let flag_lists: [(&str, SetFlag); 5] = [
            (NAME_WORDS, |e| e.name_word = true),
            (NAME_PREFIXES, |e| e.name_prefix = true),
            (NUMBER_NOUNS, |e| e.number_noun = true),
            (CUES, |e| e.cue = true),
            (FILLERS, |e| e.filler = true),
        ];
        for (data, set) in flag_lists {
            for r in rows(data) {
                if let Some(w) = r.first() {
                    set(lx.entry(w));
                }
            }
        }
        for r in rows(CLOCK_WORDS) {
            if let [w, h, m, ..] = r[..] {
                lx.entry(w).clock = h.parse().ok().zip(m.parse().ok());
            }
        }
        for r in rows(SETS) {
            if let [w, v, ..] = r[..] {
                lx.entry(w).set = Some(v.into());
            }
        }
        for r in tsv_rows(PHRASES) {
            if let [words, kind, value, ..] = r[..] {
                lx.add_phrase(words, parse_type(kind), PhraseValue::Lit(value.to_string()));
            }
        }
        for r in tsv_rows(HOLIDAYS) {
            if let [words, date, ..] = r[..] {
                let p: Vec<u32> = date.split('-').filter_map(|x| x.parse().ok()).collect();
                let value = match p[..] {
                    [y, m, d] => PhraseValue::Full(y as i32, m, d),
                    [m, d] => PhraseValue::MonthDay(m, d),
                    _ => continue,
                };
                lx.add_phrase(words, DateType::Date, value);
            }
        }
        for r in tsv_rows(FLOATING_HOLIDAYS) {
            if let [words, m, n, wd, ..] = r[..] {
                let (Ok(m), Ok(n), Ok(wd)) = (m.parse(), n.parse(), wd.parse()) else {
                    continue;
                };
                lx.add_phrase(words, DateType::Date, PhraseValue::NthWeekday { m, n, wd });
            }
        }
        for w in super::detect::STARTERS {
            lx.entry(w).starter = true;
        }
        for (a, _, _) in lx.approx2.clone() {
            lx.entry(&a).starter = true;
        }
        let firsts: Vec<String> = lx.phrases.keys().cloned().collect();
        for w in firsts {
            lx.entry(&w).starter = true;
        }
        let inner: Vec<String> = lx.phrases.values().flatten().flat_map(|p| p.tokens.iter().skip(1).cloned()).collect();
        for w in inner.iter().chain(super::detect::CONTINUERS.iter().map(|w| w.to_string()).collect::<Vec<_>>().iter())
        {
            lx.entry(w).in_phrase = true;
        }
        for w in ["the", "a", "an"] {
            lx.entry(w).weak = true;
        }
        for e in lx.words.values_mut() {
            e.starter |= e.month > 0
                || e.weekday > 0
                || e.number > 0
                || e.ordinal > 0
                || e.unit.is_some()
                || e.season.is_some()
                || e.part_of_day.is_some()
                || e.shift.is_some()
                || e.rel_day.is_some()
                || e.pos_mod.is_some()
                || e.approx.is_some()
                || e.clock.is_some()
                || e.set.is_some();
        }
        pack_words(&mut lx.words, &mut lx.packed);
        lx
    }

    fn add_phrase(&mut self, words: &str, kind: DateType, value: PhraseValue) {
        let (context, rest) = match words.strip_prefix('(').and_then(|w| w.split_once(')')) {
            Some((ctx, rest)) => (Some(ctx.trim().to_string()), rest.trim()),
            None => (None, words),
        };
        let tokens: Vec<String> =
            tokenize_plain(rest).iter().filter(|t| t.kind != Kind::Break).map(|t| t.key(rest)).collect();
        if let Some(first) = tokens.first() {
            let p = Phrase { context, tokens: tokens.clone(), kind, value };
            self.phrases.entry(first.clone()).or_default().push(p);
        }
    }

    /// The entry of a lower-case word.
    pub fn word(&self, lower: &str) -> Option<&Entry> {
        match pack_word(lower, false) {
            Some(key) => self.packed.get(&key),
            None => self.words.get(lower),
        }
    }

    /// The entry of `word` in any case.
    pub fn word_any_case(&self, word: &str) -> Option<&Entry> {
        match pack_word(word, true) {
            Some(key) => self.packed.get(&key),
            None => self.words.get(lower_key(word, &mut [0u8; 24])?),
        }
    }

    /// Phrases starting with the lower-case token `first`.
    pub fn phrases(&self, first: &str) -> &[Phrase] {
        self.phrases.get(first).map_or(&[], Vec::as_slice)
    }

    /// The two-word approximators ("more than") with their mods.
    pub fn approx2(&self) -> impl Iterator<Item = (&str, &str, &'static str)> {
        self.approx2.iter().map(|(a, b, m)| (a.as_str(), b.as_str(), *m))
    }
}

/// The shared lexicon.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::build)
}
