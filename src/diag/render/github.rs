//! `--format github`: GitHub Actions workflow commands, one line per finding.
//! `::error file=F,line=L,col=C,title=CODE name::message`

use std::io::{self, Write};

use crate::diag::{Finding, Severity, Summary};

/// Escapes the message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(out: &mut dyn Write, findings: &[Finding], _summary: Summary) -> io::Result<()> {
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = f.message.clone();
        if !f.help.is_empty() {
            message.push_str("\nhelp: ");
            message.push_str(&f.help);
        }
        writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            escape_property(&f.file),
            f.line,
            f.column,
            escape_property(&format!("{} {}", f.code, f.name)),
            escape_data(&message)
        )?;
    }
    Ok(())
}
