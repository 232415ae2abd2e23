//! The one validator factory. `validate` (the engine and the Python package), `lint` (rule
//! schemas, `x-evschema` checks, pattern compiles), `diff` (witness checks and the soundness
//! oracle) and the subscription analysis all start their validators here, so a document is
//! compiled under the same draft ([`crate::draft`]) with the same format assertion everywhere.
//! Each caller then adds only what is its own: a base URI and the catalog's retriever, a
//! prepared registry, a shared pattern cache.
//!
//! ```
//! use evschema_core::validator;
//! use serde_json::json;
//!
//! // no `$schema`: draft-07, whose `if`/`then` applies and whose `prefixItems` is unknown
//! let schema = json!({"if": {"const": 1}, "then": {"const": 2}, "prefixItems": [{"type": "string"}]});
//! let v = validator::options(&schema, true).unwrap().build(&schema).unwrap();
//! assert!(!v.is_valid(&json!(1)));
//! assert!(v.is_valid(&json!([1])));
//! ```

use jsonschema::json::Json;
use jsonschema::{Retrieve, ValidationOptions};
use serde_json::Value;

use crate::draft::{detect, Declared, Detected, Draft};

/// Why no validator options could be made for a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FactoryError {
    /// `$schema` names no draft and no metaschema evschema can see.
    #[error("$schema \"{0}\" names no JSON Schema draft evschema knows and no metaschema in the catalog; use a draft's URI (such as http://json-schema.org/draft-07/schema#) or add the metaschema to the catalog")]
    UnknownDraft(String),
}

/// Why a schema does not compile, wherever it was compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// Its `$schema` names no draft evschema can read it under.
    #[error(transparent)]
    Draft(#[from] FactoryError),
    /// A chain of `$ref`s that leads back to itself without moving into the instance.
    #[error("$ref cycle without a base case: {}", .0.join(" → "))]
    RefCycle(Vec<String>),
    /// The custom metaschema it names does not load.
    #[error("metaschema {uri}: {message}")]
    Metaschema { uri: String, message: String },
    /// The validator refused it, in the validator's words.
    #[error("{0}")]
    Invalid(String),
}

impl SchemaError {
    /// The validator's refusal.
    pub fn invalid(e: impl std::fmt::Display) -> SchemaError {
        SchemaError::Invalid(e.to_string())
    }
}

/// Options for compiling `schema`, read under the draft [`detect`] finds; `format` asserted
/// (with `uuid` and `duration` under every draft, as DESIGN asks) unless `assert_formats` is
/// false, which also turns off draft-06/07's `contentEncoding` / `contentMediaType` checks.
pub fn options<'i>(
    schema: &Value,
    assert_formats: bool,
) -> Result<ValidationOptions<'i, std::sync::Arc<dyn Retrieve>>, FactoryError> {
    options_for::<jsonschema::json::SerdeJson>(schema, assert_formats)
}

/// [`options`] for instances in the JSON representation `F`.
pub fn options_for<'i, F: Json>(
    schema: &Value,
    assert_formats: bool,
) -> Result<ValidationOptions<'i, std::sync::Arc<dyn Retrieve>, F>, FactoryError> {
    options_as::<F>(detect(schema), schema, assert_formats)
}

/// [`options_for`] with the draft already detected (by [`crate::catalog::Catalog::detect`],
/// which also follows custom metaschemas the catalog serves).
pub fn options_as<'i, F: Json>(
    detected: Detected,
    schema: &Value,
    assert_formats: bool,
) -> Result<ValidationOptions<'i, std::sync::Arc<dyn Retrieve>, F>, FactoryError> {
    let options = assertions(jsonschema::options_for::<F>(), assert_formats);
    match detected.declared {
        // the validator resolves the metaschema itself, from the registry its caller adds
        Declared::Custom => Ok(options),
        Declared::Unknown => Err(FactoryError::UnknownDraft(
            schema
                .get("$schema")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        )),
        _ => Ok(options.with_draft(detected.draft.jsonschema())),
    }
}

