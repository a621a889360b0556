//! Every repository of the shared corpus (when present) lints with exit 0 or 1 and valid
//! JSON in the documented schema. Skips cleanly when `../shared/corpus` is absent.

mod common;

use common::*;

#[test]
fn corpus_repositories_lint_without_errors_or_crashes() {
    let corpus = repo_root().join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    };
    let mut repos: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    repos.sort();
    assert!(!repos.is_empty());
    for repo in repos {
        let r = run_in(
            &corpus,
            &["check", "--format", "json", repo.to_str().unwrap()],
        );
        let name = repo.file_name().unwrap().to_string_lossy();
        assert!(
            r.code == 0 || r.code == 1,
            "{name}: exit {} {}",
            r.code,
            r.stderr
        );
        let v: serde_json::Value =
            serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{name}: invalid JSON: {e}"));
        assert_eq!(v["schema"], "sflint/1", "{name}");
        let diags = v["diagnostics"].as_array().unwrap();
        let s = &v["summary"];
        let counted = s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap();
        assert_eq!(counted, diags.len() as u64, "{name}");
        assert!(s["files"].as_u64().unwrap() > 0, "{name}: no files found");
        assert_eq!(
            r.code == 1,
            s["errors"].as_u64().unwrap() > 0,
            "{name}: exit code vs errors"
        );
        for d in diags {
            let path = d["path"].as_str().unwrap();
            assert!(
                path.starts_with(&*name),
                "{name}: path {path} relative to the cwd"
            );
            assert!(d["start"]["line"].as_u64().unwrap() >= 1);
        }
    }
}
