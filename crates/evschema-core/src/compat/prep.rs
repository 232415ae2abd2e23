//! Preparing a schema for comparison: its dialect, keyword classes, local `$ref` inlining.

use serde_json::{Map, Value};

pub(crate) use crate::draft::Draft;

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

/// Keywords that never change what a schema accepts: the documentation ones
/// ([`is_doc`]) and the identifiers and definitions.
pub(crate) fn is_annotation(kw: &str) -> bool {
    is_doc(kw)
        || matches!(
            kw,
            "$schema" | "$id" | "definitions" | "$defs" | "$anchor" | "$vocabulary"
        )
}

pub(crate) fn class(kw: &str, d: Draft) -> Class {
    if is_annotation(kw) {
        return Class::Annotation;
    }
    if kw == "id" && d == Draft::D4 {
        return Class::Annotation;
    }
    if d >= Draft::D2019 && matches!(kw, "contentMediaType" | "contentEncoding" | "contentSchema") {
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
        "additionalItems" => d <= Draft::D2019,
        "dependencies" => d <= Draft::D7,
        "const" | "contains" | "propertyNames" => d >= Draft::D6,
        "if" | "then" | "else" => d >= Draft::D7,
        "dependentRequired"
        | "dependentSchemas"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "minContains"
        | "maxContains" => d >= Draft::D2019,
        "prefixItems" => d >= Draft::D2020,
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
pub(crate) fn well_formed(m: &Map<String, Value>, d: Draft) -> bool {
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
                if d == Draft::D4 {
                    v.is_boolean()
                } else {
                    v.is_number()
                }
            }
            "multipleOf" => v.as_f64().is_some_and(|x| x > 0.0),
            // integer-valued floats (254.0) count from draft-06 on, as the validator reads them
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" | "minContains" | "maxContains" => {
                v.is_u64() || (d >= Draft::D6 && count(v).is_some())
            }
            "pattern" | "format" | "$ref" => v.is_string(),
            "uniqueItems" => v.is_boolean(),
            "required" => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            "items" => {
                schema(v)
                    || (d <= Draft::D2019 && v.as_array().is_some_and(|a| a.iter().all(schema)))
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

/// A count keyword's value (`maxLength`...): a `u64`, or an integer-valued float (254.0),
/// which the validator reads as that integer from draft-06 on (`well_formed` rejects it
/// under draft-04, where it does not compile).
pub(crate) fn count(v: &Value) -> Option<u64> {
    if let Some(u) = v.as_u64() {
        return Some(u);
    }
    let f = v.as_f64()?;
    // past u64 the validator saturates too
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (f >= 0.0 && f.trunc() == f).then_some(f as u64)
}

// ---- type sets ----
pub(crate) use crate::json_types::{
    type_bits, value_bits, T_ALL, T_ARR, T_BOOL, T_FRAC, T_INT, T_NULL, T_OBJ, T_STR,
};

/// An array node as (tuple positions, schema of the items after them) under draft `d`:
/// `prefixItems` and `items` from 2020-12 on, `items` (a list) and `additionalItems`
/// before; a missing schema accepts anything.
pub(crate) fn array_shape(m: &Map<String, Value>, d: Draft) -> (Vec<Value>, Value) {
    let t = Value::Bool(true);
    if d >= Draft::D2020 {
        let prefix = m
            .get("prefixItems")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        (prefix, m.get("items").cloned().unwrap_or(t))
    } else {
        match m.get("items") {
            Some(Value::Array(xs)) => (xs.clone(), m.get("additionalItems").cloned().unwrap_or(t)),
            Some(x) => (Vec::new(), x.clone()),
            None => (Vec::new(), t),
        }
    }
}

/// The names a node's `required` lists, in its order (none when absent).
pub(crate) fn required(m: &Map<String, Value>) -> impl Iterator<Item = &str> {
    m.get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
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
    use crate::json_types::T_NUM;
    const ORDER: [u8; 6] = [T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ];
    crate::json_types::names(bits, &ORDER, "number (non-integer)")
}

// ---- $ref inlining ----

/// Decode a `#/a/b` fragment into a JSON pointer usable with `Value::pointer`.
fn fragment_pointer(r: &str) -> Option<String> {
    let frag = r.strip_prefix('#')?;
    if !(frag.is_empty() || frag.starts_with('/')) {
        return None;
    }
    crate::pointer::percent_decode_strict(frag)
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
    /// A `$ref` cycle that never moves into the instance (`d0: {not: {$ref: d0}}`): the
    /// schema has no well-defined meaning and validators answer differently by entry point.
    pub ill_founded: bool,
}

thread_local! {
    static ILL_FOUNDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keywords whose subschemas apply to a child of the instance (a stack entry "" marks
/// such a step in `expand`).
fn structural(kw: &str) -> bool {
    matches!(
        kw,
        "properties"
            | "patternProperties"
            | "items"
            | "prefixItems"
            | "additionalProperties"
            | "additionalItems"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "contentSchema"
    )
}

const BUDGET: usize = 200_000;

pub(crate) fn inline(root: &Value, d: Draft) -> Inlined {
    let mut budget = BUDGET;
    let mut stack = Vec::new();
    ILL_FOUNDED.with(|c| c.set(false));
    let out = expand(root, root, d, &mut stack, &mut budget, true, 0);
    let ill_founded = ILL_FOUNDED.with(|c| c.replace(false));
    match out {
        Some(tree) => Inlined {
            tree: canonical(tree, d),
            ill_founded,
        },
        None => Inlined {
            tree: strip_defs(root.clone()),
            ill_founded,
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
    d: Draft,
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
        // a resource `base::absolutize` did not resolve: its refs are relative to it,
        // leave it alone (opaque refs)
        return Some(node.clone());
    }
    if let Some(Value::String(r)) = m.get("$ref") {
        let target = resolve(root, r);
        let recursive = stack.iter().any(|s| s == r) || stack.len() > 32;
        if let Some(i) = stack.iter().rposition(|s| s == r) {
            if !stack[i..].iter().any(String::is_empty) {
                ILL_FOUNDED.with(|c| c.set(true));
            }
        }
        let siblings = has_constraining_siblings(m);
        if let (Some(t), false) = (target, recursive) {
            if !siblings {
                stack.push(r.clone());
                let out = expand(t, root, d, stack, budget, false, depth + 1);
                stack.pop();
                return out;
            }
            if d >= Draft::D2019 {
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
        let step = structural(k);
        if step {
            stack.push(String::new());
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
        if step {
            stack.pop();
        }
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
fn canonical(v: Value, d: Draft) -> Value {
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
            if d >= Draft::D2019 && !has_in_place(&m) {
                if let Some(u) = m.get("unevaluatedProperties").cloned() {
                    m.remove("unevaluatedProperties");
                    if !m.contains_key("additionalProperties") {
                        m.insert("additionalProperties".into(), u);
                    }
                }
                if !m.contains_key("contains") {
                    if let Some(u) = m.get("unevaluatedItems").cloned() {
                        let items = m.get("items");
                        let rest_slot = if d >= Draft::D2020 {
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

/// The lenient policy's assumption applied to the side whose instances are quantified
/// over: at every instance location, properties that no subschema applying there declares
/// are assumed absent. The object schema reached structurally at a location is closed
/// (`additionalProperties: false`) after it is given every name and pattern that any
/// subschema applying at the same location declares (`allOf`/`anyOf`/`oneOf` branches,
/// `not`, `if`/`then`/`else`, `dependencies`/`dependentSchemas`, the parents' branches), as
/// `true`, so the names stay constrained by the subschemas that declare them. Where that
/// set cannot be known (an opaque `$ref`, `unevaluatedProperties`, an `additionalProperties`
/// schema elsewhere, patterns at an outer level) nothing below is closed: the result is
/// always a superset of the assumed instance set.
pub(crate) fn close(v: &Value) -> Value {
    close_at(v, &[], 0)
}

/// Subschemas applying in place at a node (not the node itself), recursively.
fn in_place(v: &Value, out: &mut Vec<Value>, depth: u32) {
    let Value::Object(m) = v else { return };
    if depth > 32 || out.len() > 256 {
        return;
    }
    let push = |x: &Value, out: &mut Vec<Value>| {
        out.push(x.clone());
        in_place(x, out, depth + 1);
    };
    for (k, x) in m {
        match k.as_str() {
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(xs) = x {
                    for y in xs {
                        push(y, out);
                    }
                }
            }
            "not" | "if" | "then" | "else" => push(x, out),
            "dependencies" | "dependentSchemas" => {
                if let Value::Object(o) = x {
                    for y in o.values().filter(|y| !y.is_array()) {
                        push(y, out);
                    }
                }
            }
            _ => {}
        }
    }
}

const ARRAY_KWS: [&str; 5] = [
    "items",
    "prefixItems",
    "additionalItems",
    "contains",
    "unevaluatedItems",
];

fn close_at(v: &Value, others: &[Value], depth: u32) -> Value {
    let Value::Object(m) = v else {
        return v.clone();
    };
    if depth > 64 {
        return v.clone();
    }
    // every subschema applying at this location besides `v`
    let mut group: Vec<Value> = Vec::new();
    for o in others {
        group.push(o.clone());
        in_place(o, &mut group, 0);
    }
    in_place(v, &mut group, 0);
    let maps: Vec<&Map<String, Value>> = group.iter().filter_map(Value::as_object).collect();
    let all = || std::iter::once(m).chain(maps.iter().copied());
    let unknowable =
        all().any(|g| g.contains_key("$ref") || g.contains_key("unevaluatedProperties"));
    if unknowable {
        return v.clone();
    }
    let mut out = m.clone();
    // children: properties
    let other_props = |name: &str| -> Option<Vec<Value>> {
        let mut xs = Vec::new();
        for g in &maps {
            if g.contains_key("patternProperties") {
                return None; // which names they match is not worked out here
            }
            match g.get("properties").and_then(|p| p.get(name)) {
                Some(x) => xs.push(x.clone()),
                None => {
                    if let Some(a) = g.get("additionalProperties") {
                        if !a.is_boolean() {
                            xs.push(a.clone());
                        }
                    }
                }
            }
        }
        Some(xs)
    };
    if let Some(Value::Object(ps)) = m.get("properties") {
        let mut np = Map::new();
        for (n, s) in ps {
            let c = match other_props(n) {
                Some(os) => close_at(s, &os, depth + 1),
                None => s.clone(),
            };
            np.insert(n.clone(), c);
        }
        out.insert("properties".into(), Value::Object(np));
    }
    let others_obj = maps.iter().any(|g| {
        ["properties", "patternProperties", "additionalProperties"]
            .iter()
            .any(|k| g.contains_key(*k))
    });
    if !others_obj {
        if let Some(Value::Object(ps)) = m.get("patternProperties") {
            out.insert(
                "patternProperties".into(),
                Value::Object(
                    ps.iter()
                        .map(|(n, s)| (n.clone(), close_at(s, &[], depth + 1)))
                        .collect(),
                ),
            );
        }
        if let Some(a) = m.get("additionalProperties") {
            out.insert("additionalProperties".into(), close_at(a, &[], depth + 1));
        }
    }
    // children: array items, only where `v` alone describes them
    let others_arr = maps
        .iter()
        .any(|g| ARRAY_KWS.iter().any(|k| g.contains_key(*k)));
    if !others_arr {
        for k in ["items", "prefixItems", "additionalItems"] {
            if let Some(x) = m.get(k) {
                let nx = match x {
                    Value::Array(a) => {
                        Value::Array(a.iter().map(|y| close_at(y, &[], depth + 1)).collect())
                    }
                    o => close_at(o, &[], depth + 1),
                };
                out.insert(k.into(), nx);
            }
        }
    }
    // close this location
    let declares =
        all().any(|g| g.contains_key("properties") || g.contains_key("patternProperties"));
    let open = matches!(
        m.get("additionalProperties"),
        None | Some(Value::Bool(true))
    );
    let typed_rest = maps.iter().any(|g| {
        g.get("additionalProperties")
            .is_some_and(|a| !a.is_boolean())
    });
    if declares && open && !typed_rest {
        let mut props = match out.get("properties") {
            Some(Value::Object(p)) => p.clone(),
            _ => Map::new(),
        };
        let mut pats = match out.get("patternProperties") {
            Some(Value::Object(p)) => p.clone(),
            _ => Map::new(),
        };
        for g in &maps {
            if let Some(Value::Object(p)) = g.get("properties") {
                for n in p.keys() {
                    props.entry(n.clone()).or_insert(Value::Bool(true));
                }
            }
            if let Some(Value::Object(p)) = g.get("patternProperties") {
                for n in p.keys() {
                    pats.entry(n.clone()).or_insert(Value::Bool(true));
                }
            }
        }
        if !props.is_empty() {
            out.insert("properties".into(), Value::Object(props));
        }
        if !pats.is_empty() {
            out.insert("patternProperties".into(), Value::Object(pats));
        }
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

/// The lenient policy's assumption as a check on one instance: every property of every
/// object in `inst` is declared (by name, or by a pattern) by some subschema applying at its
/// location. Where that cannot be told (an opaque `$ref`, `unevaluatedProperties`, an
/// `additionalProperties` schema), any name counts as declared.
pub(crate) fn declared_only(inst: &Value, schemas: &[Value]) -> bool {
    declared_only_at(inst, schemas, 0)
}

fn declared_only_at(inst: &Value, schemas: &[Value], depth: u32) -> bool {
    if depth > 64 {
        return true;
    }
    let mut set: Vec<Value> = Vec::new();
    for s in schemas {
        set.push(s.clone());
        in_place(s, &mut set, 0);
    }
    let maps: Vec<&Map<String, Value>> = set.iter().filter_map(Value::as_object).collect();
    let matches = |p: &str, k: &str| regex::Regex::new(p).map_or(true, |r| r.is_match(k));
    match inst {
        Value::Object(o) => {
            let anything = maps.iter().any(|g| {
                g.contains_key("$ref")
                    || g.contains_key("unevaluatedProperties")
                    || g.get("additionalProperties")
                        .is_some_and(|a| !a.is_boolean())
            });
            for (k, v) in o {
                let mut child = Vec::new();
                let mut declared = anything;
                for g in &maps {
                    let mut here = false;
                    if let Some(x) = g.get("properties").and_then(|p| p.get(k)) {
                        child.push(x.clone());
                        here = true;
                    }
                    if let Some(Value::Object(pp)) = g.get("patternProperties") {
                        for (p, x) in pp {
                            if matches(p, k) {
                                child.push(x.clone());
                                here = true;
                            }
                        }
                    }
                    if !here {
                        if let Some(a) = g.get("additionalProperties") {
                            child.push(a.clone());
                        }
                    }
                    declared |= here;
                }
                if !declared || !declared_only_at(v, &child, depth + 1) {
                    return false;
                }
            }
            true
        }
        Value::Array(a) => a.iter().enumerate().all(|(i, v)| {
            let mut child = Vec::new();
            for g in &maps {
                for k in ["prefixItems", "items"] {
                    match g.get(k) {
                        Some(Value::Array(xs)) => {
                            if let Some(x) = xs.get(i) {
                                child.push(x.clone());
                            }
                        }
                        Some(x) => child.push(x.clone()),
                        None => {}
                    }
                }
                for k in ["additionalItems", "contains", "unevaluatedItems"] {
                    if let Some(x) = g.get(k) {
                        child.push(x.clone());
                    }
                }
            }
            declared_only_at(v, &child, depth + 1)
        }),
        _ => true,
    }
}
