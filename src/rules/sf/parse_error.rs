//! SF001: malformed XML or JSON, or a file that cannot be read.
//!
//! The load stage of the pipeline reports these findings through [`finding`], before any
//! rule runs; the rule exists so they can be selected, ignored and documented like any
//! other.

use crate::diagnostic::{Diagnostic, Loc};
use crate::rules::{Rule, RuleMeta, Sink, declare_rule};

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

/// An SF001 finding at `at`: a file that does not parse, or a path that can't be read.
pub fn finding(at: Loc, message: String, help: String, identity: &str) -> Diagnostic {
    let mut sink = Sink::new(&META);
    sink.report(at, message).help(help).identity(identity);
    sink.diagnostics.pop().expect("just reported")
}
