//! Policies (`[[policy]]`): every condition kind and principal selector, load-time
//! validation with spans, SF006, pack selection, and policy findings in the report
//! formats and commands.

mod common;
mod harness;

use common::*;
use sflint::catalog::Setup;
use sflint::config::Overrides;
use sflint::diagnostic::Severity;
use sflint::error::AppError;
use sflint::pipeline::lint_sources;

const DIR: &str = "force-app/main/default";

fn profile(name: &str, body: &str) -> (String, String) {
    (
        format!("{DIR}/profiles/{name}.profile-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{body}</Profile>\n"
        ),
    )
}

fn permission_set(name: &str, body: &str) -> (String, String) {
    (
        format!("{DIR}/permissionsets/{name}.permissionset-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{body}</PermissionSet>\n"
        ),
    )
}

fn muting_set(name: &str, body: &str) -> (String, String) {
    (
        format!("{DIR}/mutingpermissionsets/{name}.mutingpermissionset-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MutingPermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{body}</MutingPermissionSet>\n"
        ),
    )
}

fn group(name: &str, body: &str) -> (String, String) {
    (
        format!("{DIR}/permissionsetgroups/{name}.permissionsetgroup-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSetGroup xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{body}</PermissionSetGroup>\n"
        ),
    )
}

fn field(object: &str, name: &str, body: &str) -> (String, String) {
    (
        format!("{DIR}/objects/{object}/fields/{name}.field-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>{name}</fullName>\n    <label>{name}</label>\n{body}</CustomField>\n"
        ),
    )
}

fn session(name: &str, profile: &str, level: &str) -> (String, String) {
    (
        format!("{DIR}/profileSessionSettings/{name}.profileSessionSetting-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ProfileSessionSetting xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <profile>{profile}</profile>\n    <requiredSessionLevel>{level}</requiredSessionLevel>\n</ProfileSessionSetting>\n"
        ),
    )
}

fn user(name: &str, profile: &str, extra: &str) -> (String, String) {
    (
        format!("{DIR}/users/{name}.user-meta.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<User>\n    <username>{name}@example.com</username>\n    <profile>{profile}</profile>\n{extra}</User>\n"
        ),
    )
}

fn up(name: &str, enabled: bool) -> String {
    format!(
        "    <userPermissions>\n        <enabled>{enabled}</enabled>\n        <name>{name}</name>\n    </userPermissions>\n"
    )
}

/// `<objectPermissions>` with the listed flags true and the others false.
fn op(object: &str, on: &[&str]) -> String {
    let mut s = String::from("    <objectPermissions>\n");
    for flag in [
        "allowCreate",
        "allowDelete",
        "allowEdit",
        "allowRead",
        "modifyAllRecords",
    ] {
        s.push_str(&format!(
            "        <{flag}>{}</{flag}>\n",
            on.contains(&flag)
        ));
    }
    s.push_str(&format!("        <object>{object}</object>\n"));
    for flag in ["viewAllFields", "viewAllRecords"] {
        s.push_str(&format!(
            "        <{flag}>{}</{flag}>\n",
            on.contains(&flag)
        ));
    }
    s.push_str("    </objectPermissions>\n");
    s
}

const LICENSE: &str = "    <userLicense>Salesforce</userLicense>\n";

/// One finding: `path:line: CODE severity message`, with the text its span covers.
#[derive(Debug, Clone)]
struct Found {
    path: String,
    line: usize,
    code: String,
    severity: Severity,
    message: String,
    help: String,
    text: String,
}

fn settings(config: &str) -> Setup {
    Setup::from_toml(config, None, &Overrides::default())
        .unwrap_or_else(|e| panic!("config rejected: {}", sflint::error_render::render(&e)))
}

fn lint(config: &str, files: &[(String, String)]) -> Vec<Found> {
    let settings = settings(config);
    let sources: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let report = lint_sources(&sources, &settings)
        .unwrap_or_else(|e| panic!("{}", sflint::error_render::render(&e)));
    report
        .diagnostics
        .iter()
        .map(|d| {
            let file = report.file(d.primary.file);
            Found {
                path: file.display.clone(),
                line: file.line_col(d.primary.span.start).line,
                code: d.code.to_string(),
                severity: d.severity,
                message: d.message.clone(),
                help: d.help.clone(),
                text: file.text[d.primary.span.range()].to_string(),
            }
        })
        .collect()
}

/// Findings of one code, as `(file name, line, spanned text)`.
fn of<'a>(found: &'a [Found], code: &str) -> Vec<&'a Found> {
    found.iter().filter(|f| f.code == code).collect()
}

fn where_(found: &[&Found]) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = found
        .iter()
        .map(|f| {
            (
                f.path.rsplit('/').next().unwrap_or(&f.path).to_string(),
                f.line,
            )
        })
        .collect();
    v.sort();
    v
}

/// A configuration error: its message, help and the text its span covers.
fn config_error(config: &str) -> (String, Option<String>, String) {
    match Setup::from_toml(config, None, &Overrides::default()) {
        Err(AppError::Config {
            span: Some(span),
            message,
            help,
            text,
            ..
        }) => (message, help, text[span.range()].to_string()),
        Err(other) => panic!("expected a config error with a span, got {other:?}"),
        Ok(_) => panic!("expected {config} to be rejected"),
    }
}

fn policy(code: &str, condition: &str, scope: &str) -> String {
    format!(
        "[[policy]]\ncode = \"{code}\"\nname = \"{}\"\n{condition}\n{scope}\n",
        code.to_ascii_lowercase()
    )
}

// ---------------------------------------------------------------------------------------
// The issue's examples
// ---------------------------------------------------------------------------------------

const MODIFY_ALL_DATA: &str = r#"select = ["ORG", "SF006"]

[[policy]]
code = "ORG001"                     # user codes: 2-5 capital letters + 3 digits
name = "no-modify-all-data-outside-admins"
severity = "error"
message = "{principal} has Modify All Data; only admin profiles may."
help = "Remove ModifyAllData from {file} or ask the security team for an exception."
[policy.forbid]
user-permission = "ModifyAllData"
[policy.where]
principal-kind = ["profile", "permission-set"]
principal-not = ["Admin", "System Administrator"]
"#;

