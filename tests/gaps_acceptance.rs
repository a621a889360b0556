//! Acceptance tests for issue 14 ("no silent gaps"), driving the real binary on projects
//! in the SFDX, Metadata API (`src/package.xml`, and `package.xml` at the root) and
//! CumulusCI layouts, built in temporary folders.

mod common;

use std::path::Path;

use common::{Run, TempDir, bin, git, run_in};

const NS: &str = "http://soap.sforce.com/2006/04/metadata";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Layout {
    Sfdx,
    MdapiSrc,
    MdapiRoot,
    Cci,
}

const LAYOUTS: [Layout; 4] = [
    Layout::Sfdx,
    Layout::MdapiSrc,
    Layout::MdapiRoot,
    Layout::Cci,
];

/// A project with two cross-file findings on its analytics profile: PM003 (a permission
/// for a required custom field defined in an object file) and IU001 (a dataflow extracts
/// a field the profile can't read).
struct Fixture {
    t: TempDir,
    layout: Layout,
    /// The analytics profile, relative to the root.
    profile: String,
    /// The folder holding it.
    profiles_dir: String,
    /// The dataflow.
    dataflow: String,
    /// A permission set outside the package directories (PM003), if the layout has one.
    outside: Option<(String, String)>,
}

const PROFILE_NAME: &str = "Analytics Cloud Integration User";

fn fperm(field: &str, readable: bool) -> String {
    format!(
        "    <fieldPermissions>\n        <editable>false</editable>\n        <field>{field}</field>\n        <readable>{readable}</readable>\n    </fieldPermissions>\n"
    )
}

fn profile_xml(prefix: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"{NS}\">\n    <custom>false</custom>\n{}{}    <userLicense>Analytics Cloud Integration User</userLicense>\n</Profile>\n",
        fperm(&format!("{prefix}Acc__c.{prefix}Req__c"), true),
        fperm("Account.Credit_Score__c", false),
    )
}

fn permset_xml(prefix: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"{NS}\">\n{}    <label>Outside</label>\n</PermissionSet>\n",
        fperm(&format!("{prefix}Acc__c.{prefix}Req__c"), true)
    )
}

const REQ_FIELD: &str = "<fullName>Req__c</fullName>\n        <label>Req</label>\n        <length>10</length>\n        <required>true</required>\n        <type>Text</type>";
const SCORE_FIELD: &str = "<fullName>Credit_Score__c</fullName>\n        <label>Score</label>\n        <precision>3</precision>\n        <scale>0</scale>\n        <type>Number</type>";

fn field_file(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"{NS}\">\n        {body}\n</CustomField>\n"
    )
}

fn object_file(fields: &[&str]) -> String {
    let fields: String = fields
        .iter()
        .map(|f| format!("    <fields>\n        {f}\n    </fields>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject xmlns=\"{NS}\">\n{fields}    <label>X</label>\n</CustomObject>\n"
    )
}

const DATAFLOW: &str = r#"{"Extract":{"action":"sfdcDigest","parameters":{"object":"Account","fields":[{"name":"Id"},{"name":"Credit_Score__c"}]}},"Reg":{"action":"sfdcRegister","parameters":{"alias":"a","name":"A","source":"Extract"}}}"#;

fn dataflow_meta() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<WaveDataflow xmlns=\"{NS}\">\n    <masterLabel>Flow</masterLabel>\n</WaveDataflow>\n"
    )
}

const PACKAGE_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Package xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <types><members>*</members><name>Profile</name></types>\n    <version>60.0</version>\n</Package>\n";

/// The objects, fields and dataflow meta file of a package directory in source format.
fn sfdx_objects(t: &TempDir, d: &str) {
    t.write(
        &format!("{d}/objects/Acc__c/Acc__c.object-meta.xml"),
        object_file(&[]),
    );
    t.write(
        &format!("{d}/objects/Acc__c/fields/Req__c.field-meta.xml"),
        field_file(REQ_FIELD),
    );
    t.write(
        &format!("{d}/objects/Account/fields/Credit_Score__c.field-meta.xml"),
        field_file(SCORE_FIELD),
    );
    t.write(&format!("{d}/wave/Flow.wdf-meta.xml"), dataflow_meta());
}

