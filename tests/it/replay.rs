//! `evschema replay`, run as the real binary against a real HTTP receiver on 127.0.0.1.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Std, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

use crate::receiver::{Act, Receiver};
use crate::support::*;

fn evschema() -> Command {
    let mut cmd = bin_in(&root());
    cmd.env_remove("NO_COLOR")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy");
    cmd
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = evschema();
    cmd.args(args).envs(env.iter().copied());
    Run::of(cmd.timeout(Duration::from_secs(120)))
}

fn lines(path: &str) -> Vec<String> {
    fs::read_to_string(root().join(path))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn with_id(line: &str, id: &str) -> String {
    let mut v: Value = serde_json::from_str(line).unwrap();
    v["event_id"] = id.into();
    serde_json::to_string(&v).unwrap()
}

fn uuid(kind: u32, n: usize) -> String {
    format!("00000000-0000-4000-8{kind:03}-{n:012}")
}

/// `n` recorded events: the shipped valid examples with fresh ids, and every tenth one
/// an invalid example. Returns the text and the valid and invalid ids.
fn archive(n: usize) -> (String, BTreeSet<String>, BTreeSet<String>) {
    let valid = lines("schemas/examples/valid.ndjson");
    let invalid = lines("schemas/examples/invalid.ndjson");
    let (mut text, mut ok, mut bad) = (String::new(), BTreeSet::new(), BTreeSet::new());
    for i in 0..n {
        if i % 10 == 9 {
            let id = uuid(1, i);
            text.push_str(&with_id(&invalid[i / 10 % invalid.len()], &id));
            bad.insert(id);
        } else {
            let id = uuid(0, i);
            text.push_str(&with_id(&valid[i % valid.len()], &id));
            ok.insert(id);
        }
        text.push('\n');
    }
    (text, ok, bad)
}

fn outcomes(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn count(records: &[Value], outcome: &str) -> usize {
    records.iter().filter(|r| r["outcome"] == outcome).count()
}

/// The numbers of the summary line: read, delivered, filtered, invalid, failed.
fn summary(stderr: &str) -> [u64; 5] {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("replay to "))
        .unwrap_or_else(|| panic!("no summary in {stderr}"));
    let num = |word: &str| -> u64 {
        let before = line.split(&format!(" {word}")).next().unwrap();
        before
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("{word} in {line}"))
    };
    [
        num("read"),
        num("delivered"),
        num("filtered"),
        num("invalid"),
        num("failed"),
    ]
}

#[test]
fn http_delivers_every_valid_event_signed_and_no_invalid_one() {
    let rx = Receiver::start(Some(b"s3cret"));
    let dir = tempfile::tempdir().unwrap();
    let (text, ok, bad) = archive(60);
    let input = dir.path().join("dlq.ndjson");
    fs::write(&input, &text).unwrap();
    let r = run(
        &[
            "replay",
            input.to_str().unwrap(),
            "--to",
            &rx.url,
            "--secret-env",
            "HOOK_SECRET",
            "--format",
            "json",
        ],
        &[("HOOK_SECRET", "s3cret")],
    );
    assert_eq!(r.code, 1, "invalid events make exit 1: {}", r.stderr);
    let got = rx.got();
    let ids: BTreeSet<String> = got.iter().filter_map(|g| g.event_id.clone()).collect();
    assert_eq!(ids, ok, "every valid event, nothing else");
    assert_eq!(got.len(), ok.len(), "each once: nothing failed");
    assert!(got.iter().all(|g| g.signature_ok == Some(true)));
    assert!(got
        .iter()
        .all(|g| g.content_type.as_deref() == Some("application/json")));
    // the body is the event as recorded, in input order (concurrency 1)
    let sent: Vec<&str> = text
        .lines()
        .filter(|l| ok.iter().any(|id| l.contains(id.as_str())))
        .collect();
    let bodies: Vec<String> = got
        .iter()
        .map(|g| String::from_utf8(g.body.clone()).unwrap())
        .collect();
    assert_eq!(bodies, sent);
    for g in &got {
        let v: Value = serde_json::from_slice(&g.body).unwrap();
        assert_eq!(g.event_type.as_deref(), v["event_type"].as_str());
    }
    let records = outcomes(&r.stdout);
    assert_eq!(records.len(), 60, "one outcome per event read");
    assert_eq!(count(&records, "delivered"), ok.len());
    assert_eq!(count(&records, "invalid"), bad.len());
    let invalid = records.iter().find(|r| r["outcome"] == "invalid").unwrap();
    assert!(invalid["source"]
        .as_str()
        .unwrap()
        .ends_with("dlq.ndjson:10"));
    assert!(!invalid["errors"].as_array().unwrap().is_empty());
    assert_eq!(summary(&r.stderr), [60, 54, 0, 6, 0]);
}

