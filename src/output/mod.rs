//! Emitters: turn a [`Report`] into text for people, one line per finding for tools
//! that parse `path:line:col`, or JSON.

mod concise;
mod json;
mod text;

use std::io::Write;

use crate::report::{Counts, Report};

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Code frames rendered by miette, then the footer.
    Text,
    /// `path:line:col: CODE [severity] message`, one line per diagnostic, then the footer.
    Concise,
    /// One JSON document (`"schema": "sflint/1"`).
    Json,
}

/// Settings for the human-oriented formats. JSON ignores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Emit ANSI colors (text format only).
    pub color: bool,
    /// Wrap text output to this many columns.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Write `report` to `out` in `format`.
pub fn render(
    report: &Report,
    format: Format,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Text => text::render(report, opts, out),
        Format::Concise => concise::render(report, out),
        Format::Json => json::render(report, out),
    }
}

/// The summary line printed last by the text and concise formats, without a newline:
/// `Found 2 errors and 1 warning in 3 files.`, `No problems found in 1 file. 4 suppressed.`
pub fn footer(report: &Report) -> String {
    footer_line(report.counts(), report.linted_files, report.suppressed)
}

/// [`footer`] from its parts.
pub fn footer_line(counts: Counts, files: usize, suppressed: usize) -> String {
    let files = plural(files, "file", "files");
    let mut line = if counts.errors + counts.warnings + counts.infos == 0 {
        format!("No problems found in {files}.")
    } else {
        let mut parts = vec![
            plural(counts.errors, "error", "errors"),
            plural(counts.warnings, "warning", "warnings"),
        ];
        if counts.infos > 0 {
            parts.push(plural(counts.infos, "info", "infos"));
        }
        format!("Found {} in {files}.", join_and(&parts))
    };
    if suppressed > 0 {
        line.push_str(&format!(" {suppressed} suppressed."));
    }
    line
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(parts: &[String]) -> String {
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests;
