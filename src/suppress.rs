//! Suppressions: inline XML comments and `[per-file-ignores]`.
//!
//! `<!-- sflint-ignore IU001: reason -->` applies to the next element, or to the element it
//! sits in when nothing follows it there. `<!-- sflint-ignore-file PM004: reason -->`
//! anywhere in a file applies to the whole file. Rules are named like selectors (codes,
//! prefixes, names), separated by commas or spaces; the reason after `:` is required.
//!
//! This module reads the comments and matches findings to them; the findings funnel
//! (`lint::filter`) applies them with the other filters.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

use crate::config::Selector;
use crate::diagnostic::{Diagnostic, FileId};
use crate::model::Loc;
use crate::parse::ParsedFile;
use crate::source::Span;
use crate::xml::Document;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    pub file: FileId,
    /// The comment itself.
    pub comment: Span,
    /// What it covers.
    pub scope: Span,
    pub whole_file: bool,
    pub codes: Vec<String>,
    /// Selectors that match no rule.
    pub unknown: Vec<String>,
    pub reason: Option<String>,
}

impl Suppression {
    /// The comment's keyword: `sflint-ignore-file` or `sflint-ignore`.
    pub fn keyword(&self) -> &'static str {
        if self.whole_file {
            "sflint-ignore-file"
        } else {
            "sflint-ignore"
        }
    }

    /// Where a finding about the comment itself points (SF004, SF005).
    pub fn at(&self) -> Loc {
        Loc::new(self.file, self.comment)
    }

    /// What a finding about the comment is about, independent of line numbers.
    pub fn identity(&self) -> String {
        format!("suppression/{}", self.codes.join(","))
    }
}

/// Every suppression comment in one parsed XML file; rules are named as `catalog` knows
/// them.
pub fn collect(file: &ParsedFile, select: &Selector<'_>) -> Vec<Suppression> {
    let Some(doc) = file.xml() else {
        return Vec::new();
    };
    let text = doc.text();
    let mut out = Vec::new();
    for c in &doc.comments {
        let body = text[c.text.range()].trim();
        let (whole_file, rest) = if let Some(r) = body.strip_prefix("sflint-ignore-file") {
            (true, r)
        } else if let Some(r) = body.strip_prefix("sflint-ignore") {
            (false, r)
        } else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with([' ', '\t', '\n', '\r', ':']) {
            continue; // e.g. `sflint-ignored`: not ours
        }
        let (selectors, reason) = match rest.split_once(':') {
            Some((s, r)) => (
                s,
                Some(r.trim()).filter(|r| !r.is_empty()).map(str::to_string),
            ),
            None => (rest, None),
        };
        let mut codes = Vec::new();
        let mut unknown = Vec::new();
        for sel in selectors
            .split([',', ' ', '\t', '\n', '\r'])
            .filter(|s| !s.is_empty())
        {
            match select(sel) {
                Ok(found) => codes.extend(found),
                Err(_) => unknown.push(sel.to_string()),
            }
        }
        let scope = if whole_file {
            Span::new(0, text.len())
        } else {
            target(doc, c.span)
        };
        out.push(Suppression {
            file: file.id,
            comment: c.span,
            scope,
            whole_file,
            codes,
            unknown,
            reason,
        });
    }
    out
}

/// The next element after the comment inside the same parent, else the enclosing element.
/// O(log n + depth): elements are in start order, and the deepest element enclosing the
/// comment is the last element starting before it or one of that element's ancestors.
fn target(doc: &Document, comment: Span) -> Span {
    let first_after = doc.elements_starting_before(comment.end);
    let next = doc.element(first_after).map(|e| e.span());
    let mut enclosing = None;
    let mut cur = first_after.checked_sub(1).and_then(|i| doc.element(i));
    while let Some(el) = cur {
        let s = el.span();
        if s.start <= comment.start && comment.end <= s.end {
            enclosing = Some(s);
            break;
        }
        cur = el.parent();
    }
    match (next, enclosing) {
        (Some(n), Some(e)) if n.start < e.end => n,
        (_, Some(e)) => e,
        (Some(n), None) => n,
        (None, None) => Span::new(0, doc.text().len()),
    }
}

