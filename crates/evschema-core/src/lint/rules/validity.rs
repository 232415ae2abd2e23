//! Validity: the schema means what its author thinks under its declared draft.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};

use crate::catalog::Catalog;
use crate::draft::Declared;
use crate::lint::walk::{Draft, ARRAY};
use crate::lint::{child, suggest, Cx, FileCx, Out};

/// E002 duplicate-key
pub fn duplicate_key(cx: &FileCx, out: &mut Out) {
    for d in cx.file.spans.duplicates() {
        let name = crate::pointer::last(&d.pointer).unwrap_or_default();
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
        if !uri.is_string() || cx.declared == Declared::Unknown {
            out.value(
                "/$schema",
                format!("$schema {uri} names no JSON Schema draft evschema knows; the file is checked as draft-07"),
                "use http://json-schema.org/draft-07/schema# (or draft-04, -06, 2019-09, 2020-12)",
            );
            return;
        }
    }
    let validator = cx.draft.metaschema_validator();
    let mut seen = BTreeSet::new();
    for e in validator.iter_errors(value) {
        for (pointer, message) in explain(&e, cx.draft, 0) {
            // invalid-pattern (E009) reports bad regexes with a better message; one finding
            // per place (a mistake is reported once, not once per metaschema branch).
            if message.ends_with("is not a \"regex\"") || !seen.insert(pointer.clone()) {
                continue;
            }
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

/// A short rendering of a JSON value for messages.
fn brief(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("<{}>", crate::validate::engine::json_type(v))
    } else {
        s
    }
}

/// The shape a keyword's value must have, for the keyword at the end of `pointer`.
fn expected_shape(pointer: &str, draft: Draft) -> Option<String> {
    let mut tokens = pointer.rsplit('/');
    let key = crate::pointer::unescape(tokens.next()?);
    let parent = tokens.next().map(crate::pointer::unescape);
    let schema = "a schema (an object, or true/false)";
    if let Some(p) = parent.as_deref() {
        if crate::lint::walk::MAP.contains(&p) && p != "dependencies" {
            return Some(schema.to_owned());
        }
        if crate::lint::walk::ARRAY.contains(&p) {
            return Some(schema.to_owned());
        }
        if p == "type" {
            return Some(format!(
                "a type name: {}",
                crate::lint::walk::TYPE_NAMES.join(", ")
            ));
        }
    }
    let shape = match key.as_str() {
        "type" => format!(
            "a type name ({}) or an array of distinct type names",
            crate::lint::walk::TYPE_NAMES.join(", ")
        ),
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties"
        | "minContains" | "maxContains" => "a non-negative integer".to_owned(),
        "minimum" | "maximum" => "a number".to_owned(),
        "exclusiveMinimum" | "exclusiveMaximum" if draft == Draft::D4 => {
            "a boolean (draft-04 qualifies minimum/maximum with it)".to_owned()
        }
        "exclusiveMinimum" | "exclusiveMaximum" => "a number".to_owned(),
        "multipleOf" => "a number greater than 0".to_owned(),
        "required" if draft == Draft::D4 => "a non-empty array of distinct strings".to_owned(),
        "required" => "an array of distinct strings (property names)".to_owned(),
        "enum" => "an array of the allowed values".to_owned(),
        "examples" => "an array of example values".to_owned(),
        "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
            "an object whose values are schemas".to_owned()
        }
        "items" if draft == Draft::D2020 => schema.to_owned(),
        "items" => format!("{schema}, or an array of schemas"),
        "additionalProperties"
        | "additionalItems"
        | "not"
        | "if"
        | "then"
        | "else"
        | "contains"
        | "propertyNames"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "contentSchema" => schema.to_owned(),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => "a non-empty array of schemas".to_owned(),
        "pattern" => "a string (an ECMA-262 regular expression)".to_owned(),
        "format" | "title" | "description" | "$comment" | "contentMediaType"
        | "contentEncoding" | "$anchor" | "$dynamicAnchor" => "a string".to_owned(),
        "$id" | "id" | "$ref" | "$schema" | "$dynamicRef" | "$recursiveRef" => {
            "a string (a URI reference)".to_owned()
        }
        "uniqueItems" | "readOnly" | "writeOnly" | "deprecated" | "$recursiveAnchor" => {
            "a boolean".to_owned()
        }
        "dependencies" => {
            "an object whose values are schemas or arrays of property names".to_owned()
        }
        "dependentRequired" => "an object whose values are arrays of distinct strings".to_owned(),
        _ => return None,
    };
    Some(shape)
}

/// What one metaschema error means, as (pointer, message) pairs: an anyOf/oneOf that
/// failed is explained by the branch that matches the value's JSON type (the one the
/// author meant), a wrong type name lists the allowed names, a wrong shape says the shape.
fn explain(e: &jsonschema::ValidationError, draft: Draft, depth: usize) -> Vec<(String, String)> {
    use jsonschema::error::ValidationErrorKind as K;
    let pointer = e.instance_path().to_string();
    let instance: &Value = e.instance();
    let shape = || expected_shape(&pointer, draft);
    let key = crate::pointer::last(&pointer).unwrap_or_default();
    let is_type_keyword = key == "type"
        || pointer
            .rsplit('/')
            .nth(1)
            .is_some_and(|p| p == "type" && key.bytes().all(|b| b.is_ascii_digit()));
    match e.kind() {
        K::AnyOf { context } | K::OneOfNotValid { context } if depth < 8 => {
            // A branch whose errors are not all "wrong type here" is the one meant.
            // A branch that got inside the value (an error below it) is the one meant; else
            // one whose errors are not all "wrong type here".
            let deeper = context.iter().find(|branch| {
                branch
                    .iter()
                    .any(|b| b.instance_path().to_string().len() > pointer.len())
            });
            let meant = deeper.or_else(|| {
                context.iter().find(|branch| {
                    !branch.is_empty()
                        && !branch.iter().all(|b| {
                            matches!(b.kind(), K::Type { .. })
                                && b.instance_path().to_string() == pointer
                        })
                })
            });
            if let Some(branch) = meant {
                let mut out = Vec::new();
                for b in branch {
                    out.extend(explain(b, draft, depth + 1));
                }
                if !out.is_empty() {
                    return out;
                }
            }
            let what = shape().unwrap_or_else(|| "a value of another type".to_owned());
            vec![(
                pointer.clone(),
                format!("\"{key}\" must be {what}; found {}", brief(instance)),
            )]
        }
        K::Enum { .. } if is_type_keyword => {
            let name = instance.as_str().unwrap_or_default();
            let hint = match suggest(name, &crate::lint::walk::TYPE_NAMES) {
                Some((s, _)) => format!(" (did you mean \"{s}\"?)"),
                None => String::new(),
            };
            vec![(
                pointer.clone(),
                format!(
                    "{} is not a JSON Schema type; the type names are {}{hint}",
                    brief(instance),
                    crate::lint::walk::TYPE_NAMES.join(", ")
                ),
            )]
        }
        K::Type { .. } | K::Minimum { .. } | K::ExclusiveMinimum { .. } | K::MinItems { .. }
            if shape().is_some() =>
        {
            vec![(
                pointer.clone(),
                format!(
                    "\"{key}\" must be {}; found {}",
                    shape().unwrap_or_default(),
                    brief(instance)
                ),
            )]
        }
        _ => {
            let mut message = e.to_string();
            if message.len() > 240 {
                message = e
                    .masked_with(format!(
                        "<{}>",
                        crate::validate::engine::json_type(instance)
                    ))
                    .to_string();
            }
            vec![(pointer, message)]
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

/// Keywords of tools built on JSON Schema that validators ignore by design: editors (VS Code's
/// `markdownDescription`, `defaultSnippets`...), ajv and ajv-errors/ajv-keywords
/// (`errorMessage`, `typeof`, `instanceof`...), form generators (`enumNames`, `propertyOrder`),
/// code generators (`ts*`, `javaType`, `goJSONSchema`...). Never a typo.
pub const VENDOR_EXTENSIONS: &[&str] = &[
    "$async",
    "$data",
    "$merge",
    "$patch",
    "additionalKeywords",
    "allowComments",
    "allowTrailingCommas",
    "defaultSnippets",
    "deprecationMessage",
    "doNotSuggest",
    "dynamicDefaults",
    "enumDescriptions",
    "enumNames",
    "errorMessage",
    "existingJavaType",
    "extends",
    "formatExclusiveMaximum",
    "formatExclusiveMinimum",
    "formatMaximum",
    "formatMinimum",
    "goJSONSchema",
    "instanceof",
    "javaEnumNames",
    "javaInterfaces",
    "javaType",
    "markdownDescription",
    "markdownEnumDescriptions",
    "patternErrorMessage",
    "patternRequired",
    "propertyOrder",
    "regexp",
    "suggestSortText",
    "transform",
    "typeof",
    "uniqueItemProperties",
];

/// True for a key a known tool defines: `x-*`, `ts*` (typescript generators: `tsType`,
/// `tsEnumNames`, `tsAdditionalProperties`), or one of [`VENDOR_EXTENSIONS`].
pub fn is_vendor_extension(key: &str) -> bool {
    key.starts_with("x-")
        || key
            .strip_prefix("ts")
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_uppercase())
        || VENDOR_EXTENSIONS.contains(&key)
}

/// The keyword `key` differs from by a prefix or a suffix (`tsAdditionalProperties`,
/// `defs` for `$defs`, `minimumValue`): an extension named after a keyword, not a typo. A
/// single letter does not count (`require` is `required` mistyped), a single non-letter
/// does (`$`, `_`, `@`).
pub fn affix_of<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let k = key.to_ascii_lowercase();
    // the longest keyword it extends (tsAdditionalProperties: additionalProperties, not
    // properties)
    known
        .iter()
        .copied()
        .filter(|kw| {
            let w = kw.to_ascii_lowercase();
            let (long, short) = if k.len() > w.len() {
                (&k, &w)
            } else {
                (&w, &k)
            };
            if long.len() == short.len() || short.len() < 3 {
                return false;
            }
            let affix = if long.starts_with(short.as_str()) {
                &long[short.len()..]
            } else if long.ends_with(short.as_str()) {
                &long[..long.len() - short.len()]
            } else {
                return false;
            };
            affix.len() >= 2 || affix.bytes().all(|b| !b.is_ascii_alphanumeric())
        })
        .max_by_key(|kw| kw.len())
}

/// What an unknown key is: a typo, a keyword of another draft, or just unknown.
pub enum KeyKind {
    Known,
    /// A vendor extension ([`is_vendor_extension`]): deliberate, never reported.
    Extension,
    Typo {
        suggestion: &'static str,
        unambiguous: bool,
    },
    OtherDraft(Draft),
    /// Not a keyword; `like` is the keyword it extends by a prefix/suffix, if any.
    Unknown {
        like: Option<&'static str>,
    },
}

pub fn classify_key(draft: Draft, key: &str, at_root: bool) -> KeyKind {
    let known = keywords(draft);
    if known.contains(&key) || (at_root && key == "version") {
        return KeyKind::Known;
    }
    if is_vendor_extension(key) {
        return KeyKind::Extension;
    }
    if let Some(d) = first_draft_with(key) {
        return KeyKind::OtherDraft(d);
    }
    let mut candidates = known.to_vec();
    if at_root {
        candidates.push("version");
    }
    if let Some(like) = affix_of(key, &candidates) {
        return KeyKind::Unknown { like: Some(like) };
    }
    match suggest(key, &candidates) {
        Some((s, unambiguous)) => KeyKind::Typo {
            suggestion: s,
            unambiguous,
        },
        None => KeyKind::Unknown { like: None },
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

/// W006 unknown-keyword: one finding per keyword per file, at its first occurrence.
pub fn unknown_keyword(cx: &FileCx, out: &mut Out) {
    // keyword → (first pointer, count, the keyword it extends)
    let mut seen: Vec<(String, String, usize, Option<&'static str>)> = Vec::new();
    each_key(cx, |ptr, key, kind| {
        if let KeyKind::Unknown { like } = kind {
            match seen.iter_mut().find(|s| s.0 == key) {
                Some(s) => s.2 += 1,
                None => seen.push((key.to_owned(), child(ptr, key), 1, like)),
            }
        }
    });
    for (key, first, count, like) in seen {
        let times = if count == 1 {
            String::new()
        } else {
            format!(" ({count} occurrences in this file; the first is shown)")
        };
        let help = match like {
            Some(kw) => format!("if it is an extension, prefix it with \"x-\" to say so; if \"{kw}\" was meant, rename it"),
            None => "remove it, or prefix it with \"x-\" to mark it as a deliberate extension".to_owned(),
        };
        out.key(
            &first,
            format!("unknown keyword \"{key}\" is ignored by validators{times}"),
            help,
        );
    }
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
type Frame = (NodeId, Edges, usize, Option<NodeId>);

/// Longest path [`walk_in_place`] follows.
const MAX_PATH: usize = 10_000;

/// What [`walk_in_place`] does past [`MAX_PATH`] nodes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Deep {
    /// Stop the walk (and say so).
    Stop,
    /// Go no deeper on that path.
    Prune,
}

/// The depth-first walk over [`in_place_edges`] from `start` that [`ref_cycle`] and
/// [`reaches_ref_cycle`] share, iterative, marking `state` (1 while a node is on the path,
/// 2 once done). `back` gets each edge that closes a loop (the path, the edge's target and
/// its ref site) and returns true to stop. Returns true when the walk stopped.
fn walk_in_place(
    catalog: &Catalog,
    start: NodeId,
    state: &mut HashMap<NodeId, u8>,
    deep: Deep,
    mut back: impl FnMut(&[Frame], &NodeId, Option<NodeId>) -> bool,
) -> bool {
    let mut stack: Vec<Frame> = vec![(start.clone(), in_place_edges(catalog, &start), 0, None)];
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
                if back(&stack, &next, site) {
                    return true;
                }
            }
            Some(_) => {}
            None => {
                if deep == Deep::Stop && stack.len() > MAX_PATH {
                    return true;
                }
                state.insert(next.clone(), 1);
                let edges = in_place_edges(catalog, &next);
                if deep == Deep::Stop || stack.len() < MAX_PATH {
                    stack.push((next, edges, 0, site));
                }
            }
        }
    }
    false
}

fn in_place_edges(catalog: &Catalog, id: &NodeId) -> Edges {
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
            walk_in_place(
                cx.catalog,
                start,
                &mut state,
                Deep::Prune,
                |stack, next, site| {
                    // A cycle: from `next`'s place on the stack to the top, plus this edge.
                    let Some(from) = stack.iter().position(|e| e.0 == *next) else {
                        return false;
                    };
                    let mut sites: Vec<NodeId> = stack[from + 1..]
                        .iter()
                        .filter_map(|e| e.3.clone())
                        .collect();
                    sites.extend(site);
                    if sites.is_empty() {
                        return false;
                    }
                    sites.sort_by(|a, b| {
                        (&cx.catalog.schemas[a.0].rel, &a.1)
                            .cmp(&(&cx.catalog.schemas[b.0].rel, &b.1))
                    });
                    if !reported.insert(sites.clone()) {
                        return false;
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
                    false
                },
            );
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
        match crate::validator::for_draft(Draft::D2020, true)
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
            if key == "$ref" || REF_SIBLINGS_OK.contains(&key.as_str()) {
                continue;
            }
            // Only keywords assert: extensions and unknown keys (markdownDescription,
            // x-*) annotate, and unknown-keyword reports the unknown ones.
            if !matches!(
                classify_key(cx.draft, key, node.pointer.is_empty()),
                KeyKind::Known
            ) || (node.pointer.is_empty() && key == "version")
            {
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
    draft.uri()
}

/// W014 dialect-uri (sourcemeta draft_official_dialect_*): a recognisable but unofficial
/// spelling of a draft URI, which some validators do not recognise.
pub fn dialect_uri(cx: &FileCx, out: &mut Out) {
    let Some(Value::String(uri)) = cx.file.value.get("$schema") else {
        return;
    };
    let Some((draft, declared)) = Draft::from_uri(uri) else {
        return;
    };
    let official = official_uri(draft);
    let message = match declared {
        Declared::Official => return,
        Declared::Latest => format!("\"{uri}\" names whichever draft is current, which evschema reads as {} today; a later draft would change what the schema means", draft.label()),
        _ => format!("\"{uri}\" is not the official spelling of the {} metaschema URI (\"{official}\"); tools that compare $schema as a string may not recognise it", draft.label()),
    };
    out.value(
        "/$schema",
        message,
        format!("write \"{official}\" (evschema lint --fix does it)"),
    );
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
        if walk_in_place(catalog, start, &mut state, Deep::Stop, |_, _, _| true) {
            return true;
        }
    }
    false
}
