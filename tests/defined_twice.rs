//! A profile or permission set that two files define: one run note names it, with the
//! files; a decomposed set's many files are one set.

mod common;

use common::*;

/// The `defined-twice` notes of a run over `t` (JSON output).
fn defined_twice(t: &TempDir) -> Vec<String> {
    let r = run_in(t.path(), &["check", "--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stderr);
    json["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter(|n| n["kind"] == "defined-twice")
        .map(|n| n["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_set_that_two_files_define_is_noted_once_with_both_files() {
    let t = TempDir::sfdx("defined-twice");
    let profiles = "force-app/main/default/profiles";
    t.write(
        &format!("{profiles}/Support.profile-meta.xml"),
        profile(&field_perm("Case.Reason", false, true)),
    );
    assert_eq!(defined_twice(&t), Vec::<String>::new());
    // The same profile again, in the metadata API's spelling, beside it.
    t.write(&format!("{profiles}/Support.profile"), profile(""));
    // And a permission set in two folders of the package directory.
    for folder in ["main/default", "portal"] {
        t.write(
            &format!("force-app/{folder}/permissionsets/Agents.permissionset-meta.xml"),
            permission_set(""),
        );
    }
    let notes = defined_twice(&t);
    assert_eq!(notes.len(), 1, "{notes:?}");
    for want in [
        "profile `Support` (`force-app/main/default/profiles/Support.profile`, `force-app/main/default/profiles/Support.profile-meta.xml`)",
        "permission set `Agents` (`force-app/main/default/permissionsets/Agents.permissionset-meta.xml`, `force-app/portal/permissionsets/Agents.permissionset-meta.xml`)",
    ] {
        assert!(notes[0].contains(want), "{want}\n{}", notes[0]);
    }
}

#[test]
fn a_decomposed_set_is_one_definition() {
    let t = TempDir::sfdx("defined-once-decomposed");
    let ps = "force-app/main/default/permissionsets/Ops";
    t.write(
        &format!("{ps}/Ops.permissionset-meta.xml"),
        format!("<PermissionSet xmlns=\"{NS}\"><label>Ops</label></PermissionSet>"),
    );
    t.write(
        &format!("{ps}/objectSettings/Account.objectSettings-meta.xml"),
        format!(
            "<PermissionSet>\n{}</PermissionSet>",
            field_perm("Account.A__c", true, true)
        ),
    );
    assert_eq!(defined_twice(&t), Vec::<String>::new());
}
