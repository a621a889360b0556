//! The access-change report as text (terminal), Markdown (a pull-request comment) and
//! JSON (`sflint-access-diff/1`).

use crate::output::escape::visible;

use super::diff::{AccessDiff, Change, Direction};

/// GitHub's limit on a comment body is 65,536 characters; the report stays below it
/// with room for a CI step's own header.
pub const MARKDOWN_LIMIT: usize = 60_000;

/// Rows shown before the rest goes in a collapsed `<details>`.
const OPEN_ROWS: usize = 50;

fn sign(c: &Change) -> &'static str {
    match c.change {
        Direction::Gain => "+",
        Direction::Loss => "-",
    }
}

fn class_of(c: &Change) -> String {
    match (&c.classification, c.high_risk) {
        (Some(l), true) => format!("{l} (high risk)"),
        (Some(l), false) => l.clone(),
        (None, _) => String::new(),
    }
}

fn marks(c: &Change) -> String {
    let mut m = Vec::new();
    if c.integration {
        m.push("integration");
    }
    if c.guest {
        m.push("guest");
    }
    if m.is_empty() {
        String::new()
    } else {
        format!(" [{}]", m.join(", "))
    }
}

pub fn render_text(d: &AccessDiff) -> String {
    let mut out = String::new();
    let mut last = "";
    for c in &d.changes {
        if c.principal != last {
            out.push_str(&format!("{}{}\n", visible(&c.principal), marks(c)));
            last = &c.principal;
        }
        let class = class_of(c);
        out.push_str(&format!(
            "  {} {} {}: {} -> {}{}\n      {}:{}: {}\n",
            sign(c),
            c.access.join("+"),
            visible(&c.subject.name()),
            c.before,
            c.after,
            if class.is_empty() {
                String::new()
            } else {
                format!(" ({})", visible(&class))
            },
            visible(&c.cause.file),
            c.cause.line,
            visible(&c.cause.what)
        ));
    }
    if !d.kept.is_empty() {
        out.push_str(&format!(
            "\n{} removed profile entr{} a deploy keeps (profiles overlay the org):\n",
            d.kept.len(),
            if d.kept.len() == 1 { "y" } else { "ies" }
        ));
        for k in &d.kept {
            out.push_str(&format!(
                "  {} {} {} (was {})\n",
                visible(&k.principal),
                k.access.join("+"),
                visible(&k.subject.name()),
                visible(&k.base_at)
            ));
        }
    }
    for r in &d.removed_principals {
        out.push_str(&format!(
            "note: {} is no longer in the project (a deploy does not delete it)\n",
            visible(r)
        ));
    }
    if !d.changes.is_empty() || !d.kept.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "{} (compared with {}).\n",
        d.summary,
        visible(&d.base)
    ));
    out
}

/// A Markdown table cell (see [`crate::matrix_report`]); backticks become quotes so a
/// name never closes the code span it is shown in, and control characters are dropped.
fn cell(s: &str) -> String {
    crate::matrix_report::md_cell(s)
        .chars()
        .filter(|&c| !crate::output::escape::is_unsafe(c))
        .map(|c| if c == '`' { '\'' } else { c })
        .collect()
}

const HEADER: &str = "| Principal | Change | Subject | Access | Classification | Cause |\n|---|---|---|---|---|---|\n";

fn row(c: &Change) -> String {
    let mut who = format!("`{}`", cell(&c.principal));
    if c.integration {
        who.push_str(" **integration**");
    }
    if c.guest {
        who.push_str(" **guest**");
    }
    let change = match c.change {
        Direction::Gain => "gain",
        Direction::Loss => "loss",
    };
    format!(
        "| {who} | {change} {} | `{}` | {} → {} | {} | `{}:{}` {} |\n",
        c.access.join("+"),
        cell(&c.subject.name()),
        c.before,
        c.after,
        cell(&class_of(c)),
        cell(&c.cause.file),
        c.cause.line,
        cell(&c.cause.what)
    )
}

