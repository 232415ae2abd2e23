//! `evschema lint`: a registry of rules ([`registry::RULES`]) run over a catalog.
//!
//! The engine is pure: it takes file texts, returns sorted [`Finding`]s. Reading files,
//! configuration and printing live in `cmd/lint.rs` and `diag/render`.

pub mod fix;
pub mod registry;
pub mod rules;
pub mod subscriptions;
pub mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::catalog::{Catalog, SchemaFile};
use crate::diag::{sort_findings, Finding, Severity};
use crate::spans::{Position, SpanMap};
use registry::{Check, Rule, RULES};

/// Compiled regexes shared by every validator lint builds (patterns repeat across files).
pub fn pattern_cache() -> jsonschema::PatternCache {
    static CACHE: std::sync::OnceLock<jsonschema::PatternCache> = std::sync::OnceLock::new();
    CACHE.get_or_init(jsonschema::PatternCache::new).clone()
}

/// A JSON Schema (ECMA-262) pattern compiled with the `regex` crate, cached per process
/// (catalogs repeat their patterns); `None` when it does not translate.
pub fn rust_regex(pattern: &str) -> Option<regex::Regex> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static CACHE: std::sync::OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> =
        std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(pattern).cloned()) {
        return hit;
    }
    let compiled = jsonschema_regex::to_rust_regex(pattern)
        .ok()
        .and_then(|r| regex::Regex::new(&r).ok());
    if let Ok(mut c) = cache.lock() {
        c.insert(pattern.to_owned(), compiled.clone());
    }
    compiled
}

/// Compiles a self-contained schema as `validate` does (formats asserted, draft-07 unless
/// `$schema` says otherwise), sharing compiled patterns.
pub fn compile(schema: &Value) -> Result<jsonschema::Validator, crate::validator::SchemaError> {
    compile_with(schema, None)
}

/// [`compile`], with `$ref`s also resolved in a prepared registry.
pub fn compile_with(
    schema: &Value,
    registry: Option<&jsonschema::Registry<'_>>,
) -> Result<jsonschema::Validator, crate::validator::SchemaError> {
    let mut options = crate::validator::options(schema, true)?.with_pattern_cache(pattern_cache());
    if let Some(r) = registry {
        options = options.with_registry(r);
    }
    options
        .build(schema)
        .map_err(crate::validator::SchemaError::invalid)
}
use walk::{Draft, Node};

/// One file to lint: its catalog-relative path, the path to show, and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub rel: String,
    pub path: PathBuf,
    pub text: String,
}

/// Which rule families run (`[lint] preset`, `--preset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// `event-contracts` where the catalog declares or follows a channel layout, else
    /// `recommended`.
    #[default]
    Auto,
    /// Validity and consistency rules, duplicate `$id`s and unused definitions: for
    /// catalogs that are not event contracts (SchemaStore, a vendor's payload schemas).
    Recommended,
    /// Every rule: envelope, versions, titles, channel folders and file names too.
    EventContracts,
}

impl Preset {
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Auto => "auto",
            Preset::Recommended => "recommended",
            Preset::EventContracts => "event-contracts",
        }
    }

    /// Whether `rule` belongs to the `recommended` set.
    pub fn recommended(rule: &Rule) -> bool {
        matches!(
            rule.family,
            registry::Family::Validity | registry::Family::Consistency
        ) || matches!(rule.code, "E302" | "W305")
    }
}

/// Where a catalog keeps its event schemas (`[catalog]` of evschema.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Channel folders, top-level folders of the catalog holding event schemas.
    pub channels: Vec<String>,
    /// The folder of shared definitions.
    pub common: String,
    /// The configuration names the channels: layout rules apply to every file. Otherwise
    /// they apply only when the catalog follows the layout (a top-level channel folder).
    pub declared: bool,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            channels: crate::catalog::CHANNELS
                .iter()
                .map(|c| c.to_string())
                .collect(),
            common: crate::catalog::COMMON.to_owned(),
            declared: false,
        }
    }
}

