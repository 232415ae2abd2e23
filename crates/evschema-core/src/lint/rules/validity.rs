//! Validity: the schema means what its author thinks under its declared draft.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};

use crate::catalog::Catalog;
use crate::lint::walk::{Draft, ARRAY};
use crate::lint::{child, suggest, Cx, FileCx, Out};

/// E002 duplicate-key
pub fn duplicate_key(cx: &FileCx, out: &mut Out) {
    for d in cx.file.spans.duplicates() {
        let name = d
            .pointer
            .rsplit('/')
            .next()
            .map(crate::spans::unescape_token)
            .unwrap_or_default();
        out.key(
            &d.pointer,
            format!("key \"{name}\" appears twice in the same object; JSON parsers silently keep only one of them"),
            "remove one of the two members (or merge them)",
        );
    }
}

/// E003 metaschema
pub fn metaschema(cx: &FileCx, out: &mut Out) {
    let value = &cx.file.value;
    if let Some(uri) = value.get("$schema") {
        let known = uri.as_str().and_then(Draft::from_uri).is_some();
        if !known {
            out.value(
                "/$schema",
                format!("$schema {uri} names no JSON Schema draft evschema knows; the file is checked as draft-07"),
                "use http://json-schema.org/draft-07/schema# (or draft-04, -06, 2019-09, 2020-12)",
            );
            return;
        }
    }
    let validator = match cx.draft {
        Draft::D4 => jsonschema::draft4::meta::validator(),
        Draft::D6 => jsonschema::draft6::meta::validator(),
        Draft::D7 => jsonschema::draft7::meta::validator(),
        Draft::D2019 => jsonschema::draft201909::meta::validator(),
        Draft::D2020 => jsonschema::draft202012::meta::validator(),
    };
    let mut seen = BTreeSet::new();
    for e in validator.iter_errors(value) {
        let pointer = e.instance_path().to_string();
        let mut message = e.to_string();
        // invalid-pattern (E009) reports bad regexes with a better message.
        if message.ends_with("is not a \"regex\"") {
            continue;
        }
        if message.len() > 240 {
            message = e
                .masked_with(format!(
                    "<{}>",
                    crate::validate::engine::json_type(e.instance())
                ))
                .to_string();
        }
        if seen.insert((pointer.clone(), message.clone())) {
            out.value(
                &pointer,
                format!(
                    "not valid against the {} metaschema: {message}",
                    cx.draft.label()
                ),
                "fix the keyword's value so the schema is a valid JSON Schema",
            );
        }
    }
}

/// W004 missing-schema
pub fn missing_schema(cx: &FileCx, out: &mut Out) {
    if cx.root().is_some_and(|r| !r.contains_key("$schema")) {
        out.value(
            "",
            "no \"$schema\": the file is read as draft-07",
            "add \"$schema\": \"http://json-schema.org/draft-07/schema#\" as the first member (evschema lint --fix does it)",
        );
    }
}

const CORE: &[&str] = &[
    "$schema",
    "$ref",
    "title",
    "description",
    "default",
    "type",
    "enum",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "items",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "properties",
    "patternProperties",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "definitions",
    "format",
];
/// Annotations accepted under every draft (harmless where a draft does not define them).
const ANNOTATIONS: &[&str] = &[
    "examples",
    "$comment",
    "readOnly",
    "writeOnly",
    "deprecated",
    "contentMediaType",
    "contentEncoding",
    "$defs",
];
const D4: &[&str] = &["id"];
/// Replaced in 2019-09 (dependentRequired/dependentSchemas) and 2020-12 (prefixItems).
const UP_TO_D7: &[&str] = &["dependencies"];
const UP_TO_D2019: &[&str] = &["additionalItems"];
const D6: &[&str] = &["$id", "const", "contains", "propertyNames"];
const D7: &[&str] = &["if", "then", "else"];
const D2019: &[&str] = &[
    "$anchor",
    "$vocabulary",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedItems",
    "unevaluatedProperties",
    "maxContains",
    "minContains",
    "contentSchema",
];
const D2019_ONLY: &[&str] = &["$recursiveRef", "$recursiveAnchor"];
const D2020: &[&str] = &["$dynamicRef", "$dynamicAnchor", "prefixItems"];

