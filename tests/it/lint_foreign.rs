//! `evschema lint` on catalogs evschema did not write (issue: precise, fast, a `--fix` that
//! never changes meaning): vendor extension keywords, presence tests, sibling refs, another
//! folder layout, CI output formats, team rules, and `--fix` over a corpus whose instances
//! must keep their validation results.

use crate::support::*;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint-foreign")
}

/// A finding as (file, code, pointer, message).
type Found = (String, String, String, String);

/// (exit code, findings, stderr)
fn lint(dir: &Path, args: &[&str]) -> (i32, Vec<Found>, String) {
    let out = plain_in(dir)
        .args(["lint", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (s("file"), s("code"), s("pointer"), s("message"))
        })
        .collect();
    (out.status.code().unwrap(), findings, stderr)
}

fn codes_at(findings: &[Found], pointer: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.2 == pointer || f.2.starts_with(&format!("{pointer}/")))
        .map(|f| f.1.clone())
        .collect()
}

#[test]
fn extension_keywords_are_not_typos_and_real_findings_stay() {
    let (code, f, _) = lint(&fixtures(), &["--no-config", "webhooks-vendor"]);
    assert_eq!(code, 1, "{f:#?}");
    let file = "webhooks-vendor/issues-event.json";
    let mine: Vec<_> = f.iter().filter(|x| x.0 == file).cloned().collect();
    // tsAdditionalProperties, tsType, markdownDescription, errorMessage,
    // deprecationMessage, x-github-since: never an error, nor a warning
    for p in [
        "/properties/changes/tsAdditionalProperties",
        "/properties/sender/tsType",
        "/properties/repository/markdownDescription",
        "/properties/legacy_payload/errorMessage",
        "/properties/legacy_payload/deprecationMessage",
        "/defs/issue/x-github-since",
    ] {
        assert!(codes_at(&mine, p).is_empty(), "{p}: {mine:#?}");
    }
    // `defs` is not `$defs` mistyped: one warning, which names $defs
    let defs: Vec<_> = mine.iter().filter(|x| x.2 == "/defs").collect();
    assert_eq!(defs.len(), 1, "{mine:#?}");
    assert_eq!(defs[0].1, "W006");
    // `_metadata` three times: one finding with the count
    let meta: Vec<_> = mine
        .iter()
        .filter(|x| x.3.contains("\"_metadata\""))
        .collect();
    assert_eq!(meta.len(), 1, "{mine:#?}");
    assert!(meta[0].3.contains("3 occurrences"), "{}", meta[0].3);
    // the real ones are kept
    assert_eq!(
        codes_at(&mine, "/properties/installation/requierd"),
        ["E005"]
    );
    assert_eq!(
        codes_at(&mine, "/properties/milestone/required/1"),
        ["E102"],
        "\"titel\" is required and defined nowhere"
    );
    // W012 does not fire on annotations beside $ref (markdownDescription, tsType)
    assert!(!mine.iter().any(|x| x.1 == "W012"), "{mine:#?}");
}

#[test]
fn presence_tests_under_not_and_anyof_are_not_definitions() {
    let (_, f, _) = lint(&fixtures(), &["--no-config", "webhooks-vendor"]);
    let legacy = codes_at(&f, "/properties/legacy_payload");
    assert!(!legacy.contains(&"E102".to_owned()), "{f:#?}");
}

#[test]
fn a_wrong_type_name_is_one_finding_that_lists_the_type_names() {
    let (_, f, _) = lint(&fixtures(), &["--no-config", "webhooks-vendor"]);
    let label = codes_at(&f, "/properties/label");
    assert_eq!(label, ["E003"], "no follow-on findings: {f:#?}");
    let m = &f
        .iter()
        .find(|x| x.2 == "/properties/label/type")
        .unwrap()
        .3;
    assert!(
        m.contains("array, boolean, integer, null, number, object, string")
            && m.contains("did you mean \"object\"")
            && !m.contains("anyOf"),
        "{m}"
    );
}

