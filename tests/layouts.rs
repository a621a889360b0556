//! Project layouts (SFDX, Metadata API, CumulusCI) through the real binary: a file named
//! alone, a sub-folder, a folder outside the package directories, an empty folder, a
//! missing path, and `--base HEAD` with no change. Fixtures: testdata/layouts/.

mod common;

use std::path::Path;

use common::*;

struct Layout {
    /// Folder under testdata/layouts/.
    dir: &'static str,
    /// A profile whose finding (PM003, a required custom field) needs a field defined in another file.
    file: &'static str,
    /// The folder holding `file`.
    sub: &'static str,
    /// Metadata outside the package directories, with a PM003 in `outside_file`.
    outside: &'static str,
    outside_file: &'static str,
}

const SFDX: Layout = Layout {
    dir: "sfdx",
    file: "force-app/main/default/profiles/Admin.profile-meta.xml",
    sub: "force-app/main/default/profiles",
    outside: "extra",
    outside_file: "extra/permissionsets/Extra_Read.permissionset-meta.xml",
};

const MDAPI: Layout = Layout {
    dir: "mdapi",
    file: "src/profiles/Admin.profile",
    sub: "src/profiles",
    outside: "legacy",
    outside_file: "legacy/permissionsets/Old_Read.permissionset",
};

const CUMULUSCI: Layout = Layout {
    dir: "cumulusci",
    file: "force-app/main/default/profiles/Admin.profile-meta.xml",
    sub: "force-app/main/default/profiles",
    outside: "unpackaged",
    outside_file: "unpackaged/config/qa/permissionsets/QA_Read.permissionset",
};

const LAYOUTS: [&Layout; 3] = [&SFDX, &MDAPI, &CUMULUSCI];

/// A copy of the layout's fixture in a temporary folder.
fn project(layout: &Layout) -> TempDir {
    let t = TempDir::new(&format!("layout-{}", layout.dir));
    copy_dir(
        &repo_root().join("testdata/layouts").join(layout.dir),
        t.path(),
    );
    t
}

/// The run's JSON document; the exit code must be 0 or 1.
fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all);
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// `CODE path:line message` of every finding in `path`, sorted.
fn findings_in(doc: &serde_json::Value, path: &str) -> Vec<String> {
    let mut out: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["code"], path, d["start"]["line"], d["message"]
            )
        })
        .collect();
    out.sort();
    out
}

fn all_findings(doc: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {} {}", d["code"], d["path"], d["message"]))
        .collect();
    out.sort();
    out
}

