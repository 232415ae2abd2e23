//! `evschema new-major EVENT_TYPE`: scaffold the next major version of an event schema beside
//! the current one (DESIGN.md: one file per major; a retired major stays while consumers
//! migrate). Both files are edited as text, so everything else keeps its bytes.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use serde_json::Value;

use crate::catalog::{Catalog, SchemaFile};
use crate::cli::NewMajorArgs;
use crate::Outcome;

pub fn run(args: NewMajorArgs) -> anyhow::Result<Outcome> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("schemas"));
    let catalog = Catalog::load(&dir)?;
    let list = catalog.events.get(&args.event_type).ok_or_else(|| {
        anyhow!(
            "{}: no schema has event type {} (known: {})",
            dir.display(),
            args.event_type,
            catalog
                .events
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    let (current, major) = list
        .iter()
        .filter_map(|&i| catalog.schemas[i].major().map(|m| (i, m)))
        .max_by_key(|&(_, m)| m)
        .ok_or_else(|| {
            anyhow!(
                "{}: the schemas of {} declare no semver `version`; cannot tell the next major",
                dir.display(),
                args.event_type
            )
        })?;
    let old = &catalog.schemas[current];
    let next = major + 1;
    let since = match &args.date {
        Some(d) if crate::compat::report::is_date(d) => d.clone(),
        Some(d) => bail!("--date {d}: not a date YYYY-MM-DD"),
        None => crate::cmd::diff::today(),
    };
    let new_path = next_path(&old.path, next);
    if new_path.exists() {
        bail!(
            "{} already exists: major {next} of {} is scaffolded",
            new_path.display(),
            args.event_type
        );
    }
    let new_text = scaffold(old, next)?;
    // the result must still parse and claim the same event type at the new major
    let check = SchemaFile::parse("new.json", new_path.clone(), &new_text)
        .map_err(|p| anyhow!("internal: scaffold does not parse: {}", p.message))?;
    if check.event_types != old.event_types || check.major() != Some(next) {
        bail!(
            "internal: the scaffold of {} does not keep its event type at major {next}",
            old.path.display()
        );
    }
    let old_text = deprecate(old, &since)?;
    crate::atomic::write(&new_path, new_text.as_bytes())
        .with_context(|| format!("cannot write {}", new_path.display()))?;
    if let Some(t) = old_text {
        crate::atomic::write(&old.path, t.as_bytes())
            .with_context(|| format!("cannot write {}", old.path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "wrote {} (version {next}.0.0); marked {} deprecated since {since}",
        new_path.display(),
        old.path.display()
    )?;
    writeln!(
        out,
        "make the breaking change in the new file; the old major stays in the catalog for the support window"
    )?;
    Ok(Outcome::Success)
}

/// `license_created.json` → `license_created.v2.json` (`.v1`/`_v1` suffixes replaced).
fn next_path(old: &Path, next: u64) -> PathBuf {
    let stem = old
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = match stem.rfind(['.', '_']) {
        Some(i)
            if stem[i + 1..].starts_with('v')
                && stem[i + 2..].parse::<u64>().is_ok()
                && i + 2 < stem.len() =>
        {
            stem[..i].to_owned()
        }
        _ => stem,
    };
    old.with_file_name(format!("{base}.v{next}.json"))
}

/// Replaces the value at `pointer` in `text` by `json`.
fn replace(text: &mut String, file: &SchemaFile, pointer: &str, json: &str) -> anyhow::Result<()> {
    let span = file
        .spans
        .get(pointer)
        .ok_or_else(|| anyhow!("{}: cannot locate {pointer}", file.path.display()))?;
    text.replace_range(span.value..span.end, json);
    Ok(())
}

/// The old file's text with `version` N+1.0.0 and the envelope version pattern pinned to it.
fn scaffold(old: &SchemaFile, next: u64) -> anyhow::Result<String> {
    let mut text = old.spans.text().to_owned();
    // edits from the end of the file backwards keep earlier offsets valid
    let mut edits: Vec<(usize, &str, String)> = Vec::new();
    let pattern = format!("^{next}\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$");
    for p in ["/properties/version/pattern"] {
        if let Some(span) = old.spans.get(p) {
            edits.push((span.value, p, Value::String(pattern.clone()).to_string()));
        }
    }
    for p in ["/properties/version/const"] {
        if let Some(span) = old.spans.get(p) {
            edits.push((span.value, p, format!("\"{next}.0.0\"")));
        }
    }
    // the schema's examples are events: they carry the new major too
    let examples = old
        .value
        .get("examples")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let example_pointers: Vec<String> = (0..examples)
        .map(|i| format!("/examples/{i}/version"))
        .collect();
    for p in &example_pointers {
        let is_string = old.value.pointer(p).is_some_and(Value::is_string);
        if let (true, Some(span)) = (is_string, old.spans.get(p)) {
            edits.push((span.value, p, format!("\"{next}.0.0\"")));
        }
    }
    let span = old
        .spans
        .get("/version")
        .ok_or_else(|| anyhow!("{}: no top-level `version` to bump", old.path.display()))?;
    edits.push((span.value, "/version", format!("\"{next}.0.0\"")));
    for p in ["/deprecated", "/x-deprecated-since", "/x-sunset"] {
        if old.spans.get(p).is_some() {
            bail!(
                "{}: the current major already has `{}`; scaffold from a live major (or remove it first: the new major would copy it)",
                old.path.display(),
                &p[1..]
            );
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (_, p, json) in edits {
        replace(&mut text, old, p, &json)?;
    }
    Ok(text)
}

/// The old file's text with `"deprecated": true` and `"x-deprecated-since"` inserted as the
/// first members of the root object, indented like its first member; `None` when it already
/// says deprecated.
fn deprecate(old: &SchemaFile, since: &str) -> anyhow::Result<Option<String>> {
    if old.value.get("deprecated") == Some(&Value::Bool(true)) {
        return Ok(None);
    }
    let text = old.spans.text();
    let root = old
        .spans
        .get("")
        .ok_or_else(|| anyhow!("{}: cannot locate the root object", old.path.display()))?;
    let open = root.value + 1;
    let first_key = old
        .value
        .as_object()
        .and_then(|m| m.keys().next())
        .and_then(|k| old.spans.get(&evschema_core::pointer::child("", k)))
        .and_then(|s| s.key)
        .ok_or_else(|| anyhow!("{}: the root object is empty", old.path.display()))?;
    let between = &text[open..first_key];
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..first_key]);
    let sep = format!(",{between}");
    out.push_str(&format!(
        "\"deprecated\": true{sep}\"x-deprecated-since\": \"{since}\"{sep}"
    ));
    out.push_str(&text[first_key..]);
    // the insertion must mean exactly the old schema plus the two annotations
    let mut expect = old.value.clone();
    let parsed: Value = serde_json::from_str(&out)
        .map_err(|e| anyhow!("internal: deprecation edit does not parse: {e}"))?;
    if let Some(m) = expect.as_object_mut() {
        m.insert("deprecated".into(), Value::Bool(true));
        m.insert("x-deprecated-since".into(), Value::String(since.into()));
    }
    if parsed != expect {
        bail!(
            "internal: the deprecation edit of {} changes more than the two annotations",
            old.path.display()
        );
    }
    Ok(Some(out))
}
