//! Preparing a schema for comparison: its dialect, keyword classes, local `$ref` inlining.

use serde_json::{Map, Value};

/// The JSON Schema draft a document is read under (DESIGN: draft-07 unless `$schema` says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Dialect {
    D4,
    D6,
    D7,
    D2019,
    D2020,
}

impl Dialect {
    pub(crate) fn of(root: &Value) -> Dialect {
        let s = root.get("$schema").and_then(Value::as_str).unwrap_or("");
        if s.contains("draft-04") {
            Dialect::D4
        } else if s.contains("draft-06") {
            Dialect::D6
        } else if s.contains("2019-09") {
            Dialect::D2019
        } else if s.contains("2020-12") {
            Dialect::D2020
        } else {
            Dialect::D7
        }
    }

    pub(crate) fn draft(self) -> jsonschema::Draft {
        match self {
            Dialect::D4 => jsonschema::Draft::Draft4,
            Dialect::D6 => jsonschema::Draft::Draft6,
            Dialect::D7 => jsonschema::Draft::Draft7,
            Dialect::D2019 => jsonschema::Draft::Draft201909,
            Dialect::D2020 => jsonschema::Draft::Draft202012,
        }
    }
}

/// How a keyword is treated by the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Never changes the accepted set.
    Annotation,
    /// An assertion or applicator the engine reasons about.
    Known,
    /// Anything else: identical on both sides is fine, otherwise nothing can be proved.
    Unknown,
}

pub(crate) fn is_annotation(kw: &str) -> bool {
    kw.starts_with("x-")
        || matches!(
            kw,
            "title"
                | "description"
                | "examples"
                | "$comment"
                | "default"
                | "readOnly"
                | "writeOnly"
                | "deprecated"
                | "version"
                | "$schema"
                | "$id"
                | "definitions"
                | "$defs"
                | "$anchor"
                | "$vocabulary"
        )
}

pub(crate) fn class(kw: &str, d: Dialect) -> Class {
    if is_annotation(kw) {
        return Class::Annotation;
    }
    if kw == "id" && d == Dialect::D4 {
        return Class::Annotation;
    }
    if d >= Dialect::D2019 && matches!(kw, "contentMediaType" | "contentEncoding" | "contentSchema")
    {
        return Class::Annotation;
    }
    let known = match kw {
        "type"
        | "enum"
        | "minimum"
        | "maximum"
        | "exclusiveMinimum"
        | "exclusiveMaximum"
        | "multipleOf"
        | "minLength"
        | "maxLength"
        | "pattern"
        | "format"
        | "items"
        | "minItems"
        | "maxItems"
        | "uniqueItems"
        | "properties"
        | "required"
        | "additionalProperties"
        | "patternProperties"
        | "minProperties"
        | "maxProperties"
        | "allOf"
        | "anyOf"
        | "oneOf"
        | "not"
        | "$ref" => true,
        "additionalItems" => d <= Dialect::D2019,
        "dependencies" => d <= Dialect::D7,
        "const" | "contains" | "propertyNames" => d >= Dialect::D6,
        "if" | "then" | "else" => d >= Dialect::D7,
        "dependentRequired"
        | "dependentSchemas"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "minContains"
        | "maxContains" => d >= Dialect::D2019,
        "prefixItems" => d >= Dialect::D2020,
        _ => false,
    };
    if known {
        Class::Known
    } else {
        Class::Unknown
    }
}

/// Keywords whose values are subschemas (single, array or map), used when walking a tree.
pub(crate) fn map_of_schemas(kw: &str) -> bool {
    matches!(
        kw,
        "properties" | "patternProperties" | "dependentSchemas" | "definitions" | "$defs"
    )
}
pub(crate) fn array_of_schemas(kw: &str) -> bool {
    matches!(kw, "allOf" | "anyOf" | "oneOf" | "prefixItems")
}
pub(crate) fn single_schema(kw: &str) -> bool {
    matches!(
        kw,
        "additionalProperties"
            | "additionalItems"
            | "contains"
            | "propertyNames"
            | "not"
            | "if"
            | "then"
            | "else"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "contentSchema"
    )
}