#[test]
fn a_named_file_or_sub_folder_gets_the_whole_project_as_context() {
    for layout in LAYOUTS {
        let t = project(layout);
        let whole = findings_in(&json(t.path(), &[]), layout.file);
        assert!(
            whole.iter().any(|f| f.starts_with("\"PM003\"")),
            "{}: {whole:?}",
            layout.dir
        );
        let alone = json(t.path(), &[layout.file]);
        assert_eq!(findings_in(&alone, layout.file), whole, "{}", layout.dir);
        assert_eq!(alone["summary"]["files"], 1, "{}", layout.dir);
        let sub = json(t.path(), &[layout.sub]);
        assert_eq!(findings_in(&sub, layout.file), whole, "{}", layout.dir);
        // From inside the sub-folder, named by its file name.
        let name = Path::new(layout.file)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let inside = json(&t.path().join(layout.sub), &[name]);
        assert_eq!(inside["summary"]["files"], 1, "{}", layout.dir);
        assert!(
            inside["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "PM003" && d["path"] == name),
            "{}: {inside:#}",
            layout.dir
        );
    }
}

#[test]
fn a_folder_outside_the_package_directories_is_linted_when_named() {
    for layout in LAYOUTS {
        let t = project(layout);
        let doc = json(t.path(), &[layout.outside]);
        let found = findings_in(&doc, layout.outside_file);
        assert!(
            found.iter().any(|f| f.starts_with("\"PM003\"")),
            "{}: {doc:#}",
            layout.dir
        );
        assert!(doc["summary"]["files"].as_u64().unwrap() >= 1);
        assert_eq!(doc["notes"], serde_json::json!([]), "{}", layout.dir);
        // The file alone too.
        let doc = json(t.path(), &[layout.outside_file]);
        assert_eq!(
            findings_in(&doc, layout.outside_file),
            found,
            "{}",
            layout.dir
        );
        // No SF001: `%%%NAMESPACE%%%` tokens are harmless.
        assert!(
            !all_findings(&doc)
                .iter()
                .any(|f| f.starts_with("\"SF001\"")),
            "{}",
            layout.dir
        );
    }
}

#[test]
fn a_plain_check_says_what_it_left_out_and_how_to_include_it() {
    for layout in LAYOUTS {
        let t = project(layout);
        let r = run_in(t.path(), &["check"]);
        assert_eq!(r.code, 1, "{}: {}", layout.dir, r.stderr);
        assert!(
            r.stdout.contains("metadata file")
                && r.stdout.contains("outside the package directories")
                && r.stdout.contains(&format!(" {} (", layout.outside))
                && r.stdout.contains("[files-left-out]")
                && r.stdout
                    .contains("  help: name them to lint them (`sflint check ")
                && r.stdout.contains("include = ["),
            "{}: {}",
            layout.dir,
            r.stdout
        );
        // The note comes before the footer.
        let note_at = r.stdout.find("note: ").unwrap();
        let footer_at = r.stdout.find("Found ").unwrap();
        assert!(note_at < footer_at, "{}", r.stdout);
        let doc = json(t.path(), &[]);
        assert_eq!(doc["notes"][0]["kind"], "files-left-out");
        assert!(findings_in(&doc, layout.outside_file).is_empty());
        let sarif: serde_json::Value =
            serde_json::from_str(&run_in(t.path(), &["check", "--format", "sarif"]).stdout)
                .unwrap();
        assert_eq!(
            sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"],
            "files-left-out"
        );
    }
}

#[test]
fn include_lints_the_folder_with_the_project() {
    let t = project(&CUMULUSCI);
    let toml = std::fs::read_to_string(t.path().join("sflint.toml")).unwrap();
    t.write(
        "sflint.toml",
        format!("include = [\"unpackaged/**\"]\n{toml}"),
    );
    let doc = json(t.path(), &[]);
    assert_eq!(doc["notes"], serde_json::json!([]));
    assert!(!findings_in(&doc, CUMULUSCI.outside_file).is_empty());
    // The integration principal's set in unpackaged/ is now in the project.
    let iu006: Vec<String> = all_findings(&doc)
        .into_iter()
        .filter(|f| f.contains("IU006"))
        .collect();
    assert!(!iu006.iter().any(|f| f.contains("QA_Read")), "{iu006:?}");
    t.write("sflint.toml", format!("include = [\"[\"]\n{toml}"));
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a valid glob"), "{}", r.stderr);
}

#[test]
fn an_empty_folder_or_a_missing_path_is_an_error() {
    for layout in LAYOUTS {
        let t = project(layout);
        std::fs::create_dir_all(t.path().join("docs/empty")).unwrap();
        t.write("docs/README.md", "not metadata\n");
        for folder in ["docs", "docs/empty"] {
            let r = run_in(t.path(), &["check", folder]);
            assert_eq!(r.code, 2, "{}: {folder}: {}", layout.dir, r.stdout);
            assert!(
                r.stderr.contains(&format!(
                    "`{folder}` holds no metadata file that sflint reads"
                )),
                "{}",
                r.stderr
            );
        }
        let r = run_in(t.path(), &["check", "no/such/path"]);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("no/such/path: no such file or directory"));
        // A file that is not metadata is skipped quietly (pre-commit passes any file).
        // (--no-config: findings in sflint.toml are reported on every run.)
        let r = run_in(t.path(), &["check", "--no-config", "docs/README.md"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.contains("No problems found in 0 files."),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn a_folder_whose_metadata_is_all_excluded_is_an_error() {
    let t = project(&SFDX);
    let r = run_in(t.path(), &["check", "force-app/main/default/legacy"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("`exclude`"), "{}", r.stderr);
}

#[test]
fn base_head_with_no_change_reports_nothing_new() {
    for layout in LAYOUTS {
        let t = project(layout);
        git(t.path(), &["init", "-q", "-b", "main"]);
        git(t.path(), &["add", "-A"]);
        git(t.path(), &["commit", "-q", "-m", "base"]);
        for args in [vec![], vec![layout.outside], vec![layout.file]] {
            let plain = json(t.path(), &args);
            let mut with_base = args.clone();
            with_base.extend(["--base", "HEAD"]);
            let based = json(t.path(), &with_base);
            assert_eq!(
                all_findings(&based),
                all_findings(&plain),
                "{} {args:?}",
                layout.dir
            );
            let mut new_only = with_base.clone();
            new_only.push("--new-only");
            let doc = json(t.path(), &new_only);
            assert!(
                all_findings(&doc).iter().all(|f| !f.contains("IU007")),
                "{}",
                layout.dir
            );
        }
        // --staged with nothing staged lints nothing and passes.
        let r = run_in(t.path(), &["check", "--staged", "--no-config"]);
        assert_eq!(r.code, 0, "{}: {}", layout.dir, r.stderr);
        assert!(r.stdout.contains("in 0 files."), "{}", r.stdout);
    }
}

#[test]
fn staged_applies_exclude_and_lints_staged_files_outside_the_package_directories() {
    let t = project(&SFDX);
    git(t.path(), &["init", "-q", "-b", "main"]);
    git(t.path(), &["add", "-A"]);
    git(t.path(), &["commit", "-q", "-m", "base"]);
    let edit = field_perm("Account.Score__c", true, true);
    t.write(
        "force-app/main/default/legacy/permissionsets/Legacy_Read.permissionset-meta.xml",
        permission_set(&edit),
    );
    t.write(SFDX.outside_file, permission_set(&edit));
    git(t.path(), &["add", "-A"]);
    let r = run_in(t.path(), &["check", "--staged", "--format", "concise"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let codes = concise_codes(&r.stdout);
    assert!(
        codes
            .iter()
            .any(|c| c.starts_with(SFDX.outside_file) && c.ends_with("PM003")),
        "{codes:?}"
    );
    assert!(!r.stdout.contains("legacy/"), "{}", r.stdout);
    assert!(r.stdout.contains("in 1 file."), "{}", r.stdout);
}

#[test]
fn a_file_with_no_project_marker_uses_its_metadata_root() {
    let t = TempDir::new("layout-bare");
    copy_dir(&repo_root().join("testdata/layouts/mdapi/src"), t.path());
    std::fs::remove_file(t.path().join("package.xml")).unwrap();
    let doc = json(t.path(), &["profiles/Admin.profile"]);
    assert!(
        findings_in(&doc, "profiles/Admin.profile")
            .iter()
            .any(|f| f.starts_with("\"PM003\"")),
        "{doc:#}"
    );
    let doc = json(&t.path().join("profiles"), &["Admin.profile"]);
    assert!(
        findings_in(&doc, "Admin.profile")
            .iter()
            .any(|f| f.starts_with("\"PM003\"")),
        "{doc:#}"
    );
}

#[test]
fn with_output_the_notes_go_to_stderr_with_the_footer() {
    let t = project(&CUMULUSCI);
    let r = run_in(
        t.path(),
        &["check", "--format", "sarif", "--output", "out.sarif"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let note_at = r.stderr.find("note: 2 metadata files").expect(&r.stderr);
    let footer_at = r.stderr.find("Found ").expect(&r.stderr);
    assert!(note_at < footer_at, "{}", r.stderr);
}
