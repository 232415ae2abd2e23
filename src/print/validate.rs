//! `validate`: a streaming, parallel pipeline that keeps input order.
//!
//! One reader thread cuts the inputs into batches of raw instances (a shared byte buffer plus
//! item ranges); worker threads parse, route, validate and render each batch; the calling
//! thread writes rendered batches in sequence order. Channels are bounded, so memory stays
//! bounded whatever the input size.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use colored::Colorize;
use serde::Serialize;
use serde_json::Value;

use super::progress::{self, Progress};
use crate::spans::SpanMap;
use crate::validate::engine::{CompileError, Engine, InstanceError, Verdict};
use crate::validate::input::{self, Body, Item, Loc, Sink, Source};

/// Output format of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// How results are printed.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub format: Format,
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
    pub jobs: usize,
    pub max_event_bytes: usize,
    /// Show a progress line on stderr once the run passes a second.
    pub progress: bool,
}

/// Counts of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub valid: u64,
    pub invalid: u64,
    pub blank: u64,
    pub files: u64,
    /// Whole `.json` inputs that are JSON Schemas, not events (passed over, not results).
    pub schemas: u64,
}

/// Why the run stopped before its end (exit 2).
#[derive(Debug)]
pub enum Fatal {
    Compile(CompileError),
    Read {
        source: String,
        error: io::Error,
    },
    Write(io::Error),
    /// Whoever consumes the results stopped the run (its message says why).
    Stopped(String),
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::Compile(e) => e.fmt(f),
            Fatal::Read { source, error } => write!(f, "{source}: cannot read: {error}"),
            Fatal::Write(e) => write!(f, "cannot write output: {e}"),
            Fatal::Stopped(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Fatal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Fatal::Write(e) => Some(e),
            Fatal::Read { error, .. } => Some(error),
            Fatal::Compile(_) | Fatal::Stopped(_) => None,
        }
    }
}

/// What the run did: counts, and read errors of sources that were passed (the run went on).
#[derive(Debug, Default)]
pub struct RunResult {
    pub summary: Summary,
    pub read_errors: Vec<String>,
    /// The first few inputs that are JSON Schemas rather than events, for the hint.
    pub schema_files: Vec<String>,
}

/// How many schema file names a run keeps for its hint.
const SCHEMA_NAMES: usize = 3;

const BATCH_BYTES: usize = 256 << 10;
const BATCH_ITEMS: usize = 1024;

/// A run of raw instances cut by the reader: a shared byte buffer plus item ranges.
pub struct Batch {
    pub seq: u64,
    pub buf: Vec<u8>,
    pub items: Vec<Item>,
    /// Blank lines skipped while this batch was read.
    pub blank: u64,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            seq: 0,
            buf: Vec::with_capacity(BATCH_BYTES + BATCH_BYTES / 4),
            items: Vec::with_capacity(256),
            blank: 0,
        }
    }
}

struct Rendered {
    out: Vec<u8>,
    valid: u64,
    invalid: u64,
    blank: u64,
    /// Inputs passed over as JSON Schemas.
    schemas: Vec<String>,
}

/// The reader's sink, for both pipelines: items go into a batch, and each full batch (and
/// the last) goes to the [`HandOff`].
struct Batcher<H: HandOff> {
    batch: Batch,
    to: H,
}

/// Where the reader's batches go: to the worker threads, or straight to work on the
/// calling thread.
trait HandOff {
    /// Takes a batch; false stops the reading.
    fn hand(&mut self, batch: Batch) -> bool;
    /// Whether reading goes on (asked when there is nothing to hand on).
    fn going(&self) -> bool;
    /// The batch to fill next.
    fn fresh(&self) -> Batch {
        Batch::new()
    }
}

impl<H: HandOff> Batcher<H> {
    fn new(to: H) -> Batcher<H> {
        Batcher {
            batch: to.fresh(),
            to,
        }
    }

    fn flush(&mut self) -> bool {
        if self.batch.items.is_empty() && self.batch.blank == 0 {
            return self.to.going();
        }
        let batch = std::mem::replace(&mut self.batch, self.to.fresh());
        self.to.hand(batch)
    }
}

