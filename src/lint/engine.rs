//! One project's run: extras and base first in the file table, then parse, model and
//! rules; the findings then go through the funnel (`filter`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::access::Access;
use crate::diagnostic::{Diagnostic, FileId, fingerprint};
use crate::discover::WalkProblem;
use crate::error::AppError;
use crate::matrix::AccessMatrix;
use crate::model::{Model, ProjectInfo};
use crate::report::Report;
use crate::rules::{BaseView, Context, RULES, Rule, Sink, sf};
use crate::settings::Settings;
use crate::source::SourceFile;

use super::LintOptions;
use super::base::BaseFiles;
use super::extras::parse_matrix;
use super::filter::Funnel;
use super::input::{Input, display_path, read_problem};
use super::pass;

pub struct Job {
    pub inputs: Vec<Input>,
    pub problems: Vec<WalkProblem>,
    pub project: ProjectInfo,
    /// The project root (per-file ignores match paths relative to it).
    pub root: PathBuf,
    pub matrix: Option<(PathBuf, String)>,
    pub base: Option<BaseFiles>,
}

/// The cross-file rules and policies (file rules ran in the per-file pass).
fn run_rules(cx: &Context<'_>, settings: &Settings) -> Vec<Diagnostic> {
    let enabled: Vec<&dyn Rule> = RULES
        .iter()
        .copied()
        .filter(|r| settings.is_enabled(r.meta().code))
        .collect();
    let policies = settings.enabled_policies();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    diagnostics.par_extend(enabled.par_iter().flat_map_iter(|rule| {
        let mut sink = Sink::new(rule.meta());
        rule.check_model(cx, &mut sink);
        sink.diagnostics
    }));
    diagnostics.par_extend(policies.par_iter().flat_map_iter(|policy| {
        let mut sink = policy.sink();
        policy.check(cx, &mut sink);
        sink.diagnostics
    }));
    diagnostics
}

/// Policy names that only the project can confirm (user permissions): each must be built
/// in or used somewhere in the project, else the configuration is wrong (exit 2).
fn check_policy_names(model: &Model, settings: &Settings) -> Result<(), AppError> {
    if settings.policies.is_empty() {
        return Ok(());
    }
    let seen: HashSet<String> = model
        .sets
        .iter()
        .flat_map(|s| s.user_perms.iter().map(|u| u.name.value.clone()))
        .collect();
    for p in &settings.policies {
        if let Err(e) = p.subject.check_names(&seen) {
            let (path, text) = settings
                .policy_text(p.origin)
                .unwrap_or_else(|| (PathBuf::from(crate::settings::CONFIG_FILE), ""));
            return Err(e.into_app(&path, text));
        }
    }
    Ok(())
}

