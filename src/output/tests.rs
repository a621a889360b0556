use std::sync::Arc;

use super::*;
use crate::diagnostic::{Diagnostic, FileId, Label, Severity, fingerprint};
use crate::source::{SourceFile, Span};

mod ci;
mod fixes;

/// By-value related labels for building test findings in one expression.
trait WithRelated {
    fn with_related(self, label: Label) -> Self;
}

impl WithRelated for Diagnostic {
    fn with_related(mut self, label: Label) -> Self {
        self.related(
            crate::diagnostic::Loc::new(label.file, label.span),
            label.message,
        );
        self
    }
}

const PROFILE_PATH: &str = "force-app/main/default/profiles/Admin.profile-meta.xml";
const PROFILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>
        <field>Contact.SSN__c</field>
        <readable>false</readable>
    </fieldPermissions>
    <fieldPermissions>
        <editable>false</editable>
        <field>Lead.Score__c</field>
        <readable>false</readable>
    </fieldPermissions>
</Profile>
"#;

const FLOW_PATH: &str = "force-app/main/default/flows/Lead_Sync.flow-meta.xml";
const FLOW: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>48.0</apiVersion>
    <recordLookups>
        <name>Get_Lead</name>
        <object>Lead</object>
        <queriedFields>Score__c</queriedFields>
    </recordLookups>
</Flow>
"#;

const PROFILE_ID: FileId = FileId(0);
const FLOW_ID: FileId = FileId(1);

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in text"))
        .0;
    Span::new(start, start + needle.len())
}

fn diag(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &str,
    help: &str,
    primary: Label,
    identity: &str,
) -> Diagnostic {
    Diagnostic {
        code: code.into(),
        name: name.into(),
        severity,
        message: message.to_string(),
        help: help.to_string(),
        primary,
        related: Vec::new(),
        identity: identity.to_string(),
        fixes: Vec::new(),
    }
}

fn sample_report() -> Report {
    let files = vec![
        Arc::new(SourceFile::virtual_file(PROFILE_PATH, PROFILE)),
        Arc::new(SourceFile::virtual_file(FLOW_PATH, FLOW)),
    ];
    let pm001 = diag(
        "PM001",
        "editable-without-readable",
        Severity::Error,
        "Contact.SSN__c is editable but not readable",
        "set <readable>true</readable> or <editable>false</editable>",
        Label::new(
            PROFILE_ID,
            find(PROFILE, "<editable>true</editable>", 0),
            "editable is true here",
        ),
        "Contact.SSN__c",
    )
    .with_related(Label::new(
        PROFILE_ID,
        find(PROFILE, "<readable>false</readable>", 0),
        "but readable is false here",
    ));
    let pm004 = diag(
        "PM004",
        "flow-reads-unreadable-field",
        Severity::Warning,
        "flow Lead_Sync reads Lead.Score__c, which this profile cannot read",
        "grant read access to Lead.Score__c, or run the flow in system context",
        // Empty label message: the text output falls back to the diagnostic message.
        Label::new(
            PROFILE_ID,
            find(PROFILE, "<readable>false</readable>", 1),
            "",
        ),
        "Lead.Score__c/Lead_Sync",
    )
    .with_related(Label::new(
        FLOW_ID,
        find(FLOW, "<queriedFields>Score__c</queriedFields>", 0),
        "Lead.Score__c is queried here",
    ));
    let fl001 = diag(
        "FL001",
        "old-api-version",
        Severity::Info,
        "flow uses API version 48.0",
        "raise apiVersion to a current release",
        Label::new(FLOW_ID, find(FLOW, "48.0", 0), "API version 48.0"),
        "Lead_Sync",
    );
    let mut report = Report {
        files,
        diagnostics: vec![pm004, fl001, pm001],
        linted_files: 2,
        linted_from: 0,
        suppressed: 1,
        notes: Vec::new(),
    };
    report.sort();
    report
}

