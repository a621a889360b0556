//! DC006: a guest, site or community profile can read a high-risk field.

use crate::diagnostic::Severity;
use crate::rules::{Context, Family, Rule, RuleMeta, Sink, related};

use super::{guest_profiles, level};

pub struct HighRiskFieldExposedToGuest;

static META: RuleMeta = RuleMeta {
    code: "DC006",
    name: "high-risk-field-exposed-to-guest",
    family: Family::Classification,
    severity: Severity::Error,
    enabled: true,
    summary: "A guest or public profile can read a high-risk field",
    page: include_str!("../../../rules/high-risk-field-exposed-to-guest.md"),
};

impl Rule for HighRiskFieldExposedToGuest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        let guests = guest_profiles(cx.model, c);
        if guests.is_empty() {
            return;
        }
        for def in &cx.model.fields {
            let Some(sc) = level(def, c).filter(|t| c.is_high_risk(&t.value)) else {
                continue;
            };
            let qualified = def.qualified();
            for &g in &guests {
                let profile = &cx.model.sets[g];
                let by_field = cx
                    .model
                    .set_field(g, &def.object, &def.name)
                    .and_then(|f| f.readable)
                    .filter(|r| r.value);
                let by_object = || {
                    cx.model
                        .set_object(g, &def.object)
                        .and_then(|o| o.view_all_fields.filter(|f| f.value))
                };
                let Some(grant) = by_field.or_else(by_object) else {
                    continue;
                };
                let d = sink.emit(
                    grant.at,
                    format!(
                        "guest profile `{}` can read {qualified}, classified `{}`: anyone on the public site can see it",
                        profile.name, sc.value
                    ),
                    "set <readable>false</readable> (and viewAllFields false) for this field in the guest profile; serve the data through a controlled API if the site needs part of it",
                    format!("{}/{qualified}", profile.name),
                );
                d.label("readable by guests");
                related(d, sc.at, format!("classified {}", sc.value));
            }
        }
    }
}
