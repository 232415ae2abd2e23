//! `evschema export`, run as the real binary: the shipped catalog to all three targets (the
//! AsyncAPI document against the official AsyncAPI 3.0 JSON Schema, every EventBridge
//! content against the draft-04 metaschema and every catalog example, the Confluent requests
//! and their order), deterministic bytes, YAML, `--check` both ways, leftovers, and the
//! fixtures of each convertible and unconvertible draft-07 construct.
//!
//! The golden of the converted fixture is rewritten with
//! `UPDATE_GOLDEN=1 cargo test --test it export::`.

use std::fs;
use std::path::Path;

use crate::support::*;
use serde_json::{json, Value};

fn fixture(case: &str) -> String {
    format!("tests/fixtures/export/{case}")
}

fn run(args: &[&str]) -> Run {
    Run::of(plain_in(&root()).args(args))
}

fn ok(args: &[&str]) -> Run {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The events of the shipped examples/valid.ndjson.
fn valid_examples() -> Vec<Value> {
    fs::read_to_string(root().join("schemas/examples/valid.ndjson"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const EVENT_TYPES: usize = 19;

#[test]
fn asyncapi_document_validates_against_the_official_schema() {
    let r = ok(&["export", "asyncapi"]);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let schema =
        read_json(&root().join("tests/fixtures/asyncapi/asyncapi-3.0.0-without-id.schema.json"));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // and the schema is not vacuous: a broken binding fails it
    let mut broken = doc.clone();
    broken["channels"]["sqs_queues.notification"]["bindings"]["sqs"]["queue"]
        .as_object_mut()
        .unwrap()
        .remove("fifoQueue");
    assert!(!validator.is_valid(&broken));

    assert_eq!(doc["asyncapi"], json!("3.0.0"));
    assert_eq!(
        doc["info"]["title"],
        json!("Credentialing events"),
        "info from evschema.toml"
    );
    let messages = doc["components"]["messages"].as_object().unwrap();
    assert_eq!(messages.len(), EVENT_TYPES);
    let created = &messages["license.created"];
    assert_eq!(
        created["payload"]["schemaFormat"],
        json!("application/schema+json;version=draft-07")
    );
    assert_eq!(
        created["correlationId"]["location"],
        json!("$message.payload#/event_id")
    );
    assert_eq!(
        created["headers"]["properties"]["event_type"]["const"],
        json!("license.created")
    );
    assert_eq!(
        created["x-evschema-source"],
        json!("sns_topics/license_created.json")
    );
    // the shared definitions live once under components, and payloads point there
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert_eq!(
        schemas.keys().collect::<Vec<_>>(),
        ["common.definitions", "common.us_states"]
    );
    let state =
        &created["payload"]["schema"]["properties"]["payload"]["properties"]["state"]["$ref"];
    assert_eq!(
        state,
        &json!("#/components/schemas/common.us_states/schema/definitions/us_state")
    );
    // examples: the schema's own and the sample events that route here, all accepted
    let examples = created["examples"].as_array().unwrap();
    assert!(examples.len() >= 2, "{examples:?}");
    assert!(examples
        .iter()
        .all(|e| e["payload"]["event_type"] == json!("license.created")));
    // one channel per channel folder and domain, with the bindings of its transport
    let channels = doc["channels"].as_object().unwrap();
    assert_eq!(
        channels.keys().collect::<Vec<_>>(),
        [
            "sns_topics.license",
            "sns_topics.cme",
            "sns_topics.document",
            "sqs_queues.document",
            "sqs_queues.notification",
            "webhooks.license"
        ]
    );
    assert_eq!(
        channels["sns_topics.license"]["bindings"]["sns"]["bindingVersion"],
        json!("0.1.0")
    );
    assert_eq!(
        channels["sqs_queues.document"]["bindings"]["sqs"]["bindingVersion"],
        json!("0.2.0")
    );
    let ops = doc["operations"].as_object().unwrap();
    assert_eq!(ops.len(), channels.len());
    assert!(ops.values().all(|o| o["action"] == json!("send")));
    assert_eq!(
        ops["publish.webhooks.license"]["bindings"]["http"]["method"],
        json!("POST")
    );
}

#[test]
fn asyncapi_bytes_are_deterministic_and_yaml_follows_the_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let json1 = tmp.path().join("a.json");
    let yaml = tmp.path().join("a.yaml");
    let yml = tmp.path().join("a.yml");
    for p in [&json1, &yaml, &yml] {
        ok(&["export", "asyncapi", "-o", p.to_str().unwrap()]);
    }
    let stdout = ok(&["export", "asyncapi"]).stdout;
    assert_eq!(
        fs::read_to_string(&json1).unwrap(),
        stdout,
        "-o and stdout agree"
    );
    let again = ok(&["export", "asyncapi"]).stdout;
    assert_eq!(stdout, again, "byte-identical run to run");
    let y = fs::read_to_string(&yaml).unwrap();
    assert_eq!(y, fs::read_to_string(&yml).unwrap());
    assert!(
        y.starts_with(
            "\"asyncapi\": \"3.0.0\"\n\"info\":\n  \"title\": \"Credentialing events\"\n"
        ),
        "{}",
        &y[..200]
    );
    assert!(
        serde_json::from_str::<Value>(&y).is_err(),
        "the .yaml file is YAML, not JSON"
    );
}

#[test]
fn asyncapi_check_reports_stale_and_current() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("asyncapi.yaml");
    let f = f.to_str().unwrap();
    let missing = run(&["export", "asyncapi", "-o", f, "--check"]);
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(!Path::new(f).exists(), "--check writes nothing");
    ok(&["export", "asyncapi", "-o", f]);
    ok(&["export", "asyncapi", "-o", f, "--check"]);
    let text = fs::read_to_string(f)
        .unwrap()
        .replace("Credentialing events", "Old title");
    fs::write(f, text).unwrap();
    let stale = run(&["export", "asyncapi", "-o", f, "--check"]);
    assert_eq!(stale.code, 1);
    assert!(
        stale.stdout.contains("-  \"title\": \"Old title\""),
        "{}",
        stale.stdout
    );
    assert!(
        stale
            .stderr
            .contains("is stale: regenerate it with `evschema export asyncapi -o"),
        "{}",
        stale.stderr
    );
    let no_file = run(&["export", "asyncapi", "--check"]);
    assert_eq!(no_file.code, 2, "--check needs -o");
}

#[test]
fn eventbridge_requests_are_draft4_and_accept_every_example() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eb");
    ok(&[
        "export",
        "eventbridge",
        "-o",
        out.to_str().unwrap(),
        "--registry",
        "credentialing",
    ]);
    let names = files_in(&out);
    assert_eq!(names.len(), EVENT_TYPES, "{names:?}");
    let examples = valid_examples();
    let mut checked = 0;
    for name in &names {
        let req = read_json(&out.join(name));
        let keys: Vec<&String> = req.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "RegistryName",
                "SchemaName",
                "Type",
                "Description",
                "Content",
                "Tags"
            ]
        );
        assert_eq!(req["RegistryName"], json!("credentialing"));
        assert_eq!(req["Type"], json!("JSONSchemaDraft4"));
        assert_eq!(
            format!("{}.json", req["SchemaName"].as_str().unwrap()),
            *name
        );
        assert!(req["Description"].as_str().unwrap().chars().count() <= 256);
        let text = req["Content"].as_str().unwrap();
        assert!(text.len() <= 100_000);
        let content: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            content["$schema"],
            json!("http://json-schema.org/draft-04/schema#")
        );
        if let Err(e) = jsonschema::meta::validate(&content) {
            panic!(
                "{name}: not a draft-04 schema: {e} at {}",
                e.instance_path()
            );
        }
        // nothing draft-04 lacks is left, and no cross-file ref
        for kw in ["\"const\"", "\"if\"", "\"then\"", "\"$id\"", "\"integer\""] {
            assert!(!text.contains(kw), "{name} still has {kw}");
        }
        assert!(!text.contains(".json#"), "{name} keeps a cross-file $ref");
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .build(&content)
            .unwrap();
        let event_type = req["Tags"]["event_type"].as_str().unwrap();
        for ex in examples
            .iter()
            .filter(|e| e["event_type"] == json!(event_type))
        {
            let errs: Vec<String> = validator.iter_errors(ex).map(|e| e.to_string()).collect();
            assert!(errs.is_empty(), "{name}: example rejected: {errs:?}");
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        examples.len(),
        "every example went through a converted schema"
    );
}