impl<H: HandOff> Sink for Batcher<H> {
    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.batch.buf
    }
    fn push(&mut self, item: Item) -> bool {
        self.batch.items.push(item);
        if self.batch.buf.len() >= BATCH_BYTES || self.batch.items.len() >= BATCH_ITEMS {
            return self.flush();
        }
        true
    }
    fn blank(&mut self) {
        self.batch.blank += 1;
    }
}

/// To the worker threads, numbered in reading order.
struct ToWorkers<'a> {
    tx: &'a SyncSender<Batch>,
    stop: &'a AtomicBool,
    next_seq: u64,
}

impl HandOff for ToWorkers<'_> {
    fn hand(&mut self, mut batch: Batch) -> bool {
        batch.seq = self.next_seq;
        self.next_seq += 1;
        self.tx.send(batch).is_ok() && self.going()
    }
    fn going(&self) -> bool {
        !self.stop.load(Ordering::Relaxed)
    }
}

/// Validates every instance of `sources`, writing results to `out` in input order.
pub fn run(
    sources: &[Source],
    engine: &Engine,
    settings: Settings,
    out: &mut dyn Write,
) -> Result<RunResult, Fatal> {
    let mut summary = Summary::default();
    let mut schema_files = Vec::new();
    let mut progress = Progress::new(settings.progress);
    let work = |batch: &Batch| render_batch(batch, engine, settings);
    let mut consume = |r: Rendered| {
        summary.valid += r.valid;
        summary.invalid += r.invalid;
        summary.blank += r.blank;
        summary.schemas += r.schemas.len() as u64;
        keep_names(&mut schema_files, r.schemas);
        progress
            .suspend(|| out.write_all(&r.out))
            .map_err(Fatal::Write)?;
        progress.update(|elapsed| {
            let done = summary.valid + summary.invalid;
            let rate = progress::rate(done, elapsed);
            format!(
                "{done} events ({} invalid), {rate:.0} events/s",
                summary.invalid
            )
        });
        Ok(())
    };
    let read_errors = pipeline(
        sources,
        settings.jobs,
        settings.max_event_bytes,
        &work,
        &mut consume,
    );
    progress.finish();
    let read_errors = read_errors?;
    out.flush().map_err(Fatal::Write)?;
    summary.files = sources.len() as u64;
    Ok(RunResult {
        summary,
        read_errors,
        schema_files,
    })
}

/// The pipeline behind `validate` (and `replay`, and `diff --replay`): one reader thread
/// cuts `sources` into batches, `jobs` worker threads run `work` on each batch, and
/// `consume` gets the results on the calling thread in input order. An error from `work`
/// or `consume` stops the run. Returns the read errors of sources that were passed (the
/// run went on past them).
pub fn pipeline<T: Send>(
    sources: &[Source],
    jobs: usize,
    max_event_bytes: usize,
    work: &(dyn Fn(&Batch) -> Result<T, Fatal> + Sync),
    consume: &mut dyn FnMut(T) -> Result<(), Fatal>,
) -> Result<Vec<String>, Fatal> {
    let jobs = jobs.max(1);
    if jobs == 1 || is_small(sources) {
        return pipeline_inline(sources, max_event_bytes, work, consume);
    }
    let (batch_tx, batch_rx) = sync_channel::<Batch>(jobs * 2);
    let (out_tx, out_rx) = sync_channel::<(u64, Result<T, Fatal>)>(jobs * 2);
    let batch_rx = Arc::new(Mutex::new(batch_rx));
    let stop = AtomicBool::new(false);

    std::thread::scope(|scope| {
        let stop = &stop;
        let reader = scope.spawn(move || {
            let mut read_errors = Vec::new();
            let mut sink = Batcher::new(ToWorkers {
                tx: &batch_tx,
                stop,
                next_seq: 0,
            });
            for source in sources {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let outcome = input::open(source)
                    .and_then(|mut r| input::read(source, &mut *r, max_event_bytes, &mut sink));
                if let Err(e) = outcome {
                    read_errors.push(input::describe_read_error(&source.name, &e));
                }
            }
            sink.flush();
            drop(batch_tx);
            read_errors
        });
        for _ in 0..jobs {
            let rx = Arc::clone(&batch_rx);
            let tx = out_tx.clone();
            scope.spawn(move || worker(&rx, &tx, work, stop));
        }
        drop(out_tx);
        let consumed = consume_in_order(&out_rx, consume);
        // unblock the reader and workers if we stopped early
        stop.store(true, Ordering::Relaxed);
        while out_rx.recv().is_ok() {}
        let read_errors = reader.join().unwrap_or_default();
        consumed.map(|()| read_errors)
    })
}

