//! The catalog model shared by every command.
//!
//! A catalog is a folder of JSON Schema files. [`Catalog::load`] walks it in sorted order,
//! parses every schema with the source position of each JSON pointer, indexes each event
//! type (`properties.event_type` `const` or `enum`) with the schema's major version, and
//! resolves `$ref`s between files of the catalog locally, never over the network.
//!
//! Layout conventions (DESIGN.md): event schemas live in a channel folder (`sns_topics/`,
//! `sqs_queues/`, `webhooks/`), shared definitions under `common/`. A top-level `examples/`
//! folder holds sample *events* (not schemas) and is not part of the catalog.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::files::{WalkProblem, Walker};
use crate::spans::{Position, SpanMap};

/// Channel folders that hold event schemas.
pub const CHANNELS: [&str; 3] = ["sns_topics", "sqs_queues", "webhooks"];
/// The folder for shared definitions.
pub const COMMON: &str = "common";
/// The folder for sample events, skipped when loading schemas (as is
/// [`crate::subscriptions::FOLDER`]).
pub const EXAMPLES: &str = "examples";

pub use crate::files::MAX_SCHEMA_BYTES;

/// One schema file of the catalog.
#[derive(Debug, Clone)]
pub struct SchemaFile {
    /// Path relative to the catalog root, with `/` separators (`sns_topics/license_created.json`).
    pub rel: String,
    /// The path to show to users: the catalog root as given, joined with `rel`.
    pub path: PathBuf,
    pub value: Value,
    pub spans: SpanMap,
    /// `sns_topics`, `sqs_queues` or `webhooks` when the file sits in a channel folder.
    pub channel: Option<String>,
    /// Event types named by `properties.event_type` (`const` or `enum`), in schema order.
    pub event_types: Vec<String>,
    /// The schema's own semantic version (top-level `version` keyword), when it parses.
    pub version: Option<semver::Version>,
}

impl SchemaFile {
    /// Builds a schema file from text; `rel` is its catalog-relative path.
    pub fn parse(rel: &str, path: PathBuf, text: &str) -> Result<SchemaFile, Problem> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(text).map_err(|e| Problem::not_json(&path, &e))?;
        let spans = SpanMap::scan(text);
        let channel = rel
            .split('/')
            .next()
            .filter(|first| CHANNELS.contains(first) && rel.contains('/'))
            .map(str::to_owned);
        let event_types = event_types_of(&value);
        let version = value
            .get("version")
            .and_then(Value::as_str)
            .and_then(|v| semver::Version::parse(v).ok());
        Ok(SchemaFile {
            rel: rel.to_owned(),
            path,
            value,
            spans,
            channel,
            event_types,
            version,
        })
    }

    /// `file:line:col` of the value at `pointer` (or its nearest existing ancestor).
    pub fn location(&self, pointer: &str) -> String {
        let p = self.spans.locate(pointer);
        format!("{}:{}:{}", self.path.display(), p.line, p.column)
    }

    /// True for files that describe events (they name at least one event type).
    pub fn is_event_schema(&self) -> bool {
        !self.event_types.is_empty()
    }

    /// The major version used for routing, if the schema states a semantic version.
    pub fn major(&self) -> Option<u64> {
        self.version.as_ref().map(|v| v.major)
    }
}

/// The event types a schema routes: `properties.event_type.const` or `.enum` (strings).
pub fn event_types_of(schema: &Value) -> Vec<String> {
    let Some(et) = schema.get("properties").and_then(|p| p.get("event_type")) else {
        return Vec::new();
    };
    if let Some(c) = et.get("const").and_then(Value::as_str) {
        return vec![c.to_owned()];
    }
    if let Some(values) = et.get("enum").and_then(Value::as_array) {
        let mut out: Vec<String> = Vec::new();
        for v in values.iter().filter_map(Value::as_str) {
            if !out.iter().any(|o| o == v) {
                out.push(v.to_owned());
            }
        }
        return out;
    }
    Vec::new()
}

/// Something wrong with the catalog, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub position: Option<Position>,
    pub message: String,
}

