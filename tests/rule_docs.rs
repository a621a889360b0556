//! The rule pages in `rules/` are part of the product (`sflint rule CODE` prints them), so
//! they are tested like code:
//!
//! - every registered rule has `rules/<name>.md`, every page belongs to a rule, and the page
//!   compiled into the binary is the file on disk;
//! - every page has the fixed title, summary, metadata line and section headings;
//! - every example on a page is linted, and its findings must be exactly the ones its
//!   markers announce; every `[[policy]]` block on a page compiles;
//! - `rules/README.md` indexes exactly the registered rules.
//!
//! The page harness, and the conventions of examples and markers, are in `tests/harness/`
//! (shared with the pack pages' tests in `tests/packs.rs`).
//!
//! Bless mode: `SFLINT_BLESS=1 cargo test --test rule_docs` rewrites, instead of failing
//! on them, what follows from the registry (`sflint::catalog::RULES`): each rule page's
//! header (`# CODE name`, the summary line, a blank line, and the `**Family:** ...` line)
//! and the rules index table in `rules/README.md`. The rest of each file is kept byte for
//! byte, and everything else (sections, examples, links) is still checked. Run the tests
//! again without the variable to see them pass: the pages are compiled into the binary,
//! so the run that rewrites them still sees the old ones there. Without the variable
//! nothing is written.

mod harness;

use std::path::{Path, PathBuf};

use harness::examples::{Tag, parse_examples};
use harness::index::{bless_index, check_index};
use harness::markers::{line_markers, toml_line_markers};
use harness::pages::{
    bless_header, check_header, check_rule_page, meta_by_name, metas, page_file, rule_header,
};
use harness::policies::check_policy_blocks;
use harness::run::check_page_examples;
use harness::{blessing, fail_if_any};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

