//! The per-file pass: parse a file, take what the model needs from it, run the rules that
//! need one file only, collect its suppression comments, then drop its element tree. The
//! trees never all live at once, so memory holds the texts and the model, not a DOM.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::catalog::{Catalog, Setup};
use crate::diagnostic::{Diagnostic, FileId};
use crate::files::IdBlock;
use crate::model::{Model, ProjectInfo, extract};
use crate::parse::{Content, ParsedFile};
use crate::rules::{Rule, Sink, sf};
use crate::salesforce::kind::FileKind;
use crate::suppress::{self, Suppression};

use super::ahead::{Ahead, AheadFile};
use super::cache::Cache;
use super::cache::cached::{self, Damaged, Digest, Slot};
use super::cache::pack::Packed;
use super::input::{Input, parse_error, read_and_parse};

pub struct Pass {
    /// The files, without their trees (`content` is `Released`).
    pub files: Vec<ParsedFile>,
    pub model: Model,
    /// SF001 and the file rules' findings.
    pub diagnostics: Vec<Diagnostic>,
    pub suppressions: Vec<Suppression>,
    /// Sets from the cache whose facts turned out damaged when first read: their entries
    /// are stored again by [`restore`] once the rules ran.
    pub damaged: Damaged,
}

/// Read, parse and digest the inputs in parallel; the `i`-th input gets `ids.id(i)`. With a
/// cache, files read from disk are looked up first and stored after.
pub fn run(
    inputs: Vec<Input>,
    ids: IdBlock,
    project: ProjectInfo,
    setup: &Setup,
    release_texts: bool,
    cache: Option<&Cache>,
) -> Pass {
    probe(inputs, ids, cache, None).finish(project, setup, |_| release_texts)
}

/// The inputs after looking each up in the cache.
pub struct Probed<'c> {
    slots: Vec<Slot<'c>>,
    ids: IdBlock,
    /// Sets whose cached facts turned out damaged (see [`Pass::damaged`]).
    damaged: Damaged,
    /// The pack is written again in this run (see [`Probed::writes_pack`]).
    writes_pack: bool,
}

/// The files named one by one (a pre-commit hook's changed files): `named` tells them,
/// and `project` and `setup` digest them.
pub struct Named<'n> {
    pub named: &'n (dyn Fn(&std::path::Path) -> bool + Sync),
    pub project: &'n ProjectInfo,
    pub setup: &'n Setup,
    /// The named files looked up while the project was walked.
    pub ahead: Ahead,
}

