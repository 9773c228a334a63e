//! Entities: the people, organisations and media outlets an article names, with their roles and every
//! mention, and the resolution of what a speaker phrase ("he", "Peskov", "the Ministry", "the Kremlin
//! spokesman", "an official statement") refers to.

use crate::lexicon::{self as lx, Lexicon};
use crate::model::EntityType;
use crate::quotes::tokens::{Kind, Tokens};

/// One entity while the article is read.
#[derive(Debug, Clone)]
pub struct Ent {
    pub name: String,
    pub kind: EntityType,
    pub role: Option<String>,
    /// `lx::MALE`, `lx::FEMALE` or 0.
    pub gender: u64,
    /// Lower-cased name words, for surname and short-form matching.
    pub key: Vec<String>,
    /// Evidence that a person entity really is a person (a first name, a title, a role, speech).
    pub person_evidence: bool,
    /// Listed in the output (full names, and anything that speaks or is spoken of by short form).
    pub keep: bool,
}

/// A span of text that refers to an entity. Byte offsets.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub s: usize,
    pub e: usize,
    pub ent: usize,
    pub in_quote: bool,
}

/// What a speaker phrase resolved to.
#[derive(Debug, Clone, Default)]
pub struct Speaker {
    pub ent: Option<usize>,
    /// For unnamed people and groups: the phrase that describes them.
    pub desc: Option<String>,
    /// The phrase in the text (byte span).
    pub mention: Option<(usize, usize)>,
}

/// A name found in the text: its tokens and the title/role tokens that introduce it.
#[derive(Debug, Clone, Copy)]
struct Run {
    a: usize,
    b: usize,
}

#[derive(Debug, Default)]
pub struct Entities {
    pub ents: Vec<Ent>,
    /// Name mentions and resolved speaker mentions, by start.
    pub mentions: Vec<Mention>,
    /// For each token, the name (index in `names`) it belongs to.
    pub tok_mention: Vec<Option<usize>>,
    /// The names found in the text, by start: never shifted, so token lookups stay valid.
    pub names: Vec<Mention>,
    /// Entity index by name key.
    by_key: lx::WordMap<Vec<String>, usize>,
    /// Multi-word names (indices in `mentions` during pass 2) by their first and last words.
    by_word: lx::WordMap<String, Vec<usize>>,
    /// The speaker of the last utterance resolved (documents without a named issuer are theirs).
    pub last_speaker: Option<usize>,
    /// The writer named by a byline ("By Jane Doe", "Analysis: Jon Sopel, BBC News"): the writer's "I".
    pub author: Option<usize>,
}

fn lower_key(tk: &Tokens, a: usize, b: usize) -> Vec<String> {
    (a..b).filter(|&k| tk.is_word(k)).map(|k| tk.str(k).trim_end_matches('.').to_lowercase()).collect()
}

fn is_name_word(tk: &Tokens, k: usize) -> bool {
    tk.is_word(k) && tk.cap(k) && !tk.has(k, lx::NONNAME | lx::PRONOUN) && {
        let w = tk.str(k);
        // Contractions ("We’re", "It’ll") are no names; O’Brien is.
        let contraction =
            w.split(['’', '\'']).nth(1).is_some_and(|rest| rest.chars().next().is_some_and(char::is_lowercase));
        // A sentence's capitalised first word is a name only when it looks like one.
        let opens_sentence = tk.sentence_initial(k) || tk.kind(k.wrapping_sub(1)) == Some(Kind::Open);
        // …or a common noun of the lexicons standing alone ("Analysts say", "Prosecutors in …").
        let common = tk.has(k, lx::GROUP | lx::DOC | lx::TITLE | lx::SPEECH) && !tk.cap(k + 1);
        // ("Beijing said", "Kelly said": a known name, or a word right before a speech verb, is a name.)
        let known = tk.has(k, lx::CAPITAL | lx::FIRST_NAME) || tk.has(k + 1, lx::SPEECH);
        let suffix_like = (w.ends_with("ing") || w.ends_with("ly")) && !known;
        let function_like = suffix_like || common || tk.has(k, lx::DET | lx::PREP | lx::CONJ | lx::MOD | lx::WH);
        !contraction && (!opens_sentence || !function_like)
    }
}

