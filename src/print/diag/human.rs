//! `--format human`: rustc-like, with the offending source line and a caret.
//!
//! ```text
//! error[E102]: "foo" is required but not defined in properties (required-not-in-properties)
//!   --> schemas/sns_topics/x.json:12:7
//!    |
//! 12 |       "foo"
//!    |       ^
//!    = help: ...
//! ```

use std::io::{self, Write};

use colored::Colorize;

use super::SourceLines;
use crate::diag::{Finding, Severity, Summary};

pub fn render(
    out: &mut dyn Write,
    findings: &[Finding],
    summary: Summary,
    sources: &dyn SourceLines,
    quiet: bool,
) -> io::Result<()> {
    // -q: errors only, no summary line
    for f in findings
        .iter()
        .filter(|f| !quiet || f.severity == Severity::Error)
    {
        let head = format!("{}[{}]", f.severity.as_str(), f.code);
        let head = match f.severity {
            Severity::Error => head.red().bold(),
            Severity::Warning => head.yellow().bold(),
        };
        writeln!(
            out,
            "{head}: {} {}",
            f.message.bold(),
            format!("({})", f.name).dimmed()
        )?;
        let gutter = f.line.to_string().len();
        let pad = " ".repeat(gutter);
        writeln!(
            out,
            "{pad}{} {}:{}:{}",
            "-->".blue().bold(),
            f.file,
            f.line,
            f.column
        )?;
        if let Some(text) = sources.line(&f.file, f.line) {
            let bar = "|".blue().bold();
            writeln!(out, "{pad} {bar}")?;
            writeln!(out, "{} {bar} {}", f.line.to_string().blue().bold(), text)?;
            // The caret goes under column `column` (characters); keep tabs so it lines up.
            let lead: String = text
                .chars()
                .take(f.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let caret = match f.severity {
                Severity::Error => "^".red().bold(),
                Severity::Warning => "^".yellow().bold(),
            };
            writeln!(out, "{pad} {bar} {lead}{caret}")?;
        }
        if !f.pointer.is_empty() {
            writeln!(out, "{pad} {} at {}", "=".blue().bold(), f.pointer)?;
        }
        if !f.help.is_empty() {
            writeln!(out, "{pad} {} {}", "= help:".blue().bold(), f.help)?;
        }
        writeln!(out)?;
    }
    if quiet {
        return Ok(());
    }
    let files = format!(
        "{} file{}",
        summary.files,
        if summary.files == 1 { "" } else { "s" }
    );
    let counts = format!(
        "{} error{}, {} warning{}",
        summary.errors,
        if summary.errors == 1 { "" } else { "s" },
        summary.warnings,
        if summary.warnings == 1 { "" } else { "s" }
    );
    if summary.errors > 0 {
        writeln!(out, "{}: {counts} in {files}", "lint failed".red().bold())
    } else if summary.warnings > 0 {
        writeln!(
            out,
            "{}: {counts} in {files}",
            "lint passed".yellow().bold()
        )
    } else {
        writeln!(out, "{}: {files} clean", "lint passed".green().bold())
    }
}
