//! PM006 unknown-reference, through the real binary, over the layouts real projects use:
//! SFDX source, mdapi `src/` with record types embedded in `.object` files, decomposed
//! permission sets, CumulusCI `unpackaged/` bundles with namespace tokens, namespaces,
//! package dependencies, `exclude`, and `--base`.

mod common;

use common::*;

const CLS: &str = "public with sharing class X {}\n";

fn class_access(name: &str) -> String {
    format!(
        "    <classAccesses>\n        <apexClass>{name}</apexClass>\n        <enabled>true</enabled>\n    </classAccesses>\n"
    )
}

fn rt_visibility(name: &str) -> String {
    format!(
        "    <recordTypeVisibilities>\n        <default>false</default>\n        <recordType>{name}</recordType>\n        <visible>true</visible>\n    </recordTypeVisibilities>\n"
    )
}

fn entry(element: &str, child: &str, name: &str) -> String {
    format!("    <{element}>\n        <{child}>{name}</{child}>\n    </{element}>\n")
}

fn record_type(name: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RecordType xmlns=\"{NS}\">\n    <fullName>{name}</fullName>\n    <active>true</active>\n    <label>{name}</label>\n</RecordType>\n"
    )
}

/// PM006 lines of a concise run.
fn pm006(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["check", "--select", "PM006", "--format", "concise"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let lines = r
        .stdout
        .lines()
        .filter(|l| l.contains(": PM006 ["))
        .map(str::to_string)
        .collect();
    (r.code, lines)
}

const D: &str = "force-app/main/default";

#[test]
fn a_misspelt_class_is_reported_with_the_near_match() {
    let t = TempDir::sfdx("pm006-typo");
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(
        &format!("{D}/profiles/Clerk.profile-meta.xml"),
        profile(&(class_access("InvoiceService") + &class_access("InvoiceServce"))),
    );
    let (_, lines) = pm006(t.path(), &["."]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("Clerk.profile-meta.xml:8:20: PM006 [warning]"),
        "{lines:?}"
    );
    assert!(lines[0].contains("the Apex class `InvoiceServce`"));
    let r = run_in(t.path(), &["check", "--select", "PM006", "."]);
    assert!(
        r.stdout.contains("did you mean `InvoiceService`?"),
        "{}",
        r.stdout
    );
    // JSON carries the rule code and the identity-based fingerprint inputs.
    let r = run_in(
        t.path(),
        &["check", "--select", "PM006", "--format", "json", "."],
    );
    assert!(r.stdout.contains("\"unknown-reference\""), "{}", r.stdout);
}

#[test]
fn generated_standard_and_managed_names_are_not_judged() {
    let t = TempDir::sfdx("pm006-quiet");
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(&format!("{D}/pages/InvoiceView.page"), "<apex:page/>\n");
    t.write(
        &format!("{D}/tabs/Invoice__c.tab-meta.xml"),
        "<CustomTab/>\n",
    );
    t.write(
        &format!("{D}/applications/Billing.app-meta.xml"),
        "<CustomApplication/>\n",
    );
    t.write(
        &format!("{D}/objects/Account/recordTypes/Business.recordType-meta.xml"),
        record_type("Business"),
    );
    t.write(
        &format!("{D}/objects/Idea/recordTypes/Product_Idea.recordType-meta.xml"),
        record_type("Product_Idea"),
    );
    let mut body = String::new();
    for c in [
        "CommunitiesLoginController",
        "CommunitiesLandingControllerTest",
        "MyProfilePageController",
        "SiteRegisterController",
        "MicrobatchSelfRegControllerTest",
        "AutocreatedRegHandler1540238237462",
        "FinServ__FinancialAccountService",
    ] {
        body.push_str(&class_access(c));
    }
    for p in [
        "CommunitiesLanding",
        "SiteLogin",
        "FileNotFound",
        "vlocity_cmt__Console",
    ] {
        body.push_str(&entry("pageAccesses", "apexPage", p));
    }
    for app in [
        "standard__Sales",
        "standard__LightningService",
        "npsp__Nonprofit_CRM",
    ] {
        body.push_str(&entry("applicationVisibilities", "application", app));
    }
    for tab in ["standard-Account", "standard-home", "npsp__Batch__c"] {
        body.push_str(&entry("tabVisibilities", "tab", tab));
    }
    for rt in [
        "PersonAccount.PersonAccount",
        "Account.PersonAccount",
        "Idea.InternalIdeasIdeaRecordType",
        "Idea.Record_type_for_community_09at00000004CiIAAU_entity_Idea",
        "Account.FinServ__IndustriesHousehold",
        "Contact.Partner_Contact",
    ] {
        body.push_str(&rt_visibility(rt));
    }
    body.push_str(&entry(
        "layoutAssignments",
        "layout",
        "Account-Account Layout",
    ));
    body.push_str(&entry(
        "layoutAssignments",
        "layout",
        "npsp__Batch__c-Batch Layout",
    ));
    t.write(
        &format!("{D}/profiles/Site.profile-meta.xml"),
        profile(&body),
    );
    let (code, lines) = pm006(t.path(), &["."]);
    assert_eq!(lines, Vec::<String>::new());
    assert_eq!(code, 0);
}

#[test]
fn mdapi_record_types_come_from_the_object_files() {
    let t = TempDir::new("pm006-mdapi");
    t.write(
        "src/package.xml",
        format!("<Package xmlns=\"{NS}\"><version>61.0</version></Package>\n"),
    );
    t.write(
        "src/objects/Account.object",
        format!(
            "<CustomObject xmlns=\"{NS}\">\n    <recordTypes>\n        <fullName>Business</fullName>\n        <label>Business</label>\n    </recordTypes>\n</CustomObject>\n"
        ),
    );
    t.write(
        "src/profiles/Sales.profile",
        profile(
            &(rt_visibility("Account.Business")
                + &rt_visibility("Account.Busines")
                + &rt_visibility("Opportunity.Renewal")),
        ),
    );
    let (_, lines) = pm006(t.path(), &["."]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("record type `Account.Busines`"),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("project's Account record types"),
        "{lines:?}"
    );
    let r = run_in(t.path(), &["check", "--select", "PM006", "."]);
    assert!(
        r.stdout.contains("did you mean `Account.Business`?"),
        "{}",
        r.stdout
    );
}

#[test]
fn decomposed_permission_sets_are_read_and_their_entries_define_nothing() {
    let t = TempDir::sfdx("pm006-decomposed");
    t.write(
        &format!("{D}/customPermissions/Approve.customPermission-meta.xml"),
        "<CustomPermission/>\n",
    );
    t.write(
        &format!("{D}/applications/Billing.app-meta.xml"),
        "<CustomApplication/>\n",
    );
    let ps = format!("{D}/permissionsets/Auditor");
    t.write(
        &format!("{ps}/Auditor.permissionset-meta.xml"),
        permission_set(""),
    );
    t.write(
        &format!("{ps}/customPermissions/Audit.customPermission-meta.xml"),
        format!(
            "<CustomPermission xmlns=\"{NS}\">\n    <enabled>true</enabled>\n    <name>Audit</name>\n</CustomPermission>\n"
        ),
    );
    t.write(
        &format!("{ps}/applicationVisibilities/Billing_Hub.applicationVisibility-meta.xml"),
        format!(
            "<ApplicationVisibility xmlns=\"{NS}\">\n    <application>Billing_Hub</application>\n    <visible>true</visible>\n</ApplicationVisibility>\n"
        ),
    );
    t.write(
        &format!("{ps}/applicationVisibilities/Billing.applicationVisibility-meta.xml"),
        format!(
            "<ApplicationVisibility xmlns=\"{NS}\">\n    <application>Billing</application>\n    <visible>true</visible>\n</ApplicationVisibility>\n"
        ),
    );
    let (_, lines) = pm006(t.path(), &["."]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("the app `Billing_Hub`"), "{lines:?}");
    assert!(
        lines[1].contains("the custom permission `Audit`"),
        "{lines:?}"
    );
}

#[test]
fn cumulusci_tokens_are_stripped_and_unpackaged_components_count() {
    let t = TempDir::sfdx("pm006-cci");
    t.write(&format!("{D}/classes/BatchController.cls"), CLS);
    t.write(
        &format!("{D}/objects/Batch__c/recordTypes/Gift.recordType-meta.xml"),
        record_type("Gift"),
    );
    // A record type only an unpackaged bundle defines, in a tokenised file name.
    t.write(
        "unpackaged/pre/objects/___NAMESPACE___Batch__c/recordTypes/Grant.recordType-meta.xml",
        record_type("Grant"),
    );
    t.write(
        "unpackaged/config/qa/profiles/Admin.profile",
        profile(
            &(class_access("%%%NAMESPACE%%%BatchController")
                + &class_access("%%%NAMESPACE%%%BatchControler")
                + &rt_visibility("%%%NAMESPACE%%%Batch__c.Gift")
                + &rt_visibility("%%%NAMESPACE%%%Batch__c.Grant")
                + &rt_visibility("%%%NAMESPACE%%%Batch__c.Pledge")),
        ),
    );
    let (_, lines) = pm006(t.path(), &["unpackaged"]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    // Named without the tokens, at the text as written.
    assert!(lines[0].contains("Admin.profile:8:20: PM006"), "{lines:?}");
    assert!(lines[0].contains("`BatchControler`"), "{lines:?}");
    assert!(lines[1].contains("`Batch__c.Pledge`"), "{lines:?}");
}

#[test]
fn the_own_namespace_is_checked_and_others_are_not() {
    let t = TempDir::new("pm006-ns");
    t.write(
        "sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app","default":true}],"namespace":"acme"}"#,
    );
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(
        &format!("{D}/objects/Invoice__c/Invoice__c.object-meta.xml"),
        format!("<CustomObject xmlns=\"{NS}\"><label>I</label></CustomObject>\n"),
    );
    let mut body = class_access("acme__InvoiceService")
        + &class_access("acme__InvoiceHelper")
        + &class_access("other__InvoiceHelper");
    for o in [
        "acme__Invoice__c",
        "acme__Invoice_Line__c",
        "other__Line__c",
    ] {
        body.push_str(&entry("objectPermissions", "object", o));
    }
    t.write(
        &format!("{D}/permissionsets/Billing.permissionset-meta.xml"),
        permission_set(&body),
    );
    let (_, lines) = pm006(t.path(), &["."]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("`acme__InvoiceHelper`"), "{lines:?}");
    assert!(lines[1].contains("`acme__Invoice_Line__c`"), "{lines:?}");
}