/// The keywords a draft defines (plus the annotations evschema accepts everywhere).
pub fn keywords(draft: Draft) -> &'static [&'static str] {
    static ALL: std::sync::OnceLock<[Vec<&'static str>; 5]> = std::sync::OnceLock::new();
    let all = ALL.get_or_init(|| {
        [Draft::D4, Draft::D6, Draft::D7, Draft::D2019, Draft::D2020].map(build_keywords)
    });
    &all[draft as usize]
}

fn build_keywords(draft: Draft) -> Vec<&'static str> {
    let mut k: Vec<&str> = CORE.iter().chain(ANNOTATIONS).copied().collect();
    if draft <= Draft::D7 {
        k.extend(UP_TO_D7);
    }
    if draft <= Draft::D2019 {
        k.extend(UP_TO_D2019);
    }
    match draft {
        Draft::D4 => k.extend(D4),
        Draft::D6 => k.extend(D6),
        Draft::D7 => k.extend(D6.iter().chain(D7)),
        Draft::D2019 => k.extend(D6.iter().chain(D7).chain(D2019).chain(D2019_ONLY)),
        Draft::D2020 => k.extend(D6.iter().chain(D7).chain(D2019).chain(D2020)),
    }
    k
}

fn first_draft_with(keyword: &str) -> Option<Draft> {
    [Draft::D4, Draft::D6, Draft::D7, Draft::D2019, Draft::D2020]
        .into_iter()
        .find(|&d| keywords(d).contains(&keyword))
}

/// What an unknown key is: a typo, a keyword of another draft, or just unknown.
pub enum KeyKind {
    Known,
    Typo {
        suggestion: &'static str,
        unambiguous: bool,
    },
    OtherDraft(Draft),
    Unknown,
}

pub fn classify_key(draft: Draft, key: &str, at_root: bool) -> KeyKind {
    let known = keywords(draft);
    if known.contains(&key) || key.starts_with("x-") || (at_root && key == "version") {
        return KeyKind::Known;
    }
    if let Some(d) = first_draft_with(key) {
        return KeyKind::OtherDraft(d);
    }
    let mut candidates = known.to_vec();
    if at_root {
        candidates.push("version");
    }
    match suggest(key, &candidates) {
        Some((s, unambiguous)) => KeyKind::Typo {
            suggestion: s,
            unambiguous,
        },
        None => KeyKind::Unknown,
    }
}

fn each_key(cx: &FileCx, mut f: impl FnMut(&str, &str, KeyKind)) {
    for node in &cx.nodes {
        for key in node.value.keys() {
            let kind = classify_key(cx.draft, key, node.pointer.is_empty());
            f(&node.pointer, key, kind);
        }
    }
}

/// E005 keyword-typo
pub fn keyword_typo(cx: &FileCx, out: &mut Out) {
    each_key(cx, |ptr, key, kind| {
        if let KeyKind::Typo { suggestion, .. } = kind {
            out.key(
                &child(ptr, key),
                format!("unknown keyword \"{key}\": did you mean \"{suggestion}\"? Validators ignore unknown keywords, so this constraint is not applied"),
                format!("rename \"{key}\" to \"{suggestion}\""),
            );
        }
    });
}

/// W006 unknown-keyword
pub fn unknown_keyword(cx: &FileCx, out: &mut Out) {
    each_key(cx, |ptr, key, kind| {
        if let KeyKind::Unknown = kind {
            out.key(
                &child(ptr, key),
                format!("unknown keyword \"{key}\" is ignored by validators"),
                "remove it, or prefix it with \"x-\" to mark it as a deliberate extension",
            );
        }
    });
}

/// E013 keyword-not-in-draft
pub fn keyword_not_in_draft(cx: &FileCx, out: &mut Out) {
    each_key(cx, |ptr, key, kind| {
        if let KeyKind::OtherDraft(d) = kind {
            out.key(
                &child(ptr, key),
                format!(
                    "\"{key}\" is a {} keyword; under {} (this file's draft) validators ignore it",
                    d.label(),
                    cx.draft.label()
                ),
                if d < cx.draft {
                    format!(
                        "{} replaced it: use its equivalent (dependentRequired/dependentSchemas for dependencies, prefixItems and items for additionalItems)",
                        cx.draft.label()
                    )
                } else {
                    format!(
                        "declare a $schema of {} or later, or express the constraint with {} keywords",
                        d.label(),
                        cx.draft.label()
                    )
                },
            );
        }
    });
}

