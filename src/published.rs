//! The page's own metadata: its publication date and whether it declares itself an article.
//! A timestamp's date is taken in its own offset ("2021-12-21T23:30:00-05:00" is the 21st), never
//! converted to UTC, because that is the date the newsroom printed.

use crate::snapshot::Snapshot;
use chrono::NaiveDate;

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

/// A JSON value as far as JSON-LD metadata needs it: strings, arrays and objects; numbers, booleans and
/// null are read and dropped. A small strict reader stands in for serde_json's `Value`, whose parser would
/// ship in the .wasm (~12 KB) for this one use.
#[derive(Debug, PartialEq)]
enum Json {
    Str(String),
    Arr(Vec<Json>),
    /// Members in order; a repeated key keeps its last value, as JSON parsers commonly do.
    Obj(Vec<(String, Json)>),
    Other,
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `text` as one JSON value (RFC 8259, nesting up to 128 deep); None when it is not exactly that.
    fn parse(text: &str) -> Option<Json> {
        let mut r = JsonReader { b: text.as_bytes(), i: 0 };
        let v = r.value(0)?;
        r.space();
        (r.i == r.b.len()).then_some(v)
    }
}

struct JsonReader<'a> {
    b: &'a [u8],
    i: usize,
}

impl JsonReader<'_> {
    fn space(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.b.get(self.i) == Some(&c);
        self.i += usize::from(hit);
        hit
    }

    fn digits(&mut self) -> usize {
        let n = self.b.get(self.i..).map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        self.i += n;
        n
    }

    fn value(&mut self, depth: u32) -> Option<Json> {
        if depth >= 128 {
            return None;
        }
        self.space();
        match *self.b.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut members: Vec<(String, Json)> = Vec::new();
                self.space();
                if self.eat(b'}') {
                    return Some(Json::Obj(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    if !self.eat(b':') {
                        return None;
                    }
                    let v = self.value(depth + 1)?;
                    match members.iter_mut().find(|(k, _)| *k == key) {
                        Some(slot) => slot.1 = v,
                        None => members.push((key, v)),
                    }
                    self.space();
                    if self.eat(b'}') {
                        return Some(Json::Obj(members));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat(b']') {
                    return Some(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.eat(b']') {
                        return Some(Json::Arr(items));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'"' => self.string().map(Json::Str),
            b't' | b'f' | b'n' => {
                let word = ["true", "false", "null"]
                    .into_iter()
                    .find(|w| self.b.get(self.i..).is_some_and(|r| r.starts_with(w.as_bytes())))?;
                self.i += word.len();
                Some(Json::Other)
            }
            b'-' | b'0'..=b'9' => {
                self.eat(b'-');
                if !self.eat(b'0') && self.digits() == 0 {
                    return None;
                }
                if self.eat(b'.') && self.digits() == 0 {
                    return None;
                }
                if self.eat(b'e') || self.eat(b'E') {
                    let _sign = self.eat(b'+') || self.eat(b'-');
                    if self.digits() == 0 {
                        return None;
                    }
                }
                Some(Json::Other)
            }
            _ => None,
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let hex = std::str::from_utf8(self.b.get(self.i..self.i + 4)?).ok()?;
        if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.i += 4;
        u32::from_str_radix(hex, 16).ok()
    }

    /// A string; None for a control character, a bad escape or an unpaired surrogate.
    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.b.get(self.i).is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20) {
                self.i += 1;
            }
            out.push_str(std::str::from_utf8(self.b.get(start..self.i)?).ok()?);
            let c = *self.b.get(self.i)?;
            self.i += 1;
            match c {
                b'"' => return Some(out),
                b'\\' => {
                    let e = *self.b.get(self.i)?;
                    self.i += 1;
                    out.push(match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let u = self.hex4()?;
                            if (0xD800..0xDC00).contains(&u) {
                                if !(self.eat(b'\\') && self.eat(b'u')) {
                                    return None;
                                }
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                char::from_u32(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))?
                            } else {
                                char::from_u32(u)? // None for a lone low surrogate
                            }
                        }
                        _ => return None,
                    });
                }
                _ => return None, // a control character
            }
        }
    }
}

/// Every JSON-LD object of the page, `@graph` members and array items flattened.
fn json_ld_objects(snapshot: &Snapshot) -> Vec<Json> {
    fn walk(v: Json, out: &mut Vec<Json>) {
        match v {
            Json::Arr(items) => items.into_iter().for_each(|x| walk(x, out)),
            Json::Obj(mut members) => {
                if let Some(at) = members.iter().position(|(k, _)| k == "@graph") {
                    walk(members.remove(at).1, out);
                }
                out.push(Json::Obj(members));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for raw in &snapshot.meta.json_ld {
        // Malformed JSON-LD is common on real pages; it is skipped, not fatal.
        if let Some(v) = Json::parse(raw.trim().trim_end_matches(';')) {
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

fn is_article_type(v: &Json) -> bool {
    match v {
        Json::Str(s) => ARTICLE_TYPES
            .contains(&s.trim_start_matches("http://schema.org/").trim_start_matches("https://schema.org/")),
        Json::Arr(items) => items.iter().any(is_article_type),
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
            let mut sorted: Vec<&Json> =
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
    fn json_ld_reader_accepts_and_refuses_what_serde_json_does() {
        let cases = [
            r#"{"@type":"NewsArticle","datePublished":"2021-12-21T10:00:00+03:00"}"#,
            r#"[{"a":[1,-2.5e+3,0.0,true,false,null,{}],"b":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}]"#,
            " { \"a\" : [ ] } ",
            r#"{"a":1,}"#,
            r#"[1,]"#,
            r#"{"a" 1}"#,
            r#"{'a':1}"#,
            r#"["\ud800"]"#,
            r#"["\udc00"]"#,
            r#"["\ud800\u0041"]"#,
            r#"["\x"]"#,
            "[\"tab\tinside\"]",
            r#"[01]"#,
            r#"[1.]"#,
            r#"[.5]"#,
            r#"[1e]"#,
            r#"[-]"#,
            r#"[tru]"#,
            r#"{"a":1} x"#,
            r#""#,
            r#"{"a":{"b":"c"}}}"#,
        ];
        for c in cases {
            assert_eq!(Json::parse(c).is_some(), serde_json::from_str::<serde_json::Value>(c).is_ok(), "{c}");
        }
        let v = Json::parse(r#"{"k":"first","k":"last","s":"a\u00e9\ud83d\ude00"}"#);
        assert_eq!(v.as_ref().and_then(|v| v.get("k")).and_then(Json::as_str), Some("last"));
        assert_eq!(v.as_ref().and_then(|v| v.get("s")).and_then(Json::as_str), Some("aé😀"));
    }

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
