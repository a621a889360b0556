//! The cache (`.sflint_cache`, `SFLINT_CACHE_DIR`): findings are the same with and without
//! it across edits, renames, deletions and additions; damaged entries are rebuilt;
//! concurrent runs are safe; `sflint clean` removes it.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{TempDir, bin, copy_dir, corpus_dir, field_perm, permission_set, profile, repo_root};

const PS: &str = "force-app/main/default/permissionsets";

/// `sflint check ARGS` in `dir` with the cache in `cache` (or `--no-cache`): exit code,
/// stdout and stderr.
fn run_check(dir: &Path, cache: Option<&Path>, args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let mut c = bin();
    c.current_dir(dir).arg("check").args(args);
    match cache {
        Some(cache) => c.env("SFLINT_CACHE_DIR", cache),
        None => c.arg("--no-cache"),
    };
    let out = c.output().expect("runs sflint");
    let code = out.status.code().unwrap_or(-1);
    assert!(code <= 1, "{}", String::from_utf8_lossy(&out.stderr));
    (code, out.stdout, out.stderr)
}

/// `sflint check --format json` in `dir` with the cache in `cache` (or `--no-cache`):
/// exit code and stdout.
fn check(dir: &Path, cache: Option<&Path>, extra: &[&str]) -> (i32, String) {
    let args: Vec<&str> = ["--format", "json"]
        .into_iter()
        .chain(extra.iter().copied())
        .collect();
    let (code, stdout, _) = run_check(dir, cache, &args);
    (code, String::from_utf8_lossy(&stdout).into_owned())
}

/// The uncached result, after checking that a run filling the cache and a run reading it
/// give exactly the same.
fn same_with_and_without(dir: &Path, cache: &Path, step: &str) -> (i32, String) {
    let uncached = check(dir, None, &[]);
    assert_eq!(
        check(dir, Some(cache), &[]),
        uncached,
        "{step}: filling run"
    );
    assert_eq!(check(dir, Some(cache), &[]), uncached, "{step}: warm run");
    uncached
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![cache.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.parent() != Some(cache) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn set_mtime(path: &Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

/// Set the modification time of every file below `dir` to `t`.
fn set_mtimes(dir: &Path, t: SystemTime) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            match e.path() {
                p if p.is_dir() => stack.push(p),
                p => set_mtime(&p, t),
            }
        }
    }
}

fn demo(tag: &str) -> TempDir {
    let t = TempDir::new(tag);
    copy_dir(&repo_root().join("testdata/demo"), t.path());
    t
}

