//! Interned names: each distinct string the model holds (field names, component names,
//! labels) is stored once for the whole run, and every value that names it is a 32-bit
//! index into the run's table of names. A retrieved org names the same few thousand fields
//! and classes in each of hundreds of profiles, so this takes the model's strings from one
//! allocation per entry to one per name, and each entry's name from a 16-byte pointer to 4
//! bytes (a 1 GB org holds millions of entries). The stored strings live until the process
//! ends; a long-running process (the language server) adds only names it has not seen.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Deref;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// A string stored once per distinct value: its index in the table of names. Equal texts
/// have equal indexes, so two names compare as one integer; they order and hash as their
/// text.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Name(u32);

/// A 64-bit hash of a name, eight bytes at a time (FxHash's step), then mixed (the
/// finaliser of MurmurHash3) so that every bit depends on every byte.
fn hash(s: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = s.len() as u64;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The shards of the index of names by hash, made at compile time: a lookup reads no
/// lazy cell first.
static POOL: [index::Shard; index::SHARDS] = [const { index::Shard::new() }; index::SHARDS];

/// The table of names: segment `k` holds `FIRST << k` of them, so that the table grows
/// without moving what it holds (a name is read without a lock). Index 0 is the empty
/// name.
const FIRST: usize = 1024;
/// Enough segments for every `u32` index: `FIRST * (2^SEGMENTS - 1) > u32::MAX`.
const SEGMENTS: usize = 23;

/// One name of the table.
type Slot = OnceLock<&'static str>;

type Segment = Box<[Slot]>;

static TABLE: [OnceLock<Segment>; SEGMENTS] = [const { OnceLock::new() }; SEGMENTS];
/// The next index to give out.
static NEXT: AtomicU32 = AtomicU32::new(1);

mod books;
mod index;

use books::{Arena, Books};

thread_local! {
    static BOOKS: std::cell::RefCell<Books> = std::cell::RefCell::default();
}

/// The table's slot of index `i` (none for the empty name, or before it is made).
fn slot(i: u32) -> Option<&'static Slot> {
    if i == 0 {
        return None;
    }
    let (segment, at) = place(i);
    TABLE[segment].get()?.get(at)
}

/// The segment of index `i` and its place there.
fn place(i: u32) -> (usize, usize) {
    let j = i as usize / FIRST + 1;
    let segment = (usize::BITS - 1 - j.leading_zeros()) as usize;
    (segment, i as usize - FIRST * ((1 << segment) - 1))
}

impl Name {
    /// The stored copy of `s`, stored now if it is new.
    pub fn new(s: &str) -> Name {
        Name::listed(s, "")
    }

    /// [`Name::new`] of a text read from a list of names of one kind, `list` (the
    /// element that holds it): a name is found fastest after the one read before it from
    /// the same kind of list.
    pub fn listed(s: &str, list: &str) -> Name {
        if s.is_empty() {
            return Name(0);
        }
        // While the thread is exiting (a destructor storing a name), its books are gone:
        // the shared table alone, with the text in an allocation of its own.
        BOOKS
            .try_with(|books| books.borrow_mut().name(s, list, Name::stored))
            .unwrap_or_else(|_| Name::stored(s, hash(s), &mut Arena::one_off()))
    }

    /// The stored copy of `s` (hashed to `h`), from the shared table; a new name's text
    /// is copied into `arena`.
    fn stored(s: &str, h: u64, arena: &mut Arena) -> Name {
        // Middle bits pick the shard: the index uses the low bits and the top half.
        POOL[(h >> 32) as usize % index::SHARDS].find_or_store(s, h, || store(arena.copy(s)))
    }

    pub fn as_str(&self) -> &'static str {
        if self.0 == 0 {
            return "";
        }
        // Every index handed out was stored before its name was returned.
        slot(self.0).and_then(|s| s.get()).copied().unwrap_or("")
    }

    /// How many names the table holds: every [`Name::addr`] handed out so far is below it
    /// (a memo by name can be a vector).
    pub fn count() -> usize {
        NEXT.load(Ordering::Relaxed) as usize
    }

    /// The name's index: equal names have the same one, so a memo keyed by it
    /// ([`ByAddress`]) decides each name once without hashing its text.
    pub fn addr(&self) -> usize {
        self.0 as usize
    }
}

