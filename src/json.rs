//! A small JSON parser (RFC 8259) that keeps the byte span of every value and key.
//!
//! `serde_json` cannot report where a value came from, and the linter needs exact
//! positions to point at a field name inside a dataflow or recipe. This is a plain
//! recursive-descent parser over the bytes of a `&str`:
//!
//! * every value carries its [`Span`] (strings include their quotes, containers their
//!   brackets), every object key its string token's span;
//! * strings are scanned with a byte table and copied from the input in whole runs; a
//!   string without escapes is one slice, decoded strings are built in a single pass;
//! * nesting is limited to [`MAX_DEPTH`] levels, so hostile input returns an error rather
//!   than overflowing the stack;
//! * it never panics, whatever the input, and every error carries the span of the
//!   offending character (an empty span at the end of the input when the text stops early).
//!
//! Inside the crate, `Parser` also walks a document without building it (checking and
//! skipping what a caller does not need), which is how `wave` reads large dataflows.

use std::borrow::Cow;
use std::fmt;

use crate::source::{Span, Spanned};

/// Deepest nesting of arrays and objects that [`parse`] accepts.
pub const MAX_DEPTH: usize = 256;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One JSON value and the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub value: JsonValue,
    /// The whole value, including a string's quotes and a container's brackets.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// Members in document order; duplicate keys are kept. A key's span covers its
    /// string token including the quotes.
    Object(Vec<(Spanned<String>, Json)>),
}

/// Why and where parsing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub span: Span,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (bytes {}..{})",
            self.message, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for JsonError {}

impl Json {
    /// The value of the first member named exactly `key`, if this is an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }

    /// Like [`Json::get`], comparing keys ASCII case-insensitively.
    pub fn get_ci(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k.value.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match &self.value {
            JsonValue::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Spanned<String>, Json)]> {
        match &self.value {
            JsonValue::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            JsonValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            JsonValue::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, JsonValue::Null)
    }

    /// For a string, the span of its content without the quotes (the raw, still escaped
    /// bytes). For any other value, its whole span.
    pub fn string_content_span(&self) -> Span {
        match self.value {
            JsonValue::String(_) if self.span.len() >= 2 => Span {
                start: self.span.start + 1,
                end: self.span.end - 1,
            },
            _ => self.span,
        }
    }
}

/// Parse one JSON document. A leading UTF-8 byte order mark is skipped; anything but
/// whitespace after the value is an error.
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut p = Parser::new(text);
    let value = p.value()?;
    p.finish()?;
    Ok(value)
}

/// Decode the escape sequence whose backslash is at `text[i]`. Returns the character and
/// the index just after the sequence.
///
/// `\uXXXX` escapes of a UTF-16 surrogate pair decode to one character; a lone surrogate
/// decodes to U+FFFD. Malformed escapes are errors with the span of the offending
/// character.
fn decode_one(text: &str, i: usize) -> Result<(char, usize), JsonError> {
    let bytes = text.as_bytes();
    let Some(&kind) = bytes.get(i + 1) else {
        return Err(error_at(text, i + 1, "unterminated string"));
    };
    let simple = match kind {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(text, i + 2)?;
            let after = i + 6;
            if !(0xD800..=0xDBFF).contains(&unit) {
                let c = char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER);
                return Ok((c, after));
            }
            // A high surrogate: combine with a following low-surrogate escape when there
            // is one; otherwise it stands alone.
            let low = if bytes.get(after) == Some(&b'\\') && bytes.get(after + 1) == Some(&b'u') {
                hex4(text, after + 2).ok()
            } else {
                None
            };
            return Ok(match low {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    (
                        char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER),
                        after + 6,
                    )
                }
                _ => (char::REPLACEMENT_CHARACTER, after),
            });
        }
        _ => return Err(error_at(text, i + 1, INVALID_ESCAPE)),
    };
    Ok((simple, i + 2))
}

const INVALID_ESCAPE: &str =
    "invalid escape sequence (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";

