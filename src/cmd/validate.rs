//! `evschema validate`: arguments in, outcome out.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context};

use crate::catalog::Catalog;
use crate::cli::{EnvelopeChoice, ValidateArgs, ValidateFormat};
use crate::print::validate::{self, Format, Settings};
use crate::refs::RefSources;
use crate::routing::{Envelope, NamingRule, RouteSpec};
use crate::validate::engine::{Engine, EngineOptions, OpenError, Setup};
use crate::validate::input;
use crate::Outcome;

/// `--map PREFIX=DIR` values as ref sources.
pub fn parse_maps(maps: &[String]) -> anyhow::Result<RefSources> {
    let mut sources = RefSources::default();
    for m in maps {
        let Some((prefix, dir)) = m.split_once('=') else {
            bail!("--map {m}: expected PREFIX=DIR (e.g. --map https://example.com/schemas/=vendor/schemas)");
        };
        if prefix.is_empty() || dir.is_empty() {
            bail!("--map {m}: expected PREFIX=DIR with neither side empty");
        }
        if !Path::new(dir).is_dir() {
            bail!("--map {m}: {dir} is not a folder");
        }
        sources.maps.push((prefix.to_owned(), PathBuf::from(dir)));
    }
    Ok(sources)
}

pub fn run(args: ValidateArgs, color: bool, sources: &RefSources) -> anyhow::Result<Outcome> {
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
    let spec = route_spec(&args);
    spec.check().map_err(|e| anyhow!("{e}"))?;
    let engine = match &args.schema {
        Some(file) => engine_for_schema(file, args.catalog.as_deref(), sources, &spec, options)?,
        None => {
            let dir = args
                .catalog
                .clone()
                .unwrap_or_else(|| PathBuf::from("schemas"));
            engine_for_catalog(&dir, &spec, sources, options)?
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
    if summary.schemas > 0 {
        let hint = schema_hint(&result.schema_files, summary.schemas);
        if summary.valid + summary.invalid == 0 && result.read_errors.is_empty() {
            out.flush().context("cannot write output")?;
            bail!("{hint}");
        }
        if !args.quiet {
            eprintln!("note: {hint}; they were passed over");
        }
    }
    if !args.quiet {
        let line = validate::summary_line(&summary, started.elapsed().as_millis());
        if format == Format::Human {
            writeln!(out, "{line}").context("cannot write output")?;
        } else {
            eprintln!("{line}");
        }
        if summary.valid + summary.invalid == 0
            && result.read_errors.is_empty()
            && summary.schemas == 0
        {
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

/// The routing settings: flags over evschema.toml over the envelope preset (the flags
/// already hold what evschema.toml set, see `config`).
fn route_spec(args: &ValidateArgs) -> RouteSpec {
    route_spec_of(
        args.envelope,
        args.route_key.as_deref(),
        args.version_key.as_deref(),
        !args.no_unwrap,
        &args.naming,
    )
}

/// A [`RouteSpec`] from the routing settings, wherever they were read: the envelope's
/// preset, then the route key, the version key (`none` or empty: route by type only),
/// unwrapping and the naming rules over it.
fn route_spec_of(
    envelope: Option<EnvelopeChoice>,
    route_key: Option<&str>,
    version_key: Option<&str>,
    unwrap: bool,
    naming: &[crate::config::NamingConfig],
) -> RouteSpec {
    let envelope = match envelope {
        None | Some(EnvelopeChoice::Plain) => Envelope::Plain,
        Some(EnvelopeChoice::Cloudevents) => Envelope::CloudEvents,
        Some(EnvelopeChoice::Eventbridge) => Envelope::EventBridge,
    };
    let mut spec = RouteSpec::for_envelope(envelope);
    if let Some(k) = route_key {
        spec.type_key = k.to_owned();
    }
    match version_key {
        Some("none" | "") => spec.version_key = None,
        Some(k) => spec.version_key = Some(k.to_owned()),
        None => {}
    }
    spec.unwrap = unwrap;
    spec.naming = naming
        .iter()
        .map(|n| NamingRule {
            files: n.files.clone(),
            name: n.name.clone(),
            body: n.body.clone(),
        })
        .collect();
    spec
}

/// The one line said instead of a result per schema file given as an event.
fn schema_hint(names: &[String], count: u64) -> String {
    if count == 1 {
        let name = names.first().map(String::as_str).unwrap_or("the input");
        return format!(
            "{name} is a JSON Schema, not an event: to validate events against it, pass it with --schema FILE (or its catalog folder with --catalog DIR); to check the schema itself, run `evschema lint {name}`"
        );
    }
    let more = if count > names.len() as u64 {
        format!(" and {} more", count - names.len() as u64)
    } else {
        String::new()
    };
    format!(
        "{count} inputs are JSON Schemas, not events ({}{more}): to validate events against them, pass their folder with --catalog DIR; to check the schemas themselves, run `evschema lint DIR`",
        names.join(", ")
    )
}

/// An engine that validates everything against the schema `file`, its refs resolved in
/// `catalog` (default: [`crate::config::catalog_of`] the file) and `sources` (exit 2 when it cannot).
fn engine_for_schema(
    file: &Path,
    catalog: Option<&Path>,
    sources: &RefSources,
    spec: &RouteSpec,
    options: EngineOptions,
) -> anyhow::Result<Engine> {
    let root = catalog.map_or_else(|| crate::config::catalog_of(file), Path::to_owned);
    let setup = setup(spec, sources, options);
    Engine::open_schema_with(file, Some(&root), &setup).map_err(|e| match e {
        OpenError::Bundle(b)
            if catalog.is_none() && matches!(b.error, crate::catalog::RefError::NotFound(_)) =>
        {
            anyhow!(
                "{b}\nhint: the refs of --schema resolve in {}; pass --catalog DIR to resolve them in a larger folder",
                root.display()
            )
        }
        e => anyhow!(e),
    })
}

fn setup(spec: &RouteSpec, sources: &RefSources, options: EngineOptions) -> Setup {
    Setup {
        route: spec.clone(),
        refs: sources.clone(),
        options,
    }
}

/// An engine that routes through the catalog at `dir` with `spec` (exit 2 when it cannot
/// be loaded or routes nothing).
pub fn engine_for_catalog(
    dir: &Path,
    spec: &RouteSpec,
    sources: &RefSources,
    options: EngineOptions,
) -> anyhow::Result<Engine> {
    Engine::open_catalog_with(dir, &setup(spec, sources, options)).map_err(|e| open_error(e, spec))
}

/// An engine over a loaded catalog (from disk or a git revision) that must route something.
pub fn engine_from(
    catalog: Catalog,
    spec: &RouteSpec,
    options: EngineOptions,
) -> anyhow::Result<Engine> {
    Engine::open_loaded_with(catalog, &setup(spec, &RefSources::default(), options))
        .map_err(|e| open_error(e, spec))
}

/// The command's words for a catalog that does not open: which flags to reach for.
fn open_error(e: OpenError, spec: &RouteSpec) -> anyhow::Error {
    match e {
        OpenError::NoEventTypes(dir) if *spec == RouteSpec::default() => anyhow!(
            "the catalog at {} routes no event type: no schema there has properties.event_type with a const or enum (for CloudEvents or EventBridge schemas pass --envelope; see docs/routing.md)",
            dir.display()
        ),
        OpenError::NoEventTypes(dir) => anyhow!(
            "the catalog at {} routes no event type: no schema there gives {} a const or enum{}",
            dir.display(),
            spec.type_key,
            if spec.naming.is_empty() {
                ""
            } else {
                ", and no file matches a [[routing.naming]] rule"
            }
        ),
        e => anyhow!(e),
    }
}

/// The routing settings of `replay` from evschema.toml's `[routing]` (the same table
/// `validate` reads).
pub fn route_spec_from_config(routing: &crate::config::RoutingConfig) -> RouteSpec {
    route_spec_of(
        routing.envelope,
        routing.key.as_deref(),
        routing.version_key.as_deref(),
        routing.unwrap != Some(false),
        &routing.naming,
    )
}
