//! Listed values (`enum`/`const`), with every spelling of their integral numbers.

use super::*;

impl Cx<'_> {
    /// The finite set of values a node is restricted to by `const`/`enum`.
    pub(super) fn finite<'m>(&self, m: &'m Map<String, Value>, s: Sd) -> Option<Vec<&'m Value>> {
        if self.d(s) >= Draft::D6 {
            if let Some(c) = m.get("const") {
                return Some(vec![c]);
            }
        }
        m.get("enum")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
    }

    /// The listed values with every other spelling of their numbers (1 and 1.0 are equal
    /// to the validator but not to `serde_json`); inner `None` when there are too many.
    pub(super) fn finite_variants(
        &self,
        m: &Map<String, Value>,
        s: Sd,
    ) -> Option<Option<Vec<Value>>> {
        let vals = self.finite(m, s)?;
        let mut out = Vec::new();
        for v in vals {
            match variants(v, 16) {
                Some(vs) => out.extend(vs),
                None => return Some(None),
            }
            if out.len() > 512 {
                return Some(None);
            }
        }
        Some(Some(out))
    }

    /// Listed values the validator's draft-04 `integer` reads one way and other validators
    /// the other (see [`num::ambiguous_under_draft4`]), with a draft-04 `integer` in play.
    pub(super) fn draft4_integer_ambiguous(
        &self,
        vals: &[Value],
        nodes: [(&Value, Sd); 2],
    ) -> bool {
        nodes.iter().any(|(_, s)| self.d(*s) == Draft::D4)
            && vals.iter().any(num::ambiguous_under_draft4)
            && nodes
                .iter()
                .any(|(n, _)| n.to_string().contains("\"integer\""))
    }
}

/// All spellings of a value whose numbers are integral (`3` and `3.0`, `1e16` and
/// `10000000000000000`), up to `cap`.
pub(super) fn variants(v: &Value, cap: usize) -> Option<Vec<Value>> {
    let out = match v {
        Value::Number(n) => num::spellings(n),
        Value::Array(a) => {
            let mut acc: Vec<Vec<Value>> = vec![Vec::new()];
            for x in a {
                let xs = variants(x, cap)?;
                let mut next = Vec::new();
                for prefix in &acc {
                    for y in &xs {
                        let mut p = prefix.clone();
                        p.push(y.clone());
                        next.push(p);
                    }
                }
                if next.len() > cap {
                    return None;
                }
                acc = next;
            }
            acc.into_iter().map(Value::Array).collect()
        }
        Value::Object(m) => {
            let mut acc: Vec<Map<String, Value>> = vec![Map::new()];
            for (k, x) in m {
                let xs = variants(x, cap)?;
                let mut next = Vec::new();
                for prefix in &acc {
                    for y in &xs {
                        let mut p = prefix.clone();
                        p.insert(k.clone(), y.clone());
                        next.push(p);
                    }
                }
                if next.len() > cap {
                    return None;
                }
                acc = next;
            }
            acc.into_iter().map(Value::Object).collect()
        }
        other => vec![other.clone()],
    };
    if out.len() > cap {
        None
    } else {
        Some(out)
    }
}
