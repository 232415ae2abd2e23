//! Event contract: the DESIGN.md envelope, versioning and documentation of event schemas.

use serde_json::{Map, Value};

use super::with_refs;
use crate::lint::walk::{type_set, Via};
use crate::lint::{FileCx, Out};

/// The envelope members every event schema defines and requires, in DESIGN.md order.
pub const ENVELOPE: [&str; 5] = ["event_type", "event_id", "timestamp", "version", "payload"];

/// Files the contract rules apply to: in a channel folder, or naming event types.
pub fn is_event_file(cx: &FileCx) -> bool {
    cx.file.channel.is_some() || cx.file.is_event_schema()
}

fn envelope<'a>(cx: &FileCx<'a>, name: &str) -> Option<&'a Map<String, Value>> {
    cx.file.value.get("properties")?.get(name)?.as_object()
}

/// E201 envelope-missing
pub fn envelope_missing(cx: &FileCx, out: &mut Out) {
    if !is_event_file(cx) {
        return;
    }
    for name in ENVELOPE {
        if envelope(cx, name).is_none() {
            let at = if cx.file.value.get("properties").is_some() {
                "/properties"
            } else {
                ""
            };
            out.key(
                at,
                format!("the event envelope has no \"{name}\" property"),
                format!("define properties.{name} (every event carries event_type, event_id, timestamp, version and payload)"),
            );
        }
    }
}

/// E202 envelope-not-required
pub fn envelope_not_required(cx: &FileCx, out: &mut Out) {
    if !is_event_file(cx) {
        return;
    }
    let required: Vec<&str> = cx
        .file
        .value
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for name in ENVELOPE {
        if envelope(cx, name).is_some() && !required.contains(&name) {
            let at = if cx.file.value.get("required").is_some() {
                "/required".to_owned()
            } else {
                format!("/properties/{name}")
            };
            out.key(
                &at,
                format!(
                    "envelope property \"{name}\" is not required: events without it would pass"
                ),
                format!("add \"{name}\" to the top-level \"required\""),
            );
        }
    }
}

/// Dotted lower-case event type names: `license.expiration.warning.90d`.
pub fn is_event_type_name(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && !p.starts_with('_')
                && !p.ends_with('_')
        })
        && parts[0].as_bytes()[0].is_ascii_lowercase()
}

/// E203 event-type-name
pub fn event_type_name(cx: &FileCx, out: &mut Out) {
    if !is_event_file(cx) {
        return;
    }
    let Some(et) = envelope(cx, "event_type") else {
        return;
    };
    let help = "event types are dotted lower-case names: letters, digits and '_' between dots (license.expiration.warning.90d)";
    let check = |out: &mut Out, ptr: String, v: &Value| match v.as_str() {
        Some(s) if is_event_type_name(s) => {}
        Some(s) => out.value(
            &ptr,
            format!("event type \"{s}\" is not a dotted lower-case name"),
            help,
        ),
        None => out.value(&ptr, format!("event type {v} is not a string"), help),
    };
    if let Some(c) = et.get("const") {
        check(out, "/properties/event_type/const".to_owned(), c);
    } else if let Some(Value::Array(e)) = et.get("enum") {
        for (i, v) in e.iter().enumerate() {
            check(out, format!("/properties/event_type/enum/{i}"), v);
        }
    } else {
        out.value(
            "/properties/event_type",
            "event_type has no \"const\" or \"enum\": events cannot be routed to this schema",
            "state the event type: \"const\": \"license.created\" (or an \"enum\" of the types it covers)",
        );
    }
}

/// E204 envelope-field-shape
pub fn envelope_field_shape(cx: &FileCx, out: &mut Out) {
    if !is_event_file(cx) {
        return;
    }
    let expect: [(&str, &str, Option<&str>); 5] = [
        ("event_type", "string", None),
        ("event_id", "string", Some("uuid")),
        ("timestamp", "string", Some("date-time")),
        ("version", "string", None),
        ("payload", "object", None),
    ];
    for (name, ty, format) in expect {
        let Some(node) = envelope(cx, name) else {
            continue;
        };
        let ptr = format!("/properties/{name}");
        let chain = with_refs(cx, cx.index, &ptr, node);
        let types = chain.iter().find_map(|(_, _, m)| type_set(m.get("type")));
        let fmt = chain
            .iter()
            .find_map(|(_, _, m)| m.get("format").and_then(Value::as_str));
        if types.as_deref() != Some(&[ty][..]) {
            out.value(
                &ptr,
                format!(
                    "envelope property \"{name}\" must have \"type\": \"{ty}\" (found {})",
                    types
                        .map(|t| t.join("|"))
                        .unwrap_or_else(|| "none".to_owned())
                ),
                format!("declare \"type\": \"{ty}\""),
            );
        }
        if let Some(f) = format {
            if fmt != Some(f) {
                out.value(
                    &ptr,
                    format!(
                        "envelope property \"{name}\" must have \"format\": \"{f}\" (found {})",
                        fmt.map(|x| format!("\"{x}\""))
                            .unwrap_or_else(|| "none".to_owned())
                    ),
                    format!("declare \"format\": \"{f}\" so validation rejects malformed values"),
                );
            }
        }
    }
}

/// E205 invalid-version
pub fn invalid_version(cx: &FileCx, out: &mut Out) {
    if !is_event_file(cx) {
        return;
    }
    match cx.file.value.get("version") {
        None => out.value(
            "",
            "the schema has no top-level \"version\": routing by major version and diff's bump check need it",
            "add \"version\": \"1.0.0\" (the schema's own semantic version)",
        ),
        Some(Value::String(v)) if semver::Version::parse(v).is_ok() => {}
        Some(v) => out.value(
            "/version",
            format!("top-level \"version\" {v} is not a semantic version (MAJOR.MINOR.PATCH)"),
            "write it as \"1.0.0\"",
        ),
    }
}

