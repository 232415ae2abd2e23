//! Routing and validation of one instance: no I/O, no printing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jsonschema::{Draft, Validator};
use serde::Serialize;
use serde_json::Value;

use crate::catalog::{BundleError, Catalog};
use crate::envelope::{self, Layer};
use crate::routing::{BuildError, RouteSpec, Router};

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
    /// The delivery wrappers taken off before routing (outermost first). When there are
    /// any, instance paths point into the unwrapped event, not into the input's text.
    pub layers: Vec<Layer>,
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
            layers: Vec::new(),
        }
    }
}

/// Options that change what counts as valid or how errors read.
#[derive(Debug, Clone, Copy)]
pub struct EngineOptions {
    /// Assert `format`, and `contentEncoding`/`contentMediaType` where the draft has them.
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
    catalog: Catalog,
    /// Routes by the spec's keys and naming rules (None: everything goes to slot 0).
    router: Option<Router>,
    spec: RouteSpec,
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

/// Why an engine could not be built (exit 2).
#[derive(Debug)]
pub enum EngineError {
    /// A `$ref` that does not resolve.
    Bundle(BundleError),
    /// A routing setting or table that does not work.
    Route(BuildError),
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::Bundle(e) => e.fmt(f),
            EngineError::Route(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for EngineError {}

impl From<BundleError> for EngineError {
    fn from(e: BundleError) -> EngineError {
        EngineError::Bundle(e)
    }
}

impl From<BuildError> for EngineError {
    fn from(e: BuildError) -> EngineError {
        EngineError::Route(e)
    }
}

impl Engine {
    /// Routes by `event_type` (and `version`) through `catalog`, unwrapping SNS and SQS
    /// deliveries: [`Engine::for_catalog_with`] with the default [`RouteSpec`].
    pub fn for_catalog(catalog: Catalog, options: EngineOptions) -> Result<Engine, BundleError> {
        Engine::for_catalog_with(catalog, &RouteSpec::default(), options).map_err(|e| match e {
            EngineError::Bundle(b) => b,
            // the default spec routes by the catalog's own index and cannot fail
            EngineError::Route(r) => BundleError {
                file: PathBuf::new(),
                position: crate::spans::Position { line: 1, column: 1 },
                pointer: String::new(),
                error: crate::catalog::RefError::Unsupported(r.to_string()),
            },
        })
    }

    /// Routes events through `catalog` as `spec` says. Every `$ref` of every schema that
    /// claims events is checked up front, so a broken one fails here (exit 2) rather than
    /// halfway through a stream; schemas are bundled and compiled only when an event routes
    /// to them.
    pub fn for_catalog_with(
        catalog: Catalog,
        spec: &RouteSpec,
        options: EngineOptions,
    ) -> Result<Engine, EngineError> {
        let router = Router::build(&catalog, spec)?;
        let routed: std::collections::BTreeSet<usize> = router.schemas().collect();
        let mut slots = Vec::with_capacity(catalog.schemas.len());
        for (i, s) in catalog.schemas.iter().enumerate() {
            if routed.contains(&i) {
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
            catalog,
            router: Some(router),
            spec: spec.clone(),
            slots,
            options,
        })
    }

    /// Validates everything against schema `index` of `catalog` (which roots its `$ref`s).
    pub fn for_schema(
        catalog: Catalog,
        index: usize,
        options: EngineOptions,
    ) -> Result<Engine, BundleError> {
        Engine::for_schema_with(catalog, index, &RouteSpec::default(), options)
    }

    /// [`Engine::for_schema`], unwrapping and naming event types as `spec` says.
    pub fn for_schema_with(
        catalog: Catalog,
        index: usize,
        spec: &RouteSpec,
        options: EngineOptions,
    ) -> Result<Engine, BundleError> {
        catalog.check_refs(index)?;
        let s = &catalog.schemas[index];
        let slot = Slot {
            name: display_path(&s.path),
            path: s.path.clone(),
            index,
            compiled: OnceLock::new(),
        };
        Ok(Engine {
            catalog,
            router: None,
            spec: spec.clone(),
            slots: vec![slot],
            options,
        })
    }

    /// The display names of the schemas, by index.
    pub fn schema_name(&self, index: usize) -> &str {
        &self.slots[index].name
    }

    /// The routing table, when the engine routes.
    pub fn router(&self) -> Option<&Router> {
        self.router.as_ref()
    }

    fn validator(&self, index: usize) -> Result<&Validator, CompileError> {
        let slot = &self.slots[index];
        slot.compiled
            .get_or_init(|| {
                let bundled = self.catalog.bundle(slot.index).map_err(|e| e.to_string())?;
                compile(&bundled, self.options.assert_formats)
            })
            .as_ref()
            .map_err(|message| CompileError {
                schema: slot.path.clone(),
                message: message.clone(),
            })
    }

    /// Unwraps, routes and validates one parsed instance.
    pub fn check(&self, instance: &Value) -> Result<Verdict, CompileError> {
        let unwrapped = if self.spec.unwrap {
            match envelope::unwrap(instance) {
                Ok(u) => u,
                Err(message) => return Ok(Verdict::invalid(message)),
            }
        } else {
            envelope::Unwrapped {
                event: std::borrow::Cow::Borrowed(instance),
                layers: Vec::new(),
                attributes: Vec::new(),
            }
        };
        let event: &Value = &unwrapped.event;
        let mut keys = vec![self.spec.type_key.as_str()];
        keys.extend(self.spec.version_key.as_deref());
        let mut errors: Vec<InstanceError> = envelope::mismatches(&unwrapped, &keys)
            .into_iter()
            .map(|(instance_path, message)| InstanceError {
                instance_path,
                schema_path: String::new(),
                message,
            })
            .collect();
        let layers = unwrapped.layers.clone();
        let (index, event_type, body) = match &self.router {
            None => (
                0,
                event
                    .pointer(&self.spec.type_key)
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                String::new(),
            ),
            Some(router) => {
                if !event.is_object() {
                    let hint = if event.is_array() {
                        " (to check each element of a JSON array of events, pass --array)"
                    } else {
                        ""
                    };
                    errors.push(InstanceError::whole(format!(
                        "expected an event object, found {}{hint}",
                        json_type(event)
                    )));
                    return Ok(Verdict {
                        event_type: None,
                        schema: None,
                        errors,
                        layers,
                    });
                }
                match router.route(&self.catalog, event) {
                    Ok(r) => (r.schema, Some(r.event_type), r.body),
                    Err(u) => {
                        errors.push(InstanceError {
                            instance_path: u.instance_path,
                            schema_path: String::new(),
                            message: u.message,
                        });
                        return Ok(Verdict {
                            event_type: u.event_type,
                            schema: None,
                            errors,
                            layers,
                        });
                    }
                }
            }
        };
        let target = if body.is_empty() {
            event
        } else {
            match event.pointer(&body) {
                Some(t) => t,
                None => {
                    errors.push(InstanceError {
                        instance_path: body.clone(),
                        schema_path: String::new(),
                        message: format!(
                            "no \"{body}\" in the event: nothing to validate against its schema"
                        ),
                    });
                    return Ok(Verdict {
                        event_type,
                        schema: Some(index),
                        errors,
                        layers,
                    });
                }
            }
        };
        let validator = self.validator(index)?;
        if !validator.is_valid(target) {
            let mut found: Vec<InstanceError> = Vec::new();
            for e in validator.iter_errors(target) {
                let message = if self.options.redact {
                    e.masked_with(format!("<{}>", json_type(e.instance())))
                        .to_string()
                } else {
                    e.to_string()
                };
                found.push(InstanceError {
                    instance_path: format!("{body}{}", e.instance_path()),
                    schema_path: unbundle_pointer(&e.schema_path().to_string()),
                    message,
                });
            }
            found.sort_by(|a, b| {
                (&a.instance_path, &a.schema_path, &a.message).cmp(&(
                    &b.instance_path,
                    &b.schema_path,
                    &b.message,
                ))
            });
            found.dedup();
            errors.extend(found);
        }
        Ok(Verdict {
            event_type,
            schema: Some(index),
            errors,
            layers,
        })
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
    if let Some(chain) = ref_cycle(schema) {
        return Err(format!(
            "$ref cycle without a base case: {}",
            chain.join(" → ")
        ));
    }
    let mut options = jsonschema::options()
        .should_validate_formats(assert_formats)
        .should_ignore_unknown_formats(true);
    if !assert_formats {
        // draft-06 and -07 assert these two content keywords; like formats, they are off
        // with --no-format-assertion (2019-09 and later treat them as annotations anyway)
        options = options
            .without_content_encoding_support("base64")
            .without_content_media_type_support("application/json");
    }
    if assert_formats {
        options = options
            .with_format("uuid", crate::formats::is_uuid)
            .with_format("duration", crate::formats::is_duration);
    }
    if schema.get("$schema").is_none() {
        options = options.with_draft(Draft::Draft7);
    }
    options.build(schema).map_err(|e| e.to_string())
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
