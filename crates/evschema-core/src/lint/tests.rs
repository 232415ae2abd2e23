//! Unit tests of the rules on in-memory catalogs (the per-rule fixtures run the binary).

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::fix;
use super::rules::catalog::expected_stems;
use super::rules::contract::is_event_type_name;
use super::walk::Draft;
use super::{lint, suggest, Defaults, Input, Settings, Source};

fn input(files: &[(&str, &str)]) -> Input {
    Input {
        root: PathBuf::from("cat"),
        is_catalog: true,
        sources: files
            .iter()
            .map(|(rel, text)| Source {
                rel: (*rel).to_owned(),
                path: PathBuf::from("cat").join(rel),
                text: (*text).to_owned(),
            })
            .collect(),
    }
}

/// Codes reported for one common/ file holding `schema` (with $schema, title, description).
fn codes(schema: &str) -> BTreeSet<&'static str> {
    let text = format!(
        "{{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"title\": \"t\", \"description\": \"d\", {}}}",
        schema
            .trim()
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .unwrap_or(schema)
    );
    let report = lint(
        &input(&[("common/x.json", &text)]),
        &Defaults,
        &Settings::default(),
        None,
    );
    report
        .findings
        .iter()
        .map(|f| f.code)
        .filter(|c| *c != "W303" && *c != "W305")
        .collect()
}

fn has(schema: &str, code: &str) -> bool {
    codes(schema).contains(code)
}

#[test]
fn suggestions() {
    assert_eq!(
        suggest("requierd", &["required", "properties"]),
        Some(("required", true))
    );
    assert_eq!(
        suggest(
            "additionalProperty",
            &["additionalProperties", "additionalItems"]
        ),
        Some(("additionalProperties", true))
    );
    assert_eq!(
        suggest("MaxLength", &["maxLength", "minLength"]),
        Some(("maxLength", true))
    );
    assert_eq!(suggest("nullable", &["required", "properties"]), None);
    // two candidates one edit away: ambiguous
    assert_eq!(suggest("abcd", &["abce", "abcf"]).map(|s| s.1), Some(false));
}

#[test]
fn drafts_from_uris() {
    assert_eq!(
        Draft::from_uri("http://json-schema.org/draft-07/schema#").map(|(d, _)| d),
        Some(Draft::D7)
    );
    assert_eq!(
        Draft::from_uri("https://json-schema.org/draft-07/schema").map(|(d, _)| d),
        Some(Draft::D7)
    );
    assert_eq!(
        Draft::from_uri("https://json-schema.org/draft/2020-12/schema").map(|(d, _)| d),
        Some(Draft::D2020)
    );
    assert_eq!(
        Draft::from_uri("https://example.com/meta").map(|(d, _)| d),
        None
    );
}

#[test]
fn event_type_names() {
    for ok in [
        "license.created",
        "license.expiration.warning.90d",
        "cme.compliance.at_risk",
    ] {
        assert!(is_event_type_name(ok), "{ok}");
    }
    for bad in [
        "license",
        "License.created",
        "license..created",
        "license.created.",
        "9x.created",
        "license._x",
    ] {
        assert!(!is_event_type_name(bad), "{bad}");
    }
}

