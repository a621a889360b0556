//! Hostile and huge inputs: every one gives a finding or a clean exit-2 error naming the
//! path, never a panic or a hang. The large ones are `#[ignore]`d; run them with
//! `cargo test --release --test robustness -- --ignored`.

mod common;

use common::*;

const P: &str = "force-app/main/default/profiles/P.profile-meta.xml";

#[test]
fn entity_bombs_are_not_expanded() {
    let t = TempDir::sfdx("bomb");
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\"><description>&lol9;</description><custom>&lol9;</custom></Profile>\n");
    t.write(P, doc);
    let start = std::time::Instant::now();
    let r = run_in(t.path(), &["--format", "concise"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    // The entity reference is kept as written: `<custom>` holds `&lol9;`, not a billion lols.
    assert!(
        r.stdout
            .contains("SF003 [error] <custom> cannot be `&lol9;`"),
        "{}",
        r.stdout
    );
    assert!(start.elapsed().as_secs() < 30);
}

#[test]
fn ten_thousand_deep_nesting() {
    let t = TempDir::sfdx("deep");
    let depth = 10_000;
    t.write(
        P,
        format!(
            "<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">{}{}<custom>nope</custom></Profile>",
            "<x>".repeat(depth),
            "</x>".repeat(depth)
        ),
    );
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("SF003"), "{}", r.stdout);
    // Unclosed at that depth: a parse error, not a stack overflow.
    t.write(P, "<x>".repeat(depth));
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("SF001"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    let t = TempDir::sfdx("loop");
    t.write(P, profile(""));
    let dir = t.path().join("force-app/main/default/loop");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("again")).unwrap();
    std::os::unix::fs::symlink(t.path().join("force-app"), dir.join("up")).unwrap();
    let r = run_in(t.path(), &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_reported_and_the_rest_linted() {
    use std::os::unix::fs::PermissionsExt;
    let t = TempDir::sfdx("perm");
    let locked = t.write(P, profile(""));
    let other = t.write(
        "force-app/main/default/profiles/Q.profile-meta.xml",
        profile(&field_perm("Account.A__c", true, false)),
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: running as a user that can read any file (root)");
        return;
    }
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "P.profile-meta.xml:1:1: SF001 [error] cannot read the file: permission denied"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Q.profile-meta.xml") && r.stdout.contains("PM001"),
        "{}",
        r.stdout
    );
    let _ = other;
}

#[test]
fn a_file_named_on_the_command_line_that_does_not_exist() {
    let t = TempDir::sfdx("gone");
    let r = run_in(
        t.path(),
        &[
            "check",
            "force-app/main/default/profiles/Gone.profile-meta.xml",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("Gone.profile-meta.xml: no such file or directory"),
        "{}",
        r.stderr
    );
}

#[test]
#[ignore = "large: cargo test --release --test robustness -- --ignored"]
fn a_200_mb_single_file() {
    let t = TempDir::sfdx("huge");
    let mut body = String::with_capacity(205 << 20);
    let mut i = 0;
    while body.len() < 200 << 20 {
        body.push_str(&field_perm(&format!("Account.F{i}__c"), false, true));
        i += 1;
    }
    body.push_str(&field_perm("Account.Last__c", true, false));
    t.write(P, profile(&body));
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("PM001") && r.stdout.contains("Account.Last__c"));
}

#[test]
#[ignore = "large: cargo test --release --test robustness -- --ignored"]
fn one_hundred_thousand_tiny_files() {
    let t = TempDir::sfdx("many");
    for i in 0..100_000 {
        t.write(
            &format!("force-app/main/default/objects/O{}__c/fields/F{i}__c.field-meta.xml", i / 1000),
            format!("<CustomField xmlns=\"{NS}\"><fullName>F{i}__c</fullName><type>Text</type></CustomField>"),
        );
    }
    let r = run_in(t.path(), &["--format", "concise"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("in 100000 files."), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn paths_given_through_a_symlink_are_shown_relative_to_the_working_folder() {
    let t = TempDir::sfdx("alias");
    t.write(P, profile(&field_perm("Account.A__c", true, false)));
    let alias = TempDir::new("alias-link");
    let link = alias.path().join("project");
    std::os::unix::fs::symlink(t.path(), &link).unwrap();
    let arg = link.join("force-app");
    let r = run_in(t.path(), &["--format", "concise", arg.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("force-app/main/default/profiles/P.profile-meta.xml:"),
        "{}",
        r.stdout
    );
}
