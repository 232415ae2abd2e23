//! Property tests: no input makes the loader, the span scanner, the event readers, the
//! bundler or the validation engine panic. Random bytes and random JSON.

use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::{json, Value};

use evschema::catalog::{Catalog, LoadOptions, SchemaFile};
use evschema::spans::SpanMap;
use evschema::validate::engine::{Engine, EngineOptions};
use evschema::validate::input::{self, Body, Item, Kind, Sink, Source};

/// `cases` random inputs from a fixed seed, so every run (and CI) tries the same ones and a
/// failure reproduces; set `PROPTEST_RNG_SEED=<u64>` to explore other inputs. Failures found
/// that way go in `tests/proptest-regressions/` and are tried first on every run.
fn config(cases: u32) -> ProptestConfig {
    let explore = std::env::var_os("PROPTEST_RNG_SEED").is_some();
    let base = ProptestConfig::default();
    ProptestConfig {
        cases,
        rng_seed: if explore {
            base.rng_seed
        } else {
            RngSeed::Fixed(0x0e05_c4e3a)
        },
        ..base
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-z$#/~.0-9 \"\\\\é\n\\],\\[{}]{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("type"),
            Just("properties"),
            Just("required"),
            Just("$ref"),
            Just("enum"),
            Just("const"),
            Just("items"),
            Just("allOf"),
            Just("anyOf"),
            Just("oneOf"),
            Just("not"),
            Just("pattern"),
            Just("format"),
            Just("minimum"),
            Just("event_type"),
            Just("#/definitions/a"),
            Just("../common/x.json"),
            Just("#"),
            Just("string"),
            Just("object"),
            Just("uuid"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("type".to_owned()),
                        Just("properties".to_owned()),
                        Just("required".to_owned()),
                        Just("$ref".to_owned()),
                        Just("definitions".to_owned()),
                        Just("items".to_owned()),
                        Just("enum".to_owned()),
                        Just("pattern".to_owned()),
                        Just("event_type".to_owned()),
                        Just("payload".to_owned()),
                        Just("version".to_owned()),
                        Just("allOf".to_owned()),
                        Just("additionalProperties".to_owned()),
                        Just("format".to_owned()),
                        "[a-z]{1,6}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

struct Collect {
    buf: Vec<u8>,
    items: usize,
    blanks: usize,
}

impl Sink for Collect {
    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }
    fn push(&mut self, item: Item) -> bool {
        if let Body::Data(s, e) = item.body {
            assert!(s <= e && e <= self.buf.len());
        }
        self.items += 1;
        true
    }
    fn blank(&mut self) {
        self.blanks += 1;
    }
}

fn read_all(kind: Kind, bytes: &[u8], max: usize) -> Collect {
    read_or_hint(kind, bytes, max).unwrap_or_else(|e| panic!("{e}"))
}

/// Reads a source; the one error a reader gives on in-memory bytes is the hint for a
/// pretty-printed document on a line stream.
fn read_or_hint(kind: Kind, bytes: &[u8], max: usize) -> Result<Collect, String> {
    let source = Source {
        name: Arc::from("t"),
        path: None,
        kind,
    };
    let mut sink = Collect {
        buf: Vec::new(),
        items: 0,
        blanks: 0,
    };
    match input::read(&source, &mut Cursor::new(bytes.to_vec()), max, &mut sink) {
        Ok(()) => Ok(sink),
        Err(e) => {
            let msg = input::describe_read_error("t", &e);
            assert!(msg.starts_with("t: line 1 opens a JSON"), "{msg}");
            Err(msg)
        }
    }
}

struct Elements {
    buf: Vec<u8>,
    out: Vec<Result<Value, String>>,
}

impl Sink for Elements {
    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }
    fn push(&mut self, item: Item) -> bool {
        self.out.push(match item.body {
            Body::Data(s, e) => serde_json::from_slice(&self.buf[s..e]).map_err(|e| e.to_string()),
            Body::Problem(p) => Err(p.to_string()),
        });
        true
    }
    fn blank(&mut self) {}
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn array_splitter_agrees_with_serde(items in prop::collection::vec(arb_json(), 0..8), pretty in any::<bool>()) {
        let array = Value::Array(items.clone());
        let text = if pretty { serde_json::to_string_pretty(&array) } else { serde_json::to_string(&array) }.unwrap();
        let source = Source { name: Arc::from("t"), path: None, kind: Kind::Array };
        let mut sink = Elements { buf: Vec::new(), out: Vec::new() };
        input::read(&source, &mut std::io::BufReader::with_capacity(7, Cursor::new(text.into_bytes())), 1 << 20, &mut sink).unwrap();
        let got: Vec<Value> = sink.out.into_iter().map(|r| r.unwrap()).collect();
        prop_assert_eq!(got, items);
    }

    #[test]
    fn span_scanner_never_panics(text in "\\PC{0,200}", pointer in "(/[a-z0-9~]{0,4}){0,4}") {
        let map = SpanMap::scan(&text);
        let p = map.locate(&pointer);
        prop_assert!(p.line >= 1 && p.column >= 1);
        let _ = map.line_text(p.line);
        let _ = map.duplicates();
    }

    #[test]
    fn span_scanner_ends_on_json_like_garbage(text in "[\\[\\]{}:,\"a0 \\\\]{0,60}") {
        let map = SpanMap::scan(&text);
        let _ = map.locate("/0/a/1");
        let _ = map.duplicates();
    }

    #[test]
    fn span_positions_match_serde_for_valid_json(v in arb_json()) {
        let text = serde_json::to_string_pretty(&v).unwrap();
        let map = SpanMap::scan(&text);
        // every pointer into the value has a span whose text parses back to that value
        fn walk(v: &Value, p: String, out: &mut Vec<(String, Value)>) {
            out.push((p.clone(), v.clone()));
            match v {
                Value::Object(m) => for (k, c) in m {
                    walk(c, format!("{p}/{}", evschema::spans::escape_token(k)), out)
                },
                Value::Array(a) => for (i, c) in a.iter().enumerate() { walk(c, format!("{p}/{i}"), out) },
                _ => {}
            }
        }
        let mut all = Vec::new();
        walk(&v, String::new(), &mut all);
        for (pointer, value) in all {
            let span = map.get(&pointer).expect("span for every pointer");
            let back: Value = serde_json::from_str(&text[span.value..span.end]).unwrap();
            prop_assert_eq!(back, value);
        }
    }

    #[test]
    fn schema_loader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = SchemaFile::parse("sns_topics/x.json", PathBuf::from("x.json"), &text);
    }

    #[test]
    fn event_readers_never_panic_and_never_lose_lines(
        bytes in prop::collection::vec(prop_oneof![any::<u8>(), Just(b'\n'), Just(b'['), Just(b']'), Just(b','), Just(b'"'), Just(b'{'), Just(b'}')], 0..400),
        max in 1usize..64,
    ) {
        match read_or_hint(Kind::Lines, &bytes, max) {
            Ok(lines) => {
                let physical = bytes.split(|&b| b == b'\n').count() - usize::from(bytes.last() == Some(&b'\n') || bytes.is_empty());
                prop_assert_eq!(lines.items + lines.blanks, physical);
            }
            // only a first line that opens an array or object gives the hint
            Err(_) => {
                let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
                let first = first.trim_ascii();
                prop_assert!(first.starts_with(b"[") || first.starts_with(b"{"), "{:?}", first);
            }
        }
        let _ = read_all(Kind::Array, &bytes, max);
        let doc = read_all(Kind::Document, &bytes, max);
        prop_assert_eq!(doc.items, 1);
    }

    #[test]
    fn lint_rules_and_renderer_never_panic(schema in arb_json(), common in arb_json(), raw in "\\PC{0,80}") {
        let mut root = schema.clone();
        if let Value::Object(m) = &mut root {
            m.insert("properties".into(), json!({
                "event_type": {"const": "a.created"},
                "payload": schema,
                "x": {"$ref": "../common/x.json#/definitions/a"}
            }));
            m.insert("examples".into(), json!([{"event_type": "a.created"}]));
        }
        let sources = [
            ("common/x.json", serde_json::to_string_pretty(&common).unwrap()),
            ("sns_topics/a_created.json", serde_json::to_string_pretty(&root).unwrap()),
            ("sqs_queues/raw.json", raw),
        ];
        let input = evschema::lint::Input {
            root: PathBuf::from("cat"),
            is_catalog: true,
            sources: sources
                .iter()
                .map(|(rel, text)| evschema::lint::Source {
                    rel: (*rel).to_owned(),
                    path: PathBuf::from("cat").join(rel),
                    text: text.clone(),
                })
                .collect(),
        };
        let _ = evschema::lint::lint(&input, &evschema::lint::Defaults, &evschema::lint::Settings::default(), None);
        let files = sources.iter().map(|(r, t)| ((*r).to_owned(), t.clone())).collect();
        if let Ok((catalog, _)) = Catalog::from_texts(std::path::Path::new("cat"), files, LoadOptions { tolerant: true }) {
            if let Ok(doc) = evschema::render::build(&catalog) {
                let _ = evschema::render::document(&doc);
                let _ = evschema::render::pages(&doc);
            }
        }
    }

    #[test]
    fn diff_engine_never_panics(old in arb_json(), new in arb_json()) {
        use evschema::compat::{compare, declared, Mode, Policy};
        for policy in [Policy::Strict, Policy::Lenient] {
            let c = compare(&old, &new, policy);
            let _ = declared(&old, &new, c.required_bump(Mode::Full));
            // what is proved of identical documents
            let same = compare(&old, &old, policy);
            prop_assert!(same.backward && same.forward && same.changes.is_empty());
        }
    }

    #[test]
    fn bundler_and_engine_never_panic(schema in arb_json(), instance in arb_json()) {
        let mut root = schema.clone();
        if let Value::Object(m) = &mut root {
            m.insert("properties".into(), json!({"event_type": {"const": "a.b"}, "payload": schema}));
        }
        let text = serde_json::to_string(&root).unwrap();
        let files = vec![
            ("sns_topics/a.json".to_owned(), text),
            ("common/x.json".to_owned(), serde_json::to_string(&instance).unwrap()),
        ];
        let Ok((catalog, _)) = Catalog::from_texts(std::path::Path::new("cat"), files, LoadOptions { tolerant: true }) else {
            return Ok(());
        };
        for i in 0..catalog.schemas.len() {
            let _ = catalog.bundle(i);
            let _ = catalog.check_refs(i);
        }
        let options = EngineOptions { assert_formats: true, redact: true };
        if let Ok(engine) = Engine::for_catalog(catalog, options) {
            let event = json!({"event_type": "a.b", "payload": instance});
            let _ = engine.check(&event);
            let _ = engine.check(&instance);
        }
    }
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        arb_json().prop_map(|v| v.to_string()),
        "\\PC{0,40}",
        Just("{\"event_type\":\"a.b\"}".to_owned()),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// Wrappers within wrappers, attributes of any shape, any message text: unwrapping,
    /// routing by pointers and naming rules give a verdict, never a panic.
    #[test]
    fn unwrapping_and_routing_never_panic(
        message in arb_text(),
        attrs in arb_json(),
        depth in 0usize..6,
        key in prop_oneof![Just("/event_type"), Just("/type"), Just("/a/b"), Just("/~1x~0"), Just("/")],
        event in arb_json(),
    ) {
        use evschema::routing::{NamingRule, RouteSpec};
        let mut v = json!({"Type": "Notification", "TopicArn": "arn", "MessageId": "1", "Message": message, "MessageAttributes": attrs});
        for i in 0..depth {
            v = if i % 2 == 0 {
                json!({"MessageId": "m", "ReceiptHandle": "r", "Body": v.to_string(), "MessageAttributes": attrs})
            } else {
                json!({"EventSource": "aws:sns", "Sns": {"Type": "Notification", "TopicArn": "t", "MessageId": "i", "Message": v.to_string()}})
            };
        }
        let _ = evschema::envelope::unwrap(&v).map(|u| evschema::envelope::mismatches(&u, &[key, "/version"]));
        let schema = serde_json::to_string(&json!({"properties": {"event_type": {"const": "a.b"}, "type": {"enum": ["a.b", 3]}}})).unwrap();
        let files = vec![
            ("sns_topics/a.json".to_owned(), schema.clone()),
            ("x/y.json".to_owned(), schema),
        ];
        let Ok((catalog, _)) = Catalog::from_texts(std::path::Path::new("cat"), files, LoadOptions { tolerant: true }) else {
            return Ok(());
        };
        let mut spec = RouteSpec { type_key: key.to_owned(), ..RouteSpec::default() };
        spec.naming = vec![NamingRule { files: "{/a}/{/b}.json".into(), name: None, body: Some("/c".into()) }];
        let options = EngineOptions { assert_formats: true, redact: false };
        if let Ok(engine) = Engine::for_catalog_with(catalog, &spec, options) {
            let _ = engine.check(&v);
            let _ = engine.check(&event);
            let _ = engine.check(&json!({"a": "x", "b": "y", "c": event}));
        }
    }

    /// Random bytes named `.gz` or `.zst`, and real archives cut anywhere: a read error or
    /// events, never a panic or a hang.
    #[test]
    fn compressed_readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), cut in 0usize..2000, zst in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let ext = if zst { "x.ndjson.zst" } else { "x.ndjson.gz" };
        let mut data = if zst { vec![0x28, 0xb5, 0x2f, 0xfd] } else { vec![0x1f, 0x8b] };
        data.extend(&bytes);
        let real = std::fs::read(format!("{}/tests/fixtures/route/archive/events.{}", env!("CARGO_MANIFEST_DIR"), if zst { "jsonl.zst" } else { "ndjson.gz" })).unwrap();
        let cut_real = &real[..cut.min(real.len())];
        for (i, content) in [&data[..], cut_real].into_iter().enumerate() {
            let p = dir.path().join(format!("{i}{ext}"));
            std::fs::write(&p, content).unwrap();
            let n = input::Events::new(vec![Source::file(&p, false)], 1 << 16).take(1000).count();
            prop_assert!(n < 1000);
        }
    }
}
