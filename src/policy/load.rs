//! Load the project's policies: `[[policy]]` in sflint.toml and the files `policy-files`
//! globs name (relative to sflint.toml). Every problem is an error (exit 2) that points
//! into the TOML it is in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::GlobBuilder;
use toml::Spanned;
use walkdir::WalkDir;

use crate::error::AppError;
use crate::rules::RULES;
use crate::settings::{CONFIG_FILE, Classification};
use crate::source::Span;

use super::build::{BuildContext, CodeRule, build, error, span};
use super::config::{PolicyConfig, PolicyFileConfig};
use super::packs::PACKS;
use super::{Origin, Policy};

/// A problem in one TOML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

impl LoadError {
    pub fn into_app(self, path: &Path, text: &str) -> AppError {
        AppError::Config {
            path: path.to_path_buf(),
            text: text.to_string(),
            span: Some(self.span),
            message: self.message,
            help: self.help,
        }
    }
}

/// A policy file as read.
#[derive(Debug, Clone)]
pub struct PolicySource {
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub policies: Vec<Policy>,
    /// The policy files, in the order of `Origin::File` indexes.
    pub sources: Vec<PolicySource>,
}

/// Prefixes user policy codes may not start with: the built-in families and the packs.
pub fn reserved_prefixes() -> Vec<String> {
    let mut out: Vec<String> = RULES
        .iter()
        .map(|r| r.meta().code.chars().take(2).collect())
        .collect();
    out.extend(PACKS.iter().map(|p| p.prefix.clone()));
    out.sort();
    out.dedup();
    out
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

struct Seen {
    /// Code or name -> where the first policy with it is defined (for messages).
    codes: HashMap<String, String>,
    names: HashMap<String, String>,
}

fn check_unique(p: &Policy, where_: &str, seen: &mut Seen) -> Result<(), (Span, String)> {
    if let Some(other) = seen.codes.get(&p.code) {
        return Err((
            p.code_span,
            format!("policy code `{}` is already used in {other}", p.code),
        ));
    }
    let builtin = RULES
        .iter()
        .map(|r| r.meta().name)
        .chain(PACKS.iter().map(|pk| pk.name.as_str()))
        .chain(
            PACKS
                .iter()
                .flat_map(|pk| pk.policies.iter().map(|q| q.name.as_str())),
        )
        .any(|n| n == p.name);
    if builtin {
        return Err((
            p.code_span,
            format!(
                "policy name `{}` is the name of one of sflint's rules",
                p.name
            ),
        ));
    }
    if let Some(other) = seen.names.get(&p.name) {
        return Err((
            p.code_span,
            format!("policy name `{}` is already used in {other}", p.name),
        ));
    }
    seen.codes.insert(p.code.clone(), where_.to_string());
    seen.names.insert(p.name.clone(), where_.to_string());
    Ok(())
}

/// Load `[[policy]]` tables and `policy-files` of one configuration.
pub fn load(
    inline: &[Spanned<PolicyConfig>],
    files: &[Spanned<String>],
    config_path: Option<&Path>,
    config_text: &str,
    classification: &Classification,
) -> Result<Loaded, AppError> {
    let shown = config_path.unwrap_or(Path::new(CONFIG_FILE));
    let reserved = reserved_prefixes();
    let mut seen = Seen {
        codes: HashMap::new(),
        names: HashMap::new(),
    };
    let mut loaded = Loaded::default();
    let config_name = shown.display().to_string();
    for cfg in inline {
        let cx = BuildContext {
            text: config_text,
            origin: Origin::Config,
            classification,
            codes: CodeRule::User {
                reserved: &reserved,
            },
        };
        let p = build(cfg, &cx).map_err(|e| e.into_app(shown, config_text))?;
        check_unique(&p, &config_name, &mut seen)
            .map_err(|(at, m)| error(at, m, None).into_app(shown, config_text))?;
        loaded.policies.push(p);
    }

    let base = config_path
        .and_then(Path::parent)
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let mut paths: Vec<PathBuf> = Vec::new();
    for pattern in files {
        let found = expand(&base, pattern.get_ref())
            .map_err(|m| error(span(pattern), m, None).into_app(shown, config_text))?;
        if found.is_empty() {
            return Err(error(
                span(pattern),
                format!("`{}` matches no file", pattern.get_ref()),
                Some(format!(
                    "policy files are found relative to {}",
                    if base.as_os_str().is_empty() {
                        "the current folder".to_string()
                    } else {
                        base.display().to_string()
                    }
                )),
            )
            .into_app(shown, config_text));
        }
        for f in found {
            if !paths.contains(&f) {
                paths.push(f);
            }
        }
    }
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
            return Err(error(
                span(pack),
                "`[pack]` is only for sflint's own rule packs",
                Some("a policy file holds `[[policy]]` tables; remove `[pack]`".into()),
            )
            .into_app(&path, &text));
        }
        let index = loaded.sources.len();
        let name = path.display().to_string();
        for cfg in &file.policy {
            let cx = BuildContext {
                text: &text,
                origin: Origin::File(index),
                classification,
                codes: CodeRule::User {
                    reserved: &reserved,
                },
            };
            let p = build(cfg, &cx).map_err(|e| e.into_app(&path, &text))?;
            check_unique(&p, &name, &mut seen)
                .map_err(|(at, m)| error(at, m, None).into_app(&path, &text))?;
            loaded.policies.push(p);
        }
        loaded.sources.push(PolicySource { path, text });
    }
    Ok(loaded)
}
