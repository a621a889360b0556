//! The CI formats: SARIF, GitHub Actions annotations, GitLab Code Quality, JUnit XML.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::*;
use crate::catalog::{RULES, Setup};
use crate::config::Overrides;
use crate::xml::Document;

fn doc(code: &str, name: &str, severity: Severity) -> RuleDoc {
    RuleDoc {
        code: code.into(),
        name: name.into(),
        summary: format!("summary of {code}"),
        help_markdown: format!("# {code} {name}\n\nWhy it matters.\n\n## How to fix\n\nFix it."),
        severity,
        family: "permission hygiene",
        page_path: Some(format!("rules/{name}.md")),
    }
}

/// The sample report's rules, plus PM002 that has no finding, in an order that is not
/// the order of the results.
fn sample_docs() -> Vec<RuleDoc> {
    vec![
        doc("PM001", "editable-without-readable", Severity::Error),
        doc("PM002", "formula-field-editable", Severity::Error),
        doc("PM004", "flow-reads-unreadable-field", Severity::Warning),
        doc("FL001", "old-api-version", Severity::Info),
    ]
}

fn render_with(report: &Report, format: Format, rules: &[RuleDoc]) -> String {
    let opts = RenderOptions {
        rules,
        ..RenderOptions::default()
    };
    let mut out = Vec::new();
    render(report, format, &opts, &mut out).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}

fn one_diag_report(files: Vec<Arc<SourceFile>>, d: Diagnostic) -> Report {
    Report {
        files,
        diagnostics: vec![d],
        linted_files: 1,
        linted_from: 0,
        suppressed: 0,
        notes: Vec::new(),
    }
}

// ---------------------------------------------------------------- SARIF

fn sarif(report: &Report, rules: &[RuleDoc]) -> Value {
    let out = render_with(report, Format::Sarif, rules);
    assert!(out.ends_with("}\n"));
    serde_json::from_str(&out).expect("valid JSON")
}

/// Check a SARIF region against `line_col` of `label`'s span.
fn assert_region(report: &Report, loc: &Value, label: &Label) {
    let file = report.file(label.file);
    let phys = &loc["physicalLocation"];
    assert_eq!(phys["artifactLocation"]["uri"], file.display.as_str());
    let start = file.line_col(label.span.start);
    let end = file.line_col(label.span.end);
    let region = &phys["region"];
    assert_eq!(region["startLine"], start.line);
    assert_eq!(region["startColumn"], start.column);
    assert_eq!(region["endLine"], end.line);
    assert_eq!(region["endColumn"], end.column);
}

