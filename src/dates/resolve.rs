//! Anchoring: turns what an expression says (a [`Val`]) into a TIMEX3 value against the publication date,
//! with chrono doing the calendar arithmetic. Without an anchor, what the text states stays (`XXXX-12-21`)
//! and purely relative expressions get no value.

use super::lexicon::Unit;
use chrono::{Datelike, Duration, NaiveDate};

/// Which year an expression without an explicit one falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSpec {
    Abs(i32),
    /// Relative to the anchor's year ("next year" = +1).
    Rel(i32),
    /// Chosen by the sentence's tense ("in March").
    Implicit,
    /// The most recent one strictly before the anchor ("last September").
    Prev,
    /// The first one strictly after the anchor ("next March").
    Next,
}

/// Whether the sentence around an expression reports the past or looks ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
    Unknown,
}

/// What an expression states, before anchoring.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A finished value ("PAST_REF", "P3D", "197").
    Lit(String),
    /// The anchor date itself ("today"); PRESENT_REF without one.
    Anchor,
    /// The day last named ("the same day"); the anchor when none was.
    SameDay,
    /// Units after the date last named ("two years later"); no value when none was.
    Later {
        unit: Unit,
        n: i32,
    },
    /// A shift from a stated date (what [`Val::Later`] becomes once its base is known).
    From {
        base: Box<Val>,
        unit: Unit,
        n: i32,
    },
    /// A calendar date as far as stated: month 0 = year only, day 0 = month only.
    Cal {
        y: YearSpec,
        m: u32,
        d: u32,
    },
    /// A yearless date with its weekday ("Tuesday, December 21"): the year where they agree.
    CalOnWeekday {
        m: u32,
        d: u32,
        wd: u32,
    },
    /// An all-numeric date whose day/month order the document decides ("7/8/07").
    Numeric {
        a: u32,
        b: u32,
        y: i32,
    },
    /// A weekday: shift 0 by tense, -1 "last", +1 "next".
    Weekday {
        wd: u32,
        shift: i32,
    },
    /// A unit counted from the anchor ("last week" = Week -1, "two days ago" = Day -2).
    Shift {
        unit: Unit,
        n: i32,
    },
    /// The n-th (-1: last) week of a month ("the last week of March").
    WeekOf {
        y: YearSpec,
        m: u32,
        n: i32,
    },
    /// The n-th (-1: last) weekday of a month ("Thanksgiving").
    NthWeekday {
        y: YearSpec,
        m: u32,
        n: i32,
        wd: u32,
    },
    Season {
        y: YearSpec,
        s: &'static str,
    },
    Quarter {
        y: YearSpec,
        q: u32,
    },
    Half {
        y: YearSpec,
        h: u32,
    },
    /// A weekend: Some(shift) as stated, None by tense ("the weekend").
    Weekend(Option<i32>),
    /// A clock time on a date (the anchor's when none is stated).
    Time {
        date: Option<Box<Val>>,
        h: u32,
        m: u32,
        utc: bool,
    },
    /// A part of a day ("Monday morning" → TMO).
    Part {
        date: Box<Val>,
        part: &'static str,
    },
}

/// What anchoring needs besides the value.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub anchor: Option<NaiveDate>,
    pub tense: Tense,
    /// The document writes all-numeric dates day first (21.12.2021).
    pub day_first: bool,
}

fn ymd(y: i32, m: u32, d: u32) -> String {
    match (m, d) {
        (0, _) => format!("{y:04}"),
        (_, 0) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}-{m:02}-{d:02}"),
    }
}

fn date_str(d: NaiveDate) -> String {
    ymd(d.year(), d.month(), d.day())
}

fn week_str(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The year an `Implicit` month (and day) falls in: past-tense reporting takes the latest one not after
/// the anchor, future tense the first not before it, and without a tense cue the nearest one.
fn pick_year(anchor: NaiveDate, tense: Tense, m: u32, d: u32) -> i32 {
    let ay = anchor.year();
    let m = m.clamp(1, 12);
    // distance from the anchor in days (months count as 31 days at month grain, the anchor's month as 0)
    let dist = |y: i32| -> i64 {
        if d == 0 {
            return ((y * 12 + m as i32) - (ay * 12 + anchor.month() as i32)) as i64 * 31;
        }
        NaiveDate::from_ymd_opt(y, m, d)
            .or_else(|| NaiveDate::from_ymd_opt(y, m, 28))
            .map_or(0, |day| (day - anchor).num_days())
    };
    let cands = [ay - 1, ay, ay + 1];
    match tense {
        Tense::Future => cands.into_iter().find(|&y| dist(y) >= 0).unwrap_or(ay),
        Tense::Past => cands.into_iter().rev().find(|&y| dist(y) <= 0).unwrap_or(ay),
        Tense::Unknown => cands.into_iter().min_by_key(|&y| dist(y).abs()).unwrap_or(ay),
    }
}

/// The year of a period whose middle month is `m`, as `spec` says.
fn year_of(spec: YearSpec, ctx: &Ctx, m: u32, d: u32) -> Option<i32> {
    let a = ctx.anchor;
    match spec {
        YearSpec::Abs(y) => Some(y),
        YearSpec::Rel(k) => a.map(|a| a.year() + k),
        YearSpec::Implicit => a.map(|a| pick_year(a, ctx.tense, m, d)),
        YearSpec::Prev => a.map(|a| if m < a.month() { a.year() } else { a.year() - 1 }),
        YearSpec::Next => a.map(|a| if m > a.month() { a.year() } else { a.year() + 1 }),
    }
}

fn season_month(s: &str) -> u32 {
    match s {
        "SP" => 4,
        "SU" => 7,
        "FA" => 10,
        _ => 1,
    }
}

fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let t = y * 12 + m as i32 - 1 + n;
    (t.div_euclid(12), t.rem_euclid(12) as u32 + 1)
}

