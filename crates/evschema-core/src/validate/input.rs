//! Turning inputs (files, folders, stdin) into a stream of raw instances, without ever
//! holding a whole input in memory: NDJSON is read line by line, `--array` files element by
//! element.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How an input's bytes become instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One instance per physical line.
    Lines,
    /// One JSON document, one instance.
    Document,
    /// One JSON array, one instance per element.
    Array,
}

/// One input to read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (or as found under a given folder); `<stdin>` for `-`.
    pub name: Arc<str>,
    pub path: Option<PathBuf>,
    pub kind: Kind,
}

/// Where an instance came from inside its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    /// The whole file.
    Whole,
    /// A physical line, from 1.
    Line(u64),
    /// An array element, with the line (from 1) where it starts.
    Element { index: u64, line: u64, column: u64 },
}

/// One raw instance (or a reason there is none) ready for a worker.
#[derive(Debug, Clone)]
pub struct Item {
    pub source: Arc<str>,
    pub loc: Loc,
    pub body: Body,
}

impl Item {
    /// The instance's `source` as `validate` prints it: the path, plus `:LINE` for a line
    /// or `[INDEX]` for an array element.
    pub fn source_text(&self) -> String {
        match self.loc {
            Loc::Whole => self.source.to_string(),
            Loc::Line(n) => format!("{}:{n}", self.source),
            Loc::Element { index, .. } => format!("{}[{index}]", self.source),
        }
    }

    /// The line the instance starts on, when it is not a whole file.
    pub fn line(&self) -> Option<u64> {
        match self.loc {
            Loc::Whole => None,
            Loc::Line(n) => Some(n),
            Loc::Element { line, .. } => Some(line),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Body {
    /// The instance's bytes: `start..end` in the batch buffer.
    Data(usize, usize),
    /// Not an instance the worker can parse; the message says why.
    Problem(String),
}

/// What [`expand`] found: the sources to read, the files passed over (other extensions),
/// and the symbolic links skipped because they lead back into a folder being walked (or to
/// themselves), each named once.
#[derive(Debug, Default)]
pub struct Expanded {
    pub sources: Vec<Source>,
    pub passed_over: Vec<PathBuf>,
    pub link_loops: Vec<PathBuf>,
}

/// Expands the user's inputs: folders are walked in sorted order for `.json`, `.ndjson`
/// and `.jsonl` files. A symbolic link loop does not stop the walk: it is skipped and listed
/// in [`Expanded::link_loops`], so every readable event still gets its result.
pub fn expand(inputs: &[PathBuf], array: bool) -> Result<Expanded, (PathBuf, String)> {
    let mut out = Expanded::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.sources.push(Source {
                name: Arc::from("<stdin>"),
                path: None,
                kind: if array { Kind::Array } else { Kind::Lines },
            });
            continue;
        }
        let meta =
            std::fs::metadata(input).map_err(|e| (input.clone(), format!("cannot read: {e}")))?;
        if meta.is_dir() {
            for entry in walkdir::WalkDir::new(input)
                .follow_links(true)
                .sort_by_file_name()
            {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) if is_link_loop(&e) => {
                        out.link_loops.push(e.path().unwrap_or(input).to_owned());
                        continue;
                    }
                    Err(e) => {
                        let path = e.path().unwrap_or(input).to_owned();
                        let msg = e
                            .io_error()
                            .map(|io| io.to_string())
                            .unwrap_or_else(|| e.to_string());
                        return Err((path, format!("cannot walk: {msg}")));
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let path = entry.path();
                match kind_for(path, array) {
                    Some(kind) => out.sources.push(Source {
                        name: Arc::from(path.to_string_lossy().as_ref()),
                        path: Some(path.to_owned()),
                        kind,
                    }),
                    None => out.passed_over.push(path.to_owned()),
                }
            }
        } else {
            let kind = kind_for(input, array).unwrap_or(Kind::Lines);
            out.sources.push(Source {
                name: Arc::from(input.to_string_lossy().as_ref()),
                path: Some(input.clone()),
                kind,
            });
        }
    }
    Ok(out)
}

/// A link back to a folder being walked, or a link that resolves to itself (ELOOP).
fn is_link_loop(e: &walkdir::Error) -> bool {
    // ELOOP is 40 on Linux, 62 on macOS and the BSDs.
    e.loop_ancestor().is_some()
        || e.io_error()
            .and_then(io::Error::raw_os_error)
            .is_some_and(|code| code == 40 || (cfg!(target_os = "macos") && code == 62))
}

fn kind_for(path: &Path, array: bool) -> Option<Kind> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Some(if array { Kind::Array } else { Kind::Document }),
        Some("ndjson" | "jsonl") => Some(Kind::Lines),
        _ => None,
    }
}

