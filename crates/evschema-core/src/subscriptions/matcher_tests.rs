use super::matcher::*;
use super::parse::{check_limits, parse_pattern, sns_combinations};
use super::*;
use serde_json::{json, Value};

fn pat(dialect: Dialect, p: Value) -> Pattern {
    parse_pattern(&p, dialect, "/p").unwrap_or_else(|e| panic!("{p}: {e:?}"))
}

fn eb(p: Value, event: Value) -> bool {
    matches(&pat(Dialect::EventBridge, p), &MatchInput::Json(&event))
}

fn body(p: Value, event: Value) -> bool {
    matches(&pat(Dialect::SnsBody, p), &MatchInput::Json(&event))
}

fn attrs(p: Value, list: &[(&str, AttrType, &str)]) -> bool {
    let a: Attributes = list
        .iter()
        .map(|(k, t, v)| {
            (
                k.to_string(),
                Attribute {
                    data_type: *t,
                    value: v.to_string(),
                },
            )
        })
        .collect();
    matches(&pat(Dialect::SnsAttributes, p), &MatchInput::Attributes(&a))
}

#[test]
fn exact_values_are_typed() {
    assert!(eb(json!({"a": ["x"]}), json!({"a": "x"})));
    assert!(!eb(json!({"a": ["x"]}), json!({"a": "X"})));
    assert!(!eb(json!({"a": ["5"]}), json!({"a": 5})));
    assert!(!eb(json!({"a": [5]}), json!({"a": "5"})));
    assert!(eb(json!({"a": [5]}), json!({"a": 5.0})));
    assert!(eb(json!({"a": [true]}), json!({"a": true})));
    assert!(!eb(json!({"a": [true]}), json!({"a": 1})));
    assert!(eb(json!({"a": [null]}), json!({"a": null})));
    assert!(!eb(json!({"a": [null]}), json!({})));
    assert!(eb(json!({"a": [""]}), json!({"a": ""})));
}

#[test]
fn string_operators() {
    assert!(eb(
        json!({"a": [{"prefix": "lic"}]}),
        json!({"a": "license"})
    ));
    assert!(!eb(json!({"a": [{"prefix": "lic"}]}), json!({"a": "Lic"})));
    assert!(eb(
        json!({"a": [{"prefix": {"equals-ignore-case": "LIC"}}]}),
        json!({"a": "licence"})
    ));
    assert!(eb(
        json!({"a": [{"suffix": ".30d"}]}),
        json!({"a": "w.30d"})
    ));
    assert!(eb(
        json!({"a": [{"suffix": {"equals-ignore-case": ".30D"}}]}),
        json!({"a": "w.30d"})
    ));
    assert!(eb(
        json!({"a": [{"equals-ignore-case": "aBc"}]}),
        json!({"a": "ABC"})
    ));
    assert!(!eb(
        json!({"a": [{"equals-ignore-case": "abc"}]}),
        json!({"a": "abcd"})
    ));
    assert!(!eb(json!({"a": [{"prefix": "1"}]}), json!({"a": 12})));
}

#[test]
fn wildcards() {
    assert!(wildcard(
        "license.*.warning.*",
        "license.expiration.warning.90d"
    ));
    assert!(wildcard("*", ""));
    assert!(wildcard("a*b*c", "aXXbYYc"));
    assert!(!wildcard("a*b*c", "aXXbYY"));
    assert!(wildcard("a\\*b", "a*b"));
    assert!(!wildcard("a\\*b", "aXb"));
    assert!(eb(json!({"a": [{"wildcard": "x*z"}]}), json!({"a": "xyz"})));
    assert!(!eb(
        json!({"a": [{"wildcard": "x*z"}]}),
        json!({"a": "xyza"})
    ));
}

