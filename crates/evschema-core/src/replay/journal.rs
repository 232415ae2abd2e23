//! The `--state` journal: a text file that records, as they are decided, the outcome of
//! every event of a replay, so that a run killed at any point can be resumed without losing
//! or re-sending what was delivered.
//!
//! ```text
//! {"evschema_replay_state":1,"inputs":"sha256:9f86…","target":"https://hooks.example.com/in"}
//! D 1 5e884898da280471
//! F 2 a665a45920422f9d
//! I 3 2c26b46b68ffc68f
//! X 4 fcde2b2edba56bf4
//! ```
//!
//! The first line names the inputs (a SHA-256 over their bytes, in order) and the target;
//! a run with other inputs or another target refuses the file. Each further line is one
//! decided outcome: `D` delivered, `F` filtered, `I` invalid, `X` failed; the event's
//! position in the stream of events read (from 1); and the first 8 bytes of the SHA-256 of
//! the event as recorded. A later line for the same position wins, except that delivered
//! stays delivered. A last line without its newline (the process died while writing it) is
//! ignored and cut off before the next run appends.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::OutcomeKind;

/// The first 8 bytes of an event's SHA-256.
pub type EventHash = [u8; 8];

/// The hash of one event's bytes as recorded.
pub fn event_hash(bytes: &[u8]) -> EventHash {
    let d = Sha256::digest(bytes);
    let mut h = [0u8; 8];
    h.copy_from_slice(&d[..8]);
    h
}

/// SHA-256 over the inputs of a run, each one's bytes followed by its length, so that
/// moving bytes from one file to the next changes it.
#[derive(Default, Clone)]
pub struct Fingerprint {
    hasher: Sha256,
    current: u64,
}

impl Fingerprint {
    pub fn new() -> Fingerprint {
        Fingerprint::default()
    }

    /// More bytes of the current input.
    pub fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.current += bytes.len() as u64;
    }

    /// The current input ends.
    pub fn end_input(&mut self) {
        self.hasher.update(b"\0evschema-input-end\0");
        self.hasher.update(self.current.to_le_bytes());
        self.current = 0;
    }

    /// `sha256:` and the hex digest.
    pub fn finish(self) -> String {
        format!("sha256:{}", hex(&self.hasher.finalize()))
    }
}

/// The journal's first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub evschema_replay_state: u32,
    pub inputs: String,
    pub target: String,
}

impl Header {
    pub fn new(inputs: String, target: String) -> Header {
        Header {
            evschema_replay_state: 1,
            inputs,
            target,
        }
    }

    /// The header line, with its newline.
    pub fn line(&self) -> Vec<u8> {
        // a struct of strings and a number always serialises
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }
}

/// Why a state file cannot be used (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalError(pub String);

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JournalError {}

fn code(kind: OutcomeKind) -> char {
    match kind {
        OutcomeKind::Delivered => 'D',
        OutcomeKind::Filtered => 'F',
        OutcomeKind::Invalid => 'I',
        OutcomeKind::Failed => 'X',
    }
}

/// Appends one record line to `out`.
pub fn record(out: &mut Vec<u8>, kind: OutcomeKind, position: u64, hash: &EventHash) {
    use std::io::Write;
    let _ = writeln!(out, "{} {position} {}", code(kind), hex(hash));
}

/// What a state file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub header: Header,
    /// Positions delivered, with the hash of the event delivered there.
    pub delivered: HashMap<u64, EventHash>,
    /// Record lines read (complete ones).
    pub records: u64,
    /// The length of the file up to its last complete line: what to keep before appending.
    pub keep: usize,
}

/// What to do with an event, given the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// Not delivered yet: decide and deliver it.
    Go,
    /// An earlier run delivered it: do not send it again.
    Delivered,
}

