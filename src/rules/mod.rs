//! The rule engine: the `Rule` trait, what a rule sees ([`Context`]), the sink it reports
//! into, and the two macros that declare rules ([`declare_rule!`]) and families
//! ([`family!`]). CONTRIBUTING.md walks through adding a rule.

pub mod analytics_reads;
pub mod dc;
pub mod iu;
pub mod pm;
pub mod sf;
pub mod ss;

use std::borrow::Cow;

use crate::access::Access;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, FileId, Label, Severity};
use crate::matrix::AccessMatrix;
use crate::model::{Loc, Model, ProjectInfo};
use crate::parse::ParsedFile;
use crate::source::Span;

/// Declare a rule: its unit struct, its metadata (`pub static META`) and its registry
/// entry (`RULE`), from the name stated once. The family comes from the
/// family's [`family!`]; the page is `rules/<name>.md` (the build fails without it).
///
/// ```ignore
/// declare_rule! {
///     /// PM011: what the rule reports.
///     pub struct GroupMemberUnknown {
///         code: "PM011",
///         name: "group-member-unknown",
///         severity: Error,
///         summary: "A permission set group lists a permission set that the project does not define",
///     }
/// }
/// ```
///
/// `enabled: false,` after `severity` makes a rule off by default.
macro_rules! declare_rule {
    (
        $(#[$attr:meta])*
        $vis:vis struct $rule:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            $(enabled: $enabled:literal,)?
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[$attr])*
        $vis struct $rule;

        /// This rule's metadata.
        pub static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            code: $code,
            name: $name,
            family: super::FAMILY,
            severity: $crate::diagnostic::Severity::$severity,
            enabled: $crate::rules::declare_rule!(@enabled $($enabled)?),
            summary: $summary,
            page: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $name, ".md")),
        };

        /// This rule, for its family's list.
        pub const RULE: &dyn $crate::rules::Rule = &$rule;
    };
    (@enabled) => { true };
    (@enabled $enabled:literal) => { $enabled };
}
pub(crate) use declare_rule;

/// Declare a family in its `mod.rs`: `FAMILY`, and `RULES`, its rules in code order (each
/// module's `RULE`, see [`declare_rule!`]).
///
/// ```ignore
/// pub mod duplicate_permission_entry;
/// pub mod editable_without_readable;
///
/// family!(Permissions: editable_without_readable, duplicate_permission_entry);
/// ```
macro_rules! family {
    ($family:ident: $($module:ident),+ $(,)?) => {
        /// The family of this folder's rules.
        pub const FAMILY: $crate::rules::Family = $crate::rules::Family::$family;

        /// This family's rules, in code order.
        pub static RULES: &[&dyn $crate::rules::Rule] = &[$($module::RULE),+];
    };
}
pub(crate) use family;

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
    /// The files whose findings the run reports; a rule may skip work whose findings can
    /// land only in other files.
    pub reported: Reported<'a>,
    pub settings: &'a Settings,
    /// Integration principals and their effective access.
    pub access: &'a Access<'a>,
    /// `sflint.toml`, when one was read (for findings about the configuration).
    pub config_file: Option<FileId>,
    /// The policy files (`Settings::policy_sources`), in the same order.
    pub policy_files: &'a [FileId],
    /// The enabled policies (SF006 asks whether each looks at anything).
    pub policies: &'a [&'a dyn PolicyView],
    /// The data access matrix, when one is configured.
    pub matrix: Option<&'a AccessMatrix>,
    /// The base the change is compared with (`--base`), when there is one.
    pub base: Option<&'a BaseView<'a>>,
    /// Report removed profile entries as revocations too (`--strict-profile-removals`).
    pub strict_profile_removals: bool,
    /// The analytics reads grouped by field and by object, made once for the rules that
    /// ask (`Context::reads_by_field`).
    pub reads: analytics_reads::SharedReads<'a>,
}

impl<'a> Context<'a> {
    /// [`analytics_reads::reads_by_field`] of the model, grouped once per run.
    pub fn reads_by_field(&self) -> &[analytics_reads::Grouped<'a>] {
        self.reads
            .by_field
            .get_or_init(|| analytics_reads::reads_by_field(self.model))
    }

    /// [`analytics_reads::reads_by_object`] of the model, grouped once per run.
    pub fn reads_by_object(&self) -> &[analytics_reads::Grouped<'a>] {
        self.reads
            .by_object
            .get_or_init(|| analytics_reads::reads_by_object(self.model))
    }
}

/// The files whose findings a run reports: the paths named on the command line. The rest
/// of the project is context, and findings in it are dropped after the rules ran. A rule
/// may skip the work whose findings can land only outside these files (a hygiene check of
/// a profile nobody named), never work that decides a finding inside them.
#[derive(Clone, Copy, Default)]
pub struct Reported<'a>(Option<&'a [bool]>);

impl<'a> Reported<'a> {
    /// Every file's findings are reported.
    pub const ALL: Reported<'static> = Reported(None);

    /// The files whose `reported[file id]` is true; a file id past the end is reported.
    pub fn only(reported: &'a [bool]) -> Reported<'a> {
        Reported(Some(reported))
    }

    /// Are this file's findings reported?
    pub fn file(&self, file: FileId) -> bool {
        self.0
            .is_none_or(|r| r.get(file.0 as usize).copied().unwrap_or(true))
    }

    /// Are the findings of any of these files reported?
    pub fn any(&self, files: &[FileId]) -> bool {
        self.0.is_none() || files.iter().any(|&f| self.file(f))
    }
}

/// A policy as rules see it. Policies are compiled above this layer (`policy`); rules
/// that report about them (SF006) see them through this trait.
pub trait PolicyView: Sync {
    fn code(&self) -> &str;
    fn name(&self) -> &str;
    /// Where `code = "…"` is written, in the file [`PolicyView::file`] names.
    fn code_span(&self) -> Span;
    /// The file the policy is written in, in the run's file table (`None` for sflint's
    /// packs).
    fn file(&self, cx: &Context<'_>) -> Option<FileId>;
    /// `Err(why)` when the policy looks at nothing in the project.
    fn matches_anything(&self, cx: &Context<'_>) -> Result<(), String>;
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

    /// The code of the rule this sink collects for.
    pub fn code(&self) -> &str {
        &self.code
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
}

/// Rules that only run when a base is given (`--base`, `--staged`).
pub const NEEDS_BASE: &[&str] = &["IU007"];
