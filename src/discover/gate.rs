//! No silent gaps: a named folder that holds nothing to lint is an error, and metadata a
//! run leaves out is a `files-left-out` note that says where and how to include it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::AppError;
use crate::report::Note;

use super::{Found, Scope};

/// How many folders the note names before "and N more".
const SHOWN_FOLDERS: usize = 5;

/// Fail (exit 2) when a named folder holds no file the run lints: a gate that checks
/// nothing must not pass.
pub fn check_named_folders(
    scope: &Scope<'_>,
    targets: &[PathBuf],
    found: &[Found],
    left_out: &[PathBuf],
    cwd: &Path,
) -> Result<(), AppError> {
    for t in targets.iter().filter(|t| t.is_dir()) {
        if found.iter().any(|f| f.path.starts_with(t)) {
            continue;
        }
        let shown = shown(cwd, t);
        let outside = left_out.iter().filter(|p| p.starts_with(t)).count();
        if outside == 0 {
            return Err(nothing_to_lint(t, cwd));
        }
        let message = format!(
            "no metadata file to lint in `{shown}`: its {outside} metadata file{} lie outside the package directories",
            if outside == 1 { "" } else { "s" },
        );
        let help = include_help(&folders(scope, cwd, left_out));
        return Err(AppError::Usage(format!("{message}\n  help: {help}")));
    }
    Ok(())
}

/// The error for a named folder that holds no metadata file sflint reads.
pub fn nothing_to_lint(dir: &Path, cwd: &Path) -> AppError {
    AppError::Usage(format!(
        "`{}` holds no metadata file that sflint reads\n  help: name a folder of Salesforce \
         metadata (profiles, permission sets, objects, CRM Analytics...) or a project; \
         folders matched by `exclude` in sflint.toml and `.git`, `node_modules`, `.sfdx`, \
         `.sf` are never read",
        shown(cwd, dir)
    ))
}

/// A folder of metadata files a run left out, as the `files-left-out` note names it.
#[derive(Debug, Clone)]
pub struct LeftOutFolder {
    /// As shown to users (relative to the working folder).
    shown: String,
    /// Relative to its project's root, for an `include` glob.
    glob: String,
    count: usize,
}

/// The folders holding the metadata files below the named paths that one project's run
/// did not lint.
pub fn left_out_folders(
    scope: &Scope<'_>,
    targets: &[PathBuf],
    left_out: &[PathBuf],
    cwd: &Path,
) -> Vec<LeftOutFolder> {
    let below: Vec<PathBuf> = left_out
        .iter()
        .filter(|p| targets.iter().any(|t| p.starts_with(t)))
        .cloned()
        .collect();
    folders(scope, cwd, &below)
}

/// One `files-left-out` note for the whole run (all projects), if anything was left out.
pub fn left_out_note(mut groups: Vec<LeftOutFolder>) -> Option<Note> {
    if groups.is_empty() {
        return None;
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then(a.shown.cmp(&b.shown)));
    let mut listed: Vec<String> = groups
        .iter()
        .take(SHOWN_FOLDERS)
        .map(|g| format!("{} ({})", g.shown, g.count))
        .collect();
    if groups.len() > SHOWN_FOLDERS {
        let more = groups.len() - SHOWN_FOLDERS;
        listed.push(format!(
            "{more} more folder{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    let n: usize = groups.iter().map(|g| g.count).sum();
    Some(Note {
        kind: "files-left-out",
        message: format!(
            "{n} metadata file{} outside the package directories {} not linted: {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "was" } else { "were" },
            listed.join(", ")
        ),
        help: include_help(&groups),
    })
}

/// The folders holding `files`, with counts, most files first. A file counts for the
/// highest folder on its path that holds no package directory, so `unpackaged/config/dev`
/// and `unpackaged/pre/x` both count for `unpackaged`.
fn folders(scope: &Scope<'_>, cwd: &Path, files: &[PathBuf]) -> Vec<LeftOutFolder> {
    let project = scope.project;
    let mut counts: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for f in files {
        let rel = scope.relative(f.parent().unwrap_or(f));
        let mut dir = PathBuf::new();
        for c in rel.components() {
            dir.push(c);
            let abs = project.root.join(&dir);
            if !project.package_dirs.iter().any(|d| d.starts_with(&abs)) {
                break;
            }
        }
        *counts.entry(dir).or_default() += 1;
    }
    let mut groups: Vec<LeftOutFolder> = counts
        .into_iter()
        .map(|(dir, count)| LeftOutFolder {
            shown: shown(cwd, &project.root.join(&dir)),
            glob: dir.to_string_lossy().replace('\\', "/"),
            count,
        })
        .collect();
    groups.sort_by(|a, b| b.count.cmp(&a.count).then(a.shown.cmp(&b.shown)));
    groups
}

fn include_help(groups: &[LeftOutFolder]) -> String {
    let (name, glob) = groups
        .first()
        .map(|g| (g.shown.as_str(), g.glob.as_str()))
        .unwrap_or((".", ""));
    format!(
        "name them to lint them (`sflint check {name}`), add `include = [\"{glob}/**\"]` to \
         sflint.toml to lint them with the project, or `exclude` them to silence this note"
    )
}

/// A path as shown to users: relative to the working folder when below it.
fn shown(cwd: &Path, path: &Path) -> String {
    match super::display_path(cwd, path) {
        s if s.is_empty() => ".".to_string(),
        s => s,
    }
}
