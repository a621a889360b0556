//! The result of one lint run: every file that diagnostics may point into, and the
//! sorted diagnostics.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::source::SourceFile;

#[derive(Debug, Default)]
pub struct Report {
    /// Indexed by [`FileId`]. Holds linted files and any other file a label points into.
    pub files: Vec<Arc<SourceFile>>,
    /// Sorted by (path, start offset, code).
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were linted.
    pub linted_files: usize,
    /// Index in `files` of the first linted file (configuration files come before).
    pub linted_from: usize,
    /// How many findings suppressions hid.
    pub suppressed: usize,
    /// Run-level notes that are not findings about a place in a file: metadata files left
    /// out and why, integration principals nobody configured, ... Every output format
    /// shows them (text and concise before the footer; JSON `notes`; SARIF tool
    /// notifications).
    pub notes: Vec<Note>,
}

/// A run-level note (see [`Report::notes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// A stable kebab-case identifier for machines: `files-left-out`, `integration-candidates`.
    pub kind: &'static str,
    /// One sentence that names what it is about.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Report {
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The stable fingerprint of a diagnostic: rule code, project-relative path and what
    /// the finding is about, never line numbers.
    pub fn fingerprint(&self, d: &Diagnostic) -> String {
        crate::diagnostic::fingerprint(&d.code, &self.file(d.primary.file).key, &d.identity)
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    /// Sort diagnostics deterministically: path, start offset, code, then message.
    pub fn sort(&mut self) {
        let files = &self.files;
        self.diagnostics.sort_by(|a, b| {
            let pa = &files[a.primary.file.0 as usize].display;
            let pb = &files[b.primary.file.0 as usize].display;
            pa.cmp(pb)
                .then(a.primary.span.start.cmp(&b.primary.span.start))
                .then(a.code.cmp(&b.code))
                .then(a.message.cmp(&b.message))
        });
    }
}
