//! Which change a failed proof is down to.
//!
//! A change that no witness shows breaking a direction is tried on its own: OLD with only
//! that change applied. When the direction is proved there, the change does not break it by
//! itself (another change blocks the proof), so it is not labelled "could not be proved".
//! A change that stays unproved is then reverted alone (NEW without it): when that proves
//! the direction, this change is what blocks the proof, and the report says so.
//!
//! Both trials only move the labels of the change list; the verdict is always the proof of
//! the whole pair.

use serde_json::Value;

use super::model::ChangeKind;
use crate::draft::Draft;

/// The keyword locations a change is made of: the change's own path, its whole array when the
/// path names an array element (`/allOf/2`), all of `if`/`then`/`else` for a conditional.
pub(crate) fn locations(kind: &ChangeKind, path: &str, trees: [&Value; 2]) -> Vec<String> {
    if matches!(kind, ChangeKind::IfThenElseChanged) {
        if let Some(parent) = path.strip_suffix("/if") {
            return ["if", "then", "else"]
                .iter()
                .map(|k| format!("{parent}/{k}"))
                .collect();
        }
    }
    if let Some((parent, last)) = path.rsplit_once('/') {
        let in_array = trees
            .iter()
            .any(|t| matches!(t.pointer(parent), Some(Value::Array(_))));
        if in_array && last.parse::<usize>().is_ok() {
            return vec![parent.to_string()];
        }
    }
    vec![path.to_string()]
}

