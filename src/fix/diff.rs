//! A unified diff of a text and the edits made to it (what `--diff` prints). The changed
//! lines come from the edits themselves, so no diff algorithm is needed and the diff
//! shows exactly what `--fix` would write.

use crate::diagnostic::Edit;

use super::apply::splice;

const CONTEXT: usize = 3;

/// Where each line starts; lines end after `\n`.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.match_indices('\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i < text.len()),
    );
    starts
}

fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

/// Changed blocks: (first line, last line, edits), lines inclusive, in order.
fn blocks<'a>(starts: &[usize], edits: &'a [Edit]) -> Vec<(usize, usize, Vec<&'a Edit>)> {
    let mut out: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for e in edits {
        let first = line_of(starts, e.span.start as usize);
        let last = line_of(
            starts,
            (e.span.end as usize)
                .saturating_sub(1)
                .max(e.span.start as usize),
        );
        match out.last_mut() {
            Some(b) if first <= b.1 + 1 => {
                b.1 = b.1.max(last);
                b.2.push(e);
            }
            _ => out.push((first, last, vec![e])),
        }
    }
    out
}

fn push_lines(out: &mut String, prefix: char, chunk: &str) {
    for line in chunk.split_inclusive('\n') {
        out.push(prefix);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// `old` and `new` lines, the lines they begin and end with alike shown as context (an
/// insertion of whole lines removes no line).
fn changed_lines(out: &mut String, old: &str, new: &str) {
    let (o, n): (Vec<&str>, Vec<&str>) = (
        old.split_inclusive('\n').collect(),
        new.split_inclusive('\n').collect(),
    );
    let head = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let tail = o[head..]
        .iter()
        .rev()
        .zip(n[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let context = |out: &mut String, lines: &[&str]| push_lines(out, ' ', &lines.concat());
    context(out, &o[..head]);
    push_lines(out, '-', &o[head..o.len() - tail].concat());
    push_lines(out, '+', &n[head..n.len() - tail].concat());
    context(out, &o[o.len() - tail..]);
}

fn count_lines(chunk: &str) -> usize {
    chunk.split_inclusive('\n').count()
}

fn range(start: usize, count: usize) -> String {
    // A range of no lines is named by the line before it.
    let start = if count == 0 { start } else { start + 1 };
    format!("{start},{count}")
}

/// The unified diff of `text` and `text` with `edits` (sorted, non-overlapping) made;
/// empty when nothing changes.
pub fn unified(path: &str, text: &str, edits: &[Edit]) -> String {
    let starts = line_starts(text);
    let n = starts.len();
    let end_of = |line: usize| starts.get(line + 1).copied().unwrap_or(text.len());
    let blocks = blocks(&starts, edits);
    // Blocks whose context touches join one hunk.
    let mut hunks: Vec<Vec<&(usize, usize, Vec<&Edit>)>> = Vec::new();
    for b in &blocks {
        match hunks.last_mut() {
            Some(h) if b.0 <= h.last().map_or(0, |l| l.1) + 2 * CONTEXT + 1 => h.push(b),
            _ => hunks.push(vec![b]),
        }
    }
    let mut out = String::new();
    let mut delta: isize = 0;
    for hunk in hunks {
        let (first, last) = (hunk[0].0, hunk[hunk.len() - 1].1);
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT).min(n - 1);
        let mut body = String::new();
        let (mut old_count, mut new_count) = (0, 0);
        let mut line = from;
        for (l0, l1, es) in hunk {
            let context = &text[starts[line]..starts[*l0]];
            push_lines(&mut body, ' ', context);
            let c = count_lines(context);
            old_count += c;
            new_count += c;
            let (a, z) = (starts[*l0], end_of(*l1));
            let old = &text[a..z];
            let shifted: Vec<Edit> = es
                .iter()
                .map(|e| {
                    Edit::replace(
                        crate::source::Span::new(
                            e.span.start as usize - a,
                            e.span.end as usize - a,
                        ),
                        e.content.clone(),
                    )
                })
                .collect();
            let new = splice(old, &shifted);
            changed_lines(&mut body, old, &new);
            old_count += count_lines(old);
            new_count += count_lines(&new);
            line = l1 + 1;
        }
        if line <= to {
            let context = &text[starts[line]..end_of(to)];
            push_lines(&mut body, ' ', context);
            old_count += count_lines(context);
            new_count += count_lines(context);
        }
        let new_from = (from as isize + delta).max(0) as usize;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(from, old_count),
            range(new_from, new_count)
        ));
        out.push_str(&body);
        delta += new_count as isize - old_count as isize;
    }
    if out.is_empty() {
        return out;
    }
    format!("--- a/{path}\n+++ b/{path}\n{out}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn a_removed_line_shows_with_context_and_line_numbers() {
        let text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let at = text.find("5\n").unwrap();
        let d = unified("a.xml", text, &[Edit::delete(Span::new(at, at + 2))]);
        assert_eq!(
            d,
            "--- a/a.xml\n+++ b/a.xml\n@@ -2,7 +2,6 @@\n 2\n 3\n 4\n-5\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn far_apart_edits_make_two_hunks_and_numbers_shift() {
        let text: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let a = text.find("2\n").unwrap();
        let b = text.find("18\n").unwrap();
        let d = unified(
            "x",
            &text,
            &[
                Edit::delete(Span::new(a, a + 2)),
                Edit::replace(Span::new(b, b + 2), "XVIII"),
            ],
        );
        assert!(d.contains("@@ -1,5 +1,4 @@\n 1\n-2\n 3\n"), "{d}");
        assert!(
            d.contains("@@ -15,6 +14,6 @@\n 15\n 16\n 17\n-18\n+XVIII\n 19\n 20\n"),
            "{d}"
        );
    }

    #[test]
    fn a_last_line_without_newline_is_marked() {
        let d = unified("x", "a\r\nb", &[Edit::replace(Span::new(3, 4), "c")]);
        assert_eq!(
            d,
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn inserted_lines_remove_no_line() {
        let text = "<a>\n  <c/>\n</a>\n";
        let edits = [Edit::insert(4, "  <b/>\n")];
        assert_eq!(
            unified("x", text, &edits),
            "--- a/x\n+++ b/x\n@@ -1,3 +1,4 @@\n <a>\n+  <b/>\n   <c/>\n </a>\n"
        );
    }

    #[test]
    fn no_edit_no_diff() {
        assert_eq!(unified("x", "a\n", &[]), "");
    }
}
