//! The catalog as a document model: what each section says, independent of Markdown.
//!
//! [`build_with`] finds the sections of a [`Catalog`]: one per event type where schemas route
//! (`properties.event_type`, or the `type` of a CloudEvents-shaped envelope and the
//! `detail-type` of an EventBridge-shaped one), else one per schema file. Each section's body
//! (`payload`, `data`, `detail`, a configured pointer, or the top-level properties) is
//! flattened into field rows. A `$ref`d definition used from more than one schema file is a
//! shared type, documented once; one used from a single file is expanded where the document
//! first meets it, and later uses point back there.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::catalog::{collect_refs, Catalog, RefError};
use crate::validate::engine::json_type;

/// Nesting deeper than this is not expanded (a guard, not a limit real schemas reach).
const MAX_DEPTH: usize = 48;
/// Longest `$ref` chain followed (`a` → `b` → `c` ...).
const MAX_REF_HOPS: usize = 32;
/// Rounds of the shared-type fixpoint (a definition nested in a shared one and also used
/// elsewhere becomes shared in the next round).
const MAX_SHARED_ROUNDS: usize = 4;
/// The folder of shared definitions: its files never get a section of their own.
const COMMON: &str = crate::catalog::COMMON;

/// What `evschema.toml` says about the document (`[render]`); everything optional.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// JSON pointer of the event body among the top-level properties (`/payload`, the
    /// default, or `/data/attributes`).
    pub body: Option<String>,
    /// Channel folders, in the order the document lists them. Empty: every top-level folder
    /// that holds event types is a channel, sorted by name.
    pub channels: Vec<String>,
    /// Display names of channel folders (`sns_topics` → `SNS topics`).
    pub channel_names: BTreeMap<String, String>,
    /// Domains listed first, in this order; any other domain follows, sorted by name.
    pub domains: Vec<String>,
    /// Display names of domains (`cme` → `CME`).
    pub domain_names: BTreeMap<String, String>,
}

/// The whole document.
#[derive(Debug, Clone)]
pub struct CatalogDoc {
    pub events: Vec<EventDoc>,
    /// Runs of consecutive events that share one section (same schema, same fields: they
    /// differ only in their type name), in document order; every event is in one.
    pub sections: Vec<Vec<usize>>,
    /// Definitions used from more than one schema file, documented once.
    pub shared: Vec<SharedType>,
    /// Number of schema files that have a section.
    pub event_files: usize,
    pub options: Options,
    /// Prefix from the folder of the output to the catalog root (`../schemas/`), for links
    /// to source files; `None` when no link can be made. Set after [`build`].
    pub source_base: Option<String>,
    /// What changed since a git revision (`--changes-since`), set after [`build`].
    pub changes: Option<super::changes::Changes>,
    /// The catalog's subscribers (`subscriptions/`), set after [`build`] by
    /// [`CatalogDoc::attach_subscribers`].
    pub subscribers: Vec<SubscriberDoc>,
    /// Producers named by the schemas' top-level `x-producer` (a string or a list), with
    /// the channel of each schema: (producer, channel), sorted, unique.
    pub producers: Vec<(String, String)>,
}

/// One subscriber of the catalog, for the document.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriberDoc {
    pub name: String,
    pub owner: String,
    pub description: Option<String>,
    /// Its file, relative to the catalog root.
    pub file: String,
    pub channels: Vec<String>,
    /// How it filters, in words (`SNS filter policy on the message attributes`).
    pub filter: String,
    /// (schema index, event type) it receives, in catalog order; `true` when the analysis
    /// could not decide (it may receive it).
    pub receives: Vec<(usize, String, bool)>,
}

/// What names a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An event type the schema routes.
    EventType,
    /// A schema file with no event type: `event_type` holds its path.
    File,
}

/// One event type (or schema file) with its schema.
#[derive(Debug, Clone)]
pub struct EventDoc {
    pub kind: Kind,
    /// The event type, or for [`Kind::File`] the source file.
    pub event_type: String,
    /// The envelope property that carries the event type (`event_type`, `type`,
    /// `detail-type`), when there is one.
    pub route_key: Option<String>,
    /// Dotted path of the body (`payload`, `data`, `detail`), `None` when the fields are the
    /// top-level properties.
    pub body: Option<String>,
    /// First dotted segment of the event type, or the folder of a schema file.
    pub domain: String,
    /// Set when the event type has several major versions: the one this section is for.
    pub major: Option<u64>,
    /// Channel folder, `None` outside the channel folders.
    pub channel: Option<String>,
    /// Source file, relative to the catalog root.
    pub source: String,
    /// Index of the source file in the catalog's `schemas`.
    pub schema: usize,
    /// The schema's top-level `version` keyword, as written, and its line in the file.
    pub version: Option<String>,
    pub version_line: Option<usize>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// `deprecated: true` at the top level.
    pub deprecated: bool,
    /// `x-sunset` at the top level (a date, as written).
    pub sunset: Option<String>,
    /// Top-level properties other than the body, in schema order.
    pub envelope: Vec<FieldRow>,
    /// The body and everything under it (or every top-level property), in schema order.
    pub fields: Vec<FieldRow>,
    pub conditions: Vec<Condition>,
    /// The schema example for this event type (pretty JSON), or the first one.
    pub example: Option<String>,
}

