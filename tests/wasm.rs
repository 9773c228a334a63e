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
