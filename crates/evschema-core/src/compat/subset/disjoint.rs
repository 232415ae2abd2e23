//! Disjointness of two schemas (sufficient conditions only).

use super::*;

impl Cx<'_> {
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
                crate::compat::prep::required(m).map(String::from).collect()
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
}
