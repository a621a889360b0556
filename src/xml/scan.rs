//! The fast path: one pass over the text that builds the same tree as quick-xml's events
//! ([`super::checked`]) for the documents metadata files are: tags, character data with
//! references, comments, CDATA sections, declarations and processing instructions. It
//! gives up (`None`) on anything else (a document type declaration, an empty tag name)
//! and on every error; the reference reader then reads the document again and words the
//! error. The tests hold both readers to the same trees, input by input.
//!
//! Why a second reader: the tree needs offsets only, but quick-xml checks that each event's
//! bytes are UTF-8 (our text is a `str` already) and builds an event for each; this pass
//! takes a third of its time.

use super::tree::Tree;
use super::{Comment, Node};

pub(super) fn scan(text: &str) -> Option<(Vec<Node>, Vec<Comment>)> {
    let bytes = text.as_bytes();
    let base = text.len() - text.trim_start_matches('\u{feff}').len();
    let mut tree = Tree::new(text);
    // The character data since the last markup, and whether it holds an `&`.
    let (mut data, mut amp) = (base, false);
    let mut at = base;
    while let Some(i) = find_any(bytes, at, [b'<', b'&']) {
        if bytes[i] == b'&' {
            amp = true;
            at = i + 1;
            continue;
        }
        if i > data {
            character_data(&tree, text, data, i, amp)?;
        }
        at = markup(&mut tree, text, i)?;
        (data, amp) = (at, false);
    }
    at = bytes.len();
    if at > data {
        character_data(&tree, text, data, at, amp)?;
    }
    tree.finish().ok()
}

/// `pat` in `text` at or after `from` (a character boundary: every offset this module
/// gives is just after an ASCII byte, or the start of the body).
fn find(text: &str, from: usize, pat: &str) -> Option<usize> {
    text[from..].find(pat).map(|i| from + i)
}

/// Character data at `start..end`: as quick-xml, every `&` starts a reference that a `;`
/// ends before any other `&` (the data ends at a `<`).
fn character_data(tree: &Tree<'_>, text: &str, start: usize, end: usize, amp: bool) -> Option<()> {
    let mut rest = &text.as_bytes()[start..end];
    while amp && let Some(at) = rest.iter().position(|&b| b == b'&') {
        rest = &rest[at + 1..];
        let stop = rest.iter().position(|&b| b == b';' || b == b'&')?;
        if rest[stop] != b';' {
            return None;
        }
        rest = &rest[stop + 1..];
    }
    // Outside the root only white space may stand (an `&` is not white space).
    tree.text(start, end).ok()
}

/// The markup that starts with the `<` at `lt`; returns the offset just after it.
fn markup(tree: &mut Tree<'_>, text: &str, lt: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match *bytes.get(lt + 1)? {
        b'!' => {
            let rest = &text[lt..];
            if rest.starts_with("<!--") {
                let end = find(text, lt + 4, "-->")? + 3;
                tree.comment(lt, end);
                Some(end)
            } else if rest.starts_with("<![CDATA[") {
                let end = find(text, lt + 9, "]]>")? + 3;
                tree.content(lt, end).ok()?;
                Some(end)
            } else {
                None
            }
        }
        b'?' => {
            // `<?>` is not a processing instruction.
            let end = find(text, lt + 1, "?>")? + 2;
            (end - lt > 3).then_some(end)
        }
        b'/' => {
            let end = tag_end(bytes, lt)?;
            let name = &text[lt + 2..end - 1];
            let name = &name[..name
                .bytes()
                .rposition(|b| !is_space(b))
                .map_or(0, |i| i + 1)];
            if tree.open_name()? != name {
                return None;
            }
            tree.close(lt, end).ok()?;
            Some(end)
        }
        _ => {
            let end = tag_end(bytes, lt)?;
            let (content, empty) = match text[lt + 1..end].strip_suffix("/>") {
                Some(content) => (content, true),
                None => (&text[lt + 1..end - 1], false),
            };
            let name_len = content.bytes().position(is_space).unwrap_or(content.len());
            if name_len == 0 {
                return None;
            }
            let (qname, attrs) = content.split_at(name_len);
            tree.open(lt, end, qname, attrs, empty).ok()?;
            Some(end)
        }
    }
}

