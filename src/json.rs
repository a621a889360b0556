//! TEMPORARY stub, replaced by the json-wave branch.
use crate::source::Span;
#[derive(Debug)]
pub struct JsonError {
    pub message: String,
    pub span: Span,
}
