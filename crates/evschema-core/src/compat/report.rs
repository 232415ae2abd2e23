//! Catalog comparison: the reports `evschema diff` prints and `render --changes-since`
//! documents, built on [`compare`](super::compare) over the pairing of [`crate::pairing`].
//!
//! Event schemas pair by (event type, major); files that claim no event type (shared
//! definitions) pair by relative path, then `$id`, and a changed one is reported once with
//! the event types that reach it. Acceptances (`[[diff.accept]]`) mark known breaking changes;
//! the support window decides whether a major may leave the catalog; [`merge_history`] folds
//! the reports of several old revisions (`--transitive`) into one.
//!
//! Nothing here reads git, the clock or the terminal: the caller passes today's date and a
//! function giving the date a file entered the catalog.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::{Bump, Change, ChangeKind, Comparison, Declared, Mode, Policy, Side};
use crate::catalog::{BundleError, Catalog};

/// Why a catalog comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// A schema could not be bundled (a broken `$ref`...); `label` names the revision.
    #[error("{label}{error}")]
    Bundle { label: String, error: BundleError },
    /// Two catalogs whose files differ paired nothing: the comparison would be empty.
    #[error(
        "nothing compared: no event type and no shared file pairs between {old} ({old_files}) and {new} ({new_files}), yet their files differ. \
Event schemas pair by event type (`event_type` const/enum) and major version; files that claim no event type pair by \
relative path, then by `$id`"
    )]
    NothingCompared {
        old: String,
        old_files: String,
        new: String,
        new_files: String,
    },
    /// The date a successor entered the catalog could not be read.
    #[error("{0}")]
    History(String),
}

/// One side of a comparison: a loaded catalog and how to name its files.
pub struct Labeled {
    pub catalog: Catalog,
    /// Prefix for file names in output (`origin/main:` for a git revision).
    pub label: String,
}

impl Labeled {
    /// The file at `index` as output names it: label, then the path.
    pub fn name(&self, index: usize) -> String {
        let path = self.catalog.schemas[index]
            .path
            .to_string_lossy()
            .replace('\\', "/");
        format!("{}{path}", self.label)
    }

    fn root_name(&self) -> String {
        format!("{}{}", self.label, self.catalog.root.display())
    }
}

/// One `[[diff.accept]]` entry: which changes it covers (every given field must match), why,
/// and until when.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub event_type: Option<String>,
    pub file: Option<String>,
    pub kind: Option<String>,
    pub path: Option<String>,
    pub reason: String,
    pub expires: Option<String>,
}

impl Acceptance {
    /// An acceptance must say why, cover something, and expire on a real date.
    pub fn check(&self) -> Result<(), AcceptanceError> {
        if self.reason.trim().is_empty() {
            return Err(AcceptanceError::NoReason);
        }
        if self.event_type.is_none()
            && self.file.is_none()
            && self.kind.is_none()
            && self.path.is_none()
        {
            return Err(AcceptanceError::CoversNothing {
                reason: self.reason.clone(),
            });
        }
        if let Some(e) = &self.expires {
            if !is_date(e) {
                return Err(AcceptanceError::BadExpiry {
                    reason: self.reason.clone(),
                    expires: e.clone(),
                });
            }
        }
        Ok(())
    }
}

/// Why an `[[diff.accept]]` entry of evschema.toml is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AcceptanceError {
    #[error("evschema.toml [[diff.accept]]: `reason` is empty (say why the change is accepted)")]
    NoReason,
    #[error("evschema.toml [[diff.accept]] (reason \"{reason}\"): give at least one of event_type, file, kind, path")]
    CoversNothing { reason: String },
    #[error("evschema.toml [[diff.accept]] (reason \"{reason}\"): expires = \"{expires}\" is not a date YYYY-MM-DD")]
    BadExpiry { reason: String, expires: String },
}

/// The acceptances in force and today's date (`YYYY-MM-DD`, UTC), against which their
/// expiry is read.
#[derive(Clone, Copy)]
pub struct Acceptances<'a> {
    pub list: &'a [Acceptance],
    pub today: &'a str,
}

/// How two catalogs are compared.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub mode: Mode,
    pub policy: Policy,
}

