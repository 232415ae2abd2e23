//! The change detector: goes through OLD and NEW in step and classifies every difference
//! into a [`ChangeKind`].

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::model::{ChangeKind, Policy};
use super::num::{divides, exact_int_divisor, rat};
use super::prep::*;
use super::subset::Cx;
use crate::pointer::escape;

/// A change before messages and witnesses are attached.
pub(crate) struct Raw {
    pub kind: ChangeKind,
    pub path: String,
    pub backward: bool,
    pub forward: bool,
}

pub(crate) struct Detector<'c, 'a> {
    pub cx: &'c Cx<'a>,
    pub policy: Policy,
    pub out: Vec<Raw>,
    node_effects: HashMap<String, (bool, bool)>,
}

fn get<'m>(m: &'m Map<String, Value>, k: &str) -> Option<&'m Value> {
    m.get(k)
}

fn has_combinators(m: &Map<String, Value>) -> bool {
    ["allOf", "anyOf", "oneOf", "not", "if"]
        .iter()
        .any(|k| m.contains_key(*k))
}

fn is_open(v: Option<&Value>) -> bool {
    matches!(v, None | Some(Value::Bool(true)))
        || v.and_then(Value::as_object)
            .is_some_and(|m| m.keys().all(|k| is_annotation(k)))
}

impl<'c, 'a> Detector<'c, 'a> {
    pub(crate) fn new(cx: &'c Cx<'a>, policy: Policy) -> Self {
        Detector {
            cx,
            policy,
            out: Vec::new(),
            node_effects: HashMap::new(),
        }
    }