/// A definition used from more than one schema file.
#[derive(Debug, Clone)]
pub struct SharedType {
    /// Unique display name: the definition's name, with its file when two share a name.
    pub name: String,
    /// File and JSON pointer of the definition, and the line it starts on.
    pub source: String,
    pub pointer: String,
    pub line: usize,
    pub description: Option<String>,
    /// Its rows, paths starting with `name`.
    pub fields: Vec<FieldRow>,
    pub conditions: Vec<Condition>,
    /// Events whose tables link here, in document order.
    pub used_by: Vec<usize>,
}

/// One row of a field table.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// Dotted path (`payload.address.state`, `payload.items[]`, `payload.target[oneOf 1]`).
    pub path: String,
    /// JSON types (`string`, `nullable string`), with `format` in parentheses.
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

/// Where a definition is expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Event(usize),
    Shared(usize),
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
    /// `deprecated: true` on the field.
    Deprecated,
    /// `oneOf`/`anyOf`: the paths of the variant rows that follow.
    Variants {
        keyword: &'static str,
        paths: Vec<String>,
    },
    /// A definition expanded elsewhere: its name and where it is expanded.
    SeeDefinition {
        name: String,
        place: Place,
        path: String,
    },
    /// A shared type (index into [`CatalogDoc::shared`]).
    Shared(usize),
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

/// Sort key of a domain with no configured order: by name.
pub fn domain_rank(domain: &str) -> (usize, &str) {
    (0, domain)
}

/// Sort key of a domain: the configured ones first in their order, then the rest by name.
pub fn domain_rank_in<'d>(options: &Options, domain: &'d str) -> (usize, &'d str) {
    match options.domains.iter().position(|d| d == domain) {
        Some(i) => (i, ""),
        None => (options.domains.len(), domain),
    }
}

/// The first dotted segment of an event type (the first word of one without dots, such as
/// an EventBridge `detail-type`).
pub fn domain_of(event_type: &str) -> &str {
    let first = event_type.split('.').next().unwrap_or(event_type);
    if first == event_type {
        event_type.split(' ').next().unwrap_or(event_type)
    } else {
        first
    }
}

impl CatalogDoc {
    /// Sets what changed since a revision (`--changes-since`), its removed event types in
    /// document order: domain, then event type, then major.
    pub fn attach_changes(&mut self, mut changes: super::changes::Changes) {
        changes.removed.sort_by(|a, b| {
            (
                domain_rank(domain_of(&a.event_type)),
                &a.event_type,
                a.major,
            )
                .cmp(&(
                    domain_rank(domain_of(&b.event_type)),
                    &b.event_type,
                    b.major,
                ))
        });
        self.changes = Some(changes);
    }
}

