//! In-memory runs, for tests and rule-page examples: `(path, text)` pairs instead of a
//! folder, kinds decided from the paths.

use std::path::{Path, PathBuf};

use crate::catalog::Setup;
use crate::error::AppError;
use crate::model::ProjectInfo;
use crate::report::Report;
use crate::salesforce::kind::classify;

use super::LintOptions;
use super::base;
use super::input::Input;
use super::project_run::{self, Job};

/// Lint in-memory files: `(path, text)` pairs, kinds decided from the paths. For tests and
/// rule-page examples.
pub fn lint_sources(sources: &[(&str, &str)], setup: &Setup) -> Result<Report, AppError> {
    lint_sources_against(sources, None, setup, &LintOptions::default())
}

fn memory_inputs(sources: &[(&str, &str)], display_prefix: &str) -> Vec<Input> {
    sources
        .iter()
        .filter_map(|(path, text)| {
            let p = PathBuf::from(path);
            classify(&p).map(|kind| Input {
                display: format!("{display_prefix}{path}"),
                key: path.to_string(),
                path: p,
                kind,
                bytes: Some(text.as_bytes().to_vec()),
                text: None,
            })
        })
        .collect()
}

/// Lint in-memory files against an in-memory base (shown as `base:<path>`), as `--base`
/// does for a revision. For tests and rule-page examples.
pub fn lint_sources_against(
    sources: &[(&str, &str)],
    base: Option<&[(&str, &str)]>,
    setup: &Setup,
    opts: &LintOptions,
) -> Result<Report, AppError> {
    // The configured access matrix may be one of the sources.
    let matrix = setup
        .settings
        .classification
        .access_matrix
        .as_ref()
        .and_then(|m| {
            sources
                .iter()
                .find(|(p, _)| Path::new(p) == m.as_path())
                .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        });
    let job = Job {
        inputs: memory_inputs(sources, ""),
        problems: Vec::new(),
        project: ProjectInfo::default(),
        root: PathBuf::new(),
        matrix,
        base: base.map(|b| base::BaseFiles {
            name: "base".to_string(),
            inputs: memory_inputs(b, "base:"),
        }),
        components: None,
        reported: None,
        cache: None,
        ahead: Default::default(),
    };
    let mut report = project_run::run(job, setup, Path::new(""), opts)?;
    report.sort();
    Ok(report)
}
