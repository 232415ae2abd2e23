//! `evschema._evschema`: the native half of the `evschema` Python package.
//!
//! A `Catalog` wraps the engine of `evschema validate` (evschema-core): the same catalog
//! loading, routing, format assertion, redaction and error messages. Events come in as
//! `dict` (converted to JSON values here, without a `json.dumps` round trip), `str` or
//! `bytes` (parsed by serde_json, so a malformed one gets the CLI's "malformed JSON ... at
//! line L column C" error). `validate_many` and `validate_file` release the GIL and spread
//! the work over threads; every `Catalog` owns its engine, so two catalogs share nothing.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyFloat, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use evschema_core::catalog::{self, Catalog as CoreCatalog, LoadOptions, Problem};
use evschema_core::validate::engine::{
    CompileError, Engine, EngineOptions, InstanceError as CoreError, OpenError, Verdict,
};
use evschema_core::validate::input::{self, Body, Item, Loc, Sink};

mod doc;

create_exception!(
    evschema,
    ValidationError,
    PyValueError,
    "An event is not valid under its schema (raised by Catalog.check and the publishers)."
);
create_exception!(
    evschema,
    CatalogError,
    PyException,
    "The catalog cannot be loaded or one of its schemas cannot be compiled."
);

// Converting dict events into JSON values allocates many small maps and strings; mimalloc
// does that markedly faster than the system allocator, as in the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    // Part of the stable ABI from CPython 3.10, and exported by every CPython 3 build (3.9
    // included): the UTF-8 form the str object caches, without the copy into a new bytes
    // object that abi3-py39's `PyString::to_cow` makes for every string.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const std::os::raw::c_char;
}

/// The text of a str, borrowed from the object; None for a str that is not valid Unicode
/// (a lone surrogate).
pub(crate) fn utf8<'a>(s: &'a Bound<'_, PyString>) -> Option<&'a str> {
    // SAFETY: `s` is a live str and the GIL is held (a `Bound` proves both); the returned
    // buffer belongs to the str object and lives as long as the borrow of `s`.
    unsafe { utf8_at(s.py(), s.as_ptr()) }
}

/// [`utf8`] of a raw str pointer, for a lifetime the caller chooses.
///
/// # Safety
/// `ptr` is a live str object (an instance of str or a subclass), the GIL is held, and the
/// object outlives `'a`: CPython keeps the UTF-8 form it caches as long as the object.
pub(crate) unsafe fn utf8_at<'a>(py: Python<'_>, ptr: *mut pyo3::ffi::PyObject) -> Option<&'a str> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    let text = PyUnicode_AsUTF8AndSize(ptr, &mut size);
    if text.is_null() {
        drop(PyErr::take(py));
        return None;
    }
    let len = usize::try_from(size).ok()?;
    let bytes = std::slice::from_raw_parts(text.cast::<u8>(), len);
    // CPython's strict UTF-8 encoder made these bytes (it fails, above, on a lone
    // surrogate, the one code point UTF-8 cannot carry), so they are valid UTF-8;
    // validating them again took a sixth of a dict event's conversion.
    Some(std::str::from_utf8_unchecked(bytes))
}

/// Deepest nesting accepted in a dict event (serde_json's limit for text).
pub(crate) const MAX_DEPTH: usize = 128;
/// Largest event accepted from a file, as `validate --max-event-bytes`'s default.
const MAX_EVENT_BYTES: usize = 64 * 1024 * 1024;
/// Items read from a file before a batch is validated.
const FILE_BATCH: usize = 4096;

/// One error of an invalid event: where in the event, where in the schema, and why.
#[pyclass(frozen, get_all, module = "evschema", eq)]
#[derive(Clone, PartialEq, Eq)]
struct InstanceError {
    instance_path: String,
    schema_path: String,
    message: String,
    event_type: Option<String>,
    schema: Option<String>,
}

#[pymethods]
impl InstanceError {
    fn __repr__(&self) -> String {
        format!(
            "InstanceError(instance_path={:?}, schema_path={:?}, message={:?}, event_type={}, schema={})",
            self.instance_path,
            self.schema_path,
            self.message,
            py_opt(&self.event_type),
            py_opt(&self.schema)
        )
    }

    fn __str__(&self) -> String {
        let path = if self.instance_path.is_empty() {
            "/"
        } else {
            &self.instance_path
        };
        format!("{path}: {}", self.message)
    }

