//! DC001: a `securityClassification` that is not one of the configured levels.

use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::did_you_mean;

declare_rule! {
    pub struct InvalidClassification {
        code: "DC001",
        name: "invalid-classification",
        severity: Error,
        summary: "A field's securityClassification is not one of the classification levels",
    }
}

impl Rule for InvalidClassification {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        for def in &cx.model.fields {
            let Some(sc) = &def.security_classification else {
                continue;
            };
            if c.rank(&sc.value).is_some() {
                continue;
            }
            let levels = c.levels.join(", ");
            let help = match did_you_mean(&sc.value, c.levels.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? Levels are case-sensitive: {levels}"),
                None => format!(
                    "use one of the levels: {levels} (or change `[classification] levels` if your org uses others)"
                ),
            };
            sink.report(
                sc.at,
                format!(
                    "{} is classified `{}`, which is not a classification level",
                    def.qualified(),
                    sc.value
                ),
            )
            .help(help)
            .identity(def.qualified())
            .label("unknown level");
        }
    }
}