impl CatalogDoc {
    /// Adds the subscribers and what each receives (the analysis of
    /// [`crate::subscriptions::analysis`]), and the producers the schemas name.
    pub fn attach_subscribers(
        &mut self,
        catalog: &Catalog,
        subs: &[crate::subscriptions::Subscription],
        spec: &crate::subscriptions::matcher::EnvelopeSpec,
    ) {
        use crate::subscriptions::analysis::{analyse_cached, Cache, Verdict};
        use crate::subscriptions::{Filter, SnsScope};
        let cache = Cache::default();
        let mut docs = Vec::new();
        for sub in subs {
            let a = analyse_cached(catalog, sub, spec, &cache);
            let receives = a
                .receptions
                .iter()
                .filter(|r| !matches!(r.verdict, Verdict::Never(_)))
                .map(|r| {
                    (
                        r.schema,
                        r.event_type.clone(),
                        matches!(r.verdict, Verdict::Undecided(_)),
                    )
                })
                .collect();
            let filter = match &sub.filter {
                Filter::All => "every event of its channels".to_owned(),
                Filter::Sns {
                    scope: SnsScope::MessageAttributes,
                    ..
                } => "SNS filter policy on the message attributes".to_owned(),
                Filter::Sns { .. } => "SNS filter policy on the message body".to_owned(),
                Filter::EventBridge { .. } => "EventBridge rule".to_owned(),
            };
            docs.push(SubscriberDoc {
                name: sub.name.clone(),
                owner: sub.owner.clone(),
                description: sub.description.clone(),
                file: sub.rel.clone(),
                channels: sub.channels.clone(),
                filter,
                receives,
            });
        }
        docs.sort_by(|a, b| a.name.cmp(&b.name));
        self.subscribers = docs;
        let mut producers = std::collections::BTreeSet::new();
        for s in &catalog.schemas {
            let Some(channel) = &s.channel else { continue };
            let names: Vec<&str> = match s.value.get("x-producer") {
                Some(Value::String(p)) => vec![p.as_str()],
                Some(Value::Array(ps)) => ps.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            for p in names {
                producers.insert((p.to_owned(), channel.clone()));
            }
        }
        self.producers = producers.into_iter().collect();
    }

    /// The subscribers of event `i` of the document: (name, undecided), sorted.
    pub fn subscribers_of(&self, i: usize) -> Vec<(&str, bool)> {
        let e = &self.events[i];
        let mut out: Vec<(&str, bool)> = self
            .subscribers
            .iter()
            .filter_map(|s| {
                s.receives
                    .iter()
                    .find(|(si, t, _)| *si == e.schema && *t == e.event_type)
                    .map(|(_, _, u)| (s.name.as_str(), *u))
            })
            .collect();
        out.sort();
        out
    }
}

/// Builds the document model of `catalog` with no configuration.
pub fn build(catalog: &Catalog) -> Result<CatalogDoc, RenderError> {
    build_with(catalog, &Options::default())
}

/// Envelope presets: a route key and the body property that goes with it.
const PRESETS: [(&str, &str); 2] = [("type", "data"), ("detail-type", "detail")];

/// The route key and body pointer tokens of a schema's envelope.
fn envelope_shape(value: &Value, options: &Options) -> (Option<String>, Option<Vec<String>>) {
    let props = value.get("properties").and_then(Value::as_object);
    let has = |k: &str| props.is_some_and(|p| p.contains_key(k));
    let configured = options
        .body
        .as_deref()
        .map(crate::pointer::parse)
        .filter(|t| t.first().is_some_and(|f| has(f)));
    if has("event_type") {
        let body = configured.or_else(|| has("payload").then(|| vec!["payload".to_owned()]));
        return (Some("event_type".to_owned()), body);
    }
    for (key, body) in PRESETS {
        if has(key) && has(body) {
            return (
                Some(key.to_owned()),
                configured.or_else(|| Some(vec![body.to_owned()])),
            );
        }
    }
    let body = configured.or_else(|| has("payload").then(|| vec!["payload".to_owned()]));
    (None, body)
}

/// String values of `properties.<key>`'s `const` or `enum`.
fn route_values(value: &Value, key: &str) -> Vec<String> {
    let Some(p) = value.get("properties").and_then(|p| p.get(key)) else {
        return Vec::new();
    };
    if let Some(c) = p.get("const").and_then(Value::as_str) {
        return vec![c.to_owned()];
    }
    let mut out: Vec<String> = Vec::new();
    for v in p
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_owned());
        }
    }
    out
}

/// Whether a schema describes something (an object, a combination) rather than only holding
/// definitions.
fn describes_something(value: &Value) -> bool {
    [
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "type",
        "$ref",
        "items",
    ]
    .iter()
    .any(|k| value.get(k).is_some())
}

/// A section to build: (name, kind, schema index, major).
type Pending = (String, Kind, usize, Option<u64>);

