//! Source files, byte spans and line/column lookup.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub mod text;

use text::SharedText;

/// A half-open byte range `[start, end)` into one source file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    pub text: SharedText,
    /// The text was released after linting (see [`SourceFile::released`]); read `path`
    /// again to show it.
    pub released: bool,
    /// Built on first use: most files have no finding and never need it.
    line_starts: std::sync::OnceLock<LineIndex>,
    /// Of a released file: the line and column of the offsets a run's findings use, by
    /// offset, kept from a run that had the text ([`SourceFile::with_positions`]).
    positions: Box<[(u32, LineCol)]>,
}

/// Where lines start, and how many code points come before each block of
/// [`BLOCK`] bytes, so a column is found in constant time however long its line is (a
/// retrieved dataflow is often one line of megabytes, with thousands of findings).
#[derive(Debug)]
struct LineIndex {
    starts: Vec<u32>,
    /// `chars_before[k]`: code points in `text[..k * BLOCK]`; empty for an ASCII text.
    chars_before: Vec<u32>,
}

const BLOCK: usize = 4096;

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        // An ASCII text (most metadata) counts a code point per byte: no blocks needed.
        let mut chars_before = Vec::new();
        if !bytes.is_ascii() {
            chars_before.reserve(bytes.len() / BLOCK + 1);
            let mut total = 0u32;
            for block in bytes.chunks(BLOCK) {
                chars_before.push(total);
                total = total.saturating_add(clamp_u32(count_chars(block)));
            }
            chars_before.push(total);
        }
        LineIndex {
            starts: line_starts(text),
            chars_before,
        }
    }

    /// Code points in `text[..offset]` (`offset` on a char boundary).
    fn chars_to(&self, bytes: &[u8], offset: usize) -> usize {
        if self.chars_before.is_empty() {
            return offset;
        }
        let k = offset / BLOCK;
        self.chars_before[k] as usize + count_chars(&bytes[k * BLOCK..offset])
    }
}

/// Code points in a byte slice of UTF-8: every byte that is not a continuation byte
/// (`0b10xxxxxx`), counted eight bytes at a time.
fn count_chars(bytes: &[u8]) -> usize {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut continuation = 0;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        // Each byte's top bit, where the bit below it (shifted up into its place) is clear.
        continuation += (w & !(w << 1) & HIGHS).count_ones() as usize;
    }
    continuation += words
        .remainder()
        .iter()
        .filter(|&&b| (b & 0xC0) == 0x80)
        .count();
    bytes.len() - continuation
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: impl Into<SharedText>) -> Self {
        let text: SharedText = text.into();
        SourceFile {
            key: display.clone(),
            display,
            path,
            text,
            released: false,
            line_starts: std::sync::OnceLock::new(),
            positions: Box::default(),
        }
    }

    /// The same released file, answering [`SourceFile::line_col`] for `positions`
    /// (offset, line and column, as computed from the text) without its text.
    pub fn with_positions(mut self, mut positions: Vec<(u32, LineCol)>) -> Self {
        positions.sort_unstable_by_key(|p| p.0);
        positions.dedup_by_key(|p| p.0);
        self.positions = positions.into_boxed_slice();
        self
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
        if self.released
            && self.text.is_empty()
            && let Ok(i) = self.positions.binary_search_by_key(&offset, |p| p.0)
        {
            return self.positions[i].1;
        }
        let offset = (offset as usize).min(self.text.len());
        let index = self.line_starts.get_or_init(|| LineIndex::new(&self.text));
        let line_idx = match index.starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = index.starts[line_idx] as usize;
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let bytes = self.text.as_bytes();
        let column = index.chars_to(bytes, end) - index.chars_to(bytes, line_start) + 1;
        LineCol {
            line: line_idx + 1,
            column,
        }
    }

    pub fn file_name(&self) -> &str {
        file_name(&self.path)
    }

    /// The byte offset where the 1-based `line` starts; the text's length past the end.
    pub fn line_start(&self, line: usize) -> usize {
        let index = self.line_starts.get_or_init(|| LineIndex::new(&self.text));
        line.checked_sub(1)
            .and_then(|i| index.starts.get(i))
            .map_or(self.text.len(), |&s| s as usize)
    }
}

/// The span to delete to remove `span` from `text` while keeping the file's shape: when
/// only spaces and tabs share its first and last lines, the whole lines with their
/// indentation and line end (LF, CRLF or CR); when something follows it on its last line,
/// the span and the blanks after it (what follows keeps the indentation); otherwise the
/// span and the blanks before it.
pub fn removal_span(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let (start, end) = (span.start as usize, (span.end as usize).min(bytes.len()));
    if start > end {
        return span;
    }
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let mut before = start;
    while before > 0 && blank(&bytes[before - 1]) {
        before -= 1;
    }
    let line_begins = before == 0 || matches!(bytes[before - 1], b'\n' | b'\r');
    let mut after = end;
    while after < bytes.len() && blank(&bytes[after]) {
        after += 1;
    }
    let line_ends = after == bytes.len() || matches!(bytes[after], b'\n' | b'\r');
    if line_begins && line_ends {
        match bytes.get(after) {
            Some(b'\r') if bytes.get(after + 1) == Some(&b'\n') => after += 2,
            Some(b'\r' | b'\n') => after += 1,
            _ => {}
        }
        return Span::new(before, after);
    }
    if line_begins {
        // Something follows on the last line (a comment): it keeps the indentation.
        return Span::new(start, after);
    }
    Span::new(before, end)
}

