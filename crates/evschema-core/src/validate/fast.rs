//! The fast path of `validate`: an instance parsed into a light, borrowed document and
//! checked by a validator compiled for that representation.
//!
//! serde_json's `preserve_order` (which lint, render and diff need for schemas) is on for the
//! whole build, so every `serde_json::Value` object is a hash-indexed map: hashing the keys of
//! every instance object was a fifth of `validate`'s CPU, for an order nothing reads. This
//! document keeps an object's members in a vector, borrows strings from the input when they
//! have no escapes, and is read by jsonschema through its `Json` representation traits.
//!
//! It is parsed by serde_json's own parser (only the tree built differs), so exactly the same
//! inputs parse, into the same numbers. It only ever answers "valid": an instance it finds
//! invalid (or cannot route, or that is wrapped in an envelope, or has a duplicate key) goes
//! down the ordinary path, which builds the errors, so every reported result is the one the
//! ordinary path gives.

use std::borrow::Cow;
use std::fmt;

use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// A parsed instance. Strings without escapes borrow from the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Doc<'a>>),
    /// Members in input order; keys are distinct (a duplicate key fails the parse).
    Object(Vec<(Cow<'a, str>, Doc<'a>)>),
}

/// Parses one instance; `None` when serde_json rejects it or an object repeats a key (the
/// ordinary path keeps the last one, and says the rest).
pub fn parse(bytes: &[u8]) -> Option<Doc<'_>> {
    serde_json::from_slice(bytes).ok()
}

