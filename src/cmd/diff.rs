//! `evschema diff`: compare two schemas, two catalogs, or the catalog with a git revision.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use serde::Serialize;

use crate::catalog::{Catalog, LoadOptions};
use crate::cli::{DiffArgs, DiffFormat};
use crate::compat::{self, Bump, Change, Comparison, Declared, Mode, Policy, Side};
use colored::Colorize;

use crate::print::validate::paint;
use crate::Outcome;

/// One side of a comparison: a loaded catalog and how to name its files.
struct Loaded {
    catalog: Catalog,
    /// Prefix for file names in output (`origin/main:` for a git revision).
    label: String,
}

impl Loaded {
    fn name(&self, index: usize) -> String {
        let path = self.catalog.schemas[index]
            .path
            .to_string_lossy()
            .replace('\\', "/");
        format!("{}{path}", self.label)
    }
}

/// The DESIGN.md result for one pair of schemas.
#[derive(Serialize)]
struct PairReport {
    old: String,
    new: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_type: Option<String>,
    backward: bool,
    forward: bool,
    verdict: &'static str,
    required_bump: Bump,
    declared: Option<Declared>,
    changes: Vec<Change>,
    policy: Policy,
    #[serde(skip)]
    texts: Option<(String, String)>,
}

impl PairReport {
    fn passes(&self, mode: Mode) -> bool {
        let compatible = match mode {
            Mode::Backward => self.backward,
            Mode::Forward => self.forward,
            Mode::Full => self.backward && self.forward,
        };
        compatible && self.declared.as_ref().is_none_or(|d| d.ok)
    }
}

/// An event type present on one side only.
#[derive(Serialize, Clone)]
struct OneSided {
    event_type: String,
    file: String,
}

#[derive(Serialize)]
struct CatalogReport {
    schemas: Vec<PairReport>,
    added: Vec<OneSided>,
    removed: Vec<OneSided>,
}

impl CatalogReport {
    fn passes(&self, mode: Mode) -> bool {
        let removed_ok = self.removed.is_empty() || mode == Mode::Forward;
        let added_ok = self.added.is_empty() || mode == Mode::Backward;
        removed_ok && added_ok && self.schemas.iter().all(|s| s.passes(mode))
    }
}

