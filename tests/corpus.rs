//! The shared corpus of real projects (when present), as a regression net on real data:
//! every repository lints with exit 0 or 1 and valid JSON in the documented schema, and
//! its findings match a reviewed snapshot (`tests/snapshots/corpus/<repo>.snap`: counts by
//! code, run notes, and every finding as code, path, line and message).
//!
//! Skips cleanly when `../shared/corpus` is absent. After a deliberate change in findings,
//! review the new snapshots with `INSTA_UPDATE=always cargo test --test corpus` and
//! `git diff tests/snapshots/corpus`.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write;

use common::*;

#[test]
fn corpus_repositories_lint_and_match_their_reviewed_snapshots() {
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
        let name = repo.file_name().unwrap().to_string_lossy().into_owned();
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
        insta::with_settings!({
            snapshot_path => "snapshots/corpus",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.clone(), digest(r.code, &v));
        });
    }
}

/// What a reviewer reads: exit code, files checked, counts by code, notes, and each finding.
fn digest(code: i32, v: &serde_json::Value) -> String {
    let diags = v["diagnostics"].as_array().unwrap();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in diags {
        let key = format!(
            "{} {}",
            d["code"].as_str().unwrap(),
            d["severity"].as_str().unwrap()
        );
        *counts.entry(key).or_default() += 1;
    }
    let mut out = String::new();
    writeln!(out, "exit: {code}").unwrap();
    writeln!(out, "files: {}", v["summary"]["files"]).unwrap();
    writeln!(out, "counts:").unwrap();
    for (k, n) in &counts {
        writeln!(out, "  {k}: {n}").unwrap();
    }
    if let Some(notes) = v.get("notes").and_then(|n| n.as_array()) {
        writeln!(out, "notes:").unwrap();
        for n in notes {
            writeln!(
                out,
                "  [{}] {}",
                n["kind"].as_str().unwrap_or(""),
                n["message"].as_str().unwrap_or("")
            )
            .unwrap();
        }
    }
    writeln!(out, "findings:").unwrap();
    for d in diags {
        writeln!(
            out,
            "  {} {}:{} {}",
            d["code"].as_str().unwrap(),
            d["path"].as_str().unwrap(),
            d["start"]["line"],
            d["message"].as_str().unwrap()
        )
        .unwrap();
    }
    out
}
