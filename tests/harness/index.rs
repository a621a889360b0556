//! The rules index in `rules/README.md`: one table row per registered rule, in registry
//! order. [`bless_index`] rewrites the table from the registry.

use sflint::rules::RuleMeta;

use super::pages::metas;

pub const INDEX_HEADER: [&str; 5] = ["Code", "Name", "Severity", "Default", "Summary"];

/// The cells of a rule's row.
pub fn index_row(m: &RuleMeta) -> Vec<String> {
    vec![
        m.code.to_string(),
        format!("[{0}]({0}.md)", m.name),
        m.severity.to_string(),
        if m.enabled { "on" } else { "off" }.to_string(),
        m.summary.to_string(),
    ]
}

fn is_table_line(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

fn cells(line: &str) -> Vec<&str> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect()
}

/// Every `|` line of the file, read as one table: the header, a separator, then a row per
/// registered rule in registry order and nothing else.
pub fn check_index(readme: &str) -> Vec<String> {
    let mut lines = readme.lines().filter(|l| is_table_line(l)).map(cells);
    let mut failures = Vec::new();
    match lines.next() {
        Some(header) if header == INDEX_HEADER => {}
        header => failures.push(format!(
            "table header: expected {INDEX_HEADER:?}, found {header:?}"
        )),
    }
    match lines.next() {
        Some(sep)
            if sep
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':')) => {}
        sep => failures.push(format!(
            "second table row must be the separator, found {sep:?}"
        )),
    }
    let rows: Vec<Vec<&str>> = lines.collect();
    let expected: Vec<Vec<String>> = metas().map(index_row).collect();
    for (i, want) in expected.iter().enumerate() {
        match rows.get(i) {
            Some(row) if row == want => {}
            Some(row) => failures.push(format!("row {}: expected {want:?}, found {row:?}", i + 1)),
            None => failures.push(format!("row {}: missing, expected {want:?}", i + 1)),
        }
    }
    for (i, row) in rows.iter().enumerate().skip(expected.len()) {
        failures.push(format!("row {}: {row:?} is not a registered rule", i + 1));
    }
    failures
}

/// The table as the registry says.
pub fn index_table() -> String {
    let mut out = format!("| {} |\n", INDEX_HEADER.join(" | "));
    out.push_str(&"|---".repeat(INDEX_HEADER.len()));
    out.push_str("|\n");
    for m in metas() {
        out.push_str(&format!("| {} |\n", index_row(m).join(" | ")));
    }
    out
}

/// `readme` with its first table (the first run of `|` lines) replaced by
/// [`index_table`], everything else byte for byte. Without a table, one is appended.
pub fn bless_index(readme: &str) -> String {
    let lines: Vec<&str> = readme.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| is_table_line(l)) else {
        let mut out = readme.to_string();
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
        }
        out.push_str(&index_table());
        return out;
    };
    let end = lines[start..]
        .iter()
        .position(|l| !is_table_line(l))
        .map_or(lines.len(), |n| start + n);
    let mut out = lines[..start].concat();
    out.push_str(&index_table());
    out.push_str(&lines[end..].concat());
    out
}
