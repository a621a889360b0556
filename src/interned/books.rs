//! What one thread has learnt of the table of names: for each kind of list it read names
//! from (the element the text came from: `field`, `apexClass`, `object`...), the names met
//! there, sorted, with their texts laid out in that order.
//!
//! Files list names sorted (a retrieved profile lists its fields in order; the next
//! profile lists another subset of the same fields, in the same order), so the next name
//! asked for is most often a few entries past the previous one of its list: a lookup
//! reads on from there through memory laid out in that order, comparing a hash print
//! before a text. Only a name not found there is looked up by hash; in a 1 GB org that
//! lookup missed the processor's caches for nearly every name. Nothing here is shared:
//! a lookup takes no lock and writes nothing another thread reads.

use std::collections::HashMap;
use std::collections::hash_map::Entry as Place;
use std::hash::BuildHasherDefault;

use super::{AddrHasher, Name, hash};

/// How far past the previous name of its list a lookup looks (a profile may list a third
/// of the fields the project defines), and how far from the list's start.
const AHEAD: usize = 16;

/// How many waiting names of a list are met again before they are sorted in (at least).
const PENDING: usize = 16;

/// A book whose texts reach this size takes no more names (its offsets are 32-bit).
const FULL: usize = u32::MAX as usize / 2;

/// The part of a hash kept in an [`Entry`].
fn print(h: u64) -> u32 {
    (h >> 32) as u32
}

/// One name of a [`Book`]: its print, index and text (in [`Book::texts`]).
#[derive(Clone, Copy)]
struct Entry {
    print: u32,
    name: u32,
    start: u32,
    len: u32,
}

/// The names met in one kind of list.
#[derive(Default)]
struct Book {
    /// Sorted by text.
    sorted: Vec<Entry>,
    /// Their texts, in the same order.
    texts: String,
    /// Name index -> place in `sorted`, or [`WAITING`] for a name in `pending`.
    place: HashMap<u32, u32, BuildHasherDefault<AddrHasher>>,
    /// Names met since `sorted` was last rebuilt.
    pending: Vec<Name>,
    /// Where the next lookup starts in `sorted`: after the name found last.
    cursor: usize,
    /// How many times a waiting name was met again since the last rebuild.
    met_again: usize,
}

/// The place of a name that waits in [`Book::pending`].
const WAITING: u32 = u32::MAX;

impl Book {
    fn text(&self, e: &Entry) -> &str {
        let start = e.start as usize;
        self.texts.get(start..start + e.len as usize).unwrap_or("")
    }

    /// The name of text `s` (hashed to `h`), if it is among the few after the previous
    /// one or at the start of the list.
    fn near(&mut self, s: &str, h: u64) -> Option<Name> {
        let print = print(h);
        let ahead = self.cursor..self.sorted.len().min(self.cursor + AHEAD);
        let start = 0..self.cursor.min(AHEAD);
        let at = ahead.chain(start).find(|&i| {
            let e = &self.sorted[i];
            e.print == print && self.text(e) == s
        })?;
        self.cursor = at + 1;
        Some(Name(self.sorted[at].name))
    }

    /// Name `name`, just found by hash: the next lookup starts after it, or it waits to
    /// be sorted in. New names only wait: a file read once (a pre-commit hook's changed
    /// profile) sorts nothing. A waiting name met again means the names are being
    /// listed again (the next file of the kind): once a quarter of the book's size, and of
    /// the names waiting (at least [`PENDING`]), has been met again, the waiting names
    /// are sorted in. A file read once whose names repeat within it (a set read from the
    /// cache lists object and field names under one kind) sorts nothing in. Each of
    /// those lookups went to the shared table, so the rebuilds cost at most a constant
    /// times the lookups that missed.
    fn met(&mut self, name: Name) {
        // One probe of the map finds the name's place or where a new name waits.
        match self.place.entry(name.0) {
            Place::Occupied(place) if *place.get() == WAITING => self.met_again += 1,
            Place::Occupied(place) => {
                self.cursor = *place.get() as usize + 1;
                return;
            }
            Place::Vacant(place) => {
                if self.texts.len() < FULL {
                    self.pending.push(name);
                    place.insert(WAITING);
                }
                return;
            }
        }
        let enough = PENDING
            .max(self.sorted.len() / 4)
            .max(self.pending.len() / 4);
        if self.met_again >= enough {
            self.rebuild();
            if let Some(&at) = self.place.get(&name.0) {
                self.cursor = at as usize + 1;
            }
        }
    }

