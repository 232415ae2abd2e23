//! `--fix`: safe, meaning-preserving repairs, applied as text edits at the byte offsets the
//! span map recorded, so every byte the fix does not touch stays as it was.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::rules::validity::{classify_key, KeyKind};
use super::walk::draft_of;
use crate::catalog::{Catalog, SchemaFile};
use crate::diag::Finding;

/// The `$schema` `--fix` adds.
pub const DEFAULT_SCHEMA: &str = "http://json-schema.org/draft-07/schema#";

/// Replace bytes `start..end` with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The edits that repair the fixable findings of one file.
pub fn plan(file: &SchemaFile, findings: &[Finding]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for f in findings {
        match f.code {
            "W004" => edits.extend(add_schema(file)),
            "E005" => edits.extend(rename_typo(file, &f.pointer)),
            "W110" => edits.extend(sort_required(file, &f.pointer)),
            "W014" => edits.extend(official_dialect(file)),
            _ => {}
        }
    }
    edits.sort_by_key(|e| (e.start, e.end));
    edits.dedup();
    // Never apply two edits that overlap: keep the first.
    let mut kept: Vec<Edit> = Vec::new();
    for e in edits {
        if kept
            .last()
            .is_none_or(|k| k.end <= e.start && k.start != e.start)
        {
            kept.push(e);
        }
    }
    kept
}

/// Applies non-overlapping edits sorted by offset.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        if e.start < at
            || e.end > text.len()
            || !text.is_char_boundary(e.start)
            || !text.is_char_boundary(e.end)
        {
            continue;
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}

fn add_schema(file: &SchemaFile) -> Option<Edit> {
    let root = file.value.as_object()?;
    if root.contains_key("$schema") {
        return None;
    }
    let spans = &file.spans;
    let open = spans.get("")?.value;
    let text = spans.text();
    let member = format!(
        "\"$schema\": {}",
        serde_json::to_string(DEFAULT_SCHEMA).ok()?
    );
    let first_key = root
        .keys()
        .next()
        .and_then(|k| spans.get(&format!("/{}", crate::pointer::escape(k))))
        .and_then(|s| s.key);
    match first_key {
        Some(key) => {
            // Reuse the whitespace between '{' and the first member, so the layout holds.
            let sep = text.get(open + 1..key)?;
            Some(Edit {
                start: key,
                end: key,
                text: format!("{member},{sep}"),
            })
        }
        None => Some(Edit {
            start: open + 1,
            end: open + 1,
            text: member,
        }),
    }
}

fn official_dialect(file: &SchemaFile) -> Option<Edit> {
    let uri = file.value.get("$schema")?.as_str()?;
    let (draft, _) = super::walk::Draft::from_uri(uri)?;
    let span = file.spans.get("/$schema")?;
    Some(Edit {
        start: span.value,
        end: span.end,
        text: serde_json::to_string(super::rules::validity::official_uri(draft)).ok()?,
    })
}

/// End offset (exclusive) of the JSON string token starting at `start`.
fn string_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn rename_typo(file: &SchemaFile, pointer: &str) -> Option<Edit> {
    let (parent, token) = pointer.rsplit_once('/')?;
    let key = crate::pointer::unescape(token);
    let (draft, _) = draft_of(&file.value);
    let KeyKind::Typo {
        suggestion,
        unambiguous: true,
    } = classify_key(draft, &key, parent.is_empty())
    else {
        return None;
    };
    let object = file.value.pointer(parent)?.as_object()?;
    if object.contains_key(suggestion)
        || file.spans.duplicates().iter().any(|d| d.pointer == pointer)
    {
        return None;
    }
    let start = file.spans.get(pointer)?.key?;
    let end = string_end(file.spans.text(), start)?;
    Some(Edit {
        start,
        end,
        text: serde_json::to_string(suggestion).ok()?,
    })
}

