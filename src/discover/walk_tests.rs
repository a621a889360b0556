//! The walk does not enter the folders of nested projects: what it finds is what a walk
//! of every file, each placed on its own by [`Scope::place`], finds.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSetBuilder};
use walkdir::WalkDir;

use super::{Place, Scope, find_project, walk};

fn tree(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sflint-walk-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (f, text) in files {
        let p = dir.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const SFDX: &str = r#"{"packageDirectories":[{"path":"force-app"}]}"#;

#[test]
fn a_walk_that_skips_nested_projects_finds_what_a_walk_of_every_file_finds() {
    let dir = tree(
        "nested",
        &[
            (
                "sfdx-project.json",
                r#"{"packageDirectories":[{"path":"force-app"},{"path":"pkgs/inner"}]}"#,
            ),
            ("force-app/main/default/profiles/Admin.profile-meta.xml", ""),
            // A nested project holding another: the highest is the project.
            ("a/sfdx-project.json", SFDX),
            ("a/force-app/permissionsets/A.permissionset-meta.xml", ""),
            ("a/b/sfdx-project.json", SFDX),
            ("a/b/objects/X__c/fields/F__c.field-meta.xml", ""),
            // No metadata at all (a component is not metadata): not a nested project.
            ("empty/sfdx-project.json", SFDX),
            ("empty/README.md", ""),
            ("z/sfdx-project.json", SFDX),
            ("z/force-app/classes/C.cls", ""),
            // Holds a package directory of the outer project: entered, mixed.
            ("pkgs/sfdx-project.json", SFDX),
            ("pkgs/inner/permissionsets/P.permissionset-meta.xml", ""),
            ("pkgs/other/permissionsets/Q.permissionset-meta.xml", ""),
            // Below a nested project that is entered: its files are that project's.
            ("pkgs/deeper/sfdx-project.json", SFDX),
            ("pkgs/deeper/permissionsets/D.permissionset-meta.xml", ""),
            // Inside a package directory: its files are the outer project's.
            ("force-app/sub/sfdx-project.json", SFDX),
            ("force-app/sub/profiles/S.profile-meta.xml", ""),
            // Only excluded metadata: not a nested project.
            ("excl/sfdx-project.json", SFDX),
            ("excl/permissionsets/E.permissionset-meta.xml", ""),
            // Outside every package directory: left out.
            ("loose/permissionsets/L.permissionset-meta.xml", ""),
            // Below a folder never walked, and a file `exclude` names on its own.
            ("force-app/node_modules/x/profiles/N.profile-meta.xml", ""),
            ("force-app/permissionsets/Skip.permissionset-meta.xml", ""),
            ("force-app/permissionsets/Kept.permissionset-meta.xml", ""),
        ],
    );
    let project = find_project(&dir).unwrap();
    let mut exclude = GlobSetBuilder::new();
    exclude.add(Glob::new("excl/permissionsets").unwrap());
    exclude.add(Glob::new("**/Skip.permissionset-meta.xml").unwrap());
    let (exclude, include) = (
        exclude.build().unwrap(),
        GlobSetBuilder::new().build().unwrap(),
    );
    let scope = Scope::new(&project, &exclude, &include);
    let walked = walk(&scope);

    let (mut found, mut left_out, mut nested) = (Vec::new(), Vec::new(), Vec::<PathBuf>::new());
    for e in WalkDir::new(&project.root).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        match scope.place(e.path()) {
            Place::Linted(_) => found.push(e.into_path()),
            Place::LeftOut(_) => left_out.push(e.into_path()),
            Place::Nested(root) if !nested.contains(&root) => nested.push(root),
            _ => {}
        }
    }
    found.sort();
    let walked_found: Vec<PathBuf> = walked.found.iter().map(|f| f.path.clone()).collect();
    assert_eq!(walked_found, found);
    assert_eq!(walked.left_out, left_out);
    assert_eq!(walked.nested, nested);
    let root = &project.root;
    assert_eq!(nested, [root.join("a"), root.join("pkgs")]);
    let rel = |p: &Path| p.strip_prefix(root).unwrap().to_path_buf();
    assert!(
        found
            .iter()
            .any(|p| rel(p) == Path::new("force-app/sub/profiles/S.profile-meta.xml"))
    );
    assert!(found.iter().any(|p| rel(p).starts_with("pkgs/inner")));
    let named = |name: &str| found.iter().any(|p| p.ends_with(name));
    assert!(named("Kept.permissionset-meta.xml"));
    assert!(!named("Skip.permissionset-meta.xml") && !named("N.profile-meta.xml"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Paths spelled every way `is_under` and `display_path` must take: built by joining,
/// and with `.`, `..`, doubled and trailing separators, absolute and relative.
pub(super) const SPELLINGS: [&str; 38] = [
    "", "/", "a", "a/", "a/b", "a/b/", "a/bc", "a/b/c", "ab/c", "./a/b", "a/./b/c", "a//b/c",
    "a/../b", "/a/b", "/a/bc", "/ab", "a/b/..", "a/b/../c", "a/b/.", "a/b/./c", "a/b/.x", ".",
    "./", "a/b/c/d", "a/x/c", "/a/x", "b", "b/a", "a/b//c", "a//", "./a", ".a/b", "a/.b", "../a",
    "../a/b", "a/b/c/.", "a/..b", "//a",
];

/// `is_under` answers as `Path::starts_with` does, for paths built by joining and for
/// paths spelled otherwise.
#[test]
fn is_under_agrees_with_path_starts_with() {
    for p in SPELLINGS {
        for t in SPELLINGS {
            let (p, t) = (std::path::Path::new(p), std::path::Path::new(t));
            assert_eq!(
                crate::discover::is_under(p, t),
                p.starts_with(t),
                "{p:?} under {t:?}"
            );
        }
    }
}

/// `display_path` shows what `Path::strip_prefix` leaves (the path itself when it is not
/// below), for every spelling.
#[test]
fn display_path_agrees_with_strip_prefix() {
    for p in SPELLINGS {
        for base in SPELLINGS {
            let (p, base) = (std::path::Path::new(p), std::path::Path::new(base));
            let expected = p.strip_prefix(base).unwrap_or(p).to_string_lossy();
            assert_eq!(
                crate::discover::display_path(base, p),
                expected,
                "{p:?} shown from {base:?}"
            );
        }
    }
}

/// Siblings come in the order of their names' bytes, as `sort_by_file_name` gives them,
/// folders among files and names that order otherwise as whole paths.
#[test]
fn the_walk_orders_siblings_by_name() {
    let names = [
        "force-app/permissionsets/b.permissionset-meta.xml",
        "force-app/permissionsets/a.x.permissionset-meta.xml",
        "force-app/permissionsets/A.permissionset-meta.xml",
        "force-app/permissionsets/a-b.permissionset-meta.xml",
        "force-app/permissionsets/a b.permissionset-meta.xml",
        "force-app/permissionsets/\u{e9}.permissionset-meta.xml",
        "force-app/objects/A__c/fields/F.field-meta.xml",
        "force-app/objects/A__c.x/fields/F.field-meta.xml",
        "force-app/objects/A_/fields/F.field-meta.xml",
        "force-app/objects/A/fields/F.field-meta.xml",
        "force-app/objects/A/fields/.F.field-meta.xml",
    ];
    let files: Vec<(&str, &str)> = std::iter::once(("sfdx-project.json", SFDX))
        .chain(names.iter().map(|n| (*n, "")))
        .collect();
    let dir = tree("order", &files);
    let project = find_project(&dir).unwrap();
    let none = GlobSetBuilder::new().build().unwrap();
    let walked = walk(&Scope::new(&project, &none, &none));
    let expected: Vec<PathBuf> = WalkDir::new(project.root.join("force-app"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let walked: Vec<PathBuf> = walked.found.into_iter().map(|f| f.path).collect();
    assert_eq!(walked.len(), names.len(), "{walked:?}");
    assert_eq!(walked, expected);
    let _ = std::fs::remove_dir_all(&dir);
}
