//! User records and user definitions, through the real binary: SF007 (a record inside a
//! package directory that `.forceignore` misses) and SF008 (a UserLogin field in a user
//! definition).

mod common;

use common::{TempDir, run_in};

const RECORD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<User>
    <username>crma.integration@example.com</username>
    <profile>Analytics Cloud Integration User</profile>
</User>
"#;
const IN_PACKAGE: &str = "force-app/main/default/users/crma.user-meta.xml";

fn project(forceignore: Option<&str>) -> TempDir {
    let t = TempDir::sfdx("users");
    if let Some(text) = forceignore {
        t.write(".forceignore", text);
    }
    t.write(IN_PACKAGE, RECORD);
    t
}

#[test]
fn a_record_in_a_package_directory_needs_a_forceignore_line() {
    for forceignore in [None, Some("package.xml\n**/jsconfig.json\n")] {
        let t = project(forceignore);
        for args in [
            &["check", "--format", "concise"][..],
            &["check", "--format", "concise", IN_PACKAGE],
            &[
                "check",
                "--format",
                "concise",
                "force-app/main/default/users",
            ],
        ] {
            let r = run_in(t.path(), args);
            assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr); // a warning
            let line = r
                .stdout
                .lines()
                .find(|l| l.contains("SF007"))
                .unwrap_or_else(|| panic!("{args:?}: {}", r.stdout));
            assert!(
                line.starts_with(&format!("{IN_PACKAGE}:2:2: SF007 [warning]")),
                "{line}"
            );
            assert!(line.contains("`force-app`"), "{line}");
        }
        let r = run_in(t.path(), &["check"]);
        assert!(r.stdout.contains("**/*.user-meta.xml"), "{}", r.stdout);
    }
}

#[test]
fn forceignore_lines_that_cover_the_record() {
    for line in [
        "**/*.user-meta.xml",
        "users/",
        "force-app/main/default/users",
        "*.user-meta.xml",
    ] {
        let t = project(Some(&format!("package.xml\n{line}\n")));
        let r = run_in(t.path(), &["check", "--format", "concise"]);
        assert!(!r.stdout.contains("SF007"), "{line}: {}", r.stdout);
    }
    // Re-included after being ignored.
    let t = project(Some("*.xml\n!*.user-meta.xml\n"));
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert!(r.stdout.contains("SF007"), "{}", r.stdout);
}

#[test]
fn records_in_config_users_are_read_and_not_reported() {
    let t = TempDir::sfdx("users-config");
    t.write(
        "force-app/main/default/profiles/Admin.profile-meta.xml",
        "<?xml version=\"1.0\"?>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\"><custom>false</custom></Profile>\n",
    );
    t.write(
        "config/users/crma.user-meta.xml",
        RECORD.replace("</User>", "    <isFrozen>true</isFrozen>\n</User>"),
    );
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert!(!r.stdout.contains("SF007"), "{}", r.stdout);
    // It is read: the frozen integration user is reported.
    assert!(
        r.stdout.contains("config/users/crma.user-meta.xml") && r.stdout.contains("IU004"),
        "{}",
        r.stdout
    );
}

#[test]
fn user_login_fields_in_a_user_definition_are_invalid() {
    let t = TempDir::sfdx("users-def");
    let def = "config/crma-user-def.json";
    t.write(
        def,
        "{\n  \"Username\": \"crma@example.com\",\n  \"LastName\": \"Integration\",\n  \"profileName\": \"Analytics Cloud Integration User\",\n  \"isFrozen\": false,\n  \"IsPasswordLocked\": false\n}\n",
    );
    let r = run_in(t.path(), &["check", "--format", "concise", def]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.contains("SF008")).collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].starts_with(&format!("{def}:5:3: SF008 [error] `isFrozen`")),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("sf org create user"), "{}", lines[0]);
    assert!(lines[1].contains("`IsPasswordLocked`"), "{}", lines[1]);

    // A tree import of users: the same field fails `sf data import tree`.
    t.write(
        "data/Users.json",
        r#"{"records":[{"attributes":{"type":"User","referenceId":"U1"},"Username":"a@b.c","IsFrozen":true},{"attributes":{"type":"Account","referenceId":"A1"},"IsFrozen":true}]}"#,
    );
    let r = run_in(
        t.path(),
        &["check", "--format", "concise", "data/Users.json"],
    );
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.contains("SF008")).collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(lines[0].contains("sf data import tree"), "{}", lines[0]);

    // Other JSON with the key is not a user definition.
    t.write(
        "config/scratch-def.json",
        r#"{"orgName":"x","IsFrozen":true}"#,
    );
    let r = run_in(
        t.path(),
        &["check", "--format", "concise", "config/scratch-def.json"],
    );
    assert!(!r.stdout.contains("SF008"), "{}", r.stdout);
}
