//! `$ref` resolution with base URIs: a `$ref` inside an embedded resource (a subschema with
//! its own `$id`) resolves against that resource's base URI (RFC 3986), not the document
//! root. [`absolutize`] rewrites every `$ref` that resolves inside the document into a plain
//! document pointer (`#/definitions/r/definitions/money`) and drops the embedded `$id`s,
//! so the rest of the engine can resolve every ref against the root. A ref it cannot
//! resolve becomes one that resolves to nothing, which the engine never proves anything
//! about.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::draft::Draft;

/// The base of a document without an `$id`.
const DEFAULT_BASE: &str = "https://evschema.invalid/root.json";
/// Where unresolvable refs point: nowhere in any document.
pub(crate) const UNRESOLVED: &str = "#/$evschema:unresolved";

use crate::refs::join;

use crate::pointer::escape;

/// Keywords whose values are data, not subschemas.
fn is_data(k: &str) -> bool {
    matches!(k, "enum" | "const" | "examples" | "default")
}

#[derive(Default)]
struct Index {
    /// absolute URI (no fragment) → document pointer of the resource
    resources: HashMap<String, String>,
    /// (resource URI, anchor name) → document pointer
    anchors: HashMap<(String, String), String>,
}

/// The id of a node, when it starts a new base: `$id` (`id` under draft-04); before
/// 2019-09 an `$id` next to `$ref` is ignored.
fn node_id(m: &Map<String, Value>, d: Draft) -> Option<&str> {
    let kw = if d == Draft::D4 { "id" } else { "$id" };
    let id = m.get(kw)?.as_str()?;
    if d < Draft::D2019 && m.contains_key("$ref") {
        return None;
    }
    Some(id)
}

