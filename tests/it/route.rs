//! Routing by any field, envelopes, SNS/SQS unwrapping and compressed inputs, through the
//! real binary on fixtures modelled on public catalogs (tests/fixtures/route/).

use crate::support::*;
use serde_json::Value;

fn run_with(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut cmd = plain_in(&root());
    cmd.args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    Run::of(&mut cmd)
}

fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

const F: &str = "tests/fixtures/route";

fn f(p: &str) -> String {
    format!("{F}/{p}")
}

/// (valid, event_type, schema file name or null, first error message) per line.
fn verdicts(lines: &[Value]) -> Vec<(bool, Value, Value, String)> {
    lines
        .iter()
        .map(|l| {
            let schema = match &l["schema"] {
                Value::String(s) => Value::String(s.rsplit('/').next().unwrap().to_owned()),
                other => other.clone(),
            };
            let msg = l["errors"][0]["message"].as_str().unwrap_or("").to_owned();
            (
                l["valid"].as_bool().unwrap(),
                l["event_type"].clone(),
                schema,
                msg,
            )
        })
        .collect()
}

#[test]
fn cloudevents_route_by_type_with_data_and_did_you_mean() {
    let r = run(&[
        "validate",
        "--catalog",
        &f("cloudevents"),
        "--envelope",
        "cloudevents",
        "--format",
        "json",
        &f("cloudevents.ndjson"),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    let v = verdicts(&lines);
    assert_eq!(v.len(), 6);
    assert_eq!(
        (v[0].0, v[0].2.as_str()),
        (true, Some("license.created.json"))
    );
    // an enum claims both of its types
    assert_eq!(
        (v[1].0, v[1].2.as_str()),
        (true, Some("license.expired.json"))
    );
    assert!(!v[2].0);
    assert_eq!(lines[2]["errors"][0]["instance_path"], "/data/license_id");
    assert_eq!(
        v[3].3,
        "unknown type \"com.example.license.craeted\": no schema in the catalog routes it; did you mean \"com.example.license.created\"?"
    );
    assert_eq!(lines[3]["errors"][0]["instance_path"], "/type");
    assert_eq!(v[4].3, "no \"type\": cannot route the event to a schema");
    // the shared envelope in common/ is applied through allOf
    assert_eq!(
        lines[5]["errors"][0]["schema_path"],
        "common/cloudevent.json#/properties/specversion/const"
    );
    // the same stream under the default route key routes nothing
    let r = run(&[
        "validate",
        "--catalog",
        &f("cloudevents"),
        &f("cloudevents.ndjson"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("routes no event type") && r.stderr.contains("--envelope"),
        "{}",
        r.stderr
    );
}

#[test]
fn eventbridge_routes_by_detail_type_and_the_major_in_detail() {
    let r = run(&[
        "validate",
        "--catalog",
        &f("eventbridge"),
        "--envelope",
        "eventbridge",
        "--format",
        "json",
        &f("eventbridge.ndjson"),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    let v = verdicts(&lines);
    // a draft-04 registry export claims its detail-type by enum
    assert!(v[0].0);
    assert_eq!(v[0].1, "EC2 Instance State-change Notification");
    assert_eq!(v[1].2.as_str(), Some("LicenseCreated.json"));
    assert_eq!(v[2].2.as_str(), Some("LicenseCreated.v2.json"));
    assert!(!v[2].0, "v2 requires detail.state");
    assert_eq!(lines[3]["errors"][0]["instance_path"], "/detail/state");
    assert_eq!(lines[4]["errors"][0]["instance_path"], "/detail/version");
    assert!(
        v[4].3
            .contains("no schema for major version 3 (the catalog has 1, 2)"),
        "{}",
        v[4].3
    );
    // --version-key overrides the preset: the envelope's own "0" picks no major
    let r = run(&[
        "validate",
        "--catalog",
        &f("eventbridge"),
        "--envelope",
        "eventbridge",
        "--version-key",
        "/version",
        "--format",
        "json",
        &f("eventbridge.ndjson"),
    ]);
    let v = verdicts(&json_lines(&r.stdout));
    assert!(
        v[1].3.contains("no schema for major version 0"),
        "{}",
        v[1].3
    );
}

#[test]
fn eventbridge_events_delivered_to_sqs_are_unwrapped() {
    let r = run(&[
        "validate",
        "--catalog",
        &f("eventbridge"),
        "--envelope",
        "eventbridge",
        &f("eventbridge-sqs.ndjson"),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains(
        "tests/fixtures/route/eventbridge-sqs.ndjson:2: invalid EC2 Instance State-change Notification (tests/fixtures/route/eventbridge/aws.ec2/EC2InstanceStateChangeNotification.json), inside SQS message\n  /detail/state:"
    ), "{}", r.stdout);
    assert!(r.stdout.contains("1 valid, 1 invalid"), "{}", r.stdout);
}

#[test]
fn sns_notifications_in_sqs_are_unwrapped_and_their_attributes_checked() {
    let r = run(&["validate", "--format", "json", &f("sns-sqs.ndjson")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    assert_eq!(lines.len(), 7);
    // results keep naming the outer line
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["source"], format!("{F}/sns-sqs.ndjson:{}", i + 1));
        assert_eq!(l["line"], i as u64 + 1);
    }
    let v = verdicts(&lines);
    assert_eq!(
        (v[0].0, v[0].2.as_str()),
        (true, Some("license_created.json"))
    );
    assert_eq!(
        v[1].3,
        "the SNS notification's MessageAttributes event_type is \"license.updated\" but the event's event_type is \"license.created\": the publisher and the event disagree"
    );
    assert_eq!(lines[1]["errors"][0]["instance_path"], "/event_type");
    assert_eq!(lines[2]["errors"][0]["instance_path"], "/version");
    assert!(v[2]
        .3
        .contains("version is \"2.0.0\" but the event's version is \"1.0.0\""));
    assert!(
        v[3].3
            .starts_with("the SNS notification's Message is not JSON")
            && v[3].3.contains("license 660e8400 created"),
        "{}",
        v[3].3
    );
    assert_eq!(lines[4]["errors"][0]["instance_path"], "/payload/state");
    // raw message delivery: the SQS message's own attributes are checked too
    assert!(
        v[5].3
            .starts_with("the SQS message's MessageAttributes event_type is \"license.expired\""),
        "{}",
        v[5].3
    );
    // a Lambda SQS record around an SNS notification
    assert!(v[6].0, "{:?}", lines[6]);
    // --no-unwrap: the wrappers are what gets routed, and they carry no event_type
    let r = run(&[
        "validate",
        "--no-unwrap",
        "--format",
        "json",
        &f("sns-sqs.ndjson"),
    ]);
    let v = verdicts(&json_lines(&r.stdout));
    assert!(
        v.iter()
            .all(|x| !x.0 && x.3.starts_with("no \"event_type\"")),
        "{v:?}"
    );
}

#[test]
fn an_http_subscriber_notification_file_is_unwrapped() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        &f("sns-http/notification.json"),
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let l = &json_lines(&r.stdout)[0];
    assert_eq!(l["event_type"], "license.created");
    assert_eq!(l["line"], Value::Null);
    assert_eq!(l["column"], Value::Null);
}

#[test]
fn naming_rules_route_github_style_deliveries() {
    let r = run(&[
        "--config",
        &f("github/evschema.toml"),
        "validate",
        "--format",
        "json",
        &f("github-deliveries.ndjson"),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    let v = verdicts(&lines);
    assert_eq!(
        (v[0].0, v[0].1.as_str(), v[0].2.as_str()),
        (true, Some("issues.opened"), Some("opened.schema.json"))
    );
    // no action: the second rule, event.schema.json
    assert_eq!(
        (v[1].0, v[1].1.as_str(), v[1].2.as_str()),
        (true, Some("push"), Some("event.schema.json"))
    );
    // errors point into the delivery, under the rule's body
    assert_eq!(
        lines[2]["errors"][0]["instance_path"],
        "/request/payload/issue/state"
    );
    assert_eq!(
        v[3].3,
        "no schema file of the catalog matches the event (looked for \"issues/opend.schema.json\", \"issues/event.schema.json\"); did you mean \"issues.opened\"?"
    );
}

#[test]
fn bad_routing_settings_exit_2_naming_the_setting() {
    let r = run(&[
        "validate",
        "--route-key",
        "event_type",
        &f("sns-sqs.ndjson"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("the route key \"event_type\" is not a JSON pointer"),
        "{}",
        r.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("evschema.toml");
    std::fs::write(&cfg, "[[routing.naming]]\nfiles = \"{/a}{/b}.json\"\n").unwrap();
    let r = run(&[
        "--config",
        cfg.to_str().unwrap(),
        "validate",
        &f("sns-sqs.ndjson"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("naming rule #1: files")
            && r.stderr.contains("two placeholders in a row"),
        "{}",
        r.stderr
    );
    std::fs::write(&cfg, "[routing]\nkey = \"/type\"\nkeys = 1\n").unwrap();
    let r = run(&[
        "--config",
        cfg.to_str().unwrap(),
        "validate",
        &f("sns-sqs.ndjson"),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("keys"), "{}", r.stderr);
}

#[test]
fn gzip_members_and_zstd_frames_are_validated_by_extension_and_on_stdin() {
    let r = run(&["validate", "--format", "json", &f("archive")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    let count = |name: &str, valid: bool| {
        lines
            .iter()
            .filter(|l| l["file"] == f(&format!("archive/{name}")) && l["valid"] == valid)
            .count()
    };
    // two gzip members (20 + 27 events), two zstd frames (the same events)
    assert_eq!(count("events.ndjson.gz", true), 47);
    assert_eq!(count("events.jsonl.zst", true), 47);
    assert_eq!(count("invalid.ndjson.gz", false), 19);
    let l = lines
        .iter()
        .find(|l| l["source"] == f("archive/events.ndjson.gz:21"))
        .expect("line 21: the first of the second member");
    assert_eq!(l["line"], 21);
    let zst = std::fs::read(root().join(f("archive/events.jsonl.zst"))).unwrap();
    let r = run_with(&["validate", "-"], Some(zst));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("47 valid, 0 invalid"), "{}", r.stdout);
}

#[test]
fn a_cut_archive_reports_what_it_read_then_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let gz = std::fs::read(root().join(f("archive/events.ndjson.gz"))).unwrap();
    let cut = dir.path().join("cut.ndjson.gz");
    std::fs::write(&cut, &gz[..3000]).unwrap();
    let r = run(&["validate", "--format", "json", cut.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cut.ndjson.gz: cannot read:"),
        "{}",
        r.stderr
    );
    let n = json_lines(&r.stdout).len();
    assert!(n > 0 && n < 47, "{n}");
}

#[test]
fn a_folder_of_schemas_gets_one_hint_not_a_result_per_file() {
    let r = run(&["validate", &f("github")]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(
        errors[0].contains("5 inputs are JSON Schemas, not events")
            && errors[0].contains("--catalog DIR"),
        "{}",
        r.stderr
    );
    let r = run(&["validate", "schemas/sns_topics/license_created.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("license_created.json is a JSON Schema, not an event")
            && r.stderr.contains("--schema FILE"),
        "{}",
        r.stderr
    );
    // schemas beside events: the events are validated, the schemas passed over with a note
    let r = run(&["validate", "--format", "json", "schemas"]);
    assert_eq!(r.code, 1);
    // 47 events, 19 schemas, and the 3 subscription files (not schemas: read as events,
    // unroutable)
    assert_eq!(json_lines(&r.stdout).len(), 47 + 19 + 3);
    assert!(
        r.stderr.contains("note: 19 inputs are JSON Schemas"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_pretty_printed_array_on_stdin_gets_one_hint() {
    let text = "[\n  {\n    \"event_type\": \"license.created\"\n  },\n  {\n    \"event_type\": \"license.expired\"\n  }\n]\n";
    let r = run_with(
        &["validate", "--format", "json", "-"],
        Some(text.as_bytes().to_vec()),
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("error: <stdin>: line 1 opens a JSON array")
            && r.stderr.contains("--array"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr
            .lines()
            .filter(|l| l.contains("line 1 opens"))
            .count(),
        1
    );
    let r = run_with(
        &["validate", "--array", "--format", "json", "-"],
        Some(text.as_bytes().to_vec()),
    );
    let lines = json_lines(&r.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (&lines[1]["line"], &lines[1]["column"]),
        (&Value::from(5), &Value::from(3))
    );
    assert_eq!(lines[1]["file"], Value::Null);
}

#[test]
fn json_results_carry_file_line_and_column() {
    let text = "{\"event_type\":\"license.expired\"}\n\n   {\"event_type\":\"license.craeted\"}\n";
    let r = run_with(
        &["validate", "--format", "json", "-"],
        Some(text.as_bytes().to_vec()),
    );
    let lines = json_lines(&r.stdout);
    let keys: Vec<&str> = lines[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "source",
            "file",
            "line",
            "column",
            "valid",
            "event_type",
            "schema",
            "errors"
        ]
    );
    assert_eq!(
        (&lines[1]["source"], &lines[1]["line"], &lines[1]["column"]),
        (&Value::from("<stdin>:3"), &Value::from(3), &Value::from(4))
    );
    assert!(lines[1]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .ends_with("did you mean \"license.created\"?"));
}

#[test]
fn content_encoding_is_asserted_like_formats() {
    let dir = tempfile::tempdir().unwrap();
    let ev = |attachment: &str| {
        format!(
            "{{\"specversion\":\"1.0\",\"type\":\"com.example.license.created\",\"source\":\"/s\",\"id\":\"1\",\"data\":{{\"license_id\":\"660e8400-e29b-41d4-a716-446655440000\",\"state\":\"CA\",\"attachment\":\"{attachment}\"}}}}\n"
        )
    };
    let p = dir.path().join("e.ndjson");
    // 2020-12 treats contentEncoding as an annotation: a draft-07 copy asserts it
    let schema_dir = dir.path().join("cat");
    std::fs::create_dir_all(&schema_dir).unwrap();
    let mut schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(f("cloudevents/license/license.created.json")))
            .unwrap(),
    )
    .unwrap();
    schema["$schema"] = "http://json-schema.org/draft-07/schema#".into();
    schema.as_object_mut().unwrap().remove("allOf");
    std::fs::write(schema_dir.join("created.json"), schema.to_string()).unwrap();
    // base64 of {"a":1}, base64 of "not json", and not base64 at all
    std::fs::write(&p, ev("eyJhIjoxfQ==") + &ev("bm90IGpzb24=") + &ev("%%%")).unwrap();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "validate",
            "--envelope",
            "cloudevents",
            "--catalog",
            schema_dir.to_str().unwrap(),
            "--format",
            "json",
        ];
        a.extend_from_slice(extra);
        a.push(p.to_str().unwrap());
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let a = args(&[]);
    let r = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let v: Vec<bool> = json_lines(&r.stdout)
        .iter()
        .map(|l| l["valid"].as_bool().unwrap())
        .collect();
    assert_eq!(v, [true, false, false], "{}", r.stdout);
    let a = args(&["--no-format-assertion"]);
    let r = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn envelope_and_keys_come_from_evschema_toml_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("evschema.toml");
    let catalog = root().join(f("cloudevents"));
    std::fs::write(
        &cfg,
        format!(
            "catalog = {:?}\n[routing]\nenvelope = \"cloudevents\"\n",
            catalog.to_str().unwrap()
        ),
    )
    .unwrap();
    let cfg = cfg.to_str().unwrap();
    let r = run(&[
        "--config",
        cfg,
        "validate",
        "--format",
        "json",
        &f("cloudevents.ndjson"),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = verdicts(&json_lines(&r.stdout));
    assert_eq!(v.iter().filter(|x| x.0).count(), 2);
    // a flag over the file: route by the CloudEvents `subject` nothing claims
    let r = run(&[
        "--config",
        cfg,
        "validate",
        "--route-key",
        "/subject",
        &f("cloudevents.ndjson"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no schema there gives /subject a const or enum"),
        "{}",
        r.stderr
    );
}

#[test]
fn one_schema_still_unwraps_and_checks_attributes() {
    let r = run(&[
        "validate",
        "--schema",
        "schemas/sns_topics/license_created.json",
        "--format",
        "json",
        &f("sns-sqs.ndjson"),
    ]);
    let lines = json_lines(&r.stdout);
    assert_eq!(lines[0]["valid"], true, "{:?}", lines[0]);
    assert_eq!(lines[0]["event_type"], "license.created");
    assert!(lines[1]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("the publisher and the event disagree"));
}
