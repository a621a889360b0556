//! `.forceignore`: the files the Salesforce CLI leaves out of deploys and retrieves. It
//! uses gitignore syntax (the CLI reads it with the `ignore` npm package), with paths
//! relative to the project root.

use globset::{GlobBuilder, GlobMatcher};

/// The name of the file, at the project root.
pub const FILE: &str = ".forceignore";

/// One pattern line.
#[derive(Debug)]
struct Pattern {
    glob: GlobMatcher,
    negate: bool,
    dir_only: bool,
}

#[derive(Debug, Default)]
pub struct ForceIgnore {
    patterns: Vec<Pattern>,
}

impl ForceIgnore {
    /// Parse the file's text; lines that are no valid glob are skipped.
    pub fn parse(text: &str) -> ForceIgnore {
        let patterns = text
            .lines()
            .filter_map(|line| {
                let line = line.trim_end();
                if line.is_empty() || line.starts_with('#') {
                    return None;
                }
                let (negate, line) = match line.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, line.strip_prefix('\\').unwrap_or(line)),
                };
                let dir_only = line.ends_with('/');
                let line = line.trim_end_matches('/');
                // A slash before the end anchors the pattern at the root; without one it
                // matches at any depth.
                let anchored = line.contains('/');
                let line = line.trim_start_matches('/');
                if line.is_empty() {
                    return None;
                }
                let glob = if anchored || line.starts_with("**") {
                    line.to_string()
                } else {
                    format!("**/{line}")
                };
                let glob = GlobBuilder::new(&glob)
                    .literal_separator(true)
                    .build()
                    .ok()?
                    .compile_matcher();
                Some(Pattern {
                    glob,
                    negate,
                    dir_only,
                })
            })
            .collect();
        ForceIgnore { patterns }
    }

    /// Whether the file at `rel` (relative to the project root, `/`-separated) is ignored:
    /// a folder above it is, or the last pattern matching the file itself ignores it.
    pub fn ignores(&self, rel: &str) -> bool {
        let rel = rel.trim_start_matches('/');
        let mut end = 0;
        // Folders first, shallow to deep: an ignored folder hides everything below it.
        while let Some(i) = rel[end..].find('/') {
            end += i;
            if self.decide(&rel[..end], true) {
                return true;
            }
            end += 1;
        }
        self.decide(rel, false)
    }

    fn decide(&self, path: &str, is_dir: bool) -> bool {
        self.patterns
            .iter()
            .rev()
            .find(|p| (is_dir || !p.dir_only) && p.glob.is_match(path))
            .is_some_and(|p| !p.negate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = "force-app/main/default/users/crma.user-meta.xml";

    fn ignores(text: &str, path: &str) -> bool {
        ForceIgnore::parse(text).ignores(path)
    }

    #[test]
    fn gitignore_forms() {
        assert!(ignores("**/*.user-meta.xml\n", USER));
        assert!(ignores("*.user-meta.xml\n", USER));
        assert!(ignores("users/\n", USER));
        assert!(ignores("users\n", USER));
        assert!(ignores("**/users/**\n", USER));
        assert!(ignores("force-app/main/default/users\n", USER));
        assert!(ignores("/force-app/main/default/users/\n", USER));
        assert!(ignores(&format!("{USER}\n"), USER));
        assert!(ignores("force-app/**/users/*.xml\n", USER));
    }

    #[test]
    fn what_does_not_cover_it() {
        assert!(!ignores("", USER));
        assert!(!ignores("# **/*.user-meta.xml\n", USER));
        assert!(!ignores(
            "**/jsconfig.json\n**/.eslintrc.json\n**/__tests__/**\npackage.xml\n",
            USER
        ));
        // Anchored at the root: `users/` below force-app is another folder.
        assert!(!ignores("/users/\n", USER));
        assert!(!ignores("default/users/\n", USER));
        // A file pattern with a trailing slash matches folders only.
        assert!(!ignores("crma.user-meta.xml/\n", USER));
        // Negation re-includes the file.
        assert!(!ignores("*.xml\n!*.user-meta.xml\n", USER));
        assert!(!ignores("*.user-meta.xml\n!crma.user-meta.xml\n", USER));
    }

    #[test]
    fn an_ignored_folder_hides_its_files_for_good() {
        assert!(ignores("users/\n!crma.user-meta.xml\n", USER));
    }
}
