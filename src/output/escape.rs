//! Make text from metadata safe to print for people: control characters (ESC, BEL, CR,
//! NUL, ...), line breaks and bidirectional overrides would otherwise drive the terminal
//! or, in a CI log, start a line that the runner executes (`::error ...` on GitHub
//! Actions). Each is shown as a visible escape: C0 controls and DEL as their Unicode
//! "control pictures" (`␛`, `␇`, `␊`, `␡`), which keep one column; C1 controls, line and
//! paragraph separators and bidi controls as `\u{202e}`.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or CI log as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{feff}')
}

/// Push the visible form of the unsafe character `c`.
pub fn push_escaped(out: &mut String, c: char) {
    let n = c as u32;
    match n {
        0..=0x1f => out.push(char::from_u32(0x2400 + n).unwrap_or('?')),
        0x7f => out.push('\u{2421}'),
        _ => {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{{{n:x}}}");
        }
    }
}

/// `text` with every unsafe character (line breaks and tabs included) escaped: for one
/// line of output, such as a message, a file name or a label.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// Like [`visible`] but keeps line breaks (`\n`) and tabs: for text sflint writes in
/// several lines itself, such as an error with its help.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && c != '\t' && is_unsafe(c))
}

/// A message on one line: its line breaks joined with spaces (a rule may write a message
/// in several lines), then [`visible`].
pub fn one_line(message: &str) -> Cow<'_, str> {
    if message.contains(['\n', '\r']) {
        let joined = message
            .split(['\n', '\r'])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Cow::Owned(visible(&joined).into_owned())
    } else {
        visible(message)
    }
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible() {
        assert_eq!(visible("a\u{1b}[31mb\u{7}"), "a␛[31mb␇");
        assert_eq!(visible("x\n::error::y\r"), "x␊::error::y␍");
        assert_eq!(visible("\0\u{7f}\u{9b}\u{202e}"), "␀␡\\u{9b}\\u{202e}");
        assert_eq!(visible_lines("a\nb\u{1b}"), "a\nb␛");
        assert_eq!(one_line("multi\r\nline\u{7}"), "multi line␇");
        assert!(matches!(visible("plain é"), Cow::Borrowed(_)));
    }
}
