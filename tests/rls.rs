//! IU008 (a predicate's custom User field the Security User can't read) and DC010 (a
//! high-risk field in a dataset without row-level security), through the real binary.

mod common;

use common::{NS, TempDir, field_perm, permission_set, profile, run_in};

const CLONE: &str = "force-app/main/default/profiles/CRMA Security Clone.profile-meta.xml";
const FLOW: &str = "force-app/main/default/wave/Sales.wdf";

fn user_field(t: &TempDir, name: &str, required: bool) {
    t.write(
        &format!("force-app/main/default/objects/User/fields/{name}.field-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"{NS}\">\n    <fullName>{name}</fullName>\n    <label>{name}</label>\n    <length>20</length>\n    <required>{required}</required>\n    <type>Text</type>\n</CustomField>\n"
        ),
    );
}

fn classified(t: &TempDir, object: &str, name: &str, level: &str) {
    t.write(
        &format!("force-app/main/default/objects/{object}/fields/{name}.field-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"{NS}\">\n    <fullName>{name}</fullName>\n    <complianceGroup>PII</complianceGroup>\n    <label>{name}</label>\n    <length>20</length>\n    <securityClassification>{level}</securityClassification>\n    <type>Text</type>\n</CustomField>\n"
        ),
    );
}

/// A dataflow as the Metadata API retrieves it: the document as JSON text in an array.
fn retrieved(doc: &str) -> String {
    let escaped = doc
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("[\"{escaped}\",null]")
}

/// `line:col` (1-based, columns in characters) of the first `needle` in `text`.
fn line_col(text: &str, needle: &str) -> String {
    let at = text.find(needle).expect("needle in text");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{line}:{col}")
}

fn findings<'a>(stdout: &'a str, code: &str) -> Vec<&'a str> {
    stdout
        .lines()
        .filter(|l| l.contains(&format!(": {code} [")))
        .collect()
}

fn security_clone_project(predicate: &str) -> TempDir {
    let t = TempDir::sfdx("rls-iu008");
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"CRMA security user\"\nprofile = \"CRMA Security Clone\"\nsecurity-user = true\n",
    );
    t.write(
        CLONE,
        profile("    <custom>true</custom>\n    <userLicense>Analytics Cloud Integration User</userLicense>\n"),
    );
    let doc = format!(
        r#"{{"nodes":{{"Extract":{{"action":"sobjectDigest","parameters":{{"object":"Opportunity","fields":[{{"name":"Id"}},{{"name":"OwnerId"}}]}}}},"Register":{{"action":"register","parameters":{{"name":"opps","label":"Opps","rowLevelSecurityFilter":{}}},"sources":["Extract"]}}}}}}"#,
        serde_json_string(predicate)
    );
    t.write(FLOW, retrieved(&doc));
    t
}

/// `s` as a JSON string literal.
fn serde_json_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn configured_security_clone_without_read_on_a_defined_user_field() {
    let t =
        security_clone_project(r#"'OwnerId' == "$User.Id" || 'Region' == "$User.Sales_Region__c""#);
    user_field(&t, "Sales_Region__c", false);
    // The unused standard profile next to the configured clone is not the Security User.
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Security User.profile-meta.xml",
        profile(&format!(
            "    <custom>false</custom>\n{}    <userLicense>Analytics Cloud Integration User</userLicense>\n",
            field_perm("User.Sales_Region__c", false, false)
        )),
    );
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let iu = findings(&r.stdout, "IU008");
    assert_eq!(iu.len(), 1, "{}", r.stdout);
    // The span starts at `$User.Sales_Region__c` inside the doubly escaped predicate.
    let text = std::fs::read_to_string(t.path().join(FLOW)).unwrap();
    let at = line_col(&text, "$User.Sales_Region__c");
    assert!(
        iu[0].starts_with(&format!("{FLOW}:{at}: IU008 [error] ")),
        "{}",
        iu[0]
    );
    assert!(iu[0].contains("CRMA security user cannot read User.Sales_Region__c"));
    assert!(iu[0].contains("dataset `opps` (node `Register` of dataflow \"Sales\")"));

    // Granted through a permission set the configuration assigns: clean.
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"CRMA security user\"\nprofile = \"CRMA Security Clone\"\npermission-sets = [\"RLS_Fields\"]\nsecurity-user = true\n",
    );
    t.write(
        "force-app/main/default/permissionsets/RLS_Fields.permissionset-meta.xml",
        permission_set(&field_perm("User.Sales_Region__c", false, true)),
    );
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert!(findings(&r.stdout, "IU008").is_empty(), "{}", r.stdout);
}

