//! Tokeniser: words, digit runs and single punctuation marks with byte offsets, so the grammar works on
//! tokens while offsets stay exact. One pass over the bytes; no allocation per token.

use super::lexicon::{lexicon, Entry};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Punct,
    /// A line break: paragraphs and headlines end here, so no expression crosses it.
    Break,
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// A digit run's value (saturating).
    pub num: u32,
    /// A punctuation mark, with typographic variants folded (’ → ', – → -).
    pub ch: char,
    /// A word starting with an upper-case letter.
    pub cap: bool,
    /// The vocabulary entry of a word.
    pub lex: Option<&'static Entry>,
}

impl Tok {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// The token's text in `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the token reads as the lower-case phrase token `key` (no allocation).
    pub fn is_key(&self, text: &str, key: &str) -> bool {
        match self.kind {
            Kind::Punct => key.chars().eq(std::iter::once(self.ch)),
            Kind::Break => false,
            _ => self.text(text).eq_ignore_ascii_case(key),
        }
    }

    /// The lower-case form phrases are matched on (punctuation folded).
    pub fn key(&self, text: &str) -> String {
        match self.kind {
            Kind::Punct => self.ch.to_string(),
            _ => self.text(text).to_ascii_lowercase(),
        }
    }
}

fn fold_punct(c: char) -> char {
    match c {
        '’' | '‘' | '`' | '′' => '\'',
        '–' | '‐' | '‑' | '−' => '-',
        '“' | '”' | '„' => '"',
        _ => c,
    }
}

/// Looks `word` up lower-cased, without allocating.
fn lookup(word: &str) -> Option<&'static Entry> {
    lexicon().word_any_case(word)
}

/// `word` lower-cased into `buf`, for ASCII words that fit (nothing longer or non-ASCII is vocabulary).
pub fn lower_key<'b>(word: &str, buf: &'b mut [u8; 24]) -> Option<&'b str> {
    if !word.is_ascii() {
        return None;
    }
    let b = word.as_bytes();
    let out = buf.get_mut(..b.len())?;
    out.copy_from_slice(b);
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// Splits `text` into tokens. Letters (any script) form words, ASCII digits form numbers; other
/// non-space characters are single punctuation tokens; `\n` is a break.
pub fn tokenize(text: &str) -> Vec<Tok> {
    tokens(text, true)
}

/// Tokens without vocabulary look-ups: the lexicon itself uses this to split its phrases.
pub fn tokenize_plain(text: &str) -> Vec<Tok> {
    tokens(text, false)
}

fn tokens(text: &str, with_lex: bool) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut start = 0;
    while let Some(&b) = bytes.get(start) {
        // ASCII is decided byte by byte; other characters are decoded.
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match text.get(start..).and_then(|r| r.chars().next()) {
                Some(c) => c,
                None => break,
            }
        };
        if c == '\n' {
            out.push(Tok { start, end: start + 1, kind: Kind::Break, num: 0, ch: '\n', cap: false, lex: None });
            start += 1;
        } else if c.is_whitespace() {
            start += c.len_utf8();
        } else if c.is_ascii_digit() {
            let len = bytes.get(start..).map_or(0, |r| r.iter().take_while(|d| d.is_ascii_digit()).count());
            let end = start + len;
            let num = bytes
                .get(start..end)
                .unwrap_or(&[])
                .iter()
                .fold(0u32, |n, d| n.saturating_mul(10).saturating_add(u32::from(d - b'0')));
            out.push(Tok { start, end, kind: Kind::Num, num, ch: '0', cap: false, lex: None });
            start = end;
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            loop {
                end += bytes.get(end..).map_or(0, |r| r.iter().take_while(|d| d.is_ascii_alphabetic()).count());
                match bytes.get(end) {
                    Some(d) if !d.is_ascii() => {}
                    _ => break,
                }
                match text.get(end..).and_then(|r| r.chars().next()) {
                    Some(d) if d.is_alphabetic() || is_combining(d) => end += d.len_utf8(),
                    _ => break,
                }
            }
            let word = text.get(start..end).unwrap_or("");
            out.push(Tok {
                start,
                end,
                kind: Kind::Word,
                num: 0,
                ch: c,
                cap: c.is_uppercase(),
                lex: if with_lex { lookup(word) } else { None },
            });
            start = end;
        } else {
            let end = start + c.len_utf8();
            out.push(Tok { start, end, kind: Kind::Punct, num: 0, ch: fold_punct(c), cap: false, lex: None });
            start = end;
        }
    }
    out
}

/// Combining marks stay inside the word they modify.
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}
