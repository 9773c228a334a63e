//! Quoted spans: direct or partial, scare quotes and titles left out, and each one's attribution —
//! after it ("…,” X said), before it (X said: “…”), from the reported clause it sits in, or continued
//! from the quote or paragraph before.

use super::frames::{clause_subject, is_speech_verb, subject_after, subject_before};
use super::marks::Marks;
use super::reported::{in_frames, Reported, SourceFrames};
use super::tokens::{Kind, Tokens};
use super::{Utt, Who};
use crate::lexicon as lx;
use crate::model::QuoteKind;

/// Whether the quote opening at token `k` closes at its sentence's end (then it is the whole report).
pub fn quote_runs_to_sentence_end(tk: &Tokens, marks: &Marks, k: usize) -> bool {
    let Some(t) = tk.get(k) else { return false };
    let Some(sp) = marks.spans.iter().find(|s| s.open == t.s) else { return false };
    if !sp.closed {
        return true;
    }
    let c = tk.at_byte(sp.end);
    let n = c + 1;
    match tk.get(n) {
        None => true,
        Some(x) => x.para != t.para || matches!(tk.str(n), "." | "!" | "?"),
    }
}

/// Whether the quote opening at token `k` stands where a sentence of its own may start: a paragraph or
/// sentence start, after a colon, or right after a speech verb ("he said “…”", "saying, “…”").
fn direct_position(tk: &Tokens, k: usize) -> bool {
    let Some(p) = k.checked_sub(1) else { return true };
    if tk.get(p).map(|t| t.para) != tk.get(k).map(|t| t.para) || tk.sentence_initial(k) {
        return true;
    }
    match tk.str(p) {
        "." | "!" | "?" | ":" | "…" => true,
        "," => p.checked_sub(1).is_some_and(|pp| tk.has(pp, lx::SPEECH)),
        _ => tk.kind(p) == Some(Kind::Close) || (tk.has(p, lx::SPEECH) && tk.is_word(p) && runs_to_end(tk, k)),
    }
}

/// Whether the quote opening at token `k` ends its sentence.
fn runs_to_end(tk: &Tokens, k: usize) -> bool {
    let q = tk.quote(k + 1);
    let mut j = k + 1;
    while tk.get(j).is_some() && tk.quote(j) == q && q.is_some() {
        j += 1;
    }
    // j: the closing mark (or the first token after an open quote)
    tk.get(j + 1).is_none() || tk.sent(j + 1) != tk.sent(k) || matches!(tk.str(j + 1), "." | "!" | "?")
}

/// Words that announce a term, not speech: so-called, dubbed, known as.
fn is_term_marker(tk: &Tokens, p: usize) -> bool {
    const TERMS: &[&str] = &[
        "so-called",
        "dubbed",
        "termed",
        "nicknamed",
        "called",
        "labelled",
        "labeled",
        "branded",
        "titled",
        "entitled",
        "named",
    ];
    TERMS.iter().any(|w| tk.is(p, w)) || (tk.is(p, "as") && p > 0 && tk.is(p - 1, "known"))
}

/// Quote marks around something that is not speech: a term (so-called “metadata”), a title or name
/// (“Super Mario Run”), a word used as a label after an article or preposition (a “post-truth” society),
/// or imagined speech ("as if to say").
fn scare_quote(tk: &Tokens, open: usize, q: u32, words: usize) -> bool {
    let content: Vec<usize> = (open + 1..).take_while(|&k| tk.quote(k) == Some(q)).filter(|&k| tk.is_word(k)).collect();
    let Some(p) = open.checked_sub(1) else { return title_case(tk, &content) };
    if is_term_marker(tk, p) {
        return true;
    }
    if p >= 3 && tk.has(p, lx::SPEECH) && tk.is(p - 1, "to") && tk.is(p - 2, "if") {
        return true;
    }
    if words <= 3 && tk.is_word(p) && (tk.has(p, lx::DET | lx::PREP) && !tk.is(p, "that")) {
        return true;
    }
    title_case(tk, &content)
}

/// Every word capitalised (small words aside) in a short quote: a title or a name.
fn title_case(tk: &Tokens, content: &[usize]) -> bool {
    const SMALL: &[&str] = &["of", "the", "and", "a", "an", "in", "on", "to", "for", "at", "by", "with"];
    content.len() <= 8
        && content.iter().any(|&k| tk.cap(k))
        && content
            .iter()
            .all(|&k| tk.cap(k) || SMALL.contains(&tk.str(k)) || tk.str(k).chars().all(|c| !c.is_alphabetic()))
}

