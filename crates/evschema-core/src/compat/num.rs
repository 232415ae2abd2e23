//! Exact arithmetic on JSON numbers for the inclusion engine.
//!
//! A number is read the way the validator reads it: `serde_json` (without
//! `arbitrary_precision`) holds it as a `u64`, an `i64` or an `f64`, and the validator compares
//! bounds exactly between those three. Each is turned into an exact rational (an `f64` through
//! its bits), so `9007199254740993` and `9007199254740992` stay different and `2^64` is
//! exactly `2^64`. A literal that `f64` cannot hold (`9007199254740993.0`) is read as the
//! `f64` it parses to, exactly as `validate` reads it.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use serde_json::{Number, Value};

/// An exact number.
pub(crate) type Rat = BigRational;

/// 2^63: from here on the validator reads an `f64` written with an exponent as an integer
/// under draft-04 (other validators do not).
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

pub(crate) fn rat_of(n: &Number) -> Option<Rat> {
    if let Some(u) = n.as_u64() {
        return Some(Rat::from_integer(BigInt::from(u)));
    }
    if let Some(i) = n.as_i64() {
        return Some(Rat::from_integer(BigInt::from(i)));
    }
    n.as_f64().and_then(Rat::from_float)
}

/// The exact value of a JSON number.
pub(crate) fn rat(v: &Value) -> Option<Rat> {
    match v {
        Value::Number(n) => rat_of(n),
        _ => None,
    }
}

pub(crate) fn int(i: i64) -> Rat {
    Rat::from_integer(BigInt::from(i))
}

/// An `f64` that is exactly `r`, if there is one.
fn exact_f64(r: &Rat) -> Option<f64> {
    let f = r.to_f64()?;
    (f.is_finite() && Rat::from_float(f).as_ref() == Some(r)).then_some(f)
}

/// A JSON value holding `r` exactly when one can: an integer as `u64`/`i64`, else an `f64`
/// that is exactly `r`, else the nearest `f64` (`None` when out of range).
pub(crate) fn to_value(r: &Rat) -> Option<Value> {
    if r.is_integer() {
        let n = r.to_integer();
        if let Some(u) = n.to_u64() {
            return Some(Value::from(u));
        }
        if let Some(i) = n.to_i64() {
            return Some(Value::from(i));
        }
    }
    let f = r.to_f64()?;
    Number::from_f64(f).map(Value::Number)
}

