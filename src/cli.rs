//! The command-line surface: every clap type lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint, validate, diff and render JSON Schema event contracts.
#[derive(Debug, Parser)]
#[command(
    name = "evschema",
    version,
    long_version = crate::VERSION_LONG,
    about = "Lint, validate, diff and render JSON Schema event contracts",
    long_about = "evschema checks the JSON Schema contracts of the events a system publishes \
(SNS topics, SQS queues, webhooks): it validates sample payloads and recorded event \
streams against a catalog of schemas, routing each event by its event_type.\n\n\
Exit codes: 0 success, 1 the check failed (an invalid event...), 2 evschema could not do \
its job (bad arguments, unreadable input, a schema that cannot be loaded).",
    after_help = "Examples:\n  evschema validate schemas/examples\n  evschema validate --format json events.ndjson | jq 'select(.valid | not)'\n  evschema completions bash > /etc/bash_completion.d/evschema",
    propagate_version = true
)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal, never with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Read this configuration file instead of looking for evschema.toml (found by walking
    /// up from the working directory).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Ignore any evschema.toml (built-in defaults only).
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,

    /// Print nothing but errors: no summaries, no valid events, no warnings.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Lint(LintArgs),
    Validate(ValidateArgs),
    Diff(DiffArgs),
    Render(RenderArgs),
    Export(ExportArgs),
    NewMajor(NewMajorArgs),
    Replay(Box<ReplayArgs>),
    Route(RouteArgs),
    Completions(CompletionsArgs),
    Man(ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// Compact, readable; coloured on a terminal.
    Human,
    /// One JSON object per instance, one per line (NDJSON), in input order.
    Json,
    /// GitHub Actions workflow commands (`::error file=...,line=...::`).
    Github,
}

/// Validate events against the catalog (routed by event_type) or one schema.
#[derive(Debug, Args)]
#[command(
    long_about = "Validate events against the catalog or against one schema.\n\n\
Each event is routed by its `event_type` to the catalog schema that names it (and by the \
major of its `version` where several major versions exist). An event with no event_type, \
an unknown one (with the nearest known type suggested), or a malformed JSON line is \
reported invalid with its reason; the run goes on and nothing is skipped silently.\n\n\
Routing: --route-key and --version-key are JSON pointers; --envelope cloudevents routes by \
`type`, eventbridge by `detail-type`. A schema claims the types its subschema at the route \
key gives as const or enum; `[[routing.naming]]` in evschema.toml maps event fields to file \
names for catalogs with one file per event (see docs/routing.md). SNS notifications and \
SQS messages (as subscribers, ReceiveMessage and Lambda get them) are unwrapped first, and \
their message attributes named like the route and version fields must agree with the \
event; results still name the input line.\n\n\
Inputs: `.json` files (one event, or with --array a JSON array of events), `.ndjson` and \
`.jsonl` files (one event per line; blank lines are skipped and counted), the same names \
ending in `.gz` or `.zst` (decompressed as they are read; every gzip member, every zstd \
frame), folders (walked in sorted order for those extensions), and `-` for standard input \
(NDJSON unless --array; gzip or zstd told by its first bytes).\n\n\
`format` is asserted under every draft (uuid, date, date-time, email, uri, ipv4, ...), and \
contentEncoding/contentMediaType under draft-06 and -07; --no-format-assertion turns both off.\n\n\
References follow the JSON Schema specification of the schema's draft ($id bases, embedded \
$ids, $anchor, $dynamicRef, $recursiveRef; the draft metaschemas are built in) and stay \
local: a ref resolves to a catalog file (by path or $id), a --resolve file, or a file of a \
--map folder. Any other ref stops the run (exit 2) naming the file, line and ref.",
    after_help = "Examples:\n  evschema validate schemas/examples\n  evschema validate --schema schemas/sns_topics/license_created.json payload.json\n  evschema validate --schema webhooks/push/event.schema.json --catalog webhooks push.json\n  evschema validate --schema api.json --map https://example.com/schemas/=vendor/ events.ndjson\n  evschema validate --schema order.json --resolve shared/ events.ndjson\n  cat events.ndjson | evschema validate --format json -\n  evschema validate --array --redact recorded/2025-11-01.json\n  evschema validate recorded/2025-11-*.ndjson.gz archive/queue-dump.jsonl.zst\n  evschema validate --catalog cloudevents/ --envelope cloudevents stream.ndjson\n  evschema validate --route-key /meta/event --version-key none events.ndjson"
)]
pub struct ValidateArgs {
    /// Files, folders or `-` (stdin). Default: `-` when stdin is not a terminal.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Validate every instance against this one schema file (no routing). Its $refs resolve
    /// in --catalog DIR when given, else in the catalog of the nearest evschema.toml above the
    /// file, else in the folder above its channel folder, else in its own folder. Only the
    /// files it reaches are read.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,