/// Receives items as they are read; returns false to stop reading.
pub trait Sink {
    /// The buffer to append instance bytes to.
    fn buffer(&mut self) -> &mut Vec<u8>;
    fn push(&mut self, item: Item) -> bool;
    /// A blank line was skipped.
    fn blank(&mut self);
}

/// Opens a source for reading.
pub fn open(source: &Source) -> io::Result<Box<dyn BufRead>> {
    match &source.path {
        None => Ok(Box::new(BufReader::with_capacity(
            256 * 1024,
            io::stdin().lock(),
        ))),
        Some(p) => {
            let meta = std::fs::metadata(p)?;
            if meta.is_dir() {
                return Err(io::Error::other("is a directory"));
            }
            Ok(Box::new(BufReader::with_capacity(
                256 * 1024,
                File::open(p)?,
            )))
        }
    }
}

/// Reads every instance of `source` into `sink`. An I/O error ends this source (it is
/// returned); malformed content never does.
pub fn read(
    source: &Source,
    reader: &mut dyn BufRead,
    max: usize,
    sink: &mut dyn Sink,
) -> io::Result<()> {
    match source.kind {
        Kind::Lines => read_lines(source, reader, max, sink),
        Kind::Document => read_document(source, reader, max, sink),
        Kind::Array => read_array(source, reader, max, sink),
    }
}

fn read_lines(
    source: &Source,
    reader: &mut dyn BufRead,
    max: usize,
    sink: &mut dyn Sink,
) -> io::Result<()> {
    let mut line_no: u64 = 0;
    loop {
        let buf = sink.buffer();
        let start = buf.len();
        let (read, total) = read_line_capped(reader, buf, max)?;
        if !read {
            return Ok(());
        }
        line_no += 1;
        let buf = sink.buffer();
        let mut end = buf.len();
        if end > start && buf[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && buf[end - 1] == b'\r' {
            end -= 1;
        }
        if line_no == 1 && buf[start..end].starts_with(b"\xEF\xBB\xBF") {
            buf.drain(start..start + 3);
            end -= 3;
        }
        let body = if total > max {
            buf.truncate(start);
            Body::Problem(format!(
                "line of {total} bytes is over the --max-event-bytes limit of {max}"
            ))
        } else if buf[start..end].iter().all(u8::is_ascii_whitespace) {
            buf.truncate(start);
            sink.blank();
            continue;
        } else {
            Body::Data(start, end)
        };
        let go_on = sink.push(Item {
            source: source.name.clone(),
            loc: Loc::Line(line_no),
            body,
        });
        if !go_on {
            return Ok(());
        }
    }
}

/// Appends one line (with its `\n`) to `out`, keeping at most `max + 2` bytes of it.
/// Returns (whether anything was read, the line's full length without the line end).
fn read_line_capped(
    reader: &mut dyn BufRead,
    out: &mut Vec<u8>,
    max: usize,
) -> io::Result<(bool, usize)> {
    let mut total = 0usize;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((any, total));
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let content = if done { take - 1 } else { take };
        if total + content <= max + 2 {
            out.extend_from_slice(&chunk[..take]);
        } else if total <= max + 2 {
            let room = max + 2 - total;
            out.extend_from_slice(&chunk[..room.min(take)]);
        }
        total += content;
        reader.consume(take);
        if done {
            let line_len = total;
            // the stored bytes may hold a '\r' that is part of the line end
            return Ok((
                true,
                line_len.saturating_sub(usize::from(ends_with_cr(out))),
            ));
        }
    }
}