impl Layout {
    /// The channel folder of a catalog-relative path, if it sits in one.
    pub fn channel_of(&self, rel: &str) -> Option<String> {
        let (first, _) = rel.split_once('/')?;
        self.channels
            .iter()
            .any(|c| c == first)
            .then(|| first.to_owned())
    }

    /// True when some file of the catalog sits in a channel folder.
    pub fn followed_by<'a>(&self, rels: impl IntoIterator<Item = &'a str>) -> bool {
        rels.into_iter().any(|r| self.channel_of(r).is_some())
    }
}

/// A team's own rule (`[[lint.custom]]`): a JSON Schema each (sub)schema must satisfy.
pub struct CustomRule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub validator: jsonschema::Validator,
}

/// How a run lints: the layout, the preset, the custom rules.
#[derive(Default)]
pub struct Settings {
    pub layout: Layout,
    pub preset: Preset,
    pub custom: Vec<CustomRule>,
    /// Today's date (`YYYY-MM-DD`, UTC) for date rules (`x-sunset`); none: they stay silent.
    pub today: Option<String>,
    /// The envelope subscription filters see (EventBridge `source`, routing keys).
    pub envelope: crate::subscriptions::matcher::EnvelopeSpec,
}

/// The files of one catalog (or one stand-alone file) to lint together.
#[derive(Debug, Clone)]
pub struct Input {
    pub root: PathBuf,
    /// False when a single file is linted without a catalog around it: the catalog layout
    /// rules (channel folders, unreferenced files, file names) then do not apply.
    pub is_catalog: bool,
    pub sources: Vec<Source>,
}

/// Decides the severity of each rule for each file (`None`: the rule is off there).
pub trait Policy {
    fn severity(&self, rule: &Rule, file: &Path) -> Option<Severity>;
    /// True when the configuration sets the rule's level for this file itself: a preset
    /// then does not turn it off.
    fn explicit(&self, _rule: &Rule, _file: &Path) -> bool {
        false
    }
}

/// The registry defaults: every rule enabled by default at its default severity.
pub struct Defaults;

impl Policy for Defaults {
    fn severity(&self, rule: &Rule, _: &Path) -> Option<Severity> {
        rule.enabled_by_default.then_some(rule.severity)
    }
}

/// Per-file analysis shared by the rules.
pub struct FileCx<'a> {
    pub index: usize,
    pub layout: &'a Layout,
    pub file: &'a SchemaFile,
    pub catalog: &'a Catalog,
    pub draft: Draft,
    /// How `$schema` named the draft (a custom metaschema the catalog serves counts).
    pub declared: crate::draft::Declared,
    pub nodes: Vec<Node<'a>>,
    pub is_catalog: bool,
    /// The layout rules apply (see [`Cx::layout_active`]).
    pub layout_active: bool,
}

impl FileCx<'_> {
    /// The root schema object, if the document is an object.
    pub fn root(&self) -> Option<&serde_json::Map<String, Value>> {
        self.file.value.as_object()
    }
}

/// Everything the catalog-wide rules see.
pub struct Cx<'a> {
    pub catalog: &'a Catalog,
    pub layout: &'a Layout,
    /// The layout rules apply: declared, or followed by this catalog.
    pub layout_active: bool,
    pub files: Vec<FileCx<'a>>,
    pub is_catalog: bool,
    /// Today's date, when the caller gave one.
    pub today: Option<&'a str>,
}

/// A finding before it gets its code and position.
#[derive(Debug, Clone)]
pub struct Hit {
    pub file: usize,
    pub pointer: String,
    /// Point at the member's key (a keyword) rather than its value.
    pub at_key: bool,
    pub message: String,
    pub help: String,
}

/// Where rules put their hits.
pub struct Out {
    pub file: usize,
    pub hits: Vec<Hit>,
}

impl Out {
    /// A hit at the key of the member at `pointer` (falls back to the value).
    pub fn key(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.push(pointer, true, message, help);
    }

    /// A hit at the value at `pointer`.
    pub fn value(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.push(pointer, false, message, help);
    }

    fn push(
        &mut self,
        pointer: &str,
        at_key: bool,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.hits.push(Hit {
            file: self.file,
            pointer: pointer.to_owned(),
            at_key,
            message: message.into(),
            help: help.into(),
        });
    }
}