pub fn run(
    job: Job,
    settings: &Settings,
    cwd: &Path,
    opts: &LintOptions,
) -> Result<Report, AppError> {
    // Files findings may point into come first: sflint.toml, the access matrix, the base.
    let mut all_files: Vec<Arc<SourceFile>> = Vec::new();
    let mut config_file = None;
    if let Some(text) = &settings.config_text {
        let path = settings
            .config_path
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::settings::CONFIG_FILE));
        config_file = Some(FileId(all_files.len() as u32));
        let key = display_path(&job.root, &path);
        all_files.push(Arc::new(
            SourceFile::new(path.clone(), display_path(cwd, &path), text.as_str()).with_key(key),
        ));
    }
    let mut policy_files = Vec::new();
    for source in &settings.policy_sources {
        policy_files.push(FileId(all_files.len() as u32));
        let key = display_path(&job.root, &source.path);
        all_files.push(Arc::new(
            SourceFile::new(
                source.path.clone(),
                display_path(cwd, &source.path),
                source.text.as_str(),
            )
            .with_key(key),
        ));
    }
    let mut matrix: Option<AccessMatrix> = None;
    if let Some((path, text)) = job.matrix {
        matrix = Some(parse_matrix(FileId(all_files.len() as u32), &path, &text)?);
        let key = display_path(&job.root, &path);
        all_files.push(Arc::new(
            SourceFile::new(path.clone(), display_path(cwd, &path), text).with_key(key),
        ));
    }
    let (base_name, base_pass) = match job.base {
        Some(b) => {
            let pass = pass::run(
                b.inputs,
                all_files.len(),
                job.project.clone(),
                settings,
                true,
            );
            all_files.extend(pass.files.iter().map(|f| Arc::clone(&f.source)));
            (Some(b.name), Some(pass))
        }
        None => (None, None),
    };
    let base_model = base_pass.as_ref().map(|p| &p.model);
    let base_access = base_model.as_ref().map(|m| Access::new(m, settings));
    let base_view = match (&base_name, &base_model, &base_access) {
        (Some(name), Some(model), Some(access)) => Some(BaseView {
            name,
            model,
            access,
        }),
        _ => None,
    };

    let first = all_files.len();
    let pass::Pass {
        files,
        model,
        diagnostics: file_findings,
        suppressions,
    } = pass::run(job.inputs, first, job.project, settings, true);
    check_policy_names(&model, settings)?;
    let access = Access::new(&model, settings);
    let cx = Context {
        model: &model,
        files: &files,
        settings,
        access: &access,
        config_file,
        policy_files: &policy_files,
        matrix: matrix.as_ref(),
        base: base_view.as_ref(),
        strict_profile_removals: opts.strict_profile_removals,
    };
    let mut diagnostics = file_findings;
    diagnostics.extend(run_rules(&cx, settings));
    let mut funnel = Funnel::new(settings, &job.root);
    funnel.suppress(&files, &suppressions, &mut diagnostics, base_view.is_some());
    all_files.extend(files.iter().map(|f| Arc::clone(&f.source)));

    if opts.new_only
        && let (Some(base_pass), Some(access)) = (&base_pass, &base_access)
    {
        let base_files = &base_pass.files;
        let base_cx = Context {
            model: &base_pass.model,
            files: base_files,
            settings,
            access,
            config_file,
            policy_files: &policy_files,
            matrix: matrix.as_ref(),
            base: None,
            strict_profile_removals: opts.strict_profile_removals,
        };
        let mut old = base_pass.diagnostics.clone();
        old.extend(run_rules(&base_cx, settings));
        // The base's own suppressions apply to its findings; they are not counted.
        Funnel::new(settings, &job.root).suppress(
            base_files,
            &base_pass.suppressions,
            &mut old,
            false,
        );
        funnel.new_only(&mut diagnostics, &old, |d| {
            fingerprint(
                &d.code,
                &all_files[d.primary.file.0 as usize].key,
                &d.identity,
            )
        });
    }

    for p in job.problems {
        let id = FileId(all_files.len() as u32);
        all_files.push(Arc::new(SourceFile::new(
            p.path.clone(),
            display_path(cwd, &p.path),
            "",
        )));
        if settings.is_enabled(sf::parse_error::META.code) {
            diagnostics.push(read_problem(id, &p.message));
        }
    }
    funnel.severities(&mut diagnostics);
    reload_texts(&mut all_files, &diagnostics);
    Ok(Report {
        linted_files: all_files.len() - first,
        linted_from: first,
        files: all_files,
        diagnostics,
        suppressed: funnel.suppressed(),
        notes: crate::candidates::Candidates::note(&model, &access, settings)
            .into_iter()
            .collect(),
    })
}

/// Read again the released files that findings point into, so the report can show them.
fn reload_texts(files: &mut [Arc<SourceFile>], diagnostics: &[Diagnostic]) {
    let mut wanted: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.related))
        .map(|l| l.file.0 as usize)
        .filter(|&i| files.get(i).is_some_and(|f| f.released))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let loaded: Vec<(usize, Arc<SourceFile>)> = wanted
        .into_par_iter()
        .filter_map(|i| {
            let f = &files[i];
            // A file that vanished since keeps its empty text: spans are clamped on output.
            let bytes = std::fs::read(&f.path).ok()?;
            let (text, _) = crate::parse::decode(bytes);
            let source =
                SourceFile::new(f.path.clone(), f.display.clone(), text).with_key(f.key.clone());
            Some((i, Arc::new(source)))
        })
        .collect();
    for (i, f) in loaded {
        files[i] = f;
    }
}
