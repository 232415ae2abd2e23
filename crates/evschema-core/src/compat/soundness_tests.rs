//! Property-based soundness test with the jsonschema validator as the oracle.
//!
//! Random small schemas and random mutations of them; instances from the engine's own
//! generator, a schema-guided random generator and plain random values. Whenever `compare`
//! says backward (forward) is true, every instance valid under OLD (NEW) must be valid under
//! NEW (OLD). Proptest drives it: a fixed seed (`EVSCHEMA_SOUNDNESS_SEED`) and case count
//! (`EVSCHEMA_SOUNDNESS_PAIRS`) keep it deterministic, and a failure is shrunk keyword by
//! keyword and printed. The schema generator itself is domain-specific (mutation operators
//! the way teams change schemas), seeded per case from proptest's generator.

use serde_json::{json, Map, Value};

use super::prep::{declared_only, inline};
use super::subset::Cx;
use super::*;
use crate::draft::Draft;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize].clone()
    }
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// Numbers where f64 arithmetic and draft-04 `integer` go wrong, as JSON text (so the
/// spelling survives: `1e16` is an f64, `10000000000000000` a u64).
const HUGE: [&str; 16] = [
    "9007199254740991",
    "9007199254740992",
    "9007199254740993",
    "9007199254740994",
    "18446744073709551615",
    "18446744073709551616",
    "-9007199254740993",
    "-9223372036854775808",
    "-9223372036854775809",
    "1e16",
    "10000000000000000",
    "4503599627370496.5",
    "1e19",
    "1.0",
    "2.0",
    "0.5",
];

fn huge(r: &mut Rng) -> Value {
    serde_json::from_str(r.pick(&HUGE)).unwrap_or(Value::Null)
}

/// A number next to `v`: one more or less (exactly), the same value spelled as an f64, or a
/// huge one.
fn near(r: &mut Rng, v: Option<&Value>) -> Value {
    let Some(x) = v.and_then(super::num::rat) else {
        return huge(r);
    };
    match r.below(4) {
        0 => super::num::to_value(&(&x + super::num::int(1))).unwrap_or(Value::Null),
        1 => super::num::to_value(&(&x - super::num::int(1))).unwrap_or(Value::Null),
        2 => v
            .and_then(Value::as_f64)
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        _ => huge(r),
    }
}

const NAMES: [&str; 4] = ["a", "b", "c", "d"];
const PATTERNS: [&str; 8] = [
    "^a",
    "^[a-z]+$",
    "b$",
    "^x",
    "^[a-z]{3}$",
    "^[ab]{1,2}x?$",
    "[0-9]{2}",
    "^.{2,4}$",
];
const FORMATS: [&str; 8] = [
    "date",
    "email",
    "uuid",
    "date-time",
    "time",
    "ipv4",
    "ipv6",
    "hostname",
];

/// Strings valid or nearly valid for the formats above, of lengths at and past each format's
/// length window.
const FORMAT_SAMPLES: [&str; 22] = [
    "123e4567-e89b-12d3-a456-426614174000",
    "123e4567-e89b-12d3-a456-4266141740000",
    "123e4567e89b12d3a456426614174000",
    "2024-01-31",
    "2024-1-31",
    "2024-01-31T10:00:00Z",
    "2024-01-31T10:00:00.123456789+01:00",
    "2024-01-31t10:00:00z",
    "10:00:00Z",
    "23:59:60Z",
    "10:00:00.5-05:30",
    "0.0.0.0",
    "255.255.255.255",
    "1.2.3.04",
    "::",
    "::1",
    "0000:0000:0000:0000:0000:0000:255.255.255.255",
    "fe80::1%eth0",
    "a",
    "example.com",
    "a@b.co",
    "é.example",
];

/// A string length near one that matters: small, or at a format's length window.
fn length(r: &mut Rng, lo: i64, hi: i64) -> Value {
    if r.chance(30) {
        let edge = r.pick(&[1, 2, 7, 9, 10, 15, 20, 36, 45, 253]);
        json!(edge + r.int(-1, 1))
    } else {
        json!(r.int(lo, hi))
    }
}

fn scalar(r: &mut Rng) -> Value {
    if r.chance(10) {
        return huge(r);
    }
    r.pick(&[
        json!("a"),
        json!("b"),
        json!("c"),
        json!(1),
        json!(2),
        json!(2.5),
        json!(null),
        json!(true),
        json!(""),
        json!({"a": 1}),
        json!([1]),
        json!(3.0),
    ])
}

