//! Every real page of the shared corpus through the CLI's HTML path: no panic, the invariants of
//! `quotelens::invariants` on the result and the markup plan, and the language gate right on the pages
//! that say what they are.
#![cfg(not(target_arch = "wasm32"))]

use quotelens::invariants::{check_annotations, check_plan};
use quotelens::page::{annotate_page, PageOptions};
use std::path::PathBuf;

fn corpus() -> PathBuf {
    let shared = std::env::var("QUOTELENS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    shared.join("corpus/readability")
}

#[test]
fn every_corpus_page_annotates_consistently() {
    let mut pages = 0;
    let mut dirs: Vec<_> =
        std::fs::read_dir(corpus()).expect("corpus present").filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let Ok(html) = std::fs::read_to_string(dir.join("source.html")) else { continue };
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        pages += 1;
        let snap = quotelens::html::snapshot(&html, Some("http://127.0.0.1/page"));
        let out = annotate_page(&snap, &PageOptions::default());
        let text = out.result.text.as_deref().unwrap_or("");
        let ann = &out.result.annotations;
        if let Err(e) = check_annotations(text, ann).and_then(|_| check_plan(&snap, &out.plan)) {
            panic!("{name}: {e}");
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