/// `dst` with the nodes at `paths` taken from `src` (removed where `src` has none); `None`
/// when a location cannot be written (no parent object in `dst`, the whole document).
pub(crate) fn graft(dst: &Value, src: &Value, paths: &[String]) -> Option<Value> {
    let mut out = dst.clone();
    for path in paths {
        let (parent, last) = path.rsplit_once('/')?;
        let key = last.replace("~1", "/").replace("~0", "~");
        let from = src.pointer(path).cloned();
        let slot = out.pointer_mut(parent)?;
        if *slot == Value::Bool(true) && from.is_some() {
            *slot = Value::Object(serde_json::Map::new());
        }
        match (slot, from) {
            (Value::Object(m), Some(v)) => {
                m.insert(key, v);
            }
            (Value::Object(m), None) => {
                m.shift_remove(&key);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The trials need both sides read alike: one draft, and no `$ref` left in either tree (a
/// grafted node would resolve against the other document).
pub(crate) fn applicable(trees: [&Value; 2], dialects: [Draft; 2]) -> bool {
    dialects[0] == dialects[1] && trees.iter().all(|t| !has_ref(t))
}

fn has_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$ref") || m.values().any(has_ref),
        Value::Array(a) => a.iter().any(has_ref),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn graft_replaces_inserts_and_removes() {
        let old = json!({"properties": {"a": {"maxLength": 5}, "b": {"type": "string"}}});
        let new = json!({"properties": {"a": {"maxLength": 3}, "c": true}});
        let p = |s: &str| vec![s.to_string()];
        assert_eq!(
            graft(&old, &new, &p("/properties/a/maxLength")),
            Some(json!({"properties": {"a": {"maxLength": 3}, "b": {"type": "string"}}}))
        );
        assert_eq!(
            graft(&old, &new, &p("/properties/b")),
            Some(json!({"properties": {"a": {"maxLength": 5}}}))
        );
        assert_eq!(
            graft(&old, &new, &p("/properties/c")),
            Some(
                json!({"properties": {"a": {"maxLength": 5}, "b": {"type": "string"}, "c": true}})
            )
        );
        // no parent to write into, or the whole document
        assert_eq!(graft(&old, &new, &p("/items/maxLength")), None);
        assert_eq!(graft(&old, &new, &p("")), None);
    }

    #[test]
    fn locations_widen_to_the_array_and_the_conditional() {
        let t = json!({"allOf": [{"type": "string"}], "if": true});
        let trees = [&t, &t];
        assert_eq!(
            locations(
                &ChangeKind::AllOfBranchAdded { index: 0 },
                "/allOf/0",
                trees
            ),
            vec!["/allOf".to_string()]
        );
        assert_eq!(
            locations(&ChangeKind::IfThenElseChanged, "/if", trees),
            vec!["/if".to_string(), "/then".to_string(), "/else".to_string()]
        );
    }
}

#[cfg(test)]
mod compare_tests {
    use serde_json::json;

    use crate::compat::{compare, Change, Policy};

    fn at<'c>(cs: &'c [Change], path: &str) -> &'c Change {
        cs.iter()
            .find(|c| c.path == path)
            .unwrap_or_else(|| panic!("no change at {path}: {cs:#?}"))
    }

    fn pair() -> (serde_json::Value, serde_json::Value) {
        (
            json!({"type": "object", "properties": {
                "a": {"type": "string", "pattern": "^a"},
                "b": {"type": "string", "enum": ["x", "yy"]},
                "c": {"type": "integer"}}}),
            json!({"type": "object", "properties": {
                "a": {"type": "string", "pattern": "^(a)"},
                "b": {"type": "string", "enum": ["x", "yy"], "maxLength": 5},
                "c": {"type": "integer", "minimum": 0}}}),
        )
    }

    #[test]
    fn the_change_that_blocks_a_proof_is_named_and_a_harmless_one_is_not_blamed() {
        let (old, new) = pair();
        for policy in [Policy::Strict, Policy::Lenient] {
            let c = compare(&old, &new, policy);
            assert!(!c.backward && !c.forward, "{policy:?}");
            // implied by the enum: not "could not be proved"
            let b = at(&c.changes, "/properties/b/maxLength");
            assert!(b.backward && b.forward, "{b:?}");
            assert!(b.blocks_proof.is_empty());
            assert!(!b.message.contains("could not be proved"), "{}", b.message);
            // a real break, shown by a witness: not a blocked proof
            let m = at(&c.changes, "/properties/c/minimum");
            assert!(m.witness.is_some() && m.blocks_proof.is_empty(), "{m:?}");
            // backward is broken by `c` anyway; forward only by the pattern
            let p = at(&c.changes, "/properties/a/pattern");
            assert_eq!(p.blocks_proof, vec!["forward"], "{p:?}");
            assert!(
                p.message.contains("(this change alone blocks the proof: ")
                    && p.message.contains("regex inclusion is not decided"),
                "{}",
                p.message
            );
        }
    }

    #[test]
    fn without_the_real_break_the_pattern_blocks_both_directions() {
        let (old, mut new) = pair();
        new["properties"]["c"] = json!({"type": "integer"});
        let c = compare(&old, &new, Policy::Strict);
        assert!(!c.backward && !c.forward);
        let p = at(&c.changes, "/properties/a/pattern");
        assert_eq!(p.blocks_proof, vec!["backward", "forward"]);
        assert!(at(&c.changes, "/properties/b/maxLength")
            .blocks_proof
            .is_empty());
    }

    #[test]
    fn two_changes_that_each_block_are_not_blamed_alone() {
        let old = json!({"properties": {
            "a": {"type": "string", "pattern": "^a"},
            "b": {"type": "string", "pattern": "^b"}}});
        let new = json!({"properties": {
            "a": {"type": "string", "pattern": "^(a)"},
            "b": {"type": "string", "pattern": "^(b)"}}});
        let c = compare(&old, &new, Policy::Strict);
        assert!(!c.backward && !c.forward);
        for p in ["/properties/a/pattern", "/properties/b/pattern"] {
            let ch = at(&c.changes, p);
            assert!(ch.blocks_proof.is_empty(), "{ch:?}");
            assert!(!ch.backward && !ch.forward);
            assert!(ch.message.contains("could not be proved"), "{}", ch.message);
        }
    }
}
