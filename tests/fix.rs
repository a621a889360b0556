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
