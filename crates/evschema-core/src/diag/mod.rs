//! One diagnostic type for every command that reports findings, and a renderer per format.
//!
//! Core code builds [`Finding`]s; only the renderers under [`render`] write them out.

pub mod render;

use serde::Serialize;

/// How bad a finding is. The order matters: errors sort after warnings in `max()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding of `evschema lint`, located in a file (DESIGN.md `lint --format json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The path as the user gave it (or as found under a given folder), `/`-separated.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// JSON pointer of the offending value inside the file (`""` is the whole document).
    pub pointer: String,
    pub message: String,
    pub help: String,
}

impl Finding {
    /// The sort key of DESIGN.md: file, line, column, code (then message, for determinism).
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.code,
            &self.pointer,
            &self.message,
        )
    }
}

/// Counts printed with every report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn of(files: usize, findings: &[Finding]) -> Summary {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Summary {
            files,
            errors,
            warnings: findings.len() - errors,
        }
    }
}

/// Sorts findings as every output format prints them, dropping exact duplicates.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
}