#[test]
fn file_stems_from_event_types() {
    let s = |t: &[&str]| expected_stems(&t.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    assert_eq!(s(&["license.created"]), ["license_created", "license"]);
    assert_eq!(
        s(&[
            "license.expiration.warning.90d",
            "license.expiration.warning.30d"
        ]),
        [
            "license_expiration_warning",
            "license_expiration",
            "license"
        ]
    );
}

#[test]
fn validity_rules() {
    assert!(has(r#"{"type": "strnig"}"#, "E003"));
    assert!(has(r#"{"type": "object", "requierd": ["a"]}"#, "E005"));
    assert!(has(r#"{"nullable": true}"#, "W006"));
    assert!(!has(r#"{"x-owner": "team", "type": "string"}"#, "W006"));
    assert!(has(r#"{"dependentRequired": {"a": ["b"]}}"#, "E013"));
    assert!(has(r##"{"$ref": "#/definitions/nope"}"##, "E007"));
    assert!(has(r#"{"$ref": "https://example.com/s.json"}"#, "E007"));
    assert!(
        !has(r#"{"pattern": "(?<=a)b"}"#, "E009"),
        "lookbehind is ECMA-262"
    );
    assert!(has(r#"{"pattern": "a{2,1}"}"#, "E009"));
    assert!(!has(r#"{"format": "email"}"#, "E010"));
    assert!(has(r#"{"format": "e-mail"}"#, "E010"));
    assert!(has(r#"{"else": {}}"#, "W011"));
    assert!(has(r#"{"additionalItems": false, "items": {}}"#, "W011"));
    assert!(has(
        r##"{"definitions": {"a": {"type": "string"}}, "properties": {"p": {"$ref": "#/definitions/a", "maxLength": 3}}}"##,
        "W012"
    ));
    assert!(!has(
        r##"{"definitions": {"a": {"type": "string"}}, "properties": {"p": {"$ref": "#/definitions/a", "title": "ok"}}}"##,
        "W012"
    ));
}

#[test]
fn ref_cycles_need_a_base_case() {
    assert!(has(
        r##"{"definitions": {"a": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/a"}]}}}"##,
        "E008"
    ));
    assert!(has(
        r##"{"definitions": {"a": {"$ref": "#/definitions/a"}}}"##,
        "E008"
    ));
    // recursion through properties consumes the instance: fine
    assert!(!has(
        r##"{"definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}}}}"##,
        "E008"
    ));
}

#[test]
fn consistency_rules() {
    assert!(has(r#"{"minLength": 3, "maxLength": 2}"#, "E101"));
    assert!(has(r#"{"minimum": 3, "exclusiveMaximum": 3}"#, "E101"));
    assert!(!has(r#"{"minimum": 3, "maximum": 3}"#, "E101"));
    assert!(has(
        r#"{"properties": {"a": {}}, "required": ["b"]}"#,
        "E102"
    ));
    assert!(!has(
        r#"{"properties": {"a": {}}, "patternProperties": {"^b": {}}, "required": ["a", "bee"]}"#,
        "E102"
    ));
    // then/else name properties of the schema they are attached to
    assert!(!has(
        r#"{"properties": {"a": {}, "b": {}}, "if": {"required": ["a"]}, "then": {"required": ["b"]}}"#,
        "E102"
    ));
    assert!(has(
        r#"{"properties": {"a": {}}, "if": {"required": ["a"]}, "then": {"required": ["c"]}}"#,
        "E102"
    ));
    assert!(has(r#"{"enum": []}"#, "E103"));
    assert!(has(r#"{"enum": ["a", "b", "a"]}"#, "E104"));
    assert!(has(r#"{"type": "integer", "enum": [1, 2.5]}"#, "E105"));
    assert!(!has(r#"{"type": "number", "enum": [1, 2.5]}"#, "E105"));
    assert!(has(r#"{"type": "string", "const": 1}"#, "E105"));
    assert!(has(
        r#"{"type": "integer", "minimum": 1, "default": 0}"#,
        "E106"
    ));
    assert!(!has(
        r#"{"type": "integer", "minimum": 1, "default": 1}"#,
        "E106"
    ));
    assert!(has(
        r#"{"properties": {"d": {"type": "string", "format": "date", "examples": ["2024-02-30x"]}}}"#,
        "E107"
    ));
    assert!(has(
        r#"{"allOf": [{"type": "string"}, {"type": ["integer", "null"]}]}"#,
        "E108"
    ));
    assert!(!has(
        r#"{"allOf": [{"type": "number"}, {"type": "integer"}]}"#,
        "E108"
    ));
    assert!(has(r#"{"type": "string", "minimum": 1}"#, "W109"));
    assert!(!has(
        r#"{"type": ["string", "integer"], "minimum": 1}"#,
        "W109"
    ));
    assert!(has(r#"{"const": "a", "enum": ["b"]}"#, "E111"));
}

#[test]
fn draft_04_exclusive_bounds_are_booleans() {
    let text = r#"{"$schema": "http://json-schema.org/draft-04/schema#", "title": "t", "description": "d", "minimum": 3, "maximum": 3, "exclusiveMaximum": true}"#;
    let report = lint(
        &input(&[("common/x.json", text)]),
        &Defaults,
        &Settings::default(),
        None,
    );
    assert!(
        report.findings.iter().any(|f| f.code == "E101"),
        "{:?}",
        report.findings
    );
}

#[test]
fn inline_suppression_by_code_or_name() {
    assert!(!has(
        r#"{"properties": {"p": {"x-evschema-ignore": ["E010"], "format": "e-mail"}}}"#,
        "E010"
    ));
    assert!(!has(
        r#"{"x-evschema-ignore": ["unknown-format"], "properties": {"p": {"format": "e-mail"}}}"#,
        "E010"
    ));
    assert!(has(
        r#"{"properties": {"p": {"x-evschema-ignore": ["E101"], "format": "e-mail"}}}"#,
        "E010"
    ));
}

#[test]
fn only_restricts_findings_to_the_given_files() {
    let bad = r#"{"title": "t", "description": "d"}"#;
    let inp = input(&[("common/a.json", bad), ("common/b.json", bad)]);
    let only = BTreeSet::from(["cat/common/b.json".to_owned()]);
    let report = lint(&inp, &Defaults, &Settings::default(), Some(&only));
    assert!(!report.findings.is_empty());
    assert!(report
        .findings
        .iter()
        .all(|f| f.file == "cat/common/b.json"));
}

#[test]
fn fixes_are_text_edits() {
    let text =
        "{\n\t\"title\": \"t\",\n\t\"description\": \"d\",\n\t\"requierd\": [\"b\", \"a\"]\n}\n";
    let report = lint(
        &input(&[("common/x.json", text)]),
        &Defaults,
        &Settings::default(),
        None,
    );
    let file = &report.catalog.schemas[report.by_path["cat/common/x.json"]];
    let edits = fix::plan(file, &report.findings);
    let fixed = fix::apply(text, &edits);
    assert_eq!(
        fixed,
        "{\n\t\"$schema\": \"http://json-schema.org/draft-07/schema#\",\n\t\"title\": \"t\",\n\t\"description\": \"d\",\n\t\"required\": [\"b\", \"a\"]\n}\n"
    );
    // sorting keeps separators and the elements' own text
    let text = "{\"required\": [ \"b\",\n  \"c\", \"a\" ]}";
    let report = lint(
        &input(&[("common/x.json", text)]),
        &Defaults,
        &Settings::default(),
        None,
    );
    let file = &report.catalog.schemas[report.by_path["cat/common/x.json"]];
    let mut f = report.findings[0].clone();
    f.code = "W110";
    f.pointer = "/required".to_owned();
    let fixed = fix::apply(text, &fix::plan(file, &[f]));
    assert_eq!(fixed, "{\"required\": [ \"a\",\n  \"b\", \"c\" ]}");
}

#[test]
fn hostile_cycles_do_not_overflow_the_stack() {
    // in-place loops beside defaults, examples and required (which follow $refs)
    let c = codes(
        r##"{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}},
            "properties": {"p": {"$ref": "#/definitions/a", "default": 1}},
            "allOf": [{"$ref": "#"}], "required": ["zz"], "examples": [{"p": 1}]}"##,
    );
    assert!(c.contains("E008"), "{c:?}");
    // recursion through properties is fine, and its examples are still checked
    let c = codes(
        r##"{"definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}, "additionalProperties": false}},
            "$ref": "#/definitions/node", "examples": [{"next": {"next": {"bad": 1}}}]}"##,
    );
    assert!(c.contains("E107") && !c.contains("E008"), "{c:?}");
}

#[test]
fn dialect_uri_fix_writes_the_official_uri() {
    let text = "{\"$schema\": \"https://json-schema.org/draft-07/schema\", \"title\": \"t\", \"description\": \"d\"}";
    let report = lint(
        &input(&[("common/x.json", text)]),
        &Defaults,
        &Settings::default(),
        None,
    );
    assert!(report.findings.iter().any(|f| f.code == "W014"));
    let file = &report.catalog.schemas[report.by_path["cat/common/x.json"]];
    let fixed = fix::apply(text, &fix::plan(file, &report.findings));
    assert_eq!(
        fixed,
        "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"title\": \"t\", \"description\": \"d\"}"
    );
}

#[test]
fn the_version_less_uri_is_pinned_to_the_draft_it_is_read_as() {
    // read as 2020-12 (prefixItems is a keyword, so no unknown-keyword finding), and --fix
    // writes the 2020-12 URI, which keeps that reading
    let text = r#"{"$schema": "https://json-schema.org/schema", "title": "t", "description": "d", "type": "array", "prefixItems": [{"type": "string"}]}"#;
    let report = lint(
        &input(&[("common/x.json", text)]),
        &Defaults,
        &Settings::default(),
        None,
    );
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["W014"], "{:?}", report.findings);
    let file = &report.catalog.schemas[report.by_path["cat/common/x.json"]];
    let fixed = fix::apply(text, &fix::plan(file, &report.findings));
    assert_eq!(
        fixed,
        text.replace(
            "https://json-schema.org/schema",
            "https://json-schema.org/draft/2020-12/schema"
        )
    );
}

#[test]
fn keywords_a_later_draft_dropped_are_reported() {
    let text = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "t", "description": "d", "dependencies": {"a": ["b"]}, "items": {}, "additionalItems": false}"#;
    let report = lint(
        &input(&[("common/x.json", text)]),
        &Defaults,
        &Settings::default(),
        None,
    );
    let e013: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "E013")
        .map(|f| f.pointer.as_str())
        .collect();
    assert_eq!(
        e013,
        ["/dependencies", "/additionalItems"],
        "{:?}",
        report.findings
    );
    // still fine under draft-07
    assert!(!has(r#"{"dependencies": {"a": ["b"]}}"#, "E013"));
}

#[test]
fn vendor_extensions_and_affixed_keywords_are_not_typos() {
    use super::rules::validity::{affix_of, classify_key, is_vendor_extension, KeyKind};
    for k in [
        "x-amazon",
        "tsType",
        "tsEnumNames",
        "markdownDescription",
        "errorMessage",
        "typeof",
    ] {
        assert!(is_vendor_extension(k), "{k}");
    }
    // "ts" then lower case is not the typescript convention
    assert!(!is_vendor_extension("tsunami"));
    let kw = super::rules::validity::keywords(Draft::D7);
    assert_eq!(affix_of("defs", kw), Some("$defs"));
    assert_eq!(
        affix_of("tsAdditionalProperties", kw),
        Some("additionalProperties")
    );
    assert_eq!(affix_of("minimumValue", kw), Some("minimum"));
    // one letter is a typo, not an affix
    assert_eq!(affix_of("require", kw), None);
    assert!(matches!(
        classify_key(Draft::D7, "require", false),
        KeyKind::Typo {
            suggestion: "required",
            ..
        }
    ));
    assert!(matches!(
        classify_key(Draft::D7, "defs", false),
        KeyKind::Unknown {
            like: Some("$defs")
        }
    ));
    assert!(!has(
        r#"{"properties": {"a": {"tsType": "any", "defs": {}}}}"#,
        "E005"
    ));
}

#[test]
fn presence_tests_define_nothing() {
    let base = r#""properties": {"a": {"type": "string"}}"#;
    for extra in [
        r#""not": {"required": ["legacy"]}"#,
        r#""if": {"required": ["b"]}, "then": {"properties": {"a": {"minLength": 1}}}"#,
        r#""anyOf": [{"required": ["b"]}, {"required": ["c"]}]"#,
        r#""oneOf": [{"required": ["b"]}, {"not": {"required": ["b"]}}]"#,
    ] {
        assert!(!has(&format!("{{{base}, {extra}}}"), "E102"), "{extra}");
    }
    // a branch that describes properties still has to define what it requires
    assert!(has(
        &format!(r#"{{{base}, "anyOf": [{{"properties": {{"b": {{}}}}, "required": ["c"]}}]}}"#),
        "E102"
    ));
    assert!(has(&format!(r#"{{{base}, "required": ["zz"]}}"#), "E102"));
}

#[test]
fn an_invalid_type_name_has_no_follow_on_findings() {
    let c = codes(r#"{"type": "objekt", "properties": {"a": {}}, "minLength": 1, "enum": [1]}"#);
    assert_eq!(c, BTreeSet::from(["E003"]), "{c:?}");
}

#[test]
fn verify_refuses_what_changes_meaning_and_keeps_the_rest() {
    let text = r#"{"$schema": "http://json-schema.org/draft-07/schema#", "titel": "t", "requierd": ["a"], "properties": {"a": {}}}"#;
    let report = lint(
        &input(&[("common/x.json", text)]),
        &Defaults,
        &Settings::default(),
        None,
    );
    let i = report.by_path["cat/common/x.json"];
    let check = |new: &str| {
        fix::verify(
            &report.catalog,
            &std::collections::BTreeMap::from([(i, new.to_owned())]),
        )
        .remove(&i)
        .unwrap()
    };
    assert_eq!(check(&text.replace("titel", "title")), fix::Verdict::Safe);
    assert!(matches!(
        check(&text.replace("requierd", "required")),
        fix::Verdict::Unsafe(why) if why.contains("would not accept exactly the same events")
    ));
    assert!(matches!(
        check(&text.replace("\"t\"", "1").replace("titel", "title")),
        fix::Verdict::Unsafe(why) if why.contains("metaschema")
    ));
    assert!(matches!(
        check("{"),
        fix::Verdict::Unsafe(why) if why.contains("not valid JSON")
    ));
}

#[test]
fn defaults_under_references_are_checked_through_the_shared_registry() {
    let refd = r##"{"definitions": {"n": {"type": "integer", "minimum": 1}},
        "properties": {"p": {"allOf": [{"$ref": "#/definitions/n"}], "default": DEFAULT}}}"##;
    assert!(has(&refd.replace("DEFAULT", "0"), "E106"));
    assert!(has(&refd.replace("DEFAULT", "\"x\""), "E106"));
    assert!(!has(&refd.replace("DEFAULT", "2"), "E106"));
    // a property name that needs escaping in the fragment
    let odd = r##"{"definitions": {"n": {"type": "integer"}},
        "properties": {"a b/c~d%": {"allOf": [{"$ref": "#/definitions/n"}], "examples": ["x", 3]}}}"##;
    let report = lint(
        &input(&[(
            "common/x.json",
            &format!(
                "{{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"title\": \"t\", \"description\": \"d\", {}",
                odd.trim().strip_prefix('{').unwrap()
            ),
        )]),
        &Defaults,
        &Settings::default(),
        None,
    );
    let e107: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "E107")
        .map(|f| f.pointer.as_str())
        .collect();
    assert_eq!(
        e107,
        ["/properties/a b~1c~0d%/examples/0"],
        "{:?}",
        report.findings
    );
}
