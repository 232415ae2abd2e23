//! The compatibility engine behind `evschema diff` (DESIGN.md, "What compatible means").
//!
//! [`compare`] decides backward (OLD ⊆ NEW) and forward (NEW ⊆ OLD) inclusion with a sound
//! inclusion checker (a direction is `true` only when proved), then explains the result with a
//! list of typed [`Change`]s, each with its effect and, for breaking ones, a witness event that
//! the validator accepts on one side and rejects on the other.
//!
//! No printing, no CLI: the caller renders the [`Comparison`].
//!
//! # How a direction is proved
//!
//! 0. Every `$ref` is resolved against its base URI (the nearest enclosing `$id`, RFC 3986)
//!    and rewritten as a document pointer (`base`); one that resolves to nothing in the
//!    document is never proved.
//! 1. Local `$ref`s are inlined (`prep`); a ref that cannot be unfolded finitely (recursion,
//!    non-local, `$ref` with sibling keywords under draft ≤ 7) stays in place and is only
//!    ever proved by structural identity, including everything it reaches.
//! 2. `subset::Cx::sub(a, b)` proves `a ⊆ b` with sufficient rules only: identical
//!    conjuncts factored out; `allOf` on the left merged into one node (what cannot be merged
//!    exactly stays a conjunct, and one conjunct ⊆ b suffices); `anyOf`/`oneOf` on the left
//!    branch by branch; `allOf` on the right conjunct by conjunct; `anyOf` on the right by a
//!    branch per JSON type; `oneOf` on the right by a branch plus disjointness from the others;
//!    `not` and `if/then/else` on the right by inclusion/disjointness; then per JSON type:
//!    numeric bounds (integer-aware, draft-04 flags), `multipleOf` divisibility, string
//!    lengths (with those a `format` implies), equal `pattern`/`format`, arrays (tuples, rest, counts, `uniqueItems`,
//!    `contains`), objects (named, pattern and other properties, `required`, counts,
//!    `propertyNames`, dependencies). Listed values (`enum`/`const`) are checked with the
//!    validator itself, every spelling of their numbers included.
//! 3. Anything else on the right (a keyword the engine does not reason about, a different
//!    regex, a different `format`, `unevaluated*` next to applicators) fails with a reason.
//!    Keywords are read per draft: text that means different things under the two sides'
//!    drafts is never taken as equal.
//!
//! Numbers are exact (`num`): the rationals of what `serde_json` holds (u64, i64, or an f64
//! through its bits), and every bound proof must also hold where numbers are held as f64;
//! integral enum values are checked in every spelling, and draft-04 `integer` readings that
//! validators disagree on are never relied on.
//!
//! When a direction is not proved, `blame` tries each change no witness explains alone and
//! reverted alone, to label harmless ones compatible and name the one that blocks the proof.
//!
//! Lenient policy: on the side quantified over, the object schema reached at each instance
//! location is closed with every name declared by any subschema applying there (`prep::close`),
//! which is exactly the stated assumption; witnesses carry only declared properties.
//!
//! # Left out (reported as "cannot prove", never as compatible)
//!
//! Regex inclusion between different patterns; `format` implied by a `pattern` (or the
//! reverse); recursive schemas that differ; `unevaluatedProperties`/`unevaluatedItems`
//! next to in-place applicators; `$dynamicRef`/
//! `$recursiveRef`; `contains` with `maxContains` unless identical; `multipleOf` inclusion
//! with a non-integer divisor unless the left side is bounded within ±2^53; a number literal
//! `f64` cannot hold (`9007199254740993.0`) is read as the f64 it parses to, as `validate`
//! reads it; an `if/then/else` on the left whose `if` differs from the right's.

mod base;
mod blame;
mod detect;
mod model;
mod num;
mod prep;
pub mod report;
pub(crate) mod subset;
mod witness;

#[cfg(test)]
mod exact_tests;
#[cfg(test)]
mod soundness_tests;
#[cfg(test)]
mod tests;

pub use model::{Bump, Change, ChangeKind, Comparison, Declared, Mode, Policy, Side, Witness};

use serde_json::Value;

use detect::{Detector, Raw};
use prep::{close, inline};
use subset::{short, Cx, Fail};

