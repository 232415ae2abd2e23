//! What a node accepts at a glance: every instance, obviously none, which JSON types;
//! and which nodes can only be compared by identity.

use super::*;

impl Cx<'_> {
    /// Accepts every instance.
    pub(crate) fn trivial(&self, b: &Value, s: Sd) -> bool {
        match b {
            Value::Bool(x) => *x,
            Value::Object(m) => m.keys().all(|k| class(k, self.d(s)) == Class::Annotation),
            _ => false,
        }
    }

    /// Obviously accepts nothing.
    pub(crate) fn empty(&self, a: &Value, s: Sd) -> bool {
        match a {
            Value::Bool(x) => !*x,
            Value::Object(m) => {
                m.get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(Vec::is_empty)
                    || m.get("not").is_some_and(|n| self.trivial(n, s))
                    // every type the node admits is one its `not: {type: ...}` rejects
                    || (m.contains_key("type")
                        && m.get("not").and_then(obj).is_some_and(|n| {
                            // only type names the engine knows (an unknown one is no type)
                            let known = match n.get("type") {
                                Some(Value::String(t)) => type_bits(t).is_some(),
                                Some(Value::Array(ts)) => ts
                                    .iter()
                                    .all(|t| t.as_str().and_then(type_bits).is_some()),
                                _ => false,
                            };
                            n.len() == 1 && known && declared_types(m) & !declared_types(n) == 0
                        }))
                    || (m.contains_key("type") && declared_types(m) == 0)
                    || m.get("allOf")
                        .and_then(Value::as_array)
                        .is_some_and(|xs| xs.iter().any(|x| self.empty(x, s)))
                    || m.get("anyOf")
                        .and_then(Value::as_array)
                        .is_some_and(|xs| !xs.is_empty() && xs.iter().all(|x| self.empty(x, s)))
            }
            _ => false,
        }
    }

    /// Why a node can only be compared by identity, if it can.
    pub(super) fn opaque(&self, m: &Map<String, Value>, s: Sd) -> Option<String> {
        if let Some(r) = m.get("$ref") {
            return Some(format!(
                "{} has a $ref {} that cannot be unfolded finitely (recursive, non-local, or with sibling keywords); only identical subschemas can be proved compatible",
                side_name(s),
                short(r)
            ));
        }
        if !well_formed(m, self.d(s)) {
            return Some(format!(
                "{} has a keyword with a value of the wrong type here; it cannot be reasoned about",
                side_name(s)
            ));
        }
        None
    }

    /// Over-approximation of the JSON types a node accepts.
    pub(crate) fn types_of(&self, v: &Value, s: Sd, depth: u32) -> u8 {
        let Some(m) = obj(v) else { return 0 };
        if depth > 20 {
            return T_ALL;
        }
        let mut t = declared_types(m);
        // a whole divisor admits whole numbers only (`type: number, multipleOf: 1` is
        // draft-04's spelling of draft-06's `integer`)
        if m.get("multipleOf")
            .and_then(Value::as_u64)
            .is_some_and(|k| k >= 1)
        {
            t &= !T_FRAC;
        }
        if let Some(vals) = self.finite(m, s) {
            t &= vals.iter().fold(0, |acc, x| acc | value_bits(x));
        }
        if let Some(Value::Array(xs)) = m.get("allOf") {
            for x in xs {
                t &= self.types_of(x, s, depth + 1);
            }
        }
        for k in ["anyOf", "oneOf"] {
            if let Some(Value::Array(xs)) = m.get(k) {
                t &= xs
                    .iter()
                    .fold(0, |acc, x| acc | self.types_of(x, s, depth + 1));
            }
        }
        t
    }
}

pub(super) fn split_types(t: u8) -> Vec<u8> {
    [T_NULL, T_BOOL, T_INT | T_FRAC, T_STR, T_ARR, T_OBJ]
        .into_iter()
        .map(|g| g & t)
        .filter(|g| *g != 0)
        .collect()
}

pub(super) fn type_names_valid(bits: u8) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (b, n) in [
        (T_NULL, "null"),
        (T_BOOL, "boolean"),
        (T_STR, "string"),
        (T_ARR, "array"),
        (T_OBJ, "object"),
    ] {
        if bits & b != 0 {
            out.push(n);
        }
    }
    if bits & T_FRAC != 0 {
        out.push("number");
    } else if bits & T_INT != 0 {
        out.push("integer");
    }
    out
}
