//! The reader's corrections, pinned by data files (`tests/cases/corrections/*.json`, format in its README)
//! that give the quotes themselves, so they test the corrections and not the engine; and the sourcing
//! audit of the reference article, as issue 6 names it, from its text and from its page.
#![cfg(not(target_arch = "wasm32"))]

use quotelens::audit::{audit, Audit};
use quotelens::corrections::{apply, from_values};
use quotelens::model::{Annotations, DocResult, Entity, EntityType, Quote, QuoteKind};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

fn kind(k: &str) -> QuoteKind {
    match k {
        "direct" => QuoteKind::Direct,
        "partial" => QuoteKind::Partial,
        "indirect" => QuoteKind::Indirect,
        other => panic!("unknown kind {other:?} in a case"),
    }
}

/// The case's quotes as an engine result over `text`.
fn annotations(text: &str, quotes: &[Value]) -> Annotations {
    let mut ann = Annotations::default();
    for (i, q) in quotes.iter().enumerate() {
        let exact = q["text"].as_str().expect("quote text");
        let nth = q["at"].as_u64().unwrap_or(1) as usize;
        let byte = text.match_indices(exact).nth(nth - 1).map(|(b, _)| b).unwrap_or_else(|| {
            panic!("quote {exact:?} (occurrence {nth}) is not in the text");
        });
        let start = text[..byte].chars().count();
        let speaker = q["speaker"].as_str().map(str::to_string);
        let entity = speaker.as_ref().map(|name| match ann.entities.iter().find(|e| &e.name == name) {
            Some(e) => e.id.clone(),
            None => {
                let id = format!("e{}", ann.entities.len() + 1);
                ann.entities.push(Entity {
                    id: id.clone(),
                    name: name.clone(),
                    kind: EntityType::Person,
                    role: None,
                    mentions: Vec::new(),
                });
                id
            }
        });
        let group = q["group"].as_u64().map_or(i, |g| g as usize);
        ann.quotes.push(Quote {
            id: format!("q{}", i + 1),
            start,
            end: start + exact.chars().count(),
            text: exact.to_string(),
            kind: kind(q["kind"].as_str().expect("quote kind")),
            group: format!("q{}", group + 1),
            speaker,
            speaker_description: q["description"].as_str().map(str::to_string),
            entity,
            cue: None,
            mention: None,
            when: None,
            source: None,
            corrections: Vec::new(),
        });
    }
    ann
}

fn describe(q: &Quote) -> String {
    let who = match (&q.speaker, &q.speaker_description) {
        (Some(n), _) => n.clone(),
        (None, Some(d)) => format!("({d})"),
        (None, None) => "?".into(),
    };
    let mut s = format!("{} [{}] {} {who}: {}", q.id, q.group, q.kind.as_str(), q.text);
    if !q.corrections.is_empty() {
        let _ = write!(s, " {{{}}}", q.corrections.join(","));
    }
    s
}

#[test]
fn correction_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/corrections");
    let mut failures = String::new();
    let mut n = 0;
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("tests/cases/corrections").flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let cases: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("valid JSON");
        for case in &cases {
            n += 1;
            let name = format!("{}: {}", path.file_name().unwrap_or_default().to_string_lossy(), case["name"]);
            let text = case["text"].as_str().expect("text");
            let mut ann = annotations(text, case["quotes"].as_array().map_or(&[][..], Vec::as_slice));
            let corrections = from_values(case["corrections"].as_array().cloned().unwrap_or_default());
            let fates = apply(text, &mut ann, &corrections);
            let got: Vec<String> = ann.quotes.iter().map(describe).collect();
            let want: Vec<String> = case["expect"]
                .as_array()
                .expect("expect")
                .iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect();
            if got != want {
                let _ = writeln!(failures, "{name}\n  want {want:#?}\n  got  {got:#?}");
            }
            let got_fates: Vec<String> = fates
                .iter()
                .map(|f| match (&f.error, f.anchored) {
                    (Some(e), _) => format!("{} error: {e}", f.id),
                    (None, true) => format!("{} anchored", f.id),
                    (None, false) => format!("{} unanchored", f.id),
                })
                .collect();
            let want_fates: Vec<&str> =
                case["fates"].as_array().expect("fates").iter().filter_map(Value::as_str).collect();
            let fates_ok = got_fates.len() == want_fates.len()
                && got_fates
                    .iter()
                    .zip(&want_fates)
                    .all(|(g, w)| g == w || (w.contains(" error: ") && g.starts_with(w)));
            if !fates_ok {
                let _ = writeln!(failures, "{name}\n  want fates {want_fates:?}\n  got  fates {got_fates:?}");
            }
            if case["invariants"].as_bool() != Some(false) {
                if let Err(e) = quotelens::invariants::check_annotations(text, &ann) {
                    let _ = writeln!(failures, "{name}\n  breaks an invariant: {e}");
                }
            }
        }
    }
    assert!(n >= 15, "only {n} correction cases found in {}", dir.display());
    assert!(failures.is_empty(), "failing correction cases:\n{failures}");
}

