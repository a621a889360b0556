//! `policy-files = [...]`: the files of `[[policy]]` tables a configuration names, found
//! relative to its folder, read and parsed (not yet compiled: `policy::compile` does that).

use std::path::{Path, PathBuf};

use globset::GlobBuilder;
use toml::Spanned;
use walkdir::WalkDir;

use crate::error::AppError;
use crate::source::Span;

use super::CONFIG_FILE;
use super::policy_schema::PolicyFileConfig;

/// A policy file as read.
#[derive(Debug)]
pub struct PolicySource {
    pub path: PathBuf,
    pub text: String,
    pub file: PolicyFileConfig,
}

fn has_meta(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// The files one `policy-files` pattern matches, sorted.
fn expand(base: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    // A pattern may not reach outside the configuration's folder.
    crate::config_files::confine(
        base,
        pattern.split(['*', '?', '[', '{']).next().unwrap_or(""),
    )?;
    if !has_meta(pattern) {
        let p = crate::config_files::confine(base, pattern)?;
        return Ok(if p.is_file() { vec![p] } else { Vec::new() });
    }
    let matcher = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("`{pattern}` is not a valid glob: {}", e.kind()))?
        .compile_matcher();
    // Walk from the longest folder prefix without wildcards.
    let mut root = base.to_path_buf();
    let parts: Vec<&str> = pattern.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        if has_meta(part) {
            break;
        }
        root.push(part);
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !crate::discover::DEFAULT_EXCLUDES
                    .iter()
                    .any(|x| e.file_name() == *x)
        });
    for entry in walker.filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(base).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if matcher.is_match(&rel) {
            out.push(entry.path().to_path_buf());
        }
    }
    Ok(out)
}

/// An error at `span` of the configuration text.
fn config_error(
    path: Option<&Path>,
    text: &str,
    span: Span,
    message: String,
    help: Option<String>,
) -> AppError {
    AppError::Config {
        path: path.unwrap_or(Path::new(CONFIG_FILE)).to_path_buf(),
        text: text.to_string(),
        span: Some(span),
        message,
        help,
    }
}

/// Find, read and parse the files `patterns` name (relative to the configuration's
/// folder), each once, in pattern order.
pub fn read(
    patterns: &[Spanned<String>],
    config_path: Option<&Path>,
    config_text: &str,
) -> Result<Vec<PolicySource>, AppError> {
    let base = config_path
        .and_then(Path::parent)
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let mut paths: Vec<PathBuf> = Vec::new();
    for pattern in patterns {
        let at = super::span_of(pattern);
        let found = expand(&base, pattern.get_ref())
            .map_err(|m| config_error(config_path, config_text, at, m, None))?;
        if found.is_empty() {
            let folder = if base.as_os_str().is_empty() {
                "the current folder".to_string()
            } else {
                base.display().to_string()
            };
            return Err(config_error(
                config_path,
                config_text,
                at,
                format!("`{}` matches no file", pattern.get_ref()),
                Some(format!("policy files are found relative to {folder}")),
            ));
        }
        for f in found {
            if !paths.contains(&f) {
                paths.push(f);
            }
        }
    }
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let text =
            crate::config_files::read_regular_text(&path).map_err(|e| AppError::io(&path, &e))?;
        let file: PolicyFileConfig = toml::from_str(&text).map_err(|e| AppError::Config {
            path: path.clone(),
            text: text.clone(),
            span: e.span().map(|r| Span::new(r.start, r.end)),
            message: e.message().trim().to_string(),
            help: Some("see the policy reference in README.md".into()),
        })?;
        if let Some(pack) = &file.pack {
            return Err(AppError::Config {
                span: Some(super::span_of(pack)),
                path,
                text,
                message: "`[pack]` is only for sflint's own rule packs".into(),
                help: Some("a policy file holds `[[policy]]` tables; remove `[pack]`".into()),
            });
        }
        out.push(PolicySource { path, text, file });
    }
    Ok(out)
}