#[test]
fn findings_match_without_cache_across_edit_rename_delete_add() {
    let t = demo("cache-steps");
    let cache = TempDir::new("cache-steps-dir");
    let dir = t.path();
    let first = same_with_and_without(dir, cache.path(), "cold");
    assert!(first.1.contains("\"code\""), "the demo has findings");
    assert!(!entries(cache.path()).is_empty(), "entries were written");

    // Edit: a permission set gains a field editable but not readable (PM001).
    let finance = dir.join(PS).join("Finance_Ops.permissionset-meta.xml");
    let text = std::fs::read_to_string(&finance).unwrap();
    let grant = "    <fieldPermissions>\n        <editable>true</editable>\n        \
        <field>Account.Credit_Score__c</field>\n        <readable>false</readable>\n    \
        </fieldPermissions>\n";
    std::fs::write(
        &finance,
        text.replacen(
            "    <hasActivationRequired>",
            &format!("{grant}    <hasActivationRequired>"),
            1,
        ),
    )
    .unwrap();
    let edited = same_with_and_without(dir, cache.path(), "edit");
    assert_ne!(edited, first, "the edit changes the findings");

    // Rename: the findings move to the new path.
    let renamed = dir.join(PS).join("Finance_Ops2.permissionset-meta.xml");
    std::fs::rename(&finance, &renamed).unwrap();
    let moved = same_with_and_without(dir, cache.path(), "rename");
    assert!(moved.1.contains("Finance_Ops2"));

    // Delete: a field definition other files refer to; its entry goes too.
    let file_entries = |cache: &Path| {
        entries(cache)
            .iter()
            .filter(|e| e.file_name().unwrap().to_string_lossy().len() == 16)
            .count()
    };
    let before_delete = file_entries(cache.path());
    std::fs::remove_file(
        dir.join("force-app/main/default/objects/Account/fields/Credit_Score__c.field-meta.xml"),
    )
    .unwrap();
    same_with_and_without(dir, cache.path(), "delete");
    assert_eq!(
        file_entries(cache.path()),
        before_delete - 1,
        "the deleted file's entry is pruned"
    );

    // Add: a suppressed finding, an unreadable XML file (SF001).
    t.write(
        &format!("{PS}/Added.permissionset-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    \
             <!-- sflint-ignore PM001: ticket SEC-9 -->\n{grant}    <label>Added</label>\n</PermissionSet>\n"
        ),
    );
    t.write(
        &format!("{PS}/Broken.permissionset-meta.xml"),
        "<PermissionSet><label>x</PermissionSet>",
    );
    let added = same_with_and_without(dir, cache.path(), "add");
    assert!(added.1.contains("SF001"));
    assert!(
        added.1.contains("\"suppressed\": 1") || added.1.contains("\"suppressed\":1"),
        "{}",
        added.1
    );

    // Touched without a change (a checkout): the same.
    set_mtime(&renamed, SystemTime::now() + Duration::from_secs(5));
    same_with_and_without(dir, cache.path(), "touch");

    // Another configuration uses other entries.
    let (_, selected) = check(dir, None, &["--select", "PM001"]);
    assert_eq!(
        check(dir, Some(cache.path()), &["--select", "PM001"]).1,
        selected
    );
    assert_eq!(
        check(dir, Some(cache.path()), &["--select", "PM001"]).1,
        selected
    );
    assert_eq!(check(dir, Some(cache.path()), &[]), added);
}

#[test]
fn damaged_entries_are_ignored_and_rebuilt() {
    let t = demo("cache-corrupt");
    let cache = TempDir::new("cache-corrupt-dir");
    let want = same_with_and_without(t.path(), cache.path(), "cold");
    let all = entries(cache.path());
    assert!(all.len() > 5);
    for (i, e) in all.iter().enumerate() {
        let bytes = std::fs::read(e).unwrap();
        let damaged = match i % 4 {
            0 => Vec::new(),
            1 => bytes[..bytes.len() / 2].to_vec(),
            2 => b"garbage that is no entry".to_vec(),
            _ => {
                let mut b = bytes.clone();
                let last = b.len() - 1;
                b[last] ^= 0x55;
                b
            }
        };
        std::fs::write(e, damaged).unwrap();
    }
    assert_eq!(check(t.path(), Some(cache.path()), &[]), want);
    // Rebuilt: every entry is whole again, and trusted.
    for e in entries(cache.path()) {
        let bytes = std::fs::read(&e).unwrap();
        assert!(
            [&b"SFLCACH1"[..], b"SFLRUN03", b"SFLPACK1"]
                .iter()
                .any(|magic| bytes.starts_with(magic)),
            "{}",
            e.display()
        );
    }
    assert_eq!(check(t.path(), Some(cache.path()), &[]), want);
}

