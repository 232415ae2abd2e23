//! Subscriptions checked against the catalog: which event types (and versions) of its
//! channels a filter can receive, which fields it reads that no schema it can match has,
//! which conditions compare a field with the wrong type.
//!
//! A filter policy or event pattern is translated into a JSON Schema of the events it can
//! match ([`branch_schema`]): `prefix`/`suffix`/`equals-ignore-case`/`wildcard` become
//! `pattern`s, `numeric` becomes bounds, `exists` becomes `required` or its negation,
//! `anything-but` becomes `not`, `$or` becomes one branch each (the pattern is expanded
//! into its disjunctive branches). The translation over-approximates where AWS's semantics
//! cannot be written exactly (`cidr` is any string, a nested key may sit under an array,
//! `anything-but` may match a missing key), so that a branch proved disjoint from a schema
//! by the compatibility engine ([`crate::compat::prove`]) really receives none of its
//! events. An example event is a witness of the engine ([`crate::compat::compare`]) that
//! the schema and the translated branch both accept, checked with the validator; when the
//! engine neither proves the intersection empty nor finds such an event, the verdict is
//! "undecided" and nothing is claimed.
//!
//! The event type and the version are decided on the values themselves: the event types a
//! schema names, and the majors the catalog holds.

use super::matcher::{self, EnvelopeSpec, Envelopes};
use super::model::*;
use crate::catalog::{leading_major, percent_decode, Catalog};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Most disjunctive branches a pattern is expanded into (AWS limits combinations to 150).
const MAX_BRANCHES: usize = 256;

/// Where a leaf of a pattern looks in an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path of keys in the event (the SNS body, EventBridge `detail`, or the message
    /// attributes `event_type` / `version` that publishers copy from the event).
    Body(Vec<String>),
    /// A message attribute the publishers do not set: it is absent from every message.
    MissingAttribute,
    /// A field of the EventBridge envelope with the same value for every event (`source`,
    /// `account`, `region`, `version`, `resources`), from the [`EnvelopeSpec`].
    Constant(Value),
    /// A field of the EventBridge envelope the catalog does not describe: any value.
    Envelope,
}

/// One leaf of a branch: the field conditions (any of them) at a target.
#[derive(Debug, Clone)]
pub struct Leaf<'a> {
    /// The keys from the pattern's root, as written.
    pub keys: Vec<String>,
    pub target: Target,
    pub field: &'a PatternField,
    pub conditions: &'a [Condition],
}

impl Leaf<'_> {
    /// The body path shown to users (`payload.state`).
    pub fn shown(&self) -> String {
        match &self.target {
            Target::Body(p) => p.join("."),
            _ => self.keys.join("."),
        }
    }
}

/// A branch of the pattern's disjunctive form: every leaf must match.
pub type Branch<'a> = Vec<Leaf<'a>>;

/// The pattern of a filter, if it has one.
pub fn pattern_of(filter: &Filter) -> Option<&Pattern> {
    match filter {
        Filter::All => None,
        Filter::Sns { policy, .. } => Some(policy),
        Filter::EventBridge { pattern, .. } => Some(pattern),
    }
}

/// The pointer of the filter in the subscription file.
pub fn filter_pointer(filter: &Filter) -> &'static str {
    match filter {
        Filter::All => "",
        Filter::Sns { .. } => "/sns/FilterPolicy",
        Filter::EventBridge { .. } => "/eventbridge/EventPattern",
    }
}

/// The pattern's branches (its `$or`s multiplied out); `None` when there are more than
/// [`MAX_BRANCHES`].
pub fn branches<'a>(pattern: &'a Pattern, spec: &EnvelopeSpec) -> Option<Vec<Branch<'a>>> {
    fn expand<'a>(
        obj: &'a PatternObject,
        prefix: &[String],
        dialect: Dialect,
        spec: &EnvelopeSpec,
    ) -> Option<Vec<Branch<'a>>> {
        let mut out: Vec<Branch<'a>> = vec![Vec::new()];
        for field in &obj.fields {
            let mut keys = prefix.to_vec();
            keys.push(field.key.clone());
            match &field.kind {
                FieldKind::Leaf(conditions) => {
                    let target = target_of(&keys, dialect, spec);
                    for b in &mut out {
                        b.push(Leaf {
                            keys: keys.clone(),
                            target: target.clone(),
                            field,
                            conditions,
                        });
                    }
                }
                FieldKind::Nested(inner) => {
                    let inner = expand(inner, &keys, dialect, spec)?;
                    out = product(out, &inner)?;
                }
            }
        }
        for group in &obj.or {
            let mut alternatives = Vec::new();
            for branch in &group.branches {
                alternatives.extend(expand(branch, prefix, dialect, spec)?);
            }
            out = product(out, &alternatives)?;
        }
        Some(out)
    }
    fn product<'a>(left: Vec<Branch<'a>>, right: &[Branch<'a>]) -> Option<Vec<Branch<'a>>> {
        if left.len().saturating_mul(right.len()) > MAX_BRANCHES {
            return None;
        }
        let mut out = Vec::new();
        for l in &left {
            for r in right {
                let mut b = l.clone();
                b.extend(r.iter().cloned());
                out.push(b);
            }
        }
        Some(out)
    }
    expand(&pattern.root, &[], pattern.dialect, spec)
}

/// Where the keys of a leaf look, under the envelope the publishers produce
/// ([`EnvelopeSpec`]): the SNS message attributes are copied from the event (`event_type`,
/// `version`); an EventBridge event carries the event type in `detail-type`, the event in
/// `detail`, its id and time in `id` and `time`, and constants elsewhere.
pub fn target_of(keys: &[String], dialect: Dialect, spec: &EnvelopeSpec) -> Target {
    let tokens = |pointer: &str| crate::catalog::pointer_tokens(pointer);
    match dialect {
        Dialect::SnsAttributes => match keys {
            [k] => match spec.attributes.iter().find(|(name, _)| name == k) {
                Some((_, pointer)) => Target::Body(tokens(pointer)),
                None => Target::MissingAttribute,
            },
            _ => Target::MissingAttribute,
        },
        Dialect::SnsBody => Target::Body(keys.to_vec()),
        // the catalog's events are EventBridge events themselves: the pattern reads them
        Dialect::EventBridge if spec.type_key == "/detail-type" => Target::Body(keys.to_vec()),
        Dialect::EventBridge => match keys.split_first() {
            Some((first, [])) => match first.as_str() {
                "detail-type" => Target::Body(tokens(&spec.type_key)),
                "id" => Target::Body(tokens(&spec.id_key)),
                "time" => Target::Body(tokens(&spec.time_key)),
                "source" => Target::Constant(Value::String(spec.source.clone())),
                "account" => Target::Constant(Value::String(spec.account.clone())),
                "region" => Target::Constant(Value::String(spec.region.clone())),
                "version" => Target::Constant(Value::String("0".into())),
                "resources" => Target::Constant(Value::Array(Vec::new())),
                _ => Target::MissingAttribute,
            },
            Some((first, rest)) if first == "detail" => Target::Body(rest.to_vec()),
            _ => Target::Envelope,
        },
    }
}

