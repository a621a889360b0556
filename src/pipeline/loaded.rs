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
    pub files: Vec<ParsedFile>,
    pub model: Model,
    pub matrix: Option<AccessMatrix>,
}

impl LoadedProject {
    /// `path:line` of a location in a metadata file.
    pub fn where_is(&self, loc: Loc) -> String {
        let file = self
            .files
            .binary_search_by_key(&loc.file, |f| f.id)
            .ok()
            .and_then(|i| self.files.get(i));
        match file {
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
pub fn load_project(path: &Path, cwd: &Path, setup: &Setup) -> Result<LoadedProject, AppError> {
    let settings = &setup.settings;
    let target = discover::absolute(cwd, path);
    let project = discover::find_project(&target)?;
    let scope = discover::Scope::new(&project, &settings.exclude, &settings.include);
    let inputs: Vec<Input> = discover::walk(&scope)
        .found
        .into_iter()
        .map(|f| Input::from_found(f, cwd, &project.root))
        .collect();
    let mut table = Files::default();
    let ids = table.reserve(inputs.len());
    let super::load::Pass { files, model, .. } = super::load::run(
        inputs,
        ids,
        super::discover::project_info(&project),
        setup,
        false,
        None,
    );
    for f in &files {
        table.fill(f.id, Arc::clone(&f.source));
    }
    let matrix = match &settings.classification.access_matrix {
        Some(p) => {
            let (path, text) = read_matrix(p, settings)?;
            let file = Arc::new(SourceFile::new(path.clone(), String::new(), text));
            let id = table.push(Arc::clone(&file));
            Some(parse_matrix(id, &path, &file.text)?)
        }
        None => None,
    };
    Ok(LoadedProject {
        files,
        model,
        matrix,
    })
}
