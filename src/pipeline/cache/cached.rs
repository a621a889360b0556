//! The load stage's side of the cache: a hit becomes a parsed file without its text or
//! tree (as every file is after the load stage), a miss is parsed and then stored.

use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileId};
use crate::model::Facts;
use crate::parse::{Content, ParsedFile};
use crate::salesforce::kind::full_name;
use crate::source::{SourceFile, Span};
use crate::suppress::Suppression;

use super::super::input::Input;
use super::Cache;
use super::entry::{Body, Probe, Stamp, hash64};

pub enum Cached<'a> {
    Hit(ParsedFile, Body),
    /// The input, with its bytes when they were read, and how to store what it gives.
    Miss(Input, Pending<'a>),
}

/// Where a missed file's entry goes once it is digested.
pub struct Pending<'a> {
    cache: &'a Cache,
    id: FileId,
    key: String,
    kind: String,
    /// The file's stamp, read before its bytes, and their hash; `None` when unreadable.
    read: Option<(Stamp, u64)>,
}

/// The body as stored: [`Body`]'s fields by reference, in its order.
#[derive(Serialize)]
struct BodyRef<'b> {
    error: &'b Option<(String, Span)>,
    facts: &'b Facts,
    diagnostics: &'b [Diagnostic],
    suppressions: &'b [Suppression],
}

impl<'a> Cached<'a> {
    /// Probe `cache` for a file read from disk; on a miss its bytes are read (once) so
    /// that what is parsed is what is hashed.
    pub fn probe(cache: &'a Cache, id: FileId, mut input: Input) -> Cached<'a> {
        let kind = format!("{:?}", input.kind);
        match cache.probe(&input.path, &input.key, &kind, id) {
            Probe::Hit(body) => {
                let name = full_name(&input.path, &input.kind);
                let source = SourceFile::new(input.path, input.display, "")
                    .with_key(input.key)
                    .released();
                let file = ParsedFile {
                    id,
                    kind: input.kind,
                    name,
                    source: Arc::new(source),
                    content: Content::Released,
                    error: body.error.clone(),
                };
                Cached::Hit(file, body)
            }
            Probe::Miss { stamp, bytes } => {
                let bytes = bytes.or_else(|| stamp.and_then(|_| std::fs::read(&input.path).ok()));
                let read = stamp.zip(bytes.as_deref().map(hash64));
                input.bytes = bytes;
                let pending = Pending {
                    cache,
                    id,
                    key: input.key.clone(),
                    kind,
                    read,
                };
                Cached::Miss(input, pending)
            }
        }
    }
}

impl Pending<'_> {
    /// Store what the file gave (nothing when it could not be read).
    pub fn store(
        &self,
        file: &ParsedFile,
        facts: &Facts,
        diagnostics: &[Diagnostic],
        suppressions: &[Suppression],
    ) {
        let Some((stamp, hash)) = self.read else {
            return;
        };
        let body = BodyRef {
            error: &file.error,
            facts,
            diagnostics,
            suppressions,
        };
        self.cache
            .store(&self.key, &self.kind, stamp, hash, self.id, &body);
    }
}
