//! A shallow pass over a document: where its root element starts and where its end tag
//! starts, and the root's children, each with the text of one named child of its own (an
//! entry's key, e.g. a `fieldPermissions` entry's `field`), found by following the tags
//! without building a tree. It gives up (`None`) on whatever it does not follow exactly as
//! the tree does: a document type declaration, CDATA, an `&` anywhere, a key that is not
//! plain text, a start tag holding `<`, an end tag that does not match, anything but
//! comments and processing instructions around the root. The caller then builds the tree
//! ([`Shallow::of_tree`]), which gives the same answer where both give one.

use crate::source::Span;

use super::Document;
use super::scan::{find_any, is_space, tag_end};

/// The root and its children.
#[derive(Debug, PartialEq, Eq)]
pub struct Shallow {
    /// The `<` of the root's start tag.
    pub root: usize,
    /// The `<` of the root's end tag.
    pub end: usize,
    pub children: Vec<ShallowChild>,
}

/// A child of the root.
#[derive(Debug, PartialEq, Eq)]
pub struct ShallowChild {
    /// Its local name (after any `prefix:`).
    pub name: Span,
    /// The `<` of its start tag.
    pub start: usize,
    /// The trimmed text of its first child named by `key_of(name)`, when it has one.
    pub key: Option<String>,
}

impl Shallow {
    /// The shallow pass over `text`; `key_of` names the key child of a child of the root.
    pub fn of(text: &str, key_of: impl Fn(&str) -> Option<&'static str>) -> Option<Shallow> {
        let b = text.as_bytes();
        let bom = text.len() - text.trim_start_matches('\u{feff}').len();
        // Before the root: white space, comments and processing instructions only.
        let root = skip_misc(b, bom)?;
        if b.get(root) != Some(&b'<') {
            return None;
        }
        let mut at = root;
        // Names of the open elements, as byte ranges of their qualified names.
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut children = Vec::new();
        // The key still wanted for the last child of the root.
        let mut wanted: Option<&str> = None;
        loop {
            let i = find_any(b, at, [b'<', b'&'])?;
            if b[i] == b'&' {
                return None;
            }
            match *b.get(i + 1)? {
                b'!' if b[i..].starts_with(b"<!--") => at = end_of(b, i + 4, b"-->")?,
                b'?' => at = pi_end(b, i)?,
                b'!' => return None,
                b'/' => {
                    let end = tag_end(b, i)?;
                    let name = text.get(i + 2..end - 1)?.trim_end_matches(is_space_char);
                    let (s, e) = open.pop()?;
                    if name.as_bytes() != &b[s..e] {
                        return None;
                    }
                    if open.is_empty() {
                        // After the root: white space, comments and processing
                        // instructions only.
                        return (skip_misc(b, end)? == b.len()).then_some(Shallow {
                            root,
                            end: i,
                            children,
                        });
                    }
                    at = end;
                }
                _ => {
                    let end = tag_end(b, i)?;
                    if b[i + 1..end].contains(&b'<') {
                        return None;
                    }
                    // As the tree reads a start tag: `/>` ends an empty element, and the
                    // name runs to the first white space.
                    let (content_end, empty) = if b[end - 2] == b'/' {
                        (end - 2, true)
                    } else {
                        (end - 1, false)
                    };
                    let name_end = (i + 1..content_end)
                        .find(|&k| is_space(b[k]))
                        .unwrap_or(content_end);
                    if name_end == i + 1 {
                        return None;
                    }
                    let qname = &text[i + 1..name_end];
                    let local_start = qname.rfind(':').map_or(0, |k| k + 1);
                    let local = &qname[local_start..];
                    match open.len() {
                        0 if root != i => return None,
                        1 => {
                            wanted = key_of(local);
                            children.push(ShallowChild {
                                name: Span::new(i + 1 + local_start, name_end),
                                start: i,
                                key: None,
                            });
                        }
                        2 if wanted == Some(local) => {
                            wanted = None;
                            let key = if empty {
                                String::new()
                            } else {
                                // Plain text up to its own end tag.
                                let close = find_any(b, end, [b'<', b'&'])?;
                                if b[close] != b'<' || b.get(close + 1) != Some(&b'/') {
                                    return None;
                                }
                                text[end..close].trim().to_string()
                            };
                            if let Some(last) = children.last_mut() {
                                last.key = Some(key);
                            }
                        }
                        _ => {}
                    }
                    if !empty {
                        open.push((i + 1, name_end));
                    }
                    at = end;
                }
            }
        }
    }

