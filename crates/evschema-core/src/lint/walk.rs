//! Visits every subschema of a document, knowing which keywords hold schemas and which hold
//! data (`enum`, `const`, `default`, `examples` are never walked as schemas).

use serde_json::Value;

pub use crate::draft::Draft;

/// How a subschema was reached from its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Root,
    /// A member of `properties` (the value is a property's schema).
    Property,
    /// `if` / `then` / `else` / `not`: conditional or negated, not a plain description.
    Conditional,
    /// `allOf` / `anyOf` / `oneOf` branches: applied to the same instance.
    InPlace,
    /// `definitions` / `$defs`.
    Definition,
    /// Any other keyword (items, additionalProperties, patternProperties...).
    Other,
}

/// One subschema (an object; boolean schemas carry nothing to lint).
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub pointer: String,
    pub value: &'a serde_json::Map<String, Value>,
    pub via: Via,
    /// Index of the parent node in the walk's output.
    pub parent: Option<usize>,
    /// Under an `if`/`then`/`else`/`not` somewhere above.
    pub in_conditional: bool,
    /// Under `definitions`/`$defs` somewhere above.
    pub in_definitions: bool,
    /// Under a `not` or an `if` somewhere above: the subschema tests the instance, it does
    /// not describe it.
    pub in_test: bool,
}

/// Keywords whose value is one schema.
pub const SINGLE: &[&str] = &[
    "additionalItems",
    "additionalProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];
/// Keywords whose value is an array of schemas.
pub const ARRAY: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value is an object of schemas.
pub const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "dependencies",
];

/// Walks `root` depth first, in document order.
pub fn walk(root: &Value) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    if let Value::Object(map) = root {
        out.push(Node {
            pointer: String::new(),
            value: map,
            via: Via::Root,
            parent: None,
            in_conditional: false,
            in_definitions: false,
            in_test: false,
        });
        visit(0, &mut out, 0);
    }
    out
}

const MAX_DEPTH: usize = 200;

fn visit<'a>(index: usize, out: &mut Vec<Node<'a>>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let node = out[index].clone();
    for (key, child) in node.value {
        let test = matches!(key.as_str(), "not" | "if");
        let push = |ptr: String, v: &'a Value, via: Via, out: &mut Vec<Node<'a>>| {
            if let Value::Object(m) = v {
                out.push(Node {
                    pointer: ptr,
                    value: m,
                    via,
                    parent: Some(index),
                    in_conditional: node.in_conditional || via == Via::Conditional,
                    in_definitions: node.in_definitions || via == Via::Definition,
                    in_test: node.in_test || test,
                });
                let i = out.len() - 1;
                visit(i, out, depth + 1);
            }
        };
        let base = format!("{}/{}", node.pointer, crate::pointer::escape(key));
        let k = key.as_str();
        if k == "items" {
            match child {
                Value::Array(items) => {
                    for (i, c) in items.iter().enumerate() {
                        push(format!("{base}/{i}"), c, Via::Other, out);
                    }
                }
                c => push(base, c, Via::Other, out),
            }
        } else if SINGLE.contains(&k) {
            let via = if matches!(k, "if" | "then" | "else" | "not") {
                Via::Conditional
            } else {
                Via::Other
            };
            push(base, child, via, out);
        } else if ARRAY.contains(&k) {
            if let Value::Array(items) = child {
                let via = if k == "prefixItems" {
                    Via::Other
                } else {
                    Via::InPlace
                };
                for (i, c) in items.iter().enumerate() {
                    push(format!("{base}/{i}"), c, via, out);
                }
            }
        } else if MAP.contains(&k) {
            if let Value::Object(members) = child {
                let via = match k {
                    "properties" => Via::Property,
                    "definitions" | "$defs" => Via::Definition,
                    _ => Via::Other,
                };
                for (name, c) in members {
                    push(
                        format!("{base}/{}", crate::pointer::escape(name)),
                        c,
                        via,
                        out,
                    );
                }
            }
        }
    }
}

/// The seven JSON Schema type names.
pub const TYPE_NAMES: [&str; 7] = [
    "array", "boolean", "integer", "null", "number", "object", "string",
];

/// JSON type names of a `type` keyword value (string or array of strings); `None` when
/// absent or not a valid `type` (the metaschema rule reports that once, and rules that
/// reason on types stay silent rather than add follow-on findings).
pub fn type_set(v: Option<&Value>) -> Option<Vec<&str>> {
    let names: Vec<&str> = match v? {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().map(Value::as_str).collect::<Option<_>>()?,
        _ => return None,
    };
    names
        .iter()
        .all(|n| TYPE_NAMES.contains(n))
        .then_some(names)
}

/// Whether a value of JSON type `actual` (as `engine::json_type` names it) is allowed by
/// the declared type names (`integer` values are numbers; `1.0` counts as an integer).
pub fn type_admits(declared: &[&str], value: &Value) -> bool {
    let actual = crate::validate::engine::json_type(value);
    declared.iter().any(|&d| {
        d == actual
            || (d == "number" && actual == "integer")
            || (d == "integer"
                && actual == "number"
                && value.as_f64().is_some_and(|f| f.fract() == 0.0))
    })
}

/// The draft a document is read under and how its `$schema` said so ([`crate::draft::detect`]).
pub fn draft_of(root: &Value) -> (Draft, crate::draft::Declared) {
    let d = crate::draft::detect(root);
    (d.draft, d.declared)
}