    /// The catalog folder: routes events by event_type, and roots $ref resolution (also for
    /// --schema). [default: `catalog` of evschema.toml, else schemas]
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    /// Serve refs under URL PREFIX from folder DIR (`PREFIX` + `a/b.json` is `DIR/a/b.json`).
    /// Repeatable; also `[refs] map` of evschema.toml. Nothing is ever fetched.
    #[arg(long = "map", value_name = "PREFIX=DIR")]
    pub maps: Vec<String>,

    /// A schema file, or a folder of them, whose `$id`s refs may name. Repeatable; also
    /// `[refs] resolve` of evschema.toml.
    #[arg(long = "resolve", value_name = "PATH")]
    pub resolve: Vec<PathBuf>,

    /// Treat `.json` inputs (and stdin) as a JSON array of events, streamed element by element.
    #[arg(long)]
    pub array: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,

    /// Do not assert `format` keywords (treat them as annotations).
    #[arg(long)]
    pub no_format_assertion: bool,

    /// Replace instance values in messages with their JSON type (events carry personal data).
    #[arg(long)]
    pub redact: bool,

    /// Set from the global -q: print nothing but invalid instances and errors.
    #[arg(skip)]
    pub quiet: bool,

    /// Also list valid instances in human output.
    #[arg(short, long)]
    pub verbose: bool,

    /// Worker threads (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Largest accepted event (one line or one array element), in bytes; larger ones are
    /// reported invalid without being held in memory.
    /// [default: 67108864 (64 MiB)]
    #[arg(long, value_name = "BYTES")]
    pub max_event_bytes: Option<usize>,

    /// The envelope preset: plain (event_type, version), cloudevents (type, data),
    /// eventbridge (detail-type, detail). [default: plain, or `[routing] envelope`]
    #[arg(long, value_enum, value_name = "PRESET")]
    pub envelope: Option<EnvelopeChoice>,

    /// JSON pointer of the field that names the event type (e.g. /type, /meta/name).
    /// [default: the envelope's: /event_type, /type, /detail-type]
    #[arg(long, value_name = "POINTER")]
    pub route_key: Option<String>,

    /// JSON pointer of the event's version, which picks the major where several exist;
    /// `none` to route by type only. [default: the envelope's: /version, /detail/version]
    #[arg(long, value_name = "POINTER")]
    pub version_key: Option<String>,

    /// Do not unwrap SNS notifications and SQS messages before routing.
    #[arg(long)]
    pub no_unwrap: bool,

    /// Set from `[[routing.naming]]` of evschema.toml.
    #[arg(skip)]
    pub naming: Vec<crate::config::NamingConfig>,
}

/// Envelope presets of `--envelope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvelopeChoice {
    /// `event_type` and `version` at the top level.
    Plain,
    /// CloudEvents 1.0 structured mode: `type`; the data in `data`.
    Cloudevents,
    /// Amazon EventBridge: `detail-type`; the data in `detail`, its version in `detail.version`.
    Eventbridge,
}

/// Output formats of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// rustc-like: file:line:col, code, message, the source line with a caret, help.
    Human,
    /// One JSON object: {"findings":[...],"summary":{"files","errors","warnings"}}.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: one test case per file, a failure per finding (Jenkins, GitLab, Azure...).
    Junit,
    /// GitLab Code Quality JSON (`artifacts: reports: codequality`).
    Gitlab,
}

