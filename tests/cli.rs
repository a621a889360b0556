//! The real binary: commands, exit codes, output formats, discovery of both layouts.

mod common;

use common::*;

#[test]
fn demo_project_shows_its_findings_and_exits_1() {
    let r = run_in(
        &repo_root(),
        &["check", "--format", "concise", "testdata/demo"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let ps = "testdata/demo/force-app/main/default/permissionsets";
    let codes = concise_codes(&r.stdout);
    for want in [
        format!("{ps}/Analytics_Extract.permissionset-meta.xml:9:5: PM005"),
        format!("{ps}/Finance_Ops.permissionset-meta.xml:17:19: PM001"),
        format!("{ps}/Finance_Ops.permissionset-meta.xml:21:16: PM004"),
        "testdata/demo/force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml:12:19: IU001".to_string(),
        "testdata/demo/config/users/analytics-integration.user-meta.xml:7:15: IU004".to_string(),
        "testdata/demo/force-app/main/default/profileSessionSettings/Integration_Session.profileSessionSetting-meta.xml:5:27: SS001".to_string(),
        "testdata/demo/force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml:7:19: DC005".to_string(),
        // Credit_Score__c (Restricted) reaches dataset `revenue_daily`, which has no
        // row-level security.
        "testdata/demo/force-app/main/default/wave/Revenue_Daily.wdf:16:4: DC010".to_string(),
    ] {
        assert!(codes.contains(&want), "missing {want} in {codes:#?}");
    }
    // PM002 (an edit grant on a formula field, line 10) is off by default.
    assert_eq!(codes.len(), 8, "{codes:#?}");
    assert!(
        r.stdout.lines().any(|l| l.ends_with("in 15 files.")),
        "{}",
        r.stdout
    );
}

#[test]
fn default_command_is_check_of_the_current_folder() {
    let demo = repo_root().join("testdata/demo");
    let a = run_in(&demo, &["--format", "concise"]);
    let b = run_in(&demo, &["check", "--format", "concise", "."]);
    assert_eq!(a.code, 1);
    assert_eq!(a.stdout, b.stdout);
    assert!(
        a.stdout.starts_with("config/users/"),
        "paths are relative to the cwd: {}",
        a.stdout
    );
}

#[test]
fn json_output_follows_the_schema() {
    let r = run_in(
        &repo_root(),
        &["check", "--format", "json", "testdata/demo"],
    );
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(v["schema"], "sflint/1");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        for key in [
            "code",
            "name",
            "severity",
            "message",
            "help",
            "path",
            "fingerprint",
        ] {
            assert!(
                d[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {d}"
            );
        }
        assert!(!d["path"].as_str().unwrap().contains('\\'));
        assert!(d["span"]["start"].as_u64().unwrap() <= d["span"]["end"].as_u64().unwrap());
        assert!(d["start"]["line"].as_u64().unwrap() >= 1);
        assert!(d["start"]["column"].as_u64().unwrap() >= 1);
        assert!(d["related"].is_array());
    }
    // the `false` of <readable>false</readable> in Finance_Ops, line 17
    let pm001 = diags.iter().find(|d| d["code"] == "PM001").unwrap();
    assert_eq!(pm001["start"]["line"], 17);
    assert_eq!(pm001["start"]["column"], 19);
    assert_eq!(pm001["end"]["column"], 24);
    assert_eq!(pm001["related"][0]["start"]["line"], 15);
    let s = &v["summary"];
    assert_eq!(s["files"], 15);
    assert_eq!(
        s["errors"].as_u64().unwrap() + s["warnings"].as_u64().unwrap(),
        diags.len() as u64
    );
}

#[test]
fn fingerprints_survive_line_shifts() {
    let t = TempDir::sfdx("fp");
    let body = field_perm("Account.A__c", true, false);
    let p = "force-app/main/default/profiles/P.profile-meta.xml";
    t.write(p, profile(&body));
    let fp = |dir: &std::path::Path| {
        let r = run_in(dir, &["--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        (
            v["diagnostics"][0]["fingerprint"]
                .as_str()
                .unwrap()
                .to_string(),
            v["diagnostics"][0]["start"]["line"].as_u64().unwrap(),
        )
    };
    let (a, line_a) = fp(t.path());
    t.write(
        p,
        profile(&format!("    <custom>true</custom>\n\n\n{body}")),
    );
    let (b, line_b) = fp(t.path());
    assert_ne!(line_a, line_b);
    assert_eq!(a, b);
}

#[test]
fn malformed_inputs_give_diagnostics_never_crashes() {
    let r = run_in(
        &repo_root(),
        &["check", "--format", "concise", "testdata/malformed"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let base = "testdata/malformed/force-app/main/default";
    let codes = concise_codes(&r.stdout);
    for want in [
        format!("{base}/permissionsets/Mismatched.permissionset-meta.xml:8:5: SF001"),
        format!("{base}/profiles/BomCrlf.profile-meta.xml:6:19: PM001"),
        format!("{base}/profiles/Deep.profile-meta.xml:2:1470: SF003"),
        format!("{base}/profiles/Empty.profile-meta.xml:1:1: SF001"),
        format!("{base}/profiles/Conflict.profile-meta.xml:6:1: SF001"),
        // found by fuzzing: two byte-order marks
        format!("{base}/profiles/DoubleBom.profile-meta.xml:3:9: SF001"),
        format!("{base}/profiles/Latin1.profile-meta.xml:3:21: SF001"),
        format!("{base}/profiles/Truncated.profile-meta.xml:6:1: SF001"),
        format!("{base}/profiles/WrongRoot.profile-meta.xml:2:2: SF002"),
        format!("{base}/wave/Broken.wdf:1:"),
    ] {
        assert!(
            codes.iter().any(|c| c.starts_with(&want)),
            "missing {want} in {codes:#?}"
        );
    }
}

#[test]
fn exit_codes() {
    let t = TempDir::sfdx("exit");
    t.write(
        "force-app/main/default/profiles/P.profile-meta.xml",
        profile(&field_perm("Account.Industry", false, true)),
    );
    assert_eq!(run_in(t.path(), &[]).code, 0);
    // A warning only: exit 0 by default, 1 with --fail-on warning.
    t.write(
        "force-app/main/default/objects/Invoice__c/fields/A__c.field-meta.xml",
        format!(
            "<CustomField xmlns=\"{NS}\"><fullName>A__c</fullName><type>Text</type></CustomField>"
        ),
    );
    t.write(
        "force-app/main/default/permissionsets/S.permissionset-meta.xml",
        permission_set(&field_perm("Invoice__c.B__c", false, true)),
    );
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("PM004 [warning]"));
    assert_eq!(run_in(t.path(), &["--fail-on", "warning"]).code, 1);
    t.write("sflint.toml", "fail-on = \"warning\"\n");
    assert_eq!(run_in(t.path(), &[]).code, 1);
    // A__c is also readable by nobody (PM009, a warning too).
    assert_eq!(run_in(t.path(), &["--ignore", "PM004"]).code, 1);
    assert_eq!(run_in(t.path(), &["--ignore", "PM004,PM009"]).code, 0);
    // Usage and I/O errors: 2.
    let r = run_in(t.path(), &["check", "no/such/dir"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no/such/dir") && r.stderr.contains("no such file"),
        "{}",
        r.stderr
    );
    let r = run_in(t.path(), &["--select", "PM0001"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `PM001`?"), "{}", r.stderr);
    assert_eq!(run_in(t.path(), &["--format", "yaml"]).code, 2);
    assert_eq!(run_in(t.path(), &["--help"]).code, 0);
}

#[test]
fn config_errors_point_into_the_file_and_exit_2() {
    let t = TempDir::sfdx("cfg");
    t.write(
        "force-app/main/default/profiles/P.profile-meta.xml",
        profile(""),
    );
    t.write("sflint.toml", "select = [\"PM\"]\nfail_on = \"warning\"\n");
    let r = run_in(t.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("sflint.toml"), "{}", r.stderr);
    assert!(r.stderr.contains("unknown field `fail_on`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("2 │ fail_on"),
        "shows the line: {}",
        r.stderr
    );
    t.write("sflint.toml", "ignore = [\"editable-without-readble\"]\n");
    let r = run_in(t.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("did you mean `editable-without-readable`?"),
        "{}",
        r.stderr
    );
    // --no-config skips it; --config names another file.
    assert_eq!(run_in(t.path(), &["--no-config"]).code, 0);
    t.write("other.toml", "exclude = [\"[\"]\n");
    let r = run_in(t.path(), &["--config", "other.toml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a valid glob"), "{}", r.stderr);
}

#[test]
fn selection_and_severity_overrides() {
    let t = TempDir::sfdx("sel");
    t.write(
        "force-app/main/default/profiles/P.profile-meta.xml",
        profile(&format!(
            "{}{}",
            field_perm("Account.A__c", true, false),
            field_perm("Account.A__c", true, false)
        )),
    );
    let r = run_in(t.path(), &["--format", "concise"]);
    assert!(r.stdout.contains("PM001") && r.stdout.contains("PM005"));
    let r = run_in(t.path(), &["--format", "concise", "--select", "PM005"]);
    assert!(!r.stdout.contains("PM001") && r.stdout.contains("PM005"));
    let r = run_in(
        t.path(),
        &[
            "--format",
            "concise",
            "--ignore",
            "duplicate-permission-entry",
        ],
    );
    assert!(r.stdout.contains("PM001") && !r.stdout.contains("PM005"));
    t.write("sflint.toml", "[severity]\nPM = \"info\"\n");
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 0, "infos do not fail by default: {}", r.stdout);
    assert!(r.stdout.contains("PM001 [info]"));
}

#[test]
fn mdapi_layout_with_embedded_fields() {
    let t = TempDir::new("mdapi");
    t.write(
        "src/objects/Invoice__c.object",
        format!(
            "<CustomObject xmlns=\"{NS}\">\n<fields><fullName>Total__c</fullName><formula>1</formula><type>Number</type></fields>\n<fields><fullName>Parent__c</fullName><type>MasterDetail</type></fields>\n</CustomObject>\n"
        ),
    );
    t.write(
        "src/profiles/Custom%3A Sales.profile",
        profile(&format!(
            "{}{}",
            field_perm("Invoice__c.Total__c", true, true),
            field_perm("Invoice__c.Parent__c", false, true)
        )),
    );
    let r = run_in(t.path(), &["--format", "concise", "--select", "PM"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "PM002 [*] [info] profile `Custom: Sales` grants edit on Invoice__c.Total__c"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "PM003 [*] [error] profile `Custom: Sales` lists field permissions for Invoice__c.Parent__c"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn decomposed_permission_sets_are_merged() {
    let t = TempDir::sfdx("decomp");
    let ps = "force-app/main/default/permissionsets/Ops";
    // Beta: one file per child, root = child type.
    t.write(
        &format!("{ps}/Ops.permissionset-meta.xml"),
        format!("<PermissionSet xmlns=\"{NS}\"><label>Ops</label></PermissionSet>"),
    );
    t.write(
        &format!("{ps}/fieldPermissions/Account.A__c.fieldPermission-meta.xml"),
        format!("<FieldPermission xmlns=\"{NS}\"><editable>true</editable><field>Account.A__c</field><readable>false</readable></FieldPermission>"),
    );
    // Beta2: objectSettings file with <PermissionSet> root and no xmlns.
    t.write(
        &format!("{ps}/objectSettings/Account.objectSettings-meta.xml"),
        format!(
            "<PermissionSet>\n{}</PermissionSet>",
            field_perm("Account.A__c", false, true)
        ),
    );
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("A__c.fieldPermission-meta.xml:1:")
            && r.stdout.contains("PM001 [error] permission set `Ops`"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Account.objectSettings-meta.xml:2:5: PM005 [error] permission set `Ops` lists the field permission for Account.A__c twice"), "{}", r.stdout);
}

#[test]
fn file_arguments_report_only_those_files() {
    let t = TempDir::sfdx("files");
    let a = "force-app/main/default/profiles/A.profile-meta.xml";
    let b = "force-app/main/default/profiles/B.profile-meta.xml";
    t.write(a, profile(&field_perm("Account.X__c", true, false)));
    t.write(b, profile(&field_perm("Account.X__c", true, false)));
    let r = run_in(t.path(), &["--format", "concise", a]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("A.profile-meta.xml") && !r.stdout.contains("B.profile-meta.xml"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("in 1 file."), "{}", r.stdout);
}

#[test]
fn rules_and_rule_commands() {
    let r = run_in(&repo_root(), &["rules"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("PM001  editable-without-readable"),
        "{}",
        r.stdout
    );
    let r = run_in(&repo_root(), &["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == "SF001")
    );
    let r = run_in(&repo_root(), &["rule", "editable-without-readable"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("# PM001"), "{}", r.stdout);
    let r = run_in(&repo_root(), &["rule", "PM01"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no rule `PM01`"), "{}", r.stderr);
}

#[test]
fn a_50_mb_profile_is_linted() {
    let t = TempDir::sfdx("big");
    let mut body = String::with_capacity(52 << 20);
    let mut i = 0;
    while body.len() < 50 << 20 {
        body.push_str(&field_perm(&format!("Account.Field_{i}__c"), false, true));
        i += 1;
    }
    body.push_str(&field_perm("Account.Last__c", true, false));
    let text = profile(&body);
    let line = text[..text.find("<field>Account.Last__c").unwrap()]
        .lines()
        .count()
        + 1;
    t.write(
        "force-app/main/default/profiles/Big.profile-meta.xml",
        &text,
    );
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let want = format!("Big.profile-meta.xml:{line}:19: PM001");
    assert!(
        concise_codes(&r.stdout).iter().any(|c| c.ends_with(&want)),
        "{want} in {}",
        r.stdout
    );
}

#[test]
fn own_namespace_prefix_resolves_to_the_unprefixed_source_field() {
    let t = TempDir::new("ns");
    t.write(
        "sfdx-project.json",
        r#"{"namespace":"acme","packageDirectories":[{"path":"force-app"}]}"#,
    );
    t.write(
        "force-app/main/default/objects/Account/fields/Tier__c.field-meta.xml",
        format!("<CustomField xmlns=\"{NS}\"><fullName>Tier__c</fullName><formula>1</formula><type>Number</type></CustomField>"),
    );
    t.write(
        "force-app/main/default/profiles/P.profile-meta.xml",
        profile(&format!(
            "{}{}",
            field_perm("Account.acme__Tier__c", true, true),
            field_perm("Account.other__Tier__c", false, true)
        )),
    );
    let r = run_in(t.path(), &["--format", "concise", "--select", "PM"]);
    // The own-namespace name is the source field (a formula: PM002), not unknown (PM004);
    // another package's field is not judged.
    assert!(
        r.stdout
            .contains("PM002 [*] [info] profile `P` grants edit on Account.acme__Tier__c"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("PM004"), "{}", r.stdout);
}

#[test]
fn non_ascii_field_names_do_not_crash() {
    let t = TempDir::sfdx("utf");
    t.write(
        "force-app/main/default/objects/Account/fields/A__c.field-meta.xml",
        format!(
            "<CustomField xmlns=\"{NS}\"><fullName>A__c</fullName><type>Text</type></CustomField>"
        ),
    );
    t.write(
        "force-app/main/default/profiles/P.profile-meta.xml",
        profile(&format!(
            "{}{}",
            field_perm("Account.Éé", false, true),
            field_perm("Account.Numéro", false, true)
        )),
    );
    let r = run_in(t.path(), &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn the_pre_commit_hook_entry_lints_the_files_it_is_given() {
    let hooks = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("an entry line");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("sflint"));
    let args: Vec<&str> = words.collect();
    assert!(hooks.contains("id: sflint") && hooks.contains("language: rust"));
    // pre-commit appends the staged file names to the entry.
    let t = TempDir::sfdx("hook");
    let a = "force-app/main/default/profiles/A.profile-meta.xml";
    let b = "force-app/main/default/profiles/B.profile-meta.xml";
    t.write(a, profile(&field_perm("Account.X__c", true, false)));
    t.write(b, profile(&field_perm("Account.X__c", true, false)));
    let mut call = args.clone();
    call.push(a);
    let r = run_in(t.path(), &call);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("A.profile-meta.xml") && !r.stdout.contains("B.profile-meta.xml"),
        "{}",
        r.stdout
    );
}
