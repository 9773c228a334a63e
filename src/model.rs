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
pub struct DocResult {
    pub id: String,
    /// The publication date used to resolve relative dates (`YYYY-MM-DD`).
    pub published: Option<String>,
    pub lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    #[serde(flatten)]
    pub annotations: Annotations,
}
