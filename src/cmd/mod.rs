//! One module per subcommand: arguments in, [`Outcome`] out.

pub mod completions;
pub mod diff;
pub mod export;
pub mod lint;
pub mod man;
pub mod new_major;
pub mod render;
pub mod replay;
pub mod route;
pub mod validate;
pub mod whatif;

use crate::cli::{Cli, Command};
use crate::config;
use crate::Outcome;

/// Runs the parsed command line: settings from `evschema.toml` fill in what the command line
/// leaves out, then one command runs.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let color = crate::use_color(cli.color);
    colored::control::set_override(color);
    let loaded = config::for_run(cli.config.as_deref(), cli.no_config)?;
    let cfg = &loaded.config;
    match cli.command {
        Command::Validate(mut args) => {
            args.quiet = cli.quiet;
            if args.catalog.is_none() && args.schema.is_none() {
                args.catalog = Some(loaded.catalog());
            }
            if args.inputs.is_empty() {
                args.inputs = cfg.validate.inputs.iter().map(|p| loaded.path(p)).collect();
            }
            args.no_format_assertion |= cfg.validate.format_assertion == Some(false);
            args.redact |= cfg.validate.redact == Some(true);
            args.max_event_bytes = args.max_event_bytes.or(cfg.validate.max_event_bytes);
            let routing = &cfg.routing;
            args.envelope = args.envelope.or(routing.envelope);
            args.route_key = args.route_key.or_else(|| routing.key.clone());
            args.version_key = args.version_key.or_else(|| routing.version_key.clone());
            args.no_unwrap |= routing.unwrap == Some(false);
            args.naming = routing.naming.clone();
            let mut sources = validate::parse_maps(&args.maps)?;
            sources.resolve = args.resolve.clone();
            let from_config = loaded.ref_sources();
            sources.maps.extend(from_config.maps);
            sources.resolve.extend(from_config.resolve);
            validate::run(args, color, &sources)
        }
        Command::Lint(mut args) => {
            args.quiet = cli.quiet;
            lint::run(args, &loaded)
        }
        Command::Diff(mut args) => {
            args.quiet = cli.quiet;
            args.mode = args.mode.or(cfg.diff.mode);
            args.policy = args.policy.or(cfg.diff.policy);
            args.accept = cfg.diff.accept.clone();
            args.support_window = cfg.policy.support_window.clone();
            args.refs = loaded.ref_sources();
            if args.paths.is_empty() && args.against.is_none() {
                args.against = cfg.diff.against.clone();
            }
            if args.against.is_some() && args.paths.is_empty() {
                args.paths = vec![loaded.catalog()];
            }
            diff::run(args, color, lint::envelope_spec(&loaded))
        }
        Command::NewMajor(mut args) => {
            if args.dir.is_none() {
                args.dir = Some(loaded.catalog());
            }
            new_major::run(args)
        }
        Command::Render(mut args) => {
            if args.dir.is_none() {
                args.dir = Some(loaded.catalog());
            }
            if args.output.is_none() && args.split.is_none() {
                args.output = cfg.render.output.as_deref().map(|p| loaded.path(p));
                if args.output.is_none() {
                    args.split = cfg.render.split.as_deref().map(|p| loaded.path(p));
                }
            }
            if args.output.as_deref() == Some(std::path::Path::new("-")) {
                args.output = None;
            }
            render::run(
                args,
                &cfg.render,
                &cfg.diff,
                &loaded.ref_sources(),
                &lint::envelope_spec(&loaded),
            )
        }
        Command::Replay(mut args) => {
            args.quiet = cli.quiet;
            if args.catalog.is_none() {
                args.catalog = Some(loaded.catalog());
            }
            args.no_format_assertion |= cfg.validate.format_assertion == Some(false);
            args.redact |= cfg.validate.redact == Some(true);
            args.max_event_bytes = args.max_event_bytes.or(cfg.validate.max_event_bytes);
            args.routing = cfg.routing.clone();
            replay::run(*args, color, &loaded.ref_sources())
        }
        Command::Route(mut args) => {
            args.quiet = cli.quiet;
            if args.catalog.is_none() {
                args.catalog = Some(loaded.catalog());
            }
            args.max_event_bytes = args.max_event_bytes.or(cfg.validate.max_event_bytes);
            args.routing = cfg.routing.clone();
            args.subscriptions = cfg.subscriptions.clone();
            route::run(args, color, &loaded.ref_sources())
        }
        Command::Export(args) => export::run(args, &loaded),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}
