//! Baselines: write, lint clean, change, shrink; and --output.

mod common;

use common::*;

const P: &str = "force-app/main/default/profiles/P.profile-meta.xml";

#[test]
fn baseline_round_trip() {
    let t = TempDir::sfdx("baseline");
    let a = field_perm("Account.A__c", true, false);
    let b = field_perm("Account.B__c", true, false);
    t.write(P, profile(&format!("{a}{b}")));
    assert_eq!(run_in(t.path(), &[]).code, 1);

    // Write: exit 0, sorted JSON with both findings.
    let r = run_in(t.path(), &["--write-baseline", "sflint-baseline.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Wrote 2 findings (2 entries) to sflint-baseline.json."),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(t.path().join("sflint-baseline.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema"], "sflint-baseline/1");
    let entries = v["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["path"], P);
    assert_eq!(entries[0]["code"], "PM001");
    assert!(
        entries[0]["message"]
            .as_str()
            .unwrap()
            .contains("Account.A__c")
    );

    // With the baseline: clean, and the summary counts what it hid.
    let r = run_in(
        t.path(),
        &["--baseline", "sflint-baseline.json", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["suppressed"], 2);

    // A new finding is reported; line shifts do not matter; a fixed one is a stale entry.
    let c = field_perm("Account.C__c", true, false);
    let fixed_a = field_perm("Account.A__c", true, true);
    t.write(
        P,
        profile(&format!("    <custom>true</custom>\n{c}{fixed_a}{b}")),
    );
    let r = run_in(
        t.path(),
        &["--baseline", "sflint-baseline.json", "--format", "concise"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(concise_codes(&r.stdout).len(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("Account.C__c"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("1 finding recorded in sflint-baseline.json no longer occurs"),
        "{}",
        r.stderr
    );

    // The same baseline from sflint.toml; writing again prunes the stale entry.
    t.write("sflint.toml", "baseline = \"sflint-baseline.json\"\n");
    assert_eq!(run_in(t.path(), &[]).code, 1);
    run_in(t.path(), &["--write-baseline", "sflint-baseline.json"]);
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(t.path().join("sflint-baseline.json")).unwrap(),
    )
    .unwrap();
    let paths: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(
        paths.iter().all(|m| !m.contains("Account.A__c")),
        "{paths:?}"
    );
    assert_eq!(run_in(t.path(), &[]).code, 0);
}

#[test]
fn fingerprints_do_not_depend_on_the_working_folder() {
    let t = TempDir::sfdx("fp-cwd");
    t.write(P, profile(&field_perm("Account.A__c", true, false)));
    let fp = |dir: &std::path::Path, arg: &str| {
        let r = run_in(dir, &["check", "--format", "json", arg]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["diagnostics"][0]["fingerprint"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let from_root = fp(t.path(), ".");
    let from_sub = fp(&t.path().join("force-app/main/default"), "profiles");
    assert_eq!(from_root, from_sub);
}

#[test]
fn broken_baseline_is_an_error_with_a_location() {
    let t = TempDir::sfdx("baseline-bad");
    t.write(
        "b.json",
        "{\"schema\": \"sflint-baseline/1\", \"findings\": [{\"path\": 3}]}",
    );
    let r = run_in(t.path(), &["--baseline", "b.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not an sflint baseline"), "{}", r.stderr);
    let r = run_in(t.path(), &["--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("missing.json: no such file"),
        "{}",
        r.stderr
    );
}

#[test]
fn output_file_gets_the_report_and_stderr_the_summary() {
    let t = TempDir::sfdx("output");
    t.write(P, profile(&field_perm("Account.A__c", true, false)));
    let r = run_in(t.path(), &["--format", "json", "--output", "report.json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("Found 1 error and 0 warnings in 1 file."),
        "{}",
        r.stderr
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "PM001");
    // Missing parent folders are created, as ruff does.
    let r = run_in(t.path(), &["--output", "no/such/dir/report.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(t.path().join("no/such/dir/report.txt").is_file());
    // A folder that cannot be created is an I/O error naming the path.
    t.write("blocker", "a file, not a folder");
    let r = run_in(t.path(), &["--output", "blocker/report.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("blocker/report.txt"), "{}", r.stderr);
}