#[test]
fn modify_all_data_outside_admins() {
    let files = [
        profile("Admin", &format!("{LICENSE}{}", up("ModifyAllData", true))),
        profile("Sales", &format!("{LICENSE}{}", up("ModifyAllData", true))),
        profile(
            "Support",
            &format!("{LICENSE}{}", up("ModifyAllData", false)),
        ),
        permission_set(
            "Data_Fix",
            &format!("    <label>Data Fix</label>\n{}", up("ModifyAllData", true)),
        ),
    ];
    let found = lint(MODIFY_ALL_DATA, &files);
    let org = of(&found, "ORG001");
    assert_eq!(
        where_(&org),
        [
            ("Data_Fix.permissionset-meta.xml".to_string(), 5),
            ("Sales.profile-meta.xml".to_string(), 5)
        ],
        "{found:#?}"
    );
    let sales = org.iter().find(|f| f.path.contains("Sales")).unwrap();
    assert_eq!(sales.text, "true", "the span is the granting value");
    assert_eq!(sales.severity, Severity::Error);
    assert_eq!(
        sales.message,
        "Sales has Modify All Data; only admin profiles may."
    );
    assert_eq!(
        sales.help,
        format!(
            "Remove ModifyAllData from {DIR}/profiles/Sales.profile-meta.xml or ask the security team for an exception."
        )
    );
    assert_eq!(found.len(), 2, "{found:#?}");
}

#[test]
fn no_profile_may_edit_contact_ssn() {
    let config = r#"select = ["ORG"]
[[policy]]
code = "ORG002"
name = "no-profile-edits-ssn"
message = "{kind} `{principal}` can edit {field} ({level})"
[policy.forbid]
field-access = "edit"
object = "Contact"
field = "SSN__c"
[policy.where]
principal-kind = ["profile"]
"#;
    let files = [
        field(
            "Contact",
            "SSN__c",
            "    <securityClassification>Restricted</securityClassification>\n    <type>Text</type>\n",
        ),
        profile(
            "Sales",
            &format!("{}{LICENSE}", field_perm("Contact.SSN__c", true, true)),
        ),
        profile(
            "Support",
            &format!("{}{LICENSE}", field_perm("Contact.SSN__c", false, true)),
        ),
        permission_set(
            "HR",
            &format!(
                "{}    <label>HR</label>\n",
                field_perm("Contact.SSN__c", true, true)
            ),
        ),
    ];
    let found = lint(config, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "ORG002");
    assert!(found[0].path.ends_with("Sales.profile-meta.xml"));
    assert_eq!(found[0].line, 4, "the <editable>true");
    assert_eq!(
        found[0].message,
        "profile `Sales` can edit Contact.SSN__c (Restricted)"
    );
    // `field = "Contact.SSN__c"` alone says the same.
    let qualified = config.replace(
        "object = \"Contact\"\nfield = \"SSN__c\"",
        "field = \"Contact.SSN__c\"",
    );
    assert_eq!(lint(&qualified, &files).len(), 1);
}

#[test]
fn permission_sets_granting_pii_need_session_activation() {
    let config = r#"select = ["ORG"]
[[policy]]
code = "ORG003"
name = "pii-needs-session-activation"
severity = "warning"
message = "permission set `{principal}` grants {field} ({permission}) without session activation"
help = "set <hasActivationRequired>true</hasActivationRequired> in {file}"
[policy.forbid]
field-access = "read"
compliance-group = ["PII"]
[policy.where]
principal-kind = ["permission-set"]
activation-required = false
"#;
    let files = [
        field(
            "Contact",
            "SSN__c",
            "    <complianceGroup>PII;GDPR</complianceGroup>\n    <securityClassification>Restricted</securityClassification>\n    <type>Text</type>\n",
        ),
        field("Contact", "Nickname__c", "    <type>Text</type>\n"),
        permission_set(
            "PII_Read",
            &format!(
                "{}{}    <hasActivationRequired>false</hasActivationRequired>\n    <label>PII</label>\n",
                field_perm("Contact.SSN__c", false, true),
                field_perm("Contact.Nickname__c", false, true)
            ),
        ),
        permission_set(
            "PII_Session",
            &format!(
                "{}    <hasActivationRequired>true</hasActivationRequired>\n    <label>PII</label>\n",
                field_perm("Contact.SSN__c", false, true)
            ),
        ),
        permission_set(
            "No_Flag",
            &format!(
                "{}    <label>PII</label>\n",
                field_perm("Contact.SSN__c", false, true)
            ),
        ),
        profile(
            "Sales",
            &format!("{}{LICENSE}", field_perm("Contact.SSN__c", false, true)),
        ),
    ];
    let found = lint(config, &files);
    let org = of(&found, "ORG003");
    assert_eq!(
        where_(&org),
        [
            ("No_Flag.permissionset-meta.xml".to_string(), 6),
            ("PII_Read.permissionset-meta.xml".to_string(), 6)
        ],
        "{found:#?}"
    );
    assert!(org.iter().all(|f| f.severity == Severity::Warning));
    let pii = org.iter().find(|f| f.path.contains("PII_Read")).unwrap();
    assert_eq!(
        pii.message,
        "permission set `PII_Read` grants Contact.SSN__c (read) without session activation"
    );
}

// ---------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------

#[test]
fn user_permission_require_points_at_the_root() {
    let config = format!(
        "select = [\"ORG\"]\n{}",
        policy(
            "ORG010",
            "[policy.require]\nuser-permission = \"ApiEnabled\"",
            "[policy.where]\nprincipal-kind = \"profile\"\nprincipal = \"Int*\""
        )
    );
    let files = [
        profile("Integration", LICENSE),
        profile(
            "Integration_API",
            &format!("{LICENSE}{}", up("ApiEnabled", true)),
        ),
        profile("Sales", LICENSE),
    ];
    let found = lint(&config, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].path.ends_with("/Integration.profile-meta.xml"));
    assert_eq!(found[0].text, "Profile", "the root element's name");
    assert_eq!(
        found[0].message,
        "profile `Integration` does not enable the user permission ApiEnabled"
    );
}

