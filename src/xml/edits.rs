//! Test support for the passes that read a document without the tree builder's checks
//! ([`super::scan`], [`super::shallow`]): the metadata files of the fixtures and the corpus,
//! and every prefix and one-character edit of a sample.

use std::path::Path;

/// Texts no pass may read: no root, one left open, two roots, a stray end tag.
pub const BROKEN: &[&str] = &["", "<", "<a", "<a>", "<a></b>", "</a>", "<a/><b/>"];

/// Call `f` with the path and text of every XML file in `testdata/` and the shared corpus
/// (when present).
pub fn each_xml_file(mut f: impl FnMut(&Path, &str)) {
    for dir in ["testdata", "../shared/corpus"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "xml") {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(path) {
                f(path, &text);
            }
        }
    }
}

/// Call `read` on every prefix of `sample` and every edit that inserts one of `specials`
/// at, or puts it in place of the character at, each character boundary (and deletes that
/// character); returns how many `read` accepted and the number of boundaries.
pub fn each_edit(
    sample: &str,
    specials: &[&str],
    mut read: impl FnMut(&str) -> bool,
) -> (usize, usize) {
    let cuts: Vec<usize> = (0..=sample.len())
        .filter(|&i| sample.is_char_boundary(i))
        .collect();
    let mut accepted = 0;
    for &i in &cuts {
        accepted += usize::from(read(&sample[..i]));
        let next = cuts.iter().find(|&&j| j > i).copied();
        for s in specials {
            accepted += usize::from(read(&format!("{}{s}{}", &sample[..i], &sample[i..])));
            if let Some(j) = next {
                accepted += usize::from(read(&format!("{}{s}{}", &sample[..i], &sample[j..])));
            }
        }
        if let Some(j) = next {
            accepted += usize::from(read(&format!("{}{}", &sample[..i], &sample[j..])));
        }
    }
    (accepted, cuts.len())
}