/// Check the schemas against the rule catalog, with file:line:col findings.
#[derive(Debug, Args)]
#[command(
    long_about = "Check the catalog's schemas against evschema's rule catalog: validity \
(metaschema, unknown keywords, $refs, regexes, formats), consistency (required vs \
properties, bounds, enums, defaults and examples), the event contract (envelope, event \
type names, versions, titles and descriptions, channel folders) and the catalog as a whole \
(one schema per event type, unique $ids, unreferenced files, file names).\n\n\
A PATH is a catalog folder or single schema files; a file inside a catalog's channel or \
common/ folder is linted in the context of that catalog, any other file in the context of \
its folder (its $refs to sibling files resolve, as with validate --schema). Channel folders \
come from [catalog] channels of evschema.toml (default sns_topics, sqs_queues, webhooks); \
layout rules stay silent on a catalog that neither declares nor follows a layout. Settings \
come from evschema.toml (found by walking up from the working directory), team rules from \
[[lint.custom]]; a subschema can silence codes for itself and its descendants with \
\"x-evschema-ignore\": [\"CODE\"].\n\n\
Exit codes: 0 no errors (warnings allowed), 1 errors (or warnings with --fail-on warning), \
2 lint could not run (unreadable path, bad configuration).",
    after_help = "Examples:\n  evschema lint\n  evschema lint schemas/sns_topics/license_created.json\n  evschema lint --format sarif -o lint.sarif\n  evschema lint --format junit -o lint-junit.xml --fail-on warning\n  evschema lint --format gitlab -o gl-code-quality-report.json\n  evschema lint --preset recommended vendor/schemas   # a catalog that is not event contracts\n  evschema lint --fix --dry-run\n  evschema lint --explain E102"
)]
pub struct LintArgs {
    /// Set from the global -q: errors only, no warnings, no summary.
    #[arg(skip)]
    pub quiet: bool,

    /// Catalog folders or schema files (default: `catalog` of evschema.toml, else schemas/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,

    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Fail (exit 1) on warnings too; the same as --fail-on warning.
    #[arg(long)]
    pub deny_warnings: bool,

    /// The least severe finding that fails the run (exit 1). [default: `fail_on` of
    /// evschema.toml, else error]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<crate::config::FailOn>,

    /// Which rules run: recommended (validity and consistency, for catalogs that are not
    /// event contracts), event-contracts (every rule), auto (event-contracts where the
    /// catalog declares or follows a channel layout, and on files naming event types).
    /// [default: `preset` of evschema.toml, else auto]
    #[arg(long, value_enum, value_name = "PRESET")]
    pub preset: Option<PresetArg>,

    /// Apply the safe fixes (add $schema, official $schema URI, rename an unambiguous keyword
    /// typo, sort required) in place, then report what is left. A fix is written only when
    /// the fixed schema accepts exactly the same events (diff's compatibility engine, both
    /// directions), passes its metaschema and keeps every $ref resolving; any other is
    /// reported as not applied, with the reason.
    #[arg(long)]
    pub fix: bool,

    /// With --fix: print the changes as a unified diff and write nothing.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,

    /// List every rule: code, severity, name, family, summary.
    #[arg(long, conflicts_with_all = ["explain", "fix"])]
    pub list_rules: bool,

    /// Explain one rule (by code or name), with a bad and a good example.
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,
}

/// `--preset` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    Auto,
    Recommended,
    EventContracts,
}

impl From<PresetArg> for crate::lint::Preset {
    fn from(p: PresetArg) -> Self {
        match p {
            PresetArg::Auto => crate::lint::Preset::Auto,
            PresetArg::Recommended => crate::lint::Preset::Recommended,
            PresetArg::EventContracts => crate::lint::Preset::EventContracts,
        }
    }
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// The verdict, each change with its effect and witness, the semver line.
    Human,
    /// One JSON object (DESIGN.md): per schema, or {schemas, added, removed} for catalogs.
    Json,
    /// A summary table and details, for a pull-request comment.
    Markdown,
}

/// Which compatibility `diff` requires for exit 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffMode {
    /// Every event valid under OLD is valid under NEW (consumers can replay old events).
    Backward,
    /// Every event valid under NEW is valid under OLD (old consumers accept new events).
    Forward,
    /// Both.
    Full,
}

/// How `diff` treats properties a schema does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffPolicy {
    /// Reason over every JSON value: open objects accept any undeclared property.
    Strict,
    /// Assume events never carry properties their schema does not declare.
    Lenient,
}

/// Compare two versions of a schema (or catalog): compatibility verdict and semver bump.
#[derive(Debug, Args)]
#[command(
    long_about = "Compare OLD and NEW as sets of accepted events and say whether the change is \
backward compatible (every event valid under OLD is valid under NEW), forward compatible \
(every event valid under NEW is valid under OLD), both (full) or neither, which semver bump \
it needs, and whether NEW's top-level `version` declares at least that bump.\n\n\
Sound first: a direction is reported compatible only when evschema proves it. Each \
breaking change comes with a witness: a small event one side accepts and the other \
rejects, checked with the validator.\n\n\
OLD and NEW are two schema files or two catalog folders (paired by event type and major \
version; a removed event type breaks backward compatibility, an added one forward). \
With --against REF, the catalog folder (default schemas/) is compared with the same folder \
at a git revision, read with git without touching the checkout.\n\n\
Exit 0 when compatible under --mode and every declared version covers its bump; 1 otherwise.",
    after_help = "Examples:\n  evschema diff old/license_created.json schemas/sns_topics/license_created.json\n  evschema diff --against origin/main\n  evschema diff --against origin/main --transitive --mode full\n  evschema diff --format markdown --against origin/main > comment.md\n  evschema diff --against origin/main --replay recorded/2024-12.ndjson"
)]
pub struct DiffArgs {
    /// Set from the global -q: only what fails, no summary line.
    #[arg(skip)]
    pub quiet: bool,

