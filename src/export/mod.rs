//! Exports (Contract 3 of design.md): JSON, CSV, Markdown and W3C Web Annotation, over one or many
//! documents (a page, a collection, a CLI batch — the same shape). One module a format; the extension
//! (through WASM) and the CLI call the same functions, so a file means the same wherever it was made.

mod csv;
mod fragment;
mod markdown;
mod w3c;

pub use csv::{csv_rows, to_csv, CSV_HEADER};
pub use fragment::text_fragment_url;
pub use markdown::{markdown_section, to_markdown};
pub use w3c::{collection_close, collection_open, to_web_annotation, web_annotations};

use crate::audit::Audit;
use crate::corrections::Correction;
use crate::model::{DocResult, Entity, Quote, Source};
use serde::{Deserialize, Serialize};

/// Who made an export and when; the caller supplies the clock (the core has none in WASM).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportMeta {
    /// RFC 3339 UTC, e.g. `2026-11-28T01:02:03Z`.
    pub exported: String,
    #[serde(default = "Generator::current")]
    pub generator: Generator,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Generator {
    pub name: String,
    pub version: String,
}

impl Generator {
    pub fn current() -> Generator {
        Generator { name: "QuoteLens".into(), version: env!("CARGO_PKG_VERSION").into() }
    }
}

/// The JSON export of one page: the Contract 1 result with its text, plus provenance, the reader's
/// corrections (so that Import restores them) and the sourcing audit. A collection (or a CLI batch) is
/// an array of these.
#[derive(Debug, Clone, Serialize)]
pub struct JsonExport<'a> {
    #[serde(flatten)]
    pub result: &'a DocResult,
    pub exported: &'a str,
    pub generator: &'a Generator,
    pub corrections: &'a [Correction],
    pub audit: Audit,
}

pub fn to_json_export<'a>(result: &'a DocResult, meta: &'a ExportMeta) -> JsonExport<'a> {
    JsonExport {
        result,
        exported: &meta.exported,
        generator: &meta.generator,
        corrections: &result.corrections,
        audit: crate::audit::audit(result),
    }
}

/// Indents compact JSON text two spaces a level, as a person reads it. The exports serialise compactly
/// and indent here, so each type has one serialiser in the .wasm, not a compact and a pretty one.
pub fn indent(json: &str) -> String {
    fn newline(out: &mut String, depth: usize) {
        out.push('\n');
        (0..depth).for_each(|_| out.push_str("  "));
    }
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                match chars.next_if(|&n| n == '}' || n == ']') {
                    Some(close) => out.push(close),
                    None => {
                        depth += 1;
                        newline(&mut out, depth);
                    }
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// What an export says about one quote, looked up once for every format.
pub(crate) struct QuoteView<'a> {
    pub quote: &'a Quote,
    pub entity: Option<&'a Entity>,
    pub source: Option<&'a Source>,
}

impl<'a> QuoteView<'a> {
    pub fn all(doc: &'a DocResult) -> impl Iterator<Item = QuoteView<'a>> {
        let ann = &doc.annotations;
        ann.quotes.iter().map(move |q| QuoteView {
            quote: q,
            entity: q.entity.as_ref().and_then(|id| ann.entities.iter().find(|e| &e.id == id)),
            source: q.source.as_ref().and_then(|id| ann.sources.iter().find(|s| &s.id == id)),
        })
    }

    /// The speaker's name, else the description of an unnamed speaker.
    pub fn who(&self) -> Option<&'a str> {
        self.quote.speaker.as_deref().or(self.quote.speaker_description.as_deref())
    }

    pub fn role(&self) -> Option<&'a str> {
        self.entity.and_then(|e| e.role.as_deref())
    }

    pub fn cue(&self) -> Option<&'a str> {
        self.quote.cue.as_ref().map(|c| c.text.as_str())
    }

    pub fn outlet(&self) -> Option<&'a str> {
        self.source.map(|s| s.outlet.as_str())
    }

    /// A link to the quote on its page (text fragment), when the page has a URL.
    pub fn link(&self, doc: &DocResult) -> Option<String> {
        doc.url.as_deref().map(|url| text_fragment_url(url, &self.quote.text))
    }
}

#[cfg(test)]
mod tests {
    use super::indent;

    #[test]
    fn indents_as_serde_json_pretty_prints() {
        let v = serde_json::json!({"a": [1, {"b": "x,{}:[\"]\\"}, [], {}], "c": null, "é": "😀"});
        let compact = serde_json::to_string(&v).expect("json");
        assert_eq!(indent(&compact), serde_json::to_string_pretty(&v).expect("json"));
        assert_eq!(indent("[]"), "[]");
    }
}