#[test]
fn dependencies_leave_only_the_projects_own_objects_record_types() {
    let t = TempDir::new("pm006-deps");
    t.write(
        "sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app","default":true,"dependencies":[{"package":"base@1.0.0-1"}]}]}"#,
    );
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(
        &format!("{D}/objects/Invoice__c/Invoice__c.object-meta.xml"),
        format!("<CustomObject xmlns=\"{NS}\"><label>I</label></CustomObject>\n"),
    );
    t.write(
        &format!("{D}/objects/Invoice__c/recordTypes/Standard.recordType-meta.xml"),
        record_type("Standard"),
    );
    t.write(
        &format!("{D}/objects/Account/recordTypes/Business.recordType-meta.xml"),
        record_type("Business"),
    );
    t.write(
        &format!("{D}/profiles/Billing.profile-meta.xml"),
        profile(
            &(class_access("LoggerService")
                + &entry("objectPermissions", "object", "Log_Entry__c")
                + &rt_visibility("Account.Household")
                + &rt_visibility("Invoice__c.Proforma")),
        ),
    );
    let (_, lines) = pm006(t.path(), &["."]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("`Invoice__c.Proforma`"), "{lines:?}");
}

#[test]
fn a_type_the_project_holds_none_of_is_reported_once_as_info() {
    let t = TempDir::sfdx("pm006-none");
    for (set, classes) in [
        ("A", ["InvoiceService", "InvoiceHelper"]),
        ("B", ["InvoiceService", "PaymentService"]),
    ] {
        let body: String = classes.iter().map(|c| class_access(c)).collect();
        t.write(
            &format!("{D}/permissionsets/{set}.permissionset-meta.xml"),
            permission_set(&body),
        );
    }
    let (code, lines) = pm006(t.path(), &["."]);
    assert_eq!(code, 0, "an info does not fail the run");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(
            "PM006 [info] PM006 skipped for Apex classes: the project has none, so the 4 entries that name one (in `A`, `B`) are not checked"
        ),
        "{lines:?}"
    );
}

