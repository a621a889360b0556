//! SF001: malformed XML or JSON, or a file that cannot be read.
//!
//! The parse stage produces these findings (see `lint`); the rule exists so they can be
//! selected, ignored and documented like any other.

use crate::diagnostic::Severity;
use crate::rules::{Family, Rule, RuleMeta};

pub struct ParseError;

pub static META: RuleMeta = RuleMeta {
    code: "SF001",
    name: "parse-error",
    family: Family::Parse,
    severity: Severity::Error,
    enabled: true,
    summary: "The file is not well-formed XML/JSON or cannot be read",
    page: include_str!("../../../rules/parse-error.md"),
};

impl Rule for ParseError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