/// A run with no change reads only each entry's head; the facts are read, and checked,
/// when a change needs the model. Damaged facts are then parsed again and stored whole.
#[test]
fn damaged_facts_are_caught_when_read_and_rebuilt() {
    let t = demo("cache-facts");
    let cache = TempDir::new("cache-facts-dir");
    // Files modified long ago: their entries are trusted by stamp (a file modified within
    // the clock's resolution is checked by hash, which reads its whole entry).
    let mut stack = vec![t.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            match e.path() {
                p if p.is_dir() => stack.push(p),
                p => set_mtime(&p, SystemTime::now() - Duration::from_secs(3600)),
            }
        }
    }
    let want = same_with_and_without(t.path(), cache.path(), "cold");
    let files: Vec<PathBuf> = entries(cache.path())
        .into_iter()
        .filter(|e| std::fs::read(e).unwrap().starts_with(b"SFLCACH1"))
        .collect();
    assert!(files.len() > 5);
    // The last byte of every file entry is in its facts.
    let mut damaged = Vec::new();
    for e in &files {
        let mut b = std::fs::read(e).unwrap();
        let last = b.len() - 1;
        b[last] ^= 0x55;
        std::fs::write(e, &b).unwrap();
        damaged.push(b);
    }
    // Nothing changed: the stored run and the heads are enough, and the facts not read.
    assert_eq!(check(t.path(), Some(cache.path()), &[]), want);
    for (e, bad) in files.iter().zip(&damaged) {
        assert!(
            &std::fs::read(e).unwrap() == bad,
            "{} untouched",
            e.display()
        );
    }
    // An edit needs every file's facts: the damaged ones are parsed again. (The pack holds
    // a checked copy of small entries: without it, each entry's file is read.)
    let pack = entries(cache.path())
        .into_iter()
        .find(|e| std::fs::read(e).unwrap().starts_with(b"SFLPACK1"))
        .expect("a pack");
    std::fs::remove_file(pack).unwrap();
    let finance = t.path().join(PS).join("Finance_Ops.permissionset-meta.xml");
    let text = std::fs::read_to_string(&finance).unwrap();
    std::fs::write(
        &finance,
        text.replacen("<readable>false<", "<readable>true<", 1),
    )
    .unwrap();
    let uncached = check(t.path(), None, &[]);
    assert_ne!(uncached, want, "the edit changes the findings");
    assert_eq!(check(t.path(), Some(cache.path()), &[]), uncached);
    // ... and stored again, whole.
    for (e, bad) in files.iter().zip(&damaged) {
        let now = std::fs::read(e).unwrap();
        assert!(&now != bad, "{} rebuilt", e.display());
    }
    assert_eq!(check(t.path(), Some(cache.path()), &[]), uncached);
}

/// Like ruff, an entry whose file has the same size and modification time is trusted
/// without reading the file: this is what makes a warm run fast.
#[test]
fn an_unchanged_stamp_is_trusted_without_reading_the_file() {
    let t = demo("cache-trust");
    let cache = TempDir::new("cache-trust-dir");
    let finance = t.path().join(PS).join("Finance_Ops.permissionset-meta.xml");
    let old = SystemTime::now() - Duration::from_secs(3600);
    set_mtime(&finance, old);
    let before = same_with_and_without(t.path(), cache.path(), "cold");
    // The same size, the same time, other contents: `false` becomes `true `.
    let text = std::fs::read_to_string(&finance).unwrap();
    let edited = text.replacen(
        "<readable>false</readable>",
        "<readable>true </readable>",
        1,
    );
    assert_eq!(edited.len(), text.len());
    std::fs::write(&finance, edited).unwrap();
    set_mtime(&finance, old);
    let uncached = check(t.path(), None, &[]);
    assert_ne!(uncached, before, "the edit changes the findings");
    assert_eq!(check(t.path(), Some(cache.path()), &[]), before, "trusted");
    // Any change of the time makes it read and hashed again.
    set_mtime(&finance, old + Duration::from_secs(1));
    assert_eq!(check(t.path(), Some(cache.path()), &[]), uncached);
}

#[test]
fn concurrent_runs_share_a_cache_safely() {
    let t = demo("cache-concurrent");
    let cache = TempDir::new("cache-concurrent-dir");
    let want = check(t.path(), None, &[]);
    for _ in 0..2 {
        let runs: Vec<_> = (0..4)
            .map(|_| {
                let (dir, cache) = (t.path().to_path_buf(), cache.path().to_path_buf());
                std::thread::spawn(move || check(&dir, Some(&cache), &[]))
            })
            .collect();
        for r in runs {
            assert_eq!(r.join().unwrap(), want);
        }
    }
    assert!(
        entries(cache.path())
            .iter()
            .all(|e| !e.to_string_lossy().ends_with(".sflint-tmp")),
        "no temporary file is left"
    );
}

