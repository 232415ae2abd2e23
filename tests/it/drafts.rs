//! validate and diff read every `$schema` spelling under the same draft: for each, diff finds
//! a witness for a keyword only that draft has, and validate accepts it under OLD and rejects
//! it under NEW. A `$schema` that names no draft is refused by validate and proves nothing in
//! diff.

use std::fs;

use serde_json::{json, Value};

use crate::support::{plain_in, Run};

/// (`$schema`, a constraint of a keyword the draft has and older drafts do not).
fn cases() -> Vec<(Option<&'static str>, Value)> {
    let d4 = json!({"maxProperties": 1});
    let d6 = json!({"const": {"k": 1}});
    let d7 = json!({"if": {"required": ["k"]}, "then": {"required": ["j"]}});
    let d2019 = json!({"dependentRequired": {"k": ["j"]}});
    let d2020 = json!({"prefixItems": [{"type": "string"}], "type": ["object", "array"]});
    vec![
        (None, d7.clone()),
        (Some("http://json-schema.org/draft-04/schema#"), d4.clone()),
        (Some("https://json-schema.org/draft-04/schema"), d4),
        (Some("http://json-schema.org/draft-06/schema#"), d6.clone()),
        (Some("http://json-schema.org/draft-06/schema"), d6),
        (Some("http://json-schema.org/draft-07/schema#"), d7.clone()),
        (Some("https://json-schema.org/draft-07/schema"), d7),
        (
            Some("https://json-schema.org/draft/2019-09/schema"),
            d2019.clone(),
        ),
        (Some("http://json-schema.org/draft/2019-09/schema#"), d2019),
        (
            Some("https://json-schema.org/draft/2020-12/schema"),
            d2020.clone(),
        ),
        (Some("https://json-schema.org/schema"), d2020),
    ]
}

fn with_schema(uri: Option<&str>, mut body: Value) -> Value {
    if let Some(u) = uri {
        body["$schema"] = json!(u);
    }
    body
}

#[test]
fn diff_witnesses_hold_under_validate_for_every_draft_spelling() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (uri, narrowing) in cases() {
        let old = with_schema(
            uri,
            json!({"properties": {"p": {"type": ["object", "array"]}}}),
        );
        let mut new = old.clone();
        for (k, v) in narrowing.as_object().unwrap() {
            new["properties"]["p"][k] = v.clone();
        }
        fs::write(dir.join("old.json"), old.to_string()).unwrap();
        fs::write(dir.join("new.json"), new.to_string()).unwrap();
        let r = Run::of(plain_in(dir).args(["diff", "old.json", "new.json", "--format", "json"]));
        assert_eq!(r.code, 1, "{uri:?}: {}{}", r.stdout, r.stderr);
        let report: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(report["backward"], false, "{uri:?}: {report}");
        let witness = report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|c| c["witness"]["event"].as_object().cloned())
            .unwrap_or_else(|| panic!("{uri:?}: no witness in {report}"));
        fs::write(dir.join("w.json"), Value::Object(witness).to_string()).unwrap();
        let under_old = Run::of(plain_in(dir).args(["validate", "--schema", "old.json", "w.json"]));
        assert_eq!(
            under_old.code, 0,
            "{uri:?}: {}{}",
            under_old.stdout, under_old.stderr
        );
        let under_new = Run::of(plain_in(dir).args(["validate", "--schema", "new.json", "w.json"]));
        assert_eq!(
            under_new.code, 1,
            "{uri:?}: {}{}",
            under_new.stdout, under_new.stderr
        );
    }
}

#[test]
fn a_schema_uri_naming_no_draft_is_refused_by_validate_and_unproved_by_diff() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let uri = "https://example.com/schemas/meta";
    let old = json!({"$schema": uri, "properties": {"p": {"type": "string"}}});
    let new = json!({"$schema": uri, "properties": {"p": {}}});
    fs::write(dir.join("old.json"), old.to_string()).unwrap();
    fs::write(dir.join("new.json"), new.to_string()).unwrap();
    fs::write(dir.join("e.json"), r#"{"p": 1}"#).unwrap();
    let r = Run::of(plain_in(dir).args(["validate", "--schema", "old.json", "e.json"]));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(uri) && r.stderr.contains("names no JSON Schema draft"),
        "{}",
        r.stderr
    );
    let r = Run::of(plain_in(dir).args(["diff", "old.json", "new.json", "--format", "json"]));
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (report["backward"].clone(), report["forward"].clone()),
        (json!(false), json!(false)),
        "{report}"
    );
    assert!(
        report.to_string().contains("names no JSON Schema draft"),
        "{report}"
    );
    assert_eq!(r.code, 1);
}