/// For a pull-request comment: a one-line summary, a table of the first 50 changes and
/// the rest collapsed; kept under [`MARKDOWN_LIMIT`] characters, saying so when cut.
pub fn render_markdown(d: &AccessDiff) -> String {
    let mut out = format!(
        "### sflint access-diff (compared with `{}`)\n\n**{}.**\n",
        cell(&d.base),
        cell(&d.summary)
    );
    if d.changes.is_empty() && d.kept.is_empty() && d.removed_principals.is_empty() {
        return out;
    }
    // What comes after the table; reserved before the rows are counted.
    let mut tail = String::new();
    if !d.kept.is_empty() {
        tail.push_str(&format!(
            "\n<details><summary>{} removed profile entr{} a deploy keeps (profiles overlay the org)</summary>\n\n",
            d.kept.len(),
            if d.kept.len() == 1 { "y" } else { "ies" }
        ));
        let mut shown = 0;
        for k in &d.kept {
            let line = format!(
                "- `{}` {} `{}` (was `{}`)\n",
                cell(&k.principal),
                k.access.join("+"),
                cell(&k.subject.name()),
                cell(&k.base_at)
            );
            if tail.len() + line.len() > 4_000 {
                break;
            }
            tail.push_str(&line);
            shown += 1;
        }
        if shown < d.kept.len() {
            tail.push_str(&format!("- … and {} more\n", d.kept.len() - shown));
        }
        tail.push_str("\n</details>\n");
    }
    if !d.changes.is_empty() {
        out.push('\n');
        out.push_str(HEADER);
    }
    let budget = MARKDOWN_LIMIT.saturating_sub(tail.len() + 400);
    let mut shown = 0;
    for (i, c) in d.changes.iter().enumerate() {
        if i == OPEN_ROWS {
            out.push_str(&format!(
                "\n<details><summary>{} more change{}</summary>\n\n{HEADER}",
                d.changes.len() - OPEN_ROWS,
                if d.changes.len() - OPEN_ROWS == 1 {
                    ""
                } else {
                    "s"
                }
            ));
        }
        let r = row(c);
        if out.len() + r.len() > budget {
            break;
        }
        out.push_str(&r);
        shown += 1;
    }
    if shown < d.changes.len() {
        out.push_str(&format!(
            "\n*{} more change{} cut to stay under GitHub's comment limit: run `sflint access-diff --format text` or `--format json` for all.*\n",
            d.changes.len() - shown,
            if d.changes.len() - shown == 1 { "" } else { "s" }
        ));
    }
    if d.changes.len() > OPEN_ROWS {
        out.push_str("\n</details>\n");
    }
    out.push_str(&tail);
    if !d.removed_principals.is_empty() {
        out.push_str(&format!(
            "\n{} principal{} of the base {} no longer in the project (a deploy does not delete {}).\n",
            d.removed_principals.len(),
            if d.removed_principals.len() == 1 { "" } else { "s" },
            if d.removed_principals.len() == 1 { "is" } else { "are" },
            if d.removed_principals.len() == 1 { "it" } else { "them" },
        ));
    }
    out
}

pub fn render_json(d: &AccessDiff) -> String {
    let mut s = serde_json::to_string_pretty(d).expect("plain values serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::super::diff::{Cause, Change, Direction};
    use super::super::principals::WhoKind;
    use super::super::subject::Subject;
    use super::*;

    fn diff(n: usize) -> AccessDiff {
        let changes = (0..n)
            .map(|i| Change {
                principal: format!("set:Set_{}", i % 7),
                principal_kind: WhoKind::PermissionSet,
                integration: false,
                guest: false,
                change: Direction::Gain,
                subject: Subject::Field {
                    object: "Contact".into(),
                    field: format!("Field_{i}__c"),
                },
                access: vec!["read"],
                before: "none".into(),
                after: "read".into(),
                classification: None,
                high_risk: false,
                cause: Cause {
                    file: "force-app/main/default/permissionsets/Set.permissionset-meta.xml".into(),
                    line: i + 3,
                    what: "permission set `Set` grants it | <b>".into(),
                },
                rank: usize::MAX,
            })
            .collect::<Vec<_>>();
        AccessDiff {
            schema: super::super::diff::SCHEMA,
            version: "0",
            base: "origin/main".into(),
            principals: 7,
            summary: super::super::diff::summary_line(&changes),
            changes,
            kept: Vec::new(),
            removed_principals: Vec::new(),
        }
    }

    #[test]
    fn rows_past_fifty_are_collapsed() {
        let md = render_markdown(&diff(60));
        let details = md
            .find("<details><summary>10 more changes</summary>")
            .unwrap();
        assert_eq!(md[..details].matches("| `set:").count(), 50);
        assert_eq!(md[details..].matches("| `set:").count(), 10);
        assert!(md.trim_end().ends_with("</details>"));
        assert!(md.contains("\\| &lt;b&gt;"), "cells are escaped");
        assert!(!md.contains("cut to stay under"));
    }

    #[test]
    fn a_huge_report_stays_under_the_comment_limit_and_says_so() {
        let md = render_markdown(&diff(20_000));
        assert!(md.len() <= MARKDOWN_LIMIT, "{}", md.len());
        assert!(md.contains("more changes cut to stay under GitHub's comment limit"));
        assert!(md.contains("</details>"));
    }
}
