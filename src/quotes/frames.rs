//! Speech frames: finding the subject phrase of a speech verb, before it ("the Kremlin spokesman, Dmitry
//! Peskov, said") or after it ("said Martin Indyk"), and whether a verb is really used as speech.

use super::tokens::{is_poss, Kind, Tokens};
use crate::lexicon as lx;

/// Whether `k` may stand between a subject and its verb: auxiliaries and adverbs ("has also", "strongly").
fn is_verb_modifier(tk: &Tokens, k: usize) -> bool {
    tk.is_word(k)
        && !tk.cap(k)
        && (tk.has(k, lx::MOD | lx::NEG)
            || tk.str(k).ends_with("n't")
            || (tk.str(k).ends_with("ly") && !tk.has(k, lx::TITLE)))
}

/// Whether the verb at `v` is negated ("did not say", "does not deny").
pub fn negated(tk: &Tokens, v: usize) -> bool {
    (v.saturating_sub(3)..v)
        .rev()
        .take_while(|&k| tk.is_word(k) && tk.quote(k).is_none())
        .any(|k| tk.has(k, lx::NEG) || tk.str(k).ends_with("n't") || tk.str(k).ends_with("n’t"))
}

/// Whether the word at `v` is a speech verb in use here: not an infinitive ("as if to say"), a noun ("a
/// report", "the claims") or negated.
pub fn is_speech_verb(tk: &Tokens, v: usize) -> bool {
    if !tk.has(v, lx::SPEECH) || !tk.is_word(v) || tk.quote(v).is_some() {
        return false;
    }
    let prev = v.checked_sub(1);
    if let Some(p) = prev {
        // "the two said" is speech; "a report", "their claims" are nouns.
        if tk.is(p, "to") || (tk.has(p, lx::DET) && !tk.has(p, lx::QUANT) && !tk.is(p, "that")) || is_poss(tk.str(p)) {
            return false;
        }
        // "in charge of", "on record": after a preposition only a participle is a verb ("by saying").
        if tk.has(p, lx::PREP) && !tk.str(v).ends_with("ing") && tk.is_word(p) {
            return false;
        }
    }
    !negated(tk, v)
}

/// Word classes that can be part of a speaker phrase.
fn np_word(tk: &Tokens, k: usize) -> bool {
    tk.is_word(k)
        && ((tk.cap(k) && !tk.has(k, lx::NONNAME | lx::PRONOUN))
            || tk.has(k, lx::TITLE | lx::ROLEMOD | lx::ORGHEAD | lx::GROUP | lx::DOC | lx::ORG_SUFFIX)
            || is_poss(tk.str(k))
            || tk.str(k).contains('-')
            || (tk.has(k, lx::QUANT) && tk.is(k.wrapping_sub(1), "of")))
}

/// The subject phrase ending right before verb `v` (tokens `a..b`), not reaching before token `lo`.
pub fn subject_before(tk: &Tokens, v: usize, lo: usize) -> Option<(usize, usize)> {
    phrase_before(tk, v, lo, false)
}

/// The noun phrase ending before `v`; `governed`: it may follow a preposition (an antecedent).
fn phrase_before(tk: &Tokens, v: usize, lo: usize, governed: bool) -> Option<(usize, usize)> {
    let sent = tk.sent(v)?;
    let inside = |k: usize| {
        k >= lo
            && tk.sent(k) == Some(sent)
            && tk.kind(k) != Some(Kind::Close)
            && tk.kind(k) != Some(Kind::Open)
            && tk.quote(k).is_none()
    };
    let mut i = v;
    while i > lo && inside(i - 1) && is_verb_modifier(tk, i - 1) {
        i -= 1;
    }
    // "who said", "an article … that claimed": the relative pronoun's antecedent.
    if i > lo && inside(i - 1) && tk.has(i - 1, lx::REL) && !tk.cap(i - 1) {
        i -= 1;
        if i > lo && tk.str(i - 1) == "," {
            i -= 1;
        }
    }
    // ", which …," or an apposition ", NAME," before the verb.
    if i > lo && tk.str(i - 1) == "," {
        let c2 = i - 1;
        let c1 = (c2.saturating_sub(25).max(lo)..c2).rev().find(|&k| tk.str(k) == "," && inside(k))?;
        if tk.has(c1 + 1, lx::REL) {
            i = c1;
        } else {
            // Apposition: the part between the commas names the speaker when it has a name or pronoun;
            // otherwise it qualifies the name before it.
            let seg = (c1 + 1, c2);
            // ", a Virginia Democrat," describes the name before it; ", Dmitry Peskov," is the name.
            // ", speaking in New York," and ", who …," are asides too.
            let described = (tk.has(seg.0, lx::DET) && !tk.has(seg.0, lx::PRONOUN))
                || tk.has(seg.0, lx::PREP | lx::REL | lx::CONJ)
                || (tk.str(seg.0).ends_with("ing") && !tk.cap(seg.0));
            if !described
                && (seg.0..seg.1).any(|k| tk.cap(k) || tk.has(k, lx::PRONOUN))
                && seg.1 > seg.0
                && seg.1 - seg.0 <= 6
            {
                return Some(seg);
            }
            i = c1;
        }
    }
    let end = i;
    let mut j = i;
    while j > lo && inside(j - 1) {
        let k = j - 1;
        if !tk.is_word(k) {
            break;
        }
        if tk.has(k, lx::PRONOUN) && !tk.has(k, lx::DET) && j == end {
            j = k;
            break;
        }
        if tk.has(k, lx::PRONOUN) && tk.has(k, lx::DET) && j == end {
            // "her" as a subject is not a thing; "her mother" is handled by the DET case below.
            break;
        }
        if np_word(tk, k) {
            j = k;
            continue;
        }
        if tk.has(k, lx::DET) && j < end {
            j = k;
            break;
        }
        let joiner = ["of", "from", "by", "at", "for", "on", "and", "in"].contains(&tk.str(k));
        if joiner && j < end && k > lo && (np_word(tk, k - 1) || tk.has(k - 1, lx::DET)) {
            j = k;
            continue;
        }
        // An unlisted noun or adjective, when an article opens the phrase: "a computer programmer".
        if !tk.cap(k) && j < end && !tk.has(k, lx::PREP | lx::CONJ | lx::MOD | lx::SPEECH | lx::REL | lx::WH) {
            if let Some(d) = (k.saturating_sub(3).max(lo)..k).rev().find(|&d| tk.has(d, lx::DET) && !tk.is(d, "that")) {
                let plain = |x: usize| {
                    tk.is_word(x)
                        && !tk.cap(x)
                        && !tk.has(
                            x,
                            lx::PREP | lx::CONJ | lx::MOD | lx::SPEECH | lx::DOC | lx::TITLE | lx::GROUP | lx::ORGHEAD,
                        )
                };
                if (d + 1..=k).all(plain) {
                    j = d;
                    break;
                }
            }
        }
        break;
    }
    while j < end && (tk.has(j, lx::PREP | lx::CONJ) || is_poss(tk.str(j))) {
        j += 1;
    }
    // A phrase governed by a preposition is no subject ("posted to Twitter asking").
    if !governed && j > lo && j < end && tk.has(j - 1, lx::PREP) && inside(j - 1) {
        return None;
    }
    // A phrase of unlisted lower-case words only ("the man") still needs its article.
    (j < end).then_some((j, end))
}

