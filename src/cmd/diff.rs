//! `evschema diff`: compare two schemas, two catalogs, or the catalog with a git revision.
//!
//! The comparison is the core's ([`compat::report`]); this module reads the sides (folders,
//! files, git revisions), applies the settings and prints.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use colored::Colorize;

use crate::catalog::{Catalog, LoadOptions};
use crate::cli::{DiffArgs, DiffFormat};
use crate::compat::report::{
    self, Acceptance, Acceptances, CatalogReport, Labeled, PairReport, Window,
};
use crate::compat::{self, Declared, Mode, Policy, Side};
use crate::print::unified::unified_diff;
use crate::print::validate::paint;
use crate::Outcome;

pub fn run(
    args: DiffArgs,
    color: bool,
    envelope: evschema_core::subscriptions::matcher::EnvelopeSpec,
) -> anyhow::Result<Outcome> {
    let mode = mode_of(args.mode);
    let policy = policy_of(args.policy);
    let today = today();
    let list = acceptances(&args.accept)?;
    let settings = Settings {
        mode,
        policy,
        show_text: args.show_text,
        verbose: args.verbose || !std::io::IsTerminal::is_terminal(&io::stdout()),
    };
    let accept = Acceptances {
        list: &list,
        today: &today,
    };
    let window: Window = match args.support_window.as_deref() {
        Some(s) => s.parse().map_err(|e: String| anyhow!(e))?,
        None => Window::default(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let passes = if let Some(rev) = &args.against {
        if args.paths.len() > 1 {
            bail!("--against takes at most one folder (the catalog, default schemas/)");
        }
        let dir = args
            .paths
            .first()
            .cloned()
            .unwrap_or_else(|| PathBuf::from("schemas"));
        let new = load_dir(&dir, &args.refs)?;
        let commits = if args.transitive {
            let commits = crate::git::history(rev, &dir)?;
            if commits.is_empty() {
                bail!("{} has no history at {rev}", dir.display());
            }
            commits
        } else {
            vec![rev.clone()]
        };
        let mut reports = Vec::new();
        let mut evidence = None;
        for commit in &commits {
            let files = crate::git::read_tree(commit, &dir)
                .with_context(|| format!("cannot read {} at {commit}", dir.display()))?;
            let files_copy: Vec<(String, String)> = files
                .iter()
                .filter(|(rel, _)| evschema_core::lint::subscriptions::is_subscription(rel))
                .cloned()
                .collect();
            let (catalog, _) = Catalog::from_texts(&dir, files, LoadOptions::default())
                .map_err(|e| anyhow!("{e}"))?;
            let label = if args.transitive {
                format!("{}:", crate::git::short(commit))
            } else {
                format!("{commit}:")
            };
            let old_subs = evschema_core::subscriptions::analysis::parse_texts(&dir, &files_copy);
            let old = Labeled { catalog, label };
            let mut report = report::compare_catalogs(&old, &new, settings.compare(), accept)?;
            if reports.is_empty() {
                let (new_subs, _) = evschema_core::subscriptions::load(&dir);
                report.subscribers = report::subscriber_impacts(
                    &old,
                    &new,
                    [&old_subs, &new_subs],
                    &envelope,
                    &report,
                    mode,
                );
                let mut added = |p: &Path| crate::git::added_date(p).map_err(|e| format!("{e:#}"));
                report.retired =
                    report::support_window(&old, &new, &report, window, &today, &mut added)?;
                evidence = replay_catalogs(&old, &new, &args.replay)?;
            }
            reports.push(report);
        }
        let merged = report::merge_history(reports);
        print_catalog(&mut out, &merged, &args, settings, color, evidence.as_ref())?;
        merged.passes(mode) && evidence.is_none_or(|e| e.passes(mode))
    } else {
        if args.transitive {
            bail!("--transitive needs --against REF (it walks that revision's history)");
        }
        let [old, new] = args.paths.as_slice() else {
            bail!("diff takes two paths, OLD and NEW (two schema files or two catalog folders), or --against REF");
        };
        match (old.is_dir(), new.is_dir()) {
            (true, true) => {
                let (old_subs, _) = evschema_core::subscriptions::load(old);
                let (new_subs, _) = evschema_core::subscriptions::load(new);
                let old = load_dir(old, &args.refs)?;
                let new = load_dir(new, &args.refs)?;
                let mut report =
                    report::compare_catalogs(&old, &new, settings.compare(), accept)?;
                report.subscribers = report::subscriber_impacts(
                    &old,
                    &new,
                    [&old_subs, &new_subs],
                    &envelope,
                    &report,
                    mode,
                );
                let evidence = replay_catalogs(&old, &new, &args.replay)?;
                print_catalog(&mut out, &report, &args, settings, color, evidence.as_ref())?;
                report.passes(mode) && evidence.is_none_or(|e| e.passes(mode))
            }
            (false, false) => {
                let (old_cat, oi, label) = match git_file(old)? {
                    Some((c, i, label)) => (c, i, label),
                    None => {
                        let (c, i) = load_file(old, &args.refs)?;
                        (c, i, String::new())
                    }
                };
                let (new_cat, ni) = load_file(new, &args.refs)?;
                let old = Labeled {
                    catalog: old_cat,
                    label,
                };
                let new = Labeled {
                    catalog: new_cat,
                    label: String::new(),
                };
                let report =
                    report::compare_files(&old, oi, &new, ni, settings.compare(), accept)?;
                let evidence = if args.replay.is_empty() {
                    None
                } else {
                    let (ot, nt) = (
                        &old.catalog.schemas[oi].event_types,
                        &new.catalog.schemas[ni].event_types,
                    );
                    let only: BTreeSet<String> = ot.iter().chain(nt.iter()).cloned().collect();
                    let o = crate::validate::engine::Engine::for_schema(
                        old.catalog.clone(),
                        oi,
                        super::whatif::options(),
                    )?;
                    let n = crate::validate::engine::Engine::for_schema(
                        new.catalog.clone(),
                        ni,
                        super::whatif::options(),
                    )?;
                    let only = (!only.is_empty()).then_some(&only);
                    Some(super::whatif::evaluate(&o, &n, only, &args.replay)?)
                };
                print_pair_only(&mut out, &report, &args, settings, color, evidence.as_ref())?;
                report.passes(mode) && evidence.is_none_or(|e| e.passes(mode))
            }
            _ => bail!(
                "OLD and NEW must both be schema files or both be catalog folders ({} is a {}, {} is a {})",
                old.display(),
                kind(old),
                new.display(),
                kind(new)
            ),
        }
    };
    out.flush()?;
    Ok(if passes {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

fn kind(p: &Path) -> &'static str {
    if p.is_dir() {
        "folder"
    } else if p.exists() {
        "file"
    } else {
        "missing path"
    }
}

/// How the report is compared and printed.
#[derive(Clone, Copy)]
struct Settings {
    mode: Mode,
    policy: Policy,
    show_text: bool,
    /// Witnesses in full (JSON output, `-v`, or not a terminal).
    verbose: bool,
}

impl Settings {
    fn compare(self) -> report::Settings {
        report::Settings {
            mode: self.mode,
            policy: self.policy,
        }
    }
}

/// The `[[diff.accept]]` entries of the configuration, as the core reads them.
pub(crate) fn acceptances(list: &[crate::config::Accept]) -> anyhow::Result<Vec<Acceptance>> {
    list.iter()
        .map(|a| {
            a.check().map_err(|e| anyhow!(e))?;
            Ok(a.clone())
        })
        .collect()
}

/// `--mode` (default backward).
pub(crate) fn mode_of(mode: Option<crate::cli::DiffMode>) -> Mode {
    match mode.unwrap_or(crate::cli::DiffMode::Backward) {
        crate::cli::DiffMode::Backward => Mode::Backward,
        crate::cli::DiffMode::Forward => Mode::Forward,
        crate::cli::DiffMode::Full => Mode::Full,
    }
}

/// `--policy` (default strict).
pub(crate) fn policy_of(policy: Option<crate::cli::DiffPolicy>) -> Policy {
    match policy.unwrap_or(crate::cli::DiffPolicy::Strict) {
        crate::cli::DiffPolicy::Strict => Policy::Strict,
        crate::cli::DiffPolicy::Lenient => Policy::Lenient,
    }
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    report::civil_date(secs)
}

/// `REV:path` where `path` does not exist as a file: the schema file at a git revision,
/// with the catalog it belongs to read at that revision.
fn git_file(spec: &Path) -> anyhow::Result<Option<(Catalog, usize, String)>> {
    if spec.exists() {
        return Ok(None);
    }
    let text = spec.to_string_lossy();
    let Some((rev, path)) = text.split_once(':') else {
        return Ok(None);
    };
    if rev.is_empty() || path.is_empty() || rev.len() == 1 {
        // `C:\...` on Windows, or no revision
        return Ok(None);
    }
    let file = Path::new(path);
    let parent = file.parent().unwrap_or(Path::new(""));
    let parent_name = parent.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_sub =
        crate::catalog::CHANNELS.contains(&parent_name) || parent_name == crate::catalog::COMMON;
    let root = if in_sub {
        parent.parent().unwrap_or(Path::new(""))
    } else {
        parent
    };
    let root = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root.to_owned()
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rel = if in_sub {
        format!("{parent_name}/{name}")
    } else {
        name
    };
    let files = crate::git::read_tree(rev, &root)
        .with_context(|| format!("cannot read {} at {rev}", root.display()))?;
    if !files.iter().any(|(r, _)| *r == rel) {
        bail!("{rev}:{path}: no such file at that revision");
    }
    let (catalog, _) = Catalog::from_texts(&root, files, LoadOptions { tolerant: true })
        .map_err(|e| anyhow!("{e}"))?;
    let index = catalog
        .index_of(&rel)
        .ok_or_else(|| anyhow!("{rev}:{path}: not a schema file"))?;
    let label = format!("{rev}:");
    Ok(Some((catalog, index, label)))
}

fn load_dir(dir: &Path, refs: &crate::refs::RefSources) -> anyhow::Result<Labeled> {
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let mut catalog = Catalog::load(dir)?;
    attach(&mut catalog, dir, refs)?;
    Ok(Labeled {
        catalog,
        label: String::new(),
    })
}

fn load_file(file: &Path, refs: &crate::refs::RefSources) -> anyhow::Result<(Catalog, usize)> {
    // the file and what its refs reach, as `validate --schema` loads it
    Ok(Catalog::load_reachable(
        &crate::config::catalog_of(file),
        file,
        refs,
    )?)
}

/// Serves the catalog's refs from `[refs]` of evschema.toml too.
fn attach(catalog: &mut Catalog, at: &Path, refs: &crate::refs::RefSources) -> anyhow::Result<()> {
    let problems = catalog.attach(refs);
    if !problems.is_empty() {
        bail!(crate::catalog::LoadError {
            root: at.to_owned(),
            problems,
        });
    }
    Ok(())
}

// ---- output ----------------------------------------------------------------------------

fn print_pair_only(
    out: &mut dyn Write,
    report: &PairReport,
    args: &DiffArgs,
    settings: Settings,
    color: bool,
    evidence: Option<&super::whatif::Evidence>,
) -> anyhow::Result<()> {
    match args.format {
        DiffFormat::Json => print_json(out, report, evidence)?,
        DiffFormat::Human if args.quiet && report.passes(settings.mode) => {}
        DiffFormat::Human => human_pair(out, report, settings, color)?,
        DiffFormat::Markdown => {
            writeln!(out, "## evschema diff\n")?;
            markdown_pair(out, report, settings)?;
        }
    }
    print_evidence(out, args, settings, color, evidence)
}

/// What an added or removed event type means under the mode: the first word, in green,
/// when the mode tolerates it (`ok`), else the second, in red.
fn effect(ok: bool, (fine, breaks): (&str, &str), color: bool) -> String {
    if ok {
        paint(fine, color, |s| s.green())
    } else {
        paint(breaks, color, |s| s.red())
    }
}

/// The JSON form of a report: one line, with the `--replay` evidence under `replay`.
fn print_json(
    out: &mut dyn Write,
    report: &impl serde::Serialize,
    evidence: Option<&super::whatif::Evidence>,
) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, &super::whatif::json_with(report, evidence)?)?;
    writeln!(out)?;
    Ok(())
}

/// The `--replay` section after a human or Markdown diff.
fn print_evidence(
    out: &mut dyn Write,
    args: &DiffArgs,
    settings: Settings,
    color: bool,
    evidence: Option<&super::whatif::Evidence>,
) -> anyhow::Result<()> {
    let Some(ev) = evidence else {
        return Ok(());
    };
    match args.format {
        DiffFormat::Json => {}
        DiffFormat::Human => super::whatif::human(out, ev, settings.mode, color)?,
        DiffFormat::Markdown => super::whatif::markdown(out, ev)?,
    }
    Ok(())
}

/// The `--replay` evidence for two catalogs (None without --replay).
fn replay_catalogs(
    old: &Labeled,
    new: &Labeled,
    archive: &[PathBuf],
) -> anyhow::Result<Option<super::whatif::Evidence>> {
    if archive.is_empty() {
        return Ok(None);
    }
    use crate::validate::engine::Engine;
    let o = Engine::for_catalog(old.catalog.clone(), super::whatif::options())?;
    let n = Engine::for_catalog(new.catalog.clone(), super::whatif::options())?;
    Ok(Some(super::whatif::evaluate(&o, &n, None, archive)?))
}

fn print_catalog(
    out: &mut dyn Write,
    report: &CatalogReport,
    args: &DiffArgs,
    settings: Settings,
    color: bool,
    evidence: Option<&super::whatif::Evidence>,
) -> anyhow::Result<()> {
    print_catalog_report(out, report, args, settings, color, evidence)?;
    print_evidence(out, args, settings, color, evidence)
}

fn print_catalog_report(
    out: &mut dyn Write,
    report: &CatalogReport,
    args: &DiffArgs,
    settings: Settings,
    color: bool,
    evidence: Option<&super::whatif::Evidence>,
) -> anyhow::Result<()> {
    match args.format {
        DiffFormat::Json => print_json(out, report, evidence)?,
        DiffFormat::Human => {
            let mut unchanged = 0;
            for s in &report.shared {
                if args.quiet && s.passes(settings.mode) {
                    continue;
                }
                human_pair(out, s, settings, color)?;
                writeln!(out)?;
            }
            for s in &report.schemas {
                if s.changes.is_empty() && s.declared.as_ref().is_none_or(|d| d.ok) {
                    unchanged += 1;
                    continue;
                }
                if args.quiet && s.passes(settings.mode) {
                    continue;
                }
                human_pair(out, s, settings, color)?;
                writeln!(out)?;
            }
            for a in &report.added {
                let effect = effect(
                    settings.mode == Mode::Backward,
                    ("compatible", "breaks forward"),
                    color,
                );
                writeln!(
                    out,
                    "added   {} ({}): {effect} — consumers on the old catalog do not know this event type",
                    a.event_type, a.file
                )?;
            }
            for r in &report.removed {
                if let Some(x) = report
                    .retired
                    .iter()
                    .find(|x| x.event_type == r.event_type && x.file == r.file)
                {
                    let sunset = x
                        .sunset
                        .as_ref()
                        .map(|s| format!(", x-sunset {s}"))
                        .unwrap_or_default();
                    if x.ok {
                        writeln!(
                            out,
                            "retired {} ({}): {} — its successor {} has been in the catalog since {} (support window ended {}{sunset})",
                            r.event_type,
                            r.file,
                            paint("allowed", color, |s| s.green()),
                            x.successor,
                            x.successor_since,
                            x.window_ends
                        )?;
                    } else {
                        writeln!(
                            out,
                            "removed {} ({}): {} — its successor {} is in the catalog since {}; the support window keeps this major until {}{sunset}",
                            r.event_type,
                            r.file,
                            paint("removed before the support window ends", color, |s| s.red()),
                            x.successor,
                            x.successor_since,
                            x.window_ends
                        )?;
                    }
                    continue;
                }
                let effect = effect(
                    settings.mode == Mode::Forward,
                    ("compatible under --mode forward", "breaks backward"),
                    color,
                );
                writeln!(
                    out,
                    "removed {} ({}): {effect} — events of this type, valid before, have no schema now",
                    r.event_type, r.file
                )?;
            }
            human_subscribers(out, report, color)?;
            if args.quiet && report.passes(settings.mode) {
                return Ok(());
            }
            let failing = report
                .schemas
                .iter()
                .filter(|s| !s.passes(settings.mode))
                .count();
            let status = if report.passes(settings.mode) {
                paint("ok", color, |s| s.green().bold())
            } else {
                paint("FAILED", color, |s| s.red().bold())
            };
            let shared_failing = report
                .shared
                .iter()
                .filter(|s| !s.passes(settings.mode))
                .count();
            let shared = if report.shared.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} changed shared file{} ({} failing)",
                    report.shared.len(),
                    if report.shared.len() == 1 { "" } else { "s" },
                    shared_failing
                )
            };
            let accepted: usize = report
                .schemas
                .iter()
                .chain(&report.shared)
                .map(|s| s.accepted.iter().filter(|a| !a.expired).count())
                .sum();
            let accepted = if accepted == 0 {
                String::new()
            } else {
                format!(
                    "; {accepted} accepted change{}",
                    if accepted == 1 { "" } else { "s" }
                )
            };
            writeln!(
                out,
                "{status}: {} event types compared ({} unchanged, {} failing --mode {}), {} added, {} removed{shared}{accepted}; policy {}",
                report.schemas.len(),
                unchanged,
                failing,
                mode_name(settings.mode),
                report.added.len(),
                report.removed.len(),
                policy_name(settings.policy)
            )?;
        }
        DiffFormat::Markdown => {
            writeln!(out, "## evschema diff\n")?;
            let changed = |s: &PairReport| {
                !s.changes.is_empty() || s.declared.as_ref().is_some_and(|d| !d.ok)
            };
            let rows: Vec<&PairReport> = report
                .shared
                .iter()
                .chain(report.schemas.iter().filter(|s| changed(s)))
                .collect();
            let unchanged = report.schemas.iter().filter(|s| !changed(s)).count();
            let mark = |ok: bool| if ok { "✅" } else { "❌" };
            if !rows.is_empty() || !report.added.is_empty() || !report.removed.is_empty() {
                writeln!(
                    out,
                    "| event type | verdict | required bump | declared | --mode {} |",
                    mode_name(settings.mode)
                )?;
                writeln!(out, "| --- | --- | --- | --- | --- |")?;
            }
            for s in &rows {
                let name = match &s.event_type {
                    Some(et) if s.same_text() && !s.via.is_empty() => format!(
                        "`{et}` (through {})",
                        s.via
                            .iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Some(et) => format!("`{et}`"),
                    None => format!("`{}` (shared)", s.new),
                };
                writeln!(
                    out,
                    "| {name} | {} | {} | {} | {} |",
                    s.verdict,
                    s.required_bump.as_str(),
                    declared_text(s.declared.as_ref()),
                    mark(s.passes(settings.mode))
                )?;
            }
            for a in &report.added {
                writeln!(
                    out,
                    "| `{}` | added | | | {} |",
                    a.event_type,
                    mark(settings.mode == Mode::Backward)
                )?;
            }
            for r in &report.removed {
                writeln!(
                    out,
                    "| `{}` | removed | | | {} |",
                    r.event_type,
                    mark(settings.mode == Mode::Forward)
                )?;
            }
            writeln!(
                out,
                "\n{unchanged} unchanged event type{}.\n",
                if unchanged == 1 { "" } else { "s" }
            )?;
            markdown_subscribers(out, report)?;
            for s in &rows {
                if s.same_text() && !s.via.is_empty() {
                    continue;
                }
                markdown_pair(out, s, settings)?;
            }
        }
    }
    Ok(())
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Backward => "backward",
        Mode::Forward => "forward",
        Mode::Full => "full",
    }
}

