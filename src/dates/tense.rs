//! Tense of the sentence around an expression: news reports a bare "Tuesday" or "in March" in the past
//! unless the sentence looks ahead. The nearest cue word in the sentence decides.

use super::resolve::Tense;
use super::scan::{Kind, Tok};

/// How far (in tokens) to look for a cue on either side.
const WINDOW: usize = 30;

fn is_boundary(t: &Tok) -> bool {
    t.kind == Kind::Break || (t.kind == Kind::Punct && matches!(t.ch, '.' | '!' | '?' | ';'))
}

fn cue(text: &str, t: &Tok) -> i8 {
    if t.kind != Kind::Word {
        return 0;
    }
    if let Some(e) = t.lex {
        if e.tense != 0 {
            return e.tense;
        }
    }
    let w = t.text(text);
    if w.len() > 4 && w.ends_with("ed") && !t.cap {
        return -1;
    }
    0
}

/// The tense around tokens `[start, end)`.
pub fn tense_at(text: &str, toks: &[Tok], start: usize, end: usize) -> Tense {
    let mut best: Option<(usize, i8)> = None;
    // leftwards
    for (d, t) in toks.get(start.saturating_sub(WINDOW)..start).unwrap_or(&[]).iter().rev().enumerate() {
        if is_boundary(t) {
            break;
        }
        let c = cue(text, t);
        if c != 0 {
            best = Some((d, c));
            break;
        }
    }
    for (d, t) in toks.get(end..(end + WINDOW).min(toks.len())).unwrap_or(&[]).iter().enumerate() {
        if is_boundary(t) || best.is_some_and(|(bd, _)| bd <= d) {
            break;
        }
        let c = cue(text, t);
        if c != 0 {
            best = Some((d, c));
            break;
        }
    }
    match best {
        Some((_, c)) if c > 0 => Tense::Future,
        Some(_) => Tense::Past,
        None => Tense::Unknown,
    }
}