/// Inputs small enough that starting threads costs more than it saves: regular files
/// adding up to less than one batch.
fn is_small(sources: &[Source]) -> bool {
    let mut total = 0u64;
    for s in sources {
        let Some(path) = &s.path else {
            return false;
        };
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => total += m.len(),
            _ => return false,
        }
    }
    total < BATCH_BYTES as u64
}

/// The same pipeline on the calling thread: read a batch, work on it, consume it.
fn pipeline_inline<T>(
    sources: &[Source],
    max_event_bytes: usize,
    work: &dyn Fn(&Batch) -> Result<T, Fatal>,
    consume: &mut dyn FnMut(T) -> Result<(), Fatal>,
) -> Result<Vec<String>, Fatal> {
    /// Straight to `work` and `consume`; the first error stops the reading.
    struct Inline<'a, T> {
        work: &'a dyn Fn(&Batch) -> Result<T, Fatal>,
        consume: &'a mut dyn FnMut(T) -> Result<(), Fatal>,
        error: Option<Fatal>,
    }
    impl<T> HandOff for Inline<'_, T> {
        fn hand(&mut self, batch: Batch) -> bool {
            if self.error.is_some() {
                return false;
            }
            if let Err(e) = (self.work)(&batch).and_then(|r| (self.consume)(r)) {
                self.error = Some(e);
            }
            self.error.is_none()
        }
        fn going(&self) -> bool {
            self.error.is_none()
        }
        // small inputs: no room reserved ahead
        fn fresh(&self) -> Batch {
            Batch {
                seq: 0,
                buf: Vec::new(),
                items: Vec::new(),
                blank: 0,
            }
        }
    }
    let mut sink = Batcher::new(Inline {
        work,
        consume,
        error: None,
    });
    let mut read_errors = Vec::new();
    for source in sources {
        let outcome = input::open(source)
            .and_then(|mut r| input::read(source, &mut *r, max_event_bytes, &mut sink));
        if let Err(e) = outcome {
            read_errors.push(input::describe_read_error(&source.name, &e));
        }
        if sink.to.error.is_some() {
            break;
        }
    }
    sink.flush();
    match sink.to.error.take() {
        Some(e) => Err(e),
        None => Ok(read_errors),
    }
}

fn keep_names(kept: &mut Vec<String>, names: Vec<String>) {
    for n in names {
        if kept.len() < SCHEMA_NAMES {
            kept.push(n);
        }
    }
}

fn worker<T: Send>(
    rx: &Mutex<Receiver<Batch>>,
    tx: &SyncSender<(u64, Result<T, Fatal>)>,
    work: &(dyn Fn(&Batch) -> Result<T, Fatal> + Sync),
    stop: &AtomicBool,
) {
    loop {
        let batch = {
            let Ok(guard) = rx.lock() else { return };
            match guard.recv() {
                Ok(b) => b,
                Err(_) => return,
            }
        };
        if stop.load(Ordering::Relaxed) {
            continue;
        }
        let done = work(&batch);
        if done.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        if tx.send((batch.seq, done)).is_err() {
            return;
        }
    }
}