/// The DESIGN.md result for one pair of schemas.
#[derive(Serialize, Clone, Debug)]
pub struct PairReport {
    pub old: String,
    pub new: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    pub backward: bool,
    pub forward: bool,
    pub verdict: &'static str,
    pub required_bump: Bump,
    pub declared: Option<Declared>,
    pub changes: Vec<Change>,
    pub policy: Policy,
    /// `[[diff.accept]]` entries that cover changes of this pair (live or expired).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<AcceptedChange>,
    /// For a shared file: the event types, and the files that claim none, of NEW whose
    /// schemas reach it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reached_by: Vec<String>,
    /// For an event type: the changed shared files its schema reaches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// A warning, e.g. when OLD and NEW describe different event types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Hints: a property that looks renamed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    /// NEW's event type, for hints (also when `event_type` is not part of the output).
    #[serde(skip)]
    pub new_type: Option<String>,
    /// The two schema files' texts.
    #[serde(skip)]
    pub texts: (String, String),
    /// The bundled schemas are equal (nothing changed, not even an annotation).
    #[serde(skip)]
    pub documents_equal: bool,
    /// The `version` each side declares, as written.
    #[serde(skip)]
    pub versions: (Option<String>, Option<String>),
    /// The file of each side relative to its catalog root.
    #[serde(skip)]
    pub rels: (String, String),
}

/// A change that an `[[diff.accept]]` entry covers.
#[derive(Serialize, Clone, Debug)]
pub struct AcceptedChange {
    pub path: String,
    pub kind: &'static str,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    pub expired: bool,
}

/// Whether `c` breaks compatibility under `mode`.
pub fn breaks(c: &Change, mode: Mode) -> bool {
    match mode {
        Mode::Backward => !c.backward,
        Mode::Forward => !c.forward,
        Mode::Full => !(c.backward && c.forward),
    }
}

impl PairReport {
    pub fn compatible(&self, mode: Mode) -> bool {
        match mode {
            Mode::Backward => self.backward,
            Mode::Forward => self.forward,
            Mode::Full => self.backward && self.forward,
        }
    }

    /// Whether the schema file's own text is the same on both sides.
    pub fn same_text(&self) -> bool {
        self.texts.0 == self.texts.1
    }

    /// The acceptance covering `c`, if any (expired or not).
    pub fn is_accepted(&self, c: &Change) -> Option<&AcceptedChange> {
        self.accepted
            .iter()
            .find(|a| a.path == c.path && a.kind == c.kind.kind())
    }

    /// Every change that breaks `mode` is covered by an acceptance that has not expired.
    fn all_breaks_accepted(&self, mode: Mode) -> bool {
        let mut any = false;
        for c in self.changes.iter().filter(|c| breaks(c, mode)) {
            any = true;
            if self.is_accepted(c).is_none_or(|a| a.expired) {
                return false;
            }
        }
        any
    }

    /// Whether the gate lets this pair through: compatible with a declared version that
    /// covers the bump, or every break accepted.
    pub fn passes(&self, mode: Mode) -> bool {
        if self.compatible(mode) {
            return self.declared.as_ref().is_none_or(|d| d.ok);
        }
        self.all_breaks_accepted(mode)
    }
}

/// An event type present on one side only.
#[derive(Serialize, Clone, Debug)]
pub struct OneSided {
    pub event_type: String,
    pub file: String,
    /// Relative to its catalog root.
    #[serde(skip)]
    pub rel: String,
    #[serde(skip)]
    pub major: Option<u64>,
    /// More than one major of the event type on that side.
    #[serde(skip)]
    pub several: bool,
    #[serde(skip)]
    pub version: Option<String>,
}

/// A major removed while a later major of its event type stays: allowed once the successor
/// has been in the catalog for the support window, or past the old schema's `x-sunset`.
#[derive(Serialize, Clone, Debug)]
pub struct Retired {
    pub event_type: String,
    pub file: String,
    pub successor: String,
    /// When the successor's file was first committed (today when not committed yet).
    pub successor_since: String,
    /// `successor_since` plus the support window.
    pub window_ends: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sunset: Option<String>,
    pub ok: bool,
}

/// The comparison of two catalogs.
#[derive(Serialize, Debug, Default)]
pub struct CatalogReport {
    pub schemas: Vec<PairReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<Retired>,
    /// Files that claim no event type (shared definitions), paired by path then `$id`;
    /// only those whose text changed.
    pub shared: Vec<PairReport>,
    pub added: Vec<OneSided>,
    pub removed: Vec<OneSided>,
    /// What the change does to each subscriber of the catalog's `subscriptions/` (only
    /// those it affects); informational, the gate does not read it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subscribers: Vec<SubscriberImpact>,
}

