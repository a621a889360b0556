//! Source files, byte spans and line/column lookup.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A half-open byte range `[start, end)` into one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    pub fn empty_at(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Shift a span that is relative to `base` into absolute file offsets.
    pub fn offset_by(self, base: usize) -> Span {
        Span::new(self.start as usize + base, self.end as usize + base)
    }
}

fn clamp_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// A value together with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A 1-based line and column; columns count Unicode code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One file as read from disk (or from git), with its text and a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to users: relative to the working directory when below it, `/`-separated.
    pub display: String,
    /// The path used to read the file.
    pub path: PathBuf,
    /// The path relative to the project root, `/`-separated: what fingerprints and
    /// baselines use, so they do not depend on the folder sflint runs in.
    pub key: String,
    pub text: Arc<str>,
    /// The text was released after linting (see [`SourceFile::released`]); read `path`
    /// again to show it.
    pub released: bool,
    /// Built on first use: most files have no finding and never need it.
    line_starts: std::sync::OnceLock<Vec<u32>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        SourceFile {
            key: display.clone(),
            display,
            path,
            text,
            released: false,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The same file without its text, to hold while linting a large project: findings
    /// point at spans, and only files with findings are read again to show them.
    pub fn released(&self) -> SourceFile {
        SourceFile {
            released: true,
            ..SourceFile::new(self.path.clone(), self.display.clone(), "")
                .with_key(self.key.clone())
        }
    }

    /// Set the project-relative key (see [`SourceFile::key`]).
    pub fn with_key(mut self, key: String) -> Self {
        self.key = key;
        self
    }

    /// A file that is not on disk (tests, rule-page examples).
    pub fn virtual_file(display: &str, text: &str) -> Self {
        SourceFile::new(PathBuf::from(display), display.to_string(), text)
    }

    pub fn slice(&self, span: Span) -> &str {
        let r = span.range();
        self.text.get(r).unwrap_or("")
    }

    /// 1-based line and code-point column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = (offset as usize).min(self.text.len());
        let starts = self.line_starts.get_or_init(|| line_starts(&self.text));
        let line_idx = match starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = starts[line_idx] as usize;
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[line_start..end].chars().count() + 1;
        LineCol {
            line: line_idx + 1,
            column,
        }
    }

    pub fn file_name(&self) -> &str {
        file_name(&self.path)
    }
}

pub fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn line_starts(text: &str) -> Vec<u32> {
    let mut starts = Vec::with_capacity(text.len() / 32 + 1);
    starts.push(0);
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            starts.push(clamp_u32(i + 1));
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_code_points() {
        let f = SourceFile::virtual_file("a.xml", "ab\nçé<x>\r\nz");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // "çé" is 4 bytes, 2 code points: '<' sits at column 3
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_col(12), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(999), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn line_col_inside_multibyte_char_clamps_back() {
        let f = SourceFile::virtual_file("a.xml", "é");
        assert_eq!(f.line_col(1).column, 1);
    }
}
