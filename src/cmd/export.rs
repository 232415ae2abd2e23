//! `evschema export asyncapi|eventbridge|confluent`: settings in, the core exporter, then the
//! files written atomically (or compared, with `--check`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};

use crate::catalog::Catalog;
use crate::cli::{ExportArgs, ExportFormat, ExportTarget, SubjectStrategy};
use crate::cmd::render::{report_diff, write_atomic};
use crate::config::Loaded;
use crate::export::{self, asyncapi, confluent, eventbridge, Example, OutFile};
use crate::render;
use crate::Outcome;

pub fn run(args: ExportArgs, loaded: &Loaded) -> anyhow::Result<Outcome> {
    let cfg = &loaded.config;
    let dir_or = |d: &Option<PathBuf>| d.clone().unwrap_or_else(|| loaded.catalog());
    match args.target {
        ExportTarget::Asyncapi(a) => {
            let dir = dir_or(&a.dir);
            let (catalog, doc, samples) = load(&dir, loaded)?;
            let info = asyncapi::Info {
                title: cfg.export.title.clone(),
                version: cfg.export.version.clone(),
                description: cfg.export.description.clone(),
            };
            let value = match asyncapi::export(&catalog, &doc, &info, &samples) {
                Ok(v) => v,
                Err(e) => return refused(e, "asyncapi", a.format),
            };
            let yaml = a.output.as_deref().is_some_and(is_yaml);
            let bytes = if yaml {
                export::yaml::to_bytes(&value)
            } else {
                export::json_bytes(&value)
            };
            let json = a.format == ExportFormat::Json;
            match &a.output {
                Some(file) if a.check => {
                    let stale = if json {
                        report_diff(file, &bytes, &mut io::sink())?
                    } else {
                        let mut out = io::stdout().lock();
                        let stale = report_diff(file, &bytes, &mut out)?;
                        out.flush().context("cannot write output")?;
                        stale
                    };
                    let name = file.display().to_string();
                    if json {
                        let stale = if stale { vec![name] } else { Vec::new() };
                        report("asyncapi", &[], &stale, &[])?;
                    } else if stale {
                        eprintln!(
                            "{name} is stale: regenerate it with `evschema export asyncapi -o {name}`"
                        );
                    }
                    Ok(if stale {
                        Outcome::Failure
                    } else {
                        Outcome::Success
                    })
                }
                Some(file) => {
                    write_atomic(file, &bytes)?;
                    if json {
                        report("asyncapi", &[file.display().to_string()], &[], &[])?;
                    }
                    Ok(Outcome::Success)
                }
                None => crate::cmd::render::to_stdout(&bytes),
            }
        }
        ExportTarget::Eventbridge(a) => {
            let dir = dir_or(&a.dir);
            let Some(registry) = a.registry.clone().or_else(|| cfg.export.registry.clone()) else {
                bail!("export eventbridge needs a registry name: give --registry NAME (or `registry` under [export] in evschema.toml)");
            };
            if registry.is_empty() {
                bail!("--registry: the registry name is empty");
            }
            let (catalog, doc, samples) = load(&dir, loaded)?;
            let files = match eventbridge::export(&catalog, &doc, &registry, &samples) {
                Ok(f) => f,
                Err(e) => return refused(e, "eventbridge", a.format),
            };
            let hint = format!(
                "evschema export eventbridge -o {} --registry {registry}",
                a.output.display()
            );
            let how = Folder {
                target: "eventbridge",
                check: a.check,
                format: a.format,
                hint: &hint,
            };
            folder(&a.output, &files, &how, eventbridge::is_request)
        }
        ExportTarget::Confluent(a) => {
            let dir = dir_or(&a.dir);
            let strategy = match a.subject_strategy.or(cfg.export.subject_strategy) {
                None | Some(SubjectStrategy::Topic) => confluent::Strategy::Topic,
                Some(SubjectStrategy::Record) => confluent::Strategy::Record,
                Some(SubjectStrategy::TopicRecord) => confluent::Strategy::TopicRecord,
            };
            let compatibility = match cfg.diff.mode {
                None | Some(crate::cli::DiffMode::Backward) => "BACKWARD",
                Some(crate::cli::DiffMode::Forward) => "FORWARD",
                Some(crate::cli::DiffMode::Full) => "FULL",
            };
            let (catalog, doc, samples) = load(&dir, loaded)?;
            let files = match confluent::export(&catalog, &doc, strategy, compatibility, &samples) {
                Ok(f) => f,
                Err(e) => return refused(e, "confluent", a.format),
            };
            let hint = format!("evschema export confluent -o {}", a.output.display());
            let how = Folder {
                target: "confluent",
                check: a.check,
                format: a.format,
                hint: &hint,
            };
            folder(&a.output, &files, &how, confluent::is_request)
        }
    }
}

fn is_yaml(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("yaml" | "yml")
    )
}

/// `--format json`: one object on stdout.
fn report(
    target: &str,
    written: &[String],
    stale: &[String],
    refused: &[serde_json::Value],
) -> anyhow::Result<()> {
    let v = serde_json::json!({
        "target": target,
        "written": written,
        "stale": stale,
        "refused": refused,
    });
    let mut out = io::stdout().lock();
    writeln!(out, "{v}").context("cannot write output")?;
    out.flush().context("cannot write output")
}

