//! `sflint.toml` and command-line overrides, validated once into typed [`Settings`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::error::AppError;
use crate::names::did_you_mean;
use crate::policy::config::PolicyConfig;
use crate::policy::{Policy, PolicySource};
use crate::rules::catalog::Catalog;
use crate::source::Span;

pub const CONFIG_FILE: &str = "sflint.toml";

/// The file as written. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    pub select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    pub severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Globs (relative to the project root) of metadata outside the package directories
    /// to lint with the project.
    pub include: Option<Vec<Spanned<String>>>,
    pub fail_on: Option<Spanned<String>>,
    pub integration: Option<IntegrationConfig>,
    pub session: Option<SessionConfig>,
    pub classification: Option<ClassificationConfig>,
    pub per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    /// A baseline file, relative to sflint.toml.
    pub baseline: Option<Spanned<String>>,
    /// `[[policy]]`: rules written in TOML.
    pub policy: Option<Vec<Spanned<PolicyConfig>>>,
    /// Globs (relative to sflint.toml) of files holding more `[[policy]]` tables.
    pub policy_files: Option<Vec<Spanned<String>>>,
}

/// `[classification]`: data classification policy.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClassificationConfig {
    pub levels: Option<Vec<Spanned<String>>>,
    pub high_risk: Option<Vec<Spanned<String>>>,
    pub justify: Option<Vec<Spanned<String>>>,
    pub compliance_groups: Option<Vec<Spanned<String>>>,
    pub sensitive_names: Option<Vec<Spanned<String>>>,
    pub extend_sensitive_names: Option<Vec<Spanned<String>>>,
    pub access_matrix: Option<Spanned<String>>,
    pub public_profiles: Option<Vec<Spanned<String>>>,
}

/// Validated classification policy.
#[derive(Debug, Clone)]
pub struct Classification {
    /// Ordered, lowest first.
    pub levels: Vec<String>,
    pub high_risk: Vec<String>,
    pub justify: Vec<String>,
    pub compliance_groups: Vec<String>,
    /// Lower-case name tokens (one or more words joined by `_`).
    pub sensitive_names: Vec<String>,
    /// Relative to the configuration file's folder.
    pub access_matrix: Option<PathBuf>,
    /// Where `access-matrix` is written in sflint.toml.
    pub access_matrix_span: Option<Span>,
    pub public_profiles: Vec<String>,
}

pub const DEFAULT_LEVELS: &[&str] = &[
    "Public",
    "Internal",
    "Confidential",
    "Restricted",
    "MissionCritical",
];
pub const DEFAULT_HIGH_RISK: &[&str] = &["Restricted", "MissionCritical"];
pub const DEFAULT_JUSTIFY: &[&str] = &["Confidential"];
/// The documented Compliance Categorization values: the defaults of Setup and the Metadata
/// API, and `PersonalInfo` (Tooling API FieldDefinition, Enhanced Personal Information
/// Management).
pub const DEFAULT_COMPLIANCE_GROUPS: &[&str] = &[
    "CCPA",
    "COPPA",
    "GDPR",
    "HIPAA",
    "PCI",
    "PersonalInfo",
    "PII",
];
pub const DEFAULT_SENSITIVE_NAMES: &[&str] = &[
    "ssn",
    "social_security",
    "national_id",
    "tax_id",
    "passport",
    "birth",
    "birthdate",
    "birthday",
    "dob",
    "credit_card",
    "card_number",
    "credit_score",
    "bank_account",
    "iban",
    "salary",
    "diagnosis",
    "medical",
];

impl Default for Classification {
    fn default() -> Self {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Classification {
            levels: own(DEFAULT_LEVELS),
            high_risk: own(DEFAULT_HIGH_RISK),
            justify: own(DEFAULT_JUSTIFY),
            compliance_groups: own(DEFAULT_COMPLIANCE_GROUPS),
            sensitive_names: own(DEFAULT_SENSITIVE_NAMES),
            access_matrix: None,
            access_matrix_span: None,
            public_profiles: Vec::new(),
        }
    }
}

