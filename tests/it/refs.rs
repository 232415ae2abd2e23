//! References and catalog discovery through the real binary, on small catalogs modelled on
//! public ones: GitHub's webhook schemas (`$id`-keyed refs into `common/`), the AsyncAPI
//! schema (embedded `$id`s, refs to the draft-07 metaschema), `$anchor`, `--resolve` and
//! `--map`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refs")
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    Run::of(bin_in(dir).args(args))
}

fn run(args: &[&str]) -> Run {
    let mut all = vec!["--no-config"];
    all.extend_from_slice(args);
    run_in(&fixtures(), &all)
}

fn results(r: &Run) -> Vec<Value> {
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// (valid, [(instance_path, schema_path)]) of each result line.
fn verdicts(r: &Run) -> Vec<(bool, Vec<(String, String)>)> {
    results(r)
        .iter()
        .map(|v| {
            let errors = v["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["instance_path"].as_str().unwrap().to_owned(),
                        e["schema_path"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            (v["valid"].as_bool().unwrap(), errors)
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn github_webhooks_id_keyed_refs_into_common_one_level_up() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "--schema",
        "webhooks/api.github.com/push/event.schema.json",
        "--catalog",
        "webhooks/api.github.com",
        "webhooks/events/push.ndjson",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = verdicts(&r);
    assert_eq!(v[0], (true, vec![]));
    assert_eq!(
        v[1],
        (
            false,
            pairs(&[
                (
                    "/repository/owner/type",
                    "common/user.schema.json#/properties/type/enum"
                ),
                ("/sender/id", "common/user.schema.json#/properties/id/type"),
            ])
        )
    );
}

#[test]
fn without_catalog_the_schema_folder_is_the_catalog_and_the_error_says_how_to_widen_it() {
    let r = run(&[
        "validate",
        "--schema",
        "webhooks/api.github.com/push/event.schema.json",
        "webhooks/events/push.ndjson",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("webhooks/api.github.com/push/event.schema.json:11:")
            && r.stderr.contains("\"common/repository.schema.json\"")
            && r.stderr.contains("pass --catalog DIR"),
        "{}",
        r.stderr
    );
}

#[test]
fn nearest_evschema_toml_gives_the_catalog_of_a_schema_file() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("payload-schemas");
    copy_dir(&fixtures().join("webhooks/api.github.com"), &cat);
    fs::write(
        dir.path().join("evschema.toml"),
        "catalog = \"payload-schemas\"\n",
    )
    .unwrap();
    fs::copy(
        fixtures().join("webhooks/events/push.ndjson"),
        dir.path().join("push.ndjson"),
    )
    .unwrap();
    // run from elsewhere: the toml is found from the schema file, not the working directory
    let elsewhere = tempfile::tempdir().unwrap();
    let schema = cat.join("push/event.schema.json");
    let events = dir.path().join("push.ndjson");
    let r = run_in(
        elsewhere.path(),
        &[
            "validate",
            "--format",
            "json",
            "--schema",
            schema.to_str().unwrap(),
            events.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        verdicts(&r).iter().map(|v| v.0).collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn diff_of_two_files_takes_their_catalog_from_evschema_toml_as_validate_does() {
    // one function picks a schema file's catalog for `validate --schema` and `diff FILE
    // FILE`: in this layout the folder alone (push/) cannot resolve the refs to common/
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("payload-schemas");
    copy_dir(&fixtures().join("webhooks/api.github.com"), &cat);
    let old = cat.join("push/event.schema.json");
    let new = cat.join("push/event.next.schema.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&old).unwrap()).unwrap();
    schema["description"] = "the push event, described anew".into();
    fs::write(&new, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let args = [
        "diff",
        "--format",
        "json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ];
    let without = run_in(elsewhere.path(), &args);
    assert_eq!(without.code, 2, "{}{}", without.stdout, without.stderr);
    assert!(
        without.stderr.contains("common/repository.schema.json"),
        "{}",
        without.stderr
    );
    fs::write(
        dir.path().join("evschema.toml"),
        "catalog = \"payload-schemas\"\n",
    )
    .unwrap();
    let with = run_in(elsewhere.path(), &args);
    assert_eq!(with.code, 0, "{}", with.stderr);
    let report: serde_json::Value = serde_json::from_str(&with.stdout).unwrap();
    assert_eq!(report["verdict"], "full", "{report}");
    assert_eq!(report["backward"], true, "{report}");
}

#[test]
fn asyncapi_embedded_ids_and_a_ref_to_the_draft_07_metaschema() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "--schema",
        "asyncapi/asyncapi.json",
        "asyncapi/documents.ndjson",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = verdicts(&r);
    assert_eq!(v[0], (true, vec![]));
    assert_eq!(
        v[1],
        (
            false,
            pairs(&[
                (
                    "/components/schemas/Order/type",
                    "http://json-schema.org/draft-07/schema#/properties/type/anyOf"
                ),
                (
                    "/info/contact/email",
                    "/definitions/http:~1~1asyncapi.com~1definitions~13.0.0~1info.json/definitions/contact/properties/email/format"
                ),
                (
                    "/info/license",
                    "/definitions/http:~1~1asyncapi.com~1definitions~13.0.0~1license.json/required"
                ),
            ])
        )
    );
}

#[test]
fn anchors_and_escaped_pointers() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "--schema",
        "anchors/money.schema.json",
        "anchors/events.ndjson",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = verdicts(&r);
    assert_eq!(v[0], (true, vec![]));
    assert_eq!(
        v[1],
        (
            false,
            pairs(&[
                (
                    "/lines/0/price/currency",
                    "/$defs/money/properties/currency/pattern"
                ),
                ("/total/amount", "/$defs/money/properties/amount/pattern"),
            ])
        )
    );
}

#[test]
fn resolve_and_map_serve_refs_from_named_folders_only() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "--schema",
        "mapped-catalog/order.placed.json",
        "--resolve",
        "vendor/money",
        "--map",
        "https://schemas.example.com/shared/=shared",
        "mapped-catalog/events.ndjson",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = verdicts(&r);
    assert_eq!(v[0], (true, vec![]));
    assert_eq!(
        v[1],
        (
            false,
            pairs(&[
                (
                    "/ship_to/country",
                    "shared/v1/address.json#/properties/country/pattern"
                ),
                ("/ship_to/region", "shared/v1/region.json#/minLength"),
                (
                    "/total/amount",
                    "vendor/money/money.json#/properties/amount/type"
                ),
            ])
        )
    );
    // without them the refs are remote: exit 2 naming file, line and ref
    let r = run(&[
        "validate",
        "--schema",
        "mapped-catalog/order.placed.json",
        "mapped-catalog/events.ndjson",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("mapped-catalog/order.placed.json:8:")
            && r.stderr
                .contains("\"https://schemas.example.com/common/money.json\" is remote")
            && r.stderr.contains("--resolve"),
        "{}",
        r.stderr
    );
}

#[test]
fn map_in_evschema_toml_and_routing_through_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("mapped-catalog"), &dir.path().join("cat"));
    copy_dir(&fixtures().join("shared"), &dir.path().join("shared"));
    copy_dir(&fixtures().join("vendor"), &dir.path().join("vendor"));
    fs::rename(
        dir.path().join("cat/events.ndjson"),
        dir.path().join("events.ndjson"),
    )
    .unwrap();
    fs::write(
        dir.path().join("evschema.toml"),
        "catalog = \"cat\"\n[refs]\nmap = { \"https://schemas.example.com/shared/\" = \"shared\" }\nresolve = [\"vendor\"]\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &["validate", "--format", "json", "events.ndjson"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        verdicts(&r).iter().map(|v| v.0).collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn a_map_never_leads_out_of_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("shared")).unwrap();
    fs::write(
        dir.path().join("secret.json"),
        r#"{"description": "TOP-SECRET"}"#,
    )
    .unwrap();
    for reference in [
        "https://x.example/shared/../secret.json",
        "https://x.example/shared/%2e%2e/secret.json",
        "https://x.example/shared/..%2Fsecret.json",
    ] {
        fs::write(
            dir.path().join("s.json"),
            serde_json::json!({"properties": {"a": {"$ref": reference}}}).to_string(),
        )
        .unwrap();
        let r = run_in(
            dir.path(),
            &[
                "--no-config",
                "validate",
                "--schema",
                "s.json",
                "--map",
                "https://x.example/shared/=shared",
                "-",
            ],
        );
        assert_eq!(r.code, 2, "{reference}: {}", r.stderr);
        assert!(r.stderr.contains("s.json:1:"), "{reference}: {}", r.stderr);
        assert!(!r.stderr.contains("TOP-SECRET"), "{}", r.stderr);
    }
}

#[test]
fn only_the_files_a_schema_reaches_are_read() {
    // lazy/ holds a broken neighbour: reading it would fail the run
    let r = run(&[
        "validate",
        "--format",
        "json",
        "--schema",
        "lazy/event.json",
        "lazy/events.ndjson",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = verdicts(&r);
    assert_eq!(v[0], (true, vec![]));
    assert_eq!(
        v[1].1,
        pairs(&[(
            "/meta/type",
            "http://json-schema.org/draft-07/schema#/properties/type/anyOf"
        )])
    );
}

#[test]
fn lint_resolves_what_validate_resolves() {
    for dir in ["webhooks/api.github.com", "asyncapi", "anchors"] {
        let r = run(&["lint", "--format", "json", dir]);
        let out: Value =
            serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{dir}: {e}: {}", r.stderr));
        let e007: Vec<&Value> = out["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "E007")
            .collect();
        assert!(e007.is_empty(), "{dir}: {e007:?}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn a_ref_cycle_across_files_is_exit_2_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.json"),
        r#"{"properties": {"x": {"$ref": "b.json#/properties/y"}}}"#,
    )
    .unwrap();
    fs::write(
        dir.path().join("b.json"),
        r#"{"properties": {"y": {"$ref": "a.json#/properties/x"}}}"#,
    )
    .unwrap();
    fs::write(dir.path().join("e.json"), r#"{"x": 1}"#).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "--no-config",
            "validate",
            "--schema",
            "a.json",
            "--catalog",
            ".",
            "e.json",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "$ref cycle without a base case: b.json#/properties/y → a.json#/properties/x → b.json#/properties/y"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_schema_outside_the_catalog_resolves_its_refs_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    copy_dir(
        &fixtures().join("webhooks/api.github.com/common"),
        &cat.join("common"),
    );
    fs::copy(
        fixtures().join("webhooks/api.github.com/push/event.schema.json"),
        dir.path().join("push.schema.json"),
    )
    .unwrap();
    fs::copy(
        fixtures().join("webhooks/events/push.ndjson"),
        dir.path().join("push.ndjson"),
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &[
            "--no-config",
            "validate",
            "--format",
            "json",
            "--schema",
            "push.schema.json",
            "--catalog",
            "cat",
            "push.ndjson",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        verdicts(&r).iter().map(|v| v.0).collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn diff_follows_embedded_ids_as_validate_does() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixtures().join("asyncapi/asyncapi.json")).unwrap();
    fs::write(dir.path().join("old.json"), &text).unwrap();
    // the embedded license resource (reached from info.json by a ref relative to its $id)
    // now also requires `url`: old documents without one are rejected
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["definitions"]["http://asyncapi.com/definitions/3.0.0/license.json"]["required"] =
        serde_json::json!(["name", "url"]);
    fs::write(dir.path().join("new.json"), v.to_string()).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "--no-config",
            "diff",
            "--format",
            "json",
            "old.json",
            "new.json",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(out["backward"], false, "{out}");
    assert_eq!(out["forward"], true, "{out}");
    let unchanged = run_in(
        dir.path(),
        &[
            "--no-config",
            "diff",
            "--format",
            "json",
            "old.json",
            "old.json",
        ],
    );
    assert_eq!(unchanged.code, 0, "{}", unchanged.stderr);
}

#[test]
#[cfg(unix)]
fn a_symbolic_link_in_a_mapped_folder_does_not_lead_out() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("shared")).unwrap();
    fs::write(
        dir.path().join("secret.json"),
        r#"{"description": "TOP-SECRET", "type": "string"}"#,
    )
    .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.json"),
        dir.path().join("shared/link.json"),
    )
    .unwrap();
    fs::write(
        dir.path().join("s.json"),
        r#"{"properties": {"a": {"$ref": "https://x.example/shared/link.json"}}}"#,
    )
    .unwrap();
    fs::write(dir.path().join("e.json"), r#"{"a": 1}"#).unwrap();
    let r = run_in(
        dir.path(),
        &[
            "--no-config",
            "validate",
            "--schema",
            "s.json",
            "--map",
            "https://x.example/shared/=shared",
            "e.json",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("s.json:1:") && r.stderr.contains("link.json"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("TOP-SECRET"), "{}", r.stderr);
}
