//! Turning inputs (files, folders, stdin) into a stream of raw instances, without ever
//! holding a whole input in memory: NDJSON is read line by line, `--array` files element by
//! element, `.gz` (every member) and `.zst` (every frame) archives decompressed as they are
//! read.
//!
//! Two ways in: [`read`] pushes raw items into a [`Sink`] (validate's parallel pipeline
//! parses them on worker threads), and [`Events`] is an iterator of parsed events with their
//! source, line and column, for commands that take events one at a time.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

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

/// How an input's bytes are compressed: by the file's last extension (`.gz`, `.zst`,
/// `.zstd`); standard input by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    #[default]
    None,
    /// gzip, every member of a multi-member file (`cat a.gz b.gz`).
    Gzip,
    /// Zstandard, every frame.
    Zstd,
}

/// One input to read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (or as found under a given folder); `<stdin>` for `-`.
    pub name: Arc<str>,
    pub path: Option<PathBuf>,
    pub kind: Kind,
}

impl Source {
    /// A file, its kind told by its name (`events.ndjson.gz` is NDJSON; a name of no known
    /// kind is read as NDJSON). [`open`] decompresses by the name too.
    pub fn file(path: &Path, array: bool) -> Source {
        let kind = kind_for(path, array).map_or(Kind::Lines, |(k, _)| k);
        Source {
            name: Arc::from(path.to_string_lossy().as_ref()),
            path: Some(path.to_owned()),
            kind,
        }
    }

    /// Standard input: NDJSON, or a JSON array with `array`; compression is sniffed.
    pub fn stdin(array: bool) -> Source {
        Source {
            name: Arc::from("<stdin>"),
            path: None,
            kind: if array { Kind::Array } else { Kind::Lines },
        }
    }
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
    /// The line and column where the instance starts: `(None, None)` for a whole document,
    /// the first non-blank column of an NDJSON line, an array element's first byte.
    /// `buf` is the buffer the item's [`Body::Data`] range points into.
    pub fn position(&self, buf: &[u8]) -> (Option<u64>, Option<u64>) {
        match self.loc {
            Loc::Whole => (None, None),
            Loc::Line(n) => {
                let column = match self.body {
                    Body::Data(s, e) => {
                        1 + chars(
                            buf.get(s..e)
                                .map(|b| {
                                    let k = b
                                        .iter()
                                        .position(|c| !c.is_ascii_whitespace())
                                        .unwrap_or(b.len());
                                    &b[..k]
                                })
                                .unwrap_or_default(),
                        )
                    }
                    Body::Problem(_) => 1,
                };
                (Some(n), Some(column))
            }
            Loc::Element { line, column, .. } => (Some(line), Some(column)),
        }
    }

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
    /// Not an instance the worker can parse; says why.
    Problem(Problem),
}