/// XML's white space (what quick-xml splits names at).
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The offset just after the `>` that closes the tag starting at `lt`, outside quoted
/// attribute values.
pub(super) fn tag_end(bytes: &[u8], lt: usize) -> Option<usize> {
    let mut at = lt;
    loop {
        let i = find_any(bytes, at, [b'>', b'"', b'\''])?;
        if bytes[i] == b'>' {
            return Some(i + 1);
        }
        at = find_any(bytes, i + 1, [bytes[i]])? + 1;
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The first offset at or after `from` that holds one of `set`, eight bytes at a time:
/// runs between markup are a few bytes, too short for a vectorised search to pay off.
#[inline]
pub(super) fn find_any<const N: usize>(bytes: &[u8], from: usize, set: [u8; N]) -> Option<usize> {
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        // A byte of `word ^ c * ONES` is zero where the byte is `c`; the lowest flag of
        // `x - ONES & !x & HIGHS` marks the first zero byte exactly (a borrow can only
        // flag bytes above it).
        let hits = set.iter().fold(0, |acc, &c| {
            let x = word ^ (ONES * u64::from(c));
            acc | (x.wrapping_sub(ONES) & !x & HIGHS)
        });
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes
        .get(at..)?
        .iter()
        .position(|b| set.contains(b))
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::super::checked;
    use super::*;

    /// When the fast path reads a text, it must read it exactly as quick-xml's events do
    /// (quick-xml may accept more: the fast path leaves the rest to it).
    fn agrees(text: &str) -> bool {
        let fast = scan(text);
        if let Some(tree) = &fast {
            assert_eq!(Ok(tree), checked::build(text).as_ref(), "{text:?}");
        }
        fast.is_some()
    }

    const SAMPLE: &str = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- head -->\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\" xmlns:xsi=\"i\">\n    <custom>false</custom>\n    <fieldPermissions>\n        <editable>false</editable>\n        <field>Account.N&#228;me__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n    <description>a &amp; b &lt; c</description>\n    <x a='1>' b=\"&amp;/>\"><![CDATA[z]]></x>\n    <y xsi:nil=\"true\"/><z /><ns:w></ns:w >\n    <!-- sflint-ignore PM001: why -->\n    <?pi data?>\n</Profile>\n<!-- tail -->\n";

    #[test]
    fn reads_metadata_documents_itself() {
        assert!(agrees(SAMPLE));
        assert!(agrees("<a/>"));
        assert!(agrees("<a>x</a>"));
        super::super::edits::each_xml_file(|path, text| {
            let fast = agrees(text);
            // Everything well formed without a document type is read on the fast path.
            if checked::build(text).is_ok() && !text.contains("<!DOCTYPE") {
                assert!(fast, "{} left to quick-xml", path.display());
            }
        });
    }

    #[test]
    fn gives_up_on_what_it_does_not_read() {
        let broken = super::super::edits::BROKEN.iter().copied();
        for text in broken.chain([
            "<a/>x",
            "x<a/>",
            "<a>&</a>",
            "<a>&x</a>",
            "<a>&x&y;</a>",
            "&a;<a/>",
            "<![CDATA[x]]><a/>",
            "<!DOCTYPE a><a/>",
            "<!-x--><a/>",
            "<![CDAT[x]]><a/>",
            "<?><a/>",
            "< a/>",
            "<></>",
            "<a>x</a >y",
            "<a b='>",
            "<a><!-- x </a>",
        ]) {
            assert!(scan(text).is_none(), "{text:?}");
            let _ = checked::build(text);
        }
    }

    /// Every prefix and every one-character edit of a sample (with the characters XML
    /// syntax turns on) is read alike, or left to quick-xml.
    #[test]
    fn agrees_with_quick_xml_on_edits() {
        let specials = [
            "<", ">", "&", ";", "/", "\"", "'", "!", "-", "?", "]", "[", " ", ":", "=", "\u{feff}",
        ];
        let (read, cuts) = super::super::edits::each_edit(SAMPLE, &specials, agrees);
        // Most edits land in text or white space and keep the document well formed.
        assert!(read > cuts * 4, "{read}");
    }

    #[test]
    fn finds_bytes_in_every_position_of_a_word() {
        let text = b"abcdefghijklmnopqrstu";
        for (i, &c) in text.iter().enumerate() {
            for from in 0..=i {
                assert_eq!(find_any(text, from, [c, b'#']), Some(i));
            }
            assert_eq!(find_any(text, i + 1, [c]), None);
        }
        assert_eq!(find_any(b"\x80\x81<\xff", 0, [b'<']), Some(2));
    }
}
