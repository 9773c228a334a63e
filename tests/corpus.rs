//! Every real page of the shared corpus through the CLI's HTML path: no panic, every span inside the
//! document text and equal to its own `text`, a markup plan whose ranges are non-empty, and the
//! language gate right on the pages that say what they are.
#![cfg(not(target_arch = "wasm32"))]

use quotelens::page::{annotate_page, PageOptions};
use std::path::PathBuf;

fn corpus() -> PathBuf {
    let shared = std::env::var("QUOTELENS_SHARED").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    shared.join("corpus/readability")
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn every_corpus_page_annotates_consistently() {
    let mut pages = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(corpus()).expect("corpus present").filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let Ok(html) = std::fs::read_to_string(dir.join("source.html")) else { continue };
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        pages += 1;
        let snap = quotelens::html::snapshot(&html, Some("http://127.0.0.1/page"));
        let out = annotate_page(&snap, &PageOptions::default());
        let text = out.result.text.as_deref().unwrap_or("");
        let n = text.chars().count();
        let ann = &out.result.annotations;
        for q in &ann.quotes {
            assert!(q.start < q.end && q.end <= n, "{name}: quote {} {}..{}", q.id, q.start, q.end);
            assert_eq!(slice(text, q.start, q.end), q.text, "{name}: quote {}", q.id);
        }
        for d in &ann.dates {
            assert!(d.start < d.end && d.end <= n, "{name}: date {}", d.id);
            assert_eq!(slice(text, d.start, d.end), d.text, "{name}: date {}", d.id);
        }
        for m in &out.plan {
            assert!(!m.ranges.is_empty() && m.ranges.iter().all(|r| r.1 < r.2), "{name}: empty range in plan");
        }
        let lang = snap.meta.lang.as_deref().unwrap_or("").to_ascii_lowercase();
        if !lang.is_empty() && !lang.starts_with("en") {
            assert!(!out.supported && ann.quotes.is_empty(), "{name}: lang {lang} is not supported");
        }
        if !out.supported {
            eprintln!("not annotated (language): {name} {lang}");
        }
        if ["cnn", "bbc-1", "guardian-1", "nytimes-1", "wapo-1", "seattletimes-1"].contains(&name.as_str()) {
            assert!(out.supported && text.chars().count() > 1500, "{name}: article text found ({} chars)", text.len());
        }
    }
    assert!(pages >= 100, "only {pages} corpus pages found");
}
