//! One module per subcommand: arguments in, [`Outcome`] out.

pub mod completions;
pub mod diff;
pub mod lint;
pub mod man;
pub mod render;
pub mod validate;

use crate::cli::{Cli, Command};
use crate::Outcome;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let color = crate::use_color(cli.color);
    colored::control::set_override(color);
    match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Validate(args) => validate::run(args, color),
        Command::Diff(args) => diff::run(args, color),
        Command::Render(args) => render::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}
