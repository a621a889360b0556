//! The pipeline: discover -> read + parse (parallel) -> model -> rules -> filter -> sort.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::access::Access;
use crate::diagnostic::{Diagnostic, FileId, Label};
use crate::discover::{self, Found, Project, WalkProblem};
use crate::error::{AppError, describe_io};
use crate::kind::{FileKind, classify, full_name};
use crate::model::{Model, ProjectInfo};
use crate::parse::{self, ParsedFile};
use crate::report::Report;
use crate::rules::{Context, RULES, Rule, Sink, sf};
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use crate::suppress::{self, Suppression};
use std::collections::HashSet;

/// Lint the projects the given paths belong to, reporting only findings in those paths.
pub fn lint_paths(paths: &[PathBuf], cwd: &Path, settings: &Settings) -> Result<Report, AppError> {
    let targets: Vec<PathBuf> = paths.iter().map(|p| discover::absolute(cwd, p)).collect();
    let mut projects: Vec<(Project, Vec<PathBuf>)> = Vec::new();
    for t in &targets {
        let project = discover::find_project(t)?;
        match projects.iter_mut().find(|(p, _)| p.root == project.root) {
            Some((_, ts)) => ts.push(t.clone()),
            None => projects.push((project, vec![t.clone()])),
        }
    }
    let mut report = Report::default();
    for (project, targets) in projects {
        let (mut found, problems) = discover::walk(&project, &settings.exclude);
        // A file named on the command line is linted even when it is outside the
        // package directories.
        for t in &targets {
            if t.is_file()
                && !found.iter().any(|f| &f.path == t)
                && let Some(kind) = classify(t)
            {
                found.push(Found {
                    path: t.clone(),
                    kind,
                });
            }
        }
        let inputs = found
            .into_iter()
            .map(|f| Input {
                display: display_path(cwd, &f.path),
                key: display_path(&project.root, &f.path),
                path: f.path,
                kind: f.kind,
                bytes: None,
            })
            .collect();
        let info = ProjectInfo {
            namespace: project.namespace.clone(),
            has_dependencies: project.has_dependencies,
        };
        let matrix = match &settings.classification.access_matrix {
            Some(path) => Some(read_matrix(path, settings)?),
            None => None,
        };
        let sub = lint_inputs(inputs, problems, info, settings, cwd, &project.root, matrix)?;
        let in_scope = |path: &Path| targets.iter().any(|t| path.starts_with(t));
        merge(&mut report, sub, in_scope);
    }
    report.sort();
    Ok(report)
}

/// Lint in-memory files: `(path, text)` pairs, kinds decided from the paths. For tests and
/// rule-page examples.
pub fn lint_sources(sources: &[(&str, &str)], settings: &Settings) -> Result<Report, AppError> {
    // The configured access matrix may be one of the sources.
    let matrix = settings
        .classification
        .access_matrix
        .as_ref()
        .and_then(|m| {
            sources
                .iter()
                .find(|(p, _)| Path::new(p) == m.as_path())
                .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        });
    let inputs = sources
        .iter()
        .filter_map(|(path, text)| {
            let p = PathBuf::from(path);
            classify(&p).map(|kind| Input {
                display: path.to_string(),
                key: path.to_string(),
                path: p,
                kind,
                bytes: Some(text.as_bytes().to_vec()),
            })
        })
        .collect();
    let mut report = lint_inputs(
        inputs,
        Vec::new(),
        ProjectInfo::default(),
        settings,
        Path::new(""),
        Path::new(""),
        matrix,
    )?;
    report.sort();
    Ok(report)
}

fn parse_matrix(
    id: FileId,
    path: &Path,
    text: &str,
) -> Result<crate::matrix::AccessMatrix, AppError> {
    crate::matrix::parse(id, text).map_err(|e| AppError::Config {
        path: path.to_path_buf(),
        text: text.to_string(),
        span: Some(e.span),
        message: format!("invalid access matrix: {}", e.message),
        help: e.help,
    })
}

fn read_matrix(path: &Path, settings: &Settings) -> Result<(PathBuf, String), AppError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok((
            path.to_path_buf(),
            String::from_utf8_lossy(&bytes).into_owned(),
        )),
        Err(e) => Err(match (&settings.config_path, &settings.config_text) {
            (Some(cfg), Some(text)) => AppError::Config {
                path: cfg.clone(),
                text: text.clone(),
                span: settings.classification.access_matrix_span,
                message: format!(
                    "cannot read the access matrix {}: {}",
                    path.display(),
                    describe_io(&e)
                ),
                help: Some("the path is relative to the folder of sflint.toml".into()),
            },
            _ => AppError::io(path, &e),
        }),
    }
}

