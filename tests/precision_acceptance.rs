//! Acceptance review of issue 13 (precision on real metadata): one small project per item,
//! built in the real shapes the issue describes (SFDX and mdapi, decomposed sets,
//! namespaces, CumulusCI tokens, user records), linted by the real binary.

mod common;

use common::*;

const D: &str = "force-app/main/default";

/// Finding lines of a concise run (`path:line:col: CODE [sev] message`).
fn findings(t: &TempDir, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "concise"];
    all.extend_from_slice(args);
    let r = run_in(t.path(), &all);
    assert!(
        r.code == 0 || r.code == 1,
        "exit {}: {}\n{}",
        r.code,
        r.stdout,
        r.stderr
    );
    r.stdout
        .lines()
        .filter(|l| l.contains(": ") && l.contains(" ["))
        .filter(|l| !l.starts_with("Found") && !l.starts_with("note"))
        .map(str::to_owned)
        .collect()
}

fn with_code<'a>(lines: &'a [String], code: &str) -> Vec<&'a String> {
    let tag = format!(" {code} [");
    lines.iter().filter(|l| l.contains(&tag)).collect()
}

fn json(t: &TempDir, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(t.path(), &all);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn fp(field: &str, editable: bool, readable: bool) -> String {
    format!(
        "    <fieldPermissions>\n        <editable>{editable}</editable>\n        <field>{field}</field>\n        <readable>{readable}</readable>\n    </fieldPermissions>\n"
    )
}

fn op(object: &str, read: bool) -> String {
    format!(
        "    <objectPermissions>\n        <allowCreate>false</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>false</allowEdit>\n        <allowRead>{read}</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>{object}</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n"
    )
}

fn up(name: &str) -> String {
    format!(
        "    <userPermissions>\n        <enabled>true</enabled>\n        <name>{name}</name>\n    </userPermissions>\n"
    )
}

fn profile(custom: bool, license: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <custom>{custom}</custom>\n{body}    <userLicense>{license}</userLicense>\n</Profile>\n"
    )
}

fn permset(label: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{body}    <hasActivationRequired>false</hasActivationRequired>\n    <label>{label}</label>\n</PermissionSet>\n"
    )
}

fn field(name: &str, ty: &str, extra: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>{name}</fullName>\n{extra}    <type>{ty}</type>\n</CustomField>\n"
    )
}

fn field_path(object: &str, name: &str) -> String {
    format!("{D}/objects/{object}/fields/{name}.field-meta.xml")
}

/// A retrieved-shape dataflow (array-wrapped JSON string) reading `fields` of `object`.
fn dataflow(t: &TempDir, name: &str, object: &str, fields: &[&str]) {
    let fl: Vec<String> = fields
        .iter()
        .map(|f| format!("{{\"name\":\"{f}\"}}"))
        .collect();
    let inner = format!(
        "{{\"nodes\":{{\"Extract\":{{\"action\":\"sobjectDigest\",\"parameters\":{{\"object\":\"{object}\",\"fields\":[{}]}}}},\"Reg\":{{\"action\":\"register\",\"sources\":[\"Extract\"],\"parameters\":{{\"name\":\"ds\",\"label\":\"ds\"}}}}}}}}",
        fl.join(",")
    );
    let wrapped = serde_json::to_string(&serde_json::Value::Array(vec![
        serde_json::Value::String(inner),
        serde_json::Value::Null,
    ]))
    .unwrap();
    t.write(&format!("{D}/wave/{name}.wdf"), wrapped);
    t.write(
        &format!("{D}/wave/{name}.wdf-meta.xml"),
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<WaveDataflow xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <dataflowType>User</dataflowType>\n    <masterLabel>{name}</masterLabel>\n</WaveDataflow>\n"),
    );
}

