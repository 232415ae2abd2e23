//! Consistency: keywords that contradict each other, or data that contradicts its schema.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::with_refs;
use crate::lint::walk::{type_admits, type_set, Draft, Via};
use crate::lint::{child, FileCx, Out};

/// E101 min-exceeds-max
pub fn min_exceeds_max(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let m = node.value;
        let num = |k: &str| m.get(k).and_then(Value::as_f64);
        let flag = |out: &mut Out, lo: &str, hi: &str, l: f64, h: f64| {
            out.key(
                &child(&node.pointer, lo),
                format!("\"{lo}\" ({l}) is above \"{hi}\" ({h}): no value can satisfy both, so every instance fails"),
                "swap the bounds, or fix the one that is wrong",
            );
        };
        for (lo, hi) in [
            ("minLength", "maxLength"),
            ("minItems", "maxItems"),
            ("minProperties", "maxProperties"),
            ("minContains", "maxContains"),
        ] {
            if let (Some(l), Some(h)) = (num(lo), num(hi)) {
                if l > h {
                    flag(out, lo, hi, l, h);
                }
            }
        }
        // Numeric bounds; draft-04 writes exclusiveness as booleans beside minimum/maximum.
        let d4_excl = |k: &str| cx.draft == Draft::D4 && m.get(k) == Some(&Value::Bool(true));
        let lower = num("minimum").map(|v| (v, d4_excl("exclusiveMinimum"), "minimum"));
        let upper = num("maximum").map(|v| (v, d4_excl("exclusiveMaximum"), "maximum"));
        let xlower = if cx.draft == Draft::D4 {
            None
        } else {
            num("exclusiveMinimum").map(|v| (v, true, "exclusiveMinimum"))
        };
        let xupper = if cx.draft == Draft::D4 {
            None
        } else {
            num("exclusiveMaximum").map(|v| (v, true, "exclusiveMaximum"))
        };
        'pairs: for lo in [lower, xlower].into_iter().flatten() {
            for hi in [upper, xupper].into_iter().flatten() {
                let empty = lo.0 > hi.0 || (lo.0 == hi.0 && (lo.1 || hi.1));
                if empty {
                    flag(out, lo.2, hi.2, lo.0, hi.0);
                    break 'pairs;
                }
            }
        }
    }
}

/// Property names a subschema defines, with those of its `$ref` targets.
fn defined_names(
    cx: &FileCx,
    ptr: &str,
    node: &Map<String, Value>,
    names: &mut BTreeSet<String>,
    patterns: &mut Vec<String>,
    depth: usize,
) -> bool {
    if depth > 16 {
        return false;
    }
    let mut any = false;
    for (_, _, m) in with_refs(cx, cx.index, ptr, node) {
        if let Some(Value::Object(p)) = m.get("properties") {
            any = true;
            names.extend(p.keys().cloned());
        }
        if let Some(Value::Object(pp)) = m.get("patternProperties") {
            any = true;
            patterns.extend(pp.keys().cloned());
        }
        for k in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(items)) = m.get(k) {
                for (i, b) in items.iter().enumerate() {
                    if let Value::Object(b) = b {
                        any |= defined_names(
                            cx,
                            &format!("{ptr}/{k}/{i}"),
                            b,
                            names,
                            patterns,
                            depth + 1,
                        );
                    }
                }
            }
        }
    }
    any
}

/// A subschema that only says which properties are present (or absent).
fn only_tests_presence(m: &Map<String, Value>) -> bool {
    m.iter().all(|(k, v)| match k.as_str() {
        "required" | "title" | "description" | "$comment" | "minProperties" | "maxProperties"
        | "dependentRequired" => true,
        "not" => v.as_object().is_some_and(only_tests_presence),
        "allOf" | "anyOf" | "oneOf" => v.as_array().is_some_and(|bs| {
            bs.iter()
                .all(|b| b.as_object().is_some_and(only_tests_presence))
        }),
        _ => false,
    })
}