fn ends_with_cr(buf: &[u8]) -> bool {
    let n = buf.len();
    n >= 2 && buf[n - 1] == b'\n' && buf[n - 2] == b'\r'
}

fn read_document(
    source: &Source,
    reader: &mut dyn BufRead,
    max: usize,
    sink: &mut dyn Sink,
) -> io::Result<()> {
    let buf = sink.buffer();
    let start = buf.len();
    let n = reader.take(max as u64 + 1).read_to_end(buf)?;
    let body = if n > max {
        buf.truncate(start);
        Body::Problem(format!(
            "file is over the --max-event-bytes limit of {max} bytes (use --array for a JSON array of events, or NDJSON)"
        ))
    } else {
        let mut s = start;
        if buf[start..].starts_with(b"\xEF\xBB\xBF") {
            s += 3;
        }
        Body::Data(s, buf.len())
    };
    sink.push(Item {
        source: source.name.clone(),
        loc: Loc::Whole,
        body,
    });
    Ok(())
}

/// Streams the elements of a top-level JSON array.
fn read_array(
    source: &Source,
    reader: &mut dyn BufRead,
    max: usize,
    sink: &mut dyn Sink,
) -> io::Result<()> {
    let mut s = ArrayScan {
        line: 1,
        column: 1,
        at_start: true,
    };
    let problem = |sink: &mut dyn Sink, loc: Loc, msg: String| {
        sink.push(Item {
            source: source.name.clone(),
            loc,
            body: Body::Problem(msg),
        })
    };
    // the opening bracket
    match s.next_non_ws(reader)? {
        Some(b'[') => {}
        Some(c) => {
            problem(
                sink,
                Loc::Whole,
                format!(
                    "expected a JSON array of events (--array), found '{}' at line {} column {}",
                    c as char,
                    s.line,
                    s.column.saturating_sub(1)
                ),
            );
            return Ok(());
        }
        None => {
            problem(
                sink,
                Loc::Whole,
                "empty input: expected a JSON array of events (--array)".to_owned(),
            );
            return Ok(());
        }
    }
    let mut index: u64 = 0;
    loop {
        let first = match s.next_non_ws(reader)? {
            None => {
                problem(
                    sink,
                    Loc::Whole,
                    format!(
                        "unexpected end of input inside the array (after {index} elements): the closing ']' is missing"
                    ),
                );
                return Ok(());
            }
            Some(b']') if index == 0 => break,
            Some(c @ (b']' | b',')) => {
                let msg = if c == b']' {
                    "trailing comma before the closing ']'"
                } else {
                    "empty array element (two commas in a row)"
                };
                let loc = Loc::Element {
                    index,
                    line: s.line,
                    column: s.column.saturating_sub(1),
                };
                if !problem(sink, loc, msg.to_owned()) {
                    return Ok(());
                }
                if c == b']' {
                    break;
                }
                index += 1;
                continue;
            }
            Some(c) => c,
        };
        let loc = Loc::Element {
            index,
            line: s.line,
            column: s.column.saturating_sub(1),
        };
        let buf = sink.buffer();
        let start = buf.len();
        buf.push(first);
        let (end_char, total) = s.element(reader, buf, first, max)?;
        let buf = sink.buffer();
        while buf.len() > start && buf[buf.len() - 1].is_ascii_whitespace() {
            buf.pop();
        }
        let body = if total > max {
            buf.truncate(start);
            Body::Problem(format!(
                "array element of {total} bytes is over the --max-event-bytes limit of {max}"
            ))
        } else {
            Body::Data(start, buf.len())
        };
        if !sink.push(Item {
            source: source.name.clone(),
            loc,
            body,
        }) {
            return Ok(());
        }
        index += 1;
        match end_char {
            Some(b',') => continue,
            Some(b']') => break,
            _ => {
                problem(
                    sink,
                    Loc::Whole,
                    format!(
                        "unexpected end of input inside the array (after {index} elements): the closing ']' is missing"
                    ),
                );
                return Ok(());
            }
        }
    }
    if let Some(c) = s.next_non_ws(reader)? {
        problem(
            sink,
            Loc::Whole,
            format!(
                "unexpected '{}' after the closing ']' at line {} column {}",
                c as char,
                s.line,
                s.column.saturating_sub(1)
            ),
        );
    }
    Ok(())
}