impl Problem {
    /// A file whose text is not JSON, at the position serde_json gives.
    pub fn not_json(file: &Path, e: &serde_json::Error) -> Problem {
        Problem {
            file: file.to_owned(),
            position: Some(Position {
                line: e.line(),
                column: e.column(),
            }),
            message: format!("not valid JSON: {}", strip_serde_position(e)),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: {}",
                self.file.display(),
                p.line,
                p.column,
                self.message
            ),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// The catalog could not be loaded; every problem found is listed.
#[derive(Debug)]
pub struct LoadError {
    pub root: PathBuf,
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot load the catalog at {} ({} problem{})",
            self.root.display(),
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// A loaded catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub root: PathBuf,
    /// Every schema file, sorted by `rel`.
    pub schemas: Vec<SchemaFile>,
    /// Event type → indexes into `schemas`, sorted by major version (unknown first).
    pub events: BTreeMap<String, Vec<usize>>,
    by_rel: HashMap<String, usize>,
    /// Files outside the catalog that refs reach: mapped (`--map`) and `--resolve` files.
    pub externals: Vec<SchemaFile>,
    /// The URI each external file is known by.
    pub(crate) external_uris: Vec<(String, crate::draft::Draft)>,
    /// The resources of every document, for `$ref` resolution ([`crate::refs`]).
    pub(crate) refs: crate::refs::RefIndex,
    pub(crate) sources: crate::refs::RefSources,
}

/// Options for reading a catalog.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Keep going when a file cannot be parsed or two schemas claim one event type; the
    /// problems are returned next to the catalog instead of failing the load.
    pub tolerant: bool,
}

impl Catalog {
    /// Loads the catalog under `root`; any problem fails the load (exit 2 material).
    pub fn load(root: &Path) -> Result<Catalog, LoadError> {
        let (catalog, problems) = Catalog::load_with(root, LoadOptions::default())?;
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(LoadError {
                root: root.to_owned(),
                problems,
            })
        }
    }

    /// Loads the catalog, returning it with the problems found. Fails only when the root
    /// itself cannot be read, or (unless `tolerant`) on the first batch of problems.
    pub fn load_with(
        root: &Path,
        options: LoadOptions,
    ) -> Result<(Catalog, Vec<Problem>), LoadError> {
        let fail = |message: String| LoadError {
            root: root.to_owned(),
            problems: vec![Problem {
                file: root.to_owned(),
                position: None,
                message,
            }],
        };
        let meta = std::fs::metadata(root).map_err(|e| fail(format!("cannot read: {e}")))?;
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        let mut problems = Vec::new();
        if meta.is_file() {
            let rel = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((rel, root.to_owned()));
        } else {
            let walk = catalog_walker().walk(root);
            for problem in walk.problems {
                let message = match &problem {
                    WalkProblem::Outside { .. } => problem.to_string(),
                    _ => format!("cannot walk: {problem}"),
                };
                problems.push(Problem {
                    file: problem.path().to_owned(),
                    position: None,
                    message,
                });
            }
            files.extend(walk.files.into_iter().map(|f| (f.rel, f.path)));
        }
        let mut schemas = Vec::new();
        for (rel, path) in files {
            match read_text(&path) {
                Ok(text) => match SchemaFile::parse(&rel, path, &text) {
                    Ok(s) => schemas.push(s),
                    Err(p) => problems.push(p),
                },
                Err(message) => problems.push(Problem {
                    file: path,
                    position: None,
                    message: message.to_string(),
                }),
            }
        }
        schemas.sort_by(|a, b| a.rel.cmp(&b.rel));
        let (catalog, index_problems) = Catalog::from_schemas(root.to_owned(), schemas);
        problems.extend(index_problems);
        if !options.tolerant && !problems.is_empty() {
            return Err(LoadError {
                root: root.to_owned(),
                problems,
            });
        }
        Ok((catalog, problems))
    }

