//! CSV (RFC 4180, UTF-8, CRLF), one row a quote. Cells a spreadsheet would run as formulas are
//! neutralised with a leading `'` — page text is untrusted.

use super::QuoteView;
use crate::model::DocResult;

/// The header row, CRLF included.
pub const CSV_HEADER: &str = "id,group,kind,speaker,role,quote,cue,when,source,url\r\n";

fn cell(out: &mut String, value: &str) {
    let guarded = matches!(value.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let needs_quotes = guarded || value.contains([',', '"', '\n', '\r']);
    if needs_quotes {
        out.push('"');
    }
    if guarded {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if needs_quotes {
        out.push('"');
    }
}

/// All quotes of `docs` as one CSV table.
pub fn to_csv(docs: &[DocResult]) -> String {
    let mut out = String::from(CSV_HEADER);
    docs.iter().for_each(|d| out.push_str(&csv_rows(d)));
    out
}

/// The rows of one document's quotes (for streaming a batch after [`CSV_HEADER`]).
pub fn csv_rows(doc: &DocResult) -> String {
    let mut out = String::new();
    {
        for v in QuoteView::all(doc) {
            let q = v.quote;
            let link = v.link(doc);
            let cells = [
                q.id.as_str(),
                q.group.as_str(),
                q.kind.as_str(),
                v.who().unwrap_or(""),
                v.role().unwrap_or(""),
                q.text.as_str(),
                v.cue().unwrap_or(""),
                q.when.as_deref().unwrap_or(""),
                v.outlet().unwrap_or(""),
                link.as_deref().unwrap_or(""),
            ];
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                cell(&mut out, c);
            }
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    fn c(s: &str) -> String {
        let mut out = String::new();
        cell(&mut out, s);
        out
    }

    #[test]
    fn quotes_and_neutralises_cells() {
        assert_eq!(c("plain"), "plain");
        assert_eq!(c("a, \"b\"\nc"), "\"a, \"\"b\"\"\nc\"");
        assert_eq!(c("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(c("-1"), "\"'-1\"");
        assert_eq!(c("\tx"), "\"'\tx\"");
        assert_eq!(c("a-b"), "a-b");
    }
}
