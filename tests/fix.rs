//! `sflint check --fix` and its options, on the real binary: fixes are byte-range edits
//! that keep a BOM, CRLF line ends, tab indentation and comments; `--diff` writes nothing;
//! `--unsafe-fixes`, `--fix-only`, `unfixable`, and the refusal under `--staged`.

mod common;

use common::*;

const SET: &str = "force-app/main/default/permissionsets/Dup.permissionset-meta.xml";

fn field(name: &str, extra: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <fullName>{name}</fullName>\n{extra}    <label>x</label>\n</CustomField>\n"
    )
}

/// A project whose permission set (`testdata/fix/before.bin`: BOM, CRLF, tabs, comments)
/// has a PM002, a PM003, an identical PM005 and an SF003 (safe), a PM004 (unsafe) and a
/// PM001 (two alternatives, neither preferred).
fn project(tag: &str) -> TempDir {
    let t = TempDir::sfdx(tag);
    let fields = "force-app/main/default/objects/Account/fields";
    t.write(
        &format!("{fields}/Req__c.field-meta.xml"),
        field(
            "Req__c",
            "    <length>20</length>\n    <required>true</required>\n    <type>Text</type>\n",
        ),
    );
    t.write(
        &format!("{fields}/Calc__c.field-meta.xml"),
        field(
            "Calc__c",
            "    <formula>1 + 1</formula>\n    <type>Number</type>\n",
        ),
    );
    for name in ["Other__c", "Other2__c"] {
        t.write(
            &format!("{fields}/{name}.field-meta.xml"),
            field(name, "    <length>20</length>\n    <type>Text</type>\n"),
        );
    }
    t.write(SET, fixture("before.bin"));
    t
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("testdata/fix").join(name)).unwrap()
}

fn set_bytes(t: &TempDir) -> Vec<u8> {
    std::fs::read(t.path().join(SET)).unwrap()
}

fn codes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains(".xml:"))
        .map(|l| l.split(": ").nth(1).unwrap_or("").to_string())
        .collect()
}