fn read_page(name: &str) -> String {
    let path = rules_dir().join(format!("{name}.md"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Write `text` to `path` when it differs from `old` (bless mode).
fn rewrite(path: &Path, old: &str, text: &str) {
    if old != text {
        std::fs::write(path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        eprintln!("blessed {}", path.display());
    }
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn every_rule_has_its_page_and_every_page_a_rule() {
    let mut failures = Vec::new();
    for meta in metas() {
        let path = rules_dir().join(format!("{}.md", meta.name));
        match std::fs::read_to_string(&path) {
            Ok(text) if text == meta.page => {}
            Ok(_) => failures.push(format!(
                "{}: the page compiled into {} differs from the file on disk (rebuild?)",
                page_file(meta.name),
                meta.code
            )),
            Err(e) => failures.push(format!("{}: {e}", page_file(meta.name))),
        }
    }
    let entries = std::fs::read_dir(rules_dir()).expect("rules/ exists");
    for entry in entries {
        let name = entry.expect("readable entry").file_name();
        let name = name.to_string_lossy();
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        if name != "README.md" && meta_by_name(stem).is_none() {
            failures.push(format!(
                "rules/{name}: no registered rule is named `{stem}`"
            ));
        }
    }
    fail_if_any("rule pages vs registry", failures);
}

#[test]
fn pages_have_the_fixed_structure() {
    let bless = blessing();
    let failures = metas()
        .flat_map(|m| {
            let page = read_page(m.name);
            if !bless {
                return check_rule_page(m, &page);
            }
            let blessed = bless_header(&page, &rule_header(m));
            rewrite(&rules_dir().join(format!("{}.md", m.name)), &page, &blessed);
            check_rule_page(m, &blessed)
        })
        .collect();
    fail_if_any("page structure", failures);
}

#[test]
fn page_examples_produce_exactly_the_marked_findings() {
    let failures = metas()
        .flat_map(|m| check_page_examples(&page_file(m.name), &read_page(m.name)))
        .collect();
    fail_if_any("page examples", failures);
}

#[test]
fn page_policy_blocks_compile() {
    let failures = metas()
        .flat_map(|m| check_policy_blocks(&page_file(m.name), &read_page(m.name)))
        .collect();
    fail_if_any("policy blocks on rule pages", failures);
}

#[test]
fn readme_indexes_every_rule() {
    let path = rules_dir().join("README.md");
    let mut readme = std::fs::read_to_string(&path).expect("rules/README.md");
    if blessing() {
        let blessed = bless_index(&readme);
        rewrite(&path, &readme, &blessed);
        readme = blessed;
    }
    fail_if_any(
        "rules/README.md index (rows in registry order)",
        check_index(&readme),
    );
}

// ---------------------------------------------------------------------------------------
// Bless mode produces what the checks accept
// ---------------------------------------------------------------------------------------

#[test]
fn blessed_headers_pass_the_check_and_keep_the_rest() {
    let meta = metas().next().expect("a rule");
    // The page as bless leaves it (the file on disk may be the one being blessed).
    let page = bless_header(&read_page(meta.name), &rule_header(meta));
    assert_eq!(
        bless_header(&page, &rule_header(meta)),
        page,
        "a correct page is kept"
    );
    let body = page.split_once("\n## ").expect("sections").1;
    let body = format!("\n## {body}");
    let other = metas().nth(1).expect("a second rule");
    for wrong in [
        // Another rule's header.
        format!("{}{body}", rule_header(other).join("\n")),
        // A stale summary and severity.
        format!(
            "# {} {}\nAn old summary\n\n**Family:** XX (old) · **Default severity:** info · **Enabled by default:** no\n{body}",
            meta.code, meta.name
        ),
        // No metadata line, no summary, no title.
        format!("# {} {}\nAn old summary\n{body}", meta.code, meta.name),
        format!("# {} {}\n{body}", meta.code, meta.name),
        body.trim_start().to_string(),
    ] {
        assert!(
            !check_header("p.md", &wrong, &rule_header(meta)).is_empty(),
            "the check fails first:\n{wrong}"
        );
        let blessed = bless_header(&wrong, &rule_header(meta));
        let failures = check_rule_page(meta, &blessed);
        assert!(failures.is_empty(), "{failures:#?}\n{blessed}");
        assert_eq!(blessed, page, "everything after the header is kept");
    }
}

#[test]
fn blessed_index_passes_the_check_and_keeps_the_rest() {
    let readme = std::fs::read_to_string(rules_dir().join("README.md")).expect("rules/README.md");
    // The index as bless leaves it (the file on disk may be the one being blessed).
    let readme = bless_index(&readme);
    assert!(
        check_index(&readme).is_empty(),
        "{:#?}",
        check_index(&readme)
    );
    assert_eq!(bless_index(&readme), readme, "a correct index is kept");
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| ")).collect();
    let (first, last) = (rows[1], rows[rows.len() - 1]);
    for wrong in [
        // A row out of order, one missing, a stale summary, an extra row.
        readme
            .replacen(&format!("{first}\n"), "", 1)
            .replace(last, &format!("{last}\n{first}")),
        readme.replacen(&format!("{last}\n"), "", 1),
        readme.replacen(" | on | ", " | off | ", 1),
        readme.replace(
            last,
            &format!("{last}\n| XX999 | [gone](gone.md) | error | on | Gone |"),
        ),
    ] {
        assert!(!check_index(&wrong).is_empty(), "the check fails first");
        let blessed = bless_index(&wrong);
        assert!(
            check_index(&blessed).is_empty(),
            "{:#?}",
            check_index(&blessed)
        );
        assert_eq!(blessed, readme);
    }
    // Prose around the table is kept as it is; a file without a table gets one.
    let text = "# Rules\n\nIntro.\n";
    let blessed = bless_index(text);
    assert!(
        blessed.starts_with(text) && check_index(&blessed).is_empty(),
        "{blessed}"
    );
}

// ---------------------------------------------------------------------------------------
// The harness must be able to fail
// ---------------------------------------------------------------------------------------

const PROFILE_PATH: &str = "force-app/main/default/profiles/Admin.profile-meta.xml";

/// A page with one bad and one good example; `bad_body` is the bad profile.
fn fake_page(bad_body: &str) -> String {
    format!(
        r#"# PM001 editable-without-readable

## Example

```xml bad path="{PROFILE_PATH}"
{bad_body}```

```xml good path="{PROFILE_PATH}"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>
        <field>Account.Rating</field>
        <readable>true</readable>
    </fieldPermissions>
</Profile>
```
"#
    )
}

/// PM001 reports on the `<readable>` line (line 6 of this file).
fn bad_profile(line6_marker: &str, line4_marker: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>{line4_marker}
        <field>Account.Rating</field>
        <readable>false</readable>{line6_marker}
    </fieldPermissions>
</Profile>
"#
    )
}

#[test]
fn harness_accepts_a_correct_page() {
    let page = fake_page(&bad_profile(" <!-- error: [PM001] -->", ""));
    let failures = check_page_examples("fake.md", &page);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn harness_reports_a_marker_on_the_wrong_line() {
    let page = fake_page(&bad_profile("", " <!-- error: [PM001] -->"));
    let failures = check_page_examples("fake.md", &page);
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let f = &failures[0];
    assert!(f.contains("fake.md, example 1 (bad"), "{f}");
    assert!(f.contains("expected error [PM001] starting on"), "{f}");
    assert!(f.contains("line 4"), "{f}");
    assert!(f.contains("finding without a marker: error [PM001]"), "{f}");
    assert!(f.contains(&format!("{PROFILE_PATH}:6:")), "{f}");
}

#[test]
fn harness_reports_wrong_severity_and_unknown_codes() {
    let page = fake_page(&bad_profile(" <!-- warning: [PM001] -->", ""));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures.len() == 1 && failures[0].contains("expected warning [PM001]"),
        "{failures:#?}"
    );

    let page = fake_page(&bad_profile(" <!-- error: [PM099] -->", ""));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures.len() == 1 && failures[0].contains("not a registered rule code"),
        "{failures:#?}"
    );
}

#[test]
fn harness_reports_unmarked_findings_and_extra_markers() {
    // No marker at all: the bad example is rejected before linting.
    let page = fake_page(&bad_profile("", ""));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures.len() == 1 && failures[0].contains("needs at least one marker"),
        "{failures:#?}"
    );
    // A marker for a finding sflint does not report.
    let page = fake_page(&bad_profile(
        " <!-- error: [PM001] -->",
        " <!-- error: [PM005] -->",
    ));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures.len() == 1 && failures[0].contains("expected error [PM005]"),
        "{failures:#?}"
    );
    // Two findings expected on one line, one reported.
    let page = fake_page(&bad_profile(" <!-- error: [PM001, PM001] -->", ""));
    let failures = check_page_examples("fake.md", &page);
    assert_eq!(failures.len(), 1, "{failures:#?}");
}

#[test]
fn harness_reports_findings_in_good_examples() {
    let page = fake_page(&bad_profile(" <!-- error: [PM001] -->", ""))
        .replace("<editable>true</editable>\n        <field>Account.Rating</field>\n        <readable>true</readable>",
                 "<editable>true</editable>\n        <field>Account.Rating</field>\n        <readable>false</readable>");
    let failures = check_page_examples("fake.md", &page);
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].contains("example 2 (good")
            && failures[0].contains("a good example must produce no finding"),
        "{failures:#?}"
    );
}