/// The sections of the catalog: event types first where schemas route them, then schema
/// files that route none (not in `common/`, describing something, not `$ref`d whole by
/// another file).
fn pending_sections(catalog: &Catalog, options: &Options) -> Vec<Pending> {
    let mut out: Vec<Pending> = Vec::new();
    let mut routed: HashSet<usize> = HashSet::new();
    for (event_type, list) in &catalog.events {
        for &i in list {
            let major = (list.len() > 1)
                .then(|| catalog.schemas[i].major())
                .flatten();
            out.push((event_type.clone(), Kind::EventType, i, major));
            routed.insert(i);
        }
    }
    // Envelope presets the catalog does not route (CloudEvents `type`, EventBridge
    // `detail-type`).
    let mut by_type: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in catalog.schemas.iter().enumerate() {
        if routed.contains(&i) {
            continue;
        }
        if let (Some(key), _) = envelope_shape(&s.value, options) {
            for t in route_values(&s.value, &key) {
                by_type.entry(t).or_default().push(i);
            }
        }
    }
    for (t, list) in by_type {
        for &i in &list {
            let major = (list.len() > 1)
                .then(|| catalog.schemas[i].major())
                .flatten();
            out.push((t.clone(), Kind::EventType, i, major));
            routed.insert(i);
        }
    }
    let mut whole: HashSet<usize> = HashSet::new();
    for (i, s) in catalog.schemas.iter().enumerate() {
        let mut found = Vec::new();
        collect_refs(&s.value, &mut String::new(), &mut found);
        for (site, reference) in found {
            if let Ok((target, pointer)) = catalog.resolve_ref_at(i, &site, reference) {
                if pointer.is_empty() && target != i {
                    whole.insert(target);
                }
            }
        }
    }
    for (i, s) in catalog.schemas.iter().enumerate() {
        let in_common = s.rel.split('/').next() == Some(COMMON) && s.rel.contains('/');
        if routed.contains(&i) || in_common || whole.contains(&i) {
            continue;
        }
        if describes_something(&s.value) {
            out.push((s.rel.clone(), Kind::File, i, None));
        }
    }
    out
}

/// The channel folder of a file, per the options (default: its top-level folder, when it is
/// not `common/` and the file routes event types).
fn channel_of(rel: &str, kind: Kind, options: &Options) -> Option<String> {
    let (first, _) = rel.split_once('/')?;
    if options.channels.is_empty() {
        (kind == Kind::EventType && first != COMMON).then(|| first.to_owned())
    } else {
        options
            .channels
            .iter()
            .any(|c| c == first)
            .then(|| first.to_owned())
    }
}

/// How many leading dotted segments every event type shares (`com.example.` of
/// reverse-DNS CloudEvents types): skipped when taking the domain. Needs two event types,
/// and leaves each at least two segments.
fn shared_prefix(pending: &[Pending]) -> usize {
    let names: Vec<Vec<&str>> = pending
        .iter()
        .filter(|p| p.1 == Kind::EventType)
        .map(|p| p.0.split('.').collect())
        .collect();
    let Some(first) = names.first() else {
        return 0;
    };
    if names.iter().all(|n| n == first) {
        return 0;
    }
    let shortest = names.iter().map(Vec::len).min().unwrap_or(0);
    let mut k = 0;
    while k + 3 <= shortest && names.iter().all(|n| n[k] == first[k]) {
        k += 1;
    }
    k
}

/// The domain of a section: the first segment of its event type (after the prefix all
/// share); for a file, its folder
/// below the channel (or its top folder), empty at the top level.
fn domain_for(name: &str, kind: Kind, channel: Option<&str>, skip: usize) -> String {
    match kind {
        Kind::EventType => match skip {
            0 => domain_of(name),
            k => name.split('.').nth(k).unwrap_or(name),
        }
        .to_owned(),
        Kind::File => {
            let mut parts: Vec<&str> = name.split('/').collect();
            parts.pop();
            if channel.is_some() && !parts.is_empty() {
                parts.remove(0);
            }
            parts.first().map(|s| (*s).to_owned()).unwrap_or_default()
        }
    }
}