#[test]
fn sarif_log_shape() {
    let report = sample_report();
    let docs = sample_docs();
    let v = sarif(&report, &docs);
    assert_eq!(
        v["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(v["version"], "2.1.0");
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "sflint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert!(driver["fullName"].as_str().unwrap().starts_with("sflint "));
    assert_eq!(run["automationDetails"]["id"], "sflint/");

    // Every documented rule, in the order given, with or without findings.
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["PM001", "PM002", "PM004", "FL001"]);
    let pm004 = &rules[2];
    assert_eq!(pm004["name"], "flow-reads-unreadable-field");
    assert_eq!(pm004["shortDescription"]["text"], "summary of PM004");
    assert_eq!(pm004["fullDescription"]["text"], "summary of PM004");
    // Short help: the summary, the page's "How to fix", a link to the whole page.
    let url = format!(
        "{}/blob/main/rules/flow-reads-unreadable-field.md",
        env!("CARGO_PKG_REPOSITORY")
    );
    assert_eq!(pm004["helpUri"], url.as_str());
    assert_eq!(
        pm004["help"]["markdown"],
        format!(
            "summary of PM004.\n\n**How to fix**\n\nFix it.\n\n[Full documentation of PM004]({url})"
        )
    );
    assert_eq!(pm004["help"]["text"], pm004["help"]["markdown"]);
    assert!(
        !pm004["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("Why it matters")
    );
    assert_eq!(
        pm004["properties"]["tags"],
        serde_json::json!(["security", "permission hygiene"])
    );
    assert_eq!(pm004["properties"]["security-severity"], "4.0");
    let levels: Vec<&str> = rules
        .iter()
        .map(|r| r["defaultConfiguration"]["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "error", "warning", "note"]);

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for (r, d) in results.iter().zip(&report.diagnostics) {
        assert_eq!(r["ruleId"], d.code.as_ref());
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "ruleIndex of {}", d.code);
        let locations = r["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        assert_region(&report, &locations[0], &d.primary);
        let path = &report.file(d.primary.file).display;
        assert_eq!(
            r["partialFingerprints"]["sflint/v1"],
            fingerprint(&d.code, path, &d.identity)
        );
        assert!(r.get("fixes").is_none());
        let related = r
            .get("relatedLocations")
            .map_or(&[][..], |v| v.as_array().unwrap());
        assert_eq!(related.len(), d.related.len(), "{}", d.code);
        for (i, (loc, label)) in related.iter().zip(&d.related).enumerate() {
            assert_eq!(loc["id"], i + 1);
            assert_eq!(loc["message"]["text"], label.message.as_str());
            assert_region(&report, loc, label);
        }
    }
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["note", "error", "warning"]);

    // PM001 at `<editable>true</editable>`: line 4, columns 9..34.
    let pm001 = &results[1];
    let region = &pm001["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&4.into(), &9.into(), &4.into(), &34.into())
    );
    assert_eq!(
        pm001["locations"][0]["message"]["text"],
        "editable is true here"
    );
    assert_eq!(
        pm001["message"]["text"],
        "Contact.SSN__c is editable but not readable. \
         Fix: set <readable>true</readable> or <editable>false</editable>."
    );
    // An empty primary label carries no message; the related label in the flow file does.
    let pm004 = &results[2];
    assert!(pm004["locations"][0].get("message").is_none());
    assert_eq!(
        pm004["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        FLOW_PATH
    );
    assert!(results[0].get("relatedLocations").is_none());
}

#[test]
fn sarif_lists_rules_without_results_and_documents_unknown_codes() {
    // No findings: the rules are still listed.
    let empty = Report::default();
    let v = sarif(&empty, &sample_docs());
    assert_eq!(
        v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));

    // Findings whose rules were not passed get minimal entries, in order of first use.
    let report = sample_report();
    let v = sarif(&report, &sample_docs()[..1]);
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["PM001", "FL001", "PM004"]);
    assert_eq!(rules[1]["name"], "old-api-version");
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "note");
    assert!(rules[1].get("help").is_none());
    let indices: Vec<u64> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleIndex"].as_u64().unwrap())
        .collect();
    assert_eq!(indices, [1, 0, 2]);

    // A code documented twice resolves to its first entry.
    let mut docs = sample_docs();
    docs.push(doc("PM001", "again", Severity::Error));
    let v = sarif(&report, &docs);
    assert_eq!(v["runs"][0]["results"][1]["ruleIndex"], 0);
}

#[test]
fn sarif_with_the_builtin_rules() {
    let setup = Setup::from_toml("", None, &Overrides::default()).unwrap();
    let docs = RuleDoc::enabled_builtins(&setup.settings);
    let enabled: Vec<&str> = RULES
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.enabled)
        .map(|m| m.code)
        .collect();
    let codes: Vec<&str> = docs.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, enabled);
    assert!(!docs.is_empty());

    let meta = RULES[0].meta();
    let d = RuleDoc::builtin(meta, Severity::Info);
    assert_eq!(d.code, meta.code);
    assert_eq!(d.name, meta.name);
    assert_eq!(d.summary, meta.summary);
    assert_eq!(d.help_markdown, meta.page);
    assert_eq!(d.severity, Severity::Info);

    let v = sarif(&Report::default(), &docs);
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), docs.len());
    for (r, d) in rules.iter().zip(&docs) {
        assert_eq!(r["id"], d.code.as_str());
        assert!(!r["help"]["markdown"].as_str().unwrap().is_empty());
        // Every built-in page has a "How to fix" section, and every rule a page link.
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("**How to fix**"),
            "{}",
            d.code
        );
        assert!(
            r["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("rules/{}.md", d.name))
        );
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
    }
}