/// Hands results to `consume` in sequence order; the first error stops it.
fn consume_in_order<T>(
    rx: &Receiver<(u64, Result<T, Fatal>)>,
    consume: &mut dyn FnMut(T) -> Result<(), Fatal>,
) -> Result<(), Fatal> {
    let mut pending: BTreeMap<u64, T> = BTreeMap::new();
    let mut next = 0u64;
    while let Ok((seq, r)) = rx.recv() {
        pending.insert(seq, r?);
        while let Some(r) = pending.remove(&next) {
            consume(r)?;
            next += 1;
        }
    }
    Ok(())
}

/// One instance's result, as printed by `--format json` (DESIGN.md).
#[derive(Serialize)]
struct JsonRecord<'a> {
    source: &'a str,
    /// The file (null for standard input), and where the instance starts in it.
    file: Option<&'a str>,
    line: Option<u64>,
    column: Option<u64>,
    valid: bool,
    event_type: Option<&'a str>,
    schema: Option<&'a str>,
    errors: &'a [InstanceError],
}

fn render_batch(batch: &Batch, engine: &Engine, settings: Settings) -> Result<Rendered, Fatal> {
    let mut out = Vec::with_capacity(batch.items.len() * 16);
    let (mut valid, mut invalid) = (0, 0);
    let mut schemas = Vec::new();
    for item in &batch.items {
        let (verdict, positions) = match &item.body {
            Body::Problem(p) => (Verdict::invalid(p.to_string()), None),
            Body::Data(s, e) => match check_bytes(&batch.buf[*s..*e], item.loc, engine)? {
                Checked::Schema => {
                    schemas.push(item.source.to_string());
                    continue;
                }
                Checked::Event(v, p) => (v, p),
            },
        };
        let start = item.position(&batch.buf);
        if verdict.valid() {
            valid += 1;
        } else {
            invalid += 1;
        }
        render_one(
            &mut out,
            item,
            start,
            &verdict,
            positions.as_ref(),
            engine,
            settings,
        );
    }
    Ok(Rendered {
        out,
        valid,
        invalid,
        blank: batch.blank,
        schemas,
    })
}

/// What one instance turned out to be.
enum Checked {
    Event(Verdict, Option<Positions>),
    /// A whole `.json` input that is a JSON Schema the catalog cannot route: not an event.
    Schema,
}

/// Line and column in the source of each error of an instance.
type Positions = Vec<(u64, u64)>;

/// Parses and checks one instance. For a whole-file document that is invalid, also returns
/// the source positions of its errors.
fn check_bytes(bytes: &[u8], loc: Loc, engine: &Engine) -> Result<Checked, Fatal> {
    if let Some(verdict) = engine.check_fast(bytes) {
        return Ok(Checked::Event(verdict, None));
    }
    let value: Value = match input::parse_instance(bytes, loc) {
        Ok(v) => v,
        Err(problem) => return Ok(Checked::Event(Verdict::invalid(problem.to_string()), None)),
    };
    let verdict = engine.check(&value).map_err(Fatal::Compile)?;
    if loc == Loc::Whole
        && verdict.schema.is_none()
        && engine.router().is_some()
        && crate::routing::looks_like_schema(&value)
    {
        return Ok(Checked::Schema);
    }
    let positions = if loc == Loc::Whole && !verdict.valid() && verdict.layers.is_empty() {
        std::str::from_utf8(bytes).ok().map(|text| {
            let map = SpanMap::scan(text);
            verdict
                .errors
                .iter()
                .map(|e| {
                    let p = map.locate(&e.instance_path);
                    (p.line as u64, p.column as u64)
                })
                .collect()
        })
    } else {
        None
    };
    Ok(Checked::Event(verdict, positions))
}

