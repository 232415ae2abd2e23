//! The one directory walker and file reader: the catalog loader, `validate`'s input
//! folders, `lint` and `export`'s examples all list their files here.
//!
//! A folder is walked in sorted order, following symbolic links. A link that loops (back to
//! a folder being walked, or to itself) is reported once and skipped, so every readable file
//! still gets its result. With [`Walker::guard_root`], a file reached through a link that
//! leads out of the root is reported instead of listed. Files in memory (a git revision)
//! go through the same selection with [`Walker::select`]. [`read_text`] reads one file with
//! the size cap.
//!
//! ```
//! use evschema_core::files::Walker;
//!
//! let dir = std::env::temp_dir().join(format!("evschema-files-doc-{}", std::process::id()));
//! std::fs::create_dir_all(dir.join("sns_topics")).unwrap();
//! std::fs::create_dir_all(dir.join("examples")).unwrap();
//! std::fs::write(dir.join("sns_topics/a.json"), "{}").unwrap();
//! std::fs::write(dir.join("examples/a.ndjson"), "{}\n").unwrap();
//! let walk = Walker::new(|name| name.ends_with(".json")).skip_top("examples").walk(&dir);
//! let rels: Vec<&str> = walk.files.iter().map(|f| f.rel.as_str()).collect();
//! assert_eq!(rels, ["sns_topics/a.json"]);
//! assert!(walk.problems.is_empty());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Largest schema file the loader reads.
pub const MAX_SCHEMA_BYTES: u64 = 16 * 1024 * 1024;

/// How a folder is walked: which files are wanted (by name), which top-level folder is
/// skipped, and whether links may lead out of the root.
pub struct Walker<'a> {
    wanted: Box<dyn Fn(&str) -> bool + 'a>,
    skip_top: Vec<&'a str>,
    guard_root: bool,
}

/// A file the walk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its path below the root, with `/` separators.
    pub rel: String,
    /// Its path as reached (the root joined with the walked names).
    pub path: PathBuf,
}

/// Something the walk could not list, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkProblem {
    /// A symbolic link back to a folder being walked, or to itself: skipped.
    LinkLoop { path: PathBuf },
    /// A file reached through a symbolic link that resolves outside the root.
    Outside { path: PathBuf, target: PathBuf },
    /// A folder or file that cannot be read.
    Unreadable { path: PathBuf, message: String },
}

impl WalkProblem {
    /// The path the problem is about.
    pub fn path(&self) -> &Path {
        match self {
            WalkProblem::LinkLoop { path }
            | WalkProblem::Outside { path, .. }
            | WalkProblem::Unreadable { path, .. } => path,
        }
    }
}

impl fmt::Display for WalkProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalkProblem::LinkLoop { .. } => f.write_str("symbolic link loop"),
            WalkProblem::Outside { target, .. } => write!(
                f,
                "is a symbolic link to {} outside the catalog root; evschema reads no file outside the catalog",
                target.display()
            ),
            WalkProblem::Unreadable { message, .. } => f.write_str(message),
        }
    }
}

/// What a walk found: the wanted files in sorted order, the files passed over (not
/// wanted), and the problems, each path once.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<Found>,
    pub passed_over: Vec<PathBuf>,
    pub problems: Vec<WalkProblem>,
}

impl<'a> Walker<'a> {
    /// A walker listing the files whose name `wanted` accepts.
    pub fn new(wanted: impl Fn(&str) -> bool + 'a) -> Walker<'a> {
        Walker {
            wanted: Box::new(wanted),
            skip_top: Vec::new(),
            guard_root: false,
        }
    }

    /// Skips the folder `name` right below the root (a catalog's `examples/`); call it
    /// once per folder to skip.
    pub fn skip_top(mut self, name: &'a str) -> Walker<'a> {
        self.skip_top.push(name);
        self
    }

    /// Reports files whose real path leaves the root instead of listing them.
    pub fn guard_root(mut self) -> Walker<'a> {
        self.guard_root = true;
        self
    }

    /// Walks the folder `root`.
    pub fn walk(&self, root: &Path) -> Walk {
        let mut out = Walk::default();
        let real_root = if self.guard_root {
            root.canonicalize().ok()
        } else {
            None
        };
        let mut linked_dirs: Vec<PathBuf> = Vec::new();
        let skip_top = &self.skip_top;
        for entry in walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !(e.depth() == 1 && skip_top.iter().any(|s| e.file_name() == *s)))
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_owned();
                    out.problems.push(if is_link_loop(&e) {
                        WalkProblem::LinkLoop { path }
                    } else {
                        let message = match e.io_error() {
                            Some(io) => io.to_string(),
                            None => e.to_string(),
                        };
                        WalkProblem::Unreadable { path, message }
                    });
                    continue;
                }
            };
            if entry.path_is_symlink() && entry.file_type().is_dir() {
                linked_dirs.push(entry.path().to_owned());
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            if !(self.wanted)(&name) {
                out.passed_over.push(path.to_owned());
                continue;
            }
            // only a path through a symbolic link can lead out of the root
            if let Some(real_root) = &real_root {
                let linked =
                    entry.path_is_symlink() || linked_dirs.iter().any(|d| path.starts_with(d));
                if linked {
                    if let Ok(real) = path.canonicalize() {
                        if !real.starts_with(real_root) {
                            out.problems.push(WalkProblem::Outside {
                                path: path.to_owned(),
                                target: real,
                            });
                            continue;
                        }
                    }
                }
            }
            out.files.push(Found {
                rel: rel_path(root, path),
                path: path.to_owned(),
            });
        }
        out
    }

    /// The in-memory files (`rel` path, content) this walker would list, in their order:
    /// the same selection as [`Walker::walk`] on disk.
    pub fn select<T>(&self, files: Vec<(String, T)>) -> Vec<(String, T)> {
        files
            .into_iter()
            .filter(|(rel, _)| {
                let in_skipped = match rel.split_once('/') {
                    Some((top, _)) => self.skip_top.contains(&top),
                    None => false,
                };
                let name = rel.rsplit('/').next().unwrap_or(rel);
                !in_skipped && (self.wanted)(name)
            })
            .collect()
    }
}