/// Whether a leaf's conditions accept a constant envelope value (EventBridge semantics).
fn constant_accepts(conditions: &[Condition], value: &Value) -> bool {
    let leaves = matcher::leaf_values(Some(value));
    conditions.iter().any(|c| match &c.op {
        Op::Exists(want) => leaves.is_empty() != *want,
        op => leaves.iter().any(|v| matcher::op_matches(op, Some(v))),
    })
}

// ---------------------------------------------------------------------------------------
// Concrete values: event types and versions.

/// Three-valued answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Maybe,
}

impl Tri {
    fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::Maybe, _) | (_, Tri::Maybe) => Tri::Maybe,
            _ => Tri::No,
        }
    }
    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Maybe, _) | (_, Tri::Maybe) => Tri::Maybe,
            _ => Tri::Yes,
        }
    }
}

/// Whether a condition accepts the string `value` (an event type, a version string), which
/// is present. Exact for the string operators; `cidr` on a string that is an address is
/// left undecided.
pub fn string_condition(op: &Op, value: &str) -> Tri {
    if let Op::Cidr(_) = op {
        if value.parse::<std::net::IpAddr>().is_ok() {
            return Tri::Maybe;
        }
    }
    if matcher::op_matches(op, Some(&Value::String(value.to_owned()))) {
        Tri::Yes
    } else {
        Tri::No
    }
}

/// Whether a leaf (any of its conditions) accepts the string `value`.
pub fn leaf_accepts(leaf: &Leaf<'_>, value: &str) -> Tri {
    leaf.conditions
        .iter()
        .fold(Tri::No, |acc, c| acc.or(string_condition(&c.op, value)))
}

/// Whether a version condition accepts some version `M.x.y` of major `major`.
pub fn version_condition_accepts_major(op: &Op, major: u64, own: Option<&str>) -> Tri {
    let m = major.to_string();
    let mdot = format!("{m}.");
    let digits_dots = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '.');
    match op {
        Op::Equals(Scalar::String(s)) => {
            if leading_major(s) == Some(major) && semver::Version::parse(s).is_ok() {
                Tri::Yes
            } else {
                Tri::No
            }
        }
        Op::Prefix {
            value: p,
            ignore_case: _,
        } => {
            if mdot.starts_with(p.as_str())
                || (p.starts_with(&mdot) && digits_dots(&p[mdot.len()..]))
            {
                Tri::Yes
            } else if p.starts_with(&mdot) {
                Tri::Maybe
            } else {
                Tri::No
            }
        }
        Op::Numeric(_) => Tri::No,
        Op::Exists(b) => {
            if *b {
                Tri::Yes
            } else {
                Tri::No
            }
        }
        other => {
            // sample versions of the major; a miss on every sample is not a proof
            let mut samples = vec![format!("{m}.0.0"), format!("{m}.1.0"), format!("{m}.0.1")];
            if let Some(o) = own.filter(|o| leading_major(o) == Some(major)) {
                samples.insert(0, o.to_owned());
            }
            if let Op::EqualsIgnoreCase(s) = other {
                samples.push(s.clone());
            }
            let hit = samples
                .iter()
                .filter(|s| leading_major(s) == Some(major))
                .map(|s| string_condition(other, s))
                .fold(Tri::No, Tri::or);
            if hit == Tri::No {
                Tri::Maybe
            } else {
                hit
            }
        }
    }
}

/// The majors a version condition names, when it names some (`"1.2.0"`, `{"prefix": "1."}`).
fn named_majors(op: &Op) -> Vec<u64> {
    match op {
        Op::Equals(Scalar::String(s)) | Op::Prefix { value: s, .. } => {
            let head: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
            if head.is_empty() || (s.len() == head.len() && matches!(op, Op::Prefix { .. })) {
                Vec::new()
            } else {
                head.parse().ok().into_iter().collect()
            }
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Patterns as JSON Schema.

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\^$.|?*+()[]{}/-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A regex matching `s` case-insensitively: `[lL]` for ASCII letters, any character for
/// other letters that have case (an over-approximation of Unicode case folding).
fn ci_regex(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphabetic() {
            out.push('[');
            out.push(c.to_ascii_lowercase());
            out.push(c.to_ascii_uppercase());
            out.push(']');
        } else if c.is_alphabetic() && (c.is_uppercase() || c.is_lowercase()) {
            out.push_str("[\\s\\S]");
        } else {
            out.push_str(&regex_escape(&c.to_string()));
        }
    }
    out
}

fn wildcard_regex(p: &str) -> String {
    let mut out = String::from("^");
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str("\\*");
            }
            '*' => out.push_str("[\\s\\S]*"),
            c => out.push_str(&regex_escape(&c.to_string())),
        }
    }
    out.push('$');
    out
}

/// A case-insensitive operator's value that Unicode case folding may change in length:
/// translated as any string.
fn folds_oddly(s: &str) -> bool {
    !s.is_ascii()
}

fn pattern_schema(regex: String) -> Value {
    json!({"type": "string", "pattern": regex})
}

fn scalar_json(s: &Scalar) -> Value {
    match s {
        Scalar::String(v) => Value::String(v.clone()),
        Scalar::Number(n) => Value::Number(n.clone()),
        Scalar::Bool(b) => Value::Bool(*b),
        Scalar::Null => Value::Null,
    }
}

