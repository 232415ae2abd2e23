//! Reading subscription files: the file's own shape, then the filter policy or event
//! pattern's syntax. Errors carry the JSON pointer of the offending value.

use super::model::*;
use crate::catalog::Problem;
use crate::spans::{escape_token, SpanMap};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// A syntax error in a pattern, at a pointer of the subscription file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pointer: String,
    pub message: String,
}

/// Keys a subscription file may have at its top level.
pub const TOP_KEYS: &[&str] = &[
    "$schema",
    "name",
    "owner",
    "description",
    "channel",
    "endpoint",
    "sns",
    "eventbridge",
];

/// Parses one subscription file. `rel` is its catalog-relative path.
pub fn parse_file(rel: &str, path: PathBuf, text: &str) -> Result<Subscription, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value =
        serde_json::from_str(text).map_err(|e| vec![Problem::not_json(&path, &e)])?;
    let spans = SpanMap::scan(text);
    let problem = |pointer: &str, message: String| Problem {
        file: path.clone(),
        position: Some(spans.locate(pointer)),
        message: if pointer.is_empty() {
            message
        } else {
            format!("{message} (at {pointer})")
        },
    };
    let Some(obj) = value.as_object() else {
        return Err(vec![problem(
            "",
            "a subscription must be a JSON object".into(),
        )]);
    };
    let mut problems = Vec::new();
    for key in obj.keys() {
        if !TOP_KEYS.contains(&key.as_str()) {
            problems.push(problem(
                &format!("/{}", escape_token(key)),
                format!(
                    "unknown key `{key}` (expected one of: {})",
                    TOP_KEYS[1..].join(", ")
                ),
            ));
        }
    }
    let string = |key: &str, required: bool, problems: &mut Vec<Problem>| -> Option<String> {
        match obj.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(_) => {
                problems.push(problem(
                    &format!("/{key}"),
                    format!("`{key}` must be a non-empty string"),
                ));
                None
            }
            None if required => {
                problems.push(problem("", format!("missing required key `{key}`")));
                None
            }
            None => None,
        }
    };
    let name = string("name", true, &mut problems);
    let owner = string("owner", true, &mut problems);
    let description = string("description", false, &mut problems);
    let endpoint = string("endpoint", false, &mut problems);
    let channels = match obj.get("channel") {
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        Some(Value::Array(items))
            if !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.as_str().is_some_and(|s| !s.is_empty())) =>
        {
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        }
        Some(_) => {
            problems.push(problem(
                "/channel",
                "`channel` must be a channel folder name, `*`, or a non-empty array of them".into(),
            ));
            Vec::new()
        }
        None => {
            problems.push(problem("", "missing required key `channel`".into()));
            Vec::new()
        }
    };
    let filter = match (obj.get("sns"), obj.get("eventbridge")) {
        (Some(_), Some(_)) => {
            problems.push(problem(
                "/eventbridge",
                "a subscription has either `sns` or `eventbridge`, not both".into(),
            ));
            None
        }
        (Some(sns), None) => parse_sns(sns, &mut problems, &problem),
        (None, Some(eb)) => parse_eventbridge(eb, &mut problems, &problem),
        (None, None) => Some(Filter::All),
    };
    match (name, owner, filter) {
        (Some(name), Some(owner), Some(filter)) if problems.is_empty() => Ok(Subscription {
            rel: rel.to_owned(),
            path,
            name,
            owner,
            description,
            channels,
            endpoint,
            filter,
            spans,
        }),
        _ => Err(problems),
    }
}

/// A policy given as an object, or as the JSON string AWS APIs take.
fn policy_value(value: &Value) -> Result<std::borrow::Cow<'_, Value>, String> {
    match value {
        Value::String(s) => serde_json::from_str::<Value>(s)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| format!("the policy string is not valid JSON: {e}")),
        other => Ok(std::borrow::Cow::Borrowed(other)),
    }
}

