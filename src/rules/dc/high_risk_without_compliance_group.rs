//! DC007: a high-risk field with no compliance group.

use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::level;

declare_rule! {
    pub struct HighRiskWithoutComplianceGroup {
        code: "DC007",
        name: "high-risk-without-compliance-group",
        severity: Warning,
        summary: "A high-risk field has no compliance group",
    }
}

impl Rule for HighRiskWithoutComplianceGroup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        for def in &cx.model.fields {
            let Some(sc) = level(def, c).filter(|t| c.is_high_risk(&t.value)) else {
                continue;
            };
            if def.compliance_tokens().next().is_some() {
                continue;
            }
            sink.report(sc.at, format!("{} is classified `{}` but names no compliance group", def.qualified(), sc.value))
.help(format!(
                    "add <complianceGroup> with the regulations that apply, `;`-separated (e.g. PII;GDPR); groups: {}",
                    c.compliance_groups.join(", ")
                ))
.identity(def.qualified())
            .label("no compliance group");
        }
    }
}
