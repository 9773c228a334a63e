//! The page's own metadata: its publication date and whether it declares itself an article.
//! A timestamp's date is taken in its own offset ("2021-12-21T23:30:00-05:00" is the 21st), never
//! converted to UTC, because that is the date the newsroom printed.

use crate::snapshot::Snapshot;
use chrono::NaiveDate;
use serde_json::Value;

/// The date at the start of an ISO 8601 timestamp (`2021-12-21`, `2021-12-21T10:00:00+03:00`).
/// Parsed by hand: chrono's format-string parser would add ~20 KB to the `.wasm` for this one shape.
pub fn parse_date_prefix(s: &str) -> Option<NaiveDate> {
    let b = s.trim().as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(r)?;
        digits.iter().all(u8::is_ascii_digit).then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), None | Some(b'T' | b't' | b' ')) {
        return None;
    }
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// `YYYY-MM-DD`, the form Contract 1 prints a publication date in.
pub fn iso_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Every JSON-LD object of the page, `@graph` members and array items flattened.
fn json_ld_objects(snapshot: &Snapshot) -> Vec<Value> {
    fn walk(v: Value, out: &mut Vec<Value>) {
        match v {
            Value::Array(items) => items.into_iter().for_each(|x| walk(x, out)),
            Value::Object(mut map) => {
                if let Some(graph) = map.remove("@graph") {
                    walk(graph, out);
                }
                out.push(Value::Object(map));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for raw in &snapshot.meta.json_ld {
        // Malformed JSON-LD is common on real pages; it is skipped, not fatal.
        if let Ok(v) = serde_json::from_str::<Value>(raw.trim().trim_end_matches(';')) {
            walk(v, &mut out);
        }
    }
    out
}

const ARTICLE_TYPES: [&str; 7] = [
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "ReviewNewsArticle",
];

fn is_article_type(v: &Value) -> bool {
    match v {
        Value::String(s) => ARTICLE_TYPES
            .contains(&s.trim_start_matches("http://schema.org/").trim_start_matches("https://schema.org/")),
        Value::Array(items) => items.iter().any(is_article_type),
        _ => false,
    }
}

/// Whether the page declares itself an article (JSON-LD article types, or `og:type` article).
pub fn declares_article(snapshot: &Snapshot) -> bool {
    snapshot.meta(&["og:type"]).is_some_and(|t| t.eq_ignore_ascii_case("article"))
        || json_ld_objects(snapshot).iter().any(|o| o.get("@type").is_some_and(is_article_type))
}

/// The publication date the page states: `article:published_time` and its kin, JSON-LD
/// `datePublished` (article objects first), the first `<time datetime>`, then a byline's date.
pub fn publication_date(snapshot: &Snapshot) -> Option<NaiveDate> {
    const META: [&str; 7] = [
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "dc.date.issued",
        "dc.date",
        "pubdate",
    ];
    META.iter()
        .filter_map(|n| snapshot.meta(&[n]))
        .find_map(parse_date_prefix)
        .or_else(|| {
            let objects = json_ld_objects(snapshot);
            let mut sorted: Vec<&Value> =
                objects.iter().filter(|o| o.get("@type").is_some_and(is_article_type)).collect();
            sorted.extend(objects.iter().filter(|o| !o.get("@type").is_some_and(is_article_type)));
            sorted.into_iter().find_map(|o| o.get("datePublished")?.as_str().and_then(parse_date_prefix))
        })
        .or_else(|| snapshot.meta.times.iter().find_map(|t| parse_date_prefix(t)))
        .or_else(|| date_line_date(snapshot))
}

/// Class/id fragments of the elements that carry a story's date line ("By Jane Doe · March 3, 2019").
const DATE_LINE_TOKENS: [&str; 7] = ["byline", "dateline", "date", "time", "published", "timestamp", "posted"];

/// The first complete calendar date in a byline or dateline block, for pages without date metadata.
/// Only short blocks count: a paragraph that mentions a date is not a date line.
pub fn date_line_date(snapshot: &Snapshot) -> Option<NaiveDate> {
    snapshot.blocks.iter().find_map(|block| {
        let el = snapshot.elements.get(block.element? as usize)?;
        let marked =
            |e: &crate::snapshot::Element| e.tokens.iter().any(|t| DATE_LINE_TOKENS.iter().any(|d| t.contains(d)));
        let parent_marked = el.parent.and_then(|p| snapshot.elements.get(p as usize)).is_some_and(marked);
        if !(marked(el) || parent_marked) {
            return None;
        }
        let text: String = block.nodes.iter().flatten().map(String::as_str).collect::<Vec<_>>().join(" ");
        if text.chars().count() > 160 {
            return None;
        }
        let idx = crate::offsets::CpIndex::new(&text);
        crate::dates::find(&idx, None).into_iter().find_map(|d| d.value.as_deref().and_then(parse_date_prefix))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_date_in_its_own_offset() {
        assert_eq!(parse_date_prefix("2021-12-21T23:30:00-05:00"), NaiveDate::from_ymd_opt(2021, 12, 21));
        assert_eq!(parse_date_prefix("2021-12-21"), NaiveDate::from_ymd_opt(2021, 12, 21));
        assert_eq!(parse_date_prefix("2021-12-2x"), None);
        assert_eq!(parse_date_prefix("2021-12-211"), None);
        assert_eq!(parse_date_prefix("2021-02-30"), None);
        assert_eq!(parse_date_prefix("+021-12-21"), None);
        assert_eq!(parse_date_prefix(" 2021-12-21 "), NaiveDate::from_ymd_opt(2021, 12, 21));
        assert_eq!(NaiveDate::from_ymd_opt(987, 1, 2).map(iso_date).as_deref(), Some("0987-01-02"));
    }

    #[test]
    fn reads_json_ld_graphs() {
        let mut s = Snapshot::default();
        s.meta.json_ld.push(r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"datePublished":"2020-02-03T01:00:00+09:00"}]}"#.into());
        assert!(declares_article(&s));
        assert_eq!(publication_date(&s), NaiveDate::from_ymd_opt(2020, 2, 3));
    }
}