#[test]
fn fix_applies_the_safe_fixes_byte_for_byte_and_keeps_permissions() {
    let t = project("fix-safe");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::Permissions::from_mode(0o640);
        std::fs::set_permissions(t.path().join(SET), perms).unwrap();
    }
    let r = run_in(
        t.path(),
        &["check", "--select", "ALL", "--fix", "--format", "concise"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(set_bytes(&t), fixture("after-safe.bin"));
    assert!(
        r.stderr
            .contains("Fixed 4 findings in 1 file (1 more fixable with --unsafe-fixes)."),
        "{}",
        r.stderr
    );
    // What is left: the unsafe PM004 and the PM001 that has alternatives only.
    assert_eq!(
        codes(&r.stdout),
        [
            "PM004 [warning] permission set `Dup` has a permission for Account.Gone__c, but the project defines no such field on Account",
            "PM001 [error] permission set `Dup` makes Account.Other2__c editable but not readable"
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(t.path().join(SET))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    // A second run has nothing left to do and changes nothing.
    let again = run_in(t.path(), &["check", "--select", "ALL", "--fix"]);
    assert!(
        again.stderr.contains("No fixes applied"),
        "{}",
        again.stderr
    );
    assert_eq!(set_bytes(&t), fixture("after-safe.bin"));
}

#[test]
fn text_output_marks_the_fixable_findings() {
    let t = project("fix-marks");
    let r = run_in(
        t.path(),
        &["check", "--select", "ALL", "--format", "concise"],
    );
    assert!(r.stdout.contains("SF003 [*] [error]"), "{}", r.stdout);
    assert!(r.stdout.contains("PM004 [warning]"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("[*] 4 fixable with the --fix option (1 more with --unsafe-fixes)."),
        "{}",
        r.stdout
    );
    assert_eq!(
        set_bytes(&t),
        fixture("before.bin"),
        "a plain check writes nothing"
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let t = project("fix-diff");
    let r = run_in(t.path(), &["check", "--select", "ALL", "--diff"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(set_bytes(&t), fixture("before.bin"));
    assert!(
        r.stdout
            .starts_with(&format!("--- a/{SET}\n+++ b/{SET}\n@@ -2,7 +2,7 @@\n")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("-\t<hasActivationRequired>True</hasActivationRequired>\r\n+\t<hasActivationRequired>true</hasActivationRequired>\r\n"), "{}", r.stdout);
    assert!(
        r.stderr.contains("Would fix 4 findings in 1 file"),
        "{}",
        r.stderr
    );
    // The diff is exactly what --fix writes: `patch` agrees when it is there.
    if std::process::Command::new("patch")
        .arg("--version")
        .output()
        .is_ok()
    {
        let out = std::process::Command::new("patch")
            .current_dir(t.path())
            .args(["-p1", "--binary", "-s"])
            .stdin(
                std::fs::File::open({
                    let p = t.path().join("fix.diff");
                    std::fs::write(&p, &r.stdout).unwrap();
                    p
                })
                .unwrap(),
            )
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(set_bytes(&t), fixture("after-safe.bin"));
    }
    // Nothing safe left: no diff, exit 0.
    let t = project("fix-diff-clean");
    std::fs::write(t.path().join(SET), fixture("after-safe.bin")).unwrap();
    let r = run_in(t.path(), &["check", "--select", "ALL", "--diff"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

#[test]
fn unsafe_fixes_remove_the_unknown_field_entry_but_pick_no_pm001_alternative() {
    let t = project("fix-unsafe");
    let r = run_in(
        t.path(),
        &[
            "check",
            "--select",
            "ALL",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
        ],
    );
    let text = String::from_utf8(set_bytes(&t)).unwrap();
    assert!(!text.contains("Gone__c"), "{text}");
    assert!(text.starts_with('\u{feff}') && text.contains("\t<!-- keep this comment -->\r\n"));
    assert!(text.contains("<editable>true</editable>\r\n\t\t<field>Account.Other2__c</field>\r\n\t\t<readable>false</readable>"));
    assert!(
        r.stderr.contains("Fixed 5 findings in 1 file."),
        "{}",
        r.stderr
    );
    assert_eq!(codes(&r.stdout).len(), 1, "{}", r.stdout);
}

#[test]
fn fix_only_reports_nothing_and_exits_0() {
    let t = project("fix-only");
    let r = run_in(t.path(), &["check", "--select", "ALL", "--fix-only"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert_eq!(set_bytes(&t), fixture("after-safe.bin"));
}

#[test]
fn unfixable_rules_keep_their_findings_unfixed() {
    let t = project("fix-unfixable");
    t.write(
        "sflint.toml",
        "unfixable = [\"PM003\", \"invalid-value\"]\n",
    );
    let r = run_in(
        t.path(),
        &["check", "--select", "ALL", "--fix", "--format", "concise"],
    );
    let text = String::from_utf8(set_bytes(&t)).unwrap();
    assert!(
        text.contains("Account.Req__c") && text.contains(">True<"),
        "{text}"
    );
    assert!(r.stdout.contains("PM003 [error]"), "{}", r.stdout);
    assert!(r.stderr.contains("Fixed 2 findings"), "{}", r.stderr);
}

#[test]
fn fix_refuses_to_write_under_staged() {
    let t = project("fix-staged");
    for flag in ["--fix", "--diff", "--fix-only"] {
        let r = run_in(t.path(), &["check", "--staged", flag]);
        assert_eq!(r.code, 2, "{flag}: {}", r.stderr);
        assert!(
            r.stderr.contains("cannot be used with --staged"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(set_bytes(&t), fixture("before.bin"));
}

#[test]
fn a_file_that_is_not_utf8_is_left_alone() {
    let t = project("fix-latin1");
    let mut bytes = fixture("before.bin");
    // A Latin-1 `é` in the label: sflint reads it lossily, so writing it back would change it.
    let at = bytes.windows(3).position(|w| w == b"Dup").unwrap();
    bytes.splice(at..at, [0xe9]);
    std::fs::write(t.path().join(SET), &bytes).unwrap();
    let r = run_in(t.path(), &["check", "--select", "ALL", "--fix"]);
    assert_eq!(set_bytes(&t), bytes, "{}", r.stderr);
}

#[test]
fn an_entry_that_is_a_whole_decomposed_file_is_not_removed() {
    let t = project("fix-decomposed");
    let dir = "force-app/main/default/permissionsets/Ops";
    t.write(
        &format!("{dir}/Ops.permissionset-meta.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <label>Ops</label>\n</PermissionSet>\n",
    );
    let entry = format!("{dir}/fieldPermissions/Account.Req__c.fieldPermission-meta.xml");
    let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FieldPermission xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <editable>true</editable>\n    <field>Account.Req__c</field>\n    <readable>true</readable>\n</FieldPermission>\n";
    t.write(&entry, text);
    let r = run_in(
        t.path(),
        &["check", "--select", "PM003", "--format", "json", "--fix"],
    );
    // The PM003 of the whole file Dup is fixed; the decomposed entry is reported, unfixed.
    assert_eq!(
        std::fs::read_to_string(t.path().join(&entry)).unwrap(),
        text
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let left = v["diagnostics"].as_array().unwrap();
    assert_eq!(left.len(), 1, "{}", r.stdout);
    assert!(
        left[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("Account.Req__c.fieldPermission-meta.xml")
    );
    assert!(left[0]["fix"].is_null());
}

/// The CRM Analytics integration user's profile (CRLF, tab indentation, a comment) and a
/// permission set assigned to it, read by a dataflow that extracts four custom fields.
fn analytics_project(tag: &str, with_set: bool) -> TempDir {
    let t = TempDir::sfdx(tag);
    let profile = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\r\n\t<custom>false</custom>\r\n\t<!-- reviewed 2026-11 -->\r\n\t<fieldPermissions>\r\n\t\t<editable>false</editable>\r\n\t\t<field>Account.B__c</field>\r\n\t\t<readable>true</readable>\r\n\t</fieldPermissions>\r\n\t<userLicense>Analytics Cloud Integration User</userLicense>\r\n\t<userPermissions>\r\n\t\t<enabled>true</enabled>\r\n\t\t<name>ViewAllData</name>\r\n\t</userPermissions>\r\n</Profile>\r\n";
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml",
        profile,
    );
    if with_set {
        t.write(
            "force-app/main/default/users/crma.user-meta.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<User>\n    <username>crma@00d000000000001.example</username>\n    <profile>Analytics Cloud Integration User</profile>\n    <permissionSets>Session_Only</permissionSets>\n    <permissionSets>CRMA_Extract</permissionSets>\n</User>\n",
        );
        for (name, session) in [("Session_Only", "true"), ("CRMA_Extract", "false")] {
            t.write(
                &format!("force-app/main/default/permissionsets/{name}.permissionset-meta.xml"),
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <hasActivationRequired>{session}</hasActivationRequired>\n    <label>{name}</label>\n</PermissionSet>\n"),
            );
        }
    }
    t.write(
        "force-app/main/default/wave/Accounts.wdf",
        r#"{
  "Extract": {
    "action": "sfdcDigest",
    "parameters": {
      "object": "Account",
      "fields": [{"name": "Id"}, {"name": "D__c"}, {"name": "A__c"}, {"name": "C__c"}, {"name": "B__c"}]
    }
  }
}
"#,
    );
    t
}

fn read(t: &TempDir, rel: &str) -> String {
    std::fs::read_to_string(t.path().join(rel)).unwrap()
}

#[test]
fn unsafe_fixes_insert_read_grants_in_canonical_order_keeping_the_files_shape() {
    let t = analytics_project("fix-grants-profile", false);
    let path = "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml";
    let before = read(&t, path);
    let args = ["check", "--select", "IU", "--format", "concise"];
    let r = run_in(t.path(), &args);
    assert_eq!(
        r.stdout.matches(": IU002 [warning]").count(),
        3,
        "{}",
        r.stdout
    );
    // Without --unsafe-fixes nothing is written.
    let r = run_in(t.path(), &[&args[..], &["--fix"]].concat());
    assert_eq!(read(&t, path), before, "{}", r.stderr);
    let r = run_in(
        t.path(),
        &[&args[..], &["--fix", "--unsafe-fixes"]].concat(),
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("Fixed 3 findings in 1 file"),
        "{}",
        r.stderr
    );
    let entry = |f: &str| {
        format!(
            "\t<fieldPermissions>\r\n\t\t<editable>false</editable>\r\n\t\t<field>Account.{f}</field>\r\n\t\t<readable>true</readable>\r\n\t</fieldPermissions>\r\n"
        )
    };
    let b = entry("B__c");
    let want = before.replacen(
        &b,
        &format!("{}{b}{}{}", entry("A__c"), entry("C__c"), entry("D__c")),
        1,
    );
    assert_eq!(read(&t, path), want);
    // Idempotent: nothing left to fix, nothing to report.
    let r = run_in(
        t.path(),
        &[&args[..], &["--fix", "--unsafe-fixes"]].concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("No problems found"), "{}", r.stdout);
    assert_eq!(read(&t, path), want);
}

#[test]
fn a_grant_goes_to_the_users_own_permission_set_that_needs_no_activation() {
    let t = analytics_project("fix-grants-set", true);
    let set = "force-app/main/default/permissionsets/CRMA_Extract.permissionset-meta.xml";
    let session = "force-app/main/default/permissionsets/Session_Only.permissionset-meta.xml";
    let session_before = read(&t, session);
    let r = run_in(
        t.path(),
        &[
            "check",
            "--select",
            "IU",
            "--format",
            "json",
            "--fix",
            "--unsafe-fixes",
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(read(&t, session), session_before);
    let text = read(&t, set);
    let order: Vec<usize> = [
        "Account.A__c",
        "Account.C__c",
        "Account.D__c",
        "<hasActivationRequired>",
        "<label>",
        "</PermissionSet>",
    ]
    .iter()
    .map(|s| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} missing:\n{text}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(
        text.contains("    <fieldPermissions>\n        <editable>false</editable>\n"),
        "{text}"
    );
    let r = run_in(
        t.path(),
        &["check", "--select", "IU", "--format", "concise"],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("No problems found"), "{}", r.stdout);
}

#[test]
fn diff_shows_every_pass_that_fix_would_make() {
    // Pass 1 sets `editable` to false on the formula field (PM002); the two entries are
    // then the same, and pass 2 removes the later one (PM005).
    let entry = |editable: &str| {
        format!(
            "    <fieldPermissions>\n        <editable>{editable}</editable>\n        <field>Account.Calc__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n"
        )
    };
    let set = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{}{}    <label>Dup</label>\n</PermissionSet>\n",
        entry("true"),
        entry("false")
    );
    let [shown, fixed] = ["fix-diff-passes", "fix-diff-passes-fixed"].map(|tag| {
        let t = project(tag);
        t.write(SET, &set);
        t
    });
    let r = run_in(shown.path(), &["check", "--select", "ALL", "--diff"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(set_bytes(&shown), set.as_bytes(), "--diff wrote");
    assert!(
        r.stderr.contains("Would fix 2 findings in 1 file"),
        "{}",
        r.stderr
    );
    let f = run_in(fixed.path(), &["check", "--select", "ALL", "--fix"]);
    assert!(
        f.stderr.contains("Fixed 2 findings in 1 file"),
        "{}",
        f.stderr
    );
    let want = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{}    <label>Dup</label>\n</PermissionSet>\n",
        entry("false")
    );
    assert_eq!(String::from_utf8(set_bytes(&fixed)).unwrap(), want);
    // The diff, applied, gives what --fix wrote.
    let patch = shown.path().join("fix.diff");
    std::fs::write(&patch, &r.stdout).unwrap();
    let out = std::process::Command::new("patch")
        .current_dir(shown.path())
        .args(["-p1", "--binary", "-s", "-i"])
        .arg(&patch)
        .output();
    match out {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}\n{}",
                String::from_utf8_lossy(&out.stderr),
                r.stdout
            );
            assert_eq!(
                String::from_utf8(set_bytes(&shown)).unwrap(),
                want,
                "{}",
                r.stdout
            );
        }
        Err(_) => eprintln!("patch is not installed: the diff is not applied"),
    }
}