    /// Set from `[[diff.accept]]` of evschema.toml.
    #[arg(skip)]
    pub accept: Vec<crate::config::Accept>,

    /// Set from `[policy] support_window` of evschema.toml.
    #[arg(skip)]
    pub support_window: Option<String>,

    /// Set from `[refs]` of evschema.toml.
    #[arg(skip)]
    pub refs: crate::refs::RefSources,

    /// Show witnesses in full on a terminal too.
    #[arg(short, long)]
    pub verbose: bool,

    /// OLD and NEW (files or folders); with --against, the catalog folder (default schemas/).
    #[arg(value_name = "PATH", num_args = 0..=2)]
    pub paths: Vec<PathBuf>,

    /// Compare the catalog with the same folder at this git revision (e.g. origin/main).
    #[arg(long, value_name = "REF")]
    pub against: Option<String>,

    /// With --against: compare with every earlier version in the git history, not only REF.
    #[arg(long, requires = "against")]
    pub transitive: bool,

    /// The compatibility that exit 0 requires.
    /// [default: backward, or `[diff] mode` of evschema.toml]
    #[arg(long, value_enum)]
    pub mode: Option<DiffMode>,

    /// strict reasons over every JSON value; lenient assumes no undeclared properties.
    /// [default: strict, or `[diff] policy` of evschema.toml]
    #[arg(long, value_enum)]
    pub policy: Option<DiffPolicy>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Also print a unified diff of the two schema texts.
    #[arg(long)]
    pub show_text: bool,

    /// Validate recorded events (files or folders, as `validate` reads them) with both sides:
    /// per event type, how many each accepts and the first ones NEW rejects. A recorded
    /// event that breaks the --mode direction fails the diff. Repeatable.
    #[arg(long, value_name = "ARCHIVE")]
    pub replay: Vec<PathBuf>,
}

/// Render the catalog as one GitHub Flavored Markdown document (or one page per event type).
#[derive(Debug, Args)]
#[command(
    long_about = "Render the event catalog as GitHub Flavored Markdown (or, with --format html, \
one self-contained HTML page).\n\n\
Any folder of JSON Schemas renders: one section per event type where schemas route (\
properties.event_type, a CloudEvents type, an EventBridge detail-type), else one section per \
schema file. The document has a title and a summary, a Mermaid map of channels and domains, \
an index table, the sections grouped by domain (description, channel, links to the source \
file and its version, deprecation, envelope, a field table of the body, conditional \
requirements, an example event) and the shared types: definitions used by more than one \
schema, documented once. Channel and domain order and names come from [render] in \
evschema.toml. The output is deterministic: the same schemas always give the same bytes.\n\n\
With --changes-since REF, each event type also gets a \"Changes since REF\" subsection: the \
result of `evschema diff --against REF` for its schema (verdict, required bump, declared \
version and the list of changes), \"New since REF\" for an event type the catalog did not \
have then; event types removed since are listed near the top. DIR is read at REF with git, \
without touching the checkout.\n\n\
With --check nothing is written: the exit code is 1 (and a unified diff is printed) when \
the file (or --split folder) differs from what would be generated, 0 when up to date.",
    after_help = "Examples:\n  evschema render > CATALOG.md\n  evschema render schemas -o docs/CATALOG.md\n  evschema render -o docs/CATALOG.md --check\n  evschema render --split docs/events\n  evschema render --changes-since origin/main -o changes.md\n  evschema render --format html -o catalog.html"
)]
pub struct RenderArgs {
    /// The catalog folder to render.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Write the document to FILE (atomically: a temporary file renamed over it) instead of
    /// standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "split")]
    pub output: Option<PathBuf>,

    /// Write an index page (README.md) plus one page per event type into OUTDIR, with
    /// relative links between them.
    #[arg(long, value_name = "OUTDIR")]
    pub split: Option<PathBuf>,

