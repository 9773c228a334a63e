//! The WASM boundary: plain data in and out, so the extension and the CLI see one core.
//! Nothing here may panic on page input: errors come back as JS exceptions with a message.

use crate::corrections::{Correction, TextQuoteSelector};
use crate::page::{annotate_page, PageOptions};
use crate::snapshot::Snapshot;
use js_sys::{Array, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Results go out as JSON text that the engine's own `JSON.parse` reads: every type then has one
/// serialiser (serde_json's, which the exports need anyway) instead of two, which keeps the .wasm small.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&json(value)?).map_err(|_| JsError::new("quotelens: cannot return result"))
}

fn json<T: Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&format!("quotelens: cannot write result: {e}")))
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("quotelens: bad {what}: {e}")))
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn strings(v: &JsValue) -> Vec<String> {
    list(v).iter().filter_map(|x| x.as_string()).collect()
}

fn list(v: &JsValue) -> Array {
    if Array::is_array(v) {
        Array::from(v)
    } else {
        Array::new()
    }
}

fn index(v: &JsValue) -> Option<u32> {
    v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u32)
}

/// Reads a page snapshot (`snapshot.rs`) field by field: the hot path's input, read without a generic
/// deserialiser (2.4 KB less .wasm gzipped). Pinned against serde's reading in `tests/wasm.rs`; adding a
/// field to the snapshot types fails to compile here until it is read.
pub fn read_snapshot(v: &JsValue) -> Result<Snapshot, JsError> {
    use crate::snapshot::{Block, Element, PageMeta};
    let blocks = get(v, "blocks");
    if !Array::is_array(&blocks) {
        return Err(JsError::new("quotelens: bad snapshot: no list of blocks"));
    }
    let text = |o: &JsValue, k: &str| get(o, k).as_string();
    let elements = list(&get(v, "elements"))
        .iter()
        .map(|e| Element {
            tag: text(&e, "tag").unwrap_or_default(),
            parent: index(&get(&e, "parent")),
            role: text(&e, "role"),
            tokens: strings(&get(&e, "tokens")),
        })
        .collect();
    let blocks = list(&blocks)
        .iter()
        .map(|b| Block {
            element: index(&get(&b, "element")),
            nodes: list(&get(&b, "nodes")).iter().map(|n| n.as_string()).collect(),
            link_len: index(&get(&b, "link_len")).unwrap_or(0) as usize,
            pre: get(&b, "pre").as_bool().unwrap_or(false),
        })
        .collect();
    let m = get(v, "meta");
    let pairs = list(&get(&m, "meta"))
        .iter()
        .map(|p| (get(&p, "0").as_string().unwrap_or_default(), get(&p, "1").as_string().unwrap_or_default()))
        .collect();
    let meta = PageMeta {
        title: text(&m, "title"),
        url: text(&m, "url"),
        canonical: text(&m, "canonical"),
        lang: text(&m, "lang"),
        meta: pairs,
        json_ld: strings(&get(&m, "json_ld")),
        times: strings(&get(&m, "times")),
    };
    Ok(Snapshot { elements, blocks, meta })
}

/// A TextQuoteSelector field of a correction; anything else (absent, wrong type, no `exact`) is none.
fn selector(c: &JsValue, key: &str) -> Option<TextQuoteSelector> {
    let s = get(c, key);
    let text = |k: &str| get(&s, k).as_string();
    s.is_object().then(|| TextQuoteSelector {
        kind: text("type").unwrap_or_else(|| "TextQuoteSelector".into()),
        exact: text("exact").unwrap_or_default(),
        prefix: text("prefix").unwrap_or_default(),
        suffix: text("suffix").unwrap_or_default(),
    })
}

/// Reads a list of corrections record by record and field by field, so a malformed record (a field of
/// the wrong type, not an object) fails alone when applied, listed with its reason; no serde code for
/// them in the .wasm.
fn corrections_from(list: &JsValue) -> Vec<Correction> {
    self::list(list)
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let text = |k: &str| get(&c, k).as_string();
            Correction {
                id: text("id").unwrap_or_else(|| format!("#{}", i + 1)),
                action: text("action").unwrap_or_default(),
                target: selector(&c, "target"),
                speaker: text("speaker"),
                kind: text("kind"),
                span: selector(&c, "span"),
                created: text("created"),
                malformed: (!c.is_object()).then(|| "not an object".to_string()),
            }
        })
        .collect()
}

/// Annotates a page snapshot (see `snapshot.rs` for its shape) with `options` (`PageOptions`: id,
/// published, force, url, corrections); returns `{result, plan, is_article, supported, corrections, audit,
/// anchors}` (docs/corrections-and-storage.md).
#[wasm_bindgen(js_name = annotatePage)]
pub fn annotate_page_js(snapshot: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let snap = read_snapshot(&snapshot)?;
    let text = |k: &str| get(&options, k).as_string();
    let opts = PageOptions {
        id: text("id"),
        published: text("published"),
        force: get(&options, "force").as_bool().unwrap_or(false),
        url: text("url"),
        corrections: corrections_from(&get(&options, "corrections")),
    };
    to_js(&annotate_page(&snap, &opts))
}

/// Annotates plain text; `published` is `YYYY-MM-DD` or null. Returns the Contract 1 annotations.
#[wasm_bindgen(js_name = annotateText)]
pub fn annotate_text_js(text: &str, published: Option<String>) -> Result<JsValue, JsError> {
    let published = published.as_deref().and_then(crate::published::parse_date_prefix);
    to_js(&crate::annotate::annotate(&crate::annotate::Document { text, published, lang: None }))
}

/// The engine version, for the exports' `generator`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Exports results (one page's, or a collection's) in `format` — `json`, `csv`, `md` or `w3c` — as
/// the text of the file. Each result may carry its reader's `corrections` (already applied to it), which
/// the JSON export writes so that Import restores them; `corrections`, when given, are those of a single
/// result that carries none. `meta` is `{exported, generator?}`.
#[wasm_bindgen(js_name = exportResults)]
pub fn export_results_js(
    results: JsValue,
    format: &str,
    meta: JsValue,
    corrections: JsValue,
) -> Result<String, JsError> {
    use crate::export;
    let mut each: Vec<Vec<Correction>> = if Array::is_array(&results) {
        Array::from(&results).iter().map(|r| corrections_from(&get(&r, "corrections"))).collect()
    } else {
        Vec::new()
    };
    let mut docs: Vec<crate::model::DocResult> = from_js(results, "results")?;
    let meta: export::ExportMeta = from_js(meta, "export metadata")?;
    if let [one] = each.as_mut_slice() {
        if one.is_empty() {
            *one = corrections_from(&corrections);
        }
    }
    for (doc, list) in docs.iter_mut().zip(each) {
        doc.corrections = list;
    }
    match format {
        "json" => match docs.as_slice() {
            [one] => Ok(export::indent(&json(&export::to_json_export(one, &meta))?)),
            many => {
                Ok(export::indent(&json(&many.iter().map(|d| export::to_json_export(d, &meta)).collect::<Vec<_>>())?))
            }
        },
        "csv" => Ok(export::to_csv(&docs)),
        "md" => Ok(export::to_markdown(&docs)),
        "w3c" => Ok(export::to_web_annotation(&docs, &meta)),
        other => Err(JsError::new(&format!("quotelens: unknown export format {other:?}"))),
    }
}