/// E102 required-not-in-properties
pub fn required_not_in_properties(cx: &FileCx, out: &mut Out) {
    for (index, node) in cx.nodes.iter().enumerate() {
        let Some(Value::Array(required)) = node.value.get("required") else {
            continue;
        };
        // `not: {required: [x]}` forbids x, `if: {required: [x]}` tests for it, and an
        // anyOf/oneOf branch of presence tests picks a combination of properties: none of
        // them defines anything.
        if node.in_test || (node.via == Via::InPlace && only_tests_presence(node.value)) {
            continue;
        }
        let mut names = BTreeSet::new();
        let mut patterns = Vec::new();
        let mut any = defined_names(cx, &node.pointer, node.value, &mut names, &mut patterns, 0);
        // A conditional or allOf branch names properties its enclosing schema defines.
        let mut at = index;
        while matches!(cx.nodes[at].via, Via::Conditional | Via::InPlace) {
            let Some(parent) = cx.nodes[at].parent else {
                break;
            };
            let p = &cx.nodes[parent];
            any |= defined_names(cx, &p.pointer, p.value, &mut names, &mut patterns, 0);
            at = parent;
        }
        if !any {
            continue;
        }
        let regexes: Vec<regex::Regex> = patterns
            .iter()
            .filter_map(|p| crate::lint::rust_regex(p))
            .collect();
        for (i, name) in required.iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            if names.contains(name) || regexes.iter().any(|r| r.is_match(name)) {
                continue;
            }
            let names_vec: Vec<&str> = names.iter().map(String::as_str).collect();
            let help = match crate::lint::suggest(name, &names_vec) {
                Some((s, _)) => format!(
                    "did you mean \"{s}\"? Otherwise define \"{name}\" under \"properties\""
                ),
                None => format!(
                    "define \"{name}\" under \"properties\", or remove it from \"required\""
                ),
            };
            out.value(
                &format!("{}/{i}", child(&node.pointer, "required")),
                format!("\"{name}\" is required but not defined in \"properties\""),
                help,
            );
        }
    }
}

/// E103 empty-enum
pub fn empty_enum(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        if let Some(Value::Array(e)) = node.value.get("enum") {
            if e.is_empty() {
                out.value(
                    &child(&node.pointer, "enum"),
                    "\"enum\" is empty: no value is valid, so every instance fails",
                    "list the allowed values, or remove \"enum\"",
                );
            }
        }
    }
}

/// E104 duplicate-enum-value
pub fn duplicate_enum_value(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        if let Some(Value::Array(e)) = node.value.get("enum") {
            for (i, v) in e.iter().enumerate() {
                if let Some(first) = e[..i].iter().position(|w| w == v) {
                    out.value(
                        &format!("{}/{i}", child(&node.pointer, "enum")),
                        format!("enum value {v} repeats entry {first}"),
                        "remove the duplicate (a duplicate often hides a typo in the value meant)",
                    );
                }
            }
        }
    }
}

/// E105 value-type-mismatch
pub fn value_type_mismatch(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let Some(types) = type_set(node.value.get("type")) else {
            continue;
        };
        let shown = types.join(" or ");
        if let Some(c) = node.value.get("const") {
            if !type_admits(&types, c) {
                out.value(
                    &child(&node.pointer, "const"),
                    format!("\"const\" {c} is not of the declared type {shown}: no instance can be valid"),
                    "make the constant and \"type\" agree",
                );
            }
        }
        if let Some(Value::Array(e)) = node.value.get("enum") {
            for (i, v) in e.iter().enumerate() {
                if !type_admits(&types, v) {
                    out.value(
                        &format!("{}/{i}", child(&node.pointer, "enum")),
                        format!("enum value {v} is not of the declared type {shown}, so it can never match"),
                        "quote it (or fix \"type\") so the value and the type agree",
                    );
                }
            }
        }
    }
}

/// Validators for subschemas of one file, compiled from its bundle on demand.
struct Annotated<'a> {
    cx: &'a FileCx<'a>,
    /// Bundled on first use: most files have no `default` at all.
    bundled: Option<Option<Value>>,
    /// The bundled document, registered once: a subschema's validator is then a `$ref`
    /// into it and compiles only what that subschema reaches.
    registry: Option<Option<jsonschema::Registry<'static>>>,
    cache: HashMap<String, Option<jsonschema::Validator>>,
}

/// The URI the bundled document is registered under.
const DOC_URI: &str = "urn:evschema:lint-document";