fn sort_required(file: &SchemaFile, pointer: &str) -> Vec<Edit> {
    let Some(Value::Array(items)) = file.value.pointer(pointer) else {
        return Vec::new();
    };
    let mut slots = Vec::new();
    for i in 0..items.len() {
        match file.spans.get(&format!("{pointer}/{i}")) {
            Some(s) => slots.push((s.value, s.end)),
            None => return Vec::new(),
        }
    }
    let text = file.spans.text();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].as_str().cmp(&items[b].as_str()));
    order
        .iter()
        .enumerate()
        .filter(|(i, src)| *i != **src)
        .filter_map(|(i, &src)| {
            let (start, end) = slots[i];
            let (s, e) = slots[src];
            Some(Edit {
                start,
                end,
                text: text.get(s..e)?.to_owned(),
            })
        })
        .collect()
}

/// A planned fix of one file: the new text, or why it is not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Proved safe: the fixed schema accepts exactly the events the original accepts.
    Safe,
    /// Not applied, with the reason.
    Unsafe(String),
}

/// Metaschema errors of a document under its own draft, as (pointer, message).
fn metaschema_errors(value: &Value) -> BTreeSet<(String, String)> {
    let (draft, _) = draft_of(value);
    let validator = draft.metaschema_validator();
    validator
        .iter_errors(value)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect()
}

/// The `$ref`s of file `i` that do not resolve (to a file and a value in it), by ref text.
fn unresolved(catalog: &Catalog, i: usize) -> Vec<(String, Option<usize>)> {
    let mut found = Vec::new();
    crate::catalog::collect_refs(&catalog.schemas[i].value, &mut String::new(), &mut found);
    let mut out = Vec::new();
    for (_, r) in found {
        match catalog.resolve_ref(i, r) {
            Ok((t, frag)) if catalog.schemas[t].value.pointer(&frag).is_some() => {}
            Ok((t, _)) => out.push((r.to_owned(), Some(t))),
            Err(_) => out.push((r.to_owned(), None)),
        }
    }
    out.sort();
    out
}

/// What file `i` means, for the comparison: its bundle (refs to other files inlined), or
/// the document itself when it cannot be bundled (the engine then only proves refs it
/// cannot follow equal by identity).
fn meaning(catalog: &Catalog, i: usize) -> Value {
    let mut v = catalog
        .bundle(i)
        .unwrap_or_else(|_| catalog.schemas[i].value.clone());
    strip_ignored(&mut v);
    v
}

/// Removes the members of subschemas that validation ignores: keys that are no keyword of
/// the document's draft (typos, unknown keys, vendor extensions), unless a `$ref` points
/// into them. DESIGN.md: unknown keywords are annotations, so this keeps what the schema
/// accepts, and lets the comparison see that renaming `descripton` to `description`
/// changes nothing while renaming `requierd` to `required` does.
fn strip_ignored(doc: &mut Value) {
    let (draft, _) = draft_of(doc);
    let mut targets: Vec<String> = Vec::new();
    let mut refs = Vec::new();
    crate::catalog::collect_refs(doc, &mut String::new(), &mut refs);
    for (_, r) in refs {
        if let Some(frag) = r.strip_prefix('#') {
            targets.push(crate::catalog::percent_decode(frag));
        }
    }
    let mut doomed: Vec<(String, String)> = Vec::new();
    for node in super::walk::walk(doc) {
        for key in node.value.keys() {
            let kind = classify_key(draft, key, node.pointer.is_empty());
            if matches!(kind, KeyKind::Known | KeyKind::OtherDraft(_)) {
                continue;
            }
            let at = format!("{}/{}", node.pointer, crate::pointer::escape(key));
            if targets
                .iter()
                .any(|t| *t == at || t.starts_with(&format!("{at}/")))
            {
                continue;
            }
            doomed.push((node.pointer.clone(), key.clone()));
        }
    }
    // deepest first, so a removal never moves another one's object
    doomed.sort_by_key(|d| std::cmp::Reverse(d.0.len()));
    for (pointer, key) in doomed {
        if let Some(Value::Object(m)) = doc.pointer_mut(&pointer) {
            m.remove(&key);
        }
    }
}