/// The subject phrase right after verb `v` ("said Martin Indyk, …", "says president David Weisbrot").
pub fn subject_after(tk: &Tokens, v: usize) -> Option<(usize, usize)> {
    let sent = tk.sent(v)?;
    let a = v + 1;
    let first_ok = tk.is_word(a)
        && tk.sent(a) == Some(sent)
        && (tk.cap(a) || tk.has(a, lx::DET | lx::TITLE | lx::ROLEMOD | lx::PRONOUN))
        && !tk.has(a, lx::PREP | lx::REL | lx::WH)
        && !tk.is(a, "that");
    if !first_ok {
        return None;
    }
    let mut b = a;
    while tk.is_word(b) && tk.sent(b) == Some(sent) && b - a < 12 {
        b += 1;
    }
    Some((a, b))
}

/// Where the subject of a participle or coordinated verb is: the subject of the last speech verb before it
/// in the sentence, or the sentence's first name.
pub fn clause_subject(tk: &Tokens, v: usize) -> Option<(usize, usize)> {
    let sent = tk.sent(v)?;
    let mut k = v;
    while k > 0 && tk.sent(k - 1) == Some(sent) {
        k -= 1;
        if tk.quote(k).is_some() {
            continue;
        }
        if tk.has(k, lx::REL) && !tk.cap(k) && k > 0 {
            // "…, which tried … by saying": the antecedent of the relative pronoun.
            let lo = (0..k).rev().take_while(|&x| tk.sent(x) == Some(sent)).last().unwrap_or(k);
            let c = if tk.str(k - 1) == "," { k - 1 } else { k };
            if let Some(np) = phrase_before(tk, c, lo, true) {
                return Some(np);
            }
        }
        // The subject of an earlier speech verb, negated or not ("does not deny …, but is demanding").
        if tk.has(k, lx::SPEECH) && !tk.cap(k) && tk.is_word(k) {
            let lo = (0..k).rev().take_while(|&x| tk.sent(x) == Some(sent)).last().unwrap_or(k);
            // "…,” said Brady, adding that …": the inverted subject of the earlier verb.
            if let Some(np) = subject_before(tk, k, lo).or_else(|| subject_after(tk, k)) {
                return Some(np);
            }
        }
    }
    // The sentence's opening stretch up to its first preposition or punctuation: its last name is the
    // subject ("Snopes fact checker and staff writer David Emery posted to Twitter asking …").
    let start = k;
    if tk.has(start, lx::PRONOUN) && !tk.has(start, lx::DET) {
        return Some((start, start + 1));
    }
    // "The leader of Ennahda, Rachid Ghannouchi, condemned …": the apposed name.
    if let Some(c1) = (start..v.min(start + 12)).find(|&x| tk.str(x) == ",") {
        let mut c2 = c1 + 1;
        while c2 < v && tk.is_word(c2) && tk.cap(c2) && c2 - c1 <= 4 {
            c2 += 1;
        }
        if c2 > c1 + 1 && tk.str(c2) == "," && !tk.has(c1 + 1, lx::NONNAME) {
            return Some((c1 + 1, c2));
        }
    }
    let mut b = start;
    while b < v && tk.is_word(b) && !(b > start && tk.has(b, lx::PREP | lx::MOD)) {
        b += 1;
    }
    (b > start).then_some((start, b))
}
