//! Routing and validation of one instance: no I/O, no printing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use jsonschema::json::Json;
use jsonschema::Validator;
use serde::Serialize;
use serde_json::Value;

use crate::catalog::{BundleError, Catalog, LoadError};
use crate::envelope::{self, Layer};
use crate::refs::{CatalogRetriever, DocId};
use crate::routing::{BuildError, RouteSpec, Router};
use crate::validate::fast::{self, Doc, DocJson};
use crate::validate::input::Loc;
use crate::validator::SchemaError;

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

impl Default for EngineOptions {
    /// What `evschema validate` does without flags: formats asserted, values shown.
    fn default() -> EngineOptions {
        EngineOptions {
            assert_formats: true,
            redact: false,
        }
    }
}

struct Slot {
    name: String,
    path: PathBuf,
    /// Index into the catalog, bundled on first use.
    index: usize,
    compiled: OnceLock<Result<Validator, String>>,
    /// The same schema compiled for [`fast`] documents, once the engine is warm.
    fast: OnceLock<Option<Validator<DocJson>>>,
}

/// Validates instances against one schema or routes them through a catalog. Schemas are
/// compiled on first use, once, and shared by all worker threads.
pub struct Engine {
    catalog: Arc<Catalog>,
    /// Routes by the spec's keys and naming rules (None: everything goes to slot 0).
    router: Option<Router>,
    spec: RouteSpec,
    slots: Vec<Slot>,
    options: EngineOptions,
    /// Instances offered to [`Engine::check_fast`] so far.
    offered: AtomicUsize,
}

