//! The text engine on arbitrary UTF-8: no panic, every invariant, deterministic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use quotelens::annotate::{annotate, Document};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let published = chrono_date(data.len());
    let doc = Document { text, published, lang: Some("en") };
    let ann = annotate(&doc);
    if let Err(e) = quotelens::invariants::check_annotations(text, &ann) {
        panic!("{e}");
    }
    assert_eq!(ann, annotate(&doc), "not deterministic");
});

/// Half the inputs run without a publication date, half with one.
fn chrono_date(n: usize) -> Option<chrono::NaiveDate> {
    (n % 2 == 0).then(|| quotelens::published::parse_date_prefix("2021-12-21")).flatten()
}
