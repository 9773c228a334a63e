//! The `quotelens` command line: annotate files, standard input or JSONL batches (Contract 1 of
//! design.md). Thin by design — parsing arguments and reading records; every judgement is the core's.

mod inputs;
mod parallel;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use parallel::ordered_map;
use quotelens::annotate::{annotate, Document};
use quotelens::corrections::Correction;
use quotelens::export::{self, ExportMeta, Generator};
use quotelens::model::DocResult;
use quotelens::page::{annotate_page, PageOptions};
use quotelens::published::{iso_date, parse_date_prefix};
use quotelens::record::parse_record;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "quotelens",
    version,
    about = "Who said what, and when: quotes, speakers, sources and dates in news articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate HTML or plain-text files, standard input, or a JSONL batch.
    Annotate(AnnotateArgs),
    /// Print the page snapshot the core sees for an HTML file (the same shape the extension's content
    /// script sends): for debugging article detection and for feeding the WASM core in benchmarks.
    Snapshot {
        /// An HTML file ("-" for standard input).
        file: String,
        #[arg(long)]
        url: Option<String>,
    },
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
    /// The reader's corrections to apply to the one input: a QuoteLens JSON export (its `corrections`)
    /// or a JSON array of corrections (docs/corrections-and-storage.md).
    #[arg(long, value_name = "FILE", conflicts_with = "jsonl")]
    corrections: Option<String>,
    /// Parallel workers; output stays in input order.
    #[arg(short = 'j', long = "jobs", default_value_t = 1, value_name = "N")]
    jobs: usize,
    /// .html/.htm pages or plain-text files, directories (walked for .html/.htm/.txt) or quoted glob
    /// patterns ("-" or none: standard input).
    files: Vec<String>,
}