impl Classification {
    /// Position of a level in the order (case-sensitive, as Salesforce stores it).
    pub fn rank(&self, level: &str) -> Option<usize> {
        self.levels.iter().position(|l| l == level)
    }

    pub fn is_high_risk(&self, level: &str) -> bool {
        self.high_risk.iter().any(|l| l == level)
    }

    /// The compliance groups a field may list: the documented values, then the configured
    /// ones that are not among them.
    pub fn known_compliance_groups(&self) -> Vec<&str> {
        let mut out: Vec<&str> = DEFAULT_COMPLIANCE_GROUPS.to_vec();
        for g in &self.compliance_groups {
            if !out.contains(&g.as_str()) {
                out.push(g);
            }
        }
        out
    }

    pub fn needs_justification(&self, level: &str) -> bool {
        self.justify.iter().any(|l| l == level)
    }

    /// The lowest high-risk rank.
    pub fn high_risk_floor(&self) -> Option<usize> {
        self.high_risk.iter().filter_map(|l| self.rank(l)).min()
    }
}

/// `[session]`: session-security settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SessionConfig {
    /// Profiles whose users log in without a person (API-only, service accounts).
    #[serde(default)]
    pub non_interactive_profiles: Vec<Spanned<String>>,
}

/// `[integration]`: integration principals beyond the built-in CRM Analytics users.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IntegrationConfig {
    #[serde(default)]
    pub principal: Vec<PrincipalConfig>,
}

/// `[[integration.principal]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrincipalConfig {
    /// Shown in messages.
    pub name: Spanned<String>,
    /// Profile full name (or display name such as "System Administrator").
    pub profile: Option<Spanned<String>>,
    #[serde(default)]
    pub permission_sets: Vec<Spanned<String>>,
    #[serde(default)]
    pub permission_set_groups: Vec<Spanned<String>>,
    /// Dataflows and recipes run as this principal.
    #[serde(default)]
    pub runs_analytics: bool,
    /// This principal is the Analytics Cloud Security User (a clone of its profile): it
    /// evaluates row-level security predicates and reads no extracted data.
    #[serde(default)]
    pub security_user: bool,
}

/// Command-line values that override or extend the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// Replaces `select` from the file.
    pub select: Option<Vec<String>>,
    /// Added to `ignore` from the file.
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
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
    /// The project's policies: `[[policy]]` in sflint.toml, then the policy files'.
    pub policies: Vec<Policy>,
    /// The files `policy-files` names, in the order `policy::Origin::File` counts them.
    pub policy_sources: Vec<PolicySource>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::resolve(ConfigFile::default(), None, "", &Overrides::default())
            .expect("the default settings are valid")
    }
}

