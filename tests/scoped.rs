//! Naming files (`sflint check path/to/file`) reports exactly what checking the whole
//! project reports in those files, although the rules skip work whose findings could only
//! land in other files. One exception, by design: PM006's "skipped" info counts the
//! entries of the named files only, and sits at the first of them (rules/unknown-reference.md).
//!
//! Checked file by file on every fixture project, with and without the cache, and on a
//! sample of the corpus's files when it is present (`../shared/corpus`).

mod common;

use std::path::Path;

use common::{corpus_repos, fixture_projects, repo_root, run_in};
use serde_json::Value;
use sflint::salesforce::kind::classify;

const SKIPPED: &str = "PM006 skipped for ";

/// The diagnostics of `sflint check --format json TARGET` run in `dir`.
fn diagnostics(dir: &Path, target: &str, cache: bool) -> Vec<Value> {
    let mut args = vec!["check", "--format", "json", target];
    if !cache {
        args.insert(1, "--no-cache");
    }
    let r = run_in(dir, &args);
    assert!(r.code <= 1, "{} {target}: {}", dir.display(), r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

fn is_skipped(d: &Value) -> bool {
    d["message"].as_str().unwrap().starts_with(SKIPPED)
}

/// The type a "skipped" info is about (`Apex classes`).
fn skipped_kind(d: &Value) -> String {
    let m = d["message"].as_str().unwrap();
    m[SKIPPED.len()..].split(':').next().unwrap().to_string()
}

/// `d` with its fix taken out when `drop` is true.
fn without_fix_if(d: &Value, drop: bool) -> Value {
    let mut d = d.clone();
    if drop {
        d["fix"] = Value::Null;
    }
    d
}

/// The metadata files below `dir`, relative to it, sorted.
fn metadata_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.depth() > 0 && e.file_type().is_dir() && name.starts_with('.'))
        })
        .flatten()
        .filter(|e| e.file_type().is_file() && classify(e.path()).is_some())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// Check each of `files` alone in `dir` against the whole project's findings in it.
/// Returns how many findings were compared.
fn check_files_alone(dir: &Path, files: &[String], cache: bool) -> usize {
    let whole = diagnostics(dir, ".", cache);
    let mut compared = 0;
    for file in files {
        let alone = diagnostics(dir, file, cache);
        // Findings in sflint.toml, a policy file or the access matrix are always reported.
        let in_file = |d: &&Value| {
            let path = d["path"].as_str().unwrap();
            path == file || classify(Path::new(path)).is_none()
        };
        // A fix that edits another file is not offered when that file is not named.
        let fix_elsewhere = |d: &Value| {
            d["fix"]["path"]
                .as_str()
                .is_some_and(|p| p != file && classify(Path::new(p)).is_some())
        };
        let want: Vec<&Value> = whole
            .iter()
            .filter(in_file)
            .filter(|d| !is_skipped(d))
            .collect();
        let got: Vec<&Value> = alone.iter().filter(|d| !is_skipped(d)).collect();
        assert_eq!(
            got.len(),
            want.len(),
            "{}: {file} checked alone: {got:#?}\nwhole run: {want:#?}",
            dir.display()
        );
        for (g, w) in got.iter().zip(&want) {
            let drop = fix_elsewhere(w);
            assert_eq!(
                without_fix_if(g, drop),
                without_fix_if(w, drop),
                "{}: {file} checked alone",
                dir.display()
            );
        }
        compared += want.len();
        // Every finding of a run naming one file is in that file (or in a file that is
        // not metadata).
        for d in &alone {
            assert!(in_file(&d), "{}: {file}: {d}", dir.display());
        }
        // A "skipped" info the whole run places in this file is there when the file is
        // named alone, at the same entry (its first entry of that type).
        for d in whole.iter().filter(in_file).filter(|d| is_skipped(d)) {
            let kind = skipped_kind(d);
            let same = alone
                .iter()
                .find(|a| is_skipped(a) && skipped_kind(a) == kind)
                .unwrap_or_else(|| panic!("{}: {file}: no skipped info for {kind}", dir.display()));
            assert_eq!(same["span"], d["span"], "{}: {file}: {kind}", dir.display());
            compared += 1;
        }
    }
    compared
}

/// The metadata files a whole-project run of `dir` lints: those in the package directories
/// (`sfdx-project.json`), else all. Naming a file outside them lints it (with the files
/// left out of the whole run), so it has findings the whole run does not.
fn linted_files(dir: &Path) -> Vec<String> {
    let packages = package_dirs(dir);
    metadata_files(dir)
        .into_iter()
        .filter(|f| packages.is_empty() || packages.iter().any(|p| f.starts_with(p.as_str())))
        .collect()
}

/// The package directories `sfdx-project.json` declares (with a trailing `/`); empty
/// without one.
fn package_dirs(repo: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(repo.join("sfdx-project.json")) else {
        return Vec::new();
    };
    let Ok(v) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    v["packageDirectories"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["path"].as_str())
        .map(|p| format!("{}/", p.trim_start_matches("./").trim_end_matches('/')))
        .collect()
}

#[test]
fn a_file_checked_alone_gets_the_whole_projects_findings_in_it() {
    let mut compared = 0;
    for dir in fixture_projects(&["demo", "lsp", "pm-cumulusci"]) {
        let files = linted_files(&dir);
        compared += check_files_alone(&dir, &files, false);
    }
    // The fixtures are findings-rich: an empty comparison would prove nothing.
    assert!(compared > 100, "{compared}");
}

#[test]
fn with_the_cache_too() {
    let dir = repo_root().join("testdata/demo");
    let files = linted_files(&dir);
    // The whole run fills the cache; each file alone then loads the rest from it.
    let compared = check_files_alone(&dir, &files, true);
    assert!(compared >= 5, "{compared}");
}

#[test]
fn on_the_corpus_when_present() {
    let mut compared = 0;
    for repo in corpus_repos() {
        // Each repository's permission sets, profiles and fields, a few of each kind.
        let files = linted_files(&repo);
        let mut sample: Vec<String> = Vec::new();
        for suffix in [
            ".profile-meta.xml",
            ".permissionset-meta.xml",
            ".field-meta.xml",
            ".profile",
            ".permissionset",
            ".object",
        ] {
            sample.extend(
                files
                    .iter()
                    .filter(|f| f.ends_with(suffix))
                    .take(3)
                    .cloned(),
            );
        }
        if !sample.is_empty() {
            compared += check_files_alone(&repo, &sample, false);
        }
    }
    eprintln!("compared {compared} findings");
}
