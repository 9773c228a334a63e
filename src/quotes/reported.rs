//! Reported (indirect) speech: "X said (that) …", "X told reporters …", "according to X, …", "…, X said.",
//! "his vow that …", and a list introduced by "X said:". The span is the reported clause.

use super::frames::{clause_subject, is_speech_verb, subject_after, subject_before};
use super::tokens::{Kind, Tokens};
use crate::lexicon as lx;

/// Who a reported clause's speaker phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Tokens `a..b`; `true` when the phrase follows its verb (take its first name).
    Phrase(usize, usize, bool),
    /// The same speaker as the reported clause with this index.
    SameAs(usize),
    None,
}

#[derive(Debug, Clone, Copy)]
pub struct Reported {
    /// The clause, tokens `a..b`.
    pub a: usize,
    pub b: usize,
    /// The cue token range (verb, "according to", noun).
    pub cue: (usize, usize),
    pub subject: Subject,
    /// Byte range of the attribution, for finding its date.
    pub frame: (usize, usize),
}

/// Token ranges of media-source frames (", Sputnik reports"): their verbs are not speech cues. Sorted and
/// disjoint (see [`source_frames`]), so a lookup is a binary search, not a scan per token.
pub type SourceFrames = Vec<(usize, usize)>;

/// The frames of `ranges` in the form [`in_frames`] searches: sorted, overlapping ones merged.
pub fn source_frames(ranges: impl Iterator<Item = (usize, usize)>) -> SourceFrames {
    let mut v: SourceFrames = ranges.filter(|&(a, b)| a < b).collect();
    v.sort_unstable();
    let mut out: SourceFrames = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

pub(super) fn in_frames(frames: &SourceFrames, k: usize) -> bool {
    let i = frames.partition_point(|&(a, _)| a <= k);
    i > 0 && frames.get(i - 1).is_some_and(|&(_, b)| k < b)
}

fn same_sent(tk: &Tokens, a: usize, b: usize) -> bool {
    tk.sent(a).is_some() && tk.sent(a) == tk.sent(b)
}

/// Where the reported clause starting at `c` ends (exclusive): the sentence end, a following attribution
/// (", Sputnik reports", ", according to"), a participle (", referring to"), a contrast (", but") or a
/// second speech verb ("and he stressed").
fn clause_end(tk: &Tokens, c: usize, frames: &SourceFrames) -> usize {
    let infinitive = tk.is(c, "to");
    let mut k = c;
    while tk.get(k).is_some() && same_sent(tk, c, k) {
        if tk.quote(k).is_some() {
            k += 1;
            continue;
        }
        let s = tk.str(k);
        if s == ";" || in_frames(frames, k) && k > c {
            break;
        }
        if s == "," {
            let n = k + 1;
            let w = tk.str(n);
            if tk.is(n, "according")
                || in_frames(frames, n)
                || (w.ends_with("ing") && !tk.cap(n) && tk.is_word(n) && w.len() > 5 && !tk.has(n, lx::PREP))
                || (tk.has(n, lx::CONJ) && !tk.is(n, "and"))
            {
                break;
            }
            if is_speech_verb(tk, n) {
                break; // "…, told Reuters."
            }
            // ", he said." closing the sentence.
            if let Some(v) = (n..n + 6).take_while(|&j| same_sent(tk, k, j)).find(|&j| is_speech_verb(tk, j)) {
                let rest_ends =
                    (v + 1..v + 8).all(|j| !same_sent(tk, v, j) || tk.kind(j) == Some(Kind::Punct) || tk.is_word(j));
                if rest_ends && subject_before(tk, v, n).is_some_and(|(a, _)| a == n) {
                    break;
                }
            }
        }
        if tk.has(k, lx::CONJ) && k > c {
            // "and that …": a second reported clause of the same verb.
            if tk.is(k + 1, "that") {
                break;
            }
            // "but insisted", "and He stressed", "but noted that" — a finite speech verb of its own.
            let verb_soon =
                (k + 1..k + 4).take_while(|&j| tk.is_word(j) && same_sent(tk, k, j)).find(|&j| is_speech_verb(tk, j));
            if let Some(v) = verb_soon {
                let w = tk.str(v);
                let finite = w.ends_with("ed")
                    || ["said", "told", "wrote", "says", "adds", "notes"].contains(&w)
                    || tk.is(v + 1, "that");
                let subject_like = |j: usize| {
                    tk.has(j, lx::PRONOUN | lx::MOD | lx::DET | lx::GROUP | lx::ORGHEAD | lx::TITLE) || tk.cap(j)
                };
                if finite && (k + 1..v).all(subject_like) {
                    break;
                }
            }
        }
        if infinitive && k > c && tk.has(k, lx::SUB) {
            break;
        }
        k += 1;
    }
    // Trim trailing punctuation (but keep a closing quote mark with its quote).
    while k > c && tk.kind(k - 1) == Some(Kind::Punct) {
        k -= 1;
    }
    k
}

/// Where the reported clause after verb `v` starts, or None when the verb reports nothing here.
fn clause_start(tk: &Tokens, v: usize, marks_close_at_end: &dyn Fn(usize) -> bool) -> Option<usize> {
    let f = tk.flags(v);
    let mut j = v + 1;
    if tk.is(j, "out") || tk.is(j, "up") {
        j += 1; // pointed out, summed up
    }
    let find_in = |from: usize, word: &str, span: usize| {
        (from..from + span)
            .take_while(|&x| same_sent(tk, v, x) && tk.kind(x) != Some(Kind::Open))
            .find(|&x| tk.is(x, word))
    };
    // told reporters that …, warned people to …, asked him how …
    if f & (lx::TELL | lx::ASK) != 0 && !tk.is(j, "that") && !tk.is(j, "to") && !tk.has(j, lx::WH) && !tk.is(j, ",") {
        if f & lx::INFINITIVE != 0 {
            if let Some(t) = find_in(j, "to", 4) {
                return Some(t);
            }
        }
        if let Some(t) = find_in(j, "that", 12) {
            return Some(t + 1);
        }
        if f & lx::ASK != 0 {
            if let Some(w) = (j..j + 3).take_while(|&x| same_sent(tk, v, x)).find(|&x| tk.has(x, lx::WH)) {
                return Some(if tk.is(w, "if") || tk.is(w, "whether") { w + 1 } else { w });
            }
        }
        if f & lx::TELL_MUST != 0 {
            // "told reporters the city would …": a bare clause after the addressee.
            let c = skip_addressee(tk, j);
            let words =
                (c..).take_while(|&x| same_sent(tk, v, x) && tk.get(x).is_some()).filter(|&x| tk.is_word(x)).count();
            let ok = c > j
                && tk.is_word(c)
                && !tk.has(c, lx::PREP | lx::CONJ | lx::REL | lx::MOD)
                && !tk.is(c, "as")
                && words >= 3;
            return ok.then_some(c);
        }
        // "warned the plan could fail" — but "advises Attorney-General George Brandis on …" names an addressee.
        if (f & lx::ASK != 0 && f & lx::TELL == 0) || !tk.has(j, lx::DET | lx::PRONOUN) || tk.is(j, "that") {
            return None;
        }
    }
    // Adverbials before the clause: "stated on Tuesday, December 21, that …", "said in a statement that …"
    while tk.has(j, lx::MOD | lx::TIME) && !tk.is(j, "that") && tk.is_word(j) {
        j += 1;
    }
    if tk.has(j, lx::PREP) && !tk.is(j, "to") {
        return find_in(j, "that", 12).map(|t| t + 1);
    }
    while tk.str(j) == "," && same_sent(tk, v, j) {
        j += 1;
    }
    if !same_sent(tk, v, j) {
        return None;
    }
    if tk.is(j, "that") {
        let mut c = j + 1;
        while tk.str(c) == "," {
            c += 1;
        }
        return Some(c);
    }
    if tk.is(j, "to") {
        return (f & lx::INFINITIVE != 0).then_some(j);
    }
    if tk.has(j, lx::WH) {
        return (f & lx::ASK != 0).then_some(if tk.is(j, "if") || tk.is(j, "whether") { j + 1 } else { j });
    }
    // A subject pronoun with its verb starts a clause even without "that" ("demanding it be passed").
    let subject_pronoun =
        ["he", "she", "they", "we", "i"].iter().any(|p| tk.is(j, p)) || (tk.is(j, "it") && tk.has(j + 1, lx::MOD));
    if f & (lx::ASK | lx::NEED_THAT) != 0 && !(subject_pronoun && f & lx::ASK == 0) {
        return None;
    }
    // A clause without "that": it must start like one.
    match tk.kind(j)? {
        Kind::Open => (!marks_close_at_end(j)).then_some(j),
        Kind::Word => {
            let ok =
                !tk.has(j, lx::PREP | lx::CONJ | lx::REL | lx::MOD) && !tk.is(j, "as") && !tk.str(j).ends_with("ing");
            ok.then_some(j)
        }
        _ => None,
    }
}

/// The token after an addressee ("reporters", "him", "the BBC", "CNN").
fn skip_addressee(tk: &Tokens, j: usize) -> usize {
    const OBJECTS: &[&str] = &["him", "her", "them", "us", "me", "you", "it"];
    if OBJECTS.iter().any(|o| tk.is(j, o)) {
        return j + 1;
    }
    let mut k = j;
    if tk.has(k, lx::DET) {
        k += 1;
    }
    let start = k;
    while tk.is_word(k) && (tk.cap(k) || tk.has(k, lx::GROUP | lx::TITLE | lx::ROLEMOD)) && k - start < 5 {
        k += 1;
        if tk.has(k - 1, lx::GROUP) && !tk.cap(k - 1) {
            break;
        }
    }
    if k == start {
        return j;
    }
    k
}

/// The sentence's first token.
fn sentence_start(tk: &Tokens, k: usize) -> usize {
    let mut s = k;
    while s > 0 && same_sent(tk, s - 1, k) {
        s -= 1;
    }
    s
}

/// Finds reported speech. `quote_to_end(k)`: whether the quote opening at token `k` runs to its
/// sentence's end (then it is a direct quote, not a reported clause).
pub fn find(tk: &Tokens, frames: &SourceFrames, quote_to_end: &dyn Fn(usize) -> bool) -> Vec<Reported> {
    let mut out: Vec<Reported> = Vec::new();
    let n = tk.len();
    // Pass 0 takes sentences closed by their attribution ("…, a source said."), whose inner speech verbs are
    // part of what was reported; pass 1 the rest.
    for pass in 0..2 {
        let mut v = 0;
        while v < n {
            let here = v;
            v += 1;
            if tk.quote(here).is_some() || in_frames(frames, here) {
                continue;
            }
            if pass == 0 && !tk.has(here, lx::SPEECH) {
                continue;
            }
            // "according to X, …" and "…, according to X."
            if pass == 1 && tk.is(here, "according") && tk.is(here + 1, "to") {
                let np_a = here + 2;
                let mut np_b = np_a;
                while tk.is_word(np_b) && same_sent(tk, here, np_b) {
                    np_b += 1;
                }
                if np_b == np_a {
                    continue;
                }
                let s0 = sentence_start(tk, here);
                // "According to X, …" opens the sentence; "…, according to X(, an apposition)." closes it.
                let (a, b) = if tk.str(np_b) == "," && here == s0 {
                    let a = np_b + 1;
                    (a, clause_end(tk, a, frames))
                } else if here > s0 && tk.str(here - 1) == "," {
                    (s0, here - 1)
                } else {
                    continue;
                };
                if b > a + 1 && overlaps(&out, a, b).is_none() {
                    let frame = (tk.get(here).map_or(0, |t| t.s), tk.get(np_b.saturating_sub(1)).map_or(0, |t| t.e));
                    out.push(Reported {
                        a,
                        b,
                        cue: (here, here + 2),
                        subject: Subject::Phrase(np_a, np_b, true),
                        frame,
                    });
                }
                continue;
            }
            // "his vow that …", "Netanyahu’s declaration that …"
            let noun_use = tk.has(here, lx::SPEECH_NOUN)
                && (tk.sentence_initial(here)
                    || here
                        .checked_sub(1)
                        .is_some_and(|p| tk.has(p, lx::PRONOUN | lx::DET) || super::tokens::is_poss(tk.str(p))));
            if noun_use && pass == 1 {
                let that = (here + 1..here + 5)
                    .take_while(|&x| same_sent(tk, here, x) && tk.is_word(x))
                    .find(|&x| tk.is(x, "that"));
                if let Some(t) = that {
                    // "a threat that would develop": a relative clause, not what was said.
                    if tk.get(t + 1).is_some_and(|x| x.kind == Kind::Word) && !tk.has(t + 1, lx::SPEECH | lx::MOD) {
                        let a = t + 1;
                        let b = clause_end(tk, a, frames);
                        let subject = if here > 0 && tk.has(here - 1, lx::PRONOUN) {
                            Subject::Phrase(here - 1, here, false)
                        } else if here >= 2 && super::tokens::is_poss(tk.str(here - 1)) {
                            subject_before(tk, here - 1, sentence_start(tk, here))
                                .map_or(Subject::None, |(x, y)| Subject::Phrase(x, y, false))
                        } else {
                            Subject::None
                        };
                        if b > a + 1 && overlaps(&out, a, b).is_none() {
                            let frame = (tk.get(here).map_or(0, |t| t.s), tk.get(t).map_or(0, |t| t.e));
                            out.push(Reported { a, b, cue: (here, here + 1), subject, frame });
                        }
                    }
                }
                continue;
            }
            let weak_with_that = tk.has(here, lx::SPEECH) && tk.is(here + 1, "that") && !tk.has(here, lx::COGNITION);
            if !(tk.has(here, lx::REPORT) || weak_with_that)
                || tk.has(here, lx::COGNITION)
                || !is_speech_verb(tk, here)
                || tk.cap(here)
            {
                continue;
            }
            let s0 = sentence_start(tk, here);
            // The speaker.
            let mut subject = match subject_before(tk, here, s0) {
                Some((a, b)) => Subject::Phrase(a, b, false),
                None => Subject::None,
            };
            if subject == Subject::None {
                // A coordinated verb ("but insisted") shares the previous clause's speaker.
                let prev = out.iter().rposition(|r| same_sent(tk, r.cue.0, here) && r.cue.0 < here);
                if let Some(p) = prev {
                    subject = Subject::SameAs(p);
                } else if let Some((a, b)) = (tk.str(here).ends_with("ing")
                    && !here.checked_sub(1).is_some_and(|p| tk.is(p, "and") || tk.is(p, "or")))
                .then(|| clause_subject(tk, here))
                .flatten()
                {
                    subject = Subject::Phrase(a, b, false);
                } else if let Some((a, b)) = subject_after(tk, here) {
                    subject = Subject::Phrase(a, b, true);
                }
            }
            let frame_start = match subject {
                Subject::Phrase(a, _, false) => tk.get(a).map_or(0, |t| t.s),
                _ => tk.get(here).map_or(0, |t| t.s),
            };
            let subj_start = match subject {
                Subject::Phrase(a, _, false) => a,
                _ => here,
            };
            // "…, he said." / "…, said X." — the clause comes first.
            let inverted = matches!(subject, Subject::Phrase(_, _, true));
            let after_subj = match subject {
                Subject::Phrase(_, b, true) => b,
                _ => here + 1,
            };
            let mut t = after_subj;
            if !inverted && tk.has(here, lx::TELL) {
                t = skip_addressee(tk, t); // "…, the source told Reuters."
            }
            while tk.has(t, lx::TIME | lx::MOD) && tk.is_word(t) && !tk.is(t, "that") {
                t += 1; // "…, he said Tuesday."
            }
            if tk.has(t, lx::PREP) {
                // "said in a statement." — but "said in an interview that …" goes on.
                let pp = t;
                while tk.is_word(t) && same_sent(tk, here, t) && !tk.is(t, "that") && t - pp < 8 {
                    t += 1;
                }
            }
            let ends_here = !same_sent(tk, here, t) || matches!(tk.str(t), "." | "!" | "?" | "");
            // The comma before the subject, possibly inside a closing quote ("… possible,” he said").
            let comma_at = |k: usize| -> Option<usize> {
                let p = k.checked_sub(1)?;
                if tk.str(p) == "," {
                    return Some(p);
                }
                (tk.kind(p) == Some(Kind::Close) && p > 0 && tk.str(p - 1) == ",").then_some(p + 1)
            };
            let comma_before = subj_start > s0 && comma_at(subj_start).is_some();
            if ends_here && ((comma_before && !inverted) || (inverted && here > s0 && comma_at(here).is_some())) {
                let comma = if inverted { comma_at(here).unwrap_or(s0) } else { comma_at(subj_start).unwrap_or(s0) };
                let a = s0;
                // A sentence opening with a quote mark (or inside a quote) is a direct quote's, not reported speech.
                let whole_quote = tk.kind(a) == Some(Kind::Open) || tk.quote(a).is_some();
                let starts_like_clause =
                    tk.is_word(a) && !tk.has(a, lx::PREP | lx::CONJ) || tk.kind(a) == Some(Kind::Open);
                if pass == 0
                    && !whole_quote
                    && starts_like_clause
                    && comma > a + 2
                    && overlaps(&out, a, comma).is_none()
                {
                    let frame = (
                        tk.get(subj_start.min(here)).map_or(0, |t| t.s),
                        tk.get(t.saturating_sub(1)).map_or(0, |t| t.e),
                    );
                    out.push(Reported { a, b: comma, cue: (here, here + 1), subject, frame });
                }
                continue;
            }
            if pass == 0 {
                continue;
            }
            // "as X has pointed out, …" and ", he said, …": the clause follows the comma.
            let as_frame = subj_start > s0 && tk.is(subj_start - 1, "as");
            if (as_frame || comma_before)
                && tk.str(here + 1) == ","
                && !(subj_start >= 2 && tk.kind(subj_start - 2) == Some(Kind::Close))
            {
                let a = here + 2;
                if tk.is_word(a) && !tk.str(a).ends_with("ing") {
                    let b = clause_end(tk, a, frames);
                    if b > a + 1 && overlaps(&out, a, b).is_none() {
                        let frame = (frame_start, tk.get(here).map_or(0, |t| t.e));
                        out.push(Reported { a, b, cue: (here, here + 1), subject, frame });
                    }
                    continue;
                }
            }
            if subject == Subject::None || inverted {
                continue;
            }
            let Some(a) = clause_start(tk, here, quote_to_end) else { continue };
            let b = clause_end(tk, a, frames);
            if b <= a + 1 || overlaps(&out, a, b).is_some() {
                continue;
            }
            let frame = (frame_start, tk.get(a.saturating_sub(1)).map_or(0, |t| t.e));
            out.push(Reported { a, b, cue: (here, here + 1), subject, frame });
            // "… that A and that B": B is reported by the same speaker.
            let first = out.len() - 1;
            let mut end = b;
            while end < n && tk.str(end) == "," {
                end += 1;
            }
            if tk.has(end, lx::CONJ) && tk.is(end + 1, "that") && same_sent(tk, end, here) {
                let a2 = end + 2;
                let b2 = clause_end(tk, a2, frames);
                if b2 > a2 + 1 && overlaps(&out, a2, b2).is_none() {
                    out.push(Reported { a: a2, b: b2, cue: (here, here + 1), subject: Subject::SameAs(first), frame });
                }
            }
            // "X said:" closing a paragraph, then a list of what was said, one paragraph an item.
        }
    }
    list_items(tk, &mut out);
    out
}

fn overlaps(out: &[Reported], a: usize, b: usize) -> Option<usize> {
    out.iter().position(|r| r.a < b && a < r.b)
}

/// "President Obama also said:" ending a paragraph, followed by short paragraphs without final
/// punctuation: each is a reported item of the same speaker.
fn list_items(tk: &Tokens, out: &mut Vec<Reported>) {
    let n = tk.len();
    let mut k = 0;
    while k + 1 < n {
        let colon_ends_para =
            tk.str(k) == ":" && tk.get(k + 1).is_some_and(|t| tk.get(k).is_some_and(|c| c.para != t.para));
        let verb = k.checked_sub(1).filter(|&v| is_speech_verb(tk, v) && tk.has(v, lx::REPORT));
        if let (true, Some(v)) = (colon_ends_para, verb) {
            let s0 = sentence_start(tk, v);
            let subject = subject_before(tk, v, s0).map_or(Subject::None, |(a, b)| Subject::Phrase(a, b, false));
            let frame = (tk.get(s0).map_or(0, |t| t.s), tk.get(k).map_or(0, |t| t.e));
            let mut p = k + 1;
            let mut first: Option<usize> = None;
            while let Some(t) = tk.get(p) {
                let para = t.para;
                let mut q = p;
                while tk.get(q).is_some_and(|x| x.para == para) {
                    q += 1;
                }
                let last = tk.str(q - 1);
                let words = (p..q).filter(|&x| tk.is_word(x)).count();
                let item = words >= 3
                    && !matches!(last, "." | "!" | "?" | ":")
                    && !tk.has(p, lx::IMP)
                    && tk.kind(p) != Some(Kind::Open);
                // An item holding reported speech of its own ends the list: clauses never overlap.
                if !item || overlaps(out, p, q).is_some() {
                    break;
                }
                let subj = match first {
                    Some(i) => Subject::SameAs(i),
                    None => subject,
                };
                out.push(Reported { a: p, b: q, cue: (v, v + 1), subject: subj, frame });
                if first.is_none() {
                    first = Some(out.len() - 1);
                }
                p = q;
            }
            k = p;
            continue;
        }
        k += 1;
    }
}