/// What a catalog change does to one subscriber (docs/diff.md, "Subscribers").
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct SubscriberImpact {
    pub name: String,
    /// The subscription file (NEW's, or OLD's for a removed subscriber).
    pub file: String,
    /// `changed` (the catalog change reaches it), `added` or `removed` (the file itself).
    pub status: &'static str,
    /// Event types it received (or may have) before and does not now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub no_longer_receives: Vec<String>,
    /// Event types it receives now and did not before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub now_receives: Vec<String>,
    /// Fields its filter reads that moved or changed type in a schema it receives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldImpact>,
    /// Breaking changes (under the diff's mode) of event types it receives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breaking: Vec<BreakingReach>,
}

/// A field a subscriber's filter reads, changed in a schema it receives.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct FieldImpact {
    pub event_type: String,
    /// Dotted path (`payload.state`).
    pub field: String,
    /// `removed` (NEW does not declare it) or `type_changed`.
    pub change: &'static str,
    /// The JSON types on each side (`string`, `integer or null`, `absent`).
    pub old: String,
    pub new: String,
}

/// Breaking changes of one event type that reach a subscriber.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct BreakingReach {
    pub event_type: String,
    pub file: String,
    /// The message of each breaking change (it starts with the field's path).
    pub changes: Vec<String>,
}

/// The subscribers a catalog change reaches: each subscriber analysed on OLD (with OLD's
/// subscription file) and on NEW (with NEW's), then compared.
pub fn subscriber_impacts(
    old: &Labeled,
    new: &Labeled,
    subs: [&[crate::subscriptions::Subscription]; 2],
    spec: &crate::subscriptions::matcher::EnvelopeSpec,
    report: &CatalogReport,
    mode: Mode,
) -> Vec<SubscriberImpact> {
    use crate::subscriptions::analysis::{analyse_cached, Cache, Doc};
    let caches = [Cache::default(), Cache::default()];
    let names: BTreeSet<&str> = subs[0]
        .iter()
        .chain(subs[1].iter())
        .map(|s| s.name.as_str())
        .collect();
    let mut out = Vec::new();
    for name in names {
        let o = subs[0].iter().find(|s| s.name == name);
        let n = subs[1].iter().find(|s| s.name == name);
        let ao = o.map(|s| analyse_cached(&old.catalog, s, spec, &caches[0]));
        let an = n.map(|s| analyse_cached(&new.catalog, s, spec, &caches[1]));
        let file = match (n, o) {
            (Some(s), _) | (None, Some(s)) => format!(
                "{}{}",
                if n.is_some() { &new.label } else { &old.label },
                s.path.to_string_lossy().replace('\\', "/")
            ),
            (None, None) => continue,
        };
        let status = match (o, n) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => "changed",
        };
        let before = ao.as_ref().map(|a| a.event_types()).unwrap_or_default();
        let after = an.as_ref().map(|a| a.event_types()).unwrap_or_default();
        let mut impact = SubscriberImpact {
            name: name.to_owned(),
            file,
            status,
            no_longer_receives: before.difference(&after).cloned().collect(),
            now_receives: after.difference(&before).cloned().collect(),
            fields: Vec::new(),
            breaking: Vec::new(),
        };
        if let (Some(ao), Some(an)) = (&ao, &an) {
            for t in before.intersection(&after) {
                let so = ao
                    .receptions
                    .iter()
                    .find(|r| &r.event_type == t)
                    .map(|r| r.schema);
                let sn = an
                    .receptions
                    .iter()
                    .find(|r| &r.event_type == t)
                    .map(|r| r.schema);
                let (Some(so), Some(sn)) = (so, sn) else {
                    continue;
                };
                let (Some(bo), Some(bn)) = (
                    caches[0].bundle(&old.catalog, so),
                    caches[1].bundle(&new.catalog, sn),
                ) else {
                    continue;
                };
                let (d_old, d_new) = (Doc { root: &bo }, Doc { root: &bn });
                for path in &an.fields {
                    if path.len() == 1 && (path[0] == "event_type" || path[0] == "version") {
                        continue;
                    }
                    let at_old = d_old.at_path(path);
                    if at_old.is_empty() {
                        continue;
                    }
                    let at_new = d_new.at_path(path);
                    let bits =
                        |d: &Doc, at: &[&Value]| at.iter().fold(u8::MAX, |a, n| a & d.types(n));
                    let ob = bits(&d_old, &at_old);
                    let (change, nw) = if at_new.is_empty() {
                        ("removed", "absent".to_owned())
                    } else {
                        let nb = bits(&d_new, &at_new);
                        if nb == ob {
                            continue;
                        }
                        (
                            "type_changed",
                            crate::subscriptions::analysis::type_words(nb),
                        )
                    };
                    impact.fields.push(FieldImpact {
                        event_type: t.clone(),
                        field: path.join("."),
                        change,
                        old: crate::subscriptions::analysis::type_words(ob),
                        new: nw,
                    });
                }
            }
        }
        for pr in &report.schemas {
            let Some(t) = &pr.event_type else { continue };
            if !before.contains(t) {
                continue;
            }
            let mut changes: Vec<String> = Vec::new();
            for c in pr
                .changes
                .iter()
                .filter(|c| breaks(c, mode) && pr.is_accepted(c).is_none_or(|a| a.expired))
            {
                if !changes.contains(&c.message) {
                    changes.push(c.message.clone());
                }
            }
            if !changes.is_empty() {
                impact.breaking.push(BreakingReach {
                    event_type: t.clone(),
                    file: pr.new.clone(),
                    changes,
                });
            }
        }
        let touched = !impact.no_longer_receives.is_empty()
            || !impact.now_receives.is_empty()
            || !impact.fields.is_empty()
            || !impact.breaking.is_empty();
        if touched || status != "changed" {
            out.push(impact);
        }
    }
    out
}

