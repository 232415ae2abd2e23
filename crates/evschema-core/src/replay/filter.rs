//! Which recorded events a replay re-sends: `--type` globs on the event type and a
//! `--since`/`--until` window on the event's timestamp.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde_json::Value;

use super::time::{parse_rfc3339, Nanos};

/// What the filter says about one parsed event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// In the selection: goes on to the validation gate.
    Keep,
    /// Left out; the reason says by what.
    Filtered(String),
    /// The filter cannot place the event (no readable type or timestamp while a filter
    /// needs one). The validation gate decides: an invalid event is reported invalid; a
    /// valid one is filtered with this reason.
    Undecided(String),
}

/// A bad `--type`, `--since` or `--until` (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError(pub String);

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FilterError {}

/// The selection of one replay run.
#[derive(Debug, Clone)]
pub struct Filter {
    types: Option<GlobSet>,
    patterns: Vec<String>,
    since: Option<(Nanos, String)>,
    until: Option<(Nanos, String)>,
    type_key: String,
    time_key: String,
}

impl Filter {
    /// `types`: globs on the event type (`*` any run of characters, dots included; `?` one
    /// character; `[abc]`; `{a,b}`), any of which selects the event. `since` is inclusive,
    /// `until` exclusive, both RFC 3339 (a bare date is midnight UTC). `type_key` and
    /// `time_key` are JSON pointers into the event.
    pub fn new(
        types: &[String],
        since: Option<&str>,
        until: Option<&str>,
        type_key: &str,
        time_key: &str,
    ) -> Result<Filter, FilterError> {
        let set = if types.is_empty() {
            None
        } else {
            let mut b = GlobSetBuilder::new();
            for t in types {
                b.add(glob(t)?);
            }
            Some(b.build().map_err(|e| FilterError(format!("--type: {e}")))?)
        };
        let since = instant("--since", since)?;
        let until = instant("--until", until)?;
        if let (Some((s, st)), Some((u, ut))) = (&since, &until) {
            if s >= u {
                return Err(FilterError(format!(
                    "--since {st} is not before --until {ut}: the window is empty"
                )));
            }
        }
        Ok(Filter {
            types: set,
            patterns: types.to_vec(),
            since,
            until,
            type_key: type_key.to_owned(),
            time_key: time_key.to_owned(),
        })
    }

    /// Whether the filter selects anything less than everything.
    pub fn is_active(&self) -> bool {
        self.types.is_some() || self.since.is_some() || self.until.is_some()
    }

    /// Decides one parsed event.
    pub fn decide(&self, event: &Value) -> Decision {
        if let Some(set) = &self.types {
            match event.pointer(&self.type_key).and_then(Value::as_str) {
                Some(t) if set.is_match(t) => {}
                Some(t) => {
                    return Decision::Filtered(format!(
                        "event type {t} matches no --type ({})",
                        self.patterns.join(", ")
                    ))
                }
                None => {
                    return Decision::Undecided(format!(
                        "no event type at {} to match --type against",
                        self.type_key
                    ))
                }
            }
        }
        if self.since.is_none() && self.until.is_none() {
            return Decision::Keep;
        }
        let Some(text) = event.pointer(&self.time_key).and_then(Value::as_str) else {
            return Decision::Undecided(format!(
                "no timestamp at {} to place in the --since/--until window",
                self.time_key
            ));
        };
        let Some(at) = parse_rfc3339(text) else {
            return Decision::Undecided(format!(
                "timestamp {text:?} at {} is not RFC 3339: cannot place it in the --since/--until window",
                self.time_key
            ));
        };
        if let Some((since, st)) = &self.since {
            if at < *since {
                return Decision::Filtered(format!("timestamp {text} is before --since {st}"));
            }
        }
        if let Some((until, ut)) = &self.until {
            if at >= *until {
                return Decision::Filtered(format!("timestamp {text} is not before --until {ut}"));
            }
        }
        Decision::Keep
    }
}

