//! `evschema diff`: compare two schemas, two catalogs, or the catalog with a git revision.

use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    /// `[[diff.accept]]` entries that cover changes of this pair (live or expired).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    accepted: Vec<AcceptedChange>,
    /// For a shared file: the event types, and the files that claim none, of NEW whose
    /// schemas reach it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reached_by: Vec<String>,
    /// For an event type: the changed shared files its schema reaches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    via: Vec<String>,
    /// A warning, e.g. when OLD and NEW describe different event types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    /// Hints: a property that looks renamed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hints: Vec<String>,
    /// NEW's event type, for hints (also when `event_type` is not part of the output).
    #[serde(skip)]
    new_type: Option<String>,
    #[serde(skip)]
    texts: Option<(String, String)>,
    /// Whether the schema file's own text is the same on both sides.
    #[serde(skip)]
    same_text: bool,
}

/// A change that an `[[diff.accept]]` entry covers.
#[derive(Serialize, Clone)]
struct AcceptedChange {
    path: String,
    kind: &'static str,
    reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    expired: bool,
}

fn breaks(c: &Change, mode: Mode) -> bool {
    match mode {
        Mode::Backward => !c.backward,
        Mode::Forward => !c.forward,
        Mode::Full => !(c.backward && c.forward),
    }
}

impl PairReport {
    fn compatible(&self, mode: Mode) -> bool {
        match mode {
            Mode::Backward => self.backward,
            Mode::Forward => self.forward,
            Mode::Full => self.backward && self.forward,
        }
    }

    fn is_accepted(&self, c: &Change) -> Option<&AcceptedChange> {
        self.accepted
            .iter()
            .find(|a| a.path == c.path && a.kind == c.kind.kind())
    }

    /// Every change that breaks `mode` is covered by an acceptance that has not expired.
    fn all_breaks_accepted(&self, mode: Mode) -> bool {
        let mut any = false;
        for c in self.changes.iter().filter(|c| breaks(c, mode)) {
            any = true;
            if self.is_accepted(c).is_none_or(|a| a.expired) {
                return false;
            }
        }
        any
    }

    fn passes(&self, mode: Mode) -> bool {
        if self.compatible(mode) {
            return self.declared.as_ref().is_none_or(|d| d.ok);
        }
        self.all_breaks_accepted(mode)
    }
}

/// An event type present on one side only.
#[derive(Serialize, Clone)]
struct OneSided {
    event_type: String,
    file: String,
}

/// A major removed while a later major of its event type stays: allowed once the successor
/// has been in the catalog for the support window, or past the old schema's `x-sunset`.
#[derive(Serialize, Clone)]
struct Retired {
    event_type: String,
    file: String,
    successor: String,
    /// When the successor's file was first committed (today when not committed yet).
    successor_since: String,
    /// `successor_since` plus the support window.
    window_ends: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sunset: Option<String>,
    ok: bool,
}

#[derive(Serialize)]
struct CatalogReport {
    schemas: Vec<PairReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    retired: Vec<Retired>,
    /// Files that claim no event type (shared definitions), paired by path then `$id`;
    /// only those whose text changed.
    shared: Vec<PairReport>,
    added: Vec<OneSided>,
    removed: Vec<OneSided>,
}

