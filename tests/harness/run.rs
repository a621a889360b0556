//! Lint an example and compare its findings with its markers.

use std::fmt::Write as _;
use std::path::Path;

use sflint::catalog::Setup;
use sflint::config::Overrides;
use sflint::diagnostic::{Label, Severity};
use sflint::pipeline::{LintOptions, lint_sources_against};
use sflint::report::Report;
use sflint::salesforce::kind::classify;

use super::examples::{Example, ExampleFile, Tag, parse_examples};
use super::markers::Marker;
use super::prepare::{Linted, prepare_base, prepare_config, prepare_file};

/// Where a finding or one of its related labels points, located among the example's files.
#[derive(Debug, Clone)]
pub struct Place {
    /// Index into the example's [`Linted`] files; `None` for a file outside the example.
    pub file: Option<usize>,
    pub path: String,
    pub line: usize,
    pub column: usize,
}

impl Place {
    pub fn describe(&self, files: &[Linted]) -> String {
        let page = self
            .file
            .map(|f| format!(" (page line {})", files[f].page_line(self.line)))
            .unwrap_or_default();
        format!("{}:{}:{}{page}", self.path, self.line, self.column)
    }
}

/// A finding sflint reported for an example.
#[derive(Debug, Clone)]
pub struct Finding {
    pub at: Place,
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// Related labels: where they point and what they say.
    pub related: Vec<(Place, String)>,
}

impl Finding {
    pub fn describe(&self, files: &[Linted]) -> String {
        format!(
            "{} [{}] at {}: {}",
            self.severity,
            self.code,
            self.at.describe(files),
            self.message
        )
    }
}

/// Lint `(path, text)` pairs as an example's files, against its base (none when `base`
/// is empty), as `sflint check` (with `--base` when there is a base) lints them.
pub fn lint_texts(
    sources: &[(&str, &str)],
    base: &[ExampleFile],
    settings: &Setup,
) -> Result<Report, String> {
    let base_sources: Vec<(&str, &str)> = base
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    lint_sources_against(
        sources,
        (!base.is_empty()).then_some(&base_sources[..]),
        settings,
        &LintOptions::default(),
    )
    .map_err(|e| format!("sflint rejected the example: {e}"))
}

/// Lint the example's files (`files`, without the configuration) against its base (none
/// when `base` is empty), and locate each finding in `all` (the files, the configuration
/// and the base files under their `base:` paths).
pub fn lint_example(
    files: &[Linted],
    base: &[ExampleFile],
    all: &[Linted],
    settings: &Setup,
) -> Result<Vec<Finding>, String> {
    let sources: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let report = lint_texts(&sources, base, settings)?;
    let place = |label: &Label| {
        let source = report.file(label.file);
        let at = source.line_col(label.span.start);
        Place {
            file: all.iter().position(|f| f.path == source.display),
            path: source.display.clone(),
            line: at.line,
            column: at.column,
        }
    };
    Ok(report
        .diagnostics
        .iter()
        .map(|d| Finding {
            at: place(&d.primary),
            code: d.code.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            related: d
                .related
                .iter()
                .map(|r| (place(r), r.message.clone()))
                .collect(),
        })
        .collect())
}

/// The example's configuration: its `sflint.toml` block, or the defaults.
fn example_setup(ex: &Example) -> Result<Setup, String> {
    match &ex.config {
        Some(config) => Setup::from_toml(&config.text, None, &Overrides::default())
            .map_err(|e| format!("its sflint.toml is rejected: {e:?}")),
        None => Ok(Setup::default()),
    }
}

/// Every file of the example and of its base must be one sflint reads, once.
fn check_paths(ex: &Example, settings: &Setup) -> Vec<String> {
    let mut problems = Vec::new();
    let matrix = settings.settings.classification.access_matrix.as_deref();
    let is_matrix = |path: &str| matrix.is_some_and(|m| Path::new(path) == m);
    for (i, f) in ex.files.iter().enumerate() {
        if classify(Path::new(&f.path)).is_none() && !is_matrix(&f.path) {
            problems.push(format!(
                "`{}` is not a path sflint reads as metadata, nor the access matrix that the example's sflint.toml names, so it would not be linted",
                f.path
            ));
        }
        if ex.files[..i].iter().any(|g| g.path == f.path) {
            problems.push(format!("`{}` appears twice in one example", f.path));
        }
    }
    for (i, f) in ex.base.iter().enumerate() {
        if classify(Path::new(&f.path)).is_none() {
            problems.push(format!(
                "base file `{}` is not a path sflint reads as metadata, so the base would not have it",
                f.path
            ));
        }
        if ex.base[..i].iter().any(|g| g.path == f.path) {
            problems.push(format!("`{}` appears twice in one base", f.path));
        }
    }
    if let Some(m) = matrix
        && !ex.files.iter().any(|f| Path::new(&f.path) == m)
    {
        problems.push(format!(
            "its sflint.toml sets `[classification] access-matrix = \"{}\"`, but no file of the example has that path",
            m.display()
        ));
    }
    problems
}