fn policy_name(p: Policy) -> &'static str {
    match p {
        Policy::Strict => "strict",
        Policy::Lenient => "lenient",
    }
}

fn declared_text(d: Option<&Declared>) -> String {
    match d {
        None => "no version".to_owned(),
        Some(d) if d.ok => format!("{} → {} ok", d.old, d.new),
        Some(d) => match &d.needs {
            Some(n) => format!("{} → {} needs ≥ {n}", d.old, d.new),
            None => format!("{} → {} not semver", d.old, d.new),
        },
    }
}

/// A witness as one JSON line, cut on a terminal unless `-v`.
fn witness_text(event: &serde_json::Value, verbose: bool) -> String {
    let full = serde_json::to_string(event).unwrap_or_default();
    const MAX: usize = 100;
    if verbose || full.chars().count() <= MAX {
        return full;
    }
    let cut: String = full.chars().take(MAX).collect();
    format!("{cut}… (-v: full event)")
}

/// How to ship a break the gate refuses: a new major beside the old one, or an acceptance.
fn ship_hint(r: &PairReport) -> Option<String> {
    let et = r.event_type.as_deref().or(r.new_type.as_deref())?;
    let in_place_major = r.declared.as_ref().is_some_and(|d| {
        crate::catalog::leading_major(&d.new) > crate::catalog::leading_major(&d.old)
    });
    let lead = if in_place_major {
        "a major bump made in place still breaks the consumers of the old major"
    } else {
        "this break needs a new major"
    };
    Some(format!(
        "{lead}: ship it as a new major file beside the old one (`evschema new-major {et}`; the old major stays for the support window), or accept the change in evschema.toml with a reason ([[diff.accept]] event_type = \"{et}\")"
    ))
}

