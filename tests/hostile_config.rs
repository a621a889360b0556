//! Paths in sflint.toml stay inside its folder, and only regular files are read: a
//! checkout controls the configuration, so it must not make sflint print the CI's
//! environment, hang on a FIFO or read `/dev/zero` until memory runs out.

mod common;

use common::*;

fn project(matrix: &str) -> TempDir {
    let t = TempDir::new("hostile-config");
    t.write(
        "sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app"}]}"#,
    );
    t.write(
        "force-app/main/default/permissionsets/Ops.permissionset-meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Ops</label>
</PermissionSet>
"#,
    );
    t.write(
        "sflint.toml",
        format!("[classification]\naccess-matrix = \"{matrix}\"\n"),
    );
    t
}

#[test]
fn a_matrix_path_outside_the_project_is_refused_without_reading_it() {
    for target in ["/proc/self/environ", "../outside/secret", "/etc/passwd"] {
        let t = project(target);
        let r = bin()
            .current_dir(t.path())
            .env("SFLINT_TEST_SECRET", "hunter2-do-not-print")
            .args(["check"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&r.stderr);
        let stdout = String::from_utf8_lossy(&r.stdout);
        assert_eq!(r.status.code(), Some(2), "{target}: {stderr}");
        assert!(stderr.contains("outside the folder"), "{target}: {stderr}");
        assert!(!stderr.contains("hunter2") && !stdout.contains("hunter2"));
        assert!(!stderr.contains("root:x:0"), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_file_outside_is_refused() {
    let t = project("matrix.csv");
    std::os::unix::fs::symlink("/etc/passwd", t.path().join("matrix.csv")).unwrap();
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("outside the folder"), "{}", r.stderr);
    assert!(!r.stderr.contains("root:x:0"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_matrix_is_an_error_not_a_hang() {
    let t = project("matrix.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(t.path().join("matrix.csv"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo unavailable");
        return;
    }
    // If sflint blocked on the FIFO this test would hang; run it with a watchdog.
    let mut child = bin()
        .current_dir(t.path())
        .arg("check")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(2));
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            assert!(err.contains("FIFO or device"), "{err}");
            return;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("sflint blocked on a FIFO named as the access matrix");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_policy_file_pattern_outside_the_project_is_refused() {
    let t = project("matrix.csv");
    t.write("matrix.csv", "field,principal,access\n");
    t.write("sflint.toml", "policy-files = [\"../../etc/*.toml\"]\n");
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("outside the folder"), "{}", r.stderr);
}

#[test]
fn a_config_error_is_printed_once_with_a_relative_path_and_a_did_you_mean() {
    let t = project("matrix.csv");
    t.write("sflint.toml", "[clasification]\n");
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr.matches("unknown field `clasification`").count(),
        1,
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("[sflint.toml:1:2]"), "{}", r.stderr);
    assert!(
        !r.stderr.contains(&*t.path().to_string_lossy()),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean `classification`?"),
        "{}",
        r.stderr
    );
}