/// Words that may join capitalised words inside one name: particles always, of/on/for/and/the only in
/// organisation names ("Council on Foreign Relations").
fn is_joiner(tk: &Tokens, k: usize, org_so_far: bool, complement: bool) -> bool {
    const PARTICLES: &[&str] = &["de", "van", "von", "bin", "al", "da", "di", "du", "del", "der", "le", "la", "ibn"];
    const ORG_JOINERS: &[&str] = &["of", "on", "for", "the"];
    let w = tk.str(k);
    // "and" joins only inside a complement ("Center on Poverty and Inequality"), not two names.
    let joins = ORG_JOINERS.contains(&w) || (w == "and" && complement);
    tk.is_word(k) && !tk.cap(k) && (PARTICLES.contains(&w) || (org_so_far && joins)) && is_name_word(tk, k + 1)
}

/// "World Travel and Tourism Council": "and" inside one organisation's name, when the words after it end
/// in an organisation word.
fn and_joins_org(tk: &Tokens, k: usize) -> bool {
    if !tk.is(k, "and") {
        return false;
    }
    let mut j = k + 1;
    while is_name_word(tk, j) && j - k <= 4 {
        j += 1;
    }
    // Two words at least, ending in a generic word ("Tourism Council"), not a name ("… and NATO").
    j > k + 2 && tk.has(j - 1, lx::ORGHEAD) && tk.str(j - 1).chars().any(char::is_lowercase)
}

/// The role phrase right before a name: "White House press secretary", "Mr", "Russian presidential aide".
fn role_before(tk: &Tokens, a: usize) -> Option<(usize, usize)> {
    let mut j = a;
    let mut has_title = false;
    while j > 0 && a - j < 7 {
        let k = j - 1;
        if !tk.is_word(k) || tk.sent(k) != tk.sent(a) {
            break;
        }
        let f = tk.flags(k);
        if f & lx::TITLE != 0 {
            has_title = true;
        } else if !(f & lx::ROLEMOD != 0 || (tk.cap(k) && f & (lx::DET | lx::PREP | lx::CONJ | lx::PRONOUN) == 0)) {
            break;
        }
        j = k;
    }
    // Leading capitalised words that are not part of the title chain stay out ("Snopes fact checker").
    (has_title && j < a).then_some((j, a))
}

/// An appositive role: "The Kremlin spokesman, NAME," or "NAME, a senior fellow at …".
fn role_apposition(tk: &Tokens, a: usize, b: usize) -> Option<(usize, usize)> {
    let valid = |x: usize, y: usize| {
        y > x && y - x <= 14 && (x..y).any(|k| tk.has(k, lx::TITLE)) && (x..y).all(|k| tk.kind(k) == Some(Kind::Word))
    };
    if a >= 2 && tk.str(a - 1) == "," {
        let end = a - 1;
        let mut x = end;
        while x > 0 && tk.sent(x - 1) == tk.sent(a) && tk.kind(x - 1) == Some(Kind::Word) && end - x < 14 {
            x -= 1;
        }
        if x < end && tk.has(x, lx::DET) && valid(x + 1, end) && (tk.str(b) == "," || tk.has(b, lx::SPEECH)) {
            return Some((x + 1, end));
        }
    }
    if tk.str(b) == "," {
        let mut x = b + 1;
        if tk.has(x, lx::DET) {
            x += 1;
        }
        let mut y = x;
        while tk.kind(y) == Some(Kind::Word) && tk.sent(y) == tk.sent(b) && y - x < 14 {
            y += 1;
        }
        if valid(x, y) && tk.has(x, lx::TITLE | lx::ROLEMOD) && matches!(tk.str(y), "," | "." | ";") {
            return Some((x, y));
        }
    }
    None
}