    /// Builds a catalog from in-memory files (`rel` path, text), e.g. read from a git
    /// revision. `root` is only used to name files in messages.
    pub fn from_texts(
        root: &Path,
        files: Vec<(String, String)>,
        options: LoadOptions,
    ) -> Result<(Catalog, Vec<Problem>), LoadError> {
        let mut problems = Vec::new();
        let mut schemas = Vec::new();
        for (rel, text) in catalog_walker().select(files) {
            match SchemaFile::parse(&rel, root.join(&rel), &text) {
                Ok(s) => schemas.push(s),
                Err(p) => problems.push(p),
            }
        }
        schemas.sort_by(|a, b| a.rel.cmp(&b.rel));
        let (catalog, more) = Catalog::from_schemas(root.to_owned(), schemas);
        problems.extend(more);
        if !options.tolerant && !problems.is_empty() {
            return Err(LoadError {
                root: root.to_owned(),
                problems,
            });
        }
        Ok((catalog, problems))
    }

    /// The catalog folder a schema file belongs to by the layout alone: the folder above
    /// its channel (or `common/`) folder, else its own folder. (The command also looks for an
    /// evschema.toml that names a catalog holding the file first.)
    pub fn home_of(file: &Path) -> PathBuf {
        let parent = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => return PathBuf::from("."),
        };
        let name = parent.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if CHANNELS.contains(&name) || name == COMMON {
            if let Some(up) = parent.parent() {
                return if up.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    up.to_owned()
                };
            }
        }
        parent.to_owned()
    }

    /// Builds the indexes over already parsed schemas (sorted by `rel`).
    pub fn from_schemas(root: PathBuf, schemas: Vec<SchemaFile>) -> (Catalog, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut by_rel = HashMap::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut events: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, s) in schemas.iter().enumerate() {
            by_rel.insert(s.rel.clone(), i);
            if let Some(id) = s.value.get("$id").and_then(Value::as_str) {
                let id = id.trim_end_matches('#').to_owned();
                if let Some(&other) = by_id.get(&id) {
                    problems.push(Problem {
                        file: s.path.clone(),
                        position: Some(s.spans.locate("/$id")),
                        message: format!(
                            "$id \"{id}\" is also the $id of {}",
                            schemas[other].path.display()
                        ),
                    });
                } else {
                    by_id.insert(id, i);
                }
            }
            for et in &s.event_types {
                let entry = events.entry(et.clone()).or_default();
                if let Some(&other) = entry.iter().find(|&&o| schemas[o].major() == s.major()) {
                    let major = s
                        .major()
                        .map(|m| format!("major version {m}"))
                        .unwrap_or_else(|| "no version".to_owned());
                    problems.push(Problem {
                        file: s.path.clone(),
                        position: Some(s.spans.locate("/properties/event_type")),
                        message: format!(
                            "event type \"{et}\" ({major}) is also claimed by {}; each (event type, major version) must resolve to exactly one schema",
                            schemas[other].path.display()
                        ),
                    });
                    continue;
                }
                entry.push(i);
            }
        }
        for list in events.values_mut() {
            list.sort_by_key(|&i| schemas[i].major());
        }
        let mut catalog = Catalog {
            root,
            schemas,
            events,
            by_rel,
            externals: Vec::new(),
            external_uris: Vec::new(),
            refs: crate::refs::RefIndex::default(),
            sources: crate::refs::RefSources::default(),
        };
        catalog.reindex();
        (catalog, problems)
    }

    /// The schema with catalog-relative path `rel`.
    pub fn get(&self, rel: &str) -> Option<&SchemaFile> {
        self.by_rel.get(rel).map(|&i| &self.schemas[i])
    }

    /// Index of the schema with catalog-relative path `rel`.
    pub fn index_of(&self, rel: &str) -> Option<usize> {
        self.by_rel.get(rel).copied()
    }

    /// Picks the schema for an event: by `event_type`, then by the major version of the
    /// event's `version` when several majors exist.
    pub fn route(&self, event_type: &str, version: Option<&str>) -> Result<usize, RouteError> {
        let Some(list) = self.events.get(event_type) else {
            return Err(RouteError::UnknownEventType(event_type.to_owned()));
        };
        if list.len() == 1 {
            return Ok(list[0]);
        }
        let majors: Vec<u64> = list
            .iter()
            .filter_map(|&i| self.schemas[i].major())
            .collect();
        let Some(version) = version else {
            return Err(RouteError::NoVersion {
                event_type: event_type.to_owned(),
                majors,
            });
        };
        let Some(major) = leading_major(version) else {
            return Err(RouteError::BadVersion {
                event_type: event_type.to_owned(),
                version: version.to_owned(),
            });
        };
        list.iter()
            .rev()
            .copied()
            .find(|&i| self.schemas[i].major() == Some(major))
            .ok_or(RouteError::NoMajor {
                event_type: event_type.to_owned(),
                major,
                majors,
            })
    }

    /// Resolves a `$ref` written at the root level of schema `from` (against the file's base
    /// URI) to (schema index, JSON pointer). A ref that leads out of the catalog files (to a
    /// mapped file or a metaschema) is `NotFound` here; [`Catalog::resolve_at`] has them all.
    pub fn resolve_ref(&self, from: usize, reference: &str) -> Result<(usize, String), RefError> {
        match self.resolve_at(crate::refs::DocId::Catalog(from), "", reference)? {
            crate::refs::Target {
                doc: crate::refs::DocId::Catalog(i),
                pointer,
            } => Ok((i, pointer)),
            _ => Err(RefError::NotFound(reference.to_owned())),
        }
    }

    /// Resolves a `$ref` of schema `from` whose value sits at `pointer` (against the base URI
    /// in force there) to (schema index, JSON pointer) of a catalog file; refs that lead to a
    /// mapped file or a metaschema are `NotFound` here.
    pub fn resolve_ref_at(
        &self,
        from: usize,
        pointer: &str,
        reference: &str,
    ) -> Result<(usize, String), RefError> {
        match self.resolve_at(crate::refs::DocId::Catalog(from), pointer, reference)? {
            crate::refs::Target {
                doc: crate::refs::DocId::Catalog(i),
                pointer,
            } => Ok((i, pointer)),
            _ => Err(RefError::NotFound(reference.to_owned())),
        }
    }

    /// A self-contained copy of schema `index`: every `$ref` is rewritten to a document
    /// pointer (`#/...`), the other files it reaches are embedded once under `definitions`
    /// with the key `evschema:<rel path>`, embedded `$id`s are dropped once their refs are
    /// rewritten; a 2019-09 or 2020-12 metaschema is named by its URI (older ones are embedded
    /// like files). The result validates as the
    /// original for every draft feature except `$dynamicRef` / `$recursiveRef`.
    pub fn bundle(&self, index: usize) -> Result<Value, BundleError> {
        self.bundle_doc(index)
    }
}

