//! The word-level view the quote finders pattern-match over: words, punctuation and quote marks with
//! byte offsets, paragraph and sentence numbers, lexicon classes, and whether they lie inside a quote.

use super::marks::{Marks, Role};
use crate::lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct,
    Open,
    Close,
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub s: usize,
    pub e: usize,
    pub kind: Kind,
    pub para: u32,
    pub sent: u32,
    /// Lexicon classes (`crate::lexicon`).
    pub flags: u64,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Index of the quoted span (`Marks::spans`) this token lies in.
    pub quote: Option<u32>,
}

/// The tokens of a text plus the text itself.
pub struct Tokens<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
}

/// Abbreviations whose final period is part of the word, not a sentence end: initials, dotted
/// abbreviations (U.S.) and the `abbr` words of `function-words.txt`.
fn is_abbrev(word: &str) -> bool {
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || word.contains('.')
        || lexicon::get().flags(word) & lexicon::ABBR != 0
}

/// Whether `text[at..]` starts with an "s" that ends the word (the possessive after ’ or '), and the word
/// before is not a pronoun whose ’s is "is" (it’s, that’s, there’s).
fn is_possessive_s(text: &str, at: usize) -> bool {
    let mut it = text.get(at..).unwrap_or("").chars();
    let s_ends = matches!(it.next(), Some('s' | 'S')) && !it.next().is_some_and(char::is_alphanumeric);
    let before = text.get(..at).unwrap_or("").trim_end_matches(['’', '\'']);
    let word_start = before
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + before.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8));
    let word = before.get(word_start..).unwrap_or("");
    const CONTRACTED: &[&str] =
        &["it", "that", "there", "here", "what", "who", "where", "he", "she", "let", "how", "when"];
    s_ends && !CONTRACTED.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether token text `w` is the possessive ’s.