/// E007 unresolved-ref
pub fn unresolved_ref(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let Some(Value::String(r)) = node.value.get("$ref") else {
            continue;
        };
        let ptr = child(&node.pointer, "$ref");
        if let Err(e) = cx
            .catalog
            .resolve_at(crate::refs::DocId::Catalog(cx.index), &ptr, r)
        {
            let help = match e {
                crate::catalog::RefError::BadPointer(_) => "fix the JSON pointer or anchor name after '#' (it is case-sensitive; '/' in a name is written ~1)",
                _ => "point the $ref at a file of the catalog (by a path relative to the nearest $id, or by $id), a built-in metaschema, or a file served with --resolve or [refs] map",
            };
            out.value(&ptr, e.to_string(), help);
        }
    }
}

type NodeId = (usize, String);
/// Out-edges of a node: (target, `$ref` site when the edge is a `$ref`).
type Edges = Vec<(NodeId, Option<NodeId>)>;
/// A DFS frame: node, its edges (target, `$ref` site), next edge, `$ref` site of the edge in.
type Frame = (NodeId, Vec<(NodeId, Option<NodeId>)>, usize, Option<NodeId>);

fn in_place_edges(catalog: &Catalog, id: &NodeId) -> Vec<(NodeId, Option<NodeId>)> {
    let mut edges = Vec::new();
    let Some(Value::Object(map)) = catalog.schemas[id.0].value.pointer(&id.1) else {
        return edges;
    };
    if let Some(Value::String(r)) = map.get("$ref") {
        if let Ok((t, frag)) = catalog.resolve_ref_at(id.0, &child(&id.1, "$ref"), r) {
            if let Some(Value::Object(_)) = catalog.schemas[t].value.pointer(&frag) {
                edges.push(((t, frag), Some((id.0, child(&id.1, "$ref")))));
            }
        }
    }
    for k in ARRAY.iter().filter(|k| **k != "prefixItems") {
        if let Some(Value::Array(items)) = map.get(*k) {
            for i in 0..items.len() {
                edges.push(((id.0, format!("{}/{i}", child(&id.1, k))), None));
            }
        }
    }
    for k in ["not", "if", "then", "else"] {
        if map.get(k).is_some_and(Value::is_object) {
            edges.push(((id.0, child(&id.1, k)), None));
        }
    }
    edges
}

/// E008 ref-cycle: a loop of `$ref`s (through allOf/anyOf/oneOf/not/if/then/else) that
/// never descends into the instance, so validation can never end.
pub fn ref_cycle(cx: &Cx, out: &mut Out) {
    let mut state: HashMap<NodeId, u8> = HashMap::new();
    let mut reported: BTreeSet<Vec<NodeId>> = BTreeSet::new();
    for f in &cx.files {
        for node in &f.nodes {
            let start = (f.index, node.pointer.clone());
            if state.contains_key(&start) {
                continue;
            }
            // Iterative DFS: (node, edge list, next edge index, ref site of the edge in).
            let mut stack: Vec<Frame> =
                vec![(start.clone(), in_place_edges(cx.catalog, &start), 0, None)];
            state.insert(start, 1);
            while let Some(top) = stack.last_mut() {
                if top.2 >= top.1.len() {
                    state.insert(top.0.clone(), 2);
                    stack.pop();
                    continue;
                }
                let (next, site) = top.1[top.2].clone();
                top.2 += 1;
                match state.get(&next) {
                    Some(1) => {
                        // A cycle: from `next`'s place on the stack to the top, plus this edge.
                        let Some(from) = stack.iter().position(|e| e.0 == next) else {
                            continue;
                        };
                        let mut sites: Vec<NodeId> = stack[from + 1..]
                            .iter()
                            .filter_map(|e| e.3.clone())
                            .collect();
                        sites.extend(site);
                        if sites.is_empty() {
                            continue;
                        }
                        sites.sort_by(|a, b| {
                            (&cx.catalog.schemas[a.0].rel, &a.1)
                                .cmp(&(&cx.catalog.schemas[b.0].rel, &b.1))
                        });
                        if !reported.insert(sites.clone()) {
                            continue;
                        }
                        let path: Vec<String> = sites
                            .iter()
                            .map(|(fi, p)| {
                                let r = cx.catalog.schemas[*fi]
                                    .value
                                    .pointer(p)
                                    .and_then(Value::as_str)
                                    .unwrap_or("?");
                                format!("{}#{p} → \"{r}\"", cx.catalog.schemas[*fi].rel)
                            })
                            .collect();
                        out.file = sites[0].0;
                        out.value(
                            &sites[0].1,
                            format!(
                                "$ref cycle without a base case: {}; validating any instance recurses forever",
                                path.join(", ")
                            ),
                            "make the recursion go through properties/items (so each step consumes part of the instance), or break the loop",
                        );
                    }
                    Some(_) => {}
                    None => {
                        state.insert(next.clone(), 1);
                        let edges = in_place_edges(cx.catalog, &next);
                        if stack.len() < 10_000 {
                            stack.push((next, edges, 0, site));
                        }
                    }
                }
            }
        }
    }
}

