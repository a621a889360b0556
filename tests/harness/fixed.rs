//! The `fixed` blocks of a bad example: its files after every fix of its findings.
//!
//! "Every fix" is what `sflint check --fix --unsafe-fixes` applies: each finding's fix,
//! safe or unsafe; of alternatives (PM001), the preferred one, and none when none is. The
//! fixes are applied pass after pass, as `--fix` does, until nothing changes. Marker
//! comments still in the result are taken out before comparing, so a `fixed` block holds
//! no markers. Every file the fixes change needs a `fixed` block, and a `fixed` block
//! names a file of the example.

use std::collections::BTreeMap;

use sflint::catalog::Setup;
use sflint::diagnostic::Fix;
use sflint::fix::apply::apply;
use sflint::fix::run::MAX_PASSES;

use super::examples::{Example, ExampleFile};
use super::markers::parse_marker_body;
use super::prepare::Linted;
use super::run::lint_texts;

/// The texts of `files` after every fix, pass after pass.
pub fn fix_all(
    files: &[Linted],
    base: &[ExampleFile],
    settings: &Setup,
) -> Result<Vec<String>, String> {
    let mut texts: Vec<String> = files.iter().map(|f| f.text.clone()).collect();
    for _ in 0..MAX_PASSES {
        let sources: Vec<(&str, &str)> = files
            .iter()
            .zip(&texts)
            .map(|(f, t)| (f.path.as_str(), t.as_str()))
            .collect();
        let report = lint_texts(&sources, base, settings)?;
        let mut by_file: BTreeMap<usize, Vec<&Fix>> = BTreeMap::new();
        for fix in report.diagnostics.iter().filter_map(|d| d.chosen_fix()) {
            let path = &report.file(fix.file).display;
            if let Some(i) = files.iter().position(|f| &f.path == path) {
                by_file.entry(i).or_default().push(fix);
            }
        }
        let mut changed = false;
        for (i, fixes) in by_file {
            let applied = apply(&texts[i], &fixes);
            changed |= applied.text != texts[i];
            texts[i] = applied.text;
        }
        if !changed {
            return Ok(texts);
        }
    }
    Err(format!(
        "the fixes still change the example after {MAX_PASSES} passes"
    ))
}

/// `text` without the marker comments that end its lines, and without the lines that
/// held nothing else.
pub fn without_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let mut rest = body.trim_end();
        while let Some(inner) = rest.strip_suffix("-->") {
            let Some(start) = inner.rfind("<!--") else {
                break;
            };
            match parse_marker_body(inner[start + 4..].trim()) {
                Ok(Some(_)) => rest = inner[..start].trim_end(),
                _ => break,
            }
        }
        if rest.len() == body.trim_end().len() {
            out.push_str(line);
        } else if !rest.trim().is_empty() {
            // A line left blank held only what the fixes left of a marked element.
            out.push_str(rest);
            out.push_str(ending);
        }
    }
    out
}

/// Compare a bad example's `fixed` blocks with its files after every fix. Returns the
/// problems, and whether the fixes change anything.
pub fn check_fixed(ex: &Example, linted: &[Linted], settings: &Setup) -> (Vec<String>, bool) {
    let files = &linted[..ex.files.len()];
    let fixed = match fix_all(files, &ex.base, settings) {
        Ok(texts) => texts,
        Err(e) => return (vec![e], true),
    };
    let mut problems = Vec::new();
    let mut changes = false;
    for (file, after) in files.iter().zip(&fixed) {
        let block = ex.fixed.iter().find(|b| b.path == file.path);
        let changed = after != &file.text;
        changes |= changed;
        let after = without_markers(after);
        match block {
            Some(b) if b.text != after => problems.push(format!(
                "the `fixed` block of {} (page line {}) differs from the file after its fixes:\n--- fixed block\n{}--- after the fixes\n{after}",
                b.path,
                b.first_line - 1,
                b.text
            )),
            None if changed => problems.push(format!(
                "the fixes change {}; show the result in a ```` ```xml fixed path=\"{}\" ```` block after the example:\n{after}",
                file.path, file.path
            )),
            _ => {}
        }
    }
    for b in &ex.fixed {
        if !files.iter().any(|f| f.path == b.path) {
            problems.push(format!(
                "the `fixed` block at page line {} names {}, which is not a file of the example",
                b.first_line - 1,
                b.path
            ));
        }
    }
    (problems, changes)
}
