//! `evschema lint` on the catalog's subscription files, through the real binary: their
//! shape and syntax (E401), and the analysis against the event schemas (E402-E404, W405):
//! on a fixture catalog in the style of a payments team's (`$id` refs to a shared folder,
//! allOf payloads, an EventBridge rule, a v2-only queue), on the shipped catalog, and on the
//! seed's own mistake (`license.expiration.warning`).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;

/// Exit code and the findings of `lint --format json`.
fn lint_findings(dir: &Path, args: &[&str]) -> (i32, Vec<Value>) {
    let (code, report) = lint_json(dir, args);
    (
        code,
        report["findings"].as_array().cloned().unwrap_or_default(),
    )
}

fn sub_findings(findings: &[Value]) -> Vec<(String, String, u64, String)> {
    findings
        .iter()
        .filter(|f| f["file"].as_str().unwrap().contains("/subscriptions/"))
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned(),
                f["line"].as_u64().unwrap(),
                f["pointer"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The example event of a finding's help, parsed.
fn example(f: &Value) -> Value {
    let help = f["help"].as_str().unwrap();
    let at = help.find("example event: ").expect(help) + "example event: ".len();
    serde_json::from_str(&help[at..]).expect(help)
}

#[test]
fn fixture_catalog_findings_with_positions_and_pointers() {
    let (code, findings) = lint_findings(&root(), &["tests/fixtures/subscriptions_lint"]);
    assert_eq!(code, 1);
    let got = sub_findings(&findings);
    let want = [
        (
            "E404",
            "analytics.json",
            11,
            "/sns/FilterPolicy/payload/total/value/0",
        ),
        (
            "E403",
            "analytics.json",
            12,
            "/sns/FilterPolicy/payload/item_count",
        ),
        ("E402", "billing.json", 7, "/sns/FilterPolicy/event_type/1"),
        (
            "E401",
            "broken.json",
            6,
            "/sns/FilterPolicy/priority/0/numeric",
        ),
        ("E401", "broken.json", 7, "/sns/DeliveryPolicy"),
        ("W405", "warehouse.json", 8, "/sns/FilterPolicy/version"),
    ];
    let want: Vec<(String, String, u64, String)> = want
        .iter()
        .map(|(c, f, l, p)| (c.to_string(), f.to_string(), *l, p.to_string()))
        .collect();
    assert_eq!(got, want);
    // the EventBridge rule (wildcard, numeric on an integer, prefix ignoring case) is clean
    assert!(!findings
        .iter()
        .any(|f| f["file"].as_str().unwrap().ends_with("carrier_rule.json")));
    // subscription files are not linted as schemas (no E201 envelope-missing on them)
    assert!(!findings
        .iter()
        .any(|f| f["file"].as_str().unwrap().contains("/subscriptions/")
            && !f["code"].as_str().unwrap().starts_with(['E', 'W'])
            || (f["file"].as_str().unwrap().contains("/subscriptions/")
                && f["code"].as_str().unwrap()[1..].starts_with('2'))));
}

#[test]
fn did_you_mean_a_prefix_with_an_event_it_matches() {
    let (_, findings) = lint_findings(&root(), &["tests/fixtures/subscriptions_lint"]);
    let f = findings.iter().find(|f| f["code"] == "E402").expect("E402");
    assert_eq!(
        f["message"],
        "`order.status` matches no event type on sns_topics"
    );
    let help = f["help"].as_str().unwrap();
    assert!(
        help.starts_with("did you mean {\"prefix\": \"order.status.\"}? it matches order.status.shipped, order.status.delivered"),
        "{help}"
    );
    let ev = example(f);
    assert_eq!(ev["event_type"], "order.status.shipped");
    // the example is a valid event of the catalog
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ev.json");
    std::fs::write(&file, ev.to_string()).unwrap();
    plain_in(&root())
        .args(["validate", "--catalog", "tests/fixtures/subscriptions_lint"])
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn wrong_type_unknown_field_and_retired_version_messages() {
    let (_, findings) = lint_findings(&root(), &["tests/fixtures/subscriptions_lint"]);
    let by = |code: &str| findings.iter().find(|f| f["code"] == code).unwrap();
    assert_eq!(
        by("E404")["message"],
        "a numeric comparison on `payload.total.value`, whose type is string in order_placed.json: it never matches"
    );
    // the type is read through allOf and an $id-keyed $ref into common/
    assert_eq!(example(by("E404"))["payload"]["total"]["currency"], "EUR");
    assert_eq!(
        by("E403")["message"],
        "`payload.item_count` is not a field of any event it can match (order_placed.json)"
    );
    assert_eq!(
        by("W405")["message"],
        "matches shipment.dispatched only in version 1.x, which no longer exists (the catalog has 2.x)"
    );
    assert_eq!(example(by("W405"))["version"], "2.0.0");
}

#[test]
fn shipped_catalog_subscribers_are_clean() {
    let (code, findings) = lint_findings(&root(), &["schemas"]);
    assert_eq!(code, 0, "{findings:?}");
    assert!(sub_findings(&findings).is_empty());
}

/// A copy of the shipped catalog with one more subscriber.
fn shipped_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("schemas"), dir.path());
    std::fs::write(dir.path().join("subscriptions").join(name), text).unwrap();
    dir
}

#[test]
fn the_seed_publishing_example_as_a_filter_policy() {
    let dir = shipped_with(
        "reminders.json",
        r#"{
  "name": "reminders",
  "owner": "notifications",
  "channel": "sns_topics",
  "sns": {"FilterPolicy": {"event_type": ["license.expiration.warning"]}}
}
"#,
    );
    let (code, findings) = lint_findings(&root(), &[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let f: Vec<&Value> = findings
        .iter()
        .filter(|f| f["file"].as_str().unwrap().ends_with("reminders.json"))
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["code"], "E402");
    assert_eq!(f[0]["line"], 5);
    assert_eq!(f[0]["pointer"], "/sns/FilterPolicy/event_type/0");
    assert!(f[0]["help"]
        .as_str()
        .unwrap()
        .starts_with("did you mean {\"prefix\": \"license.expiration.warning.\"}? it matches license.expiration.warning.90d, license.expiration.warning.60d, license.expiration.warning.30d"));
    assert_eq!(
        example(f[0])["event_type"],
        "license.expiration.warning.90d"
    );
}

#[test]
fn a_single_subscription_file_is_linted_in_its_catalog() {
    let (code, findings) = lint_findings(
        &root(),
        &["tests/fixtures/subscriptions_lint/subscriptions/warehouse.json"],
    );
    assert_eq!(code, 0, "a warning only");
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["W405"]);
}

