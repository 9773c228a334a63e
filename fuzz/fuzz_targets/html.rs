//! The HTML path: arbitrary bytes as a page → snapshot → article → annotations → markup plan.
#![no_main]
use libfuzzer_sys::fuzz_target;
use quotelens::page::{annotate_page, PageOptions};

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let snap = quotelens::html::snapshot(&html, Some("http://127.0.0.1/"));
    let out = annotate_page(&snap, &PageOptions { force: true, ..PageOptions::default() });
    let text = out.result.text.as_deref().unwrap_or("");
    if let Err(e) = quotelens::invariants::check_annotations(text, &out.result.annotations)
        .and_then(|_| quotelens::invariants::check_plan(&snap, &out.plan))
    {
        panic!("{e}");
    }
});