/// Whether a name looks like a person's from its surroundings: a descriptive word before it ("whale
/// whisperer Hori Parata") or an age after it ("Parata, 75,").
fn described(tk: &Tokens, r: &Run) -> bool {
    let before = r.a.checked_sub(1).is_some_and(|p| {
        tk.is_word(p)
            && !tk.cap(p)
            && tk.sent(p) == tk.sent(r.a)
            && !tk
                .has(p, lx::DET | lx::PREP | lx::CONJ | lx::REL | lx::WH | lx::MOD | lx::NEG | lx::PRONOUN | lx::SPEECH)
            && !crate::quotes::tokens::is_poss(tk.str(p))
    });
    let age = tk.str(r.b) == ","
        && tk.str(r.b + 1).chars().all(|c| c.is_ascii_digit())
        && tk.is_word(r.b + 1)
        && tk.str(r.b + 2) == ",";
    // "Lotfi Azzouz, a professor …" or "said Lotfi Azzouz" / "Lotfi Azzouz said"
    let apposition = tk.str(r.b) == "," && tk.has(r.b + 1, lx::DET | lx::TITLE | lx::ROLEMOD) && !tk.cap(r.b + 1);
    let speaks = tk.has(r.b, lx::SPEECH) || r.a.checked_sub(1).is_some_and(|p| tk.has(p, lx::SPEECH) && tk.is_word(p));
    before || age || apposition || speaks
}

fn gender_of_role(tk: &Tokens, a: usize, b: usize) -> u64 {
    (a..b).map(|k| tk.flags(k) & (lx::MALE | lx::FEMALE)).find(|&g| g != 0).unwrap_or(0)
}

fn matches_media(lex: &Lexicon, key: &[String]) -> bool {
    /// Compared without "the", and without copying: this runs for every new name.
    fn words(v: &[String]) -> impl Iterator<Item = &String> {
        v.iter().filter(|w| *w != "the")
    }
    let Some(first) = words(key).next() else { return false };
    lex.flags(first) & lx::MEDIA_FIRST != 0 && lex.media.iter().any(|m| words(m).eq(words(key)))
}

/// A new name's type: an outlet of the media list, else an organisation when its words say so
/// (`org`), else a person.
fn name_kind(lex: &Lexicon, key: &[String], org: bool) -> EntityType {
    if matches_media(lex, key) {
        EntityType::Media
    } else if org {
        EntityType::Organization
    } else {
        EntityType::Person
    }
}

impl Entities {
    /// Finds every name in the text and groups them into entities.
    pub fn find(tk: &Tokens) -> Entities {
        let lex = lx::get();
        let runs = find_runs(tk);
        let mut out = Entities { tok_mention: vec![None; tk.len()], ..Default::default() };
        // Pass 1: names of two or more words are entities of their own.
        let mut singles = Vec::new();
        for r in &runs {
            let key = lower_key(tk, r.a, r.b);
            if key.len() < 2 {
                singles.push(*r);
                continue;
            }
            for w in [key.first(), key.last()].into_iter().flatten() {
                out.by_word.entry(w.clone()).or_default().push(out.mentions.len());
            }
            let ent = match out.by_key.get(&key).copied() {
                Some(i) => i,
                None => {
                    let org = (r.a..r.b).any(|k| tk.has(k, lx::ORGHEAD | lx::ORG_SUFFIX));
                    let kind = name_kind(lex, &key, org);
                    out.add_entity(Ent {
                        name: tk.text_of(r.a, r.b).to_string(),
                        kind,
                        role: None,
                        gender: tk.flags(r.a) & (lx::MALE | lx::FEMALE),
                        person_evidence: tk.has(r.a, lx::FIRST_NAME) || described(tk, r),
                        key,
                        keep: kind != EntityType::Person,
                    })
                }
            };
            out.add_run_mention(tk, *r, ent);
        }
        // Pass 2: one-word names are short forms of a fuller name when the article has one.
        for r in singles {
            let key = lower_key(tk, r.a, r.b);
            let Some(w) = key.first().cloned() else { continue };
            let found = out.best_match(&w, tk.get(r.a).map_or(0, |t| t.s)).or_else(|| out.by_key.get(&key).copied());
            let ent = match found {
                Some(i) => i,
                None => {
                    let acronym = w.len() > 1 && tk.str(r.a).chars().all(|c| !c.is_lowercase());
                    let kind = name_kind(lex, &key, acronym || tk.has(r.a, lx::ORGHEAD | lx::CAPITAL));
                    out.add_entity(Ent {
                        name: tk.text_of(r.a, r.b).to_string(),
                        kind,
                        role: None,
                        gender: 0,
                        person_evidence: false,
                        key,
                        keep: kind == EntityType::Media,
                    })
                }
            };
            out.add_run_mention(tk, r, ent);
        }
        out.mentions.sort_by_key(|m| m.s);
        out.names = out.mentions.clone();
        out.by_word.clear();
        out.rebuild_tok_index(tk);
        out.author = out.byline(tk);
        out
    }

