//! The sound core: `sub(a, b)` proves that every instance valid under `a` is valid under `b`,
//! or says what it could not prove. It never answers "proved" by guessing: every rule below
//! is a sufficient condition for inclusion, and anything it does not understand fails.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use serde_json::{json, Map, Value};

use super::num::{self, rat, Rat};
use super::prep::*;

mod arrays;
mod combinators;
mod disjoint;
mod identity;
mod listed;
mod merge;
mod numbers;
mod objects;
mod strings;
mod types;
mod validators;

use identity::*;
pub(crate) use merge::{merge, merge_all};
use types::*;
pub(crate) use validators::validator_for;

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
    pub d: Draft,
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
                    d: Draft::of(old),
                },
                SideInfo {
                    root: new,
                    d: Draft::of(new),
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

    fn d(&self, s: Sd) -> Draft {
        self.sides[s].d
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
        let (fa, fb) = self.factor(am, sa, bm, sb);
        let retry = fa.len() != am.len()
            && am
                .iter()
                .any(|(k, v)| !fa.contains_key(k) && lists_values(v));
        let first = self.sub_node(fa, sa, fb, sb, path, depth);
        // a shared conjunct may be what limits A to listed values (`anyOf: [{enum}, ...]`
        // on both sides, B adding `maxLength`): without it A looks unbounded, so the proof
        // is tried again with everything in place
        if first.is_err() && retry {
            if let Ok(()) = self.sub_node(am.clone(), sa, bm.clone(), sb, path, depth) {
                return Ok(());
            }
        }
        first
    }

    /// `sub` after identities and listed values, with shared conjuncts already factored out.
    fn sub_node(
        &self,
        am: Map<String, Value>,
        sa: Sd,
        mut bm: Map<String, Value>,
        sb: Sd,
        path: &str,
        depth: u32,
    ) -> R {
        // 3. merge allOf on the left into one node (exact conjunction)
        let am = if am.contains_key("allOf") {
            match merge_all(&am) {
                // listed values brought up from a conjunct are checked one by one
                Value::Object(m) if self.finite(&m, sa).is_some() => {
                    return self.sub(
                        &Value::Object(m),
                        sa,
                        &Value::Object(bm),
                        sb,
                        path,
                        depth + 1,
                    )
                }
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
        if self.d(sa) >= Draft::D7
            && self.d(sb) >= Draft::D7
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
        if self.d(sb) >= Draft::D7 && bm.contains_key("if") {
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
        // draft-04's `integer` rejects `4.0`; A accepts it unless A is draft-04 and declares
        // no `number` (a whole `multipleOf` under `number` admits `4.0`)
        let a_takes_fraction_spelling = self.d(sa) != Draft::D4 || declared_types(am) & T_FRAC != 0;
        if self.d(sb) == Draft::D4
            && a_takes_fraction_spelling
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
}

pub(crate) use crate::pointer::escape;

/// Does a subschema restrict a value to listed ones somewhere (`enum`/`const` inside)?
fn lists_values(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            m.contains_key("enum") || m.contains_key("const") || m.values().any(lists_values)
        }
        Value::Array(a) => a.iter().any(lists_values),
        _ => false,
    }
}