#[test]
fn sarif_messages_are_sentences_and_long_help_moves_to_properties() {
    use super::super::sarif::{SHORT_HELP, sentence};
    assert_eq!(sentence("no period"), "no period.");
    assert_eq!(sentence("has one."), "has one.");
    assert_eq!(sentence("a question?"), "a question?");
    assert_eq!(sentence("wow!"), "wow!");
    assert_eq!(sentence("ends in `code`"), "ends in `code`.");
    assert_eq!(sentence("trailing space  "), "trailing space.");
    assert_eq!(sentence(""), "");

    let files = vec![Arc::new(SourceFile::virtual_file("a.xml", "<a/>\n"))];
    let mk = |help: &str| {
        let d = diag(
            "T001",
            "t",
            Severity::Warning,
            "something is off",
            help,
            Label::new(FileId(0), Span::new(0, 4), ""),
            "id",
        );
        sarif(&one_diag_report(files.clone(), d), &[])["runs"][0]["results"][0].clone()
    };
    let r = mk("");
    assert_eq!(r["message"]["text"], "something is off.");
    assert!(r.get("properties").is_none());
    let r = mk("do this. Then that.");
    assert_eq!(
        r["message"]["text"],
        "something is off. Fix: do this. Then that."
    );
    let short = "x".repeat(SHORT_HELP);
    let r = mk(&short);
    assert_eq!(
        r["message"]["text"],
        format!("something is off. Fix: {short}.")
    );
    let long = "x".repeat(SHORT_HELP + 1);
    let r = mk(&long);
    assert_eq!(r["message"]["text"], "something is off.");
    assert_eq!(r["properties"]["help"], long.as_str());
    let r = mk("line one\nline two");
    assert_eq!(r["message"]["text"], "something is off.");
    assert_eq!(r["properties"]["help"], "line one\nline two");
}

#[test]
fn sarif_uris_are_escaped() {
    use super::super::sarif::uri;
    let cases = [
        ("force-app/a.xml", "force-app/a.xml"),
        (
            "force-app/My Profile.profile",
            "force-app/My%20Profile.profile",
        ),
        ("a#b%c?.xml", "a%23b%25c%3F.xml"),
        ("a:b.xml", "a%3Ab.xml"),
        ("d/\u{e9}.xml", "d/%C3%A9.xml"),
        ("/abs/path x.xml", "file:///abs/path%20x.xml"),
        ("C:/repo/a.xml", "file:///C:/repo/a.xml"),
        ("C:\\repo\\a.xml", "file:///C:/repo/a.xml"),
    ];
    for (path, want) in cases {
        assert_eq!(uri(path), want, "{path}");
    }
}

#[test]
fn sarif_columns_count_code_points() {
    let files = vec![Arc::new(SourceFile::virtual_file("a.xml", "\u{e9}<x/>"))];
    let d = diag(
        "T001",
        "t",
        Severity::Error,
        "m",
        "",
        Label::new(FileId(0), Span::new(2, 6), ""),
        "id",
    );
    let report = one_diag_report(files, d);
    let v = sarif(&report, &[]);
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 2);
    assert_eq!(region["endColumn"], 6);
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(render_with(&sample_report(), Format::Github, &[]));
}

#[test]
fn github_escaping() {
    use super::super::github::{escape_data, escape_property};
    let cases = [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\rb", "a%0Db", "a%0Db"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b", "a:b", "a%3Ab"),
        ("a,b", "a,b", "a%2Cb"),
        ("::x,%25\n", "::x,%2525%0A", "%3A%3Ax%2C%2525%0A"),
        ("\u{e9}", "\u{e9}", "\u{e9}"),
    ];
    for (raw, data, property) in cases {
        assert_eq!(escape_data(raw), data, "data {raw:?}");
        assert_eq!(escape_property(raw), property, "property {raw:?}");
    }
}

#[test]
fn github_columns_only_for_single_line_spans() {
    let text = "<a>\n  <b>x</b>\n</a>\n";
    let files = vec![Arc::new(SourceFile::virtual_file("dir,1/a:b%.xml", text))];
    let one_line = find(text, "<b>x</b>", 0);
    let lines = Span::new(0, text.len() - 1);
    let mk = |span: Span, severity: Severity| {
        let d = diag(
            "T001",
            "t",
            severity,
            "50% of it\nis wrong",
            "fix it, then: rerun",
            Label::new(FileId(0), span, ""),
            "id",
        );
        render_with(&one_diag_report(files.clone(), d), Format::Github, &[])
    };
    assert_eq!(
        mk(one_line, Severity::Error),
        "::error file=dir%2C1/a%3Ab%25.xml,line=2,endLine=2,col=3,endColumn=11,\
         title=sflint T001::50%25 of it%0Ais wrong%0Ahelp: fix it, then: rerun\n"
    );
    assert_eq!(
        mk(lines, Severity::Warning),
        "::warning file=dir%2C1/a%3Ab%25.xml,line=1,endLine=3,\
         title=sflint T001::50%25 of it%0Ais wrong%0Ahelp: fix it, then: rerun\n"
    );
    assert!(
        mk(Span::empty_at(4), Severity::Info)
            .starts_with("::notice file=dir%2C1/a%3Ab%25.xml,line=2,endLine=2,col=1,endColumn=1,")
    );
}