    /// A short paragraph "By NAME …" or "Label: NAME, …" names the writer (bylines look like headlines, so
    /// the name may have no mention yet: it is looked up or added).
    fn byline(&mut self, tk: &Tokens) -> Option<usize> {
        let mut k = 0;
        while let Some(t) = tk.get(k) {
            let para = t.para;
            let mut end = k;
            while tk.get(end).is_some_and(|x| x.para == para) {
                end += 1;
            }
            let words = (k..end).filter(|&x| tk.is_word(x)).count();
            let name_at = if tk.is(k, "by") && tk.cap(k) {
                Some(k + 1)
            } else if tk.cap(k) && tk.str(k + 1) == ":" && !crate::sources::is_credit_label(tk, k) {
                Some(k + 2)
            } else {
                None
            };
            if let Some(a) = name_at.filter(|_| words <= 10) {
                let mut b = a;
                while b < end && tk.is_word(b) && tk.cap(b) && !tk.has(b, lx::NONNAME) {
                    b += 1;
                }
                let key = lower_key(tk, a, b);
                if (2..=3).contains(&key.len()) && !(a..b).any(|x| tk.has(x, lx::ORGHEAD)) {
                    let found = self.ents.iter().position(|e| e.key == key && e.kind == EntityType::Person);
                    return Some(found.unwrap_or_else(|| {
                        self.ents.push(Ent {
                            name: tk.text_of(a, b).to_string(),
                            kind: EntityType::Person,
                            role: None,
                            gender: 0,
                            key,
                            person_evidence: true,
                            keep: true,
                        });
                        self.ents.len() - 1
                    }));
                }
            }
            k = end.max(k + 1);
        }
        None
    }

    /// Registers a new entity under its key; returns its index.
    fn add_entity(&mut self, ent: Ent) -> usize {
        self.by_key.insert(ent.key.clone(), self.ents.len());
        self.ents.push(ent);
        self.ents.len() - 1
    }

    fn add_run_mention(&mut self, tk: &Tokens, r: Run, ent: usize) {
        let (Some(ta), Some(tb)) = (tk.get(r.a), tk.get(r.b.saturating_sub(1))) else { return };
        let in_quote = ta.quote.is_some();
        let role = role_before(tk, r.a).or_else(|| role_apposition(tk, r.a, r.b));
        if let Some(e) = self.ents.get_mut(ent) {
            if let Some((x, y)) = role {
                let g = gender_of_role(tk, x, y);
                if g != 0 {
                    e.gender = g;
                }
                let text = tk.text_of(x, y).trim().to_string();
                let honorific = y - x == 1 && tk.has(x, lx::NONNAME);
                if e.kind == EntityType::Person {
                    e.person_evidence = true;
                    e.keep = true;
                    if !honorific && e.role.is_none() && !in_quote {
                        e.role = Some(text);
                    }
                }
            }
            // A short form with a title (Mr Obama) is a person even without a full name.
            if r.b - r.a == 1 && role.is_some() {
                e.keep = true;
            }
        }
        self.mentions.push(Mention { s: ta.s, e: tb.e, ent, in_quote });
    }

    fn rebuild_tok_index(&mut self, tk: &Tokens) {
        self.tok_mention = vec![None; tk.len()];
        for (i, m) in self.names.iter().enumerate() {
            let a = tk.at_byte(m.s);
            let mut k = a;
            while tk.get(k).is_some_and(|t| t.e <= m.e) {
                if let Some(slot) = self.tok_mention.get_mut(k) {
                    *slot = Some(i);
                }
                k += 1;
            }
        }
    }

