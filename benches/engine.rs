//! Native engine throughput: every layer (quotes, speakers, sources, dates) over the dev texts and the
//! corpus article texts. Prints one JSON line for `scripts/bench.mjs`, which sets it beside
//! chrono-node on the same texts in the same run. Run: `cargo bench --bench engine [-- --joined|--once|--dump|--dates]`
//! (`--dates`: the dates layer alone, the figure the dates engine's budget is about).

use quotelens::annotate::{annotate, Document};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn shared() -> PathBuf {
    std::env::var("QUOTELENS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// The bench texts: (text, publication date).
fn texts() -> Vec<(String, Option<chrono::NaiveDate>)> {
    let mut out = Vec::new();
    for set in ["eval/dev/news-dev.jsonl", "eval/dev/meantime.jsonl"] {
        let Ok(content) = std::fs::read_to_string(shared().join(set)) else { continue };
        for line in content.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let published = v["published"].as_str().and_then(quotelens::published::parse_date_prefix);
            if let Some(t) = v["text"].as_str() {
                out.push((t.to_string(), published));
            }
        }
    }
    let mut files: Vec<_> = std::fs::read_dir(shared().join("corpus/articles"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        if let Ok(t) = std::fs::read_to_string(&f) {
            out.push((t, None));
        }
    }
    out
}

fn main() {
    let mut texts = texts();
    // `--dump`: the same texts as JSONL, so the JavaScript peers are measured on exactly these.
    if std::env::args().any(|a| a == "--dump") {
        for (t, p) in &texts {
            println!("{}", serde_json::json!({"text": t, "published": p.map(|d| d.to_string())}));
        }
        return;
    }
    // `--joined`: all texts as one document, the way a peer's figure may have been taken on "370 KB of
    // news text" (chrono-node slows down on long inputs; this shows whether the engine does).
    if std::env::args().any(|a| a == "--joined") {
        let joined = texts.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join("\n\n");
        texts = vec![(joined, chrono::NaiveDate::from_ymd_opt(2021, 12, 21))];
    }
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    // `--once`: one pass and no timing, for a profiler (`valgrind --tool=callgrind`).
    let once = std::env::args().any(|a| a == "--once");
    let dates_only = std::env::args().any(|a| a == "--dates");
    let run = || {
        let mut found = 0usize;
        for (t, p) in &texts {
            found += if dates_only {
                quotelens::dates::find(&quotelens::offsets::CpIndex::new(t), *p).len()
            } else {
                let a = annotate(&Document { text: t, published: *p, lang: Some("en") });
                a.quotes.len() + a.dates.len() + a.sources.len()
            };
        }
        found
    };
    let found = run(); // warm-up
    if once {
        println!("{found} annotations");
        return;
    }
    let mut rounds = 0u32;
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) || rounds < 5 {
        let t0 = Instant::now();
        std::hint::black_box(run());
        samples.push(t0.elapsed().as_secs_f64());
        rounds += 1;
    }
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    println!(
        "{{\"bench\":\"{}\",\"documents\":{},\"bytes\":{},\"rounds\":{},\"median_s\":{:.6},\"mb_per_s\":{:.2},\"annotations\":{}}}",
        if dates_only { "dates" } else { "engine" },
        texts.len(),
        bytes,
        rounds,
        median,
        bytes as f64 / 1e6 / median,
        found
    );
}
