//! Turn one source file into its parsed form: an XML element tree or the reads of a
//! CRM Analytics dataflow/recipe. Parse failures become SF001 findings, never panics.

use std::sync::Arc;

use crate::analytics::{WaveContent, parse_dataflow, parse_recipe};
use crate::diagnostic::FileId;
use crate::json::Json;
use crate::salesforce::kind::FileKind;
use crate::source::{SourceFile, Span};
use crate::xml::Document;

#[derive(Debug)]
pub enum Content {
    Xml(Document),
    Json(Json),
    Wave(WaveContent),
    /// The file could not be read or parsed; `ParsedFile::error` says why.
    Failed,
    /// A JSON file that holds no users: not metadata sflint reads, so nothing to parse.
    Ignored,
    /// The tree was dropped after the load stage; rules work on the model's spans.
    Released,
}

#[derive(Debug)]
pub struct ParsedFile {
    pub id: FileId,
    pub kind: FileKind,
    /// The full name the file stands for (URL-decoded stem).
    pub name: String,
    pub source: Arc<SourceFile>,
    pub content: Content,
    /// Why the file could not be read or parsed (message, where).
    pub error: Option<(String, Span)>,
}

impl ParsedFile {
    pub fn xml(&self) -> Option<&Document> {
        match &self.content {
            Content::Xml(doc) => Some(doc),
            _ => None,
        }
    }

    /// The full name of the profile, permission set, muting set or group this file belongs
    /// to, as the model names it (a decomposed part names its set's folder).
    pub fn set_name(&self) -> Option<&str> {
        match &self.kind {
            FileKind::Profile
            | FileKind::PermissionSet
            | FileKind::MutingPermissionSet
            | FileKind::PermissionSetGroup => Some(&self.name),
            FileKind::PermissionSetPart { set } => Some(set),
            _ => None,
        }
    }
}

pub use crate::source::text::decode;

/// The first git conflict marker line (`<<<<<<< `, `=======`, `>>>>>>> `), if any.
fn conflict_marker(text: &str) -> Option<Span> {
    if !text.contains("<<<<<<<") && !text.contains(">>>>>>>") {
        return None;
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        if l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l == "=======" {
            return Some(Span::new(offset, offset + l.len()));
        }
        offset += line.len();
    }
    None
}

pub fn parse(
    id: FileId,
    kind: FileKind,
    name: String,
    source: Arc<SourceFile>,
    read_error: Option<(String, Span)>,
) -> ParsedFile {
    let mut file = ParsedFile {
        id,
        kind,
        name,
        source,
        content: Content::Failed,
        error: read_error,
    };
    if file.error.is_some() {
        return file;
    }
    let text = file.source.text.clone();
    let result = match file.kind {
        FileKind::WaveDataflow => parse_dataflow(&text)
            .map(Content::Wave)
            .map_err(|e| (format!("invalid dataflow JSON: {}", e.message), e.span)),
        FileKind::WaveRecipe => parse_recipe(&text)
            .map(Content::Wave)
            .map_err(|e| (format!("invalid recipe JSON: {}", e.message), e.span)),
        FileKind::UserJson => match crate::json::parse(&text) {
            Ok(json) => Ok(Content::Json(json)),
            // Not every JSON file is ours: report syntax errors only where the name says
            // the file holds users.
            Err(e)
                if file
                    .source
                    .file_name()
                    .to_ascii_lowercase()
                    .contains("user") =>
            {
                Err((
                    format!("invalid user definition JSON: {}", e.message),
                    e.span,
                ))
            }
            Err(_) => Ok(Content::Ignored),
        },
        _ => Document::parse(text)
            .map(Content::Xml)
            .map_err(|e| (e.message, e.span)),
    };
    match result {
        Ok(content) => file.content = content,
        // A conflict marker never leaves XML or JSON well-formed: look for one only when
        // parsing failed, and report it instead of the syntax error it causes.
        Err(err) => {
            file.error = Some(match conflict_marker(&file.source.text) {
                Some(span) => (
                    "unresolved merge conflict: the file still holds a conflict marker".into(),
                    span,
                ),
                None => err,
            })
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_conflict_markers() {
        let t = "<a>\n<<<<<<< HEAD\n<b/>\n=======\n<c/>\n>>>>>>> main\n</a>\n";
        assert_eq!(conflict_marker(t), Some(Span::new(4, 16)));
        assert_eq!(conflict_marker("<a>a <<<<<<< b</a>"), None);
        assert_eq!(conflict_marker("<a/>"), None);
    }
}
