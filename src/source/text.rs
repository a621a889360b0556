//! A file's text, shared by its source and its element tree. Most texts live only while
//! their file is parsed: those are read into a buffer the thread keeps between files
//! ([`read_reused`]), so a project's files reuse the same memory instead of asking the
//! kernel for fresh pages (a page fault per 4 KiB) and copying each text once more.

use std::cell::Cell;
use std::io::Read;
use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

use super::Span;

/// Immutable text behind a reference count; clones share it.
#[derive(Clone, Default)]
pub struct SharedText(Arc<Held>);

#[derive(Default)]
struct Held {
    text: String,
    /// The buffer goes back to the dropping thread's spare when the last clone is dropped.
    reused: bool,
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.reused {
            give_back(std::mem::take(&mut self.text));
        }
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0.text
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for SharedText {}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        SharedText(Arc::new(Held {
            text,
            reused: false,
        }))
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        text.to_string().into()
    }
}

impl From<&String> for SharedText {
    fn from(text: &String) -> Self {
        text.as_str().into()
    }
}

impl SharedText {
    /// The same text in memory of its own size, for a text kept after its file is
    /// parsed: one read into a reused buffer would otherwise hold the whole buffer.
    pub fn kept(&self) -> SharedText {
        if self.0.reused && self.0.text.capacity() > self.len() + self.len() / 8 + 64 {
            self.to_string().into()
        } else {
            self.clone()
        }
    }

    /// Is the text held in a buffer that is reused once it is dropped?
    pub fn is_reused(&self) -> bool {
        self.0.reused
    }
}

thread_local! {
    /// The buffer of the last reused text this thread dropped, for the next file it reads.
    static SPARE: Cell<String> = const { Cell::new(String::new()) };
}

/// A buffer larger than this is not kept for the next file.
const KEEP_BYTES: usize = 64 << 20;

fn give_back(mut text: String) {
    if text.capacity() <= KEEP_BYTES {
        text.clear();
        let _ = SPARE.try_with(|spare| {
            let kept = spare.take();
            spare.set(if kept.capacity() < text.capacity() {
                text
            } else {
                kept
            });
        });
    }
}

/// Why a file's bytes are not UTF-8 (message, and the span of the first bad byte), if
/// they are not.
pub type DecodeError = Option<(String, Span)>;

/// The bytes of `path` as text, read into this thread's spare buffer, and the decoding
/// error when they are not UTF-8 (the text is then decoded lossily, see
/// [`decode`]). Meant for a text dropped once its file is parsed; call
/// [`SharedText::kept`] to keep one longer.
pub fn read_reused(path: &Path) -> std::io::Result<(SharedText, DecodeError)> {
    read_reused_seen(path, |_| ()).map(|(text, error, ())| (text, error))
}

/// [`read_reused`], giving the raw bytes to `seen` before they are decoded (to hash
/// what was read without another copy).
pub fn read_reused_seen<T>(
    path: &Path,
    seen: impl FnOnce(&[u8]) -> T,
) -> std::io::Result<(SharedText, DecodeError, T)> {
    let mut bytes = SPARE.try_with(Cell::take).unwrap_or_default().into_bytes();
    bytes.clear();
    if let Err(e) = std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) {
        give_back(String::from_utf8(bytes).unwrap_or_default());
        return Err(e);
    }
    let seen = seen(&bytes);
    match String::from_utf8(bytes) {
        Ok(text) => Ok((
            SharedText(Arc::new(Held { text, reused: true })),
            None,
            seen,
        )),
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, error) = decode(&bytes);
            let text = SharedText::from(text.into_owned());
            give_back(String::from_utf8(bytes).unwrap_or_default());
            Ok((text, error, seen))
        }
    }
}

/// Decode raw bytes as UTF-8. On invalid bytes, returns the lossy text and the error
/// (message and the span of the first bad byte, which is at the same offset in both).
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<(String, Span)>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), None),
        Err(err) => {
            let at = err.valid_up_to();
            let text = String::from_utf8_lossy(bytes);
            let msg = format!(
                "the file is not valid UTF-8 (invalid byte at offset {at}); Salesforce metadata must be UTF-8"
            );
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            (text, Some((msg, Span::new(at, end))))
        }
    }
}

/// The bytes of `path` as text in memory of their own size, read once and not copied: for
/// a text kept to the end of the run (a file findings point into, read again).
pub fn read_kept(path: &Path) -> std::io::Result<(SharedText, DecodeError)> {
    Ok(owned(std::fs::read(path)?))
}

/// How far past the last offset asked for [`read_prefix`] reads: lines shown around a
/// finding and an element widened to its lines end well within it.
pub const PREFIX_SLACK: usize = 64 << 10;

/// At least this much of [`PREFIX_SLACK`] must end in a line break, else the whole file is
/// read (a line of more than 48 KiB, such as a one-line dataflow).
const PREFIX_MIN_AFTER: usize = 16 << 10;