#[test]
fn github_has_one_line_per_finding_and_no_footer() {
    let out = render_with(&sample_report(), Format::Github, &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.starts_with("::")));
    assert_eq!(render_with(&Report::default(), Format::Github, &[]), "");
}

// ---------------------------------------------------------------- GitLab

#[test]
fn gitlab_round_trips() {
    let report = sample_report();
    let out = render_with(&report, Format::Gitlab, &[]);
    assert!(out.ends_with("]\n"));
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    let issues = v.as_array().expect("an array");
    assert_eq!(issues.len(), 3);
    for (issue, d) in issues.iter().zip(&report.diagnostics) {
        let file = report.file(d.primary.file);
        let keys: Vec<&String> = issue.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "check_name",
                "description",
                "fingerprint",
                "location",
                "severity"
            ]
        );
        assert_eq!(issue["check_name"], d.code.as_ref());
        assert_eq!(
            issue["description"],
            format!("{}: {}", d.code, d.message).as_str()
        );
        assert_eq!(
            issue["fingerprint"],
            fingerprint(&d.code, &file.display, &d.identity)
        );
        assert_eq!(issue["location"]["path"], file.display.as_str());
        assert_eq!(
            issue["location"]["lines"]["begin"],
            file.line_col(d.primary.span.start).line
        );
    }
    let severities: Vec<&str> = issues
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    // FL001 info, PM001 error, PM004 warning.
    assert_eq!(severities, ["info", "critical", "major"]);
    assert_eq!(issues[1]["location"]["lines"]["begin"], 4);

    let empty: Value =
        serde_json::from_str(&render_with(&Report::default(), Format::Gitlab, &[])).unwrap();
    assert_eq!(empty, serde_json::json!([]));
}

#[test]
fn gitlab_fingerprints_are_unique() {
    let mut report = sample_report();
    let twin = report.diagnostics[1].clone();
    report.diagnostics.insert(2, twin.clone());
    report.diagnostics.insert(2, twin);
    let v: Value = serde_json::from_str(&render_with(&report, Format::Gitlab, &[])).unwrap();
    let fps: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fps.len(), 5);
    let unique: std::collections::HashSet<_> = fps.iter().collect();
    assert_eq!(unique.len(), 5);
    // The first of equal findings keeps the plain fingerprint.
    assert_eq!(fps[1], fingerprint("PM001", PROFILE_PATH, "Contact.SSN__c"));
}

// ---------------------------------------------------------------- JUnit

/// Parse with the crate's XML parser and count elements by name.
fn junit_counts(out: &str) -> HashMap<String, usize> {
    let doc = Document::parse(out.into()).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
    assert_eq!(doc.root().name(), "testsuites");
    let mut counts = HashMap::new();
    for e in doc.elements() {
        *counts.entry(e.name().to_string()).or_insert(0) += 1;
    }
    counts
}

/// Every element's attributes, unescaped by quick-xml, in document order.
fn junit_attributes(out: &str) -> Vec<(String, HashMap<String, String>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(out);
    let mut elements = Vec::new();
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().into_inner().to_string();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        let key = a.key.into_inner().to_string();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .expect("value")
                            .into_owned();
                        (key, value)
                    })
                    .collect();
                elements.push((name, attrs));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    elements
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(junit_failing_on(&sample_report(), Severity::Warning));
}

fn junit_failing_on(report: &Report, fail_on: Severity) -> String {
    let opts = RenderOptions {
        fail_on,
        ..RenderOptions::default()
    };
    let mut out = Vec::new();
    render(report, Format::Junit, &opts, &mut out).expect("render");
    String::from_utf8(out).unwrap()
}