/// Give `text` (not stored yet; the caller holds its shard) the next index and store it.
fn store(text: &'static str) -> Name {
    // Four billion distinct names would take hundreds of gigabytes of text first.
    let i = NEXT
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
        .unwrap_or(u32::MAX);
    let (segment, at) = place(i);
    let cells =
        TABLE[segment].get_or_init(|| (0..FIRST << segment).map(|_| OnceLock::new()).collect());
    match cells.get(at).map(|c| c.set(text)) {
        Some(Ok(())) => Name(i),
        // Only when the indexes ran out: the last index keeps its first name.
        _ => Name(0),
    }
}

/// A hasher for [`Name::addr`] keys (and other machine words): one multiply.
#[derive(Default, Clone, Copy)]
pub struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
}

/// A value worked out once per name and shared by threads, kept by [`Name::addr`] in a
/// vector: a rule or index that asks about the same names in every profile of a large org
/// reads nearly in sequence, where a hash map of them missed the processor's caches. Names
/// stored after it was made (a set read from the cache when a rule first uses it) are kept
/// in segments of their own, made when first needed.
#[derive(Debug)]
pub struct PerName<T> {
    /// One cell per name stored when it was made.
    known: Vec<OnceLock<T>>,
    /// Names stored later, by their index past `known` (laid out as the table is).
    later: [OnceLock<Box<[OnceLock<T>]>>; SEGMENTS],
}

impl<T> Default for PerName<T> {
    fn default() -> PerName<T> {
        PerName {
            known: Vec::new(),
            later: [const { OnceLock::new() }; SEGMENTS],
        }
    }
}

impl<T: Copy> PerName<T> {
    /// Room for every name stored so far; later names get room when first asked about.
    pub fn new() -> PerName<T> {
        PerName {
            known: (0..Name::count()).map(|_| OnceLock::new()).collect(),
            ..PerName::default()
        }
    }

    /// The value for `name`, worked out by `work` the first time.
    pub fn get(&self, name: Name, work: impl FnOnce() -> T) -> T {
        if let Some(cell) = self.known.get(name.addr()) {
            return *cell.get_or_init(work);
        }
        // Past the table's indexes (never: an index is a `u32`): worked out each time.
        let Ok(past) = u32::try_from(name.addr() - self.known.len()) else {
            return work();
        };
        let (segment, at) = place(past);
        let cells = self.later[segment]
            .get_or_init(|| (0..FIRST << segment).map(|_| OnceLock::new()).collect());
        match cells.get(at) {
            Some(cell) => *cell.get_or_init(work),
            None => work(),
        }
    }
}

