//! Suppressions: inline XML comments and `[per-file-ignores]`.
//!
//! `<!-- sflint-ignore IU001: reason -->` applies to the next element, or to the element it
//! sits in when nothing follows it there. `<!-- sflint-ignore-file PM004: reason -->`
//! anywhere in a file applies to the whole file. Rules are named like selectors (codes,
//! prefixes, names), separated by commas or spaces; the reason after `:` is required.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use crate::diagnostic::{Diagnostic, FileId, Label};
use crate::parse::ParsedFile;
use crate::rules::catalog::Catalog;
use crate::rules::sf;
use crate::settings::Settings;
use crate::source::Span;
use crate::xml::Document;

#[derive(Debug, Clone)]
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

/// Every suppression comment in one parsed XML file; rules are named as `catalog` knows
/// them.
pub fn collect(file: &ParsedFile, catalog: &Catalog<'_>) -> Vec<Suppression> {
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
            match catalog.select(sel) {
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
fn target(doc: &Document, comment: Span) -> Span {
    let mut enclosing = None;
    let mut next = None;
    for el in doc.elements() {
        let s = el.span();
        if s.start <= comment.start && comment.end <= s.end {
            enclosing = Some(s); // document order: the last one is the deepest
        } else if s.start >= comment.end {
            next = Some(s);
            break;
        }
    }
    match (next, enclosing) {
        (Some(n), Some(e)) if n.start < e.end => n,
        (_, Some(e)) => e,
        (Some(n), None) => n,
        (None, None) => Span::new(0, doc.text().len()),
    }
}

/// Drop suppressed diagnostics; returns how many were dropped, and marks which
/// suppressions were used (by index).
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    sups: &[Suppression],
    used: &mut HashSet<usize>,
) -> usize {
    let before = diagnostics.len();
    diagnostics.retain(|d| {
        let hit = sups.iter().position(|s| {
            s.file == d.primary.file
                && s.codes.iter().any(|c| *c == d.code)
                && s.scope.start <= d.primary.span.start
                && d.primary.span.start <= s.scope.end
        });
        match hit {
            Some(i) => {
                used.insert(i);
                false
            }
            None => true,
        }
    });
    before - diagnostics.len()
}

/// Drop findings that inline comments or `[per-file-ignores]` suppress, and report
/// suppressions without a reason (SF004) or that suppress nothing (SF005). Returns how many
/// findings were suppressed.
pub fn apply_all(
    files: &[ParsedFile],
    sups: Vec<Suppression>,
    base: usize,
    diagnostics: &mut Vec<Diagnostic>,
    settings: &Settings,
    root: &Path,
    has_base: bool,
) -> usize {
    let catalog = settings.catalog();
    let mut used = HashSet::new();
    let mut count = apply(diagnostics, &sups, &mut used);
    if !settings.per_file_ignores.is_empty() {
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            let Some(f) = (d.primary.file.0 as usize)
                .checked_sub(base)
                .and_then(|i| files.get(i))
            else {
                return true;
            };
            let rel = f.source.path.strip_prefix(root).unwrap_or(&f.source.path);
            !settings.ignored_in(rel, &d.code)
        });
        count += before - diagnostics.len();
    }
    let emit = |meta: &'static crate::rules::RuleMeta,
                s: &Suppression,
                message: String,
                help: String| Diagnostic {
        code: Cow::Borrowed(meta.code),
        name: Cow::Borrowed(meta.name),
        severity: meta.severity,
        message,
        help,
        primary: Label::new(s.file, s.comment, ""),
        related: Vec::new(),
        identity: format!("suppression/{}", s.codes.join(",")),
    };
    let kind = |s: &Suppression| {
        if s.whole_file {
            "sflint-ignore-file"
        } else {
            "sflint-ignore"
        }
    };
    for (i, s) in sups.iter().enumerate() {
        if s.reason.is_none() && settings.is_enabled(sf::suppression_without_reason::META.code) {
            diagnostics.push(emit(
                &sf::suppression_without_reason::META,
                s,
                format!("this {} comment gives no reason", kind(s)),
                format!(
                    "say why after a colon, e.g. <!-- {} {}: approved by security, ticket SEC-123 -->",
                    kind(s),
                    s.codes.first().map_or("IU001", String::as_str)
                ),
            ));
        }
        if !settings.is_enabled(sf::unused_suppression::META.code) {
            continue;
        }
        for u in &s.unknown {
            let help = crate::names::did_you_mean(u, catalog.names())
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| {
                    "name rules by code (IU001), prefix (IU) or name; `sflint rules` lists them"
                        .into()
                });
            diagnostics.push(emit(
                &sf::unused_suppression::META,
                s,
                format!(
                    "this {} comment names `{u}`, which matches no rule",
                    kind(s)
                ),
                help,
            ));
        }
        // Rules that need a base cannot have findings in a run without one.
        let all_enabled = !s.codes.is_empty()
            && s.codes.iter().all(|c| {
                settings.is_enabled(c)
                    && (has_base || !crate::rules::NEEDS_BASE.contains(&c.as_str()))
            });
        if all_enabled && !used.contains(&i) {
            diagnostics.push(emit(
                &sf::unused_suppression::META,
                s,
                format!(
                    "this {} comment suppresses {}, but there is no such finding {}",
                    kind(s),
                    s.codes.join(", "),
                    if s.whole_file {
                        "in this file"
                    } else {
                        "in the element it covers"
                    }
                ),
                "remove the comment: the problem it hid is gone (or it sits in the wrong place)"
                    .into(),
            ));
        }
    }
    count
}
