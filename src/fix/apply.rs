//! Applying fixes to one text: edits never overlap; a fix that overlaps one already taken
//! waits for the next pass (the file is linted again, and its finding found again).

use crate::diagnostic::{Edit, Fix};

/// The result of applying fixes to one text.
#[derive(Debug, Default)]
pub struct Applied {
    pub text: String,
    /// The edits taken, in order of position (for `--diff`).
    pub edits: Vec<Edit>,
    /// How many fixes were applied (a fix identical to one taken counts: its finding is
    /// repaired too).
    pub fixed: usize,
    /// How many overlapped and wait for the next pass.
    pub deferred: usize,
}

/// Do two edits touch the same bytes? Two insertions at one place conflict too (their
/// order would be a guess), and so does an insertion inside a replaced range.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (a.span, b.span);
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Apply `fixes` (of one file) to `text`, first come first served in order of position.
pub fn apply(text: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<&Fix> = fixes.to_vec();
    order.sort_by_key(|f| f.edits.first().map(|e| e.span));
    let mut taken: Vec<Edit> = Vec::new();
    let mut taken_fixes: Vec<&[Edit]> = Vec::new();
    let (mut fixed, mut deferred) = (0, 0);
    for fix in order {
        let valid = fix.edits.iter().all(|e| {
            let r = e.span.range();
            r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
        });
        if !valid || fix.edits.is_empty() {
            continue;
        }
        if taken_fixes.contains(&fix.edits.as_slice()) {
            fixed += 1;
            continue;
        }
        if fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(e, t)))
        {
            deferred += 1;
            continue;
        }
        taken.extend(fix.edits.iter().cloned());
        taken_fixes.push(&fix.edits);
        fixed += 1;
    }
    taken.sort();
    Applied {
        text: splice(text, &taken),
        edits: taken,
        fixed,
        deferred,
    }
}

/// `text` with sorted, non-overlapping `edits` made.
pub fn splice(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        let r = e.span.range();
        out.push_str(&text[at..r.start]);
        out.push_str(&e.content);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;
    use crate::source::Span;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::safe("x", FileId(0), edits)
    }

    #[test]
    fn edits_apply_by_position_and_overlaps_wait() {
        let text = "abcdef";
        let a = fix(vec![Edit::replace(Span::new(4, 5), "E")]);
        let b = fix(vec![Edit::delete(Span::new(0, 2))]);
        let c = fix(vec![Edit::replace(Span::new(1, 3), "X")]);
        let same = fix(vec![Edit::delete(Span::new(0, 2))]);
        let r = apply(text, &[&a, &b, &c, &same]);
        assert_eq!(r.text, "cdEf");
        assert_eq!((r.fixed, r.deferred), (3, 1));
    }

    #[test]
    fn an_edit_off_the_text_or_inside_a_char_is_skipped() {
        let r = apply(
            "é",
            &[
                &fix(vec![Edit::delete(Span::new(1, 2))]),
                &fix(vec![Edit::delete(Span::new(0, 9))]),
            ],
        );
        assert_eq!((r.text.as_str(), r.fixed), ("é", 0));
    }
}
