//! The one definition of "a project file": which metadata files a run lints. The disk
//! walk, the git base (`--base REV`) and `--staged` all ask [`Scope::place`], so a file
//! is in the project for all of them or for none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::GlobSet;

use crate::salesforce::kind::{FileKind, classify};

use super::{DEFAULT_EXCLUDES, Project};

/// Where a file stands for a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Not a metadata file sflint reads.
    NotMetadata,
    /// Below a folder never walked (`.git`, `node_modules`, ...) or matched by `exclude`.
    Excluded,
    /// Metadata outside the package directories, not named and not `include`d: not
    /// linted, and counted in the `files-left-out` note.
    LeftOut(FileKind),
    /// Below a folder with its own `sfdx-project.json` (a nested project, such as
    /// NebulaLogger's `nebula-logger/managed-package`) outside the package directories:
    /// not part of this project, linted as its own project when a named folder holds it.
    Nested(PathBuf),
    /// Linted.
    Linted(FileKind),
}

/// What a run lints in one project: its package directories, user records in `config/`,
/// files matching `include`, and every path named on the command line; minus what
/// [`DEFAULT_EXCLUDES`] and `exclude` leave out.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    pub project: &'a Project,
    exclude: &'a GlobSet,
    include: &'a GlobSet,
    /// Named paths that widen the scope beyond the package directories.
    named: Vec<PathBuf>,
    /// Whether a folder holds its own `sfdx-project.json`, by folder: every file asks
    /// about each of its folders, and a walk visits thousands of files.
    project_files: Arc<Mutex<HashMap<PathBuf, bool>>>,
    /// The nested project root above the files of a folder, by folder.
    nested_roots: Arc<Mutex<HashMap<PathBuf, Option<PathBuf>>>>,
}

impl<'a> Scope<'a> {
    pub fn new(project: &'a Project, exclude: &'a GlobSet, include: &'a GlobSet) -> Self {
        Scope {
            project,
            exclude,
            include,
            named: Vec::new(),
            project_files: Arc::default(),
            nested_roots: Arc::default(),
        }
    }

    /// The same settings for another project (a base folder); no named paths.
    pub fn for_project<'b>(&self, project: &'b Project) -> Scope<'b>
    where
        'a: 'b,
    {
        Scope::new(project, self.exclude, self.include)
    }

    /// Add named paths (absolute). The project root, or a folder above it, names the
    /// project as it is and widens nothing.
    pub fn with_named<'p>(mut self, paths: impl IntoIterator<Item = &'p PathBuf>) -> Self {
        for p in paths {
            if !self.project.root.starts_with(p) && !self.named.contains(p) {
                self.named.push(p.clone());
            }
        }
        self
    }

    /// The path relative to the project root (as given when outside it).
    pub fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.project.root).unwrap_or(path)
    }

    /// Is this path (file or folder) left out by [`DEFAULT_EXCLUDES`] or `exclude`? A
    /// folder excludes everything below it.
    pub fn is_excluded(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        rel.components()
            .any(|c| DEFAULT_EXCLUDES.contains(&c.as_os_str().to_str().unwrap_or("")))
            || matches_or_below(self.exclude, rel)
    }

    /// [`Scope::is_excluded`] for a path whose folder is known not to be (a walk never
    /// enters an excluded folder): its own name, or `exclude` matching it.
    pub fn excludes_walked(&self, path: &Path) -> bool {
        path.file_name()
            .is_some_and(|n| DEFAULT_EXCLUDES.contains(&n.to_str().unwrap_or("")))
            || (!self.exclude.is_empty() && self.exclude.is_match(self.relative(path)))
    }

    /// Was `path` itself named on the command line?
    pub fn is_named(&self, path: &Path) -> bool {
        self.named.iter().any(|n| n == path)
    }

    /// Would a metadata file at `path` be linted (ignoring excludes)?
    pub fn covers(&self, path: &Path) -> bool {
        self.configured(path) || self.named.iter().any(|n| path.starts_with(n))
    }

    /// Is `path` in the project by its configuration: below a package directory, or
    /// matched by `include`?
    fn configured(&self, path: &Path) -> bool {
        self.project
            .package_dirs
            .iter()
            .any(|d| path.starts_with(d))
            || self.included(path)
    }

    /// Does `include` match `path` or a folder holding it?
    fn included(&self, path: &Path) -> bool {
        !self.include.is_empty() && matches_or_below(self.include, self.relative(path))
    }

    /// The highest folder between the project root and `path` that holds its own
    /// `sfdx-project.json`, unless a package directory other than the root (or `include`)
    /// claims the file.
    fn nested_root(&self, path: &Path) -> Option<PathBuf> {
        let root = &self.project.root;
        let claimed = self
            .project
            .package_dirs
            .iter()
            .any(|d| d != root && path.starts_with(d))
            || self.included(path);
        if claimed || !path.starts_with(root) {
            return None;
        }
        let mut known = self.nested_roots.lock().unwrap_or_else(|e| e.into_inner());
        self.nested_above(&mut known, path)
    }

    /// The highest folder holding its own `sfdx-project.json` among the folders of `path`
    /// below the project root (`path` lies below it), by its folder: each folder is
    /// worked out once, from its parent's answer.
    fn nested_above(
        &self,
        known: &mut HashMap<PathBuf, Option<PathBuf>>,
        path: &Path,
    ) -> Option<PathBuf> {
        let folder = path.parent()?;
        if folder == self.project.root {
            return None;
        }
        if let Some(nested) = known.get(folder) {
            return nested.clone();
        }
        let nested = self.nested_above(known, folder).or_else(|| {
            self.holds_project_file(folder)
                .then(|| folder.to_path_buf())
        });
        known.insert(folder.to_path_buf(), nested.clone());
        nested
    }

    /// Is the folder `dir` a nested project's root whose files are all its own, so a walk
    /// of this project need not enter it: the highest folder below the root that holds its
    /// own `sfdx-project.json` (none between the root and it does), which no package
    /// directory other than the root holds or reaches into, no `include` pattern may claim
    /// a file of, and no named path lies inside. Any file below it is then
    /// [`Place::Nested`] under it, or not metadata.
    pub fn is_own_nested_root(&self, dir: &Path) -> bool {
        let root = &self.project.root;
        dir != root
            && dir.starts_with(root)
            && self.include.is_empty()
            && !self
                .project
                .package_dirs
                .iter()
                .any(|d| d != root && (d.starts_with(dir) || dir.starts_with(d)))
            && !self.named.iter().any(|n| n != dir && n.starts_with(dir))
            && self.holds_project_file(dir)
            && {
                let mut known = self.nested_roots.lock().unwrap_or_else(|e| e.into_inner());
                self.nested_above(&mut known, dir).is_none()
            }
    }

    /// Does the folder `dir` hold its own `sfdx-project.json`?
    fn holds_project_file(&self, dir: &Path) -> bool {
        let mut known = self.project_files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&holds) = known.get(dir) {
            return holds;
        }
        let holds = dir.join("sfdx-project.json").is_file();
        known.insert(dir.to_path_buf(), holds);
        holds
    }

    /// Does a component file at `path` belong to this project (for the inventory): not
    /// excluded and not in a nested project?
    pub fn holds_component(&self, path: &Path) -> bool {
        !self.is_excluded(path) && self.holds_walked_component(path)
    }

    /// [`Scope::holds_component`] for a path a walk found (so not excluded).
    pub fn holds_walked_component(&self, path: &Path) -> bool {
        self.nested_root(path).is_none()
    }

    /// Where the file at `path` (absolute) stands.
    pub fn place(&self, path: &Path) -> Place {
        if classify(path).is_some() && self.is_excluded(path) {
            return Place::Excluded;
        }
        self.place_walked(path)
    }

    /// [`Scope::place`] for a path a walk found (so not excluded).
    pub fn place_walked(&self, path: &Path) -> Place {
        let Some(kind) = classify(path) else {
            return Place::NotMetadata;
        };
        if let Some(nested) = self.nested_root(path) {
            return Place::Nested(nested);
        }
        // User records usually live in `config/` at the project root.
        let user_config = matches!(kind, FileKind::UserJson | FileKind::UserManifest)
            && path.starts_with(self.project.root.join("config"));
        if user_config || self.covers(path) {
            Place::Linted(kind)
        } else {
            Place::LeftOut(kind)
        }
    }
}

