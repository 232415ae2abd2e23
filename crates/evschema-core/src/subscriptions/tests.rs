use super::parse::{parse_file, parse_pattern};
use super::*;
use serde_json::json;
use std::path::PathBuf;

fn parse(text: &str) -> Result<Subscription, Vec<crate::catalog::Problem>> {
    parse_file(
        "subscriptions/x.json",
        PathBuf::from("schemas/subscriptions/x.json"),
        text,
    )
}

#[test]
fn sns_attribute_policy_parses_every_operator() {
    let sub = parse(
        r#"{
  "name": "notification-service",
  "owner": "notifications",
  "channel": "sns_topics",
  "sns": {
    "FilterPolicy": {
      "event_type": [{"prefix": "license."}, "cme.deadline.warning", {"suffix": ".30d"},
                     {"anything-but": {"prefix": "document."}}, {"equals-ignore-case": "CME.ACTIVITY.CREATED"}],
      "version": [{"exists": true}],
      "priority": [{"numeric": [">=", 0, "<", 10]}],
      "ip": [{"cidr": "10.0.0.0/24"}]
    }
  }
}"#,
    )
    .unwrap();
    let Filter::Sns { scope, policy, raw } = &sub.filter else {
        panic!("{:?}", sub.filter)
    };
    assert_eq!(*scope, SnsScope::MessageAttributes);
    assert!(!raw);
    let leaves = policy.leaves();
    let keys: Vec<String> = leaves.iter().map(|(p, _)| p.join(".")).collect();
    assert_eq!(keys, ["event_type", "version", "priority", "ip"]);
    let FieldKind::Leaf(conds) = &leaves[0].1.kind else {
        panic!()
    };
    assert_eq!(conds.len(), 5);
    assert_eq!(
        conds[1].op,
        Op::Equals(Scalar::String("cme.deadline.warning".into()))
    );
    assert_eq!(
        conds[3].op,
        Op::AnythingBut(AnythingBut::Prefix("document.".into()))
    );
    assert_eq!(conds[3].pointer, "/sns/FilterPolicy/event_type/3");
    assert_eq!(
        sub.location("/sns/FilterPolicy/event_type/3"),
        "schemas/subscriptions/x.json:8:22"
    );
}

#[test]
fn body_scope_allows_nesting_and_or() {
    let sub = parse(
        r#"{"name":"a","owner":"o","channel":["sqs_queues","sns_topics"],
            "sns":{"FilterPolicyScope":"MessageBody","RawMessageDelivery":true,
                   "FilterPolicy":{"payload":{"channel":["email"]},"$or":[{"event_type":["x"]},{"version":[{"prefix":"2."}]}]}}}"#,
    )
    .unwrap();
    assert_eq!(sub.channels, ["sqs_queues", "sns_topics"]);
    let Filter::Sns { policy, raw, .. } = &sub.filter else {
        panic!()
    };
    assert!(raw);
    let keys: Vec<String> = policy.leaves().iter().map(|(p, _)| p.join(".")).collect();
    assert_eq!(keys, ["payload.channel", "event_type", "version"]);
}

#[test]
fn syntax_errors_name_the_pointer() {
    let cases = [
        (json!({"event_type": "x"}), "/p/event_type", "bare value"),
        (json!({"event_type": []}), "/p/event_type", "empty list"),
        (
            json!({"event_type": [{"prefx": "a"}]}),
            "/p/event_type/0",
            "unknown operator `prefx`",
        ),
        (
            json!({"n": [{"numeric": ["<", 5, ">", 1]}]}),
            "/p/n/0/numeric",
            "range",
        ),
        (
            json!({"n": [{"numeric": [">", "a"]}]}),
            "/p/n/0/numeric",
            "not a number",
        ),
        (
            json!({"ip": [{"cidr": "10.0.0.0/33"}]}),
            "/p/ip/0/cidr",
            "IP prefix",
        ),
        (json!({"a": {"b": ["x"]}}), "/p/a", "flat"),
        (
            json!({"a": [{"wildcard": "x*"}]}),
            "/p/a/0/wildcard",
            "EventBridge operator",
        ),
        (json!({"$or": [{"a": ["x"]}]}), "/p/$or", "two or more"),
        (json!({}), "/p", "empty pattern"),
    ];
    for (value, pointer, needle) in cases {
        let errors = parse_pattern(&value, Dialect::SnsAttributes, "/p").unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.pointer == pointer && e.message.contains(needle)),
            "{value}: {errors:?}"
        );
    }
}

