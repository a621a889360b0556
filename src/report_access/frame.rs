//! A code frame in the style of the text report: the file and line, then the line
//! itself with the element underlined.

use crate::output::escape::visible;
use crate::source::SourceFile;

use super::At;

/// `--> path:line:col`, the source line and a caret line, indented by `indent`.
pub fn frame(file: Option<&SourceFile>, at: &At, span_len: usize, indent: &str) -> String {
    let mut out = format!(
        "{indent}--> {}:{}:{}\n",
        visible(&at.file),
        at.line,
        at.column
    );
    let Some(file) = file.filter(|f| !f.text.is_empty()) else {
        return out;
    };
    let start = file.line_start(at.line);
    let end = file.line_start(at.line + 1).min(file.text.len());
    let line = file
        .text
        .get(start..end)
        .unwrap_or("")
        .trim_end_matches(['\n', '\r']);
    // Very long lines (a one-line file) are cut around the element.
    let (shown, col) = cut(line, at.column.saturating_sub(1), 120);
    let number = at.line.to_string();
    let pad = " ".repeat(number.len());
    let len = span_len.clamp(1, 80);
    out.push_str(&format!("{indent}{pad} |\n"));
    out.push_str(&format!("{indent}{number} | {}\n", visible(&shown)));
    out.push_str(&format!(
        "{indent}{pad} | {}{}\n",
        " ".repeat(col),
        "^".repeat(len.min(shown.chars().count().saturating_sub(col).max(1)))
    ));
    out
}

/// At most `width` characters of `line` around character `col`, and the column of that
/// character in the result. Tabs become one space so the caret lines up.
fn cut(line: &str, col: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let from = col.saturating_sub(width / 2).min(chars.len());
    let from = if chars.len() <= width { 0 } else { from };
    let to = (from + width).min(chars.len());
    (chars[from..to].iter().collect(), col - from.min(col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_the_line_and_underlines_the_element() {
        let f = SourceFile::virtual_file("a.xml", "<a>\n    <readable>true</readable>\n</a>\n");
        let at = At {
            file: "a.xml".into(),
            line: 2,
            column: 15,
        };
        let out = frame(Some(&f), &at, 4, "  ");
        assert_eq!(
            out,
            "  --> a.xml:2:15\n    |\n  2 |     <readable>true</readable>\n    |               ^^^^\n"
        );
    }

    #[test]
    fn cuts_long_lines_and_never_panics() {
        let long = "x".repeat(10_000);
        let (s, c) = cut(&long, 5_000, 120);
        assert_eq!(s.len(), 120);
        assert_eq!(c, 60);
        assert_eq!(cut("", 3, 120), (String::new(), 3));
    }
}
