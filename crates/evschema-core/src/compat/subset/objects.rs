//! Objects: named, pattern and other properties, `required`, counts, `propertyNames`,
//! dependencies.

use super::*;

impl Cx<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn objects(
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
            crate::compat::prep::required(m).map(String::from).collect()
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
        if self.d(sb) >= Draft::D6 {
            if let Some(pnb) = bm.get("propertyNames") {
                if !self.trivial(pnb, sb) {
                    let ok = if closed_names {
                        pra.iter()
                            .filter(|(_, v)| !self.empty(v, sa))
                            .all(|(k, _)| {
                                self.valid(pnb, sb, &Value::String(k.clone())) == Some(true)
                            })
                    } else {
                        self.d(sa) >= Draft::D6
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
        if self.d(s) <= Draft::D7 {
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

pub(crate) enum Dep {
    Names(Vec<String>),
    Schema(Value),
}