/// What a present value must be for a condition to match it (`None`: the condition does
/// not test a present value: `exists`).
fn value_schema(op: &Op, dialect: Dialect) -> Option<Value> {
    Some(match op {
        Op::Equals(Scalar::Number(n)) => json!({"type": "number", "const": n}),
        Op::Equals(s) => json!({"const": scalar_json(s)}),
        Op::Prefix { value, ignore_case } | Op::Suffix { value, ignore_case }
            if *ignore_case && folds_oddly(value) =>
        {
            json!({"type": "string"})
        }
        Op::EqualsIgnoreCase(s) if folds_oddly(s) => json!({"type": "string"}),
        Op::Wildcard(p) if p.contains('\\') => json!({"type": "string"}),
        Op::Prefix { value, ignore_case } => pattern_schema(format!(
            "^{}",
            if *ignore_case {
                ci_regex(value)
            } else {
                regex_escape(value)
            }
        )),
        Op::Suffix { value, ignore_case } => pattern_schema(format!(
            "{}$",
            if *ignore_case {
                ci_regex(value)
            } else {
                regex_escape(value)
            }
        )),
        Op::EqualsIgnoreCase(s) => pattern_schema(format!("^{}$", ci_regex(s))),
        Op::Wildcard(p) => pattern_schema(wildcard_regex(p)),
        Op::AnythingBut(ab) => match ab {
            AnythingBut::Values(vs) => {
                json!({"not": {"enum": vs.iter().map(scalar_json).collect::<Vec<_>>()}})
            }
            AnythingBut::Prefix(p) => {
                json!({"not": pattern_schema(format!("^{}", regex_escape(p)))})
            }
            AnythingBut::Suffix(p) => {
                json!({"not": pattern_schema(format!("{}$", regex_escape(p)))})
            }
            AnythingBut::EqualsIgnoreCase(vs) if vs.iter().any(|v| folds_oddly(v)) => json!({}),
            AnythingBut::Wildcard(ps) if ps.iter().any(|p| p.contains('\\')) => json!({}),
            AnythingBut::EqualsIgnoreCase(vs) => json!({"not": {"anyOf": vs
                .iter()
                .map(|v| pattern_schema(format!("^{}$", ci_regex(v))))
                .collect::<Vec<_>>()}}),
            AnythingBut::Wildcard(ps) => json!({"not": {"anyOf": ps
                .iter()
                .map(|p| pattern_schema(wildcard_regex(p)))
                .collect::<Vec<_>>()}}),
        },
        Op::Numeric(cmps) => {
            if dialect == Dialect::SnsAttributes {
                // the publishers' attributes are of type String: numeric never matches
                return Some(json!({"not": {}}));
            }
            let mut m = Map::new();
            m.insert("type".into(), json!("number"));
            for (cmp, n) in cmps {
                let key = match cmp {
                    NumCmp::Eq => "const",
                    NumCmp::Lt => "exclusiveMaximum",
                    NumCmp::Le => "maximum",
                    NumCmp::Gt => "exclusiveMinimum",
                    NumCmp::Ge => "minimum",
                };
                m.insert(key.into(), Value::Number(n.clone()));
            }
            Value::Object(m)
        }
        Op::Exists(_) => return None,
        Op::Cidr(_) => json!({"type": "string"}),
    })
}

fn wrap_path(path: &[String], inner: Value) -> Value {
    match path.split_first() {
        None => inner,
        Some((first, [])) => json!({"required": [first], "properties": {first: inner}}),
        Some((first, rest)) => json!({
            "required": [first],
            "properties": {first: {"anyOf": [
                {"type": "array"},
                {"allOf": [{"type": "object"}, wrap_path(rest, inner)]}
            ]}}
        }),
    }
}

/// The events a leaf can match, as a JSON Schema over the event.
pub fn leaf_schema(leaf: &Leaf<'_>, dialect: Dialect) -> Value {
    let maybe_absent = leaf
        .conditions
        .iter()
        .any(|c| matches!(c.op, Op::Exists(false) | Op::AnythingBut(_)));
    let path = match &leaf.target {
        Target::Envelope => return json!({}),
        Target::Constant(v) => {
            return if constant_accepts(leaf.conditions, v) {
                json!({})
            } else {
                json!({"not": {}})
            }
        }
        Target::MissingAttribute => {
            return if maybe_absent {
                json!({})
            } else {
                json!({"not": {}})
            }
        }
        Target::Body(p) => p,
    };
    let mut present: Vec<Value> = Vec::new();
    for c in leaf.conditions {
        match &c.op {
            Op::Exists(true) => present.push(json!({})),
            Op::Exists(false) => {}
            op => {
                if let Some(s) = value_schema(op, dialect) {
                    if dialect == Dialect::SnsAttributes {
                        present.push(s);
                    } else {
                        present
                            .push(json!({"anyOf": [s.clone(), {"type": "array", "contains": s}]}));
                    }
                }
            }
        }
    }
    let mut any: Vec<Value> = Vec::new();
    if !present.is_empty() {
        any.push(wrap_path(path, json!({"anyOf": present})));
    }
    if maybe_absent {
        if path.len() == 1 {
            let key = &path[0];
            any.push(json!({"not": {"required": [key]}}));
            any.push(json!({"required": [key], "properties": {key: {"type": ["null", "array", "object"]}}}));
        } else {
            any.push(json!({}));
        }
    }
    match any.len() {
        0 => json!({"not": {}}),
        1 => any.pop().unwrap_or_else(|| json!({})),
        _ => json!({"anyOf": any}),
    }
}

/// The events a branch can match (every leaf), as a JSON Schema over the event.
pub fn branch_schema(branch: &[Leaf<'_>], dialect: Dialect) -> Value {
    json!({"allOf": branch.iter().map(|l| leaf_schema(l, dialect)).collect::<Vec<_>>()})
}

// ---------------------------------------------------------------------------------------
// The engine: the intersection of a schema and a branch.

/// What the engine says about a schema ∧ a branch.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Some valid event matches: this one (valid against the schema and matched by the
    /// translated branch).
    Receives(Value),
    /// Proved: no valid event of the schema matches.
    Never(String),
    /// Neither proved empty nor an example found.
    Undecided(String),
}

/// Decides `schema ∧ branch` with the compatibility engine: a proof that the schema is
/// included in `not branch`, or a witness accepted by both (and by `check`: the matcher
/// itself, so that an example is one the subscriber really receives).
pub fn intersect(schema: &Value, branch: &Value, check: &dyn Fn(&Value) -> bool) -> Verdict {
    let negated = json!({"not": branch});
    let [back, _] = crate::compat::prove(schema, &negated);
    if back.is_ok() {
        return Verdict::Never("proved by the compatibility engine".into());
    }
    if let Some(w) = witness(schema, branch, check) {
        return Verdict::Receives(w);
    }
    Verdict::Undecided(match back {
        Err(u) => u.reason,
        Ok(()) => String::new(),
    })
}

/// An event valid against `schema` and `branch` (and accepted by `check`), from the
/// compatibility engine's witnesses of `not branch` against `schema`.
pub fn witness(schema: &Value, branch: &Value, check: &dyn Fn(&Value) -> bool) -> Option<Value> {
    let negated = json!({"not": branch});
    let (Ok(vs), Ok(vb)) = (
        crate::compat::build_validator(schema),
        crate::compat::build_validator(&with_draft(schema, branch)),
    ) else {
        return None;
    };
    for (old, new) in [(&negated, schema), (schema, &negated)] {
        let cmp = crate::compat::compare(old, new, crate::compat::Policy::Strict);
        for change in &cmp.changes {
            if let Some(w) = &change.witness {
                if vs.is_valid(&w.event) && vb.is_valid(&w.event) && check(&w.event) {
                    return Some(w.event.clone());
                }
            }
        }
    }
    None
}