#[test]
fn retries_on_503_429_drops_and_timeouts_but_not_on_4xx() {
    let rx = Receiver::start(None);
    let dir = tempfile::tempdir().unwrap();
    let (text, ok, _) = archive(9);
    let input = dir.path().join("events.ndjson");
    fs::write(&input, &text).unwrap();
    let ids: Vec<&String> = ok.iter().collect();
    rx.script(ids[0], vec![Act::Status(503), Act::Status(502)]);
    rx.script(ids[1], vec![Act::RetryAfter(429, 1)]);
    rx.script(ids[2], vec![Act::Drop]);
    rx.script(ids[3], vec![Act::Slow(Duration::from_secs(3))]);
    rx.script(ids[4], vec![Act::Status(400)]);
    rx.script(
        ids[5],
        vec![Act::Status(503), Act::Status(503), Act::Status(503)],
    );
    let started = Instant::now();
    let r = run(
        &[
            "replay",
            input.to_str().unwrap(),
            "--to",
            &rx.url,
            "--retries",
            "2",
            "--timeout",
            "1",
            "--format",
            "json",
        ],
        &[],
    );
    let took = started.elapsed();
    assert_eq!(r.code, 1, "{}", r.stderr);
    let records = outcomes(&r.stdout);
    let by_id: BTreeMap<&str, &Value> = records
        .iter()
        .map(|r| (r["event_id"].as_str().unwrap(), r))
        .collect();
    let rec = |i: usize| by_id[ids[i].as_str()];
    assert_eq!(rec(0)["outcome"], "delivered");
    assert_eq!(rec(0)["attempts"], 3);
    assert_eq!(rec(1)["outcome"], "delivered");
    assert_eq!(rec(1)["attempts"], 2);
    assert_eq!(rec(2)["outcome"], "delivered");
    assert_eq!(rec(2)["attempts"], 2);
    assert_eq!(rec(3)["outcome"], "delivered", "a slow answer is retried");
    assert_eq!(rec(3)["attempts"], 2);
    assert_eq!(rec(4)["outcome"], "failed", "400 is final");
    assert_eq!(rec(4)["attempts"], 1);
    assert_eq!(rec(4)["status"], 400);
    assert_eq!(rec(5)["outcome"], "failed", "retries exhausted");
    assert_eq!(rec(5)["attempts"], 3);
    assert_eq!(rec(5)["status"], 503);
    assert!(rec(5)["reason"]
        .as_str()
        .unwrap()
        .contains("retries exhausted"));
    // Retry-After: 1 was honoured
    assert!(took >= Duration::from_secs(1), "{took:?}");
    let got = rx.got();
    let tries = |i: usize| {
        got.iter()
            .filter(|g| g.event_id.as_deref() == Some(ids[i]))
            .count()
    };
    assert_eq!((tries(0), tries(1), tries(4), tries(5)), (3, 2, 1, 3));
    assert_eq!(summary(&r.stderr), [9, 7, 0, 0, 2]);
}