impl<'a> Doc<'a> {
    /// The value at a JSON pointer, as `serde_json::Value::pointer` finds it.
    pub fn pointer(&self, pointer: &str) -> Option<&Doc<'a>> {
        if pointer.is_empty() {
            return Some(self);
        }
        if !pointer.starts_with('/') {
            return None;
        }
        let mut target = self;
        for token in pointer.split('/').skip(1) {
            let token = if token.contains('~') {
                Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
            } else {
                Cow::Borrowed(token)
            };
            target = match target {
                Doc::Object(members) => members.iter().find(|(k, _)| *k == token).map(|m| &m.1)?,
                Doc::Array(items) => items.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(target)
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Doc<'a>> {
        match self {
            Doc::Object(members) => members.iter().find(|(k, _)| k == key).map(|m| &m.1),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Doc::String(s) => Some(s),
            _ => None,
        }
    }

    /// The same value as a `serde_json::Value` (members in input order).
    pub fn to_value(&self) -> Value {
        match self {
            Doc::Null => Value::Null,
            Doc::Bool(b) => Value::Bool(*b),
            Doc::Number(n) => Value::Number(n.clone()),
            Doc::String(s) => Value::String(s.to_string()),
            Doc::Array(items) => Value::Array(items.iter().map(Doc::to_value).collect()),
            Doc::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// An array index token as serde_json reads one: digits, no leading zero, no sign.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// A key or string, borrowed from the input when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Whether two members of an object share a key.
fn has_duplicate(members: &[(Cow<'_, str>, Doc<'_>)]) -> bool {
    let n = members.len();
    if n < 2 {
        return false;
    }
    if n <= 24 {
        return (1..n).any(|i| members[..i].iter().any(|(k, _)| *k == members[i].0));
    }
    let mut keys: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
    keys.sort_unstable();
    keys.windows(2).any(|w| w[0] == w[1])
}

impl<'de> Deserialize<'de> for Doc<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Doc<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Doc<'de>, E> {
                Ok(Doc::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Doc<'de>, E> {
                Ok(Doc::Number(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Doc<'de>, E> {
                Ok(Doc::Number(n.into()))
            }
            // as serde_json::Value does
            fn visit_f64<E>(self, n: f64) -> Result<Doc<'de>, E> {
                Ok(Number::from_f64(n).map_or(Doc::Null, Doc::Number))
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Doc<'de>, E> {
                Ok(Doc::String(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Doc<'de>, E> {
                Ok(Doc::String(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Doc<'de>, E> {
                Ok(Doc::String(Cow::Owned(s)))
            }
            fn visit_none<E>(self) -> Result<Doc<'de>, E> {
                Ok(Doc::Null)
            }
            fn visit_unit<E>(self) -> Result<Doc<'de>, E> {
                Ok(Doc::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Doc<'de>, D::Error> {
                Deserialize::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc<'de>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Doc::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc<'de>, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8).min(4096));
                while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                    let value: Doc<'de> = map.next_value()?;
                    members.push((key, value));
                }
                if has_duplicate(&members) {
                    return Err(de::Error::custom("duplicate key"));
                }
                Ok(Doc::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}

/// The [`Doc`] representation, for `jsonschema::options_for`.
pub struct DocJson;

impl Json for DocJson {
    type Node<'a> = &'a Doc<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = ();

    // a lookup is a scan of the members: a pass over them pays off early
    const KEYS_PER_LOOKUP: usize = 8;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(Self::Node<'_>) -> T) -> T {
        let node = Doc::String(Cow::Borrowed(string));
        f(&node)
    }
}

/// An object's members.
#[derive(Clone, Copy)]
pub struct Members<'a>(&'a [(Cow<'a, str>, Doc<'a>)]);

/// An array's elements.
#[derive(Clone, Copy)]
pub struct Items<'a>(&'a [Doc<'a>]);

pub struct MembersIter<'a>(std::slice::Iter<'a, (Cow<'a, str>, Doc<'a>)>);

impl<'a> Iterator for MembersIter<'a> {
    type Item = (&'a str, &'a Doc<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.as_ref(), v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a> Node<'a, DocJson> for &'a Doc<'a> {
    type Object = Members<'a>;
    type Array = Items<'a>;
    type Number = &'a Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match self {
            Doc::Object(m) => Some(Members(m)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<Items<'a>> {
        match self {
            Doc::Array(a) => Some(Items(a)),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self {
            Doc::String(s) => Some(Cow::Borrowed(s.as_ref())),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<&'a Number> {
        match self {
            Doc::Number(n) => Some(n),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self {
            Doc::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Doc::Null)
    }

    fn json_type(&self) -> JsonType {
        match self {
            Doc::Null => JsonType::Null,
            Doc::Bool(_) => JsonType::Boolean,
            Doc::Number(_) => JsonType::Number,
            Doc::String(_) => JsonType::String,
            Doc::Array(_) => JsonType::Array,
            Doc::Object(_) => JsonType::Object,
        }
    }

    fn string_length_within(&self, min: u64, max: u64) -> Option<bool> {
        let Doc::String(s) = self else {
            return None;
        };
        // a code point takes one to four bytes: the count lies in ceil(bytes / 4)..=bytes
        let bytes = s.len() as u64;
        let fewest = bytes.div_ceil(4);
        if bytes < min || fewest > max {
            return Some(false);
        }
        if min <= fewest && bytes <= max {
            return Some(true);
        }
        Some((min..=max).contains(&(s.chars().count() as u64)))
    }

    fn equals_value(&self, expected: &Value) -> bool {
        equal(self, expected)
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(Doc::to_value(self))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(
            std::ptr::from_ref::<Doc<'_>>(*self) as usize
        ))
    }
}

/// JSON Schema equality (numbers compare mathematically, member order does not matter).
fn equal(doc: &Doc<'_>, value: &Value) -> bool {
    match (doc, value) {
        (Doc::Null, Value::Null) => true,
        (Doc::Bool(a), Value::Bool(b)) => a == b,
        (Doc::String(a), Value::String(b)) => a == b,
        (Doc::Number(a), Value::Number(b)) => jsonschema::json::cmp::equal_numbers(&a, b),
        (Doc::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x, y))
        }
        (Doc::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k.as_ref()).is_some_and(|w| equal(v, w)))
        }
        _ => false,
    }
}

impl<'a> Object<'a, DocJson> for Members<'a> {
    type Node = &'a Doc<'a>;
    type MemberName = &'a str;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &Box<str>) -> Option<&'a Doc<'a>> {
        let key: &str = key;
        self.0.iter().find(|(k, _)| k == key).map(|m| &m.1)
    }

    fn members(&self) -> MembersIter<'a> {
        MembersIter(self.0.iter())
    }
}

impl<'a> Array<'a, DocJson> for Items<'a> {
    type Node = &'a Doc<'a>;
    type ElementsIter = std::slice::Iter<'a, Doc<'a>>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn elements(&self) -> std::slice::Iter<'a, Doc<'a>> {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_serde_json_parses_into_the_same_value() {
        let cases: &[&str] = &[
            r#"{"a":1,"b":[true,null,-2,3.5,1e400],"c":{"d":"x\u00e9\n","e":18446744073709551616}}"#,
            r#"[1, "two", {"three": 3}]"#,
            "\"plain\"",
            "-0",
            "12345678901234567890",
        ];
        for c in cases {
            let v: Result<Value, _> = serde_json::from_str(c);
            let d = parse(c.as_bytes());
            match v {
                Ok(v) => assert_eq!(d.map(|d| d.to_value()), Some(v), "{c}"),
                Err(_) => assert!(d.is_none(), "{c}"),
            }
        }
        for bad in [
            "{\"a\":1,}",
            "[1 2]",
            "\"\\ud800\"",
            "{\"a\":\"\u{1}\"}",
            "1 2",
            "",
        ] {
            assert!(serde_json::from_str::<Value>(bad).is_err(), "{bad}");
            assert!(parse(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn strings_without_escapes_borrow_and_duplicates_fail() {
        let d = parse(br#"{"k":"v","e":"a\"b"}"#).unwrap();
        assert!(matches!(d.get("k"), Some(Doc::String(Cow::Borrowed("v")))));
        assert!(matches!(d.get("e"), Some(Doc::String(Cow::Owned(_)))));
        assert!(parse(br#"{"a":1,"b":2,"a":3}"#).is_none());
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        let ok = format!("{{{}}}", many.join(","));
        assert!(parse(ok.as_bytes()).is_some());
        let dup = format!("{{{},\"k7\":0}}", many.join(","));
        assert!(parse(dup.as_bytes()).is_none());
    }

    #[test]
    fn pointers_read_like_serde_json() {
        let text = r#"{"a/b":{"c~d":[10,20]},"x":{"0":1,"01":2}}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        let d = parse(text.as_bytes()).unwrap();
        for p in [
            "",
            "/a~1b",
            "/a~1b/c~0d/1",
            "/a~1b/c~0d/01",
            "/a~1b/c~0d/+1",
            "/x/0",
            "/x/01",
            "nope",
            "/zz",
        ] {
            assert_eq!(
                d.pointer(p).map(Doc::to_value),
                v.pointer(p).cloned(),
                "{p}"
            );
        }
    }

    #[test]
    fn validators_agree_with_the_serde_json_ones() {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["id", "kind"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "minLength": 36, "maxLength": 36},
                "kind": {"const": "order.placed"},
                "n": {"type": "integer", "minimum": 1, "multipleOf": 0.5},
                "tags": {"type": "array", "items": {"enum": ["a", {"b": [1, 2.0]}]}, "uniqueItems": true},
                "meta": {"type": "object", "additionalProperties": false, "patternProperties": {"^x-": {}}},
                "é": {"type": "string", "maxLength": 2}
            },
            "propertyNames": {"maxLength": 8}
        });
        let fast = crate::validator::options_for::<DocJson>(&schema, true)
            .unwrap()
            .build(&schema)
            .unwrap();
        let slow = crate::validator::options(&schema, true)
            .unwrap()
            .build(&schema)
            .unwrap();
        let id = "\"123e4567-e89b-12d3-a456-426614174000\"";
        let instances = [
            format!(r#"{{"id":{id},"kind":"order.placed"}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","n":2.5}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","n":2.25}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","n":1.0}}"#),
            r#"{"id":"nope","kind":"order.placed"}"#.to_owned(),
            format!(r#"{{"id":{id},"kind":"order.other"}}"#),
            r#"{"kind":"order.placed"}"#.to_owned(),
            format!(r#"{{"id":{id},"kind":"order.placed","tags":["a",{{"b":[1,2]}}]}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","tags":["a","a"]}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","tags":["c"]}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","meta":{{"x-a":1}}}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","meta":{{"y":1}}}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","é":"éé"}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","é":"ééé"}}"#),
            format!(r#"{{"id":{id},"kind":"order.placed","waytoolongname":1}}"#),
            "[]".to_owned(),
        ];
        for text in &instances {
            let v: Value = serde_json::from_str(text).unwrap();
            let d = parse(text.as_bytes()).unwrap();
            assert_eq!(fast.is_valid(&d), slow.is_valid(&v), "{text}");
        }
    }
}
