//! `evschema render`: arguments in, outcome out. Writes atomically; `--check` compares.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};

use crate::catalog::{Catalog, LoadOptions};
use crate::cli::{RenderArgs, RenderFormat};
use crate::config::RenderConfig;
use crate::render::{self, markdown::GENERATED_NOTE};
use crate::Outcome;

/// The document options `[render]` of evschema.toml gives.
pub fn options(config: &RenderConfig) -> render::Options {
    render::Options {
        body: config.body.clone(),
        channels: config.channels.clone(),
        channel_names: config.channel_names.clone(),
        domains: config.domains.clone(),
        domain_names: config.domain_names.clone(),
    }
}

pub fn run(
    args: RenderArgs,
    config: &RenderConfig,
    diff: &crate::config::DiffConfig,
    refs: &crate::refs::RefSources,
    envelope: &evschema_core::subscriptions::matcher::EnvelopeSpec,
) -> anyhow::Result<Outcome> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("schemas"));
    if args.check && args.output.is_none() && args.split.is_none() {
        bail!("--check compares with a file: give -o FILE (or --split OUTDIR)");
    }
    if !dir.is_dir() {
        bail!(
            "{}: not a catalog folder (evschema render [DIR], default schemas/)",
            dir.display()
        );
    }
    if let Some(body) = &config.body {
        if !body.starts_with('/') || body.len() < 2 {
            bail!(
                "[render] body = \"{body}\": not a JSON pointer to a property (e.g. \"/payload\")"
            );
        }
    }
    let mut catalog = Catalog::load(&dir).map_err(|e| anyhow!(e))?;
    let problems = catalog.attach(refs);
    if !problems.is_empty() {
        return Err(anyhow!(crate::catalog::LoadError {
            root: dir.clone(),
            problems,
        }));
    }
    let mut doc = render::build_with(&catalog, &options(config)).map_err(|e| anyhow!(e))?;
    let (subs, problems) = evschema_core::subscriptions::load(&dir);
    if let Some(p) = problems.first() {
        let at = p
            .position
            .map(|pos| format!(":{}:{}", pos.line, pos.column))
            .unwrap_or_default();
        bail!(
            "{}{at}: {} (`evschema lint` lists every problem of the subscription files)",
            p.file.display(),
            p.message
        );
    }
    doc.attach_subscribers(&catalog, &subs, envelope);
    if doc.events.is_empty() {
        bail!(
            "{}: nothing to render: no schema file outside common/ describes an event or object",
            dir.display()
        );
    }
    let out_dir = match (&args.split, &args.output) {
        (Some(d), _) => d.clone(),
        (None, Some(f)) => f.parent().map(Path::to_path_buf).unwrap_or_default(),
        (None, None) => PathBuf::new(),
    };
    doc.source_base = source_base(&out_dir, &dir);
    if let Some(rev) = &args.changes_since {
        let changes = changes_since(rev, &dir, catalog, &doc, diff)?;
        doc.attach_changes(changes.0);
        catalog = changes.1;
    }
    // Freeing a large catalog value by value costs as much as rendering it, and the process
    // ends right after this command: let the OS reclaim it.
    std::mem::forget(catalog);
    if let Some(dir) = &args.split {
        let pages = render::pages(&doc);
        std::mem::forget(doc);
        return if args.check {
            check_split(dir, &pages, &regenerate_flags(&args))
        } else {
            write_split(dir, &pages)
        };
    }
    let bytes = match args.format {
        RenderFormat::Markdown => render::document(&doc),
        RenderFormat::Html => render::html_document(&doc),
    };
    std::mem::forget(doc);
    match &args.output {
        Some(file) if args.check => check_file(file, &bytes, &regenerate_flags(&args)),
        Some(file) => {
            write_atomic(file, &bytes)?;
            Ok(Outcome::Success)
        }
        None => to_stdout(&bytes),
    }
}