/// Applying no corrections changes nothing, byte for byte (Contract 1 output is untouched).
#[test]
fn no_corrections_no_change() {
    let text = std::fs::read_to_string(seed_text()).expect("seed article");
    let doc = quotelens::annotate::Document { text: &text, published: None, lang: Some("en") };
    let mut ann = quotelens::annotate::annotate(&doc);
    let before = serde_json::to_string(&ann).expect("json");
    assert!(apply(&text, &mut ann, &[]).is_empty());
    assert_eq!(serde_json::to_string(&ann).expect("json"), before);
    assert!(!before.contains("\"corrections\""), "an uncorrected quote lists no corrections");
}

fn seed_text() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/articles/seed-sputnik-2021-12-21.txt")
}

fn names<'a>(list: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    list.collect()
}

/// Issue 6: four named speakers, one unnamed group (Russian diplomats), two outlets credited (Sputnik,
/// RT; the picture credit apart), and people mentioned but never quoted (Yuri Ushakov, Jake Sullivan).
fn check_seed_audit(a: &Audit, what: &str) {
    let mut named: Vec<&str> = a.speakers.iter().filter(|s| s.kind.is_some()).map(|s| s.name.as_str()).collect();
    named.sort_unstable();
    assert_eq!(named, ["Chinese Foreign Ministry", "Dmitry Peskov", "Konstantin Gavrilov", "Wang Yi"], "{what}: {a:?}");
    assert_eq!((a.named, a.people, a.organizations, a.unnamed), (4, 3, 1, 1), "{what}");
    assert_eq!(names(a.anonymous.iter().map(|x| x.description.as_str())), ["Russian diplomats"], "{what}");
    assert_eq!(a.anonymous[0].quotes.len(), 1, "{what}");
    assert_eq!(names(a.outlets.iter().map(|o| o.outlet.as_str())), ["Sputnik", "RT"], "{what}");
    assert_eq!(names(a.pictures.iter().map(|o| o.outlet.as_str())), ["AiF"], "{what}");
    let unquoted = names(a.unquoted.iter().map(|u| u.name.as_str()));
    for who in ["Yuri Ushakov", "Jake Sullivan"] {
        assert!(unquoted.contains(&who), "{what}: {who} is mentioned but not quoted: {unquoted:?}");
    }
    for u in &a.unquoted {
        assert!(a.speakers.iter().all(|s| s.name != u.name), "{what}: {} is quoted", u.name);
        assert_ne!(u.kind, EntityType::Media, "{what}: outlets are listed as outlets");
    }
    assert_eq!(a.unattributed, 0, "{what}");
    assert!(a.direct >= 5 && a.partial >= 2 && a.indirect >= 8, "{what}: {a:?}");
    // Shares add up to about 100 and follow the words.
    let total: usize = a.speakers.iter().map(|s| s.share).sum();
    assert!((98..=102).contains(&total), "{what}: shares add up to {total}");
    assert!(a.speakers.windows(2).all(|w| w[0].words >= w[1].words), "{what}: most words first");
    assert_eq!(a.speakers.iter().map(|s| s.words).sum::<usize>(), a.words, "{what}");
}

