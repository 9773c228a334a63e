//! Offset conversions. The engine scans UTF-8 bytes; Contract 1 counts code points; the DOM counts
//! UTF-16 units. Every conversion goes through here so astral characters are handled in one place.

/// Byte offset → code-point offset over one text, in O(log n) per lookup with a sparse checkpoint table
/// (one entry per 64 characters keeps memory small on megabyte pages).
#[derive(Debug, Clone)]
pub struct CpIndex<'a> {
    text: &'a str,
    /// Byte offset of every 64th character (empty for ASCII text, where bytes are code points).
    checkpoints: Vec<usize>,
    ascii: bool,
}

const STEP: usize = 64;

impl<'a> CpIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let checkpoints = if ascii { Vec::new() } else { text.char_indices().step_by(STEP).map(|(b, _)| b).collect() };
        CpIndex { text, checkpoints, ascii }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The code-point offset of byte offset `byte` (clamped to the text, rounded down to a char boundary).
    pub fn cp(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        if self.ascii {
            return byte;
        }
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let k = self.checkpoints.partition_point(|&b| b <= byte).saturating_sub(1);
        let base = self.checkpoints.get(k).copied().unwrap_or(0);
        k * STEP + self.text[base..byte].chars().count()
    }

    /// The byte offset of code-point offset `cp` (clamped to the text).
    pub fn byte(&self, cp: usize) -> usize {
        if self.ascii {
            return cp.min(self.text.len());
        }
        let k = cp / STEP;
        let Some(&base) = self.checkpoints.get(k) else { return self.text.len() };
        self.text[base..].char_indices().nth(cp - k * STEP).map_or(self.text.len(), |(b, _)| base + b)
    }

    /// A [`crate::model::Span`] for bytes `[start, end)`.
    pub fn span(&self, start: usize, end: usize) -> crate::model::Span {
        crate::model::Span { start: self.cp(start), end: self.cp(end), text: self.slice(start, end).to_string() }
    }

    /// `text[start..end]`, or "" when the offsets are not char boundaries in order.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }
}

/// UTF-16 length of `s`.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_astral_and_combining_characters_exactly() {
        let mut s = String::new();
        for i in 0..300 {
            s.push(match i % 4 {
                0 => 'a',
                1 => '😀',
                2 => 'e',
                _ => '\u{301}',
            });
        }
        let idx = CpIndex::new(&s);
        for (cp, (b, _)) in s.char_indices().enumerate() {
            assert_eq!(idx.cp(b), cp);
            assert_eq!(idx.byte(cp), b);
        }
        assert_eq!(idx.cp(s.len()), 300);
        assert_eq!(idx.byte(300), s.len());
        assert_eq!(idx.cp(2), 1, "inside 😀 rounds down to its start");
        assert_eq!(utf16_len("a😀"), 3);
    }
}
