//! A project kept in memory between runs, for the language server: what the load stage got
//! from each file (its text, facts, file findings and suppression comments) stays, an edit
//! re-reads only the file edited, and a check rebuilds the model from the kept facts and
//! runs the cross-file rules and the funnel again (as the cache of [`super::cache`] does
//! across processes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::access::Access;
use crate::catalog::Setup;
use crate::config::Overrides;
use crate::diagnostic::FileId;
use crate::discover::{self, Scope};
use crate::error::AppError;
use crate::files::Files;
use crate::matrix::AccessMatrix;
use crate::model::{Model, ProjectInfo};
use crate::parse::ParsedFile;
use crate::report::Report;
use crate::rules::{Context, PolicyView, Reported};
use crate::salesforce::inventory::Inventory;
use crate::source::SourceFile;

use super::LintOptions;
use super::cache::cached::Digest;
use super::check;
use super::discover as stage;
use super::filter::Funnel;
use super::input::{Input, display_path};
use super::load::digest_each;
use super::matrix_file::parse_matrix;

/// What a file gave besides its parsed file: facts, file findings, suppression comments.
type Kept = (
    crate::model::Facts,
    Vec<crate::diagnostic::Diagnostic>,
    Vec<crate::suppress::Suppression>,
);

/// One project, loaded.
pub struct LiveProject {
    pub root: PathBuf,
    pub setup: Setup,
    /// Why sflint.toml could not be used (the project runs with the defaults then).
    pub config_error: Option<String>,
    info: ProjectInfo,
    components: Inventory,
    /// The file table: it gives every file its id, extras first, then the linted files in
    /// slot order (a file added later gets the next id, as its slot is the next one).
    table: Files,
    /// The files before the linted ones: sflint.toml, policy files, the access matrix.
    extras: Vec<Arc<SourceFile>>,
    config_file: Option<FileId>,
    policy_files: Vec<FileId>,
    matrix: Option<AccessMatrix>,
    /// The linted files, without their trees; the `i`-th has id `extras.len() + i`. A file
    /// deleted since the load keeps its slot, empty.
    files: Vec<ParsedFile>,
    /// What each file gave besides: its facts, file findings and suppression comments.
    kept: Vec<Kept>,
    by_path: HashMap<PathBuf, usize>,
}

/// The projects in `folder` (the one it belongs to and those nested below it), loaded as
/// `sflint check FOLDER` finds them, each with its own sflint.toml.
pub fn load_folder(folder: &Path) -> Result<Vec<LiveProject>, AppError> {
    let mut units = stage::units(&[folder.to_path_buf()], folder)?;
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let (setup, config_error) =
            match Setup::load(&units[i].project.root, None, &Overrides::default()) {
                Ok(s) => (s, None),
                Err(e) => (Setup::default(), Some(e.to_string())),
            };
        let found = stage::project(&units[i], folder, &setup, &LintOptions::default())?;
        let more = stage::nested_units(&units, &units[i], found.nested)?;
        out.push(LiveProject::new(found.job, setup, config_error, folder)?);
        units.extend(more);
        i += 1;
    }
    Ok(out)
}

impl LiveProject {
    fn new(
        job: super::project_run::Job,
        setup: Setup,
        config_error: Option<String>,
        cwd: &Path,
    ) -> Result<LiveProject, AppError> {
        let root = job.root;
        let extra = |path: &Path, text: &str| {
            Arc::new(
                SourceFile::new(path.to_path_buf(), display_path(cwd, path), text)
                    .with_key(display_path(&root, path)),
            )
        };
        let mut table = Files::default();
        let mut extras = Vec::new();
        let mut push = |file: Arc<SourceFile>| {
            extras.push(Arc::clone(&file));
            table.push(file)
        };
        let config_file = setup.settings.config_text.as_ref().map(|text| {
            let path = setup
                .settings
                .config_path
                .clone()
                .unwrap_or_else(|| root.join(crate::config::CONFIG_FILE));
            push(extra(&path, text))
        });
        let policy_files = setup
            .policy_sources
            .iter()
            .map(|source| push(extra(&source.path, &source.text)))
            .collect();
        let matrix = match &job.matrix {
            Some((path, text)) => Some(parse_matrix(push(extra(path, text)), path, text)?),
            None => None,
        };
        let by_path: HashMap<PathBuf, usize> = job
            .inputs
            .iter()
            .enumerate()
            .map(|(i, input)| (input.path.clone(), i))
            .collect();
        let ids = table.reserve(job.inputs.len());
        let inputs = job
            .inputs
            .into_iter()
            .enumerate()
            .map(|(i, input)| (ids.id(i), input))
            .collect();
        let (files, kept): (Vec<ParsedFile>, Vec<Kept>) = digest_each(inputs, &job.project, &setup)
            .into_iter()
            .map(|(file, facts, d, s)| (file, (facts, d, s)))
            .unzip();
        for f in &files {
            table.fill(f.id, Arc::clone(&f.source));
        }
        Ok(LiveProject {
            root,
            setup,
            config_error,
            info: job.project,
            components: job.components.unwrap_or_default(),
            table,
            extras,
            config_file,
            policy_files,
            matrix,
            files,
            kept,
            by_path,
        })
    }

