//! Inline suppressions, per-file ignores, SF004 and SF005.

mod common;

use common::*;

const P: &str = "force-app/main/default/profiles/P.profile-meta.xml";

fn json(t: &TempDir) -> serde_json::Value {
    let r = run_in(t.path(), &["--format", "json"]);
    serde_json::from_str(&r.stdout).unwrap()
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}@{}", d["code"].as_str().unwrap(), d["start"]["line"]))
        .collect()
}

#[test]
fn ignore_comment_covers_the_next_element_only() {
    let t = TempDir::sfdx("sup-next");
    t.write(
        P,
        profile(&format!(
            "    <!-- sflint-ignore PM001: legacy integration, ticket SEC-12 -->\n{}{}",
            field_perm("Account.A__c", true, false),
            field_perm("Account.B__c", true, false)
        )),
    );
    let v = json(&t);
    // A__c's finding is hidden, B__c's (line 12) is not.
    assert_eq!(codes(&v), ["PM001@12"]);
    assert_eq!(v["summary"]["suppressed"], 1);
}

#[test]
fn ignore_comment_as_last_child_covers_the_enclosing_element() {
    let t = TempDir::sfdx("sup-enclosing");
    t.write(
        P,
        profile(
            "    <fieldPermissions>\n        <editable>true</editable>\n        <field>Account.A__c</field>\n        <readable>false</readable>\n        <!-- sflint-ignore editable-without-readable: kept for the data loader -->\n    </fieldPermissions>\n",
        ),
    );
    let v = json(&t);
    assert_eq!(codes(&v), Vec::<String>::new());
    assert_eq!(v["summary"]["suppressed"], 1);
}

#[test]
fn file_level_ignore_and_missing_reason() {
    let t = TempDir::sfdx("sup-file");
    t.write(
        P,
        profile(&format!(
            "{}    <!-- sflint-ignore-file PM -->\n{}",
            field_perm("Account.A__c", true, false),
            field_perm("Account.A__c", true, false)
        )),
    );
    let v = json(&t);
    // PM001 x2 and PM005 suppressed; the comment itself lacks a reason (SF004, line 8).
    assert_eq!(codes(&v), ["SF004@8"]);
    assert_eq!(v["summary"]["suppressed"], 3);
    let help = v["diagnostics"][0]["help"].as_str().unwrap();
    assert!(help.contains("sflint-ignore-file PM001: "), "{help}");
}

#[test]
fn unused_and_unknown_suppressions() {
    let t = TempDir::sfdx("sup-unused");
    t.write(
        P,
        profile(&format!(
            "    <!-- sflint-ignore PM003: required field -->\n{}    <!-- sflint-ignore PM0001: typo -->\n{}",
            field_perm("Account.A__c", false, true),
            field_perm("Account.B__c", false, true)
        )),
    );
    let v = json(&t);
    assert_eq!(codes(&v), ["SF005@3", "SF005@9"]);
    let msgs: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs[0].contains("suppresses PM003, but there is no such finding"),
        "{msgs:?}"
    );
    assert!(
        msgs[1].contains("names `PM0001`, which matches no rule"),
        "{msgs:?}"
    );
    assert!(
        v["diagnostics"][1]["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `PM001`?")
    );
    // Comments that merely mention sflint are not suppressions.
    t.write(
        P,
        profile("    <!-- sflint-ignored by nobody -->\n    <custom>true</custom>\n"),
    );
    assert_eq!(codes(&json(&t)), Vec::<String>::new());
}

#[test]
fn per_file_ignores_match_globs_relative_to_the_project_root() {
    let t = TempDir::sfdx("sup-pfi");
    t.write(P, profile(&field_perm("Account.A__c", true, false)));
    t.write(
        "force-app/main/default/profiles/Q.profile-meta.xml",
        profile(&field_perm("Account.A__c", true, false)),
    );
    t.write(
        "sflint.toml",
        "[per-file-ignores]\n\"force-app/**/P.profile-meta.xml\" = [\"PM001\"]\n",
    );
    let v = json(&t);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
    assert!(
        v["diagnostics"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("Q.profile-meta.xml")
    );
    assert_eq!(v["summary"]["suppressed"], 1);
    // An unknown rule in per-file-ignores is a configuration error.
    t.write("sflint.toml", "[per-file-ignores]\n\"**\" = [\"PM0001\"]\n");
    let r = run_in(t.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `PM001`?"), "{}", r.stderr);
}

/// A legacy org adopting sflint suppresses every finding of one big profile: 40,000
/// suppression comments, each hiding the finding of the element after it. Matching must stay
/// exact at that size (its speed is measured by `scripts/bench.sh --suppressions`).
#[test]
fn forty_thousand_suppressed_findings_on_one_profile() {
    const N: usize = 40_000;
    let t = TempDir::sfdx("sup-many");
    let mut body = String::with_capacity(N * 200);
    let mut open_lines = Vec::new();
    // Line 3 is the first line inside <Profile>.
    let mut line = 3;
    for i in 0..N {
        // Every 10,000th element has no comment: its finding (on <readable>) stays.
        if i % 10_000 == 9_999 {
            open_lines.push(format!("PM001@{}", line + 3));
        } else {
            body.push_str("    <!-- sflint-ignore PM001: legacy, ticket SEC-1 -->\n");
            line += 1;
        }
        body.push_str(&field_perm(&format!("Account.F{i}__c"), true, false));
        line += 5;
    }
    // The last child covers the whole profile, but PM003 has no finding there: SF005.
    body.push_str("    <!-- sflint-ignore PM003: required fields -->\n");
    open_lines.push(format!("SF005@{line}"));
    t.write(P, profile(&body));
    let v = json(&t);
    assert_eq!(codes(&v), open_lines);
    assert_eq!(v["summary"]["suppressed"], N - 4);
}