pub fn run(args: DiffArgs, color: bool) -> anyhow::Result<Outcome> {
    let mode = match args.mode.unwrap_or(crate::cli::DiffMode::Backward) {
        crate::cli::DiffMode::Backward => Mode::Backward,
        crate::cli::DiffMode::Forward => Mode::Forward,
        crate::cli::DiffMode::Full => Mode::Full,
    };
    let policy = match args.policy.unwrap_or(crate::cli::DiffPolicy::Strict) {
        crate::cli::DiffPolicy::Strict => Policy::Strict,
        crate::cli::DiffPolicy::Lenient => Policy::Lenient,
    };
    let settings = Settings {
        mode,
        policy,
        show_text: args.show_text,
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
        let new = load_dir(&dir)?;
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
        let mut seen_texts: BTreeSet<(String, String)> = BTreeSet::new();
        for commit in &commits {
            let files = crate::git::read_tree(commit, &dir)
                .with_context(|| format!("cannot read {} at {commit}", dir.display()))?;
            let (catalog, _) = Catalog::from_texts(&dir, files, LoadOptions::default())
                .map_err(|e| anyhow!("{e}"))?;
            let label = if args.transitive {
                format!("{}:", crate::git::short(commit))
            } else {
                format!("{commit}:")
            };
            let old = Loaded { catalog, label };
            let mut report = compare_catalogs(&old, &new, settings)?;
            if args.transitive {
                // the same old schema text seen at several commits is compared once
                report.schemas.retain(|s| {
                    let key = (
                        s.event_type.clone().unwrap_or_default(),
                        s.texts.as_ref().map(|t| t.0.clone()).unwrap_or_default(),
                    );
                    seen_texts.insert(key)
                });
                // only the newest revision decides what was added or removed
                if !reports.is_empty() {
                    report.added.clear();
                    report.removed.clear();
                }
            }
            reports.push(report);
        }
        let mut merged = CatalogReport {
            schemas: Vec::new(),
            added: Vec::new(),
            removed: Vec::new(),
        };
        for r in reports {
            merged.schemas.extend(r.schemas);
            merged.added.extend(r.added);
            merged.removed.extend(r.removed);
        }
        print_catalog(&mut out, &merged, &args, settings, color)?;
        merged.passes(mode)
    } else {
        if args.transitive {
            bail!("--transitive needs --against REF (it walks that revision's history)");
        }
        let [old, new] = args.paths.as_slice() else {
            bail!("diff takes two paths, OLD and NEW (two schema files or two catalog folders), or --against REF");
        };
        match (old.is_dir(), new.is_dir()) {
            (true, true) => {
                let old = load_dir(old)?;
                let new = load_dir(new)?;
                let report = compare_catalogs(&old, &new, settings)?;
                print_catalog(&mut out, &report, &args, settings, color)?;
                report.passes(mode)
            }
            (false, false) => {
                let (old_cat, oi) = load_file(old)?;
                let (new_cat, ni) = load_file(new)?;
                let old = Loaded {
                    catalog: old_cat,
                    label: String::new(),
                };
                let new = Loaded {
                    catalog: new_cat,
                    label: String::new(),
                };
                let report = compare_pair(&old, oi, &new, ni, None, settings)?;
                print_pair_only(&mut out, &report, &args, settings, color)?;
                report.passes(mode)
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

#[derive(Clone, Copy)]
struct Settings {
    mode: Mode,
    policy: Policy,
    show_text: bool,
}

fn load_dir(dir: &Path) -> anyhow::Result<Loaded> {
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    Ok(Loaded {
        catalog: Catalog::load(dir)?,
        label: String::new(),
    })
}

fn load_file(file: &Path) -> anyhow::Result<(Catalog, usize)> {
    Ok(Catalog::load_for_file(file)?)
}

fn compare_pair(
    old: &Loaded,
    oi: usize,
    new: &Loaded,
    ni: usize,
    event_type: Option<String>,
    settings: Settings,
) -> anyhow::Result<PairReport> {
    let old_value = old
        .catalog
        .bundle(oi)
        .map_err(|e| anyhow!("{}{e}", old.label))?;
    let new_value = new
        .catalog
        .bundle(ni)
        .map_err(|e| anyhow!("{}{e}", new.label))?;
    let c: Comparison = compat::compare(&old_value, &new_value, settings.policy);
    let bump = c.required_bump(settings.mode);
    let declared = compat::declared(&old_value, &new_value, bump);
    Ok(PairReport {
        old: old.name(oi),
        new: new.name(ni),
        event_type,
        backward: c.backward,
        forward: c.forward,
        verdict: c.verdict(),
        required_bump: bump,
        declared,
        changes: c.changes,
        policy: c.policy,
        texts: Some((
            old.catalog.schemas[oi].spans.text().to_owned(),
            new.catalog.schemas[ni].spans.text().to_owned(),
        )),
    })
}

/// Pairs two catalogs by (event type, major version) and compares each pair.
fn compare_catalogs(
    old: &Loaded,
    new: &Loaded,
    settings: Settings,
) -> anyhow::Result<CatalogReport> {
    let pairing = crate::pairing::pair(&old.catalog, &new.catalog);
    let mut cache: HashMap<(usize, usize), PairReport> = HashMap::new();
    let mut schemas = Vec::new();
    for p in &pairing.pairs {
        let (et, oi, ni) = (&p.event_type, p.old, p.new);
        let report = match cache.get(&(oi, ni)) {
            Some(r) => clone_report(r),
            None => {
                let r = compare_pair(old, oi, new, ni, None, settings)?;
                let copy = clone_report(&r);
                cache.insert((oi, ni), r);
                copy
            }
        };
        let mut report = PairReport {
            event_type: Some(et.clone()),
            ..report
        };
        retarget_witnesses(&mut report, et, old, oi, new, ni);
        schemas.push(report);
    }
    let one_sided = |list: &[crate::pairing::OneSided], side: &Loaded| -> Vec<OneSided> {
        list.iter()
            .map(|o| OneSided {
                event_type: o.event_type.clone(),
                file: side.name(o.index),
            })
            .collect()
    };
    Ok(CatalogReport {
        schemas,
        added: one_sided(&pairing.added, new),
        removed: one_sided(&pairing.removed, old),
    })
}

/// A schema shared by several event types yields witnesses for one of them; in the result
/// for event type `et`, show a witness of that type when the schemas agree it is one.
fn retarget_witnesses(
    report: &mut PairReport,
    et: &str,
    old: &Loaded,
    oi: usize,
    new: &Loaded,
    ni: usize,
) {
    let needs = report.changes.iter().any(|c| {
        c.witness
            .as_ref()
            .is_some_and(|w| w.event.get("event_type").is_some_and(|t| t != et))
    });
    if !needs {
        return;
    }
    let compile = |side: &Loaded, i: usize| {
        side.catalog
            .bundle(i)
            .ok()
            .and_then(|b| compat::build_validator(&b).ok())
    };
    let (Some(vo), Some(vn)) = (compile(old, oi), compile(new, ni)) else {
        return;
    };
    for change in &mut report.changes {
        let Some(w) = &mut change.witness else {
            continue;
        };
        if w.event.get("event_type").is_none_or(|t| t == et) {
            continue;
        }
        let mut candidate = w.event.clone();
        candidate["event_type"] = et.into();
        let (accepts, rejects) = match w.accepted_by {
            Side::Old => (&vo, &vn),
            Side::New => (&vn, &vo),
        };
        if accepts.is_valid(&candidate) && !rejects.is_valid(&candidate) {
            w.event = candidate;
        }
    }
}

fn clone_report(r: &PairReport) -> PairReport {
    PairReport {
        old: r.old.clone(),
        new: r.new.clone(),
        event_type: r.event_type.clone(),
        backward: r.backward,
        forward: r.forward,
        verdict: r.verdict,
        required_bump: r.required_bump,
        declared: r.declared.clone(),
        changes: r.changes.clone(),
        policy: r.policy,
        texts: r.texts.clone(),
    }
}

// ---- output ----------------------------------------------------------------------------

fn print_pair_only(
    out: &mut dyn Write,
    report: &PairReport,
    args: &DiffArgs,
    settings: Settings,
    color: bool,
) -> anyhow::Result<()> {
    match args.format {
        DiffFormat::Json => {
            serde_json::to_writer(&mut *out, report)?;
            writeln!(out)?;
        }
        DiffFormat::Human if args.quiet && report.passes(settings.mode) => {}
        DiffFormat::Human => human_pair(out, report, settings, color)?,
        DiffFormat::Markdown => {
            writeln!(out, "## evschema diff\n")?;
            markdown_pair(out, report, settings)?;
        }
    }
    Ok(())
}

fn print_catalog(
    out: &mut dyn Write,
    report: &CatalogReport,
    args: &DiffArgs,
    settings: Settings,
    color: bool,
) -> anyhow::Result<()> {
    match args.format {
        DiffFormat::Json => {
            serde_json::to_writer(&mut *out, report)?;
            writeln!(out)?;
        }
        DiffFormat::Human => {
            let mut unchanged = 0;
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
                let effect = if settings.mode == Mode::Backward {
                    paint("compatible", color, |s| s.green())
                } else {
                    paint("breaks forward", color, |s| s.red())
                };
                writeln!(
                    out,
                    "added   {} ({}): {effect} — consumers on the old catalog do not know this event type",
                    a.event_type, a.file
                )?;
            }
            for r in &report.removed {
                let effect = if settings.mode == Mode::Forward {
                    paint("compatible under --mode forward", color, |s| s.green())
                } else {
                    paint("breaks backward", color, |s| s.red())
                };
                writeln!(
                    out,
                    "removed {} ({}): {effect} — events of this type, valid before, have no schema now",
                    r.event_type, r.file
                )?;
            }
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
            writeln!(
                out,
                "{status}: {} event types compared ({} unchanged, {} failing --mode {}), {} added, {} removed; policy {}",
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
            writeln!(
                out,
                "| event type | verdict | required bump | declared | --mode {} |",
                mode_name(settings.mode)
            )?;
            writeln!(out, "| --- | --- | --- | --- | --- |")?;
            for s in &report.schemas {
                writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} |",
                    s.event_type.as_deref().unwrap_or(""),
                    s.verdict,
                    s.required_bump.as_str(),
                    declared_text(s.declared.as_ref()),
                    if s.passes(settings.mode) {
                        "✅"
                    } else {
                        "❌"
                    }
                )?;
            }
            for a in &report.added {
                writeln!(
                    out,
                    "| `{}` | added | | | {} |",
                    a.event_type,
                    if settings.mode == Mode::Backward {
                        "✅"
                    } else {
                        "❌"
                    }
                )?;
            }
            for r in &report.removed {
                writeln!(
                    out,
                    "| `{}` | removed | | | {} |",
                    r.event_type,
                    if settings.mode == Mode::Forward {
                        "✅"
                    } else {
                        "❌"
                    }
                )?;
            }
            writeln!(out)?;
            for s in report.schemas.iter().filter(|s| !s.changes.is_empty()) {
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
    let verdict_text = match r.verdict {
        "full" => "full (backward and forward compatible)",
        "backward" => {
            "backward (old events still valid; new events may be rejected by old consumers)"
        }
        "forward" => "forward (new events valid for old consumers; old events may be rejected)",
        _ => "none (neither backward nor forward compatible)",
    };
    let ok = r.passes(settings.mode);
    let verdict = paint(
        &format!("verdict: {verdict_text}"),
        color,
        if ok {
            |s: colored::ColoredString| s.green()
        } else {
            |s: colored::ColoredString| s.red()
        },
    );
    writeln!(out, "  {verdict}; policy {}", policy_name(r.policy))?;
    for c in &r.changes {
        let breaking = !(c.backward && c.forward);
        let annotation = matches!(c.kind, compat::ChangeKind::AnnotationChanged { .. });
        let mark = if annotation {
            paint("·", color, |s| s.dimmed())
        } else if breaking {
            paint("✗", color, |s| s.red())
        } else {
            paint("✓", color, |s| s.green())
        };
        let line = format!("{} [{}]", c.message, c.effect());
        let line = if annotation {
            paint(&line, color, |s| s.dimmed())
        } else if breaking {
            paint(&line, color, |s| s.red())
        } else {
            line
        };
        writeln!(out, "  {mark} {line}")?;
        if let Some(w) = &c.witness {
            let (acc, rej) = match w.accepted_by {
                Side::Old => ("old", "new"),
                Side::New => ("new", "old"),
            };
            writeln!(
                out,
                "      witness, accepted by {acc} and rejected by {rej}: {}",
                serde_json::to_string(&w.event).unwrap_or_default()
            )?;
        }
    }
    let bump = format!(
        "required bump: {} (--mode {}); declared version: {}",
        r.required_bump.as_str(),
        mode_name(settings.mode),
        declared_text(r.declared.as_ref())
    );
    let bump = match &r.declared {
        Some(d) if !d.ok => paint(&bump, color, |s| s.red()),
        _ => bump,
    };
    writeln!(out, "  {bump}")?;
    if settings.show_text {
        if let Some((a, b)) = &r.texts {
            let diff = similar::TextDiff::from_lines(a, b);
            write!(
                out,
                "{}",
                diff.unified_diff().context_radius(3).header(&r.old, &r.new)
            )?;
        }
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
    for c in &r.changes {
        writeln!(
            out,
            "- {} `{}` {} — {}",
            if c.backward && c.forward {
                "✅"
            } else {
                "❌"
            },
            if c.path.is_empty() { "/" } else { &c.path },
            c.effect(),
            c.message.replace('|', "\\|")
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
        if let Some((a, b)) = &r.texts {
            let diff = similar::TextDiff::from_lines(a, b);
            writeln!(
                out,
                "\n```diff\n{}```",
                diff.unified_diff().context_radius(3).header(&r.old, &r.new)
            )?;
        }
    }
    writeln!(out)?;
    Ok(())
}
