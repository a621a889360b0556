//! The `--fix` loop: lint, apply the fixes the policy allows, write each changed file
//! atomically (keeping its permissions), lint again, until nothing changes. `--diff`
//! stops after the first lint and shows what the first pass would write.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostic::{FileId, Fix};
use crate::error::AppError;
use crate::report::Report;

use super::FixPolicy;
use super::apply::apply;
use super::diff::unified;

/// At most this many lint-and-fix passes (a fix that makes another applicable, or a
/// fix that waited for an overlapping one, needs another pass).
pub const MAX_PASSES: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the fixed files.
    Apply,
    /// Write nothing; show a unified diff.
    Diff,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// The last lint: what is left (after `--diff`: everything, as found).
    pub report: Report,
    /// Fixes applied (`--diff`: that the first pass would apply).
    pub fixed: usize,
    /// Files written (`--diff`: that would be); a file written in two passes counts twice.
    pub files: usize,
    /// The unified diff (`--diff` only).
    pub diff: String,
    /// Files with fixes that were left alone because they changed on disk since they were
    /// read, or are not UTF-8 (writing them back would change other bytes).
    pub skipped: Vec<String>,
}

/// The applied fixes of a report, by file, in file order.
fn plan<'a>(report: &'a Report, policy: &FixPolicy) -> BTreeMap<FileId, Vec<&'a Fix>> {
    let mut by_file: BTreeMap<FileId, Vec<&Fix>> = BTreeMap::new();
    for d in &report.diagnostics {
        if let Some(fix) = policy.applied(d) {
            by_file.entry(fix.file).or_default().push(fix);
        }
    }
    by_file
}

enum FileResult {
    Changed { fixed: usize, diff: String },
    Skipped(String),
    Failed(AppError),
}

fn fix_file(report: &Report, id: FileId, fixes: &[&Fix], mode: Mode) -> FileResult {
    let Some(source) = report.files.get(id.0 as usize) else {
        return FileResult::Changed {
            fixed: 0,
            diff: String::new(),
        };
    };
    // Edits are byte ranges of the text that was linted: the file on disk must still be
    // exactly that text (a lossily decoded file never is).
    match std::fs::read(&source.path) {
        Ok(bytes) if bytes == source.text.as_bytes() => {}
        _ => return FileResult::Skipped(source.display.clone()),
    }
    let applied = apply(&source.text, fixes);
    if applied.edits.is_empty() {
        return FileResult::Changed {
            fixed: 0,
            diff: String::new(),
        };
    }
    let diff = match mode {
        Mode::Diff => unified(&source.display, &source.text, &applied.edits),
        Mode::Apply => {
            if let Err(e) = crate::write_file::write_output(&source.path, applied.text.as_bytes()) {
                return FileResult::Failed(e);
            }
            String::new()
        }
    };
    FileResult::Changed {
        fixed: applied.fixed,
        diff,
    }
}

/// One pass over a linted report: apply (or show) its fixes.
fn pass(
    report: &Report,
    policy: &FixPolicy,
    mode: Mode,
    out: &mut Outcome,
) -> Result<usize, AppError> {
    let plan: Vec<(FileId, Vec<&Fix>)> = plan(report, policy).into_iter().collect();
    let results: Vec<FileResult> = plan
        .par_iter()
        .map(|(id, fixes)| fix_file(report, *id, fixes, mode))
        .collect();
    let mut fixed_now = 0;
    for r in results {
        match r {
            FileResult::Changed { fixed, diff } => {
                fixed_now += fixed;
                out.files += usize::from(fixed > 0);
                out.diff.push_str(&diff);
            }
            FileResult::Skipped(name) => {
                if !out.skipped.contains(&name) {
                    out.skipped.push(name);
                }
            }
            FileResult::Failed(e) => return Err(e),
        }
    }
    out.fixed += fixed_now;
    Ok(fixed_now)
}

/// Run `lint` and apply its fixes until nothing changes (at most [`MAX_PASSES`] passes),
/// or show them (`Mode::Diff`, one pass). `lint` runs the whole check, baseline included,
/// and returns what would be reported.
pub fn run(
    mode: Mode,
    policy: &FixPolicy,
    mut lint: impl FnMut() -> Result<Report, AppError>,
) -> Result<Outcome, AppError> {
    let mut out = Outcome::default();
    for _ in 0..MAX_PASSES {
        let mut report = lint()?;
        policy.strip_unfixable(&mut report.diagnostics);
        let fixed = pass(&report, policy, mode, &mut out)?;
        if mode == Mode::Diff || fixed == 0 {
            out.report = report;
            return Ok(out);
        }
    }
    let mut report = lint()?;
    policy.strip_unfixable(&mut report.diagnostics);
    out.report = report;
    Ok(out)
}