/// Decides which of the fixed texts are safe to write. `fixed` maps schema indexes of
/// `before` to their new text. A fix is applied only when, with every other accepted fix in
/// place: the text parses, it adds no metaschema error, no `$ref` of the catalog that
/// resolved stops resolving, and the compatibility engine proves that the file accepts
/// exactly the same events as before in both directions (verdict full, strict policy).
/// Files whose fix is refused are put back and the rest checked again, until stable.
pub fn verify(before: &Catalog, fixed: &BTreeMap<usize, String>) -> BTreeMap<usize, Verdict> {
    let mut verdicts: BTreeMap<usize, Verdict> = BTreeMap::new();
    let mut parsed: BTreeMap<usize, SchemaFile> = BTreeMap::new();
    for (&i, text) in fixed {
        let old = &before.schemas[i];
        match SchemaFile::parse(&old.rel, old.path.clone(), text) {
            Ok(mut f) => {
                f.channel = old.channel.clone();
                let new_errors = metaschema_errors(&f.value);
                let old_errors = metaschema_errors(&old.value);
                if let Some((p, m)) = new_errors.difference(&old_errors).next() {
                    let (draft, _) = draft_of(&f.value);
                    verdicts.insert(
                        i,
                        Verdict::Unsafe(format!(
                            "the fixed schema is not valid against the {} metaschema at {}: {m}",
                            draft.label(),
                            if p.is_empty() { "the root" } else { p }
                        )),
                    );
                } else {
                    parsed.insert(i, f);
                }
            }
            Err(p) => {
                verdicts.insert(
                    i,
                    Verdict::Unsafe(format!("the fixed text is not valid JSON: {}", p.message)),
                );
            }
        }
    }
    let old_unresolved: Vec<Vec<(String, Option<usize>)>> = (0..before.schemas.len())
        .map(|i| unresolved(before, i))
        .collect();
    loop {
        let schemas: Vec<SchemaFile> = before
            .schemas
            .iter()
            .enumerate()
            .map(|(i, s)| parsed.get(&i).cloned().unwrap_or_else(|| s.clone()))
            .collect();
        let (after, _) = Catalog::from_schemas(before.root.clone(), schemas);
        let mut refused: BTreeMap<usize, String> = BTreeMap::new();
        // every ref of the catalog that resolved still resolves
        for (i, old) in old_unresolved.iter().enumerate() {
            for (r, target) in unresolved(&after, i) {
                if old.iter().any(|(o, _)| *o == r) {
                    continue;
                }
                let why = format!(
                    "$ref \"{r}\" in {} would no longer resolve",
                    before.schemas[i].rel
                );
                let blamed: Vec<usize> = match target {
                    Some(t) if parsed.contains_key(&t) => vec![t],
                    _ if parsed.contains_key(&i) => vec![i],
                    _ => parsed.keys().copied().collect(),
                };
                for b in blamed {
                    refused.entry(b).or_insert_with(|| why.clone());
                }
            }
        }
        for &i in parsed.keys() {
            if refused.contains_key(&i) {
                continue;
            }
            let c = crate::compat::compare(
                &meaning(before, i),
                &meaning(&after, i),
                crate::compat::Policy::Strict,
            );
            if !(c.backward && c.forward) {
                let reason = c
                    .changes
                    .iter()
                    .find(|ch| !(ch.backward && ch.forward))
                    .map(|ch| {
                        let at = if ch.path.is_empty() { "" } else { " at " };
                        format!("{}{at}{}", ch.message, ch.path)
                    })
                    .unwrap_or_else(|| "the compatibility engine could not prove it".to_owned());
                refused.insert(
                    i,
                    format!(
                        "the fixed schema would not accept exactly the same events (verdict {}): {reason}",
                        c.verdict()
                    ),
                );
            }
        }
        if refused.is_empty() {
            break;
        }
        for (i, why) in refused {
            parsed.remove(&i);
            verdicts.insert(i, Verdict::Unsafe(why));
        }
    }
    for i in parsed.keys() {
        verdicts.insert(*i, Verdict::Safe);
    }
    verdicts
}
