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
        // A's length window: its own keywords, narrowed by the lengths its `format` admits
        let window = am
            .get("format")
            .and_then(Value::as_str)
            .and_then(format_lengths);
        // and by the lengths its `pattern` admits, when the pattern is simple enough to read
        let by_pattern = am
            .get("pattern")
            .and_then(Value::as_str)
            .and_then(pattern_lengths);
        let mut a_min = u(am, "minLength").unwrap_or(0);
        let mut a_max = u(am, "maxLength");
        for (lo, hi) in [window, by_pattern].into_iter().flatten() {
            a_min = a_min.max(lo);
            a_max = match (a_max, hi) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
        }
        if a_max.is_some_and(|h| h < a_min) {
            return Ok(()); // A accepts no string at all
        }
        if let Some(b) = u(bm, "minLength") {
            if a_min < b {
                return fail(&format!("{path}/minLength"), format!("strings shorter than {b} characters are no longer guaranteed to be accepted"));
            }
        }
        if let Some(b) = u(bm, "maxLength") {
            if a_max.is_none_or(|a| a > b) {
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

/// The lengths, in characters, of the strings a `format` admits as `validate` asserts it
/// (`validator_options`): `(min, max)`, `None` for no ceiling. Every window comes from a
/// length check in the format's own implementation, which counts bytes; only formats whose
/// valid strings are all ASCII have one, so bytes are characters. They are the same under
/// every draft: `uuid` is ours (`formats::is_uuid`, 8-4-4-4-12 hex digits) everywhere, the
/// others are the validator's built-ins, known under every draft. `duration` (ours) and
/// `email`, `uri` and the rest take any length, non-ASCII, or both: no window.
pub(super) fn format_lengths(format: &str) -> Option<(u64, Option<u64>)> {
    Some(match format {
        "uuid" => (36, Some(36)),
        // `YYYY-MM-DD`
        "date" => (10, Some(10)),
        // a date, `T`, `HH:MM:SSZ`; fractional seconds have no ceiling
        "date-time" => (20, None),
        "time" => (9, None),
        // `0.0.0.0` to `255.255.255.255`
        "ipv4" => (7, Some(15)),
        // `::` to `0000:0000:0000:0000:0000:0000:255.255.255.255`
        "ipv6" => (2, Some(45)),
        // no empty name, at most 253 characters
        "hostname" => (1, Some(253)),
        _ => return None,
    })
}

/// The lengths, in characters, of the strings a `pattern` matches, for patterns made only of
/// single-character atoms (literals, `.`, `\d`/`\w`/`\s` and their negations, escaped
/// punctuation, simple classes) each with an optional quantifier (`?`, `*`, `+`, `{n}`,
/// `{n,}`, `{n,m}`, lazy or not): every atom matches exactly one character, so a match is
/// at least the sum of the minimums long; a ceiling only when the pattern is anchored at both
/// ends (`^...$`), else a longer string matches around it. Anything else (groups,
/// alternation, assertions, back-references, `\u` escapes that may be half a surrogate
/// pair, class set operations) is `None`.
pub(super) fn pattern_lengths(p: &str) -> Option<(u64, Option<u64>)> {
    let cs: Vec<char> = p.chars().collect();
    let simple_escape = |c: char| "dDwWsS".contains(c) || (c.is_ascii_punctuation() && c != '_');
    let mut i = usize::from(cs.first() == Some(&'^'));
    let anchored_start = i == 1;
    let mut anchored_end = false;
    let (mut min, mut max): (u64, Option<u64>) = (0, Some(0));
    while i < cs.len() {
        match cs[i] {
            '$' if i + 1 == cs.len() => {
                anchored_end = true;
                break;
            }
            '$' | '^' | '(' | ')' | '|' | '*' | '+' | '?' | '{' | '}' | ']' => return None,
            '\\' => {
                if !simple_escape(*cs.get(i + 1)?) {
                    return None;
                }
                i += 2;
            }
            '[' => {
                let mut j = i + 1;
                if cs.get(j) == Some(&'^') {
                    j += 1;
                }
                let start = j;
                loop {
                    match *cs.get(j)? {
                        '\\' => {
                            if !simple_escape(*cs.get(j + 1)?) {
                                return None;
                            }
                            j += 2;
                        }
                        ']' => break,
                        '[' => return None,
                        c @ ('&' | '-' | '~') if cs.get(j + 1) == Some(&c) => return None,
                        _ => j += 1,
                    }
                }
                if j == start {
                    return None;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
        let quantified = matches!(cs.get(i), Some('*' | '+' | '?' | '{'));
        let (qmin, qmax): (u64, Option<u64>) = match cs.get(i) {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let close = i + cs[i..].iter().position(|c| *c == '}')?;
                let body: String = cs[i + 1..close].iter().collect();
                let num = |t: &str| -> Option<u64> {
                    (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| t.parse().ok())
                        .flatten()
                };
                let q = match body.split_once(',') {
                    None => {
                        let n = num(&body)?;
                        (n, Some(n))
                    }
                    Some((a, "")) => (num(a)?, None),
                    Some((a, b)) => {
                        let (a, b) = (num(a)?, num(b)?);
                        if a > b {
                            return None;
                        }
                        (a, Some(b))
                    }
                };
                i = close;
                q
            }
            _ => (1, Some(1)),
        };
        if quantified {
            i += 1; // past the quantifier (`i` is on its last character)
            if cs.get(i) == Some(&'?') {
                i += 1; // lazy
            }
        }
        min = min.checked_add(qmin)?;
        max = match (max, qmax) {
            (Some(m), Some(q)) => Some(m.checked_add(q)?),
            _ => None,
        };
    }
    if !(anchored_start && anchored_end) {
        max = None;
    }
    Some((min, max))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::format_lengths;
    use crate::compat::subset::validator_for;
    use crate::draft::Draft;

    const SEEDS: [&str; 16] = [
        "123e4567-e89b-12d3-a456-426614174000",
        "2024-01-31",
        "2024-02-29T23:59:60Z",
        "2024-01-31T10:00:00.123456789+01:00",
        "10:00:00Z",
        "00:00:00.1-23:59",
        "0.0.0.0",
        "255.255.255.255",
        "::",
        "0000:0000:0000:0000:0000:0000:255.255.255.255",
        "1:2:3:4:5:6:7:8",
        "a",
        "a.b-c.example",
        "xn--nxasmq6b.example",
        "é",
        "2024-01-31T10:00:00Zé",
    ];

    /// Strings around the seeds: each with a character cut, doubled or replaced, and joined.
    fn candidates() -> Vec<String> {
        let mut out: Vec<String> = SEEDS.iter().map(|s| s.to_string()).collect();
        let fill = ['0', 'a', 'F', ':', '.', '-', 'Z', 'é', '1', 'T'];
        for s in SEEDS {
            let cs: Vec<char> = s.chars().collect();
            for i in 0..=cs.len() {
                for f in fill {
                    let mut ins = cs.clone();
                    ins.insert(i, f);
                    out.push(ins.iter().collect());
                    if i < cs.len() {
                        let mut rep = cs.clone();
                        rep[i] = f;
                        out.push(rep.iter().collect());
                    }
                }
                if i < cs.len() {
                    let mut del = cs.clone();
                    del.remove(i);
                    out.push(del.iter().collect());
                }
            }
            for t in SEEDS {
                out.push(format!("{s}{t}"));
            }
        }
        let label = "a".repeat(63);
        let host = format!("{label}.{label}.{label}.{label}");
        out.push(host[..253].to_string());
        out.push(host[..254].to_string());
        out
    }

    #[test]
    fn format_length_windows_hold_for_every_string_the_validator_accepts_under_every_draft() {
        let cands = candidates();
        for f in [
            "uuid",
            "date",
            "date-time",
            "time",
            "ipv4",
            "ipv6",
            "hostname",
        ] {
            let (lo, hi) = format_lengths(f).expect("a window");
            for d in [Draft::D4, Draft::D6, Draft::D7, Draft::D2019, Draft::D2020] {
                let v = validator_for(&json!({"format": f}), d).expect("compiles");
                let mut accepted = 0;
                for c in &cands {
                    if v.is_valid(&Value::String(c.clone())) {
                        accepted += 1;
                        let n = c.chars().count() as u64;
                        assert!(
                            n >= lo && hi.is_none_or(|h| n <= h),
                            "{f} under {d:?} accepts {c:?} ({n} characters), outside {lo}..{hi:?}"
                        );
                    }
                }
                // the format is asserted under this draft (else the window means nothing)
                assert!(accepted > 0, "{f} under {d:?} accepts none of the samples");
                assert!(
                    !v.is_valid(&json!("not a valid anything")),
                    "{f} is not asserted under {d:?}"
                );
            }
        }
        assert_eq!(format_lengths("email"), None);
        assert_eq!(format_lengths("duration"), None);
    }
}

#[cfg(test)]
mod pattern_tests {
    use serde_json::{json, Value};

    use super::pattern_lengths;
    use crate::compat::subset::validator_for;
    use crate::draft::Draft;

    #[test]
    fn pattern_lengths_read_simple_patterns_only() {
        for (p, want) in [
            ("^[A-Z]{3}$", Some((3, Some(3)))),
            ("^[A-Z]{2}-[0-9]{1,8}$", Some((4, Some(11)))),
            ("^\\d{4}-\\d\\d$", Some((7, Some(7)))),
            ("^[a-z]+$", Some((1, None))),
            ("^x?y*?z{2,}$", Some((2, None))),
            ("[0-9]{3}", Some((3, None))),
            ("^ab", Some((2, None))),
            ("^a\\.b$", Some((3, Some(3)))),
            ("^[^\\]]{0,5}$", Some((0, Some(5)))),
            ("^\\$$", Some((1, Some(1)))),
            ("", Some((0, None))),
            ("^(ab)$", None),
            ("^a|b$", None),
            ("^a}$", None),
            ("^a{2$", None),
            ("^a{3,2}$", None),
            ("^\\bword$", None),
            ("^\\uD83D\\uDE00$", None),
            ("^[a&&b]$", None),
            ("^[]$", None),
            ("^\\1$", None),
        ] {
            assert_eq!(pattern_lengths(p), want, "{p}");
        }
    }

    /// Every string the validator's `pattern` accepts has a length inside the window.
    #[test]
    fn pattern_windows_hold_for_every_match_of_the_validator() {
        let patterns = [
            "^[A-Z]{3}$",
            "^[A-Z]{2}-[0-9]{1,8}$",
            "^\\d{4}-\\d\\d$",
            "^x?y*?z{2,}$",
            "[0-9]{3}",
            "^a\\.b$",
            "^[^\\]]{0,5}$",
            "^.{2,3}$",
            "^\\w\\s\\S$",
        ];
        let alphabet = ['A', 'z', '0', '7', '-', '.', ' ', 'é', ']', '\n', 'x', 'y'];
        // every string up to 4 characters over a small alphabet, and longer repeats
        let mut cands: Vec<String> = vec![String::new()];
        let mut layer: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for s in &layer {
                for c in alphabet {
                    next.push(format!("{s}{c}"));
                }
            }
            cands.extend(next.iter().cloned());
            layer = next;
        }
        for base in [
            "AB-12345678",
            "AB-123456789",
            "2024-01",
            "xyzz",
            "xzzzz",
            "a.b",
            "ABCD",
        ] {
            cands.push(base.to_string());
            cands.push(format!("{base}0"));
        }
        for p in patterns {
            let (lo, hi) = pattern_lengths(p).expect("simple");
            let v = validator_for(&json!({"pattern": p}), Draft::D2020).expect("compiles");
            let mut matched = 0;
            for c in &cands {
                if v.is_valid(&Value::String(c.clone())) {
                    matched += 1;
                    let n = c.chars().count() as u64;
                    assert!(
                        n >= lo && hi.is_none_or(|h| n <= h),
                        "/{p}/ matches {c:?} ({n} characters), outside {lo}..{hi:?}"
                    );
                }
            }
            assert!(matched > 0, "/{p}/ matched none of the samples");
        }
    }
}
