//! `[classification]`: the levels, which of them are high-risk or need a justification,
//! the compliance groups and the sensitive names, validated.

use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::error::AppError;
use crate::salesforce::names::did_you_mean;
use crate::source::Span;

use super::schema::ClassificationConfig;
use super::{CONFINED_HELP, ErrFn, span_of};

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

pub(super) fn resolve(
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