/// How many changes get a witness search (each costs a few hundred validations at most).
const WITNESS_LIMIT: usize = 64;

impl Note {
    /// `head`, and for the change that blocks the proof, why and that it is this one.
    fn unproved(&self, head: &str) -> String {
        match (&self.reason, self.blocks) {
            (Some(why), true) => format!("{head} (this change alone blocks the proof: {why})"),
            _ => head.to_string(),
        }
    }
}

/// How many changes get tried alone and reverted alone (two proofs each at most).
const BLAME_LIMIT: usize = 32;

/// What trying one change alone said about one direction it is not shown to break.
#[derive(Debug, Clone, Default)]
struct Note {
    /// OLD with only this change is proved in that direction.
    harmless: bool,
    /// NEW with only this change reverted is proved in that direction.
    blocks: bool,
    /// Why OLD with only this change was not proved.
    reason: Option<String>,
}

/// Compare two self-contained root schemas (only local `$ref`s) under `policy`.
pub fn compare(old: &Value, new: &Value, policy: Policy) -> Comparison {
    let documents_equal = old == new;
    // every `$ref` as a document pointer, resolved against its base URI
    let abs = [
        base::absolutize(old, crate::draft::Draft::of(old)),
        base::absolutize(new, crate::draft::Draft::of(new)),
    ];
    let cx = Cx::prepared([old, new], [&abs[0], &abs[1]]);
    let inlined = [
        inline(&abs[0], cx.sides[0].d),
        inline(&abs[1], cx.sides[1].d),
    ];
    // identical documents accept identical sets, however ill-founded: nothing to report
    let ill = unknown_draft([old, new])
        .or_else(|| {
            inlined.iter().position(|i| i.ill_founded).map(|s| Fail {
                path: String::new(),
                msg: format!(
                    "{} has a $ref cycle that never moves into the event (such as a definition that is `not` itself); what it accepts is not well defined",
                    side_name(s)
                ),
            })
        })
        .filter(|_| !documents_equal);
    let [t0, t1] = inlined;
    let trees = [t0.tree, t1.tree];
    let lenient = policy == Policy::Lenient;
    let closed = lenient.then(|| [close(&trees[0]), close(&trees[1])]);
    let left = |s: usize| closed.as_ref().map_or(&trees[s], |c| &c[s]);
    cx.reset_budget();
    let back = if documents_equal {
        Ok(())
    } else if let Some(f) = &ill {
        Err(f.clone())
    } else {
        cx.sub(left(0), 0, &trees[1], 1, "", 0)
    };
    cx.reset_budget();
    let fwd = if documents_equal {
        Ok(())
    } else if let Some(f) = &ill {
        Err(f.clone())
    } else {
        cx.sub(left(1), 1, &trees[0], 0, "", 0)
    };
    // the accepted sets are compared without the lenient assumption
    let same_set = if documents_equal {
        true
    } else if ill.is_some() {
        false
    } else if lenient {
        cx.reset_budget();
        let b = cx.sub(&trees[0], 0, &trees[1], 1, "", 0).is_ok();
        cx.reset_budget();
        b && cx.sub(&trees[1], 1, &trees[0], 0, "", 0).is_ok()
    } else {
        back.is_ok() && fwd.is_ok()
    };
    let mut raws = Vec::new();
    if !documents_equal {
        let mut d = Detector::new(&cx, policy);
        d.detect(&trees[0], &trees[1], "");
        raws = d.out;
    }
    // the list can never be more optimistic than the proof, and a proved direction
    // cannot be broken by any single change
    for r in &mut raws {
        if back.is_ok() {
            r.backward = true;
        }
        if fwd.is_ok() {
            r.forward = true;
        }
    }
    if let Some(f) = &ill {
        raws.push(Raw {
            kind: ChangeKind::Unproven {
                reason: f.msg.clone(),
            },
            path: f.path.clone(),
            backward: false,
            forward: false,
        });
    }
    let tree_refs = [&trees[0], &trees[1]];
    let closed_refs = closed.as_ref().map(|c| [&c[0], &c[1]]);
    // a checked witness per broken direction; the change carries the first, the message says
    // "breaks" only for directions a witness shows
    let search = |i: usize, r: &Raw| -> [Option<Value>; 2] {
        let mut found: [Option<Value>; 2] = [None, None];
        if i < WITNESS_LIMIT {
            for (acc, broken) in [(0, !r.backward), (1, !r.forward)] {
                if broken {
                    found[acc] = cx.find_witness(tree_refs, acc, &r.path, closed_refs);
                }
            }
        }
        found
    };
    let mut found: Vec<[Option<Value>; 2]> =
        raws.iter().enumerate().map(|(i, r)| search(i, r)).collect();
    // a change no witness shows breaking a direction: proved harmless alone, or the one that
    // blocks the proof
    let mut notes: Vec<[Note; 2]> = vec![[Note::default(), Note::default()]; raws.len()];
    if ill.is_none()
        && blame::applicable(tree_refs, [cx.sides[0].d, cx.sides[1].d])
        && raws.len() > 1
    {
        // OLD (closed under lenient) against `new` backward, `new` (closed) against OLD forward
        let prove_dir = |dir: usize, new: &Value| -> Result<(), Fail> {
            cx.reset_budget();
            if dir == 0 {
                cx.sub(left(0), 0, new, 1, "", 0)
            } else if lenient {
                cx.sub(&close(new), 1, &trees[0], 0, "", 0)
            } else {
                cx.sub(new, 1, &trees[0], 0, "", 0)
            }
        };
        let proved = [back.is_ok(), fwd.is_ok()];
        let mut cache: std::collections::HashMap<(Vec<String>, usize), Note> =
            std::collections::HashMap::new();
        let mut tried = 0;
        for (i, r) in raws.iter_mut().enumerate() {
            for dir in 0..2 {
                let ok = if dir == 0 { r.backward } else { r.forward };
                if ok || proved[dir] || found[i][dir].is_some() || tried >= BLAME_LIMIT {
                    continue;
                }
                let at = blame::locations(&r.kind, &r.path, tree_refs);
                let note = cache
                    .entry((at.clone(), dir))
                    .or_insert_with(|| {
                        tried += 1;
                        let mut n = Note::default();
                        let Some(alone) = blame::graft(&trees[0], &trees[1], &at) else {
                            return n;
                        };
                        match prove_dir(dir, &alone) {
                            Ok(()) => n.harmless = true,
                            Err(f) => {
                                n.reason = Some(f.msg);
                                n.blocks = blame::graft(&trees[1], &trees[0], &at)
                                    .is_some_and(|rev| prove_dir(dir, &rev).is_ok());
                            }
                        }
                        n
                    })
                    .clone();
                if note.harmless {
                    if dir == 0 {
                        r.backward = true;
                    } else {
                        r.forward = true;
                    }
                }
                notes[i][dir] = note;
            }
        }
    }
    // the list can never be more optimistic than the proof
    let unproven = |back: bool, fwd: bool, f: &Fail| Raw {
        kind: ChangeKind::Unproven {
            reason: f.msg.clone(),
        },
        path: f.path.clone(),
        backward: back,
        forward: fwd,
    };
    if let Err(f) = &back {
        if !raws.iter().any(|r| !r.backward) {
            let r = unproven(false, fwd.is_ok(), f);
            found.push(search(raws.len(), &r));
            notes.push(Default::default());
            raws.push(r);
        }
    }
    if let Err(f) = &fwd {
        if !raws.iter().any(|r| !r.forward) {
            let r = unproven(back.is_ok(), false, f);
            found.push(search(raws.len(), &r));
            notes.push(Default::default());
            raws.push(r);
        }
    }
    let mut changes: Vec<Change> = raws
        .into_iter()
        .zip(found)
        .zip(notes)
        .map(|((r, found), notes)| {
            let message = message(&r, policy, [found[0].is_some(), found[1].is_some()], &notes);
            let [wb, wf] = found;
            let witness = wb
                .map(|event| Witness {
                    accepted_by: Side::Old,
                    event,
                })
                .or_else(|| {
                    wf.map(|event| Witness {
                        accepted_by: Side::New,
                        event,
                    })
                });
            let blocks_proof = [("backward", &notes[0]), ("forward", &notes[1])]
                .into_iter()
                .filter(|(_, n)| n.blocks)
                .map(|(d, _)| d)
                .collect();
            Change {
                kind: r.kind,
                path: r.path,
                backward: r.backward,
                forward: r.forward,
                message,
                witness,
                blocks_proof,
            }
        })
        .collect();
    changes.sort_by(|a, b| (a.path.as_str(), a.kind.kind()).cmp(&(b.path.as_str(), b.kind.kind())));
    Comparison {
        backward: back.is_ok(),
        forward: fwd.is_ok(),
        changes,
        policy,
        accepted_set_changed: !same_set,
        documents_equal,
    }
}