#[test]
fn default_cache_lives_in_the_project_root_and_clean_removes_it() {
    let t = demo("cache-root");
    let run = |args: &[&str]| {
        bin()
            .env_remove("SFLINT_CACHE_DIR")
            .current_dir(t.path())
            .args(args)
            .output()
            .unwrap()
    };
    let dir = t.path().join(".sflint_cache");
    run(&["check", "--no-cache"]);
    assert!(!dir.exists(), "--no-cache writes nothing");
    run(&["check"]);
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    assert!(dir.join("CACHEDIR.TAG").is_file());
    let out = run(&["clean"]);
    assert!(out.status.success());
    assert!(!dir.exists());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Removed"));
    // A folder sflint did not tag is never removed.
    std::fs::create_dir_all(dir.join("mine")).unwrap();
    let out = run(&["clean"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(dir.join("mine").exists());
}

/// The real-world corpus (skipped when absent): the whole corpus read with a cache, and
/// one repository copied and changed step by step.
#[test]
fn corpus_findings_match_without_cache() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let cache = TempDir::new("cache-corpus-dir");
    same_with_and_without(&corpus, cache.path(), "corpus");

    let t = TempDir::new("cache-corpus-copy");
    copy_dir(&corpus.join("SalesforceFoundation__EDA"), t.path());
    let dir = t.path();
    let before = same_with_and_without(dir, cache.path(), "copy");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with("-meta.xml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let pick = |suffix: &str| {
        files
            .iter()
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .cloned()
    };
    // Edit a profile or permission set: grant edit without read on a field.
    if let Some(p) = pick(".permissionset-meta.xml").or_else(|| pick(".profile-meta.xml")) {
        let text = std::fs::read_to_string(&p).unwrap();
        if let Some(at) = text.rfind("</") {
            let grant = "<fieldPermissions><editable>true</editable><field>Account.Cached__c</field><readable>false</readable></fieldPermissions>\n";
            std::fs::write(&p, format!("{}{grant}{}", &text[..at], &text[at..])).unwrap();
        }
        let edited = same_with_and_without(dir, cache.path(), "corpus edit");
        assert_ne!(edited, before);
        let to = p.with_file_name(format!(
            "Renamed_{}",
            p.file_name().unwrap().to_string_lossy()
        ));
        std::fs::rename(&p, &to).unwrap();
        same_with_and_without(dir, cache.path(), "corpus rename");
    }
    if let Some(f) = pick(".field-meta.xml") {
        std::fs::remove_file(&f).unwrap();
        same_with_and_without(dir, cache.path(), "corpus delete");
        std::fs::write(
            f.with_file_name("Added__c.field-meta.xml"),
            "<CustomField><fullName>Added__c</fullName></CustomField>",
        )
        .unwrap();
        same_with_and_without(dir, cache.path(), "corpus add");
    }
}

/// A generated org (`examples/gen.rs`, built by `cargo test` beside the test binaries;
/// skipped when it is not there): the same sequence of changes.
#[test]
fn generated_org_findings_match_without_cache() {
    let exe = std::env::current_exe().unwrap();
    let gen_bin = exe.parent().and_then(Path::parent).map(|d| {
        d.join("examples")
            .join(format!("gen{}", std::env::consts::EXE_SUFFIX))
    });
    let Some(gen_bin) = gen_bin.filter(|p| p.is_file()) else {
        eprintln!("examples/gen is not built: skipped");
        return;
    };
    let t = TempDir::new("cache-gen");
    let org = t.path().join("org");
    let out = std::process::Command::new(&gen_bin)
        .args(["--seed", "7", "--size", "3M", "--out"])
        .arg(&org)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cache = TempDir::new("cache-gen-dir");
    let before = same_with_and_without(&org, cache.path(), "generated");
    assert!(before.1.contains("PM001"), "gen plants findings");
    let pkg = org.join("force-app/main/default");
    let mut profiles: Vec<PathBuf> = std::fs::read_dir(pkg.join("profiles"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    profiles.sort();
    // Edit: every field a profile made readable becomes unreadable.
    let text = std::fs::read_to_string(&profiles[0]).unwrap();
    std::fs::write(
        &profiles[0],
        text.replace("<readable>true</readable>", "<readable>false</readable>"),
    )
    .unwrap();
    let edited = same_with_and_without(&org, cache.path(), "generated edit");
    assert_ne!(edited, before);
    // Rename, delete, add.
    let to = profiles[1].with_file_name("Renamed.profile-meta.xml");
    std::fs::rename(&profiles[1], &to).unwrap();
    same_with_and_without(&org, cache.path(), "generated rename");
    std::fs::remove_file(&profiles[2]).unwrap();
    same_with_and_without(&org, cache.path(), "generated delete");
    std::fs::copy(&to, pkg.join("profiles/Added.profile-meta.xml")).unwrap();
    same_with_and_without(&org, cache.path(), "generated add");
}

/// PM006 reads the components the walk passes, which are not all linted files: adding an
/// Apex class changes its findings, and a warm run must see that.
#[test]
fn a_new_component_that_is_not_linted_is_seen() {
    let t = TempDir::sfdx("cache-components");
    let cache = TempDir::new("cache-components-dir");
    t.write(
        "force-app/main/default/permissionsets/Ops.permissionset-meta.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    \
         <classAccesses>\n        <apexClass>OpsController</apexClass>\n        <enabled>true</enabled>\n    </classAccesses>\n    \
         <label>Ops</label>\n</PermissionSet>\n",
    );
    t.write(
        "force-app/main/default/classes/Other.cls",
        "public class Other {}\n",
    );
    let before = same_with_and_without(t.path(), cache.path(), "missing class");
    t.write(
        "force-app/main/default/classes/OpsController.cls",
        "public class OpsController {}\n",
    );
    let after = same_with_and_without(t.path(), cache.path(), "class added");
    assert_ne!(before, after, "PM006 sees the class: {}", before.1);
}

/// The entry (in `cache`) of the file whose path relative to the root is `key`.
fn entry_of(cache: &Path, key: &str) -> PathBuf {
    entries(cache)
        .into_iter()
        .find(|e| {
            let b = std::fs::read(e).unwrap();
            b.starts_with(b"SFLCACH1")
                && b.windows(key.len()).take(400).any(|w| w == key.as_bytes())
        })
        .unwrap_or_else(|| panic!("no entry for {key}"))
}

/// A run naming one file reads from the cache only the sets the rules use (here the named
/// profile itself): a damaged set it needs is parsed again and stored whole, a set it does
/// not need is not even read.
#[test]
fn a_run_naming_one_file_reads_only_the_sets_it_needs() {
    let t = demo("cache-lazy");
    let cache = TempDir::new("cache-lazy-dir");
    set_mtimes(t.path(), SystemTime::now() - Duration::from_secs(3600));
    same_with_and_without(t.path(), cache.path(), "whole project");
    let profile =
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml";
    let unrelated = format!("{PS}/Finance_Ops.permissionset-meta.xml");
    let (needed, other) = (
        entry_of(cache.path(), profile),
        entry_of(cache.path(), &unrelated),
    );
    let damage = |e: &Path| {
        let mut b = std::fs::read(e).unwrap();
        let last = b.len() - 1;
        b[last] ^= 0x55;
        std::fs::write(e, &b).unwrap();
        b
    };
    let (needed_bad, other_bad) = (damage(&needed), damage(&other));
    let named = [profile];
    let uncached = check(t.path(), None, &named);
    assert!(uncached.1.contains("IU001"), "{}", uncached.1);
    assert_eq!(check(t.path(), Some(cache.path()), &named), uncached);
    assert_ne!(
        std::fs::read(&needed).unwrap(),
        needed_bad,
        "the needed set is stored again"
    );
    assert_eq!(
        std::fs::read(&other).unwrap(),
        other_bad,
        "the unneeded set is not read"
    );
    // Naming the unrelated set reads it: damaged, it is parsed again and stored.
    let set = [unrelated.as_str()];
    let uncached = check(t.path(), None, &set);
    assert_eq!(check(t.path(), Some(cache.path()), &set), uncached);
    assert_ne!(std::fs::read(&other).unwrap(), other_bad);
    assert_eq!(check(t.path(), Some(cache.path()), &set), uncached);
}

/// Entries of files that are gone are removed by a run that writes the pack again (a
/// packed file that is gone makes the pack stale); a run that writes no pack, one naming
/// a changed profile with nothing gone, leaves the cache folder as it is.
#[test]
fn entries_of_gone_files_go_when_the_pack_is_written_again() {
    let t = demo("cache-prune");
    let cache = TempDir::new("cache-prune-dir");
    let dir = t.path();
    // Stamps an hour old: no entry is racy, so the pack holds every file.
    set_mtimes(dir, SystemTime::now() - Duration::from_secs(3600));
    same_with_and_without(dir, cache.path(), "cold");
    let profile =
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml";
    let gone = format!("{PS}/Finance_Ops.permissionset-meta.xml");
    let gone_entry = entry_of(cache.path(), &gone);
    let folder = gone_entry.parent().unwrap().to_path_buf();
    // What a file stored once and deleted before any run packed it leaves behind.
    let stray = folder.join("0123456789abcdef");
    std::fs::write(&stray, b"SFLCACH1").unwrap();

    let text = std::fs::read_to_string(dir.join(profile)).unwrap();
    std::fs::write(dir.join(profile), format!("{text}<!-- edited -->\n")).unwrap();
    let named = [profile];
    assert_eq!(
        check(dir, Some(cache.path()), &named),
        check(dir, None, &named)
    );
    assert!(stray.exists(), "a run that writes no pack prunes nothing");
    assert!(gone_entry.exists());

    std::fs::remove_file(dir.join(&gone)).unwrap();
    same_with_and_without(dir, cache.path(), "delete");
    assert!(!gone_entry.exists(), "the deleted file's entry is pruned");
    assert!(!stray.exists(), "so is an entry no file of the project has");
    // Every other file keeps its entry.
    entry_of(cache.path(), profile);
}

/// A run with no change reuses the last run's finished findings; every output format,
/// and the fixes `--diff` shows, are byte for byte those of a run without the cache
/// (the formats that show no source line take lines and columns from the cache).
#[test]
fn every_output_of_a_reused_run_matches_a_run_without_cache() {
    let t = demo("cache-outputs");
    let cache = TempDir::new("cache-outputs-dir");
    let run = |cache: Option<&Path>, args: &[&str]| run_check(t.path(), cache, args);
    // The uncached output, after checking that a run filling (or not reusing) the cache
    // and a run reusing it give exactly the same.
    let same = |args: &[&str], step: &str| {
        let uncached = run(None, args);
        assert_eq!(run(Some(cache.path()), args), uncached, "{step}: first run");
        assert_eq!(
            run(Some(cache.path()), args),
            uncached,
            "{step}: reused run"
        );
        uncached
    };
    let formats = [
        "text", "concise", "json", "sarif", "github", "gitlab", "junit", "markdown",
    ];
    for format in formats {
        let shown = same(&["--format", format], format);
        assert!(!shown.1.is_empty(), "{format}: the demo has findings");
    }
    // A run entry stored by a run in another format is reused, too.
    let run_entries = entries(cache.path())
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("run-"))
        })
        .count();
    assert_eq!(run_entries, 1, "one context, one run entry");
    let diff = same(&["--diff", "--unsafe-fixes"], "--diff");
    assert!(
        String::from_utf8_lossy(&diff.1).contains("+++"),
        "the demo has fixes"
    );
    // Lines shifted by an edit are shown where they now are, from a run that is not reused.
    let finance = t.path().join(PS).join("Finance_Ops.permissionset-meta.xml");
    let text = std::fs::read_to_string(&finance).unwrap();
    let at = text.find("\n    <").expect("an indented element");
    std::fs::write(&finance, format!("{}\n\n{}", &text[..at], &text[at..])).unwrap();
    for format in ["json", "sarif"] {
        same(&["--format", format], &format!("{format} after an edit"));
    }
}