fn parse_published(s: &str) -> Result<String, String> {
    parse_date_prefix(s)
        .filter(|_| s.len() == 10)
        .map(iso_date)
        .ok_or_else(|| format!("expected YYYY-MM-DD, got {s:?}"))
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

    fn write(&mut self, mut result: DocResult, keep_text: bool) -> io::Result<()> {
        let first = self.written == 0;
        self.written += 1;
        match self.format {
            Format::Jsonl | Format::Json => {
                if !keep_text {
                    result.text = None;
                }
                // JSON: the records of a JSON export (a collection's shape); JSONL: Contract 1 records.
                let json = if self.format == Format::Json {
                    serde_json::to_string(&export::to_json_export(&result, &self.meta))
                } else {
                    serde_json::to_string(&result)
                }
                .map_err(io::Error::other)?;
                match (self.format, self.array) {
                    (Format::Json, true) => write!(self.out, "{}{json}", if first { "[\n" } else { ",\n" }),
                    _ => writeln!(self.out, "{json}"),
                }
            }
            Format::Csv => self.out.write_all(export::csv_rows(&result).as_bytes()),
            Format::Md => write!(self.out, "{}{}", if first { "" } else { "\n" }, export::markdown_section(&result)),
            Format::W3c => {
                for anno in export::web_annotations(&result, &self.meta) {
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
    chrono::DateTime::from_timestamp(secs as i64, 0)
        .map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
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
    let res = if path == "-" {
        io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
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

fn annotate_file(path: &str, args: &AnnotateArgs, corrections: &[Correction]) -> Result<DocResult, RecordError> {
    let content = read_input(path)?;
    let (result, fates) = if is_html(path, &content) {
        let snap = quotelens::html::snapshot(&content, args.url.as_deref());
        let opts = PageOptions {
            id: Some(path.to_string()),
            published: args.published.clone(),
            force: false,
            url: args.url.clone(),
            corrections: corrections.to_vec(),
        };
        let out = annotate_page(&snap, &opts);
        let mut result = out.result;
        result.url = args.url.clone().or(result.url);
        (result, out.corrections)
    } else {
        let published = args.published.as_deref().and_then(parse_date_prefix);
        let mut result = annotate_text(path.to_string(), content, published);
        let text = result.text.as_deref().unwrap_or("");
        let fates = quotelens::corrections::apply(text, &mut result.annotations, corrections);
        result.corrections = corrections.to_vec();
        (result, fates)
    };
    // Corrections that no longer anchor are kept in the output and named here, not dropped.
    for f in fates.iter().filter(|f| !f.anchored) {
        let why = f.error.as_deref().unwrap_or("its text or its quote is not found");
        eprintln!("quotelens: {path}: correction {} not applied: {why}", f.id);
    }
    Ok(result)
}

/// Reads `--corrections FILE`: a JSON export (object or one-article array) or an array of corrections.
fn read_corrections(path: &str) -> Result<Vec<Correction>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{path}: invalid JSON: {e}"))?;
    let list = match value {
        serde_json::Value::Object(mut export) => export.remove("corrections").unwrap_or_default(),
        serde_json::Value::Array(items) if items.iter().any(|i| i.get("quotes").is_some()) => {
            match <[_; 1]>::try_from(items) {
                Ok([mut one]) => one.get_mut("corrections").map(serde_json::Value::take).unwrap_or_default(),
                Err(_) => return Err(format!("{path}: a collection of several articles; export the one article")),
            }
        }
        list => list,
    };
    match list {
        serde_json::Value::Array(items) => Ok(quotelens::corrections::from_values(items)),
        serde_json::Value::Null => Ok(Vec::new()),
        _ => Err(format!("{path}: \"corrections\" is not a list")),
    }
}

fn annotate_text(id: String, text: String, published: Option<chrono::NaiveDate>) -> DocResult {
    let annotations = annotate(&Document { text: &text, published, lang: None });
    DocResult {
        id,
        published: published.map(iso_date),
        lang: Some("en".into()),
        title: None,
        url: None,
        text: Some(text),
        annotations,
        corrections: Vec::new(),
    }
}

/// One JSONL record: `{"id", "text", "published"}`; `--published` overrides the record's date.
fn annotate_record(line: &str, lineno: usize, place: &str, args: &AnnotateArgs) -> Result<DocResult, RecordError> {
    let rec = parse_record(line).map_err(|what| RecordError { place: place.into(), line: lineno, what })?;
    let published = args.published.as_deref().and_then(parse_date_prefix).or(rec.published);
    Ok(annotate_text(rec.id.unwrap_or_else(|| format!("{place}:{lineno}")), rec.text, published))
}

fn report(e: &RecordError) {
    if e.line > 0 {
        eprintln!("quotelens: {}:{}: {}", e.place, e.line, e.what);
    } else {
        eprintln!("quotelens: {}: {}", e.place, e.what);
    }
}

/// Reads JSONL records lazily; blank lines are skipped, unreadable ones become record errors.
fn jsonl_records(src: &str) -> Result<impl Iterator<Item = (usize, Result<String, RecordError>)> + Send, RecordError> {
    let reader: Box<dyn BufRead + Send> = if src == "-" {
        Box::new(BufReader::new(io::stdin()))
    } else {
        let f =
            std::fs::File::open(src).map_err(|e| RecordError { place: src.into(), line: 0, what: e.to_string() })?;
        Box::new(BufReader::new(f))
    };
    let place = src.to_string();
    Ok(reader.split(b'\n').enumerate().filter_map(move |(i, line)| {
        let lineno = i + 1;
        let err = |what: String| Some((lineno, Err(RecordError { place: place.clone(), line: lineno, what })));
        match line {
            Err(e) => err(e.to_string()),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(l) if l.trim().is_empty() => None,
                Ok(l) => Some((lineno, Ok(l))),
                Err(_) => err("not valid UTF-8".into()),
            },
        }
    }))
}

/// Annotates `jobs` on `workers` threads and writes the results in input order, reporting failed
/// records as they come; false when any record failed.
fn stream<J: Send, W: Write>(
    jobs: impl Iterator<Item = J> + Send,
    workers: usize,
    work: impl Fn(J) -> Result<DocResult, RecordError> + Sync,
    mut out: Output<W>,
    bar: ProgressBar,
    keep_text: bool,
) -> io::Result<bool> {
    let mut ok = true;
    ordered_map(jobs, workers, work, |result| {
        bar.inc(1);
        match result {
            Ok(r) => out.write(r, keep_text),
            Err(e) => {
                ok = false;
                bar.suspend(|| report(&e));
                Ok(())
            }
        }
    })?;
    bar.finish_and_clear();
    out.finish()?;
    Ok(ok)
}

fn run(args: AnnotateArgs) -> io::Result<bool> {
    let stdout = io::stdout();
    let workers = args.jobs.max(1);
    if let Some(src) = &args.jsonl {
        let format = args.format.unwrap_or(Format::Jsonl);
        let out = Output::new(BufWriter::new(stdout.lock()), format, format == Format::Json)?;
        return match jsonl_records(src) {
            // The batch already holds the texts: JSON output leaves them out.
            Ok(records) => stream(
                records,
                workers,
                |(lineno, line)| line.and_then(|l| annotate_record(&l, lineno, src, &args)),
                out,
                progress(None),
                false,
            ),
            Err(e) => {
                report(&e);
                out.finish()?;
                Ok(false)
            }
        };
    }
    let given = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let (files, bad) = inputs::expand(&given);
    bad.iter().for_each(|(place, what)| report(&RecordError { place: place.clone(), line: 0, what: what.clone() }));
    let corrections = match &args.corrections {
        None => Vec::new(),
        Some(_) if files.len() > 1 || given.len() > 1 => {
            return Err(Usage("--corrections applies to one input".into()).into())
        }
        Some(path) => read_corrections(path).map_err(Usage)?,
    };
    let format = args.format.unwrap_or(Format::Json);
    let out = Output::new(BufWriter::new(stdout.lock()), format, given.len() > 1 || files.len() != given.len())?;
    let bar = progress(Some(files.len() as u64));
    Ok(stream(files.iter(), workers, |f| annotate_file(f, &args, &corrections), out, bar, true)? && bad.is_empty())
}

/// A usage error found after parsing the arguments: reported, exit status 2.
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

impl From<Usage> for io::Error {
    fn from(u: Usage) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidInput, u)
    }
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
    let outcome = match cli.command {
        Command::Annotate(args) => run(args),
        Command::Snapshot { file, url } => match read_input(&file) {
            Ok(html) => serde_json::to_writer(io::stdout().lock(), &quotelens::html::snapshot(&html, url.as_deref()))
                .map_err(io::Error::other)
                .map(|_| true),
            Err(e) => {
                report(&e);
                Ok(false)
            }
        },
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) if e.get_ref().is_some_and(|inner| inner.is::<Usage>()) => {
            eprintln!("quotelens: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("quotelens: {e}");
            ExitCode::from(1)
        }
    }
}
