//! The pipeline: discover -> read + parse (parallel) -> model -> rules -> filter -> sort.
//! `filter` is the findings funnel (suppressions, per-file ignores, new-only, severities,
//! baseline); every file a finding may point into is in the run's table (`files::Files`).

mod base;
mod engine;
mod extras;
pub mod filter;
mod input;
mod pass;
mod project;

use std::path::{Path, PathBuf};

use crate::discover::{self, Found, Project, Scope};
use crate::error::AppError;
use crate::files;
use crate::kind::classify;
use crate::model::ProjectInfo;
use crate::report::Report;
use crate::settings::Settings;

pub use input::display_path;
pub use project::{LoadedProject, load_project};

use engine::Job;
use input::Input;

/// How a run compares with a base and what it reports.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// `--base REV|DIR`: compare with this git revision or folder (revocations, IU007).
    pub base: Option<String>,
    /// `--new-only`: report only findings the base does not have.
    pub new_only: bool,
    /// `--strict-profile-removals`: a removed profile entry counts as a revocation (info).
    pub strict_profile_removals: bool,
    /// `--staged`: lint the staged versions of staged files, against `HEAD`.
    pub staged: bool,
}

fn project_info(project: &Project) -> ProjectInfo {
    ProjectInfo {
        namespace: project.namespace.clone(),
        has_dependencies: project.has_dependencies,
    }
}

/// Lint the projects the given paths belong to, reporting only findings in those paths.
pub fn lint_paths(
    paths: &[PathBuf],
    cwd: &Path,
    settings: &Settings,
    opts: &LintOptions,
) -> Result<Report, AppError> {
    // A path through a symlink that resolves below the working folder is used relative to
    // it, so findings show short paths (one `canonicalize` per argument, none per file).
    let cwd_real = cwd.canonicalize().ok();
    let targets: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let abs = discover::absolute(cwd, p);
            if abs.starts_with(cwd) {
                return abs;
            }
            match (&cwd_real, abs.canonicalize()) {
                (Some(real), Ok(resolved)) => match resolved.strip_prefix(real) {
                    Ok(rel) => cwd.join(rel),
                    Err(_) => abs,
                },
                _ => abs,
            }
        })
        .collect();
    let mut projects: Vec<(Project, Vec<PathBuf>)> = Vec::new();
    for t in &targets {
        let project = discover::find_project(t)?;
        match projects.iter_mut().find(|(p, _)| p.root == project.root) {
            Some((_, ts)) => ts.push(t.clone()),
            None => projects.push((project, vec![t.clone()])),
        }
    }
    let mut report = Report::default();
    for (project, mut targets) in projects {
        let mut scope =
            Scope::new(&project, &settings.exclude, &settings.include).with_named(&targets);
        // --staged: the index versions of staged files, reported alone, against HEAD.
        let staged = if opts.staged {
            let staged = base::staged(&scope)?;
            targets = staged.keys().cloned().collect();
            targets.sort();
            scope = scope.with_named(&targets);
            Some(staged)
        } else {
            None
        };
        let discover::Walk {
            mut found,
            left_out,
            problems,
        } = discover::walk(&scope);
        if staged.is_none() {
            discover::check_named_folders(&scope, &targets, &found, &left_out, cwd)?;
        }
        // A staged file deleted from the working tree is still linted.
        for t in &targets {
            if staged.is_some()
                && !found.iter().any(|f| &f.path == t)
                && let Some(kind) = discover::is_project_file(&scope, t)
            {
                found.push(Found {
                    path: t.clone(),
                    kind,
                });
            }
        }
        report
            .notes
            .extend(discover::left_out_note(&scope, &targets, &left_out, cwd));
        let mut inputs: Vec<Input> = found
            .into_iter()
            .map(|f| Input::from_found(f, cwd, &project.root))
            .collect();
        if let Some(staged) = &staged {
            for i in &mut inputs {
                if let Some(bytes) = staged.get(&i.path) {
                    i.bytes = Some(bytes.clone());
                }
            }
        }
        let base_spec = match (&opts.base, opts.staged) {
            (Some(b), _) => Some(b.as_str()),
            (None, true) => Some("HEAD"),
            (None, false) => None,
        };
        let base = match base_spec {
            Some(spec) => Some(base::load(spec, &scope, cwd)?),
            None => None,
        };
        let matrix = match &settings.classification.access_matrix {
            Some(path) => Some(extras::read_matrix(path, settings)?),
            None => None,
        };
        let job = Job {
            inputs,
            problems,
            project: project_info(&project),
            root: project.root.clone(),
            matrix,
            base,
        };
        let sub = engine::run(job, settings, cwd, opts)?;
        let in_scope = |path: &Path| targets.iter().any(|t| path.starts_with(t));
        merge(&mut report, sub, in_scope);
    }
    report.sort();
    Ok(report)
}

/// Lint in-memory files: `(path, text)` pairs, kinds decided from the paths. For tests and
/// rule-page examples.
pub fn lint_sources(sources: &[(&str, &str)], settings: &Settings) -> Result<Report, AppError> {
    lint_sources_against(sources, None, settings, &LintOptions::default())
}

fn memory_inputs(sources: &[(&str, &str)], display_prefix: &str) -> Vec<Input> {
    sources
        .iter()
        .filter_map(|(path, text)| {
            let p = PathBuf::from(path);
            classify(&p).map(|kind| Input {
                display: format!("{display_prefix}{path}"),
                key: path.to_string(),
                path: p,
                kind,
                bytes: Some(text.as_bytes().to_vec()),
            })
        })
        .collect()
}

/// Lint in-memory files against an in-memory base (shown as `base:<path>`), as `--base`
/// does for a revision. For tests and rule-page examples.
pub fn lint_sources_against(
    sources: &[(&str, &str)],
    base: Option<&[(&str, &str)]>,
    settings: &Settings,
    opts: &LintOptions,
) -> Result<Report, AppError> {
    // The configured access matrix may be one of the sources.
    let matrix = settings
        .classification
        .access_matrix
        .as_ref()
        .and_then(|m| {
            sources
                .iter()
                .find(|(p, _)| Path::new(p) == m.as_path())
                .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        });
    let job = Job {
        inputs: memory_inputs(sources, ""),
        problems: Vec::new(),
        project: ProjectInfo::default(),
        root: PathBuf::new(),
        matrix,
        base: base.map(|b| base::BaseFiles {
            name: "base".to_string(),
            inputs: memory_inputs(b, "base:"),
        }),
    };
    let mut report = engine::run(job, settings, Path::new(""), opts)?;
    report.sort();
    Ok(report)
}

/// Merge one project's report into the run's, keeping only diagnostics in scope; the
/// project's files join the run's, which renumbers their ids.
fn merge(into: &mut Report, sub: Report, in_scope: impl Fn(&Path) -> bool) {
    into.linted_files += sub.files[sub.linted_from..]
        .iter()
        .filter(|f| in_scope(&f.path))
        .count();
    let reported: Vec<bool> = sub
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| i < sub.linted_from || in_scope(&f.path))
        .collect();
    let renumber = files::append(&mut into.files, sub.files);
    for mut d in sub.diagnostics {
        // Findings in sflint.toml or the access matrix are always reported.
        if !reported
            .get(d.primary.file.0 as usize)
            .copied()
            .unwrap_or(true)
        {
            continue;
        }
        renumber.label(&mut d.primary);
        d.related.iter_mut().for_each(|l| renumber.label(l));
        into.diagnostics.push(d);
    }
    into.suppressed += sub.suppressed;
    into.notes.extend(sub.notes);
}
