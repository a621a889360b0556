//! The access matrix file that `[classification] access-matrix` names: read it, with an
//! error that points into sflint.toml when it is missing, and parse it.

use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::diagnostic::FileId;
use crate::error::{AppError, describe_io};
use crate::matrix::AccessMatrix;

pub fn parse_matrix(id: FileId, path: &Path, text: &str) -> Result<AccessMatrix, AppError> {
    crate::matrix::parse(id, text).map_err(|e| AppError::Config {
        path: path.to_path_buf(),
        text: text.to_string(),
        span: Some(e.span),
        message: format!("invalid access matrix: {}", e.message),
        help: e.help,
    })
}

/// The configured access matrix's text, with an error pointing at `access-matrix` in
/// sflint.toml when it cannot be read.
pub fn read_matrix(path: &Path, settings: &Settings) -> Result<(PathBuf, String), AppError> {
    match crate::config_files::read_regular(path) {
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
                    crate::error_render::shown_path(path),
                    describe_io(&e)
                ),
                help: Some("the path is relative to the folder of sflint.toml".into()),
            },
            _ => AppError::io(path, &e),
        }),
    }
}
