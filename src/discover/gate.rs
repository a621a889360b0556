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
        let help = include_help(scope, cwd, &folders(scope, left_out));
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

/// The `files-left-out` note for metadata files below the named paths that the run did
/// not lint, if any.
pub fn left_out_note(
    scope: &Scope<'_>,
    targets: &[PathBuf],
    left_out: &[PathBuf],
    cwd: &Path,
) -> Option<Note> {
    let below: Vec<PathBuf> = left_out
        .iter()
        .filter(|p| targets.iter().any(|t| p.starts_with(t)))
        .cloned()
        .collect();
    if below.is_empty() {
        return None;
    }
    let groups = folders(scope, &below);
    let mut listed: Vec<String> = groups
        .iter()
        .take(SHOWN_FOLDERS)
        .map(|(dir, n)| format!("{} ({n})", shown(cwd, &scope.project.root.join(dir))))
        .collect();
    if groups.len() > SHOWN_FOLDERS {
        let more = groups.len() - SHOWN_FOLDERS;
        listed.push(format!(
            "{more} more folder{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    let n = below.len();
    Some(Note {
        kind: "files-left-out",
        message: format!(
            "{n} metadata file{} outside the package directories {} not linted: {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "was" } else { "were" },
            listed.join(", ")
        ),
        help: include_help(scope, cwd, &groups),
    })
}

/// The folders holding `files`, with counts, most files first. A file counts for the
/// highest folder on its path that holds no package directory, so `unpackaged/config/dev`
/// and `unpackaged/pre/x` both count for `unpackaged`.
fn folders(scope: &Scope<'_>, files: &[PathBuf]) -> Vec<(PathBuf, usize)> {
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
    let mut groups: Vec<(PathBuf, usize)> = counts.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    groups
}

fn include_help(scope: &Scope<'_>, cwd: &Path, groups: &[(PathBuf, usize)]) -> String {
    let top = groups
        .first()
        .map(|(dir, _)| dir.clone())
        .unwrap_or_default();
    let name = shown(cwd, &scope.project.root.join(&top));
    let glob = top.to_string_lossy().replace('\\', "/");
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
