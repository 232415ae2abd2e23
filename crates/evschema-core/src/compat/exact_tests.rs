//! Verdicts the issue found wrong, one section per class, checked with the validator:
//! exact numbers (classes 1 and 2), `$ref`s under embedded `$id`s (3), the lenient
//! closure (4).

use serde_json::Value;

use super::subset::validator_for;
use super::*;
use crate::draft::Draft;

fn parse(s: &str) -> Value {
    serde_json::from_str(s).expect("test schema parses")
}

/// Compare two schemas given as text (so number spellings survive) and check every claimed
/// direction against the instances (also given as text): none is valid on the side quantified
/// over and invalid on the other.
fn verdict(old: &str, new: &str, policy: Policy, instances: &[&str]) -> Comparison {
    let (o, n) = (parse(old), parse(new));
    let c = compare(&o, &n, policy);
    let vo = validator_for(&o, Draft::of(&o)).expect("old compiles");
    let vn = validator_for(&n, Draft::of(&n)).expect("new compiles");
    for i in instances {
        let i = parse(i);
        if c.backward && policy == Policy::Strict {
            assert!(
                !vo.is_valid(&i) || vn.is_valid(&i),
                "backward claimed, {i} separates\nold {old}\nnew {new}"
            );
        }
        if c.forward && policy == Policy::Strict {
            assert!(
                !vn.is_valid(&i) || vo.is_valid(&i),
                "forward claimed, {i} separates\nold {old}\nnew {new}"
            );
        }
    }
    for ch in &c.changes {
        if let Some(w) = &ch.witness {
            let (a, r) = match w.accepted_by {
                Side::Old => (&vo, &vn),
                Side::New => (&vn, &vo),
            };
            assert!(a.is_valid(&w.event) && !r.is_valid(&w.event), "{ch:?}");
        }
    }
    c
}

fn strict(old: &str, new: &str, instances: &[&str]) -> Comparison {
    verdict(old, new, Policy::Strict, instances)
}

// ---- class 1: integer bounds beyond 2^53 ----

#[test]
fn minimum_one_past_2_53() {
    let c = strict(
        r#"{"minimum":9007199254740992}"#,
        r#"{"minimum":9007199254740993}"#,
        &["9007199254740992", "9007199254740993"],
    );
    assert_eq!(c.verdict(), "forward", "{c:#?}");
    assert_eq!(c.changes[0].kind.kind(), "minimum_raised");
    let w = c.changes[0].witness.as_ref().expect("a witness");
    assert_eq!(w.event, parse("9007199254740992"));
    assert_eq!(c.required_bump(Mode::Backward), Bump::Major);
    // and the reverse widens
    let c = strict(
        r#"{"minimum":9007199254740993}"#,
        r#"{"minimum":9007199254740992}"#,
        &["9007199254740992"],
    );
    assert_eq!(c.verdict(), "backward");
}

