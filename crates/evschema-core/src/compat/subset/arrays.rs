//! Arrays: tuples and the rest, item counts, `uniqueItems`, `contains`.

use super::*;

impl Cx<'_> {
    pub(super) fn array_shape(&self, m: &Map<String, Value>, s: Sd) -> (Vec<Value>, Value) {
        crate::compat::prep::array_shape(m, self.d(s))
    }

    pub(super) fn arrays(
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
                if self.d(sb) >= Draft::D2020 {
                    format!("{path}/prefixItems/{i}")
                } else {
                    format!("{path}/items/{i}")
                }
            } else if self.d(sb) >= Draft::D2020 || pb.is_empty() {
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
        if self.d(sb) >= Draft::D6 {
            if let Some(cb) = bm.get("contains") {
                let post19 = |s: Sd| self.d(s) >= Draft::D2019;
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
                    // identical text only means the same where A's draft has the keywords too
                    post19(sa)
                        && ["contains", "minContains", "maxContains"].iter().all(|k| {
                            match (am.get(*k), bm.get(*k)) {
                                (Some(x), Some(y)) => self.same(x, sa, y, sb),
                                (None, None) => true,
                                _ => false,
                            }
                        })
                } else if need == 0 {
                    true
                } else {
                    let via_contains = self.d(sa) >= Draft::D6
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
}
