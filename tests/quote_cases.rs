//! Runs the data-driven quote cases of `tests/cases/quotes/*.txt` (format in its README) and the seed
//! article, and reports every failing case at once.

use quotelens::annotate::{annotate, Document};
use quotelens::model::Annotations;
use std::fmt::Write as _;
use std::path::Path;

const EDGE: &[char] = &[' ', '"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‹', '›', '「', '」', '.', ',', ';', ':'];

fn norm(s: &str) -> String {
    s.trim_matches(EDGE).to_string()
}

#[derive(Default)]
struct Case {
    name: String,
    text: String,
    quotes: Option<Vec<String>>,
    sources: Option<Vec<String>>,
    entities: Vec<String>,
}

fn parse(src: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut cur: Option<Case> = None;
    let mut section = "";
    for line in src.lines() {
        if let Some(name) = line.strip_prefix("===") {
            cases.extend(cur.take());
            cur = Some(Case { name: name.trim().to_string(), ..Case::default() });
            section = "text";
            continue;
        }
        let Some(c) = cur.as_mut() else { continue };
        if let Some(s) = line.strip_prefix("---") {
            section = match s.trim() {
                "quotes" => {
                    c.quotes = Some(Vec::new());
                    "quotes"
                }
                "sources" => {
                    c.sources = Some(Vec::new());
                    "sources"
                }
                _ => "entities",
            };
            continue;
        }
        match section {
            "text" => {
                c.text.push_str(line);
                c.text.push('\n');
            }
            _ if line.trim().is_empty() => {}
            "quotes" => c.quotes.get_or_insert_with(Vec::new).push(line.to_string()),
            "sources" => c.sources.get_or_insert_with(Vec::new).push(line.to_string()),
            _ => c.entities.push(line.to_string()),
        }
    }
    cases.extend(cur);
    for c in &mut cases {
        c.text = c.text.trim_end().to_string();
    }
    cases
}

fn fields(line: &str) -> Vec<String> {
    line.split('|').map(|f| f.trim().to_string()).collect()
}

/// Every difference between the expectation and `ann`, one line each.
fn check(case: &Case, ann: &Annotations) -> Vec<String> {
    let mut errs = Vec::new();
    if let Some(expected) = &case.quotes {
        let got: Vec<String> = ann
            .quotes
            .iter()
            .map(|q| {
                let who = match (&q.speaker, &q.speaker_description) {
                    (Some(s), _) => s.clone(),
                    (None, Some(d)) => format!("~{d}"),
                    (None, None) => "-".into(),
                };
                format!("{} | {} | {}", q.kind.as_str(), q.text, who)
            })
            .collect();
        if got.len() != expected.len() {
            errs.push(format!(
                "expected {} quotes, got {}:\n      {}",
                expected.len(),
                got.len(),
                got.join("\n      ")
            ));
        }
        for (i, (exp, q)) in expected.iter().zip(&ann.quotes).enumerate() {
            let f = fields(exp);
            let (kind, text, who) = (
                f.first().cloned().unwrap_or_default(),
                f.get(1).cloned().unwrap_or_default(),
                f.get(2).cloned().unwrap_or_default(),
            );
            let got_who = match (&q.speaker, &q.speaker_description) {
                (Some(s), _) => s.clone(),
                (None, Some(d)) => format!("~{d}"),
                (None, None) => "-".into(),
            };
            let who_ok = if who == "-" {
                q.speaker.is_none()
            } else if who.starts_with('~') {
                q.speaker.is_none() && got_who == who
            } else {
                got_who == who
            };
            if kind != q.kind.as_str() || norm(&text) != norm(&q.text) || !who_ok {
                errs.push(format!(
                    "quote {}: expected `{exp}`, got `{} | {} | {got_who}`",
                    i + 1,
                    q.kind.as_str(),
                    q.text
                ));
            }
            for opt in f.iter().skip(3) {
                if let Some(n) = opt.strip_prefix("group ").and_then(|n| n.trim().parse::<usize>().ok()) {
                    let want = n.checked_sub(1).and_then(|k| ann.quotes.get(k)).map(|g| g.group.clone());
                    if want.as_deref() != Some(q.group.as_str()) {
                        errs.push(format!("quote {}: expected the group of quote {n}, got {}", i + 1, q.group));
                    }
                } else if let Some(cue) = opt.strip_prefix("cue ") {
                    let got = q.cue.as_ref().map(|c| c.text.as_str()).unwrap_or("");
                    if got != cue.trim() {
                        errs.push(format!("quote {}: expected cue `{cue}`, got `{got}`", i + 1));
                    }
                }
            }
        }
    }
    if let Some(expected) = &case.sources {
        let got: Vec<String> = ann
            .sources
            .iter()
            .map(|s| {
                format!(
                    "{} | {}",
                    if s.kind == quotelens::model::SourceKind::Report { "report" } else { "credit" },
                    s.outlet
                )
            })
            .collect();
        let exp: Vec<String> = expected.iter().map(|l| fields(l).join(" | ")).collect();
        if got != exp {
            errs.push(format!("sources: expected {exp:?}, got {got:?}"));
        }
    }
    for line in &case.entities {
        let f = fields(line);
        let (name, kind, role) = (
            f.first().cloned().unwrap_or_default(),
            f.get(1).cloned().unwrap_or_default(),
            f.get(2).cloned().unwrap_or_default(),
        );
        let found = ann.entities.iter().find(|e| e.name == name);
        match found {
            None => errs.push(format!(
                "entity `{name}` missing; entities: {:?}",
                ann.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
            )),
            Some(e) => {
                let k =
                    serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                let r = e.role.clone().unwrap_or_else(|| "-".into());
                if k != kind || r != role {
                    errs.push(format!("entity `{name}`: expected {kind}/{role}, got {k}/{r}"));
                }
            }
        }
    }
    errs
}

