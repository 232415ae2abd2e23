//! The catalog as a document model: what each event section says, independent of Markdown.
//!
//! [`build`] walks every event schema of a [`Catalog`] in document order (domain, then event
//! type, then major version) and flattens its payload into field rows. A `$ref`d definition
//! is expanded the first time the document meets it; later uses point back to that place.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::catalog::{Catalog, RefError};
use crate::spans::escape_token;
use crate::validate::engine::json_type;

/// Domains in the order the document lists them; any other domain follows, sorted.
pub const DOMAINS: [&str; 4] = ["license", "cme", "document", "notification"];

/// Nesting deeper than this is not expanded (a guard, not a limit real schemas reach).
const MAX_DEPTH: usize = 48;
/// Longest `$ref` chain followed (`a` → `b` → `c` ...).
const MAX_REF_HOPS: usize = 32;

/// The whole document.
#[derive(Debug, Clone)]
pub struct CatalogDoc {
    pub events: Vec<EventDoc>,
    /// Number of schema files that describe at least one event.
    pub event_files: usize,
    /// What changed since a git revision (`--changes-since`), set after [`build`].
    pub changes: Option<super::changes::Changes>,
}

/// One section: an (event type, schema) pair.
#[derive(Debug, Clone)]
pub struct EventDoc {
    pub event_type: String,
    /// First dotted segment of the event type.
    pub domain: String,
    /// Set when the event type has several major versions: the one this section is for.
    pub major: Option<u64>,
    /// Channel folder (`sns_topics`...), `None` outside the channel folders.
    pub channel: Option<String>,
    /// Source file, relative to the catalog root.
    pub source: String,
    /// Index of the source file in the catalog's `schemas`.
    pub schema: usize,
    /// The schema's top-level `version` keyword, as written.
    pub version: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Top-level properties other than `payload`, in schema order.
    pub envelope: Vec<FieldRow>,
    /// The payload and everything under it, in schema order.
    pub fields: Vec<FieldRow>,
    pub conditions: Vec<Condition>,
    /// The schema example for this event type (pretty JSON), or the first one.
    pub example: Option<String>,
}

/// One row of a field table.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// Dotted path (`payload.address.state`, `payload.items[]`, `payload.target[oneOf 1]`).
    pub path: String,
    /// JSON types (`string`, `string or null`), with `format` in parentheses.
    pub types: String,
    pub required: Required,
    pub constraints: Vec<Constraint>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// Required only under an `if`/`then`/`else` (listed under the table).
    Conditional,
    /// Not a property: an array item or a variant.
    NotApplicable,
}

/// One constraint of a field, rendered in the constraints column.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    Const(Value),
    Enum(Vec<Value>),
    Pattern(String),
    /// A keyword with a value shown as is: `minimum`, `maxLength`, `multipleOf`...
    Keyword(&'static str, Value),
    UniqueItems,
    Closed,
    Default(Value),
    Not(Value),
    /// `oneOf`/`anyOf`: the paths of the variant rows that follow.
    Variants {
        keyword: &'static str,
        paths: Vec<String>,
    },
    /// A definition expanded elsewhere: its name and where it is expanded.
    SeeDefinition {
        name: String,
        event: usize,
        path: String,
    },
    /// The field refers back to a definition that encloses it.
    Recursive {
        path: String,
    },
}

/// An `if`/`then`/`else` in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub when: Vec<Clause>,
    pub then: Vec<Clause>,
    pub otherwise: Vec<Clause>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// The field equals this value. The flag: the `if` does not require the field, so the
    /// condition also holds when it is absent.
    Is(String, Value, bool),
    /// The field is one of these values (flag as for `Is`).
    OneOf(String, Vec<Value>, bool),
    /// The field is present.
    Present(String),
    /// The field is required (in `then`/`else`).
    Required(String),
    /// The field must be absent (a `false` schema in `then`/`else`).
    Forbidden(String),
    /// Any other subschema, shown as compact JSON at a path (flag as for `Is`).
    Matches(String, Value, bool),
}

/// Why the catalog could not be rendered (exit 2): where, and what.
#[derive(Debug, Clone)]
pub struct RenderError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for RenderError {}

/// Sort key of a domain: the known ones first in their order, then the rest by name.
pub fn domain_rank(domain: &str) -> (usize, &str) {
    match DOMAINS.iter().position(|d| *d == domain) {
        Some(i) => (i, ""),
        None => (DOMAINS.len(), domain),
    }
}