/// Builds the document model of `catalog`.
pub fn build_with(catalog: &Catalog, options: &Options) -> Result<CatalogDoc, RenderError> {
    let mut pending = pending_sections(catalog, options);
    let skip = shared_prefix(&pending);
    let key = |p: &Pending| {
        let channel = channel_of(&catalog.schemas[p.2].rel, p.1, options);
        domain_for(&p.0, p.1, channel.as_deref(), skip)
    };
    let mut keyed: Vec<(String, Pending)> = pending.drain(..).map(|p| (key(&p), p)).collect();
    keyed.sort_by(|a, b| {
        (
            domain_rank_in(options, &a.0),
            a.1 .1 == Kind::File,
            &a.1 .0,
            a.1 .3,
            a.1 .2,
        )
            .cmp(&(
                domain_rank_in(options, &b.0),
                b.1 .1 == Kind::File,
                &b.1 .0,
                b.1 .3,
                b.1 .2,
            ))
    });
    let pending: Vec<Pending> = keyed.into_iter().map(|(_, p)| p).collect();

    // Shared types: definitions reached from more than one place (schema file or shared
    // type), found by rebuilding until the set stops growing.
    let mut shared: Vec<DefKey> = Vec::new();
    let mut round = 0;
    let (events, shared_docs) = loop {
        round += 1;
        let mut pass = Pass {
            catalog,
            options,
            shared: &shared,
            skip,
            defs: HashMap::new(),
            uses: HashMap::new(),
            used_by: vec![BTreeSet::new(); shared.len()],
        };
        let mut events = Vec::with_capacity(pending.len());
        for (n, (name, kind, index, major)) in pending.iter().enumerate() {
            let mut walker = pass.walker(Place::Event(n), *index);
            events.push(walker.event(name, *kind, *index, *major)?);
        }
        let mut shared_docs = Vec::with_capacity(shared.len());
        for (i, key) in shared.iter().enumerate() {
            let name = def_name(&key.1, &catalog.schemas[key.0].rel);
            let mut walker = pass.walker(Place::Shared(i), key.0);
            shared_docs.push(walker.shared(&name, key)?);
        }
        let mut grown: Vec<DefKey> = pass
            .uses
            .iter()
            .filter(|(k, places)| places.len() > 1 || shared.contains(k))
            .map(|(k, _)| k.clone())
            .collect();
        for k in &shared {
            if !grown.contains(k) {
                grown.push(k.clone());
            }
        }
        grown.sort_by(|a, b| {
            let na = def_name(&a.1, &catalog.schemas[a.0].rel);
            let nb = def_name(&b.1, &catalog.schemas[b.0].rel);
            (na, &catalog.schemas[a.0].rel, &a.1).cmp(&(nb, &catalog.schemas[b.0].rel, &b.1))
        });
        if grown == shared || round >= MAX_SHARED_ROUNDS {
            for (doc, users) in shared_docs.iter_mut().zip(pass.used_by) {
                doc.used_by = users.into_iter().collect();
            }
            break (events, shared_docs);
        }
        shared = grown;
    };
    let mut shared_docs = shared_docs;
    // Two definitions with one name: each shows its file.
    let mut count: HashMap<String, usize> = HashMap::new();
    for s in &shared_docs {
        *count.entry(s.name.clone()).or_default() += 1;
    }
    for s in &mut shared_docs {
        if count.get(&s.name).copied().unwrap_or(0) > 1 {
            s.name = format!("{} ({})", s.name, s.source);
        }
    }
    let sections = group_sections(&events);
    let files: BTreeSet<usize> = events.iter().map(|e| e.schema).collect();
    Ok(CatalogDoc {
        events,
        sections,
        shared: shared_docs,
        event_files: files.len(),
        options: options.clone(),
        source_base: None,
        changes: None,
        subscribers: Vec::new(),
        producers: Vec::new(),
    })
}

/// Consecutive events of one schema file whose sections would say the same but for their
/// type name.
fn group_sections(events: &[EventDoc]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if let Some(last) = out.last_mut() {
            let first = &events[last[0]];
            if same_section(first, e) {
                last.push(i);
                continue;
            }
        }
        out.push(vec![i]);
    }
    out
}

fn same_section(a: &EventDoc, b: &EventDoc) -> bool {
    let envelope = |e: &EventDoc| -> Vec<FieldRow> {
        e.envelope
            .iter()
            .filter(|r| Some(&r.path) != e.route_key.as_ref())
            .cloned()
            .collect()
    };
    a.kind == Kind::EventType
        && b.kind == Kind::EventType
        && a.schema == b.schema
        && a.major == b.major
        && a.domain == b.domain
        && a.fields == b.fields
        && a.conditions == b.conditions
        && envelope(a) == envelope(b)
}

/// A definition: (schema index, JSON pointer).
type DefKey = (usize, String);

/// State of one build pass over every section.
struct Pass<'a, 'o> {
    catalog: &'a Catalog,
    options: &'o Options,
    /// The shared definitions of this pass, in document order.
    shared: &'o [DefKey],
    /// Leading event-type segments every type shares (see [`shared_prefix`]).
    skip: usize,
    /// Definitions expanded so far: where.
    defs: HashMap<DefKey, (Place, String)>,
    /// Places (schema files, shared types) each definition is reached from.
    uses: HashMap<DefKey, BTreeSet<(u8, usize)>>,
    /// Events linking to each shared type.
    used_by: Vec<BTreeSet<usize>>,
}

