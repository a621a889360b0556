//! The base a change is compared with (`--base`): another folder with the same metadata,
//! or a git revision read through one batched `git cat-file`. Also the staged versions of
//! files (`--staged`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::discover::{self, Project};
use crate::error::AppError;
use crate::git;
use crate::kind::classify;
use crate::settings::Settings;

use super::input::{Input, display_path};

/// A base ready to lint: how to name it and its files.
pub struct BaseFiles {
    /// `origin/main` or the folder as given.
    pub name: String,
    pub inputs: Vec<Input>,
}

/// Read the base named by `spec`: a folder when one exists at that path, else a git
/// revision of the repository holding `project`.
pub fn load(
    spec: &str,
    project: &Project,
    cwd: &Path,
    settings: &Settings,
) -> Result<BaseFiles, AppError> {
    let as_dir = discover::absolute(cwd, Path::new(spec));
    if as_dir.is_dir() {
        let base = discover::find_project(&as_dir)?;
        let (found, _) = discover::walk(&base, &settings.exclude);
        return Ok(BaseFiles {
            name: spec.to_string(),
            inputs: found
                .into_iter()
                .map(|f| Input::from_found(f, cwd, &base.root))
                .collect(),
        });
    }
    let top = git::toplevel(&project.root)?;
    let commit = git::resolve(&top, spec)?;
    let rel_to_top = |p: &Path| display_path(&top, p);
    let mut prefixes: Vec<String> = project.package_dirs.iter().map(|d| rel_to_top(d)).collect();
    let config = project.root.join("config");
    if project.sfdx_project.is_some() && !project.package_dirs.iter().any(|d| config.starts_with(d))
    {
        prefixes.push(rel_to_top(&config));
    }
    // `ls-tree` with an empty prefix (the project is the repository) lists everything.
    let prefixes: Vec<String> = prefixes.into_iter().filter(|p| !p.is_empty()).collect();
    let files = git::list_files(&top, &commit, &prefixes)?;
    let mut wanted = Vec::new();
    for rel in files {
        let abs = top.join(&rel);
        let Some(kind) = classify(&abs) else { continue };
        let in_project = abs.strip_prefix(&project.root).ok();
        if in_project.is_some_and(|r| settings.exclude.is_match(r))
            || abs
                .components()
                .any(|c| discover::DEFAULT_EXCLUDES.contains(&c.as_os_str().to_str().unwrap_or("")))
        {
            continue;
        }
        wanted.push((rel, abs, kind));
    }
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
            })
        })
        .collect();
    Ok(BaseFiles {
        name: spec.to_string(),
        inputs,
    })
}

/// The staged (index) contents of the metadata files staged for commit in `project`.
pub fn staged(project: &Project) -> Result<HashMap<PathBuf, Vec<u8>>, AppError> {
    let top = git::toplevel(&project.root)?;
    let files: Vec<(String, PathBuf)> = git::staged_files(&top)?
        .into_iter()
        .map(|rel| {
            let abs = top.join(&rel);
            (rel, abs)
        })
        .filter(|(_, abs)| abs.starts_with(&project.root) && classify(abs).is_some())
        .collect();
    let specs: Vec<String> = files.iter().map(|(rel, _)| format!(":{rel}")).collect();
    let blobs = git::read_blobs(&top, &specs)?;
    Ok(files
        .into_iter()
        .zip(blobs)
        .filter_map(|((_, abs), blob)| Some((abs, blob?)))
        .collect())
}
