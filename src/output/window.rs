//! Code frames for people: a line longer than [`MAX_LINE`] characters (a retrieved
//! dataflow is often one line of 150 KB) is cut to windows around the labels on it, with
//! `…` where text was left out. Only the frames shown to people use this; line numbers
//! stay the same, and machine formats (JSON, SARIF, ...) keep exact columns.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents};

use super::text::source_span;
use crate::source::{SourceFile, Span};

/// Lines kept above and below each label in an [`Excerpt`]: one more than the context
/// lines miette shows, so labels in windows far apart never share a snippet.
const PAD: usize = 2;
/// Lines up to this many characters are shown whole.
pub const MAX_LINE: usize = 240;
/// Characters shown before a label's start.
const BEFORE: usize = 60;
/// Characters in one window.
const WIDTH: usize = 200;
const ELLIPSIS: &str = "…";

/// The text of a file with its long lines cut, and where each kept piece came from.
#[derive(Debug)]
pub struct Excerpt {
    pub text: String,
    /// `(excerpt offset, original offset, length)` of each piece copied unchanged, in order.
    pieces: Vec<(usize, usize, usize)>,
}

impl Excerpt {
    /// Cut `text` around `spans` (byte spans into `text`); `None` when no line is longer
    /// than [`MAX_LINE`] characters and the text can be shown as it is.
    ///
    /// Control characters (ESC, BEL, NUL, ...) are shown as visible escapes (see
    /// [`super::escape`]), so a frame never drives the terminal; a lone CR (a file with
    /// CR line ends) becomes a line break, as sflint counts lines.
    #[cfg(test)]
    pub fn new(text: &str, spans: &[Span]) -> Option<Excerpt> {
        let file = SourceFile::virtual_file("t", text);
        needs_excerpt(text).then(|| Excerpt::build(&file, spans))
    }

