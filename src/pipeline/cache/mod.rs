//! The persistent cache, in the style of ruff's `.ruff_cache`: what the load stage gets
//! from each file (its model facts, SF001 and the file rules' findings, its suppression
//! comments), so a run re-reads only the files that changed. Cross-file rules always run
//! on the whole model; a set's entries are read from its entry when a rule first uses
//! them ([`crate::model::SetSlot`]), so a run naming one file reads few of them.
//!
//! - **Where:** `.sflint_cache/` in the project root (with a `.gitignore` holding `*` and a
//!   `CACHEDIR.TAG`), or the folder `SFLINT_CACHE_DIR` names. Inside it,
//!   `<sflint version>/<key>/` where the key hashes the executable's size and time, the
//!   project root and everything besides a file's bytes that its entry depends on
//!   ([`settings_key`]).
//! - **One entry per file**, named by a hash of its path relative to the root: the
//!   file's size, modification time and a hash of its bytes, then what it contributed
//!   ([`entry`]).
//! - **Trust:** an entry whose size and modification time match the file is used without
//!   reading the file, as ruff does. When only the time differs (a checkout, `touch`), the
//!   file is read and hashed, and the entry is used when the hash matches. An entry
//!   written while its file's time was less than two seconds old is always checked by hash
//!   (a same-size edit within the clock's resolution cannot go unseen).
//! - **Runs:** when every file, the configuration and the context are as in the last run,
//!   its finished findings are reused with their lines and columns ([`run`]): no entry is
//!   read, no rule runs, and no file is read again unless the output shows source lines
//!   or applies fixes. Otherwise the entries of files that are gone are pruned.
//! - **Safety:** entries are written to a temporary file and renamed, so concurrent runs
//!   only ever see whole entries; an entry that does not check out (truncated, corrupt,
//!   another version, another path) is ignored and rewritten.

pub mod cached;
pub mod entry;
pub mod pack;
pub mod run;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::catalog::Setup;
use crate::error::AppError;
use crate::model::ProjectInfo;

/// The cache folder's name in a project root.
pub const DIR: &str = ".sflint_cache";
/// Names the cache folder instead of `<root>/.sflint_cache`.
pub const ENV: &str = "SFLINT_CACHE_DIR";
const TAG: &str = "CACHEDIR.TAG";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This file is a cache directory tag created by sflint.\n\
    # For information about cache directory tags see https://bford.info/cachedir/\n";

/// The cache of one project under one configuration.
#[derive(Debug)]
pub struct Cache {
    /// `<cache dir>/<version>/<key>`: the entries.
    dir: PathBuf,
    /// Entries being stored on threads of their own; joined when the cache is dropped.
    later: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl Drop for Cache {
    fn drop(&mut self) {
        let later = std::mem::take(self.later.get_mut().unwrap_or_else(|e| e.into_inner()));
        for store in later {
            // A store that panicked left at most a temporary file, never a partial entry.
            let _ = store.join();
        }
    }
}

/// The cache folder for a project root: `SFLINT_CACHE_DIR`, else `<root>/.sflint_cache`.
pub fn base_dir(root: &Path) -> PathBuf {
    match std::env::var_os(ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => root.join(DIR),
    }
}

impl Cache {
    /// The cache of the project at `root` (an absolute path), created when missing.
    /// `None` when it cannot be created (a read-only checkout): the run goes on without.
    pub fn open(root: &Path, setup: &Setup, project: &ProjectInfo) -> Option<Cache> {
        let base = base_dir(root);
        prepare(&base).ok()?;
        let key = settings_key(root, setup, project);
        let dir = base
            .join(env!("CARGO_PKG_VERSION"))
            .join(format!("{key:016x}"));
        fs::create_dir_all(&dir).ok()?;
        Some(Cache {
            dir,
            later: Default::default(),
        })
    }

    /// Run `store` on a thread of its own, with a cache of the same folder; the run
    /// goes on, and dropping this cache waits for it. When no thread can be started, the
    /// entry is not stored: the next run parses the file again.
    pub fn store_later(&self, store: impl FnOnce(&Cache) + Send + 'static) {
        let same = self.same_folder();
        if let Ok(handle) = std::thread::Builder::new().spawn(move || store(&same)) {
            self.later
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(handle);
        }
    }

    /// A cache of the same folder, for another thread: what it stores is not waited for
    /// when this one is dropped.
    pub fn same_folder(&self) -> Cache {
        Cache {
            dir: self.dir.clone(),
            later: Default::default(),
        }
    }