#[test]
fn harness_parses_groups_configs_and_rejects_bad_syntax() {
    let page = r#"# X

## Example

Two files, one example:

```xml bad path="a/objects/Account/fields/A__c.field-meta.xml"
<a/>
```

```xml bad path="a/profiles/My Profile.profile-meta.xml"
<b/>
```

```toml sflint.toml
ignore = ["PM004"]
```

```xml bad path="a/profiles/Other.profile-meta.xml"
<c/>
```
```xml good path="a/profiles/Other.profile-meta.xml"
<d/>
```

```xml
not run
```
"#;
    let examples = parse_examples(page).expect("parses");
    assert_eq!(examples.len(), 3);
    assert_eq!(examples[0].files.len(), 2);
    assert_eq!(
        examples[0].files[1].path,
        "a/profiles/My Profile.profile-meta.xml"
    );
    assert_eq!(examples[0].files[1].first_line, 12);
    assert!(examples[0].config.is_none());
    let config = examples[1].config.as_ref().expect("a configuration");
    assert_eq!(config.text, "ignore = [\"PM004\"]\n");
    assert_eq!(
        (config.path.as_str(), config.first_line),
        ("sflint.toml", 16)
    );
    assert_eq!(examples[1].files.len(), 1);
    assert_eq!((examples[2].tag, examples[2].index), (Tag::Good, 3));

    for broken in [
        "## Example\n\n```xml bad path=a.xml\n<a/>\n```\n",
        "## Example\n\n```xml bad\n<a/>\n```\n",
        "## Example\n\n```toml sflint.toml\nx = 1\n```\n\ntext\n",
        "## Example\n\n```xml bad path=\"a.xml\"\n<a/>\n",
        "## How to fix\n\n```xml good path=\"a.xml\"\n<a/>\n```\n",
    ] {
        assert!(parse_examples(broken).is_err(), "accepted: {broken}");
    }
    assert!(line_markers("<a/> <!-- error: [PM001] --> trailing").is_err());
    assert!(line_markers("<a/> <!-- error: PM001 -->").is_err());
    assert!(line_markers("<a/> <!-- Error: [PM001] -->").is_err());
    assert_eq!(
        line_markers("<a/><!-- note --> <!-- error: [PM001, PM005] --><!-- warning: [PM004] -->")
            .unwrap()
            .found
            .len(),
        3
    );
    assert!(
        line_markers("<a/><!-- just a note -->")
            .unwrap()
            .found
            .is_empty()
    );
}

