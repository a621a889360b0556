//! One file's cache entry: how it is written, read and checked.
//!
//! Layout: `MAGIC`, the header's length (u32, little endian), the header, the body (both
//! bincode). The header says which file the entry is for (its path relative to the root,
//! its kind), its size, modification time and content hash when it was read, and the
//! length and hash of the body and of its first part, the [`Head`]; the body holds what
//! the file contributed, the head then the facts. A run that needs no model reads only the
//! header and the head. File ids are stored relative to the file
//! ([`crate::diagnostic::FileId::scoped`]) and given the file's id of the run that loads
//! them.

use std::fs::{self, File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub use crate::diagnostic::hash64;
use crate::diagnostic::{Diagnostic, FileId};
use crate::model::{Facts, SetHead};
use crate::source::Span;
use crate::suppress::Suppression;

use super::Cache;
use super::pack::Packed;

/// Changes whenever the layout or a stored type changes (with sflint's version in the
/// folder name, a stale format is never read).
pub const FORMAT: &str = "sflint-cache-9";
const MAGIC: &[u8; 8] = b"SFLCACH1";
/// A file modified less than this before it was read may change again within the
/// clock's resolution without its time changing: its entry is checked by hash.
const RACY: Duration = Duration::from_secs(2);
/// An entry whose body is at most this long is read whole when probed (most files: fields,
/// dataflows, small sets): its facts need no second read.
const SMALL: u64 = 64 * 1024;
/// The most room an entry's buffer is given up front (it grows past it if need be).
const MAX_ROOM: usize = 64 << 20;

/// What the load stage got from one file. [`Head`] is its beginning: a run that needs no
/// model (nothing changed, see [`super::run`]) reads only that.
pub struct Body {
    /// Why the file could not be parsed (SF001's message and place).
    pub error: Option<(String, Span)>,
    /// SF001 and the file rules' findings.
    pub diagnostics: Vec<Diagnostic>,
    pub suppressions: Vec<Suppression>,
    pub facts: Facts,
}

/// The first fields of a [`Body`], and the head of the file's set when it is a whole
/// profile, permission set or muting set (its entries are read when first used).
#[derive(Deserialize)]
pub struct Head {
    pub error: Option<(String, Span)>,
    pub diagnostics: Vec<Diagnostic>,
    pub suppressions: Vec<Suppression>,
    pub set: Option<SetHead>,
}

#[derive(Serialize, Deserialize, PartialEq, Eq, Clone, Copy, Debug)]
pub struct Stamp {
    size: u64,
    /// Seconds and nanoseconds since the epoch (0 when the platform has no mtime).
    mtime: (i64, u32),
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        let mtime = meta
            .modified()
            .ok()
            .map_or((0, 0), |t| match t.duration_since(UNIX_EPOCH) {
                Ok(d) => (
                    i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                    d.subsec_nanos(),
                ),
                Err(e) => (
                    -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
                    e.duration().subsec_nanos(),
                ),
            });
        Stamp {
            size: meta.len(),
            mtime,
        }
    }

    /// Modified so recently that a same-size edit could keep this time.
    fn is_racy(&self) -> bool {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        now.saturating_sub(self.mtime.0) <= RACY.as_secs() as i64
    }
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct Header {
    /// The path relative to the project root.
    pub(super) key: String,
    /// The file's kind (`Debug`), as discovery classified it.
    kind: String,
    stamp: Stamp,
    /// Check by hash even when the stamp matches.
    racy: bool,
    content_hash: u64,
    /// The head: the body's first `head_len` bytes, hashed alone.
    head_len: u64,
    head_hash: u64,
    body_len: u64,
    body_hash: u64,
}

impl Header {
    /// Does the file at `path` have the stamp this entry was stored with (and is the
    /// entry not racy)? Then probing it finds the entry without reading the file.
    pub fn stamp_holds(&self, path: &Path) -> bool {
        !self.racy && fs::metadata(path).is_ok_and(|m| Stamp::of(&m) == self.stamp)
    }
}

/// What probing the cache for one file found.
pub enum Probe {
    /// The entry holds for the file as it is; its body is read on demand.
    Hit(Hit),
    /// Parse the file; `bytes` are its contents when the probe had to read them.
    Miss {
        stamp: Option<Stamp>,
        bytes: Option<Vec<u8>>,
    },
}

/// Where an entry's facts are, to read them later ([`Hit::facts_later`]).
#[derive(Clone)]
pub struct FactsAt {
    path: PathBuf,
    body_hash: u64,
}

impl FactsAt {
    /// The facts, with file ids of `id`; `None` when the entry changed since it was probed,
    /// is damaged, or does not deserialize.
    pub fn read(&self, id: FileId) -> Option<Facts> {
        let raw = fs::read(&self.path).ok()?;
        let (header, body_at) = split(&raw)?;
        if header.body_hash != self.body_hash {
            return None;
        }
        let facts = raw[body_at..].get(usize::try_from(header.head_len).ok()?..)?;
        id.scoped(|| bincode::deserialize(facts).ok())
    }
}

/// An entry that holds for its file. Its head has been read and checked; the facts are
/// read (and checked) when asked for.
pub struct Hit {
    /// The entry's header (with the file's stamp as it is now).
    header: Header,
    /// Whether the pack gave it (its entry's file was not opened).
    pub from_pack: bool,
    /// The entry's file.
    path: PathBuf,
    /// The body's hash, to know the entry read for the facts is the one probed.
    body_hash: u64,
    head: Vec<u8>,
    /// The whole body, when it was read with the head (a small entry).
    body: Option<Vec<u8>>,
    /// The hash of the file's bytes.
    pub content_hash: u64,
}

impl Hit {
    /// The whole body, with file ids of `id`; `None` when the entry changed since it was
    /// probed, is damaged, or does not deserialize.
    pub fn body(&self, id: FileId) -> Option<Body> {
        let facts = match &self.body {
            Some(body) if hash64(body) == self.body_hash => {
                id.scoped(|| bincode::deserialize(&body[self.head.len()..]).ok())?
            }
            Some(_) => return None,
            None => self.facts_later().read(id)?,
        };
        let head = self.head(id)?;
        Some(Body {
            error: head.error,
            diagnostics: head.diagnostics,
            suppressions: head.suppressions,
            facts,
        })
    }

    /// A hit read from its entry's file whose entry the pack holds as it is: as good as
    /// one the pack gave (the pack need not be written again for it).
    pub fn note_packed(&mut self, packed: &Packed) {
        if self.header == packed.header && self.head == packed.head {
            self.from_pack = true;
        }
    }

    /// Where the facts are, to read them when needed.
    pub fn facts_later(&self) -> FactsAt {
        FactsAt {
            path: self.path.clone(),
            body_hash: self.body_hash,
        }
    }

    /// The body without the facts.
    pub fn head(&self, id: FileId) -> Option<Head> {
        id.scoped(|| bincode::deserialize(&self.head).ok())
    }

    /// The entry as the pack holds it, taken from the hit.
    pub fn into_packed(self) -> Packed {
        Packed {
            header: self.header,
            head: self.head,
            body: self.body,
        }
    }

    /// The entry as the pack holds it.
    pub fn packed(&self) -> Packed {
        Packed {
            header: self.header.clone(),
            head: self.head.clone(),
            body: self.body.clone(),
        }
    }
}

impl Cache {
    /// Look up the file at `path` (key `key`, kind `kind`): in `packed`, its entry as the
    /// pack holds it, else in its entry's file.
    pub fn probe(&self, path: &Path, key: &str, kind: &str, packed: Option<Packed>) -> Probe {
        let Ok(meta) = fs::metadata(path) else {
            return Probe::Miss {
                stamp: None,
                bytes: None,
            };
        };
        let stamp = Stamp::of(&meta);
        let miss = |bytes| Probe::Miss {
            stamp: Some(stamp),
            bytes,
        };
        let entry_path = self.entry_path(key);
        if let Some(p) = packed {
            let h = &p.header;
            let holds = h.key == key && h.kind == kind && h.stamp == stamp && !h.racy;
            if holds && p.head.len() as u64 == h.head_len && hash64(&p.head) == h.head_hash {
                return Probe::Hit(Hit {
                    from_pack: true,
                    path: entry_path,
                    body_hash: h.body_hash,
                    content_hash: h.content_hash,
                    head: p.head,
                    body: p.body.filter(|b| b.len() as u64 == h.body_len),
                    header: p.header,
                });
            }
        }
        let Some((header, mut file)) = read_header(&entry_path) else {
            return miss(None);
        };
        if header.key != key || header.kind != kind || header.stamp.size != stamp.size {
            return miss(None);
        }
        let (header, head, body) = if header.racy || header.stamp != stamp {
            // The file's bytes first: when they changed, the entry's body is not read.
            let Ok(b) = fs::read(path) else {
                return miss(None);
            };
            let content_hash = hash64(&b);
            if content_hash != header.content_hash {
                return miss(Some(b));
            }
            // Read it all: the entry is kept with the file's new stamp.
            let Ok(raw) = fs::read(&entry_path) else {
                return miss(None);
            };
            let Some((header, body_at)) = split(&raw) else {
                return miss(None);
            };
            if content_hash != header.content_hash {
                return miss(Some(b));
            }
            // The same bytes: trusted by its new stamp from now on, once it is not racy.
            let header = if stamp.is_racy() {
                header
            } else {
                let header = Header {
                    stamp,
                    racy: false,
                    ..header
                };
                write_entry(&entry_path, &header, &raw[body_at..]);
                header
            };
            let body = &raw[body_at..];
            let head = body[..header.head_len as usize].to_vec();
            let small = (header.body_len <= SMALL).then(|| body.to_vec());
            (header, head, small)
        } else if header.body_len <= SMALL {
            // Read whole at once: its facts are then taken from memory, not read again.
            let Some(body) = read_body(&mut file, &header) else {
                return miss(None);
            };
            (
                header.clone(),
                body[..header.head_len as usize].to_vec(),
                Some(body),
            )
        } else {
            let Some(head) = read_head(&mut file, &header) else {
                return miss(None);
            };
            (header.clone(), head, None)
        };
        Probe::Hit(Hit {
            from_pack: false,
            path: entry_path,
            body_hash: header.body_hash,
            head,
            body,
            content_hash: header.content_hash,
            header,
        })
    }

    /// Write the entry of a file read with `stamp` whose bytes hash to `content_hash`:
    /// `head` ([`Head`]'s fields) then `facts`. Failures are ignored: the next run parses
    /// the file again.
    #[allow(clippy::too_many_arguments)]
    pub fn store(
        &self,
        key: &str,
        kind: &str,
        stamp: Stamp,
        content_hash: u64,
        id: FileId,
        head: &impl Serialize,
        facts: &Facts,
    ) {
        // Both serialized into one buffer, each in one pass (not sized by another first),
        // with room for about the file's size: facts take less than the XML they come
        // from, so the buffer seldom moves as it grows.
        let room = usize::try_from(stamp.size).map_or(0, |size| size.min(MAX_ROOM));
        let mut body = Vec::with_capacity(room);
        if id
            .scoped(|| bincode::serialize_into(&mut body, head))
            .is_err()
        {
            return;
        }
        let head_len = body.len() as u64;
        let head_hash = hash64(&body);
        if id
            .scoped(|| bincode::serialize_into(&mut body, facts))
            .is_err()
        {
            return;
        }
        let header = Header {
            key: key.to_string(),
            kind: kind.to_string(),
            stamp,
            racy: stamp.is_racy(),
            content_hash,
            head_len,
            head_hash,
            body_len: body.len() as u64,
            body_hash: hash64(&body),
        };
        write_entry(&self.entry_path(key), &header, &body);
    }
}

/// The header of the entry at `path`, with the file positioned at the body. `None` when
/// there is no entry or its beginning is damaged.
fn read_header(path: &Path) -> Option<(Header, File)> {
    let mut file = File::open(path).ok()?;
    let mut start = [0u8; MAGIC.len() + 4];
    file.read_exact(&mut start).ok()?;
    let (magic, len) = start.split_at(MAGIC.len());
    if magic != MAGIC {
        return None;
    }
    let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
    // A header names one file: anything near this size is damage, not a header.
    if len > 1 << 20 {
        return None;
    }
    let mut bytes = vec![0u8; len];
    file.read_exact(&mut bytes).ok()?;
    let header: Header = bincode::deserialize(&bytes).ok()?;
    let size = file.metadata().ok()?.len();
    (header.head_len <= header.body_len && size == (MAGIC.len() + 4 + len) as u64 + header.body_len)
        .then_some((header, file))
}

/// The body of the entry whose header was just read from `file`, its head checked by its
/// hash (the rest is checked when the facts are used: [`Hit::body`]).
fn read_body(file: &mut File, header: &Header) -> Option<Vec<u8>> {
    let mut body = vec![0u8; usize::try_from(header.body_len).ok()?];
    file.read_exact(&mut body).ok()?;
    let head = body.get(..usize::try_from(header.head_len).ok()?)?;
    (hash64(head) == header.head_hash).then_some(body)
}

/// The head of the entry whose header was just read from `file`, checked by its hash.
fn read_head(file: &mut File, header: &Header) -> Option<Vec<u8>> {
    let mut head = vec![0u8; usize::try_from(header.head_len).ok()?];
    file.read_exact(&mut head).ok()?;
    (hash64(&head) == header.head_hash).then_some(head)
}

/// Write an entry atomically; failures are ignored (the next run parses the file again).
fn write_entry(path: &Path, header: &Header, body: &[u8]) {
    let Ok(header_bytes) = bincode::serialize(header) else {
        return;
    };
    let Ok(header_len) = u32::try_from(header_bytes.len()) else {
        return;
    };
    let mut start = Vec::with_capacity(MAGIC.len() + 4 + header_bytes.len());
    start.extend_from_slice(MAGIC);
    start.extend_from_slice(&header_len.to_le_bytes());
    start.extend_from_slice(&header_bytes);
    let _ = crate::write_file::replace_unsynced_parts(path, &[&start, body]);
}

/// The header of an entry that checks out, and where its body starts.
fn split(raw: &[u8]) -> Option<(Header, usize)> {
    let rest = raw.strip_prefix(MAGIC.as_slice())?;
    let (len, rest) = rest.split_first_chunk::<4>()?;
    let len = u32::from_le_bytes(*len) as usize;
    if len > rest.len() {
        return None;
    }
    let (header, body) = rest.split_at(len);
    let header: Header = bincode::deserialize(header).ok()?;
    (header.body_len == body.len() as u64
        && header.head_len <= header.body_len
        && header.body_hash == hash64(body))
    .then_some((header, raw.len() - body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_entry_does_not_split() {
        assert!(split(b"").is_none());
        assert!(split(b"SFLCACH1\xff\xff\xff\xff").is_none());
        assert!(split(b"not an entry at all").is_none());
    }
}