/// The attribution after a closing mark: ", Peskov told.", ", said Martin Indyk, …", "… plans, Indyk said."
fn right_cue(
    tk: &Tokens,
    close: usize,
    ends_sentence: bool,
    frames: &SourceFrames,
) -> Option<(usize, Who, (usize, usize))> {
    let para = tk.get(close)?.para;
    let mut k = close + 1;
    while matches!(tk.str(k), "," | "—" | "–" | "-") && tk.get(k).is_some_and(|t| t.para == para) {
        k += 1;
    }
    let lo = k;
    // “…,” according to the report.
    // (An outlet credited so is a source, not the speaker.)
    if tk.is(lo, "according") && tk.is(lo + 1, "to") && tk.is_word(lo + 2) && !in_frames(frames, lo) {
        let mut b = lo + 2;
        while tk.is_word(b) && tk.get(b).is_some_and(|t| t.para == para) && tk.sent(b) == tk.sent(lo) {
            b += 1;
        }
        let frame = (tk.get(lo)?.s, tk.get(b - 1)?.e);
        return Some((lo, Who::Phrase(lo + 2, b, true), frame));
    }
    let mut v = None;
    for j in k..k + 14 {
        let Some(t) = tk.get(j) else { break };
        if t.para != para
            || t.kind == Kind::Open
            || (t.kind == Kind::Punct && matches!(tk.str(j), "." | "!" | "?" | ":" | ";"))
        {
            break;
        }
        if is_speech_verb(tk, j) && !in_frames(frames, j) {
            v = Some(j);
            break;
        }
    }
    let v = v?;
    if ends_sentence && v - lo > 4 {
        return None;
    }
    let who = if let Some((a, b)) = subject_before(tk, v, lo) {
        Who::Phrase(a, b, false)
    } else if let Some((a, b)) = subject_after(tk, v) {
        Who::Phrase(a, b, true)
    } else if v == lo {
        Who::Unknown
    } else {
        return None;
    };
    let mut end = v + 1;
    while tk.get(end).is_some_and(|t| t.para == para && t.kind == Kind::Word) {
        end += 1;
    }
    let frame = (tk.get(lo)?.s, tk.get(end - 1)?.e);
    Some((v, who, frame))
}

/// The attribution before an opening mark in the same sentence: "X said: “…”", "saying, “…”", "he said,
/// describing the nations as being “…”".
fn left_cue(tk: &Tokens, open: usize, frames: &SourceFrames) -> Option<(usize, Who, (usize, usize))> {
    let p = open.checked_sub(1)?;
    // "He said:" closing the paragraph before introduces this one.
    let colon_before = tk.str(p) == ":" && tk.get(p)?.para + 1 == tk.get(open)?.para;
    if !colon_before && (tk.sent(p) != tk.sent(open) || tk.get(p)?.para != tk.get(open)?.para) {
        return None;
    }
    let mut s0 = p;
    while s0 > 0 && tk.sent(s0 - 1) == tk.sent(p) {
        s0 -= 1;
    }
    // Weak verbs ("called", "continued") name speech only right before the quote.
    let v = (s0..=p).rev().take(30).find(|&j| {
        tk.quote(j).is_none() && is_speech_verb(tk, j) && !in_frames(frames, j) && (tk.has(j, lx::REPORT) || p - j <= 2)
    })?;
    let who = if let Some((a, b)) = subject_before(tk, v, s0) {
        Who::Phrase(a, b, false)
    } else if let Some((a, b)) = tk.str(v).ends_with("ing").then(|| clause_subject(tk, v)).flatten() {
        Who::Phrase(a, b, false)
    } else if let Some((a, b)) = subject_after(tk, v) {
        Who::Phrase(a, b, true)
    } else {
        Who::Unknown
    };
    Some((v, who, (tk.get(s0)?.s, tk.get(p)?.e)))
}

/// The end of the cue starting at `v` ("according to" is two words).
fn cue_end(tk: &Tokens, v: usize) -> usize {
    if tk.is(v, "according") {
        v + 2
    } else {
        v + 1
    }
}

