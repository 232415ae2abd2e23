//! The sound core: `sub(a, b)` proves that every instance valid under `a` is valid under `b`,
//! or says what it could not prove. It never answers "proved" by guessing: every rule below
//! is a sufficient condition for inclusion, and anything it does not understand fails.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use serde_json::{json, Map, Value};

use super::num::{self, rat, Rat};
use super::prep::*;

static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

/// Index of a side: 0 = OLD, 1 = NEW.
pub(crate) type Sd = usize;

pub(crate) fn side_name(s: Sd) -> &'static str {
    if s == 0 {
        "OLD"
    } else {
        "NEW"
    }
}

pub(crate) struct SideInfo<'a> {
    pub root: &'a Value,
    pub d: Dialect,
}

/// Why an inclusion could not be proved.
#[derive(Debug, Clone)]
pub(crate) struct Fail {
    pub path: String,
    pub msg: String,
}

pub(crate) type R = Result<(), Fail>;

/// A numeric bound: (exact value, exclusive).
pub(crate) type Bound = Option<(Rat, bool)>;

fn fail_at(path: &str, msg: impl Into<String>) -> Fail {
    Fail {
        path: path.to_string(),
        msg: msg.into(),
    }
}

fn fail(path: &str, msg: impl Into<String>) -> R {
    Err(Fail {
        path: path.to_string(),
        msg: msg.into(),
    })
}

const STEP_BUDGET: u32 = 200_000;

pub(crate) struct Cx<'a> {
    pub sides: [SideInfo<'a>; 2],
    /// The documents as given, for the whole-document validators.
    originals: [&'a Value; 2],
    validators: RefCell<HashMap<(Sd, String), Option<jsonschema::Validator>>>,
    patterns: RefCell<HashMap<(String, String), Option<bool>>>,
    ref_same: RefCell<HashMap<String, bool>>,
    steps: Cell<u32>,
    roots: [std::cell::OnceCell<Option<jsonschema::Validator>>; 2],
}

fn obj(v: &Value) -> Option<&Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        Value::Bool(true) => Some(&EMPTY),
        _ => None,
    }
}

fn without(m: &Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    let mut out = m.clone();
    for k in keys {
        out.shift_remove(*k);
    }
    out
}

pub(crate) fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let t: String = s.chars().take(57).collect();
        format!("{t}...")
    } else {
        s
    }
}

