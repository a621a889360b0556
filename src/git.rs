//! Reading another revision of the project from git: one `git ls-tree` to list files and
//! one `git cat-file --batch` process to read them all.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::AppError;

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir);
    c
}

fn run(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = git(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The repository's top folder, for a folder inside it.
pub fn toplevel(dir: &Path) -> Result<PathBuf, AppError> {
    run(dir, &["rev-parse", "--show-toplevel"])
        .map(|s| PathBuf::from(s.trim()))
        .map_err(|e| AppError::Usage(format!(
            "--base needs a git repository or a folder, and {} is not in a git repository ({e})\n  help: pass a folder with another copy of the metadata, e.g. --base ../prod-retrieve",
            dir.display()
        )))
}

/// Resolve a revision to a commit, with a helpful error for missing or shallow history.
pub fn resolve(top: &Path, rev: &str) -> Result<String, AppError> {
    match run(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    ) {
        Ok(sha) if !sha.trim().is_empty() => Ok(sha.trim().to_string()),
        _ => {
            let shallow = run(top, &["rev-parse", "--is-shallow-repository"])
                .map(|s| s.trim() == "true")
                .unwrap_or(false);
            let help = if shallow {
                "this is a shallow clone, so the base revision is not there: fetch the full history (in GitHub Actions, `actions/checkout` with `fetch-depth: 0`), or `git fetch --unshallow`"
            } else {
                "check the name (e.g. `origin/main`), and fetch it first (`git fetch origin main`)"
            };
            Err(AppError::Usage(format!(
                "--base {rev}: no such revision in this repository\n  help: {help}"
            )))
        }
    }
}

/// Paths (relative to the repository top) of the files under `prefixes` at `commit`.
pub fn list_files(top: &Path, commit: &str, prefixes: &[String]) -> Result<Vec<String>, AppError> {
    let mut args = vec![
        "ls-tree",
        "-r",
        "-z",
        "--name-only",
        "--full-tree",
        commit,
        "--",
    ];
    args.extend(prefixes.iter().map(String::as_str));
    let out = run(top, &args).map_err(|e| AppError::Usage(format!("git ls-tree failed: {e}")))?;
    Ok(out
        .split('\0')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}

/// Read many blobs (`<rev>:<path>` or `:<path>` for the index) through one
/// `git cat-file --batch`. Missing objects come back as `None`.
pub fn read_blobs(top: &Path, specs: &[String]) -> Result<Vec<Option<Vec<u8>>>, AppError> {
    let fail = |e: std::io::Error| AppError::Usage(format!("git cat-file failed: {e}"));
    let mut child = git(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(fail)?;
    let mut stdin = child.stdin.take().expect("piped");
    let requests: Vec<u8> = specs
        .iter()
        .flat_map(|s| format!("{s}\n").into_bytes())
        .collect();
    // Write from another thread so a full stdout pipe cannot deadlock us.
    let writer = std::thread::spawn(move || {
        let r = stdin.write_all(&requests);
        drop(stdin);
        r
    });
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut blobs = Vec::with_capacity(specs.len());
    let mut header = String::new();
    for _ in specs {
        header.clear();
        out.read_line(&mut header).map_err(fail)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        if fields.len() == 3 && fields[1] == "blob" {
            let size: usize = fields[2].parse().unwrap_or(0);
            let mut buf = vec![0; size + 1]; // content and the trailing newline
            out.read_exact(&mut buf).map_err(fail)?;
            buf.truncate(size);
            blobs.push(Some(buf));
        } else {
            blobs.push(None); // "<spec> missing" (or not a blob)
        }
    }
    writer
        .join()
        .map_err(|_| AppError::Usage("git cat-file writer panicked".into()))?
        .map_err(fail)?;
    let _ = child.wait();
    Ok(blobs)
}

/// Paths (relative to the repository top) of files staged for commit (added, copied,
/// modified, renamed).
pub fn staged_files(top: &Path) -> Result<Vec<String>, AppError> {
    let out = run(
        top,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--diff-filter=ACMR",
        ],
    )
    .map_err(|e| AppError::Usage(format!("git diff --cached failed: {e}")))?;
    Ok(out
        .split('\0')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}
