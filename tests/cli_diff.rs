//! `evschema diff`, run as the real binary on file pairs, catalog folders and git history.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn evschema(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("evschema")
        .unwrap()
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
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

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
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

fn git(dir: &Path, args: &[&str]) {
    let ok = Std::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
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