fn gen_schema(r: &mut Rng, depth: u32) -> Value {
    let k = if depth == 0 { r.below(7) } else { r.below(14) };
    let mut m = Map::new();
    match k {
        0 => {
            m.insert("type".into(), json!("integer"));
            if r.chance(5) {
                // draft-04 form: only valid when dressed as draft-04
                m.insert("minimum".into(), json!(r.int(-3, 3)));
                m.insert("exclusiveMinimum".into(), json!(r.chance(50)));
            }
            if r.chance(50) {
                m.insert("minimum".into(), json!(r.int(-3, 3)));
            }
            if r.chance(40) {
                m.insert("maximum".into(), json!(r.int(0, 6)));
            }
            if r.chance(15) {
                m.insert("exclusiveMinimum".into(), json!(r.int(-3, 3)));
            }
            if r.chance(20) {
                m.insert("multipleOf".into(), json!(r.pick(&[2, 3, 4])));
            }
            if r.chance(15) {
                let k = r.pick(&["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]);
                m.insert(k.into(), huge(r));
            }
        }
        1 => {
            m.insert("type".into(), json!("number"));
            if r.chance(50) {
                m.insert("minimum".into(), json!(r.pick(&[0.5, -1.0, 2.0])));
            }
            if r.chance(40) {
                m.insert("exclusiveMaximum".into(), json!(r.pick(&[3, 5])));
            }
            if r.chance(20) {
                let k = r.pick(&["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]);
                m.insert(k.into(), huge(r));
            }
            if r.chance(20) {
                m.insert(
                    "multipleOf".into(),
                    r.pick(&[json!(0.1), json!(0.2), json!(0.5)]),
                );
                m.insert("maximum".into(), json!(r.pick(&[10, 1000])));
                m.insert("minimum".into(), json!(r.pick(&[-10, 0])));
            }
        }
        2 => {
            m.insert("type".into(), json!("string"));
            if r.chance(40) {
                m.insert("minLength".into(), length(r, 0, 3));
            }
            if r.chance(40) {
                m.insert("maxLength".into(), length(r, 1, 5));
            }
            if r.chance(25) {
                m.insert("pattern".into(), json!(r.pick(&PATTERNS)));
            }
            if r.chance(15) {
                m.insert("format".into(), json!(r.pick(&FORMATS)));
            }
        }
        3 => {
            let n = r.int(1, 4);
            let vals: Vec<Value> = (0..n).map(|_| scalar(r)).collect();
            let mut uniq: Vec<Value> = Vec::new();
            for v in vals {
                if !uniq.contains(&v) {
                    uniq.push(v);
                }
            }
            m.insert("enum".into(), Value::Array(uniq));
            if r.chance(30) {
                m.insert("type".into(), json!(r.pick(&["string", "integer"])));
            }
        }
        4 => {
            m.insert("const".into(), scalar(r));
        }
        5 => {
            let t = r.pick(&[
                json!("boolean"),
                json!("null"),
                json!(["string", "null"]),
                json!(["integer", "string"]),
            ]);
            m.insert("type".into(), t);
        }
        6 => {
            if r.chance(30) {
                return json!(r.chance(80));
            }
        }
        7 | 8 => {
            if r.chance(85) {
                m.insert("type".into(), json!("object"));
            }
            let mut props = Map::new();
            let n = r.int(1, 3);
            for _ in 0..n {
                let name = r.pick(&NAMES);
                props.insert(name.to_string(), gen_schema(r, depth - 1));
            }
            let req: Vec<Value> = props
                .keys()
                .filter(|_| r.chance(50))
                .map(|k| json!(k))
                .collect();
            m.insert("properties".into(), Value::Object(props));
            if !req.is_empty() {
                m.insert("required".into(), Value::Array(req));
            }
            match r.below(6) {
                0 | 1 => {
                    m.insert("additionalProperties".into(), json!(false));
                }
                2 => {
                    m.insert("additionalProperties".into(), gen_schema(r, 0));
                }
                _ => {}
            }
            if r.chance(20) {
                m.insert(
                    "patternProperties".into(),
                    json!({ r.pick(&PATTERNS): gen_schema(r, 0) }),
                );
            }
            if r.chance(5) {
                m.insert(
                    "propertyNames".into(),
                    json!({"pattern": r.pick(&PATTERNS)}),
                );
            }
            if r.chance(5) {
                m.insert(
                    "dependencies".into(),
                    json!({ r.pick(&NAMES): gen_schema(r, 0) }),
                );
            }
            if r.chance(4) {
                m.insert(
                    "dependentSchemas".into(),
                    json!({ r.pick(&NAMES): gen_schema(r, 0) }),
                );
            }
            if r.chance(10) {
                m.insert("minProperties".into(), json!(r.int(0, 2)));
            }
            if r.chance(10) {
                m.insert("maxProperties".into(), json!(r.int(1, 3)));
            }
            if r.chance(8) {
                m.insert(
                    "dependencies".into(),
                    json!({ r.pick(&NAMES): [r.pick(&NAMES)] }),
                );
            }
            if r.chance(5) {
                m.insert("propertyNames".into(), json!({"maxLength": 1}));
            }
            if r.chance(6) {
                m.insert("unevaluatedProperties".into(), json!(r.chance(50)));
            }
            if r.chance(5) {
                m.insert(
                    "dependentRequired".into(),
                    json!({ r.pick(&NAMES): [r.pick(&NAMES)] }),
                );
            }
        }
        9 => {
            m.insert("type".into(), json!("array"));
            if r.chance(15) {
                m.insert("prefixItems".into(), json!([gen_schema(r, 0)]));
            }
            if r.chance(70) {
                m.insert("items".into(), gen_schema(r, depth - 1));
            } else {
                m.insert("items".into(), json!([gen_schema(r, 0), gen_schema(r, 0)]));
                if r.chance(50) {
                    m.insert("additionalItems".into(), json!(r.chance(50)));
                }
            }
            if r.chance(30) {
                m.insert("minItems".into(), json!(r.int(0, 2)));
            }
            if r.chance(30) {
                m.insert("maxItems".into(), json!(r.int(1, 3)));
            }
            if r.chance(20) {
                m.insert("uniqueItems".into(), json!(true));
            }
            if r.chance(10) {
                m.insert("contains".into(), gen_schema(r, 0));
                if r.chance(40) {
                    m.insert("minContains".into(), json!(r.int(0, 2)));
                }
                if r.chance(20) {
                    m.insert("maxContains".into(), json!(r.int(1, 2)));
                }
            }
        }
        10 => {
            let kw = r.pick(&["anyOf", "oneOf", "allOf"]);
            let n = r.int(1, 3);
            let bs: Vec<Value> = (0..n).map(|_| gen_schema(r, depth - 1)).collect();
            m.insert(kw.into(), Value::Array(bs));
        }
        11 => {
            m.insert("not".into(), gen_schema(r, depth - 1));
        }
        12 => {
            m.insert("if".into(), gen_schema(r, 0));
            m.insert("then".into(), gen_schema(r, 0));
            if r.chance(50) {
                m.insert("else".into(), gen_schema(r, 0));
            }
        }
        _ => {
            m.insert(
                "allOf".into(),
                json!([gen_schema(r, depth - 1), gen_schema(r, depth - 1)]),
            );
        }
    }
    if r.chance(5) {
        m.insert("title".into(), json!("t"));
    }
    Value::Object(m)
}

/// Pointers of every subschema.
fn subschemas(v: &Value, path: String, out: &mut Vec<String>) {
    out.push(path.clone());
    if let Value::Object(m) = v {
        for (k, x) in m {
            match k.as_str() {
                "properties" | "patternProperties" => {
                    if let Value::Object(o) = x {
                        for (n, s) in o {
                            subschemas(
                                s,
                                format!("{path}/{k}/{}", n.replace('~', "~0").replace('/', "~1")),
                                out,
                            );
                        }
                    }
                }
                "items" | "anyOf" | "oneOf" | "allOf" => match x {
                    Value::Array(a) => {
                        for (i, s) in a.iter().enumerate() {
                            subschemas(s, format!("{path}/{k}/{i}"), out);
                        }
                    }
                    s => subschemas(s, format!("{path}/{k}"), out),
                },
                "additionalProperties"
                | "additionalItems"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains" => subschemas(x, format!("{path}/{k}"), out),
                _ => {}
            }
        }
    }
}

fn mutate_node(r: &mut Rng, node: &mut Value) {
    let Some(m) = node.as_object_mut() else {
        *node = gen_schema(r, 1);
        return;
    };
    let bump = |v: Option<&Value>, d: i64| json!(v.and_then(Value::as_i64).unwrap_or(0) + d);
    match r.below(16) {
        0 => {
            let k = r.pick(&[
                "minimum",
                "maximum",
                "minLength",
                "maxLength",
                "minItems",
                "maxItems",
                "minProperties",
                "maxProperties",
                "exclusiveMinimum",
                "exclusiveMaximum",
            ]);
            let numeric = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
            if m.contains_key(k) && r.chance(30) {
                m.remove(k);
            } else if numeric.contains(&k) && r.chance(40) {
                let v = near(r, m.get(k));
                m.insert(k.into(), v);
            } else {
                let d = r.pick(&[-1, 1, 2]);
                let v = bump(m.get(k), d);
                let v = if k.starts_with("min") || k.starts_with("max") {
                    json!(v.as_i64().unwrap_or(0).max(0))
                } else {
                    v
                };
                m.insert(k.into(), v);
            }
        }
        1 => {
            let mut e = m
                .get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if !e.is_empty() && r.chance(50) {
                let i = r.below(e.len() as u64) as usize;
                e.remove(i);
            } else {
                let v = scalar(r);
                if !e.contains(&v) {
                    e.push(v);
                }
            }
            m.insert("enum".into(), Value::Array(e));
        }
        2 => {
            let mut req = m
                .get("required")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let n = json!(r.pick(&NAMES));
            if req.contains(&n) {
                req.retain(|x| x != &n);
            } else {
                req.push(n);
            }
            if req.is_empty() {
                m.remove("required");
            } else {
                m.insert("required".into(), Value::Array(req));
            }
        }
        3 => {
            let mut props = m
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let n = r.pick(&NAMES).to_string();
            if props.contains_key(&n) && r.chance(50) {
                props.remove(&n);
            } else {
                props.insert(n, gen_schema(r, 0));
            }
            m.insert("properties".into(), Value::Object(props));
        }
        4 => {
            if m.get("additionalProperties") == Some(&json!(false)) {
                m.remove("additionalProperties");
            } else if r.chance(70) {
                m.insert("additionalProperties".into(), json!(false));
            } else {
                m.insert("additionalProperties".into(), gen_schema(r, 0));
            }
        }
        5 => {
            let t = r.pick(&[
                json!("string"),
                json!("integer"),
                json!("number"),
                json!("object"),
                json!(["string", "integer"]),
                json!(["integer", "null"]),
            ]);
            if m.contains_key("type") && r.chance(30) {
                m.remove("type");
            } else {
                m.insert("type".into(), t);
            }
        }
        6 => *node = gen_schema(r, 1),
        7 => *node = json!({"anyOf": [node.clone(), gen_schema(r, 0)]}),
        8 => {
            if m.contains_key("pattern") {
                if r.chance(50) {
                    m.remove("pattern");
                } else {
                    m.insert("pattern".into(), json!(r.pick(&PATTERNS)));
                }
            } else {
                m.insert("pattern".into(), json!(r.pick(&PATTERNS)));
            }
        }
        9 => {
            if m.contains_key("format") {
                m.remove("format");
            } else {
                m.insert("format".into(), json!(r.pick(&FORMATS)));
            }
        }
        10 => {
            if m.remove("uniqueItems").is_none() {
                m.insert("uniqueItems".into(), json!(true));
            }
        }
        11 => {
            for kw in ["anyOf", "oneOf", "allOf"] {
                if let Some(Value::Array(xs)) = m.get_mut(kw) {
                    if xs.len() > 1 {
                        let i = r.below(xs.len() as u64) as usize;
                        xs.remove(i);
                    } else {
                        xs.push(gen_schema(r, 0));
                    }
                    return;
                }
            }
            m.insert("allOf".into(), json!([gen_schema(r, 0)]));
        }
        12 => {
            if r.chance(50) {
                m.insert("title".into(), json!("changed"));
            } else {
                // nullability: add or drop "null" from the type
                let mut ts: Vec<Value> = match m.get("type") {
                    Some(Value::Array(a)) => a.clone(),
                    Some(t) => vec![t.clone()],
                    None => vec![json!("object")],
                };
                if ts.contains(&json!("null")) {
                    ts.retain(|t| t != "null");
                } else {
                    ts.push(json!("null"));
                }
                let t = if ts.len() == 1 {
                    ts[0].clone()
                } else {
                    Value::Array(ts)
                };
                m.insert("type".into(), t);
            }
        }
        13 => {
            if m.remove("multipleOf").is_none() {
                let v = r.pick(&[
                    json!(2),
                    json!(3),
                    json!(6),
                    json!(0.1),
                    json!(0.2),
                    json!(0.25),
                    json!(0.5),
                    json!(2.0),
                ]);
                m.insert("multipleOf".into(), v);
            }
        }
        14 => {
            if m.remove("const").is_none() {
                m.insert("const".into(), scalar(r));
            }
        }
        _ => {
            if m.remove("not").is_none() {
                m.insert("not".into(), gen_schema(r, 0));
            }
        }
    }
}

fn mutate(r: &mut Rng, s: &Value) -> Value {
    let mut out = s.clone();
    let n = r.int(1, 2);
    for _ in 0..n {
        let mut ptrs = Vec::new();
        subschemas(&out, String::new(), &mut ptrs);
        let p = r.pick(&ptrs);
        if let Some(node) = out.pointer_mut(&p) {
            mutate_node(r, node);
        }
    }
    out
}

fn random_value(r: &mut Rng, depth: u32) -> Value {
    match r.below(if depth == 0 { 5 } else { 7 }) {
        0 => scalar(r),
        1 => json!(r.int(-5, 8)),
        2 => json!(r.pick(&[
            "a",
            "ab",
            "abc",
            "b",
            "xa",
            "2025-01-01",
            "a@example.com",
            "00000000-0000-4000-8000-000000000000",
            "aaaaaa",
            "A"
        ])),
        3 => json!(r.pick(&[0.5, 2.5, -1.5, 3.0])),
        4 => json!(r.chance(50)),
        5 => Value::Array(
            (0..r.below(4))
                .map(|_| random_value(r, depth - 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..r.below(4) {
                let k = r.pick(&["a", "b", "c", "d", "x1", "ab"]);
                m.insert(k.into(), random_value(r, depth - 1));
            }
            Value::Object(m)
        }
    }
}

/// A random instance shaped by the schema (often valid, often near a boundary).
fn guided(r: &mut Rng, s: &Value, depth: u32) -> Value {
    let Some(m) = s.as_object() else {
        return random_value(r, 1);
    };
    if depth > 4 || r.chance(10) {
        return random_value(r, 1);
    }
    if let Some(Value::Array(e)) = m.get("enum") {
        if !e.is_empty() && r.chance(80) {
            return r.pick(e);
        }
    }
    if let Some(c) = m.get("const") {
        if r.chance(80) {
            return c.clone();
        }
    }
    for kw in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(xs)) = m.get(kw) {
            if !xs.is_empty() && r.chance(70) {
                let b = r.pick(xs);
                return guided(r, &b, depth + 1);
            }
        }
    }
    if m.contains_key("properties") || m.get("type") == Some(&json!("object")) {
        let mut out = Map::new();
        if let Some(Value::Object(p)) = m.get("properties") {
            for (k, v) in p {
                if r.chance(70) {
                    out.insert(k.clone(), guided(r, v, depth + 1));
                }
            }
        }
        if r.chance(25) {
            let k = r.pick(&["a", "b", "c", "d", "x1", "ab"]);
            out.insert(k.into(), random_value(r, 1));
        }
        return Value::Object(out);
    }
    if m.get("type") == Some(&json!("array")) {
        let item = match m.get("items") {
            Some(Value::Array(xs)) if !xs.is_empty() => r.pick(xs),
            Some(x) => x.clone(),
            None => json!(true),
        };
        let n = r.below(4);
        return Value::Array((0..n).map(|_| guided(r, &item, depth + 1)).collect());
    }
    let lo = m
        .get("minimum")
        .or(m.get("exclusiveMinimum"))
        .and_then(Value::as_f64);
    let hi = m
        .get("maximum")
        .or(m.get("exclusiveMaximum"))
        .and_then(Value::as_f64);
    match m.get("type").and_then(Value::as_str) {
        Some("integer") | Some("number") => {
            let exact = m
                .get("minimum")
                .or(m.get("exclusiveMinimum"))
                .or(m.get("maximum"))
                .or(m.get("exclusiveMaximum"))
                .and_then(super::num::rat);
            if let (Some(x), true) = (exact, r.chance(40)) {
                let vs = super::num::around(&x);
                return r.pick(&vs);
            }
            let base = lo.or(hi).unwrap_or(0.0) as i64;
            let v = base.saturating_add(r.int(-2, 2));
            if m.get("type") == Some(&json!("number")) && r.chance(40) {
                json!(v as f64 + 0.5)
            } else {
                json!(v)
            }
        }
        Some("string") => {
            let n = m
                .get("minLength")
                .or(m.get("maxLength"))
                .and_then(Value::as_u64)
                .unwrap_or(1) as i64;
            let len = (n + r.int(-1, 1)).max(0) as usize;
            let c = r.pick(&["a", "b", "x", "1"]);
            if m.contains_key("format") && r.chance(60) {
                let sample = r.pick(&FORMAT_SAMPLES);
                if r.chance(20) {
                    // a 253- or 254-character host name
                    let label = "a".repeat(63);
                    let host = format!("{label}.{label}.{label}.{label}");
                    return json!(&host[..r.pick(&[253, 254])]);
                }
                json!(sample)
            } else if r.chance(20) {
                random_value(r, 0)
            } else {
                json!(c.repeat(len))
            }
        }
        _ => random_value(r, 2),
    }
}

const DRAFTS: [&str; 5] = [
    "http://json-schema.org/draft-04/schema#",
    "http://json-schema.org/draft-06/schema#",
    "http://json-schema.org/draft-07/schema#",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Sometimes declare a draft (the same or different on both sides) and move subschemas
/// behind local `$ref`s, so dialect handling and ref inlining are exercised too.
fn dress(r: &mut Rng, old: &mut Value, new: &mut Value) {
    if r.chance(20) {
        let d = r.pick(&DRAFTS);
        let d2 = if r.chance(25) { r.pick(&DRAFTS) } else { d };
        for (x, dd) in [(&mut *old, d), (&mut *new, d2)] {
            if let Value::Object(m) = x {
                m.insert("$schema".into(), json!(dd));
            }
        }
    }
    for x in [&mut *old, &mut *new] {
        if r.chance(15) {
            let mut ptrs = Vec::new();
            subschemas(x, String::new(), &mut ptrs);
            let p = r.pick(&ptrs);
            if p.is_empty() {
                continue;
            }
            if let Some(node) = x.pointer_mut(&p) {
                let reference = match r.below(4) {
                    0 => json!({"$ref": "#/definitions/d0", "title": "t"}),
                    1 => json!({"$ref": "#/definitions/d0", "minProperties": 1}),
                    _ => json!({"$ref": "#/definitions/d0"}),
                };
                let target = std::mem::replace(node, reference);
                if let Value::Object(m) = x {
                    m.insert("definitions".into(), json!({ "d0": target }));
                }
            }
        }
    }
    if r.chance(12) {
        // an embedded resource whose own `#/definitions/d0` differs from the root's
        let decoy = gen_schema(r, 0);
        let ptr_old = pick_node(r, old);
        let ptr_new = if r.chance(70) {
            ptr_old.clone()
        } else {
            pick_node(r, new)
        };
        for (x, p) in [(&mut *old, ptr_old), (&mut *new, ptr_new)] {
            let d4 = x
                .get("$schema")
                .and_then(Value::as_str)
                .is_some_and(|s| s.contains("draft-04"));
            let id_kw = if d4 { "id" } else { "$id" };
            let Some(p) = p else { continue };
            let Some(node) = x.pointer_mut(&p) else {
                continue;
            };
            let target = std::mem::replace(node, json!({"$ref": "#/definitions/r"}));
            let resource = json!({
                id_kw: "https://example.com/r.json",
                "definitions": {"d0": target},
                "allOf": [{"$ref": "#/definitions/d0"}]
            });
            if let Value::Object(m) = x {
                let defs = m.entry("definitions").or_insert_with(|| json!({}));
                if let Value::Object(d) = defs {
                    d.insert("r".into(), resource);
                    d.entry("d0").or_insert_with(|| decoy.clone());
                }
            }
        }
    }
}

/// A non-root subschema pointer of `x`, if any.
fn pick_node(r: &mut Rng, x: &Value) -> Option<String> {
    let mut ptrs = Vec::new();
    subschemas(x, String::new(), &mut ptrs);
    ptrs.retain(|p| !p.is_empty() && !p.starts_with("/definitions"));
    (!ptrs.is_empty()).then(|| r.pick(&ptrs))
}

struct Oracle {
    v: jsonschema::Validator,
}

impl Oracle {
    /// The validator `validate` builds (formats asserted).
    fn new(s: &Value) -> Option<Oracle> {
        crate::validate::engine::compile(s, true)
            .ok()
            .map(|v| Oracle { v })
    }
    fn ok(&self, i: &Value) -> bool {
        self.v.is_valid(i)
    }
}

fn instances(r: &mut Rng, schemas: &[&Value], c: &Comparison) -> Vec<Value> {
    let mut out = Vec::new();
    for s in schemas {
        let cx = Cx::new(s, s);
        let t = inline(s, Draft::of(s)).tree;
        out.push(cx.minimal(&t, 0, 0));
        let mut probe = Vec::new();
        cx.probe_values(Some(&t), 0, &mut probe);
        out.extend(probe);
        for _ in 0..14 {
            out.push(guided(r, s, 0));
        }
    }
    for ch in &c.changes {
        if let Some(w) = &ch.witness {
            out.push(w.event.clone());
        }
    }
    for _ in 0..8 {
        out.push(random_value(r, 2));
    }
    // boundary numbers of both sides, exactly, at the top and under each property
    let mut nums = Vec::new();
    for s in schemas {
        numbers_in(s, &mut nums);
    }
    nums.sort_by_key(|v| v.to_string());
    nums.dedup();
    let mut edge = Vec::new();
    for n in &nums {
        if let Some(x) = super::num::rat(n) {
            edge.extend(super::num::around(&x));
        }
    }
    for v in &edge {
        out.push(v.clone());
        out.push(json!({ r.pick(&NAMES): v }));
        if r.chance(30) {
            out.push(json!([v]));
        }
    }
    // every integral number respelled (1 ↔ 1.0, 1e16 ↔ 10000000000000000)
    let respelled: Vec<Value> = out.iter().filter_map(respell).collect();
    out.extend(respelled);
    out
}

fn numbers_in(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Number(_) => out.push(v.clone()),
        Value::Array(a) => a.iter().for_each(|x| numbers_in(x, out)),
        Value::Object(m) => m.values().for_each(|x| numbers_in(x, out)),
        _ => {}
    }
}

/// The instance with every integral number in its other spelling; `None` if none has one.
fn respell(v: &Value) -> Option<Value> {
    fn go(v: &Value, changed: &mut bool) -> Value {
        match v {
            Value::Number(n) => {
                let sp = super::num::spellings(n);
                match sp.iter().find(|x| *x != v) {
                    Some(x) => {
                        *changed = true;
                        x.clone()
                    }
                    None => v.clone(),
                }
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| go(x, changed)).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, x)| (k.clone(), go(x, changed))).collect())
            }
            other => other.clone(),
        }
    }
    let mut changed = false;
    let out = go(v, &mut changed);
    changed.then_some(out)
}