    /// The error as a dict (the keys of `validate --format json`, plus event_type and schema).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("instance_path", &self.instance_path)?;
        d.set_item("schema_path", &self.schema_path)?;
        d.set_item("message", &self.message)?;
        d.set_item("event_type", &self.event_type)?;
        d.set_item("schema", &self.schema)?;
        Ok(d)
    }
}

/// An optional string as Python's repr shows it.
fn py_opt(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("{s:?}"),
        None => "None".to_owned(),
    }
}

/// The result of one event read from a file, as a record of `validate --format json`.
#[pyclass(frozen, get_all, module = "evschema")]
#[derive(Clone)]
struct InstanceResult {
    source: String,
    line: Option<u64>,
    valid: bool,
    event_type: Option<String>,
    schema: Option<String>,
    errors: Vec<InstanceError>,
}

#[pymethods]
impl InstanceResult {
    fn __repr__(&self) -> String {
        format!(
            "InstanceResult(source={:?}, valid={}, event_type={}, schema={}, errors={})",
            self.source,
            if self.valid { "True" } else { "False" },
            py_opt(&self.event_type),
            py_opt(&self.schema),
            self.errors.len()
        )
    }
}

/// A raw event taken from Python, ready to be checked without the GIL.
enum Raw {
    Value(Value),
    Text(Vec<u8>),
    /// Not representable as JSON; the verdict says where and why.
    Bad(Verdict),
}

/// A catalog of event schemas, routing events by `event_type` (and `version`) exactly as
/// `evschema validate` does.
#[pyclass(frozen, module = "evschema")]
struct Catalog {
    engine: Engine,
    description: String,
}

fn engine_options(assert_formats: bool, redact: bool) -> EngineOptions {
    EngineOptions {
        assert_formats,
        redact,
    }
}

#[pymethods]
impl Catalog {
    /// `Catalog(path="schemas", *, schema=None, assert_formats=True, redact=False)`.
    #[new]
    #[pyo3(signature = (path=None, *, schema=None, assert_formats=true, redact=false))]
    fn new(
        py: Python<'_>,
        path: Option<&Bound<'_, PyAny>>,
        schema: Option<PathBuf>,
        assert_formats: bool,
        redact: bool,
    ) -> PyResult<Catalog> {
        let options = engine_options(assert_formats, redact);
        let (engine, description) =
            match (path, schema) {
                (Some(_), Some(_)) => return Err(PyValueError::new_err(
                    "give a catalog path or schema=FILE, not both (like --catalog and --schema)",
                )),
                (None, Some(file)) => {
                    let e = py
                        .detach(|| Engine::open_schema(&file, options))
                        .map_err(|e| open_error(py, e))?;
                    (e, format!("schema {}", file.display()))
                }
                (None, None) => {
                    let dir = PathBuf::from("schemas");
                    let e = py
                        .detach(|| Engine::open_catalog(&dir, options))
                        .map_err(|e| open_error(py, e))?;
                    (e, dir.display().to_string())
                }
                (Some(p), None) => {
                    if let Ok(dir) = p.extract::<PathBuf>() {
                        let e = py
                            .detach(|| Engine::open_catalog(&dir, options))
                            .map_err(|e| open_error(py, e))?;
                        (e, dir.display().to_string())
                    } else {
                        let mut files = Vec::new();
                        for item in p.try_iter().map_err(|_| {
                            PyTypeError::new_err(
                            "path must be a folder (str or os.PathLike) or a list of schema files",
                        )
                        })? {
                            files.push(item?.extract::<PathBuf>()?);
                        }
                        let n = files.len();
                        let e = py
                            .detach(|| engine_for_files(&files, options))
                            .map_err(|e| open_error(py, e))?;
                        (e, format!("{n} files"))
                    }
                }
            };
        // a long-lived publisher should fail at start, not on its thousandth event
        py.detach(|| engine.compile_all())
            .map_err(|e| compile_error(py, e))?;
        Ok(Catalog {
            engine,
            description,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<evschema.Catalog {} ({} event types)>",
            self.description,
            self.event_types().len()
        )
    }

    /// The event types the catalog routes, sorted.
    #[getter]
    fn event_types(&self) -> Vec<String> {
        if self.engine.routes() {
            self.engine.catalog().events.keys().cloned().collect()
        } else {
            let mut types: Vec<String> = self
                .engine
                .catalog()
                .schemas
                .iter()
                .find(|s| s.path == self.engine.schema_path(0))
                .map(|s| s.event_types.clone())
                .unwrap_or_default();
            types.sort();
            types
        }
    }

    /// The self-contained schema (its catalog `$ref`s embedded, as `validate` compiles it)
    /// that events of `event_type` (with `version`, where several majors exist) route to.
    #[pyo3(signature = (event_type, version=None))]
    fn bundle<'py>(
        &self,
        py: Python<'py>,
        event_type: &str,
        version: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let catalog = self.engine.catalog();
        let index = catalog
            .route(event_type, version)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let bundled = catalog
            .bundle(index)
            .map_err(|e| open_error(py, OpenError::Bundle(e)))?;
        let text =
            serde_json::to_string(&bundled).map_err(|e| PyValueError::new_err(e.to_string()))?;
        py.import("json")?.call_method1("loads", (text,))
    }