#[test]
fn object_permission_forbid_and_require() {
    let forbid = format!(
        "select = [\"ORG\"]\n{}",
        policy(
            "ORG011",
            "[policy.forbid]\nobject-permission = \"delete\"\nobject = \"Invoice*\"",
            ""
        )
    );
    let files = [
        profile(
            "Sales",
            &format!(
                "{LICENSE}{}{}",
                op("Invoice__c", &["allowRead", "allowDelete"]),
                op("Account", &["allowRead", "allowDelete"])
            ),
        ),
        permission_set(
            "Billing",
            &format!(
                "    <label>Billing</label>\n{}",
                op("Invoice_Line__c", &["allowRead"])
            ),
        ),
    ];
    let found = lint(&forbid, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].line, 6, "<allowDelete>true of Invoice__c");
    assert_eq!(found[0].text, "true");
    assert_eq!(
        found[0].message,
        "profile `Sales` grants delete on Invoice__c"
    );

    let require = format!(
        "select = [\"ORG\"]\n{}",
        policy(
            "ORG012",
            "[policy.require]\nobject-permission = \"read\"\nobject = \"Invoice*\"",
            "[policy.where]\nprincipal-kind = \"permission-set\""
        )
    );
    let found = lint(&require, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "permission set `Billing` does not grant read on Invoice__c"
    );
    assert_eq!(found[0].text, "PermissionSet");
}

#[test]
fn field_access_selectors() {
    let files = [
        field(
            "Contact",
            "SSN__c",
            "    <complianceGroup>PII</complianceGroup>\n    <encryptionScheme>ProbabilisticEncryption</encryptionScheme>\n    <securityClassification>Restricted</securityClassification>\n    <type>Text</type>\n",
        ),
        field(
            "Contact",
            "Salary__c",
            "    <securityClassification>Confidential</securityClassification>\n    <type>Currency</type>\n",
        ),
        field(
            "Contact",
            "Nickname__c",
            "    <securityClassification>Internal</securityClassification>\n    <type>Text</type>\n",
        ),
        field("Account", "Tier__c", "    <type>Picklist</type>\n"),
        field(
            "Contact",
            "Home_Phone__c",
            "    <complianceGroup>PersonalInfo</complianceGroup>\n    <type>Phone</type>\n",
        ),
        profile(
            "Sales",
            &format!(
                "{}{}{}{}{}{LICENSE}",
                field_perm("Account.Tier__c", true, true),
                field_perm("Contact.Home_Phone__c", false, true),
                field_perm("Contact.Nickname__c", true, true),
                field_perm("Contact.SSN__c", false, true),
                field_perm("Contact.Salary__c", false, true),
            ),
        ),
    ];
    let run = |selector: &str, access: &str| -> Vec<String> {
        let config = format!(
            "select = [\"ORG\"]\n[classification]\ncompliance-groups = [\"PII\", \"HR\"]\n{}",
            policy(
                "ORG020",
                &format!("[policy.forbid]\nfield-access = \"{access}\"\n{selector}"),
                "[policy.where]\nprincipal-kind = \"profile\""
            )
        );
        let mut fields: Vec<String> = lint(&config, &files)
            .iter()
            .map(|f| f.message.rsplit(' ').next().unwrap().to_string())
            .collect();
        fields.sort();
        fields
    };
    assert_eq!(
        run("classification-at-least = \"Confidential\"", "read"),
        ["Contact.SSN__c", "Contact.Salary__c"]
    );
    assert_eq!(
        run("compliance-group = \"PII\"", "read"),
        ["Contact.SSN__c"]
    );
    // A documented group that the configured list leaves out is still a compliance group.
    assert_eq!(
        run("compliance-group = \"PersonalInfo\"", "read"),
        ["Contact.Home_Phone__c"]
    );
    assert_eq!(
        run("type = [\"Currency\", \"Picklist\"]", "read"),
        ["Account.Tier__c", "Contact.Salary__c"]
    );
    assert_eq!(run("encrypted = true", "read"), ["Contact.SSN__c"]);
    assert_eq!(
        run("object = \"Contact\"\nencrypted = false", "read"),
        [
            "Contact.Home_Phone__c",
            "Contact.Nickname__c",
            "Contact.Salary__c"
        ]
    );
    assert_eq!(
        run("field = \"*__c\"", "edit"),
        ["Account.Tier__c", "Contact.Nickname__c"]
    );
    assert_eq!(run("object = \"Account\"", "edit"), ["Account.Tier__c"]);
    assert_eq!(run("", "edit"), ["Account.Tier__c", "Contact.Nickname__c"]);
}

#[test]
fn view_all_fields_grants_read_of_every_field_of_the_object() {
    let config = format!(
        "select = [\"ORG\"]\n{}",
        policy(
            "ORG021",
            "[policy.forbid]\nfield-access = \"read\"\nclassification-at-least = \"Restricted\"",
            ""
        )
    );
    let files = [
        field(
            "Contact",
            "SSN__c",
            "    <securityClassification>Restricted</securityClassification>\n    <type>Text</type>\n",
        ),
        permission_set(
            "Contact_Auditor",
            &format!(
                "    <label>Auditor</label>\n{}",
                op("Contact", &["allowRead", "viewAllFields"])
            ),
        ),
    ];
    let found = lint(&config, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].line, 11, "the <viewAllFields>true");
    assert_eq!(found[0].text, "true");
}

