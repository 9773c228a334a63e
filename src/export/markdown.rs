//! Markdown for notes: per article, quotes grouped by speaker as blockquotes with an attribution line
//! and a deep link. Every piece of page text is escaped so it cannot inject Markdown or HTML.

use super::QuoteView;
use crate::model::DocResult;
use std::fmt::Write;

/// Backslash-escapes every ASCII punctuation character CommonMark gives meaning to, and folds line
/// breaks into spaces (a line break could end the blockquote or start a heading).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.' | '!' | '|' | '<'
            | '>' | '~' | '&' | '"' | '\'' | ':' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A URL safe inside `<…>` link syntax: no spaces, angle brackets or line breaks.
fn link_target(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            '\n' | '\r' => String::new(),
            c => c.to_string(),
        })
        .collect()
}

pub fn to_markdown(docs: &[DocResult]) -> String {
    docs.iter().map(markdown_section).collect::<Vec<_>>().join("\n")
}

/// One article's section of the Markdown export.
pub fn markdown_section(doc: &DocResult) -> String {
    let mut out = String::new();
    {
        let title = doc.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(&doc.id);
        let _ = writeln!(out, "# {}\n", escape(title));
        let mut facts = Vec::new();
        if let Some(url) = &doc.url {
            facts.push(format!("<{}>", link_target(url)));
        }
        if let Some(p) = &doc.published {
            facts.push(format!("published {p}"));
        }
        let n = doc.annotations.quotes.len();
        facts.push(format!("{n} quote{}", if n == 1 { "" } else { "s" }));
        let _ = writeln!(out, "{}\n", facts.join(" · "));
        // Speakers in order of first quote; unattributed quotes last.
        let views: Vec<QuoteView> = QuoteView::all(doc).collect();
        let mut speakers: Vec<Option<&str>> = Vec::new();
        for v in &views {
            let who = v.who();
            if who.is_some() && !speakers.contains(&who) {
                speakers.push(who);
            }
        }
        if views.iter().any(|v| v.who().is_none()) {
            speakers.push(None);
        }
        for who in speakers {
            let group: Vec<&QuoteView> = views.iter().filter(|v| v.who() == who).collect();
            let role = group.iter().find_map(|v| v.role());
            let heading = match (who, role) {
                (Some(w), Some(r)) => format!("{} ({})", escape(w), escape(r)),
                (Some(w), None) => escape(w),
                (None, _) => "Speaker unknown".to_string(),
            };
            let _ = writeln!(out, "## {heading}\n");
            for v in group {
                let q = v.quote;
                let _ = writeln!(out, "> {}", escape(&q.text));
                let mut attribution = vec![escape(who.unwrap_or("unknown speaker"))];
                attribution.push(q.kind.as_str().to_string());
                if let Some(cue) = v.cue() {
                    attribution.push(format!("“{}”", escape(cue)));
                }
                if let Some(w) = &q.when {
                    attribution.push(escape(w));
                }
                if let Some(o) = v.outlet() {
                    attribution.push(format!("via {}", escape(o)));
                }
                if let Some(link) = v.link(doc) {
                    attribution.push(format!("[link](<{}>)", link_target(&link)));
                }
                let _ = writeln!(out, ">\n> — {}\n", attribution.join(" · "));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(escape("<script>alert(1)</script>"), "\\<script\\>alert\\(1\\)\\</script\\>");
        assert_eq!(escape("# [x](javascript:y)\n> z"), "\\# \\[x\\]\\(javascript\\:y\\) \\> z");
    }
}
