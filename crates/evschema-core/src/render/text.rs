//! Markdown text helpers: GitHub heading slugs, code spans, escaping for prose and table
//! cells, and line wrapping that never turns a wrapped word into block syntax.

use std::collections::HashMap;

use serde_json::Value;

/// Width prose is wrapped to (markdownlint's MD013 default).
pub const WIDTH: usize = 80;

/// GitHub's heading anchors (github-slugger): lower-case, keep letters, marks, numbers,
/// `_`, `-` and spaces, spaces become `-`; a repeated slug gets `-1`, `-2`, ...
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// The anchor of the next heading whose rendered text is `text`.
    pub fn slug(&mut self, text: &str) -> String {
        let original = base_slug(text);
        let mut slug = original.clone();
        while self.seen.contains_key(&slug) {
            let n = self.seen.entry(original.clone()).or_insert(0);
            *n += 1;
            slug = format!("{original}-{n}");
        }
        self.seen.insert(slug.clone(), 0);
        slug
    }
}

/// The slug of one heading text, before de-duplication.
pub fn base_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The text of a heading as GitHub sees it for its slug: code-span backticks dropped.
pub fn heading_plain_text(markdown: &str) -> String {
    markdown.replace('`', "")
}

/// `s` as an inline code span, whatever backticks it contains. Newlines become spaces.
pub fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if s.starts_with('`') || s.ends_with('`') {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// A JSON value as shown in a code span: strings bare (quoted when empty or padded with
/// spaces), everything else as compact JSON.
pub fn value_code(v: &Value) -> String {
    match v {
        Value::String(s) if !s.is_empty() && s.trim() == s => code(s),
        other => code(&other.to_string()),
    }
}

/// Makes schema prose (a description) safe to embed in Markdown: outside code spans `<`
/// and `>` become entities (no raw HTML reaches the page) and bare URLs become autolinks.
/// Tabs become spaces. Code spans are kept as written.
pub fn prose(s: &str) -> String {
    let s = s
        .replace('\t', "    ")
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s.as_str();
    while !rest.is_empty() {
        if rest.starts_with('`') {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..run];
            if let Some(end) = rest[run..].find(fence) {
                let close = run + end + run;
                // A closing run must be exactly as long as the opening one.
                let longer = rest[close..].starts_with('`');
                if !longer {
                    out.push_str(&rest[..close]);
                    rest = &rest[close..];
                    continue;
                }
            }
            out.push_str(fence);
            rest = &rest[run..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let at_word_start = out
                .chars()
                .last()
                .is_none_or(|c| c.is_whitespace() || c == '(');
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '`' | '"'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
            if at_word_start && url.len() > "https://".len() {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Makes plain text (a message of the diff engine) safe as inline Markdown: outside code
/// spans, the characters that would start emphasis, links or HTML are escaped. Code spans are
/// kept as written.
pub fn plain(s: &str) -> String {
    let s = s.replace(['\n', '\r', '\t'], " ");
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..run];
            if let Some(end) = rest[run..].find(fence) {
                let close = run + end + run;
                if !rest[close..].starts_with('`') {
                    out.push_str(&rest[..close]);
                    rest = &rest[close..];
                    continue;
                }
            }
            // an unmatched run of backticks is text
            for _ in 0..run {
                out.push_str("\\`");
            }
            rest = &rest[run..];
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Paragraphs of a description, each with its lines joined by spaces.
pub fn paragraphs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// Content for one table cell: `|` escaped (GFM splits cells before it reads code spans, so
/// this holds inside code spans too), line breaks as `<br>`.
pub fn cell(s: &str) -> String {
    let trimmed = s.trim();
    let mut out = String::with_capacity(trimmed.len() + 4);
    let mut lines = trimmed.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        out.push_str(&line.replace('|', "\\|"));
        if lines.peek().is_some() {
            out.push_str("<br>");
        }
    }
    out
}

/// Whether a word placed at the start of a line would start a block (list, heading, quote,
/// setext underline, table, fence, HTML) instead of continuing the paragraph.
fn starts_block(word: &str) -> bool {
    let first = word.chars().next().unwrap_or(' ');
    if matches!(
        first,
        '-' | '+' | '*' | '>' | '#' | '=' | '|' | '<' | '~' | '_'
    ) || word.starts_with("```")
    {
        return true;
    }
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && matches!(word[digits..].chars().next(), Some('.' | ')'))
}

/// Wraps `text` (one paragraph of inline Markdown) to [`WIDTH`], the first line starting with
/// `first`, the others with `rest`. A word too long for a line stands on its own line; a
/// word that would start a block stays on the line before.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut line = String::from(first);
    let mut line_has_word = false;
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= WIDTH;
        if line_has_word && !fits && !starts_block(word) {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
            line.push_str(rest);
            line_has_word = false;
        }
        if line_has_word {
            line.push(' ');
        }
        line.push_str(word);
        line_has_word = true;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// A catalog-relative path as a link destination: each segment percent-encoded except
/// unreserved characters, so spaces, parentheses and `#` cannot break the link.
pub fn link_path(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A string safe as a Mermaid node label inside `["..."]`.
pub fn mermaid_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A file name for a page of `--split` output: ASCII letters, digits, `.`, `-`, `_` only,
/// never starting with a dot, so an event type can never name a path outside OUTDIR.
pub fn file_stem(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while out.starts_with('.') {
        out.replace_range(..1, "_");
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slugs_follow_github_and_dedupe() {
        let mut s = Slugger::default();
        assert_eq!(s.slug("Event catalog"), "event-catalog");
        assert_eq!(s.slug("license.created"), "licensecreated");
        assert_eq!(s.slug("cme.compliance.at_risk"), "cmecomplianceat_risk");
        assert_eq!(s.slug("License.Created"), "licensecreated-1");
        assert_eq!(s.slug("licensecreated"), "licensecreated-2");
        assert_eq!(s.slug("licensecreated-1"), "licensecreated-1-1");
        assert_eq!(s.slug("What's new? (v2)"), "whats-new-v2");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(value_code(&json!("")), "`\"\"`");
        assert_eq!(value_code(&json!(1.5)), "`1.5`");
    }

    #[test]
    fn cells_escape_pipes_and_newlines() {
        assert_eq!(cell("a | b\nc"), "a \\| b<br>c");
        assert_eq!(cell("`^(a|b)$`"), "`^(a\\|b)$`");
    }

    #[test]
    fn prose_neutralises_html_keeps_code_and_links_urls() {
        assert_eq!(prose("a <b> `<c>`"), "a &lt;b&gt; `<c>`");
        assert_eq!(
            prose("see https://example.com/x."),
            "see <https://example.com/x>."
        );
        assert_eq!(prose("``a ` b`` <"), "``a ` b`` &lt;");
    }

    #[test]
    fn plain_text_escapes_markdown_outside_code_spans() {
        assert_eq!(
            plain("a_b *c* [d] <e> `x_*y`"),
            "a\\_b \\*c\\* \\[d\\] &lt;e&gt; `x_*y`"
        );
        assert_eq!(plain("one ` tick"), "one \\` tick");
    }

    #[test]
    fn wrap_keeps_block_markers_off_line_starts() {
        let text = format!("{} - not a list item", "word ".repeat(15));
        let wrapped = wrap(&text, "", "");
        for line in wrapped.lines() {
            assert!(!line.starts_with('-'), "{wrapped}");
        }
        let item = wrap(&"alpha beta ".repeat(10), "- ", "  ");
        assert!(item.starts_with("- alpha"));
        assert!(item.lines().skip(1).all(|l| l.starts_with("  ")));
        assert!(item.lines().all(|l| l.len() <= WIDTH));
    }

    #[test]
    fn link_paths_are_percent_encoded() {
        assert_eq!(
            link_path("sns_topics/a b(1)#.json"),
            "sns_topics/a%20b%281%29%23.json"
        );
        assert_eq!(link_path("x/é.json"), "x/%C3%A9.json");
    }

    #[test]
    fn file_stems_cannot_escape() {
        assert_eq!(file_stem("../../etc/passwd"), "_._.._etc_passwd");
        assert_eq!(file_stem("license.created"), "license.created");
    }
}