/// A map keyed by [`Name::addr`] (with anything else hashed as words).
pub type ByAddress<K, V> = HashMap<K, V, BuildHasherDefault<AddrHasher>>;

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name::new(&s)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.as_str().to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Name, E> {
                Ok(Name::new(v))
            }
        }
        d.deserialize_str(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name stored after the memo was made (a set read when a rule first uses it) is
    /// worked out once too, whichever segment its index falls in.
    #[test]
    fn a_memo_works_each_name_out_once_even_when_stored_after_it() {
        let before = Name::new("PerName_Before__c");
        let memo: PerName<usize> = PerName::new();
        let later: Vec<Name> = (0..3 * FIRST)
            .map(|i| Name::new(&format!("PerName_Later_{i}__c")))
            .collect();
        let calls = AtomicU32::new(0);
        let work = |n: Name| {
            calls.fetch_add(1, Ordering::Relaxed);
            n.len()
        };
        for _ in 0..2 {
            for &n in later.iter().chain([&before]) {
                assert_eq!(memo.get(n, || work(n)), n.len());
            }
        }
        assert_eq!(calls.load(Ordering::Relaxed) as usize, later.len() + 1);
    }

    #[test]
    fn a_name_stored_while_its_thread_exits_is_stored() {
        // A destructor that stores a name, run after the thread's books may be gone.
        struct OnExit(std::sync::mpsc::Sender<Name>);
        impl Drop for OnExit {
            fn drop(&mut self) {
                let _ = self.0.send(Name::new("Stored_On_Exit__c"));
            }
        }
        thread_local! {
            static EXIT: std::cell::RefCell<Option<OnExit>> = const { std::cell::RefCell::new(None) };
        }
        for touch_books_first in [false, true] {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                EXIT.with(|e| *e.borrow_mut() = Some(OnExit(tx)));
                if touch_books_first {
                    Name::new("Stored_Before_Exit__c");
                }
            })
            .join()
            .expect("the thread exits cleanly");
            let name = rx.recv().expect("the destructor ran");
            assert_eq!(name.as_str(), "Stored_On_Exit__c");
            assert_eq!(name, Name::new("Stored_On_Exit__c"));
        }
    }

    #[test]
    fn equal_texts_share_one_copy() {
        let a = Name::new(&format!("Account.{}", "Tier__c"));
        let b = Name::from(String::from("Account.Tier__c"));
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, "Account.Tier__c");
        assert!(a < Name::new("Account.Zeta__c"));
        assert_eq!(Name::new("").len(), 0);
    }

    #[test]
    fn equal_names_share_an_address_and_key_a_memo() {
        let a = Name::new("Account.Tier__c");
        let b = Name::new(&String::from("Account.Tier__c"));
        let c = Name::new("Account.Tier__C");
        assert_eq!(a.addr(), b.addr());
        assert_ne!(a.addr(), c.addr());
        let mut memo: ByAddress<usize, u32> = ByAddress::default();
        *memo.entry(a.addr()).or_default() += 1;
        *memo.entry(b.addr()).or_default() += 1;
        *memo.entry(c.addr()).or_default() += 1;
        assert_eq!(memo[&a.addr()], 2);
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn names_found_along_the_order_are_the_names_asked_for() {
        let texts: Vec<String> = (0..40).map(|i| format!("Order_Test_{i}__c")).collect();
        let names: Vec<Name> = texts.iter().map(|t| Name::new(t)).collect();
        let check = |i: usize| {
            let name = Name::new(&texts[i]);
            assert_eq!((name, name.as_str()), (names[i], texts[i].as_str()));
        };
        // Again in order, with gaps of every size (past how far the order is followed),
        // backwards, and with new names and prefixes of the names between.
        for step in 1..8 {
            (0..texts.len()).step_by(step).for_each(check);
        }
        (0..texts.len()).rev().for_each(check);
        for (i, text) in texts.iter().enumerate() {
            for other in [format!("Order_Fresh_{i}"), text[..10].to_string()] {
                assert_eq!(Name::new(&other).as_str(), other);
            }
            check(i);
        }
        // Threads keep their own books and share the table.
        let (count, check) = (texts.len(), &check);
        std::thread::scope(|scope| {
            for t in 0..4 {
                scope.spawn(move || {
                    for round in 0..50 {
                        (0..count).step_by(1 + (t + round) % 5).for_each(check);
                    }
                });
            }
        });
    }

    #[test]
    fn the_table_grows_by_segments_without_gaps() {
        assert_eq!(place(0), (0, 0));
        assert_eq!(place(1023), (0, 1023));
        assert_eq!(place(1024), (1, 0));
        assert_eq!(place(3071), (1, 2047));
        assert_eq!(place(3072), (2, 0));
        assert_eq!(place(u32::MAX).0, SEGMENTS - 1);
        // Enough names to fill more than one segment, each read back as stored.
        let names: Vec<(String, Name)> = (0..5000)
            .map(|i| {
                let s = format!("Segment_Test_{i}__c");
                let n = Name::new(&s);
                (s, n)
            })
            .collect();
        for (s, n) in &names {
            assert_eq!(n.as_str(), s);
            assert_eq!(*n, Name::new(s));
        }
        assert_eq!(Name::default().as_str(), "");
        assert_eq!(Name::new(""), Name::default());
    }

    #[test]
    fn names_round_trip_through_serde() {
        let n = Name::new("Opportunity.Margin__c");
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"Opportunity.Margin__c\"");
        let back: Name = serde_json::from_str(&json).unwrap();
        assert!(std::ptr::eq(back.as_str(), n.as_str()));
    }
}