/// A pre-commit hook names the files that changed: a named file that changed is parsed
/// while the others are looked up, and the cached files are then digested as they are
/// looked up. Whatever changed, named or not, and however many files are named, the
/// findings are those of a run without the cache.
#[test]
fn runs_naming_changed_files_match_runs_without_cache() {
    let t = demo("cache-named");
    let cache = TempDir::new("cache-named-dir");
    let dir = t.path();
    same_with_and_without(dir, cache.path(), "whole project");
    let profile =
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml";
    let finance = format!("{PS}/Finance_Ops.permissionset-meta.xml");
    let extract = format!("{PS}/Analytics_Extract.permissionset-meta.xml");
    let same = |named: &[&str], step: &str| {
        let uncached = check(dir, None, named);
        assert_eq!(check(dir, Some(cache.path()), named), uncached, "{step}");
        assert_eq!(
            check(dir, Some(cache.path()), named),
            uncached,
            "{step}: again"
        );
        uncached
    };
    let replace = |file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} holds {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let before = same(&[profile], "named, unchanged");
    // The named profile loses read on a field its dataflow reads.
    replace(
        profile,
        "<readable>true</readable>",
        "<readable>false</readable>",
    );
    let edited = same(&[profile], "named and changed");
    assert_ne!(edited, before, "the edit changes the findings");
    // Touched without a change: its stamp no longer matches its entry, its bytes do.
    set_mtime(
        &dir.join(profile),
        SystemTime::now() + Duration::from_secs(5),
    );
    assert_eq!(same(&[profile], "named and touched"), edited);
    // A file that is not named changed, the named one did not.
    replace(
        &finance,
        "<readable>true</readable>",
        "<readable>false</readable>",
    );
    same(&[profile], "another file changed");
    // Two named files changed, then more named files than are parsed ahead of the rest.
    replace(
        profile,
        "<readable>false</readable>",
        "<readable>true</readable>",
    );
    replace(
        &extract,
        "<readable>true</readable>",
        "<readable>false</readable>",
    );
    same(&[profile, &extract], "two named files changed");
    replace(
        &extract,
        "<readable>false</readable>",
        "<readable>true</readable>",
    );
    let many = [
        profile,
        finance.as_str(),
        extract.as_str(),
        "force-app/main/default/permissionsetgroups/Analytics_Integration.permissionsetgroup-meta.xml",
        "force-app/main/default/profileSessionSettings/Integration_Session.profileSessionSetting-meta.xml",
    ];
    same(&many, "five named files, one changed");
    // A file deleted while a named file changed: the pack is written again, and keeps the
    // entries of the files whose facts were taken while the named file was parsed.
    let pack_size = || {
        let pack = entries(cache.path())
            .into_iter()
            .find(|e| e.file_name().is_some_and(|n| n == "pack"))
            .expect("the cache has a pack");
        std::fs::metadata(pack).unwrap().len()
    };
    let before = pack_size();
    std::fs::remove_file(
        dir.join("force-app/main/default/objects/Account/fields/Credit_Score__c.field-meta.xml"),
    )
    .unwrap();
    replace(
        profile,
        "<readable>true</readable>",
        "<readable>false</readable>",
    );
    same(&[profile], "a file deleted, a named file changed");
    assert!(
        pack_size() * 10 > before * 7,
        "the pack keeps the other entries: {} bytes, {before} before",
        pack_size()
    );
    // Named twice, and changed: looked up once ahead of the walk.
    replace(
        profile,
        "<readable>false</readable>",
        "<readable>true</readable>",
    );
    same(&[profile, profile], "named twice");
    // A named file that sflint.toml excludes is not linted, though it changed.
    std::fs::write(
        dir.join("sflint.toml"),
        format!("exclude = [\"{}\"]\n", profile),
    )
    .unwrap();
    replace(
        profile,
        "<readable>true</readable>",
        "<readable>false</readable>",
    );
    same(&[profile, &extract], "a named file excluded");
    std::fs::remove_file(dir.join("sflint.toml")).unwrap();
}

