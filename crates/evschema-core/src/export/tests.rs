//! The exporters on the shipped catalog and on small catalogs built in memory.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::*;
use crate::catalog::{Catalog, LoadOptions};
use crate::render;

fn shipped() -> (Catalog, Vec<Example>) {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas"));
    let catalog = Catalog::load(&root).unwrap();
    let mut samples = Vec::new();
    for name in ["valid.ndjson", "invalid.ndjson"] {
        let text = std::fs::read_to_string(root.join("examples").join(name)).unwrap();
        for (i, line) in text.lines().enumerate() {
            if let Ok(value) = serde_json::from_str(line) {
                samples.push(Example {
                    source: format!("examples/{name}:{}", i + 1),
                    value,
                });
            }
        }
    }
    (catalog, samples)
}

fn small(files: &[(&str, Value)]) -> Catalog {
    let texts = files
        .iter()
        .map(|(r, v)| ((*r).to_owned(), serde_json::to_string_pretty(v).unwrap()))
        .collect();
    Catalog::from_texts(Path::new("cat"), texts, LoadOptions::default())
        .unwrap()
        .0
}

fn event(et: &str, payload: Value) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "version": "1.0.0",
        "type": "object",
        "required": ["event_type", "payload"],
        "properties": {
            "event_type": {"type": "string", "const": et},
            "version": {"type": "string", "pattern": "^1\\."},
            "payload": payload
        }
    })
}

#[test]
fn shipped_catalog_exports_to_eventbridge_losslessly() {
    let (catalog, samples) = shipped();
    let doc = render::build(&catalog).unwrap();
    let files = eventbridge::export(&catalog, &doc, "credentialing", &samples)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(files.len(), 19);
    for f in &files {
        let req: Value = serde_json::from_slice(&f.bytes).unwrap();
        let content: Value = serde_json::from_str(req["Content"].as_str().unwrap()).unwrap();
        assert_eq!(content["$schema"], json!(draft4::DRAFT4));
        let text = req["Content"].as_str().unwrap();
        for kw in ["\"const\"", "\"if\"", "\"then\""] {
            assert!(!text.contains(kw), "{} still has {kw}", f.name);
        }
    }
}

#[test]
fn shipped_catalog_exports_to_confluent_and_asyncapi() {
    let (catalog, samples) = shipped();
    let doc = render::build(&catalog).unwrap();
    let files = confluent::export(
        &catalog,
        &doc,
        confluent::Strategy::Topic,
        "BACKWARD",
        &samples,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // 19 subjects, the two shared files and the manifest
    assert_eq!(
        files.len(),
        22,
        "{:?}",
        files.iter().map(|f| &f.name).collect::<Vec<_>>()
    );
    let manifest: Value = serde_json::from_slice(
        &files
            .iter()
            .find(|f| f.name == confluent::MANIFEST)
            .unwrap()
            .bytes,
    )
    .unwrap();
    let order: Vec<&str> = manifest["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subject"].as_str().unwrap())
        .collect();
    // every reference is registered before the subject that uses it
    for (i, s) in manifest["subjects"].as_array().unwrap().iter().enumerate() {
        for r in s["references"].as_array().unwrap() {
            let at = order
                .iter()
                .position(|o| *o == r.as_str().unwrap())
                .unwrap();
            assert!(at < i, "{} registered after {}", r, s["subject"]);
        }
    }
    let doc_value = asyncapi::export(&catalog, &doc, &asyncapi::Info::default(), &samples)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        doc_value["components"]["messages"]
            .as_object()
            .unwrap()
            .len(),
        19
    );
}

