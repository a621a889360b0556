//! The run entry: the project's finished findings (every rule's, after suppressions and
//! severities, fixes resolved), the number suppressed and the run's notes, with the line
//! and column of every offset they use, for a run whose every file, configuration and
//! context is as in the run that stored them. A run with no change then reads no file's
//! entry, builds no model, runs no rule and reads no file again to show its findings
//! (unless the output shows source lines).
//!
//! File ids are stored as they were (relative to the start of the file table): the entry
//! holds only when the table is laid out the same, which the key (the context) and the
//! fingerprint (every file's path, kind and content hash, in order) ensure, and which the
//! table's length checks again.

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, FileId};
use crate::report::Note;
use crate::source::LineCol;

use super::Cache;
use super::entry::hash64;

const MAGIC: &[u8; 8] = b"SFLRUN03";

/// Where a run's entry lives and what it must match.
pub struct RunKey {
    path: PathBuf,
    fingerprint: u64,
    /// The run's file table length.
    files: u32,
}

/// What a project's run produced, before walk problems are added.
pub struct Finished {
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: usize,
    pub notes: Vec<Note>,
    /// By file (its index in the table): the offsets the findings use, with their line
    /// and column.
    pub positions: Positions,
}

/// By file index: offsets with their line and column.
pub type Positions = Vec<(u32, Vec<(u32, LineCol)>)>;

/// [`Positions`] as stored: file index, then (offset, line, column) triples.
type StoredPositions = Vec<(u32, Vec<(u32, u32, u32)>)>;

#[derive(Serialize, Deserialize)]
struct Entry {
    fingerprint: u64,
    files: u32,
    diagnostics: Vec<Diagnostic>,
    suppressed: u64,
    /// Each note's kind, message and help.
    notes: Vec<(String, String, String)>,
    positions: StoredPositions,
}

/// The kinds of note the check stage makes (a note's kind is a `&'static str`).
const NOTE_KINDS: &[&str] = &["integration-candidates", "unchecked-reads", "defined-twice"];

impl Cache {
    /// The key of a run in `context` (anything besides the files and the configuration
    /// that the check stage reads) over files with `fingerprint`, whose table has `files`
    /// files.
    pub fn run_key(&self, context: &[&str], fingerprint: u64, files: usize) -> Option<RunKey> {
        let name = crate::diagnostic::stable_hash(context);
        Some(RunKey {
            path: self.dir.join(format!("run-{name:016x}")),
            fingerprint,
            files: u32::try_from(files).ok()?,
        })
    }

    /// The stored findings of the run, when they hold.
    pub fn load_run(&self, key: &RunKey) -> Option<Finished> {
        let raw = fs::read(&key.path).ok()?;
        let rest = raw.strip_prefix(MAGIC.as_slice())?;
        let (hash, body) = rest.split_first_chunk::<8>()?;
        if u64::from_le_bytes(*hash) != hash64(body) {
            return None;
        }
        let entry: Entry = FileId::scoped_table(key.files, || bincode::deserialize(body).ok())?;
        if entry.fingerprint != key.fingerprint || entry.files != key.files {
            return None;
        }
        let mut notes = Vec::with_capacity(entry.notes.len());
        for (kind, message, help) in entry.notes {
            let kind = NOTE_KINDS.iter().find(|k| **k == kind)?;
            notes.push(Note {
                kind,
                message,
                help,
            });
        }
        let mut positions = Vec::with_capacity(entry.positions.len());
        for (file, at) in entry.positions {
            if file >= key.files {
                return None;
            }
            let at = at
                .into_iter()
                .map(|(offset, line, column)| {
                    let (line, column) = (line as usize, column as usize);
                    (offset, LineCol { line, column })
                })
                .collect();
            positions.push((file, at));
        }
        Some(Finished {
            diagnostics: entry.diagnostics,
            suppressed: usize::try_from(entry.suppressed).ok()?,
            notes,
            positions,
        })
    }

    /// Store the findings of the run (replacing the previous run's in this context).
    pub fn store_run(&self, key: &RunKey, finished: &Finished) {
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let entry = Entry {
            fingerprint: key.fingerprint,
            files: key.files,
            diagnostics: finished.diagnostics.clone(),
            suppressed: finished.suppressed as u64,
            notes: finished
                .notes
                .iter()
                .map(|n| (n.kind.to_string(), n.message.clone(), n.help.clone()))
                .collect(),
            positions: finished
                .positions
                .iter()
                .map(|(file, at)| {
                    let at = at
                        .iter()
                        .map(|(offset, lc)| (*offset, to_u32(lc.line), to_u32(lc.column)))
                        .collect();
                    (*file, at)
                })
                .collect(),
        };
        let Ok(body) = FileId::scoped_table(key.files, || bincode::serialize(&entry)) else {
            return;
        };
        let mut out = Vec::with_capacity(16 + body.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&hash64(&body).to_le_bytes());
        out.extend_from_slice(&body);
        let _ = crate::write_file::replace_unsynced(&key.path, &out);
    }
}
