//! Byte offsets to LSP positions (UTF-16 code units, as LSP requires by default) and back,
//! and sflint's findings as LSP diagnostics.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Url,
};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::report::Report;
use crate::source::Span;

/// Where the lines of a text start.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of byte `offset` (clamped to the text and back to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start as usize),
            self.position(span.end as usize),
        )
    }

    /// The byte offset of `pos` (a position past a line's end is its end; past the last
    /// line, the text's end).
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

/// The `file://` URL of a path.
pub fn url_of(path: &std::path::Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// Converts the findings of one report, caching each file's line index.
pub struct Converter<'r> {
    pub report: &'r Report,
    lines: std::collections::HashMap<u32, LineIndex<'r>>,
    /// The rule pages: code → URL.
    pages: &'r std::collections::HashMap<String, String>,
}

impl<'r> Converter<'r> {
    pub fn new(
        report: &'r Report,
        pages: &'r std::collections::HashMap<String, String>,
    ) -> Converter<'r> {
        Converter {
            report,
            lines: Default::default(),
            pages,
        }
    }

    /// The range of `span` in file `file` of the report.
    pub fn range(&mut self, file: crate::diagnostic::FileId, span: Span) -> Range {
        let report = self.report;
        let index = self.lines.entry(file.0).or_insert_with(|| {
            LineIndex::new(report.files.get(file.0 as usize).map_or("", |f| &f.text))
        });
        index.range(span)
    }

    pub fn location(&mut self, label: &Label) -> Option<Location> {
        let f = self.report.files.get(label.file.0 as usize)?;
        Some(Location::new(
            url_of(&f.path)?,
            self.range(label.file, label.span),
        ))
    }

    /// The finding as an LSP diagnostic at `at`: its primary label, or one of its related
    /// labels (a finding about another file shown where an open file takes part in it).
    pub fn diagnostic(&mut self, d: &Diagnostic, at: &Label) -> lsp_types::Diagnostic {
        let mut related: Vec<DiagnosticRelatedInformation> = Vec::new();
        for label in std::iter::once(&d.primary).chain(&d.related) {
            if std::ptr::eq(label, at) {
                continue;
            }
            let message = match (std::ptr::eq(label, &d.primary), label.message.as_str()) {
                (true, "") => format!("{}: what must change", d.code),
                (true, m) => format!("{}: {m}", d.code),
                (false, "") => "related".to_string(),
                (false, m) => m.to_string(),
            };
            if let Some(location) = self.location(label) {
                related.push(DiagnosticRelatedInformation { location, message });
            }
        }
        let mut message = d.message.clone();
        if !std::ptr::eq(at, &d.primary) && !at.message.is_empty() {
            message = format!("{message} ({})", at.message);
        }
        if !d.help.is_empty() {
            message = format!("{message}\nhelp: {}", d.help);
        }
        lsp_types::Diagnostic {
            range: self.range(at.file, at.span),
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.code.to_string())),
            code_description: self
                .pages
                .get(d.code.as_ref())
                .and_then(|u| Url::parse(u).ok())
                .map(|href| CodeDescription { href }),
            source: Some("sflint".to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "<a>é😀x\n  <b>\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        // `é` is one unit, the emoji two.
        assert_eq!(idx.position(x), Position::new(0, 6));
        assert_eq!(idx.offset(Position::new(0, 6)), x);
        let b = text.find("<b>").unwrap();
        assert_eq!(idx.position(b), Position::new(1, 2));
        assert_eq!(idx.offset(Position::new(1, 2)), b);
        // Past the line's end: its end; past the text: the text's end.
        assert_eq!(idx.offset(Position::new(0, 99)), text.find('\n').unwrap());
        assert_eq!(idx.offset(Position::new(9, 0)), text.len());
        // Inside a char: back to its start.
        assert_eq!(
            idx.position(text.find('é').unwrap() + 1),
            Position::new(0, 3)
        );
    }
}
