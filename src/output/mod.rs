//! Emitters: turn a [`Report`] into text for people, one line per finding for tools
//! that parse `path:line:col`, JSON, or the report formats CI systems read (SARIF,
//! GitHub Actions annotations, GitLab Code Quality, JUnit XML).

mod concise;
pub(crate) mod escape;
mod github;
mod gitlab;
mod json;
mod junit;
mod markdown;
mod sarif;
mod sarif_fixes;
mod text;
pub(crate) mod window;

use std::io::Write;

use crate::catalog::{Origin, Setup};
use crate::config::Settings;
use crate::diagnostic::{Label, Severity};
use crate::report::{Counts, Report};
use crate::rules::RuleMeta;
use crate::source::LineCol;

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Code frames rendered by miette, then the footer.
    Text,
    /// `path:line:col: CODE [severity] message`, one line per diagnostic, then the footer.
    Concise,
    /// One JSON document (`"schema": "sflint/1"`).
    Json,
    /// One SARIF 2.1.0 log (GitHub code scanning and other SARIF viewers). Lists every
    /// rule in [`RenderOptions::rules`]; no footer.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=..::message`), one line per
    /// diagnostic; no footer.
    Github,
    /// A GitLab Code Quality report: one JSON array; no footer.
    Gitlab,
    /// JUnit XML: one test suite per file with findings, one failing test case per
    /// finding; no footer.
    Junit,
    /// A Markdown summary for `$GITHUB_STEP_SUMMARY` and merge-request comments: the
    /// footer, counts per rule and a table of findings, under [`markdown::MAX_CHARS`]
    /// characters; text from metadata is escaped.
    Markdown,
}

/// Settings for the emitters. Each format reads only what it needs: `color` and
/// `width` the text format, `rules` the SARIF format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions<'a> {
    /// Emit ANSI colors (text format only).
    pub color: bool,
    /// Wrap text output to this many columns.
    pub width: usize,
    /// The rules this run checked (built-in rules, packs and policies), in the order the
    /// SARIF `tool.driver.rules` array lists them. See [`RuleDoc::enabled`].
    pub rules: &'a [RuleDoc],
    /// The lowest severity that fails the run (`--fail-on`): JUnit reports findings below
    /// it as passing test cases, so CI never shows red tests on a green gate.
    pub fail_on: Severity,
}

impl Default for RenderOptions<'_> {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
            rules: &[],
            fail_on: Severity::Error,
        }
    }
}

/// What a report format needs to know about one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDoc {
    pub code: String,
    /// kebab-case.
    pub name: String,
    /// One sentence.
    pub summary: String,
    /// The rule's page as Markdown; empty when there is none.
    pub help_markdown: String,
    /// The severity this run gives the rule's findings.
    pub severity: Severity,
    /// The rule family's label (`permission hygiene`), `rule pack` or `policy`.
    pub family: &'static str,
    /// The page's path in sflint's repository (`rules/editable-without-readable.md`); none
    /// for the project's own policies, which are documented in its policy files.
    pub page_path: Option<String>,
}

/// Where sflint's repository lives: rule pages are linked from there (SARIF `helpUri`).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

impl RuleDoc {
    /// The rule page's URL, when the rule has a page in sflint's repository.
    pub fn page_url(&self) -> Option<String> {
        let path = self.page_path.as_ref()?;
        (!REPOSITORY.is_empty()).then(|| format!("{REPOSITORY}/blob/main/{path}"))
    }
}

impl RuleDoc {
    /// A built-in rule, documented by its page, at the severity this run gives it.
    pub fn builtin(meta: &RuleMeta, severity: Severity) -> RuleDoc {
        RuleDoc {
            code: meta.code.to_string(),
            name: meta.name.to_string(),
            summary: meta.summary.to_string(),
            help_markdown: meta.page.to_string(),
            severity,
            family: meta.family.label(),
            page_path: Some(format!("rules/{}.md", meta.name)),
        }
    }

    /// Every rule `settings` enables, built-in rules first (in code order), then pack
    /// rules and the project's policies, each at its configured severity. A pack rule is
    /// documented by its pack's page; a policy by its message, help and definition.
    pub fn enabled(setup: &Setup) -> Vec<RuleDoc> {
        let settings = &setup.settings;
        setup
            .catalog()
            .entries()
            .filter(|e| settings.is_enabled(e.code))
            .map(|e| {
                let severity = settings.severity_of(e.code, e.severity);
                match e.origin {
                    Origin::Builtin(meta) => RuleDoc::builtin(meta, severity),
                    Origin::Pack(pack, p) => RuleDoc {
                        code: p.code.clone(),
                        name: p.name.clone(),
                        summary: p.summary.clone(),
                        help_markdown: pack.page.to_string(),
                        severity,
                        family: "rule pack",
                        page_path: Some(format!("rules/packs/{}.md", pack.name)),
                    },
                    Origin::Policy(p) => {
                        let file = setup.policy_file_name(p.origin);
                        RuleDoc {
                            code: p.code.clone(),
                            name: p.name.clone(),
                            summary: p.summary.clone(),
                            help_markdown: p.page(&file),
                            severity,
                            family: "policy",
                            page_path: None,
                        }
                    }
                }
            })
            .collect()
    }