/// Four hex digits at `text[at..at + 4]`.
fn hex4(text: &str, at: usize) -> Result<u32, JsonError> {
    let bytes = text.as_bytes();
    let mut value = 0u32;
    for k in at..at + 4 {
        let digit = match bytes.get(k) {
            Some(b @ b'0'..=b'9') => b - b'0',
            Some(b @ b'a'..=b'f') => b - b'a' + 10,
            Some(b @ b'A'..=b'F') => b - b'A' + 10,
            _ => {
                return Err(error_at(
                    text,
                    k,
                    "invalid \\u escape (expected four hex digits)",
                ));
            }
        };
        value = value * 16 + u32::from(digit);
    }
    Ok(value)
}

/// An error whose span covers the character at `pos` (empty at or past the end).
fn error_at(text: &str, pos: usize, message: &str) -> JsonError {
    JsonError {
        message: message.to_string(),
        span: char_span(text, pos),
    }
}

fn char_span(text: &str, pos: usize) -> Span {
    let width = text
        .get(pos..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    if pos >= text.len() {
        Span::empty_at(text.len())
    } else {
        // `pos` is always a character boundary here; if it ever were not, fall back to
        // one byte rather than panicking.
        Span::new(pos, pos + width.max(1))
    }
}

/// Bytes that end a run of plain string content: the closing quote, a backslash, and the
/// control characters that must be escaped.
static STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The parser state, shared by the tree builder ([`parse`]) and by streaming readers
/// inside the crate that walk a document without building all of it.
///
/// Conventions: every method that consumes a value expects `pos` at its first byte and
/// leaves `pos` after any whitespace that follows it, so [`Parser::peek`] always shows
/// the next significant byte. Containers are limited to [`MAX_DEPTH`] levels of nesting.
pub(crate) struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    /// A parser at the start of a document: skips a byte order mark and whitespace.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut p = Parser::at(text, 0);
        if p.bytes.starts_with(BOM) {
            p.pos = BOM.len();
        }
        p.skip_ws();
        p
    }

    /// A parser at byte `pos` of `text` (a value's first byte).
    pub(crate) fn at(text: &'a str, pos: usize) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos,
            depth: 0,
        }
    }

    /// The text being parsed.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The current byte offset.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The next significant byte, if any.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Check that nothing but whitespace is left.
    pub(crate) fn finish(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(self.error_here("unexpected characters after the JSON value"));
        }
        Ok(())
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn error_here(&self, message: &str) -> JsonError {
        error_at(self.text, self.pos, message)
    }

    /// Parse one value into a tree.
    pub(crate) fn value(&mut self) -> Result<Json, JsonError> {
        let json = match self.peek() {
            Some(b'{') => {
                let mut members = Vec::new();
                let span = self.object(|p, key| {
                    let value = p.value()?;
                    members.push((Spanned::new(key.value.into_owned(), key.span), value));
                    Ok(())
                })?;
                Json {
                    value: JsonValue::Object(members),
                    span,
                }
            }
            Some(b'[') => {
                let mut items = Vec::new();
                let span = self.array(|p| {
                    items.push(p.value()?);
                    Ok(())
                })?;
                Json {
                    value: JsonValue::Array(items),
                    span,
                }
            }
            Some(b'"') => {
                let (s, span) = self.string()?;
                Json {
                    value: JsonValue::String(s.into_owned()),
                    span,
                }
            }
            Some(b't') => Json {
                span: self.literal("true")?,
                value: JsonValue::Bool(true),
            },
            Some(b'f') => Json {
                span: self.literal("false")?,
                value: JsonValue::Bool(false),
            },
            Some(b'n') => Json {
                span: self.literal("null")?,
                value: JsonValue::Null,
            },
            Some(b'-' | b'0'..=b'9') => {
                let span = self.number()?;
                match self.text[span.range()].parse::<f64>() {
                    Ok(n) => Json {
                        value: JsonValue::Number(n),
                        span,
                    },
                    Err(_) => {
                        return Err(JsonError {
                            message: "invalid number".to_string(),
                            span,
                        });
                    }
                }
            }
            None => return Err(self.error_here("unexpected end of input, expected a value")),
            Some(_) => return Err(self.error_here("expected a value")),
        };
        self.skip_ws();
        Ok(json)
    }

    /// Check one value without building it; returns its span.
    pub(crate) fn skip(&mut self) -> Result<Span, JsonError> {
        let span = match self.peek() {
            Some(b'{') => self.object(|p, _| p.skip().map(drop))?,
            Some(b'[') => self.array(|p| p.skip().map(drop))?,
            Some(b'"') => self.string_token()?,
            Some(b't') => self.literal("true")?,
            Some(b'f') => self.literal("false")?,
            Some(b'n') => self.literal("null")?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            None => return Err(self.error_here("unexpected end of input, expected a value")),
            Some(_) => return Err(self.error_here("expected a value")),
        };
        self.skip_ws();
        Ok(span)
    }

    fn literal(&mut self, word: &str) -> Result<Span, JsonError> {
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or_default();
        if rest.starts_with(word.as_bytes()) {
            self.pos += word.len();
            return Ok(Span::new(start, self.pos));
        }
        // Point at the first character that differs from the expected word.
        let matched = rest
            .iter()
            .zip(word.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        Err(error_at(
            self.text,
            start + matched,
            &format!("invalid literal (expected `{word}`)"),
        ))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// The span of a number token that follows the RFC 8259 grammar.
    fn number(&mut self) -> Result<Span, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error_here("invalid number (expected a digit)")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error_here("invalid number (expected a digit after '.')"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error_here("invalid number (expected a digit in the exponent)"));
            }
        }
        Ok(Span::new(start, self.pos))
    }

    /// Check the string token at `pos` (its opening quote) without keeping its value.
    /// Returns its span including the quotes. Does not skip whitespace after it.
    fn string_token(&mut self) -> Result<Span, JsonError> {
        let mut i = self.scan_plain(self.pos + 1);
        loop {
            match self.bytes.get(i) {
                Some(b'"') => break,
                // Checked (and decoded, for nothing) so that skipped strings are validated.
                Some(b'\\') => i = self.scan_plain(decode_one(self.text, i)?.1),
                _ => return Err(self.string_stop_error(i)),
            }
        }
        let open = self.pos;
        self.pos = i + 1;
        Ok(Span::new(open, self.pos))
    }

    /// The index of the first byte at or after `i` that ends a run of plain string
    /// content (or the end of the text).
    fn scan_plain(&self, mut i: usize) -> usize {
        while let Some(&b) = self.bytes.get(i) {
            if STRING_STOP[b as usize] {
                break;
            }
            i += 1;
        }
        i
    }

    /// The string token at `pos`: its decoded value (borrowed when it has no escapes) and
    /// its span including the quotes, in one pass. Does not skip whitespace after it.
    ///
    /// After each escape sequence is decoded, `on_escape(inner_start, inner_end,
    /// outer_start, outer_end)` is called with the byte range it produced in the value and
    /// the byte range of the escape in the text. Bytes of the value not produced by an
    /// escape are copied one for one from the text, so a caller can map offsets in the
    /// value back to the text.
    fn string_with(
        &mut self,
        mut on_escape: impl FnMut(usize, usize, usize, usize),
    ) -> Result<(Cow<'a, str>, Span), JsonError> {
        let text: &'a str = self.text;
        let open = self.pos;
        let start = open + 1;
        let mut i = self.scan_plain(start);
        let mut out = match self.bytes.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                // Both ends sit next to an ASCII quote, so they are character boundaries.
                let value = text.get(start..i).unwrap_or_default();
                return Ok((Cow::Borrowed(value), Span::new(open, self.pos)));
            }
            Some(b'\\') => String::with_capacity(i - start + 16),
            _ => return Err(self.string_stop_error(i)),
        };
        let mut run = start;
        loop {
            // `i` is at a backslash.
            out.push_str(text.get(run..i).unwrap_or_default());
            let inner_start = out.len();
            let (ch, next) = decode_one(text, i)?;
            out.push(ch);
            on_escape(inner_start, out.len(), i, next);
            run = next;
            i = self.scan_plain(next);
            match self.bytes.get(i) {
                Some(b'"') => {
                    out.push_str(text.get(run..i).unwrap_or_default());
                    self.pos = i + 1;
                    return Ok((Cow::Owned(out), Span::new(open, self.pos)));
                }
                Some(b'\\') => {}
                _ => return Err(self.string_stop_error(i)),
            }
        }
    }

    /// The error for a string that stops at `i` on neither a quote nor a backslash.
    fn string_stop_error(&self, i: usize) -> JsonError {
        if i >= self.bytes.len() {
            error_at(self.text, self.bytes.len(), "unterminated string")
        } else {
            error_at(
                self.text,
                i,
                "control character in string (must be escaped)",
            )
        }
    }

    fn string(&mut self) -> Result<(Cow<'a, str>, Span), JsonError> {
        self.string_with(|_, _, _, _| {})
    }

    /// Like [`Parser::string_value`], reporting each escape sequence to `on_escape` as
    /// [`Parser::string_with`] does.
    pub(crate) fn string_value_with(
        &mut self,
        on_escape: impl FnMut(usize, usize, usize, usize),
    ) -> Result<Spanned<Cow<'a, str>>, JsonError> {
        let (value, span) = self.string_with(on_escape)?;
        self.skip_ws();
        Ok(Spanned::new(value, span))
    }

    /// The string value at `pos` (which must be a string), skipping whitespace after it.
    pub(crate) fn string_value(&mut self) -> Result<Spanned<Cow<'a, str>>, JsonError> {
        let (value, span) = self.string()?;
        self.skip_ws();
        Ok(Spanned::new(value, span))
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error_here(&format!(
                "arrays and objects nested more than {MAX_DEPTH} levels deep"
            )));
        }
        self.depth += 1;
        Ok(())
    }

    /// Walk the object at `pos`, calling `member` with each key (span including quotes)
    /// while `pos` is at the member's value, which `member` must consume (with
    /// [`Parser::value`], [`Parser::skip`], or another walk). Returns the object's span.
    pub(crate) fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, Spanned<Cow<'a, str>>) -> Result<(), JsonError>,
    ) -> Result<Span, JsonError> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            let mut first = true;
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.error_here(if first {
                        "expected a string key or '}'"
                    } else {
                        "expected a string key after ','"
                    }));
                }
                first = false;
                let key = self.string_value()?;
                if self.peek() != Some(b':') {
                    return Err(self.error_here("expected ':' after object key"));
                }
                self.pos += 1;
                self.skip_ws();
                member(self, key)?;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.error_here("expected ',' or '}' after object member")),
                }
            }
        }
        self.depth -= 1;
        let span = Span::new(start, self.pos);
        self.skip_ws();
        Ok(span)
    }

    /// Walk the array at `pos`, calling `element` while `pos` is at each element, which
    /// `element` must consume. Returns the array's span.
    pub(crate) fn array(
        &mut self,
        mut element: impl FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<Span, JsonError> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                element(self)?;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.error_here("expected ',' or ']' after array element")),
                }
            }
        }
        self.depth -= 1;
        let span = Span::new(start, self.pos);
        self.skip_ws();
        Ok(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> JsonError {
        match parse(text) {
            Ok(v) => panic!("expected an error for {text:?}, got {v:?}"),
            Err(e) => e,
        }
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    /// A tiny deterministic generator (xorshift64*) so the fuzz-style tests need no crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const SAMPLE: &str = "\u{feff} {\"a\": [1, -2.5e3, 0.0, true, false, null],\n \"b\\u00e9\": {\"c\": \"x\\n\\\"y\\\" \\ud83d\\ude00 é\"},\n \"a\": [], \"d\": {}, \"e\": \"\" }\n";

    #[test]
    fn parses_all_value_kinds_with_spans() {
        let text = r#" {"n": null, "t": true, "f": false, "x": -12.5e-1, "s": "hi", "a": [1, [2]], "o": {"k": 0}} "#;
        let doc = parse(text).unwrap();
        assert_eq!(slice(text, doc.span), text.trim());
        assert!(doc.get("n").unwrap().is_null());
        assert_eq!(doc.get("t").unwrap().as_bool(), Some(true));
        assert_eq!(doc.get("f").unwrap().as_bool(), Some(false));
        assert_eq!(doc.get("x").unwrap().as_f64(), Some(-1.25));
        assert_eq!(slice(text, doc.get("x").unwrap().span), "-12.5e-1");
        let s = doc.get("s").unwrap();
        assert_eq!(s.as_str(), Some("hi"));
        assert_eq!(slice(text, s.span), "\"hi\"");
        assert_eq!(slice(text, s.string_content_span()), "hi");
        let a = doc.get("a").unwrap();
        assert_eq!(slice(text, a.span), "[1, [2]]");
        assert_eq!(slice(text, a.as_array().unwrap()[1].span), "[2]");
        let o = doc.get("o").unwrap();
        assert_eq!(slice(text, o.span), r#"{"k": 0}"#);
        let (key, _) = &doc.as_object().unwrap()[4];
        assert_eq!(key.value, "s");
        assert_eq!(slice(text, key.span), "\"s\"");
        assert!(doc.get("missing").is_none());
        assert!(s.get("s").is_none());
    }

    #[test]
    fn numbers_follow_the_rfc_grammar() {
        for ok in [
            "0", "-0", "1", "123", "1.5", "-0.25", "1e9", "1E+2", "2e-3", "1e400",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(parse("1e400").unwrap().as_f64(), Some(f64::INFINITY));
        for bad in [
            "01", "+1", "1.", ".5", "1e", "1e+", "-", "--1", "0x10", "1.e3",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let e = err("[1.]");
        assert_eq!(e.span, Span::new(3, 4));
    }

    #[test]
    fn escapes_in_keys_and_values() {
        let text = r#"{"k\"e\\y\/": "\b\f\n\r\t\u0041\u00e9\u20AC", "plain": "a\/b"}"#;
        let doc = parse(text).unwrap();
        let (key, value) = &doc.as_object().unwrap()[0];
        assert_eq!(key.value, "k\"e\\y/");
        assert_eq!(slice(text, key.span), r#""k\"e\\y\/""#);
        assert_eq!(value.as_str(), Some("\u{8}\u{c}\n\r\tAé€"));
        assert_eq!(doc.get("k\"e\\y/"), Some(value));
        assert_eq!(doc.get("plain").unwrap().as_str(), Some("a/b"));
        assert_eq!(
            slice(text, doc.get("plain").unwrap().string_content_span()),
            r"a\/b"
        );
    }

    #[test]
    fn surrogate_pairs_and_lone_surrogates() {
        let doc = parse(r#"["\ud83d\ude00", "\uD834\uDD1E", "a\ud800b", "\udc00", "\ud800", "\ud800\u0041", "\ud800\ud800\udc00"]"#).unwrap();
        let s: Vec<&str> = doc
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            s,
            [
                "😀",
                "𝄞",
                "a\u{fffd}b",
                "\u{fffd}",
                "\u{fffd}",
                "\u{fffd}A",
                "\u{fffd}\u{10000}"
            ]
        );
    }

    #[test]
    fn bom_is_skipped_but_spans_stay_file_offsets() {
        let text = "\u{feff}{\"a\":\"b\"}";
        let doc = parse(text).unwrap();
        assert_eq!(doc.span, Span::new(3, text.len()));
        assert_eq!(
            slice(text, doc.get("a").unwrap().string_content_span()),
            "b"
        );
        // A BOM anywhere else is not whitespace.
        assert_eq!(err(" \u{feff}{}").span, Span::new(1, 4));
    }

    #[test]
    fn get_ci_and_duplicate_keys() {
        let doc = parse(r#"{"Name": 1, "name": 2, "Name": 3}"#).unwrap();
        assert_eq!(doc.as_object().unwrap().len(), 3);
        assert_eq!(doc.get("Name").unwrap().as_f64(), Some(1.0));
        assert_eq!(doc.get("name").unwrap().as_f64(), Some(2.0));
        assert_eq!(doc.get("NAME"), None);
        assert_eq!(doc.get_ci("NAME").unwrap().as_f64(), Some(1.0));
    }

    #[test]
    fn error_spans_point_at_the_offending_byte() {
        let cases: &[(&str, &str, &str)] = &[
            (
                r#"{"a": 1 "b": 2}"#,
                "\"",
                "expected ',' or '}' after object member",
            ),
            ("[1 2]", "2", "expected ',' or ']' after array element"),
            (r#"{"a" 1}"#, "1", "expected ':' after object key"),
            ("{a: 1}", "a", "expected a string key or '}'"),
            (r#"{"a": 1,}"#, "}", "expected a string key after ','"),
            ("[1,]", "]", "expected a value"),
            ("[tru]", "]", "invalid literal (expected `true`)"),
            ("nul", "", "invalid literal (expected `null`)"),
            ("{} x", "x", "unexpected characters after the JSON value"),
            ("[1] é", "é", "unexpected characters after the JSON value"),
            (r#"["a\qb"]"#, "q", "invalid escape sequence"),
            (r#"["a\é"]"#, "é", "invalid escape sequence"),
            (r#"["\u12G4"]"#, "G", "invalid \\u escape"),
            ("[\"a\tb\"]", "\t", "control character in string"),
            ("[\"abc", "", "unterminated string"),
            ("", "", "unexpected end of input"),
            ("[", "", "unexpected end of input"),
            ("  ", "", "unexpected end of input"),
        ];
        for &(text, at, message) in cases {
            let e = err(text);
            assert!(
                e.message.starts_with(message),
                "{text:?}: {:?} does not start with {message:?}",
                e.message
            );
            assert_eq!(slice(text, e.span), at, "{text:?}: {e:?}");
            if at.is_empty() {
                assert_eq!(e.span, Span::empty_at(text.len()), "{text:?}");
            }
        }
        let e = err(r#"{"a": 1 "b": 2}"#);
        assert_eq!(e.span, Span::new(8, 9));
        assert!(e.to_string().contains("bytes 8..9"));
    }

    #[test]
    fn depth_limit_is_an_error_not_a_stack_overflow() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = err(&deep);
        assert!(e.message.contains("nested"), "{e:?}");
        assert_eq!(e.span, Span::new(MAX_DEPTH, MAX_DEPTH + 1));

        let e = err(&"[".repeat(10_000));
        assert!(e.message.contains("nested"), "{e:?}");
        let e = err(&r#"{"a":"#.repeat(10_000));
        assert!(e.message.contains("nested"), "{e:?}");
    }

    fn assert_error_is_well_formed(text: &str, e: &JsonError) {
        assert!(e.span.end as usize <= text.len(), "{text:?}: {e:?}");
        assert!(
            text.get(e.span.range()).is_some(),
            "error span splits a character: {text:?}: {e:?}"
        );
        assert!(!e.message.is_empty());
    }

    #[test]
    fn every_prefix_of_a_document_is_handled_without_panicking() {
        assert!(parse(SAMPLE).is_ok());
        for end in 0..SAMPLE.len() {
            let Some(prefix) = SAMPLE.get(..end) else {
                continue;
            };
            match parse(prefix) {
                // Only the full object (maybe minus trailing whitespace) parses.
                Ok(_) => assert!(SAMPLE[end..].trim().is_empty(), "prefix {prefix:?} parsed"),
                Err(e) => assert_error_is_well_formed(prefix, &e),
            }
        }
        // Byte-wise truncation, made valid UTF-8 the lossy way.
        for end in 0..SAMPLE.len() {
            let prefix = String::from_utf8_lossy(&SAMPLE.as_bytes()[..end]).into_owned();
            if let Err(e) = parse(&prefix) {
                assert_error_is_well_formed(&prefix, &e);
            }
        }
    }

    #[test]
    fn random_input_never_panics() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        // Raw random bytes.
        for _ in 0..2_000 {
            let len = rng.below(64);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            let text = String::from_utf8_lossy(&bytes);
            if let Err(e) = parse(&text) {
                assert_error_is_well_formed(&text, &e);
            }
        }
        // Token soup, far more likely to get deep into the grammar.
        const PIECES: &[&str] = &[
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "d83d", "\\ude00", "a", "é", "😀",
            "0", "-", "1.5", "e", "true", "null", "fals", " ", "\n", "\"k\":", "\\\"", "\t",
        ];
        for _ in 0..20_000 {
            let n = rng.below(24);
            let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            if let Err(e) = parse(&text) {
                assert_error_is_well_formed(&text, &e);
            }
        }
        // Random single-byte mutations of a valid document.
        for _ in 0..5_000 {
            let mut bytes = SAMPLE.as_bytes().to_vec();
            let at = rng.below(bytes.len());
            bytes[at] = rng.next() as u8;
            let text = String::from_utf8_lossy(&bytes);
            if let Err(e) = parse(&text) {
                assert_error_is_well_formed(&text, &e);
            }
        }
    }

    /// `skip` (which builds nothing) accepts and rejects exactly what `parse` does.
    fn assert_skip_agrees(text: &str) {
        let mut p = Parser::new(text);
        let skipped = p.skip().and_then(|span| p.finish().map(|()| span));
        match (parse(text), skipped) {
            (Ok(tree), Ok(span)) => assert_eq!(tree.span, span, "{text:?}"),
            (Err(a), Err(b)) => assert_eq!(a, b, "{text:?}"),
            (a, b) => panic!("{text:?}: parse gave {a:?}, skip gave {b:?}"),
        }
    }

    #[test]
    fn skipping_validates_like_parsing() {
        for end in 0..=SAMPLE.len() {
            assert_skip_agrees(&String::from_utf8_lossy(&SAMPLE.as_bytes()[..end]));
        }
        for text in [
            r#"["\q"]"#,
            r#"["\u12"]"#,
            "[\"a\\u0001\"]",
            "[\"a\u{1}\"]",
            r#"{"a":1,}"#,
            r#"["\ud800\u"]"#,
        ] {
            assert_skip_agrees(text);
        }
        assert_skip_agrees(&"[".repeat(300));
        let mut rng = Rng(42);
        const PIECES: &[&str] = &[
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "00e9", "a", "1", "-", "e", "null",
            " ",
        ];
        for _ in 0..20_000 {
            let n = rng.below(16);
            let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            assert_skip_agrees(&text);
        }
    }

    #[test]
    fn string_decoding_reports_escape_positions() {
        let text = r#""ab\"c\u00e9d\ud83d\ude00" "#;
        let mut p = Parser::new(text);
        let mut seen = Vec::new();
        let value = p
            .string_value_with(|a, b, c, d| seen.push((a, b, c, d)))
            .unwrap();
        assert_eq!(value.value, "ab\"céd😀");
        assert_eq!(value.span, Span::new(0, text.len() - 1));
        // `\"` made byte 2; `\u00e9` made bytes 4..6; the surrogate pair made 7..11.
        assert_eq!(seen, [(2, 3, 3, 5), (4, 6, 6, 12), (7, 11, 13, 25)]);
        assert_eq!(p.peek(), None);

        // Without escapes the value is borrowed from the text.
        let mut p = Parser::new(r#""plain""#);
        let value = p
            .string_value_with(|_, _, _, _| panic!("no escapes"))
            .unwrap();
        assert!(matches!(value.value, Cow::Borrowed("plain")));
    }
}