impl<'a> Annotated<'a> {
    fn new(cx: &'a FileCx<'a>) -> Annotated<'a> {
        Annotated {
            cx,
            bundled: None,
            registry: None,
            cache: HashMap::new(),
        }
    }

    fn validator(&mut self, pointer: &str) -> Option<&jsonschema::Validator> {
        let cx = self.cx;
        // A subschema without references validates alone: compile just it, not a wrapper
        // around the whole (bundled) document, which is linear in the file per default.
        if !pointer.is_empty() && !self.cache.contains_key(pointer) {
            if let Some(Value::Object(sub)) = cx.file.value.pointer(pointer) {
                if !sub.values().any(has_refs) && !sub.contains_key("$ref") {
                    let mut alone = sub.clone();
                    alone.remove("$id");
                    alone.remove("id");
                    alone.insert(
                        "$schema".to_owned(),
                        Value::String(super::validity::official_uri(cx.draft).to_owned()),
                    );
                    let v = crate::lint::compile(&Value::Object(alone)).ok();
                    self.cache.insert(pointer.to_owned(), v);
                }
            }
        }
        if self.cache.contains_key(pointer) {
            return self.cache.get(pointer).and_then(Option::as_ref);
        }
        let bundled = self
            .bundled
            .get_or_insert_with(|| {
                // A `$ref` to the document root would recurse through the wrapper we build.
                let self_ref = cx.nodes.iter().any(|n| {
                    n.value
                        .get("$ref")
                        .and_then(Value::as_str)
                        .is_some_and(|r| r == "#" || r.is_empty())
                });
                let pointers: Vec<&str> = cx.nodes.iter().map(|n| n.pointer.as_str()).collect();
                if self_ref || super::validity::reaches_ref_cycle(cx.catalog, cx.index, &pointers) {
                    None
                } else {
                    cx.catalog.bundle(cx.index).ok()
                }
            })
            .as_ref()?;
        let draft = self.cx.draft;
        let registry = self
            .registry
            .get_or_insert_with(|| {
                jsonschema::Registry::new()
                    .draft(draft.jsonschema())
                    .add(DOC_URI, bundled.clone())
                    .ok()?
                    .prepare()
                    .ok()
            })
            .as_ref();
        self.cache
            .entry(pointer.to_owned())
            .or_insert_with(|| {
                if pointer.is_empty() {
                    return crate::lint::compile(bundled).ok();
                }
                if let Some(registry) = registry {
                    let wrapper = serde_json::json!({
                        "$schema": super::validity::official_uri(draft),
                        "$ref": format!("{DOC_URI}#{}", fragment_of(pointer)),
                    });
                    if let Ok(v) = crate::lint::compile_with(&wrapper, Some(registry)) {
                        return Some(v);
                    }
                }
                crate::lint::compile(&wrap(bundled, pointer, draft)?).ok()
            })
            .as_ref()
    }

    fn check(
        &mut self,
        out: &mut Out,
        schema_ptr: &str,
        value_ptr: &str,
        what: &str,
        value: &Value,
    ) {
        let Some(v) = self.validator(schema_ptr) else {
            return;
        };
        if let Some(e) = v.iter_errors(value).next() {
            let at = e.instance_path().to_string();
            let msg = e.to_string();
            out.value(
                &format!("{value_ptr}{at}"),
                format!("{what} is not valid against the schema it annotates: {msg}"),
                format!("fix the {what} (documentation and generated code show it as valid), or the schema"),
            );
        }
    }
}

/// True when a value holds a reference keyword anywhere (then it cannot validate alone).
fn has_refs(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, c)| {
            matches!(k.as_str(), "$ref" | "$dynamicRef" | "$recursiveRef") || has_refs(c)
        }),
        Value::Array(items) => items.iter().any(has_refs),
        _ => false,
    }
}

