//! `diff OLD NEW --replay ARCHIVE`: the proof of the diff next to the evidence of real
//! traffic. Every recorded event is validated by both sides (through validate's reader and
//! pipeline); per event type, how many each side accepts and the first ones NEW rejects.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

use anyhow::anyhow;
use colored::Colorize;
use serde::Serialize;
use serde_json::Value;

use crate::compat::Mode;
use crate::print::validate::{self as pipeline, paint, Batch, Fatal};
use crate::validate::engine::{Engine, EngineOptions, InstanceError};
use crate::validate::input::{self, Body};

/// How many events NEW rejects are listed per event type.
const FIRST: usize = 3;

/// One recorded event NEW rejects.
#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    pub source: String,
    pub old_accepts: bool,
    pub errors: Vec<InstanceError>,
}

/// The evidence for one event type.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeEvidence {
    pub event_type: String,
    pub events: u64,
    pub old_accepts: u64,
    pub new_accepts: u64,
    /// Accepted by OLD, rejected by NEW: real events that break backward compatibility.
    pub backward_breaks: u64,
    /// Accepted by NEW, rejected by OLD: real events that break forward compatibility.
    pub forward_breaks: u64,
    /// The first events (up to 3) that NEW rejects while OLD accepts them.
    pub new_rejects: Vec<Rejected>,
}

/// What the archive says about the change.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub archive: Vec<String>,
    /// Events read (blank lines are not events).
    pub events: u64,
    /// Events that could not be given an event type (malformed JSON, no `event_type`).
    pub untyped: u64,
    /// With two schema files: events of other event types, not checked.
    pub other_types: u64,
    pub types: Vec<TypeEvidence>,
}

impl Evidence {
    /// Whether the recorded traffic agrees with `mode`: no event accepted by the side the
    /// mode protects and rejected by the other.
    pub fn passes(&self, mode: Mode) -> bool {
        let back: u64 = self.types.iter().map(|t| t.backward_breaks).sum();
        let fwd: u64 = self.types.iter().map(|t| t.forward_breaks).sum();
        match mode {
            Mode::Backward => back == 0,
            Mode::Forward => fwd == 0,
            Mode::Full => back == 0 && fwd == 0,
        }
    }
}

struct Checked {
    source: String,
    event_type: Option<String>,
    old: bool,
    new_errors: Option<Vec<InstanceError>>,
}

