//! `export asyncapi`: the catalog as one AsyncAPI 3.0 document.
//!
//! - `info` from the settings (evschema.toml `[export]`).
//! - One channel per (channel folder, domain) of render's model, address = the domain (the
//!   topic or queue name), with the `sns` (0.1.0) or `sqs` (0.2.0) channel binding; webhook
//!   channels get an `http` (0.3.0) `POST` operation binding.
//! - One `send` operation per channel: the catalog's producers publish every message on it.
//! - One message per event type (per major): `payload` is a Multi Format Schema Object with
//!   the schema's own draft as `schemaFormat`, its schema the catalog file with each `$ref`
//!   rewritten to point into this document; `event_type` and `version` as headers (the SNS /
//!   SQS message attributes), `event_id` as the correlation id, and the examples that the
//!   schema accepts.
//! - Files reached through a `$ref` (shared definitions) under `components.schemas`, one
//!   entry per file, each a Multi Format Schema Object of its own draft.
//!
//! - `x-evschema-source` on each message: the catalog file it comes from.
//!
//! Lossless: each payload is rebuilt from the document (refs pointed back, components
//! embedded as the bundle embeds them) and compared with the catalog's bundle.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{examples_for, items, lossless, refusal, Error, Example, Item};
use crate::catalog::{bundle_key, Catalog};
use crate::render::model::CatalogDoc;

/// The document's `info`.
#[derive(Debug, Clone, Default)]
pub struct Info {
    pub title: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
}

/// Channel binding versions used (the ones the AsyncAPI 3.0 schema accepts).
pub const SNS_BINDING: &str = "0.1.0";
pub const SQS_BINDING: &str = "0.2.0";
pub const HTTP_BINDING: &str = "0.3.0";

/// The `schemaFormat` for a schema's draft.
pub fn schema_format(schema: &Value) -> String {
    let s = schema.get("$schema").and_then(Value::as_str).unwrap_or("");
    let version = if s.contains("draft-04") {
        "draft-04"
    } else if s.contains("draft-06") {
        "draft-06"
    } else if s.contains("2019-09") {
        "2019-09"
    } else if s.contains("2020-12") {
        "2020-12"
    } else {
        "draft-07"
    };
    format!("application/schema+json;version={version}")
}

/// A key AsyncAPI accepts for a component or channel (`^[\w\d\.\-_]+$`).
pub fn key(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The component key of a shared file: `common/definitions.json` → `common.definitions`.
pub fn component_key(rel: &str) -> String {
    key(&rel.strip_suffix(".json").unwrap_or(rel).replace('/', "."))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Transport {
    Sns,
    Sqs,
    Http,
    Other,
}

fn transport(channel: &str) -> Transport {
    let c = channel.to_ascii_lowercase();
    if c.starts_with("sns") {
        Transport::Sns
    } else if c.starts_with("sqs") {
        Transport::Sqs
    } else if c.starts_with("webhook") || c.starts_with("http") {
        Transport::Http
    } else {
        Transport::Other
    }
}

/// Splits a bundled ref `#/definitions/evschema:REL/rest` into (REL, rest).
fn shared_target(r: &str) -> Option<(String, String)> {
    let p = r.strip_prefix("#/definitions/")?;
    let (tok, rest) = match p.find('/') {
        Some(i) => (&p[..i], &p[i..]),
        None => (p, ""),
    };
    let rel = crate::pointer::unescape(tok)
        .strip_prefix("evschema:")?
        .to_owned();
    Some((rel, rest.to_owned()))
}

/// Points the refs of a bundled schema into the document: shared files to their component,
/// anything else local to `local` (the schema's own place in the document).
fn point_into_document(v: &mut Value, local: &str) {
    super::rewrite_refs(v, &mut |r| {
        if let Some((rel, rest)) = shared_target(r) {
            return Some(format!(
                "#/components/schemas/{}/schema{rest}",
                crate::pointer::escape(&component_key(&rel))
            ));
        }
        r.strip_prefix('#').map(|rest| format!("#{local}{rest}"))
    });
}

/// The reverse of [`point_into_document`], for the lossless check.
fn point_back(v: &mut Value, local: &str, rel_of: &BTreeMap<String, String>) {
    super::rewrite_refs(v, &mut |r| {
        if let Some(rest) = r.strip_prefix("#/components/schemas/") {
            let (tok, rest) = match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, ""),
            };
            let rel = rel_of.get(&crate::pointer::unescape(tok))?;
            let rest = rest.strip_prefix("/schema").unwrap_or(rest);
            return Some(format!(
                "#/definitions/{}{rest}",
                crate::pointer::escape(&bundle_key(rel))
            ));
        }
        r.strip_prefix(&format!("#{local}"))
            .map(|rest| format!("#{rest}"))
    });
}

