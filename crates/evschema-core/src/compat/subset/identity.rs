//! Structural identity across the two sides, including what each remaining `$ref`
//! reaches and what a keyword means under each side's draft.

use super::*;

impl Cx<'_> {
    pub(super) fn ref_closure_same(&self, r: &str) -> bool {
        if let Some(x) = self.ref_same.borrow().get(r) {
            return *x;
        }
        let mut seen = BTreeSet::new();
        let mut todo = vec![r.to_string()];
        let mut ok = true;
        while let Some(cur) = todo.pop() {
            if !seen.insert(cur.clone()) {
                continue;
            }
            if !cur.starts_with('#') {
                continue; // same non-local string: same document
            }
            match (
                resolve(self.sides[0].root, &cur),
                resolve(self.sides[1].root, &cur),
            ) {
                (Some(a), Some(b))
                    if (a == b || strip_docs(a) == strip_docs(b))
                        && (self.d(0) == self.d(1) || dialect_neutral(a, self.d(0), self.d(1))) =>
                {
                    let mut more = Vec::new();
                    refs_in(a, &mut more);
                    todo.extend(more);
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        self.ref_same.borrow_mut().insert(r.to_string(), ok);
        ok
    }

    /// Structurally identical (including what any remaining `$ref` points to).
    pub(crate) fn same(&self, a: &Value, sa: Sd, b: &Value, sb: Sd) -> bool {
        if a != b {
            return false;
        }
        if sa == sb {
            return true;
        }
        let (d1, d2) = (self.d(sa), self.d(sb));
        if d1 != d2 && !dialect_neutral(a, d1, d2) {
            return false;
        }
        let mut refs = Vec::new();
        refs_in(a, &mut refs);
        refs.iter().all(|r| self.ref_closure_same(r))
    }
}

/// Formats the validator checks the same way under every draft (with our options).
pub(super) const STABLE_FORMATS: [&str; 10] = [
    "duration",
    "date",
    "date-time",
    "email",
    "ipv4",
    "ipv6",
    "regex",
    "time",
    "uri",
    "uuid",
];

/// True when a subschema means the same under two drafts (conservatively).
pub(super) fn dialect_neutral(v: &Value, d1: Draft, d2: Draft) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, x)| {
            class(k, d1) == class(k, d2)
                && k != "$ref"
                && !(k == "format" && x.as_str().is_some_and(|f| !STABLE_FORMATS.contains(&f)))
                && !((k == "exclusiveMinimum" || k == "exclusiveMaximum") && x.is_boolean())
                // draft-04 `integer` rejects 1.0; later drafts accept it
                && !(k == "type"
                    && (d1 == Draft::D4) != (d2 == Draft::D4)
                    && x.to_string().contains("integer"))
                && dialect_neutral(x, d1, d2)
        }),
        Value::Array(a) => a.iter().all(|x| dialect_neutral(x, d1, d2)),
        _ => true,
    }
}
