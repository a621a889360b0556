//! The reference reader: quick-xml's events to the tree. It reads every document the fast
//! path ([`super::scan`]) leaves to it, and words every syntax error.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::tree::Tree;
use super::{Comment, Node, XmlError};
use crate::source::Span;

pub(super) fn build(text: &str) -> Result<(Vec<Node>, Vec<Comment>), XmlError> {
    // Strip every leading byte-order mark ourselves: quick-xml would skip one without
    // counting it, and our offsets must match the text.
    let base = text.len() - text.trim_start_matches('\u{feff}').len();
    let body = &text[base..];
    let mut reader = Reader::from_str(body);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
    }
    let mut tree = Tree::new(text);
    loop {
        let before = base + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(err) => {
                let at = base + (reader.error_position() as usize).min(body.len());
                return Err(XmlError {
                    message: describe_error(&err),
                    span: Span::new(at, (at + 1).min(text.len())),
                });
            }
        };
        let after = base + reader.buffer_position() as usize;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let qname = &text[before + 1..before + 1 + e.name().as_ref().len()];
                tree.open(before, after, qname, e.attributes_raw(), empty)?;
            }
            Event::End(_) => tree.close(before, after)?,
            Event::Text(_) => tree.text(before, after)?,
            Event::GeneralRef(_) | Event::CData(_) => tree.content(before, after)?,
            Event::Comment(_) => tree.comment(before, after),
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    tree.finish()
}

fn describe_error(err: &quick_xml::Error) -> String {
    use quick_xml::errors::{IllFormedError, SyntaxError};
    match err {
        quick_xml::Error::Syntax(SyntaxError::UnclosedTag) => "a tag is not closed with `>`".into(),
        quick_xml::Error::Syntax(SyntaxError::UnclosedComment) => {
            "a comment is not closed with `-->`".into()
        }
        quick_xml::Error::Syntax(SyntaxError::UnclosedCData) => {
            "a CDATA section is not closed with `]]>`".into()
        }
        quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            format!("end tag </{found}> does not match the open element <{expected}>")
        }
        quick_xml::Error::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            format!("end tag </{name}> has no matching start tag")
        }
        other => format!("malformed XML: {other}"),
    }
}
