//! `sflint.toml` and command-line overrides, validated once into typed [`Settings`].
//!
//! This layer reads every configuration file (sflint.toml, the policy files it names) and
//! validates what it can without knowing the rules. Selectors (`select`, `ignore`,
//! `[severity]`, `[per-file-ignores]`) are resolved by the caller's `select` function, and
//! `[[policy]]` tables are compiled by `policy`; `catalog::Setup` puts the three together.

pub mod classification;
pub mod policy_files;
pub mod policy_schema;
pub mod schema;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::error::AppError;
use crate::source::Span;

pub use classification::{
    Classification, DEFAULT_COMPLIANCE_GROUPS, DEFAULT_HIGH_RISK, DEFAULT_JUSTIFY, DEFAULT_LEVELS,
    DEFAULT_SENSITIVE_NAMES,
};
pub use policy_files::PolicySource;
pub use schema::{
    ClassificationConfig, ConfigFile, IntegrationConfig, Overrides, PrincipalConfig, SessionConfig,
};

pub const CONFIG_FILE: &str = "sflint.toml";

/// Resolves a selector (`ALL`, `PM`, `PM001`, `editable-without-readable`, a policy's code
/// or name) to rule codes; on no match, fails with a "did you mean" help, if any.
pub type Selector<'a> = dyn Fn(&str) -> Result<Vec<String>, Option<String>> + 'a;

/// A configuration as read, before its selectors and policies are resolved: the file,
/// where it is, its classification policy and the policy files it names.
#[derive(Debug, Default)]
pub struct Read {
    pub file: ConfigFile,
    pub path: Option<PathBuf>,
    /// Empty without a file.
    pub text: String,
    pub classification: Classification,
    /// The files `policy-files` names, in the order `policy::Origin::File` counts them.
    pub policy_files: Vec<PolicySource>,
}

impl Read {
    /// Find `sflint.toml` upward from `start`, or read `explicit`. Without either, the
    /// defaults.
    pub fn find(start: &Path, explicit: Option<&Path>) -> Result<Read, AppError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => start
                .ancestors()
                .map(|d| d.join(CONFIG_FILE))
                .find(|p| p.is_file()),
        };
        let Some(path) = path else {
            return Ok(Read::default());
        };
        let text =
            crate::config_files::read_regular_text(&path).map_err(|e| AppError::io(&path, &e))?;
        Read::parse(&text, Some(path))
    }

    /// Parse `text` (written at `path`, if any) and read the policy files it names.
    pub fn parse(text: &str, path: Option<PathBuf>) -> Result<Read, AppError> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
        let mut file: ConfigFile = toml::from_str(text).map_err(|e| AppError::Config {
            path: shown.clone(),
            text: text.to_string(),
            span: e.span().map(|r| Span::new(r.start, r.end)),
            message: e.message().trim().to_string(),
            help: Some(toml_error_help(e.message())),
        })?;
        let err = |span: Option<Span>, message: String, help: Option<String>| AppError::Config {
            path: shown.clone(),
            text: text.to_string(),
            span,
            message,
            help,
        };
        let classification = match file.classification.take() {
            None => Classification::default(),
            Some(c) => classification::resolve(c, path.as_deref(), &err)?,
        };
        let policy_files = policy_files::read(
            file.policy_files.as_deref().unwrap_or_default(),
            path.as_deref(),
            text,
        )?;
        Ok(Read {
            file,
            path,
            text: text.to_string(),
            classification,
            policy_files,
        })
    }
}

/// Validated settings the engine and rules read.
#[derive(Debug)]
pub struct Settings {
    /// Codes of the enabled rules (built-in rules and policies).
    pub enabled: HashSet<String>,
    pub severity: HashMap<String, Severity>,
    pub exclude: GlobSet,
    /// `include`: metadata outside the package directories linted with the project.
    pub include: GlobSet,
    pub fail_on: Severity,
    /// The file these came from, if any.
    pub config_path: Option<PathBuf>,
    /// The configuration text, for diagnostics that point into it (IU006).
    pub config_text: Option<String>,
    pub principals: Vec<PrincipalConfig>,
    /// `[session] non-interactive-profiles`.
    pub non_interactive_profiles: Vec<String>,
    pub classification: Classification,
    /// `[per-file-ignores]`: files (globs relative to the project root) and the rules
    /// not reported in them.
    pub per_file_ignores: Vec<(globset::GlobMatcher, Vec<String>)>,
    /// `baseline = "…"`, resolved against the configuration file's folder.
    pub baseline: Option<PathBuf>,
    /// `unfixable = […]`: codes of the rules whose fixes are neither applied nor shown.
    pub unfixable: Vec<String>,
}

