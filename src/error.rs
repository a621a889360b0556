//! Application errors: usage, configuration and I/O problems (exit code 2). Findings in
//! metadata are diagnostics, never these.

use std::fmt;
use std::path::PathBuf;

use crate::source::Span;

#[derive(Debug)]
pub enum AppError {
    /// A command-line problem.
    Usage(String),
    /// A file or directory could not be read or written.
    Io { path: PathBuf, message: String },
    /// A problem in a configuration or project file, with the place when known.
    Config {
        path: PathBuf,
        text: String,
        span: Option<Span>,
        message: String,
        help: Option<String>,
    },
}

impl AppError {
    pub fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Self {
        AppError::Io {
            path: path.into(),
            message: describe_io(err),
        }
    }
}

pub fn describe_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = err.to_string();
            // "Is a directory (os error 21)" -> "is a directory"
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or(s)
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Usage(m) => write!(f, "{m}"),
            AppError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            AppError::Config { path, message, .. } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for AppError {}