    /// Is `path` one of the project's linted files?
    pub fn has(&self, path: &Path) -> bool {
        self.by_path.contains_key(path)
    }

    /// How many files the project lints.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Could `path` be one of the project's linted files (below its root, of a kind it
    /// lints, not excluded)?
    pub fn would_lint(&self, path: &Path) -> bool {
        let Ok(project) = discover::find_project(path.parent().unwrap_or(path)) else {
            return false;
        };
        if project.root != self.root {
            return false;
        }
        let settings = &self.setup.settings;
        let scope = Scope::new(&project, &settings.exclude, &settings.include);
        discover::is_project_file(&scope, path).is_some()
    }

    /// Read one file again: from `text` (an editor's unsaved buffer), else from disk. A
    /// file the project did not have is added (its kind decided by the project's scope);
    /// a file that is gone from disk (and has no text) is emptied. Returns whether the
    /// project changed.
    pub fn update(&mut self, path: &Path, text: Option<&str>) -> bool {
        let gone = text.is_none() && !path.is_file();
        let slot = match self.by_path.get(path) {
            Some(&i) => i,
            None if gone => return false,
            None => {
                if !self.would_lint(path) {
                    return false;
                }
                let i = self.files.len();
                let source = Arc::new(SourceFile::new(path.to_path_buf(), String::new(), ""));
                let id = self.table.push(source);
                self.by_path.insert(path.to_path_buf(), i);
                self.set(i, empty(path, id));
                i
            }
        };
        let id = self.files[slot].id;
        if gone {
            self.set(slot, empty(path, id));
            return true;
        }
        let Some(kind) = crate::salesforce::kind::classify(path) else {
            return false;
        };
        let input = Input {
            path: path.to_path_buf(),
            display: display_path(&self.root, path),
            key: display_path(&self.root, path),
            kind,
            bytes: text.map(|t| t.as_bytes().to_vec()),
            text: None,
        };
        if let Some(d) = digest_each(vec![(id, input)], &self.info, &self.setup).pop() {
            self.set(slot, d);
        }
        true
    }

    /// Put what a file gave in slot `i` (the next slot, or one that exists).
    fn set(&mut self, i: usize, (file, facts, d, s): Digest) {
        self.table.replace(file.id, Arc::clone(&file.source));
        if i < self.files.len() {
            self.files[i] = file;
            self.kept[i] = (facts, d, s);
        } else {
            self.files.push(file);
            self.kept.push((facts, d, s));
        }
    }

    /// Every finding of the project now: the kept file findings, the cross-file rules over
    /// a model rebuilt from the kept facts, then suppressions and severities; fixes resolved
    /// against the kept texts.
    pub fn check(&self) -> Report {
        let setup = &self.setup;
        let settings = &setup.settings;
        let parsed = &self.files;
        let facts = self.kept.iter().map(|k| k.0.clone()).collect();
        let mut model = Model::from_facts(facts, self.info.clone());
        model.components.merge(&self.components);
        model.components_walked = true;
        let rules = setup.enabled_rules();
        let policies = setup.enabled_policies();
        let views: Vec<&dyn PolicyView> = policies.iter().map(|&p| p as &dyn PolicyView).collect();
        let access = Access::new(&model, settings);
        let cx = Context {
            model: &model,
            files: parsed,
            reported: Reported::ALL,
            settings,
            access: &access,
            config_file: self.config_file,
            policy_files: &self.policy_files,
            policies: &views,
            matrix: self.matrix.as_ref(),
            base: None,
            strict_profile_removals: false,
            reads: Default::default(),
        };
        let mut diagnostics: Vec<_> = self.kept.iter().flat_map(|k| k.1.clone()).collect();
        diagnostics.extend(check::run(&cx, &rules, &policies));
        let sups: Vec<_> = self.kept.iter().flat_map(|k| k.2.clone()).collect();
        let mut funnel = Funnel::new(setup, &self.root);
        funnel.suppress(parsed, &sups, &mut diagnostics, false);
        funnel.severities(&mut diagnostics);
        let mut files = self.extras.clone();
        files.extend(parsed.iter().map(|f| Arc::clone(&f.source)));
        crate::fix::resolve(&mut diagnostics, &files);
        let mut report = Report {
            linted_files: parsed.len(),
            linted_from: self.extras.len(),
            files,
            diagnostics,
            suppressed: funnel.suppressed(),
            notes: Vec::new(),
        };
        report.sort();
        report
    }
}

/// The slot of a file with nothing in it (deleted, or about to be read).
fn empty(path: &Path, id: FileId) -> Digest {
    let kind = crate::salesforce::kind::classify(path);
    let source = Arc::new(SourceFile::new(path.to_path_buf(), String::new(), ""));
    let file = ParsedFile {
        id,
        kind: kind.unwrap_or(crate::salesforce::kind::FileKind::Profile),
        name: String::new(),
        source,
        content: crate::parse::Content::Released,
        error: None,
    };
    (file, crate::model::Facts::Nothing, Vec::new(), Vec::new())
}
