//! `evschema replay`: recorded events re-delivered to a target, through the same reader,
//! catalog and validator as `validate`, with retries and a resumable state journal.
//!
//! The validate pipeline reads, filters and validates the inputs in batches on worker
//! threads; this module's consumer, on the calling thread, gives each event its position,
//! consults the state, delivers (stdout and files inline, HTTP through a pool of
//! `--concurrency` threads), journals each outcome as it is decided and prints the outcomes
//! in input order.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, sync_channel, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::Sha256;

use crate::catalog::{Catalog, LoadOptions};
use crate::cli::{ReplayArgs, ReplayFormat};
use crate::envelope;
use crate::print::progress::{self, Progress};
use crate::print::validate::{self as pipeline, paint, Batch, Fatal};
use crate::replay::filter::{Decision, Filter};
use crate::replay::journal::{self, event_hash, EventHash, Fingerprint, Header, Resume, State};
use crate::replay::retry::{classify, parse_retry_after, Class, Jitter, RetryPolicy};
use crate::replay::{OutcomeKind, Tally};
use crate::routing::RouteSpec;
use crate::validate::engine::{Engine, EngineOptions, InstanceError};
use crate::validate::input::{self, Body, Source};
use crate::Outcome;

/// Where events go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
    Http(String),
    /// `sns:ARN` or `sqs:URL`, delivered by the host program's [`ExternalDeliver`] (the
    /// Python package registers one with boto3; the binary alone refuses these targets).
    External(String),
}

/// One delivery attempt handed to an [`ExternalDeliver`].
pub struct ExternalJob<'a> {
    /// The `--to` target as given (`sns:ARN`, `sqs:URL`).
    pub target: &'a str,
    /// The event as recorded.
    pub body: &'a [u8],
    pub event_type: Option<&'a str>,
    pub event_id: Option<&'a str>,
    pub version: Option<&'a str>,
}

/// The result of one attempt of an [`ExternalDeliver`]; retries and backoff stay here, so
/// that every target retries by the same policy.
pub enum Attempt {
    Delivered,
    /// Throttling, a 5xx or a connection error: tried again with backoff.
    Retry(Option<u16>, String),
    /// Any other refusal: the event fails at once.
    Refused(Option<u16>, String),
}

