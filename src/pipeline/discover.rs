//! Stage 1, discover: which projects the named paths belong to, and which of each
//! project's files are linted (the walk, `--staged`, named files, the base to compare with).

use std::path::{Path, PathBuf};

use crate::catalog::Setup;
use crate::discover::{self, Found, Project, Scope};
use crate::error::AppError;
use crate::model::ProjectInfo;
use crate::salesforce::kind::FileKind;

use super::LintOptions;
use super::ahead::Ahead;
use super::base;
use super::cache::Cache;
use super::input::Input;
use super::load;
use super::project_run::Job;

/// One project and the paths named in it.
pub struct Unit {
    pub project: Project,
    pub targets: Vec<PathBuf>,
    /// Named on the command line (a nested project found below a named folder is not).
    pub named: bool,
}

/// The projects the paths belong to, each with the paths named in it, in argument order.
pub fn units(paths: &[PathBuf], cwd: &Path) -> Result<Vec<Unit>, AppError> {
    let cwd_real = cwd.canonicalize().ok();
    let mut units: Vec<Unit> = Vec::new();
    for p in paths {
        let t = resolve_target(cwd, cwd_real.as_deref(), p);
        let project = discover::find_project(&t)?;
        match units.iter_mut().find(|u| u.project.root == project.root) {
            Some(u) => u.targets.push(t),
            None => units.push(Unit {
                project,
                targets: vec![t],
                named: true,
            }),
        }
    }
    Ok(units)
}

/// The nested projects below `unit`'s named folders that are not linted yet: each is
/// linted as its own project.
pub fn nested_units(
    units: &[Unit],
    unit: &Unit,
    nested: Vec<PathBuf>,
) -> Result<Vec<Unit>, AppError> {
    let named_dirs: Vec<&PathBuf> = unit.targets.iter().filter(|t| t.is_dir()).collect();
    let mut out: Vec<Unit> = Vec::new();
    for root in nested {
        if units.iter().chain(&out).any(|u| u.project.root == root)
            || !named_dirs.iter().any(|d| root.starts_with(d))
        {
            continue;
        }
        out.push(Unit {
            project: discover::find_project(&root)?,
            targets: vec![root],
            named: false,
        });
    }
    Ok(out)
}

pub fn project_info(project: &Project) -> ProjectInfo {
    ProjectInfo {
        namespace: project.namespace.clone(),
        has_dependencies: project.has_dependencies,
    }
}

/// What discovery found in one project: the job to run, the paths findings are reported
/// in, the nested projects below it, and what the run-wide checks need.
pub struct Discovered {
    pub job: Job,
    pub targets: Vec<PathBuf>,
    pub nested: Vec<PathBuf>,
    /// Named folders that hold nested projects (checked for emptiness over the whole run).
    pub deferred: Vec<PathBuf>,
    pub left_out: Vec<discover::LeftOutFolder>,
}

/// Discover one project's files, its base and the access matrix: the job to run.
pub fn project(
    unit: &Unit,
    cwd: &Path,
    setup: &Setup,
    opts: &LintOptions,
) -> Result<Discovered, AppError> {
    let mut deferred = Vec::new();
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
    // A pre-commit run's few named files are looked up (and parsed when they changed)
    // while the project is walked.
    let mut cache = None;
    let mut ahead = Ahead::default();
    if opts.cache && opts.overlay.is_empty() && staged.is_none() {
        // The named files the project lints, each once.
        let mut named: Vec<(PathBuf, FileKind)> = Vec::new();
        for t in targets.iter().filter(|t| t.is_file()) {
            if let Some(kind) = discover::is_project_file(&scope, t)
                && !named.iter().any(|(p, _)| p == t)
            {
                named.push((t.clone(), kind));
            }
        }
        if (1..=load::STORE_LATER_MAX).contains(&named.len()) {
            cache = Cache::open(&project.root, setup, &project_info(project));
            if let Some(cache) = &cache {
                ahead = Ahead::start(cache, project, named, cwd);
            }
        }
    }
    let discover::Walk {
        mut found,
        left_out,
        mut problems,
        nested,
        components,
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
    let left_out = discover::left_out_folders(&scope, &targets, &left_out, cwd);
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
    if !opts.overlay.is_empty() {
        for i in &mut inputs {
            if let Some(bytes) = opts.overlay.get(&i.path) {
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
        Some(path) => Some(super::matrix_file::read_matrix(path, settings)?),
        None => None,
    };
    let job = Job {
        inputs,
        problems,
        project: project_info(project),
        root: project.root.clone(),
        matrix,
        base,
        components: Some(components),
        reported: Some(targets.clone()),
        cache,
        ahead,
    };
    Ok(Discovered {
        job,
        targets,
        nested,
        deferred,
        left_out,
    })
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
