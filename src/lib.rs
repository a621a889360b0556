//! sflint: a linter for Salesforce metadata in source control.

pub mod diagnostic;
pub mod json;
pub mod report;
pub mod source;
pub mod wave;