/// Instances an engine checks the ordinary way before it compiles the fast path's
/// validators: a run of a few events does not pay for a second compilation.
const WARM_UP: usize = 64;

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
                fast: OnceLock::new(),
            });
        }
        Ok(Engine {
            catalog: Arc::new(catalog),
            router: Some(router),
            spec: spec.clone(),
            slots,
            options,
            offered: AtomicUsize::new(0),
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
            fast: OnceLock::new(),
        };
        Ok(Engine {
            catalog: Arc::new(catalog),
            router: None,
            spec: spec.clone(),
            slots: vec![slot],
            options,
            offered: AtomicUsize::new(0),
        })
    }

    /// Loads the catalog at `dir` and routes through it by `event_type`, as `validate
    /// --catalog DIR` does with no routing settings: [`Engine::open_catalog_with`] with the
    /// default [`Setup`] and these options.
    pub fn open_catalog(dir: &Path, options: EngineOptions) -> Result<Engine, OpenError> {
        Engine::open_catalog_with(dir, &Setup::with_options(options))
    }

    /// Loads the catalog at `dir`, with the files `setup.refs` lets refs reach, and routes
    /// through it as `setup.route` says: a missing folder, a catalog that does not load, a
    /// routing table that does not work, one that routes no event type, or a broken `$ref`
    /// in an event schema is an [`OpenError`]. Every front end (the command, the Python
    /// package) sets engines up through here or [`Engine::open_schema_with`].
    pub fn open_catalog_with(dir: &Path, setup: &Setup) -> Result<Engine, OpenError> {
        let mut catalog = Catalog::load(dir).map_err(|e| {
            if dir.exists() {
                OpenError::Load(e)
            } else {
                OpenError::Missing(dir.to_owned())
            }
        })?;
        let problems = catalog.attach(&setup.refs);
        if !problems.is_empty() {
            return Err(OpenError::Load(LoadError {
                root: dir.to_owned(),
                problems,
            }));
        }
        Engine::open_loaded_with(catalog, setup)
    }

    /// Routes through an already loaded catalog, with the checks of [`Engine::open_catalog`].
    pub fn open_loaded(catalog: Catalog, options: EngineOptions) -> Result<Engine, OpenError> {
        Engine::open_loaded_with(catalog, &Setup::with_options(options))
    }

    /// Routes through an already loaded catalog (from disk, memory or a git revision) as
    /// `setup.route` says, with the checks of [`Engine::open_catalog_with`] (`setup.refs` is
    /// not read: the catalog is already loaded).
    pub fn open_loaded_with(catalog: Catalog, setup: &Setup) -> Result<Engine, OpenError> {
        let root = catalog.root.clone();
        let engine = Engine::for_catalog_with(catalog, &setup.route, setup.options).map_err(
            |e| match e {
                EngineError::Bundle(b) => OpenError::Bundle(b),
                EngineError::Route(r) => OpenError::Route(r),
            },
        )?;
        if engine.router().is_none_or(|r| r.is_empty()) {
            return Err(OpenError::NoEventTypes(root));
        }
        Ok(engine)
    }

    /// Validates everything against one schema file, as `validate --schema FILE` does: its
    /// `$ref`s resolve in the catalog it sits in ([`Catalog::home_of`]).
    pub fn open_schema(file: &Path, options: EngineOptions) -> Result<Engine, OpenError> {
        Engine::open_schema_with(file, None, &Setup::with_options(options))
    }

    /// Validates everything against the schema `file`, its `$ref`s resolved in the catalog
    /// folder `catalog` (by default [`Catalog::home_of`] the file) and in what `setup.refs`
    /// adds. Only the files its refs reach are read, so the cost does not grow with the
    /// folder.
    pub fn open_schema_with(
        file: &Path,
        catalog: Option<&Path>,
        setup: &Setup,
    ) -> Result<Engine, OpenError> {
        if file.is_dir() {
            return Err(OpenError::SchemaIsFolder(file.to_owned()));
        }
        if !file.exists() {
            return Err(OpenError::SchemaMissing(file.to_owned()));
        }
        let root = match catalog {
            Some(dir) if !dir.is_dir() => return Err(OpenError::NotAFolder(dir.to_owned())),
            Some(dir) => dir.to_owned(),
            None => Catalog::home_of(file),
        };
        let (catalog, index) =
            Catalog::load_reachable(&root, file, &setup.refs).map_err(OpenError::Load)?;
        Engine::for_schema_with(catalog, index, &setup.route, setup.options)
            .map_err(OpenError::Bundle)
    }

    /// The display names of the schemas, by index.
    pub fn schema_name(&self, index: usize) -> &str {
        &self.slots[index].name
    }

    /// The routing table, when the engine routes.
    pub fn router(&self) -> Option<&Router> {
        self.router.as_ref()
    }

    /// The catalog the engine validates with.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The schema file of slot `index`, as loaded.
    pub fn schema_path(&self, index: usize) -> &Path {
        &self.slots[index].path
    }

    /// How many schemas an instance can be validated against.
    pub fn schema_count(&self) -> usize {
        self.slots.len()
    }

    /// Whether instances are routed by event type (false: one schema for everything).
    pub fn routes(&self) -> bool {
        self.router.is_some()
    }

    /// Compiles every event schema now rather than on first use, so that a schema that
    /// cannot be compiled fails a long-lived caller at start rather than on some later event.
    pub fn compile_all(&self) -> Result<(), CompileError> {
        for (i, slot) in self.slots.iter().enumerate() {
            if self.router.is_none() || self.catalog.schemas[slot.index].is_event_schema() {
                self.validator(i)?;
            }
        }
        Ok(())
    }

    fn validator(&self, index: usize) -> Result<&Validator, CompileError> {
        let slot = &self.slots[index];
        slot.compiled
            .get_or_init(|| {
                let doc = DocId::Catalog(slot.index);
                if let Some(chain) = self.catalog.ref_cycle(doc) {
                    if ref_cycle(self.catalog.doc_value(doc)).is_none() {
                        return Err(SchemaError::RefCycle(chain).to_string());
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
                .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|message| CompileError {
                schema: slot.path.clone(),
                message: message.clone(),
            })
    }

    /// The verdict on a raw instance when the fast path can give it: an instance that parses,
    /// is not wrapped, routes by its type field and is valid. `None` otherwise (and for the
    /// first few instances of a run): [`Engine::check_bytes`] then says what it is.
    pub fn check_fast(&self, bytes: &[u8]) -> Option<Verdict> {
        if self.offered.load(Ordering::Relaxed) < WARM_UP {
            self.offered.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        let doc = fast::parse(bytes)?;
        self.check_doc(&doc)
    }

    /// [`Engine::is_valid_doc`] on a raw instance, after the same warm-up as
    /// [`Engine::check_fast`]; `None` means "ask [`Engine::is_valid`]".
    pub fn is_valid_fast(&self, bytes: &[u8]) -> Option<bool> {
        if self.offered.load(Ordering::Relaxed) < WARM_UP {
            self.offered.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        self.is_valid_doc(&fast::parse(bytes)?)
    }

    /// [`Engine::check_fast`] on an instance already built as a [`Doc`] (the Python package
    /// converts its dicts into one): `Some` only for a valid instance that routes by its
    /// type field and is not wrapped; `None` means "ask [`Engine::check`]". No warm-up: the
    /// caller decides when the second validator is worth compiling.
    pub fn check_doc(&self, doc: &Doc<'_>) -> Option<Verdict> {
        let (index, event_type, valid) = self.decide_doc(doc)?;
        valid.then(|| Verdict {
            event_type: event_type.map(str::to_owned),
            schema: Some(index),
            errors: Vec::new(),
            layers: Vec::new(),
        })
    }

    /// Whether [`Engine::is_valid`] would find the instance `doc` valid, when the fast path
    /// can decide it either way: `doc` is not wrapped and routes by its type field (the
    /// same route [`Engine::check`] takes, since both read the type and version fields
    /// alike). `None` means "ask [`Engine::is_valid`]".
    pub fn is_valid_doc(&self, doc: &Doc<'_>) -> Option<bool> {
        self.decide_doc(doc).map(|(_, _, valid)| valid)
    }

    /// The slot `doc` routes to, its type field (read once, for routing and the verdict)
    /// and its validator's yes/no; `None` when the fast path cannot decide.
    fn decide_doc<'d>(&self, doc: &'d Doc<'_>) -> Option<(usize, Option<&'d str>, bool)> {
        if self.spec.unwrap && might_be_wrapped(doc) {
            return None;
        }
        let event_type = doc.pointer(&self.spec.type_key).and_then(Doc::as_str);
        let index = match &self.router {
            None => 0,
            Some(router) => {
                let t = event_type?;
                let version = self
                    .spec
                    .version_key
                    .as_deref()
                    .and_then(|k| doc.pointer(k))
                    .and_then(Doc::as_str);
                router.route_by_type(&self.catalog, t, version)?
            }
        };
        let validator = self.fast_validator(index)?;
        Some((index, event_type, validator.is_valid(doc)))
    }

    /// The fast path's validator of slot `index`; `None` when the ordinary one does not
    /// compile (the ordinary path reports why).
    fn fast_validator(&self, index: usize) -> Option<&Validator<DocJson>> {
        self.validator(index).ok()?;
        let slot = &self.slots[index];
        slot.fast
            .get_or_init(|| {
                let doc = DocId::Catalog(slot.index);
                let schema = self.catalog.standalone(doc, "")?;
                compile_in_for::<DocJson>(
                    &schema,
                    self.options.assert_formats,
                    Some((self.catalog.doc_uri(doc), Arc::clone(&self.catalog))),
                )
                .ok()
            })
            .as_ref()
    }

    /// The schema (index) an instance goes to and its event type; an instance that cannot be
    /// routed is the invalid verdict `validate` reports for it.
    pub fn route_of(&self, instance: &Value) -> Result<(usize, Option<String>), Verdict> {
        match self.check(instance) {
            Ok(v) => match v.schema {
                Some(i) => Ok((i, v.event_type)),
                None => Err(v),
            },
            Err(e) => Err(Verdict::invalid(e.to_string())),
        }
    }

    /// Parses, routes and validates one raw instance found at `loc` of its source; malformed
    /// JSON is an invalid verdict saying where (see [`parse_instance`]).
    pub fn check_bytes(&self, bytes: &[u8], loc: Loc) -> Result<Verdict, CompileError> {
        match parse_instance(bytes, loc) {
            Ok(value) => self.check(&value),
            Err(verdict) => Ok(verdict),
        }
    }

    /// Unwraps, routes and validates one parsed instance.
    pub fn check(&self, instance: &Value) -> Result<Verdict, CompileError> {
        self.check_collecting(instance, Collect::AfterYesNo)
    }

    /// [`Engine::check`] for an instance the fast path already found invalid: the same
    /// verdict, without the yes/no pass that `check` runs before collecting errors (on a
    /// valid instance it is only slower than `check`, never different).
    pub fn check_invalid(&self, instance: &Value) -> Result<Verdict, CompileError> {
        self.check_collecting(instance, Collect::Directly)
    }

    /// Whether [`Engine::check`] would find `instance` valid, without collecting the
    /// validator's errors when it is not (a yes/no stops at the first failing keyword).
    pub fn is_valid(&self, instance: &Value) -> Result<bool, CompileError> {
        Ok(self.check_collecting(instance, Collect::No)?.valid())
    }

    /// [`Engine::check`]; with [`Collect::No`] an invalid instance's verdict holds one
    /// placeholder error instead of the validator's.
    fn check_collecting(
        &self,
        instance: &Value,
        collect: Collect,
    ) -> Result<Verdict, CompileError> {
        let unwrapped = if self.spec.unwrap {
            match envelope::unwrap(instance) {
                Ok(u) => u,
                Err(e) => return Ok(Verdict::invalid(e.to_string())),
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
        let root = DocId::Catalog(self.slots[index].index);
        // with `Directly` the errors found (none for a valid instance) give the verdict
        let look = collect == Collect::Directly || !validator.is_valid(target);
        if look && collect == Collect::No {
            errors.push(InstanceError::whole("not valid under its schema"));
        } else if look {
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
                    schema_path: e
                        .absolute_keyword_location()
                        .and_then(|loc| self.catalog.describe_location(root, loc.as_str()))
                        .unwrap_or_else(|| unbundle_pointer(&e.schema_path().to_string())),
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

/// Whether and how [`Engine::check_collecting`] lists the validator's errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collect {
    /// A yes/no only: an invalid verdict holds one placeholder error.
    No,
    /// The yes/no pass, then the errors of an invalid instance.
    AfterYesNo,
    /// The errors straight away (for an instance already known to be invalid).
    Directly,
}

/// How an engine routes, where refs may lead besides the catalog, and what it asserts: the
/// one set of settings every front end resolves (the command from its flags and
/// evschema.toml, the Python package from its arguments).
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub route: RouteSpec,
    pub refs: crate::refs::RefSources,
    pub options: EngineOptions,
}

impl Setup {
    /// The default routing and refs, with these options.
    pub fn with_options(options: EngineOptions) -> Setup {
        Setup {
            options,
            ..Setup::default()
        }
    }
}

/// Why an engine could not be set up (exit 2 for the command).
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The catalog folder does not exist.
    #[error("the catalog folder {} does not exist: pass --catalog DIR, or --schema FILE to validate against one schema", .0.display())]
    Missing(PathBuf),
    /// `--schema` was given a folder.
    #[error("{}: --schema takes a schema file; use --catalog for a folder", .0.display())]
    SchemaIsFolder(PathBuf),
    /// The schema file does not exist.
    #[error("{}: cannot read: no such file", .0.display())]
    SchemaMissing(PathBuf),
    /// The catalog named for a schema file is not a folder.
    #[error("--catalog {}: not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// The catalog (or the schema file) does not load; every problem is listed.
    #[error("{0}")]
    Load(LoadError),
    /// A routing setting or naming rule that does not work on this catalog.
    #[error("{0}")]
    Route(BuildError),
    /// The catalog loads but no schema names an event type.
    #[error("the catalog at {} routes no event type: no schema there has properties.event_type with a const or enum", .0.display())]
    NoEventTypes(PathBuf),
    /// An event schema has a `$ref` that does not resolve inside the catalog.
    #[error("{0}")]
    Bundle(BundleError),
}

/// Parses one raw instance. Malformed JSON is the invalid verdict `validate` reports, its
/// position counted in the source the instance was cut from (see
/// [`input::parse_instance`](crate::validate::input::parse_instance)).
pub fn parse_instance(bytes: &[u8], loc: Loc) -> Result<Value, Verdict> {
    crate::validate::input::parse_instance(bytes, loc).map_err(|p| Verdict::invalid(p.to_string()))
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
    format!("{}#{tail}", crate::pointer::unescape(key))
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
pub fn compile(schema: &Value, assert_formats: bool) -> Result<Validator, SchemaError> {
    compile_in(schema, assert_formats, None)
}

/// Compiles a schema of a catalog: `base` is its URI, and its refs are served by the catalog
/// (files, `$id`s, mapped and `--resolve` files) and the built-in metaschemas, nothing else.
pub fn compile_in(
    schema: &Value,
    assert_formats: bool,
    base: Option<(String, Arc<Catalog>)>,
) -> Result<Validator, SchemaError> {
    compile_in_for(schema, assert_formats, base)
}

/// [`compile_in`] for instances in the JSON representation `F`.
pub fn compile_in_for<F: Json>(
    schema: &Value,
    assert_formats: bool,
    base: Option<(String, Arc<Catalog>)>,
) -> Result<Validator<F>, SchemaError> {
    if let Some(chain) = ref_cycle(schema) {
        return Err(SchemaError::RefCycle(chain));
    }
    let detected = match &base {
        Some((_, catalog)) => catalog.detect_value(schema),
        None => crate::draft::detect(schema),
    };
    let options = crate::validator::options_as::<F>(detected, schema, assert_formats)?;
    let Some((uri, catalog)) = base else {
        return options.build(schema).map_err(SchemaError::invalid);
    };
    // a custom metaschema (one the catalog serves) must be registered before compiling
    let custom = schema
        .get("$schema")
        .and_then(Value::as_str)
        .filter(|_| detected.declared == crate::draft::Declared::Custom)
        .and_then(|m| {
            let res = catalog.resource(m)?;
            Some((m.to_owned(), catalog.standalone(res.doc, &res.pointer)?))
        });
    let options = options.with_base_uri(uri).with_retriever(CatalogRetriever {
        catalog: Arc::clone(&catalog),
    });
    match custom {
        None => options.build(schema).map_err(SchemaError::invalid),
        Some((meta_uri, meta)) => {
            let registry = jsonschema::Registry::new()
                .retriever(CatalogRetriever { catalog })
                .add(&meta_uri, meta)
                .and_then(|b| b.prepare())
                .map_err(|e| SchemaError::Metaschema {
                    uri: meta_uri.clone(),
                    message: e.to_string(),
                })?;
            options
                .with_registry(&registry)
                .build(schema)
                .map_err(SchemaError::invalid)
        }
    }
}

/// Whether an event may be a delivery wrapper [`envelope::unwrap`] takes off: every wrapper
/// it knows has one of these members.
fn might_be_wrapped(doc: &Doc<'_>) -> bool {
    ["MessageId", "EventSource", "eventSource"]
        .iter()
        .any(|k| doc.get(k).is_some())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_json_is_located_in_its_source() {
        let msg = |bytes: &[u8], loc| {
            parse_instance(bytes, loc).unwrap_err().errors[0]
                .message
                .clone()
        };
        assert_eq!(
            msg(b"{\"a\": }", Loc::Line(7)),
            "malformed JSON: expected value at column 7"
        );
        assert_eq!(
            msg(b"{\n  \"a\": }", Loc::Whole),
            "malformed JSON: expected value at line 2 column 8"
        );
        // an element starting at line 3 column 5 of its file
        assert_eq!(
            msg(
                b"{\"a\": }",
                Loc::Element {
                    index: 0,
                    line: 3,
                    column: 5
                }
            ),
            "malformed JSON: expected value at line 3 column 11"
        );
        assert!(parse_instance(b"{\"a\": 1}", Loc::Whole).is_ok());
    }

    #[test]
    fn every_fast_answer_and_check_invalid_agree_with_check() {
        // the shipped examples, valid and invalid, and some events the fast path declines
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
        let engine = Engine::open_catalog(&root, EngineOptions::default()).unwrap();
        let mut events: Vec<Value> = ["valid.ndjson", "invalid.ndjson"]
            .iter()
            .flat_map(|f| {
                let text = std::fs::read_to_string(root.join("examples").join(f)).unwrap();
                text.lines()
                    .map(|l| serde_json::from_str::<Value>(l).unwrap())
                    .collect::<Vec<_>>()
            })
            .collect();
        events.push(serde_json::json!({"event_type": 1}));
        events.push(serde_json::json!([]));
        let (mut decided, mut invalid) = (0, 0);
        for event in &events {
            let verdict = engine.check(event).unwrap();
            assert_eq!(engine.check_invalid(event).unwrap(), verdict, "{event}");
            assert_eq!(engine.is_valid(event).unwrap(), verdict.valid(), "{event}");
            let text = event.to_string();
            if let Some(doc) = fast::parse(text.as_bytes()) {
                if let Some(valid) = engine.is_valid_doc(&doc) {
                    assert_eq!(valid, verdict.valid(), "{event}");
                    decided += 1;
                    invalid += usize::from(!valid);
                }
            }
        }
        // the fast path decided most events, invalid ones among them
        assert!(
            decided > events.len() / 2 && invalid > 5,
            "{decided} {invalid}"
        );
    }

    #[test]
    fn open_errors_say_what_to_do() {
        let options = EngineOptions {
            assert_formats: true,
            redact: false,
        };
        let missing = std::env::temp_dir().join("evschema-no-such-catalog-folder");
        let e = Engine::open_catalog(&missing, options).err().unwrap();
        assert!(matches!(e, OpenError::Missing(_)));
        assert!(e.to_string().contains("pass --catalog DIR"), "{e}");
        let dir = std::env::temp_dir();
        let e = Engine::open_schema(&dir, options).err().unwrap();
        assert!(matches!(e, OpenError::SchemaIsFolder(_)), "{e}");
    }
}