/// The prefix that leads from the folder the output is written to (`out_dir`, empty for the
/// working directory) to the catalog folder, with `/` separators: `../schemas/`.
fn source_base(out_dir: &Path, catalog: &Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let from = crate::config::absolute(&cwd, out_dir);
    let to = crate::config::absolute(&cwd, catalog);
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    for c in &to[common..] {
        parts.push(c.as_os_str().to_str()?.to_owned());
    }
    let mut base = parts.join("/");
    if !base.is_empty() {
        base.push('/');
    }
    Some(base)
}

/// What changed since `rev`: `evschema diff --against REV`'s comparison, under the
/// `[diff]` mode, policy and acceptances. Gives the catalog back.
fn changes_since(
    rev: &str,
    dir: &Path,
    catalog: Catalog,
    doc: &render::CatalogDoc,
    diff: &crate::config::DiffConfig,
) -> anyhow::Result<(render::changes::Changes, Catalog)> {
    use crate::compat::report::{self, Acceptances, Labeled};
    let old = Labeled {
        catalog: catalog_at(rev, dir)?,
        label: format!("{rev}:"),
    };
    let new = Labeled {
        catalog,
        label: String::new(),
    };
    let mode = super::diff::mode_of(diff.mode);
    let settings = report::Settings {
        mode,
        policy: super::diff::policy_of(diff.policy),
    };
    let list = super::diff::acceptances(&diff.accept)?;
    let today = super::diff::today();
    let accepts = Acceptances {
        list: &list,
        today: &today,
    };
    let compared = report::catalog_comparison(&old, &new, settings, accepts)
        .map_err(|e| anyhow!("--changes-since {rev}: {e}"))?;
    let events = doc.events.iter().map(|e| {
        (
            e.event_type.as_str(),
            new.catalog.schemas[e.schema].rel.as_str(),
        )
    });
    let changes = render::changes::since(rev, &compared, mode, events);
    std::mem::forget(old);
    Ok((changes, new.catalog))
}

/// The catalog folder `dir` as it was at git revision `rev`, read without a checkout.
fn catalog_at(rev: &str, dir: &Path) -> anyhow::Result<Catalog> {
    let files = crate::git::read_tree(rev, dir).with_context(|| {
        format!(
            "--changes-since {rev}: cannot read {} at revision {rev}",
            dir.display()
        )
    })?;
    if files.is_empty() {
        bail!(
            "--changes-since {rev}: {} does not exist at revision {rev} (no .json file there)",
            dir.display()
        );
    }
    let (catalog, _) = Catalog::from_texts(dir, files, LoadOptions::default())
        .map_err(|e| anyhow!("--changes-since {rev}: the catalog at revision {rev}: {e}"))?;
    Ok(catalog)
}

/// Reads what is on disk now; a missing file reads as `None`.
fn read_existing(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow!(e).context(format!("{}: cannot read", path.display()))),
    }
}

/// Writes a generated document to standard output.
pub(crate) fn to_stdout(bytes: &[u8]) -> anyhow::Result<Outcome> {
    let mut out = io::stdout().lock();
    out.write_all(bytes).context("cannot write output")?;
    out.flush().context("cannot write output")?;
    Ok(Outcome::Success)
}

/// Prints a unified diff of `path` against what would be generated; true when they differ.
pub(crate) fn report_diff(
    path: &Path,
    expected: &[u8],
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let expected = String::from_utf8_lossy(expected);
    // A checkout with CRLF line endings (git autocrlf) holds the same document.
    let current = read_existing(path)?.map(|t| t.replace("\r\n", "\n"));
    if current.as_deref() == Some(&*expected) {
        return Ok(false);
    }
    let old = current.as_deref().unwrap_or("");
    let shown = path.display().to_string();
    let diff = crate::print::unified::unified_diff(
        &shown,
        &format!("{shown} (generated)"),
        old,
        &expected,
    );
    out.write_all(diff.as_bytes())
        .context("cannot write output")?;
    Ok(true)
}

