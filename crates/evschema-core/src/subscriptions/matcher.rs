//! Matching events against SNS filter policies and EventBridge event patterns, with AWS's
//! semantics (docs/subscriptions.md lists them, with the points where moto differs).
//!
//! What a filter sees is a [`MatchInput`]: the SNS message attributes (for a
//! `MessageAttributes` policy) or a JSON document (the message body for a `MessageBody`
//! policy, the EventBridge event for a rule). [`Envelopes::of`] builds all three from one
//! catalog event as the seed's publishers send it.
//!
//! JSON documents are matched as EventBridge does: a pattern's leaf key matches the *leaf
//! values* at that path; an object is not a leaf (so `exists: true` on an object is false,
//! `exists: false` true); an array contributes each of its elements (an empty array none);
//! a nested pattern object applied to an array of objects must match within one element.

use super::model::*;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// An SNS message attribute's data type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    String,
    /// `String.Array`: the value is a JSON array (strings, numbers, booleans, null).
    StringArray,
    Number,
    /// Binary attributes are never compared by filter policies (only `exists` sees them).
    Binary,
}

impl AttrType {
    pub fn as_str(self) -> &'static str {
        match self {
            AttrType::String => "String",
            AttrType::StringArray => "String.Array",
            AttrType::Number => "Number",
            AttrType::Binary => "Binary",
        }
    }

    pub fn parse(s: &str) -> Option<AttrType> {
        // SNS allows custom suffixes: `String.uuid`, `Number.float`.
        if s == "String.Array" {
            Some(AttrType::StringArray)
        } else if s == "String" || s.starts_with("String.") {
            Some(AttrType::String)
        } else if s == "Number" || s.starts_with("Number.") {
            Some(AttrType::Number)
        } else if s == "Binary" || s.starts_with("Binary.") {
            Some(AttrType::Binary)
        } else {
            None
        }
    }
}

/// One SNS message attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub data_type: AttrType,
    pub value: String,
}

/// Message attributes by name.
pub type Attributes = BTreeMap<String, Attribute>;

/// What a filter is evaluated against.
#[derive(Debug, Clone, Copy)]
pub enum MatchInput<'a> {
    /// SNS message attributes (`FilterPolicyScope: MessageAttributes`).
    Attributes(&'a Attributes),
    /// A JSON document: the SNS message body (`MessageBody` scope) or an EventBridge event.
    Json(&'a Value),
}

/// Why a pattern does not match: the first failing key or condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// Pointer in the subscription file of the failing field (or `$or` group).
    pub pointer: String,
    /// The key path in the input (`payload.channel`, `detail-type`), `$or` for a group.
    pub path: String,
    /// What the input has there, and why no condition accepts it.
    pub reason: String,
}

/// Whether `input` matches `pattern`.
pub fn matches(pattern: &Pattern, input: &MatchInput) -> bool {
    explain(pattern, input).is_ok()
}

/// `Ok` when `input` matches `pattern`, else the first failing key in file order.
pub fn explain(pattern: &Pattern, input: &MatchInput) -> Result<(), Miss> {
    match input {
        MatchInput::Attributes(attrs) => attrs_object(&pattern.root, attrs),
        MatchInput::Json(value) => {
            // An SNS body policy only looks at a JSON object body; EventBridge events are
            // objects by construction.
            if !value.is_object() {
                return Err(Miss {
                    pointer: pattern.root.pointer.clone(),
                    path: String::new(),
                    reason: "the message body is not a JSON object".into(),
                });
            }
            json_object(&pattern.root, Some(value), &mut Vec::new())
        }
    }
}

/// Whether a filter lets `input` through ([`Filter::All`] always does). The caller picks
/// the input that suits the filter (see [`Envelopes::input_for`]).
pub fn filter_matches(filter: &Filter, input: &MatchInput) -> bool {
    filter_explain(filter, input).is_ok()
}

/// [`explain`] for a whole filter.
pub fn filter_explain(filter: &Filter, input: &MatchInput) -> Result<(), Miss> {
    match filter {
        Filter::All => Ok(()),
        Filter::Sns { policy, .. } => explain(policy, input),
        Filter::EventBridge { pattern, .. } => explain(pattern, input),
    }
}

// ---------------------------------------------------------------------------------------
// message attributes

