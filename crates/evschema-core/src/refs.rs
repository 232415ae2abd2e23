//! References: the one resolver behind validate, lint, diff and render.
//!
//! Every document has a base URI. A catalog file's is `file:///evschema-catalog/<rel path>`
//! (a fixed, fake location: nothing is ever read through it but catalog files), unless its
//! root `$id` gives another; a relative root `$id` is read against the catalog root, as the
//! catalogs written for Ajv expect (`"$id": "common/user.schema.json"` names the file
//! `common/user.schema.json`), except when it names the file itself. A mapped file's base is the
//! URL it was mapped from, a `--resolve` file's is its `$id`, a metaschema's is its own URI.
//!
//! A `$ref` resolves (RFC 3986) against the nearest enclosing `$id` (`id` under draft-04;
//! before 2019-09 an `$id` beside `$ref` is ignored) to an absolute URI, looked up among the
//! resources of every document: roots, embedded `$id`s, `$anchor`s and `$dynamicAnchor`s
//! (and draft ≤ 7 plain-name `$id` fragments). Nothing else is ever looked at: no network, no
//! file outside the catalog, the mapped folders and the `--resolve` files.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, LazyLock};

use fluent_uri::{Uri, UriRef};
use serde_json::{Map, Value};

use crate::catalog::{
    percent_decode, read_text, BundleError, Catalog, LoadOptions, Problem, RefError, SchemaFile,
};
use crate::spans::Position;

/// The base URI under which catalog files live.
pub const CATALOG_BASE: &str = "file:///evschema-catalog/";

/// Where refs may lead besides the catalog (`--map`, `--resolve`, `[refs]` of evschema.toml).
#[derive(Debug, Clone, Default)]
pub struct RefSources {
    /// URL prefix → local folder: `PREFIX` + `a/b.json` is the file `DIR/a/b.json`.
    pub maps: Vec<(String, PathBuf)>,
    /// Schema files, or folders of them, indexed by their `$id`.
    pub resolve: Vec<PathBuf>,
}

/// A document a ref can lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocId {
    /// `catalog.schemas[i]`
    Catalog(usize),
    /// `catalog.externals[i]`: a mapped or `--resolve` file.
    External(usize),
    /// A built-in metaschema.
    Meta(usize),
}

/// Where a ref leads: a document and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub doc: DocId,
    pub pointer: String,
}

pub use crate::draft::Draft;

/// The resources of the documents of a catalog.
#[derive(Debug, Clone, Default)]
pub struct RefIndex {
    /// Absolute URI (no fragment) → document and pointer of the resource.
    resources: HashMap<String, Target>,
    /// (resource URI, anchor name) → document and pointer.
    anchors: HashMap<(String, String), Target>,
    /// Base URI of each catalog document's root.
    pub(crate) catalog_bases: Vec<String>,
    /// The catalog-root reading of a relative root `$id` ([`alt_root_base`]).
    pub(crate) catalog_alt_bases: Vec<Option<String>>,
    /// Base URI of each external document's root.
    pub(crate) external_bases: Vec<String>,
}

struct Meta {
    uri: &'static str,
    value: &'static Value,
    index: RefIndex,
}

/// The built-in metaschemas' URIs (normalized, no fragment), in [`METAS`] order: known
/// without parsing any of them, so that telling a custom `$schema` from a built-in one costs
/// nothing at start-up.
const META_URIS: [&str; 19] = [
    "http://json-schema.org/draft-04/schema",
    "http://json-schema.org/draft-06/schema",
    "http://json-schema.org/draft-07/schema",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2019-09/meta/applicator",
    "https://json-schema.org/draft/2019-09/meta/content",
    "https://json-schema.org/draft/2019-09/meta/core",
    "https://json-schema.org/draft/2019-09/meta/format",
    "https://json-schema.org/draft/2019-09/meta/meta-data",
    "https://json-schema.org/draft/2019-09/meta/validation",
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/meta/core",
    "https://json-schema.org/draft/2020-12/meta/applicator",
    "https://json-schema.org/draft/2020-12/meta/unevaluated",
    "https://json-schema.org/draft/2020-12/meta/validation",
    "https://json-schema.org/draft/2020-12/meta/meta-data",
    "https://json-schema.org/draft/2020-12/meta/format-annotation",
    "https://json-schema.org/draft/2020-12/meta/format-assertion",
    "https://json-schema.org/draft/2020-12/meta/content",
];

static METAS: LazyLock<Vec<Meta>> = LazyLock::new(|| {
    use referencing::meta::*;
    let values: [&'static Value; 19] = [
        &DRAFT4,
        &DRAFT6,
        &DRAFT7,
        &DRAFT201909,
        &DRAFT201909_APPLICATOR,
        &DRAFT201909_CONTENT,
        &DRAFT201909_CORE,
        &DRAFT201909_FORMAT,
        &DRAFT201909_META_DATA,
        &DRAFT201909_VALIDATION,
        &DRAFT202012,
        &DRAFT202012_CORE,
        &DRAFT202012_APPLICATOR,
        &DRAFT202012_UNEVALUATED,
        &DRAFT202012_VALIDATION,
        &DRAFT202012_META_DATA,
        &DRAFT202012_FORMAT_ANNOTATION,
        &DRAFT202012_FORMAT_ASSERTION,
        &DRAFT202012_CONTENT,
    ];
    META_URIS
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (uri, value))| {
            let mut index = RefIndex::default();
            index.add_doc(DocId::Meta(i), value, uri, Draft::of(value));
            Meta { uri, value, index }
        })
        .collect()
});

/// Is `uri` (normalized, no fragment) one of the built-in metaschemas?
pub fn is_metaschema(uri: &str) -> bool {
    META_URIS.contains(&uri)
}