/// E206 version-pattern
pub fn version_pattern(cx: &FileCx, out: &mut Out) {
    if !is_event_file(cx) {
        return;
    }
    let Some(version) = cx.file.version.as_ref() else {
        return;
    };
    let Some(node) = envelope(cx, "version") else {
        return;
    };
    let major = version.major;
    let example = format!("^{major}\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$");
    let help = format!("use \"pattern\": \"{}\"", example.replace('\\', "\\\\"));
    if node.contains_key("const") || node.contains_key("enum") {
        out.key(
            if node.contains_key("const") { "/properties/version/const" } else { "/properties/version/enum" },
            "the envelope version is pinned to exact values: a compatible minor bump would reject every event",
            help.clone(),
        );
        return;
    }
    let Some(pattern) = node.get("pattern").and_then(Value::as_str) else {
        out.value(
            "/properties/version",
            format!("the envelope version has no \"pattern\" pinning major version {major}"),
            help,
        );
        return;
    };
    let Some(re) = crate::lint::rust_regex(pattern) else {
        return; // invalid-pattern reports it
    };
    let ptr = "/properties/version/pattern";
    let v = version.to_string();
    if !re.is_match(&v) {
        out.value(
            ptr,
            format!("the envelope version pattern rejects the schema's own version \"{v}\""),
            help,
        );
        return;
    }
    let next_major = format!("{}.0.0", major + 1);
    let next_minor = format!("{major}.{}.0", version.minor + 1);
    if re.is_match(&next_major) {
        out.value(ptr, format!("the envelope version pattern does not pin major version {major}: it accepts \"{next_major}\""), help);
    } else if !re.is_match(&next_minor) {
        out.value(ptr, format!("the envelope version pattern rejects \"{next_minor}\": a compatible minor bump would break consumers"), help);
    }
}

fn payload_property_nodes<'a, 'c>(
    cx: &'c FileCx<'a>,
) -> impl Iterator<Item = &'c crate::lint::walk::Node<'a>> {
    cx.nodes.iter().filter(|n| {
        n.pointer.starts_with("/properties/payload/")
            && n.via == Via::Property
            && !n.in_conditional
            && !n.in_definitions
    })
}

fn missing_annotation(cx: &FileCx, out: &mut Out, key: &str) {
    let help = format!("add a \"{key}\": the rendered catalog and generated code show it");
    if cx.root().is_some_and(|r| !r.contains_key(key)) {
        out.value("", format!("the schema has no \"{key}\""), help.clone());
    }
    if !is_event_file(cx) {
        return;
    }
    for n in payload_property_nodes(cx) {
        if !n.value.contains_key(key) {
            let name = crate::pointer::last(&n.pointer).unwrap_or_default();
            out.key(
                &n.pointer,
                format!("payload property \"{name}\" has no \"{key}\""),
                help.clone(),
            );
        }
    }
}

/// W207 missing-title
pub fn missing_title(cx: &FileCx, out: &mut Out) {
    missing_annotation(cx, out, "title");
}

/// W208 missing-description
pub fn missing_description(cx: &FileCx, out: &mut Out) {
    missing_annotation(cx, out, "description");
}

/// E209 misplaced-file: only where the catalog has a layout (declared, or followed by
/// some of its files).
pub fn misplaced_file(cx: &FileCx, out: &mut Out) {
    if !cx.is_catalog || !cx.layout_active {
        return;
    }
    let common = cx.layout.common.as_str();
    let first = cx.file.rel.split('/').next().unwrap_or("");
    let in_common = first == common && cx.file.rel.contains('/');
    if cx.file.channel.is_none() && !in_common {
        let folders: Vec<String> = cx.layout.channels.iter().map(|c| format!("{c}/")).collect();
        out.value(
            "",
            format!(
                "{} is not in a channel folder ({}) nor in {common}/",
                cx.file.rel,
                folders.join(", ")
            ),
            format!("move event schemas into the folder of the channel that delivers them, shared definitions into {common}/ (the channel folders are [catalog] channels of evschema.toml)"),
        );
    } else if in_common && cx.file.is_event_schema() {
        out.value(
            "/properties/event_type",
            format!(
                "{} defines an event, but {common}/ holds shared definitions only",
                cx.file.rel
            ),
            "move the event schema into its channel folder",
        );
    }
}

/// W210 open-payload
pub fn open_payload(cx: &FileCx, out: &mut Out) {
    if !is_event_file(cx) {
        return;
    }
    for n in &cx.nodes {
        if !(n.pointer == "/properties/payload" || n.pointer.starts_with("/properties/payload/"))
            || n.in_conditional
            || n.in_definitions
        {
            continue;
        }
        if matches!(n.via, Via::InPlace) {
            continue;
        }
        let is_object = type_set(n.value.get("type")).is_some_and(|t| t.contains(&"object"))
            || n.value.contains_key("properties");
        if !is_object || n.value.contains_key("$ref") {
            continue;
        }
        if !n.value.contains_key("additionalProperties")
            && !n.value.contains_key("unevaluatedProperties")
        {
            out.key(
                &n.pointer,
                "payload object does not state \"additionalProperties\": whether producers may add fields (and so forward compatibility) is left implicit",
                "add \"additionalProperties\": false (closed) or true (open) explicitly",
            );
        }
    }
}
