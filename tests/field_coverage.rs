//! PM009 (fields readable by nobody, also against a git base and with `--staged`), PM010
//! (muting entries that mute nothing) and the `ViewAllFieldsGlobal` user permission in
//! effective access (DC004, DC006), driving the real binary.

mod common;

use common::*;
use serde_json::Value;

const SET: &str = "force-app/main/default/permissionsets/Billing.permissionset-meta.xml";

fn field_path(object: &str, field: &str) -> String {
    format!("force-app/main/default/objects/{object}/fields/{field}.field-meta.xml")
}

fn field_def(name: &str, extra: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"{NS}\">\n    <fullName>{name}</fullName>\n{extra}    <type>Text</type>\n</CustomField>\n"
    )
}

fn user_perm(name: &str) -> String {
    format!(
        "    <userPermissions>\n        <enabled>true</enabled>\n        <name>{name}</name>\n    </userPermissions>\n"
    )
}

fn diags(dir: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

fn with_code<'a>(ds: &'a [Value], code: &str) -> Vec<&'a Value> {
    ds.iter().filter(|d| d["code"] == code).collect()
}

fn text_at(dir: &std::path::Path, d: &Value) -> String {
    let text = std::fs::read(dir.join(d["path"].as_str().unwrap())).unwrap();
    let span = &d["span"];
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    String::from_utf8_lossy(&text[s..e]).into_owned()
}

/// A repository whose first commit has `Invoice__c.Amount__c` and a permission set that
/// grants read on it.
fn billing_repo(tag: &str) -> TempDir {
    let t = git_repo(tag);
    t.write(
        SET,
        permission_set(&field_perm("Invoice__c.Amount__c", true, true)),
    );
    t.write(
        &field_path("Invoice__c", "Amount__c"),
        field_def("Amount__c", ""),
    );
    t
}

#[test]
fn pm009_points_at_the_field_and_names_the_sets_that_grant_its_object() {
    let t = TempDir::sfdx("pm009-basic");
    t.write(
        &field_path("Invoice__c", "Amount__c"),
        field_def("Amount__c", ""),
    );
    t.write(
        &field_path("Invoice__c", "Due_Date__c"),
        field_def("Due_Date__c", ""),
    );
    t.write(
        &field_path("Invoice__c", "Number__c"),
        field_def("Number__c", "    <required>true</required>\n"),
    );
    t.write(
        SET,
        permission_set(&field_perm("Invoice__c.Amount__c", true, true)),
    );
    let ds = diags(t.path(), &[]);
    let pm009 = with_code(&ds, "PM009");
    assert_eq!(pm009.len(), 1, "{ds:#?}");
    let d = pm009[0];
    assert_eq!(d["path"], field_path("Invoice__c", "Due_Date__c"));
    assert_eq!(d["severity"], "warning");
    assert_eq!(text_at(t.path(), d), "Due_Date__c");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("Invoice__c.Due_Date__c"),
        "{d}"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("permission set `Billing`"),
        "{d}"
    );
    assert_eq!(d["related"][0]["path"], SET);

    // The grant fixes it; so does `editable` true alone, or View All Fields (Global).
    t.write(
        SET,
        permission_set(&format!(
            "{}{}",
            field_perm("Invoice__c.Amount__c", true, true),
            field_perm("Invoice__c.Due_Date__c", false, true)
        )),
    );
    assert!(with_code(&diags(t.path(), &[]), "PM009").is_empty());
    t.write(
        SET,
        permission_set(&format!(
            "{}    <fieldPermissions>\n        <editable>true</editable>\n        <field>Invoice__c.Due_Date__c</field>\n    </fieldPermissions>\n",
            field_perm("Invoice__c.Amount__c", true, true)
        )),
    );
    assert!(with_code(&diags(t.path(), &[]), "PM009").is_empty());
    t.write(
        SET,
        permission_set(&format!(
            "{}{}",
            field_perm("Invoice__c.Amount__c", true, true),
            user_perm("ViewAllFieldsGlobal")
        )),
    );
    assert!(with_code(&diags(t.path(), &[]), "PM009").is_empty());
}

#[test]
fn pm009_is_quiet_where_the_project_does_not_decide_the_field() {
    let t = TempDir::sfdx("pm009-quiet");
    // No other Account field is granted: access lives elsewhere.
    t.write(&field_path("Account", "Tier__c"), field_def("Tier__c", ""));
    // An explicit `false` is a decision; a managed package's field is the package's.
    t.write(&field_path("Case", "Hash__c"), field_def("Hash__c", ""));
    t.write(
        &field_path("Case", "ns1__Score__c"),
        field_def("ns1__Score__c", ""),
    );
    t.write(
        "force-app/main/default/profiles/Support.profile-meta.xml",
        profile(&format!(
            "{}{}",
            field_perm("Case.Reason", false, true),
            field_perm("Case.Hash__c", false, false)
        )),
    );
    assert!(with_code(&diags(t.path(), &[]), "PM009").is_empty());
}

