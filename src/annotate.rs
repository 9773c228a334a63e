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

/// Whether `text` reads as English: function words make up a good share of its words. Short texts
/// (under 40 words) get the benefit of the doubt.
pub fn looks_english(text: &str) -> bool {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        crate::data_file!("lang/en-function-words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });
    let (mut total, mut hits) = (0usize, 0usize);
    for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(2000) {
        total += 1;
        if w.len() <= 5 && words.contains(w.to_lowercase().as_str()) {
            hits += 1;
        }
    }
    // Running English prose sits around 40%; other Latin-script languages share "a", "in", "is" rarely.
    total < 40 || hits * 100 >= total * 15
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_english_from_other_languages() {
        let en = "The minister said on Tuesday that the talks would continue, and that he was hopeful of a deal with the union before the end of the year, which is what the workers have asked for since the strike began in the spring.";
        let cs = "Ministr v úterý řekl, že jednání budou pokračovat a že doufá v dohodu s odbory ještě před koncem roku, což je to, co pracovníci žádají od začátku stávky na jaře, kdy se vše začalo komplikovat kvůli novým pravidlům a zákonům vlády.";
        let es = "El ministro dijo el martes que las conversaciones continuarán y que espera un acuerdo con el sindicato antes de fin de año, que es lo que los trabajadores han pedido desde que comenzó la huelga en la primavera pasada en todo el país.";
        assert!(looks_english(en));
        assert!(!looks_english(cs));
        assert!(!looks_english(es));
        assert!(looks_english("Too short to tell."));
        assert!(supports_language(Some("en-GB")) && !supports_language(Some("cs")) && supports_language(None));
    }
}