impl Catalog {
    /// Checks that every `$ref` of schema `index`, and of the files it references, resolves
    /// inside the catalog, without building the bundle.
    pub fn check_refs(&self, index: usize) -> Result<(), BundleError> {
        self.check_refs_of(crate::refs::DocId::Catalog(index))
            .map(|_| ())
    }
}

/// Every `$ref` string of a schema with the pointer of its value, skipping data keywords.
pub fn collect_refs<'a>(value: &'a Value, pointer: &mut String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if matches!(key.as_str(), "enum" | "const" | "examples" | "default") {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::pointer::escape(key));
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push((pointer.clone(), r)),
                    _ => collect_refs(child, pointer, out),
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                collect_refs(child, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The `definitions` key under which [`Catalog::bundle`] embeds another catalog file.
pub fn bundle_key(rel: &str) -> String {
    format!("evschema:{rel}")
}

/// Why a `$ref` could not be resolved inside the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    Remote(String),
    FileUrl(String),
    Absolute(String),
    Escapes(String),
    NotFound(String),
    BadPointer(String),
    Unsupported(String),
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::Remote(r) => write!(
                f,
                "$ref \"{r}\" is remote; evschema never fetches over the network (give the referenced schema that $id inside the catalog, or serve it from a local copy with --resolve FILE or --map PREFIX=DIR)"
            ),
            RefError::FileUrl(r) => write!(
                f,
                "$ref \"{r}\" is a file:// URL; refs must be relative paths inside the catalog"
            ),
            RefError::Absolute(r) => write!(
                f,
                "$ref \"{r}\" is an absolute path; refs must be relative paths inside the catalog"
            ),
            RefError::Escapes(r) => write!(f, "$ref \"{r}\" points outside the catalog root"),
            RefError::NotFound(r) => write!(f, "$ref \"{r}\" names no schema file of the catalog"),
            RefError::BadPointer(r) => {
                write!(f, "$ref \"{r}\" points to nothing in the referenced schema")
            }
            RefError::Unsupported(m) => write!(f, "unsupported $ref: {m}"),
        }
    }
}