fn fixture(layout: Layout) -> Fixture {
    let t = TempDir::new(&format!("gaps-{layout:?}").to_lowercase());
    // Every layout has docs and an empty folder.
    t.write("docs/README.md", "# docs\n");
    std::fs::create_dir_all(t.path().join("empty")).unwrap();
    let (profile, profiles_dir, dataflow, outside) = match layout {
        Layout::Sfdx => {
            t.write(
                "sfdx-project.json",
                r#"{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"60.0"}"#,
            );
            let d = "force-app/main/default";
            sfdx_objects(&t, d);
            (
                format!("{d}/profiles/{PROFILE_NAME}.profile-meta.xml"),
                format!("{d}/profiles"),
                format!("{d}/wave/Flow.wdf"),
                Some((
                    "guest-profile-metadata".to_string(),
                    "guest-profile-metadata/permissionsets/Outside.permissionset-meta.xml"
                        .to_string(),
                )),
            )
        }
        Layout::MdapiSrc | Layout::MdapiRoot => {
            let d = if layout == Layout::MdapiSrc {
                "src"
            } else {
                "."
            };
            t.write(&format!("{d}/package.xml"), PACKAGE_XML);
            t.write(
                &format!("{d}/objects/Acc__c.object"),
                object_file(&[REQ_FIELD]),
            );
            t.write(
                &format!("{d}/objects/Account.object"),
                object_file(&[SCORE_FIELD]),
            );
            t.write(&format!("{d}/wave/Flow.wdf-meta.xml"), dataflow_meta());
            let d = d.trim_start_matches('.').trim_start_matches('/');
            let pre = if d.is_empty() {
                String::new()
            } else {
                format!("{d}/")
            };
            let outside = (layout == Layout::MdapiSrc).then(|| {
                (
                    "unpackaged".to_string(),
                    "unpackaged/config/qa/permissionsets/Outside.permissionset".to_string(),
                )
            });
            (
                format!("{pre}profiles/{PROFILE_NAME}.profile"),
                format!("{pre}profiles"),
                format!("{pre}wave/Flow.wdf"),
                outside,
            )
        }
        Layout::Cci => {
            t.write(
                "sfdx-project.json",
                r#"{"packageDirectories":[{"path":"force-app","default":true}],"namespace":"","sourceApiVersion":"60.0"}"#,
            );
            t.write(
                "cumulusci.yml",
                "project:\n    name: X\n    package:\n        namespace: xns\n",
            );
            t.write(
                "config/project-scratch-def.json",
                r#"{"orgName":"X","edition":"Developer"}"#,
            );
            let d = "force-app/main/default";
            sfdx_objects(&t, d);
            t.write("unpackaged/pre/first/package.xml", PACKAGE_XML);
            t.write("unpackaged/post/second/package.xml", PACKAGE_XML);
            t.write("unpackaged/config/qa/package.xml", PACKAGE_XML);
            (
                format!("unpackaged/config/qa/profiles/{PROFILE_NAME}.profile"),
                "unpackaged/config/qa/profiles".to_string(),
                format!("{d}/wave/Flow.wdf"),
                Some((
                    "unpackaged".to_string(),
                    "unpackaged/pre/first/permissionsets/Outside.permissionset".to_string(),
                )),
            )
        }
    };
    let prefix = if layout == Layout::Cci {
        "%%%NAMESPACE%%%"
    } else {
        ""
    };
    t.write(&profile, profile_xml(prefix));
    t.write(&dataflow, DATAFLOW);
    if let Some((_, ps)) = &outside {
        t.write(ps, permset_xml(prefix));
    }
    Fixture {
        t,
        layout,
        profile,
        profiles_dir,
        dataflow,
        outside,
    }
}

impl Fixture {
    fn root(&self) -> &Path {
        self.t.path()
    }
    fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }
}

/// `file-name:line:col: CODE` of each finding in concise output (folders dropped, so runs
/// from different working folders compare).
fn findings(stdout: &str) -> Vec<String> {
    let mut v: Vec<String> = common::concise_codes(stdout)
        .into_iter()
        .map(|l| match l.rsplit_once('/') {
            Some((_, tail)) => tail.to_string(),
            None => l,
        })
        .collect();
    v.sort();
    v
}

fn of_file<'a>(all: &'a [String], name: &str) -> Vec<&'a String> {
    all.iter().filter(|l| l.starts_with(name)).collect()
}

fn summary_count(out: &str) -> usize {
    // "... in N files." / "No problems found in N files." / "... in 1 file."
    let line = out
        .lines()
        .rev()
        .find(|l| l.contains(" file") && l.contains(" in "))
        .unwrap_or_else(|| panic!("no summary line in {out}"));
    let tail = line.rsplit(" in ").next().unwrap();
    tail.split_whitespace().next().unwrap().parse().unwrap()
}

fn expect_profile_findings(r: &Run, what: &str) {
    let f = findings(&r.stdout);
    let p = of_file(&f, PROFILE_NAME);
    assert!(
        p.iter().any(|l| l.ends_with("PM003")) && p.iter().any(|l| l.ends_with("IU001")),
        "{what}: expected PM003 and IU001 on the profile, got {f:?}\n{}{}",
        r.stdout,
        r.stderr
    );
    assert_eq!(r.code, 1, "{what}: {}", r.stderr);
}

/// The profile's findings when the profile's whole project is linted with it.
fn reference(fx: &Fixture) -> Vec<String> {
    let args: Vec<&str> = match &fx.layout {
        Layout::Cci => vec!["check", "--format", "concise", "force-app", "unpackaged"],
        _ => vec!["check", "--format", "concise"],
    };
    let r = fx.run(&args);
    let all = findings(&r.stdout);
    of_file(&all, PROFILE_NAME).into_iter().cloned().collect()
}

#[test]
fn a_file_named_alone_is_linted_with_its_whole_project() {
    for layout in LAYOUTS {
        let fx = fixture(layout);
        let want = reference(&fx);
        assert!(want.len() >= 2, "{layout:?}: whole run {want:?}");
        let abs = fx.root().join(&fx.profile);
        let abs = abs.to_str().unwrap();
        let dot = format!("./{}", fx.profile);
        for arg in [fx.profile.as_str(), abs, dot.as_str()] {
            let r = fx.run(&["check", "--format", "concise", arg]);
            expect_profile_findings(&r, &format!("{layout:?} {arg}"));
            assert_eq!(findings(&r.stdout), want, "{layout:?} {arg}");
            assert_eq!(
                summary_count(&r.stdout),
                1,
                "{layout:?} {arg}: {}",
                r.stdout
            );
        }
        // From the profile's folder, as `sflint check NAME.profile`.
        let dir = fx.root().join(&fx.profiles_dir);
        let name = Path::new(&fx.profile)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let r = run_in(&dir, &["check", "--format", "concise", name]);
        expect_profile_findings(&r, &format!("{layout:?} from its folder"));
        assert_eq!(findings(&r.stdout), want, "{layout:?} from its folder");
        // From a sibling folder with `..`.
        let sib = fx.root().join("docs");
        let up = format!("../{}", fx.profile);
        let r = run_in(&sib, &["check", "--format", "concise", &up]);
        assert_eq!(findings(&r.stdout), want, "{layout:?} from docs/");
    }
}

