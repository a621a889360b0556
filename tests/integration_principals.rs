//! Which CRM Analytics profile runs the jobs, and who counts as the security user: the real
//! binary on small projects.

mod common;

use common::*;

const LICENSE: &str = "    <userLicense>Analytics Cloud Integration User</userLicense>\n";
const DATAFLOW: &str = r#"{"Extract":{"action":"sfdcDigest","parameters":{"object":"Account","fields":[{"name":"Id"},{"name":"Tier__c"}]}}}"#;

/// A project with the standard integration profile denying `Account.Tier__c`, a clone
/// that grants it, and a dataflow reading it.
fn project(tag: &str) -> TempDir {
    let t = TempDir::sfdx(tag);
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml",
        profile(&format!(
            "{}{LICENSE}",
            field_perm("Account.Tier__c", false, false)
        )),
    );
    t.write(
        "force-app/main/default/profiles/CRMA Clone.profile-meta.xml",
        profile(&format!(
            "{}{LICENSE}",
            field_perm("Account.Tier__c", false, true)
        )),
    );
    t.write("force-app/main/default/wave/Accounts.wdf", DATAFLOW);
    t
}

fn codes(t: &TempDir) -> Vec<String> {
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    concise_codes(&r.stdout)
}

#[test]
fn with_nothing_named_every_crma_profile_runs_the_jobs() {
    let t = project("iu-nothing-named");
    assert_eq!(
        codes(&t),
        [
            "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml:6:19: IU001"
        ]
    );
}

#[test]
fn a_configured_clone_supersedes_the_unused_standard_profile() {
    let t = project("iu-config-clone");
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"crma\"\nprofile = \"CRMA Clone\"\nruns-analytics = true\n",
    );
    assert_eq!(codes(&t), Vec::<String>::new());
}

#[test]
fn a_user_record_on_the_clone_supersedes_the_unused_standard_profile() {
    let t = project("iu-user-clone");
    t.write(
        "config/integration-user-def.json",
        r#"{"Username":"integration@00d000000000001.example","LastName":"Integration","profileName":"CRMA Clone"}"#,
    );
    assert_eq!(codes(&t), Vec::<String>::new());
}

#[test]
fn a_configured_principal_without_a_profile_names_no_runner() {
    let t = project("iu-config-sets-only");
    t.write(
        "force-app/main/default/permissionsets/CRMA_Extra.permissionset-meta.xml",
        permission_set(""),
    );
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"crma\"\npermission-sets = [\"CRMA_Extra\"]\nruns-analytics = true\n",
    );
    let got = codes(&t);
    assert!(
        got.iter().any(|c| c
            .starts_with("force-app/main/default/profiles/Analytics Cloud Integration User")
            && c.ends_with("IU001")),
        "{got:?}"
    );
}

#[test]
fn the_standard_security_profile_never_reads_extracted_fields() {
    let t = TempDir::sfdx("iu-security");
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Security User.profile-meta.xml",
        profile(&format!(
            "{}{LICENSE}",
            field_perm("Account.Tier__c", false, false)
        )),
    );
    t.write("force-app/main/default/wave/Accounts.wdf", DATAFLOW);
    assert_eq!(codes(&t), Vec::<String>::new());
}

#[test]
fn runs_analytics_and_security_user_together_is_a_config_error() {
    let t = project("iu-both-flags");
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nname = \"crma\"\nprofile = \"CRMA Clone\"\nruns-analytics = true\nsecurity-user = true\n",
    );
    let r = run_in(t.path(), &["check", "--format", "concise", "."]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("security-user"), "{}", r.stderr);
}

const HIGH_ASSURANCE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ProfileSessionSetting xmlns="http://soap.sforce.com/2006/04/metadata">
    <profile>Analytics Cloud Integration User</profile>
    <requiredSessionLevel>HIGH_ASSURANCE</requiredSessionLevel>
</ProfileSessionSetting>
"#;