/// A `$ref` that stopped [`Catalog::bundle`], with where it was written.
#[derive(Debug, Clone)]
pub struct BundleError {
    pub file: PathBuf,
    pub position: Position,
    /// Pointer of the `$ref` keyword's value.
    pub pointer: String,
    pub error: RefError,
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {} (at {})",
            self.file.display(),
            self.position.line,
            self.position.column,
            self.error,
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            }
        )
    }
}

impl std::error::Error for BundleError {}

/// Why an event could not be routed to a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    UnknownEventType(String),
    NoVersion {
        event_type: String,
        majors: Vec<u64>,
    },
    BadVersion {
        event_type: String,
        version: String,
    },
    NoMajor {
        event_type: String,
        major: u64,
        majors: Vec<u64>,
    },
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |m: &[u64]| m.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
        match self {
            RouteError::UnknownEventType(t) => {
                write!(f, "unknown event_type \"{t}\": no schema in the catalog routes it")
            }
            RouteError::NoVersion { event_type, majors } => write!(
                f,
                "event_type \"{event_type}\" has schemas for major versions {} and the event has no string \"version\" to choose one",
                list(majors)
            ),
            RouteError::BadVersion { event_type, version } => write!(
                f,
                "event_type \"{event_type}\": version \"{version}\" does not start with a major version number"
            ),
            RouteError::NoMajor {
                event_type,
                major,
                majors,
            } => write!(
                f,
                "event_type \"{event_type}\": no schema for major version {major} (the catalog has {})",
                list(majors)
            ),
        }
    }
}

/// The major version number at the start of a version string (`"2.1.0"` → 2).
pub fn leading_major(version: &str) -> Option<u64> {
    let digits: &str = version
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .filter(|d| !d.is_empty())?;
    digits.parse().ok()
}

/// The files of a catalog: `.json` files, outside `examples/`, none through a link out.
fn catalog_walker() -> Walker<'static> {
    Walker::new(|name| name.ends_with(".json"))
        .skip_top(EXAMPLES)
        .skip_top(crate::subscriptions::FOLDER)
        .guard_root()
}

/// Reads a schema file as UTF-8 text, with a size limit.
pub use crate::files::read_text;

/// serde_json's message without its trailing " at line L column C" (we print our own).
pub fn strip_serde_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

pub use crate::pointer::percent_decode;

pub use crate::pointer::parse as pointer_tokens;