/// Shallow shape check of the known keywords of a schema object. A node that fails it is
/// treated as opaque (only provable by identity).
pub(crate) fn well_formed(m: &Map<String, Value>, d: Dialect) -> bool {
    m.iter().all(|(k, v)| {
        if class(k, d) != Class::Known {
            return true;
        }
        let schema = |v: &Value| v.is_object() || v.is_boolean();
        match k.as_str() {
            "type" => match v {
                Value::String(s) => type_bits(s).is_some(),
                Value::Array(a) => a.iter().all(|t| t.as_str().and_then(type_bits).is_some()),
                _ => false,
            },
            "enum" => v.is_array(),
            "minimum" | "maximum" => v.is_number(),
            "exclusiveMinimum" | "exclusiveMaximum" => {
                if d == Dialect::D4 {
                    v.is_boolean()
                } else {
                    v.is_number()
                }
            }
            "multipleOf" => v.as_f64().is_some_and(|x| x > 0.0),
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" | "minContains" | "maxContains" => v.is_u64(),
            "pattern" | "format" | "$ref" => v.is_string(),
            "uniqueItems" => v.is_boolean(),
            "required" => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            "items" => {
                schema(v)
                    || (d <= Dialect::D2019 && v.as_array().is_some_and(|a| a.iter().all(schema)))
            }
            "properties" | "patternProperties" | "dependentSchemas" => {
                v.as_object().is_some_and(|o| o.values().all(schema))
            }
            "dependentRequired" => v.as_object().is_some_and(|o| {
                o.values()
                    .all(|x| x.as_array().is_some_and(|a| a.iter().all(Value::is_string)))
            }),
            "dependencies" => v.as_object().is_some_and(|o| {
                o.values().all(|x| {
                    schema(x) || x.as_array().is_some_and(|a| a.iter().all(Value::is_string))
                })
            }),
            "allOf" | "anyOf" | "oneOf" => v
                .as_array()
                .is_some_and(|a| !a.is_empty() && a.iter().all(schema)),
            "prefixItems" => v.as_array().is_some_and(|a| a.iter().all(schema)),
            "const" => true,
            _ => schema(v),
        }
    })
}

// ---- type sets ----
pub(crate) const T_NULL: u8 = 1;
pub(crate) const T_BOOL: u8 = 2;
pub(crate) const T_INT: u8 = 4;
pub(crate) const T_FRAC: u8 = 8;
pub(crate) const T_STR: u8 = 16;
pub(crate) const T_ARR: u8 = 32;
pub(crate) const T_OBJ: u8 = 64;
pub(crate) const T_ALL: u8 = 127;

pub(crate) fn type_bits(s: &str) -> Option<u8> {
    Some(match s {
        "null" => T_NULL,
        "boolean" => T_BOOL,
        "integer" => T_INT,
        "number" => T_INT | T_FRAC,
        "string" => T_STR,
        "array" => T_ARR,
        "object" => T_OBJ,
        _ => return None,
    })
}

/// The JSON type of a value, as a bit.
pub(crate) fn value_bits(v: &Value) -> u8 {
    match v {
        Value::Null => T_NULL,
        Value::Bool(_) => T_BOOL,
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                T_INT
            } else {
                T_FRAC
            }
        }
        Value::String(_) => T_STR,
        Value::Array(_) => T_ARR,
        Value::Object(_) => T_OBJ,
    }
}

/// The `type` keyword of a node as bits (all types when absent).
pub(crate) fn declared_types(m: &Map<String, Value>) -> u8 {
    match m.get("type") {
        Some(Value::String(s)) => type_bits(s).unwrap_or(T_ALL),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|t| t.as_str().and_then(type_bits))
            .fold(0, |acc, b| acc | b),
        _ => T_ALL,
    }
}

pub(crate) fn type_names(bits: u8) -> Vec<&'static str> {
    let mut out = Vec::new();
    if bits & T_NULL != 0 {
        out.push("null");
    }
    if bits & T_BOOL != 0 {
        out.push("boolean");
    }
    if bits & (T_INT | T_FRAC) == (T_INT | T_FRAC) {
        out.push("number");
    } else if bits & T_INT != 0 {
        out.push("integer");
    } else if bits & T_FRAC != 0 {
        out.push("number (non-integer)");
    }
    if bits & T_STR != 0 {
        out.push("string");
    }
    if bits & T_ARR != 0 {
        out.push("array");
    }
    if bits & T_OBJ != 0 {
        out.push("object");
    }
    out
}

// ---- $ref inlining ----

/// Decode a `#/a/b` fragment into a JSON pointer usable with `Value::pointer`.
fn fragment_pointer(r: &str) -> Option<String> {
    let frag = r.strip_prefix('#')?;
    if !(frag.is_empty() || frag.starts_with('/')) {
        return None;
    }
    let bytes = frag.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = frag.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Resolve a local `$ref` against the root.
pub(crate) fn resolve<'a>(root: &'a Value, r: &str) -> Option<&'a Value> {
    let p = fragment_pointer(r)?;
    root.pointer(&p)
}

/// The result of inlining a root: a ref-free tree except for refs that could not be
/// unfolded finitely (recursion, non-local, `$ref` with siblings under draft ≤ 7), which
/// are left in place and treated as opaque.
pub(crate) struct Inlined {
    pub tree: Value,
}

const BUDGET: usize = 200_000;