#[test]
fn exclusive_minimum_against_integer_minimum_at_2_53() {
    let int = |kw: &str, v: &str| format!(r#"{{"type":"integer","{kw}":{v}}}"#);
    // below 2^53: x > v and x ≥ v + 1 are the same integers
    let c = strict(
        &int("exclusiveMinimum", "9007199254740990"),
        &int("minimum", "9007199254740991"),
        &["9007199254740990", "9007199254740991"],
    );
    assert_eq!(c.verdict(), "full", "{c:#?}");
    // x > 2^53 and x ≥ 2^53 + 1 are the same integers read exactly; a validator holding
    // numbers as f64 reads the second as x ≥ 2^53, which accepts 2^53: only backward holds
    let c = strict(
        &int("exclusiveMinimum", "9007199254740992"),
        &int("minimum", "9007199254740993"),
        &["9007199254740992", "9007199254740993"],
    );
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    assert!(
        c.changes.iter().any(|x| x
            .message
            .contains("forward compatibility could not be proved")),
        "{c:#?}"
    );
    // x > 2^53 and x ≥ 2^53 + 2 are not (floor(v)+1 is 2^53 + 1)
    let c = strict(
        &int("exclusiveMinimum", "9007199254740992"),
        &int("minimum", "9007199254740994"),
        &["9007199254740993"],
    );
    assert_eq!(c.verdict(), "forward", "{c:#?}");
    // the f64 reading: 2^53 + 1 is 2^53 there, so x ≥ 2^53+1 is not x > 2^53
    let c = strict(
        &int("minimum", "9007199254740993"),
        &int("exclusiveMinimum", "9007199254740992"),
        &["9007199254740993"],
    );
    assert!(!c.backward, "{c:#?}");
}

#[test]
fn maxima_near_2_64() {
    let c = strict(
        r#"{"maximum":18446744073709551615}"#,
        r#"{"maximum":18446744073709551616}"#,
        &["18446744073709551615", "18446744073709551616"],
    );
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    assert_eq!(c.changes[0].kind.kind(), "maximum_raised");
    let c = strict(
        r#"{"maximum":18446744073709551616}"#,
        r#"{"maximum":18446744073709551615}"#,
        &["18446744073709551616"],
    );
    assert_eq!(c.verdict(), "forward", "{c:#?}");
    let w = c.changes[0].witness.as_ref().expect("a witness");
    assert_eq!(w.event.as_f64(), Some(18446744073709551616.0));
    // exclusive, integer-only: x < 2^64 is x ≤ 2^64 - 1 exactly, but not where 2^64 - 1
    // reads as the f64 2^64
    let c = strict(
        r#"{"type":"integer","exclusiveMaximum":18446744073709551616}"#,
        r#"{"type":"integer","maximum":18446744073709551615}"#,
        &["18446744073709551615", "18446744073709551616"],
    );
    assert_eq!(c.verdict(), "backward", "{c:#?}");
}

#[test]
fn negative_and_exclusive_maxima() {
    let c = strict(
        r#"{"maximum":-9007199254740993}"#,
        r#"{"maximum":-9007199254740994}"#,
        &["-9007199254740993"],
    );
    assert_eq!(c.verdict(), "forward", "{c:#?}");
    let c = strict(
        r#"{"exclusiveMaximum":-9007199254740992}"#,
        r#"{"exclusiveMaximum":-9007199254740993}"#,
        &["-9007199254740993"],
    );
    assert_eq!(c.verdict(), "forward", "{c:#?}");
    let c = strict(
        r#"{"type":"integer","exclusiveMaximum":-9007199254740990}"#,
        r#"{"type":"integer","maximum":-9007199254740991}"#,
        &["-9007199254740991", "-9007199254740990"],
    );
    assert_eq!(c.verdict(), "full", "{c:#?}");
    let c = strict(
        r#"{"type":"integer","exclusiveMaximum":-9007199254740992}"#,
        r#"{"type":"integer","maximum":-9007199254740993}"#,
        &["-9007199254740993", "-9007199254740992"],
    );
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    let c = strict(
        r#"{"minimum":-9223372036854775808}"#,
        r#"{"minimum":-9223372036854775807}"#,
        &["-9223372036854775808"],
    );
    assert_eq!(c.verdict(), "forward", "{c:#?}");
}

#[test]
fn draft4_exclusive_flags_past_2_53() {
    let d4 = "http://json-schema.org/draft-04/schema#";
    let c = strict(
        &format!(
            r#"{{"$schema":"{d4}","type":"integer","minimum":9007199254740992,"exclusiveMinimum":true}}"#
        ),
        &format!(r#"{{"$schema":"{d4}","type":"integer","minimum":9007199254740993}}"#),
        &["9007199254740992", "9007199254740993"],
    );
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    let c = strict(
        &format!(
            r#"{{"$schema":"{d4}","type":"integer","minimum":4503599627370496,"exclusiveMinimum":true}}"#
        ),
        &format!(r#"{{"$schema":"{d4}","type":"integer","minimum":4503599627370497}}"#),
        &["4503599627370496", "4503599627370497"],
    );
    assert_eq!(c.verdict(), "full", "{c:#?}");
    let c = strict(
        &format!(r#"{{"$schema":"{d4}","maximum":18446744073709551615,"exclusiveMaximum":true}}"#),
        &format!(r#"{{"$schema":"{d4}","maximum":18446744073709551615}}"#),
        &["18446744073709551615"],
    );
    assert_eq!(c.verdict(), "backward", "{c:#?}");
}

#[test]
fn enums_and_consts_past_2_53() {
    let c = strict(
        r#"{"enum":[9007199254740993]}"#,
        r#"{"maximum":9007199254740992}"#,
        &["9007199254740993"],
    );
    assert!(!c.backward, "{c:#?}");
    let c = strict(
        r#"{"const":18446744073709551615}"#,
        r#"{"const":18446744073709551616}"#,
        &["18446744073709551615", "18446744073709551616"],
    );
    assert_eq!(c.verdict(), "none", "{c:#?}");
    // a value the f64 reading rounds onto an excluded bound
    let c = strict(
        r#"{"enum":[9007199254740993]}"#,
        r#"{"exclusiveMinimum":9007199254740992}"#,
        &["9007199254740993"],
    );
    assert!(!c.backward, "{c:#?}");
}

#[test]
fn multiple_of_with_large_divisors() {
    let c = strict(
        r#"{"type":"integer","multipleOf":9007199254740993}"#,
        r#"{"type":"integer","multipleOf":3}"#,
        &["9007199254740993", "9007199254740992"],
    );
    assert!(!c.backward, "{c:#?}");
    let c = strict(
        r#"{"type":"integer","multipleOf":6}"#,
        r#"{"type":"integer","multipleOf":3.0}"#,
        &["6", "18446744073709551610"],
    );
    assert_eq!(c.verdict(), "backward", "{c:#?}");
}

// ---- class 2: integral numbers across drafts ----

const D4: &str = "http://json-schema.org/draft-04/schema#";

#[test]
fn the_1e16_enum_against_draft4_not_integer() {
    let c = strict(
        r#"{"enum":[1e16]}"#,
        &format!(r#"{{"$schema":"{D4}","not":{{"type":"integer"}}}}"#),
        &["10000000000000000", "1e16"],
    );
    assert!(!c.backward, "{c:#?}");
    let c = strict(
        &format!(r#"{{"$schema":"{D4}","enum":[1e16]}}"#),
        &format!(r#"{{"$schema":"{D4}","not":{{"type":"integer"}}}}"#),
        &["10000000000000000", "1e16"],
    );
    assert!(!c.backward, "{c:#?}");
    // the other spelling on the other side
    let c = strict(
        r#"{"const":10000000000000000}"#,
        &format!(r#"{{"$schema":"{D4}","type":"integer"}}"#),
        &["10000000000000000", "1e16"],
    );
    assert!(!c.backward, "{c:#?}");
}

#[test]
fn integral_floats_of_every_size() {
    for v in [
        "1.0",
        "9e15",
        "9007199254740992.0",
        "1e17",
        "1.8446744073709552e19",
    ] {
        let c = strict(
            &format!(r#"{{"enum":[{v}]}}"#),
            &format!(r#"{{"$schema":"{D4}","type":"integer"}}"#),
            &[v],
        );
        assert!(!c.backward, "{v}: {c:#?}");
        let c = strict(
            &format!(r#"{{"enum":[{v}]}}"#),
            r#"{"type":"integer"}"#,
            &[v],
        );
        assert!(c.backward, "{v} is an integer after draft-04: {c:#?}");
    }
    // draft-04 on both sides past 2^63: validators disagree on 1e19, no proof
    let c = strict(
        &format!(r#"{{"$schema":"{D4}","enum":[1e19]}}"#),
        &format!(r#"{{"$schema":"{D4}","type":"integer"}}"#),
        &["1e19"],
    );
    assert!(!c.backward, "{c:#?}");
}

// ---- class 3: `$ref` inside an embedded `$id` resource ----

fn money_doc(schema: &str, id_kw: &str, inner: &str, outer: &str) -> String {
    format!(
        r##"{{"$schema":"{schema}","definitions":{{
            "money":{outer},
            "payment":{{"{id_kw}":"https://example.com/payment.json",
                "definitions":{{"money":{inner}}},
                "type":"object","properties":{{"amount":{{"$ref":"#/definitions/money"}}}},
                "required":["amount"]}}}},
          "type":"object","properties":{{"payment":{{"$ref":"#/definitions/payment"}},
            "fee":{{"$ref":"#/definitions/money"}}}},"required":["payment"]}}"##
    )
}

#[test]
fn inner_definition_change_under_an_embedded_id() {
    let drafts = [
        ("http://json-schema.org/draft-04/schema#", "id"),
        ("http://json-schema.org/draft-07/schema#", "$id"),
        ("https://json-schema.org/draft/2019-09/schema", "$id"),
        ("https://json-schema.org/draft/2020-12/schema", "$id"),
    ];
    for (schema, id_kw) in drafts {
        let outer = r#"{"type":"string"}"#;
        let old = money_doc(schema, id_kw, r#"{"type":"integer","maximum":100}"#, outer);
        let new = money_doc(schema, id_kw, r#"{"type":"integer","maximum":10}"#, outer);
        let c = strict(
            &old,
            &new,
            &[
                r#"{"payment":{"amount":50}}"#,
                r#"{"payment":{"amount":5}}"#,
            ],
        );
        assert_eq!(c.verdict(), "forward", "{schema}: {c:#?}");
        assert!(
            c.changes.iter().any(|x| x.witness.is_some()),
            "{schema}: a witness shows it: {c:#?}"
        );
        assert!(
            !c.changes
                .iter()
                .any(|x| x.message.contains("accepted events unchanged in both")),
            "{schema}: {c:#?}"
        );
        // the root's money is not the inner one: changing it leaves payment.amount alone
        let new = money_doc(
            schema,
            id_kw,
            r#"{"type":"integer","maximum":100}"#,
            r#"{"type":"string","maxLength":3}"#,
        );
        let c = strict(&old, &new, &[r#"{"payment":{"amount":50},"fee":"abcd"}"#]);
        assert_eq!(c.verdict(), "forward", "{schema}: {c:#?}");
        // unchanged documents with an embedded resource stay provable
        let c = strict(&old, &old.replace("\n", " "), &[]);
        assert_eq!(c.verdict(), "full", "{schema}: {c:#?}");
    }
}

#[test]
fn refs_between_resources_by_uri() {
    let doc = |max: u32| {
        format!(
            r#"{{"$id":"https://example.com/root.json","$defs":{{
                "money":{{"$id":"money.json","type":"integer","maximum":{max}}},
                "other":{{"$id":"nested/other.json","type":"object",
                   "properties":{{"m":{{"$ref":"../money.json"}}}}}}}},
              "$schema":"https://json-schema.org/draft/2020-12/schema",
              "$ref":"nested/other.json"}}"#
        )
    };
    let c = strict(&doc(100), &doc(10), &[r#"{"m":50}"#]);
    assert_eq!(c.verdict(), "forward", "{c:#?}");
    let c = strict(&doc(10), &doc(100), &[r#"{"m":50}"#]);
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    // a ref to a resource that is not in the document is never proved
    let ext = |max: u32| {
        format!(
            r#"{{"type":"object","properties":{{"m":{{"$ref":"https://elsewhere.example/m.json"}},
                "n":{{"maximum":{max}}}}}}}"#
        )
    };
    let (o, n) = (parse(&ext(1)), parse(&ext(2)));
    let c = compare(&o, &n, Policy::Strict);
    assert!(!c.backward && !c.forward, "{c:#?}");
}

// ---- class 4: the lenient closure ----

fn lenient(old: &str, new: &str) -> Comparison {
    verdict(old, new, Policy::Lenient, &[])
}

/// The notification shape: `recipient` declares `email` itself, `locale` is declared by a
/// branch applying at the same location.
fn notification(max: u32, how: &str) -> String {
    let locale = format!(
        r#"{{"properties":{{"recipient":{{"properties":{{"locale":{{"type":"string","maxLength":{max}}}}}}}}}}}"#
    );
    let extra = match how {
        "allOf" => format!(r#""allOf":[{locale}]"#),
        "then" => format!(r#""if":{{"required":["recipient"]}},"then":{locale}"#),
        "dependencies" => format!(r#""dependencies":{{"recipient":{locale}}}"#),
        "ref" => {
            format!(r##""definitions":{{"l":{locale}}},"allOf":[{{"$ref":"#/definitions/l"}}]"##)
        }
        "nested" => format!(r#""allOf":[{{"anyOf":[{locale}]}}]"#),
        _ => unreachable!(),
    };
    format!(
        r#"{{"type":"object","properties":{{"recipient":{{"type":"object",
            "properties":{{"email":{{"type":"string"}}}}}}}},{extra}}}"#
    )
}

#[test]
fn lenient_closure_sees_properties_declared_by_branches() {
    for how in ["allOf", "then", "dependencies", "ref", "nested"] {
        let (old, new) = (notification(35, how), notification(5, how));
        let c = lenient(&old, &new);
        assert!(!c.backward, "{how}: locale 35 → 5 narrows: {c:#?}");
        if let Some(w) = c.changes.iter().find_map(|x| x.witness.as_ref()) {
            assert!(
                w.event.pointer("/recipient/locale").is_some(),
                "{how}: the witness shows the locale: {w:?}"
            );
        } else {
            // the witness search follows allOf branches, not conditionals
            assert!(
                matches!(how, "then" | "dependencies"),
                "{how}: a witness: {c:#?}"
            );
        }
        let c = lenient(&new, &old);
        assert!(c.backward, "{how}: 5 → 35 widens: {c:#?}");
        // the strict policy agrees on the narrowing
        assert!(!strict(&old, &new, &[]).backward, "{how}");
    }
}

#[test]
fn lenient_witnesses_carry_only_declared_properties() {
    let old = r#"{"type":"object","properties":{"a":{"type":"string"}},"allOf":[{"properties":{"b":{"type":"integer"}}}]}"#;
    let new = r#"{"type":"object","properties":{"a":{"type":"string"}},"allOf":[{"properties":{"b":{"type":"integer","maximum":3}}}]}"#;
    let c = lenient(old, new);
    assert!(!c.backward, "{c:#?}");
    for ch in &c.changes {
        if let Some(w) = &ch.witness {
            for k in w.event.as_object().into_iter().flat_map(|m| m.keys()) {
                assert!(k == "a" || k == "b", "undeclared {k} in {w:?}");
            }
        }
    }
    // a property added to the open object is not a break under lenient
    let new = r#"{"type":"object","properties":{"a":{"type":"string"},"c":{"type":"string"}},"allOf":[{"properties":{"b":{"type":"integer"}}}]}"#;
    let c = lenient(old, new);
    assert!(c.backward, "{c:#?}");
    for ch in &c.changes {
        assert!(
            !(ch.message.contains("unchanged") && ch.message.contains("breaks")),
            "{ch:?}"
        );
    }
}

// ---- false alarms removed ----

#[test]
fn integral_float_counts_are_integers_after_draft4() {
    for kw in [
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
        "maxProperties",
    ] {
        let c = strict(
            &format!(r#"{{"{kw}":254}}"#),
            &format!(r#"{{"{kw}":254.0}}"#),
            &[],
        );
        assert_eq!(c.verdict(), "full", "{kw}: {c:#?}");
        let c = strict(
            &format!(r#"{{"{kw}":254.0}}"#),
            &format!(r#"{{"{kw}":255}}"#),
            &[],
        );
        assert!(c.verdict() != "none", "{kw}: {c:#?}");
    }
    let c = strict(r#"{"maxLength":254.0}"#, r#"{"maxLength":10}"#, &[]);
    assert_eq!(c.verdict(), "forward", "{c:#?}");
}

#[test]
fn wrapping_in_all_of_is_a_refactor() {
    let s =
        r#"{"type":"object","properties":{"a":{"type":"string","maxLength":3}},"required":["a"]}"#;
    let wrapped = format!(r#"{{"allOf":[{s}]}}"#);
    let c = strict(s, &wrapped, &[]);
    assert_eq!(c.verdict(), "full", "{c:#?}");
    assert_eq!(
        c.required_bump(Mode::Full),
        Bump::Minor.min(c.required_bump(Mode::Full))
    );
    let c = strict(&wrapped, s, &[]);
    assert_eq!(c.verdict(), "full", "{c:#?}");
}

#[test]
fn non_integer_multiple_of_in_bounded_ranges() {
    let s = |m: &str, bounds: &str| format!(r#"{{"type":"number","multipleOf":{m}{bounds}}}"#);
    let b = r#","minimum":-1000,"maximum":1000"#;
    let probes = [
        "0.1",
        "0.2",
        "0.3",
        "0.25",
        "0.5",
        "1",
        "999.9",
        "-0.3",
        "0.30000000000000004",
    ];
    let c = strict(&s("0.2", b), &s("0.1", b), &probes);
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    let c = strict(&s("0.5", b), &s("0.25", b), &probes);
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    let c = strict(&s("2", b), &s("0.5", b), &probes);
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    // 0.3 is not a multiple of 0.2
    let c = strict(&s("0.3", b), &s("0.2", b), &probes);
    assert!(!c.backward, "{c:#?}");
    // unbounded: huge numbers leave the exact decimal reading, no proof
    let c = strict(&s("0.2", ""), &s("0.1", ""), &probes);
    assert!(!c.backward, "{c:#?}");
}

#[test]
fn editing_a_then_or_else_branch() {
    let doc = |then: &str, els: &str| {
        format!(
            r#"{{"type":"object","properties":{{"kind":{{"type":"string"}},"n":{{"type":"integer"}}}},
               "if":{{"properties":{{"kind":{{"const":"big"}}}},"required":["kind"]}},
               "then":{then},"else":{els}}}"#
        )
    };
    let probes = [
        r#"{"kind":"big","n":5}"#,
        r#"{"kind":"big","n":50}"#,
        r#"{"kind":"small","n":50}"#,
        r#"{"kind":"small","n":5}"#,
    ];
    let narrow = r#"{"properties":{"n":{"minimum":10}}}"#;
    let narrower = r#"{"properties":{"n":{"minimum":20}}}"#;
    let c = strict(&doc(narrow, "true"), &doc(narrower, "true"), &probes);
    assert_eq!(c.verdict(), "forward", "{c:#?}");
    let c = strict(&doc(narrower, "true"), &doc(narrow, "true"), &probes);
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    let small = r#"{"properties":{"n":{"maximum":10}}}"#;
    let smaller = r#"{"properties":{"n":{"maximum":5}}}"#;
    let c = strict(&doc(narrow, small), &doc(narrow, smaller), &probes);
    assert_eq!(c.verdict(), "forward", "{c:#?}");
    // a different `if` is still not reasoned about
    let c = strict(
        &doc(narrow, "true"),
        &doc(narrow, "true").replace("\"big\"", "\"huge\""),
        &probes,
    );
    assert_ne!(c.verdict(), "full", "{c:#?}");
}

/// Found by the differential run (seed 1): a definition of an embedded resource that is
/// `not` itself has no meaning, and the validator answers differently by entry point.
#[test]
fn ill_founded_ref_cycles_are_never_proved() {
    let old = r##"{"definitions":{"d0":{"type":"string"},"r":{"$id":"https://example.com/r.json","definitions":{"d0":{"not":{"const":true}}},"allOf":[{"$ref":"#/definitions/d0"}]}},"properties":{"d":{"$ref":"#/definitions/r"}}}"##;
    let new = r##"{"properties":{"d":{"$ref":"#/definitions/r"}},"definitions":{"d0":{"const":true},"r":{"$id":"https://example.com/r.json","definitions":{"d0":{"not":{"$ref":"#/definitions/d0"}}},"allOf":[{"$ref":"#/definitions/d0"}]}}}"##;
    let c = strict(old, new, &[r#"{"d":true}"#]);
    assert_eq!(c.verdict(), "none", "{c:#?}");
    assert!(
        c.changes
            .iter()
            .any(|x| x.message.contains("never moves into the event")),
        "{c:#?}"
    );
    // a recursive tree (the cycle goes through properties) is still compared
    let tree = r##"{"definitions":{"n":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/definitions/n"}}}}},"$ref":"#/definitions/n"}"##;
    let c = strict(tree, tree, &[]);
    assert_eq!(c.verdict(), "full");
}