#[test]
fn sigkill_mid_run_then_resume_from_the_state_file_loses_nothing() {
    let rx = Receiver::start(None);
    rx.set_delay(Duration::from_millis(4));
    let dir = tempfile::tempdir().unwrap();
    let (text, ok, bad) = archive(600);
    let input = dir.path().join("archive.ndjson");
    fs::write(&input, &text).unwrap();
    let state = dir.path().join("replay.state");
    let args = [
        "replay",
        input.to_str().unwrap(),
        "--to",
        &rx.url,
        "--state",
        state.to_str().unwrap(),
        "--concurrency",
        "4",
        "--format",
        "json",
    ];
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("evschema"))
        .current_dir(root())
        .args(args)
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while rx.requests() < 150 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed mid-run");
    let before = rx.got().len();
    assert!(
        before >= 150 && before < ok.len(),
        "{before} requests before the kill"
    );

    let r = run(&args, &[]);
    assert_eq!(r.code, 1, "the invalid events: {}", r.stderr);
    let records = outcomes(&r.stdout);
    assert_eq!(records.len(), 600);
    let resumed = records.iter().filter(|r| r["resumed"] == true).count();
    assert!(resumed >= 100, "{resumed} resumed");
    let [read, delivered, filtered, invalid, failed] = summary(&r.stderr);
    assert_eq!(read, 600);
    assert_eq!(delivered + filtered + invalid + failed, read);
    assert_eq!(
        (delivered, invalid, failed),
        (ok.len() as u64, bad.len() as u64, 0)
    );

    let got = rx.got();
    let mut times: BTreeMap<String, usize> = BTreeMap::new();
    for g in &got {
        *times.entry(g.event_id.clone().unwrap()).or_default() += 1;
    }
    let ids: BTreeSet<String> = times.keys().cloned().collect();
    assert_eq!(ids, ok, "every valid event arrived, no invalid one");
    let twice = times.values().filter(|&&n| n > 1).count();
    assert!(
        twice <= 16,
        "{twice} sent twice: only those in flight at the kill"
    );
    // resumed events were not sent again in the second run
    assert_eq!(got.len() - before, ok.len() - resumed);

    // a third run has nothing left to send
    let r = run(&args, &[]);
    assert_eq!(r.code, 1);
    assert_eq!(rx.got().len(), got.len());
    assert_eq!(
        summary(&r.stderr),
        [600, ok.len() as u64, 0, bad.len() as u64, 0]
    );
}