    /// Write nothing; exit 1 with a unified diff when the -o file (or --split folder) is
    /// stale, 0 when it is up to date.
    #[arg(long)]
    pub check: bool,

    /// Add to each event type a "Changes since REF" subsection (verdict, required bump,
    /// declared version, the diff engine's change list), comparing with DIR at this git
    /// revision (e.g. origin/main), plus the event types removed since.
    #[arg(long, value_name = "REF")]
    pub changes_since: Option<String>,

    /// Markdown (GitHub Flavored), or one self-contained HTML page with the same content.
    #[arg(long, value_enum, default_value_t = RenderFormat::Markdown, conflicts_with = "split")]
    pub format: RenderFormat,
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Markdown,
    /// One page with its styles inline: no network needed to view it.
    Html,
}

/// Export the catalog to AsyncAPI or to a schema registry, only where it is lossless.
#[derive(Debug, Args)]
#[command(
    long_about = "Export the catalog: one AsyncAPI 3.0 document, EventBridge Schema Registry \
CreateSchema requests, or Confluent Schema Registry register requests.\n\n\
Lossless or it fails: every schema written is first rebuilt from what would be written and \
compared with the catalog's schema by evschema's compatibility engine (the same one as \
`evschema diff`); an export is written only when every pair is `full` (accepts exactly the \
same events) and every example (the schemas' `examples` and the events under DIR/examples/) \
gets the same answer from both. Otherwise nothing is written and the exit code is 1, with \
the event type, the keyword and why for each one refused.\n\n\
Writes are atomic (a temporary file renamed over each file). With --check nothing is \
written: exit 1 with a unified diff when the files on disk differ from what would be \
generated, 0 when they are current. The output is deterministic.",
    after_help = "Examples:\n  evschema export asyncapi -o asyncapi.yaml\n  evschema export asyncapi schemas -o docs/asyncapi.json --check\n  evschema export eventbridge -o build/eventbridge --registry credentialing\n  for f in build/eventbridge/*.json; do aws schemas create-schema --cli-input-json \"file://$f\"; done\n  evschema export confluent -o build/confluent --subject-strategy record"
)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub target: ExportTarget,
}

#[derive(Debug, Subcommand)]
pub enum ExportTarget {
    Asyncapi(AsyncapiArgs),
    Eventbridge(EventbridgeArgs),
    Confluent(ConfluentArgs),
}

/// One AsyncAPI 3.0 document: channels, send operations, one message per event type.
#[derive(Debug, Args)]
#[command(
    long_about = "Write one AsyncAPI 3.0 document for the catalog.\n\n\
`info` comes from [export] title/version/description of evschema.toml. One channel per \
channel folder and domain (the SNS topic, SQS queue or webhook the events travel on) with \
its sns (0.1.0) or sqs (0.2.0) binding, webhooks with an http POST operation binding; one \
`send` operation per channel; one message per event type (per major version) whose payload \
is the schema as written, with its draft as `schemaFormat`; event_type and version as \
headers (the SNS/SQS message attributes), event_id as the correlation id, the examples the \
schema accepts; files reached through $ref under components.schemas.\n\n\
JSON by default; YAML when FILE ends in .yaml or .yml.",
    after_help = "Examples:\n  evschema export asyncapi > asyncapi.json\n  evschema export asyncapi -o asyncapi.yaml\n  evschema export asyncapi -o asyncapi.yaml --check"
)]
pub struct AsyncapiArgs {
    /// The catalog folder [default: `catalog` of evschema.toml, else schemas].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Write the document to FILE (atomically) instead of standard output; `.yaml`/`.yml`
    /// for YAML.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write nothing; exit 1 with a unified diff when FILE is stale, 0 when it is current.
    #[arg(long, requires = "output")]
    pub check: bool,

    /// Report format: human (messages on stderr, diffs on stdout), or one JSON object on
    /// stdout (`target`, `written`, `stale`, `refused`). With asyncapi, json needs -o.
    #[arg(long, value_enum, default_value_t = ExportFormat::Human, requires = "output")]
    pub format: ExportFormat,
}

/// EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type.
#[derive(Debug, Args)]
#[command(
    long_about = "Write one CreateSchema request per event type into OUTDIR, as \
NAME.json: the JSON `aws schemas create-schema --cli-input-json file://NAME.json` takes, \
with Type JSONSchemaDraft4 and the schema converted from draft-07: cross-file refs moved \
under definitions, const as a one-value enum, exclusiveMinimum/Maximum in draft-04's boolean \
form, integer as number with multipleOf 1, if/then/else and contains as anyOf, boolean \
schemas as objects. A \
schema whose conversion the compatibility engine cannot prove exact is refused (exit 1) \
with the keyword and why.\n\n\
Request files of event types the catalog no longer has are removed from OUTDIR (and \
reported by --check).",
    after_help = "Examples:\n  evschema export eventbridge -o build/eventbridge --registry credentialing\n  evschema export eventbridge -o build/eventbridge --registry credentialing --check"
)]
pub struct EventbridgeArgs {
    /// The catalog folder [default: `catalog` of evschema.toml, else schemas].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// The folder the request files go into.
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: PathBuf,

    /// The registry name put in every request [default: `[export] registry` of evschema.toml].
    #[arg(long, value_name = "NAME")]
    pub registry: Option<String>,

    /// Write nothing; exit 1 with a unified diff when a file in OUTDIR is stale.
    #[arg(long)]
    pub check: bool,

    /// Report format: human (messages on stderr, diffs on stdout), or one JSON object on
    /// stdout (`target`, `written`, `stale`, `refused`).
    #[arg(long, value_enum, default_value_t = ExportFormat::Human)]
    pub format: ExportFormat,
}

/// Confluent Schema Registry: one register request per subject, shared files first.
#[derive(Debug, Args)]
#[command(
    long_about = "Write one register request (the body of POST /subjects/SUBJECT/versions: \
schemaType JSON, the schema, its references) per subject into OUTDIR as SUBJECT.json, and \
manifest.json: the registration order (every shared file, as a subject of its own, before \
the schemas that reference it) and the compatibility level to set on each subject, the one \
`[diff] mode` implies (backward → BACKWARD, forward → FORWARD, full → FULL).\n\n\
A cross-file $ref becomes a reference named as the $ref spells it; the lossless check \
rebuilds every event schema from the requests alone, through those references.",
    after_help = "Examples:\n  evschema export confluent -o build/confluent\n  evschema export confluent -o build/confluent --subject-strategy record --check"
)]
pub struct ConfluentArgs {
    /// The catalog folder [default: `catalog` of evschema.toml, else schemas].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// The folder the request files go into.
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: PathBuf,

    /// Subject names: topic (`<event_type>-value`), record (`<event_type>`) or
    /// topic-record (`<domain>-<event_type>`)
    /// [default: topic, or `[export] subject_strategy` of evschema.toml].
    #[arg(long, value_enum, value_name = "STRATEGY")]
    pub subject_strategy: Option<SubjectStrategy>,

    /// Write nothing; exit 1 with a unified diff when a file in OUTDIR is stale.
    #[arg(long)]
    pub check: bool,

    /// Report format: human (messages on stderr, diffs on stdout), or one JSON object on
    /// stdout (`target`, `written`, `stale`, `refused`).
    #[arg(long, value_enum, default_value_t = ExportFormat::Human)]
    pub format: ExportFormat,
}

/// Report formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Human,
    /// One JSON object: `{"target", "written", "stale", "refused"}`.
    Json,
}

/// Confluent subject name strategies, the event type as the record name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectStrategy {
    /// `<event_type>-value` (TopicNameStrategy, a topic per event type).
    Topic,
    /// `<event_type>` (RecordNameStrategy).
    Record,
    /// `<domain>-<event_type>` (TopicRecordNameStrategy).
    TopicRecord,
}

/// Shells `completions` can generate for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

/// Print a shell completion script.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  evschema completions bash > ~/.local/share/bash-completion/completions/evschema\n  evschema completions zsh > ~/.zfunc/_evschema\n  evschema completions fish > ~/.config/fish/completions/evschema.fish"
)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Write the man page (roff) for evschema and each subcommand.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  evschema man | man -l -\n  evschema man --dir /usr/local/share/man/man1"
)]
pub struct ManArgs {
    /// Write evschema.1 and one evschema-COMMAND.1 per subcommand into this folder instead
    /// of printing evschema.1 to stdout.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Scaffold the next major version of an event schema beside the current one.
#[derive(Debug, Args)]
#[command(
    long_about = "Scaffold the next major version of an event schema beside the current one.\n\n\
A breaking change ships as a new major: consumers of the old major keep their schema for the \
support window while they migrate. new-major copies the highest major's file to NAME.vN+1.json \
(top-level `version` N+1.0.0, the envelope `version` pattern pinned to the new major, the same \
event type) and marks the old file `deprecated: true` with `x-deprecated-since` today's date. \
Everything else keeps its bytes; make the breaking change in the new file.",
    after_help = "Examples:\n  evschema new-major license.created\n  evschema new-major license.created --dir schemas --date 2027-01-31"
)]
pub struct NewMajorArgs {
    /// The event type (e.g. license.created).
    pub event_type: String,
    /// The catalog folder [default: schemas/, or `catalog` of evschema.toml].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The deprecation date written to the old file (YYYY-MM-DD) [default: today, UTC].
    #[arg(long)]
    pub date: Option<String>,
}