    /// The entity a one-word name stands for: a person's first or last name, an organisation's first or
    /// head word; among several, the one named last before `pos`, else the next one named after it.
    fn best_match(&self, w: &str, pos: usize) -> Option<usize> {
        let first_name = lx::get().flags(w) & lx::FIRST_NAME != 0;
        let fits = |e: &Ent| {
            e.key.len() >= 2
                && match e.kind {
                    // A surname of a real person's name, or a first name ("Fiona" → Fiona Parry).
                    EntityType::Person => {
                        (e.person_evidence && e.key.last().is_some_and(|x| x == w))
                            || (first_name && e.key.first().is_some_and(|x| x == w))
                    }
                    // An organisation's head word ("the Ministry"), or the first of a two-word name
                    // ("Alibaba" → Alibaba Group; not "Russian" → Russian Foreign Ministry).
                    _ => {
                        (e.key.len() == 2 && e.key.first().is_some_and(|x| x == w))
                            || e.key.last().is_some_and(|x| x == w)
                    }
                }
        };
        // Candidates: the multi-word names whose first or last word is `w`, in text order.
        let cands = self.by_word.get(w).map(Vec::as_slice).unwrap_or(&[]);
        let fitting = || {
            cands
                .iter()
                .filter_map(|&i| self.mentions.get(i))
                .filter(|m| !m.in_quote && self.ents.get(m.ent).is_some_and(fits))
        };
        if let Some(m) = fitting().filter(|m| m.s < pos).max_by_key(|m| m.s) {
            return Some(m.ent);
        }
        // A surname or first name before the full name; organisations are named in full first.
        let person = |m: &&Mention| self.ents.get(m.ent).is_some_and(|e| e.kind == EntityType::Person);
        fitting().filter(|m| m.s >= pos).filter(person).min_by_key(|m| m.s).map(|m| m.ent)
    }

    /// Records that the phrase at `s..e` refers to `ent` (a resolved speaker), for later pronouns.
    pub fn add_mention(&mut self, s: usize, e: usize, ent: usize) {
        if let Some(en) = self.ents.get_mut(ent) {
            en.keep = true;
        }
        let at = self.mentions.partition_point(|m| m.s < s);
        if self.mentions.get(at).is_some_and(|m| m.s == s && m.ent == ent) {
            return;
        }
        self.mentions.insert(at, Mention { s, e, ent, in_quote: false });
    }

    /// The entity a pronoun before byte `pos` refers to: the last fitting entity named outside quotes.
    pub fn pronoun(&self, flags: u64, pos: usize) -> Option<usize> {
        self.pronoun_with(flags, pos, true).or_else(|| self.pronoun_with(flags, pos, false))
    }

    /// `evidence`: only people known to be people; without it, a full name named shortly before.
    fn pronoun_with(&self, flags: u64, pos: usize, evidence: bool) -> Option<usize> {
        let want_person = flags & (lx::MALE | lx::FEMALE) != 0;
        let near = |m: &&Mention| evidence || pos.saturating_sub(m.s) < 400;
        self.before(pos).filter(|m| !m.in_quote).filter(near).map(|m| m.ent).find(|&i| {
            let Some(e) = self.ents.get(i) else { return false };
            if want_person {
                let other = if flags & lx::MALE != 0 { lx::FEMALE } else { lx::MALE };
                e.kind == EntityType::Person
                    && (e.person_evidence || (!evidence && e.key.len() >= 2))
                    && e.gender != other
            } else if flags & lx::NEUTER != 0 {
                e.kind != EntityType::Person && e.keep
            } else {
                e.kind == EntityType::Organization && e.keep
            }
        })
    }