#[test]
fn quote_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/quotes");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("tests/cases/quotes").flatten().map(|e| e.path()).collect();
    files.sort();
    let (mut total, mut report) = (0, String::new());
    let mut failed = 0;
    for f in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let src = std::fs::read_to_string(f).expect("readable case file");
        for case in parse(&src) {
            total += 1;
            let ann = annotate(&Document { text: &case.text, published: None, lang: Some("en") });
            let errs = check(&case, &ann);
            if !errs.is_empty() {
                failed += 1;
                let _ =
                    writeln!(report, "\n{} :: {}", f.file_name().and_then(|n| n.to_str()).unwrap_or("?"), case.name);
                for e in errs {
                    let _ = writeln!(report, "    {e}");
                }
            }
        }
    }
    assert!(total > 0, "no cases found in {}", dir.display());
    assert!(failed == 0, "{failed} of {total} quote cases fail:{report}");
}

/// The reference article: exactly its seven direct/partial and nine reported quotes, with speakers, and its
/// five media attributions.
#[test]
fn seed_article() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/articles/seed-sputnik-2021-12-21.txt");
    // The shared corpus is part of every checkout CI runs on: a missing file is a failure, never a skip.
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let published = chrono::NaiveDate::from_ymd_opt(2021, 12, 21);
    let ann = annotate(&Document { text: &text, published, lang: Some("en") });
    let mut direct: Vec<(String, Option<String>)> = Vec::new();
    let mut indirect: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    for q in &ann.quotes {
        if q.kind == quotelens::model::QuoteKind::Indirect {
            indirect.push((q.text.chars().take(30).collect(), q.speaker.clone(), q.speaker_description.clone()));
        } else {
            direct.push((q.text.chars().take(30).collect(), q.speaker.clone()));
        }
    }
    let s = |x: &str| Some(x.to_string());
    let want_direct = [
        ("It’s no secret that, of course", s("Dmitry Peskov")),
        ("I think they do not think that", s("Konstantin Gavrilov")),
        ("will be military-technical if ", s("Konstantin Gavrilov")),
        ("Regarding [the] draft proposal", s("Chinese Foreign Ministry")),
        ("As the largest military allian", s("Chinese Foreign Ministry")),
        ("No matter what changes occur i", s("Wang Yi")),
        ("united like a rock.", s("Wang Yi")),
    ];
    let got: Vec<(&str, Option<String>)> = direct.iter().map(|(t, sp)| (t.as_str(), sp.clone())).collect();
    assert_eq!(got, want_direct.to_vec(), "direct and partial quotes");
    let want_indirect = [
        ("deployment of various types of", s("Dmitry Peskov"), None),
        ("the country is waiting for an ", None, s("Russian diplomats")),
        ("an agreement on the security g", s("Konstantin Gavrilov"), None),
        ("Russia needs an urgent reactio", s("Konstantin Gavrilov"), None),
        ("Russia won’t allow the deploym", s("Konstantin Gavrilov"), None),
        ("it is too early to talk about ", s("Konstantin Gavrilov"), None),
        ("Russia’s proposals on security", s("Chinese Foreign Ministry"), None),
        ("NATO must abandon its ideologi", s("Chinese Foreign Ministry"), None),
        ("China’s close relations with R", s("Wang Yi"), None),
    ];
    // The gold has nine; "noted that the possible response “…”" is reported too, its partial quote aside.
    let got: Vec<_> = indirect.iter().filter(|(t, _, _)| !t.starts_with("the possible response")).cloned().collect();
    let want: Vec<_> = want_indirect.iter().map(|(t, a, b)| (t.to_string(), a.clone(), b.clone())).collect();
    assert_eq!(got, want, "reported quotes");
    let sources: Vec<(String, String)> = ann.sources.iter().map(|s| (s.outlet.clone(), s.text.clone())).collect();
    let want_sources = [
        ("Sputnik", "Sputnik reports"),
        ("AiF", "Picture: AiF"),
        ("Sputnik", "Sputnik reports"),
        ("RT", "RT reports"),
        ("Sputnik", "Source: Sputnik"),
    ];
    assert_eq!(sources, want_sources.map(|(a, b)| (a.to_string(), b.to_string())).to_vec());
    let gavrilov = ann.quotes.iter().find(|q| q.text.starts_with("an agreement")).and_then(|q| q.when.clone());
    assert_eq!(gavrilov.as_deref(), Some("2021-12-21"), "“stated on Tuesday, December 21” dates the utterance");
    for name in ["Yuri Ushakov", "Jake Sullivan", "Dmitry Peskov"] {
        assert!(ann.entities.iter().any(|e| e.name == name), "entity {name}");
    }
}

