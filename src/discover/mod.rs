//! Find the project (see [`root`]) and the metadata files it lints (see [`scope`]).

mod gate;
mod path_set;
mod root;
mod scope;
#[cfg(test)]
mod walk_tests;

use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::error::AppError;
use crate::salesforce::inventory::{Inventory, component_of};
use crate::salesforce::kind::{FileKind, classify};

pub use gate::{
    LeftOutFolder, check_named_folders, left_out_folders, left_out_note, nothing_to_lint,
};
pub use path_set::{PathSet, Prefixes};
pub use root::find_project;
pub use scope::{Place, Scope, is_project_file};

/// Folder names never walked.
pub const DEFAULT_EXCLUDES: &[&str] = &[".git", "node_modules", ".sfdx", ".sf", ".sflint_cache"];

/// How the project was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `sfdx-project.json`.
    Sfdx,
    /// `package.xml` (Metadata API format).
    Mdapi,
    /// Neither: a folder (or the metadata root around a named file).
    Folder,
}

#[derive(Debug, Clone)]
pub struct Project {
    /// Absolute, lexically normalised.
    pub root: PathBuf,
    pub layout: Layout,
    /// `sfdx-project.json`, when the project has one.
    pub sfdx_project: Option<PathBuf>,
    /// Folders linted by default: the package directories, `src/` of an mdapi project,
    /// or the root.
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

/// `path.starts_with(prefix)`, the bytes compared first: a path the walk built by joining
/// names onto `prefix` is found below it, and one elsewhere is not, without splitting
/// both into components (which cost a millisecond and more per run over every file of a
/// project). When the bytes cannot tell, [`Path::starts_with`] decides.
pub fn is_under(path: &Path, prefix: &Path) -> bool {
    let (p, t) = (
        path.as_os_str().as_encoded_bytes(),
        prefix.as_os_str().as_encoded_bytes(),
    );
    if t.is_empty() {
        return path.starts_with(prefix);
    }
    let at_boundary = p.len() == t.len() || t.ends_with(b"/") || p.get(t.len()) == Some(&b'/');
    if p.starts_with(t) && at_boundary {
        return true;
    }
    // Paths whose every `/` separates two components compare as their bytes do.
    if one_component_per_separator(p) && one_component_per_separator(t) {
        return false;
    }
    path.starts_with(prefix)
}

/// Does each `/` of `path` separate two of its components (no `//`, no `.` component after
/// the first, no `/` at the end)? Then its components are its `/`-separated parts.
fn one_component_per_separator(path: &[u8]) -> bool {
    // After the first part (empty for an absolute path, or `.`), none is empty or `.`:
    // what follows each `/` is neither the end, nor `/`, nor `.` then the end or `/`.
    cfg!(unix)
        && path
            .split(|&b| b == b'/')
            .skip(1)
            .all(|part| !matches!(part, [] | [b'.']))
}

/// A walked entry's name, to order it among its siblings as `file_name` does: the bytes
/// after its path's last `/` (the walk joins each name onto its folder's path), without
/// splitting the path into components for every comparison.
fn sibling_name(entry: &walkdir::DirEntry) -> &[u8] {
    let path = entry.path().as_os_str().as_encoded_bytes();
    match path.iter().rposition(|&b| b == b'/') {
        Some(at) if cfg!(unix) && !matches!(&path[at + 1..], b"" | b"." | b"..") => &path[at + 1..],
        _ => entry.file_name().as_encoded_bytes(),
    }
}

/// Relative to `base` when below it, else as given; always `/`-separated.
pub fn display_path(base: &Path, path: &Path) -> String {
    // A path the walk built by joining names onto `base`: the bytes after it (called
    // twice per file of a project, where splitting both paths into components cost a
    // millisecond and more per run).
    let (p, b) = (
        path.as_os_str().as_encoded_bytes(),
        base.as_os_str().as_encoded_bytes(),
    );
    if !b.is_empty()
        && p.starts_with(b)
        && one_component_per_separator(p)
        && one_component_per_separator(b)
    {
        match p.get(b.len()) {
            None => return String::new(),
            Some(b'/') => return String::from_utf8_lossy(&p[b.len() + 1..]).into_owned(),
            Some(_) => {}
        }
    }
    let shown = path.strip_prefix(base).unwrap_or(path);
    let s = shown.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

impl Project {
    /// A project without `sfdx-project.json` whose package directory is `dir`.
    fn mdapi(root: PathBuf, dir: PathBuf) -> Project {
        Project {
            package_dirs: vec![dir],
            ..Project::plain(root, Layout::Mdapi)
        }
    }

    /// A project that is one folder.
    fn plain(root: PathBuf, layout: Layout) -> Project {
        Project {
            package_dirs: vec![root.clone()],
            root,
            layout,
            sfdx_project: None,
            namespace: None,
            has_dependencies: false,
        }
    }
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
        layout: Layout::Sfdx,
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

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The files the run lints, sorted by path.
    pub found: Vec<Found>,
    /// Metadata files below the walked folders that the run does not lint (outside the
    /// package directories, not named, not `include`d), sorted.
    pub left_out: Vec<PathBuf>,
    pub problems: Vec<WalkProblem>,
    /// Roots of nested projects (folders with their own `sfdx-project.json`) below the
    /// project root, whose files this project does not lint.
    pub nested: Vec<PathBuf>,
    /// The components whose files the walk passed (classes, pages, tabs, layouts…), by
    /// type and name from their paths; none of them is read.
    pub components: Inventory,
}

/// Largest JSON file read to see whether it holds users.
const USER_JSON_LIMIT: u64 = 4 << 20;

/// Can the user JSON candidate at `path` hold users? Yes when its name says so (a syntax
/// error there is reported), else when it names a `Username` or `profileName`: scratch org
/// definitions and test mocks in `data/` folders are not metadata, so they are neither
/// linted, counted as checked, nor counted as left out.
fn may_hold_users(path: &Path) -> bool {
    names_user(path)
        || (std::fs::metadata(path).is_ok_and(|m| m.len() <= USER_JSON_LIMIT)
            && std::fs::read(path).is_ok_and(|bytes| mentions_users(&bytes)))
}

/// Does the file name say it holds users?
fn names_user(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().contains("user"))
}

/// Does this JSON text name a `Username` or `profileName` key?
fn mentions_users(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    text.contains("\"username\"") || text.contains("\"profilename\"")
}

/// [`may_hold_users`] for contents in memory (the git index).
pub fn may_hold_users_in(path: &Path, bytes: &[u8]) -> bool {
    names_user(path) || mentions_users(bytes)
}

/// Does the link at `path` lead to a file below one of `real_tops` (the project root and
/// package directories outside it, resolved)?
fn leads_inside(path: &Path, real_tops: &[PathBuf]) -> bool {
    path.canonicalize()
        .is_ok_and(|r| real_tops.iter().any(|t| r.starts_with(t)))
}

/// SF001's cause for a named file that is a link leading outside `project`.
pub fn link_outside(project: &Project, path: &Path) -> Option<WalkProblem> {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    let mut tops = vec![&project.root];
    tops.extend(&project.package_dirs);
    let real: Vec<PathBuf> = tops.iter().filter_map(|t| t.canonicalize().ok()).collect();
    (is_link && !leads_inside(path, &real)).then(|| WalkProblem {
        path: path.to_path_buf(),
        message: LINK_OUTSIDE.into(),
    })
}

const LINK_OUTSIDE: &str =
    "it is a symbolic link to a file outside the project, which sflint does not read";

/// The folders a walk starts from: the project root and package directories outside it.
fn tops(project: &Project) -> Vec<PathBuf> {
    let mut tops = vec![project.root.clone()];
    for d in &project.package_dirs {
        if !d.starts_with(&project.root) {
            tops.push(d.clone());
        }
    }
    tops
}

/// Would the walk have found a metadata file in the nested project folder `dir` (not
/// excluded; a link only when it leads to a file inside the project)? It stops at the
/// first one.
fn holds_metadata(scope: &Scope<'_>, dir: &Path, real_tops: &[PathBuf]) -> bool {
    WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !scope.excludes_walked(e.path()))
        .filter_map(Result::ok)
        .any(|e| {
            let file = e.file_type().is_file()
                || (e.file_type().is_symlink()
                    && e.path().is_file()
                    && leads_inside(e.path(), real_tops));
            file && classify(e.path()).is_some()
        })
}

