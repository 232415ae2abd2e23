//! `evschema route` output: a block per event (human) or one JSON object per event (json;
//! the keys are documented in docs/subscriptions.md).

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::cli::RouteFormat;

/// One event and who receives it.
#[derive(Debug, Clone)]
pub struct Routed {
    /// `file:line`, `file[index]` or the file name.
    pub source: String,
    pub line: Option<u64>,
    /// Routed to a schema and valid against it.
    pub valid: bool,
    pub event_type: Option<String>,
    pub version: Option<String>,
    /// Catalog-relative path of its schema.
    pub schema: Option<String>,
    pub channel: Option<String>,
    /// Names of the subscribers that receive it, sorted.
    pub subscribers: Vec<String>,
    /// (instance path, message) of each error.
    pub errors: Vec<(String, String)>,
    /// With --explain: why each subscriber on the channel does not receive it.
    pub explain: Option<Vec<Explained>>,
}

/// Why one subscriber does not receive an event.
#[derive(Debug, Clone)]
pub struct Explained {
    pub subscriber: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// Pointer in the subscription file of the failing key or `$or`.
    pub pointer: String,
    /// Key path in what the filter sees (`detail.payload.channel`).
    pub path: String,
    pub reason: String,
}

/// Counts for the summary line.
#[derive(Debug, Default)]
pub struct Summary {
    pub events: u64,
    pub failed: u64,
    pub deliveries: u64,
    pub unreceived: u64,
}

impl Summary {
    pub fn add(&mut self, r: &Routed) {
        self.events += 1;
        if !r.valid {
            self.failed += 1;
        }
        self.deliveries += r.subscribers.len() as u64;
        if r.subscribers.is_empty() {
            self.unreceived += 1;
        }
    }

    pub fn line(&self, subscribers: usize) -> String {
        let s = |n: u64| if n == 1 { "" } else { "s" };
        format!(
            "{} event{}, {} invalid or unroutable; {} deliver{} to {} subscriber{}; {} received by none",
            self.events,
            s(self.events),
            self.failed,
            self.deliveries,
            if self.deliveries == 1 { "y" } else { "ies" },
            subscribers,
            s(subscribers as u64),
            self.unreceived
        )
    }
}

/// Writes one event.
pub fn event(out: &mut dyn Write, r: &Routed, format: RouteFormat, quiet: bool) -> io::Result<()> {
    match format {
        RouteFormat::Json => {
            writeln!(out, "{}", to_json(r))
        }
        RouteFormat::Human => {
            if quiet && r.valid {
                return Ok(());
            }
            let ty = r.event_type.as_deref().unwrap_or("(no event type)");
            let version = r
                .version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default();
            let schema = match (&r.schema, &r.channel) {
                (Some(s), Some(c)) => format!(" -> {s} ({c})"),
                (Some(s), None) => format!(" -> {s}"),
                _ => String::new(),
            };
            writeln!(out, "{}: {ty}{version}{schema}", r.source)?;
            for (path, message) in &r.errors {
                if path.is_empty() {
                    writeln!(out, "  invalid: {message}")?;
                } else {
                    writeln!(out, "  invalid: {path}: {message}")?;
                }
            }
            if r.subscribers.is_empty() {
                writeln!(out, "  received by no subscriber")?;
            } else {
                writeln!(out, "  received by: {}", r.subscribers.join(", "))?;
            }
            for e in r.explain.iter().flatten() {
                writeln!(
                    out,
                    "  not received by {}: {} ({}:{}:{} {})",
                    e.subscriber, e.reason, e.file, e.line, e.column, e.pointer
                )?;
                if !e.path.is_empty() && e.path != "$or" {
                    writeln!(out, "    key: {}", e.path)?;
                }
            }
            Ok(())
        }
    }
}

fn to_json(r: &Routed) -> Value {
    let mut v = json!({
        "source": r.source,
        "line": r.line,
        "valid": r.valid,
        "event_type": r.event_type,
        "version": r.version,
        "schema": r.schema,
        "channel": r.channel,
        "subscribers": r.subscribers,
        "errors": r.errors.iter().map(|(p, m)| json!({"instance_path": p, "message": m})).collect::<Vec<_>>(),
    });
    if let (Some(explain), Some(obj)) = (&r.explain, v.as_object_mut()) {
        obj.insert(
            "explain".into(),
            explain
                .iter()
                .map(|e| {
                    json!({
                        "subscriber": e.subscriber,
                        "file": e.file,
                        "line": e.line,
                        "column": e.column,
                        "pointer": e.pointer,
                        "path": e.path,
                        "reason": e.reason,
                    })
                })
                .collect(),
        );
    }
    v
}