/// `--check` of a generated folder: a unified diff for each file that differs from what
/// would be generated, then a line for each leftover (`why` it is stale); returns the
/// stale paths, in that order.
pub(crate) fn check_folder<'a>(
    expected: impl IntoIterator<Item = (PathBuf, &'a [u8])>,
    leftovers: &[PathBuf],
    why: &str,
    out: &mut dyn Write,
) -> anyhow::Result<Vec<String>> {
    let mut stale = Vec::new();
    for (path, bytes) in expected {
        if report_diff(&path, bytes, out)? {
            stale.push(path.display().to_string());
        }
    }
    for path in leftovers {
        writeln!(out, "{}: {why}", path.display()).context("cannot write output")?;
        stale.push(path.display().to_string());
    }
    out.flush().context("cannot write output")?;
    Ok(stale)
}

/// Flags besides the output that the regenerate hint of `--check` repeats.
fn regenerate_flags(args: &RenderArgs) -> String {
    match &args.changes_since {
        Some(rev) => format!(" --changes-since {rev}"),
        None => String::new(),
    }
}

fn check_file(file: &Path, bytes: &[u8], flags: &str) -> anyhow::Result<Outcome> {
    let mut out = io::stdout().lock();
    let stale = report_diff(file, bytes, &mut out)?;
    out.flush().context("cannot write output")?;
    if stale {
        eprintln!(
            "{} is stale: regenerate it with `evschema render -o {}{flags}`",
            file.display(),
            file.display()
        );
        Ok(Outcome::Failure)
    } else {
        Ok(Outcome::Success)
    }
}

/// Markdown files in `dir` that `render --split` wrote (they carry the generated note) but
/// that the catalog no longer produces.
fn leftover_pages(dir: &Path, pages: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<PathBuf>> {
    stale_outputs(
        dir,
        ".md",
        |name| pages.iter().any(|(n, _)| n == name),
        |bytes| {
            // The note may be wrapped over two lines: compare with whitespace normalised.
            std::str::from_utf8(bytes).is_ok_and(|text| {
                let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
                words.contains(GENERATED_NOTE)
            })
        },
    )
}

/// Files of `dir` ending in `ext` that an earlier run wrote (`ours` recognises their
/// content) and this run does not (`kept` names what it writes), sorted.
pub(crate) fn stale_outputs(
    dir: &Path,
    ext: &str,
    kept: impl Fn(&str) -> bool,
    ours: impl Fn(&[u8]) -> bool,
) -> anyhow::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(anyhow!(e).context(format!("{}: cannot read", dir.display()))),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("{}: cannot read", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(ext) || kept(&name) {
            continue;
        }
        if std::fs::read(entry.path()).is_ok_and(|b| ours(&b)) {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

fn check_split(dir: &Path, pages: &[(String, Vec<u8>)], flags: &str) -> anyhow::Result<Outcome> {
    let stale = check_folder(
        pages
            .iter()
            .map(|(name, bytes)| (dir.join(name), bytes.as_slice())),
        &leftover_pages(dir, pages)?,
        "generated page of an event type the catalog no longer has",
        &mut io::stdout().lock(),
    )?;
    if stale.is_empty() {
        return Ok(Outcome::Success);
    }
    eprintln!(
        "{} page{} stale in {}: regenerate with `evschema render --split {}{flags}`",
        stale.len(),
        if stale.len() == 1 { " is" } else { "s are" },
        dir.display(),
        dir.display()
    );
    Ok(Outcome::Failure)
}

fn write_split(dir: &Path, pages: &[(String, Vec<u8>)]) -> anyhow::Result<Outcome> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    for (name, bytes) in pages {
        write_atomic(&dir.join(name), bytes)?;
    }
    for path in leftover_pages(dir, pages)? {
        std::fs::remove_file(&path)
            .with_context(|| format!("{}: cannot remove stale page", path.display()))?;
    }
    Ok(Outcome::Success)
}

/// Writes `bytes` to `path` atomically ([`crate::atomic`]), creating its folder.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("{}: cannot create", parent.display()))?;
    if path.file_name().is_none() {
        return Err(anyhow!("{}: not a file name", path.display()));
    }
    crate::atomic::write(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}
