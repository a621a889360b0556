//! The base a change is compared with (`--base`): another folder with the same metadata,
//! or a git revision read through one batched `git cat-file`. Also the staged versions of
//! files (`--staged`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::discover::{self, Place, Scope};
use crate::error::AppError;
use crate::git;
use crate::salesforce::kind::{FileKind, classify};

use super::input::{Input, display_path};

/// A base ready to lint: how to name it and its files.
pub struct BaseFiles {
    /// `origin/main` or the folder as given.
    pub name: String,
    pub inputs: Vec<Input>,
}

/// Read the base named by `spec`: a folder when one exists at that path, else a git
/// revision of the repository holding the project. Either way the base holds the files
/// [`discover::is_project_file`] accepts, the same files the run lints.
pub fn load(spec: &str, scope: &Scope<'_>, cwd: &Path) -> Result<BaseFiles, AppError> {
    let project = scope.project;
    let as_dir = discover::absolute(cwd, Path::new(spec));
    if as_dir.is_dir() {
        let base = discover::find_project(&as_dir)?;
        let base_scope = scope.for_project(&base);
        let walk = discover::walk(&base_scope);
        return Ok(BaseFiles {
            name: spec.to_string(),
            inputs: walk
                .found
                .into_iter()
                .map(|f| Input::from_found(f, cwd, &base.root))
                .collect(),
        });
    }
    let top = git::toplevel(&project.root)?;
    let commit = git::resolve(&top, spec)?;
    let rel_to_top = |p: &Path| display_path(&top, p);
    let mut prefixes = vec![rel_to_top(&project.root)];
    for d in &project.package_dirs {
        if !d.starts_with(&project.root) {
            prefixes.push(rel_to_top(d));
        }
    }
    // `ls-tree` with an empty prefix (the project is the repository) lists everything.
    let prefixes: Vec<String> = if prefixes.iter().any(String::is_empty) {
        Vec::new()
    } else {
        prefixes
    };
    let files = git::list_files(&top, &commit, &prefixes)?;
    let wanted: Vec<_> = files
        .into_iter()
        .filter_map(|rel| {
            let abs = top.join(&rel);
            let kind = discover::is_project_file(scope, &abs)?;
            Some((rel, abs, kind))
        })
        .collect();
    let specs: Vec<String> = wanted
        .iter()
        .map(|(rel, _, _)| format!("{commit}:{rel}"))
        .collect();
    let blobs = git::read_blobs(&top, &specs)?;
    let inputs = wanted
        .into_iter()
        .zip(blobs)
        .filter_map(|((rel, abs, kind), blob)| {
            Some(Input {
                display: format!("{spec}:{rel}"),
                key: display_path(&project.root, &abs),
                path: abs,
                kind,
                bytes: Some(blob?),
                text: None,
            })
        })
        .collect();
    Ok(BaseFiles {
        name: spec.to_string(),
        inputs,
    })
}

/// The staged (index) contents of the metadata files staged for commit in the project,
/// except those `exclude` (or a folder never read) leaves out. Staged files outside the
/// package directories count as named.
pub fn staged(scope: &Scope<'_>) -> Result<HashMap<PathBuf, Vec<u8>>, AppError> {
    let project = scope.project;
    let top = git::toplevel(&project.root)?;
    let files: Vec<(String, PathBuf)> = git::staged_files(&top)?
        .into_iter()
        .map(|rel| {
            let abs = top.join(&rel);
            (rel, abs)
        })
        .filter(|(_, abs)| {
            abs.starts_with(&project.root)
                && matches!(scope.place(abs), Place::Linted(_) | Place::LeftOut(_))
        })
        .collect();
    let specs: Vec<String> = files.iter().map(|(rel, _)| format!(":{rel}")).collect();
    let blobs = git::read_blobs(&top, &specs)?;
    Ok(files
        .into_iter()
        .zip(blobs)
        .filter_map(|((_, abs), blob)| Some((abs, blob?)))
        // JSON that names no user is not metadata (as on disk).
        .filter(|(abs, blob)| {
            !matches!(classify(abs), Some(FileKind::UserJson))
                || discover::may_hold_users_in(abs, blob)
        })
        .collect())
}