#[test]
fn a_path_through_a_symlinked_folder() {
    for layout in LAYOUTS {
        let fx = fixture(layout);
        let want = reference(&fx);
        let links = TempDir::new("gaps-links");
        let link = links.path().join("repo");
        std::os::unix::fs::symlink(fx.root(), &link).unwrap();
        // The repository reached through a link, named absolutely and from inside.
        let through = link.join(&fx.profile);
        let r = run_in(
            links.path(),
            &["check", "--format", "concise", through.to_str().unwrap()],
        );
        assert_eq!(
            findings(&r.stdout),
            want,
            "{layout:?} via link: {}",
            r.stderr
        );
        let r = run_in(&link, &["check", "--format", "concise", &fx.profile]);
        assert_eq!(
            findings(&r.stdout),
            want,
            "{layout:?} cwd in link: {}",
            r.stderr
        );
        // A link inside the repository to its profiles folder.
        std::os::unix::fs::symlink(fx.root().join(&fx.profiles_dir), fx.root().join("plink"))
            .unwrap();
        let name = Path::new(&fx.profile)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let r = fx.run(&["check", "--format", "concise", &format!("plink/{name}")]);
        assert_eq!(findings(&r.stdout), want, "{layout:?} plink: {}", r.stderr);
    }
}

#[test]
fn files_of_two_projects_at_once() {
    let a = fixture(Layout::MdapiSrc);
    let b = fixture(Layout::Sfdx);
    let pa = a.root().join(&a.profile);
    let pb = b.root().join(&b.profile);
    let r = run_in(
        Path::new("/"),
        &[
            "check",
            "--format",
            "concise",
            pa.to_str().unwrap(),
            pb.to_str().unwrap(),
        ],
    );
    let f = findings(&r.stdout);
    for name in [
        format!("{PROFILE_NAME}.profile:"),
        format!("{PROFILE_NAME}.profile-meta.xml:"),
    ] {
        let p = of_file(&f, &name);
        assert!(
            p.iter().any(|l| l.ends_with("PM003")) && p.iter().any(|l| l.ends_with("IU001")),
            "{name}: {f:?} {}",
            r.stderr
        );
    }
    assert_eq!(summary_count(&r.stdout), 2, "{}", r.stdout);
}

#[test]
fn a_sub_folder_keeps_cross_file_findings() {
    for layout in LAYOUTS {
        let fx = fixture(layout);
        let r = fx.run(&["check", "--format", "concise", &fx.profiles_dir]);
        expect_profile_findings(&r, &format!("{layout:?} sub-folder"));
        assert_eq!(findings(&r.stdout), reference(&fx));
        // Two sub-folders, as in `sflint check src/profiles src/wave`.
        let wave = Path::new(&fx.dataflow).parent().unwrap().to_str().unwrap();
        let r = fx.run(&["check", "--format", "concise", &fx.profiles_dir, wave]);
        expect_profile_findings(&r, &format!("{layout:?} two sub-folders"));
    }
}

/// The fixtures with metadata outside the package directories: (fixture, its top
/// folder, the permission set there).
fn with_outside() -> Vec<(Fixture, String, String)> {
    LAYOUTS
        .into_iter()
        .map(fixture)
        .filter_map(|fx| {
            let (folder, ps) = fx.outside.clone()?;
            Some((fx, folder, ps))
        })
        .collect()
}

#[test]
fn a_folder_outside_the_package_directories_is_linted_when_named() {
    for (fx, folder, ps) in with_outside() {
        let layout = fx.layout;
        let r = fx.run(&["check", "--format", "concise", &folder]);
        let f = findings(&r.stdout);
        assert!(
            f.iter()
                .any(|l| l.starts_with("Outside.permissionset") && l.ends_with("PM003")),
            "{layout:?} {folder}: {f:?} {}",
            r.stderr
        );
        assert_eq!(r.code, 1);
        assert!(summary_count(&r.stdout) >= 1);
        // The file alone, too.
        let r = fx.run(&["check", "--format", "concise", &ps]);
        let f = findings(&r.stdout);
        assert!(
            f.iter().any(|l| l.ends_with("PM003")),
            "{layout:?} {ps}: {f:?}"
        );
        assert_eq!(summary_count(&r.stdout), 1);
    }
}