/// Options for a schema fragment built by evschema itself (a lone `pattern` or `format`), read
/// under `draft`.
pub fn for_draft<'i>(
    draft: Draft,
    assert_formats: bool,
) -> ValidationOptions<'i, std::sync::Arc<dyn Retrieve>> {
    assertions(jsonschema::options(), assert_formats).with_draft(draft.jsonschema())
}

fn assertions<'i, F: Json>(
    options: ValidationOptions<'i, std::sync::Arc<dyn Retrieve>, F>,
    assert_formats: bool,
) -> ValidationOptions<'i, std::sync::Arc<dyn Retrieve>, F> {
    let options = options
        .should_validate_formats(assert_formats)
        .should_ignore_unknown_formats(true);
    if assert_formats {
        options
            .with_format("uuid", crate::formats::is_uuid)
            .with_format("duration", crate::formats::is_duration)
    } else {
        // draft-06 and -07 assert these two content keywords; like formats, they are off
        // with --no-format-assertion (2019-09 and later treat them as annotations anyway)
        options
            .without_content_encoding_support("base64")
            .without_content_media_type_support("application/json")
    }
}

#[cfg(test)]
mod agreement {
    //! Validate, lint and diff read every `$schema` spelling under the same draft: the
    //! validators each of them compiles give the same verdicts on instances that tell the
    //! drafts apart, and they all refuse a `$schema` that names no draft.

    use std::path::Path;
    use std::sync::Arc;

    use serde_json::{json, Value};

    use crate::catalog::{Catalog, LoadOptions};
    use crate::draft::{detect, Declared, Draft};

    /// One keyword each draft adds, and an instance only that keyword rejects; a uuid
    /// `format`, which every draft asserts.
    fn probe(schema: Option<&str>) -> Value {
        let mut s = json!({
            "properties": {
                "c": {"const": 1},
                "i": {"if": {"const": 1}, "then": {"const": 2}},
                "d": {"dependentRequired": {"a": ["b"]}},
                "p": {"prefixItems": [{"type": "string"}]},
                "f": {"format": "uuid"}
            }
        });
        if let Some(uri) = schema {
            s["$schema"] = json!(uri);
        }
        s
    }

    fn instances() -> Vec<Value> {
        vec![
            json!({"c": 2}),
            json!({"i": 1}),
            json!({"d": {"a": 1}}),
            json!({"p": [1]}),
            json!({"f": "not-a-uuid"}),
            json!({"c": 1, "i": 2, "d": {"a": 1, "b": 2}, "p": ["x"], "f": "123e4567-e89b-12d3-a456-426614174000"}),
        ]
    }

    /// The verdicts a validator of `draft` must give on [`instances`].
    fn expected(draft: Draft) -> Vec<bool> {
        vec![
            draft < Draft::D6,
            draft < Draft::D7,
            draft < Draft::D2019,
            draft < Draft::D2020,
            false,
            true,
        ]
    }

    fn verdicts(v: &jsonschema::Validator) -> Vec<bool> {
        instances().iter().map(|i| v.is_valid(i)).collect()
    }

    fn spellings() -> Vec<Option<String>> {
        let mut out = vec![None, Some("https://json-schema.org/schema".to_owned())];
        for d in Draft::ALL {
            let u = d.uri();
            out.push(Some(u.to_owned()));
            out.push(Some(if u.ends_with('#') {
                u.trim_end_matches('#').to_owned()
            } else {
                format!("{u}#")
            }));
            out.push(Some(if u.starts_with("https") {
                u.replacen("https", "http", 1)
            } else {
                u.replacen("http", "https", 1)
            }));
        }
        out
    }