    /// [`Excerpt::new`] for a file known to need one (see [`needs_excerpt`]). Only the
    /// lines around the spans are kept ([`PAD`] more than miette shows), so a frame costs
    /// the same in a file of a million lines; [`FileText`] reports the original line
    /// numbers.
    fn build(file: &SourceFile, spans: &[Span]) -> Excerpt {
        let text: &str = &file.text;
        let mut ranges: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| {
                let first = file.line_col(s.start).line.saturating_sub(PAD).max(1);
                (first, file.line_col(s.end.max(s.start)).line + PAD)
            })
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (first, last) in ranges {
            match merged.last_mut() {
                Some(prev) if first <= prev.1 + 1 => prev.1 = prev.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        let mut out = Excerpt {
            text: String::new(),
            pieces: Vec::new(),
        };
        for (first, last) in merged {
            for line in first..=last {
                let start = floor_boundary(text, file.line_start(line));
                if start >= text.len() {
                    break;
                }
                let next = floor_boundary(text, file.line_start(line + 1)).max(start);
                out.push_line(text, start, next, spans);
            }
        }
        out
    }

    /// The line `text[start..next]` (with its line break), cut around `spans` when long.
    fn push_line(&mut self, text: &str, start: usize, next: usize, spans: &[Span]) {
        let content = text[start..next].trim_end_matches(['\n', '\r']);
        let end = start + content.len();
        if long_line(content) {
            self.push_windows(text, start, end, spans);
            self.copy(text, end, next);
        } else {
            self.copy(text, start, next);
        }
    }

    /// Copy `text[from..to]`, escaping the characters a terminal must not see.
    fn copy(&mut self, text: &str, from: usize, to: usize) {
        let mut seg = from;
        for (i, c) in text[from..to].char_indices() {
            let i = from + i;
            if !frame_unsafe(text, i, c) {
                continue;
            }
            self.copy_plain(text, seg, i);
            if c == '\r' {
                // Same length: offsets keep mapping one for one.
                self.push_piece(i, "\n");
            } else {
                super::escape::push_escaped(&mut self.text, c);
            }
            seg = i + c.len_utf8();
        }
        self.copy_plain(text, seg, to);
    }

    fn copy_plain(&mut self, text: &str, from: usize, to: usize) {
        if from < to {
            self.push_piece(from, &text[from..to]);
        }
    }

    /// Append `shown`, which stands for as many bytes of the original from `orig`. Text
    /// that continues the last piece extends it, so a span over several lines maps whole.
    fn push_piece(&mut self, orig: usize, shown: &str) {
        let n = shown.len();
        match self.pieces.last_mut() {
            Some((at, from, len)) if *at + *len == self.text.len() && *from + *len == orig => {
                *len += n;
            }
            _ => self.pieces.push((self.text.len(), orig, n)),
        }
        self.text.push_str(shown);
    }

    /// Windows of the line `text[start..end]` around the spans that touch it, merged
    /// where they overlap; the line's beginning when none does.
    fn push_windows(&mut self, text: &str, start: usize, end: usize, spans: &[Span]) {
        let mut windows: Vec<(usize, usize)> = spans
            .iter()
            // Spans on this line, and spans from an earlier line that run into it.
            .filter(|s| {
                let (s0, s1) = (s.start as usize, s.end as usize);
                (start..=end).contains(&s0) || (s0 < start && s1 > start)
            })
            .map(|s| floor_boundary(text, (s.start as usize).max(start)))
            .map(|s| {
                let from = back(text, s, BEFORE).max(start);
                let to = forward(text, from, WIDTH).min(end);
                // Near the line's end, show more of what comes before.
                let from = if to == end {
                    back(text, end, WIDTH).max(start)
                } else {
                    from
                };
                (from, to)
            })
            .collect();
        if windows.is_empty() {
            windows.push((start, forward(text, start, WIDTH).min(end)));
        }
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (from, to) in windows {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        let mut at = start;
        for (from, to) in merged {
            if from > at {
                self.text
                    .push_str(if at == start { ELLIPSIS } else { " … " });
            }
            self.copy(text, from, to);
            at = to;
        }
        if at < end {
            self.text.push_str(ELLIPSIS);
        }
    }

    /// Where an original span is in the excerpt. A span that runs past its window ends
    /// at the window's end.
    pub fn map(&self, span: Span) -> Span {
        let (s, e) = (span.start as usize, span.end as usize);
        let Some(&(at, from, len)) = self.piece_of(s, |p| p.1) else {
            return Span::empty_at(0);
        };
        let start = at + s.saturating_sub(from).min(len);
        let end = at + e.saturating_sub(from).clamp(start - at, len);
        Span::new(start, end)
    }

    /// The original offset of an excerpt offset.
    pub fn original(&self, offset: usize) -> usize {
        self.piece_of(offset, |p| p.0)
            .map_or(0, |&(at, from, len)| {
                from + offset.saturating_sub(at).min(len)
            })
    }

    /// The last piece starting at or before `offset` (by the key `key`).
    fn piece_of(
        &self,
        offset: usize,
        key: impl Fn(&(usize, usize, usize)) -> usize,
    ) -> Option<&(usize, usize, usize)> {
        let i = self.pieces.partition_point(|p| key(p) <= offset);
        self.pieces.get(i.saturating_sub(1))
    }
}

/// The text of a [`SourceFile`] as miette source code; wrapped in a [`NamedSource`]
/// carrying the display path (see [`named`]). When the file has lines too long to show
/// whole, the frames read an [`Excerpt`] of it (spans given to miette are excerpt spans).
///
/// miette counts columns in bytes; for the `[path:line:col]` header (a read with no
/// context lines) this reports sflint's line and code-point column instead, so text
/// output agrees with the concise and JSON formats.
#[derive(Debug, Clone)]
pub struct FileText(Arc<SourceFile>, Option<Arc<Excerpt>>);

impl FileText {
    /// The file as shown for labels at `spans` (original byte spans).
    pub fn new(file: &Arc<SourceFile>, spans: &[Span]) -> Self {
        Self::checked(file, spans, needs_excerpt(&file.text))
    }

    /// [`FileText::new`] when [`needs_excerpt`] is already known for the file.
    pub fn checked(file: &Arc<SourceFile>, spans: &[Span], needs_excerpt: bool) -> Self {
        FileText(
            Arc::clone(file),
            needs_excerpt.then(|| Arc::new(Excerpt::build(file, spans))),
        )
    }

    /// A label's span in the text miette reads.
    pub fn span(&self, span: Span) -> SourceSpan {
        match &self.1 {
            Some(ex) => source_span(&ex.text, ex.map(span)),
            None => source_span(&self.0.text, span),
        }
    }

    pub fn named(self) -> NamedSource<FileText> {
        let name = super::escape::visible(&self.0.display).into_owned();
        NamedSource::new(name, self)
    }
}

impl SourceCode for FileText {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let file = &*self.0;
        let shown: &'a str = self.1.as_ref().map_or(&file.text, |ex| &ex.text);
        let inner = shown.read_span(span, context_lines_before, context_lines_after)?;
        let (line, column) = if context_lines_before == 0 {
            let offset = self
                .1
                .as_ref()
                .map_or(span.offset(), |ex| ex.original(span.offset()));
            let at = file.line_col(u32::try_from(offset).unwrap_or(u32::MAX));
            (at.line - 1, at.column - 1)
        } else if let Some(ex) = &self.1 {
            // An excerpt keeps only some lines: number them as in the file.
            let offset = ex.original(inner.span().offset());
            let at = file.line_col(u32::try_from(offset).unwrap_or(u32::MAX));
            (at.line - 1, inner.column())
        } else {
            (inner.line(), inner.column())
        };
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

/// Whether the character `c` at `text[i..]` must be escaped in a frame: line breaks
/// (LF, CRLF) and tabs are what frames are made of; everything else unsafe is escaped.
fn frame_unsafe(text: &str, i: usize, c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\r' => !text[i + 1..].starts_with('\n'),
        c => super::escape::is_unsafe(c),
    }
}

/// Whether frames of `text` must read an [`Excerpt`]: it has a line too long to show
/// whole, or characters to escape. Reads the whole text: decide once per file.
pub fn needs_excerpt(text: &str) -> bool {
    text.split('\n').any(long_line) || has_unsafe(text)
}

fn has_unsafe(text: &str) -> bool {
    // Every character to escape is an ASCII control or starts with one of the lead bytes
    // below (C1 controls, U+061C, U+200E.., U+FEFF): a byte scan, as [`frame_unsafe`].
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b'\t' => false,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        0..=0x1f | 0x7f => true,
        0xc2 | 0xd8 | 0xe2 | 0xef => text
            .get(i..)
            .and_then(|s| s.chars().next())
            .is_some_and(super::escape::is_unsafe),
        _ => false,
    })
}

