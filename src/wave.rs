//! TEMPORARY stub, replaced by the json-wave branch.
use crate::json::JsonError;
use crate::source::Spanned;
#[derive(Debug, Clone)]
pub struct AnalyticsRead {
    pub object: Spanned<String>,
    pub field: Spanned<String>,
    pub node: String,
}
#[derive(Debug, Clone, Default)]
pub struct WaveContent {
    pub reads: Vec<AnalyticsRead>,
    pub is_empty: bool,
}
pub fn parse_dataflow(_text: &str) -> Result<WaveContent, JsonError> {
    Ok(WaveContent::default())
}
pub fn parse_recipe(_text: &str) -> Result<WaveContent, JsonError> {
    Ok(WaveContent::default())
}
