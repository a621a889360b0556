//! XML to a compact element tree that keeps byte spans.
//!
//! One flat arena of elements (no per-element `String`): every name and text is a span
//! into the file text, decoded only when a rule reads it. Two readers build it
//! ([`tree`]): a fast pass of our own ([`scan`]) reads the documents metadata files are,
//! and quick-xml ([`checked`]) reads whatever the fast pass leaves (a document type, every
//! error) and words the errors; the tests hold both to the same trees. The builders use
//! an explicit stack, so nesting depth cannot overflow the call stack.

use std::borrow::Cow;

mod checked;
#[cfg(test)]
mod edits;
mod scan;
pub mod shallow;
mod tree;

use crate::source::Span;
use crate::source::text::SharedText;

const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    /// The whole element, from `<` of the start tag to `>` of the end tag.
    span: Span,
    /// The local name (after any `prefix:`) in the start tag.
    name: Span,
    /// The content between start and end tag, trimmed of surrounding white space.
    text: Span,
    first_child: u32,
    next_sibling: u32,
    parent: u32,
    nil: bool,
    has_children: bool,
}

/// A comment: its whole span and the span of the text inside `<!--` `-->`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub text: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub message: String,
    pub span: Span,
}

/// A parsed XML document: the text it was read from and an arena of elements.
#[derive(Debug, Clone)]
pub struct Document {
    text: SharedText,
    nodes: Vec<Node>,
    pub comments: Vec<Comment>,
}

impl Drop for Document {
    fn drop(&mut self) {
        tree::give_back(std::mem::take(&mut self.nodes));
    }
}

impl Document {
    pub fn parse(text: SharedText) -> Result<Document, XmlError> {
        let (nodes, comments) = build(&text)?;
        Ok(Document {
            text,
            nodes,
            comments,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn root(&self) -> Element<'_> {
        Element { doc: self, idx: 0 }
    }

    pub fn element_count(&self) -> usize {
        self.nodes.len()
    }

    /// All elements in document order.
    pub fn elements(&self) -> impl Iterator<Item = Element<'_>> {
        (0..self.nodes.len() as u32).map(move |idx| Element { doc: self, idx })
    }

    /// The element at this position in document order.
    pub fn element(&self, index: usize) -> Option<Element<'_>> {
        (index < self.nodes.len()).then_some(Element {
            doc: self,
            idx: index as u32,
        })
    }

    /// How many elements start before byte `offset` (document order is start order, so
    /// this is the index of the first element starting at or after it). O(log n).
    pub fn elements_starting_before(&self, offset: u32) -> usize {
        self.nodes.partition_point(|n| n.span.start < offset)
    }
}

/// A borrowed handle to one element.
#[derive(Clone, Copy)]
pub struct Element<'d> {
    doc: &'d Document,
    idx: u32,
}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}>@{:?}", self.name(), self.span())
    }
}

impl<'d> Element<'d> {
    fn node(&self) -> &'d Node {
        &self.doc.nodes[self.idx as usize]
    }

    pub fn name(&self) -> &'d str {
        &self.doc.text[self.node().name.range()]
    }

    pub fn span(&self) -> Span {
        self.node().span
    }

    pub fn name_span(&self) -> Span {
        self.node().name
    }

    /// The span of the trimmed text content (for a leaf: exactly `false` in `<a>false</a>`).
    /// For an empty element, an empty span just after its start tag.
    pub fn text_span(&self) -> Span {
        self.node().text
    }

    pub fn raw_text(&self) -> &'d str {
        &self.doc.text[self.node().text.range()]
    }

    /// The decoded text content: entities and character references replaced, CDATA
    /// unwrapped, comments dropped. Borrowed when there is nothing to decode.
    pub fn text(&self) -> Cow<'d, str> {
        decode_text(self.raw_text())
    }

    pub fn is_nil(&self) -> bool {
        self.node().nil
    }

    pub fn has_children(&self) -> bool {
        self.node().has_children
    }

    pub fn parent(&self) -> Option<Element<'d>> {
        let p = self.node().parent;
        (p != NONE).then_some(Element {
            doc: self.doc,
            idx: p,
        })
    }

    pub fn children(&self) -> Children<'d> {
        Children {
            doc: self.doc,
            next: self.node().first_child,
        }
    }

    pub fn child(&self, name: &str) -> Option<Element<'d>> {
        self.children().find(|c| c.name() == name)
    }

    pub fn children_named<'n>(&self, name: &'n str) -> impl Iterator<Item = Element<'d>> + 'n
    where
        'd: 'n,
    {
        self.children().filter(move |c| c.name() == name)
    }

    /// Text of the first child with this name.
    pub fn child_text(&self, name: &str) -> Option<Cow<'d, str>> {
        self.child(name).map(|c| c.text())
    }

    /// Depth of the element: the root is 0.
    pub fn depth(&self) -> usize {
        let mut d = 0;
        let mut cur = self.node().parent;
        while cur != NONE {
            d += 1;
            cur = self.doc.nodes[cur as usize].parent;
        }
        d
    }

    pub fn index(&self) -> u32 {
        self.idx
    }
}

