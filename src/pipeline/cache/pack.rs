//! The pack: one file holding every entry's header and head, and the whole body of the
//! small ones, so a run looks its files up with one read instead of opening an entry per
//! file. The entries stay the truth: a packed entry is used only when its header says the
//! file has the size and modification time it has now (and is not racy), exactly as the
//! entry itself would be; anything else falls back to the entry's file. A large body is
//! never packed: it is read from the entry's file, checked by its hash, when first used.
//!
//! A run rewrites the pack (on a thread of its own) when one of its hits did not come from
//! it, or it is missing, damaged or holds files that are gone; a miss joins the pack on the
//! run after the one that stored its entry. Layout: `MAGIC`, the hash of the rest, then the packed entries
//! (bincode).

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Cache;
use super::entry::{Header, hash64};

const MAGIC: &[u8; 8] = b"SFLPACK1";
const FILE: &str = "pack";

/// One entry as packed: its header, its head, and its whole body when small.
#[derive(Serialize, Deserialize, Clone)]
pub struct Packed {
    pub header: Header,
    #[serde(with = "bytes")]
    pub head: Vec<u8>,
    #[serde(with = "bytes::optional")]
    pub body: Option<Vec<u8>>,
}

/// Byte vectors read and written as bytes, not one `u8` element at a time (bincode lays
/// both out alike: a length, then the bytes).
mod bytes {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_byte_buf(Visit)
    }

    struct Visit;

    impl serde::de::Visitor<'_> for Visit {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("bytes")
        }

        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }

        fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }
    }

    /// The same for an optional byte vector.
    pub mod optional {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        #[derive(Deserialize)]
        struct Bytes(#[serde(deserialize_with = "super::deserialize")] Vec<u8>);

        pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
            match bytes {
                Some(b) => s.serialize_some(&Borrowed(b)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
            Ok(Option::<Bytes>::deserialize(d)?.map(|b| b.0))
        }

        struct Borrowed<'b>(&'b [u8]);

        impl Serialize for Borrowed<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }
}

/// The packed entries, by key (the file's path relative to the root).
#[derive(Default)]
pub struct Pack {
    entries: HashMap<String, Packed>,
    /// There was no pack, or it did not check out.
    missing: bool,
}

impl Pack {
    /// Take the packed entry of the file at `key`, if any.
    pub fn take(&mut self, key: &str) -> Option<Packed> {
        self.entries.remove(key)
    }

    /// Is the pack to be written again, once every input took its own entry? When it
    /// was missing or damaged, or holds files that are gone.
    pub fn is_stale(&self) -> bool {
        self.missing || !self.entries.is_empty()
    }
}

impl Cache {
    fn pack_path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    /// The pack, or an empty one when there is none or it does not check out.
    pub fn load_pack(&self) -> Pack {
        let read = || -> Option<Vec<Packed>> {
            let raw = fs::read(self.pack_path()).ok()?;
            let rest = raw.strip_prefix(MAGIC.as_slice())?;
            let (hash, body) = rest.split_first_chunk::<8>()?;
            if u64::from_le_bytes(*hash) != hash64(body) {
                return None;
            }
            bincode::deserialize(body).ok()
        };
        let read = read();
        Pack {
            missing: read.is_none(),
            entries: read
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.header.key.clone(), p))
                .collect(),
        }
    }

    /// Replace the pack with `entries` (failures are ignored: the next run opens the
    /// entries one by one and writes it again).
    pub fn store_pack(&self, entries: &[Packed]) {
        let Ok(body) = bincode::serialize(entries) else {
            return;
        };
        let mut out = Vec::with_capacity(16 + body.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&hash64(&body).to_le_bytes());
        out.extend_from_slice(&body);
        let _ = crate::write_file::replace_unsynced(&self.pack_path(), &out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The packed layout is the one a derived `Vec<u8>` has: packs written before read
    /// alike.
    #[test]
    fn bytes_are_laid_out_as_a_vector_of_u8() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Derived(Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>);
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct AsBytes(
            #[serde(with = "bytes")] Vec<u8>,
            #[serde(with = "bytes::optional")] Option<Vec<u8>>,
            #[serde(with = "bytes::optional")] Option<Vec<u8>>,
        );
        let head: Vec<u8> = (0..=255).collect();
        let derived = bincode::serialize(&Derived(head.clone(), Some(vec![1, 2]), None)).unwrap();
        let as_bytes = bincode::serialize(&AsBytes(head.clone(), Some(vec![1, 2]), None)).unwrap();
        assert_eq!(derived, as_bytes);
        let back: AsBytes = bincode::deserialize(&derived).unwrap();
        assert_eq!(back, AsBytes(head, Some(vec![1, 2]), None));
    }
}
