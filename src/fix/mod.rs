//! Fixes: choosing the fixes a run may apply, widening element removals to whole lines,
//! applying edits to a text ([`apply`]), showing them as a unified diff ([`diff`]) and
//! the `--fix` loop ([`run`]). Fixes are data on [`Diagnostic`]s (see
//! [`crate::diagnostic::Fix`]); nothing here re-serialises a document.

pub mod apply;
pub mod compose;
pub mod diff;
pub mod insert;
pub mod run;

use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Widen};
use crate::xml::Document;
use crate::xml::shallow::Shallow;
use std::collections::HashMap;

use rayon::prelude::*;
use std::sync::Arc;

use crate::source::SourceFile;
use crate::source::Span;
use crate::source::removal_span;
use crate::source::text::SharedText;

/// Which fixes a run applies: `--unsafe-fixes`, and `unfixable` in sflint.toml.
#[derive(Debug, Clone, Default)]
pub struct FixPolicy {
    pub unsafe_fixes: bool,
    /// Rule codes whose fixes are never applied nor shown.
    pub unfixable: Vec<String>,
}

impl FixPolicy {
    /// The lowest applicability applied.
    pub fn threshold(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }

    /// The fix this run applies for `d`, if any.
    pub fn applied<'a>(&self, d: &'a Diagnostic) -> Option<&'a Fix> {
        d.chosen_fix()
            .filter(|f| f.applicability >= self.threshold())
    }

    /// Remove the fixes of `unfixable` rules: they are neither applied nor shown.
    pub fn strip_unfixable(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics {
            if self
                .unfixable
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&d.code))
            {
                d.fixes.clear();
            }
        }
    }
}

/// The leaf element around the text at `span`: from the `<` of its start tag to the `>`
/// of its end tag; `None` when the text around is not `<a>text</a>`.
fn leaf_element(text: &str, span: Span) -> Option<Span> {
    let (before, after) = (
        text.get(..span.start as usize)?,
        text.get(span.end as usize..)?,
    );
    let open = before.rfind('<')?;
    let start_tag = before[open..].trim_end();
    let is_start_tag = start_tag.ends_with('>')
        && !start_tag.ends_with("/>")
        && !start_tag[1..].starts_with(['/', '!', '?'])
        && start_tag.matches('>').count() == 1;
    let rest = after.trim_start();
    if !is_start_tag || !rest.starts_with("</") {
        return None;
    }
    let close = text.len() - rest.len() + rest.find('>')? + 1;
    Some(Span::new(open, close))
}

/// Is the element at `span` the document's root (no element before it, nothing but blanks
/// after)? A decomposed permission set keeps one entry per file, as its root: removing it
/// would leave a file that doesn't parse, so such a removal is no fix.
fn is_root(text: &str, span: Span) -> bool {
    let (before, after) = (&text[..span.start as usize], &text[span.end as usize..]);
    let element_before = before
        .match_indices('<')
        .any(|(i, _)| before[i + 1..].starts_with(|c: char| c.is_alphabetic() || c == '_'));
    !element_before && after.trim().is_empty()
}

/// Widen removals now that the texts are at hand (see [`crate::diagnostic::Edit::widen`]).
/// A fix whose removal cannot be widened (no text, or not the shape expected) is
/// dropped: better no fix than a broken file.
pub fn resolve(diagnostics: &mut [Diagnostic], files: &[Arc<SourceFile>]) {
    resolve_with(diagnostics, files, Roots::new());
}

/// The root's children of files that fixes insert into, by file (`None` where neither
/// pass reads them).
pub type Roots = HashMap<FileId, Option<Shallow>>;

/// The files a fix inserts an element into, each once.
pub fn inserted_into(diagnostics: &[Diagnostic]) -> Vec<FileId> {
    let mut inserted: Vec<FileId> = diagnostics
        .iter()
        .flat_map(|d| &d.fixes)
        .filter(|fix| fix.edits.iter().any(|e| e.widen == Widen::Child))
        .map(|fix| fix.file)
        .collect();
    inserted.sort_unstable();
    inserted.dedup();
    inserted
}

/// The root's children of `text`, where an insertion goes: by a shallow pass, else from
/// the tree.
pub fn root_children(text: &SharedText) -> Option<Shallow> {
    Shallow::of(text, insert::key_child).or_else(|| {
        let doc = Document::parse(text.clone()).ok()?;
        Shallow::of_tree(&doc, insert::key_child)
    })
}

/// [`resolve`], given the root's children of some of the files fixes insert into (found
/// while those files were read again); the others' are found here, in parallel.
pub fn resolve_with(diagnostics: &mut [Diagnostic], files: &[Arc<SourceFile>], mut roots: Roots) {
    let missing: Vec<FileId> = inserted_into(diagnostics)
        .into_iter()
        .filter(|id| !roots.contains_key(id))
        .collect();
    let found: Vec<(FileId, Option<Shallow>)> = missing
        .into_par_iter()
        .map(|id| {
            let root = files
                .get(id.0 as usize)
                .and_then(|f| root_children(&f.text));
            (id, root)
        })
        .collect();
    roots.extend(found);
    for d in diagnostics {
        d.fixes.retain_mut(|fix| {
            let Some(file) = files.get(fix.file.0 as usize) else {
                return false;
            };
            let text = &file.text;
            for edit in &mut fix.edits {
                let element = match edit.widen {
                    Widen::No => continue,
                    Widen::Lines => Some(edit.span),
                    Widen::LeafText => leaf_element(text, edit.span),
                    Widen::Child => {
                        let Some((at, content)) = roots
                            .get(&fix.file)
                            .and_then(Option::as_ref)
                            .and_then(|root| insert::place_child(text, root, &edit.content))
                        else {
                            return false;
                        };
                        *edit = Edit::insert(at, content);
                        continue;
                    }
                };
                let Some(element) = element.filter(|s| s.end as usize <= text.len()) else {
                    return false;
                };
                if is_root(text, element) {
                    return false;
                }
                edit.span = removal_span(text, element);
                edit.widen = Widen::No;
            }
            fix.edits.sort();
            true
        });
    }
}

/// How many findings have a fix this run applies, and how many more one that needs
/// `--unsafe-fixes`.
pub fn fixable_counts(policy: &FixPolicy, diagnostics: &[Diagnostic]) -> (usize, usize) {
    let fixable = diagnostics
        .iter()
        .filter(|d| policy.applied(d).is_some())
        .count();
    let unsafe_only = diagnostics
        .iter()
        .filter(|d| {
            policy.applied(d).is_none()
                && d.chosen_fix()
                    .is_some_and(|f| f.applicability == Applicability::Unsafe)
        })
        .count();
    (fixable, unsafe_only)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leaf_element_is_found_around_its_text() {
        let text = "<a>\n  <g> PII </g>\n</a>";
        let at = text.find("PII").unwrap();
        let s = leaf_element(text, Span::new(at, at + 3)).unwrap();
        assert_eq!(&text[s.range()], "<g> PII </g>");
        // Not a leaf: a child element before the text.
        let text = "<a><b/>x</a>";
        assert_eq!(leaf_element(text, Span::new(7, 8)), None);
    }

    #[test]
    fn a_root_element_is_never_removed() {
        let text =
            "\u{feff}<?xml version=\"1.0\"?>\n<!-- c -->\n<FieldPermission>\n</FieldPermission>\n";
        let start = text.find("<FieldPermission>").unwrap();
        assert!(is_root(text, Span::new(start, text.len() - 1)));
        let text = "<a>\n  <b/>\n</a>";
        assert!(!is_root(text, Span::new(6, 10)));
    }
}
