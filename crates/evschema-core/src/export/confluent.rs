//! `export confluent`: one Confluent Schema Registry register request per subject (the body
//! of `POST /subjects/{subject}/versions`: `schemaType: JSON`, the schema text, and its
//! `references`), shared files as subjects of their own that are registered first, and a
//! `manifest.json` with the registration order and the compatibility level to set.
//!
//! Schemas are sent as written (Confluent's JSON Schema support reads draft-07); each
//! cross-file `$ref` becomes a reference whose `name` is the ref's document part exactly as
//! the schema spells it. The lossless check rebuilds every event schema from the requests
//! alone, resolving refs through the references, and compares it with the catalog's bundle.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::{examples_for, items, json_bytes, lossless, refusal, Error, Example, Item, OutFile};
use crate::catalog::{collect_refs, Catalog, LoadOptions};
use crate::render::model::CatalogDoc;

/// How subject names are made (Confluent's subject name strategies, with the event type as
/// the record name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// `<event_type>-value` (TopicNameStrategy with one topic per event type).
    #[default]
    Topic,
    /// `<event_type>` (RecordNameStrategy).
    Record,
    /// `<domain>-<event_type>` (TopicRecordNameStrategy, the domain's topic).
    TopicRecord,
}

/// The name of the manifest file.
pub const MANIFEST: &str = "manifest.json";

/// The subject of an event type under `strategy`.
pub fn subject(item: &Item, strategy: Strategy) -> String {
    match strategy {
        Strategy::Topic => format!("{}-value", item.name),
        Strategy::Record => item.name.clone(),
        Strategy::TopicRecord => format!("{}-{}", item.domain, item.name),
    }
}

/// The subject of a shared file: its catalog path without `.json`, `/` as `.`
/// (`common.definitions`).
pub fn shared_subject(rel: &str) -> String {
    rel.strip_suffix(".json").unwrap_or(rel).replace('/', ".")
}

/// A file's cross-file refs: (name as written, target index), sorted by name.
fn references(catalog: &Catalog, index: usize) -> Result<Vec<(String, usize)>, Error> {
    let mut found = Vec::new();
    collect_refs(
        &catalog.schemas[index].value,
        &mut String::new(),
        &mut found,
    );
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for (pointer, r) in found {
        let doc = r.split_once('#').map_or(r, |(d, _)| d);
        if doc.is_empty() {
            continue;
        }
        let (target, _) = catalog.resolve_ref(index, r).map_err(|e| {
            let s = &catalog.schemas[index];
            let p = s.spans.locate(&pointer);
            Error::Catalog(format!("{}:{}:{}: {e}", s.path.display(), p.line, p.column))
        })?;
        if target != index {
            out.insert(doc.to_owned(), target);
        }
    }
    Ok(out.into_iter().collect())
}