const WAVE_PATH: &str = "force-app/main/default/wave/Accounts.wdf";

/// A page whose bad example is a dataflow that extracts `Account.Tier__c`, which the
/// integration user profile doesn't mention (IU002 on the `Tier__c` line). `marked` is the
/// dataflow with its markers.
fn dataflow_page(marked: &str) -> String {
    format!(
        r#"# IU002 analytics-field-not-granted

## Example

```xml bad path="force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>false</custom>
    <userLicense>Analytics Cloud Integration User</userLicense>
</Profile>
```

```json bad path="{WAVE_PATH}"
{marked}```

```xml fixed path="force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>false</custom>
    <fieldPermissions>
        <editable>false</editable>
        <field>Account.Tier__c</field>
        <readable>true</readable>
    </fieldPermissions>
    <userLicense>Analytics Cloud Integration User</userLicense>
</Profile>
```
"#
    )
}

const DATAFLOW: &str = r#"{
  "Extract_Account": {
    "action": "sfdcDigest",
    "parameters": {
      "object": "Account",
      "fields": [
        {"name": "Id"},
        {"name": "Tier__c"}
      ]
    }
  }
}
"#;

/// The dataflow with `marker` inserted as a line after line `after` (1-based).
fn dataflow_with(after: usize, marker: &str) -> String {
    let mut lines: Vec<&str> = DATAFLOW.lines().collect();
    lines.insert(after, marker);
    lines.join("\n") + "\n"
}

#[test]
fn harness_reads_standalone_markers_in_json() {
    // Under the `Tier__c` line (line 8): the marker line is removed, so the JSON is valid
    // and nothing but IU002 is reported.
    let page = dataflow_page(&dataflow_with(8, "        <!-- warning: [IU002] -->"));
    let failures = check_page_examples("fake.md", &page);
    let failures: Vec<_> = failures
        .into_iter()
        .filter(|f| !f.contains("needs at least one `good` example"))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");

    // Two standalone lines in a row mark the same line.
    let twice = dataflow_with(8, "<!-- warning: [IU002] -->\n<!-- warning: [IU002] -->");
    let failures = check_page_examples("fake.md", &dataflow_page(&twice));
    assert!(
        failures
            .iter()
            .any(|f| f.contains("expected warning [IU002] starting on")
                && f.contains(&format!("{WAVE_PATH} line 8"))),
        "{failures:#?}"
    );

    // Under the `Id` line (line 7): the finding on line 8 is unmarked.
    let page = dataflow_page(&dataflow_with(7, "<!-- warning: [IU002] -->"));
    let failures = check_page_examples("fake.md", &page);
    let f = failures
        .iter()
        .find(|f| f.contains("example 1 (bad"))
        .expect("the dataflow example fails");
    assert!(
        f.contains(&format!(
            "expected warning [IU002] starting on {WAVE_PATH} line 7"
        )),
        "{f}"
    );
    assert!(
        f.contains("finding without a marker: warning [IU002]"),
        "{f}"
    );
    assert!(f.contains(&format!("{WAVE_PATH}:8:")), "{f}");
    // The dataflow's first line is page line 14. Its line 8 as linted (without the marker
    // line) is shown on page line 22, below the marker.
    assert!(
        f.contains(&format!("{WAVE_PATH}:8:")) && f.contains("(page line 22)"),
        "{f}"
    );

    // A standalone marker needs a line above it.
    let page = dataflow_page(&format!("<!-- warning: [IU002] -->\n{DATAFLOW}"));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("marks the line above it, and there is none")),
        "{failures:#?}"
    );

    let m = line_markers("   <!-- warning: [IU002] --> <!-- error: [IU001] -->").unwrap();
    assert!(m.standalone);
    assert_eq!(m.found.len(), 2);
    assert!(
        !line_markers("x <!-- warning: [IU002] -->")
            .unwrap()
            .standalone
    );
    assert!(line_markers("<!-- Warning: [IU002] -->").is_err());
}

