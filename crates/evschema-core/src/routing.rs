//! Routing: which schema of a catalog an event goes to.
//!
//! The field that names an event's type is a JSON pointer ([`RouteSpec::type_key`], default
//! `/event_type`), its version another ([`RouteSpec::version_key`], default `/version`).
//! [`Envelope`] presets set both for CloudEvents (`/type`) and EventBridge (`/detail-type`).
//! A schema claims the types its subschema at the type key lists as `const` or `enum`
//! (through `properties`, and the members of `allOf`, `anyOf` and `oneOf`); where several
//! schemas claim one type, the major of the event's version picks the newest schema of that
//! major. For catalogs whose schemas carry no such field (one file per event, as GitHub's
//! webhook schemas), [`NamingRule`]s map values found in the event to a path template:
//! `{/event}/{/payload/action}.schema.json` gives `issues/opened.schema.json` the events
//! whose `/event` is `issues` and `/payload/action` is `opened`. docs/routing.md is the
//! user's side of this contract.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::catalog::{leading_major, Catalog, RouteError};
use crate::pointer::parse as pointer_tokens;

/// The envelope presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Envelope {
    /// `event_type` and `version` at the top level (the shipped catalog's envelope).
    #[default]
    Plain,
    /// CloudEvents 1.0 structured mode: `type`, the event's data in `data`.
    CloudEvents,
    /// Amazon EventBridge: `detail-type`, the event's data in `detail`.
    EventBridge,
}

impl Envelope {
    /// The name used on the command line and in evschema.toml.
    pub fn name(self) -> &'static str {
        match self {
            Envelope::Plain => "plain",
            Envelope::CloudEvents => "cloudevents",
            Envelope::EventBridge => "eventbridge",
        }
    }

    pub fn parse(name: &str) -> Option<Envelope> {
        match name.to_ascii_lowercase().as_str() {
            "plain" | "none" => Some(Envelope::Plain),
            "cloudevents" => Some(Envelope::CloudEvents),
            "eventbridge" => Some(Envelope::EventBridge),
            _ => None,
        }
    }

    /// The pointer of the event type.
    pub fn type_key(self) -> &'static str {
        match self {
            Envelope::Plain => "/event_type",
            Envelope::CloudEvents => "/type",
            Envelope::EventBridge => "/detail-type",
        }
    }

    /// The pointer of the event's version. EventBridge's own top-level `version` is the
    /// envelope's (always "0"), so the preset reads the version inside `detail`.
    pub fn version_key(self) -> &'static str {
        match self {
            Envelope::Plain | Envelope::CloudEvents => "/version",
            Envelope::EventBridge => "/detail/version",
        }
    }

    /// The pointer of the event's data: what a schema matched by a naming rule describes.
    pub fn body(self) -> &'static str {
        match self {
            Envelope::Plain => "",
            Envelope::CloudEvents => "/data",
            Envelope::EventBridge => "/detail",
        }
    }
}

/// One naming rule: a path template whose placeholders are JSON pointers into the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamingRule {
    /// Catalog-relative path template: `{/event}/{/payload/action}.schema.json`.
    pub files: String,
    /// The event type name reported for a match, a template over the same pointers
    /// (default: the placeholder values joined with `.`).
    pub name: Option<String>,
    /// The part of the event the matched schema describes (a JSON pointer; default: the
    /// envelope's body, the whole event for the plain envelope).
    pub body: Option<String>,
}

/// How events are routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    pub envelope: Envelope,
    /// JSON pointer of the event type.
    pub type_key: String,
    /// JSON pointer of the event's version (`None`: never route by version).
    pub version_key: Option<String>,
    pub naming: Vec<NamingRule>,
    /// Unwrap SNS notifications and SQS messages before routing (see [`crate::envelope`]).
    pub unwrap: bool,
}

impl Default for RouteSpec {
    fn default() -> RouteSpec {
        RouteSpec::for_envelope(Envelope::Plain)
    }
}

impl RouteSpec {
    pub fn for_envelope(envelope: Envelope) -> RouteSpec {
        RouteSpec {
            envelope,
            type_key: envelope.type_key().to_owned(),
            version_key: Some(envelope.version_key().to_owned()),
            naming: Vec::new(),
            unwrap: true,
        }
    }