/// Drop suppressed diagnostics; returns how many were dropped, and marks which
/// suppressions were used (by index). A finding is suppressed by the first suppression (in
/// comment order) in its file that names its code and whose scope holds the finding's start
/// (both ends included).
///
/// O((D + S) log S): suppressions and findings are grouped by file and code, sorted by
/// position, and swept together; the open scopes are kept ordered by suppression index.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    sups: &[Suppression],
    used: &mut HashSet<usize>,
) -> usize {
    type Key<'a> = (FileId, &'a str);
    let mut scopes: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    for (i, s) in sups.iter().enumerate() {
        for code in &s.codes {
            scopes.entry((s.file, code.as_str())).or_default().push(i);
        }
    }
    if scopes.is_empty() {
        return 0;
    }
    let mut findings: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let key = (d.primary.file, d.code.as_ref());
        if scopes.contains_key(&key) {
            findings.entry(key).or_default().push(i);
        }
    }
    let mut dropped = vec![false; diagnostics.len()];
    for (key, mut found) in findings {
        let mut open_order = scopes.remove(&key).unwrap_or_default();
        open_order.sort_by_key(|&i| sups[i].scope.start);
        found.sort_by_key(|&i| diagnostics[i].primary.span.start);
        let mut next = 0;
        let mut open: BTreeSet<usize> = BTreeSet::new();
        let mut closing: BinaryHeap<Reverse<(u32, usize)>> = BinaryHeap::new();
        for d in found {
            let at = diagnostics[d].primary.span.start;
            while let Some(&s) = open_order.get(next)
                && sups[s].scope.start <= at
            {
                open.insert(s);
                closing.push(Reverse((sups[s].scope.end, s)));
                next += 1;
            }
            while let Some(&Reverse((end, s))) = closing.peek()
                && end < at
            {
                open.remove(&s);
                closing.pop();
            }
            if let Some(&s) = open.first() {
                used.insert(s);
                dropped[d] = true;
            }
        }
    }
    let before = diagnostics.len();
    let mut index = 0;
    diagnostics.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
    before - diagnostics.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Severity};
    use std::borrow::Cow;

    fn finding(file: u32, code: &'static str, at: u32) -> Diagnostic {
        Diagnostic {
            code: Cow::Borrowed(code),
            name: Cow::Borrowed("x"),
            severity: Severity::Error,
            message: String::new(),
            help: String::new(),
            primary: Label::new(FileId(file), Span::new(at as usize, at as usize + 1), ""),
            related: Vec::new(),
            identity: format!("{at}"),
            fixes: Vec::new(),
        }
    }

    fn sup(file: u32, codes: &[&str], start: u32, end: u32) -> Suppression {
        Suppression {
            file: FileId(file),
            comment: Span::new(0, 1),
            scope: Span::new(start as usize, end as usize),
            whole_file: false,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            unknown: Vec::new(),
            reason: None,
        }
    }

    /// The first suppression in comment order whose scope holds the finding, by brute force.
    fn naive(diagnostics: &[Diagnostic], sups: &[Suppression]) -> (Vec<bool>, HashSet<usize>) {
        let mut used = HashSet::new();
        let kept = diagnostics
            .iter()
            .map(|d| {
                let hit = sups.iter().position(|s| {
                    s.file == d.primary.file
                        && s.codes.iter().any(|c| *c == d.code)
                        && s.scope.start <= d.primary.span.start
                        && d.primary.span.start <= s.scope.end
                });
                hit.inspect(|&i| {
                    used.insert(i);
                })
                .is_none()
            })
            .collect();
        (kept, used)
    }

    #[test]
    fn sweep_matches_the_first_covering_suppression_like_a_linear_scan() {
        // Nested, adjacent (shared end points), overlapping and whole-file scopes, in
        // several files and codes, from a fixed pseudo-random sequence.
        let mut seed: u64 = 0x5f1;
        let mut next = |n: u32| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % u64::from(n)) as u32
        };
        for _ in 0..200 {
            let codes = ["PM001", "PM004", "IU001"];
            let mut sups = Vec::new();
            for _ in 0..next(12) {
                let start = next(60);
                let end = start + next(30);
                let a = codes[next(3) as usize];
                let b = codes[next(3) as usize];
                sups.push(sup(next(2), &[a, b], start, end));
            }
            if next(4) == 0 {
                sups.push(sup(0, &["PM001"], 0, 100));
            }
            let mut diagnostics: Vec<Diagnostic> = (0..next(40))
                .map(|_| finding(next(2), codes[next(3) as usize], next(95)))
                .collect();
            let (kept, want_used) = naive(&diagnostics, &sups);
            let want: Vec<Diagnostic> = diagnostics
                .iter()
                .zip(&kept)
                .filter(|(_, k)| **k)
                .map(|(d, _)| d.clone())
                .collect();
            let mut used = HashSet::new();
            let dropped = apply(&mut diagnostics, &sups, &mut used);
            assert_eq!(diagnostics, want);
            assert_eq!(dropped, kept.iter().filter(|k| !**k).count());
            assert_eq!(used, want_used);
        }
    }
}
