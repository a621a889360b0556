//! `sflint.toml` as written. Unknown keys are errors; values keep their spans so that
//! validation can point at them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;

use super::policy_schema::PolicyConfig;

/// The file as written. Unknown keys are errors.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Rules to run (replaces the defaults): codes, prefixes, names or "ALL".
    #[schemars(with = "Option<Vec<String>>")]
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules to skip: codes, prefixes or names.
    #[schemars(with = "Option<Vec<String>>")]
    pub ignore: Option<Vec<Spanned<String>>>,
    /// Rules whose fixes `--fix` never applies (codes, prefixes or names).
    #[schemars(with = "Option<Vec<String>>")]
    pub unfixable: Option<Vec<Spanned<String>>>,
    /// Severity overrides: a rule selector to "error", "warning", "info" or "off".
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// Glob patterns, relative to the project root, of files and folders not to lint.
    #[schemars(with = "Option<Vec<String>>")]
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Globs (relative to the project root) of metadata outside the package directories
    /// to lint with the project.
    #[schemars(with = "Option<Vec<String>>")]
    pub include: Option<Vec<Spanned<String>>>,
    /// Lowest severity that fails the run: "error" (default), "warning" or "info".
    #[schemars(with = "Option<String>")]
    pub fail_on: Option<Spanned<String>>,
    /// Integration principals beyond the built-in CRM Analytics users.
    pub integration: Option<IntegrationConfig>,
    /// Session-security settings.
    pub session: Option<SessionConfig>,
    /// Data classification policy.
    pub classification: Option<ClassificationConfig>,
    /// Rules to skip in some files: a glob to a list of rule selectors.
    #[schemars(with = "Option<BTreeMap<String, Vec<String>>>")]
    pub per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    /// A baseline file, relative to sflint.toml.
    #[schemars(with = "Option<String>")]
    pub baseline: Option<Spanned<String>>,
    /// `[[policy]]`: rules written in TOML.
    #[schemars(with = "Option<Vec<PolicyConfig>>")]
    pub policy: Option<Vec<Spanned<PolicyConfig>>>,
    /// Globs (relative to sflint.toml) of files holding more `[[policy]]` tables.
    #[schemars(with = "Option<Vec<String>>")]
    pub policy_files: Option<Vec<Spanned<String>>>,
}

/// `[classification]`: data classification policy.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClassificationConfig {
    #[schemars(with = "Option<Vec<String>>")]
    pub levels: Option<Vec<Spanned<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub high_risk: Option<Vec<Spanned<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub justify: Option<Vec<Spanned<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub compliance_groups: Option<Vec<Spanned<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub sensitive_names: Option<Vec<Spanned<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub extend_sensitive_names: Option<Vec<Spanned<String>>>,
    #[schemars(with = "Option<String>")]
    pub access_matrix: Option<Spanned<String>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub public_profiles: Option<Vec<Spanned<String>>>,
}

/// `[session]`: session-security settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SessionConfig {
    /// Profiles whose users log in without a person (API-only, service accounts).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub non_interactive_profiles: Vec<Spanned<String>>,
}

/// `[integration]`: integration principals beyond the built-in CRM Analytics users.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IntegrationConfig {
    #[serde(default)]
    pub principal: Vec<PrincipalConfig>,
}

/// `[[integration.principal]]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrincipalConfig {
    /// Shown in messages.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Profile full name (or display name such as "System Administrator").
    #[schemars(with = "Option<String>")]
    pub profile: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub permission_sets: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub permission_set_groups: Vec<Spanned<String>>,
    /// Dataflows and recipes run as this principal.
    #[serde(default)]
    pub runs_analytics: bool,
    /// This principal is the Analytics Cloud Security User (a clone of its profile): it
    /// evaluates row-level security predicates and reads no extracted data.
    #[serde(default)]
    pub security_user: bool,
}

/// The JSON Schema (draft 7) of `sflint.toml`, generated from [`ConfigFile`]; committed
/// as `sflint.schema.json` for editors (Even Better TOML, taplo).
pub fn json_schema() -> String {
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<ConfigFile>();
    schema.insert("title".into(), "sflint.toml".into());
    schema.insert(
        "description".into(),
        "Configuration of sflint, the Salesforce metadata linter".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
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
