//! Unit tests: every change kind in both directions, verdicts, bumps, policies, witnesses.

use serde_json::{json, Value};

use super::subset::validator_for;
use super::*;
use crate::draft::Draft;

fn cmp(old: &Value, new: &Value) -> Comparison {
    compare(old, new, Policy::Strict)
}

fn kinds(c: &Comparison) -> Vec<&'static str> {
    c.changes.iter().map(|x| x.kind.kind()).collect()
}

fn draft(s: &Value) -> Draft {
    Draft::of(s)
}

/// Every witness must be accepted by its side and rejected by the other.
fn check_witnesses(old: &Value, new: &Value, c: &Comparison) {
    let vo = validator_for(old, draft(old)).expect("old compiles");
    let vn = validator_for(new, draft(new)).expect("new compiles");
    for ch in &c.changes {
        if let Some(w) = &ch.witness {
            let (a, r) = match w.accepted_by {
                Side::Old => (&vo, &vn),
                Side::New => (&vn, &vo),
            };
            assert!(a.is_valid(&w.event), "witness not accepted: {ch:?}");
            assert!(!r.is_valid(&w.event), "witness not rejected: {ch:?}");
        }
    }
    // the change list explains every unproved direction
    if !c.backward {
        assert!(c.changes.iter().any(|x| !x.backward), "{c:?}");
    }
    if !c.forward {
        assert!(c.changes.iter().any(|x| !x.forward), "{c:?}");
    }
    // proved directions are never contradicted by a change
    if c.backward {
        assert!(c.changes.iter().all(|x| x.backward));
    }
    if c.forward {
        assert!(c.changes.iter().all(|x| x.forward));
    }
    let mut sorted = c.changes.clone();
    sorted.sort_by(|a, b| (a.path.as_str(), a.kind.kind()).cmp(&(b.path.as_str(), b.kind.kind())));
    assert_eq!(sorted, c.changes, "changes are sorted by (path, kind)");
}

