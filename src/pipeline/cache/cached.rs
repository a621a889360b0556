//! The load stage's side of the cache: each input is probed, then a hit becomes a parsed
//! file without its text or tree (as every file is after the load stage) and a miss is
//! parsed and then stored.

use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileId};
use crate::model::{Facts, PermSet, SetHead, extract};
use crate::parse::{Content, ParsedFile};
use crate::salesforce::kind::full_name;
use crate::source::{SourceFile, Span};
use crate::suppress::Suppression;

use super::super::input::{Input, read_and_parse};
use super::Cache;
use super::entry::{Hit, Probe, Stamp, hash64};
use super::pack::Packed;

/// One input after probing the cache.
pub enum Slot<'a> {
    /// The input, its entry, and where the entry goes again if its facts turn out damaged.
    Hit(Input, Box<Hit>, Pending<'a>),
    /// The input, with its bytes when they could be read, and where its entry goes.
    Miss(Input, Pending<'a>),
    /// Not cached (contents in memory, or no cache).
    Plain(Input),
    /// Digested as soon as it was probed ([`Slot::digest_now`]).
    Digested(Box<Digested>),
}

/// A file digested as soon as it was probed.
pub struct Digested {
    input: Input,
    digest: Digest,
    /// The hash of the file's bytes, when known.
    hash: Option<u64>,
    /// For a hit: its entry as the pack holds it, and whether the pack gave it.
    entry: Option<(Packed, bool)>,
}

/// Where a missed file's entry goes once it is digested.
pub struct Pending<'a> {
    cache: &'a Cache,
    kind: String,
    /// The file's stamp, read before its bytes, and their hash; `None` when unreadable.
    read: Option<(Stamp, u64)>,
    /// Store on a thread of its own while the run goes on ([`Cache::store_later`]).
    later: bool,
}

/// The head as stored: [`super::entry::Head`]'s fields by reference, in its order.
#[derive(Serialize)]
struct HeadRef<'b> {
    error: &'b Option<(String, Span)>,
    diagnostics: &'b [Diagnostic],
    suppressions: &'b [Suppression],
    set: Option<SetHead>,
}

/// The files whose cached facts turned out damaged when a set was read on first use: they
/// were parsed again for the run, and their entries are stored again after it
/// ([`super::super::load::restore`]).
pub type Damaged = Arc<Mutex<Vec<(FileId, Input)>>>;

/// What the load stage keeps of one file.
pub type Digest = (ParsedFile, Facts, Vec<Diagnostic>, Vec<Suppression>);

impl<'a> Slot<'a> {
    /// Probe `cache` for a file read from disk; on a miss its bytes are read (once) so
    /// that what is parsed is what is hashed.
    pub fn probe(cache: Option<&'a Cache>, mut input: Input, packed: Option<Packed>) -> Slot<'a> {
        let Some(cache) = cache.filter(|_| input.bytes.is_none()) else {
            return Slot::Plain(input);
        };
        let kind = input.kind_key();
        match cache.probe(&input.path, &input.key, &kind, packed) {
            Probe::Hit(hit) => Slot::Hit(
                input,
                Box::new(hit),
                Pending {
                    cache,
                    kind,
                    read: None,
                    later: false,
                },
            ),
            Probe::Miss { stamp, bytes } => {
                let read = read_for_store(&mut input, stamp, bytes);
                Slot::Miss(
                    input,
                    Pending {
                        cache,
                        kind,
                        read,
                        later: false,
                    },
                )
            }
        }
    }

    /// The file digested now: from its entry, else parsed (a miss's entry is stored on a
    /// thread of its own). A hit keeps its entry for the pack.
    pub fn digest_now(
        self,
        id: FileId,
        damaged: &Damaged,
        digest: impl FnOnce(Input) -> Digest,
    ) -> Slot<'a> {
        let hash = self.content_hash();
        let input = self.input().copy();
        let (digest, entry) = match self {
            Slot::Digested(_) => return self,
            Slot::Hit(input, hit, pending) => {
                let out = resolve_hit(input, &hit, pending, id, damaged, digest);
                let from_pack = hit.from_pack;
                (out, Some((hit.into_packed(), from_pack)))
            }
            Slot::Miss(input, mut pending) => {
                pending.later = true;
                (
                    Slot::Miss(input, pending).resolve(id, damaged, digest),
                    None,
                )
            }
            plain @ Slot::Plain(_) => (plain.resolve(id, damaged, digest), None),
        };
        Slot::Digested(Box::new(Digested {
            input,
            digest,
            hash,
            entry,
        }))
    }

