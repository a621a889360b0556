//! Helpers shared by the integration tests: run the real binary, make temporary projects.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The binary, with its cache in one folder of the temporary directory shared by every
/// test (never in `testdata/`): runs sharing a cache must be safe anyway.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sflint"));
    c.env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env("SFLINT_CACHE_DIR", test_cache_dir());
    c
}

/// The cache every test run of sflint shares, outside the repository, so that linting
/// `testdata/` writes nothing there.
#[allow(dead_code)]
pub fn test_cache_dir() -> PathBuf {
    std::env::temp_dir().join("sflint-test-cache")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out: Output = bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs sflint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sflint-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creates temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Write a file (creating folders) relative to the temp dir.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }

    /// An SFDX project with one package directory `force-app`.
    pub fn sfdx(tag: &str) -> TempDir {
        let t = TempDir::new(tag);
        t.write(
            "sfdx-project.json",
            r#"{"packageDirectories":[{"path":"force-app","default":true}]}"#,
        );
        t
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copy a folder tree (files and folders only).
/// Copy a folder tree. A `.sflint_cache` folder is not project content (running sflint on a
/// fixture writes one there) and is left out, so copies start without a cache.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".sflint_cache" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Run git in `dir` with a fixed identity; panics with its stderr on failure.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An SFDX project (see [`TempDir::sfdx`]) that is a git repository on branch `main`.
pub fn git_repo(tag: &str) -> TempDir {
    let t = TempDir::sfdx(tag);
    git(t.path(), &["init", "-q", "-b", "main"]);
    t
}

/// Stage everything and commit.
pub fn git_commit_all(t: &TempDir, msg: &str) {
    git(t.path(), &["add", "-A"]);
    git(t.path(), &["commit", "-q", "-m", msg]);
}

/// A profile with the `Analytics Cloud Integration User` license.
pub fn aciu_profile(body: &str) -> String {
    profile(&format!(
        "{body}    <userLicense>Analytics Cloud Integration User</userLicense>\n"
    ))
}

pub const NS: &str = "http://soap.sforce.com/2006/04/metadata";

pub fn field_perm(field: &str, editable: bool, readable: bool) -> String {
    format!(
        "    <fieldPermissions>\n        <editable>{editable}</editable>\n        <field>{field}</field>\n        <readable>{readable}</readable>\n    </fieldPermissions>\n"
    )
}

pub fn profile(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"{NS}\">\n{body}</Profile>\n"
    )
}

pub fn permission_set(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"{NS}\">\n{body}    <label>L</label>\n</PermissionSet>\n"
    )
}

/// `path:line:col: CODE` prefixes of concise output, in order.
pub fn concise_codes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains(" [error] ") || l.contains(" [warning] ") || l.contains(" [info] "))
        .map(|l| {
            let (loc, rest) = l.split_once(": ").unwrap();
            format!("{loc}: {}", rest.split_whitespace().next().unwrap())
        })
        .collect()
}

/// The fixture projects: the named folders of `testdata/` and every case of
/// `testdata/cases/<family>/`, sorted.
pub fn fixture_projects(named: &[&str]) -> Vec<PathBuf> {
    let root = repo_root().join("testdata");
    let mut dirs: Vec<PathBuf> = named.iter().map(|n| root.join(n)).collect();
    for family in std::fs::read_dir(root.join("cases")).unwrap().flatten() {
        for case in std::fs::read_dir(family.path()).unwrap().flatten() {
            if case.path().is_dir() {
                dirs.push(case.path());
            }
        }
    }
    dirs.sort();
    dirs
}

/// The shared corpus (`../shared/corpus`), canonical; `None`, with a note, when it is
/// absent (a test then skips).
pub fn corpus_dir() -> Option<PathBuf> {
    let corpus = repo_root().join("../shared/corpus");
    match corpus.canonicalize() {
        Ok(dir) if dir.is_dir() => Some(dir),
        _ => {
            eprintln!("skipped: no corpus at {}", corpus.display());
            None
        }
    }
}

/// The repositories of the shared corpus (`../shared/corpus`), sorted; empty, with a note,
/// when it is absent.
pub fn corpus_repos() -> Vec<PathBuf> {
    let Some(corpus) = corpus_dir() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        return Vec::new();
    };
    let mut repos: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    repos.sort();
    repos
}

/// The report consumers (`scripts/consumers/setup.sh`): the SARIF Multitool, the JUnit XSD,
/// a Python environment with xmlschema and pygls, and a headless Chromium with puppeteer-core. In CI (`CI` set) a failed install
/// fails the test; elsewhere the test says why and skips (`None`).
#[allow(dead_code)]
pub fn consumer_tools() -> Option<PathBuf> {
    let out = std::process::Command::new("bash")
        .arg(repo_root().join("scripts/consumers/setup.sh"))
        .output()
        .expect("runs bash");
    if out.status.success() {
        let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
        return Some(PathBuf::from(dir));
    }
    let why = String::from_utf8_lossy(&out.stderr);
    if std::env::var_os("CI").is_some() {
        panic!("installing the report consumers failed:\n{why}");
    }
    eprintln!("skipped: the report consumers could not be installed:\n{why}");
    None
}

/// A command for the npm world (`npm`, `npx`, `node`, or a shell that runs them; npm and
/// npx are .cmd scripts on Windows), quiet: no update notice, funding or audit lines, no
/// colours.
#[allow(dead_code)]
pub fn node_tool(name: &str) -> Command {
    let exe = if cfg!(windows) && matches!(name, "npm" | "npx") {
        format!("{name}.cmd")
    } else {
        name.to_string()
    };
    let mut c = Command::new(exe);
    c.env("npm_config_update_notifier", "false")
        .env("npm_config_fund", "false")
        .env("npm_config_audit", "false")
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    c
}

/// Whether `name --version` runs (see [`node_tool`]). In CI (`CI` set) its absence fails
/// the test `what`; elsewhere the test says so and skips.
#[allow(dead_code)]
pub fn have_node_tool(name: &str, what: &str) -> bool {
    let ok = node_tool(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is required in CI for {what}"
        );
        eprintln!("skipping: {name} is not installed");
    }
    ok
}

/// Run `c`; panics with its stdout and stderr, naming `what`, unless it succeeds.
#[allow(dead_code)]
pub fn run_ok(c: &mut Command, what: &str) -> Output {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