fn parse_sns(
    sns: &Value,
    problems: &mut Vec<Problem>,
    problem: &dyn Fn(&str, String) -> Problem,
) -> Option<Filter> {
    let Some(obj) = sns.as_object() else {
        problems.push(problem("/sns", "`sns` must be an object".into()));
        return None;
    };
    for key in obj.keys() {
        if !matches!(
            key.as_str(),
            "FilterPolicy" | "FilterPolicyScope" | "RawMessageDelivery"
        ) {
            problems.push(problem(
                &format!("/sns/{}", escape_token(key)),
                format!(
                    "unknown key `{key}` (expected FilterPolicy, FilterPolicyScope, RawMessageDelivery)"
                ),
            ));
        }
    }
    let scope = match obj.get("FilterPolicyScope") {
        None => SnsScope::MessageAttributes,
        Some(Value::String(s)) if s == "MessageAttributes" => SnsScope::MessageAttributes,
        Some(Value::String(s)) if s == "MessageBody" => SnsScope::MessageBody,
        Some(_) => {
            problems.push(problem(
                "/sns/FilterPolicyScope",
                "`FilterPolicyScope` must be \"MessageAttributes\" or \"MessageBody\"".into(),
            ));
            return None;
        }
    };
    let raw = match obj.get("RawMessageDelivery") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) if s == "true" || s == "false" => s == "true",
        Some(_) => {
            problems.push(problem(
                "/sns/RawMessageDelivery",
                "`RawMessageDelivery` must be true or false".into(),
            ));
            return None;
        }
    };
    let Some(policy) = obj.get("FilterPolicy") else {
        // a subscription without a filter policy receives every message of the topic
        return Some(Filter::All);
    };
    let dialect = match scope {
        SnsScope::MessageAttributes => Dialect::SnsAttributes,
        SnsScope::MessageBody => Dialect::SnsBody,
    };
    let value = match policy_value(policy) {
        Ok(v) => v,
        Err(message) => {
            problems.push(problem("/sns/FilterPolicy", message));
            return None;
        }
    };
    match parse_pattern(&value, dialect, "/sns/FilterPolicy")
        .and_then(|p| limits_ok(&value, p, "/sns/FilterPolicy"))
    {
        Ok(policy) => Some(Filter::Sns { scope, policy, raw }),
        Err(errors) => {
            problems.extend(errors.into_iter().map(|e| problem(&e.pointer, e.message)));
            None
        }
    }
}

fn parse_eventbridge(
    eb: &Value,
    problems: &mut Vec<Problem>,
    problem: &dyn Fn(&str, String) -> Problem,
) -> Option<Filter> {
    let Some(obj) = eb.as_object() else {
        problems.push(problem(
            "/eventbridge",
            "`eventbridge` must be an object".into(),
        ));
        return None;
    };
    for key in obj.keys() {
        if !matches!(key.as_str(), "EventPattern" | "EventBusName") {
            problems.push(problem(
                &format!("/eventbridge/{}", escape_token(key)),
                format!("unknown key `{key}` (expected EventPattern, EventBusName)"),
            ));
        }
    }
    let bus = match obj.get("EventBusName") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problems.push(problem(
                "/eventbridge/EventBusName",
                "`EventBusName` must be a string".into(),
            ));
            return None;
        }
    };
    let Some(pattern) = obj.get("EventPattern") else {
        problems.push(problem(
            "/eventbridge",
            "missing `EventPattern` (an EventBridge rule needs one)".into(),
        ));
        return None;
    };
    let value = match policy_value(pattern) {
        Ok(v) => v,
        Err(message) => {
            problems.push(problem("/eventbridge/EventPattern", message));
            return None;
        }
    };
    match parse_pattern(&value, Dialect::EventBridge, "/eventbridge/EventPattern")
        .and_then(|p| limits_ok(&value, p, "/eventbridge/EventPattern"))
    {
        Ok(pattern) => Some(Filter::EventBridge { bus, pattern }),
        Err(errors) => {
            problems.extend(errors.into_iter().map(|e| problem(&e.pointer, e.message)));
            None
        }
    }
}

fn limits_ok(value: &Value, pattern: Pattern, base: &str) -> Result<Pattern, Vec<PatternError>> {
    let errors = check_limits(value, &pattern, base);
    if errors.is_empty() {
        Ok(pattern)
    } else {
        Err(errors)
    }
}

