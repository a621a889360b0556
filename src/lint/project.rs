//! A project read and modelled without running rules (for `sflint matrix`).

use std::path::Path;

use crate::diagnostic::FileId;
use crate::discover;
use crate::error::AppError;
use crate::matrix::AccessMatrix;
use crate::model::{Loc, Model};
use crate::parse::ParsedFile;
use crate::settings::Settings;

use super::extras::{parse_matrix, read_matrix};
use super::input::Input;

pub struct LoadedProject {
    pub files: Vec<ParsedFile>,
    pub model: Model,
    pub matrix: Option<AccessMatrix>,
}

impl LoadedProject {
    /// `path:line` of a location in a metadata file.
    pub fn where_is(&self, loc: Loc) -> String {
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
    let scope = discover::Scope::new(&project, &settings.exclude, &settings.include);
    let inputs = discover::walk(&scope)
        .found
        .into_iter()
        .map(|f| Input::from_found(f, cwd, &project.root))
        .collect();
    let super::pass::Pass { files, model, .. } =
        super::pass::run(inputs, 0, super::project_info(&project), settings, false);
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