    fn eq(&self, a: Option<&Value>, b: Option<&Value>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) => self.cx.same(x, 0, y, 1),
            (None, None) => true,
            _ => false,
        }
    }

    fn pair_effect(&mut self, o: &Value, n: &Value, path: &str) -> (bool, bool) {
        self.cx.reset_budget();
        let b = self.cx.sub(o, 0, n, 1, path, 0).is_ok();
        self.cx.reset_budget();
        let f = self.cx.sub(n, 1, o, 0, path, 0).is_ok();
        (b, f)
    }

    fn node_effect(&mut self, o: &Value, n: &Value, path: &str) -> (bool, bool) {
        if let Some(e) = self.node_effects.get(path) {
            return *e;
        }
        let e = self.pair_effect(o, n, path);
        self.node_effects.insert(path.to_string(), e);
        e
    }

    fn emit(&mut self, kind: ChangeKind, path: String, computed: Option<(bool, bool)>) {
        let (b, f) = match (
            kind.backward(self.policy),
            kind.forward(self.policy),
            computed,
        ) {
            (_, _, Some(e)) => e,
            (Some(b), Some(f), None) => (b, f),
            _ => (false, false),
        };
        self.out.push(Raw {
            kind,
            path,
            backward: b,
            forward: f,
        });
    }

    pub(crate) fn detect(&mut self, o: &Value, n: &Value, path: &str) {
        if self.cx.same(o, 0, n, 1) {
            return;
        }
        if path.len() > 4000 {
            // absurdly deep: report it as one change rather than recursing further
            let e = self.pair_effect(o, n, path);
            self.emit(ChangeKind::SchemaReplaced, path.to_string(), Some(e));
            return;
        }
        let (Some(om), Some(nm)) = (o.as_object(), n.as_object()) else {
            let e = self.pair_effect(o, n, path);
            self.emit(ChangeKind::SchemaReplaced, path.to_string(), Some(e));
            return;
        };
        if om.contains_key("$ref") || nm.contains_key("$ref") {
            let e = self.pair_effect(o, n, path);
            self.emit(
                ChangeKind::RefTargetChanged {
                    old: om.get("$ref").cloned().unwrap_or(Value::Null),
                    new: nm.get("$ref").cloned().unwrap_or(Value::Null),
                },
                path.to_string(),
                Some(e),
            );
            return;
        }
        let (d_old, d_new) = (self.cx.sides[0].d, self.cx.sides[1].d);
        let mut keys: Vec<&String> = om.keys().chain(nm.keys()).collect();
        keys.sort();
        keys.dedup();
        let p = |k: &str| format!("{path}/{}", escape(k));
        // annotations and unknown keywords
        for k in &keys {
            let (ov, nv) = (om.get(*k), nm.get(*k));
            if ov == nv {
                continue;
            }
            let co = class(k, d_old);
            let cn = class(k, d_new);
            if co == Class::Annotation && cn == Class::Annotation {
                self.emit(
                    ChangeKind::AnnotationChanged {
                        keyword: k.to_string(),
                    },
                    p(k),
                    None,
                );
            } else if co == Class::Unknown || cn == Class::Unknown {
                let kind = ChangeKind::UnknownKeywordChanged {
                    keyword: k.to_string(),
                };
                self.emit(kind, p(k), None);
            }
        }
        self.types(om, nm, path);
        let disjoint_types = om.contains_key("type")
            && nm.contains_key("type")
            && declared_types(om) & declared_types(nm) == 0;
        if disjoint_types && !has_combinators(om) && !has_combinators(nm) {
            // e.g. object → string: the other keywords of each side no longer meet
            return;
        }
        self.values(om, nm, path);
        self.bounds(om, nm, path);
        self.strings(om, nm, path);
        self.objects(o, n, om, nm, path);
        self.arrays(o, n, om, nm, path);
        self.combinators(o, n, om, nm, path);
    }

    fn types(&mut self, om: &Map<String, Value>, nm: &Map<String, Value>, path: &str) {
        let (ot, nt) = (declared_types(om), declared_types(nm));
        if ot == nt {
            return;
        }
        let old = om.get("type").cloned().unwrap_or(Value::Null);
        let new = nm.get("type").cloned().unwrap_or(Value::Null);
        let kind = if nt & ot == ot {
            ChangeKind::TypeWidened { old, new }
        } else if nt & ot == nt {
            ChangeKind::TypeNarrowed { old, new }
        } else {
            ChangeKind::TypeChanged { old, new }
        };
        self.emit(kind, format!("{path}/type"), None);
    }

    fn values(&mut self, om: &Map<String, Value>, nm: &Map<String, Value>, path: &str) {
        match (om.get("enum"), nm.get("enum")) {
            (Some(Value::Array(a)), Some(Value::Array(b))) if a != b => {
                let added: Vec<Value> = b.iter().filter(|x| !a.contains(x)).cloned().collect();
                let removed: Vec<Value> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
                let kind = match (added.is_empty(), removed.is_empty()) {
                    (true, true) => None, // reordered
                    (false, true) => Some(ChangeKind::EnumExtended { added }),
                    (true, false) => Some(ChangeKind::EnumNarrowed { removed }),
                    (false, false) => Some(ChangeKind::EnumChanged { added, removed }),
                };
                if let Some(k) = kind {
                    self.emit(k, format!("{path}/enum"), None);
                }
            }
            (None, Some(b)) => self.emit(
                ChangeKind::EnumAdded { new: b.clone() },
                format!("{path}/enum"),
                None,
            ),
            (Some(a), None) => self.emit(
                ChangeKind::EnumRemoved { old: a.clone() },
                format!("{path}/enum"),
                None,
            ),
            _ => {}
        }
        match (om.get("const"), nm.get("const")) {
            (Some(a), Some(b)) if a != b => self.emit(
                ChangeKind::ConstChanged {
                    old: a.clone(),
                    new: b.clone(),
                },
                format!("{path}/const"),
                None,
            ),
            (None, Some(b)) => self.emit(
                ChangeKind::ConstAdded { new: b.clone() },
                format!("{path}/const"),
                None,
            ),
            (Some(a), None) => self.emit(
                ChangeKind::ConstRemoved { old: a.clone() },
                format!("{path}/const"),
                None,
            ),
            _ => {}
        }
    }

    fn bounds(&mut self, om: &Map<String, Value>, nm: &Map<String, Value>, path: &str) {
        type Mk = fn(Value, Value) -> ChangeKind;
        // (keyword, is lower bound, raised, lowered)
        let table: [(&str, bool, Mk, Mk); 10] = [
            (
                "minimum",
                true,
                |old, new| ChangeKind::MinimumRaised { old, new },
                |old, new| ChangeKind::MinimumLowered { old, new },
            ),
            (
                "maximum",
                false,
                |old, new| ChangeKind::MaximumRaised { old, new },
                |old, new| ChangeKind::MaximumLowered { old, new },
            ),
            (
                "exclusiveMinimum",
                true,
                |old, new| ChangeKind::ExclusiveMinimumRaised { old, new },
                |old, new| ChangeKind::ExclusiveMinimumLowered { old, new },
            ),
            (
                "exclusiveMaximum",
                false,
                |old, new| ChangeKind::ExclusiveMaximumRaised { old, new },
                |old, new| ChangeKind::ExclusiveMaximumLowered { old, new },
            ),
            (
                "minLength",
                true,
                |old, new| ChangeKind::MinLengthRaised { old, new },
                |old, new| ChangeKind::MinLengthLowered { old, new },
            ),
            (
                "maxLength",
                false,
                |old, new| ChangeKind::MaxLengthRaised { old, new },
                |old, new| ChangeKind::MaxLengthLowered { old, new },
            ),
            (
                "minItems",
                true,
                |old, new| ChangeKind::MinItemsRaised { old, new },
                |old, new| ChangeKind::MinItemsLowered { old, new },
            ),
            (
                "maxItems",
                false,
                |old, new| ChangeKind::MaxItemsRaised { old, new },
                |old, new| ChangeKind::MaxItemsLowered { old, new },
            ),
            (
                "minProperties",
                true,
                |old, new| ChangeKind::MinPropertiesRaised { old, new },
                |old, new| ChangeKind::MinPropertiesLowered { old, new },
            ),
            (
                "maxProperties",
                false,
                |old, new| ChangeKind::MaxPropertiesRaised { old, new },
                |old, new| ChangeKind::MaxPropertiesLowered { old, new },
            ),
        ];
        for (k, lower, raised, lowered) in table {
            let (ov, nv) = (om.get(k), nm.get(k));
            if ov == nv {
                continue;
            }
            let old = ov.cloned().unwrap_or(Value::Null);
            let new = nv.cloned().unwrap_or(Value::Null);
            // draft-04 boolean exclusive flags: true tightens the bound
            if ov.is_some_and(Value::is_boolean) || nv.is_some_and(Value::is_boolean) {
                let tight = |v: Option<&Value>| v == Some(&Value::Bool(true));
                let narrowed = tight(nv) && !tight(ov);
                let kind = match (lower, narrowed) {
                    (true, true) => raised(old, new),
                    (true, false) => lowered(old, new),
                    (false, true) => lowered(old, new),
                    (false, false) => raised(old, new),
                };
                self.emit(kind, format!("{path}/{k}"), None);
                continue;
            }
            // exact values; an absent bound is unbounded
            let (o, n) = (ov.and_then(rat), nv.and_then(rat));
            let raised_now = match (&o, &n) {
                (Some(o), Some(n)) if o == n => continue,
                (Some(o), Some(n)) => n > o,
                (None, Some(_)) => lower,
                (Some(_), None) => !lower,
                (None, None) => continue,
            };
            let kind = if raised_now {
                raised(old, new)
            } else {
                lowered(old, new)
            };
            self.emit(kind, format!("{path}/{k}"), None);
        }
        let p = format!("{path}/multipleOf");
        match (om.get("multipleOf"), nm.get("multipleOf")) {
            (Some(a), Some(b)) if a != b => {
                // every multiple of the old divisor is one of the new
                let widened = match (exact_int_divisor(a), exact_int_divisor(b)) {
                    (Some(x), Some(y)) => divides(&y, &x),
                    _ => a.as_f64().is_some() && a.as_f64() == b.as_f64(),
                };
                self.emit(
                    ChangeKind::MultipleOfChanged {
                        old: a.clone(),
                        new: b.clone(),
                        widened,
                    },
                    p,
                    None,
                );
            }
            (None, Some(b)) => self.emit(ChangeKind::MultipleOfAdded { new: b.clone() }, p, None),
            (Some(a), None) => self.emit(ChangeKind::MultipleOfRemoved { old: a.clone() }, p, None),
            _ => {}
        }
    }

    fn strings(&mut self, om: &Map<String, Value>, nm: &Map<String, Value>, path: &str) {
        let s =
            |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_str).map(String::from);
        let p = format!("{path}/pattern");
        match (s(om, "pattern"), s(nm, "pattern")) {
            (Some(a), Some(b)) if a != b => {
                self.emit(ChangeKind::PatternChanged { old: a, new: b }, p, None)
            }
            (None, Some(b)) => self.emit(ChangeKind::PatternAdded { new: b }, p, None),
            (Some(a), None) => self.emit(ChangeKind::PatternRemoved { old: a }, p, None),
            _ => {}
        }
        let p = format!("{path}/format");
        match (s(om, "format"), s(nm, "format")) {
            (Some(a), Some(b)) if a != b => {
                self.emit(ChangeKind::FormatChanged { old: a, new: b }, p, None)
            }
            (None, Some(b)) => self.emit(ChangeKind::FormatAdded { new: b }, p, None),
            (Some(a), None) => self.emit(ChangeKind::FormatRemoved { old: a }, p, None),
            _ => {}
        }
        let u = |m: &Map<String, Value>| m.get("uniqueItems") == Some(&Value::Bool(true));
        match (u(om), u(nm)) {
            (false, true) => self.emit(
                ChangeKind::UniqueItemsAdded,
                format!("{path}/uniqueItems"),
                None,
            ),
            (true, false) => self.emit(
                ChangeKind::UniqueItemsRemoved,
                format!("{path}/uniqueItems"),
                None,
            ),
            _ => {}
        }
    }

    fn objects(
        &mut self,
        o: &Value,
        n: &Value,
        om: &Map<String, Value>,
        nm: &Map<String, Value>,
        path: &str,
    ) {
        let strs = |m: &Map<String, Value>| -> Vec<String> {
            crate::compat::prep::required(m).map(String::from).collect()
        };
        let (ro, rn) = (strs(om), strs(nm));
        for r in rn.iter().filter(|r| !ro.contains(r)) {
            self.emit(
                ChangeKind::RequiredAdded { name: r.clone() },
                format!("{path}/required"),
                None,
            );
        }
        for r in ro.iter().filter(|r| !rn.contains(r)) {
            self.emit(
                ChangeKind::RequiredRemoved { name: r.clone() },
                format!("{path}/required"),
                None,
            );
        }
        let obj = |m: &Map<String, Value>, k: &str| {
            m.get(k)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (po, pn) = (obj(om, "properties"), obj(nm, "properties"));
        let old_open =
            is_open(get(om, "additionalProperties")) && !om.contains_key("patternProperties");
        let new_open =
            is_open(get(nm, "additionalProperties")) && !nm.contains_key("patternProperties");
        let mut names: Vec<&String> = po.keys().chain(pn.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let p = format!("{path}/properties/{}", escape(name));
            match (po.get(name), pn.get(name)) {
                (Some(a), Some(b)) => self.detect(a, b, &p),
                (None, Some(b)) => {
                    let kind = if old_open {
                        ChangeKind::PropertyAddedOpenModel { name: name.clone() }
                    } else {
                        ChangeKind::PropertyAddedClosedModel { name: name.clone() }
                    };
                    // an open object already accepted the name with any value
                    let e = (old_open && self.cx.trivial(b, 1)).then_some((true, true));
                    self.emit(kind, p, e);
                }
                (Some(a), None) => {
                    let kind = if new_open {
                        ChangeKind::PropertyRemovedOpenModel { name: name.clone() }
                    } else {
                        ChangeKind::PropertyRemovedClosedModel { name: name.clone() }
                    };
                    let e = (new_open && self.cx.trivial(a, 0)).then_some((true, true));
                    self.emit(kind, p, e);
                }
                (None, None) => {}
            }
        }
        let (ppo, ppn) = (obj(om, "patternProperties"), obj(nm, "patternProperties"));
        let mut pats: Vec<&String> = ppo.keys().chain(ppn.keys()).collect();
        pats.sort();
        pats.dedup();
        for pat in pats {
            let p = format!("{path}/patternProperties/{}", escape(pat));
            match (ppo.get(pat), ppn.get(pat)) {
                (Some(a), Some(b)) => self.detect(a, b, &p),
                (None, Some(_)) => self.emit(
                    ChangeKind::PatternPropertiesAdded {
                        pattern: pat.clone(),
                    },
                    p,
                    None,
                ),
                (Some(_), None) => self.emit(
                    ChangeKind::PatternPropertiesRemoved {
                        pattern: pat.clone(),
                    },
                    p,
                    None,
                ),
                (None, None) => {}
            }
        }
        self.rest_schema(om, nm, "additionalProperties", path, true);
        // propertyNames
        let p = format!("{path}/propertyNames");
        match (om.get("propertyNames"), nm.get("propertyNames")) {
            (Some(a), Some(b)) => self.detect(a, b, &p),
            (None, Some(_)) => self.emit(ChangeKind::PropertyNamesAdded, p, None),
            (Some(_), None) => self.emit(ChangeKind::PropertyNamesRemoved, p, None),
            _ => {}
        }
        // dependencies (all spellings)
        for kw in ["dependencies", "dependentRequired", "dependentSchemas"] {
            let (dob, dnb) = (obj(om, kw), obj(nm, kw));
            let mut ks: Vec<&String> = dob.keys().chain(dnb.keys()).collect();
            ks.sort();
            ks.dedup();
            for k in ks {
                let p = format!("{path}/{kw}/{}", escape(k));
                match (dob.get(k), dnb.get(k)) {
                    (Some(a), Some(b)) if !self.cx.same(a, 0, b, 1) => {
                        let e = match (a.as_array(), b.as_array()) {
                            (Some(x), Some(y)) => (
                                y.iter().all(|v| x.contains(v)),
                                x.iter().all(|v| y.contains(v)),
                            ),
                            _ => {
                                let e = self.node_effect(o, n, path);
                                (e.0, e.1)
                            }
                        };
                        self.emit(
                            ChangeKind::DependenciesChanged { name: k.clone() },
                            p,
                            Some(e),
                        );
                    }
                    (None, Some(_)) => {
                        self.emit(ChangeKind::DependenciesAdded { name: k.clone() }, p, None)
                    }
                    (Some(_), None) => {
                        self.emit(ChangeKind::DependenciesRemoved { name: k.clone() }, p, None)
                    }
                    _ => {}
                }
            }
        }
        let p = format!("{path}/unevaluatedProperties");
        match (
            om.get("unevaluatedProperties"),
            nm.get("unevaluatedProperties"),
        ) {
            (Some(a), Some(b)) if !self.cx.same(a, 0, b, 1) => {
                let e = self.node_effect(o, n, path);
                self.emit(ChangeKind::UnevaluatedPropertiesChanged, p, Some(e));
            }
            (None, Some(_)) => self.emit(ChangeKind::UnevaluatedPropertiesAdded, p, None),
            (Some(_), None) => self.emit(ChangeKind::UnevaluatedPropertiesRemoved, p, None),
            _ => {}
        }
    }

    /// additionalProperties / additionalItems: a schema for "everything else".
    fn rest_schema(
        &mut self,
        om: &Map<String, Value>,
        nm: &Map<String, Value>,
        kw: &str,
        path: &str,
        props: bool,
    ) {
        let (a, b) = (om.get(kw), nm.get(kw));
        if self.eq(a, b) {
            return;
        }
        let p = format!("{path}/{kw}");
        let t = Value::Bool(true);
        let (av, bv) = (a.unwrap_or(&t).clone(), b.unwrap_or(&t).clone());
        let kind = if is_open(a) && !is_open(b) {
            if props {
                ChangeKind::AdditionalPropertiesNarrowed { old: av, new: bv }
            } else {
                ChangeKind::AdditionalItemsNarrowed { old: av, new: bv }
            }
        } else if is_open(b) && !is_open(a) {
            if props {
                ChangeKind::AdditionalPropertiesWidened { old: av, new: bv }
            } else {
                ChangeKind::AdditionalItemsWidened { old: av, new: bv }
            }
        } else if av.is_object() && bv.is_object() {
            self.detect(&av, &bv, &p);
            return;
        } else {
            let e = self.pair_effect(&av, &bv, &p);
            if props {
                self.emit(
                    ChangeKind::AdditionalPropertiesChanged { old: av, new: bv },
                    p,
                    Some(e),
                );
            } else {
                let kind = if e.0 {
                    ChangeKind::AdditionalItemsWidened { old: av, new: bv }
                } else {
                    ChangeKind::AdditionalItemsNarrowed { old: av, new: bv }
                };
                self.emit(kind, p, Some(e));
            }
            return;
        };
        self.emit(kind, p, None);
    }

    fn arrays(
        &mut self,
        o: &Value,
        n: &Value,
        om: &Map<String, Value>,
        nm: &Map<String, Value>,
        path: &str,
    ) {
        // items: schema or tuple
        let p = format!("{path}/items");
        match (om.get("items"), nm.get("items")) {
            (Some(a), Some(b)) if !self.cx.same(a, 0, b, 1) => match (a.as_array(), b.as_array()) {
                (Some(x), Some(y)) => self.tuple(x, y, &p),
                (None, None) => self.detect(a, b, &p),
                _ => {
                    let e = self.node_effect(o, n, path);
                    self.emit(ChangeKind::ItemsFormChanged, p, Some(e));
                }
            },
            (None, Some(b)) => self.emit(ChangeKind::ItemsAdded { new: b.clone() }, p, None),
            (Some(a), None) => self.emit(ChangeKind::ItemsRemoved { old: a.clone() }, p, None),
            _ => {}
        }
        match (om.get("prefixItems"), nm.get("prefixItems")) {
            (Some(Value::Array(x)), Some(Value::Array(y))) => {
                self.tuple(x, y, &format!("{path}/prefixItems"))
            }
            (None, Some(Value::Array(y))) => self.emit(
                ChangeKind::PrefixItemsAdded { count: y.len() },
                format!("{path}/prefixItems"),
                None,
            ),
            (Some(Value::Array(x)), None) => self.emit(
                ChangeKind::PrefixItemsRemoved { count: x.len() },
                format!("{path}/prefixItems"),
                None,
            ),
            _ => {}
        }
        self.rest_schema(om, nm, "additionalItems", path, false);
        let p = format!("{path}/contains");
        match (om.get("contains"), nm.get("contains")) {
            (Some(a), Some(b)) if !self.cx.same(a, 0, b, 1) => {
                // a weaker `contains` schema accepts more arrays
                let e = self.pair_effect(a, b, &p);
                self.emit(ChangeKind::ContainsChanged, p, Some(e));
            }
            (None, Some(_)) => self.emit(ChangeKind::ContainsAdded, p, None),
            (Some(_), None) => self.emit(ChangeKind::ContainsRemoved, p, None),
            _ => {}
        }
        for kw in ["minContains", "maxContains", "unevaluatedItems"] {
            if !self.eq(om.get(kw), nm.get(kw)) {
                let e = self.node_effect(o, n, path);
                let kind = if kw == "unevaluatedItems" {
                    ChangeKind::UnevaluatedItemsChanged
                } else {
                    ChangeKind::ContainsChanged
                };
                self.emit(kind, format!("{path}/{kw}"), Some(e));
            }
        }
    }

    fn tuple(&mut self, x: &[Value], y: &[Value], p: &str) {
        for i in 0..x.len().min(y.len()) {
            self.detect(&x[i], &y[i], &format!("{p}/{i}"));
        }
        if y.len() > x.len() {
            self.emit(
                ChangeKind::PrefixItemsAdded {
                    count: y.len() - x.len(),
                },
                p.to_string(),
                None,
            );
        } else if x.len() > y.len() {
            self.emit(
                ChangeKind::PrefixItemsRemoved {
                    count: x.len() - y.len(),
                },
                p.to_string(),
                None,
            );
        }
    }

    fn combinators(
        &mut self,
        o: &Value,
        n: &Value,
        om: &Map<String, Value>,
        nm: &Map<String, Value>,
        path: &str,
    ) {
        for kw in ["allOf", "anyOf", "oneOf"] {
            let empty = Vec::new();
            let xs = om.get(kw).and_then(Value::as_array).unwrap_or(&empty);
            let ys = nm.get(kw).and_then(Value::as_array).unwrap_or(&empty);
            if xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| self.cx.same(x, 0, y, 1)) {
                continue;
            }
            let p = format!("{path}/{kw}");
            if xs.len() == ys.len() {
                for i in 0..xs.len() {
                    self.detect(&xs[i], &ys[i], &format!("{p}/{i}"));
                }
                continue;
            }
            // a disjunction appearing or disappearing as a whole narrows or widens
            let whole = if xs.is_empty() && kw != "allOf" {
                Some((false, true))
            } else if ys.is_empty() && kw != "allOf" {
                Some((true, false))
            } else {
                None
            };
            for (i, y) in ys.iter().enumerate() {
                if !xs.iter().any(|x| self.cx.same(x, 0, y, 1)) {
                    let kind = match kw {
                        "allOf" => ChangeKind::AllOfBranchAdded { index: i },
                        "anyOf" => ChangeKind::AnyOfBranchAdded { index: i },
                        _ => ChangeKind::OneOfBranchAdded { index: i },
                    };
                    let e = whole.or_else(|| {
                        if kw == "oneOf" {
                            Some(self.node_effect(o, n, path))
                        } else {
                            None
                        }
                    });
                    self.emit(kind, format!("{p}/{i}"), e);
                }
            }
            for (i, x) in xs.iter().enumerate() {
                if !ys.iter().any(|y| self.cx.same(x, 0, y, 1)) {
                    let kind = match kw {
                        "allOf" => ChangeKind::AllOfBranchRemoved { index: i },
                        "anyOf" => ChangeKind::AnyOfBranchRemoved { index: i },
                        _ => ChangeKind::OneOfBranchRemoved { index: i },
                    };
                    let e = whole.or_else(|| {
                        if kw == "oneOf" {
                            Some(self.node_effect(o, n, path))
                        } else {
                            None
                        }
                    });
                    self.emit(kind, format!("{p}/{i}"), e);
                }
            }
        }
        let p = format!("{path}/not");
        match (om.get("not"), nm.get("not")) {
            (Some(a), Some(b)) if !self.cx.same(a, 0, b, 1) => {
                // ¬A ⊆ ¬B iff B ⊆ A
                self.cx.reset_budget();
                let back = self.cx.sub(b, 1, a, 0, &p, 0).is_ok();
                self.cx.reset_budget();
                let fwd = self.cx.sub(a, 0, b, 1, &p, 0).is_ok();
                self.emit(ChangeKind::NotChanged, p, Some((back, fwd)));
            }
            (None, Some(_)) => self.emit(ChangeKind::NotAdded, p, None),
            (Some(_), None) => self.emit(ChangeKind::NotRemoved, p, None),
            _ => {}
        }
        if ["if", "then", "else"]
            .iter()
            .any(|k| !self.eq(om.get(*k), nm.get(*k)))
        {
            let e = self.node_effect(o, n, path);
            self.emit(ChangeKind::IfThenElseChanged, format!("{path}/if"), Some(e));
        }
    }
}
