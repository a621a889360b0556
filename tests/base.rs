//! `--base`, `--new-only`, `--staged`: real temporary git repositories with two commits.

mod common;

use common::*;

use common::{aciu_profile as aciu, git_commit_all as commit, git_repo as repo};

const PROFILE: &str =
    "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml";

fn ps(name: &str, body: &str) -> (String, String) {
    (
        format!("force-app/main/default/permissionsets/{name}.permissionset-meta.xml"),
        permission_set(body),
    )
}

fn findings(t: &TempDir, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(t.path(), &all);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    (r.code, v["diagnostics"].as_array().unwrap().clone())
}

fn iu007(diags: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    diags.iter().filter(|d| d["code"] == "IU007").collect()
}

#[test]
fn profile_readable_true_to_false_is_revoked() {
    let t = repo("rev-profile");
    t.write(PROFILE, aciu(&field_perm("Account.Tier__c", false, true)));
    commit(&t, "base");
    t.write(PROFILE, aciu(&field_perm("Account.Tier__c", false, false)));
    commit(&t, "head");
    let (code, d) = findings(&t, &["--base", "HEAD~1"]);
    assert_eq!(code, 1);
    let r = iu007(&d);
    assert_eq!(r.len(), 1, "{d:#?}");
    assert!(r[0]["message"].as_str().unwrap().contains(
        "loses read access to Account.Tier__c compared with HEAD~1: it is now set to false"
    ));
    assert_eq!(r[0]["path"], PROFILE);
    assert_eq!(r[0]["start"]["line"], 6);
    assert_eq!(r[0]["related"][0]["path"], format!("HEAD~1:{PROFILE}"));
    assert_eq!(r[0]["related"][0]["start"]["line"], 6);
    // Without --base nothing is compared.
    assert!(iu007(&findings(&t, &[]).1).is_empty());
}

#[test]
fn permission_set_entry_removed_group_membership_removed_and_muting_added() {
    let t = repo("rev-ps");
    t.write(PROFILE, aciu(""));
    let (p1, b1) = ps("CRMA_A", &field_perm("Account.A__c", false, true));
    let (p2, b2) = ps("CRMA_B", &field_perm("Account.B__c", false, true));
    let (p3, b3) = ps("CRMA_C", &field_perm("Account.C__c", false, true));
    t.write(&p1, &b1);
    t.write(&p2, &b2);
    t.write(&p3, &b3);
    let group = |sets: &str, muting: &str| {
        format!(
            "<PermissionSetGroup xmlns=\"{NS}\">\n    <label>G</label>\n{muting}{sets}</PermissionSetGroup>\n"
        )
    };
    let gpath = "force-app/main/default/permissionsetgroups/CRMA.permissionsetgroup-meta.xml";
    t.write(gpath, group("    <permissionSets>CRMA_B</permissionSets>\n    <permissionSets>CRMA_C</permissionSets>\n", ""));
    t.write(
        "force-app/main/default/users/integration.user-meta.xml",
        "<User>\n    <username>i@x.example</username>\n    <profile>Analytics Cloud Integration User</profile>\n    <permissionSets>CRMA_A</permissionSets>\n    <permissionSetGroups>CRMA</permissionSetGroups>\n</User>\n",
    );
    commit(&t, "base");
    // A: the entry is removed from the permission set.
    t.write(&p1, permission_set(""));
    // B: dropped from the group. C: a muting set now removes its read.
    t.write(
        gpath,
        group(
            "    <permissionSets>CRMA_C</permissionSets>\n",
            "    <mutingPermissionSets>Mute</mutingPermissionSets>\n",
        ),
    );
    t.write(
        "force-app/main/default/mutingpermissionsets/Mute.mutingpermissionset-meta.xml",
        format!("<MutingPermissionSet xmlns=\"{NS}\">\n{}    <label>Mute</label>\n</MutingPermissionSet>\n", field_perm("Account.C__c", false, true)),
    );
    commit(&t, "head");
    let (_, d) = findings(&t, &["--base", "HEAD~1"]);
    let r = iu007(&d);
    let msgs: Vec<&str> = r.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(r.len(), 3, "{msgs:#?}");
    let by = |field: &str| {
        r.iter()
            .find(|d| d["message"].as_str().unwrap().contains(field))
            .unwrap()
    };
    assert!(
        by("Account.A__c")["message"]
            .as_str()
            .unwrap()
            .contains("permission set `CRMA_A` no longer grants it")
    );
    assert_eq!(by("Account.A__c")["path"], p1);
    assert!(
        by("Account.B__c")["message"]
            .as_str()
            .unwrap()
            .contains("permission set group `CRMA` no longer includes permission set `CRMA_B`")
    );
    assert_eq!(by("Account.B__c")["path"], gpath);
    assert!(
        by("Account.C__c")["message"]
            .as_str()
            .unwrap()
            .contains("muting permission set `Mute` now removes it")
    );
}

