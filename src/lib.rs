//! sflint: a linter for Salesforce metadata in source control.

pub mod access;
pub mod baseline;
pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod error;
pub mod error_render;
pub mod git;
pub mod init;
pub mod json;
pub mod kind;
pub mod lint;
pub mod matrix;
pub mod matrix_report;
pub mod model;
pub mod names;
pub mod output;
pub mod parse;
pub mod policy;
pub mod report;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppress;
pub mod wave;
pub mod xml;