    /// The file's entry was found and holds.
    pub fn is_hit(&self) -> bool {
        match self {
            Slot::Hit(..) => true,
            Slot::Digested(d) => d.entry.is_some(),
            Slot::Miss(..) | Slot::Plain(_) => false,
        }
    }

    /// The hash of the file's bytes, when known.
    pub fn content_hash(&self) -> Option<u64> {
        match self {
            Slot::Hit(_, hit, _) => Some(hit.content_hash),
            Slot::Miss(_, pending) => pending.read.map(|(_, h)| h),
            Slot::Digested(d) => d.hash,
            Slot::Plain(_) => None,
        }
    }

    /// See [`Hit::note_packed`].
    pub fn note_packed(&mut self, packed: &Packed) {
        if let Slot::Hit(_, hit, _) = self {
            hit.note_packed(packed);
        }
    }

    /// For a hit, whether the pack gave it.
    pub fn hit_from_pack(&self) -> Option<bool> {
        match self {
            Slot::Hit(_, hit, _) => Some(hit.from_pack),
            Slot::Digested(d) => d.entry.as_ref().map(|(_, from_pack)| *from_pack),
            Slot::Miss(..) | Slot::Plain(_) => None,
        }
    }

    /// The entry as the pack holds it, for a hit.
    pub fn packed(&self) -> Option<Packed> {
        match self {
            Slot::Hit(_, hit, _) => Some(hit.packed()),
            Slot::Digested(d) => d.entry.as_ref().map(|(packed, _)| packed.clone()),
            Slot::Miss(..) | Slot::Plain(_) => None,
        }
    }

    pub fn input(&self) -> &Input {
        match self {
            Slot::Hit(input, ..) | Slot::Miss(input, _) | Slot::Plain(input) => input,
            Slot::Digested(d) => &d.input,
        }
    }

    pub fn into_input(self) -> Input {
        match self {
            Slot::Hit(input, ..) | Slot::Miss(input, _) | Slot::Plain(input) => input,
            Slot::Digested(d) => d.input,
        }
    }

    /// What the file gives: from its entry (a set's entries are read on first use), else
    /// from `digest`, stored on a miss.
    pub fn resolve(
        self,
        id: FileId,
        damaged: &Damaged,
        digest: impl FnOnce(Input) -> Digest,
    ) -> Digest {
        match self {
            Slot::Hit(input, hit, pending) => {
                resolve_hit(input, &hit, pending, id, damaged, digest)
            }
            Slot::Miss(input, pending) => {
                let key = input.key.clone();
                let t = crate::timings::start_over(1.0, || format!("parse {}", input.display));
                let out = digest(input);
                drop(t);
                let _t = crate::timings::start_over(1.0, || format!("store {key}"));
                pending.store(id, &key, &out);
                out
            }
            Slot::Plain(input) => digest(input),
            Slot::Digested(d) => d.digest,
        }
    }
}