fn attrs_object(obj: &PatternObject, attrs: &Attributes) -> Result<(), Miss> {
    for field in &obj.fields {
        let FieldKind::Leaf(conds) = &field.kind else {
            // the parser refuses nested objects in attribute policies
            return Err(Miss {
                pointer: field.pointer.clone(),
                path: field.key.clone(),
                reason: "message attributes are flat".into(),
            });
        };
        let attr = attrs.get(&field.key);
        if !conds.iter().any(|c| attr_op_matches(&c.op, attr)) {
            return Err(Miss {
                pointer: field.pointer.clone(),
                path: field.key.clone(),
                reason: format!(
                    "{}, which none of the conditions accepts",
                    describe_attr(attr)
                ),
            });
        }
    }
    for group in &obj.or {
        if !group
            .branches
            .iter()
            .any(|b| attrs_object(b, attrs).is_ok())
        {
            return Err(or_miss(group, |b| attrs_object(b, attrs)));
        }
    }
    Ok(())
}

fn or_miss(group: &OrGroup, eval: impl Fn(&PatternObject) -> Result<(), Miss>) -> Miss {
    let why: Vec<String> = group
        .branches
        .iter()
        .filter_map(|b| eval(b).err())
        .map(|m| format!("{} at {}: {}", m.path, m.pointer, m.reason))
        .collect();
    Miss {
        pointer: group.pointer.clone(),
        path: "$or".into(),
        reason: format!("no branch of `$or` matches ({})", why.join("; ")),
    }
}

fn describe_attr(attr: Option<&Attribute>) -> String {
    match attr {
        None => "the message has no such attribute".into(),
        Some(a) => format!("the {} attribute is {:?}", a.data_type.as_str(), a.value),
    }
}

/// The values an attribute offers to comparisons: a String attribute its string, a Number
/// attribute its number, a String.Array attribute its elements, a Binary attribute none.
pub fn attribute_values(attr: &Attribute) -> Vec<Value> {
    match attr.data_type {
        AttrType::String => vec![Value::String(attr.value.clone())],
        AttrType::Number => parse_number(&attr.value)
            .map(Value::Number)
            .into_iter()
            .collect(),
        AttrType::StringArray => match serde_json::from_str::<Value>(&attr.value) {
            Ok(Value::Array(items)) => items.into_iter().filter(|v| !v.is_object()).collect(),
            _ => Vec::new(),
        },
        AttrType::Binary => Vec::new(),
    }
}

fn parse_number(s: &str) -> Option<Number> {
    let f: f64 = s.trim().parse().ok()?;
    if !f.is_finite() {
        return None;
    }
    serde_json::from_str::<Number>(s.trim())
        .ok()
        .or_else(|| Number::from_f64(f))
}

fn attr_op_matches(op: &Op, attr: Option<&Attribute>) -> bool {
    match (op, attr) {
        (Op::Exists(want), a) => a.is_some() == *want,
        (_, None) => false,
        (op, Some(a)) => attribute_values(a).iter().any(|v| op_matches(op, Some(v))),
    }
}

// ---------------------------------------------------------------------------------------
// JSON documents (SNS body, EventBridge event)

fn json_object(
    obj: &PatternObject,
    node: Option<&Value>,
    path: &mut Vec<String>,
) -> Result<(), Miss> {
    // A nested pattern over an array of objects matches when one element matches it whole.
    if let Some(Value::Array(items)) = node {
        let objects: Vec<&Value> = flatten(items)
            .into_iter()
            .filter(|v| v.is_object())
            .collect();
        if objects.is_empty() {
            return json_object(obj, None, path);
        }
        let mut first = None;
        for item in objects {
            match json_object(obj, Some(item), path) {
                Ok(()) => return Ok(()),
                Err(m) => {
                    first.get_or_insert(m);
                }
            }
        }
        return Err(first.unwrap_or_else(|| Miss {
            pointer: obj.pointer.clone(),
            path: path.join("."),
            reason: "no element of the array matches".into(),
        }));
    }
    let map: Option<&Map<String, Value>> = node.and_then(Value::as_object);
    for field in &obj.fields {
        let child = map.and_then(|m| m.get(&field.key));
        path.push(field.key.clone());
        let result = match &field.kind {
            FieldKind::Nested(inner) => {
                let node = match child {
                    Some(v @ (Value::Object(_) | Value::Array(_))) => Some(v),
                    _ => None,
                };
                json_object(inner, node, path)
            }
            FieldKind::Leaf(conds) => {
                let leaves = leaf_values(child);
                let ok = conds.iter().any(|c| leaves_match(&c.op, &leaves));
                if ok {
                    Ok(())
                } else {
                    Err(Miss {
                        pointer: field.pointer.clone(),
                        path: path.join("."),
                        reason: format!(
                            "{}, which none of the conditions accepts",
                            describe_leaves(child, &leaves)
                        ),
                    })
                }
            }
        };
        path.pop();
        result?;
    }
    for group in &obj.or {
        let eval = |b: &PatternObject| json_object(b, node, &mut path.clone());
        if !group.branches.iter().any(|b| eval(b).is_ok()) {
            return Err(or_miss(group, eval));
        }
    }
    Ok(())
}

