//! The JSONL record reader on arbitrary lines: a record or a message, never a panic; a record's text
//! then goes through the engine.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    if let Ok(rec) = quotelens::record::parse_record(line) {
        let doc = quotelens::annotate::Document { text: &rec.text, published: rec.published, lang: None };
        let ann = quotelens::annotate::annotate(&doc);
        if let Err(e) = quotelens::invariants::check_annotations(&rec.text, &ann) {
            panic!("{e}");
        }
    }
});
