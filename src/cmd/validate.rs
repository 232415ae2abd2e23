//! `evschema validate`: arguments in, outcome out.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context};

use crate::catalog::Catalog;
use crate::cli::{ValidateArgs, ValidateFormat};
use crate::print::validate::{self, Format, Settings};
use crate::validate::engine::{Engine, EngineOptions};
use crate::validate::input;
use crate::Outcome;

pub fn run(args: ValidateArgs, color: bool) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut inputs = args.inputs.clone();
    if inputs.is_empty() {
        if io::stdin().is_terminal() {
            bail!(
                "no input given: name files or folders of events (e.g. `evschema validate schemas/examples`), or pipe NDJSON into `evschema validate -`"
            );
        }
        inputs.push(PathBuf::from("-"));
    }
    let options = EngineOptions {
        assert_formats: !args.no_format_assertion,
        redact: args.redact,
    };
    let engine = match &args.schema {
        Some(file) => engine_for_schema(file, options)?,
        None => {
            let dir = args
                .catalog
                .clone()
                .unwrap_or_else(|| PathBuf::from("schemas"));
            engine_for_catalog(&dir, options)?
        }
    };
    let input::Expanded {
        sources,
        passed_over,
        link_loops,
    } = input::expand(&inputs, args.array)
        .map_err(|(path, msg)| anyhow!("{}: {msg}", path.display()))?;
    for link in link_loops.iter().filter(|_| !args.quiet) {
        eprintln!(
            "warning: {}: symbolic link loop, not followed (the files it leads to are read once, from where they are)",
            link.display()
        );
    }
    if !passed_over.is_empty() && !args.quiet {
        let names: Vec<String> = passed_over
            .iter()
            .take(5)
            .map(|p| p.display().to_string())
            .collect();
        let more = if passed_over.len() > 5 {
            format!(" and {} more", passed_over.len() - 5)
        } else {
            String::new()
        };
        eprintln!(
            "note: passed over {} file{} not ending in .json, .ndjson or .jsonl: {}{more}",
            passed_over.len(),
            if passed_over.len() == 1 { "" } else { "s" },
            names.join(", ")
        );
    }
    let format = match args.format {
        ValidateFormat::Human => Format::Human,
        ValidateFormat::Json => Format::Json,
        ValidateFormat::Github => Format::Github,
    };
    let settings = Settings {
        format,
        color,
        quiet: args.quiet,
        verbose: args.verbose,
        jobs: args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }),
        max_event_bytes: args.max_event_bytes.unwrap_or(64 * 1024 * 1024),
        progress: !args.quiet && io::stderr().is_terminal(),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let result = validate::run(&sources, &engine, settings, &mut out).map_err(|e| match e {
        validate::Fatal::Write(io) => anyhow::Error::new(io).context("cannot write output"),
        other => anyhow!(other),
    })?;
    let summary = result.summary;
    if !args.quiet {
        let line = validate::summary_line(&summary, started.elapsed().as_millis());
        if format == Format::Human {
            writeln!(out, "{line}").context("cannot write output")?;
        } else {
            eprintln!("{line}");
        }
        if summary.valid + summary.invalid == 0 && result.read_errors.is_empty() {
            eprintln!("warning: no events found in the inputs given");
        }
    }
    out.flush().context("cannot write output")?;
    // the process ends next: freeing every compiled schema one by one is wasted start-up time
    std::mem::forget(engine);
    if !result.read_errors.is_empty() {
        bail!("{}", result.read_errors.join("\n"));
    }
    Ok(if summary.invalid > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// An engine for `--schema FILE`: its `$ref`s resolve inside the catalog the file sits in
/// (the folder above its channel folder), never outside it.
fn engine_for_schema(file: &Path, options: EngineOptions) -> anyhow::Result<Engine> {
    if file.is_dir() {
        bail!(
            "{}: --schema takes a schema file; use --catalog for a folder",
            file.display()
        );
    }
    let (catalog, index) = Catalog::load_for_file(file)?;
    Ok(Engine::for_schema(catalog, index, options)?)
}

/// An engine that routes through the catalog at `dir` (exit 2 when it cannot be loaded or
/// routes nothing).
pub fn engine_for_catalog(dir: &Path, options: EngineOptions) -> anyhow::Result<Engine> {
    let catalog = Catalog::load(dir).map_err(|e| {
        if !dir.exists() {
            anyhow!(
                "the catalog folder {} does not exist: pass --catalog DIR, or --schema FILE to validate against one schema",
                dir.display()
            )
        } else {
            anyhow!(e)
        }
    })?;
    engine_from(catalog, dir, options)
}

/// An engine over a loaded catalog (from disk or a git revision) that must route something.
pub fn engine_from(catalog: Catalog, dir: &Path, options: EngineOptions) -> anyhow::Result<Engine> {
    if catalog.events.is_empty() {
        bail!(
            "the catalog at {} routes no event type: no schema there has properties.event_type with a const or enum",
            dir.display()
        );
    }
    Ok(Engine::for_catalog(catalog, options)?)
}