    /// Errors of `event` (dict, str or bytes); an empty list when it is valid.
    fn validate(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<Vec<InstanceError>> {
        let fast = self.decide_fast(event);
        if fast == Some(true) {
            return Ok(Vec::new());
        }
        let raw = take(event)?;
        let verdict = self.verdict(&raw, fast).map_err(|e| compile_error(py, e))?;
        Ok(self.errors_of(&verdict))
    }

    /// True when `event` is valid.
    fn is_valid(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Some(valid) = self.decide_fast(event) {
            return Ok(valid);
        }
        let valid = match take(event)? {
            Raw::Value(v) => self.engine.is_valid(&v),
            Raw::Text(t) => match input_value(&t) {
                Ok(v) => self.engine.is_valid(&v),
                Err(_) => Ok(false),
            },
            Raw::Bad(_) => Ok(false),
        };
        valid.map_err(|e| compile_error(py, e))
    }

    /// Raises `ValidationError` when `event` is not valid.
    fn check(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<()> {
        let fast = self.decide_fast(event);
        if fast == Some(true) {
            return Ok(());
        }
        let raw = take(event)?;
        let verdict = self.verdict(&raw, fast).map_err(|e| compile_error(py, e))?;
        if verdict.valid() {
            return Ok(());
        }
        Err(validation_error(py, &verdict, self.errors_of(&verdict))?)
    }

    /// The schema file `event` routes to; raises `ValidationError` when it routes nowhere.
    fn route(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<String> {
        let routed = match take(event)? {
            Raw::Value(v) => self.engine.route_of(&v),
            Raw::Text(t) => input_value(&t).and_then(|v| self.engine.route_of(&v)),
            Raw::Bad(v) => Err(v),
        };
        match routed {
            Ok((index, _)) => Ok(self.engine.schema_name(index).to_owned()),
            Err(verdict) => Err(validation_error(py, &verdict, self.errors_of(&verdict))?),
        }
    }

    /// Errors of each event of `events`, in order, validated on `threads` threads (default:
    /// the number of cores) with the GIL released.
    #[pyo3(signature = (events, *, threads=None))]
    fn validate_many(
        &self,
        py: Python<'_>,
        events: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Vec<InstanceError>>> {
        let mut raws = Vec::new();
        for event in events.try_iter()? {
            raws.push(take(&event?)?);
        }
        let threads = thread_count(threads)?;
        let verdicts = py
            .detach(|| parallel(&raws, threads, |r| self.verdict(r, None)))
            .map_err(|e| compile_error(py, e))?;
        Ok(verdicts.iter().map(|v| self.errors_of(v)).collect())
    }

    /// Reads a file or folder of events as `evschema validate PATH` does (NDJSON/JSONL line
    /// by line, `.json` as one event, or element by element with `array=True`) and returns a
    /// result per event, in order. The GIL is released while reading and validating.
    #[pyo3(signature = (path, *, array=false, threads=None, max_event_bytes=MAX_EVENT_BYTES))]
    fn validate_file(
        &self,
        py: Python<'_>,
        path: PathBuf,
        array: bool,
        threads: Option<usize>,
        max_event_bytes: usize,
    ) -> PyResult<Vec<InstanceResult>> {
        let threads = thread_count(threads)?;
        let outcome = py.detach(|| self.run_file(&path, array, threads, max_event_bytes));
        match outcome {
            Ok(results) => Ok(results),
            Err(FileError::Compile(e)) => Err(compile_error(py, e)),
            Err(FileError::Read(msg)) => Err(PyOSError::new_err(msg)),
        }
    }
}

enum FileError {
    Compile(CompileError),
    Read(String),
}

/// Collects a batch of items read from a source.
#[derive(Default)]
struct Collect {
    buf: Vec<u8>,
    items: Vec<Item>,
}

impl Sink for Collect {
    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }
    fn push(&mut self, item: Item) -> bool {
        self.items.push(item);
        true
    }
    fn blank(&mut self) {}
}

impl Catalog {
    /// The fast path's yes/no on `event` (a dict through [`doc::with_doc`], a str or bytes
    /// through the engine's own fast parse), or `None` where only the ordinary path can
    /// decide. The ordinary path gives the errors of an event found invalid here.
    fn decide_fast(&self, event: &Bound<'_, PyAny>) -> Option<bool> {
        if let Ok(d) = event.cast::<PyDict>() {
            doc::with_doc(d.as_any(), |doc| self.engine.is_valid_doc(doc)).flatten()
        } else if let Ok(s) = event.cast::<PyString>() {
            utf8(s).and_then(|text| self.engine.is_valid_fast(text.as_bytes()))
        } else if let Ok(b) = event.cast::<PyBytes>() {
            self.engine.is_valid_fast(b.as_bytes())
        } else {
            None
        }
    }

    /// The ordinary path's verdict, with its errors; `fast` is the fast path's answer, and
    /// where it found the event invalid the yes/no pass before collecting errors is skipped.
    fn verdict(&self, raw: &Raw, fast: Option<bool>) -> Result<Verdict, CompileError> {
        let parsed;
        let value = match raw {
            Raw::Value(v) => v,
            Raw::Text(t) => match evschema_core::validate::engine::parse_instance(t, Loc::Whole) {
                Ok(v) => {
                    parsed = v;
                    &parsed
                }
                Err(verdict) => return Ok(verdict),
            },
            Raw::Bad(v) => return Ok(v.clone()),
        };
        if fast == Some(false) {
            self.engine.check_invalid(value)
        } else {
            self.engine.check(value)
        }
    }

    fn errors_of(&self, verdict: &Verdict) -> Vec<InstanceError> {
        let schema = verdict
            .schema
            .map(|i| self.engine.schema_name(i).to_owned());
        verdict
            .errors
            .iter()
            .map(|e| InstanceError {
                instance_path: e.instance_path.clone(),
                schema_path: e.schema_path.clone(),
                message: e.message.clone(),
                event_type: verdict.event_type.clone(),
                schema: schema.clone(),
            })
            .collect()
    }

    fn run_file(
        &self,
        path: &Path,
        array: bool,
        threads: usize,
        max: usize,
    ) -> Result<Vec<InstanceResult>, FileError> {
        let expanded = input::expand(&[path.to_owned()], array)
            .map_err(|(p, msg)| FileError::Read(format!("{}: {msg}", p.display())))?;
        let mut results = Vec::new();
        for source in &expanded.sources {
            let mut reader = input::open(source)
                .map_err(|e| FileError::Read(format!("{}: cannot read: {e}", source.name)))?;
            // read in batches so that a large archive is never held whole
            let mut batch = Batch {
                catalog: self,
                collect: Collect::default(),
                results: &mut results,
                threads,
                error: None,
            };
            input::read(source, &mut *reader, max, &mut batch)
                .map_err(|e| FileError::Read(format!("{}: cannot read: {e}", source.name)))?;
            batch.flush();
            if let Some(e) = batch.error {
                return Err(FileError::Compile(e));
            }
        }
        Ok(results)
    }
}

struct Batch<'a> {
    catalog: &'a Catalog,
    collect: Collect,
    results: &'a mut Vec<InstanceResult>,
    threads: usize,
    error: Option<CompileError>,
}

impl Batch<'_> {
    fn flush(&mut self) {
        let Collect { buf, items } = std::mem::take(&mut self.collect);
        if items.is_empty() || self.error.is_some() {
            return;
        }
        let engine = &self.catalog.engine;
        let checked = parallel(&items, self.threads, |item| match &item.body {
            Body::Problem(p) => Ok(Verdict::invalid(p.to_string())),
            Body::Data(s, e) => engine.check_bytes(&buf[*s..*e], item.loc),
        });
        match checked {
            Ok(verdicts) => {
                for (item, verdict) in items.iter().zip(verdicts) {
                    self.results.push(InstanceResult {
                        source: item.source_text(),
                        line: item.line(),
                        valid: verdict.valid(),
                        event_type: verdict.event_type.clone(),
                        schema: verdict.schema.map(|i| engine.schema_name(i).to_owned()),
                        errors: self.catalog.errors_of(&verdict),
                    });
                }
            }
            Err(e) => self.error = Some(e),
        }
    }
}

impl Sink for Batch<'_> {
    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.collect.buf
    }
    fn push(&mut self, item: Item) -> bool {
        self.collect.items.push(item);
        if self.collect.items.len() >= FILE_BATCH {
            self.flush();
        }
        self.error.is_none()
    }
    fn blank(&mut self) {}
}

