# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_evschema_global_optspecs
    string join \n color= config= no-config q/quiet h/help V/version
end

function __fish_evschema_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_evschema_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_evschema_using_subcommand
    set -l cmd (__fish_evschema_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c evschema -n "__fish_evschema_needs_command" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_needs_command" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_needs_command" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_needs_command" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_needs_command" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "lint" -d 'Check the schemas against the rule catalog, with file:line:col findings'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "validate" -d 'Validate events against the catalog (routed by event_type) or one schema'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "diff" -d 'Compare two versions of a schema (or catalog): compatibility verdict and semver bump'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "render" -d 'Render the catalog as one GitHub Flavored Markdown document (or one page per event type)'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "export" -d 'Export the catalog to AsyncAPI or to a schema registry, only where it is lossless'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "new-major" -d 'Scaffold the next major version of an event schema beside the current one'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "replay" -d 'Re-deliver recorded events to a target, validated first, with retries and a resumable state file'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "route" -d 'Which subscribers of the catalog receive each event (EventBridge\'s TestEventPattern and SNS filter policies, for every subscription at once)'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "man" -d 'Write the man page (roff) for evschema and each subcommand'
complete -c evschema -n "__fish_evschema_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l format -d 'Output format' -r -f -a "human\t'rustc-like: file:line:col, code, message, the source line with a caret, help'
json\t'One JSON object: {"findings":[...],"summary":{"files","errors","warnings"}}'
github\t'GitHub Actions workflow commands (annotations on the pull request)'
sarif\t'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers'
junit\t'JUnit XML: one test case per file, a failure per finding (Jenkins, GitLab, Azure...)'
gitlab\t'GitLab Code Quality JSON (`artifacts: reports: codequality`)'"
complete -c evschema -n "__fish_evschema_using_subcommand lint" -s o -l output -d 'Write the report to FILE (atomically) instead of standard output' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l fail-on -d 'The least severe finding that fails the run (exit 1). [default: `fail_on` of evschema.toml, else error]' -r -f -a "error\t''
warning\t''"
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l preset -d 'Which rules run: recommended (validity and consistency, for catalogs that are not event contracts), event-contracts (every rule), auto (event-contracts where the catalog declares or follows a channel layout, and on files naming event types). [default: `preset` of evschema.toml, else auto]' -r -f -a "auto\t''
recommended\t''
event-contracts\t''"
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l explain -d 'Explain one rule (by code or name), with a bad and a good example' -r
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l deny-warnings -d 'Fail (exit 1) on warnings too; the same as --fail-on warning'
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l fix -d 'Apply the safe fixes (add $schema, official $schema URI, rename an unambiguous keyword typo, sort required) in place, then report what is left. A fix is written only when the fixed schema accepts exactly the same events (diff\'s compatibility engine, both directions), passes its metaschema and keeps every $ref resolving; any other is reported as not applied, with the reason'
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l dry-run -d 'With --fix: print the changes as a unified diff and write nothing'
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l list-rules -d 'List every rule: code, severity, name, family, summary'
complete -c evschema -n "__fish_evschema_using_subcommand lint" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand lint" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand lint" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l schema -d 'Validate every instance against this one schema file (no routing). Its $refs resolve in --catalog DIR when given, else in the catalog of the nearest evschema.toml above the file, else in the folder above its channel folder, else in its own folder. Only the files it reaches are read' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l catalog -d 'The catalog folder: routes events by event_type, and roots $ref resolution (also for --schema). [default: `catalog` of evschema.toml, else schemas]' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l map -d 'Serve refs under URL PREFIX from folder DIR (`PREFIX` + `a/b.json` is `DIR/a/b.json`). Repeatable; also `[refs] map` of evschema.toml. Nothing is ever fetched' -r
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l resolve -d 'A schema file, or a folder of them, whose `$id`s refs may name. Repeatable; also `[refs] resolve` of evschema.toml' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l format -d 'Output format' -r -f -a "human\t'Compact, readable; coloured on a terminal'
json\t'One JSON object per instance, one per line (NDJSON), in input order'
github\t'GitHub Actions workflow commands (`::error file=...,line=...::`)'"
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l jobs -d 'Worker threads (default: the number of cores)' -r
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l max-event-bytes -d 'Largest accepted event (one line or one array element), in bytes; larger ones are reported invalid without being held in memory. [default: 67108864 (64 MiB)]' -r
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l envelope -d 'The envelope preset: plain (event_type, version), cloudevents (type, data), eventbridge (detail-type, detail). [default: plain, or `[routing] envelope`]' -r -f -a "plain\t'`event_type` and `version` at the top level'
cloudevents\t'CloudEvents 1.0 structured mode: `type`; the data in `data`'
eventbridge\t'Amazon EventBridge: `detail-type`; the data in `detail`, its version in `detail.version`'"
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l route-key -d 'JSON pointer of the field that names the event type (e.g. /type, /meta/name). [default: the envelope\'s: /event_type, /type, /detail-type]' -r
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l version-key -d 'JSON pointer of the event\'s version, which picks the major where several exist; `none` to route by type only. [default: the envelope\'s: /version, /detail/version]' -r
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l array -d 'Treat `.json` inputs (and stdin) as a JSON array of events, streamed element by element'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l no-format-assertion -d 'Do not assert `format` keywords (treat them as annotations)'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l redact -d 'Replace instance values in messages with their JSON type (events carry personal data)'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -s v -l verbose -d 'Also list valid instances in human output'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l no-unwrap -d 'Do not unwrap SNS notifications and SQS messages before routing'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand validate" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l against -d 'Compare the catalog with the same folder at this git revision (e.g. origin/main)' -r
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l mode -d 'The compatibility that exit 0 requires. [default: backward, or `[diff] mode` of evschema.toml]' -r -f -a "backward\t'Every event valid under OLD is valid under NEW (consumers can replay old events)'
forward\t'Every event valid under NEW is valid under OLD (old consumers accept new events)'
full\t'Both'"
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l policy -d 'strict reasons over every JSON value; lenient assumes no undeclared properties. [default: strict, or `[diff] policy` of evschema.toml]' -r -f -a "strict\t'Reason over every JSON value: open objects accept any undeclared property'
lenient\t'Assume events never carry properties their schema does not declare'"
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l format -d 'Output format' -r -f -a "human\t'The verdict, each change with its effect and witness, the semver line'
json\t'One JSON object (DESIGN.md): per schema, or {schemas, added, removed} for catalogs'
markdown\t'A summary table and details, for a pull-request comment'"
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l replay -d 'Validate recorded events (files or folders, as `validate` reads them) with both sides: per event type, how many each accepts and the first ones NEW rejects. A recorded event that breaks the --mode direction fails the diff. Repeatable' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand diff" -s v -l verbose -d 'Show witnesses in full on a terminal too'
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l transitive -d 'With --against: compare with every earlier version in the git history, not only REF'
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l show-text -d 'Also print a unified diff of the two schema texts'
complete -c evschema -n "__fish_evschema_using_subcommand diff" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand diff" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand diff" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand render" -s o -l output -d 'Write the document to FILE (atomically: a temporary file renamed over it) instead of standard output' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand render" -l split -d 'Write an index page (README.md) plus one page per event type into OUTDIR, with relative links between them' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand render" -l changes-since -d 'Add to each event type a "Changes since REF" subsection (verdict, required bump, declared version, the diff engine\'s change list), comparing with DIR at this git revision (e.g. origin/main), plus the event types removed since' -r
complete -c evschema -n "__fish_evschema_using_subcommand render" -l format -d 'Markdown (GitHub Flavored), or one self-contained HTML page with the same content' -r -f -a "markdown\t''
html\t'One page with its styles inline: no network needed to view it'"
complete -c evschema -n "__fish_evschema_using_subcommand render" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand render" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand render" -l check -d 'Write nothing; exit 1 with a unified diff when the -o file (or --split folder) is stale, 0 when it is up to date'
complete -c evschema -n "__fish_evschema_using_subcommand render" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand render" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand render" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -f -a "asyncapi" -d 'One AsyncAPI 3.0 document: channels, send operations, one message per event type'
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -f -a "eventbridge" -d 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type'
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -f -a "confluent" -d 'Confluent Schema Registry: one register request per subject, shared files first'
complete -c evschema -n "__fish_evschema_using_subcommand export; and not __fish_seen_subcommand_from asyncapi eventbridge confluent help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -s o -l output -d 'Write the document to FILE (atomically) instead of standard output; `.yaml`/`.yml` for YAML' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -l format -d 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`). With asyncapi, json needs -o' -r -f -a "human\t''
json\t'One JSON object: `{"target", "written", "stale", "refused"}`'"
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -l check -d 'Write nothing; exit 1 with a unified diff when FILE is stale, 0 when it is current'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from asyncapi" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -s o -l output -d 'The folder the request files go into' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -l registry -d 'The registry name put in every request [default: `[export] registry` of evschema.toml]' -r
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -l format -d 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`)' -r -f -a "human\t''
json\t'One JSON object: `{"target", "written", "stale", "refused"}`'"
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -l check -d 'Write nothing; exit 1 with a unified diff when a file in OUTDIR is stale'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from eventbridge" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -s o -l output -d 'The folder the request files go into' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -l subject-strategy -d 'Subject names: topic (`<event_type>-value`), record (`<event_type>`) or topic-record (`<domain>-<event_type>`) [default: topic, or `[export] subject_strategy` of evschema.toml]' -r -f -a "topic\t'`<event_type>-value` (TopicNameStrategy, a topic per event type)'
record\t'`<event_type>` (RecordNameStrategy)'
topic-record\t'`<domain>-<event_type>` (TopicRecordNameStrategy)'"
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -l format -d 'Report format: human (messages on stderr, diffs on stdout), or one JSON object on stdout (`target`, `written`, `stale`, `refused`)' -r -f -a "human\t''
json\t'One JSON object: `{"target", "written", "stale", "refused"}`'"
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -l check -d 'Write nothing; exit 1 with a unified diff when a file in OUTDIR is stale'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from confluent" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "asyncapi" -d 'One AsyncAPI 3.0 document: channels, send operations, one message per event type'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "eventbridge" -d 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "confluent" -d 'Confluent Schema Registry: one register request per subject, shared files first'
complete -c evschema -n "__fish_evschema_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evschema -n "__fish_evschema_using_subcommand new-major" -l dir -d 'The catalog folder [default: schemas/, or `catalog` of evschema.toml]' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand new-major" -l date -d 'The deprecation date written to the old file (YYYY-MM-DD) [default: today, UTC]' -r
complete -c evschema -n "__fish_evschema_using_subcommand new-major" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand new-major" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand new-major" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand new-major" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand new-major" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand new-major" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l to -d 'Where to deliver: `-`, `file:PATH`, `http://URL` or `https://URL`' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l catalog -d 'The catalog that gates delivery (e.g. a proposed catalog). [default: `catalog` of evschema.toml, else schemas]' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l against -d 'Validate against the catalog folder as it is at this git revision' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l type -d 'Replay only event types matching this glob (`*` crosses dots); repeatable, any matches' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l since -d 'Replay only events whose timestamp is at or after TIME (RFC 3339, or a date)' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l until -d 'Replay only events whose timestamp is before TIME (RFC 3339, or a date)' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l time-key -d 'The JSON pointer of the event\'s timestamp, for --since and --until' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l state -d 'Journal outcomes to FILE and resume from it (skip what an earlier run delivered)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l rate -d 'At most N events per second' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l concurrency -d 'HTTP deliveries in flight at once; above 1, events may arrive out of input order' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l retries -d 'Attempts after the first for a retryable failure' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l timeout -d 'Seconds one HTTP attempt may take (connect, send, answer)' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l secret-env -d 'Sign each body with HMAC-SHA256 under the secret in this environment variable' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l header -d 'An extra HTTP header for every request (`Name: value`); repeatable' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l format -d 'Output format of the outcomes (on stderr when the target is `-`)' -r -f -a "human\t'Invalid and failed events with their reasons, then a summary line'
json\t'One JSON object per event read, in input order (NDJSON): its outcome and why'"
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l jobs -d 'Validation threads (default: the number of cores)' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l max-event-bytes -d 'Largest accepted event, in bytes. [default: 67108864 (64 MiB)]' -r
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l dry-run -d 'Decide every outcome but deliver nothing (and write no state)'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l array -d 'Treat `.json` inputs (and stdin) as a JSON array of events'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l no-format-assertion -d 'Do not assert `format` keywords (treat them as annotations)'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l redact -d 'Replace instance values in messages with their JSON type'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -s v -l verbose -d 'Also list delivered and filtered events in human output'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand replay" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand route" -l catalog -d 'The catalog (schemas and subscriptions/). [default: `catalog` of evschema.toml, else schemas]' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand route" -l format -d 'Output format' -r -f -a "human\t'One block per event: its type, version, schema and channel, then its subscribers'
json\t'One JSON object per event, in input order (NDJSON); keys in docs/subscriptions.md'"
complete -c evschema -n "__fish_evschema_using_subcommand route" -l source -d 'The EventBridge `source` of the catalog\'s events. [default: `[subscriptions] source`, else "evschema"]' -r
complete -c evschema -n "__fish_evschema_using_subcommand route" -l max-event-bytes -d 'Largest accepted event, in bytes. [default: 67108864 (64 MiB)]' -r
complete -c evschema -n "__fish_evschema_using_subcommand route" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand route" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand route" -l explain -d 'For each subscriber on the event\'s channel that does not receive it, say why'
complete -c evschema -n "__fish_evschema_using_subcommand route" -l array -d 'Treat `.json` inputs (and stdin) as a JSON array of events'
complete -c evschema -n "__fish_evschema_using_subcommand route" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand route" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand route" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evschema -n "__fish_evschema_using_subcommand route" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand completions" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand completions" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand completions" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand completions" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand completions" -s h -l help -d 'Print help'
complete -c evschema -n "__fish_evschema_using_subcommand completions" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand man" -l dir -d 'Write evschema.1 and one evschema-COMMAND.1 per subcommand into this folder instead of printing evschema.1 to stdout' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand man" -l color -d 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evschema -n "__fish_evschema_using_subcommand man" -l config -d 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)' -r -F
complete -c evschema -n "__fish_evschema_using_subcommand man" -l no-config -d 'Ignore any evschema.toml (built-in defaults only)'
complete -c evschema -n "__fish_evschema_using_subcommand man" -s q -l quiet -d 'Print nothing but errors: no summaries, no valid events, no warnings'
complete -c evschema -n "__fish_evschema_using_subcommand man" -s h -l help -d 'Print help'
complete -c evschema -n "__fish_evschema_using_subcommand man" -s V -l version -d 'Print version'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "lint" -d 'Check the schemas against the rule catalog, with file:line:col findings'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "validate" -d 'Validate events against the catalog (routed by event_type) or one schema'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "diff" -d 'Compare two versions of a schema (or catalog): compatibility verdict and semver bump'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "render" -d 'Render the catalog as one GitHub Flavored Markdown document (or one page per event type)'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "export" -d 'Export the catalog to AsyncAPI or to a schema registry, only where it is lossless'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "new-major" -d 'Scaffold the next major version of an event schema beside the current one'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "replay" -d 'Re-deliver recorded events to a target, validated first, with retries and a resumable state file'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "route" -d 'Which subscribers of the catalog receive each event (EventBridge\'s TestEventPattern and SNS filter policies, for every subscription at once)'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "man" -d 'Write the man page (roff) for evschema and each subcommand'
complete -c evschema -n "__fish_evschema_using_subcommand help; and not __fish_seen_subcommand_from lint validate diff render export new-major replay route completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evschema -n "__fish_evschema_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "asyncapi" -d 'One AsyncAPI 3.0 document: channels, send operations, one message per event type'
complete -c evschema -n "__fish_evschema_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "eventbridge" -d 'EventBridge Schema Registry: one CreateSchema request (JSONSchemaDraft4) per event type'
complete -c evschema -n "__fish_evschema_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "confluent" -d 'Confluent Schema Registry: one register request per subject, shared files first'