/// Values that satisfy a condition, to try in an example event.
fn candidates(op: &Op) -> Vec<Value> {
    match op {
        Op::Equals(s) => vec![scalar_json(s)],
        Op::Prefix { value, .. } => vec![json!(value), json!(format!("{value}a"))],
        Op::Suffix { value, .. } => vec![json!(value), json!(format!("a{value}"))],
        Op::EqualsIgnoreCase(s) => vec![json!(s)],
        Op::Wildcard(p) => vec![json!(p
            .replace("\\*", "\u{0}")
            .replace('*', "")
            .replace('\u{0}', "*"))],
        Op::Numeric(cmps) => {
            let mut lo = f64::NEG_INFINITY;
            let mut hi = f64::INFINITY;
            let mut out = Vec::new();
            for (c, n) in cmps {
                let v = n.as_f64().unwrap_or(0.0);
                match c {
                    NumCmp::Eq => out.push(Value::Number(n.clone())),
                    NumCmp::Gt | NumCmp::Ge => lo = v,
                    NumCmp::Lt | NumCmp::Le => hi = v,
                }
            }
            let mut try_num = |f: f64| {
                if cmps.iter().all(|(c, n)| {
                    let n = n.as_f64().unwrap_or(0.0);
                    match c {
                        NumCmp::Eq => f == n,
                        NumCmp::Lt => f < n,
                        NumCmp::Le => f <= n,
                        NumCmp::Gt => f > n,
                        NumCmp::Ge => f >= n,
                    }
                }) {
                    if f.fract() == 0.0 && f.abs() < 9.0e15 {
                        out.push(json!(f as i64));
                    } else if let Some(n) = serde_json::Number::from_f64(f) {
                        out.push(Value::Number(n));
                    }
                }
            };
            for f in [
                lo.floor() + 1.0,
                lo,
                hi.ceil() - 1.0,
                hi,
                (lo + hi) / 2.0,
                0.0,
                1.0,
            ] {
                if f.is_finite() {
                    try_num(f);
                }
            }
            out
        }
        Op::Cidr(c) => c
            .split_once('/')
            .map(|(a, _)| vec![json!(a)])
            .unwrap_or_default(),
        Op::AnythingBut(_) => vec![json!("x"), json!("a"), json!(1), json!(0)],
        Op::Exists(true) => vec![json!("a"), json!(1), json!(true), json!(["a"]), json!(0)],
        Op::Exists(false) => Vec::new(),
    }
}

/// Sets (or, with `None`, removes) the value at `path`, creating objects on the way; an
/// array on the way is entered at its first element.
fn set_path(event: &mut Value, path: &[String], value: Option<Value>) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = event;
    for p in parents {
        if let Value::Array(items) = node {
            let Some(first) = items.first_mut() else {
                return false;
            };
            node = first;
        }
        let Some(obj) = node.as_object_mut() else {
            return false;
        };
        node = obj.entry(p.clone()).or_insert_with(|| json!({}));
    }
    if let Value::Array(items) = node {
        let Some(first) = items.first_mut() else {
            return false;
        };
        node = first;
    }
    match (node.as_object_mut(), value) {
        (Some(obj), Some(v)) => {
            obj.insert(last.clone(), v);
            true
        }
        (Some(obj), None) => {
            obj.remove(last);
            true
        }
        (None, _) => false,
    }
}