#[test]
fn dialect_uri_warning_states_only_what_is_true() {
    let (_, f, _) = lint(&fixtures(), &["--no-config", "webhooks-vendor"]);
    let w014 = f.iter().find(|x| x.1 == "W014").unwrap();
    assert!(!w014.3.contains("ajv"), "{}", w014.3);
    assert!(w014.3.contains("http://json-schema.org/draft-07/schema#"));
}

#[test]
fn layout_rules_are_silent_on_a_catalog_without_a_layout() {
    let (_, f, _) = lint(&fixtures(), &["--no-config", "webhooks-vendor"]);
    for rule in ["E209", "W303", "W207", "W208", "E201", "W304"] {
        assert!(!f.iter().any(|x| x.1 == rule), "{rule}: {f:#?}");
    }
    // the same catalog with the full event-contract set asked for: the contract rules run,
    // the layout rules still have no layout to check
    let (_, f, _) = lint(
        &fixtures(),
        &[
            "--no-config",
            "--preset",
            "event-contracts",
            "webhooks-vendor",
        ],
    );
    assert!(f.iter().any(|x| x.1 == "W208"), "{f:#?}");
    assert!(!f.iter().any(|x| x.1 == "E209" || x.1 == "W303"), "{f:#?}");
}

#[test]
fn lint_file_resolves_sibling_refs_as_validate_does() {
    let dir = fixtures();
    let (code, f, _) = lint(&dir, &["--no-config", "webhooks-vendor/push-event.json"]);
    assert_eq!((code, f.clone()), (0, vec![]), "{f:#?}");
    let out = plain_in(&dir)
        .args([
            "validate",
            "--no-config",
            "--format",
            "json",
            "--schema",
            "webhooks-vendor/push-event.json",
            "webhooks-vendor-events/push.json",
            "webhooks-vendor-events/push-bad-repo.json",
        ])
        .output()
        .unwrap();
    let valid: Vec<bool> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["valid"]
                .as_bool()
                .unwrap()
        })
        .collect();
    assert_eq!(valid, [true, false], "the sibling refs resolve in both");
    // a broken sibling ref is still reported, with the file it names
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.json"),
        r#"{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"u": {"$ref": "usr.json"}}}"#,
    )
    .unwrap();
    std::fs::write(tmp.path().join("user.json"), r#"{"type": "object"}"#).unwrap();
    let (code, f, _) = lint(tmp.path(), &["--no-config", "a.json"]);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].1.as_str(), f[0].0.as_str()), ("E007", "a.json"));
    assert!(f[0].3.contains("usr.json"), "{}", f[0].3);
}

#[test]
fn channel_folders_come_from_evschema_toml() {
    let dir = fixtures().join("other-layout");
    let (code, f, _) = lint(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].0, "order_cancelled.json");
    assert_eq!(f[0].1, "E209");
    assert!(
        f[0].3.contains("topics/, queues/") && f[0].3.contains("lib/"),
        "{}",
        f[0].3
    );
    // without the configuration the layout is not followed: nothing about folders
    let (_, f, _) = lint(&dir, &["--no-config", "."]);
    assert!(!f.iter().any(|x| x.1 == "E209"), "{f:#?}");
    // a single file of a declared channel folder is linted in its catalog ($ref to lib/)
    let (code, f, _) = lint(&dir, &["topics/order_placed.json"]);
    assert_eq!((code, f.len()), (0, 0), "{f:#?}");
}

