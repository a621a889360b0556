//! `path:line:col: CODE [severity] message`, one line per diagnostic, then the footer.
//! With colour (`--color always`, or a terminal), the path is bold and the severity
//! coloured as in the text format.

use std::io::Write;

use super::escape::{one_line, visible};
use crate::diagnostic::Severity;
use crate::report::Report;

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[31m",
        Severity::Warning => "\x1b[33m",
        Severity::Info => "\x1b[36m",
    }
}

pub(super) fn render(report: &Report, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let file = report.file(d.primary.file);
        let at = file.line_col(d.primary.span.start);
        // A message's line breaks become spaces, and control characters from metadata are
        // shown escaped, so each diagnostic stays one line and nothing reaches the terminal.
        let mark = if super::safe_fixable(d) { " [*]" } else { "" };
        let (path, code, message) = (
            visible(&file.display),
            format!("{}{mark}", visible(&d.code)),
            one_line(&d.message),
        );
        if color {
            let sev = severity_color(d.severity);
            writeln!(
                out,
                "{BOLD}{path}{RESET}:{}:{}: {sev}{BOLD}{code}{RESET} {sev}[{}]{RESET} {message}",
                at.line, at.column, d.severity,
            )?;
        } else {
            writeln!(
                out,
                "{path}:{}:{}: {code} [{}] {message}",
                at.line, at.column, d.severity,
            )?;
        }
    }
    super::write_ending(report, out)
}
