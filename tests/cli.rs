//! The batch CLI's contract (Contract 1 of design.md): formats, ids, publication-date precedence,
//! and bad input reported as `quotelens: FILE:LINE: …` without losing the other records.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quotelens"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn quotelens");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

fn tmp_file(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("quotelens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn jsonl_batch_keeps_going_past_bad_lines_and_exits_1() {
    let input = concat!(
        "{\"id\":\"a\",\"text\":\"Hello.\",\"published\":\"2021-12-21\"}\n",
        "{not json\n",
        "\n",
        "{\"id\":\"b\",\"published\":null}\n",
        "{\"id\":\"c\",\"text\":\"World.\",\"published\":null}\n",
        "{\"id\":\"d\",\"text\":\"x\",\"published\":\"yesterday\"}\n",
    );
    let out = run(&["annotate", "--jsonl", "-"], input);
    assert_eq!(out.status.code(), Some(1));
    let docs = json_lines(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(docs[0]["published"], "2021-12-21");
    assert_eq!(docs[1]["published"], Value::Null);
    for key in ["quotes", "entities", "sources", "dates"] {
        assert!(docs[0][key].is_array(), "{key} present");
    }
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("quotelens: -:2: invalid JSON"), "{err}");
    assert!(err.contains("quotelens: -:4: missing string field \"text\""), "{err}");
    assert!(err.contains("quotelens: -:6: \"published\" is not a date"), "{err}");
}

#[test]
fn published_flag_overrides_the_record() {
    let out = run(
        &["annotate", "--jsonl", "-", "--published", "2020-01-02"],
        "{\"id\":\"a\",\"text\":\"Hi.\",\"published\":\"2021-12-21\"}\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_lines(&out)[0]["published"], "2020-01-02");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["annotate", "--format", "yaml"], "").status.code(), Some(2));
    assert_eq!(run(&["annotate", "--published", "21/12/2021"], "").status.code(), Some(2));
    assert_eq!(run(&["frobnicate"], "").status.code(), Some(2));
}

#[test]
fn text_files_keep_their_text_and_path_as_id() {
    let a = tmp_file("a.txt", "“We will win,” she said.\n\nSecond paragraph.");
    let out = run(&["annotate", &a], "");
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(doc["id"], a.as_str());
    assert_eq!(doc["text"], "“We will win,” she said.\n\nSecond paragraph.");
}

#[test]
fn several_files_give_an_array_and_a_missing_file_is_reported() {
    let a = tmp_file("b.txt", "One.");
    let html = tmp_file("c.html", "<html lang=en><head><meta property='article:published_time' content='2019-03-04T23:00:00-08:00'></head><body><article><p>Two <b>words</b>.</p><p>Three</p></article></body></html>");
    let out = run(&["annotate", &a, "/nonexistent/file.txt", &html], "");
    assert_eq!(out.status.code(), Some(1));
    let docs: Value = serde_json::from_slice(&out.stdout).expect("a JSON array");
    let docs = docs.as_array().expect("array");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["text"], "Two words.\n\nThree");
    assert_eq!(docs[1]["published"], "2019-03-04", "the date in the timestamp's own offset");
    assert!(String::from_utf8_lossy(&out.stderr).contains("quotelens: /nonexistent/file.txt:"));
}

#[test]
fn stdin_is_html_when_it_starts_with_a_tag() {
    let out = run(&["annotate", "-"], "  <p>Hello <i>there</i></p>");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["text"], "Hello there");
    let out = run(&["annotate"], "plain  text");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["text"], "plain  text");
}

#[test]
fn invalid_utf8_is_a_record_error() {
    let path = tmp_file("bad.txt", "");
    std::fs::write(&path, b"ok\n\xff\xfe").expect("write");
    let out = run(&["annotate", &path], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains(":2: not valid UTF-8"));
}

#[test]
fn export_formats_stream_over_a_batch() {
    let input = concat!(
        "{\"id\":\"a\",\"text\":\"“=1+1, he said,” Jane Doe said.\",\"published\":\"2021-12-21\"}\n",
        "{\"id\":\"b\",\"text\":\"No quotes here.\",\"published\":null}\n",
    );
    let csv = run(&["annotate", "--jsonl", "-", "--format", "csv"], input);
    assert_eq!(csv.status.code(), Some(0));
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    assert!(csv.starts_with("id,group,kind,speaker,role,quote,cue,when,source,url\r\n"), "{csv}");
    assert!(csv.split("\r\n").skip(1).all(|row| !row.starts_with('=')));

    let w3c = run(&["annotate", "--jsonl", "-", "--format", "w3c"], input);
    let v: Value = serde_json::from_slice(&w3c.stdout).expect("one JSON document");
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["total"].as_u64(), Some(v["first"]["items"].as_array().map_or(0, |a| a.len() as u64)));

    let md = run(&["annotate", "--jsonl", "-", "--format", "md"], input);
    let md = String::from_utf8_lossy(&md.stdout).into_owned();
    assert!(md.starts_with("# a\n"), "{md}");
    assert!(md.contains("\n# b\n"), "{md}");
}

