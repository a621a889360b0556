//! `sflint --version` names the version of Cargo.toml and the commit the binary was built
//! from (build.rs: `git rev-parse --short HEAD`, "unknown" outside a checkout).

mod common;

use std::process::Command;

use common::{repo_root, run_in};

#[test]
fn version_names_the_commit() {
    let head = Command::new("git")
        .current_dir(repo_root())
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let commit = std::env::var("SFLINT_COMMIT")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .or(head)
        .unwrap_or_else(|| "unknown".to_string());
    for flag in ["--version", "-V"] {
        let r = run_in(&repo_root(), &[flag]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            r.stdout,
            format!("sflint {} ({commit})\n", env!("CARGO_PKG_VERSION")),
            "{flag}"
        );
    }
}

/// Every place the README and the CI templates name a release tag names this version.
#[test]
fn release_tags_in_docs_match_cargo_toml() {
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme
        .find("# .pre-commit-config.yaml")
        .expect("pre-commit example");
    let rev = readme[start..]
        .lines()
        .find_map(|l| l.trim().strip_prefix("rev: "))
        .expect("a rev line")
        .split_whitespace()
        .next()
        .unwrap();
    assert_eq!(rev, tag, "the pre-commit example's rev");
    let mut found = 0;
    for (file, marker) in [
        ("README.md", "sflint/sflint@"),
        ("README.md", "sflint/sflint/v"),
        ("action.yml", "sflint/sflint@"),
        ("sflint.gitlab-ci.yml", "sflint/sflint/v"),
    ] {
        let text = std::fs::read_to_string(repo_root().join(file)).unwrap();
        for (i, _) in text.match_indices(marker) {
            let after = &text[i + marker.len()..];
            let after = after.strip_prefix('v').map_or(after, |a| a);
            let version: String = after
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            assert_eq!(
                format!("v{version}"),
                tag,
                "{file}: {}",
                text.get(i..i + 40).unwrap_or(&text[i..])
            );
            found += 1;
        }
    }
    assert!(found >= 4, "{found}");
}