/// The tree the lenient policy's instance set is checked against (independently of the
/// closure the engine computes): no object carries a property that no subschema applying at
/// its location declares.
fn lenient_tree(schema: &Value) -> Value {
    let tree = crate::compat::base::absolutize(schema, Draft::of(schema));
    inline(&tree, Draft::of(schema)).tree
}

/// One generated case: a schema pair, and the seed its instances are drawn from.
#[derive(Clone, Debug)]
struct Case {
    old: Value,
    new: Value,
    seed: u64,
}

/// A random pair from the mutation operators: a schema, a mutation of it (or itself),
/// sometimes as the leaf of a recursive tree, dressed in drafts and `$ref`s.
fn gen_case(seed: u64) -> Case {
    let mut r = Rng(seed | 1);
    let mut old = gen_schema(&mut r, 2);
    let mut new = if r.chance(8) {
        old.clone()
    } else {
        mutate(&mut r, &old)
    };
    if r.chance(5) {
        // a recursive tree whose leaf schema changes
        let tree = |leaf: &Value| json!({"definitions":{"n":{"type":"object","properties":{"v": leaf, "kids":{"type":"array","items":{"$ref":"#/definitions/n"}}}}},"$ref":"#/definitions/n"});
        let (o, n) = (tree(&old), tree(&new));
        old = o;
        new = n;
    }
    dress(&mut r, &mut old, &mut new);
    Case {
        old,
        new,
        seed: r.next(),
    }
}