#[test]
fn render_channels_is_an_alias_of_catalog_channels() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("evschema.toml"),
        "[catalog]\nchannels = [\"topics\"]\n[render]\nchannels = [\"queues\"]\n",
    )
    .unwrap();
    let out = plain_in(tmp.path()).args(["lint", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[render] channels") && err.contains("[catalog] channels"),
        "{err}"
    );
    let out = plain_in(tmp.path())
        .args(["lint", "--config", "/dev/null", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // [render] channels alone declares the layout for lint too
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("other-layout"), dir.path());
    std::fs::write(
        dir.path().join("evschema.toml"),
        "catalog = \".\"\n[render]\nchannels = [\"topics\", \"queues\"]\n",
    )
    .unwrap();
    let (_, f, _) = lint(dir.path(), &[]);
    assert!(
        f.iter()
            .any(|x| x.1 == "E209" && x.0 == "order_cancelled.json" && x.3.contains("common/")),
        "{f:#?}"
    );
}

#[test]
fn fail_on_output_file_junit_and_gitlab() {
    let dir = fixtures();
    // warnings only: exit 0, unless --fail-on warning
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.join("webhooks-vendor/ping-event.json"),
        tmp.path().join("ping.json"),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("ping.json"),
        std::fs::read_to_string(tmp.path().join("ping.json"))
            .unwrap()
            .replace(
                "\"title\": \"ping event\",",
                "\"title\": \"ping event\", \"_links\": {},",
            ),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        plain_in(tmp.path())
            .args(["lint", "--no-config", "ping.json"])
            .args(extra)
            .output()
            .unwrap()
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    assert_eq!(run(&["--fail-on", "warning"]).status.code(), Some(1));
    assert_eq!(run(&["--fail-on", "error"]).status.code(), Some(0));
    std::fs::write(
        tmp.path().join("evschema.toml"),
        "[lint]\nfail_on = \"warning\"\n",
    )
    .unwrap();
    let out = plain_in(tmp.path())
        .args(["lint", "ping.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "fail_on from evschema.toml");
    std::fs::remove_file(tmp.path().join("evschema.toml")).unwrap();

    // -o FILE: nothing on stdout, the report in the file
    let out = run(&["--format", "gitlab", "-o", "cq.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let cq: Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("cq.json")).unwrap())
            .unwrap();
    let issue = &cq.as_array().unwrap()[0];
    assert_eq!(issue["check_name"], "W006");
    assert_eq!(issue["severity"], "minor");
    assert_eq!(issue["location"]["path"], "ping.json");
    assert_eq!(issue["location"]["lines"]["begin"], 3);
    assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 32);
    // the same finding keeps its fingerprint from run to run
    run(&["--format", "gitlab", "-o", "cq2.json"]);
    assert_eq!(
        std::fs::read(tmp.path().join("cq.json")).unwrap(),
        std::fs::read(tmp.path().join("cq2.json")).unwrap()
    );

    // JUnit: a test case per file, a failure per finding, clean files pass
    let out = plain_in(&dir)
        .args([
            "lint",
            "--no-config",
            "--format",
            "junit",
            "webhooks-vendor/push-event.json",
            "webhooks-vendor/issues-event.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{xml}"
    );
    assert!(xml.contains("tests=\"2\" failures=\"1\""), "{xml}");
    assert!(
        xml.contains(
            "<testcase classname=\"evschema.lint\" name=\"webhooks-vendor/push-event.json\"/>"
        ),
        "{xml}"
    );
    assert_eq!(xml.matches("<failure ").count(), 6, "{xml}");
    assert!(xml.contains("type=\"E003\""), "{xml}");
    assert!(xml.contains("&quot;objekt&quot;"), "escaped: {xml}");
}

#[test]
fn custom_rules_from_evschema_toml() {
    let dir = fixtures().join("custom");
    let (code, f, _) = lint(&dir, &[]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str)> = f.iter().map(|x| (x.1.as_str(), x.2.as_str())).collect();
    assert_eq!(
        got,
        [
            ("ACME002", "/properties"),
            ("ACME001", "/properties/lineItems/items"),
        ],
        "{f:#?}"
    );
    assert_eq!(f[0].3, "property names are snake_case");
    assert_eq!(
        f[1].3, "a subschema with properties states additionalProperties",
        "the message defaults to the rule schema's description"
    );
    // SARIF lists the team rules beside the built-in ones
    let out = plain_in(&dir)
        .args(["lint", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = &sarif["runs"][0]["tool"]["driver"]["rules"];
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "ACME001"));
    // bad definitions are exit 2, naming the entry
    for (toml, needle) in [
        (
            "[[lint.custom]]\ncode = \"E102\"\nschema = \"rules/closed-objects.json\"\n",
            "built-in",
        ),
        (
            "[[lint.custom]]\ncode = \"acme\"\nschema = \"rules/closed-objects.json\"\n",
            "capital letters",
        ),
        (
            "[[lint.custom]]\ncode = \"C1\"\nschema = \"rules/missing.json\"\n",
            "missing.json",
        ),
        (
            "[[lint.custom]]\ncode = \"C1\"\nschema = \"rules/closed-objects.json\"\nsevere = 1\n",
            "severe",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&dir, tmp.path());
        std::fs::write(
            tmp.path().join("evschema.toml"),
            format!("catalog = \"schemas\"\n{toml}"),
        )
        .unwrap();
        let out = plain_in(tmp.path()).arg("lint").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{toml}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{toml}: {err}");
    }
}

/// (source, valid) of every instance, validated against its schema.
fn results(dir: &Path) -> Vec<(String, bool)> {
    let mut all = Vec::new();
    for s in ["vega-like", "ts-like", "typos"] {
        let out = plain_in(dir)
            .args([
                "validate",
                "--no-config",
                "--format",
                "json",
                "--schema",
                &format!("schemas/{s}.json"),
                &format!("instances/{s}"),
            ])
            .output()
            .unwrap();
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            all.push((
                v["source"].as_str().unwrap().to_owned(),
                v["valid"].as_bool().unwrap(),
            ));
        }
    }
    all
}

#[test]
fn fix_never_changes_a_validation_result() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("fix-corpus"), tmp.path());
    let before = results(tmp.path());
    assert_eq!(before.len(), 10);
    let out = plain_in(tmp.path())
        .args(["lint", "--no-config", "--fix", "schemas"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(results(tmp.path()), before, "{stderr}");
    let read = |f: &str| std::fs::read_to_string(tmp.path().join("schemas").join(f)).unwrap();
    // safe fixes were written: $schema added / made official, annotation typos renamed
    assert!(
        read("vega-like.json").contains("\"$schema\": \"http://json-schema.org/draft-07/schema#\"")
    );
    assert!(read("vega-like.json").contains("\"description\":"));
    assert!(read("typos.json").contains("\"title\": \"Order\""));
    assert!(read("ts-like.json").contains("draft-07/schema#\""));
    // unsafe ones were not, each with its reason
    assert!(
        read("vega-like.json").contains("\"defs\""),
        "defs is not $defs"
    );
    assert!(read("ts-like.json").contains("\"tsAdditionalProperties\": false"));
    assert!(read("ts-like.json").contains("\"tsType\": \"any\""));
    assert!(read("ts-like.json").contains("\"additionalPropertie\": false"));
    assert!(read("typos.json").contains("\"requierd\""));
    assert!(read("typos.json").contains("\"maxLenght\""));
    assert!(read("typos.json").contains("\"example\""));
    for (at, why) in [
        (
            "/properties/tags/additionalPropertie",
            "would not accept exactly the same events",
        ),
        ("/requierd", "is now required"),
        ("/properties/order_id/maxLenght", "maxLength 5 added"),
        ("/properties/note/example", "metaschema"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.starts_with("not applied:") && l.contains(&format!("fix at {at}:")))
            .unwrap_or_else(|| panic!("{at} not reported as not applied:\n{stderr}"));
        assert!(line.contains(why), "{line}");
    }
    assert!(
        stderr.contains("fixed 3 files; 4 fixes not applied"),
        "{stderr}"
    );
    // a second run has nothing left to apply
    let again = plain_in(tmp.path())
        .args(["lint", "--no-config", "--fix", "schemas"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("fixed 0 files"));
}

#[test]
fn a_fix_of_a_shared_file_that_breaks_a_ref_elsewhere_is_not_applied() {
    // renaming "definitons" in common/ would move #/definitons/x, which another file uses
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("common")).unwrap();
    std::fs::create_dir_all(tmp.path().join("sns_topics")).unwrap();
    let shared = "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"definitons\": {\"x\": {\"type\": \"string\"}}\n}\n";
    std::fs::write(tmp.path().join("common/defs.json"), shared).unwrap();
    std::fs::write(
        tmp.path().join("sns_topics/a.json"),
        "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"properties\": {\"p\": {\"$ref\": \"../common/defs.json#/definitons/x\"}}}\n",
    )
    .unwrap();
    let out = plain_in(tmp.path())
        .args(["lint", "--no-config", "--fix", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("common/defs.json")).unwrap(),
        shared,
        "{stderr}"
    );
    assert!(stderr.contains("would no longer resolve"), "{stderr}");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
