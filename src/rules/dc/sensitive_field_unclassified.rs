//! DC003: a field whose name or label looks sensitive has no classification, or one below
//! the high-risk levels.

use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::SensitiveNames;

declare_rule! {
    pub struct SensitiveFieldUnclassified {
        code: "DC003",
        name: "sensitive-field-unclassified",
        severity: Warning,
        summary: "A field that looks sensitive by name is unclassified or classified below high risk",
    }
}

impl Rule for SensitiveFieldUnclassified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        let Some(floor) = c.high_risk_floor() else {
            return;
        };
        let lowest = &c.levels[floor];
        let sensitive = SensitiveNames::new(c);
        for def in cx
            .model
            .fields
            .iter()
            .filter(|d| cx.reported.file(d.name_at.file))
        {
            let Some(pattern) = sensitive.find(def) else {
                continue;
            };
            let qualified = def.qualified();
            match &def.security_classification {
                None => {
                    sink.report(def.name_at, format!("{qualified} looks sensitive (its name or label matches `{pattern}`) but has no data classification"))
.help(format!(
                            "add <securityClassification>{lowest}</securityClassification> (or higher) and a <complianceGroup>; if it is not sensitive, take `{pattern}` out of `[classification] sensitive-names`"
                        ))
.identity(qualified)
                    .label("unclassified");
                }
                Some(sc) => {
                    let Some(rank) = c.rank(&sc.value) else {
                        continue;
                    }; // DC001 reports it
                    if rank >= floor {
                        continue;
                    }
                    sink.report(sc.at, format!(
                            "{qualified} looks sensitive (its name or label matches `{pattern}`) but is classified `{}`, below the high-risk level `{lowest}`",
                            sc.value
                        ))
.help(format!("classify it `{lowest}` or higher, or record why it is not sensitive"))
.identity(qualified)
                    .label("below high risk");
                }
            }
        }
    }
}
