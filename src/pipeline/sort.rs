//! Stage 5, sort: each project's report joins the run's (only findings in the named
//! paths, file ids renumbered), then `Report::sort` orders the whole run.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::files;
use crate::report::Report;
use crate::source::SourceFile;

/// Keep the diagnostics in scope (and, of their fixes, those that edit a file in scope):
/// files before `linted_from` (sflint.toml, the access matrix) always are.
pub fn keep_in_scope(
    files: &[Arc<SourceFile>],
    linted_from: usize,
    diagnostics: &mut Vec<Diagnostic>,
    in_scope: impl Fn(&Path) -> bool,
) {
    let reported: Vec<bool> = files
        .iter()
        .enumerate()
        .map(|(i, f)| i < linted_from || in_scope(&f.path))
        .collect();
    let reported =
        |id: crate::diagnostic::FileId| reported.get(id.0 as usize).copied().unwrap_or(true);
    diagnostics.retain_mut(|d| {
        // A fix in a file outside the named paths is not offered.
        d.fixes.retain(|f| reported(f.file));
        reported(d.primary.file)
    });
}

/// Merge one project's report into the run's, keeping only diagnostics in scope; the
/// project's files join the run's, which renumbers their ids.
pub fn merge(into: &mut Report, mut sub: Report, in_scope: impl Fn(&Path) -> bool) {
    into.linted_files += sub.files[sub.linted_from..]
        .iter()
        .filter(|f| in_scope(&f.path))
        .count();
    keep_in_scope(&sub.files, sub.linted_from, &mut sub.diagnostics, in_scope);
    let renumber = files::append(&mut into.files, sub.files);
    for mut d in sub.diagnostics {
        renumber.label(&mut d.primary);
        d.related.iter_mut().for_each(|l| renumber.label(l));
        d.fixes
            .iter_mut()
            .for_each(|f| f.file = renumber.id(f.file));
        into.diagnostics.push(d);
    }
    into.suppressed += sub.suppressed;
    into.notes.extend(sub.notes);
}