/// Walk the project root (and package directories outside it) for the files `scope`
/// lints, in a stable order.
///
/// The walk also records the components it passes (Apex classes, pages, tabs, layouts…)
/// from their paths ([`component_of`]), without reading them, for PM006: wherever they lie
/// below the project root, package directory or not (CumulusCI projects deploy
/// `unpackaged/` bundles too), leaving out what `scope` excludes and nested projects.
pub fn walk(scope: &Scope<'_>) -> Walk {
    let project = scope.project;
    let tops = tops(project);
    let mut out = Walk::default();
    let real_tops: Vec<PathBuf> = tops.iter().filter_map(|t| t.canonicalize().ok()).collect();
    for top in &tops {
        // A nested project's folder is not entered: its own walk reads it. It counts as
        // nested where the files below it would have made it so (in walk order).
        let pruned = std::cell::RefCell::new(Vec::new());
        // Below here only an entry's own name (and `exclude` on its path) can exclude it:
        // the walk never enters an excluded folder. A package directory outside the root
        // may itself lie in one.
        let top_excluded = top != &project.root && scope.is_excluded(top);
        let walker = WalkDir::new(top)
            .follow_links(false)
            .sort_by(|a, b| sibling_name(a).cmp(sibling_name(b)))
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                if top_excluded || scope.excludes_walked(e.path()) {
                    return false;
                }
                if e.file_type().is_dir() && scope.is_own_nested_root(e.path()) {
                    if holds_metadata(scope, e.path(), &real_tops) {
                        pruned.borrow_mut().push(e.path().to_path_buf());
                    }
                    return false;
                }
                true
            });
        let note_pruned = |out: &mut Walk| {
            for root in pruned.borrow_mut().drain(..) {
                if !out.nested.contains(&root) {
                    out.nested.push(root);
                }
            }
        };
        for entry in walker {
            note_pruned(&mut out);
            match entry {
                // A link to a file counts as the file when it leads to a file inside the
                // project (links to folders are not followed). A link that leads outside is
                // never read: a checkout can plant one to a secret, and a parse error would
                // print it. When the run would lint it, SF001 says so.
                Ok(e)
                    if e.file_type().is_file()
                        || (e.file_type().is_symlink() && e.path().is_file()) =>
                {
                    if e.path_is_symlink() && !leads_inside(e.path(), &real_tops) {
                        if scope.is_named(e.path())
                            || matches!(scope.place_walked(e.path()), Place::Linted(_))
                        {
                            out.problems.push(WalkProblem {
                                path: e.into_path(),
                                message: LINK_OUTSIDE.into(),
                            });
                        }
                        continue;
                    }
                    match scope.place_walked(e.path()) {
                        Place::Linted(FileKind::UserJson) | Place::LeftOut(FileKind::UserJson)
                            if !may_hold_users(e.path()) => {}
                        Place::Linted(kind) => out.found.push(Found {
                            path: e.into_path(),
                            kind,
                        }),
                        Place::LeftOut(_) => out.left_out.push(e.into_path()),
                        Place::Nested(root) => {
                            if !out.nested.contains(&root) {
                                out.nested.push(root);
                            }
                        }
                        Place::NotMetadata => {
                            if scope.holds_walked_component(e.path())
                                && let Some((kind, name)) = component_of(e.path())
                            {
                                out.components.add(kind, &name);
                            }
                        }
                        Place::Excluded => {}
                    }
                }
                // A named link that leads to no file (dangling, or a folder the walk does
                // not enter) is reported rather than dropped silently.
                Ok(e) if e.path_is_symlink() && scope.is_named(e.path()) => {
                    out.problems.push(WalkProblem {
                        path: e.into_path(),
                        message: "it is a symbolic link that leads to no file in the project"
                            .into(),
                    });
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(top).to_path_buf();
                    // Only what the run would lint is worth a finding.
                    if !scope.covers(&path)
                        && !project.package_dirs.iter().any(|d| d.starts_with(&path))
                    {
                        continue;
                    }
                    let message = if err.loop_ancestor().is_some() {
                        "a symbolic link loop".to_string()
                    } else if let Some(io) = err.io_error() {
                        crate::error::describe_io(io)
                    } else {
                        err.to_string()
                    };
                    out.problems.push(WalkProblem { path, message });
                }
            }
        }
        note_pruned(&mut out);
    }
    out.found.sort_by(|a, b| a.path.cmp(&b.path));
    out.found.dedup_by(|a, b| a.path == b.path);
    out.left_out.sort();
    out.left_out.dedup();
    out
}
