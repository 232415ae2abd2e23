//! Help, version, man page and terminal manners, on the real binary.

use std::process::Stdio;

use crate::support::*;

fn run(args: &[&str]) -> (i32, String, String) {
    Run::of(bin_in(&root()).args(args)).parts()
}

fn subcommands() -> Vec<String> {
    let (_, help, _) = run(&["--help"]);
    let mut names = Vec::new();
    let mut in_commands = false;
    for line in help.lines() {
        if line.starts_with("Commands:") {
            in_commands = true;
            continue;
        }
        if in_commands {
            if !line.starts_with("  ") {
                break;
            }
            // continuation lines of a wrapped description are indented further
            if line.starts_with("   ") {
                continue;
            }
            let name = line.split_whitespace().next().unwrap_or("");
            if name != "help" {
                names.push(name.to_owned());
            }
        }
    }
    names
}

#[test]
fn version_names_the_supported_drafts() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with(&format!("evschema {}\n", env!("CARGO_PKG_VERSION"))));
    assert!(out.contains("draft-04, draft-06, draft-07 (default), 2019-09, 2020-12"));
}

#[test]
fn every_subcommand_help_teaches_with_examples() {
    let names = subcommands();
    assert!(names.len() >= 4, "{names:?}");
    for name in names {
        let (code, out, _) = run(&[&name, "--help"]);
        assert_eq!(code, 0, "{name}");
        assert!(
            out.contains("Examples:\n  evschema "),
            "{name} --help has no examples:\n{out}"
        );
    }
}

#[test]
fn unknown_flags_exit_2_and_help_exits_0() {
    assert_eq!(run(&["--no-such-flag"]).0, 2);
    assert_eq!(run(&["validate", "--no-such-flag"]).0, 2);
    assert_eq!(run(&["--help"]).0, 0);
    assert_eq!(run(&[]).0, 2);
}

#[test]
fn man_page_has_its_sections_and_renders() {
    let (code, page, _) = run(&["man"]);
    assert_eq!(code, 0);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH VERSION",
    ] {
        assert!(page.contains(section), "missing {section}");
    }
    assert!(page.contains(".TH evschema 1"));
    // rendered by the real man(1) where it is installed
    if let Ok(mut child) = std::process::Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("NAME"), "{text}");
        assert!(
            text.contains("evschema - Lint, validate, diff and render"),
            "{text}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = run(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    for name in subcommands() {
        assert!(
            dir.path().join(format!("evschema-{name}.1")).exists(),
            "{name}"
        );
    }
}

#[test]
fn quiet_prints_nothing_but_errors_in_every_command() {
    // a passing run prints nothing at all
    for args in [
        &["-q", "validate", "schemas/examples/valid.ndjson"][..],
        &["-q", "lint", "schemas"][..],
        &["-q", "diff", "schemas", "schemas"][..],
        &["-q", "render", "-o", "docs/CATALOG.md", "--check"][..],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        assert_eq!(out, "", "{args:?}");
        assert_eq!(err, "", "{args:?}");
    }
    // lint -q keeps errors and drops warnings and the summary
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("sns_topics");
    std::fs::create_dir_all(&cat).unwrap();
    std::fs::write(
        cat.join("a_created.json"),
        r#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["nope"], "properties": {"event_type": {"const": "a.created"}}}"#,
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, loud, _) = run(&["lint", d]);
    let (qcode, quiet, _) = run(&["-q", "lint", d]);
    assert_eq!((code, qcode), (1, 1));
    assert!(
        loud.contains("warning[") && loud.contains("lint failed"),
        "{loud}"
    );
    assert!(quiet.contains("error[E102]"), "{quiet}");
    assert!(!quiet.contains("warning["), "{quiet}");
    assert!(!quiet.contains("lint failed"), "{quiet}");
}