const MATRIX_CONFIG: &str = r#"```toml sflint.toml
[[integration.principal]]
name = "analytics"
profile = "Integration"

[classification]
access-matrix = "security/access-matrix.csv"
```
"#;

const INTEGRATION_PROFILE: &str = r#"```xml bad path="force-app/main/default/profiles/Integration.profile-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <userLicense>Salesforce Integration</userLicense>
</Profile>
```
"#;

/// A field classified `Restricted` with a compliance group.
const SSN_FIELD: &str = r#"```xml bad path="force-app/main/default/objects/Contact/fields/SSN__c.field-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>SSN__c</fullName>
    <complianceGroup>PII</complianceGroup>
    <label>SSN</label>
    <securityClassification>Restricted</securityClassification>
    <type>Text</type>
</CustomField>
```
"#;

#[test]
fn harness_reads_the_configured_access_matrix() {
    let csv = |marker: &str| {
        format!(
            "```csv bad path=\"security/access-matrix.csv\"\nfield,classification,principal,access,justification,compliance_notes\nContact.SSN__c,Confidential,analytics,none,,\n{marker}```\n"
        )
    };
    // The matrix classifies the field `Confidential`; DC008 reports the row (line 2).
    let page = format!(
        "# DC008 access-matrix-mismatch\n\n## Example\n\n{MATRIX_CONFIG}\n{INTEGRATION_PROFILE}\n{SSN_FIELD}\n{}",
        csv("<!-- error: [DC008] -->\n")
    );
    let failures: Vec<_> = check_page_examples("fake.md", &page)
        .into_iter()
        .filter(|f| !f.contains("needs at least one `good` example"))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");

    // Unmarked, the finding in the CSV is reported.
    let page = page.replace("<!-- error: [DC008] -->\n", "");
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("needs at least one marker")),
        "{failures:#?}"
    );

    // Without the configuration, a CSV is not something sflint reads.
    let page = format!(
        "# DC008 access-matrix-mismatch\n\n## Example\n\n{INTEGRATION_PROFILE}\n{SSN_FIELD}\n{}",
        csv("<!-- error: [DC008] -->\n")
    );
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("`security/access-matrix.csv` is not a path sflint reads")),
        "{failures:#?}"
    );

    // With the configuration, the example must show the matrix.
    let page = format!(
        "# DC008 access-matrix-mismatch\n\n## Example\n\n{MATRIX_CONFIG}\n{INTEGRATION_PROFILE}\n{SSN_FIELD}"
    )
    .replace("<securityClassification>Restricted</securityClassification>", "<securityClassification>Restricted</securityClassification> <!-- error: [DC008] -->");
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("but no file of the example has that path")),
        "{failures:#?}"
    );
}

/// A configured principal whose permission set is not in the project (IU006 in
/// sflint.toml, line 4). `marker` ends that line.
fn unresolved_config_page(tag: &str, marker: &str) -> String {
    format!(
        r#"# IU006 integration-principal-unresolved

## Example

```toml sflint.toml
[[integration.principal]]
name = "analytics"
profile = "Integration"
permission-sets = ["CRMA_Extract"]{marker}
```

```xml {tag} path="force-app/main/default/profiles/Integration.profile-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <userLicense>Salesforce Integration</userLicense>
</Profile>
```
"#
    )
}

