//! The engine's one entry point: a document text in, every annotation layer out.

use crate::model::Annotations;
use crate::offsets::CpIndex;
use chrono::NaiveDate;

/// A document ready for the engine: its text (offsets count in it) and what resolves relative dates.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub text: &'a str,
    pub published: Option<NaiveDate>,
    /// The page's language tag ("en", "en-GB"), when known.
    pub lang: Option<&'a str>,
}

/// Runs every layer. Dates come first: quotes take their `when` from them.
pub fn annotate(doc: &Document) -> Annotations {
    let idx = CpIndex::new(doc.text);
    let dates = crate::dates::find(&idx, doc.published);
    let mut ann = crate::quotes::find(&idx, &dates);
    ann.dates = dates;
    ann
}

/// Whether the engine supports `lang` (a BCP 47 tag; unknown counts as supported and is checked on the text).
pub fn supports_language(lang: Option<&str>) -> bool {
    match lang {
        None => true,
        Some(tag) => {
            let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
            primary.is_empty() || primary == "en"
        }
    }
}