/// E009 invalid-pattern
pub fn invalid_pattern(cx: &FileCx, out: &mut Out) {
    let check = |p: &str| -> Option<String> {
        if !jsonschema_regex::is_valid_ecma_regex(p) {
            return Some(format!("/{p}/ is not a valid ECMA-262 regular expression"));
        }
        // Most patterns translate to the `regex` crate; the rest go through the validator's
        // own compile path (fancy-regex for lookarounds and backreferences).
        if crate::lint::rust_regex(p).is_some() {
            return None;
        }
        match jsonschema::options()
            .with_pattern_cache(crate::lint::pattern_cache())
            .build(&json!({ "pattern": p }))
        {
            Ok(_) => None,
            Err(e) => Some(format!("/{p}/ cannot be compiled by the validator: {e}")),
        }
    };
    for node in &cx.nodes {
        if let Some(Value::String(p)) = node.value.get("pattern") {
            if let Some(m) = check(p) {
                out.value(&child(&node.pointer, "pattern"), m, "JSON Schema patterns use ECMA-262 syntax; escape backslashes in JSON (\"\\\\d\")");
            }
        }
        if let Some(Value::Object(pp)) = node.value.get("patternProperties") {
            for key in pp.keys() {
                if let Some(m) = check(key) {
                    out.key(
                        &child(&child(&node.pointer, "patternProperties"), key),
                        format!("patternProperties key {m}"),
                        "JSON Schema patterns use ECMA-262 syntax",
                    );
                }
            }
        }
    }
}

/// Format names the validator knows (DESIGN.md asserts them under every draft).
pub const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// E010 unknown-format
pub fn unknown_format(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        if let Some(Value::String(f)) = node.value.get("format") {
            if FORMATS.contains(&f.as_str()) {
                continue;
            }
            let help = match suggest(f, FORMATS) {
                Some((s, _)) => format!("did you mean \"{s}\"?"),
                None => format!("known formats: {}", FORMATS.join(", ")),
            };
            out.value(
                &child(&node.pointer, "format"),
                format!("unknown format \"{f}\": validators ignore it, so any string passes"),
                help,
            );
        }
    }
}

/// W011 ignored-keyword (ajv strict mode: keywords that have no effect where they are)
pub fn ignored_keyword(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let m = node.value;
        let has = |k: &str| m.contains_key(k);
        let mut flag = |k: &str, why: &str, help: &str| {
            out.key(
                &child(&node.pointer, k),
                format!("\"{k}\" has no effect here: {why}"),
                help.to_owned(),
            );
        };
        if cx.draft >= Draft::D7 {
            for k in ["then", "else"] {
                if has(k) && !has("if") {
                    flag(
                        k,
                        "there is no \"if\" beside it",
                        "add the \"if\" condition, or merge the subschema into its parent",
                    );
                }
            }
            if has("if") && !has("then") && !has("else") {
                flag(
                    "if",
                    "there is no \"then\" or \"else\" beside it",
                    "add \"then\"/\"else\", or remove \"if\"",
                );
            }
        }
        if has("additionalItems") && !matches!(m.get("items"), Some(Value::Array(_))) {
            flag(
                "additionalItems",
                "it only applies when \"items\" is an array of schemas",
                "remove it, or constrain the items with \"items\"",
            );
        }
        for k in ["minContains", "maxContains"] {
            if has(k) && !has("contains") {
                flag(
                    k,
                    "there is no \"contains\" beside it",
                    "add \"contains\", or remove it",
                );
            }
        }
        if cx.draft == Draft::D4 {
            for (k, base) in [
                ("exclusiveMaximum", "maximum"),
                ("exclusiveMinimum", "minimum"),
            ] {
                if has(k) && !has(base) {
                    flag(
                        k,
                        &format!("under draft-04 it only modifies \"{base}\", which is absent"),
                        "add the bound it qualifies",
                    );
                }
            }
        }
    }
}

