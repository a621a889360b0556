//! sflint's rule packs (`rules/packs/<name>.toml`) and their pages
//! (`rules/packs/<name>.md`).
//!
//! The pages follow the rule pages' structure and conventions (see `tests/rule_docs.rs`):
//! the title `# <PREFIX> <name>`, the summary, a metadata line, the same six sections, and
//! examples under `## Example` that are linted here: a `toml sflint.toml` block before an
//! example is its configuration, and trailing `<!-- error: [BS001] -->` markers announce
//! the findings of a bad example, which must be exactly the ones sflint reports. A good
//! example must produce no finding.

use std::path::{Path, PathBuf};

use sflint::catalog::Setup;
use sflint::config::Overrides;
use sflint::diagnostic::Severity;
use sflint::pipeline::lint_sources;
use sflint::policy::PACKS;

const HEADINGS: [&str; 6] = [
    "## What it does",
    "## Why it matters",
    "## Example",
    "## How to fix",
    "## Configuration",
    "## See also",
];

fn packs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/packs")
}

#[derive(Debug)]
struct Block {
    info: String,
    body: String,
    /// Page line of the block's first body line.
    first_line: usize,
    section: String,
    /// Only blank lines separate it from the previous block.
    follows_block: bool,
}

fn blocks(page: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut open: Option<Block> = None;
    let mut follows = false;
    for (i, line) in page.lines().enumerate() {
        match &mut open {
            Some(b) => {
                if line.trim_start().starts_with("```") {
                    out.push(open.take().expect("open"));
                    follows = true;
                } else {
                    b.body.push_str(line);
                    b.body.push('\n');
                }
            }
            None => {
                if let Some(info) = line.trim_start().strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        body: String::new(),
                        first_line: i + 2,
                        section: section.clone(),
                        follows_block: follows,
                    });
                } else if !line.trim().is_empty() {
                    follows = false;
                    if line.starts_with("## ") {
                        section = line.trim_end().to_string();
                    }
                }
            }
        }
    }
    assert!(open.is_none(), "a code block is never closed");
    out
}

#[derive(Debug)]
struct Example {
    bad: bool,
    config: Option<String>,
    files: Vec<(String, String, usize)>,
}

/// Group the example blocks like the rule page harness does.
fn examples(page: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut config: Option<String> = None;
    let mut last_was_example = false;
    for b in blocks(page) {
        let words: Vec<&str> = b.info.split_whitespace().collect();
        if words == ["toml", "sflint.toml"] {
            assert_eq!(
                b.section, "## Example",
                "config block at page line {}",
                b.first_line
            );
            config = Some(b.body);
            last_was_example = false;
            continue;
        }
        let tag = words.get(1).copied();
        if !matches!(tag, Some("bad" | "good")) {
            last_was_example = false;
            continue;
        }
        assert_eq!(
            b.section, "## Example",
            "example at page line {}",
            b.first_line
        );
        let path = b
            .info
            .split_once("path=\"")
            .and_then(|(_, rest)| rest.strip_suffix('"'))
            .unwrap_or_else(|| panic!("example at page line {} has no path", b.first_line))
            .to_string();
        let bad = tag == Some("bad");
        let file = (path, b.body, b.first_line);
        match out.last_mut() {
            Some(ex) if last_was_example && b.follows_block && ex.bad == bad => ex.files.push(file),
            _ => out.push(Example {
                bad,
                config: config.take(),
                files: vec![file],
            }),
        }
        last_was_example = true;
    }
    out
}

/// `(file index, line, code, severity)` of each trailing marker.
fn markers(files: &[(String, String, usize)]) -> Vec<(usize, usize, String, Severity)> {
    let mut out = Vec::new();
    for (f, (_, text, _)) in files.iter().enumerate() {
        for (i, line) in text.lines().enumerate() {
            let mut rest = line.trim_end();
            while let Some(body) = rest.strip_suffix("-->") {
                let Some(start) = body.rfind("<!--") else {
                    break;
                };
                let inner = body[start + 4..].trim();
                let Some((sev, list)) = inner.split_once(':') else {
                    break;
                };
                let Some(severity) = Severity::parse(sev.trim()) else {
                    break;
                };
                let list = list
                    .trim()
                    .strip_prefix('[')
                    .and_then(|l| l.strip_suffix(']'))
                    .unwrap_or_else(|| panic!("marker `{inner}`: write the codes as a list"));
                for code in list.split(',') {
                    out.push((f, i + 1, code.trim().to_string(), severity));
                }
                rest = body[..start].trim_end();
            }
        }
    }
    out
}

fn check_example(pack: &str, ex: &Example) -> Vec<String> {
    let settings = match &ex.config {
        Some(c) => Setup::from_toml(c, None, &Overrides::default())
            .unwrap_or_else(|e| panic!("{pack}: config rejected: {e:?}")),
        None => Setup::default(),
    };
    let sources: Vec<(&str, &str)> = ex
        .files
        .iter()
        .map(|(p, t, _)| (p.as_str(), t.as_str()))
        .collect();
    let report = lint_sources(&sources, &settings).expect("lints");
    let mut found: Vec<(usize, usize, String, Severity)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let file = report.file(d.primary.file);
            let f = ex
                .files
                .iter()
                .position(|(p, _, _)| *p == file.display)
                .unwrap_or(usize::MAX);
            let line = file.line_col(d.primary.span.start).line;
            (f, line, d.code.to_string(), d.severity)
        })
        .collect();
    let mut expected = markers(&ex.files);
    let first = ex.files[0].2;
    let mut problems = Vec::new();
    if ex.bad && expected.is_empty() {
        problems.push(format!(
            "{pack}: bad example at page line {first} has no marker"
        ));
    }
    if !ex.bad && !expected.is_empty() {
        problems.push(format!(
            "{pack}: good example at page line {first} has markers"
        ));
    }
    found.sort();
    expected.sort();
    if found != expected {
        problems.push(format!(
            "{pack}: example at page line {first}: expected {expected:?}, sflint reported {found:?}"
        ));
    }
    problems
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
        let mut in_block = false;
        let mut headings = Vec::new();
        for l in &lines {
            if l.trim_start().starts_with("```") {
                in_block = !in_block;
            } else if !in_block && l.starts_with("## ") {
                headings.push(l.trim_end());
            }
        }
        assert_eq!(headings, HEADINGS, "{}", pack.name);
        for p in &pack.policies {
            let row = format!("| {} | {} | {} |", p.code, p.name, p.severity);
            assert!(
                pack.page.contains(&row),
                "{}: the rule table lacks `{row}`",
                pack.name
            );
        }
    }
}

#[test]
fn pack_page_examples_produce_exactly_the_marked_findings() {
    let mut problems = Vec::new();
    for pack in PACKS.iter() {
        let examples = examples(pack.page);
        assert!(examples.iter().any(|e| e.bad) && examples.iter().any(|e| !e.bad));
        let mut seen: Vec<String> = Vec::new();
        for ex in &examples {
            problems.extend(check_example(&pack.name, ex));
            seen.extend(markers(&ex.files).into_iter().map(|m| m.2));
        }
        for p in &pack.policies {
            if !seen.contains(&p.code) {
                problems.push(format!("{}: no example shows {}", pack.name, p.code));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_harness_catches_a_wrong_marker() {
    let page = PACKS[0]
        .page
        .replacen("<!-- error: [BS001] -->", "<!-- error: [BS002] -->", 1);
    let problems: Vec<String> = examples(&page)
        .iter()
        .flat_map(|ex| check_example("test", ex))
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
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
