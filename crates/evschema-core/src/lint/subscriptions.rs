//! Lint of the catalog's subscription files (`subscriptions/*.json`): their shape against
//! the subscription JSON Schema and the parser (pattern syntax, service limits), then the
//! analysis against the catalog's event schemas (`crate::subscriptions::analysis`).

use std::path::Path;

use serde_json::Value;

use super::{display_path, registry, Policy, Source};
use crate::catalog::Catalog;
use crate::diag::Finding;
use crate::spans::{Position, SpanMap};
use crate::subscriptions::matcher::EnvelopeSpec;
use crate::subscriptions::{analysis, parse, FOLDER};

/// The JSON Schema of a subscription file (`docs/subscriptions.md`).
pub const SCHEMA: &str = include_str!("../subscriptions/subscription.schema.json");

/// Whether a catalog-relative path is a subscription file.
pub fn is_subscription(rel: &str) -> bool {
    rel.strip_prefix(FOLDER)
        .and_then(|r| r.strip_prefix('/'))
        .is_some_and(|r| !r.is_empty())
}

fn validator() -> Option<&'static jsonschema::Validator> {
    static V: std::sync::OnceLock<Option<jsonschema::Validator>> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let schema: Value = serde_json::from_str(SCHEMA).ok()?;
        crate::validator::options(&schema, false)
            .ok()?
            .build(&schema)
            .ok()
    })
    .as_ref()
}

/// The subscription file's problems with its shape: the schema's errors, as (pointer,
/// message), first error per location.
pub fn schema_errors(value: &Value) -> Vec<(String, String)> {
    let Some(v) = validator() else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for e in v.iter_errors(value) {
        let at = e.instance_path().to_string();
        if out.iter().any(|(p, _)| *p == at) {
            continue;
        }
        out.push((at, e.to_string()));
    }
    out.sort();
    out
}

/// Splits the parser's `message (at /pointer)`.
fn split_pointer(message: &str) -> (String, String) {
    if let Some(rest) = message.strip_suffix(')') {
        if let Some((m, p)) = rest.rsplit_once(" (at ") {
            if p.starts_with('/') {
                return (m.to_owned(), p.to_owned());
            }
        }
    }
    (message.to_owned(), String::new())
}

fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}/")) || b.starts_with(&format!("{a}/"))
}

/// Findings for the subscription files among `sources`, against `catalog`.
pub fn findings(
    sources: &[&Source],
    catalog: &Catalog,
    policy: &dyn Policy,
    envelope: &EnvelopeSpec,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut names: Vec<(String, String)> = Vec::new();
    let cache = analysis::Cache::default();
    for source in sources {
        let shown = display_path(&source.path);
        let severity = |code: &str| {
            registry::rule(code).and_then(|r| policy.severity(r, &source.path).map(|s| (r, s)))
        };
        let mut push = |code: &str, pos: Position, pointer: &str, message: String, help: String| {
            if let Some((rule, sev)) = severity(code) {
                out.push(Finding {
                    file: shown.clone(),
                    line: pos.line,
                    column: pos.column,
                    code: rule.code,
                    name: rule.name,
                    severity: sev,
                    pointer: pointer.to_owned(),
                    message,
                    help,
                });
            }
        };
        let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
        let spans = SpanMap::scan(text);
        let parsed = parse::parse_file(&source.rel, source.path.clone(), text);
        let problems = match &parsed {
            Ok(_) => Vec::new(),
            Err(p) => p.clone(),
        };
        let mut problem_pointers = Vec::new();
        for p in &problems {
            let (message, pointer) = split_pointer(&p.message);
            let pos = p.position.unwrap_or(Position { line: 1, column: 1 });
            push(
                "E401",
                pos,
                &pointer,
                message,
                "see docs/subscriptions.md for the file shape and the operators AWS accepts".into(),
            );
            problem_pointers.push(pointer);
        }
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            for (pointer, message) in schema_errors(&value) {
                if problem_pointers.iter().any(|p| related(p, &pointer)) {
                    continue;
                }
                push(
                    "E401",
                    spans.locate(&pointer),
                    &pointer,
                    format!("not valid against the subscription schema: {message}"),
                    "see docs/subscriptions.md for the file shape".into(),
                );
            }
        }
        let Ok(sub) = parsed else { continue };
        if let Some((_, first)) = names.iter().find(|(n, _)| *n == sub.name) {
            push(
                "E401",
                sub.spans.locate("/name"),
                "/name",
                format!("subscriber `{}` is also defined in {first}", sub.name),
                "give each subscriber its own name".into(),
            );
        } else {
            names.push((sub.name.clone(), sub.rel.clone()));
        }
        let wanted = ["E402", "E403", "E404", "W405", "W406"]
            .iter()
            .any(|c| severity(c).is_some());
        if !wanted {
            continue;
        }
        for f in analysis::analyse_cached(catalog, &sub, envelope, &cache).findings {
            push(
                f.code,
                sub.spans.locate(&f.pointer),
                &f.pointer,
                f.message,
                f.help,
            );
        }
    }
    out
}

/// Whether `root` is a catalog with a subscriptions folder.
pub fn has_folder(root: &Path) -> bool {
    root.join(FOLDER).is_dir()
}
