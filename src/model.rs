//! The annotation result: Contract 1 of `design.md`, serialised as-is by the CLI, the WASM boundary and
//! the JSON export. Offsets are Unicode code points into the document text, end exclusive.

use serde::{Deserialize, Serialize};

/// A span of the document text, as it appears in `cue`, `mention` and entity mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A whole utterance in quote marks.
    Direct,
    /// Quoted words embedded in the writer's own sentence.
    Partial,
    /// Reported speech: the reported clause, no quote marks.
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: QuoteKind,
    /// The id of the first piece of the utterance this piece belongs to.
    pub group: String,
    pub speaker: Option<String>,
    pub speaker_description: Option<String>,
    pub entity: Option<String>,
    pub cue: Option<Span>,
    pub mention: Option<Span>,
    pub when: Option<String>,
    pub source: Option<String>,
    /// The reader's corrections that changed or added this record (their ids); absent when none did, so
    /// uncorrected output is exactly Contract 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Organization,
    Media,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub role: Option<String>,
    pub mentions: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// "Sputnik reports", "according to Reuters", "(AFP)".
    Report,
    /// "Source: Sputnik", "Picture: AiF".
    Credit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub outlet: String,
    pub kind: SourceKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateType {
    #[serde(rename = "DATE")]
    Date,
    #[serde(rename = "TIME")]
    Time,
    #[serde(rename = "DURATION")]
    Duration,
    #[serde(rename = "SET")]
    Set,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateExpr {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: DateType,
    /// The TIMEX3 value, or null when the text gives no anchor for it.
    pub value: Option<String>,
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none", default)]
    pub modifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub freq: Option<String>,
}

/// Everything the engine finds in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    pub quotes: Vec<Quote>,
    pub entities: Vec<Entity>,
    pub sources: Vec<Source>,
    pub dates: Vec<DateExpr>,
}

/// One document's result as Contract 1 prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "DocResultFields")]
pub struct DocResult {
    pub id: String,
    /// The publication date used to resolve relative dates (`YYYY-MM-DD`).
    pub published: Option<String>,
    pub lang: Option<String>,
    /// The page's title and URL: null for plain text, always written so that every record (a CLI batch,
    /// a collection) has one shape.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    #[serde(flatten)]
    pub annotations: Annotations,
    /// The reader's corrections already applied to `annotations`, which the JSON export carries (so that
    /// Import restores them); the Contract 1 record does not. Front ends read them themselves (the WASM
    /// boundary from a result's `corrections`, the CLI from `--corrections`).
    #[serde(skip)]
    pub corrections: Vec<crate::corrections::Correction>,
}

/// `DocResult` as read: its fields spelled out, because a flattened field makes serde buffer the whole
/// object first, which costs the WASM build ~25 KB of generic deserialiser code.
#[derive(Deserialize)]
struct DocResultFields {
    id: String,
    published: Option<String>,
    lang: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    text: Option<String>,
    quotes: Vec<Quote>,
    entities: Vec<Entity>,
    sources: Vec<Source>,
    dates: Vec<DateExpr>,
}

impl From<DocResultFields> for DocResult {
    fn from(f: DocResultFields) -> DocResult {
        let annotations = Annotations { quotes: f.quotes, entities: f.entities, sources: f.sources, dates: f.dates };
        DocResult {
            id: f.id,
            published: f.published,
            lang: f.lang,
            title: f.title,
            url: f.url,
            text: f.text,
            annotations,
            corrections: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_result_reads_back_as_written() {
        let text = "\u{201c}We will win,\u{201d} said Jane Doe on Monday.";
        let published = chrono::NaiveDate::from_ymd_opt(2024, 3, 5);
        let doc = crate::annotate::Document { text, published, lang: Some("en") };
        let result = DocResult {
            id: "d1".into(),
            published: Some("2024-03-05".into()),
            lang: None,
            title: None,
            url: Some("https://example.org/a".into()),
            text: Some(text.into()),
            annotations: crate::annotate::annotate(&doc),
            corrections: Vec::new(),
        };
        assert!(!result.annotations.quotes.is_empty() && !result.annotations.dates.is_empty());
        let json = serde_json::to_string(&result).expect("serialises");
        assert_eq!(serde_json::from_str::<DocResult>(&json).expect("reads back"), result);
        // Absent optional fields read as None; unknown ones are ignored.
        let bare = r#"{"id":"x","quotes":[],"entities":[],"sources":[],"dates":[],"extra":1}"#;
        let read: DocResult = serde_json::from_str(bare).expect("reads");
        assert_eq!((read.published, read.title), (None, None));
    }
}
