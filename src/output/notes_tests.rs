//! Run notes in every format.

use super::{Format, RenderOptions, render};
use crate::report::{Note, Report};

fn noted() -> Report {
    Report {
        linted_files: 2,
        notes: vec![Note {
            kind: "files-left-out",
            message:
                "3 metadata files outside the package directories were not linted: unpackaged (3)"
                    .into(),
            help: "name them to lint them (`sflint check unpackaged`)".into(),
        }],
        ..Report::default()
    }
}

fn rendered(format: Format) -> String {
    let mut out = Vec::new();
    render(&noted(), format, &RenderOptions::default(), &mut out).expect("render");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn text_and_concise_print_notes_before_the_footer() {
    let want = "note: 3 metadata files outside the package directories were not linted: unpackaged (3) [files-left-out]\n  help: name them to lint them (`sflint check unpackaged`)\nNo problems found in 2 files.\n";
    assert_eq!(rendered(Format::Text), want);
    assert_eq!(rendered(Format::Concise), want);
}

#[test]
fn json_has_a_notes_array() {
    let v: serde_json::Value = serde_json::from_str(&rendered(Format::Json)).unwrap();
    assert_eq!(v["notes"][0]["kind"], "files-left-out");
    assert!(
        v["notes"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("3 metadata")
    );
    assert!(
        v["notes"][0]["help"]
            .as_str()
            .unwrap()
            .contains("sflint check")
    );
    let empty = Report::default();
    let mut out = Vec::new();
    render(&empty, Format::Json, &RenderOptions::default(), &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["notes"], serde_json::json!([]));
}

#[test]
fn sarif_reports_notes_as_tool_execution_notifications() {
    let v: serde_json::Value = serde_json::from_str(&rendered(Format::Sarif)).unwrap();
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], true);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "note");
    assert_eq!(n["descriptor"]["id"], "files-left-out");
    let text = n["message"]["text"].as_str().unwrap();
    assert!(
        text.contains("unpackaged (3).") && text.contains("sflint check"),
        "{text}"
    );
}

#[test]
fn github_prints_a_notice_and_junit_a_system_out() {
    let gh = rendered(Format::Github);
    assert!(
        gh.starts_with("::notice title=sflint files-left-out::3 metadata files"),
        "{gh}"
    );
    assert!(gh.contains("%0Ahelp: name them"), "{gh}");
    assert_eq!(gh.lines().count(), 1);
    let junit = rendered(Format::Junit);
    assert!(
        junit.contains("<system-out>note: 3 metadata files") && junit.contains("  help: name"),
        "{junit}"
    );
    // GitLab Code Quality has no place for run notes.
    assert_eq!(rendered(Format::Gitlab).trim(), "[]");
}
