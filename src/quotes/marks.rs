//! Quote marks: which characters open or close a quotation (and which are apostrophes or primes), and
//! the top-level quoted spans they delimit, paragraph by paragraph.

/// One top-level quoted span within one paragraph. Byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The opening mark.
    pub open: usize,
    /// Content, without the marks.
    pub start: usize,
    pub end: usize,
    /// Just past the closing mark, or the paragraph end when the quote is left open.
    pub after: usize,
    pub closed: bool,
    /// Continues the quotation left open at the end of the previous paragraph.
    pub continues: bool,
}

/// A quote mark's role, once context decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Open,
    Close,
}

/// Families of marks that pair with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Straight,
    Single,
    StraightSingle,
    Guillemet,
    SingleGuillemet,
    Corner,
    WhiteCorner,
}

/// Every quote mark in the text with its role, and the top-level spans, in text order.
#[derive(Debug, Default)]
pub struct Marks {
    pub marks: Vec<(usize, usize, Role)>,
    pub spans: Vec<Span>,
}

fn is_open_context(p: Option<char>) -> bool {
    match p {
        None => true,
        Some(c) => c.is_whitespace() || "([{—–-/:".contains(c) || "“‘«‹„「『\"'".contains(c),
    }
}

fn is_close_context(n: Option<char>) -> bool {
    match n {
        None => true,
        Some(c) => c.is_whitespace() || ",.;:!?)]}—–-…".contains(c) || "”’»›」』\"'".contains(c),
    }
}

fn is_mark_char(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '«' | '»' | '‹' | '›' | '「' | '」' | '『' | '』')
}

/// Finds the marks and spans of `text`; paragraphs are its lines.
pub fn find(text: &str) -> Marks {
    let mut out = Marks::default();
    let mut open_at_para_end = false;
    let mut line_start = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            open_at_para_end = scan_line(text, line_start, line, &mut out, open_at_para_end);
        }
        line_start += line.len() + 1;
    }
    out
}

/// Scans one paragraph; returns whether it ends inside an open quotation.
fn scan_line(text: &str, base: usize, line: &str, out: &mut Marks, prev_open: bool) -> bool {
    // (family, byte of mark, byte after mark)
    let mut stack: Vec<(Family, usize, usize)> = Vec::new();
    let first_mark_index = out.spans.len();
    // Only these bytes can start a mark (" ' and the lead bytes of « » “ ” ‘ ’ „ ‹ › 「 」 『 』), so most
    // characters are never decoded.
    let starts = line.bytes().enumerate().filter(|&(_, x)| matches!(x, b'"' | b'\'' | 0xC2 | 0xE2 | 0xE3));
    let marks = starts.filter_map(|(b, _)| line.get(b..)?.chars().next().filter(|&c| is_mark_char(c)).map(|c| (b, c)));
    for (b, c) in marks {
        let p = line.get(..b).and_then(|s| s.chars().next_back());
        let n = line.get(b + c.len_utf8()..).and_then(|s| s.chars().next());
        let alnum = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        let digit = |x: Option<char>| x.is_some_and(|c| c.is_ascii_digit());
        let top = stack.last().map(|s| s.0);
        let has = |f: Family| stack.iter().any(|s| s.0 == f);
        let role: Option<(Family, Role)> = match c {
            '“' => Some(if has(Family::Double) && top == Some(Family::Double) && !is_open_context(p) {
                (Family::Double, Role::Close)
            } else {
                (Family::Double, Role::Open)
            }),
            '„' => Some((Family::Double, Role::Open)),
            '”' => Some((Family::Double, Role::Close)),
            '«' => Some((Family::Guillemet, Role::Open)),
            '»' => Some((Family::Guillemet, Role::Close)),
            '‹' => Some((Family::SingleGuillemet, Role::Open)),
            '›' => Some((Family::SingleGuillemet, Role::Close)),
            '「' => Some((Family::Corner, Role::Open)),
            '」' => Some((Family::Corner, Role::Close)),
            '『' => Some((Family::WhiteCorner, Role::Open)),
            '』' => Some((Family::WhiteCorner, Role::Close)),
            '"' => {
                if digit(p) && !has(Family::Straight) {
                    None // 5'11" — a prime
                } else if has(Family::Straight) && (is_close_context(n) || !is_open_context(p)) {
                    Some((Family::Straight, Role::Close))
                } else if is_open_context(p) {
                    Some((Family::Straight, Role::Open))
                } else {
                    None
                }
            }
            '‘' => {
                if digit(n) || alnum(p) {
                    None // ‘90s typed with the wrong mark, or a letter-internal apostrophe
                } else {
                    Some((Family::Single, Role::Open))
                }
            }
            '’' | '\'' => {
                let fam = if c == '’' { Family::Single } else { Family::StraightSingle };
                if (alnum(p) && alnum(n)) || digit(n) || (c == '\'' && digit(p)) {
                    None // It’s, ’90s, 5'11
                } else if has(fam) && !is_open_context(p) && is_close_context(n) {
                    Some((fam, Role::Close))
                } else if c == '\'' && is_open_context(p) && alnum(n) && !has(fam) {
                    Some((fam, Role::Open))
                } else {
                    None // a possessive (players’) or an elision (’em)
                }
            }
            _ => None,
        };
        let Some((fam, role)) = role else { continue };
        let at = base + b;
        let after = at + c.len_utf8();
        match role {
            Role::Open => {
                out.marks.push((at, after, Role::Open));
                stack.push((fam, at, after));
            }
            Role::Close => {
                let Some(pos) = stack.iter().rposition(|s| s.0 == fam) else { continue };
                out.marks.push((at, after, Role::Close));
                let opener = stack.get(pos).copied();
                stack.truncate(pos);
                if let (true, Some((_, o, o_after))) = (stack.is_empty(), opener) {
                    out.spans.push(Span { open: o, start: o_after, end: at, after, closed: true, continues: false });
                }
            }
        }
    }
    let line_end = base + line.len();
    let mut ends_open = false;
    if let Some(&(_, o, o_after)) = stack.first() {
        let end = base + line.trim_end().len();
        if end > o_after {
            out.spans.push(Span { open: o, start: o_after, end, after: line_end, closed: false, continues: false });
            ends_open = true;
        }
        // Marks left open inside were not quotation marks after all: drop their roles.
        let opened: Vec<usize> = stack.iter().skip(1).map(|s| s.1).collect();
        out.marks.retain(|m| !opened.contains(&m.0));
    }
    // A paragraph that opens with a quote mark right after one that ended open continues it.
    if prev_open {
        if let Some(s) = out.spans.get_mut(first_mark_index) {
            let lead = text.get(base..s.open).unwrap_or("x");
            if lead.trim().is_empty() {
                s.continues = true;
            }
        }
    }
    ends_open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(t: &str) -> Vec<&str> {
        find(t).spans.iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn apostrophes_and_primes_are_not_marks() {
        assert_eq!(contents("“It’s no secret,” he said."), ["It’s no secret,"]);
        assert_eq!(contents("He is 5'11\" tall and loved the ’90s."), Vec::<&str>::new());
        assert_eq!(contents("the players' \"best\" day"), ["best"]);
    }

    #[test]
    fn nested_and_open_quotes() {
        assert_eq!(contents("“He said ‘no’ twice,” she said."), ["He said ‘no’ twice,"]);
        let t = "“First paragraph.\n\n“Second.”";
        let m = find(t);
        assert_eq!(m.spans.len(), 2);
        assert!(!m.spans[0].closed && m.spans[1].continues);
    }
}
