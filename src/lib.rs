//! sflint: a linter for Salesforce metadata in source control.

pub mod diagnostic;
pub mod output;
pub mod report;
pub mod source;