/// Why an item of a stream has no value: its invalid result (the message is the error's
/// text), never the end of the stream.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// An NDJSON line over the size limit.
    #[error("line of {size} bytes is over the --max-event-bytes limit of {max}")]
    LineTooLarge { size: usize, max: usize },
    /// A whole `.json` file over the size limit.
    #[error("file is over the --max-event-bytes limit of {max} bytes (use --array for a JSON array of events, or NDJSON)")]
    FileTooLarge { max: usize },
    /// An element of an `--array` input over the size limit.
    #[error("array element of {size} bytes is over the --max-event-bytes limit of {max}")]
    ElementTooLarge { size: usize, max: usize },
    /// `--array` input that does not start with `[`.
    #[error(
        "expected a JSON array of events (--array), found '{found}' at line {line} column {column}"
    )]
    NotAnArray { found: char, line: u64, column: u64 },
    /// `--array` input with nothing in it.
    #[error("empty input: expected a JSON array of events (--array)")]
    EmptyArrayInput,
    /// Something after the array's closing bracket.
    #[error("unexpected '{found}' after the closing ']' at line {line} column {column}")]
    AfterArray { found: char, line: u64, column: u64 },
    /// The input ends inside the array.
    #[error("unexpected end of input inside the array (after {elements} elements): the closing ']' is missing")]
    MissingClose { elements: u64 },
    /// `,]` in the array.
    #[error("trailing comma before the closing ']'")]
    TrailingComma,
    /// `,,` in the array.
    #[error("empty array element (two commas in a row)")]
    EmptyElement,
    /// Bytes that are not JSON; `at` places the error in the source (`line L column C`, or
    /// `column C` on an NDJSON line).
    #[error("malformed JSON: {message} at {at}")]
    Malformed { message: String, at: String },
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
/// and `.jsonl` files, and those names with `.gz`, `.zst` or `.zstd` after them. A symbolic link loop does not stop the walk: it is skipped and listed
/// in [`Expanded::link_loops`], so every readable event still gets its result.
pub fn expand(inputs: &[PathBuf], array: bool) -> Result<Expanded, (PathBuf, String)> {
    let mut out = Expanded::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.sources.push(Source::stdin(array));
            continue;
        }
        let meta =
            std::fs::metadata(input).map_err(|e| (input.clone(), format!("cannot read: {e}")))?;
        if meta.is_dir() {
            let walk = crate::files::Walker::new(|_| true).walk(input);
            for problem in walk.problems {
                match problem {
                    crate::files::WalkProblem::LinkLoop { path } => out.link_loops.push(path),
                    other => {
                        return Err((other.path().to_owned(), format!("cannot walk: {other}")))
                    }
                }
            }
            for found in walk.files {
                let path = found.path;
                match kind_for(&path, array) {
                    Some((kind, _)) => out.sources.push(Source {
                        name: Arc::from(path.to_string_lossy().as_ref()),
                        path: Some(path),
                        kind,
                    }),
                    None => out.passed_over.push(path),
                }
            }
        } else {
            out.sources.push(Source::file(input, array));
        }
    }
    Ok(out)
}

fn compression_of(path: &Path) -> Compression {
    match path.extension().and_then(|e| e.to_str()) {
        Some("gz") => Compression::Gzip,
        Some("zst" | "zstd") => Compression::Zstd,
        _ => Compression::None,
    }
}

/// The kind and compression of a file an input folder holds, by its name; `None` for files
/// that are not events (other extensions).
fn kind_for(path: &Path, array: bool) -> Option<(Kind, Compression)> {
    let compression = compression_of(path);
    let inner = match compression {
        Compression::None => path.extension(),
        _ => path.file_stem().map(Path::new).and_then(Path::extension),
    };
    let kind = match inner.and_then(|e| e.to_str()) {
        Some("json") => Some(if array { Kind::Array } else { Kind::Document }),
        Some("ndjson" | "jsonl") => Some(Kind::Lines),
        // `events.gz`: NDJSON, the usual way streams are archived
        None if compression != Compression::None => Some(Kind::Lines),
        _ => None,
    }?;
    Some((kind, compression))
}

/// Receives items as they are read; returns false to stop reading.
pub trait Sink {
    /// The buffer to append instance bytes to.
    fn buffer(&mut self) -> &mut Vec<u8>;
    fn push(&mut self, item: Item) -> bool;
    /// A blank line was skipped.
    fn blank(&mut self);
}

/// Opens a source for reading, decompressing `.gz` and `.zst` files (and gzip or zstd on
/// standard input, told by their magic bytes) as they are read.
pub fn open(source: &Source) -> io::Result<Box<dyn BufRead>> {
    const CAP: usize = 256 * 1024;
    let (raw, compression): (Box<dyn BufRead>, Compression) = match &source.path {
        None => {
            let mut stdin = BufReader::with_capacity(CAP, io::stdin().lock());
            let head = loop {
                match stdin.fill_buf() {
                    Ok(h) => break h,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            let sniffed = if head.starts_with(&[0x1f, 0x8b]) {
                Compression::Gzip
            } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
                Compression::Zstd
            } else {
                Compression::None
            };
            (Box::new(stdin), sniffed)
        }
        Some(p) => {
            let meta = std::fs::metadata(p)?;
            if meta.is_dir() {
                return Err(io::Error::other("is a directory"));
            }
            (
                Box::new(BufReader::with_capacity(CAP, File::open(p)?)),
                compression_of(p),
            )
        }
    };
    Ok(match compression {
        Compression::None => raw,
        Compression::Gzip => Box::new(BufReader::with_capacity(
            CAP,
            flate2::bufread::MultiGzDecoder::new(raw),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(CAP, ZstdFrames::new(raw))),
    })
}

/// Every frame of a Zstandard stream, decoded as it is read (skippable frames are skipped).
struct ZstdFrames {
    source: Box<dyn BufRead>,
    decoder: ruzstd::decoding::FrameDecoder,
    /// A frame is being decoded.
    in_frame: bool,
    frames: u64,
}

impl ZstdFrames {
    fn new(source: Box<dyn BufRead>) -> ZstdFrames {
        ZstdFrames {
            source,
            decoder: ruzstd::decoding::FrameDecoder::new(),
            in_frame: false,
            frames: 0,
        }
    }

    fn bad(&self, e: impl std::fmt::Display) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not a valid zstd stream (frame {}): {e}", self.frames + 1),
        )
    }

    /// Starts the next frame; false at the end of the input.
    fn next_frame(&mut self) -> io::Result<bool> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        loop {
            if self.source.fill_buf()?.is_empty() {
                return Ok(false);
            }
            match self.decoder.reset(&mut self.source) {
                Ok(()) => {
                    self.in_frame = true;
                    return Ok(true);
                }
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    let skipped = io::copy(
                        &mut (&mut self.source).take(u64::from(length)),
                        &mut io::sink(),
                    )?;
                    if skipped < u64::from(length) {
                        return Err(self.bad("a skippable frame is cut short"));
                    }
                }
                Err(e) => return Err(self.bad(e)),
            }
        }
    }
}