/// Look the inputs up in the cache, in parallel (stat, then the packed entry, else read
/// the entry and check it). When the pack did not give every hit, or holds files that are
/// gone, it is written again on a thread of its own.
///
/// The `named` files are probed first. When they are few ([`STORE_LATER_MAX`]), one that
/// missed is parsed and digested at once (a file that missed is parsed in any case; its
/// entry is stored on a thread of its own), and from then on, since the run cannot be
/// reused whole, the other workers take each hit's facts from the cache as they look it
/// up, while the changed file is parsed.
pub fn probe<'c>(
    inputs: Vec<Input>,
    ids: IdBlock,
    cache: Option<&'c Cache>,
    mut named: Option<Named<'_>>,
) -> Probed<'c> {
    let mut early = named
        .as_mut()
        .map(|n| std::mem::take(&mut n.ahead))
        .unwrap_or_default();
    let first = |path: &std::path::Path| named.as_ref().is_some_and(|n| (n.named)(path));
    let named_count = inputs.iter().filter(|input| first(&input.path)).count();
    let digester = named
        .as_ref()
        .filter(|_| cache.is_some() && named_count <= STORE_LATER_MAX)
        .map(|n| Digester::new(n.setup, n.project));
    // With a digester the named files go ahead on a worker of their own, while the pack
    // is read and the others are looked up.
    let (ahead, rest): (Numbered, Numbered) = inputs
        .into_iter()
        .enumerate()
        .partition(|(_, input)| digester.is_some() && first(&input.path));
    // Each with its lookup ahead of the walk, if it had one.
    let ahead: Vec<(usize, Input, Option<AheadFile>)> = ahead
        .into_iter()
        .map(|(i, input)| {
            let early = early.take(&input.path);
            (i, input, early)
        })
        .collect();
    let ahead_keys: Vec<(String, std::path::PathBuf)> = ahead
        .iter()
        .map(|(_, input, _)| (input.key.clone(), input.path.clone()))
        .collect();
    let damaged = Damaged::default();
    // A named file changed: every file is digested in this run, and the workers take the
    // hits' facts from the cache as they look them up (while the changed file is parsed).
    let missed = AtomicBool::new(false);
    let digest_now = |i: usize, slot: Slot<'c>| match &digester {
        Some(digester) => {
            let id = ids.id(i);
            slot.digest_now(id, &damaged, |input| digester.digest(id, input))
        }
        None => slot,
    };
    let (ahead, (pack, ahead_packed, rest)) = rayon::join(
        || {
            ahead
                .into_par_iter()
                .with_max_len(1)
                .map(|(i, input, early)| {
                    let early = early.and_then(|e| e.join(&input)).zip(cache);
                    let slot = match (early, &digester) {
                        (Some((early, cache)), Some(digester)) => {
                            early.into_slot(cache, ids.id(i), |file| digester.digest_parsed(file))
                        }
                        _ => Slot::probe(cache, input, None),
                    };
                    // A named file that changed: the run cannot be reused whole.
                    if matches!(slot, Slot::Miss(..) | Slot::Digested(..)) {
                        missed.store(true, Ordering::Relaxed);
                    }
                    match slot {
                        Slot::Miss(..) => (i, digest_now(i, slot)),
                        _ => (i, slot),
                    }
                })
                .collect::<Vec<_>>()
        },
        || {
            let mut pack = cache.map(Cache::load_pack).unwrap_or_default();
            // The named files' packed entries: a named file whose stamp is not the one
            // its entry holds changed (it is parsed unless its bytes turn out the same).
            let ahead_packed: Vec<Option<Packed>> =
                ahead_keys.iter().map(|(key, _)| pack.take(key)).collect();
            let changed = ahead_packed
                .iter()
                .zip(&ahead_keys)
                .any(|(packed, (_, path))| {
                    packed.as_ref().is_none_or(|p| !p.header.stamp_holds(path))
                });
            if changed {
                missed.store(true, Ordering::Relaxed);
            }
            // Without a digester the files named come first (the others keep their
            // order): in a pre-commit run they are the ones that changed, read while the
            // others are looked up.
            let (mut order, others): (Vec<_>, Vec<_>) = rest
                .into_iter()
                .map(|(i, input)| {
                    let packed = pack.take(&input.key);
                    (i, input, packed)
                })
                .partition(|(_, input, _)| first(&input.path));
            order.extend(others);
            let slots: Vec<(usize, Slot<'c>)> = order
                .into_par_iter()
                .with_max_len(1)
                .map(|(i, input, packed)| {
                    let slot = Slot::probe(cache, input, packed);
                    if matches!(slot, Slot::Hit(..)) && missed.load(Ordering::Relaxed) {
                        return (i, digest_now(i, slot));
                    }
                    (i, slot)
                })
                .collect();
            (pack, ahead_packed, slots)
        },
    );
    let mut slots: Vec<(usize, Slot<'_>)> = ahead;
    // A named file that hit, as its packed entry holds it, does not make the pack stale.
    for ((_, slot), packed) in slots.iter_mut().zip(&ahead_packed) {
        if let Some(packed) = packed {
            slot.note_packed(packed);
        }
    }
    slots.extend(rest);
    slots.sort_unstable_by_key(|(i, _)| *i);
    let slots: Vec<Slot<'_>> = slots.into_iter().map(|(_, slot)| slot).collect();
    let writes_pack = cache.is_some()
        && (pack.is_stale() || slots.iter().any(|s| s.hit_from_pack() == Some(false)));
    if let Some(cache) = cache.filter(|_| writes_pack) {
        let entries: Vec<Packed> = slots.iter().filter_map(Slot::packed).collect();
        cache.store_later(move |cache| cache.store_pack(&entries));
    }
    Probed {
        slots,
        ids,
        damaged,
        writes_pack,
    }
}

/// Inputs with their places in the run's order.
type Numbered = Vec<(usize, Input)>;

/// At most this many parsed files are stored on threads of their own (and looked up
/// ahead of the walk, see [`super::ahead`]).
pub(super) const STORE_LATER_MAX: usize = 4;

impl Probed<'_> {
    /// The keys (paths relative to the root) of the inputs.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.slots.iter().map(|s| s.input().key.as_str())
    }

    /// Is the pack written again in this run: it was missing or damaged, it holds a file
    /// that is gone, or a file's entry was found outside it (stored by an earlier run)?
    pub fn writes_pack(&self) -> bool {
        self.writes_pack
    }

    /// Every input's entry was found and holds (a run with no change).
    pub fn all_hit(&self) -> bool {
        self.slots.iter().all(Slot::is_hit)
    }

    /// The inputs as released files, each with its id, reading no entry: for a run whose
    /// findings are reused whole.
    pub fn into_released(self) -> Vec<(FileId, crate::source::SourceFile)> {
        let ids = self.ids;
        self.slots
            .into_iter()
            .enumerate()
            .map(|(i, slot)| {
                let input = slot.into_input();
                let mut source = crate::source::SourceFile::new(input.path, input.display, "")
                    .with_key(input.key);
                source.released = true;
                (ids.id(i), source)
            })
            .collect()
    }

    /// A hash of every input's path, kind and contents, in order; `None` unless every
    /// input was read from disk with the cache.
    pub fn fingerprint(&self) -> Option<u64> {
        let mut all = Vec::with_capacity(self.slots.len() * 64);
        for slot in &self.slots {
            let input = slot.input();
            all.extend_from_slice(input.key.as_bytes());
            all.push(0);
            all.extend_from_slice(input.kind_key().as_bytes());
            all.push(0);
            all.extend_from_slice(&slot.content_hash()?.to_le_bytes());
        }
        Some(super::cache::entry::hash64(&all))
    }

    /// Parse and digest what the cache did not have and take the rest from the cache, in
    /// parallel, then build the model.
    pub fn finish(
        self,
        project: ProjectInfo,
        setup: &Setup,
        release_text: impl Fn(&std::path::Path) -> bool + Sync,
    ) -> Pass {
        let digester = Digester::new(setup, &project);
        let ids = self.ids;
        let damaged = self.damaged;
        // Files to parse first, then those from the cache: a changed profile is parsed
        // while the other worker reads the cached files, not after them.
        let mut slots: Vec<(usize, Slot<'_>)> = self.slots.into_iter().enumerate().collect();
        // A run that parses a few files (a pre-commit hook) stores their entries on
        // threads of their own while it goes on; a cold run stores on the workers.
        let misses = slots
            .iter()
            .filter(|(_, s)| matches!(s, Slot::Miss(..)))
            .count();
        if misses <= STORE_LATER_MAX {
            slots.iter_mut().for_each(|(_, slot)| slot.store_later());
        }
        // Within each, profiles and permission sets first: they are a project's largest
        // files by far (megabytes against kilobytes), and a large file started last keeps
        // one worker busy while the others wait.
        slots.sort_by_key(|(_, slot)| {
            let set = matches!(
                slot.input().kind,
                FileKind::Profile | FileKind::PermissionSet | FileKind::MutingPermissionSet
            );
            (matches!(slot, Slot::Hit(..)), !set)
        });
        // One task per file, each worker taking the next when it is free, in the order
        // above (see `queue`).
        let results: Vec<(usize, Digest)> = super::queue::map_in_order(slots, |(i, slot)| {
            let id = ids.id(i);
            // A cached file was read from disk (a miss's bytes were read by the probe).
            let from_disk = match &slot {
                Slot::Plain(input) => input.bytes.is_none(),
                Slot::Hit(..) | Slot::Miss(..) | Slot::Digested(..) => true,
            };
            let (mut file, facts, diagnostics, sups) =
                slot.resolve(id, &damaged, |input| digester.digest(id, input));
            file.content = Content::Released;
            // Rules work on the model's spans from here on: release the text of a file
            // that can be read again; the engine re-reads the ones findings point into.
            if from_disk && !file.source.released && release_text(&file.source.path) {
                file.source = std::sync::Arc::new(file.source.released());
            } else {
                keep_text(&mut file);
            }
            (i, (file, facts, diagnostics, sups))
        });
        // Back in file order: the model never depends on scheduling.
        let mut results = results;
        results.sort_unstable_by_key(|(i, _)| *i);
        let mut files = Vec::with_capacity(results.len());
        let mut all_facts = Vec::with_capacity(results.len());
        let mut diagnostics = Vec::new();
        let mut suppressions = Vec::new();
        for (_, (f, fa, d, s)) in results {
            files.push(f);
            all_facts.push(fa);
            diagnostics.extend(d);
            suppressions.extend(s);
        }
        // The few files kept to be reported (a pre-commit run's named files) have their
        // lines indexed while the model is built: their findings are shown by line.
        let named: Vec<&std::sync::Arc<crate::source::SourceFile>> = files
            .iter()
            .map(|f| &f.source)
            .filter(|source| !source.released && !release_text(&source.path))
            .take(STORE_LATER_MAX + 1)
            .collect();
        let _t = crate::timings::start(|| "model".into());
        let (model, ()) = rayon::join(
            || Model::from_facts(all_facts, project),
            || {
                if named.len() <= STORE_LATER_MAX {
                    named.par_iter().for_each(|source| {
                        source.line_start(1);
                    });
                }
            },
        );
        Pass {
            files,
            model,
            diagnostics,
            suppressions,
            damaged,
        }
    }
}