#[test]
fn harness_matches_findings_in_sflint_toml() {
    let only_example = |failures: Vec<String>| -> Vec<String> {
        failures
            .into_iter()
            .filter(|f| !f.contains("needs at least one `"))
            .collect()
    };
    let failures = only_example(check_page_examples(
        "fake.md",
        &unresolved_config_page("bad", " # error: [IU006]"),
    ));
    assert!(failures.is_empty(), "{failures:#?}");

    // In a good example, the finding in sflint.toml is reported, with its page line.
    let failures = only_example(check_page_examples(
        "fake.md",
        &unresolved_config_page("good", ""),
    ));
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].contains(
            "a good example must produce no finding, but got error [IU006] at sflint.toml:4:"
        ) && failures[0].contains("(page line 9)"),
        "{failures:#?}"
    );

    // Markers in the configuration of a good example are rejected.
    let failures = only_example(check_page_examples(
        "fake.md",
        &unresolved_config_page("good", " # error: [IU006]"),
    ));
    assert!(
        failures.len() == 1 && failures[0].contains("a good example cannot have markers"),
        "{failures:#?}"
    );

    // The wrong severity fails.
    let failures = only_example(check_page_examples(
        "fake.md",
        &unresolved_config_page("bad", " # warning: [IU006]"),
    ));
    assert!(
        failures.len() == 1
            && failures[0]
                .contains("expected warning [IU006] starting on sflint.toml line 4 (page line 9)"),
        "{failures:#?}"
    );

    // What the TOML marker reader accepts.
    assert_eq!(
        toml_line_markers("a = 1 # error: [IU006]").unwrap().len(),
        1
    );
    assert!(
        toml_line_markers("a = 1 # just a comment")
            .unwrap()
            .is_empty()
    );
    assert!(
        toml_line_markers("a = \"x # error: [IU006]\"")
            .unwrap()
            .is_empty()
    );
    assert!(
        toml_line_markers("a = 'x # error: [IU006]'")
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        toml_line_markers("a = \"q\\\"# \" # error: [IU006, IU006]")
            .unwrap()
            .len(),
        2
    );
    assert!(toml_line_markers("# error: [IU006]").is_err());
    assert!(toml_line_markers("a = 1 # Error: [IU006]").is_err());
    assert!(toml_line_markers("a = 1 # error: [IU006] see above").is_err());
    assert!(toml_line_markers("a = 1 # error: IU006").is_err());
}

const ACIU_PATH: &str =
    "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml";

/// The integration user profile with `Account.Tier__c` readable or not; `marker` ends the
/// `readable` line (line 6).
fn aciu_block(tag: &str, readable: bool, marker: &str) -> String {
    format!(
        r#"```xml {tag} path="{ACIU_PATH}"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>false</editable>
        <field>Account.Tier__c</field>
        <readable>{readable}</readable>{marker}
    </fieldPermissions>
    <userLicense>Analytics Cloud Integration User</userLicense>
</Profile>
```
"#
    )
}

/// A page whose one example revokes read on `Account.Tier__c` compared with its base.
fn revoked_page(base_marker: &str, head_marker: &str) -> String {
    format!(
        "# IU007 integration-access-revoked\n\n## Example\n\n{}\n{}",
        aciu_block("base", true, base_marker),
        aciu_block("bad", false, head_marker)
    )
}

#[test]
fn harness_lints_examples_against_their_base() {
    let only_example = |failures: Vec<String>| -> Vec<String> {
        failures
            .into_iter()
            .filter(|f| !f.contains("needs at least one `"))
            .collect()
    };
    let failures = only_example(check_page_examples(
        "fake.md",
        &revoked_page("", " <!-- error: [IU007] -->"),
    ));
    assert!(failures.is_empty(), "{failures:#?}");

    // The wrong severity fails, and the failure shows the related label in the base with its
    // page line (the base's line 6 is page line 11).
    let failures = only_example(check_page_examples(
        "fake.md",
        &revoked_page("", " <!-- warning: [IU007] -->"),
    ));
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let f = &failures[0];
    assert!(
        f.contains(&format!(
            "expected warning [IU007] starting on {ACIU_PATH} line 6 (page line 23)"
        )),
        "{f}"
    );
    assert!(
        f.contains("finding without a marker: error [IU007]")
            && f.contains(&format!("related: base:{ACIU_PATH}:6:"))
            && f.contains("(page line 11): base: read granted here"),
        "{f}"
    );

    // Without the base block nothing is compared: the marked finding is not reported.
    let page = format!(
        "# IU007 integration-access-revoked\n\n## Example\n\n{}",
        aciu_block("bad", false, " <!-- error: [IU007] -->")
    );
    let failures = only_example(check_page_examples("fake.md", &page));
    assert!(
        failures.len() == 1 && failures[0].contains("but sflint reports none there"),
        "{failures:#?}"
    );

    // Markers in a base block are rejected, well-formed or not.
    for marker in [" <!-- error: [IU007] -->", " <!-- Error: [IU007] -->"] {
        let failures = only_example(check_page_examples(
            "fake.md",
            &revoked_page(marker, " <!-- error: [IU007] -->"),
        ));
        assert!(
            failures.len() == 1
                && failures[0].contains(&format!(
                    "base:{ACIU_PATH} line 6 (page line 11): a `base` block holds no markers"
                )),
            "{failures:#?}"
        );
    }

    // A base path sflint doesn't read, and the same base path twice.
    let page = revoked_page("", " <!-- error: [IU007] -->").replace(
        "```xml base path=\"force-app",
        "```xml base path=\"notes.txt\"\n```\n\n```xml base path=\"force-app",
    );
    let failures = only_example(check_page_examples("fake.md", &page));
    assert!(
        failures.len() == 1
            && failures[0].contains("base file `notes.txt` is not a path sflint reads"),
        "{failures:#?}"
    );
    let page = format!(
        "# IU007 integration-access-revoked\n\n## Example\n\n{}\n{}\n{}",
        aciu_block("base", true, ""),
        aciu_block("base", true, ""),
        aciu_block("bad", false, " <!-- error: [IU007] -->")
    );
    let failures = only_example(check_page_examples("fake.md", &page));
    assert!(
        failures.len() == 1 && failures[0].contains("appears twice in one base"),
        "{failures:#?}"
    );
}

