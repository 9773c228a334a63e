//! Property tests: thousands of generated texts and snapshots built from news-like words, every quote
//! mark, odd Unicode (astral, combining, right-to-left, zero-width) and broken structure. Every result
//! must satisfy `quotelens::invariants` and be deterministic. The generator is seeded, so a failure
//! prints the seed and replays. (The open-ended search is the fuzzers' job: see fuzz/README.md.)
#![cfg(not(target_arch = "wasm32"))]

use quotelens::annotate::{annotate, Document};
use quotelens::invariants::{check_annotations, check_plan};
use quotelens::page::{annotate_page, PageOptions};
use quotelens::snapshot::{Block, Element, Snapshot};

const PIECES: &[&str] = &[
    "said",
    "says",
    "told",
    "he",
    "she",
    "they",
    "It’s",
    "’90s",
    "5'11\"",
    "Dmitry Peskov",
    "Peskov",
    "the Ministry",
    "the Kremlin spokesman,",
    "an official statement read",
    "according to",
    "Reuters",
    "(AFP)",
    "Sputnik reports",
    "Source:",
    "Picture:",
    "Tuesday,",
    "December 21",
    "21.12.2021",
    "2021",
    "last week",
    "two days ago",
    "5 p.m.",
    "May",
    "March",
    "yesterday",
    "“",
    "”",
    "\"",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "‹",
    "›",
    "「",
    "」",
    ",",
    ".",
    ":",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "😀",
    "👩‍👩‍👧",
    "e\u{301}",
    "\u{202e}",
    "\u{200b}",
    "مرحبا",
    "שלום",
    "漢字",
    "\u{feff}",
    "\r\n",
    "—",
    "-",
    "...",
    "…",
    "[the]",
    "(",
    ")",
    "Mr",
    "Dr.",
    "U.S.",
    "No.",
    "3.5%",
    "$4.8 billion",
    "10:30",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: small, deterministic, good enough to mix pieces.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn text(&mut self, max_pieces: usize) -> String {
        let n = self.below(max_pieces + 1);
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(PIECES[self.below(PIECES.len())]);
            if self.below(3) > 0 {
                s.push(' ');
            }
        }
        s
    }
}

#[test]
fn generated_texts_keep_every_invariant() {
    for seed in 1..=3000u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let text = rng.text(120);
        let published = if seed % 3 == 0 { None } else { chrono::NaiveDate::from_ymd_opt(2021, 12, 21) };
        let doc = Document { text: &text, published, lang: Some("en") };
        let ann = annotate(&doc);
        if let Err(e) = check_annotations(&text, &ann) {
            panic!("seed {seed}: {e}\ntext: {text:?}");
        }
        assert_eq!(ann, annotate(&doc), "seed {seed}: not deterministic");
    }
}

#[test]
fn generated_snapshots_give_valid_plans() {
    for seed in 1..=1500u64 {
        let mut rng = Rng(seed.wrapping_mul(0xbf58_476d_1ce4_e5b9) | 1);
        let mut snap =
            Snapshot { elements: vec![Element { tag: "body".into(), ..Element::default() }], ..Snapshot::default() };
        for _ in 0..rng.below(8) {
            let parent = Some(rng.below(snap.elements.len()) as u32);
            let tag = ["p", "div", "article", "nav", "li", "blockquote"][rng.below(6)];
            snap.elements.push(Element { tag: tag.into(), parent, ..Element::default() });
        }
        for _ in 0..1 + rng.below(6) {
            let nodes =
                (0..1 + rng.below(5)).map(|_| if rng.below(6) == 0 { None } else { Some(rng.text(30)) }).collect();
            let element = Some(rng.below(snap.elements.len()) as u32);
            snap.blocks.push(Block { element, nodes, link_len: rng.below(20), pre: rng.below(8) == 0 });
        }
        let out = annotate_page(&snap, &PageOptions { force: true, ..PageOptions::default() });
        let text = out.result.text.as_deref().unwrap_or("");
        if let Err(e) = check_annotations(text, &out.result.annotations).and_then(|_| check_plan(&snap, &out.plan)) {
            panic!("seed {seed}: {e}\nsnapshot: {snap:?}");
        }
    }
}

