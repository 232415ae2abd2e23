//! `evschema.toml`: project configuration, found by walking up from the working directory
//! (or given with `--config FILE`). Each command owns one table; unknown keys are errors
//! that name the key, so a typo never silently disables a setting.
//!
//! ```toml
//! catalog = "schemas"            # default PATH of lint (and later validate/render)
//!
//! [lint]
//! rules = { W110 = "error", "missing-description" = "off" }   # code or name
//!
//! [[lint.overrides]]             # later entries win
//! files = ["schemas/legacy/**"]  # globs, relative to the folder of evschema.toml
//! rules = { W207 = "off" }
//! ```
//!
//! Other commands add their own table as a field of [`Config`] (`[validate]`, `[diff]`,
//! `[render]`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diag::Severity;
use crate::lint::registry::{self, Rule};

/// The file name looked for.
pub const FILE_NAME: &str = "evschema.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `catalog = "schemas"`, or a `[catalog]` table with the folder and its layout.
    #[serde(default, deserialize_with = "catalog_setting")]
    pub catalog: CatalogConfig,
    #[serde(default)]
    pub lint: LintConfig,
    #[serde(default)]
    pub validate: ValidateConfig,
    #[serde(default)]
    pub diff: DiffConfig,
    #[serde(default)]
    pub render: RenderConfig,
    #[serde(default)]
    pub policy: PolicyConfig,
    #[serde(default)]
    pub routing: RoutingConfig,
    #[serde(default)]
    pub refs: RefsConfig,
    #[serde(default)]
    pub export: ExportConfig,
    #[serde(default)]
    pub subscriptions: SubscriptionsConfig,
}

/// `[subscriptions]`: the EventBridge envelope `evschema route` (and the analysis) put around
/// the catalog's events (docs/subscriptions.md).
///
/// ```toml
/// [subscriptions]
/// source = "credentialing"     # EventBridge `source` (default "evschema")
/// account = "123456789012"     # EventBridge `account`
/// region = "us-east-1"         # EventBridge `region`
/// ```
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionsConfig {
    pub source: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
}

/// `[export]`: what `evschema export` puts around the schemas.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportConfig {
    /// AsyncAPI `info.title` (default "Event catalog").
    pub title: Option<String>,
    /// AsyncAPI `info.version` (default "1.0.0").
    pub version: Option<String>,
    /// AsyncAPI `info.description`.
    pub description: Option<String>,
    /// `--registry` of `export eventbridge`.
    pub registry: Option<String>,
    /// `--subject-strategy` of `export confluent`.
    pub subject_strategy: Option<crate::cli::SubjectStrategy>,
}

/// `[routing]`: how `validate` finds each event's schema (docs/routing.md).
///
/// ```toml
/// [routing]
/// envelope = "cloudevents"     # plain (default), cloudevents, eventbridge
/// key = "/type"                # JSON pointer of the event type (default: the envelope's)
/// version_key = "/version"     # or "none"
/// unwrap = true                # SNS notifications and SQS messages
///
/// [[routing.naming]]           # tried in order, for schemas that claim no type
/// files = "{/event}/{/payload/action}.schema.json"
/// name = "{/event}.{/payload/action}"
/// body = "/payload"
/// ```
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingConfig {
    pub envelope: Option<crate::cli::EnvelopeChoice>,
    pub key: Option<String>,
    pub version_key: Option<String>,
    pub unwrap: Option<bool>,
    #[serde(default)]
    pub naming: Vec<NamingConfig>,
}

/// One `[[routing.naming]]` rule.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct NamingConfig {
    /// Catalog-relative path template with `{/pointer}` placeholders.
    pub files: String,
    /// The event type name reported, over the same placeholders.
    pub name: Option<String>,
    /// JSON pointer of the part of the event the schema describes.
    pub body: Option<String>,
}

