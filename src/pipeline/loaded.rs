//! A project read and modelled without running rules (for `sflint matrix`).

use std::path::Path;
use std::sync::Arc;

use crate::catalog::Setup;
use crate::discover;
use crate::error::AppError;
use crate::files::Files;
use crate::matrix::AccessMatrix;
use crate::model::{Loc, Model};
use crate::parse::ParsedFile;
use crate::source::SourceFile;

use super::input::Input;
use super::matrix_file::{parse_matrix, read_matrix};

pub struct LoadedProject {
    /// The files; a file read from disk has its text released after parsing.
    pub files: Vec<ParsedFile>,
    pub model: Model,
    pub matrix: Option<AccessMatrix>,
    /// Released texts read again on first use (same index as `files`).
    reread: Vec<std::sync::OnceLock<SourceFile>>,
}

impl LoadedProject {
    fn new(files: Vec<ParsedFile>, model: Model, matrix: Option<AccessMatrix>) -> Self {
        let reread = files.iter().map(|_| std::sync::OnceLock::new()).collect();
        LoadedProject {
            files,
            model,
            matrix,
            reread,
        }
    }

    /// The file a location points into, with its text (a released text is read again
    /// once; a file that vanished since keeps an empty text).
    pub fn source(&self, loc: Loc) -> Option<&SourceFile> {
        let i = self.files.binary_search_by_key(&loc.file, |f| f.id).ok()?;
        let f = &self.files[i].source;
        if !f.released {
            return Some(f.as_ref());
        }
        Some(self.reread[i].get_or_init(|| {
            let text = std::fs::read(&f.path)
                .map(|bytes| crate::parse::decode(&bytes).0.into_owned())
                .unwrap_or_default();
            SourceFile::new(f.path.clone(), f.display.clone(), text).with_key(f.key.clone())
        }))
    }

    /// `path:line` of a location in a metadata file.
    pub fn where_is(&self, loc: Loc) -> String {
        match self.source(loc) {
            Some(f) => format!("{}:{}", f.display, f.line_col(loc.span.start).line),
            None => String::new(),
        }
    }
}

/// Read and model the project `path` belongs to.
pub fn load_project(path: &Path, cwd: &Path, setup: &Setup) -> Result<LoadedProject, AppError> {
    Ok(load(path, cwd, setup, None)?.0)
}

/// The project `path` belongs to and its base (`--base REV|DIR`, read as `check --base`
/// reads it), both modelled without running rules; with the base's name.
pub fn load_with_base(
    path: &Path,
    cwd: &Path,
    setup: &Setup,
    spec: &str,
) -> Result<(LoadedProject, LoadedProject, String), AppError> {
    let (head, base) = load(path, cwd, setup, Some(spec))?;
    let base = base.expect("a base was asked for");
    Ok((head, base.0, base.1))
}

type Base = (LoadedProject, String);

fn load(
    path: &Path,
    cwd: &Path,
    setup: &Setup,
    base_spec: Option<&str>,
) -> Result<(LoadedProject, Option<Base>), AppError> {
    let settings = &setup.settings;
    let target = discover::absolute(cwd, path);
    let project = discover::find_project(&target)?;
    let scope = discover::Scope::new(&project, &settings.exclude, &settings.include);
    let info = super::discover::project_info(&project);
    let inputs: Vec<Input> = discover::walk(&scope)
        .found
        .into_iter()
        .map(|f| Input::from_found(f, cwd, &project.root))
        .collect();
    let mut table = Files::default();
    let base = match base_spec {
        Some(spec) => {
            let b = super::base::load(spec, &scope, cwd)?;
            let (files, model) = model_of(&mut table, b.inputs, info.clone(), setup);
            Some((LoadedProject::new(files, model, None), b.name))
        }
        None => None,
    };
    let (files, model) = model_of(&mut table, inputs, info, setup);
    let matrix = match &settings.classification.access_matrix {
        Some(p) => {
            let (path, text) = read_matrix(p, settings)?;
            let file = Arc::new(SourceFile::new(path.clone(), String::new(), text));
            let id = table.push(Arc::clone(&file));
            Some(parse_matrix(id, &path, &file.text)?)
        }
        None => None,
    };
    Ok((LoadedProject::new(files, model, matrix), base))
}

/// Parse and model `inputs`, their files added to `table`; texts read from disk are
/// released (see [`LoadedProject::source`]).
fn model_of(
    table: &mut Files,
    inputs: Vec<Input>,
    info: crate::model::ProjectInfo,
    setup: &Setup,
) -> (Vec<ParsedFile>, Model) {
    let ids = table.reserve(inputs.len());
    let super::load::Pass { files, model, .. } =
        super::load::run(inputs, ids, info, setup, true, None);
    for f in &files {
        table.fill(f.id, Arc::clone(&f.source));
    }
    (files, model)
}
