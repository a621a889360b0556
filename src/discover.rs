//! Find the project and the metadata files in it.

use std::path::{Component, Path, PathBuf};

use globset::GlobSet;
use walkdir::WalkDir;

use crate::error::AppError;
use crate::kind::{FileKind, classify};

/// Folder names never walked.
pub const DEFAULT_EXCLUDES: &[&str] = &[".git", "node_modules", ".sfdx", ".sf"];

#[derive(Debug, Clone)]
pub struct Project {
    /// Absolute, lexically normalised.
    pub root: PathBuf,
    /// `sfdx-project.json`, when the project has one.
    pub sfdx_project: Option<PathBuf>,
    /// Folders to walk: the package directories, or the root.
    pub package_dirs: Vec<PathBuf>,
    pub namespace: Option<String>,
    /// `packageDirectories[].dependencies` is non-empty: fields may come from other packages.
    pub has_dependencies: bool,
}

#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub kind: FileKind,
}

/// A path that could not be walked (permission denied, a link loop, ...).
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub message: String,
}

/// Make a path absolute against `cwd` and drop `.`/`..` lexically (no symlink resolution).
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The project a path belongs to: the nearest folder upward holding `sfdx-project.json`,
/// else the path itself (its folder, for a file).
pub fn find_project(path: &Path) -> Result<Project, AppError> {
    let meta = std::fs::metadata(path).map_err(|e| AppError::io(path, &e))?;
    let start = if meta.is_dir() {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    for dir in start.ancestors() {
        let candidate = dir.join("sfdx-project.json");
        if candidate.is_file() {
            return read_sfdx_project(dir, &candidate);
        }
    }
    Ok(Project {
        root: start.to_path_buf(),
        sfdx_project: None,
        package_dirs: vec![start.to_path_buf()],
        namespace: None,
        has_dependencies: false,
    })
}

fn read_sfdx_project(root: &Path, file: &Path) -> Result<Project, AppError> {
    let bytes = std::fs::read(file).map_err(|e| AppError::io(file, &e))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| {
            let offset = line_col_to_offset(&text, e.line(), e.column());
            AppError::Config {
                path: file.to_path_buf(),
                span: Some(crate::source::Span::new(offset, offset)),
                text: text.clone(),
                message: format!("sfdx-project.json is not valid JSON: {e}"),
                help: None,
            }
        })?;
    let mut package_dirs = Vec::new();
    let mut has_dependencies = false;
    if let Some(dirs) = value.get("packageDirectories").and_then(|d| d.as_array()) {
        for d in dirs {
            has_dependencies |= d
                .get("dependencies")
                .and_then(|x| x.as_array())
                .is_some_and(|a| !a.is_empty());
            if let Some(p) = d.get("path").and_then(|p| p.as_str()) {
                let dir = absolute(root, Path::new(p));
                if dir.is_dir() && !package_dirs.contains(&dir) {
                    package_dirs.push(dir);
                }
            }
        }
    }
    if package_dirs.is_empty() {
        // No usable package directory listed: lint the whole folder rather than nothing.
        package_dirs.push(root.to_path_buf());
    }
    let namespace = value
        .get("namespace")
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .filter(|n| !n.is_empty());
    Ok(Project {
        root: root.to_path_buf(),
        sfdx_project: Some(file.to_path_buf()),
        package_dirs,
        namespace,
        has_dependencies,
    })
}

fn line_col_to_offset(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + col.saturating_sub(1)).min(text.len())
}

/// Walk the project's package directories for metadata files, in a stable order.
pub fn walk(project: &Project, excludes: &GlobSet) -> (Vec<Found>, Vec<WalkProblem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for dir in &project.package_dirs {
        let walker = WalkDir::new(dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_str().unwrap_or("");
                if e.file_type().is_dir() && e.depth() > 0 && DEFAULT_EXCLUDES.contains(&name) {
                    return false;
                }
                let rel = e.path().strip_prefix(&project.root).unwrap_or(e.path());
                !excludes.is_match(rel)
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if let Some(kind) = classify(e.path()) {
                        found.push(Found {
                            path: e.into_path(),
                            kind,
                        });
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(dir).to_path_buf();
                    let message = if err.loop_ancestor().is_some() {
                        "a symbolic link loop".to_string()
                    } else if let Some(io) = err.io_error() {
                        crate::error::describe_io(io)
                    } else {
                        err.to_string()
                    };
                    problems.push(WalkProblem { path, message });
                }
            }
        }
    }
    // User definitions usually live in `config/` at the project root, outside the
    // package directories: read the user files there too.
    let config = project.root.join("config");
    if project.sfdx_project.is_some()
        && config.is_dir()
        && !project.package_dirs.iter().any(|d| config.starts_with(d))
    {
        for entry in WalkDir::new(&config)
            .follow_links(false)
            .sort_by_file_name()
        {
            let Ok(e) = entry else { continue };
            let rel = e.path().strip_prefix(&project.root).unwrap_or(e.path());
            if e.file_type().is_file() && !excludes.is_match(rel) {
                if let Some(kind @ (FileKind::UserJson | FileKind::UserManifest)) =
                    classify(e.path())
                {
                    found.push(Found {
                        path: e.into_path(),
                        kind,
                    });
                }
            }
        }
    }
    // Package directories may nest; keep each file once.
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    (found, problems)
}
