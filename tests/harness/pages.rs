//! A page's fixed structure: the header of a rule page (title, summary, metadata line), the
//! six `## ` sections, and links to rule pages. [`bless_header`] rewrites a header.

use sflint::catalog::RULES;
use sflint::rules::RuleMeta;

use super::markdown::{Piece, links, split_pieces};

/// The level-2 headings of every rule and pack page, in order.
pub const HEADINGS: [&str; 6] = [
    "## What it does",
    "## Why it matters",
    "## Example",
    "## How to fix",
    "## Configuration",
    "## See also",
];

/// Where a rule's page is, relative to the repository.
pub fn page_file(name: &str) -> String {
    format!("rules/{name}.md")
}

pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| r.meta())
}

pub fn meta_by_name(name: &str) -> Option<&'static RuleMeta> {
    metas().find(|m| m.name == name)
}

pub fn meta_line(meta: &RuleMeta) -> String {
    format!(
        "**Family:** {} ({}) · **Default severity:** {} · **Enabled by default:** {}",
        meta.family.prefix(),
        meta.family.label(),
        meta.severity,
        if meta.enabled { "yes" } else { "no" }
    )
}

/// The first four lines of a rule's page, as its metadata says.
pub fn rule_header(meta: &RuleMeta) -> [String; 4] {
    [
        format!("# {} {}", meta.code, meta.name),
        meta.summary.to_string(),
        String::new(),
        meta_line(meta),
    ]
}

/// Does the page start with `want`, line by line?
pub fn check_header(file: &str, page: &str, want: &[String]) -> Vec<String> {
    let lines: Vec<&str> = page.lines().collect();
    let mut problems = Vec::new();
    for (i, want) in want.iter().enumerate() {
        let got = lines.get(i).copied().unwrap_or("<missing>");
        if got != want {
            problems.push(format!(
                "{file} line {}: expected `{want}`, found `{got}`",
                i + 1
            ));
        }
    }
    problems
}

/// The page with its header replaced by `want`, the rest byte for byte. The header that
/// goes is what there is of it: a `# ` title line, then a summary line (any non-blank line
/// that is not a heading or a metadata line), then blank lines and a `**Family:**` line.
/// Nothing else of the page is touched, so a page without a header gets one in front.
pub fn bless_header(page: &str, want: &[String]) -> String {
    let lines: Vec<&str> = page.split_inclusive('\n').collect();
    let is_meta = |l: &str| l.starts_with("**Family:**");
    let mut n = 0;
    if lines.first().is_some_and(|l| l.starts_with("# ")) {
        n = 1;
    }
    if lines.get(n).is_some_and(|l| {
        !l.trim().is_empty() && !l.starts_with('#') && !is_meta(l) && !l.starts_with("```")
    }) {
        n += 1;
    }
    let mut m = n;
    while lines.get(m).is_some_and(|l| l.trim().is_empty()) {
        m += 1;
    }
    if lines.get(m).is_some_and(|l| is_meta(l)) {
        n = m + 1;
    }
    let mut out = want.join("\n");
    out.push('\n');
    let rest = lines[n..].concat();
    if !rest.is_empty() && !rest.starts_with('\n') {
        out.push('\n');
    }
    out.push_str(&rest);
    out
}

/// A rule page: its header, sections and links.
pub fn check_rule_page(meta: &RuleMeta, page: &str) -> Vec<String> {
    let file = page_file(meta.name);
    let mut problems = check_header(&file, page, &rule_header(meta));
    problems.extend(check_sections(&file, page, ""));
    problems
}

/// The `## ` headings are [`HEADINGS`], each section has content, only line 1 is a `# `
/// heading, a link to a rule page reads as the rule's code, and `## See also` links at
/// least one rule page. `to_rules` is the way from the page's folder to `rules/` (`""` for
/// a rule page, `"../"` for a pack page); `.md` links elsewhere are not checked.
pub fn check_sections(file: &str, page: &str, to_rules: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let pieces = match split_pieces(page) {
        Ok(p) => p,
        Err(e) => return vec![format!("{file}: {e}")],
    };
    // Headings outside code blocks, and whether each section has content.
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut has_content: Vec<bool> = Vec::new();
    let mut see_also_links = 0;
    for piece in &pieces {
        match piece {
            Piece::Line { line, text } => {
                if text.starts_with("# ") && *line != 1 {
                    problems.push(format!("{file} line {line}: only line 1 is a `# ` heading"));
                }
                if text.starts_with("## ") {
                    headings.push((*line, text.trim_end().to_string()));
                    has_content.push(false);
                } else if !text.trim().is_empty()
                    && let Some(c) = has_content.last_mut()
                {
                    *c = true;
                }
                for (text_part, target) in links(text) {
                    let Some(stem) = target
                        .strip_suffix(".md")
                        .and_then(|t| t.strip_prefix(to_rules))
                    else {
                        continue;
                    };
                    if stem == "README" {
                        continue;
                    }
                    match meta_by_name(stem) {
                        Some(other) if other.code == text_part => {
                            if headings.last().is_some_and(|(_, h)| h == "## See also") {
                                see_also_links += 1;
                            }
                        }
                        Some(other) => problems.push(format!(
                            "{file} line {line}: the link to {target} should read [{}]",
                            other.code
                        )),
                        None => problems
                            .push(format!("{file} line {line}: {target} is not a rule page")),
                    }
                }
            }
            Piece::Fence(_) => {
                if let Some(c) = has_content.last_mut() {
                    *c = true;
                }
            }
        }
    }
    let got: Vec<&str> = headings.iter().map(|(_, h)| h.as_str()).collect();
    if got != HEADINGS {
        problems.push(format!(
            "{file}: the `## ` headings must be exactly {HEADINGS:?} in this order, found {got:?}"
        ));
    }
    for ((line, heading), content) in headings.iter().zip(&has_content) {
        if !content {
            problems.push(format!("{file} line {line}: `{heading}` is empty"));
        }
    }
    if see_also_links == 0 {
        problems.push(format!(
            "{file}: `## See also` links no rule page, e.g. [PM001]({to_rules}editable-without-readable.md)"
        ));
    }
    problems
}