    /// Every built-in rule `settings` enables, in code order, at its configured severity.
    pub fn enabled_builtins(settings: &Settings) -> Vec<RuleDoc> {
        crate::catalog::RULES
            .iter()
            .map(|r| r.meta())
            .filter(|m| settings.is_enabled(m.code))
            .map(|m| RuleDoc::builtin(m, settings.severity_of(m.code, m.severity)))
            .collect()
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
        Format::Concise => concise::render(report, opts.color, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, opts.rules, out),
        Format::Github => github::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Junit => junit::render(report, opts.fail_on, out),
        Format::Markdown => markdown::render(report, opts.rules, out),
    }
}

/// Where a label points: the file's display path and the 1-based start and end
/// (the end is exclusive: the position just after the span).
struct Place<'a> {
    path: &'a str,
    start: LineCol,
    end: LineCol,
}

fn place<'a>(report: &'a Report, label: &Label) -> Place<'a> {
    let file = report.file(label.file);
    Place {
        path: &file.display,
        start: file.line_col(label.span.start),
        end: file.line_col(label.span.end),
    }
}

/// The run notes and the summary line, as the text and concise formats end:
///
/// ```text
/// note: 12 metadata files outside the package directories were not linted: ... [files-left-out]
///   help: name them to lint them ...
/// Found 2 errors and 1 warning in 3 files.
/// ```
pub fn write_ending(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    write_notes(report, out)?;
    writeln!(out, "{}", footer(report))?;
    if let Some(line) = fixable_line(report) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Does `--fix` repair this finding (its fix is safe)? Text and concise mark it `[*]`.
pub fn safe_fixable(d: &crate::diagnostic::Diagnostic) -> bool {
    d.chosen_fix()
        .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
}

/// `[*] 3 fixable with the --fix option (2 more with --unsafe-fixes).`, when any is.
pub fn fixable_line(report: &Report) -> Option<String> {
    let safe = report
        .diagnostics
        .iter()
        .filter(|d| safe_fixable(d))
        .count();
    let unsafe_only = report
        .diagnostics
        .iter()
        .filter(|d| !safe_fixable(d) && d.chosen_fix().is_some())
        .count();
    match (safe, unsafe_only) {
        (0, 0) => None,
        (0, u) => Some(format!(
            "{} fixable with --fix --unsafe-fixes.",
            plural(u, "finding is", "findings are")
        )),
        (s, 0) => Some(format!("[*] {s} fixable with the --fix option.")),
        (s, u) => Some(format!(
            "[*] {s} fixable with the --fix option ({u} more with --unsafe-fixes)."
        )),
    }
}

/// Each run note as `note: MESSAGE [KIND]`, then `  help: HELP`.
fn write_notes(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for note in &report.notes {
        writeln!(
            out,
            "note: {} [{}]",
            escape::visible(&note.message),
            note.kind
        )?;
        if !note.help.is_empty() {
            writeln!(out, "  help: {}", escape::visible(&note.help))?;
        }
    }
    Ok(())
}

/// Findings per rule code, most frequent first (then by code): `(code, severity, count)`.
pub fn rule_counts(report: &Report) -> Vec<(&str, Severity, usize)> {
    let mut counts: std::collections::BTreeMap<(&str, Severity), usize> = Default::default();
    for d in &report.diagnostics {
        *counts.entry((&*d.code, d.severity)).or_insert(0) += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().map(|((c, s), n)| (c, s, n)).collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    rows
}

/// The rule's name (`editable-without-readable`), when `rules` documents it.
fn rule_name<'a>(rules: &'a [RuleDoc], code: &str) -> &'a str {
    rules
        .iter()
        .find(|r| r.code == code)
        .map_or("", |r| r.name.as_str())
}

/// `--statistics`: one line per rule code with its count, severity and name, as ruff
/// prints them, then the footer:
///
/// ```text
///     3  PM001  error    editable-without-readable
/// Found 3 errors in 2 files.
/// ```
pub fn write_statistics(
    report: &Report,
    rules: &[RuleDoc],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rows = rule_counts(report);
    let count_w = rows
        .iter()
        .map(|r| r.2.to_string().len())
        .max()
        .unwrap_or(1);
    let code_w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    for (code, severity, n) in rows {
        let code = escape::visible(code);
        let line = format!(
            "{n:>count_w$}  {code:<code_w$}  {:<7}  {}",
            severity.as_str(),
            escape::visible(rule_name(rules, &code))
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "{}", footer(report))
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
mod notes_tests;
#[cfg(test)]
mod tests;
