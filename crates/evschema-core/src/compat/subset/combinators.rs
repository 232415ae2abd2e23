//! Helpers of the `anyOf`/`oneOf`/`allOf`/`if` rules: a branch that covers, the
//! draft-04 spellings of conditionals and `contains`, shared conjuncts factored out.

use super::*;

impl Cx<'_> {
    /// `a ⊆ anyOf` for the two draft-04 spellings of a conditional, when `a`, or one of its
    /// `allOf` conjuncts, is the draft-07 conditional (`if: I, then: T', else: E'`) with the
    /// same `if` (proved equivalent both ways) and branches inside the right's, each taken
    /// with the conjunct's other keywords:
    ///
    /// - `anyOf: [{not: N}, T]` (`if: N, then: T`): a value in `N` is in `I`, so in `T'`, so
    ///   in `T`; any other value is in `{not: N}` (the left's `else` only narrows it);
    /// - `anyOf: [{allOf: [N1, T]}, {allOf: [{not: N2}, E]}]`: a value in `I` is in `N1` and
    ///   `T'` ⊆ `T`; any other value is outside `N2` and in `E'` ⊆ `E`.
    pub(super) fn implication_covers(
        &self,
        am: &Map<String, Value>,
        sa: Sd,
        bs: &[Value],
        sb: Sd,
        path: &str,
        depth: u32,
    ) -> bool {
        let [x, y] = bs else {
            return false;
        };
        let lone = |v: &'_ Value, k: &str| -> Option<Value> {
            let m = obj(v)?;
            (m.len() == 1).then(|| m.get(k).cloned()).flatten()
        };
        let pair = |v: &Value| -> Option<(Value, Value)> {
            match lone(v, "allOf")? {
                Value::Array(a) if a.len() == 2 => Some((a[0].clone(), a[1].clone())),
                _ => None,
            }
        };
        // (the `if` of each branch it must equal, the then-side, the else-side), either may be
        // unconstrained (`true`)
        let yes = Value::Bool(true);
        let (ifs, then_b, else_b): (Vec<Value>, Value, Value) = if let Some(n) = lone(x, "not") {
            (vec![n], y.clone(), yes.clone())
        } else if let (Some((n1, t)), Some((neg, e))) = (pair(x), pair(y)) {
            let Some(n2) = lone(&neg, "not") else {
                return false;
            };
            (vec![n1, n2], t, e)
        } else {
            return false;
        };
        if self.d(sa) < Draft::D7 {
            return false;
        }
        let mut candidates: Vec<&Map<String, Value>> = vec![am];
        if let Some(Value::Array(cs)) = am.get("allOf") {
            candidates.extend(cs.iter().filter_map(obj));
        }
        candidates.into_iter().any(|c| {
            let Some(i) = c.get("if") else {
                return false;
            };
            let rest = Value::Object(without(c, &["if", "then", "else", "allOf"]));
            let then_a = merge(&rest, c.get("then").unwrap_or(&yes));
            let else_a = merge(&rest, c.get("else").unwrap_or(&yes));
            ifs.iter().all(|n| {
                self.sub(i, sa, n, sb, path, depth + 1).is_ok()
                    && self.sub(n, sb, i, sa, path, depth + 1).is_ok()
            }) && self.sub(&then_a, sa, &then_b, sb, path, depth + 1).is_ok()
                && self.sub(&else_a, sa, &else_b, sb, path, depth + 1).is_ok()
        })
    }

    /// `a ⊆ anyOf: [{not: {type: array}}, {not: {items: {not: C}}}]` (draft-04's
    /// `contains: C`) when `a`, or one of its `allOf` conjuncts, has `contains: C'` (draft-06
    /// or 07: at least one item) with `C'` inside `C`: a non-array is in the first branch; an
    /// array of `a` has an item in `C'`, so in `C`, so not every item is outside `C`.
    pub(super) fn contains_covers(
        &self,
        am: &Map<String, Value>,
        sa: Sd,
        bs: &[Value],
        sb: Sd,
        path: &str,
        depth: u32,
    ) -> bool {
        let lone = |v: &Value, k: &str| -> Option<Value> {
            let m = obj(v)?;
            (m.len() == 1).then(|| m.get(k).cloned()).flatten()
        };
        let [x, y] = bs else {
            return false;
        };
        if lone(x, "not").and_then(|t| lone(&t, "type")) != Some(json!("array")) {
            return false;
        }
        let Some(c) = lone(y, "not")
            .and_then(|n| lone(&n, "items"))
            .and_then(|i| lone(&i, "not"))
        else {
            return false;
        };
        if !matches!(self.d(sa), Draft::D6 | Draft::D7) {
            return false;
        }
        let mut candidates: Vec<&Map<String, Value>> = vec![am];
        if let Some(Value::Array(cs)) = am.get("allOf") {
            candidates.extend(cs.iter().filter_map(obj));
        }
        candidates.into_iter().any(|m| {
            m.get("contains")
                .is_some_and(|ca| self.sub(ca, sa, &c, sb, path, depth + 1).is_ok())
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn in_some_branch(
        &self,
        a: &Value,
        sa: Sd,
        bs: &[Value],
        sb: Sd,
        one: bool,
        path: &str,
        depth: u32,
    ) -> bool {
        for (k, bk) in bs.iter().enumerate() {
            if self
                .sub(a, sa, bk, sb, &format!("{path}/k"), depth + 1)
                .is_err()
            {
                continue;
            }
            if !one {
                return true;
            }
            let exclusive = bs.iter().enumerate().all(|(j, bj)| {
                j == k || self.disjoint(a, sa, bj, sb, 0) || self.disjoint(bk, sb, bj, sb, 0)
            });
            if exclusive {
                return true;
            }
        }
        false
    }

    /// Remove conjuncts that both sides share (A∧C ⊆ B∧C follows from A ⊆ B).
    pub(super) fn factor(
        &self,
        am: &Map<String, Value>,
        sa: Sd,
        bm: &Map<String, Value>,
        sb: Sd,
    ) -> (Map<String, Value>, Map<String, Value>) {
        let mut a = am.clone();
        let mut b = bm.clone();
        let has_uneval = |m: &Map<String, Value>| {
            m.contains_key("unevaluatedProperties") || m.contains_key("unevaluatedItems")
        };
        if has_uneval(am) || has_uneval(bm) {
            // annotations from in-place applicators matter: only whole-node identity
            return (a, b);
        }
        // removing a conjunct from b is only exact if a's validator enforces it the same way
        let enforced_alike =
            |k: &str| class(k, self.d(sb)) != Class::Known || class(k, self.d(sa)) == Class::Known;
        let same_kw = |k: &str| {
            enforced_alike(k)
                && match (am.get(k), bm.get(k)) {
                    (Some(x), Some(y)) => self.same(x, sa, y, sb),
                    (None, None) => true,
                    _ => false,
                }
        };
        for k in ["anyOf", "oneOf", "not"] {
            if am.contains_key(k) && same_kw(k) {
                a.shift_remove(k);
                b.shift_remove(k);
            }
        }
        if (am.contains_key("if") || bm.contains_key("if"))
            && same_kw("if")
            && same_kw("then")
            && same_kw("else")
        {
            for k in ["if", "then", "else"] {
                a.shift_remove(k);
                b.shift_remove(k);
            }
        }
        for (k, v) in bm {
            if class(k, self.d(sb)) == Class::Unknown
                && am.get(k).is_some_and(|x| self.same(x, sa, v, sb))
            {
                b.shift_remove(k);
            }
        }
        if let (Some(Value::Array(xs)), Some(Value::Array(ys))) = (am.get("allOf"), bm.get("allOf"))
        {
            let rest: Vec<Value> = ys
                .iter()
                .filter(|y| !xs.iter().any(|x| self.same(x, sa, y, sb)))
                .cloned()
                .collect();
            if rest.is_empty() {
                b.shift_remove("allOf");
            } else {
                b.insert("allOf".into(), Value::Array(rest));
            }
        }
        (a, b)
    }
}