/// `[refs]`: where `$ref`s may lead besides the catalog (every command).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefsConfig {
    /// URL prefix → folder (relative to the configuration file), as `--map PREFIX=DIR`.
    #[serde(default)]
    pub map: BTreeMap<String, PathBuf>,
    /// Schema files or folders indexed by `$id`, as `--resolve PATH`.
    #[serde(default)]
    pub resolve: Vec<PathBuf>,
}

/// The catalog: `catalog = "schemas"` (the folder only) or a table.
///
/// ```toml
/// [catalog]
/// path = "schemas"                          # relative to this file
/// channels = ["sns_topics", "sqs_queues"]   # the channel folders: declares the layout
/// common = "common"                         # the folder of shared definitions
/// ```
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogConfig {
    pub path: Option<PathBuf>,
    /// Channel folders (event schemas live in one of them). Setting it declares the
    /// layout: lint's layout rules then apply to every file. `[render] channels` is the
    /// older name of this setting and is read when this one is absent.
    pub channels: Option<Vec<String>>,
    /// The folder of shared definitions (default `common`).
    pub common: Option<String>,
}

fn catalog_setting<'de, D: serde::Deserializer<'de>>(d: D) -> Result<CatalogConfig, D::Error> {
    use serde::de::Error;
    match toml::Value::deserialize(d)? {
        toml::Value::String(path) => Ok(CatalogConfig {
            path: Some(PathBuf::from(path)),
            ..CatalogConfig::default()
        }),
        table @ toml::Value::Table(_) => table
            .try_into::<CatalogConfig>()
            .map_err(|e| D::Error::custom(format!("[catalog]: {}", e.message()))),
        other => Err(D::Error::custom(format!(
            "catalog must be a folder name or a [catalog] table, not a {}",
            other.type_str()
        ))),
    }
}

/// `[policy]`: the catalog's versioning policy.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// How long a major stays after its successor arrived: `"12 months"`, `"90 days"`.
    /// Default 12 months.
    pub support_window: Option<String>,
}

/// `[validate]`: what `evschema validate` does with no arguments.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateConfig {
    /// Inputs validated when none are given (relative to the configuration file).
    #[serde(default)]
    pub inputs: Vec<PathBuf>,
    /// `false` is `--no-format-assertion`.
    pub format_assertion: Option<bool>,
    /// `true` is `--redact`.
    pub redact: Option<bool>,
    /// `--max-event-bytes`.
    pub max_event_bytes: Option<usize>,
}

/// `[diff]`: the compatibility gate's settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffConfig {
    /// `--mode`: backward, forward or full.
    pub mode: Option<crate::cli::DiffMode>,
    /// `--policy`: strict or lenient.
    pub policy: Option<crate::cli::DiffPolicy>,
    /// The revision `evschema diff` compares with when given no paths (`--against`).
    pub against: Option<String>,
    /// `[[diff.accept]]`: known breaking changes that do not fail the gate.
    #[serde(default)]
    pub accept: Vec<Accept>,
}

/// One `[[diff.accept]]` entry, read straight into the core's type:
///
/// ```toml
/// [[diff.accept]]
/// event_type = "license.created"   # or file = "common/us_states.json"
/// kind = "enum_narrowed"            # a change kind of the JSON output
/// path = "payload.state"            # human path or JSON pointer
/// reason = "DC was never sent"
/// expires = "2027-06-30"            # optional; the acceptance fails again after it
/// ```
pub type Accept = evschema_core::compat::report::Acceptance;

/// `[render]`: where the catalog document goes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderConfig {
    /// `-o`: the Markdown file (relative to the configuration file); `-o -` still prints.
    pub output: Option<PathBuf>,
    /// `--split`: the folder of per-event-type pages.
    pub split: Option<PathBuf>,
    /// JSON pointer of the event body among the top-level properties (default `/payload`).
    pub body: Option<String>,
    /// Channel folders in the order the document lists them (default: `[catalog]
    /// channels`, else every top-level folder holding event types, by name). An alias of
    /// `[catalog] channels`, kept for configurations written before it existed.
    #[serde(default)]
    pub channels: Vec<String>,
    /// Display names of channel folders: `{ sns_topics = "SNS topics" }`.
    #[serde(default)]
    pub channel_names: BTreeMap<String, String>,
    /// Domains listed first, in this order (default: by name).
    #[serde(default)]
    pub domains: Vec<String>,
    /// Display names of domains: `{ cme = "CME" }`.
    #[serde(default)]
    pub domain_names: BTreeMap<String, String>,
}

