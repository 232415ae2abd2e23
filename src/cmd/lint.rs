//! `evschema lint`: arguments in, outcome out. Reads files and configuration, runs the
//! engine in [`crate::lint`], applies fixes, hands findings to a renderer.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};

use crate::catalog::{EXAMPLES, MAX_SCHEMA_BYTES};
use crate::cli::{LintArgs, LintFormat};
use crate::config::{FailOn, LintPolicy, Loaded};
use crate::diag::{sort_findings, Finding, Severity, Summary};
use crate::lint::{self, display_path, fix, registry, Input, Report, Source};
use crate::print::diag::{self as render, SourceLines};
use crate::Outcome;
use evschema_core::files::WalkProblem;

pub fn run(args: LintArgs, loaded: &Loaded) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.list_rules {
        list_rules(&mut out)?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    if let Some(code) = &args.explain {
        let rule = registry::rule(code)
            .ok_or_else(|| anyhow!("no rule \"{code}\" (see `evschema lint --list-rules`)"))?;
        writeln!(
            out,
            "{} {} ({}, {}{}{})\n\n{}\n\n{}",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.family.as_str(),
            if rule.fixable { ", fixable" } else { "" },
            if rule.enabled_by_default {
                ""
            } else {
                ", off by default"
            },
            rule.summary,
            rule.doc
        )?;
        out.flush()?;
        return Ok(Outcome::Success);
    }

    let policy = LintPolicy::new(loaded)?;
    let refs = loaded.ref_sources();
    let settings = lint::Settings {
        layout: loaded.layout(),
        preset: args
            .preset
            .map(lint::Preset::from)
            .or(loaded.config.lint.preset)
            .unwrap_or_default(),
        custom: custom_rules(loaded)?,
        today: Some(super::diff::today()),
        envelope: envelope_spec(loaded),
    };
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(loaded.catalog());
    }
    let fail_on = if args.deny_warnings || loaded.config.lint.deny_warnings == Some(true) {
        FailOn::Warning
    } else {
        args.fail_on
            .or(loaded.config.lint.fail_on)
            .unwrap_or(FailOn::Error)
    };

    let (inputs, mut extra, aliases) = gather(&paths, &settings.layout)?;
    // files the reader found not UTF-8 are E001 findings at the configured level
    if let Some(e001) = lint::registry::rule("E001") {
        extra.retain_mut(|f| {
            use lint::Policy;
            match policy.severity(e001, Path::new(&f.file)) {
                Some(sev) => {
                    f.severity = sev;
                    true
                }
                None => false,
            }
        });
    }
    let mut reports: Vec<Report> = Vec::new();
    for (input, only) in &inputs {
        reports.push(lint::lint_with(
            input,
            &policy,
            &settings,
            only.as_ref(),
            &refs,
        ));
    }

    if args.fix {
        let mut fixed_inputs = Vec::new();
        let mut changed = 0usize;
        let mut refused = 0usize;
        for ((input, only), report) in inputs.iter().zip(&reports) {
            let mut input = input.clone();
            let mut plan = plan_fixes(&input, report);
            let accepted = settle(report, &input, &mut plan);
            for (si, source) in input.sources.iter_mut().enumerate() {
                let Some(file_plan) = plan.get(&si) else {
                    continue;
                };
                let shown = display_path(&source.path);
                let typed = aliases.get(&shown).cloned().unwrap_or(shown.clone());
                let keep = accepted.get(&si).cloned().unwrap_or_default();
                for (g, (finding, _)) in file_plan.groups.iter().enumerate() {
                    if let Some(why) = file_plan
                        .refused
                        .get(&g)
                        .or_else(|| (!keep.contains(&g)).then_some(&file_plan.fallback_reason))
                    {
                        refused += 1;
                        eprintln!(
                            "not applied: {typed}:{}:{} {} fix at {}: {why}",
                            finding.line,
                            finding.column,
                            finding.code,
                            if finding.pointer.is_empty() {
                                "/"
                            } else {
                                &finding.pointer
                            }
                        );
                    }
                }
                if keep.is_empty() {
                    continue;
                }
                let new_text = file_plan.text_with(&source.text, &keep);
                if new_text == source.text {
                    continue;
                }
                changed += 1;
                if args.dry_run {
                    out.write_all(
                        crate::print::unified::unified_diff(
                            &format!("a/{shown}"),
                            &format!("b/{shown}"),
                            &source.text,
                            &new_text,
                        )
                        .as_bytes(),
                    )?;
                } else {
                    crate::atomic::write(&source.path, new_text.as_bytes()).with_context(|| {
                        format!("{}: cannot write the fixed file", source.path.display())
                    })?;
                }
                source.text = new_text;
            }
            fixed_inputs.push((input, only.clone()));
        }
        reports = fixed_inputs
            .iter()
            .map(|(input, only)| lint::lint_with(input, &policy, &settings, only.as_ref(), &refs))
            .collect();
        eprintln!(
            "{} {changed} file{}{}",
            if args.dry_run {
                "--dry-run: would fix"
            } else {
                "fixed"
            },
            if changed == 1 { "" } else { "s" },
            if refused > 0 {
                format!(
                    "; {refused} fix{} not applied (not proved to keep the schema's meaning)",
                    if refused == 1 { "" } else { "es" }
                )
            } else {
                String::new()
            }
        );
        if args.dry_run {
            out.flush()?;
            let findings: Vec<Finding> = reports
                .iter()
                .flat_map(|r| r.findings.clone())
                .chain(extra)
                .collect();
            return Ok(outcome(&Summary::of(0, &findings), fail_on));
        }
    }

    let mut findings: Vec<Finding> = reports
        .iter()
        .flat_map(|r| r.findings.iter().cloned())
        .collect();
    findings.append(&mut extra);
    for f in &mut findings {
        if let Some(typed) = aliases.get(&f.file) {
            f.file = typed.clone();
        }
    }
    sort_findings(&mut findings);
    let files: usize = reports.iter().map(|r| r.files).sum();
    let summary = Summary::of(files, &findings);
    let sources = Sources {
        reports: &reports,
        aliases: &aliases,
    };
    let mut buffer: Vec<u8> = Vec::new();
    {
        let sink: &mut dyn Write = if args.output.is_some() {
            &mut buffer
        } else {
            &mut out
        };
        match args.format {
            LintFormat::Human => {
                render::human::render(sink, &findings, summary, &sources, args.quiet)?
            }
            LintFormat::Json => render::json::render(sink, &findings, summary)?,
            LintFormat::Github => render::github::render(sink, &findings, summary)?,
            LintFormat::Sarif => {
                let mut metas = registry::metas();
                metas.extend(settings.custom.iter().map(|c| render::RuleMeta {
                    code: c.code,
                    name: c.name,
                    summary: Box::leak(c.message.clone().into_boxed_str()),
                    doc: Box::leak(c.message.clone().into_boxed_str()),
                    default_severity: c.severity,
                }));
                render::sarif::render(sink, &findings, &metas)?
            }
            LintFormat::Junit => {
                let mut files: Vec<String> = reports
                    .iter()
                    .flat_map(|r| r.linted.iter())
                    .map(|f| aliases.get(f).cloned().unwrap_or_else(|| f.clone()))
                    .chain(findings.iter().map(|f| f.file.clone()))
                    .collect();
                files.sort();
                files.dedup();
                render::junit::render(sink, &findings, &files)?
            }
            LintFormat::Gitlab => render::gitlab::render(sink, &findings)?,
        }
    }
    if let Some(path) = &args.output {
        crate::atomic::write(path, &buffer)
            .with_context(|| format!("{}: cannot write the report", path.display()))?;
    }
    out.flush()?;
    let result = outcome(&summary, fail_on);
    // Freeing every parsed schema and span map only delays the exit.
    std::mem::forget(reports);
    Ok(result)
}