#[test]
fn deleted_permission_set_and_profile_entry_removal() {
    let t = repo("rev-deleted");
    t.write(PROFILE, aciu(&field_perm("Account.P__c", false, true)));
    let (p1, b1) = ps("CRMA_A", &field_perm("Account.A__c", false, true));
    t.write(&p1, &b1);
    let user = "force-app/main/default/users/integration.user-meta.xml";
    t.write(user, "<User>\n    <username>i@x.example</username>\n    <profile>Analytics Cloud Integration User</profile>\n    <permissionSets>CRMA_A</permissionSets>\n</User>\n");
    commit(&t, "base");
    std::fs::remove_file(t.path().join(&p1)).unwrap();
    t.write(PROFILE, aciu("")); // profile entry removed: profiles overlay, no revocation
    commit(&t, "head");
    let (_, d) = findings(&t, &["--base", "HEAD~1"]);
    let r = iu007(&d);
    assert_eq!(r.len(), 1, "{d:#?}");
    assert!(
        r[0]["message"]
            .as_str()
            .unwrap()
            .contains("permission set `CRMA_A` was deleted")
    );
    assert_eq!(r[0]["path"], user);
    let (_, d) = findings(&t, &["--base", "HEAD~1", "--strict-profile-removals"]);
    let r = iu007(&d);
    assert_eq!(r.len(), 2);
    let info = r
        .iter()
        .find(|d| d["severity"] == "info")
        .expect("an info finding");
    assert!(info["message"].as_str().unwrap().contains("Account.P__c"));
}