fn render_to_string(report: &Report, format: Format) -> String {
    let mut out = Vec::new();
    let opts = RenderOptions {
        color: false,
        width: 100,
        ..RenderOptions::default()
    };
    render(report, format, &opts, &mut out).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}

#[test]
fn text_snapshot() {
    insta::assert_snapshot!(render_to_string(&sample_report(), Format::Text));
}

#[test]
fn concise_snapshot() {
    insta::assert_snapshot!(render_to_string(&sample_report(), Format::Concise));
}

#[test]
fn text_without_color_has_no_escapes_and_with_color_has_some() {
    let report = sample_report();
    let plain = render_to_string(&report, Format::Text);
    assert!(!plain.contains('\u{1b}'));
    let mut out = Vec::new();
    let opts = RenderOptions {
        color: true,
        width: 100,
        ..RenderOptions::default()
    };
    render(&report, Format::Text, &opts, &mut out).unwrap();
    assert!(String::from_utf8(out).unwrap().contains('\u{1b}'));
}

#[test]
fn text_wraps_to_width() {
    let report = sample_report();
    let mut out = Vec::new();
    let opts = RenderOptions {
        color: false,
        width: 40,
        ..RenderOptions::default()
    };
    render(&report, Format::Text, &opts, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    // Message and help are wrapped at 40 columns; code lines are never wrapped.
    assert!(text.contains("  ⚠ flow Lead_Sync reads\n  │ Lead.Score__c, which this profile\n"));
    assert!(text.contains("  help: grant read access to\n        Lead.Score__c,"));
    assert!(text.contains(" 7 │         <queriedFields>Score__c</queriedFields>\n"));
    // A width below the minimum still renders.
    let opts = RenderOptions {
        color: false,
        width: 0,
        ..RenderOptions::default()
    };
    render(&report, Format::Text, &opts, &mut Vec::new()).unwrap();
}

#[test]
fn concise_lines_use_one_based_code_point_positions() {
    let files = vec![Arc::new(SourceFile::virtual_file(
        "a.xml",
        "x\n\u{e9}\u{e9}<y/>\n",
    ))];
    let start = "x\n\u{e9}\u{e9}".len();
    let d = diag(
        "T001",
        "t",
        Severity::Warning,
        "multi\nline",
        "",
        Label::new(FileId(0), Span::new(start, start + 4), ""),
        "",
    );
    let report = Report {
        files,
        diagnostics: vec![d],
        linted_files: 1,
        linted_from: 0,
        suppressed: 0,
        notes: Vec::new(),
    };
    assert_eq!(
        render_to_string(&report, Format::Concise),
        "a.xml:2:3: T001 [warning] multi line\nFound 0 errors and 1 warning in 1 file.\n"
    );
    // The text header reports the same code-point column, not miette's byte column.
    let text = render_to_string(&report, Format::Text);
    assert!(text.contains("[a.xml:2:3]"), "{text}");
}

#[test]
fn json_round_trips_with_every_key() {
    let report = sample_report();
    let out = render_to_string(&report, Format::Json);
    assert!(out.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    // serde_json::Value sorts keys; read the document again keeping key order.
    let ordered: Ordered = serde_json::from_str(&out).expect("valid JSON");
    let keys = |path: &str| ordered.at(path).keys();
    assert_eq!(
        keys(""),
        ["schema", "version", "diagnostics", "notes", "summary"]
    );
    assert_eq!(v["schema"], "sflint/1");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));

    let diags = v["diagnostics"].as_array().expect("array");
    assert_eq!(diags.len(), 3);
    // Sorted by path: the flow file comes first.
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["FL001", "PM001", "PM004"]);

    let d = &diags[1];
    assert_eq!(
        keys("diagnostics/1"),
        [
            "code",
            "name",
            "severity",
            "message",
            "help",
            "path",
            "span",
            "start",
            "end",
            "related",
            "fingerprint",
            "fix"
        ]
    );
    assert!(d["fix"].is_null());
    assert_eq!(d["code"], "PM001");
    assert_eq!(d["name"], "editable-without-readable");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "Contact.SSN__c is editable but not readable");
    assert_eq!(
        d["help"],
        "set <readable>true</readable> or <editable>false</editable>"
    );
    assert_eq!(d["path"], PROFILE_PATH);
    let span = find(PROFILE, "<editable>true</editable>", 0);
    assert_eq!(keys("diagnostics/1/span"), ["start", "end"]);
    assert_eq!(d["span"]["start"], span.start);
    assert_eq!(d["span"]["end"], span.end);
    // `<editable>true</editable>` is on line 4, indented by 8 spaces.
    assert_eq!(keys("diagnostics/1/start"), ["line", "column"]);
    assert_eq!(d["start"]["line"], 4);
    assert_eq!(d["start"]["column"], 9);
    assert_eq!(d["end"]["line"], 4);
    assert_eq!(d["end"]["column"], 9 + "<editable>true</editable>".len());
    assert_eq!(
        d["fingerprint"],
        fingerprint("PM001", PROFILE_PATH, "Contact.SSN__c")
    );

    let related = d["related"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(
        keys("diagnostics/1/related/0"),
        ["path", "span", "start", "end", "message"]
    );
    assert_eq!(related[0]["path"], PROFILE_PATH);
    assert_eq!(related[0]["start"]["line"], 6);
    assert_eq!(related[0]["message"], "but readable is false here");

    // The cross-file related label carries the other file's path.
    let pm004 = &diags[2];
    let rel = &pm004["related"][0];
    assert_eq!(rel["path"], FLOW_PATH);
    assert_eq!(rel["start"]["line"], 7);
    assert_eq!(rel["start"]["column"], 9);
    assert_eq!(
        pm004["message"],
        "flow Lead_Sync reads Lead.Score__c, which this profile cannot read"
    );
    assert_eq!(
        pm004["fingerprint"],
        fingerprint("PM004", PROFILE_PATH, "Lead.Score__c/Lead_Sync")
    );
    assert_eq!(diags[0]["related"].as_array().unwrap().len(), 0);
    assert_eq!(diags[0]["severity"], "info");

    assert_eq!(
        keys("summary"),
        ["files", "errors", "warnings", "infos", "suppressed"]
    );
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["warnings"], 1);
    assert_eq!(v["summary"]["infos"], 1);
    assert_eq!(v["summary"]["suppressed"], 1);
}