    #[test]
    fn validate_lint_and_diff_compile_every_draft_alike() {
        for spelling in spellings() {
            let schema = probe(spelling.as_deref());
            let d = detect(&schema);
            assert!(d.known(), "{spelling:?}");
            let want = expected(d.draft);
            let validate = crate::validate::engine::compile(&schema, true).unwrap();
            let lint = crate::lint::compile(&schema).unwrap();
            let diff = crate::compat::build_validator(&schema).unwrap();
            let witness =
                crate::compat::subset::validator_for(&schema, Draft::of(&schema)).unwrap();
            for (who, v) in [
                ("validate", &validate),
                ("lint", &lint),
                ("diff", &diff),
                ("witness", &witness),
            ] {
                assert_eq!(
                    verdicts(v),
                    want,
                    "{who} under {spelling:?} ({})",
                    d.draft.label()
                );
            }
            // lint's per-file draft is the detector's
            let (catalog, _) = Catalog::from_texts(
                Path::new("cat"),
                vec![("s.json".to_owned(), schema.to_string())],
                LoadOptions { tolerant: true },
            )
            .unwrap();
            assert_eq!(catalog.detect(crate::refs::DocId::Catalog(0)), d);
        }
    }

    #[test]
    fn a_schema_uri_that_names_no_draft_is_refused_by_all() {
        for uri in [
            "https://example.com/meta",
            "json-schema.org/draft-07/schema",
            "http://json-schema.org/draft-04/schema#/",
        ] {
            let schema = probe(Some(uri));
            assert_eq!(detect(&schema).declared, Declared::Unknown);
            assert!(
                crate::validate::engine::compile(&schema, true).is_err(),
                "validate {uri}"
            );
            assert!(crate::lint::compile(&schema).is_err(), "lint {uri}");
            assert!(
                crate::compat::build_validator(&schema).is_err(),
                "diff {uri}"
            );
            // diff proves nothing of it, in either direction
            let mut wider = schema.clone();
            wider["properties"]["c"] = json!({});
            let c = crate::compat::compare(&schema, &wider, crate::compat::Policy::Strict);
            assert!(!c.backward && !c.forward, "{uri}");
            assert!(crate::compat::prove(&schema, &wider)
                .iter()
                .all(Result::is_err));
            // and the same document is still the same contract
            let same = crate::compat::compare(&schema, &schema, crate::compat::Policy::Strict);
            assert!(same.backward && same.forward);
        }
    }

    #[test]
    fn a_custom_metaschema_the_catalog_serves_reads_as_its_chain_ends() {
        let meta = json!({
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "$id": "https://example.com/meta/custom",
            "$vocabulary": {
                "https://json-schema.org/draft/2019-09/vocab/core": true,
                "https://json-schema.org/draft/2019-09/vocab/applicator": true,
                "https://json-schema.org/draft/2019-09/vocab/validation": true,
                "https://json-schema.org/draft/2019-09/vocab/format": true
            },
            "allOf": [{"$ref": "https://json-schema.org/draft/2019-09/schema"}]
        });
        let schema = probe(Some("https://example.com/meta/custom"));
        let (catalog, _) = Catalog::from_texts(
            Path::new("cat"),
            vec![
                ("meta/custom.json".to_owned(), meta.to_string()),
                ("s.json".to_owned(), schema.to_string()),
            ],
            LoadOptions { tolerant: true },
        )
        .unwrap();
        let i = catalog
            .schemas
            .iter()
            .position(|s| s.rel == "s.json")
            .unwrap();
        let d = catalog.detect(crate::refs::DocId::Catalog(i));
        assert_eq!((d.draft, d.declared), (Draft::D2019, Declared::Custom));
        let catalog = Arc::new(catalog);
        let doc = crate::refs::DocId::Catalog(i);
        let v = crate::validate::engine::compile_in(
            &catalog.standalone(doc, "").unwrap(),
            true,
            Some((catalog.doc_uri(doc), Arc::clone(&catalog))),
        )
        .unwrap();
        assert_eq!(verdicts(&v), expected(Draft::D2019));
    }
}
