//! `sflint explain` and `sflint access-diff`, driving the binary on projects in the SFDX
//! and the Metadata API layouts: gains and losses through a profile, a permission set, a
//! group and muting; a removed profile entry against a removed set entry; View All
//! Data; ViewAllFieldsGlobal; compound fields.

mod common;

use common::*;

#[derive(Clone, Copy, Debug)]
enum Layout {
    Sfdx,
    Mdapi,
}

const LAYOUTS: [Layout; 2] = [Layout::Sfdx, Layout::Mdapi];

/// One element of a set: field, object or user permission entries.
fn fp(field: &str, read: bool, edit: bool) -> String {
    field_perm(field, edit, read)
}

fn op(object: &str, read: bool, edit: bool, view_all_fields: bool) -> String {
    format!(
        "    <objectPermissions>\n        <allowCreate>false</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>{edit}</allowEdit>\n        <allowRead>{read}</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>{object}</object>\n        <viewAllFields>{view_all_fields}</viewAllFields>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n"
    )
}

fn up(name: &str, enabled: bool) -> String {
    format!(
        "    <userPermissions>\n        <enabled>{enabled}</enabled>\n        <name>{name}</name>\n    </userPermissions>\n"
    )
}

struct Project {
    t: TempDir,
    layout: Layout,
}

impl Project {
    fn new(tag: &str, layout: Layout) -> Project {
        let t = TempDir::new(tag);
        match layout {
            Layout::Sfdx => {
                t.write(
                    "sfdx-project.json",
                    r#"{"packageDirectories":[{"path":"force-app","default":true}]}"#,
                );
            }
            Layout::Mdapi => {
                t.write(
                    "src/package.xml",
                    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Package xmlns=\"{NS}\">\n    <version>60.0</version>\n</Package>\n"),
                );
            }
        }
        Project { t, layout }
    }

    fn path(&self) -> &std::path::Path {
        self.t.path()
    }

    fn file(&self, folder: &str, name: &str, suffix: &str, body: String) {
        let rel = match self.layout {
            Layout::Sfdx => format!("force-app/main/default/{folder}/{name}.{suffix}-meta.xml"),
            Layout::Mdapi => format!("src/{folder}/{name}.{suffix}"),
        };
        self.t.write(&rel, body);
    }

    fn profile(&self, name: &str, body: &str) {
        self.file("profiles", name, "profile", profile(body));
    }

    fn set(&self, name: &str, body: &str) {
        self.file(
            "permissionsets",
            name,
            "permissionset",
            permission_set(body),
        );
    }

    fn muting(&self, name: &str, body: &str) {
        self.file(
            "mutingpermissionsets",
            name,
            "mutingpermissionset",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MutingPermissionSet xmlns=\"{NS}\">\n{body}    <label>M</label>\n</MutingPermissionSet>\n"),
        );
    }

    fn group(&self, name: &str, sets: &[&str], muting: &[&str]) {
        let mut body = String::new();
        for s in sets {
            body.push_str(&format!("    <permissionSets>{s}</permissionSets>\n"));
        }
        for m in muting {
            body.push_str(&format!(
                "    <mutingPermissionSets>{m}</mutingPermissionSets>\n"
            ));
        }
        self.file(
            "permissionsetgroups",
            name,
            "permissionsetgroup",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSetGroup xmlns=\"{NS}\">\n    <label>G</label>\n{body}    <status>Updated</status>\n</PermissionSetGroup>\n"),
        );
    }

    /// Fields of an object: `(name, classification)`.
    fn fields(&self, object: &str, fields: &[(&str, &str)]) {
        let one = |name: &str, class: &str| {
            let class = if class.is_empty() {
                String::new()
            } else {
                format!("    <securityClassification>{class}</securityClassification>\n")
            };
            format!(
                "    <fullName>{name}</fullName>\n    <label>{name}</label>\n{class}    <type>Text</type>\n    <length>80</length>\n"
            )
        };
        match self.layout {
            Layout::Sfdx => {
                for (name, class) in fields {
                    self.t.write(
                        &format!("force-app/main/default/objects/{object}/fields/{name}.field-meta.xml"),
                        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"{NS}\">\n{}</CustomField>\n", one(name, class)),
                    );
                }
            }
            Layout::Mdapi => {
                let body: String = fields
                    .iter()
                    .map(|(n, c)| format!("    <fields>\n{}    </fields>\n", one(n, c)))
                    .collect();
                self.t.write(
                    &format!("src/objects/{object}.object"),
                    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"{NS}\">\n{body}</CustomObject>\n"),
                );
            }
        }
    }

    fn user(&self, username: &str, profile: &str, sets: &[&str], groups: &[&str]) {
        let mut body = format!(
            "    <username>{username}</username>\n    <profile>{profile}</profile>\n    <isActive>true</isActive>\n"
        );
        for s in sets {
            body.push_str(&format!("    <permissionSets>{s}</permissionSets>\n"));
        }
        for g in groups {
            body.push_str(&format!(
                "    <permissionSetGroups>{g}</permissionSetGroups>\n"
            ));
        }
        self.t.write(
            &format!("config/users/{}.user-meta.xml", username.replace('@', "_")),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<User>\n{body}</User>\n"),
        );
    }
}

