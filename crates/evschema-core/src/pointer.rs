//! JSON pointers (RFC 6901): the one place that escapes, unescapes, splits and joins them.
//!
//! ```
//! use evschema_core::pointer;
//!
//! let p = pointer::child("/properties", "a/b~c");
//! assert_eq!(p, "/properties/a~1b~0c");
//! assert_eq!(pointer::parse(&p), ["properties", "a/b~c"]);
//! assert_eq!(pointer::format(["properties", "a/b~c"]), p);
//! assert_eq!(pointer::last(&p).as_deref(), Some("a/b~c"));
//! let mut q = String::from("/items");
//! pointer::push_index(&mut q, 3);
//! pointer::push_token(&mut q, "~x");
//! assert_eq!(q, "/items/3/~0x");
//! ```

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

/// Appends `/` and the escaped `token` to `pointer`, without allocating for the token.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        for c in token.chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
    } else {
        pointer.push_str(token);
    }
}

/// Appends `/` and the array index `i` to `pointer`.
pub fn push_index(pointer: &mut String, i: usize) {
    use std::fmt::Write;
    pointer.push('/');
    let _ = write!(pointer, "{i}");
}

/// Unescapes one reference token (`~1` → `/`, `~0` → `~`, in that order).
pub fn unescape(token: &str) -> String {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~")
    } else {
        token.to_owned()
    }
}

/// The unescaped tokens of a pointer (`""` has none; a leading `/` is expected).
pub fn parse(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(unescape).collect()
}

/// The pointer made of these (unescaped) tokens.
pub fn format<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for t in tokens {
        push(&mut out, t.as_ref());
    }
    out
}

/// Appends one token to a pointer.
pub fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&escape(token));
}

/// The pointer of member or item `token` under `pointer`.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

/// The last token, unescaped; `None` for the root pointer `""`.
pub fn last(pointer: &str) -> Option<String> {
    pointer.rsplit_once('/').map(|(_, t)| unescape(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_two_escapes_in_rfc_order() {
        for token in ["", "a", "a/b", "m~n", "~1", "~01", "/~/"] {
            assert_eq!(unescape(&escape(token)), token);
            assert_eq!(parse(&child("", token)), [token]);
        }
        // `~01` is `~1` unescaped, never `/`
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(parse(""), Vec::<String>::new());
        assert_eq!(parse("/"), [""]);
        assert_eq!(format(Vec::<String>::new()), "");
        assert_eq!(last(""), None);
        assert_eq!(last("/a/"), Some(String::new()));
    }
}

/// Decodes the `%XX` escapes of a URI fragment; an escape that is not two hex digits is
/// kept as written, and bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    String::from_utf8_lossy(&decode(s, false).unwrap_or_default()).into_owned()
}

/// [`percent_decode`] that refuses a malformed escape or a result that is not UTF-8.
pub fn percent_decode_strict(s: &str) -> Option<String> {
    String::from_utf8(decode(s, true)?).ok()
}

fn decode(s: &str, strict: bool) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
            match (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ if strict => return None,
                _ => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod percent_tests {
    use super::*;

    #[test]
    fn escapes_decode_and_malformed_ones_are_kept_or_refused() {
        assert_eq!(percent_decode("/a%20b/%7E0"), "/a b/~0");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("/%zz"), "/%zz");
        assert_eq!(percent_decode_strict("/a%2Fb").as_deref(), Some("/a/b"));
        assert_eq!(percent_decode_strict("/100%"), None);
        assert_eq!(percent_decode_strict("/%ff"), None);
        assert_eq!(percent_decode("/%ff"), "/\u{fffd}");
    }
}
