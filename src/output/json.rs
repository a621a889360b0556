//! One JSON document:
//! `{"schema":"sflint/1","version":..,"diagnostics":[..],"notes":[..],"summary":{..}}`.

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::Label;
use crate::report::Report;
use crate::source::{LineCol, SourceFile, Span};

pub(super) const SCHEMA: &str = "sflint/1";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    version: &'static str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Run notes: `files-left-out`, `integration-candidates`, ...
    notes: Vec<JsonNote<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    kind: &'a str,
    message: &'a str,
    help: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    path: &'a str,
    span: JsonSpan,
    start: Position,
    end: Position,
    related: Vec<Related<'a>>,
    fingerprint: String,
    /// The fix `--fix` applies (with `--unsafe-fixes` when unsafe), or null.
    fix: Option<JsonFix<'a>>,
    /// Several repairs, none preferred (PM001): an editor offers them; `--fix` applies none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    message: &'a str,
    /// The file the edits apply to.
    path: &'a str,
    /// Byte ranges of the file as linted, with their replacement.
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: u32,
    end: u32,
    content: &'a str,
}

fn json_fix<'a>(report: &'a Report, fix: &'a crate::diagnostic::Fix) -> JsonFix<'a> {
    JsonFix {
        applicability: fix.applicability.as_str(),
        message: &fix.message,
        path: &report.file(fix.file).display,
        edits: fix
            .edits
            .iter()
            .map(|e| JsonEdit {
                start: e.span.start,
                end: e.span.end,
                content: &e.content,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Related<'a> {
    path: &'a str,
    span: JsonSpan,
    start: Position,
    end: Position,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSpan {
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

impl From<LineCol> for Position {
    fn from(lc: LineCol) -> Self {
        Position {
            line: lc.line,
            column: lc.column,
        }
    }
}

/// Path, span and 1-based start/end of a label.
struct Located<'a> {
    path: &'a str,
    span: JsonSpan,
    start: Position,
    end: Position,
}

fn locate<'a>(report: &'a Report, label: &Label) -> Located<'a> {
    let file: &SourceFile = report.file(label.file);
    let Span { start, end } = label.span;
    Located {
        path: &file.display,
        span: JsonSpan { start, end },
        start: file.line_col(start).into(),
        end: file.line_col(end).into(),
    }
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            let primary = locate(report, &d.primary);
            let related = d
                .related
                .iter()
                .map(|label| {
                    let at = locate(report, label);
                    Related {
                        path: at.path,
                        span: at.span,
                        start: at.start,
                        end: at.end,
                        message: &label.message,
                    }
                })
                .collect();
            JsonDiagnostic {
                code: &d.code,
                name: &d.name,
                severity: d.severity.as_str(),
                message: &d.message,
                help: &d.help,
                fingerprint: report.fingerprint(d),
                path: primary.path,
                span: primary.span,
                start: primary.start,
                end: primary.end,
                related,
                fix: d.chosen_fix().map(|f| json_fix(report, f)),
                alternatives: if d.chosen_fix().is_none() && d.fixes.len() > 1 {
                    d.fixes.iter().map(|f| json_fix(report, f)).collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let counts = report.counts();
    let doc = Document {
        schema: SCHEMA,
        version: env!("CARGO_PKG_VERSION"),
        diagnostics,
        notes: report
            .notes
            .iter()
            .map(|n| JsonNote {
                kind: n.kind,
                message: &n.message,
                help: &n.help,
            })
            .collect(),
        summary: Summary {
            files: report.linted_files,
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            suppressed: report.suppressed,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