/// Validates the archive with both engines. `only`: with two schema files, the event
/// types the pair describes (others are counted apart).
pub fn evaluate(
    old: &Engine,
    new: &Engine,
    only: Option<&BTreeSet<String>>,
    archive: &[PathBuf],
) -> anyhow::Result<Evidence> {
    let expanded = input::expand(archive, false)
        .map_err(|(path, msg)| anyhow!("--replay {}: {msg}", path.display()))?;
    let work = |batch: &Batch| -> Result<Vec<Checked>, Fatal> {
        let mut out = Vec::with_capacity(batch.items.len());
        for item in &batch.items {
            let source = item.source_text();
            let value: Option<Value> = match &item.body {
                Body::Data(s, e) => {
                    crate::validate::engine::parse_instance(&batch.buf[*s..*e], item.loc).ok()
                }
                Body::Problem(_) => None,
            };
            let Some(value) = value else {
                out.push(Checked {
                    source,
                    event_type: None,
                    old: false,
                    new_errors: None,
                });
                continue;
            };
            let o = old.check(&value).map_err(Fatal::Compile)?;
            let n = new.check(&value).map_err(Fatal::Compile)?;
            // the type as routed (inside an SNS/SQS envelope too), else as written
            let event_type = n.event_type.clone().or(o.event_type.clone()).or_else(|| {
                value
                    .get("event_type")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            out.push(Checked {
                source,
                event_type,
                old: o.valid(),
                new_errors: Some(n.errors),
            });
        }
        Ok(out)
    };
    let mut events = 0u64;
    let mut untyped = 0u64;
    let mut other_types = 0u64;
    let mut types: BTreeMap<String, TypeEvidence> = BTreeMap::new();
    let mut consume = |batch: Vec<Checked>| -> Result<(), Fatal> {
        for c in batch {
            events += 1;
            let (Some(t), Some(errors)) = (c.event_type, c.new_errors) else {
                untyped += 1;
                continue;
            };
            if only.is_some_and(|o| !o.contains(&t)) {
                other_types += 1;
                continue;
            }
            let e = types.entry(t.clone()).or_insert_with(|| TypeEvidence {
                event_type: t,
                ..TypeEvidence::default()
            });
            let new_ok = errors.is_empty();
            e.events += 1;
            e.old_accepts += u64::from(c.old);
            e.new_accepts += u64::from(new_ok);
            e.backward_breaks += u64::from(c.old && !new_ok);
            e.forward_breaks += u64::from(!c.old && new_ok);
            if c.old && !new_ok && e.new_rejects.len() < FIRST {
                e.new_rejects.push(Rejected {
                    source: c.source,
                    old_accepts: c.old,
                    errors,
                });
            }
        }
        Ok(())
    };
    let jobs = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let read_errors = pipeline::pipeline(
        &expanded.sources,
        jobs,
        64 * 1024 * 1024,
        &work,
        &mut consume,
    )
    .map_err(|e| anyhow!("--replay: {e}"))?;
    if !read_errors.is_empty() {
        return Err(anyhow!("{}", read_errors.join("\n")));
    }
    Ok(Evidence {
        archive: archive.iter().map(|p| p.display().to_string()).collect(),
        events,
        untyped,
        other_types,
        types: types.into_values().collect(),
    })
}

/// The engine options of the what-if: as `validate` checks by default.
pub fn options() -> EngineOptions {
    EngineOptions {
        assert_formats: true,
        redact: false,
    }
}

/// The human section printed after the diff.
pub fn human(out: &mut dyn Write, ev: &Evidence, mode: Mode, color: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "\n{} {} recorded event{} ({}):",
        paint("replay:", color, |s| s.bold()),
        ev.events,
        if ev.events == 1 { "" } else { "s" },
        ev.archive.join(", ")
    )?;
    for t in &ev.types {
        let mark = if t.backward_breaks > 0 || t.forward_breaks > 0 {
            paint("✗", color, |s| s.red().bold())
        } else {
            paint("✓", color, |s| s.green())
        };
        writeln!(
            out,
            "  {mark} {}: {} events, OLD accepts {}, NEW accepts {}",
            t.event_type, t.events, t.old_accepts, t.new_accepts
        )?;
        for r in &t.new_rejects {
            let first = r.errors.first();
            let path = first
                .map(|e| {
                    if e.instance_path.is_empty() {
                        "/".to_owned()
                    } else {
                        e.instance_path.clone()
                    }
                })
                .unwrap_or_default();
            writeln!(
                out,
                "      rejected by NEW, accepted by OLD: {}: {path}: {}",
                r.source,
                first.map(|e| e.message.as_str()).unwrap_or("")
            )?;
        }
    }
    if ev.untyped > 0 {
        writeln!(
            out,
            "  {} events without a readable event_type (malformed JSON or no event_type)",
            ev.untyped
        )?;
    }
    if ev.other_types > 0 {
        writeln!(
            out,
            "  {} events of other event types, not checked",
            ev.other_types
        )?;
    }
    let back: u64 = ev.types.iter().map(|t| t.backward_breaks).sum();
    let fwd: u64 = ev.types.iter().map(|t| t.forward_breaks).sum();
    let verdict = if ev.passes(mode) {
        paint("ok:", color, |s| s.green().bold())
    } else {
        paint("fail:", color, |s| s.red().bold())
    };
    writeln!(
        out,
        "{verdict} {back} recorded event{} OLD accepts NEW rejects (backward), {fwd} NEW accepts OLD rejects (forward)",
        if back == 1 { "" } else { "s" }
    )
}

/// The Markdown section printed after the diff.
pub fn markdown(out: &mut dyn Write, ev: &Evidence) -> std::io::Result<()> {
    writeln!(
        out,
        "\n### Replay of {} recorded events\n\n| event type | events | OLD accepts | NEW accepts | first rejected by NEW |\n|---|---:|---:|---:|---|",
        ev.events
    )?;
    for t in &ev.types {
        let first = t
            .new_rejects
            .iter()
            .map(|r| format!("`{}`", r.source.replace('|', "\\|")))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            t.event_type, t.events, t.old_accepts, t.new_accepts, first
        )?;
    }
    Ok(())
}

/// Adds `"replay"` to a diff's JSON object.
pub fn json_with(report: &impl Serialize, ev: Option<&Evidence>) -> serde_json::Result<Value> {
    let mut v = serde_json::to_value(report)?;
    if let (Some(ev), Value::Object(m)) = (ev, &mut v) {
        m.insert("replay".to_owned(), serde_json::to_value(ev)?);
    }
    Ok(v)
}
