//! Code frames on one-line files: retrieved dataflows are often a single line of 150 KB or
//! more. People see a window around the span; machine formats keep exact columns.

mod common;

use common::{TempDir, run_in};

const PROFILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>false</custom>
    <fieldPermissions>
        <editable>false</editable>
        <field>Account.Secret_Score__c</field>
        <readable>false</readable>
    </fieldPermissions>
    <userLicense>Analytics Cloud Integration User</userLicense>
</Profile>
"#;

const FIELD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Secret_Score__c</fullName>
    <label>Secret Score</label>
    <type>Number</type>
</CustomField>
"#;

/// A one-line dataflow of about 200 KB reading `Secret_Score__c` in its middle.
fn one_line_dataflow() -> String {
    let pad = |from: usize| {
        (from..from + 2500)
            .map(|i| format!(r#"{{"name":"Name{i:05}"}},"#))
            .collect::<String>()
    };
    let fields = format!(
        r#"{}{{"name":"Secret_Score__c"}},{}{{"name":"Id"}}"#,
        pad(0),
        pad(2500)
    );
    let text = format!(
        r#"{{"Extract":{{"action":"sfdcDigest","parameters":{{"object":"Account","fields":[{fields}]}}}},"Reg":{{"action":"sfdcRegister","parameters":{{"name":"acc","alias":"acc"}},"sources":["Extract"]}}}}"#
    );
    assert!(text.len() > 100_000 && !text.contains('\n'));
    text
}

fn project() -> TempDir {
    let t = TempDir::sfdx("frames");
    let d = "force-app/main/default";
    t.write(
        &format!("{d}/profiles/Analytics Cloud Integration User.profile-meta.xml"),
        PROFILE,
    );
    t.write(
        &format!("{d}/objects/Account/fields/Secret_Score__c.field-meta.xml"),
        FIELD,
    );
    t.write(&format!("{d}/wave/Accounts.wdf"), one_line_dataflow());
    t
}

#[test]
fn a_read_in_a_one_line_dataflow_is_shown_in_a_window() {
    let t = project();
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("IU001"), "{}", r.stdout);
    assert!(r.stdout.len() < 6_000, "{} bytes of output", r.stdout.len());
    let frame_line = r
        .stdout
        .lines()
        .find(|l| l.contains("Secret_Score__c") && l.contains("Name0"))
        .expect("the read is shown with its neighbours");
    assert!(frame_line.contains('…'), "{frame_line}");
    assert!(frame_line.chars().count() < 300, "{frame_line}");

    // The header of the related frame keeps the exact line:column.
    let text = one_line_dataflow();
    let col = text.find("\"Secret_Score__c\"").unwrap() + 2; // 1-based, inside the quotes
    assert!(
        r.stdout.contains(&format!("Accounts.wdf:1:{col}]")),
        "{}",
        r.stdout
    );
}

#[test]
fn json_columns_stay_exact() {
    let t = project();
    let r = run_in(t.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON output");
    let text = one_line_dataflow();
    let col = text.find("\"Secret_Score__c\"").unwrap() + 2;
    let s = v.to_string();
    assert!(s.contains(&format!("\"column\":{col}")), "{s}");
}

#[test]
fn a_parse_error_at_the_end_of_a_one_line_dataflow_is_shown_in_a_window() {
    let t = TempDir::sfdx("frames-sf001");
    let mut text = one_line_dataflow();
    text.pop(); // the last `}`
    let path = "force-app/main/default/wave/Broken.wdf";
    t.write(path, &text);
    let r = run_in(t.path(), &["check", path]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("SF001"), "{}", r.stdout);
    assert!(r.stdout.len() < 3_000, "{} bytes", r.stdout.len());
    assert!(r.stdout.contains('…'), "{}", r.stdout);
}

#[test]
fn a_config_error_in_a_one_line_file_is_shown_in_a_window() {
    let t = TempDir::new("frames-config");
    let mut json = String::from(r#"{"packageDirectories":[{"path":"force-app"}],"x":""#);
    json.push_str(&"a".repeat(50_000));
    json.push_str(r#"", oops}"#);
    t.write("sfdx-project.json", &json);
    t.write(
        "force-app/main/default/profiles/A.profile-meta.xml",
        PROFILE,
    );
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("not valid JSON"), "{}", r.stderr);
    assert!(r.stderr.len() < 3_000, "{} bytes", r.stderr.len());
    assert!(r.stderr.contains('…'), "{}", r.stderr);
}