impl State {
    /// Reads a state file's bytes. `name` is for messages.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<State, JournalError> {
        let keep = match memchr::memrchr(b'\n', bytes) {
            Some(i) => i + 1,
            None => 0,
        };
        let mut lines = bytes[..keep].split(|&b| b == b'\n');
        let first = lines.next().unwrap_or_default();
        let header: Header = serde_json::from_slice(first)
            .ok()
            .filter(|h: &Header| h.evschema_replay_state == 1)
            .ok_or_else(|| {
                JournalError(format!(
                    "{name}:1: not an evschema replay state file (its first line is not the state header)"
                ))
            })?;
        let mut delivered = HashMap::new();
        let mut records = 0;
        for (i, line) in lines.enumerate() {
            if line.is_empty() {
                continue;
            }
            let bad = || {
                JournalError(format!(
                    "{name}:{}: damaged state record {:?} (expected `D|F|I|X POSITION HASH`)",
                    i + 2,
                    String::from_utf8_lossy(line)
                ))
            };
            let text = std::str::from_utf8(line).map_err(|_| bad())?;
            let mut parts = text.split(' ');
            let (Some(c), Some(pos), Some(h), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad());
            };
            let pos: u64 = pos.parse().map_err(|_| bad())?;
            let hash = unhex(h).ok_or_else(bad)?;
            match c {
                "D" => {
                    delivered.insert(pos, hash);
                }
                "F" | "I" | "X" => {}
                _ => return Err(bad()),
            }
            records += 1;
        }
        Ok(State {
            header,
            delivered,
            records,
            keep,
        })
    }

    /// Refuses a state file written for other inputs or another target.
    pub fn check(&self, name: &str, inputs: &str, target: &str) -> Result<(), JournalError> {
        if self.header.inputs != inputs {
            return Err(JournalError(format!(
                "{name}: this state file belongs to other inputs ({}, these are {inputs}): a state file resumes the run over the same inputs; use a new --state file for these",
                self.header.inputs
            )));
        }
        if self.header.target != target {
            return Err(JournalError(format!(
                "{name}: this state file belongs to a replay to {}, not to {target}",
                self.header.target
            )));
        }
        Ok(())
    }

    /// Whether the event at `position` (with `hash`) was delivered by an earlier run. The
    /// same position with other bytes means the inputs are not the ones journaled.
    pub fn resume(
        &self,
        name: &str,
        position: u64,
        hash: &EventHash,
    ) -> Result<Resume, JournalError> {
        match self.delivered.get(&position) {
            None => Ok(Resume::Go),
            Some(h) if h == hash => Ok(Resume::Delivered),
            Some(h) => Err(JournalError(format!(
                "{name}: event {position} of the inputs is not the one this state file delivered (hash {} there, {} here): the inputs changed",
                hex(h),
                hex(hash)
            ))),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

fn unhex(s: &str) -> Option<EventHash> {
    let b = s.as_bytes();
    if b.len() != 16 {
        return None;
    }
    let nib = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 8];
    for (i, o) in out.iter_mut().enumerate() {
        *o = nib(b[2 * i])? << 4 | nib(b[2 * i + 1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(records: &[(OutcomeKind, u64, &[u8])]) -> Vec<u8> {
        let mut out = Header::new("sha256:ab".into(), "http://127.0.0.1:1/".into()).line();
        for (k, p, body) in records {
            record(&mut out, *k, *p, &event_hash(body));
        }
        out
    }

    #[test]
    fn delivered_positions_resume_and_stay_delivered() {
        let bytes = journal(&[
            (OutcomeKind::Failed, 1, b"one"),
            (OutcomeKind::Delivered, 2, b"two"),
            (OutcomeKind::Invalid, 3, b"three"),
            (OutcomeKind::Delivered, 1, b"one"),
            (OutcomeKind::Failed, 2, b"two"),
        ]);
        let s = State::parse("s", &bytes).unwrap();
        assert_eq!(s.records, 5);
        assert_eq!(s.keep, bytes.len());
        assert_eq!(s.resume("s", 1, &event_hash(b"one")), Ok(Resume::Delivered));
        assert_eq!(s.resume("s", 2, &event_hash(b"two")), Ok(Resume::Delivered));
        assert_eq!(s.resume("s", 3, &event_hash(b"three")), Ok(Resume::Go));
        assert_eq!(s.resume("s", 4, &event_hash(b"four")), Ok(Resume::Go));
        let e = s.resume("s", 2, &event_hash(b"TWO")).unwrap_err();
        assert!(e.0.contains("event 2 of the inputs is not the one"), "{e}");
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_cut() {
        let mut bytes = journal(&[(OutcomeKind::Delivered, 1, b"one")]);
        let whole = bytes.len();
        bytes.extend_from_slice(b"D 2 0011");
        let s = State::parse("s", &bytes).unwrap();
        assert_eq!(s.keep, whole);
        assert_eq!(s.delivered.len(), 1);
    }

    #[test]
    fn other_inputs_or_target_are_refused() {
        let s = State::parse("s", &journal(&[])).unwrap();
        assert!(s.check("s", "sha256:ab", "http://127.0.0.1:1/").is_ok());
        let e = s
            .check("s", "sha256:cd", "http://127.0.0.1:1/")
            .unwrap_err();
        assert!(e.0.contains("belongs to other inputs"), "{e}");
        let e = s.check("s", "sha256:ab", "-").unwrap_err();
        assert!(e.0.contains("not to -"), "{e}");
    }

    #[test]
    fn damage_is_reported_with_its_line() {
        let e = State::parse("s", b"hello\n").unwrap_err();
        assert!(e.0.starts_with("s:1: not an evschema replay state file"));
        let mut bytes = journal(&[(OutcomeKind::Delivered, 1, b"one")]);
        bytes.extend_from_slice(b"Q 2 0011223344556677\n");
        let e = State::parse("s", &bytes).unwrap_err();
        assert!(e.0.starts_with("s:3: damaged state record"), "{e}");
        assert!(State::parse("s", b"").is_err());
    }

    #[test]
    fn fingerprint_sees_content_and_boundaries() {
        let fp = |parts: &[&[u8]]| {
            let mut f = Fingerprint::new();
            for p in parts {
                f.update(p);
                f.end_input();
            }
            f.finish()
        };
        assert_eq!(fp(&[b"ab", b"c"]), fp(&[b"ab", b"c"]));
        assert_ne!(fp(&[b"ab", b"c"]), fp(&[b"a", b"bc"]));
        assert_ne!(fp(&[b"ab"]), fp(&[b"ac"]));
        assert!(fp(&[]).starts_with("sha256:"));
        assert_eq!(
            unhex(&hex(&[1, 2, 0xab, 0xff, 0, 9, 8, 7])),
            Some([1, 2, 0xab, 0xff, 0, 9, 8, 7])
        );
    }
}