pub use crate::lint::Preset;

/// `[lint] fail_on` / `--fail-on`: the least severe finding that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
}

/// `[[lint.custom]]`: a team's own rule, a JSON Schema every (sub)schema must satisfy.
///
/// ```toml
/// [[lint.custom]]
/// code = "C001"                         # letters then digits, not a built-in code
/// schema = "lint-rules/titled.json"     # relative to this file
/// message = "every subschema with properties has a title"   # default: the rule's description
/// severity = "warning"                  # default: error
/// name = "titled-objects"               # default: the rule schema's title, else the file stem
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleConfig {
    pub code: String,
    pub schema: PathBuf,
    pub message: Option<String>,
    pub severity: Option<Level>,
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// `true` is `--deny-warnings` (`fail_on = "warning"`).
    pub deny_warnings: Option<bool>,
    /// `--fail-on`.
    pub fail_on: Option<FailOn>,
    /// `--preset`.
    pub preset: Option<Preset>,
    #[serde(default)]
    pub custom: Vec<CustomRuleConfig>,
    /// Rule code or name → level.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    #[serde(default)]
    pub overrides: Vec<Override>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub files: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}

/// What to do with a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    /// Enabled at its default severity.
    On,
    #[serde(alias = "warn")]
    Warning,
    Error,
}

/// A configuration that was read, with the folder its relative paths start from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// Folder of the file (the working directory when there is none).
    pub base: PathBuf,
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// A path from the configuration file, as seen from the working directory.
    pub fn path(&self, p: &Path) -> PathBuf {
        if self.path.is_none() || p.is_absolute() {
            return p.to_owned();
        }
        relative_to_cwd(&self.base.join(p))
    }

    /// The catalog folder: the `catalog` key, else `schemas`.
    pub fn catalog(&self) -> PathBuf {
        match &self.config.catalog.path {
            Some(c) => self.path(c),
            None => PathBuf::from("schemas"),
        }
    }

    /// The catalog's layout: channel folders and the shared folder; `declared` when the
    /// configuration names the channels.
    pub fn layout(&self) -> crate::lint::Layout {
        let c = &self.config.catalog;
        let channels = c.channels.clone().or_else(|| {
            let r = &self.config.render.channels;
            (!r.is_empty()).then(|| r.clone())
        });
        crate::lint::Layout {
            declared: channels.is_some(),
            channels: channels.unwrap_or_else(|| {
                crate::catalog::CHANNELS
                    .iter()
                    .map(|c| c.to_string())
                    .collect()
            }),
            common: c
                .common
                .clone()
                .unwrap_or_else(|| crate::catalog::COMMON.to_owned()),
        }
    }
}

impl Loaded {
    /// The `[refs]` sources with paths as seen from the working directory.
    pub fn ref_sources(&self) -> crate::refs::RefSources {
        crate::refs::RefSources {
            maps: self
                .config
                .refs
                .map
                .iter()
                .map(|(prefix, dir)| (prefix.clone(), self.path(dir)))
                .collect(),
            resolve: self
                .config
                .refs
                .resolve
                .iter()
                .map(|p| self.path(p))
                .collect(),
        }
    }
}

