//! The rule catalog: one table, stable codes. Codes never change meaning; a retired rule
//! keeps its code reserved. `E` codes default to error, `W` codes to warning.

use super::rules::{catalog, consistency as cons, contract, validity as val};
use super::{Cx, FileCx, Out};
use crate::diag::render::RuleMeta;
use crate::diag::Severity;

/// Rule families (issue 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Validity,
    Consistency,
    Contract,
    Catalog,
    Subscriptions,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Validity => "validity",
            Family::Consistency => "consistency",
            Family::Contract => "event contract",
            Family::Catalog => "catalog",
            Family::Subscriptions => "subscriptions",
        }
    }
}

/// How a rule runs.
#[derive(Clone, Copy)]
pub enum Check {
    /// Once per parsed file.
    File(fn(&FileCx, &mut Out)),
    /// Once over the whole catalog.
    Catalog(fn(&Cx, &mut Out)),
    /// Reported by the loader itself (files that do not parse).
    Parse,
    /// Run over the catalog's subscription files (`lint::subscriptions`).
    Subscription,
}

/// One rule of the catalog.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub family: Family,
    /// Off unless enabled in evschema.toml (style rules).
    pub enabled_by_default: bool,
    /// `--fix` can repair it.
    pub fixable: bool,
    pub summary: &'static str,
    /// What it catches and why, then `Bad:` and `Good:` examples.
    pub doc: &'static str,
    pub check: Check,
}

impl Rule {
    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            code: self.code,
            name: self.name,
            summary: self.summary,
            doc: self.doc,
            default_severity: self.severity,
        }
    }
}

/// A rule by code (case-insensitive) or name.
pub fn rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

pub fn metas() -> Vec<RuleMeta> {
    RULES.iter().map(Rule::meta).collect()
}

use Check::{Catalog as C, File as F};
use Family::*;
use Severity::{Error as E, Warning as W};

macro_rules! rule {
    ($code:literal, $name:literal, $sev:expr, $fam:expr, $on:expr, $fix:expr, $check:expr, $summary:literal, $doc:literal) => {
        Rule {
            code: $code,
            name: $name,
            severity: $sev,
            family: $fam,
            enabled_by_default: $on,
            fixable: $fix,
            summary: $summary,
            doc: $doc,
            check: $check,
        }
    };
}

