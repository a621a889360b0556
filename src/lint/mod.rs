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

use crate::catalog::Setup;
use crate::discover::{self, Found, Project, Scope};
use crate::error::AppError;
use crate::files;
use crate::model::ProjectInfo;
use crate::report::Report;
use crate::salesforce::kind::classify;

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
    setup: &Setup,
    opts: &LintOptions,
) -> Result<Report, AppError> {
    let cwd_real = cwd.canonicalize().ok();
    let targets: Vec<PathBuf> = paths
        .iter()
        .map(|p| resolve_target(cwd, cwd_real.as_deref(), p))
        .collect();
    let mut units: Vec<Unit> = Vec::new();
    for t in &targets {
        let project = discover::find_project(t)?;
        match units.iter_mut().find(|u| u.project.root == project.root) {
            Some(u) => u.targets.push(t.clone()),
            None => units.push(Unit {
                project,
                targets: vec![t.clone()],
                named: true,
            }),
        }
    }
    let mut report = Report::default();
    // Named folders that hold nested projects: checked for emptiness over the whole run.
    let mut deferred: Vec<PathBuf> = Vec::new();
    let mut left_out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let nested = lint_project(
            &units[i],
            cwd,
            setup,
            opts,
            &mut report,
            &mut deferred,
            &mut left_out,
        )?;
        // A nested project below a named folder is linted as its own project.
        let named_dirs: Vec<PathBuf> = units[i]
            .targets
            .iter()
            .filter(|t| t.is_dir())
            .cloned()
            .collect();
        i += 1;
        for root in nested {
            if units.iter().any(|u| u.project.root == root)
                || !named_dirs.iter().any(|d| root.starts_with(d))
            {
                continue;
            }
            units.push(Unit {
                project: discover::find_project(&root)?,
                targets: vec![root],
                named: false,
            });
        }
    }
    // One note for the whole run, placed before the notes of the rules.
    if let Some(note) = discover::left_out_note(left_out) {
        report.notes.insert(0, note);
    }
    if report.linted_files == 0
        && let Some(dir) = deferred.first()
    {
        return Err(discover::nothing_to_lint(dir, cwd));
    }
    report.sort();
    Ok(report)
}

/// One project and the paths named in it.
struct Unit {
    project: Project,
    targets: Vec<PathBuf>,
    /// Named on the command line (a nested project found below a named folder is not).
    named: bool,
}

/// Lint one project into `report`; returns the roots of the nested projects below it.
fn lint_project(
    unit: &Unit,
    cwd: &Path,
    setup: &Setup,
    opts: &LintOptions,
    report: &mut Report,
    deferred: &mut Vec<PathBuf>,
    left_out_folders: &mut Vec<discover::LeftOutFolder>,
) -> Result<Vec<PathBuf>, AppError> {
    let settings = &setup.settings;
    let project = &unit.project;
    let mut targets = unit.targets.clone();
    let mut scope = Scope::new(project, &settings.exclude, &settings.include).with_named(&targets);
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
        mut problems,
        nested,
    } = discover::walk(&scope);
    if staged.is_none() && unit.named {
        // A folder holding a nested project may hold nothing else.
        let (holding, alone): (Vec<PathBuf>, Vec<PathBuf>) = targets
            .iter()
            .cloned()
            .partition(|t| nested.iter().any(|n| n.starts_with(t)));
        // A folder whose only metadata is a problem (a link that leads outside the
        // project) is not empty: SF001 reports the problem.
        let alone: Vec<PathBuf> = alone
            .into_iter()
            .filter(|t| !problems.iter().any(|p| p.path.starts_with(t)))
            .collect();
        discover::check_named_folders(&scope, &alone, &found, &left_out, cwd)?;
        deferred.extend(holding);
    }
    // A named file the walk did not reach (below a linked folder) is linted, and so is a
    // staged file deleted from the working tree.
    for t in &targets {
        if (staged.is_some() || t.is_file())
            && !found.iter().any(|f| &f.path == t)
            && !problems.iter().any(|p| &p.path == t)
            && let Some(kind) = discover::is_project_file(&scope, t)
        {
            // Never read through a link that leads outside the project.
            if staged.is_none()
                && let Some(problem) = discover::link_outside(project, t)
            {
                problems.push(problem);
                continue;
            }
            found.push(Found {
                path: t.clone(),
                kind,
            });
        }
    }
    left_out_folders.extend(discover::left_out_folders(&scope, &targets, &left_out, cwd));
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
        project: project_info(project),
        root: project.root.clone(),
        matrix,
        base,
    };
    let sub = engine::run(job, setup, cwd, opts)?;
    let in_scope = |path: &Path| targets.iter().any(|t| path.starts_with(t));
    merge(report, sub, in_scope);
    Ok(nested)
}

/// A named path, absolute. A path through a symlink that resolves below the working
/// folder is used relative to it (`plink/A.profile` for a link `plink` to
/// `force-app/.../profiles`), so the walk finds it where it really is and findings show
/// short paths; any other path is kept as given (one `canonicalize` per argument, none
/// per file).
fn resolve_target(cwd: &Path, cwd_real: Option<&Path>, path: &Path) -> PathBuf {
    let abs = discover::absolute(cwd, path);
    // A named link to a file stays a link (its folder resolved): the walk reads it only
    // when it leads inside the project, and reports it otherwise.
    if abs
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
        && abs.is_file()
        && let (Some(parent), Some(name)) = (abs.parent(), abs.file_name())
    {
        return resolve_target(cwd, cwd_real, parent).join(name);
    }
    let (Some(real), Ok(resolved)) = (cwd_real, abs.canonicalize()) else {
        return abs;
    };
    // Below the working folder with no link on the way: as given.
    if let Ok(rel) = abs.strip_prefix(cwd)
        && real.join(rel) == resolved
    {
        return abs;
    }
    match resolved.strip_prefix(real) {
        Ok(rel) => cwd.join(rel),
        Err(_) => abs,
    }
}

/// Lint in-memory files: `(path, text)` pairs, kinds decided from the paths. For tests and
/// rule-page examples.
pub fn lint_sources(sources: &[(&str, &str)], setup: &Setup) -> Result<Report, AppError> {
    lint_sources_against(sources, None, setup, &LintOptions::default())
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
    setup: &Setup,
    opts: &LintOptions,
) -> Result<Report, AppError> {
    // The configured access matrix may be one of the sources.
    let matrix = setup
        .settings
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
    let mut report = engine::run(job, setup, Path::new(""), opts)?;
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
