//! CSV, Markdown and JSON renderings of the access matrix.

use super::{Row, summarize};

const HEADER: [&str; 8] = [
    "field",
    "classification",
    "compliance_groups",
    "principal",
    "access",
    "granted_by",
    "justification",
    "compliance_notes",
];

fn cells(r: &Row) -> [&str; 8] {
    [
        &r.field,
        &r.classification,
        &r.compliance_groups,
        &r.principal,
        r.access,
        &r.granted_by,
        &r.justification,
        &r.compliance_notes,
    ]
}

/// A CSV cell. A value a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`,
/// tab or CR, as OWASP's CSV-injection advice lists) gets a leading `'` and quotes, so it
/// shows as text; sflint's own matrix reader drops that `'` again.
pub(crate) fn csv_cell(s: &str) -> String {
    let formula = s.starts_with(crate::matrix::FORMULA_STARTS);
    if formula {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV with the columns the configured matrix reads, plus `compliance_groups` and
/// `granted_by`: the output can seed `[classification] access-matrix`.
pub fn render_csv(rows: &[Row]) -> String {
    let mut out = header(rows).join(",");
    out.push('\n');
    for r in rows {
        let line: Vec<String> = row_cells(r).iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// With `--base`, a last column `base_access`.
fn header(rows: &[Row]) -> Vec<&'static str> {
    let mut h = HEADER.to_vec();
    if rows.iter().any(|r| r.base_access.is_some()) {
        h.push("base_access");
    }
    h
}

fn row_cells(r: &Row) -> Vec<&str> {
    let mut c = cells(r).to_vec();
    if let Some(b) = r.base_access {
        c.push(b);
    }
    c
}

/// A Markdown table cell: pipes escaped, line breaks folded, and HTML escaped so text from
/// metadata never becomes markup where the table is shown (a PR comment, a job summary).
pub(crate) fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render_markdown(rows: &[Row]) -> String {
    let mut out = String::from("# Data access matrix\n\n");
    let header = header(rows);
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for r in rows {
        let line: Vec<String> = row_cells(r).iter().map(|c| md_cell(c)).collect();
        out.push_str(&format!("| {} |\n", line.join(" | ")));
    }
    let s = summarize(rows);
    out.push_str("\n## Summary\n\n| classification | read | edit | none |\n|---|---|---|---|\n");
    for (level, counts) in &s.by_level {
        let n = |k: &str| counts.get(k).copied().unwrap_or(0);
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            md_cell(level),
            n("read"),
            n("edit"),
            n("none")
        ));
    }
    out
}

pub fn render_json(rows: &[Row]) -> String {
    let doc = serde_json::json!({
        "schema": "sflint-matrix/1",
        "version": env!("CARGO_PKG_VERSION"),
        "rows": rows,
        "summary": summarize(rows),
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("plain values serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_html_escaped() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(lead).starts_with("\"'"), "{lead:?}");
        }
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(
            md_cell("<img src=x onerror=alert(1)>|&"),
            "&lt;img src=x onerror=alert(1)&gt;\\|&amp;"
        );
    }
}