/// Keywords that only annotate: harmless beside `$ref` in draft-07 and older.
const REF_SIBLINGS_OK: &[&str] = &[
    "title",
    "description",
    "$comment",
    "examples",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "definitions",
    "$defs",
    "$schema",
    "$id",
    "id",
];

/// W012 ref-siblings-ignored
pub fn ref_siblings_ignored(cx: &FileCx, out: &mut Out) {
    if !cx.draft.ref_overrides_siblings() {
        return;
    }
    for node in &cx.nodes {
        if !node.value.contains_key("$ref") {
            continue;
        }
        for key in node.value.keys() {
            if key == "$ref" || key.starts_with("x-") || REF_SIBLINGS_OK.contains(&key.as_str()) {
                continue;
            }
            if node.pointer.is_empty() && key == "version" {
                continue;
            }
            out.key(
                &child(&node.pointer, key),
                format!("\"{key}\" beside \"$ref\" is ignored under {}: $ref replaces every sibling keyword", cx.draft.label()),
                "wrap both in \"allOf\": [{\"$ref\": ...}, {...}] so the constraint applies",
            );
        }
    }
}

/// The official URI of a draft's metaschema.
pub fn official_uri(draft: Draft) -> &'static str {
    match draft {
        Draft::D4 => "http://json-schema.org/draft-04/schema#",
        Draft::D6 => "http://json-schema.org/draft-06/schema#",
        Draft::D7 => "http://json-schema.org/draft-07/schema#",
        Draft::D2019 => "https://json-schema.org/draft/2019-09/schema",
        Draft::D2020 => "https://json-schema.org/draft/2020-12/schema",
    }
}

/// W014 dialect-uri (sourcemeta draft_official_dialect_*): a recognisable but unofficial
/// spelling of a draft URI, which some validators do not recognise.
pub fn dialect_uri(cx: &FileCx, out: &mut Out) {
    let Some(Value::String(uri)) = cx.file.value.get("$schema") else {
        return;
    };
    let Some(draft) = Draft::from_uri(uri) else {
        return;
    };
    let official = official_uri(draft);
    if uri != official {
        out.value(
            "/$schema",
            format!("\"{uri}\" is not the official {} URI; validators that match it exactly (ajv, sourcemeta) will not recognise the draft", draft.label()),
            format!("write \"{official}\" (evschema lint --fix does it)"),
        );
    }
}

/// True when an in-place `$ref` loop (what ref-cycle reports) is reachable from one of the
/// subschemas of file `file`: compiling such a schema would recurse without end.
pub fn reaches_ref_cycle(catalog: &Catalog, file: usize, pointers: &[&str]) -> bool {
    let mut state: HashMap<NodeId, u8> = HashMap::new();
    for p in pointers {
        let start: NodeId = (file, (*p).to_owned());
        if state.contains_key(&start) {
            continue;
        }
        let mut stack: Vec<(NodeId, Edges, usize)> =
            vec![(start.clone(), in_place_edges(catalog, &start), 0)];
        state.insert(start, 1);
        while let Some(top) = stack.last_mut() {
            if top.2 >= top.1.len() {
                state.insert(top.0.clone(), 2);
                stack.pop();
                continue;
            }
            let next = top.1[top.2].0.clone();
            top.2 += 1;
            match state.get(&next) {
                Some(1) => return true,
                Some(_) => {}
                None => {
                    if stack.len() > 10_000 {
                        return true;
                    }
                    state.insert(next.clone(), 1);
                    let edges = in_place_edges(catalog, &next);
                    stack.push((next, edges, 0));
                }
            }
        }
    }
    false
}