/// The catalog a schema file belongs to when none is named, for `validate --schema FILE`
/// and `diff FILE FILE` alike: the `catalog` of the nearest evschema.toml above it when
/// that folder holds the file; else [`Catalog::home_of`](evschema_core::catalog::Catalog::home_of)
/// (the folder above its channel or `common/` folder, else its own folder).
pub fn catalog_of(file: &Path) -> PathBuf {
    let parent = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if let Ok(real) = parent.canonicalize() {
        if let Some(toml) = discover(&real) {
            if let Ok(loaded) = load(&toml) {
                if let Some(c) = &loaded.config.catalog.path {
                    let dir = loaded.base.join(c);
                    if let Ok(dir_real) = dir.canonicalize() {
                        if real.starts_with(&dir_real) {
                            return relative_to_cwd(&dir_real);
                        }
                    }
                }
            }
        }
    }
    evschema_core::catalog::Catalog::home_of(file)
}

/// `p` relative to the working directory when it lies below it, without `.` components.
pub fn relative_to_cwd(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let rel = p.strip_prefix(&cwd).unwrap_or(p);
    let clean: PathBuf = rel
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        clean
    }
}

/// The configuration for a run: `--no-config` (none), `--config FILE`, or the
/// `evschema.toml` found by walking up from the working directory.
pub fn for_run(config: Option<&Path>, no_config: bool) -> anyhow::Result<Loaded> {
    if no_config {
        return Ok(Loaded::default());
    }
    if let Some(path) = config {
        return load(path);
    }
    let cwd = std::env::current_dir()
        .map_err(|e| anyhow::anyhow!("cannot read the working directory: {e}"))?;
    match discover(&cwd) {
        Some(path) => load(&path),
        None => Ok(Loaded::default()),
    }
}

/// Finds `evschema.toml` in `start` or its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and checks a configuration file.
pub fn load(path: &Path) -> anyhow::Result<Loaded> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
    let config = parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned();
    Ok(Loaded {
        config,
        base,
        path: Some(path.to_owned()),
    })
}

/// Parses configuration text; unknown keys and unknown rule codes are errors.
pub fn parse(text: &str) -> anyhow::Result<Config> {
    let config: Config =
        toml::from_str(text).map_err(|e| anyhow::anyhow!("{}", e.to_string().trim_end()))?;
    let check = |table: &BTreeMap<String, Level>, at: &str| -> anyhow::Result<()> {
        for key in table.keys() {
            if registry::rule(key).is_none() {
                anyhow::bail!("unknown rule \"{key}\" in {at} (see `evschema lint --list-rules`)");
            }
        }
        Ok(())
    };
    check(&config.lint.rules, "[lint.rules]")?;
    let mut config = config;
    if let Some(channels) = &config.catalog.channels {
        let r = &config.render.channels;
        if !r.is_empty() && r != channels {
            anyhow::bail!(
                "[render] channels and [catalog] channels differ; [render] channels is the old name of [catalog] channels: keep only [catalog] channels"
            );
        }
        // render lists the channels in the catalog's order
        config.render.channels = channels.clone();
    }
    for (name, list) in [("[catalog] channels", config.catalog.channels.as_ref())] {
        for c in list.into_iter().flatten() {
            if c.is_empty() || c.contains('/') || c.contains('\\') || c == "." || c == ".." {
                anyhow::bail!(
                    "{name}: \"{c}\" is not a folder name (one name per channel, no '/')"
                );
            }
        }
    }
    let mut codes = std::collections::BTreeSet::new();
    for (i, c) in config.lint.custom.iter().enumerate() {
        let at = format!("[[lint.custom]] #{}", i + 1);
        let split = c
            .code
            .find(|ch: char| ch.is_ascii_digit())
            .unwrap_or(c.code.len());
        let (letters, digits) = c.code.split_at(split);
        if letters.is_empty()
            || digits.is_empty()
            || !letters.bytes().all(|b| b.is_ascii_uppercase())
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            anyhow::bail!(
                "{at}: code \"{}\" must be capital letters then digits (C001)",
                c.code
            );
        }
        if registry::rule(&c.code).is_some() {
            anyhow::bail!("{at}: code \"{}\" is a built-in rule's code", c.code);
        }
        if !codes.insert(c.code.clone()) {
            anyhow::bail!("{at}: code \"{}\" is used twice", c.code);
        }
        if c.severity == Some(Level::Off) {
            anyhow::bail!(
                "{at}: severity must be \"error\" or \"warning\" (remove the rule to turn it off)"
            );
        }
    }
    for (i, o) in config.lint.overrides.iter().enumerate() {
        check(&o.rules, &format!("[[lint.overrides]] #{}", i + 1))?;
        for g in &o.files {
            Glob::new(g).map_err(|e| {
                anyhow::anyhow!("[[lint.overrides]] #{}: bad glob \"{g}\": {e}", i + 1)
            })?;
        }
    }
    Ok(config)
}