#[test]
fn eventbridge_takes_wildcard_and_ignore_case_prefix() {
    let p = parse_pattern(
        &json!({"detail-type": [{"wildcard": "license.*"}, {"prefix": {"equals-ignore-case": "CME."}}],
                "detail": {"payload": {"state": [{"anything-but": {"wildcard": ["T*"]}}]}}}),
        Dialect::EventBridge,
        "/eventbridge/EventPattern",
    )
    .unwrap();
    let leaves = p.leaves();
    assert_eq!(leaves[1].0, ["detail", "payload", "state"]);
    let FieldKind::Leaf(c) = &leaves[0].1.kind else {
        panic!()
    };
    assert_eq!(
        c[1].op,
        Op::Prefix {
            value: "CME.".into(),
            ignore_case: true
        }
    );
}

#[test]
fn file_shape_errors() {
    let errors = parse(r#"{"owner": 3, "channel": [], "sns": {}, "eventbridge": {}, "extra": 1}"#)
        .unwrap_err();
    let text: Vec<String> = errors.iter().map(|p| p.to_string()).collect();
    let all = text.join("\n");
    for needle in [
        "missing required key `name`",
        "`owner` must be",
        "`channel` must be",
        "not both",
        "unknown key `extra`",
    ] {
        assert!(all.contains(needle), "{needle} in {all}");
    }
    let e = parse("{\n  \"name\": ").unwrap_err();
    assert!(e[0].to_string().contains("x.json:2:"), "{}", e[0]);
}

#[test]
fn policy_as_json_string_like_the_aws_api() {
    let sub = parse(r#"{"name":"a","owner":"o","channel":"sns_topics","sns":{"FilterPolicy":"{\"event_type\":[\"license.created\"]}"}}"#).unwrap();
    assert!(matches!(sub.filter, Filter::Sns { .. }));
    let sub = parse(r#"{"name":"a","owner":"o","channel":"*"}"#).unwrap();
    assert_eq!(sub.filter, Filter::All);
    assert!(sub.listens_on("webhooks"));
}

#[test]
fn load_reads_the_folder_sorted_and_flags_duplicate_names() {
    let dir = std::env::temp_dir().join(format!("evschema-subs-{}", std::process::id()));
    let subs_dir = dir.join(FOLDER);
    std::fs::create_dir_all(&subs_dir).unwrap();
    std::fs::write(
        subs_dir.join("b.json"),
        r#"{"name":"b","owner":"o","channel":"sns_topics"}"#,
    )
    .unwrap();
    std::fs::write(
        subs_dir.join("a.json"),
        r#"{"name":"a","owner":"o","channel":"sns_topics"}"#,
    )
    .unwrap();
    std::fs::write(
        subs_dir.join("c.json"),
        r#"{"name":"a","owner":"o","channel":"sns_topics"}"#,
    )
    .unwrap();
    let (subs, problems) = load(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        subs.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(problems.len(), 1);
    assert!(problems[0]
        .message
        .contains("also defined in subscriptions/a.json"));
}

#[test]
fn the_shipped_catalog_has_the_three_subscribers() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    let (subs, problems) = load(&root);
    assert!(problems.is_empty(), "{problems:?}");
    let names: Vec<&str> = subs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["audit-service", "email-delivery", "notification-service"]
    );
    assert!(matches!(subs[0].filter, Filter::EventBridge { .. }));
    assert!(matches!(
        subs[1].filter,
        Filter::Sns {
            scope: SnsScope::MessageBody,
            ..
        }
    ));
    assert!(subs[2].listens_on("sns_topics") && !subs[2].listens_on("sqs_queues"));
}
