//! The WASM boundary in real browsers (headless Chromium and Firefox through wasm-bindgen-test):
//! plain JS objects in, plain JS objects out, and clear exceptions — never traps — on bad input.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use quotelens::wasm::{annotate_page_js, annotate_text_js, version};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property access")
}

fn snapshot_json() -> JsValue {
    JSON::parse(
        r#"{"elements":[{"tag":"body"},{"tag":"article","parent":0},{"tag":"nav","parent":0}],
            "blocks":[{"element":2,"nodes":["Home News"],"link_len":9},
                      {"element":1,"nodes":["“It’s no secret that 😀 weapons will require steps,” ","Dmitry Peskov"," told reporters on December 21, 2021."]}],
            "meta":{"title":"T","url":"http://127.0.0.1/a","lang":"en","meta":[["og:type","article"]],"json_ld":[],"times":["2021-12-21T10:00:00+03:00"]}}"#,
    )
    .expect("valid JSON")
}

#[wasm_bindgen_test]
fn annotates_a_snapshot_into_result_and_plan() {
    let out = annotate_page_js(snapshot_json(), JsValue::UNDEFINED).expect("annotates");
    assert_eq!(get(&out, "is_article"), JsValue::TRUE);
    assert_eq!(get(&out, "supported"), JsValue::TRUE);
    let result = get(&out, "result");
    assert_eq!(get(&result, "published").as_string().as_deref(), Some("2021-12-21"));
    let text = get(&result, "text").as_string().expect("text");
    assert!(text.starts_with("“It’s no secret"), "navigation is not article text: {text}");
    assert!(!text.contains("Home News"));
    assert!(Array::is_array(&get(&result, "quotes")));
    assert!(Array::is_array(&get(&out, "plan")));
}

#[wasm_bindgen_test]
fn plan_ranges_are_utf16_offsets_into_nodes() {
    let out = annotate_page_js(snapshot_json(), JsValue::UNDEFINED).expect("annotates");
    let plan: Array = get(&out, "plan").into();
    for mark in plan.iter() {
        let ranges: Array = get(&mark, "ranges").into();
        for r in ranges.iter() {
            let r: Array = r.into();
            let (start, end) = (r.get(1).as_f64().unwrap_or(-1.0), r.get(2).as_f64().unwrap_or(-1.0));
            assert!(0.0 <= start && start < end, "range {start}..{end}");
        }
    }
}

#[wasm_bindgen_test]
fn bad_snapshots_throw_clear_errors() {
    let err = annotate_page_js(JsValue::from_str("not a snapshot"), JsValue::UNDEFINED).expect_err("rejects");
    let msg = get(&JsValue::from(err), "message").as_string().unwrap_or_default();
    assert!(msg.contains("bad snapshot"), "{msg}");
    let missing_blocks = Object::new();
    assert!(annotate_page_js(missing_blocks.into(), JsValue::NULL).is_err());
}

#[wasm_bindgen_test]
fn annotates_odd_unicode_text_without_trapping() {
    let text = "«مرحبا» he said. “e\u{301}😀\u{202e}x” 👩‍👩‍👧 ‘quoted’ \"unclosed";
    let out = annotate_text_js(text, Some("2021-12-21".into())).expect("annotates");
    let n = text.chars().count() as f64;
    for layer in ["quotes", "dates", "sources"] {
        let items: Array = get(&out, layer).into();
        for x in items.iter() {
            assert!(get(&x, "end").as_f64().unwrap_or(f64::MAX) <= n);
        }
    }
    assert!(!version().is_empty());
}

