//! evschema: lint, validate, diff and render JSON Schema event contracts.
//!
//! The binary's library: settings, commands and printers over the `evschema-core` engines.
//! Every command lives in [`cmd`] and returns an [`Outcome`], and only `main.rs` turns it
//! into an exit code.

pub mod atomic;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod git;
pub mod print;

// The engines live in the evschema-core crate; re-exported so that `evschema::catalog` and
// friends keep working for the tests and for anyone who links the binary's library.
pub use evschema_core::{
    catalog, compat, diag, envelope, export, formats, lint, pairing, pointer, refs, render, replay,
    routing, spans, validate,
};

/// `--version` text: the version and the JSON Schema drafts supported.
pub const VERSION_LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nJSON Schema drafts: draft-04, draft-06, draft-07 (default), 2019-09, 2020-12"
);

/// What a command concluded; errors that stop a command are `anyhow::Error` (exit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: no errors, every instance valid, compatible, up to date.
    Success,
    /// Exit 1: the check failed.
    Failure,
}

/// Whether to colour output written to stdout, decided once per run.
pub fn use_color(choice: cli::ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// The whole command line: parses `args` (the program name first), runs the command, prints
/// its error, and returns the exit code (DESIGN.md). The `evschema` binary is this function;
/// the Python wheel's `evschema` command runs it in-process.
pub fn main_with_args<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::Parser;
    use std::io::{self, Write};

    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cmd::run(cli) {
        Ok(Outcome::Success) => 0,
        Ok(Outcome::Failure) => 1,
        Err(err) => {
            // `validate --format json | head` closes the pipe early: that is not an error.
            if err.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return 0;
            }
            let _ = writeln!(io::stderr(), "error: {err:#}");
            2
        }
    }
}
