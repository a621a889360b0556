//! A set of paths looked up once per file of a project (the files a run names): by their
//! bytes, not by splitting each path into components to hash it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::one_component_per_separator;

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
        if self.bytes.contains(bytes) {
            return true;
        }
        if self.simple && one_component_per_separator(bytes) {
            return false;
        }
        self.paths.contains(path)
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
    }
}
