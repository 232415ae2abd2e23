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
//! ```

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
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