/// The one project-file predicate: the kind of the file at `path` when the run lints it.
pub fn is_project_file(scope: &Scope<'_>, path: &Path) -> Option<FileKind> {
    match scope.place(path) {
        Place::Linted(kind) => Some(kind),
        _ => None,
    }
}

/// Does `globs` match `rel` or one of the folders holding it?
fn matches_or_below(globs: &GlobSet, rel: &Path) -> bool {
    !globs.is_empty()
        && rel
            .ancestors()
            .any(|a| !a.as_os_str().is_empty() && globs.is_match(a))
}

#[cfg(test)]
mod tests {
    use globset::{Glob, GlobSetBuilder};

    use super::*;
    use crate::discover::Layout;

    fn globs(patterns: &[&str]) -> GlobSet {
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            b.add(Glob::new(p).unwrap());
        }
        b.build().unwrap()
    }

    fn project() -> Project {
        Project {
            root: PathBuf::from("/p"),
            layout: Layout::Sfdx,
            sfdx_project: Some(PathBuf::from("/p/sfdx-project.json")),
            package_dirs: vec![PathBuf::from("/p/force-app")],
            namespace: None,
            has_dependencies: false,
        }
    }

    #[test]
    fn places() {
        let project = project();
        let exclude = globs(&["force-app/legacy"]);
        let include = globs(&["extra/**"]);
        let scope = Scope::new(&project, &exclude, &include);
        let place = |p: &str| scope.place(Path::new(p));
        assert_eq!(
            place("/p/force-app/profiles/A.profile-meta.xml"),
            Place::Linted(FileKind::Profile)
        );
        // A glob that names a folder excludes what is below it.
        assert_eq!(
            place("/p/force-app/legacy/profiles/A.profile-meta.xml"),
            Place::Excluded
        );
        assert_eq!(
            place("/p/node_modules/x/A.profile-meta.xml"),
            Place::Excluded
        );
        assert_eq!(
            place("/p/unpackaged/profiles/A.profile"),
            Place::LeftOut(FileKind::Profile)
        );
        assert_eq!(
            place("/p/extra/profiles/A.profile"),
            Place::Linted(FileKind::Profile)
        );
        assert_eq!(place("/p/force-app/README.md"), Place::NotMetadata);
        // Naming a folder widens the scope; naming the root or above does not.
        let named = [
            PathBuf::from("/p/unpackaged"),
            PathBuf::from("/p"),
            PathBuf::from("/"),
        ];
        let scope = scope.with_named(&named);
        assert_eq!(scope.named, vec![PathBuf::from("/p/unpackaged")]);
        assert!(is_project_file(&scope, Path::new("/p/unpackaged/profiles/A.profile")).is_some());
        assert!(is_project_file(&scope, Path::new("/p/other/profiles/A.profile")).is_none());
    }
}