impl Settings {
    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.contains(code)
    }

    /// Every rule of this configuration: built-in rules, packs and policies.
    pub fn catalog(&self) -> Catalog<'_> {
        Catalog::new(&self.policies)
    }

    /// Every enabled policy (the packs' selected ones, then the user's).
    pub fn enabled_policies(&self) -> Vec<&Policy> {
        self.catalog()
            .entries()
            .filter_map(|e| e.policy())
            .filter(|p| self.is_enabled(&p.code))
            .collect()
    }

    /// The file a policy is written in, as the user knows it: `sflint.toml`, or a policy
    /// file's path relative to sflint.toml's folder (`/`-separated). Empty for packs.
    pub fn policy_file_name(&self, origin: crate::policy::Origin) -> String {
        let Some((path, _)) = self.policy_text(origin) else {
            return String::new();
        };
        let base = self
            .config_path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        path.strip_prefix(base)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The path and text a policy is written in (`None` for packs).
    pub fn policy_text(&self, origin: crate::policy::Origin) -> Option<(PathBuf, &str)> {
        match origin {
            crate::policy::Origin::Config => Some((
                self.config_path
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(CONFIG_FILE)),
                self.config_text.as_deref()?,
            )),
            crate::policy::Origin::File(i) => self
                .policy_sources
                .get(i)
                .map(|s| (s.path.clone(), s.text.as_str())),
            crate::policy::Origin::Pack(_) => None,
        }
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

    /// Find `sflint.toml` upward from `start`, or read `explicit`; then apply `overrides`.
    pub fn load(
        start: &Path,
        explicit: Option<&Path>,
        overrides: &Overrides,
    ) -> Result<Settings, AppError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => start
                .ancestors()
                .map(|d| d.join(CONFIG_FILE))
                .find(|p| p.is_file()),
        };
        let Some(path) = path else {
            return Settings::resolve(ConfigFile::default(), None, "", overrides);
        };
        let text =
            crate::config_files::read_regular_text(&path).map_err(|e| AppError::io(&path, &e))?;
        Settings::from_toml(&text, Some(path), overrides)
    }

    pub fn from_toml(
        text: &str,
        path: Option<PathBuf>,
        overrides: &Overrides,
    ) -> Result<Settings, AppError> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
        let file: ConfigFile = toml::from_str(text).map_err(|e| AppError::Config {
            path: shown.clone(),
            text: text.to_string(),
            span: e.span().map(|r| Span::new(r.start, r.end)),
            message: e.message().trim().to_string(),
            help: Some(toml_error_help(e.message())),
        })?;
        Settings::resolve(file, path, text, overrides)
    }

    fn resolve(
        mut file: ConfigFile,
        path: Option<PathBuf>,
        text: &str,
        overrides: &Overrides,
    ) -> Result<Settings, AppError> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
        let err = |span: Option<Span>, message: String, help: Option<String>| AppError::Config {
            path: shown.clone(),
            text: text.to_string(),
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
        let classification = match file.classification.take() {
            None => Classification::default(),
            Some(c) => resolve_classification(c, path.as_deref(), &err)?,
        };
        let loaded = crate::policy::load::load(
            file.policy.as_deref().unwrap_or_default(),
            file.policy_files.as_deref().unwrap_or_default(),
            path.as_deref(),
            text,
            &classification,
        )?;
        let catalog = Catalog::new(&loaded.policies);
        let select = |s: &str| catalog.select(s);

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
            (None, None) => catalog
                .entries()
                .filter(|e| e.enabled)
                .map(|e| e.code.to_string())
                .collect(),
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
            policies: loaded.policies,
            policy_sources: loaded.sources,
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

type ErrFn<'a> = dyn Fn(Option<Span>, String, Option<String>) -> AppError + 'a;

fn resolve_classification(
    c: ClassificationConfig,
    config_path: Option<&Path>,
    err: &ErrFn<'_>,
) -> Result<Classification, AppError> {
    let mut out = Classification::default();
    let plain = |v: &[Spanned<String>]| {
        v.iter()
            .map(|s| s.get_ref().trim().to_string())
            .collect::<Vec<_>>()
    };
    if let Some(levels) = &c.levels {
        if levels.is_empty() {
            return Err(err(
                None,
                "`classification.levels` is empty".into(),
                Some("list the levels, lowest first".into()),
            ));
        }
        out.levels = plain(levels);
    }
    // high-risk and justify must name levels.
    let check_levels =
        |list: &[Spanned<String>], key: &str, levels: &[String]| -> Result<Vec<String>, AppError> {
            for l in list {
                if !levels.iter().any(|x| x == l.get_ref().trim()) {
                    let help = did_you_mean(l.get_ref(), levels.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            format!("use one of `classification.levels`: {}", levels.join(", "))
                        });
                    return Err(err(
                        Some(span_of(l)),
                        format!("`{}` in `{key}` is not a classification level", l.get_ref()),
                        Some(help),
                    ));
                }
            }
            Ok(plain(list))
        };
    if let Some(h) = &c.high_risk {
        out.high_risk = check_levels(h, "high-risk", &out.levels)?;
    } else {
        out.high_risk.retain(|l| out.levels.contains(l));
    }
    if let Some(j) = &c.justify {
        out.justify = check_levels(j, "justify", &out.levels)?;
    } else {
        out.justify.retain(|l| out.levels.contains(l));
    }
    if let Some(g) = &c.compliance_groups {
        out.compliance_groups = plain(g);
    }
    if let Some(n) = &c.sensitive_names {
        out.sensitive_names = plain(n)
            .into_iter()
            .map(|s| s.to_ascii_lowercase())
            .collect();
    }
    if let Some(n) = &c.extend_sensitive_names {
        out.sensitive_names
            .extend(plain(n).into_iter().map(|s| s.to_ascii_lowercase()));
    }
    for name in c
        .sensitive_names
        .iter()
        .chain(c.extend_sensitive_names.iter())
        .flatten()
    {
        if name.get_ref().trim().is_empty() {
            return Err(err(
                Some(span_of(name)),
                "an empty sensitive name would match every field".into(),
                None,
            ));
        }
    }
    if let Some(m) = &c.access_matrix {
        let base = config_path.and_then(Path::parent).unwrap_or(Path::new(""));
        let confined = crate::config_files::confine(base, m.get_ref())
            .map_err(|msg| err(Some(span_of(m)), msg, Some(CONFINED_HELP.into())))?;
        out.access_matrix = Some(confined);
        out.access_matrix_span = Some(span_of(m));
    }
    if let Some(p) = &c.public_profiles {
        out.public_profiles = plain(p);
    }
    Ok(out)
}

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
    match crate::names::did_you_mean(word, candidates) {
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

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn unknown(selector: &str) -> String {
    format!("`{selector}` matches no rule")
}

pub fn parse_severity(s: &str) -> Option<Severity> {
    Severity::parse(s.trim())
}

/// The codes a selector names among the built-in rules and sflint's packs: `ALL`, a
/// code (`PM001`), a code prefix (`PM`, `PM00`), a rule name
/// (`editable-without-readable`) or a pack name. On no match, the error is a "did you
/// mean" help. [`Settings::catalog`] also knows the project's policies.
pub fn match_selector(selector: &str) -> Result<Vec<String>, Option<String>> {
    Catalog::builtin().select(selector)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Result<Settings, AppError> {
        Settings::from_toml(text, None, &Overrides::default())
    }

    #[test]
    fn defaults_enable_default_rules_and_fail_on_error() {
        let s = cfg("").unwrap();
        assert!(s.is_enabled("PM001"));
        assert_eq!(s.fail_on, Severity::Error);
    }

    #[test]
    fn selectors_by_code_prefix_and_name() {
        assert_eq!(match_selector("PM001").unwrap(), vec!["PM001"]);
        assert_eq!(
            match_selector("editable-without-readable").unwrap(),
            vec!["PM001"]
        );
        assert!(match_selector("PM").unwrap().len() >= 5);
        assert_eq!(
            match_selector("editable-without-readble")
                .unwrap_err()
                .as_deref(),
            Some("did you mean `editable-without-readable`?")
        );
    }

    #[test]
    fn select_ignore_severity() {
        let s = cfg("select = [\"PM\"]\nignore = [\"PM004\"]\n[severity]\nPM005 = \"warning\"\n")
            .unwrap();
        assert!(s.is_enabled("PM001"));
        assert!(!s.is_enabled("PM004"));
        assert!(!s.is_enabled("SF001"));
        assert_eq!(s.severity_of("PM005", Severity::Error), Severity::Warning);
    }

    #[test]
    fn unknown_key_is_an_error_with_a_span() {
        let text = "select = [\"PM\"]\nfial-on = \"error\"\n";
        match cfg(text) {
            Err(AppError::Config {
                span: Some(span),
                message,
                ..
            }) => {
                assert_eq!(&text[span.range()], "fial-on", "{message}");
                assert!(message.contains("fial-on"), "{message}");
            }
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_selector_points_at_the_value() {
        let text = "ignore = [\"PM09\"]\n";
        match cfg(text) {
            Err(AppError::Config {
                span: Some(span),
                message,
                ..
            }) => {
                assert_eq!(&text[span.range()], "\"PM09\"");
                assert!(message.contains("matches no rule"));
            }
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn bad_severity_and_glob() {
        assert!(matches!(
            cfg("fail-on = \"fatal\""),
            Err(AppError::Config { .. })
        ));
        assert!(matches!(
            cfg("exclude = [\"a/[\"]"),
            Err(AppError::Config { .. })
        ));
    }
}
