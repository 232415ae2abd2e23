//! Reading a catalog folder as it was at a git revision, without touching any checkout:
//! `git ls-tree` lists the files, one `git cat-file --batch` reads them all.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context};

/// Runs git in `cwd` and returns its stdout, or an error with its stderr.
fn git(cwd: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| "cannot run git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

/// The repository-relative path of `dir` (`schemas/`), and the repository's top folder.
fn repo_path(dir: &Path) -> anyhow::Result<(PathBuf, String)> {
    let probe = if dir.is_dir() {
        dir.to_owned()
    } else {
        dir.parent()
            .map(Path::to_owned)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let probe = if probe.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        probe
    };
    let top = git(&probe, &["rev-parse", "--show-toplevel"])
        .with_context(|| format!("{} is not inside a git repository", dir.display()))?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let abs = dir
        .canonicalize()
        .with_context(|| format!("{}: cannot read", dir.display()))?;
    let top_real = top.canonicalize().unwrap_or(top.clone());
    let rel = abs.strip_prefix(&top_real).map_err(|_| {
        anyhow!(
            "{} is outside the repository {}",
            dir.display(),
            top.display()
        )
    })?;
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    Ok((top, rel))
}

/// Every `.json` file under `dir` at revision `rev`: (path relative to `dir`, text).
/// Files that are not UTF-8 are returned as an error naming them.
pub fn read_tree(rev: &str, dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let (top, rel) = repo_path(dir)?;
    let commit = resolve(&top, rev)?;
    let spec = if rel.is_empty() {
        ".".to_owned()
    } else {
        rel.clone()
    };
    let listing = git(
        &top,
        &["ls-tree", "-r", "-z", "--full-name", &commit, "--", &spec],
    )?;
    let mut wanted: Vec<(String, String)> = Vec::new(); // (object id, path relative to dir)
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split_whitespace();
        let (_mode, kind, oid) = (parts.next(), parts.next(), parts.next());
        if kind != Some("blob") || !path.ends_with(".json") {
            continue;
        }
        let inside = if rel.is_empty() {
            path.to_owned()
        } else {
            match path.strip_prefix(&format!("{rel}/")) {
                Some(p) => p.to_owned(),
                None => continue,
            }
        };
        if let Some(oid) = oid {
            wanted.push((oid.to_owned(), inside));
        }
    }
    let blobs = cat_blobs(&top, wanted.iter().map(|(oid, _)| oid.as_str()))?;
    wanted
        .into_iter()
        .zip(blobs)
        .map(|((_, path), bytes)| {
            String::from_utf8(bytes)
                .map(|text| (path.clone(), text))
                .map_err(|_| anyhow!("{rev}:{path}: not valid UTF-8"))
        })
        .collect()
}

/// The full commit id of `rev`.
pub fn resolve(top: &Path, rev: &str) -> anyhow::Result<String> {
    if rev.starts_with('-') {
        bail!("not a git revision: {rev}");
    }
    let out = git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| anyhow!("unknown git revision \"{rev}\""))?;
    Ok(String::from_utf8_lossy(&out).trim().to_owned())
}

/// Commits that changed `dir` up to and including `rev`, newest first.
pub fn history(rev: &str, dir: &Path) -> anyhow::Result<Vec<String>> {
    let (top, rel) = repo_path(dir)?;
    let commit = resolve(&top, rev)?;
    let spec = if rel.is_empty() { ".".to_owned() } else { rel };
    let out = git(&top, &["log", "--format=%H", &commit, "--", &spec])?;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_owned)
        .collect())
}

/// The short form of a commit id, for messages.
pub fn short(commit: &str) -> &str {
    &commit[..commit.len().min(10)]
}

fn cat_blobs<'a>(top: &Path, oids: impl Iterator<Item = &'a str>) -> anyhow::Result<Vec<Vec<u8>>> {
    let oids: Vec<&str> = oids.collect();
    if oids.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .current_dir(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run git cat-file")?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| anyhow!("git cat-file: no stdin"))?;
    let request: String = oids.iter().map(|o| format!("{o}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| anyhow!("git cat-file: no stdout"))?;
    let mut reader = BufReader::new(stdout);
    let mut blobs = Vec::with_capacity(oids.len());
    for oid in &oids {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow!("git cat-file: unexpected answer for {oid}: {header}"))?;
        let mut data = vec![0u8; size];
        reader.read_exact(&mut data)?;
        let mut newline = [0u8; 1];
        reader.read_exact(&mut newline)?;
        blobs.push(data);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

/// The commit date (`YYYY-MM-DD`, UTC) of the oldest commit that added `file`, or `None`
/// when git history has no such commit (a file not committed yet).
pub fn added_date(file: &Path) -> anyhow::Result<Option<String>> {
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = git(
        parent,
        &["log", "--format=%ct", "--diff-filter=A", "--", &name],
    )?;
    let text = String::from_utf8_lossy(&out);
    Ok(text
        .lines()
        .filter_map(|l| l.trim().parse::<i64>().ok())
        .min()
        .map(crate::compat::report::civil_date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn sh(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn reads_a_folder_at_a_revision_without_a_checkout() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        sh(d, &["init", "-q"]);
        fs::create_dir_all(d.join("schemas/sns_topics")).unwrap();
        fs::write(d.join("schemas/sns_topics/a.json"), "{\"v\": 1}").unwrap();
        fs::write(d.join("schemas/notes.md"), "x").unwrap();
        fs::write(d.join("other.json"), "{}").unwrap();
        sh(d, &["add", "."]);
        sh(d, &["commit", "-qm", "one"]);
        fs::write(d.join("schemas/sns_topics/a.json"), "{\"v\": 2}").unwrap();
        sh(d, &["commit", "-qam", "two"]);
        fs::write(d.join("schemas/sns_topics/a.json"), "{\"v\": 3}").unwrap(); // uncommitted
        let files = read_tree("HEAD~1", &d.join("schemas")).unwrap();
        assert_eq!(
            files,
            vec![("sns_topics/a.json".to_owned(), "{\"v\": 1}".to_owned())]
        );
        let files = read_tree("HEAD", &d.join("schemas")).unwrap();
        assert_eq!(files[0].1, "{\"v\": 2}");
        assert_eq!(
            fs::read_to_string(d.join("schemas/sns_topics/a.json")).unwrap(),
            "{\"v\": 3}"
        );
        assert_eq!(history("HEAD", &d.join("schemas")).unwrap().len(), 2);
        assert!(read_tree("no-such-branch", &d.join("schemas"))
            .unwrap_err()
            .to_string()
            .contains("unknown git revision \"no-such-branch\""));
    }
}
