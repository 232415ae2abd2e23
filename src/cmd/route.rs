//! `evschema route`: which subscribers of the catalog receive each event.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context};
use serde_json::Value;

use crate::cli::{RouteArgs, RouteFormat};
use crate::print::route::{self as print, Explained, Routed};
use crate::refs::RefSources;
use crate::routing::Envelope;
use crate::validate::engine::EngineOptions;
use crate::validate::input::{self, Events};
use crate::Outcome;
use evschema_core::subscriptions::{
    self,
    matcher::{AttrType, Attribute, EnvelopeSpec, Envelopes, DEFAULT_SOURCE},
    Subscription,
};

pub fn run(args: RouteArgs, color: bool, sources: &RefSources) -> anyhow::Result<Outcome> {
    let _ = color; // the output has no colour yet
    let mut inputs = args.inputs.clone();
    if inputs.is_empty() {
        if io::stdin().is_terminal() {
            bail!(
                "no input given: name files or folders of events (e.g. `evschema route schemas/examples/valid.ndjson`), or pipe NDJSON into `evschema route -`"
            );
        }
        inputs.push(PathBuf::from("-"));
    }
    let dir = args
        .catalog
        .clone()
        .unwrap_or_else(|| PathBuf::from("schemas"));
    let spec = super::validate::route_spec_from_config(&args.routing);
    spec.check().map_err(|e| anyhow!("{e}"))?;
    let options = EngineOptions {
        assert_formats: true,
        redact: false,
    };
    let engine = super::validate::engine_for_catalog(&dir, &spec, sources, options)?;
    let (subs, problems) = subscriptions::load(&dir);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        bail!(
            "the catalog's subscriptions cannot be read:\n{}",
            lines.join("\n")
        );
    }
    let mut env_spec = EnvelopeSpec::from_routing(&spec.type_key, spec.version_key.as_deref());
    env_spec.source = args
        .source
        .clone()
        .or_else(|| args.subscriptions.source.clone())
        .unwrap_or_else(|| DEFAULT_SOURCE.to_owned());
    if let Some(a) = &args.subscriptions.account {
        env_spec.account = a.clone();
    }
    if let Some(r) = &args.subscriptions.region {
        env_spec.region = r.clone();
    }
    if spec.envelope == Envelope::CloudEvents {
        env_spec.id_key = "/id".into();
        env_spec.time_key = "/time".into();
    }
    let input::Expanded {
        sources: event_sources,
        passed_over,
        ..
    } = input::expand(&inputs, args.array)
        .map_err(|(path, msg)| anyhow!("{}: {msg}", path.display()))?;
    if !passed_over.is_empty() && !args.quiet {
        eprintln!(
            "note: passed over {} file{} not ending in .json, .ndjson or .jsonl",
            passed_over.len(),
            if passed_over.len() == 1 { "" } else { "s" }
        );
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut read_errors = Vec::new();
    let mut summary = print::Summary::default();
    let catalog = engine.catalog();
    let version_key = spec.version_key.clone();
    for item in Events::new(
        event_sources,
        args.max_event_bytes.unwrap_or(64 * 1024 * 1024),
    ) {
        let event = match item {
            Ok(e) => e,
            Err(e) => {
                read_errors.push(e.to_string());
                continue;
            }
        };
        let mut routed = Routed {
            source: event.source_text(),
            line: event.line,
            valid: false,
            event_type: None,
            version: None,
            schema: None,
            channel: None,
            subscribers: Vec::new(),
            errors: Vec::new(),
            explain: args.explain.then(Vec::new),
        };
        match &event.value {
            Err(problem) => routed.errors.push((String::new(), problem.to_string())),
            Ok(value) => {
                let verdict = engine.check(value).map_err(|e| anyhow!(e))?;
                routed.valid = verdict.valid();
                routed.event_type = verdict.event_type.clone();
                routed.errors = verdict
                    .errors
                    .iter()
                    .map(|e| (e.instance_path.clone(), e.message.clone()))
                    .collect();
                if let Some(i) = verdict.schema {
                    routed.schema = Some(catalog.schemas[i].rel.clone());
                    routed.channel =
                        subscriptions::channel_of(&catalog.schemas[i].rel).map(str::to_owned);
                }
                let unwrapped = if spec.unwrap {
                    crate::envelope::unwrap(value).ok()
                } else {
                    None
                };
                let (event_value, wrapper_attrs): (&Value, Vec<(String, String)>) = match &unwrapped
                {
                    Some(u) => (
                        &u.event,
                        u.attributes
                            .iter()
                            .map(|a| (a.name.clone(), a.value.clone()))
                            .collect(),
                    ),
                    None => (value, Vec::new()),
                };
                routed.version = version_key
                    .as_deref()
                    .and_then(|k| event_value.pointer(k))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if event_value.is_object() {
                    let mut envelopes = Envelopes::of(event_value, &env_spec);
                    for (name, value) in wrapper_attrs {
                        envelopes.attributes.entry(name).or_insert(Attribute {
                            data_type: AttrType::String,
                            value,
                        });
                    }
                    deliver(&subs, &envelopes, &mut routed);
                }
            }
        }
        summary.add(&routed);
        print::event(&mut out, &routed, args.format, args.quiet).context("cannot write output")?;
    }
    if !args.quiet {
        let line = summary.line(subs.len());
        if args.format == RouteFormat::Human {
            writeln!(out, "{line}").context("cannot write output")?;
        } else {
            eprintln!("{line}");
        }
    }
    out.flush().context("cannot write output")?;
    if !read_errors.is_empty() {
        bail!("{}", read_errors.join("\n"));
    }
    Ok(if summary.failed > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// Fills in who receives the event: subscribers on its channel (or on `*`; an unrouted event
/// has no channel, so only those) whose filter matches.
fn deliver(subs: &[Subscription], envelopes: &Envelopes, routed: &mut Routed) {
    for sub in subs {
        let on_channel = match &routed.channel {
            Some(c) => sub.listens_on(c),
            None => sub.channels.iter().any(|c| c == "*"),
        };
        if !on_channel {
            continue;
        }
        match envelopes.receives(sub) {
            Ok(()) => routed.subscribers.push(sub.name.clone()),
            Err(miss) => {
                if let Some(explain) = &mut routed.explain {
                    let pos = sub.spans.locate(&miss.pointer);
                    explain.push(Explained {
                        subscriber: sub.name.clone(),
                        file: sub.path.display().to_string(),
                        line: pos.line,
                        column: pos.column,
                        pointer: miss.pointer,
                        path: miss.path,
                        reason: miss.reason,
                    });
                }
            }
        }
    }
    routed.subscribers.sort();
    if let Some(e) = &mut routed.explain {
        e.sort_by(|a, b| a.subscriber.cmp(&b.subscriber));
    }
}
