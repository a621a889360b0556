//! sflint: a linter for Salesforce metadata in source control.

pub mod diagnostic;
pub mod discover;
pub mod error;
pub mod json;
pub mod kind;
pub mod model;
pub mod names;
pub mod output;
pub mod parse;
pub mod report;
pub mod source;
pub mod wave;
pub mod xml;