#[test]
fn directories_and_parallel_workers_keep_input_order() {
    let dir = std::env::temp_dir().join(format!("quotelens-dir-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).expect("dir");
    for (name, text) in [("b.txt", "Bee."), ("a.txt", "Ay."), ("sub/c.html", "<p>See.</p>"), ("skip.png", "x")] {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let d = dir.to_string_lossy().into_owned();
    let out = run(&["annotate", "-j", "2", "--format", "jsonl", &d], "");
    assert_eq!(out.status.code(), Some(0));
    let texts: Vec<String> = json_lines(&out).iter().map(|v| v["text"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(texts, ["Ay.", "Bee.", "See."]);
    let pattern = format!("{d}/*.txt");
    let out = run(&["annotate", "-j", "2", &pattern], "");
    let docs: Value = serde_json::from_slice(&out.stdout).expect("array");
    assert_eq!(docs.as_array().map(Vec::len), Some(2));
    let out = run(&["annotate", &format!("{d}/*.nothing")], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no file matches"));
}

#[test]
fn jsonl_with_workers_matches_one_worker() {
    let input: String = (0..50)
        .map(|i| {
            format!(
                "{{\"id\":\"d{i}\",\"text\":\"“Line {i},” Ann Lee said on May {}.\",\"published\":\"2021-06-01\"}}\n",
                i % 28 + 1
            )
        })
        .collect();
    let one = run(&["annotate", "--jsonl", "-"], &input);
    let two = run(&["annotate", "--jsonl", "-", "-j", "2"], &input);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(json_lines(&two).len(), 50);
}

/// `--corrections` reproduces a reader's corrected data: from a JSON export's `corrections` or a bare
/// list, applied to the one input; those that no longer anchor are named on stderr and kept in the output.
#[test]
fn corrections_from_a_file_apply_to_the_one_input() {
    let a = tmp_file("corr.txt", "“We will win,” Jane Doe said.\n\nAnalysts said the vote would be close.");
    let list = r#"[{"id":"c1","action":"speaker","speaker":"Ann Lee","target":{"type":"TextQuoteSelector","exact":"We will win,"}},
                   {"id":"c2","action":"dismiss","target":{"type":"TextQuoteSelector","exact":"the vote would be close"}},
                   {"id":"c3","action":"dismiss","target":{"type":"TextQuoteSelector","exact":"words that are gone"}}]"#;
    let bare = tmp_file("corr-list.json", list);
    let export =
        tmp_file("corr-export.json", &format!("{{\"id\":\"x\",\"url\":null,\"quotes\":[],\"corrections\":{list}}}"));
    for file in [&bare, &export] {
        let out = run(&["annotate", "--corrections", file, &a], "");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        let quotes = doc["quotes"].as_array().expect("quotes");
        assert_eq!(quotes.len(), 1, "the dismissed quote is gone: {quotes:?}");
        assert_eq!(quotes[0]["speaker"], "Ann Lee");
        assert_eq!(quotes[0]["corrections"], serde_json::json!(["c1"]));
        assert_eq!(doc["corrections"].as_array().map(Vec::len), Some(3), "the corrections travel with the data");
        assert_eq!(doc["audit"]["named"], 1);
        assert_eq!(doc["audit"]["unnamed"], 0);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("correction c3 not applied"), "{err}");
        assert!(!err.contains("c1") && !err.contains("c2"), "{err}");
    }
    // Without corrections the quote records carry no `corrections` field (Contract 1 unchanged).
    let out = run(&["annotate", "--format", "jsonl", &a], "");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"corrections\""));
    // One input only, and a readable file.
    assert_eq!(run(&["annotate", "--corrections", &bare, &a, &a], "").status.code(), Some(2));
    let broken = tmp_file("corr-broken.json", "{not json");
    let out = run(&["annotate", "--corrections", &broken, &a], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid JSON"));
}

/// A CLI batch (`--format json`, several inputs) and a collection's JSON export have one shape: an array
/// of records with url, title, published, the Contract 1 fields, and the export's provenance, reader's
/// corrections and sourcing audit.
#[test]
fn a_batch_has_the_shape_of_a_collection_export() {
    let a = tmp_file("shape-a.txt", "“We will win,” Jane Doe said on Monday, Reuters reports.");
    let html = tmp_file(
        "shape-b.html",
        "<html lang=en><head><title>T</title></head><body><article><p>“No,” Bob Ray said.</p></article></body></html>",
    );
    let out = run(&["annotate", "--format", "json", &a, &html], "");
    assert_eq!(out.status.code(), Some(0));
    let batch: Value = serde_json::from_slice(&out.stdout).expect("array");
    let batch = batch.as_array().expect("array");
    assert_eq!(batch.len(), 2);

    let text = "“Yes,” Ann Lee said.";
    let doc = quotelens::model::DocResult {
        id: "https://example.org/a".into(),
        published: Some("2021-12-21".into()),
        lang: Some("en".into()),
        title: Some("A".into()),
        url: Some("https://example.org/a".into()),
        text: Some(text.into()),
        annotations: quotelens::annotate::annotate(&quotelens::annotate::Document {
            text,
            published: None,
            lang: None,
        }),
        corrections: Vec::new(),
    };
    let meta = quotelens::export::ExportMeta {
        exported: "2026-11-28T00:00:00Z".into(),
        generator: quotelens::export::Generator::current(),
    };
    let collection = serde_json::to_value(vec![quotelens::export::to_json_export(&doc, &meta)]).expect("json");
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        k.sort();
        k
    };
    let want = keys(&collection[0]);
    for key in
        ["url", "title", "published", "id", "text", "quotes", "entities", "sources", "dates", "corrections", "audit"]
    {
        assert!(want.contains(&key.to_string()), "the collection export lacks {key}");
    }
    for record in batch {
        assert_eq!(keys(record), want, "a batch record and a collection record differ in shape");
        assert_eq!(keys(&record["audit"]), keys(&collection[0]["audit"]));
    }
    assert_eq!(batch[0]["url"], Value::Null);
    assert_eq!(batch[1]["title"], "T");
}
