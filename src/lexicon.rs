//! The quote engine's word lists (`data/lexicons/`), compiled in and parsed once into one map from a
//! lower-cased word to its classes, so that each token costs a single hash look-up.

use std::collections::HashMap;

/// The text of `data/PATH` as compiled in: without its comment and blank lines, which build.rs drops so
/// that they do not ship in the .wasm (the readers skip them anyway).
#[macro_export]
macro_rules! data_file {
    ($path:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/data/", $path))
    };
}
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The hasher of both engines' word maps: every token of a page is looked up, and SipHash's flood
/// resistance buys nothing for fixed, compiled-in key sets. Words are mixed eight bytes at a time.
#[derive(Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn mix(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        if let Some(head) = w.get_mut(..rest.len()) {
            head.copy_from_slice(rest);
        }
        self.mix(u64::from_le_bytes(w) ^ rest.len() as u64);
    }

    fn write_u8(&mut self, b: u8) {
        self.mix(u64::from(b));
    }

    fn write_u128(&mut self, w: u128) {
        self.mix(w as u64);
        self.mix((w >> 64) as u64);
    }

    /// The multiply leaves its best-mixed bits high; hashbrown picks buckets from the low ones.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Moves every word `pack_word` can key from `words` into `packed`, once a lexicon is loaded: lookups of
/// those then build no `String`. Both engines' lexicons (speakers and dates) use it.
pub fn pack_words<V>(words: &mut WordMap<String, V>, packed: &mut WordMap<u128, V>) {
    for (w, v) in std::mem::take(words) {
        match pack_word(&w, false) {
            Some(key) => {
                packed.insert(key, v);
            }
            None => {
                words.insert(w, v);
            }
        }
    }
}

/// `word` (`lower`: lower-cased) as up to 16 ASCII bytes in one integer, the key of both engines' word
/// maps: every token of a page is looked up, and this key is built, hashed and compared in a few
/// instructions, with no lower-cased copy of the word. None for longer or non-ASCII words, words with a
/// NUL (which would pack like a shorter one) and, unless `lower`, words with upper-case letters.
pub fn pack_word(word: &str, lower: bool) -> Option<u128> {
    let b = word.as_bytes();
    let mut key = [0u8; 16];
    if b.len() > key.len() {
        return None;
    }
    for (k, &c) in key.iter_mut().zip(b) {
        if c == 0 || !c.is_ascii() || (!lower && c.is_ascii_uppercase()) {
            return None;
        }
        *k = c.to_ascii_lowercase();
    }
    Some(u128::from_le_bytes(key))
}

/// Any verb naming speech: a cue for the quote right beside it.
pub const SPEECH: u64 = 1;
/// A speech verb that can introduce reported speech (not a weak one).
pub const REPORT: u64 = 1 << 1;
/// Takes an addressee before its report: told reporters that …
pub const TELL: u64 = 1 << 2;
/// Reports with a to-infinitive: vowed to …
pub const INFINITIVE: u64 = 1 << 3;
/// Reports a question: asked whether …
pub const ASK: u64 = 1 << 4;
pub const TITLE: u64 = 1 << 5;
pub const ROLEMOD: u64 = 1 << 6;
pub const ORGHEAD: u64 = 1 << 7;
pub const GROUP: u64 = 1 << 8;
pub const DOC: u64 = 1 << 9;
pub const DET: u64 = 1 << 10;
pub const PREP: u64 = 1 << 11;
/// May stand between a subject and its verb (auxiliaries, adverbs).
pub const MOD: u64 = 1 << 12;
pub const NONNAME: u64 = 1 << 13;
pub const PRONOUN: u64 = 1 << 14;
pub const MALE: u64 = 1 << 15;
pub const FEMALE: u64 = 1 << 16;
pub const NEUTER: u64 = 1 << 17;
pub const PLURAL: u64 = 1 << 18;
pub const SPEECH_NOUN: u64 = 1 << 19;
pub const NEG: u64 = 1 << 20;
pub const CONJ: u64 = 1 << 21;
pub const REL: u64 = 1 << 22;
pub const WH: u64 = 1 << 23;
pub const IMP: u64 = 1 << 24;
pub const ORG_SUFFIX: u64 = 1 << 25;
pub const FIRST_NAME: u64 = 1 << 26;
pub const CAPITAL: u64 = 1 << 27;
/// Takes its period with it (Mr., Gen., Inc.).
pub const ABBR: u64 = 1 << 28;
/// Thinking, not saying: never introduces reported speech.
pub const COGNITION: u64 = 1 << 29;
/// Reports a clause only with "that" (often takes a plain object instead).
pub const NEED_THAT: u64 = 1 << 30;
/// Must name its addressee first (told reporters …), unlike warn or assure.
pub const TELL_MUST: u64 = 1 << 32;
/// The first word of a media outlet's name.
pub const MEDIA_FIRST: u64 = 1 << 33;
/// Quantity words whose "of" phrase holds the head ("a number of analysts").
pub const QUANT: u64 = 1 << 34;
/// "I" in the writer's own text: the byline's author.
pub const AUTHOR: u64 = 1 << 35;
/// Times that may stand between a speech verb and its clause ("said Tuesday that …").
pub const TIME: u64 = 1 << 36;
/// Subordinating conjunctions that end a reported infinitive ("pledged to form a coalition after …").
pub const SUB: u64 = 1 << 31;

