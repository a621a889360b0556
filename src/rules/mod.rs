//! The rule engine: the `Rule` trait, the registry, and the sink rules report into.
//!
//! Adding a rule = one file in its family folder, one line in `registry!` below, and one
//! page `rules/<name>.md` (the build fails without it: pages are `include_str!`ed).

pub mod catalog;
pub mod dc;
pub mod iu;
pub mod pm;
pub mod sf;
pub mod ss;

use std::borrow::Cow;

use crate::access::Access;
use crate::diagnostic::{Diagnostic, FileId, Label, Severity};
use crate::matrix::AccessMatrix;
use crate::model::{Loc, Model, ProjectInfo};
use crate::parse::ParsedFile;
use crate::settings::Settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `SF`: parse and schema problems.
    Parse,
    /// `PM`: permission hygiene.
    Permissions,
    /// `IU`: integration users.
    Integration,
    /// `SS`: session security.
    Session,
    /// `DC`: data classification.
    Classification,
}

impl Family {
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Parse => "SF",
            Family::Permissions => "PM",
            Family::Integration => "IU",
            Family::Session => "SS",
            Family::Classification => "DC",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Family::Parse => "parse and schema",
            Family::Permissions => "permission hygiene",
            Family::Integration => "integration users",
            Family::Session => "session security",
            Family::Classification => "data classification",
        }
    }
}

/// Static facts about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    /// kebab-case; also the page file name `rules/<name>.md`.
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub enabled: bool,
    pub summary: &'static str,
    /// The rule's Markdown page.
    pub page: &'static str,
}

/// What a rule sees.
pub struct Context<'a> {
    pub model: &'a Model,
    pub files: &'a [ParsedFile],
    pub settings: &'a Settings,
    /// Integration principals and their effective access.
    pub access: &'a Access<'a>,
    /// `sflint.toml`, when one was read (for findings about the configuration).
    pub config_file: Option<FileId>,
    /// The policy files (`Settings::policy_sources`), in the same order.
    pub policy_files: &'a [FileId],
    /// The data access matrix, when one is configured.
    pub matrix: Option<&'a AccessMatrix>,
    /// The base the change is compared with (`--base`), when there is one.
    pub base: Option<&'a BaseView<'a>>,
    /// Report removed profile entries as revocations too (`--strict-profile-removals`).
    pub strict_profile_removals: bool,
}

/// The base revision or folder: its model and effective access.
pub struct BaseView<'a> {
    /// `origin/main`, or the folder as given.
    pub name: &'a str,
    pub model: &'a Model,
    pub access: &'a Access<'a>,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Checks that need one parsed file only. They run while the file's tree is in memory,
    /// before the model exists.
    fn check_file(&self, _settings: &Settings, _file: &ParsedFile, _sink: &mut Sink) {}

    /// [`Rule::check_file`] with the project's facts (its namespace), for file rules that
    /// skip a managed package's components. By default, `check_file`.
    fn check_project_file(
        &self,
        settings: &Settings,
        _project: &ProjectInfo,
        file: &ParsedFile,
        sink: &mut Sink,
    ) {
        self.check_file(settings, file, sink);
    }

    /// Cross-file checks over the whole model.
    fn check_model(&self, _cx: &Context<'_>, _sink: &mut Sink) {}
}

/// Collects one rule's findings, filling in code, name and severity from its metadata
/// (a built-in rule's [`RuleMeta`], or a policy's definition).
pub struct Sink {
    code: Cow<'static, str>,
    name: Cow<'static, str>,
    severity: Severity,
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn new(meta: &'static RuleMeta) -> Self {
        Sink::named(
            Cow::Borrowed(meta.code),
            Cow::Borrowed(meta.name),
            meta.severity,
        )
    }

    /// A sink for a rule known by code and name only (a policy).
    pub fn named(code: Cow<'static, str>, name: Cow<'static, str>, severity: Severity) -> Self {
        Sink {
            code,
            name,
            severity,
            diagnostics: Vec::new(),
        }
    }