    /// Merge the pending names into `sorted`, and lay out the texts again.
    fn rebuild(&mut self) {
        // Each text looked up once, then sorted by it (a name's order is its text's).
        let mut new: Vec<(&str, Name)> = self.pending.drain(..).map(|n| (n.as_str(), n)).collect();
        new.sort_unstable_by(|a, b| a.0.cmp(b.0));
        new.dedup_by_key(|(_, n)| *n);
        self.met_again = 0;
        let old = std::mem::take(&mut self.sorted);
        let old_texts = std::mem::take(&mut self.texts);
        let old_text = |e: &Entry| {
            let start = e.start as usize;
            old_texts.get(start..start + e.len as usize).unwrap_or("")
        };
        let mut sorted = Vec::with_capacity(old.len() + new.len());
        let mut texts = String::with_capacity(
            old_texts.len() + new.iter().map(|(t, _)| t.len()).sum::<usize>(),
        );
        let mut add = |e: Entry, text: &str| {
            // Offsets are 32-bit: a name past 4 GiB of one book's texts is left out of it
            // (found in the shared table instead).
            if texts.len() + text.len() > u32::MAX as usize {
                return;
            }
            sorted.push(Entry {
                start: texts.len() as u32,
                len: text.len() as u32,
                ..e
            });
            texts.push_str(text);
        };
        let (mut old, mut new) = (old.iter().peekable(), new.iter().peekable());
        loop {
            let take_old = match (old.peek(), new.peek()) {
                (Some(e), Some((text, _))) => old_text(e) <= *text,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_old {
                if let Some(e) = old.next() {
                    add(*e, old_text(e));
                }
            } else if let Some(&(text, n)) = new.next() {
                let e = Entry {
                    print: print(hash(text)),
                    name: n.0,
                    start: 0,
                    len: 0,
                };
                add(e, text);
            }
        }
        self.place.clear();
        self.place
            .extend(sorted.iter().enumerate().map(|(i, e)| (e.name, i as u32)));
        self.sorted = sorted;
        self.texts = texts;
        self.cursor = 0;
    }
}

/// One thread's books, and where it copies the texts of the names it stores.
#[derive(Default)]
pub(super) struct Books {
    /// By list (few: one per element the model reads names from).
    books: Vec<(Box<str>, Book)>,
    /// The book of the last lookup.
    current: usize,
    pub(super) arena: Arena,
}

impl Books {
    /// The book of `list`, made now if there is none.
    fn book(&mut self, list: &str) -> &mut Book {
        if self
            .books
            .get(self.current)
            .is_none_or(|(l, _)| **l != *list)
        {
            self.current = match self.books.iter().position(|(l, _)| **l == *list) {
                Some(i) => i,
                None => {
                    self.books.push((list.into(), Book::default()));
                    self.books.len() - 1
                }
            };
        }
        &mut self.books[self.current].1
    }

    /// The stored name of text `s` (not empty) read from a list `list`; `stored` finds
    /// or stores it in the shared table.
    pub(super) fn name(
        &mut self,
        s: &str,
        list: &str,
        stored: impl FnOnce(&str, u64, &mut Arena) -> Name,
    ) -> Name {
        let h = hash(s);
        if let Some(name) = self.book(list).near(s, h) {
            return name;
        }
        let name = stored(s, h, &mut self.arena);
        self.books[self.current].1.met(name);
        name
    }
}

/// Texts copied one after another into blocks that live as long as the process.
#[derive(Default)]
pub(super) struct Arena {
    free: &'static mut [u8],
    /// Used for one text only: no block is made for it.
    one_off: bool,
}

/// The size of an arena block; a longer text gets its own allocation.
const BLOCK: usize = 64 * 1024;

impl Arena {
    /// An arena for a single text (stored while the thread's books are gone).
    pub(super) fn one_off() -> Arena {
        Arena {
            free: &mut [],
            one_off: true,
        }
    }

