//! The `quotelens` command line: annotate files, standard input or JSONL batches (Contract 1 of
//! design.md). Thin by design — parsing arguments and reading records; every judgement is the core's.

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use quotelens::annotate::{annotate, Document};
use quotelens::export::{self, ExportMeta, Generator};
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
    /// One row a quote (RFC 4180; formula-like cells neutralised).
    Csv,
    /// Quotes grouped by speaker, for notes.
    Md,
    /// A W3C Web Annotation collection, one annotation a quote.
    W3c,
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
    /// `--format json` over several inputs: one array.
    array: bool,
    written: usize,
    quotes: usize,
    meta: ExportMeta,
}

impl<W: Write> Output<W> {
    fn new(mut out: W, format: Format, array: bool) -> io::Result<Self> {
        let meta = ExportMeta { exported: now_rfc3339(), generator: Generator::current() };
        match format {
            Format::Csv => out.write_all(export::CSV_HEADER.as_bytes())?,
            Format::W3c => out.write_all(export::collection_open(&meta).as_bytes())?,
            _ => {}
        }
        Ok(Output { out, format, array, written: 0, quotes: 0, meta })
    }

    fn write(&mut self, result: &DocResult, keep_text: bool) -> io::Result<()> {
        let first = self.written == 0;
        self.written += 1;
        match self.format {
            Format::Jsonl | Format::Json => {
                let json = if keep_text {
                    serde_json::to_string(result)
                } else {
                    serde_json::to_string(&DocResult { text: None, ..result.clone() })
                }
                .map_err(io::Error::other)?;
                match (self.format, self.array) {
                    (Format::Json, true) => write!(self.out, "{}{json}", if first { "[\n" } else { ",\n" }),
                    _ => writeln!(self.out, "{json}"),
                }
            }
            Format::Csv => self.out.write_all(export::csv_rows(result).as_bytes()),
            Format::Md => write!(self.out, "{}{}", if first { "" } else { "\n" }, export::markdown_section(result)),
            Format::W3c => {
                for anno in export::web_annotations(result, &self.meta) {
                    write!(self.out, "{}{anno}", if self.quotes == 0 { "" } else { "," })?;
                    self.quotes += 1;
                }
                Ok(())
            }
        }
    }

    fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json if self.array => self.out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?,
            Format::W3c => self.out.write_all(export::collection_close(self.quotes).as_bytes())?,
            _ => {}
        }
        self.out.flush()
    }
}

/// The current time as RFC 3339 UTC with `Z`, for the exports' `exported`/`created`.
fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(secs as i64, 0).map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
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
        Ok(annotate_text(path.to_string(), content, published))
    }
}

fn annotate_text(id: String, text: String, published: Option<chrono::NaiveDate>) -> DocResult {
    let annotations = annotate(&Document { text: &text, published, lang: None });
    DocResult {
        id,
        published: published.map(|d| d.format("%Y-%m-%d").to_string()),
        lang: Some("en".into()),
        title: None,
        url: None,
        text: Some(text),
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
    Ok(annotate_text(id, text.to_string(), published))
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
        let mut out = Output::new(BufWriter::new(stdout.lock()), format, format == Format::Json)?;
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
                // The batch already holds the texts: JSON output leaves them out.
                Ok(r) => out.write(&r, false)?,
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
    let mut out = Output::new(BufWriter::new(stdout.lock()), format, files.len() > 1)?;
    let bar = progress(Some(files.len() as u64));
    for f in &files {
        match annotate_file(f, &args) {
            Ok(r) => out.write(&r, true)?,
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
