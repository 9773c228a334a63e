//! The `quotelens` command line: annotate files, standard input or JSONL batches (Contract 1 of
//! design.md). Thin by design — parsing arguments and reading records; every judgement is the core's.

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use quotelens::annotate::{annotate, Document};
use quotelens::model::DocResult;
use quotelens::page::{annotate_page, PageOptions};
use quotelens::published::parse_date_prefix;
use serde_json::Value;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "quotelens", version, about = "Who said what, and when: quotes, speakers, sources and dates in news articles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate HTML or plain-text files, standard input, or a JSONL batch.
    Annotate(AnnotateArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One object for one input, an array for several.
    Json,
    /// One object a line.
    Jsonl,
}

#[derive(clap::Args)]
struct AnnotateArgs {
    /// Output format (default: json, or jsonl with --jsonl).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Publication date (YYYY-MM-DD) that relative dates resolve against; overrides the input's own.
    #[arg(long, value_parser = parse_published)]
    published: Option<String>,
    /// The page's URL, for HTML input.
    #[arg(long)]
    url: Option<String>,
    /// A JSONL batch, one {"id","text","published"} a line ("-" for standard input).
    #[arg(long, value_name = "IN.jsonl", conflicts_with = "files")]
    jsonl: Option<String>,
    /// .html/.htm pages or plain-text files ("-" or none: standard input).
    files: Vec<String>,
}

fn parse_published(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("expected YYYY-MM-DD, got {s:?}"))
}

/// A record that could not be annotated: reported as `quotelens: WHERE:LINE: WHAT`.
struct RecordError {
    place: String,
    line: usize,
    what: String,
}

/// Writes results as they come, so a batch of any size runs in constant memory.
struct Output<W: Write> {
    out: W,
    format: Format,
    array: bool,
    written: usize,
}

impl<W: Write> Output<W> {
    fn write(&mut self, result: &DocResult) -> io::Result<()> {
        let json = serde_json::to_string(result).map_err(io::Error::other)?;
        match (self.format, self.array) {
            (Format::Jsonl, _) | (Format::Json, false) => writeln!(self.out, "{json}")?,
            (Format::Json, true) => {
                let sep = if self.written == 0 { "[\n" } else { ",\n" };
                write!(self.out, "{sep}{json}")?;
            }
        }
        self.written += 1;
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        if self.format == Format::Json && self.array {
            let tail = if self.written == 0 { "[]\n" } else { "\n]\n" };
            self.out.write_all(tail.as_bytes())?;
        }
        self.out.flush()
    }
}

fn progress(len: Option<u64>) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {bar:30} {pos}/{len} documents {per_sec} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn read_input(path: &str) -> Result<String, RecordError> {
    let mut bytes = Vec::new();
    let res = if path == "-" { io::stdin().read_to_end(&mut bytes) } else { std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) };
    res.map_err(|e| RecordError { place: path.into(), line: 0, what: e.to_string() })?;
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count();
        RecordError { place: path.into(), line, what: "not valid UTF-8".into() }
    })
}

fn is_html(path: &str, content: &str) -> bool {
    let ext = Path::new(path).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => true,
        _ if path == "-" => content.trim_start().starts_with('<'),
        _ => false,
    }
}

fn annotate_file(path: &str, args: &AnnotateArgs) -> Result<DocResult, RecordError> {
    let content = read_input(path)?;
    if is_html(path, &content) {
        let snap = quotelens::html::snapshot(&content, args.url.as_deref());
        let opts = PageOptions { id: Some(path.to_string()), published: args.published.clone(), force: false };
        let mut result = annotate_page(&snap, &opts).result;
        result.url = args.url.clone().or(result.url);
        Ok(result)
    } else {
        let published = args.published.as_deref().and_then(parse_date_prefix);
        Ok(annotate_text(path.to_string(), content, published, true))
    }
}

fn annotate_text(id: String, text: String, published: Option<chrono::NaiveDate>, with_text: bool) -> DocResult {
    let annotations = annotate(&Document { text: &text, published, lang: None });
    DocResult {
        id,
        published: published.map(|d| d.format("%Y-%m-%d").to_string()),
        lang: Some("en".into()),
        title: None,
        url: None,
        text: with_text.then_some(text),
        annotations,
    }
}

/// One JSONL record: `{"id", "text", "published"}`.
fn annotate_record(line: &str, lineno: usize, place: &str, args: &AnnotateArgs) -> Result<DocResult, RecordError> {
    let err = |what: String| RecordError { place: place.into(), line: lineno, what };
    let v: Value = serde_json::from_str(line).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let obj = v.as_object().ok_or_else(|| err("expected a JSON object".into()))?;
    let text = obj.get("text").and_then(Value::as_str).ok_or_else(|| err("missing string field \"text\"".into()))?;
    let id = match obj.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => format!("{place}:{lineno}"),
        Some(_) => return Err(err("\"id\" must be a string or number".into())),
    };
    let published = match (&args.published, obj.get("published")) {
        (Some(p), _) => parse_date_prefix(p),
        (None, None | Some(Value::Null)) => None,
        (None, Some(Value::String(s))) => Some(parse_date_prefix(s).ok_or_else(|| err(format!("\"published\" is not a date: {s:?}")))?),
        (None, Some(_)) => return Err(err("\"published\" must be a YYYY-MM-DD string or null".into())),
    };
    Ok(annotate_text(id, text.to_string(), published, false))
}

fn run(args: AnnotateArgs) -> io::Result<bool> {
    let stdout = io::stdout();
    let mut ok = true;
    let mut report = |e: RecordError| {
        ok = false;
        if e.line > 0 {
            eprintln!("quotelens: {}:{}: {}", e.place, e.line, e.what);
        } else {
            eprintln!("quotelens: {}: {}", e.place, e.what);
        }
    };
    if let Some(src) = &args.jsonl {
        let format = args.format.unwrap_or(Format::Jsonl);
        let mut out = Output { out: BufWriter::new(stdout.lock()), format, array: format == Format::Json, written: 0 };
        let reader: Box<dyn BufRead> = if src == "-" {
            Box::new(BufReader::new(io::stdin()))
        } else {
            match std::fs::File::open(src) {
                Ok(f) => Box::new(BufReader::new(f)),
                Err(e) => {
                    report(RecordError { place: src.clone(), line: 0, what: e.to_string() });
                    out.finish()?;
                    return Ok(false);
                }
            }
        };
        let bar = progress(None);
        let mut lines = reader.split(b'\n');
        let mut lineno = 0;
        while let Some(line) = lines.next() {
            lineno += 1;
            let line = line?;
            let result = match std::str::from_utf8(&line) {
                Ok(l) if l.trim().is_empty() => continue,
                Ok(l) => annotate_record(l, lineno, src, &args),
                Err(_) => Err(RecordError { place: src.clone(), line: lineno, what: "not valid UTF-8".into() }),
            };
            match result {
                Ok(r) => out.write(&r)?,
                Err(e) => bar.suspend(|| report(e)),
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        out.finish()?;
        return Ok(ok);
    }
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let format = args.format.unwrap_or(Format::Json);
    let mut out = Output { out: BufWriter::new(stdout.lock()), format, array: files.len() > 1, written: 0 };
    let bar = progress(Some(files.len() as u64));
    for f in &files {
        match annotate_file(f, &args) {
            Ok(r) => out.write(&r)?,
            Err(e) => bar.suspend(|| report(e)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    out.finish()?;
    Ok(ok)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let Command::Annotate(args) = cli.command;
    match run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quotelens: {e}");
            ExitCode::from(1)
        }
    }
}