/// The requests and the manifest.
pub fn export(
    catalog: &Catalog,
    doc: &CatalogDoc,
    strategy: Strategy,
    compatibility: &str,
    samples: &[Example],
) -> Result<Vec<OutFile>, Error> {
    let items = items(doc);
    // shared subjects: every file reached through a ref, dependencies first
    let mut order: Vec<usize> = Vec::new();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    let mut refs_of: BTreeMap<usize, Vec<(String, usize)>> = BTreeMap::new();
    for it in &items {
        let refs = references(catalog, it.schema)?;
        for (_, t) in &refs {
            visit(
                catalog,
                *t,
                &mut order,
                &mut done,
                &mut refs_of,
                &mut Vec::new(),
            )?;
        }
        refs_of.insert(it.schema, refs);
    }
    let shared_name = |i: usize| shared_subject(&catalog.schemas[i].rel);
    let body = |i: usize, refs: &[(String, usize)]| -> Value {
        let mut m = Map::new();
        m.insert("schemaType".into(), json!("JSON"));
        m.insert(
            "schema".into(),
            Value::String(serde_json::to_string(&catalog.schemas[i].value).unwrap_or_default()),
        );
        if !refs.is_empty() {
            let list: Vec<Value> = refs
                .iter()
                .map(|(name, t)| json!({"name": name, "subject": shared_name(*t), "version": 1}))
                .collect();
            m.insert("references".into(), Value::Array(list));
        }
        Value::Object(m)
    };
    let mut files = Vec::new();
    let mut manifest = Vec::new();
    let mut entry = |subject: String, b: Value, refs: &[(String, usize)]| {
        let file = format!("{subject}.json");
        let deps: Vec<String> = refs.iter().map(|(_, t)| shared_name(*t)).collect();
        manifest.push(json!({
            "subject": subject,
            "file": file,
            "request": format!("POST /subjects/{subject}/versions"),
            "references": deps,
        }));
        files.push(OutFile {
            name: file,
            bytes: json_bytes(&b),
        });
    };
    for &i in &order {
        let refs = refs_of.get(&i).cloned().unwrap_or_default();
        entry(shared_name(i), body(i, &refs), &refs);
    }
    let mut refused = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    for &i in &order {
        texts.push((
            format!("{}.json", shared_name(i)),
            rebuilt(catalog, i, &refs_of, &shared_name),
        ));
    }
    let mut subjects = Vec::new();
    for it in &items {
        let refs = refs_of.get(&it.schema).cloned().unwrap_or_default();
        let s = subject(it, strategy);
        texts.push((
            format!("{s}.json"),
            rebuilt(catalog, it.schema, &refs_of, &shared_name),
        ));
        entry(s.clone(), body(it.schema, &refs), &refs);
        subjects.push(s);
    }
    // lossless: every event schema rebuilt from the requests alone
    let root = catalog.root.join("<confluent>");
    let (rebuilt_catalog, _) = Catalog::from_texts(&root, texts, LoadOptions { tolerant: true })
        .map_err(|e| Error::Catalog(e.to_string()))?;
    for (it, s) in items.iter().zip(&subjects) {
        let source = catalog.bundle(it.schema)?;
        let from_requests = rebuilt_catalog
            .index_of(&format!("{s}.json"))
            .ok_or_else(|| Error::Catalog(format!("subject {s} was not rebuilt")))
            .and_then(|i| {
                rebuilt_catalog.bundle(i).map_err(|e| {
                    Error::Refused(vec![refusal(
                        catalog,
                        it,
                        e.pointer.clone(),
                        "$ref".to_owned(),
                        format!("the register request does not resolve: {}", e.error),
                    )])
                })
            });
        let from_requests = match from_requests {
            Ok(v) => v,
            Err(Error::Refused(mut r)) => {
                refused.append(&mut r);
                continue;
            }
            Err(e) => return Err(e),
        };
        let own = super::schema_examples(catalog, it.schema);
        let examples = examples_for(catalog, it, &own, samples);
        if let Err(f) = lossless::check(&source, &from_requests, &[], &examples) {
            refused.push(refusal(catalog, it, f.pointer, f.keyword, f.reason));
        }
    }
    if !refused.is_empty() {
        return Err(Error::Refused(refused));
    }
    files.push(OutFile {
        name: MANIFEST.to_owned(),
        bytes: json_bytes(&json!({
            "compatibility": compatibility,
            "config": {"request": "PUT /config/{subject}", "body": {"compatibility": compatibility}},
            "subjects": manifest,
        })),
    });
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// Depth-first: a file's dependencies go into `order` before it.
fn visit(
    catalog: &Catalog,
    i: usize,
    order: &mut Vec<usize>,
    done: &mut BTreeSet<usize>,
    refs_of: &mut BTreeMap<usize, Vec<(String, usize)>>,
    stack: &mut Vec<usize>,
) -> Result<(), Error> {
    if done.contains(&i) {
        return Ok(());
    }
    if stack.contains(&i) {
        let names: Vec<&str> = stack
            .iter()
            .chain(std::iter::once(&i))
            .map(|&s| catalog.schemas[s].rel.as_str())
            .collect();
        return Err(Error::Catalog(format!(
            "the shared files reference each other in a cycle ({}); a schema registry needs references registered before the schemas that use them",
            names.join(" → ")
        )));
    }
    stack.push(i);
    let refs = references(catalog, i)?;
    for (_, t) in &refs {
        visit(catalog, *t, order, done, refs_of, stack)?;
    }
    stack.pop();
    refs_of.insert(i, refs);
    done.insert(i);
    order.push(i);
    Ok(())
}

/// The schema text as a registry client resolves it: each reference name replaced by the
/// file of the subject it names.
fn rebuilt(
    catalog: &Catalog,
    i: usize,
    refs_of: &BTreeMap<usize, Vec<(String, usize)>>,
    shared_name: &dyn Fn(usize) -> String,
) -> String {
    let mut v = catalog.schemas[i].value.clone();
    let refs: BTreeMap<String, String> = refs_of
        .get(&i)
        .into_iter()
        .flatten()
        .map(|(n, t)| (n.clone(), format!("{}.json", shared_name(*t))))
        .collect();
    // the registry resolves a reference by its name, whatever the schema's `$id`: the
    // rebuilt file resolves its refs by file name alone (its cross-file refs are all
    // rewritten below)
    if let Some(o) = v.as_object_mut() {
        o.remove("$id");
        o.remove("id");
    }
    super::rewrite_refs(&mut v, &mut |r| {
        let (doc, frag) = r.split_once('#').map_or((r, None), |(d, f)| (d, Some(f)));
        let file = refs.get(doc)?;
        Some(match frag {
            Some(f) => format!("{file}#{f}"),
            None => file.clone(),
        })
    });
    serde_json::to_string(&v).unwrap_or_default()
}

/// Whether a JSON file in the output folder looks like one this exporter wrote.
pub fn is_request(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes)
        .is_ok_and(|v| v.get("schemaType") == Some(&json!("JSON")))
}