/// How many sets a run read from the cache when its rules first used them
/// (`SFLINT_TIMINGS` says), and its JSON output.
fn sets_read(dir: &Path, cache: &Path, named: &[&str]) -> (usize, String) {
    let out = bin()
        .current_dir(dir)
        .env("SFLINT_CACHE_DIR", cache)
        .env("SFLINT_TIMINGS", "1")
        .args(["check", "--format", "json"])
        .args(named)
        .output()
        .expect("runs sflint");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let read = stderr
        .lines()
        .find_map(|l| l.strip_prefix("sflint timing: sets read from the cache on first use: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count of sets read in {stderr}"));
    (read, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A run naming a field file finds a set that grants it through the sets' read filters
/// (PM009 reads that set, not every set); a field no set grants as written is decided by
/// every set, and reported as an uncached run reports it.
#[test]
fn a_run_naming_a_granted_field_reads_the_set_that_grants_it() {
    let t = TempDir::sfdx("cache-filters");
    let cache = TempDir::new("cache-filters-dir");
    let fields = "force-app/main/default/objects/Account/fields";
    let field = |name: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"{}\">\n    <fullName>{name}</fullName>\n    <label>{name}</label>\n    <length>40</length>\n    <type>Text</type>\n</CustomField>\n",
            common::NS
        )
    };
    for name in [
        "Granted__c",
        "Other__c",
        "Nobody__c",
        "Denied__c",
        "Lower__c",
    ] {
        t.write(&format!("{fields}/{name}.field-meta.xml"), field(name));
    }
    // Every set grants Other__c; one grants Granted__c, one denies Denied__c, one grants
    // Lower__c spelled in lower case (which its filter does not hold as written).
    let others = field_perm("Account.Other__c", false, true);
    t.write(
        "force-app/main/default/profiles/Sales.profile-meta.xml",
        profile(&others),
    );
    for (set, extra) in [
        ("A", String::new()),
        ("B", field_perm("Account.Denied__c", false, false)),
        ("C", String::new()),
        ("D", field_perm("account.lower__c", false, true)),
        ("E", field_perm("Account.Granted__c", false, true)),
    ] {
        t.write(
            &format!("{PS}/{set}.permissionset-meta.xml"),
            permission_set(&format!("{others}{extra}")),
        );
    }
    let dir = t.path();
    set_mtimes(dir, SystemTime::now() - Duration::from_secs(3600));
    same_with_and_without(dir, cache.path(), "whole project");
    let path = |name: &str| format!("{fields}/{name}.field-meta.xml");
    let (granted, nobody, denied, lower) = (
        path("Granted__c"),
        path("Nobody__c"),
        path("Denied__c"),
        path("Lower__c"),
    );
    let cases: [(&[&str], Option<usize>); 5] = [
        (&[&granted], Some(1)),
        (&[&nobody], None),
        (&[&denied], None),
        (&[&lower], None),
        (&[&granted, &nobody], None),
    ];
    for (named, read) in cases {
        // Edited, so that the run cannot be reused whole.
        for file in named {
            let p = dir.join(file);
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, format!("{text}<!-- edited -->\n")).unwrap();
        }
        let uncached = check(dir, None, named);
        let (sets, cached) = sets_read(dir, cache.path(), named);
        assert_eq!(cached, uncached.1, "{named:?}");
        match read {
            Some(n) => assert_eq!(sets, n, "{named:?}: sets read"),
            None => assert_eq!(sets, 6, "{named:?}: every set is read"),
        }
        let pm009 = uncached.1.matches("\"PM009\"").count();
        let expected = usize::from(named.contains(&nobody.as_str()));
        assert_eq!(pm009, expected, "{named:?}: {}", uncached.1);
    }
}