/// The example under "A project that keeps no Apex class" on the rule page, as shown.
#[test]
fn the_rule_page_shows_the_info_as_it_is_printed() {
    let t = TempDir::sfdx("pm006-page");
    t.write(
        &format!("{D}/profiles/Partner.profile-meta.xml"),
        profile(
            &(class_access("SiteLoginController")
                + &class_access("InvoiceController")
                + &class_access("InvoiceService")
                + "    <custom>true</custom>\n"),
        ),
    );
    let (_, lines) = pm006(t.path(), &["."]);
    let page = include_str!("../rules/unknown-reference.md");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(page.contains(&lines[0]), "{}", lines[0]);
}

#[test]
fn excluded_folders_define_nothing() {
    let t = TempDir::sfdx("pm006-exclude");
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(&format!("{D}/legacy/classes/OldService.cls"), CLS);
    t.write(
        &format!("{D}/profiles/Clerk.profile-meta.xml"),
        profile(&(class_access("InvoiceService") + &class_access("OldService"))),
    );
    let (_, lines) = pm006(t.path(), &["."]);
    assert_eq!(lines, Vec::<String>::new());
    t.write(
        "sflint.toml",
        "exclude = [\"force-app/main/default/legacy\"]\n",
    );
    let (_, lines) = pm006(t.path(), &["."]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("`OldService`"), "{lines:?}");
}