impl CatalogReport {
    /// Whether the gate lets the catalog change through under `mode`.
    pub fn passes(&self, mode: Mode) -> bool {
        let retired_ok = |r: &OneSided| {
            self.retired
                .iter()
                .any(|x| x.ok && x.event_type == r.event_type && x.file == r.file)
        };
        let removed_ok = self.removed.iter().all(retired_ok) || mode == Mode::Forward;
        let early = self.retired.iter().any(|r| !r.ok);
        let added_ok = self.added.is_empty() || mode == Mode::Backward;
        removed_ok
            && !early
            && added_ok
            && self.schemas.iter().all(|s| s.passes(mode))
            && self.shared.iter().all(|s| s.passes(mode))
    }
}

fn version_of(v: &Value) -> Option<String> {
    v.get("version").and_then(Value::as_str).map(str::to_owned)
}

/// Compares the schema at `oi` in `old` with the one at `ni` in `new`.
pub fn compare_pair(
    old: &Labeled,
    oi: usize,
    new: &Labeled,
    ni: usize,
    settings: Settings,
) -> Result<PairReport, CompareError> {
    let bundle = |side: &Labeled, i: usize| {
        side.catalog
            .bundle(i)
            .map_err(|error| CompareError::Bundle {
                label: side.label.clone(),
                error,
            })
    };
    let old_value = bundle(old, oi)?;
    let new_value = bundle(new, ni)?;
    let c: Comparison = super::compare(&old_value, &new_value, settings.policy);
    let bump = c.required_bump(settings.mode);
    let declared = super::declared(&old_value, &new_value, bump);
    let hints = rename_hints(&c.changes, &old_value, &new_value);
    let (os, ns) = (&old.catalog.schemas[oi], &new.catalog.schemas[ni]);
    Ok(PairReport {
        old: old.name(oi),
        new: new.name(ni),
        event_type: None,
        backward: c.backward,
        forward: c.forward,
        verdict: c.verdict(),
        required_bump: bump,
        declared,
        changes: c.changes,
        policy: c.policy,
        accepted: Vec::new(),
        reached_by: Vec::new(),
        via: Vec::new(),
        warnings: Vec::new(),
        hints,
        new_type: ns.event_types.first().cloned(),
        texts: (os.spans.text().to_owned(), ns.spans.text().to_owned()),
        documents_equal: c.documents_equal,
        versions: (version_of(&old_value), version_of(&new_value)),
        rels: (os.rel.clone(), ns.rel.clone()),
    })
}

/// Compares two single schema files: [`compare_pair`], a warning when they describe
/// different event types, and the acceptances keyed by NEW's event type (or file).
pub fn compare_files(
    old: &Labeled,
    oi: usize,
    new: &Labeled,
    ni: usize,
    settings: Settings,
    accepts: Acceptances,
) -> Result<PairReport, CompareError> {
    let mut report = compare_pair(old, oi, new, ni, settings)?;
    let (ot, nt) = (
        &old.catalog.schemas[oi].event_types,
        &new.catalog.schemas[ni].event_types,
    );
    if !ot.is_empty() && !nt.is_empty() && ot != nt {
        report.warnings.push(format!(
            "the two schemas describe different event types ({} → {}): is this the right pair?",
            ot.join(", "),
            nt.join(", ")
        ));
    }
    let rel = &new.catalog.schemas[ni].rel;
    let key = nt.first().unwrap_or(rel).clone();
    apply_accepts(&mut report, &key, rel, accepts);
    Ok(report)
}

