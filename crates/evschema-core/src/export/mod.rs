//! `evschema export`: the catalog as an AsyncAPI 3.0 document, as EventBridge Schema Registry
//! `CreateSchema` requests and as Confluent Schema Registry register requests.
//!
//! Every target goes through the same gate ([`lossless`]): what is written is first turned
//! back into a self-contained schema and compared with the catalog's own bundle by the
//! compatibility engine; only a `full` verdict (the same events accepted) with every catalog
//! example getting the same answer lets the export through. Nothing here writes files: each
//! exporter returns the files (name, bytes) for the binary to write or compare.
//!
//! The event types, their channels and domains come from render's document model
//! ([`crate::render::model`]), so the export and the rendered catalog agree.

pub mod asyncapi;
pub mod confluent;
pub mod draft4;
pub mod eventbridge;
pub mod lossless;
pub mod yaml;

use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

use crate::catalog::{BundleError, Catalog};
use crate::render::model::{self, EventDoc, Kind};
use crate::spans::Position;

/// A sample event from the catalog's `examples/` folder (or a schema's `examples`).
#[derive(Debug, Clone)]
pub struct Example {
    /// Where it came from, as shown in messages (`examples/valid.ndjson:3`).
    pub source: String,
    pub value: Value,
}

/// One generated file: a name relative to the output folder (or the output file itself for
/// a one-file target) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// An event type the export refuses: which, the keyword, and why.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub event_type: String,
    /// The schema file, as the catalog names it.
    pub file: PathBuf,
    /// Position of the keyword in that file, when the pointer lies in it.
    pub position: Option<Position>,
    /// JSON pointer into the bundled source schema.
    pub pointer: String,
    pub keyword: String,
    pub reason: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}:{}: ", self.file.display(), p.line, p.column)?,
            None => write!(f, "{}: ", self.file.display())?,
        }
        let at = if self.pointer.is_empty() {
            String::new()
        } else {
            format!(" at {}", self.pointer)
        };
        write!(
            f,
            "{}: `{}`{at}: {}",
            self.event_type, self.keyword, self.reason
        )
    }
}

/// Why an export produced nothing.
#[derive(Debug)]
pub enum Error {
    /// The catalog cannot be exported at all (a broken `$ref`, no event types): exit 2.
    Catalog(String),
    /// Some event types are not exported losslessly: exit 1, every one listed.
    Refused(Vec<Refusal>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Catalog(m) => f.write_str(m),
            Error::Refused(list) => {
                write!(
                    f,
                    "{} event type{} cannot be exported losslessly",
                    list.len(),
                    if list.len() == 1 { "" } else { "s" }
                )?;
                for r in list {
                    write!(f, "\n  {r}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<BundleError> for Error {
    fn from(e: BundleError) -> Error {
        Error::Catalog(e.to_string())
    }
}

/// One exported event type (one major version of it).
#[derive(Debug, Clone)]
pub struct Item {
    pub event_type: String,
    /// Set when the event type has several majors.
    pub major: Option<u64>,
    /// The name used for messages, schemas and subjects: the event type, plus `.vN` for a
    /// major above 1 of an event type with several majors.
    pub name: String,
    /// Index of the schema in the catalog.
    pub schema: usize,
    pub channel: Option<String>,
    pub domain: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub version: Option<String>,
    /// The envelope property carrying the event type (`event_type`, `type`, `detail-type`).
    pub route_key: Option<String>,
}

/// The event types of the document model, in its order (domains, then names).
pub fn items(doc: &model::CatalogDoc) -> Vec<Item> {
    doc.events
        .iter()
        .filter(|e| e.kind == Kind::EventType)
        .map(item)
        .collect()
}

fn item(e: &EventDoc) -> Item {
    let name = match e.major {
        Some(m) if m >= 2 => format!("{}.v{m}", e.event_type),
        _ => e.event_type.clone(),
    };
    Item {
        event_type: e.event_type.clone(),
        major: e.major,
        name,
        schema: e.schema,
        channel: e.channel.clone(),
        domain: e.domain.clone(),
        title: e.title.clone(),
        description: e.description.clone(),
        deprecated: e.deprecated,
        version: e.version.clone(),
        route_key: e.route_key.clone(),
    }
}

/// The examples that belong to `item`: the schema's own `examples`, then the sample events
/// that route to its schema.
pub fn examples_for<'a>(
    catalog: &Catalog,
    item: &Item,
    own: &'a [Example],
    samples: &'a [Example],
) -> Vec<&'a Example> {
    let mut out: Vec<&Example> = own.iter().collect();
    let key = item.route_key.as_deref().unwrap_or("event_type");
    for s in samples {
        let Some(t) = s.value.get(key).and_then(Value::as_str) else {
            continue;
        };
        if t != item.event_type {
            continue;
        }
        // `event_type` envelopes route by major version too; other envelopes by type alone
        let routed = if key == "event_type" {
            let version = s.value.get("version").and_then(Value::as_str);
            catalog.route(t, version).ok() == Some(item.schema)
        } else {
            true
        };
        if routed {
            out.push(s);
        }
    }
    out
}

/// The schema's `examples` keyword as examples named `FILE#/examples/N`.
pub fn schema_examples(catalog: &Catalog, index: usize) -> Vec<Example> {
    let s = &catalog.schemas[index];
    s.value
        .get("examples")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| Example {
            source: format!("{}#/examples/{i}", s.rel),
            value: v.clone(),
        })
        .collect()
}

/// A refusal for `item` from a lossless failure.
pub(crate) fn refusal(
    catalog: &Catalog,
    item: &Item,
    pointer: String,
    keyword: String,
    reason: String,
) -> Refusal {
    let s = &catalog.schemas[item.schema];
    let position = (!pointer.is_empty() && s.value.pointer(&pointer).is_some())
        .then(|| s.spans.locate(&pointer));
    Refusal {
        event_type: item.name.clone(),
        file: s.path.clone(),
        position,
        pointer,
        keyword,
        reason,
    }
}

/// Pretty JSON with a final newline: the bytes every JSON file of the export has.
pub fn json_bytes(v: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Walks every `$ref` string of a schema (skipping data keywords) and lets `f` rewrite it.
pub(crate) fn rewrite_refs(value: &mut Value, f: &mut dyn FnMut(&str) -> Option<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    continue;
                }
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => {
                        if let Some(n) = f(r) {
                            *r = n;
                        }
                    }
                    (_, c) => rewrite_refs(c, f),
                }
            }
        }
        Value::Array(items) => {
            for c in items {
                rewrite_refs(c, f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
