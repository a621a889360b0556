//! Stage 5, sort: each project's report joins the run's (only findings in the named
//! paths, file ids renumbered), then `Report::sort` orders the whole run.

use std::path::Path;

use crate::files;
use crate::report::Report;

/// Merge one project's report into the run's, keeping only diagnostics in scope; the
/// project's files join the run's, which renumbers their ids.
pub fn merge(into: &mut Report, sub: Report, in_scope: impl Fn(&Path) -> bool) {
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
        // A fix in a file outside the named paths is not offered.
        d.fixes
            .retain(|f| reported.get(f.file.0 as usize).copied().unwrap_or(true));
        d.fixes
            .iter_mut()
            .for_each(|f| f.file = renumber.id(f.file));
        into.diagnostics.push(d);
    }
    into.suppressed += sub.suppressed;
    into.notes.extend(sub.notes);
}