#[test]
fn a_plain_run_says_what_it_left_out_in_every_format() {
    for (fx, folder, _) in with_outside() {
        let layout = fx.layout;
        let left = if layout == Layout::Cci { 2 } else { 1 };
        let r = fx.run(&["check"]);
        assert!(
            r.stdout.contains(&format!(
                "{left} metadata file{} outside the package directories",
                if left == 1 { "" } else { "s" }
            )) && r.stdout.contains(&format!("{folder} ({left})")),
            "{layout:?}: {}",
            r.stdout
        );
        assert!(
            r.stdout.contains(&format!("sflint check {folder}")),
            "{}",
            r.stdout
        );
        let r = fx.run(&["check", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let notes = v["notes"].as_array().expect("notes");
        assert!(
            notes
                .iter()
                .any(|n| n.to_string().contains("files-left-out")
                    && n.to_string().contains(&format!("{folder} ({left})"))),
            "{notes:?}"
        );
        let r = fx.run(&["check", "--format", "sarif"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let n = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert!(n.to_string().contains("files-left-out"), "{n}");
        // `include` lints them with the project: no note, and the finding.
        fx.t.write("sflint.toml", format!("include = [\"{folder}/**\"]\n"));
        let r = fx.run(&["check", "--format", "concise"]);
        assert!(!r.stdout.contains("files-left-out"), "{}", r.stdout);
        assert!(
            findings(&r.stdout)
                .iter()
                .any(|l| l.starts_with("Outside.permissionset") && l.ends_with("PM003")),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn gates_that_would_pass_on_nothing_fail() {
    for layout in LAYOUTS {
        let fx = fixture(layout);
        for (arg, needle) in [
            ("empty", "empty"),
            ("docs", "docs"),
            ("no/such/path", "no/such/path"),
            ("nosuch.profile", "nosuch.profile"),
        ] {
            let r = fx.run(&["check", arg]);
            assert_eq!(r.code, 2, "{layout:?} {arg}: {}{}", r.stdout, r.stderr);
            assert!(r.stderr.contains(needle), "{layout:?} {arg}: {}", r.stderr);
            assert!(!r.stdout.contains("No problems"), "{}", r.stdout);
        }
        // A missing path among good ones still fails.
        let r = fx.run(&["check", &fx.profile, "missing.profile"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        // A non-metadata file named (as pre-commit may) is skipped quietly.
        let r = fx.run(&["check", "docs/README.md"]);
        assert_eq!(r.code, 0, "{layout:?}: {}{}", r.stdout, r.stderr);
    }
    // `.` in an empty repository, and in one that holds only non-metadata.
    let t = TempDir::new("gaps-empty-repo");
    git(t.path(), &["init", "-q"]);
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let r = run_in(t.path(), &["check", "."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    t.write("README.md", "x\n");
    t.write("package.json", "{}\n");
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(!r.stderr.is_empty());
    // An SFDX project whose package directory is empty.
    t.write(
        "sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app","default":true}]}"#,
    );
    std::fs::create_dir_all(t.path().join("force-app/main/default")).unwrap();
    let r = run_in(t.path(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
}

fn commit_all(dir: &Path) {
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "init"]);
}

/// A permission set granting a read to the analytics principal in each part of the
/// project: package directory, excluded folder, `config/`, outside.
fn add_principal_sets(fx: &Fixture) {
    let (ext, pkg) = match fx.layout {
        Layout::Sfdx | Layout::Cci => (".permissionset-meta.xml", "force-app/main/default"),
        Layout::MdapiSrc => (".permissionset", "src"),
        Layout::MdapiRoot => (".permissionset", "."),
    };
    for (i, dir) in [pkg, "legacy", "config", "unpackaged/config/dev", "extra"]
        .iter()
        .enumerate()
    {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"{NS}\">\n{}    <label>S{i}</label>\n</PermissionSet>\n",
            fperm("Account.Credit_Score__c", true)
        );
        fx.t.write(&format!("{dir}/permissionsets/S{i}{ext}"), body);
    }
    // The analytics user gets every set.
    let sets: String = (0..5)
        .map(|i| format!("    <permissionSets>S{i}</permissionSets>\n"))
        .collect();
    fx.t.write(
        "config/users/int.user-meta.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<User>\n    <username>int@example.com</username>\n    <profile>{PROFILE_NAME}</profile>\n{sets}</User>\n"
        ),
    );
}

#[test]
fn base_head_on_an_unchanged_tree_reports_no_revocation() {
    for layout in LAYOUTS {
        let fx = fixture(layout);
        add_principal_sets(&fx);
        fx.t.write("sflint.toml", "exclude = [\"legacy\"]\n");
        commit_all(fx.root());
        let plain = fx.run(&["check", "--format", "concise"]);
        let r = fx.run(&["check", "--format", "concise", "--base", "HEAD"]);
        assert!(!r.stdout.contains("IU007"), "{layout:?}: {}", r.stdout);
        assert_eq!(findings(&r.stdout), findings(&plain.stdout), "{layout:?}");
        assert_eq!(r.code, plain.code, "{layout:?}: {}", r.stderr);
        let against_head =
            |extra: &str| fx.run(&["check", "--format", "concise", "--base", "HEAD", extra]);
        let r = against_head("--new-only");
        assert!(findings(&r.stdout).is_empty(), "{layout:?}: {}", r.stdout);
        // Named files and folders against HEAD, too.
        for named in [fx.profile.as_str(), "unpackaged"] {
            let r = against_head(named);
            assert!(!r.stdout.contains("IU007"), "{layout:?}: {}", r.stdout);
        }
        // With include, the outside folders are part of the project in both.
        fx.t.write(
            "sflint.toml",
            "exclude = [\"legacy\"]\ninclude = [\"unpackaged/**\", \"extra/**\"]\n",
        );
        git(fx.root(), &["commit", "-qam", "toml"]);
        let r = fx.run(&["check", "--format", "concise", "--base", "HEAD"]);
        assert!(!r.stdout.contains("IU007"), "{layout:?}: {}", r.stdout);
    }
}

#[test]
fn staged_lints_the_staged_file_with_its_project() {
    for layout in LAYOUTS {
        let fx = fixture(layout);
        commit_all(fx.root());
        // Stage a change to the profile: a new PM003-free entry.
        let path = fx.root().join(&fx.profile);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = text.replace(
            "<custom>false</custom>",
            "<custom>false</custom>\n    <description>x</description>",
        );
        std::fs::write(&path, changed).unwrap();
        git(fx.root(), &["add", &fx.profile]);
        let r = fx.run(&["check", "--format", "concise", "--staged"]);
        expect_profile_findings(&r, &format!("{layout:?} --staged"));
        assert_eq!(summary_count(&r.stdout), 1, "{}", r.stdout);
        assert!(!r.stdout.contains("IU007"), "{}", r.stdout);
        // A staged scratch org definition is not metadata: nothing to check.
        git(fx.root(), &["commit", "-qm", "profile"]);
        fx.t.write(
            "config/project-scratch-def.json",
            r#"{"orgName":"Y","edition":"Developer"}"#,
        );
        git(fx.root(), &["add", "config/project-scratch-def.json"]);
        let r = fx.run(&["check", "--format", "concise", "--staged"]);
        assert_eq!(r.code, 0, "{layout:?}: {}{}", r.stdout, r.stderr);
        assert_eq!(summary_count(&r.stdout), 0, "{layout:?}: {}", r.stdout);
    }
}

/// The `files` pattern of `.pre-commit-hooks.yaml`, matched by a small suffix check: the
/// pattern is `(-meta\.xml|\.(a|b|...))$`.
fn hook_suffixes() -> Vec<String> {
    let text = std::fs::read_to_string(common::repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("files:"))
        .unwrap();
    let pat = line.split('\'').nth(1).unwrap();
    let inner = pat
        .strip_prefix("(-meta\\.xml|\\.(")
        .and_then(|p| p.strip_suffix("))$"))
        .unwrap_or_else(|| panic!("unexpected files pattern {pat}"));
    let mut v: Vec<String> = inner.split('|').map(|s| format!(".{s}")).collect();
    v.push("-meta.xml".to_string());
    v
}

#[test]
fn the_pre_commit_hook_invocation() {
    let text = std::fs::read_to_string(common::repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(text.contains("entry: sflint check"));
    assert!(text.contains("require_serial: true"));
    let suffixes = hook_suffixes();
    for layout in LAYOUTS {
        let fx = fixture(layout);
        commit_all(fx.root());
        // pre-commit passes the changed files that match, relative to the repo root, from
        // the repo root.
        let changed = [
            fx.profile.clone(),
            fx.dataflow.clone(),
            "docs/README.md".to_string(),
        ];
        let passed: Vec<&str> = changed
            .iter()
            .filter(|f| suffixes.iter().any(|s| f.ends_with(s.as_str())))
            .map(String::as_str)
            .collect();
        assert_eq!(passed.len(), 2, "{passed:?}");
        let mut args = vec!["check"];
        args.extend(&passed);
        let r = fx.run(&args);
        assert_eq!(r.code, 1, "{layout:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains("PM003") && r.stdout.contains("IU001"),
            "{}",
            r.stdout
        );
        assert_eq!(summary_count(&r.stdout), 2, "{}", r.stdout);
        // A commit of only a project-scratch-def / sfdx-project.json runs the hook too
        // (`.json`): it must not fail.
        for f in ["sfdx-project.json", "config/project-scratch-def.json"] {
            if fx.root().join(f).exists() {
                let r = fx.run(&["check", f]);
                assert_eq!(r.code, 0, "{layout:?} {f}: {}{}", r.stdout, r.stderr);
            }
        }
        // package.xml matches nothing in the pattern; a `-meta.xml` sflint doesn't read is
        // skipped quietly.
        fx.t.write(
            "force-app/main/default/classes/A.cls-meta.xml",
            "<ApexClass/>",
        );
        let r = fx.run(&["check", "force-app/main/default/classes/A.cls-meta.xml"]);
        assert_eq!(r.code, 0, "{layout:?}: {}{}", r.stdout, r.stderr);
    }
}

#[test]
fn every_kind_is_recognised_in_both_suffixes() {
    // (mdapi folder and name, sfdx name, root element)
    let kinds: &[(&str, &str, &str)] = &[
        (
            "profiles/P.profile",
            "profiles/P.profile-meta.xml",
            "Profile",
        ),
        (
            "permissionsets/S.permissionset",
            "permissionsets/S.permissionset-meta.xml",
            "PermissionSet",
        ),
        (
            "permissionsetgroups/G.permissionsetgroup",
            "permissionsetgroups/G.permissionsetgroup-meta.xml",
            "PermissionSetGroup",
        ),
        (
            "mutingpermissionsets/M.mutingpermissionset",
            "mutingpermissionsets/M.mutingpermissionset-meta.xml",
            "MutingPermissionSet",
        ),
        (
            "objects/O__c.object",
            "objects/O__c/O__c.object-meta.xml",
            "CustomObject",
        ),
        (
            "profileSessionSettings/P.profileSessionSetting",
            "profileSessionSettings/P.profileSessionSetting-meta.xml",
            "ProfileSessionSetting",
        ),
        (
            "settings/Security.settings",
            "settings/Security.settings-meta.xml",
            "SecuritySettings",
        ),
        (
            "connectedApps/C.connectedApp",
            "connectedApps/C.connectedApp-meta.xml",
            "ConnectedApp",
        ),
        (
            "extlClntAppOauthPolicies/E_oauthPlcy.ecaOauthPlcy",
            "extlClntAppOauthPolicies/E_oauthPlcy.ecaOauthPlcy-meta.xml",
            "ExtlClntAppOauthConfigurablePolicies",
        ),
        (
            "externalClientApps/E.eca",
            "externalClientApps/E.eca-meta.xml",
            "ExternalClientApplication",
        ),
        ("wave/W.wdf-meta.xml", "wave/W.wdf-meta.xml", "WaveDataflow"),
        ("wave/R.wdpr-meta.xml", "wave/R.wdpr-meta.xml", "WaveRecipe"),
    ];
    for (mdapi, sfdx, root) in kinds {
        for (layout, rel) in [
            ("mdapi", format!("src/{mdapi}")),
            ("sfdx", format!("force-app/main/default/{sfdx}")),
        ] {
            let t = TempDir::new("gaps-kind");
            if layout == "mdapi" {
                t.write("src/package.xml", PACKAGE_XML);
            } else {
                t.write(
                    "sfdx-project.json",
                    r#"{"packageDirectories":[{"path":"force-app"}]}"#,
                );
            }
            // A wrong root element: SF002 proves the file is read as this kind.
            t.write(
                &rel,
                format!("<?xml version=\"1.0\"?>\n<Wrong xmlns=\"{NS}\"/>\n"),
            );
            let r = run_in(t.path(), &["check", "--format", "concise", &rel]);
            assert!(
                r.stdout.contains("SF002") && r.stdout.contains(root),
                "{layout} {rel}: {}{}",
                r.stdout,
                r.stderr
            );
            assert_eq!(summary_count(&r.stdout), 1, "{rel}");
            // Broken XML: SF001.
            t.write(&rel, "<?xml version=\"1.0\"?>\n<Profile><a></Profile>\n");
            let r = run_in(t.path(), &["check", "--format", "concise", &rel]);
            assert!(
                r.stdout.contains("SF001"),
                "{layout} {rel}: {}{}",
                r.stdout,
                r.stderr
            );
            // Also found by a whole-project run.
            let r = run_in(t.path(), &["check", "--format", "concise"]);
            assert!(
                r.stdout.contains("SF001"),
                "{layout} {rel} whole: {}",
                r.stdout
            );
        }
    }
}

#[test]
fn a_long_one_line_dataflow_finding_stays_readable() {
    let t = TempDir::sfdx("gaps-long");
    // A 200 KB one-line dataflow with a parse error near the end.
    let mut line = String::from(
        "{\"a\":{\"action\":\"sfdcDigest\",\"parameters\":{\"object\":\"Account\",\"fields\":[",
    );
    while line.len() < 200_000 {
        line.push_str("{\"name\":\"Name\"},");
    }
    line.push_str("{\"name\":\"Id\"}]}}, BROKEN }");
    t.write("force-app/main/default/wave/Big.wdf", &line);
    let col = line.find("BROKEN").unwrap() + 1;
    for format in ["text", "concise", "github", "junit"] {
        let r = run_in(t.path(), &["check", "--format", format]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        let longest = r
            .stdout
            .lines()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        assert!(longest < 400, "{format}: a line of {longest} chars");
        assert!(r.stdout.contains("SF001"), "{format}: {}", r.stdout);
    }
    let r = run_in(t.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["start"]["line"], 1);
    let c = d["start"]["column"].as_u64().unwrap() as usize;
    assert!(c + 20 >= col && c <= col + 20, "column {c} vs {col}");
    let r = run_in(t.path(), &["check", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region["startColumn"].as_u64().unwrap() as usize,
        c,
        "{region}"
    );
}

#[test]
fn user_records_in_package_directories() {
    let record = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<User xmlns=\"{NS}\">\n    <username>int@example.com</username>\n    <profile>{PROFILE_NAME}</profile>\n    <isActive>true</isActive>\n</User>\n"
    );
    let rel = "force-app/main/default/users/int.user-meta.xml";
    let cases: &[(Option<&str>, bool)] = &[
        (None, true),
        (Some("# comment\n**/jsconfig.json\n"), true),
        (Some("**/*.user-meta.xml\n"), false),
        (Some("users/\n"), false),
        (Some("**/users/**\n"), false),
        (Some("force-app/main/default/users\n"), false),
        (Some("/force-app/main/default/users/\n"), false),
        (
            Some("**/*.user-meta.xml\n!force-app/main/default/users/int.user-meta.xml\n"),
            true,
        ),
        (Some("# **/*.user-meta.xml\n"), true),
    ];
    for (ignore, warn) in cases {
        let t = TempDir::sfdx("gaps-users");
        t.write(rel, &record);
        if let Some(i) = ignore {
            t.write(".forceignore", i);
        }
        for args in [
            vec!["check", "--format", "concise"],
            vec!["check", "--format", "concise", rel],
        ] {
            let r = run_in(t.path(), &args);
            assert_eq!(
                r.stdout.contains("SF007"),
                *warn,
                "{ignore:?} {args:?}: {}{}",
                r.stdout,
                r.stderr
            );
        }
    }
    // config/users/ needs no .forceignore.
    let t = TempDir::sfdx("gaps-users-config");
    t.write(
        "force-app/main/default/profiles/P.profile-meta.xml",
        profile_xml(""),
    );
    t.write("config/users/int.user-meta.xml", &record);
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert!(!r.stdout.contains("SF007"), "{}", r.stdout);
    // IsFrozen in a user definition JSON.
    t.write(
        "config/user-def.json",
        r#"{"Username":"a@example.com","profileName":"Standard User","IsFrozen":true}"#,
    );
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert!(r.stdout.contains("SF008"), "{}", r.stdout);
    let r = run_in(
        t.path(),
        &["check", "--format", "concise", "config/user-def.json"],
    );
    assert!(r.stdout.contains("SF008"), "{}{}", r.stdout, r.stderr);
    assert_eq!(r.code, 1);
}

fn candidates_project() -> TempDir {
    let t = TempDir::new("gaps-cand");
    t.write("src/package.xml", PACKAGE_XML);
    t.write(
        "src/connectedApps/Mule.connectedApp",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ConnectedApp xmlns=\"{NS}\">\n    <contactEmail>a@example.com</contactEmail>\n    <label>Mule</label>\n    <oauthConfig>\n        <callbackUrl>https://example.com</callbackUrl>\n        <consumerKey>x</consumerKey>\n        <scopes>Api</scopes>\n    </oauthConfig>\n</ConnectedApp>\n"
        ),
    );
    t.write(
        "src/profiles/Minimum Access - API Only Integrations.profile",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"{NS}\">\n    <custom>false</custom>\n    <userLicense>Salesforce Integration</userLicense>\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ApiUserOnly</name>\n    </userPermissions>\n</Profile>\n"
        ),
    );
    t.write(
        "src/externalClientApps/Copilot.eca",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ExternalClientApplication xmlns=\"{NS}\">\n    <contactEmail>a@example.com</contactEmail>\n    <distributionState>Local</distributionState>\n    <isProtected>false</isProtected>\n    <label>Copilot</label>\n</ExternalClientApplication>\n"
        ),
    );
    t.write(
        "src/extlClntAppOauthPolicies/Copilot_oauthPlcy.ecaOauthPlcy",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ExtlClntAppOauthConfigurablePolicies xmlns=\"{NS}\">\n    <externalClientApplication>Copilot</externalClientApplication>\n    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>\n    <clientCredentialsFlowUser>copilot@example.com</clientCredentialsFlowUser>\n    <label>Copilot</label>\n</ExtlClntAppOauthConfigurablePolicies>\n"
        ),
    );
    t
}

#[test]
fn integration_candidates_are_named_in_every_format_and_by_init() {
    let t = candidates_project();
    let r = run_in(t.path(), &["check"]);
    for name in ["Mule", "Minimum Access - API Only Integrations", "Copilot"] {
        assert!(r.stdout.contains(name), "text lacks {name}: {}", r.stdout);
    }
    assert!(r.stdout.contains("integration-candidates"), "{}", r.stdout);
    let r = run_in(t.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("integration-candidates") && notes.contains("Mule"),
        "{notes}"
    );
    let r = run_in(t.path(), &["check", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let n = v["runs"][0]["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(n.contains("Copilot") && n.contains("Mule"), "{n}");
    // Named alone, the connected app's file still gets the note (the project is loaded).
    let r = run_in(t.path(), &["check", "src/connectedApps/Mule.connectedApp"]);
    assert!(r.stdout.contains("integration-candidates"), "{}", r.stdout);
    // Configured: no note.
    t.write(
        "sflint.toml",
        "[[integration.principal]]\nprofile = \"Minimum Access - API Only Integrations\"\n",
    );
    let r = run_in(t.path(), &["check"]);
    assert!(
        !r.stdout.contains("integration-candidates"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    std::fs::remove_file(t.path().join("sflint.toml")).unwrap();
    let r = run_in(t.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let toml = std::fs::read_to_string(t.path().join("sflint.toml")).unwrap();
    for name in ["Mule", "Minimum Access - API Only Integrations", "Copilot"] {
        assert!(toml.contains(name), "init lacks {name}: {toml}");
    }
    // The proposal is valid configuration.
    let r = run_in(t.path(), &["check"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
}

#[test]
fn nested_sfdx_projects_are_their_own_projects() {
    // NebulaLogger shape: a folder with its own sfdx-project.json inside the repository.
    let fx = fixture(Layout::Sfdx);
    fx.t.write(
        "nested/sfdx-project.json",
        r#"{"packageDirectories":[{"path":"pkg"}]}"#,
    );
    fx.t.write(
        "nested/pkg/objects/Acc__c/fields/Req__c.field-meta.xml",
        field_file(REQ_FIELD),
    );
    fx.t.write(
        "nested/pkg/permissionsets/Nested.permissionset-meta.xml",
        permset_xml(""),
    );
    fx.t.write(
        "nested/other/permissionsets/Other.permissionset-meta.xml",
        permset_xml(""),
    );
    // The plain run lints the nested project as a project of its own: not "left out" of
    // the outer one, and its own left-out files are counted for it.
    let r = fx.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let notes = v["notes"].as_array().unwrap();
    let left: Vec<String> = notes
        .iter()
        .filter(|n| n["kind"] == "files-left-out")
        .map(|n| n["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        left.iter()
            .any(|m| m.contains("guest-profile-metadata (1)") && !m.contains("nested/pkg")),
        "{left:?}"
    );
    assert!(
        left.iter().any(|m| m.contains("nested/other (1)")),
        "{left:?}"
    );
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"nested/pkg/permissionsets/Nested.permissionset-meta.xml"),
        "{paths:?}"
    );
    let r = fx.run(&["check", "--format", "concise"]);
    assert_eq!(summary_count(&r.stdout), 8, "{}", r.stdout);
    // Named: the nested folder, or a file in it, is linted with the nested project.
    for arg in [
        "nested",
        "nested/pkg/permissionsets/Nested.permissionset-meta.xml",
    ] {
        let r = fx.run(&["check", "--format", "concise", arg]);
        assert!(
            findings(&r.stdout)
                .iter()
                .any(|l| l.starts_with("Nested.") && l.ends_with("PM003")),
            "{arg}: {}{}",
            r.stdout,
            r.stderr
        );
    }
    // A folder without a project marker holding two projects (a monorepo).
    let mono = TempDir::new("gaps-mono");
    for p in ["a", "b"] {
        mono.write(
            &format!("{p}/sfdx-project.json"),
            r#"{"packageDirectories":[{"path":"force-app"}]}"#,
        );
        mono.write(
            &format!("{p}/force-app/objects/Acc__c/fields/Req__c.field-meta.xml"),
            field_file(REQ_FIELD),
        );
        mono.write(
            &format!("{p}/force-app/permissionsets/S.permissionset-meta.xml"),
            permset_xml(""),
        );
    }
    let r = run_in(mono.path(), &["check", "--format", "concise"]);
    let f = findings(&r.stdout);
    assert_eq!(
        f.iter().filter(|l| l.ends_with("PM003")).count(),
        2,
        "{}{}",
        r.stdout,
        r.stderr
    );
    assert!(!r.stdout.contains("PM005"), "{}", r.stdout);
    // Nested projects with nothing to lint: the named folder fails the gate.
    let empty = TempDir::new("gaps-mono-empty");
    empty.write(
        "a/sfdx-project.json",
        r#"{"packageDirectories":[{"path":"force-app"}]}"#,
    );
    empty.write("a/force-app/README.md", "x");
    let r = run_in(empty.path(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let _ = bin;
}

#[test]
fn json_that_holds_no_users_is_not_metadata() {
    // NPSP shape: jest mocks in `tests/__mocks__/apex/data/` and a scratch org definition
    // in `config/` are not metadata; a user definition in `datasets/.../users/` is.
    let fx = fixture(Layout::Cci);
    fx.t.write("tests/__mocks__/apex/data/giftView.json", r#"{"a":1}"#);
    fx.t.write(
        "datasets/qa_org/users/perms_test.json",
        r#"{"LastName":"T","profileName":"sysadmin_test","permsets":["QA"]}"#,
    );
    let r = fx.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let notes = v["notes"].to_string();
    assert!(notes.contains("datasets (1)"), "{notes}");
    assert!(!notes.contains("tests ("), "{notes}");
    for dir in ["tests", "config"] {
        let r = fx.run(&["check", dir]);
        assert_eq!(r.code, 2, "{dir}: {}{}", r.stdout, r.stderr);
    }
    let r = fx.run(&["check", "--format", "concise", "datasets"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(summary_count(&r.stdout), 1, "{}", r.stdout);
}

/// The `sflint …` commands of the README's "Pull requests, CI and pre-commit" section,
/// with CI variables filled in.
fn readme_ci_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(common::repo_root().join("README.md")).unwrap();
    let start = readme.find("## Pull requests, CI and pre-commit").unwrap();
    let end = start + readme[start..].find("\n## ").unwrap();
    let mut cmds = Vec::new();
    let mut in_code = false;
    for line in readme[start..end].lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            continue;
        }
        let Some(at) = line.find("sflint check") else {
            continue;
        };
        let cmd = line[at..]
            .replace("${{ github.base_ref }}", "main")
            .replace("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
            .replace("$BITBUCKET_PR_DESTINATION_BRANCH", "main")
            .replace("$(Build.ArtifactStagingDirectory)", "out");
        cmds.push(cmd.trim().to_string());
    }
    // The CI paragraph's inline example for CumulusCI.
    assert!(readme[start..end].contains("`sflint check force-app unpackaged`"));
    cmds.push("sflint check force-app unpackaged".to_string());
    cmds
}

#[test]
fn the_readme_ci_commands_work_in_mdapi_and_cumulusci_projects() {
    let cmds = readme_ci_commands();
    // GitHub (one run: annotations, SARIF and the step summary), GitLab, Azure,
    // Bitbucket, and the CumulusCI example.
    assert!(cmds.len() >= 5, "{cmds:?}");
    for layout in [Layout::MdapiSrc, Layout::Cci, Layout::Sfdx] {
        let fx = fixture(layout);
        commit_all(fx.root());
        git(fx.root(), &["branch", "-M", "main"]);
        git(
            fx.root(),
            &["update-ref", "refs/remotes/origin/main", "HEAD"],
        );
        for cmd in &cmds {
            // The CumulusCI example names CumulusCI folders.
            if layout != Layout::Cci && cmd.contains("force-app unpackaged") {
                continue;
            }
            let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
            let r = fx.run(&args);
            assert!(
                r.code == 0 || r.code == 1,
                "{layout:?} `{cmd}`: {}{}",
                r.stdout,
                r.stderr
            );
            if let Some(i) = args.iter().position(|a| *a == "--output") {
                let out = fx.root().join(args[i + 1]);
                assert!(
                    out.is_file(),
                    "{layout:?} `{cmd}` wrote no {}",
                    out.display()
                );
            }
            // The whole-project gates name what they left out (CumulusCI `unpackaged/`).
            if layout == Layout::Cci && !cmd.contains("unpackaged") && cmd.contains("github") {
                assert!(
                    r.stdout.contains("::notice") && r.stdout.contains("unpackaged"),
                    "{}",
                    r.stdout
                );
            }
        }
    }
}