/// The outcome of linting one input.
pub struct Report {
    pub findings: Vec<Finding>,
    /// Files looked at (parsed or not).
    pub files: usize,
    /// The parsed files (the catalog around the linted files), for fixes and excerpts.
    pub catalog: Catalog,
    /// Display path → index in `catalog.schemas`.
    pub by_path: BTreeMap<String, usize>,
    /// The files the user asked about (display paths), with or without findings.
    pub linted: Vec<String>,
    /// Texts of files that are not valid JSON, by display path (source excerpts).
    pub unparsed: BTreeMap<String, String>,
}

/// The path as printed in findings: `/` separators.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Lints the files of one input. `only`: report findings for these display paths only
/// (single files linted in the context of their catalog); `None` reports all.
pub fn lint(
    input: &Input,
    policy: &dyn Policy,
    settings: &Settings,
    only: Option<&BTreeSet<String>>,
) -> Report {
    lint_with(
        input,
        policy,
        settings,
        only,
        &crate::refs::RefSources::default(),
    )
}

/// [`lint`], with refs also served from mapped folders and `--resolve` files.
pub fn lint_with(
    input: &Input,
    policy: &dyn Policy,
    settings: &Settings,
    only: Option<&BTreeSet<String>>,
    refs: &crate::refs::RefSources,
) -> Report {
    let layout = &settings.layout;
    let mut findings = Vec::new();
    let mut schemas = Vec::new();
    let mut unparsed = BTreeMap::new();
    let e001 = registry::rule("E001");
    // Parsing (with spans) is the biggest serial cost: spread it over the cores too.
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .clamp(1, input.sources.len().max(1));
    let parsed: Vec<(usize, Result<SchemaFile, crate::catalog::Problem>)> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    scope.spawn(move || {
                        input
                            .sources
                            .iter()
                            .enumerate()
                            .skip(w)
                            .step_by(workers)
                            // subscription files are not schemas: linted below
                            .filter(|(_, s)| {
                                !(input.is_catalog && subscriptions::is_subscription(&s.rel))
                            })
                            .map(|(i, s)| (i, SchemaFile::parse(&s.rel, s.path.clone(), &s.text)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
    let mut parsed = parsed;
    parsed.sort_by_key(|(i, _)| *i);
    for (i, result) in parsed {
        let s = &input.sources[i];
        match result {
            Ok(mut f) => {
                f.channel = layout.channel_of(&f.rel);
                schemas.push(f)
            }
            Err(problem) => {
                let shown = display_path(&s.path);
                if let Some(sev) = e001.and_then(|r| policy.severity(r, &s.path)) {
                    let pos = problem.position.unwrap_or(Position { line: 1, column: 1 });
                    findings.push(Finding {
                        file: shown.clone(),
                        line: pos.line,
                        column: pos.column,
                        code: "E001",
                        name: "invalid-json",
                        severity: sev,
                        pointer: String::new(),
                        message: problem.message.clone(),
                        help:
                            "fix the JSON syntax; no other rule can check this file until it parses"
                                .to_owned(),
                    });
                }
                unparsed.insert(shown, s.text.clone());
            }
        }
    }
    schemas.sort_by(|a, b| a.rel.cmp(&b.rel));
    let (mut catalog, _problems) = Catalog::from_schemas(input.root.clone(), schemas);
    // a mapped file that cannot be read leaves its refs unresolved: E007 names them
    let _ = catalog.attach(refs);
    let layout_active = input.is_catalog
        && (layout.declared || layout.followed_by(catalog.schemas.iter().map(|s| s.rel.as_str())));
    let files: Vec<FileCx<'_>> = catalog
        .schemas
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let crate::draft::Detected { draft, declared } =
                catalog.detect(crate::refs::DocId::Catalog(index));
            FileCx {
                index,
                layout,
                file,
                catalog: &catalog,
                draft,
                declared,
                nodes: walk::walk(&file.value),
                is_catalog: input.is_catalog,
                layout_active,
            }
        })
        .collect();
    let cx = Cx {
        catalog: &catalog,
        layout,
        layout_active,
        files,
        is_catalog: input.is_catalog,
        today: settings.today.as_deref(),
    };
    let suppressions: Vec<Vec<(String, Vec<String>)>> = catalog
        .schemas
        .iter()
        .map(|s| suppressions_of(&s.value))
        .collect();
    // severities[rule][file]; a file outside `only` runs no per-file rule at all.
    let wanted: Vec<bool> = catalog
        .schemas
        .iter()
        .map(|s| only.is_none_or(|o| o.contains(&display_path(&s.path))))
        .collect();
    // The preset: under `auto`, rules beyond `recommended` run where the catalog has a
    // layout, and on files that name event types.
    let in_preset = |rule: &Rule, s: &SchemaFile| match settings.preset {
        Preset::EventContracts => true,
        Preset::Recommended => Preset::recommended(rule),
        Preset::Auto => Preset::recommended(rule) || layout_active || s.is_event_schema(),
    };
    let severities: Vec<Vec<Option<Severity>>> = RULES
        .iter()
        .map(|rule| {
            catalog
                .schemas
                .iter()
                .map(|s| {
                    if in_preset(rule, s) || policy.explicit(rule, &s.path) {
                        policy.severity(rule, &s.path)
                    } else {
                        None
                    }
                })
                .collect()
        })
        .collect();
    let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); RULES.len()];
    // Per-file rules, files spread over the cores.
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .clamp(1, cx.files.len().max(1));
    let per_worker: Vec<Vec<(usize, Hit)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (cx, severities, wanted) = (&cx, &severities, &wanted);
                scope.spawn(move || {
                    let mut found = Vec::new();
                    for (i, fcx) in cx.files.iter().enumerate().skip(w).step_by(workers) {
                        if !wanted[i] {
                            continue;
                        }
                        for (ri, rule) in RULES.iter().enumerate() {
                            let Check::File(f) = rule.check else { continue };
                            if severities[ri][i].is_none() {
                                continue;
                            }
                            let mut out = Out {
                                file: i,
                                hits: Vec::new(),
                            };
                            f(fcx, &mut out);
                            found.extend(out.hits.into_iter().map(|h| (ri, h)));
                        }
                    }
                    found
                })
            })
            .collect();
        handles
            .into_iter()
            // A rule that panicked is a bug: fail loudly rather than drop its findings.
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for (ri, hit) in per_worker.into_iter().flatten() {
        hits[ri].push(hit);
    }
    for (ri, rule) in RULES.iter().enumerate() {
        if let Check::Catalog(f) = rule.check {
            if severities[ri].iter().any(Option::is_some) {
                let mut out = Out {
                    file: 0,
                    hits: Vec::new(),
                };
                f(&cx, &mut out);
                hits[ri].extend(out.hits);
            }
        }
    }
    for (ri, rule) in RULES.iter().enumerate() {
        for hit in std::mem::take(&mut hits[ri]) {
            let Some(severity) = severities[ri].get(hit.file).copied().flatten() else {
                continue;
            };
            if suppressed(&suppressions[hit.file], &hit.pointer, rule) {
                continue;
            }
            let file = &catalog.schemas[hit.file];
            let pos = if hit.at_key {
                file.spans.locate_key(&hit.pointer)
            } else {
                file.spans.locate(&hit.pointer)
            };
            findings.push(Finding {
                file: display_path(&file.path),
                line: pos.line,
                column: pos.column,
                code: rule.code,
                name: rule.name,
                severity,
                pointer: hit.pointer,
                message: hit.message,
                help: hit.help,
            });
        }
    }
    if !settings.custom.is_empty() {
        findings.extend(custom_findings(
            &cx,
            &settings.custom,
            &wanted,
            &suppressions,
        ));
    }
    if input.is_catalog {
        let subs: Vec<&Source> = input
            .sources
            .iter()
            .filter(|s| subscriptions::is_subscription(&s.rel))
            .collect();
        if !subs.is_empty() {
            findings.extend(subscriptions::findings(
                &subs,
                &catalog,
                policy,
                &settings.envelope,
            ));
            for s in subs {
                unparsed.insert(display_path(&s.path), s.text.clone());
            }
        }
    }
    if let Some(only) = only {
        findings.retain(|f| only.contains(&f.file));
    }
    sort_findings(&mut findings);
    // Files the user asked about: with `only`, those; else every file of the input.
    let count = only.map_or(input.sources.len(), BTreeSet::len);
    drop(cx);
    let by_path = catalog
        .schemas
        .iter()
        .enumerate()
        .map(|(i, s)| (display_path(&s.path), i))
        .collect();
    let linted = match only {
        Some(o) => o.iter().cloned().collect(),
        None => input
            .sources
            .iter()
            .map(|s| display_path(&s.path))
            .collect(),
    };
    Report {
        findings,
        files: count,
        catalog,
        by_path,
        linted,
        unparsed,
    }
}