#[test]
fn eventbridge_needs_a_registry_and_writes_nothing_on_refusal() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eb");
    let o = out.to_str().unwrap();
    let r = run(&["--no-config", "export", "eventbridge", "-o", o]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--registry NAME"), "{}", r.stderr);
    let r = run(&[
        "export",
        "eventbridge",
        &fixture("unconvertible/property-names-pattern"),
        "-o",
        o,
        "--registry",
        "r",
    ]);
    assert_eq!(r.code, 1);
    assert!(!out.exists(), "a refused export writes nothing");
    let r = run(&[
        "export",
        "eventbridge",
        "no/such/dir",
        "-o",
        o,
        "--registry",
        "r",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no/such/dir: not a catalog folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn eventbridge_check_and_leftovers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eb");
    let o = out.to_str().unwrap();
    let args = [
        "export",
        "eventbridge",
        "-o",
        o,
        "--registry",
        "credentialing",
    ];
    ok(&args);
    let check: Vec<&str> = args.iter().copied().chain(["--check"]).collect();
    ok(&check);
    // a request of an event type the catalog no longer has, and a file that is not ours
    let gone = out.join("license.revoked.json");
    fs::copy(out.join("license.created.json"), &gone).unwrap();
    fs::write(out.join("notes.json"), "{\"mine\": true}\n").unwrap();
    let stale = run(&check);
    assert_eq!(stale.code, 1);
    assert!(
        stale
            .stdout
            .contains("license.revoked.json: written by an earlier export"),
        "{}",
        stale.stdout
    );
    assert!(!stale.stdout.contains("notes.json"));
    // a changed registry name makes every file stale
    let other = run(&[
        "export",
        "eventbridge",
        "-o",
        o,
        "--registry",
        "other",
        "--check",
    ]);
    assert_eq!(other.code, 1);
    assert!(
        other.stderr.contains("20 files are stale"),
        "{}",
        other.stderr
    );
    ok(&args);
    assert!(!gone.exists(), "the leftover request is removed");
    assert!(
        out.join("notes.json").exists(),
        "a file the export did not write stays"
    );
}

#[test]
fn confluent_requests_have_the_rest_shape_and_references_come_first() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cf");
    ok(&["export", "confluent", "-o", out.to_str().unwrap()]);
    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(
        manifest["compatibility"],
        json!("BACKWARD"),
        "the [diff] mode default"
    );
    let subjects = manifest["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), EVENT_TYPES + 2);
    assert_eq!(subjects[0]["subject"], json!("common.definitions"));
    assert_eq!(subjects[1]["subject"], json!("common.us_states"));
    let mut seen: Vec<String> = Vec::new();
    for s in subjects {
        let subject = s["subject"].as_str().unwrap();
        let body = read_json(&out.join(s["file"].as_str().unwrap()));
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert!(
            keys == ["schemaType", "schema"] || keys == ["schemaType", "schema", "references"],
            "{subject}: {keys:?}"
        );
        assert_eq!(body["schemaType"], json!("JSON"));
        let schema: Value = serde_json::from_str(body["schema"].as_str().unwrap()).unwrap();
        for r in body["references"].as_array().into_iter().flatten() {
            let r = r.as_object().unwrap();
            assert_eq!(r.keys().collect::<Vec<_>>(), ["name", "subject", "version"]);
            assert!(r["version"].is_i64());
            assert!(
                seen.contains(&r["subject"].as_str().unwrap().to_owned()),
                "{subject} references {} before it is registered",
                r["subject"]
            );
            let name = r["name"].as_str().unwrap();
            assert!(
                body["schema"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("\"{name}#")),
                "{subject}: reference {name} is not a $ref of the schema"
            );
        }
        if subject.ends_with("-value") {
            assert!(schema["properties"]["event_type"].is_object(), "{subject}");
        }
        seen.push(subject.to_owned());
    }
    assert!(seen.contains(&"license.created-value".to_owned()));
    let record = tmp.path().join("cf-record");
    ok(&[
        "export",
        "confluent",
        "-o",
        record.to_str().unwrap(),
        "--subject-strategy",
        "record",
    ]);
    assert!(record.join("license.created.json").exists());
    let tr = tmp.path().join("cf-tr");
    ok(&[
        "export",
        "confluent",
        "-o",
        tr.to_str().unwrap(),
        "--subject-strategy",
        "topic-record",
    ]);
    assert!(tr.join("license-license.created.json").exists());
}

#[test]
fn confluent_compatibility_follows_the_diff_mode() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("evschema.toml");
    fs::write(
        &cfg,
        format!(
            "catalog = \"{}\"\n[diff]\nmode = \"full\"\n",
            root().join("schemas").display()
        ),
    )
    .unwrap();
    let out = tmp.path().join("cf");
    ok(&[
        "--config",
        cfg.to_str().unwrap(),
        "export",
        "confluent",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        read_json(&out.join("manifest.json"))["compatibility"],
        json!("FULL")
    );
}

#[test]
fn convertible_constructs_are_converted_and_proved() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eb");
    let dir = fixture("convertible");
    ok(&[
        "--no-config",
        "export",
        "eventbridge",
        &dir,
        "-o",
        out.to_str().unwrap(),
        "--registry",
        "orders",
    ]);
    assert_eq!(
        files_in(&out),
        [
            "order.placed.json",
            "order.refunded.json",
            "payment.captured.json",
            "shipment.packed.json"
        ]
    );
    let req = read_json(&out.join("order.placed.json"));
    let content: Value = serde_json::from_str(req["Content"].as_str().unwrap()).unwrap();
    let golden = root().join("tests/golden/export/order_placed.draft4.json");
    let pretty = format!("{}\n", serde_json::to_string_pretty(&content).unwrap());
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(golden.parent().unwrap()).unwrap();
        fs::write(&golden, &pretty).unwrap();
    }
    assert_eq!(
        pretty,
        fs::read_to_string(&golden).unwrap(),
        "golden {}",
        golden.display()
    );
    let payload = &content["properties"]["payload"];
    let line = &payload["properties"]["lines"]["items"]["properties"];
    // integer: number + multipleOf 1; exclusiveMaximum: boolean form
    assert_eq!(
        line["quantity"],
        json!({"type": "number", "multipleOf": 1, "minimum": 1, "maximum": 1000, "exclusiveMaximum": true})
    );
    // const → enum; boolean schemas → objects
    assert_eq!(payload["properties"]["channel"]["enum"], json!(["web"]));
    assert_eq!(payload["properties"]["legacy_coupon"], json!({"not": {}}));
    assert_eq!(payload["properties"]["notes"], json!({}));
    // if/then → anyOf [not if, then]
    assert_eq!(
        payload["allOf"][0]["anyOf"][1],
        json!({"required": ["address"]})
    );
    // the $id-keyed cross-file ref is moved under definitions
    assert_eq!(
        line["unit_price"]["$ref"],
        json!("#/definitions/evschema:common~1money.json/definitions/price")
    );
    let amount = &content["definitions"]["evschema:common/money.json"]["definitions"]["amount"];
    assert_eq!(amount["exclusiveMinimum"], json!(true));
    let refunded = read_json(&out.join("order.refunded.json"));
    let c: Value = serde_json::from_str(refunded["Content"].as_str().unwrap()).unwrap();
    let p = &c["properties"]["payload"];
    assert_eq!(
        p["dependencies"],
        json!({"reason_code": ["reason"]}),
        "an empty dependency is dropped"
    );
    assert_eq!(
        p["properties"]["reason_code"]["type"],
        json!(["number", "null"])
    );
    assert_eq!(
        p["properties"]["attempts"]["allOf"],
        json!([{"minimum": 0, "exclusiveMinimum": true}])
    );
    // if/then/else → anyOf [{allOf: [if, then]}, {allOf: [{not: if}, else]}]
    let payment = read_json(&out.join("payment.captured.json"));
    let c: Value = serde_json::from_str(payment["Content"].as_str().unwrap()).unwrap();
    let cond = &c["properties"]["payload"]["allOf"][0]["anyOf"];
    assert_eq!(cond[0]["allOf"][1], json!({"required": ["card_last4"]}));
    assert_eq!(
        cond[1]["allOf"][0]["not"],
        json!({"properties": {"method": {"enum": ["card"]}}})
    );
    assert_eq!(cond[1]["allOf"][1], json!({"required": ["iban"]}));
    // contains: C → anyOf [{not: {type: array}}, {not: {items: {not: C}}}]
    let packed = read_json(&out.join("shipment.packed.json"));
    let c: Value = serde_json::from_str(packed["Content"].as_str().unwrap()).unwrap();
    assert_eq!(
        c["properties"]["payload"]["properties"]["labels"]["allOf"][0]["anyOf"],
        json!([{"not": {"type": "array"}}, {"not": {"items": {"not": {"enum": ["fragile"]}}}}])
    );
    // the two other targets take the fixture as it is
    let a = tmp.path().join("a.json");
    ok(&[
        "--no-config",
        "export",
        "asyncapi",
        &dir,
        "-o",
        a.to_str().unwrap(),
    ]);
    let doc = read_json(&a);
    assert_eq!(
        doc["components"]["messages"]["order.placed"]["payload"]["schema"]["properties"]["payload"]
            ["properties"]["total"]["$ref"],
        json!("#/components/schemas/common.money/schema/definitions/price")
    );
    assert!(doc["channels"]["webhooks.order"]["bindings"].is_null());
    let cf = tmp.path().join("cf");
    ok(&[
        "--no-config",
        "export",
        "confluent",
        &dir,
        "-o",
        cf.to_str().unwrap(),
    ]);
    let placed = read_json(&cf.join("order.placed-value.json"));
    assert_eq!(
        placed["references"],
        json!([{"name": "https://schemas.example.com/common/money.json", "subject": "common.money", "version": 1}])
    );
}