fn human_pair(
    out: &mut dyn Write,
    r: &PairReport,
    settings: Settings,
    color: bool,
) -> anyhow::Result<()> {
    let title = match &r.event_type {
        Some(et) => format!("{et}: {} → {}", r.old, r.new),
        None => format!("{} → {}", r.old, r.new),
    };
    writeln!(out, "{}", paint(&title, color, |s| s.bold()))?;
    let ok = r.passes(settings.mode);
    let good = |s: colored::ColoredString| s.green();
    let bad = |s: colored::ColoredString| s.red();
    if r.same_text() && !r.via.is_empty() {
        // the file itself did not change: its changes are those of the shared files, listed
        // once with those files
        let line = format!(
            "  changed only through {} (listed there): verdict {}; {}",
            r.via.join(", "),
            r.verdict,
            if ok { "passes" } else { "fails" }
        );
        writeln!(out, "{}", paint(&line, color, if ok { good } else { bad }))?;
        return Ok(());
    }
    let verdict_text = match r.verdict {
        "full" => "full (backward and forward compatible)",
        "backward" => {
            "backward (old events still valid; new events may be rejected by old consumers)"
        }
        "forward" => "forward (new events valid for old consumers; old events may be rejected)",
        _ => "none (neither backward nor forward compatible)",
    };
    let verdict = paint(
        &format!("verdict: {verdict_text}"),
        color,
        if ok { good } else { bad },
    );
    writeln!(out, "  {verdict}; policy {}", policy_name(r.policy))?;
    if !r.reached_by.is_empty() {
        writeln!(
            out,
            "  shared file, reached by {} schema{}: {}",
            r.reached_by.len(),
            if r.reached_by.len() == 1 { "" } else { "s" },
            r.reached_by.join(", ")
        )?;
    }
    if !r.via.is_empty() {
        writeln!(
            out,
            "  also changed through {} (listed there)",
            r.via.join(", ")
        )?;
    }
    for w in &r.warnings {
        writeln!(
            out,
            "  {} {w}",
            paint("warning:", color, |s| s.yellow().bold())
        )?;
    }
    for c in &r.changes {
        let breaking = !(c.backward && c.forward);
        let annotation = matches!(c.kind, compat::ChangeKind::AnnotationChanged { .. });
        let accepted = r.is_accepted(c);
        let (mark, line) = match accepted {
            Some(a) if !a.expired => (
                paint("~", color, |s| s.yellow()),
                format!(
                    "{} — accepted: {}{}",
                    c.message,
                    a.reason,
                    a.expires
                        .as_ref()
                        .map(|e| format!(" (until {e})"))
                        .unwrap_or_default()
                ),
            ),
            Some(a) => (
                paint("✗", color, |s| s.red()),
                paint(
                    &format!(
                        "{} — acceptance expired on {}: {}",
                        c.message,
                        a.expires.as_deref().unwrap_or(""),
                        a.reason
                    ),
                    color,
                    |s| s.red(),
                ),
            ),
            None if annotation => (
                paint("·", color, |s| s.dimmed()),
                paint(&c.message, color, |s| s.dimmed()),
            ),
            None if breaking => (
                paint("✗", color, |s| s.red()),
                paint(&c.message, color, |s| s.red()),
            ),
            None => (paint("✓", color, |s| s.green()), c.message.clone()),
        };
        writeln!(out, "  {mark} {line}")?;
        if let Some(w) = &c.witness {
            let (acc, rej) = match w.accepted_by {
                Side::Old => ("old", "new"),
                Side::New => ("new", "old"),
            };
            writeln!(
                out,
                "      witness ({acc} accepts, {rej} rejects): {}",
                witness_text(&w.event, settings.verbose)
            )?;
        }
    }
    for h in &r.hints {
        writeln!(out, "  {} {h}", paint("hint:", color, |s| s.cyan().bold()))?;
    }
    let bump = format!(
        "required bump: {} (--mode {}); declared version: {}",
        r.required_bump.as_str(),
        mode_name(settings.mode),
        declared_text(r.declared.as_ref())
    );
    let bump = match &r.declared {
        Some(d) if !d.ok && !ok => paint(&bump, color, |s| s.red()),
        _ => bump,
    };
    writeln!(out, "  {bump}")?;
    if !ok && !r.compatible(settings.mode) {
        if let Some(h) = ship_hint(r) {
            writeln!(out, "  {} {h}", paint("hint:", color, |s| s.cyan().bold()))?;
        }
    }
    if settings.show_text {
        let (a, b) = &r.texts;
        write!(out, "{}", unified_diff(&r.old, &r.new, a, b))?;
    }
    Ok(())
}

