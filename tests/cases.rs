//! Rule fixtures in `testdata/cases/<family>/<case>/`: each case's findings must be exactly
//! the lines of its `expected.txt` (concise format, paths relative to the case, run notes
//! included). After a deliberate change: `SFLINT_UPDATE_CASES=1 cargo test --test cases`.

mod common;

use common::*;

fn dirs(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn cases() -> Vec<std::path::PathBuf> {
    dirs(&repo_root().join("testdata/cases"))
        .iter()
        .flat_map(|family| dirs(family))
        .collect()
}

#[test]
fn every_case_reports_exactly_its_expected_findings() {
    let cases = cases();
    assert!(cases.len() >= 16);
    let mut failures = Vec::new();
    for case in cases {
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap_or_default();
        let r = run_in(&case, &["check", "--format", "concise", "."]);
        assert!(
            r.code == 0 || r.code == 1,
            "{}: {}",
            case.display(),
            r.stderr
        );
        let got: Vec<&str> = r
            .stdout
            .lines()
            .filter(|l| !l.starts_with("Found ") && !l.starts_with("No problems"))
            .collect();
        let want: Vec<&str> = expected.lines().collect();
        if got != want && std::env::var_os("SFLINT_UPDATE_CASES").is_some() {
            // Rewrite after a deliberate change; review with `git diff testdata/cases`.
            let mut text = got.join("\n");
            if !text.is_empty() {
                text.push('\n');
            }
            std::fs::write(case.join("expected.txt"), text).unwrap();
            continue;
        }
        if got != want {
            failures.push(format!(
                "{}\n  want: {want:#?}\n  got:  {got:#?}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn json(case: &str) -> serde_json::Value {
    let dir = repo_root().join("testdata/cases/iu").join(case);
    let r = run_in(&dir, &["check", "--format", "json", "."]);
    serde_json::from_str(&r.stdout).unwrap()
}

fn slice(case: &str, path: &str, span: &serde_json::Value) -> String {
    let text = std::fs::read(repo_root().join("testdata/cases/iu").join(case).join(path)).unwrap();
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    String::from_utf8_lossy(&text[s..e]).into_owned()
}

#[test]
fn iu001_points_at_the_false_and_relates_the_read_in_the_retrieved_dataflow() {
    let v = json("retrieved-dataflow-denied");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "IU001");
    assert_eq!(
        slice(
            "retrieved-dataflow-denied",
            d["path"].as_str().unwrap(),
            &d["span"]
        ),
        "false"
    );
    let rel = &d["related"][0];
    assert_eq!(rel["path"], "force-app/main/default/wave/Accounts.wdf");
    // The field name inside the JSON string of the array form, at outer-file offsets.
    assert_eq!(
        slice(
            "retrieved-dataflow-denied",
            "force-app/main/default/wave/Accounts.wdf",
            &rel["span"]
        ),
        "Secret_Score__c"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("<readable>true</readable>")
    );
}

#[test]
fn muting_finding_relates_the_grant_and_says_how_to_fix() {
    let v = json("muting-group");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "IU001");
    assert!(
        d["path"]
            .as_str()
            .unwrap()
            .ends_with("CRMA_Mute_HR.mutingpermissionset-meta.xml")
    );
    let paths: Vec<&str> = d["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("CRMA_Contact.permissionset-meta.xml")),
        "{paths:?}"
    );
    assert!(
        paths.iter().any(|p| p.ends_with("Contacts.wdf")),
        "{paths:?}"
    );
}

#[test]
fn view_all_data_is_called_out_in_help() {
    let t = TempDir::sfdx("vad");
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml",
        profile(&format!(
            "{}    <userLicense>Analytics Cloud Integration User</userLicense>\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ViewAllData</name>\n    </userPermissions>\n",
            field_perm("Account.X__c", false, false)
        )),
    );
    t.write(
        "force-app/main/default/wave/D.wdf",
        r#"{"E":{"action":"sfdcDigest","parameters":{"object":"Account","fields":[{"name":"X__c"}]}}}"#,
    );
    let r = run_in(t.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let help = v["diagnostics"][0]["help"].as_str().unwrap();
    assert!(
        help.contains("View All Data and Modify All Data do not grant field access"),
        "{help}"
    );
}
