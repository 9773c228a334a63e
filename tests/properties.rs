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