/// Simpler pairs than `c`: one keyword removed, or one non-root subschema made `true`, on
/// either side.
fn simpler(c: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    for which in 0..2 {
        let cur = if which == 0 { &c.old } else { &c.new };
        let mut ptrs = Vec::new();
        subschemas(cur, String::new(), &mut ptrs);
        for p in ptrs {
            let keys: Vec<String> = cur
                .pointer(&p)
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let mut cands: Vec<Value> = Vec::new();
            for k in keys {
                let mut x = cur.clone();
                if let Some(Value::Object(m)) = x.pointer_mut(&p) {
                    m.remove(&k);
                }
                cands.push(x);
            }
            if !p.is_empty() && cur.pointer(&p) != Some(&json!(true)) {
                let mut x = cur.clone();
                if let Some(v) = x.pointer_mut(&p) {
                    *v = json!(true);
                }
                cands.push(x);
            }
            for x in cands {
                let mut n = c.clone();
                if which == 0 {
                    n.old = x;
                } else {
                    n.new = x;
                }
                out.push(n);
            }
        }
    }
    out
}

/// Proptest's view of a case: it shrinks by walking [`simpler`] pairs, keeping the instance
/// seed, so a failure is reported on a pair with nothing left to remove.
struct CaseTree {
    cur: Case,
    prev: Option<Case>,
    cands: Vec<Case>,
    next: usize,
    fresh: bool,
}

