//! sflint's rule packs (`rules/packs/<name>.toml`) and their pages
//! (`rules/packs/<name>.md`).
//!
//! The pages follow the rule pages' structure and conventions, and go through the same
//! page harness (`tests/harness/`): the title `# <PREFIX> <name>`, the summary, a metadata
//! line, the same six sections and the links of a rule page, and examples under
//! `## Example` with every kind of block and marker a rule page can use (configuration,
//! base and multi-file examples; trailing, standalone and `sflint.toml` markers). A bad
//! example must produce exactly the findings its markers announce, a good one none. The
//! `[[policy]]` blocks a page shows must compile.

mod harness;

use std::path::{Path, PathBuf};

use sflint::catalog::Setup;
use sflint::config::Overrides;
use sflint::pipeline::lint_sources;
use sflint::policy::PACKS;

use harness::examples::parse_examples;
use harness::fail_if_any;
use harness::markers::{line_markers, toml_line_markers};
use harness::pages::check_sections;
use harness::policies::check_policy_blocks;
use harness::run::check_page_examples;

fn packs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/packs")
}

fn page_file(name: &str) -> String {
    format!("rules/packs/{name}.md")
}

/// The codes the markers of a page's examples announce.
fn marked_codes(page: &str) -> Vec<String> {
    let examples = parse_examples(page).unwrap_or_default();
    let mut codes = Vec::new();
    for ex in &examples {
        for file in &ex.files {
            for line in file.text.lines() {
                if let Ok(m) = line_markers(line) {
                    codes.extend(m.found.into_iter().map(|(_, code)| code));
                }
            }
        }
        for line in ex.config.iter().flat_map(|c| c.text.lines()) {
            if let Ok(found) = toml_line_markers(line) {
                codes.extend(found.into_iter().map(|(_, code)| code));
            }
        }
    }
    codes
}

#[test]
fn every_pack_has_its_page_and_file() {
    let mut names: Vec<String> = std::fs::read_dir(packs_dir())
        .expect("rules/packs exists")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .collect();
    names.sort();
    let mut compiled: Vec<String> = PACKS.iter().map(|p| p.name.clone()).collect();
    compiled.sort();
    assert_eq!(names, compiled, "every rules/packs/*.toml is compiled in");
    for pack in PACKS.iter() {
        let page = std::fs::read_to_string(packs_dir().join(format!("{}.md", pack.name)))
            .expect("the pack's page");
        assert_eq!(page, pack.page, "the compiled page is the file on disk");
        let toml = std::fs::read_to_string(packs_dir().join(format!("{}.toml", pack.name)))
            .expect("the pack file");
        assert_eq!(toml, pack.source);
    }
    let index = std::fs::read_to_string(packs_dir().join("../README.md")).unwrap();
    for pack in PACKS.iter() {
        assert!(
            index.contains(&format!("(packs/{}.md)", pack.name)),
            "rules/README.md links the {} page",
            pack.name
        );
    }
}

#[test]
fn pack_pages_have_the_rule_page_structure_and_list_every_rule() {
    let mut failures = Vec::new();
    for pack in PACKS.iter() {
        let lines: Vec<&str> = pack.page.lines().collect();
        assert_eq!(lines[0], format!("# {} {}", pack.prefix, pack.name));
        assert_eq!(lines[1], pack.summary);
        assert_eq!(lines[2], "");
        assert!(
            lines[3].starts_with(&format!("**Pack:** {} ", pack.prefix))
                && lines[3].ends_with("**Enabled by default:** no"),
            "{}",
            lines[3]
        );
        failures.extend(check_sections(&page_file(&pack.name), pack.page, "../"));
        for p in &pack.policies {
            let row = format!("| {} | {} | {} |", p.code, p.name, p.severity);
            if !pack.page.contains(&row) {
                failures.push(format!("{}: the rule table lacks `{row}`", pack.name));
            }
        }
    }
    fail_if_any("pack page structure", failures);
}

#[test]
fn pack_page_examples_produce_exactly_the_marked_findings() {
    let mut problems = Vec::new();
    for pack in PACKS.iter() {
        problems.extend(check_page_examples(&page_file(&pack.name), pack.page));
        let seen = marked_codes(pack.page);
        for p in &pack.policies {
            if !seen.contains(&p.code) {
                problems.push(format!("{}: no example shows {}", pack.name, p.code));
            }
        }
    }
    fail_if_any("pack page examples", problems);
}

#[test]
fn pack_page_policy_blocks_compile() {
    let failures = PACKS
        .iter()
        .flat_map(|pack| check_policy_blocks(&page_file(&pack.name), pack.page))
        .collect();
    fail_if_any("policy blocks on pack pages", failures);
}

