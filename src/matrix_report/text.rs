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

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV with the columns the configured matrix reads, plus `compliance_groups` and
/// `granted_by`: the output can seed `[classification] access-matrix`.
pub fn render_csv(rows: &[Row]) -> String {
    let mut out = HEADER.join(",");
    out.push('\n');
    for r in rows {
        let line: Vec<String> = cells(r).iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn render_markdown(rows: &[Row]) -> String {
    let mut out = String::from("# Data access matrix\n\n");
    out.push_str(&format!("| {} |\n", HEADER.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(HEADER.len())));
    for r in rows {
        let line: Vec<String> = cells(r).iter().map(|c| md_cell(c)).collect();
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