    /// The same from the document's tree.
    pub fn of_tree(
        doc: &Document,
        key_of: impl Fn(&str) -> Option<&'static str>,
    ) -> Option<Shallow> {
        let root = doc.root();
        let span = root.span();
        let end = span.start as usize + doc.text().get(span.range())?.rfind("</")?;
        let children = root
            .children()
            .map(|c| ShallowChild {
                name: c.name_span(),
                start: c.span().start as usize,
                key: key_of(c.name())
                    .and_then(|k| c.child_text(k))
                    .map(|t| t.trim().to_string()),
            })
            .collect();
        Some(Shallow {
            root: span.start as usize,
            end,
            children,
        })
    }
}

fn is_space_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_space)
}

/// The offset just after the first `close` at or after `from`.
fn end_of(b: &[u8], from: usize, close: &[u8]) -> Option<usize> {
    let rest = b.get(from..)?;
    rest.windows(close.len())
        .position(|w| w == close)
        .map(|k| from + k + close.len())
}

/// The offset just after the processing instruction at `lt` (`<?>` is none).
fn pi_end(b: &[u8], lt: usize) -> Option<usize> {
    let end = end_of(b, lt + 1, b"?>")?;
    (end - lt > 3).then_some(end)
}

/// The first offset at or after `at` that is not white space, a comment or a processing
/// instruction (the text's length when there is none); `None` when one does not close.
fn skip_misc(b: &[u8], mut at: usize) -> Option<usize> {
    loop {
        while b.get(at).is_some_and(|&c| is_space(c)) {
            at += 1;
        }
        if b[at..].starts_with(b"<!--") {
            at = end_of(b, at + 4, b"-->")?;
        } else if b[at..].starts_with(b"<?") {
            at = pi_end(b, at)?;
        } else {
            return Some(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(tag: &str) -> Option<&'static str> {
        match tag {
            "fieldPermissions" => Some("field"),
            "objectPermissions" => Some("object"),
            _ => None,
        }
    }

    /// When the shallow pass answers, the document parses and its tree gives the same.
    fn agrees(text: &str) -> bool {
        let shallow = Shallow::of(text, key_of);
        if let Some(s) = &shallow {
            let doc = Document::parse(text.into());
            let doc = doc.unwrap_or_else(|e| panic!("{text:?}: {}", e.message));
            assert_eq!(Some(s), Shallow::of_tree(&doc, key_of).as_ref(), "{text:?}");
        }
        shallow.is_some()
    }

    const SAMPLE: &str = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- head -->\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <custom>false</custom>\n    <fieldPermissions>\n        <editable>false</editable>\n        <field> Account.B__c </field>\n        <readable>true</readable>\n    </fieldPermissions>\n    <objectPermissions><object/><allowRead>true</allowRead></objectPermissions>\n    <x a='1>' b=\"/>\"><field>not a key</field></x>\n    <fieldPermissions><x><field>deep</field></x><field>A.C__c</field></fieldPermissions>\n    <ns:y/><z />\n    <!-- sflint-ignore PM001: why -->\n    <?pi data?>\n</Profile >\n<!-- tail -->\n";

    #[test]
    fn finds_what_the_tree_finds() {
        assert!(agrees(SAMPLE));
        let s = Shallow::of(SAMPLE, key_of).unwrap();
        let keys: Vec<Option<&str>> = s.children.iter().map(|c| c.key.as_deref()).collect();
        assert_eq!(
            keys,
            [
                None,
                Some("Account.B__c"),
                Some(""),
                None,
                Some("A.C__c"),
                None,
                None
            ]
        );
        super::super::edits::each_xml_file(|path, text| {
            let shallow = agrees(text);
            // A well-formed file with nothing the pass leaves to the tree is read.
            let plain = !text.contains('&')
                && !text.contains("<!DOCTYPE")
                && !text.contains("<![CDATA[")
                && !text.trim_end().ends_with("/>");
            if plain && Document::parse(text.into()).is_ok() {
                assert!(shallow, "{} left to the tree", path.display());
            }
        });
    }

    #[test]
    fn gives_up_on_what_it_does_not_follow() {
        let broken = super::super::edits::BROKEN.iter().copied();
        for text in broken.chain([
            "<a></a>x",
            "x<a></a>",
            "<a>&amp;</a>",
            "<!DOCTYPE a><a></a>",
            "<a><![CDATA[x]]></a>",
            "< a></a>",
            "<a><b c='<'></b></a>",
            "<a><!-- x </a>",
            "<a></a><b/>",
            "<a><fieldPermissions><field><b/></field></fieldPermissions></a>",
        ]) {
            assert!(Shallow::of(text, key_of).is_none(), "{text:?}");
        }
    }

    /// Every prefix and every one-character edit of the sample is read as the tree reads
    /// it, or left to the tree.
    #[test]
    fn agrees_with_the_tree_on_edits() {
        let specials = ["<", ">", "&", "/", "\"", "'", "!", "-", "?", " ", ":", "a"];
        let (read, cuts) = super::super::edits::each_edit(SAMPLE, &specials, agrees);
        assert!(read > cuts * 4, "{read}");
    }
}
