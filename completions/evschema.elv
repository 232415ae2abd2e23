
use builtin;
use str;

set edit:completion:arg-completer[evschema] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'evschema'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'evschema'= {
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Check the schemas against the rule catalog, with file:line:col findings'
            cand validate 'Validate events against the catalog (routed by event_type) or one schema'
            cand diff 'Compare two versions of a schema (or catalog): compatibility verdict and semver bump'
            cand render 'Render the catalog as one GitHub Flavored Markdown document (or one page per event type)'
            cand export 'Export the catalog to AsyncAPI or to a schema registry, only where it is lossless'
            cand new-major 'Scaffold the next major version of an event schema beside the current one'
            cand replay 'Re-deliver recorded events to a target, validated first, with retries and a resumable state file'
            cand route 'Which subscribers of the catalog receive each event (EventBridge''s TestEventPattern and SNS filter policies, for every subscription at once)'
            cand completions 'Print a shell completion script'
            cand man 'Write the man page (roff) for evschema and each subcommand'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evschema;lint'= {
            cand --format 'Output format'
            cand -o 'Write the report to FILE (atomically) instead of standard output'
            cand --output 'Write the report to FILE (atomically) instead of standard output'
            cand --fail-on 'The least severe finding that fails the run (exit 1). [default: `fail_on` of evschema.toml, else error]'
            cand --preset 'Which rules run: recommended (validity and consistency, for catalogs that are not event contracts), event-contracts (every rule), auto (event-contracts where the catalog declares or follows a channel layout, and on files naming event types). [default: `preset` of evschema.toml, else auto]'
            cand --explain 'Explain one rule (by code or name), with a bad and a good example'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --deny-warnings 'Fail (exit 1) on warnings too; the same as --fail-on warning'
            cand --fix 'Apply the safe fixes (add $schema, official $schema URI, rename an unambiguous keyword typo, sort required) in place, then report what is left. A fix is written only when the fixed schema accepts exactly the same events (diff''s compatibility engine, both directions), passes its metaschema and keeps every $ref resolving; any other is reported as not applied, with the reason'
            cand --dry-run 'With --fix: print the changes as a unified diff and write nothing'
            cand --list-rules 'List every rule: code, severity, name, family, summary'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;validate'= {
            cand --schema 'Validate every instance against this one schema file (no routing). Its $refs resolve in --catalog DIR when given, else in the catalog of the nearest evschema.toml above the file, else in the folder above its channel folder, else in its own folder. Only the files it reaches are read'
            cand --catalog 'The catalog folder: routes events by event_type, and roots $ref resolution (also for --schema). [default: `catalog` of evschema.toml, else schemas]'
            cand --map 'Serve refs under URL PREFIX from folder DIR (`PREFIX` + `a/b.json` is `DIR/a/b.json`). Repeatable; also `[refs] map` of evschema.toml. Nothing is ever fetched'
            cand --resolve 'A schema file, or a folder of them, whose `$id`s refs may name. Repeatable; also `[refs] resolve` of evschema.toml'
            cand --format 'Output format'
            cand --jobs 'Worker threads (default: the number of cores)'
            cand --max-event-bytes 'Largest accepted event (one line or one array element), in bytes; larger ones are reported invalid without being held in memory. [default: 67108864 (64 MiB)]'
            cand --envelope 'The envelope preset: plain (event_type, version), cloudevents (type, data), eventbridge (detail-type, detail). [default: plain, or `[routing] envelope`]'
            cand --route-key 'JSON pointer of the field that names the event type (e.g. /type, /meta/name). [default: the envelope''s: /event_type, /type, /detail-type]'
            cand --version-key 'JSON pointer of the event''s version, which picks the major where several exist; `none` to route by type only. [default: the envelope''s: /version, /detail/version]'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --array 'Treat `.json` inputs (and stdin) as a JSON array of events, streamed element by element'
            cand --no-format-assertion 'Do not assert `format` keywords (treat them as annotations)'
            cand --redact 'Replace instance values in messages with their JSON type (events carry personal data)'
            cand -v 'Also list valid instances in human output'
            cand --verbose 'Also list valid instances in human output'
            cand --no-unwrap 'Do not unwrap SNS notifications and SQS messages before routing'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;diff'= {
            cand --against 'Compare the catalog with the same folder at this git revision (e.g. origin/main)'
            cand --mode 'The compatibility that exit 0 requires. [default: backward, or `[diff] mode` of evschema.toml]'
            cand --policy 'strict reasons over every JSON value; lenient assumes no undeclared properties. [default: strict, or `[diff] policy` of evschema.toml]'
            cand --format 'Output format'
            cand --replay 'Validate recorded events (files or folders, as `validate` reads them) with both sides: per event type, how many each accepts and the first ones NEW rejects. A recorded event that breaks the --mode direction fails the diff. Repeatable'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand -v 'Show witnesses in full on a terminal too'
            cand --verbose 'Show witnesses in full on a terminal too'
            cand --transitive 'With --against: compare with every earlier version in the git history, not only REF'
            cand --show-text 'Also print a unified diff of the two schema texts'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;render'= {
            cand -o 'Write the document to FILE (atomically: a temporary file renamed over it) instead of standard output'
            cand --output 'Write the document to FILE (atomically: a temporary file renamed over it) instead of standard output'
            cand --split 'Write an index page (README.md) plus one page per event type into OUTDIR, with relative links between them'
            cand --changes-since 'Add to each event type a "Changes since REF" subsection (verdict, required bump, declared version, the diff engine''s change list), comparing with DIR at this git revision (e.g. origin/main), plus the event types removed since'
            cand --format 'Markdown (GitHub Flavored), or one self-contained HTML page with the same content'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --check 'Write nothing; exit 1 with a unified diff when the -o file (or --split folder) is stale, 0 when it is up to date'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;export'= {
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand asyncapi 'One AsyncAPI 3.0 document: channels, send operations, one message per event type'
            cand eventbridge 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type'
            cand confluent 'Confluent Schema Registry: one register request per subject, shared files first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evschema;export;asyncapi'= {
            cand -o 'Write the document to FILE (atomically) instead of standard output; `.yaml`/`.yml` for YAML'
            cand --output 'Write the document to FILE (atomically) instead of standard output; `.yaml`/`.yml` for YAML'
            cand --format 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`). With asyncapi, json needs -o'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --check 'Write nothing; exit 1 with a unified diff when FILE is stale, 0 when it is current'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;export;eventbridge'= {
            cand -o 'The folder the request files go into'
            cand --output 'The folder the request files go into'
            cand --registry 'The registry name put in every request [default: `[export] registry` of evschema.toml]'
            cand --format 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`)'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --check 'Write nothing; exit 1 with a unified diff when a file in OUTDIR is stale'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;export;confluent'= {
            cand -o 'The folder the request files go into'
            cand --output 'The folder the request files go into'
            cand --subject-strategy 'Subject names: topic (`<event_type>-value`), record (`<event_type>`) or topic-record (`<domain>-<event_type>`) [default: topic, or `[export] subject_strategy` of evschema.toml]'
            cand --format 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`)'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --check 'Write nothing; exit 1 with a unified diff when a file in OUTDIR is stale'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;export;help'= {
            cand asyncapi 'One AsyncAPI 3.0 document: channels, send operations, one message per event type'
            cand eventbridge 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type'
            cand confluent 'Confluent Schema Registry: one register request per subject, shared files first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evschema;export;help;asyncapi'= {
        }
        &'evschema;export;help;eventbridge'= {
        }
        &'evschema;export;help;confluent'= {
        }
        &'evschema;export;help;help'= {
        }
        &'evschema;new-major'= {
            cand --dir 'The catalog folder [default: schemas/, or `catalog` of evschema.toml]'
            cand --date 'The deprecation date written to the old file (YYYY-MM-DD) [default: today, UTC]'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;replay'= {
            cand --to 'Where to deliver: `-`, `file:PATH`, `http://URL` or `https://URL`'
            cand --catalog 'The catalog that gates delivery (e.g. a proposed catalog). [default: `catalog` of evschema.toml, else schemas]'
            cand --against 'Validate against the catalog folder as it is at this git revision'
            cand --type 'Replay only event types matching this glob (`*` crosses dots); repeatable, any matches'
            cand --since 'Replay only events whose timestamp is at or after TIME (RFC 3339, or a date)'
            cand --until 'Replay only events whose timestamp is before TIME (RFC 3339, or a date)'
            cand --time-key 'The JSON pointer of the event''s timestamp, for --since and --until'
            cand --state 'Journal outcomes to FILE and resume from it (skip what an earlier run delivered)'
            cand --rate 'At most N events per second'
            cand --concurrency 'HTTP deliveries in flight at once; above 1, events may arrive out of input order'
            cand --retries 'Attempts after the first for a retryable failure'
            cand --timeout 'Seconds one HTTP attempt may take (connect, send, answer)'
            cand --secret-env 'Sign each body with HMAC-SHA256 under the secret in this environment variable'
            cand --header 'An extra HTTP header for every request (`Name: value`); repeatable'
            cand --format 'Output format of the outcomes (on stderr when the target is `-`)'
            cand --jobs 'Validation threads (default: the number of cores)'
            cand --max-event-bytes 'Largest accepted event, in bytes. [default: 67108864 (64 MiB)]'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --dry-run 'Decide every outcome but deliver nothing (and write no state)'
            cand --array 'Treat `.json` inputs (and stdin) as a JSON array of events'
            cand --no-format-assertion 'Do not assert `format` keywords (treat them as annotations)'
            cand --redact 'Replace instance values in messages with their JSON type'
            cand -v 'Also list delivered and filtered events in human output'
            cand --verbose 'Also list delivered and filtered events in human output'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;route'= {
            cand --catalog 'The catalog (schemas and subscriptions/). [default: `catalog` of evschema.toml, else schemas]'
            cand --format 'Output format'
            cand --source 'The EventBridge `source` of the catalog''s events. [default: `[subscriptions] source`, else "evschema"]'
            cand --max-event-bytes 'Largest accepted event, in bytes. [default: 67108864 (64 MiB)]'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --explain 'For each subscriber on the event''s channel that does not receive it, say why'
            cand --array 'Treat `.json` inputs (and stdin) as a JSON array of events'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;completions'= {
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;man'= {
            cand --dir 'Write evschema.1 and one evschema-COMMAND.1 per subcommand into this folder instead of printing evschema.1 to stdout'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --no-config 'Ignore any evschema.toml (built-in defaults only)'
            cand -q 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand --quiet 'Print nothing but errors: no summaries, no valid events, no warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evschema;help'= {
            cand lint 'Check the schemas against the rule catalog, with file:line:col findings'
            cand validate 'Validate events against the catalog (routed by event_type) or one schema'
            cand diff 'Compare two versions of a schema (or catalog): compatibility verdict and semver bump'
            cand render 'Render the catalog as one GitHub Flavored Markdown document (or one page per event type)'
            cand export 'Export the catalog to AsyncAPI or to a schema registry, only where it is lossless'
            cand new-major 'Scaffold the next major version of an event schema beside the current one'
            cand replay 'Re-deliver recorded events to a target, validated first, with retries and a resumable state file'
            cand route 'Which subscribers of the catalog receive each event (EventBridge''s TestEventPattern and SNS filter policies, for every subscription at once)'
            cand completions 'Print a shell completion script'
            cand man 'Write the man page (roff) for evschema and each subcommand'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evschema;help;lint'= {
        }
        &'evschema;help;validate'= {
        }
        &'evschema;help;diff'= {
        }
        &'evschema;help;render'= {
        }
        &'evschema;help;export'= {
            cand asyncapi 'One AsyncAPI 3.0 document: channels, send operations, one message per event type'
            cand eventbridge 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type'
            cand confluent 'Confluent Schema Registry: one register request per subject, shared files first'
        }
        &'evschema;help;export;asyncapi'= {
        }
        &'evschema;help;export;eventbridge'= {
        }
        &'evschema;help;export;confluent'= {
        }
        &'evschema;help;new-major'= {
        }
        &'evschema;help;replay'= {
        }
        &'evschema;help;route'= {
        }
        &'evschema;help;completions'= {
        }
        &'evschema;help;man'= {
        }
        &'evschema;help;help'= {
        }
    ]
    $completions[$command]
}
