//! A GitLab Code Quality report: one JSON array, one issue per diagnostic.
//!
//! `{"description":"CODE: message","check_name":CODE,"fingerprint":..,"severity":..,
//! "location":{"path":PATH,"lines":{"begin":LINE}}}`
//!
//! Severities: error → `critical`, warning → `major`, info → `info` (GitLab's scale is
//! info, minor, major, critical, blocker; `blocker` is left for nothing sflint reports).
//! The fingerprint is the JSON format's; GitLab merges issues with equal fingerprints, so
//! a second finding with the same code, path and identity gets one derived from the
//! first (stable, as long as the findings keep their order).

use std::collections::HashSet;
use std::io::Write;

use serde::Serialize;

use super::place;
use crate::diagnostic::{Severity, fingerprint};
use crate::report::Report;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub(super) fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut seen = HashSet::new();
    let issues: Vec<Issue<'_>> = report
        .diagnostics
        .iter()
        .map(|d| {
            let at = place(report, &d.primary);
            let key = &report.file(d.primary.file).key;
            let mut fp = report.fingerprint(d);
            let mut n = 1;
            while !seen.insert(fp.clone()) {
                n += 1;
                fp = fingerprint(&d.code, key, &format!("{}\u{0}#{n}", d.identity));
            }
            Issue {
                description: format!("{}: {}", d.code, d.message),
                check_name: &d.code,
                fingerprint: fp,
                severity: severity(d.severity),
                location: Location {
                    path: at.path,
                    lines: Lines {
                        begin: at.start.line,
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
