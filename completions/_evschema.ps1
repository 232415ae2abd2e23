
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'evschema' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'evschema'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'evschema' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check the schemas against the rule catalog, with file:line:col findings')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate events against the catalog (routed by event_type) or one schema')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two versions of a schema (or catalog): compatibility verdict and semver bump')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render the catalog as one GitHub Flavored Markdown document (or one page per event type)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the catalog to AsyncAPI or to a schema registry, only where it is lossless')
            [CompletionResult]::new('new-major', 'new-major', [CompletionResultType]::ParameterValue, 'Scaffold the next major version of an event schema beside the current one')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Re-deliver recorded events to a target, validated first, with retries and a resumable state file')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Which subscribers of the catalog receive each event (EventBridge''s TestEventPattern and SNS filter policies, for every subscription at once)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man page (roff) for evschema and each subcommand')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evschema;lint' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE (atomically) instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE (atomically) instead of standard output')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'The least severe finding that fails the run (exit 1). [default: `fail_on` of evschema.toml, else error]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Which rules run: recommended (validity and consistency, for catalogs that are not event contracts), event-contracts (every rule), auto (event-contracts where the catalog declares or follows a channel layout, and on files naming event types). [default: `preset` of evschema.toml, else auto]')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Explain one rule (by code or name), with a bad and a good example')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Fail (exit 1) on warnings too; the same as --fail-on warning')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply the safe fixes (add $schema, official $schema URI, rename an unambiguous keyword typo, sort required) in place, then report what is left. A fix is written only when the fixed schema accepts exactly the same events (diff''s compatibility engine, both directions), passes its metaschema and keeps every $ref resolving; any other is reported as not applied, with the reason')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --fix: print the changes as a unified diff and write nothing')
            [CompletionResult]::new('--list-rules', '--list-rules', [CompletionResultType]::ParameterName, 'List every rule: code, severity, name, family, summary')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;validate' {
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Validate every instance against this one schema file (no routing). Its $refs resolve in --catalog DIR when given, else in the catalog of the nearest evschema.toml above the file, else in the folder above its channel folder, else in its own folder. Only the files it reaches are read')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'The catalog folder: routes events by event_type, and roots $ref resolution (also for --schema). [default: `catalog` of evschema.toml, else schemas]')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Serve refs under URL PREFIX from folder DIR (`PREFIX` + `a/b.json` is `DIR/a/b.json`). Repeatable; also `[refs] map` of evschema.toml. Nothing is ever fetched')
            [CompletionResult]::new('--resolve', '--resolve', [CompletionResultType]::ParameterName, 'A schema file, or a folder of them, whose `$id`s refs may name. Repeatable; also `[refs] resolve` of evschema.toml')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of cores)')
            [CompletionResult]::new('--max-event-bytes', '--max-event-bytes', [CompletionResultType]::ParameterName, 'Largest accepted event (one line or one array element), in bytes; larger ones are reported invalid without being held in memory. [default: 67108864 (64 MiB)]')
            [CompletionResult]::new('--envelope', '--envelope', [CompletionResultType]::ParameterName, 'The envelope preset: plain (event_type, version), cloudevents (type, data), eventbridge (detail-type, detail). [default: plain, or `[routing] envelope`]')
            [CompletionResult]::new('--route-key', '--route-key', [CompletionResultType]::ParameterName, 'JSON pointer of the field that names the event type (e.g. /type, /meta/name). [default: the envelope''s: /event_type, /type, /detail-type]')
            [CompletionResult]::new('--version-key', '--version-key', [CompletionResultType]::ParameterName, 'JSON pointer of the event''s version, which picks the major where several exist; `none` to route by type only. [default: the envelope''s: /version, /detail/version]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--array', '--array', [CompletionResultType]::ParameterName, 'Treat `.json` inputs (and stdin) as a JSON array of events, streamed element by element')
            [CompletionResult]::new('--no-format-assertion', '--no-format-assertion', [CompletionResultType]::ParameterName, 'Do not assert `format` keywords (treat them as annotations)')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Replace instance values in messages with their JSON type (events carry personal data)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also list valid instances in human output')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also list valid instances in human output')
            [CompletionResult]::new('--no-unwrap', '--no-unwrap', [CompletionResultType]::ParameterName, 'Do not unwrap SNS notifications and SQS messages before routing')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;diff' {
            [CompletionResult]::new('--against', '--against', [CompletionResultType]::ParameterName, 'Compare the catalog with the same folder at this git revision (e.g. origin/main)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'The compatibility that exit 0 requires. [default: backward, or `[diff] mode` of evschema.toml]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'strict reasons over every JSON value; lenient assumes no undeclared properties. [default: strict, or `[diff] policy` of evschema.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'Validate recorded events (files or folders, as `validate` reads them) with both sides: per event type, how many each accepts and the first ones NEW rejects. A recorded event that breaks the --mode direction fails the diff. Repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show witnesses in full on a terminal too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show witnesses in full on a terminal too')
            [CompletionResult]::new('--transitive', '--transitive', [CompletionResultType]::ParameterName, 'With --against: compare with every earlier version in the git history, not only REF')
            [CompletionResult]::new('--show-text', '--show-text', [CompletionResultType]::ParameterName, 'Also print a unified diff of the two schema texts')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;render' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically: a temporary file renamed over it) instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically: a temporary file renamed over it) instead of standard output')
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'Write an index page (README.md) plus one page per event type into OUTDIR, with relative links between them')
            [CompletionResult]::new('--changes-since', '--changes-since', [CompletionResultType]::ParameterName, 'Add to each event type a "Changes since REF" subsection (verdict, required bump, declared version, the diff engine''s change list), comparing with DIR at this git revision (e.g. origin/main), plus the event types removed since')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Markdown (GitHub Flavored), or one self-contained HTML page with the same content')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Write nothing; exit 1 with a unified diff when the -o file (or --split folder) is stale, 0 when it is up to date')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;export' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('asyncapi', 'asyncapi', [CompletionResultType]::ParameterValue, 'One AsyncAPI 3.0 document: channels, send operations, one message per event type')
            [CompletionResult]::new('eventbridge', 'eventbridge', [CompletionResultType]::ParameterValue, 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type')
            [CompletionResult]::new('confluent', 'confluent', [CompletionResultType]::ParameterValue, 'Confluent Schema Registry: one register request per subject, shared files first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evschema;export;asyncapi' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of standard output; `.yaml`/`.yml` for YAML')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of standard output; `.yaml`/`.yml` for YAML')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`). With asyncapi, json needs -o')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Write nothing; exit 1 with a unified diff when FILE is stale, 0 when it is current')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;export;eventbridge' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The folder the request files go into')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The folder the request files go into')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry name put in every request [default: `[export] registry` of evschema.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Write nothing; exit 1 with a unified diff when a file in OUTDIR is stale')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;export;confluent' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The folder the request files go into')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The folder the request files go into')
            [CompletionResult]::new('--subject-strategy', '--subject-strategy', [CompletionResultType]::ParameterName, 'Subject names: topic (`<event_type>-value`), record (`<event_type>`) or topic-record (`<domain>-<event_type>`) [default: topic, or `[export] subject_strategy` of evschema.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Write nothing; exit 1 with a unified diff when a file in OUTDIR is stale')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;export;help' {
            [CompletionResult]::new('asyncapi', 'asyncapi', [CompletionResultType]::ParameterValue, 'One AsyncAPI 3.0 document: channels, send operations, one message per event type')
            [CompletionResult]::new('eventbridge', 'eventbridge', [CompletionResultType]::ParameterValue, 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type')
            [CompletionResult]::new('confluent', 'confluent', [CompletionResultType]::ParameterValue, 'Confluent Schema Registry: one register request per subject, shared files first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evschema;export;help;asyncapi' {
            break
        }
        'evschema;export;help;eventbridge' {
            break
        }
        'evschema;export;help;confluent' {
            break
        }
        'evschema;export;help;help' {
            break
        }
        'evschema;new-major' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The catalog folder [default: schemas/, or `catalog` of evschema.toml]')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'The deprecation date written to the old file (YYYY-MM-DD) [default: today, UTC]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;replay' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to deliver: `-`, `file:PATH`, `http://URL` or `https://URL`')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'The catalog that gates delivery (e.g. a proposed catalog). [default: `catalog` of evschema.toml, else schemas]')
            [CompletionResult]::new('--against', '--against', [CompletionResultType]::ParameterName, 'Validate against the catalog folder as it is at this git revision')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Replay only event types matching this glob (`*` crosses dots); repeatable, any matches')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Replay only events whose timestamp is at or after TIME (RFC 3339, or a date)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Replay only events whose timestamp is before TIME (RFC 3339, or a date)')
            [CompletionResult]::new('--time-key', '--time-key', [CompletionResultType]::ParameterName, 'The JSON pointer of the event''s timestamp, for --since and --until')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Journal outcomes to FILE and resume from it (skip what an earlier run delivered)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most N events per second')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'HTTP deliveries in flight at once; above 1, events may arrive out of input order')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Attempts after the first for a retryable failure')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one HTTP attempt may take (connect, send, answer)')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Sign each body with HMAC-SHA256 under the secret in this environment variable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra HTTP header for every request (`Name: value`); repeatable')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the outcomes (on stderr when the target is `-`)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Validation threads (default: the number of cores)')
            [CompletionResult]::new('--max-event-bytes', '--max-event-bytes', [CompletionResultType]::ParameterName, 'Largest accepted event, in bytes. [default: 67108864 (64 MiB)]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Decide every outcome but deliver nothing (and write no state)')
            [CompletionResult]::new('--array', '--array', [CompletionResultType]::ParameterName, 'Treat `.json` inputs (and stdin) as a JSON array of events')
            [CompletionResult]::new('--no-format-assertion', '--no-format-assertion', [CompletionResultType]::ParameterName, 'Do not assert `format` keywords (treat them as annotations)')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Replace instance values in messages with their JSON type')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also list delivered and filtered events in human output')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also list delivered and filtered events in human output')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;route' {
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'The catalog (schemas and subscriptions/). [default: `catalog` of evschema.toml, else schemas]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'The EventBridge `source` of the catalog''s events. [default: `[subscriptions] source`, else "evschema"]')
            [CompletionResult]::new('--max-event-bytes', '--max-event-bytes', [CompletionResultType]::ParameterName, 'Largest accepted event, in bytes. [default: 67108864 (64 MiB)]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'For each subscriber on the event''s channel that does not receive it, say why')
            [CompletionResult]::new('--array', '--array', [CompletionResultType]::ParameterName, 'Treat `.json` inputs (and stdin) as a JSON array of events')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write evschema.1 and one evschema-COMMAND.1 per subcommand into this folder instead of printing evschema.1 to stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any evschema.toml (built-in defaults only)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors: no summaries, no valid events, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evschema;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check the schemas against the rule catalog, with file:line:col findings')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate events against the catalog (routed by event_type) or one schema')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two versions of a schema (or catalog): compatibility verdict and semver bump')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render the catalog as one GitHub Flavored Markdown document (or one page per event type)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the catalog to AsyncAPI or to a schema registry, only where it is lossless')
            [CompletionResult]::new('new-major', 'new-major', [CompletionResultType]::ParameterValue, 'Scaffold the next major version of an event schema beside the current one')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Re-deliver recorded events to a target, validated first, with retries and a resumable state file')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Which subscribers of the catalog receive each event (EventBridge''s TestEventPattern and SNS filter policies, for every subscription at once)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man page (roff) for evschema and each subcommand')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evschema;help;lint' {
            break
        }
        'evschema;help;validate' {
            break
        }
        'evschema;help;diff' {
            break
        }
        'evschema;help;render' {
            break
        }
        'evschema;help;export' {
            [CompletionResult]::new('asyncapi', 'asyncapi', [CompletionResultType]::ParameterValue, 'One AsyncAPI 3.0 document: channels, send operations, one message per event type')
            [CompletionResult]::new('eventbridge', 'eventbridge', [CompletionResultType]::ParameterValue, 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type')
            [CompletionResult]::new('confluent', 'confluent', [CompletionResultType]::ParameterValue, 'Confluent Schema Registry: one register request per subject, shared files first')
            break
        }
        'evschema;help;export;asyncapi' {
            break
        }
        'evschema;help;export;eventbridge' {
            break
        }
        'evschema;help;export;confluent' {
            break
        }
        'evschema;help;new-major' {
            break
        }
        'evschema;help;replay' {
            break
        }
        'evschema;help;route' {
            break
        }
        'evschema;help;completions' {
            break
        }
        'evschema;help;man' {
            break
        }
        'evschema;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
