//! The one draft detector: which JSON Schema draft a document is read under. Validate, lint,
//! diff, render, export and the reference resolver all ask this module, so that a witness
//! `diff` shows is accepted or rejected by `validate` under the same draft.
//!
//! The rules (DESIGN: "draft-07 unless it says otherwise in `$schema`"):
//!
//! | `$schema`                                              | draft    | [`Declared`] |
//! |--------------------------------------------------------|----------|--------------|
//! | absent (or not a string)                               | draft-07 | `Absent`     |
//! | a draft's URI as published (`http://…/draft-07/schema#`) | that one | `Official`   |
//! | the same over `https`, or without/with the final `#`   | that one | `Unofficial` |
//! | `http(s)://json-schema.org/schema` (the current draft) | 2020-12  | `Latest`     |
//! | a metaschema the catalog serves, whose `$schema` chain ends at a draft | that one | `Custom` |
//! | anything else                                          | draft-07 | `Unknown`    |
//!
//! The spellings read as a draft are exactly those the validator recognises, so a schema
//! `validate` compiles is read by `lint` and `diff` under the same draft. An `Unknown`
//! `$schema` is refused by `validate` (it cannot be compiled), reported by `lint` (E003,
//! which checks the rest of the file as draft-07) and proves nothing in `diff`.
//!
//! ```
//! use evschema_core::draft::{detect, Declared, Draft};
//! use serde_json::json;
//!
//! let d = detect(&json!({"$schema": "https://json-schema.org/draft/2020-12/schema"}));
//! assert_eq!((d.draft, d.declared), (Draft::D2020, Declared::Official));
//! assert_eq!(detect(&json!({"type": "object"})).draft, Draft::D7);
//! assert_eq!(detect(&json!({"$schema": "https://example.com/meta"})).declared, Declared::Unknown);
//! ```

use serde_json::Value;

/// A JSON Schema draft evschema reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Draft {
    D4,
    D6,
    D7,
    D2019,
    D2020,
}

/// How a document's `$schema` named its draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    /// No `$schema` string: draft-07.
    Absent,
    /// The draft's URI exactly as the specification publishes it.
    Official,
    /// A spelling of a draft's URI the validator recognises but that is not the published one
    /// (`https` for draft-04 to -07, a `#` added or dropped).
    Unofficial,
    /// The version-less `json-schema.org/schema`: whichever draft is current (2020-12).
    Latest,
    /// A custom metaschema served by the catalog; the draft is the one its chain ends at.
    Custom,
    /// A URI that names no draft and no metaschema evschema can see.
    Unknown,
}

/// What [`detect`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The draft the document is read under.
    pub draft: Draft,
    /// How `$schema` said so.
    pub declared: Declared,
}

impl Detected {
    /// Whether the document names a draft evschema reads it under with certainty (everything
    /// but [`Declared::Unknown`]).
    pub fn known(self) -> bool {
        self.declared != Declared::Unknown
    }
}

/// How many metaschemas a custom `$schema` chain may pass through.
const CHAIN_LIMIT: usize = 16;

impl Draft {
    /// Every draft, oldest first.
    pub const ALL: [Draft; 5] = [Draft::D4, Draft::D6, Draft::D7, Draft::D2019, Draft::D2020];

    /// The draft's name as people write it (`draft-07`, `2020-12`).
    pub fn label(self) -> &'static str {
        match self {
            Draft::D4 => "draft-04",
            Draft::D6 => "draft-06",
            Draft::D7 => "draft-07",
            Draft::D2019 => "2019-09",
            Draft::D2020 => "2020-12",
        }
    }

    /// The metaschema URI exactly as the specification publishes it.
    pub fn uri(self) -> &'static str {
        match self {
            Draft::D4 => "http://json-schema.org/draft-04/schema#",
            Draft::D6 => "http://json-schema.org/draft-06/schema#",
            Draft::D7 => "http://json-schema.org/draft-07/schema#",
            Draft::D2019 => "https://json-schema.org/draft/2019-09/schema",
            Draft::D2020 => "https://json-schema.org/draft/2020-12/schema",
        }
    }

    /// The validator crate's name for the draft.
    pub fn jsonschema(self) -> jsonschema::Draft {
        match self {
            Draft::D4 => jsonschema::Draft::Draft4,
            Draft::D6 => jsonschema::Draft::Draft6,
            Draft::D7 => jsonschema::Draft::Draft7,
            Draft::D2019 => jsonschema::Draft::Draft201909,
            Draft::D2020 => jsonschema::Draft::Draft202012,
        }
    }

    /// The validator of documents against the draft's metaschema.
    pub fn metaschema_validator(self) -> jsonschema::meta::MetaValidator<'static> {
        match self {
            Draft::D4 => jsonschema::draft4::meta::validator(),
            Draft::D6 => jsonschema::draft6::meta::validator(),
            Draft::D7 => jsonschema::draft7::meta::validator(),
            Draft::D2019 => jsonschema::draft201909::meta::validator(),
            Draft::D2020 => jsonschema::draft202012::meta::validator(),
        }
    }

    /// True when `$ref` makes its sibling keywords ignored (draft-04 to draft-07).
    pub fn ref_overrides_siblings(self) -> bool {
        self <= Draft::D7
    }

    /// The draft a `$schema` URI names, and how, when it names one (see the module table);
    /// `None` for a URI that names no draft.
    pub fn from_uri(uri: &str) -> Option<(Draft, Declared)> {
        let bare = uri.strip_suffix('#').unwrap_or(uri);
        let path = bare
            .strip_prefix("http://")
            .or_else(|| bare.strip_prefix("https://"))?;
        let draft = match path {
            "json-schema.org/draft-04/schema" => Draft::D4,
            "json-schema.org/draft-06/schema" => Draft::D6,
            "json-schema.org/draft-07/schema" => Draft::D7,
            "json-schema.org/draft/2019-09/schema" => Draft::D2019,
            "json-schema.org/draft/2020-12/schema" => Draft::D2020,
            "json-schema.org/schema" => return Some((Draft::D2020, Declared::Latest)),
            _ => return None,
        };
        let declared = if uri == draft.uri() {
            Declared::Official
        } else {
            Declared::Unofficial
        };
        Some((draft, declared))
    }

    /// The draft `root` is read under ([`detect`] without a catalog).
    pub fn of(root: &Value) -> Draft {
        detect(root).draft
    }

    /// The draft `root` is read under when it has a `$schema` string ([`detect`] without a
    /// catalog); `None` without one.
    pub fn named(root: &Value) -> Option<Draft> {
        let d = detect(root);
        (d.declared != Declared::Absent).then_some(d.draft)
    }
}