#[allow(clippy::too_many_arguments)]
fn render_one(
    out: &mut Vec<u8>,
    item: &Item,
    start: (Option<u64>, Option<u64>),
    verdict: &Verdict,
    positions: Option<&Positions>,
    engine: &Engine,
    settings: Settings,
) {
    let schema = verdict.schema.map(|i| engine.schema_name(i));
    match settings.format {
        Format::Json => {
            let source = item.source_text();
            let record = JsonRecord {
                source: &source,
                file: (&*item.source != "<stdin>").then_some(&*item.source),
                line: start.0,
                column: start.1,
                valid: verdict.valid(),
                event_type: verdict.event_type.as_deref(),
                schema,
                errors: &verdict.errors,
            };
            // serialising plain strings and bools into a Vec cannot fail
            let _ = serde_json::to_writer(&mut *out, &record);
            out.push(b'\n');
        }
        Format::Github => {
            for (i, e) in verdict.errors.iter().enumerate() {
                let (line, col) = match (item.loc, positions.and_then(|p| p.get(i))) {
                    (_, Some(&(l, c))) => (l, Some(c)),
                    (Loc::Line(n), _) => (n, None),
                    (Loc::Element { line, column, .. }, _) => (line, Some(column)),
                    (Loc::Whole, None) => (1, None),
                };
                let col = col.map(|c| format!(",col={c}")).unwrap_or_default();
                let path = if e.instance_path.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", e.instance_path)
                };
                let title = match &verdict.event_type {
                    Some(t) => format!("invalid {t} event"),
                    None => "invalid event".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "::error file={},line={line}{col},title={}::{}",
                    gh_property(&item.source),
                    gh_property(&title),
                    gh_data(&format!("{}{path}{}", source_prefix(item), e.message))
                );
            }
        }
        Format::Human => {
            if verdict.valid() {
                if settings.verbose && !settings.quiet {
                    let mark = paint("valid", settings.color, |s| s.green());
                    let what = verdict.event_type.as_deref().unwrap_or("instance");
                    let _ = writeln!(out, "{}: {mark} {what}", item.source_text());
                }
                return;
            }
            let source = paint(&item.source_text(), settings.color, |s| s.bold());
            let invalid = paint("invalid", settings.color, |s| s.red().bold());
            let mut what = match (&verdict.event_type, schema) {
                (Some(t), Some(s)) => format!(" {t} ({s})"),
                (Some(t), None) => format!(" {t}"),
                (None, Some(s)) => format!(" ({s})"),
                (None, None) => String::new(),
            };
            if !verdict.layers.is_empty() {
                let layers: Vec<&str> = verdict.layers.iter().map(|l| l.label()).collect();
                what.push_str(&format!(", inside {}", layers.join(" > ")));
            }
            let _ = writeln!(out, "{source}: {invalid}{what}");
            for (i, e) in verdict.errors.iter().enumerate() {
                let at = positions
                    .and_then(|p| p.get(i))
                    .map(|(l, c)| format!(" (line {l}, column {c})"))
                    .unwrap_or_default();
                let path = if e.instance_path.is_empty() {
                    "/".to_owned()
                } else {
                    e.instance_path.clone()
                };
                let path = paint(&path, settings.color, |s| s.yellow());
                let schema_path = if e.schema_path.is_empty() {
                    String::new()
                } else {
                    let sp = format!("  [{}]", e.schema_path);
                    paint(&sp, settings.color, |s| s.dimmed())
                };
                let _ = writeln!(out, "  {path}{at}: {}{schema_path}", e.message);
            }
        }
    }
}

fn source_prefix(item: &Item) -> String {
    match item.loc {
        Loc::Element { index, .. } => format!("[{index}] "),
        _ => String::new(),
    }
}

/// Applies a colour only when colour is on.
pub fn paint(
    text: &str,
    color: bool,
    style: impl Fn(colored::ColoredString) -> colored::ColoredString,
) -> String {
    if color {
        style(text.normal()).to_string()
    } else {
        text.to_owned()
    }
}

pub use crate::print::diag::github::{escape_data as gh_data, escape_property as gh_property};

/// The closing line of a human run.
pub fn summary_line(summary: &Summary, millis: u128) -> String {
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut s = format!(
        "{} valid, {} invalid, {}",
        summary.valid,
        summary.invalid,
        plural(summary.files, "file", "files")
    );
    if summary.blank > 0 {
        s.push_str(&format!(
            ", {} skipped",
            plural(summary.blank, "blank line", "blank lines")
        ));
    }
    s.push_str(&format!(", in {millis} ms"));
    s
}