#[test]
fn session_level_forbid_and_require() {
    let files = [
        profile("Sales", LICENSE),
        profile("Finance", LICENSE),
        profile("Ops", LICENSE),
        session("Sales_HA", "Sales", "HIGH_ASSURANCE"),
        session("Finance_Std", "Finance", "STANDARD"),
    ];
    let forbid = format!(
        "select = [\"ORG\"]\n{}",
        policy(
            "ORG030",
            "[policy.forbid]\nsession-level = \"STANDARD\"",
            ""
        )
    );
    let found = lint(&forbid, &files);
    assert_eq!(
        where_(&of(&found, "ORG030")),
        [
            ("Finance_Std.profileSessionSetting-meta.xml".to_string(), 4),
            ("Sales_HA.profileSessionSetting-meta.xml".to_string(), 4)
        ]
    );
    let ha = found.iter().find(|f| f.path.contains("Sales_HA")).unwrap();
    assert_eq!(ha.text, "HIGH_ASSURANCE");
    assert_eq!(
        ha.message,
        "profile `Sales` requires a HIGH_ASSURANCE session at login"
    );

    let require = format!(
        "select = [\"ORG\"]\n{}",
        policy(
            "ORG031",
            "[policy.require]\nsession-level = \"high_assurance\"",
            ""
        )
    );
    let found = lint(&require, &files);
    assert_eq!(
        where_(&found.iter().collect::<Vec<_>>()),
        [
            ("Finance.profile-meta.xml".to_string(), 2),
            ("Ops.profile-meta.xml".to_string(), 2)
        ]
    );
}

#[test]
fn element_presence() {
    let files = [
        permission_set(
            "Documented",
            "    <description>Why</description>\n    <label>D</label>\n",
        ),
        permission_set(
            "Empty",
            "    <description>  </description>\n    <label>E</label>\n",
        ),
        permission_set("Missing", "    <label>M</label>\n"),
        profile("Sales", LICENSE),
    ];
    let require = format!(
        "select = [\"ORG\"]\n{}",
        policy(
            "ORG040",
            "[policy.require]\nelement = \"description\"",
            "[policy.where]\nprincipal-kind = \"permission-set\""
        )
    );
    let found = lint(&require, &files);
    assert_eq!(
        where_(&found.iter().collect::<Vec<_>>()),
        [
            ("Empty.permissionset-meta.xml".to_string(), 2),
            ("Missing.permissionset-meta.xml".to_string(), 2)
        ]
    );
    assert_eq!(
        found[0].message.split_once('`').unwrap().0,
        "permission set "
    );
    let forbid = format!(
        "select = [\"ORG\"]\n{}",
        policy("ORG041", "[policy.forbid]\nelement = \"description\"", "")
    );
    let found = lint(&forbid, &files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].text, "Why");
}

// ---------------------------------------------------------------------------------------
// Principals
// ---------------------------------------------------------------------------------------