/// The text of `path` from its start to the end of a line at least [`PREFIX_MIN_AFTER`]
/// bytes past `need`, reading no further than [`PREFIX_SLACK`] past it: what a finding's
/// line and column, and its fix's widened removal, are read from. The whole text when the
/// file ends before, no line ends there, or the prefix is not UTF-8 (lossy decoding moves
/// offsets, so only a whole text decodes as the run did).
pub fn read_prefix(path: &Path, need: usize) -> std::io::Result<(SharedText, DecodeError)> {
    let want = need.saturating_add(PREFIX_SLACK);
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(want.min(1 << 20));
    file.by_ref().take(want as u64).read_to_end(&mut bytes)?;
    if bytes.len() < want {
        return Ok(owned(bytes)); // the whole file
    }
    if let Some(nl) = bytes.iter().rposition(|&b| b == b'\n')
        && nl >= need.saturating_add(PREFIX_MIN_AFTER)
    {
        bytes.truncate(nl + 1);
        if let Ok(text) = String::from_utf8(bytes) {
            return Ok((text.into(), None));
        }
    }
    read_kept(path)
}

/// `bytes` as text, not copied when they are UTF-8 (else decoded lossily, with the error).
pub fn owned(bytes: Vec<u8>) -> (SharedText, DecodeError) {
    match String::from_utf8(bytes) {
        Ok(text) => (text.into(), None),
        Err(e) => {
            let (text, error) = decode(e.as_bytes());
            (text.into_owned().into(), error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn a_dropped_text_lends_its_buffer_to_the_next_read() {
        let dir = std::env::temp_dir().join(format!("sflint-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = write(&dir, "big.xml", &[b'a'; 100_000]);
        let small = write(&dir, "small.xml", b"<a/>");
        let (text, error) = read_reused(&big).unwrap();
        assert_eq!((text.len(), error), (100_000, None));
        assert!(text.is_reused());
        let first = text.as_ptr();
        drop(text);
        let (text, _) = read_reused(&small).unwrap();
        assert_eq!(&*text, "<a/>");
        assert_eq!(text.as_ptr(), first, "the spare buffer was not reused");
        // Kept: copied out of the large buffer, which goes back for the next read.
        let kept = text.kept();
        assert!(!kept.is_reused());
        assert_eq!(&*kept, "<a/>");
        drop(text);
        let (again, _) = read_reused(&small).unwrap();
        assert_eq!(again.as_ptr(), first);
        assert_eq!(&*kept, "<a/>");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bytes_that_are_not_utf8_are_decoded_lossily_with_the_error() {
        let dir = std::env::temp_dir().join(format!("sflint-text-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = write(&dir, "bad.xml", b"<a>\xff</a>");
        let (text, error) = read_reused(&bad).unwrap();
        assert_eq!(&*text, "<a>\u{fffd}</a>");
        let (message, span) = error.expect("an error");
        assert!(message.contains("offset 3"), "{message}");
        assert_eq!(span, Span::new(3, 6));
        let missing = read_reused(&dir.join("missing.xml"));
        assert!(missing.is_err());
        let (kept, kept_error) = read_kept(&bad).unwrap();
        assert!(!kept.is_reused());
        assert_eq!((&*kept, &kept_error), (&*text, &Some((message, span))));
        assert!(read_kept(&dir.join("missing.xml")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
    #[test]
    fn a_prefix_ends_a_line_well_past_the_offset_asked_for_or_is_the_whole_text() {
        let dir = std::env::temp_dir().join(format!("sflint-text-prefix-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let line = "<fieldPermissions><field>A.B__c</field></fieldPermissions>\n";
        let lines = line.repeat(20_000); // 1.2 MB
        let path = write(&dir, "p.xml", lines.as_bytes());
        let (text, error) = read_prefix(&path, 100_000).unwrap();
        assert_eq!(error, None);
        assert!(text.len() >= 100_000 + PREFIX_MIN_AFTER, "{}", text.len());
        assert!(text.len() <= 100_000 + PREFIX_SLACK, "{}", text.len());
        assert!(text.ends_with('\n'));
        assert!(lines.starts_with(&*text));
        // Near the end: the whole file.
        let (text, _) = read_prefix(&path, lines.len() - 10).unwrap();
        assert_eq!(text.len(), lines.len());
        // No line ends in the window: the whole file.
        let one_line = format!("{}\n", "x".repeat(300_000));
        let path = write(&dir, "one.json", one_line.as_bytes());
        let (text, _) = read_prefix(&path, 10).unwrap();
        assert_eq!(text.len(), one_line.len());
        // Not UTF-8 before the cut: decoded whole, with its error, as the run read it.
        let mut bad = b"<a>\xff</a>\n".to_vec();
        bad.extend(lines.as_bytes());
        let path = write(&dir, "bad.xml", &bad);
        let (text, error) = read_prefix(&path, 10).unwrap();
        assert_eq!(text.len(), bad.len() + 2); // one byte decoded to three
        assert!(error.is_some());
        assert!(read_prefix(&dir.join("missing.xml"), 0).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