    /// Report a finding at `at` (the place that must change); name its other parts on the
    /// result: `sink.report(at, message).help(..).identity(..).label(..)`.
    pub fn report(&mut self, at: Loc, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(
            self.code.clone(),
            self.name.clone(),
            self.severity,
            Label::new(at.file, at.span, ""),
            message,
        ));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Report a finding at `at` (the place that must change). `identity` names what the
    /// finding is about independent of line numbers (e.g. `Contact.SSN__c`).
    ///
    /// The positional form, kept for the rules written with it; new code uses
    /// [`Sink::report`], whose parts are named and cannot be swapped.
    pub fn emit(
        &mut self,
        at: Loc,
        message: impl Into<String>,
        help: impl Into<String>,
        identity: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report(at, message).help(help).identity(identity)
    }
}

/// Attach a related location to a diagnostic.
pub fn related(diag: &mut Diagnostic, at: Loc, message: impl Into<String>) {
    diag.related(Label::new(at.file, at.span, message));
}

macro_rules! registry {
    ($($rule:path),* $(,)?) => {
        /// Every built-in rule, in code order.
        pub static RULES: &[&dyn Rule] = &[$(&$rule),*];
    };
}

registry![
    sf::parse_error::ParseError,
    sf::unexpected_root_element::UnexpectedRootElement,
    sf::invalid_value::InvalidValue,
    sf::suppression_without_reason::SuppressionWithoutReason,
    sf::unused_suppression::UnusedSuppression,
    sf::policy_matches_nothing::PolicyMatchesNothing,
    sf::user_record_not_forceignored::UserRecordNotForceignored,
    sf::user_definition_invalid_key::UserDefinitionInvalidKey,
    pm::editable_without_readable::EditableWithoutReadable,
    pm::formula_field_editable::FormulaFieldEditable,
    pm::required_field_permission::RequiredFieldPermission,
    pm::unknown_field_permission::UnknownFieldPermission,
    pm::duplicate_permission_entry::DuplicatePermissionEntry,
    pm::unknown_reference::UnknownReference,
    pm::multiple_default_record_types::MultipleDefaultRecordTypes,
    pm::group_member_unknown::GroupMemberUnknown,
    iu::analytics_field_not_readable::AnalyticsFieldNotReadable,
    iu::analytics_field_not_granted::AnalyticsFieldNotGranted,
    iu::analytics_object_not_readable::AnalyticsObjectNotReadable,
    iu::integration_user_inactive::IntegrationUserInactive,
    iu::encrypted_text_without_view_encrypted_data::EncryptedTextWithoutViewEncryptedData,
    iu::integration_principal_unresolved::IntegrationPrincipalUnresolved,
    iu::integration_access_revoked::IntegrationAccessRevoked,
    ss::integration_high_assurance_login::IntegrationHighAssuranceLogin,
    ss::integration_app_requires_high_assurance::IntegrationAppRequiresHighAssurance,
    ss::session_activated_grant::SessionActivatedGrant,
    ss::integration_login_flow::IntegrationLoginFlow,
    ss::integration_profile_session_setting_ambiguous::IntegrationProfileSessionSettingAmbiguous,
    ss::integration_mfa_api_login::IntegrationMfaApiLogin,
    ss::client_credentials_user_not_api_only::ClientCredentialsUserNotApiOnly,
    dc::invalid_classification::InvalidClassification,
    dc::invalid_compliance_group::InvalidComplianceGroup,
    dc::sensitive_field_unclassified::SensitiveFieldUnclassified,
    dc::high_risk_field_granted_to_integration::HighRiskFieldGrantedToIntegration,
    dc::justification_missing::JustificationMissing,
    dc::high_risk_field_exposed_to_guest::HighRiskFieldExposedToGuest,
    dc::high_risk_without_compliance_group::HighRiskWithoutComplianceGroup,
    dc::access_matrix_mismatch::AccessMatrixMismatch,
    dc::label_used_as_access_control::LabelUsedAsAccessControl,
];

/// Rules that only run when a base is given (`--base`, `--staged`).
pub const NEEDS_BASE: &[&str] = &["IU007"];
