//! `sflint.toml` as written. Unknown keys are errors; values keep their spans so that
//! validation can point at them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;

use super::policy_schema::PolicyConfig;

/// The file as written. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    pub select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    /// Rules whose fixes `--fix` never applies (codes, prefixes or names).
    pub unfixable: Option<Vec<Spanned<String>>>,
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
