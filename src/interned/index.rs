//! The shared index of names by hash, where a name is looked up when its thread's books
//! do not have it. A lookup takes no lock and writes nothing: threads reading the same
//! shards (a run's workers reading sets side by side) keep its memory in all their
//! caches. Under a lock per shard, every lookup wrote the lock's word, and a thread's next
//! lookup in a shard another had used waited for that line to come back.
//!
//! Each shard keeps its names in a table of packed slots (the hash's upper half, the
//! name's index), at most half full and found by linear probing. A table is never moved
//! nor freed: when it would be more than half full, the writer (holding the shard's lock)
//! copies it into one twice its size and publishes that one. A lookup that read the older
//! table and missed a name stored since takes the lock and looks again.

use std::sync::Mutex;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::{Name, hash};

/// Shards, each with its own writers' lock.
pub(super) const SHARDS: usize = 64;

/// Slots in a shard's first table; each next table has twice as many.
const FIRST_SLOTS: usize = 1024;

/// Tables a shard can make: the last holds more than every `u32` index at half load.
const LEVELS: usize = 23;

/// One shard of the index.
pub(super) struct Shard {
    /// How many of `tables` are made; the last made is the one in use.
    made: AtomicUsize,
    tables: [OnceLock<Box<[AtomicU64]>>; LEVELS],
    /// Held to store a name; counts the names the table in use holds.
    writers: Mutex<usize>,
}

impl Shard {
    pub(super) const fn new() -> Shard {
        Shard {
            made: AtomicUsize::new(0),
            tables: [const { OnceLock::new() }; LEVELS],
            writers: Mutex::new(0),
        }
    }

    /// The name of text `s` (hashed to `h`), if it is stored.
    fn find(&self, s: &str, h: u64) -> Option<Name> {
        let made = self.made.load(Ordering::Acquire);
        let table = self.tables[made.checked_sub(1)?].get()?;
        find_in(table, s, h)
    }

    /// The name of text `s` (hashed to `h`); when no thread has stored it, `store` gives
    /// it an index (under the shard's lock, so that a text is stored once).
    pub(super) fn find_or_store(&self, s: &str, h: u64, store: impl FnOnce() -> Name) -> Name {
        if let Some(name) = self.find(s, h) {
            return name;
        }
        // A poisoned lock only means another thread panicked while holding it: the
        // tables are whole (a slot is written in one store).
        let mut held = self.writers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(name) = self.find(s, h) {
            return name;
        }
        let name = store();
        if name == Name(0) {
            return name; // the indexes ran out
        }
        let made = self.made.load(Ordering::Relaxed);
        let full = made
            .checked_sub(1)
            .is_none_or(|last| (*held + 1) * 2 > FIRST_SLOTS << last);
        if full {
            if made == LEVELS {
                return name; // past any index a `u32` holds
            }
            let larger: Box<[AtomicU64]> = (0..FIRST_SLOTS << made)
                .map(|_| AtomicU64::new(0))
                .collect();
            if let Some(old) = made.checked_sub(1).and_then(|last| self.tables[last].get()) {
                for slot in old.iter() {
                    let packed = slot.load(Ordering::Relaxed);
                    if packed != 0 {
                        put(&larger, packed, hash(Name(packed as u32).as_str()));
                    }
                }
            }
            if self.tables[made].set(larger).is_err() {
                return name; // made already: never, writers hold the lock
            }
            self.made.store(made + 1, Ordering::Release);
        }
        if let Some(table) = self.tables[self.made.load(Ordering::Relaxed) - 1].get() {
            put(table, (h >> 32) << 32 | u64::from(name.0), h);
            *held += 1;
        }
        name
    }
}

/// The name of text `s` (hashed to `h`) in `table`.
fn find_in(table: &[AtomicU64], s: &str, h: u64) -> Option<Name> {
    let mask = table.len() - 1;
    let print = h >> 32;
    let mut at = h as usize & mask;
    loop {
        // Acquire: the name's text was stored before its slot was written.
        let packed = table[at].load(Ordering::Acquire);
        if packed == 0 {
            return None;
        }
        if packed >> 32 == print {
            let name = Name(packed as u32);
            if name.as_str() == s {
                return Some(name);
            }
        }
        at = (at + 1) & mask;
    }
}

/// Write `packed` into the first empty slot from `h`'s place (`table` is at most half
/// full, and only its shard's writer writes it).
fn put(table: &[AtomicU64], packed: u64, h: u64) {
    let mask = table.len() - 1;
    let mut at = h as usize & mask;
    while table[at].load(Ordering::Relaxed) != 0 {
        at = (at + 1) & mask;
    }
    table[at].store(packed, Ordering::Release);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads storing and finding the same texts at once, in one shard of its own (not
    /// the shared pool): each text gets one index, whichever thread stored it, across
    /// the tables' growth (from 1,024 slots to 8,192).
    #[test]
    fn texts_stored_by_threads_at_once_get_one_index_each() {
        static SHARD: Shard = Shard::new();
        static STORED: AtomicUsize = AtomicUsize::new(0);
        let texts: Vec<String> = (0..3000).map(|i| format!("Acct_{i}__c.Fld__c")).collect();
        let found: Vec<Vec<Name>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|t| {
                    let texts = &texts;
                    scope.spawn(move || {
                        // Each thread goes through the texts in its own order.
                        let mut order: Vec<usize> = (0..texts.len()).collect();
                        if t % 2 == 1 {
                            order.reverse();
                        }
                        let mut names = vec![Name(0); texts.len()];
                        for i in order {
                            let s = texts[i].as_str();
                            names[i] = SHARD.find_or_store(s, hash(s), || {
                                STORED.fetch_add(1, Ordering::Relaxed);
                                Name::new(s)
                            });
                        }
                        names
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        // Each text stored once, however many threads asked at the same time.
        assert_eq!(STORED.load(Ordering::Relaxed), texts.len());
        for names in &found[1..] {
            assert_eq!(names, &found[0]);
        }
        for (name, text) in found[0].iter().zip(&texts) {
            assert_eq!(name.as_str(), text);
            assert_eq!(SHARD.find(text, hash(text)), Some(*name));
        }
        assert_eq!(
            SHARD.find("Acct_3000__c.Fld__c", hash("Acct_3000__c.Fld__c")),
            None
        );
        // 3,000 names at most half full: the fourth table (8,192 slots) is the one in use.
        assert_eq!(SHARD.made.load(Ordering::Relaxed), 4);
        assert_eq!(*SHARD.writers.lock().unwrap(), 3000);
    }
}
