//! `render --changes-since REF`: what changed in each event type since an older version of
//! the catalog, from the diff engine ([`compat::compare`]) over the pairing `diff` uses
//! ([`crate::pairing`]).
//!
//! The comparison is `evschema diff --against REF` with its defaults: policy strict, and the
//! required bump under mode backward. Witnesses are left out: the document lists what changed,
//! `evschema diff` shows the events that prove it.

use std::collections::HashMap;

use serde_json::Value;

use crate::catalog::Catalog;
use crate::compat::{self, Bump, Change, Declared, Mode, Policy};

use super::model::{domain_of, domain_rank, CatalogDoc};

/// The changes of the whole document since `reference`.
#[derive(Debug, Clone)]
pub struct Changes {
    /// The revision as the user wrote it (`origin/main`).
    pub reference: String,
    /// One per event section of the document, in the same order.
    pub events: Vec<EventChange>,
    /// Event types (at a major version) the catalog had at `reference` and has no more.
    pub removed: Vec<Removed>,
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
    /// Under mode backward, as `diff` requires by default.
    pub required_bump: Bump,
    /// The top-level `version` on each side, as written.
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    /// Whether the new `version` covers the bump (`None` when a side has no `version`).
    pub declared: Option<Declared>,
    pub changes: Vec<Change>,
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

fn version_of(v: &Value) -> Option<String> {
    v.get("version").and_then(Value::as_str).map(str::to_owned)
}

/// Compares each event section of `doc` (built from `new`) with its schema in `old`, the
/// catalog at `reference`. Errors name the file that cannot be bundled.
pub fn since(
    reference: &str,
    old: &Catalog,
    new: &Catalog,
    doc: &CatalogDoc,
) -> Result<Changes, String> {
    let pairing = crate::pairing::pair(old, new);
    let by_new: HashMap<(&str, usize), usize> = pairing
        .pairs
        .iter()
        .map(|p| ((p.event_type.as_str(), p.new), p.old))
        .collect();
    // A file describing several event types is compared once per pair of files.
    let mut cache: HashMap<(usize, usize), Compared> = HashMap::new();
    let mut events = Vec::with_capacity(doc.events.len());
    for e in &doc.events {
        let Some(&oi) = by_new.get(&(e.event_type.as_str(), e.schema)) else {
            events.push(EventChange::New);
            continue;
        };
        let ni = e.schema;
        if let Some(c) = cache.get(&(oi, ni)) {
            events.push(EventChange::Compared(Box::new(c.clone())));
            continue;
        }
        let old_value = old
            .bundle(oi)
            .map_err(|err| format!("at {reference}: {err}"))?;
        let new_value = new.bundle(ni).map_err(|err| err.to_string())?;
        let c = compat::compare(&old_value, &new_value, Policy::Strict);
        let bump = c.required_bump(Mode::Backward);
        let compared = Compared {
            unchanged: c.documents_equal,
            old_source: old.schemas[oi].rel.clone(),
            verdict: c.verdict(),
            required_bump: bump,
            old_version: version_of(&old_value),
            new_version: version_of(&new_value),
            declared: compat::declared(&old_value, &new_value, bump),
            changes: c.changes,
        };
        cache.insert((oi, ni), compared.clone());
        events.push(EventChange::Compared(Box::new(compared)));
    }
    let mut removed: Vec<Removed> = pairing
        .removed
        .iter()
        .map(|r| {
            let schema = &old.schemas[r.index];
            let several = old.events.get(&r.event_type).is_some_and(|l| l.len() > 1);
            Removed {
                event_type: r.event_type.clone(),
                major: if several { schema.major() } else { None },
                source: schema.rel.clone(),
                version: version_of(&schema.value),
            }
        })
        .collect();
    // document order: domain, then event type, then major
    removed.sort_by(|a, b| {
        (
            domain_rank(domain_of(&a.event_type)),
            &a.event_type,
            a.major,
        )
            .cmp(&(
                domain_rank(domain_of(&b.event_type)),
                &b.event_type,
                b.major,
            ))
    });
    Ok(Changes {
        reference: reference.to_owned(),
        events,
        removed,
    })
}