fn long_line(line: &str) -> bool {
    line.len() > MAX_LINE && line.chars().nth(MAX_LINE).is_some()
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The offset `chars` characters before `at` (on a character boundary).
fn back(text: &str, at: usize, chars: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The offset `chars` characters after `at` (on a character boundary).
fn forward(text: &str, at: usize, chars: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_left_alone() {
        assert!(Excerpt::new("<a>\n<b/>\n</a>\n", &[Span::new(4, 8)]).is_none());
    }

    #[test]
    fn a_long_line_is_cut_around_each_label() {
        let mut text = String::from("{\n");
        text.push_str(&"x".repeat(10_000));
        text.push_str("TARGET");
        text.push_str(&"y".repeat(10_000));
        text.push_str("OTHER");
        text.push_str(&"z".repeat(10_000));
        text.push_str("\n}\n");
        let t = text.find("TARGET").unwrap();
        let o = text.find("OTHER").unwrap();
        let spans = [Span::new(t, t + 6), Span::new(o, o + 5)];
        let ex = Excerpt::new(&text, &spans).unwrap();
        assert!(ex.text.len() < 2 * (WIDTH + 10) + 20, "{}", ex.text.len());
        assert_eq!(ex.text.lines().count(), text.lines().count());
        assert!(ex.text.starts_with("{\n…"));
        assert!(ex.text.contains(" … "));
        assert!(ex.text.ends_with("…\n}\n"));
        for (span, word) in spans.iter().zip(["TARGET", "OTHER"]) {
            let m = ex.map(*span);
            assert_eq!(&ex.text[m.range()], word);
            assert_eq!(ex.original(m.start as usize), span.start as usize);
        }
    }

    #[test]
    fn a_long_line_without_labels_keeps_its_start() {
        let text = format!("{}\n<b/>\n", "é".repeat(1000));
        let b = text.find("<b/>").unwrap();
        let ex = Excerpt::new(&text, &[Span::new(b, b + 4)]).unwrap();
        assert_eq!(ex.text, format!("{}…\n<b/>\n", "é".repeat(WIDTH)));
        let m = ex.map(Span::new(b, b + 4));
        assert_eq!(&ex.text[m.range()], "<b/>");
    }

    #[test]
    fn spans_off_character_boundaries_do_not_panic() {
        let text = "é".repeat(400);
        for at in [0, 1, 3, 401, 799, 800, 5000] {
            let ex = Excerpt::new(&text, &[Span::new(at, at + 1)]).unwrap();
            let m = ex.map(Span::new(at, at + 1));
            assert!(m.end as usize <= ex.text.len());
            let _ = ex.original(m.start as usize);
        }
    }

    #[test]
    fn a_long_label_ends_at_its_window() {
        let text = "a".repeat(5000);
        let ex = Excerpt::new(&text, &[Span::new(100, 4000)]).unwrap();
        let m = ex.map(Span::new(100, 4000));
        assert!(m.len() <= WIDTH && !m.is_empty());
        assert!(ex.text.starts_with('…') && ex.text.ends_with('…'));
    }
}