fn thread_count(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)),
    }
}

/// Maps `f` over `items` on up to `threads` scoped threads, keeping the order; the first
/// error wins.
fn parallel<T: Sync, R: Send, E: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E> {
    const CHUNK: usize = 64;
    let threads = threads.min(items.len().div_ceil(CHUNK)).max(1);
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<(usize, Result<Vec<R>, E>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        let end = (start + CHUNK).min(items.len());
                        done.push((start, items[start..end].iter().map(&f).collect()));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    parts.sort_by_key(|(start, _)| *start);
    let mut out = Vec::with_capacity(items.len());
    for (_, part) in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// Takes an event from Python: a str or bytes is kept as text for serde_json, anything
/// else is converted to a JSON value; a value JSON cannot hold is an invalid verdict.
fn take(event: &Bound<'_, PyAny>) -> PyResult<Raw> {
    if let Ok(s) = event.cast::<PyString>() {
        return match utf8(s) {
            Some(text) => Ok(Raw::Text(text.as_bytes().to_vec())),
            None => Ok(Raw::Bad(Verdict::invalid(
                "a str that is not valid Unicode (a lone surrogate)",
            ))),
        };
    }
    if let Ok(b) = event.cast::<PyBytes>() {
        return Ok(Raw::Text(b.as_bytes().to_vec()));
    }
    if let Ok(b) = event.cast::<PyByteArray>() {
        return Ok(Raw::Text(b.to_vec()));
    }
    let json_like = event.is_none()
        || event.cast::<PyDict>().is_ok()
        || event.cast::<PyList>().is_ok()
        || event.cast::<PyTuple>().is_ok()
        || event.cast::<PyFloat>().is_ok()
        || event.cast::<pyo3::types::PyInt>().is_ok();
    if !json_like {
        return Err(PyTypeError::new_err(format!(
            "an event is a dict, str or bytes, not {}",
            type_name(event)
        )));
    }
    let mut pointer = String::new();
    match to_value(event, &mut pointer, 0) {
        Ok(v) => Ok(Raw::Value(v)),
        Err(Unrepresentable(at, message)) => Ok(Raw::Bad(Verdict {
            event_type: None,
            schema: None,
            errors: vec![CoreError {
                instance_path: at,
                schema_path: String::new(),
                message,
            }],
            layers: Vec::new(),
        })),
    }
}

/// Parses text taken from Python into a value, or the verdict for malformed JSON.
fn input_value(text: &[u8]) -> Result<Value, Verdict> {
    evschema_core::validate::engine::parse_instance(text, Loc::Whole)
}

struct Unrepresentable(String, String);

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".to_owned())
}

fn to_value(
    obj: &Bound<'_, PyAny>,
    pointer: &mut String,
    depth: usize,
) -> Result<Value, Unrepresentable> {
    let fail = |pointer: &str, message: String| Unrepresentable(pointer.to_owned(), message);
    if depth > MAX_DEPTH {
        return Err(fail(
            pointer,
            format!("nested deeper than {MAX_DEPTH} levels: not an event JSON can carry"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<pyo3::types::PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = utf8(s).ok_or_else(|| {
            fail(
                pointer,
                "a str that is not valid Unicode (a lone surrogate)".to_owned(),
            )
        })?;
        return Ok(Value::String(text.to_owned()));
    }
    if obj.cast::<pyo3::types::PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return obj
            .extract::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| fail(pointer, "an int too large for a JSON number".to_owned()));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let x = f.value();
        return Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| fail(pointer, format!("{x} is not a JSON number")));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let Ok(key) = k.cast::<PyString>() else {
                return Err(fail(
                    pointer,
                    format!(
                        "a key of type {} (JSON object keys are strings)",
                        type_name(&k)
                    ),
                ));
            };
            let key = utf8(key)
                .ok_or_else(|| fail(pointer, "a key that is not valid Unicode".to_owned()))?
                .to_owned();
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&evschema_core::spans::escape_token(&key));
            let value = to_value(&v, pointer, depth + 1)?;
            pointer.truncate(len);
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        let iter = obj
            .try_iter()
            .map_err(|_| fail(pointer, "an array that cannot be iterated".to_owned()))?;
        for (i, item) in iter.enumerate() {
            let item =
                item.map_err(|_| fail(pointer, "an array that cannot be iterated".to_owned()))?;
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&i.to_string());
            items.push(to_value(&item, pointer, depth + 1)?);
            pointer.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    Err(fail(
        pointer,
        format!(
            "a Python {} is not a JSON value (convert it first, e.g. a datetime to an ISO 8601 string)",
            type_name(obj)
        ),
    ))
}

fn engine_for_files(files: &[PathBuf], options: EngineOptions) -> Result<Engine, OpenError> {
    let root = common_root(files);
    let mut texts = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    for f in files {
        match catalog::read_text(f) {
            Ok(text) => texts.push((rel_to(&root, f), text)),
            Err(message) => problems.push(Problem {
                file: f.clone(),
                position: None,
                message: message.to_string(),
            }),
        }
    }
    let load_error = |problems| catalog::LoadError {
        root: root.clone(),
        problems,
    };
    if !problems.is_empty() {
        return Err(OpenError::Load(load_error(problems)));
    }
    let (core, problems) =
        CoreCatalog::from_texts(&root, texts, LoadOptions::default()).map_err(OpenError::Load)?;
    if !problems.is_empty() {
        return Err(OpenError::Load(load_error(problems)));
    }
    Engine::open_loaded(core, options)
}

/// The folder the files share; one above it when that is a channel or `common/` folder, so
/// that `../common/...` refs between the files resolve as they do in the whole catalog.
fn common_root(files: &[PathBuf]) -> PathBuf {
    let mut root: Option<Vec<Component<'_>>> = None;
    for f in files {
        let parent: Vec<Component<'_>> = f
            .parent()
            .map(|p| p.components().collect())
            .unwrap_or_default();
        root = Some(match root {
            None => parent,
            Some(r) => r
                .iter()
                .zip(parent.iter())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    let mut root: PathBuf = root.unwrap_or_default().iter().collect();
    let last = root.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if catalog::CHANNELS.contains(&last) || last == catalog::COMMON {
        root.pop();
    }
    if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    }
}

fn rel_to(root: &Path, file: &Path) -> String {
    let rel = if root == Path::new(".") {
        file
    } else {
        file.strip_prefix(root).unwrap_or(file)
    };
    rel.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `ValidationError(message)` with the first error's fields and `errors`.
fn validation_error(
    py: Python<'_>,
    verdict: &Verdict,
    errors: Vec<InstanceError>,
) -> PyResult<PyErr> {
    let what = match &verdict.event_type {
        Some(t) => format!("invalid {t} event"),
        None => "invalid event".to_owned(),
    };
    let schema = errors.first().and_then(|e| e.schema.clone());
    let head = match &schema {
        Some(s) => format!("{what} ({s})"),
        None => what,
    };
    let lines: Vec<String> = errors
        .iter()
        .map(|e| format!("  {}", e.__str__()))
        .collect();
    let err = ValidationError::new_err(format!("{head}:\n{}", lines.join("\n")));
    let value = err.value(py);
    let first = errors.first().cloned();
    value.setattr(
        "instance_path",
        first
            .as_ref()
            .map(|e| e.instance_path.clone())
            .unwrap_or_default(),
    )?;
    value.setattr(
        "schema_path",
        first
            .as_ref()
            .map(|e| e.schema_path.clone())
            .unwrap_or_default(),
    )?;
    value.setattr(
        "message",
        first
            .as_ref()
            .map(|e| e.message.clone())
            .unwrap_or_default(),
    )?;
    value.setattr("event_type", verdict.event_type.clone())?;
    value.setattr("schema", schema)?;
    value.setattr("errors", errors)?;
    Ok(err)
}

/// `CatalogError(text)` with `file`, `line`, `column` of the first problem and `problems`,
/// a list of `(file, line, column, message)` tuples.
fn catalog_error(
    py: Python<'_>,
    text: String,
    problems: Vec<(String, Option<usize>, Option<usize>, String)>,
) -> PyErr {
    let err = CatalogError::new_err(text);
    let value = err.value(py);
    let first = problems.first().cloned();
    let set = || -> PyResult<()> {
        value.setattr("file", first.as_ref().map(|p| p.0.clone()))?;
        value.setattr("line", first.as_ref().and_then(|p| p.1))?;
        value.setattr("column", first.as_ref().and_then(|p| p.2))?;
        value.setattr("problems", problems.clone())?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(e) => e,
    }
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn open_error(py: Python<'_>, e: OpenError) -> PyErr {
    let text = e.to_string();
    let problems = match &e {
        OpenError::Missing(p)
        | OpenError::SchemaIsFolder(p)
        | OpenError::SchemaMissing(p)
        | OpenError::NotAFolder(p)
        | OpenError::NoEventTypes(p) => {
            vec![(shown(p), None, None, text.clone())]
        }
        OpenError::Route(r) => vec![(String::new(), None, None, r.to_string())],
        OpenError::Load(load) => load
            .problems
            .iter()
            .map(|p| {
                (
                    shown(&p.file),
                    p.position.map(|pos| pos.line),
                    p.position.map(|pos| pos.column),
                    p.message.clone(),
                )
            })
            .collect(),
        OpenError::Bundle(b) => vec![(
            shown(&b.file),
            Some(b.position.line),
            Some(b.position.column),
            b.error.to_string(),
        )],
    };
    catalog_error(py, text, problems)
}

fn compile_error(py: Python<'_>, e: CompileError) -> PyErr {
    let text = e.to_string();
    catalog_error(py, text, vec![(shown(&e.schema), None, None, e.message)])
}

/// Runs the `evschema` command line in this process; returns its exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<String>) -> u8 {
    py.detach(|| evschema::main_with_args(argv))
}

/// `evschema replay` with `--to sns:ARN|sqs:URL` delivered by `deliver`, a Python callable
/// `deliver(target, body, event_type, event_id, version) -> (kind, status, reason)` where
/// kind is `"delivered"`, `"retry"` or `"refused"`. Reading, filtering, validation, the
/// journal, retries with backoff, outcomes and the exit code are the binary's own.
#[pyfunction]
fn run_replay(py: Python<'_>, argv: Vec<String>, deliver: Py<PyAny>) -> u8 {
    use evschema::cmd::replay::{set_external, Attempt, ExternalJob};
    let f = move |job: &ExternalJob<'_>| -> Attempt {
        Python::attach(|py| {
            let args = (
                job.target,
                pyo3::types::PyBytes::new(py, job.body),
                job.event_type,
                job.event_id,
                job.version,
            );
            let answer = deliver
                .bind(py)
                .call1(args)
                .and_then(|v| v.extract::<(String, Option<u16>, Option<String>)>());
            match answer {
                Ok((kind, status, reason)) => {
                    let reason = reason.unwrap_or_default();
                    match kind.as_str() {
                        "delivered" => Attempt::Delivered,
                        "retry" => Attempt::Retry(status, reason),
                        _ => Attempt::Refused(status, reason),
                    }
                }
                Err(e) => Attempt::Refused(None, format!("the delivery raised {e}")),
            }
        })
    };
    set_external(Some(std::sync::Arc::new(f)));
    let code = py.detach(|| evschema::main_with_args(argv));
    set_external(None);
    code
}

/// The native module; `evschema/__init__.py` re-exports it.
#[pymodule]
fn _evschema(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Catalog>()?;
    m.add_class::<InstanceError>()?;
    m.add_class::<InstanceResult>()?;
    m.add("ValidationError", m.py().get_type::<ValidationError>())?;
    m.add("CatalogError", m.py().get_type::<CatalogError>())?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(run_replay, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
