//! Subscriptions: who receives which events. One file per subscriber under the catalog's
//! `subscriptions/` folder (see `docs/subscriptions.md`), holding the channel it listens on
//! and an SNS filter policy or an EventBridge event pattern.
//!
//! [`model`] is the data, [`parse`] reads files and checks pattern syntax, [`load`] reads
//! the folder.

pub mod analysis;
pub mod matcher;
pub mod model;
pub mod parse;

pub use model::*;

use crate::catalog::{read_text, Problem};
use std::path::Path;

/// The folder, at the catalog root, that holds subscription files.
pub const FOLDER: &str = "subscriptions";

/// The channel of a schema, as subscriptions name it: the catalog folder it sits in at the
/// top (`sns_topics`, or a foreign catalog's `com.example.orders`); `None` for a file at the
/// root.
pub fn channel_of(rel: &str) -> Option<&str> {
    rel.split_once('/').map(|(top, _)| top)
}

/// Reads every `*.json` under `root/subscriptions/` (sorted by path). A missing folder is no
/// subscriptions; unreadable or malformed files are problems, and two files with the same
/// `name` are a problem on the second.
pub fn load(root: &Path) -> (Vec<Subscription>, Vec<Problem>) {
    let dir = root.join(FOLDER);
    let mut subs: Vec<Subscription> = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (subs, problems);
    }
    let walk = crate::files::Walker::new(|name| name.ends_with(".json"))
        .guard_root()
        .walk(&dir);
    for problem in &walk.problems {
        let message = match problem {
            crate::files::WalkProblem::Outside { .. } => problem.to_string(),
            _ => format!("cannot walk: {problem}"),
        };
        problems.push(Problem {
            file: problem.path().to_owned(),
            position: None,
            message,
        });
    }
    for found in walk.files {
        let rel = format!("{FOLDER}/{}", found.rel);
        let path = found.path;
        let text = match read_text(&path) {
            Ok(t) => t,
            Err(message) => {
                problems.push(Problem {
                    file: path,
                    position: None,
                    message: message.to_string(),
                });
                continue;
            }
        };
        match parse::parse_file(&rel, path, &text) {
            Ok(sub) => {
                if let Some(first) = subs.iter().find(|s| s.name == sub.name) {
                    problems.push(Problem {
                        file: sub.path.clone(),
                        position: Some(sub.spans.locate("/name")),
                        message: format!(
                            "subscriber `{}` is also defined in {}",
                            sub.name, first.rel
                        ),
                    });
                } else {
                    subs.push(sub);
                }
            }
            Err(p) => problems.extend(p),
        }
    }
    (subs, problems)
}

#[cfg(test)]
mod analysis_tests;
#[cfg(test)]
mod matcher_tests;
#[cfg(test)]
mod tests;
