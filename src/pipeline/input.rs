//! One file to lint: where it comes from, reading it, and the findings about reading.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, FileId, Loc};
use crate::discover::Found;
pub use crate::discover::display_path;
use crate::error::describe_io;
use crate::parse::{self, ParsedFile};
use crate::rules::sf;
use crate::salesforce::kind::{FileKind, full_name};
pub use crate::source::text::DecodeError;
use crate::source::text::SharedText;
use crate::source::{SourceFile, Span};

pub struct Input {
    pub path: PathBuf,
    /// As shown to users.
    pub display: String,
    /// Relative to the project root (fingerprints, baselines, per-file ignores).
    pub key: String,
    pub kind: FileKind,
    /// Contents when already in memory (tests, git); read from `path` otherwise.
    pub bytes: Option<Vec<u8>>,
    /// The text, when the cache's probe read it already (a miss).
    pub text: Option<(SharedText, DecodeError)>,
}

impl Input {
    /// How a cache entry names the file's kind (an entry holds for that kind only).
    pub fn kind_key(&self) -> String {
        format!("{:?}", self.kind)
    }

    /// The same file, to be read from disk again.
    pub fn copy(&self) -> Input {
        Input {
            path: self.path.clone(),
            display: self.display.clone(),
            key: self.key.clone(),
            kind: self.kind.clone(),
            bytes: None,
            text: None,
        }
    }

    pub fn from_found(f: Found, cwd: &Path, root: &Path) -> Input {
        Input {
            display: display_path(cwd, &f.path),
            key: display_path(root, &f.path),
            path: f.path,
            kind: f.kind,
            bytes: None,
            text: None,
        }
    }
}

pub fn read_and_parse(id: FileId, mut input: Input) -> ParsedFile {
    let name = full_name(&input.path, &input.kind);
    let read = match (input.text.take(), &input.bytes) {
        (Some(read), _) => Ok(read),
        (None, Some(b)) => Ok(shared_text(b)),
        (None, None) => crate::source::text::read_reused(&input.path),
    };
    let (text, error) = read.unwrap_or_else(|e| {
        let message = format!("cannot read the file: {}", describe_io(&e));
        (SharedText::default(), Some((message, Span::default())))
    });
    let source = Arc::new(SourceFile::new(input.path, input.display, text).with_key(input.key));
    parse::parse(id, input.kind, name, source, error)
}

pub fn shared_text(bytes: &[u8]) -> (SharedText, DecodeError) {
    let (text, error) = parse::decode(bytes);
    (SharedText::from(text.as_ref()), error)
}

/// SF001 for a file that could not be read or parsed.
pub fn parse_error(file: &ParsedFile) -> Option<Diagnostic> {
    let (message, span) = file.error.clone()?;
    Some(sf001(
        file.id,
        span,
        parse_help(&file.kind, &message),
        "parse",
        message,
    ))
}

/// SF001 for a path the walk could not enter.
pub fn read_problem(id: FileId, message: &str) -> Diagnostic {
    sf001(
        id,
        Span::default(),
        "fix the permissions or the link, or exclude the path in sflint.toml".into(),
        "read",
        format!("cannot read this path: {message}"),
    )
}

fn sf001(file: FileId, span: Span, help: String, identity: &str, message: String) -> Diagnostic {
    sf::parse_error::finding(Loc::new(file, span), message, help, identity)
}

fn parse_help(kind: &FileKind, message: &str) -> String {
    if message.starts_with("cannot read") {
        "check that the file exists and is readable by this user".into()
    } else if message.contains("UTF-8") {
        "re-save the file as UTF-8".into()
    } else if message.contains("merge conflict") {
        "resolve the conflict and remove the <<<<<<<, ======= and >>>>>>> lines".into()
    } else if kind.is_json() {
        format!(
            "fix the JSON syntax; this {} must be valid JSON to know what it reads",
            kind.label()
        )
    } else {
        format!(
            "fix the XML syntax; a {} that does not parse will also fail to deploy",
            kind.label()
        )
    }
}
