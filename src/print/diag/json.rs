//! `--format json`: one object, `{"findings":[...],"summary":{...}}` (DESIGN.md).

use std::io::{self, Write};

use serde::Serialize;

use crate::diag::{Finding, Summary};

#[derive(Serialize)]
struct Report<'a> {
    findings: &'a [Finding],
    summary: Summary,
}

pub fn render(out: &mut dyn Write, findings: &[Finding], summary: Summary) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Report { findings, summary })?;
    writeln!(out)
}
