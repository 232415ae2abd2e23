//! What the renderers need to know about rules and source text. The renderers themselves
//! (human, json, github, sarif) are the binary's, one file per format.

/// What a renderer needs to know about a rule (SARIF lists them in `tool.driver.rules`).
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub doc: &'static str,
    pub default_severity: super::Severity,
}

/// Gives the text of line `line` (1-based) of `file`, for the source excerpt of human output.
pub trait SourceLines {
    fn line(&self, file: &str, line: usize) -> Option<String>;
}

/// No source available (tests, or when files vanished).
pub struct NoSource;

impl SourceLines for NoSource {
    fn line(&self, _: &str, _: usize) -> Option<String> {
        None
    }
}
