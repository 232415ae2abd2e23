//! A small YAML emitter for JSON values, for `export asyncapi -o FILE.yaml`.
//!
//! Block style throughout; every string (keys included) is written double-quoted with JSON's
//! escapes, which YAML's double-quoted scalars read the same way, so no value can be taken
//! for a number, a boolean, `null`, an anchor or a comment (the "Norway problem" cannot
//! happen). Key order is the value's. The same value always gives the same bytes, and
//! parsing the output with any YAML 1.2 parser gives the value back.

use serde_json::Value;

/// The YAML text of `value`, ending in a newline.
pub fn to_bytes(value: &Value) -> Vec<u8> {
    let mut out = String::new();
    if is_block(value) {
        block(value, 0, &mut out);
    } else {
        scalar(value, &mut out);
        out.push('\n');
    }
    out.into_bytes()
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

fn scalar(v: &Value, out: &mut String) {
    match v {
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(s) => string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn string(s: &str, out: &mut String) {
    let quoted = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    // YAML 1.1 readers take NEL, LS and PS as line breaks even inside quotes
    for c in quoted.chars() {
        match c {
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c => out.push(c),
        }
    }
}

fn pad(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn child(v: &Value, indent: usize, out: &mut String) {
    if is_block(v) {
        out.push('\n');
        block(v, indent + 2, out);
    } else {
        out.push(' ');
        scalar(v, out);
        out.push('\n');
    }
}

fn block(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                pad(indent, out);
                string(k, out);
                out.push(':');
                child(c, indent, out);
            }
        }
        Value::Array(a) => {
            for c in a {
                pad(indent, out);
                out.push('-');
                child(c, indent, out);
            }
        }
        _ => {
            pad(indent, out);
            scalar(v, out);
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn block_style_with_quoted_strings() {
        let v = json!({"a": 1, "no": "no", "list": [true, null, {"k": "v\n", "e": {}}, []], "empty": []});
        let text = String::from_utf8(to_bytes(&v)).unwrap();
        assert_eq!(
            text,
            "\"a\": 1\n\"no\": \"no\"\n\"list\":\n  - true\n  - null\n  -\n    \"k\": \"v\\n\"\n    \"e\": {}\n  - []\n\"empty\": []\n"
        );
    }

    #[test]
    fn scalars_and_line_separators() {
        assert_eq!(to_bytes(&json!("x")), b"\"x\"\n");
        assert_eq!(to_bytes(&json!({})), b"{}\n");
        let text = String::from_utf8(to_bytes(&json!({"s": "a\u{2028}b"}))).unwrap();
        assert_eq!(text, "\"s\": \"a\\Lb\"\n");
    }
}
