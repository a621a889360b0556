//! Fixes in every format: `[*]` and the fixable line in text and concise, the `fix`
//! object in JSON, `fixes` in SARIF.

use std::borrow::Cow;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Edit, FileId, Fix, Label, Severity};
use crate::output::{Format, RenderOptions, render};
use crate::report::Report;
use crate::source::{SourceFile, Span};

const TEXT: &str = "<a>\n    <b>True</b>\n    <c/>\n</a>\n";

fn finding(code: &'static str, at: Span, fixes: Vec<Fix>) -> Diagnostic {
    let mut d = Diagnostic::new(
        Cow::Borrowed(code),
        Cow::Borrowed("x"),
        Severity::Error,
        Label::new(FileId(0), at, ""),
        "message",
    );
    d.fixes = fixes;
    d
}

fn report() -> Report {
    let b = TEXT.find("True").unwrap();
    let c = TEXT.find("    <c/>").unwrap();
    let safe = Fix::safe(
        "write `true`",
        FileId(0),
        vec![Edit::replace(Span::new(b, b + 4), "true")],
    );
    let removal = Fix::unsafe_(
        "remove <c>",
        FileId(0),
        vec![Edit::delete(Span::new(c, c + 9))],
    );
    let one = Fix::unsafe_("one", FileId(0), vec![Edit::insert(0, "x")]);
    let other = Fix::unsafe_("other", FileId(0), vec![Edit::insert(0, "y")]);
    Report {
        files: vec![Arc::new(SourceFile::virtual_file("p/a.xml", TEXT))],
        diagnostics: vec![
            finding("SF003", Span::new(b, b + 4), vec![safe]),
            finding("PM004", Span::new(c + 4, c + 8), vec![removal]),
            finding("PM001", Span::new(0, 3), vec![one, other]),
        ],
        linted_files: 1,
        ..Report::default()
    }
}

fn rendered(format: Format) -> String {
    let mut out = Vec::new();
    let opts = RenderOptions {
        width: 100,
        ..RenderOptions::default()
    };
    render(&report(), format, &opts, &mut out).expect("render");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn text_and_concise_mark_safe_fixes_and_count_them() {
    let concise = rendered(Format::Concise);
    assert!(
        concise.contains("p/a.xml:2:8: SF003 [*] [error]"),
        "{concise}"
    );
    assert!(concise.contains("p/a.xml:3:5: PM004 [error]"), "{concise}");
    assert!(
        concise.ends_with("[*] 1 fixable with the --fix option (1 more with --unsafe-fixes).\n"),
        "{concise}"
    );
    let text = rendered(Format::Text);
    assert!(text.contains("SF003 [*]"), "{text}");
    assert!(!text.contains("PM004 [*]"), "{text}");
}

#[test]
fn json_carries_the_fix_and_alternatives() {
    let v: serde_json::Value = serde_json::from_str(&rendered(Format::Json)).unwrap();
    let d = &v["diagnostics"];
    let by_code = |code: &str| {
        d.as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == code)
            .unwrap()
            .clone()
    };
    let sf = by_code("SF003");
    let b = TEXT.find("True").unwrap();
    assert_eq!(
        sf["fix"],
        serde_json::json!({
            "applicability": "safe",
            "message": "write `true`",
            "path": "p/a.xml",
            "edits": [{"start": b, "end": b + 4, "content": "true"}]
        })
    );
    assert!(sf.get("alternatives").is_none());
    assert_eq!(by_code("PM004")["fix"]["applicability"], "unsafe");
    let pm001 = by_code("PM001");
    assert!(pm001["fix"].is_null());
    assert_eq!(pm001["alternatives"].as_array().unwrap().len(), 2);
}

#[test]
fn sarif_results_carry_fixes_with_byte_regions() {
    let v: serde_json::Value = serde_json::from_str(&rendered(Format::Sarif)).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let sf = results.iter().find(|r| r["ruleId"] == "SF003").unwrap();
    let b = TEXT.find("True").unwrap();
    assert_eq!(
        sf["fixes"],
        serde_json::json!([{
            "description": {"text": "write `true`."},
            "artifactChanges": [{
                "artifactLocation": {"uri": "p/a.xml"},
                "replacements": [{
                    "deletedRegion": {"byteOffset": b, "byteLength": 4},
                    "insertedContent": {"text": "true"}
                }]
            }],
            "properties": {"applicability": "safe"}
        }])
    );
    let pm001 = results.iter().find(|r| r["ruleId"] == "PM001").unwrap();
    assert_eq!(pm001["fixes"].as_array().unwrap().len(), 2);
}