/// Builds the document.
pub fn export(
    catalog: &Catalog,
    doc: &CatalogDoc,
    info: &Info,
    samples: &[Example],
) -> Result<Value, Error> {
    let items = items(doc);
    let mut components: Map<String, Value> = Map::new();
    let mut rel_of: BTreeMap<String, String> = BTreeMap::new();
    let mut messages: Map<String, Value> = Map::new();
    // channel id → (channel folder, domain, message keys)
    let mut channels: Vec<(String, Option<String>, String, Vec<String>)> = Vec::new();
    let mut refused = Vec::new();
    for it in &items {
        let bundle = catalog.bundle(it.schema)?;
        let msg = key(&it.name);
        let local = format!(
            "/components/messages/{}/payload/schema",
            crate::pointer::escape(&msg)
        );
        let mut payload = bundle.clone();
        let mut shared_here: Vec<String> = Vec::new();
        if let Some(Value::Object(defs)) = payload.get_mut("definitions") {
            let moved: Vec<String> = defs
                .keys()
                .filter(|k| k.starts_with("evschema:"))
                .cloned()
                .collect();
            for k in moved {
                let Some(mut def) = defs.shift_remove(&k) else {
                    continue;
                };
                let rel = k["evschema:".len()..].to_owned();
                let ck = component_key(&rel);
                point_into_document(&mut def, &local);
                let format = catalog
                    .get(&rel)
                    .map(|s| schema_format(&s.value))
                    .unwrap_or_else(|| schema_format(&bundle));
                components
                    .entry(ck.clone())
                    .or_insert_with(|| json!({"schemaFormat": format, "schema": def}));
                rel_of.insert(ck.clone(), rel);
                shared_here.push(ck);
            }
            if defs.is_empty()
                && catalog.schemas[it.schema]
                    .value
                    .get("definitions")
                    .is_none()
            {
                if let Value::Object(m) = &mut payload {
                    m.shift_remove("definitions");
                }
            }
        }
        point_into_document(&mut payload, &local);

        // lossless: the payload as a consumer of the document reads it
        let mut back = payload.clone();
        point_back(&mut back, &local, &rel_of);
        if !shared_here.is_empty() {
            if let Value::Object(m) = &mut back {
                let defs = m
                    .entry("definitions")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(defs) = defs {
                    for ck in &shared_here {
                        let mut s = components[ck]["schema"].clone();
                        point_back(&mut s, &local, &rel_of);
                        defs.insert(bundle_key(&rel_of[ck]), s);
                    }
                }
            }
        }
        let own = super::schema_examples(catalog, it.schema);
        let examples = examples_for(catalog, it, &own, samples);
        if let Err(f) = lossless::check(&bundle, &back, &[], &examples) {
            refused.push(refusal(catalog, it, f.pointer, f.keyword, f.reason));
            continue;
        }
        let validator = crate::validate::engine::compile(&bundle, true).ok();
        let accepted: Vec<&Example> = examples
            .iter()
            .copied()
            .filter(|e| validator.as_ref().is_some_and(|v| v.is_valid(&e.value)))
            .collect();

        let transport = it.channel.as_deref().map_or(Transport::Other, transport);
        messages.insert(
            msg.clone(),
            message(catalog, it, transport, payload, &bundle, &accepted),
        );
        let chan = match &it.channel {
            Some(c) => key(&format!("{c}.{}", it.domain)),
            None => key(&it.domain),
        };
        match channels.iter_mut().find(|c| c.0 == chan) {
            Some(c) => c.3.push(msg),
            None => channels.push((chan, it.channel.clone(), it.domain.clone(), vec![msg])),
        }
    }
    if !refused.is_empty() {
        return Err(Error::Refused(refused));
    }
    let rank = |c: &Option<String>| match c {
        Some(c) => (
            doc.options
                .channels
                .iter()
                .position(|x| x == c)
                .unwrap_or(doc.options.channels.len()),
            c.clone(),
        ),
        None => (usize::MAX, String::new()),
    };
    channels.sort_by(|a, b| {
        (
            rank(&a.1),
            crate::render::model::domain_rank_in(&doc.options, &a.2),
        )
            .cmp(&(
                rank(&b.1),
                crate::render::model::domain_rank_in(&doc.options, &b.2),
            ))
    });

    let mut chans = Map::new();
    let mut ops = Map::new();
    for (id, folder, domain, msgs) in &channels {
        let domain_name = doc
            .options
            .domain_names
            .get(domain)
            .cloned()
            .unwrap_or_else(|| domain.clone());
        let folder_name = folder.as_ref().map(|f| {
            doc.options
                .channel_names
                .get(f)
                .cloned()
                .unwrap_or_else(|| f.clone())
        });
        let title = match &folder_name {
            Some(f) => format!("{f}: {domain_name}"),
            None => domain_name.clone(),
        };
        let transport = folder.as_deref().map_or(Transport::Other, transport);
        let mut c = Map::new();
        c.insert("address".into(), json!(domain));
        c.insert("title".into(), json!(title));
        let mut m = Map::new();
        for k in msgs {
            m.insert(
                k.clone(),
                json!({"$ref": format!("#/components/messages/{}", crate::pointer::escape(k))}),
            );
        }
        c.insert("messages".into(), Value::Object(m));
        match transport {
            Transport::Sns => {
                c.insert(
                    "bindings".into(),
                    json!({"sns": {"name": domain, "bindingVersion": SNS_BINDING}}),
                );
            }
            Transport::Sqs => {
                c.insert("bindings".into(), json!({"sqs": {"queue": {"name": domain, "fifoQueue": false}, "bindingVersion": SQS_BINDING}}));
            }
            Transport::Http | Transport::Other => {}
        }
        chans.insert(id.clone(), Value::Object(c));
        let mut op = Map::new();
        op.insert("action".into(), json!("send"));
        op.insert(
            "channel".into(),
            json!({"$ref": format!("#/channels/{}", crate::pointer::escape(id))}),
        );
        op.insert("title".into(), json!(format!("Publish to {title}")));
        op.insert(
            "messages".into(),
            Value::Array(
                msgs.iter()
                    .map(|k| json!({"$ref": format!("#/channels/{}/messages/{}", crate::pointer::escape(id), crate::pointer::escape(k))}))
                    .collect(),
            ),
        );
        if transport == Transport::Http {
            op.insert(
                "bindings".into(),
                json!({"http": {"method": "POST", "bindingVersion": HTTP_BINDING}}),
            );
        }
        ops.insert(format!("publish.{id}"), Value::Object(op));
    }
    let mut info_obj = Map::new();
    info_obj.insert(
        "title".into(),
        json!(info
            .title
            .clone()
            .unwrap_or_else(|| "Event catalog".to_owned())),
    );
    info_obj.insert(
        "version".into(),
        json!(info.version.clone().unwrap_or_else(|| "1.0.0".to_owned())),
    );
    if let Some(d) = &info.description {
        info_obj.insert("description".into(), json!(d));
    }
    let mut root = Map::new();
    root.insert("asyncapi".into(), json!("3.0.0"));
    root.insert("info".into(), Value::Object(info_obj));
    root.insert("defaultContentType".into(), json!("application/json"));
    root.insert("channels".into(), Value::Object(chans));
    root.insert("operations".into(), Value::Object(ops));
    let mut comps = Map::new();
    if !components.is_empty() {
        let mut sorted: Vec<(String, Value)> = components.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        comps.insert(
            "schemas".into(),
            Value::Object(sorted.into_iter().collect()),
        );
    }
    comps.insert("messages".into(), Value::Object(messages));
    root.insert("components".into(), Value::Object(comps));
    Ok(Value::Object(root))
}

