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

mod base;
pub mod cache;
pub mod check;
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
}

pub use crate::files::Overlay;

/// Lint the projects the given paths belong to, reporting only findings in those paths.
pub fn lint_paths(
    paths: &[PathBuf],
    cwd: &Path,
    setup: &Setup,
    opts: &LintOptions,
) -> Result<Report, AppError> {
    let mut units = discover::units(paths, cwd)?;
    let (mut report, mut deferred, mut left_out) = (Report::default(), Vec::new(), Vec::new());
    let mut done = 0;
    while done < units.len() {
        // The projects found so far are linted side by side (a small project leaves a
        // core idle when linted alone); the nested projects they hold are the next wave.
        // Results are taken in order, so the report is the same as one by one.
        let wave: Vec<_> = units[done..]
            .par_iter()
            .map(|unit| {
                let t = crate::timings::start(|| "discover".into());
                let found = discover::project(unit, cwd, setup, opts)?;
                drop(t);
                let sub = project_run::run(found.job, setup, cwd, opts)?;
                Ok::<_, AppError>((
                    found.targets,
                    found.nested,
                    found.deferred,
                    found.left_out,
                    sub,
                ))
            })
            .collect();
        let first = done;
        done = units.len();
        for (k, result) in wave.into_iter().enumerate() {
            let (targets, nested, found_deferred, found_left_out, sub) = result?;
            let more = discover::nested_units(&units, &units[first + k], nested)?;
            deferred.extend(found_deferred);
            left_out.extend(found_left_out);
            sort::merge(&mut report, sub, |p| {
                targets.iter().any(|t| p.starts_with(t))
            });
            units.extend(more);
        }
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
        finish::reload_texts(&mut report.files, &report.diagnostics);
    }
    report.sort();
    Ok(report)
}