/// Characters in a run of UTF-8 bytes (continuation bytes do not count).
fn chars(run: &[u8]) -> u64 {
    run.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64
}

struct ArrayScan {
    line: u64,
    column: u64,
    at_start: bool,
}

impl ArrayScan {
    fn advance(&mut self, c: u8) {
        if c == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if c & 0xC0 != 0x80 {
            self.column += 1;
        }
    }

    /// Accounts for a run of bytes in the line/column position.
    fn advance_run(&mut self, run: &[u8]) {
        match memchr::memrchr(b'\n', run) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', run).count() as u64;
                self.column = 1 + chars(&run[last + 1..]);
            }
            None => self.column += chars(run),
        }
    }

    /// Scans one buffered chunk of an array element: string contents are skipped with
    /// memchr, structure is tracked byte by byte. Returns the bytes used and, when the
    /// element ended in this chunk, the `,` or `]` that ended it (counted in `used`).
    fn scan_chunk(
        &mut self,
        chunk: &[u8],
        depth: &mut i64,
        in_string: &mut bool,
        escaped: &mut bool,
    ) -> (usize, Option<u8>) {
        let mut i = 0;
        let len = chunk.len();
        while i < len {
            if *escaped {
                *escaped = false;
                self.advance(chunk[i]);
                i += 1;
                continue;
            }
            if *in_string {
                match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                    None => {
                        self.advance_run(&chunk[i..]);
                        i = len;
                    }
                    Some(k) => {
                        self.advance_run(&chunk[i..i + k]);
                        let c = chunk[i + k];
                        self.advance(c);
                        i += k + 1;
                        if c == b'\\' {
                            *escaped = true;
                        } else {
                            *in_string = false;
                        }
                    }
                }
                continue;
            }
            let c = chunk[i];
            i += 1;
            self.advance(c);
            match c {
                b'"' => *in_string = true,
                b'{' | b'[' => *depth += 1,
                b'}' | b']' if *depth > 0 => *depth -= 1,
                b',' | b']' if *depth == 0 => return (i, Some(c)),
                _ => {}
            }
        }
        (len, None)
    }

    /// The next byte that is not JSON white space (a leading BOM is skipped too).
    fn next_non_ws(&mut self, reader: &mut dyn BufRead) -> io::Result<Option<u8>> {
        loop {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(None);
            }
            if self.at_start {
                self.at_start = false;
                if chunk.starts_with(b"\xEF\xBB\xBF") {
                    reader.consume(3);
                    continue;
                }
            }
            let mut used = 0;
            let mut found = None;
            for &c in chunk {
                used += 1;
                self.advance(c);
                if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                    found = Some(c);
                    break;
                }
            }
            reader.consume(used);
            if found.is_some() {
                return Ok(found);
            }
        }
    }

    /// Copies one element (whose first byte was already read) into `out`, up to the `,` or
    /// `]` that ends it at depth 0. Returns that byte (None at end of input) and the element's
    /// full size; bytes past `max` are counted but not kept.
    fn element(
        &mut self,
        reader: &mut dyn BufRead,
        out: &mut Vec<u8>,
        first: u8,
        max: usize,
    ) -> io::Result<(Option<u8>, usize)> {
        let mut depth: i64 = 0;
        let mut in_string = false;
        let mut escaped = false;
        let mut total = 1usize;
        match first {
            b'{' | b'[' => depth = 1,
            b'"' => in_string = true,
            _ => {}
        }
        loop {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok((None, total));
            }
            let (used, end) = self.scan_chunk(chunk, &mut depth, &mut in_string, &mut escaped);
            let keep = if end.is_some() { used - 1 } else { used };
            if total + keep <= max {
                out.extend_from_slice(&chunk[..keep]);
            } else if total < max {
                out.extend_from_slice(&chunk[..max - total]);
            }
            total += keep;
            reader.consume(used);
            if end.is_some() {
                return Ok((end, total));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect {
        buf: Vec<u8>,
        items: Vec<(Loc, Result<String, String>)>,
        blanks: usize,
    }

    impl Sink for Collect {
        fn buffer(&mut self) -> &mut Vec<u8> {
            &mut self.buf
        }
        fn push(&mut self, item: Item) -> bool {
            let body = match item.body {
                Body::Data(s, e) => Ok(String::from_utf8_lossy(&self.buf[s..e]).into_owned()),
                Body::Problem(p) => Err(p),
            };
            self.items.push((item.loc, body));
            true
        }
        fn blank(&mut self) {
            self.blanks += 1;
        }
    }

    fn run(kind: Kind, text: &str, max: usize) -> Collect {
        let source = Source {
            name: Arc::from("t"),
            path: None,
            kind,
        };
        let mut sink = Collect {
            buf: Vec::new(),
            items: Vec::new(),
            blanks: 0,
        };
        let mut reader = io::Cursor::new(text.as_bytes().to_vec());
        read(&source, &mut reader, max, &mut sink).unwrap();
        sink
    }

    #[test]
    fn lines_count_blanks_and_strip_crlf() {
        let c = run(Kind::Lines, "{\"a\":1}\r\n\n  \n{\"b\":2}", 100);
        assert_eq!(c.blanks, 2);
        assert_eq!(
            c.items,
            vec![
                (Loc::Line(1), Ok("{\"a\":1}".to_owned())),
                (Loc::Line(4), Ok("{\"b\":2}".to_owned())),
            ]
        );
    }

    #[test]
    fn over_long_lines_are_problems_not_kept() {
        let long = format!("{{\"a\":\"{}\"}}\n{{}}\n", "x".repeat(50));
        let c = run(Kind::Lines, &long, 20);
        assert!(
            matches!(&c.items[0], (Loc::Line(1), Err(m)) if m.contains("over the --max-event-bytes"))
        );
        assert_eq!(c.items[1], (Loc::Line(2), Ok("{}".to_owned())));
    }

    #[test]
    fn array_elements_are_split_with_positions() {
        let c = run(
            Kind::Array,
            "[\n  {\"a\": \"],\\\"\"},\n  [1, {\"b\": 2}] , 3\n]\n",
            1000,
        );
        assert_eq!(
            c.items,
            vec![
                (
                    Loc::Element {
                        index: 0,
                        line: 2,
                        column: 3
                    },
                    Ok("{\"a\": \"],\\\"\"}".to_owned())
                ),
                (
                    Loc::Element {
                        index: 1,
                        line: 3,
                        column: 3
                    },
                    Ok("[1, {\"b\": 2}]".to_owned())
                ),
                (
                    Loc::Element {
                        index: 2,
                        line: 3,
                        column: 19
                    },
                    Ok("3".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn array_problems_are_reported() {
        let c = run(Kind::Array, "{\"a\":1}", 1000);
        assert!(matches!(&c.items[0], (Loc::Whole, Err(m)) if m.contains("expected a JSON array")));
        let c = run(Kind::Array, "[1, 2", 1000);
        assert_eq!(c.items.len(), 3);
        assert!(
            matches!(&c.items[2], (Loc::Whole, Err(m)) if m.contains("closing ']' is missing"))
        );
        let c = run(Kind::Array, "[] x", 1000);
        assert!(matches!(&c.items[0], (Loc::Whole, Err(m)) if m.contains("after the closing")));
        let c = run(Kind::Array, " [ ] ", 1000);
        assert!(c.items.is_empty());
    }
}