#[test]
fn unconvertible_constructs_are_refused_naming_type_keyword_and_why() {
    let cases = [
        (
            "property-names-length",
            "inventory.adjusted",
            "`propertyNames` at /properties/payload/propertyNames",
            "maxLength",
        ),
        (
            "property-names-pattern",
            "inventory.counted",
            "`propertyNames` at /properties/payload/propertyNames",
            "cannot prove",
        ),
        (
            "draft-2020-12",
            "invoice.issued",
            "`$schema` at /$schema",
            "draft-06/07",
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (case, event_type, keyword, why) in cases {
        let out = tmp.path().join(case);
        let r = run(&[
            "--no-config",
            "export",
            "eventbridge",
            &fixture(&format!("unconvertible/{case}")),
            "-o",
            out.to_str().unwrap(),
            "--registry",
            "r",
        ]);
        assert_eq!(r.code, 1, "{case}: {}", r.stderr);
        let line = r.stderr.lines().next().unwrap_or_default();
        assert!(
            line.starts_with("error: tests/fixtures/export/unconvertible/"),
            "{case}: {line}"
        );
        assert!(
            line.contains(&format!(": {event_type}: {keyword}")),
            "{case}: {line}"
        );
        assert!(line.contains(why), "{case}: {line}");
        assert!(r.stderr.contains("nothing was written"), "{case}");
        assert!(!out.exists(), "{case}: wrote files");
        // AsyncAPI and Confluent carry the schema as written: no conversion to refuse
        ok(&[
            "--no-config",
            "export",
            "asyncapi",
            &fixture(&format!("unconvertible/{case}")),
        ]);
    }
}

#[test]
fn export_help_teaches() {
    let r = ok(&["export", "--help"]);
    assert!(r.stdout.contains("Lossless or it fails"), "{}", r.stdout);
    assert!(r
        .stdout
        .contains("evschema export eventbridge -o build/eventbridge --registry credentialing"));
    let r = ok(&["export", "eventbridge", "--help"]);
    assert!(r.stdout.contains("JSONSchemaDraft4"));
}

#[test]
fn a_broken_ref_is_exit_2_naming_file_line_and_ref() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    fs::create_dir_all(dir.join("sns_topics")).unwrap();
    fs::write(
        dir.join("sns_topics/a.json"),
        "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"event_type\": {\"const\": \"a.b\"},\n    \"payload\": {\"$ref\": \"../common/missing.json#/definitions/x\"}\n  }\n}\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    for args in [
        vec!["--no-config", "export", "asyncapi", d],
        vec![
            "--no-config",
            "export",
            "eventbridge",
            d,
            "-o",
            o,
            "--registry",
            "r",
        ],
        vec!["--no-config", "export", "confluent", d, "-o", o],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("sns_topics/a.json:5:"), "{}", r.stderr);
        assert!(r.stderr.contains("../common/missing.json"), "{}", r.stderr);
        assert!(!out.exists());
    }
}