/// A JSON pointer as a URI fragment (percent-encoded).
fn fragment_of(pointer: &str) -> String {
    pointer
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A schema that validates like the subschema at `pointer` of `root`.
fn wrap(root: &Value, pointer: &str, draft: Draft) -> Option<Value> {
    let fragment = fragment_of(pointer);
    let mut copy = root.as_object()?.clone();
    if draft.ref_overrides_siblings() {
        // Under draft-07 and older, `$ref` makes the root's own keywords ignored while the
        // document (and every pointer into it) stays as it is.
        copy.insert("$ref".to_owned(), Value::String(format!("#{fragment}")));
        if !copy.contains_key("$schema") {
            copy.insert(
                "$schema".to_owned(),
                Value::String("http://json-schema.org/draft-07/schema#".to_owned()),
            );
        }
        Some(Value::Object(copy))
    } else {
        let schema = copy.remove("$schema");
        copy.remove("$id");
        let mut defs = Map::new();
        if let Some(Value::Object(d)) = copy.get("$defs") {
            defs.extend(d.clone());
        }
        defs.insert("evschema:self".to_owned(), Value::Object(copy.clone()));
        let mut w = Map::new();
        if let Some(s) = schema {
            w.insert("$schema".to_owned(), s);
        }
        w.insert(
            "$ref".to_owned(),
            Value::String(format!("#/$defs/evschema:self{fragment}")),
        );
        w.insert("$defs".to_owned(), Value::Object(defs));
        if let Some(d) = copy.get("definitions") {
            w.insert("definitions".to_owned(), d.clone());
        }
        Some(Value::Object(w))
    }
}

/// E106 invalid-default
pub fn invalid_default(cx: &FileCx, out: &mut Out) {
    let mut a = Annotated::new(cx);
    for node in &cx.nodes {
        if let Some(d) = node.value.get("default") {
            a.check(
                out,
                &node.pointer,
                &child(&node.pointer, "default"),
                "default",
                d,
            );
        }
    }
}

/// E107 invalid-example
pub fn invalid_example(cx: &FileCx, out: &mut Out) {
    let mut a = Annotated::new(cx);
    for node in &cx.nodes {
        if let Some(Value::Array(examples)) = node.value.get("examples") {
            for (i, e) in examples.iter().enumerate() {
                a.check(
                    out,
                    &node.pointer,
                    &format!("{}/{i}", child(&node.pointer, "examples")),
                    &format!("example {i}"),
                    e,
                );
            }
        }
    }
}

/// Primitive kinds a `type` set allows (`number` = integers and other numbers).
fn kinds(types: &[&str]) -> BTreeSet<&'static str> {
    let mut k = BTreeSet::new();
    for t in types {
        match *t {
            "number" => {
                k.insert("integer");
                k.insert("fraction");
            }
            "integer" => {
                k.insert("integer");
            }
            "null" => {
                k.insert("null");
            }
            "boolean" => {
                k.insert("boolean");
            }
            "string" => {
                k.insert("string");
            }
            "array" => {
                k.insert("array");
            }
            "object" => {
                k.insert("object");
            }
            _ => {}
        }
    }
    k
}

/// E108 allof-type-conflict
pub fn allof_type_conflict(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let Some(Value::Array(branches)) = node.value.get("allOf") else {
            continue;
        };
        let mut sets: Vec<(String, Vec<String>)> = Vec::new();
        if let Some(t) = type_set(node.value.get("type")) {
            sets.push((
                "the schema itself".to_owned(),
                t.iter().map(|s| s.to_string()).collect(),
            ));
        }
        for (i, b) in branches.iter().enumerate() {
            let Value::Object(b) = b else { continue };
            let ptr = format!("{}/{i}", child(&node.pointer, "allOf"));
            for (_, _, m) in with_refs(cx, cx.index, &ptr, b) {
                if let Some(t) = type_set(m.get("type")) {
                    sets.push((
                        format!("allOf/{i}"),
                        t.iter().map(|s| s.to_string()).collect(),
                    ));
                    break;
                }
            }
        }
        if sets.len() < 2 {
            continue;
        }
        let mut common: Option<BTreeSet<&str>> = None;
        for (_, s) in &sets {
            let k = kinds(&s.iter().map(String::as_str).collect::<Vec<_>>());
            common = Some(match common {
                None => k,
                Some(c) => c.intersection(&k).copied().collect(),
            });
        }
        if common.is_some_and(|c| c.is_empty()) {
            let parts: Vec<String> = sets
                .iter()
                .map(|(w, t)| format!("{w}: {}", t.join("|")))
                .collect();
            out.key(
                &child(&node.pointer, "allOf"),
                format!("the types required inside \"allOf\" cannot all hold at once ({}): every instance fails", parts.join("; ")),
                "make the branches agree on one type",
            );
        }
    }
}