const CONFIG: &str = r#"[[integration.principal]]
name = "etl"
profile = "Integration"
permission-sets = ["ETL_Read"]
"#;

/// The base project: an integration principal `etl` (profile `Integration` + `ETL_Read`),
/// a user in group `Sales` (members `Sales_Read`, muting `Sales_Mute`), `Admin`, a guest
/// profile, and classified Contact fields.
fn base(tag: &str, layout: Layout) -> Project {
    let p = Project::new(tag, layout);
    p.t.write("sflint.toml", CONFIG);
    p.fields(
        "Contact",
        &[
            ("SSN__c", "Restricted"),
            ("Notes__c", "Internal"),
            ("Birth__c", "MissionCritical"),
            ("Nick__c", ""),
        ],
    );
    p.profile(
        "Integration",
        &format!(
            "{}{}{}    <userLicense>Analytics Cloud Integration User</userLicense>\n",
            fp("Account.Phone", true, false),
            op("Contact", true, false, false),
            fp("Contact.Nick__c", true, false),
        ),
    );
    p.profile(
        "Admin",
        &[
            fp("Contact.SSN__c", false, false),
            op("Contact", true, true, false),
            up("ApiEnabled", true),
        ]
        .concat(),
    );
    p.profile(
        "Guest",
        &format!(
            "{}    <userLicense>Guest User License</userLicense>\n",
            op("Contact", true, false, false)
        ),
    );
    p.set("ETL_Read", &fp("Contact.Notes__c", true, false));
    p.set("Sales_Read", &fp("Contact.SSN__c", true, true));
    p.set("Extra", &fp("Contact.Birth__c", true, false));
    p.muting("Sales_Mute", &fp("Contact.Nick__c", true, false));
    p.group("Sales", &["Sales_Read"], &["Sales_Mute"]);
    p.user("rep@example.com", "Admin", &[], &["Sales"]);
    p
}

fn diff(p: &Project, base: &Project, extra: &[&str]) -> (i32, serde_json::Value) {
    let b = base.path().to_str().unwrap();
    let mut args = vec!["access-diff", "--base", b, "--format", "json"];
    args.extend_from_slice(extra);
    let r = run_in(p.path(), &args);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    (r.code, serde_json::from_str(&r.stdout).expect(&r.stdout))
}

fn changes<'a>(v: &'a serde_json::Value, principal: &str) -> Vec<&'a serde_json::Value> {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["principal"] == principal)
        .collect()
}