/// Parses a filter policy or event pattern. `base` is the pointer of `value` in its file.
/// This checks the syntax of every operator; the service limits (number of keys, of value
/// combinations, nesting depth) are checked separately.
pub fn parse_pattern(
    value: &Value,
    dialect: Dialect,
    base: &str,
) -> Result<Pattern, Vec<PatternError>> {
    let mut errors = Vec::new();
    let root = match value.as_object() {
        Some(obj) if obj.is_empty() => {
            errors.push(PatternError {
                pointer: base.to_owned(),
                message: "an empty pattern is not accepted; leave it out to receive every event"
                    .into(),
            });
            None
        }
        Some(obj) => parse_object(obj, dialect, base, &mut errors),
        None => {
            errors.push(PatternError {
                pointer: base.to_owned(),
                message: "a pattern must be a JSON object".into(),
            });
            None
        }
    };
    match root {
        Some(root) if errors.is_empty() => Ok(Pattern { dialect, root }),
        _ => Err(errors),
    }
}

fn err(errors: &mut Vec<PatternError>, pointer: &str, message: impl Into<String>) {
    errors.push(PatternError {
        pointer: pointer.to_owned(),
        message: message.into(),
    });
}

fn parse_object(
    obj: &Map<String, Value>,
    dialect: Dialect,
    pointer: &str,
    errors: &mut Vec<PatternError>,
) -> Option<PatternObject> {
    let before = errors.len();
    let mut out = PatternObject {
        pointer: pointer.to_owned(),
        fields: Vec::new(),
        or: Vec::new(),
    };
    for (key, value) in obj {
        let here = format!("{pointer}/{}", escape_token(key));
        if key == "$or" {
            let Some(items) = value.as_array() else {
                err(
                    errors,
                    &here,
                    "`$or` takes an array of two or more patterns",
                );
                continue;
            };
            if items.len() < 2 {
                err(
                    errors,
                    &here,
                    "`$or` takes an array of two or more patterns",
                );
                continue;
            }
            let mut branches = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let at = format!("{here}/{i}");
                match item.as_object() {
                    Some(o) if !o.is_empty() => {
                        if let Some(b) = parse_object(o, dialect, &at, errors) {
                            branches.push(b);
                        }
                    }
                    _ => err(errors, &at, "each `$or` branch must be a non-empty object"),
                }
            }
            out.or.push(OrGroup {
                pointer: here,
                branches,
            });
            continue;
        }
        match value {
            Value::Array(items) => {
                if items.is_empty() {
                    err(errors, &here, format!("`{key}` has an empty list of values, which matches nothing"));
                    continue;
                }
                let mut conds = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{here}/{i}");
                    if let Some(op) = parse_condition(item, dialect, &at, errors) {
                        conds.push(Condition { pointer: at, op });
                    }
                }
                out.fields.push(PatternField {
                    key: key.clone(),
                    pointer: here,
                    kind: FieldKind::Leaf(conds),
                });
            }
            Value::Object(inner) => {
                if dialect == Dialect::SnsAttributes {
                    err(
                        errors,
                        &here,
                        format!("`{key}`: message attributes are flat; a nested object needs FilterPolicyScope MessageBody"),
                    );
                    continue;
                }
                if inner.is_empty() {
                    err(errors, &here, format!("`{key}` is an empty object, which is not accepted"));
                    continue;
                }
                if let Some(nested) = parse_object(inner, dialect, &here, errors) {
                    out.fields.push(PatternField {
                        key: key.clone(),
                        pointer: here,
                        kind: FieldKind::Nested(nested),
                    });
                }
            }
            _ => err(
                errors,
                &here,
                format!("`{key}` must be an array of values or operators, or a nested object (a bare value is not accepted: write [{value}])"),
            ),
        }
    }
    (errors.len() == before).then_some(out)
}

fn scalar(value: &Value) -> Option<Scalar> {
    match value {
        Value::String(s) => Some(Scalar::String(s.clone())),
        Value::Number(n) => Some(Scalar::Number(n.clone())),
        Value::Bool(b) => Some(Scalar::Bool(*b)),
        Value::Null => Some(Scalar::Null),
        _ => None,
    }
}

