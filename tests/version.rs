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