#[test]
fn with_a_base_the_current_tree_decides() {
    let t = TempDir::sfdx("pm006-base");
    git(t.path(), &["init", "-q"]);
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(&format!("{D}/classes/OldService.cls"), CLS);
    t.write(
        &format!("{D}/profiles/Clerk.profile-meta.xml"),
        profile(&(class_access("InvoiceService") + &class_access("OldService"))),
    );
    git(t.path(), &["add", "-A"]);
    git(t.path(), &["commit", "-qm", "base"]);
    std::fs::remove_file(t.path().join(format!("{D}/classes/OldService.cls"))).unwrap();
    let (_, lines) = pm006(t.path(), &["--base", "HEAD", "."]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("`OldService`"), "{lines:?}");
}

#[test]
fn component_files_are_neither_linted_nor_left_out() {
    let t = TempDir::sfdx("pm006-counts");
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(
        &format!("{D}/classes/InvoiceService.cls-meta.xml"),
        "<ApexClass/>\n",
    );
    t.write("unpackaged/pre/classes/SetupService.cls", CLS);
    t.write(
        &format!("{D}/profiles/Clerk.profile-meta.xml"),
        profile(&(class_access("InvoiceService") + &class_access("SetupService"))),
    );
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // One profile checked; the classes are neither counted nor noted as left out.
    assert!(r.stdout.contains("in 1 file"), "{}", r.stdout);
    assert!(!r.stdout.contains("files-left-out"), "{}", r.stdout);
}

#[test]
fn a_nested_projects_components_are_its_own() {
    let t = TempDir::sfdx("pm006-nested");
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(
        "plugins/slack/sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app","default":true}]}"#,
    );
    t.write("plugins/slack/force-app/classes/SlackService.cls", CLS);
    t.write(
        &format!("{D}/permissionsets/Clerk.permissionset-meta.xml"),
        permission_set(&(class_access("InvoiceService") + &class_access("SlackService"))),
    );
    let (_, lines) = pm006(t.path(), &["force-app"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("`SlackService`"), "{lines:?}");
}

#[test]
fn staged_files_are_judged_against_the_working_tree() {
    let t = TempDir::sfdx("pm006-staged");
    git(t.path(), &["init", "-q"]);
    t.write(&format!("{D}/classes/InvoiceService.cls"), CLS);
    t.write(
        &format!("{D}/profiles/Clerk.profile-meta.xml"),
        profile(&class_access("InvoiceService")),
    );
    git(t.path(), &["add", "-A"]);
    git(t.path(), &["commit", "-qm", "base"]);
    t.write(
        &format!("{D}/profiles/Clerk.profile-meta.xml"),
        profile(&(class_access("InvoiceService") + &class_access("InvoiceServic"))),
    );
    git(t.path(), &["add", "-A"]);
    let (code, lines) = pm006(t.path(), &["--staged"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("`InvoiceServic`"), "{lines:?}");
    assert_eq!(code, 0, "a warning does not fail the default threshold");
}
