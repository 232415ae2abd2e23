//! Routing and validation of one instance: no I/O, no printing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use jsonschema::{Draft, Validator};
use serde::Serialize;
use serde_json::Value;

use crate::catalog::{Catalog, RouteError};
use crate::refs::{CatalogRetriever, DocId};

/// One error of an invalid instance (DESIGN.md `validate --format json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstanceError {
    pub instance_path: String,
    pub schema_path: String,
    pub message: String,
}

impl InstanceError {
    /// An error about the instance as a whole (malformed JSON, no route...).
    pub fn whole(message: impl Into<String>) -> InstanceError {
        InstanceError {
            instance_path: String::new(),
            schema_path: String::new(),
            message: message.into(),
        }
    }
}

/// The verdict on one instance, before it is given a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub event_type: Option<String>,
    /// Index of the schema used (into [`Engine::schema_names`]).
    pub schema: Option<usize>,
    pub errors: Vec<InstanceError>,
}

impl Verdict {
    pub fn valid(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn invalid(message: impl Into<String>) -> Verdict {
        Verdict {
            event_type: None,
            schema: None,
            errors: vec![InstanceError::whole(message)],
        }
    }
}

/// Options that change what counts as valid or how errors read.
#[derive(Debug, Clone, Copy)]
pub struct EngineOptions {
    pub assert_formats: bool,
    pub redact: bool,
}

struct Slot {
    name: String,
    path: PathBuf,
    /// Index into the catalog, bundled on first use.
    index: usize,
    compiled: OnceLock<Result<Validator, String>>,
}

/// Validates instances against one schema or routes them through a catalog. Schemas are
/// compiled on first use, once, and shared by all worker threads.
pub struct Engine {
    catalog: Arc<Catalog>,
    /// Route by event type (false: everything goes to slot 0).
    route: bool,
    slots: Vec<Slot>,
    options: EngineOptions,
}

/// A schema that cannot be compiled: the run cannot go on (exit 2).
#[derive(Debug, Clone)]
pub struct CompileError {
    pub schema: PathBuf,
    pub message: String,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: cannot compile the schema: {}",
            self.schema.display(),
            self.message
        )
    }
}

impl std::error::Error for CompileError {}

impl Engine {
    /// Routes by event type through `catalog`. Every `$ref` of every event schema is checked
    /// up front, so a broken one fails here (exit 2) rather than halfway through a stream;
    /// schemas are bundled and compiled only when an event routes to them.
    pub fn for_catalog(
        catalog: Catalog,
        options: EngineOptions,
    ) -> Result<Engine, crate::catalog::BundleError> {
        let mut slots = Vec::with_capacity(catalog.schemas.len());
        for (i, s) in catalog.schemas.iter().enumerate() {
            if s.is_event_schema() {
                catalog.check_refs(i)?;
            }
            slots.push(Slot {
                name: display_path(&s.path),
                path: s.path.clone(),
                index: i,
                compiled: OnceLock::new(),
            });
        }
        Ok(Engine {
            catalog: Arc::new(catalog),
            route: true,
            slots,
            options,
        })
    }

    /// Validates everything against schema `index` of `catalog` (which roots its `$ref`s).
    pub fn for_schema(
        catalog: Catalog,
        index: usize,
        options: EngineOptions,
    ) -> Result<Engine, crate::catalog::BundleError> {
        catalog.check_refs(index)?;
        let s = &catalog.schemas[index];
        let slot = Slot {
            name: display_path(&s.path),
            path: s.path.clone(),
            index,
            compiled: OnceLock::new(),
        };
        Ok(Engine {
            catalog: Arc::new(catalog),
            route: false,
            slots: vec![slot],
            options,
        })
    }

    /// The display names of the schemas, by index.
    pub fn schema_name(&self, index: usize) -> &str {
        &self.slots[index].name
    }

    fn validator(&self, index: usize) -> Result<&Validator, CompileError> {
        let slot = &self.slots[index];
        slot.compiled
            .get_or_init(|| {
                let doc = DocId::Catalog(slot.index);
                if let Some(chain) = self.catalog.ref_cycle(doc) {
                    if ref_cycle(self.catalog.doc_value(doc)).is_none() {
                        return Err(format!(
                            "$ref cycle without a base case: {}",
                            chain.join(" → ")
                        ));
                    }
                }
                let schema = self
                    .catalog
                    .standalone(doc, "")
                    .ok_or_else(|| "the schema is empty".to_owned())?;
                compile_in(
                    &schema,
                    self.options.assert_formats,
                    Some((self.catalog.doc_uri(doc), Arc::clone(&self.catalog))),
                )
            })
            .as_ref()
            .map_err(|message| CompileError {
                schema: slot.path.clone(),
                message: message.clone(),
            })
    }

    /// Routes and validates one parsed instance.
    pub fn check(&self, instance: &Value) -> Result<Verdict, CompileError> {
        let (index, event_type) = match self.route {
            false => (
                0,
                instance
                    .get("event_type")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            ),
            true => match route(&self.catalog, instance) {
                Ok((i, et)) => (i, Some(et)),
                Err(v) => return Ok(v),
            },
        };
        let validator = self.validator(index)?;
        let root = DocId::Catalog(self.slots[index].index);
        let mut errors: Vec<InstanceError> = Vec::new();
        if !validator.is_valid(instance) {
            for e in validator.iter_errors(instance) {
                let message = if self.options.redact {
                    e.masked_with(format!("<{}>", json_type(e.instance())))
                        .to_string()
                } else {
                    e.to_string()
                };
                errors.push(InstanceError {
                    instance_path: e.instance_path().to_string(),
                    schema_path: e
                        .absolute_keyword_location()
                        .and_then(|loc| self.catalog.describe_location(root, loc.as_str()))
                        .unwrap_or_else(|| unbundle_pointer(&e.schema_path().to_string())),
                    message,
                });
            }
            errors.sort_by(|a, b| {
                (&a.instance_path, &a.schema_path, &a.message).cmp(&(
                    &b.instance_path,
                    &b.schema_path,
                    &b.message,
                ))
            });
            errors.dedup();
        }
        Ok(Verdict {
            event_type,
            schema: Some(index),
            errors,
        })
    }
}

