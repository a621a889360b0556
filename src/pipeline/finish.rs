//! A project's findings made ready to show: the released files they point into read
//! again, their fixes resolved, and (with a cache) stored with the line and column of
//! every offset they use, so the next run with no change shows them without reading.

use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileId};
use crate::report::Note;
use crate::source::SourceFile;

use super::cache::Cache;
use super::cache::run::{Finished, Positions, RunKey};

/// A project's findings, checked afresh, made ready to show: the files they point into read
/// again, fixes resolved, and, with a cache, stored with their lines and columns for the
/// next run with no change.
pub fn finish(
    mut diagnostics: Vec<Diagnostic>,
    suppressed: usize,
    notes: Vec<Note>,
    files: &mut [Arc<SourceFile>],
    store: Option<(&Cache, &RunKey)>,
) -> Finished {
    let t = crate::timings::start(|| "read again the files findings point into".into());
    reload_texts(files, &diagnostics);
    drop(t);
    let t = crate::timings::start(|| "resolve fixes".into());
    crate::fix::resolve(&mut diagnostics, files);
    drop(t);
    let finished = Finished {
        positions: store.map_or_else(Vec::new, |_| positions(&diagnostics, files)),
        diagnostics,
        suppressed,
        notes,
    };
    if let Some((cache, key)) = store {
        cache.store_run(key, &finished);
    }
    finished
}

/// The line and column of every offset `diagnostics` use (their labels' and their fixes'
/// edits' starts and ends), by file: what a later run with no change shows them with
/// without reading the files again.
fn positions(diagnostics: &[Diagnostic], files: &[Arc<SourceFile>]) -> Positions {
    let mut offsets: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for d in diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.related) {
            let at = offsets.entry(label.file.0).or_default();
            at.extend([label.span.start, label.span.end]);
        }
        for fix in &d.fixes {
            let at = offsets.entry(fix.file.0).or_default();
            for edit in &fix.edits {
                at.extend([edit.span.start, edit.span.end]);
            }
        }
    }
    offsets
        .into_iter()
        .filter_map(|(file, mut at)| {
            let f = files.get(file as usize)?;
            at.sort_unstable();
            at.dedup();
            Some((file, at.into_iter().map(|o| (o, f.line_col(o))).collect()))
        })
        .collect()
}

/// Read again the released files that findings (and their fixes) point into, so the
/// report can show them and fixes can be resolved. Done once the run's findings are
/// known: a file that is only context for the named paths is not read again.
pub fn reload_texts(files: &mut [Arc<SourceFile>], diagnostics: &[Diagnostic]) {
    let wanted: Vec<FileId> = pointed_into(diagnostics, true)
        .into_iter()
        .filter(|&id| files.get(id.0 as usize).is_some_and(|f| f.released))
        .collect();
    let loaded: Vec<(FileId, Arc<SourceFile>)> = wanted
        .into_par_iter()
        .filter_map(|id| {
            let f = files.get(id.0 as usize)?;
            // A file that vanished since keeps its empty text: spans are clamped on output.
            let (text, _) = crate::source::text::read_kept(&f.path).ok()?;
            let source =
                SourceFile::new(f.path.clone(), f.display.clone(), text).with_key(f.key.clone());
            // Indexed in the same task: a barrier less between reading and indexing.
            source.line_start(1);
            Some((id, Arc::new(source)))
        })
        .collect();
    for (id, f) in loaded {
        if let Some(slot) = files.get_mut(id.0 as usize) {
            *slot = f;
        }
    }
    // The report shows a line and column for each finding: index the lines of the files
    // they point into now, in parallel (the files read again are indexed already).
    pointed_into(diagnostics, false)
        .into_par_iter()
        .for_each(|id| {
            if let Some(f) = files.get(id.0 as usize) {
                f.line_start(1);
            }
        });
}

/// The files findings point into (and their fixes edit, with `fixes`), each once.
fn pointed_into(diagnostics: &[Diagnostic], fixes: bool) -> Vec<FileId> {
    let mut ids: Vec<FileId> = diagnostics
        .iter()
        .flat_map(|d| {
            let edited = d.fixes.iter().filter(|_| fixes).map(|f| f.file);
            std::iter::once(&d.primary)
                .chain(&d.related)
                .map(|l| l.file)
                .chain(edited)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
