//! `--format github`: GitHub Actions workflow commands, one line per finding.
//! `::error file=F,line=L,col=C,title=CODE name::message`

use std::io::{self, Write};

use crate::diag::{Finding, Severity, Summary};

/// Escapes the message part of a workflow command (the one GitHub-annotation escaper:
/// lint's and validate's `--format github` both use it).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_messages_are_escaped() {
        let f = Finding {
            file: "odd,name:1.json".to_owned(),
            line: 3,
            column: 5,
            code: "E102",
            name: "required-not-in-properties",
            severity: Severity::Error,
            pointer: "/required/0".to_owned(),
            message: "50% of\nthis".to_owned(),
            help: String::new(),
        };
        let mut out = Vec::new();
        render(&mut out, &[f], Summary::of(1, &[])).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=odd%2Cname%3A1.json,line=3,col=5,title=E102 required-not-in-properties::50%25 of%0Athis\n"
        );
    }
}