pub fn is_poss(w: &str) -> bool {
    matches!(w, "’s" | "'s" | "’S" | "'S")
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str, marks: &Marks) -> Tokens<'a> {
        let lx = lexicon::get();
        let mut toks = Vec::with_capacity(text.len() / 5);
        let bytes = text.as_bytes();
        let mut mark_i = 0;
        let mut para = 0u32;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // ASCII is decided byte by byte; other characters are decoded.
            let c = if b.is_ascii() {
                char::from(b)
            } else {
                let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else { break };
                c
            };
            let clen = c.len_utf8();
            if c == '\n' {
                if toks.last().is_some_and(|t: &Tok| t.para == para) {
                    para += 1;
                }
                i += clen;
                continue;
            }
            while marks.marks.get(mark_i).is_some_and(|m| m.0 < i) {
                mark_i += 1;
            }
            if let Some(&(ms, me, role)) = marks.marks.get(mark_i).filter(|m| m.0 == i) {
                let kind = if role == Role::Open { Kind::Open } else { Kind::Close };
                toks.push(Tok { s: ms, e: me, kind, para, sent: 0, flags: 0, cap: false, quote: None });
                i = me;
                continue;
            }
            if c.is_whitespace() {
                i += clen;
                continue;
            }
            if (c == '’' || c == '\'') && is_possessive_s(text, i + clen) {
                // The possessive ’s is one word-like token, so names stop before it.
                toks.push(Tok {
                    s: i,
                    e: i + clen + 1,
                    kind: Kind::Word,
                    para,
                    sent: 0,
                    flags: 0,
                    cap: false,
                    quote: None,
                });
                i += clen + 1;
                continue;
            }
            if !c.is_alphanumeric() {
                toks.push(Tok {
                    s: i,
                    e: i + clen,
                    kind: Kind::Punct,
                    para,
                    sent: 0,
                    flags: 0,
                    cap: false,
                    quote: None,
                });
                i += clen;
                continue;
            }
            // A word: alphanumerics joined by internal ’ ' - . & / when a letter or digit follows.
            let start = i;
            let mut j = i;
            loop {
                // ASCII letters and digits byte by byte: most words are all ASCII.
                j += bytes.get(j..).map_or(0, |r| r.iter().take_while(|b| b.is_ascii_alphanumeric()).count());
                let Some(ch) = text.get(j..).and_then(|r| r.chars().next()) else { break };
                if ch.is_alphanumeric() {
                    j += ch.len_utf8();
                    continue;
                }
                if !matches!(ch, '’' | '\'' | '-' | '.' | '&' | '/') {
                    break;
                }
                let next = text.get(j + ch.len_utf8()..).and_then(|r| r.chars().next());
                let is_mark = marks.marks.get(mark_i).is_some_and(|m| m.0 == j);
                if !is_mark && next.is_some_and(char::is_alphanumeric) {
                    // ’s and 's at a word's end are the possessive: their own token.
                    if (ch == '’' || ch == '\'') && is_possessive_s(text, j + ch.len_utf8()) {
                        break;
                    }
                    j += ch.len_utf8();
                    continue;
                }
                break;
            }
            let mut word = text.get(start..j).unwrap_or("");
            if bytes.get(j) == Some(&b'.') && is_abbrev(word) {
                j += 1;
                word = text.get(start..j).unwrap_or("");
            }
            let cap = word.chars().next().is_some_and(char::is_uppercase);
            let mut flags = lx.flags(word);
            if flags == 0 && word.ends_with('.') {
                flags = lx.flags(word.trim_end_matches('.'));
            }
            toks.push(Tok { s: start, e: j, kind: Kind::Word, para, sent: 0, flags, cap, quote: None });
            i = j;
        }
        // Quote membership.
        let mut q = 0usize;
        for t in toks.iter_mut() {
            while marks.spans.get(q).is_some_and(|s| s.after <= t.s) {
                q += 1;
            }
            if let Some(s) = marks.spans.get(q) {
                if t.s >= s.start && t.e <= s.end {
                    t.quote = Some(q as u32);
                }
            }
        }
        let mut tk = Tokens { text, toks };
        tk.split_sentences();
        tk
    }

    /// Sentence numbers: a new sentence after . ! ? (and any closing marks) before a capital, an opening
    /// mark or a digit, and at every paragraph.
    fn split_sentences(&mut self) {
        let mut sent = 0u32;
        let n = self.toks.len();
        let mut k = 0;
        while k < n {
            let Some(t) = self.toks.get(k).copied() else { break };
            if k > 0 && self.toks.get(k - 1).is_some_and(|p| p.para != t.para) {
                sent += 1;
            }
            if let Some(x) = self.toks.get_mut(k) {
                x.sent = sent;
            }
            // An abbreviation's period ends the sentence too when a sentence opener follows ("in the U.S. The").
            let abbrev_end = t.kind == Kind::Word
                && self.str(k).ends_with('.')
                && self
                    .toks
                    .get(k + 1)
                    .is_some_and(|n| n.cap && n.para == t.para && n.flags & (lexicon::NONNAME | lexicon::PRONOUN) != 0)
                && !self.str(k).eq_ignore_ascii_case("mr.");
            let ends = (t.kind == Kind::Punct && matches!(self.str(k), "." | "!" | "?" | "…")) || abbrev_end;
            if ends {
                // Swallow closing marks and further end punctuation.
                let mut m = k + 1;
                while let Some(x) = self.toks.get(m) {
                    let s = self.str(m);
                    if x.para == t.para && (x.kind == Kind::Close || matches!(s, "." | "!" | "?" | ")")) {
                        if let Some(x) = self.toks.get_mut(m) {
                            x.sent = sent;
                        }
                        m += 1;
                    } else {
                        break;
                    }
                }
                if let Some(nx) = self.toks.get(m) {
                    let starts = nx.kind == Kind::Open
                        || nx.cap
                        || self.str(m).chars().next().is_some_and(|c| c.is_ascii_digit() || c == '(');
                    if starts && nx.para == t.para {
                        sent += 1;
                    }
                }
                k = m;
                continue;
            }
            k += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    pub fn get(&self, k: usize) -> Option<&Tok> {
        self.toks.get(k)
    }

    /// The text of token `k` ("" when out of range).
    pub fn str(&self, k: usize) -> &'a str {
        self.toks.get(k).and_then(|t| self.text.get(t.s..t.e)).unwrap_or("")
    }

    pub fn flags(&self, k: usize) -> u64 {
        self.toks.get(k).map_or(0, |t| t.flags)
    }

    pub fn has(&self, k: usize, f: u64) -> bool {
        self.flags(k) & f != 0
    }

    pub fn is_word(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| t.kind == Kind::Word)
    }

    pub fn is(&self, k: usize, s: &str) -> bool {
        self.str(k).eq_ignore_ascii_case(s)
    }

    pub fn kind(&self, k: usize) -> Option<Kind> {
        self.toks.get(k).map(|t| t.kind)
    }

    pub fn sent(&self, k: usize) -> Option<u32> {
        self.toks.get(k).map(|t| t.sent)
    }

    pub fn cap(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| t.cap)
    }

    pub fn quote(&self, k: usize) -> Option<u32> {
        self.toks.get(k).and_then(|t| t.quote)
    }

    /// Whether token `k` opens its sentence.
    pub fn sentence_initial(&self, k: usize) -> bool {
        k == 0 || self.sent(k - 1) != self.sent(k)
    }

    /// The first token at or after byte `b`.
    pub fn at_byte(&self, b: usize) -> usize {
        self.toks.partition_point(|t| t.s < b)
    }

    /// Text from the start of token `a` to the end of token `b - 1`.
    pub fn text_of(&self, a: usize, b: usize) -> &'a str {
        match (self.toks.get(a), b.checked_sub(1).and_then(|x| self.toks.get(x))) {
            (Some(x), Some(y)) if y.e >= x.s => self.text.get(x.s..y.e).unwrap_or(""),
            _ => "",
        }
    }
}
