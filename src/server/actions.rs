//! What the server answers about findings: their places in an open file, code actions
//! (the findings' fixes, a suppression comment, all safe fixes of the file) and hovers.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, Position, Range, TextEdit, Url, WorkspaceEdit,
};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label};
use crate::fix::FixPolicy;
use crate::report::Report;
use crate::source::Span;

use super::convert::{Converter, LineIndex, url_of};

/// The kind of the "fix all safe problems" source action.
pub const FIX_ALL: &str = "source.fixAll.sflint";

/// The findings shown in the file at `path`: each at its primary label when it is in the
/// file, else at its first related label in the file.
pub fn places<'r>(report: &'r Report, path: &Path) -> Vec<(&'r Diagnostic, &'r Label)> {
    let in_file = |l: &Label| {
        report
            .files
            .get(l.file.0 as usize)
            .is_some_and(|f| f.path == path)
    };
    report
        .diagnostics
        .iter()
        .filter_map(|d| {
            if in_file(&d.primary) {
                return Some((d, &d.primary));
            }
            d.related.iter().find(|l| in_file(l)).map(|l| (d, l))
        })
        .collect()
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The edits of a fix as text edits, against the text the report holds for its file.
fn text_edits(cv: &mut Converter<'_>, fix: &Fix, edits: &[Edit]) -> Option<(Url, Vec<TextEdit>)> {
    let file = cv.report.files.get(fix.file.0 as usize)?;
    let url = url_of(&file.path)?;
    let edits = edits
        .iter()
        .map(|e| TextEdit::new(cv.range(fix.file, e.span), e.content.clone()))
        .collect();
    Some((url, edits))
}

fn action(title: String, kind: CodeActionKind, url: Url, edits: Vec<TextEdit>) -> CodeAction {
    CodeAction {
        title,
        kind: Some(kind),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(url, edits)])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The code actions for `range` of the file at `path`: each finding's fixes (safe ones
/// preferred), a suppression comment for each finding in an XML file, and, when asked
/// for (or nothing was asked for), all safe fixes of the file.
pub fn code_actions(
    cv: &mut Converter<'_>,
    path: &Path,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|o| {
            o.iter().any(|k| {
                kind.as_str() == k.as_str()
                    || kind.as_str().starts_with(&format!("{}.", k.as_str()))
            })
        })
    };
    let report = cv.report;
    let mut out = Vec::new();
    for (d, at) in places(report, path) {
        let shown = cv.diagnostic(d, at);
        if !overlaps(shown.range, range) {
            continue;
        }
        if wants(&CodeActionKind::QUICKFIX) {
            for fix in &d.fixes {
                let Some((url, edits)) = text_edits(cv, fix, &fix.edits) else {
                    continue;
                };
                let mut a = action(
                    format!("{} ({})", capitalized(&fix.message), d.code),
                    CodeActionKind::QUICKFIX,
                    url,
                    edits,
                );
                let chosen = d.chosen_fix().is_some_and(|c| std::ptr::eq(c, fix));
                a.is_preferred = Some(fix.applicability == Applicability::Safe && chosen);
                a.diagnostics = Some(vec![shown.clone()]);
                out.push(CodeActionOrCommand::CodeAction(a));
            }
            if let Some(mut a) = suppression(cv, d) {
                a.diagnostics = Some(vec![shown.clone()]);
                out.push(CodeActionOrCommand::CodeAction(a));
            }
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    if wants(&fix_all)
        && let Some(a) = fix_all_action(cv, path)
    {
        out.push(CodeActionOrCommand::CodeAction(a));
    }
    out
}

/// "Suppress CODE on this line": an `sflint-ignore` comment on a line of its own before
/// the line of the finding, indented like it (the comment covers the next element). Only
/// in XML files: JSON has no comments.
fn suppression(cv: &mut Converter<'_>, d: &Diagnostic) -> Option<CodeAction> {
    let file = cv.report.files.get(d.primary.file.0 as usize)?;
    let kind = crate::salesforce::kind::classify(&file.path)?;
    if kind.is_json() {
        return None;
    }
    let text = &file.text;
    let at = (d.primary.span.start as usize).min(text.len());
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    // Before the XML declaration, a comment would break the file.
    if line.trim_start().starts_with("<?") {
        return None;
    }
    let indent: String = line
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let comment = format!("{indent}<!-- sflint-ignore {}: reason -->\n", d.code);
    let fix = Fix::safe("", d.primary.file, Vec::new());
    let (url, edits) = text_edits(cv, &fix, &[Edit::insert(line_start, comment)])?;
    Some(action(
        format!("Suppress {} on this line", d.code),
        CodeActionKind::QUICKFIX,
        url,
        edits,
    ))
}

/// Every safe fix of the file, applied as `--fix` would in one pass.
fn fix_all_action(cv: &mut Converter<'_>, path: &Path) -> Option<CodeAction> {
    let report = cv.report;
    let id = report.files.iter().position(|f| f.path == path)?;
    let file = &report.files[id];
    let policy = FixPolicy::default();
    let fixes: Vec<&Fix> = report
        .diagnostics
        .iter()
        .filter_map(|d| policy.applied(d))
        .filter(|f| f.file.0 as usize == id)
        .collect();
    if fixes.is_empty() {
        return None;
    }
    let applied = crate::fix::apply::apply(&file.text, &fixes);
    let any = fixes[0];
    let (url, edits) = text_edits(cv, any, &applied.edits)?;
    Some(action(
        "Fix all safe problems in file (sflint)".to_string(),
        CodeActionKind::from(FIX_ALL),
        url,
        edits,
    ))
}

/// The hover at `pos` of the file at `path`: for each finding there, the rule's summary,
/// the message and the help, with a link to the rule page.
pub fn hover(
    cv: &mut Converter<'_>,
    path: &Path,
    pos: Position,
    summaries: &HashMap<String, String>,
    pages: &HashMap<String, String>,
) -> Option<Hover> {
    let mut parts = Vec::new();
    let mut range = None;
    for (d, at) in places(cv.report, path) {
        let r = cv.range(at.file, at.span);
        if !(r.start <= pos && pos <= r.end) {
            continue;
        }
        range.get_or_insert(r);
        let mut md = format!("**{}** `{}`", d.code, d.name);
        if let Some(summary) = summaries.get(d.code.as_ref()) {
            md.push_str(&format!(": {summary}"));
        }
        md.push_str(&format!("\n\n{}", d.message));
        if !d.help.is_empty() {
            md.push_str(&format!("\n\n**Help:** {}", d.help));
        }
        if let Some(url) = pages.get(d.code.as_ref()) {
            md.push_str(&format!("\n\n[Rule page]({url})"));
        }
        parts.push(md);
    }
    (!parts.is_empty()).then(|| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// A span of `text` from an LSP range.
pub fn span(text: &str, range: Range) -> Span {
    let idx = LineIndex::new(text);
    let (a, b) = (idx.offset(range.start), idx.offset(range.end));
    Span::new(a.min(b), a.max(b))
}