/// The draft `root` is read under, from its `$schema` alone (custom metaschemas are `Unknown`
/// here; [`detect_with`] follows them).
pub fn detect(root: &Value) -> Detected {
    detect_with(root, |_| None)
}

/// [`detect`], with `metaschema(uri)` giving the document a custom `$schema` URI names (the
/// catalog's files, `$id`s and mapped files): the draft is the one the chain of `$schema`s
/// ends at, as the validator resolves it.
pub fn detect_with<'m>(root: &Value, metaschema: impl Fn(&str) -> Option<&'m Value>) -> Detected {
    let Some(uri) = root.get("$schema").and_then(Value::as_str) else {
        return Detected {
            draft: Draft::D7,
            declared: Declared::Absent,
        };
    };
    if let Some((draft, declared)) = Draft::from_uri(uri) {
        return Detected { draft, declared };
    }
    let mut current = uri.to_owned();
    for _ in 0..CHAIN_LIMIT {
        let Some(next) = metaschema(&current)
            .and_then(|m| m.get("$schema"))
            .and_then(Value::as_str)
        else {
            break;
        };
        if let Some((draft, _)) = Draft::from_uri(next) {
            return Detected {
                draft,
                declared: Declared::Custom,
            };
        }
        if next == current {
            break;
        }
        current = next.to_owned();
    }
    Detected {
        draft: Draft::D7,
        declared: Declared::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn of(s: &str) -> (Draft, Declared) {
        let d = detect(&json!({ "$schema": s }));
        (d.draft, d.declared)
    }

    #[test]
    fn every_spelling_the_validator_knows_is_read_as_its_draft() {
        for d in Draft::ALL {
            assert_eq!(of(d.uri()), (d, Declared::Official));
            let other = if d.uri().ends_with('#') {
                d.uri().trim_end_matches('#').to_owned()
            } else {
                format!("{}#", d.uri())
            };
            assert_eq!(of(&other), (d, Declared::Unofficial), "{other}");
            let scheme = if d.uri().starts_with("https") {
                d.uri().replacen("https", "http", 1)
            } else {
                d.uri().replacen("http", "https", 1)
            };
            assert_eq!(of(&scheme), (d, Declared::Unofficial), "{scheme}");
            // and the validator crate agrees
            assert_eq!(
                jsonschema::Draft::default().detect(&json!({ "$schema": other })),
                d.jsonschema()
            );
        }
        assert_eq!(
            of("https://json-schema.org/schema"),
            (Draft::D2020, Declared::Latest)
        );
        assert_eq!(
            jsonschema::Draft::default()
                .detect(&json!({"$schema": "https://json-schema.org/schema"})),
            jsonschema::Draft::Draft202012
        );
    }

    #[test]
    fn other_uris_are_unknown_and_read_as_draft_07() {
        for s in [
            "https://example.com/meta",
            "json-schema.org/draft-07/schema",
            "http://json-schema.org/draft-04/schema#/",
            "https://example.com/draft-04/schema",
            "",
        ] {
            assert_eq!(of(s), (Draft::D7, Declared::Unknown), "{s}");
            assert_eq!(
                jsonschema::Draft::default().detect(&json!({ "$schema": s })),
                jsonschema::Draft::Unknown,
                "{s}"
            );
        }
        assert_eq!(detect(&json!({"$schema": 4})).declared, Declared::Absent);
        assert_eq!(detect(&json!(true)).declared, Declared::Absent);
    }

    #[test]
    fn custom_metaschemas_resolve_through_their_chain() {
        let a = json!({"$schema": "https://example.com/b"});
        let b = json!({"$schema": "https://json-schema.org/draft/2019-09/schema"});
        let loop_ = json!({"$schema": "https://example.com/loop"});
        let served = |uri: &str| match uri {
            "https://example.com/a" => Some(&a),
            "https://example.com/b" => Some(&b),
            "https://example.com/loop" => Some(&loop_),
            _ => None,
        };
        let d = detect_with(&json!({"$schema": "https://example.com/a"}), served);
        assert_eq!((d.draft, d.declared), (Draft::D2019, Declared::Custom));
        let d = detect_with(&json!({"$schema": "https://example.com/loop"}), served);
        assert_eq!(d.declared, Declared::Unknown);
        let d = detect_with(&json!({"$schema": "https://example.com/none"}), served);
        assert_eq!(d.declared, Declared::Unknown);
    }
}
