//! `path:line:col: CODE [severity] message`, one line per diagnostic, then the footer.

use std::io::Write;

use crate::report::Report;

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let file = report.file(d.primary.file);
        let at = file.line_col(d.primary.span.start);
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            file.display,
            at.line,
            at.column,
            d.code,
            d.severity,
            one_line(&d.message)
        )?;
    }
    super::write_ending(report, out)
}

/// Keep one diagnostic on one line even if its message has line breaks.
fn one_line(message: &str) -> std::borrow::Cow<'_, str> {
    if message.contains(['\n', '\r']) {
        message
            .split(['\n', '\r'])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    } else {
        message.into()
    }
}
