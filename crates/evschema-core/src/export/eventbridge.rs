//! `export eventbridge`: one `CreateSchema` request per event type, the JSON that
//! `aws schemas create-schema --cli-input-json file://NAME.json` takes, with the content
//! converted to draft-04 ([`super::draft4`]) and proved lossless.

use serde_json::{json, Map, Value};

use super::{draft4, examples_for, items, json_bytes, lossless, refusal, Error, Example, OutFile};
use crate::catalog::Catalog;
use crate::render::model::CatalogDoc;

/// `Content` longer than this is rejected by the service (botocore's model: 1..=100000).
pub const MAX_CONTENT: usize = 100_000;
/// `Description` longer than this is rejected (0..=256).
pub const MAX_DESCRIPTION: usize = 256;

/// The requests, one file `<name>.json` per event type, sorted by name.
pub fn export(
    catalog: &Catalog,
    doc: &CatalogDoc,
    registry: &str,
    samples: &[Example],
) -> Result<Vec<OutFile>, Error> {
    let mut files = Vec::new();
    let mut refused = Vec::new();
    for item in items(doc) {
        let source = catalog.bundle(item.schema)?;
        let converted = match draft4::convert(&source) {
            Ok(c) => c,
            Err(u) => {
                refused.push(refusal(catalog, &item, u.pointer, u.keyword, u.reason));
                continue;
            }
        };
        let own = super::schema_examples(catalog, item.schema);
        let examples = examples_for(catalog, &item, &own, samples);
        if let Err(f) = lossless::check(&source, &converted.schema, &converted.rewrites, &examples)
        {
            refused.push(refusal(catalog, &item, f.pointer, f.keyword, f.reason));
            continue;
        }
        let content = serde_json::to_string(&converted.schema).unwrap_or_default();
        if content.len() > MAX_CONTENT {
            refused.push(refusal(
                catalog,
                &item,
                String::new(),
                "Content".to_owned(),
                format!(
                    "the converted schema is {} bytes; EventBridge takes at most {MAX_CONTENT}",
                    content.len()
                ),
            ));
            continue;
        }
        let mut req = Map::new();
        req.insert("RegistryName".into(), json!(registry));
        req.insert("SchemaName".into(), json!(item.name));
        req.insert("Type".into(), json!("JSONSchemaDraft4"));
        if let Some(d) = item.description.as_ref().or(item.title.as_ref()) {
            req.insert("Description".into(), json!(truncate(d, MAX_DESCRIPTION)));
        }
        req.insert("Content".into(), Value::String(content));
        let mut tags = Map::new();
        tags.insert("event_type".into(), json!(item.event_type));
        if let Some(v) = &item.version {
            tags.insert("version".into(), json!(v));
        }
        tags.insert("source".into(), json!(catalog.schemas[item.schema].rel));
        req.insert("Tags".into(), Value::Object(tags));
        files.push(OutFile {
            name: format!("{}.json", item.name),
            bytes: json_bytes(&Value::Object(req)),
        });
    }
    if !refused.is_empty() {
        return Err(Error::Refused(refused));
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// At most `max` characters, cut at a character boundary with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Whether a JSON file in the output folder looks like one this exporter wrote (a leftover
/// of an event type the catalog no longer has).
pub fn is_request(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes).is_ok_and(|v| {
        v.get("RegistryName").is_some() && v.get("Type") == Some(&json!("JSONSchemaDraft4"))
    })
}