impl Read for ZstdFrames {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use ruzstd::decoding::BlockDecodingStrategy;
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if !self.in_frame && !self.next_frame()? {
                return Ok(0);
            }
            if self.decoder.can_collect() > 0 {
                return self.decoder.read(buf);
            }
            if self.decoder.is_finished() {
                self.in_frame = false;
                self.frames += 1;
                continue;
            }
            let before = (
                self.decoder.blocks_decoded(),
                self.decoder.bytes_read_from_source(),
            );
            self.decoder
                .decode_blocks(
                    &mut self.source,
                    BlockDecodingStrategy::UptoBytes(buf.len().max(64 * 1024)),
                )
                .map_err(|e| self.bad(e))?;
            let after = (
                self.decoder.blocks_decoded(),
                self.decoder.bytes_read_from_source(),
            );
            if after == before && !self.decoder.is_finished() && self.decoder.can_collect() == 0 {
                return Err(self.bad("the stream ends inside a frame"));
            }
        }
    }
}

/// A reader error that is a wrong input format, not an I/O failure; its message stands on
/// its own (no "cannot read").
#[derive(Debug)]
pub struct FormatHint(pub String);

impl std::fmt::Display for FormatHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormatHint {}

/// How a read error of `source` reads to a user: `events.ndjson: cannot read: ...`, or the
/// hint of a [`FormatHint`].
pub fn describe_read_error(source: &str, e: &io::Error) -> String {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<FormatHint>())
    {
        Some(hint) => format!("{source}: {hint}"),
        None => format!("{source}: cannot read: {e}"),
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
    let mut r = SourceReader::new(source, max);
    loop {
        match r.next(reader, sink.buffer())? {
            None => return Ok(()),
            Some(Raw::Blank) => sink.blank(),
            Some(Raw::Item(item)) => {
                if !sink.push(item) {
                    return Ok(());
                }
            }
        }
    }
}

/// What [`SourceReader::next`] read.
#[derive(Debug)]
pub enum Raw {
    Item(Item),
    /// A blank line was skipped.
    Blank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayPhase {
    Open,
    Elements,
    After,
    Done,
}

/// Reads one source item by item (pull): the core of [`read`] and [`Events`].
pub struct SourceReader {
    name: Arc<str>,
    kind: Kind,
    max: usize,
    line_no: u64,
    done: bool,
    scan: ArrayScan,
    phase: ArrayPhase,
    index: u64,
    /// A problem to report after the item just returned (an array cut short).
    pending_problem: Option<Problem>,
}

impl SourceReader {
    pub fn new(source: &Source, max: usize) -> SourceReader {
        SourceReader {
            name: source.name.clone(),
            kind: source.kind,
            max,
            line_no: 0,
            done: false,
            scan: ArrayScan {
                line: 1,
                column: 1,
                at_start: true,
            },
            phase: ArrayPhase::Open,
            index: 0,
            pending_problem: None,
        }
    }

