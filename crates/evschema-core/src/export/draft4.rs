//! draft-06/07 → draft-04: the rewrite behind `export eventbridge` (EventBridge registries
//! take `JSONSchemaDraft4` only).
//!
//! Input is a self-contained schema ([`crate::catalog::Catalog::bundle`]: cross-file refs
//! already moved under `definitions`). Each rewrite below is meant to accept exactly the same
//! values; the lossless check ([`super::lossless`]) then proves it with the compatibility
//! engine, so a rewrite that is not exact is refused there rather than shipped.
//!
//! | draft-07 | draft-04 |
//! |---|---|
//! | `const: v` | `enum: [v]` (a conjunct under `allOf` when `enum` is also there) |
//! | `exclusiveMinimum: n` | `minimum: n, exclusiveMinimum: true` (a conjunct when `minimum` is there) |
//! | `exclusiveMaximum: n` | `maximum: n, exclusiveMaximum: true` (likewise) |
//! | `if: I, then: T` | `anyOf: [{not: I}, T]` |
//! | `if: I, then: T, else: E` | `anyOf: [{allOf: [I, T]}, {allOf: [{not: I}, E]}]` (`T` is `{}` when absent) |
//! | `then`/`else` without `if` | dropped (they never apply) |
//! | `contains: C` | `anyOf: [{not: {type: array}}, {not: {items: {not: C}}}]` |
//! | `propertyNames: {pattern: P}` | `{patternProperties: {P: {}}, additionalProperties: false}` |
//! | `propertyNames: {enum: [names]}` / `{const: name}` | `{properties: {name: {}...}, additionalProperties: false}` |
//! | `propertyNames: false` | `maxProperties: 0` |
//! | `true` / `false` schema | `{}` / `{not: {}}` |
//! | `type: integer` | `type: number, multipleOf: 1` (draft-04's `integer` rejects `1.0`, which draft-06 and later accept) |
//! | `$id` at the root | `id` |
//! | `required: []`, a `dependencies` entry `[]` | dropped (draft-04 needs one name at least) |
//!
//! Refused: an embedded `$id` resource, `propertyNames` with any other constraint, and a
//! 2019-09/2020-12 source.

use serde_json::{json, Map, Value};

/// The `$schema` of what [`convert`] produces.
pub const DRAFT4: &str = "http://json-schema.org/draft-04/schema#";

/// A construct with no draft-04 equivalent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unconvertible {
    /// JSON pointer of the subschema holding the keyword, in the bundled source.
    pub pointer: String,
    pub keyword: String,
    pub reason: String,
}

/// A keyword the conversion rewrote, with where: what the lossless check blames when the
/// compatibility engine cannot prove a rewrite exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub pointer: String,
    pub keyword: String,
}

/// The draft-04 schema and the rewrites made.
#[derive(Debug, Clone)]
pub struct Converted {
    pub schema: Value,
    pub rewrites: Vec<Rewrite>,
}

/// Converts a self-contained draft-06/07 (or draft-04) schema to draft-04.
pub fn convert(schema: &Value) -> Result<Converted, Unconvertible> {
    let declared = schema.get("$schema").and_then(Value::as_str).unwrap_or("");
    if declared.contains("2019-09") || declared.contains("2020-12") {
        return Err(Unconvertible {
            pointer: "/$schema".to_owned(),
            keyword: "$schema".to_owned(),
            reason: format!(
                "\"{declared}\": evschema converts draft-06/07 schemas to draft-04; write the event schema in draft-07 to export it to EventBridge"
            ),
        });
    }
    let mut cx = Cx {
        rewrites: Vec::new(),
    };
    if declared.contains("draft-04") {
        return Ok(Converted {
            schema: schema.clone(),
            rewrites: Vec::new(),
        });
    }
    let mut out = cx.schema(schema, "", true)?;
    if let Value::Object(map) = &mut out {
        map.shift_remove("$schema");
        let mut with_schema = Map::new();
        with_schema.insert("$schema".to_owned(), Value::String(DRAFT4.to_owned()));
        with_schema.extend(std::mem::take(map));
        *map = with_schema;
    }
    Ok(Converted {
        schema: out,
        rewrites: cx.rewrites,
    })
}

struct Cx {
    rewrites: Vec<Rewrite>,
}

use crate::pointer::child;

impl Cx {
    fn note(&mut self, pointer: &str, keyword: &str) {
        self.rewrites.push(Rewrite {
            pointer: pointer.to_owned(),
            keyword: keyword.to_owned(),
        });
    }

    fn map_of_schemas(&mut self, v: &Value, pointer: &str) -> Result<Value, Unconvertible> {
        let Value::Object(m) = v else {
            return Ok(v.clone());
        };
        let mut out = Map::new();
        for (k, s) in m {
            out.insert(k.clone(), self.schema(s, &child(pointer, k), false)?);
        }
        Ok(Value::Object(out))
    }