impl<'a, 'o> Pass<'a, 'o> {
    fn walker<'p>(&'p mut self, place: Place, file: usize) -> Walker<'a, 'p, 'o> {
        Walker {
            pass: self,
            place,
            file,
            rows: Vec::new(),
            conditions: Vec::new(),
            conditional: Vec::new(),
            stack: Vec::new(),
        }
    }
}

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
            pointer.push_str(&crate::pointer::escape(k));
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

struct Walker<'a, 'p, 'o> {
    pass: &'p mut Pass<'a, 'o>,
    place: Place,
    /// The schema file of the section (the place a definition is counted from).
    file: usize,
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

impl<'a> Walker<'a, '_, '_> {
    fn event(
        &mut self,
        name: &str,
        kind: Kind,
        index: usize,
        major: Option<u64>,
    ) -> Result<EventDoc, RenderError> {
        let catalog = self.pass.catalog;
        let schema = &catalog.schemas[index];
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
        let (route_key, body_tokens) = envelope_shape(&schema.value, self.pass.options);
        let route_key = route_key.filter(|_| kind == Kind::EventType);
        let body_first = body_tokens.as_ref().and_then(|t| t.first()).cloned();
        let mut envelope = Vec::new();
        let mut body = None;
        let top_required = required_of(&schema.value)
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        if body_first.is_some() {
            if let Some(props) = schema.value.get("properties").and_then(Value::as_object) {
                for (prop, value) in props {
                    let node = root.child(&["properties", prop], value);
                    let req = top_required.iter().any(|r| r == prop);
                    if Some(prop) == body_first.as_ref() {
                        body = Some((node, req));
                        continue;
                    }
                    let (target, _) = self.resolve(&node)?;
                    let mut row = self.row(prop, &node, &target, req);
                    if Some(prop) == route_key.as_ref() {
                        row.constraints
                            .retain(|c| !matches!(c, Constraint::Enum(_) | Constraint::Const(_)));
                        row.constraints
                            .insert(0, Constraint::Const(Value::String(name.to_owned())));
                    }
                    envelope.push(row);
                }
            }
        }
        // Conditions stated on the event object itself, before the body rows so that a
        // body field they require is marked conditional.
        let mut root_parts = Vec::new();
        self.parts(&root, &mut root_parts, 0)?;
        if body_first.is_some() {
            for part in &root_parts {
                let found = self.conditions_of("", part)?;
                self.conditional.extend(found);
            }
        }
        let mut body_path = None;
        if let (Some((mut node, mut required)), Some(tokens)) = (body, body_tokens) {
            let mut path = tokens[0].clone();
            // A deeper pointer (`/data/attributes`): follow the properties down.
            for t in &tokens[1..] {
                let (target, _) = self.resolve(&node)?;
                let Some(child) = target.value.get("properties").and_then(|p| p.get(t)) else {
                    break;
                };
                required = required_of(target.value).contains(&t.as_str());
                node = target.child(&["properties", t], child);
                path = join(&path, t);
            }
            let req = if required {
                Required::Yes
            } else {
                Required::No
            };
            self.field(&path, &node, req, 0)?;
            body_path = Some(path);
        } else {
            // No body: every top-level property is a field.
            self.children("", &root, 0)?;
        }
        let example = schema
            .value
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|all| {
                all.iter()
                    .find(|e| {
                        route_key
                            .as_deref()
                            .and_then(|k| e.get(k))
                            .and_then(Value::as_str)
                            == Some(name)
                    })
                    .or_else(|| all.first())
            })
            .and_then(|e| serde_json::to_string_pretty(e).ok());
        let channel = channel_of(&schema.rel, kind, self.pass.options);
        let version_line = schema
            .value
            .get("version")
            .map(|_| schema.spans.locate("/version").line);
        Ok(EventDoc {
            kind,
            event_type: name.to_owned(),
            route_key,
            body: body_path,
            domain: domain_for(name, kind, channel.as_deref(), self.pass.skip),
            major,
            channel,
            source: schema.rel.clone(),
            schema: index,
            version: text("version"),
            version_line,
            title: text("title"),
            description: text("description"),
            deprecated: schema.value.get("deprecated") == Some(&Value::Bool(true)),
            sunset: schema.value.get("x-sunset").map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            envelope,
            fields: std::mem::take(&mut self.rows),
            conditions: std::mem::take(&mut self.conditions),
            example,
        })
    }

    /// The table of a shared definition, its rows under `name`.
    fn shared(&mut self, name: &str, key: &DefKey) -> Result<SharedType, RenderError> {
        let catalog = self.pass.catalog;
        let schema = &catalog.schemas[key.0];
        let value = schema.value.pointer(&key.1).unwrap_or(&Value::Null);
        let node = Node {
            file: key.0,
            pointer: key.1.clone(),
            value,
        };
        let (target, _) = self.resolve(&node)?;
        let row = self.row(name, &node, &target, false);
        let description = row.description.clone();
        let mut row = row;
        row.required = Required::NotApplicable;
        self.stack.push((key.clone(), name.to_owned()));
        self.expand(name, row, &target, 0)?;
        self.stack.pop();
        let mut fields = std::mem::take(&mut self.rows);
        // The description stands above the table: its first row need not repeat it.
        if let Some(first) = fields.first_mut() {
            if first.description == description {
                first.description = None;
            }
        }
        Ok(SharedType {
            name: name.to_owned(),
            source: schema.rel.clone(),
            pointer: key.1.clone(),
            line: schema.spans.locate(&key.1).line,
            description,
            fields,
            conditions: std::mem::take(&mut self.conditions),
            used_by: Vec::new(),
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
            let outside = self
                .pass
                .catalog
                .resolve_at(
                    crate::refs::DocId::Catalog(current.file),
                    &at.pointer,
                    reference,
                )
                .is_ok_and(|t| !matches!(t.doc, crate::refs::DocId::Catalog(_)));
            if outside {
                // a metaschema or a mapped file: shown as the ref it is, not expanded
                return Ok((current, first));
            }
            let (file, pointer) = self
                .pass
                .catalog
                .resolve_ref_at(current.file, &at.pointer, reference)
                .map_err(|e| self.error(&at, e.to_string()))?;
            let Some(value) = self.pass.catalog.schemas[file].value.pointer(&pointer) else {
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
        let schema = &self.pass.catalog.schemas[node.file];
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
        // `oneOf`/`anyOf` of one schema and `null`: that schema, nullable, at this path.
        if let Some(inner) = nullable_inner(&target) {
            let at = self.rows.len();
            self.field(path, &inner, required, depth + 1)?;
            let own = self.row(path, site, &target, false);
            if let Some(row) = self.rows.get_mut(at) {
                row.types = format!("nullable {}", row.types);
                if own.description.is_some() {
                    row.description = own.description;
                }
            }
            return Ok(());
        }
        let mut row = self.row(path, site, &target, required == Required::Yes);
        row.required = required;
        if let Some(key) = key {
            let place = match self.place {
                Place::Event(_) => (0, self.file),
                Place::Shared(i) => (1, i),
            };
            self.pass.uses.entry(key.clone()).or_default().insert(place);
            // A definition already expanded is linked, not repeated: its own constraints are
            // shown where it is expanded.
            if let Some((_, at)) = self.stack.iter().find(|(k, _)| *k == key) {
                row.constraints = vec![Constraint::Recursive { path: at.clone() }];
                self.rows.push(row);
                return Ok(());
            }
            if let Some(i) = self.pass.shared.iter().position(|k| *k == key) {
                if let Place::Event(n) = self.place {
                    if let Some(users) = self.pass.used_by.get_mut(i) {
                        users.insert(n);
                    }
                }
                row.constraints
                    .retain(|c| matches!(c, Constraint::Default(_)));
                row.constraints.insert(0, Constraint::Shared(i));
                self.rows.push(row);
                return Ok(());
            }
            if let Some((place, at)) = self.pass.defs.get(&key) {
                row.constraints = vec![Constraint::SeeDefinition {
                    name: def_name(&key.1, &self.pass.catalog.schemas[key.0].rel),
                    place: *place,
                    path: at.clone(),
                }];
                self.rows.push(row);
                return Ok(());
            }
            self.pass
                .defs
                .insert(key.clone(), (self.place, path.to_owned()));
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
        for part in &parts {
            for keyword in ["oneOf", "anyOf"] {
                if let Some(list) = part.value.get(keyword).and_then(Value::as_array) {
                    let paths = (0..list.len())
                        .filter(|i| !is_null_schema(&list[*i]))
                        .map(|i| format!("{path}[{keyword} {}]", i + 1))
                        .collect();
                    row.constraints
                        .push(Constraint::Variants { keyword, paths });
                }
            }
        }
        self.rows.push(row);
        self.children(path, node, depth)
    }

    /// The rows under the object at `path` (its properties, those of its `allOf` parts,
    /// items, additional properties, variants), without its own row.
    fn children(&mut self, path: &str, node: &Node<'a>, depth: usize) -> Result<(), RenderError> {
        if depth >= MAX_DEPTH {
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
                for (i, v) in list.iter().enumerate() {
                    if is_null_schema(v) {
                        continue;
                    }
                    let p = format!("{path}[{keyword} {}]", i + 1);
                    variant_rows.push((p, part.child(&[keyword, &i.to_string()], v)));
                }
            }
        }

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

/// A readable name for a definition: the last token of its pointer, or for a whole file its
/// name without `.json` and `.schema` (`common/user.schema.json` → `user`).
fn def_name(pointer: &str, rel: &str) -> String {
    match pointer.rsplit('/').next().filter(|t| !t.is_empty()) {
        Some(t) => crate::pointer::unescape(t),
        None => {
            let file = rel.rsplit('/').next().unwrap_or(rel);
            let stem = file.strip_suffix(".json").unwrap_or(file);
            let stem = stem.strip_suffix(".schema").unwrap_or(stem);
            if stem.is_empty() { file } else { stem }.to_owned()
        }
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
        } else {
            // Variants that all state one type: that type.
            for keyword in ["oneOf", "anyOf"] {
                let Some(list) = obj.get(keyword).and_then(Value::as_array) else {
                    continue;
                };
                let each: Vec<String> = list.iter().map(types_of).collect();
                if each
                    .first()
                    .is_some_and(|f| f != "any" && each.iter().all(|t| t == f))
                {
                    types.push(each[0].clone());
                }
            }
        }
    }
    let nullable = types.len() > 1 && types.iter().any(|t| t == "null");
    if nullable {
        types.retain(|t| t != "null");
    }
    let mut out = if types.is_empty() {
        "any".to_owned()
    } else {
        types.join(" or ")
    };
    if nullable {
        out = format!("nullable {out}");
    }
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
    if obj.get("deprecated") == Some(&Value::Bool(true)) {
        out.push(Constraint::Deprecated);
    }
    out
}

/// `{"type": "null"}`, `{"const": null}` or `{"enum": [null]}`.
fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("const") == Some(&Value::Null)
        || v.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e == &[Value::Null])
}

/// The one non-null branch of a schema that is only a `oneOf`/`anyOf` of it and `null`
/// (annotations beside it allowed).
fn nullable_inner<'a>(node: &Node<'a>) -> Option<Node<'a>> {
    let obj = node.obj()?;
    let structural = [
        "properties",
        "items",
        "allOf",
        "type",
        "enum",
        "const",
        "$ref",
    ];
    if structural.iter().any(|k| obj.contains_key(*k)) {
        return None;
    }
    let mut found = None;
    for keyword in ["oneOf", "anyOf"] {
        let Some(list) = obj.get(keyword).and_then(Value::as_array) else {
            continue;
        };
        if found.is_some() {
            return None;
        }
        let mut inner = None;
        let mut nulls = 0;
        for (i, v) in list.iter().enumerate() {
            if is_null_schema(v) {
                nulls += 1;
            } else if inner.is_some() {
                return None;
            } else {
                inner = Some(node.child(&[keyword, &i.to_string()], v));
            }
        }
        if nulls == 0 {
            return None;
        }
        found = Some(inner?);
    }
    found
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
    use serde_json::json;

    fn catalog(files: &[(&str, Value)]) -> Catalog {
        let (c, problems) = Catalog::of_values(files);
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
    fn a_definition_used_twice_in_one_file_is_expanded_once_then_pointed_back_to() {
        let c = catalog(&[(
            "sns_topics/x.json",
            json!({
                "definitions": {"a": {"type": "object", "properties": {"b": {"type": "string"}}}},
                "properties": {"event_type": {"const": "x.happened"}, "payload": {"properties": {
                    "one": {"$ref": "#/definitions/a"}, "two": {"$ref": "#/definitions/a"}
                }}}
            }),
        )]);
        let doc = build(&c).unwrap();
        assert!(doc.shared.is_empty());
        let rows = &doc.events[0].fields;
        assert!(rows.iter().any(|r| r.path == "payload.one.b"));
        let two = rows.iter().find(|r| r.path == "payload.two").unwrap();
        assert_eq!(
            two.constraints,
            [Constraint::SeeDefinition {
                name: "a".to_owned(),
                place: Place::Event(0),
                path: "payload.one".to_owned()
            }]
        );
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
    fn configured_domains_first_then_by_name() {
        let options = Options {
            domains: vec!["beta".to_owned(), "gamma".to_owned()],
            ..Options::default()
        };
        let mut d = vec!["zeta", "gamma", "alpha", "beta"];
        d.sort_by_key(|d| domain_rank_in(&options, d));
        assert_eq!(d, ["beta", "gamma", "alpha", "zeta"]);
    }
}
