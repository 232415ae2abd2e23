//! Which schema of one version of a catalog is which schema of another: the pairing behind
//! `evschema diff OLD NEW` / `--against REF` and `evschema render --changes-since REF`.
//!
//! Schemas are paired by (event type, major version). An event type whose only schema changed
//! major version is paired across majors (its one schema before with its one schema after),
//! so a major bump reads as a change, not as a removal plus an addition.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::Catalog;

/// One event type present on both sides: the schema index in each catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub event_type: String,
    pub old: usize,
    pub new: usize,
}

/// An event type (at one major version) present on one side only: its schema index there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneSided {
    pub event_type: String,
    pub index: usize,
}

/// The pairing of two catalogs, each list in (event type, major) order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    pub pairs: Vec<Pair>,
    /// In OLD only.
    pub removed: Vec<OneSided>,
    /// In NEW only.
    pub added: Vec<OneSided>,
}

type Keys = BTreeMap<(String, Option<u64>), usize>;

fn keys(c: &Catalog) -> Keys {
    let mut m = BTreeMap::new();
    for (et, list) in &c.events {
        for &i in list {
            m.insert((et.clone(), c.schemas[i].major()), i);
        }
    }
    m
}

/// The schema of `et` when it has exactly one (whatever its major).
fn single(m: &Keys, et: &str) -> Option<usize> {
    let mut it = m.iter().filter(|((t, _), _)| t == et).map(|(_, &i)| i);
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// Pairs the event schemas of `old` and `new` by (event type, major version).
pub fn pair(old: &Catalog, new: &Catalog) -> Pairing {
    let (ok, nk) = (keys(old), keys(new));
    let mut out = Pairing::default();
    let mut paired_new: BTreeSet<(String, Option<u64>)> = BTreeSet::new();
    for ((et, major), &oi) in &ok {
        let ni = match nk.get(&(et.clone(), *major)) {
            Some(&ni) => Some(ni),
            None => single(&ok, et).and(single(&nk, et)),
        };
        let Some(ni) = ni else {
            out.removed.push(OneSided {
                event_type: et.clone(),
                index: oi,
            });
            continue;
        };
        paired_new.insert((et.clone(), new.schemas[ni].major()));
        out.pairs.push(Pair {
            event_type: et.clone(),
            old: oi,
            new: ni,
        });
    }
    for (key, &ni) in &nk {
        if !paired_new.contains(key) {
            out.added.push(OneSided {
                event_type: key.0.clone(),
                index: ni,
            });
        }
    }
    out
}

/// Files that claim no event type (shared definitions such as `common/issue.json`), paired
/// by relative path, then by `$id` among those left: (old index, new index), in old order.
pub fn pair_files(old: &Catalog, new: &Catalog) -> Vec<(usize, usize)> {
    let plain = |c: &Catalog| -> Vec<usize> {
        (0..c.schemas.len())
            .filter(|&i| c.schemas[i].event_types.is_empty())
            .collect()
    };
    let id = |c: &Catalog, i: usize| -> Option<String> {
        c.schemas[i]
            .value
            .get("$id")
            .or_else(|| c.schemas[i].value.get("id"))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let (po, pn) = (plain(old), plain(new));
    let mut used_new: BTreeSet<usize> = BTreeSet::new();
    let mut out = Vec::new();
    let mut left = Vec::new();
    for &oi in &po {
        match pn
            .iter()
            .find(|&&ni| new.schemas[ni].rel == old.schemas[oi].rel)
        {
            Some(&ni) => {
                used_new.insert(ni);
                out.push((oi, ni));
            }
            None => left.push(oi),
        }
    }
    for oi in left {
        let Some(want) = id(old, oi) else { continue };
        if let Some(&ni) = pn
            .iter()
            .find(|&&ni| !used_new.contains(&ni) && id(new, ni).as_deref() == Some(want.as_str()))
        {
            used_new.insert(ni);
            out.push((oi, ni));
        }
    }
    out.sort();
    out
}

/// Every catalog file the schema at `index` reaches through `$ref`s (itself excluded),
/// in index order.
pub fn reached_files(c: &Catalog, index: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![index];
    while let Some(i) = todo.pop() {
        let mut refs = Vec::new();
        crate::catalog::collect_refs(&c.schemas[i].value, &mut String::new(), &mut refs);
        for (site, r) in refs {
            if let Ok((j, _)) = c.resolve_ref_at(i, &site, r) {
                if j != index && seen.insert(j) {
                    todo.push(j);
                }
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn catalog(files: &[(&str, Value)]) -> Catalog {
        let (c, problems) = Catalog::of_values(files);
        assert!(problems.is_empty(), "{problems:?}");
        c
    }

    fn event(et: &str, version: &str) -> Value {
        json!({"version": version, "properties": {"event_type": {"const": et}}})
    }

    #[test]
    fn pairs_by_type_and_major_and_across_a_lone_major_bump() {
        let old = catalog(&[
            ("sns_topics/a.json", event("a.x", "1.0.0")),
            ("sns_topics/b.json", event("b.x", "1.0.0")),
            ("sns_topics/c1.json", event("c.x", "1.0.0")),
            ("sns_topics/c2.json", event("c.x", "2.0.0")),
            ("sns_topics/gone.json", event("gone.x", "1.0.0")),
        ]);
        let new = catalog(&[
            ("sns_topics/a.json", event("a.x", "1.1.0")),
            ("sns_topics/b.json", event("b.x", "2.0.0")),
            ("sns_topics/c2.json", event("c.x", "2.1.0")),
            ("sns_topics/c3.json", event("c.x", "3.0.0")),
            ("sns_topics/fresh.json", event("fresh.x", "1.0.0")),
        ]);
        let p = pair(&old, &new);
        let pairs: Vec<(&str, &str, &str)> = p
            .pairs
            .iter()
            .map(|x| {
                (
                    x.event_type.as_str(),
                    old.schemas[x.old].rel.as_str(),
                    new.schemas[x.new].rel.as_str(),
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                ("a.x", "sns_topics/a.json", "sns_topics/a.json"),
                ("b.x", "sns_topics/b.json", "sns_topics/b.json"),
                ("c.x", "sns_topics/c2.json", "sns_topics/c2.json"),
            ]
        );
        let names = |l: &[OneSided], c: &Catalog| -> Vec<String> {
            l.iter()
                .map(|o| format!("{} {}", o.event_type, c.schemas[o.index].rel))
                .collect()
        };
        assert_eq!(
            names(&p.removed, &old),
            ["c.x sns_topics/c1.json", "gone.x sns_topics/gone.json"]
        );
        assert_eq!(
            names(&p.added, &new),
            ["c.x sns_topics/c3.json", "fresh.x sns_topics/fresh.json"]
        );
    }
}