/// Why a direction was not proved: the location and the prover's own reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unproved {
    pub path: String,
    pub reason: String,
}

fn side_name(s: usize) -> &'static str {
    if s == 0 {
        "OLD"
    } else {
        "NEW"
    }
}

/// A side whose `$schema` names no draft (and no metaschema evschema can see): `validate`
/// refuses to compile it, so nothing is proved of it either.
fn unknown_draft(docs: [&Value; 2]) -> Option<Fail> {
    docs.iter().enumerate().find_map(|(s, d)| {
        let uri = d.get("$schema")?.as_str()?;
        (!crate::draft::detect(d).known()).then(|| Fail {
            path: String::new(),
            msg: format!(
                "{}'s $schema \"{uri}\" names no JSON Schema draft evschema knows (diff does not follow custom metaschemas); what it accepts is not known",
                side_name(s)
            ),
        })
    })
}

/// The inclusion proofs alone, strict policy: `[backward, forward]`, each `Ok` when proved,
/// else the prover's first reason (what [`compare`]'s change list explains at length).
pub fn prove(old: &Value, new: &Value) -> [Result<(), Unproved>; 2] {
    if old == new {
        return [Ok(()), Ok(())];
    }
    let abs = [
        base::absolutize(old, crate::draft::Draft::of(old)),
        base::absolutize(new, crate::draft::Draft::of(new)),
    ];
    let cx = Cx::prepared([old, new], [&abs[0], &abs[1]]);
    let inlined = [
        inline(&abs[0], cx.sides[0].d),
        inline(&abs[1], cx.sides[1].d),
    ];
    let ill = unknown_draft([old, new]).map(|f| f.msg).or_else(|| {
        inlined
            .iter()
            .any(|i| i.ill_founded)
            .then(|| "a $ref cycle that never moves into the event".to_owned())
    });
    if let Some(reason) = ill {
        let f = Unproved {
            path: String::new(),
            reason,
        };
        return [Err(f.clone()), Err(f)];
    }
    let [t0, t1] = inlined;
    let conv = |r: Result<(), Fail>| {
        r.map_err(|f| Unproved {
            path: f.path,
            reason: f.msg,
        })
    };
    cx.reset_budget();
    let back = conv(cx.sub(&t0.tree, 0, &t1.tree, 1, "", 0));
    cx.reset_budget();
    let fwd = conv(cx.sub(&t1.tree, 1, &t0.tree, 0, "", 0));
    [back, fwd]
}