/// The lint policy a configuration defines.
pub struct LintPolicy {
    base: PathBuf,
    cwd: PathBuf,
    rules: Vec<(&'static str, Level)>,
    overrides: Vec<(GlobSet, Vec<(&'static str, Level)>)>,
}

fn resolve(table: &BTreeMap<String, Level>) -> Vec<(&'static str, Level)> {
    table
        .iter()
        .filter_map(|(k, &l)| registry::rule(k).map(|r| (r.code, l)))
        .collect()
}

impl LintPolicy {
    pub fn new(loaded: &Loaded) -> anyhow::Result<LintPolicy> {
        let mut overrides = Vec::new();
        for o in &loaded.config.lint.overrides {
            let mut b = GlobSetBuilder::new();
            for g in &o.files {
                b.add(Glob::new(g)?);
            }
            overrides.push((b.build()?, resolve(&o.rules)));
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        Ok(LintPolicy {
            base: absolute(&cwd, &loaded.base),
            cwd,
            rules: resolve(&loaded.config.lint.rules),
            overrides,
        })
    }

    fn level(list: &[(&'static str, Level)], code: &str) -> Option<Level> {
        list.iter().rev().find(|(c, _)| *c == code).map(|(_, l)| *l)
    }
}

/// `p` made absolute against `cwd`, `.` dropped and `..` folded, without touching the disk
/// (files need not exist).
pub fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_owned()
    } else {
        cwd.join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

impl crate::lint::Policy for LintPolicy {
    fn severity(&self, rule: &Rule, file: &Path) -> Option<Severity> {
        let mut level = Self::level(&self.rules, rule.code);
        if !self.overrides.is_empty() {
            let abs = absolute(&self.cwd, file);
            let rel = abs.strip_prefix(&self.base).unwrap_or(&abs);
            for (globs, rules) in &self.overrides {
                if globs.is_match(rel) {
                    if let Some(l) = Self::level(rules, rule.code) {
                        level = Some(l);
                    }
                }
            }
        }
        match level {
            None => rule.enabled_by_default.then_some(rule.severity),
            Some(Level::Off) => None,
            Some(Level::On) => Some(rule.severity),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_naming_the_key() {
        let e = parse("[lint]\nrulez = {}\n").unwrap_err().to_string();
        assert!(e.contains("rulez"), "{e}");
        let e = parse("catalogue = \"x\"\n").unwrap_err().to_string();
        assert!(e.contains("catalogue"), "{e}");
    }

    #[test]
    fn unknown_rule_codes_are_errors() {
        let e = parse("[lint.rules]\nE999 = \"off\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("E999"), "{e}");
    }

    #[test]
    fn codes_names_levels_and_overrides() {
        let c = parse(
            "catalog = \"schemas\"\n[lint.rules]\nW110 = \"error\"\nmissing-title = \"off\"\n[[lint.overrides]]\nfiles = [\"legacy/**\"]\nrules = { W208 = \"warn\" }\n",
        )
        .unwrap();
        assert_eq!(c.catalog.path, Some(PathBuf::from("schemas")));
        assert_eq!(c.lint.rules.get("W110"), Some(&Level::Error));
        assert_eq!(c.lint.overrides[0].rules.get("W208"), Some(&Level::Warning));
    }
}
