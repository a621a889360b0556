//! DC010: a high-risk field reaches a CRM Analytics dataset whose register or save node
//! sets no row-level security (no security predicate, no sharing source).

use crate::model::compound::permissioned;
use crate::model::{AnalyticsKind, Loc, dataset_outputs};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::{is_high_risk, level};

declare_rule! {
    pub struct HighRiskFieldInDatasetWithoutRls {
        code: "DC010",
        name: "high-risk-field-in-dataset-without-rls",
        severity: Warning,
        summary: "A high-risk field goes into a CRM Analytics dataset that has no row-level security",
    }
}

impl Rule for HighRiskFieldInDatasetWithoutRls {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        for (asset, out) in dataset_outputs(&cx.model.analytics) {
            if out.unsecured() {
                let mut seen: Vec<String> = Vec::new();
                for carried in &out.columns {
                    let Some(read) = asset.reads.get(carried.read) else {
                        continue;
                    };
                    if read.field.value.contains('.') {
                        continue;
                    }
                    let (object, field) = permissioned(&read.object.value, &read.field.value);
                    let Some(def) = cx.model.field(&object, &field) else {
                        continue;
                    };
                    let Some(sc) = level(def, c).filter(|_| is_high_risk(def, c)) else {
                        continue;
                    };
                    let qualified = def.qualified();
                    let key = qualified.to_ascii_lowercase();
                    if seen.contains(&key) {
                        continue;
                    }
                    seen.push(key);
                    let read_as = format!("{}.{}", read.object.value, read.field.value);
                    // A compound component or a person-account field is classified on
                    // another field; a namespace prefix alone is not worth a note.
                    let same = object.eq_ignore_ascii_case(&read.object.value)
                        && field.eq_ignore_ascii_case(&read.field.value);
                    let shown = if same {
                        read_as
                    } else {
                        format!("{read_as} (classified on {qualified})")
                    };
                    let column = if carried.column == read.field.value {
                        String::new()
                    } else {
                        format!(" as column `{}`", carried.column)
                    };
                    let (predicate, sharing) = match asset.kind {
                        AnalyticsKind::Dataflow => (
                            "`parameters.rowLevelSecurityFilter`",
                            "`parameters.rowLevelSharingSource`",
                        ),
                        AnalyticsKind::Recipe => (
                            "`parameters.dataset.rowLevelSecurityFilter`",
                            "`parameters.dataset.rowLevelSharingSource`",
                        ),
                    };
                    let dataset = out.describe();
                    let d = sink.report(Loc::new(asset.file, out.node.span), format!(
                            "{dataset} (node `{}` of {} \"{}\") has no row-level security, and {shown}, classified `{}` (high risk), goes into it{column}",
                            out.node.value,
                            asset.kind.label(),
                            asset.name,
                            sc.value
                        ))
.help(format!(
                            "set a security predicate ({predicate}) or a sharing source ({sharing}, with a backup predicate) on node `{}`, or drop the field before it reaches the dataset: without row-level security anyone who can open {dataset} sees every row, whatever the field-level security of the integration user",
                            out.node.value
                        ))
.identity(format!(
                            "{}/{qualified}",
                            out.dataset.as_ref().map_or(&out.node.value, |d| &d.value)
                        ));
                    d.label("no security predicate and no sharing source");
                    d.related(
                        Loc::new(asset.file, read.field.span),
                        format!(
                            "{} \"{}\" extracts the field here",
                            asset.kind.label(),
                            asset.name
                        ),
                    );
                    d.related(sc.at, format!("classified {}", sc.value));
                }
            }
        }
    }
}