/// All lexicons, parsed.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Lower-case words that `pack_word` cannot key.
    words: WordMap<String, u64>,
    /// Lower-case words keyed by `pack_word`.
    packed: WordMap<u128, u64>,
    /// Media outlets as lower-cased word sequences, sorted (see `media_starting`).
    pub media: Vec<Vec<String>>,
    /// Capital city → the words naming its state.
    pub capitals: HashMap<String, Vec<String>>,
}

fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty())
}

impl Lexicon {
    fn add(&mut self, word: &str, flags: u64) {
        *self.words.entry(word.to_lowercase()).or_insert(0) |= flags;
    }

    fn add_list(&mut self, src: &str, flags: u64) {
        for l in lines(src) {
            self.add(l, flags);
        }
    }

    fn build() -> Lexicon {
        let mut lx = Lexicon::default();
        lx.add_list(crate::data_file!("lexicons/quote-verbs-en.ggt.txt"), SPEECH | REPORT);
        lx.add_list(crate::data_file!("lexicons/speech-verbs-extra.txt"), SPEECH | REPORT);
        for l in lines(crate::data_file!("lexicons/speech-verbs-tell.txt")) {
            let mut it = l.split_whitespace();
            let Some(w) = it.next() else { continue };
            lx.add(w, TELL | if it.next() == Some("must") { TELL_MUST } else { 0 });
        }
        lx.add_list(crate::data_file!("lexicons/speech-verbs-infinitive.txt"), INFINITIVE);
        lx.add_list(crate::data_file!("lexicons/speech-verbs-question.txt"), ASK);
        lx.add_list(crate::data_file!("lexicons/speech-nouns.txt"), SPEECH_NOUN);
        lx.add_list(crate::data_file!("lexicons/speech-verbs-cognition.txt"), COGNITION);
        lx.add_list(crate::data_file!("lexicons/speech-verbs-need-that.txt"), NEED_THAT);
        for l in lines(crate::data_file!("lexicons/titles.txt")) {
            let mut it = l.split_whitespace();
            let Some(w) = it.next() else { continue };
            let g = match it.next() {
                Some("m") => MALE,
                Some("f") => FEMALE,
                _ => 0,
            };
            lx.add(w, TITLE | g);
        }
        lx.add_list(crate::data_file!("lexicons/role-modifiers.txt"), ROLEMOD);
        lx.add_list(crate::data_file!("lexicons/org-heads.txt"), ORGHEAD);
        lx.add_list(crate::data_file!("lexicons/org-suffixes.txt"), ORG_SUFFIX);
        lx.add_list(crate::data_file!("lexicons/groups.txt"), GROUP);
        lx.add_list(crate::data_file!("lexicons/documents.txt"), DOC);
        lx.add_list(crate::data_file!("lexicons/non-names.txt"), NONNAME);
        // Weak verbs stay cues but lose REPORT.
        for l in lines(crate::data_file!("lexicons/speech-verbs-weak.txt")) {
            let e = lx.words.entry(l.to_lowercase()).or_insert(0);
            *e = (*e | SPEECH) & !REPORT;
        }
        for l in lines(crate::data_file!("lexicons/pronouns.txt")) {
            let mut it = l.split_whitespace();
            let (Some(w), Some(g)) = (it.next(), it.next()) else { continue };
            let g = match g {
                "m" => MALE,
                "f" => FEMALE,
                "n" => NEUTER,
                "a" => AUTHOR,
                _ => PLURAL,
            };
            lx.add(w, PRONOUN | g);
        }
        for l in lines(crate::data_file!("lexicons/first-names.txt")) {
            let mut it = l.split_whitespace();
            let (Some(w), Some(g)) = (it.next(), it.next()) else { continue };
            lx.add(w, FIRST_NAME | if g == "f" { FEMALE } else { MALE });
        }
        for l in lines(crate::data_file!("lexicons/function-words.txt")) {
            let mut it = l.split_whitespace();
            let Some(w) = it.next() else { continue };
            let flags = it.fold(0, |f, class| {
                f | match class {
                    "det" => DET,
                    "prep" => PREP,
                    "mod" => MOD,
                    "neg" => NEG,
                    "conj" => CONJ,
                    "rel" => REL,
                    "wh" => WH,
                    "imp" => IMP,
                    "abbr" => ABBR,
                    "sub" => SUB,
                    "quant" => QUANT,
                    "time" => TIME,
                    _ => 0,
                }
            });
            lx.add(w, flags);
        }
        for l in lines(crate::data_file!("lexicons/media-outlets.txt")) {
            let words: Vec<String> = l.split_whitespace().map(str::to_lowercase).collect();
            if let Some(first) = words.first() {
                lx.add(first, MEDIA_FIRST);
            }
            lx.media.push(words);
        }
        lx.media.sort();
        for l in lines(crate::data_file!("lexicons/capitals.txt")) {
            let mut it = l.split_whitespace().map(str::to_lowercase);
            let Some(city) = it.next() else { continue };
            lx.add(&city, CAPITAL);
            lx.capitals.insert(city, it.collect());
        }
        pack_words(&mut lx.words, &mut lx.packed);
        lx
    }