#[test]
fn standard_required_undefined_and_single_quoted_fields_are_not_reported() {
    let t = security_clone_project(
        r#"'OwnerId' == "$User.Id" && 'Team' == "$User.Team__c" && '$User.Column__c' == "x" && 'R' == "$User.Role_Code__c" && 'M' == "$User.Manager.Code__c""#,
    );
    // Team__c is not in the project (a retrieve without it says nothing about its FLS);
    // Role_Code__c is required (no field-level security).
    user_field(&t, "Role_Code__c", true);
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert!(findings(&r.stdout, "IU008").is_empty(), "{}", r.stdout);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn standard_security_user_profile_denial_in_a_recipe() {
    let t = TempDir::sfdx("rls-iu008-recipe");
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Security User.profile-meta.xml",
        profile(&format!(
            "    <custom>false</custom>\n{}    <userLicense>Analytics Cloud Integration User</userLicense>\n",
            field_perm("User.Country_Code__c", false, false)
        )),
    );
    let recipe = r#"{
  "version": "62.0",
  "nodes": {
    "LOAD": {"action": "load", "sources": [], "parameters": {"fields": ["Id", "Country__c"], "dataset": {"type": "connectedDataset", "connectionName": "SFDC_LOCAL", "sourceObjectName": "Account"}}},
    "OUT": {"action": "save", "sources": ["LOAD"], "parameters": {"fields": [], "dataset": {"type": "analyticsDataset", "name": "accounts", "rowLevelSharingSource": "Account", "rowLevelSecurityFilter": "'Country__c' == \"$User.Country_Code__c\""}}}
  },
  "ui": {}
}"#;
    t.write("force-app/main/default/wave/Accounts.wdpr", recipe);
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    let iu = findings(&r.stdout, "IU008");
    assert_eq!(iu.len(), 1, "{}", r.stdout);
    let at = line_col(recipe, "$User.Country_Code__c");
    assert!(iu[0].starts_with(&format!("force-app/main/default/wave/Accounts.wdpr:{at}: ")));
    // The sharing source means the dataset has row-level security: no DC010.
    assert!(findings(&r.stdout, "DC010").is_empty());
    let r = run_in(
        t.path(),
        &["check", "--ignore", "IU008", "--format", "concise", "."],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
}

const CONTACT_FLOW: &str = r#"{"nodes":{
"Extract_Contact":{"action":"sobjectDigest","parameters":{"object":"Contact","fields":[{"name":"Id"},{"name":"AccountId"},{"name":"Salary__c"},{"name":"Nickname__c"}],"filterConditions":[{"field":"Screening__c","operator":"=","value":"Clear"}]}},
"Extract_Lead":{"action":"sobjectDigest","parameters":{"object":"Lead","fields":[{"name":"Id"},{"name":"Salary__c"}]}},
"Both":{"action":"append","parameters":{},"sources":["Extract_Contact","Extract_Lead"]},
"Overwrite":{"action":"update","parameters":{"leftKey":["Id"],"rightKey":["Id"],"updateColumns":{"Id":"Nickname__c"}},"sources":["Both","Extract_Lead"]},
"Register_People":{"action":"register","parameters":{"name":"people","label":"People","rowLevelSecurityFilter":"  "},"sources":["Overwrite"]},
"Edge":{"action":"edgemart","parameters":{"alias":"people"}},
"Register_Copy":{"action":"register","parameters":{"name":"copy","label":"Copy"},"sources":["Edge"]}
}}"#;

