//! Policies: rules written in TOML (`[[policy]]` in `sflint.toml`, policy files, and
//! sflint's own packs in `rules/packs/`).
//!
//! A policy `forbid`s or `require`s one subject (a user permission, an object permission,
//! field access, a session level, an element) for the principals its `where` table
//! selects. The engine runs enabled policies next to the built-in rules; their findings
//! carry the policy's code, name, severity, message and help.
//!
//! - `forbid`: one finding per matching grant, at the granting value.
//! - `require`: one finding per principal (and subject item) that lacks it, at the
//!   principal's root element.

pub mod build;
pub mod compile;
pub mod doc;
pub mod element;
pub mod field_access;
pub mod glob;
pub mod object_permission;
pub mod packs;
pub mod scope;
pub mod session_level;
pub mod template;
pub mod user_permission;
pub mod vocabulary;

use std::borrow::Cow;
use std::fmt::Debug;

use crate::diagnostic::{FileId, Severity};
use crate::model::Loc;
use crate::parse::ParsedFile;
use crate::rules::{Context, PolicyView, Sink};
use crate::source::Span;

pub use compile::LoadError;
pub use packs::{PACKS, Pack};
use scope::{Scope, Target};
use template::{Template, Var};

/// The parsed file with this id, in the run's files.
pub fn parsed_file<'c>(cx: &'c Context<'_>, id: FileId) -> Option<&'c ParsedFile> {
    let first = cx.files.first()?.id.0;
    id.0.checked_sub(first)
        .and_then(|i| cx.files.get(i as usize))
        .filter(|f| f.id == id)
        .or_else(|| cx.files.iter().find(|f| f.id == id))
}

/// Where a policy is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `[[policy]]` in sflint.toml.
    Config,
    /// A file of `policy-files` (index into `Settings::policy_sources`).
    File(usize),
    /// One of sflint's packs (index into [`PACKS`]).
    Pack(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Forbid,
    Require,
}

impl Mode {
    pub fn key(self) -> &'static str {
        match self {
            Mode::Forbid => "forbid",
            Mode::Require => "require",
        }
    }
}

/// A validated policy.
#[derive(Debug)]
pub struct Policy {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    /// One sentence: `summary`, or a description generated from the definition.
    pub summary: String,
    pub message: Template,
    pub help: Template,
    pub mode: Mode,
    pub subject: Box<dyn Condition>,
    pub scope: Scope,
    pub origin: Origin,
    /// Where `code = "…"` is written.
    pub code_span: Span,
    /// The `[[policy]]` table as written, with its sub-tables.
    pub definition: String,
}

/// What one subject kind (`user-permission`, `field-access`, …) knows how to do.
pub trait Condition: Debug + Send + Sync {
    /// The subject key, as written (`user-permission`).
    fn key(&self) -> &'static str;

    /// Grants of the subject that the targets hold (for `forbid`), each with the index
    /// of its target.
    fn granted(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>);

    /// Subject items the targets lack (for `require`), each at its target's root element.
    fn missing(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>);

    /// `Err(why)` when nothing in the project is a subject item (no field or object
    /// matches the selectors), so the policy can never report anything.
    fn has_candidates(&self, _cx: &Context<'_>) -> Result<(), String> {
        Ok(())
    }

    /// Placeholders with a value besides `{principal}`, `{kind}` and `{file}`.
    fn vars(&self) -> &'static [Var];

    /// What the condition checks, for the generated summary (`user permission ModifyAllData`).
    fn describe(&self) -> String;

    fn default_message(&self, mode: Mode) -> &'static str;

    fn default_help(&self, mode: Mode) -> &'static str;
}

/// One finding of a condition, before the policy's templates are applied.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub at: Option<Loc>,
    /// Shown under the primary span.
    pub label: String,
    /// What the finding is about besides the principal (`Contact.SSN__c/edit`).
    pub identity: String,
    pub object: Option<String>,
    pub field: Option<String>,
    pub permission: Option<String>,
    pub level: Option<String>,
    pub element: Option<String>,
}

impl Policy {
    /// Run the policy and report its findings into `sink`.
    pub fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let targets = self.scope.targets(cx);
        let mut hits = Vec::new();
        match self.mode {
            Mode::Forbid => self.subject.granted(cx, &targets, &mut hits),
            Mode::Require => self.subject.missing(cx, &targets, &mut hits),
        }
        for (t, hit) in hits {
            let Some(at) = hit.at else { continue };
            let target = targets[t];
            let file = parsed_file(cx, at.file).map(|f| f.source.display.clone());
            let principal = target.name(cx).to_string();
            let kind = target.kind(cx).label();
            let value = |v: Var| -> Option<String> {
                match v {
                    Var::Principal => Some(principal.clone()),
                    Var::Kind => Some(kind.to_string()),
                    Var::File => file.clone(),
                    Var::Object => hit.object.clone(),
                    Var::Field => hit.field.clone(),
                    Var::Permission => hit.permission.clone(),
                    Var::Level => hit.level.clone(),
                    Var::Element => hit.element.clone(),
                }
            };
            let message = self.message.render(value);
            let help = self.help.render(value);
            let identity = format!("{}/{}", principal, hit.identity);
            sink.report(at, message)
                .help(help)
                .identity(identity)
                .label(hit.label);
        }
    }

    /// `Err(why)` when the policy looks at nothing in the project: no principal passes
    /// its `where`, or no field or object matches its selectors.
    fn looks_at_anything(&self, cx: &Context<'_>) -> Result<(), String> {
        if self.scope.targets(cx).is_empty() {
            let kinds: Vec<&str> = self.scope.kinds.iter().map(|k| k.label()).collect();
            return Err(format!(
                "no {} in the project passes its `where`",
                kinds.join(" or ")
            ));
        }
        self.subject.has_candidates(cx)
    }

    /// A sink that stamps findings with this policy's code, name and severity.
    pub fn sink(&self) -> Sink {
        Sink::named(
            Cow::Owned(self.code.clone()),
            Cow::Owned(self.name.clone()),
            self.severity,
        )
    }

    /// Is this one of sflint's packs (off by default, not part of `ALL`)?
    pub fn is_pack(&self) -> bool {
        matches!(self.origin, Origin::Pack(_))
    }
}

impl PolicyView for Policy {
    fn code(&self) -> &str {
        &self.code
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn code_span(&self) -> Span {
        self.code_span
    }

    fn file(&self, cx: &Context<'_>) -> Option<FileId> {
        match self.origin {
            Origin::Config => cx.config_file,
            Origin::File(i) => cx.policy_files.get(i).copied(),
            Origin::Pack(_) => None,
        }
    }

    fn matches_anything(&self, cx: &Context<'_>) -> Result<(), String> {
        self.looks_at_anything(cx)
    }
}
