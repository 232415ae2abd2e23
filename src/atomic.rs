//! The one atomic writer: every file a command writes for the user goes through here.
//!
//! A temporary file beside the target is written, synced to disk, given the target's
//! permissions (when the target exists), renamed over it, and the folder is synced, so a
//! reader sees the old file or the new one, never half of one, even after a crash.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file being written in place of `path`: [`AtomicFile::commit`] puts it there;
/// dropping it without committing removes the temporary file.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Creates a temporary file beside `path` (the folder must exist), for [`replace_with`].
pub fn temp_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let tmp = temp_path(path)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let file = File::create(&tmp)?;
    Ok((tmp, file))
}

/// The temporary file [`temp_beside`] creates for `path`; `None` when `path` names no file.
pub fn temp_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    Some(folder_of(path).join(format!(
        ".{}.evschema-{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// Puts the written temporary file `tmp` in place of `path`: syncs it, gives it the
/// target's permissions, renames it over the target and syncs the folder. On an error the
/// temporary file is removed and the target left as it was.
pub fn replace_with(tmp: &Path, path: &Path) -> io::Result<()> {
    let result = (|| {
        File::open(tmp)?.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(tmp, meta.permissions())?;
        }
        std::fs::rename(tmp, path)
    })();
    match result {
        Ok(()) => {
            sync_folder(path);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(tmp);
            Err(e)
        }
    }
}

impl AtomicFile {
    /// Creates the temporary file beside `path` (the folder must exist).
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let (tmp, file) = temp_beside(path)?;
        Ok(AtomicFile {
            path: path.to_owned(),
            tmp,
            file: Some(file),
        })
    }

    /// The temporary file's path (for messages).
    pub fn tmp_path(&self) -> &Path {
        &self.tmp
    }

    fn file(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("already committed"))
    }

    /// Puts the written content in place of the target ([`replace_with`]).
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file()?;
        file.flush()?;
        file.sync_all()?;
        self.file = None;
        let tmp = std::mem::take(&mut self.tmp);
        replace_with(&tmp, &self.path)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Syncs the folder `path` is in, so a rename into it survives a crash (best effort: not
/// every file system can sync a folder).
pub fn sync_folder(path: &Path) {
    if let Ok(d) = File::open(folder_of(path)) {
        let _ = d.sync_all();
    }
}

/// Writes `bytes` to `path` atomically (see the module documentation).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// [`write`], creating the folders above `path` first.
pub fn write_creating_folders(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::create_dir_all(folder_of(path))?;
    write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_keeps_permissions_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn an_uncommitted_file_is_removed_and_the_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.ndjson");
        std::fs::write(&path, "kept").unwrap();
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"half").unwrap();
            assert!(f.tmp_path().exists());
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_creating_folders(&dir.path().join("x/y/z.md"), b"z").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("x/y/z.md")).unwrap(),
            "z"
        );
    }
}