/// Keywords that only constrain one JSON type.
const APPLIES_TO: &[(&str, &str)] = &[
    ("minLength", "string"),
    ("maxLength", "string"),
    ("pattern", "string"),
    ("minimum", "number"),
    ("maximum", "number"),
    ("exclusiveMinimum", "number"),
    ("exclusiveMaximum", "number"),
    ("multipleOf", "number"),
    ("properties", "object"),
    ("required", "object"),
    ("additionalProperties", "object"),
    ("patternProperties", "object"),
    ("minProperties", "object"),
    ("maxProperties", "object"),
    ("propertyNames", "object"),
    ("dependentRequired", "object"),
    ("dependentSchemas", "object"),
    ("unevaluatedProperties", "object"),
    ("items", "array"),
    ("additionalItems", "array"),
    ("minItems", "array"),
    ("maxItems", "array"),
    ("uniqueItems", "array"),
    ("contains", "array"),
    ("prefixItems", "array"),
    ("unevaluatedItems", "array"),
];

/// W109 keyword-type-mismatch (ajv strictTypes: keywords for types the schema excludes)
pub fn keyword_type_mismatch(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let Some(types) = type_set(node.value.get("type")) else {
            continue;
        };
        // Beside `$ref` (draft-07 and older) every sibling is ignored: ref-siblings-ignored
        // reports each one, this rule would only repeat it.
        if cx.draft.ref_overrides_siblings() && node.value.contains_key("$ref") {
            continue;
        }
        for (k, applies) in APPLIES_TO {
            if !node.value.contains_key(*k) {
                continue;
            }
            // ignored-keyword reports these as having no effect at all
            if *k == "additionalItems" && !matches!(node.value.get("items"), Some(Value::Array(_)))
            {
                continue;
            }
            let ok = types
                .iter()
                .any(|t| t == applies || (*applies == "number" && *t == "integer"));
            if !ok {
                out.key(
                    &child(&node.pointer, k),
                    format!(
                        "\"{k}\" only constrains {applies}s, but \"type\" is {}: it never applies",
                        types.join(" or ")
                    ),
                    format!("remove \"{k}\", or fix \"type\""),
                );
            }
        }
    }
}

/// W110 required-unsorted
pub fn required_unsorted(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let Some(Value::Array(r)) = node.value.get("required") else {
            continue;
        };
        let names: Vec<&str> = r.iter().filter_map(Value::as_str).collect();
        if names.len() == r.len() && names.windows(2).any(|w| w[0] > w[1]) {
            out.value(
                &child(&node.pointer, "required"),
                "\"required\" is not sorted",
                "sort the names (evschema lint --fix does it; the order has no meaning)",
            );
        }
    }
}

/// E111 const-enum-conflict (sourcemeta const_not_in_enum)
pub fn const_enum_conflict(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let (Some(c), Some(Value::Array(e))) = (node.value.get("const"), node.value.get("enum"))
        else {
            continue;
        };
        if !e.contains(c) {
            out.value(
                &child(&node.pointer, "const"),
                format!(
                    "\"const\" {c} is not one of the \"enum\" values: no instance can satisfy both"
                ),
                "keep only one of the two keywords (or add the constant to the enum)",
            );
        }
    }
}

/// W112 dead-branch (sourcemeta unsatisfiable_in_place_applicator_type)
pub fn dead_branch(cx: &FileCx, out: &mut Out) {
    for node in &cx.nodes {
        let Some(parent) = type_set(node.value.get("type")) else {
            continue;
        };
        let parent_kinds = kinds(&parent);
        for k in ["anyOf", "oneOf"] {
            let Some(Value::Array(branches)) = node.value.get(k) else {
                continue;
            };
            for (i, b) in branches.iter().enumerate() {
                let Value::Object(b) = b else { continue };
                let ptr = format!("{}/{i}", child(&node.pointer, k));
                let Some(t) = with_refs(cx, cx.index, &ptr, b)
                    .into_iter()
                    .find_map(|(_, _, m)| type_set(m.get("type")))
                else {
                    continue;
                };
                if kinds(&t).is_disjoint(&parent_kinds) {
                    out.value(
                        &ptr,
                        format!(
                            "this \"{k}\" branch requires type {} but the schema's type is {}: it can never match",
                            t.join(" or "),
                            parent.join(" or ")
                        ),
                        "remove the branch, or add its type to the schema's \"type\"",
                    );
                }
            }
        }
    }
}