/// The linted files (the example's, then its configuration, then its base) and the
/// markers; malformed markers go to `errors`.
fn prepare_example(ex: &Example, errors: &mut Vec<String>) -> (Vec<Linted>, Vec<Marker>) {
    let mut linted = Vec::new();
    let mut expected = Vec::new();
    for (f, file) in ex.files.iter().enumerate() {
        let (l, m) = prepare_file(f, file, errors);
        linted.push(l);
        expected.extend(m);
    }
    if let Some(config) = &ex.config {
        let (l, m) = prepare_config(linted.len(), config, errors);
        linted.push(l);
        expected.extend(m);
    }
    for file in &ex.base {
        linted.push(prepare_base(file, errors));
    }
    (linted, expected)
}

/// A marker's codes must be rules of the example's configuration: built-in rules, packs'
/// rules and the configuration's own policies.
fn check_codes(expected: &[Marker], linted: &[Linted], settings: &Setup) -> Vec<String> {
    let catalog = settings.catalog();
    expected
        .iter()
        .filter(|m| !catalog.entries().any(|e| e.code == m.code))
        .map(|m| {
            let file = &linted[m.file];
            format!(
                "{} line {} (page line {}): marker `{}: [{}]`: `{}` is not a registered rule code (nor a pack's rule or a policy of the example's sflint.toml)",
                file.path,
                m.line,
                file.page_line(m.line),
                m.severity,
                m.code,
                m.code
            )
        })
        .collect()
}

/// Lint one example and compare its findings with its markers. Returns the problems.
pub fn check_example(ex: &Example) -> Vec<String> {
    let settings = match example_setup(ex) {
        Ok(settings) => settings,
        Err(e) => return vec![e],
    };
    let mut problems = check_paths(ex, &settings);
    let (linted, expected) = prepare_example(ex, &mut problems);
    if !problems.is_empty() {
        return problems;
    }
    problems.extend(check_codes(&expected, &linted, &settings));
    if !problems.is_empty() {
        return problems;
    }
    match ex.tag {
        Tag::Bad if expected.is_empty() => {
            return vec![
                "a bad example needs at least one marker such as `<!-- error: [PM001] -->`".into(),
            ];
        }
        Tag::Good if !expected.is_empty() => {
            return vec!["a good example cannot have markers: it must produce no finding".into()];
        }
        _ => {}
    }
    let mut problems = match lint_example(&linted[..ex.files.len()], &ex.base, &linted, &settings) {
        Ok(found) => compare(ex.tag, &expected, &found, &linted),
        Err(e) => vec![e],
    };
    if ex.tag == Tag::Bad {
        problems.extend(super::fixed::check_fixed(ex, &linted, &settings).0);
    }
    problems
}

/// The differences between the markers and the findings, with every finding listed when
/// there is one.
fn compare(tag: Tag, expected: &[Marker], found: &[Finding], linted: &[Linted]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut used = vec![false; found.len()];
    for m in expected {
        let hit = found.iter().enumerate().position(|(i, f)| {
            !used[i]
                && f.at.file == Some(m.file)
                && f.at.line == m.line
                && f.code == m.code
                && f.severity == m.severity
        });
        match hit {
            Some(i) => used[i] = true,
            None => {
                let file = &linted[m.file];
                problems.push(format!(
                    "expected {} [{}] starting on {} line {} (page line {}), but sflint reports none there",
                    m.severity,
                    m.code,
                    file.path,
                    m.line,
                    file.page_line(m.line)
                ));
            }
        }
    }
    for (f, _) in found.iter().zip(&used).filter(|(_, used)| !**used) {
        problems.push(match tag {
            Tag::Good => format!(
                "a good example must produce no finding, but got {}",
                f.describe(linted)
            ),
            Tag::Bad => format!("finding without a marker: {}", f.describe(linted)),
        });
    }
    if !problems.is_empty() {
        let mut all = String::from("sflint reported:");
        if found.is_empty() {
            all.push_str(" nothing");
        }
        for f in found {
            let _ = write!(all, "\n      {}", f.describe(linted));
            for (at, message) in &f.related {
                let _ = write!(
                    all,
                    "\n          related: {}: {message}",
                    at.describe(linted)
                );
            }
        }
        problems.push(all);
    }
    problems
}

/// Check every example of a page. Returns one message per failing example (or per
/// problem with the page's example syntax).
pub fn check_page_examples(page_name: &str, page: &str) -> Vec<String> {
    let examples = match parse_examples(page) {
        Ok(examples) => examples,
        Err(errors) => {
            return errors
                .into_iter()
                .map(|e| format!("{page_name}: {e}"))
                .collect();
        }
    };
    let mut failures = Vec::new();
    for tag in [Tag::Bad, Tag::Good] {
        if !examples.iter().any(|e| e.tag == tag) {
            failures.push(format!(
                "{page_name}: needs at least one `{}` example",
                tag.as_str()
            ));
        }
    }
    for ex in &examples {
        let problems = check_example(ex);
        if !problems.is_empty() {
            failures.push(format!(
                "{page_name}, example {} ({}, page line {}):\n  - {}",
                ex.index,
                ex.tag.as_str(),
                ex.page_line(),
                problems.join("\n  - ")
            ));
        }
    }
    failures
}