fn parse_condition(
    item: &Value,
    dialect: Dialect,
    at: &str,
    errors: &mut Vec<PatternError>,
) -> Option<Op> {
    let obj = match item {
        Value::Object(obj) => obj,
        Value::Array(_) => {
            err(errors, at, "a nested array is not a condition");
            return None;
        }
        other => {
            if dialect == Dialect::SnsAttributes && matches!(other, Value::Null) {
                err(errors, at, "null cannot match a message attribute");
                return None;
            }
            return scalar(other).map(Op::Equals);
        }
    };
    if obj.len() != 1 {
        err(errors, at, "an operator object has exactly one key");
        return None;
    }
    let (name, arg) = obj.iter().next()?;
    let here = format!("{at}/{}", escape_token(name));
    let text_arg = |errors: &mut Vec<PatternError>, what: &str| -> Option<(String, bool)> {
        match arg {
            Value::String(s) => Some((s.clone(), false)),
            Value::Object(o) if o.len() == 1 && dialect == Dialect::EventBridge => {
                match o.get("equals-ignore-case") {
                    Some(Value::String(s)) => Some((s.clone(), true)),
                    _ => {
                        err(
                            errors,
                            &here,
                            format!(
                                "`{what}` takes a string or {{\"equals-ignore-case\": string}}"
                            ),
                        );
                        None
                    }
                }
            }
            _ => {
                err(errors, &here, format!("`{what}` takes a string"));
                None
            }
        }
    };
    match name.as_str() {
        "prefix" => {
            text_arg(errors, "prefix").map(|(value, ignore_case)| Op::Prefix { value, ignore_case })
        }
        "suffix" => {
            text_arg(errors, "suffix").map(|(value, ignore_case)| Op::Suffix { value, ignore_case })
        }
        "equals-ignore-case" => match arg {
            Value::String(s) => Some(Op::EqualsIgnoreCase(s.clone())),
            _ => {
                err(errors, &here, "`equals-ignore-case` takes a string");
                None
            }
        },
        "wildcard" => {
            if dialect != Dialect::EventBridge {
                err(
                    errors,
                    &here,
                    "`wildcard` is an EventBridge operator; SNS filter policies do not accept it",
                );
                return None;
            }
            match arg {
                Value::String(s) => Some(Op::Wildcard(s.clone())),
                _ => {
                    err(errors, &here, "`wildcard` takes a string");
                    None
                }
            }
        }
        "exists" => match arg {
            Value::Bool(b) => Some(Op::Exists(*b)),
            _ => {
                err(errors, &here, "`exists` takes true or false");
                None
            }
        },
        "cidr" => match arg {
            Value::String(s) if valid_cidr(s) => Some(Op::Cidr(s.clone())),
            _ => {
                err(
                    errors,
                    &here,
                    "`cidr` takes an IP prefix such as \"10.0.0.0/24\"",
                );
                None
            }
        },
        "numeric" => parse_numeric(arg, &here, errors).map(Op::Numeric),
        "anything-but" => parse_anything_but(arg, dialect, &here, errors).map(Op::AnythingBut),
        other => {
            err(errors, at, format!("unknown operator `{other}` (expected prefix, suffix, equals-ignore-case, anything-but, numeric, exists, cidr{})", if dialect == Dialect::EventBridge { ", wildcard" } else { "" }));
            None
        }
    }
}

fn parse_numeric(
    arg: &Value,
    at: &str,
    errors: &mut Vec<PatternError>,
) -> Option<Vec<(NumCmp, serde_json::Number)>> {
    let Some(items) = arg.as_array() else {
        err(
            errors,
            at,
            "`numeric` takes an array such as [\">\", 0, \"<=\", 5]",
        );
        return None;
    };
    if items.is_empty() || items.len() % 2 != 0 || items.len() > 4 {
        err(
            errors,
            at,
            "`numeric` takes one or two (operator, number) pairs, such as [\">\", 0, \"<=\", 5]",
        );
        return None;
    }
    let mut out = Vec::new();
    for pair in items.chunks(2) {
        let cmp = match pair[0].as_str() {
            Some("=") => NumCmp::Eq,
            Some("<") => NumCmp::Lt,
            Some("<=") => NumCmp::Le,
            Some(">") => NumCmp::Gt,
            Some(">=") => NumCmp::Ge,
            _ => {
                err(
                    errors,
                    at,
                    format!(
                        "`numeric`: unknown operator {} (expected =, <, <=, >, >=)",
                        pair[0]
                    ),
                );
                return None;
            }
        };
        let Some(n) = pair[1].as_number() else {
            err(
                errors,
                at,
                format!("`numeric`: {} is not a number", pair[1]),
            );
            return None;
        };
        out.push((cmp, n.clone()));
    }
    if out.len() == 2 {
        let lower = matches!(out[0].0, NumCmp::Gt | NumCmp::Ge);
        let upper = matches!(out[1].0, NumCmp::Lt | NumCmp::Le);
        let ok = lower && upper && {
            let lo = out[0].1.as_f64().unwrap_or(f64::NAN);
            let hi = out[1].1.as_f64().unwrap_or(f64::NAN);
            lo < hi
        };
        if !ok {
            err(errors, at, "`numeric` with two comparisons is a range: a lower bound (> or >=) then a greater upper bound (< or <=)");
            return None;
        }
    } else if out[0].0 == NumCmp::Eq && items.len() != 2 {
        err(errors, at, "`numeric`: = takes one number");
        return None;
    }
    Some(out)
}