    fn item(&self, loc: Loc, body: Body) -> Option<Raw> {
        Some(Raw::Item(Item {
            source: self.name.clone(),
            loc,
            body,
        }))
    }

    /// The next item of the source, its bytes appended to `buf`; `None` at the end.
    pub fn next(&mut self, reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<Option<Raw>> {
        if let Some(p) = self.pending_problem.take() {
            return Ok(self.item(Loc::Whole, Body::Problem(p)));
        }
        if self.done {
            return Ok(None);
        }
        match self.kind {
            Kind::Lines => self.next_line(reader, buf),
            Kind::Document => {
                self.done = true;
                self.document(reader, buf)
            }
            Kind::Array => self.next_element(reader, buf),
        }
    }

    fn next_line(
        &mut self,
        reader: &mut dyn BufRead,
        buf: &mut Vec<u8>,
    ) -> io::Result<Option<Raw>> {
        let max = self.max;
        let start = buf.len();
        let (read, total) = read_line_capped(reader, buf, max)?;
        if !read {
            self.done = true;
            return Ok(None);
        }
        self.line_no += 1;
        let mut end = buf.len();
        if end > start && buf[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && buf[end - 1] == b'\r' {
            end -= 1;
        }
        if self.line_no == 1 && buf[start..end].starts_with(b"\xEF\xBB\xBF") {
            buf.drain(start..start + 3);
            end -= 3;
        }
        let body = if total > max {
            buf.truncate(start);
            Body::Problem(Problem::LineTooLarge { size: total, max })
        } else if buf[start..end].iter().all(u8::is_ascii_whitespace) {
            buf.truncate(start);
            return Ok(Some(Raw::Blank));
        } else {
            if let Some(hint) = multi_line_document(&buf[start..end], self.line_no) {
                buf.truncate(start);
                self.done = true;
                return Err(io::Error::new(io::ErrorKind::InvalidData, hint));
            }
            Body::Data(start, end)
        };
        Ok(self.item(Loc::Line(self.line_no), body))
    }

    fn document(&mut self, reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<Option<Raw>> {
        let max = self.max;
        let start = buf.len();
        let n = reader.take(max as u64 + 1).read_to_end(buf)?;
        let body = if n > max {
            buf.truncate(start);
            Body::Problem(Problem::FileTooLarge { max })
        } else {
            let mut s = start;
            if buf[start..].starts_with(b"\xEF\xBB\xBF") {
                s += 3;
            }
            Body::Data(s, buf.len())
        };
        Ok(self.item(Loc::Whole, body))
    }

    /// Streams the elements of a top-level JSON array.
    fn next_element(
        &mut self,
        reader: &mut dyn BufRead,
        buf: &mut Vec<u8>,
    ) -> io::Result<Option<Raw>> {
        let max = self.max;
        loop {
            match self.phase {
                ArrayPhase::Done => {
                    self.done = true;
                    return Ok(None);
                }
                ArrayPhase::Open => {
                    self.phase = ArrayPhase::Done;
                    match self.scan.next_non_ws(reader)? {
                        Some(b'[') => self.phase = ArrayPhase::Elements,
                        Some(c) => {
                            let problem = Problem::NotAnArray {
                                found: c as char,
                                line: self.scan.line,
                                column: self.scan.column.saturating_sub(1),
                            };
                            return Ok(self.item(Loc::Whole, Body::Problem(problem)));
                        }
                        None => {
                            return Ok(
                                self.item(Loc::Whole, Body::Problem(Problem::EmptyArrayInput))
                            )
                        }
                    }
                }
                ArrayPhase::After => {
                    self.phase = ArrayPhase::Done;
                    if let Some(c) = self.scan.next_non_ws(reader)? {
                        let problem = Problem::AfterArray {
                            found: c as char,
                            line: self.scan.line,
                            column: self.scan.column.saturating_sub(1),
                        };
                        return Ok(self.item(Loc::Whole, Body::Problem(problem)));
                    }
                }
                ArrayPhase::Elements => {
                    let index = self.index;
                    let first = match self.scan.next_non_ws(reader)? {
                        None => {
                            self.phase = ArrayPhase::Done;
                            return Ok(self.item(
                                Loc::Whole,
                                Body::Problem(Problem::MissingClose { elements: index }),
                            ));
                        }
                        Some(b']') if index == 0 => {
                            self.phase = ArrayPhase::After;
                            continue;
                        }
                        Some(c @ (b']' | b',')) => {
                            let problem = if c == b']' {
                                Problem::TrailingComma
                            } else {
                                Problem::EmptyElement
                            };
                            let loc = Loc::Element {
                                index,
                                line: self.scan.line,
                                column: self.scan.column.saturating_sub(1),
                            };
                            if c == b']' {
                                self.phase = ArrayPhase::After;
                            } else {
                                self.index += 1;
                            }
                            return Ok(self.item(loc, Body::Problem(problem)));
                        }
                        Some(c) => c,
                    };
                    let loc = Loc::Element {
                        index,
                        line: self.scan.line,
                        column: self.scan.column.saturating_sub(1),
                    };
                    let start = buf.len();
                    buf.push(first);
                    let (end_char, total) = self.scan.element(reader, buf, first, max)?;
                    while buf.len() > start && buf[buf.len() - 1].is_ascii_whitespace() {
                        buf.pop();
                    }
                    let body = if total > max {
                        buf.truncate(start);
                        Body::Problem(Problem::ElementTooLarge { size: total, max })
                    } else {
                        Body::Data(start, buf.len())
                    };
                    self.index += 1;
                    match end_char {
                        Some(b',') => {}
                        Some(b']') => self.phase = ArrayPhase::After,
                        _ => {
                            // the element, then the missing bracket
                            self.phase = ArrayPhase::Done;
                            self.pending_problem = Some(Problem::MissingClose {
                                elements: self.index,
                            });
                        }
                    }
                    return Ok(self.item(loc, body));
                }
            }
        }
    }
}

/// The hint for an NDJSON source whose first line opens a JSON document that goes on over
/// the next lines (a pretty-printed array or object): one message instead of a result per
/// line. `None` for a line that is complete JSON, or malformed in another way.
fn multi_line_document(line: &[u8], line_no: u64) -> Option<FormatHint> {
    if line_no != 1 {
        return None;
    }
    let trimmed = line.trim_ascii_start();
    let opener = *trimmed.first()?;
    if opener != b'[' && opener != b'{' {
        return None;
    }
    // a pretty printer ends its first line at structure, never inside a string or number:
    // a truncated NDJSON line (`{"a":"b`) stays an ordinary malformed result
    let whole = trimmed.trim_ascii_end();
    let ends_at_structure = whole
        .last()
        .is_some_and(|c| matches!(c, b'[' | b'{' | b',' | b':'));
    match serde_json::from_slice::<serde::de::IgnoredAny>(whole) {
        Err(e) if e.is_eof() && ends_at_structure => {}
        _ => return None,
    }
    Some(FormatHint(if opener == b'[' {
        "line 1 opens a JSON array that goes on over the next lines, not NDJSON (one event per line): pass --array to check each element, or make it NDJSON with `jq -c '.[]'`".to_owned()
    } else {
        "line 1 opens a JSON object that goes on over the next lines, not NDJSON (one event per line): save it as a .json file, or make it NDJSON with `jq -c .`".to_owned()
    }))
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

/// Parses one instance's bytes. A malformed one gives the message of its invalid result,
/// with the position in the source (`line L column C` for documents and array elements,
/// `column C` for an NDJSON line).
pub fn parse_instance(bytes: &[u8], loc: Loc) -> Result<Value, Problem> {
    serde_json::from_slice(bytes).map_err(|e| {
        let msg = crate::catalog::strip_serde_position(&e);
        let (line, column) = (e.line() as u64, e.column() as u64);
        let at = match loc {
            Loc::Line(_) => format!("column {column}"),
            Loc::Whole => format!("line {line} column {column}"),
            Loc::Element {
                line: l0,
                column: c0,
                ..
            } => {
                let abs_col = if line == 1 { c0 + column - 1 } else { column };
                format!("line {} column {abs_col}", l0 + line - 1)
            }
        };
        Problem::Malformed { message: msg, at }
    })
}

/// One event read by [`Events`].
#[derive(Debug, Clone)]
pub struct Event {
    /// The source as the user named it (`<stdin>` for standard input).
    pub source: Arc<str>,
    pub loc: Loc,
    /// Where the event starts: `None` for a whole `.json` file.
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// The parsed event, or why there is none (malformed JSON, over the size limit): an
    /// invalid result, never the end of the stream.
    pub value: Result<Value, Problem>,
}

impl Event {
    /// `events.ndjson:17`, `events.json[3]`, or the file name, as validate's results say.
    pub fn source_text(&self) -> String {
        match self.loc {
            Loc::Whole => self.source.to_string(),
            Loc::Line(n) => format!("{}:{n}", self.source),
            Loc::Element { index, .. } => format!("{}[{index}]", self.source),
        }
    }
}

/// A source that could not be read; the sources after it are still read.
#[derive(Debug)]
pub struct ReadError {
    pub source: Arc<str>,
    pub error: io::Error,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&describe_read_error(&self.source, &self.error))
    }
}

impl std::error::Error for ReadError {}

/// The events of a list of sources, one at a time, in order, with bounded memory: an
/// iterator over [`Event`]s (and a [`ReadError`] for a source that fails, after which the
/// next source is read). Blank lines are skipped and counted in [`Events::blank`].
pub struct Events {
    sources: std::vec::IntoIter<Source>,
    current: Option<(Box<dyn BufRead>, SourceReader)>,
    buf: Vec<u8>,
    max: usize,
    blank: u64,
}

impl Events {
    /// `max` is the largest event (line or array element) accepted, in bytes.
    pub fn new(sources: Vec<Source>, max: usize) -> Events {
        Events {
            sources: sources.into_iter(),
            current: None,
            buf: Vec::new(),
            max,
            blank: 0,
        }
    }

    /// Blank lines skipped so far.
    pub fn blank(&self) -> u64 {
        self.blank
    }
}

impl Iterator for Events {
    type Item = Result<Event, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.current.is_none() {
                let source = self.sources.next()?;
                match open(&source) {
                    Ok(reader) => {
                        let r = SourceReader::new(&source, self.max);
                        self.current = Some((reader, r));
                    }
                    Err(error) => {
                        return Some(Err(ReadError {
                            source: source.name,
                            error,
                        }))
                    }
                }
            }
            let (reader, r) = self.current.as_mut()?;
            self.buf.clear();
            match r.next(&mut **reader, &mut self.buf) {
                Ok(None) => self.current = None,
                Ok(Some(Raw::Blank)) => self.blank += 1,
                Ok(Some(Raw::Item(item))) => {
                    let (line, column) = item.position(&self.buf);
                    let value = match &item.body {
                        Body::Data(s, e) => parse_instance(&self.buf[*s..*e], item.loc),
                        Body::Problem(p) => Err(p.clone()),
                    };
                    return Some(Ok(Event {
                        source: item.source,
                        loc: item.loc,
                        line,
                        column,
                        value,
                    }));
                }
                Err(error) => {
                    let source = r.name.clone();
                    self.current = None;
                    return Some(Err(ReadError { source, error }));
                }
            }
        }
    }
}

/// Characters in a run of UTF-8 bytes (continuation bytes do not count). An ASCII run, the
/// common case, is its length: `is_ascii` reads a word at a time, where the count widens
/// every byte.
fn chars(run: &[u8]) -> u64 {
    if run.is_ascii() {
        return run.len() as u64;
    }
    run.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64
}

/// What a byte means between strings, for [`scan_structure`].
const OTHER: u8 = 0;
const QUOTE: u8 = 1;
const OPEN: u8 = 2;
const CLOSE_OBJECT: u8 = 3;
const CLOSE_ARRAY: u8 = 4;
const COMMA: u8 = 5;

const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    t[b'"' as usize] = QUOTE;
    t[b'{' as usize] = OPEN;
    t[b'[' as usize] = OPEN;
    t[b'}' as usize] = CLOSE_OBJECT;
    t[b']' as usize] = CLOSE_ARRAY;
    t[b',' as usize] = COMMA;
    t
};

