//! Numbers: exact bounds (integer-aware, draft-04 flags, the f64 reading) and
//! `multipleOf` divisibility.

use super::*;

impl Cx<'_> {
    /// The tightest bound of one side: `keyword` (inclusive, or exclusive under draft-04
    /// with `exclusive*: true`) and, from draft-06 on, the numeric `exclusive` keyword.
    /// `lower` picks the greater value (a lower bound), else the smaller. Exact values.
    pub(super) fn bound(
        &self,
        m: &Map<String, Value>,
        s: Sd,
        keyword: &str,
        exclusive: &str,
        lower: bool,
        f64_reading: bool,
    ) -> Bound {
        let d4 = self.d(s) == Draft::D4;
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
    pub(super) fn bounds_read(
        &self,
        m: &Map<String, Value>,
        s: Sd,
        f64_reading: bool,
    ) -> (Bound, Bound) {
        (
            self.bound(m, s, "minimum", "exclusiveMinimum", true, f64_reading),
            self.bound(m, s, "maximum", "exclusiveMaximum", false, f64_reading),
        )
    }

    pub(super) fn numbers(
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
    pub(super) fn bounds_hold(
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
    pub(super) fn decimal_multiple(&self, ma: &Value, mb: &Value, lo: &Bound, hi: &Bound) -> bool {
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
}