impl<'a> Cx<'a> {
    #[cfg(test)]
    pub(crate) fn new(old: &'a Value, new: &'a Value) -> Cx<'a> {
        Cx::prepared([old, new], [old, new])
    }

    /// `roots` are the documents the engine reasons about (refs written as document
    /// pointers, see `base`), `originals` the documents as given.
    pub(crate) fn prepared(originals: [&'a Value; 2], roots: [&'a Value; 2]) -> Cx<'a> {
        let [old, new] = roots;
        Cx {
            originals,
            sides: [
                SideInfo {
                    root: old,
                    d: Dialect::of(old),
                },
                SideInfo {
                    root: new,
                    d: Dialect::of(new),
                },
            ],
            validators: RefCell::new(HashMap::new()),
            patterns: RefCell::new(HashMap::new()),
            ref_same: RefCell::new(HashMap::new()),
            steps: Cell::new(0),
            roots: [std::cell::OnceCell::new(), std::cell::OnceCell::new()],
        }
    }

    pub(crate) fn root_validator(&self, s: Sd) -> Option<&jsonschema::Validator> {
        self.roots[s]
            .get_or_init(|| validator_for(self.originals[s], self.sides[s].d))
            .as_ref()
    }

    pub(crate) fn reset_budget(&self) {
        self.steps.set(0);
    }

    fn d(&self, s: Sd) -> Dialect {
        self.sides[s].d
    }

    // ---------- validation through the jsonschema crate ----------

    /// Build (cached) a validator for a schema node of side `s`; `None` if it cannot be
    /// made standalone or does not compile.
    fn with_validator<T>(
        &self,
        node: &Value,
        s: Sd,
        f: impl FnOnce(&jsonschema::Validator) -> T,
    ) -> Option<T> {
        let key = (s, node.to_string());
        let mut cache = self.validators.borrow_mut();
        let entry = cache
            .entry(key)
            .or_insert_with(|| self.build_standalone(node, s));
        entry.as_ref().map(f)
    }

    fn build_standalone(&self, node: &Value, s: Sd) -> Option<jsonschema::Validator> {
        let root = self.sides[s].root;
        let mut schema = node.clone();
        if let Some(m) = schema.as_object_mut() {
            let mut refs = Vec::new();
            refs_in(node, &mut refs);
            if !refs.is_empty() {
                // a nested resource changes what fragment refs resolve against
                if node.to_string().contains("\"$id\"") {
                    return None;
                }
                if refs
                    .iter()
                    .any(|r| !(r.starts_with("#/definitions/") || r.starts_with("#/$defs/")))
                {
                    return None;
                }
                for k in ["definitions", "$defs"] {
                    if let Some(v) = root.get(k) {
                        m.insert(k.into(), v.clone());
                    }
                }
            }
            if let Some(v) = root.get("$schema") {
                m.insert("$schema".into(), v.clone());
            }
        }
        validator_for(&schema, self.d(s))
    }

    /// Is `inst` valid under the subschema `node` of side `s`?
    pub(crate) fn valid(&self, node: &Value, s: Sd, inst: &Value) -> Option<bool> {
        match node {
            Value::Bool(b) => Some(*b),
            Value::Object(_) => self.with_validator(node, s, |v| v.is_valid(inst)),
            _ => None,
        }
    }

    /// Does the ECMA-262 regex `p` match `name`? (via the validator, so the same engine)
    pub(crate) fn pattern_matches(&self, p: &str, name: &str) -> Option<bool> {
        let key = (p.to_string(), name.to_string());
        if let Some(r) = self.patterns.borrow().get(&key) {
            return *r;
        }
        let r = validator_for(&json!({ "pattern": p }), Dialect::D2020)
            .map(|v| v.is_valid(&Value::String(name.to_string())));
        self.patterns.borrow_mut().insert(key, r);
        r
    }

    // ---------- identity ----------

    fn ref_closure_same(&self, r: &str) -> bool {
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

    /// Accepts every instance.
    pub(crate) fn trivial(&self, b: &Value, s: Sd) -> bool {
        match b {
            Value::Bool(x) => *x,
            Value::Object(m) => m.keys().all(|k| class(k, self.d(s)) == Class::Annotation),
            _ => false,
        }
    }

    /// Obviously accepts nothing.
    pub(crate) fn empty(&self, a: &Value, s: Sd) -> bool {
        match a {
            Value::Bool(x) => !*x,
            Value::Object(m) => {
                m.get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(Vec::is_empty)
                    || m.get("not").is_some_and(|n| self.trivial(n, s))
                    // every type the node admits is one its `not: {type: ...}` rejects
                    || (m.contains_key("type")
                        && m.get("not").and_then(obj).is_some_and(|n| {
                            // only type names the engine knows (an unknown one is no type)
                            let known = match n.get("type") {
                                Some(Value::String(t)) => type_bits(t).is_some(),
                                Some(Value::Array(ts)) => ts
                                    .iter()
                                    .all(|t| t.as_str().and_then(type_bits).is_some()),
                                _ => false,
                            };
                            n.len() == 1 && known && declared_types(m) & !declared_types(n) == 0
                        }))
                    || (m.contains_key("type") && declared_types(m) == 0)
                    || m.get("allOf")
                        .and_then(Value::as_array)
                        .is_some_and(|xs| xs.iter().any(|x| self.empty(x, s)))
                    || m.get("anyOf")
                        .and_then(Value::as_array)
                        .is_some_and(|xs| !xs.is_empty() && xs.iter().all(|x| self.empty(x, s)))
            }
            _ => false,
        }
    }

    /// Why a node can only be compared by identity, if it can.
    fn opaque(&self, m: &Map<String, Value>, s: Sd) -> Option<String> {
        if let Some(r) = m.get("$ref") {
            return Some(format!(
                "{} has a $ref {} that cannot be unfolded finitely (recursive, non-local, or with sibling keywords); only identical subschemas can be proved compatible",
                side_name(s),
                short(r)
            ));
        }
        if !well_formed(m, self.d(s)) {
            return Some(format!(
                "{} has a keyword with a value of the wrong type here; it cannot be reasoned about",
                side_name(s)
            ));
        }
        None
    }

    /// The finite set of values a node is restricted to by `const`/`enum`.
    fn finite<'m>(&self, m: &'m Map<String, Value>, s: Sd) -> Option<Vec<&'m Value>> {
        if self.d(s) >= Dialect::D6 {
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
    fn finite_variants(&self, m: &Map<String, Value>, s: Sd) -> Option<Option<Vec<Value>>> {
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
    fn draft4_integer_ambiguous(&self, vals: &[Value], nodes: [(&Value, Sd); 2]) -> bool {
        nodes.iter().any(|(_, s)| self.d(*s) == Dialect::D4)
            && vals.iter().any(num::ambiguous_under_draft4)
            && nodes
                .iter()
                .any(|(n, _)| n.to_string().contains("\"integer\""))
    }

    /// Over-approximation of the JSON types a node accepts.
    pub(crate) fn types_of(&self, v: &Value, s: Sd, depth: u32) -> u8 {
        let Some(m) = obj(v) else { return 0 };
        if depth > 20 {
            return T_ALL;
        }
        let mut t = declared_types(m);
        // a whole divisor admits whole numbers only (`type: number, multipleOf: 1` is
        // draft-04's spelling of draft-06's `integer`)
        if m.get("multipleOf")
            .and_then(Value::as_u64)
            .is_some_and(|k| k >= 1)
        {
            t &= !T_FRAC;
        }
        if let Some(vals) = self.finite(m, s) {
            t &= vals.iter().fold(0, |acc, x| acc | value_bits(x));
        }
        if let Some(Value::Array(xs)) = m.get("allOf") {
            for x in xs {
                t &= self.types_of(x, s, depth + 1);
            }
        }
        for k in ["anyOf", "oneOf"] {
            if let Some(Value::Array(xs)) = m.get(k) {
                t &= xs
                    .iter()
                    .fold(0, |acc, x| acc | self.types_of(x, s, depth + 1));
            }
        }
        t
    }

    // ---------- disjointness (sufficient conditions only) ----------

    pub(crate) fn disjoint(&self, x: &Value, sx: Sd, y: &Value, sy: Sd, depth: u32) -> bool {
        if depth > 20 {
            return false;
        }
        if self.empty(x, sx) || self.empty(y, sy) {
            return true;
        }
        let (Some(xm), Some(ym)) = (obj(x), obj(y)) else {
            return false;
        };
        if self.opaque(xm, sx).is_some() || self.opaque(ym, sy).is_some() {
            return false;
        }
        let tx = self.types_of(x, sx, 0);
        let ty = self.types_of(y, sy, 0);
        if tx & ty == 0 {
            return true;
        }
        for (a, sa, b, sb) in [(xm, sx, y, sy), (ym, sy, x, sx)] {
            if let Some(Some(vals)) = self.finite_variants(a, sa) {
                let av = Value::Object(a.clone());
                if self.draft4_integer_ambiguous(&vals, [(&av, sa), (b, sb)]) {
                    continue;
                }
                if vals.iter().all(|v| {
                    self.valid(&av, sa, v) == Some(false) || self.valid(b, sb, v) == Some(false)
                }) {
                    return true;
                }
            }
        }
        for (a, sa, b, sb) in [(xm, sx, y, sy), (ym, sy, x, sx)] {
            // a ⊆ ¬N and b ⊆ N
            if let Some(n) = a.get("not") {
                self.steps.set(self.steps.get() + 1);
                if self.sub(b, sb, n, sa, "", depth + 1).is_ok() {
                    return true;
                }
            }
            if let Some(Value::Array(xs)) = a.get("allOf") {
                if xs.iter().any(|c| self.disjoint(c, sa, b, sb, depth + 1)) {
                    return true;
                }
            }
            if let Some(Value::Array(xs)) = a.get("anyOf") {
                if xs.iter().all(|c| self.disjoint(c, sa, b, sb, depth + 1)) {
                    return true;
                }
            }
        }
        if tx & ty == T_OBJ {
            let req = |m: &Map<String, Value>| -> BTreeSet<String> {
                m.get("required")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (rx, ry) = (req(xm), req(ym));
            for p in rx.union(&ry) {
                let px = xm.get("properties").and_then(|o| o.get(p));
                let py = ym.get("properties").and_then(|o| o.get(p));
                if let (Some(px), Some(py)) = (px, py) {
                    if self.disjoint(px, sx, py, sy, depth + 1) {
                        return true;
                    }
                }
            }
        }
        false
    }

    // ---------- inclusion ----------

    /// Prove every instance valid under `a` (side `sa`) is valid under `b` (side `sb`).
    pub(crate) fn sub(&self, a: &Value, sa: Sd, b: &Value, sb: Sd, path: &str, depth: u32) -> R {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        if n > STEP_BUDGET || depth > 48 {
            return fail(path, "the schemas are too complex to compare here");
        }
        if self.same(a, sa, b, sb) || self.trivial(b, sb) || self.empty(a, sa) {
            return Ok(());
        }
        let Some(am) = obj(a) else {
            return fail(path, format!("{} is not a schema here", side_name(sa)));
        };
        let bm = match b {
            Value::Object(m) => m,
            Value::Bool(false) => {
                return fail(
                    path,
                    format!("{} rejects every value here (false schema)", side_name(sb)),
                )
            }
            _ => return fail(path, format!("{} is not a schema here", side_name(sb))),
        };
        if let Some(why) = self.opaque(am, sa).or_else(|| self.opaque(bm, sb)) {
            return fail(path, why);
        }
        // 1. finite left side: check each value with the validator (exact)
        if let Some(vals) = self.finite_variants(am, sa) {
            let Some(vals) = vals else {
                return fail(path, "too many listed values to check");
            };
            if self.draft4_integer_ambiguous(&vals, [(a, sa), (b, sb)]) {
                return fail(
                    path,
                    "a listed integral number past 2^63 written as a float is an `integer` to some draft-04 validators and not to others",
                );
            }
            for v in &vals {
                match self.valid(a, sa, v) {
                    Some(false) => continue,
                    None => {
                        return fail(
                            path,
                            "could not validate an enum value against its own schema",
                        )
                    }
                    Some(true) => {}
                }
                // a validator holding numbers as f64 reads the value rounded
                if let Some(r) = num::f64_reading(v) {
                    if self.valid(b, sb, &r) != Some(true) {
                        return fail(
                            path,
                            format!(
                                "value {} reads as {} where numbers are held as f64, and {} does not accept that",
                                short(v),
                                short(&r),
                                side_name(sb)
                            ),
                        );
                    }
                }
                match self.valid(b, sb, v) {
                    Some(true) => {}
                    Some(false) => {
                        return fail(
                            path,
                            format!(
                                "value {} is accepted by {} but not by {}",
                                short(v),
                                side_name(sa),
                                side_name(sb)
                            ),
                        )
                    }
                    None => {
                        return fail(
                            path,
                            format!(
                                "could not validate value {} against {}",
                                short(v),
                                side_name(sb)
                            ),
                        )
                    }
                }
            }
            return Ok(());
        }
        // 2. factor out conjuncts present on both sides
        let (am, mut bm) = self.factor(am, sa, bm, sb);
        // 3. merge allOf on the left into one node (exact conjunction)
        let am = if am.contains_key("allOf") {
            match merge_all(&am) {
                Value::Object(m) => m,
                other => return self.sub(&other, sa, &Value::Object(bm), sb, path, depth + 1),
            }
        } else {
            am
        };
        let a_val = Value::Object(am.clone());
        // 4. allOf on the right: every branch
        if let Some(Value::Array(bs)) = bm.shift_remove("allOf") {
            for (i, bi) in bs.iter().enumerate() {
                self.sub(&a_val, sa, bi, sb, &format!("{path}/allOf/{i}"), depth + 1)?;
            }
            return self.sub(&a_val, sa, &Value::Object(bm), sb, path, depth + 1);
        }
        let b_val = Value::Object(bm.clone());
        // 5. anyOf / oneOf on the left: every branch (oneOf over-approximated by anyOf)
        for kw in ["anyOf", "oneOf"] {
            if let Some(Value::Array(xs)) = am.get(kw) {
                let base = Value::Object(without(&am, &[kw]));
                for (i, x) in xs.iter().enumerate() {
                    let m = merge(&base, x);
                    self.sub(&m, sa, &b_val, sb, &format!("{path}/{kw}/{i}"), depth + 1)?;
                }
                return Ok(());
            }
        }
        // 6. anyOf / oneOf on the right
        for kw in ["anyOf", "oneOf"] {
            if let Some(Value::Array(bs)) = bm.get(kw) {
                let rest = Value::Object(without(&bm, &[kw]));
                self.sub(&a_val, sa, &rest, sb, path, depth + 1)?;
                let ta = self.types_of(&a_val, sa, 0);
                let mut pieces = vec![a_val.clone()];
                let groups = split_types(ta);
                if groups.len() > 1 {
                    pieces = groups
                        .iter()
                        .map(|g| merge(&a_val, &json!({ "type": type_names_valid(*g) })))
                        .collect();
                }
                if kw == "anyOf"
                    && (self.implication_covers(&am, sa, bs, sb, path, depth)
                        || self.contains_covers(&am, sa, bs, sb, path, depth))
                {
                    return Ok(());
                }
                for piece in &pieces {
                    if !self.in_some_branch(piece, sa, bs, sb, kw == "oneOf", path, depth) {
                        return fail(
                            path,
                            format!(
                                "cannot prove that every value {} accepts matches {} {} branch of {}'s {kw}",
                                side_name(sa),
                                if kw == "oneOf" { "exactly one" } else { "some" },
                                if kw == "oneOf" { "disjoint" } else { "single" },
                                side_name(sb)
                            ),
                        );
                    }
                }
                return Ok(());
            }
        }
        // 7. left residual allOf (conjuncts that could not be merged): some conjunct suffices
        if let Some(Value::Array(cs)) = am.get("allOf") {
            let base = Value::Object(without(&am, &["allOf"]));
            let first = self.sub(&base, sa, &b_val, sb, path, depth + 1);
            if first.is_ok() {
                return Ok(());
            }
            for c in cs {
                if self.sub(c, sa, &b_val, sb, path, depth + 1).is_ok() {
                    return Ok(());
                }
            }
            return first;
        }
        // 8. not on the right: prove disjointness
        if let Some(m) = bm.get("not") {
            let ok = am
                .get("not")
                .is_some_and(|n| self.sub(m, sb, n, sa, path, depth + 1).is_ok())
                || self.disjoint(&a_val, sa, m, sb, 0);
            if !ok {
                return fail(
                    &format!("{path}/not"),
                    format!(
                        "cannot prove that no value accepted by {} matches {}'s `not` schema",
                        side_name(sa),
                        side_name(sb)
                    ),
                );
            }
        }
        // 9a. the same `if` on both sides: each branch of A (with A's other keywords)
        // inside the same branch of B
        if self.d(sa) >= Dialect::D7
            && self.d(sb) >= Dialect::D7
            && matches!((am.get("if"), bm.get("if")), (Some(x), Some(y)) if self.same(x, sa, y, sb))
        {
            let t = Value::Bool(true);
            let rest = Value::Object(without(&am, &["if", "then", "else"]));
            for k in ["then", "else"] {
                let ab = merge(&rest, am.get(k).unwrap_or(&t));
                self.sub(
                    &ab,
                    sa,
                    bm.get(k).unwrap_or(&t),
                    sb,
                    &format!("{path}/{k}"),
                    depth + 1,
                )?;
            }
            for k in ["if", "then", "else"] {
                bm.shift_remove(k);
            }
        }
        // 9. if/then/else on the right
        if self.d(sb) >= Dialect::D7 && bm.contains_key("if") {
            let t = Value::Bool(true);
            let i = bm.get("if").unwrap_or(&t);
            let th = bm.get("then").unwrap_or(&t);
            let el = bm.get("else").unwrap_or(&t);
            let p = |x: &Value| self.sub(&a_val, sa, x, sb, path, depth + 1).is_ok();
            let ok = (p(i) && p(th))
                || (self.disjoint(&a_val, sa, i, sb, 0) && p(el))
                || (p(th) && p(el));
            if !ok {
                return fail(
                    &format!("{path}/if"),
                    format!(
                        "cannot prove {}'s if/then/else holds for every value {} accepts",
                        side_name(sb),
                        side_name(sa)
                    ),
                );
            }
        }
        // 10. keywords on the right the engine does not reason about
        for k in bm.keys() {
            let unknown = class(k, self.d(sb)) == Class::Unknown
                || k == "unevaluatedProperties"
                || k == "unevaluatedItems";
            if unknown {
                return fail(
                    &format!("{path}/{}", escape(k)),
                    format!(
                        "cannot prove keyword `{k}` of {} holds (it is not understood or differs)",
                        side_name(sb)
                    ),
                );
            }
        }
        self.base(&a_val, &am, sa, &bm, sb, path, depth)
    }

    /// `a ⊆ anyOf` for the two draft-04 spellings of a conditional, when `a`, or one of its
    /// `allOf` conjuncts, is the draft-07 conditional (`if: I, then: T', else: E'`) with the
    /// same `if` (proved equivalent both ways) and branches inside the right's, each taken
    /// with the conjunct's other keywords:
    ///
    /// - `anyOf: [{not: N}, T]` (`if: N, then: T`): a value in `N` is in `I`, so in `T'`, so
    ///   in `T`; any other value is in `{not: N}` (the left's `else` only narrows it);
    /// - `anyOf: [{allOf: [N1, T]}, {allOf: [{not: N2}, E]}]`: a value in `I` is in `N1` and
    ///   `T'` ⊆ `T`; any other value is outside `N2` and in `E'` ⊆ `E`.
    fn implication_covers(
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
        if self.d(sa) < Dialect::D7 {
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
    fn contains_covers(
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
        if !matches!(self.d(sa), Dialect::D6 | Dialect::D7) {
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
    fn in_some_branch(
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
    fn factor(
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

    #[allow(clippy::too_many_arguments)]
    fn base(
        &self,
        a_val: &Value,
        am: &Map<String, Value>,
        sa: Sd,
        bm: &Map<String, Value>,
        sb: Sd,
        path: &str,
        depth: u32,
    ) -> R {
        let ta = self.types_of(a_val, sa, 0);
        if ta == 0 {
            return Ok(());
        }
        // finite right side: only null/boolean left values can be enumerated
        if let Some(vals) = self.finite(bm, sb) {
            if ta & !(T_NULL | T_BOOL) != 0 {
                return fail(
                    &format!("{path}/enum"),
                    format!(
                        "{} accepts only the listed values {}; {} accepts more",
                        side_name(sb),
                        short(&Value::Array(vals.into_iter().cloned().collect())),
                        side_name(sa)
                    ),
                );
            }
            let b_val = Value::Object(bm.clone());
            for v in [Value::Null, Value::Bool(true), Value::Bool(false)] {
                if self.valid(a_val, sa, &v) == Some(false) {
                    continue;
                }
                if self.valid(&b_val, sb, &v) != Some(true) {
                    return fail(
                        path,
                        format!(
                            "value {v} is accepted by {} but not by {}",
                            side_name(sa),
                            side_name(sb)
                        ),
                    );
                }
            }
            return Ok(());
        }
        let tb = declared_types(bm);
        if self.d(sb) == Dialect::D4
            && self.d(sa) != Dialect::D4
            && ta & T_INT != 0
            && tb & T_FRAC == 0
        {
            return fail(
                &format!("{path}/type"),
                format!(
                    "{nb} is draft-04, whose `integer` rejects integral numbers written with a fraction (1.0); {na} accepts them",
                    nb = side_name(sb),
                    na = side_name(sa)
                ),
            );
        }
        let missing = ta & !tb;
        if missing != 0 {
            return fail(
                &format!("{path}/type"),
                format!(
                    "{} accepts {} values here, {} does not",
                    side_name(sa),
                    type_names(missing).join(" and "),
                    side_name(sb)
                ),
            );
        }
        if ta & (T_INT | T_FRAC) != 0 {
            self.numbers(am, sa, bm, sb, ta, path)?;
        }
        if ta & T_STR != 0 {
            self.strings(am, sa, bm, sb, path)?;
        }
        if ta & T_ARR != 0 {
            self.arrays(am, sa, bm, sb, path, depth)?;
        }
        if ta & T_OBJ != 0 {
            self.objects(a_val, am, sa, bm, sb, path, depth)?;
        }
        Ok(())
    }

    /// The tightest bound of one side: `keyword` (inclusive, or exclusive under draft-04
    /// with `exclusive*: true`) and, from draft-06 on, the numeric `exclusive` keyword.
    /// `lower` picks the greater value (a lower bound), else the smaller. Exact values.
    fn bound(
        &self,
        m: &Map<String, Value>,
        s: Sd,
        keyword: &str,
        exclusive: &str,
        lower: bool,
        f64_reading: bool,
    ) -> Bound {
        let d4 = self.d(s) == Dialect::D4;
        let read = |v: &Value| {
            if f64_reading {
                v.as_f64().and_then(Rat::from_float)
            } else {
                rat(v)
            }
        };
        let mut best: Bound = None;
        let mut consider = |c: (Rat, bool)| {
            let keep = match &best {
                Some(b) => {
                    let tighter = if lower { c.0 > b.0 } else { c.0 < b.0 };
                    !(tighter || (c.0 == b.0 && c.1))
                }
                None => false,
            };
            if !keep {
                best = Some(c);
            }
        };
        if let Some(v) = m.get(keyword).and_then(read) {
            let excl = d4 && m.get(exclusive) == Some(&Value::Bool(true));
            consider((v, excl));
        }
        if !d4 {
            if let Some(v) = m.get(exclusive).and_then(read) {
                consider((v, true));
            }
        }
        best
    }

    /// The exact (lower, upper) bounds of a node.
    pub(crate) fn bounds(&self, m: &Map<String, Value>, s: Sd) -> (Bound, Bound) {
        self.bounds_read(m, s, false)
    }

    /// The bounds as read exactly, or (`f64_reading`) as a validator that holds every number
    /// as an `f64` reads them (`9007199254740993` is `9007199254740992` there).
    fn bounds_read(&self, m: &Map<String, Value>, s: Sd, f64_reading: bool) -> (Bound, Bound) {
        (
            self.bound(m, s, "minimum", "exclusiveMinimum", true, f64_reading),
            self.bound(m, s, "maximum", "exclusiveMaximum", false, f64_reading),
        )
    }

    fn numbers(
        &self,
        am: &Map<String, Value>,
        sa: Sd,
        bm: &Map<String, Value>,
        sb: Sd,
        ta: u8,
        path: &str,
    ) -> R {
        let int_only = ta & T_FRAC == 0;
        // a proof must hold however the validator holds numbers: exactly, or as f64
        let empty_exact = self.bounds_hold(am, sa, bm, sb, int_only, path, false)?;
        let empty_f64 = self.bounds_hold(am, sa, bm, sb, int_only, path, true)?;
        if empty_exact && empty_f64 {
            return Ok(());
        }
        let (alo, ahi) = self.bounds(am, sa);
        let na = side_name(sa);
        if let Some(mbv) = bm.get("multipleOf") {
            let mav = am.get("multipleOf");
            let ok = mav == Some(mbv)
                || (int_only && mbv.as_f64() == Some(1.0))
                || match (
                    mav.and_then(num::exact_int_divisor),
                    num::exact_int_divisor(mbv),
                ) {
                    (Some(ma), Some(mb)) => num::divides(&mb, &ma),
                    _ => mav.is_some_and(|mav| self.decimal_multiple(mav, mbv, &alo, &ahi)),
                };
            if !ok {
                return fail(
                    &format!("{path}/multipleOf"),
                    format!(
                        "cannot prove every number {na} accepts is a multiple of {}",
                        short(mbv)
                    ),
                );
            }
        }
        Ok(())
    }

    /// The numeric bounds of `b` hold for every number `a` accepts, under one reading of the
    /// numbers; `Ok(true)` when `a` accepts no number at all under it.
    #[allow(clippy::too_many_arguments)]
    fn bounds_hold(
        &self,
        am: &Map<String, Value>,
        sa: Sd,
        bm: &Map<String, Value>,
        sb: Sd,
        int_only: bool,
        path: &str,
        f64_reading: bool,
    ) -> Result<bool, Fail> {
        let (alo, ahi) = self.bounds_read(am, sa, f64_reading);
        let (blo, bhi) = self.bounds_read(bm, sb, f64_reading);
        let (na, nb) = (side_name(sa), side_name(sb));
        let how = if f64_reading {
            " where numbers are held as f64 (bounds past 2^53 round there)"
        } else {
            ""
        };
        if int_only {
            let one = Rat::from_integer(1.into());
            let ilo = |b: &Bound| {
                b.as_ref()
                    .map(|(v, e)| if *e { v.floor() + &one } else { v.ceil() })
            };
            let ihi = |b: &Bound| {
                b.as_ref()
                    .map(|(v, e)| if *e { v.ceil() - &one } else { v.floor() })
            };
            if let (Some(l), Some(h)) = (ilo(&alo), ihi(&ahi)) {
                if l > h {
                    return Ok(true); // no integer accepted
                }
            }
            if let Some(bl) = ilo(&blo) {
                if ilo(&alo).is_none_or(|al| al < bl) {
                    return Err(fail_at(
                        &format!("{path}/minimum"),
                        format!("{na} accepts integers below {nb}'s lower bound{how}"),
                    ));
                }
            }
            if let Some(bh) = ihi(&bhi) {
                if ihi(&ahi).is_none_or(|ah| ah > bh) {
                    return Err(fail_at(
                        &format!("{path}/maximum"),
                        format!("{na} accepts integers above {nb}'s upper bound{how}"),
                    ));
                }
            }
        } else {
            if let (Some((l, le)), Some((h, he))) = (&alo, &ahi) {
                if l > h || (l == h && (*le || *he)) {
                    return Ok(true); // no number accepted
                }
            }
            if let Some((bv, be)) = &blo {
                let ok = alo
                    .as_ref()
                    .is_some_and(|(av, ae)| av > bv || (av == bv && (*ae || !*be)));
                if !ok {
                    return Err(fail_at(
                        &format!("{path}/minimum"),
                        format!("{na} accepts numbers below {nb}'s lower bound{how}"),
                    ));
                }
            }
            if let Some((bv, be)) = &bhi {
                let ok = ahi
                    .as_ref()
                    .is_some_and(|(av, ae)| av < bv || (av == bv && (*ae || !*be)));
                if !ok {
                    return Err(fail_at(
                        &format!("{path}/maximum"),
                        format!("{na} accepts numbers above {nb}'s upper bound{how}"),
                    ));
                }
            }
        }
        Ok(false)
    }

    /// A non-integer divisor `mb` of `B` holds for every number a `multipleOf: ma` accepts
    /// when `ma / mb` is an integer in the decimal reading the validator checks non-integer
    /// divisors in. That reading is exact only while numbers stay inside the integers `f64`
    /// holds exactly and the divisors are short decimals, so `A` must be bounded within
    /// ±2^53 (its own bounds) and both divisors have at most 15 decimal places.
    fn decimal_multiple(&self, ma: &Value, mb: &Value, lo: &Bound, hi: &Bound) -> bool {
        let safe = num::int(9_007_199_254_740_992);
        let within = |b: &Bound| {
            b.as_ref()
                .is_some_and(|(v, _)| num_traits::Signed::abs(v) <= safe)
        };
        if !(within(lo) && within(hi)) {
            return false;
        }
        if mb.as_f64().is_none_or(|f| f.fract() == 0.0) {
            return false; // integral divisors are checked exactly elsewhere
        }
        let (Some((a, pa)), Some((b, pb))) = (num::decimal_reading(ma), num::decimal_reading(mb))
        else {
            return false;
        };
        let int_a = ma.as_f64().is_some_and(|f| f.fract() == 0.0);
        if !int_a && pa > 15 {
            return false;
        }
        pb <= 15 && a > num::int(0) && num::divides(&b, &a)
    }

    fn strings(
        &self,
        am: &Map<String, Value>,
        sa: Sd,
        bm: &Map<String, Value>,
        sb: Sd,
        path: &str,
    ) -> R {
        let u = |m: &Map<String, Value>, k: &str| m.get(k).and_then(count);
        if let Some(b) = u(bm, "minLength") {
            if u(am, "minLength").unwrap_or(0) < b {
                return fail(&format!("{path}/minLength"), format!("strings shorter than {b} characters are no longer guaranteed to be accepted"));
            }
        }
        if let Some(b) = u(bm, "maxLength") {
            if u(am, "maxLength").is_none_or(|a| a > b) {
                return fail(
                    &format!("{path}/maxLength"),
                    format!("strings longer than {b} characters may be rejected"),
                );
            }
        }
        if let Some(pb) = bm.get("pattern").and_then(Value::as_str) {
            match am.get("pattern").and_then(Value::as_str) {
                Some(pa) if pa == pb => {}
                Some(pa) => {
                    return fail(
                        &format!("{path}/pattern"),
                        format!("cannot prove that every string matching /{pa}/ also matches /{pb}/ (regex inclusion is not decided)"),
                    )
                }
                None => return fail(&format!("{path}/pattern"), format!("strings must now match /{pb}/")),
            }
        }
        if let Some(fb) = bm.get("format").and_then(Value::as_str) {
            match am.get("format").and_then(Value::as_str) {
                Some(fa)
                    if fa == fb && (self.d(sa) == self.d(sb) || STABLE_FORMATS.contains(&fa)) => {}
                Some(fa) => {
                    return fail(
                        &format!("{path}/format"),
                        format!("cannot prove that every `{fa}` string is a valid `{fb}`"),
                    )
                }
                None => {
                    return fail(
                        &format!("{path}/format"),
                        format!("strings must now be a valid `{fb}`"),
                    )
                }
            }
        }
        Ok(())
    }

    fn array_shape(&self, m: &Map<String, Value>, s: Sd) -> (Vec<Value>, Value) {
        let t = Value::Bool(true);
        if self.d(s) >= Dialect::D2020 {
            let prefix = m
                .get("prefixItems")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            (prefix, m.get("items").cloned().unwrap_or(t))
        } else {
            match m.get("items") {
                Some(Value::Array(xs)) => {
                    (xs.clone(), m.get("additionalItems").cloned().unwrap_or(t))
                }
                Some(x) => (Vec::new(), x.clone()),
                None => (Vec::new(), t),
            }
        }
    }

    fn arrays(
        &self,
        am: &Map<String, Value>,
        sa: Sd,
        bm: &Map<String, Value>,
        sb: Sd,
        path: &str,
        depth: u32,
    ) -> R {
        let u = |m: &Map<String, Value>, k: &str| m.get(k).and_then(count);
        let (pa, ra) = self.array_shape(am, sa);
        let (pb, rb) = self.array_shape(bm, sb);
        let a_min = u(am, "minItems").unwrap_or(0);
        let mut a_max = u(am, "maxItems");
        if self.empty(&ra, sa) {
            let l = pa.len() as u64;
            a_max = Some(a_max.map_or(l, |m| m.min(l)));
        }
        let (na, nb) = (side_name(sa), side_name(sb));
        if let Some(b) = u(bm, "minItems") {
            if a_min < b {
                return fail(
                    &format!("{path}/minItems"),
                    format!("{na} accepts arrays with fewer than {b} items"),
                );
            }
        }
        if let Some(b) = u(bm, "maxItems") {
            if a_max.is_none_or(|a| a > b) {
                return fail(
                    &format!("{path}/maxItems"),
                    format!("{na} accepts arrays with more than {b} items"),
                );
            }
        }
        let n = pa.len().max(pb.len());
        let kw_a = |i: usize| {
            if i < pb.len() {
                if self.d(sb) >= Dialect::D2020 {
                    format!("{path}/prefixItems/{i}")
                } else {
                    format!("{path}/items/{i}")
                }
            } else if self.d(sb) >= Dialect::D2020 || pb.is_empty() {
                format!("{path}/items")
            } else {
                format!("{path}/additionalItems")
            }
        };
        for i in 0..n {
            if a_max.is_some_and(|m| (i as u64) >= m) {
                break;
            }
            let ai = pa.get(i).unwrap_or(&ra);
            let bi = pb.get(i).unwrap_or(&rb);
            self.sub(ai, sa, bi, sb, &kw_a(i), depth + 1)?;
        }
        if a_max.is_none_or(|m| m > n as u64) {
            self.sub(&ra, sa, &rb, sb, &kw_a(n), depth + 1)?;
        }
        if bm.get("uniqueItems") == Some(&Value::Bool(true))
            && am.get("uniqueItems") != Some(&Value::Bool(true))
            && a_max.is_none_or(|m| m > 1)
        {
            return fail(
                &format!("{path}/uniqueItems"),
                format!("{nb} requires unique items, {na} does not"),
            );
        }
        if self.d(sb) >= Dialect::D6 {
            if let Some(cb) = bm.get("contains") {
                let post19 = |s: Sd| self.d(s) >= Dialect::D2019;
                let minc = |m: &Map<String, Value>, s: Sd| {
                    if post19(s) {
                        u(m, "minContains").unwrap_or(1)
                    } else {
                        1
                    }
                };
                let maxc = |m: &Map<String, Value>, s: Sd| {
                    if post19(s) {
                        u(m, "maxContains")
                    } else {
                        None
                    }
                };
                let need = minc(bm, sb);
                let ok = if maxc(bm, sb).is_some() {
                    ["contains", "minContains", "maxContains"].iter().all(|k| {
                        match (am.get(*k), bm.get(*k)) {
                            (Some(x), Some(y)) => self.same(x, sa, y, sb),
                            (None, None) => true,
                            _ => false,
                        }
                    })
                } else if need == 0 {
                    true
                } else {
                    let via_contains = self.d(sa) >= Dialect::D6
                        && am.get("contains").is_some_and(|ca| {
                            minc(am, sa) >= need
                                && self.sub(ca, sa, cb, sb, path, depth + 1).is_ok()
                        });
                    // `not: {items: {not: C}}` (draft-04's `contains: C`): some item is in C
                    let via_not_items = need == 1
                        && am
                            .get("not")
                            .and_then(obj)
                            .filter(|n| n.len() == 1)
                            .and_then(|n| n.get("items"))
                            .and_then(obj)
                            .filter(|i| i.len() == 1)
                            .and_then(|i| i.get("not"))
                            .is_some_and(|c| self.sub(c, sa, cb, sb, path, depth + 1).is_ok());
                    via_contains
                        || via_not_items
                        || (a_min >= need
                            && pa
                                .iter()
                                .all(|x| self.sub(x, sa, cb, sb, path, depth + 1).is_ok())
                            && self.sub(&ra, sa, cb, sb, path, depth + 1).is_ok())
                };
                if !ok {
                    return fail(
                        &format!("{path}/contains"),
                        format!("cannot prove that arrays {na} accepts satisfy {nb}'s `contains`"),
                    );
                }
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn objects(
        &self,
        a_val: &Value,
        am: &Map<String, Value>,
        sa: Sd,
        bm: &Map<String, Value>,
        sb: Sd,
        path: &str,
        depth: u32,
    ) -> R {
        let t = Value::Bool(true);
        let (na, nb) = (side_name(sa), side_name(sb));
        let props = |m: &Map<String, Value>| {
            m.get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let pats = |m: &Map<String, Value>| {
            m.get("patternProperties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let req = |m: &Map<String, Value>| -> BTreeSet<String> {
            m.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (pra, prb) = (props(am), props(bm));
        let (ppa, ppb) = (pats(am), pats(bm));
        let adda = am.get("additionalProperties").cloned().unwrap_or(t.clone());
        let addb = bm.get("additionalProperties").cloned().unwrap_or(t.clone());
        let (ra, rb) = (req(am), req(bm));
        let u = |m: &Map<String, Value>, k: &str| m.get(k).and_then(count);
        // required
        for r in &rb {
            if !ra.contains(r) {
                return fail(
                    &format!("{path}/required"),
                    format!("{nb} requires property \"{r}\", which {na} does not require"),
                );
            }
        }
        if let Some(b) = u(bm, "minProperties") {
            if u(am, "minProperties").unwrap_or(0).max(ra.len() as u64) < b {
                return fail(
                    &format!("{path}/minProperties"),
                    format!("{na} accepts objects with fewer than {b} properties"),
                );
            }
        }
        let closed_names = self.empty(&adda, sa) && ppa.is_empty();
        if let Some(b) = u(bm, "maxProperties") {
            let ok = u(am, "maxProperties").is_some_and(|a| a <= b)
                || (closed_names
                    && pra.values().filter(|v| !self.empty(v, sa)).count() as u64 <= b);
            if !ok {
                return fail(
                    &format!("{path}/maxProperties"),
                    format!("{na} accepts objects with more than {b} properties"),
                );
            }
        }
        // named properties
        let mut names: Vec<&String> = pra.keys().chain(prb.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let p = format!("{path}/properties/{}", escape(name));
            let a_n: Value = if let Some(x) = pra.get(name) {
                x.clone()
            } else {
                let mut found: Option<Value> = None;
                let mut unknown = false;
                for (pat, sch) in &ppa {
                    match self.pattern_matches(pat, name) {
                        Some(true) => {
                            found = Some(sch.clone());
                            break;
                        }
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
                match (found, unknown) {
                    (Some(x), _) => x,
                    (None, true) => t.clone(),
                    (None, false) => adda.clone(),
                }
            };
            if self.empty(&a_n, sa) {
                continue;
            }
            let mut conj: Vec<Value> = Vec::new();
            if let Some(x) = prb.get(name) {
                conj.push(x.clone());
            }
            let mut matched = false;
            for (pat, sch) in &ppb {
                match self.pattern_matches(pat, name) {
                    Some(true) => {
                        matched = true;
                        conj.push(sch.clone());
                    }
                    Some(false) => {}
                    None => {
                        return fail(
                            &p,
                            format!("cannot tell whether \"{name}\" matches pattern /{pat}/"),
                        )
                    }
                }
            }
            if !prb.contains_key(name) && !matched {
                if self.empty(&addb, sb) {
                    return fail(
                        &p,
                        format!("{na} accepts property \"{name}\", {nb} rejects it (additionalProperties: false)"),
                    );
                }
                conj.push(addb.clone());
            }
            for c in &conj {
                self.sub(&a_n, sa, c, sb, &p, depth + 1)?;
            }
        }
        // every other name
        for (pb, sbp) in &ppb {
            let p = format!("{path}/patternProperties/{}", escape(pb));
            if let Some(sap) = ppa.get(pb) {
                self.sub(sap, sa, sbp, sb, &p, depth + 1)?;
            } else {
                for sap in ppa.values() {
                    self.sub(sap, sa, sbp, sb, &p, depth + 1)?;
                }
                self.sub(&adda, sa, sbp, sb, &p, depth + 1)?;
            }
        }
        if !self.trivial(&addb, sb) {
            let p = format!("{path}/additionalProperties");
            for (pa, sap) in &ppa {
                if !ppb.contains_key(pa) {
                    self.sub(sap, sa, &addb, sb, &p, depth + 1)?;
                }
            }
            if let Err(e) = self.sub(&adda, sa, &addb, sb, &p, depth + 1) {
                if self.empty(&addb, sb) {
                    return fail(&p, format!("{na} accepts properties that {nb} does not declare, and {nb} has additionalProperties: false"));
                }
                return Err(e);
            }
        }
        // propertyNames
        if self.d(sb) >= Dialect::D6 {
            if let Some(pnb) = bm.get("propertyNames") {
                if !self.trivial(pnb, sb) {
                    let ok = if closed_names {
                        pra.iter()
                            .filter(|(_, v)| !self.empty(v, sa))
                            .all(|(k, _)| {
                                self.valid(pnb, sb, &Value::String(k.clone())) == Some(true)
                            })
                    } else {
                        self.d(sa) >= Dialect::D6
                            && am.get("propertyNames").is_some_and(|pna| {
                                self.sub(pna, sa, pnb, sb, path, depth + 1).is_ok()
                            })
                    };
                    if !ok {
                        return fail(&format!("{path}/propertyNames"), format!("cannot prove every property name {na} accepts satisfies {nb}'s propertyNames"));
                    }
                }
            }
        }
        // dependencies
        let deps_a = self.deps(am, sa);
        for (k, dep) in self.deps(bm, sb) {
            let p = format!("{path}/dependencies/{}", escape(&k));
            let absent = pra.get(&k).is_some_and(|v| self.empty(v, sa))
                || (!pra.contains_key(&k)
                    && self.empty(&adda, sa)
                    && ppa
                        .keys()
                        .all(|pat| self.pattern_matches(pat, &k) == Some(false)));
            if absent {
                continue;
            }
            let ok = match &dep {
                Dep::Names(ns) => {
                    let mut have: BTreeSet<String> = ra.clone();
                    for (ka, da) in &deps_a {
                        if ka == &k {
                            if let Dep::Names(x) = da {
                                have.extend(x.iter().cloned());
                            }
                        }
                    }
                    ns.iter().all(|n| have.contains(n))
                }
                Dep::Schema(s) => {
                    deps_a.iter().any(|(ka, da)| {
                        ka == &k && matches!(da, Dep::Schema(x) if self.sub(x, sa, s, sb, &p, depth + 1).is_ok())
                    }) || self.sub(a_val, sa, s, sb, &p, depth + 1).is_ok()
                }
            };
            if !ok {
                return fail(&p, format!("cannot prove {na}'s objects carrying \"{k}\" satisfy {nb}'s dependency on it"));
            }
        }
        Ok(())
    }

    pub(crate) fn deps(&self, m: &Map<String, Value>, s: Sd) -> Vec<(String, Dep)> {
        let mut out = Vec::new();
        let names = |v: &Value| -> Option<Vec<String>> {
            v.as_array().map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
        };
        if self.d(s) <= Dialect::D7 {
            if let Some(Value::Object(o)) = m.get("dependencies") {
                for (k, v) in o {
                    match names(v) {
                        Some(ns) => out.push((k.clone(), Dep::Names(ns))),
                        None => out.push((k.clone(), Dep::Schema(v.clone()))),
                    }
                }
            }
        } else {
            if let Some(Value::Object(o)) = m.get("dependentRequired") {
                for (k, v) in o {
                    out.push((k.clone(), Dep::Names(names(v).unwrap_or_default())));
                }
            }
            if let Some(Value::Object(o)) = m.get("dependentSchemas") {
                for (k, v) in o {
                    out.push((k.clone(), Dep::Schema(v.clone())));
                }
            }
        }
        out
    }
}

/// All spellings of a value whose numbers are integral (`3` and `3.0`, `1e16` and
/// `10000000000000000`), up to `cap`.
fn variants(v: &Value, cap: usize) -> Option<Vec<Value>> {
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

pub(crate) enum Dep {
    Names(Vec<String>),
    Schema(Value),
}

use crate::pointer::escape;

/// Formats the validator checks the same way under every draft (with our options).
const STABLE_FORMATS: [&str; 10] = [
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
fn dialect_neutral(v: &Value, d1: Dialect, d2: Dialect) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, x)| {
            class(k, d1) == class(k, d2)
                && k != "$ref"
                && !(k == "format" && x.as_str().is_some_and(|f| !STABLE_FORMATS.contains(&f)))
                && !((k == "exclusiveMinimum" || k == "exclusiveMaximum") && x.is_boolean())
                // draft-04 `integer` rejects 1.0; later drafts accept it
                && !(k == "type"
                    && (d1 == Dialect::D4) != (d2 == Dialect::D4)
                    && x.to_string().contains("integer"))
                && dialect_neutral(x, d1, d2)
        }),
        Value::Array(a) => a.iter().all(|x| dialect_neutral(x, d1, d2)),
        _ => true,
    }
}

/// Build a validator the way the CLI validates: format assertion on, the document's draft.
pub(crate) fn validator_for(schema: &Value, d: Dialect) -> Option<jsonschema::Validator> {
    validator_options(d).build(schema).ok()
}

/// DESIGN: `format` is asserted under every draft. jsonschema only knows `uuid` and
/// `duration` from 2019-09 on, so they are registered here for every draft, as `validate`
/// does; witnesses and the soundness oracle use exactly these options.
pub(crate) fn validator_options(d: Dialect) -> jsonschema::ValidationOptions<'static> {
    jsonschema::options()
        .with_draft(d.draft())
        .should_validate_formats(true)
        .with_format("uuid", crate::formats::is_uuid)
        .with_format("duration", crate::formats::is_duration)
}

fn split_types(t: u8) -> Vec<u8> {
    [T_NULL, T_BOOL, T_INT | T_FRAC, T_STR, T_ARR, T_OBJ]
        .into_iter()
        .map(|g| g & t)
        .filter(|g| *g != 0)
        .collect()
}

fn type_names_valid(bits: u8) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (b, n) in [
        (T_NULL, "null"),
        (T_BOOL, "boolean"),
        (T_STR, "string"),
        (T_ARR, "array"),
        (T_OBJ, "object"),
    ] {
        if bits & b != 0 {
            out.push(n);
        }
    }
    if bits & T_FRAC != 0 {
        out.push("number");
    } else if bits & T_INT != 0 {
        out.push("integer");
    }
    out
}

// ---------- conjunction of two schemas of one side ----------

const OBJ_G: [&str; 4] = [
    "properties",
    "patternProperties",
    "additionalProperties",
    "unevaluatedProperties",
];
const ARR_G: [&str; 7] = [
    "items",
    "additionalItems",
    "prefixItems",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
];
const ITE_G: [&str; 3] = ["if", "then", "else"];

/// A schema accepting exactly the instances both `x` and `y` accept. Keywords that can be
/// combined precisely are; the rest stays under `allOf`.
pub(crate) fn merge(x: &Value, y: &Value) -> Value {
    let (a, b) = match (x, y) {
        (Value::Bool(false), _) | (_, Value::Bool(false)) => return Value::Bool(false),
        (Value::Bool(true), o) | (o, Value::Bool(true)) => return o.clone(),
        (Value::Object(a), Value::Object(b)) => (a, b),
        _ => return json!({ "allOf": [x, y] }),
    };
    if a.contains_key("$ref") || b.contains_key("$ref") {
        return json!({ "allOf": [x, y] });
    }
    let has = |m: &Map<String, Value>, g: &[&str]| g.iter().any(|k| m.contains_key(*k));
    let only_props = |m: &Map<String, Value>| {
        OBJ_G
            .iter()
            .all(|k| *k == "properties" || !m.contains_key(*k))
    };
    let obj_conflict = has(a, &OBJ_G) && has(b, &OBJ_G) && !(only_props(a) && only_props(b));
    let arr_conflict = has(a, &ARR_G) && has(b, &ARR_G);
    let ite_conflict = has(a, &ITE_G) && has(b, &ITE_G);
    let boolish = |m: &Map<String, Value>, k: &str| m.get(k).is_some_and(Value::is_boolean);
    let lo_conflict = boolish(a, "exclusiveMinimum") || boolish(b, "exclusiveMinimum");
    let hi_conflict = boolish(a, "exclusiveMaximum") || boolish(b, "exclusiveMaximum");
    let mut out = a.clone();
    let mut left = Map::new();
    for (k, v) in b {
        let k = k.as_str();
        let grouped = (obj_conflict && OBJ_G.contains(&k))
            || (arr_conflict && ARR_G.contains(&k))
            || (ite_conflict && ITE_G.contains(&k))
            || (lo_conflict && (k == "minimum" || k == "exclusiveMinimum"))
            || (hi_conflict && (k == "maximum" || k == "exclusiveMaximum"));
        if grouped {
            left.insert(k.to_string(), v.clone());
            continue;
        }
        let Some(av) = out.get(k).cloned() else {
            out.insert(k.to_string(), v.clone());
            continue;
        };
        if &av == v {
            continue;
        }
        let merged: Option<Value> = match k {
            "type" => {
                let bits = declared_types(a) & declared_types(b);
                if bits == 0 {
                    return Value::Bool(false);
                }
                Some(json!(type_names_valid(bits)))
            }
            "required" => {
                let mut r: Vec<Value> = av.as_array().cloned().unwrap_or_default();
                for x in v.as_array().into_iter().flatten() {
                    if !r.contains(x) {
                        r.push(x.clone());
                    }
                }
                Some(Value::Array(r))
            }
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties" => {
                match (rat(&av), rat(v)) {
                    (Some(p), Some(q)) => Some(if q > p { v.clone() } else { av.clone() }),
                    _ => None,
                }
            }
            "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties" => {
                match (rat(&av), rat(v)) {
                    (Some(p), Some(q)) => Some(if q < p { v.clone() } else { av.clone() }),
                    _ => None,
                }
            }
            "properties" => match (av.as_object(), v.as_object()) {
                (Some(pa), Some(pb)) => {
                    let mut m = pa.clone();
                    for (n, s) in pb {
                        let ns = match m.get(n) {
                            Some(e) => merge(e, s),
                            None => s.clone(),
                        };
                        m.insert(n.clone(), ns);
                    }
                    Some(Value::Object(m))
                }
                _ => None,
            },
            "allOf" => match (av.as_array(), v.as_array()) {
                (Some(p), Some(q)) => Some(Value::Array(p.iter().chain(q).cloned().collect())),
                _ => None,
            },
            _ => None,
        };
        match merged {
            Some(m) => {
                out.insert(k.to_string(), m);
            }
            None => {
                left.insert(k.to_string(), v.clone());
            }
        }
    }
    if !left.is_empty() {
        match out.get_mut("allOf") {
            Some(Value::Array(xs)) => xs.push(Value::Object(left)),
            _ => {
                out.insert("allOf".into(), json!([Value::Object(left)]));
            }
        }
    }
    Value::Object(out)
}

/// Fold the `allOf` branches of a node into it.
pub(crate) fn merge_all(m: &Map<String, Value>) -> Value {
    let Some(Value::Array(xs)) = m.get("allOf") else {
        return Value::Object(m.clone());
    };
    let mut base = Value::Object(without(m, &["allOf"]));
    for x in xs {
        let x = match x {
            Value::Object(xm) if xm.contains_key("allOf") => merge_all(xm),
            other => other.clone(),
        };
        base = merge(&base, &x);
    }
    base
}