/// sflint's user record.
fn user_xml(username: &str, profile: &str, sets: &[&str]) -> String {
    let sets: String = sets
        .iter()
        .map(|s| format!("    <permissionSets>{s}</permissionSets>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<User>\n    <username>{username}</username>\n    <profile>{profile}</profile>\n{sets}</User>\n"
    )
}

const CRMA: &str = "Analytics Cloud Integration User";
const SEC: &str = "Analytics Cloud Security User";

fn prof_path(name: &str) -> String {
    format!("{D}/profiles/{name}.profile-meta.xml")
}

fn ps_path(name: &str) -> String {
    format!("{D}/permissionsets/{name}.permissionset-meta.xml")
}

// ---- 1. PM003 only on custom master-detail and custom required fields ----

#[test]
fn item01_standard_master_detail_fields_are_fls_controlled() {
    let t = TempDir::sfdx("a01");
    for (obj, f) in [
        ("ContactPointAddress", "ParentId"),
        ("ContactPointEmail", "ParentId"),
        ("ContactPointPhone", "ParentId"),
        ("ApprovalSubmissionDetail", "ApprovalSubmissionId"),
        ("ApprovalWorkItem", "ApprovalSubmissionId"),
    ] {
        t.write(&field_path(obj, f), field(f, "MasterDetail", ""));
    }
    t.write(
        &field_path("Invoice__c", "Account__c"),
        field(
            "Account__c",
            "MasterDetail",
            "    <referenceTo>Account</referenceTo>\n",
        ),
    );
    t.write(
        &field_path("Invoice__c", "Code__c"),
        field(
            "Code__c",
            "Text",
            "    <length>10</length>\n    <required>true</required>\n",
        ),
    );
    let body = [
        fp("ContactPointAddress.ParentId", false, false),
        fp("ContactPointEmail.ParentId", false, false),
        fp("ContactPointPhone.ParentId", true, true),
        fp("ApprovalSubmissionDetail.ApprovalSubmissionId", false, true),
        fp("ApprovalWorkItem.ApprovalSubmissionId", false, false),
        fp("Invoice__c.Account__c", false, true),
        fp("Invoice__c.Code__c", true, true),
    ]
    .concat();
    t.write(
        &prof_path("Minimum Access - Salesforce"),
        profile(false, "Salesforce", &body),
    );
    t.write(&ps_path("Billing"), permset("Billing", &body));
    let l = findings(&t, &[]);
    let pm3 = with_code(&l, "PM003");
    assert_eq!(pm3.len(), 4, "{l:#?}");
    assert!(pm3.iter().all(|x| x.contains("Invoice__c.")), "{l:#?}");
    assert!(pm3.iter().all(|x| x.contains("[error]")), "{l:#?}");
}

#[test]
fn item01_mdapi_object_with_fields_and_case_difference() {
    let t = TempDir::new("a01m");
    t.write("src/package.xml", "<?xml version=\"1.0\"?><Package xmlns=\"http://soap.sforce.com/2006/04/metadata\"><version>61.0</version></Package>");
    t.write(
        "src/objects/ContactPointEmail.object",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fields>\n        <fullName>ParentId</fullName>\n        <type>MasterDetail</type>\n    </fields>\n</CustomObject>\n",
    );
    t.write(
        "src/objects/Shipment__c.object",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fields>\n        <fullName>Order__c</fullName>\n        <referenceTo>Order</referenceTo>\n        <type>MasterDetail</type>\n    </fields>\n</CustomObject>\n",
    );
    let body = [
        fp("ContactPointEmail.ParentId", false, false),
        fp("shipment__c.order__c", false, true),
    ]
    .concat();
    t.write(
        "src/profiles/Custom%3A Marketing Profile.profile",
        profile(true, "Salesforce", &body),
    );
    let l = findings(&t, &["src"]);
    let pm3 = with_code(&l, "PM003");
    assert_eq!(pm3.len(), 1, "{l:#?}");
    assert!(
        pm3[0].to_lowercase().contains("shipment__c.order__c"),
        "{l:#?}"
    );
}

// ---- 2. PM002 off by default, info when on, no deploy-failure claim ----

#[test]
fn item02_formula_and_rollup_editable_is_off_by_default_and_info() {
    let t = TempDir::sfdx("a02");
    t.write(
        &field_path("Log__c", "Summary__c"),
        field(
            "Summary__c",
            "Text",
            "    <formula>LEFT(Message__c, 10)</formula>\n    <length>10</length>\n",
        ),
    );
    t.write(
        &field_path("Account", "Total_Logs__c"),
        field(
            "Total_Logs__c",
            "Summary",
            "    <summaryOperation>count</summaryOperation>\n",
        ),
    );
    let body = [
        fp("Log__c.Summary__c", true, true),
        fp("Account.Total_Logs__c", true, true),
    ]
    .concat();
    t.write(&ps_path("LoggerAdmin"), permset("Logger Admin", &body));
    t.write(&prof_path("Admin"), profile(false, "Salesforce", &body));
    let l = findings(&t, &[]);
    assert!(with_code(&l, "PM002").is_empty(), "{l:#?}");
    let d = json(&t, &["--select", "PM002"]);
    assert_eq!(d.len(), 4, "{d:#?}");
    for x in &d {
        assert_eq!(x["severity"], "info", "{x}");
        let text = format!("{} {}", x["message"], x["help"]).to_lowercase();
        for bad in [
            "deploy fail",
            "fails to deploy",
            "deployment fail",
            "rejects",
            "cannot deploy",
            "can't deploy",
            "will fail",
        ] {
            assert!(!text.contains(bad), "{bad}: {text}");
        }
    }
    // Exit 0: info never fails the run.
    let r = run_in(t.path(), &["check", "--select", "PM002"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

// ---- 3. Managed-package components of another namespace ----

fn messy_body() -> String {
    [
        fp("Account.Nothing_Here__c", false, true), // PM004
        fp("Account.Rating__c", true, false),       // PM001
        fp("Account.Rating__c", true, false),       // PM005
        "    <fieldPermissions>\n        <editable>yes</editable>\n        <field>Account.Name</field>\n        <readable>true</readable>\n    </fieldPermissions>\n".to_string(), // SF003
    ]
    .concat()
}

#[test]
fn item03_foreign_namespace_sets_get_no_hygiene_findings() {
    let t = TempDir::new("a03");
    t.write(
        "sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app","default":true}],"namespace":"","sourceApiVersion":"61.0"}"#,
    );
    t.write(
        &field_path("Account", "Rating__c"),
        field("Rating__c", "Text", "    <length>5</length>\n"),
    );
    for n in [
        "FinServ__Teller",
        "maps__MapsAdmin",
        "sfdcInternalInt__sfdc_a360_sfcrm_data_extract",
        "vlocity_cmt__OmniStudioUser",
    ] {
        t.write(&ps_path(n), permset(n, &messy_body()));
    }
    // decomposed managed set
    t.write(
        &format!("{D}/permissionsets/FinServ__Advisor/FinServ__Advisor.permissionset-meta.xml"),
        permset("Advisor", ""),
    );
    t.write(
        &format!("{D}/permissionsets/FinServ__Advisor/fieldPermissions/Account.Nothing_Here__c.fieldPermission-meta.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FieldPermissions xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <editable>true</editable>\n    <field>Account.Nothing_Here__c</field>\n    <readable>false</readable>\n</FieldPermissions>\n",
    );
    // the project's own set: reported
    t.write(&ps_path("Own_Set"), permset("Own", &messy_body()));
    let l = findings(&t, &[]);
    for x in &l {
        let pm_or_sf3 = x.contains(" PM0") || x.contains(" SF003 [");
        assert!(!pm_or_sf3 || x.contains("Own_Set"), "managed: {x}\n{l:#?}");
    }
    assert!(
        with_code(&l, "PM001").iter().any(|x| x.contains("Own_Set")),
        "{l:#?}"
    );
    assert!(
        with_code(&l, "PM004").iter().any(|x| x.contains("Own_Set")),
        "{l:#?}"
    );
}

#[test]
fn item03_own_namespace_is_not_foreign() {
    let t = TempDir::new("a03b");
    t.write(
        "sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app","default":true}],"namespace":"acme"}"#,
    );
    t.write(
        &field_path("Account", "Rating__c"),
        field("Rating__c", "Text", "    <length>5</length>\n"),
    );
    t.write(
        &ps_path("acme__Ops"),
        permset("Ops", &fp("Account.Rating__c", true, false)),
    );
    let l = findings(&t, &[]);
    assert_eq!(with_code(&l, "PM001").len(), 1, "{l:#?}");
}

#[test]
fn item03_access_finding_points_at_what_the_user_can_change() {
    // A managed set of the integration user grants a Restricted field: DC004 must not
    // ask the user to edit the managed set without saying it is managed.
    let t = TempDir::sfdx("a03c");
    t.write(
        &field_path("Account", "Tax_Id__c"),
        field("Tax_Id__c", "Text", "    <length>20</length>\n    <securityClassification>Restricted</securityClassification>\n    <complianceGroup>PII</complianceGroup>\n"),
    );
    t.write(&prof_path(CRMA), profile(false, CRMA, &up("ViewAllData")));
    t.write(
        &ps_path("FinServ__FSCIntegration"),
        permset(
            "FSC",
            &[fp("Account.Tax_Id__c", false, true), op("Account", true)].concat(),
        ),
    );
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"crma\"\nprofile = \"Analytics Cloud Integration User\"\npermission-sets = [\"FinServ__FSCIntegration\"]\nruns-analytics = true\n",
    );
    dataflow(&t, "Accounts", "Account", &["Id", "Tax_Id__c"]);
    let d = json(&t, &[]);
    let dc4: Vec<_> = d.iter().filter(|x| x["code"] == "DC004").collect();
    assert!(!dc4.is_empty(), "{d:#?}");
    for x in dc4 {
        let path = x["path"].as_str().unwrap();
        let text = format!("{} {}", x["message"], x["help"]).to_lowercase();
        assert!(
            !path.contains("FinServ__") || text.contains("managed") || text.contains("package"),
            "{x}"
        );
    }
}

// ---- 4. CumulusCI tokens wherever a name appears ----

#[test]
fn item04_cumulusci_tokens_in_every_name_position() {
    let t = TempDir::sfdx("a04");
    t.write(
        &field_path("Batch__c", "Status__c"),
        field("Status__c", "Text", "    <length>5</length>\n"),
    );
    t.write(
        &field_path("Account", "Batch_Count__c"),
        field(
            "Batch_Count__c",
            "Number",
            "    <precision>5</precision>\n    <scale>0</scale>\n",
        ),
    );
    let body = [
        fp(
            "%%%NAMESPACE%%%Batch__c.%%%NAMESPACE%%%Status__c",
            true,
            true,
        ),
        fp(
            "%%%NAMESPACED_ORG%%%Batch__c.%%%NAMESPACED_ORG%%%Status__c",
            false,
            true,
        ),
        fp("Account.%%%NAMESPACE%%%Batch_Count__c", false, true),
        fp(
            "%%%NAMESPACE_DOT%%%Batch__c.%%%NAMESPACE_DOT%%%Status__c",
            false,
            true,
        ),
        fp(
            "%%%NAMESPACE%%%Batch__c.%%%NAMESPACE%%%Missing__c",
            false,
            true,
        ),
        op("%%%NAMESPACE%%%Batch__c", true),
    ]
    .concat();
    t.write(
        "unpackaged/config/qa/permissionsets/Batch_Admin.permissionset",
        permset("Batch Admin", &body),
    );
    t.write(
        "unpackaged/config/qa/profiles/Admin.profile",
        profile(false, "Salesforce", &body),
    );
    t.write(
        "unpackaged/config/qa/permissionsetgroups/Batch_Group.permissionsetgroup",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSetGroup xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <label>Batch Group</label>\n    <permissionSets>%%%NAMESPACE%%%Batch_Admin</permissionSets>\n    <status>Updated</status>\n</PermissionSetGroup>\n",
    );
    let l = findings(&t, &["force-app", "unpackaged"]);
    let pm4 = with_code(&l, "PM004");
    assert_eq!(pm4.len(), 2, "{l:#?}");
    assert!(pm4.iter().all(|x| x.contains("Missing__c")), "{l:#?}");
    assert!(
        !l.iter().any(|x| x.contains("%%%")),
        "names shown with tokens: {l:#?}"
    );
}

