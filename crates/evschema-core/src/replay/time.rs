//! RFC 3339 timestamps as nanoseconds since the Unix epoch, and HTTP dates (`Retry-After`).

/// Nanoseconds since 1970-01-01T00:00:00Z.
pub type Nanos = i128;

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(s: &[u8], n: usize) -> Option<u32> {
    if s.len() < n || !s[..n].iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s[..n].iter().fold(0, |a, &b| a * 10 + u32::from(b - b'0')))
}

/// Parses an RFC 3339 date-time (`2024-12-15T09:00:00Z`, `2024-12-15T10:00:00.250+01:00`).
/// A bare date (`2024-12-15`) is midnight UTC, for `--since`/`--until`.
pub fn parse_rfc3339(text: &str) -> Option<Nanos> {
    let s = text.trim().as_bytes();
    let year = digits(s, 4)?;
    if s.get(4) != Some(&b'-') || s.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(&s[5..], 2)?;
    let day = digits(&s[8..], 2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(i64::from(year), month) {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    if s.len() == 10 {
        return Some(i128::from(days) * 86_400 * 1_000_000_000);
    }
    if !matches!(s.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let t = &s[11..];
    let (hh, mm, ss) = (
        digits(t, 2)?,
        digits(t.get(3..)?, 2)?,
        digits(t.get(6..)?, 2)?,
    );
    if t.get(2) != Some(&b':') || t.get(5) != Some(&b':') || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let mut rest = &t[8..];
    let mut nanos: i128 = 0;
    if rest.first() == Some(&b'.') {
        let frac: Vec<u8> = rest[1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect();
        if frac.is_empty() {
            return None;
        }
        for i in 0..9 {
            nanos = nanos * 10 + frac.get(i).map_or(0, |&b| i128::from(b - b'0'));
        }
        rest = &rest[1 + frac.len()..];
    }
    let offset: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2], 2)?;
            let m = digits(&[*m1, *m2], 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let o = i64::from(h * 3600 + m * 60);
            if *sign == b'+' {
                o
            } else {
                -o
            }
        }
        _ => return None,
    };
    let secs = days * 86_400 + i64::from(hh * 3600 + mm * 60 + ss) - offset;
    Some(i128::from(secs) * 1_000_000_000 + nanos)
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110) to seconds since the
/// epoch.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_wday, day, mon, year, clock, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == mon)? as u32 + 1;
    let day: u32 = day.parse().ok()?;
    let year: i64 = year.parse().ok()?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let hms: Vec<u32> = clock.split(':').filter_map(|p| p.parse().ok()).collect();
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    if *h > 23 || *m > 59 || *s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + i64::from(h * 3600 + m * 60 + s))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i128 = 1_000_000_000;

    #[test]
    fn rfc3339_instants_compare_across_offsets() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("1970-01-02"), Some(86_400 * S));
        let a = parse_rfc3339("2024-12-15T09:00:00Z").unwrap();
        let b = parse_rfc3339("2024-12-15T10:00:00+01:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, 1_734_253_200 * S);
        let c = parse_rfc3339("2024-12-15T09:00:00.25z").unwrap();
        assert_eq!(c - a, S / 4);
        assert_eq!(
            parse_rfc3339("1969-12-31T23:59:59-00:00"),
            Some(-S),
            "before the epoch"
        );
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z").map(|n| n > 0),
            Some(true)
        );
    }

    #[test]
    fn rfc3339_rejects_what_is_not_a_date_time() {
        for bad in [
            "",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-12-15T09:00:00",
            "2024-12-15T25:00:00Z",
            "2024-12-15 09:00Z",
            "2024-12-15T09:00:00.Z",
            "2024-12-15T09:00:00+0100",
            "yesterday",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("120"), None);
    }
}