/// The fixes planned for one file: one group of edits per fixable finding.
struct FilePlan {
    groups: Vec<(Finding, Vec<fix::Edit>)>,
    /// Groups refused on their own, with the reason.
    refused: BTreeMap<usize, String>,
    /// Why a group that was neither refused alone nor kept was left out.
    fallback_reason: String,
}

impl FilePlan {
    /// The text with the kept groups applied (overlapping edits: the first wins).
    fn text_with(&self, text: &str, keep: &BTreeSet<usize>) -> String {
        let mut edits: Vec<fix::Edit> = self
            .groups
            .iter()
            .enumerate()
            .filter(|(g, _)| keep.contains(g))
            .flat_map(|(_, (_, e))| e.iter().cloned())
            .collect();
        edits.sort_by_key(|e| (e.start, e.end));
        edits.dedup();
        let mut kept: Vec<fix::Edit> = Vec::new();
        for e in edits {
            if kept
                .last()
                .is_none_or(|k| k.end <= e.start && k.start != e.start)
            {
                kept.push(e);
            }
        }
        fix::apply(text, &kept)
    }
}

/// Source index → the fixes planned for it.
fn plan_fixes(input: &Input, report: &Report) -> BTreeMap<usize, FilePlan> {
    let mut plans = BTreeMap::new();
    for (si, source) in input.sources.iter().enumerate() {
        let shown = display_path(&source.path);
        let Some(&ci) = report.by_path.get(&shown) else {
            continue;
        };
        let file = &report.catalog.schemas[ci];
        let mut groups = Vec::new();
        for f in report.findings.iter().filter(|f| f.file == shown) {
            let edits = fix::plan(file, std::slice::from_ref(f));
            if !edits.is_empty() {
                groups.push((f.clone(), edits));
            }
        }
        if !groups.is_empty() {
            plans.insert(
                si,
                FilePlan {
                    groups,
                    refused: BTreeMap::new(),
                    fallback_reason: "another fix of the same place was applied instead".to_owned(),
                },
            );
        }
    }
    plans
}