fn index(v: &Value, d: Draft, base: &str, ptr: &str, ix: &mut Index, depth: usize) {
    if depth > 256 {
        return;
    }
    match v {
        Value::Object(m) => {
            let mut base = base.to_string();
            if let Some(id) = node_id(m, d) {
                if let Some((u, frag)) = join(&base, id) {
                    if frag.is_empty() || u != base {
                        ix.resources.entry(u.clone()).or_insert(ptr.to_string());
                    }
                    if !frag.is_empty() && !frag.starts_with('/') {
                        // draft ≤ 7 plain-name fragment: an anchor
                        ix.anchors
                            .entry((u.clone(), frag))
                            .or_insert(ptr.to_string());
                    }
                    base = u;
                }
            }
            if d >= Draft::D2019 {
                if let Some(a) = m.get("$anchor").and_then(Value::as_str) {
                    ix.anchors
                        .entry((base.clone(), a.to_string()))
                        .or_insert(ptr.to_string());
                }
            }
            for (k, x) in m {
                if !is_data(k) {
                    index(x, d, &base, &format!("{ptr}/{}", escape(k)), ix, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                index(x, d, base, &format!("{ptr}/{i}"), ix, depth + 1);
            }
        }
        _ => {}
    }
}

use crate::pointer::percent_decode_strict as percent_decode;

/// A document pointer as a `$ref` fragment (`%` escaped, since fragments are decoded).
fn as_ref(ptr: &str) -> String {
    format!("#{}", ptr.replace('%', "%25"))
}

fn resolve(ix: &Index, base: &str, r: &str) -> Option<String> {
    let (u, frag) = join(base, r)?;
    let rp = ix.resources.get(&u)?;
    if frag.is_empty() {
        return Some(rp.clone());
    }
    if frag.starts_with('/') {
        return Some(format!("{rp}{}", percent_decode(&frag)?));
    }
    ix.anchors.get(&(u, percent_decode(&frag)?)).cloned()
}

fn rewrite(v: &mut Value, d: Draft, base: &str, ix: &Index, is_root: bool, depth: usize) {
    if depth > 256 {
        return;
    }
    match v {
        Value::Object(m) => {
            let mut base = base.to_string();
            if let Some(id) = node_id(m, d) {
                if let Some((u, _)) = join(&base, id) {
                    base = u;
                }
                if !is_root {
                    let kw = if d == Draft::D4 { "id" } else { "$id" };
                    m.shift_remove(kw);
                }
            }
            if let Some(Value::String(r)) = m.get("$ref") {
                let target = resolve(ix, &base, r)
                    .map(|p| as_ref(&p))
                    .unwrap_or_else(|| UNRESOLVED.to_string());
                m.insert("$ref".into(), Value::String(target));
            }
            for (k, x) in m.iter_mut() {
                if !is_data(k) && k != "$ref" {
                    rewrite(x, d, &base, ix, false, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                rewrite(x, d, base, ix, false, depth + 1);
            }
        }
        _ => {}
    }
}

/// `root` with every `$ref` resolved against its base URI and written as a document pointer,
/// and the embedded resources' `$id`s removed (see the module docs).
pub(crate) fn absolutize(root: &Value, d: Draft) -> Value {
    let mut ix = Index::default();
    let base = match root {
        Value::Object(m) => node_id(m, d)
            .and_then(|id| join(DEFAULT_BASE, id))
            .map(|(u, _)| u)
            .unwrap_or_else(|| DEFAULT_BASE.to_string()),
        _ => DEFAULT_BASE.to_string(),
    };
    ix.resources.insert(base.clone(), String::new());
    index(root, d, &base, "", &mut ix, 0);
    let mut out = root.clone();
    rewrite(&mut out, d, &base, &ix, true, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_resolve_against_the_nearest_id() {
        let doc = json!({
            "$id": "https://example.com/root.json",
            "definitions": {
                "money": {"type": "string"},
                "inner": {
                    "$id": "inner/schema.json",
                    "definitions": {"money": {"type": "integer"}},
                    "properties": {
                        "a": {"$ref": "#/definitions/money"},
                        "b": {"$ref": "../root.json#/definitions/money"},
                        "c": {"$ref": "schema.json#/definitions/money"},
                        "d": {"$ref": "https://other.example/x.json"}
                    }
                }
            },
            "properties": {
                "m": {"$ref": "#/definitions/money"},
                "i": {"$ref": "inner/schema.json"}
            }
        });
        let a = absolutize(&doc, Draft::D7);
        let p = |s: &str| a.pointer(s).cloned().unwrap();
        assert_eq!(
            p("/definitions/inner/properties/a/$ref"),
            json!("#/definitions/inner/definitions/money")
        );
        assert_eq!(
            p("/definitions/inner/properties/b/$ref"),
            json!("#/definitions/money")
        );
        assert_eq!(
            p("/definitions/inner/properties/c/$ref"),
            json!("#/definitions/inner/definitions/money")
        );
        assert_eq!(p("/definitions/inner/properties/d/$ref"), json!(UNRESOLVED));
        assert_eq!(p("/properties/m/$ref"), json!("#/definitions/money"));
        assert_eq!(p("/properties/i/$ref"), json!("#/definitions/inner"));
        assert!(a.pointer("/definitions/inner/$id").is_none());
        assert_eq!(p("/$id"), json!("https://example.com/root.json"));
    }

    #[test]
    fn anchors_and_draft4_ids() {
        let doc = json!({
            "$defs": {"x": {"$anchor": "money", "type": "integer"}},
            "properties": {"a": {"$ref": "#money"}, "b": {"$ref": "#nope"}}
        });
        let a = absolutize(&doc, Draft::D2020);
        assert_eq!(a.pointer("/properties/a/$ref"), Some(&json!("#/$defs/x")));
        assert_eq!(a.pointer("/properties/b/$ref"), Some(&json!(UNRESOLVED)));
        let doc = json!({
            "definitions": {"r": {"id": "r.json", "definitions": {"m": {}}, "properties": {"a": {"$ref": "#/definitions/m"}}}}
        });
        let a = absolutize(&doc, Draft::D4);
        assert_eq!(
            a.pointer("/definitions/r/properties/a/$ref"),
            Some(&json!("#/definitions/r/definitions/m"))
        );
        // draft-07: an $id next to $ref is ignored
        let doc = json!({
            "definitions": {"m": {"type": "string"}},
            "properties": {"a": {"$id": "elsewhere/x.json", "$ref": "#/definitions/m"}}
        });
        let a = absolutize(&doc, Draft::D7);
        assert_eq!(
            a.pointer("/properties/a/$ref"),
            Some(&json!("#/definitions/m"))
        );
    }
}
