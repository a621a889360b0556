//! CRM Analytics dataflows and recipes, and which fields they read.

use crate::diagnostic::FileId;
use crate::wave::{AnalyticsRead, DatasetOutput};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalyticsKind {
    Dataflow,
    Recipe,
}

impl AnalyticsKind {
    pub fn label(self) -> &'static str {
        match self {
            AnalyticsKind::Dataflow => "dataflow",
            AnalyticsKind::Recipe => "recipe",
        }
    }
}

#[derive(Debug, Clone)]
pub struct AnalyticsAsset {
    pub kind: AnalyticsKind,
    pub name: String,
    pub file: FileId,
    pub reads: Vec<AnalyticsRead>,
    /// The datasets it writes, with their row-level security and the fields that reach
    /// them.
    pub outputs: Vec<DatasetOutput>,
}