struct Input {
    path: PathBuf,
    display: String,
    /// Relative to the project root.
    key: String,
    kind: FileKind,
    /// Contents when already in memory; read from `path` otherwise.
    bytes: Option<Vec<u8>>,
}

fn lint_inputs(
    inputs: Vec<Input>,
    problems: Vec<WalkProblem>,
    project: ProjectInfo,
    settings: &Settings,
    cwd: &Path,
    root: &Path,
    matrix_source: Option<(PathBuf, String)>,
) -> Result<Report, AppError> {
    // Files that are not metadata but that findings may point into come first:
    // sflint.toml and the access matrix.
    let mut all_files: Vec<Arc<SourceFile>> = Vec::new();
    let mut config_file = None;
    if let Some(text) = &settings.config_text {
        let path = settings
            .config_path
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::settings::CONFIG_FILE));
        let path = &path;
        config_file = Some(FileId(all_files.len() as u32));
        all_files.push(Arc::new(SourceFile::new(
            path.clone(),
            display_path(cwd, path),
            text.as_str(),
        )));
    }
    let mut matrix = None;
    if let Some((path, text)) = matrix_source {
        let id = FileId(all_files.len() as u32);
        matrix = Some(
            crate::matrix::parse(id, &text).map_err(|e| AppError::Config {
                path: path.clone(),
                text: text.clone(),
                span: Some(e.span),
                message: format!("invalid access matrix: {}", e.message),
                help: e.help,
            })?,
        );
        all_files.push(Arc::new(SourceFile::new(
            path.clone(),
            display_path(cwd, &path),
            text,
        )));
    }
    let base = all_files.len();
    let files: Vec<ParsedFile> = inputs
        .into_par_iter()
        .enumerate()
        .map(|(i, input)| read_and_parse(FileId((base + i) as u32), input))
        .collect();
    let model = Model::build(&files, project);
    let access = Access::new(&model, settings);
    let cx = Context {
        model: &model,
        files: &files,
        settings,
        access: &access,
        config_file,
        matrix: matrix.as_ref(),
    };
    let enabled: Vec<&dyn Rule> = RULES
        .iter()
        .copied()
        .filter(|r| settings.is_enabled(r.meta().code))
        .collect();

    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    if settings.is_enabled(sf::parse_error::META.code) {
        diagnostics.extend(files.iter().filter_map(parse_error));
    }
    diagnostics.par_extend(files.par_iter().flat_map_iter(|file| {
        enabled.iter().flat_map(|rule| {
            let mut sink = Sink::new(rule.meta());
            rule.check_file(&cx, file, &mut sink);
            sink.diagnostics
        })
    }));
    diagnostics.par_extend(enabled.par_iter().flat_map_iter(|rule| {
        let mut sink = Sink::new(rule.meta());
        rule.check_model(&cx, &mut sink);
        sink.diagnostics
    }));

    let suppressed = apply_suppressions(&files, base, &mut diagnostics, settings, root);
    all_files.extend(files.iter().map(|f| Arc::clone(&f.source)));
    drop(access);
    drop(files);
    for p in problems {
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
    let linted_files = all_files.len() - base;
    for d in &mut diagnostics {
        let default = d.severity;
        d.severity = settings.severity_of(&d.code, default);
    }
    Ok(Report {
        linted_files,
        linted_from: base,
        files: all_files,
        diagnostics,
        suppressed,
    })
}

