//! Catalog: rules over all files together (routing, ids, references, names).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::lint::{Cx, Out};

/// E301 duplicate-event-type
pub fn duplicate_event_type(cx: &Cx, out: &mut Out) {
    let mut claims: BTreeMap<(&str, Option<u64>), Vec<usize>> = BTreeMap::new();
    for (i, s) in cx.catalog.schemas.iter().enumerate() {
        for et in &s.event_types {
            claims.entry((et.as_str(), s.major())).or_default().push(i);
        }
    }
    for ((et, major), files) in claims {
        if files.len() < 2 {
            continue;
        }
        for &i in &files {
            let others = others_than(cx, &files, i);
            let major = major
                .map(|m| format!("major version {m}"))
                .unwrap_or_else(|| "no version".to_owned());
            out.file = i;
            out.value(
                "/properties/event_type",
                format!("event type \"{et}\" ({major}) is also claimed by {}: events cannot be routed to one schema", others),
                "give each (event type, major version) exactly one schema; a new major version needs a new top-level version",
            );
        }
    }
}

/// The files of `files` other than `i`, by catalog path, for a message.
fn others_than(cx: &Cx, files: &[usize], i: usize) -> String {
    let others: Vec<&str> = files
        .iter()
        .filter(|&&o| o != i)
        .map(|&o| cx.catalog.schemas[o].rel.as_str())
        .collect();
    others.join(", ")
}

/// E302 duplicate-id
pub fn duplicate_id(cx: &Cx, out: &mut Out) {
    let mut ids: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in cx.catalog.schemas.iter().enumerate() {
        if let Some(id) = s.value.get("$id").and_then(Value::as_str) {
            ids.entry(id.trim_end_matches('#').to_owned())
                .or_default()
                .push(i);
        }
    }
    for (id, files) in ids {
        if files.len() < 2 {
            continue;
        }
        for &i in &files {
            let others = others_than(cx, &files, i);
            out.file = i;
            out.value(
                "/$id",
                format!(
                    "$id \"{id}\" is also the $id of {}: references to it are ambiguous",
                    others
                ),
                "give every schema its own $id",
            );
        }
    }
}

/// Files some other file `$ref`s.
fn referenced(cx: &Cx) -> BTreeSet<usize> {
    let mut set = BTreeSet::new();
    for f in &cx.files {
        for n in &f.nodes {
            if let Some(Value::String(r)) = n.value.get("$ref") {
                let site = format!("{}/$ref", n.pointer);
                if let Ok((t, _)) = cx.catalog.resolve_ref_at(f.index, &site, r) {
                    if t != f.index {
                        set.insert(t);
                    }
                }
            }
        }
    }
    set
}

/// W303 unreferenced-schema
pub fn unreferenced_schema(cx: &Cx, out: &mut Out) {
    if !cx.is_catalog || !cx.layout_active {
        return;
    }
    let refs = referenced(cx);
    for (i, s) in cx.catalog.schemas.iter().enumerate() {
        if s.is_event_schema() || refs.contains(&i) {
            continue;
        }
        let in_common = s.rel.starts_with(&format!("{}/", cx.layout.common));
        out.file = i;
        out.value(
            "",
            if in_common {
                format!("{} is not referenced by any schema of the catalog", s.rel)
            } else {
                format!(
                    "{} routes no event type and no schema references it: nothing ever uses it",
                    s.rel
                )
            },
            if in_common {
                "remove it, or $ref its definitions from the event schemas that need them"
            } else {
                "give it properties.event_type with a const/enum, or remove it"
            },
        );
    }
}

/// W306: an event schema whose `x-sunset` date has passed is still in the catalog.
pub fn past_sunset(cx: &Cx, out: &mut Out) {
    let Some(today) = cx.today else {
        return;
    };
    for (i, s) in cx.catalog.schemas.iter().enumerate() {
        let Some(sunset) = crate::compat::report::sunset_of(&s.value) else {
            continue;
        };
        if sunset.as_str() > today {
            continue;
        }
        let major = s.major();
        let successor = s.event_types.iter().find_map(|et| {
            cx.catalog.events.get(et)?.iter().copied().find(|&j| {
                j != i
                    && cx.catalog.schemas[j]
                        .major()
                        .is_some_and(|m| major.is_none_or(|o| m > o))
            })
        });
        let why = match successor {
            Some(j) => format!(
                "; its successor {} carries the event type on",
                cx.catalog.schemas[j].rel
            ),
            None => String::new(),
        };
        out.file = i;
        out.value(
            "/x-sunset",
            format!("past its sunset ({sunset}): this major is due for removal{why}"),
            "remove the file (`evschema diff --against` allows the removal past the sunset), or move x-sunset if consumers need longer",
        );
    }
}