    /// Checks the pointers and templates.
    pub fn check(&self) -> Result<(), SpecError> {
        check_pointer(&self.type_key, "the route key")?;
        if let Some(v) = &self.version_key {
            check_pointer(v, "the version key")?;
        }
        for (i, rule) in self.naming.iter().enumerate() {
            let at = format!("naming rule #{}", i + 1);
            let parts =
                Template::parse(&rule.files).map_err(|m| SpecError(format!("{at}: files: {m}")))?;
            if parts.pointers().next().is_none() {
                return Err(SpecError(format!(
                    "{at}: files \"{}\" has no {{/pointer}} placeholder",
                    rule.files
                )));
            }
            if let Some(name) = &rule.name {
                let n = Template::parse(name).map_err(|m| SpecError(format!("{at}: name: {m}")))?;
                for p in n.pointers() {
                    if !parts.pointers().any(|q| q == p) {
                        return Err(SpecError(format!(
                            "{at}: name uses {{{p}}}, which files does not"
                        )));
                    }
                }
            }
            if let Some(b) = &rule.body {
                check_pointer(b, &format!("{at}: body"))?;
            }
        }
        Ok(())
    }

    /// The field name of the type key for messages: `event_type` for `/event_type`, the
    /// pointer itself for a nested one.
    pub fn type_field(&self) -> String {
        field_name(&self.type_key)
    }
}

fn field_name(pointer: &str) -> String {
    let tokens = pointer_tokens(pointer);
    if tokens.len() == 1 {
        tokens[0].clone()
    } else {
        pointer.to_owned()
    }
}

fn check_pointer(p: &str, what: &str) -> Result<(), SpecError> {
    if p.is_empty() || !p.starts_with('/') {
        return Err(SpecError(format!(
            "{what} \"{p}\" is not a JSON pointer to a field (it must start with '/', e.g. /event_type)"
        )));
    }
    Ok(())
}

/// A bad routing setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError(pub String);

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SpecError {}

/// A path or name template: literal text and `{/pointer}` placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Ptr(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Template(Vec<Part>);

/// Why a `files` or `name` template of a naming rule does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum TemplateError {
    #[error("\"{0}\": a '{{' without its '}}'")]
    Unclosed(String),
    #[error("\"{text}\": placeholder {{{placeholder}}} is not a JSON pointer (write {{/{placeholder}}})")]
    NotAPointer { text: String, placeholder: String },
    #[error("\"{0}\": two placeholders in a row cannot be told apart; put text between them")]
    Adjacent(String),
    #[error("\"{0}\": a '}}' without its '{{'")]
    Unopened(String),
}

impl Template {
    fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Lit(rest[..open].to_owned()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(TemplateError::Unclosed(text.to_owned()));
            };
            let p = &after[..close];
            if !p.starts_with('/') {
                return Err(TemplateError::NotAPointer {
                    text: text.to_owned(),
                    placeholder: p.to_owned(),
                });
            }
            if matches!(parts.last(), Some(Part::Ptr(_))) {
                return Err(TemplateError::Adjacent(text.to_owned()));
            }
            parts.push(Part::Ptr(p.to_owned()));
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err(TemplateError::Unopened(text.to_owned()));
        }
        if !rest.is_empty() {
            parts.push(Part::Lit(rest.to_owned()));
        }
        Ok(Template(parts))
    }

    fn pointers(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            Part::Ptr(p) => Some(p.as_str()),
            Part::Lit(_) => None,
        })
    }

    /// Matches a path against the template, giving each placeholder's value (a non-empty
    /// run of characters without `/`). Literal text is matched greedily from the left.
    fn match_path(&self, path: &str) -> Option<Vec<(String, String)>> {
        fn go(parts: &[Part], s: &str, out: &mut Vec<(String, String)>) -> bool {
            match parts.split_first() {
                None => s.is_empty(),
                Some((Part::Lit(l), rest)) => {
                    s.strip_prefix(l.as_str()).is_some_and(|s| go(rest, s, out))
                }
                Some((Part::Ptr(p), rest)) => {
                    let limit = s.find('/').unwrap_or(s.len());
                    // try the shortest value first, so `{/a}.{/b}.json` splits at the first dot
                    for end in (1..=limit).filter(|&e| s.is_char_boundary(e)) {
                        out.push((p.clone(), s[..end].to_owned()));
                        if go(rest, &s[end..], out) {
                            return true;
                        }
                        out.pop();
                    }
                    false
                }
            }
        }
        let mut out = Vec::new();
        go(&self.0, path, &mut out).then_some(out)
    }

    fn fill(&self, values: &BTreeMap<&str, String>) -> String {
        let mut s = String::new();
        for p in &self.0 {
            match p {
                Part::Lit(l) => s.push_str(l),
                Part::Ptr(p) => s.push_str(values.get(p.as_str()).map_or("", String::as_str)),
            }
        }
        s
    }
}