/// (old, new, kind old→new, backward, forward, kind new→old)
fn table() -> Vec<(Value, Value, &'static str, bool, bool, &'static str)> {
    let obj = |p: Value| json!({"type":"object","properties":{"p":p},"required":["p"],"additionalProperties":false});
    let d2020 = "https://json-schema.org/draft/2020-12/schema";
    let d2019 = "https://json-schema.org/draft/2019-09/schema";
    vec![
        (
            obj(json!({"type":"string"})),
            obj(json!({"type":["string","null"]})),
            "type_widened",
            true,
            false,
            "type_narrowed",
        ),
        (
            obj(json!({"type":"string"})),
            obj(json!({"type":"integer"})),
            "type_changed",
            false,
            false,
            "type_changed",
        ),
        (
            json!({"type":"object","properties":{"a":{"type":"string"}}}),
            json!({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}),
            "property_added_open_model",
            false,
            true,
            "property_removed_open_model",
        ),
        (
            json!({"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}),
            json!({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"additionalProperties":false}),
            "property_added_closed_model",
            true,
            false,
            "property_removed_closed_model",
        ),
        (
            json!({"type":"object","properties":{"a":{"type":"string"}}}),
            json!({"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}),
            "required_added",
            false,
            true,
            "required_removed",
        ),
        (
            obj(json!({"type":"integer","minimum":0})),
            obj(json!({"type":"integer","minimum":5})),
            "minimum_raised",
            false,
            true,
            "minimum_lowered",
        ),
        (
            obj(json!({"type":"integer","maximum":10})),
            obj(json!({"type":"integer","maximum":5})),
            "maximum_lowered",
            false,
            true,
            "maximum_raised",
        ),
        (
            obj(json!({"type":"number","exclusiveMinimum":0})),
            obj(json!({"type":"number","exclusiveMinimum":1})),
            "exclusive_minimum_raised",
            false,
            true,
            "exclusive_minimum_lowered",
        ),
        (
            obj(json!({"type":"number","exclusiveMaximum":10})),
            obj(json!({"type":"number","exclusiveMaximum":5})),
            "exclusive_maximum_lowered",
            false,
            true,
            "exclusive_maximum_raised",
        ),
        (
            obj(json!({"type":"string","minLength":1})),
            obj(json!({"type":"string","minLength":3})),
            "min_length_raised",
            false,
            true,
            "min_length_lowered",
        ),
        (
            obj(json!({"type":"string","maxLength":10})),
            obj(json!({"type":"string","maxLength":3})),
            "max_length_lowered",
            false,
            true,
            "max_length_raised",
        ),
        (
            obj(json!({"type":"array","items":{"type":"string"},"minItems":1})),
            obj(json!({"type":"array","items":{"type":"string"},"minItems":2})),
            "min_items_raised",
            false,
            true,
            "min_items_lowered",
        ),
        (
            obj(json!({"type":"array","items":{"type":"string"},"maxItems":4})),
            obj(json!({"type":"array","items":{"type":"string"},"maxItems":2})),
            "max_items_lowered",
            false,
            true,
            "max_items_raised",
        ),
        (
            obj(json!({"type":"object","minProperties":1})),
            obj(json!({"type":"object","minProperties":2})),
            "min_properties_raised",
            false,
            true,
            "min_properties_lowered",
        ),
        (
            obj(json!({"type":"object","maxProperties":3})),
            obj(json!({"type":"object","maxProperties":1})),
            "max_properties_lowered",
            false,
            true,
            "max_properties_raised",
        ),
        (
            obj(json!({"type":"integer"})),
            obj(json!({"type":"integer","multipleOf":2})),
            "multiple_of_added",
            false,
            true,
            "multiple_of_removed",
        ),
        (
            obj(json!({"type":"integer","multipleOf":4})),
            obj(json!({"type":"integer","multipleOf":2})),
            "multiple_of_changed",
            true,
            false,
            "multiple_of_changed",
        ),
        (
            obj(json!({"enum":["PR","NY"]})),
            obj(json!({"enum":["NY"]})),
            "enum_narrowed",
            false,
            true,
            "enum_extended",
        ),
        (
            obj(json!({"enum":["PR","NY"]})),
            obj(json!({"enum":["NY","CA"]})),
            "enum_changed",
            false,
            false,
            "enum_changed",
        ),
        (
            obj(json!({"type":"string"})),
            obj(json!({"type":"string","enum":["a"]})),
            "enum_added",
            false,
            true,
            "enum_removed",
        ),
        (
            obj(json!({"type":"string"})),
            obj(json!({"type":"string","const":"a"})),
            "const_added",
            false,
            true,
            "const_removed",
        ),
        (
            obj(json!({"const":"a"})),
            obj(json!({"const":"b"})),
            "const_changed",
            false,
            false,
            "const_changed",
        ),
        (
            obj(json!({"type":"string"})),
            obj(json!({"type":"string","pattern":"^a"})),
            "pattern_added",
            false,
            true,
            "pattern_removed",
        ),
        (
            obj(json!({"type":"string","pattern":"^a"})),
            obj(json!({"type":"string","pattern":"^b"})),
            "pattern_changed",
            false,
            false,
            "pattern_changed",
        ),
        (
            obj(json!({"type":"string"})),
            obj(json!({"type":"string","format":"uuid"})),
            "format_added",
            false,
            true,
            "format_removed",
        ),
        (
            obj(json!({"type":"string","format":"date"})),
            obj(json!({"type":"string","format":"email"})),
            "format_changed",
            false,
            false,
            "format_changed",
        ),
        (
            obj(json!({"type":"array"})),
            obj(json!({"type":"array","uniqueItems":true})),
            "unique_items_added",
            false,
            true,
            "unique_items_removed",
        ),
        (
            obj(json!({"type":"object","properties":{"a":{}}})),
            obj(
                json!({"type":"object","properties":{"a":{}},"additionalProperties":{"type":"string"}}),
            ),
            "additional_properties_narrowed",
            false,
            true,
            "additional_properties_widened",
        ),
        (
            obj(json!({"type":"object","additionalProperties":false})),
            obj(json!({"type":"object","additionalProperties":{"type":"string"}})),
            "additional_properties_changed",
            true,
            false,
            "additional_properties_changed",
        ),
        (
            obj(json!({"type":"array"})),
            obj(json!({"type":"array","items":{"type":"string"}})),
            "items_added",
            false,
            true,
            "items_removed",
        ),
        (
            obj(json!({"type":"array","items":{"type":"string"}})),
            obj(json!({"type":"array","items":[{"type":"string"}]})),
            "items_form_changed",
            true,
            false,
            "items_form_changed",
        ),
        (
            obj(json!({"type":"array","items":[{"type":"string"}]})),
            obj(json!({"type":"array","items":[{"type":"string"}],"additionalItems":false})),
            "additional_items_narrowed",
            false,
            true,
            "additional_items_widened",
        ),
        (
            obj(json!({"type":"array","items":[{"type":"string"}]})),
            obj(json!({"type":"array","items":[{"type":"string"},{"type":"integer"}]})),
            "prefix_items_added",
            false,
            true,
            "prefix_items_removed",
        ),
        (
            json!({"$schema":d2020,"type":"array","prefixItems":[{"type":"string"}]}),
            json!({"$schema":d2020,"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}]}),
            "prefix_items_added",
            false,
            true,
            "prefix_items_removed",
        ),
        (
            obj(json!({"type":"array"})),
            obj(json!({"type":"array","contains":{"type":"string"}})),
            "contains_added",
            false,
            true,
            "contains_removed",
        ),
        (
            obj(json!({"type":"array","contains":{"type":"string","minLength":2}})),
            obj(json!({"type":"array","contains":{"type":"string"}})),
            "contains_changed",
            true,
            false,
            "contains_changed",
        ),
        (
            obj(json!({"type":"object"})),
            obj(json!({"type":"object","propertyNames":{"maxLength":3}})),
            "property_names_added",
            false,
            true,
            "property_names_removed",
        ),
        (
            obj(json!({"type":"object"})),
            obj(json!({"type":"object","dependencies":{"a":["b"]}})),
            "dependencies_added",
            false,
            true,
            "dependencies_removed",
        ),
        (
            obj(json!({"type":"object","dependencies":{"a":["b"]}})),
            obj(json!({"type":"object","dependencies":{"a":["b","c"]}})),
            "dependencies_changed",
            false,
            true,
            "dependencies_changed",
        ),
        (
            json!({"$schema":d2019,"type":"object"}),
            json!({"$schema":d2019,"type":"object","dependentRequired":{"a":["b"]}}),
            "dependencies_added",
            false,
            true,
            "dependencies_removed",
        ),
        (
            obj(json!({"type":"object"})),
            obj(json!({"type":"object","patternProperties":{"^x":{"type":"string"}}})),
            "pattern_properties_added",
            false,
            true,
            "pattern_properties_removed",
        ),
        (
            json!({"$schema":d2019,"allOf":[{"properties":{"a":{}}}]}),
            json!({"$schema":d2019,"allOf":[{"properties":{"a":{}}}],"unevaluatedProperties":false}),
            "unevaluated_properties_added",
            false,
            true,
            "unevaluated_properties_removed",
        ),
        (
            json!({"$schema":d2019,"allOf":[{"properties":{"a":{}}}],"unevaluatedProperties":{"type":"string"}}),
            json!({"$schema":d2019,"allOf":[{"properties":{"a":{}}}],"unevaluatedProperties":false}),
            "unevaluated_properties_changed",
            false,
            false,
            "unevaluated_properties_changed",
        ),
        (
            json!({"$schema":d2019,"type":"array","allOf":[{"items":[{"type":"string"}]}],"unevaluatedItems":{"type":"string"}}),
            json!({"$schema":d2019,"type":"array","allOf":[{"items":[{"type":"string"}]}],"unevaluatedItems":false}),
            "unevaluated_items_changed",
            false,
            false,
            "unevaluated_items_changed",
        ),
        (
            obj(json!({"anyOf":[{"type":"string"}]})),
            obj(json!({"anyOf":[{"type":"string"},{"type":"integer"}]})),
            "any_of_branch_added",
            true,
            false,
            "any_of_branch_removed",
        ),
        (
            obj(json!({"oneOf":[{"type":"string"},{"type":"integer"}]})),
            obj(json!({"oneOf":[{"type":"string"},{"type":"integer"},{"type":"null"}]})),
            "one_of_branch_added",
            true,
            false,
            "one_of_branch_removed",
        ),
        (
            obj(json!({"allOf":[{"type":"string"}]})),
            obj(json!({"allOf":[{"type":"string"},{"minLength":2}]})),
            "all_of_branch_added",
            false,
            true,
            "all_of_branch_removed",
        ),
        (
            obj(json!({"type":"string"})),
            obj(json!({"type":"string","not":{"const":"x"}})),
            "not_added",
            false,
            true,
            "not_removed",
        ),
        (
            obj(json!({"type":"string","not":{"enum":["x","y"]}})),
            obj(json!({"type":"string","not":{"const":"x"}})),
            "not_changed",
            true,
            false,
            "not_changed",
        ),
        (
            obj(json!({"type":"string","if":{"minLength":2},"then":{"pattern":"^a"}})),
            obj(json!({"type":"string","if":{"minLength":2},"then":{"pattern":"^b"}})),
            "if_then_else_changed",
            false,
            false,
            "if_then_else_changed",
        ),
        (
            obj(json!({"type":"string"})),
            obj(json!({"type":"string","title":"State"})),
            "annotation_changed",
            true,
            true,
            "annotation_changed",
        ),
        (
            obj(json!({"type":"string","x-foo":1})),
            obj(json!({"type":"string","x-foo":2})),
            "annotation_changed",
            true,
            true,
            "annotation_changed",
        ),
        (
            obj(json!({"type":"string","foo":1})),
            obj(json!({"type":"string","foo":2})),
            "unknown_keyword_changed",
            false,
            false,
            "unknown_keyword_changed",
        ),
        (
            obj(json!({"type":"object","properties":{"a":true}})),
            obj(json!({"type":"object","properties":{"a":false}})),
            "schema_replaced",
            false,
            true,
            "schema_replaced",
        ),
    ]
}

#[test]
fn every_change_kind_in_both_directions() {
    for (old, new, kind, back, fwd, rkind) in table() {
        let c = cmp(&old, &new);
        assert!(
            kinds(&c).contains(&kind),
            "{kind}: got {:?}\nold {old}\nnew {new}",
            kinds(&c)
        );
        assert_eq!((c.backward, c.forward), (back, fwd), "{kind}: {c:#?}");
        check_witnesses(&old, &new, &c);
        for ch in &c.changes {
            if !ch.backward || !ch.forward {
                let definite = !matches!(
                    ch.kind,
                    ChangeKind::PatternChanged { .. }
                        | ChangeKind::UnknownKeywordChanged { .. }
                        | ChangeKind::IfThenElseChanged
                        | ChangeKind::FormatChanged { .. }
                        | ChangeKind::UnevaluatedPropertiesChanged
                );
                if definite {
                    assert!(ch.witness.is_some(), "{kind}: no witness for {ch:#?}");
                }
            }
        }
        let r = cmp(&new, &old);
        assert!(
            kinds(&r).contains(&rkind),
            "reverse of {kind}: expected {rkind}, got {:?}",
            kinds(&r)
        );
        assert_eq!(
            (r.backward, r.forward),
            (fwd, back),
            "reverse of {kind}: {r:#?}"
        );
        check_witnesses(&new, &old, &r);
    }
}

#[test]
fn the_issue_example_message() {
    let old = json!({"type":"object","properties":{"payload":{"type":"object","properties":{"state":{"enum":["PR","NY"]}},"required":["state"],"additionalProperties":false}},"required":["payload"]});
    let new = json!({"type":"object","properties":{"payload":{"type":"object","properties":{"state":{"enum":["NY"]}},"required":["state"],"additionalProperties":false}},"required":["payload"]});
    let c = cmp(&old, &new);
    assert_eq!(kinds(&c), vec!["enum_narrowed"]);
    let ch = &c.changes[0];
    assert_eq!(ch.path, "/properties/payload/properties/state/enum");
    assert!(ch.message.starts_with("payload.state: enum value \"PR\" removed — events carrying it, valid before, are now rejected"), "{}", ch.message);
    let w = ch.witness.as_ref().expect("witness");
    assert_eq!(w.accepted_by, Side::Old);
    assert_eq!(w.event, json!({"payload":{"state":"PR"}}));
    assert_eq!(c.verdict(), "forward");
    assert_eq!(c.required_bump(Mode::Backward), Bump::Major);
    assert_eq!(c.required_bump(Mode::Forward), Bump::Minor);
    let j = serde_json::to_value(&c.changes[0]).expect("serialises");
    assert_eq!(j["kind"], "enum_narrowed");
}

#[test]
fn identical_schemas_have_no_changes() {
    let s = json!({"type":"object","properties":{"a":{"type":"string","pattern":"^x"}},"foo":1,"if":{"required":["a"]},"then":{"minProperties":1}});
    let c = cmp(&s, &s);
    assert!(c.changes.is_empty());
    assert_eq!(c.verdict(), "full");
    assert!(c.documents_equal && !c.accepted_set_changed);
    for m in [Mode::Backward, Mode::Forward, Mode::Full] {
        assert_eq!(c.required_bump(m), Bump::None);
    }
}

#[test]
fn annotation_only_changes_need_a_patch() {
    let old = json!({"version":"1.0.0","title":"A","type":"object","properties":{"a":{"type":"string","description":"x","examples":["q"]}}});
    let new = json!({"version":"1.0.1","title":"B","$comment":"c","type":"object","properties":{"a":{"type":"string","description":"y","default":"z","deprecated":true}}});
    let c = cmp(&old, &new);
    assert_eq!(c.verdict(), "full");
    assert!(!c.accepted_set_changed);
    assert_eq!(c.required_bump(Mode::Full), Bump::Patch);
    assert!(c
        .changes
        .iter()
        .all(|x| x.kind.kind() == "annotation_changed"));
    let d = declared(&old, &new, c.required_bump(Mode::Backward)).expect("declared");
    assert!(d.ok);
}

#[test]
fn ref_refactor_is_a_patch() {
    let old = json!({"type":"object","properties":{"id":{"type":"string","format":"uuid"}},"required":["id"]});
    let new = json!({"definitions":{"uuid":{"type":"string","format":"uuid"}},"type":"object","properties":{"id":{"$ref":"#/definitions/uuid"}},"required":["id"]});
    let c = cmp(&old, &new);
    assert_eq!(c.verdict(), "full");
    assert!(c.changes.is_empty(), "{:?}", c.changes);
    assert_eq!(c.required_bump(Mode::Full), Bump::Patch);
    // a renamed definition
    let new2 = json!({"$defs":{"u":{"type":"string","format":"uuid"}},"type":"object","properties":{"id":{"$ref":"#/$defs/u"}},"required":["id"]});
    assert_eq!(cmp(&new, &new2).required_bump(Mode::Full), Bump::Patch);
    // a changed target is seen through the ref
    let new3 = json!({"definitions":{"uuid":{"type":"string"}},"type":"object","properties":{"id":{"$ref":"#/definitions/uuid"}},"required":["id"]});
    let c3 = cmp(&new, &new3);
    assert_eq!(kinds(&c3), vec!["format_removed"]);
    assert_eq!(c3.changes[0].path, "/properties/id/format");
}

#[test]
fn recursive_refs_are_only_proved_when_identical() {
    let tree = |leaf: Value| json!({"definitions":{"node":{"type":"object","properties":{"v":leaf,"children":{"type":"array","items":{"$ref":"#/definitions/node"}}}}},"$ref":"#/definitions/node","title":"t"});
    let a = tree(json!({"type":"string"}));
    let a2 = {
        let mut x = a.clone();
        x["title"] = json!("u");
        x
    };
    let c = cmp(&a, &a2);
    assert_eq!(c.verdict(), "full", "{c:#?}");
    let b = tree(json!({"type":["string","null"]}));
    let c = cmp(&a, &b);
    // widening inside a recursive definition is not provable: never a guessed true
    assert!(!c.backward);
    assert!(!c.forward);
    assert!(kinds(&c).contains(&"ref_target_changed"), "{:?}", kinds(&c));
    check_witnesses(&a, &b, &c);
}

#[test]
fn open_content_model_trap_and_lenient_policy() {
    let old = json!({"type":"object","properties":{"a":{"type":"string"}},"required":["a"]});
    let new = json!({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["a"]});
    let c = compare(&old, &new, Policy::Strict);
    assert_eq!(c.verdict(), "forward");
    let ch = &c.changes[0];
    assert_eq!(ch.kind.kind(), "property_added_open_model");
    assert!(
        ch.message.contains("additionalProperties: false")
            && ch.message.contains("--policy lenient"),
        "{}",
        ch.message
    );
    let w = ch.witness.as_ref().expect("witness");
    assert_eq!(w.accepted_by, Side::Old);
    assert!(w.event.get("b").is_some_and(|b| !b.is_i64()));
    let l = compare(&old, &new, Policy::Lenient);
    assert_eq!(l.verdict(), "full", "{l:#?}");
    assert_eq!(l.policy, Policy::Lenient);
    assert_eq!(l.required_bump(Mode::Full), Bump::Minor);
    // removing an optional property: lenient full, strict backward only
    let s = compare(&new, &old, Policy::Strict);
    assert_eq!(s.verdict(), "backward");
    assert_eq!(compare(&new, &old, Policy::Lenient).verdict(), "full");
}

#[test]
fn unproven_when_nothing_explains_the_failure() {
    // prefixItems is not a keyword in draft-07, so the old schema accepts any array
    let old = json!({"$schema":"http://json-schema.org/draft-07/schema#","type":"array","prefixItems":[{"type":"string"}]});
    let new = json!({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","prefixItems":[{"type":"string"}]});
    let c = cmp(&old, &new);
    assert!(!c.backward);
    assert!(kinds(&c).contains(&"unproven"), "{:?}", kinds(&c));
    let u = c
        .changes
        .iter()
        .find(|x| x.kind.kind() == "unproven")
        .expect("unproven");
    // the proof failed, and the witness search then found a real counterexample
    assert!(u.witness.is_some());
    assert!(
        u.message.contains("breaks backward compatibility"),
        "{}",
        u.message
    );
    check_witnesses(&old, &new, &c);
    // without a counterexample the message says what could not be proved
    let old = json!({"type":"string","pattern":"^a"});
    let new = json!({"type":"string","allOf":[{"pattern":"^a|^b"}]});
    let c = cmp(&old, &new);
    assert!(!c.backward);
    let u = c.changes.iter().find(|x| !x.backward).expect("a change");
    assert!(u.witness.is_none());
    assert!(
        u.message.contains("could not be proved") || u.message.contains("could not prove"),
        "{}",
        u.message
    );
}

#[test]
fn combinators_are_reasoned_about() {
    // a type list and the equivalent anyOf accept the same events
    let a = json!({"type":["string","integer"]});
    let b = json!({"anyOf":[{"type":"string"},{"type":"integer"}]});
    assert_eq!(cmp(&a, &b).verdict(), "full");
    // oneOf with overlapping branches is not provable on the right
    let c = json!({"oneOf":[{"type":"string"},{"type":"string","minLength":1}]});
    let r = cmp(&json!({"type":"string"}), &c);
    assert!(!r.backward);
    // allOf merging: allOf of two object fragments vs one object
    let x = json!({"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"integer"}}}]});
    let y = json!({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["a"]});
    assert_eq!(cmp(&x, &y).verdict(), "full");
    // discriminated oneOf: widening one branch's enum is backward compatible
    let u = json!({"oneOf":[{"type":"object","properties":{"k":{"const":"a"},"v":{"type":"string"}},"required":["k"]},{"type":"object","properties":{"k":{"const":"b"}},"required":["k"]}]});
    let mut v = u.clone();
    v["oneOf"][0]["properties"]["v"] = json!({"type":["string","null"]});
    let r = cmp(&u, &v);
    assert_eq!(r.verdict(), "backward", "{r:#?}");
    check_witnesses(&u, &v, &r);
}

#[test]
fn draft4_exclusive_flags() {
    let d4 = "http://json-schema.org/draft-04/schema#";
    let old = json!({"$schema":d4,"type":"number","minimum":0});
    let new = json!({"$schema":d4,"type":"number","minimum":0,"exclusiveMinimum":true});
    let c = cmp(&old, &new);
    assert_eq!(c.verdict(), "forward");
    assert_eq!(kinds(&c), vec!["exclusive_minimum_raised"]);
    check_witnesses(&old, &new, &c);
    assert_eq!(
        c.changes[0].witness.as_ref().map(|w| w.event.clone()),
        Some(json!(0))
    );
}

#[test]
fn integer_bounds_use_integer_reasoning() {
    let a = json!({"type":"integer","exclusiveMinimum":0});
    let b = json!({"type":"integer","minimum":1});
    assert_eq!(cmp(&a, &b).verdict(), "full");
}

#[test]
fn weird_schemas_never_panic() {
    let weird = [
        json!(null),
        json!(3),
        json!("x"),
        json!([]),
        json!(true),
        json!(false),
        json!({"type":"strnig"}),
        json!({"minimum":"3"}),
        json!({"properties":[]}),
        json!({"required":"a"}),
        json!({"items":3}),
        json!({"allOf":[]}),
        json!({"enum":3}),
        json!({"$ref":"#/nowhere"}),
        json!({"$ref":"other.json#/x"}),
        json!({"$ref":"#"}),
        json!({"definitions":{"a":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"}),
        json!({"pattern":"(["}),
        json!({"multipleOf":0}),
        json!({"properties":{"a":{"$ref":"#/properties/a"}}}),
    ];
    for a in &weird {
        for b in &weird {
            let c = cmp(a, b);
            if a != b {
                // nothing about these can be proved unless it is trivially true
                let _ = c.verdict();
            } else {
                assert_eq!(c.verdict(), "full");
            }
        }
    }
    let c = cmp(&json!({"type":"strnig"}), &json!({"type":"string"}));
    assert!(!c.backward || !c.forward);
}

#[test]
fn event_envelope_witnesses_satisfy_formats_and_patterns() {
    let env = |state: Value| {
        json!({
            "$schema":"http://json-schema.org/draft-07/schema#",
            "version":"1.0.0",
            "type":"object",
            "properties":{
                "event_type":{"const":"license.created"},
                "event_id":{"type":"string","format":"uuid"},
                "timestamp":{"type":"string","format":"date-time"},
                "version":{"type":"string","pattern":"^1\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"},
                "payload":{"type":"object","properties":{"state":state,"email":{"type":"string","format":"email"}},"required":["state","email"],"additionalProperties":false}
            },
            "required":["event_type","event_id","timestamp","version","payload"],
            "additionalProperties":false
        })
    };
    let old = env(json!({"type":"string","enum":["PR","NY","CA"]}));
    let new = env(json!({"type":"string","enum":["NY","CA"]}));
    let c = cmp(&old, &new);
    assert_eq!(c.verdict(), "forward");
    let w = c.changes[0].witness.as_ref().expect("witness");
    assert_eq!(w.event["payload"]["state"], json!("PR"));
    assert_eq!(w.event["version"], json!("1.0.0"));
    assert_eq!(
        w.event["event_id"],
        json!("00000000-0000-4000-8000-000000000000")
    );
    check_witnesses(&old, &new, &c);
}

#[test]
fn declared_versions() {
    let v = |s: &str| json!({"version": s});
    let d = declared(&v("1.2.3"), &v("2.0.0"), Bump::Major).expect("declared");
    assert!(d.ok && d.needs.is_none());
    let d = declared(&v("1.2.3"), &v("1.3.0"), Bump::Major).expect("declared");
    assert!(!d.ok);
    assert_eq!(d.needs.as_deref(), Some("2.0.0"));
    let d = declared(&v("1.2.3"), &v("1.2.4"), Bump::Minor).expect("declared");
    assert_eq!((d.ok, d.needs.as_deref()), (false, Some("1.3.0")));
    assert!(declared(&v("1.2.3"), &v("1.2.4"), Bump::Patch).is_some_and(|d| d.ok));
    let d = declared(&v("1.2.3"), &v("1.2.3"), Bump::Patch).expect("declared");
    assert_eq!((d.ok, d.needs.as_deref()), (false, Some("1.2.4")));
    assert!(declared(&v("1.2.3"), &v("0.1.0"), Bump::None).is_some_and(|d| d.ok));
    assert!(declared(&json!({}), &v("1.0.0"), Bump::Major).is_none());
    assert!(declared(&v("x"), &v("1.0.0"), Bump::Major).is_some_and(|d| !d.ok));
}

#[test]
fn serialised_enums() {
    assert_eq!(serde_json::to_value(Bump::Minor).ok(), Some(json!("minor")));
    assert_eq!(
        serde_json::to_value(Policy::Lenient).ok(),
        Some(json!("lenient"))
    );
    assert_eq!(serde_json::to_value(Side::Old).ok(), Some(json!("old")));
    assert!(Bump::Major > Bump::Minor && Bump::Minor > Bump::Patch && Bump::Patch > Bump::None);
}

#[test]
fn output_is_deterministic() {
    let (old, new, ..) = table().swap_remove(2);
    let a = serde_json::to_string(&cmp(&old, &new)).ok();
    let b = serde_json::to_string(&cmp(&old, &new)).ok();
    assert_eq!(a, b);
}

#[test]
fn formats_are_asserted_under_draft7() {
    let v = build_validator(&json!({"type":"string","format":"uuid"})).expect("compiles");
    assert!(!v.is_valid(&json!("a")));
    assert!(v.is_valid(&json!("00000000-0000-4000-8000-000000000000")));
    let v = build_validator(&json!({"type":"string","format":"date-time"})).expect("compiles");
    assert!(!v.is_valid(&json!("yesterday")));
}

#[test]
fn dialect_differences_are_not_assumed_away() {
    let d6 = "http://json-schema.org/draft-06/schema#";
    let d7 = "http://json-schema.org/draft-07/schema#";
    let d2020 = "https://json-schema.org/draft/2020-12/schema";
    // `iri` is not a draft-06 format, so draft-06 accepts any string
    let old = json!({"$schema": d6, "type":"string","format":"iri"});
    let new = json!({"$schema": d7, "type":"string","format":"iri"});
    assert!(!cmp(&old, &new).backward);
    // an identical subschema whose keyword only exists in one draft
    let body = json!({"type":"array","prefixItems":[{"type":"string"}]});
    let old = json!({"$schema": d7, "type":"object","properties":{"a": body}});
    let new = json!({"$schema": d2020, "type":"object","properties":{"a": body}});
    let c = cmp(&old, &new);
    assert!(!c.backward, "{c:#?}");
    assert!(c.forward);
    check_witnesses(&old, &new, &c);
}

#[test]
fn deep_and_self_referencing_schemas_terminate() {
    let mut s = json!({"type":"string"});
    for _ in 0..100 {
        s = json!({"type":"object","properties":{"x": s}});
    }
    let mut t = s.clone();
    t["title"] = json!("x");
    assert_eq!(cmp(&s, &t).verdict(), "full");
    let chain = json!({"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"});
    let c = cmp(&chain, &json!({"type":"string"}));
    assert!(!c.backward || !c.forward);
}

#[test]
fn draft4_integer_is_narrower() {
    let d4 = "http://json-schema.org/draft-04/schema#";
    let old = json!({"type":"integer"});
    let new = json!({"$schema": d4, "type":"integer"});
    let c = cmp(&old, &new);
    assert!(!c.backward, "1.0 is an integer under draft-07 only");
    assert!(c.forward);
    // if/then/else is not a draft-04 keyword: identical text does not mean identical meaning
    let body = json!({"if":{"const":"a"},"then":{"type":"integer"}});
    let c = cmp(&body, &{
        let mut b = body.clone();
        b["$schema"] = json!(d4);
        b
    });
    assert!(!c.forward, "{c:#?}");
}

#[test]
fn catalog_style_change_set_with_focused_witnesses() {
    let old = json!({
        "$schema":"http://json-schema.org/draft-07/schema#","version":"1.0.0",
        "definitions":{"state":{"type":"string","enum":["PR","NY","CA"]}},
        "type":"object",
        "properties":{
            "event_type":{"const":"license.created"},
            "event_id":{"type":"string","format":"uuid"},
            "timestamp":{"type":"string","format":"date-time"},
            "version":{"type":"string","pattern":"^1\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"},
            "payload":{"type":"object","properties":{
                "state":{"$ref":"#/definitions/state"},
                "license_number":{"type":"string","minLength":3},
                "days":{"type":"integer","minimum":0},
                "tags":{"type":"array","items":{"type":"string"}}
            },"required":["state","license_number"]}
        },
        "required":["event_type","event_id","timestamp","version","payload"],
        "additionalProperties":false
    });
    let mut new = old.clone();
    new["version"] = json!("1.1.0");
    new["definitions"]["state"]["enum"] = json!(["NY", "CA", "TX"]);
    new["properties"]["payload"]["properties"]["days"]["maximum"] = json!(90);
    new["properties"]["payload"]["properties"]["note"] = json!({"type":"string"});
    new["properties"]["payload"]["required"] = json!(["state", "license_number", "days"]);
    new["properties"]["payload"]["properties"]["tags"]["items"] = json!({"type":["string","null"]});
    let c = cmp(&old, &new);
    assert_eq!(c.verdict(), "none");
    assert_eq!(
        kinds(&c),
        vec![
            "maximum_lowered",
            "property_added_open_model",
            "enum_changed",
            "type_widened",
            "required_added",
            "annotation_changed"
        ]
    );
    let d = declared(&old, &new, c.required_bump(Mode::Backward)).expect("declared");
    assert_eq!((d.ok, d.needs.as_deref()), (false, Some("2.0.0")));
    check_witnesses(&old, &new, &c);
    // witnesses start from an event both sides accept, so each shows its own change
    for ch in &c.changes {
        if let Some(w) = &ch.witness {
            if ch.kind.kind() != "enum_changed" {
                assert_eq!(w.event["payload"]["state"], json!("NY"), "{ch:#?}");
            }
        }
    }
    let req = c
        .changes
        .iter()
        .find(|x| x.kind.kind() == "required_added")
        .and_then(|x| x.witness.as_ref())
        .expect("witness");
    assert!(req.event["payload"].get("days").is_none());
    let max = c
        .changes
        .iter()
        .find(|x| x.kind.kind() == "maximum_lowered")
        .and_then(|x| x.witness.as_ref())
        .expect("witness");
    assert_eq!(max.event["payload"]["days"], json!(91));
}

#[test]
fn enum_numbers_are_compared_by_value() {
    // under draft-04, 3.0 is not an `integer` but the instance 3 equals the listed 3.0
    let d4 = "http://json-schema.org/draft-04/schema#";
    let old = json!({"$schema": d4, "type":"integer","enum":[3.0]});
    let new = json!({"type":"integer","multipleOf":2});
    let c = cmp(&old, &new);
    assert!(!c.backward);
    check_witnesses(&old, &new, &c);
    let a = json!({"enum":[1, {"x":[2]}]});
    let b = json!({"enum":[1.0, {"x":[2.0]}]});
    assert_eq!(cmp(&a, &b).verdict(), "full");
}

#[test]
fn envelope_composed_with_all_of() {
    let schema = |states: Value, extra: Option<(&str, Value)>| {
        let mut payload = json!({"type":"object","properties":{"state":{"enum": states}},"required":["state"],"additionalProperties":false});
        if let Some((k, v)) = extra {
            payload["properties"][k] = v;
        }
        json!({
            "definitions":{"envelope":{"type":"object","properties":{
                "event_type":{"type":"string"},"event_id":{"type":"string","format":"uuid"}},
                "required":["event_type","event_id"]}},
            "allOf":[{"$ref":"#/definitions/envelope"},{"properties":{"payload": payload},"required":["payload"]}]
        })
    };
    let old = schema(json!(["NY"]), None);
    let new = schema(json!(["NY", "PR"]), None);
    let c = cmp(&old, &new);
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    assert_eq!(kinds(&c), vec!["enum_extended"]);
    check_witnesses(&old, &new, &c);
    let new2 = schema(json!(["NY"]), Some(("note", json!({"type":"string"}))));
    let c = cmp(&old, &new2);
    assert_eq!(c.verdict(), "backward", "{c:#?}");
    assert_eq!(kinds(&c), vec!["property_added_closed_model"]);
    check_witnesses(&old, &new2, &c);
    assert!(c.changes[0].witness.is_some());
}

#[test]
fn duration_is_asserted_under_draft7_like_validate() {
    let v = build_validator(&json!({"type":"string","format":"duration"})).expect("compiles");
    assert!(v.is_valid(&json!("P1D")));
    assert!(!v.is_valid(&json!("1 day")));
}

#[test]
fn witnesses_satisfy_conditional_requirements() {
    // like the shipped notification events: channel email ⇒ recipient.email required
    let schema = |extra: bool| {
        let mut props = json!({
            "channel":{"allOf":[{"type":"string","enum":["email","sms"]}]},
            "recipient":{"allOf":[{"type":"object","additionalProperties":false,"required":["user_id"],
                "properties":{"user_id":{"type":"string","format":"uuid"},"email":{"type":"string","format":"email"},
                "phone_number":{"type":"string","pattern":"^\\+[1-9][0-9]{1,14}$"}}}]},
            "attempt":{"type":"integer","minimum":1,"maximum":10}
        });
        if extra {
            props["queued_at"] = json!({"type":"string","format":"date-time"});
        }
        json!({"type":"object","properties":{"payload":{
            "type":"object","additionalProperties":false,"required":["channel","recipient","attempt"],
            "properties": props,
            "allOf":[
                {"if":{"properties":{"channel":{"const":"email"}},"required":["channel"]},"then":{"properties":{"recipient":{"required":["email"]}}}},
                {"if":{"properties":{"channel":{"const":"sms"}},"required":["channel"]},"then":{"properties":{"recipient":{"required":["phone_number"]}}}}
            ]}},"required":["payload"]})
    };
    let (old, new) = (schema(true), schema(false));
    let c = cmp(&old, &new);
    assert_eq!(c.verdict(), "forward");
    assert_eq!(kinds(&c), vec!["property_removed_closed_model"]);
    check_witnesses(&old, &new, &c);
    let w = c.changes[0]
        .witness
        .as_ref()
        .expect("a witness despite the if/then requirements");
    assert!(w.event["payload"].get("queued_at").is_some());
}

#[test]
fn human_paths() {
    assert_eq!(human_path(""), "(root)");
    assert_eq!(
        human_path("/properties/payload/properties/state/enum"),
        "payload.state"
    );
    assert_eq!(
        human_path("/allOf/1/properties/payload/properties/note"),
        "payload.note"
    );
    assert_eq!(human_path("/properties/tags/items/type"), "tags[]");
    assert_eq!(human_path("/properties/t/items/1"), "t[1]");
    assert_eq!(
        human_path("/properties/a~1b/anyOf/0/properties/c"),
        "a/b anyOf[0].c"
    );
}

#[test]
fn documentation_inside_a_recursive_definition_is_a_patch() {
    let tree = |desc: &str| json!({"definitions":{"node":{"type":"object","description":desc,"properties":{"v":{"type":"string","title":desc},"kids":{"type":"array","items":{"$ref":"#/definitions/node"}}}}},"$ref":"#/definitions/node"});
    let c = cmp(&tree("a"), &tree("b"));
    assert_eq!(c.verdict(), "full", "{c:#?}");
    assert_eq!(c.required_bump(Mode::Full), Bump::Patch);
}

#[test]
fn draft4_spellings_of_draft7_constructs_compare_full() {
    use super::prove;
    let d7 = |v: Value| {
        let mut v = v;
        v["$schema"] = json!("http://json-schema.org/draft-07/schema#");
        v
    };
    let d4 = |v: Value| {
        let mut v = v;
        v["$schema"] = json!("http://json-schema.org/draft-04/schema#");
        v
    };
    // integer ≡ number with a whole multipleOf
    let a = d7(json!({"type": "integer", "minimum": 0}));
    let b = d4(json!({"type": "number", "multipleOf": 1, "minimum": 0}));
    assert!(
        prove(&a, &b).iter().all(Result::is_ok),
        "{:?}",
        prove(&a, &b)
    );
    // but not with a fractional one
    let c = d4(json!({"type": "number", "multipleOf": 0.5, "minimum": 0}));
    assert!(prove(&c, &a)[0].is_err());
    // if/then ≡ anyOf [not if, then]
    let a = d7(
        json!({"type": "object", "if": {"properties": {"k": {"const": "a"}}, "required": ["k"]}, "then": {"required": ["b"]}}),
    );
    let b = d4(
        json!({"type": "object", "allOf": [{"anyOf": [{"not": {"properties": {"k": {"enum": ["a"]}}, "required": ["k"]}}, {"required": ["b"]}]}]}),
    );
    assert!(
        prove(&a, &b).iter().all(Result::is_ok),
        "{:?}",
        prove(&a, &b)
    );
    // a different `then` is not taken as equivalent
    let wrong = d4(
        json!({"type": "object", "allOf": [{"anyOf": [{"not": {"properties": {"k": {"enum": ["a"]}}, "required": ["k"]}}, {"required": ["c"]}]}]}),
    );
    assert!(prove(&a, &wrong)[0].is_err());
    // nor a different `if`
    let wrong_if = d4(
        json!({"type": "object", "allOf": [{"anyOf": [{"not": {"properties": {"k": {"enum": ["z"]}}, "required": ["k"]}}, {"required": ["b"]}]}]}),
    );
    let [back, fwd] = prove(&a, &wrong_if);
    assert!(back.is_err() || fwd.is_err());
    // if/then/else ≡ anyOf [{allOf: [if, then]}, {allOf: [{not: if}, else]}]
    let a = d7(
        json!({"type": "object", "if": {"required": ["k"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}),
    );
    let b = d4(
        json!({"type": "object", "allOf": [{"anyOf": [{"allOf": [{"required": ["k"]}, {"required": ["b"]}]}, {"allOf": [{"not": {"required": ["k"]}}, {"required": ["c"]}]}]}]}),
    );
    assert!(
        prove(&a, &b).iter().all(Result::is_ok),
        "{:?}",
        prove(&a, &b)
    );
    let wrong_else = d4(
        json!({"type": "object", "allOf": [{"anyOf": [{"allOf": [{"required": ["k"]}, {"required": ["b"]}]}, {"allOf": [{"not": {"required": ["k"]}}, {"required": ["d"]}]}]}]}),
    );
    assert!(prove(&a, &wrong_else)[0].is_err());
    // an `else` on the left is not dropped by the `{not: N}` form
    let no_else = d4(
        json!({"type": "object", "allOf": [{"anyOf": [{"not": {"required": ["k"]}}, {"required": ["b"]}]}]}),
    );
    let [back, fwd] = prove(&a, &no_else);
    assert!(back.is_ok(), "dropping the else widens: backward holds");
    assert!(
        fwd.is_err(),
        "but NEW accepts values without c that OLD rejects"
    );
}

/// Constraints a `format` or listed values already imply are no change to what is accepted;
/// one a hair tighter is still caught, with a witness where one exists.
#[test]
fn constraints_implied_by_format_or_listed_values_are_compatible() {
    let s = |extra: Value| {
        let mut m =
            json!({"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}});
        for (k, v) in extra.as_object().into_iter().flatten() {
            m["properties"]["id"][k] = v.clone();
        }
        m
    };
    let old = s(json!({}));
    for (extra, both) in [
        (json!({"maxLength": 36}), true),
        (json!({"minLength": 36}), true),
        (json!({"maxLength": 36.0, "minLength": 1}), true),
        (json!({"maxLength": 35}), false),
        (json!({"minLength": 37}), false),
    ] {
        let new = s(extra.clone());
        let c = cmp(&old, &new);
        check_witnesses(&old, &new, &c);
        assert_eq!(c.backward, both, "{extra}: {c:#?}");
        assert!(c.forward, "{extra}");
        for d in DRAFT_URIS {
            if d.contains("draft-04") && extra.to_string().contains(".0") {
                continue; // draft-04's metaschema has integer lengths only: not reasoned about
            }
            let mut o = old.clone();
            let mut n = new.clone();
            o["$schema"] = json!(d);
            n["$schema"] = json!(d);
            assert_eq!(prove(&o, &n)[0].is_ok(), both, "{extra} under {d}");
        }
    }
    for (f, ok, tight) in [
        (
            "date",
            json!({"minLength": 10, "maxLength": 10}),
            json!({"maxLength": 9}),
        ),
        (
            "date-time",
            json!({"minLength": 20}),
            json!({"maxLength": 40}),
        ),
        ("time", json!({"minLength": 9}), json!({"minLength": 10})),
        (
            "ipv4",
            json!({"minLength": 7, "maxLength": 15}),
            json!({"maxLength": 14}),
        ),
        (
            "ipv6",
            json!({"minLength": 2, "maxLength": 45}),
            json!({"minLength": 3}),
        ),
        (
            "hostname",
            json!({"minLength": 1, "maxLength": 253}),
            json!({"maxLength": 252}),
        ),
    ] {
        let old = json!({"type": "string", "format": f});
        let mut new = old.clone();
        let mut bad = old.clone();
        for (k, v) in ok.as_object().into_iter().flatten() {
            new[k] = v.clone();
        }
        for (k, v) in tight.as_object().into_iter().flatten() {
            bad[k] = v.clone();
        }
        assert!(prove(&old, &new).iter().all(Result::is_ok), "{f} {ok}");
        assert!(prove(&old, &bad)[0].is_err(), "{f} {tight}");
    }
    // lengths a simple pattern implies
    for (p, ok, tight) in [
        (
            "^[A-Z]{3}$",
            json!({"minLength": 3, "maxLength": 3}),
            json!({"maxLength": 2}),
        ),
        (
            "^[A-Z]{2}-[0-9]{1,8}$",
            json!({"minLength": 4, "maxLength": 11}),
            json!({"maxLength": 10}),
        ),
        (
            "[0-9]{2}",
            json!({"minLength": 2}),
            json!({"maxLength": 100}),
        ),
        (
            "^[A-Z]{3}",
            json!({"minLength": 3}),
            json!({"maxLength": 3}),
        ),
    ] {
        let old = json!({"type": "string", "pattern": p});
        let mut new = old.clone();
        let mut bad = old.clone();
        for (k, v) in ok.as_object().into_iter().flatten() {
            new[k] = v.clone();
        }
        for (k, v) in tight.as_object().into_iter().flatten() {
            bad[k] = v.clone();
        }
        assert!(prove(&old, &new).iter().all(Result::is_ok), "{p} {ok}");
        let c = cmp(&old, &bad);
        check_witnesses(&old, &bad, &c);
        assert!(!c.backward, "{p} {tight}");
    }
    // `email` and `uri` take any length: no window
    for f in ["email", "uri", "duration"] {
        let old = json!({"type": "string", "format": f});
        let new = json!({"type": "string", "format": f, "maxLength": 254});
        assert!(prove(&old, &new)[0].is_err(), "{f}");
    }
    // listed values behind a shared conjunct or in an allOf branch
    for (old, new, back) in [
        (
            json!({"allOf": [{"enum": ["ab", "c"]}]}),
            json!({"allOf": [{"enum": ["ab", "c"]}], "maxLength": 2}),
            true,
        ),
        (
            json!({"allOf": [{"enum": ["ab", "c"]}]}),
            json!({"allOf": [{"enum": ["ab", "c"]}], "maxLength": 1}),
            false,
        ),
        (
            json!({"anyOf": [{"enum": ["a"]}, {"const": "bb"}]}),
            json!({"anyOf": [{"enum": ["a"]}, {"const": "bb"}], "maxLength": 2, "pattern": "^[ab]+$"}),
            true,
        ),
        (
            json!({"anyOf": [{"enum": ["a"]}, {"const": "bb"}]}),
            json!({"anyOf": [{"enum": ["a"]}, {"const": "bb"}], "pattern": "^a"}),
            false,
        ),
        (
            json!({"oneOf": [{"enum": [1, 2]}, {"enum": [5]}]}),
            json!({"oneOf": [{"enum": [1, 2]}, {"enum": [5]}], "minimum": 1, "maximum": 5}),
            true,
        ),
        (
            json!({"oneOf": [{"enum": [1, 2]}, {"enum": [5]}]}),
            json!({"oneOf": [{"enum": [1, 2]}, {"enum": [5]}], "exclusiveMaximum": 5}),
            false,
        ),
    ] {
        let c = cmp(&old, &new);
        check_witnesses(&old, &new, &c);
        assert_eq!(c.backward, back, "{old} → {new}: {c:#?}");
        assert!(c.forward, "{old} → {new}");
        if !back {
            assert!(c.changes.iter().any(|x| x.witness.is_some()), "{c:#?}");
        }
    }
}

const DRAFT_URIS: [&str; 5] = [
    "http://json-schema.org/draft-04/schema#",
    "http://json-schema.org/draft-06/schema#",
    "http://json-schema.org/draft-07/schema#",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Draft-04's `integer` rejects `4.0`, which `type: number` with a whole `multipleOf`
/// accepts, under draft-04 too (found by the differential search, behind `not` and an
/// embedded `id`).
#[test]
fn draft4_whole_multiple_of_a_number_is_not_an_integer() {
    let d4 = "http://json-schema.org/draft-04/schema#";
    let items = |t: &str| json!({"type": t, "minimum": 3, "maximum": 5, "multipleOf": 2});
    let wrap = |t: &str| json!({"$schema": d4, "not": {"items": items(t)}});
    let (old, new) = (wrap("integer"), wrap("number"));
    let c = cmp(&old, &new);
    check_witnesses(&old, &new, &c);
    assert!(!c.backward, "[4.0] is valid under OLD only: {c:#?}");
    let vo = validator_for(&old, draft(&old)).expect("compiles");
    let vn = validator_for(&new, draft(&new)).expect("compiles");
    assert!(vo.is_valid(&json!([4.0])) && !vn.is_valid(&json!([4.0])));
    // the direct form and the embedded-`id` form of the search's pair
    let direct = |t: &str| json!({"$schema": d4, "type": "array", "items": items(t)});
    assert!(prove(&direct("number"), &direct("integer"))[0].is_err());
    assert!(prove(&direct("integer"), &direct("number"))[0].is_ok());
    let embedded = |t: &str| {
        json!({"$schema": d4, "not": {"items": {"$ref": "#/definitions/r"}}, "definitions": {
            "r": {"id": "https://example.com/r.json", "definitions": {"d0": items(t)},
                  "allOf": [{"$ref": "#/definitions/d0"}]},
            "d0": {"enum": [1.8446744073709552e19, 3.0], "type": "string"}}})
    };
    assert!(!cmp(&embedded("integer"), &embedded("number")).backward);
    // draft-04 `integer` on both sides stays proved
    assert!(prove(&direct("integer"), &json!({"$schema": d4, "type": "array", "items": {"type": "integer", "minimum": 2, "maximum": 6}}))[0].is_ok());
}

/// `contains`/`minContains`/`maxContains` are no keywords under draft-04: the same text
/// there does not carry OLD's (2019-09) requirement (found by the differential search,
/// seed 9, through an embedded `$id`).
#[test]
fn max_contains_text_under_draft4_is_no_constraint() {
    let body = |schema: &str, id: &str| {
        json!({"$schema": schema, "minContains": 1, "maxContains": 2,
               "contains": {"$ref": "#/definitions/r"},
               "definitions": {"r": {id: "https://example.com/r.json",
                   "definitions": {"d0": {"enum": [2.5, 1e19]}},
                   "allOf": [{"$ref": "#/definitions/d0"}]},
                 "d0": {"type": "integer"}}})
    };
    let old = body("https://json-schema.org/draft/2019-09/schema", "$id");
    let new = body("http://json-schema.org/draft-04/schema#", "id");
    let c = cmp(&old, &new);
    check_witnesses(&old, &new, &c);
    assert!(!c.forward, "[] is valid under NEW only: {c:#?}");
    assert!(c.backward, "NEW accepts everything");
    // the same text under 2020-12 on both sides stays proved both ways
    let a = body("https://json-schema.org/draft/2020-12/schema", "$id");
    let b = body("https://json-schema.org/draft/2019-09/schema", "$id");
    assert!(
        prove(&a, &b).iter().all(Result::is_ok),
        "{:?}",
        prove(&a, &b)
    );
}

#[test]
fn identical_ill_founded_documents_are_the_same_contract() {
    // a self-reference that never moves into the event: undefined, but the same on both sides
    for s in [
        json!({"$ref": ""}),
        json!({"$ref": "#"}),
        json!({"$ref": "#", "type": "object"}),
    ] {
        for policy in [Policy::Strict, Policy::Lenient] {
            let c = compare(&s, &s, policy);
            assert!(c.backward && c.forward, "{s}");
            assert!(c.changes.is_empty(), "{s}: {:?}", c.changes);
        }
    }
    // and against a different document the cycle still blocks the proof
    let c = cmp(&json!({"$ref": "#"}), &json!({"type": "object"}));
    assert!(!(c.backward && c.forward));
}
