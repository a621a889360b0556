//! The run's file table: every file a finding may point into, indexed by [`FileId`]. It is
//! the only place where file ids are made: a file gets its id when it is added, or ahead of
//! time from [`Files::reserve`] when it is read in parallel, and a merged table renumbers
//! the ids of the table it takes in ([`Files::append`]).

use std::sync::Arc;

use crate::diagnostic::{FileId, Label};
use crate::source::SourceFile;

#[derive(Debug, Default)]
pub struct Files {
    files: Vec<Arc<SourceFile>>,
    /// Ids handed out by [`Files::reserve`] and not filled yet.
    reserved: usize,
}

/// Ids for files that will be added next, in order: the file read `i`-th gets [`Self::id`]`(i)`.
#[derive(Debug, Clone, Copy)]
pub struct IdBlock {
    start: u32,
    len: u32,
}

impl IdBlock {
    /// The `i`-th id of the block.
    ///
    /// # Panics
    /// When `i` is outside the block (a bug in the caller).
    pub fn id(&self, i: usize) -> FileId {
        assert!(i < self.len as usize, "file {i} outside its block of ids");
        FileId(self.start + i as u32)
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// How the ids of an appended table map into the table that took it in.
#[derive(Debug, Clone, Copy)]
pub struct Renumber {
    offset: u32,
}

impl Renumber {
    pub fn id(&self, id: FileId) -> FileId {
        FileId(id.0 + self.offset)
    }

    pub fn label(&self, label: &mut Label) {
        label.file = self.id(label.file);
    }
}

impl Files {
    /// Add a file; returns its id.
    ///
    /// # Panics
    /// While ids are reserved and not all filled (a bug in the caller).
    pub fn push(&mut self, file: Arc<SourceFile>) -> FileId {
        assert_eq!(self.reserved, 0, "a file added inside a reserved block");
        let id = self.next_id();
        self.files.push(file);
        id
    }

    /// Reserve the ids of the next `n` files, for a parallel reader that labels spans before
    /// the files are added; [`Files::fill`] adds them.
    pub fn reserve(&mut self, n: usize) -> IdBlock {
        assert_eq!(self.reserved, 0, "one reserved block at a time");
        let start = self.next_id().0;
        self.reserved = n;
        IdBlock {
            start,
            len: n as u32,
        }
    }

    /// Add the file with a reserved id, in reservation order.
    ///
    /// # Panics
    /// When `id` is not the next reserved id (a bug in the caller).
    pub fn fill(&mut self, id: FileId, file: Arc<SourceFile>) {
        assert!(
            self.reserved > 0 && id == self.next_id(),
            "file {id:?} filled out of order"
        );
        self.files.push(file);
        self.reserved -= 1;
    }

    /// Take in another table's files after this one's; returns how their ids change.
    pub fn append(&mut self, other: Vec<Arc<SourceFile>>) -> Renumber {
        assert_eq!(self.reserved, 0, "a table appended inside a reserved block");
        append(&mut self.files, other)
    }

    pub fn get(&self, id: FileId) -> Option<&Arc<SourceFile>> {
        self.files.get(id.0 as usize)
    }

    /// The files in id order (the `i`-th has id `i`).
    pub fn iter(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.files.iter()
    }

    /// Replace a file's text (a released file read again); the id stays.
    pub fn replace(&mut self, id: FileId, file: Arc<SourceFile>) {
        if let Some(slot) = self.files.get_mut(id.0 as usize) {
            *slot = file;
        }
    }

    /// The files in id order, to read released files again in place (ids stay).
    pub fn as_mut_slice(&mut self) -> &mut [Arc<SourceFile>] {
        &mut self.files
    }

    /// The id the next file added will get.
    pub fn next_id(&self) -> FileId {
        FileId(self.files.len() as u32)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files in id order (a [`crate::report::Report`] holds them so).
    pub fn into_vec(self) -> Vec<Arc<SourceFile>> {
        self.files
    }
}

/// Append one finished table (a project's [`crate::report::Report::files`]) to another (the
/// run's); returns how the appended files' ids change.
pub fn append(into: &mut Vec<Arc<SourceFile>>, other: Vec<Arc<SourceFile>>) -> Renumber {
    let offset = into.len() as u32;
    into.extend(other);
    Renumber { offset }
}

/// Texts that stand in for files on disk, by the path a file is found at (`--diff` lints
/// the fixed texts without writing them).
pub type Overlay = std::sync::Arc<std::collections::HashMap<std::path::PathBuf, Vec<u8>>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile::new(name.into(), name.into(), ""))
    }

    #[test]
    fn ids_follow_the_order_files_are_added_in() {
        let mut files = Files::default();
        let a = files.push(file("a"));
        let block = files.reserve(2);
        assert_eq!(block.len(), 2);
        files.fill(block.id(0), file("b"));
        files.fill(block.id(1), file("c"));
        let d = files.push(file("d"));
        assert_eq!(
            (a, block.id(0), block.id(1), d),
            (FileId(0), FileId(1), FileId(2), FileId(3))
        );
        assert_eq!(files.get(FileId(2)).unwrap().path.to_str(), Some("c"));

        let renumber = files.append(vec![file("e")]);
        let mut label = Label::new(FileId(0), crate::source::Span::default(), "");
        renumber.label(&mut label);
        assert_eq!(label.file, FileId(4));
        assert_eq!(files.get(FileId(4)).unwrap().path.to_str(), Some("e"));
    }

    #[test]
    #[should_panic(expected = "out of order")]
    fn reserved_ids_are_filled_in_order() {
        let mut files = Files::default();
        let block = files.reserve(2);
        files.fill(block.id(1), file("b"));
    }
}
