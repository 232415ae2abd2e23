//! `evschema render`, run as the real binary: golden documents for the shipped catalog and
//! the fixtures under tests/fixtures/render/, internal links, `--check` both ways, `-o`,
//! `--split`, and refs that leave the catalog.
//!
//! Golden files are rewritten with `UPDATE_GOLDEN=1 cargo test --test it render::`
//! (docs/CATALOG.md with `cargo run -- render -o docs/CATALOG.md`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;
use assert_cmd::Command;

fn fixture(case: &str) -> PathBuf {
    root().join("tests/fixtures/render").join(case)
}

fn run(args: &[&str]) -> Run {
    Run::of(plain_in(&root()).args(args))
}

fn render(dir: &Path) -> String {
    let r = run(&["render", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "render {} failed: {}", dir.display(), r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    r.stdout
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty())
}

/// Compares `actual` with the golden file, or rewrites it under UPDATE_GOLDEN.
fn assert_golden(golden: &Path, actual: &str) {
    if updating() {
        fs::create_dir_all(golden.parent().unwrap()).unwrap();
        fs::write(golden, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(golden)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 creates it)", golden.display()));
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .header("golden", "actual")
            .to_string();
        panic!(
            "{} differs from the rendered output (UPDATE_GOLDEN=1 to accept):\n{diff}",
            golden.display()
        );
    }
}

// ---- an independent reading of the Markdown: headings, anchors, links ----

/// GitHub's heading slugs (github-slugger), written apart from the renderer's on purpose.
fn github_anchors(markdown: &str) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut anchors = HashSet::new();
    for heading in headings(markdown) {
        let text = heading.replace('`', "").to_lowercase();
        let base: String = text
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut slug = base.clone();
        while anchors.contains(&slug) {
            let n = counts.entry(base.clone()).or_insert(0);
            *n += 1;
            slug = format!("{base}-{n}");
        }
        anchors.insert(slug);
    }
    anchors
}

/// Lines outside fenced code blocks.
fn prose_lines(markdown: &str) -> Vec<&str> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            out.push(line);
        }
    }
    out
}

fn headings(markdown: &str) -> Vec<String> {
    prose_lines(markdown)
        .into_iter()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().to_owned())
        .collect()
}