/// The weekday `wd` relative to `a`: backwards (on or before) or forwards (on or after); `strict`
/// skips `a` itself.
fn weekday_from(a: NaiveDate, wd: u32, forward: bool, strict: bool) -> Option<NaiveDate> {
    let awd = a.weekday().number_from_monday();
    let mut k = if forward { (wd + 7 - awd) % 7 } else { (awd + 7 - wd) % 7 };
    if strict && k == 0 {
        k = 7;
    }
    let k = Duration::try_days(k as i64)?;
    if forward {
        a.checked_add_signed(k)
    } else {
        a.checked_sub_signed(k)
    }
}

/// The TIMEX3 value of `v`, or None when the text gives no anchor for it.
pub fn resolve(v: &Val, ctx: &Ctx) -> Option<String> {
    let a = ctx.anchor;
    Some(match v {
        Val::Lit(s) => s.clone(),
        Val::Anchor => a.map_or_else(|| "PRESENT_REF".to_string(), date_str),
        Val::SameDay => date_str(a?),
        Val::Later { .. } => return None,
        Val::From { base, unit, n } => {
            let b = resolve(base, ctx)?;
            let base_day = match b.len() {
                4 => NaiveDate::from_ymd_opt(b.parse().ok()?, 7, 1),
                7 | 10 => {
                    let mut p = b.split('-').map(|x| x.parse::<u32>().ok());
                    let (y, m, d) = (p.next()??, p.next()??, p.next().flatten().unwrap_or(15));
                    NaiveDate::from_ymd_opt(y as i32, m, d)
                }
                _ => None,
            }?;
            // no finer than the base states
            let unit = if b.len() == 4 && !matches!(unit, Unit::Year | Unit::Decade | Unit::Century) {
                Unit::Year
            } else {
                *unit
            };
            shift(base_day, unit, *n)?
        }
        Val::Cal { y, m, d } => {
            let key_m = if *m == 0 { 6 } else { *m };
            match year_of(*y, ctx, key_m, *d) {
                Some(y) => {
                    if *m != 0 && *d != 0 {
                        NaiveDate::from_ymd_opt(y, *m, *d)?;
                    }
                    ymd(y, *m, *d)
                }
                None if *y == YearSpec::Implicit && *m != 0 => {
                    if *d == 0 {
                        format!("XXXX-{m:02}")
                    } else {
                        format!("XXXX-{m:02}-{d:02}")
                    }
                }
                None => return None,
            }
        }
        Val::WeekOf { y, m, n } => {
            let y = year_of(*y, ctx, *m, 15)?;
            let last = (28..=31).rev().find(|&d| NaiveDate::from_ymd_opt(y, *m, d).is_some())?;
            // the week holding the n-th week's Thursday-ish middle day (ISO weeks belong to their Thursday)
            let day = if *n < 0 { last - 3 } else { (*n as u32 * 7).saturating_sub(3).min(last) };
            week_str(NaiveDate::from_ymd_opt(y, *m, day)?)
        }
        Val::NthWeekday { y, m, n, wd } => {
            let approx_day = if *n < 0 { 28 } else { (*n as u32 * 7).saturating_sub(3).max(1) };
            let Some(y) = year_of(*y, ctx, *m, approx_day) else {
                return Some(format!("XXXX-{m:02}"));
            };
            date_str(nth_weekday(y, *m, *n, *wd)?)
        }
        Val::CalOnWeekday { m, d, wd } => {
            let Some(a) = a else {
                return Some(format!("XXXX-{m:02}-{d:02}"));
            };
            let by_tense = pick_year(a, ctx.tense, *m, *d);
            let on_weekday =
                |y: i32| NaiveDate::from_ymd_opt(y, *m, *d).is_some_and(|x| x.weekday().number_from_monday() == *wd);
            let y = [by_tense, a.year(), a.year() - 1, a.year() + 1]
                .into_iter()
                .find(|&y| on_weekday(y))
                .unwrap_or(by_tense);
            NaiveDate::from_ymd_opt(y, *m, *d)?;
            ymd(y, *m, *d)
        }
        Val::Numeric { a: x, b, y } => {
            let (m, d) = if ctx.day_first { (*b, *x) } else { (*x, *b) };
            NaiveDate::from_ymd_opt(*y, m, d)?;
            ymd(*y, m, d)
        }
        Val::Weekday { wd, shift } => match a {
            None => format!("XXXX-WXX-{wd}"),
            Some(a) => {
                let d = match shift {
                    0 => weekday_from(a, *wd, ctx.tense == Tense::Future, false),
                    s => weekday_from(a, *wd, *s > 0, true),
                }?;
                date_str(d)
            }
        },
        Val::Shift { unit, n } => shift(a?, *unit, *n)?,
        Val::Season { y, s } => match year_of(*y, ctx, season_month(s), 0) {
            Some(y) => format!("{y:04}-{s}"),
            None if *y == YearSpec::Implicit => format!("XXXX-{s}"),
            None => return None,
        },
        Val::Quarter { y, q } => format!("{:04}-Q{q}", year_of(*y, ctx, q * 3 - 1, 0)?),
        Val::Half { y, h } => format!("{:04}-H{h}", year_of(*y, ctx, h * 6 - 3, 0)?),
        Val::Weekend(sh) => {
            let a = a?;
            let d = match sh {
                Some(k) => a.checked_add_signed(Duration::try_days(7 * *k as i64)?)?,
                // the weekend just past in past-tense reporting, else this week's
                None if ctx.tense != Tense::Future && a.weekday().number_from_monday() < 6 => {
                    a.checked_sub_signed(Duration::try_days(7)?)?
                }
                None => a,
            };
            format!("{}-WE", week_str(d))
        }
        Val::Time { date, h, m, utc } => {
            let day = match date {
                Some(d) => day_of(d, ctx)?,
                None => a.map_or_else(|| "XXXX-XX-XX".to_string(), date_str),
            };
            format!("{day}T{h:02}:{m:02}{}", if *utc { "Z" } else { "" })
        }
        Val::Part { date, part } => format!("{}T{part}", day_of(date, ctx)?),
    })
}