#[test]
fn new_only_reports_only_what_the_change_introduced() {
    let t = repo("new-only");
    let old = field_perm("Account.Old__c", true, false);
    t.write(
        "force-app/main/default/profiles/P.profile-meta.xml",
        profile(&old),
    );
    commit(&t, "base");
    let new = field_perm("Account.New__c", true, false);
    t.write(
        "force-app/main/default/profiles/P.profile-meta.xml",
        profile(&format!("    <custom>true</custom>\n{old}{new}")),
    );
    commit(&t, "head");
    let (_, all) = findings(&t, &["--base", "HEAD~1"]);
    assert_eq!(all.len(), 2);
    let (code, d) = findings(&t, &["--base", "HEAD~1", "--new-only"]);
    assert_eq!(code, 1);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0]["message"].as_str().unwrap().contains("Account.New__c"));
    let r = run_in(t.path(), &["--new-only"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--new-only compares with a base"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_folder_as_base() {
    let base = TempDir::sfdx("base-dir-old");
    base.write(PROFILE, aciu(&field_perm("Account.Tier__c", false, true)));
    let head = TempDir::sfdx("base-dir-new");
    head.write(PROFILE, aciu(&field_perm("Account.Tier__c", false, false)));
    let (_, d) = findings(&head, &["--base", base.path().to_str().unwrap()]);
    let r = iu007(&d);
    assert_eq!(r.len(), 1, "{d:#?}");
}

#[test]
fn missing_revision_and_shallow_clone_are_clear_errors() {
    let t = repo("rev-missing");
    t.write(PROFILE, aciu(""));
    commit(&t, "one");
    let r = run_in(t.path(), &["--base", "origin/nope"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--base origin/nope: no such revision"),
        "{}",
        r.stderr
    );
    // A shallow clone of two commits has no HEAD~1.
    t.write(PROFILE, aciu(&field_perm("Account.X__c", false, true)));
    commit(&t, "two");
    let clone = TempDir::new("shallow");
    let url = format!("file://{}", t.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let r = run_in(&clone.path().join("c"), &["--base", "HEAD~1"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("fetch-depth: 0"), "{}", r.stderr);
    let outside = TempDir::sfdx("no-git");
    outside.write(PROFILE, aciu(""));
    let r = run_in(outside.path(), &["--base", "main"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not in a git repository"), "{}", r.stderr);
}

#[test]
fn staged_lints_the_index_version_of_staged_files_only() {
    let t = repo("staged");
    let p = "force-app/main/default/profiles/P.profile-meta.xml";
    let q = "force-app/main/default/profiles/Q.profile-meta.xml";
    t.write(p, profile(&field_perm("Account.A__c", false, true)));
    t.write(q, profile(&field_perm("Account.A__c", true, false))); // committed problem, not staged
    commit(&t, "base");
    // Stage a bad version of P, then fix it in the working tree only.
    t.write(p, profile(&field_perm("Account.A__c", true, false)));
    git(t.path(), &["add", p]);
    t.write(p, profile(&field_perm("Account.A__c", false, true)));
    let (code, d) = findings(&t, &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["path"], p);
    assert_eq!(d[0]["code"], "PM001");
}

#[test]
fn group_unassigned_or_deleted_points_at_the_user_record() {
    let t = repo("rev-group-user");
    t.write(PROFILE, aciu(""));
    let (p1, b1) = ps("CRMA_B", &field_perm("Account.B__c", false, true));
    t.write(&p1, &b1);
    let gpath = "force-app/main/default/permissionsetgroups/CRMA.permissionsetgroup-meta.xml";
    t.write(gpath, format!("<PermissionSetGroup xmlns=\"{NS}\">\n    <label>G</label>\n    <permissionSets>CRMA_B</permissionSets>\n</PermissionSetGroup>\n"));
    let user = "force-app/main/default/users/integration.user-meta.xml";
    let with_group = "<User>\n    <username>i@x.example</username>\n    <profile>Analytics Cloud Integration User</profile>\n    <permissionSetGroups>CRMA</permissionSetGroups>\n</User>\n";
    t.write(user, with_group);
    commit(&t, "base");
    t.write(user, "<User>\n    <username>i@x.example</username>\n    <profile>Analytics Cloud Integration User</profile>\n</User>\n");
    commit(&t, "unassign");
    let (_, d) = findings(&t, &["--base", "HEAD~1"]);
    let r = iu007(&d);
    assert_eq!(r.len(), 1, "{d:#?}");
    assert_eq!(r[0]["path"], user);
    assert!(
        r[0]["message"]
            .as_str()
            .unwrap()
            .contains("permission set group `CRMA` is no longer assigned to it")
    );
    // Deleting the group while the user still names it.
    t.write(user, with_group);
    commit(&t, "reassign");
    std::fs::remove_file(t.path().join(gpath)).unwrap();
    commit(&t, "delete group");
    let (_, d) = findings(&t, &["--base", "HEAD~1"]);
    let r = iu007(&d);
    assert_eq!(r.len(), 1, "{d:#?}");
    assert!(
        r[0]["message"]
            .as_str()
            .unwrap()
            .contains("permission set group `CRMA` was deleted")
    );
}

#[test]
fn an_unchanged_false_is_not_blamed_and_case_does_not_duplicate() {
    let t = repo("rev-unchanged-false");
    t.write(PROFILE, aciu(&field_perm("Account.A__c", false, false)));
    let (p1, _) = ps("CRMA_A", "");
    t.write(
        &p1,
        permission_set(&field_perm("account.a__c", false, true)),
    );
    t.write(
        "force-app/main/default/users/integration.user-meta.xml",
        "<User>\n    <username>i@x.example</username>\n    <profile>Analytics Cloud Integration User</profile>\n    <permissionSets>CRMA_A</permissionSets>\n</User>\n",
    );
    commit(&t, "base");
    t.write(&p1, permission_set(""));
    commit(&t, "head");
    let (_, d) = findings(&t, &["--base", "HEAD~1"]);
    let r = iu007(&d);
    assert_eq!(r.len(), 1, "{d:#?}");
    // The permission set lost the grant; the profile's `false` was there all along.
    assert_eq!(r[0]["path"], p1);
    assert!(
        r[0]["message"]
            .as_str()
            .unwrap()
            .contains("permission set `CRMA_A` no longer grants it")
    );
}

#[test]
fn an_iu007_suppression_is_not_unused_without_a_base() {
    let t = repo("rev-suppress");
    t.write(
        PROFILE,
        aciu(&format!(
            "    <!-- sflint-ignore IU007: revoked on purpose, ticket SEC-9 -->\n{}",
            field_perm("Account.Tier__c", false, true)
        )),
    );
    commit(&t, "base");
    let (_, d) = findings(&t, &[]);
    assert!(d.iter().all(|x| x["code"] != "SF005"), "{d:#?}");
}
