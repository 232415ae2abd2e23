//! `evschema validate`, run as the real binary on real files.

use std::fs;
use std::path::Path;

use crate::support::*;
use assert_cmd::Command;
use serde_json::Value;

fn evschema() -> Command {
    let mut cmd = bin_in(&root());
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

fn run_with(args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = evschema();
    cmd.args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s.to_owned());
    }
    Run::of(&mut cmd)
}

fn fixture(p: &str) -> String {
    format!("tests/fixtures/validate/{p}")
}

#[test]
fn shipped_valid_examples_are_all_valid() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "schemas/examples/valid.ndjson",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let lines = json_lines(&r.stdout);
    let text = fs::read_to_string(root().join("schemas/examples/valid.ndjson")).unwrap();
    assert_eq!(
        lines.len(),
        text.lines().filter(|l| !l.trim().is_empty()).count()
    );
    let mut types: Vec<&str> = lines
        .iter()
        .map(|l| {
            assert_eq!(l["valid"], true, "{l}");
            l["event_type"].as_str().unwrap()
        })
        .collect();
    types.sort();
    types.dedup();
    assert_eq!(types.len(), 19, "every event type has a valid sample");
}

#[test]
fn every_schema_example_validates_through_routing() {
    let mut events = String::new();
    let mut count = 0;
    for dir in ["sns_topics", "sqs_queues", "webhooks"] {
        for entry in fs::read_dir(root().join("schemas").join(dir)).unwrap() {
            let schema: Value =
                serde_json::from_str(&fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
            let examples = schema["examples"]
                .as_array()
                .expect("every schema has examples");
            assert!(!examples.is_empty());
            for e in examples {
                events.push_str(&serde_json::to_string(e).unwrap());
                events.push('\n');
                count += 1;
            }
        }
    }
    let r = run_with(&["validate", "--format", "json", "-"], Some(&events));
    assert_eq!(r.code, 0, "{}", r.stdout);
    let lines = json_lines(&r.stdout);
    assert_eq!(lines.len(), count);
    assert!(lines.iter().all(|l| l["valid"] == true));
}

#[test]
fn each_invalid_sample_is_rejected_at_the_expected_path() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "schemas/examples/invalid.ndjson",
    ]);
    assert_eq!(r.code, 1);
    let lines = json_lines(&r.stdout);
    let tsv =
        fs::read_to_string(root().join("tests/fixtures/catalog/invalid_expectations.tsv")).unwrap();
    let expectations: Vec<Vec<&str>> = tsv
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(expectations.len(), 19);
    assert_eq!(lines.len(), 19);
    let mut types = Vec::new();
    for (line, exp) in lines.iter().zip(&expectations) {
        assert_eq!(
            line["source"],
            format!("schemas/examples/invalid.ndjson:{}", exp[0])
        );
        assert_eq!(line["valid"], false);
        assert_eq!(line["event_type"], exp[1]);
        let paths: Vec<&str> = line["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["instance_path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, vec![exp[2]], "line {}: {}", exp[0], exp[3]);
        types.push(exp[1]);
    }
    types.sort();
    types.dedup();
    assert_eq!(types.len(), 19, "one invalid sample per event type");
}

#[test]
fn json_output_has_the_design_shape_and_key_order() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "schemas/examples/invalid.ndjson",
    ]);
    let first = r.stdout.lines().next().unwrap();
    assert!(
        first.starts_with(
            r#"{"source":"schemas/examples/invalid.ndjson:1","file":"schemas/examples/invalid.ndjson","line":1,"column":1,"valid":false,"event_type":"license.created","schema":"schemas/sns_topics/license_created.json","errors":[{"instance_path":"/payload/state","schema_path":"common/us_states.json#/definitions/us_state/enum","message":"#
        ),
        "{first}"
    );
}