    fn list_of_schemas(&mut self, v: &Value, pointer: &str) -> Result<Value, Unconvertible> {
        let Value::Array(items) = v else {
            return Ok(v.clone());
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, s) in items.iter().enumerate() {
            out.push(self.schema(s, &child(pointer, &i.to_string()), false)?);
        }
        Ok(Value::Array(out))
    }

    fn schema(&mut self, node: &Value, pointer: &str, root: bool) -> Result<Value, Unconvertible> {
        let map = match node {
            Value::Bool(true) => {
                self.note(pointer, "true");
                return Ok(json!({}));
            }
            Value::Bool(false) => {
                self.note(pointer, "false");
                return Ok(json!({"not": {}}));
            }
            Value::Object(map) => map,
            // not a schema: the source does not compile either; left for the check to report
            other => return Ok(other.clone()),
        };
        let mut out = Map::new();
        let mut extra: Vec<Value> = Vec::new();
        for (key, v) in map {
            let here = child(pointer, key);
            match key.as_str() {
                "$schema" => {
                    if root {
                        out.insert(key.clone(), v.clone());
                    }
                }
                "$id" => {
                    if root {
                        self.note(pointer, "$id");
                        out.insert("id".to_owned(), v.clone());
                    } else {
                        return Err(Unconvertible {
                            pointer: here,
                            keyword: "$id".to_owned(),
                            reason: "an embedded schema resource ($id inside a schema) changes how the refs below it resolve; draft-04's `id` does not resolve the same way in every registry".to_owned(),
                        });
                    }
                }
                "const" => {
                    self.note(pointer, "const");
                    if map.contains_key("enum") {
                        extra.push(json!({"enum": [v.clone()]}));
                    } else {
                        out.insert("enum".to_owned(), json!([v.clone()]));
                    }
                }
                "exclusiveMinimum" | "exclusiveMaximum" => {
                    let bound = if key == "exclusiveMinimum" {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    if !v.is_number() {
                        return Err(Unconvertible {
                            pointer: here,
                            keyword: key.clone(),
                            reason: format!(
                                "{key} must be a number in draft-06/07 (the boolean form is draft-04's)"
                            ),
                        });
                    }
                    self.note(pointer, key);
                    if map.contains_key(bound) {
                        extra.push(json!({bound: v.clone(), key.as_str(): true}));
                    } else {
                        out.insert(bound.to_owned(), v.clone());
                        out.insert(key.clone(), Value::Bool(true));
                    }
                }
                "if" | "then" | "else" => {}
                "type" if mentions_integer(v) => {
                    self.note(pointer, "type");
                    let ty = match v {
                        Value::Array(list) if list.iter().any(|t| t == "number") => {
                            Value::Array(list.iter().filter(|t| *t != "integer").cloned().collect())
                        }
                        Value::Array(list) => Value::Array(
                            list.iter()
                                .map(|t| {
                                    if t == "integer" {
                                        json!("number")
                                    } else {
                                        t.clone()
                                    }
                                })
                                .collect(),
                        ),
                        _ => json!("number"),
                    };
                    let widened = v
                        .as_array()
                        .is_some_and(|l| l.iter().any(|t| t == "number"));
                    out.insert(key.clone(), ty);
                    if !widened {
                        if map.contains_key("multipleOf") {
                            extra.push(json!({"multipleOf": 1}));
                        } else {
                            out.insert("multipleOf".to_owned(), json!(1));
                        }
                    }
                }
                "contains" => {
                    self.note(pointer, "contains");
                    let c = self.schema(v, &here, false)?;
                    extra.push(json!({"anyOf": [
                        {"not": {"type": "array"}},
                        {"not": {"items": {"not": c}}}
                    ]}));
                }
                "propertyNames" => {
                    self.note(pointer, "propertyNames");
                    if let Some(x) = property_names(v, &here)? {
                        extra.push(x);
                    }
                }
                "required" => match v {
                    Value::Array(a) if a.is_empty() => self.note(pointer, "required"),
                    _ => {
                        out.insert(key.clone(), v.clone());
                    }
                },
                "dependencies" => {
                    let Value::Object(deps) = v else {
                        out.insert(key.clone(), v.clone());
                        continue;
                    };
                    let mut d = Map::new();
                    for (name, dep) in deps {
                        match dep {
                            Value::Array(a) if a.is_empty() => self.note(pointer, "dependencies"),
                            Value::Array(_) => {
                                d.insert(name.clone(), dep.clone());
                            }
                            s => {
                                d.insert(name.clone(), self.schema(s, &child(&here, name), false)?);
                            }
                        }
                    }
                    if !d.is_empty() {
                        out.insert(key.clone(), Value::Object(d));
                    }
                }
                "items" => {
                    let x = if v.is_array() {
                        self.list_of_schemas(v, &here)?
                    } else {
                        self.schema(v, &here, false)?
                    };
                    out.insert(key.clone(), x);
                }
                // draft-04 takes a boolean here too
                "additionalItems" | "additionalProperties" if v.is_boolean() => {
                    out.insert(key.clone(), v.clone());
                }
                "additionalItems" | "additionalProperties" | "not" => {
                    out.insert(key.clone(), self.schema(v, &here, false)?);
                }
                "properties" | "patternProperties" | "definitions" | "$defs" => {
                    out.insert(key.clone(), self.map_of_schemas(v, &here)?);
                }
                "allOf" | "anyOf" | "oneOf" => {
                    out.insert(key.clone(), self.list_of_schemas(v, &here)?);
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        if let Some(cond) = map.get("if") {
            self.note(pointer, "if");
            let i = self.schema(cond, &child(pointer, "if"), false)?;
            let t = match map.get("then") {
                Some(t) => Some(self.schema(t, &child(pointer, "then"), false)?),
                None => None,
            };
            let e = match map.get("else") {
                Some(e) => Some(self.schema(e, &child(pointer, "else"), false)?),
                None => None,
            };
            match (t, e) {
                (None, None) => {}
                (Some(t), None) => extra.push(json!({"anyOf": [{"not": i}, t]})),
                (t, Some(e)) => extra.push(json!({"anyOf": [
                    {"allOf": [i.clone(), t.unwrap_or_else(|| json!({}))]},
                    {"allOf": [{"not": i}, e]}
                ]})),
            }
        } else if map.contains_key("then") || map.contains_key("else") {
            self.note(pointer, "then");
        }
        if !extra.is_empty() {
            match out.get_mut("allOf") {
                Some(Value::Array(all)) => all.extend(extra),
                _ => {
                    out.insert("allOf".to_owned(), Value::Array(extra));
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// Whether a `type` value names `integer`.
fn mentions_integer(v: &Value) -> bool {
    match v {
        Value::String(s) => s == "integer",
        Value::Array(l) => l.iter().any(|t| t == "integer"),
        _ => false,
    }
}

/// `propertyNames` as a draft-04 conjunct, where one exists; `None` when it constrains
/// nothing.
fn property_names(v: &Value, pointer: &str) -> Result<Option<Value>, Unconvertible> {
    let refuse = |reason: &str| Unconvertible {
        pointer: pointer.to_owned(),
        keyword: "propertyNames".to_owned(),
        reason: reason.to_owned(),
    };
    let map = match v {
        Value::Bool(true) => return Ok(None),
        Value::Bool(false) => return Ok(Some(json!({"maxProperties": 0}))),
        Value::Object(m) => m,
        _ => return Err(refuse("not a schema")),
    };
    const ANNOTATIONS: [&str; 5] = ["title", "description", "$comment", "examples", "default"];
    let mut pattern = None;
    let mut names: Option<Vec<String>> = None;
    for (k, x) in map {
        match k.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            // property names are strings: `type: string` says nothing
            "type" if x == "string" => {}
            "pattern" => pattern = Some(x.as_str().ok_or_else(|| refuse("pattern is not a string"))?),
            "enum" => {
                let list = x.as_array().ok_or_else(|| refuse("enum is not an array"))?;
                names = Some(list.iter().filter_map(Value::as_str).map(str::to_owned).collect());
            }
            "const" => names = Some(x.as_str().map(str::to_owned).into_iter().collect()),
            other => {
                return Err(refuse(&format!(
                    "draft-04 cannot apply a schema to property names; only a lone `pattern`, `enum` or `const` can be rewritten (as patternProperties/properties with additionalProperties: false), not `{other}`"
                )))
            }
        }
    }
    match (pattern, names) {
        (Some(_), Some(_)) => Err(refuse(
            "`pattern` together with `enum`/`const` has no single draft-04 rewrite",
        )),
        (Some(p), None) => Ok(Some(json!({
            "patternProperties": {p: {}},
            "additionalProperties": false
        }))),
        (None, Some(names)) => {
            let props: Map<String, Value> = names.into_iter().map(|n| (n, json!({}))).collect();
            Ok(Some(
                json!({"properties": props, "additionalProperties": false}),
            ))
        }
        (None, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(v: Value) -> Value {
        convert(&v).unwrap().schema
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        let out = conv(json!({"type": "string", "const": "a"}));
        assert_eq!(
            out,
            json!({"$schema": DRAFT4, "type": "string", "enum": ["a"]})
        );
        let both = conv(json!({"enum": ["a", "b"], "const": "a"}));
        assert_eq!(both["allOf"], json!([{"enum": ["a"]}]));
        assert_eq!(both["enum"], json!(["a", "b"]));
    }

    #[test]
    fn exclusive_bounds_take_the_boolean_form() {
        let out = conv(json!({"exclusiveMinimum": 0, "exclusiveMaximum": 10}));
        assert_eq!(
            out,
            json!({"$schema": DRAFT4, "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
        );
        let both = conv(json!({"minimum": 1, "exclusiveMinimum": 0}));
        assert_eq!(both["minimum"], json!(1));
        assert_eq!(
            both["allOf"],
            json!([{"minimum": 0, "exclusiveMinimum": true}])
        );
    }

    #[test]
    fn conditionals_become_any_of() {
        let out = conv(json!({"if": {"required": ["a"]}, "then": {"required": ["b"]}}));
        assert_eq!(
            out["allOf"],
            json!([{"anyOf": [{"not": {"required": ["a"]}}, {"required": ["b"]}]}])
        );
        assert!(out.get("if").is_none() && out.get("then").is_none());
        let full = conv(
            json!({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}, "allOf": [{"type": "object"}]}),
        );
        assert_eq!(full["allOf"].as_array().unwrap().len(), 2);
        assert_eq!(full["allOf"][0], json!({"type": "object"}));
        let orphan = conv(json!({"then": {"required": ["b"]}}));
        assert_eq!(orphan, json!({"$schema": DRAFT4}));
    }

    #[test]
    fn boolean_schemas_and_nested_positions() {
        let out = conv(json!({
            "properties": {"a": false, "b": true, "c": {"items": [true, {"const": 1}]}},
            "additionalProperties": false,
            "definitions": {"x": {"const": 2}},
            "enum": [{"const": 3}]
        }));
        assert_eq!(out["properties"]["a"], json!({"not": {}}));
        assert_eq!(out["properties"]["b"], json!({}));
        assert_eq!(out["properties"]["c"]["items"], json!([{}, {"enum": [1]}]));
        // draft-04 takes a boolean additionalProperties as it is
        assert_eq!(out["additionalProperties"], json!(false));
        assert_eq!(out["definitions"]["x"], json!({"enum": [2]}));
        // data is never rewritten
        assert_eq!(out["enum"], json!([{"const": 3}]));
    }

    #[test]
    fn property_names_pattern_and_names() {
        let out = conv(json!({"propertyNames": {"pattern": "^x-"}}));
        assert_eq!(
            out["allOf"],
            json!([{"patternProperties": {"^x-": {}}, "additionalProperties": false}])
        );
        let names = conv(json!({"propertyNames": {"type": "string", "enum": ["a", "b"]}}));
        assert_eq!(
            names["allOf"],
            json!([{"properties": {"a": {}, "b": {}}, "additionalProperties": false}])
        );
        let err = convert(&json!({"properties": {"m": {"propertyNames": {"maxLength": 3}}}}))
            .unwrap_err();
        assert_eq!(err.keyword, "propertyNames");
        assert_eq!(err.pointer, "/properties/m/propertyNames");
        assert!(err.reason.contains("maxLength"), "{}", err.reason);
    }

    #[test]
    fn refusals_name_the_keyword() {
        let err = convert(&json!({"properties": {"a": {"$id": "http://x/a", "type": "string"}}}))
            .unwrap_err();
        assert_eq!(
            (err.keyword.as_str(), err.pointer.as_str()),
            ("$id", "/properties/a/$id")
        );
        let err = convert(&json!({"$schema": "https://json-schema.org/draft/2020-12/schema"}))
            .unwrap_err();
        assert_eq!(err.keyword, "$schema");
    }

    #[test]
    fn integer_keeps_accepting_integral_floats() {
        let out = conv(json!({"type": "integer", "minimum": 0}));
        assert_eq!(
            out,
            json!({"$schema": DRAFT4, "type": "number", "multipleOf": 1, "minimum": 0})
        );
        let list = conv(json!({"type": ["integer", "null"], "multipleOf": 5}));
        assert_eq!(list["type"], json!(["number", "null"]));
        assert_eq!(list["allOf"], json!([{"multipleOf": 1}]));
        let wide = conv(json!({"type": ["integer", "number"]}));
        assert_eq!(wide["type"], json!(["number"]));
        assert!(wide.get("multipleOf").is_none());
    }

    #[test]
    fn empty_required_and_dependencies_are_dropped() {
        let out =
            conv(json!({"required": [], "dependencies": {"a": [], "b": ["c"], "d": {"const": 1}}}));
        assert!(out.get("required").is_none());
        assert_eq!(out["dependencies"], json!({"b": ["c"], "d": {"enum": [1]}}));
    }
}
