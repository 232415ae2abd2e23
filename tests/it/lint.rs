//! `evschema lint` through the real binary: fixtures per rule, exit codes, output formats
//! (golden files), configuration, suppression and `--fix`.
//!
//! Golden files live in tests/golden/; regenerate them with `UPDATE_GOLDEN=1 cargo test`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;
use evschema::lint::registry::RULES;

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/lint")
}

fn findings(report: &Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn config_args(dir: &Path) -> Vec<&'static str> {
    if dir.join("evschema.toml").exists() {
        vec!["--config", "evschema.toml"]
    } else {
        vec!["--no-config"]
    }
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let mut problems = Vec::new();
    for rule in RULES {
        let dir = fixtures().join(rule.code);
        let expect = match std::fs::read_to_string(dir.join("expect")) {
            Ok(e) => e.trim().to_owned(),
            Err(_) => {
                problems.push(format!(
                    "{}: no tests/fixtures/lint/{}/expect",
                    rule.code, rule.code
                ));
                continue;
            }
        };
        let (file, line) = expect.rsplit_once(':').unwrap();
        let line: u64 = line.parse().unwrap();
        let mut args = config_args(&dir);
        args.push("bad");
        let (code, report) = lint_json(&dir, &args);
        let got = findings(&report);
        let want = (format!("bad/{file}"), line, rule.code.to_owned());
        if !got.contains(&want) {
            problems.push(format!(
                "{}: bad/ should report {want:?}, got {got:?}",
                rule.code
            ));
        }
        let expected_exit = if rule.severity == evschema::diag::Severity::Error {
            1
        } else {
            0
        };
        if code != expected_exit {
            problems.push(format!(
                "{}: bad/ exit {code}, want {expected_exit}",
                rule.code
            ));
        }
        let mut args = config_args(&dir);
        args.push("good");
        let (code, report) = lint_json(&dir, &args);
        let got = findings(&report);
        if got.iter().any(|(_, _, c)| c == rule.code) || code != 0 {
            problems.push(format!(
                "{}: good/ should not report it (exit {code}): {got:?}",
                rule.code
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_fixture_folder_without_a_rule() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().into_string().unwrap();
            assert!(
                RULES.iter().any(|r| r.code == name),
                "fixture {name} names no rule"
            );
        }
    }
}

#[test]
fn the_shipped_catalog_lints_clean() {
    // the repository's evschema.toml gives the EventBridge source the audit rule filters on
    let (code, report) = lint_json(&root(), &["--config", "evschema.toml", "schemas"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["findings"], Value::Array(vec![]), "{report:#}");
    assert_eq!(report["summary"]["errors"], 0);
    // 19 schemas and the 3 subscribers
    assert_eq!(report["summary"]["files"], 22);
}

#[test]
fn a_folder_seeded_with_one_mistake_per_family() {
    let dir = root().join("tests/fixtures/lint-seeded");
    let (code, report) = lint_json(&dir, &["--no-config", "."]);
    assert_eq!(code, 1);
    let got = findings(&report);
    let f = |file: &str, line: u64, code: &str| (file.to_owned(), line, code.to_owned());
    assert_eq!(
        got,
        vec![
            f("sns_topics/license_created.json", 7, "E102"), // consistency
            f("sns_topics/license_created.json", 10, "E301"), // catalog
            f("sns_topics/license_created.json", 13, "E206"), // event contract
            f("sns_topics/license_created.json", 19, "E005"), // validity
            f("webhooks/license_updated.json", 10, "E301"),
            f("webhooks/license_updated.json", 10, "W304"),
        ]
    );
    let first = &report["findings"][0];
    assert_eq!(first["pointer"], "/required/5");
    assert_eq!(first["name"], "required-not-in-properties");
    assert_eq!(first["severity"], "error");
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["errors"], 5);
    assert_eq!(report["summary"]["warnings"], 1);
}

#[test]
fn a_single_file_is_linted_in_the_context_of_its_catalog() {
    let dir = root().join("tests/fixtures/lint-seeded");
    let (code, report) = lint_json(&dir, &["--no-config", "webhooks/license_updated.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        vec![
            (
                "webhooks/license_updated.json".to_owned(),
                10,
                "E301".to_owned()
            ),
            (
                "webhooks/license_updated.json".to_owned(),
                10,
                "W304".to_owned()
            ),
        ]
    );
    assert_eq!(report["summary"]["files"], 1);
    let msg = report["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("sns_topics/license_created.json"), "{msg}");
}

#[test]
fn exit_codes() {
    // Warnings only: 0, or 1 with --deny-warnings.
    let dir = fixtures().join("W207");
    let (code, _) = lint_json(&dir, &["--no-config", "bad"]);
    assert_eq!(code, 0);
    let (code, _) = lint_json(&dir, &["--no-config", "--deny-warnings", "bad"]);
    assert_eq!(code, 1);
    // An unreadable path: 2.
    let out = plain_in(&dir)
        .args(["lint", "--no-config", "no/such/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
    // Not valid JSON: an E001 finding with its position, exit 1, other files still linted.
    let (code, report) = lint_json(&fixtures().join("E001"), &["--no-config", "bad"]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["code"], "E001");
    assert_eq!(report["findings"][0]["line"], 22);
    // Unknown rule explained: 2.
    let out = plain_in(&dir)
        .args(["lint", "--explain", "E999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn configuration_disables_overrides_and_rejects_unknown_keys() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("W207/bad"), tmp.path());
    let (_, report) = lint_json(tmp.path(), &["."]);
    assert!(findings(&report).iter().any(|(_, _, c)| c == "W207"));

    std::fs::write(
        tmp.path().join("evschema.toml"),
        "[lint.rules]\nmissing-title = \"error\"\n",
    )
    .unwrap();
    let (code, report) = lint_json(tmp.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["severity"], "error");

    std::fs::write(
        tmp.path().join("evschema.toml"),
        "[lint.rules]\nmissing-title = \"error\"\n[[lint.overrides]]\nfiles = [\"sns_topics/**\"]\nrules = { W207 = \"off\" }\n",
    )
    .unwrap();
    let (code, report) = lint_json(tmp.path(), &["."]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"], Value::Array(vec![]));

    // Found by walking up from the working directory.
    let (code, _) = lint_json(&tmp.path().join("sns_topics"), &[".."]);
    assert_eq!(code, 0);

    std::fs::write(tmp.path().join("evschema.toml"), "[lint]\nrule = {}\n").unwrap();
    let out = plain_in(tmp.path()).args(["lint", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("rule") && err.contains("evschema.toml"),
        "{err}"
    );

    // `catalog` gives the default PATH.
    std::fs::write(tmp.path().join("evschema.toml"), "catalog = \".\"\n").unwrap();
    let (_, report) = lint_json(tmp.path(), &[]);
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn inline_suppression_covers_the_subschema_and_its_descendants() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("W207/bad"), tmp.path());
    let file = tmp.path().join("sns_topics/license_created.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replace(
        "\"additionalProperties\": false,\n      \"required\"",
        "\"additionalProperties\": false,\n      \"x-evschema-ignore\": [\"W207\"],\n      \"required\"",
    );
    std::fs::write(&file, text).unwrap();
    let (code, report) = lint_json(tmp.path(), &["--no-config", "."]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"], Value::Array(vec![]), "{report}");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

// ---- output formats: golden files ----

fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .header("golden", "actual")
            .to_string();
        panic!("{name} differs from its golden file (UPDATE_GOLDEN=1 to accept):\n{diff}");
    }
}

fn run_format(format: &str) -> (i32, String) {
    let dir = root().join("tests/fixtures/lint-seeded");
    let out = plain_in(&dir)
        .args(["lint", "--no-config", "--format", format, "."])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn golden_human() {
    let (code, out) = run_format("human");
    assert_eq!(code, 1);
    assert!(!out.contains('\u{1b}'), "no colour when NO_COLOR is set");
    golden("lint.human.txt", &out);
}

#[test]
fn golden_json() {
    let (code, out) = run_format("json");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = v["findings"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["file", "line", "column", "code", "name", "severity", "pointer", "message", "help"]
    );
    golden("lint.json", &out);
}

#[test]
fn golden_github() {
    let (code, out) = run_format("github");
    assert_eq!(code, 1);
    for line in out.lines() {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line}"
        );
    }
    golden("lint.github.txt", &out);
}

#[test]
fn golden_sarif() {
    let (code, out) = run_format("sarif");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for r in run["results"].as_array().unwrap() {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(matches!(r["level"].as_str(), Some("error" | "warning")));
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(!loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with('/'));
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    golden("lint.sarif.json", &out);
}

// ---- --list-rules / --explain ----

#[test]
fn list_rules_and_explain() {
    let out = plain_in(&root())
        .args(["lint", "--list-rules"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for r in RULES {
        assert!(text.contains(r.code) && text.contains(r.name), "{}", r.code);
    }
    let out = plain_in(&root())
        .args(["lint", "--explain", "required-not-in-properties"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("E102 required-not-in-properties (error, consistency)"),
        "{text}"
    );
    assert!(text.contains("Bad:") && text.contains("Good:"));
}

// ---- --fix ----

#[test]
fn fix_applies_only_what_keeps_the_meaning_keeping_other_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("sns_topics/license_created.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let original =
        std::fs::read_to_string(fixtures().join("W004/bad/sns_topics/license_created.json"))
            .unwrap()
            // a typo of an assertion: renaming it would require license_id, so it stays
            .replace(
                "\"required\": [\"license_id\"]",
                "\"requierd\": [\"license_id\"]",
            )
            // a typo of an annotation: renaming it changes no event's validity
            .replace(
                "\"description\": \"Discriminator.\"",
                "\"descripton\": \"Discriminator.\"",
            )
            // unusual spacing that a re-serialiser would lose
            .replace("\"title\": \"Payload\"", "\"title\"  :   \"Payload\"");
    std::fs::write(&file, &original).unwrap();

    // --dry-run: a unified diff on stdout, nothing written.
    let out = plain_in(tmp.path())
        .args(["lint", "--no-config", "--fix", "--dry-run", "."])
        .output()
        .unwrap();
    let diff = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        diff.contains("--- a/sns_topics/license_created.json"),
        "{diff}"
    );
    assert!(
        diff.contains("+  \"$schema\": \"http://json-schema.org/draft-07/schema#\","),
        "{diff}"
    );
    assert!(
        diff.contains("\"description\": \"Discriminator.\""),
        "{diff}"
    );
    assert!(!diff.contains("+      \"required\""), "{diff}");
    assert!(
        stderr.contains("not applied: sns_topics/license_created.json:")
            && stderr.contains("E005 fix at /properties/payload/requierd")
            && stderr.contains("would not accept exactly the same events"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "the typo of required is left");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);

    // --fix: exactly those two edits, every other byte kept.
    let out = plain_in(tmp.path())
        .args(["lint", "--no-config", "--fix", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let fixed = std::fs::read_to_string(&file).unwrap();
    let expected = original
        .replacen(
            "{\n  \"title\"",
            "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"title\"",
            1,
        )
        .replace("\"descripton\"", "\"description\"");
    assert_eq!(fixed, expected);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["E005"], "{report}");
    // No temporary file left behind.
    assert_eq!(
        std::fs::read_dir(file.parent().unwrap()).unwrap().count(),
        1
    );
}

#[test]
fn fix_sorts_required_when_enabled_keeping_layout() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("W110/bad"), tmp.path());
    std::fs::write(
        tmp.path().join("evschema.toml"),
        "[lint.rules]\nW110 = \"on\"\n",
    )
    .unwrap();
    let file = tmp.path().join("sns_topics/license_created.json");
    let original = std::fs::read_to_string(&file).unwrap();
    let out = plain_in(tmp.path())
        .args(["lint", "--fix", "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        fixed,
        original.replace(
            "[\"event_type\", \"event_id\", \"timestamp\", \"version\", \"payload\"]",
            "[\"event_id\", \"event_type\", \"payload\", \"timestamp\", \"version\"]"
        )
    );
}

#[test]
fn fix_leaves_ambiguous_typos_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("common/defs.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    // "maxItem" is one edit from maxItems only; "minimun" could be minimum, but the object
    // already has "minimum", so renaming would create a duplicate key.
    let original = "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"title\": \"t\",\n  \"description\": \"d\",\n  \"type\": \"integer\",\n  \"minimum\": 1,\n  \"minimun\": 2\n}\n";
    std::fs::write(&file, original).unwrap();
    let out = plain_in(tmp.path())
        .args(["lint", "--no-config", "--fix", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

// ---- docs ----

#[test]
fn docs_rule_table_is_up_to_date() {
    let mut table = String::from(
        "| code | name | severity | family | fix | what it catches |\n|---|---|---|---|---|---|\n",
    );
    for r in RULES {
        table.push_str(&format!(
            "| {} | `{}` | {}{} | {} | {} | {} |\n",
            r.code,
            r.name,
            r.severity.as_str(),
            if r.enabled_by_default {
                ""
            } else {
                " (off by default)"
            },
            r.family.as_str(),
            if r.fixable { "yes" } else { "" },
            r.summary.replace('|', "\\|")
        ));
    }
    let path = root().join("docs/lint.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let current = doc
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(t, _)| t.to_owned());
    if current.as_deref() != Some(table.as_str()) {
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            let (head, tail) = match doc.split_once(start) {
                Some((h, rest)) => (
                    h.to_owned(),
                    rest.split_once(end)
                        .map(|(_, t)| t.to_owned())
                        .unwrap_or_default(),
                ),
                None => (doc.clone(), String::new()),
            };
            std::fs::write(&path, format!("{head}{start}{table}{end}{tail}")).unwrap();
            return;
        }
        panic!("docs/lint.md rule table is stale; run UPDATE_GOLDEN=1 cargo test --test it lint::docs_rule_table\n{table}");
    }
}

#[test]
fn a_symlink_out_of_the_catalog_is_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("W004/good"), &tmp.path().join("cat"));
    std::fs::write(
        tmp.path().join("secret.json"),
        "{\"password\": \"hunter2\"}",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("secret.json"),
        tmp.path().join("cat/sns_topics/leak.json"),
    )
    .unwrap();
    let out = plain_in(tmp.path())
        .args(["lint", "--no-config", "cat"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the catalog"));
}

#[test]
fn a_single_file_named_from_inside_its_channel_folder() {
    let dir = root().join("tests/fixtures/lint-seeded/webhooks");
    let (code, report) = lint_json(&dir, &["--no-config", "license_updated.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        vec![
            ("license_updated.json".to_owned(), 10, "E301".to_owned()),
            ("license_updated.json".to_owned(), 10, "W304".to_owned()),
        ]
    );
    let out = plain_in(&dir)
        .args(["lint", "--no-config", "license_updated.json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("--> license_updated.json:10:19"), "{text}");
    assert!(text.contains("10 |     \"event_type\""), "{text}");
}
