//! Print application errors to stderr; configuration errors get a code frame.

use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};

use crate::error::AppError;
use crate::output::escape::{visible, visible_lines};
use crate::output::window::FileText;
use crate::source::SourceFile;

/// Print `err` to stderr; control characters from paths and file contents are shown as
/// visible escapes (a path with a line break cannot start a new line of the log).
pub fn eprint(err: &AppError) {
    eprintln!("{}", visible_lines(&render(err)));
}

/// A path as findings show it: relative to the working folder when below it.
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::discover::display_path(&cwd, path)
}

pub fn render(err: &AppError) -> String {
    match err {
        AppError::Config {
            path,
            text,
            span: Some(span),
            message,
            help,
        } => {
            // A one-line file (minified JSON) shows a window around the span, not the line.
            let file = Arc::new(SourceFile::new(
                path.clone(),
                shown_path(path),
                text.as_str(),
            ));
            let frame = FileText::new(&file, &[*span]);
            let mut diag = MietteDiagnostic::new(message.clone()).with_label(
                LabeledSpan::new_with_span(Some("here".to_string()), frame.span(*span)),
            );
            if let Some(h) = help {
                diag = diag.with_help(h.clone());
            }
            let report = miette::Report::new(diag).with_source_code(frame.named());
            // The message once, in the frame, under a plain `error:` line for grep.
            let mut out = String::from("error: invalid configuration\n");
            let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
                .with_width(100);
            if handler.render_report(&mut out, report.as_ref()).is_err() {
                return format!("error: {err}");
            }
            out.trim_end().to_string()
        }
        AppError::Config { help: Some(h), .. } => format!("error: {err}\n  help: {h}"),
        AppError::Io { path, message } => {
            format!("error: {}: {message}", visible(&path.display().to_string()))
        }
        _ => format!("error: {err}"),
    }
}
