//! `evschema diff`, run as the real binary on file pairs, catalog folders and git history.

use std::fs;
use std::path::Path;
use std::process::Command as Std;

use crate::support::*;
use serde_json::{json, Value};

fn evschema(dir: &Path, args: &[&str]) -> Run {
    Run::of(bin_in(dir).env_remove("NO_COLOR").args(args))
}

fn json_of(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr))
}

/// A temp folder with two copies of the shipped catalog, `old/` and `new/`.
fn two_catalogs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        copy_dir(&root().join("schemas"), &dir.path().join(side));
    }
    dir
}

fn edit(path: &Path, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

const CREATED: &str = "sns_topics/license_created.json";

#[test]
fn identical_schemas_are_full_with_no_bump() {
    let r = evschema(
        &root(),
        &[
            "diff",
            "--format",
            "json",
            &format!("schemas/{CREATED}"),
            &format!("schemas/{CREATED}"),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json_of(&r);
    assert_eq!(v["verdict"], "full");
    assert_eq!(v["required_bump"], "none");
    assert_eq!(v["changes"], json!([]));
    assert_eq!(
        v["declared"],
        json!({"old": "1.0.0", "new": "1.0.0", "ok": true})
    );
    assert_eq!(v["policy"], "strict");
}

#[test]
fn json_output_has_the_design_keys_in_order() {
    let dir = two_catalogs();
    edit(&dir.path().join("new").join(CREATED), |v| {
        v["description"] = "changed".into();
        v["version"] = "1.0.1".into();
    });
    let r = evschema(
        dir.path(),
        &[
            "diff",
            "--format",
            "json",
            &format!("old/{CREATED}"),
            &format!("new/{CREATED}"),
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.starts_with(&format!(
            r#"{{"old":"old/{CREATED}","new":"new/{CREATED}","backward":true,"forward":true,"verdict":"full","required_bump":"patch","declared":{{"old":"1.0.0","new":"1.0.1","ok":true}},"changes":[{{"kind":"annotation_changed""#
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.trim_end().ends_with(r#""policy":"strict"}"#),
        "{}",
        r.stdout
    );
}

#[test]
fn a_breaking_change_to_a_shipped_schema_is_caught_with_a_witness() {
    let dir = two_catalogs();
    edit(&dir.path().join("new/common/us_states.json"), |v| {
        let list = v["definitions"]["us_state"]["enum"].as_array_mut().unwrap();
        list.retain(|s| s != "PR");
    });
    let r = evschema(dir.path(), &["diff", "--format", "json", "old", "new"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json_of(&r);
    let created = v["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["event_type"] == "license.created")
        .unwrap();
    assert_eq!(created["backward"], false);
    assert_eq!(created["forward"], true);
    assert_eq!(created["required_bump"], "major");
    assert_eq!(created["declared"]["ok"], false);
    let change = &created["changes"][0];
    assert_eq!(change["kind"], "enum_narrowed");
    assert!(change["message"]
        .as_str()
        .unwrap()
        .contains("enum value \"PR\" removed"));
    let witness = &change["witness"];
    assert_eq!(witness["accepted_by"], "old");
    assert_eq!(witness["event"]["payload"]["state"], "PR");
    // the witness really is accepted by the old schema and rejected by the new one
    let event = serde_json::to_string(&witness["event"]).unwrap();
    let event_file = dir.path().join("w.json");
    fs::write(&event_file, event).unwrap();
    let w = event_file.to_str().unwrap();
    assert_eq!(
        evschema(dir.path(), &["validate", "--catalog", "old", w]).code,
        0
    );
    assert_eq!(
        evschema(dir.path(), &["validate", "--catalog", "new", w]).code,
        1
    );
    assert_eq!(v["added"], json!([]));
    assert_eq!(v["removed"], json!([]));
    // a file shared by several event types shows, per event type, a witness of that type
    for et in [
        "license.expiration.warning.30d",
        "license.expiration.warning.60d",
    ] {
        let s = v["schemas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["event_type"] == et)
            .unwrap();
        assert_eq!(s["changes"][0]["witness"]["event"]["event_type"], et);
    }
}

#[test]
fn compatible_change_with_a_minor_bump_passes_and_a_missing_bump_fails() {
    let dir = two_catalogs();
    let new = dir.path().join("new").join(CREATED);
    edit(&new, |v| {
        v["properties"]["payload"]["properties"]["source"]["enum"]
            .as_array_mut()
            .unwrap()
            .push("api_import".into());
    });
    let args = [
        "diff",
        "--format",
        "json",
        &format!("old/{CREATED}"),
        &format!("new/{CREATED}"),
    ];
    let r = evschema(dir.path(), &args);
    let v = json_of(&r);
    assert_eq!(v["verdict"], "backward", "{}", r.stdout);
    assert_eq!(v["required_bump"], "minor");
    assert_eq!(
        v["declared"],
        json!({"old": "1.0.0", "new": "1.0.0", "ok": false, "needs": "1.1.0"})
    );
    assert_eq!(
        r.code, 1,
        "a declared version that does not cover the bump fails"
    );
    let human = evschema(dir.path(), &["diff", args[3], args[4]]);
    assert!(human.stdout.contains("needs ≥ 1.1.0"), "{}", human.stdout);
    edit(&new, |v| v["version"] = "1.1.0".into());
    let r = evschema(dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // under --mode full the same change is breaking (forward is not proved)
    let r = evschema(
        dir.path(),
        &[
            "diff",
            "--mode",
            "full",
            &format!("old/{CREATED}"),
            &format!("new/{CREATED}"),
        ],
    );
    assert_eq!(r.code, 1);
}

#[test]
fn open_content_model_trap_is_explained_and_lenient_policy_accepts_it() {
    let dir = tempfile::tempdir().unwrap();
    let old = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let new = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}});
    fs::write(dir.path().join("old.json"), old.to_string()).unwrap();
    fs::write(dir.path().join("new.json"), new.to_string()).unwrap();
    let r = evschema(dir.path(), &["diff", "old.json", "new.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("open object"), "{}", r.stdout);
    assert!(
        r.stdout.contains("additionalProperties: false"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("--policy lenient"), "{}", r.stdout);
    let r = evschema(
        dir.path(),
        &[
            "diff", "--policy", "lenient", "--format", "json", "old.json", "new.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = json_of(&r);
    assert_eq!(v["policy"], "lenient");
    assert_eq!(v["backward"], true);
    assert_eq!(v["declared"], Value::Null);
}

#[test]
fn added_and_removed_event_types() {
    let dir = two_catalogs();
    fs::remove_file(dir.path().join("new/sqs_queues/notification_bounced.json")).unwrap();
    let r = evschema(dir.path(), &["diff", "--format", "json", "old", "new"]);
    assert_eq!(r.code, 1);
    let v = json_of(&r);
    assert_eq!(
        v["removed"],
        json!([{"event_type": "notification.bounced", "file": "old/sqs_queues/notification_bounced.json"}])
    );
    // the reverse is an added type: fine backward, breaking forward
    let r = evschema(dir.path(), &["diff", "--format", "json", "new", "old"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        json_of(&r)["added"][0]["event_type"],
        "notification.bounced"
    );
    let r = evschema(dir.path(), &["diff", "--mode", "forward", "new", "old"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("added   notification.bounced"),
        "{}",
        r.stdout
    );
}

#[test]
fn against_a_git_revision_and_transitively() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&root().join("schemas"), &d.join("schemas"));
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "v1"]);
    let file = d.join("schemas").join(CREATED);
    // commit 2: a compatible widening, with its minor bump
    edit(&file, |v| {
        v["version"] = "1.1.0".into();
        v["properties"]["payload"]["properties"]["source"]["enum"]
            .as_array_mut()
            .unwrap()
            .push("api_import".into());
    });
    git(d, &["commit", "-qam", "v1.1"]);
    let r = evschema(d, &["diff", "--against", "HEAD"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("ok: 19 event types compared (19 unchanged"),
        "{}",
        r.stdout
    );
    // working tree: narrow it back; the checkout is not disturbed by --against
    edit(&file, |v| {
        v["version"] = "2.0.0".into();
        v["properties"]["payload"]["properties"]["source"]["enum"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s != "manual_entry");
    });
    let before = fs::read_to_string(&file).unwrap();
    let r = evschema(d, &["diff", "--format", "json", "--against", "HEAD~1"]);
    assert_eq!(fs::read_to_string(&file).unwrap(), before);
    let v = json_of(&r);
    let created: Vec<&Value> = v["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["event_type"] == "license.created")
        .collect();
    assert_eq!(created.len(), 1);
    assert!(created[0]["old"]
        .as_str()
        .unwrap()
        .contains(":schemas/sns_topics/license_created.json"));
    assert_eq!(created[0]["backward"], false);
    // declared 2.0.0 covers the major bump: the exit code is about compatibility
    assert_eq!(r.code, 1);
    // transitive: compared with both historical versions
    let r = evschema(
        d,
        &[
            "diff",
            "--format",
            "json",
            "--against",
            "HEAD",
            "--transitive",
            "schemas",
        ],
    );
    let v = json_of(&r);
    let created = v["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["event_type"] == "license.created")
        .count();
    assert_eq!(created, 2, "{}", r.stdout);
    // an unknown revision is exit 2 with a message
    let r = evschema(d, &["diff", "--against", "no-such-ref"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown git revision \"no-such-ref\""),
        "{}",
        r.stderr
    );
}

#[test]
fn markdown_and_show_text() {
    let dir = two_catalogs();
    edit(&dir.path().join("new").join(CREATED), |v| {
        v["properties"]["payload"]["required"]
            .as_array_mut()
            .unwrap()
            .push("issue_date".into());
    });
    let r = evschema(dir.path(), &["diff", "--format", "markdown", "old", "new"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .starts_with("## evschema diff\n\n| event type | verdict |"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("| `license.created` | forward | major | 1.0.0 → 1.0.0 needs ≥ 2.0.0 | ❌ |"),
        "{}",
        r.stdout
    );
    let r = evschema(
        dir.path(),
        &[
            "diff",
            "--show-text",
            &format!("old/{CREATED}"),
            &format!("new/{CREATED}"),
        ],
    );
    assert!(
        r.stdout.contains("+++ new/sns_topics/license_created.json"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("+        \"issue_date\""), "{}", r.stdout);
}

#[test]
fn bad_invocations_exit_2() {
    let r = evschema(&root(), &["diff", "schemas"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("diff takes two paths"), "{}", r.stderr);
    let r = evschema(&root(), &["diff", "schemas", &format!("schemas/{CREATED}")]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("both be schema files or both be catalog folders"),
        "{}",
        r.stderr
    );
    let r = evschema(&root(), &["diff", "nope.json", "nope2.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.json: cannot read"), "{}", r.stderr);
    let r = evschema(&root(), &["diff", "--transitive", "a", "b"]);
    assert_eq!(r.code, 2);
}

/// The soundness classes of the differential search, through the real binary on files
/// whose number spellings survive (exit 1: not backward-compatible).
#[test]
fn soundness_classes_are_caught_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        (
            "bounds",
            r#"{"type":"integer","minimum":9007199254740992}"#,
            r#"{"type":"integer","minimum":9007199254740993}"#,
            &[],
        ),
        (
            "embedded",
            r##"{"type":"object","properties":{"p":{"$ref":"#/definitions/r"}},"definitions":{"money":{"type":"string"},"r":{"$id":"https://example.com/r.json","definitions":{"money":{"type":"integer","maximum":100}},"type":"object","properties":{"amount":{"$ref":"#/definitions/money"}}}}}"##,
            r##"{"type":"object","properties":{"p":{"$ref":"#/definitions/r"}},"definitions":{"money":{"type":"string"},"r":{"$id":"https://example.com/r.json","definitions":{"money":{"type":"integer","maximum":10}},"type":"object","properties":{"amount":{"$ref":"#/definitions/money"}}}}}"##,
            &[],
        ),
        (
            "lenient",
            r#"{"type":"object","properties":{"recipient":{"type":"object","properties":{"email":{"type":"string"}}}},"allOf":[{"properties":{"recipient":{"properties":{"locale":{"type":"string","maxLength":35}}}}}]}"#,
            r#"{"type":"object","properties":{"recipient":{"type":"object","properties":{"email":{"type":"string"}}}},"allOf":[{"properties":{"recipient":{"properties":{"locale":{"type":"string","maxLength":5}}}}}]}"#,
            &["--policy", "lenient"],
        ),
    ];
    for (name, old, new, extra) in cases {
        let (o, n) = (format!("{name}-old.json"), format!("{name}-new.json"));
        fs::write(dir.path().join(&o), old).unwrap();
        fs::write(dir.path().join(&n), new).unwrap();
        let mut args = vec!["diff", "--format", "json"];
        args.extend_from_slice(extra);
        args.extend([o.as_str(), n.as_str()]);
        let r = evschema(dir.path(), &args);
        assert_eq!(r.code, 1, "{name}: {}{}", r.stdout, r.stderr);
        let v = json_of(&r);
        assert_eq!(v["backward"], json!(false), "{name}: {v}");
        assert_eq!(v["forward"], json!(true), "{name}: {v}");
        assert_eq!(v["required_bump"], json!("major"), "{name}: {v}");
    }
}

// ---- the gate on webhook-style catalogs: shared files, acceptances, messages ----------

/// `tests/fixtures/diff/hooks-{old,new}`: `common/issue.json` (no event type, reached by a
/// webhook file that claims none either) drops the enum value "all" and requires "title";
/// `common/us_states.json` drops "DC" and is reached by two event types whose own files
/// did not change.
fn hooks() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        copy_dir(
            &root().join(format!("tests/fixtures/diff/hooks-{side}")),
            &dir.path().join(side),
        );
    }
    dir
}

#[test]
fn shared_files_pair_by_path_and_changes_are_traced_to_the_file_that_changed() {
    let dir = hooks();
    let r = evschema(dir.path(), &["diff", "--format", "json", "old", "new"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json_of(&r);
    let shared = v["shared"].as_array().unwrap();
    let names: Vec<&str> = shared.iter().map(|s| s["new"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["new/common/issue.json", "new/common/us_states.json"]
    );
    assert_eq!(shared[0]["backward"], false);
    assert_eq!(
        shared[0]["reached_by"],
        json!(["webhooks/issues.opened.json"])
    );
    assert_eq!(
        shared[1]["reached_by"],
        json!(["address.changed", "user.created"])
    );
    for s in v["schemas"].as_array().unwrap() {
        assert_eq!(s["via"], json!(["common/us_states.json"]), "{s}");
    }
    // human: the DC removal is listed once, at the file that changed
    let r = evschema(dir.path(), &["--color", "never", "diff", "old", "new"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout.matches("enum value \"DC\" removed").count(),
        1,
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("shared file, reached by 2 schemas: address.changed, user.created"));
    assert!(r.stdout.contains(
        "address.changed: old/sns_topics/address_changed.json → new/sns_topics/address_changed.json\n  changed only through common/us_states.json (listed there): verdict forward; fails"
    ), "{}", r.stdout);
    assert!(
        r.stdout.contains("2 changed shared files (2 failing)"),
        "{}",
        r.stdout
    );
    // only the webhook folder (no event type anywhere): still compared, still fails
    let r = evschema(
        dir.path(),
        &["--color", "never", "diff", "old/common", "new/common"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("enum value \"all\" removed"),
        "{}",
        r.stdout
    );
}

#[test]
fn shared_files_pair_by_id_when_renamed() {
    let dir = hooks();
    let d = dir.path();
    fs::rename(
        d.join("new/common/issue.json"),
        d.join("new/common/issue_v2.json"),
    )
    .unwrap();
    let r = evschema(d, &["diff", "--format", "json", "old/common", "new/common"]);
    let v = json_of(&r);
    let pairs: Vec<(String, String)> = v["shared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["old"].as_str().unwrap().into(),
                s["new"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        pairs.contains(&(
            "old/common/issue.json".into(),
            "new/common/issue_v2.json".into()
        )),
        "{pairs:?}"
    );
}

#[test]
fn a_folder_diff_that_pairs_nothing_while_files_differ_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("a")).unwrap();
    fs::create_dir_all(d.join("b")).unwrap();
    fs::write(d.join("a/one.json"), r#"{"type": "string"}"#).unwrap();
    fs::write(d.join("b/two.json"), r#"{"type": "integer"}"#).unwrap();
    let r = evschema(d, &["diff", "a", "b"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("nothing compared"), "{}", r.stderr);
    assert!(r.stderr.contains("one.json") && r.stderr.contains("two.json"));
    // the same files on both sides: nothing to compare, and nothing differs
    let r = evschema(d, &["diff", "a", "a"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn one_file_against_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&root().join("schemas"), &d.join("schemas"));
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "v1"]);
    let file = format!("schemas/{CREATED}");
    edit(&d.join(&file), |v| {
        v["properties"]["payload"]["required"]
            .as_array_mut()
            .unwrap()
            .push("plan_note".into());
        v["properties"]["payload"]["properties"]["plan_note"] = json!({"type": "string"});
    });
    let r = evschema(
        d,
        &["diff", "--format", "json", &format!("HEAD:{file}"), &file],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json_of(&r);
    assert_eq!(v["old"], format!("HEAD:{file}"));
    assert_eq!(v["backward"], false);
    let r = evschema(
        d,
        &["diff", &format!("HEAD:{file}"), &format!("HEAD:{file}")],
    );
    assert_eq!(r.code, 2, "NEW must be a file: {}{}", r.stdout, r.stderr);
    let r = evschema(d, &["diff", "HEAD:schemas/nope.json", &file]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no such file at that revision"),
        "{}",
        r.stderr
    );
}

fn write_config(dir: &Path, accept: &str) {
    fs::write(dir.join("evschema.toml"), accept).unwrap();
}

#[test]
fn accepted_changes_pass_with_their_reason_and_fail_again_when_expired() {
    let dir = hooks();
    let d = dir.path();
    write_config(
        d,
        r#"
[[diff.accept]]
file = "common/us_states.json"
kind = "enum_narrowed"
reason = "DC was never sent"
expires = "2999-01-01"

[[diff.accept]]
file = "common/issue.json"
reason = "issue state 'all' is a query value, never an event value"
"#,
    );
    let r = evschema(d, &["--color", "never", "diff", "old", "new"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("— accepted: DC was never sent (until 2999-01-01)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "changed only through common/us_states.json (listed there): verdict forward; passes"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.starts_with("common/") || r.stdout.contains("ok: 2 event types compared"),
        "{}",
        r.stdout
    );
    let v = json_of(&evschema(d, &["diff", "--format", "json", "old", "new"]));
    assert_eq!(v["shared"][1]["accepted"][0]["reason"], "DC was never sent");
    assert_eq!(v["shared"][1]["accepted"][0]["expired"], false);
    // expired: the gate fails again and says so
    write_config(
        d,
        r#"
[[diff.accept]]
file = "common/us_states.json"
reason = "DC was never sent"
expires = "2001-01-01"

[[diff.accept]]
file = "common/issue.json"
reason = "query value"
"#,
    );
    let r = evschema(d, &["--color", "never", "diff", "old", "new"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r
        .stdout
        .contains("— acceptance expired on 2001-01-01: DC was never sent"));
    // an acceptance for another kind covers nothing
    write_config(
        d,
        "[[diff.accept]]\nfile = \"common/us_states.json\"\nkind = \"type_changed\"\nreason = \"x\"\n",
    );
    assert_eq!(evschema(d, &["diff", "old", "new"]).code, 1);
    // by event type and path, on an event schema's own change
    let t = two_catalogs();
    let td = t.path();
    edit(&td.join("new").join(CREATED), |v| {
        v["properties"]["payload"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("issue_date");
    });
    let r = evschema(td, &["diff", "--format", "json", "old", "new"]);
    assert_eq!(r.code, 1);
    write_config(
        td,
        "[[diff.accept]]\nevent_type = \"license.created\"\npath = \"payload.issue_date\"\nreason = \"producers never sent extra fields\"\n",
    );
    let r = evschema(td, &["diff", "old", "new"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r
        .stdout
        .contains("accepted: producers never sent extra fields"));
    // bad entries are configuration errors
    write_config(
        td,
        "[[diff.accept]]\nevent_type = \"license.created\"\nreason = \"\"\n",
    );
    let r = evschema(td, &["diff", "old", "new"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`reason` is empty"), "{}", r.stderr);
    write_config(
        td,
        "[[diff.accept]]\nevent_type = \"license.created\"\nreason = \"r\"\nexpires = \"next year\"\n",
    );
    let r = evschema(td, &["diff", "old", "new"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not a date YYYY-MM-DD"),
        "{}",
        r.stderr
    );
}

#[test]
fn messages_rename_hint_event_type_warning_and_ship_hint() {
    let t = two_catalogs();
    let d = t.path();
    let file = d.join("new").join(CREATED);
    edit(&file, |v| {
        let props = v["properties"]["payload"]["properties"]
            .as_object_mut()
            .unwrap();
        let (name, schema) = props
            .iter()
            .next()
            .map(|(k, s)| (k.clone(), s.clone()))
            .unwrap();
        props.remove(&name);
        props.insert("renamed_field".into(), schema);
        v["version"] = json!("2.0.0");
    });
    let r = evschema(
        d,
        &[
            "--color",
            "never",
            "diff",
            &format!("old/{CREATED}"),
            &format!("new/{CREATED}"),
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("looks like a rename"), "{}", r.stdout);
    assert!(
        r.stdout.contains("a major bump made in place still breaks the consumers of the old major: ship it as a new major file beside the old one (`evschema new-major license.created`"),
        "{}",
        r.stdout
    );
    // one line per change: the effect is not repeated in brackets
    assert!(!r.stdout.contains("[breaks"), "{}", r.stdout);
    // two unrelated event types
    let other = fs::read_dir(d.join("old/sns_topics"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !p.ends_with("license_created.json"))
        .unwrap();
    let r = evschema(
        d,
        &[
            "--color",
            "never",
            "diff",
            other.to_str().unwrap(),
            &format!("old/{CREATED}"),
        ],
    );
    assert!(
        r.stdout
            .contains("warning: the two schemas describe different event types"),
        "{}",
        r.stdout
    );
}

#[test]
fn markdown_lists_only_changed_types() {
    let t = two_catalogs();
    let d = t.path();
    edit(&d.join("new").join(CREATED), |v| {
        v["properties"]["payload"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("issue_date");
    });
    let r = evschema(d, &["diff", "--format", "markdown", "old", "new"]);
    assert_eq!(r.code, 1);
    let rows = r.stdout.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, 1, "{}", r.stdout);
    let total = evschema(d, &["diff", "--format", "json", "old", "new"]);
    let n = json_of(&total)["schemas"].as_array().unwrap().len();
    assert!(
        r.stdout
            .contains(&format!("\n{} unchanged event types.\n", n - 1)),
        "{}",
        r.stdout
    );
}

fn git_at(dir: &Path, date: Option<&str>, args: &[&str]) {
    let mut cmd = Std::new("git");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com");
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    assert!(cmd.output().unwrap().status.success(), "git {args:?}");
}

/// A repository whose catalog gained major 2 of license.created at `v2_date` (now when
/// `None`); the working tree then removes major 1.
fn retiring_repo(v2_date: Option<&str>, sunset: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&root().join("schemas"), &d.join("schemas"));
    git_at(d, None, &["init", "-q"]);
    git_at(d, None, &["add", "."]);
    git_at(d, Some("2019-01-01T00:00:00Z"), &["commit", "-qm", "v1"]);
    let r = evschema(d, &["new-major", "license.created", "--date", "2019-06-01"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    if let Some(s) = sunset {
        edit(&d.join("schemas").join(CREATED), |v| {
            v["x-sunset"] = json!(s);
        });
    }
    git_at(d, None, &["add", "."]);
    git_at(d, v2_date, &["commit", "-qm", "license.created v2"]);
    fs::remove_file(d.join("schemas").join(CREATED)).unwrap();
    dir
}

#[test]
fn a_major_leaves_only_after_its_successor_served_the_support_window() {
    // successor committed now: removing major 1 is early
    let t = retiring_repo(None, None);
    let r = evschema(t.path(), &["--color", "never", "diff", "--against", "HEAD"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("removed before the support window ends — its successor HEAD:schemas/sns_topics/license_created.v2.json")
            || r.stdout.contains("removed before the support window ends — its successor schemas/sns_topics/license_created.v2.json"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("the support window keeps this major until"));
    // the same under --mode forward (where a removal is otherwise compatible)
    let r = evschema(
        t.path(),
        &["diff", "--mode", "forward", "--against", "HEAD"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // a shorter window configured: still early (committed today, 1 day window)
    fs::write(
        t.path().join("evschema.toml"),
        "[policy]\nsupport_window = \"0 days\"\n",
    )
    .unwrap();
    let r = evschema(t.path(), &["diff", "--against", "HEAD"]);
    assert_eq!(r.code, 0, "0-day window: {}{}", r.stdout, r.stderr);
    fs::write(
        t.path().join("evschema.toml"),
        "[policy]\nsupport_window = \"a year\"\n",
    )
    .unwrap();
    assert_eq!(evschema(t.path(), &["diff", "--against", "HEAD"]).code, 2);

    // successor committed in 2020: the 12 months are over
    let t = retiring_repo(Some("2020-03-15T12:00:00Z"), None);
    let r = evschema(t.path(), &["--color", "never", "diff", "--against", "HEAD"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("has been in the catalog since 2020-03-15 (support window ended 2021-03-15)"),
        "{}",
        r.stdout
    );
    let v = json_of(&evschema(
        t.path(),
        &["diff", "--format", "json", "--against", "HEAD"],
    ));
    assert_eq!(v["retired"][0]["successor_since"], "2020-03-15");
    assert_eq!(v["retired"][0]["ok"], true);

    // successor committed now, but the old major declared its sunset, which has passed
    let t = retiring_repo(None, Some("2020-06-01"));
    let r = evschema(t.path(), &["--color", "never", "diff", "--against", "HEAD"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("x-sunset 2020-06-01"), "{}", r.stdout);
}

#[test]
fn new_major_scaffolds_the_next_major_and_deprecates_the_old() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    copy_dir(&root().join("schemas"), &d.join("schemas"));
    // with its configuration: the audit subscriber's EventBridge rule filters on the
    // `source` evschema.toml sets
    fs::copy(root().join("evschema.toml"), d.join("evschema.toml")).unwrap();
    let before = fs::read_to_string(d.join("schemas").join(CREATED)).unwrap();
    let r = evschema(d, &["new-major", "license.created", "--date", "2027-01-31"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let old_text = fs::read_to_string(d.join("schemas").join(CREATED)).unwrap();
    let new_text =
        fs::read_to_string(d.join("schemas/sns_topics/license_created.v2.json")).unwrap();
    // the old file: two lines added, every other byte kept
    let added: Vec<&str> = old_text
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(
        added,
        [
            "  \"deprecated\": true,",
            "  \"x-deprecated-since\": \"2027-01-31\","
        ]
    );
    assert_eq!(old_text.lines().count(), before.lines().count() + 2);
    let v: Value = serde_json::from_str(&new_text).unwrap();
    assert_eq!(v["version"], "2.0.0");
    assert_eq!(
        v["properties"]["version"]["pattern"],
        "^2\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"
    );
    assert_eq!(
        v["properties"]["event_type"],
        json!({"const": "license.created"})
            .get("const")
            .map(|_| v["properties"]["event_type"].clone())
            .unwrap()
    );
    assert!(v.get("deprecated").is_none());
    // the new file differs from the old one only in version lines
    let changed = before
        .lines()
        .zip(new_text.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(before.lines().count(), new_text.lines().count());
    assert!(
        changed >= 2 && changed <= 2 + v["examples"].as_array().map_or(0, Vec::len),
        "{changed}"
    );
    // the catalog stays clean, and both majors are routed
    let r = evschema(d, &["lint", "schemas"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // a second run does not overwrite major 2; an unknown type is an error
    let r = evschema(d, &["new-major", "license.created"]);
    assert_eq!(r.code, 0, "scaffolds major 3: {}{}", r.stdout, r.stderr);
    assert!(d
        .join("schemas/sns_topics/license_created.v3.json")
        .exists());
    let r = evschema(d, &["new-major", "no.such.type"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no schema has event type no.such.type"),
        "{}",
        r.stderr
    );
}

/// Compares with `tests/golden/NAME`; `UPDATE_GOLDEN=1` rewrites it.
fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

#[test]
fn golden_human_and_markdown_outputs() {
    let d = root().join("tests/fixtures/diff");
    let r = evschema(&d, &["--color", "never", "diff", "hooks-old", "hooks-new"]);
    assert_eq!(r.code, 1);
    golden("diff.human.txt", &r.stdout);
    let r = evschema(
        &d,
        &["diff", "--format", "markdown", "hooks-old", "hooks-new"],
    );
    assert_eq!(r.code, 1);
    golden("diff.markdown.md", &r.stdout);
}

/// A schema that cannot be bundled is exit 2 with one message naming file, line and ref
/// (not the message repeated by an error chain).
#[test]
fn an_unbundlable_schema_is_named_once() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(
        d.join("a.json"),
        "{\n  \"type\": \"object\",\n  \"properties\": {\"x\": {\"$ref\": \"missing.json\"}}\n}\n",
    )
    .unwrap();
    let r = evschema(d, &["diff", "a.json", "a.json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.matches("missing.json").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("a.json:3:"), "{}", r.stderr);
}

/// On a terminal, a witness is cut to one short line (with how to see it whole); `-v`, and
/// output that is not a terminal, print it in full. Runs under `script(1)` for a real pty.
#[test]
fn witnesses_are_shortened_on_a_terminal_only() {
    if Std::new("script").arg("--version").output().is_err() {
        panic!("script(1) (util-linux) is needed for the terminal test");
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let props: serde_json::Map<String, Value> = (0..30)
        .map(|i| {
            (
                format!("field_{i:02}"),
                json!({"type": "string", "minLength": 3}),
            )
        })
        .collect();
    let names: Vec<String> = (0..30).map(|i| format!("field_{i:02}")).collect();
    let old = json!({"type": "object", "properties": props, "required": names});
    let mut new = old.clone();
    new["properties"]["field_00"]["maxLength"] = json!(5);
    fs::write(d.join("old.json"), old.to_string()).unwrap();
    fs::write(d.join("new.json"), new.to_string()).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("evschema");
    let on_tty = |extra: &str| {
        let out = Std::new("script")
            .current_dir(d)
            .args(["-qec"])
            .arg(format!("{} diff old.json new.json {extra}", bin.display()))
            .arg("/dev/null")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let short = on_tty("");
    let line = short
        .lines()
        .find(|l| l.contains("witness"))
        .unwrap_or_else(|| panic!("{short}"));
    assert!(line.ends_with("… (-v: full event)"), "{line}");
    assert!(line.chars().count() < 180, "{line}");
    let full = on_tty("-v");
    let line = full.lines().find(|l| l.contains("witness")).unwrap();
    assert!(line.contains("field_29") && !line.contains('…'), "{line}");
    // not a terminal: in full
    let piped = evschema(d, &["diff", "old.json", "new.json"]);
    assert!(piped.stdout.contains("field_29"), "{}", piped.stdout);
}