/// Adds the quoted spans of `marks` to `utts` (after the reported clauses, whose indices `reps` share).
pub fn find(tk: &Tokens, marks: &Marks, reps: &[Reported], frames: &SourceFrames, utts: &mut Vec<Utt>) {
    let text = tk.text;
    let mut last_quote: Option<usize> = None;
    for (qi, sp) in marks.spans.iter().enumerate() {
        let q = qi as u32;
        let open = tk.at_byte(sp.open);
        let inside: Vec<usize> = (open + 1..).take_while(|&k| tk.get(k).is_some_and(|t| t.s < sp.end)).collect();
        let words = inside.iter().filter(|&&k| tk.is_word(k) && tk.quote(k) == Some(q)).count();
        let Some(t_open) = tk.get(open) else { continue };
        if words == 0 {
            continue;
        }
        let body = text.get(sp.start..sp.end).unwrap_or("");
        let s = sp.start + (body.len() - body.trim_start().len());
        let e = sp.start + body.trim_end().len();
        let para = t_open.para;
        let close = if sp.closed { tk.at_byte(sp.end) } else { inside.last().copied().unwrap_or(open) };
        let mut u =
            Utt { kind: QuoteKind::Direct, s, e, para, cue: None, who: Who::Unknown, frame: None, group_with: None };

        if sp.continues {
            if let Some(prev) = last_quote {
                // The last piece may carry the attribution of them all ("…,” Hill said.).
                let ends_sentence = body.trim_end().ends_with(['.', '!', '?']);
                let cue = if sp.closed { right_cue(tk, tk.at_byte(sp.end), ends_sentence, frames) } else { None };
                if let Some((v, who, frame)) = cue {
                    let mut root = prev;
                    while let Some(g) = utts.get(root).and_then(|x| x.group_with) {
                        if g >= root {
                            break;
                        }
                        root = g;
                    }
                    if let Some(r) = utts.get_mut(root).filter(|r| r.cue.is_none()) {
                        r.who = who;
                        r.cue = Some((v, cue_end(tk, v)));
                        r.frame = Some(frame);
                    }
                }
                u.who = Who::SameAs(prev);
                u.group_with = Some(prev);
                u.kind = utts.get(prev).map_or(QuoteKind::Direct, |p| p.kind);
                utts.push(u);
                last_quote = Some(utts.len() - 1);
                continue;
            }
        }
        // Inside a reported clause: a partial quote of that clause's speaker.
        if let Some(h) = reps.iter().position(|r| r.a <= open && close < r.b) {
            if scare_quote(tk, open, q, words) {
                continue;
            }
            let r = reps.get(h).copied();
            u.kind = QuoteKind::Partial;
            u.who = Who::SameAs(h);
            u.cue = r.map(|r| r.cue);
            u.frame = r.map(|r| r.frame);
            utts.push(u);
            last_quote = Some(utts.len() - 1);
            continue;
        }
        let ends_sentence = body.trim_end().ends_with(['.', '!', '?']);
        let right = if sp.closed { right_cue(tk, close, ends_sentence, frames) } else { None };
        let left = if right.is_none() { left_cue(tk, open, frames) } else { None };
        let positioned = direct_position(tk, open);
        u.kind = if positioned { QuoteKind::Direct } else { QuoteKind::Partial };
        let cue = right.or(left);
        // A title right before its attribution (“Thank You,” she said) is still a quote.
        let attributed_here = right.is_some() && (body.trim_end().ends_with(',') || tk.str(close + 1) == ",");
        if scare_quote(tk, open, q, words) && !attributed_here {
            continue;
        }
        if !positioned && cue.is_none() && words <= 4 {
            continue;
        }
        match cue {
            // “A,” she added, “B.” — the second piece shares the first one's attribution.
            Some((v, _, _))
                if left.is_some()
                    && last_quote.and_then(|j| utts.get(j)).is_some_and(|p| p.cue == Some((v, v + 1))) =>
            {
                let j = last_quote.unwrap_or_default();
                u.who = Who::SameAs(j);
                u.group_with = Some(j);
                u.cue = Some((v, cue_end(tk, v)));
                u.frame = utts.get(j).and_then(|p| p.frame);
            }
            Some((v, who, frame)) => {
                u.cue = Some((v, cue_end(tk, v)));
                u.who = who;
                u.frame = Some(frame);
            }
            None => {
                // “A,” she said. “B.” — or a paragraph of quotation continuing the last speaker.
                let prev_same_para = last_quote.filter(|&j| utts.get(j).is_some_and(|p| p.para == para));
                if let Some(j) = prev_same_para {
                    u.who = Who::SameAs(j);
                    u.group_with = Some(j);
                } else if positioned {
                    u.who = Who::Previous;
                }
            }
        }
        utts.push(u);
        last_quote = Some(utts.len() - 1);
    }
}
