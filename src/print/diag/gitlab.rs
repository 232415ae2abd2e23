//! `--format gitlab`: GitLab Code Quality, a JSON array of issues that GitLab shows in merge
//! requests (`artifacts: reports: codequality`): `description`, `check_name`, `fingerprint`,
//! `severity` (`major` for errors, `minor` for warnings) and `location.path` /
//! `location.lines.begin`.

use std::io::{self, Write};

use serde_json::json;

use crate::diag::{Finding, Severity};

/// A stable fingerprint: FNV-1a over file, code, pointer and message (128 bits as two
/// 64-bit halves with different offsets), hex. The same finding keeps its fingerprint
/// from run to run, so GitLab can tell new issues from fixed ones.
fn fingerprint(f: &Finding, nth: usize) -> String {
    let key = format!(
        "{}\0{}\0{}\0{}\0{nth}",
        f.file, f.code, f.pointer, f.message
    );
    let fnv = |offset: u64| {
        key.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x6c62_272e_07bb_0142)
    )
}

pub fn render(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    let mut issues = Vec::with_capacity(findings.len());
    for (i, f) in findings.iter().enumerate() {
        // identical findings (same file, code, pointer, message) get distinct fingerprints
        let nth = findings[..i]
            .iter()
            .filter(|g| {
                g.file == f.file
                    && g.code == f.code
                    && g.pointer == f.pointer
                    && g.message == f.message
            })
            .count();
        issues.push(json!({
            "description": format!("{} {}: {}", f.code, f.name, f.message),
            "check_name": f.code,
            "fingerprint": fingerprint(f, nth),
            "severity": match f.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            },
            "location": {"path": f.file, "lines": {"begin": f.line}},
        }));
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