pub(crate) fn inline(root: &Value, d: Dialect) -> Inlined {
    let mut budget = BUDGET;
    let mut stack = Vec::new();
    match expand(root, root, d, &mut stack, &mut budget, true, 0) {
        Some(tree) => Inlined {
            tree: canonical(tree, d),
        },
        None => Inlined {
            tree: strip_defs(root.clone()),
        },
    }
}

fn strip_defs(mut v: Value) -> Value {
    if let Some(m) = v.as_object_mut() {
        m.remove("definitions");
        m.remove("$defs");
    }
    v
}

fn has_constraining_siblings(m: &Map<String, Value>) -> bool {
    m.keys().any(|k| k != "$ref" && !is_annotation(k))
}

/// Returns None when the budget is exhausted.
fn expand(
    node: &Value,
    root: &Value,
    d: Dialect,
    stack: &mut Vec<String>,
    budget: &mut usize,
    is_root: bool,
    depth: usize,
) -> Option<Value> {
    *budget = budget.checked_sub(1)?;
    if depth > 256 {
        return None; // give up inlining: refs stay opaque
    }
    let Some(m) = node.as_object() else {
        return Some(node.clone());
    };
    if !is_root
        && m.get("$id")
            .or_else(|| m.get("id"))
            .and_then(Value::as_str)
            .is_some_and(|s| !s.starts_with('#'))
    {
        // a new resource: refs inside are relative to it; leave it alone (opaque refs)
        return Some(node.clone());
    }
    if let Some(Value::String(r)) = m.get("$ref") {
        let target = resolve(root, r);
        let recursive = stack.iter().any(|s| s == r) || stack.len() > 32;
        let siblings = has_constraining_siblings(m);
        if let (Some(t), false) = (target, recursive) {
            if !siblings {
                stack.push(r.clone());
                let out = expand(t, root, d, stack, budget, false, depth + 1);
                stack.pop();
                return out;
            }
            if d >= Dialect::D2019 {
                stack.push(r.clone());
                let t2 = expand(t, root, d, stack, budget, false, depth + 1)?;
                stack.pop();
                let mut rest = m.clone();
                rest.remove("$ref");
                let mut rest = expand(
                    &Value::Object(rest),
                    root,
                    d,
                    stack,
                    budget,
                    false,
                    depth + 1,
                )?;
                if let Some(rm) = rest.as_object_mut() {
                    match rm.get_mut("allOf") {
                        Some(Value::Array(a)) => a.push(t2),
                        _ => {
                            rm.insert("allOf".into(), Value::Array(vec![t2]));
                        }
                    }
                }
                return Some(rest);
            }
        }
        // opaque: keep as is
        return Some(node.clone());
    }
    let mut out = Map::new();
    for (k, v) in m {
        if k == "definitions" || k == "$defs" {
            continue;
        }
        let nv = if map_of_schemas(k) || k == "dependencies" {
            match v {
                Value::Object(o) => {
                    let mut mm = Map::new();
                    for (pk, pv) in o {
                        let x = if pv.is_array() {
                            pv.clone()
                        } else {
                            expand(pv, root, d, stack, budget, false, depth + 1)?
                        };
                        mm.insert(pk.clone(), x);
                    }
                    Value::Object(mm)
                }
                other => other.clone(),
            }
        } else if array_of_schemas(k) || k == "items" {
            match v {
                Value::Array(a) => {
                    let mut aa = Vec::with_capacity(a.len());
                    for x in a {
                        aa.push(expand(x, root, d, stack, budget, false, depth + 1)?);
                    }
                    Value::Array(aa)
                }
                other if k == "items" => expand(other, root, d, stack, budget, false, depth + 1)?,
                other => other.clone(),
            }
        } else if single_schema(k) {
            expand(v, root, d, stack, budget, false, depth + 1)?
        } else {
            v.clone()
        };
        out.insert(k.clone(), nv);
    }
    Some(Value::Object(out))
}

fn has_in_place(m: &Map<String, Value>) -> bool {
    [
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "$ref",
        "dependentSchemas",
        "dependencies",
    ]
    .iter()
    .any(|k| m.contains_key(*k))
}