fn route(catalog: &Catalog, instance: &Value) -> Result<(usize, String), Verdict> {
    let Some(obj) = instance.as_object() else {
        let hint = if instance.is_array() {
            " (to check each element of a JSON array of events, pass --array)"
        } else {
            ""
        };
        return Err(Verdict::invalid(format!(
            "expected an event object, found {}{hint}",
            json_type(instance)
        )));
    };
    let event_type = match obj.get("event_type") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(Verdict {
                event_type: None,
                schema: None,
                errors: vec![InstanceError {
                    instance_path: "/event_type".to_owned(),
                    schema_path: String::new(),
                    message: format!(
                        "event_type must be a string to route the event, found {}",
                        json_type(other)
                    ),
                }],
            })
        }
        None => {
            return Err(Verdict::invalid(
                "no \"event_type\": cannot route the event to a schema",
            ))
        }
    };
    let version = obj.get("version").and_then(Value::as_str);
    match catalog.route(&event_type, version) {
        Ok(i) => Ok((i, event_type)),
        Err(e) => {
            let instance_path = match e {
                RouteError::UnknownEventType(_) => "/event_type",
                _ => "/version",
            };
            Err(Verdict {
                event_type: Some(event_type),
                schema: None,
                errors: vec![InstanceError {
                    instance_path: instance_path.to_owned(),
                    schema_path: String::new(),
                    message: e.to_string(),
                }],
            })
        }
    }
}

/// Maps a pointer into a bundled schema back to the file it came from: a location inside an
/// embedded catalog file reads `common/us_states.json#/definitions/us_state/enum`.
pub fn unbundle_pointer(pointer: &str) -> String {
    const PREFIX: &str = "/definitions/evschema:";
    let Some(rest) = pointer.strip_prefix(PREFIX) else {
        return pointer.to_owned();
    };
    let (key, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    format!("{}#{tail}", crate::spans::unescape_token(key))
}

/// Finds a chain of `$ref`s that leads back to itself without ever descending into the
/// instance (`#/definitions/a` → `#/definitions/b` → `#/definitions/a`): such a schema
/// has no base case, and no instance can be decided against it.
pub fn ref_cycle(schema: &Value) -> Option<Vec<String>> {
    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    if matches!(k.as_str(), "enum" | "const" | "examples" | "default") {
                        continue;
                    }
                    if k == "$ref" {
                        if let Value::String(r) = child {
                            out.push(r);
                        }
                    } else {
                        refs(child, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(schema, &mut all);
    for start in all {
        let mut chain = vec![start.to_owned()];
        let mut current = start;
        while let Some(next) = current
            .strip_prefix('#')
            .and_then(|p| schema.pointer(&crate::catalog::percent_decode(p)))
            .and_then(|target| target.get("$ref"))
            .and_then(Value::as_str)
        {
            let looped = chain.iter().any(|c| c == next);
            chain.push(next.to_owned());
            if looped {
                return Some(chain);
            }
            current = next;
        }
    }
    None
}

/// Compiles a self-contained schema; draft-07 unless `$schema` says otherwise.
pub fn compile(schema: &Value, assert_formats: bool) -> Result<Validator, String> {
    compile_in(schema, assert_formats, None)
}

/// Compiles a schema of a catalog: `base` is its URI, and its refs are served by the catalog
/// (files, `$id`s, mapped and `--resolve` files) and the built-in metaschemas, nothing else.
pub fn compile_in(
    schema: &Value,
    assert_formats: bool,
    base: Option<(String, Arc<Catalog>)>,
) -> Result<Validator, String> {
    if let Some(chain) = ref_cycle(schema) {
        return Err(format!(
            "$ref cycle without a base case: {}",
            chain.join(" → ")
        ));
    }
    let mut options = jsonschema::options()
        .should_validate_formats(assert_formats)
        .should_ignore_unknown_formats(true);
    if assert_formats {
        options = options
            .with_format("uuid", crate::formats::is_uuid)
            .with_format("duration", crate::formats::is_duration);
    }
    if schema.get("$schema").is_none() {
        options = options.with_draft(Draft::Draft7);
    }
    let Some((uri, catalog)) = base else {
        return options.build(schema).map_err(|e| e.to_string());
    };
    // a custom metaschema (one the catalog serves) must be registered before compiling
    let custom = schema
        .get("$schema")
        .and_then(Value::as_str)
        .filter(|m| crate::refs::normalize(m).is_some_and(|n| !crate::refs::is_metaschema(&n)))
        .and_then(|m| {
            let res = catalog.resource(m)?;
            Some((m.to_owned(), catalog.standalone(res.doc, &res.pointer)?))
        });
    let options = options.with_base_uri(uri).with_retriever(CatalogRetriever {
        catalog: Arc::clone(&catalog),
    });
    match custom {
        None => options.build(schema).map_err(|e| e.to_string()),
        Some((meta_uri, meta)) => {
            let registry = jsonschema::Registry::new()
                .retriever(CatalogRetriever { catalog })
                .add(&meta_uri, meta)
                .and_then(|b| b.prepare())
                .map_err(|e| format!("metaschema {meta_uri}: {e}"))?;
            options
                .with_registry(&registry)
                .build(schema)
                .map_err(|e| e.to_string())
        }
    }
}

/// The JSON type name of a value, as JSON Schema spells it.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
