//! The `--fix` loop: lint, apply the fixes the policy allows, write each changed file
//! atomically (keeping its permissions), lint again, until nothing changes. `--diff` runs
//! the same passes on texts held in memory (an overlay the lint reads instead of the
//! files), writes nothing, and shows one diff per file of what `--fix` would write.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{FileId, Fix};
use crate::error::AppError;
use crate::report::Report;

use super::FixPolicy;
use super::apply::apply;
use super::compose::compose;
use super::diff::unified;
use crate::diagnostic::Edit;
use crate::files::Overlay;

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
    /// Fixes applied (`--diff`: that would be).
    pub fixed: usize,
    /// Files written (`--diff`: that would be), each once however many passes wrote it.
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
    Changed {
        fixed: usize,
        /// The file's path, when changed.
        path: Option<PathBuf>,
        /// `--diff`: the file's old and new texts, and the edits between.
        held: Option<(String, String, Vec<Edit>)>,
    },
    Skipped(String),
    Failed(AppError),
}

/// `--diff`'s files: the fixed texts the next lint reads, and for each file its text on
/// disk and the edits that make the fixed text of it, in the order first fixed.
#[derive(Default)]
struct Held {
    /// Every file changed so far (`--fix` too).
    changed: HashSet<PathBuf>,
    overlay: HashMap<PathBuf, Vec<u8>>,
    files: Vec<(PathBuf, String, Vec<Edit>)>,
}

fn fix_file(
    report: &Report,
    id: FileId,
    fixes: &[&Fix],
    mode: Mode,
    overlay: &HashMap<PathBuf, Vec<u8>>,
) -> FileResult {
    let unchanged = FileResult::Changed {
        fixed: 0,
        path: None,
        held: None,
    };
    let Some(source) = report.files.get(id.0 as usize) else {
        return unchanged;
    };
    // Edits are byte ranges of the text that was linted: the file (on disk, or as held by
    // `--diff`) must still be exactly that text (a lossily decoded file never is).
    let same = match overlay.get(&source.path) {
        Some(held) => held.as_slice() == source.text.as_bytes(),
        None => std::fs::read(&source.path).is_ok_and(|b| b == source.text.as_bytes()),
    };
    if !same {
        return FileResult::Skipped(source.display.clone());
    }
    let applied = apply(&source.text, fixes);
    if applied.edits.is_empty() {
        return unchanged;
    }
    let held = match mode {
        Mode::Diff => Some((source.text.to_string(), applied.text, applied.edits)),
        Mode::Apply => {
            if let Err(e) = crate::write_file::write_output(&source.path, applied.text.as_bytes()) {
                return FileResult::Failed(e);
            }
            None
        }
    };
    FileResult::Changed {
        fixed: applied.fixed,
        path: Some(source.path.clone()),
        held,
    }
}

/// One pass over a linted report: apply (or hold) its fixes.
fn pass(
    report: &Report,
    policy: &FixPolicy,
    mode: Mode,
    out: &mut Outcome,
    held: &mut Held,
) -> Result<usize, AppError> {
    let plan: Vec<(FileId, Vec<&Fix>)> = plan(report, policy).into_iter().collect();
    let results: Vec<FileResult> = plan
        .par_iter()
        .map(|(id, fixes)| fix_file(report, *id, fixes, mode, &held.overlay))
        .collect();
    let mut fixed_now = 0;
    for r in results {
        match r {
            FileResult::Changed {
                fixed,
                path,
                held: kept,
            } => {
                fixed_now += fixed;
                let Some(path) = path else { continue };
                if held.changed.insert(path.clone()) {
                    out.files += 1;
                }
                if let Some((old, new, edits)) = kept {
                    held.keep(path, old, new, edits);
                }
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

impl Held {
    /// A file's text after one more pass, and the edits of that pass.
    fn keep(&mut self, path: PathBuf, old: String, new: String, edits: Vec<Edit>) {
        match self.files.iter_mut().find(|f| f.0 == path) {
            Some(f) => f.2 = compose(&f.1, &f.2, &edits),
            None => self.files.push((path.clone(), old, edits)),
        }
        self.overlay.insert(path, new.into_bytes());
    }

    /// One diff per file, of its text on disk against the last pass.
    fn diff(&self, report: &Report) -> String {
        let mut out = String::new();
        for (path, original, edits) in &self.files {
            let display = report
                .files
                .iter()
                .find(|f| &f.path == path)
                .map_or_else(|| path.display().to_string(), |f| f.display.clone());
            out.push_str(&unified(&display, original, edits));
        }
        out
    }
}

/// Run `lint` and apply its fixes until nothing changes (at most [`MAX_PASSES`] passes);
/// with `Mode::Diff`, hold the fixed texts in the overlay `lint` is given instead of
/// writing them, and show the diff. `lint` runs the whole check, baseline included, and
/// returns what would be reported.
pub fn run(
    mode: Mode,
    policy: &FixPolicy,
    mut lint: impl FnMut(&Overlay) -> Result<Report, AppError>,
) -> Result<Outcome, AppError> {
    let mut out = Outcome::default();
    let mut held = Held::default();
    let mut lint = |held: &Held| -> Result<Report, AppError> {
        let mut report = lint(&Arc::new(held.overlay.clone()))?;
        policy.strip_unfixable(&mut report.diagnostics);
        Ok(report)
    };
    let mut report = lint(&held)?;
    for _ in 0..MAX_PASSES {
        let fixed = pass(&report, policy, mode, &mut out, &mut held)?;
        if fixed == 0 {
            break;
        }
        // Each pass is linted again: the last one, to report what is left.
        report = lint(&held)?;
    }
    if mode == Mode::Diff {
        out.diff = held.diff(&report);
    }
    out.report = report;
    Ok(out)
}
