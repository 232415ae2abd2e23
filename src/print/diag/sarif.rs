//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it: `tool.driver.rules`
//! with the rule codes as ids, and one result per finding with `ruleId`, `ruleIndex`, `level`
//! and a `physicalLocation` (relative `artifactLocation.uri`, `region.startLine/startColumn`).

use std::io::{self, Write};

use serde_json::{json, Value};

use super::RuleMeta;
use crate::diag::{Finding, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative URI reference for a path: `/` separators, spaces and `%` escaped.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        match c {
            '%' => out.push_str("%25"),
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    if out.starts_with('/') {
        // An absolute path (the user linted one): a file URI, not a relative reference.
        format!("file://{out}")
    } else {
        out.trim_start_matches("./").to_owned()
    }
}

pub fn document(findings: &[Finding], rules: &[RuleMeta]) -> Value {
    let driver_rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.doc},
                "help": {"text": r.doc},
                "defaultConfiguration": {"level": level(r.default_severity)},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            if !f.help.is_empty() {
                text.push_str("\nhelp: ");
                text.push_str(&f.help);
            }
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.file)},
                        "region": {"startLine": f.line, "startColumn": f.column}
                    },
                    "logicalLocations": [{"fullyQualifiedName": f.pointer, "kind": "member"}]
                }],
            });
            if let Some(i) = rules.iter().position(|r| r.code == f.code) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "evschema",
                "informationUri": "https://github.com/evschema/evschema",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": driver_rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

pub fn render(out: &mut dyn Write, findings: &[Finding], rules: &[RuleMeta]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(findings, rules))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_relative_references_or_file_urls() {
        assert_eq!(super::uri("./schemas/a b.json"), "schemas/a%20b.json");
        assert_eq!(super::uri("/tmp/x#1.json"), "file:///tmp/x%231.json");
    }
}
