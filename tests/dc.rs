//! Data classification rules on whole fixtures, through the real binary: what the help says
//! when a grant comes from a managed package the org can't edit.

mod common;

use common::*;

fn findings(case: &str) -> Vec<serde_json::Value> {
    let dir = repo_root().join("testdata/cases/dc").join(case);
    let r = run_in(&dir, &["check", "--format", "json", "."]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn help_of<'a>(all: &'a [serde_json::Value], code: &str, about: &str) -> &'a str {
    all.iter()
        .find(|d| d["code"] == code && d["message"].as_str().unwrap_or("").contains(about))
        .and_then(|d| d["help"].as_str())
        .unwrap_or_else(|| panic!("no {code} about {about} in {all:#?}"))
}

#[test]
fn a_read_granted_by_a_managed_package_says_so_and_what_to_do() {
    let all = findings("managed-grant");
    let managed = help_of(&all, "DC004", "Contact.SSN__c");
    assert!(
        managed.contains("`acme__ERP_Read` of the managed package `acme`, which can't be edited")
            && managed.contains("unassign it from ERP"),
        "{managed}"
    );
    assert!(!managed.contains("revoke read in"), "{managed}");
    let own = help_of(&all, "DC004", "Contact.Salary__c");
    assert!(
        own.starts_with("revoke read in permission set `ERP_Extra`"),
        "{own}"
    );
}

#[test]
fn the_security_user_reads_nothing_for_the_dc_rules() {
    let all = findings("precision");
    let readers: Vec<&str> = all
        .iter()
        .filter(|d| ["DC004", "DC005"].contains(&d["code"].as_str().unwrap_or("")))
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(readers.len(), 2, "{readers:#?}");
    assert!(
        readers
            .iter()
            .all(|m| m.starts_with("Analytics Cloud Integration User can read")),
        "{readers:#?}"
    );
}