/// A validator for a self-contained root schema with the settings the engine checks
/// witnesses with, which are `validate`'s ([`crate::validator::options`]): the draft from
/// `$schema` and `format` asserted. Errors name why it does not compile.
pub fn build_validator(
    schema: &Value,
) -> Result<jsonschema::Validator, crate::validator::SchemaError> {
    crate::validator::options(schema, true)?
        .build(schema)
        .map_err(crate::validator::SchemaError::invalid)
}

/// DESIGN "declared.ok": NEW's top-level `version` must be at least the required bump
/// over OLD's. `None` when either side has no string `version`.
pub fn declared(old: &Value, new: &Value, bump: Bump) -> Option<Declared> {
    let o = old.get("version")?.as_str()?;
    let n = new.get("version")?.as_str()?;
    let (Ok(ov), Ok(nv)) = (semver::Version::parse(o), semver::Version::parse(n)) else {
        return Some(Declared {
            old: o.to_string(),
            new: n.to_string(),
            ok: false,
            needs: None,
        });
    };
    let needed = match bump {
        Bump::None => None,
        Bump::Patch => Some(if ov.pre.is_empty() {
            semver::Version::new(ov.major, ov.minor, ov.patch + 1)
        } else {
            semver::Version::new(ov.major, ov.minor, ov.patch)
        }),
        Bump::Minor => Some(semver::Version::new(ov.major, ov.minor + 1, 0)),
        Bump::Major => Some(semver::Version::new(ov.major + 1, 0, 0)),
    };
    let ok = match (&needed, bump) {
        (None, _) => true,
        (Some(_), Bump::Patch) => nv > ov,
        (Some(min), _) => nv >= *min,
    };
    Some(Declared {
        old: o.to_string(),
        new: n.to_string(),
        ok,
        needs: if ok {
            None
        } else {
            needed.map(|v| v.to_string())
        },
    })
}

