//! The engine of `evschema replay`, without I/O: which recorded events to re-send
//! ([`filter`]: event type globs and a time window), how a failed delivery is retried
//! ([`retry`]), the state journal that lets a run resume after a crash ([`journal`]), and the
//! accounting that gives every event read exactly one [`OutcomeKind`] ([`Tally`]).
//!
//! The binary reads the inputs through [`crate::validate::input`], validates through
//! [`crate::validate::engine`], and does the delivery (stdout, files, HTTP).

pub mod filter;
pub mod journal;
pub mod retry;
pub mod time;

use serde::Serialize;

/// The one outcome each event read ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// Sent to the target and acknowledged (or written), in this run or, per the state
    /// file, in an earlier one.
    Delivered,
    /// Left out by `--type`, `--since` or `--until`.
    Filtered,
    /// Rejected by the validation gate (never delivered).
    Invalid,
    /// Valid, but the target did not take it (retries exhausted or a final 4xx).
    Failed,
}

impl OutcomeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Delivered => "delivered",
            OutcomeKind::Filtered => "filtered",
            OutcomeKind::Invalid => "invalid",
            OutcomeKind::Failed => "failed",
        }
    }
}

/// Counts of one run. `read` is the number of events read (blank lines are not events);
/// every one of them is counted in exactly one of the four outcomes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub read: u64,
    pub delivered: u64,
    /// Of `delivered`: those the state file says an earlier run delivered (not sent again).
    pub resumed: u64,
    pub filtered: u64,
    pub invalid: u64,
    pub failed: u64,
}

impl Tally {
    /// Counts one event read that ended in `kind`.
    pub fn count(&mut self, kind: OutcomeKind, resumed: bool) {
        self.read += 1;
        match kind {
            OutcomeKind::Delivered => {
                self.delivered += 1;
                if resumed {
                    self.resumed += 1;
                }
            }
            OutcomeKind::Filtered => self.filtered += 1,
            OutcomeKind::Invalid => self.invalid += 1,
            OutcomeKind::Failed => self.failed += 1,
        }
    }

    /// Every event read has exactly one outcome.
    pub fn adds_up(&self) -> bool {
        self.delivered + self.filtered + self.invalid + self.failed == self.read
            && self.resumed <= self.delivered
    }

    /// Exit 0 needs every event delivered or filtered.
    pub fn success(&self) -> bool {
        self.invalid == 0 && self.failed == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_adds_up_and_decides_success() {
        let mut t = Tally::default();
        t.count(OutcomeKind::Delivered, false);
        t.count(OutcomeKind::Delivered, true);
        t.count(OutcomeKind::Filtered, false);
        assert!(t.adds_up());
        assert!(t.success());
        assert_eq!((t.read, t.delivered, t.resumed), (3, 2, 1));
        t.count(OutcomeKind::Failed, false);
        assert!(t.adds_up());
        assert!(!t.success());
        let broken = Tally {
            read: 2,
            delivered: 1,
            ..Tally::default()
        };
        assert!(!broken.adds_up());
    }
}
