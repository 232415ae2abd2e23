//! The Markdown document as one self-contained HTML page: styles inline, no script, no
//! external resource, so it opens from disk with no network. Headings get the ids GitHub
//! would give them, so the document's `#anchor` links work unchanged; Mermaid diagrams stay
//! code blocks.
//!
//! The Markdown goes through pulldown-cmark (CommonMark plus GFM tables). Raw HTML from the
//! document is dropped except `<br>` (the only element the Markdown writer emits; schema
//! prose reaches the page escaped).

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::text::Slugger;

const STYLE: &str = "\
body{font:16px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2328;\
max-width:1100px;margin:2rem auto;padding:0 1.5rem}\
h1,h2{border-bottom:1px solid #d1d9e0;padding-bottom:.3em}\
h2{margin-top:2.5rem}h3{margin-top:2rem}\
code{font:85% ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;\
padding:.15em .35em;border-radius:4px}\
pre{background:#f6f8fa;padding:1rem;overflow:auto;border-radius:6px}pre code{background:none;padding:0}\
table{border-collapse:collapse;display:block;overflow:auto;margin:1rem 0}\
th,td{border:1px solid #d1d9e0;padding:.35rem .7rem;vertical-align:top;text-align:left}\
tr:nth-child(2n){background:#f6f8fa}th{background:#eff1f3}\
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}\
td:first-child code,td:nth-child(2){white-space:nowrap}\
h1 code,h2 code,h3 code,h4 code{font-size:inherit;background:none;padding:0}";

/// The page for `markdown` (a document [`super::markdown`] wrote).
pub fn page(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options)
        .filter(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => h.trim() == "<br>",
            _ => true,
        })
        .collect();
    // Heading ids: the heading's text (code spans without backticks), slugged as GitHub does.
    let mut slugger = Slugger::default();
    let mut title = String::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            if title.is_empty() {
                title = text.clone();
            }
            let slug = slugger.slug(&text);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(slug));
            }
            i = j;
        }
        i += 1;
    }
    let mut body = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut body, events.into_iter());
    let mut escaped_title = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut escaped_title, &title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{escaped_title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_github_ids_and_raw_html_is_dropped() {
        let html = page("# A `b.c`\n\n| x |\n| --- |\n| a<br>b <script>z</script> |\n");
        assert!(html.contains("<h1 id=\"a-bc\">"), "{html}");
        assert!(html.contains("a<br>b"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("<title>A b.c</title>"), "{html}");
        assert!(!html.contains("http"), "no external resource: {html}");
    }
}
