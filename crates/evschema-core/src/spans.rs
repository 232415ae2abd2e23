//! Source positions for JSON documents.
//!
//! `serde_json` gives us values but no positions. [`SpanMap::scan`] walks the same text once
//! more and records, for every JSON pointer, the byte offset where its value starts (and where
//! its key starts, for object members), so that any later message can say `file:line:col`.
//! It also reports duplicate object keys, which `serde_json` silently resolves as "last wins".

use std::collections::HashMap;

/// A 1-based line and column (column counted in characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where one JSON value sits in its source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the member's key (the opening quote), for object members.
    pub key: Option<usize>,
    /// Byte offset of the first byte of the value.
    pub value: usize,
    /// Byte offset one past the last byte of the value.
    pub end: usize,
}

/// A key that appears twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer of the member (the later occurrence wins in the parsed value).
    pub pointer: String,
    /// Byte offset of the later occurrence's key.
    pub offset: usize,
}

/// Positions of every value of a document, by JSON pointer. The index is built on first
/// use, so loading a catalog costs nothing for positions no message asks for.
#[derive(Debug, Default, Clone)]
pub struct SpanMap {
    text: String,
    index: std::sync::OnceLock<Index>,
    /// The duplicate keys alone, when they are asked for before any position: a scan that
    /// keeps no spans, so that checking every file of a big catalog for them (lint E002)
    /// does not hold every file's positions.
    duplicates: std::sync::OnceLock<Vec<DuplicateKey>>,
}

#[derive(Debug, Default, Clone)]
struct Index {
    spans: HashMap<String, Span>,
    line_starts: Vec<usize>,
    duplicates: Vec<DuplicateKey>,
}

impl SpanMap {
    /// Keeps `text`, which should already be known to be valid JSON (parsed by serde_json).
    /// On text that is not valid JSON the map is simply incomplete; it never panics.
    pub fn scan(text: &str) -> SpanMap {
        SpanMap {
            text: text.to_owned(),
            index: std::sync::OnceLock::new(),
            duplicates: std::sync::OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let text = &self.text;
            let mut index = Index {
                spans: HashMap::new(),
                line_starts: std::iter::once(0)
                    .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                    .collect(),
                duplicates: Vec::new(),
            };
            scan(text, true, &mut index);
            index
        })
    }

    /// Keys that appear twice in one object (serde_json keeps the last one).
    pub fn duplicates(&self) -> &[DuplicateKey] {
        if let Some(index) = self.index.get() {
            return &index.duplicates;
        }
        self.duplicates.get_or_init(|| {
            let mut index = Index::default();
            scan(&self.text, false, &mut index);
            index.duplicates
        })
    }

    /// The span of the value at `pointer` (`""` is the whole document).
    pub fn get(&self, pointer: &str) -> Option<Span> {
        self.index().spans.get(pointer).copied()
    }

    /// Line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_starts = &self.index().line_starts;
        let line_index = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = line_starts[line_index];
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }

    /// Position of the value at `pointer`, or of its nearest ancestor that exists.
    pub fn locate(&self, pointer: &str) -> Position {
        self.position(self.nearest(pointer).value)
    }

    /// Position of the key of the member at `pointer` (falls back to its value, then ancestors).
    pub fn locate_key(&self, pointer: &str) -> Position {
        let span = self.nearest(pointer);
        self.position(span.key.unwrap_or(span.value))
    }

    fn nearest(&self, pointer: &str) -> Span {
        let mut p = pointer;
        loop {
            if let Some(span) = self.index().spans.get(p) {
                return *span;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => {
                    return Span {
                        key: None,
                        value: 0,
                        end: 0,
                    }
                }
            }
        }
    }

    /// The text of line `line` (1-based), without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = &self.index().line_starts;
        let Some(&start) = line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The source text this map was built from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// All pointers with their spans, in document order.
    pub fn pointers_in_order(&self) -> Vec<(&str, Span)> {
        let mut all: Vec<(&str, Span)> = self
            .index()
            .spans
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        all.sort_by_key(|(p, s)| (s.value, p.len()));
        all
    }
}

pub use crate::pointer::{escape as escape_token, unescape as unescape_token};

const MAX_DEPTH: usize = 256;