/// `payload.state` from `/properties/payload/properties/state`.
pub fn human_path(path: &str) -> String {
    let segs = crate::pointer::parse(path);
    let mut out = String::new();
    let mut i = 0;
    while i < segs.len() {
        let s = segs[i].as_str();
        let next = segs.get(i + 1);
        match (s, next) {
            ("properties", Some(n)) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(n);
                i += 2;
            }
            ("items" | "prefixItems", Some(n)) if n.parse::<usize>().is_ok() => {
                out.push_str(&format!("[{n}]"));
                i += 2;
            }
            ("items", _) => {
                out.push_str("[]");
                i += 1;
            }
            ("additionalProperties", _) => {
                out.push_str(if out.is_empty() { "*" } else { ".*" });
                i += 1;
            }
            ("patternProperties", Some(p)) => {
                out.push_str(&format!("{}/{p}/", if out.is_empty() { "" } else { "." }));
                i += 2;
            }
            ("allOf", Some(_)) => {
                // a conjunct describes the same value: no step in the reader's path
                i += 2;
            }
            ("anyOf" | "oneOf", Some(n)) => {
                out.push_str(&format!(" {s}[{n}]"));
                i += 2;
            }
            _ => break,
        }
    }
    if out.is_empty() {
        "(root)".into()
    } else {
        out.trim().to_string()
    }
}

/// What the change does to each direction; "breaks" only where a checked witness shows it.
fn effect_text(b: bool, f: bool, shown: [bool; 2], notes: &[Note; 2]) -> String {
    if b && f {
        return "accepted events unchanged in both directions".into();
    }
    if !b && !f && !shown[0] && !shown[1] && notes[0].blocks && notes[1].blocks {
        return notes[0]
            .unproved("neither backward nor forward compatibility could be proved")
            .replace("blocks the proof", "blocks both proofs");
    }
    let mut parts = Vec::new();
    if !b {
        parts.push(if shown[0] {
            "events valid under the old schema are now rejected (breaks backward compatibility)"
                .to_string()
        } else {
            notes[0].unproved("backward compatibility could not be proved")
        });
    }
    if !f {
        parts.push(if shown[1] {
            "events from an upgraded producer are rejected by consumers on the old schema (breaks forward compatibility)".to_string()
        } else {
            notes[1].unproved("forward compatibility could not be proved")
        });
    }
    parts.join("; ")
}

fn bound(kw: &str, old: &Value, new: &Value) -> String {
    match (old, new) {
        (Value::Null, n) => format!("{kw} {} added", short(n)),
        (o, Value::Null) => format!("{kw} {} removed", short(o)),
        (o, n) => format!("{kw} changed from {} to {}", short(o), short(n)),
    }
}

fn list(vs: &[Value]) -> String {
    vs.iter().map(short).collect::<Vec<_>>().join(", ")
}

