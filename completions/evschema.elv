
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
            cand new-major 'Scaffold the next major version of an event schema beside the current one'
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
            cand --schema 'Validate every instance against this one schema file (no routing). Its $refs resolve inside the catalog it sits in (the folder above its channel folder)'
            cand --catalog 'The catalog folder: routes events by event_type, and roots $ref resolution. [default: `catalog` of evschema.toml, else schemas]'
            cand --format 'Output format'
            cand --jobs 'Worker threads (default: the number of cores)'
            cand --max-event-bytes 'Largest accepted event (one line or one array element), in bytes; larger ones are reported invalid without being held in memory. [default: 67108864 (64 MiB)]'
            cand --color 'When to use colour: auto (only on a terminal, never with NO_COLOR), always, never'
            cand --config 'Read this configuration file instead of looking for evschema.toml (found by walking up from the working directory)'
            cand --array 'Treat `.json` inputs (and stdin) as a JSON array of events, streamed element by element'
            cand --no-format-assertion 'Do not assert `format` keywords (treat them as annotations)'
            cand --redact 'Replace instance values in messages with their JSON type (events carry personal data)'
            cand -v 'Also list valid instances in human output'
            cand --verbose 'Also list valid instances in human output'
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
            cand new-major 'Scaffold the next major version of an event schema beside the current one'
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
        &'evschema;help;new-major'= {
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
