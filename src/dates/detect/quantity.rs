//! Quantities of time: durations ("three days", "the past three years", "12-year"), "ago" dates, ranges
//! and recurrences ("every week", "twice a year").

use super::{Cand, Grammar};
use crate::dates::lexicon::Unit;
use crate::dates::resolve::Val;
use crate::dates::scan::Kind;
use crate::model::DateType;

/// A quantity before a unit in thousandths ("2.5" = 2500; integers keep the WASM build free of float
/// formatting), or None for "several"/"a few" (TIMEX3 `X`).
type Qty = Option<u64>;

/// One whole unit.
const ONE: u64 = 1000;

impl Grammar<'_> {
    /// A quantity: "three", "twenty-five", "2.5", "two and a half", "a", "several" (None = X).
    pub(super) fn quantity(&self, i: usize) -> Option<(usize, Qty)> {
        let t = self.tok(i)?;
        let (mut k, mut q) = if let Some((v, n)) = self.num(i) {
            if n > 4
                || self.prev(i).is_some_and(|p| {
                    self.adj(p)
                        && self.tok(p).is_some_and(|t| {
                            t.kind == Kind::Punct && matches!(t.ch, '$' | '£' | '€' | '.' | ',' | ':' | '/')
                        })
                })
            {
                return None;
            }
            if self.adj(i) && self.punct(i + 1, '.') && self.adj(i + 1) {
                let (f, nf) = self.num(i + 2)?;
                if nf > 3 {
                    return None;
                }
                let frac = f as u64 * 10u64.pow(3 - nf as u32);
                (i + 3, Some(v as u64 * ONE + frac))
            } else if self.adj(i) && self.punct(i + 1, ',') && self.adj(i + 1) {
                return None;
            } else {
                (i + 1, Some(v as u64 * ONE))
            }
        } else if self.is(i, "half") && self.is_any(i + 1, &["a", "an"]) {
            (i + 2, Some(ONE / 2))
        } else if self.is(i, "a") && self.is(i + 1, "few") {
            (i + 2, None)
        } else if self.is(i, "couple") || (self.is(i, "a") && self.is(i + 1, "couple")) {
            let k = if self.is(i, "a") { i + 1 } else { i };
            (if self.is(k + 1, "of") { k + 2 } else { k + 1 }, Some(2 * ONE))
        } else if self.is_any(i, &["a", "an", "one"]) {
            // "a decades-long" is a single thing, not a count; "$119-a-year" a rate
            if self.lex(i + 1).is_some_and(|e| e.unit_plural) || self.punct(i + 1, '-') {
                return None;
            }
            (i + 1, Some(ONE))
        } else if self.is_any(i, &["several", "few", "many", "some", "numerous", "multiple"]) {
            (i + 1, None)
        } else {
            let n = t.lex.map(|e| e.number).filter(|&n| n > 0)?;
            // "twenty-five", "twenty five"
            let k = if self.punct(i + 1, '-') { i + 2 } else { i + 1 };
            match self.lex(k).map(|e| e.number).filter(|&u| n >= 20 && n % 10 == 0 && u < 10 && u > 0) {
                Some(u) => (k + 1, Some((n + u) as u64 * ONE)),
                None => (i + 1, Some(n as u64 * ONE)),
            }
        };
        // "two and a half"
        if q.is_some() && self.is(k, "and") && self.is(k + 1, "a") && self.is(k + 2, "half") {
            q = q.map(|v| v + ONE / 2);
            k += 3;
        }
        Some((k, q))
    }

    /// Durations, "ago" dates and bare plural units: "three days", "the past three years", "over a year",
    /// "12-year", "two days ago", "recent years", "decades".
    pub(super) fn duration(&self, i: usize) -> Option<Cand> {
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
            if let Some(k) = self
                .lex(j + 1)
                .and_then(|e| e.shift)
                .filter(|_| self.is_any(j + 1, &["past", "last", "next", "coming", "first"]))
            {
                the_shift = Some(k);
                j += 2;
            }
        } else if self.is_any(j, &["past", "last", "next", "first"])
            && self.quantity(j + 1).is_some_and(|(_, q)| q != Some(ONE))
        {
            j += 1;
            the_shift = Some(0);
        }
        let (k, q) = match self.quantity(j) {
            Some((k, q)) if self.unit_at(self.skip_fillers(k)).is_some() => (k, q),
            // "the past year" is one year, "the coming weeks" some
            _ if the_shift.is_some() => {
                (j, if self.lex(self.skip_fillers(j)).is_some_and(|e| e.unit_plural) { None } else { Some(ONE) })
            }
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
        // "the past year" is one year ("the last quarter", "the past weekend" are dates); a bare singular
        // unit otherwise is no duration
        let one_past = the_shift.is_some_and(|k| k < 0) && !matches!(unit, Unit::Quarter | Unit::Weekend);
        // ("the last week of March" is a week of March)
        if bare && ((!plural && !one_past) || (one_past && self.is(end, "of"))) {
            return None;
        }
        if bare && plural {
            // bare plurals only where they clearly mean a stretch of time
            let p = self.prev(i);
            let ok = p.is_some_and(|p| {
                self.is_any(
                    p,
                    &["for", "in", "over", "recent", "past", "coming", "within", "few", "just", "only", "mere"],
                )
            }) || (self.punct(end, '-') && self.is(end + 1, "long"))
                || the_shift.is_some();
            if !ok || self.is(end, "of") || matches!(unit, Unit::Quarter | Unit::Weekend) {
                return None;
            }
        }
        if matches!(unit, Unit::Second) && q == Some(ONE) && self.num(j).is_none() {
            return None;
        }
        // ages: "a 51-year-old", "51 years old"; fractions: "a quarter of"
        // "a quarter of the dealers" is a fraction: a lone quarter is no duration
        if (unit == Unit::Quarter && !plural && the_shift.is_none())
            || self.is(end, "old")
            || (self.punct(end, '-') && self.is(end + 1, "old"))
        {
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
                    Some(n) if n % ONE == 0 => {
                        let n = (n / ONE).min(10_000) as i32;
                        let n = if back { -n } else { n };
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
    pub(super) fn range_head(&self, i: usize) -> Option<Cand> {
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

    pub(super) fn skip_fillers(&self, mut k: usize) -> usize {
        while self.lex(k).is_some_and(|e| e.filler) && self.lex(k + 1).is_some_and(|e| e.unit.is_some()) {
            k += 1;
        }
        k
    }

    pub(super) fn unit_at(&self, k: usize) -> Option<Unit> {
        let u = if self.punct(k, '-') { k + 1 } else { k };
        self.lex(u).and_then(|e| e.unit)
    }

    /// Recurrences: "every week", "each Monday", "weekly", "twice a year", "15 a year", "on Mondays".
    pub(super) fn set(&self, i: usize) -> Option<Cand> {
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
                (i + 2, Some(2 * ONE))
            } else {
                match self.quantity(i + 1) {
                    Some((k, q)) if q.is_some() && !self.is(i + 1, "one") => (k, q),
                    _ => (i + 1, Some(ONE)),
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
            if self.is(k, "times") {
                (k + 1, Some(format!("{}X", n / ONE)))
            } else {
                (i, None)
            }
        } else {
            (i, None)
        };
        if freq.is_some() {
            if self.is_any(k, &["a", "an", "per", "each", "every"]) {
                let e = self.lex(k + 1).filter(|e| !e.unit_plural)?;
                let mut c = Cand::new(i, k + 2, DateType::Set, Val::Lit(duration_value(Some(ONE), e.unit?)));
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
                || self.is_any(
                    p,
                    &[
                        "percent", "million", "billion", "dollars", "pounds", "euros", "times", "hours", "minutes",
                        "days", "shifts", "games",
                    ],
                );
            let rate = !(self.is_any(i + 2, &["ago", "old"]) || (self.punct(i + 2, '-') && self.is(i + 3, "old")));
            if counted && rate {
                return Some(Cand::new(i, i + 2, DateType::Set, Val::Lit(duration_value(Some(ONE), u))));
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
}

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
        Unit::Decade => (q.map(|v| v.saturating_mul(10)), "Y"),
        Unit::Century => (q.map(|v| v.saturating_mul(100)), "Y"),
        Unit::Quarter => (q, "Q"),
        Unit::Weekend => (q, "WE"),
        Unit::Fortnight => (q.map(|v| v.saturating_mul(2)), "W"),
    };
    let t = if unit.is_time() { "T" } else { "" };
    match n {
        None if unit == Unit::Decade => "PXDE".to_string(),
        None if unit == Unit::Century => "PXCE".to_string(),
        None => format!("P{t}X{code}"),
        // half an hour is PT30M
        Some(v) if unit == Unit::Hour && v % ONE != 0 => format!("PT{}M", (v * 60 + ONE / 2) / ONE),
        Some(v) if v % ONE == 0 => format!("P{t}{}{code}", v / ONE),
        Some(v) => {
            let frac = format!("{:03}", v % ONE);
            format!("P{t}{}.{}{code}", v / ONE, frac.trim_end_matches('0'))
        }
    }
}