#[test]
fn item04_namespace_token_in_mdapi_file_names() {
    let t = TempDir::new("a04m");
    t.write("src/package.xml", "<?xml version=\"1.0\"?><Package xmlns=\"http://soap.sforce.com/2006/04/metadata\"><version>61.0</version></Package>");
    t.write(
        "unpackaged/post/objects/___NAMESPACE___Gift__c.object",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fields>\n        <fullName>%%%NAMESPACE%%%Amount__c</fullName>\n        <type>Currency</type>\n    </fields>\n</CustomObject>\n",
    );
    t.write(
        "unpackaged/post/permissionsets/Gifts.permissionset",
        permset(
            "Gifts",
            &[
                fp(
                    "%%%NAMESPACE%%%Gift__c.%%%NAMESPACE%%%Amount__c",
                    true,
                    true,
                ),
                fp("Gift__c.Amount__c", false, true),
            ]
            .concat(),
        ),
    );
    let l = findings(&t, &["unpackaged"]);
    assert!(with_code(&l, "PM004").is_empty(), "{l:#?}");
}

// ---- 5. DC002 accepts every documented compliance group ----

#[test]
fn item05_documented_compliance_groups_are_valid() {
    let t = TempDir::sfdx("a05");
    for (i, g) in [
        "PersonalInfo",
        "PersonalInfo;GDPR",
        "CCPA;COPPA;GDPR;HIPAA;PCI;PII",
        "PII",
    ]
    .iter()
    .enumerate()
    {
        t.write(
            &field_path("Contact", &format!("F{i}__c")),
            field(&format!("F{i}__c"), "Text", &format!("    <complianceGroup>{g}</complianceGroup>\n    <length>5</length>\n    <securityClassification>Confidential</securityClassification>\n")),
        );
    }
    t.write(
        &field_path("Contact", "Bad__c"),
        field(
            "Bad__c",
            "Text",
            "    <complianceGroup>PersonalInformation</complianceGroup>\n    <length>5</length>\n",
        ),
    );
    // configured groups don't make the documented ones invalid
    t.write(
        "sflint.toml",
        "[classification]\ncompliance-groups = [\"SOX\"]\n",
    );
    let l = findings(&t, &[]);
    let dc2 = with_code(&l, "DC002");
    assert_eq!(dc2.len(), 1, "{l:#?}");
    assert!(dc2[0].contains("Bad__c"), "{l:#?}");
}

// ---- 6. DC003 name matching ----