#[test]
fn anything_but() {
    let p = json!({"a": [{"anything-but": ["x", 5]}]});
    assert!(eb(p.clone(), json!({"a": "y"})));
    assert!(!eb(p.clone(), json!({"a": "x"})));
    assert!(!eb(p.clone(), json!({"a": 5.0})));
    assert!(eb(p.clone(), json!({"a": 6})));
    assert!(!eb(p.clone(), json!({})), "anything-but needs the key");
    assert!(eb(
        json!({"a": [{"anything-but": {"prefix": "doc"}}]}),
        json!({"a": "license"})
    ));
    assert!(!eb(
        json!({"a": [{"anything-but": {"prefix": "doc"}}]}),
        json!({"a": "document"})
    ));
    assert!(!eb(
        json!({"a": [{"anything-but": {"suffix": ".png"}}]}),
        json!({"a": "x.png"})
    ));
    assert!(!eb(
        json!({"a": [{"anything-but": {"equals-ignore-case": ["X", "y"]}}]}),
        json!({"a": "Y"})
    ));
    assert!(eb(
        json!({"a": [{"anything-but": {"wildcard": "*/lib/*"}}]}),
        json!({"a": "/usr/bin/x"})
    ));
    assert!(!eb(
        json!({"a": [{"anything-but": {"wildcard": "*/lib/*"}}]}),
        json!({"a": "/usr/lib/x"})
    ));
    // arrays: one element outside the list is enough
    assert!(eb(p, json!({"a": ["x", "z"]})));
}

#[test]
fn numeric_ranges_and_boundaries() {
    let p = json!({"n": [{"numeric": [">", 0, "<=", 5]}]});
    assert!(!eb(p.clone(), json!({"n": 0})));
    assert!(eb(p.clone(), json!({"n": 0.0001})));
    assert!(eb(p.clone(), json!({"n": 5})));
    assert!(!eb(p.clone(), json!({"n": 5.0001})));
    assert!(!eb(p.clone(), json!({"n": "3"})));
    assert!(eb(json!({"n": [{"numeric": ["=", 3]}]}), json!({"n": 3.0})));
    assert!(eb(
        json!({"n": [{"numeric": [">=", -2]}]}),
        json!({"n": -2})
    ));
    assert!(!eb(
        json!({"n": [{"numeric": ["<", -2]}]}),
        json!({"n": -2})
    ));
}

#[test]
fn exists_on_absent_keys_objects_arrays_and_null() {
    let yes = json!({"a": [{"exists": true}]});
    let no = json!({"a": [{"exists": false}]});
    assert!(eb(yes.clone(), json!({"a": "x"})));
    assert!(!eb(yes.clone(), json!({})));
    assert!(eb(no.clone(), json!({})));
    assert!(!eb(no.clone(), json!({"a": 0})));
    // an object is not a leaf
    assert!(!eb(yes.clone(), json!({"a": {"b": 1}})));
    assert!(eb(no.clone(), json!({"a": {"b": 1}})));
    // an empty array has no leaf
    assert!(!eb(yes.clone(), json!({"a": []})));
    assert!(eb(yes, json!({"a": null})));
    // exists false under an absent parent
    assert!(eb(json!({"p": {"q": [{"exists": false}]}}), json!({})));
    assert!(!eb(json!({"p": {"q": [{"exists": true}]}}), json!({})));
}

#[test]
fn cidr_ipv4_and_ipv6_edges() {
    let p = json!({"ip": [{"cidr": "10.0.0.0/24"}]});
    assert!(eb(p.clone(), json!({"ip": "10.0.0.0"})));
    assert!(eb(p.clone(), json!({"ip": "10.0.0.255"})));
    assert!(!eb(p.clone(), json!({"ip": "10.0.1.0"})));
    assert!(!eb(p.clone(), json!({"ip": "9.255.255.255"})));
    assert!(!eb(p.clone(), json!({"ip": "not an ip"})));
    assert!(!eb(p, json!({"ip": "::ffff:10.0.0.1"})));
    let p6 = json!({"ip": [{"cidr": "2001:db8::/32"}]});
    assert!(eb(
        p6.clone(),
        json!({"ip": "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"})
    ));
    assert!(!eb(p6.clone(), json!({"ip": "2001:db9::"})));
    assert!(!eb(p6, json!({"ip": "10.0.0.1"})));
    assert!(cidr_contains("0.0.0.0/0", "1.2.3.4"));
    assert!(cidr_contains("1.2.3.4/32", "1.2.3.4"));
    assert!(!cidr_contains("1.2.3.4/32", "1.2.3.5"));
}