#[test]
fn principal_selectors_kind_names_license_guest_and_muting_sets() {
    let files = [
        profile("Admin", &format!("{LICENSE}{}", up("ViewSetup", true))),
        profile(
            "Custom%3A Sales",
            &format!("{LICENSE}{}", up("ViewSetup", true)),
        ),
        profile(
            "Site Guest",
            &format!(
                "    <userLicense>Guest User License</userLicense>\n{}",
                up("ViewSetup", true)
            ),
        ),
        permission_set(
            "Setup",
            &format!("    <label>S</label>\n{}", up("ViewSetup", true)),
        ),
        muting_set(
            "Mute",
            &format!("    <label>M</label>\n{}", up("ViewSetup", true)),
        ),
    ];
    let run = |scope: &str| -> Vec<String> {
        let config = format!(
            "select = [\"ORG\"]\n{}",
            policy(
                "ORG050",
                "[policy.forbid]\nuser-permission = \"ViewSetup\"",
                &format!("[policy.where]\n{scope}")
            )
        );
        let mut v: Vec<String> = lint(&config, &files)
            .iter()
            .map(|f| f.message.split('`').nth(1).unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(run(""), ["Admin", "Custom: Sales", "Setup", "Site Guest"]);
    assert_eq!(run("principal-kind = \"muting-permission-set\""), ["Mute"]);
    assert_eq!(run("principal = \"system administrator\""), ["Admin"]);
    assert_eq!(run("principal = \"Custom: *\""), ["Custom: Sales"]);
    assert_eq!(
        run("principal-not = [\"System Administrator\", \"Site*\"]"),
        ["Custom: Sales", "Setup"]
    );
    assert_eq!(run("license = \"Guest*\""), ["Site Guest"]);
    assert_eq!(run("guest = true"), ["Site Guest"]);
    assert_eq!(
        run("guest = false\nprincipal-kind = \"profile\""),
        ["Admin", "Custom: Sales"]
    );
}

#[test]
fn integration_principals_use_effective_access() {
    // The integration user gets Contact.SSN__c through a group, muted by the group's
    // muting set; Account.Tier__c through a permission set from its user record.
    let files = [
        profile(
            "Analytics Cloud Integration User",
            "    <userLicense>Analytics Cloud Integration User</userLicense>\n",
        ),
        permission_set(
            "CRMA_Contact",
            &format!(
                "{}{}    <label>C</label>\n{}",
                field_perm("Account.Tier__c", false, true),
                field_perm("Contact.SSN__c", false, true),
                up("ApiEnabled", true)
            ),
        ),
        permission_set(
            "CRMA_Group_Member",
            &format!(
                "{}    <label>G</label>\n",
                field_perm("Contact.SSN__c", false, true)
            ),
        ),
        group(
            "CRMA_Access",
            "    <label>A</label>\n    <mutingPermissionSets>CRMA_Mute</mutingPermissionSets>\n    <permissionSets>CRMA_Group_Member</permissionSets>\n    <status>Updated</status>\n",
        ),
        muting_set(
            "CRMA_Mute",
            &format!(
                "    <label>M</label>\n{}",
                field_perm("Contact.SSN__c", false, true)
            ),
        ),
        field(
            "Contact",
            "SSN__c",
            "    <securityClassification>Restricted</securityClassification>\n    <type>Text</type>\n",
        ),
        field(
            "Account",
            "Tier__c",
            "    <securityClassification>Restricted</securityClassification>\n    <type>Text</type>\n",
        ),
        user(
            "integration",
            "Analytics Cloud Integration User",
            "    <permissionSetGroups>CRMA_Access</permissionSetGroups>\n    <permissionSets>CRMA_Contact</permissionSets>\n",
        ),
    ];
    let config = format!(
        "select = [\"ORG\"]\n{}{}",
        policy(
            "ORG060",
            "[policy.forbid]\nfield-access = \"read\"\nclassification-at-least = \"Restricted\"",
            "[policy.where]\nprincipal-kind = \"integration\""
        ),
        policy(
            "ORG061",
            "[policy.forbid]\nuser-permission = \"ApiEnabled\"",
            "[policy.where]\nprincipal-kind = [\"integration\", \"permission-set\"]\nintegration = true"
        )
    );
    let found = lint(&config, &files);
    let reads = of(&found, "ORG060");
    // Both fields: SSN__c is granted by CRMA_Contact directly (not through the group), so
    // the muting set does not take it away.
    assert_eq!(reads.len(), 2, "{found:#?}");
    assert!(reads.iter().all(|f| f.path.contains("CRMA_Contact")));
    assert!(
        reads[0]
            .message
            .starts_with("integration user `Analytics Cloud Integration User` can read")
    );
    let api = of(&found, "ORG061");
    assert_eq!(api.len(), 2, "the set itself and the principal: {found:#?}");

    // Without the direct grant, the group's grant of SSN__c is muted.
    let mut files = files.to_vec();
    files[1] = permission_set(
        "CRMA_Contact",
        &format!(
            "{}    <label>C</label>\n",
            field_perm("Account.Tier__c", false, true)
        ),
    );
    let found = lint(&config, &files);
    let reads = of(&found, "ORG060");
    assert_eq!(reads.len(), 1, "{found:#?}");
    assert!(reads[0].message.ends_with("Account.Tier__c"));
}

// ---------------------------------------------------------------------------------------
// Load-time validation
// ---------------------------------------------------------------------------------------

#[test]
fn configuration_errors_point_at_the_value() {
    let base = "[[policy]]\ncode = \"ORG001\"\nname = \"x\"\n";
    let cases: &[(&str, &str, &str)] = &[
        (
            "[policy.forbid]\nuser-permision = \"ModifyAllData\"\n",
            "unknown field",
            "user-permision",
        ),
        (
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"\n[policy.where]\nprincipal = [\"Admin\", \"Sales[\"]\n",
            "not a valid glob",
            "\"Sales[\"",
        ),
        (
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"\nfield-access = \"read\"\n",
            "second subject",
            "\"read\"",
        ),
        (
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"\nobject = \"Account\"\n",
            "does not apply",
            "\"Account\"",
        ),
        (
            "[policy.forbid]\nobject-permission = \"modify_all\"\n",
            "not an object permission",
            "\"modify_all\"",
        ),
        (
            "[policy.forbid]\nfield-access = \"write\"\n",
            "not a field access",
            "\"write\"",
        ),
        (
            "[policy.forbid]\nfield-access = \"read\"\nclassification-at-least = \"Secret\"\n",
            "not a classification level",
            "\"Secret\"",
        ),
        (
            "[policy.forbid]\nfield-access = \"read\"\ncompliance-group = [\"PII\", \"PHI\"]\n",
            "not a compliance group",
            "\"PHI\"",
        ),
        (
            "[policy.forbid]\nfield-access = \"read\"\ntype = \"Txt\"\n",
            "not a field type",
            "\"Txt\"",
        ),
        (
            "[policy.forbid]\nsession-level = \"HIGH\"\n",
            "not a session level",
            "\"HIGH\"",
        ),
        (
            "[policy.forbid]\nsession-level = \"STANDARD\"\n[policy.where]\nprincipal-kind = [\"permission-set\"]\n",
            "cannot range over",
            "\"permission-set\"",
        ),
        (
            "[policy.forbid]\nelement = \"descripton\"\n",
            "not an element",
            "\"descripton\"",
        ),
        (
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"\n[policy.where]\nprincipal-kind = \"profiles\"\n",
            "not a principal kind",
            "\"profiles\"",
        ),
        (
            "message = \"{principal} in {flie}\"\n[policy.forbid]\nuser-permission = \"ModifyAllData\"\n",
            "not a placeholder",
            "{flie}",
        ),
        (
            "message = \"{principal} reads {field}\"\n[policy.forbid]\nuser-permission = \"ModifyAllData\"\n",
            "no value",
            "{field}",
        ),
        (
            "severity = \"fatal\"\n[policy.forbid]\nuser-permission = \"ModifyAllData\"\n",
            "not a severity",
            "\"fatal\"",
        ),
        (
            "[policy.require]\nfield-access = \"read\"\n",
            "needs a field selector",
            "\"read\"",
        ),
        (
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"\n[policy.require]\nuser-permission = \"ModifyAllData\"\n",
            "not both",
            "[policy.require]",
        ),
        ("", "has no condition", "\"ORG001\""),
    ];
    for (rest, message, spanned) in cases {
        let (m, _, text) = config_error(&format!("{base}{rest}"));
        assert!(m.contains(message), "{rest}: {m}");
        assert_eq!(&text, spanned, "{rest}: {m}");
    }
    let (m, help, text) = config_error(
        "[[policy]]\ncode = \"SFX001\"\nname = \"x\"\n[policy.forbid]\nuser-permission = \"ModifyAllData\"\n",
    );
    assert!(m.contains("sflint's own rules"), "{m} {help:?}");
    assert_eq!(text, "\"SFX001\"");
    let (m, _, text) = config_error(
        "[[policy]]\ncode = \"BS001\"\nname = \"x\"\n[policy.forbid]\nuser-permission = \"ModifyAllData\"\n",
    );
    assert!(m.contains("`BS`"), "{m}");
    assert_eq!(text, "\"BS001\"");
    let twice = format!(
        "{}{}",
        policy(
            "ORG001",
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"",
            ""
        ),
        policy(
            "ORG001",
            "[policy.forbid]\nuser-permission = \"ViewAllData\"",
            ""
        )
    );
    let (m, _, _) = config_error(&twice);
    assert!(m.contains("already used"), "{m}");
    let (m, _, text) = config_error(
        "[[policy]]\ncode = \"ORG001\"\nname = \"editable-without-readable\"\n[policy.forbid]\nuser-permission = \"ModifyAllData\"\n",
    );
    assert!(m.contains("sflint's rules"), "{m}");
    assert_eq!(text, "\"ORG001\"");
    // Selectors know the policies.
    let (m, help, text) = config_error(&format!(
        "ignore = [\"ORG002\"]\n{}",
        policy(
            "ORG001",
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"",
            ""
        )
    ));
    assert!(m.contains("matches no rule"), "{m}");
    assert_eq!(help.as_deref(), Some("did you mean `ORG001`?"));
    assert_eq!(text, "\"ORG002\"");
}

#[test]
fn unknown_user_permissions_never_stop_the_run() {
    let config = |name: &str| {
        format!(
            "select = [\"ORG\", \"SF\"]\n{}",
            policy(
                "ORG001",
                &format!("[policy.forbid]\nuser-permission = \"{name}\""),
                ""
            )
        )
    };
    let files = [profile(
        "Sales",
        &format!(
            "{LICENSE}{}{}",
            up("AcmeCustomPermissionX", true),
            up("ForceTwoFactor", true)
        ),
    )];
    // Real names that an older built-in list lacked are known.
    for name in ["ForceTwoFactor", "ManageAccessPolicies", "modifyalldata"] {
        let found = lint(&config(name), &files);
        assert!(of(&found, "SF006").is_empty(), "{name}: {found:#?}");
    }
    let found = lint(&config("ForceTwoFactor"), &files);
    assert_eq!(
        where_(&of(&found, "ORG001")),
        [("Sales.profile-meta.xml".into(), 9)]
    );
    // A name the project uses is accepted.
    assert!(of(&lint(&config("AcmeCustomPermissionX"), &files), "SF006").is_empty());
    // A typo of a known name: the run goes on; SF006 (info) says so, with a did-you-mean.
    let found = lint(&config("ModifyAlData"), &files);
    let sf = of(&found, "SF006");
    assert_eq!(sf.len(), 1, "{found:#?}");
    assert_eq!(sf[0].severity, Severity::Info);
    assert!(
        sf[0].message.contains("`ModifyAlData`"),
        "{}",
        sf[0].message
    );
    assert!(
        sf[0].message.contains("did you mean `ModifyAllData`?"),
        "{}",
        sf[0].message
    );
    // A name far from every known one: no suggestion, still no stop.
    let found = lint(&config("AcmeBrandNewPermission2031"), &files);
    let sf = of(&found, "SF006");
    assert_eq!(sf.len(), 1, "{found:#?}");
    assert!(!sf[0].message.contains("did you mean"), "{}", sf[0].message);
}

#[test]
fn an_unknown_user_permission_in_the_real_binary_exits_0() {
    let dir = TempDir::new("unknown-up");
    dir.write(
        "sflint.toml",
        "[[policy]]\ncode = \"ORG001\"\nname = \"no-two-factor-bypass\"\n[policy.forbid]\nuser-permission = \"ManageAccessPolicys\"\n",
    );
    let (path, text) = profile("Sales", LICENSE);
    dir.write(&path, text);
    let run = run_in(dir.path(), &["check", ".", "--format", "concise"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("SF006") && run.stdout.contains("did you mean `ManageAccessPolicies`?"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------
// SF006
// ---------------------------------------------------------------------------------------

#[test]
fn a_policy_that_matches_nothing_is_reported_in_the_configuration() {
    let config = format!(
        "{}{}{}",
        policy(
            "ORG001",
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"",
            "[policy.where]\nprincipal = \"Salse\""
        ),
        policy(
            "ORG002",
            "[policy.forbid]\nfield-access = \"read\"\nfield = \"Contact.SNN__c\"",
            ""
        ),
        policy(
            "ORG003",
            "[policy.forbid]\nuser-permission = \"ModifyAllData\"",
            "[policy.where]\nprincipal = \"Sales\""
        ),
    );
    let files = [profile(
        "Sales",
        &format!("{}{LICENSE}", field_perm("Contact.SSN__c", false, true)),
    )];
    let found = lint(&config, &files);
    let sf = of(&found, "SF006");
    assert_eq!(sf.len(), 2, "{found:#?}");
    assert!(
        sf.iter()
            .all(|f| f.path == "sflint.toml" && f.severity == Severity::Info)
    );
    assert_eq!(sf[0].text, "\"ORG001\"");
    assert!(
        sf[0].message.contains("no profile or permission set"),
        "{}",
        sf[0].message
    );
    assert_eq!(sf[1].text, "\"ORG002\"");
    assert!(sf[1].message.contains("no field"), "{}", sf[1].message);
    // A disabled policy is not reported; neither are the packs' policies.
    let found = lint(
        &format!("ignore = [\"ORG001\", \"ORG002\"]\nselect = [\"ALL\", \"BS\"]\n{config}"),
        &files,
    );
    assert!(of(&found, "SF006").is_empty(), "{found:#?}");
}

// ---------------------------------------------------------------------------------------
// Packs and selection
// ---------------------------------------------------------------------------------------

#[test]
fn packs_are_off_by_default_and_selected_like_rules() {
    let files = [
        profile(
            "Sales",
            &format!(
                "{LICENSE}{}{}",
                up("ModifyAllData", true),
                up("AuthorApex", true)
            ),
        ),
        profile("Admin", &format!("{LICENSE}{}", up("ModifyAllData", true))),
    ];
    let codes = |config: &str| -> Vec<String> {
        let mut v: Vec<String> = lint(config, &files).into_iter().map(|f| f.code).collect();
        v.sort();
        v
    };
    assert!(codes("").is_empty());
    assert!(codes("select = [\"ALL\"]").is_empty());
    assert_eq!(codes("select = [\"ALL\", \"BS\"]"), ["BS001", "BS003"]);
    assert_eq!(
        codes("select = [\"baseline-security\"]"),
        ["BS001", "BS003"]
    );
    assert_eq!(
        codes("select = [\"modify-all-data-outside-admins\"]"),
        ["BS001"]
    );
    assert_eq!(codes("select = [\"BS\"]\nignore = [\"BS003\"]"), ["BS001"]);
    let found = lint("select = [\"BS001\"]\n[severity]\nBS = \"warning\"", &files);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    // The command line too.
    let s = Setup::from_toml(
        "",
        None,
        &Overrides {
            select: Some(vec!["BS001".into()]),
            ..Overrides::default()
        },
    )
    .unwrap();
    assert!(
        s.settings.is_enabled("BS001")
            && !s.settings.is_enabled("BS002")
            && !s.settings.is_enabled("PM001")
    );
}

#[test]
fn policies_are_on_by_default_and_work_with_ignore_severity_and_suppressions() {
    let p = policy(
        "ORG001",
        "[policy.forbid]\nuser-permission = \"ModifyAllData\"",
        "",
    );
    let files = [profile(
        "Sales",
        &format!("{LICENSE}{}", up("ModifyAllData", true)),
    )];
    let codes = |config: &str, files: &[(String, String)]| -> Vec<(String, Severity)> {
        lint(config, files)
            .into_iter()
            .map(|f| (f.code, f.severity))
            .collect()
    };
    assert_eq!(codes(&p, &files), [("ORG001".into(), Severity::Error)]);
    assert_eq!(
        codes(&format!("select = [\"ALL\"]\n{p}"), &files),
        [("ORG001".into(), Severity::Error)]
    );
    assert!(codes(&format!("select = [\"PM\"]\n{p}"), &files).is_empty());
    assert!(codes(&format!("ignore = [\"ORG\"]\n{p}"), &files).is_empty());
    assert_eq!(
        codes(&format!("[severity]\nORG001 = \"info\"\n{p}"), &files),
        [("ORG001".into(), Severity::Info)]
    );
    assert!(
        codes(
            &format!("[per-file-ignores]\n\"**/Sales.profile-meta.xml\" = [\"ORG001\"]\n{p}"),
            &files
        )
        .is_empty()
    );
    let suppressed = [profile(
        "Sales",
        &format!(
            "{LICENSE}    <!-- sflint-ignore ORG001: break-glass profile, SEC-9 -->\n{}",
            up("ModifyAllData", true)
        ),
    )];
    assert!(codes(&p, &suppressed).is_empty());
}

// ---------------------------------------------------------------------------------------
// The binary: policy files, formats, commands
// ---------------------------------------------------------------------------------------

fn project_with_policy_file() -> TempDir {
    let t = TempDir::sfdx("policies");
    let (p, text) = profile("Sales", &format!("{LICENSE}{}", up("ModifyAllData", true)));
    t.write(&p.replace(DIR, "force-app/main/default"), text);
    t.write(
        "sflint.toml",
        "policy-files = [\"security/policies/*.toml\"]\n",
    );
    t.write(
        "security/policies/admin.toml",
        "# Admin-only permissions\n[[policy]]\ncode = \"ORG001\"\nname = \"no-modify-all-data\"\nmessage = \"{principal} has Modify All Data\"\nhelp = \"remove it from {file}\"\n[policy.forbid]\nuser-permission = \"ModifyAllData\"\n[policy.where]\nprincipal-not = [\"Admin\"]\n\n[[policy]]\ncode = \"ORG002\"\nname = \"typo\"\n[policy.forbid]\nuser-permission = \"ViewAllData\"\n[policy.where]\nprincipal = \"Salse\"\n",
    );
    t
}

#[test]
fn policy_files_are_loaded_and_findings_point_into_them() {
    let t = project_with_policy_file();
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "force-app/main/default/profiles/Sales.profile-meta.xml:5:18: ORG001 [error] Sales has Modify All Data",
            "security/policies/admin.toml:13:8: SF006 [info] policy ORG002 (typo) matches nothing in this project: no profile or permission set in the project passes its `where`",
        ],
        "{}",
        r.stdout
    );
    // A broken policy file is an error that points into it.
    t.write(
        "security/policies/broken.toml",
        "[[policy]]\ncode = \"ORG003\"\nname = \"broken\"\n[policy.forbid]\nuser-permission = \"ModifyAllData\"\n[policy.where]\nprincipal-kind = [\"profile\", \"permision-set\"]\n",
    );
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("broken.toml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("`permision-set` is not a principal kind"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean `permission-set`?"),
        "{}",
        r.stderr
    );
    // A glob that matches nothing is an error in sflint.toml.
    t.write(
        "sflint.toml",
        "policy-files = [\"security/policy/*.toml\"]\n",
    );
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("matches no file"), "{}", r.stderr);
    assert!(r.stderr.contains("sflint.toml:1:"), "{}", r.stderr);
}

#[test]
fn policy_findings_in_sarif_json_and_github() {
    let t = project_with_policy_file();
    let r = run_in(t.path(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let index = rules
        .iter()
        .position(|r| r["id"] == "ORG001")
        .expect("ORG001 is listed");
    let rule = &rules[index];
    assert_eq!(rule["name"], "no-modify-all-data");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    let help = rule["help"]["markdown"].as_str().unwrap();
    assert!(help.contains("security/policies/admin.toml"), "{help}");
    assert!(help.contains("{principal} has Modify All Data"), "{help}");
    assert!(help.contains("remove it from {file}"), "{help}");
    assert!(
        help.contains("user-permission = \"ModifyAllData\""),
        "{help}"
    );
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "ORG001")
        .unwrap();
    assert_eq!(result["ruleIndex"], index);
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["message"]["text"],
        "Sales has Modify All Data. Fix: remove it from force-app/main/default/profiles/Sales.profile-meta.xml."
    );
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(5), Some(18))
    );
    assert!(result["partialFingerprints"]["sflint/v1"].is_string());
    let sf006 = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "SF006")
        .unwrap();
    assert_eq!(
        sf006["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "security/policies/admin.toml"
    );

    let r = run_in(t.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ORG001")
        .unwrap();
    assert_eq!(d["name"], "no-modify-all-data");
    assert_eq!(d["start"]["line"], 5);

    let r = run_in(t.path(), &["check", "--format", "github"]);
    assert!(
        r.stdout
            .contains("::error file=force-app/main/default/profiles/Sales.profile-meta.xml,line=5"),
        "{}",
        r.stdout
    );
    // Packs selected on the command line are listed with a short help and their page's link.
    let r = run_in(
        t.path(),
        &["check", "--format", "sarif", "--select", "BS001,ORG"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["BS001", "ORG001", "ORG002"]);
    let help = rules[0]["help"]["markdown"].as_str().unwrap();
    assert!(help.contains("**How to fix**"), "{help}");
    assert!(
        rules[0]["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("rules/packs/baseline-security.md")
    );
}

#[test]
fn rules_and_rule_commands_know_policies_and_packs() {
    let t = project_with_policy_file();
    let r = run_in(t.path(), &["rules", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rules = v["rules"].as_array().unwrap();
    let get = |code: &str| rules.iter().find(|r| r["code"] == code).unwrap().clone();
    let pm = get("PM001");
    assert_eq!(pm["kind"], "builtin");
    let bs = get("BS001");
    assert_eq!(
        (
            bs["kind"].as_str(),
            bs["enabled"].as_bool(),
            bs["pack"].as_str()
        ),
        (Some("pack"), Some(false), Some("baseline-security"))
    );
    let org = get("ORG001");
    assert_eq!(org["kind"], "policy");
    assert_eq!(org["enabled"], true);
    assert_eq!(org["defined_in"], "security/policies/admin.toml");
    assert_eq!(
        org["summary"],
        "Forbids user permission ModifyAllData for profiles and permission sets except \"Admin\""
    );

    let r = run_in(t.path(), &["rule", "ORG001"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("[[policy]]\ncode = \"ORG001\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("principal-not = [\"Admin\"]"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("ORG002"),
        "only its own table: {}",
        r.stdout
    );
    for key in ["BS001", "BS", "baseline-security", "api-enabled-for-guests"] {
        let r = run_in(t.path(), &["rule", key]);
        assert!(
            r.stdout.starts_with("# BS baseline-security"),
            "{key}: {}",
            r.stdout
        );
    }
    let r = run_in(t.path(), &["rule", "no-modify-all-dta"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `no-modify-all-data`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn init_writes_a_commented_configuration_once() {
    let t = TempDir::sfdx("init");
    let (p, text) = profile(
        "Analytics Cloud Integration User",
        "    <userLicense>Analytics Cloud Integration User</userLicense>\n",
    );
    t.write(&p, text);
    let (p, text) = profile(
        "ERP Integration",
        &format!(
            "    <userLicense>Salesforce Integration</userLicense>\n{}",
            up("ApiUserOnly", true)
        ),
    );
    t.write(&p, text);
    let (p, text) = field(
        "Contact",
        "SSN__c",
        "    <complianceGroup>PII;HR</complianceGroup>\n    <securityClassification>Secret</securityClassification>\n    <type>Text</type>\n",
    );
    t.write(&p, text);
    let r = run_in(t.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = std::fs::read_to_string(t.path().join("sflint.toml")).unwrap();
    for want in [
        "#   - Analytics Cloud Integration User: profile `Analytics Cloud Integration User`, runs dataflows and recipes",
        "# name = \"ERP Integration\"",
        "# Levels in use: Secret (1 field).",
        "levels = [\"Public\", \"Internal\", \"Confidential\", \"Restricted\", \"MissionCritical\", \"Secret\"]",
        "# Compliance groups in use: HR (1 field), PII (1 field).",
        "compliance-groups = [\"CCPA\", \"COPPA\", \"GDPR\", \"HIPAA\", \"PCI\", \"PersonalInfo\", \"PII\", \"HR\"]",
        "# access-matrix = \"security/access-matrix.csv\"",
    ] {
        assert!(written.contains(want), "missing `{want}` in\n{written}");
    }
    // The file it writes is a valid configuration, and linting with it works.
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    // It refuses to overwrite, unless --force.
    std::fs::write(t.path().join("sflint.toml"), "# mine\n").unwrap();
    let r = run_in(t.path(), &["init"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("already exists") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("sflint.toml")).unwrap(),
        "# mine\n"
    );
    let r = run_in(t.path(), &["init", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(t.path().join("sflint.toml"))
            .unwrap()
            .contains("[classification]")
    );
}

/// The README's policy examples: every `[[policy]]` block compiles, and each finding line
/// the README shows for one of them has the policy's severity and a message its template
/// gives.
#[test]
fn readme_policy_examples_compile_and_match_their_output() {
    use harness::policies::{check_policy_blocks, compile_policy_blocks, shown_findings};
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let (setups, problems) = compile_policy_blocks("README.md", &readme);
    harness::fail_if_any("README.md policy blocks", problems);
    let codes: Vec<&str> = setups
        .iter()
        .flat_map(|s| &s.policies)
        .map(|p| p.code.as_str())
        .collect();
    assert!(
        ["ORG001", "ORG002", "ORG003"]
            .iter()
            .all(|c| codes.contains(c)),
        "{codes:?}"
    );
    let shown: Vec<String> = shown_findings(&readme)
        .into_iter()
        .filter(|f| codes.contains(&f.code.as_str()))
        .map(|f| f.code)
        .collect();
    assert!(shown.len() >= 3, "{shown:?}");
    harness::fail_if_any(
        "README.md policy examples",
        check_policy_blocks("README.md", &readme),
    );

    // The check can fail: a wrong severity, a message the template can't give, a policy
    // sflint rejects.
    let wrong = readme
        .replacen("ORG001 [error]", "ORG001 [warning]", 1)
        .replacen("only admin profiles may.", "only admins may.", 1)
        .replacen("field-access = \"edit\"", "field-access = \"write\"", 1);
    let problems = check_policy_blocks("README.md", &wrong);
    assert!(
        problems.len() == 3
            && problems
                .iter()
                .any(|p| p.contains("shown at [warning], but its policy says error"))
            && problems.iter().any(|p| p.contains("which its template"))
            && problems.iter().any(|p| p.contains("sflint rejects it")),
        "{problems:#?}"
    );
}
