//! Interned names: each distinct string the model holds (field names, component names,
//! labels) is stored once for the whole run, and every value that names it is a pointer.
//! A retrieved org names the same few thousand fields and classes in each of hundreds of
//! profiles, so this takes the model's strings from one allocation per entry to one per
//! name. The stored strings live until the process ends; a long-running process (the
//! language server) adds only names it has not seen.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Deref;
use std::sync::{LazyLock, Mutex};

/// A string stored once per distinct value. Compares, hashes and orders as its text.
#[derive(Clone, Copy, Default)]
pub struct Name(&'static str);

const SHARDS: usize = 64;

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

/// The map's keys are hashes already.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The stored names of one shard, by hash, and the few whose hash another name has
/// already (a lookup touches the map's slot and the name's bytes, nothing else).
#[derive(Default)]
struct Stored {
    by_hash: HashMap<u64, &'static str, BuildHasherDefault<PassThrough>>,
    collided: Vec<&'static str>,
}

type Shard = Mutex<Stored>;

static POOL: LazyLock<Vec<Shard>> =
    LazyLock::new(|| (0..SHARDS).map(|_| Mutex::default()).collect());

impl Name {
    /// The stored copy of `s`, stored now if it is new.
    pub fn new(s: &str) -> Name {
        if s.is_empty() {
            return Name("");
        }
        let h = hash(s);
        // Middle bits pick the shard: the map uses the low bits and the top seven.
        let shard = &POOL[(h >> 32) as usize % SHARDS];
        // A poisoned shard only means another thread panicked while holding it; the map
        // itself is always whole.
        let mut stored = shard.lock().unwrap_or_else(|e| e.into_inner());
        let first = stored.by_hash.get(&h).copied();
        if let Some(name) = first.filter(|n| *n == s) {
            return Name(name);
        }
        if let Some(&name) = stored.collided.iter().find(|n| **n == s) {
            return Name(name);
        }
        let name: &'static str = Box::leak(s.to_owned().into_boxed_str());
        match first {
            None => {
                stored.by_hash.insert(h, name);
            }
            Some(_) => stored.collided.push(name),
        }
        Name(name)
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// Where the stored copy lives: equal names have the same address (the empty name
    /// may have more than one), so a memo keyed by it ([`ByAddress`]) decides each name
    /// once without hashing its text.
    pub fn addr(&self) -> usize {
        self.0.as_ptr() as usize
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

/// A map keyed by [`Name::addr`] (with anything else hashed as words).
pub type ByAddress<K, V> = HashMap<K, V, BuildHasherDefault<AddrHasher>>;

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.0
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
        n.0.to_string()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        std::ptr::eq(self.0, other.0) || self.0 == other.0
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.0 == other.as_str()
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.0.cmp(other.0)
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
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
    fn names_round_trip_through_serde() {
        let n = Name::new("Opportunity.Margin__c");
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"Opportunity.Margin__c\"");
        let back: Name = serde_json::from_str(&json).unwrap();
        assert!(std::ptr::eq(back.as_str(), n.as_str()));
    }
}