/// Findings of the custom rules: every subschema of every wanted file must satisfy each
/// rule's schema.
fn custom_findings(
    cx: &Cx,
    rules: &[CustomRule],
    wanted: &[bool],
    suppressions: &[Vec<(String, Vec<String>)>],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in &cx.files {
        if !wanted[f.index] {
            continue;
        }
        for node in &f.nodes {
            let Some(value) = f.file.value.pointer(&node.pointer) else {
                continue;
            };
            for rule in rules {
                let Some(error) = rule.validator.iter_errors(value).next() else {
                    continue;
                };
                let ignored = suppressions[f.index].iter().any(|(at, codes)| {
                    (node.pointer == *at || node.pointer.starts_with(&format!("{at}/")))
                        && codes
                            .iter()
                            .any(|c| c.eq_ignore_ascii_case(rule.code) || c == rule.name)
                });
                if ignored {
                    continue;
                }
                let at = format!("{}{}", node.pointer, error.instance_path());
                let pos = f.file.spans.locate(&at);
                out.push(Finding {
                    file: display_path(&f.file.path),
                    line: pos.line,
                    column: pos.column,
                    code: rule.code,
                    name: rule.name,
                    severity: rule.severity,
                    pointer: at,
                    message: rule.message.clone(),
                    help: format!(
                        "the subschema does not satisfy the team rule {}: {error}",
                        rule.code
                    ),
                });
            }
        }
    }
    out
}