#[test]
fn a_state_file_from_other_inputs_or_target_is_refused() {
    let rx = Receiver::start(None);
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = archive(5);
    let input = dir.path().join("a.ndjson");
    fs::write(&input, &text).unwrap();
    let state = dir.path().join("s.state");
    let (i, s) = (input.to_str().unwrap(), state.to_str().unwrap());
    let r = run(&["replay", i, "--to", &rx.url, "--state", s], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    fs::write(
        &input,
        text.replace("00000000-0000-4000-8000", "00000000-0000-4000-9000"),
    )
    .unwrap();
    let r = run(&["replay", i, "--to", &rx.url, "--state", s], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("belongs to other inputs"), "{}", r.stderr);
    fs::write(&input, &text).unwrap();
    let other = dir.path().join("out.ndjson");
    let r = run(
        &[
            "replay",
            i,
            "--to",
            &format!("file:{}", other.display()),
            "--state",
            s,
        ],
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("belongs to a replay to http://"),
        "{}",
        r.stderr
    );
    assert!(!other.exists());
    // standard input cannot be fingerprinted
    let r = run(&["replay", "-", "--to", &rx.url, "--state", s], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("standard input cannot be fingerprinted"));
    assert_eq!(rx.got().len(), 5);
}

#[test]
fn type_globs_and_time_window_filter_and_dry_run_sends_nothing() {
    let rx = Receiver::start(None);
    let r = run(
        &[
            "replay",
            "schemas/examples/valid.ndjson",
            "--to",
            &rx.url,
            "--type",
            "license.*",
            "--type",
            "cme.deadline.warning",
            "--since",
            "2024-12-15T09:00:00Z",
            "--until",
            "2024-12-15T11:00:00+01:00",
            "--dry-run",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(rx.got().is_empty(), "a dry run delivers nothing");
    let records = outcomes(&r.stdout);
    assert_eq!(records.len(), 47);
    for rec in &records {
        let t = rec["event_type"].as_str().unwrap();
        let ts = rec["source"].as_str().unwrap();
        let selected = t.starts_with("license.") || t == "cme.deadline.warning";
        if rec["outcome"] == "delivered" {
            assert!(selected, "{t} at {ts}");
            assert_eq!(rec["dry_run"], true);
        } else {
            assert_eq!(rec["outcome"], "filtered");
            assert!(rec["reason"].as_str().is_some());
        }
    }
    let delivered = count(&records, "delivered");
    assert!(delivered > 0 && delivered < 47);
    // the same filter, delivered for real
    let r = run(
        &[
            "replay",
            "schemas/examples/valid.ndjson",
            "--to",
            &rx.url,
            "--type",
            "license.*",
            "--type",
            "cme.deadline.warning",
            "--since",
            "2024-12-15T09:00:00Z",
            "--until",
            "2024-12-15T11:00:00+01:00",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(rx.got().len(), delivered);
    let [read, d, f, _, _] = summary(&r.stdout);
    assert_eq!((read, d, f), (47, delivered as u64, 47 - delivered as u64));
}

#[test]
fn stdout_and_file_targets_write_ndjson_and_a_file_atomically() {
    let r = run(
        &[
            "replay",
            "schemas/examples/",
            "--to",
            "-",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(r.code, 1, "the invalid examples");
    let valid = lines("schemas/examples/valid.ndjson");
    assert_eq!(r.stdout.lines().collect::<Vec<_>>(), valid);
    assert_eq!(
        outcomes(
            &r.stderr
                .lines()
                .filter(|l| l.starts_with('{'))
                .collect::<Vec<_>>()
                .join("\n")
        )
        .len(),
        66
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("backfill.ndjson");
    let state = dir.path().join("b.state");
    fs::write(&out, "old contents\n").unwrap();
    let target = format!("file:{}", out.display());
    let args = [
        "replay",
        "schemas/examples/valid.ndjson",
        "--to",
        &target,
        "--state",
        state.to_str().unwrap(),
    ];
    let r = run(&args, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = fs::read_to_string(&out).unwrap();
    assert_eq!(first.lines().collect::<Vec<_>>(), valid);
    // no temporary file left beside it
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    // resumed: nothing to send, and the file keeps every event
    let r = run(&args, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("47 delivered (47 by an earlier run"),
        "{}",
        r.stdout
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), first);
}

#[test]
fn a_pretty_printed_array_is_delivered_as_recorded() {
    let rx = Receiver::start(None);
    let dir = tempfile::tempdir().unwrap();
    let valid = lines("schemas/examples/valid.ndjson");
    let events: Vec<Value> = valid[..3]
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let text = serde_json::to_string_pretty(&events).unwrap();
    let input = dir.path().join("export.json");
    fs::write(&input, &text).unwrap();
    let r = run(
        &[
            "replay",
            "--array",
            input.to_str().unwrap(),
            "--to",
            &rx.url,
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = rx.got();
    assert_eq!(got.len(), 3);
    for (g, e) in got.iter().zip(&events) {
        let body = String::from_utf8(g.body.clone()).unwrap();
        assert!(body.contains('\n'), "as recorded, not re-serialised");
        assert_eq!(&serde_json::from_str::<Value>(&body).unwrap(), e);
    }
}

#[test]
fn bad_arguments_are_exit_2() {
    for (args, msg) in [
        (
            vec!["--to", "sns:arn:aws:sns:us-east-1:1:t"],
            "Python package",
        ),
        (vec!["--to", "ftp://x"], "not a target"),
        (vec!["--to", "-", "--since", "yesterday"], "not an RFC 3339"),
        (vec!["--to", "-", "--concurrency", "0"], "at least 1"),
        (
            vec![
                "--to",
                "http://127.0.0.1:9/",
                "--secret-env",
                "EVSCHEMA_NO_SUCH_VAR",
            ],
            "not set",
        ),
        (
            vec!["--to", "-", "--catalog", "no/such/dir"],
            "does not exist",
        ),
    ] {
        let mut all = vec!["replay", "schemas/examples/valid.ndjson"];
        all.extend(args);
        let r = run(&all, &[]);
        assert_eq!(r.code, 2, "{all:?}: {}", r.stderr);
        assert!(r.stderr.contains(msg), "{all:?}: {}", r.stderr);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn against_a_git_revision_validates_with_that_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&root().join("schemas"), &d.join("schemas"));
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "v1"]);
    // the working tree drops license.created from the catalog
    fs::remove_file(d.join("schemas/sns_topics/license_created.json")).unwrap();
    let run_in = |extra: &[&str]| {
        let mut cmd = Command::cargo_bin("evschema").unwrap();
        cmd.current_dir(d).args([
            "replay",
            "schemas/examples/valid.ndjson",
            "--to",
            "-",
            "--no-config",
        ]);
        cmd.args(extra);
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, err) = run_in(&["--catalog", "schemas"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("invalid license.created"), "{err}");
    let (code, err) = run_in(&["--catalog", "schemas", "--against", "HEAD"]);
    assert_eq!(code, 0, "{err}");
}

/// A catalog copy whose license.created narrows `payload.user_id` to one character: every
/// recorded license.created event breaks.
fn narrowed_catalog(dir: &Path) -> (PathBuf, PathBuf) {
    let old = dir.join("old");
    let new = dir.join("new");
    copy_dir(&root().join("schemas"), &old);
    copy_dir(&root().join("schemas"), &new);
    let file = new.join("sns_topics/license_created.json");
    let mut v: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    v["properties"]["payload"]["properties"]["user_id"]["maxLength"] = 1.into();
    v["version"] = "1.1.0".into();
    fs::write(&file, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    (old, new)
}

fn diff_json(args: &[&str]) -> (i32, Value) {
    let r = run(args, &[]);
    let v =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr));
    (r.code, v)
}

#[test]
fn diff_replay_counts_what_each_side_accepts_per_event_type() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = narrowed_catalog(dir.path());
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    let args = [
        "--no-config",
        "diff",
        o,
        n,
        "--replay",
        "schemas/examples",
        "--format",
        "json",
    ];
    let (code, v) = diff_json(&args);
    assert_eq!(code, 1);
    let ev = &v["replay"];
    assert_eq!(ev["events"], 66);
    let types = ev["types"].as_array().unwrap();
    assert_eq!(types.len(), 19);
    let lc = types
        .iter()
        .find(|t| t["event_type"] == "license.created")
        .unwrap();
    let valid_lc = lines("schemas/examples/valid.ndjson")
        .iter()
        .filter(|l| l.contains("\"license.created\""))
        .count() as u64;
    assert_eq!(lc["old_accepts"], valid_lc);
    assert_eq!(lc["new_accepts"], 0);
    assert_eq!(lc["backward_breaks"], valid_lc);
    let first = lc["new_rejects"].as_array().unwrap();
    assert!(!first.is_empty() && first.len() <= 3);
    assert!(first[0]["source"]
        .as_str()
        .unwrap()
        .starts_with("schemas/examples/valid.ndjson:"));
    assert_eq!(first[0]["errors"][0]["instance_path"], "/payload/user_id");
    // every other type: both sides agree
    for t in types
        .iter()
        .filter(|t| t["event_type"] != "license.created")
    {
        assert_eq!(t["old_accepts"], t["new_accepts"], "{t}");
        assert_eq!(t["backward_breaks"], 0);
    }
    // the narrowing is forward compatible: the evidence agrees under --mode forward
    let mut fwd = args.to_vec();
    fwd.extend(["--mode", "forward"]);
    assert_eq!(diff_json(&fwd).0, 0);
    // human output names the events
    let r = run(
        &[
            "--no-config",
            "--color",
            "never",
            "diff",
            o,
            n,
            "--replay",
            "schemas/examples",
        ],
        &[],
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("✗ license.created:"), "{}", r.stdout);
    assert!(r
        .stdout
        .contains("rejected by NEW, accepted by OLD: schemas/examples/valid.ndjson:"));
    // two schema files: only their event type is checked
    let (code, v) = diff_json(&[
        "--no-config",
        "diff",
        old.join("sns_topics/license_created.json")
            .to_str()
            .unwrap(),
        new.join("sns_topics/license_created.json")
            .to_str()
            .unwrap(),
        "--replay",
        "schemas/examples",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(v["replay"]["types"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["replay"]["other_types"],
        66 - lc["events"].as_u64().unwrap()
    );
    // identical catalogs: the evidence agrees everywhere, exit 0
    let (code, v) = diff_json(&[
        "--no-config",
        "diff",
        o,
        o,
        "--replay",
        "schemas/examples",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert!(v["replay"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["backward_breaks"] == 0 && t["forward_breaks"] == 0));
}

#[test]
fn diff_against_a_revision_with_replay() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_, new) = narrowed_catalog(d);
    copy_dir(&root().join("schemas"), &d.join("schemas"));
    git(d, &["init", "-q"]);
    git(d, &["add", "schemas"]);
    git(d, &["commit", "-qm", "v1"]);
    fs::copy(
        new.join("sns_topics/license_created.json"),
        d.join("schemas/sns_topics/license_created.json"),
    )
    .unwrap();
    fs::create_dir_all(d.join("recorded")).unwrap();
    fs::copy(
        root().join("schemas/examples/valid.ndjson"),
        d.join("recorded/dec.ndjson"),
    )
    .unwrap();
    let out = Command::cargo_bin("evschema")
        .unwrap()
        .current_dir(d)
        .args([
            "--no-config",
            "diff",
            "--against",
            "HEAD",
            "schemas",
            "--replay",
            "recorded",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let lc = v["replay"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["event_type"] == "license.created")
        .unwrap()
        .clone();
    assert!(lc["backward_breaks"].as_u64().unwrap() > 0);
    assert_eq!(lc["new_accepts"], 0);
}

#[test]
fn help_and_man_page_teach_replay() {
    let r = run(&["replay", "--help"], &[]);
    assert_eq!(r.code, 0);
    for needle in [
        "--state",
        "X-Evschema-Signature-256",
        "Examples:",
        "--secret-env",
        "Exit 0",
    ] {
        assert!(r.stdout.contains(needle), "{needle}");
    }
    let r = run(&["man"], &[]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("replay"));
    let r = run(&["diff", "--help"], &[]);
    assert!(r.stdout.contains("--replay"));
}

#[test]
fn concurrency_overlaps_slow_answers_and_rate_caps_the_pace() {
    let rx = Receiver::start(None);
    rx.set_delay(Duration::from_millis(50));
    let dir = tempfile::tempdir().unwrap();
    let (text, ok, _) = archive(40);
    let input = dir.path().join("slow.ndjson");
    fs::write(&input, &text).unwrap();
    let i = input.to_str().unwrap();
    let timed = |extra: &[&str]| {
        let mut args = vec!["replay", i, "--to", &rx.url, "--format", "json"];
        args.extend(extra);
        let t = Instant::now();
        let r = run(&args, &[]);
        (t.elapsed(), r)
    };
    let (one, r) = timed(&["--concurrency", "1"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(one >= Duration::from_millis(36 * 50), "{one:?}");
    let (eight, r) = timed(&["--concurrency", "8"]);
    assert!(eight < one / 2, "{eight:?} vs {one:?}");
    // outcomes stay in input order whatever the concurrency
    let sources: Vec<String> = outcomes(&r.stdout)
        .iter()
        .map(|r| {
            r["source"]
                .as_str()
                .unwrap()
                .rsplit(':')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    let expected: Vec<String> = (1..=40).map(|n| n.to_string()).collect();
    assert_eq!(sources, expected);
    rx.set_delay(Duration::ZERO);
    let (paced, r) = timed(&["--concurrency", "8", "--rate", "20"]);
    assert_eq!(count(&outcomes(&r.stdout), "delivered"), ok.len());
    assert!(
        paced >= Duration::from_millis(35 * 50 - 100),
        "{paced:?} for 36 events at 20/s"
    );
    assert_eq!(rx.got().len(), 3 * ok.len());
}

#[test]
fn a_torn_last_journal_line_is_cut_and_a_damaged_one_is_refused() {
    let rx = Receiver::start(None);
    let dir = tempfile::tempdir().unwrap();
    let (text, ok, _) = archive(8);
    let input = dir.path().join("a.ndjson");
    fs::write(&input, &text).unwrap();
    let state = dir.path().join("s.state");
    let args = [
        "replay",
        input.to_str().unwrap(),
        "--to",
        &rx.url,
        "--state",
        state.to_str().unwrap(),
    ];
    assert_eq!(run(&args, &[]).code, 0);
    let journal = fs::read_to_string(&state).unwrap();
    assert_eq!(
        journal.lines().count(),
        1 + 8,
        "a header and one record per event"
    );
    assert!(journal.lines().skip(1).all(|l| l.starts_with("D ")));
    // the process died while writing a record: the partial line is ignored and cut
    fs::write(&state, format!("{journal}D 9 00ab")).unwrap();
    let r = run(&args, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("8 delivered (8 by an earlier run"),
        "{}",
        r.stdout
    );
    assert_eq!(fs::read_to_string(&state).unwrap(), journal);
    assert_eq!(rx.got().len(), ok.len());
    // a damaged record is an error naming the file and line
    let damaged = journal.replacen("\nD 2 ", "\nD two ", 1);
    fs::write(&state, damaged).unwrap();
    let r = run(&args, &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("s.state:3: damaged state record"),
        "{}",
        r.stderr
    );
}

#[test]
fn sns_wrapped_and_compressed_recordings_go_through_validates_reader() {
    let rx = Receiver::start(None);
    let r = run(
        &[
            "replay",
            "tests/fixtures/route/sns-sqs.ndjson",
            "tests/fixtures/route/archive/events.ndjson.gz",
            "tests/fixtures/route/archive/events.jsonl.zst",
            "--to",
            &rx.url,
            "--type",
            "license.*",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(
        r.code, 1,
        "the sample has mismatched SNS attributes: {}",
        r.stderr
    );
    let records = outcomes(&r.stdout);
    let got = rx.got();
    assert_eq!(got.len(), count(&records, "delivered"));
    assert!(!got.is_empty());
    // the type is read inside the envelope; the body is the message as recorded
    let sns = fs::read_to_string(root().join("tests/fixtures/route/sns-sqs.ndjson")).unwrap();
    let first = &got[0];
    assert_eq!(first.event_type.as_deref(), Some("license.created"));
    assert_eq!(
        String::from_utf8(first.body.clone()).unwrap(),
        sns.lines().next().unwrap()
    );
    assert!(got.iter().all(|g| g
        .event_type
        .as_deref()
        .is_some_and(|t| t.starts_with("license."))));
    assert!(records
        .iter()
        .any(|r| r["source"].as_str().unwrap().contains("events.ndjson.gz:")));
    let invalid = records.iter().find(|r| r["outcome"] == "invalid").unwrap();
    assert!(invalid["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("MessageAttributes"));
}