#[test]
fn schema_shape_errors_and_human_output() {
    let dir = shipped_with(
        "odd.json",
        "{\n  \"name\": \"odd\",\n  \"owner\": \"\",\n  \"channel\": \"sns_topic\",\n  \"eventbridge\": {\"EventPattern\": {\"detail-type\": [{\"wildcard\": 5}]}}\n}\n",
    );
    let out = plain_in(&root())
        .arg("lint")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("error[E401]: `owner` must be a non-empty string (subscription-invalid)"),
        "{text}"
    );
    assert!(text.contains("odd.json:3:12"), "{text}");
    assert!(
        text.contains("error[E401]: `wildcard` takes a string"),
        "{text}"
    );
    // a rule can be configured off like any other
    let (code, findings) = lint_findings(
        &root(),
        &[dir.path().to_str().unwrap(), "--preset", "event-contracts"],
    );
    assert_eq!(code, 1);
    assert!(findings.iter().all(|f| f["code"] == "E401"), "{findings:?}");
}

#[test]
fn explain_and_list_rules_know_the_subscription_rules() {
    let out = plain_in(&root())
        .args(["lint", "--explain", "E402"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("E402 subscription-matches-nothing (error, subscriptions)"),
        "{text}"
    );
    let out = plain_in(&root())
        .args(["lint", "--list-rules"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for code in ["E401", "E402", "E403", "E404", "W405", "W406"] {
        assert!(text.contains(code), "{code}");
    }
}

// ---- diff: what a catalog change does to each subscriber ----

/// OLD = the shipped catalog; NEW = license.expired removed and notification.sent's
/// `payload.channel` renamed (the field email delivery filters on).
fn changed_catalogs() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    copy_dir(&root().join("schemas"), &old);
    copy_dir(&root().join("schemas"), &new);
    std::fs::remove_file(new.join("sns_topics/license_expired.json")).unwrap();
    let sent = new.join("sqs_queues/notification_sent.json");
    let text = std::fs::read_to_string(&sent).unwrap();
    std::fs::write(&sent, text.replace("\"channel\"", "\"delivery_channel\"")).unwrap();
    (dir, old, new)
}

#[test]
fn diff_reports_what_reaches_each_subscriber() {
    let (_keep, old, new) = changed_catalogs();
    let out = plain_in(&root())
        .args(["diff", "--format", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let subs = report["subscribers"].as_array().unwrap();
    let names: Vec<&str> = subs.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["audit-service", "email-delivery", "notification-service"]
    );
    let by = |n: &str| subs.iter().find(|s| s["name"] == n).unwrap();
    assert_eq!(
        by("notification-service")["no_longer_receives"],
        serde_json::json!(["license.expired"])
    );
    assert_eq!(by("notification-service")["status"], "changed");
    assert!(by("notification-service").get("breaking").is_none());
    let email = by("email-delivery");
    assert_eq!(
        email["fields"],
        serde_json::json!([{"event_type": "notification.sent", "field": "payload.channel", "change": "removed", "old": "string", "new": "absent"}])
    );
    let breaking = email["breaking"].as_array().unwrap();
    assert_eq!(breaking.len(), 1);
    assert_eq!(breaking[0]["event_type"], "notification.sent");
    assert!(breaking[0]["changes"].as_array().unwrap().iter().any(|c| c
        .as_str()
        .unwrap()
        .starts_with("payload.channel: property \"channel\" removed")));
    // human and Markdown lines
    let out = plain_in(&root())
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("subscriber notification-service ("), "{text}");
    assert!(
        text.contains("  no longer receives license.expired\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  its filter reads payload.channel is gone from notification.sent (was string)\n"
        ),
        "{text}"
    );
    let out = plain_in(&root())
        .args(["diff", "--format", "markdown"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("### Subscribers\n"), "{text}");
    assert!(
        text.contains("  - no longer receives `license.expired`\n"),
        "{text}"
    );
}

#[test]
fn diff_reads_subscriptions_on_both_sides() {
    let (_keep, old, new) = changed_catalogs();
    std::fs::remove_file(new.join("subscriptions/audit_service.json")).unwrap();
    std::fs::write(
        new.join("subscriptions/reminders.json"),
        r#"{"name": "reminders", "owner": "notifications", "channel": "sns_topics",
            "sns": {"FilterPolicy": {"event_type": [{"prefix": "license.expiration.warning."}]}}}"#,
    )
    .unwrap();
    let out = plain_in(&root())
        .args(["diff", "--format", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let subs = report["subscribers"].as_array().unwrap();
    let audit = subs.iter().find(|s| s["name"] == "audit-service").unwrap();
    assert_eq!(audit["status"], "removed");
    assert!(audit["no_longer_receives"].as_array().unwrap().len() >= 18);
    let rem = subs.iter().find(|s| s["name"] == "reminders").unwrap();
    assert_eq!(rem["status"], "added");
    assert_eq!(
        rem["now_receives"],
        serde_json::json!([
            "license.expiration.warning.30d",
            "license.expiration.warning.60d",
            "license.expiration.warning.90d"
        ])
    );
}

#[test]
fn an_unchanged_catalog_reaches_no_subscriber() {
    let out = plain_in(&root())
        .args(["diff", "--format", "json", "schemas", "schemas"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report.get("subscribers").is_none(), "{report}");
}

// ---- render: per event type its subscribers, and producers → channels → consumers ----

#[test]
fn render_lists_subscribers_per_event_and_the_map() {
    let out = plain_in(&root())
        .args(["render", "schemas"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let section = &text
        [text.find("\n## Subscribers\n").expect("section")..text.find("\n## Index\n").unwrap()];
    assert!(section.contains("  c1 -->|4| s1\n"), "{section}");
    assert!(
        section.contains("  s1([\"email-delivery\"])\n"),
        "{section}"
    );
    assert!(section.contains("| `email-delivery` — Sends and tracks email notifications. | notifications | SNS filter policy on the message body (`subscriptions/email_delivery.json`) | [`notification.bounced`](#notificationbounced), "), "{section}");
    // each event section names its subscribers
    let sent = &text[text.find("\n### `notification.sent`").unwrap()..];
    let sent = &sent[..sent[1..].find("\n### ").unwrap()];
    assert!(
        sent.contains("- Subscribers: `audit-service`, `email-delivery`\n"),
        "{sent}"
    );
    let updated = &text[text.find("\n### `license.updated`").unwrap()..];
    assert!(updated.contains("- Subscribers: `audit-service`\n"));
}

#[test]
fn render_draws_producers_from_x_producer() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("tests/fixtures/subscriptions_lint"),
        dir.path(),
    );
    // a broken subscription file is bad input for render (lint lists its problems)
    let out = plain_in(&root())
        .arg("render")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("broken.json:7:23: unknown key `DeliveryPolicy`"),
        "{err}"
    );
    std::fs::remove_file(dir.path().join("subscriptions/broken.json")).unwrap();
    let out = plain_in(&root())
        .arg("render")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  p0[\"checkout-service\"]\n  c0[\"SNS topics\"]\n  p0 --> c0\n"),
        "{text}"
    );
    assert!(text.contains("| `warehouse` | logistics | SNS filter policy on the message attributes (`subscriptions/warehouse.json`) | nothing |"), "{text}");
    let order = &text[text.find("\n### `order.placed`").unwrap()..];
    assert!(order.contains("- Subscribers: `billing`\n"), "{order}");
}

/// The EventBridge-style catalog whose subscribers use every operator (tests/fixtures/
/// subscriptions/orders): events are EventBridge events routed by `detail-type`, channels
/// are the source folders. Every filter there matches events, so the analysis reports no
/// error (undecided filters are warnings, never errors).
#[test]
fn eventbridge_style_catalog_has_no_false_errors() {
    let dir = root().join("tests/fixtures/subscriptions/orders");
    let (code, findings) = lint_findings(&dir, &["--config", "evschema.toml", "catalog"]);
    assert_eq!(code, 0, "{findings:?}");
    assert!(
        findings
            .iter()
            .all(|f| f["severity"] == "warning" && f["code"] == "W406"),
        "{findings:?}"
    );
}