#[test]
fn junit_findings_below_fail_on_pass_with_their_details_as_output() {
    let report = sample_report();
    // Default --fail-on error: only the error fails; the warning and the info pass.
    let out = junit_failing_on(&report, Severity::Error);
    let counts = junit_counts(&out);
    assert_eq!(counts["testcase"], 3);
    assert_eq!(counts["failure"], 1);
    assert_eq!(counts["system-out"], 2);
    let elements = junit_attributes(&out);
    assert_eq!(elements[0].1["failures"], "1");
    assert_eq!(elements[0].1["errors"], "0");
    for (name, attrs) in &elements {
        if name == "testsuite" || name == "testsuites" {
            assert!(attrs.contains_key("errors"), "{name} without errors=");
        }
        if name == "testcase" {
            // Stable names: no line or column.
            assert!(!attrs["name"].contains(':'), "{}", attrs["name"]);
        }
    }
    assert!(out.contains("PM004 [warning] flow Lead_Sync reads Lead.Score__c"));
}

#[test]
fn junit_counts_suites_cases_and_failures() {
    let report = sample_report();
    let out = junit_failing_on(&report, Severity::Info);
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let counts = junit_counts(&out);
    assert_eq!(counts["testsuites"], 1);
    assert_eq!(counts["testsuite"], 2);
    assert_eq!(counts["testcase"], 3);
    assert_eq!(counts["failure"], 3);

    let elements = junit_attributes(&out);
    let attr = |i: usize, key: &str| elements[i].1[key].clone();
    assert_eq!(elements[0].0, "testsuites");
    assert_eq!(attr(0, "name"), "sflint");
    assert_eq!(attr(0, "tests"), "3");
    assert_eq!(attr(0, "failures"), "3");
    let suites: Vec<(String, String, String)> = elements
        .iter()
        .filter(|(n, _)| n == "testsuite")
        .map(|(_, a)| (a["name"].clone(), a["tests"].clone(), a["failures"].clone()))
        .collect();
    assert_eq!(
        suites,
        [
            (FLOW_PATH.to_string(), "1".to_string(), "1".to_string()),
            (PROFILE_PATH.to_string(), "2".to_string(), "2".to_string()),
        ]
    );
    let cases: Vec<(String, String)> = elements
        .iter()
        .filter(|(n, _)| n == "testcase")
        .map(|(_, a)| (a["name"].clone(), a["classname"].clone()))
        .collect();
    assert_eq!(cases[1].0, "PM001 Contact.SSN__c");
    assert_eq!(cases[1].1, "sflint.PM001");
    let failures: Vec<&HashMap<String, String>> = elements
        .iter()
        .filter(|(n, _)| n == "failure")
        .map(|(_, a)| a)
        .collect();
    assert_eq!(failures[1]["type"], "PM001");
    assert_eq!(
        failures[1]["message"],
        "Contact.SSN__c is editable but not readable"
    );

    // The failure text: the finding, its help and its related locations.
    let doc = Document::parse(out.as_str().into()).unwrap();
    let bodies: Vec<String> = doc
        .elements()
        .filter(|e| e.name() == "failure")
        .map(|e| e.text().into_owned())
        .collect();
    assert_eq!(
        bodies[1],
        format!(
            "{PROFILE_PATH}:4:9: PM001 [error] Contact.SSN__c is editable but not readable\n\
             help: set <readable>true</readable> or <editable>false</editable>\n\
             {PROFILE_PATH}:6:9: related: but readable is false here"
        )
    );
}