    /// The person last introduced with a role whose head is `head` ("the president" → Barack Obama).
    pub fn by_role(&self, head: &str, pos: usize) -> Option<usize> {
        self.before(pos).filter(|m| !m.in_quote).map(|m| m.ent).find(|&i| {
            self.ents.get(i).is_some_and(|e| {
                e.role.as_deref().is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case(head)))
            })
        })
    }

    /// The organisation last named whose name contains one of `words` ("Beijing" → Chinese Foreign Ministry).
    pub fn org_with_word(&self, words: &[String], pos: usize) -> Option<usize> {
        self.before(pos).filter(|m| !m.in_quote).map(|m| m.ent).find(|&i| {
            self.ents.get(i).is_some_and(|e| {
                e.kind == EntityType::Organization
                    && e.key.len() > 1
                    && e.keep
                    && e.key.iter().any(|k| words.contains(k))
            })
        })
    }

    /// A new entity (an institution named by a definite description: "the Government").
    pub fn create(&mut self, name: &str, kind: EntityType) -> usize {
        let key: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
        if let Some(i) = self.ents.iter().position(|e| e.key == key) {
            return i;
        }
        self.ents.push(Ent {
            name: name.to_string(),
            kind,
            role: None,
            gender: 0,
            key,
            person_evidence: false,
            keep: true,
        });
        self.ents.len() - 1
    }

    /// The name covering token `k`, if it is part of one.
    pub fn mention_at(&self, k: usize) -> Option<&Mention> {
        self.tok_mention.get(k).copied().flatten().and_then(|i| self.names.get(i))
    }

    /// Mentions starting before byte `pos`, nearest first.
    fn before(&self, pos: usize) -> impl Iterator<Item = &Mention> {
        let at = self.mentions.partition_point(|m| m.s < pos);
        self.mentions.get(..at).unwrap_or(&[]).iter().rev()
    }
}

/// Capitalised name runs, with titles split off ("Israeli Prime Minister Benjamin Netanyahu" → the
/// name is "Benjamin Netanyahu").
fn find_runs(tk: &Tokens) -> Vec<Run> {
    let mut out = Vec::new();
    let n = tk.len();
    let headline = headline_paragraphs(tk);
    let mut k = 0;
    while k < n {
        if tk.get(k).is_some_and(|t| headline.binary_search(&t.para).is_ok()) || !is_name_word(tk, k) {
            k += 1;
            continue;
        }
        let a = k;
        let mut b = k + 1;
        let mut org = tk.has(k, lx::ORGHEAD);
        let mut complement = false;
        loop {
            if is_name_word(tk, b) && tk.sent(b) == tk.sent(a) {
                org |= tk.has(b, lx::ORGHEAD);
                b += 1;
            } else if (is_joiner(tk, b, org, complement) || and_joins_org(tk, b)) && tk.sent(b + 1) == tk.sent(a) {
                complement |= ["of", "on", "for"].contains(&tk.str(b));
                b += 1;
            } else {
                break;
            }
        }
        // "the West Mercia police", "Vulture magazine"
        if tk.has(b, lx::ORG_SUFFIX) && !tk.cap(b) && tk.sent(b) == tk.sent(a) && !tk.has(b - 1, lx::TITLE) {
            b += 1;
        }
        k = b;
        // Split off leading titles unless the rest is an organisation's name.
        let mut na = a;
        if let Some(t) = (a..b).rev().find(|&j| tk.has(j, lx::TITLE)) {
            if t + 1 < b && !(t + 1..b).any(|j| tk.has(j, lx::ORGHEAD)) {
                na = t + 1;
            } else if t + 1 == b && !(a..b).any(|j| tk.has(j, lx::ORGHEAD)) {
                continue; // a bare title ("Chinese Foreign Minister"): a role, not a name
            }
        }
        // All-capital lines are headings or bylines, not names.
        if b - na > 2 && (na..b).all(|j| tk.str(j).chars().all(|c| !c.is_lowercase())) {
            continue;
        }
        out.push(Run { a: na, b });
    }
    out
}

/// Paragraphs in title case (headlines, menus): their capitals say nothing about names. Ascending, so
/// each token's paragraph is found by binary search (menus make these lists long).
fn headline_paragraphs(tk: &Tokens) -> Vec<u32> {
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(t) = tk.get(k) {
        let para = t.para;
        let (mut words, mut caps, mut last) = (0, 0, k);
        while tk.get(k).is_some_and(|x| x.para == para) {
            if tk.is_word(k) && tk.str(k).chars().next().is_some_and(char::is_alphabetic) && tk.str(k).len() > 3 {
                words += 1;
                caps += usize::from(tk.cap(k));
            }
            last = k;
            k += 1;
        }
        let ends_sentence = matches!(tk.str(last), "." | "!" | "?" | "”" | "\"");
        if words >= 3 && caps * 10 >= words * 8 && !ends_sentence {
            out.push(para);
        }
    }
    out
}