pub struct Children<'d> {
    doc: &'d Document,
    next: u32,
}

impl<'d> Iterator for Children<'d> {
    type Item = Element<'d>;
    fn next(&mut self) -> Option<Element<'d>> {
        if self.next == NONE {
            return None;
        }
        let idx = self.next;
        self.next = self.doc.nodes[idx as usize].next_sibling;
        Some(Element { doc: self.doc, idx })
    }
}

fn build(text: &str) -> Result<(Vec<Node>, Vec<Comment>), XmlError> {
    // Nearly every file takes the fast path; anything it does not read exactly as
    // quick-xml does (and every error) is read again by quick-xml.
    match scan::scan(text) {
        Some(tree) => Ok(tree),
        None => checked::build(text),
    }
}

/// `span` without the white space at either end.
fn trim_span(text: &str, span: Span) -> Span {
    let s = &text.as_bytes()[span.range()];
    let lead = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let trail = s[lead..]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    Span::new(span.start as usize + lead, span.end as usize - trail)
}

/// Decode XML text: the five predefined entities, numeric character references, CDATA
/// sections and comments. Unknown entities are kept as written (we never expand DTD
/// entities, so entity bombs cannot blow up).
/// `s.trim()`, without walking characters when the text starts and ends with an ASCII
/// byte that is not whitespace (most element texts: `true`, `Account.Name`), the case where
/// there is nothing to trim (a character that is whitespace starts with a byte that is).
pub fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] | [first @ last]
            if first.is_ascii_graphic() && last.is_ascii_graphic() =>
        {
            s
        }
        _ => s.trim(),
    }
}