/// The plan and the result agree character for character: the UTF-16 ranges of each quote's marks, read out
/// of the snapshot's text nodes, give the quote's text (white space aside: the document text collapses it and
/// adds line breaks for `<br>`, which no node holds), so
/// UTF-8 → code point → UTF-16 conversions are exact across astral characters and combining marks; and the
/// page path is deterministic.
#[test]
fn plan_ranges_spell_their_quotes() {
    let collapse = |s: &str| s.split_whitespace().collect::<String>();
    let mut checked = 0;
    for seed in 1..=800u64 {
        let mut rng = Rng(seed.wrapping_mul(0x94d0_49bb_1331_11eb) | 1);
        let mut snap =
            Snapshot { elements: vec![Element { tag: "body".into(), ..Element::default() }], ..Snapshot::default() };
        for _ in 0..1 + rng.below(5) {
            snap.elements.push(Element { tag: "p".into(), parent: Some(0), ..Element::default() });
            let element = Some((snap.elements.len() - 1) as u32);
            let nodes = (0..1 + rng.below(4)).map(|_| Some(rng.text(25))).collect();
            snap.blocks.push(Block { element, nodes, link_len: 0, pre: false });
        }
        let opts = PageOptions { force: true, ..PageOptions::default() };
        let out = annotate_page(&snap, &opts);
        let again = annotate_page(&snap, &opts);
        assert_eq!(out.result, again.result, "seed {seed}: not deterministic");
        assert_eq!(out.plan, again.plan, "seed {seed}: plan not deterministic");
        let nodes: Vec<Vec<u16>> =
            snap.blocks.iter().flat_map(|b| b.nodes.iter().flatten()).map(|s| s.encode_utf16().collect()).collect();
        for q in &out.result.annotations.quotes {
            let mut spelled = String::new();
            for m in out
                .plan
                .iter()
                .filter(|m| m.layer == "quote" && m.attrs.iter().any(|(k, v)| k == "data-ql-id" && *v == q.id))
            {
                for &(n, s, e) in &m.ranges {
                    let units = nodes.get(n as usize).and_then(|u| u.get(s as usize..e as usize));
                    let units = units.unwrap_or_else(|| panic!("seed {seed}: range {n}:{s}..{e} outside its node"));
                    spelled.push_str(
                        &String::from_utf16(units).unwrap_or_else(|_| panic!("seed {seed}: range splits a pair")),
                    );
                }
            }
            // A quote the plan leaves unmarked (it would cross another layer's boundary) has nothing to spell.
            if spelled.is_empty() {
                continue;
            }
            checked += 1;
            assert_eq!(
                collapse(&spelled),
                collapse(&q.text),
                "seed {seed}: quote {} spelled by its marks\nsnapshot: {snap:?}",
                q.id
            );
        }
    }
    assert!(checked > 300, "only {checked} quotes were marked: the generator no longer makes quotes");
}

/// Byte ↔ code-point conversions are exact at every character boundary, for texts full of astral
/// characters, combining marks and right-to-left script.
#[test]
fn offsets_round_trip_at_every_boundary() {
    for seed in 1..=500u64 {
        let mut rng = Rng(seed.wrapping_mul(0xd6e8_feb8_6659_fd93) | 1);
        let text = rng.text(200);
        let idx = quotelens::offsets::CpIndex::new(&text);
        for (cp, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.cp(b), cp, "seed {seed}: byte {b}");
            assert_eq!(idx.byte(cp), b, "seed {seed}: code point {cp}");
        }
        let n = text.chars().count();
        assert_eq!((idx.cp(text.len()), idx.byte(n)), (n, text.len()), "seed {seed}: the end");
        assert_eq!(quotelens::offsets::utf16_len(&text), text.encode_utf16().count());
    }
}

/// Inputs the fuzzers once broke (tests/regressions/*.txt), replayed with and without a publication date.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/regressions") {
        let path = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        n += 1;
        for published in [None, chrono::NaiveDate::from_ymd_opt(2021, 12, 21)] {
            let ann = annotate(&Document { text: &text, published, lang: Some("en") });
            if let Err(e) = check_annotations(&text, &ann) {
                panic!("{}: {e}", path.display());
            }
        }
    }
    assert!(n > 0, "no regression inputs found");
}
