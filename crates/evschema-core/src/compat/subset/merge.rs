//! The conjunction of two schemas of one side, combined exactly where it can be.

use super::*;

pub(super) const OBJ_G: [&str; 4] = [
    "properties",
    "patternProperties",
    "additionalProperties",
    "unevaluatedProperties",
];
pub(super) const ARR_G: [&str; 7] = [
    "items",
    "additionalItems",
    "prefixItems",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
];
pub(super) const ITE_G: [&str; 3] = ["if", "then", "else"];

/// A schema accepting exactly the instances both `x` and `y` accept. Keywords that can be
/// combined precisely are; the rest stays under `allOf`.
pub(crate) fn merge(x: &Value, y: &Value) -> Value {
    let (a, b) = match (x, y) {
        (Value::Bool(false), _) | (_, Value::Bool(false)) => return Value::Bool(false),
        (Value::Bool(true), o) | (o, Value::Bool(true)) => return o.clone(),
        (Value::Object(a), Value::Object(b)) => (a, b),
        _ => return json!({ "allOf": [x, y] }),
    };
    if a.contains_key("$ref") || b.contains_key("$ref") {
        return json!({ "allOf": [x, y] });
    }
    let has = |m: &Map<String, Value>, g: &[&str]| g.iter().any(|k| m.contains_key(*k));
    let only_props = |m: &Map<String, Value>| {
        OBJ_G
            .iter()
            .all(|k| *k == "properties" || !m.contains_key(*k))
    };
    let obj_conflict = has(a, &OBJ_G) && has(b, &OBJ_G) && !(only_props(a) && only_props(b));
    let arr_conflict = has(a, &ARR_G) && has(b, &ARR_G);
    let ite_conflict = has(a, &ITE_G) && has(b, &ITE_G);
    let boolish = |m: &Map<String, Value>, k: &str| m.get(k).is_some_and(Value::is_boolean);
    let lo_conflict = boolish(a, "exclusiveMinimum") || boolish(b, "exclusiveMinimum");
    let hi_conflict = boolish(a, "exclusiveMaximum") || boolish(b, "exclusiveMaximum");
    let mut out = a.clone();
    let mut left = Map::new();
    for (k, v) in b {
        let k = k.as_str();
        let grouped = (obj_conflict && OBJ_G.contains(&k))
            || (arr_conflict && ARR_G.contains(&k))
            || (ite_conflict && ITE_G.contains(&k))
            || (lo_conflict && (k == "minimum" || k == "exclusiveMinimum"))
            || (hi_conflict && (k == "maximum" || k == "exclusiveMaximum"));
        if grouped {
            left.insert(k.to_string(), v.clone());
            continue;
        }
        let Some(av) = out.get(k).cloned() else {
            out.insert(k.to_string(), v.clone());
            continue;
        };
        if &av == v {
            continue;
        }
        let merged: Option<Value> = match k {
            "type" => {
                let bits = declared_types(a) & declared_types(b);
                if bits == 0 {
                    return Value::Bool(false);
                }
                Some(json!(type_names_valid(bits)))
            }
            "required" => {
                let mut r: Vec<Value> = av.as_array().cloned().unwrap_or_default();
                for x in v.as_array().into_iter().flatten() {
                    if !r.contains(x) {
                        r.push(x.clone());
                    }
                }
                Some(Value::Array(r))
            }
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties" => {
                match (rat(&av), rat(v)) {
                    (Some(p), Some(q)) => Some(if q > p { v.clone() } else { av.clone() }),
                    _ => None,
                }
            }
            "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties" => {
                match (rat(&av), rat(v)) {
                    (Some(p), Some(q)) => Some(if q < p { v.clone() } else { av.clone() }),
                    _ => None,
                }
            }
            "properties" => match (av.as_object(), v.as_object()) {
                (Some(pa), Some(pb)) => {
                    let mut m = pa.clone();
                    for (n, s) in pb {
                        let ns = match m.get(n) {
                            Some(e) => merge(e, s),
                            None => s.clone(),
                        };
                        m.insert(n.clone(), ns);
                    }
                    Some(Value::Object(m))
                }
                _ => None,
            },
            "allOf" => match (av.as_array(), v.as_array()) {
                (Some(p), Some(q)) => Some(Value::Array(p.iter().chain(q).cloned().collect())),
                _ => None,
            },
            _ => None,
        };
        match merged {
            Some(m) => {
                out.insert(k.to_string(), m);
            }
            None => {
                left.insert(k.to_string(), v.clone());
            }
        }
    }
    if !left.is_empty() {
        match out.get_mut("allOf") {
            Some(Value::Array(xs)) => xs.push(Value::Object(left)),
            _ => {
                out.insert("allOf".into(), json!([Value::Object(left)]));
            }
        }
    }
    Value::Object(out)
}

/// Fold the `allOf` branches of a node into it.
pub(crate) fn merge_all(m: &Map<String, Value>) -> Value {
    let Some(Value::Array(xs)) = m.get("allOf") else {
        return Value::Object(m.clone());
    };
    let mut base = Value::Object(without(m, &["allOf"]));
    for x in xs {
        let x = match x {
            Value::Object(xm) if xm.contains_key("allOf") => merge_all(xm),
            other => other.clone(),
        };
        base = merge(&base, &x);
    }
    base
}
