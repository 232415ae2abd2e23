//! Format checks that the jsonschema crate only applies under newer drafts.
//!
//! DESIGN.md: `format` is asserted under every draft, draft-07 included, because event
//! contracts depend on it. The crate checks `uuid` and `duration` only from 2019-09 on, so
//! we register our own checks for them, for every draft.

/// RFC 4122 textual form: 8-4-4-4-12 hexadecimal digits.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// RFC 3339 Appendix A duration (ISO 8601): `P1Y2M3DT4H5M6S`, `P3W`, `PT0.5S` is not allowed.
pub fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    if date.is_empty() && time.is_none() {
        return false;
    }
    if let Some(weeks) = date.strip_suffix('W') {
        return time.is_none() && !weeks.is_empty() && weeks.bytes().all(|c| c.is_ascii_digit());
    }
    if !units_in_order(date, b"YMD") {
        return false;
    }
    match time {
        None => true,
        Some(t) => !t.is_empty() && units_in_order(t, b"HMS"),
    }
}

/// `1*DIGIT unit` runs whose units form a contiguous, ordered slice of `units`.
fn units_in_order(s: &str, units: &[u8]) -> bool {
    let mut expected: Option<usize> = None;
    let mut digits = 0;
    for c in s.bytes() {
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        if digits == 0 {
            return false;
        }
        let Some(pos) = units.iter().position(|&u| u == c) else {
            return false;
        };
        if let Some(e) = expected {
            if pos != e {
                return false;
            }
        }
        expected = Some(pos + 1);
        digits = 0;
    }
    digits == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_uuid("550e8400-e29b-41d4-a716-446655440000"));
        assert!(is_uuid("550E8400-E29B-41D4-A716-446655440000"));
        assert!(!is_uuid("550e8400e29b41d4a716446655440000"));
        assert!(!is_uuid("550e8400-e29b-41d4-a716-44665544000g"));
        assert!(!is_uuid("not-a-uuid"));
    }

    #[test]
    fn durations() {
        for ok in [
            "P1Y", "P1Y2M3D", "PT4H5M6S", "P3W", "P1DT2H", "PT36H", "P2M10D",
        ] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in [
            "P", "PT", "1Y", "P1Y2D", "P1S", "PT1D", "P1W2D", "P1.5Y", "PYT",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
    }
}
