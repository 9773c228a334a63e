//! W3C Web Annotation Data Model: an `AnnotationCollection` whose embedded first `AnnotationPage`
//! holds one Annotation per quote, anchored by TextQuoteSelector and TextPositionSelector over the
//! document text, with a describing TextualBody naming the speaker.

use super::{ExportMeta, QuoteView};
use crate::corrections::TextQuoteSelector;
use crate::model::DocResult;
use crate::offsets::CpIndex;
use serde_json::{json, Value};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// A name-based UUID (RFC 9562 version 8) from two FNV-1a hashes: the same input always exports the
/// same ids, so re-exports and imports line up without a random source in WASM.
fn uuid(parts: &[&str]) -> String {
    let mut h = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64];
    for (k, seed) in h.iter_mut().enumerate() {
        for p in parts {
            for b in p.bytes().chain([0xffu8, k as u8]) {
                *seed ^= u64::from(b);
                *seed = seed.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&h[0].to_be_bytes());
    bytes[8..].copy_from_slice(&h[1].to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// `target.source` must be a URI (the W3C must-assertions check `format: uri`): the page URL when it
/// is an absolute one, with what URI syntax does not allow (non-ASCII, spaces, …) percent-encoded as
/// UTF-8 (RFC 3987 §3.1); a document without one (a text file, a JSONL record) gets a name-based
/// `urn:uuid:` of its id, one per document.
fn source_uri(doc: &DocResult) -> String {
    let url = doc.url.as_deref().map(str::trim).unwrap_or("");
    let scheme = url.split(':').next().unwrap_or("");
    let absolute = url.len() > scheme.len() + 1
        && scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !absolute {
        return uuid(&["document", &doc.id]);
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#@!$&'()*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf).bytes().for_each(|b| out.push_str(&format!("%{b:02X}")));
        }
    }
    out
}

fn generator(meta: &ExportMeta) -> Value {
    json!({"id": "https://github.com/quotelens/quotelens", "type": "Software", "name": format!("{} {}", meta.generator.name, meta.generator.version)})
}

/// One Annotation per quote of `doc`.
pub fn web_annotations(doc: &DocResult, meta: &ExportMeta) -> Vec<Value> {
    let source = source_uri(doc);
    let text = CpIndex::new(doc.text.as_deref().unwrap_or(""));
    QuoteView::all(doc)
        .map(|v| {
            let q = v.quote;
            let quote = TextQuoteSelector::around(&text, q.start, q.end, &q.text);
            let mut anno = json!({
                "id": uuid(&[&source, &q.id, &q.start.to_string(), &q.end.to_string(), &q.text]),
                "type": "Annotation",
                "motivation": "describing",
                "created": meta.exported,
                "generator": generator(meta),
                "target": {
                    "source": source,
                    "selector": [
                        quote,
                        {"type": "TextPositionSelector", "start": q.start, "end": q.end},
                    ],
                },
            });
            let mut bodies = Vec::new();
            if let Some(who) = v.who() {
                let value = match v.role() {
                    Some(role) => format!("{who} ({role})"),
                    None => who.to_string(),
                };
                bodies.push(
                    json!({"type": "TextualBody", "purpose": "describing", "value": value, "format": "text/plain"}),
                );
            }
            // When the text dates the utterance, its TIMEX3 value travels as a tag.
            if let Some(when) = &q.when {
                bodies
                    .push(json!({"type": "TextualBody", "purpose": "tagging", "value": when, "format": "text/plain"}));
            }
            if !bodies.is_empty() {
                anno["body"] = Value::Array(bodies);
            }
            anno
        })
        .collect()
}

/// The JSON text that opens the collection up to its `items` array: the CLI streams items between
/// this and [`collection_close`], so a batch of any size needs constant memory, and
/// [`to_web_annotation`] uses the same two pieces.
pub fn collection_open(meta: &ExportMeta) -> String {
    format!(
        "{{\"@context\":{},\"id\":{},\"type\":\"AnnotationCollection\",\"label\":\"QuoteLens quotes\",\"first\":{{\"id\":{},\"type\":\"AnnotationPage\",\"startIndex\":0,\"items\":[",
        json!(CONTEXT),
        json!(uuid(&["collection", &meta.exported])),
        json!(uuid(&["page", &meta.exported])),
    )
}

pub fn collection_close(total: usize) -> String {
    format!("]}},\"total\":{total}}}\n")
}

/// The whole collection for `docs` as JSON text.
pub fn to_web_annotation(docs: &[DocResult], meta: &ExportMeta) -> String {
    let items: Vec<String> = docs.iter().flat_map(|d| web_annotations(d, meta)).map(|v| v.to_string()).collect();
    format!("{}{}{}", collection_open(meta), items.join(","), collection_close(items.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_well_formed_and_stable() {
        let a = uuid(&["x", "q1"]);
        assert_eq!(a, uuid(&["x", "q1"]));
        assert_ne!(a, uuid(&["x", "q2"]));
        let hex = a.trim_start_matches("urn:uuid:");
        let groups: Vec<usize> = hex.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&hex[14..15], "8");
    }

    #[test]
    fn the_collection_is_one_json_document() {
        let meta =
            ExportMeta { exported: "2026-11-28T00:00:00Z".into(), generator: super::super::Generator::current() };
        let v: Value = serde_json::from_str(&to_web_annotation(&[], &meta)).expect("valid JSON");
        assert_eq!(v["type"], "AnnotationCollection");
        assert_eq!(v["first"]["type"], "AnnotationPage");
        assert_eq!(v["total"], 0);
    }

    #[test]
    fn sources_are_absolute_uris() {
        let doc = |url: Option<&str>, id: &str| DocResult {
            id: id.into(),
            published: None,
            lang: None,
            title: None,
            url: url.map(Into::into),
            text: None,
            annotations: Default::default(),
            corrections: Vec::new(),
        };
        assert_eq!(source_uri(&doc(Some("https://x.example/a?b=1#c"), "p")), "https://x.example/a?b=1#c");
        assert_eq!(source_uri(&doc(Some("http://x.example/köln page/"), "p")), "http://x.example/k%C3%B6ln%20page/");
        let a = source_uri(&doc(None, "dev-1"));
        assert!(a.starts_with("urn:uuid:"));
        assert_eq!(a, source_uri(&doc(Some("//x.example/a"), "dev-1")));
        assert_ne!(a, source_uri(&doc(None, "dev-2")));
        assert!(source_uri(&doc(Some("C:\\articles\\a.html"), "p")).starts_with("urn:uuid:"));
    }

    #[test]
    fn affixes_count_code_points() {
        let q = TextQuoteSelector::around(&CpIndex::new("😀ab“q”cd😀"), 4, 5, "q");
        assert_eq!((q.prefix.as_str(), q.suffix.as_str()), ("😀ab“", "”cd😀"));
    }
}
