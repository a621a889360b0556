//! Compile the project's policies: `[[policy]]` in sflint.toml and in the policy files
//! `config` read. Every problem is an error (exit 2) that points into the TOML it is in.

use std::collections::HashMap;
use std::path::Path;

use toml::Spanned;

use crate::config::policy_schema::PolicyConfig;
use crate::config::{CONFIG_FILE, Classification, PolicySource};
use crate::error::AppError;
use crate::source::Span;

use super::build::{BuildContext, CodeRule, build, error};
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

/// What the built-in rules reserve: the two-letter prefixes of their codes (and the
/// packs'), and their names.
pub struct Reserved<'a> {
    pub prefixes: Vec<String>,
    pub names: Vec<&'a str>,
}

impl<'a> Reserved<'a> {
    /// The built-in rules' `(code, name)` pairs, with sflint's packs.
    pub fn new(builtin: impl IntoIterator<Item = (&'a str, &'a str)>) -> Reserved<'a> {
        let mut prefixes = Vec::new();
        let mut names = Vec::new();
        for (code, name) in builtin {
            prefixes.push(code.chars().take(2).collect());
            names.push(name);
        }
        prefixes.extend(PACKS.iter().map(|p| p.prefix.clone()));
        prefixes.sort();
        prefixes.dedup();
        Reserved { prefixes, names }
    }
}

struct Seen {
    /// Code or name -> where the first policy with it is defined (for messages).
    codes: HashMap<String, String>,
    names: HashMap<String, String>,
}

fn check_unique(
    p: &Policy,
    where_: &str,
    reserved: &Reserved<'_>,
    seen: &mut Seen,
) -> Result<(), (Span, String)> {
    if let Some(other) = seen.codes.get(&p.code) {
        return Err((
            p.code_span,
            format!("policy code `{}` is already used in {other}", p.code),
        ));
    }
    let builtin = reserved
        .names
        .iter()
        .copied()
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

/// Compile the `[[policy]]` tables of one configuration: sflint.toml's (`inline`), then
/// each policy file's, in order.
pub fn compile(
    inline: &[Spanned<PolicyConfig>],
    files: &[PolicySource],
    config_path: Option<&Path>,
    config_text: &str,
    classification: &Classification,
    reserved: &Reserved<'_>,
) -> Result<Vec<Policy>, AppError> {
    let shown = config_path.unwrap_or(Path::new(CONFIG_FILE));
    let mut seen = Seen {
        codes: HashMap::new(),
        names: HashMap::new(),
    };
    let mut policies = Vec::new();
    let sources = std::iter::once((Origin::Config, shown, config_text, inline)).chain(
        files.iter().enumerate().map(|(i, f)| {
            (
                Origin::File(i),
                f.path.as_path(),
                f.text.as_str(),
                f.file.policy.as_slice(),
            )
        }),
    );
    for (origin, path, text, tables) in sources {
        let name = path.display().to_string();
        for cfg in tables {
            let cx = BuildContext {
                text,
                origin,
                classification,
                codes: CodeRule::User {
                    reserved: &reserved.prefixes,
                },
            };
            let p = build(cfg, &cx).map_err(|e| e.into_app(path, text))?;
            check_unique(&p, &name, reserved, &mut seen)
                .map_err(|(at, m)| error(at, m, None).into_app(path, text))?;
            policies.push(p);
        }
    }
    Ok(policies)
}
