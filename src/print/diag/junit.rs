//! `--format junit`: JUnit XML, which Jenkins, GitLab, Azure Pipelines, CircleCI and
//! Buildkite show as test reports. One test case per linted file (a file without findings
//! passes), one `<failure>` per finding, warnings included with `type="warning"`.
//!
//! ```xml
//! <testsuites name="evschema lint" tests="2" failures="1">
//!   <testsuite name="evschema lint" tests="2" failures="1">
//!     <testcase classname="evschema.lint" name="sns_topics/a.json">
//!       <failure type="E102" message="...">sns_topics/a.json:12:7 ...</failure>
//!     </testcase>
//! ```

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::diag::Finding;

/// Escapes text and attribute values; drops the control characters XML 1.0 forbids.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// `files`: every linted file (display paths), with or without findings.
pub fn render(out: &mut dyn Write, findings: &[Finding], files: &[String]) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in files {
        by_file.entry(f.as_str()).or_default();
    }
    for f in findings {
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    let failing = by_file.values().filter(|v| !v.is_empty()).count();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"evschema lint\" tests=\"{}\" failures=\"{failing}\" errors=\"0\">",
        by_file.len()
    )?;
    writeln!(
        out,
        "  <testsuite name=\"evschema lint\" tests=\"{}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\">",
        by_file.len()
    )?;
    for (file, list) in &by_file {
        if list.is_empty() {
            writeln!(
                out,
                "    <testcase classname=\"evschema.lint\" name=\"{}\"/>",
                esc(file)
            )?;
            continue;
        }
        writeln!(
            out,
            "    <testcase classname=\"evschema.lint\" name=\"{}\">",
            esc(file)
        )?;
        for f in list {
            let mut body = format!(
                "{}:{}:{} {} {} {} ({})",
                f.file,
                f.line,
                f.column,
                f.severity.as_str(),
                f.code,
                f.message,
                f.name
            );
            if !f.pointer.is_empty() {
                body.push_str(&format!("\nat {}", f.pointer));
            }
            if !f.help.is_empty() {
                body.push_str(&format!("\nhelp: {}", f.help));
            }
            writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}: {}\">{}</failure>",
                esc(f.code),
                esc(f.severity.as_str()),
                esc(&f.message),
                esc(&body)
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