#[test]
fn dc010_follows_append_and_update_and_respects_the_configured_levels() {
    let t = TempDir::sfdx("rls-dc010");
    classified(&t, "Contact", "Salary__c", "MissionCritical");
    classified(&t, "Lead", "Salary__c", "Restricted");
    classified(&t, "Contact", "Nickname__c", "Confidential");
    classified(&t, "Contact", "Screening__c", "Restricted");
    t.write(FLOW, retrieved(CONTACT_FLOW));
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    let dc = findings(&r.stdout, "DC010");
    let text = std::fs::read_to_string(t.path().join(FLOW)).unwrap();
    let at = line_col(&text, "Register_People");
    assert_eq!(dc.len(), 2, "{}", r.stdout);
    for f in &dc {
        assert!(f.starts_with(&format!("{FLOW}:{at}: DC010 [warning] dataset `people` (node `Register_People` of dataflow \"Sales\") has no row-level security")), "{f}");
    }
    assert!(
        dc.iter()
            .any(|f| f.contains("Contact.Salary__c, classified `MissionCritical`"))
    );
    assert!(
        dc.iter()
            .any(|f| f.contains("Lead.Salary__c, classified `Restricted`"))
    );
    // The filter-only field, the overwritten column and the edgemart copy stay quiet.
    assert!(!r.stdout.contains("Screening__c"), "{}", r.stdout);
    assert!(!r.stdout.contains("`copy`"), "{}", r.stdout);

    // With Confidential as a high-risk level, Nickname__c counts, but `update` overwrote it.
    t.write(
        "sflint.toml",
        "[classification]\nhigh-risk = [\"Confidential\"]\n",
    );
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert!(findings(&r.stdout, "DC010").is_empty(), "{}", r.stdout);

    // A predicate secures the dataset.
    t.write("sflint.toml", "");
    let secured = CONTACT_FLOW.replace(
        r#""rowLevelSecurityFilter":"  ""#,
        r#""rowLevelSecurityFilter":"'OwnerId' == \"$User.Id\"""#,
    );
    t.write(FLOW, retrieved(&secured));
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert!(findings(&r.stdout, "DC010").is_empty(), "{}", r.stdout);
}

#[test]
fn malformed_wave_files_never_crash() {
    let t = TempDir::sfdx("rls-bad");
    classified(&t, "Contact", "Salary__c", "Restricted");
    for (i, text) in [
        r#"{"nodes":{"R":{"action":"register","parameters":{"rowLevelSecurityFilter":7},"sources":"x"}}}"#,
        r#"{"nodes":{"R":{"action":"save","parameters":{"dataset":[1]},"sources":[null,3]}}}"#,
        r#"{"nodes":{"R":{"action":"register","parameters":{"rowLevelSecurityFilter":"\"$User."}}}}"#,
        r#"{"nodes":{"R":{"action":"register","parameters":{"rowLevelSecurityFilter":"\"$User.\u00e9__c\""}}}}"#,
        r#"{"nodes":{"R":{"action":"sliceDataset","parameters":{"mode":3,"fields":"x"},"sources":["R"]}}}"#,
    ]
    .iter()
    .enumerate()
    {
        t.write(&format!("force-app/main/default/wave/F{i}.wdf"), *text);
    }
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert!(r.code == 0 || r.code == 1, "{}{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn a_recipe_and_its_v3_companion_dataflow_report_once() {
    let t = TempDir::sfdx("rls-companion");
    classified(&t, "Account", "Tax_Id__c", "Restricted");
    let recipe = r#"{"version":"62.0","nodes":{"LOAD":{"action":"load","sources":[],"parameters":{"fields":["Id","Tax_Id__c"],"dataset":{"type":"connectedDataset","connectionName":"SFDC_LOCAL","sourceObjectName":"Account"}}},"OUT":{"action":"save","sources":["LOAD"],"parameters":{"fields":[],"dataset":{"type":"analyticsDataset","name":"accounts"}}}},"ui":{}}"#;
    t.write("force-app/main/default/wave/Accounts.wdpr", recipe);
    t.write(
        "force-app/main/default/wave/Accounts.wdf",
        format!("[\"{{}}\",{}]", serde_json_string(recipe)),
    );
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    let dc = findings(&r.stdout, "DC010");
    assert_eq!(dc.len(), 1, "{}", r.stdout);
    assert!(dc[0].starts_with("force-app/main/default/wave/Accounts.wdpr:"));
    assert!(dc[0].contains("Account.Tax_Id__c"));
    // Without the recipe file, the companion's copy is what the project has.
    std::fs::remove_file(t.path().join("force-app/main/default/wave/Accounts.wdpr")).unwrap();
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    let dc = findings(&r.stdout, "DC010");
    assert_eq!(dc.len(), 1, "{}", r.stdout);
    assert!(dc[0].starts_with("force-app/main/default/wave/Accounts.wdf:"));
}
