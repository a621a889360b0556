//! SF001: malformed XML or JSON, or a file that cannot be read.
//!
//! The parse stage produces these findings (see `lint`); the rule exists so they can be
//! selected, ignored and documented like any other.

use crate::rules::{Rule, RuleMeta, declare_rule};

declare_rule! {
    pub struct ParseError {
        code: "SF001",
        name: "parse-error",
        severity: Error,
        summary: "The file is not well-formed XML/JSON or cannot be read",
    }
}

impl Rule for ParseError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