/// The first dotted segment of an event type.
pub fn domain_of(event_type: &str) -> &str {
    event_type.split('.').next().unwrap_or(event_type)
}

/// Builds the document model of `catalog`.
pub fn build(catalog: &Catalog) -> Result<CatalogDoc, RenderError> {
    let mut pairs: Vec<(&str, usize, Option<u64>)> = Vec::new();
    for (event_type, list) in &catalog.events {
        for &i in list {
            let major = if list.len() > 1 {
                catalog.schemas[i].major()
            } else {
                None
            };
            pairs.push((event_type, i, major));
        }
    }
    pairs.sort_by(|a, b| {
        (domain_rank(domain_of(a.0)), a.0, a.2, a.1).cmp(&(
            domain_rank(domain_of(b.0)),
            b.0,
            b.2,
            b.1,
        ))
    });
    let mut defs: HashMap<DefKey, (usize, String)> = HashMap::new();
    let mut events = Vec::with_capacity(pairs.len());
    for (n, (event_type, index, major)) in pairs.into_iter().enumerate() {
        let mut walker = Walker {
            catalog,
            defs: &mut defs,
            event: n,
            rows: Vec::new(),
            conditions: Vec::new(),
            conditional: Vec::new(),
            stack: Vec::new(),
        };
        events.push(walker.event(event_type, index, major)?);
    }
    let event_files = catalog
        .schemas
        .iter()
        .filter(|s| s.is_event_schema())
        .count();
    Ok(CatalogDoc {
        events,
        event_files,
        changes: None,
    })
}

/// A definition: (schema index, JSON pointer).
type DefKey = (usize, String);

/// A schema node: the file it sits in, its pointer there, and its value.
#[derive(Clone)]
struct Node<'a> {
    file: usize,
    pointer: String,
    value: &'a Value,
}

impl<'a> Node<'a> {
    fn child(&self, keys: &[&str], value: &'a Value) -> Node<'a> {
        let mut pointer = self.pointer.clone();
        for k in keys {
            pointer.push('/');
            pointer.push_str(&escape_token(k));
        }
        Node {
            file: self.file,
            pointer,
            value,
        }
    }

    fn obj(&self) -> Option<&'a Map<String, Value>> {
        self.value.as_object()
    }
}

struct Walker<'a, 'd> {
    catalog: &'a Catalog,
    defs: &'d mut HashMap<DefKey, (usize, String)>,
    event: usize,
    rows: Vec<FieldRow>,
    conditions: Vec<Condition>,
    /// Paths that some `then`/`else` makes required.
    conditional: Vec<String>,
    /// Definitions being expanded, with the path they are expanded at.
    stack: Vec<(DefKey, String)>,
}

/// Keywords whose value a `$ref` site may override (annotations only: draft-07 ignores
/// every other sibling of `$ref`).
const SITE_ANNOTATIONS: [&str; 4] = ["title", "description", "default", "examples"];