/// Output formats of `replay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReplayFormat {
    /// Invalid and failed events with their reasons, then a summary line.
    Human,
    /// One JSON object per event read, in input order (NDJSON): its outcome and why.
    Json,
}

/// Re-deliver recorded events to a target, validated first, with retries and a resumable
/// state file.
#[derive(Debug, Args)]
#[command(
    long_about = "Re-deliver recorded events (SQS dead-letter dumps, S3/Firehose archives, NDJSON \
recordings) to a target, after a consumer bug, an outage or for a new subscriber.\n\n\
Inputs are read like `validate` reads them (NDJSON, JSON documents, --array files, folders, \
stdin). Each event is filtered (--type globs on its event_type, --since/--until on its \
timestamp), then validated against the catalog: an invalid event is never delivered. Every \
event read ends in exactly one outcome: delivered, filtered, invalid or failed.\n\n\
Targets: `-` (stdout, NDJSON), `file:PATH` (NDJSON, written atomically), `http://URL` or \
`https://URL` (one POST per event, the body as recorded, headers Content-Type, \
X-Evschema-Event-Type, X-Evschema-Event-Id and, with --secret-env, \
X-Evschema-Signature-256: sha256=HMAC-SHA256(secret, body) in hex). Connection errors, \
timeouts, 408, 429 and 5xx are retried with exponential backoff and jitter (Retry-After is \
honoured); any other status fails that event at once.\n\n\
With --state FILE, every outcome is journaled (appended and fsynced) as it is decided; \
running the same command again after a crash or kill -9 skips what was delivered and goes \
on. Only events in flight at the kill can be sent twice, with the same X-Evschema-Event-Id. \
A state file from other inputs or for another target is refused.\n\n\
Exit 0 when every event was delivered or filtered, 1 when any was invalid or failed, 2 when \
the replay could not run.",
    after_help = "Examples:\n  evschema replay dlq-dump.ndjson --to https://consumer.example.com/events --secret-env HOOK_SECRET --state redrive.state\n  evschema replay archive/ --type 'license.*' --since 2024-12-01 --until 2024-12-02 --to file:backfill.ndjson\n  evschema replay archive/ --to http://127.0.0.1:8080/in --concurrency 8 --rate 500 --format json > outcomes.ndjson\n  evschema replay recorded.ndjson --to - --dry-run --format json"
)]
pub struct ReplayArgs {
    /// Files, folders or `-` (stdin). Default: `-` when stdin is not a terminal.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Where to deliver: `-`, `file:PATH`, `http://URL` or `https://URL`.
    #[arg(long, value_name = "TARGET")]
    pub to: String,

    /// The catalog that gates delivery (e.g. a proposed catalog).
    /// [default: `catalog` of evschema.toml, else schemas]
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    /// Validate against the catalog folder as it is at this git revision.
    #[arg(long, value_name = "REF")]
    pub against: Option<String>,

    /// Replay only event types matching this glob (`*` crosses dots); repeatable, any matches.
    #[arg(long = "type", value_name = "GLOB")]
    pub types: Vec<String>,

    /// Replay only events whose timestamp is at or after TIME (RFC 3339, or a date).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Replay only events whose timestamp is before TIME (RFC 3339, or a date).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// The JSON pointer of the event's timestamp, for --since and --until.
    #[arg(long, value_name = "POINTER", default_value = "/timestamp")]
    pub time_key: String,

    /// Journal outcomes to FILE and resume from it (skip what an earlier run delivered).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// At most N events per second.
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,

    /// HTTP deliveries in flight at once; above 1, events may arrive out of input order.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub concurrency: usize,

    /// Attempts after the first for a retryable failure.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub retries: u32,

    /// Seconds one HTTP attempt may take (connect, send, answer).
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub timeout: f64,

    /// Sign each body with HMAC-SHA256 under the secret in this environment variable.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,

    /// An extra HTTP header for every request (`Name: value`); repeatable.
    #[arg(long, value_name = "HEADER")]
    pub header: Vec<String>,