fn instant(flag: &str, v: Option<&str>) -> Result<Option<(Nanos, String)>, FilterError> {
    v.map(|text| {
        parse_rfc3339(text)
            .map(|n| (n, text.to_owned()))
            .ok_or_else(|| {
                FilterError(format!(
                    "{flag} {text:?} is not an RFC 3339 date-time (e.g. 2024-12-15T09:00:00Z) or a date (2024-12-15)"
                ))
            })
    })
    .transpose()
}

/// A glob over event types: `*` crosses dots (`license.*` selects
/// `license.expiration.warning.30d`).
fn glob(pattern: &str) -> Result<Glob, FilterError> {
    GlobBuilder::new(pattern)
        .literal_separator(false)
        .build()
        .map_err(|e| FilterError(format!("--type {pattern:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn filter(types: &[&str], since: Option<&str>, until: Option<&str>) -> Filter {
        let types: Vec<String> = types.iter().map(|s| s.to_string()).collect();
        Filter::new(&types, since, until, "/event_type", "/timestamp").unwrap()
    }

    fn ev(t: &str, ts: &str) -> Value {
        json!({"event_type": t, "timestamp": ts})
    }

    #[test]
    fn type_globs_cross_dots_and_any_matches() {
        let f = filter(&["license.*", "cme.deadline.warning"], None, None);
        assert_eq!(
            f.decide(&ev("license.expiration.warning.30d", "x")),
            Decision::Keep
        );
        assert_eq!(f.decide(&ev("cme.deadline.warning", "x")), Decision::Keep);
        assert!(matches!(
            f.decide(&ev("cme.activity.created", "x")),
            Decision::Filtered(r) if r.contains("matches no --type (license.*, cme.deadline.warning)")
        ));
        let f = filter(
            &["notification.{sent,failed}", "document.?arsed"],
            None,
            None,
        );
        assert_eq!(f.decide(&ev("notification.failed", "x")), Decision::Keep);
        assert_eq!(f.decide(&ev("document.parsed", "x")), Decision::Keep);
        assert!(matches!(
            f.decide(&ev("notification.queued", "x")),
            Decision::Filtered(_)
        ));
        assert!(matches!(
            f.decide(&json!({"type": "license.created"})),
            Decision::Undecided(r) if r.contains("/event_type")
        ));
    }

    #[test]
    fn window_is_since_inclusive_until_exclusive() {
        let f = filter(&[], Some("2024-12-15T09:00:00Z"), Some("2024-12-16"));
        assert!(f.is_active());
        assert_eq!(f.decide(&ev("a", "2024-12-15T09:00:00Z")), Decision::Keep);
        assert_eq!(
            f.decide(&ev("a", "2024-12-15T10:30:00+01:00")),
            Decision::Keep
        );
        assert!(matches!(
            f.decide(&ev("a", "2024-12-15T08:59:59.999Z")),
            Decision::Filtered(r) if r.contains("before --since")
        ));
        assert!(matches!(
            f.decide(&ev("a", "2024-12-16T00:00:00Z")),
            Decision::Filtered(r) if r.contains("not before --until")
        ));
        assert!(matches!(f.decide(&ev("a", "soon")), Decision::Undecided(_)));
        assert!(matches!(
            f.decide(&json!({"event_type": "a"})),
            Decision::Undecided(_)
        ));
        assert!(!filter(&[], None, None).is_active());
        assert_eq!(filter(&[], None, None).decide(&json!(1)), Decision::Keep);
    }

    #[test]
    fn bad_flags_are_errors() {
        let none: Vec<String> = Vec::new();
        let e = Filter::new(&none, Some("last week"), None, "/event_type", "/timestamp");
        assert!(e
            .unwrap_err()
            .0
            .contains("--since \"last week\" is not an RFC 3339"));
        let e = Filter::new(&none, Some("2024-12-16"), Some("2024-12-15"), "/e", "/t");
        assert!(e.unwrap_err().0.contains("the window is empty"));
        let e = Filter::new(&["license.[".to_owned()], None, None, "/e", "/t");
        assert!(e.unwrap_err().0.starts_with("--type \"license.[\""));
    }
}
