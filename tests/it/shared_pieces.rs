//! Behaviour fixed while the core's shared pieces were merged.

use std::fs;
use std::process::Command;

fn lint(dir: &std::path::Path) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_evschema"))
        .current_dir(dir)
        .args(["lint", "--format", "json", "cat"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), report)
}

#[test]
fn a_non_utf8_file_is_an_e001_at_the_configured_level() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("cat")).unwrap();
    fs::write(dir.path().join("cat/bad.json"), b"{\"title\": \"\xff\"}").unwrap();
    // the default: an error
    let (code, report) = lint(dir.path());
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["findings"][0]["code"], "E001");
    assert_eq!(report["findings"][0]["severity"], "error");
    assert!(report["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8 (first bad byte at offset 11)"));
    // configured as a warning: a warning, and lint passes
    fs::write(
        dir.path().join("evschema.toml"),
        "[lint.rules]\nE001 = \"warning\"\n",
    )
    .unwrap();
    let (code, report) = lint(dir.path());
    assert_eq!(report["findings"][0]["severity"], "warning", "{report}");
    assert_eq!(code, 0, "{report}");
    // off: no finding
    fs::write(
        dir.path().join("evschema.toml"),
        "[lint.rules]\nE001 = \"off\"\n",
    )
    .unwrap();
    let (_, report) = lint(dir.path());
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
}

#[test]
#[cfg(unix)]
fn lint_names_a_link_loop_once_and_lints_the_other_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("cat/sub")).unwrap();
    fs::write(dir.path().join("cat/a.json"), "{\"title\": \"a\"").unwrap();
    fs::write(dir.path().join("cat/sub/b.json"), "{\"title\": \"b\"").unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("cat/sub/up")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_evschema"))
        .current_dir(dir.path())
        .args(["lint", "--format", "json", "cat"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("cat/sub/up: symbolic link loop").count(),
        1,
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "E001")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["cat/a.json", "cat/sub/b.json"], "{report}");
    assert_eq!(out.status.code(), Some(1));
}
