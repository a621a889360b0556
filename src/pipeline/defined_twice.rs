//! The run note for a profile or permission set that two files define (`P.profile` beside
//! `P.profile-meta.xml`, or one in each of two package directories): sflint reads both as
//! separate sets, and a deployment may not hold the same component twice.

use crate::files::Files;
use crate::model::Model;
use crate::report::Note;

/// How many components the note names before "and N more".
const LISTED: usize = 5;

/// The note, when some profile or permission set has two definitions.
pub fn note(model: &Model, files: &Files) -> Option<Note> {
    let mut heads: Vec<_> = model.sets.iter().map(|s| s.head()).collect();
    heads.sort_by_cached_key(|h| (h.kind.label(), h.name.to_ascii_lowercase()));
    let mut twice = Vec::new();
    for run in heads.chunk_by(|a, b| a.kind == b.kind && a.name.eq_ignore_ascii_case(&b.name)) {
        if run.len() < 2 {
            continue;
        }
        let paths: Vec<String> = run
            .iter()
            .filter_map(|h| h.files.first())
            .filter_map(|&id| files.get(id))
            .map(|f| format!("`{}`", f.display))
            .collect();
        twice.push(format!(
            "{} `{}` ({})",
            run[0].kind.label(),
            run[0].name,
            paths.join(", ")
        ));
    }
    if twice.is_empty() {
        return None;
    }
    let more = match twice.len().saturating_sub(LISTED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    twice.truncate(LISTED);
    Some(Note {
        kind: "defined-twice",
        message: format!(
            "defined by more than one file, each read as a set of its own (not merged): {}{more}",
            twice.join("; ")
        ),
        help: "keep one file per profile or permission set, or lint folders that deploy separately in separate runs: one deployment may not hold the same component twice".to_string(),
    })
}