/// What a hit gives: from its entry (a set's entries are read on first use); parsed and
/// stored again when its body turned out damaged since the probe.
fn resolve_hit(
    input: Input,
    hit: &Hit,
    pending: Pending<'_>,
    id: FileId,
    damaged: &Damaged,
    digest: impl FnOnce(Input) -> Digest,
) -> Digest {
    let _t = crate::timings::start_over(1.0, || format!("cached {}", input.display));
    if let Some(head) = hit.head(id).filter(|h| h.set.is_some()) {
        let set = head.set.unwrap_or_else(|| unreachable!("filtered"));
        let load = lazy_set(hit, id, &input, &set, damaged);
        let file = released(id, input, head.error);
        return (
            file,
            Facts::LazySet(set, load),
            head.diagnostics,
            head.suppressions,
        );
    }
    match hit.body(id) {
        Some(b) => (
            released(id, input, b.error),
            b.facts,
            b.diagnostics,
            b.suppressions,
        ),
        // Damaged since the probe (only the head is checked then): parsed, and stored
        // again.
        None => reparse(input, pending).resolve(id, damaged, digest),
    }
}

/// Read a cached set's entries when first used: from its entry, else (damaged since the
/// probe) by parsing the file again, which `damaged` notes so its entry is stored again.
fn lazy_set(
    hit: &super::entry::Hit,
    id: FileId,
    input: &Input,
    head: &SetHead,
    damaged: &Damaged,
) -> crate::model::Loader {
    let at = hit.facts_later();
    let input = input.copy();
    let head = head.clone();
    let damaged = Arc::clone(damaged);
    Arc::new(move || {
        if let Some(Facts::Set(set)) = at.read(id) {
            return set;
        }
        damaged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((id, input.copy()));
        match extract(&read_and_parse(id, input.copy())) {
            Facts::Set(set) => set,
            // No longer a set (the file changed kind or went away since the probe).
            _ => Arc::new(PermSet::new(head.kind, head.name.clone(), head.root)),
        }
    })
}

/// Parse a file whose cached facts turned out damaged, and store its entry again.
pub fn restore(cache: &Cache, id: FileId, input: Input, digest: impl FnOnce(Input) -> Digest) {
    let pending = Pending {
        cache,
        kind: input.kind_key(),
        read: None,
        later: false,
    };
    reparse(input, pending).resolve(id, &Damaged::default(), digest);
}

/// A file whose entry turned out damaged, as a miss: read again (stamp first) to be parsed
/// and stored where `pending` says.
fn reparse<'a>(mut input: Input, pending: Pending<'a>) -> Slot<'a> {
    let stamp = std::fs::metadata(&input.path).ok().map(|m| Stamp::of(&m));
    let read = read_for_store(&mut input, stamp, None);
    Slot::Miss(input, Pending { read, ..pending })
}

/// Give a missed input its text (decoded from `bytes` when the probe read them, else read
/// now, after its `stamp` was taken) so that what is parsed is what is hashed; the stamp
/// and hash its entry is stored under, `None` when it can't be read.
fn read_for_store(
    input: &mut Input,
    stamp: Option<Stamp>,
    bytes: Option<Vec<u8>>,
) -> Option<(Stamp, u64)> {
    let stamp = stamp?;
    // The text is decoded from the bytes hashed (read once, into the thread's buffer).
    let (text, error, hash) = match bytes {
        Some(b) => {
            let hash = hash64(&b);
            let (text, error) = crate::source::text::owned(b);
            (text, error, hash)
        }
        None => crate::source::text::read_reused_seen(&input.path, hash64).ok()?,
    };
    input.text = Some((text, error));
    Some((stamp, hash))
}

/// The parsed file of a hit: its text and tree are not read.
fn released(id: FileId, input: Input, error: Option<(String, Span)>) -> ParsedFile {
    let name = full_name(&input.path, &input.kind);
    let source = SourceFile::new(input.path, input.display, "")
        .with_key(input.key)
        .released();
    ParsedFile {
        id,
        kind: input.kind,
        name,
        source: Arc::new(source),
        content: Content::Released,
        error,
    }
}

/// A named file looked up while the project is walked, before the walk gives it its
/// file id: a hit, or a miss read and parsed (its tree holds no file id; the id is set
/// when the file is digested, see [`Early::into_slot`]).
pub enum Early {
    Hit(Input, Box<Hit>),
    Parsed {
        /// The input, without its text (the parsed file holds it).
        input: Input,
        /// The file's stamp, read before its bytes, and their hash.
        read: Option<(Stamp, u64)>,
        file: ParsedFile,
    },
}