/// Marks the changes of `report` that an acceptance covers. `event_type` is the pair's
/// event type (or file for a shared file), `rel` its file in NEW.
pub fn apply_accepts(report: &mut PairReport, event_type: &str, rel: &str, accepts: Acceptances) {
    let mut out = Vec::new();
    for c in &report.changes {
        if c.backward && c.forward {
            continue;
        }
        let human = super::human_path(&c.path);
        let hit = accepts.list.iter().find(|a| {
            a.event_type.as_deref().is_none_or(|e| e == event_type)
                && a.file.as_deref().is_none_or(|f| f == rel)
                && a.kind.as_deref().is_none_or(|k| k == c.kind.kind())
                && a.path.as_deref().is_none_or(|p| p == c.path || p == human)
        });
        if let Some(a) = hit {
            out.push(AcceptedChange {
                path: c.path.clone(),
                kind: c.kind.kind(),
                reason: a.reason.clone(),
                expires: a.expires.clone(),
                expired: a.expires.as_deref().is_some_and(|e| e < accepts.today),
            });
        }
    }
    report.accepted = out;
}

/// A property removed and one added at the same place with the same schema look like a
/// rename: say so once, rather than leaving the reader to match four changes.
fn rename_hints(changes: &[Change], old: &Value, new: &Value) -> Vec<String> {
    use ChangeKind::*;
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for c in changes {
        match &c.kind {
            PropertyRemovedOpenModel { name } | PropertyRemovedClosedModel { name } => {
                removed.push((c.path.clone(), name.clone()))
            }
            PropertyAddedOpenModel { name } | PropertyAddedClosedModel { name } => {
                added.push((c.path.clone(), name.clone()))
            }
            _ => {}
        }
    }
    let at = |root: &Value, path: &str, name: &str| -> Option<Value> {
        let obj = if path.ends_with(&format!("/properties/{}", escape(name))) {
            root.pointer(path)
        } else {
            root.pointer(&format!("{path}/properties/{}", escape(name)))
        };
        obj.cloned()
    };
    let parent = |path: &str, name: &str| -> String {
        path.strip_suffix(&format!("/properties/{}", escape(name)))
            .unwrap_or(path)
            .to_owned()
    };
    let mut out = Vec::new();
    for (rp, rn) in &removed {
        for (ap, an) in &added {
            if parent(rp, rn) != parent(ap, an) || rn == an {
                continue;
            }
            let (Some(a), Some(b)) = (at(old, rp, rn), at(new, ap, an)) else {
                continue;
            };
            if a == b {
                let place = super::human_path(&parent(rp, rn));
                out.push(format!(
                    "\"{rn}\" removed and \"{an}\" added with the same schema at {place}: looks like a rename (old events carry \"{rn}\", not \"{an}\")"
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

use crate::pointer::escape;

/// [`catalog_comparison`], refused when it compared nothing while the catalogs' files
/// differ: a gate must never pass over an empty comparison.
pub fn compare_catalogs(
    old: &Labeled,
    new: &Labeled,
    settings: Settings,
    accepts: Acceptances,
) -> Result<CatalogReport, CompareError> {
    let report = catalog_comparison(old, new, settings, accepts)?;
    if report.schemas.is_empty() && report.shared.is_empty() && differ(&old.catalog, &new.catalog) {
        return Err(CompareError::NothingCompared {
            old: old.root_name(),
            old_files: file_names(&old.catalog),
            new: new.root_name(),
            new_files: file_names(&new.catalog),
        });
    }
    Ok(report)
}

/// Pairs two catalogs by (event type, major version) and compares each pair; then the files
/// that claim no event type, by relative path and then `$id`, each compared as a schema.
pub fn catalog_comparison(
    old: &Labeled,
    new: &Labeled,
    settings: Settings,
    accepts: Acceptances,
) -> Result<CatalogReport, CompareError> {
    let pairing = crate::pairing::pair(&old.catalog, &new.catalog);
    let file_pairs = crate::pairing::pair_files(&old.catalog, &new.catalog);
    // the shared files whose text changed, by index in NEW
    let changed_files: BTreeMap<usize, usize> = file_pairs
        .iter()
        .filter(|(oi, ni)| {
            old.catalog.schemas[*oi].spans.text() != new.catalog.schemas[*ni].spans.text()
        })
        .map(|&(oi, ni)| (ni, oi))
        .collect();
    let mut reached_by: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    // a file describing several event types is compared once per pair of files; the pairs
    // are independent, so they are compared on every core
    let mut work: Vec<(usize, usize)> = pairing.pairs.iter().map(|p| (p.old, p.new)).collect();
    work.extend(changed_files.iter().map(|(&ni, &oi)| (oi, ni)));
    work.sort_unstable();
    work.dedup();
    let mut cache = compare_all(old, new, &work, settings)?;
    let mut schemas = Vec::new();
    for p in &pairing.pairs {
        let (et, oi, ni) = (&p.event_type, p.old, p.new);
        let Some(mut report) = cache.get(&(oi, ni)).cloned() else {
            continue;
        };
        report.event_type = Some(et.clone());
        let reached = crate::pairing::reached_files(&new.catalog, ni);
        for f in reached.iter().filter(|f| changed_files.contains_key(f)) {
            reached_by.entry(*f).or_default().insert(et.clone());
            report.via.push(new.catalog.schemas[*f].rel.clone());
        }
        retarget_witnesses(&mut report, et, old, oi, new, ni);
        apply_accepts(&mut report, et, &new.catalog.schemas[ni].rel, accepts);
        schemas.push(report);
    }
    // files without an event type that reach a changed shared file (webhook payload files)
    for &(_, ni) in &file_pairs {
        for f in crate::pairing::reached_files(&new.catalog, ni) {
            if changed_files.contains_key(&f) {
                reached_by
                    .entry(f)
                    .or_default()
                    .insert(new.catalog.schemas[ni].rel.clone());
            }
        }
    }
    let mut shared = Vec::new();
    for (&ni, &oi) in &changed_files {
        let Some(mut report) = cache.remove(&(oi, ni)) else {
            continue;
        };
        report.reached_by = reached_by
            .get(&ni)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        let rel = new.catalog.schemas[ni].rel.clone();
        apply_accepts(&mut report, &rel, &rel, accepts);
        shared.push(report);
    }
    accept_through_shared(&mut schemas, &shared, settings.mode);
    let one_sided = |list: &[crate::pairing::OneSided], side: &Labeled| -> Vec<OneSided> {
        list.iter()
            .map(|o| {
                let s = &side.catalog.schemas[o.index];
                OneSided {
                    event_type: o.event_type.clone(),
                    file: side.name(o.index),
                    rel: s.rel.clone(),
                    major: s.major(),
                    several: side
                        .catalog
                        .events
                        .get(&o.event_type)
                        .is_some_and(|l| l.len() > 1),
                    version: version_of(&s.value),
                }
            })
            .collect()
    };
    Ok(CatalogReport {
        schemas,
        retired: Vec::new(),
        shared,
        added: one_sided(&pairing.added, new),
        removed: one_sided(&pairing.removed, old),
        subscribers: Vec::new(),
    })
}

/// [`compare_pair`] for each pair of `work`, on as many threads as there are cores (and
/// pairs); the first error in `work` order wins, so errors are deterministic too.
fn compare_all(
    old: &Labeled,
    new: &Labeled,
    work: &[(usize, usize)],
    settings: Settings,
) -> Result<HashMap<(usize, usize), PairReport>, CompareError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(work.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, Result<PairReport, CompareError>)> = if threads <= 1 {
        work.iter()
            .enumerate()
            .map(|(i, &(oi, ni))| (i, compare_pair(old, oi, new, ni, settings)))
            .collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(&(oi, ni)) = work.get(i) else {
                                break;
                            };
                            done.push((i, compare_pair(old, oi, new, ni, settings)));
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    results.sort_by_key(|(i, _)| *i);
    let mut out = HashMap::with_capacity(results.len());
    for (i, r) in results {
        out.insert(work[i], r?);
    }
    Ok(out)
}

/// An event schema that changed only through shared files takes their acceptances.
fn accept_through_shared(schemas: &mut [PairReport], shared: &[PairReport], mode: Mode) {
    for r in schemas {
        if !r.same_text() || r.via.is_empty() || r.compatible(mode) {
            continue;
        }
        let through: Vec<&PairReport> = shared
            .iter()
            .filter(|s| {
                r.via
                    .iter()
                    .any(|v| s.new == *v || s.new.ends_with(&format!("/{v}")))
            })
            .collect();
        let all_accepted = through.len() == r.via.len()
            && through.iter().all(|s| s.passes(mode))
            && through.iter().any(|s| !s.compatible(mode));
        if !all_accepted {
            continue;
        }
        let reasons: Vec<String> = through
            .iter()
            .flat_map(|s| s.accepted.iter().map(|a| a.reason.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let reason = format!("through {}: {}", r.via.join(", "), reasons.join("; "));
        let covered: Vec<AcceptedChange> = r
            .changes
            .iter()
            .filter(|c| breaks(c, mode))
            .map(|c| AcceptedChange {
                path: c.path.clone(),
                kind: c.kind.kind(),
                reason: reason.clone(),
                expires: None,
                expired: false,
            })
            .collect();
        r.accepted.extend(covered);
    }
}

fn file_names(c: &Catalog) -> String {
    let mut v: Vec<&str> = c.schemas.iter().map(|s| s.rel.as_str()).take(6).collect();
    if c.schemas.len() > 6 {
        v.push("...");
    }
    if v.is_empty() {
        "no schema files".to_owned()
    } else {
        v.join(", ")
    }
}

/// Whether two catalogs differ in their set of files or any file's text.
fn differ(a: &Catalog, b: &Catalog) -> bool {
    a.schemas.len() != b.schemas.len()
        || a.schemas
            .iter()
            .zip(&b.schemas)
            .any(|(x, y)| x.rel != y.rel || x.spans.text() != y.spans.text())
}

/// A schema shared by several event types yields witnesses for one of them; in the result
/// for event type `et`, show a witness of that type when the schemas agree it is one.
fn retarget_witnesses(
    report: &mut PairReport,
    et: &str,
    old: &Labeled,
    oi: usize,
    new: &Labeled,
    ni: usize,
) {
    let needs = report.changes.iter().any(|c| {
        c.witness
            .as_ref()
            .is_some_and(|w| w.event.get("event_type").is_some_and(|t| t != et))
    });
    if !needs {
        return;
    }
    let compile = |side: &Labeled, i: usize| {
        side.catalog
            .bundle(i)
            .ok()
            .and_then(|b| super::build_validator(&b).ok())
    };
    let (Some(vo), Some(vn)) = (compile(old, oi), compile(new, ni)) else {
        return;
    };
    for change in &mut report.changes {
        let Some(w) = &mut change.witness else {
            continue;
        };
        if w.event.get("event_type").is_none_or(|t| t == et) {
            continue;
        }
        let mut candidate = w.event.clone();
        candidate["event_type"] = et.into();
        let (accepts, rejects) = match w.accepted_by {
            Side::Old => (&vo, &vn),
            Side::New => (&vn, &vo),
        };
        if accepts.is_valid(&candidate) && !rejects.is_valid(&candidate) {
            w.event = candidate;
        }
    }
}

/// Folds the reports of several old revisions compared with one NEW (newest revision
/// first) into one: the same old schema text seen at several revisions is listed once, and
/// only the newest revision decides what was added, removed or retired.
pub fn merge_history(reports: Vec<CatalogReport>) -> CatalogReport {
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut merged = CatalogReport::default();
    for (i, mut r) in reports.into_iter().enumerate() {
        r.schemas
            .retain(|s| seen.insert((s.event_type.clone().unwrap_or_default(), s.texts.0.clone())));
        r.shared
            .retain(|s| seen.insert((format!("file:{}", s.new), s.texts.0.clone())));
        merged.schemas.extend(r.schemas);
        merged.shared.extend(r.shared);
        if i == 0 {
            merged.retired = r.retired;
            merged.added = r.added;
            merged.removed = r.removed;
            merged.subscribers = r.subscribers;
        }
    }
    merged
}

/// The support window: months and days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub months: u32,
    pub days: u32,
}

impl Default for Window {
    /// The seed's policy: backward compatibility for 12 months.
    fn default() -> Self {
        Window {
            months: 12,
            days: 0,
        }
    }
}

impl std::str::FromStr for Window {
    type Err = String;

    /// `"12 months"`, `"1 month"`, `"90 days"`.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "evschema.toml [policy] support_window = \"{s}\": write e.g. \"12 months\" or \"90 days\""
            )
        };
        let mut it = s.split_whitespace();
        let n: u32 = it.next().and_then(|n| n.parse().ok()).ok_or_else(bad)?;
        let unit = it.next().ok_or_else(bad)?;
        if it.next().is_some() {
            return Err(bad());
        }
        match unit {
            "month" | "months" => Ok(Window { months: n, days: 0 }),
            "day" | "days" => Ok(Window { months: 0, days: n }),
            _ => Err(bad()),
        }
    }
}

impl Window {
    /// Adds the window to a `YYYY-MM-DD` date (the day is clamped to the month's length).
    pub fn after(self, date: &str) -> String {
        let num = |r: std::ops::Range<usize>| {
            date.get(r).and_then(|t| t.parse::<i64>().ok()).unwrap_or(0)
        };
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        let total = y * 12 + (m - 1) + i64::from(self.months);
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let len = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][(m - 1) as usize];
        let d = d.min(len);
        // days from civil, then the extra days, then back
        let yy = if m <= 2 { y - 1 } else { y };
        let era = yy.div_euclid(400);
        let yoe = yy - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468 + i64::from(self.days);
        civil_date(days * 86_400)
    }
}

/// DESIGN's versioning policy: a major may leave the catalog only once its successor has
/// been in it for the support window, or past its `x-sunset`. `added_date` gives the date a
/// file of NEW entered the catalog (`None`: not committed yet, read as today).
pub fn support_window(
    old: &Labeled,
    new: &Labeled,
    report: &CatalogReport,
    window: Window,
    today: &str,
    added_date: &mut dyn FnMut(&Path) -> Result<Option<String>, String>,
) -> Result<Vec<Retired>, CompareError> {
    let mut out = Vec::new();
    let pairing = crate::pairing::pair(&old.catalog, &new.catalog);
    for r in &pairing.removed {
        let gone = &old.catalog.schemas[r.index];
        let Some(major) = gone.major() else { continue };
        let successor = new
            .catalog
            .events
            .get(&r.event_type)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| new.catalog.schemas[i].major().is_some_and(|m| m > major))
            .min_by_key(|&i| new.catalog.schemas[i].major());
        let Some(si) = successor else { continue };
        let file = old.name(r.index);
        if !report.removed.iter().any(|x| x.file == file) {
            continue;
        }
        let succ = &new.catalog.schemas[si];
        let since = added_date(&succ.path)
            .map_err(CompareError::History)?
            .unwrap_or_else(|| today.to_owned());
        let window_ends = window.after(&since);
        let sunset = sunset_of(&gone.value);
        let ok = window_ends.as_str() <= today || sunset.as_deref().is_some_and(|s| s <= today);
        out.push(Retired {
            event_type: r.event_type.clone(),
            file,
            successor: new.name(si),
            successor_since: since,
            window_ends,
            sunset,
            ok,
        });
    }
    Ok(out)
}

/// The `x-sunset` date a schema declares at its root, when it is a date.
pub fn sunset_of(schema: &Value) -> Option<String> {
    schema
        .get("x-sunset")
        .and_then(Value::as_str)
        .filter(|d| is_date(d))
        .map(str::to_owned)
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok());
    matches!((num(0..4), num(5..7), num(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

/// The UTC date of a Unix timestamp (days-from-civil inverse, proleptic Gregorian).
pub fn civil_date(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_add_months_and_days() {
        let w: Window = "12 months".parse().unwrap();
        assert_eq!(w.after("2025-02-28"), "2026-02-28");
        assert_eq!(w.after("2024-02-29"), "2025-02-28");
        let d: Window = "90 days".parse().unwrap();
        assert_eq!(d.after("2026-01-01"), "2026-04-01");
        assert!("12 weeks".parse::<Window>().is_err());
        assert!("months".parse::<Window>().is_err());
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(951_782_400), "2000-02-29");
        assert!(is_date("2026-12-31"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-1-01"));
    }

    #[test]
    fn acceptances_need_a_reason_and_a_target() {
        let mut a = Acceptance {
            reason: "known".into(),
            ..Default::default()
        };
        assert!(a
            .check()
            .unwrap_err()
            .to_string()
            .contains("at least one of"));
        a.event_type = Some("x".into());
        assert!(a.check().is_ok());
        a.expires = Some("soon".into());
        assert!(matches!(a.check(), Err(AcceptanceError::BadExpiry { .. })));
        a.reason = " ".into();
        assert_eq!(a.check(), Err(AcceptanceError::NoReason));
    }
}
