//! `--fix --unsafe-fixes` on real and generated trees: on a copy of `../shared/corpus`
//! (skipped cleanly when absent) and on an org from `examples/gen.rs`. Four things hold:
//! a second run changes nothing (idempotent); every file still parses (no SF001); the
//! bytes outside the reported edits are unchanged; the fixable findings are gone, and no
//! finding appears that was not there before.

mod common;

#[path = "../examples/gen.rs"]
#[allow(dead_code)]
mod generator;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;

type Tree = BTreeMap<PathBuf, Vec<u8>>;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&src, &dst);
        } else if kind.is_file() {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

fn snapshot(root: &Path, dir: &Path, out: &mut Tree) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            snapshot(root, &p, out);
        } else {
            out.insert(
                p.strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(&p).unwrap(),
            );
        }
    }
}

fn tree(root: &Path) -> Tree {
    let mut t = Tree::new();
    snapshot(root, root, &mut t);
    t
}

fn check_json(root: &Path, extra: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["check", "--select", "ALL", "--format", "json"];
    args.extend(extra);
    args.push(".");
    let r = run_in(root, &args);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    (serde_json::from_str(&r.stdout).expect("JSON"), r.stderr)
}

fn diagnostics(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["diagnostics"].as_array().unwrap().clone()
}

/// The byte ranges of every reported fix, by path.
fn edit_ranges(diags: &[serde_json::Value]) -> BTreeMap<PathBuf, Vec<(usize, usize)>> {
    let mut out: BTreeMap<PathBuf, Vec<(usize, usize)>> = BTreeMap::new();
    for fix in diags.iter().map(|d| &d["fix"]).filter(|f| !f.is_null()) {
        let path = PathBuf::from(fix["path"].as_str().unwrap());
        for e in fix["edits"].as_array().unwrap() {
            let (s, e) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            out.entry(path.clone())
                .or_default()
                .push((s as usize, e as usize));
        }
    }
    out
}

/// The parts of `before` outside `ranges` appear in `after`, in order: the first at the
/// start, the last at the end.
fn outside_edits_unchanged(path: &Path, before: &[u8], after: &[u8], ranges: &[(usize, usize)]) {
    let mut ranges = ranges.to_vec();
    ranges.sort_unstable();
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut at = 0;
    for &(s, e) in &ranges {
        if s > at {
            kept.push(&before[at..s]);
        }
        at = at.max(e);
    }
    kept.push(&before[at.min(before.len())..]);
    assert!(
        after.starts_with(kept[0]),
        "{}: the start changed",
        path.display()
    );
    assert!(
        after.ends_with(kept[kept.len() - 1]),
        "{}: the end changed",
        path.display()
    );
    let mut cursor = 0;
    for part in &kept {
        let found = after[cursor..]
            .windows(part.len().max(1))
            .position(|w| part.is_empty() || w == *part);
        let Some(i) = found else {
            panic!("{}: bytes outside the edits changed", path.display());
        };
        cursor += i + part.len();
    }
}

/// Run the four checks on the tree at `root`; returns how many findings were fixable.
fn fix_is_sound(root: &Path) -> usize {
    let before = tree(root);
    let (v, _) = check_json(root, &[]);
    let found = diagnostics(&v);
    let fixable = found.iter().filter(|d| !d["fix"].is_null()).count();
    let ranges = edit_ranges(&found);

    let (_, stderr) = check_json(root, &["--fix", "--unsafe-fixes"]);
    let after = tree(root);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let mut changed = BTreeSet::new();
    for (path, old) in &before {
        let new = &after[path];
        if old != new {
            let r = ranges
                .get(path)
                .unwrap_or_else(|| panic!("{} changed without a reported fix", path.display()));
            outside_edits_unchanged(path, old, new, r);
            changed.insert(path.clone());
        }
    }
    assert_eq!(fixable > 0, !changed.is_empty(), "{stderr}");

    // Idempotent: a second run changes nothing.
    let r = run_in(
        root,
        &["check", "--select", "ALL", "--fix", "--unsafe-fixes", "."],
    );
    assert!(r.stderr.contains("No fixes applied"), "{}", r.stderr);
    assert!(tree(root) == after, "a second --fix run changed files");

    // Still parses, fixable findings gone, nothing new.
    let (v, _) = check_json(root, &[]);
    let left = diagnostics(&v);
    let old: BTreeSet<&str> = found
        .iter()
        .map(|d| d["fingerprint"].as_str().unwrap())
        .collect();
    for d in &left {
        let path = PathBuf::from(d["path"].as_str().unwrap());
        assert!(
            !(d["code"] == "SF001" && changed.contains(&path)),
            "a fixed file no longer parses: {d}"
        );
        assert!(d["fix"].is_null(), "a fixable finding is left: {d}");
        assert!(
            old.contains(d["fingerprint"].as_str().unwrap()),
            "a new finding after the fixes: {d}"
        );
    }
    fixable
}

#[test]
fn fixing_the_corpus_is_idempotent_and_touches_only_the_edits() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let t = TempDir::new("fix-corpus");
    copy_tree(&corpus, t.path());
    let fixable = fix_is_sound(t.path());
    assert!(
        fixable > 0,
        "the corpus has fixable findings (PM002 at least)"
    );
}

#[test]
fn fixing_a_generated_org_is_idempotent_and_touches_only_the_edits() {
    let t = TempDir::new("fix-gen");
    let org = t.path().join("org");
    generator::generate(42, 3 << 20, &org).expect("generates");
    let fixable = fix_is_sound(&org);
    assert!(fixable > 0, "the generated org has fixable findings");
}
