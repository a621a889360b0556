//! The one diagnostic shape every rule produces and every emitter reads.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

impl Loc {
    pub fn new(file: FileId, span: Span) -> Self {
        Loc { file, span }
    }
}

/// Index of a file in the [`crate::files::Files`] table of one run; only that table makes
/// them (tests aside).
///
/// Serialized (for the cache) relative to a block of ids: only inside
/// [`FileId::scoped`] (one file) or [`FileId::scoped_table`], where an id of the block is
/// written as its offset in it and read back into the block of the run that loads it, so
/// what a file contributes can be stored in one run and loaded under another id in the
/// next. An id outside the block, or serde use outside a scope, is an error: nothing is
/// cached wrongly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

thread_local! {
    /// The block serialized ids are relative to: first id and length.
    static SCOPE: std::cell::Cell<Option<(u32, u32)>> = const { std::cell::Cell::new(None) };
}

impl FileId {
    /// The id of a file parsed before the file table gave it one (a named file parsed
    /// while the project is walked): it is replaced before anything is taken from the file.
    pub const NOT_YET: FileId = FileId(u32::MAX);

    /// Run `f` with `self` as the only id serialized, as offset 0.
    pub fn scoped<T>(self, f: impl FnOnce() -> T) -> T {
        scoped(self.0, 1, f)
    }

    /// Run `f` with the ids of a whole file table of `len` files serialized as they are
    /// (the reader checks that its table is laid out the same).
    pub fn scoped_table<T>(len: u32, f: impl FnOnce() -> T) -> T {
        scoped(0, len, f)
    }
}

/// Run `f` with ids `first .. first + len` serialized relative to `first`.
fn scoped<T>(first: u32, len: u32, f: impl FnOnce() -> T) -> T {
    let before = SCOPE.with(|s| s.replace(Some((first, len))));
    let out = f();
    SCOPE.with(|s| s.set(before));
    out
}

impl serde::Serialize for FileId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match SCOPE.with(std::cell::Cell::get) {
            Some((first, len)) if self.0 >= first && self.0 - first < len => {
                s.serialize_u32(self.0 - first)
            }
            _ => Err(serde::ser::Error::custom(
                "a file id outside the files being stored",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for FileId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let offset = <u32 as serde::Deserialize>::deserialize(d)?;
        match SCOPE.with(std::cell::Cell::get) {
            Some((first, len)) if offset < len => Ok(FileId(first + offset)),
            _ => Err(serde::de::Error::custom(
                "a file id outside the files being loaded",
            )),
        }
    }
}

/// A location in a file, with an optional message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(file: FileId, span: Span, message: impl Into<String>) -> Self {
        Label {
            file,
            span,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub code: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// The place in the file that must change.
    pub primary: Label,
    /// Related places: the dataflow that reads the field, the base revision, ...
    pub related: Vec<Label>,
    /// What the finding is about, independent of its line: e.g. `Contact.SSN__c/readable`.
    /// Feeds the fingerprint so it survives unrelated edits in the same file.
    pub identity: String,
    /// Repairs, as data (see [`Fix`]). One fix is applied by `--fix` (when its
    /// applicability allows); several are alternatives, and only one marked
    /// [`Fix::preferred`] is applied: the others are for editors to offer.
    pub fixes: Vec<Fix>,
}

/// Whether a fix may be applied without asking (ruff's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Applicability {
    /// Changes access or guesses intent: applied with `--unsafe-fixes` only.
    Unsafe,
    /// Changes nothing that a deploy would grant or revoke.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes `span` of the original text with `content` (empty `content`
/// deletes; an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Edit {
    pub span: Span,
    pub content: String,
    /// How `crate::fix::resolve` widens `span` once the text is at hand (rules see
    /// spans, not texts); every reported fix has [`Widen::No`].
    pub widen: Widen,
}