/// `r` resolved against `base`, normalized, split into (URI without fragment, fragment).
pub fn join(base: &str, r: &str) -> Option<(String, String)> {
    let b = Uri::parse(base).ok()?;
    let full = UriRef::parse(r).ok()?.resolve_against(&b).ok()?.normalize();
    let s = full.as_str();
    Some(match s.split_once('#') {
        Some((u, f)) => (u.to_string(), f.to_string()),
        None => (s.to_string(), String::new()),
    })
}

/// A URI normalized the way the index keys are (no fragment).
pub fn normalize(uri: &str) -> Option<String> {
    let u = Uri::parse(uri).ok()?.normalize();
    let s = u.as_str();
    Some(s.split_once('#').map(|(a, _)| a).unwrap_or(s).to_string())
}

/// Percent-encodes a relative path for use in a URI.
pub fn encode_path(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for b in rel.bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The URI of catalog file `rel`.
pub fn catalog_uri(rel: &str) -> String {
    normalize(&format!("{CATALOG_BASE}{}", encode_path(rel)))
        .unwrap_or_else(|| format!("{CATALOG_BASE}{rel}"))
}

/// Keywords whose values are data, not subschemas.
pub fn is_data(k: &str) -> bool {
    matches!(k, "enum" | "const" | "examples" | "default")
}

/// The id of a node, when it starts a new base: `$id` (`id` under draft-04); before 2019-09
/// an `$id` next to `$ref` is ignored.
pub fn node_id(m: &Map<String, Value>, d: Draft) -> Option<&str> {
    let kw = if d == Draft::D4 { "id" } else { "$id" };
    let id = m.get(kw)?.as_str()?;
    if d < Draft::D2019 && m.contains_key("$ref") {
        return None;
    }
    Some(id)
}

/// The base URI of a catalog file's root: its `$id` read (RFC 3986) against the file's own
/// URI, else its own URI. See [`alt_root_base`] for relative `$id`s.
pub fn root_base(value: &Value, own: &str) -> String {
    root_bases(value, own).0
}

/// For a relative root `$id` that does not name the file itself, the base it gives read
/// against the catalog root: catalogs written for Ajv (GitHub's webhook schemas) mean
/// `"$id": "common/user.schema.json"` relative to the catalog root. A ref that resolves to
/// nothing against the [`root_base`] is tried against this one.
pub fn alt_root_base(value: &Value, own: &str) -> Option<String> {
    root_bases(value, own).1
}

fn root_bases(value: &Value, own: &str) -> (String, Option<String>) {
    let d = Draft::of(value);
    let Some(id) = value.as_object().and_then(|m| node_id(m, d)) else {
        return (own.to_owned(), None);
    };
    let absolute = id
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
    let primary = join(own, id)
        .map(|(u, _)| u)
        .unwrap_or_else(|| own.to_owned());
    if absolute || primary == own {
        return (primary, None);
    }
    let alt = join(CATALOG_BASE, id)
        .map(|(u, _)| u)
        .filter(|a| *a != primary);
    (primary, alt)
}

impl RefIndex {
    /// Indexes the resources of one document whose root base is `base`.
    pub(crate) fn add_doc(&mut self, doc: DocId, value: &Value, base: &str, d: Draft) {
        let t = |p: &str| Target {
            doc,
            pointer: p.to_owned(),
        };
        self.resources.entry(base.to_owned()).or_insert(t(""));
        let mut ptr = String::new();
        self.walk(doc, value, d, base, &mut ptr, true, 0);
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &mut self,
        doc: DocId,
        v: &Value,
        d: Draft,
        base: &str,
        ptr: &mut String,
        root: bool,
        depth: usize,
    ) {
        if depth > 512 {
            return;
        }
        match v {
            Value::Object(m) => {
                // most nodes have no id and no anchor: nothing is copied for them
                let here = || Target {
                    doc,
                    pointer: ptr.clone(),
                };
                let mut own_base: Option<String> = None;
                if !root {
                    if let Some((u, frag)) = node_id(m, d).and_then(|id| join(base, id)) {
                        if frag.is_empty() || u != base {
                            self.resources.entry(u.clone()).or_insert_with(here);
                        }
                        if !frag.is_empty() && !frag.starts_with('/') && d < Draft::D2019 {
                            self.anchors
                                .entry((u.clone(), percent_decode(&frag)))
                                .or_insert_with(here);
                        }
                        own_base = Some(u);
                    }
                }
                let base = own_base.as_deref().unwrap_or(base);
                if d >= Draft::D2019 {
                    for kw in ["$anchor", "$dynamicAnchor"] {
                        if let Some(a) = m.get(kw).and_then(Value::as_str) {
                            self.anchors
                                .entry((base.to_owned(), a.to_owned()))
                                .or_insert_with(here);
                        }
                    }
                }
                for (k, x) in m {
                    if is_data(k) || !(x.is_object() || x.is_array()) {
                        continue;
                    }
                    let len = ptr.len();
                    crate::pointer::push_token(ptr, k);
                    self.walk(doc, x, d, base, ptr, false, depth + 1);
                    ptr.truncate(len);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    if !(x.is_object() || x.is_array()) {
                        continue;
                    }
                    let len = ptr.len();
                    crate::pointer::push_index(ptr, i);
                    self.walk(doc, x, d, base, ptr, false, depth + 1);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// The resource at absolute URI `uri` (no fragment), metaschemas included.
    pub fn resource(&self, uri: &str) -> Option<&Target> {
        self.resources.get(uri).or_else(|| {
            METAS
                .iter()
                .find(|m| m.uri == uri)
                .and_then(|m| m.index.resources.get(uri))
        })
    }

    fn anchor(&self, uri: &str, name: &str) -> Option<&Target> {
        let key = (uri.to_owned(), name.to_owned());
        self.anchors.get(&key).or_else(|| {
            METAS
                .iter()
                .find_map(|m| m.index.anchors.get(&key).filter(|_| m.uri == uri))
        })
    }
}

/// What a `$ref` keyword names, as far as resolution goes.
fn ref_keywords(d: Draft) -> &'static [&'static str] {
    match d {
        Draft::D2019 => &["$ref", "$recursiveRef"],
        Draft::D2020 => &["$ref", "$dynamicRef"],
        _ => &["$ref"],
    }
}

/// Every reference of a document with the pointer of its value, skipping data keywords:
/// `$ref`, and `$recursiveRef` / `$dynamicRef` where the document's draft has them.
pub fn collect_all_refs(value: &Value) -> Vec<(String, String)> {
    collect_refs_in(value, Draft::of(value))
}

/// [`collect_all_refs`] for a document read under draft `d`.
pub fn collect_refs_in(value: &Value, d: Draft) -> Vec<(String, String)> {
    fn go(
        v: &Value,
        kws: &[&str],
        ptr: &mut String,
        out: &mut Vec<(String, String)>,
        depth: usize,
    ) {
        if depth > 512 {
            return;
        }
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if is_data(k) {
                        continue;
                    }
                    let is_ref = x.is_string() && kws.contains(&k.as_str());
                    if !(is_ref || x.is_object() || x.is_array()) {
                        continue;
                    }
                    let len = ptr.len();
                    crate::pointer::push_token(ptr, k);
                    match x {
                        Value::String(r) if is_ref => out.push((ptr.clone(), r.clone())),
                        _ => go(x, kws, ptr, out, depth + 1),
                    }
                    ptr.truncate(len);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    if !(x.is_object() || x.is_array()) {
                        continue;
                    }
                    let len = ptr.len();
                    crate::pointer::push_index(ptr, i);
                    go(x, kws, ptr, out, depth + 1);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(value, ref_keywords(d), &mut String::new(), &mut out, 0);
    out
}

/// The base URI in force at `pointer` of a document whose root base is `root_base`.
pub fn base_at(value: &Value, d: Draft, root_base: &str, pointer: &str) -> String {
    let mut base = root_base.to_owned();
    let mut node = value;
    let tokens: Vec<String> = crate::pointer::parse(pointer);
    for (i, tok) in tokens.iter().enumerate() {
        if i > 0 {
            if let Some((u, _)) = node
                .as_object()
                .and_then(|m| node_id(m, d))
                .and_then(|id| join(&base, id))
            {
                base = u;
            }
        }
        let next = match node {
            Value::Object(m) => m.get(tok.as_str()),
            Value::Array(a) => tok.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    base
}

impl Catalog {
    /// The value of a document.
    pub fn doc_value(&self, doc: DocId) -> &Value {
        match doc {
            DocId::Catalog(i) => &self.schemas[i].value,
            DocId::External(i) => &self.externals[i].value,
            DocId::Meta(i) => METAS[i].value,
        }
    }

    /// The draft document `doc` is read under and how its `$schema` said so, a custom
    /// metaschema followed through the catalog's files and `$id`s ([`crate::draft::detect_with`]).
    pub fn detect(&self, doc: DocId) -> crate::draft::Detected {
        self.detect_value(self.doc_value(doc))
    }

    /// [`Catalog::detect`] for a schema value (a catalog file, or a copy of one).
    pub fn detect_value(&self, value: &Value) -> crate::draft::Detected {
        crate::draft::detect_with(value, |uri| {
            let res = self.resource(uri)?;
            self.doc_value(res.doc).pointer(&res.pointer)
        })
    }

    /// The draft a document is read under: its `$schema`; for a mapped file without one,
    /// that of the document that first referenced it; else draft-07.
    pub fn dialect(&self, doc: DocId) -> Draft {
        match doc {
            DocId::External(i) => self.external_uris[i].1,
            _ => Draft::of(self.doc_value(doc)),
        }
    }

    /// The file of a document (none for a metaschema).
    pub fn doc_file(&self, doc: DocId) -> Option<&SchemaFile> {
        match doc {
            DocId::Catalog(i) => self.schemas.get(i),
            DocId::External(i) => self.externals.get(i),
            DocId::Meta(_) => None,
        }
    }

    /// How a document is named in messages and schema paths: a catalog file by its relative
    /// path, an external file by its path, a metaschema by its URI.
    pub fn doc_label(&self, doc: DocId) -> String {
        match doc {
            DocId::Catalog(i) => self.schemas[i].rel.clone(),
            DocId::External(i) => self.externals[i].path.to_string_lossy().replace('\\', "/"),
            DocId::Meta(i) => METAS[i].uri.to_owned(),
        }
    }

    /// The base URI of a document's root.
    pub fn doc_base(&self, doc: DocId) -> &str {
        match doc {
            DocId::Catalog(i) => &self.refs.catalog_bases[i],
            DocId::External(i) => &self.refs.external_bases[i],
            DocId::Meta(i) => METAS[i].uri,
        }
    }

    /// The URI a document is retrieved by (a catalog file's own path URI).
    pub fn doc_uri(&self, doc: DocId) -> String {
        match doc {
            DocId::Catalog(i) => catalog_uri(&self.schemas[i].rel),
            _ => self.doc_base(doc).to_owned(),
        }
    }

    /// The resource at absolute URI `uri` (fragment ignored).
    pub fn resource(&self, uri: &str) -> Option<&Target> {
        self.refs.resource(&normalize(uri)?)
    }

    /// Resolves reference `reference`, written at `pointer` (the pointer of the `$ref`
    /// keyword's value, or `""` for the document root) of document `from`.
    pub fn resolve_at(
        &self,
        from: DocId,
        pointer: &str,
        reference: &str,
    ) -> Result<Target, RefError> {
        let first = self.resolve_against(from, self.doc_base(from), pointer, reference);
        match (first, self.alt_base(from)) {
            (Err(e), Some(alt)) => self
                .resolve_against(from, alt, pointer, reference)
                .map_err(|_| e),
            (r, _) => r,
        }
    }

    fn alt_base(&self, doc: DocId) -> Option<&str> {
        match doc {
            DocId::Catalog(i) => self.refs.catalog_alt_bases.get(i)?.as_deref(),
            _ => None,
        }
    }

    /// The absolute URIs (no fragment) a ref may name: against the root base, and against
    /// the alternative one.
    fn candidate_uris(&self, from: DocId, pointer: &str, reference: &str) -> Vec<String> {
        let value = self.doc_value(from);
        let d = self.dialect(from);
        let mut out = Vec::new();
        for root in std::iter::once(self.doc_base(from)).chain(self.alt_base(from)) {
            if let Some((u, _)) = join(&base_at(value, d, root, pointer), reference) {
                out.push(u);
            }
        }
        out
    }

    fn resolve_against(
        &self,
        from: DocId,
        root_base: &str,
        pointer: &str,
        reference: &str,
    ) -> Result<Target, RefError> {
        let value = self.doc_value(from);
        let base = base_at(value, self.dialect(from), root_base, pointer);
        let Some((uri, frag)) = join(&base, reference) else {
            return Err(RefError::Unsupported(format!(
                "\"{reference}\" is not a valid URI reference"
            )));
        };
        let Some(res) = self.refs.resource(&uri) else {
            return Err(classify_missing(reference, &uri));
        };
        let target_value = self.doc_value(res.doc);
        if frag.is_empty() {
            return Ok(res.clone());
        }
        let decoded = percent_decode(&frag);
        if decoded.starts_with('/') {
            let p = format!("{}{decoded}", res.pointer);
            if target_value.pointer(&p).is_none() {
                return Err(RefError::BadPointer(reference.to_owned()));
            }
            return Ok(Target {
                doc: res.doc,
                pointer: p,
            });
        }
        self.refs
            .anchor(&uri, &decoded)
            .cloned()
            .ok_or_else(|| RefError::BadPointer(reference.to_owned()))
    }

    /// Checks every reference of document `doc` and of the documents it reaches; the first
    /// that does not resolve is the error.
    pub fn check_refs_of(&self, doc: DocId) -> Result<Vec<DocId>, BundleError> {
        let mut pending = vec![doc];
        let mut seen = BTreeSet::from([doc]);
        while let Some(d) = pending.pop() {
            if matches!(d, DocId::Meta(_)) {
                continue;
            }
            for (pointer, reference) in collect_refs_in(self.doc_value(d), self.dialect(d)) {
                let target = self
                    .resolve_at(d, &pointer, &reference)
                    .map_err(|error| self.ref_error(d, &pointer, error))?;
                if seen.insert(target.doc) {
                    pending.push(target.doc);
                }
            }
        }
        Ok(seen.into_iter().collect())
    }

    /// A ref error located in its file.
    pub fn ref_error(&self, doc: DocId, pointer: &str, error: RefError) -> BundleError {
        match self.doc_file(doc) {
            Some(f) => BundleError {
                file: f.path.clone(),
                position: f.spans.locate(pointer),
                pointer: pointer.to_owned(),
                error,
            },
            None => BundleError {
                file: PathBuf::from(self.doc_label(doc)),
                position: Position { line: 1, column: 1 },
                pointer: pointer.to_owned(),
                error,
            },
        }
    }

    /// Rebuilds the reference index over the catalog's files and externals.
    pub(crate) fn reindex(&mut self) {
        let mut ix = RefIndex::default();
        for (i, s) in self.schemas.iter().enumerate() {
            let own = catalog_uri(&s.rel);
            let (base, alt) = root_bases(&s.value, &own);
            if let Some(a) = &alt {
                ix.resources.entry(a.clone()).or_insert(Target {
                    doc: DocId::Catalog(i),
                    pointer: String::new(),
                });
            }
            ix.catalog_alt_bases.push(alt);
            ix.resources.insert(
                own.clone(),
                Target {
                    doc: DocId::Catalog(i),
                    pointer: String::new(),
                },
            );
            ix.add_doc(DocId::Catalog(i), &s.value, &base, Draft::of(&s.value));
            ix.catalog_bases.push(base);
        }
        for (i, s) in self.externals.iter().enumerate() {
            let (base, d) = self.external_uris[i].clone();
            ix.add_doc(DocId::External(i), &s.value, &base, d);
            ix.external_bases.push(base);
        }
        self.refs = ix;
    }

    /// Loads the `--resolve` files and every mapped file the catalog's refs reach (and the
    /// files those reach), returning the problems found on the way.
    pub fn attach(&mut self, sources: &RefSources) -> Vec<Problem> {
        let mut problems = Vec::new();
        self.sources = sources.clone();
        for p in &sources.resolve {
            problems.extend(self.load_resolve_path(p));
        }
        self.reindex();
        let starts: Vec<DocId> = (0..self.schemas.len()).map(DocId::Catalog).collect();
        problems.extend(self.grow(&starts, None));
        problems
    }

    fn load_resolve_path(&mut self, path: &Path) -> Vec<Problem> {
        let mut problems = Vec::new();
        let files: Vec<PathBuf> = if path.is_dir() {
            walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.path().to_owned())
                .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("json"))
                .collect()
        } else {
            vec![path.to_owned()]
        };
        for f in files {
            let text = match read_text(&f) {
                Ok(t) => t,
                Err(message) => {
                    problems.push(Problem {
                        file: f.clone(),
                        position: None,
                        message: message.to_string(),
                    });
                    continue;
                }
            };
            let label = f.to_string_lossy().replace('\\', "/");
            match SchemaFile::parse(&label, f.clone(), &text) {
                Ok(s) => {
                    let d = Draft::of(&s.value);
                    let id = s
                        .value
                        .as_object()
                        .and_then(|m| node_id(m, d))
                        .and_then(|id| join(CATALOG_BASE, id))
                        .map(|(u, _)| u);
                    match id {
                        Some(uri) if !uri.starts_with(CATALOG_BASE) => {
                            self.externals.push(s);
                            self.external_uris.push((uri, d));
                        }
                        _ => {
                            if !path.is_dir() {
                                problems.push(Problem {
                                    file: f.clone(),
                                    position: None,
                                    message: "has no absolute $id to be resolved by (--resolve indexes files by their $id)".to_owned(),
                                });
                            }
                        }
                    }
                }
                Err(p) => problems.push(p),
            }
        }
        problems
    }

    /// Follows the refs of `starts`, loading the catalog files (from `dir`, when the catalog
    /// is read lazily) and mapped files they reach. Returns the problems of files it loaded.
    pub(crate) fn grow(&mut self, starts: &[DocId], dir: Option<&Path>) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut seen: BTreeSet<DocId> = starts.iter().copied().collect();
        let mut pending: Vec<DocId> = starts.to_vec();
        let mut tried: BTreeSet<String> = BTreeSet::new();
        let mut scanned = false;
        loop {
            let mut missing: Vec<(String, Draft)> = Vec::new();
            // a ref (not a `$schema`) is unresolved: worth indexing the folder for
            let mut ref_missing = false;
            while let Some(d) = pending.pop() {
                if matches!(d, DocId::Meta(_)) {
                    continue;
                }
                let mut refs = collect_refs_in(self.doc_value(d), self.dialect(d));
                // a custom metaschema the catalog can serve is loaded like a ref target
                if let Some(meta) = self.doc_value(d).get("$schema").and_then(Value::as_str) {
                    if normalize(meta).is_some_and(|n| !is_metaschema(&n)) {
                        refs.push(("/$schema".to_owned(), meta.to_owned()));
                    }
                }
                for (pointer, reference) in refs {
                    match self.resolve_at(d, &pointer, &reference) {
                        Ok(t) => {
                            if seen.insert(t.doc) {
                                pending.push(t.doc);
                            }
                        }
                        Err(_) => {
                            ref_missing |= pointer != "/$schema";
                            for uri in self.candidate_uris(d, &pointer, &reference) {
                                if tried.insert(uri.clone()) {
                                    missing.push((uri, self.dialect(d)));
                                }
                            }
                        }
                    }
                }
            }
            if missing.is_empty() {
                break;
            }
            let mut loaded = false;
            for (uri, referrer) in &missing {
                if let Some(rel) = uri.strip_prefix(CATALOG_BASE) {
                    if let Some(dir) = dir {
                        let rel = percent_decode(rel);
                        if self.index_of(&rel).is_none() && safe_rel(&rel) {
                            let path = dir.join(&rel);
                            if path.is_file() && inside(dir, &path) {
                                match read_text(&path)
                                    .map_err(|message| Problem {
                                        file: path.clone(),
                                        position: None,
                                        message: message.to_string(),
                                    })
                                    .and_then(|t| SchemaFile::parse(&rel, path.clone(), &t))
                                {
                                    Ok(s) => {
                                        self.add_schema(s);
                                        loaded = true;
                                    }
                                    Err(p) => problems.push(p),
                                }
                            }
                        }
                    }
                    continue;
                }
                if self.external_uris.iter().any(|(u, _)| u == uri) {
                    continue;
                }
                if let Some((path, file_uri)) = self.mapped_file(uri) {
                    let label = path.to_string_lossy().replace('\\', "/");
                    match read_text(&path)
                        .map_err(|message| Problem {
                            file: path.clone(),
                            position: None,
                            message: message.to_string(),
                        })
                        .and_then(|t| SchemaFile::parse(&label, path.clone(), &t))
                    {
                        Ok(s) => {
                            let d = Draft::named(&s.value).unwrap_or(*referrer);
                            self.externals.push(s);
                            self.external_uris.push((file_uri, d));
                            loaded = true;
                        }
                        Err(p) => problems.push(p),
                    }
                }
            }
            if !loaded {
                // a ref by `$id` the lazily read files do not have: index the whole folder once
                let Some(dir) = dir.filter(|_| !scanned && ref_missing) else {
                    break;
                };
                scanned = true;
                if let Ok((all, _)) = Catalog::load_with(dir, LoadOptions { tolerant: true }) {
                    for s in all.schemas {
                        if self.index_of(&s.rel).is_none() {
                            self.add_schema(s);
                            loaded = true;
                        }
                    }
                }
                if !loaded {
                    break;
                }
            }
            self.reindex();
            tried.clear();
            // everything seen so far is looked at again: new files can resolve old refs
            pending = seen.iter().copied().collect();
        }
        self.reindex();
        problems
    }

    fn add_schema(&mut self, s: SchemaFile) {
        let mut schemas = std::mem::take(&mut self.schemas);
        schemas.push(s);
        schemas.sort_by(|a, b| a.rel.cmp(&b.rel));
        let externals = std::mem::take(&mut self.externals);
        let external_uris = std::mem::take(&mut self.external_uris);
        let sources = std::mem::take(&mut self.sources);
        let (mut c, _) = Catalog::from_schemas(self.root.clone(), schemas);
        c.externals = externals;
        c.external_uris = external_uris;
        c.sources = sources;
        *self = c;
    }

    /// The file a `--map` prefix gives for `uri`, with the URI it is known by.
    fn mapped_file(&self, uri: &str) -> Option<(PathBuf, String)> {
        let mut maps: Vec<&(String, PathBuf)> = self.sources.maps.iter().collect();
        maps.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        for (prefix, dir) in maps {
            let prefix = normalize(prefix).unwrap_or_else(|| prefix.clone());
            let Some(rest) = uri.strip_prefix(prefix.as_str()) else {
                continue;
            };
            let rel = percent_decode(rest);
            if rel.is_empty() || !safe_rel(&rel) {
                continue;
            }
            let path = dir.join(&rel);
            if path.is_file() && inside(dir, &path) {
                return Some((path, uri.to_owned()));
            }
        }
        None
    }

    /// A copy of document `doc` at `pointer` as a standalone schema: its root `$id` made
    /// absolute, and its draft's `$schema` kept when it is a subschema.
    pub fn standalone(&self, doc: DocId, pointer: &str) -> Option<Value> {
        let value = self.doc_value(doc);
        let d = self.dialect(doc);
        let mut out = value.pointer(pointer)?.clone();
        if let Value::Object(m) = &mut out {
            if !m.contains_key("$schema") {
                let named = value.get("$schema").cloned();
                let schema = named.unwrap_or_else(|| Value::String(d.uri().to_owned()));
                m.insert("$schema".to_owned(), schema);
            }
            if pointer.is_empty() {
                let kw = if d == Draft::D4 { "id" } else { "$id" };
                if node_id(m, d).is_some() {
                    let base = self.doc_base(doc).to_owned();
                    m.insert(kw.to_owned(), Value::String(base));
                }
            }
        }
        if pointer.is_empty() {
            if let Some(alt) = self.alt_base(doc) {
                // refs that resolve only against the catalog-root reading of the `$id` are
                // written out absolute, so that the validator resolves them the same way
                for (at, reference) in collect_refs_in(value, d) {
                    if self
                        .resolve_against(doc, self.doc_base(doc), &at, &reference)
                        .is_ok()
                    {
                        continue;
                    }
                    let base = base_at(value, d, alt, &at);
                    if let (Some((u, f)), Some(slot)) =
                        (join(&base, &reference), out.pointer_mut(&at))
                    {
                        *slot = Value::String(if f.is_empty() { u } else { format!("{u}#{f}") });
                    }
                }
            }
        }
        Some(out)
    }

    /// `uri#fragment` (an absolute keyword location) as `file#/pointer`, or a bare pointer
    /// when it lies in document `root`.
    pub fn describe_location(&self, root: DocId, location: &str) -> Option<String> {
        let (uri, frag) = location.split_once('#').unwrap_or((location, ""));
        let res = self.resource(uri)?;
        let pointer = format!("{}{}", res.pointer, percent_decode(frag));
        Some(if res.doc == root {
            pointer
        } else {
            format!("{}#{pointer}", self.doc_label(res.doc))
        })
    }
}

/// A JSON pointer as a URI fragment (`#` excluded).
pub fn encode_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for b in pointer.bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@?".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Catalog {
    fn bundle_key_of(&self, doc: DocId) -> String {
        crate::catalog::bundle_key(&self.doc_label(doc))
    }

    /// See [`Catalog::bundle`].
    pub(crate) fn bundle_doc(&self, index: usize) -> Result<Value, BundleError> {
        let root = DocId::Catalog(index);
        let mut embedded: Vec<(DocId, Value)> = Vec::new();
        let mut pending = vec![root];
        let mut seen = BTreeSet::from([root]);
        let mut out = Value::Null;
        while let Some(d) = pending.pop() {
            let mut copy = self.doc_value(d).clone();
            let mut reached = Vec::new();
            self.rewrite(d, root, &mut copy, &mut String::new(), &mut reached, 0)
                .map_err(|(pointer, error)| self.ref_error(d, &pointer, error))?;
            for r in reached {
                if seen.insert(r) {
                    pending.push(r);
                }
            }
            if d == root {
                out = copy;
            } else {
                if let Value::Object(map) = &mut copy {
                    map.remove("$id");
                    map.remove("id");
                    map.remove("$schema");
                }
                embedded.push((d, copy));
            }
        }
        if !embedded.is_empty() {
            let Value::Object(map) = &mut out else {
                return Err(BundleError {
                    file: self.schemas[index].path.clone(),
                    position: Position { line: 1, column: 1 },
                    pointer: String::new(),
                    error: RefError::Unsupported(
                        "a boolean schema cannot reference other files".to_owned(),
                    ),
                });
            };
            let defs = map
                .entry("definitions")
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(defs) = defs else {
                return Err(BundleError {
                    file: self.schemas[index].path.clone(),
                    position: self.schemas[index].spans.locate("/definitions"),
                    pointer: "/definitions".to_owned(),
                    error: RefError::Unsupported("\"definitions\" is not an object".to_owned()),
                });
            };
            embedded.sort_by_key(|e| e.0);
            for (d, v) in embedded {
                defs.insert(self.bundle_key_of(d), v);
            }
        }
        Ok(out)
    }

    /// Rewrites the refs of `v` (document `doc` at `ptr`) to document pointers of the bundle
    /// rooted at `root`, dropping embedded `$id`s; collects the documents reached.
    fn rewrite(
        &self,
        doc: DocId,
        root: DocId,
        v: &mut Value,
        ptr: &mut String,
        reached: &mut Vec<DocId>,
        depth: usize,
    ) -> Result<(), (String, RefError)> {
        if depth > 512 {
            return Ok(());
        }
        let d = self.dialect(doc);
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if is_data(k) {
                        continue;
                    }
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&crate::pointer::escape(k));
                    if k == "$ref" {
                        if let Value::String(r) = x {
                            let t = self.resolve_at(doc, ptr, r).map_err(|e| (ptr.clone(), e))?;
                            *r = match t.doc {
                                // 2019-09 and 2020-12 metaschemas use dynamic refs, which a
                                // bundle cannot rewrite: they stay by URI (built in)
                                DocId::Meta(i) if Draft::of(METAS[i].value) >= Draft::D2019 => {
                                    format!("{}#{}", METAS[i].uri, encode_fragment(&t.pointer))
                                }
                                td if td == root => format!("#{}", encode_fragment(&t.pointer)),
                                td => {
                                    reached.push(td);
                                    format!(
                                        "#/definitions/{}{}",
                                        encode_fragment(&crate::pointer::escape(
                                            &self.bundle_key_of(td)
                                        )),
                                        encode_fragment(&t.pointer)
                                    )
                                }
                            };
                        }
                    } else {
                        self.rewrite(doc, root, x, ptr, reached, depth + 1)?;
                    }
                    ptr.truncate(len);
                }
                if !ptr.is_empty() && node_id(m, d).is_some() {
                    m.shift_remove(if d == Draft::D4 { "id" } else { "$id" });
                }
                Ok(())
            }
            Value::Array(a) => {
                for (i, x) in a.iter_mut().enumerate() {
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&i.to_string());
                    self.rewrite(doc, root, x, ptr, reached, depth + 1)?;
                    ptr.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

impl Catalog {
    /// The catalog of `root` as one schema file sees it, read lazily: `file` and the files its
    /// refs reach, nothing else (unless a ref by `$id` names none of them: then the folder is
    /// indexed once). `file` may lie outside `root`; then it is read as if it sat at the root.
    /// Returns the catalog and the index of `file` in it.
    pub fn load_reachable(
        root: &Path,
        file: &Path,
        sources: &RefSources,
    ) -> Result<(Catalog, usize), crate::catalog::LoadError> {
        let fail = |message: String| crate::catalog::LoadError {
            root: file.to_owned(),
            problems: vec![Problem {
                file: file.to_owned(),
                position: None,
                message,
            }],
        };
        if file.is_dir() {
            return Err(fail("is a directory, not a schema file".to_owned()));
        }
        let text = read_text(file).map_err(|e| fail(e.to_string()))?;
        let rel = match (root.canonicalize(), file.canonicalize()) {
            (Ok(r), Ok(f)) if f.starts_with(&r) => f
                .strip_prefix(&r)
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default(),
            _ => String::new(),
        };
        let rel = if rel.is_empty() {
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "schema.json".to_owned())
        } else {
            rel
        };
        let own = SchemaFile::parse(&rel, file.to_owned(), &text).map_err(|p| {
            crate::catalog::LoadError {
                root: file.to_owned(),
                problems: vec![p],
            }
        })?;
        let (mut catalog, _) = Catalog::from_schemas(root.to_owned(), vec![own]);
        let mut problems = Vec::new();
        catalog.sources = sources.clone();
        for p in &sources.resolve {
            problems.extend(catalog.load_resolve_path(p));
        }
        catalog.reindex();
        let start = catalog
            .index_of(&rel)
            .ok_or_else(|| fail("not loaded".to_owned()))?;
        let dir = root.is_dir().then_some(root);
        problems.extend(catalog.grow(&[DocId::Catalog(start)], dir));
        if !problems.is_empty() {
            return Err(crate::catalog::LoadError {
                root: root.to_owned(),
                problems,
            });
        }
        let index = catalog
            .index_of(&rel)
            .ok_or_else(|| fail("not loaded".to_owned()))?;
        Ok((catalog, index))
    }
}

impl Catalog {
    /// A chain of `$ref`s, from document `doc` or a document it reaches, that leads back to
    /// itself without descending into the instance (`a.json` → `b.json` → `a.json`): no
    /// instance can be decided against it. Returns the raw refs of the chain.
    pub fn ref_cycle(&self, doc: DocId) -> Option<Vec<String>> {
        let docs = self.check_refs_of(doc).ok()?;
        for d in docs {
            if matches!(d, DocId::Meta(_)) {
                continue;
            }
            for (pointer, reference) in collect_refs_in(self.doc_value(d), self.dialect(d)) {
                if !pointer.ends_with("/$ref") {
                    continue;
                }
                let mut chain = vec![reference.clone()];
                let mut seen = vec![(d, pointer.clone())];
                let (mut at_doc, mut at_ptr, mut r) = (d, pointer, reference);
                while let Ok(t) = self.resolve_at(at_doc, &at_ptr, &r) {
                    let Some(next) = self
                        .doc_value(t.doc)
                        .pointer(&t.pointer)
                        .and_then(|v| v.get("$ref"))
                        .and_then(Value::as_str)
                    else {
                        break;
                    };
                    let next_ptr = format!("{}/$ref", t.pointer);
                    chain.push(next.to_owned());
                    if seen.contains(&(t.doc, next_ptr.clone())) {
                        return Some(chain);
                    }
                    if seen.len() > 64 {
                        break;
                    }
                    seen.push((t.doc, next_ptr.clone()));
                    (at_doc, at_ptr, r) = (t.doc, next_ptr, next.to_owned());
                }
            }
        }
        None
    }
}

/// The message for a reference no document answers.
fn classify_missing(reference: &str, uri: &str) -> RefError {
    let doc = reference.split('#').next().unwrap_or("");
    let scheme = doc
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.is_empty() && !s.contains(['/', '?', '#']));
    match scheme.map(str::to_ascii_lowercase).as_deref() {
        Some("http") | Some("https") => return RefError::Remote(doc.to_owned()),
        Some("file") => return RefError::FileUrl(doc.to_owned()),
        _ => {}
    }
    if doc.starts_with('/') || doc.starts_with('\\') {
        if uri.starts_with("file:") {
            return RefError::Absolute(doc.to_owned());
        }
    } else if uri.starts_with("file:") && !uri.starts_with(CATALOG_BASE) {
        return RefError::Escapes(doc.to_owned());
    }
    if uri.starts_with("http:") || uri.starts_with("https:") {
        return RefError::Remote(reference.to_owned());
    }
    if doc.is_empty() {
        return RefError::BadPointer(reference.to_owned());
    }
    RefError::NotFound(doc.to_owned())
}

/// A relative path with no `..`, root or prefix component.
fn safe_rel(rel: &str) -> bool {
    Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// `path` (an existing file) is inside `dir` once symbolic links are followed.
fn inside(dir: &Path, path: &Path) -> bool {
    match (dir.canonicalize(), path.canonicalize()) {
        (Ok(d), Ok(p)) => p.starts_with(d),
        _ => false,
    }
}

/// A `Retrieve` for jsonschema that serves the documents of one catalog and nothing else:
/// catalog files by their URI and `$id`s (embedded ones too), mapped and `--resolve` files.
/// Metaschemas are built into jsonschema and never asked for.
pub struct CatalogRetriever {
    pub catalog: Arc<Catalog>,
}

impl jsonschema::Retrieve for CatalogRetriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let res = self
            .catalog
            .resource(uri.as_str())
            .ok_or_else(|| format!("{} is not a schema of the catalog", uri.as_str()))?;
        self.catalog
            .standalone(res.doc, &res.pointer)
            .ok_or_else(|| format!("{} points to nothing", uri.as_str()).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cat(files: Vec<(&str, Value)>) -> Catalog {
        Catalog::of_values(&files).0
    }

    #[test]
    fn id_keyed_refs_into_a_shared_folder() {
        let c = cat(vec![
            (
                "common/user.schema.json",
                json!({"$id": "common/user.schema.json", "type": "object"}),
            ),
            (
                "push/event.schema.json",
                json!({"$id": "push$event", "properties": {"u": {"$ref": "common/user.schema.json"}}}),
            ),
        ]);
        let t = c
            .resolve_at(
                DocId::Catalog(1),
                "/properties/u/$ref",
                "common/user.schema.json",
            )
            .unwrap();
        assert_eq!(t.doc, DocId::Catalog(0));
    }

    #[test]
    fn embedded_ids_anchors_and_metaschemas() {
        let c = cat(vec![(
            "a.json",
            json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "https://example.com/root.json",
                "$defs": {
                    "inner": {"$id": "inner/x.json", "$defs": {"n": {"$anchor": "num", "type": "number"}},
                              "properties": {"a": {"$ref": "#num"}, "b": {"$ref": "../root.json#/$defs/s"}}},
                    "s": {"type": "string"}
                },
                "properties": {"m": {"$ref": "http://json-schema.org/draft-07/schema#/definitions/nonNegativeInteger"},
                               "e": {"$ref": "https://example.com/inner/x.json#num"},
                               "p": {"$ref": "#/$defs/%73"}}
            }),
        )]);
        let d = DocId::Catalog(0);
        let a = c
            .resolve_at(d, "/$defs/inner/properties/a/$ref", "#num")
            .unwrap();
        assert_eq!(a.pointer, "/$defs/inner/$defs/n");
        let b = c
            .resolve_at(d, "/$defs/inner/properties/b/$ref", "../root.json#/$defs/s")
            .unwrap();
        assert_eq!(b.pointer, "/$defs/s");
        let m = c
            .resolve_at(
                d,
                "/properties/m/$ref",
                "http://json-schema.org/draft-07/schema#/definitions/nonNegativeInteger",
            )
            .unwrap();
        assert!(matches!(m.doc, DocId::Meta(_)));
        let e = c
            .resolve_at(
                d,
                "/properties/e/$ref",
                "https://example.com/inner/x.json#num",
            )
            .unwrap();
        assert_eq!(e.pointer, "/$defs/inner/$defs/n");
        assert_eq!(
            c.resolve_at(d, "/properties/p/$ref", "#/$defs/%73")
                .unwrap()
                .pointer,
            "/$defs/s"
        );
        assert!(matches!(
            c.resolve_at(d, "/properties/m/$ref", "https://example.com/other.json"),
            Err(RefError::Remote(_))
        ));
        assert!(matches!(
            c.resolve_at(d, "/properties/m/$ref", "#nope"),
            Err(RefError::BadPointer(_))
        ));
    }

    #[test]
    fn escapes_and_absolute_paths_keep_their_messages() {
        let c = cat(vec![("sns_topics/a.json", json!({}))]);
        let d = DocId::Catalog(0);
        assert_eq!(
            c.resolve_at(d, "", "../../etc/passwd"),
            Err(RefError::Escapes("../../etc/passwd".into()))
        );
        assert_eq!(
            c.resolve_at(d, "", "/etc/passwd"),
            Err(RefError::Absolute("/etc/passwd".into()))
        );
        assert!(matches!(
            c.resolve_at(d, "", "file:///etc/passwd"),
            Err(RefError::FileUrl(_))
        ));
        assert!(matches!(
            c.resolve_at(d, "", "missing.json"),
            Err(RefError::NotFound(_))
        ));
    }

    #[test]
    fn draft4_ids_and_ids_beside_ref() {
        let c = cat(vec![(
            "a.json",
            json!({
                "$schema": "http://json-schema.org/draft-04/schema#",
                "definitions": {"r": {"id": "r.json", "definitions": {"m": {}}}},
                "properties": {"x": {"$ref": "r.json#/definitions/m"}}
            }),
        )]);
        let t = c
            .resolve_at(
                DocId::Catalog(0),
                "/properties/x/$ref",
                "r.json#/definitions/m",
            )
            .unwrap();
        assert_eq!(t.pointer, "/definitions/r/definitions/m");
        let c = cat(vec![(
            "a.json",
            json!({"definitions": {"m": {}}, "properties": {"a": {"$id": "elsewhere/x.json", "$ref": "#/definitions/m"}}}),
        )]);
        let t = c
            .resolve_at(DocId::Catalog(0), "/properties/a/$ref", "#/definitions/m")
            .unwrap();
        assert_eq!(t.pointer, "/definitions/m");
    }
}