fn subject_name(c: &serde_json::Value) -> String {
    let s = &c["subject"];
    match (
        s["object"].as_str(),
        s["field"].as_str(),
        s["name"].as_str(),
    ) {
        (Some(o), Some(f), _) => format!("{o}.{f}"),
        (Some(o), None, _) => o.to_string(),
        (_, _, Some(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn has(v: &serde_json::Value, principal: &str, change: &str, subject: &str, access: &str) -> bool {
    changes(v, principal).iter().any(|c| {
        c["change"] == change
            && subject_name(c) == subject
            && c["access"].as_array().unwrap().iter().any(|a| a == access)
    })
}

#[test]
fn an_unchanged_tree_has_no_access_changes() {
    for layout in LAYOUTS {
        let b = base("ad-same-b", layout);
        let h = base("ad-same-h", layout);
        let r = run_in(
            h.path(),
            &["access-diff", "--base", b.path().to_str().unwrap()],
        );
        assert_eq!(r.code, 0, "{layout:?} {}", r.stderr);
        assert!(
            r.stdout.starts_with("No access changes"),
            "{layout:?} {}",
            r.stdout
        );
        let r = run_in(
            h.path(),
            &[
                "access-diff",
                "--base",
                b.path().to_str().unwrap(),
                "--format",
                "markdown",
                "--fail-on-gain",
                "any",
            ],
        );
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("**No access changes.**"), "{}", r.stdout);
    }
}

#[test]
fn gains_and_losses_through_profile_set_group_and_muting() {
    for layout in LAYOUTS {
        let b = base("ad-all-b", layout);
        let h = base("ad-all-h", layout);
        // Profile: Admin now reads SSN (high risk).
        h.profile(
            "Admin",
            &[
                fp("Contact.SSN__c", true, false),
                op("Contact", true, true, false),
                up("ApiEnabled", true),
            ]
            .concat(),
        );
        // Set: ETL_Read no longer grants Notes (a removed set entry is revoked).
        h.set("ETL_Read", &fp("Contact.Birth__c", false, false));
        // Group: Sales gains a member; muting now mutes SSN.
        h.group("Sales", &["Sales_Read", "Extra"], &["Sales_Mute"]);
        h.muting(
            "Sales_Mute",
            &[
                fp("Contact.Nick__c", true, false),
                fp("Contact.SSN__c", true, false),
            ]
            .concat(),
        );
        let (code, v) = diff(&h, &b, &[]);
        assert_eq!(code, 0, "{layout:?}");
        assert!(
            has(&v, "profile:Admin", "gain", "Contact.SSN__c", "read"),
            "{layout:?} {v:#}"
        );
        assert!(has(&v, "etl", "loss", "Contact.Notes__c", "read"), "{v:#}");
        assert!(
            has(&v, "set:ETL_Read", "loss", "Contact.Notes__c", "read"),
            "{v:#}"
        );
        assert!(
            has(&v, "group:Sales", "gain", "Contact.Birth__c", "read"),
            "{v:#}"
        );
        assert!(
            has(&v, "group:Sales", "loss", "Contact.SSN__c", "read"),
            "{v:#}"
        );
        // The user in the group: the same changes, the user's profile too.
        // The user's profile (Admin) now reads SSN itself: no loss of read for the user.
        assert!(!has(
            &v,
            "rep@example.com",
            "loss",
            "Contact.SSN__c",
            "read"
        ));
        assert!(
            has(&v, "rep@example.com", "gain", "Contact.Birth__c", "read"),
            "{v:#}"
        );
        // The integration principal is marked and comes first.
        let first = &v["changes"][0];
        assert_eq!(first["principal"], "etl", "{v:#}");
        assert_eq!(first["integration"], true);
        // Causes: the file and element that changed.
        let admin = changes(&v, "profile:Admin")[0];
        assert_eq!(admin["high_risk"], true);
        assert_eq!(admin["classification"], "Restricted");
        assert!(
            admin["cause"]["file"]
                .as_str()
                .unwrap()
                .contains("Admin.profile"),
            "{admin:#}"
        );
        let muted = changes(&v, "group:Sales")
            .into_iter()
            .find(|c| c["change"] == "loss")
            .unwrap();
        assert!(
            muted["cause"]["what"]
                .as_str()
                .unwrap()
                .contains("Sales_Mute"),
            "{muted:#}"
        );
        assert!(
            muted["cause"]["file"]
                .as_str()
                .unwrap()
                .contains("Sales_Mute")
        );
        let set_loss = changes(&v, "set:ETL_Read")[0];
        assert!(
            set_loss["cause"]["what"]
                .as_str()
                .unwrap()
                .contains("removed from permission set `ETL_Read`"),
            "{set_loss:#}"
        );
        // The summary line.
        assert!(
            v["summary"]
                .as_str()
                .unwrap()
                .contains("1 integration principal loses access"),
            "{}",
            v["summary"]
        );
        // Fail flags.
        let (code, _) = diff(&h, &b, &["--fail-on-gain", "high-risk"]);
        assert_eq!(code, 1);
        let (code, _) = diff(&h, &b, &["--fail-on-loss", "integration"]);
        assert_eq!(code, 1);
        let (code, v) = diff(&h, &b, &["--principals", "integration"]);
        assert_eq!(code, 0);
        assert!(
            v["changes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["principal"] == "etl"),
            "{v:#}"
        );
    }
}

#[test]
fn a_removed_profile_entry_is_kept_and_a_removed_set_entry_is_revoked() {
    for layout in LAYOUTS {
        let b = base("ad-rm-b", layout);
        let h = base("ad-rm-h", layout);
        // Integration profile: the Account.Phone entry is gone (a deploy keeps it).
        h.profile(
            "Integration",
            &format!(
                "{}{}    <userLicense>Analytics Cloud Integration User</userLicense>\n",
                op("Contact", true, false, false),
                fp("Contact.Nick__c", true, false),
            ),
        );
        // Sales_Read: the SSN entry is gone (a deploy revokes it).
        h.set("Sales_Read", "");
        let (_, v) = diff(&h, &b, &[]);
        assert!(
            !has(&v, "etl", "loss", "Account.Phone", "read"),
            "{layout:?} {v:#}"
        );
        assert!(
            !has(&v, "profile:Integration", "loss", "Account.Phone", "read"),
            "{v:#}"
        );
        let kept = v["kept"].as_array().unwrap();
        assert!(
            kept.iter().any(
                |k| k["principal"] == "profile:Integration" && k["subject"]["field"] == "Phone"
            ),
            "{v:#}"
        );
        assert!(
            has(&v, "set:Sales_Read", "loss", "Contact.SSN__c", "read"),
            "{v:#}"
        );
        assert!(
            has(&v, "group:Sales", "loss", "Contact.SSN__c", "edit"),
            "{v:#}"
        );
        let text = run_in(
            h.path(),
            &["access-diff", "--base", b.path().to_str().unwrap()],
        )
        .stdout;
        assert!(text.contains("removed profile entr"), "{text}");
    }
}

#[test]
fn view_all_data_and_view_all_fields_global() {
    for layout in LAYOUTS {
        let b = base("ad-vad-b", layout);
        let h = base("ad-vad-h", layout);
        h.profile(
            "Guest",
            &format!(
                "{}{}    <userLicense>Guest User License</userLicense>\n",
                op("Contact", true, false, false),
                up("ViewAllData", true)
            ),
        );
        h.set(
            "Extra",
            &[
                fp("Contact.Birth__c", true, false),
                up("ViewAllFieldsGlobal", true),
            ]
            .concat(),
        );
        let (code, v) = diff(&h, &b, &["--fail-on-gain", "integration"]);
        assert_eq!(code, 1, "a guest gains: {v:#}");
        assert!(
            has(&v, "profile:Guest", "gain", "ViewAllData", "enabled"),
            "{layout:?} {v:#}"
        );
        assert!(
            has(&v, "profile:Guest", "gain", "Contact", "view-all"),
            "{v:#}"
        );
        let guest = changes(&v, "profile:Guest")[0];
        assert_eq!(guest["guest"], true);
        // ViewAllFieldsGlobal: every field becomes readable.
        assert!(
            has(&v, "set:Extra", "gain", "Contact.SSN__c", "read"),
            "{v:#}"
        );
        assert!(
            has(&v, "set:Extra", "gain", "Contact.Notes__c", "read"),
            "{v:#}"
        );
        // View All Data gives no field read.
        assert!(
            !has(&v, "profile:Guest", "gain", "Contact.SSN__c", "read"),
            "{v:#}"
        );
    }
}

fn explain(p: &Project, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    let r = run_in(p.path(), &all);
    (r.code, r.stdout, r.stderr)
}

fn explain_json(p: &Project, principal: &str, subject: &str) -> serde_json::Value {
    let (code, out, err) = explain(p, &[principal, subject, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn explain_lists_every_way_with_its_file_and_line() {
    for layout in LAYOUTS {
        let p = base("ex-ways", layout);
        p.set(
            "ETL_Read",
            &[
                fp("Contact.Notes__c", true, false),
                fp("Contact.Nick__c", true, true),
            ]
            .concat(),
        );
        let v = explain_json(&p, "etl", "Contact.Nick__c");
        assert_eq!(v["schema"], "sflint-explain/1");
        assert_eq!(v["verdict"], "edit", "{layout:?} {v:#}");
        let grants: Vec<_> = v["ways"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["effect"] == "grants" && w["access"] == "read")
            .collect();
        assert_eq!(grants.len(), 2, "{v:#}");
        assert_eq!(grants[0]["set"]["kind"], "profile");
        assert_eq!(grants[1]["set"]["name"], "ETL_Read");
        assert!(grants[1]["at"]["line"].as_u64().unwrap() > 0);
        let (code, text, _) = explain(&p, &["etl", "Contact.Nick__c"]);
        assert_eq!(code, 0);
        assert!(
            text.starts_with("etl [integration]: Contact.Nick__c: edit"),
            "{text}"
        );
        assert!(
            text.contains("<readable>true</readable>"),
            "code frame: {text}"
        );
        assert!(
            text.contains("2 ways grant read: removing one leaves the others"),
            "{text}"
        );
    }
}

#[test]
fn explain_muting_group_user_and_not_granted_anywhere() {
    for layout in LAYOUTS {
        let p = base("ex-mute", layout);
        p.set(
            "Sales_Read",
            &[
                fp("Contact.SSN__c", true, true),
                fp("Contact.Nick__c", true, false),
            ]
            .concat(),
        );
        let v = explain_json(&p, "group:Sales", "Contact.Nick__c");
        assert_eq!(v["verdict"], "muted", "{layout:?} {v:#}");
        let w = &v["ways"][0];
        assert_eq!(w["effect"], "muted");
        assert_eq!(w["group"], "Sales");
        assert_eq!(w["muted_by"]["set"], "Sales_Mute");
        let v = explain_json(&p, "rep@example.com", "Contact.SSN__c");
        assert_eq!(v["verdict"], "edit", "{v:#}");
        assert_eq!(v["principal"]["kind"], "user");
        let v = explain_json(&p, "set:ETL_Read", "Contact.Birth__c");
        assert_eq!(v["verdict"], "none");
        assert!(v["ways"].as_array().unwrap().is_empty());
        // Extra grants it, so it is granted somewhere, just not here.
        assert!(
            !v["notes"].to_string().contains("not granted anywhere"),
            "{v:#}"
        );
        p.set("Extra", "");
        let v = explain_json(&p, "set:ETL_Read", "Contact.Birth__c");
        assert!(
            v["notes"].to_string().contains("not granted anywhere"),
            "{v:#}"
        );
    }
}

#[test]
fn a_muted_edit_leaves_read() {
    for layout in LAYOUTS {
        let p = base("ex-mute-edit", layout);
        // Sales_Read grants read and edit on SSN; the group's muting set mutes edit only.
        p.muting("Sales_Mute", &fp("Contact.SSN__c", false, true));
        let v = explain_json(&p, "group:Sales", "Contact.SSN__c");
        assert_eq!(v["verdict"], "read", "{layout:?} {v:#}");
        let v = explain_json(&p, "set:Sales_Read", "Contact.SSN__c");
        assert_eq!(v["verdict"], "edit", "{layout:?} {v:#}");
    }
}

#[test]
fn explain_view_all_data_view_all_fields_global_and_compound_fields() {
    for layout in LAYOUTS {
        let p = base("ex-vad", layout);
        p.profile(
            "Admin",
            &[
                fp("Account.BillingAddress", true, false),
                up("ViewAllData", true),
                up("ApiEnabled", true),
            ]
            .concat(),
        );
        // View All Data: object read, not field read.
        let v = explain_json(&p, "profile:Admin", "Account");
        assert_eq!(v["verdict"], "read", "{layout:?} {v:#}");
        assert!(
            v["ways"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["via"] == "ViewAllData"),
            "{v:#}"
        );
        let v = explain_json(&p, "profile:Admin", "Contact.Notes__c");
        assert_eq!(v["verdict"], "none");
        assert!(v["notes"].to_string().contains("never field read"), "{v:#}");
        let v = explain_json(&p, "profile:Admin", "ViewAllData");
        assert_eq!(v["verdict"], "granted");
        // Compound: the city is read through the address.
        let v = explain_json(&p, "profile:Admin", "Account.BillingCity");
        assert_eq!(v["verdict"], "read", "{v:#}");
        assert!(
            v["notes"].to_string().contains("Account.BillingAddress"),
            "{v:#}"
        );
        // ViewAllFieldsGlobal.
        p.set("Extra", &up("ViewAllFieldsGlobal", true));
        let v = explain_json(&p, "set:Extra", "Contact.SSN__c");
        assert_eq!(v["verdict"], "read", "{v:#}");
        assert_eq!(v["ways"][0]["via"], "ViewAllFieldsGlobal");
        assert_eq!(v["classification"], "Restricted");
        assert_eq!(v["high_risk"], true);
    }
}

#[test]
fn unknown_principal_or_subject_is_a_usage_error_with_a_suggestion() {
    let p = base("ex-unknown", Layout::Sfdx);
    let (code, _, err) = explain(&p, &["profile:Admn", "Contact.SSN__c"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `profile:Admin`"), "{err}");
    let (code, _, err) = explain(&p, &["set:ETL_Raed", "Contact.SSN__c"]);
    assert_eq!(code, 2);
    assert!(err.contains("set:ETL_Read"), "{err}");
    let (code, _, err) = explain(&p, &["etl", "Contact.SNN__c"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `Contact.SSN__c`"), "{err}");
    let (code, _, err) = explain(&p, &["etl", "ViewAllDta"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `ViewAllData`"), "{err}");
    let r = run_in(p.path(), &["access-diff", "--base", "no-such-rev"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // Paths: any number in one project; two projects is a usage error.
    let (code, _, err) = explain(&p, &["etl", "Contact.SSN__c", "force-app", "sflint.toml"]);
    assert_eq!(code, 0, "{err}");
    let other = base("ex-other", Layout::Mdapi);
    let (code, _, err) = explain(
        &p,
        &["etl", "Contact.SSN__c", ".", other.path().to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(err.contains("another project"), "{err}");
}

#[test]
fn a_git_revision_as_base() {
    let p = base("ad-git", Layout::Sfdx);
    git(p.path(), &["init", "-q", "-b", "main"]);
    git_commit_all(&p.t, "base");
    p.set(
        "ETL_Read",
        &[
            fp("Contact.Notes__c", true, false),
            fp("Contact.SSN__c", true, false),
        ]
        .concat(),
    );
    let r = run_in(
        p.path(),
        &["access-diff", "--base", "HEAD", "--format", "markdown"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("| `etl` **integration** | gain read | `Contact.SSN__c` | none → read | Restricted (high risk) |"), "{}", r.stdout);
    let r = run_in(
        p.path(),
        &[
            "access-diff",
            "--base",
            "HEAD",
            "--fail-on-gain",
            "high-risk",
            "-o",
            "out.md",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        std::fs::read_to_string(p.path().join("out.md"))
            .unwrap()
            .contains("gain read")
    );
}

/// The Markdown report of one change set, as a pull-request comment shows it (the
/// README's example is this snapshot).
#[test]
fn markdown_report_snapshot() {
    let b = base("ad-md-b", Layout::Sfdx);
    let h = base("ad-md-h", Layout::Sfdx);
    h.profile(
        "Admin",
        &[
            fp("Contact.SSN__c", true, false),
            op("Contact", true, true, false),
            up("ApiEnabled", true),
        ]
        .concat(),
    );
    h.profile(
        "Integration",
        &format!(
            "{}{}    <userLicense>Analytics Cloud Integration User</userLicense>\n",
            op("Contact", true, false, false),
            fp("Contact.Nick__c", true, false),
        ),
    );
    h.set("ETL_Read", &fp("Contact.Birth__c", true, false));
    h.muting(
        "Sales_Mute",
        &[
            fp("Contact.Nick__c", true, false),
            fp("Contact.SSN__c", true, false),
        ]
        .concat(),
    );
    h.profile(
        "Guest",
        &format!(
            "{}{}    <userLicense>Guest User License</userLicense>\n",
            op("Contact", true, false, false),
            up("ViewAllData", true)
        ),
    );
    let base_dir = b.path().to_str().unwrap();
    let r = run_in(
        h.path(),
        &["access-diff", "--base", base_dir, "--format", "markdown"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let name = b.path().file_name().unwrap().to_str().unwrap();
    let md = r.stdout.replace(base_dir, "../base").replace(name, "base");
    assert!(md.len() < 65_536);
    insta::assert_snapshot!("access_diff_markdown", md);
}

/// The README's example is the snapshot, line for line.
#[test]
fn the_readme_shows_the_snapshot() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let snap = std::fs::read_to_string(
        repo_root().join("tests/snapshots/access_report__access_diff_markdown.snap"),
    )
    .unwrap();
    let body = snap.splitn(3, "---\n").nth(2).unwrap().trim();
    assert!(
        readme.contains(body),
        "README.md: update the access-diff example"
    );
}

/// The README's `explain` example is the real output on `testdata/demo`.
#[test]
fn the_readme_explain_example_is_real() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let r = run_in(
        &repo_root().join("testdata/demo"),
        &[
            "explain",
            "integration@00d5g000000demo.example",
            "Invoice__c.Amount__c",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        readme.contains(&format!("```text\n{}```", r.stdout)),
        "README.md: update the explain example to\n{}",
        r.stdout
    );
}

#[test]
fn a_new_field_is_a_gain_for_view_all_fields_global() {
    let b = base("ad-newfield-b", Layout::Sfdx);
    b.set("Extra", &up("ViewAllFieldsGlobal", true));
    let h = base("ad-newfield-h", Layout::Sfdx);
    h.set("Extra", &up("ViewAllFieldsGlobal", true));
    h.fields("Contact", &[("Passport__c", "Restricted")]);
    let (_, v) = diff(&h, &b, &[]);
    assert!(
        has(&v, "set:Extra", "gain", "Contact.Passport__c", "read"),
        "{v:#}"
    );
    assert!(
        !has(&v, "set:ETL_Read", "gain", "Contact.Passport__c", "read"),
        "{v:#}"
    );
}

/// Two package directories may each hold a permission set of the same name: each is
/// compared with its own base, and explain says which one it answers for.
#[test]
fn same_named_sets_in_two_package_directories() {
    let make = |tag: &str| {
        let t = TempDir::new(tag);
        t.write(
            "sfdx-project.json",
            r#"{"packageDirectories":[{"path":"a","default":true},{"path":"b"}]}"#,
        );
        t.write(
            "a/permissionsets/Dup.permissionset-meta.xml",
            permission_set(&fp("Contact.A__c", true, false)),
        );
        t.write(
            "b/permissionsets/Dup.permissionset-meta.xml",
            permission_set(&fp("Contact.B__c", true, false)),
        );
        t
    };
    let (b, h) = (make("dup-b"), make("dup-h"));
    let r = run_in(
        h.path(),
        &["access-diff", "--base", b.path().to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("No access changes"), "{}", r.stdout);
    let r = run_in(h.path(), &["explain", "set:Dup", "Contact.A__c"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("2 permission sets are named `Dup`"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("a/permissionsets/Dup"), "{}", r.stdout);
}

#[test]
fn explain_person_account_fields_and_profile_display_names() {
    let p = base("ex-person", Layout::Sfdx);
    p.fields("Contact", &[("Hobby__c", "")]);
    p.profile(
        "Admin",
        &[
            fp("Contact.Hobby__c", true, false),
            op("Contact", true, true, false),
        ]
        .concat(),
    );
    // `System Administrator` is how Setup shows the `Admin` profile.
    let v = explain_json(&p, "profile:System Administrator", "Account.Hobby__pc");
    assert_eq!(v["verdict"], "read", "{v:#}");
    assert_eq!(v["principal"]["name"], "Admin");
    assert!(v["notes"].to_string().contains("Contact.Hobby__c"), "{v:#}");
    assert!(
        v["ways"][0]["at"]["file"]
            .as_str()
            .unwrap()
            .ends_with("Admin.profile-meta.xml")
    );
}
