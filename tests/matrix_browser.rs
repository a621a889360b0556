//! `sflint matrix --format html` in a real headless browser (Chromium through
//! puppeteer-core, `tests/browser/matrix_page.mjs`): the rows are there, the filter box
//! filters them, the header is sticky; a screenshot is saved under `target/matrix-browser/`.
//! The browser and its driver come from npm (`scripts/consumers/setup.sh`); in CI (`CI`
//! set) a failed install fails the test, elsewhere it skips with a note. Also `--base`
//! (changed cells) and the page of an empty matrix, which says why.

mod common;

use std::process::Command;

use common::*;

fn classic() -> std::path::PathBuf {
    repo_root().join("testdata/cases/dc/classic")
}

fn out_dir() -> std::path::PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| repo_root().join("target"), std::path::PathBuf::from)
        .join("matrix-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_html_matrix_works_in_a_headless_browser() {
    let page = out_dir().join("classic.html");
    let r = run_in(
        &classic(),
        &["matrix", "--format", "html", "-o", page.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shot = out_dir().join("matrix.png");
    let _ = std::fs::remove_file(&shot);
    let script = repo_root().join("tests/browser/matrix_page.mjs");
    let Some(tools) = consumer_tools() else {
        return;
    };
    let out = Command::new("node")
        .arg(&script)
        .arg(&page)
        .args(["6", "SSN__c", "1"])
        .arg(&shot)
        .env("SFLINT_BROWSER_MODULES", tools.join("browser/node_modules"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000, "screenshot");
}

#[test]
fn base_marks_changed_cells_and_an_empty_matrix_says_why() {
    let head = TempDir::new("matrix-base");
    copy_dir(&classic(), head.path());
    let profile = head
        .path()
        .join("force-app/main/default/profiles/Integration.profile-meta.xml");
    let text = std::fs::read_to_string(&profile).unwrap().replacen(
        "<field>Contact.SSN__c</field>\n        <readable>false</readable>",
        "<field>Contact.SSN__c</field>\n        <readable>true</readable>",
        1,
    );
    std::fs::write(&profile, text).unwrap();
    let base = classic();
    let base = base.to_str().unwrap();
    let r = run_in(head.path(), &["matrix", "--format", "json", "--base", base]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let ssn = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["field"] == "Contact.SSN__c")
        .unwrap();
    assert_eq!(ssn["access"], "read");
    assert_eq!(ssn["base_access"], "none");
    let r = run_in(head.path(), &["matrix", "--format", "html", "--base", base]);
    assert_eq!(
        r.stdout.matches("<tr class=\"changed\">").count(),
        1,
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("<th scope=\"col\">Base access</th>"));
    let r = run_in(head.path(), &["matrix", "--format", "csv", "--base", base]);
    assert!(
        r.stdout.lines().next().unwrap().ends_with(",base_access"),
        "{}",
        r.stdout
    );

    // No classification, no integration principal: the page says why, and how to fill it.
    let empty = TempDir::sfdx("matrix-empty");
    empty.write(
        "force-app/main/default/permissionsets/P.permissionset-meta.xml",
        permission_set(&field_perm("Account.Tier__c", false, true)),
    );
    let r = run_in(empty.path(), &["matrix", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("id=\"empty\">The matrix is empty: the project has no integration principal"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("securityClassification"));
    assert!(r.stdout.contains("0 rows, all shown"));
}
