//! The pipeline, one stage a module:
//!
//! 1. [`discover`]: the projects the paths belong to and the files of each (walk, staged
//!    files, the base).
//! 2. [`load`]: read and parse each file in parallel, take what the model needs, run the
//!    file rules, collect suppression comments.
//! 3. [`check`]: the cross-file rules and policies over the model.
//! 4. [`filter`]: the findings funnel (suppressions, per-file ignores, new-only,
//!    severities, baseline).
//! 5. [`sort`]: projects' reports merged into the run's, in order.
//!
//! [`project_run`] runs stages 2–4 for one project; every file a finding may point into is
//! in its file table (`files::Files`). [`finish`] makes its findings ready to show (files
//! read again, fixes resolved) and stores them for the next run with no change.

mod ahead;
mod base;
pub mod cache;
pub mod check;
mod defined_twice;
pub mod discover;
pub mod filter;
mod finish;
mod input;
pub mod live;
pub mod load;
mod loaded;
mod matrix_file;
mod memory;
pub mod project_run;
mod queue;
pub mod sort;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::catalog::Setup;
use crate::error::AppError;
use crate::report::Report;

pub use input::display_path;
pub use loaded::{LoadedProject, load_project, load_with_base};
pub use memory::{lint_sources, lint_sources_against};

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
    /// Use the project's cache (`cache`) for files read from disk; `check` does unless
    /// `--no-cache`.
    pub cache: bool,
    /// Texts that stand in for files on disk, by the path a file is found at (`--diff`'s
    /// later passes lint the fixed texts without writing them). Runs with an overlay use no
    /// cache.
    pub overlay: Overlay,
    /// The report is shown only by line and column (no source lines, no fix applied): a
    /// file whose findings come from the cache is then not read again, its positions come
    /// from the cache too.
    pub positions_only: bool,
    /// The process exits once the report is written (one `check` pass, no fixes): a
    /// finished project's model is then not freed (up to a bound, see
    /// `project_run::release`), the system takes the memory back at exit.
    pub exits_after: bool,
}

pub use crate::files::Overlay;

/// A project as discovered: its job (taken out to run it), what the run-wide steps need
/// of it (or the error that stopped its discovery), and the error that stopped finding
/// the projects below it.
struct Found {
    job: Option<project_run::Job>,
    discovered: Result<Placed, AppError>,
    nested_error: Option<AppError>,
}

/// Of a discovered project: the paths its findings are reported in, the named folders
/// holding nested projects, and the folders left out.
struct Placed {
    targets: Vec<PathBuf>,
    deferred: Vec<PathBuf>,
    left_out: Vec<crate::discover::LeftOutFolder>,
}

/// Lint the projects the given paths belong to, reporting only findings in those paths.
///
/// Every project is discovered first (a project's nested projects are known once its walk
/// is done), then all are linted side by side, the largest first: a folder of several
/// repositories is not linted one nesting level after another, each level waiting for its
/// largest project. Results are taken in discovery order, so the report (and the first
/// error) is the same as one project after another.
pub fn lint_paths(
    paths: &[PathBuf],
    cwd: &Path,
    setup: &Setup,
    opts: &LintOptions,
) -> Result<Report, AppError> {
    let mut units = discover::units(paths, cwd)?;
    let mut found: Vec<Found> = Vec::new();
    while found.len() < units.len() {
        let first = found.len();
        let wave: Vec<Result<discover::Discovered, AppError>> = units[first..]
            .par_iter()
            .map(|unit| {
                let _t = crate::timings::start(|| "discover".into());
                discover::project(unit, cwd, setup, opts)
            })
            .collect();
        let mut failed = false;
        for (k, discovered) in wave.into_iter().enumerate() {
            let nested = match &discovered {
                Ok(d) => discover::nested_units(&units, &units[first + k], d.nested.clone()),
                Err(_) => Ok(Vec::new()),
            };
            failed |= discovered.is_err() || nested.is_err();
            let (more, nested_error) = match nested {
                Ok(more) => (more, None),
                Err(e) => (Vec::new(), Some(e)),
            };
            units.extend(more);
            let (job, discovered) = match discovered {
                Ok(d) => (
                    Some(d.job),
                    Ok(Placed {
                        targets: d.targets,
                        deferred: d.deferred,
                        left_out: d.left_out,
                    }),
                ),
                Err(e) => (None, Err(e)),
            };
            found.push(Found {
                job,
                discovered,
                nested_error,
            });
        }
        // What follows an error is never reported: the projects below are not looked for.
        if failed {
            break;
        }
    }
    // Largest first (by what its files weigh), each project a task of its own.
    let mut jobs: Vec<(usize, project_run::Job)> = found
        .iter_mut()
        .enumerate()
        .filter_map(|(i, f)| Some((i, f.job.take()?)))
        .collect();
    jobs.sort_by_key(|(i, job)| (std::cmp::Reverse(job.weight()), *i));
    let mut runs: Vec<(usize, Result<Report, AppError>)> = jobs
        .into_par_iter()
        .with_max_len(1)
        .map(|(i, job)| (i, project_run::run(job, setup, cwd, opts)))
        .collect();
    runs.sort_unstable_by_key(|(i, _)| *i);
    let mut runs = runs.into_iter();
    let (mut report, mut deferred, mut left_out) = (Report::default(), Vec::new(), Vec::new());
    for f in found {
        let placed = f.discovered?;
        let sub = runs
            .next()
            .map(|(_, run)| run)
            .transpose()?
            .unwrap_or_default();
        if let Some(e) = f.nested_error {
            return Err(e);
        }
        deferred.extend(placed.deferred);
        left_out.extend(placed.left_out);
        let targets = crate::discover::Prefixes::new(placed.targets);
        sort::merge(&mut report, sub, |p| targets.holds(p));
    }
    // One note for the whole run, placed before the notes of the rules.
    if let Some(note) = crate::discover::left_out_note(left_out) {
        report.notes.insert(0, note);
    }
    if let (0, Some(dir)) = (report.linted_files, deferred.first()) {
        return Err(crate::discover::nothing_to_lint(dir, cwd));
    }
    // A project whose findings were reused from the cache was not read: its files that
    // findings point into are read now, unless the output needs only lines and columns.
    if !opts.positions_only {
        let _t = crate::timings::start(|| "read the files reused findings point into".into());
        // Their fixes were resolved when the findings were stored: nothing is inserted.
        let _ = finish::reload_texts(&mut report.files, &report.diagnostics, finish::Reach::Whole);
    }
    report.sort();
    Ok(report)
}