/// How a removal's span is widened when the text is at hand.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Widen {
    /// The span is final.
    #[default]
    No,
    /// The span is an element: take its whole lines (indentation and line end) when it
    /// stands on lines of its own.
    Lines,
    /// The span is the text of a leaf element: take the element around it, then as
    /// [`Widen::Lines`].
    LeafText,
    /// An insertion: the span is the root element's name, the content a child element
    /// (one line per line, `\t` per level below it); it goes where Salesforce would write
    /// it among the root's children, indented and ended like them
    /// (`crate::fix::insert`).
    Child,
}

impl Edit {
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit {
            span,
            content: content.into(),
            widen: Widen::No,
        }
    }

    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }

    /// Remove an element (its whole lines when it stands on lines of its own).
    pub fn remove_element(span: Span) -> Edit {
        Edit {
            widen: Widen::Lines,
            ..Edit::delete(span)
        }
    }

    /// Remove the leaf element whose text is at `text` (as [`Edit::remove_element`]).
    pub fn remove_leaf(text: Span) -> Edit {
        Edit {
            widen: Widen::LeafText,
            ..Edit::delete(text)
        }
    }

    pub fn insert(at: usize, content: impl Into<String>) -> Edit {
        Edit::replace(Span::empty_at(at), content)
    }

    /// Insert `element` among the children of the root whose name is at `root_name`, at
    /// its canonical place (see [`Widen::Child`]).
    pub fn insert_child(root_name: Span, element: impl Into<String>) -> Edit {
        Edit {
            span: root_name,
            content: element.into(),
            widen: Widen::Child,
        }
    }
}

/// A repair of one finding: byte-range edits on the original text of one file, never a
/// re-serialised document. Data only, so an editor can offer it as a code action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, as a command: "remove the repeated entry".
    pub message: String,
    pub file: FileId,
    /// Non-overlapping, in any order.
    pub edits: Vec<Edit>,
    /// Among alternatives, the one `--fix` applies.
    pub preferred: bool,
}

impl Fix {
    pub fn new(
        applicability: Applicability,
        message: impl Into<String>,
        file: FileId,
        edits: Vec<Edit>,
    ) -> Fix {
        Fix {
            applicability,
            message: message.into(),
            file,
            edits,
            preferred: false,
        }
    }

    pub fn safe(message: impl Into<String>, file: FileId, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, message, file, edits)
    }

    pub fn unsafe_(message: impl Into<String>, file: FileId, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, message, file, edits)
    }
}

impl Diagnostic {
    /// Start a finding of a rule (its code, name and default severity) at `primary`, the
    /// place that must change; the other parts are named: [`Diagnostic::help`],
    /// [`Diagnostic::identity`], [`Diagnostic::label`], [`Diagnostic::related`]. Rules
    /// report through [`crate::rules::Sink::report`], which fills in the rule.
    pub fn new(
        code: Cow<'static, str>,
        name: Cow<'static, str>,
        severity: Severity,
        primary: Label,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            name,
            severity,
            message: message.into(),
            help: String::new(),
            primary,
            related: Vec::new(),
            identity: String::new(),
            fixes: Vec::new(),
        }
    }

    /// Attach a repair (see [`Diagnostic::fixes`]).
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fixes.push(fix);
        self
    }

    /// The fix `--fix` would apply: the only one, or the preferred one among alternatives.
    pub fn chosen_fix(&self) -> Option<&Fix> {
        match self.fixes.as_slice() {
            [one] => Some(one),
            many => many.iter().find(|f| f.preferred),
        }
    }

    /// What to do about it (one line).
    pub fn help(&mut self, text: impl Into<String>) -> &mut Self {
        self.help = text.into();
        self
    }

    /// What the finding is about, independent of its line (see [`Diagnostic::identity`]
    /// the field): feeds the fingerprint.
    pub fn identity(&mut self, text: impl Into<String>) -> &mut Self {
        self.identity = text.into();
        self
    }

    /// Set the short text shown under the primary span.
    pub fn label(&mut self, text: impl Into<String>) -> &mut Self {
        self.primary.message = text.into();
        self
    }

    /// Add a related location, shown as a secondary label with `message`.
    pub fn related(&mut self, at: Loc, message: impl Into<String>) -> &mut Self {
        self.related.push(Label::new(at.file, at.span, message));
        self
    }
}