/// A JSON value that keeps object keys in document order.
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Array(Vec<Ordered>),
    Scalar,
}

impl Ordered {
    /// The value at a `/`-separated path of keys and array indices ("" is the root).
    fn at(&self, path: &str) -> &Ordered {
        path.split('/')
            .filter(|p| !p.is_empty())
            .fold(self, |v, part| match v {
                Ordered::Object(fields) => &fields.iter().find(|(k, _)| k == part).expect(part).1,
                Ordered::Array(items) => &items[part.parse::<usize>().expect(part)],
                Ordered::Scalar => panic!("{part}: not a container"),
            })
    }

    fn keys(&self) -> Vec<&str> {
        match self {
            Ordered::Object(fields) => fields.iter().map(|(k, _)| k.as_str()).collect(),
            _ => panic!("not an object"),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Scalar)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ordered, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    fields.push(entry);
                }
                Ok(Ordered::Object(fields))
            }
        }
        d.deserialize_any(V)
    }
}

#[test]
fn json_columns_count_code_points() {
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
    let report = Report {
        files,
        diagnostics: vec![d],
        linted_files: 1,
        linted_from: 0,
        suppressed: 0,
        notes: Vec::new(),
    };
    let v: serde_json::Value =
        serde_json::from_str(&render_to_string(&report, Format::Json)).unwrap();
    assert_eq!(v["diagnostics"][0]["start"]["column"], 2);
    assert_eq!(v["diagnostics"][0]["end"]["column"], 6);
    assert_eq!(v["diagnostics"][0]["help"], "");
}

