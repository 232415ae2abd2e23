//! What a subscription file says, as data: who subscribes, to which channel, and the
//! SNS filter policy or EventBridge event pattern that decides which events it receives.
//!
//! Every node carries the JSON pointer of its place in the subscription file, so findings
//! (syntax, limits, analysis against the catalog) name file, line and pointer.

use crate::spans::SpanMap;
use serde_json::Number;
use std::path::PathBuf;

/// One subscriber, from one file under the catalog's `subscriptions/` folder.
#[derive(Debug, Clone)]
pub struct Subscription {
    /// Path relative to the catalog root (`subscriptions/audit_service.json`).
    pub rel: String,
    /// The path to show to users.
    pub path: PathBuf,
    /// `name`: the subscriber's name, unique in the catalog.
    pub name: String,
    /// `owner`: the team that owns the subscriber.
    pub owner: String,
    /// `description`, when given.
    pub description: Option<String>,
    /// `channel`: the channel folders (`sns_topics`, ...) whose events it can receive; a
    /// string or an array in the file. `"*"` means every channel.
    pub channels: Vec<String>,
    /// `topic` / `queue` / `bus` / `url`: where it is attached, informational (an ARN, a
    /// queue URL, an event bus name).
    pub endpoint: Option<String>,
    /// Which events it receives.
    pub filter: Filter,
    /// Positions in the file, by JSON pointer.
    pub spans: SpanMap,
}

impl Subscription {
    /// `file:line:col` of a pointer in the subscription file.
    pub fn location(&self, pointer: &str) -> String {
        let p = self.spans.locate(pointer);
        format!("{}:{}:{}", self.path.display(), p.line, p.column)
    }

    /// Whether the subscriber is attached to `channel`.
    pub fn listens_on(&self, channel: &str) -> bool {
        self.channels.iter().any(|c| c == "*" || c == channel)
    }
}

/// How a subscriber selects events.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// No filter: every event on its channels.
    All,
    /// An SNS subscription filter policy (`sns.FilterPolicy`).
    Sns {
        /// `sns.FilterPolicyScope`; `MessageAttributes` when absent, as in AWS.
        scope: SnsScope,
        policy: Pattern,
        /// `sns.RawMessageDelivery`: the subscriber gets the bare event, not the SNS
        /// notification wrapping it.
        raw: bool,
    },
    /// An EventBridge rule's event pattern (`eventbridge.EventPattern`), matched against the
    /// EventBridge event (`detail-type`, `source`, `detail`, ...).
    EventBridge {
        /// `eventbridge.EventBusName`, when given.
        bus: Option<String>,
        pattern: Pattern,
    },
}

/// Where an SNS filter policy looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnsScope {
    /// The message attributes (`event_type`, `version` as the seed's publishers set them).
    MessageAttributes,
    /// The message body (the event's JSON), nested keys allowed.
    MessageBody,
}

/// The dialect a pattern is parsed and matched under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    SnsAttributes,
    SnsBody,
    EventBridge,
}

/// A filter policy or event pattern: an object of field conditions.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub dialect: Dialect,
    pub root: PatternObject,
}

/// `{ "key": [conditions] | {nested}, ..., "$or": [ {...}, {...} ] }`: every field must
/// match (AND), and each `$or` group needs one matching branch.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternObject {
    /// Pointer of this object in the subscription file.
    pub pointer: String,
    /// Fields in file order.
    pub fields: Vec<PatternField>,
    /// `$or` groups (one per `$or` key; JSON allows only one per object, kept as a list).
    pub or: Vec<OrGroup>,
}

/// `"$or": [branch, branch, ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct OrGroup {
    pub pointer: String,
    pub branches: Vec<PatternObject>,
}

/// One key of a pattern object.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternField {
    /// The key as written (an attribute name, a body property, `detail-type`, ...).
    pub key: String,
    /// Pointer of the key's value in the subscription file.
    pub pointer: String,
    pub kind: FieldKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// `[cond, cond, ...]`: the value (or, for an array value, one of its elements) matches
    /// one of them (OR).
    Leaf(Vec<Condition>),
    /// `{ ... }`: a nested object of the body / of `detail`.
    Nested(PatternObject),
}

/// One element of a leaf array.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Pointer of the element in the subscription file.
    pub pointer: String,
    pub op: Op,
}

/// A matching operator, as AWS documents them for SNS filter policies and EventBridge
/// patterns.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A literal: `"license.created"`, `5`, `true`, `null`.
    Equals(Scalar),
    /// `{"prefix": "license."}`, or `{"prefix": {"equals-ignore-case": "LIC"}}`.
    Prefix { value: String, ignore_case: bool },
    /// `{"suffix": ".30d"}`, or `{"suffix": {"equals-ignore-case": ".30D"}}`.
    Suffix { value: String, ignore_case: bool },
    /// `{"equals-ignore-case": "License.Created"}`.
    EqualsIgnoreCase(String),
    /// `{"wildcard": "license.*.warning.*"}` (EventBridge only).
    Wildcard(String),
    /// `{"anything-but": ...}`.
    AnythingBut(AnythingBut),
    /// `{"numeric": [">", 0, "<=", 5]}`: every comparison holds.
    Numeric(Vec<(NumCmp, Number)>),
    /// `{"exists": true|false}`.
    Exists(bool),
    /// `{"cidr": "10.0.0.0/24"}`: an IPv4 or IPv6 address in that range.
    Cidr(String),
}

/// A JSON scalar in a pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    String(String),
    Number(Number),
    Bool(bool),
    Null,
}

/// What `anything-but` excludes.
#[derive(Debug, Clone, PartialEq)]
pub enum AnythingBut {
    /// `{"anything-but": "x"}` or `{"anything-but": ["x", 5]}`.
    Values(Vec<Scalar>),
    /// `{"anything-but": {"prefix": "x"}}`.
    Prefix(String),
    /// `{"anything-but": {"suffix": "x"}}`.
    Suffix(String),
    /// `{"anything-but": {"equals-ignore-case": "x" | ["x", "y"]}}`.
    EqualsIgnoreCase(Vec<String>),
    /// `{"anything-but": {"wildcard": "x*" | ["x*", "y*"]}}` (EventBridge only).
    Wildcard(Vec<String>),
}

/// A `numeric` comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumCmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl NumCmp {
    pub fn as_str(self) -> &'static str {
        match self {
            NumCmp::Eq => "=",
            NumCmp::Lt => "<",
            NumCmp::Le => "<=",
            NumCmp::Gt => ">",
            NumCmp::Ge => ">=",
        }
    }
}

impl Pattern {
    /// Every leaf field with its path of keys from the root (through nested objects and
    /// `$or` branches), in file order.
    pub fn leaves(&self) -> Vec<(Vec<&str>, &PatternField)> {
        fn walk<'a>(
            obj: &'a PatternObject,
            path: &mut Vec<&'a str>,
            out: &mut Vec<(Vec<&'a str>, &'a PatternField)>,
        ) {
            for field in &obj.fields {
                path.push(&field.key);
                match &field.kind {
                    FieldKind::Leaf(_) => out.push((path.clone(), field)),
                    FieldKind::Nested(inner) => walk(inner, path, out),
                }
                path.pop();
            }
            for group in &obj.or {
                for branch in &group.branches {
                    walk(branch, path, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut Vec::new(), &mut out);
        out
    }
}