#[test]
fn an_unprovable_rewrite_is_refused_with_its_keyword() {
    // contains: the rewrite is exact, but is it proved? Either way the verdict must be
    // honest: exported only when the engine proves it.
    let catalog = small(&[(
        "sns_topics/a.json",
        event(
            "a.created",
            json!({"type": "object", "propertyNames": {"maxLength": 3}}),
        ),
    )]);
    let doc = render::build(&catalog).unwrap();
    let Err(Error::Refused(r)) = eventbridge::export(&catalog, &doc, "r", &[]) else {
        panic!("propertyNames with maxLength exported");
    };
    assert_eq!(r[0].keyword, "propertyNames");
    assert_eq!(r[0].event_type, "a.created");
    assert_eq!(r[0].pointer, "/properties/payload/propertyNames");
    assert!(r[0].position.is_some());
}

#[test]
fn each_rewrite_is_proved_or_refused() {
    // (construct, payload, exported?) — a rewrite ships only when the engine proves it
    for (name, payload, exported) in [
        (
            "const",
            json!({"type": "object", "properties": {"k": {"const": "x"}}}),
            true,
        ),
        (
            "exclusiveMinimum",
            json!({"type": "object", "properties": {"n": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}}}),
            true,
        ),
        (
            "integer",
            json!({"type": "object", "properties": {"n": {"type": ["integer", "null"], "minimum": 0}}}),
            true,
        ),
        (
            "if",
            json!({"type": "object", "if": {"properties": {"k": {"const": "a"}}, "required": ["k"]}, "then": {"required": ["b"]}}),
            true,
        ),
        (
            "boolean",
            json!({"type": "object", "properties": {"gone": false, "any": true}}),
            true,
        ),
        (
            "if-else",
            json!({"type": "object", "if": {"properties": {"k": {"const": "a"}}, "required": ["k"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}),
            true,
        ),
        (
            "if-else-only",
            json!({"type": "object", "if": {"properties": {"k": {"const": "a"}}, "required": ["k"]}, "else": {"required": ["c"]}}),
            true,
        ),
        (
            "contains",
            json!({"type": "object", "properties": {"tags": {"type": "array", "contains": {"const": "x"}}}}),
            true,
        ),
        (
            "propertyNames",
            json!({"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}}),
            false,
        ),
    ] {
        let catalog = small(&[("sns_topics/a.json", event("a.created", payload))]);
        let doc = render::build(&catalog).unwrap();
        match eventbridge::export(&catalog, &doc, "r", &[]) {
            Ok(files) => assert!(
                exported,
                "{name} exported: {}",
                String::from_utf8_lossy(&files[0].bytes)
            ),
            Err(Error::Refused(r)) => {
                assert!(!exported, "{name} refused: {}", r[0]);
                assert!(r[0].reason.contains("cannot prove"), "{name}: {}", r[0]);
            }
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

#[test]
fn an_example_the_conversion_would_reject_fails_the_export() {
    // the engine proves this pair; the example check is the second line of defence and
    // must still see every example
    let catalog = small(&[(
        "sns_topics/a.json",
        event(
            "a.created",
            json!({"type": "object", "properties": {"n": {"type": "integer"}}}),
        ),
    )]);
    let doc = render::build(&catalog).unwrap();
    let good = Example {
        source: "examples/x.ndjson:1".into(),
        value: json!({"event_type": "a.created", "payload": {"n": 2.0}}),
    };
    let files = eventbridge::export(&catalog, &doc, "r", std::slice::from_ref(&good)).unwrap();
    let req: Value = serde_json::from_slice(&files[0].bytes).unwrap();
    let content: Value = serde_json::from_str(req["Content"].as_str().unwrap()).unwrap();
    let v = crate::validate::engine::compile(&content, true).unwrap();
    assert!(
        v.is_valid(&good.value),
        "2.0 is an integer to draft-07 and must stay accepted"
    );
    let item = &items(&doc)[0];
    let source = catalog.bundle(item.schema).unwrap();
    // a converted schema that rejects 2.0 (draft-04 `integer`) is caught
    let mut wrong = content.clone();
    wrong["properties"]["payload"]["properties"]["n"] = json!({"type": "integer"});
    let f = lossless::check(&source, &wrong, &[], &[&good]).unwrap_err();
    assert!(f.reason.contains("integer"), "{}", f.reason);
}
