//! `evschema diff` when one change blocks a proof: the change is named in every output
//! format, and changes a `format` or listed values already imply are not blamed.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn fixture(side: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff/blame")
        .join(side)
        .join("order.placed.json")
        .to_string_lossy()
        .into_owned()
}

fn diff(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("evschema")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("diff")
        .arg(fixture("old"))
        .arg(fixture("new"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn json_names_the_change_that_blocks_the_proof() {
    let (code, out) = diff(&["--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "none");
    let changes = v["changes"].as_array().unwrap();
    let by_path = |p: &str| {
        changes
            .iter()
            .find(|c| c["path"] == p)
            .unwrap_or_else(|| panic!("no change at {p}: {out}"))
    };
    let sku = by_path("/properties/data/properties/lines/items/properties/sku/pattern");
    assert_eq!(
        sku["blocks_proof"],
        serde_json::json!(["backward", "forward"])
    );
    assert!(sku["message"]
        .as_str()
        .unwrap()
        .contains("this change alone blocks both proofs"));
    // implied by `format: uuid` / `date` / `date-time` and by the enum: compatible, not blamed
    for p in [
        "/properties/id/maxLength",
        "/properties/time/minLength",
        "/properties/data/properties/placed_on/maxLength",
        "/properties/data/properties/currency/pattern",
    ] {
        let c = by_path(p);
        assert_eq!(c["backward"], true, "{c}");
        assert_eq!(c["forward"], true, "{c}");
        assert!(c.get("blocks_proof").is_none(), "{c}");
        assert!(!c["message"].as_str().unwrap().contains("could not"), "{c}");
    }
    // exactly one change carries the key
    let blamed = changes
        .iter()
        .filter(|c| c.get("blocks_proof").is_some())
        .count();
    assert_eq!(blamed, 1, "{out}");
}

#[test]
fn human_and_markdown_say_it_too() {
    let (code, human) = diff(&[]);
    assert_eq!(code, 1);
    let sku = human
        .lines()
        .find(|l| l.contains("data.lines[].sku"))
        .unwrap_or_else(|| panic!("{human}"));
    assert!(sku.trim_start().starts_with('✗'), "{sku}");
    assert!(
        sku.contains("this change alone blocks both proofs"),
        "{sku}"
    );
    let id = human
        .lines()
        .find(|l| l.contains(" id: maxLength 36"))
        .unwrap();
    assert!(id.trim_start().starts_with('✓'), "{id}");
    let (_, md) = diff(&["--format", "markdown"]);
    assert!(md.contains("- ❌ data.lines[].sku:"), "{md}");
    assert!(md.contains("this change alone blocks both proofs"), "{md}");
    assert!(md.contains("- ✅ id: maxLength 36 added"), "{md}");
}

#[test]
fn with_the_blocking_change_reverted_the_rest_is_proved() {
    let dir = tempfile::tempdir().unwrap();
    let mut new: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("new")).unwrap()).unwrap();
    new["properties"]["data"]["properties"]["lines"]["items"]["properties"]["sku"]["pattern"] =
        "^[A-Z]{2}-[0-9]+$".into();
    let path = dir.path().join("order.placed.json");
    std::fs::write(&path, serde_json::to_string_pretty(&new).unwrap()).unwrap();
    let out = Command::cargo_bin("evschema")
        .unwrap()
        .args([
            "diff",
            &fixture("old"),
            path.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "full", "{v}");
    assert_eq!(out.status.code(), Some(0));
}