/// Decides which fix groups are applied: all of a file's fixes together when that is proved
/// safe, else each on its own (kept one by one while the file stays proved), and finally
/// every kept fix of the input together (a fix of a shared file must not break the files
/// that reference it). Returns source index → kept groups; refused groups get their reason.
fn settle(
    report: &Report,
    input: &Input,
    plans: &mut BTreeMap<usize, FilePlan>,
) -> BTreeMap<usize, BTreeSet<usize>> {
    let index_of = |si: usize| {
        report
            .by_path
            .get(&display_path(&input.sources[si].path))
            .copied()
    };
    let mut reasons: BTreeMap<(usize, usize), String> = BTreeMap::new();
    let mut keep: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let all: BTreeMap<usize, String> = plans
        .iter()
        .filter_map(|(&si, p)| {
            let ci = index_of(si)?;
            let every: BTreeSet<usize> = (0..p.groups.len()).collect();
            Some((ci, p.text_with(&input.sources[si].text, &every)))
        })
        .collect();
    let verdicts = fix::verify(&report.catalog, &all);
    for (&si, p) in plans.iter() {
        let Some(ci) = index_of(si) else { continue };
        if verdicts.get(&ci) == Some(&fix::Verdict::Safe) {
            keep.insert(si, (0..p.groups.len()).collect());
            continue;
        }
        // one group at a time, keeping those that stay proved
        let mut kept = BTreeSet::new();
        for g in 0..p.groups.len() {
            let mut trial = kept.clone();
            trial.insert(g);
            let text = p.text_with(&input.sources[si].text, &trial);
            match fix::verify(&report.catalog, &BTreeMap::from([(ci, text)])).remove(&ci) {
                Some(fix::Verdict::Safe) => {
                    kept.insert(g);
                }
                Some(fix::Verdict::Unsafe(why)) => {
                    reasons.insert((si, g), why);
                }
                None => {}
            }
        }
        keep.insert(si, kept);
    }
    // everything kept, together: a fix of a shared file must not break its users
    loop {
        let together: BTreeMap<usize, String> = keep
            .iter()
            .filter(|(_, k)| !k.is_empty())
            .filter_map(|(&si, k)| {
                Some((
                    index_of(si)?,
                    plans[&si].text_with(&input.sources[si].text, k),
                ))
            })
            .collect();
        if together.is_empty() {
            break;
        }
        let verdicts = fix::verify(&report.catalog, &together);
        let mut dropped = false;
        for (si, k) in keep.iter_mut() {
            let Some(ci) = index_of(*si) else { continue };
            if let Some(fix::Verdict::Unsafe(why)) = verdicts.get(&ci) {
                for g in std::mem::take(k) {
                    reasons.insert((*si, g), why.clone());
                }
                dropped = true;
            }
        }
        if !dropped {
            break;
        }
    }
    for ((si, g), why) in reasons {
        if let Some(p) = plans.get_mut(&si) {
            p.refused.insert(g, why);
        }
    }
    keep
}

