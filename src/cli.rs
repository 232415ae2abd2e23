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
    NewMajor(NewMajorArgs),
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
an unknown one, or a malformed JSON line is reported invalid with its reason; the run goes \
on and nothing is skipped silently.\n\n\
Inputs: `.json` files (one event, or with --array a JSON array of events), `.ndjson` and \
`.jsonl` files (one event per line; blank lines are skipped and counted), folders (walked \
in sorted order for those extensions), and `-` for standard input (NDJSON unless --array).\n\n\
`format` is asserted under every draft (uuid, date, date-time, email, uri, ipv4, ...).",
    after_help = "Examples:\n  evschema validate schemas/examples\n  evschema validate --schema schemas/sns_topics/license_created.json payload.json\n  cat events.ndjson | evschema validate --format json -\n  evschema validate --array --redact recorded/2025-11-01.json"
)]
pub struct ValidateArgs {
    /// Files, folders or `-` (stdin). Default: `-` when stdin is not a terminal.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Validate every instance against this one schema file (no routing). Its $refs resolve
    /// inside the catalog it sits in (the folder above its channel folder).
    #[arg(long, value_name = "FILE", conflicts_with = "catalog")]
    pub schema: Option<PathBuf>,

    /// The catalog folder: routes events by event_type, and roots $ref resolution.
    /// [default: `catalog` of evschema.toml, else schemas]
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

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
    after_help = "Examples:\n  evschema diff old/license_created.json schemas/sns_topics/license_created.json\n  evschema diff --against origin/main\n  evschema diff --against origin/main --transitive --mode full\n  evschema diff --format markdown --against origin/main > comment.md"
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
