//! On the shared corpus (skipped when `../shared/corpus` is absent): `sflint explain`
//! gives the verdict `sflint matrix` gives, for every cell of the matrix (through the
//! binary), and for every principal and every field a project defines or permissions,
//! the verdict agrees with the ways it lists (a grant that no muting removes means read).

mod common;

use std::collections::BTreeSet;

use common::*;
use sflint::catalog::Setup;
use sflint::config::Overrides;
use sflint::report_access::Explainer;

#[test]
fn explain_agrees_with_the_matrix_on_every_cell() {
    let mut cells = 0;
    for repo in corpus_repos() {
        let dir = repo.to_str().unwrap();
        let r = run_in(&repo, &["matrix", "--format", "json", dir]);
        assert_eq!(r.code, 0, "{dir}: {}", r.stderr);
        let m: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        for row in m["rows"].as_array().unwrap() {
            let (principal, field) = (
                row["principal"].as_str().unwrap(),
                row["field"].as_str().unwrap(),
            );
            let r = run_in(
                &repo,
                &["explain", principal, field, dir, "--format", "json"],
            );
            assert_eq!(r.code, 0, "{dir}: {principal} {field}: {}", r.stderr);
            let e: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
            let verdict = match e["verdict"].as_str().unwrap() {
                "muted" => "none",
                v => v,
            };
            assert_eq!(verdict, row["access"], "{dir}: {principal} {field}");
            cells += 1;
        }
    }
    eprintln!("{cells} matrix cells agree");
}

#[test]
fn every_verdict_agrees_with_the_ways_it_lists() {
    let mut checked = 0usize;
    for repo in corpus_repos() {
        let setup = Setup::load(&repo, None, &Overrides::default()).unwrap();
        let project = sflint::pipeline::load_project(&repo, &repo, &setup).unwrap();
        let model = &project.model;
        // Every field a principal's own sets name (where verdicts differ), and a stride
        // of the fields the project defines (where nothing may be said).
        let defined: Vec<(String, String)> = model
            .fields
            .iter()
            .step_by(50)
            .map(|f| (f.object.clone(), f.name.clone()))
            .collect();
        let ex = Explainer::new(&project, &setup.settings);
        for who in ex.principals() {
            let mut fields: BTreeSet<(String, String)> = defined.iter().cloned().collect();
            // At most 200 a set: the debug build runs this test with the others.
            for s in who.principal.set_indexes() {
                for f in model.sets[s].fields.iter().take(200) {
                    fields.insert((f.object().to_string(), f.field_name().to_string()));
                }
            }
            for (object, field) in &fields {
                let e = ex.explain_field(who, object, field);
                let grants = e.ways.iter().any(|w| {
                    w.access == "read" && serde_json::to_value(w.effect).unwrap() == "grants"
                });
                let muted = e.ways.iter().any(|w| {
                    w.access == "read" && serde_json::to_value(w.effect).unwrap() == "muted"
                });
                let expected = if grants {
                    ["read", "edit"].contains(&e.verdict)
                } else if muted {
                    e.verdict == "muted"
                } else {
                    e.verdict == "none"
                };
                assert!(
                    expected,
                    "{}: {} {object}.{field}: verdict {} but ways {:?}",
                    repo.display(),
                    who.spec(),
                    e.verdict,
                    e.ways
                );
                checked += 1;
            }
        }
    }
    eprintln!("{checked} principal x field verdicts agree with their ways");
}

#[test]
fn every_repository_compared_with_itself_has_no_access_changes() {
    for repo in corpus_repos() {
        let dir = repo.to_str().unwrap();
        let r = run_in(&repo, &["access-diff", "--base", dir, dir]);
        assert_eq!(r.code, 0, "{dir}: {}", r.stderr);
        assert!(
            r.stdout.starts_with("No access changes"),
            "{dir}: {}",
            r.stdout
        );
    }
}