/// `x-evschema-ignore` lists: (pointer of the subschema, codes or names).
fn suppressions_of(root: &Value) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    fn go(v: &Value, ptr: &mut String, out: &mut Vec<(String, Vec<String>)>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Array(codes)) = map.get("x-evschema-ignore") {
                    out.push((
                        ptr.clone(),
                        codes
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                    ));
                }
                for (k, c) in map {
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&crate::pointer::escape(k));
                    go(c, ptr, out);
                    ptr.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, c) in items.iter().enumerate() {
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&i.to_string());
                    go(c, ptr, out);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }
    go(root, &mut String::new(), &mut out);
    out
}

fn suppressed(list: &[(String, Vec<String>)], pointer: &str, rule: &Rule) -> bool {
    list.iter().any(|(at, codes)| {
        (pointer == at || pointer.starts_with(&format!("{at}/")))
            && codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(rule.code) || c == rule.name)
    })
}

/// The closest candidate to `word` (case-insensitive optimal string alignment distance),
/// if close enough to be a likely typo, and whether it is the only one that close.
pub fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<(&'c str, bool)> {
    let w = word.to_ascii_lowercase();
    let limit = match w.chars().count() {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'c str)> = None;
    let mut ties = 0;
    for &c in candidates {
        let d = strsim::osa_distance(&w, &c.to_ascii_lowercase());
        if d > limit {
            continue;
        }
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => ties += 1,
            _ => {
                best = Some((d, c));
                ties = 0;
            }
        }
    }
    best.map(|(_, c)| (c, ties == 0))
}

pub use crate::pointer::child;

/// Spans of a file, for fixes.
pub fn spans_of(file: &SchemaFile) -> &SpanMap {
    &file.spans
}
#[cfg(test)]
mod tests;