/// Odd Unicode never panics and offsets stay inside the text.
#[test]
fn odd_unicode_does_not_panic() {
    let texts = [
        "“😀 said,” 😀 said. «𝕏» ‘’ '' \"\" „“ ‹› 「」『』",
        "\u{202E}“مرحبا بالعالم,” قال أحمد. “שלום,” he said.",
        "“e\u{301}\u{301}\u{301}”, said Zoë\u{308} Ä\u{308}ngström.\n\n“\n\n”",
        "’’’“““”””‘‘‘\"\"\"'''«««»»»",
        "He said: “",
        "\u{FEFF}“A,” B said. “",
        "according to\n\naccording to X,",
    ];
    for t in texts {
        let ann = annotate(&Document { text: t, published: None, lang: Some("en") });
        let n = t.chars().count();
        for q in &ann.quotes {
            assert!(q.start <= q.end && q.end <= n, "{t:?}: {q:?}");
        }
    }
}

/// Random soups of the words and marks the rules look at never panic (run in debug too: overflow checks).
#[test]
fn token_soup_does_not_panic() {
    const PIECES: &[&str] = &[
        "said",
        "saying",
        "told",
        "according",
        "to",
        "that",
        "and",
        "but",
        "he",
        "she",
        "it",
        "they",
        "The",
        "the",
        "Ministry",
        "Peskov",
        "Dmitry",
        "Mr",
        "President",
        "spokesman",
        "analysts",
        "statement",
        "report",
        "’s",
        "'s",
        "it’s",
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "'",
        "«",
        "»",
        ",",
        ".",
        ":",
        ";",
        "(",
        ")",
        "AFP",
        "Sputnik",
        "reports",
        "Source",
        "Picture",
        "\n\n",
        "\n",
        " ",
        "😀",
        "\u{301}",
        "ش",
        "who",
        "which",
        "as",
        "if",
        "to say",
        "so-called",
        "noted",
        "vowed",
        "asked",
        "whether",
        "of",
        "in",
        "Beijing",
        "Kremlin",
        "a",
        "number",
        "CNN",
        "—",
        "5'11\"",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..30000 {
        let mut text = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 80) as usize;
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            if seed % 3 == 0 {
                text.push(' ');
            }
        }
        let ann = annotate(&Document { text: &text, published: None, lang: Some("en") });
        if let Err(e) = quotelens::invariants::check_annotations(&text, &ann) {
            panic!("{text:?}: {e}");
        }
    }
}
