//! The project a path belongs to, in each layout:
//!
//! 1. **SFDX**: the nearest folder upward holding `sfdx-project.json`; its
//!    `packageDirectories` are the project's package directories.
//! 2. **Metadata API (mdapi)**, when no `sfdx-project.json` is found: a folder holding
//!    `package.xml`. Sources in `src/` (`src/package.xml`) make the folder above `src/`
//!    the root and `src/` the package directory; a `package.xml` elsewhere makes its
//!    folder both. The search goes up to the repository (the first folder holding
//!    `.git`) and prefers the highest `src/package.xml`, so a bundle such as
//!    `unpackaged/config/dev/package.xml` in a legacy CumulusCI checkout belongs to the
//!    project of `src/`.
//! 3. **A plain folder**, with neither: a named folder is the project itself. A named
//!    file belongs to its enclosing metadata root when one is recognisable: the folder
//!    above the nearest metadata-type folder (`profiles/`, `objects/`, `wave/`, ...) on
//!    its path. Otherwise its own folder is the project.

use std::path::{Path, PathBuf};

use crate::error::AppError;

use super::{Layout, Project, read_sfdx_project};

/// Folders the Metadata API names after the types sflint reads. A file below one of them
/// has the folder above it as its metadata root.
const TYPE_FOLDERS: &[&str] = &[
    "profiles",
    "permissionsets",
    "permissionsetgroups",
    "mutingpermissionsets",
    "objects",
    "profileSessionSettings",
    "settings",
    "connectedApps",
    "externalClientApps",
    "extlClntAppOauthPolicies",
    "extlClntAppOauthSettings",
    "wave",
];

/// The project a path belongs to (see the module documentation).
pub fn find_project(path: &Path) -> Result<Project, AppError> {
    let meta = std::fs::metadata(path).map_err(|e| AppError::io(path, &e))?;
    let start = if meta.is_dir() {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    for dir in start.ancestors() {
        let candidate = dir.join("sfdx-project.json");
        if candidate.is_file() {
            return read_sfdx_project(dir, &candidate);
        }
    }
    if let Some(project) = find_mdapi(start) {
        return Ok(project);
    }
    let root = if meta.is_dir() {
        start.to_path_buf()
    } else {
        metadata_root(start).unwrap_or_else(|| start.to_path_buf())
    };
    Ok(Project::plain(root, Layout::Folder))
}

/// The mdapi project `start` lies in, if any.
fn find_mdapi(start: &Path) -> Option<Project> {
    let mut nearest: Option<&Path> = None;
    let mut src_root: Option<&Path> = None;
    for dir in start.ancestors() {
        if dir.join("src").join("package.xml").is_file() {
            src_root = Some(dir);
        }
        if nearest.is_none() && dir.join("package.xml").is_file() {
            nearest = Some(dir);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    if let Some(root) = src_root {
        return Some(Project::mdapi(root.to_path_buf(), root.join("src")));
    }
    nearest.map(|dir| Project::mdapi(dir.to_path_buf(), dir.to_path_buf()))
}

/// The folder above the nearest metadata-type folder holding `dir` (or being it).
fn metadata_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| {
            d.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| TYPE_FOLDERS.contains(&n))
        })
        .and_then(Path::parent)
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_folder_gives_the_metadata_root() {
        let root = metadata_root(Path::new("/x/md/objects/Account/fields"));
        assert_eq!(root, Some(PathBuf::from("/x/md")));
        assert_eq!(metadata_root(Path::new("/x/docs")), None);
    }

    fn tree(tag: &str, files: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sflint-root-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for f in files {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        dir
    }

    #[test]
    fn mdapi_roots() {
        // Legacy CumulusCI: a bundle's package.xml belongs to the project of src/.
        let t = tree(
            "cci",
            &[
                ".git/HEAD",
                "src/package.xml",
                "src/profiles/A.profile",
                "unpackaged/config/dev/package.xml",
                "unpackaged/config/dev/profiles/B.profile",
            ],
        );
        let p = find_project(&t.join("unpackaged/config/dev/profiles/B.profile")).unwrap();
        assert_eq!((p.root.clone(), p.layout), (t.clone(), Layout::Mdapi));
        assert_eq!(p.package_dirs, vec![t.join("src")]);
        let p = find_project(&t.join("src/profiles")).unwrap();
        assert_eq!(p.root, t);
        let p = find_project(&t).unwrap();
        assert_eq!(p.package_dirs, vec![t.join("src")]);
        // A retrieve: package.xml beside the type folders.
        let r = tree(
            "retrieve",
            &[".git/HEAD", "md/package.xml", "md/profiles/A.profile"],
        );
        let p = find_project(&r.join("md/profiles/A.profile")).unwrap();
        assert_eq!(
            (p.root.clone(), p.package_dirs.clone()),
            (r.join("md"), vec![r.join("md")])
        );
        // Neither: a named folder is the project; a named file gets its metadata root.
        let n = tree("none", &[".git/HEAD", "md/objects/Account.object"]);
        let p = find_project(&n.join("md/objects/Account.object")).unwrap();
        assert_eq!((p.root.clone(), p.layout), (n.join("md"), Layout::Folder));
        assert_eq!(
            find_project(&n.join("md/objects")).unwrap().root,
            n.join("md/objects")
        );
        for d in [t, r, n] {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}