#[cfg(test)]
impl Catalog {
    /// A catalog of these (path, schema) pairs, each written pretty-printed: the unit tests'
    /// way to build one.
    pub(crate) fn of_values(files: &[(&str, Value)]) -> (Catalog, Vec<Problem>) {
        let schemas = files
            .iter()
            .map(|(rel, v)| {
                let text = serde_json::to_string_pretty(v).unwrap();
                SchemaFile::parse(rel, PathBuf::from(rel), &text).unwrap()
            })
            .collect();
        Catalog::from_schemas(PathBuf::from("cat"), schemas)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(rel: &str, value: Value) -> SchemaFile {
        let text = serde_json::to_string_pretty(&value).unwrap();
        SchemaFile::parse(rel, PathBuf::from(rel), &text).unwrap()
    }

    fn catalog(files: Vec<SchemaFile>) -> Catalog {
        let (c, problems) = Catalog::from_schemas(PathBuf::from("cat"), files);
        assert!(problems.is_empty(), "{problems:?}");
        c
    }

    fn event(et: &str, version: &str) -> Value {
        json!({"version": version, "properties": {"event_type": {"const": et}}})
    }

    #[test]
    fn routes_by_event_type_and_major() {
        let c = catalog(vec![
            schema("sns_topics/a.json", event("a.created", "1.2.0")),
            schema("sns_topics/a.v2.json", event("a.created", "2.0.0")),
            schema("sns_topics/b.json", event("b.created", "1.0.0")),
        ]);
        assert_eq!(c.route("a.created", Some("2.3.1")), Ok(1));
        assert_eq!(c.route("a.created", Some("1.0.0")), Ok(0));
        assert_eq!(c.route("b.created", Some("7.0.0")), Ok(2));
        assert!(matches!(
            c.route("a.created", Some("3.0.0")),
            Err(RouteError::NoMajor { major: 3, .. })
        ));
        assert!(matches!(
            c.route("zzz", None),
            Err(RouteError::UnknownEventType(_))
        ));
    }

    #[test]
    fn two_schemas_claiming_one_event_type_is_a_problem_naming_both() {
        let (_, problems) = Catalog::from_schemas(
            PathBuf::from("cat"),
            vec![
                schema("sns_topics/a.json", event("a.created", "1.0.0")),
                schema("webhooks/a.json", event("a.created", "1.1.0")),
            ],
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, PathBuf::from("webhooks/a.json"));
        assert!(problems[0].message.contains("sns_topics/a.json"));
    }

    #[test]
    fn refs_resolve_inside_the_catalog_only() {
        let c = catalog(vec![
            schema(
                "common/defs.json",
                json!({"definitions": {"x": {"type": "string"}}}),
            ),
            schema(
                "sns_topics/a.json",
                json!({"$ref": "../common/defs.json#/definitions/x"}),
            ),
        ]);
        assert_eq!(
            c.resolve_ref(1, "../common/defs.json#/definitions/x"),
            Ok((0, "/definitions/x".to_owned()))
        );
        assert_eq!(
            c.resolve_ref(1, "../../etc/passwd"),
            Err(RefError::Escapes("../../etc/passwd".into()))
        );
        assert_eq!(
            c.resolve_ref(1, "/etc/passwd"),
            Err(RefError::Absolute("/etc/passwd".into()))
        );
        assert!(matches!(
            c.resolve_ref(1, "https://example.com/s.json"),
            Err(RefError::Remote(_))
        ));
        assert!(matches!(
            c.resolve_ref(1, "file:///etc/passwd"),
            Err(RefError::FileUrl(_))
        ));
        assert!(matches!(
            c.resolve_ref(1, "nope.json"),
            Err(RefError::NotFound(_))
        ));
    }

    #[test]
    fn bundle_embeds_referenced_files_and_rewrites_refs() {
        let c = catalog(vec![
            schema(
                "common/defs.json",
                json!({"definitions": {"x": {"$ref": "#/definitions/y"}, "y": {"type": "string"}}}),
            ),
            schema(
                "sns_topics/a.json",
                json!({"properties": {"s": {"$ref": "../common/defs.json#/definitions/x"}}}),
            ),
        ]);
        let b = c.bundle(1).unwrap();
        assert_eq!(
            b["properties"]["s"]["$ref"],
            "#/definitions/evschema:common~1defs.json/definitions/x"
        );
        assert_eq!(
            b["definitions"]["evschema:common/defs.json"]["definitions"]["x"]["$ref"],
            "#/definitions/evschema:common~1defs.json/definitions/y"
        );
        let v = crate::compat::build_validator(&b).unwrap();
        assert!(v.is_valid(&json!({"s": "ok"})));
        assert!(!v.is_valid(&json!({"s": 1})));
    }

    #[test]
    fn bundle_error_names_file_line_and_ref() {
        let c = catalog(vec![schema(
            "sns_topics/a.json",
            json!({"properties": {"s": {"$ref": "../../secret.json"}}}),
        )]);
        let e = c.bundle(0).unwrap_err();
        assert_eq!(e.pointer, "/properties/s/$ref");
        let msg = e.to_string();
        assert!(msg.starts_with("sns_topics/a.json:4:"), "{msg}");
        assert!(msg.contains("../../secret.json"), "{msg}");
    }

    #[test]
    fn leading_major_parses_prefix() {
        assert_eq!(leading_major("12.0.1"), Some(12));
        assert_eq!(leading_major("v1"), None);
        assert_eq!(leading_major(""), None);
    }
}
