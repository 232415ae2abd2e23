//! Unit tests: every change kind in both directions, verdicts, bumps, witnesses.

use serde_json::{json, Value};

use super::*;

fn cmp(old: Value, new: Value) -> Comparison {
    compare(&old, &new, Policy::Strict)
}

fn kinds(c: &Comparison) -> Vec<&'static str> {
    c.changes.iter().map(|x| x.kind.kind()).collect()
}

#[test]
fn smoke_enum_narrowed() {
    let old = json!({"type":"object","properties":{"payload":{"type":"object","properties":{"state":{"enum":["PR","NY"]}},"required":["state"],"additionalProperties":false}},"required":["payload"]});
    let new = json!({"type":"object","properties":{"payload":{"type":"object","properties":{"state":{"enum":["NY"]}},"required":["state"],"additionalProperties":false}},"required":["payload"]});
    let c = cmp(old, new);
    println!("{}", serde_json::to_string_pretty(&c).unwrap());
    assert!(!c.backward);
    assert!(c.forward);
    assert_eq!(kinds(&c), vec!["enum_narrowed"]);
}