/// Interprets the phrase `a..b` (a subject or agent of a speech verb) as a speaker.
pub fn interpret(ents: &mut Entities, tk: &Tokens, a: usize, b: usize, prefer_first: bool) -> Speaker {
    let lex = lx::get();
    if b <= a {
        return Speaker::default();
    }
    let (Some(ta), Some(tb)) = (tk.get(a), tk.get(b - 1)) else { return Speaker::default() };
    let mention = Some((ta.s, tb.e));
    let pos = ta.s;
    // A pronoun.
    if b - a == 1 && tk.has(a, lx::PRONOUN) {
        let ent = if tk.has(a, lx::AUTHOR) { ents.author } else { ents.pronoun(tk.flags(a), pos) };
        return Speaker { ent, desc: None, mention };
    }
    // Before a verb, the head comes before any preposition outside a name ("prosecutors in Los Angeles",
    // "Senator Paul of Kentucky"); the document cases keep theirs for the issuer ("the tweet from …").
    let b = (a + 1..b)
        .find(|&k| {
            tk.has(k, lx::PREP)
                && ents.mention_at(k).is_none()
                && !(tk.is(k, "of") && tk.has(k - 1, lx::QUANT))
                && (!tk.has(k - 1, lx::DOC) || prefer_first)
        })
        .unwrap_or(b);
    let Some(tb) = tk.get(b.saturating_sub(1)) else { return Speaker::default() };
    let mention = Some((ta.s, tb.e));
    // A name inside the phrase: its head (last) name, or the first one after a verb.
    let mut names = (a..b).filter_map(|k| ents.tok_mention.get(k).copied().flatten()).collect::<Vec<_>>();
    names.dedup();
    let pick = if prefer_first { names.first() } else { names.last() };
    if let Some(m) = pick.and_then(|&i| ents.names.get(i)).copied() {
        let m_tok = tk.at_byte(m.s);
        // A capital standing for its state's institutions ("according to Beijing").
        if tk.has(m_tok, lx::CAPITAL) && m.e == tk.get(m_tok).map_or(0, |t| t.e) {
            let city = tk.str(m_tok).to_lowercase();
            if let Some(words) = lex.capitals.get(&city) {
                if let Some(org) = ents.org_with_word(words, pos) {
                    return Speaker { ent: Some(org), desc: None, mention };
                }
            }
        }
        // A name that only qualifies the head ("the Kremlin spokesman") is not the speaker.
        let head_is_title =
            !prefer_first && tk.has(b - 1, lx::TITLE | lx::GROUP | lx::DOC) && !tk.cap(b - 1) && m.e < tb.e;
        if !head_is_title {
            return Speaker { ent: Some(m.ent), desc: None, mention: Some((m.s, m.e)) };
        }
    }
    // A description: its head noun decides.
    let mut h = b - 1;
    while h > a && !tk.is_word(h) {
        h -= 1;
    }
    let head = tk.str(h).to_lowercase();
    let hf = tk.flags(h);
    let start = if tk.has(a, lx::DET) && b - a > 1 { a + 1 } else { a };
    let desc_text = tk.text_of(start, b).to_string();
    if hf & lx::DOC != 0 {
        // "the ministry's statement", "Smith's letter": the possessor issued it.
        if let Some(p) = (a..h).find(|&k| crate::quotes::tokens::is_poss(tk.str(k))) {
            let named = (a..p).rev().find_map(|k| ents.mention_at(k).map(|m| m.ent));
            let ent = named.or_else(|| {
                let start = if tk.has(a, lx::DET) { a + 1 } else { a };
                (p > start && tk.has(p - 1, lx::ORGHEAD)).then(|| institution(ents, tk, start, p))
            });
            if ent.is_some() {
                return Speaker { ent, desc: None, mention };
            }
        }
        return Speaker { ent: issuer(ents, tk, h), desc: None, mention };
    }
    if hf & lx::TITLE != 0 {
        if let Some(e) = ents.by_role(&head, pos) {
            return Speaker { ent: Some(e), desc: None, mention };
        }
        return Speaker { ent: None, desc: Some(desc_text), mention };
    }
    if hf & lx::ORGHEAD != 0 && tk.has(a, lx::DET) && tk.str(a).eq_ignore_ascii_case("the") && hf & lx::GROUP == 0 {
        let e = institution(ents, tk, start, b);
        return Speaker { ent: Some(e), desc: None, mention };
    }
    // Unnamed people and groups; an unknown head noun after an article ("the man") describes someone too,
    // but not a stretch of words with a verb in it.
    let plain_np = tk.has(a, lx::DET)
        && (2..=4).contains(&(b - a))
        && (a + 1..b).all(|k| tk.is_word(k) && !tk.has(k, lx::DET | lx::SPEECH));
    if hf & lx::GROUP != 0 || plain_np {
        return Speaker { ent: None, desc: Some(desc_text), mention };
    }
    Speaker { ent: None, desc: None, mention: None }
}

