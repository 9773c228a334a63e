//! The WASM boundary: plain data in and out through serde, so the extension and the CLI see one core.
//! Nothing here may panic on page input: errors come back as JS exceptions with a message.

use crate::page::{annotate_page, PageOptions};
use crate::snapshot::Snapshot;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("quotelens: cannot return result: {e}")))
}

/// Annotates a page snapshot (see `snapshot.rs` for its shape) with `options` (`PageOptions`: id, published,
/// force, url, corrections); returns `{result, plan, is_article, supported, corrections, audit, anchors}`.
#[wasm_bindgen(js_name = annotatePage)]
pub fn annotate_page_js(snapshot: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let snap: Snapshot =
        serde_wasm_bindgen::from_value(snapshot).map_err(|e| JsError::new(&format!("quotelens: bad snapshot: {e}")))?;
    let opts: PageOptions = if options.is_undefined() || options.is_null() {
        PageOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("quotelens: bad options: {e}")))?
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

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("quotelens: bad {what}: {e}")))
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
    let mut docs: Vec<crate::model::DocResult> = from_js(results, "results")?;
    let meta: export::ExportMeta = from_js(meta, "export metadata")?;
    let given: Option<Vec<serde_json::Value>> =
        if corrections.is_undefined() { None } else { from_js(corrections, "corrections")? };
    if let ([one], Some(given)) = (docs.as_mut_slice(), given) {
        if one.corrections.is_empty() {
            one.corrections = crate::corrections::from_values(given);
        }
    }
    match format {
        "json" => match docs.as_slice() {
            [one] => pretty(&export::to_json_export(one, &meta)),
            many => pretty(&many.iter().map(|d| export::to_json_export(d, &meta)).collect::<Vec<_>>()),
        },
        "csv" => Ok(export::to_csv(&docs)),
        "md" => Ok(export::to_markdown(&docs)),
        "w3c" => Ok(export::to_web_annotation(&docs, &meta)),
        other => Err(JsError::new(&format!("quotelens: unknown export format {other:?}"))),
    }
}

fn pretty<T: Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string_pretty(value).map_err(|e| JsError::new(&format!("quotelens: cannot export: {e}")))
}