/// Scans `text` into `index`: duplicate keys always, the span of every value when `spans`.
fn scan(text: &str, spans: bool, index: &mut Index) {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        spans,
    };
    scanner.skip_ws();
    let mut pointer = String::new();
    scanner.value(&mut pointer, None, index, 0);
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Record spans (else only duplicate keys).
    spans: bool,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self, pointer: &mut String, key: Option<usize>, map: &mut Index, depth: usize) {
        let start = self.pos;
        if depth > MAX_DEPTH {
            return;
        }
        match self.peek() {
            Some(b'{') => self.object(pointer, map, depth),
            Some(b'[') => self.array(pointer, map, depth),
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
            }
            None => return,
        }
        if !self.spans {
            return;
        }
        map.spans.insert(
            pointer.clone(),
            Span {
                key,
                value: start,
                end: self.pos,
            },
        );
    }

    /// Consumes a string, returning its decoded contents.
    fn string(&mut self) -> String {
        let start = self.pos + 1;
        self.pos += 1;
        let mut escaped = false;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                break;
            }
        }
        let raw = &self.bytes[start.min(self.bytes.len())..self.pos.saturating_sub(1).max(start)];
        let raw = std::str::from_utf8(raw).unwrap_or("");
        if raw.contains('\\') {
            serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
        } else {
            raw.to_owned()
        }
    }

    fn object(&mut self, pointer: &mut String, map: &mut Index, depth: usize) {
        self.pos += 1; // '{'
        let mut seen: Vec<String> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                Some(b'"') => {}
                _ => return,
            }
            let key_start = self.pos;
            let key = self.string();
            self.skip_ws();
            if self.peek() == Some(b':') {
                self.pos += 1;
            }
            self.skip_ws();
            let len = pointer.len();
            crate::pointer::push_token(pointer, &key);
            if seen.contains(&key) {
                map.duplicates.push(DuplicateKey {
                    pointer: pointer.clone(),
                    offset: key_start,
                });
            } else {
                seen.push(key);
            }
            self.value(pointer, Some(key_start), map, depth + 1);
            pointer.truncate(len);
        }
    }

    fn array(&mut self, pointer: &mut String, map: &mut Index, depth: usize) {
        self.pos += 1; // '['
        let mut index = 0usize;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                None => return,
                _ => {}
            }
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&index.to_string());
            let before = self.pos;
            self.value(pointer, None, map, depth + 1);
            pointer.truncate(len);
            if self.pos == before {
                // not JSON here (e.g. `[}`): stop rather than loop
                return;
            }
            index += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_alone_agree_with_the_full_index() {
        let text = r#"{"a": 1, "b": {"x": [{"k": 1, "k": 2}], "x": 3}, "a": {"~/": 1, "~/": 2}}"#;
        let alone = SpanMap::scan(text);
        let dups = alone.duplicates().to_vec();
        assert!(alone.index.get().is_none(), "no positions were built");
        assert_eq!(
            dups.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(),
            ["/b/x/0/k", "/b/x", "/a", "/a/~0~1"]
        );
        let full = SpanMap::scan(text);
        let _ = full.get("");
        assert_eq!(full.duplicates(), dups.as_slice());
    }

    #[test]
    fn positions_of_nested_values_and_keys() {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"c/d\": [true, \"x\"]}\n}\n";
        let map = SpanMap::scan(text);
        assert_eq!(map.locate("/a"), Position { line: 2, column: 8 });
        assert_eq!(map.locate_key("/a"), Position { line: 2, column: 3 });
        assert_eq!(
            map.locate("/b/c~1d/1"),
            Position {
                line: 3,
                column: 23
            }
        );
        // a missing pointer falls back to the nearest ancestor
        assert_eq!(map.locate("/b/zzz"), Position { line: 3, column: 8 });
        assert_eq!(map.line_text(3), "  \"b\": {\"c/d\": [true, \"x\"]}");
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let map = SpanMap::scan(r#"{"a": 1, "b": {"x": 1, "x": 2}, "a": 3}"#);
        let pointers: Vec<&str> = map
            .duplicates()
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(pointers, vec!["/b/x", "/a"]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let map = SpanMap::scan("{\"é\": \"ü\", \"k\": 2}");
        assert_eq!(map.locate("/k").column, 17);
    }

    #[test]
    fn malformed_text_ends() {
        for text in ["[}", "[:", "{\"a\": [}]}", "[[[}", "{\"a\":}", "[,,}"] {
            let map = SpanMap::scan(text);
            let _ = map.locate("/0/0");
        }
    }

    #[test]
    fn escaped_keys_are_decoded() {
        let map = SpanMap::scan(r#"{"a\"b": 1, "\u0041": 2}"#);
        assert!(map.get("/a\"b").is_some());
        assert!(map.get("/A").is_some());
    }
}