/// Every way the validator can hold the value of `n` (a `u64`/`i64` and an `f64`, when
/// both hold it exactly): `1` and `1.0` are equal to `enum`, but not to draft-04 `integer`.
pub(crate) fn spellings(n: &Number) -> Vec<Value> {
    let mut out = vec![Value::Number(n.clone())];
    let Some(r) = rat_of(n) else { return out };
    if !r.is_integer() {
        return out;
    }
    let i = r.to_integer();
    let plain = i
        .to_u64()
        .map(Value::from)
        .or_else(|| i.to_i64().map(Value::from));
    let float = exact_f64(&r).and_then(Number::from_f64).map(Value::Number);
    for x in [plain, float].into_iter().flatten() {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// The `f64` a validator that holds every number as an `f64` reads `v` as, when that is
/// not `v` itself (`9007199254740993` reads as `9007199254740992`).
pub(crate) fn f64_reading(v: &Value) -> Option<Value> {
    let n = v.as_number()?;
    let r = rat_of(n)?;
    let f = n.as_f64()?;
    if Rat::from_float(f).as_ref() == Some(&r) {
        return None;
    }
    Number::from_f64(f).map(Value::Number)
}

/// An integral number the validator holds as an `f64` it reads as a draft-04 `integer`
/// although other validators do not (`1e19`): no spelling of it tells the two readings
/// apart, so a proof involving draft-04 `integer` cannot rely on it.
pub(crate) fn ambiguous_under_draft4(v: &Value) -> bool {
    match v {
        Value::Number(n) => {
            n.as_u64().is_none()
                && n.as_i64().is_none()
                && n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() >= TWO_63)
        }
        Value::Array(a) => a.iter().any(ambiguous_under_draft4),
        Value::Object(m) => m.values().any(ambiguous_under_draft4),
        _ => false,
    }
}

/// Values next to a bound worth trying as instances: the bound, the integers around it,
/// the neighbouring `f64`s and a value half a unit away.
pub(crate) fn around(r: &Rat) -> Vec<Value> {
    let one = Rat::one();
    let half = Rat::new(BigInt::from(1), BigInt::from(2));
    let mut cands = vec![
        r.clone(),
        r.floor(),
        r.ceil(),
        r.floor() - &one,
        r.ceil() + &one,
        r + &half,
        r - &half,
    ];
    if let Some(f) = r.to_f64() {
        for g in [next_up(f), next_down(f)] {
            if let Some(x) = Rat::from_float(g) {
                cands.push(x);
            }
        }
    }
    let mut out = Vec::new();
    for c in cands {
        if let Some(v) = to_value(&c) {
            if !out.contains(&v) {
                out.push(v);
            }
        }
        // the same value as an `f64`, when that is exact and differs in spelling
        if let Some(f) = exact_f64(&c).and_then(Number::from_f64).map(Value::Number) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

fn next_up(f: f64) -> f64 {
    if !f.is_finite() {
        return f;
    }
    if f == 0.0 {
        return f64::from_bits(1);
    }
    let b = f.to_bits();
    f64::from_bits(if f > 0.0 { b + 1 } else { b - 1 })
}

fn next_down(f: f64) -> f64 {
    -next_up(-f)
}

/// `a` is a whole multiple of `b` (both exact, `b` positive).
pub(crate) fn divides(b: &Rat, a: &Rat) -> bool {
    !b.is_zero() && (a / b).is_integer()
}

/// The divisor the validator checks `multipleOf` with: it reads the keyword as an `f64`.
/// `Some` only when that `f64` is the keyword's exact value and integral and at most 2^53,
/// where the validator's check is exact for every instance.
pub(crate) fn exact_int_divisor(v: &Value) -> Option<Rat> {
    let r = rat(v)?;
    let f = v.as_f64()?;
    let ok = r.is_integer()
        && f > 0.0
        && f <= 9_007_199_254_740_992.0
        && Rat::from_float(f).as_ref() == Some(&r);
    ok.then_some(r)
}

/// The decimal the validator reads a non-integer `multipleOf` check in: the shortest
/// decimal that round-trips the `f64` (`0.1` is 1/10, not the binary fraction), with its
/// number of decimal places.
pub(crate) fn decimal_reading(v: &Value) -> Option<(Rat, i64)> {
    let f = v.as_f64()?;
    if !f.is_finite() {
        return None;
    }
    let text = format!("{f:e}");
    let (mant, exp) = text.split_once('e')?;
    let exp: i64 = exp.parse().ok()?;
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let (int_part, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let digits: BigInt = format!("{int_part}{frac}").parse().ok()?;
    let places = frac.len() as i64 - exp;
    let ten = BigInt::from(10);
    let scale =
        |p: i64| num_traits::pow(ten.clone(), usize::try_from(p.unsigned_abs()).unwrap_or(0));
    let mut r = if places >= 0 {
        Rat::new(digits, scale(places))
    } else {
        Rat::from_integer(digits * scale(places))
    };
    if neg {
        r = -r;
    }
    Some((r, places))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(s: &str) -> Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn exact_values_past_2_53_and_2_64() {
        let a = rat(&parse("9007199254740992")).unwrap();
        let b = rat(&parse("9007199254740993")).unwrap();
        assert!(a < b);
        let m = rat(&parse("18446744073709551615")).unwrap();
        let p = rat(&parse("18446744073709551616")).unwrap();
        assert!(m < p);
        assert_eq!(&p - &m, Rat::one());
        let n1 = rat(&parse("-9223372036854775808")).unwrap();
        let n2 = rat(&parse("-9223372036854775809")).unwrap();
        assert!(n2 <= n1);
    }

    #[test]
    fn spellings_of_integral_numbers() {
        let s = spellings(parse("1e16").as_number().unwrap());
        assert!(s.contains(&json!(10_000_000_000_000_000u64)));
        assert_eq!(s.len(), 2);
        let s = spellings(parse("9007199254740993").as_number().unwrap());
        // no f64 holds 2^53 + 1
        assert_eq!(s, vec![json!(9_007_199_254_740_993u64)]);
        let s = spellings(parse("2.5").as_number().unwrap());
        assert_eq!(s.len(), 1);
        let s = spellings(parse("-3").as_number().unwrap());
        assert_eq!(s, vec![json!(-3), json!(-3.0)]);
    }

    #[test]
    fn around_a_bound_includes_its_integer_neighbours() {
        let r = rat(&parse("9007199254740993")).unwrap();
        let vs = around(&r);
        assert!(vs.contains(&json!(9_007_199_254_740_992u64)));
        assert!(vs.contains(&json!(9_007_199_254_740_994u64)));
        let r = rat(&parse("18446744073709551615")).unwrap();
        let vs = around(&r);
        assert!(vs.contains(&json!(u64::MAX)));
        assert!(vs
            .iter()
            .any(|v| v.as_f64() == Some(18446744073709551616.0)));
    }

    #[test]
    fn decimal_readings() {
        let (r, p) = decimal_reading(&json!(0.1)).unwrap();
        assert_eq!(r, Rat::new(1.into(), 10.into()));
        assert_eq!(p, 1);
        let (r, _) = decimal_reading(&json!(0.25)).unwrap();
        assert_eq!(r, Rat::new(1.into(), 4.into()));
        let (r, p) = decimal_reading(&json!(1e20)).unwrap();
        assert_eq!(r, Rat::from_integer(BigInt::from(10).pow(20)));
        assert_eq!(p, -20);
    }

    #[test]
    fn divisors() {
        assert!(exact_int_divisor(&json!(3)).is_some());
        assert!(exact_int_divisor(&json!(3.0)).is_some());
        assert!(exact_int_divisor(&json!(0.5)).is_none());
        assert!(exact_int_divisor(&json!(9_007_199_254_740_993u64)).is_none());
        assert!(divides(&int(3), &int(12)));
        assert!(!divides(&int(5), &int(12)));
        assert!(ambiguous_under_draft4(&parse("1e19")));
        assert!(!ambiguous_under_draft4(&parse("10000000000000000000")));
        assert!(!ambiguous_under_draft4(&parse("1e16")));
    }
}