fn markdown_pair(out: &mut dyn Write, r: &PairReport, settings: Settings) -> anyhow::Result<()> {
    let title = r.event_type.clone().unwrap_or_else(|| r.new.clone());
    writeln!(out, "### `{title}`\n")?;
    writeln!(
        out,
        "`{}` → `{}`: **{}**, required bump **{}**, declared {} ({}).\n",
        r.old,
        r.new,
        r.verdict,
        r.required_bump.as_str(),
        declared_text(r.declared.as_ref()),
        if r.passes(settings.mode) {
            "passes"
        } else {
            "fails"
        }
    )?;
    if !r.reached_by.is_empty() {
        writeln!(
            out,
            "Shared file, reached by: {}.\n",
            r.reached_by
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    for w in &r.warnings {
        writeln!(out, "> **warning:** {w}\n")?;
    }
    for c in &r.changes {
        let accepted = r.is_accepted(c);
        let mark = match accepted {
            Some(a) if !a.expired => "☑️",
            _ if c.backward && c.forward => "✅",
            _ => "❌",
        };
        let note = match accepted {
            Some(a) if !a.expired => format!(" (accepted: {})", a.reason),
            Some(a) => format!(
                " (acceptance expired on {}: {})",
                a.expires.as_deref().unwrap_or(""),
                a.reason
            ),
            None => String::new(),
        };
        writeln!(
            out,
            "- {mark} {}{}",
            c.message.replace('|', "\\|"),
            note.replace('|', "\\|")
        )?;
        if let Some(w) = &c.witness {
            let by = match w.accepted_by {
                Side::Old => "old",
                Side::New => "new",
            };
            writeln!(
                out,
                "  - witness accepted by {by} only: `{}`",
                serde_json::to_string(&w.event).unwrap_or_default()
            )?;
        }
    }
    if settings.show_text {
        let (a, b) = &r.texts;
        writeln!(out, "\n```diff\n{}```", unified_diff(&r.old, &r.new, a, b))?;
    }
    for h in &r.hints {
        writeln!(out, "- hint: {}", h.replace('|', "\\|"))?;
    }
    writeln!(out)?;
    Ok(())
}

/// What the change does to each subscriber it reaches (human output).
fn human_subscribers(
    out: &mut dyn Write,
    report: &CatalogReport,
    color: bool,
) -> anyhow::Result<()> {
    for s in &report.subscribers {
        let head = match s.status {
            "added" => "new subscriber",
            "removed" => "subscriber removed",
            _ => "subscriber",
        };
        writeln!(out, "{head} {} ({}):", s.name, s.file)?;
        for t in &s.no_longer_receives {
            writeln!(
                out,
                "  {} {t}",
                paint("no longer receives", color, |x| x.red())
            )?;
        }
        for t in &s.now_receives {
            writeln!(out, "  now receives {t}")?;
        }
        for f in &s.fields {
            let what = if f.change == "removed" {
                format!("is gone from {} (was {})", f.event_type, f.old)
            } else {
                format!("changed type in {}: {} → {}", f.event_type, f.old, f.new)
            };
            writeln!(
                out,
                "  {} {} {what}",
                paint("its filter reads", color, |x| x.red()),
                f.field
            )?;
        }
        for b in &s.breaking {
            for c in &b.changes {
                writeln!(
                    out,
                    "  {} {} ({}): {c}",
                    paint("breaking change reaches it:", color, |x| x.red()),
                    b.event_type,
                    b.file
                )?;
            }
        }
    }
    Ok(())
}

/// The subscribers section of the Markdown output.
fn markdown_subscribers(out: &mut dyn Write, report: &CatalogReport) -> anyhow::Result<()> {
    if report.subscribers.is_empty() {
        return Ok(());
    }
    writeln!(out, "### Subscribers\n")?;
    for s in &report.subscribers {
        let note = match s.status {
            "added" => " (new)",
            "removed" => " (removed)",
            _ => "",
        };
        writeln!(out, "- **{}**{note} (`{}`)", s.name, s.file)?;
        for t in &s.no_longer_receives {
            writeln!(out, "  - no longer receives `{t}`")?;
        }
        for t in &s.now_receives {
            writeln!(out, "  - now receives `{t}`")?;
        }
        for f in &s.fields {
            if f.change == "removed" {
                writeln!(
                    out,
                    "  - its filter reads `{}`, gone from `{}` (was {})",
                    f.field, f.event_type, f.old
                )?;
            } else {
                writeln!(
                    out,
                    "  - its filter reads `{}`, changed type in `{}`: {} → {}",
                    f.field, f.event_type, f.old, f.new
                )?;
            }
        }
        for b in &s.breaking {
            for c in &b.changes {
                writeln!(
                    out,
                    "  - breaking change of `{}` reaches it: {c}",
                    b.event_type
                )?;
            }
        }
    }
    writeln!(out)?;
    Ok(())
}