impl CatalogReport {
    fn passes(&self, mode: Mode) -> bool {
        let retired_ok = |r: &OneSided| {
            self.retired
                .iter()
                .any(|x| x.ok && x.event_type == r.event_type && x.file == r.file)
        };
        let removed_ok = self.removed.iter().all(retired_ok) || mode == Mode::Forward;
        let early = self.retired.iter().any(|r| !r.ok);
        let added_ok = self.added.is_empty() || mode == Mode::Backward;
        removed_ok
            && !early
            && added_ok
            && self.schemas.iter().all(|s| s.passes(mode))
            && self.shared.iter().all(|s| s.passes(mode))
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
    let today = today();
    for a in &args.accept {
        check_accept(a)?;
    }
    let settings = Settings {
        mode,
        policy,
        show_text: args.show_text,
        verbose: args.verbose || !std::io::IsTerminal::is_terminal(&io::stdout()),
    };
    let accept = Accepts {
        list: &args.accept,
        today: &today,
    };
    let window = parse_window(args.support_window.as_deref())?;
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
        let mut evidence = None;
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
            let mut report = compare_catalogs(&old, &new, settings, &accept)?;
            if reports.is_empty() {
                report.retired = support_window(&old, &new, &report, window, &today)?;
                evidence = replay_catalogs(&old, &new, &args.replay)?;
            }
            if args.transitive {
                // the same old schema text seen at several commits is compared once
                report.schemas.retain(|s| {
                    let key = (
                        s.event_type.clone().unwrap_or_default(),
                        s.texts.as_ref().map(|t| t.0.clone()).unwrap_or_default(),
                    );
                    seen_texts.insert(key)
                });
                report.shared.retain(|s| {
                    let key = (
                        format!("file:{}", s.new),
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
            retired: reports
                .first()
                .map(|r| r.retired.clone())
                .unwrap_or_default(),
            schemas: Vec::new(),
            shared: Vec::new(),
            added: Vec::new(),
            removed: Vec::new(),
        };
        for r in reports {
            merged.schemas.extend(r.schemas);
            merged.shared.extend(r.shared);
            merged.added.extend(r.added);
            merged.removed.extend(r.removed);
        }
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
                let old = load_dir(old)?;
                let new = load_dir(new)?;
                let report = compare_catalogs(&old, &new, settings, &accept)?;
                let evidence = replay_catalogs(&old, &new, &args.replay)?;
                print_catalog(&mut out, &report, &args, settings, color, evidence.as_ref())?;
                report.passes(mode) && evidence.is_none_or(|e| e.passes(mode))
            }
            (false, false) => {
                let (old_cat, oi, label) = match git_file(old)? {
                    Some((c, i, label)) => (c, i, label),
                    None => {
                        let (c, i) = load_file(old)?;
                        (c, i, String::new())
                    }
                };
                let (new_cat, ni) = load_file(new)?;
                let old = Loaded {
                    catalog: old_cat,
                    label,
                };
                let new = Loaded {
                    catalog: new_cat,
                    label: String::new(),
                };
                let mut report = compare_pair(&old, oi, &new, ni, None, settings)?;
                let (ot, nt) = (
                    &old.catalog.schemas[oi].event_types,
                    &new.catalog.schemas[ni].event_types,
                );
                if !ot.is_empty() && !nt.is_empty() && ot != nt {
                    report.warnings.push(format!(
                        "the two schemas describe different event types ({} → {}): is this the right pair?",
                        ot.join(", "),
                        nt.join(", ")
                    ));
                }
                let key = new.catalog.schemas[ni]
                    .event_types
                    .first()
                    .cloned()
                    .unwrap_or_else(|| new.catalog.schemas[ni].rel.clone());
                apply_accepts(&mut report, &key, &new.catalog.schemas[ni].rel, &accept);
                let evidence = if args.replay.is_empty() {
                    None
                } else {
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

#[derive(Clone, Copy)]
struct Settings {
    mode: Mode,
    policy: Policy,
    show_text: bool,
    /// Witnesses in full (JSON output, `-v`, or not a terminal).
    verbose: bool,
}

/// The `[[diff.accept]]` entries and today's date (`YYYY-MM-DD`, UTC).
struct Accepts<'a> {
    list: &'a [crate::config::Accept],
    today: &'a str,
}

fn check_accept(a: &crate::config::Accept) -> anyhow::Result<()> {
    if a.reason.trim().is_empty() {
        bail!("evschema.toml [[diff.accept]]: `reason` is empty (say why the change is accepted)");
    }
    if a.event_type.is_none() && a.file.is_none() && a.kind.is_none() && a.path.is_none() {
        bail!(
            "evschema.toml [[diff.accept]] (reason \"{}\"): give at least one of event_type, file, kind, path",
            a.reason
        );
    }
    if let Some(e) = &a.expires {
        if !is_date(e) {
            bail!(
                "evschema.toml [[diff.accept]] (reason \"{}\"): expires = \"{e}\" is not a date YYYY-MM-DD",
                a.reason
            );
        }
    }
    Ok(())
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok());
    matches!((num(0..4), num(5..7), num(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    civil_date(secs)
}

/// The UTC date of a Unix timestamp (days-from-civil inverse, proleptic Gregorian).
pub(crate) fn civil_date(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Marks the changes of `report` that an acceptance covers. `event_type` is the pair's
/// event type (or file for a shared file), `rel` its file in NEW.
fn apply_accepts(report: &mut PairReport, event_type: &str, rel: &str, accepts: &Accepts) {
    let mut out = Vec::new();
    for c in &report.changes {
        if c.backward && c.forward {
            continue;
        }
        let human = compat::human_path(&c.path);
        let hit = accepts.list.iter().find(|a| {
            a.event_type.as_deref().is_none_or(|e| e == event_type)
                && a.file.as_deref().is_none_or(|f| f == rel)
                && a.kind.as_deref().is_none_or(|k| k == c.kind.kind())
                && a.path.as_deref().is_none_or(|p| p == c.path || p == human)
        });
        if let Some(a) = hit {
            out.push(AcceptedChange {
                path: c.path.clone(),
                kind: c.kind.kind(),
                reason: a.reason.clone(),
                expires: a.expires.clone(),
                expired: a.expires.as_deref().is_some_and(|e| e < accepts.today),
            });
        }
    }
    report.accepted = out;
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
        accepted: Vec::new(),
        reached_by: Vec::new(),
        via: Vec::new(),
        warnings: Vec::new(),
        hints: Vec::new(),
        new_type: new.catalog.schemas[ni].event_types.first().cloned(),
        same_text: old.catalog.schemas[oi].spans.text() == new.catalog.schemas[ni].spans.text(),
        texts: Some((
            old.catalog.schemas[oi].spans.text().to_owned(),
            new.catalog.schemas[ni].spans.text().to_owned(),
        )),
    })
    .map(|mut r| {
        r.hints = rename_hints(&r.changes, &old_value, &new_value);
        r
    })
}

/// A property removed and one added at the same place with the same schema look like a
/// rename: say so once, rather than leaving the reader to match four changes.
fn rename_hints(
    changes: &[Change],
    old: &serde_json::Value,
    new: &serde_json::Value,
) -> Vec<String> {
    use compat::ChangeKind::*;
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for c in changes {
        match &c.kind {
            PropertyRemovedOpenModel { name } | PropertyRemovedClosedModel { name } => {
                removed.push((c.path.clone(), name.clone()))
            }
            PropertyAddedOpenModel { name } | PropertyAddedClosedModel { name } => {
                added.push((c.path.clone(), name.clone()))
            }
            _ => {}
        }
    }
    let at = |root: &serde_json::Value, path: &str, name: &str| -> Option<serde_json::Value> {
        let obj = if path.ends_with(&format!("/properties/{}", escape(name))) {
            root.pointer(path)
        } else {
            root.pointer(&format!("{path}/properties/{}", escape(name)))
        };
        obj.cloned()
    };
    let parent = |path: &str, name: &str| -> String {
        path.strip_suffix(&format!("/properties/{}", escape(name)))
            .unwrap_or(path)
            .to_owned()
    };
    let mut out = Vec::new();
    for (rp, rn) in &removed {
        for (ap, an) in &added {
            if parent(rp, rn) != parent(ap, an) || rn == an {
                continue;
            }
            let (Some(a), Some(b)) = (at(old, rp, rn), at(new, ap, an)) else {
                continue;
            };
            if a == b {
                let place = compat::human_path(&parent(rp, rn));
                out.push(format!(
                    "\"{rn}\" removed and \"{an}\" added with the same schema at {place}: looks like a rename (old events carry \"{rn}\", not \"{an}\")"
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Pairs two catalogs by (event type, major version) and compares each pair; then the files
/// that claim no event type, by relative path and then `$id`, each compared as a schema.
fn compare_catalogs(
    old: &Loaded,
    new: &Loaded,
    settings: Settings,
    accepts: &Accepts,
) -> anyhow::Result<CatalogReport> {
    let pairing = crate::pairing::pair(&old.catalog, &new.catalog);
    let file_pairs = crate::pairing::pair_files(&old.catalog, &new.catalog);
    // the shared files whose text changed, by index in NEW
    let changed_files: BTreeMap<usize, usize> = file_pairs
        .iter()
        .filter(|(oi, ni)| {
            old.catalog.schemas[*oi].spans.text() != new.catalog.schemas[*ni].spans.text()
        })
        .map(|&(oi, ni)| (ni, oi))
        .collect();
    let mut reached_by: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
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
        let reached = crate::pairing::reached_files(&new.catalog, ni);
        for f in reached.iter().filter(|f| changed_files.contains_key(f)) {
            reached_by.entry(*f).or_default().insert(et.clone());
            report.via.push(new.catalog.schemas[*f].rel.clone());
        }
        retarget_witnesses(&mut report, et, old, oi, new, ni);
        apply_accepts(&mut report, et, &new.catalog.schemas[ni].rel, accepts);
        schemas.push(report);
    }
    // files without an event type that reach a changed shared file (webhook payload files)
    for &(_, ni) in &file_pairs {
        for f in crate::pairing::reached_files(&new.catalog, ni) {
            if changed_files.contains_key(&f) {
                reached_by
                    .entry(f)
                    .or_default()
                    .insert(new.catalog.schemas[ni].rel.clone());
            }
        }
    }
    let mut shared = Vec::new();
    for (&ni, &oi) in &changed_files {
        let mut report = compare_pair(old, oi, new, ni, None, settings)?;
        report.reached_by = reached_by
            .get(&ni)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        let rel = new.catalog.schemas[ni].rel.clone();
        apply_accepts(&mut report, &rel, &rel, accepts);
        shared.push(report);
    }
    // an event schema that changed only through shared files takes their acceptances
    for r in &mut schemas {
        if !r.same_text || r.via.is_empty() || r.compatible(settings.mode) {
            continue;
        }
        let through: Vec<&PairReport> = shared
            .iter()
            .filter(|s| {
                r.via
                    .iter()
                    .any(|v| s.new == *v || s.new.ends_with(&format!("/{v}")))
            })
            .collect();
        let all_accepted = through.len() == r.via.len()
            && through.iter().all(|s| s.passes(settings.mode))
            && through.iter().any(|s| !s.compatible(settings.mode));
        if !all_accepted {
            continue;
        }
        let reasons: Vec<String> = through
            .iter()
            .flat_map(|s| s.accepted.iter().map(|a| a.reason.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let reason = format!("through {}: {}", r.via.join(", "), reasons.join("; "));
        let covered: Vec<AcceptedChange> = r
            .changes
            .iter()
            .filter(|c| breaks(c, settings.mode))
            .map(|c| AcceptedChange {
                path: c.path.clone(),
                kind: c.kind.kind(),
                reason: reason.clone(),
                expires: None,
                expired: false,
            })
            .collect();
        r.accepted.extend(covered);
    }
    if schemas.is_empty() && shared.is_empty() && differ(&old.catalog, &new.catalog) {
        let names = |c: &Catalog| {
            let mut v: Vec<&str> = c.schemas.iter().map(|s| s.rel.as_str()).take(6).collect();
            if c.schemas.len() > 6 {
                v.push("...");
            }
            if v.is_empty() {
                "no schema files".to_owned()
            } else {
                v.join(", ")
            }
        };
        bail!(
            "nothing compared: no event type and no shared file pairs between {} ({}) and {} ({}), yet their files differ. \
Event schemas pair by event type (`event_type` const/enum) and major version; files that claim no event type pair by \
relative path, then by `$id`",
            old_label(old),
            names(&old.catalog),
            old_label(new),
            names(&new.catalog)
        );
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
        retired: Vec::new(),
        shared,
        added: one_sided(&pairing.added, new),
        removed: one_sided(&pairing.removed, old),
    })
}

/// The support window: months and days.
#[derive(Clone, Copy)]
struct Window {
    months: u32,
    days: u32,
}

fn parse_window(s: Option<&str>) -> anyhow::Result<Window> {
    let Some(s) = s else {
        return Ok(Window {
            months: 12,
            days: 0,
        });
    };
    let bad = || {
        anyhow!("evschema.toml [policy] support_window = \"{s}\": write e.g. \"12 months\" or \"90 days\"")
    };
    let mut it = s.split_whitespace();
    let n: u32 = it.next().and_then(|n| n.parse().ok()).ok_or_else(bad)?;
    let unit = it.next().ok_or_else(bad)?;
    if it.next().is_some() {
        return Err(bad());
    }
    match unit {
        "month" | "months" => Ok(Window { months: n, days: 0 }),
        "day" | "days" => Ok(Window { months: 0, days: n }),
        _ => Err(bad()),
    }
}

/// Adds the window to a `YYYY-MM-DD` date (the day is clamped to the month's length).
fn add_window(date: &str, w: Window) -> String {
    let num =
        |r: std::ops::Range<usize>| date.get(r).and_then(|t| t.parse::<i64>().ok()).unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let total = y * 12 + (m - 1) + i64::from(w.months);
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let len = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][(m - 1) as usize];
    let d = d.min(len);
    // days from civil, then the extra days, then back
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468 + i64::from(w.days);
    civil_date(days * 86_400)
}

/// DESIGN's versioning policy: a major may leave the catalog only once its successor has
/// been in it for the support window (from git's commit dates), or past its `x-sunset`.
fn support_window(
    old: &Loaded,
    new: &Loaded,
    report: &CatalogReport,
    window: Window,
    today: &str,
) -> anyhow::Result<Vec<Retired>> {
    let mut out = Vec::new();
    let pairing = crate::pairing::pair(&old.catalog, &new.catalog);
    for r in &pairing.removed {
        let gone = &old.catalog.schemas[r.index];
        let Some(major) = gone.major() else { continue };
        let successor = new
            .catalog
            .events
            .get(&r.event_type)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| new.catalog.schemas[i].major().is_some_and(|m| m > major))
            .min_by_key(|&i| new.catalog.schemas[i].major());
        let Some(si) = successor else { continue };
        let succ = &new.catalog.schemas[si];
        let since = crate::git::added_date(&succ.path)?.unwrap_or_else(|| today.to_owned());
        let window_ends = add_window(&since, window);
        let sunset = gone
            .value
            .get("x-sunset")
            .and_then(|v| v.as_str())
            .filter(|d| is_date(d))
            .map(str::to_owned);
        let ok = window_ends.as_str() <= today || sunset.as_deref().is_some_and(|s| s <= today);
        let file = old.name(r.index);
        if report.removed.iter().any(|x| x.file == file) {
            out.push(Retired {
                event_type: r.event_type.clone(),
                file,
                successor: new.name(si),
                successor_since: since,
                window_ends,
                sunset,
                ok,
            });
        }
    }
    Ok(out)
}

fn old_label(side: &Loaded) -> String {
    format!("{}{}", side.label, side.catalog.root.display())
}

/// Whether two catalogs differ in their set of files or any file's text.
fn differ(a: &Catalog, b: &Catalog) -> bool {
    a.schemas.len() != b.schemas.len()
        || a.schemas
            .iter()
            .zip(&b.schemas)
            .any(|(x, y)| x.rel != y.rel || x.spans.text() != y.spans.text())
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
        accepted: r.accepted.clone(),
        reached_by: r.reached_by.clone(),
        via: r.via.clone(),
        warnings: r.warnings.clone(),
        hints: r.hints.clone(),
        new_type: r.new_type.clone(),
        texts: r.texts.clone(),
        same_text: r.same_text,
    }
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
        DiffFormat::Json => {
            serde_json::to_writer(&mut *out, &super::whatif::json_with(report, evidence)?)?;
            writeln!(out)?;
        }
        DiffFormat::Human if args.quiet && report.passes(settings.mode) => {}
        DiffFormat::Human => human_pair(out, report, settings, color)?,
        DiffFormat::Markdown => {
            writeln!(out, "## evschema diff\n")?;
            markdown_pair(out, report, settings)?;
        }
    }
    print_evidence(out, args, settings, color, evidence)
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
    old: &Loaded,
    new: &Loaded,
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
        DiffFormat::Json => {
            serde_json::to_writer(&mut *out, &super::whatif::json_with(report, evidence)?)?;
            writeln!(out)?;
        }
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
                    Some(et) if s.same_text && !s.via.is_empty() => format!(
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
            for s in &rows {
                if s.same_text && !s.via.is_empty() {
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
    if r.same_text && !r.via.is_empty() {
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
        if let Some((a, b)) = &r.texts {
            let diff = similar::TextDiff::from_lines(a, b);
            writeln!(
                out,
                "\n```diff\n{}```",
                diff.unified_diff().context_radius(3).header(&r.old, &r.new)
            )?;
        }
    }
    for h in &r.hints {
        writeln!(out, "- hint: {}", h.replace('|', "\\|"))?;
    }
    writeln!(out)?;
    Ok(())
}