impl Settings {
    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.contains(code)
    }

    /// Is `code` ignored for this file (path relative to the project root)?
    pub fn ignored_in(&self, rel_path: &Path, code: &str) -> bool {
        self.per_file_ignores
            .iter()
            .any(|(m, codes)| codes.iter().any(|c| c == code) && m.is_match(rel_path))
    }

    pub fn severity_of(&self, code: &str, default: Severity) -> Severity {
        self.severity.get(code).copied().unwrap_or(default)
    }

    /// Validate what `read` holds besides its policies. `select` resolves a selector
    /// (`PM`, `editable-without-readable`, a policy code) to rule codes, or fails with a
    /// "did you mean" help; `defaults` are the codes enabled without `select`.
    pub fn resolve(
        read: Read,
        overrides: &Overrides,
        select: &Selector<'_>,
        defaults: impl IntoIterator<Item = String>,
    ) -> Result<Settings, AppError> {
        let Read {
            file,
            path,
            text,
            classification,
            ..
        } = read;
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
        let err = |span: Option<Span>, message: String, help: Option<String>| AppError::Config {
            path: shown.clone(),
            text: text.clone(),
            span,
            message,
            help,
        };
        let cli_err = |message: String, help: Option<String>| {
            AppError::Usage(match help {
                Some(h) => format!("{message}\n  help: {h}"),
                None => message,
            })
        };
        let mut enabled: HashSet<String> = match (&overrides.select, &file.select) {
            (Some(cli), _) => {
                let mut set = HashSet::new();
                for s in cli {
                    set.extend(select(s).map_err(|h| cli_err(unknown(s), h))?);
                }
                set
            }
            (None, Some(sel)) => {
                let mut set = HashSet::new();
                for s in sel {
                    set.extend(
                        select(s.get_ref())
                            .map_err(|h| err(Some(span_of(s)), unknown(s.get_ref()), h))?,
                    );
                }
                set
            }
            (None, None) => defaults.into_iter().collect(),
        };
        for s in file.ignore.iter().flatten() {
            for code in
                select(s.get_ref()).map_err(|h| err(Some(span_of(s)), unknown(s.get_ref()), h))?
            {
                enabled.remove(&code);
            }
        }
        for s in &overrides.ignore {
            for code in select(s).map_err(|h| cli_err(unknown(s), h))? {
                enabled.remove(&code);
            }
        }

        let mut unfixable = Vec::new();
        for s in file.unfixable.iter().flatten() {
            unfixable.extend(
                select(s.get_ref()).map_err(|h| err(Some(span_of(s)), unknown(s.get_ref()), h))?,
            );
        }

        let mut severity = HashMap::new();
        for (key, value) in file.severity.iter().flatten() {
            let codes = select(key.get_ref())
                .map_err(|h| err(Some(span_of(key)), unknown(key.get_ref()), h))?;
            let sev = parse_severity(value.get_ref()).ok_or_else(|| {
                err(
                    Some(span_of(value)),
                    format!("`{}` is not a severity", value.get_ref()),
                    Some("use \"error\", \"warning\" or \"info\"".into()),
                )
            })?;
            for code in codes {
                severity.insert(code, sev);
            }
        }

        let exclude = glob_set(file.exclude.as_deref(), "exclude", &err)?;
        let include = glob_set(file.include.as_deref(), "include", &err)?;

        let fail_on = match (overrides.fail_on, &file.fail_on) {
            (Some(s), _) => s,
            (None, Some(v)) => parse_severity(v.get_ref()).ok_or_else(|| {
                err(
                    Some(span_of(v)),
                    format!("`{}` is not a severity", v.get_ref()),
                    Some("use \"error\", \"warning\" or \"info\"".into()),
                )
            })?,
            (None, None) => Severity::Error,
        };

        let principals = file.integration.map(|i| i.principal).unwrap_or_default();
        for p in &principals {
            if p.profile.is_none()
                && p.permission_sets.is_empty()
                && p.permission_set_groups.is_empty()
            {
                return Err(err(
                    Some(span_of(&p.name)),
                    format!(
                        "integration principal `{}` names no profile, permission set or group",
                        p.name.get_ref()
                    ),
                    Some("add `profile = \"…\"` or `permission-sets = [\"…\"]`".into()),
                ));
            }
            if p.runs_analytics && p.security_user {
                return Err(err(
                    Some(span_of(&p.name)),
                    format!(
                        "integration principal `{}` sets both `runs-analytics` and `security-user`",
                        p.name.get_ref()
                    ),
                    Some("the Analytics Cloud Security User runs no dataflows or recipes: keep one of the two".into()),
                ));
            }
        }
        let mut per_file_ignores = Vec::new();
        for (glob, selectors) in file.per_file_ignores.iter().flatten() {
            let matcher = Glob::new(glob.get_ref())
                .map_err(|e| {
                    err(
                        Some(span_of(glob)),
                        format!("`{}` is not a valid glob: {}", glob.get_ref(), e.kind()),
                        None,
                    )
                })?
                .compile_matcher();
            let mut codes = Vec::new();
            for s in selectors {
                codes.extend(
                    select(s.get_ref())
                        .map_err(|h| err(Some(span_of(s)), unknown(s.get_ref()), h))?,
                );
            }
            per_file_ignores.push((matcher, codes));
        }
        let baseline = match file.baseline.as_ref() {
            Some(b) => {
                let base = path
                    .as_deref()
                    .and_then(Path::parent)
                    .unwrap_or(Path::new(""));
                let confined = crate::config_files::confine(base, b.get_ref())
                    .map_err(|m| err(Some(span_of(b)), m, Some(CONFINED_HELP.into())))?;
                Some(confined)
            }
            None => None,
        };
        Ok(Settings {
            unfixable,
            baseline,
            per_file_ignores,
            classification,
            enabled,
            severity,
            exclude,
            include,
            fail_on,
            config_text: (!text.is_empty()).then(|| text.to_string()),
            config_path: path,
            principals,
            non_interactive_profiles: file
                .session
                .map(|s| {
                    s.non_interactive_profiles
                        .into_iter()
                        .map(Spanned::into_inner)
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

pub(crate) type ErrFn<'a> = dyn Fn(Option<Span>, String, Option<String>) -> AppError + 'a;

/// The help of a TOML error: for an unknown key, the closest known key (serde names them
/// in its message: "unknown field `x`, expected one of `a`, `b`").
fn toml_error_help(message: &str) -> String {
    let reference = "see the configuration reference in README.md";
    let Some(rest) = message.trim().strip_prefix("unknown field `") else {
        return reference.to_string();
    };
    let Some((word, expected)) = rest.split_once('`') else {
        return reference.to_string();
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match crate::salesforce::names::did_you_mean(word, candidates) {
        Some(s) => format!("did you mean `{s}`? ({reference})"),
        None => reference.to_string(),
    }
}

/// The help of a configured path that leads outside the configuration's folder.
pub const CONFINED_HELP: &str =
    "paths in sflint.toml are relative to its folder; keep the file inside that folder";

/// Build a glob set from `key`'s patterns; an invalid pattern is an error at its place.
fn glob_set(
    globs: Option<&[Spanned<String>]>,
    key: &str,
    err: &dyn Fn(Option<Span>, String, Option<String>) -> AppError,
) -> Result<GlobSet, AppError> {
    let mut set = GlobSetBuilder::new();
    for g in globs.unwrap_or_default() {
        let glob = Glob::new(g.get_ref()).map_err(|e| {
            err(
                Some(span_of(g)),
                format!("`{}` is not a valid glob: {}", g.get_ref(), e.kind()),
                None,
            )
        })?;
        set.add(glob);
    }
    set.build()
        .map_err(|e| err(None, format!("invalid {key} globs: {e}"), None))
}

pub(crate) fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn unknown(selector: &str) -> String {
    format!("`{selector}` matches no rule")
}

pub fn parse_severity(s: &str) -> Option<Severity> {
    Severity::parse(s.trim())
}