/// A refusal is exit 1 with every event type listed; anything else is exit 2.
fn refused(e: export::Error, target: &str, format: ExportFormat) -> anyhow::Result<Outcome> {
    match e {
        export::Error::Catalog(m) => Err(anyhow!(m)),
        export::Error::Refused(list) if format == ExportFormat::Json => {
            let items: Vec<serde_json::Value> = list
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "event_type": r.event_type,
                        "file": r.file.to_string_lossy().replace('\\', "/"),
                        "line": r.position.map(|p| p.line),
                        "column": r.position.map(|p| p.column),
                        "pointer": r.pointer,
                        "keyword": r.keyword,
                        "reason": r.reason,
                    })
                })
                .collect();
            report(target, &[], &[], &items)?;
            Ok(Outcome::Failure)
        }
        export::Error::Refused(list) => {
            for r in &list {
                eprintln!("error: {r}");
            }
            eprintln!(
                "{} event type{} cannot be exported losslessly; nothing was written",
                list.len(),
                if list.len() == 1 { "" } else { "s" }
            );
            Ok(Outcome::Failure)
        }
    }
}

/// The catalog, its document model (channels, domains, names from `[render]`) and the
/// sample events under DIR/examples/.
fn load(
    dir: &Path,
    loaded: &Loaded,
) -> anyhow::Result<(Catalog, render::CatalogDoc, Vec<Example>)> {
    if !dir.is_dir() {
        bail!(
            "{}: not a catalog folder (evschema export TARGET [DIR], default schemas/)",
            dir.display()
        );
    }
    let catalog = Catalog::load(dir).map_err(|e| anyhow!(e))?;
    let options = crate::cmd::render::options(&loaded.config.render);
    let doc = render::build_with(&catalog, &options).map_err(|e| anyhow!(e))?;
    if !doc
        .events
        .iter()
        .any(|e| e.kind == render::model::Kind::EventType)
    {
        bail!(
            "{}: nothing to export: no schema routes an event type",
            dir.display()
        );
    }
    let samples = samples(dir)?;
    Ok((catalog, doc, samples))
}

/// The events of DIR/examples/ (`.ndjson`/`.jsonl` one per line, `.json` one event or an
/// array of them), named `examples/FILE:LINE` (`examples/FILE#/N` inside an array). A line
/// that is not JSON is no event and is left out: it cannot be checked against any schema.
fn samples(dir: &Path) -> anyhow::Result<Vec<Example>> {
    let root = dir.join(crate::catalog::EXAMPLES);
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walk = evschema_core::files::Walker::new(|name| {
        matches!(
            Path::new(name).extension().and_then(|e| e.to_str()),
            Some("json" | "ndjson" | "jsonl")
        )
    })
    .guard_root()
    .walk(&root);
    if let Some(problem) = walk
        .problems
        .iter()
        .find(|p| !matches!(p, evschema_core::files::WalkProblem::LinkLoop { .. }))
    {
        bail!("{}: cannot read: {problem}", problem.path().display());
    }
    for found in &walk.files {
        let path = found.path.as_path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let text =
            crate::catalog::read_text(path).map_err(|m| anyhow!("{}: {m}", path.display()))?;
        if ext == "json" {
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(serde_json::Value::Array(items)) => {
                    for (i, value) in items.into_iter().enumerate() {
                        out.push(Example {
                            source: format!("{rel}#/{i}"),
                            value,
                        });
                    }
                }
                Ok(value) => out.push(Example { source: rel, value }),
                Err(_) => {}
            }
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if let Ok(value) = serde_json::from_str(line) {
                out.push(Example {
                    source: format!("{rel}:{}", n + 1),
                    value,
                });
            }
        }
    }
    Ok(out)
}

/// How a folder target is written or checked.
struct Folder<'a> {
    target: &'a str,
    check: bool,
    format: ExportFormat,
    /// The command that regenerates the folder, for the stale message.
    hint: &'a str,
}

/// Writes (or with `check`, compares) the files of a folder target; `ours` tells which
/// other `.json` files in the folder an earlier export wrote (leftovers to remove).
fn folder(
    dir: &Path,
    files: &[OutFile],
    how: &Folder,
    ours: impl Fn(&[u8]) -> bool,
) -> anyhow::Result<Outcome> {
    let json = how.format == ExportFormat::Json;
    let leftovers = leftovers(dir, files, &ours)?;
    if how.check {
        let stale = {
            let mut stdout = io::stdout().lock();
            let mut sink = io::sink();
            let out: &mut dyn Write = if json { &mut sink } else { &mut stdout };
            crate::cmd::render::check_folder(
                files
                    .iter()
                    .map(|f| (dir.join(&f.name), f.bytes.as_slice())),
                &leftovers,
                "written by an earlier export, for an event type the catalog no longer has",
                out,
            )?
        };
        if json {
            report(how.target, &[], &stale, &[])?;
        } else if !stale.is_empty() {
            eprintln!(
                "{} file{} stale in {}: regenerate with `{}`",
                stale.len(),
                if stale.len() == 1 { " is" } else { "s are" },
                dir.display(),
                how.hint
            );
        }
        return Ok(if stale.is_empty() {
            Outcome::Success
        } else {
            Outcome::Failure
        });
    }
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    for f in files {
        write_atomic(&dir.join(&f.name), &f.bytes)?;
    }
    for p in leftovers {
        std::fs::remove_file(&p)
            .with_context(|| format!("{}: cannot remove a stale request", p.display()))?;
    }
    if json {
        let written: Vec<String> = files
            .iter()
            .map(|f| dir.join(&f.name).display().to_string())
            .collect();
        report(how.target, &written, &[], &[])?;
    }
    Ok(Outcome::Success)
}

fn leftovers(
    dir: &Path,
    files: &[OutFile],
    ours: &impl Fn(&[u8]) -> bool,
) -> anyhow::Result<Vec<PathBuf>> {
    crate::cmd::render::stale_outputs(
        dir,
        ".json",
        |name| files.iter().any(|f| f.name == name),
        ours,
    )
}
