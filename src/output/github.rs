//! GitHub Actions workflow commands, one line per diagnostic and nothing else:
//!
//! `::error file=PATH,line=L,endLine=EL,col=C,endColumn=EC,title=sflint CODE::MESSAGE`
//!
//! `::warning` for warnings, `::notice` for infos. `col` and `endColumn` (the column
//! just after the span, as in the other formats) appear only when the span starts and
//! ends on one line. The message is followed by a line break and `help: <help>` when the
//! finding has help; line breaks in the data are escaped, so each command stays one line.
//!
//! Run notes follow as `::notice title=sflint KIND::MESSAGE` with their help, without a
//! file.

use std::io::Write;

use super::escape::{is_unsafe, push_escaped};
use super::{Place, place};
use crate::diagnostic::Severity;
use crate::report::Report;

pub(super) fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escape the message part of a command: `%`, CR and LF as the runner decodes them; any
/// other control character (ESC, BEL, bidi overrides…) as a visible escape, so that data
/// from metadata can't drive the log viewer.
pub(super) fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_unsafe(c) => push_escaped(&mut out, c),
            _ => out.push(c),
        }
    }
    out
}

/// Escape a property value: what [`escape_data`] escapes, and `:` and `,`.
pub(super) fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c if is_unsafe(c) => push_escaped(&mut out, c),
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let Place { path, start, end } = place(report, &d.primary);
        let mut props = format!(
            "file={},line={},endLine={}",
            escape_property(path),
            start.line,
            end.line
        );
        if start.line == end.line {
            props.push_str(&format!(",col={},endColumn={}", start.column, end.column));
        }
        props.push_str(&format!(
            ",title={}",
            escape_property(&format!("sflint {}", d.code))
        ));
        let mut message = d.message.clone();
        if !d.help.is_empty() {
            message.push_str("\nhelp: ");
            message.push_str(&d.help);
        }
        writeln!(
            out,
            "::{} {props}::{}",
            command(d.severity),
            escape_data(&message)
        )?;
    }
    for note in &report.notes {
        writeln!(
            out,
            "::notice title={}::{}",
            escape_property(&format!("sflint {}", note.kind)),
            escape_data(&format!("{}\nhelp: {}", note.message, note.help))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_visible_and_commands_stay_one_line() {
        let raw = "a\u{1b}[31mred\u{7}\r\n::error::x 100% \u{202e}";
        for escaped in [escape_data(raw), escape_property(raw)] {
            assert!(
                !escaped.chars().any(|c| c.is_control() || c == '\u{202e}'),
                "{escaped:?}"
            );
            assert!(
                escaped.contains("%0D%0A") && escaped.contains("100%25"),
                "{escaped}"
            );
        }
        assert!(escape_property("a:b,c").contains("a%3Ab%2Cc"));
    }
}