/// The day a time or part of the day falls on: a stated day stays even without an anchor
/// ("XXXX-WXX-1" for "Monday", "XXXX-12-21"); a relative one ("yesterday") needs the anchor.
fn day_of(d: &Val, ctx: &Ctx) -> Option<String> {
    let v = resolve(d, ctx)?;
    match v.len() {
        10 => Some(v),
        _ if v.starts_with("XXXX-WXX") => Some(v),
        _ if ctx.anchor.is_some() => Some("XXXX-XX-XX".to_string()),
        _ => None,
    }
}

/// The n-th (-1: last) weekday `wd` of a month.
fn nth_weekday(y: i32, m: u32, n: i32, wd: u32) -> Option<NaiveDate> {
    let weekday = chrono::Weekday::try_from(u8::try_from(wd.checked_sub(1)?).ok()?).ok()?;
    if n > 0 {
        return NaiveDate::from_weekday_of_month_opt(y, m, weekday, u8::try_from(n).ok()?);
    }
    (1..=5).rev().find_map(|k| NaiveDate::from_weekday_of_month_opt(y, m, weekday, k))
}

/// `n` units from the anchor at that unit's granularity.
fn shift(a: NaiveDate, unit: Unit, n: i32) -> Option<String> {
    let days = |k: i64| a.checked_add_signed(Duration::try_days(k)?);
    Some(match unit {
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => date_str(days(n as i64)?),
        Unit::Fortnight => date_str(days(14 * n as i64)?),
        Unit::Week => week_str(days(7 * n as i64)?),
        Unit::Weekend => format!("{}-WE", week_str(days(7 * n as i64)?)),
        Unit::Month => {
            let (y, m) = add_months(a.year(), a.month(), n);
            ymd(y, m, 0)
        }
        Unit::Quarter => {
            let t = a.year() * 4 + (a.month0() / 3) as i32 + n;
            format!("{:04}-Q{}", t.div_euclid(4), t.rem_euclid(4) + 1)
        }
        Unit::Year => format!("{:04}", a.year() + n),
        Unit::Decade => format!("{:03}", a.year().div_euclid(10) + n),
        Unit::Century => format!("{:02}", a.year().div_euclid(100) + n),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(tense: Tense) -> Ctx {
        Ctx { anchor: NaiveDate::from_ymd_opt(2021, 12, 21), tense, day_first: false }
    }

    #[test]
    fn weekdays_follow_the_tense() {
        let tue = Val::Weekday { wd: 2, shift: 0 };
        assert_eq!(resolve(&tue, &ctx(Tense::Past)).as_deref(), Some("2021-12-21"));
        let fri = Val::Weekday { wd: 5, shift: 0 };
        assert_eq!(resolve(&fri, &ctx(Tense::Past)).as_deref(), Some("2021-12-17"));
        assert_eq!(resolve(&fri, &ctx(Tense::Future)).as_deref(), Some("2021-12-24"));
    }

    #[test]
    fn implicit_years_follow_the_tense() {
        let jan = Val::Cal { y: YearSpec::Implicit, m: 1, d: 0 };
        assert_eq!(resolve(&jan, &ctx(Tense::Past)).as_deref(), Some("2021-01"));
        assert_eq!(resolve(&jan, &ctx(Tense::Future)).as_deref(), Some("2022-01"));
    }
}