#[test]
fn harness_parses_base_blocks_in_order() {
    let page = r#"# X

## Example

```xml bad path="a/profiles/A.profile-meta.xml"
<a/>
```

```toml sflint.toml
ignore = ["PM004"]
```

```xml base path="a/profiles/A.profile-meta.xml"
<old/>
```

```xml base path="a/permissionsets/P.permissionset-meta.xml"
<old/>
```
```xml bad path="a/profiles/A.profile-meta.xml"
<new/>
```

```xml bad path="a/permissionsets/P.permissionset-meta.xml"
<new/>
```

```xml base path="a/profiles/A.profile-meta.xml"
<old/>
```

```xml good path="a/profiles/A.profile-meta.xml"
<new/>
```
"#;
    let examples = parse_examples(page).expect("parses");
    assert_eq!(examples.len(), 3);
    // A base block ends the example before it, even one with the same tag.
    assert!(examples[0].base.is_empty() && examples[0].config.is_none());
    assert_eq!(examples[0].files.len(), 1);
    let ex = &examples[1];
    assert!(ex.config.is_some());
    assert_eq!(ex.base.len(), 2);
    assert_eq!(
        (ex.base[1].path.as_str(), ex.base[1].text.as_str()),
        ("a/permissionsets/P.permissionset-meta.xml", "<old/>\n")
    );
    assert_eq!(ex.base[0].first_line, 14);
    assert_eq!((ex.tag, ex.files.len()), (Tag::Bad, 2));
    assert_eq!((examples[2].tag, examples[2].base.len()), (Tag::Good, 1));

    for (broken, says) in [
        (
            "## Example\n\n```xml base path=\"a.xml\"\n<a/>\n```\n\ntext\n",
            "`base` blocks must be directly followed by an example block",
        ),
        (
            "## Example\n\n```xml base path=\"a.xml\"\n<a/>\n```\n",
            "`base` blocks must be directly followed by an example block",
        ),
        (
            "## Example\n\n```xml base path=\"a.xml\"\n<a/>\n```\n\n```toml sflint.toml\nx = 1\n```\n\n```xml bad path=\"a.xml\"\n<a/>\n```\n",
            "the `toml sflint.toml` block goes before the example's `base` blocks",
        ),
        (
            "## Example\n\n```xml base path=\"a.xml\"\n<a/>\n```\n\n```xml\nnot run\n```\n\n```xml bad path=\"a.xml\"\n<a/>\n```\n",
            "`base` blocks must be directly followed by an example block",
        ),
        (
            "## How to fix\n\n```xml base path=\"a.xml\"\n<a/>\n```\n\n```xml good path=\"a.xml\"\n<a/>\n```\n",
            "belong under `## Example`",
        ),
        ("## Example\n\n```xml base\n<a/>\n```\n", "missing path="),
        (
            "## Example\n\n```xml before path=\"a.xml\"\n<a/>\n```\n",
            "`<lang> base path=",
        ),
    ] {
        match parse_examples(broken) {
            Ok(_) => panic!("accepted: {broken}"),
            Err(errors) => assert!(errors.iter().any(|e| e.contains(says)), "{errors:#?}"),
        }
    }
}
