//! Tense of the sentence around an expression: news reports a bare "Tuesday" or "in March" in the past
//! unless the sentence looks ahead. The nearest cue word in the sentence decides.

use super::resolve::Tense;
use super::scan::{Kind, Tok};

/// How far (in tokens) to look for a cue on either side.
const WINDOW: usize = 30;

/// A sentence ends at token `i`: a line break, or a full stop that a space follows (not "0.9", "U.S.").
fn is_boundary(toks: &[Tok], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return true };
    let spaced = toks.get(i + 1).is_none_or(|n| n.start > t.end);
    t.kind == Kind::Break || (t.kind == Kind::Punct && matches!(t.ch, '.' | '!' | '?' | ';') && spaced)
}

/// The tense cue of token `i`: its entry in `tense.txt`, else a past form in "-ed"; a past form right
/// after "be" looks ahead ("to be held", "should be completed").
fn cue(text: &str, toks: &[Tok], i: usize) -> i8 {
    let Some(t) = toks.get(i).filter(|t| t.kind == Kind::Word) else {
        return 0;
    };
    let listed = t.lex.map_or(0, |e| if t.cap && e.month > 0 { 0 } else { e.tense });
    let w = t.text(text);
    let c = match listed {
        0 if w.len() > 4 && w.ends_with("ed") && !t.cap => -1,
        c => c,
    };
    let after_be =
        || i.checked_sub(1).and_then(|p| toks.get(p)).is_some_and(|p| p.text(text).eq_ignore_ascii_case("be"));
    if c < 0 && after_be() {
        1
    } else {
        c
    }
}

/// The tense around tokens `[start, end)`.
pub fn tense_at(text: &str, toks: &[Tok], start: usize, end: usize) -> Tense {
    let mut best: Option<(usize, i8)> = None;
    // leftwards
    for (d, i) in (start.saturating_sub(WINDOW)..start).rev().enumerate() {
        if is_boundary(toks, i) {
            break;
        }
        let c = cue(text, toks, i);
        if c != 0 {
            best = Some((d, c));
            break;
        }
    }
    for (d, i) in (end..end + WINDOW).enumerate() {
        if is_boundary(toks, i) || best.is_some_and(|(bd, _)| bd <= d) {
            break;
        }
        let c = cue(text, toks, i);
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