/// Targets of inline links `[text](target)`.
fn link_targets(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in prose_lines(markdown) {
        let mut rest = line;
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let Some(end) = after.find(')') else { break };
            out.push(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    out
}

/// `%XX` escapes decoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// A relative link to a file (`../schemas/x.json#L5`) names an existing file, relative to
/// `base` (the folder the document is in), and its `#L` line exists there.
fn assert_file_link_resolves(target: &str, base: &Path, what: &str) {
    if target.starts_with("<https://") || target.starts_with("https://") {
        return; // written in a schema's description
    }
    assert!(
        !target.contains("://") && !target.starts_with('/'),
        "{what}: link {target} is not relative"
    );
    let (file, fragment) = match target.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (target, None),
    };
    let path = base.join(percent_decode(file));
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{what}: link {target} ({}): {e}", path.display()));
    if let Some(line) = fragment.and_then(|f| f.strip_prefix('L')) {
        let n: usize = line.parse().unwrap();
        assert!(
            n >= 1 && n <= text.lines().count(),
            "{what}: link {target}: no line {n}"
        );
    }
}

/// Every link of a single document resolves: `#anchor` to one of its headings, a relative
/// path to a file below `base`.
fn assert_links_resolve_from(markdown: &str, what: &str, base: &Path) {
    let anchors = github_anchors(markdown);
    let links = link_targets(markdown);
    assert!(!links.is_empty(), "{what}: no links at all");
    for target in links {
        let Some(anchor) = target.strip_prefix('#') else {
            assert_file_link_resolves(&target, base, what);
            continue;
        };
        assert!(
            anchors.contains(anchor),
            "{what}: link #{anchor} has no heading; anchors: {anchors:?}"
        );
    }
}

/// [`assert_links_resolve_from`] for a document printed to standard output from the
/// repository root.
fn assert_internal_links_resolve(markdown: &str, what: &str) {
    assert_links_resolve_from(markdown, what, &root());
}

/// The Mermaid blocks of a document.
fn mermaid_blocks(markdown: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("```mermaid\n") {
        let block = &rest[start + "```mermaid\n".len()..];
        let end = block.find("```").unwrap();
        out.push(&block[..end]);
        rest = &block[end..];
    }
    out
}

/// Node ids a Mermaid flowchart block defines (`id["label"]`).
fn mermaid_nodes(block: &str) -> HashSet<String> {
    let mut nodes = HashSet::new();
    for line in block.lines() {
        for part in line.split("-->") {
            let part = part.trim();
            let part = part.rsplit('|').next().unwrap_or(part).trim();
            if let Some(i) = part.find("[\"") {
                nodes.insert(part[..i].to_owned());
            } else if !part.is_empty() && !part.starts_with("flowchart") {
                nodes.insert(part.to_owned());
            }
        }
    }
    nodes
}

/// The map shows each label (channels and domains) and no diagram exceeds 30 nodes.
fn assert_map_shows(markdown: &str, labels: &[&str]) {
    let blocks = mermaid_blocks(markdown);
    assert!(!blocks.is_empty(), "no Mermaid block");
    for block in &blocks {
        let n = mermaid_nodes(block).len();
        assert!(n <= 30, "{n} nodes in one diagram:\n{block}");
    }
    let all = blocks.concat();
    for label in labels {
        assert!(
            all.contains(&format!("[\"{label}\"]")),
            "{label} missing from the map:\n{all}"
        );
    }
}

// ---- the shipped catalog ----

const SHIPPED_EVENT_TYPES: [&str; 19] = [
    "license.created",
    "license.updated",
    "license.expiration.warning.90d",
    "license.expiration.warning.60d",
    "license.expiration.warning.30d",
    "license.expired",
    "cme.activity.created",
    "cme.activity.validated",
    "cme.deadline.warning",
    "cme.compliance.at_risk",
    "document.uploaded",
    "document.classified",
    "document.parsed",
    "document.validation.required",
    "document.processing.failed",
    "notification.queued",
    "notification.sent",
    "notification.failed",
    "notification.bounced",
];

#[test]
fn committed_catalog_doc_is_up_to_date() {
    // evschema.toml at the repository root gives the channel and domain order and names.
    if updating() {
        let r = run(&["render", "-o", "docs/CATALOG.md"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = run(&["render", "-o", "docs/CATALOG.md", "--check"]);
    assert_eq!(
        r.code, 0,
        "docs/CATALOG.md is stale: run `cargo run -- render -o docs/CATALOG.md` and commit it\n{}",
        r.stdout
    );
}

#[test]
fn committed_catalog_doc_links_all_resolve() {
    let doc = fs::read_to_string(root().join("docs/CATALOG.md")).unwrap();
    assert_links_resolve_from(&doc, "docs/CATALOG.md", &root().join("docs"));
    let files = link_targets(&doc)
        .into_iter()
        .filter(|t| t.starts_with("../schemas/"))
        .count();
    assert!(files >= 19 * 2, "source and version links: {files}");
}

#[test]
fn shipped_catalog_has_every_section_link_and_the_mermaid_diagram() {
    let doc = render(&root().join("schemas"));
    assert!(doc.starts_with("# Event catalog\n\n19 event types in 17 schema files."));
    assert_map_shows(
        &doc,
        &[
            "SNS topics",
            "SQS queues",
            "webhooks",
            "License",
            "CME",
            "Document",
            "Notification",
        ],
    );
    assert_internal_links_resolve(&doc, "docs/CATALOG.md");
    let heads = headings(&doc);
    for et in SHIPPED_EVENT_TYPES {
        assert!(heads.contains(&format!("`{et}`")), "no section for {et}");
        assert!(
            doc.contains(&format!("[`{et}`](#{})", et.replace('.', ""))),
            "no index link for {et}"
        );
    }
    // Domains in the issue's order.
    let domains: Vec<&String> = heads.iter().filter(|h| h.ends_with(" events")).collect();
    assert_eq!(
        domains,
        [
            "License events",
            "CME events",
            "Document events",
            "Notification events"
        ]
    );
    // Nested paths, array items, formats, conditional requirements, examples.
    assert!(doc.contains("| `payload.changes[].field` | string | yes |"));
    assert!(doc.contains("| `notification_recipient.email` | string (email) | no |"));
    assert!(
        doc.contains("- When `payload.channel` is `email`: `payload.recipient.email` is required.")
    );
    // 19 event types, 17 sections: the three expiration warnings share one.
    assert_eq!(doc.matches("```json\n").count(), 17);
    // A shared definition is expanded once, then linked.
    assert_eq!(
        doc.matches("one of `AL`, `AK`").count(),
        1,
        "us_state expanded more than once"
    );
    assert!(
        doc.contains("| `payload.state` | string | yes | shared type [`us_state`](#us_state) |")
    );
    // Three event types of one schema share one section, each with its own heading.
    assert!(doc.contains(
        "### `license.expiration.warning.30d`\n\n### `license.expiration.warning.60d`\n\n### `license.expiration.warning.90d`\n\n"
    ));
    assert_eq!(doc.matches("The license nearing expiration.").count(), 1);
}

#[test]
fn rendering_is_deterministic() {
    let a = render(&root().join("schemas"));
    let b = render(&root().join("schemas"));
    assert!(a == b);
}

// ---- fixtures ----

fn golden_case(case: &str) -> String {
    let doc = render(&fixture(case).join("schemas"));
    assert_golden(&fixture(case).join("expected.md"), &doc);
    assert_internal_links_resolve(&doc, case);
    doc
}

/// A golden case rendered with its own evschema.toml, or none (`--no-config`): the repository's
/// configuration must not shape the fixtures of other catalogs.
fn golden_case_alone(case: &str) -> String {
    let config = fixture(case).join("evschema.toml");
    let schemas = fixture(case).join("schemas");
    let mut args = vec![];
    if config.is_file() {
        args.extend(["--config".to_owned(), config.to_str().unwrap().to_owned()]);
    } else {
        args.push("--no-config".to_owned());
    }
    args.extend(["render".to_owned(), schemas.to_str().unwrap().to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&args);
    assert_eq!(r.code, 0, "{case}: {}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let doc = r.stdout;
    assert_golden(&fixture(case).join("expected.md"), &doc);
    assert_internal_links_resolve(&doc, case);
    doc
}

#[test]
fn golden_github_style_catalog_without_event_type() {
    // $id-keyed files, no event_type, shared definitions in common/: one section per
    // schema file, the top-level properties as fields, common/ files as shared types.
    let doc = golden_case_alone("github_style");
    assert!(
        doc.starts_with("# Event catalog\n\n2 schemas without an event type in 2 schema files.")
    );
    assert!(doc.contains("### `check_run/completed.schema.json`\n"));
    assert!(doc.contains("### `issues/opened.schema.json`\n"));
    assert!(doc.contains("| `check_run.conclusion` | nullable string | yes | one of `success`"));
    assert!(
        doc.contains("| `issue.assignee` | nullable object | no | shared type [`user`](#user) |")
    );
    // An object under a nullable oneOf is tabulated.
    assert!(doc.contains("| `issue.milestone.state` | string | yes | one of `open`, `closed` |"));
    assert!(doc.contains("### `repository`\n"));
    assert!(doc.contains("| `repository.license.key` | string | yes |"));
    // common/ files get no section of their own.
    assert!(!doc.contains("### `common/"));
    assert_eq!(
        doc.matches("| `user.login` |").count(),
        1,
        "user documented once"
    );
}

#[test]
fn golden_cloudevents_data_is_the_body() {
    let doc = golden_case_alone("cloudevents");
    assert!(doc.contains("### `com.example.orders.placed`\n"));
    assert!(doc.contains("`type` = `com.example.orders.placed`"));
    assert!(doc.contains("Fields of `data`:"));
    assert!(doc.contains("| `data.coupon` | nullable string | no | maxLength: 32 |"));
    assert!(doc.contains("| `data.total` | object | yes | shared type [`money`](#money) |"));
    // The prefix every type shares (`com.example.`) is skipped for the domain.
    assert!(doc.contains("## `orders` events"));
    assert!(doc.contains("\"type\": \"com.example.orders.placed\""));
}

#[test]
fn golden_eventbridge_detail_is_the_body_with_configured_names() {
    let doc = golden_case_alone("eventbridge");
    assert!(doc.contains("Fields of `detail`:"));
    // One schema, two detail-types: one section, each type with its own heading.
    assert!(doc.contains("### `Shipment Delivered`\n\n### `Shipment Dispatched`\n\n"));
    assert_eq!(doc.matches("| `detail.carrier` |").count(), 1);
    let words = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("`detail-type` one of `Shipment Delivered`, `Shipment Dispatched`"));
    // Variants that are objects are tabulated; their common type is named.
    assert!(doc.contains("| `detail.destination` | object | no | exactly one of the variants"));
    assert!(doc.contains("| `detail.destination[oneOf 2].point_id` | string | yes |"));
    // Deprecation and sunset, of the schema and of a field.
    assert!(doc.contains("- **Deprecated; sunset 2027-06-30.**"));
    assert!(doc.contains("| **Deprecated; sunset 2027-06-30.** The label printer's event"));
    assert!(doc.contains("| `detail.tracking_url` | string (uri) | no | **deprecated** |"));
    // Channel and domain names from the fixture's evschema.toml.
    assert!(doc.contains("- Channel: Shipping event bus"));
    assert!(doc.contains("## Shipments events"));
}

#[test]
fn golden_nullable_one_of() {
    let doc = golden_case_alone("nullable_oneof");
    assert!(doc.contains(
        "| `payload.assignee` | nullable object | yes | shared type [`person`](#person) | The new assignee; null when the ticket was unassigned. |"
    ));
    assert!(doc.contains("| `payload.team` | nullable object | no |"));
    assert!(doc.contains("| `payload.team.slug` | string | yes |"));
    assert!(doc.contains("| `payload.due` | nullable string (date) | no |"));
    assert!(doc.contains(
        "| `payload.resolution` | nullable string | no | one of `fixed`, `wontfix`, `duplicate` |"
    ));
    assert!(doc.contains("| `person.display_name` | nullable string | no | minLength: 1 |"));
    assert!(
        !doc.contains("[oneOf"),
        "a nullable oneOf is not shown as variants"
    );
    assert!(!doc.contains("| any |"));
}

#[test]
fn html_is_one_self_contained_page_with_the_same_content() {
    let md = render(&root().join("schemas"));
    let r = run(&["render", "schemas", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = r.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Nothing fetched when the page opens: no script, stylesheet link, image or frame.
    for banned in ["<script", "<link", "<img", "<iframe", "@import", "url("] {
        assert!(!html.contains(banned), "{banned} in the page");
    }
    // Every in-page link has its target id; every heading of the Markdown is there.
    let ids: HashSet<&str> = html
        .split("id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    for href in html
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        assert!(ids.contains(href), "#{href} has no id");
    }
    assert_eq!(ids.len(), headings(&md).len());
    for et in SHIPPED_EVENT_TYPES {
        assert!(ids.contains(et.replace('.', "").as_str()), "{et}");
    }
    let tables = md.lines().filter(|l| l.starts_with("| --- |")).count();
    assert_eq!(html.matches("<table>").count(), tables);
    assert!(html.contains("<code class=\"language-mermaid\">"));
}

#[test]
fn render_body_pointer_from_evschema_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("schemas/events");
    fs::create_dir_all(&dir).unwrap();
    let schema = serde_json::json!({
        "properties": {
            "kind": {"const": "x"},
            "envelope_id": {"type": "string"},
            "message": {"type": "object", "required": ["attributes"], "properties": {
                "attributes": {"type": "object", "properties": {"size": {"type": "integer"}}},
                "raw": {"type": "string"}
            }}
        }
    });
    fs::write(dir.join("thing.json"), schema.to_string()).unwrap();
    fs::write(
        tmp.path().join("evschema.toml"),
        "[render]\nbody = \"/message/attributes\"\n",
    )
    .unwrap();
    let r = run_in(tmp.path(), &["render", "schemas"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Fields of `message.attributes`:"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("| `message.attributes.size` | integer | no |"));
    assert!(!r.stdout.contains("`message.raw`"));
    assert!(r.stdout.contains("Envelope: `kind` = `x`"));
    // Without the pointer: the top-level properties are the fields.
    let r = run_in(tmp.path(), &["--no-config", "render", "schemas"]);
    assert!(
        r.stdout.contains("| `message.raw` | string | no |"),
        "{}",
        r.stdout
    );
    // A pointer that is not one is exit 2, naming it.
    fs::write(
        tmp.path().join("evschema.toml"),
        "[render]\nbody = \"payload\"\n",
    )
    .unwrap();
    let r = run_in(tmp.path(), &["render", "schemas"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("body = \"payload\""), "{}", r.stderr);
}

#[test]
fn a_big_catalog_gets_one_map_per_channel_each_small() {
    let tmp = tempfile::tempdir().unwrap();
    // 3 channels and 28 domains: 31 nodes, too many for one diagram.
    for c in 0..3 {
        let dir = tmp.path().join(format!("bus{c}"));
        fs::create_dir_all(&dir).unwrap();
        for d in 0..28 {
            let schema = serde_json::json!({
                "properties": {"event_type": {"const": format!("dom{d}.thing{c}.happened")}}
            });
            fs::write(dir.join(format!("e{d}.json")), schema.to_string()).unwrap();
        }
    }
    let r = run(&["--no-config", "render", tmp.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let blocks = mermaid_blocks(&r.stdout);
    assert_eq!(blocks.len(), 3, "one diagram per channel");
    for b in &blocks {
        assert_eq!(mermaid_nodes(b).len(), 29, "{b}");
    }
    // Domains sorted by name when evschema.toml gives no order.
    let doc = &r.stdout;
    let first = doc.find("## `dom0` events").unwrap();
    let second = doc.find("## `dom1` events").unwrap();
    let tenth = doc.find("## `dom10` events").unwrap();
    assert!(first < second && second < tenth);
}

#[test]
fn golden_nesting_arrays_refs() {
    let doc = golden_case("nesting_arrays_refs");
    assert_map_shows(&doc, &["clinic"]);
    for path in [
        "`address.state`",
        "`payload.staff[].roles[]`",
        "`payload.opening_hours[][]`",
        "`payload.tags.*`",
        "`payload.coordinates[1]`",
    ] {
        assert!(doc.contains(&format!("| {path} |")), "{path} missing");
    }
    assert!(doc.contains("recursive: the schema of `payload.org_chart`"));
    // `address`, used by both schema files, is documented once under "Shared types" and
    // linked from each use.
    assert_eq!(doc.matches("shared type [`address`](#address)").count(), 5);
    assert_eq!(doc.matches("| `address.line1` |").count(), 1);
    assert!(
        doc.contains("- Used by: [`clinic.moved`](#clinicmoved), [`clinic.opened`](#clinicopened)")
    );
}

#[test]
fn golden_combinators() {
    let doc = golden_case("combinators");
    assert!(doc.contains("exactly one of the variants `payload.payer[oneOf 1]`"));
    assert!(doc.contains("| `payload.reference[anyOf 2]` | string | — | minLength: 3 |"));
    // allOf parts are merged into the object, their required names too.
    assert!(doc.contains("| `payload.audited_at` | string (date-time) | yes |"));
    assert!(doc.contains("otherwise `payload.card_last4` must be absent"));
    // A condition on the event object can make a payload field conditionally required.
    assert!(doc.contains("| `payload.note` | string | conditional |"));
    assert!(doc.contains("- When `version` is `2.0.0` or is absent: `payload.note` is required."));
}

#[test]
fn golden_enums_and_escaping() {
    let doc = golden_case("enums_escaping");
    // `|` escaped in cells, also inside code spans; newlines kept as <br>.
    assert!(doc.contains("one of `new`, `a\\|b`, `\"\"`, `\" padded \"`, ``with`tick``"));
    assert!(
        doc.contains("Line one \\| with pipe<br>line two<br><br>paragraph two with `back\\|ticks`")
    );
    assert!(doc.contains("| `payload.weird key \\| name` |"));
    // No raw HTML from descriptions reaches the page.
    assert!(!doc.contains("<b>"));
    // Two event types with one slug get distinct anchors; two majors get one section each.
    assert!(doc.contains("[`a.b`](#ab)"));
    assert!(doc.contains("[`ab`](#ab-1)"));
    assert!(doc.contains("### `order.placed` v1\n"));
    assert!(doc.contains("### `order.placed` v2\n"));
    // Every table row has exactly 5 unescaped cell separators + 1.
    for line in doc.lines().filter(|l| l.starts_with("| `payload")) {
        let unescaped = line.replace("\\|", "");
        assert_eq!(unescaped.matches('|').count(), 6, "{line}");
    }
}

// ---- --split ----

fn split_into(dir: &Path, out: &Path) -> BTreeMap<String, String> {
    let r = run(&[
        "render",
        dir.to_str().unwrap(),
        "--split",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut pages = BTreeMap::new();
    for entry in fs::read_dir(out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        pages.insert(name, fs::read_to_string(entry.path()).unwrap());
    }
    pages
}

/// Every relative link of split output names an existing page, and every `#anchor` a
/// heading of that page.
fn assert_split_links_resolve(pages: &BTreeMap<String, String>, out: &Path) {
    for (name, text) in pages {
        for target in link_targets(text) {
            if target.contains(".json") {
                assert_file_link_resolves(&target, out, name);
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target.as_str(), None),
            };
            let file = if file.is_empty() { name.as_str() } else { file };
            assert!(
                !file.contains('/'),
                "{name}: link {target} leaves the folder"
            );
            let page = pages
                .get(file)
                .unwrap_or_else(|| panic!("{name}: link {target} names no page"));
            if let Some(a) = anchor {
                assert!(github_anchors(page).contains(a), "{name}: #{a} missing");
            }
        }
    }
}

#[test]
fn split_shipped_catalog_links_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = split_into(&root().join("schemas"), tmp.path());
    let out = tmp.path();
    assert_eq!(pages.len(), 20, "{:?}", pages.keys());
    assert!(pages.contains_key("README.md"));
    assert!(pages.contains_key("license.expiration.warning.60d.md"));
    assert_map_shows(&pages["README.md"], &["SNS topics", "License"]);
    assert_split_links_resolve(&pages, out);
    // A definition expanded on one page is linked from the others.
    assert!(pages["license.updated.md"].contains("shared type [`us_state`](README.md#us_state)"));
}

#[test]
fn golden_split_nesting_arrays_refs() {
    // Below target/ so that the relative links to the fixture are the same on every run.
    fs::create_dir_all(root().join("target")).unwrap();
    let tmp = tempfile::tempdir_in(root().join("target")).unwrap();
    let pages = split_into(&fixture("nesting_arrays_refs").join("schemas"), tmp.path());
    assert_split_links_resolve(&pages, tmp.path());
    let golden = fixture("nesting_arrays_refs").join("split");
    for (name, text) in &pages {
        assert_golden(&golden.join(name), text);
    }
    let committed: Vec<String> = fs::read_dir(&golden)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(committed.len(), pages.len(), "{committed:?}");
}

#[test]
fn split_check_reports_stale_and_leftover_pages_and_writing_removes_leftovers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("events");
    let catalog = fixture("nesting_arrays_refs").join("schemas");
    let args = |check: bool| {
        let mut a = vec![
            "render".to_owned(),
            catalog.to_str().unwrap().to_owned(),
            "--split".to_owned(),
            out.to_str().unwrap().to_owned(),
        ];
        if check {
            a.push("--check".to_owned());
        }
        a
    };
    let run_args = |check: bool| {
        let a = args(check);
        run(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    assert_eq!(run_args(false).code, 0);
    let r = run_args(true);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);

    fs::write(out.join("clinic.moved.md"), "# edited by hand\n").unwrap();
    // A page generated earlier for an event type the catalog no longer has.
    let leftover = out.join("clinic.closed.md");
    fs::copy(out.join("clinic.opened.md"), &leftover).unwrap();
    let notes = out.join("NOTES.md");
    fs::write(&notes, "# hand-written notes\n").unwrap();
    let r = run_args(true);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("-# edited by hand"), "{}", r.stdout);
    assert!(r.stdout.contains("+# `clinic.moved`"), "{}", r.stdout);
    assert!(
        r.stdout.contains("clinic.closed.md: generated page"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("NOTES.md"));
    assert!(r.stderr.contains("2 pages are stale"), "{}", r.stderr);

    assert_eq!(run_args(false).code, 0);
    assert!(!leftover.exists(), "a stale generated page is removed");
    assert!(notes.exists(), "a hand-written file is never removed");
    assert_eq!(run_args(true).code, 0);
}

// ---- -o and --check on one file ----

#[test]
fn check_passes_on_an_up_to_date_file() {
    // A folder beside docs/, so the document's links to ../schemas/ are the same.
    let tmp = tempfile::tempdir_in(root()).unwrap();
    let file = tmp.path().join("CATALOG.md");
    fs::copy(root().join("docs/CATALOG.md"), &file).unwrap();
    let r = run(&["render", "schemas", "-o", file.to_str().unwrap(), "--check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    // The same document checked out with CRLF line endings (git autocrlf) is up to date.
    let crlf = fs::read_to_string(&file).unwrap().replace('\n', "\r\n");
    fs::write(&file, crlf).unwrap();
    let r = run(&["render", "schemas", "-o", file.to_str().unwrap(), "--check"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // The repository's own copy, as CI checks it.
    let r = run(&["render", "-o", "docs/CATALOG.md", "--check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn check_fails_on_a_stale_file_with_a_unified_diff_and_leaves_it_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("CATALOG.md");
    let current = fs::read_to_string(root().join("docs/CATALOG.md")).unwrap();
    let stale = current.replace(
        "| `payload.attempt` | integer | yes | minimum: 1; maximum: 10 |",
        "| `payload.attempt` | integer | no | |",
    );
    assert_ne!(stale, current);
    fs::write(&file, &stale).unwrap();
    let r = run(&["render", "schemas", "-o", file.to_str().unwrap(), "--check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let shown = file.display().to_string();
    assert!(r
        .stdout
        .starts_with(&format!("--- {shown}\n+++ {shown} (generated)\n@@ ")));
    assert!(r
        .stdout
        .contains("\n-| `payload.attempt` | integer | no | | "));
    assert!(r
        .stdout
        .contains("\n+| `payload.attempt` | integer | yes | minimum: 1; maximum: 10 |"));
    assert!(r.stderr.contains("is stale"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        stale,
        "--check never writes"
    );
}

#[test]
fn check_fails_when_the_file_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("missing.md");
    let r = run(&["render", "schemas", "-o", file.to_str().unwrap(), "--check"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("+# Event catalog"));
    assert!(!file.exists());
}

#[test]
fn output_file_is_written_whole_and_creates_its_folder() {
    let tmp = tempfile::tempdir_in(root()).unwrap();
    let file = tmp.path().join("nested/CATALOG.md");
    let r = run(&["render", "schemas", "-o", file.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // One folder deeper than docs/: the links to the schemas climb one more level (and
    // lines wrap differently around them).
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        words(&fs::read_to_string(&file).unwrap()),
        words(
            &fs::read_to_string(root().join("docs/CATALOG.md"))
                .unwrap()
                .replace("](../schemas/", "](../../schemas/")
        )
    );
    let names: Vec<String> = fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["CATALOG.md"], "no temporary file left behind");
}

// ---- errors (exit 2) ----

#[test]
fn a_ref_outside_the_catalog_is_exit_2_with_file_line_and_ref_and_leaks_nothing() {
    let catalog = fixture("escaping_ref").join("catalog");
    let r = run(&["render", catalog.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("sns_topics/leak_attempt.json:9:24: $ref \"../../secret.json\" points outside the catalog root"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("TOPSECRET"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x.md");
    let r = run(&[
        "render",
        catalog.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(!out.exists());
}

#[test]
fn bad_arguments_are_exit_2() {
    let r = run(&["render", "schemas", "--check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--check"), "{}", r.stderr);
    let r = run(&["render", "no/such/dir"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no/such/dir"), "{}", r.stderr);
    let empty = tempfile::tempdir().unwrap();
    let r = run(&["render", empty.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nothing to render"), "{}", r.stderr);
    let r = run(&["render", "-o", "a.md", "--split", "b"]);
    assert_eq!(r.code, 2);
}

// ---- --changes-since REF ----

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("evschema")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn edit(path: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// A git repository whose one commit holds `before` as `schemas/`, with `after` in the
/// working tree (uncommitted).
fn repo_with_change(before: &Path, after: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    git(d, &["init", "-q"]);
    copy_dir(before, &d.join("schemas"));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "before"]);
    fs::remove_dir_all(d.join("schemas")).unwrap();
    copy_dir(after, &d.join("schemas"));
    tmp
}

/// The text of the section under the heading that starts with `heading`, up to the next
/// heading.
fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(&format!("\n{heading}"))
        .unwrap_or_else(|| panic!("no heading {heading}"));
    let body = &doc[start + 1..];
    let body_start = body.find('\n').unwrap();
    let end = body[body_start..]
        .find("\n#")
        .map_or(body.len(), |e| body_start + e);
    &body[..end]
}

#[test]
fn golden_changes_since() {
    let case = fixture("changes_since");
    let repo = repo_with_change(&case.join("before"), &case.join("after"));
    let r = run_in(
        repo.path(),
        &["render", "schemas", "--changes-since", "HEAD"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.stdout;
    assert_golden(&case.join("expected.md"), &doc);
    assert_links_resolve_from(&doc, "changes_since", repo.path());
    assert!(doc.contains("\nSince `HEAD`: 2 event types changed, 1 new, 2 removed; 1 unchanged.\n"));
    // Removed event types: listed near the top (before the channels), linked nowhere.
    let removed = section(&doc, "## Removed since `HEAD`");
    assert!(doc.find("## Removed since").unwrap() < doc.find("## Map").unwrap());
    assert!(removed.contains("- `widget.scrapped`: was in `sns_topics/widget_scrapped.json`"));
    assert!(removed.contains("- `order.placed` v1: was in `sns_topics/order_placed_v1.json`"));
    assert!(!removed.contains("]("), "{removed}");
    let painted = section(&doc, "#### Changes to `widget.painted` since `HEAD`");
    assert!(painted.contains("- Verdict: none (neither backward nor forward compatible)."));
    assert!(painted.contains("- Required bump: major"), "{painted}");
    assert!(painted.contains("`1.0.0` → `1.1.0`, short of the major bump: it needs `2.0.0`"));
    // A change to a definition in another file is listed at the field that uses it.
    assert!(painted.contains("- breaks backward: `payload.color`: enum value \"blue\" removed"));
    // Regex text is escaped, not read as emphasis.
    assert!(
        painted.contains("/^\\[A-Z\\_\\]\\*\\|\\[\\*\\]$/"),
        "{painted}"
    );
    let order = section(&doc, "#### Changes to `order.placed` since `HEAD`");
    assert!(order.contains("- Verdict: backward"), "{order}");
    assert!(order.contains("- Required bump: minor"), "{order}");
    assert!(order.contains("breaks forward: `payload.total`: minimum changed from 0 to -100"));
    let shipped = section(&doc, "#### Changes to `widget.shipped` since `HEAD`");
    assert!(shipped.ends_with("No changes.\n"), "{shipped}");
    let recalled = section(&doc, "#### Changes to `widget.recalled` since `HEAD`");
    assert!(recalled.contains("New since `HEAD`"), "{recalled}");

    // --split: the index page carries the summary and the removed list, each page its changes.
    let out = repo.path().join("pages");
    let r = run_in(
        repo.path(),
        &[
            "render",
            "schemas",
            "--changes-since",
            "HEAD",
            "--split",
            "pages",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut pages = BTreeMap::new();
    for entry in fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        pages.insert(name, fs::read_to_string(entry.path()).unwrap());
    }
    assert_split_links_resolve(&pages, &out);
    for (name, text) in &pages {
        assert_golden(&case.join("split").join(name), text);
    }
    assert!(pages["README.md"].contains("## Removed since `HEAD`"));
    assert!(pages["widget.shipped.md"]
        .contains("## Changes to `widget.shipped` since `HEAD`\n\nNo changes.\n"));
}

/// The scenario of the shipped catalog: an enum value removed from a shared definition, an
/// optional property added to a closed payload, one schema removed and one added.
fn shipped_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    git(d, &["init", "-q"]);
    copy_dir(&root().join("schemas"), &d.join("schemas"));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "v1"]);
    let s = d.join("schemas");
    edit(&s.join("common/us_states.json"), |v| {
        let list = v["definitions"]["us_state"]["enum"].as_array_mut().unwrap();
        list.retain(|x| x != "WY");
    });
    edit(&s.join("sqs_queues/notification_sent.json"), |v| {
        v["properties"]["payload"]["properties"]["delivery_note"] =
            serde_json::json!({"type": "string", "description": "Free text from the provider."});
        v["version"] = "1.1.0".into();
    });
    let expired = fs::read_to_string(s.join("sns_topics/license_expired.json")).unwrap();
    fs::remove_file(s.join("sns_topics/license_expired.json")).unwrap();
    fs::write(
        s.join("sns_topics/license_revoked.json"),
        expired.replace("license.expired", "license.revoked"),
    )
    .unwrap();
    tmp
}

#[test]
fn changes_since_on_the_shipped_catalog() {
    let repo = shipped_repo();
    let d = repo.path();
    let r = run_in(d, &["render", "schemas", "--changes-since", "HEAD"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.stdout;
    assert!(doc.contains(" 1 new, 1 removed; "), "{}", &doc[..600]);
    assert_links_resolve_from(&doc, "shipped --changes-since", d);
    let removed = section(&doc, "## Removed since `HEAD`");
    assert!(removed.contains("- `license.expired`: was in `sns_topics/license_expired.json`"));
    assert!(
        !doc.contains("](#licenseexpired)"),
        "a removed type is linked nowhere"
    );
    let created = section(&doc, "#### Changes to `license.created` since `HEAD`");
    assert!(created.contains("- Required bump: major"), "{created}");
    assert!(
        created.contains(
            "- breaks backward: `payload.state`: enum value \"WY\" removed — events carrying"
        ),
        "{created}"
    );
    let sent = section(&doc, "#### Changes to `notification.sent` since `HEAD`");
    assert!(sent.contains("- Verdict: backward"), "{sent}");
    assert!(sent.contains("- Required bump: minor"), "{sent}");
    assert!(
        sent.contains("`1.0.0` → `1.1.0`, which covers the minor bump"),
        "{sent}"
    );
    assert!(
        sent.contains("- breaks forward: `payload.delivery_note`: property"),
        "{sent}"
    );
    assert!(
        section(&doc, "#### Changes to `cme.activity.created` since `HEAD`")
            .contains("No changes.")
    );
    assert!(
        section(&doc, "#### Changes to `license.revoked` since `HEAD`")
            .contains("New since `HEAD`")
    );
    // Deterministic.
    let again = run_in(d, &["render", "schemas", "--changes-since", "HEAD"]);
    assert!(again.stdout == doc);
    // The REF is shown as given.
    git(d, &["branch", "release/1.0"]);
    let r = run_in(d, &["render", "schemas", "--changes-since", "release/1.0"]);
    assert!(r.stdout.contains("Since `release/1.0`: "), "{}", r.stderr);
}

#[test]
fn changes_since_with_output_and_check_both_ways() {
    let repo = shipped_repo();
    let d = repo.path();
    let with = [
        "render",
        "schemas",
        "-o",
        "docs/CHANGES.md",
        "--changes-since",
        "HEAD",
    ];
    let r = run_in(d, &with);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let written = fs::read_to_string(d.join("docs/CHANGES.md")).unwrap();
    assert!(written.contains("## Removed since `HEAD`"));
    let check_with = [&with[..], &["--check"]].concat();
    let r = run_in(d, &check_with);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // The same file checked without --changes-since is stale...
    let r = run_in(
        d,
        &["render", "schemas", "-o", "docs/CHANGES.md", "--check"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("\n-## Removed since `HEAD`"),
        "{}",
        r.stdout
    );
    // ...and a catalog generated without it (like docs/CATALOG.md) is stale with it.
    let r = run_in(d, &["render", "schemas", "-o", "docs/CATALOG.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(
        d,
        &["render", "schemas", "-o", "docs/CATALOG.md", "--check"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(
        d,
        &[
            "render",
            "schemas",
            "-o",
            "docs/CATALOG.md",
            "--check",
            "--changes-since",
            "HEAD",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("\n+## Removed since `HEAD`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("`evschema render -o docs/CATALOG.md --changes-since HEAD`"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(d.join("docs/CHANGES.md")).unwrap(),
        written,
        "--check never writes"
    );
    // --split --check with --changes-since.
    let split = [
        "render",
        "schemas",
        "--split",
        "pages",
        "--changes-since",
        "HEAD",
    ];
    assert_eq!(run_in(d, &split).code, 0);
    let r = run_in(d, &[&split[..], &["--check"]].concat());
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let r = run_in(d, &["render", "schemas", "--split", "pages", "--check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(fs::read_to_string(d.join("pages/license.created.md"))
        .unwrap()
        .contains("## Changes to `license.created` since `HEAD`"));
}

#[test]
fn changes_since_errors_name_the_revision_and_exit_2() {
    // Not a git repository.
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    copy_dir(&root().join("schemas"), &plain.join("schemas"));
    let out = Command::cargo_bin("evschema")
        .unwrap()
        .current_dir(&plain)
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .args(["render", "schemas", "--changes-since", "origin/main"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("origin/main"), "{stderr}");
    assert!(stderr.contains("not inside a git repository"), "{stderr}");
    assert!(out.stdout.is_empty());

    // An unknown revision.
    let repo = shipped_repo();
    let r = run_in(
        repo.path(),
        &["render", "schemas", "--changes-since", "no-such-ref"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown git revision \"no-such-ref\""),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");

    // The folder did not exist at the revision.
    let d = tmp.path().join("late");
    fs::create_dir_all(&d).unwrap();
    git(&d, &["init", "-q"]);
    fs::write(d.join("README.md"), "# x\n").unwrap();
    git(&d, &["add", "."]);
    git(&d, &["commit", "-qm", "no catalog yet"]);
    copy_dir(&root().join("schemas"), &d.join("schemas"));
    let r = run_in(
        &d,
        &["render", "schemas", "--changes-since", "HEAD", "-o", "x.md"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("schemas does not exist at revision HEAD"),
        "{}",
        r.stderr
    );
    assert!(!d.join("x.md").exists());
}

/// `--changes-since` reads the comparison `diff --against` gates: the `[diff]` mode, and the
/// `[[diff.accept]]` entries, live or expired.
#[test]
fn changes_since_uses_the_diff_settings_and_acceptances() {
    let repo = shipped_repo();
    let d = repo.path();
    fs::write(
        d.join("evschema.toml"),
        r#"catalog = "schemas"

[[diff.accept]]
event_type = "license.created"
kind = "enum_narrowed"
path = "payload.state"
reason = "WY was never licensed"

[[diff.accept]]
event_type = "license.updated"
kind = "enum_narrowed"
reason = "old ticket"
expires = "2001-01-01"
"#,
    )
    .unwrap();
    let r = run_in(d, &["render", "--changes-since", "HEAD", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let flat = |s: &str| s.replace("\n  ", " ");
    let created = flat(section(
        &r.stdout,
        "#### Changes to `license.created` since `HEAD`",
    ));
    assert!(
        created.contains("(breaks backward); accepted in evschema.toml: WY was never licensed"),
        "{created}"
    );
    let renewed = flat(section(
        &r.stdout,
        "#### Changes to `license.updated` since `HEAD`",
    ));
    assert!(
        renewed.contains("; its acceptance expired on 2001-01-01: old ticket"),
        "{renewed}"
    );
    // the gate agrees on what is accepted
    let diff = run_in(d, &["diff", "--against", "HEAD", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&diff.stdout).unwrap();
    let accepted = |et: &str| {
        report["schemas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["event_type"] == et)
            .map(|s| s["accepted"].clone())
            .unwrap()
    };
    assert_eq!(accepted("license.created")[0]["expired"], false);
    assert_eq!(accepted("license.updated")[0]["expired"], true);

    // the configured mode is the one the bumps are stated under
    let toml = fs::read_to_string(d.join("evschema.toml")).unwrap();
    fs::write(
        d.join("evschema.toml"),
        toml.replace(
            "catalog = \"schemas\"\n",
            "catalog = \"schemas\"\n\n[diff]\nmode = \"forward\"\n",
        ),
    )
    .unwrap();
    let r = run_in(d, &["render", "--changes-since", "HEAD", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sent = flat(section(
        &r.stdout,
        "#### Changes to `notification.sent` since `HEAD`",
    ));
    assert!(
        sent.contains("(under mode forward, the `[diff] mode` of evschema.toml)"),
        "{sent}"
    );
    assert!(sent.contains("- Required bump: major"), "{sent}");
}