/// `path` below `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A link back to a folder being walked, or a link that resolves to itself (ELOOP).
fn is_link_loop(e: &walkdir::Error) -> bool {
    // ELOOP is 40 on Linux, 62 on macOS and the BSDs.
    e.loop_ancestor().is_some()
        || e.io_error()
            .and_then(io::Error::raw_os_error)
            .is_some_and(|code| code == 40 || (cfg!(target_os = "macos") && code == 62))
}

/// Why a schema file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("is a directory, not a schema file")]
    Directory,
    #[error("{bytes} bytes is over the {} MiB limit for one schema file", MAX_SCHEMA_BYTES / (1024 * 1024))]
    TooLarge { bytes: u64 },
    #[error("not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 { offset: usize },
}

/// Reads a schema file as UTF-8 text, with the size cap ([`MAX_SCHEMA_BYTES`]).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.len() > MAX_SCHEMA_BYTES {
        return Err(ReadError::TooLarge { bytes: meta.len() });
    }
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(name: &str) -> bool {
        name.ends_with(".json")
    }

    #[test]
    fn disk_and_memory_select_the_same_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "b.json",
            "a/x.json",
            "a/notes.md",
            "examples/e.json",
            "a/examples/y.json",
        ] {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "{}").unwrap();
        }
        let walker = Walker::new(json).skip_top("examples");
        let walk = walker.walk(root);
        let on_disk: Vec<&str> = walk.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(on_disk, ["a/examples/y.json", "a/x.json", "b.json"]);
        assert_eq!(walk.passed_over, [root.join("a/notes.md")]);
        let memory = walker.select(
            [
                "a/examples/y.json",
                "a/notes.md",
                "a/x.json",
                "b.json",
                "examples/e.json",
            ]
            .into_iter()
            .map(|r| (r.to_owned(), ()))
            .collect(),
        );
        let in_memory: Vec<&str> = memory.iter().map(|(r, ())| r.as_str()).collect();
        assert_eq!(in_memory, on_disk);
    }

    #[test]
    #[cfg(unix)]
    fn loops_are_reported_once_and_the_other_files_listed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("cat");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.json"), "{}").unwrap();
        std::fs::write(root.join("sub/b.json"), "{}").unwrap();
        std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("self.json", root.join("self.json")).unwrap();
        std::fs::write(dir.path().join("out.json"), "{}").unwrap();
        std::os::unix::fs::symlink(dir.path().join("out.json"), root.join("evil.json")).unwrap();
        let walk = Walker::new(json).guard_root().walk(&root);
        let rels: Vec<&str> = walk.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.json", "sub/b.json"]);
        let loops: Vec<&Path> = walk
            .problems
            .iter()
            .filter(|p| matches!(p, WalkProblem::LinkLoop { .. }))
            .map(WalkProblem::path)
            .collect();
        assert_eq!(loops, [root.join("self.json"), root.join("sub/up")]);
        let outside: Vec<String> = walk
            .problems
            .iter()
            .filter(|p| matches!(p, WalkProblem::Outside { .. }))
            .map(|p| p.to_string())
            .collect();
        assert_eq!(outside.len(), 1);
        assert!(
            outside[0].starts_with("is a symbolic link to "),
            "{outside:?}"
        );
        // without the guard the link is followed
        let open = Walker::new(json).walk(&root);
        assert!(open.files.iter().any(|f| f.rel == "evil.json"));
    }

    #[test]
    fn read_text_caps_size_and_names_the_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, b"{\"a\": \"\xff\"}").unwrap();
        assert_eq!(read_text(&bad), Err(ReadError::NotUtf8 { offset: 7 }));
        assert_eq!(
            read_text(dir.path()).unwrap_err().to_string(),
            "is a directory, not a schema file"
        );
        let big = std::fs::File::create(dir.path().join("big.json")).unwrap();
        big.set_len(MAX_SCHEMA_BYTES + 1).unwrap();
        assert_eq!(
            read_text(&dir.path().join("big.json"))
                .unwrap_err()
                .to_string(),
            format!(
                "{} bytes is over the 16 MiB limit for one schema file",
                MAX_SCHEMA_BYTES + 1
            )
        );
        assert!(read_text(&dir.path().join("none.json"))
            .unwrap_err()
            .to_string()
            .starts_with("cannot read: "));
    }
}
