//! The run entry: the findings of the cross-file rules and the run's note, for a run whose
//! every file, configuration and context is as in the run that stored them. A run with no
//! change then builds no model and runs no cross-file rule.
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

use super::Cache;
use super::entry::hash64;

const MAGIC: &[u8; 8] = b"SFLRUN01";

/// Where a run's entry lives and what it must match.
pub struct RunKey {
    path: PathBuf,
    fingerprint: u64,
    /// The run's file table length.
    files: u32,
}

/// What the check stage produced.
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub note: Option<Note>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    fingerprint: u64,
    files: u32,
    diagnostics: Vec<Diagnostic>,
    /// Kind, message and help.
    note: Option<(String, String, String)>,
}

/// The kinds of note the check stage makes (a note's kind is a `&'static str`).
const NOTE_KINDS: &[&str] = &["integration-candidates"];

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
    pub fn load_run(&self, key: &RunKey) -> Option<Checked> {
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
        let note = match entry.note {
            Some((kind, message, help)) => {
                let kind = NOTE_KINDS.iter().find(|k| **k == kind)?;
                Some(Note {
                    kind,
                    message,
                    help,
                })
            }
            None => None,
        };
        Some(Checked {
            diagnostics: entry.diagnostics,
            note,
        })
    }

    /// Store the findings of the run (replacing the previous run's in this context).
    pub fn store_run(&self, key: &RunKey, checked: &Checked) {
        let entry = Entry {
            fingerprint: key.fingerprint,
            files: key.files,
            diagnostics: checked.diagnostics.clone(),
            note: checked
                .note
                .as_ref()
                .map(|n| (n.kind.to_string(), n.message.clone(), n.help.clone())),
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