/// The `[[lint.custom]]` rules, their schemas read and compiled.
fn custom_rules(loaded: &Loaded) -> anyhow::Result<Vec<lint::CustomRule>> {
    let mut rules = Vec::new();
    for c in &loaded.config.lint.custom {
        let path = loaded.path(&c.schema);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            anyhow!(
                "[[lint.custom]] {}: {}: cannot read: {e}",
                c.code,
                path.display()
            )
        })?;
        let schema: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            anyhow!(
                "[[lint.custom]] {}: {}:{}:{}: not valid JSON: {}",
                c.code,
                path.display(),
                e.line(),
                e.column(),
                crate::catalog::strip_serde_position(&e)
            )
        })?;
        let validator = lint::compile(&schema).map_err(|e| {
            anyhow!(
                "[[lint.custom]] {}: {}: not a schema evschema can compile: {e}",
                c.code,
                path.display()
            )
        })?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| c.code.to_ascii_lowercase());
        let name = c
            .name
            .clone()
            .or_else(|| {
                schema
                    .get("title")
                    .and_then(|t| t.as_str())
                    .map(str::to_owned)
            })
            .unwrap_or(stem);
        let message = c
            .message
            .clone()
            .or_else(|| {
                schema
                    .get("description")
                    .and_then(|t| t.as_str())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| format!("the subschema does not satisfy {}", c.schema.display()));
        let severity = match c.severity {
            Some(crate::config::Level::Warning) => Severity::Warning,
            _ => Severity::Error,
        };
        rules.push(lint::CustomRule {
            code: Box::leak(c.code.clone().into_boxed_str()),
            name: Box::leak(name.into_boxed_str()),
            severity,
            message,
            validator,
        });
    }
    Ok(rules)
}

fn outcome(summary: &Summary, fail_on: FailOn) -> Outcome {
    if summary.errors > 0 || (fail_on == FailOn::Warning && summary.warnings > 0) {
        Outcome::Failure
    } else {
        Outcome::Success
    }
}

fn list_rules(out: &mut dyn Write) -> io::Result<()> {
    for r in registry::RULES {
        let mut notes = Vec::new();
        if r.fixable {
            notes.push("fixable");
        }
        if !r.enabled_by_default {
            notes.push("off by default");
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", notes.join(", "))
        };
        writeln!(
            out,
            "{}  {:<7}  {:<27}  {:<14}  {}{notes}",
            r.code,
            r.severity.as_str(),
            r.name,
            r.family.as_str(),
            r.summary
        )?;
    }
    Ok(())
}

/// The catalog a single file belongs to: the folder above its channel or shared folder.
fn catalog_root_of(file: &Path, layout: &lint::Layout) -> Option<PathBuf> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let canonical = dir.canonicalize().ok()?;
    let name = canonical.file_name()?.to_str()?;
    if !(layout.channels.iter().any(|c| c == name)
        || name == layout.common
        || name == evschema_core::subscriptions::FOLDER)
    {
        return None;
    }
    Some(match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() && dir != Path::new(".") => p.to_owned(),
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ if dir == Path::new(".") => PathBuf::from(".."),
        _ => PathBuf::from("."),
    })
}

/// The folder around a file that is in no catalog layout: its refs resolve there, as
/// `validate --schema FILE` resolves them.
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

type Inputs = Vec<(Input, Option<BTreeSet<String>>)>;
/// Catalog display path → the path the user typed, for single files given by another path
/// (`evschema lint x.json` inside `sns_topics/`).
type Aliases = BTreeMap<String, String>;

/// The path a catalog file is shown with: the catalog root as given, joined with `rel`.
fn shown_path(root: &Path, rel: &str) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
}