pub static RULES: &[Rule] = &[
    // ---- validity ----
    rule!("E001", "invalid-json", E, Validity, true, false, Check::Parse,
        "The file is not valid JSON (or not UTF-8).",
        "A schema file that does not parse cannot be checked, bundled or used to validate anything. The finding points at the line and column where parsing stopped; lint goes on with the other files (exit 1).\n\nBad:  {\"type\": \"object\",}\nGood: {\"type\": \"object\"}"),
    rule!("E002", "duplicate-key", E, Validity, true, false, F(val::duplicate_key),
        "An object has the same key twice.",
        "JSON parsers keep only one of two members with the same name (most keep the last, silently), so half of what the author wrote is ignored, and different tools may disagree on which half.\n\nBad:  {\"type\": \"string\", \"maxLength\": 10, \"maxLength\": 20}\nGood: {\"type\": \"string\", \"maxLength\": 20}"),
    rule!("E003", "metaschema", E, Validity, true, false, F(val::metaschema),
        "The schema is not valid against its declared metaschema.",
        "Each file is checked against the metaschema of the draft its $schema names (draft-04, -06, -07, 2019-09, 2020-12; draft-07 when absent). An invalid schema is rejected by some validators and silently misread by others. The message says what is allowed (the type names, the keyword's expected shape), one finding per mistake. An unknown $schema URI is reported here too.\n\nBad:  {\"type\": \"strnig\", \"minLength\": -1}\nGood: {\"type\": \"string\", \"minLength\": 1}"),
    rule!("W004", "missing-schema", W, Validity, true, true, F(val::missing_schema),
        "The file does not declare $schema; draft-07 is assumed.",
        "Without $schema the draft is a guess: evschema reads the file as draft-07, other tools may pick 2020-12 where $ref siblings, items and definitions behave differently. --fix adds the draft-07 URI as the first member.\n\nBad:  {\"title\": \"License created\", \"type\": \"object\"}\nGood: {\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"title\": \"License created\", \"type\": \"object\"}"),
    rule!("E005", "keyword-typo", E, Validity, true, true, F(val::keyword_typo),
        "An unknown keyword is a near miss of a known one.",
        "Validators ignore unknown keywords, so a misspelt keyword silently removes the constraint it was meant to add (`requierd` requires nothing). The message suggests the closest keyword of the file's draft. Vendor extensions (x-*, ts*, typeof, markdownDescription, errorMessage, deprecationMessage, ...) and keys that differ from a keyword by a prefix or suffix (tsAdditionalProperties, defs for $defs) are never typos (see unknown-keyword). --fix renames a typo only when exactly one keyword is that close, the object does not already have it, and the renamed schema accepts exactly the same events (checked with diff's compatibility engine, plus the metaschema and every $ref): a typo of an annotation (descripton) is fixed, one of an assertion (requierd) changes what is accepted and is reported as not applied.\n\nBad:  {\"type\": \"object\", \"requierd\": [\"id\"]}\nGood: {\"type\": \"object\", \"required\": [\"id\"]}"),
    rule!("W006", "unknown-keyword", W, Validity, true, false, F(val::unknown_keyword),
        "A keyword no JSON Schema draft defines.",
        "Unknown keywords are ignored by validators. If it is a deliberate extension, prefix it with `x-` (the top-level `version` keyword of event schemas is known to evschema; known vendor extensions such as markdownDescription or tsType are not reported). One finding per keyword per file, at its first occurrence, with the count.\n\nBad:  {\"type\": \"string\", \"nullable\": true}\nGood: {\"type\": [\"string\", \"null\"]}"),
    rule!("E007", "unresolved-ref", E, Validity, true, false, F(val::unresolved_ref),
        "A $ref does not resolve inside the catalog.",
        "Every $ref must resolve locally: to a pointer in the same file, or to a file of the catalog by a relative path (and pointer). Remote, file:// and absolute refs, refs escaping the catalog and pointers to nothing are reported; validate would refuse to load the catalog.\n\nBad:  {\"$ref\": \"../common/us_states.json#/definitions/us_sate\"}\nGood: {\"$ref\": \"../common/us_states.json#/definitions/us_state\"}"),
    rule!("E008", "ref-cycle", E, Validity, true, false, C(val::ref_cycle),
        "$refs form a loop that never consumes the instance.",
        "A chain of $ref (possibly through allOf/anyOf/oneOf/not/if/then/else) that leads back to itself without passing through properties or items has no base case: validating any instance recurses forever or crashes the validator. Recursion through properties/items is fine.\n\nBad:  {\"definitions\": {\"a\": {\"$ref\": \"#/definitions/b\"}, \"b\": {\"allOf\": [{\"$ref\": \"#/definitions/a\"}]}}}\nGood: {\"definitions\": {\"node\": {\"type\": \"object\", \"properties\": {\"next\": {\"$ref\": \"#/definitions/node\"}}}}}"),
    rule!("E009", "invalid-pattern", E, Validity, true, false, F(val::invalid_pattern),
        "A pattern or patternProperties key is not a valid ECMA-262 regex.",
        "JSON Schema regular expressions are ECMA-262. An invalid one makes the schema fail to compile (validate exits 2) or, in lenient validators, never match.\n\nBad:  {\"type\": \"string\", \"pattern\": \"^[A-Z{2}$\"}\nGood: {\"type\": \"string\", \"pattern\": \"^[A-Z]{2}$\"}"),
    rule!("E010", "unknown-format", E, Validity, true, false, F(val::unknown_format),
        "A format name no validator knows.",
        "Unknown formats are ignored, so any string passes where the author expected a check (evschema asserts formats under every draft). The message suggests the closest known format.\n\nBad:  {\"type\": \"string\", \"format\": \"date_time\"}\nGood: {\"type\": \"string\", \"format\": \"date-time\"}"),
    rule!("W011", "ignored-keyword", W, Validity, true, false, F(val::ignored_keyword),
        "A keyword that has no effect where it is (ajv strict mode).",
        "then/else without if, if without then/else, additionalItems without an items array, minContains/maxContains without contains, and draft-04 exclusiveMaximum/exclusiveMinimum without their bound are all silently ignored.\n\nBad:  {\"then\": {\"required\": [\"email\"]}}\nGood: {\"if\": {\"properties\": {\"channel\": {\"const\": \"email\"}}}, \"then\": {\"required\": [\"email\"]}}"),
    rule!("W012", "ref-siblings-ignored", W, Validity, true, false, F(val::ref_siblings_ignored),
        "An assertion beside $ref, which draft-07 and older ignore.",
        "Up to draft-07, $ref replaces the whole object it is in: `type`, `maxLength`, `enum`... written beside it are ignored (annotations such as title and description, and extension or unknown keys, are fine). Wrap both in allOf.\n\nBad:  {\"$ref\": \"#/definitions/license_number\", \"maxLength\": 10}\nGood: {\"allOf\": [{\"$ref\": \"#/definitions/license_number\"}, {\"maxLength\": 10}]}"),
    rule!("E013", "keyword-not-in-draft", E, Validity, true, false, F(val::keyword_not_in_draft),
        "A keyword of another draft, ignored under this file's draft.",
        "dependentRequired, unevaluatedProperties, prefixItems and friends only exist from 2019-09/2020-12 on (const and contains from draft-06, if/then/else from draft-07). Under an older $schema validators ignore them, so the constraint is silently missing; the other way round, 2019-09 dropped dependencies and 2020-12 additionalItems.\n\nBad:  {\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"dependentRequired\": {\"email\": [\"name\"]}}\nGood: {\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"dependencies\": {\"email\": [\"name\"]}}"),
    rule!("W014", "dialect-uri", W, Validity, true, true, F(val::dialect_uri),
        "$schema is a recognisable but unofficial draft URI, or the version-less `json-schema.org/schema`.",
        "Draft-04 to draft-07 URIs are http:// with an empty fragment (#); 2019-09 and 2020-12 are https:// without one. Tools differ in the spellings they accept (ajv-cli 5 takes the draft-07 URI without '#'; a tool that compares the string exactly may not), so the official spelling is the one that works everywhere. The version-less https://json-schema.org/schema names whichever draft is current (2020-12 today), so its meaning can move; --fix writes the official URI of the draft it is read as, which keeps what the schema means.\n\nBad:  {\"$schema\": \"https://json-schema.org/draft-07/schema\"}\nGood: {\"$schema\": \"http://json-schema.org/draft-07/schema#\"}"),
    // ---- consistency ----
    rule!("E101", "min-exceeds-max", E, Consistency, true, false, F(cons::min_exceeds_max),
        "A lower bound is above its upper bound.",
        "minimum/maximum (and exclusive bounds), minLength/maxLength, minItems/maxItems, minProperties/maxProperties, minContains/maxContains: when the lower bound is above the upper one (or equal with an exclusive bound) no value is valid.\n\nBad:  {\"type\": \"integer\", \"minimum\": 90, \"maximum\": 30}\nGood: {\"type\": \"integer\", \"minimum\": 30, \"maximum\": 90}"),
    rule!("E102", "required-not-in-properties", E, Consistency, true, false, F(cons::required_not_in_properties),
        "A name in required is not defined in properties.",
        "A required name that properties does not define is usually a typo or a renamed property: with additionalProperties false no event can ever be valid, otherwise the requirement accepts any value. Properties of allOf branches, $ref targets, patternProperties and (for if/then/else) of the enclosing schema count. Presence tests are not definitions: nothing is reported under `not` (\"not\": {\"required\": [\"legacy\"]} forbids a property), in an `if`, or in an anyOf/oneOf branch that only tests which properties are present.\n\nBad:  {\"properties\": {\"license_id\": {\"type\": \"string\"}}, \"required\": [\"licence_id\"]}\nGood: {\"properties\": {\"license_id\": {\"type\": \"string\"}}, \"required\": [\"license_id\"]}"),
    rule!("E103", "empty-enum", E, Consistency, true, false, F(cons::empty_enum),
        "An enum with no values.",
        "An empty enum accepts nothing: every instance fails.\n\nBad:  {\"enum\": []}\nGood: {\"enum\": [\"email\", \"sms\", \"push\"]}"),
    rule!("E104", "duplicate-enum-value", E, Consistency, true, false, F(cons::duplicate_enum_value),
        "An enum lists the same value twice.",
        "A repeated value adds nothing and usually hides a typo in the value that was meant (\"MD\", \"MD\" instead of \"MD\", \"DO\").\n\nBad:  {\"enum\": [\"MD\", \"DO\", \"MD\"]}\nGood: {\"enum\": [\"MD\", \"DO\", \"PA\"]}"),
    rule!("E105", "value-type-mismatch", E, Consistency, true, false, F(cons::value_type_mismatch),
        "A const or enum value is not of the declared type.",
        "With type string, the enum value 3 can never match; a const of the wrong type makes every instance invalid.\n\nBad:  {\"type\": \"string\", \"enum\": [\"email\", 3]}\nGood: {\"type\": \"string\", \"enum\": [\"email\", \"3\"]}"),
    rule!("E106", "invalid-default", E, Consistency, true, false, F(cons::invalid_default),
        "A default is not valid against the schema it annotates.",
        "Producers and generated code use the default when a value is absent; an invalid default produces invalid events. It is validated (with formats asserted) against its subschema, $refs resolved through the catalog.\n\nBad:  {\"type\": \"integer\", \"minimum\": 1, \"default\": 0}\nGood: {\"type\": \"integer\", \"minimum\": 1, \"default\": 1}"),
    rule!("E107", "invalid-example", E, Consistency, true, false, F(cons::invalid_example),
        "An examples entry is not valid against the schema it annotates.",
        "Examples are rendered in the catalog and copied into tests; an invalid one teaches consumers the wrong shape. Each entry is validated (formats asserted) against its subschema, $refs resolved through the catalog.\n\nBad:  {\"type\": \"string\", \"format\": \"uuid\", \"examples\": [\"1234\"]}\nGood: {\"type\": \"string\", \"format\": \"uuid\", \"examples\": [\"550e8400-e29b-41d4-a716-446655440000\"]}"),
    rule!("E108", "allof-type-conflict", E, Consistency, true, false, F(cons::allof_type_conflict),
        "allOf requires types that cannot hold together.",
        "When the schema and its allOf branches (following $refs) declare types with nothing in common, no instance is valid.\n\nBad:  {\"allOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}\nGood: {\"allOf\": [{\"type\": \"string\"}, {\"maxLength\": 10}]}"),
    rule!("W109", "keyword-type-mismatch", W, Consistency, true, false, F(cons::keyword_type_mismatch),
        "A keyword for a type the schema excludes (ajv strictTypes).",
        "minLength on an integer, maximum on a string, properties on an array: the keyword only applies to another type, so it never constrains anything — usually a wrong type or a misplaced keyword.\n\nBad:  {\"type\": \"integer\", \"maxLength\": 3}\nGood: {\"type\": \"integer\", \"maximum\": 999}"),
    rule!("W110", "required-unsorted", W, Consistency, false, true, F(cons::required_unsorted),
        "required is not sorted.",
        "Style rule, off unless enabled in evschema.toml: sorted required lists make diffs and reviews easier. The order has no meaning, so --fix sorts them safely, keeping the layout.\n\nBad:  {\"required\": [\"timestamp\", \"event_id\"]}\nGood: {\"required\": [\"event_id\", \"timestamp\"]}"),
    rule!("E111", "const-enum-conflict", E, Consistency, true, false, F(cons::const_enum_conflict),
        "const is not one of the enum values.",
        "With both const and enum, an instance must equal the constant and be in the enum; when the constant is not listed, nothing is valid (sourcemeta const_not_in_enum).\n\nBad:  {\"const\": \"sms\", \"enum\": [\"email\", \"push\"]}\nGood: {\"const\": \"sms\"}"),
    rule!("W112", "dead-branch", W, Consistency, true, false, F(cons::dead_branch),
        "An anyOf/oneOf branch whose type the schema excludes.",
        "A branch of anyOf/oneOf that requires a type the enclosing schema's type excludes can never match: dead code at best, and when every branch is dead nothing is valid (sourcemeta unsatisfiable_in_place_applicator_type).\n\nBad:  {\"type\": \"string\", \"anyOf\": [{\"type\": \"string\", \"format\": \"email\"}, {\"type\": \"integer\"}]}\nGood: {\"type\": [\"string\", \"integer\"], \"anyOf\": [{\"type\": \"string\", \"format\": \"email\"}, {\"type\": \"integer\"}]}"),
    // ---- event contract ----
    rule!("E201", "envelope-missing", E, Contract, true, false, F(contract::envelope_missing),
        "An event schema lacks an envelope property.",
        "Every event carries event_type, event_id, timestamp, version and payload (DESIGN.md); routing, deduplication and ordering depend on them.\n\nBad:  {\"properties\": {\"event_type\": {...}, \"payload\": {...}}}\nGood: {\"properties\": {\"event_type\": {...}, \"event_id\": {...}, \"timestamp\": {...}, \"version\": {...}, \"payload\": {...}}}"),
    rule!("E202", "envelope-not-required", E, Contract, true, false, F(contract::envelope_not_required),
        "An envelope property is not required.",
        "An envelope property that is defined but not in the top-level required lets events without it pass validation.\n\nBad:  {\"required\": [\"event_type\", \"payload\"]}\nGood: {\"required\": [\"event_type\", \"event_id\", \"timestamp\", \"version\", \"payload\"]}"),
    rule!("E203", "event-type-name", E, Contract, true, false, F(contract::event_type_name),
        "event_type is not a const/enum of dotted lower-case names.",
        "Events are routed by event_type, so the schema must name its types with const (or enum for a family of types); names are dotted lower-case (letters, digits, '_').\n\nBad:  {\"event_type\": {\"type\": \"string\", \"const\": \"LicenseCreated\"}}\nGood: {\"event_type\": {\"type\": \"string\", \"const\": \"license.created\"}}"),
    rule!("E204", "envelope-field-shape", E, Contract, true, false, F(contract::envelope_field_shape),
        "An envelope property has the wrong type or format.",
        "event_type and version are strings, event_id a string with format uuid, timestamp a string with format date-time, payload an object ($refs are followed).\n\nBad:  {\"event_id\": {\"type\": \"string\"}}\nGood: {\"event_id\": {\"type\": \"string\", \"format\": \"uuid\"}}"),
    rule!("E205", "invalid-version", E, Contract, true, false, F(contract::invalid_version),
        "The top-level version is missing or not semver.",
        "An event schema's own version (top-level `version`, MAJOR.MINOR.PATCH) routes events by major version and is what diff checks bumps against.\n\nBad:  {\"version\": \"v1\"}\nGood: {\"version\": \"1.0.0\"}"),
    rule!("E206", "version-pattern", E, Contract, true, false, F(contract::version_pattern),
        "The envelope version pattern does not admit the schema version or pin its major.",
        "properties.version must carry a pattern that accepts the schema's own version and every later minor/patch of the same major, and rejects other majors. A const would break every consumer at the next minor bump.\n\nBad:  {\"version\": \"2.0.0\", \"properties\": {\"version\": {\"type\": \"string\", \"pattern\": \"^1\\\\.\"}}}\nGood: {\"version\": \"2.0.0\", \"properties\": {\"version\": {\"type\": \"string\", \"pattern\": \"^2\\\\.(0|[1-9][0-9]*)\\\\.(0|[1-9][0-9]*)$\"}}}"),
    rule!("W207", "missing-title", W, Contract, true, false, F(contract::missing_title),
        "The schema or a payload property has no title.",
        "The rendered catalog and generated code use titles; every schema file and every payload property (outside if/then/else/not) needs one.\n\nBad:  {\"properties\": {\"payload\": {\"properties\": {\"state\": {\"type\": \"string\", \"description\": \"Issuing state.\"}}}}}\nGood: {\"properties\": {\"payload\": {\"properties\": {\"state\": {\"type\": \"string\", \"title\": \"Issuing state\", \"description\": \"Issuing state.\"}}}}}"),
    rule!("W208", "missing-description", W, Contract, true, false, F(contract::missing_description),
        "The schema or a payload property has no description.",
        "Consumers learn a field's meaning from its description in the rendered catalog; every schema file and every payload property (outside if/then/else/not) needs one.\n\nBad:  {\"state\": {\"type\": \"string\", \"title\": \"State\"}}\nGood: {\"state\": {\"type\": \"string\", \"title\": \"State\", \"description\": \"State whose board issued the license.\"}}"),
    rule!("E209", "misplaced-file", E, Contract, true, false, F(contract::misplaced_file),
        "A schema outside the channel folders, or an event in common/.",
        "Event schemas live in the folder of their delivery channel (sns_topics/, sqs_queues/, webhooks/); shared definitions in common/, which defines no events.\n\nBad:  schemas/license_created.json\nGood: schemas/sns_topics/license_created.json"),
    rule!("W210", "open-payload", W, Contract, true, false, F(contract::open_payload),
        "A payload object leaves additionalProperties implicit.",
        "Whether producers may add fields decides forward compatibility (evschema diff reasons on it), so each payload object says it: additionalProperties false (closed) or true (open).\n\nBad:  {\"payload\": {\"type\": \"object\", \"properties\": {...}}}\nGood: {\"payload\": {\"type\": \"object\", \"additionalProperties\": false, \"properties\": {...}}}"),
    // ---- catalog ----
    rule!("E301", "duplicate-event-type", E, Catalog, true, false, C(catalog::duplicate_event_type),
        "Two schemas claim one (event type, major version).",
        "Each event type and major version must resolve to exactly one schema, or events cannot be routed. A new major version goes in its own file with a higher top-level version.\n\nBad:  sns_topics/license_created.json and webhooks/license_created.json both with const \"license.created\", version 1.x\nGood: one of them, or the second at version 2.0.0 (license_created.v2.json)"),
    rule!("E302", "duplicate-id", E, Catalog, true, false, C(catalog::duplicate_id),
        "Two schemas have the same $id.",
        "$ids name schemas for references; two files with one $id make every reference to it ambiguous.\n\nBad:  two files with \"$id\": \"https://example.com/license.json\"\nGood: each file with its own $id"),
    rule!("W303", "unreferenced-schema", W, Catalog, true, false, C(catalog::unreferenced_schema),
        "A schema file nothing routes to or references.",
        "A file that names no event type and that no schema $refs (a common/ file nobody uses, a leftover in a channel folder) is dead weight that drifts out of date.\n\nBad:  common/old_definitions.json, referenced by no schema\nGood: every common/ file referenced by at least one event schema"),
    rule!("W304", "file-name-mismatch", W, Catalog, true, false, C(catalog::file_name_mismatch),
        "The file name does not match its event types.",
        "A file is named after its event type with '.' as '_' (license.created → license_created.json), or after a common dotted prefix of its event types (license_expiration.json for license.expiration.warning.*), with an optional .vN suffix equal to its major version.\n\nBad:  sns_topics/new_license.json for license.created\nGood: sns_topics/license_created.json (or license_created.v2.json at version 2.x)"),
    rule!("W305", "unused-definition", W, Catalog, true, false, C(catalog::unused_definition),
        "A definition no $ref of the catalog uses.",
        "A definition that no $ref anywhere in the catalog points at is dead weight, and often the sign of a $ref that points somewhere else by mistake (sourcemeta orphan_definitions, checked across files).\n\nBad:  common/definitions.json defines npi, and no schema $refs #/definitions/npi\nGood: every definition is the target of at least one $ref"),
    rule!("W306", "past-sunset", W, Catalog, true, false, C(catalog::past_sunset),
        "A major version is still in the catalog after its x-sunset date.",
        "The versioning policy keeps an old major for the support window after its successor arrives; a schema that declares `x-sunset` says when it may go. Past that date it is due for removal (`evschema diff --against` then allows it), and consumers still on it have had their notice.\n\nBad:  license_created.json (version 1.x, \"x-sunset\": \"2026-01-31\") still in the catalog on 2026-03-01, beside license_created.v2.json\nGood: the v1 file removed once its sunset has passed"),
    // ---- subscriptions ----
    rule!("E401", "subscription-invalid", E, Subscriptions, true, false, Check::Subscription,
        "A subscription file is malformed: its shape, a filter's syntax, or a service limit.",
        "Each file under the catalog's subscriptions/ folder is checked against the subscription JSON Schema (docs/subscriptions.md) and read by the same parser `evschema route` uses: unknown keys, a bare value where AWS wants a list, an unknown operator, a `wildcard` in an SNS policy, a nested key in a message-attribute policy, a `numeric` range upside down, more keys or value combinations than SNS or EventBridge accept. A policy AWS would reject never reaches a subscriber; a file lint cannot read is not analysed.\n\nBad:  {\"sns\": {\"FilterPolicy\": {\"event_type\": \"license.created\"}}}\nGood: {\"sns\": {\"FilterPolicy\": {\"event_type\": [\"license.created\"]}}}"),
    rule!("E402", "subscription-matches-nothing", E, Subscriptions, true, false, Check::Subscription,
        "A filter, or an event-type condition of it, matches no event type of its channels.",
        "The event-type conditions (the `event_type` message attribute, the body's `event_type`, EventBridge's `detail-type`) are checked against the event types the schemas of the subscriber's channels name; a condition that matches none of them, a channel without event schemas, or a filter that no valid event of its channels can satisfy (proved by the compatibility engine on the schema and the filter translated into JSON Schema) silently delivers nothing. The message suggests the likely intent: a prefix when the value names a family of event types, the closest event type otherwise, and shows an event the suggestion matches.\n\nBad:  \"event_type\": [\"license.expiration.warning\"]   (the catalog has license.expiration.warning.90d, .60d, .30d)\nGood: \"event_type\": [{\"prefix\": \"license.expiration.warning.\"}]"),
    rule!("E403", "subscription-unknown-field", E, Subscriptions, true, false, Check::Subscription,
        "A filter reads a field that no event it can match has.",
        "A body policy key or EventBridge `detail` path is looked up in the schemas of the event types the filter can match (properties, through $ref, allOf, anyOf, oneOf, if/then/else and array items); when none declares it, the condition never holds (or, on an open object, tests a field no producer promises). The message lists the schemas checked and suggests the closest declared name, with an example event.\n\nBad:  {\"payload\": {\"licence_id\": [{\"exists\": true}]}}\nGood: {\"payload\": {\"license_id\": [{\"exists\": true}]}}"),
    rule!("E404", "subscription-type-mismatch", E, Subscriptions, true, false, Check::Subscription,
        "A condition compares a field with a value of the wrong type.",
        "`numeric` on a string field, a string literal on an integer, `prefix`/`suffix`/`cidr`/`wildcard`/`equals-ignore-case` on a non-string, a boolean on a number: AWS compares the value as it is in the event, so the condition never matches. Types are read from the schemas the filter can match (through $ref and applicators; an array field is matched by its elements).\n\nBad:  {\"payload\": {\"days_until_expiration\": [\"30\"]}}\nGood: {\"payload\": {\"days_until_expiration\": [{\"numeric\": [\"<=\", 30]}]}}"),
    rule!("W405", "subscription-retired-version", W, Subscriptions, true, false, Check::Subscription,
        "A filter matches an event type only in a version the catalog does not have.",
        "Version conditions (the `version` attribute or field) are checked against the majors the catalog holds for the event types the filter matches: a filter pinned to 1.x after the catalog moved to 2.x (and dropped 1.x) receives nothing. The example shows a current event it misses.\n\nBad:  \"version\": [{\"prefix\": \"1.\"}]   (the catalog has license.created 2.x only)\nGood: \"version\": [{\"prefix\": \"2.\"}]"),
    rule!("W406", "subscription-undecided", W, Subscriptions, true, false, Check::Subscription,
        "Whether a filter matches any valid event could not be decided.",
        "The compatibility engine neither proved that no valid event of the filter's event types matches it nor found one that does (a regular expression against a pattern, a keyword it does not reason about), or the filter has too many `$or` combinations to expand. Nothing is claimed; check the filter with `evschema route` on real events.\n\nBad:  a filter whose only candidate events need a `pattern` the engine cannot intersect with the filter's `wildcard`\nGood: a filter the engine decides (or a known event routed with `evschema route`)"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = BTreeSet::new();
        let mut names = BTreeSet::new();
        for r in RULES {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            let prefix = match r.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(r.code.starts_with(prefix), "{} severity/prefix", r.code);
            assert!(
                r.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                r.name
            );
            assert!(
                r.doc.contains("Bad:") && r.doc.contains("Good:"),
                "{} doc lacks examples",
                r.code
            );
        }
    }
}