fn flatten(items: &[Value]) -> Vec<&Value> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Value::Array(inner) => out.extend(flatten(inner)),
            other => out.push(other),
        }
    }
    out
}

/// The leaf values at a key: a scalar itself, an array's scalar elements (nested arrays
/// flattened), nothing for an object or an absent key.
pub fn leaf_values(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None | Some(Value::Object(_)) => Vec::new(),
        Some(Value::Array(items)) => flatten(items)
            .into_iter()
            .filter(|v| !v.is_object())
            .collect(),
        Some(v) => vec![v],
    }
}

fn leaves_match(op: &Op, leaves: &[&Value]) -> bool {
    match op {
        Op::Exists(want) => leaves.is_empty() != *want,
        op => leaves.iter().any(|v| op_matches(op, Some(v))),
    }
}

fn describe_leaves(child: Option<&Value>, leaves: &[&Value]) -> String {
    match child {
        None => "the key is absent".into(),
        Some(Value::Object(_)) => "the value is an object (not a leaf)".into(),
        Some(Value::Array(_)) if leaves.is_empty() => "the value is an empty array".into(),
        Some(Value::Array(_)) => format!(
            "the array holds {}",
            leaves
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Some(v) => format!("the value is {v}"),
    }
}

// ---------------------------------------------------------------------------------------
// one operator, one value

/// Whether one leaf value (a JSON scalar; `None` when the key is absent) satisfies one
/// condition. Comparisons are typed: `"5"` is not `5`; numbers compare by value (`5` is
/// `5.0`); string operators see only strings, `numeric` only numbers.
pub fn op_matches(op: &Op, value: Option<&Value>) -> bool {
    let Some(value) = value else {
        return matches!(op, Op::Exists(false));
    };
    if value.is_object() {
        return matches!(op, Op::Exists(false));
    }
    match op {
        Op::Exists(want) => *want,
        Op::Equals(s) => scalar_eq(s, value),
        Op::Prefix {
            value: p,
            ignore_case,
        } => value
            .as_str()
            .is_some_and(|v| starts_with(v, p, *ignore_case)),
        Op::Suffix {
            value: p,
            ignore_case,
        } => value
            .as_str()
            .is_some_and(|v| ends_with(v, p, *ignore_case)),
        Op::EqualsIgnoreCase(p) => value.as_str().is_some_and(|v| fold(v) == fold(p)),
        Op::Wildcard(p) => value.as_str().is_some_and(|v| wildcard(p, v)),
        Op::Numeric(cmps) => value
            .as_f64()
            .filter(|_| value.is_number())
            .is_some_and(|v| numeric(cmps, v)),
        Op::Cidr(c) => value.as_str().is_some_and(|v| cidr_contains(c, v)),
        Op::AnythingBut(ab) => match ab {
            AnythingBut::Values(list) => !list.iter().any(|s| scalar_eq(s, value)),
            AnythingBut::Prefix(p) => !value.as_str().is_some_and(|v| v.starts_with(p.as_str())),
            AnythingBut::Suffix(p) => !value.as_str().is_some_and(|v| v.ends_with(p.as_str())),
            AnythingBut::EqualsIgnoreCase(list) => !value
                .as_str()
                .is_some_and(|v| list.iter().any(|p| fold(p) == fold(v))),
            AnythingBut::Wildcard(list) => !value
                .as_str()
                .is_some_and(|v| list.iter().any(|p| wildcard(p, v))),
        },
    }
}

fn scalar_eq(s: &Scalar, value: &Value) -> bool {
    match (s, value) {
        (Scalar::String(a), Value::String(b)) => a == b,
        (Scalar::Number(a), Value::Number(b)) => num_eq(a, b),
        (Scalar::Bool(a), Value::Bool(b)) => a == b,
        (Scalar::Null, Value::Null) => true,
        _ => false,
    }
}

fn num_eq(a: &Number, b: &Number) -> bool {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => x == y,
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn numeric(cmps: &[(NumCmp, Number)], v: f64) -> bool {
    cmps.iter().all(|(cmp, n)| {
        let Some(n) = n.as_f64() else { return false };
        match cmp {
            NumCmp::Eq => v == n,
            NumCmp::Lt => v < n,
            NumCmp::Le => v <= n,
            NumCmp::Gt => v > n,
            NumCmp::Ge => v >= n,
        }
    })
}

/// Case folding for the `equals-ignore-case` family (Unicode lower case).
fn fold(s: &str) -> String {
    s.to_lowercase()
}

fn starts_with(v: &str, p: &str, ignore_case: bool) -> bool {
    if ignore_case {
        fold(v).starts_with(&fold(p))
    } else {
        v.starts_with(p)
    }
}

fn ends_with(v: &str, p: &str, ignore_case: bool) -> bool {
    if ignore_case {
        fold(v).ends_with(&fold(p))
    } else {
        v.ends_with(p)
    }
}

/// EventBridge wildcards: `*` matches any run of characters (none included), `\*` a
/// literal star, `\\` a backslash.
pub fn wildcard(pattern: &str, value: &str) -> bool {
    #[derive(PartialEq)]
    enum Tok {
        Star,
        Char(char),
    }
    let mut toks = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('*') | Some('\\')) => {
                toks.push(Tok::Char(chars.next().unwrap_or('\\')))
            }
            '*' => toks.push(Tok::Star),
            c => toks.push(Tok::Char(c)),
        }
    }
    let v: Vec<char> = value.chars().collect();
    // classic two-pointer glob match with backtracking to the last star
    let (mut i, mut j) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while j < v.len() {
        if i < toks.len() && toks[i] == Tok::Char(v[j]) {
            i += 1;
            j += 1;
        } else if i < toks.len() && toks[i] == Tok::Star {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    while i < toks.len() && toks[i] == Tok::Star {
        i += 1;
    }
    i == toks.len()
}

/// Whether the address `ip` lies in the prefix `cidr` (same family only).
pub fn cidr_contains(cidr: &str, ip: &str) -> bool {
    let Some((net, len)) = cidr.split_once('/') else {
        return false;
    };
    let (Ok(net), Ok(len), Ok(ip)) = (
        net.parse::<IpAddr>(),
        len.parse::<u32>(),
        ip.trim().parse::<IpAddr>(),
    ) else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(a)) if len <= 32 => {
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            (u32::from(n) & mask) == (u32::from(a) & mask)
        }
        (IpAddr::V6(n), IpAddr::V6(a)) if len <= 128 => {
            let mask = if len == 0 {
                0
            } else {
                u128::MAX << (128 - len)
            };
            (u128::from(n) & mask) == (u128::from(a) & mask)
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// how an event reaches a filter

/// Where the envelope fields come from (docs/subscriptions.md, "Envelopes").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeSpec {
    /// Message attributes the publishers set: (attribute name, JSON pointer into the
    /// event), String-typed, set when the event has a non-empty string there. The seed's publishers
    /// (and `evschema.sns.publish`) set `event_type` and `version`: the routing keys.
    pub attributes: Vec<(String, String)>,
    /// Pointer of the event type (the EventBridge `detail-type`).
    pub type_key: String,
    /// EventBridge `source`.
    pub source: String,
    /// EventBridge `account`.
    pub account: String,
    /// EventBridge `region`.
    pub region: String,
    /// Pointer of the event's id (EventBridge `id`), when it has one.
    pub id_key: String,
    /// Pointer of the event's timestamp (EventBridge `time`).
    pub time_key: String,
}

impl Default for EnvelopeSpec {
    fn default() -> EnvelopeSpec {
        EnvelopeSpec::from_routing("/event_type", Some("/version"))
    }
}

impl EnvelopeSpec {
    /// Attributes named after the last token of the routing keys.
    pub fn from_routing(type_key: &str, version_key: Option<&str>) -> EnvelopeSpec {
        let mut attributes = Vec::new();
        for key in std::iter::once(type_key).chain(version_key) {
            if let Some(name) = crate::catalog::pointer_tokens(key).last().cloned() {
                if !name.is_empty() && !attributes.iter().any(|(n, _)| n == &name) {
                    attributes.push((name, key.to_owned()));
                }
            }
        }
        EnvelopeSpec {
            attributes,
            type_key: type_key.to_owned(),
            source: DEFAULT_SOURCE.to_owned(),
            account: DEFAULT_ACCOUNT.to_owned(),
            region: DEFAULT_REGION.to_owned(),
            id_key: "/event_id".to_owned(),
            time_key: "/timestamp".to_owned(),
        }
    }
}

/// EventBridge `source` when no setting gives one.
pub const DEFAULT_SOURCE: &str = "evschema";
/// EventBridge `account` when no setting gives one (moto's default account).
pub const DEFAULT_ACCOUNT: &str = "123456789012";
/// EventBridge `region` when no setting gives one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// One event as each kind of filter sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelopes {
    /// SNS message attributes.
    pub attributes: Attributes,
    /// The SNS message body: the event itself.
    pub body: Value,
    /// The EventBridge event (`PutEvents` with `Detail` = the event).
    pub eventbridge: Value,
}

