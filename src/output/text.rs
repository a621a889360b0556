//! Human output: miette code frames, one per diagnostic, then the footer.

use std::fmt;
use std::io::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, SourceSpan,
};

use super::RenderOptions;
use super::window::FileText;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Report;
use crate::source::Span;

/// Never wrap narrower than this: a few columns go to the gutter and icons.
const MIN_WIDTH: usize = 20;

pub(super) fn render(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width.max(MIN_WIDTH))
        .with_links(false);
    let mut buf = String::new();
    let mut frames = Frames::default();
    for d in &report.diagnostics {
        buf.clear();
        let adapter = Adapter::new(report, d, &mut frames);
        handler
            .render_report(&mut buf, &adapter)
            .map_err(|fmt::Error| std::io::Error::other("failed to render a diagnostic"))?;
        out.write_all(buf.as_bytes())?;
        writeln!(out)?;
    }
    super::write_ending(report, out)
}

/// Convert a byte span to a miette span inside `text`: clamped to the text and widened
/// to character boundaries so miette never slices through a UTF-8 sequence.
pub(super) fn source_span(text: &str, span: Span) -> SourceSpan {
    let len = text.len();
    let mut start = (span.start as usize).min(len);
    let mut end = (span.end as usize).clamp(start, len);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    SourceSpan::new(start.into(), end - start)
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// Whether each file's frames need an excerpt, decided once per file (it reads the
/// whole file) rather than once per diagnostic.
#[derive(Default)]
struct Frames(std::collections::HashMap<u32, bool>);

impl Frames {
    fn text(&mut self, report: &Report, id: crate::diagnostic::FileId, spans: &[Span]) -> FileText {
        let file = &report.files[id.0 as usize];
        let needs = *self
            .0
            .entry(id.0)
            .or_insert_with(|| super::window::needs_excerpt(&file.text));
        FileText::checked(file, spans, needs)
    }
}

/// Text from metadata, made safe to print on one line (see [`super::escape`]). Messages
/// and help keep their line breaks: miette indents every line after the first.
fn safe(s: &str) -> String {
    super::escape::visible(s).into_owned()
}

/// One sflint diagnostic seen through [`miette::Diagnostic`].
#[derive(Debug)]
struct Adapter<'r> {
    diagnostic: &'r Diagnostic,
    message: String,
    help: String,
    code: String,
    source: NamedSource<FileText>,
    labels: Vec<LabeledSpan>,
    related: Vec<RelatedLocation>,
}

impl<'r> Adapter<'r> {
    fn new(report: &'r Report, d: &'r Diagnostic, frames: &mut Frames) -> Self {
        let same_file = d.related.iter().filter(|l| l.file == d.primary.file);
        let spans: Vec<Span> = std::iter::once(d.primary.span)
            .chain(same_file.map(|l| l.span))
            .collect();
        let text = frames.text(report, d.primary.file, &spans);
        // The message is printed above the frame; repeat nothing under the underline
        // unless the rule gave the primary label its own short text.
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            non_empty(&d.primary.message),
            text.span(d.primary.span),
        )];
        let mut related = Vec::new();
        for label in &d.related {
            if label.file == d.primary.file {
                labels.push(LabeledSpan::new_with_span(
                    non_empty(&label.message),
                    text.span(label.span),
                ));
            } else {
                let other = frames.text(report, label.file, &[label.span]);
                related.push(RelatedLocation {
                    code: safe(&d.code),
                    message: safe(&label.message),
                    span: other.span(label.span),
                    source: other.named(),
                });
            }
        }
        Adapter {
            diagnostic: d,
            message: super::escape::visible_lines(&d.message).into_owned(),
            help: super::escape::visible_lines(&d.help).into_owned(),
            code: if super::safe_fixable(d) {
                format!("{} [*]", safe(&d.code))
            } else {
                safe(&d.code)
            },
            source: text.named(),
            labels,
            related,
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| safe(s))
}

impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Adapter<'_> {}

impl miette::Diagnostic for Adapter<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette_severity(self.diagnostic.severity))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = &self.help;
        (!help.is_empty()).then(|| Box::new(help) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// A related label in another file: its own sub-diagnostic with its own source.
#[derive(Debug)]
struct RelatedLocation {
    /// The code of the diagnostic this location belongs to, shown in its header.
    code: String,
    message: String,
    source: NamedSource<FileText>,
    span: SourceSpan,
}

impl fmt::Display for RelatedLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.message.is_empty() {
            "related location"
        } else {
            &self.message
        })
    }
}

impl std::error::Error for RelatedLocation {}

impl miette::Diagnostic for RelatedLocation {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, self.span),
        )))
    }
}