    /// The media outlets whose first word is `word` (ASCII case ignored): sorted, they are adjacent, so
    /// a token such as "the" is not compared with every outlet.
    pub fn media_starting(&self, word: &str) -> &[Vec<String>] {
        let order = |m: &Vec<String>| {
            let first = m.first().map_or("", String::as_str);
            first.bytes().cmp(word.bytes().map(|b| b.to_ascii_lowercase()))
        };
        let a = self.media.partition_point(|m| order(m).is_lt());
        let b = self.media.partition_point(|m| order(m).is_le());
        self.media.get(a..b).unwrap_or(&[])
    }

    /// The classes of `word` (any case); 0 when it is in no list.
    pub fn flags(&self, word: &str) -> u64 {
        if let Some(key) = pack_word(word, true) {
            return self.packed.get(&key).copied().unwrap_or(0);
        }
        if !word.bytes().any(|b| b.is_ascii_uppercase()) && word.is_ascii() {
            return self.words.get(word).copied().unwrap_or(0); // no copy needed
        }
        let mut buf = [0u8; 40];
        if word.len() <= buf.len() && word.is_ascii() {
            let b = &mut buf[..word.len()];
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            let key = std::str::from_utf8(b).unwrap_or("");
            return self.words.get(key).copied().unwrap_or(0);
        }
        self.words.get(&word.to_lowercase()).copied().unwrap_or(0)
    }
}

/// The lexicons, parsed on first use.
pub fn get() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_come_from_the_data_files() {
        let lx = get();
        assert_ne!(lx.flags("Said") & REPORT, 0);
        assert_eq!(lx.flags("continued") & REPORT, 0, "weak verbs never introduce reported speech");
        assert_ne!(lx.flags("continued") & SPEECH, 0);
        assert_ne!(lx.flags("spokesman") & TITLE, 0);
        assert_ne!(lx.flags("she") & FEMALE, 0);
        assert!(lx.media.iter().any(|m| m == &["sputnik"]));
        assert_eq!(lx.flags("Ωmega-ünïcode"), 0);
    }
}