#[test]
fn pm009_with_a_git_base_reports_every_field_the_change_adds_without_a_grant() {
    let t = billing_repo("pm009-base");
    // An old field of an object nothing grants: not the change's doing.
    t.write(
        &field_path("Shipment__c", "Old__c"),
        field_def("Old__c", ""),
    );
    git_commit_all(&t, "base");
    // New: a field on an object nothing grants, and one that a profile sets to false.
    t.write(
        &field_path("Shipment__c", "Carrier__c"),
        field_def("Carrier__c", ""),
    );
    t.write(
        &field_path("Invoice__c", "Hidden__c"),
        field_def("Hidden__c", ""),
    );
    t.write(
        "force-app/main/default/profiles/Support.profile-meta.xml",
        profile(&field_perm("Invoice__c.Hidden__c", false, false)),
    );
    git_commit_all(&t, "head");

    let plain = diags(t.path(), &[]);
    assert!(with_code(&plain, "PM009").is_empty(), "{plain:#?}");

    let based = diags(t.path(), &["--base", "HEAD~1"]);
    let mut paths: Vec<&str> = with_code(&based, "PM009")
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            field_path("Invoice__c", "Hidden__c"),
            field_path("Shipment__c", "Carrier__c")
        ],
        "{based:#?}"
    );
    for d in with_code(&based, "PM009") {
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains("is new in this change"),
            "{d}"
        );
    }
}

#[test]
fn pm009_with_staged_reports_a_staged_new_field() {
    let t = billing_repo("pm009-staged");
    git_commit_all(&t, "base");
    let new = field_path("Payment__c", "Reference__c");
    t.write(&new, field_def("Reference__c", ""));
    git(t.path(), &["add", &new]);
    let ds = diags(t.path(), &["--staged"]);
    let pm009 = with_code(&ds, "PM009");
    assert_eq!(pm009.len(), 1, "{ds:#?}");
    assert_eq!(pm009[0]["path"], new);
}

const GROUP: &str =
    "force-app/main/default/permissionsetgroups/Interns.permissionsetgroup-meta.xml";
const MUTING: &str =
    "force-app/main/default/mutingpermissionsets/Interns_Muted.mutingpermissionset-meta.xml";

fn muting(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MutingPermissionSet xmlns=\"{NS}\">\n{body}    <label>M</label>\n</MutingPermissionSet>\n"
    )
}

