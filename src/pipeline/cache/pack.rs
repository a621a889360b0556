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
    pub head: Vec<u8>,
    pub body: Option<Vec<u8>>,
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
