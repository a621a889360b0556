//! A project's findings made ready to show: the released files they point into read
//! again, their fixes resolved, and (with a cache) stored with the line and column of
//! every offset they use, so the next run with no change shows them without reading.

use std::sync::Arc;

use rayon::prelude::*;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, FileId, Widen};
use crate::report::Note;
use crate::source::SourceFile;
use crate::xml::shallow::Shallow;

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
    positions_only: bool,
) -> Finished {
    let t = crate::timings::start(|| "read again the files findings point into".into());
    let reach = if positions_only {
        Reach::Prefix
    } else {
        Reach::Whole
    };
    let roots = reload_texts(files, &diagnostics, reach);
    drop(t);
    let t = crate::timings::start(|| "resolve fixes".into());
    crate::fix::resolve_with(&mut diagnostics, files, roots);
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

/// How much of a released file [`reload_texts`] reads again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The whole text: it is shown (source lines) or fixes are applied to it.
    Whole,
    /// Only the report's lines and columns are shown: a file is read to a line end past
    /// the last offset its findings and fixes use ([`crate::source::text::read_prefix`]);
    /// a file a fix inserts into is read whole (the place is found among all the root's
    /// children). A finding in the first lines of a 3 MB profile reads 64 KiB.
    Prefix,
}

/// Read again the released files that findings (and their fixes) point into, so the
/// report can show them and fixes can be resolved. Done once the run's findings are
/// known: a file that is only context for the named paths is not read again. Returns the
/// root's children of the files read again that a fix inserts into (found while their
/// lines are indexed: a large profile is often the one file left to read).
pub fn reload_texts(
    files: &mut [Arc<SourceFile>],
    diagnostics: &[Diagnostic],
    reach: Reach,
) -> crate::fix::Roots {
    let needs = needs(diagnostics, reach);
    let inserted = crate::fix::inserted_into(diagnostics);
    let loaded: Vec<(FileId, Arc<SourceFile>, Option<Option<Shallow>>)> =
        pointed_into(diagnostics, true)
            .into_iter()
            .filter(|&id| files.get(id.0 as usize).is_some_and(|f| f.released))
            .collect::<Vec<_>>()
            .into_par_iter()
            .filter_map(|id| {
                let f = files.get(id.0 as usize)?;
                // A file that vanished since keeps its empty text: spans are clamped on output.
                let (text, _) = match needs.get(&id) {
                    Some(&need) => crate::source::text::read_prefix(&f.path, need as usize),
                    None => crate::source::text::read_kept(&f.path),
                }
                .ok()?;
                let source = SourceFile::new(f.path.clone(), f.display.clone(), text)
                    .with_key(f.key.clone());
                // Indexed in the same task: a barrier less between reading and indexing.
                let root = if inserted.binary_search(&id).is_ok() {
                    let ((), root) = rayon::join(
                        || {
                            source.line_start(1);
                        },
                        || crate::fix::root_children(&source.text),
                    );
                    Some(root)
                } else {
                    source.line_start(1);
                    None
                };
                Some((id, Arc::new(source), root))
            })
            .collect();
    let mut roots = crate::fix::Roots::new();
    for (id, f, root) in loaded {
        if let Some(root) = root {
            roots.insert(id, root);
        }
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
    roots
}

/// With [`Reach::Prefix`], the last offset each file's findings and fixes use, for the
/// files that no fix inserts into (those are read whole); empty with [`Reach::Whole`].
fn needs(diagnostics: &[Diagnostic], reach: Reach) -> HashMap<FileId, u32> {
    let mut needs = HashMap::new();
    if reach == Reach::Whole {
        return needs;
    }
    let mut whole = Vec::new();
    for d in diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.related) {
            let need = needs.entry(label.file).or_insert(0);
            *need = label.span.end.max(*need);
        }
        for fix in &d.fixes {
            for edit in &fix.edits {
                if edit.widen == Widen::Child {
                    whole.push(fix.file);
                }
                let need = needs.entry(fix.file).or_insert(0);
                *need = edit.span.end.max(*need);
            }
        }
    }
    for id in whole {
        needs.remove(&id);
    }
    needs
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