#[test]
fn arrays_nesting_and_or() {
    assert!(eb(json!({"r": ["b"]}), json!({"r": ["a", "b"]})));
    assert!(!eb(json!({"r": ["c"]}), json!({"r": ["a", "b"]})));
    // nested keys, and arrays of objects matched within one element
    let p = json!({"d": {"items": {"sku": ["A"], "qty": [{"numeric": [">", 1]}]}}});
    assert!(eb(
        p.clone(),
        json!({"d": {"items": [{"sku": "B", "qty": 5}, {"sku": "A", "qty": 2}]}})
    ));
    assert!(!eb(
        p,
        json!({"d": {"items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 5}]}})
    ));
    let or = json!({"$or": [{"a": ["1"]}, {"b": {"c": [{"prefix": "x"}]}}], "z": ["z"]});
    assert!(eb(or.clone(), json!({"z": "z", "b": {"c": "xy"}})));
    assert!(eb(or.clone(), json!({"z": "z", "a": "1"})));
    assert!(!eb(or.clone(), json!({"z": "z", "a": "2"})));
    assert!(!eb(or, json!({"a": "1"})));
    assert!(body(
        json!({"payload": {"channel": ["email"]}}),
        json!({"payload": {"channel": "email"}})
    ));
    assert!(!body(
        json!({"payload": {"channel": ["email"]}}),
        json!({"payload": "email"})
    ));
    assert!(!body(json!({"a": ["x"]}), json!("a string body")));
}

#[test]
fn message_attributes_by_type() {
    use AttrType::*;
    let p = json!({"event_type": [{"prefix": "license."}]});
    assert!(attrs(
        p.clone(),
        &[("event_type", String, "license.created")]
    ));
    assert!(!attrs(p.clone(), &[("event_type", String, "cme.created")]));
    assert!(!attrs(p.clone(), &[]));
    // String.Array: one element is enough
    assert!(attrs(
        p.clone(),
        &[("event_type", StringArray, r#"["x", "license.y"]"#)]
    ));
    assert!(attrs(json!({"n": [5]}), &[("n", StringArray, "[1, 5]")]));
    // Number: numeric and exact numbers; a string condition never matches it
    assert!(attrs(
        json!({"n": [{"numeric": [">", 4]}]}),
        &[("n", Number, "4.5")]
    ));
    assert!(attrs(json!({"n": [5]}), &[("n", Number, "5.0")]));
    assert!(!attrs(json!({"n": ["5"]}), &[("n", Number, "5")]));
    assert!(!attrs(json!({"n": [5]}), &[("n", String, "5")]));
    assert!(!attrs(
        json!({"n": [{"numeric": [">", 4]}]}),
        &[("n", String, "5")]
    ));
    // exists and Binary
    assert!(attrs(
        json!({"b": [{"exists": true}]}),
        &[("b", Binary, "AAA=")]
    ));
    assert!(!attrs(json!({"b": ["AAA="]}), &[("b", Binary, "AAA=")]));
    assert!(attrs(
        json!({"x": [{"exists": false}]}),
        &[("b", String, "1")]
    ));
    // anything-but needs the attribute
    assert!(!attrs(json!({"x": [{"anything-but": "y"}]}), &[]));
    assert!(attrs(
        json!({"x": [{"anything-but": "y"}]}),
        &[("x", String, "z")]
    ));
    assert!(attrs(
        json!({"ip": [{"cidr": "192.168.0.0/16"}]}),
        &[("ip", String, "192.168.3.4")]
    ));
    assert!(attrs(
        json!({"$or": [{"a": ["1"]}, {"b": ["2"]}]}),
        &[("b", String, "2")]
    ));
}

#[test]
fn explain_names_the_first_failing_key() {
    let p = pat(
        Dialect::EventBridge,
        json!({"source": ["s"], "detail": {"payload": {"channel": ["email"]}}}),
    );
    let ev = json!({"source": "s", "detail": {"payload": {"channel": "sms"}}});
    let miss = explain(&p, &MatchInput::Json(&ev)).unwrap_err();
    assert_eq!(miss.pointer, "/p/detail/payload/channel");
    assert_eq!(miss.path, "detail.payload.channel");
    assert!(miss.reason.contains("\"sms\""), "{}", miss.reason);
}

#[test]
fn envelopes_from_an_event() {
    let ev = json!({"event_type": "license.created", "version": "1.0.0", "event_id": "e1",
                    "timestamp": "2024-01-01T00:00:00Z", "payload": {}});
    let spec = EnvelopeSpec {
        source: "credentialing".into(),
        ..EnvelopeSpec::default()
    };
    let env = Envelopes::of(&ev, &spec);
    assert_eq!(env.attributes.len(), 2);
    assert_eq!(env.attributes["event_type"].value, "license.created");
    assert_eq!(env.eventbridge["detail-type"], "license.created");
    assert_eq!(env.eventbridge["source"], "credentialing");
    assert_eq!(env.eventbridge["time"], "2024-01-01T00:00:00Z");
    assert_eq!(env.eventbridge["id"], "e1");
    assert_eq!(env.eventbridge["version"], "0");
    assert_eq!(env.eventbridge["detail"], ev);
    // CloudEvents-style routing keys name the attributes
    let ce = EnvelopeSpec::from_routing("/type", None);
    let env = Envelopes::of(&json!({"type": "com.x.y", "data": {}}), &ce);
    assert_eq!(env.attributes.keys().collect::<Vec<_>>(), ["type"]);
    // an EventBridge event is its own envelope
    let e = json!({"detail-type": "T", "source": "s", "detail": {"a": 1}});
    assert_eq!(Envelopes::of(&e, &spec).eventbridge, e);
}

#[test]
fn limits() {
    let six = json!({"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]});
    let p = pat(Dialect::SnsAttributes, six.clone());
    let e = check_limits(&six, &p, "/p");
    assert!(e[0].message.contains("6 top-level keys"), "{e:?}");
    // AWS's example: 4 values at depth 3, 3 at depth 2: 3*4 * 2*3 = 72
    let nested = json!({"key_a": {"key_b": {"key_c": ["1", "2", "3", "4"]}}, "key_d": {"key_e": ["1", "2", "3"]}});
    assert_eq!(sns_combinations(&nested), 72);
    let many: Vec<Value> = (0..13).map(|i| json!(format!("v{i}"))).collect();
    let big = json!({"a": many.clone(), "b": many});
    assert_eq!(sns_combinations(&big), 169);
    let p = pat(Dialect::SnsAttributes, big.clone());
    assert!(check_limits(&big, &p, "/p")[0]
        .message
        .contains("169 value combinations"));
    let out = json!({"n": [{"numeric": [">", 2000000000]}]});
    let p = pat(Dialect::SnsAttributes, out.clone());
    assert_eq!(check_limits(&out, &p, "/p")[0].pointer, "/p/n/0");
    let long = json!({"a": [format!("{:x<3000}", "")]});
    let p = pat(Dialect::EventBridge, long.clone());
    assert!(check_limits(&long, &p, "/p")[0]
        .message
        .contains("EventBridge allows 2048"));
    assert!(check_limits(&long, &pat(Dialect::SnsBody, long.clone()), "/p").is_empty());
    // and load() reports them as problems of the file
    let dir = std::env::temp_dir().join(format!("evschema-subs-limits-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(FOLDER)).unwrap();
    std::fs::write(
        dir.join(FOLDER).join("x.json"),
        serde_json::to_string_pretty(
            &json!({"name": "x", "owner": "o", "channel": "*", "sns": {"FilterPolicy": six}}),
        )
        .unwrap(),
    )
    .unwrap();
    let (subs, problems) = load(&dir);
    std::fs::remove_dir_all(&dir).ok();
    assert!(subs.is_empty());
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("at most 5"),
        "{}",
        problems[0].message
    );
    assert!(problems[0].message.contains("(at /sns/FilterPolicy)"));
}