#[test]
fn a_second_major_gets_its_own_message_schema_and_subject() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("schemas");
    let copy = std::process::Command::new("cp")
        .args([
            "-r",
            root().join("schemas").to_str().unwrap(),
            cat.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(copy.success());
    let c = cat.to_str().unwrap();
    ok(&[
        "--no-config",
        "new-major",
        "license.created",
        "--dir",
        c,
        "--date",
        "2027-01-31",
    ]);
    let a = ok(&["--no-config", "export", "asyncapi", c]);
    let doc: Value = serde_json::from_str(&a.stdout).unwrap();
    let messages = doc["components"]["messages"].as_object().unwrap();
    assert_eq!(messages.len(), EVENT_TYPES + 1);
    assert_eq!(messages["license.created"]["deprecated"], json!(true));
    assert_eq!(
        messages["license.created.v2"]["name"],
        json!("license.created")
    );
    assert_eq!(
        messages["license.created.v2"]["headers"]["properties"]["version"]["pattern"],
        json!("^2\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$")
    );
    let eb = tmp.path().join("eb");
    ok(&[
        "--no-config",
        "export",
        "eventbridge",
        c,
        "-o",
        eb.to_str().unwrap(),
        "--registry",
        "r",
    ]);
    assert!(
        eb.join("license.created.json").exists() && eb.join("license.created.v2.json").exists()
    );
    let cf = tmp.path().join("cf");
    ok(&[
        "--no-config",
        "export",
        "confluent",
        c,
        "-o",
        cf.to_str().unwrap(),
    ]);
    assert!(cf.join("license.created.v2-value.json").exists());
}

#[test]
fn format_json_reports_written_stale_and_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eb");
    let o = out.to_str().unwrap();
    let case = fixture("unconvertible/property-names-length");
    let r = run(&[
        "--no-config",
        "export",
        "eventbridge",
        &case,
        "-o",
        o,
        "--registry",
        "r",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["target"], json!("eventbridge"));
    let refused = &v["refused"][0];
    assert_eq!(refused["event_type"], json!("inventory.adjusted"));
    assert_eq!(refused["keyword"], json!("propertyNames"));
    assert_eq!(
        refused["pointer"],
        json!("/properties/payload/propertyNames")
    );
    assert!(refused["line"].as_u64().is_some_and(|l| l > 1));
    assert!(refused["file"]
        .as_str()
        .unwrap()
        .ends_with("sns_topics/inventory_adjusted.json"));
    let r = ok(&["export", "confluent", "-o", o, "--format", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["written"].as_array().unwrap().len(), EVENT_TYPES + 3);
    assert_eq!(v["refused"], json!([]));
    fs::write(out.join("manifest.json"), "{}\n").unwrap();
    let r = run(&[
        "export",
        "confluent",
        "-o",
        o,
        "--check",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["stale"],
        json!([out.join("manifest.json").display().to_string()])
    );
    let f = tmp.path().join("a.json");
    let r = ok(&[
        "export",
        "asyncapi",
        "-o",
        f.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["written"], json!([f.display().to_string()]));
    assert_eq!(
        run(&["export", "asyncapi", "--format", "json"]).code,
        2,
        "json needs -o for asyncapi"
    );
}

/// An embedded `$id` resource converts since refs are resolved per the specification: the
/// bundle resolves every ref below it and drops the embedded `$id`, so the draft-04 schema
/// accepts the same events (the lossless check proves it).
#[test]
fn an_embedded_id_resource_converts_once_its_refs_are_resolved() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eb");
    let r = run(&[
        "--no-config",
        "export",
        "eventbridge",
        &fixture("unconvertible/embedded-id"),
        "-o",
        out.to_str().unwrap(),
        "--registry",
        "r",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(written.len(), 1);
}
