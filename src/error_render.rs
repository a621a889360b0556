//! Print application errors to stderr; configuration errors get a code frame.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::error::AppError;

pub fn eprint(err: &AppError) {
    eprintln!("{}", render(err));
}

/// A path as findings show it: relative to the working folder when below it.
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    let rel = std::env::current_dir().ok().and_then(|cwd| {
        path.strip_prefix(cwd)
            .ok()
            .map(std::path::Path::to_path_buf)
    });
    rel.unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
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
            let start = (span.start as usize).min(text.len());
            let len = (span.len()).min(text.len() - start);
            let mut diag = MietteDiagnostic::new(message.clone())
                .with_label(LabeledSpan::at(start..start + len, "here"));
            if let Some(h) = help {
                diag = diag.with_help(h.clone());
            }
            let report = miette::Report::new(diag)
                .with_source_code(NamedSource::new(shown_path(path), text.clone()));
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
        _ => format!("error: {err}"),
    }
}
