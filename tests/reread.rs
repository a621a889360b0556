//! Files read again after linting, to show the findings in them: a report shown only by
//! line and column (JSON, SARIF...) reads a large file only as far as its findings and
//! fixes reach, and must say exactly what a report that shows the source says.

mod common;

use common::*;

/// A project whose large profile has findings near its start only (after a line with
/// multi-byte characters), a large permission set one near its end, with fixes that
/// remove an entry, replace a value and insert an entry (the integration user's profile).
fn project(tag: &str, eol: &str) -> TempDir {
    let t = TempDir::sfdx(tag);
    let mut body = String::from("    <description>Équipe support — accès</description>\n");
    body += &field_perm("Account.Early__c", true, false); // PM001, near the start
    body += &field_perm("Account.Twice__c", false, true);
    body += &field_perm("Account.Twice__c", false, true); // PM005: a repeated entry
    for i in 0..4000 {
        body += &field_perm(&format!("Account.Filler{i:04}__c"), false, true);
    }
    let text = profile(&body).replace('\n', eol);
    assert!(text.len() > 500_000);
    t.write(
        "force-app/main/default/profiles/Support.profile-meta.xml",
        text,
    );
    // A finding near the end of a large file.
    let mut body = String::new();
    for i in 0..4000 {
        body += &field_perm(&format!("Account.Filler{i:04}__c"), false, true);
    }
    body += &field_perm("Account.Late__c", true, false); // PM001, 600 KB in
    t.write(
        "force-app/main/default/permissionsets/Late.permissionset-meta.xml",
        permission_set(&body).replace('\n', eol),
    );
    // The integration user reads a field its profile does not grant: IU002, whose fix
    // inserts an entry among the profile's others.
    let mut grants = String::new();
    for i in 0..3000 {
        grants += &field_perm(&format!("Account.Filler{i:04}__c"), false, true);
    }
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml",
        aciu_profile(&grants).replace('\n', eol),
    );
    t.write(
        "force-app/main/default/wave/Accounts.wdf",
        r#"{"extract": {"action": "sfdcDigest", "parameters": {"object": "Account", "fields": [{"name": "Filler0001__c"}, {"name": "Secret__c"}]}}}"#,
    );
    t
}

/// The JSON report of `check --no-cache` over `t`: alone (only lines and columns are
/// shown), or written beside a text report (source lines shown: every file read whole).
fn json_report(t: &TempDir, beside_text: bool) -> serde_json::Value {
    let out = t.path().join("report.json");
    let out_arg = format!("json={}", out.display());
    let mut args = vec!["check", "--no-cache"];
    if beside_text {
        args.extend(["--format", "text", "--output-format", &out_arg, "."]);
    } else {
        args.extend(["--format", "json", "."]);
    }
    let r = run_in(t.path(), &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = if beside_text {
        std::fs::read_to_string(&out).expect("the JSON report is written")
    } else {
        r.stdout
    };
    std::fs::remove_file(&out).ok();
    serde_json::from_str(&json).expect("JSON")
}

#[test]
fn a_report_by_line_and_column_says_what_a_report_with_source_lines_says() {
    for eol in ["\n", "\r\n"] {
        let t = project("reread", eol);
        let alone = json_report(&t, false);
        let beside = json_report(&t, true);
        assert_eq!(alone, beside, "line ends {eol:?}");
        let findings = alone["diagnostics"].as_array().expect("diagnostics");
        let at = |code: &str, what: &str| {
            findings
                .iter()
                .find(|d| d["code"] == code && d["message"].as_str().unwrap().contains(what))
                .unwrap_or_else(|| panic!("no {code} on {what}: {findings:#?}"))
        };
        // Lines as the file has them: the description, then five lines per entry (the
        // finding is on the fourth, `<readable>`).
        let early = at("PM001", "Early__c");
        assert_eq!(early["start"]["line"], 4 + 3, "{early:#}");
        let late = at("PM001", "Late__c");
        assert_eq!(late["start"]["line"], 3 + 5 * 4000 + 3, "{late:#}");
        assert!(at("PM005", "Twice__c")["fix"].is_object());
        // The fixes were resolved on what was read: a removal widened to whole lines
        // (its start at a line's start), and an insertion among the entries.
        let removal = &at("PM005", "Twice__c")["fix"]["edits"][0];
        assert_eq!(removal["content"], "");
        let grant = at("IU002", "Secret__c");
        let insert = &grant["fix"]["edits"][0];
        assert!(
            insert["content"]
                .as_str()
                .is_some_and(|c| c.contains("<field>Account.Secret__c</field>")),
            "{grant:#}"
        );
    }
}

#[test]
fn a_cached_report_by_line_and_column_is_the_same() {
    let t = project("reread-cache", "\n");
    let fresh = json_report(&t, false);
    let run = || {
        let r = run_in(t.path(), &["check", "--format", "json", "."]);
        serde_json::from_str::<serde_json::Value>(&r.stdout).expect(&r.stderr)
    };
    let stored = run();
    let reused = run();
    assert_eq!(fresh["diagnostics"], stored["diagnostics"]);
    assert_eq!(stored["diagnostics"], reused["diagnostics"]);
}