impl proptest::strategy::ValueTree for CaseTree {
    type Value = Case;
    fn current(&self) -> Case {
        self.cur.clone()
    }
    fn simplify(&mut self) -> bool {
        if self.fresh {
            self.cands = simpler(&self.cur);
            self.next = 0;
            self.fresh = false;
        }
        let Some(c) = self.cands.get(self.next).cloned() else {
            return false;
        };
        self.next += 1;
        self.prev = Some(std::mem::replace(&mut self.cur, c));
        self.fresh = true;
        true
    }
    fn complicate(&mut self) -> bool {
        match self.prev.take() {
            Some(p) => {
                // the simpler pair passed: back to the failing one, next candidate
                self.cur = p;
                self.fresh = false;
                true
            }
            None => false,
        }
    }
}

#[derive(Debug)]
struct Pairs;

impl proptest::strategy::Strategy for Pairs {
    type Tree = CaseTree;
    type Value = Case;
    fn new_tree(
        &self,
        runner: &mut proptest::test_runner::TestRunner,
    ) -> proptest::strategy::NewTree<Self> {
        use proptest::prelude::Rng as _;
        Ok(CaseTree {
            cur: gen_case(runner.rng().next_u64()),
            prev: None,
            cands: Vec::new(),
            next: 0,
            fresh: true,
        })
    }
}

