//! The element tree both readers ([`super::scan`], [`super::checked`]) build, and what
//! makes a document well formed beyond its tags: one root element, nothing but white
//! space and comments outside it, every element closed.

use std::cell::Cell;

use super::{Comment, NONE, Node, XmlError, trim_span};
use crate::source::Span;

pub(super) struct Tree<'t> {
    /// The whole file text (offsets are into it).
    text: &'t str,
    nodes: Vec<Node>,
    comments: Vec<Comment>,
    /// The open elements, innermost last, each with its last child so far (`NONE` while
    /// it has none): what links the next child in, kept here rather than in every node.
    stack: Vec<(u32, u32)>,
    root_closed: bool,
}

impl<'t> Tree<'t> {
    pub fn new(text: &'t str) -> Tree<'t> {
        Tree {
            text,
            nodes: spare_nodes(text.len() / 40 + 1),
            comments: Vec::new(),
            stack: Vec::new(),
            root_closed: false,
        }
    }

    /// The qualified name of the innermost open element, as its start tag wrote it.
    pub fn open_name(&self) -> Option<&'t str> {
        let node = &self.nodes[self.stack.last()?.0 as usize];
        self.text
            .get(node.span.start as usize + 1..node.name.end as usize)
    }

    /// A start tag (`empty`: an empty-element tag `<a/>`) at `start..end`, whose
    /// qualified name is the `qname_len` bytes after its `<`.
    pub fn open(
        &mut self,
        start: usize,
        end: usize,
        qname: &str,
        attrs: &str,
        empty: bool,
    ) -> Result<(), XmlError> {
        if self.stack.is_empty() && (self.root_closed || !self.nodes.is_empty()) {
            return Err(XmlError {
                message: "a second root element; an XML file has exactly one".into(),
                span: Span::new(start, end),
            });
        }
        let local_start = qname.bytes().rposition(|b| b == b':').map_or(0, |i| i + 1);
        let name = Span::new(start + 1 + local_start, start + 1 + qname.len());
        let parent = self.stack.last().map_or(NONE, |&(open, _)| open);
        let idx = self.nodes.len() as u32;
        self.nodes.push(Node {
            span: Span::new(start, end),
            name,
            text: Span::empty_at(end),
            first_child: NONE,
            next_sibling: NONE,
            parent,
            nil: is_nil(attrs),
            has_children: false,
        });
        if let Some((_, last)) = self.stack.last_mut() {
            let prev_last = std::mem::replace(last, idx);
            let p = &mut self.nodes[parent as usize];
            p.has_children = true;
            if prev_last == NONE {
                p.first_child = idx;
            } else {
                self.nodes[prev_last as usize].next_sibling = idx;
            }
        }
        if empty {
            if parent == NONE {
                self.root_closed = true;
            }
        } else {
            self.stack.push((idx, NONE));
        }
        Ok(())
    }

    /// The end tag at `start..end` closes the innermost open element (its name was
    /// checked by the reader).
    pub fn close(&mut self, start: usize, end: usize) -> Result<(), XmlError> {
        let Some((idx, _)) = self.stack.pop() else {
            return Err(XmlError {
                message: "an end tag with no matching start tag".into(),
                span: Span::new(start, end),
            });
        };
        let node = &mut self.nodes[idx as usize];
        let content = Span::new(node.span.end as usize, start);
        node.text = trim_span(self.text, content);
        node.span = Span::new(node.span.start as usize, end);
        if self.stack.is_empty() {
            self.root_closed = true;
        }
        Ok(())
    }

    /// Character data at `start..end`: only white space may stand outside the root.
    #[inline]
    pub fn text(&self, start: usize, end: usize) -> Result<(), XmlError> {
        if self.stack.is_empty()
            && !self.text.as_bytes()[start..end]
                .iter()
                .all(u8::is_ascii_whitespace)
        {
            return Err(XmlError {
                message: "text outside the root element".into(),
                span: trim_span(self.text, Span::new(start, end)),
            });
        }
        Ok(())
    }

    /// A reference or CDATA section at `start..end`: content, so inside the root only.
    pub fn content(&self, start: usize, end: usize) -> Result<(), XmlError> {
        if self.stack.is_empty() {
            return Err(XmlError {
                message: "content outside the root element".into(),
                span: Span::new(start, end),
            });
        }
        Ok(())
    }

    /// A comment `<!--…-->` at `start..end`.
    pub fn comment(&mut self, start: usize, end: usize) {
        let inner = Span::new((start + 4).min(end), end.saturating_sub(3).max(start + 4));
        self.comments.push(Comment {
            span: Span::new(start, end),
            text: inner,
        });
    }

    pub fn finish(self) -> Result<(Vec<Node>, Vec<Comment>), XmlError> {
        if let Some(&(open, _)) = self.stack.last() {
            let node = &self.nodes[open as usize];
            return Err(XmlError {
                message: format!(
                    "unexpected end of file: <{}> is never closed",
                    &self.text[node.name.range()]
                ),
                span: Span::empty_at(self.text.len()),
            });
        }
        if self.nodes.is_empty() {
            return Err(XmlError {
                message: "no root element: the file holds no XML element".into(),
                span: Span::empty_at(0),
            });
        }
        Ok((self.nodes, self.comments))
    }
}

thread_local! {
    /// The node list of the last document this thread dropped, cleared, for the next
    /// document it reads: a fresh list for each file costs a page fault per page.
    static SPARE: Cell<Vec<Node>> = const { Cell::new(Vec::new()) };
}

/// A list kept for the next document holds at most this many nodes.
const KEEP_NODES: usize = 1 << 20;

/// An empty node list with room for `capacity` nodes, the spare one if there is one.
fn spare_nodes(capacity: usize) -> Vec<Node> {
    let mut nodes = SPARE.take();
    nodes.clear();
    nodes.reserve(capacity);
    nodes
}

/// Keep a dropped document's node list for the next document this thread reads.
pub(super) fn give_back(mut nodes: Vec<Node>) {
    if nodes.capacity() <= KEEP_NODES {
        nodes.clear();
        let _ = SPARE.try_with(|spare| {
            let kept = spare.take();
            spare.set(if kept.capacity() < nodes.capacity() {
                nodes
            } else {
                kept
            });
        });
    }
}

fn is_nil(raw_attrs: &str) -> bool {
    // Nearly every element has no attributes: a cheap check before a real look.
    if !raw_attrs.contains("nil") {
        return false;
    }
    raw_attrs.split_whitespace().any(|a| {
        let (k, v) = a.split_once('=').unwrap_or((a, ""));
        (k == "nil" || k.ends_with(":nil")) && v.trim_matches(['"', '\'']) == "true"
    })
}