fn parse_anything_but(
    arg: &Value,
    dialect: Dialect,
    at: &str,
    errors: &mut Vec<PatternError>,
) -> Option<AnythingBut> {
    match arg {
        Value::Array(items) => {
            if items.is_empty() {
                err(
                    errors,
                    at,
                    "`anything-but` with an empty list excludes nothing",
                );
                return None;
            }
            let mut values = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(_) | Value::Number(_) => values.extend(scalar(item)),
                    _ => {
                        err(
                            errors,
                            &format!("{at}/{i}"),
                            "`anything-but` lists strings or numbers",
                        );
                        return None;
                    }
                }
            }
            Some(AnythingBut::Values(values))
        }
        Value::String(_) | Value::Number(_) => scalar(arg).map(|s| AnythingBut::Values(vec![s])),
        Value::Object(o) if o.len() == 1 => {
            let (name, inner) = o.iter().next()?;
            let here = format!("{at}/{}", escape_token(name));
            let strings = |errors: &mut Vec<PatternError>| -> Option<Vec<String>> {
                match inner {
                    Value::String(s) => Some(vec![s.clone()]),
                    Value::Array(items)
                        if !items.is_empty() && items.iter().all(Value::is_string) =>
                    {
                        Some(
                            items
                                .iter()
                                .filter_map(|i| i.as_str().map(str::to_owned))
                                .collect(),
                        )
                    }
                    _ => {
                        err(
                            errors,
                            &here,
                            format!("`anything-but` `{name}` takes a string or a list of strings"),
                        );
                        None
                    }
                }
            };
            match name.as_str() {
                "prefix" | "suffix" => match inner {
                    Value::String(s) if !s.is_empty() => Some(if name == "prefix" {
                        AnythingBut::Prefix(s.clone())
                    } else {
                        AnythingBut::Suffix(s.clone())
                    }),
                    _ => {
                        err(
                            errors,
                            &here,
                            format!("`anything-but` `{name}` takes a non-empty string"),
                        );
                        None
                    }
                },
                "equals-ignore-case" => strings(errors).map(AnythingBut::EqualsIgnoreCase),
                "wildcard" if dialect == Dialect::EventBridge => {
                    strings(errors).map(AnythingBut::Wildcard)
                }
                other => {
                    err(errors, &here, format!("`anything-but` does not take `{other}` (expected a value, a list, prefix, suffix, equals-ignore-case{})", if dialect == Dialect::EventBridge { ", wildcard" } else { "" }));
                    None
                }
            }
        }
        _ => {
            err(
                errors,
                at,
                "`anything-but` takes a value, a list of values, or {\"prefix\": ...}",
            );
            None
        }
    }
}

/// Whether `s` is an IPv4 or IPv6 prefix (`address/len`).
pub fn valid_cidr(s: &str) -> bool {
    let Some((addr, len)) = s.split_once('/') else {
        return false;
    };
    let Ok(len) = len.parse::<u8>() else {
        return false;
    };
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => len <= 32,
        Ok(std::net::IpAddr::V6(_)) => len <= 128,
        Err(_) => false,
    }
}

