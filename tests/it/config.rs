//! evschema.toml: every command runs with no flags in a configured repository.

use std::fs;
use std::path::Path;

use crate::support::*;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    Run::of(bin_in(dir).args(args)).parts()
}

const CONFIG: &str = r#"
catalog = "contracts"

[validate]
inputs = ["contracts/examples/valid.ndjson"]

[diff]
mode = "full"
policy = "strict"
against = "HEAD"

[render]
output = "docs/EVENTS.md"

[lint]
deny_warnings = true
rules = { "missing-description" = "off" }

# the EventBridge source the shipped audit subscriber's rule filters on
[subscriptions]
source = "credentialing"
"#;

#[test]
fn every_command_runs_with_no_flags_in_a_configured_repository() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas"),
        &d.join("contracts"),
    );
    fs::write(d.join("evschema.toml"), CONFIG).unwrap();
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "catalog"]);
    // run from a subfolder: the file is found by walking up, paths are relative to it
    let sub = d.join("contracts/sns_topics");

    let (code, out, err) = run(&sub, &["validate"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("47 valid, 0 invalid, 1 file"), "{out}");

    let (code, out, err) = run(&sub, &["lint"]);
    assert_eq!(code, 0, "{out}{err}");

    let (code, out, err) = run(&sub, &["render"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        d.join("docs/EVENTS.md").exists(),
        "render wrote [render] output"
    );
    let (code, _, _) = run(&sub, &["render", "--check"]);
    assert_eq!(code, 0);
    let (code, out, _) = run(&sub, &["render", "-o", "-"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("<!-- ") || out.starts_with("# "),
        "{}",
        &out[..80.min(out.len())]
    );

    let (code, out, err) = run(&sub, &["diff"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("--mode full"), "[diff] mode is used: {out}");

    // a compatible-only-backward change fails under the configured --mode full
    let file = d.join("contracts/sns_topics/license_created.json");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("\"manual_entry\",", "\"manual_entry\", \"api_import\","),
    )
    .unwrap();
    let (code, out, _) = run(&sub, &["diff"]);
    assert_eq!(code, 1, "{out}");
    let (code, _, _) = run(&sub, &["diff", "--mode", "backward"]);
    assert_eq!(
        code, 1,
        "the declared version 1.0.0 does not cover the minor bump"
    );
    // --no-config ignores the file: the built-in catalog folder schemas/ does not exist here
    let (code, _, err) = run(d, &["--no-config", "validate", "-"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the catalog folder schemas does not exist"),
        "{err}"
    );
}

#[test]
fn unknown_keys_are_errors_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    for (text, key) in [
        ("catalogue = \"schemas\"\n", "catalogue"),
        (
            "[validate]\nformat_assertions = false\n",
            "format_assertions",
        ),
        ("[diff]\nmode = \"sideways\"\n", "sideways"),
        ("[render]\nout = \"x.md\"\n", "out"),
        ("[lint]\nrules = { E999 = \"off\" }\n", "E999"),
    ] {
        fs::write(dir.path().join("evschema.toml"), text).unwrap();
        let (code, _, err) = run(dir.path(), &["validate", "-"]);
        assert_eq!(code, 2, "{text}");
        assert!(err.contains("evschema.toml"), "{err}");
        assert!(err.contains(key), "{text}: {err}");
    }
}

#[test]
fn config_flag_names_the_file_and_missing_file_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["--config", "nope.toml", "validate", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.toml: cannot read"), "{err}");
}
