//! JUnit XML, valid against the Jenkins/Surefire `junit-10.xsd`: one `<testsuite>` per
//! file with findings (named by its path, in report order), one `<testcase>` per finding.
//! A finding at or above `--fail-on` is a failure; one below it is a passing test case
//! whose details go to `<system-out>`, so CI never shows red tests on a green gate:
//!
//! ```xml
//! <testsuite name="PATH" tests="2" failures="1" errors="0">
//!   <testcase name="CODE IDENTITY" classname="sflint.CODE">
//!     <failure message="MESSAGE" type="CODE">PATH:LINE:COL: CODE [severity] MESSAGE
//! help: HELP
//! PATH:LINE:COL: related: LABEL</failure>
//!   </testcase>
//!   <testcase name="CODE IDENTITY" classname="sflint.CODE">
//!     <system-out>PATH:LINE:COL: CODE [info] MESSAGE ...</system-out>
//!   </testcase>
//! </testsuite>
//! ```
//!
//! Test case names are stable across runs: the rule code and what the finding is about
//! (its identity, as in fingerprints), never a line or column; a repeat within one file
//! gets ` #2`, ` #3`. A report without findings is one passing test case, so CI shows a
//! green run rather than an empty one. Text and attributes are escaped; characters
//! XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF) are replaced with U+FFFD.

use std::fmt::Write as _;
use std::io::Write;

use super::{Place, place};
use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Report;

/// Is `c` a character XML 1.0 allows in a document?
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escape `text` for an attribute value in double quotes. Tabs and line breaks become
/// character references, which survive attribute-value normalisation.
pub(super) fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escape `text` for element content. CR becomes a character reference, which
/// survives line-end normalisation.
pub(super) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The failure body: the finding as a concise line, its help, its related locations.
fn details(report: &Report, d: &Diagnostic) -> String {
    let Place { path, start, .. } = place(report, &d.primary);
    let mut body = format!(
        "{path}:{}:{}: {} [{}] {}",
        start.line, start.column, d.code, d.severity, d.message
    );
    if !d.help.is_empty() {
        let _ = write!(body, "\nhelp: {}", d.help);
    }
    for label in &d.related {
        let at = place(report, label);
        let _ = write!(
            body,
            "\n{}:{}:{}: related",
            at.path, at.start.line, at.start.column
        );
        if !label.message.is_empty() {
            let _ = write!(body, ": {}", label.message);
        }
    }
    body
}

/// A test case name: code and identity (or, without one, the message), never a position.
fn case_name(d: &Diagnostic, seen: &mut HashMap<String, usize>) -> String {
    let what = if d.identity.is_empty() {
        d.message.as_str()
    } else {
        d.identity.as_str()
    };
    let base = format!("{} {what}", d.code);
    let n = seen.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base} #{n}")
    }
}

pub(super) fn render(
    report: &Report,
    fail_on: Severity,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // Group by primary path, keeping the report's order of first appearance.
    let mut suites: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
    for d in &report.diagnostics {
        let path = report.file(d.primary.file).display.as_str();
        match suites.iter_mut().find(|(p, _)| *p == path) {
            Some((_, ds)) => ds.push(d),
            None => suites.push((path, vec![d])),
        }
    }
    let total = report.diagnostics.len();
    let failing = |d: &&&Diagnostic| d.severity >= fail_on;
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    if total == 0 {
        writeln!(
            out,
            r#"<testsuites name="sflint" tests="1" failures="0" errors="0">"#
        )?;
        writeln!(
            out,
            r#"  <testsuite name="sflint" tests="1" failures="0" errors="0">"#
        )?;
        writeln!(out, r#"    <testcase name="sflint" classname="sflint"/>"#)?;
        writeln!(out, "  </testsuite>")?;
        return writeln!(out, "</testsuites>");
    }
    let failures: usize = suites
        .iter()
        .map(|(_, ds)| ds.iter().filter(failing).count())
        .sum();
    writeln!(
        out,
        r#"<testsuites name="sflint" tests="{total}" failures="{failures}" errors="0">"#
    )?;
    for (path, ds) in &suites {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0">"#,
            escape_attr(path),
            ds.len(),
            ds.iter().filter(failing).count()
        )?;
        let mut seen = HashMap::new();
        for d in ds {
            writeln!(
                out,
                r#"    <testcase name="{}" classname="sflint.{}">"#,
                escape_attr(&case_name(d, &mut seen)),
                escape_attr(&d.code)
            )?;
            if d.severity >= fail_on {
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    escape_attr(&d.message),
                    escape_attr(&d.code),
                    escape_text(&details(report, d))
                )?;
            } else {
                writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    escape_text(&details(report, d))
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
