//! Markdown for notes: per article, quotes grouped by speaker as blockquotes with an attribution line
//! and a deep link. Every piece of page text is escaped so it cannot inject Markdown or HTML.

use super::QuoteView;
use crate::audit::{Audit, Outlet};
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
        sourcing(&mut out, &crate::audit::audit(doc));
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

/// `1 quote`, `2 quotes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The "Sourcing" section: the audit as a short list that reads well pasted in a note.
fn sourcing(out: &mut String, a: &Audit) {
    let names = |list: &[Outlet]| list.iter().map(|o| escape(&o.outlet)).collect::<Vec<_>>().join(", ");
    let mut lines = vec![
        format!(
            "Speakers: {} named ({}, {}), {} unnamed",
            a.named,
            count(a.people, "person", "people"),
            count(a.organizations, "organisation", "organisations"),
            a.unnamed
        ),
        format!("Quotes: {} direct, {} partial, {} reported", a.direct, a.partial, a.indirect),
    ];
    if a.unattributed > 0 {
        lines.push(format!("Speaker unknown: {}", count(a.unattributed, "quote", "quotes")));
    }
    let mut outlets =
        format!("Outlets credited: {}", if a.outlets.is_empty() { "none".into() } else { names(&a.outlets) });
    if !a.pictures.is_empty() {
        let _ = write!(outlets, "; pictures credited to {}", names(&a.pictures));
    }
    lines.push(outlets);
    if !a.speakers.is_empty() {
        let shares: Vec<String> = a.speakers.iter().map(|s| format!("{} {} %", escape(&s.name), s.share)).collect();
        lines.push(format!("Share of quoted words: {}", shares.join(", ")));
    }
    if !a.unquoted.is_empty() {
        let who: Vec<String> = a
            .unquoted
            .iter()
            .map(|u| match &u.role {
                Some(r) => format!("{} ({})", escape(&u.name), escape(r)),
                None => escape(&u.name),
            })
            .collect();
        lines.push(format!("Mentioned, never quoted: {}", who.join(", ")));
    }
    if !a.anonymous.is_empty() {
        let who: Vec<String> = a
            .anonymous
            .iter()
            .map(|x| format!("{} ({})", escape(&x.description), count(x.quotes.len(), "quote", "quotes")))
            .collect();
        lines.push(format!("Anonymous sources: {}", who.join(", ")));
    }
    out.push_str("## Sourcing\n\n");
    for l in lines {
        let _ = writeln!(out, "- {l}");
    }
    out.push('\n');
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
