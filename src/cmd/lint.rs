//! `evschema lint`: arguments in, outcome out. Reads files and configuration, runs the
//! engine in [`crate::lint`], applies fixes, hands findings to a renderer.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};

use crate::catalog::{CHANNELS, COMMON, EXAMPLES, MAX_SCHEMA_BYTES};
use crate::cli::{LintArgs, LintFormat};
use crate::config::{LintPolicy, Loaded};
use crate::diag::{sort_findings, Finding, Severity, Summary};
use crate::lint::{self, display_path, fix, registry, Input, Report, Source};
use crate::print::diag::{self as render, SourceLines};
use crate::Outcome;

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
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(loaded.catalog());
    }
    let deny_warnings = args.deny_warnings || loaded.config.lint.deny_warnings == Some(true);

    let (inputs, mut extra, aliases) = gather(&paths)?;
    let mut reports: Vec<Report> = Vec::new();
    for (input, only) in &inputs {
        reports.push(lint::lint_with(input, &policy, only.as_ref(), &refs));
    }

    if args.fix {
        let mut fixed_inputs = Vec::new();
        let mut changed = 0usize;
        for ((input, only), report) in inputs.iter().zip(&reports) {
            let mut input = input.clone();
            for source in &mut input.sources {
                let shown = display_path(&source.path);
                let Some(file) = report.parsed.get(&shown) else {
                    continue;
                };
                let mine: Vec<Finding> = report
                    .findings
                    .iter()
                    .filter(|f| f.file == shown)
                    .cloned()
                    .collect();
                let edits = fix::plan(file, &mine);
                if edits.is_empty() {
                    continue;
                }
                let new_text = fix::apply(&source.text, &edits);
                if new_text == source.text {
                    continue;
                }
                changed += 1;
                if args.dry_run {
                    out.write_all(fix::unified_diff(&shown, &source.text, &new_text).as_bytes())?;
                } else {
                    fix::write_atomic(&source.path, &new_text).with_context(|| {
                        format!("{}: cannot write the fixed file", source.path.display())
                    })?;
                }
                source.text = new_text;
            }
            fixed_inputs.push((input, only.clone()));
        }
        reports = fixed_inputs
            .iter()
            .map(|(input, only)| lint::lint_with(input, &policy, only.as_ref(), &refs))
            .collect();
        eprintln!(
            "{} {changed} file{}",
            if args.dry_run {
                "--dry-run: would fix"
            } else {
                "fixed"
            },
            if changed == 1 { "" } else { "s" }
        );
        if args.dry_run {
            out.flush()?;
            let findings: Vec<Finding> = reports
                .iter()
                .flat_map(|r| r.findings.clone())
                .chain(extra)
                .collect();
            return Ok(outcome(&Summary::of(0, &findings), deny_warnings));
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
    match args.format {
        LintFormat::Human => {
            render::human::render(&mut out, &findings, summary, &sources, args.quiet)?
        }
        LintFormat::Json => render::json::render(&mut out, &findings, summary)?,
        LintFormat::Github => render::github::render(&mut out, &findings, summary)?,
        LintFormat::Sarif => render::sarif::render(&mut out, &findings, &registry::metas())?,
    }
    out.flush()?;
    let result = outcome(&summary, deny_warnings);
    // Freeing every parsed schema and span map only delays the exit.
    std::mem::forget(reports);
    Ok(result)
}

fn outcome(summary: &Summary, deny_warnings: bool) -> Outcome {
    if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
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

/// The catalog a single file belongs to: the folder above its channel or common/ folder.
fn catalog_root_of(file: &Path) -> Option<PathBuf> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let canonical = dir.canonicalize().ok()?;
    let name = canonical.file_name()?.to_str()?;
    if !(CHANNELS.contains(&name) || name == COMMON) {
        return None;
    }
    Some(match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() && dir != Path::new(".") => p.to_owned(),
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ if dir == Path::new(".") => PathBuf::from(".."),
        _ => PathBuf::from("."),
    })
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
fn gather(paths: &[PathBuf]) -> anyhow::Result<(Inputs, Vec<Finding>, Aliases)> {
    let mut aliases = Aliases::new();
    // root → (is_catalog, only these display paths; None = all)
    let mut groups: BTreeMap<PathBuf, (bool, Option<BTreeSet<String>>)> = BTreeMap::new();
    for p in paths {
        let meta =
            std::fs::metadata(p).map_err(|e| anyhow!("{}: cannot read: {e}", p.display()))?;
        if meta.is_dir() {
            groups.insert(p.clone(), (true, None));
        } else if let Some(root) = catalog_root_of(p) {
            let typed = display_path(p);
            let shown = rel_in(&root, p)
                .map(|rel| display_path(&shown_path(&root, &rel)))
                .unwrap_or_else(|| typed.clone());
            if shown != typed {
                aliases.insert(shown.clone(), typed);
            }
            let entry = groups.entry(root).or_insert((true, Some(BTreeSet::new())));
            if let Some(only) = &mut entry.1 {
                only.insert(shown);
            }
        } else {
            groups.insert(p.clone(), (false, None));
        }
    }
    let mut inputs = Vec::new();
    let mut extra = Vec::new();
    for (root, (is_catalog, only)) in groups {
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        if is_catalog {
            let real_root = root.canonicalize().ok();
            for entry in walkdir::WalkDir::new(&root)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| !(e.depth() == 1 && e.file_name() == EXAMPLES))
            {
                let entry = entry.map_err(|e| anyhow!("{}: cannot walk: {e}", root.display()))?;
                let path = entry.path();
                if entry.file_type().is_file()
                    && path.extension().and_then(|e| e.to_str()) == Some("json")
                {
                    let rel = path
                        .strip_prefix(&root)
                        .unwrap_or(path)
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    // Like the catalog loader: no file outside the catalog is read, whatever
                    // a symbolic link says.
                    if let (Some(real_root), Ok(real)) = (&real_root, path.canonicalize()) {
                        if !real.starts_with(real_root) {
                            bail!(
                                "{}: is a symbolic link to {} outside the catalog root; evschema reads no file outside the catalog",
                                path.display(),
                                real.display()
                            );
                        }
                    }
                    files.push((rel, path.to_owned()));
                }
            }
        } else {
            let rel = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((rel, root.clone()));
        }
        let mut sources = Vec::new();
        for (rel, path) in files {
            // In a catalog run, a file given by the user is shown with the path they typed.
            let shown_path = if is_catalog {
                shown_path(&root, &rel)
            } else {
                path.clone()
            };
            let meta = std::fs::metadata(&path)
                .map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
            if meta.len() > MAX_SCHEMA_BYTES {
                bail!(
                    "{}: {} bytes is over the {} MiB limit for one schema file",
                    path.display(),
                    meta.len(),
                    MAX_SCHEMA_BYTES >> 20
                );
            }
            let bytes = std::fs::read(&path)
                .map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
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
            if let Some(f) = r.parsed.get(file) {
                return Some(f.spans.line_text(line).to_owned());
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