/// SNS: at most this many keys at the top of a filter policy.
pub const SNS_MAX_KEYS: usize = 5;
/// SNS: at most this many value combinations (see [`sns_combinations`]).
pub const SNS_MAX_COMBINATIONS: u64 = 150;
/// SNS: the largest filter policy, in bytes of its JSON text.
pub const SNS_MAX_POLICY_BYTES: usize = 256 * 1024;
/// SNS: numbers in a policy lie in [-10^9, 10^9].
pub const SNS_MAX_NUMBER: f64 = 1e9;
/// EventBridge: the largest event pattern, in characters of its JSON text (the default
/// quota; adjustable to 4096 on request).
pub const EVENTBRIDGE_MAX_PATTERN_CHARS: usize = 2048;

/// The combinations AWS counts for an SNS filter policy: the product, over every array of
/// values, of its length times the nesting depth of its key (1 at the top), an `$or`
/// array counting as one array whose branches sit one level deeper.
pub fn sns_combinations(value: &Value) -> u64 {
    fn walk(obj: &Map<String, Value>, depth: u64, total: &mut u64) {
        for (key, v) in obj {
            match v {
                Value::Object(inner) => walk(inner, depth + 1, total),
                Value::Array(items) => {
                    if key == "$or" {
                        for item in items {
                            if let Some(o) = item.as_object() {
                                walk(o, depth + 1, total);
                            }
                        }
                    }
                    *total = total.saturating_mul((items.len() as u64).saturating_mul(depth));
                }
                _ => {}
            }
        }
    }
    let mut total = 1u64;
    if let Some(obj) = value.as_object() {
        walk(obj, 1, &mut total);
    }
    total
}

/// The service limits on a policy or pattern (already parsed without error): errors at
/// `base`, the pointer of the policy in its file. `text_len` is the size of the policy's
/// JSON text as it would be sent (bytes for SNS, characters for EventBridge).
pub fn check_limits(value: &Value, pattern: &Pattern, base: &str) -> Vec<PatternError> {
    let mut errors = Vec::new();
    let compact = value.to_string();
    match pattern.dialect {
        Dialect::SnsAttributes | Dialect::SnsBody => {
            let keys = value.as_object().map_or(0, Map::len);
            if keys > SNS_MAX_KEYS {
                err(
                    &mut errors,
                    base,
                    format!("the filter policy has {keys} top-level keys; SNS allows at most {SNS_MAX_KEYS}"),
                );
            }
            let n = sns_combinations(value);
            if n > SNS_MAX_COMBINATIONS {
                err(
                    &mut errors,
                    base,
                    format!("the filter policy has {n} value combinations; SNS allows at most {SNS_MAX_COMBINATIONS} (the product of each value list's length times its key's nesting depth)"),
                );
            }
            if compact.len() > SNS_MAX_POLICY_BYTES {
                err(
                    &mut errors,
                    base,
                    format!(
                        "the filter policy is {} bytes; SNS allows at most {SNS_MAX_POLICY_BYTES}",
                        compact.len()
                    ),
                );
            }
            for (_, field) in pattern.leaves() {
                let FieldKind::Leaf(conds) = &field.kind else {
                    continue;
                };
                for c in conds {
                    let numbers: Vec<&serde_json::Number> = match &c.op {
                        Op::Equals(Scalar::Number(n)) => vec![n],
                        Op::Numeric(cmps) => cmps.iter().map(|(_, n)| n).collect(),
                        Op::AnythingBut(AnythingBut::Values(vs)) => vs
                            .iter()
                            .filter_map(|s| match s {
                                Scalar::Number(n) => Some(n),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    for n in numbers {
                        if n.as_f64().is_none_or(|f| f.abs() > SNS_MAX_NUMBER) {
                            err(
                                &mut errors,
                                &c.pointer,
                                format!("{n} is out of SNS's numeric range (-1e9 to 1e9)"),
                            );
                        }
                    }
                }
            }
        }
        Dialect::EventBridge => {
            let chars = compact.chars().count();
            if chars > EVENTBRIDGE_MAX_PATTERN_CHARS {
                err(
                    &mut errors,
                    base,
                    format!("the event pattern is {chars} characters; EventBridge allows {EVENTBRIDGE_MAX_PATTERN_CHARS} by default"),
                );
            }
        }
    }
    errors
}