/// Drop findings that inline comments or `[per-file-ignores]` suppress, and report
/// suppressions without a reason (SF004) or that suppress nothing (SF005). Returns how many
/// findings were suppressed.
fn apply_suppressions(
    files: &[ParsedFile],
    base: usize,
    diagnostics: &mut Vec<Diagnostic>,
    settings: &Settings,
    root: &Path,
) -> usize {
    let sups: Vec<Suppression> = files.par_iter().flat_map_iter(suppress::collect).collect();
    let mut used = HashSet::new();
    let mut count = suppress::apply(diagnostics, &sups, &mut used);
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
                    s.codes.first().copied().unwrap_or("IU001")
                ),
            ));
        }
        if !settings.is_enabled(sf::unused_suppression::META.code) {
            continue;
        }
        for u in &s.unknown {
            let candidates = crate::rules::RULES
                .iter()
                .flat_map(|r| [r.meta().code, r.meta().name]);
            let help = crate::names::did_you_mean(u, candidates)
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
        let all_enabled = !s.codes.is_empty() && s.codes.iter().all(|c| settings.is_enabled(c));
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

fn read_and_parse(id: FileId, input: Input) -> ParsedFile {
    let name = full_name(&input.path, &input.kind);
    let bytes = match input.bytes {
        Some(b) => Ok(b),
        None => std::fs::read(&input.path),
    };
    let (text, error) = match bytes {
        Ok(b) => parse::decode(b),
        Err(e) => (
            String::new(),
            Some((
                format!("cannot read the file: {}", describe_io(&e)),
                Span::default(),
            )),
        ),
    };
    let source = Arc::new(SourceFile::new(input.path, input.display, text).with_key(input.key));
    parse::parse(id, input.kind, name, source, error)
}

fn parse_error(file: &ParsedFile) -> Option<Diagnostic> {
    let (message, span) = file.error.clone()?;
    Some(Diagnostic {
        code: Cow::Borrowed(sf::parse_error::META.code),
        name: Cow::Borrowed(sf::parse_error::META.name),
        severity: sf::parse_error::META.severity,
        help: parse_help(&file.kind, &message),
        identity: "parse".into(),
        primary: Label::new(file.id, span, ""),
        related: Vec::new(),
        message,
    })
}

fn parse_help(kind: &FileKind, message: &str) -> String {
    if message.starts_with("cannot read") {
        "check that the file exists and is readable by this user".into()
    } else if message.contains("UTF-8") {
        "re-save the file as UTF-8".into()
    } else if kind.is_json() {
        format!(
            "fix the JSON syntax; this {} must be valid JSON to know which fields it reads",
            kind.label()
        )
    } else {
        format!(
            "fix the XML syntax; a {} that does not parse will also fail to deploy",
            kind.label()
        )
    }
}

fn read_problem(id: FileId, message: &str) -> Diagnostic {
    Diagnostic {
        code: Cow::Borrowed(sf::parse_error::META.code),
        name: Cow::Borrowed(sf::parse_error::META.name),
        severity: sf::parse_error::META.severity,
        message: format!("cannot read this path: {message}"),
        help: "fix the permissions or the link, or exclude the path in sflint.toml".into(),
        primary: Label::new(id, Span::default(), ""),
        related: Vec::new(),
        identity: "read".into(),
    }
}

/// Merge one project's report into the run's, keeping only diagnostics in scope and
/// renumbering file ids.
fn merge(into: &mut Report, sub: Report, in_scope: impl Fn(&Path) -> bool) {
    let base = into.files.len() as u32;
    let shift = |l: &mut Label| l.file = FileId(l.file.0 + base);
    for mut d in sub.diagnostics {
        // Findings in sflint.toml or the access matrix are always reported.
        let file = d.primary.file.0 as usize;
        if file >= sub.linted_from && !in_scope(&sub.files[file].path) {
            continue;
        }
        shift(&mut d.primary);
        d.related.iter_mut().for_each(shift);
        into.diagnostics.push(d);
    }
    into.linted_files += sub.files.iter().filter(|f| in_scope(&f.path)).count();
    into.files.extend(sub.files);
    into.suppressed += sub.suppressed;
}

/// Relative to `cwd` when below it, else absolute; always `/`-separated.
pub fn display_path(cwd: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let s = shown.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// A project read and modelled, without running rules (for `sflint matrix`).
pub struct LoadedProject {
    pub files: Vec<ParsedFile>,
    pub model: Model,
    pub matrix: Option<crate::matrix::AccessMatrix>,
}

impl LoadedProject {
    /// `path:line` of a location in a metadata file.
    pub fn where_is(&self, loc: crate::model::Loc) -> String {
        match self.files.get(loc.file.0 as usize) {
            Some(f) => format!(
                "{}:{}",
                f.source.display,
                f.source.line_col(loc.span.start).line
            ),
            None => String::new(),
        }
    }
}

/// Read and model the project `path` belongs to.
pub fn load_project(
    path: &Path,
    cwd: &Path,
    settings: &Settings,
) -> Result<LoadedProject, AppError> {
    let target = discover::absolute(cwd, path);
    let project = discover::find_project(&target)?;
    let (found, _) = discover::walk(&project, &settings.exclude);
    let files: Vec<ParsedFile> = found
        .into_par_iter()
        .enumerate()
        .map(|(i, f)| {
            read_and_parse(
                FileId(i as u32),
                Input {
                    display: display_path(cwd, &f.path),
                    key: display_path(&project.root, &f.path),
                    path: f.path,
                    kind: f.kind,
                    bytes: None,
                },
            )
        })
        .collect();
    let info = ProjectInfo {
        namespace: project.namespace.clone(),
        has_dependencies: project.has_dependencies,
    };
    let model = Model::build(&files, info);
    let matrix = match &settings.classification.access_matrix {
        Some(p) => {
            let (path, text) = read_matrix(p, settings)?;
            Some(parse_matrix(FileId(u32::MAX), &path, &text)?)
        }
        None => None,
    };
    Ok(LoadedProject {
        files,
        model,
        matrix,
    })
}