fn group(members: &[&str]) -> String {
    let members: String = members
        .iter()
        .map(|m| format!("    <permissionSets>{m}</permissionSets>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSetGroup xmlns=\"{NS}\">\n    <label>Interns</label>\n    <mutingPermissionSets>Interns_Muted</mutingPermissionSets>\n{members}</PermissionSetGroup>\n"
    )
}

#[test]
fn pm010_points_at_the_muting_entry_with_the_members_as_related() {
    let t = TempDir::sfdx("pm010");
    t.write(SET, permission_set(&user_perm("ExportReport")));
    t.write(GROUP, group(&["Billing"]));
    t.write(
        MUTING,
        muting(&format!(
            "{}{}",
            user_perm("ExportReport"),
            user_perm("ModifyAllData")
        )),
    );
    let ds = diags(t.path(), &[]);
    let pm010 = with_code(&ds, "PM010");
    assert_eq!(pm010.len(), 1, "{ds:#?}");
    let d = pm010[0];
    assert_eq!(d["path"], MUTING);
    assert_eq!(d["severity"], "info");
    assert!(text_at(t.path(), d).contains("<name>ModifyAllData</name>"));
    assert!(d["message"].as_str().unwrap().contains("ModifyAllData"));
    assert_eq!(d["related"][0]["path"], GROUP);

    // A member the project doesn't hold may grant it: quiet.
    t.write(GROUP, group(&["Billing", "Partner_Extras"]));
    assert!(with_code(&diags(t.path(), &[]), "PM010").is_empty());
}

const ACIU: &str =
    "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml";

fn restricted(t: &TempDir) {
    t.write(
        &field_path("Contact", "SSN__c"),
        field_def(
            "SSN__c",
            "    <complianceGroup>PII</complianceGroup>\n    <securityClassification>Restricted</securityClassification>\n",
        ),
    );
}

#[test]
fn view_all_fields_global_is_read_on_every_field_unless_the_group_mutes_it() {
    let t = TempDir::sfdx("vafg-dc004");
    restricted(&t);
    t.write(ACIU, aciu_profile(&user_perm("ViewAllFieldsGlobal")));
    let ds = diags(t.path(), &[]);
    let dc004 = with_code(&ds, "DC004");
    assert_eq!(dc004.len(), 1, "{ds:#?}");
    assert_eq!(dc004[0]["path"], ACIU);
    assert_eq!(text_at(t.path(), dc004[0]), "true");

    // Through a group whose muting set mutes the permission: no read.
    t.write(ACIU, aciu_profile(""));
    t.write(SET, permission_set(&user_perm("ViewAllFieldsGlobal")));
    t.write(GROUP, group(&["Billing"]));
    t.write(MUTING, muting(&user_perm("ViewAllFieldsGlobal")));
    t.write(
        "force-app/main/default/users/crma.user-meta.xml",
        "<User>\n    <username>crma@x.example</username>\n    <profile>Analytics Cloud Integration User</profile>\n    <permissionSetGroups>Interns</permissionSetGroups>\n</User>\n",
    );
    t.write(".forceignore", "**/users/**\n");
    let ds = diags(t.path(), &[]);
    assert!(with_code(&ds, "DC004").is_empty(), "{ds:#?}");
    // Muting only the field leaves the global grant of other fields alone, but not of it.
    t.write(MUTING, muting(&field_perm("Contact.SSN__c", false, true)));
    assert!(with_code(&diags(t.path(), &[]), "DC004").is_empty());
    t.write(MUTING, muting(&field_perm("Contact.Other__c", false, true)));
    assert_eq!(with_code(&diags(t.path(), &[]), "DC004").len(), 1);
}

#[test]
fn dc006_reports_a_guest_profile_with_view_all_fields_global_under_the_same_identity() {
    let t = TempDir::sfdx("vafg-dc006");
    restricted(&t);
    let guest = "force-app/main/default/profiles/Site Guest.profile-meta.xml";
    let object_read = "    <objectPermissions>\n        <allowRead>true</allowRead>\n        <object>Contact</object>\n    </objectPermissions>\n";
    let license = "    <userLicense>Guest User License</userLicense>\n";
    t.write(
        guest,
        profile(&format!(
            "{}{object_read}{license}",
            field_perm("Contact.SSN__c", false, true)
        )),
    );
    let by_field = diags(t.path(), &[]);
    let by_field = with_code(&by_field, "DC006");
    assert_eq!(by_field.len(), 1);

    t.write(
        guest,
        profile(&format!(
            "{}{object_read}{license}{}",
            field_perm("Contact.SSN__c", false, false),
            user_perm("ViewAllFieldsGlobal")
        )),
    );
    let ds = diags(t.path(), &[]);
    let global = with_code(&ds, "DC006");
    assert_eq!(global.len(), 1, "{ds:#?}");
    assert_eq!(text_at(t.path(), global[0]), "true");
    assert!(
        global[0]["help"]
            .as_str()
            .unwrap()
            .contains("ViewAllFieldsGlobal"),
        "{}",
        global[0]
    );
    assert_eq!(global[0]["fingerprint"], by_field[0]["fingerprint"]);

    // Without read on the object, nothing is exposed.
    t.write(
        guest,
        profile(&format!("{license}{}", user_perm("ViewAllFieldsGlobal"))),
    );
    assert!(with_code(&diags(t.path(), &[]), "DC006").is_empty());
}

#[test]
fn pm009_leaves_profiles_without_field_security_to_the_org_but_judges_what_a_change_adds() {
    let t = billing_repo("pm009-no-profile-fls");
    t.write(
        &field_path("Invoice__c", "Memo__c"),
        field_def("Memo__c", ""),
    );
    // Profiles that list field permissions: Memo__c is readable by nobody.
    t.write(
        "force-app/main/default/profiles/Clerk.profile-meta.xml",
        profile(&field_perm("Invoice__c.Amount__c", false, true)),
    );
    assert_eq!(with_code(&diags(t.path(), &[]), "PM009").len(), 1);
    // Profiles retrieved without any field permissions: their field security is in the org.
    t.write(
        "force-app/main/default/profiles/Clerk.profile-meta.xml",
        profile("    <custom>true</custom>\n"),
    );
    let plain = diags(t.path(), &[]);
    assert!(with_code(&plain, "PM009").is_empty(), "{plain:#?}");
    git_commit_all(&t, "base");
    // A field the change adds is still judged against the project's sets.
    t.write(
        &field_path("Invoice__c", "Terms__c"),
        field_def("Terms__c", ""),
    );
    git_commit_all(&t, "head");
    let based = diags(t.path(), &["--base", "HEAD~1"]);
    let found: Vec<&str> = with_code(&based, "PM009")
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(found, [field_path("Invoice__c", "Terms__c")], "{based:#?}");
}