#[test]
fn session_settings_of_the_unused_standard_profile_lock_nobody_out() {
    let t = project("ss-superseded");
    t.write(
        "force-app/main/default/profileSessionSettings/PT1.profileSessionSetting-meta.xml",
        HIGH_ASSURANCE,
    );
    let before = codes(&t);
    assert!(before.iter().any(|c| c.ends_with("SS001")), "{before:?}");
    t.write(
        "config/integration-user-def.json",
        r#"{"Username":"integration@00d000000000001.example","LastName":"Integration","profileName":"CRMA Clone"}"#,
    );
    assert_eq!(codes(&t), Vec::<String>::new());
}

#[test]
fn the_reserved_integration_user_names_its_clone_even_without_the_clone_file() {
    let t = TempDir::sfdx("iu-reserved-no-file");
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml",
        profile(&format!(
            "{}{LICENSE}",
            field_perm("Account.Tier__c", false, false)
        )),
    );
    t.write("force-app/main/default/wave/Accounts.wdf", DATAFLOW);
    t.write(
        "config/integration-user-def.json",
        r#"{"Username":"integration@00d000000000001.example","LastName":"Integration","profileName":"CRMA Clone"}"#,
    );
    assert_eq!(codes(&t), Vec::<String>::new());
    // Another username on the clone says nothing about who runs the jobs.
    t.write(
        "config/integration-user-def.json",
        r#"{"Username":"etl@example.com","LastName":"Integration","profileName":"CRMA Clone"}"#,
    );
    assert_eq!(codes(&t).len(), 1);
}

/// The `unchecked-reads` notes of a run (JSON output), and its exit code.
fn unchecked_reads(t: &TempDir, extra: &[&str]) -> (Vec<String>, i32) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(".");
    let r = run_in(t.path(), &args);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stderr);
    let notes = json["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter(|n| n["kind"] == "unchecked-reads")
        .map(|n| format!("{} | {}", n["message"], n["help"]))
        .collect();
    (notes, r.code)
}

#[test]
fn reads_no_integration_user_runs_are_a_note_not_a_silent_pass() {
    // A dataflow and no profile at all.
    let t = TempDir::sfdx("iu-unchecked");
    t.write("force-app/main/default/wave/Accounts.wdf", DATAFLOW);
    for extra in [&["--no-cache"][..], &[], &[]] {
        // Fresh, then a cold and a warm cached run (the findings and notes reused whole).
        let (notes, code) = unchecked_reads(&t, extra);
        assert_eq!(code, 0);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains(
                "dataflow \\\"Accounts\\\" reads 2 fields, but the project holds no integration user that runs them: IU001, IU002 and IU003 checked nothing"
            ) && notes[0].contains("[[integration.principal]]"),
            "{notes:?}"
        );
    }
    // Rules IU001 to IU003 off: nothing to say.
    let (notes, _) = unchecked_reads(&t, &["--ignore", "IU001,IU002,IU003"]);
    assert_eq!(notes, Vec::<String>::new());
    // Only the security user, which runs no job: still nothing checked.
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Security User.profile-meta.xml",
        profile(LICENSE),
    );
    assert_eq!(unchecked_reads(&t, &[]).0.len(), 1);
    // The integration user's profile in the project: the reads are checked.
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml",
        profile(LICENSE),
    );
    assert_eq!(unchecked_reads(&t, &[]).0, Vec::<String>::new());
}

#[test]
fn a_runner_whose_profile_is_missing_is_named_in_the_note() {
    let t = TempDir::sfdx("iu-unchecked-clone");
    t.write("force-app/main/default/wave/Accounts.wdf", DATAFLOW);
    t.write(
        "config/integration-user-def.json",
        r#"{"Username":"integration@00d000000000001.example","LastName":"Integration","profileName":"CRMA Clone"}"#,
    );
    let (notes, _) = unchecked_reads(&t, &[]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains(
            "the profile of the integration user that runs them, `CRMA Clone`, is not in the project"
        ),
        "{notes:?}"
    );
}
