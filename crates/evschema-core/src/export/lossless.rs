//! "Lossless or it fails": a converted schema ships only when the compatibility engine proves
//! it accepts exactly the events its source accepts (`full` under the strict policy), and
//! every catalog example gets the same answer from both.

use serde_json::Value;

use super::draft4::Rewrite;
use super::Example;
use crate::compat::{self, Policy};
use crate::validate::engine;

/// Why a converted schema is not shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// JSON pointer into the (bundled) source schema, empty for the whole schema.
    pub pointer: String,
    /// The keyword to blame: the rewrite under the failing location, else the change kind.
    pub keyword: String,
    pub reason: String,
}

/// Proves `converted` equivalent to `source` (both self-contained) and checks `examples`.
pub fn check(
    source: &Value,
    converted: &Value,
    rewrites: &[Rewrite],
    examples: &[&Example],
) -> Result<(), Failure> {
    // the proofs first: their reasons say what could not be proved, where
    let [back, fwd] = compat::prove(source, converted);
    if let Some((u, direction)) = back
        .err()
        .map(|u| (u, "accepts every event the source accepts"))
        .or_else(|| {
            fwd.err()
                .map(|u| (u, "accepts only events the source accepts"))
        })
    {
        // a witness, when the engine finds one, shows the difference is real
        let c = compat::compare(source, converted, Policy::Strict);
        let witness = c
            .changes
            .iter()
            .filter_map(|ch| ch.witness.as_ref())
            .next()
            .map(|w| {
                format!(
                    "; e.g. {} is accepted only by the {}",
                    w.event,
                    match w.accepted_by {
                        compat::Side::Old => "source",
                        compat::Side::New => "converted schema",
                    }
                )
            })
            .unwrap_or_default();
        let at = if u.path.is_empty() {
            "/"
        } else {
            u.path.as_str()
        };
        let reason = format!(
            "cannot prove the converted schema {direction} (at {at} of the converted schema): {}{witness}",
            u.reason
        );
        return Err(match blame(rewrites, &u.path) {
            Some(r) => Failure {
                pointer: source_pointer(source, r),
                keyword: r.keyword.clone(),
                reason,
            },
            None => Failure {
                keyword: last_keyword(&u.path),
                pointer: u.path,
                reason,
            },
        });
    }
    let src = engine::compile(source, true).map_err(|e| Failure {
        pointer: String::new(),
        keyword: "$schema".to_owned(),
        reason: format!("the source does not compile: {e}"),
    })?;
    let conv = engine::compile(converted, true).map_err(|e| Failure {
        pointer: String::new(),
        keyword: "$schema".to_owned(),
        reason: format!("the converted schema does not compile: {e}"),
    })?;
    for ex in examples {
        let (a, b) = (src.is_valid(&ex.value), conv.is_valid(&ex.value));
        if a != b {
            let say = |ok: bool| if ok { "accepted" } else { "rejected" };
            let detail = if a {
                conv.iter_errors(&ex.value)
                    .next()
                    .map(|e| format!(" ({} at {})", e, e.schema_path()))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let pointer = if a {
                conv.iter_errors(&ex.value)
                    .next()
                    .map(|e| e.schema_path().to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let blamed = blame(rewrites, &pointer);
            return Err(Failure {
                keyword: blamed.map_or_else(|| "examples".to_owned(), |r| r.keyword.clone()),
                pointer: blamed.map_or(pointer, |r| source_pointer(source, r)),
                reason: format!(
                    "example {} is {} by the source but {} by the converted schema{detail}",
                    ex.source,
                    say(a),
                    say(b)
                ),
            });
        }
    }
    Ok(())
}

/// The last token of a pointer that names a keyword (`/properties/a/minimum` → `minimum`).
fn last_keyword(path: &str) -> String {
    path.rsplit('/')
        .find(|t| !t.is_empty() && t.parse::<usize>().is_err())
        .map(crate::pointer::unescape)
        .unwrap_or_else(|| "$schema".to_owned())
}

/// Where a rewritten keyword sits in the source: its own pointer when the source has it
/// there (`/properties/a/if`), else the subschema's (a boolean schema).
fn source_pointer(source: &Value, r: &Rewrite) -> String {
    let kw = format!("{}/{}", r.pointer, crate::pointer::escape(&r.keyword));
    if source.pointer(&kw).is_some() {
        kw
    } else {
        r.pointer.clone()
    }
}

/// The rewrite made nearest above `path` (the longest pointer that is a prefix of it).
fn blame<'r>(rewrites: &'r [Rewrite], path: &str) -> Option<&'r Rewrite> {
    rewrites
        .iter()
        .filter(|r| {
            path == r.pointer
                || path.starts_with(&format!("{}/", r.pointer))
                || r.pointer.is_empty()
        })
        .max_by_key(|r| r.pointer.len())
}
