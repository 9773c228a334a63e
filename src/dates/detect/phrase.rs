//! Fixed phrases and named days from the data files ("the near future", "Christmas Eve", "9/11").

use super::{Cand, Grammar};
use crate::dates::lexicon::PhraseValue;
use crate::dates::resolve::{Val, YearSpec};
use crate::dates::scan::{lower_key, Kind};

impl Grammar<'_> {
    /// Fixed phrases and named days from the data files.
    pub(super) fn phrase(&self, i: usize) -> Option<Cand> {
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
                // "the now-infamous deal", "the soon-to-open terminal": part of a compound word
                _ if self.adj(i + n - 1) && self.punct(i + n, '-') => continue,
                PhraseValue::Lit(v) => {
                    // "earlier than", "later this year" is longer and wins elsewhere; "two days later" is a
                    // duration's tail
                    let comparative = n == 1 && self.is_any(i, &["earlier", "later"]);
                    if comparative
                        && (self.is_any(i + n, &["than", "on"])
                            || self.prev(i).is_some_and(|q| {
                                self.num(q).is_some()
                                    || self.lex(q).is_some_and(|e| {
                                        e.unit.is_some() || e.number > 0 || e.weekday > 0 || e.month > 0
                                    })
                            }))
                    {
                        continue;
                    }
                    Val::Lit(v.clone())
                }
                PhraseValue::NthWeekday { m, n, wd } => {
                    if !first.cap {
                        continue;
                    }
                    Val::NthWeekday { y: YearSpec::Implicit, m: *m, n: *n, wd: *wd }
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
}