#[test]
fn the_seed_articles_sourcing_audit() {
    let text = std::fs::read_to_string(seed_text()).expect("seed article");
    let published = chrono::NaiveDate::from_ymd_opt(2021, 12, 21);
    let doc = quotelens::annotate::Document { text: &text, published, lang: Some("en") };
    let result = DocResult {
        id: "seed".into(),
        published: Some("2021-12-21".into()),
        lang: Some("en".into()),
        title: None,
        url: None,
        text: Some(text.clone()),
        annotations: quotelens::annotate::annotate(&doc),
        corrections: Vec::new(),
    };
    check_seed_audit(&audit(&result), "text");

    let html = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-sputnik-2021-12-21.html"),
    )
    .expect("seed page");
    let snap = quotelens::html::snapshot(&html, Some("http://127.0.0.1/seed.html"));
    let out = quotelens::page::annotate_page(&snap, &Default::default());
    check_seed_audit(&out.audit, "page");
    // Every quote has its anchor, and the anchor finds the quote again.
    let text = out.result.text.as_deref().unwrap_or("");
    assert_eq!(out.anchors.0.len(), out.result.annotations.quotes.len());
    for q in &out.result.annotations.quotes {
        let a = out.anchors.get(&q.id).expect("an anchor for every quote");
        assert_eq!(a.selector.exact, q.text);
        assert!(a.link.as_deref().is_some_and(|l| l.starts_with("http://127.0.0.1/seed.html#:~:text=")), "{a:?}");
        let c = quotelens::corrections::Correction {
            id: "k".into(),
            action: "kind".into(),
            kind: Some(q.kind.as_str().into()),
            target: Some(a.selector.clone()),
            ..Default::default()
        };
        let mut ann = out.result.annotations.clone();
        let fates = apply(text, &mut ann, &[c]);
        assert!(fates[0].anchored, "{} does not anchor by its own selector", q.id);
        let hit: Vec<&Quote> = ann.quotes.iter().filter(|x| !x.corrections.is_empty()).collect();
        assert_eq!(hit.len(), 1);
        assert_eq!((hit[0].start, hit[0].end), (q.start, q.end), "{}: its selector anchors on another quote", q.id);
    }
}

/// The reader's corrections change the page output everywhere: the result, the plan, the audit.
#[test]
fn corrections_show_in_the_page_output() {
    let html = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-sputnik-2021-12-21.html"),
    )
    .expect("seed page");
    let snap = quotelens::html::snapshot(&html, Some("http://127.0.0.1/seed.html"));
    let plain = quotelens::page::annotate_page(&snap, &Default::default());
    let diplomats = plain
        .result
        .annotations
        .quotes
        .iter()
        .find(|q| q.speaker_description.as_deref() == Some("Russian diplomats"))
        .expect("the diplomats' quote");
    let target = plain.anchors.get(&diplomats.id).expect("anchor").selector.clone();
    let corrections = from_values(
        serde_json::from_value(serde_json::json!([
            {"id": "c-1", "action": "speaker", "speaker": "Maria Zakharova", "target": target},
            {"id": "c-2", "action": "dismiss", "target": {"type": "TextQuoteSelector", "exact": "united like a rock."}},
            {"id": "c-3", "action": "dismiss", "target": {"type": "TextQuoteSelector", "exact": "not on this page"}},
        ]))
        .expect("json"),
    );
    let opts = quotelens::page::PageOptions { corrections, ..Default::default() };
    let out = quotelens::page::annotate_page(&snap, &opts);
    let fates: Vec<(&str, bool)> = out.corrections.iter().map(|f| (f.id.as_str(), f.anchored)).collect();
    assert_eq!(fates, [("c-1", true), ("c-2", true), ("c-3", false)]);
    let quotes = &out.result.annotations.quotes;
    assert_eq!(quotes.len(), plain.result.annotations.quotes.len() - 1);
    let corrected = quotes.iter().find(|q| q.corrections == ["c-1"]).expect("the corrected quote");
    assert_eq!(corrected.speaker.as_deref(), Some("Maria Zakharova"));
    assert!(quotes.iter().all(|q| q.text != "united like a rock."));
    // The plan marks the corrected quote; the audit counts the new speaker and no longer the group.
    let marked = out.plan.iter().find(|m| m.attrs.iter().any(|(k, v)| k == "data-ql-id" && *v == corrected.id));
    let attrs = &marked.expect("a mark for the corrected quote").attrs;
    assert!(attrs.iter().any(|(k, v)| k == "data-ql-corrected" && v == "c-1"), "{attrs:?}");
    assert!(attrs.iter().any(|(k, v)| k == "data-ql-speaker" && v == "Maria Zakharova"));
    assert_eq!((out.audit.named, out.audit.unnamed), (5, 0));
    assert!(out.audit.speakers.iter().any(|s| s.name == "Maria Zakharova"));
    quotelens::invariants::check_annotations(out.result.text.as_deref().unwrap_or(""), &out.result.annotations)
        .expect("the corrected result keeps the invariants");
    quotelens::invariants::check_plan(&snap, &out.plan).expect("a valid plan");
}