/// `file`'s path relative to the catalog `root`, with `/` separators.
fn rel_in(root: &Path, file: &Path) -> Option<String> {
    let real_root = root.canonicalize().ok()?;
    let real = file.canonicalize().ok()?;
    let rel = real.strip_prefix(&real_root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Turns the PATHs into inputs, one per catalog; files inside a catalog are linted with
/// the whole catalog around them but only their own findings reported.
fn gather(
    paths: &[PathBuf],
    layout: &lint::Layout,
) -> anyhow::Result<(Inputs, Vec<Finding>, Aliases)> {
    let mut aliases = Aliases::new();
    // root → (is_catalog, only these display paths; None = all)
    let mut groups: BTreeMap<PathBuf, (bool, Option<BTreeSet<String>>)> = BTreeMap::new();
    for p in paths {
        let meta =
            std::fs::metadata(p).map_err(|e| anyhow!("{}: cannot read: {e}", p.display()))?;
        if meta.is_dir() {
            groups.insert(p.clone(), (true, None));
        } else {
            // One catalog for a file in lint and validate: the catalog its layout places it
            // in, else its folder with the layout rules off (a folder of sibling files is
            // not a declared layout).
            let (root, is_catalog) = match catalog_root_of(p, layout) {
                Some(root) => (root, true),
                None => (folder_of(p), false),
            };
            let typed = display_path(p);
            let shown = rel_in(&root, p)
                .map(|rel| display_path(&shown_path(&root, &rel)))
                .unwrap_or_else(|| typed.clone());
            if shown != typed {
                aliases.insert(shown.clone(), typed);
            }
            let entry = groups
                .entry(root)
                .or_insert((is_catalog, Some(BTreeSet::new())));
            if let Some(only) = &mut entry.1 {
                only.insert(shown);
            }
        }
    }
    let mut inputs = Vec::new();
    let mut extra = Vec::new();
    for (root, (is_catalog, only)) in groups {
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        if is_catalog || only.is_some() {
            let walk = evschema_core::files::Walker::new(|name| name.ends_with(".json"))
                .skip_top(EXAMPLES)
                .guard_root()
                .walk(&root);
            for problem in &walk.problems {
                match problem {
                    // a loop is skipped: every other file still gets its findings
                    WalkProblem::LinkLoop { path } => {
                        eprintln!("warning: {}: {problem}", path.display())
                    }
                    // no file outside the catalog is read, whatever a symbolic link says
                    WalkProblem::Outside { path, .. } => bail!("{}: {problem}", path.display()),
                    WalkProblem::Unreadable { .. } => {
                        bail!("{}: cannot walk: {problem}", root.display())
                    }
                }
            }
            files.extend(walk.files.into_iter().map(|f| (f.rel, f.path)));
        }
        let mut sources = Vec::new();
        for (rel, path) in files {
            // In a catalog run, a file given by the user is shown with the path they typed.
            let shown_path = shown_path(&root, &rel);
            let meta = std::fs::metadata(&path)
                .map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
            let asked = only
                .as_ref()
                .is_none_or(|o| o.contains(&display_path(&shown_path)));
            if meta.len() > MAX_SCHEMA_BYTES {
                if !asked {
                    continue; // a sibling too big to be a schema: not ours to judge
                }
                bail!(
                    "{}: {} bytes is over the {} MiB limit for one schema file",
                    path.display(),
                    meta.len(),
                    MAX_SCHEMA_BYTES >> 20
                );
            }
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(_) if !asked => continue,
                Err(e) => bail!("{}: cannot read: {e}", path.display()),
            };
            match String::from_utf8(bytes) {
                Ok(text) => sources.push(Source {
                    rel,
                    path: shown_path,
                    text,
                }),
                Err(e) => {
                    let shown = display_path(&shown_path);
                    if only.as_ref().is_none_or(|o| o.contains(&shown)) {
                        extra.push(Finding {
                            file: shown,
                            line: 1,
                            column: 1,
                            code: "E001",
                            name: "invalid-json",
                            severity: Severity::Error,
                            pointer: String::new(),
                            message: format!(
                                "not valid UTF-8 (first bad byte at offset {})",
                                e.utf8_error().valid_up_to()
                            ),
                            help: "save the file as UTF-8".to_owned(),
                        });
                    }
                }
            }
        }
        inputs.push((
            Input {
                root,
                is_catalog,
                sources,
            },
            only,
        ));
    }
    Ok((inputs, extra, aliases))
}

/// Source lines for the human renderer.
struct Sources<'a> {
    reports: &'a [Report],
    aliases: &'a Aliases,
}

impl SourceLines for Sources<'_> {
    fn line(&self, file: &str, line: usize) -> Option<String> {
        let file = self
            .aliases
            .iter()
            .find(|(_, typed)| typed.as_str() == file)
            .map_or(file, |(shown, _)| shown.as_str());
        for r in self.reports {
            if let Some(&i) = r.by_path.get(file) {
                return Some(r.catalog.schemas[i].spans.line_text(line).to_owned());
            }
            if let Some(t) = r.unparsed.get(file) {
                return t
                    .lines()
                    .nth(line.checked_sub(1)?)
                    .map(|l| l.trim_end_matches('\r').to_owned());
            }
        }
        None
    }
}

/// The envelope subscription filters see, from evschema.toml (`[routing]` keys and
/// `[subscriptions]`), as `evschema route` builds it.
pub fn envelope_spec(loaded: &Loaded) -> evschema_core::subscriptions::matcher::EnvelopeSpec {
    use evschema_core::subscriptions::matcher::{EnvelopeSpec, DEFAULT_SOURCE};
    let spec = super::validate::route_spec_from_config(&loaded.config.routing);
    let mut env = EnvelopeSpec::from_routing(&spec.type_key, spec.version_key.as_deref());
    let subs = &loaded.config.subscriptions;
    env.source = subs
        .source
        .clone()
        .unwrap_or_else(|| DEFAULT_SOURCE.to_owned());
    if let Some(a) = &subs.account {
        env.account = a.clone();
    }
    if let Some(r) = &subs.region {
        env.region = r.clone();
    }
    if spec.envelope == evschema_core::routing::Envelope::CloudEvents {
        env.id_key = "/id".into();
        env.time_key = "/time".into();
    }
    env
}
