//! Applying fixes to one text: edits never overlap; a fix that overlaps one already taken
//! waits for the next pass (the file is linted again, and its finding found again).

use std::collections::{BTreeMap, HashSet};

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

/// The edits taken so far, by start: they never overlap, so each start is unique (whole
/// lines inserted at one line start share it).
#[derive(Default)]
struct Taken(BTreeMap<u32, u32>, HashSet<u32>);

/// Does `e` insert whole lines at the start of a line? Such insertions at one place are
/// entries among siblings ([`crate::fix::insert`]): they go in the order of their text,
/// which for entries of one kind is the order of their keys.
fn inserts_lines(text: &str, e: &Edit) -> bool {
    let at = e.span.start as usize;
    e.span.is_empty()
        && e.content.ends_with('\n')
        && (at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n'))
}

impl Taken {
    /// Does `e` touch bytes of a taken edit? Two insertions at one place conflict too
    /// (their order would be a guess), unless both insert whole lines at a line start;
    /// and so does an insertion inside a replaced range.
    fn overlaps(&self, text: &str, e: &Edit) -> bool {
        let (start, end) = (e.span.start, e.span.end);
        if inserts_lines(text, e) && self.1.contains(&start) {
            // Only whole-line insertions start here; a replaced range may end here.
            return self
                .0
                .range(..start)
                .next_back()
                .is_some_and(|(_, &t)| t > start);
        }
        let before = self.0.range(..=start).next_back();
        let after = self.0.range(start + 1..).next();
        before.is_some_and(|(&s, &t)| s == start || t > start)
            || after.is_some_and(|(&s, _)| s < end)
    }
}

/// Apply `fixes` (of one file) to `text`, first come first served in order of position.
pub fn apply(text: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<&Fix> = fixes.to_vec();
    order.sort_by_key(|f| f.edits.first().map(|e| e.span));
    let mut taken = Taken::default();
    let mut edits: Vec<Edit> = Vec::new();
    let mut taken_fixes: HashSet<&[Edit]> = HashSet::new();
    let (mut fixed, mut deferred) = (0, 0);
    for fix in order {
        let valid = fix.edits.iter().all(|e| {
            let r = e.span.range();
            r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
        });
        if !valid || fix.edits.is_empty() {
            continue;
        }
        if taken_fixes.contains(fix.edits.as_slice()) {
            fixed += 1;
            continue;
        }
        // A fix's own edits must not overlap either.
        let mut mine = Taken::default();
        let clash = fix.edits.iter().any(|e| {
            let clash = taken.overlaps(text, e) || mine.overlaps(text, e);
            mine.0.insert(e.span.start, e.span.end);
            clash
        });
        if clash {
            deferred += 1;
            continue;
        }
        for e in &fix.edits {
            // A later whole-line insertion may share this place only with others alike.
            if !inserts_lines(text, e) {
                taken.1.remove(&e.span.start);
            } else if !taken.0.contains_key(&e.span.start) {
                taken.1.insert(e.span.start);
            }
        }
        taken.0.extend(mine.0);
        edits.extend(fix.edits.iter().cloned());
        taken_fixes.insert(&fix.edits);
        fixed += 1;
    }
    edits.sort();
    Applied {
        text: splice(text, &edits),
        edits,
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
    fn insertions_at_one_place_and_inside_a_range_conflict() {
        let ins = |at: usize, s: &str| fix(vec![Edit::insert(at, s)]);
        let del = fix(vec![Edit::delete(Span::new(0, 3))]);
        let r = apply(
            "abcd",
            &[&ins(1, "x"), &del, &ins(2, "y"), &ins(3, "z"), &ins(3, "w")],
        );
        // `z` at the end of the deletion touches no deleted byte; `w` then conflicts with it.
        assert_eq!((r.text.as_str(), r.fixed, r.deferred), ("zd", 2, 3));
    }

    #[test]
    fn whole_lines_inserted_at_one_line_start_go_in_order_of_their_text() {
        let text = "<a>\n  <z/>\n</a>\n";
        let at = text.find("  <z/>").unwrap();
        let ins = |s: &str| fix(vec![Edit::insert(at, s)]);
        let (c, b) = (ins("  <c/>\n"), ins("  <b/>\n"));
        let r = apply(text, &[&c, &b, &ins("  <d/>\n")]);
        assert_eq!(r.text, "<a>\n  <b/>\n  <c/>\n  <d/>\n  <z/>\n</a>\n");
        assert_eq!((r.fixed, r.deferred), (3, 0));
        // Not whole lines, or an insertion that is not, at the same place: they conflict.
        let r = apply(text, &[&ins("  <c/>\n"), &ins("x")]);
        assert_eq!((r.fixed, r.deferred), (1, 1));
        let r = apply(text, &[&ins("x"), &ins("  <c/>\n")]);
        assert_eq!((r.fixed, r.deferred), (1, 1));
    }

    #[test]
    fn many_fixes_apply_in_one_pass() {
        let text = "x".repeat(200_000);
        let fixes: Vec<Fix> = (0..100_000)
            .map(|i| fix(vec![Edit::replace(Span::new(2 * i, 2 * i + 1), "y")]))
            .collect();
        let refs: Vec<&Fix> = fixes.iter().collect();
        let r = apply(&text, &refs);
        assert_eq!((r.fixed, r.deferred), (100_000, 0));
        assert_eq!(&r.text[..4], "yxyx");
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