#[test]
fn junit_clean_report_is_one_passing_case() {
    let report = Report {
        linted_files: 3,
        ..Report::default()
    };
    let out = render_with(&report, Format::Junit, &[]);
    let counts = junit_counts(&out);
    assert_eq!(counts["testsuites"], 1);
    assert_eq!(counts["testsuite"], 1);
    assert_eq!(counts["testcase"], 1);
    assert!(!counts.contains_key("failure"));
    let elements = junit_attributes(&out);
    type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let summary: Vec<Row<'_>> = elements
        .iter()
        .map(|(n, a)| {
            (
                n.as_str(),
                a.get("name").map(String::as_str),
                a.get("tests").map(String::as_str),
                a.get("failures").map(String::as_str),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("testsuites", Some("sflint"), Some("1"), Some("0")),
            ("testsuite", Some("sflint"), Some("1"), Some("0")),
            ("testcase", Some("sflint"), None, None),
        ]
    );
    assert_eq!(elements[2].1["classname"], "sflint");
}

#[test]
fn junit_escapes_markup_and_drops_forbidden_characters() {
    use super::super::junit::{escape_attr, escape_text};
    assert_eq!(
        escape_attr("a&b<c>d\"e'f\tg\nh\ri"),
        "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i"
    );
    assert_eq!(
        escape_text("a&b<c>d\"e]]>\r\n"),
        "a&amp;b&lt;c&gt;d\"e]]&gt;&#13;\n"
    );
    for c in [
        '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1f}', '\u{fffe}', '\u{ffff}',
    ] {
        assert_eq!(escape_attr(&format!("x{c}y")), "x\u{fffd}y", "{c:?}");
        assert_eq!(escape_text(&format!("x{c}y")), "x\u{fffd}y", "{c:?}");
    }
    // Allowed outside ASCII: kept.
    assert_eq!(
        escape_text("\u{e9}\u{7f}\u{1f600}"),
        "\u{e9}\u{7f}\u{1f600}"
    );

    // A whole report with hostile text stays well-formed and round-trips.
    let path = "force-app/R&D <\"x\">.xml";
    let files = vec![Arc::new(SourceFile::virtual_file(path, "<a>\n</a>\n"))];
    let message = "bad <tag> & \"quote\" 'apos'\u{1}\u{1b}[31m\nsecond line\r\nthird";
    let d = diag(
        "T&1",
        "t",
        Severity::Error,
        message,
        "use ]]> and </failure> carefully",
        Label::new(FileId(0), Span::new(0, 3), ""),
        "id",
    );
    let out = render_with(&one_diag_report(files, d), Format::Junit, &[]);
    assert!(!out.contains(['\u{1}', '\u{1b}']), "{out}");
    let counts = junit_counts(&out);
    assert_eq!((counts["testcase"], counts["failure"]), (1, 1));
    let elements = junit_attributes(&out);
    let failure = &elements.iter().find(|(n, _)| n == "failure").unwrap().1;
    assert_eq!(
        failure["message"],
        "bad <tag> & \"quote\" 'apos'\u{fffd}\u{fffd}[31m\nsecond line\r\nthird"
    );
    assert_eq!(failure["type"], "T&1");
    let suite = &elements.iter().find(|(n, _)| n == "testsuite").unwrap().1;
    assert_eq!(suite["name"], path);
    let doc = Document::parse(out.as_str().into()).unwrap();
    let body = doc
        .elements()
        .find(|e| e.name() == "failure")
        .unwrap()
        .text()
        .into_owned();
    assert!(
        body.contains("third\nhelp: use ]]> and </failure> carefully"),
        "{body}"
    );
    assert!(body.contains("second line\r\nthird"), "{body}");
}

// ---------------------------------------------------------------- all of them

#[test]
fn ci_formats_survive_odd_spans() {
    let files = vec![
        Arc::new(SourceFile::virtual_file("a.xml", "\u{e9}\u{e9}\nx")),
        Arc::new(SourceFile::virtual_file("empty.xml", "")),
    ];
    let spans = [
        (FileId(0), Span::new(100, 200)),
        (FileId(0), Span::new(1, 3)),
        (FileId(0), Span::empty_at(6)),
        (FileId(1), Span::empty_at(0)),
        (FileId(1), Span::new(3, 9)),
    ];
    for (file, span) in spans {
        let d = diag(
            "T001",
            "t",
            Severity::Error,
            "m",
            "h",
            Label::new(file, span, "l"),
            "",
        )
        .with_related(Label::new(FileId(1 - file.0), span, "r"));
        let report = Report {
            files: files.clone(),
            diagnostics: vec![d],
            linted_files: 2,
            linted_from: 0,
            suppressed: 0,
            notes: Vec::new(),
        };
        let v = sarif(&report, &[]);
        let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1, "{span:?}");
        assert!(region["startColumn"].as_u64().unwrap() >= 1, "{span:?}");
        assert!(render_with(&report, Format::Github, &[]).starts_with("::error "));
        let _: Value =
            serde_json::from_str(&render_with(&report, Format::Gitlab, &[])).expect("JSON");
        junit_counts(&render_with(&report, Format::Junit, &[]));
    }
}