/// The stems a file describing `types` may have: the event type with '.'→'_', or a
/// dotted prefix of the common prefix of all its event types.
pub fn expected_stems(types: &[String]) -> Vec<String> {
    let split: Vec<Vec<&str>> = types.iter().map(|t| t.split('.').collect()).collect();
    let Some(first) = split.first() else {
        return Vec::new();
    };
    let mut common = first.len();
    for s in &split[1..] {
        common = common.min(first.iter().zip(s).take_while(|(a, b)| a == b).count());
    }
    (1..=common).rev().map(|k| first[..k].join("_")).collect()
}

/// W304 file-name-mismatch
pub fn file_name_mismatch(cx: &Cx, out: &mut Out) {
    if !cx.is_catalog {
        return;
    }
    for (i, s) in cx.catalog.schemas.iter().enumerate() {
        if !s.is_event_schema() {
            continue;
        }
        let name = s.rel.rsplit('/').next().unwrap_or(&s.rel);
        let stem = name.strip_suffix(".json").unwrap_or(name);
        let (base, suffix_major) = match stem.rsplit_once(".v") {
            Some((b, n)) if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) => {
                (b, n.parse::<u64>().ok())
            }
            _ => (stem, None),
        };
        let stems = expected_stems(&s.event_types);
        out.file = i;
        if !stems.iter().any(|e| e == base) {
            let want = stems.first().cloned().unwrap_or_default();
            out.value(
                "/properties/event_type",
                format!(
                    "file name \"{name}\" does not match its event type{} ({})",
                    if s.event_types.len() > 1 { "s" } else { "" },
                    s.event_types.join(", ")
                ),
                format!("rename it {want}.json (add .vN before .json for major version N)"),
            );
        } else if let (Some(n), Some(m)) = (suffix_major, s.major()) {
            if n != m {
                out.value(
                    "/version",
                    format!("file name says major version {n} but the schema's version is {m}.x"),
                    format!("rename it {base}.v{m}.json, or fix \"version\""),
                );
            }
        }
    }
}

/// W305 unused-definition (sourcemeta orphan_definitions, across the whole catalog)
pub fn unused_definition(cx: &Cx, out: &mut Out) {
    // Every (file, pointer) some $ref of the catalog lands on.
    let mut targets: BTreeSet<(usize, String)> = BTreeSet::new();
    for f in &cx.files {
        for n in &f.nodes {
            if let Some(Value::String(r)) = n.value.get("$ref") {
                let site = format!("{}/$ref", n.pointer);
                if let Ok(t) = cx.catalog.resolve_ref_at(f.index, &site, r) {
                    targets.insert(t);
                }
            }
        }
    }
    let refs = referenced(cx);
    for f in &cx.files {
        // A file nobody uses is reported whole by unreferenced-schema.
        if cx.is_catalog && !f.file.is_event_schema() && !refs.contains(&f.index) {
            continue;
        }
        for n in &f.nodes {
            if n.via != crate::lint::walk::Via::Definition {
                continue;
            }
            // a target at the definition, or below it: the first target from
            // (file, "pointer/") on in sorted order tells
            let below = format!("{}/", n.pointer);
            let used = targets.contains(&(f.index, n.pointer.clone()))
                || targets
                    .range((f.index, below.clone())..)
                    .next()
                    .is_some_and(|(t, p)| *t == f.index && p.starts_with(&below));
            if !used {
                let name = crate::pointer::last(&n.pointer).unwrap_or_default();
                out.file = f.index;
                out.key(
                    &n.pointer,
                    format!("definition \"{name}\" is never referenced in the catalog"),
                    "remove it, or $ref it where it was meant to be used (a typo in a $ref often leaves the real target unused)",
                );
            }
        }
    }
}
