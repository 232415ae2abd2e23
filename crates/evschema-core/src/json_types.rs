//! The JSON types as a bit set, integers apart from other numbers: one encoding for the
//! compatibility engine and the subscription analysis, with the names each prints.

use serde_json::Value;

pub(crate) const T_NULL: u8 = 1;
pub(crate) const T_BOOL: u8 = 2;
pub(crate) const T_INT: u8 = 4;
pub(crate) const T_FRAC: u8 = 8;
pub(crate) const T_STR: u8 = 16;
pub(crate) const T_ARR: u8 = 32;
pub(crate) const T_OBJ: u8 = 64;
/// Every number: `"type": "number"`.
pub(crate) const T_NUM: u8 = T_INT | T_FRAC;
pub(crate) const T_ALL: u8 = 127;

/// The bits of a `type` name; `None` for a name JSON Schema does not define.
pub(crate) fn type_bits(name: &str) -> Option<u8> {
    Some(match name {
        "null" => T_NULL,
        "boolean" => T_BOOL,
        "integer" => T_INT,
        "number" => T_NUM,
        "string" => T_STR,
        "array" => T_ARR,
        "object" => T_OBJ,
        _ => return None,
    })
}

/// The JSON type of a value, as a bit (a number with no fraction is an integer, as the
/// validator reads `1.0`).
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

/// The types of `bits` by name, in `order` (each entry a type's bits: `T_NUM` stands
/// for the numbers, named `number` when both kinds are in, `integer` or `fraction` for
/// one).
pub(crate) fn names(bits: u8, order: &[u8], fraction: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for &t in order {
        let name = match t {
            T_NUM if bits & T_NUM == T_NUM => "number",
            T_NUM if bits & T_INT != 0 => "integer",
            T_NUM if bits & T_FRAC != 0 => fraction,
            T_NUM => continue,
            _ if bits & t == 0 => continue,
            T_NULL => "null",
            T_BOOL => "boolean",
            T_STR => "string",
            T_ARR => "array",
            T_OBJ => "object",
            _ => continue,
        };
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_order_given_and_read_numbers_as_one() {
        let order = [T_STR, T_NUM, T_NULL];
        assert_eq!(
            names(T_ALL, &order, "fraction"),
            ["string", "number", "null"]
        );
        assert_eq!(
            names(T_INT | T_NULL, &order, "fraction"),
            ["integer", "null"]
        );
        assert_eq!(names(T_FRAC, &order, "fraction"), ["fraction"]);
        assert!(names(T_OBJ, &order, "fraction").is_empty());
        assert_eq!(type_bits("number"), Some(T_NUM));
        assert_eq!(value_bits(&serde_json::json!(1.0)), T_INT);
        assert_eq!(value_bits(&serde_json::json!(1.5)), T_FRAC);
    }
}