#[test]
fn empty_report_in_every_format() {
    let report = Report {
        linted_files: 3,
        linted_from: 0,
        ..Report::default()
    };
    assert_eq!(
        render_to_string(&report, Format::Text),
        "No problems found in 3 files.\n"
    );
    assert_eq!(
        render_to_string(&report, Format::Concise),
        "No problems found in 3 files.\n"
    );
    let v: serde_json::Value =
        serde_json::from_str(&render_to_string(&report, Format::Json)).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    assert_eq!(v["summary"]["files"], 3);
}

#[test]
fn text_survives_odd_spans() {
    // Out-of-range, inside a multi-byte character, zero-length at the end, empty file.
    let files = vec![
        Arc::new(SourceFile::virtual_file("a.xml", "\u{e9}\u{e9}\nx")),
        Arc::new(SourceFile::virtual_file("empty.xml", "")),
    ];
    let spans = [
        (FileId(0), Span::new(100, 200)),
        (FileId(0), Span::new(1, 3)),
        (FileId(0), Span::empty_at(6)),
        (FileId(0), Span::empty_at(0)),
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
        let text = render_to_string(&report, Format::Text);
        assert!(text.contains("T001"), "{span:?}: {text}");
        assert!(!text.contains("Failed to read"), "{span:?}: {text}");
        render_to_string(&report, Format::Concise);
        render_to_string(&report, Format::Json);
    }
}

#[test]
fn source_span_is_clamped_to_text_and_char_boundaries() {
    let text = "a\u{e9}b"; // bytes: a, 0xC3 0xA9, b
    let s = text::source_span(text, Span::new(2, 3));
    assert_eq!((s.offset(), s.len()), (1, 2));
    let s = text::source_span(text, Span::new(10, 20));
    assert_eq!((s.offset(), s.len()), (4, 0));
    let s = text::source_span(text, Span::new(0, 99));
    assert_eq!((s.offset(), s.len()), (0, 4));
    let s = text::source_span(text, Span::empty_at(1));
    assert_eq!((s.offset(), s.len()), (1, 0));
}

#[test]
fn footer_pluralisation() {
    let c = |errors, warnings, infos| Counts {
        errors,
        warnings,
        infos,
    };
    let cases = [
        (c(0, 0, 0), 3, 0, "No problems found in 3 files."),
        (c(0, 0, 0), 1, 0, "No problems found in 1 file."),
        (c(0, 0, 0), 0, 0, "No problems found in 0 files."),
        (
            c(0, 0, 0),
            3,
            2,
            "No problems found in 3 files. 2 suppressed.",
        ),
        (c(2, 1, 0), 3, 0, "Found 2 errors and 1 warning in 3 files."),
        (c(1, 0, 0), 1, 0, "Found 1 error and 0 warnings in 1 file."),
        (c(0, 2, 0), 1, 0, "Found 0 errors and 2 warnings in 1 file."),
        (
            c(1, 1, 1),
            2,
            0,
            "Found 1 error, 1 warning and 1 info in 2 files.",
        ),
        (
            c(0, 0, 2),
            1,
            1,
            "Found 0 errors, 0 warnings and 2 infos in 1 file. 1 suppressed.",
        ),
        (
            c(3, 2, 0),
            12,
            5,
            "Found 3 errors and 2 warnings in 12 files. 5 suppressed.",
        ),
    ];
    for (counts, files, suppressed, want) in cases {
        assert_eq!(footer_line(counts, files, suppressed), want, "{counts:?}");
    }
}

#[test]
fn footer_of_report_uses_its_counts() {
    assert_eq!(
        footer(&sample_report()),
        "Found 1 error, 1 warning and 1 info in 2 files. 1 suppressed."
    );
}