#[test]
fn the_harness_catches_a_wrong_marker() {
    let page = PACKS[0]
        .page
        .replacen("<!-- error: [BS001] -->", "<!-- error: [BS002] -->", 1);
    let problems = check_page_examples("test", &page);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("expected error [BS002]")
            && problems[0].contains("finding without a marker: error [BS001]"),
        "{problems:?}"
    );

    // A pack code that doesn't exist is rejected, like an unknown rule code.
    let page = PACKS[0]
        .page
        .replacen("<!-- error: [BS001] -->", "<!-- error: [BS099] -->", 1);
    let problems = check_page_examples("test", &page);
    assert!(
        problems.len() == 1 && problems[0].contains("`BS099` is not a registered rule code"),
        "{problems:?}"
    );

    // The pack page's links are checked like a rule page's.
    let page = PACKS[0].page.replacen("[DC006](../", "[DC007](../", 1);
    let problems = check_sections("test", &page, "../");
    assert!(
        problems.len() == 1 && problems[0].contains("should read [DC006]"),
        "{problems:?}"
    );
}

/// Pack pages get the whole harness: a standalone marker (as JSON and CSV need) and a
/// marker in the example's `sflint.toml` are read on a pack page too.
#[test]
fn pack_pages_support_every_marker_kind() {
    let standalone = PACKS[0].page.replacen(
        "        <enabled>true</enabled> <!-- error: [BS001] -->\n",
        "        <enabled>true</enabled>\n        <!-- error: [BS001] -->\n",
        1,
    );
    assert_ne!(standalone, PACKS[0].page);
    let problems = check_page_examples("test", &standalone);
    assert!(problems.is_empty(), "{problems:#?}");

    // Policies of the example's own configuration: their codes are marker codes too, and a
    // marker in sflint.toml marks where SF006 reports one that matches nothing.
    let page = "# BS baseline-security\n\n## Example\n\n```toml sflint.toml\nselect = [\"BS\", \"ORG\", \"SF006\"]\n\n[[policy]]\ncode = \"ORG001\" # info: [SF006]\nname = \"no-author-apex\"\n[policy.forbid]\nuser-permission = \"AuthorApex\"\n[policy.where]\nprincipal = \"Nobody\"\n\n[[policy]]\ncode = \"ORG002\"\nname = \"no-author-apex-anywhere\"\n[policy.forbid]\nuser-permission = \"AuthorApex\"\n```\n\n```xml bad path=\"force-app/main/default/permissionsets/Ops.permissionset-meta.xml\"\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <label>Ops</label>\n    <userPermissions>\n        <enabled>true</enabled> <!-- error: [BS003, ORG002] -->\n        <name>AuthorApex</name>\n    </userPermissions>\n</PermissionSet>\n```\n";
    let problems: Vec<String> = check_page_examples("test", page)
        .into_iter()
        .filter(|p| !p.contains("needs at least one `good` example"))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// BS001-BS005 skip standard profiles (their permissions can't be edited), whether the file
/// says `<custom>false</custom>` or has a standard profile's name without `<custom>`, and
/// permission sets of another namespace's managed package; custom clones and the project's
/// own permission sets are still checked.
#[test]
fn standard_profiles_are_left_out_of_the_admin_permission_rules() {
    let profile = |name: &str, custom: Option<bool>| {
        let custom = custom.map_or(String::new(), |c| format!("    <custom>{c}</custom>\n"));
        (
            format!("force-app/main/default/profiles/{name}.profile-meta.xml"),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{custom}    <userLicense>Analytics Cloud Integration User</userLicense>\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ViewAllData</name>\n    </userPermissions>\n</Profile>\n"
            ),
        )
    };
    let set = |name: &str| {
        (
            format!("force-app/main/default/permissionsets/{name}.permissionset-meta.xml"),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <label>{name}</label>\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ViewAllData</name>\n    </userPermissions>\n</PermissionSet>\n"
            ),
        )
    };
    let files = [
        set("FinServ__Teller"),
        set("Audit_Reader"),
        profile("Analytics Cloud Integration User", Some(false)),
        profile("Analytics Cloud Security User", None),
        profile("ReadOnly", Some(false)),
        profile("CRMA Integration Clone", Some(true)),
        profile("Analytics Copy", None),
    ];
    let sources: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let settings =
        Setup::from_toml("select = [\"BS\"]\n", None, &Overrides::default()).expect("config");
    let report = lint_sources(&sources, &settings).expect("lints");
    let mut got: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let path = &report.file(d.primary.file).display;
            (
                d.code.to_string(),
                path.rsplit('/').next().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (
                "BS002".to_string(),
                "Analytics Copy.profile-meta.xml".to_string()
            ),
            (
                "BS002".to_string(),
                "Audit_Reader.permissionset-meta.xml".to_string()
            ),
            (
                "BS002".to_string(),
                "CRMA Integration Clone.profile-meta.xml".to_string()
            ),
        ]
    );
}
