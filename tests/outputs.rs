//! Writing reports: `--output` into missing folders, over files with their permissions,
//! over planted symlinks, into FIFOs and `/dev/stdout`; line numbers in CR-only files.

mod common;

use common::*;

fn demo() -> String {
    repo_root()
        .join("testdata/demo")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn output_creates_missing_parent_folders() {
    let t = TempDir::new("out-parents");
    let target = t.path().join("test-results/nested/sflint.xml");
    let r = run_in(
        t.path(),
        &[
            "check",
            &demo(),
            "--format",
            "junit",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let xml = std::fs::read_to_string(&target).unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
}

#[cfg(unix)]
#[test]
fn output_keeps_the_mode_of_the_file_it_replaces_and_replaces_symlinks() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let t = TempDir::new("out-mode");
    let target = t.write("report.json", "old");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = run_in(
        t.path(),
        &[
            "check",
            &demo(),
            "--format",
            "json",
            "--output",
            "report.json",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let meta = std::fs::metadata(&target).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("sflint/1")
    );

    // A symlink planted at the target is replaced; what it points to is untouched.
    let victim = t.write("victim.txt", "precious");
    symlink(&victim, t.path().join("linked.json")).unwrap();
    let r = run_in(
        t.path(),
        &[
            "check",
            &demo(),
            "--format",
            "json",
            "--output",
            "linked.json",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let linked = t.path().join("linked.json");
    assert!(std::fs::symlink_metadata(&linked).unwrap().is_file());
    // No temporary file is left next to the report.
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("sflint-tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[cfg(unix)]
#[test]
fn output_into_a_fifo_and_dev_stdout_reaches_the_reader() {
    let t = TempDir::new("out-fifo");
    let fifo = t.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo unavailable");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let r = run_in(
        t.path(),
        &[
            "check",
            &demo(),
            "--format",
            "json",
            "--output",
            fifo.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got = reader.join().unwrap();
    assert!(got.contains("\"schema\": \"sflint/1\""), "{got}");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    let r = run_in(
        t.path(),
        &[
            "check",
            &demo(),
            "--format",
            "json",
            "--output",
            "/dev/stdout",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"schema\": \"sflint/1\""),
        "{}",
        r.stdout
    );
}

#[test]
fn findings_in_cr_only_files_get_editor_line_numbers() {
    let t = TempDir::new("cr-lines");
    t.write(
        "sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app"}]}"#,
    );
    let profile = [
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">"#,
        "    <fieldPermissions>",
        "        <editable>true</editable>",
        "        <field>Account.Tier__c</field>",
        "        <readable>false</readable>",
        "    </fieldPermissions>",
        "    <label>Ops</label>",
        "</PermissionSet>",
    ]
    .join("\r");
    t.write(
        "force-app/main/default/permissionsets/Ops.permissionset-meta.xml",
        profile,
    );
    let r = run_in(
        t.path(),
        &["check", "--format", "concise", "--select", "PM001"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Ops.permissionset-meta.xml:6:19: PM001"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_mistyped_subcommand_is_a_usage_error_with_a_tip() {
    let r = run_in(&repo_root(), &["chek", "testdata/demo"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unrecognized subcommand 'chek'"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("'check'"), "{}", r.stderr);
    // A real folder of that name is still linted as a path.
    let t = TempDir::new("subcommand-folder");
    std::fs::create_dir_all(t.path().join("chek")).unwrap();
    let r = run_in(t.path(), &["chek"]);
    assert!(
        !r.stderr.contains("unrecognized subcommand"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::process::Stdio;
    let mut child = bin()
        .current_dir(repo_root())
        .args(["check", "testdata/demo", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before sflint writes
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("broken pipe"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}

#[test]
fn absurd_thread_counts_are_capped_with_a_warning() {
    let r = run_in(
        &repo_root(),
        &[
            "check",
            "testdata/demo",
            "--threads",
            "100000",
            "--format",
            "concise",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning: --threads 100000"),
        "{}",
        r.stderr
    );
}