/// 64-bit FNV-1a: stable across Rust versions and platforms (unlike `DefaultHasher`).
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A fast 64-bit hash of bytes, not cryptographic and not stable across sflint versions
/// (for in-memory keys and the cache, never for fingerprints): four lanes over 32-byte
/// blocks, then the remaining 8-byte words, then the last bytes as one word, each word
/// multiplied and rotated in, and a final mix with the length.
pub fn hash64(bytes: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x9E37_79B9_7F4A_7C15,
        0xC2B2_AE3D_27D4_EB4F,
        0x1656_67B1_9E37_79F9,
        0x85EB_CA77_C2B2_AE63,
    ];
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let mix = |h: u64, w: u64, k: u64| (h ^ w).wrapping_mul(k).rotate_left(31);
    let mut h = (bytes.len() as u64).wrapping_mul(K[0]);
    let mut blocks = bytes.chunks_exact(32);
    if bytes.len() >= 32 {
        let mut lanes = K;
        for block in &mut blocks {
            for (i, lane) in lanes.iter_mut().enumerate() {
                *lane = mix(*lane, word(&block[i * 8..i * 8 + 8]), K[(i + 1) % 4]);
            }
        }
        for (i, lane) in lanes.iter().enumerate() {
            h = mix(h, lane.rotate_left(i as u32 * 16), K[i]);
        }
    }
    let mut words = blocks.remainder().chunks_exact(8);
    for w in &mut words {
        h = mix(h, word(w), K[1]);
    }
    h = mix(h, word(words.remainder()), K[2]);
    h ^= h >> 33;
    h = h.wrapping_mul(K[3]);
    h ^ (h >> 29)
}

/// The fingerprint of a diagnostic: code + path + identity, never line numbers.
pub fn fingerprint(code: &str, path: &str, identity: &str) -> String {
    format!("{:016x}", stable_hash(&[code, path, identity]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable_and_sensitive() {
        let a = fingerprint("PM001", "a.xml", "Account.X__c");
        assert_eq!(a, fingerprint("PM001", "a.xml", "Account.X__c"));
        assert_ne!(a, fingerprint("PM001", "a.xml", "Account.Y__c"));
        assert_ne!(a, fingerprint("PM002", "a.xml", "Account.X__c"));
        // parts are delimited: ("ab","c") differs from ("a","bc")
        assert_ne!(stable_hash(&["ab", "c"]), stable_hash(&["a", "bc"]));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn hash64_sees_any_one_byte_change_and_the_length() {
        for len in [0usize, 1, 7, 8, 9, 31, 32, 33, 63, 200] {
            let base: Vec<u8> = (0..len as u32).map(|i| (i * 7) as u8).collect();
            let h = hash64(&base);
            for i in 0..base.len() {
                let mut other = base.clone();
                other[i] ^= 1;
                assert_ne!(hash64(&other), h, "length {len}, byte {i}");
            }
            let mut longer = base.clone();
            longer.push(0);
            assert_ne!(hash64(&longer), h, "length {len}");
        }
    }

    #[test]
    fn the_builder_puts_each_named_part_in_its_place() {
        let at = |n: u32| Label::new(FileId(n), Span::new(1, 2), "");
        let mut d = Diagnostic::new(
            Cow::Borrowed("PM001"),
            Cow::Borrowed("editable-without-readable"),
            Severity::Error,
            at(0),
            "the message",
        );
        d.help("the help")
            .identity("Account.A__c")
            .label("here")
            .related(Loc::new(FileId(1), Span::new(3, 4)), "there");
        assert_eq!(d.message, "the message");
        assert_eq!(d.help, "the help");
        assert_eq!(d.identity, "Account.A__c");
        assert_eq!(d.primary.message, "here");
        assert_eq!(d.primary.file, FileId(0));
        assert_eq!(d.related, [Label::new(FileId(1), Span::new(3, 4), "there")]);
    }

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Error > Severity::Warning);
        assert!(Severity::Warning > Severity::Info);
        assert_eq!(Severity::parse("warning"), Some(Severity::Warning));
        assert_eq!(Severity::parse("fatal"), None);
    }
}