    /// Decide every outcome but deliver nothing (and write no state).
    #[arg(long)]
    pub dry_run: bool,

    /// Output format of the outcomes (on stderr when the target is `-`).
    #[arg(long, value_enum, default_value_t = ReplayFormat::Human)]
    pub format: ReplayFormat,

    /// Treat `.json` inputs (and stdin) as a JSON array of events.
    #[arg(long)]
    pub array: bool,

    /// Do not assert `format` keywords (treat them as annotations).
    #[arg(long)]
    pub no_format_assertion: bool,

    /// Replace instance values in messages with their JSON type.
    #[arg(long)]
    pub redact: bool,

    /// Also list delivered and filtered events in human output.
    #[arg(short, long)]
    pub verbose: bool,

    /// Set from the global -q.
    #[arg(skip)]
    pub quiet: bool,

    /// Set from `[routing]` of evschema.toml (route key, envelope, unwrapping, naming).
    #[arg(skip)]
    pub routing: crate::config::RoutingConfig,

    /// Validation threads (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Largest accepted event, in bytes. [default: 67108864 (64 MiB)]
    #[arg(long, value_name = "BYTES")]
    pub max_event_bytes: Option<usize>,
}

/// Output formats of `route`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RouteFormat {
    /// One block per event: its type, version, schema and channel, then its subscribers.
    Human,
    /// One JSON object per event, in input order (NDJSON); keys in docs/subscriptions.md.
    Json,
}

/// Which subscribers of the catalog receive each event (EventBridge's TestEventPattern and
/// SNS filter policies, for every subscription at once).
#[derive(Debug, Args)]
#[command(
    long_about = "Which subscribers receive each event: every subscription of the catalog's \
subscriptions/ folder (SNS filter policies on message attributes or on the body, EventBridge \
event patterns) tried on the event, as AWS would match it.\n\n\
Each event is read, unwrapped and routed to its schema as `validate` does (files, NDJSON, \
folders, stdin, .gz/.zst, SNS notifications and SQS messages) and validated. A subscriber \
receives it when it listens on the event's channel (the schema's folder, or `*`) and its \
filter matches what that filter sees: the SNS message attributes the publishers set (named \
after the routing keys: event_type and version, String-typed), the message body (the event), \
or the EventBridge event (version \"0\", id = event_id, detail-type = the event type, source \
from `[subscriptions] source` of evschema.toml or --source, account, time = timestamp, \
region, resources [], detail = the event). An event that is already an EventBridge event is \
matched as it is.\n\n\
--explain says, for each subscriber on the event's channel that does not receive it, the \
first key or condition that fails, with its place in the subscription file.\n\n\
Exit 0 when every event was routed and valid, 1 when any was invalid or unroutable (its \
subscribers are still listed), 2 when the catalog, a subscription file or an input cannot \
be read.",
    after_help = "Examples:\n  evschema route schemas/examples/valid.ndjson\n  evschema route --explain recorded/license.json\n  echo '{\"event_type\":\"license.created\",...}' | evschema route -\n  evschema route --format json events.ndjson | jq -c '{type: .event_type, to: .subscribers}'\n  evschema route --catalog vendor/catalog --source com.example.orders dump.ndjson.gz"
)]
pub struct RouteArgs {
    /// Files, folders or `-` (stdin). Default: `-` when stdin is not a terminal.
    #[arg(value_name = "EVENT")]
    pub inputs: Vec<PathBuf>,

    /// The catalog (schemas and subscriptions/).
    /// [default: `catalog` of evschema.toml, else schemas]
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = RouteFormat::Human)]
    pub format: RouteFormat,

    /// For each subscriber on the event's channel that does not receive it, say why.
    #[arg(long)]
    pub explain: bool,

    /// The EventBridge `source` of the catalog's events. [default: `[subscriptions] source`,
    /// else "evschema"]
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,

    /// Treat `.json` inputs (and stdin) as a JSON array of events.
    #[arg(long)]
    pub array: bool,

    /// Set from the global -q.
    #[arg(skip)]
    pub quiet: bool,

    /// Set from `[routing]` of evschema.toml.
    #[arg(skip)]
    pub routing: crate::config::RoutingConfig,

    /// Set from `[subscriptions]` of evschema.toml.
    #[arg(skip)]
    pub subscriptions: crate::config::SubscriptionsConfig,

    /// Largest accepted event, in bytes. [default: 67108864 (64 MiB)]
    #[arg(long, value_name = "BYTES")]
    pub max_event_bytes: Option<usize>,
}
