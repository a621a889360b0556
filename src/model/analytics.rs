//! CRM Analytics dataflows and recipes, and which fields they read.

use crate::analytics::{AnalyticsRead, DatasetOutput};
use crate::diagnostic::FileId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AnalyticsAsset {
    pub kind: AnalyticsKind,
    pub name: String,
    pub file: FileId,
    pub reads: Vec<AnalyticsRead>,
    /// The datasets it writes, with their row-level security and the fields that reach
    /// them.
    pub outputs: Vec<DatasetOutput>,
}

/// Every dataset output of the assets, once: a RecipeV3 companion dataflow (`X.wdf` next to
/// recipe `X.wdpr`) can carry the recipe's own nodes, and its outputs are then the
/// recipe's, so they are left out.
pub fn dataset_outputs(
    assets: &[AnalyticsAsset],
) -> impl Iterator<Item = (&AnalyticsAsset, &DatasetOutput)> {
    assets.iter().flat_map(move |a| {
        a.outputs
            .iter()
            .filter(move |o| !(a.kind == AnalyticsKind::Dataflow && in_recipe(assets, a, o)))
            .map(move |o| (a, o))
    })
}

fn in_recipe(assets: &[AnalyticsAsset], flow: &AnalyticsAsset, out: &DatasetOutput) -> bool {
    assets.iter().any(|r| {
        r.kind == AnalyticsKind::Recipe
            && r.name.eq_ignore_ascii_case(&flow.name)
            && r.outputs.iter().any(|o| {
                o.node.value == out.node.value
                    && o.dataset.as_ref().map(|d| &d.value)
                        == out.dataset.as_ref().map(|d| &d.value)
            })
    })
}