pub fn decode_text(raw: &str) -> Cow<'_, str> {
    // No early exit: the compiler compares sixteen bytes at a time (most texts are short
    // names and flags, and hold neither).
    let markup = raw
        .as_bytes()
        .iter()
        .fold(false, |seen, &b| seen | (b == b'&') | (b == b'<'));
    if !markup {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find(['&', '<']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            out.push_str(&after[..end]);
            rest = after.get(end + 3..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |e| e + 3);
            rest = &after[end..];
        } else if rest.starts_with('<') {
            out.push('<');
            rest = &rest[1..];
        } else {
            let end = rest[1..].find(';').map(|e| e + 1);
            let decoded = end.and_then(|e| decode_entity(&rest[1..e]));
            match (end, decoded) {
                (Some(e), Some(c)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A retrieved profile is ~70,000 nodes: each byte of a node is 70 KB of memory to
    /// write for every profile parsed.
    #[test]
    fn a_node_takes_40_bytes() {
        assert_eq!(std::mem::size_of::<Node>(), 40);
    }

    #[test]
    fn siblings_and_children_link_in_document_order() {
        let doc = Document::parse("<r><a/><b><c>1</c><d/><e>2</e></b><f/></r>".into()).unwrap();
        fn names(el: Element<'_>) -> Vec<String> {
            el.children().map(|c| c.name().to_string()).collect()
        }
        assert_eq!(names(doc.root()), ["a", "b", "f"]);
        let b = doc.root().child("b").unwrap();
        assert_eq!(names(b), ["c", "d", "e"]);
        assert!(b.has_children() && !doc.root().child("a").unwrap().has_children());
        assert_eq!(b.child("e").unwrap().parent().unwrap().name(), "b");
    }

    #[test]
    fn trim_is_str_trim() {
        let ends = [
            "", " ", "\t", "\n", "\r\n", "a", "é", "\u{a0}", "\u{85}", "\u{2003}", "\u{7f}",
            "\u{1}", "~", "!",
        ];
        for a in ends {
            for b in ["", "x", "a b", "Account.Name", " "] {
                for c in ends {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(trim(&s), s.trim(), "{s:?}");
                }
            }
        }
    }

    fn doc(s: &str) -> Document {
        Document::parse(s.into()).expect("parses")
    }

    fn err(s: &str) -> XmlError {
        Document::parse(s.into()).expect_err("must fail")
    }

    #[test]
    fn spans_of_names_and_text() {
        let src = "<?xml version=\"1.0\"?>\n<Profile xmlns=\"x\">\n  <fieldPermissions>\n    <readable> false </readable>\n  </fieldPermissions>\n</Profile>\n";
        let d = doc(src);
        let root = d.root();
        assert_eq!(root.name(), "Profile");
        let fp = root.child("fieldPermissions").unwrap();
        let r = fp.child("readable").unwrap();
        assert_eq!(&src[r.text_span().range()], "false");
        assert_eq!(r.text(), "false");
        assert_eq!(&src[r.span().range()], "<readable> false </readable>");
        assert_eq!(&src[r.name_span().range()], "readable");
        assert_eq!(r.parent().unwrap().name(), "fieldPermissions");
        assert_eq!(r.depth(), 2);
        assert!(&src[root.span().range()].ends_with("</Profile>"));
    }

    #[test]
    fn prefixed_names_bom_and_crlf() {
        let src = "\u{feff}<?xml version=\"1.0\"?>\r\n<ns:Profile xmlns:ns=\"x\">\r\n<ns:custom>true</ns:custom>\r\n</ns:Profile>\r\n";
        let d = doc(src);
        assert_eq!(d.root().name(), "Profile");
        let c = d.root().child("custom").unwrap();
        assert_eq!(&src[c.text_span().range()], "true");
        assert_eq!(&src[c.name_span().range()], "custom");
    }

    #[test]
    fn entities_cdata_and_comments_decode() {
        let d = doc(
            "<a><b>x &amp; y &#233;&#x41;&bogus;</b><c><![CDATA[<raw>]]></c><e>t<!-- n -->rue</e></a>",
        );
        assert_eq!(d.root().child_text("b").unwrap(), "x & y éA&bogus;");
        assert_eq!(d.root().child_text("c").unwrap(), "<raw>");
        assert_eq!(d.root().child_text("e").unwrap(), "true");
    }

    #[test]
    fn nil_and_empty_elements() {
        let d = doc("<a xmlns:xsi=\"i\"><content xsi:nil=\"true\"/><b/><c></c></a>");
        let root = d.root();
        assert!(root.child("content").unwrap().is_nil());
        assert!(!root.child("b").unwrap().is_nil());
        assert_eq!(root.child_text("b").unwrap(), "");
        assert_eq!(root.child_text("c").unwrap(), "");
        assert_eq!(root.children().count(), 3);
    }

    #[test]
    fn comments_are_recorded() {
        let src = "<a><!-- sflint-ignore PM001: why --><b/></a>";
        let d = doc(src);
        assert_eq!(d.comments.len(), 1);
        assert_eq!(
            &src[d.comments[0].text.range()],
            " sflint-ignore PM001: why "
        );
    }

    #[test]
    fn malformed_inputs_give_errors_with_spans() {
        let e = err("<a><b>text</a>");
        assert!(e.message.contains("</a>"), "{}", e.message);
        let e = err("<a><b>");
        assert!(e.message.contains("never closed"), "{}", e.message);
        assert_eq!(e.span, Span::empty_at(6));
        assert!(err("").message.contains("no root"));
        assert!(err("   \n").message.contains("no root"));
        assert!(err("<a/><b/>").message.contains("second root"));
        assert!(err("<a/>junk").message.contains("outside"));
        assert!(err("<a").message.contains("not closed"));
    }

    #[test]
    fn repeated_byte_order_marks_keep_offsets_right() {
        // Found by fuzzing: two BOMs made quick-xml's offsets disagree with ours.
        let src = "\u{feff}\u{feff}<<?xml\n%?]xmvm]n?Prt\n =dsm>ie";
        let _ = Document::parse(src.into());
        let _ = Document::parse("\u{feff}\u{feff}i".into());
        let src = "\u{feff}\u{feff}<a><b>x</b></a>";
        let d = doc(src);
        let b = d.root().child("b").unwrap();
        assert_eq!(&src[b.text_span().range()], "x");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 10_000;
        let src = "<a>".repeat(depth) + &"</a>".repeat(depth);
        let d = doc(&src);
        assert_eq!(d.element_count(), depth);
        let unclosed = "<a>".repeat(depth);
        assert!(Document::parse(unclosed.as_str().into()).is_err());
    }

    #[test]
    fn every_prefix_of_a_document_parses_or_errors_without_panic() {
        let src = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\"><!-- c --><fieldPermissions><editable>false</editable><field>Account.Näme__c</field><readable>true</readable></fieldPermissions><x a='1' b=\"&amp;\"><![CDATA[z]]></x></Profile>";
        for end in 0..=src.len() {
            if src.is_char_boundary(end) {
                let _ = Document::parse(src[..end].into());
            }
        }
    }
}