/// What one case proved and checked.
#[derive(Default)]
struct Tally {
    backward: usize,
    forward: usize,
    checked: usize,
}

/// The property: every direction `compare` proves survives every instance; every witness is
/// real; the change list agrees with the verdict.
fn check(c: &Case, policy: Policy) -> Result<Tally, String> {
    let (old, new) = (&c.old, &c.new);
    let lenient = policy == Policy::Lenient;
    let (Some(vo), Some(vn)) = (Oracle::new(old), Oracle::new(new)) else {
        return Ok(Tally::default());
    };
    let cmp = compare(old, new, policy);
    let (lt_old, lt_new) = if lenient {
        (vec![lenient_tree(old)], vec![lenient_tree(new)])
    } else {
        (Vec::new(), Vec::new())
    };
    let mut r = Rng(c.seed | 1);
    let mut t = Tally::default();
    for inst in instances(&mut r, &[old, new], &cmp) {
        t.checked += 1;
        let in_old = vo.ok(&inst) && (!lenient || declared_only(&inst, &lt_old));
        let in_new = vn.ok(&inst) && (!lenient || declared_only(&inst, &lt_new));
        for (claim, from_ok, to_ok, name) in [
            (cmp.backward, in_old, vn.ok(&inst), "backward"),
            (cmp.forward, in_new, vo.ok(&inst), "forward"),
        ] {
            if claim && from_ok && !to_ok {
                return Err(format!(
                    "UNSOUND ({policy:?}): compare says {name} compatible, but {inst} is valid under {} and invalid under {}",
                    if name == "backward" { "OLD" } else { "NEW" },
                    if name == "backward" { "NEW" } else { "OLD" },
                ));
            }
        }
    }
    for ch in &cmp.changes {
        if let Some(w) = &ch.witness {
            let (acc, rej) = match w.accepted_by {
                Side::Old => (&vo, &vn),
                Side::New => (&vn, &vo),
            };
            if !acc.ok(&w.event) || rej.ok(&w.event) {
                return Err(format!("bad witness {w:?} for {ch:?}"));
            }
        }
    }
    // the change list is never more optimistic than the proof, nor less
    for (proved, name, dir) in [
        (
            cmp.backward,
            "backward",
            cmp.changes.iter().all(|ch| ch.backward),
        ),
        (
            cmp.forward,
            "forward",
            cmp.changes.iter().all(|ch| ch.forward),
        ),
    ] {
        if proved != dir {
            return Err(format!(
                "{name} is {proved} but the change list says {dir}: {:#?}",
                cmp.changes
            ));
        }
    }
    t.backward = usize::from(cmp.backward);
    t.forward = usize::from(cmp.forward);
    Ok(t)
}