impl<'a> Walker<'a, '_> {
    fn event(
        &mut self,
        event_type: &str,
        index: usize,
        major: Option<u64>,
    ) -> Result<EventDoc, RenderError> {
        let schema = &self.catalog.schemas[index];
        let root = Node {
            file: index,
            pointer: String::new(),
            value: &schema.value,
        };
        let text = |k: &str| {
            schema
                .value
                .get(k)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let mut envelope = Vec::new();
        let mut payload = None;
        if let Some(props) = schema.value.get("properties").and_then(Value::as_object) {
            let required = required_of(&schema.value);
            for (name, value) in props {
                let node = root.child(&["properties", name], value);
                if name == "payload" {
                    payload = Some((node, required.contains(&name.as_str())));
                    continue;
                }
                let (target, _) = self.resolve(&node)?;
                let mut row = self.row(name, &node, &target, required.contains(&name.as_str()));
                if name == "event_type" {
                    row.constraints
                        .retain(|c| !matches!(c, Constraint::Enum(_) | Constraint::Const(_)));
                    row.constraints
                        .insert(0, Constraint::Const(Value::String(event_type.to_owned())));
                }
                envelope.push(row);
            }
        }
        // Conditions stated on the event object itself, before the payload rows so that a
        // payload field they require is marked conditional.
        let mut root_parts = Vec::new();
        self.parts(&root, &mut root_parts, 0)?;
        for part in &root_parts {
            let found = self.conditions_of("", part)?;
            self.conditional.extend(found);
        }
        if let Some((node, required)) = payload {
            let req = if required {
                Required::Yes
            } else {
                Required::No
            };
            self.field("payload", &node, req, 0)?;
        }
        let example = schema
            .value
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|all| {
                all.iter()
                    .find(|e| e.get("event_type").and_then(Value::as_str) == Some(event_type))
                    .or_else(|| all.first())
            })
            .and_then(|e| serde_json::to_string_pretty(e).ok());
        Ok(EventDoc {
            event_type: event_type.to_owned(),
            domain: domain_of(event_type).to_owned(),
            major,
            channel: schema.channel.clone(),
            source: schema.rel.clone(),
            schema: index,
            version: text("version"),
            title: text("title"),
            description: text("description"),
            envelope,
            fields: std::mem::take(&mut self.rows),
            conditions: std::mem::take(&mut self.conditions),
            example,
        })
    }

    /// Follows `$ref`s from `node` to the schema they name. Returns it with the key of the
    /// first definition referenced, if any.
    fn resolve(&self, node: &Node<'a>) -> Result<(Node<'a>, Option<DefKey>), RenderError> {
        let mut current = node.clone();
        let mut first = None;
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = current.value.get("$ref").and_then(Value::as_str) else {
                return Ok((current, first));
            };
            let at = current.child(&["$ref"], &Value::Null);
            let (file, pointer) = self
                .catalog
                .resolve_ref(current.file, reference)
                .map_err(|e| self.error(&at, e.to_string()))?;
            let Some(value) = self.catalog.schemas[file].value.pointer(&pointer) else {
                return Err(self.error(&at, RefError::BadPointer(reference.to_owned()).to_string()));
            };
            first.get_or_insert_with(|| (file, pointer.clone()));
            current = Node {
                file,
                pointer,
                value,
            };
        }
        Err(self.error(
            node,
            format!("$ref chain longer than {MAX_REF_HOPS} hops (a cycle of $refs?)"),
        ))
    }

    fn error(&self, node: &Node<'_>, message: String) -> RenderError {
        let schema = &self.catalog.schemas[node.file];
        let p = schema.spans.locate(&node.pointer);
        RenderError {
            file: schema.path.clone(),
            line: p.line,
            column: p.column,
            message,
        }
    }

    /// Emits the row of the field at `path` and the rows beneath it.
    fn field(
        &mut self,
        path: &str,
        site: &Node<'a>,
        required: Required,
        depth: usize,
    ) -> Result<(), RenderError> {
        let (target, key) = self.resolve(site)?;
        let mut row = self.row(path, site, &target, required == Required::Yes);
        row.required = required;
        if let Some(key) = key {
            // A definition already expanded is linked, not repeated: its own constraints are
            // shown where it is expanded.
            if let Some((_, at)) = self.stack.iter().find(|(k, _)| *k == key) {
                row.constraints = vec![Constraint::Recursive { path: at.clone() }];
                self.rows.push(row);
                return Ok(());
            }
            if let Some((event, at)) = self.defs.get(&key) {
                row.constraints = vec![Constraint::SeeDefinition {
                    name: def_name(&key.1, &self.catalog.schemas[key.0].rel),
                    event: *event,
                    path: at.clone(),
                }];
                self.rows.push(row);
                return Ok(());
            }
            self.defs.insert(key.clone(), (self.event, path.to_owned()));
            self.stack.push((key, path.to_owned()));
            let result = self.expand(path, row, &target, depth);
            self.stack.pop();
            return result;
        }
        self.expand(path, row, &target, depth)
    }

    /// Pushes `row` and the rows of what `node` contains: properties (of the node and of its
    /// `allOf` parts), array items, additional properties, `oneOf`/`anyOf` variants.
    fn expand(
        &mut self,
        path: &str,
        mut row: FieldRow,
        node: &Node<'a>,
        depth: usize,
    ) -> Result<(), RenderError> {
        if depth >= MAX_DEPTH {
            self.rows.push(row);
            return Ok(());
        }
        let mut parts = Vec::new();
        self.parts(node, &mut parts, 0)?;
        let mut variant_rows: Vec<(String, Node<'a>)> = Vec::new();
        for part in &parts {
            for keyword in ["oneOf", "anyOf"] {
                let Some(list) = part.value.get(keyword).and_then(Value::as_array) else {
                    continue;
                };
                let mut paths = Vec::new();
                for (i, v) in list.iter().enumerate() {
                    let p = format!("{path}[{keyword} {}]", i + 1);
                    paths.push(p.clone());
                    variant_rows.push((p, part.child(&[keyword, &i.to_string()], v)));
                }
                row.constraints
                    .push(Constraint::Variants { keyword, paths });
            }
        }
        self.rows.push(row);

        let mut required: Vec<&str> = Vec::new();
        for part in &parts {
            required.extend(required_of(part.value));
        }
        for part in &parts {
            let found = self.conditions_of(path, part)?;
            self.conditional.extend(found);
        }
        let mut seen: Vec<&str> = Vec::new();
        for part in &parts {
            let Some(props) = part.value.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (name, value) in props {
                if seen.contains(&name.as_str()) {
                    continue;
                }
                seen.push(name);
                let child_path = join(path, name);
                let req = if required.contains(&name.as_str()) {
                    Required::Yes
                } else if self.conditional.contains(&child_path) {
                    Required::Conditional
                } else {
                    Required::No
                };
                let child = part.child(&["properties", name], value);
                self.field(&child_path, &child, req, depth + 1)?;
            }
        }
        for part in &parts {
            if let Some(pp) = part
                .value
                .get("patternProperties")
                .and_then(Value::as_object)
            {
                for (pattern, value) in pp {
                    let child_path = format!("{path}.{{{pattern}}}");
                    let child = part.child(&["patternProperties", pattern], value);
                    self.field(&child_path, &child, Required::NotApplicable, depth + 1)?;
                }
            }
            if let Some(ap) = part.value.get("additionalProperties") {
                if ap.is_object() {
                    let child = part.child(&["additionalProperties"], ap);
                    self.field(
                        &format!("{path}.*"),
                        &child,
                        Required::NotApplicable,
                        depth + 1,
                    )?;
                }
            }
            match part.value.get("items") {
                Some(items @ Value::Object(_)) => {
                    let child = part.child(&["items"], items);
                    self.field(
                        &format!("{path}[]"),
                        &child,
                        Required::NotApplicable,
                        depth + 1,
                    )?;
                }
                Some(Value::Array(tuple)) => {
                    for (i, v) in tuple.iter().enumerate() {
                        let child = part.child(&["items", &i.to_string()], v);
                        self.field(
                            &format!("{path}[{i}]"),
                            &child,
                            Required::NotApplicable,
                            depth + 1,
                        )?;
                    }
                }
                _ => {}
            }
        }
        for (p, v) in variant_rows {
            self.field(&p, &v, Required::NotApplicable, depth + 1)?;
        }
        Ok(())
    }

    /// `node` and, recursively, its `allOf` members (with `$ref`s followed): the pieces whose
    /// properties together make up one object.
    /// A part reached twice (`allOf` refs to one schema, or to an enclosing one) counts once,
    /// so self-referencing `allOf`s cannot multiply the work.
    fn parts(
        &self,
        node: &Node<'a>,
        out: &mut Vec<Node<'a>>,
        depth: usize,
    ) -> Result<(), RenderError> {
        if out
            .iter()
            .any(|p| p.file == node.file && p.pointer == node.pointer)
        {
            return Ok(());
        }
        out.push(node.clone());
        if depth >= MAX_DEPTH {
            return Ok(());
        }
        if let Some(list) = node.value.get("allOf").and_then(Value::as_array) {
            for (i, v) in list.iter().enumerate() {
                let member = node.child(&["allOf", &i.to_string()], v);
                let (target, _) = self.resolve(&member)?;
                self.parts(&target, out, depth + 1)?;
            }
        }
        Ok(())
    }

    /// Records the `if`/`then`/`else` of `part` (an object at `path`) and returns the paths
    /// its `then`/`else` make required.
    fn conditions_of(&mut self, path: &str, part: &Node<'a>) -> Result<Vec<String>, RenderError> {
        let Some(cond) = part.value.get("if") else {
            return Ok(Vec::new());
        };
        let when = describe_if(path, cond);
        let mut required = Vec::new();
        let mut then = Vec::new();
        let mut otherwise = Vec::new();
        for (keyword, out) in [("then", &mut then), ("else", &mut otherwise)] {
            if let Some(v) = part.value.get(keyword) {
                let branch = part.child(&[keyword], v);
                let (target, _) = self.resolve(&branch)?;
                describe_then(path, target.value, out);
            }
        }
        for clause in then.iter().chain(&otherwise) {
            if let Clause::Required(p) = clause {
                required.push(p.clone());
            }
        }
        self.conditions.push(Condition {
            when,
            then,
            otherwise,
        });
        Ok(required)
    }

    /// The row of a field: types and constraints of `target`, annotations of the `$ref`
    /// site first.
    fn row(&self, path: &str, site: &Node<'a>, target: &Node<'a>, required: bool) -> FieldRow {
        let annotation = |k: &str| -> Option<&'a Value> {
            site.obj()
                .and_then(|o| o.get(k))
                .filter(|_| SITE_ANNOTATIONS.contains(&k))
                .or_else(|| target.obj().and_then(|o| o.get(k)))
        };
        let description = annotation("description")
            .or_else(|| annotation("title"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mut constraints = constraints_of(target.value);
        if let Some(d) = annotation("default") {
            constraints.push(Constraint::Default(d.clone()));
        }
        FieldRow {
            path: path.to_owned(),
            types: types_of(target.value),
            required: if required {
                Required::Yes
            } else {
                Required::No
            },
            constraints,
            description,
        }
    }
}

/// The `required` names of a schema object.
fn required_of(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// A readable name for a definition: the last token of its pointer, or the file name.
fn def_name(pointer: &str, rel: &str) -> String {
    match pointer.rsplit('/').next().filter(|t| !t.is_empty()) {
        Some(t) => crate::spans::unescape_token(t),
        None => rel.rsplit('/').next().unwrap_or(rel).to_owned(),
    }
}

/// `string (uuid)`, `string or null`, `object`, `any`...
fn types_of(schema: &Value) -> String {
    let Some(obj) = schema.as_object() else {
        return match schema {
            Value::Bool(false) => "nothing (false schema)".to_owned(),
            _ => "any".to_owned(),
        };
    };
    let mut types: Vec<String> = match obj.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    if types.is_empty() {
        if obj.contains_key("properties") {
            types.push("object".to_owned());
        } else if obj.contains_key("items") {
            types.push("array".to_owned());
        } else if let Some(c) = obj.get("const") {
            types.push(json_type(c).to_owned());
        } else if let Some(Value::Array(values)) = obj.get("enum") {
            for v in values {
                let t = json_type(v).to_owned();
                if !types.contains(&t) {
                    types.push(t);
                }
            }
        }
    }
    let mut out = if types.is_empty() {
        "any".to_owned()
    } else {
        types.join(" or ")
    };
    if let Some(f) = obj.get("format").and_then(Value::as_str) {
        out.push_str(&format!(" ({f})"));
    }
    out
}

/// Numeric and size keywords shown as `keyword: value`, in this order.
const KEYWORDS: [&str; 11] = [
    "minLength",
    "maxLength",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

fn constraints_of(schema: &Value) -> Vec<Constraint> {
    let Some(obj) = schema.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(c) = obj.get("const") {
        out.push(Constraint::Const(c.clone()));
    }
    if let Some(Value::Array(values)) = obj.get("enum") {
        out.push(Constraint::Enum(values.clone()));
    }
    if let Some(p) = obj.get("pattern").and_then(Value::as_str) {
        out.push(Constraint::Pattern(p.to_owned()));
    }
    for k in KEYWORDS {
        if let Some(v) = obj.get(k) {
            out.push(Constraint::Keyword(k, v.clone()));
        }
    }
    if obj.get("uniqueItems") == Some(&Value::Bool(true)) {
        out.push(Constraint::UniqueItems);
    }
    if obj.get("additionalProperties") == Some(&Value::Bool(false)) {
        out.push(Constraint::Closed);
    }
    if let Some(n) = obj.get("not") {
        out.push(Constraint::Not(n.clone()));
    }
    out
}

/// The clauses of an `if` schema at `path`: property values and presence.
fn describe_if(path: &str, cond: &Value) -> Vec<Clause> {
    let mut out = Vec::new();
    let Some(obj) = cond.as_object() else {
        return vec![Clause::Matches(path.to_owned(), cond.clone(), false)];
    };
    let required = required_of(cond);
    let mut rest = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "required" => {}
            "properties" => {
                let Some(props) = v.as_object() else {
                    rest.insert(k.clone(), v.clone());
                    continue;
                };
                for (name, s) in props {
                    let p = join(path, name);
                    let absent_too = !required.contains(&name.as_str());
                    if let Some(c) = s.get("const") {
                        out.push(Clause::Is(p, c.clone(), absent_too));
                    } else if let Some(Value::Array(values)) = s.get("enum") {
                        out.push(Clause::OneOf(p, values.clone(), absent_too));
                    } else {
                        out.push(Clause::Matches(p, s.clone(), absent_too));
                    }
                }
            }
            _ => {
                rest.insert(k.clone(), v.clone());
            }
        }
    }
    // A required name whose value is already constrained above needs no clause of its own.
    for name in required {
        let p = join(path, name);
        let covered = out.iter().any(|c| match c {
            Clause::Is(q, ..) | Clause::OneOf(q, ..) | Clause::Matches(q, ..) => *q == p,
            _ => false,
        });
        if !covered {
            out.push(Clause::Present(p));
        }
    }
    if !rest.is_empty() {
        out.push(Clause::Matches(path.to_owned(), Value::Object(rest), false));
    }
    out
}

/// The clauses of a `then`/`else` schema at `path`: what becomes required (also inside
/// nested properties) and any other constraint.
fn describe_then(path: &str, schema: &Value, out: &mut Vec<Clause>) {
    let Some(obj) = schema.as_object() else {
        out.push(match schema {
            Value::Bool(false) => Clause::Forbidden(path.to_owned()),
            other => Clause::Matches(path.to_owned(), other.clone(), false),
        });
        return;
    };
    for name in required_of(schema) {
        out.push(Clause::Required(join(path, name)));
    }
    let mut rest = Map::new();
    for (k, v) in obj {
        match k.as_str() {
            "required" => {}
            "properties" if v.is_object() => {
                if let Some(props) = v.as_object() {
                    for (name, s) in props {
                        describe_then(&join(path, name), s, out);
                    }
                }
            }
            _ => {
                rest.insert(k.clone(), v.clone());
            }
        }
    }
    if !rest.is_empty() {
        out.push(Clause::Matches(path.to_owned(), Value::Object(rest), false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SchemaFile;
    use serde_json::json;

    fn catalog(files: &[(&str, Value)]) -> Catalog {
        let schemas = files
            .iter()
            .map(|(rel, v)| {
                let text = serde_json::to_string_pretty(v).unwrap();
                SchemaFile::parse(rel, PathBuf::from(rel), &text).unwrap()
            })
            .collect();
        let (c, problems) = Catalog::from_schemas(PathBuf::from("cat"), schemas);
        assert!(problems.is_empty(), "{problems:?}");
        c
    }

    fn event(payload: Value) -> Value {
        json!({"properties": {"event_type": {"const": "x.happened"}, "payload": payload}})
    }

    #[test]
    fn self_referencing_all_of_does_not_multiply_work() {
        let c = catalog(&[(
            "sns_topics/x.json",
            event(json!({
                "allOf": [{"$ref": "#/properties/payload"}, {"$ref": "#/properties/payload"}],
                "properties": {"a": {"type": "string"}}
            })),
        )]);
        let doc = build(&c).unwrap();
        let paths: Vec<&str> = doc.events[0]
            .fields
            .iter()
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(paths, ["payload", "payload.a"]);
    }

    #[test]
    fn a_ref_cycle_is_an_error_with_its_location() {
        let c = catalog(&[(
            "sns_topics/x.json",
            json!({
                "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},
                "properties": {"event_type": {"const": "x.happened"}, "payload": {"$ref": "#/definitions/a"}}
            }),
        )]);
        let e = build(&c).unwrap_err();
        assert!(e.message.contains("cycle"), "{e}");
        assert_eq!(e.file, PathBuf::from("sns_topics/x.json"));
    }

    #[test]
    fn known_domains_first_then_by_name() {
        let mut d = vec!["zeta", "notification", "alpha", "license", "cme"];
        d.sort_by_key(|d| domain_rank(d));
        assert_eq!(d, ["license", "cme", "notification", "alpha", "zeta"]);
    }
}
