//! DC004: an integration principal can read a high-risk field and the access matrix records
//! no justified grant for it.

use crate::diagnostic::Severity;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::{UnjustifiedRead, revoke_read, unjustified_reads};

declare_rule! {
    pub struct HighRiskFieldGrantedToIntegration {
        code: "DC004",
        name: "high-risk-field-granted-to-integration",
        severity: Warning,
        summary: "An integration user can read a high-risk field without a justified grant in the access matrix",
    }
}

impl Rule for HighRiskFieldGrantedToIntegration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for UnjustifiedRead {
            def,
            level: sc,
            principal: p,
            grant,
            row,
        } in unjustified_reads(cx, |c, l| c.is_high_risk(l))
        {
            let qualified = def.qualified();
            let revoke = revoke_read(cx, p, &grant);
            let (message, help) = match (cx.matrix, row) {
                (None, _) => (
                    format!(
                        "{} can read {qualified}, classified `{}` (high risk)",
                        p.name, sc.value
                    ),
                    format!(
                        "{revoke}; if the integration needs the field, record the business justification in an access matrix (`[classification] access-matrix`) instead"
                    ),
                ),
                (Some(_), _) => (
                    format!(
                        "{} can read {qualified}, classified `{}` (high risk), and the access matrix has no justified grant for it",
                        p.name, sc.value
                    ),
                    format!(
                        "{revoke}; if the integration needs the field, add a matrix row for {qualified} and {} with access `read` and a justification",
                        p.name
                    ),
                ),
            };
            let d = sink
                .report(grant.at, message)
                .help(help)
                .identity(format!("{}/{qualified}", p.name));
            if cx.matrix.is_some() {
                d.severity = Severity::Error;
            }
            d.label("read granted");
            d.related(sc.at, format!("classified {}", sc.value));
            if let Some(r) = row {
                d.related(r.at, "matrix row without a justification");
            }
        }
    }
}