#[test]
fn human_output_is_compact_with_a_summary() {
    let r = run(&["validate", "schemas/examples"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains(
        "schemas/examples/invalid.ndjson:3: invalid license.expiration.warning.90d (schemas/sns_topics/license_expiration.json)\n  /payload/days_until_expiration: \"90\" is not of type \"integer\"  [/properties/payload/properties/days_until_expiration/type]\n"
    ), "{}", r.stdout);
    let last = r.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("47 valid, 19 invalid, 2 files, in "),
        "{last}"
    );
    assert!(!r.stdout.contains('\u{1b}'), "no colour when piped");
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let r = run(&[
        "validate",
        "--color",
        "always",
        "schemas/examples/invalid.ndjson",
    ]);
    assert!(r.stdout.contains("\u{1b}["));
    let out = evschema()
        .env("NO_COLOR", "1")
        .args(["validate", "schemas/examples/invalid.ndjson"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn malformed_and_unroutable_lines_are_invalid_and_the_stream_goes_on() {
    let input = concat!(
        r#"{"event_type":"license.expired"#,
        "\n\n",
        r#"{"event_id":"x"}"#,
        "\n",
        r#"{"event_type":"no.such.event"}"#,
        "\n   \n",
        r#"[1,2]"#,
        "\n",
        r#"{"event_type":42}"#,
        "\n"
    );
    let r = run_with(&["validate", "--format", "json", "-"], Some(input));
    assert_eq!(r.code, 1);
    let lines = json_lines(&r.stdout);
    let sources: Vec<&str> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        vec![
            "<stdin>:1",
            "<stdin>:3",
            "<stdin>:4",
            "<stdin>:6",
            "<stdin>:7"
        ]
    );
    let msg = |i: usize| {
        lines[i]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        msg(0).starts_with("malformed JSON: EOF while parsing a string at column 30"),
        "{}",
        msg(0)
    );
    assert!(msg(1).contains("no \"event_type\""), "{}", msg(1));
    assert!(
        msg(2).contains("unknown event_type \"no.such.event\""),
        "{}",
        msg(2)
    );
    assert_eq!(lines[2]["errors"][0]["instance_path"], "/event_type");
    assert!(
        msg(3).contains("expected an event object, found array"),
        "{}",
        msg(3)
    );
    assert!(msg(4).contains("event_type must be a string"), "{}", msg(4));
    assert!(lines.iter().all(|l| l["valid"] == false));
    assert!(
        r.stderr
            .contains("0 valid, 5 invalid, 1 file, 2 blank lines skipped"),
        "{}",
        r.stderr
    );
}

#[test]
fn crlf_and_bom_are_accepted() {
    let line = fs::read_to_string(root().join("schemas/examples/valid.ndjson"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let input = format!("\u{feff}{line}\r\n{line}\r\n");
    let r = run_with(&["validate", "--format", "json", "-"], Some(&input));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(json_lines(&r.stdout).len(), 2);
}

#[test]
fn routes_by_major_version_where_several_exist() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "--catalog",
        &fixture("versioned"),
        &fixture("versioned.ndjson"),
    ]);
    assert_eq!(r.code, 1);
    let lines = json_lines(&r.stdout);
    let v1 = "tests/fixtures/validate/versioned/sns_topics/thing_created.json";
    let v2 = "tests/fixtures/validate/versioned/sns_topics/thing_created.v2.json";
    assert_eq!(
        (lines[0]["valid"].clone(), lines[0]["schema"].clone()),
        (true.into(), v1.into())
    );
    assert_eq!(
        (lines[1]["valid"].clone(), lines[1]["schema"].clone()),
        (true.into(), v2.into())
    );
    assert_eq!(
        (lines[2]["valid"].clone(), lines[2]["schema"].clone()),
        (false.into(), v2.into())
    );
    assert_eq!(lines[2]["errors"][0]["instance_path"], "/payload/name");
    assert_eq!(lines[3]["valid"], false);
    assert!(lines[3]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no schema for major version 3 (the catalog has 1, 2)"));
    assert_eq!(lines[3]["errors"][0]["instance_path"], "/version");
    assert!(lines[4]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no string \"version\""));
}

#[test]
fn one_schema_with_dash_schema() {
    let payload = r#"{"event_type":"license.created","event_id":"not-a-uuid","timestamp":"2025-01-01T00:00:00Z","version":"1.0.0","payload":{}}"#;
    let r = run_with(
        &[
            "validate",
            "--format",
            "json",
            "--schema",
            "schemas/sns_topics/license_expired.json",
            "-",
        ],
        Some(payload),
    );
    assert_eq!(r.code, 1);
    let l = &json_lines(&r.stdout)[0];
    assert_eq!(l["schema"], "schemas/sns_topics/license_expired.json");
    let paths: Vec<&str> = l["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["instance_path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"/event_type"), "{paths:?}");
    assert!(paths.contains(&"/event_id"), "{paths:?}");
}