/// Rewrite `unevaluated*` into `additional*` where no in-place applicator can contribute
/// annotations (then they mean the same thing).
fn canonical(v: Value, d: Dialect) -> Value {
    match v {
        Value::Object(m) => {
            let mut m: Map<String, Value> = m
                .into_iter()
                .map(|(k, v)| {
                    let nv = if map_of_schemas(&k) || k == "dependencies" {
                        match v {
                            Value::Object(o) => Value::Object(
                                o.into_iter().map(|(a, b)| (a, canonical(b, d))).collect(),
                            ),
                            o => o,
                        }
                    } else if array_of_schemas(&k) || k == "items" {
                        match v {
                            Value::Array(a) => {
                                Value::Array(a.into_iter().map(|x| canonical(x, d)).collect())
                            }
                            o if k == "items" => canonical(o, d),
                            o => o,
                        }
                    } else if single_schema(&k) {
                        canonical(v, d)
                    } else {
                        v
                    };
                    (k, nv)
                })
                .collect();
            if d >= Dialect::D2019 && !has_in_place(&m) {
                if let Some(u) = m.get("unevaluatedProperties").cloned() {
                    m.remove("unevaluatedProperties");
                    if !m.contains_key("additionalProperties") {
                        m.insert("additionalProperties".into(), u);
                    }
                }
                if !m.contains_key("contains") {
                    if let Some(u) = m.get("unevaluatedItems").cloned() {
                        let items = m.get("items");
                        let rest_slot = if d >= Dialect::D2020 {
                            if items.is_some() {
                                None
                            } else {
                                Some("items")
                            }
                        } else {
                            match items {
                                None => Some("items"),
                                Some(Value::Array(_)) if !m.contains_key("additionalItems") => {
                                    Some("additionalItems")
                                }
                                _ => None,
                            }
                        };
                        m.remove("unevaluatedItems");
                        if let Some(slot) = rest_slot {
                            m.insert(slot.into(), u);
                        }
                    }
                }
            }
            Value::Object(m)
        }
        other => other,
    }
}

/// All `$ref` strings in a tree.
pub(crate) fn refs_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    if let Value::String(s) = x {
                        out.push(s.clone());
                    }
                } else if k != "enum" && k != "const" && k != "examples" && k != "default" {
                    refs_in(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs_in(x, out)),
        _ => {}
    }
}

/// A numeric keyword value as f64.
pub(crate) fn num(m: &Map<String, Value>, k: &str) -> Option<f64> {
    m.get(k).and_then(Value::as_f64)
}

/// The lenient policy's assumption applied to the side whose instances are quantified
/// over: object schemas that declare their properties and stand alone (no in-place
/// applicators) are closed. Only structural positions are closed (not combinator branches),
/// which keeps the result a superset of the assumed instance set.
pub(crate) fn close(v: &Value) -> Value {
    let Value::Object(m) = v else {
        return v.clone();
    };
    let mut out = m.clone();
    for (k, x) in m {
        match k.as_str() {
            "properties" | "patternProperties" => {
                if let Value::Object(o) = x {
                    out.insert(
                        k.clone(),
                        Value::Object(o.iter().map(|(n, s)| (n.clone(), close(s))).collect()),
                    );
                }
            }
            "items" | "prefixItems" => {
                let nx = match x {
                    Value::Array(a) => Value::Array(a.iter().map(close).collect()),
                    o => close(o),
                };
                out.insert(k.clone(), nx);
            }
            "additionalProperties" | "additionalItems" => {
                out.insert(k.clone(), close(x));
            }
            _ => {}
        }
    }
    let declares = m.contains_key("properties") || m.contains_key("patternProperties");
    let open = matches!(
        m.get("additionalProperties"),
        None | Some(Value::Bool(true))
    );
    if declares && open && !has_in_place(m) && !m.contains_key("unevaluatedProperties") {
        out.insert("additionalProperties".into(), Value::Bool(false));
    }
    Value::Object(out)
}

/// Keywords that only document a schema (a subset of [`is_annotation`]: identifiers and
/// definitions are kept).
fn is_doc(kw: &str) -> bool {
    kw.starts_with("x-")
        || matches!(
            kw,
            "title"
                | "description"
                | "examples"
                | "$comment"
                | "default"
                | "readOnly"
                | "writeOnly"
                | "deprecated"
                | "version"
        )
}

/// A schema without its documentation keywords, for comparisons that should ignore them.
pub(crate) fn strip_docs(v: &Value) -> Value {
    let Value::Object(m) = v else {
        return v.clone();
    };
    let mut out = Map::new();
    for (k, x) in m {
        if is_doc(k) {
            continue;
        }
        let nx = if map_of_schemas(k) || k == "dependencies" {
            match x {
                Value::Object(o) => Value::Object(
                    o.iter()
                        .map(|(n, s)| {
                            (
                                n.clone(),
                                if s.is_array() {
                                    s.clone()
                                } else {
                                    strip_docs(s)
                                },
                            )
                        })
                        .collect(),
                ),
                other => other.clone(),
            }
        } else if array_of_schemas(k) || k == "items" {
            match x {
                Value::Array(a) => Value::Array(a.iter().map(strip_docs).collect()),
                other if k == "items" => strip_docs(other),
                other => other.clone(),
            }
        } else if single_schema(k) {
            strip_docs(x)
        } else {
            x.clone()
        };
        out.insert(k.clone(), nx);
    }
    Value::Object(out)
}
