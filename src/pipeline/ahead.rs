//! A pre-commit run names a few files, most often ones that changed. Each is looked up in
//! the cache, and read and parsed when it missed, on a thread of its own while the project
//! is walked; the load stage then only digests it under the file id the walk gave it.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crate::discover::{self, Found, Project};
use crate::salesforce::kind::FileKind;

use super::cache::Cache;
use super::cache::cached::Early;
use super::input::Input;

/// The named files being looked up ahead of the walk.
#[derive(Default)]
pub struct Ahead {
    files: Vec<(PathBuf, JoinHandle<Early>)>,
}

/// One named file being looked up ahead.
pub struct AheadFile(JoinHandle<Early>);

impl Ahead {
    /// Look up `files` (named files the project lints, each with its kind) on a thread
    /// each. A file reached through a link that leads outside the project is never read.
    pub fn start(
        cache: &Cache,
        project: &Project,
        files: Vec<(PathBuf, FileKind)>,
        cwd: &Path,
    ) -> Ahead {
        let mut ahead = Ahead::default();
        for (path, kind) in files {
            if discover::link_outside(project, &path).is_some() {
                continue;
            }
            let found = Found {
                path: path.clone(),
                kind,
            };
            let input = Input::from_found(found, cwd, &project.root);
            let cache = cache.same_folder();
            let started = std::thread::Builder::new()
                .name("sflint-ahead".into())
                .spawn(move || Early::probe(&cache, input));
            if let Ok(handle) = started {
                ahead.files.push((path, handle));
            }
        }
        ahead
    }

    /// The file at `path`, when it is being looked up ahead.
    pub fn take(&mut self, path: &Path) -> Option<AheadFile> {
        let at = self.files.iter().position(|(p, _)| p == path)?;
        Some(AheadFile(self.files.swap_remove(at).1))
    }
}

impl Drop for Ahead {
    /// A named file the run did not take (the walk left it out) is waited for: its
    /// thread never outlives the run (it may be storing an entry).
    fn drop(&mut self) {
        for (_, handle) in self.files.drain(..) {
            let _ = handle.join();
        }
    }
}

impl AheadFile {
    /// What the lookup found, once it is done, if it was of the same file as `input` (the
    /// walk may have given the path another kind); `None` if its thread failed.
    pub fn join(self, input: &Input) -> Option<Early> {
        let early = self.0.join().ok()?;
        let same = early.input();
        (same.path == input.path && same.kind == input.kind && same.key == input.key)
            .then_some(early)
    }
}
