//! `render --changes-since REF`: what changed in each event type since an older version of
//! the catalog: the catalog comparison of `evschema diff --against REF`
//! ([`compat::report::compare_catalogs`]), with the same mode, policy and acceptances.
//!
//! Witnesses are left out: the document lists what changed, `evschema diff` shows the
//! events that prove it.

use std::collections::HashMap;

use crate::compat::report::{AcceptedChange, CatalogReport};
use crate::compat::{Bump, Change, Declared, Mode};

/// The changes of the whole document since `reference`.
#[derive(Debug, Clone)]
pub struct Changes {
    /// The revision as the user wrote it (`origin/main`).
    pub reference: String,
    /// One per event section of the document, in the same order.
    pub events: Vec<EventChange>,
    /// Event types (at a major version) the catalog had at `reference` and has no more,
    /// in document order (see [`CatalogDoc::attach_changes`](super::model::CatalogDoc::attach_changes)).
    pub removed: Vec<Removed>,
    /// The mode the required bumps are computed under.
    pub mode: Mode,
}

#[derive(Debug, Clone)]
pub enum EventChange {
    /// The catalog at the revision had no schema for this event type (and major).
    New,
    /// The schema paired with this one at the revision, compared.
    Compared(Box<Compared>),
}

#[derive(Debug, Clone)]
pub struct Compared {
    /// The bundled schemas are equal: nothing to say.
    pub unchanged: bool,
    /// The source file at the revision, relative to the catalog root.
    pub old_source: String,
    /// `full`, `backward`, `forward` or `none`.
    pub verdict: &'static str,
    /// Under [`Changes::mode`], as `diff` requires.
    pub required_bump: Bump,
    /// The top-level `version` on each side, as written.
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    /// Whether the new `version` covers the bump (`None` when a side has no `version`).
    pub declared: Option<Declared>,
    pub changes: Vec<Change>,
    /// The `[[diff.accept]]` entries covering breaking changes (live or expired).
    pub accepted: Vec<AcceptedChange>,
}

impl Compared {
    /// The acceptance covering `c`, if any.
    pub fn accepted(&self, c: &Change) -> Option<&AcceptedChange> {
        self.accepted
            .iter()
            .find(|a| a.path == c.path && a.kind == c.kind.kind())
    }
}

#[derive(Debug, Clone)]
pub struct Removed {
    pub event_type: String,
    /// The major version, when the event type had several at the revision.
    pub major: Option<u64>,
    /// Its source file at the revision, relative to the catalog root.
    pub source: String,
    pub version: Option<String>,
}

impl Changes {
    /// Event sections that changed since the revision (new ones not counted).
    pub fn changed(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, EventChange::Compared(c) if !c.unchanged))
            .count()
    }

    pub fn added(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, EventChange::New))
            .count()
    }

    pub fn unchanged(&self) -> usize {
        self.events.len() - self.changed() - self.added()
    }
}

/// The changes of the event sections `events` ((event type, schema index in the new
/// catalog), in document order) from the comparison `report` of the catalog at `reference`
/// with the new one. `new_rel` gives a new schema's file relative to the catalog root.
pub fn since<'a>(
    reference: &str,
    report: &CatalogReport,
    mode: Mode,
    events: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Changes {
    let by_new: HashMap<(&str, &str), usize> = report
        .schemas
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some(((r.event_type.as_deref()?, r.rels.1.as_str()), i)))
        .collect();
    let events = events
        .into_iter()
        .map(|key| match by_new.get(&key) {
            None => EventChange::New,
            Some(&i) => {
                let r = &report.schemas[i];
                EventChange::Compared(Box::new(Compared {
                    unchanged: r.documents_equal,
                    old_source: r.rels.0.clone(),
                    verdict: r.verdict,
                    required_bump: r.required_bump,
                    old_version: r.versions.0.clone(),
                    new_version: r.versions.1.clone(),
                    declared: r.declared.clone(),
                    changes: r.changes.clone(),
                    accepted: r.accepted.clone(),
                }))
            }
        })
        .collect();
    let removed = report
        .removed
        .iter()
        .map(|r| Removed {
            event_type: r.event_type.clone(),
            major: if r.several { r.major } else { None },
            source: r.rel.clone(),
            version: r.version.clone(),
        })
        .collect();
    Changes {
        reference: reference.to_owned(),
        events,
        removed,
        mode,
    }
}