/// Finds where an array element ends in `chunk`, carrying the nesting depth and string
/// state across chunks: the bytes used and the `,` or `]` at depth 0 that ended it.
fn scan_structure(
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
            i += 1;
            continue;
        }
        if *in_string {
            match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                None => return (len, None),
                Some(k) => {
                    if chunk[i + k] == b'\\' {
                        *escaped = true;
                    } else {
                        *in_string = false;
                    }
                    i += k + 1;
                }
            }
            continue;
        }
        // between strings: skip what does not change the structure
        while i < len && CLASS[chunk[i] as usize] == OTHER {
            i += 1;
        }
        if i == len {
            break;
        }
        let c = chunk[i];
        i += 1;
        match CLASS[c as usize] {
            QUOTE => *in_string = true,
            OPEN => *depth += 1,
            CLOSE_OBJECT if *depth > 0 => *depth -= 1,
            CLOSE_ARRAY if *depth > 0 => *depth -= 1,
            CLOSE_ARRAY | COMMA if *depth == 0 => return (i, Some(c)),
            _ => {}
        }
    }
    (len, None)
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
    /// memchr, the bytes between strings through a class table; the line and column are
    /// brought up to date once for the bytes used (vectorised newline and character counts),
    /// not byte by byte. Returns the bytes used and, when the element ended in this chunk,
    /// the `,` or `]` that ended it (counted in `used`).
    fn scan_chunk(
        &mut self,
        chunk: &[u8],
        depth: &mut i64,
        in_string: &mut bool,
        escaped: &mut bool,
    ) -> (usize, Option<u8>) {
        let (used, end) = scan_structure(chunk, depth, in_string, escaped);
        self.advance_run(&chunk[..used]);
        (used, end)
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
                Body::Problem(p) => Err(p.to_string()),
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
    fn array_elements_split_the_same_whatever_the_read_sizes() {
        let text = "\u{feff}[ {\"é\": \"a\\\"],{\", \"n\": [1, {\"x\": \"}\"}]},\n\t\"ü\\\\\" , 3.5e1\r\n,[[]] ,\n\"\u{1F600}\\u0041\", null, {\"k\":\n\"multi\\nline\"}\n]\n";
        let reference = run(Kind::Array, text, 1000).items;
        assert_eq!(reference.len(), 7, "{reference:?}");
        assert_eq!(
            reference[1],
            (
                Loc::Element {
                    index: 1,
                    line: 2,
                    column: 2
                },
                Ok("\"ü\\\\\"".to_owned())
            )
        );
        assert_eq!(
            reference[4],
            (
                Loc::Element {
                    index: 4,
                    line: 4,
                    column: 1
                },
                Ok("\"\u{1F600}\\u0041\"".to_owned())
            )
        );
        // (from 3: a byte order mark is only told in one read)
        for cap in 3..9 {
            let source = Source {
                name: Arc::from("t"),
                path: None,
                kind: Kind::Array,
            };
            let mut sink = Collect {
                buf: Vec::new(),
                items: Vec::new(),
                blanks: 0,
            };
            let mut reader = io::BufReader::with_capacity(cap, text.as_bytes());
            read(&source, &mut reader, 1000, &mut sink).unwrap();
            assert_eq!(sink.items, reference, "read {cap} bytes at a time");
        }
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

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn gzip(text: &str) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap()
    }

    fn zstd(text: &str) -> Vec<u8> {
        ruzstd::encoding::compress_to_vec(
            text.as_bytes(),
            ruzstd::encoding::CompressionLevel::Fastest,
        )
    }

    /// (source text, line, column, parsed value or problem) of one event.
    type Read = (String, Option<u64>, Option<u64>, Result<Value, String>);

    fn values(sources: Vec<Source>) -> Vec<Read> {
        Events::new(sources, 1 << 20)
            .map(|e| {
                let e = e.unwrap();
                let source = e.source_text();
                (source, e.line, e.column, e.value.map_err(|p| p.to_string()))
            })
            .collect()
    }

    #[test]
    fn chars_counts_characters_not_bytes() {
        assert_eq!(chars(b"{\"a\": 1}"), 8);
        assert_eq!(chars("\"é\": \"日本\"".as_bytes()), 9);
        assert_eq!(chars(b""), 0);
    }

    #[test]
    fn gzip_members_and_zstd_frames_are_all_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut gz = gzip("{\"n\":1}\n{\"n\":2}\n");
        gz.extend(gzip("{\"n\":3}\n"));
        let mut zst = zstd("{\"n\":1}\n");
        // a skippable frame (magic 0x184D2A50, 4-byte length) between two data frames
        zst.extend([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
        zst.extend(zstd("  {\"n\":2}\n\n{\"n\":3}"));
        let a = write(dir.path(), "a.ndjson.gz", &gz);
        let b = write(dir.path(), "b.jsonl.zst", &zst);
        let got = values(vec![Source::file(&a, false), Source::file(&b, false)]);
        let ns: Vec<i64> = got
            .iter()
            .map(|g| g.3.as_ref().unwrap()["n"].as_i64().unwrap())
            .collect();
        assert_eq!(ns, vec![1, 2, 3, 1, 2, 3]);
        assert_eq!(got[4].0, format!("{}:2", b.display()));
        assert_eq!((got[4].1, got[4].2), (Some(2), Some(3)));
        assert_eq!(got[5].1, Some(4));
    }

    #[test]
    fn kinds_and_compression_come_from_the_name() {
        assert_eq!(
            kind_for(Path::new("x.json.gz"), false),
            Some((Kind::Document, Compression::Gzip))
        );
        assert_eq!(
            kind_for(Path::new("x.json.zst"), true),
            Some((Kind::Array, Compression::Zstd))
        );
        assert_eq!(
            kind_for(Path::new("dump.gz"), false),
            Some((Kind::Lines, Compression::Gzip))
        );
        assert_eq!(kind_for(Path::new("notes.txt.gz"), false), None);
        assert_eq!(
            kind_for(Path::new("x.jsonl"), false),
            Some((Kind::Lines, Compression::None))
        );
    }

    #[test]
    fn a_corrupt_archive_is_a_read_error_after_the_events_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let text: String = (0..2000).map(|i| format!("{{\"n\":{i}}}\n")).collect();
        let gz = gzip(&text);
        let cut = write(dir.path(), "cut.ndjson.gz", &gz[..gz.len() / 2]);
        let garbage = write(dir.path(), "bad.ndjson.zst", b"\x28\xb5\x2f\xfd garbage");
        let ok = write(dir.path(), "ok.ndjson", b"{\"n\":0}\n");
        let items: Vec<_> = Events::new(
            vec![
                Source::file(&cut, false),
                Source::file(&garbage, false),
                Source::file(&ok, false),
            ],
            1 << 20,
        )
        .collect();
        let errors: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains("cut.ndjson.gz: cannot read"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].contains("not a valid zstd stream"),
            "{}",
            errors[1]
        );
        let read = items.iter().filter(|i| i.is_ok()).count();
        assert!(read > 1 && read < 2001, "{read}");
        assert!(
            items.last().unwrap().is_ok(),
            "the source after the bad ones is read"
        );
    }

    #[test]
    fn a_pretty_printed_document_on_a_line_stream_is_one_hint() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "pretty.ndjson",
            b"[\n  {\"a\": 1},\n  {\"a\": 2}\n]\n",
        );
        let items: Vec<_> = Events::new(vec![Source::file(&p, false)], 1 << 20).collect();
        assert_eq!(items.len(), 1);
        let e = items[0].as_ref().unwrap_err().to_string();
        assert!(
            e.contains("line 1 opens a JSON array") && e.contains("--array"),
            "{e}"
        );
        assert!(!e.contains("cannot read"), "{e}");
        let p = write(dir.path(), "obj.ndjson", b"{\n \"a\": 1\n}\n");
        let e = Events::new(vec![Source::file(&p, false)], 1 << 20)
            .next()
            .unwrap()
            .unwrap_err()
            .to_string();
        assert!(e.contains("opens a JSON object"), "{e}");
        // a malformed first line that is complete is an ordinary invalid result
        let p = write(dir.path(), "bad.ndjson", b"{\"a\": \"cut short\n{}\n");
        let got = values(vec![Source::file(&p, false)]);
        assert_eq!(got.len(), 2);
        assert!(got[0].3.as_ref().unwrap_err().starts_with("malformed JSON"));
    }

    #[test]
    fn array_elements_and_documents_carry_positions() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "a.json", b"[\n  {\"a\": 1},\n    2\n");
        let got = values(vec![Source::file(&p, true)]);
        assert_eq!((got[0].1, got[0].2), (Some(2), Some(3)));
        assert_eq!((got[1].1, got[1].2), (Some(3), Some(5)));
        assert!(got[2]
            .3
            .as_ref()
            .unwrap_err()
            .contains("closing ']' is missing"));
        let d = write(dir.path(), "d.json", b"{\"a\": 1}");
        let got = values(vec![Source::file(&d, false)]);
        assert_eq!((got[0].1, got[0].2), (None, None));
    }
}