fn message(
    catalog: &Catalog,
    it: &Item,
    transport: Transport,
    payload: Value,
    bundle: &Value,
    examples: &[&Example],
) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(it.event_type));
    if let Some(t) = &it.title {
        m.insert("title".into(), json!(t));
    }
    if let Some(d) = &it.description {
        m.insert("description".into(), json!(d));
    }
    m.insert("contentType".into(), json!("application/json"));
    m.insert(
        "x-evschema-source".into(),
        json!(catalog.schemas[it.schema].rel),
    );
    if it.deprecated {
        m.insert("deprecated".into(), json!(true));
    }
    let props = bundle.get("properties");
    let has = |k: &str| props.and_then(|p| p.get(k)).is_some();
    let attributes = matches!(transport, Transport::Sns | Transport::Sqs) && has("event_type");
    if attributes {
        let mut h = Map::new();
        h.insert("event_type".into(), json!({"type": "string", "const": it.event_type, "description": "SNS/SQS message attribute; equals the event's event_type."}));
        if has("version") {
            let mut v = json!({"type": "string", "description": "SNS/SQS message attribute; equals the event's version."});
            if let Some(p) = props
                .and_then(|p| p.get("version"))
                .and_then(|v| v.get("pattern"))
            {
                v["pattern"] = p.clone();
            }
            h.insert("version".into(), v);
        }
        m.insert("headers".into(), json!({"type": "object", "properties": h}));
    }
    if has("event_id") {
        m.insert(
            "correlationId".into(),
            json!({"description": "The event's unique id; consumers deduplicate redeliveries on it.", "location": "$message.payload#/event_id"}),
        );
    }
    m.insert(
        "payload".into(),
        json!({"schemaFormat": schema_format(&catalog.schemas[it.schema].value), "schema": payload}),
    );
    if !examples.is_empty() {
        let list: Vec<Value> = examples
            .iter()
            .map(|e| {
                let mut x = Map::new();
                if attributes {
                    let mut h = Map::new();
                    for k in ["event_type", "version"] {
                        if let Some(v) = e.value.get(k) {
                            h.insert(k.to_owned(), v.clone());
                        }
                    }
                    x.insert("headers".into(), Value::Object(h));
                }
                x.insert("payload".into(), e.value.clone());
                x.insert("summary".into(), json!(e.source));
                Value::Object(x)
            })
            .collect();
        m.insert("examples".into(), Value::Array(list));
    }
    Value::Object(m)
}