    pub(super) fn copy(&mut self, s: &str) -> &'static str {
        if s.len() > self.free.len() {
            // A long text, or one stored while the thread exits: an allocation of its own.
            if s.len() > BLOCK / 8 || self.one_off {
                return Box::leak(s.into());
            }
            self.free = Box::leak(vec![0; BLOCK].into_boxed_slice());
        }
        let (text, free) = std::mem::take(&mut self.free).split_at_mut(s.len());
        text.copy_from_slice(s.as_bytes());
        self.free = free;
        // The bytes of a `str`: always valid.
        std::str::from_utf8(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries of every book are sorted, each once, with their own text, print and
    /// place.
    fn assert_whole(books: &Books) {
        for (list, book) in &books.books {
            let texts: Vec<&str> = book.sorted.iter().map(|e| book.text(e)).collect();
            assert!(texts.windows(2).all(|w| w[0] < w[1]), "{list}: {texts:?}");
            for (i, e) in book.sorted.iter().enumerate() {
                assert_eq!(Name(e.name).as_str(), book.text(e));
                assert_eq!(e.print, print(hash(book.text(e))));
                assert_eq!(book.place.get(&e.name), Some(&(i as u32)));
            }
            for name in &book.pending {
                assert_eq!(book.place.get(&name.0), Some(&WAITING));
            }
            assert_eq!(book.place.len(), book.sorted.len() + book.pending.len());
        }
    }

    #[test]
    fn lookups_in_any_order_find_the_names_asked_for() {
        let mut books = Books::default();
        let texts: Vec<String> = (0..400)
            .map(|i| format!("Books_Test_{}.F{:03}__c", i % 3, (i * 37) % 400))
            .collect();
        let mut sorted = texts.clone();
        sorted.sort();
        let check = |books: &mut Books, text: &str, list: &str| {
            let name = books.name(text, list, Name::stored);
            assert_eq!(name.as_str(), text);
            assert_eq!(name, Name::new(text), "one name whatever the list");
        };
        // Sorted with gaps of every size (past how far a lookup reads on), starting over
        // (a new file), backwards, in no order, and two lists taking turns.
        for step in [1, 2, 3, 5, 17, 40, 1] {
            for text in sorted.iter().step_by(step) {
                check(&mut books, text, "field");
            }
        }
        sorted
            .iter()
            .rev()
            .for_each(|t| check(&mut books, t, "field"));
        texts.iter().for_each(|t| check(&mut books, t, "field"));
        for (a, b) in sorted.iter().zip(sorted.iter().skip(7)) {
            check(&mut books, a, "field");
            check(&mut books, b, "object");
        }
        assert_whole(&books);
        assert_eq!(books.books.len(), 2);
        // Everything met has been sorted in by now, or waits: nothing is lost.
        let (_, field) = &books.books[0];
        assert_eq!(field.sorted.len() + field.pending.len(), 400);
    }

    /// One file whose names repeat now and then (a set read from the cache: its object
    /// and field names under one kind) sorts nothing in: it is not a second listing.
    #[test]
    fn a_file_whose_names_repeat_a_little_sorts_nothing_in() {
        let mut books = Books::default();
        for i in 0..400 {
            books.name(&format!("Repeat_Test.F{i:03}__c"), "", Name::stored);
            if i % 10 == 0 {
                books.name("Repeat_Test", "", Name::stored);
                books.name(&format!("Repeat_Test.F{:03}__c", i / 2), "", Name::stored);
            }
        }
        let (_, book) = &books.books[0];
        assert!(book.sorted.is_empty(), "{} sorted in", book.sorted.len());
        assert_eq!(book.pending.len(), 401);
        assert_whole(&books);
    }

    #[test]
    fn hits_follow_the_list_in_order() {
        let mut books = Books::default();
        let texts: Vec<String> = (0..200).map(|i| format!("Hits_Test.F{i:03}__c")).collect();
        let misses = std::cell::Cell::new(0);
        let counted = |s: &str, h: u64, arena: &mut Arena| {
            misses.set(misses.get() + 1);
            Name::stored(s, h, arena)
        };
        for text in &texts {
            books.name(text, "field", counted);
        }
        let first = misses.replace(0);
        assert_eq!(first, texts.len(), "each name is new once");
        // A file read once sorts nothing in: every name waits.
        assert!(books.books[0].1.sorted.is_empty());
        assert_eq!(books.books[0].1.pending.len(), texts.len());
        // A second file listing every third name: the names met again are looked up by
        // hash until enough of them sort the waiting ones in, then found along the book.
        for text in texts.iter().step_by(3) {
            books.name(text, "field", counted);
        }
        assert_eq!(misses.replace(0), PENDING.max(texts.len() / 4));
        assert_eq!(books.books[0].1.sorted.len(), texts.len());
        for text in texts.iter().step_by(2) {
            books.name(text, "field", counted);
        }
        assert_eq!(misses.get(), 0);
    }
}
