//! A set in the model: in memory, or in the cache and read when first used.
//!
//! A run that names one file (a pre-commit hook) needs the entries of that file's set and
//! of the few sets the cross-file rules look into (an integration user's), not those of
//! every profile of the project. A set whose facts come from the cache is therefore kept
//! as its [`SetHead`] (kind, name, root, files, license and two flags: what finding the
//! sets and choosing among them needs) and a way to read the rest; the first use of its entries reads them. Code
//! that only needs the head asks for [`SetSlot::head`]; everything else sees a
//! [`PermSet`] through `Deref`, so a set is never used half-read.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::perms::{PermSet, SetKind};
use super::read_filter::ReadFilter;
use super::values::{Flag, Loc, Text};
use crate::diagnostic::FileId;

/// What identifies a set, without its entries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetHead {
    pub kind: SetKind,
    /// Full name (file stem, URL-decoded).
    pub name: String,
    /// The root element of the main file.
    pub root: Loc,
    pub files: Vec<FileId>,
    /// Profile `userLicense`, or permission set `license` / legacy `userLicense`.
    pub license: Option<Text>,
    /// The set enables the user permission `ApiUserOnly` (an API-only user's profile).
    pub api_only: bool,
    /// [`PermSet::shows_person_accounts`].
    pub person_accounts: bool,
    /// The set lists at least one `<fieldPermissions>` entry (a profile retrieved without
    /// its objects' fields lists none).
    pub field_permissions: bool,
    /// The fields it may grant read on, kept in its cache entry (none for a set in
    /// memory: its entries say).
    pub reads: Option<ReadFilter>,
}

impl SetHead {
    pub fn of(set: &PermSet) -> SetHead {
        SetHead {
            kind: set.kind,
            name: set.name.clone(),
            root: set.root,
            files: set.files.clone(),
            license: set.license.clone(),
            api_only: set.user_perms.iter().any(|u| {
                u.name.value.eq_ignore_ascii_case("ApiUserOnly") && Flag::is_true(u.enabled)
            }),
            person_accounts: set.shows_person_accounts(),
            field_permissions: !set.fields.is_empty(),
            reads: None,
        }
    }

    /// [`SetHead::of`] with the set's [`ReadFilter`]: the head its cache entry keeps.
    pub fn stored(set: &PermSet) -> SetHead {
        SetHead {
            reads: Some(ReadFilter::of(set)),
            ..SetHead::of(set)
        }
    }
}

/// Reads a set's entries (from the cache, else by parsing its file again).
pub type Loader = Arc<dyn Fn() -> Arc<PermSet> + Send + Sync>;

/// One set of the model. Dereferences to the whole set, reading it on first use.
#[derive(Clone)]
pub struct SetSlot {
    head: SetHead,
    set: OnceLock<Arc<PermSet>>,
    load: Option<Loader>,
}

impl SetSlot {
    /// A set in memory.
    pub fn loaded(set: Arc<PermSet>) -> SetSlot {
        SetSlot {
            head: SetHead::of(&set),
            set: OnceLock::from(set),
            load: None,
        }
    }

    /// A set read by `load` when its entries are first used.
    pub fn lazy(head: SetHead, load: Loader) -> SetSlot {
        SetSlot {
            head,
            set: OnceLock::new(),
            load: Some(load),
        }
    }

    /// What identifies the set ([`SetHead`]), without reading its entries.
    pub fn head(&self) -> &SetHead {
        &self.head
    }

    /// The whole set, when it is in memory already.
    pub fn if_loaded(&self) -> Option<&Arc<PermSet>> {
        self.set.get()
    }

    /// The whole set, read now if it was not.
    pub fn get(&self) -> &Arc<PermSet> {
        self.set.get_or_init(|| match &self.load {
            Some(load) => {
                LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                load()
            }
            // A slot without a loader is made loaded.
            None => Arc::new(PermSet::new(
                self.head.kind,
                self.head.name.clone(),
                self.head.root,
            )),
        })
    }
}

/// How many sets were read from the cache on first use (`SFLINT_TIMINGS`).
pub static LOADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Deref for SetSlot {
    type Target = PermSet;
    fn deref(&self) -> &PermSet {
        self.get()
    }
}

impl fmt::Debug for SetSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.set.get() {
            Some(set) => fmt::Debug::fmt(set, f),
            None => f
                .debug_struct("SetSlot")
                .field("head", &self.head)
                .field("loaded", &false)
                .finish(),
        }
    }
}
