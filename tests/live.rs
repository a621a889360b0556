//! The language server's kept project (`pipeline::live`) reports what `sflint check` reports:
//! the same findings, at the same places, with the same messages and severities, on every
//! fixture project and on the corpus when it is present (`../shared/corpus`).

mod common;

use std::path::{Path, PathBuf};

use common::{corpus_dir, fixture_projects, run_in};
use sflint::pipeline::live::load_folder;

/// One finding: code, path relative to the checked folder, byte span, severity, message.
type Finding = (String, String, u64, u64, String, String);

fn from_check(dir: &Path) -> Vec<Finding> {
    let r = run_in(dir, &["check", "--no-cache", "--format", "json", "."]);
    assert!(r.code <= 1, "{}: {}", dir.display(), r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut out: Vec<Finding> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["span"]["start"].as_u64().unwrap(),
                d["span"]["end"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn from_live(dir: &Path) -> Vec<Finding> {
    let mut out = Vec::new();
    for project in load_folder(dir).unwrap() {
        let report = project.check();
        for d in &report.diagnostics {
            let file = &report.files[d.primary.file.0 as usize];
            let path = file.path.strip_prefix(dir).unwrap_or(&file.path);
            out.push((
                d.code.to_string(),
                path.to_string_lossy().replace('\\', "/"),
                u64::from(d.primary.span.start),
                u64::from(d.primary.span.end),
                format!("{:?}", d.severity).to_lowercase(),
                d.message.clone(),
            ));
        }
    }
    out.sort();
    out
}

fn projects() -> Vec<PathBuf> {
    fixture_projects(&["demo", "lsp"])
}

#[test]
fn the_live_project_finds_what_check_finds_on_every_fixture() {
    let dirs = projects();
    assert!(dirs.len() > 20);
    let mut findings = 0;
    for dir in dirs {
        let want = from_check(&dir);
        assert_eq!(from_live(&dir), want, "{}", dir.display());
        findings += want.len();
    }
    assert!(
        findings > 50,
        "the fixtures have findings to compare: {findings}"
    );
}

#[test]
fn the_live_project_finds_what_check_finds_on_the_corpus() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let want = from_check(&corpus);
    assert!(!want.is_empty());
    assert_eq!(from_live(&corpus), want);
}