impl Early {
    /// Look `input` up in `cache` (its entry, not the pack), reading and parsing it on a
    /// miss. Its file id is not known yet: the parsed file's id is set later.
    pub fn probe(cache: &Cache, mut input: Input) -> Early {
        let kind = input.kind_key();
        match cache.probe(&input.path, &input.key, &kind, None) {
            Probe::Hit(hit) => Early::Hit(input, Box::new(hit)),
            Probe::Miss { stamp, bytes } => {
                // Read into memory of its own, not this short-lived thread's buffer (a
                // text kept from that buffer is copied out of it).
                let bytes = bytes.or_else(|| std::fs::read(&input.path).ok());
                let read = read_for_store(&mut input, stamp, bytes);
                let copy = input.copy();
                let _t = crate::timings::start(|| format!("parse ahead {}", input.display));
                let file = read_and_parse(FileId::NOT_YET, input);
                Early::Parsed {
                    input: copy,
                    read,
                    file,
                }
            }
        }
    }

    pub fn input(&self) -> &Input {
        match self {
            Early::Hit(input, _) | Early::Parsed { input, .. } => input,
        }
    }

    /// The slot of the file with id `id`: a hit as [`Slot::probe`] gives it; a miss
    /// digested by `digest` (given the parsed file, its id set) and stored on a thread of
    /// its own.
    pub fn into_slot(
        self,
        cache: &Cache,
        id: FileId,
        digest: impl FnOnce(ParsedFile) -> Digest,
    ) -> Slot<'_> {
        match self {
            Early::Hit(input, hit) => {
                let kind = input.kind_key();
                Slot::Hit(
                    input,
                    hit,
                    Pending {
                        cache,
                        kind,
                        read: None,
                        later: false,
                    },
                )
            }
            Early::Parsed {
                input,
                read,
                mut file,
            } => {
                // A miss digested now, from the tree parsed already.
                file.id = id;
                let pending = Pending {
                    cache,
                    kind: input.kind_key(),
                    read,
                    later: true,
                };
                Slot::Miss(input, pending).digest_now(id, &Damaged::default(), |_| digest(file))
            }
        }
    }
}

impl Slot<'_> {
    /// A miss is stored on a thread of its own while the run goes on (a run that parses
    /// a few files waits on nothing for their entries).
    pub fn store_later(&mut self) {
        if let Slot::Miss(_, pending) = self {
            pending.later = true;
        }
    }
}

impl Pending<'_> {
    /// Store what the file gave (nothing when it could not be read).
    fn store(&self, id: FileId, key: &str, (file, facts, diagnostics, suppressions): &Digest) {
        let Some((stamp, hash)) = self.read else {
            return;
        };
        if self.later {
            let (key, kind) = (key.to_string(), self.kind.clone());
            let (error, facts) = (file.error.clone(), facts.clone());
            let (diagnostics, suppressions) = (diagnostics.clone(), suppressions.clone());
            self.cache.store_later(move |cache| {
                let head = HeadRef::of(&error, &diagnostics, &suppressions, &facts);
                cache.store(&key, &kind, stamp, hash, id, &head, &facts);
            });
        } else {
            let head = HeadRef::of(&file.error, diagnostics, suppressions, facts);
            self.cache
                .store(key, &self.kind, stamp, hash, id, &head, facts);
        }
    }
}

impl<'b> HeadRef<'b> {
    fn of(
        error: &'b Option<(String, Span)>,
        diagnostics: &'b [Diagnostic],
        suppressions: &'b [Suppression],
        facts: &Facts,
    ) -> HeadRef<'b> {
        HeadRef {
            error,
            diagnostics,
            suppressions,
            set: match facts {
                Facts::Set(set) => Some(SetHead::stored(set)),
                _ => None,
            },
        }
    }
}
