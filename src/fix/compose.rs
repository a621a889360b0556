//! Composing the edits of two passes: `--diff` lints the fixed texts again without writing
//! them, and shows one diff of the original against the last pass, made from edits (see
//! [`super::diff`]), so the edits of a later pass are carried back onto the original.

use crate::diagnostic::Edit;
use crate::source::Span;

use super::apply::splice;

/// The edits on `original` that make what `second` makes of the text `first` makes of
/// `original`. `first` and `second` are sorted and do not overlap, each on its own text.
/// Where a later edit touches an earlier one, the two become one edit.
pub fn compose(original: &str, first: &[Edit], second: &[Edit]) -> Vec<Edit> {
    let between = splice(original, first);
    // Each first edit's place in `between` and in `original`.
    let mut placed: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(first.len());
    let mut shift: isize = 0;
    for e in first {
        let (a, b) = (e.span.start as usize, e.span.end as usize);
        let start = (a as isize + shift) as usize;
        placed.push((start, start + e.content.len(), a, b));
        shift += e.content.len() as isize - (b - a) as isize;
    }
    // A place in `between` outside every first edit's new text, back in `original`, as
    // the start of a range (after the first edits that start before it) or as its end
    // (after those that start at it too, an empty one included).
    let back = |x: usize, i: usize| match i {
        0 => x,
        i => x - placed[i - 1].1 + placed[i - 1].3,
    };
    let start = |x: usize| back(x, placed.partition_point(|p| p.0 < x));
    let end = |x: usize| back(x, placed.partition_point(|p| p.0 <= x));
    // Both passes' edits as ranges of `between`, merged where they overlap or touch.
    let mut ranges: Vec<(usize, usize)> = placed
        .iter()
        .map(|p| (p.0, p.1))
        .chain(
            second
                .iter()
                .map(|e| (e.span.start as usize, e.span.end as usize)),
        )
        .collect();
    ranges.sort_unstable();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match groups.last_mut() {
            Some(g) if s <= g.1 => g.1 = g.1.max(e),
            _ => groups.push((s, e)),
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    let mut next = 0;
    for (gs, ge) in groups {
        // The second pass's edits inside the group, moved to its start.
        let mut inner = Vec::new();
        while let Some(e) = second.get(next).filter(|e| (e.span.end as usize) <= ge) {
            let (s, t) = (e.span.start as usize - gs, e.span.end as usize - gs);
            inner.push(Edit::replace(Span::new(s, t), e.content.clone()));
            next += 1;
        }
        let content = splice(&between[gs..ge], &inner);
        out.push(Edit::replace(Span::new(start(gs), end(ge)), content));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(original: &str, first: &[Edit], second: &[Edit]) {
        let between = splice(original, first);
        let want = splice(&between, second);
        let composed = compose(original, first, second);
        assert_eq!(splice(original, &composed), want);
        assert!(
            composed
                .windows(2)
                .all(|w| w[0].span.end <= w[1].span.start)
        );
    }

    #[test]
    fn far_apart_edits_stay_apart_and_shifts_are_undone() {
        let first = [
            Edit::replace(Span::new(1, 2), "BBB"),
            Edit::delete(Span::new(5, 7)),
        ];
        let second = [Edit::insert(0, ">"), Edit::replace(Span::new(8, 9), "i")];
        check("abcdefghij", &first, &second);
        let c = compose("abcdefghij", &first, &second);
        assert_eq!(c.len(), 4);
    }

    #[test]
    fn an_edit_inside_or_beside_an_earlier_one_merges_with_it() {
        let first = [Edit::replace(Span::new(2, 4), "XYZ")];
        // Inside the new text, at its end, and overlapping it and the text after.
        for second in [
            vec![Edit::replace(Span::new(3, 4), "-")],
            vec![Edit::insert(5, "+")],
            vec![Edit::delete(Span::new(4, 7))],
        ] {
            check("abcdefgh", &first, &second);
            assert_eq!(compose("abcdefgh", &first, &second).len(), 1);
        }
        check("abcdefgh", &[], &[Edit::delete(Span::new(0, 8))]);
        check("abcdefgh", &first, &[]);
    }
}