/// A delivery supplied by the program embedding evschema (called from worker threads).
pub type ExternalDeliver = Arc<dyn Fn(&ExternalJob<'_>) -> Attempt + Send + Sync>;

static EXTERNAL: Mutex<Option<ExternalDeliver>> = Mutex::new(None);

/// Registers (or, with `None`, removes) the delivery of `sns:` and `sqs:` targets.
pub fn set_external(deliver: Option<ExternalDeliver>) {
    *EXTERNAL.lock().unwrap_or_else(|e| e.into_inner()) = deliver;
}

fn external() -> Option<ExternalDeliver> {
    EXTERNAL.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

impl Target {
    pub fn parse(text: &str) -> anyhow::Result<Target> {
        if text == "-" {
            return Ok(Target::Stdout);
        }
        if let Some(path) = text.strip_prefix("file:") {
            if path.is_empty() {
                bail!("--to file: needs a path (file:PATH)");
            }
            return Ok(Target::File(PathBuf::from(path)));
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Ok(Target::Http(text.to_owned()));
        }
        if (lower.starts_with("sns:") || lower.starts_with("sqs:")) && external().is_some() {
            return Ok(Target::External(text.to_owned()));
        }
        if lower.starts_with("sns:") || lower.starts_with("sqs:") || lower.starts_with("arn:") {
            bail!(
                "--to {text}: SNS and SQS targets are delivered by the Python package (`python -m evschema replay --to sns:ARN|sqs:URL`), not by this binary"
            );
        }
        bail!("--to {text}: not a target; use `-` (stdout), `file:PATH`, `http://URL` or `https://URL`")
    }

    /// How the state header names the target.
    fn label(&self) -> String {
        match self {
            Target::Stdout => "-".to_owned(),
            Target::File(p) => format!("file:{}", p.display()),
            Target::Http(u) | Target::External(u) => u.clone(),
        }
    }
}

/// What the workers decide for one item before it has a position.
enum Pre {
    Filtered {
        reason: String,
        event_type: Option<String>,
        event_id: Option<String>,
    },
    Invalid {
        event_type: Option<String>,
        event_id: Option<String>,
        schema: Option<String>,
        errors: Vec<InstanceError>,
    },
    Deliver {
        body: Vec<u8>,
        event_type: Option<String>,
        event_id: Option<String>,
        version: Option<String>,
    },
}

struct Decided {
    source: String,
    pre: Pre,
    hash: EventHash,
}

/// One outcome, as `--format json` prints it.
#[derive(Serialize)]
struct Record {
    source: String,
    outcome: OutcomeKind,
    event_type: Option<String>,
    event_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<InstanceError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attempts: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    resumed: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dry_run: bool,
}

impl Record {
    fn new(source: String, outcome: OutcomeKind) -> Record {
        Record {
            source,
            outcome,
            event_type: None,
            event_id: None,
            schema: None,
            errors: Vec::new(),
            reason: None,
            attempts: None,
            status: None,
            resumed: false,
            dry_run: false,
        }
    }
}

pub fn run(
    args: ReplayArgs,
    color: bool,
    refs: &crate::refs::RefSources,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let target = Target::parse(&args.to)?;
    if args.concurrency == 0 {
        bail!("--concurrency must be at least 1");
    }
    if let Some(r) = args.rate {
        if !(r.is_finite() && r > 0.0) {
            bail!("--rate must be a positive number of events per second");
        }
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        bail!("--timeout must be a positive number of seconds");
    }
    let secret = match &args.secret_env {
        None => None,
        Some(var) => match std::env::var(var) {
            Ok(v) if !v.is_empty() => Some(v.into_bytes()),
            _ => bail!("--secret-env {var}: the environment variable {var} is not set (or empty)"),
        },
    };
    if secret.is_some() && !matches!(target, Target::Http(_)) {
        bail!("--secret-env signs HTTP requests: it needs an http(s):// target");
    }
    let headers = args
        .header
        .iter()
        .map(|h| match h.split_once(':') {
            Some((n, v)) if !n.trim().is_empty() && !n.contains(' ') => {
                Ok((n.trim().to_owned(), v.trim().to_owned()))
            }
            _ => Err(anyhow!("--header {h:?}: expected `Name: value`")),
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let spec = super::validate::route_spec_from_config(&args.routing);
    spec.check().map_err(|e| anyhow!("{e}"))?;
    let filter = Filter::new(
        &args.types,
        args.since.as_deref(),
        args.until.as_deref(),
        &spec.type_key,
        &args.time_key,
    )?;

    let mut inputs = args.inputs.clone();
    if inputs.is_empty() {
        if io::stdin().is_terminal() {
            bail!("no input given: name files or folders of recorded events, or pipe NDJSON into `evschema replay - --to ...`");
        }
        inputs.push(PathBuf::from("-"));
    }
    let expanded = input::expand(&inputs, args.array)
        .map_err(|(path, msg)| anyhow!("{}: {msg}", path.display()))?;
    if !args.quiet {
        for link in &expanded.link_loops {
            eprintln!(
                "warning: {}: symbolic link loop, not followed",
                link.display()
            );
        }
        if !expanded.passed_over.is_empty() {
            eprintln!(
                "note: passed over {} file(s) not ending in .json, .ndjson or .jsonl",
                expanded.passed_over.len()
            );
        }
    }
    let sources = expanded.sources;

    let options = EngineOptions {
        assert_formats: !args.no_format_assertion,
        redact: args.redact,
    };
    let dir = args
        .catalog
        .clone()
        .unwrap_or_else(|| PathBuf::from("schemas"));
    let engine = match &args.against {
        Some(rev) => engine_at(rev, &dir, &spec, options)?,
        None => super::validate::engine_for_catalog(&dir, &spec, refs, options)?,
    };

    // the state: refused when it belongs to other inputs or another target
    let state = match &args.state {
        None => None,
        Some(path) => Some(open_state(path, &sources, &target, args.dry_run)?),
    };

    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let max_event_bytes = args.max_event_bytes.unwrap_or(64 * 1024 * 1024);
    let hashing = state.is_some();
    let line_target = matches!(target, Target::Stdout | Target::File(_));
    let work = |batch: &Batch| -> Result<Vec<Decided>, Fatal> {
        decide_batch(batch, &engine, &filter, spec.unwrap, hashing, line_target)
    };

    let report_to_stderr = target == Target::Stdout;
    let mut report: Box<dyn Write> = if report_to_stderr {
        Box::new(BufWriter::new(io::stderr()))
    } else {
        Box::new(BufWriter::with_capacity(64 * 1024, io::stdout()))
    };
    let policy = RetryPolicy {
        retries: args.retries,
        ..RetryPolicy::default()
    };

    let (result_tx, result_rx) = channel::<Done>();
    let window = args.concurrency * 2;
    let (job_tx, job_rx) = sync_channel::<Job>(window);
    let job_rx = Arc::new(Mutex::new(job_rx));

    let sink = match &target {
        _ if args.dry_run => Delivery::DryRun,
        Target::Stdout => Delivery::Lines {
            out: Box::new(BufWriter::with_capacity(256 * 1024, io::stdout())),
            file: None,
        },
        Target::File(path) => {
            let (tmp, file) = temp_beside(path)?;
            Delivery::Lines {
                out: Box::new(BufWriter::with_capacity(256 * 1024, file)),
                file: Some((tmp, path.clone())),
            }
        }
        Target::Http(_) | Target::External(_) => Delivery::Http,
    };
    let http = match &target {
        Target::Http(url) if !args.dry_run => Some(Http {
            agent: agent(args.concurrency, Duration::from_secs_f64(args.timeout)),
            url: url.clone(),
            headers,
            secret,
            policy,
        }),
        _ => None,
    };

    let outside = match &target {
        Target::External(t) if !args.dry_run => Some(Outside {
            deliver: external().ok_or_else(|| anyhow!("--to {t}: no delivery registered"))?,
            target: t.clone(),
            policy,
        }),
        _ => None,
    };

    let progress = !args.quiet && io::stderr().is_terminal();
    let (state_file, journal_file) = match state {
        Some((s, f, name)) => (Some((s, name)), f),
        None => (None, None),
    };
    let mut replayer = Replayer {
        position: 0,
        tally: Tally::default(),
        state: state_file,
        journal: journal_file.map(Journal::new),
        held: Vec::new(),
        sink,
        jobs: Some(job_tx),
        results: result_rx,
        inflight: BTreeMap::new(),
        window,
        pending: BTreeMap::new(),
        next_print: 1,
        report: &mut *report,
        format: args.format,
        color: color && !report_to_stderr,
        verbose: args.verbose,
        quiet: args.quiet,
        dry_run: args.dry_run,
        pacer: args.rate.map(Pacer::new),
        progress: Progress::new(progress),
    };

    let outcome = std::thread::scope(|scope| -> anyhow::Result<Vec<String>> {
        if let Some(http) = &http {
            for i in 0..args.concurrency {
                let rx = Arc::clone(&job_rx);
                let tx: Sender<Done> = result_tx.clone();
                scope.spawn(move || http_worker(http, &rx, &tx, i as u64));
            }
        }
        if let Some(outside) = &outside {
            for i in 0..args.concurrency {
                let rx = Arc::clone(&job_rx);
                let tx: Sender<Done> = result_tx.clone();
                scope.spawn(move || outside_worker(outside, &rx, &tx, i as u64));
            }
        }
        drop(result_tx);
        let mut consume = |batch: Vec<Decided>| replayer.take(batch);
        let read = pipeline::pipeline(&sources, jobs, max_event_bytes, &work, &mut consume);
        // whatever happened, wait for what is in flight and journal it
        let finished = replayer.finish();
        let read = read.map_err(|e| match e {
            Fatal::Write(io) => anyhow::Error::new(io).context("cannot write output"),
            other => anyhow!(other),
        })?;
        finished?;
        Ok(read)
    });
    let read_errors = match outcome {
        Ok(r) => r,
        Err(e) => {
            replayer.abandon();
            return Err(e);
        }
    };
    replayer.commit()?;
    let tally = replayer.tally;
    drop(replayer);
    if !args.quiet {
        let line = summary_line(&target, &tally, args.dry_run, started.elapsed().as_millis());
        if args.format == ReplayFormat::Human && !report_to_stderr {
            writeln!(report, "{line}").context("cannot write output")?;
        } else {
            report.flush().context("cannot write output")?;
            eprintln!("{line}");
        }
    }
    report.flush().context("cannot write output")?;
    std::mem::forget(engine);
    debug_assert!(tally.adds_up());
    if !read_errors.is_empty() {
        bail!("{}", read_errors.join("\n"));
    }
    Ok(if tally.success() {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

fn summary_line(target: &Target, t: &Tally, dry_run: bool, millis: u128) -> String {
    let earlier = if t.resumed > 0 {
        format!(" ({} by an earlier run, per the state file)", t.resumed)
    } else {
        String::new()
    };
    let verb = if dry_run {
        "to deliver (dry run)"
    } else {
        "delivered"
    };
    format!(
        "replay to {}: {} read: {} {verb}{earlier}, {} filtered, {} invalid, {} failed, in {millis} ms",
        target.label(),
        t.read,
        t.delivered,
        t.filtered,
        t.invalid,
        t.failed
    )
}

/// The catalog folder `dir` as it is at git revision `rev`.
fn engine_at(
    rev: &str,
    dir: &Path,
    spec: &RouteSpec,
    options: EngineOptions,
) -> anyhow::Result<Engine> {
    let files = crate::git::read_tree(rev, dir)
        .with_context(|| format!("cannot read {} at {rev}", dir.display()))?;
    let (catalog, _) =
        Catalog::from_texts(dir, files, LoadOptions::default()).map_err(|e| anyhow!("{e}"))?;
    super::validate::engine_from(catalog, spec, options)
}

/// SHA-256 over the raw bytes of every input, in order.
fn fingerprint(sources: &[Source]) -> anyhow::Result<String> {
    let mut fp = Fingerprint::new();
    let mut buf = vec![0u8; 256 * 1024];
    for s in sources {
        let Some(path) = &s.path else {
            bail!("--state needs inputs that can be read again (files or folders): standard input cannot be fingerprinted; save it to a file first");
        };
        let mut f = File::open(path).with_context(|| format!("{}: cannot read", s.name))?;
        loop {
            let n = match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(anyhow!("{}: cannot read: {e}", s.name)),
            };
            fp.update(&buf[..n]);
        }
        fp.end_input();
    }
    Ok(fp.finish())
}

type OpenedState = (State, Option<File>, String);

/// Reads (or starts) the state file. Returns the state and, unless this is a dry run, the
/// file opened for appending, cut after its last complete record.
fn open_state(
    path: &Path,
    sources: &[Source],
    target: &Target,
    dry_run: bool,
) -> anyhow::Result<OpenedState> {
    let name = path.display().to_string();
    let inputs = fingerprint(sources)?;
    let header = Header::new(inputs.clone(), target.label());
    let existing = match std::fs::read(path) {
        Ok(bytes) if !bytes.is_empty() => Some(bytes),
        Ok(_) => None,
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => bail!("{name}: cannot read the state file: {e}"),
    };
    let state = match &existing {
        Some(bytes) => {
            let s = State::parse(&name, bytes)?;
            s.check(&name, &inputs, &target.label())?;
            s
        }
        None => State {
            header: header.clone(),
            delivered: Default::default(),
            records: 0,
            keep: 0,
        },
    };
    if dry_run {
        return Ok((state, None, name));
    }
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("{name}: cannot open the state file"))?;
    if existing.is_some() {
        file.set_len(state.keep as u64)
            .with_context(|| format!("{name}: cannot write the state file"))?;
        use std::io::Seek;
        file.seek(io::SeekFrom::End(0))
            .with_context(|| format!("{name}: cannot write the state file"))?;
    } else {
        file.set_len(0)
            .and_then(|()| file.write_all(&header.line()))
            .and_then(|()| file.sync_all())
            .with_context(|| format!("{name}: cannot write the state file"))?;
        sync_parent(path);
    }
    Ok((state, Some(file), name))
}

use crate::atomic::sync_folder as sync_parent;

/// Filters and validates one batch (on a worker thread).
fn decide_batch(
    batch: &Batch,
    engine: &Engine,
    filter: &Filter,
    unwrap: bool,
    hashing: bool,
    line_target: bool,
) -> Result<Vec<Decided>, Fatal> {
    let mut out = Vec::with_capacity(batch.items.len());
    for item in &batch.items {
        let source = item.source_text();
        let bytes: &[u8] = match &item.body {
            Body::Data(s, e) => &batch.buf[*s..*e],
            Body::Problem(_) => &[],
        };
        let hash = if hashing { event_hash(bytes) } else { [0; 8] };
        let verdict_pre =
            |v: crate::validate::engine::Verdict, event_id: Option<String>| Pre::Invalid {
                event_type: v.event_type.clone(),
                event_id,
                schema: v.schema.map(|i| engine.schema_name(i).to_owned()),
                errors: v.errors,
            };
        let pre = match &item.body {
            Body::Problem(p) => verdict_pre(
                crate::validate::engine::Verdict::invalid(p.to_string()),
                None,
            ),
            Body::Data(..) => match crate::validate::engine::parse_instance(bytes, item.loc) {
                Err(v) => verdict_pre(v, None),
                Ok(value) => {
                    // filters and headers read the event inside an SNS/SQS envelope; the
                    // body delivered stays as recorded
                    let unwrapped = if unwrap {
                        envelope::unwrap(&value).ok()
                    } else {
                        None
                    };
                    let event: &Value = unwrapped.as_ref().map_or(&value, |u| &u.event);
                    let decision = filter.decide(event);
                    let field = |k: &str| event.get(k).and_then(Value::as_str).map(str::to_owned);
                    let filtered = |reason: String| Pre::Filtered {
                        reason,
                        event_type: field("event_type"),
                        event_id: field("event_id"),
                    };
                    match decision {
                        Decision::Filtered(reason) => filtered(reason),
                        Decision::Keep | Decision::Undecided(_) => {
                            let verdict = engine.check(&value).map_err(Fatal::Compile)?;
                            if !verdict.valid() {
                                verdict_pre(verdict, field("event_id"))
                            } else if let Decision::Undecided(reason) = decision {
                                filtered(reason)
                            } else {
                                let body = if line_target && bytes.contains(&b'\n') {
                                    // one event per line: a pretty-printed document is
                                    // written compactly
                                    serde_json::to_vec(&value).unwrap_or_else(|_| bytes.to_vec())
                                } else {
                                    bytes.to_vec()
                                };
                                Pre::Deliver {
                                    body,
                                    event_type: verdict.event_type,
                                    event_id: field("event_id"),
                                    version: field("version"),
                                }
                            }
                        }
                    }
                }
            },
        };
        out.push(Decided { source, pre, hash });
    }
    Ok(out)
}

/// A temporary file beside `path`, renamed over it when the run ends.
fn temp_beside(path: &Path) -> anyhow::Result<(PathBuf, File)> {
    let tmp = crate::atomic::temp_path(path)
        .ok_or_else(|| anyhow!("--to file:{}: not a file name", path.display()))?;
    crate::atomic::temp_beside(path).with_context(|| {
        format!(
            "--to file:{}: cannot create {}",
            path.display(),
            tmp.display()
        )
    })
}

enum Delivery {
    DryRun,
    /// NDJSON to stdout, or to a temporary file (with the final path) renamed at the end.
    Lines {
        out: Box<dyn Write>,
        file: Option<(PathBuf, PathBuf)>,
    },
    Http,
}

/// The journal file and the records not yet written to it.
struct Journal {
    file: File,
    buf: Vec<u8>,
    last: Instant,
}

impl Journal {
    fn new(file: File) -> Journal {
        Journal {
            file,
            buf: Vec::with_capacity(64 * 1024),
            last: Instant::now(),
        }
    }

    /// Writes and fsyncs what is buffered.
    fn sync(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.file.write_all(&self.buf)?;
        self.file.sync_data()?;
        self.buf.clear();
        self.last = Instant::now();
        Ok(())
    }
}

/// Group commit: records decided within a few milliseconds share one fsync.
const SYNC_EVERY: Duration = Duration::from_millis(5);

struct Pacer {
    interval: Duration,
    next: Instant,
}

impl Pacer {
    fn new(rate: f64) -> Pacer {
        Pacer {
            interval: Duration::from_secs_f64(1.0 / rate),
            next: Instant::now(),
        }
    }

    fn wait(&mut self) {
        let now = Instant::now();
        if self.next > now {
            std::thread::sleep(self.next - now);
        }
        self.next = self.next.max(now) + self.interval;
    }
}

struct Job {
    position: u64,
    body: Vec<u8>,
    event_type: Option<String>,
    event_id: Option<String>,
    version: Option<String>,
}

struct Done {
    position: u64,
    delivered: bool,
    status: Option<u16>,
    attempts: u32,
    reason: Option<String>,
}

struct InFlight {
    source: String,
    hash: EventHash,
    event_type: Option<String>,
    event_id: Option<String>,
}

struct Replayer<'a> {
    /// Position of the last event taken (from 1).
    position: u64,
    tally: Tally,
    state: Option<(State, String)>,
    journal: Option<Journal>,
    /// For a file target: delivered records, journaled once the file is in place.
    held: Vec<u8>,
    sink: Delivery,
    jobs: Option<SyncSender<Job>>,
    results: Receiver<Done>,
    inflight: BTreeMap<u64, InFlight>,
    window: usize,
    pending: BTreeMap<u64, Record>,
    next_print: u64,
    report: &'a mut dyn Write,
    format: ReplayFormat,
    color: bool,
    verbose: bool,
    quiet: bool,
    dry_run: bool,
    pacer: Option<Pacer>,
    progress: Progress,
}

/// Outcomes kept for in-order printing while earlier deliveries are in flight.
const MAX_PENDING: usize = 65_536;

impl Replayer<'_> {
    fn take(&mut self, batch: Vec<Decided>) -> Result<(), Fatal> {
        for d in batch {
            self.position += 1;
            let position = self.position;
            let resume = match &self.state {
                Some((s, name)) => s
                    .resume(name, position, &d.hash)
                    .map_err(|e| Fatal::Stopped(e.to_string()))?,
                None => Resume::Go,
            };
            match d.pre {
                Pre::Filtered {
                    reason,
                    event_type,
                    event_id,
                } => {
                    let mut r = Record::new(d.source, OutcomeKind::Filtered);
                    r.reason = Some(reason);
                    r.event_type = event_type;
                    r.event_id = event_id;
                    self.journal(OutcomeKind::Filtered, position, &d.hash, resume);
                    self.decided(position, r);
                }
                Pre::Invalid {
                    event_type,
                    event_id,
                    schema,
                    errors,
                } => {
                    let mut r = Record::new(d.source, OutcomeKind::Invalid);
                    r.event_type = event_type;
                    r.event_id = event_id;
                    r.schema = schema;
                    r.errors = errors;
                    self.journal(OutcomeKind::Invalid, position, &d.hash, resume);
                    self.decided(position, r);
                }
                Pre::Deliver {
                    body,
                    event_type,
                    event_id,
                    version,
                } => {
                    let mut r = Record::new(d.source, OutcomeKind::Delivered);
                    r.event_type = event_type.clone();
                    r.event_id = event_id.clone();
                    if resume == Resume::Delivered {
                        r.resumed = true;
                        // a file is replaced as a whole: it keeps what earlier runs wrote
                        if let Delivery::Lines {
                            out, file: Some(_), ..
                        } = &mut self.sink
                        {
                            write_line(out, &body)?;
                        }
                        self.decided(position, r);
                        continue;
                    }
                    if self.dry_run {
                        r.dry_run = true;
                        self.decided(position, r);
                        continue;
                    }
                    if let Some(p) = &mut self.pacer {
                        p.wait();
                    }
                    match &mut self.sink {
                        Delivery::Lines { out, file } => {
                            write_line(out, &body)?;
                            let is_file = file.is_some();
                            if is_file {
                                journal::record(
                                    &mut self.held,
                                    OutcomeKind::Delivered,
                                    position,
                                    &d.hash,
                                );
                            } else if let Some(j) = &mut self.journal {
                                journal::record(
                                    &mut j.buf,
                                    OutcomeKind::Delivered,
                                    position,
                                    &d.hash,
                                );
                            }
                            r.attempts = Some(1);
                            self.decided(position, r);
                        }
                        Delivery::DryRun => self.decided(position, r),
                        Delivery::Http => {
                            while self.inflight.len() >= self.window {
                                self.wait_one()?;
                            }
                            self.inflight.insert(
                                position,
                                InFlight {
                                    source: r.source,
                                    hash: d.hash,
                                    event_type: event_type.clone(),
                                    event_id: event_id.clone(),
                                },
                            );
                            let job = Job {
                                position,
                                body,
                                event_type,
                                event_id,
                                version,
                            };
                            let sent = self.jobs.as_ref().is_some_and(|tx| tx.send(job).is_ok());
                            if !sent {
                                return Err(Fatal::Stopped(
                                    "the HTTP delivery threads stopped".to_owned(),
                                ));
                            }
                        }
                    }
                }
            }
            while let Ok(done) = self.results.try_recv() {
                self.completed(done);
            }
            while self.pending.len() > MAX_PENDING && !self.inflight.is_empty() {
                self.wait_one()?;
            }
        }
        self.flush_prints()?;
        self.maybe_sync()?;
        Ok(())
    }

    /// Journals a decided outcome (not for events an earlier run delivered).
    fn journal(&mut self, kind: OutcomeKind, position: u64, hash: &EventHash, resume: Resume) {
        if resume == Resume::Delivered {
            return;
        }
        if let Some(j) = &mut self.journal {
            journal::record(&mut j.buf, kind, position, hash);
        }
    }

    fn decided(&mut self, position: u64, r: Record) {
        self.tally.count(r.outcome, r.resumed);
        self.pending.insert(position, r);
    }

    /// Blocks for one delivery result, fsyncing the journal while it waits.
    fn wait_one(&mut self) -> Result<(), Fatal> {
        loop {
            match self.results.recv_timeout(SYNC_EVERY) {
                Ok(done) => {
                    self.completed(done);
                    self.maybe_sync()?;
                    return self.flush_prints();
                }
                Err(RecvTimeoutError::Timeout) => self.sync_now()?,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Fatal::Stopped(
                        "the HTTP delivery threads stopped".to_owned(),
                    ))
                }
            }
        }
    }

    fn completed(&mut self, done: Done) {
        let Some(f) = self.inflight.remove(&done.position) else {
            return;
        };
        let kind = if done.delivered {
            OutcomeKind::Delivered
        } else {
            OutcomeKind::Failed
        };
        if let Some(j) = &mut self.journal {
            journal::record(&mut j.buf, kind, done.position, &f.hash);
        }
        let mut r = Record::new(f.source, kind);
        r.event_type = f.event_type;
        r.event_id = f.event_id;
        r.attempts = Some(done.attempts);
        r.status = done.status;
        r.reason = done.reason;
        self.decided(done.position, r);
    }

    fn maybe_sync(&mut self) -> Result<(), Fatal> {
        let due = self
            .journal
            .as_ref()
            .is_some_and(|j| !j.buf.is_empty() && j.last.elapsed() >= SYNC_EVERY);
        if due {
            self.sync_now()?;
        }
        Ok(())
    }

    /// Makes what was delivered durable: stdout flushed first, then the journal fsynced.
    fn sync_now(&mut self) -> Result<(), Fatal> {
        let Some(j) = &mut self.journal else {
            return Ok(());
        };
        if j.buf.is_empty() {
            return Ok(());
        }
        if let Delivery::Lines { out, file: None } = &mut self.sink {
            out.flush().map_err(Fatal::Write)?;
        }
        j.sync()
            .map_err(|e| Fatal::Stopped(format!("cannot write the state file: {e}")))
    }

    fn flush_prints(&mut self) -> Result<(), Fatal> {
        while let Some(r) = self.pending.remove(&self.next_print) {
            self.next_print += 1;
            self.print(&r).map_err(Fatal::Write)?;
        }
        let t = &self.tally;
        self.progress.update(|elapsed| {
            let rate = progress::rate(t.read, elapsed);
            format!(
                "{} read: {} delivered, {} filtered, {} invalid, {} failed; {rate:.0} events/s",
                t.read, t.delivered, t.filtered, t.invalid, t.failed
            )
        });
        Ok(())
    }

    fn print(&mut self, r: &Record) -> io::Result<()> {
        let out = &mut *self.report;
        match self.format {
            ReplayFormat::Json => {
                let mut line = serde_json::to_vec(r).map_err(io::Error::other)?;
                line.push(b'\n');
                self.progress.suspend(|| out.write_all(&line))
            }
            ReplayFormat::Human => {
                let text = human(r, self.color, self.verbose && !self.quiet);
                if text.is_empty() {
                    return Ok(());
                }
                self.progress.suspend(|| out.write_all(text.as_bytes()))
            }
        }
    }

    /// Waits for every delivery in flight, then prints and journals the rest.
    fn finish(&mut self) -> Result<(), Fatal> {
        self.jobs = None;
        while !self.inflight.is_empty() {
            self.wait_one()?;
        }
        self.flush_prints()?;
        self.progress.finish();
        if let Delivery::Lines { out, .. } = &mut self.sink {
            out.flush().map_err(Fatal::Write)?;
        }
        self.sync_now()
    }

    /// After a fatal error: a file target's temporary file is removed, nothing replaced.
    fn abandon(&mut self) {
        if let Delivery::Lines {
            file: Some((tmp, _)),
            ..
        } = &self.sink
        {
            let _ = std::fs::remove_file(tmp);
        }
    }

    /// A file target is renamed into place, then its deliveries are journaled.
    fn commit(&mut self) -> anyhow::Result<()> {
        let sink = std::mem::replace(&mut self.sink, Delivery::DryRun);
        if let Delivery::Lines {
            out,
            file: Some((tmp, path)),
        } = sink
        {
            drop(out);
            if let Err(e) = crate::atomic::replace_with(&tmp, &path) {
                bail!("--to file:{}: cannot write: {e}", path.display());
            }
            if let Some(j) = &mut self.journal {
                j.buf.append(&mut self.held);
                j.sync().context("cannot write the state file")?;
            }
        }
        Ok(())
    }
}

fn write_line(out: &mut Box<dyn Write>, body: &[u8]) -> Result<(), Fatal> {
    out.write_all(body)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(Fatal::Write)
}

fn human(r: &Record, color: bool, verbose: bool) -> String {
    let what = |r: &Record| {
        let mut s = String::new();
        if let Some(t) = &r.event_type {
            s.push(' ');
            s.push_str(t);
        }
        if let Some(id) = &r.event_id {
            s.push_str(&format!(" {id}"));
        }
        s
    };
    let source = paint(&r.source, color, |s| s.bold());
    match r.outcome {
        OutcomeKind::Invalid => {
            let mut s = format!(
                "{source}: {}{}",
                paint("invalid", color, |s| s.red().bold()),
                what(r)
            );
            if let Some(schema) = &r.schema {
                s.push_str(&format!(" ({schema})"));
            }
            s.push_str(": not delivered\n");
            for e in &r.errors {
                let path = if e.instance_path.is_empty() {
                    "/"
                } else {
                    &e.instance_path
                };
                let path = paint(path, color, |s| s.yellow());
                s.push_str(&format!("  {path}: {}", e.message));
                if !e.schema_path.is_empty() {
                    s.push_str(&paint(&format!("  [{}]", e.schema_path), color, |s| {
                        s.dimmed()
                    }));
                }
                s.push('\n');
            }
            s
        }
        OutcomeKind::Failed => {
            let attempts = r.attempts.unwrap_or(1);
            format!(
                "{source}: {}{}: {} ({attempts} attempt{})\n",
                paint("failed", color, |s| s.red().bold()),
                what(r),
                r.reason.as_deref().unwrap_or("not delivered"),
                if attempts == 1 { "" } else { "s" }
            )
        }
        OutcomeKind::Delivered if verbose => {
            let note = if r.resumed {
                " (by an earlier run)"
            } else if r.dry_run {
                " (dry run: not sent)"
            } else {
                ""
            };
            format!(
                "{source}: {}{}{note}\n",
                paint("delivered", color, |s| s.green()),
                what(r)
            )
        }
        OutcomeKind::Filtered if verbose => format!(
            "{source}: {}: {}\n",
            paint("filtered", color, |s| s.dimmed()),
            r.reason.as_deref().unwrap_or("")
        ),
        _ => String::new(),
    }
}

use colored::Colorize;

/// What every HTTP delivery thread shares.
struct Http {
    agent: ureq::Agent,
    url: String,
    headers: Vec<(String, String)>,
    secret: Option<Vec<u8>>,
    policy: RetryPolicy,
}

fn agent(concurrency: usize, timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .max_idle_connections(concurrency.max(1) * 2)
        .max_idle_connections_per_host(concurrency.max(1) * 2)
        .user_agent(concat!("evschema/", env!("CARGO_PKG_VERSION")))
        .build();
    config.into()
}

/// The header that carries the body's signature.
pub const SIGNATURE_HEADER: &str = "X-Evschema-Signature-256";

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret` (as GitHub signs webhooks).
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    // HMAC takes a key of any length
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let mut s = String::from("sha256=");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// An external target (SNS, SQS) with the run's retry policy.
struct Outside {
    deliver: ExternalDeliver,
    target: String,
    policy: RetryPolicy,
}

/// Takes jobs off the shared queue until it closes, hands each to `work` with this
/// worker's jitter (seeded per worker and per run), and sends back what it did.
fn work_queue(
    jobs: &Mutex<Receiver<Job>>,
    results: &Sender<Done>,
    seed: u64,
    mut work: impl FnMut(&Job, &mut Jitter) -> Done,
) {
    let mut jitter = Jitter::new(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(7),
    );
    loop {
        let job = {
            let Ok(guard) = jobs.lock() else { return };
            match guard.recv() {
                Ok(j) => j,
                Err(_) => return,
            }
        };
        if results.send(work(&job, &mut jitter)).is_err() {
            return;
        }
    }
}

fn outside_worker(o: &Outside, jobs: &Mutex<Receiver<Job>>, results: &Sender<Done>, seed: u64) {
    work_queue(jobs, results, seed, |job, jitter| {
        let request = ExternalJob {
            target: &o.target,
            body: &job.body,
            event_type: job.event_type.as_deref(),
            event_id: job.event_id.as_deref(),
            version: job.version.as_deref(),
        };
        let mut attempts = 0;
        loop {
            attempts += 1;
            let (status, reason) = match (o.deliver)(&request) {
                Attempt::Delivered => {
                    break Done {
                        position: job.position,
                        delivered: true,
                        status: None,
                        attempts,
                        reason: None,
                    }
                }
                Attempt::Refused(status, reason) => {
                    break Done {
                        position: job.position,
                        delivered: false,
                        status,
                        attempts,
                        reason: Some(format!(
                            "{reason} (not retried: only throttling, 5xx and connection errors are)"
                        )),
                    }
                }
                Attempt::Retry(status, reason) => (status, reason),
            };
            if !o.policy.may_retry(attempts) {
                break Done {
                    position: job.position,
                    delivered: false,
                    status,
                    attempts,
                    reason: Some(format!("{reason}, retries exhausted")),
                };
            }
            std::thread::sleep(o.policy.delay(attempts, None, jitter.next_u64()));
        }
    })
}

fn http_worker(http: &Http, jobs: &Mutex<Receiver<Job>>, results: &Sender<Done>, seed: u64) {
    work_queue(jobs, results, seed, |job, jitter| {
        deliver(http, job, jitter)
    })
}

/// One attempt's result: a status (with any Retry-After), or a transport error.
fn attempt(http: &Http, job: &Job) -> Result<(u16, Option<Duration>), String> {
    let mut req = http
        .agent
        .post(&http.url)
        .header("Content-Type", "application/json");
    if let Some(t) = &job.event_type {
        req = req.header("X-Evschema-Event-Type", t);
    }
    if let Some(id) = &job.event_id {
        req = req.header("X-Evschema-Event-Id", id);
    }
    if let Some(secret) = &http.secret {
        req = req.header(SIGNATURE_HEADER, &signature(secret, &job.body));
    }
    for (n, v) in &http.headers {
        req = req.header(n, v);
    }
    match req.send(&job.body[..]) {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            let retry_after = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, now));
            // read the answer so the connection can be reused
            let _ = resp.into_body().with_config().limit(1 << 20).read_to_vec();
            Ok((status, retry_after))
        }
        Err(e) => Err(e.to_string()),
    }
}

fn deliver(http: &Http, job: &Job, jitter: &mut Jitter) -> Done {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let (status, retry_after, reason) = match attempt(http, job) {
            Ok((status, after)) => match classify(status) {
                Class::Delivered => {
                    return Done {
                        position: job.position,
                        delivered: true,
                        status: Some(status),
                        attempts,
                        reason: None,
                    }
                }
                Class::Refused => {
                    return Done {
                        position: job.position,
                        delivered: false,
                        status: Some(status),
                        attempts,
                        reason: Some(format!(
                            "the target answered HTTP {status} (not retried: only connection errors, timeouts, 408, 429 and 5xx are)"
                        )),
                    }
                }
                Class::Retry => (Some(status), after, format!("HTTP {status}")),
            },
            Err(e) => (None, None, e),
        };
        if !http.policy.may_retry(attempts) {
            return Done {
                position: job.position,
                delivered: false,
                status,
                attempts,
                reason: Some(format!("{reason}, retries exhausted")),
            };
        }
        std::thread::sleep(http.policy.delay(attempts, retry_after, jitter.next_u64()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(Target::parse("-").unwrap(), Target::Stdout);
        assert_eq!(
            Target::parse("file:out/a.ndjson").unwrap(),
            Target::File(PathBuf::from("out/a.ndjson"))
        );
        assert!(matches!(
            Target::parse("HTTPS://x.example/in").unwrap(),
            Target::Http(_)
        ));
        let e = Target::parse("sqs:https://sqs.us-east-1.amazonaws.com/1/q").unwrap_err();
        assert!(e.to_string().contains("Python package"));
        assert!(Target::parse("ftp://x").is_err());
        assert!(Target::parse("file:").is_err());
    }

    #[test]
    fn signature_is_github_style_hmac() {
        // RFC 4231 test case 2
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