/// Parse again, and store, the files whose cached facts turned out damaged when their sets
/// were first read ([`Pass::damaged`]).
pub fn restore(damaged: &Damaged, cache: &Cache, project: &ProjectInfo, setup: &Setup) {
    let files: Vec<(FileId, super::input::Input)> =
        std::mem::take(&mut *damaged.lock().unwrap_or_else(|e| e.into_inner()));
    if files.is_empty() {
        return;
    }
    let digester = Digester::new(setup, project);
    files.into_par_iter().for_each(|(id, input)| {
        cached::restore(cache, id, input, |input| digester.digest(id, input));
    });
}

/// Digest `inputs` (each with its id in the run's file table) in parallel, keeping each
/// file's text (its tree is dropped): what the language server keeps of each file, so that
/// an edit re-reads only the file edited.
pub fn digest_each(
    inputs: Vec<(FileId, Input)>,
    project: &ProjectInfo,
    setup: &Setup,
) -> Vec<Digest> {
    let digester = Digester::new(setup, project);
    inputs
        .into_par_iter()
        .with_max_len(1)
        .map(|(id, input)| {
            let mut digest = digester.digest(id, input);
            digest.0.content = Content::Released;
            keep_text(&mut digest.0);
            digest
        })
        .collect()
}

/// A file whose text is kept once it is parsed holds it in memory of its own size (it
/// was read into the thread's reused buffer, see [`crate::source::text::read_reused`]).
fn keep_text(file: &mut ParsedFile) {
    if file.source.text.is_reused()
        && let Some(source) = std::sync::Arc::get_mut(&mut file.source)
    {
        source.text = source.text.kept();
    }
}