fn message(r: &Raw, policy: Policy, shown: [bool; 2], notes: &[Note; 2]) -> String {
    use ChangeKind::*;
    let at = human_path(&r.path);
    let eff = effect_text(r.backward, r.forward, shown, notes);
    let s = |v: &Value| short(v);
    let head = match &r.kind {
        TypeWidened { old, new } => format!("type widened from {} to {}", s(old), s(new)),
        TypeNarrowed { old, new } => format!("type narrowed from {} to {}", s(old), s(new)),
        TypeChanged { old, new } => format!("type changed from {} to {}", s(old), s(new)),
        PropertyAddedOpenModel { name } => {
            if policy == Policy::Lenient {
                format!("optional property \"{name}\" added (lenient policy: events are assumed to carry no undeclared properties)")
            } else {
                return format!(
                    "{at}: property \"{name}\" added to an open object — old events may already carry \"{name}\" with any value (open content model: no `additionalProperties: false`), and the new schema now constrains it; {eff}. Close the object with `additionalProperties: false`, or use `--policy lenient` if events never carry undeclared properties"
                );
            }
        }
        PropertyAddedClosedModel { name } => format!("property \"{name}\" added to a closed object (additionalProperties: false) — new events carrying it are rejected by the old schema"),
        PropertyRemovedOpenModel { name } => format!("property \"{name}\" removed from an open object — the new schema accepts any value for it"),
        PropertyRemovedClosedModel { name } => format!("property \"{name}\" removed from a closed object — events carrying it, valid before, are now rejected"),
        RequiredAdded { name } => format!("property \"{name}\" is now required — events without it, valid before, are now rejected"),
        RequiredRemoved { name } => format!("property \"{name}\" is no longer required — new events may omit it"),
        MinimumRaised { old, new } | MinimumLowered { old, new } => bound("minimum", old, new),
        MaximumRaised { old, new } | MaximumLowered { old, new } => bound("maximum", old, new),
        ExclusiveMinimumRaised { old, new } | ExclusiveMinimumLowered { old, new } => bound("exclusiveMinimum", old, new),
        ExclusiveMaximumRaised { old, new } | ExclusiveMaximumLowered { old, new } => bound("exclusiveMaximum", old, new),
        MinLengthRaised { old, new } | MinLengthLowered { old, new } => bound("minLength", old, new),
        MaxLengthRaised { old, new } | MaxLengthLowered { old, new } => bound("maxLength", old, new),
        MinItemsRaised { old, new } | MinItemsLowered { old, new } => bound("minItems", old, new),
        MaxItemsRaised { old, new } | MaxItemsLowered { old, new } => bound("maxItems", old, new),
        MinPropertiesRaised { old, new } | MinPropertiesLowered { old, new } => bound("minProperties", old, new),
        MaxPropertiesRaised { old, new } | MaxPropertiesLowered { old, new } => bound("maxProperties", old, new),
        MultipleOfAdded { new } => format!("multipleOf {} added", s(new)),
        MultipleOfRemoved { old } => format!("multipleOf {} removed", s(old)),
        MultipleOfChanged { old, new, .. } => format!("multipleOf changed from {} to {}", s(old), s(new)),
        EnumAdded { new } => format!("values restricted to the enum {}", s(new)),
        EnumRemoved { old } => format!("enum {} removed — any value of the type is now accepted", s(old)),
        EnumExtended { added } => format!("enum value{} {} added", if added.len() > 1 { "s" } else { "" }, list(added)),
        EnumNarrowed { removed } => format!("enum value{} {} removed — events carrying {}, valid before, are now rejected", if removed.len() > 1 { "s" } else { "" }, list(removed), if removed.len() > 1 { "them" } else { "it" }),
        EnumChanged { added, removed } => format!("enum values {} added and {} removed", list(added), list(removed)),
        ConstAdded { new } => format!("value pinned to const {}", s(new)),
        ConstRemoved { old } => format!("const {} removed", s(old)),
        ConstChanged { old, new } => format!("const changed from {} to {}", s(old), s(new)),
        PatternAdded { new } => format!("strings must now match /{new}/"),
        PatternRemoved { old } => format!("pattern /{old}/ removed"),
        PatternChanged { old, new } => format!("pattern changed from /{old}/ to /{new}/ (inclusion between different regexes is not decided)"),
        FormatAdded { new } => format!("format `{new}` added (format is asserted)"),
        FormatRemoved { old } => format!("format `{old}` removed"),
        FormatChanged { old, new } => format!("format changed from `{old}` to `{new}`"),
        UniqueItemsAdded => "items must now be unique".into(),
        UniqueItemsRemoved => "items no longer need to be unique".into(),
        AdditionalPropertiesNarrowed { new, .. } => format!("additionalProperties restricted to {}", s(new)),
        AdditionalPropertiesWidened { old, .. } => format!("additionalProperties {} lifted", s(old)),
        AdditionalPropertiesChanged { old, new } => format!("additionalProperties changed from {} to {}", s(old), s(new)),
        ItemsAdded { .. } => "array items are now constrained".into(),
        ItemsRemoved { .. } => "array items are no longer constrained".into(),
        ItemsFormChanged => "items changed between a single schema and a tuple".into(),
        AdditionalItemsNarrowed { new, .. } => format!("additionalItems restricted to {}", s(new)),
        AdditionalItemsWidened { old, .. } => format!("additionalItems {} lifted", s(old)),
        PrefixItemsAdded { count } => format!("{count} tuple position(s) added"),
        PrefixItemsRemoved { count } => format!("{count} tuple position(s) removed"),
        ContainsAdded => "arrays must now contain a matching item (contains added)".into(),
        ContainsRemoved => "contains removed".into(),
        ContainsChanged => "contains changed".into(),
        PropertyNamesAdded => "property names are now constrained".into(),
        PropertyNamesRemoved => "property names are no longer constrained".into(),
        DependenciesAdded { name } => format!("dependency on \"{name}\" added"),
        DependenciesRemoved { name } => format!("dependency on \"{name}\" removed"),
        DependenciesChanged { name } => format!("dependency on \"{name}\" changed"),
        PatternPropertiesAdded { pattern } => format!("patternProperties /{pattern}/ added"),
        PatternPropertiesRemoved { pattern } => format!("patternProperties /{pattern}/ removed"),
        UnevaluatedPropertiesAdded => "unevaluatedProperties added".into(),
        UnevaluatedPropertiesRemoved => "unevaluatedProperties removed".into(),
        UnevaluatedPropertiesChanged => "unevaluatedProperties changed".into(),
        UnevaluatedItemsChanged => "unevaluatedItems changed".into(),
        AnyOfBranchAdded { index } => format!("anyOf branch {index} added"),
        AnyOfBranchRemoved { index } => format!("anyOf branch {index} removed"),
        OneOfBranchAdded { index } => format!("oneOf branch {index} added (an event matching two branches is rejected)"),
        OneOfBranchRemoved { index } => format!("oneOf branch {index} removed"),
        AllOfBranchAdded { index } => format!("allOf branch {index} added"),
        AllOfBranchRemoved { index } => format!("allOf branch {index} removed"),
        NotAdded => "`not` added".into(),
        NotRemoved => "`not` removed".into(),
        NotChanged => "`not` schema changed".into(),
        IfThenElseChanged => "if/then/else changed".into(),
        RefTargetChanged { old, new } => format!("$ref {} / {} could not be unfolded and differs", s(old), s(new)),
        SchemaReplaced => "subschema replaced".into(),
        AnnotationChanged { keyword } => format!("annotation `{keyword}` changed"),
        UnknownKeywordChanged { keyword } => format!("keyword `{keyword}` changed; the engine does not reason about it, so nothing can be proved"),
        Unproven { reason } => {
            let dirs = match (r.backward, r.forward) {
                (false, false) => "backward or forward compatibility",
                (false, true) => "backward compatibility",
                _ => "forward compatibility",
            };
            if shown.iter().any(|x| *x) {
                // the search found a real counterexample where the proof failed
                return format!("{at}: {reason}; {eff}");
            }
            return format!("{at}: could not prove {dirs}: {reason}");
        }
    };
    if head.contains(" — ") {
        // the head already says what the change does: only name the direction
        return format!(
            "{at}: {head} ({})",
            short_effect(r.backward, r.forward, shown, notes)
        );
    }
    format!("{at}: {head}; {eff}")
}

/// The direction a change breaks, in a few words.
fn short_effect(b: bool, f: bool, shown: [bool; 2], notes: &[Note; 2]) -> String {
    let dir = |ok: bool, shown: bool, name: &str, note: &Note| -> Option<String> {
        (!ok).then(|| {
            if shown {
                format!("breaks {name}")
            } else {
                note.unproved(&format!("{name} not proved"))
            }
        })
    };
    let parts: Vec<String> = [
        dir(b, shown[0], "backward", &notes[0]),
        dir(f, shown[1], "forward", &notes[1]),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "compatible".into()
    } else {
        parts.join(", ")
    }
}
