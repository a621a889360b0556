//! Sets of paths asked about once per file of a project (the files or folders a run
//! names): decided on their bytes, not by splitting each path into components.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{is_under, one_component_per_separator};

/// Paths, looked up as [`Path`]s compare (component by component).
#[derive(Debug, Default)]
pub struct PathSet {
    paths: HashSet<PathBuf>,
    bytes: HashSet<Vec<u8>>,
    /// Every path has one component per separator: then a path that has too and whose
    /// bytes are not in the set is not in it.
    simple: bool,
}

impl PathSet {
    pub fn new(paths: impl IntoIterator<Item = PathBuf>) -> PathSet {
        let paths: HashSet<PathBuf> = paths.into_iter().collect();
        let bytes = paths
            .iter()
            .map(|p| p.as_os_str().as_encoded_bytes().to_vec())
            .collect();
        let simple = paths
            .iter()
            .all(|p| one_component_per_separator(p.as_os_str().as_encoded_bytes()));
        PathSet {
            paths,
            bytes,
            simple,
        }
    }

    pub fn contains(&self, path: &Path) -> bool {
        if self.paths.is_empty() {
            return false;
        }
        let bytes = path.as_os_str().as_encoded_bytes();
        // A pre-commit run names a few files: compared one by one, not hashed.
        let held = if self.bytes.len() <= FEW {
            self.bytes.iter().any(|b| b == bytes)
        } else {
            self.bytes.contains(bytes)
        };
        if held {
            return true;
        }
        if self.simple && one_component_per_separator(bytes) {
            return false;
        }
        self.paths.contains(path)
    }
}

/// Up to this many paths are compared one by one.
const FEW: usize = 8;

/// Paths that others may lie below: [`Prefixes::holds`] is `Path::starts_with` of any of
/// them, told from the bytes when all have one component per separator.
#[derive(Debug, Default)]
pub struct Prefixes {
    paths: Vec<PathBuf>,
    /// Every path is non-empty and has one component per separator.
    simple: bool,
}

impl Prefixes {
    pub fn new(paths: impl IntoIterator<Item = PathBuf>) -> Prefixes {
        let paths: Vec<PathBuf> = paths.into_iter().collect();
        let simple = paths.iter().all(|p| {
            let bytes = p.as_os_str().as_encoded_bytes();
            !bytes.is_empty() && one_component_per_separator(bytes)
        });
        Prefixes { paths, simple }
    }

    /// Does `path` lie below (or at) one of the paths?
    pub fn holds(&self, path: &Path) -> bool {
        let p = path.as_os_str().as_encoded_bytes();
        if self.simple {
            // A path whose bytes start with one of them, up to where a component ends,
            // lies below it (its components start with that path's, which are its
            // parts); when none does, a path spelled with one component per separator
            // too lies below none.
            let below = self.paths.iter().any(|t| {
                let t = t.as_os_str().as_encoded_bytes();
                p.starts_with(t) && (p.len() == t.len() || p[t.len()] == b'/')
            });
            if below || one_component_per_separator(p) {
                return below;
            }
        }
        self.paths.iter().any(|t| is_under(path, t))
    }
}

#[cfg(test)]
mod tests {
    use super::super::walk_tests::SPELLINGS;
    use super::*;

    /// Whatever the spellings, the set finds what a set of `PathBuf`s finds.
    #[test]
    fn agrees_with_a_set_of_paths() {
        for held in SPELLINGS {
            let set = PathSet::new([PathBuf::from(held), PathBuf::from("x/y")]);
            let plain: HashSet<PathBuf> = [PathBuf::from(held), PathBuf::from("x/y")].into();
            for asked in SPELLINGS
                .iter()
                .chain(&["x/y", "x//y", "./x/y", "x/y/", "x/z"])
            {
                assert_eq!(
                    set.contains(Path::new(asked)),
                    plain.contains(Path::new(asked)),
                    "{asked:?} in a set holding {held:?}"
                );
            }
        }
        assert!(!PathSet::default().contains(Path::new("a")));
        // More paths than are compared one by one: looked up by hash.
        let many: Vec<PathBuf> = (0..2 * FEW)
            .map(|i| PathBuf::from(format!("d/{i}")))
            .collect();
        let set = PathSet::new(many.clone());
        assert!(many.iter().all(|p| set.contains(p)));
        assert!(!set.contains(Path::new("d/x")) && set.contains(Path::new("d//3")));
    }

    /// Whatever the spellings, `holds` answers as `Path::starts_with` of any path does.
    #[test]
    fn prefixes_agree_with_path_starts_with() {
        for a in SPELLINGS {
            for b in ["x/y", "a/b", "/a"] {
                let held = [PathBuf::from(a), PathBuf::from(b)];
                let prefixes = Prefixes::new(held.clone());
                for p in SPELLINGS.iter().chain(&["x/y/z", "x/yz", "x//y/z"]) {
                    let p = Path::new(p);
                    assert_eq!(
                        prefixes.holds(p),
                        held.iter().any(|t| p.starts_with(t)),
                        "{p:?} below one of {held:?}"
                    );
                }
            }
        }
        assert!(!Prefixes::default().holds(Path::new("a")));
    }
}