/// A naming rule, compiled against a catalog.
#[derive(Debug, Clone)]
struct CompiledRule {
    files: Template,
    name: Option<Template>,
    body: String,
    /// The placeholder values (in template order) → schema index.
    claims: BTreeMap<Vec<String>, usize>,
}

impl CompiledRule {
    fn pointers(&self) -> Vec<&str> {
        self.files.pointers().collect()
    }

    fn name_for(&self, values: &[String]) -> String {
        match &self.name {
            Some(t) => {
                let map: BTreeMap<&str, String> = self
                    .pointers()
                    .into_iter()
                    .zip(values.iter().cloned())
                    .collect();
                t.fill(&map)
            }
            None => values.join("."),
        }
    }
}

/// Where an event goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub schema: usize,
    pub event_type: String,
    /// The pointer of the part of the event the schema describes ("" = the whole event).
    pub body: String,
}

/// Why an event could not be routed: a message and the instance path it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unroutable {
    pub event_type: Option<String>,
    pub instance_path: String,
    pub message: String,
}

/// The routing table of a catalog under a [`RouteSpec`].
#[derive(Debug, Clone)]
pub struct Router {
    spec: RouteSpec,
    /// Event type → schema indexes, sorted by major version (unknown first).
    events: BTreeMap<String, Vec<usize>>,
    rules: Vec<CompiledRule>,
}

/// A routing table that cannot be built: problems name the files.
#[derive(Debug, Clone)]
pub struct BuildError {
    pub problems: Vec<String>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot route events through the catalog")?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

impl Router {
    /// Builds the routing table. With the default spec it is the catalog's own index
    /// (`properties.event_type`); with another type key, the schemas' claims at that key.
    pub fn build(catalog: &Catalog, spec: &RouteSpec) -> Result<Router, BuildError> {
        spec.check().map_err(|e| BuildError {
            problems: vec![e.to_string()],
        })?;
        let mut problems = Vec::new();
        let events = if spec.type_key == "/event_type" {
            catalog.events.clone()
        } else {
            let tokens = pointer_tokens(&spec.type_key);
            let mut events: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (i, s) in catalog.schemas.iter().enumerate() {
                for t in claims_at(&s.value, &tokens) {
                    let entry = events.entry(t.clone()).or_default();
                    if let Some(&other) = entry
                        .iter()
                        .find(|&&o| catalog.schemas[o].major() == s.major())
                    {
                        let major = s
                            .major()
                            .map(|m| format!("major version {m}"))
                            .unwrap_or_else(|| "no version".to_owned());
                        problems.push(format!(
                            "{}: type \"{t}\" ({major}) is also claimed by {}; each (type, major version) must resolve to exactly one schema",
                            s.path.display(),
                            catalog.schemas[other].path.display()
                        ));
                        continue;
                    }
                    entry.push(i);
                }
            }
            for list in events.values_mut() {
                list.sort_by_key(|&i| catalog.schemas[i].major());
            }
            events
        };
        let mut rules = Vec::new();
        for rule in &spec.naming {
            // checked above
            let Ok(files) = Template::parse(&rule.files) else {
                continue;
            };
            let name = rule.name.as_deref().and_then(|n| Template::parse(n).ok());
            let mut claims = BTreeMap::new();
            for (i, s) in catalog.schemas.iter().enumerate() {
                if let Some(values) = files.match_path(&s.rel) {
                    claims.insert(values.into_iter().map(|(_, v)| v).collect(), i);
                }
            }
            rules.push(CompiledRule {
                files,
                name,
                body: rule
                    .body
                    .clone()
                    .unwrap_or_else(|| spec.envelope.body().to_owned()),
                claims,
            });
        }
        if !problems.is_empty() {
            return Err(BuildError { problems });
        }
        Ok(Router {
            spec: spec.clone(),
            events,
            rules,
        })
    }