#[test]
fn formats_are_asserted_under_draft_07_unless_turned_off() {
    let mut event: Value = serde_json::from_str(
        fs::read_to_string(root().join("schemas/examples/valid.ndjson"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    event["event_id"] = "not-a-uuid".into();
    let input = serde_json::to_string(&event).unwrap();
    let r = run_with(&["validate", "--format", "json", "-"], Some(&input));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains(r#""message":"\"not-a-uuid\" is not a \"uuid\"""#),
        "{}",
        r.stdout
    );
    let r = run_with(
        &["validate", "--format", "json", "--no-format-assertion", "-"],
        Some(&input),
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn redact_hides_instance_values() {
    let r = run(&[
        "validate",
        "--redact",
        "--format",
        "json",
        "schemas/examples/invalid.ndjson",
    ]);
    assert_eq!(r.code, 1);
    for secret in [
        "\\\"ZZ\\\"",
        "LIC-TX-912345",
        "jkim.oldclinic.example",
        "415-555-0123",
    ] {
        assert!(!r.stdout.contains(secret), "{secret} leaked:\n{}", r.stdout);
    }
    assert!(
        r.stdout.contains("<string> is not a \\\"uuid\\\""),
        "{}",
        r.stdout
    );
}

#[test]
fn github_annotations_name_file_and_line() {
    let r = run(&[
        "validate",
        "--format",
        "github",
        "schemas/examples/invalid.ndjson",
    ]);
    assert_eq!(r.code, 1);
    let first = r.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "::error file=schemas/examples/invalid.ndjson,line=1,title=invalid license.created event::/payload/state: \"ZZ\" is not one of \"AL\", \"AK\" or 54 other candidates"
    );
    assert_eq!(r.stdout.lines().count(), 19);
}

#[test]
fn json_documents_report_error_lines_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("event.json");
    let mut event: Value = serde_json::from_str(
        fs::read_to_string(root().join("schemas/examples/valid.ndjson"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    event["timestamp"] = "yesterday".into();
    fs::write(&path, serde_json::to_string_pretty(&event).unwrap()).unwrap();
    let p = path.to_str().unwrap();
    let r = run(&["validate", p]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("  /timestamp (line 4, column 16): \"yesterday\" is not a \"date-time\""),
        "{}",
        r.stdout
    );
    let r = run(&["validate", "--format", "github", p]);
    assert!(
        r.stdout
            .starts_with(&format!("::error file={p},line=4,col=16,")),
        "{}",
        r.stdout
    );
}

#[test]
fn array_mode_streams_elements() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = fs::read_to_string(root().join("schemas/examples/valid.ndjson"))
        .unwrap()
        .lines()
        .take(3)
        .map(str::to_owned)
        .collect();
    let array = format!(
        "[\n{},\n{},\n{}, {{\"oops\": 1}}\n]\n",
        lines[0], lines[1], lines[2]
    );
    let path = dir.path().join("events.json");
    fs::write(&path, array).unwrap();
    let p = path.to_str().unwrap();
    let r = run(&["validate", "--array", "--format", "json", p]);
    assert_eq!(r.code, 1);
    let out = json_lines(&r.stdout);
    let sources: Vec<String> = out
        .iter()
        .map(|l| l["source"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        sources,
        (0..4).map(|i| format!("{p}[{i}]")).collect::<Vec<_>>()
    );
    assert_eq!(out.iter().filter(|l| l["valid"] == true).count(), 3);
    // without --array the whole array is one instance, which is not an event object
    let r = run(&["validate", "--format", "json", p]);
    assert_eq!(json_lines(&r.stdout).len(), 1);
    // an object with --array is one invalid instance saying why
    let obj = dir.path().join("one.json");
    fs::write(&obj, &lines[0]).unwrap();
    let r = run(&[
        "validate",
        "--array",
        "--format",
        "json",
        obj.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("expected a JSON array of events (--array)"),
        "{}",
        r.stdout
    );
}

#[test]
fn folders_are_walked_in_sorted_order_and_other_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let valid = fs::read_to_string(root().join("schemas/examples/valid.ndjson")).unwrap();
    let first = valid.lines().next().unwrap();
    fs::create_dir(dir.path().join("b")).unwrap();
    fs::write(dir.path().join("b/z.ndjson"), format!("{first}\n")).unwrap();
    fs::write(dir.path().join("a.jsonl"), format!("{first}\n{first}\n")).unwrap();
    fs::write(dir.path().join("c.json"), first).unwrap();
    fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let d = dir.path().to_str().unwrap();
    let r = run(&["validate", "--format", "json", d]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let sources: Vec<String> = json_lines(&r.stdout)
        .iter()
        .map(|l| l["source"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        sources,
        vec![
            format!("{d}/a.jsonl:1"),
            format!("{d}/a.jsonl:2"),
            format!("{d}/b/z.ndjson:1"),
            format!("{d}/c.json"),
        ]
    );
    assert!(
        r.stderr
            .contains("passed over 1 file not ending in .json, .ndjson or .jsonl"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("notes.txt"));
}

#[test]
fn big_streams_keep_input_order_and_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let valid = fs::read_to_string(root().join("schemas/examples/valid.ndjson")).unwrap();
    let invalid = fs::read_to_string(root().join("schemas/examples/invalid.ndjson")).unwrap();
    let mut big = String::new();
    for i in 0..300 {
        big.push_str(&valid);
        big.push_str(&invalid);
        if i % 7 == 0 {
            big.push_str("{broken\n\n");
        }
    }
    let path = dir.path().join("big.ndjson");
    fs::write(&path, &big).unwrap();
    let p = path.to_str().unwrap();
    let a = run(&["validate", "--format", "json", "--jobs", "2", p]);
    let b = run(&["validate", "--format", "json", "--jobs", "4", p]);
    let c = run(&["validate", "--format", "json", "--jobs", "1", p]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stdout, c.stdout);
    let lines = json_lines(&a.stdout);
    let total_lines = big.lines().count();
    let blank = big.lines().filter(|l| l.trim().is_empty()).count();
    assert_eq!(
        lines.len() + blank,
        total_lines,
        "one result per non-blank line"
    );
    let numbers: Vec<usize> = lines
        .iter()
        .map(|l| {
            let s = l["source"].as_str().unwrap();
            s.rsplit(':').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "input order kept");
    assert!(
        a.stderr.contains(&format!(
            "{} valid, {} invalid, 1 file, {} blank lines skipped",
            300 * 47,
            300 * 19 + 43,
            43
        )),
        "{}",
        a.stderr
    );
}

#[test]
fn bad_invocations_exit_2_with_a_message() {
    let r = run(&["validate", "no/such/file.ndjson"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no/such/file.ndjson: cannot read"),
        "{}",
        r.stderr
    );

    let r = run(&["validate", "--catalog", "no/such/dir", "schemas/examples"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("the catalog folder no/such/dir does not exist"),
        "{}",
        r.stderr
    );

    let r = run(&[
        "validate",
        "--catalog",
        &fixture("brokenjson"),
        "schemas/examples",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "tests/fixtures/validate/brokenjson/sns_topics/broken.json:3:18: not valid JSON"
        ),
        "{}",
        r.stderr
    );

    let r = run(&["validate", "--catalog", &fixture("dup"), "schemas/examples"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("dup/webhooks/thing_created.json"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("also claimed by tests/fixtures/validate/dup/sns_topics/thing_created.json"),
        "{}",
        r.stderr
    );

    let r = run(&[
        "validate",
        "--catalog",
        &fixture("badref"),
        "schemas/examples",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "escape.json:5:25: $ref \"../../../etc/passwd\" points outside the catalog root"
        ),
        "{}",
        r.stderr
    );

    let r = run(&["validate", "--format", "xml", "schemas/examples"]);
    assert_eq!(r.code, 2);

    let r = run(&["validate", "--schema", "schemas", "schemas/examples"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--schema takes a schema file"),
        "{}",
        r.stderr
    );
}

#[test]
fn quiet_prints_only_invalid_instances() {
    let r = run(&["validate", "-q", "schemas/examples"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains(" valid, "));
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.contains(": invalid "))
            .count(),
        19
    );
    let r = run(&["validate", "-q", "schemas/examples/valid.ndjson"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "");
}

#[test]
fn completions_are_committed_and_fresh() {
    for (shell, file) in [
        ("bash", "evschema.bash"),
        ("zsh", "_evschema"),
        ("fish", "evschema.fish"),
        ("powershell", "_evschema.ps1"),
        ("elvish", "evschema.elv"),
    ] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0);
        let committed = fs::read_to_string(Path::new(&root()).join("completions").join(file))
            .unwrap_or_default();
        assert!(
            committed == r.stdout,
            "completions/{file} is stale: run scripts/update-completions.sh"
        );
    }
}