/// What digesting a file needs: the settings, the project, the enabled rules and the
/// catalog's selector (for suppression comments).
struct Digester<'a> {
    setup: &'a Setup,
    project: &'a ProjectInfo,
    file_rules: Vec<&'static dyn Rule>,
    catalog: Catalog<'a>,
}

impl<'a> Digester<'a> {
    fn new(setup: &'a Setup, project: &'a ProjectInfo) -> Digester<'a> {
        Digester {
            setup,
            project,
            file_rules: setup.enabled_rules(),
            catalog: setup.catalog(),
        }
    }

    /// Parse one file and take what the later stages need from it: its facts, SF001 and
    /// the file rules' findings, its suppression comments.
    fn digest(&self, id: FileId, input: Input) -> Digest {
        self.digest_parsed(read_and_parse(id, input))
    }

    /// [`Digester::digest`] for a file parsed already (its id set). A set is read on one
    /// thread: read in eight parts on two, the parts' names missed each thread's books and
    /// took as long in all (see `interned::books`).
    fn digest_parsed(&self, file: ParsedFile) -> Digest {
        let settings = &self.setup.settings;
        let facts = extract(&file);
        let mut diagnostics = Vec::new();
        if settings.is_enabled(sf::parse_error::META.code) {
            diagnostics.extend(parse_error(&file));
        }
        for rule in &self.file_rules {
            let mut sink = Sink::new(rule.meta());
            rule.check_project_file(settings, self.project, &file, &mut sink);
            diagnostics.append(&mut sink.diagnostics);
        }
        let sups = suppress::collect(&file, &|s: &str| self.catalog.select(s));
        (file, facts, diagnostics, sups)
    }
}