    pub fn spec(&self) -> &RouteSpec {
        &self.spec
    }

    /// True when no schema claims any event.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.rules.iter().all(|r| r.claims.is_empty())
    }

    /// The indexes of the schemas that claim events, sorted, each once.
    pub fn schemas(&self) -> impl Iterator<Item = usize> + '_ {
        let mut all: Vec<usize> = self
            .events
            .values()
            .flatten()
            .copied()
            .chain(self.rules.iter().flat_map(|r| r.claims.values().copied()))
            .collect();
        all.sort_unstable();
        all.dedup();
        all.into_iter()
    }

    /// Every event type name the router knows, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = self.events.keys().cloned().collect();
        for r in &self.rules {
            for values in r.claims.keys() {
                out.push(r.name_for(values));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Picks the schema for an event.
    pub fn route(&self, catalog: &Catalog, event: &Value) -> Result<Route, Unroutable> {
        let key = &self.spec.type_key;
        let type_value = event.pointer(key);
        // naming rules first when the type key is absent: they route by other fields
        let by_key = match type_value {
            Some(Value::String(t)) => Some(t.clone()),
            _ => None,
        };
        if let Some(t) = &by_key {
            if self.events.contains_key(t) {
                let version = self
                    .spec
                    .version_key
                    .as_deref()
                    .and_then(|k| event.pointer(k))
                    .and_then(Value::as_str);
                return self.route_type(catalog, t, version);
            }
        }
        for rule in &self.rules {
            let mut values = Vec::new();
            for p in rule.pointers() {
                match event.pointer(p).and_then(scalar_text) {
                    Some(v) => values.push(v),
                    None => break,
                }
            }
            if values.len() < rule.pointers().len() {
                continue;
            }
            if let Some(&schema) = rule.claims.get(&values) {
                return Ok(Route {
                    schema,
                    event_type: rule.name_for(&values),
                    body: rule.body.clone(),
                });
            }
        }
        // no route: say why, in the terms of the type key (or of the naming rules)
        let field = self.spec.type_field();
        let names = self.names();
        let suggest = |t: &str| -> String {
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            match crate::lint::suggest(t, &refs) {
                Some((s, _)) if s != t => format!("; did you mean \"{s}\"?"),
                _ => String::new(),
            }
        };
        if !self.rules.is_empty() && self.events.is_empty() {
            let wanted: Vec<String> = self
                .rules
                .iter()
                .map(|r| {
                    let values: Vec<String> = r
                        .pointers()
                        .iter()
                        .map(|p| {
                            event
                                .pointer(p)
                                .and_then(scalar_text)
                                .unwrap_or_else(|| format!("<no {p}>"))
                        })
                        .collect();
                    let map: BTreeMap<&str, String> = r
                        .pointers()
                        .into_iter()
                        .zip(values.iter().cloned())
                        .collect();
                    r.files.fill(&map)
                })
                .collect();
            let first_missing = self.rules.iter().find_map(|r| {
                let all_there = r.pointers().iter().all(|p| event.pointer(p).is_some());
                (!all_there).then(|| {
                    r.pointers()
                        .into_iter()
                        .find(|p| event.pointer(p).is_none())
                        .unwrap_or("")
                        .to_owned()
                })
            });
            let name_tried = self.rules.iter().find_map(|r| {
                let values: Option<Vec<String>> = r
                    .pointers()
                    .iter()
                    .map(|p| event.pointer(p).and_then(scalar_text))
                    .collect();
                values.map(|v| r.name_for(&v))
            });
            return Err(Unroutable {
                event_type: name_tried.clone(),
                instance_path: first_missing
                    .filter(|_| name_tried.is_none())
                    .unwrap_or_default(),
                message: format!(
                    "no schema file of the catalog matches the event (looked for {}){}",
                    wanted
                        .iter()
                        .map(|w| format!("\"{w}\""))
                        .collect::<Vec<_>>()
                        .join(", "),
                    name_tried.as_deref().map(suggest).unwrap_or_default()
                ),
            });
        }
        match type_value {
            None => Err(Unroutable {
                event_type: None,
                instance_path: String::new(),
                message: format!("no \"{field}\": cannot route the event to a schema"),
            }),
            Some(Value::String(t)) => Err(Unroutable {
                event_type: Some(t.clone()),
                instance_path: key.clone(),
                message: format!(
                    "{}{}",
                    RouteError::UnknownEventType(t.clone())
                        .to_string()
                        .replacen("event_type", &field, 1),
                    suggest(t)
                ),
            }),
            Some(other) => Err(Unroutable {
                event_type: None,
                instance_path: key.clone(),
                message: format!(
                    "{field} must be a string to route the event, found {}",
                    crate::validate::engine::json_type(other)
                ),
            }),
        }
    }

    /// The schema an event whose type field reads `event_type` (and version field
    /// `version`) routes to, when it routes by that field to the whole event; `None` when
    /// [`Router::route`] would take another way or fail (the caller then asks it).
    pub fn route_by_type(
        &self,
        catalog: &Catalog,
        event_type: &str,
        version: Option<&str>,
    ) -> Option<usize> {
        if !self.events.contains_key(event_type) {
            return None;
        }
        self.route_type(catalog, event_type, version)
            .ok()
            .filter(|r| r.body.is_empty())
            .map(|r| r.schema)
    }

    fn route_type(
        &self,
        catalog: &Catalog,
        event_type: &str,
        version: Option<&str>,
    ) -> Result<Route, Unroutable> {
        let fail = |e: RouteError| {
            let path = match e {
                RouteError::UnknownEventType(_) => self.spec.type_key.clone(),
                _ => self.spec.version_key.clone().unwrap_or_default(),
            };
            let message = if self.spec.type_key == "/event_type" {
                e.to_string()
            } else {
                e.to_string()
                    .replacen("event_type", &self.spec.type_field(), 1)
            };
            Unroutable {
                event_type: Some(event_type.to_owned()),
                instance_path: path,
                message,
            }
        };
        let Some(list) = self.events.get(event_type) else {
            return Err(fail(RouteError::UnknownEventType(event_type.to_owned())));
        };
        let ok = |schema: usize| Route {
            schema,
            event_type: event_type.to_owned(),
            body: String::new(),
        };
        if list.len() == 1 {
            return Ok(ok(list[0]));
        }
        let majors: Vec<u64> = list
            .iter()
            .filter_map(|&i| catalog.schemas[i].major())
            .collect();
        let Some(version) = version else {
            return Err(fail(RouteError::NoVersion {
                event_type: event_type.to_owned(),
                majors,
            }));
        };
        let Some(major) = leading_major(version) else {
            return Err(fail(RouteError::BadVersion {
                event_type: event_type.to_owned(),
                version: version.to_owned(),
            }));
        };
        list.iter()
            .rev()
            .copied()
            .find(|&i| catalog.schemas[i].major() == Some(major))
            .map(ok)
            .ok_or_else(|| {
                fail(RouteError::NoMajor {
                    event_type: event_type.to_owned(),
                    major,
                    majors,
                })
            })
    }
}

/// A string, number or boolean as text (the value a path placeholder takes).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() && !s.contains('/') && s != "." && s != ".." => {
            Some(s.clone())
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The string values a schema allows at the instance location `tokens`: the `const` or
/// `enum` of the subschema reached through `properties` (and `allOf`/`anyOf`/`oneOf`
/// members on the way, local `$ref`s not followed), in schema order, without repeats.
pub fn claims_at(schema: &Value, tokens: &[String]) -> Vec<String> {
    fn walk(node: &Value, tokens: &[String], depth: usize, out: &mut Vec<String>) {
        if depth > 32 {
            return;
        }
        let Some(obj) = node.as_object() else {
            return;
        };
        match tokens.split_first() {
            None => {
                let mut push = |v: &Value| {
                    if let Some(s) = v.as_str() {
                        if !out.iter().any(|o| o == s) {
                            out.push(s.to_owned());
                        }
                    }
                };
                if let Some(c) = obj.get("const") {
                    push(c);
                }
                if let Some(values) = obj.get("enum").and_then(Value::as_array) {
                    values.iter().for_each(&mut push);
                }
                for k in ["allOf", "anyOf", "oneOf"] {
                    for member in obj.get(k).and_then(Value::as_array).into_iter().flatten() {
                        walk(member, tokens, depth + 1, out);
                    }
                }
            }
            Some((first, rest)) => {
                if let Some(child) = obj.get("properties").and_then(|p| p.get(first)) {
                    walk(child, rest, depth + 1, out);
                }
                for k in ["allOf", "anyOf", "oneOf"] {
                    for member in obj.get(k).and_then(Value::as_array).into_iter().flatten() {
                        walk(member, tokens, depth + 1, out);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(schema, tokens, 0, &mut out);
    out
}

/// Whether a parsed document looks like a JSON Schema rather than an event: an object with
/// a `$schema` naming a JSON Schema metaschema, or with `$id` and schema keywords at the top.
pub fn looks_like_schema(value: &Value) -> bool {
    let Some(obj) = value.as_object() else {
        return false;
    };
    let metaschema = obj.get("$schema").and_then(Value::as_str).is_some_and(|s| {
        let s = s.trim_end_matches('#');
        s.contains("json-schema.org/") || s.ends_with("/schema")
    });
    let keywords = [
        "properties",
        "definitions",
        "$defs",
        "allOf",
        "oneOf",
        "anyOf",
    ]
    .iter()
    .any(|k| obj.contains_key(*k));
    metaschema || (obj.contains_key("$id") && keywords)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog(files: Vec<(&str, Value)>) -> Catalog {
        Catalog::of_values(&files).0
    }

    #[test]
    fn templates_match_paths_and_refuse_ambiguity() {
        let t = Template::parse("{/event}/{/payload/action}.schema.json").unwrap();
        assert_eq!(
            t.match_path("issues/opened.schema.json"),
            Some(vec![
                ("/event".to_owned(), "issues".to_owned()),
                ("/payload/action".to_owned(), "opened".to_owned())
            ])
        );
        assert_eq!(t.match_path("issues/deep/opened.schema.json"), None);
        assert_eq!(t.match_path("issues/opened.json"), None);
        let message = |t: &str| Template::parse(t).unwrap_err().to_string();
        assert_eq!(
            message("{/a}{/b}.json"),
            "\"{/a}{/b}.json\": two placeholders in a row cannot be told apart; put text between them"
        );
        assert_eq!(
            message("{a}.json"),
            "\"{a}.json\": placeholder {a} is not a JSON pointer (write {/a})"
        );
        assert_eq!(message("{/a.json"), "\"{/a.json\": a '{' without its '}'");
        assert_eq!(message("a}.json"), "\"a}.json\": a '}' without its '{'");
    }

    #[test]
    fn claims_follow_properties_and_all_of() {
        let s = json!({
            "allOf": [{"$ref": "#/definitions/base"}, {"properties": {"type": {"enum": ["b", "a"]}}}],
            "properties": {"detail": {"properties": {"kind": {"const": "k"}}}, "type": {"const": "a"}}
        });
        assert_eq!(claims_at(&s, &["type".to_owned()]), vec!["a", "b"]);
        assert_eq!(
            claims_at(&s, &["detail".to_owned(), "kind".to_owned()]),
            vec!["k"]
        );
        assert!(claims_at(&s, &["nope".to_owned()]).is_empty());
    }

    #[test]
    fn routes_by_a_custom_key_with_did_you_mean() {
        let c = catalog(vec![
            (
                "a.json",
                json!({"properties": {"detail-type": {"const": "Order Created"}}}),
            ),
            (
                "b.json",
                json!({"properties": {"detail-type": {"const": "Order Shipped"}}}),
            ),
        ]);
        let r = Router::build(&c, &RouteSpec::for_envelope(Envelope::EventBridge)).unwrap();
        let route = r
            .route(&c, &json!({"detail-type": "Order Shipped", "version": "0"}))
            .unwrap();
        assert_eq!(route.schema, 1);
        let e = r
            .route(&c, &json!({"detail-type": "Order Creatd"}))
            .unwrap_err();
        assert_eq!(e.instance_path, "/detail-type");
        assert!(
            e.message.contains("did you mean \"Order Created\"?"),
            "{}",
            e.message
        );
        let e = r.route(&c, &json!({"type": "x"})).unwrap_err();
        assert_eq!(
            e.message,
            "no \"detail-type\": cannot route the event to a schema"
        );
    }

    #[test]
    fn naming_rules_route_by_several_fields_in_order() {
        let c = catalog(vec![
            ("issues/opened.schema.json", json!({"type": "object"})),
            ("issues/closed.schema.json", json!({"type": "object"})),
            ("push/event.schema.json", json!({"type": "object"})),
        ]);
        let spec = RouteSpec {
            naming: vec![
                NamingRule {
                    files: "{/event}/{/payload/action}.schema.json".into(),
                    name: None,
                    body: Some("/payload".into()),
                },
                NamingRule {
                    files: "{/event}/event.schema.json".into(),
                    name: Some("{/event}".into()),
                    body: Some("/payload".into()),
                },
            ],
            ..RouteSpec::default()
        };
        let r = Router::build(&c, &spec).unwrap();
        let route = r
            .route(
                &c,
                &json!({"event": "issues", "payload": {"action": "closed"}}),
            )
            .unwrap();
        assert_eq!(
            (route.schema, route.event_type.as_str()),
            (1, "issues.closed")
        );
        assert_eq!(route.body, "/payload");
        let route = r
            .route(&c, &json!({"event": "push", "payload": {}}))
            .unwrap();
        assert_eq!((route.schema, route.event_type.as_str()), (2, "push"));
        let e = r
            .route(
                &c,
                &json!({"event": "issues", "payload": {"action": "opend"}}),
            )
            .unwrap_err();
        assert!(
            e.message.contains("did you mean \"issues.opened\"?"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("\"issues/opend.schema.json\""),
            "{}",
            e.message
        );
        // a value with a slash never builds a path
        assert!(r
            .route(&c, &json!({"event": "../x", "payload": {"action": "y"}}))
            .is_err());
    }

    #[test]
    fn the_default_spec_keeps_the_catalog_messages() {
        let c = catalog(vec![(
            "sns_topics/a.json",
            json!({"version": "1.0.0", "properties": {"event_type": {"const": "license.created"}}}),
        )]);
        let r = Router::build(&c, &RouteSpec::default()).unwrap();
        let e = r
            .route(&c, &json!({"event_type": "license.craeted"}))
            .unwrap_err();
        assert_eq!(
            e.message,
            "unknown event_type \"license.craeted\": no schema in the catalog routes it; did you mean \"license.created\"?"
        );
        let e = r.route(&c, &json!({"event_type": "zzz"})).unwrap_err();
        assert_eq!(
            e.message,
            "unknown event_type \"zzz\": no schema in the catalog routes it"
        );
        let e = r.route(&c, &json!({})).unwrap_err();
        assert_eq!(
            e.message,
            "no \"event_type\": cannot route the event to a schema"
        );
        let e = r.route(&c, &json!({"event_type": 3})).unwrap_err();
        assert_eq!(e.instance_path, "/event_type");
    }

    #[test]
    fn schemas_are_told_from_events() {
        assert!(looks_like_schema(
            &json!({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"})
        ));
        assert!(looks_like_schema(&json!({"$id": "x", "properties": {}})));
        assert!(!looks_like_schema(
            &json!({"event_type": "a", "payload": {}})
        ));
    }
}