/// A runner with `cases` cases from `seed`: deterministic, no files written, shrinking by
/// [`simpler`] pairs.
fn runner(seed: u64, cases: usize) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let config = Config {
        cases: u32::try_from(cases).unwrap_or(u32::MAX),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

fn run(seed: u64, cases: usize, policy: Policy) -> (usize, usize, usize) {
    let tally = std::cell::RefCell::new(Tally::default());
    let result = runner(seed, cases).run(&Pairs, |c| {
        let t = check(&c, policy).map_err(proptest::test_runner::TestCaseError::fail)?;
        let mut all = tally.borrow_mut();
        all.backward += t.backward;
        all.forward += t.forward;
        all.checked += t.checked;
        Ok(())
    });
    if let Err(e) = result {
        panic!("{policy:?}, seed {seed}: {e}");
    }
    let t = tally.into_inner();
    (t.backward, t.forward, t.checked)
}

/// Pairs per run: `EVSCHEMA_SOUNDNESS_PAIRS` (or the older `EVSCHEMA_SOUNDNESS_CASES`).
fn pairs(default: usize) -> usize {
    env_usize(
        "EVSCHEMA_SOUNDNESS_PAIRS",
        env_usize("EVSCHEMA_SOUNDNESS_CASES", default),
    )
}

/// `EVSCHEMA_SOUNDNESS_PAIRS` / `EVSCHEMA_SOUNDNESS_SEED` widen the search locally.
fn env_usize(k: &str, default: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn soundness_strict() {
    let t = std::time::Instant::now();
    let cases = pairs(1200);
    let seed = env_usize("EVSCHEMA_SOUNDNESS_SEED", 0x5EED_0001) as u64;
    let (b, f, n) = run(seed, cases, Policy::Strict);
    eprintln!("soundness strict: {cases} schema pairs, {n} instance checks, {b} backward / {f} forward proofs, {:?}", t.elapsed());
    assert!(
        b > cases / 10 && f > cases / 10,
        "the engine proves too little to be useful: {b} {f}"
    );
}

#[test]
fn soundness_lenient() {
    let t = std::time::Instant::now();
    let cases = pairs(1200) / 2;
    let seed = env_usize("EVSCHEMA_SOUNDNESS_SEED", 0x5EED_0002) as u64;
    let (b, f, n) = run(seed, cases, Policy::Lenient);
    eprintln!("soundness lenient: {cases} schema pairs, {n} instance checks, {b} backward / {f} forward proofs, {:?}", t.elapsed());
}

/// The draft-04 spellings `export eventbridge` writes, against draft-07 sources: random
/// schemas and mutations of them, each converted to draft-04; whenever the engine proves a
/// direction between a draft-07 schema and a converted one, the validators must agree.
#[test]
fn soundness_draft4_conversion() {
    let t = std::time::Instant::now();
    let cases = pairs(500) / 2;
    let seed = env_usize("EVSCHEMA_SOUNDNESS_SEED", 0x5EED_0004) as u64;
    let tally = std::cell::RefCell::new((0, 0, 0));
    let result = runner(seed, cases).run(&proptest::prelude::any::<u64>(), |case| {
        let mut r = Rng(case | 1);
        let mut old = gen_schema(&mut r, 2);
        if let Value::Object(m) = &mut old {
            m.insert(
                "$schema".into(),
                json!("http://json-schema.org/draft-07/schema#"),
            );
        }
        // the conversion of the schema itself, or of a mutation of it
        let target = if r.chance(50) {
            old.clone()
        } else {
            mutate(&mut r, &old)
        };
        let Ok(conv) = crate::export::draft4::convert(&target) else {
            return Ok(());
        };
        let new = conv.schema;
        let (Some(vo), Some(vn)) = (Oracle::new(&old), Oracle::new(&new)) else {
            return Ok(());
        };
        let [back, fwd] = prove(&old, &new);
        let c = compare(&old, &new, Policy::Strict);
        let mut t = tally.borrow_mut();
        t.1 += usize::from(target == old && back.is_ok() && fwd.is_ok());
        for inst in instances(&mut r, &[&old, &new], &c) {
            t.2 += 1;
            for (claim, from, to, name) in [
                (back.is_ok(), &vo, &vn, "backward"),
                (fwd.is_ok(), &vn, &vo, "forward"),
            ] {
                proptest::prop_assert!(
                    !(claim && from.ok(&inst) && !to.ok(&inst)),
                    "UNSOUND (draft-04 conversion, seed {seed}): {name} proved, but {inst} separates them\nold: {old}\nconverted: {new}"
                );
            }
        }
        t.0 += usize::from(back.is_ok()) + usize::from(fwd.is_ok());
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (proved, exact, checked) = tally.into_inner();
    eprintln!("soundness draft-04 conversion: {cases} pairs, {checked} instance checks, {proved} proofs, {exact} conversions proved exact, {:?}", t.elapsed());
    assert!(
        exact > cases / 10,
        "too few conversions proved exact: {exact} of {cases}"
    );
}

/// The shrinker: a property that fails whenever OLD mentions `minimum` ends on a pair where
/// every simpler pair passes, with NEW emptied.
#[test]
fn a_failure_is_shrunk_until_nothing_more_can_go() {
    use proptest::test_runner::{TestCaseError, TestError};
    let fails = |c: &Case| c.old.to_string().contains("\"minimum\"");
    let result = runner(7, 2000).run(&Pairs, |c| {
        if fails(&c) {
            Err(TestCaseError::fail("OLD has a minimum"))
        } else {
            Ok(())
        }
    });
    let Err(TestError::Fail(_, c)) = result else {
        panic!("no generated pair has a minimum: {result:?}");
    };
    assert!(fails(&c));
    assert_eq!(c.new, json!({}), "{c:?}");
    let simpler = simpler(&c);
    assert!(!simpler.is_empty());
    assert!(simpler.iter().all(|x| !fails(x)), "not minimal: {c:?}");
}
