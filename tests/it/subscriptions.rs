//! `evschema route`: who receives which events, through the real binary, on the shipped
//! catalog's subscribers and on an EventBridge-style fixture catalog
//! (tests/fixtures/subscriptions/orders/) whose subscriptions use every operator.

use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

use crate::support::*;

fn run_in(dir: &Path, args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut cmd = plain_in(dir);
    cmd.args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    Run::of(&mut cmd)
}

fn run(args: &[&str]) -> Run {
    run_in(&root(), args, None)
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

const ORDERS: &str = "tests/fixtures/subscriptions/orders";

fn orders(args: &[&str]) -> Run {
    let mut all = vec![
        "--config",
        "tests/fixtures/subscriptions/orders/evschema.toml",
    ];
    all.extend_from_slice(args);
    run(&all)
}

/// Who should receive a shipped-catalog event, from the three subscription files' intent.
fn shipped_expectation(event: &Value, channel: &str) -> Vec<String> {
    let ty = event["event_type"].as_str().unwrap_or("");
    let version = event["version"].as_str().unwrap_or("");
    let mut out = vec!["audit-service".to_owned()];
    if channel == "sqs_queues"
        && ty.starts_with("notification.")
        && event["payload"]["channel"] == "email"
    {
        out.push("email-delivery".into());
    }
    if channel == "sns_topics"
        && (ty.starts_with("license.") || ty.starts_with("cme."))
        && version.starts_with("1.")
    {
        out.push("notification-service".into());
    }
    out
}

#[test]
fn shipped_catalog_every_example_reaches_the_subscribers_its_filters_name() {
    let r = run(&["route", "--format", "json", "schemas/examples/valid.ndjson"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(root().join("schemas/examples/valid.ndjson")).unwrap();
    let events: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lines = json_lines(&r.stdout);
    assert_eq!(lines.len(), events.len());
    let mut email = 0;
    let mut notif = 0;
    for (l, e) in lines.iter().zip(&events) {
        assert_eq!(l["valid"], true, "{l}");
        assert_eq!(l["event_type"], e["event_type"]);
        assert_eq!(l["version"], e["version"]);
        let channel = l["channel"].as_str().unwrap();
        assert!(l["schema"].as_str().unwrap().starts_with(channel));
        let want = shipped_expectation(e, channel);
        email += want.contains(&"email-delivery".to_owned()) as u32;
        notif += want.contains(&"notification-service".to_owned()) as u32;
        assert_eq!(names(&l["subscribers"]), want, "{l}");
        assert!(l.get("explain").is_none());
    }
    // the filters are selective, not all-or-nothing
    assert!(email > 0 && email < 47 && notif > 5, "{email} {notif}");
    assert!(
        r.stderr.contains("47 events, 0 invalid or unroutable"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_seeds_publishing_example_is_unroutable_and_reaches_only_audit() {
    // the seed's README publishes `license.expiration.warning`, which no schema claims
    let event = json!({"event_type": "license.expiration.warning", "event_id": "f86cd860-144b-47b1-866a-b73735226c37",
        "timestamp": "2024-12-15T09:00:00Z", "version": "1.0.0", "payload": {}});
    let r = run_in(
        &root(),
        &["route", "--format", "json", "-"],
        Some(format!("{event}\n").into_bytes()),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let l = &json_lines(&r.stdout)[0];
    assert_eq!(l["valid"], false);
    assert_eq!(l["schema"], Value::Null);
    assert_eq!(l["channel"], Value::Null);
    assert_eq!(names(&l["subscribers"]), ["audit-service"]);
    assert!(
        l["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("license.expiration.warning"),
        "{l}"
    );
}

#[test]
fn explain_names_the_failing_key_and_its_line_in_the_subscription_file() {
    let r = run(&[
        "route",
        "--explain",
        "--format",
        "json",
        "schemas/examples/valid.ndjson",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    // line 10: a notification.queued for the push channel
    let l = &lines[9];
    assert_eq!(l["event_type"], "notification.queued");
    assert_eq!(names(&l["subscribers"]), ["audit-service"]);
    let ex = l["explain"].as_array().unwrap();
    assert_eq!(ex.len(), 1, "{l}");
    assert_eq!(ex[0]["subscriber"], "email-delivery");
    assert_eq!(ex[0]["pointer"], "/sns/FilterPolicy/payload/channel");
    assert_eq!(ex[0]["path"], "payload.channel");
    assert!(
        ex[0]["reason"].as_str().unwrap().contains("\"push\""),
        "{l}"
    );
    let file =
        std::fs::read_to_string(root().join("schemas/subscriptions/email_delivery.json")).unwrap();
    let line = ex[0]["line"].as_u64().unwrap() as usize;
    assert!(
        file.lines()
            .nth(line - 1)
            .unwrap()
            .contains("\"channel\": [\"email\"]"),
        "line {line}"
    );
    // a license event: email-delivery does not listen on sns_topics, so it is not explained
    let l = &lines[0];
    assert_eq!(l["explain"], json!([]));
    // human output says the same
    let r = run(&["route", "--explain", "schemas/examples/valid.ndjson"]);
    assert!(
        r.stdout
            .contains("not received by email-delivery: the value is \"push\""),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("schemas/subscriptions/email_delivery.json:"));
}

#[test]
fn sns_wrapped_and_compressed_inputs_are_unwrapped_first() {
    let r = run(&[
        "route",
        "--format",
        "json",
        "tests/fixtures/route/sns-sqs.ndjson",
    ]);
    let lines = json_lines(&r.stdout);
    assert!(!lines.is_empty());
    let routed: Vec<&Value> = lines.iter().filter(|l| l["valid"] == true).collect();
    assert!(!routed.is_empty(), "{}", r.stdout);
    for l in routed {
        let ty = l["event_type"].as_str().unwrap();
        let subs = names(&l["subscribers"]);
        assert!(subs.contains(&"audit-service".to_owned()));
        assert_eq!(
            subs.contains(&"notification-service".to_owned()),
            l["channel"] == "sns_topics" && (ty.starts_with("license.") || ty.starts_with("cme.")),
            "{l}"
        );
    }
    // gzip
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("events.ndjson.gz");
    let text = std::fs::read(root().join("schemas/examples/valid.ndjson")).unwrap();
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&text).unwrap();
    enc.finish().unwrap();
    let plain = run(&["route", "--format", "json", "schemas/examples/valid.ndjson"]);
    let zipped = run(&["route", "--format", "json", gz.to_str().unwrap()]);
    assert_eq!(zipped.code, 0, "{}", zipped.stderr);
    let strip = |s: &str| -> Vec<Value> {
        json_lines(s)
            .into_iter()
            .map(|mut v| {
                v.as_object_mut().unwrap().remove("source");
                v
            })
            .collect()
    };
    assert_eq!(strip(&plain.stdout), strip(&zipped.stdout));
}

#[test]
fn output_is_deterministic_and_human_lists_subscribers_sorted() {
    let a = run(&["route", "schemas/examples"]);
    let b = run(&["route", "schemas/examples"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.code, 1, "the folder holds invalid.ndjson too");
    assert!(a
        .stdout
        .contains("license.expiration.warning.90d 1.0.0 -> sns_topics/license_expiration.json (sns_topics)\n  received by: audit-service, notification-service\n"));
    assert!(a.stdout.contains("  invalid: "));
}

#[test]
fn source_setting_decides_the_eventbridge_rules() {
    // the shipped evschema.toml says source = "credentialing", which audit's rule names
    let r = run(&[
        "route",
        "--format",
        "json",
        "--source",
        "someone.else",
        "schemas/examples/valid.ndjson",
    ]);
    for l in json_lines(&r.stdout) {
        assert!(!names(&l["subscribers"]).contains(&"audit-service".to_owned()));
    }
    let r = run(&[
        "--no-config",
        "route",
        "--format",
        "json",
        "schemas/examples/valid.ndjson",
    ]);
    for l in json_lines(&r.stdout) {
        assert!(
            !names(&l["subscribers"]).contains(&"audit-service".to_owned()),
            "default source is evschema"
        );
    }
}

#[test]
fn a_bad_subscription_file_stops_the_run_naming_file_line_and_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    std::fs::create_dir_all(cat.join("sns_topics")).unwrap();
    std::fs::create_dir_all(cat.join("subscriptions")).unwrap();
    std::fs::copy(
        root().join("schemas/sns_topics/license_created.json"),
        cat.join("sns_topics/license_created.json"),
    )
    .unwrap();
    std::fs::create_dir_all(cat.join("common")).unwrap();
    for f in ["definitions.json", "us_states.json"] {
        std::fs::copy(
            root().join("schemas/common").join(f),
            cat.join("common").join(f),
        )
        .unwrap();
    }
    std::fs::write(
        cat.join("subscriptions/bad.json"),
        "{\n  \"name\": \"bad\",\n  \"owner\": \"o\",\n  \"channel\": \"sns_topics\",\n  \"sns\": {\"FilterPolicy\": {\"event_type\": [{\"wildcard\": \"license.*\"}]}}\n}\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &["--no-config", "route", "--catalog", "cat", "-"],
        Some(b"{}\n".to_vec()),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("cat/subscriptions/bad.json:5:"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`wildcard` is an EventBridge operator"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("/sns/FilterPolicy/event_type/0/wildcard"),
        "{}",
        r.stderr
    );
    // a missing input file is bad input too
    let r = run(&["route", "no/such/events.ndjson"]);
    assert_eq!(r.code, 2);
}

/// The fixture catalog's examples, each with who receives it (worked out by hand from the
/// subscription files).
#[test]
fn foreign_catalog_every_operator() {
    let r = orders(&[
        "route",
        "--format",
        "json",
        &format!("{ORDERS}/catalog/examples/events.ndjson"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: Vec<Vec<String>> = json_lines(&r.stdout)
        .iter()
        .map(|l| names(&l["subscribers"]))
        .collect();
    let want: Vec<Vec<&str>> = vec![
        // gold DE EUR, two 2024 books, tagged, no coupon
        vec![
            "account-region",
            "bookshop",
            "coupon-free",
            "eu-fulfilment",
            "non-test",
            "not-cancelled",
            "order-attributes",
            "vip-desk",
        ],
        // GOLD US, total 1000 (>= 1000), flagged /24 edge, coupon null (present), USD
        vec![
            "account-region",
            "fraud-review",
            "non-test",
            "not-cancelled",
            "order-attributes",
            "order-body",
            "vip-desk",
        ],
        // bronze, test order, GBP, IPv6 documentation range
        vec!["account-region", "ipv6-monitor", "order-attributes"],
        // a cancellation
        vec!["account-region", "non-test", "order-attributes"],
        // retryable payment of 99.99 from 10.1.2.3
        vec![
            "account-region",
            "body-suffix",
            "non-test",
            "payments-retry",
        ],
        // fraud, not retryable, mastercard in lower case
        vec!["account-region", "non-test", "payment-body"],
        // eu-west-1, 999.99 (< 1000), 203.0.114.0 (just outside the /24), B2B-asap, no items
        vec![
            "coupon-free",
            "eu-fulfilment",
            "non-test",
            "not-cancelled",
            "order-attributes",
            "urgent-tags",
        ],
    ];
    assert_eq!(got, want);
}

#[test]
fn foreign_catalog_boundaries_through_stdin() {
    let base: Value = serde_json::from_str(
        std::fs::read_to_string(root().join(ORDERS).join("catalog/examples/events.ndjson"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut e = base.clone();
        f(&mut e);
        e
    };
    let cases = [
        (
            with(&|e| e["detail"]["total"] = json!(999.999)),
            "fraud-review",
            false,
        ),
        (
            with(&|e| e["detail"]["total"] = json!(1000.0)),
            "fraud-review",
            true,
        ),
        (
            with(&|e| e["detail"]["client_ip"] = json!("203.0.113.0")),
            "fraud-review",
            true,
        ),
        (
            with(&|e| e["detail"]["client_ip"] = json!("203.0.112.255")),
            "fraud-review",
            false,
        ),
        (
            with(&|e| e["detail"]["client_ip"] = json!("2001:db8:ffff::1")),
            "ipv6-monitor",
            true,
        ),
        (
            with(&|e| e["detail"]["client_ip"] = json!("2001:db9::1")),
            "ipv6-monitor",
            false,
        ),
        (
            with(&|e| e["detail"]["customer"]["tier"] = json!("gOLd")),
            "vip-desk",
            true,
        ),
        (
            with(&|e| e["detail"]["customer"]["tier"] = json!("golden")),
            "vip-desk",
            false,
        ),
        (
            with(&|e| e["detail"]["coupon"] = json!(null)),
            "coupon-free",
            false,
        ),
        (
            with(&|e| {
                e["detail"].as_object_mut().unwrap().remove("tags");
            }),
            "coupon-free",
            false,
        ),
        (
            with(&|e| e["detail"]["tags"] = json!([])),
            "coupon-free",
            false,
        ),
        (
            with(&|e| e["detail"]["items"][0]["sku"] = json!("BK-0001-2025")),
            "bookshop",
            false,
        ),
        (
            with(
                &|e| e["detail"]["items"] = json!([{"sku": "BK-1-2024", "qty": 1, "price": 1}, {"sku": "X", "qty": 9, "price": 1}]),
            ),
            "bookshop",
            false,
        ),
        (
            with(
                &|e| e["detail"]["items"] = json!([{"sku": "BK-1-2024", "qty": 1, "price": 1}, {"sku": "BK-2-2024", "qty": 9, "price": 1}]),
            ),
            "bookshop",
            true,
        ),
        (
            with(&|e| e["detail"]["order_id"] = json!("test-")),
            "non-test",
            false,
        ),
        (
            with(&|e| e["detail"]["order_id"] = json!("Test-1")),
            "non-test",
            true,
        ),
        (
            with(&|e| e["detail"]["currency"] = json!("GBP")),
            "not-cancelled",
            false,
        ),
        (
            with(&|e| e["detail"]["tags"] = json!(["x", "ship-ASAP"])),
            "urgent-tags",
            true,
        ),
        (
            with(&|e| e["detail"]["tags"] = json!(["x", "ship-urgent"])),
            "urgent-tags",
            true,
        ),
        (
            with(&|e| e["detail"]["tags"] = json!(["x", "ship-URGENT"])),
            "urgent-tags",
            false,
        ),
        (
            with(&|e| e["detail"]["version"] = json!("1.9.0")),
            "order-attributes",
            true,
        ),
        (
            with(&|e| e["detail-type"] = json!("Order Cancelled")),
            "order-attributes",
            true,
        ),
        (
            with(&|e| e["detail"]["items"][0]["qty"] = json!(3)),
            "order-body",
            true,
        ),
        (
            with(&|e| e["region"] = json!("usa")),
            "account-region",
            false,
        ),
    ];
    let input: String = cases.iter().map(|(e, _, _)| format!("{e}\n")).collect();
    let r = run_in(
        &root(),
        &[
            "--config",
            "tests/fixtures/subscriptions/orders/evschema.toml",
            "route",
            "--format",
            "json",
            "-",
        ],
        Some(input.into_bytes()),
    );
    let lines = json_lines(&r.stdout);
    assert_eq!(lines.len(), cases.len(), "{}", r.stderr);
    for (i, ((_, sub, want), l)) in cases.iter().zip(&lines).enumerate() {
        assert_eq!(
            names(&l["subscribers"]).contains(&sub.to_string()),
            *want,
            "case {i}: {sub} {l}"
        );
    }
}