    /// Where the entry of the file at `key` (path relative to the root) lives.
    fn entry_path(&self, key: &str) -> PathBuf {
        self.dir.join(entry_name(key))
    }

    /// Remove the entries of files that are no longer in the project (renamed, deleted),
    /// given the keys of those that are. Run entries and other runs' temporary files stay.
    pub fn prune<'k>(&self, live: impl Iterator<Item = &'k str>) {
        let live: std::collections::HashSet<String> = live.map(entry_name).collect();
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in dir.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let is_entry = name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit());
            if is_entry && !live.contains(name) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The file name of the entry of the file at `key`.
fn entry_name(key: &str) -> String {
    format!("{:016x}", crate::diagnostic::stable_hash(&[key]))
}

/// Create the cache folder with its `.gitignore` and `CACHEDIR.TAG`.
fn prepare(base: &Path) -> io::Result<()> {
    fs::create_dir_all(base)?;
    let gitignore = base.join(".gitignore");
    if !gitignore.exists() {
        crate::write_file::replace_unsynced(&gitignore, b"# Created by sflint.\n*\n")?;
    }
    let tag = base.join(TAG);
    if !tag.exists() {
        crate::write_file::replace_unsynced(&tag, TAG_TEXT.as_bytes())?;
    }
    Ok(())
}

/// What an entry depends on besides its file's bytes and path, hashed: the cache's
/// format, the project root, the enabled rules (they decide which file rules ran; a
/// severity does not change a finding until the funnel re-grades it, but `[severity]`
/// lives in sflint.toml, whose whole text is part of the key), sflint.toml and the policy
/// files (suppression comments name rules as the catalog knows them), the project's
/// namespace and dependencies, and `.forceignore` and `sfdx-project.json` (SF007 reads
/// them).
pub fn settings_key(root: &Path, setup: &Setup, project: &ProjectInfo) -> u64 {
    let settings = &setup.settings;
    let mut enabled: Vec<&str> = settings.enabled.iter().map(String::as_str).collect();
    enabled.sort_unstable();
    let read = |name: &str| fs::read(root.join(name)).unwrap_or_default();
    let forceignore = read(crate::forceignore::FILE);
    let sfdx = read("sfdx-project.json");
    let mut parts: Vec<String> = vec![
        entry::FORMAT.to_string(),
        build_stamp().to_string(),
        root.to_string_lossy().into_owned(),
        enabled.join(","),
        settings.config_text.clone().unwrap_or_default(),
        format!("{:?}", project.namespace),
        project.has_dependencies.to_string(),
        String::from_utf8_lossy(&forceignore).into_owned(),
        String::from_utf8_lossy(&sfdx).into_owned(),
    ];
    for source in &setup.policy_sources {
        parts.push(source.path.to_string_lossy().into_owned());
        parts.push(source.text.to_string());
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    crate::diagnostic::stable_hash(&refs)
}

/// The size and modification time of the running executable: another build of the same
/// version (a development build, a reinstall) may extract or check differently, so its
/// entries and stored runs are kept apart. Empty when the executable cannot be found.
fn build_stamp() -> &'static str {
    static STAMP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    STAMP.get_or_init(|| {
        let Some(meta) = std::env::current_exe()
            .ok()
            .and_then(|e| fs::metadata(e).ok())
        else {
            return String::new();
        };
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        format!("{}:{modified}", meta.len())
    })
}

/// `sflint clean`: remove the cache of the projects `paths` belong to, and the folder
/// `SFLINT_CACHE_DIR` names. Only a folder sflint tagged as its cache is removed.
/// Returns the folders removed.
pub fn clean(paths: &[PathBuf], cwd: &Path) -> Result<Vec<PathBuf>, AppError> {
    let mut dirs = Vec::new();
    for path in paths {
        let target = crate::discover::absolute(cwd, path);
        let project = crate::discover::find_project(&target)?;
        dirs.push(project.root.join(DIR));
    }
    if let Some(dir) = std::env::var_os(ENV).filter(|v| !v.is_empty()) {
        dirs.push(crate::discover::absolute(cwd, Path::new(&dir)));
    }
    dirs.sort();
    dirs.dedup();
    let mut removed = Vec::new();
    for dir in dirs {
        if !dir.exists() {
            continue;
        }
        if !dir.join(TAG).is_file() {
            return Err(AppError::Usage(format!(
                "{} is not a cache sflint made (it has no {TAG}); remove it by hand",
                dir.display()
            )));
        }
        fs::remove_dir_all(&dir).map_err(|e| AppError::io(&dir, &e))?;
        removed.push(dir);
    }
    Ok(removed)
}
