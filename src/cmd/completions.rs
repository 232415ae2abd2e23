//! `evschema completions SHELL`: generated from the clap definition.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, Shell};
use crate::Outcome;

/// Writes the completion script for `shell` to `out`.
pub fn generate(shell: Shell, out: &mut dyn Write) {
    let mut cmd = Cli::command();
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
        Shell::Elvish => clap_complete::Shell::Elvish,
    };
    clap_complete::generate(generator, &mut cmd, "evschema", out);
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut buf = Vec::new();
    generate(args.shell, &mut buf);
    std::io::stdout().lock().write_all(&buf)?;
    Ok(Outcome::Success)
}