#[test]
fn item06_sensitive_names_describe_the_fields_own_data() {
    let t = TempDir::sfdx("a06");
    // misses of the issue: standard birthdate fields (standard field files have no type)
    t.write(&field_path("Contact", "Birthdate"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>Birthdate</fullName>\n    <trackFeedHistory>false</trackFeedHistory>\n</CustomField>\n");
    t.write(&field_path("Account", "PersonBirthdate"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>PersonBirthdate</fullName>\n    <trackHistory>false</trackHistory>\n</CustomField>\n");
    t.write(
        &field_path("Contact", "Passport_Number__c"),
        field(
            "Passport_Number__c",
            "Text",
            "    <label>Passport Number</label>\n    <length>20</length>\n",
        ),
    );
    t.write(
        &field_path("Contact", "Medical_Record_Number__c"),
        field(
            "Medical_Record_Number__c",
            "Text",
            "    <label>MRN</label>\n    <length>20</length>\n",
        ),
    );
    // wrong matches of the issue and their classes
    t.write(&field_path("DandBCompany", "NationalIdType"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>NationalIdType</fullName>\n</CustomField>\n");
    t.write(&field_path("Individual", "ConsumerCreditScoreProviderName"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>ConsumerCreditScoreProviderName</fullName>\n</CustomField>\n");
    t.write(&field_path("CareBarrierType", "DiagnosisCodeSetId"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>DiagnosisCodeSetId</fullName>\n    <type>Lookup</type>\n</CustomField>\n");
    t.write(
        &field_path("Contact", "Medical_Staff_Category__c"),
        field(
            "Medical_Staff_Category__c",
            "Picklist",
            "    <label>Medical Staff Category</label>\n",
        ),
    );
    t.write(&field_path("BusinessProfile", "WorkersCompMedicalClaims"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>WorkersCompMedicalClaims</fullName>\n</CustomField>\n");
    // same classes, other names
    t.write(
        &field_path("Contact", "Primary_Diagnosis__c"),
        field(
            "Primary_Diagnosis__c",
            "Lookup",
            "    <label>Primary Diagnosis</label>\n    <referenceTo>Diagnosis__c</referenceTo>\n",
        ),
    );
    t.write(
        &field_path("Lead", "Tax_Id_Type__c"),
        field(
            "Tax_Id_Type__c",
            "Picklist",
            "    <label>Tax ID Type</label>\n",
        ),
    );
    t.write(
        &field_path("Lead", "Credit_Score_Provider__c"),
        field(
            "Credit_Score_Provider__c",
            "Text",
            "    <label>Credit Score Provider</label>\n    <length>40</length>\n",
        ),
    );
    t.write(
        &field_path("Account", "Company_Tax_ID__c"),
        field(
            "Company_Tax_ID__c",
            "Text",
            "    <label>Company Tax ID</label>\n    <length>20</length>\n",
        ),
    );
    let l = findings(&t, &[]);
    let dc3: Vec<&String> = with_code(&l, "DC003");
    let hit = |n: &str| dc3.iter().any(|x| x.contains(n));
    for n in [
        "Contact/fields/Birthdate",
        "PersonBirthdate",
        "Passport_Number__c",
        "Medical_Record_Number__c",
    ] {
        assert!(hit(n), "missed {n}: {l:#?}");
    }
    for n in [
        "NationalIdType",
        "ConsumerCreditScoreProviderName",
        "DiagnosisCodeSetId",
        "Medical_Staff_Category__c",
        "WorkersCompMedicalClaims",
        "Primary_Diagnosis__c",
        "Tax_Id_Type__c",
        "Credit_Score_Provider__c",
        "Company_Tax_ID__c",
    ] {
        assert!(!hit(n), "wrongly matched {n}: {l:#?}");
    }
}

#[test]
fn item06_mdapi_object_fields_are_matched_too() {
    let t = TempDir::new("a06m");
    t.write("src/package.xml", "<?xml version=\"1.0\"?><Package xmlns=\"http://soap.sforce.com/2006/04/metadata\"><version>61.0</version></Package>");
    t.write(
        "src/objects/Contact.object",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fields>\n        <fullName>Birthdate</fullName>\n        <trackHistory>false</trackHistory>\n    </fields>\n    <fields>\n        <fullName>Medical_Staff_Category__c</fullName>\n        <label>Medical Staff Category</label>\n        <type>Picklist</type>\n    </fields>\n</CustomObject>\n",
    );
    let l = findings(&t, &["src"]);
    let dc3 = with_code(&l, "DC003");
    assert_eq!(dc3.len(), 1, "{l:#?}");
    assert!(dc3[0].contains("Birthdate"), "{l:#?}");
}

// ---- 7. SS003: groups carry activation; API integrations get a warning ----

fn session_set(name: &str, required: bool) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{}    <hasActivationRequired>{required}</hasActivationRequired>\n    <label>{name}</label>\n</PermissionSet>\n",
        fp("Account.Region__c", false, true)
    )
}

fn group(name: &str, sets: &[&str], required: Option<bool>) -> String {
    let sets: String = sets
        .iter()
        .map(|s| format!("    <permissionSets>{s}</permissionSets>\n"))
        .collect();
    let req = required
        .map(|r| format!("    <hasActivationRequired>{r}</hasActivationRequired>\n"))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSetGroup xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{req}    <label>{name}</label>\n{sets}    <status>Updated</status>\n</PermissionSetGroup>\n"
    )
}

fn session_set_on(name: &str, field: &str, required: bool) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{}    <hasActivationRequired>{required}</hasActivationRequired>\n    <label>{name}</label>\n</PermissionSet>\n",
        fp(field, false, true)
    )
}

#[test]
fn item07_session_sets_in_groups_need_no_activation() {
    let t = TempDir::sfdx("a07");
    for f in ["Region__c", "Zone__c", "Area__c"] {
        t.write(
            &field_path("Account", f),
            field(f, "Text", "    <length>5</length>\n"),
        );
    }
    t.write(&prof_path(CRMA), profile(false, CRMA, &up("ViewAllData")));
    // a session-based set inside a group that needs no activation: nothing to report
    t.write(
        &ps_path("Session_Read"),
        session_set_on("Session Read", "Account.Region__c", true),
    );
    t.write(
        &format!("{D}/permissionsetgroups/CRMA_Group.permissionsetgroup-meta.xml"),
        group("CRMA Group", &["Session_Read"], Some(false)),
    );
    // a plain set inside a group that needs activation: the group is reported
    t.write(
        &ps_path("Other_Read"),
        session_set_on("Other Read", "Account.Area__c", false),
    );
    t.write(
        &format!("{D}/permissionsetgroups/Locked_Group.permissionsetgroup-meta.xml"),
        group("Locked Group", &["Other_Read"], Some(true)),
    );
    // a session-based set assigned directly
    t.write(
        &ps_path("Direct_Session"),
        session_set_on("Direct Session", "Account.Zone__c", true),
    );
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"crma\"\nprofile = \"Analytics Cloud Integration User\"\npermission-set-groups = [\"CRMA_Group\", \"Locked_Group\"]\npermission-sets = [\"Direct_Session\"]\nruns-analytics = true\n\n[[integration.principal]]\nname = \"erp\"\nprofile = \"ERP Integration\"\npermission-sets = [\"Direct_Session\"]\npermission-set-groups = [\"CRMA_Group\"]\n",
    );
    t.write(
        &prof_path("ERP Integration"),
        profile(true, "Salesforce Integration", &up("ApiEnabled")),
    );
    dataflow(
        &t,
        "Regions",
        "Account",
        &["Id", "Region__c", "Zone__c", "Area__c"],
    );
    let l = findings(&t, &[]);
    let ss3 = with_code(&l, "SS003");
    assert!(
        !ss3.iter()
            .any(|x| x.contains("Session_Read") || x.contains("CRMA_Group")),
        "{l:#?}"
    );
    let crma_err: Vec<_> = ss3.iter().filter(|x| x.contains("[error]")).collect();
    assert!(
        crma_err.iter().any(|x| x.contains("Direct_Session")),
        "{l:#?}"
    );
    assert!(
        crma_err.iter().any(|x| x.contains("Locked_Group")),
        "{l:#?}"
    );
    // the API integration: a warning naming activation
    let erp: Vec<_> = ss3
        .iter()
        .filter(|x| x.contains("erp") || x.contains("ERP"))
        .collect();
    assert!(!erp.is_empty(), "{l:#?}");
    assert!(
        erp.iter()
            .all(|x| x.contains("[warning]") && x.to_lowercase().contains("activat")),
        "{l:#?}"
    );
}

// ---- 8. Which profile runs the jobs; the Security User reads nothing extracted ----

fn crma_org(tag: &str) -> TempDir {
    let t = TempDir::sfdx(tag);
    t.write(&field_path("Account", "Secret__c"), field("Secret__c", "Text", "    <length>5</length>\n    <securityClassification>Confidential</securityClassification>\n"));
    t.write(
        &prof_path(CRMA),
        profile(
            false,
            CRMA,
            &[up("ViewAllData"), fp("Account.Secret__c", false, false)].concat(),
        ),
    );
    t.write(
        &prof_path(SEC),
        profile(
            false,
            CRMA,
            &[fp("Account.Secret__c", false, true), op("Account", true)].concat(),
        ),
    );
    t.write(
        &prof_path("CRMA Integration Clone"),
        profile(
            true,
            CRMA,
            &[
                up("ViewAllData"),
                fp("Account.Secret__c", false, true),
                op("Account", true),
            ]
            .concat(),
        ),
    );
    dataflow(&t, "Accounts", "Account", &["Id", "Secret__c"]);
    t
}

fn iu001_on(l: &[String], profile: &str) -> bool {
    with_code(l, "IU001").iter().any(|x| x.contains(profile))
}

#[test]
fn item08_without_a_named_runner_every_crma_profile_counts() {
    let t = crma_org("a08a");
    let l = findings(&t, &[]);
    assert!(iu001_on(&l, CRMA), "{l:#?}");
}

#[test]
fn item08_a_user_record_or_config_names_the_clone() {
    let namings: [(&str, String); 3] = [
        (
            "config/crma-user-def.json",
            r#"{"Username":"integration@00d5g000000abcd.example.com","LastName":"Integration","profileName":"CRMA Integration Clone"}"#.to_string(),
        ),
        (
            "config/users/integration.user-meta.xml",
            user_xml("integration@00d5g000000abcd.example", "CRMA Integration Clone", &[]),
        ),
        (
            "sflint.toml",
            "[[integration.principal]]\nname = \"crma\"\nprofile = \"CRMA Integration Clone\"\nruns-analytics = true\n".to_string(),
        ),
    ];
    for (path, text) in namings {
        let t = crma_org("a08b");
        t.write(path, text);
        let l = findings(&t, &[]);
        assert!(!iu001_on(&l, CRMA), "{path}: {l:#?}");
    }
}

#[test]
fn item08_security_user_is_no_reader_of_extracted_fields() {
    let t = crma_org("a08e");
    // the security user denies, and its grant must not count either
    t.write(
        &prof_path(SEC),
        profile(false, CRMA, &fp("Account.Secret__c", false, false)),
    );
    t.write(
        "sflint.toml",
        "[classification]\njustify = [\"Confidential\"]\n",
    );
    let l = findings(&t, &[]);
    assert!(!l.iter().any(|x| x.contains(SEC)), "{l:#?}");
    // a security-user clone named by its reserved username
    t.write(
        &prof_path("CRMA Security Clone"),
        profile(
            true,
            CRMA,
            &[fp("Account.Secret__c", false, true), op("Account", true)].concat(),
        ),
    );
    t.write(
        "config/users/security.user-meta.xml",
        user_xml(
            "security@00d5g000000abcd.example",
            "CRMA Security Clone",
            &[],
        ),
    );
    t.write(
        "config/users/integration.user-meta.xml",
        user_xml(
            "integration@00d5g000000abcd.example",
            "CRMA Integration Clone",
            &[],
        ),
    );
    let l = findings(&t, &[]);
    assert!(
        !l.iter().any(
            |x| x.contains("CRMA Security Clone") && (x.contains(" DC0") || x.contains(" IU0"))
        ),
        "{l:#?}"
    );
    // the clone that runs the jobs reads the Confidential field: DC005 for it only
    let dc5 = with_code(&l, "DC005");
    assert!(
        !dc5.is_empty() && dc5.iter().all(|x| !x.contains("Security")),
        "{l:#?}"
    );
}

/// `Order__c.Total__c` and a permission set `CRMA_Extract` that grants read on it.
fn orders_with_extract_set(t: &TempDir) {
    t.write(
        &field_path("Order__c", "Total__c"),
        field(
            "Total__c",
            "Number",
            "    <precision>5</precision>\n    <scale>0</scale>\n",
        ),
    );
    t.write(
        &ps_path("CRMA_Extract"),
        permset("CRMA Extract", &fp("Order__c.Total__c", false, true)),
    );
}

// ---- 9. IU003 when the built-in profile's file is not in the project ----

#[test]
fn item09_builtin_profile_without_its_file_has_view_all_data() {
    let t = TempDir::sfdx("a09");
    orders_with_extract_set(&t);
    t.write(
        "config/users/integration.user-meta.xml",
        user_xml(
            "integration@00d5g000000abcd.example",
            "Analytics Cloud Integration User",
            &["CRMA_Extract"],
        ),
    );
    dataflow(&t, "Orders", "Order__c", &["Id", "Total__c"]);
    let l = findings(&t, &[]);
    assert!(with_code(&l, "IU003").is_empty(), "{l:#?}");
    assert!(with_code(&l, "IU002").is_empty(), "{l:#?}");
}

#[test]
fn item09_clone_with_view_all_data_reads_every_object() {
    let t = TempDir::sfdx("a09b");
    t.write(
        &field_path("Order__c", "Total__c"),
        field(
            "Total__c",
            "Number",
            "    <precision>5</precision>\n    <scale>0</scale>\n",
        ),
    );
    t.write(
        &prof_path("CRMA Clone"),
        profile(
            true,
            CRMA,
            &[up("ModifyAllData"), fp("Order__c.Total__c", false, true)].concat(),
        ),
    );
    t.write(
        &prof_path("CRMA No VAD"),
        profile(true, CRMA, &fp("Order__c.Total__c", false, true)),
    );
    dataflow(&t, "Orders", "Order__c", &["Id", "Total__c"]);
    let l = findings(&t, &[]);
    let iu3 = with_code(&l, "IU003");
    assert!(!iu3.iter().any(|x| x.contains("CRMA Clone")), "{l:#?}");
    let page = std::fs::read_to_string(repo_root().join("rules/analytics-object-not-readable.md"))
        .unwrap();
    assert!(
        page.contains("View All Data") && page.contains("Modify All Data"),
        "page"
    );
}

// ---- 10. SS002 and external client apps ----

fn eca_policy(app: &str, sets: &str, run_as: Option<&str>) -> String {
    let ra = run_as
        .map(|u| format!("    <clientCredentialsFlowUser>{u}</clientCredentialsFlowUser>\n"))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ExtlClntAppOauthConfigurablePolicies xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{ra}    <commaSeparatedPermissionSet>{sets}</commaSeparatedPermissionSet>\n    <externalClientApplication>{app}</externalClientApplication>\n    <isClientCredentialsFlowEnabled>{}</isClientCredentialsFlowEnabled>\n    <label>{app}</label>\n    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>\n    <policyAction>Block</policyAction>\n    <requiredSessionLevel>HIGH_ASSURANCE</requiredSessionLevel>\n</ExtlClntAppOauthConfigurablePolicies>\n",
        run_as.is_some()
    )
}

#[test]
fn item10_eca_permission_set_names_and_ids() {
    let t = TempDir::sfdx("a10");
    t.write(
        &prof_path("ERP Integration"),
        profile(true, "Salesforce Integration", &up("ApiEnabled")),
    );
    t.write(&ps_path("ERP_Access"), permset("ERP Access", ""));
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"erp\"\nprofile = \"ERP Integration\"\npermission-sets = [\"ERP_Access\"]\n",
    );
    t.write(
        &format!("{D}/extlClntAppOauthPolicies/ErpApp_oauthPlcy.ecaOauthPlcy-meta.xml"),
        eca_policy("ErpApp", "Sales_Ops, erp_access", None),
    );
    t.write(
        &format!("{D}/extlClntAppOauthPolicies/IdApp_oauthPlcy.ecaOauthPlcy-meta.xml"),
        eca_policy("IdApp", "0PS5g000000AbCdGAB,0PS5g000000AbCe", None),
    );
    let d = json(&t, &[]);
    let ss2: Vec<_> = d.iter().filter(|x| x["code"] == "SS002").collect();
    let erp: Vec<_> = ss2
        .iter()
        .filter(|x| x["path"].as_str().unwrap().contains("ErpApp"))
        .collect();
    assert_eq!(erp.len(), 1, "{ss2:#?}");
    assert_eq!(erp[0]["severity"], "error");
    let ids: Vec<_> = ss2
        .iter()
        .filter(|x| x["path"].as_str().unwrap().contains("IdApp"))
        .collect();
    assert_eq!(ids.len(), 1, "{ss2:#?}");
    assert_eq!(ids[0]["severity"], "info");
    let text = format!("{} {}", ids[0]["message"], ids[0]["help"]).to_lowercase();
    assert!(
        !text.contains("admits nobody") && !text.contains("admits no "),
        "{text}"
    );
}

#[test]
fn item10_client_credentials_run_as_users_are_principals() {
    let t = TempDir::sfdx("a10b");
    t.write(
        &prof_path("Minimum Access - API Only Integrations"),
        profile(false, "Salesforce Integration", &up("ApiEnabled")),
    );
    t.write(
        &field_path("Account", "Region__c"),
        field("Region__c", "Text", "    <length>5</length>\n"),
    );
    t.write(&ps_path("Billing_Sync"), session_set("Billing Sync", true));
    t.write(
        "config/users/billing.user-meta.xml",
        user_xml(
            "billing.sync@acme.example",
            "Minimum Access - API Only Integrations",
            &["Billing_Sync"],
        ),
    );
    t.write(
        &format!("{D}/connectedApps/Billing.connectedApp-meta.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <contactEmail>ops@acme.example</contactEmail>\n    <label>Billing</label>\n    <oauthConfig>\n        <callbackUrl>https://login.salesforce.com/services/oauth2/callback</callbackUrl>\n        <isClientCredentialEnabled>true</isClientCredentialEnabled>\n        <oauthClientCredentialUser>Billing.Sync@acme.example</oauthClientCredentialUser>\n        <scopes>Api</scopes>\n    </oauthConfig>\n    <sessionPolicy>\n        <sessionLevel>HIGH_ASSURANCE</sessionLevel>\n        <sessionTimeout>120</sessionTimeout>\n    </sessionPolicy>\n</ConnectedApp>\n",
    );
    t.write(
        &format!("{D}/extlClntAppOauthPolicies/Sync_oauthPlcy.ecaOauthPlcy-meta.xml"),
        eca_policy("Sync", "", Some("billing.sync@acme.example")),
    );
    let l = findings(&t, &[]);
    let ss2 = with_code(&l, "SS002");
    assert!(
        ss2.iter().any(|x| x.contains("Billing.connectedApp")),
        "{l:#?}"
    );
    assert!(ss2.iter().any(|x| x.contains("Sync_oauthPlcy")), "{l:#?}");
    // checked like any integration principal: its session-based set is reported
    assert!(!with_code(&l, "SS003").is_empty(), "{l:#?}");
}

// ---- 11. DC006: FLS without object read exposes nothing ----

#[test]
fn item11_guest_fls_without_object_read_is_quiet() {
    let t = TempDir::sfdx("a11");
    t.write(&field_path("Case", "SSN__c"), field("SSN__c", "Text", "    <complianceGroup>PII</complianceGroup>\n    <length>11</length>\n    <securityClassification>Restricted</securityClassification>\n"));
    t.write(&field_path("Lead", "Passport__c"), field("Passport__c", "Text", "    <complianceGroup>PII</complianceGroup>\n    <length>11</length>\n    <securityClassification>Restricted</securityClassification>\n"));
    t.write(
        &prof_path("Support Site Profile"),
        profile(
            false,
            "Guest User License",
            &[
                fp("Case.SSN__c", false, true),
                fp("Lead.Passport__c", false, true),
                op("Lead", true),
            ]
            .concat(),
        ),
    );
    let l = findings(&t, &[]);
    let dc6 = with_code(&l, "DC006");
    assert_eq!(dc6.len(), 1, "{l:#?}");
    assert!(dc6[0].contains("Passport__c"), "{l:#?}");
    for x in json(&t, &[]).iter().filter(|x| x["code"] == "DC006") {
        let text = format!("{} {}", x["message"], x["help"]).to_lowercase();
        assert!(!text.contains("anyone can see"), "{text}");
    }
}

// ---- 12. User permission names never stop a run ----

#[test]
fn item12_real_and_unknown_user_permissions_in_policies() {
    let t = TempDir::sfdx("a12");
    t.write(
        &prof_path("Ops"),
        profile(
            true,
            "Salesforce",
            &[up("ForceTwoFactor"), up("ManageAccessPolicies")].concat(),
        ),
    );
    t.write(
        "sflint.toml",
        "[[policy]]\ncode = \"ORG001\"\nname = \"mfa\"\nmessage = \"{principal} lacks MFA\"\nhelp = \"enable it\"\n[policy.require]\nuser-permission = \"ForceTwoFactor\"\n[policy.where]\nprincipal-kind = [\"profile\"]\n\n[[policy]]\ncode = \"ORG002\"\nname = \"access-policies\"\nmessage = \"{principal} manages access policies\"\nhelp = \"remove it\"\n[policy.forbid]\nuser-permission = \"ManageAccessPolicies\"\n\n[[policy]]\ncode = \"ORG003\"\nname = \"typo\"\nmessage = \"{principal}\"\nhelp = \"x\"\n[policy.forbid]\nuser-permission = \"ViewAllDta\"\n",
    );
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert_ne!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("ORG002"), "{}", r.stdout);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains("ViewAllDta") && all.contains("ViewAllData"),
        "{all}"
    );
}

// ---- 13. PM004 suggests only near names; help says what to do ----

#[test]
fn item13_pm004_near_suggestions_only() {
    let t = TempDir::sfdx("a13");
    t.write(
        &field_path("Account", "Region__c"),
        field("Region__c", "Text", "    <length>5</length>\n"),
    );
    t.write(
        &field_path("Account", "Rating_Score__c"),
        field(
            "Rating_Score__c",
            "Number",
            "    <precision>5</precision>\n    <scale>0</scale>\n",
        ),
    );
    t.write(
        &ps_path("Sales"),
        permset(
            "Sales",
            &[
                fp("Account.Regoin__c", false, true),
                fp("Account.Churn_Probability__c", false, true),
            ]
            .concat(),
        ),
    );
    let d = json(&t, &[]);
    let pm4: Vec<_> = d.iter().filter(|x| x["code"] == "PM004").collect();
    assert_eq!(pm4.len(), 2, "{d:#?}");
    for x in &pm4 {
        let all = x.to_string();
        let help = x["help"].as_str().unwrap_or("").to_lowercase();
        assert!(
            help.contains("define") && help.contains("remove") && help.contains("package"),
            "{help}"
        );
        if all.contains("Regoin__c") {
            assert!(all.contains("Region__c"), "{all}");
        } else {
            assert!(
                !all.contains("Region__c") && !all.contains("Rating_Score__c"),
                "{all}"
            );
        }
    }
}

// ---- 14. BS002 skips standard profiles that can't be edited ----

#[test]
fn item14_bs002_skips_standard_profiles() {
    let t = TempDir::sfdx("a14");
    t.write(&prof_path(CRMA), profile(false, CRMA, &up("ViewAllData")));
    t.write(
        &prof_path("Read Only"),
        profile(false, "Salesforce", &up("ViewAllData")),
    );
    t.write(
        &prof_path("Auditor Clone"),
        profile(true, "Salesforce", &up("ViewAllData")),
    );
    t.write(
        &ps_path("FinServ__Auditor"),
        permset("FSC Auditor", &up("ViewAllData")),
    );
    t.write(
        &ps_path("Audit_Access"),
        permset("Audit", &up("ViewAllData")),
    );
    let l = findings(&t, &["--select", "BS"]);
    let bs2 = with_code(&l, "BS002");
    assert_eq!(bs2.len(), 2, "{l:#?}");
    assert!(bs2.iter().any(|x| x.contains("Auditor Clone")), "{l:#?}");
    assert!(bs2.iter().any(|x| x.contains("Audit_Access")), "{l:#?}");
}

// ---- 15. Task and Event fields are defined on Activity ----

#[test]
fn item15_task_event_custom_fields_resolve_through_activity() {
    let t = TempDir::sfdx("a15");
    t.write(
        &field_path("Activity", "Call_Reason__c"),
        field("Call_Reason__c", "Picklist", ""),
    );
    t.write(
        &field_path("Activity", "Case_Ref__c"),
        field(
            "Case_Ref__c",
            "Lookup",
            "    <referenceTo>Case</referenceTo>\n    <required>true</required>\n",
        ),
    );
    t.write(&field_path("Activity", "Days_Open__c"), field("Days_Open__c", "Number", "    <formula>TODAY() - ActivityDate</formula>\n    <precision>5</precision>\n    <scale>0</scale>\n"));
    t.write(&field_path("Task", "Subject"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>Subject</fullName>\n</CustomField>\n");
    t.write(&field_path("Event", "Location"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>Location</fullName>\n</CustomField>\n");
    let body = [
        fp("Task.Call_Reason__c", true, true),
        fp("Event.Call_Reason__c", true, true),
        fp("task.call_reason__c", false, true),
        fp("Task.Case_Ref__c", true, true),
        fp("Event.Days_Open__c", true, true),
        fp("Task.Nope__c", false, true),
        fp("Activity.Call_Reason__c", false, true),
    ]
    .concat();
    t.write(&prof_path("Sales Rep"), profile(true, "Salesforce", &body));
    let l = findings(&t, &["--select", "ALL"]);
    let pm4 = with_code(&l, "PM004");
    assert_eq!(pm4.len(), 1, "{l:#?}");
    assert!(pm4[0].contains("Nope__c"), "{l:#?}");
    assert!(
        with_code(&l, "PM003")
            .iter()
            .any(|x| x.contains("Case_Ref__c")),
        "{l:#?}"
    );
    assert!(
        with_code(&l, "PM002")
            .iter()
            .any(|x| x.contains("Days_Open__c")),
        "{l:#?}"
    );
}

#[test]
fn item15_mdapi_activity_object_and_integration_reads() {
    let t = TempDir::new("a15m");
    t.write("src/package.xml", "<?xml version=\"1.0\"?><Package xmlns=\"http://soap.sforce.com/2006/04/metadata\"><version>61.0</version></Package>");
    t.write(
        "src/objects/Activity.object",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fields>\n        <fullName>Outcome__c</fullName>\n        <type>Text</type>\n    </fields>\n</CustomObject>\n",
    );
    t.write(
        "src/objects/Task.object",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fields>\n        <fullName>Subject</fullName>\n    </fields>\n</CustomObject>\n",
    );
    t.write(
        "src/profiles/Sales.profile",
        profile(
            true,
            "Salesforce",
            &[
                fp("Task.Outcome__c", false, true),
                fp("Event.Outcome__c", false, true),
            ]
            .concat(),
        ),
    );
    t.write(
        &format!("src/profiles/{CRMA}.profile"),
        profile(
            false,
            CRMA,
            &[up("ViewAllData"), fp("Task.Outcome__c", false, false)].concat(),
        ),
    );
    let inner = "{\"nodes\":{\"T\":{\"action\":\"sobjectDigest\",\"parameters\":{\"object\":\"Task\",\"fields\":[{\"name\":\"Id\"},{\"name\":\"Outcome__c\"}]}}}}";
    t.write(
        "src/wave/Tasks.wdf",
        serde_json::to_string(&serde_json::json!([inner, null])).unwrap(),
    );
    t.write("src/wave/Tasks.wdf-meta.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<WaveDataflow xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <dataflowType>User</dataflowType>\n    <masterLabel>Tasks</masterLabel>\n</WaveDataflow>\n");
    let l = findings(&t, &["src"]);
    assert!(with_code(&l, "PM004").is_empty(), "{l:#?}");
    assert!(
        with_code(&l, "IU001")
            .iter()
            .any(|x| x.contains("Outcome__c")),
        "{l:#?}"
    );
}

// ---- 16. Compound fields ----

#[test]
fn item16_components_map_to_their_compound_field() {
    let t = TempDir::sfdx("a16");
    t.write(
        &field_path("Site__c", "Location__c"),
        field(
            "Location__c",
            "Location",
            "    <displayLocationInDecimal>true</displayLocationInDecimal>\n    <scale>6</scale>\n",
        ),
    );
    t.write(
        &field_path("Contact", "Hobby__c"),
        field("Hobby__c", "Text", "    <length>20</length>\n"),
    );
    let deny = [
        fp("Account.BillingAddress", false, false),
        fp("Account.ShippingAddress", false, false),
        fp("Contact.MailingAddress", false, false),
        fp("Contact.OtherAddress", false, false),
        fp("Lead.Address", false, false),
        fp("Site__c.Location__c", false, false),
        fp("Contact.Hobby__c", false, false),
    ]
    .concat();
    t.write(
        &prof_path(CRMA),
        profile(false, CRMA, &[up("ViewAllData"), deny].concat()),
    );
    dataflow(
        &t,
        "Acc",
        "Account",
        &[
            "Id",
            "BillingCity",
            "ShippingLatitude",
            "Hobby__pc",
            "PersonMailingPostalCode",
        ],
    );
    dataflow(
        &t,
        "Con",
        "Contact",
        &["Id", "MailingStreet", "OtherCountryCode"],
    );
    dataflow(&t, "Lea", "Lead", &["Id", "PostalCode", "GeocodeAccuracy"]);
    dataflow(
        &t,
        "Sit",
        "Site__c",
        &["Id", "Location__Latitude__s", "Location__Longitude__s"],
    );
    let l = findings(&t, &[]);
    let iu1 = with_code(&l, "IU001");
    for f in [
        "BillingCity",
        "ShippingLatitude",
        "Hobby__pc",
        "PersonMailingPostalCode",
        "MailingStreet",
        "OtherCountryCode",
        "PostalCode",
        "GeocodeAccuracy",
        "Location__Latitude__s",
        "Location__Longitude__s",
    ] {
        assert!(iu1.iter().any(|x| x.contains(f)), "missed {f}: {l:#?}");
    }
    // no "unknown field" findings on the components
    assert!(with_code(&l, "IU002").is_empty(), "{l:#?}");
}

// ---- 15/16 for the DC rules: Activity fields and compound fields carry classification ----

#[test]
fn item15_16_classification_reaches_task_reads_and_address_components() {
    let t = TempDir::sfdx("a1516");
    t.write(
        &field_path("Activity", "Diagnosis_Notes__c"),
        field("Diagnosis_Notes__c", "LongTextArea", "    <complianceGroup>HIPAA</complianceGroup>\n    <length>32768</length>\n    <securityClassification>Restricted</securityClassification>\n    <visibleLines>3</visibleLines>\n"),
    );
    t.write(
        &field_path("Account", "BillingAddress"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>BillingAddress</fullName>\n    <complianceGroup>PII</complianceGroup>\n    <securityClassification>Restricted</securityClassification>\n</CustomField>\n",
    );
    t.write(
        &prof_path(CRMA),
        profile(
            false,
            CRMA,
            &[
                up("ViewAllData"),
                fp("Task.Diagnosis_Notes__c", false, true),
                fp("Account.BillingAddress", false, true),
            ]
            .concat(),
        ),
    );
    dataflow(&t, "Tasks", "Task", &["Id", "Diagnosis_Notes__c"]);
    dataflow(
        &t,
        "Accounts",
        "Account",
        &["Id", "BillingCity", "BillingPostalCode"],
    );
    let l = findings(&t, &[]);
    let dc4 = with_code(&l, "DC004");
    assert!(
        dc4.iter().any(|x| x.contains("Diagnosis_Notes__c")),
        "{l:#?}"
    );
    assert!(
        dc4.iter()
            .any(|x| x.contains("BillingAddress") || x.contains("BillingCity")),
        "{l:#?}"
    );
    assert!(
        with_code(&l, "IU002").is_empty() && with_code(&l, "IU001").is_empty(),
        "{l:#?}"
    );
}

#[test]
fn item16_person_account_fields_need_a_grant_on_contact() {
    // A permission-set-only principal: IU002 (nothing grants read) must look at Contact.
    let t = TempDir::sfdx("a16b");
    t.write(
        &field_path("Contact", "Hobby__c"),
        field("Hobby__c", "Text", "    <length>20</length>\n"),
    );
    t.write(
        &field_path("Contact", "Pet__c"),
        field("Pet__c", "Text", "    <length>20</length>\n"),
    );
    t.write(
        &prof_path("CRMA Clone"),
        profile(true, CRMA, &up("ViewAllData")),
    );
    t.write(
        &ps_path("CRMA_Read"),
        permset(
            "CRMA Read",
            &[
                fp("Contact.Hobby__c", false, true),
                op("Account", true),
                op("Contact", true),
            ]
            .concat(),
        ),
    );
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"crma\"\nprofile = \"CRMA Clone\"\npermission-sets = [\"CRMA_Read\"]\nruns-analytics = true\n",
    );
    dataflow(&t, "People", "Account", &["Id", "Hobby__pc", "Pet__pc"]);
    let l = findings(&t, &[]);
    let iu2 = with_code(&l, "IU002");
    assert!(!iu2.iter().any(|x| x.contains("Hobby__pc")), "{l:#?}");
    assert!(
        iu2.iter()
            .any(|x| x.contains("Pet__pc") || x.contains("Pet__c")),
        "{l:#?}"
    );
}

#[test]
fn item09_config_on_the_builtin_profile_without_its_file() {
    // A retrieve of a CRM Analytics org that leaves out the standard profiles, with the
    // integration user described in sflint.toml.
    let t = TempDir::sfdx("a09c");
    orders_with_extract_set(&t);
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"crma\"\nprofile = \"Analytics Cloud Integration User\"\npermission-sets = [\"CRMA_Extract\"]\nruns-analytics = true\n\n[[integration.principal]]\nname = \"admin-api\"\nprofile = \"System Administrator\"\n\n[[integration.principal]]\nname = \"erp\"\nprofile = \"ERP Integraton\"\n",
    );
    t.write(
        &prof_path("ERP Integration"),
        profile(true, "Salesforce Integration", &up("ApiEnabled")),
    );
    dataflow(&t, "Orders", "Order__c", &["Id", "Total__c"]);
    let l = findings(&t, &[]);
    let iu6 = with_code(&l, "IU006");
    assert_eq!(iu6.len(), 1, "{l:#?}");
    assert!(iu6[0].contains("ERP Integraton"), "{l:#?}");
    assert!(
        with_code(&l, "IU003").is_empty() && with_code(&l, "IU002").is_empty(),
        "{l:#?}"
    );
}

#[test]
fn item10_run_as_user_is_checked_by_the_dc_rules() {
    let t = TempDir::sfdx("a10c");
    t.write(
        &field_path("Contact", "SSN__c"),
        field("SSN__c", "Text", "    <complianceGroup>PII</complianceGroup>\n    <length>11</length>\n    <securityClassification>Restricted</securityClassification>\n"),
    );
    t.write(
        &prof_path("Minimum Access - API Only Integrations"),
        profile(false, "Salesforce Integration", &up("ApiEnabled")),
    );
    t.write(
        &ps_path("Payroll_Sync"),
        permset(
            "Payroll Sync",
            &[fp("Contact.SSN__c", false, true), op("Contact", true)].concat(),
        ),
    );
    t.write(
        "config/users/payroll.user-meta.xml",
        user_xml(
            "payroll@acme.example",
            "Minimum Access - API Only Integrations",
            &["Payroll_Sync"],
        ),
    );
    t.write(
        &format!("{D}/extlClntAppOauthPolicies/Payroll_oauthPlcy.ecaOauthPlcy-meta.xml"),
        eca_policy("Payroll", "", Some("payroll@acme.example"))
            .replace("HIGH_ASSURANCE", "STANDARD"),
    );
    let l = findings(&t, &[]);
    assert!(
        with_code(&l, "DC004").iter().any(|x| x.contains("SSN__c")),
        "{l:#?}"
    );
    assert!(with_code(&l, "SS002").is_empty(), "{l:#?}");
}

#[test]
fn item03_mdapi_retrieve_without_project_file() {
    let t = TempDir::new("a03m");
    t.write("src/package.xml", "<?xml version=\"1.0\"?><Package xmlns=\"http://soap.sforce.com/2006/04/metadata\"><version>61.0</version></Package>");
    t.write(
        "src/permissionsets/FinServ__Teller.permissionset",
        permset("Teller", &messy_body()),
    );
    t.write(
        "src/permissionsets/maps__MapsUser.permissionset",
        permset("Maps", &messy_body()),
    );
    t.write(
        "src/permissionsets/Branch_Ops.permissionset",
        permset("Branch", &fp("Account.Rating__c", true, false)),
    );
    let l = findings(&t, &["src"]);
    assert!(
        !l.iter()
            .any(|x| x.contains("FinServ__") || x.contains("maps__")),
        "{l:#?}"
    );
    assert_eq!(with_code(&l, "PM001").len(), 1, "{l:#?}");
}

#[test]
fn item03_managed_denial_points_at_what_the_user_can_change() {
    let t = TempDir::sfdx("a03d");
    t.write(
        &field_path("Account", "Wallet__c"),
        field(
            "Wallet__c",
            "Currency",
            "    <precision>10</precision>\n    <scale>2</scale>\n",
        ),
    );
    t.write(
        &prof_path("CRMA Clone"),
        profile(true, CRMA, &up("ViewAllData")),
    );
    t.write(
        &ps_path("FinServ__FSCWaveIntegration"),
        permset("FSC Wave", &fp("Account.Wallet__c", false, false)),
    );
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"crma\"\nprofile = \"CRMA Clone\"\npermission-sets = [\"FinServ__FSCWaveIntegration\"]\nruns-analytics = true\n",
    );
    dataflow(&t, "Wallets", "Account", &["Id", "Wallet__c"]);
    let d = json(&t, &[]);
    let iu: Vec<_> = d
        .iter()
        .filter(|x| x["code"] == "IU001" || x["code"] == "IU002")
        .collect();
    assert!(!iu.is_empty(), "{d:#?}");
    for x in iu {
        let path = x["path"].as_str().unwrap();
        let text = format!("{} {}", x["message"], x["help"]);
        assert!(
            !path.contains("FinServ__") || text.contains("FinServ"),
            "{x}"
        );
        assert!(
            text.contains("FinServ") || text.to_lowercase().contains("managed"),
            "{x}"
        );
    }
}

#[test]
fn item16_custom_address_parts_and_security_user_clone_by_config() {
    let t = TempDir::sfdx("a16c");
    t.write(
        &field_path("Site__c", "Home__c"),
        field("Home__c", "Address", ""),
    );
    t.write(
        &prof_path("CRMA Clone"),
        profile(
            true,
            CRMA,
            &[up("ViewAllData"), fp("Site__c.Home__c", false, false)].concat(),
        ),
    );
    t.write(
        &prof_path("CRMA Sec Clone"),
        profile(true, CRMA, &fp("Site__c.Home__c", false, false)),
    );
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"sec\"\nprofile = \"CRMA Sec Clone\"\nsecurity-user = true\n",
    );
    dataflow(
        &t,
        "Sites",
        "Site__c",
        &["Id", "Home__City__s", "Home__PostalCode__s"],
    );
    let l = findings(&t, &[]);
    let iu1 = with_code(&l, "IU001");
    assert!(iu1.iter().any(|x| x.contains("Home__City__s")), "{l:#?}");
    assert!(!iu1.iter().any(|x| x.contains("Sec Clone")), "{l:#?}");
}

#[test]
fn item15_dc009_counts_the_task_entries_of_an_activity_field() {
    let t = TempDir::sfdx("a15d");
    t.write(
        &field_path("Activity", "Health_Note__c"),
        field(
            "Health_Note__c",
            "Text",
            "    <complianceGroup>HIPAA</complianceGroup>\n    <length>80</length>\n    <securityClassification>Restricted</securityClassification>\n",
        ),
    );
    let both = [
        fp("Event.Health_Note__c", true, true),
        fp("Task.Health_Note__c", true, true),
    ]
    .concat();
    t.write(&prof_path("Sales Rep"), profile(true, "Salesforce", &both));
    t.write(
        &prof_path("Support Rep"),
        profile(true, "Salesforce", &both),
    );
    let l = findings(&t, &[]);
    let dc9 = with_code(&l, "DC009");
    assert_eq!(dc9.len(), 1, "{l:#?}");
    assert!(dc9[0].contains("Activity.Health_Note__c"), "{l:#?}");
}