/// An institution named by a definite description ("the Government", "the health ministry"): an
/// organisation named without the article.
fn institution(ents: &mut Entities, tk: &Tokens, a: usize, b: usize) -> usize {
    // "the ministry" after "the health ministry": the one already named.
    let head = tk.str(b.saturating_sub(1)).to_lowercase();
    let pos = tk.get(a).map_or(0, |t| t.s);
    if let Some(e) = ents.org_with_word(std::slice::from_ref(&head), pos) {
        return e;
    }
    let name = tk.text_of(a, b);
    let name = if tk.cap(a) {
        name.to_string()
    } else {
        let mut c = name.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    };
    ents.create(&name, EntityType::Organization)
}

/// Who issued the document named at token `h`: "by/from NAME" after it, else the same kind of document
/// credited earlier, else the last speaker that is an organisation.
fn issuer(ents: &mut Entities, tk: &Tokens, h: usize) -> Option<usize> {
    let by_after = |k: usize| -> Option<usize> {
        (k + 1..k + 10)
            .take_while(|&j| tk.sent(j) == tk.sent(k))
            .find(|&j| tk.is(j, "by") || tk.is(j, "from"))
            .and_then(|j| (j + 1..j + 4).find(|&x| ents.mention_at(x).is_some()))
            .and_then(|x| {
                // "by Stanford University's Center on Poverty": the possessed organisation.
                let m = ents.mention_at(x)?;
                let after = tk.at_byte(m.e);
                let owned = crate::quotes::tokens::is_poss(tk.str(after)).then(|| ents.mention_at(after + 1)).flatten();
                Some(owned.unwrap_or(m).ent)
            })
    };
    if let Some(e) = by_after(h) {
        return Some(e);
    }
    // "a statement from the ministry": an institution by its description.
    let from_inst = (h + 1..h + 3).find(|&j| tk.is(j, "by") || tk.is(j, "from")).and_then(|j| {
        let d = j + 1;
        let head = (d + 1..d + 4)
            .take_while(|&x| tk.is_word(x) && tk.sent(x) == tk.sent(h))
            .filter(|&x| tk.has(x, lx::ORGHEAD))
            .last()?;
        tk.is(d, "the").then_some((d + 1, head + 1))
    });
    if let Some((x, y)) = from_inst {
        return Some(institution(ents, tk, x, y));
    }
    // "an official statement" is a new document: its issuer is whoever was just speaking.
    let indefinite = (h.saturating_sub(4)..h).any(|k| tk.is(k, "a") || tk.is(k, "an"));
    if indefinite {
        return ents.last_speaker;
    }
    let word = tk.str(h).to_lowercase();
    (h.saturating_sub(3000)..h)
        .rev()
        .filter(|&k| tk.str(k).eq_ignore_ascii_case(&word))
        .find_map(|k| {
            by_after(k).or_else(|| {
                k.checked_sub(1)
                    .filter(|&p| tk.str(p) == "’s" || tk.str(p) == "'s")
                    .and_then(|p| ents.mention_at(p.wrapping_sub(1)).map(|m| m.ent))
            })
        })
        .or(ents.last_speaker)
}
