//! Strings: lengths, `pattern` and `format`.

use super::*;

impl Cx<'_> {
    pub(super) fn strings(
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
}
