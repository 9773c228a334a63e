//! Runs the data-driven date cases of `tests/cases/dates/*.tsv` (format in that folder's README) and
//! reports every failing case, not just the first.

use chrono::NaiveDate;
use quotelens::dates::find;
use quotelens::offsets::CpIndex;
use std::fs;
use std::path::Path;

/// One expected expression: extent text, TIMEX3 type and value ("null" for none).
fn parse_expected(s: &str) -> Vec<String> {
    if s.trim() == "-" {
        return Vec::new();
    }
    s.split(" ; ").map(|e| e.trim().to_string()).collect()
}

fn found(text: &str, published: Option<NaiveDate>) -> Vec<String> {
    let idx = CpIndex::new(text);
    find(&idx, published)
        .iter()
        .map(|d| {
            let kind =
                serde_json::to_value(d.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let extent: String = text.chars().skip(d.start).take(d.end - d.start).collect();
            assert_eq!(extent, d.text, "offsets of {:?} do not match its text", d.text);
            format!("{} => {} {}", d.text, kind, d.value.as_deref().unwrap_or("null"))
        })
        .collect()
}

#[test]
fn date_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/dates");
    let mut files: Vec<_> =
        fs::read_dir(&dir).expect("tests/cases/dates").filter_map(Result::ok).map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "tsv"));
    files.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for path in &files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let data = fs::read_to_string(path).expect("readable case file");
        for (n, line) in data.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [published, text, expected] = cols[..] else {
                failures.push(format!("{name}:{}: malformed case (need 3 tab-separated columns)", n + 1));
                continue;
            };
            total += 1;
            let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
            let got = found(text, published);
            let want = parse_expected(expected);
            if got != want {
                failures.push(format!(
                    "{name}:{}: {text}\n    expected: {}\n    found:    {}",
                    n + 1,
                    want.join(" ; "),
                    if got.is_empty() { "-".to_string() } else { got.join(" ; ") }
                ));
            }
        }
    }
    assert!(total > 0, "no date cases found in {}", dir.display());
    assert!(failures.is_empty(), "{} of {total} date cases failed:\n{}", failures.len(), failures.join("\n"));
}

/// Random text over a pool of date-like and hostile pieces (astral, RTL, combining marks, separators)
/// must never panic and must give offsets that match the reported text.
#[test]
fn random_text_never_panics() {
    const POOL: &[&str] = &[
        "December",
        "Dec.",
        "May",
        "21",
        "2021",
        "'",
        "’",
        "91",
        "s",
        ".",
        "/",
        "-",
        ":",
        ",",
        " ",
        "\n",
        "the",
        "last",
        "week",
        "ago",
        "two",
        "-year",
        "old",
        "5",
        "p.m.",
        "UTC",
        "Tuesday",
        "morning",
        "every",
        "of",
        "😀",
        "\u{202e}",
        "\u{301}",
        "مرحبا",
        "ǅ",
        "𝟚",
        "0800",
        "12",
        "30",
        "Q",
        "4",
        "half",
        "an",
        "hour",
        "since",
        "9/11",
        "early",
        "mid",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..next() % 40 {
            let seed = next();
            text.push_str(POOL[seed as usize % POOL.len()]);
            if seed & 1 == 0 {
                text.push(' ');
            }
        }
        for published in [None, NaiveDate::from_ymd_opt(2021, 12, 21)] {
            let _ = found(&text, published);
        }
    }
}