pub fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

/// Line starts as editors count lines: a line ends at LF, CRLF, or a lone CR.
fn line_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(text.len() / 32 + 1);
    starts.push(0);
    if !bytes.contains(&b'\r') {
        // Only `\n` ends lines: eight bytes at a time, each word's `\n` bytes found with
        // exact bit arithmetic (no false positives), then the remainder byte by byte.
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let mut words = bytes.chunks_exact(8);
        for (k, word) in (&mut words).enumerate() {
            let x = u64::from_le_bytes(word.try_into().unwrap_or([0; 8])) ^ 0x0a0a_0a0a_0a0a_0a0a;
            // The high bit of each byte that was `\n` (is zero in `x`).
            let mut found = !(((x & LOW7) + LOW7) | x | LOW7);
            while found != 0 {
                let i = found.trailing_zeros() as usize / 8;
                starts.push(clamp_u32(k * 8 + i + 1));
                found &= found - 1;
            }
        }
        let done = bytes.len() - words.remainder().len();
        for (i, &b) in words.remainder().iter().enumerate() {
            if b == b'\n' {
                starts.push(clamp_u32(done + i + 1));
            }
        }
        return starts;
    }
    for (i, &b) in bytes.iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends_line {
            starts.push(clamp_u32(i + 1));
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_are_counted_in_every_position_of_a_word() {
        let text = "aç€😀b\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}z".repeat(3);
        for start in 0..text.len() {
            for end in start..=text.len() {
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    let part = &text[start..end];
                    assert_eq!(
                        count_chars(part.as_bytes()),
                        part.chars().count(),
                        "{part:?}"
                    );
                }
            }
        }
    }

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
    fn line_starts_of_lf_only_texts_match_a_byte_by_byte_scan() {
        let naive = |t: &str| {
            let mut v = vec![0u32];
            v.extend(
                t.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            );
            v
        };
        let long = "a\nb\n\n\n\n\n\n\n\n\n\ncd\n".repeat(9) + "€\n" + &"x".repeat(70) + "\n\n";
        let texts = [
            "",
            "\n",
            "a",
            "a\n",
            "\n\nb",
            "é\nñ\n\n€x",
            "<a>\n  <b/>\n</a>",
            &long,
        ];
        for t in texts {
            assert_eq!(line_starts(t), naive(t), "{t:?}");
        }
    }

    #[test]
    fn lone_cr_and_crlf_end_lines_as_in_editors() {
        let f = SourceFile::virtual_file("a.xml", "a\rb\r\nc\nd");
        assert_eq!(f.line_col(2), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(5), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(7), LineCol { line: 4, column: 1 });
    }

    #[test]
    fn columns_on_a_long_line_cross_blocks_exactly() {
        // Multi-byte chars straddle the block boundaries; compare with a plain count.
        let line: String = "aé€😀".repeat(3000);
        let text = format!("x\n{line}");
        let f = SourceFile::virtual_file("a.wdf", &text);
        for offset in (2..text.len())
            .step_by(997)
            .filter(|&o| text.is_char_boundary(o))
        {
            let want = text[2..offset].chars().count() + 1;
            assert_eq!(
                f.line_col(offset as u32),
                LineCol {
                    line: 2,
                    column: want
                }
            );
        }
        // An ASCII text keeps no blocks: a column is the byte count from the line start.
        let text = format!("x\n{}\n<a/>", "ab".repeat(5000));
        let f = SourceFile::virtual_file("a.wdf", &text);
        assert_eq!(
            f.line_col(9_001),
            LineCol {
                line: 2,
                column: 9_000
            }
        );
        assert_eq!(f.line_col(10_003), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(10_005), LineCol { line: 3, column: 3 });
    }

    #[test]
    fn removal_takes_whole_lines_with_their_line_end() {
        let cut = |text: &str, what: &str| {
            let start = text.find(what).unwrap();
            let s = removal_span(text, Span::new(start, start + what.len()));
            format!("{}{}", &text[..s.start as usize], &text[s.end as usize..])
        };
        assert_eq!(cut("<a>\n    <b/>\n</a>\n", "<b/>"), "<a>\n</a>\n");
        assert_eq!(cut("<a>\r\n\t<b/>\r\n</a>", "<b/>"), "<a>\r\n</a>");
        assert_eq!(cut("<a>\r\t<b/>\r</a>", "<b/>"), "<a>\r</a>");
        assert_eq!(cut("<a>\n  <b>\n  </b>\n</a>", "<b>\n  </b>"), "<a>\n</a>");
        // Other content on the line: only the element and the blanks before it.
        assert_eq!(cut("<a> <b/></a>", "<b/>"), "<a></a>");
        assert_eq!(cut("\u{feff}<b/>\n<c/>", "<b/>"), "\u{feff}\n<c/>");
        assert_eq!(cut("<b/>", "<b/>"), "");
        // A comment after the element keeps the line and its indentation.
        assert_eq!(
            cut("<a>\n\t<b/> <!-- c -->\n</a>", "<b/>"),
            "<a>\n\t<!-- c -->\n</a>"
        );
    }

    #[test]
    fn line_col_inside_multibyte_char_clamps_back() {
        let f = SourceFile::virtual_file("a.xml", "é");
        assert_eq!(f.line_col(1).column, 1);
    }
}
