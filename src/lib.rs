//! sflint: a linter for Salesforce metadata in source control.

pub mod diagnostic;
pub mod discover;
pub mod error;
pub mod json;
pub mod model;
pub mod parse;
pub mod wave;
pub mod kind;
pub mod names;
pub mod report;
pub mod source;
pub mod xml;