impl Envelopes {
    /// `event` is the event as published (after unwrapping any SNS/SQS envelope). An event
    /// that is already an EventBridge event (it has `detail-type` and `detail`) is its own
    /// EventBridge envelope.
    pub fn of(event: &Value, spec: &EnvelopeSpec) -> Envelopes {
        let mut attributes = Attributes::new();
        for (name, pointer) in &spec.attributes {
            // SNS refuses an empty String attribute: publishers leave it out
            if let Some(Value::String(s)) = event.pointer(pointer).filter(|v| v != &"") {
                attributes.insert(
                    name.clone(),
                    Attribute {
                        data_type: AttrType::String,
                        value: s.clone(),
                    },
                );
            }
        }
        let is_eventbridge = event.get("detail-type").is_some() && event.get("detail").is_some();
        let eventbridge = if is_eventbridge {
            event.clone()
        } else {
            let text = |p: &str| event.pointer(p).and_then(Value::as_str).map(str::to_owned);
            let mut m = Map::new();
            m.insert("version".into(), Value::String("0".into()));
            m.insert(
                "id".into(),
                text(&spec.id_key).map(Value::String).unwrap_or(Value::Null),
            );
            m.insert(
                "detail-type".into(),
                text(&spec.type_key)
                    .map(Value::String)
                    .unwrap_or(Value::Null),
            );
            m.insert("source".into(), Value::String(spec.source.clone()));
            m.insert("account".into(), Value::String(spec.account.clone()));
            m.insert(
                "time".into(),
                text(&spec.time_key)
                    .map(Value::String)
                    .unwrap_or(Value::Null),
            );
            m.insert("region".into(), Value::String(spec.region.clone()));
            m.insert("resources".into(), Value::Array(Vec::new()));
            m.insert("detail".into(), event.clone());
            Value::Object(m)
        };
        Envelopes {
            attributes,
            body: event.clone(),
            eventbridge,
        }
    }

    /// The input a filter reads.
    pub fn input_for(&self, filter: &Filter) -> MatchInput<'_> {
        match filter {
            Filter::Sns {
                scope: SnsScope::MessageAttributes,
                ..
            } => MatchInput::Attributes(&self.attributes),
            Filter::Sns { .. } | Filter::All => MatchInput::Json(&self.body),
            Filter::EventBridge { .. } => MatchInput::Json(&self.eventbridge),
        }
    }

    /// Whether `sub`'s filter lets this event through (its channel is the caller's check).
    pub fn receives(&self, sub: &Subscription) -> Result<(), Miss> {
        filter_explain(&sub.filter, &self.input_for(&sub.filter))
    }
}