#[wasm_bindgen_test]
fn exports_every_format_from_the_browser() {
    use quotelens::wasm::export_results_js;
    let out = annotate_page_js(snapshot_json(), JsValue::UNDEFINED).expect("annotates");
    let results = Array::of1(&get(&out, "result"));
    let meta = JSON::parse(r#"{"exported":"2026-11-28T00:00:00Z"}"#).expect("json");
    let json = export_results_js(results.clone().into(), "json", meta.clone(), JsValue::NULL).expect("json export");
    let parsed = JSON::parse(&json).expect("valid JSON");
    assert_eq!(get(&parsed, "exported").as_string().as_deref(), Some("2026-11-28T00:00:00Z"));
    assert!(Array::is_array(&get(&parsed, "corrections")));
    let csv = export_results_js(results.clone().into(), "csv", meta.clone(), JsValue::NULL).expect("csv");
    assert!(csv.starts_with("id,group,kind,speaker,role,quote,cue,when,source,url\r\n"));
    let w3c = export_results_js(results.clone().into(), "w3c", meta.clone(), JsValue::NULL).expect("w3c");
    assert_eq!(
        get(&JSON::parse(&w3c).expect("valid JSON"), "type").as_string().as_deref(),
        Some("AnnotationCollection")
    );
    assert!(export_results_js(results.into(), "xml", meta, JsValue::NULL).is_err());
}

#[wasm_bindgen_test]
fn annotates_with_the_readers_corrections() {
    use quotelens::wasm::export_results_js;
    let plain = annotate_page_js(snapshot_json(), JsValue::UNDEFINED).expect("annotates");
    let quotes: Array = get(&get(&plain, "result"), "quotes").into();
    let first = quotes.get(0);
    let id = get(&first, "id").as_string().expect("quote id");
    // The page output's anchor is what a correction targets.
    let anchor = get(&get(&plain, "anchors"), &id);
    assert_eq!(get(&get(&anchor, "selector"), "type").as_string().as_deref(), Some("TextQuoteSelector"));
    assert!(get(&anchor, "link").as_string().is_some_and(|l| l.starts_with("http://127.0.0.1/a#:~:text=")));
    let corrections = Array::new();
    let c = Object::new();
    Reflect::set(&c, &"id".into(), &"c-1".into()).expect("set");
    Reflect::set(&c, &"action".into(), &"speaker".into()).expect("set");
    Reflect::set(&c, &"speaker".into(), &"Jane Roe".into()).expect("set");
    Reflect::set(&c, &"target".into(), &get(&anchor, "selector")).expect("set");
    corrections.push(&c);
    corrections.push(
        &JSON::parse(
            r#"{"id":"c-2","action":"dismiss","target":{"exact":"not in the page"}}"#,
        )
        .expect("json"),
    );
    corrections.push(&JSON::parse(r#"{"id":"c-3","action":"dismiss","target":5}"#).expect("json"));
    let options = Object::new();
    Reflect::set(&options, &"corrections".into(), &corrections).expect("set");
    let out = annotate_page_js(snapshot_json(), options.into()).expect("annotates with corrections");
    let fates: Array = get(&out, "corrections").into();
    let fate =
        |i: u32| (get(&fates.get(i), "id").as_string().unwrap_or_default(), get(&fates.get(i), "anchored").as_bool());
    assert_eq!(fate(0), ("c-1".to_string(), Some(true)));
    assert_eq!(fate(1), ("c-2".to_string(), Some(false)));
    assert_eq!(fate(2), ("c-3".to_string(), Some(false)));
    assert!(get(&fates.get(2), "error").as_string().is_some(), "a malformed record says why");
    let result = get(&out, "result");
    let corrected: Array = get(&result, "quotes").into();
    assert_eq!(get(&corrected.get(0), "speaker").as_string().as_deref(), Some("Jane Roe"));
    assert_eq!(
        JSON::stringify(&get(&corrected.get(0), "corrections")).ok().and_then(|s| s.as_string()).as_deref(),
        Some(r#"["c-1"]"#)
    );
    // The plan shows it, the audit counts it.
    let plan: Array = get(&out, "plan").into();
    let marked = plan.iter().any(|m| {
        let attrs: Array = get(&m, "attrs").into();
        attrs.iter().any(|a| {
            let a: Array = a.into();
            a.get(0).as_string().as_deref() == Some("data-ql-corrected")
                && a.get(1).as_string().as_deref() == Some("c-1")
        })
    });
    assert!(marked, "the corrected quote's highlight carries data-ql-corrected");
    let audit = get(&out, "audit");
    assert_eq!(get(&Array::from(&get(&audit, "speakers")).get(0), "name").as_string().as_deref(), Some("Jane Roe"));
    // The JSON export of the corrected result carries its corrections (for Import) and its audit.
    let record = Object::assign(&Object::new(), &Object::from(result.clone()));
    Reflect::set(&record, &"corrections".into(), &corrections).expect("set");
    let meta = JSON::parse(r#"{"exported":"2026-11-28T00:00:00Z"}"#).expect("json");
    let json =
        export_results_js(Array::of1(&record).into(), "json", meta.clone(), JsValue::UNDEFINED).expect("json export");
    let parsed = JSON::parse(&json).expect("valid JSON");
    let exported: Array = get(&parsed, "corrections").into();
    assert_eq!(exported.length(), 3);
    assert!(get(&exported.get(0), "target").is_object());
    // A selector stored without its type is written back as the TextQuoteSelector it is (Import checks it).
    assert_eq!(get(&get(&exported.get(1), "target"), "type").as_string().as_deref(), Some("TextQuoteSelector"));
    assert_eq!(get(&get(&parsed, "audit"), "named").as_f64(), Some(1.0));
    // A collection: one record set per article, each with its own corrections.
    let other = Object::assign(&Object::new(), &Object::from(get(&plain, "result")));
    let both = Array::of2(&record, &other);
    let json = export_results_js(both.into(), "json", meta, JsValue::NULL).expect("collection export");
    let parsed: Array = JSON::parse(&json).expect("valid JSON").into();
    assert_eq!(parsed.length(), 2);
    assert_eq!(Array::from(&get(&parsed.get(0), "corrections")).length(), 3);
    assert_eq!(Array::from(&get(&parsed.get(1), "corrections")).length(), 0);
}

/// The boundary reads snapshots field by field; it must read exactly what serde reads from the same object.
#[wasm_bindgen_test]
fn the_snapshot_reader_agrees_with_serde() {
    use quotelens::snapshot::Snapshot;
    let full = JSON::parse(
        r#"{"elements":[{"tag":"body"},{"tag":"article","parent":0,"role":"main","tokens":["story","body"]}],
            "blocks":[{"element":1,"nodes":["A “quote”, ",null," 😀 e\u0301"],"link_len":3,"pre":true},{"nodes":[]}],
            "meta":{"title":"T","url":"http://x/a","canonical":"http://x/c","lang":"en-GB",
                    "meta":[["og:type","article"],["author","A B"]],"json_ld":["{}"],"times":["2021-12-21"]}}"#,
    )
    .expect("json");
    for snap in [full, snapshot_json(), JSON::parse(r#"{"blocks":[]}"#).expect("json")] {
        let by_serde: Snapshot = serde_wasm_bindgen::from_value(snap.clone()).expect("serde reads it");
        let by_hand = quotelens::wasm::read_snapshot(&snap).map_err(|_| "rejected").expect("the boundary reads it");
        assert_eq!(by_hand, by_serde);
    }
}
