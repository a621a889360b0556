//! A Markdown summary for `$GITHUB_STEP_SUMMARY` and merge-request comments:
//!
//! ```markdown
//! ## sflint
//!
//! Found 2 errors in 1 file.
//!
//! | Rule | Severity | Findings |
//! ...
//! | Severity | Rule | Location | Message |
//! ...
//! … 1,234 more findings not shown (the summary is kept under 65,536 characters).
//! ```
//!
//! GitHub refuses comments longer than 65,536 characters, so the findings table stops
//! before the report reaches [`MAX_CHARS`], with a line saying how many were left out.
//! Text from metadata (messages, file names, rule names) is escaped: Markdown syntax is
//! backslash-escaped, HTML characters become entities, `@` cannot mention anyone, and
//! control characters and line breaks are shown as visible escapes.

use std::fmt::Write as _;
use std::io::Write;

use super::{RuleDoc, escape, footer, plural, rule_counts, rule_name};
use crate::report::Report;

/// The most characters the summary has (GitHub's limit for a comment).
pub const MAX_CHARS: usize = 65_536;
/// Room kept for the line that says how many findings were left out.
const TAIL_ROOM: usize = 200;
/// The most characters of a message shown in one cell.
const MAX_CELL: usize = 1_000;

/// `text` as Markdown that shows it literally, in a table cell.
pub fn escape_markdown(text: &str) -> String {
    let text = escape::one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().enumerate() {
        if i == MAX_CELL {
            out.push('…');
            break;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // A zero-width space after `@` keeps `@team` from mentioning anyone.
            '@' => out.push_str("@\u{200b}"),
            // Markdown syntax; `:` so that no URL becomes a link, `$` so that no math.
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' | '$' | ':' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

pub(super) fn render(
    report: &Report,
    rules: &[RuleDoc],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    out.write_all(summary(report, rules).as_bytes())
}

/// The whole summary; never longer than [`MAX_CHARS`] characters (nor bytes).
pub fn summary(report: &Report, rules: &[RuleDoc]) -> String {
    let mut s = String::from("## sflint\n\n");
    let _ = writeln!(s, "{}\n", footer(report));
    for note in &report.notes {
        let _ = writeln!(
            s,
            "> **note:** {} \\[{}\\]",
            escape_markdown(&note.message),
            note.kind
        );
        if !note.help.is_empty() {
            let _ = writeln!(s, "> help: {}", escape_markdown(&note.help));
        }
        s.push('\n');
    }
    let counts = rule_counts(report);
    if !counts.is_empty() {
        s.push_str("| Rule | Severity | Findings |\n|---|---|---:|\n");
        for (code, severity, n) in &counts {
            let name = rule_name(rules, code);
            let rule = if name.is_empty() {
                escape_markdown(code)
            } else {
                format!("{} {}", escape_markdown(code), escape_markdown(name))
            };
            let _ = writeln!(s, "| {rule} | {severity} | {n} |");
        }
        s.push('\n');
        s.push_str("| Severity | Rule | Location | Message |\n|---|---|---|---|\n");
    }
    let budget = MAX_CHARS - TAIL_ROOM;
    // Counted in bytes, which are never fewer than characters: the summary stays under
    // the limit however its reader counts.
    let mut used = s.len();
    if used > budget {
        // Only with thousands of notes or rules: cut at a line, keep the limit.
        let mut end = budget;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(s[..end].rfind('\n').map_or(0, |i| i + 1));
        used = s.len();
    }
    let mut shown = 0;
    for d in &report.diagnostics {
        let file = report.file(d.primary.file);
        let at = file.line_col(d.primary.span.start);
        let row = format!(
            "| {} | {} | {}:{}:{} | {} |\n",
            d.severity,
            escape_markdown(&d.code),
            escape_markdown(&file.display),
            at.line,
            at.column,
            escape_markdown(&d.message),
        );
        let n = row.len();
        if used + n > budget {
            break;
        }
        s.push_str(&row);
        used += n;
        shown += 1;
    }
    let left = report.diagnostics.len() - shown;
    if left > 0 {
        let _ = writeln!(
            s,
            "\n… {} not shown (the summary is kept under {MAX_CHARS} characters; \
             `sflint check --format concise` lists them all).",
            plural(left, "more finding", "more findings")
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_cannot_inject_markdown_or_html() {
        let e = escape_markdown("<img src=x onerror=alert(1)> | **b** @team\n[l](u)");
        assert!(!e.contains('<') && !e.contains('\n'), "{e}");
        assert!(e.contains("\\|") && e.contains("\\*\\*") && e.contains("@\u{200b}team"));
        assert!(e.contains("\\[l\\]\\(u\\)"), "{e}");
    }
}