/// An example of the branch built from a valid event of the schema: each leaf's field set
/// to a value its conditions accept (a few tries each); kept only when `valid` and `check`
/// accept the result.
fn repaired(
    base: &Value,
    schema: &Value,
    branch: &[Leaf<'_>],
    valid: &dyn Fn(&Value) -> bool,
    check: &dyn Fn(&Value) -> bool,
) -> Option<Value> {
    let mut event = base.clone();
    for leaf in branch {
        let Target::Body(path) = &leaf.target else {
            continue;
        };
        let current = event.pointer(&pointer_of(path)).cloned();
        let ok_now = current.as_ref().is_some_and(|v| {
            leaf.conditions
                .iter()
                .any(|c| matcher::op_matches(&c.op, Some(v)))
        });
        if ok_now {
            continue;
        }
        let mut options: Vec<Option<Value>> = Vec::new();
        if leaf
            .conditions
            .iter()
            .any(|c| matches!(c.op, Op::Exists(false)))
        {
            options.push(None);
        }
        options.extend(
            leaf.conditions
                .iter()
                .flat_map(|c| candidates(&c.op))
                .map(Some),
        );
        // the values the schema lists there, that a condition accepts
        let doc = Doc { root: schema };
        let mut nodes = Vec::new();
        for n in doc.at_path(path) {
            doc.in_place(n, &mut nodes, 0);
        }
        let listed: Vec<Value> = nodes
            .iter()
            .flat_map(|n| {
                n.get("enum")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .chain(n.get("const").cloned())
            })
            .filter(|v| {
                leaf.conditions
                    .iter()
                    .any(|c| matcher::op_matches(&c.op, Some(v)))
            })
            .collect();
        options.truncate(10);
        options.splice(0..0, listed.into_iter().take(4).map(Some));
        let mut placed = false;
        for v in options {
            let mut trial = event.clone();
            if set_path(&mut trial, path, v) && valid(&trial) {
                event = trial;
                placed = true;
                break;
            }
        }
        if !placed {
            return None;
        }
    }
    (valid(&event) && check(&event)).then_some(event)
}

fn pointer_of(path: &[String]) -> String {
    path.iter()
        .map(|p| format!("/{}", crate::spans::escape_token(p)))
        .collect()
}

/// Bundled schemas and one example event per (schema, event type), shared by the analyses
/// of a catalog's subscriptions.
#[derive(Default)]
pub struct Cache {
    bundles: std::cell::RefCell<BTreeMap<usize, Option<Value>>>,
    examples: std::cell::RefCell<BTreeMap<(usize, String), Option<Value>>>,
}

impl Cache {
    /// The self-contained schema `index`.
    pub fn bundle(&self, catalog: &Catalog, index: usize) -> Option<Value> {
        self.bundles
            .borrow_mut()
            .entry(index)
            .or_insert_with(|| catalog.bundle(index).ok())
            .clone()
    }

    /// A valid event of type `t` of schema `index` (the type field at `type_path`).
    pub fn example(
        &self,
        catalog: &Catalog,
        index: usize,
        t: &str,
        type_path: &[String],
    ) -> Option<Value> {
        if let Some(hit) = self.examples.borrow().get(&(index, t.to_owned())) {
            return hit.clone();
        }
        let found = self
            .bundle(catalog, index)
            .and_then(|s| witness(&s, &wrap_path(type_path, json!({"const": t})), &|_| true));
        self.examples
            .borrow_mut()
            .insert((index, t.to_owned()), found.clone());
        found
    }
}

/// `branch` read under the schema's draft (so `contains`, `const` mean the same).
fn with_draft(schema: &Value, branch: &Value) -> Value {
    let mut b = branch.clone();
    if let (Some(d), Some(m)) = (schema.get("$schema"), b.as_object_mut()) {
        m.insert("$schema".into(), d.clone());
    }
    b
}

// ---------------------------------------------------------------------------------------
// Schemas: fields and their types.

use crate::json_types::{value_bits, T_ALL, T_ARR, T_BOOL, T_NULL, T_NUM, T_OBJ, T_STR};

/// The bits of a `type` name; an unknown name constrains nothing.
fn type_bits(name: &str) -> u8 {
    crate::json_types::type_bits(name).unwrap_or(T_ALL)
}

/// Subscription files among a revision's files (catalog-relative path, text), as
/// `diff --against` reads them from git; files that do not parse are left out.
pub fn parse_texts(root: &std::path::Path, files: &[(String, String)]) -> Vec<Subscription> {
    let mut out: Vec<Subscription> = Vec::new();
    for (rel, text) in files {
        if !crate::lint::subscriptions::is_subscription(rel) {
            continue;
        }
        if let Ok(s) = super::parse::parse_file(rel, root.join(rel), text) {
            if !out.iter().any(|o| o.name == s.name) {
                out.push(s);
            }
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// A bundled schema document, read for fields and types.
pub struct Doc<'a> {
    pub root: &'a Value,
}

impl<'a> Doc<'a> {
    fn deref(&self, node: &'a Value) -> Option<&'a Value> {
        let r = node.get("$ref")?.as_str()?;
        let frag = r.strip_prefix('#')?;
        self.root.pointer(&percent_decode(frag))
    }

    /// The subschemas that apply in place of `node` (itself, `$ref` targets, `allOf`,
    /// `anyOf`, `oneOf`, `then`, `else` branches), at most 64.
    fn in_place(&self, node: &'a Value, out: &mut Vec<&'a Value>, depth: u32) {
        if depth > 12 || out.len() > 64 || out.iter().any(|n| std::ptr::eq(*n, node)) {
            return;
        }
        out.push(node);
        if let Some(t) = self.deref(node) {
            self.in_place(t, out, depth + 1);
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(items) = node.get(key).and_then(Value::as_array) {
                for i in items {
                    self.in_place(i, out, depth + 1);
                }
            }
        }
        for key in ["then", "else"] {
            if let Some(s) = node.get(key) {
                self.in_place(s, out, depth + 1);
            }
        }
    }

    /// The subschemas declared for the value at `path` (through properties,
    /// patternProperties, and array items on the way).
    pub fn at_path(&self, path: &[String]) -> Vec<&'a Value> {
        let mut current = vec![self.root];
        for step in path {
            let mut next = Vec::new();
            let mut nodes = Vec::new();
            for c in &current {
                self.in_place(c, &mut nodes, 0);
            }
            // arrays of objects on the way: their items count too
            let mut items = Vec::new();
            for n in &nodes {
                if let Some(i) = n.get("items").filter(|i| i.is_object()) {
                    self.in_place(i, &mut items, 0);
                }
            }
            nodes.extend(items);
            for n in nodes {
                if let Some(p) = n.get("properties").and_then(|p| p.get(step)) {
                    next.push(p);
                }
                if let Some(pp) = n.get("patternProperties").and_then(Value::as_object) {
                    for (re, s) in pp {
                        if crate::lint::rust_regex(re).is_some_and(|r| r.is_match(step)) {
                            next.push(s);
                        }
                    }
                }
            }
            if next.is_empty() {
                return next;
            }
            current = next;
        }
        current
    }

    /// The property names declared beside `path`'s last step (for suggestions).
    pub fn siblings(&self, path: &[String]) -> Vec<String> {
        let Some((_, parent)) = path.split_last() else {
            return Vec::new();
        };
        let mut out = BTreeSet::new();
        let parents = if parent.is_empty() {
            vec![self.root]
        } else {
            self.at_path(parent)
        };
        let mut nodes = Vec::new();
        for p in parents {
            self.in_place(p, &mut nodes, 0);
        }
        for n in nodes {
            if let Some(props) = n.get("properties").and_then(Value::as_object) {
                out.extend(props.keys().cloned());
            }
        }
        out.into_iter().collect()
    }

    /// The JSON types a value valid against `node` can have (bits), following refs and
    /// applicators; array-typed values add the types of their items (AWS matches elements).
    pub fn types(&self, node: &'a Value) -> u8 {
        self.types_at(node, 0)
    }

    fn types_at(&self, node: &'a Value, depth: u32) -> u8 {
        if depth > 12 {
            return T_ALL;
        }
        let Some(obj) = node.as_object() else {
            return if node == &Value::Bool(false) {
                0
            } else {
                T_ALL
            };
        };
        let mut bits = match obj.get("type") {
            Some(Value::String(t)) => type_bits(t),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .fold(0, |a, t| a | type_bits(t)),
            _ => T_ALL,
        };
        if let Some(c) = obj.get("const") {
            bits &= value_bits(c);
        }
        if let Some(Value::Array(vs)) = obj.get("enum") {
            bits &= vs.iter().fold(0, |a, v| a | value_bits(v));
        }
        if let Some(t) = self.deref(node) {
            bits &= self.types_at(t, depth + 1);
        }
        if let Some(items) = obj.get("allOf").and_then(Value::as_array) {
            for i in items {
                bits &= self.types_at(i, depth + 1);
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(items) = obj.get(key).and_then(Value::as_array) {
                bits &= items.iter().fold(0, |a, i| a | self.types_at(i, depth + 1));
            }
        }
        if bits & T_ARR != 0 {
            bits |= match obj.get("items") {
                Some(i @ Value::Object(_)) => self.types_at(i, depth + 1),
                _ => T_ALL,
            };
        }
        bits
    }
}

/// The JSON types a condition can match, and its wording (`None`: any type).
fn condition_types(op: &Op, dialect: Dialect) -> Option<(u8, &'static str)> {
    let _ = dialect;
    Some(match op {
        Op::Numeric(_) => (T_NUM, "a numeric comparison"),
        Op::Equals(Scalar::Number(_)) => (T_NUM, "a number"),
        Op::Equals(Scalar::String(_)) => (T_STR, "a string"),
        Op::Equals(Scalar::Bool(_)) => (T_BOOL, "a boolean"),
        Op::Equals(Scalar::Null) => (T_NULL, "null"),
        Op::Prefix { .. } => (T_STR, "`prefix`"),
        Op::Suffix { .. } => (T_STR, "`suffix`"),
        Op::EqualsIgnoreCase(_) => (T_STR, "`equals-ignore-case`"),
        Op::Wildcard(_) => (T_STR, "`wildcard`"),
        Op::Cidr(_) => (T_STR, "`cidr`"),
        Op::AnythingBut(_) | Op::Exists(_) => return None,
    })
}

/// The JSON types of a [`Doc::types`] bit set, in words (`string or null`).
pub fn type_words(bits: u8) -> String {
    const ORDER: [u8; 6] = [T_STR, T_NUM, T_BOOL, T_OBJ, T_ARR, T_NULL];
    let out = crate::json_types::names(bits, &ORDER, "non-integer number");
    if out.is_empty() {
        "nothing".into()
    } else {
        out.join(" or ")
    }
}

// ---------------------------------------------------------------------------------------
// The analysis of one subscription.

/// What a subscriber receives of one event type of one schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Reception {
    /// Index in `catalog.schemas`.
    pub schema: usize,
    pub event_type: String,
    pub verdict: Verdict,
}

/// A finding about a subscription, before the lint driver gives it a position.
#[derive(Debug, Clone, PartialEq)]
pub struct SubFinding {
    pub code: &'static str,
    /// Pointer in the subscription file.
    pub pointer: String,
    pub message: String,
    pub help: String,
}

/// The analysis of one subscription against a catalog.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Every event type of every schema on its channels, with what it receives of it.
    pub receptions: Vec<Reception>,
    pub findings: Vec<SubFinding>,
    /// The body paths its filter reads (`payload.state`), sorted.
    pub fields: Vec<Vec<String>>,
}

impl Analysis {
    /// The event types it receives (or may: undecided), sorted.
    pub fn event_types(&self) -> BTreeSet<String> {
        self.receptions
            .iter()
            .filter(|r| !matches!(r.verdict, Verdict::Never(_)))
            .map(|r| r.event_type.clone())
            .collect()
    }
}

/// The catalog as subscriptions see it: each schema's channel (its top folder) and the
/// event types it routes (at the routing's type key).
pub struct View {
    pub channels: Vec<Option<String>>,
    pub types: Vec<Vec<String>>,
    /// Event type → schemas, in catalog order.
    pub by_type: BTreeMap<String, Vec<usize>>,
}

impl View {
    pub fn of(catalog: &Catalog, spec: &EnvelopeSpec) -> View {
        let tokens = crate::catalog::pointer_tokens(&spec.type_key);
        let mut view = View {
            channels: Vec::new(),
            types: Vec::new(),
            by_type: BTreeMap::new(),
        };
        for (i, s) in catalog.schemas.iter().enumerate() {
            view.channels
                .push(super::channel_of(&s.rel).map(str::to_owned));
            let types = if spec.type_key == "/event_type" {
                s.event_types.clone()
            } else {
                crate::routing::claims_at(&s.value, &tokens)
            };
            for t in &types {
                view.by_type.entry(t.clone()).or_default().push(i);
            }
            view.types.push(types);
        }
        view
    }
}

/// The schemas on a subscriber's channels (event schemas only), in catalog order.
pub fn schemas_on(view: &View, sub: &Subscription) -> Vec<usize> {
    (0..view.types.len())
        .filter(|&i| !view.types[i].is_empty())
        .filter(|&i| {
            view.channels[i]
                .as_deref()
                .is_some_and(|c| sub.listens_on(c))
        })
        .collect()
}

fn example_help(event: &Value) -> String {
    format!(
        "example event: {}",
        serde_json::to_string(event).unwrap_or_default()
    )
}

fn is_event_type_path(t: &Target, type_path: &[String]) -> bool {
    matches!(t, Target::Body(p) if p == type_path)
}

fn is_version_path(t: &Target, version_path: &[String]) -> bool {
    matches!(t, Target::Body(p) if p == version_path)
}

/// Where the event's version sits: the attribute copied from the routing's version key.
fn version_path_of(spec: &EnvelopeSpec) -> Vec<String> {
    spec.attributes
        .iter()
        .find(|(_, p)| *p != spec.type_key)
        .map(|(_, p)| crate::catalog::pointer_tokens(p))
        .unwrap_or_else(|| vec!["version".to_owned()])
}

/// Per branch and schema: the event types its event-type and version conditions admit.
struct Admitted {
    /// (branch, schema, event type) → the version verdict for the schema's major.
    items: Vec<(usize, usize, String, Tri)>,
}

/// Analyses a subscription against the catalog.
pub fn analyse(catalog: &Catalog, sub: &Subscription) -> Analysis {
    analyse_with(catalog, sub, &EnvelopeSpec::default())
}

/// [`analyse`] under the envelope `spec` (the EventBridge `source`, the routing keys).
pub fn analyse_with(catalog: &Catalog, sub: &Subscription, spec: &EnvelopeSpec) -> Analysis {
    analyse_cached(catalog, sub, spec, &Cache::default())
}

/// [`analyse_with`], sharing bundles and examples with other analyses of the catalog.
pub fn analyse_cached(
    catalog: &Catalog,
    sub: &Subscription,
    spec: &EnvelopeSpec,
    cache: &Cache,
) -> Analysis {
    let type_path = crate::catalog::pointer_tokens(&spec.type_key);
    let version_path = version_path_of(spec);
    let type_const = |t: &str| wrap_path(&type_path, json!({"const": t}));
    let receives = |event: &Value| Envelopes::of(event, spec).receives(sub).is_ok();
    let any = |_: &Value| true;
    let view = View::of(catalog, spec);
    let on = schemas_on(&view, sub);
    let mut findings = Vec::new();
    let mut receptions = Vec::new();
    let bundle = |i: usize| cache.bundle(catalog, i);
    let example_of = |si: usize, t: &str| cache.example(catalog, si, t, &type_path);
    let channels_known: BTreeSet<&str> = view
        .channels
        .iter()
        .zip(&view.types)
        .filter(|(_, t)| !t.is_empty())
        .filter_map(|(c, _)| c.as_deref())
        .collect();
    for (i, c) in sub.channels.iter().enumerate() {
        if c != "*" && !channels_known.contains(c.as_str()) {
            let pointer = if sub.channels.len() == 1 && sub.spans.get("/channel/0").is_none() {
                "/channel".to_owned()
            } else {
                format!("/channel/{i}")
            };
            let known: Vec<&str> = channels_known.iter().copied().collect();
            findings.push(SubFinding {
                code: "E402",
                pointer,
                message: format!("no event schema of the catalog is on channel `{c}`"),
                help: match crate::lint::suggest(c, &known) {
                    Some((s, _)) => format!("did you mean `{s}`? channels: {}", known.join(", ")),
                    None => format!("channels of the catalog: {}", known.join(", ")),
                },
            });
        }
    }
    let Some(pattern) = pattern_of(&sub.filter) else {
        for &i in &on {
            for t in &view.types[i] {
                let verdict = match example_of(i, t) {
                    Some(e) => Verdict::Receives(e),
                    None => bundle(i)
                        .map(|s| intersect(&s, &type_const(t), &any))
                        .unwrap_or_else(|| Verdict::Undecided("the schema does not bundle".into())),
                };
                receptions.push(Reception {
                    schema: i,
                    event_type: t.clone(),
                    verdict: match verdict {
                        Verdict::Never(_) => Verdict::Never("no valid event of this type".into()),
                        v => v,
                    },
                });
            }
        }
        return Analysis {
            receptions,
            findings,
            fields: Vec::new(),
        };
    };
    let dialect = pattern.dialect;
    let fields: Vec<Vec<String>> = {
        let mut set = BTreeSet::new();
        for (keys, _) in pattern.leaves() {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            if let Target::Body(p) = target_of(&keys, dialect, spec) {
                set.insert(p);
            }
        }
        set.into_iter().collect()
    };
    let Some(branches) = branches(pattern, spec) else {
        findings.push(SubFinding {
            code: "W406",
            pointer: filter_pointer(&sub.filter).to_owned(),
            message: format!(
                "the filter has more than {MAX_BRANCHES} `$or` combinations; which events it matches is not analysed"
            ),
            help: "split it into several subscriptions".into(),
        });
        return Analysis {
            receptions,
            findings,
            fields,
        };
    };
    // 1. event types and versions, on the values
    let mut admitted = Admitted { items: Vec::new() };
    for (bi, branch) in branches.iter().enumerate() {
        for &si in &on {
            let s = &catalog.schemas[si];
            for t in &view.types[si] {
                let et = branch
                    .iter()
                    .filter(|l| is_event_type_path(&l.target, &type_path))
                    .fold(Tri::Yes, |acc, l| acc.and(leaf_accepts(l, t)));
                if et == Tri::No {
                    continue;
                }
                let own = s.version.as_ref().map(|v| v.to_string());
                let ver = match s.major() {
                    Some(m) => branch
                        .iter()
                        .filter(|l| is_version_path(&l.target, &version_path))
                        .fold(Tri::Yes, |acc, l| {
                            acc.and(l.conditions.iter().fold(Tri::No, |a, c| {
                                a.or(version_condition_accepts_major(&c.op, m, own.as_deref()))
                            }))
                        }),
                    None => Tri::Maybe,
                };
                admitted.items.push((bi, si, t.clone(), ver));
            }
        }
    }
    // 2. per event type, the engine on schema ∧ branch
    let mut best: BTreeMap<(usize, String), Verdict> = BTreeMap::new();
    for (bi, si, t, ver) in &admitted.items {
        if *ver == Tri::No {
            best.entry((*si, t.clone())).or_insert_with(|| {
                Verdict::Never("its version conditions exclude this major".into())
            });
            continue;
        }
        let key = (*si, t.clone());
        if matches!(best.get(&key), Some(Verdict::Receives(_))) {
            continue;
        }
        // the type's example event first: often the subscriber receives it
        if let Some(e) = example_of(*si, t).filter(|e| receives(e)) {
            best.insert(key, Verdict::Receives(e));
            continue;
        }
        let Some(schema) = bundle(*si) else {
            best.insert(key, Verdict::Undecided("the schema does not bundle".into()));
            continue;
        };
        let mut b = branch_schema(&branches[*bi], dialect);
        if let Some(all) = b.get_mut("allOf").and_then(Value::as_array_mut) {
            all.push(type_const(t));
        }
        // a valid event of the type, its filtered fields set to values the conditions accept
        if let (Some(base), Ok(vs)) = (example_of(*si, t), crate::compat::build_validator(&schema))
        {
            if let Some(e) = repaired(
                &base,
                &schema,
                &branches[*bi],
                &|e| vs.is_valid(e),
                &receives,
            ) {
                best.insert(key, Verdict::Receives(e));
                continue;
            }
        }
        let v = intersect(&schema, &b, &receives);
        let merged = match (best.remove(&key), v) {
            (_, v @ Verdict::Receives(_)) => v,
            (Some(u @ Verdict::Undecided(_)), _) | (_, u @ Verdict::Undecided(_)) => u,
            (_, n) => n,
        };
        best.insert(key, merged);
    }
    for &si in &on {
        for t in &view.types[si] {
            receptions.push(Reception {
                schema: si,
                event_type: t.clone(),
                verdict: best.remove(&(si, t.clone())).unwrap_or_else(|| {
                    Verdict::Never("its event-type conditions exclude it".into())
                }),
            });
        }
    }
    let types_on: Vec<(usize, &str)> = on
        .iter()
        .flat_map(|&si| view.types[si].iter().map(move |t| (si, t.as_str())))
        .collect();
    // 3. findings
    let mut per_condition = false;
    // 3a. event-type conditions that match no event type of the channels
    for (keys, field) in pattern.leaves() {
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        if !is_event_type_path(&target_of(&keys, dialect, spec), &type_path) {
            continue;
        }
        let FieldKind::Leaf(conds) = &field.kind else {
            continue;
        };
        for c in conds {
            if !matches!(
                c.op,
                Op::Equals(_)
                    | Op::Prefix { .. }
                    | Op::Suffix { .. }
                    | Op::EqualsIgnoreCase(_)
                    | Op::Wildcard(_)
            ) {
                continue;
            }
            if types_on
                .iter()
                .any(|(_, t)| string_condition(&c.op, t) != Tri::No)
            {
                continue;
            }
            per_condition = true;
            let all_types: Vec<&str> = types_on.iter().map(|(_, t)| *t).collect();
            let (message, help) = match &c.op {
                Op::Equals(Scalar::String(s)) => {
                    let under: Vec<(usize, &str)> = types_on
                        .iter()
                        .filter(|(_, t)| t.starts_with(&format!("{s}.")))
                        .copied()
                        .collect();
                    let elsewhere: Vec<&str> = view
                        .by_type
                        .get(s)
                        .map(|l| {
                            l.iter()
                                .filter_map(|&i| view.channels[i].as_deref())
                                .collect()
                        })
                        .unwrap_or_default();
                    let message =
                        format!("`{s}` matches no event type on {}", sub.channels.join(", "));
                    let help = if !under.is_empty() {
                        let ex = example_of(under[0].0, under[0].1);
                        format!(
                            "did you mean {{\"prefix\": \"{s}.\"}}? it matches {}{}",
                            under.iter().map(|(_, t)| *t).collect::<Vec<_>>().join(", "),
                            ex.map(|e| format!("; {}", example_help(&e)))
                                .unwrap_or_default()
                        )
                    } else if !elsewhere.is_empty() {
                        format!(
                            "`{s}` is published on {}, which this subscriber does not listen on",
                            elsewhere.join(", ")
                        )
                    } else if let Some((near, _)) = crate::lint::suggest(s, &all_types) {
                        let si = types_on.iter().find(|(_, t)| *t == near).map(|(i, _)| *i);
                        let ex = si.and_then(|si| example_of(si, near));
                        format!(
                            "did you mean \"{near}\"?{}",
                            ex.map(|e| format!(" {}", example_help(&e)))
                                .unwrap_or_default()
                        )
                    } else {
                        format!("event types on its channels: {}", all_types.join(", "))
                    };
                    (message, help)
                }
                _ => (
                    format!(
                        "this condition on the event type matches none of the {} event types on {}",
                        all_types.len(),
                        sub.channels.join(", ")
                    ),
                    format!("event types on its channels: {}", all_types.join(", ")),
                ),
            };
            findings.push(SubFinding {
                code: "E402",
                pointer: c.pointer.clone(),
                message,
                help,
            });
        }
    }
    // 3b. fields no schema it can match declares, and type mismatches
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for (bi, branch) in branches.iter().enumerate() {
        let candidates: Vec<(usize, &str)> = admitted
            .items
            .iter()
            .filter(|(b, _, _, _)| *b == bi)
            .map(|(_, si, t, _)| (*si, t.as_str()))
            .collect();
        let mut schemas: Vec<usize> = candidates.iter().map(|(s, _)| *s).collect();
        schemas.dedup();
        if schemas.is_empty() {
            continue;
        }
        let docs: Vec<(usize, Value)> = schemas
            .iter()
            .filter_map(|&s| bundle(s).map(|b| (s, b)))
            .collect();
        for leaf in branch {
            let Target::Body(path) = &leaf.target else {
                continue;
            };
            if is_event_type_path(&leaf.target, &type_path)
                || is_version_path(&leaf.target, &version_path)
            {
                continue;
            }
            if reported.contains(&leaf.field.pointer) {
                continue;
            }
            let only_absent = leaf
                .conditions
                .iter()
                .all(|c| matches!(c.op, Op::Exists(false)));
            let mut declared: Vec<(usize, u8)> = Vec::new();
            let mut siblings = BTreeSet::new();
            for (si, doc) in &docs {
                let d = Doc { root: doc };
                let at = d.at_path(path);
                if at.is_empty() {
                    siblings.extend(d.siblings(path));
                } else {
                    let bits = at.iter().fold(T_ALL, |a, n| a & d.types(n));
                    declared.push((*si, bits));
                }
            }
            let names: Vec<String> = schemas
                .iter()
                .map(|&s| file_name(&catalog.schemas[s].rel))
                .collect();
            if declared.is_empty() {
                if only_absent {
                    continue;
                }
                reported.insert(leaf.field.pointer.clone());
                let sib: Vec<&str> = siblings.iter().map(String::as_str).collect();
                let last = path.last().map(String::as_str).unwrap_or("");
                let near = crate::lint::suggest(last, &sib).map(|(s, _)| s);
                let ex = candidates.first().and_then(|(si, t)| example_of(*si, t));
                let mut help = match near {
                    Some(n) => {
                        let mut p = path.clone();
                        if let Some(l) = p.last_mut() {
                            *l = n.to_owned();
                        }
                        format!("did you mean `{}`?", p.join("."))
                    }
                    None => String::new(),
                };
                if let Some(e) = ex {
                    if !help.is_empty() {
                        help.push(' ');
                    }
                    help.push_str(&example_help(&e));
                }
                findings.push(SubFinding {
                    code: "E403",
                    pointer: leaf.field.pointer.clone(),
                    message: format!(
                        "`{}` is not a field of any event it can match ({})",
                        leaf.shown(),
                        names.join(", ")
                    ),
                    help,
                });
                continue;
            }
            for c in leaf.conditions {
                let Some((need, what)) = condition_types(&c.op, dialect) else {
                    continue;
                };
                if declared.iter().any(|(_, bits)| bits & need != 0) {
                    continue;
                }
                let (si, bits) = declared[0];
                let ex = candidates
                    .iter()
                    .find(|(s, _)| *s == si)
                    .and_then(|(s, t)| example_of(*s, t));
                findings.push(SubFinding {
                    code: "E404",
                    pointer: c.pointer.clone(),
                    message: format!(
                        "{what} on `{}`, whose type is {} in {}: it never matches",
                        leaf.shown(),
                        type_words(bits),
                        file_name(&catalog.schemas[si].rel)
                    ),
                    help: ex.map(|e| example_help(&e)).unwrap_or_default(),
                });
            }
        }
    }
    // 3c. versions the catalog no longer has
    for branch in &branches {
        for leaf in branch
            .iter()
            .filter(|l| is_version_path(&l.target, &version_path))
        {
            let bi = branches
                .iter()
                .position(|b| std::ptr::eq(b, branch))
                .unwrap_or(0);
            let cands: Vec<&(usize, usize, String, Tri)> = admitted
                .items
                .iter()
                .filter(|(b, _, _, _)| *b == bi)
                .collect();
            if cands.is_empty() || cands.iter().any(|(_, _, _, v)| *v != Tri::No) {
                continue;
            }
            if reported.contains(&leaf.field.pointer) {
                continue;
            }
            reported.insert(leaf.field.pointer.clone());
            let named: BTreeSet<u64> = leaf
                .conditions
                .iter()
                .flat_map(|c| named_majors(&c.op))
                .collect();
            let types: BTreeSet<&str> = cands.iter().map(|(_, _, t, _)| t.as_str()).collect();
            let majors: BTreeSet<u64> = types
                .iter()
                .flat_map(|t| view.by_type.get(*t).into_iter().flatten())
                .filter_map(|&i| catalog.schemas[i].major())
                .collect();
            let shown_majors = majors
                .iter()
                .map(|m| format!("{m}.x"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = if named.is_empty() {
                format!(
                    "its version condition matches no version of {} in the catalog ({})",
                    types.iter().copied().collect::<Vec<_>>().join(", "),
                    shown_majors
                )
            } else {
                let gone = named
                    .iter()
                    .map(|m| format!("{m}.x"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let when = if named.iter().all(|m| majors.iter().all(|c| m < c)) {
                    "which no longer exists"
                } else {
                    "which the catalog does not have"
                };
                format!(
                    "matches {} only in version {gone}, {when} (the catalog has {shown_majors})",
                    types.iter().copied().collect::<Vec<_>>().join(", ")
                )
            };
            let ex = cands.first().and_then(|(_, si, t, _)| example_of(*si, t));
            findings.push(SubFinding {
                code: "W405",
                pointer: leaf.field.pointer.clone(),
                message,
                help: match ex {
                    Some(e) => format!(
                        "it misses every current event, such as this one; {}",
                        example_help(&e)
                    ),
                    None => String::new(),
                },
            });
        }
    }
    // 3d. the whole filter
    let any_receives = receptions
        .iter()
        .any(|r| matches!(r.verdict, Verdict::Receives(_)));
    let any_undecided = receptions
        .iter()
        .any(|r| matches!(r.verdict, Verdict::Undecided(_)));
    let explained = findings
        .iter()
        .any(|f| matches!(f.code, "E403" | "E404" | "W405"));
    if !any_receives && !on.is_empty() && !explained {
        if any_undecided {
            let undecided: Vec<&str> = receptions
                .iter()
                .filter(|r| matches!(r.verdict, Verdict::Undecided(_)))
                .map(|r| r.event_type.as_str())
                .collect();
            findings.push(SubFinding {
                code: "W406",
                pointer: filter_pointer(&sub.filter).to_owned(),
                message: format!(
                    "cannot decide whether the filter matches any valid event ({} undecided)",
                    undecided.join(", ")
                ),
                help: "the compatibility engine neither proved that no event matches nor found one that does".into(),
            });
        } else if !per_condition
            && findings
                .iter()
                .all(|f| !matches!(f.code, "E403" | "E404" | "W405"))
        {
            findings.push(SubFinding {
                code: "E402",
                pointer: filter_pointer(&sub.filter).to_owned(),
                message: format!(
                    "the filter matches no valid event of the {} event types on {}",
                    types_on.len(),
                    sub.channels.join(", ")
                ),
                help: "every event type is excluded by its event-type or version conditions, or proved to have no valid event meeting the other conditions".into(),
            });
        }
    }
    findings.sort_by(|a, b| (&a.pointer, a.code).cmp(&(&b.pointer, b.code)));
    findings.dedup();
    Analysis {
        receptions,
        findings,
        fields,
    }
}

fn file_name(rel: &str) -> String {
    rel.rsplit('/').next().unwrap_or(rel).to_owned()
}
