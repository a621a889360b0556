//! Permission hygiene on real shapes (issue 13): CumulusCI tokens, managed sets, near-only
//! PM004 suggestions, Activity fields, PM002 opt-in and PM003 on custom fields only.
//! `testdata/cases/pm/*` check the findings themselves (tests/cases.rs); these check what
//! the concise format doesn't show: spans, help lines, severities, and linting
//! `unpackaged/` files named on the command line.

mod common;

use common::*;
use serde_json::Value;

fn json_in(dir: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("json report");
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn case(name: &str) -> std::path::PathBuf {
    repo_root().join("testdata/cases/pm").join(name)
}

fn slice(dir: &std::path::Path, d: &Value) -> String {
    let text = std::fs::read(dir.join(d["path"].as_str().unwrap())).unwrap();
    let s = d["span"]["start"].as_u64().unwrap() as usize;
    let e = d["span"]["end"].as_u64().unwrap() as usize;
    String::from_utf8_lossy(&text[s..e]).into_owned()
}

const CCI_FILES: [&str; 4] = [
    "unpackaged/config/qa/permissionsets/QA.permissionset",
    "unpackaged/config/qa/profiles/sysadmin_test.profile",
    "unpackaged/config/qa/objects/___NAMESPACE___DataImport__c.object",
    "force-app",
];

#[test]
fn cumulusci_tokens_are_stripped_before_names_resolve() {
    let dir = repo_root().join("testdata/pm-cumulusci");
    let r = run_in(
        &dir,
        &[&["check", "--format", "concise"][..], &CCI_FILES].concat(),
    );
    let lines: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| !l.starts_with("Found"))
        .collect();
    assert_eq!(
        lines,
        [
            "unpackaged/config/qa/permissionsets/QA.permissionset:21:19: PM001 [error] permission set `QA` makes DataImport__c.Donation_Amount__c editable but not readable",
            "unpackaged/config/qa/permissionsets/QA.permissionset:25:16: PM004 [warning] permission set `QA` has a permission for DataImport__c.Staus__c, but the project defines no such field on DataImport__c",
            "unpackaged/config/qa/profiles/sysadmin_test.profile:12:19: PM001 [error] profile `sysadmin_test` makes DataImport__c.Donation_Amount__c editable but not readable",
            // The PM004 entry's removal is unsafe; PM001's two repairs are alternatives.
            "1 finding is fixable with --fix --unsafe-fixes.",
        ],
        "{}",
        r.stdout
    );
    // The span is the text as written, tokens included; the help suggests the real field.
    let ds = json_in(&dir, &CCI_FILES);
    let pm004 = ds.iter().find(|d| d["code"] == "PM004").unwrap();
    assert_eq!(
        slice(&dir, pm004),
        "%%%NAMESPACE%%%DataImport__c.%%%NAMESPACE%%%Staus__c"
    );
    assert!(
        pm004["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean DataImport__c.Status__c?"),
        "{pm004}"
    );
}

#[test]
fn managed_sets_get_no_hygiene_findings_but_own_namespace_sets_do() {
    let ds = json_in(&case("managed-sets"), &["."]);
    assert!(!ds.is_empty());
    for d in &ds {
        let path = d["path"].as_str().unwrap();
        assert!(
            path.ends_with("Teller_Extras.permissionset-meta.xml"),
            "{d}"
        );
    }
    let codes: Vec<&str> = ds.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for code in ["PM001", "PM003", "PM004", "PM005", "SF003"] {
        assert!(codes.contains(&code), "{code} missing in {codes:?}");
    }
    let own = json_in(&case("own-namespace-set"), &["."]);
    assert_eq!(own.len(), 2, "{own:#?}");
}

#[test]
fn pm004_suggests_near_names_of_the_same_namespace_only() {
    let ds = json_in(&case("unknown-field-suggestions"), &["."]);
    let help = |field: &str| -> String {
        ds.iter()
            .find(|d| d["message"].as_str().unwrap().contains(field))
            .unwrap_or_else(|| panic!("no finding for {field}"))["help"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(help("Annual_Revenu__c").starts_with("did you mean Lead.Annual_Revenue__c?"));
    // One edit from the project's Region__c; npe01__Region__c is another package's.
    assert!(help("Lead.Regio__c").starts_with("did you mean Lead.Region__c?"));
    for far in ["Contact_Lookup__c", "CustomObject3__c"] {
        let h = help(far);
        assert!(!h.contains("did you mean"), "{far}: {h}");
        assert!(h.starts_with("define the field"), "{h}");
    }
    for d in ds.iter().filter(|d| d["code"] == "PM004") {
        let h = d["help"].as_str().unwrap();
        assert!(h.contains("remove the entry"), "{h}");
        assert!(h.contains("`dependencies` in sfdx-project.json"), "{h}");
    }
}

#[test]
fn task_and_event_custom_fields_resolve_through_activity() {
    // Task/Event folders with standard fields only: custom activity fields aren't judged.
    assert!(json_in(&case("activity-fields"), &["."]).is_empty());
    let ds = json_in(&case("activity-defined"), &["."]);
    let pm004 = ds.iter().find(|d| d["code"] == "PM004").unwrap();
    let h = pm004["help"].as_str().unwrap();
    assert!(h.starts_with("did you mean Task.Call_Result__c?"), "{h}");
    assert!(
        h.contains("objects/Activity/fields/Call_Reslt__c.field-meta.xml"),
        "{h}"
    );
    // Formula on Activity, edit granted through Event: PM002 when selected.
    let ds = json_in(&case("activity-defined"), &["--select", "PM002", "."]);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert!(
        ds[0]["message"]
            .as_str()
            .unwrap()
            .contains("Event.Hours__c")
    );
}

#[test]
fn pm002_is_off_by_default_and_an_info_without_a_deploy_claim() {
    assert!(json_in(&case("formula-editable-retrieved"), &["."]).is_empty());
    let ds = json_in(
        &case("formula-editable-retrieved"),
        &["--select", "PM002", "."],
    );
    assert_eq!(ds.len(), 2, "{ds:#?}");
    for d in &ds {
        assert_eq!(d["severity"], "info");
        let text = format!("{} {}", d["message"], d["help"]).to_lowercase();
        for claim in ["deploy", "reject", "fail", "cannot be edited"] {
            assert!(!text.contains(claim), "{claim}: {text}");
        }
    }
    // Info findings don't fail the run.
    let r = run_in(
        &case("formula-editable-retrieved"),
        &["check", "--select", "PM002", "."],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn pm003_names_the_deploy_error_and_skips_standard_fields() {
    let ds = json_in(&case("standard-master-detail"), &["."]);
    assert_eq!(ds.len(), 2, "{ds:#?}");
    for d in &ds {
        assert_eq!(d["code"], "PM003");
        assert!(d["message"].as_str().unwrap().contains("Invoice_Line__c."));
        assert!(
            d["help"]
                .as_str()
                .unwrap()
                .contains("You cannot deploy to a required field")
        );
    }
}
