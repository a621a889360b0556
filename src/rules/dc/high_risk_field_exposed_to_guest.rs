//! DC006: a guest, site or community profile can read a high-risk field: it has read on
//! the field and on the field's object. Field-level security without object read exposes
//! nothing, so that case is not reported. Read on the field comes from its `readable`, the
//! object's `viewAllFields`, or the `ViewAllFieldsGlobal` user permission (every field).

use crate::access::VIEW_ALL_FIELDS_GLOBAL;
use crate::model::Flag;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::level;
use crate::access::guest_profiles;

declare_rule! {
    pub struct HighRiskFieldExposedToGuest {
        code: "DC006",
        name: "high-risk-field-exposed-to-guest",
        severity: Error,
        summary: "A guest or public profile can read a high-risk field",
    }
}

/// What makes the field readable in the guest profile.
#[derive(Clone, Copy)]
enum Grant {
    Field,
    ObjectViewAll,
    Global,
}

impl Rule for HighRiskFieldExposedToGuest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        // Findings are at the grant, in the guest profile: only the reported ones count.
        let mut guests = guest_profiles(cx.model, c);
        guests.retain(|&g| cx.reported.any(&cx.model.sets[g].head().files));
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
                // Field-level security alone exposes nothing: the profile must also read
                // the object's records.
                let Some(object) = cx.model.set_object(g, &def.object) else {
                    continue;
                };
                let Some(object_read) = [
                    object.allow_read,
                    object.view_all_records,
                    object.modify_all_records,
                ]
                .into_iter()
                .flatten()
                .find(|f| f.value) else {
                    continue;
                };
                let by_field = cx
                    .model
                    .set_field(g, &def.object, &def.name)
                    .and_then(|f| f.readable)
                    .filter(|r| r.value);
                let view_all = object.view_all_fields.filter(|f| f.value);
                let global = profile
                    .user_permission(VIEW_ALL_FIELDS_GLOBAL)
                    .map(|up| up.enabled.map_or(up.elem, |f: Flag| f.at));
                let (grant, how) = match (by_field, view_all, global) {
                    (Some(r), _, _) => (r.at, Grant::Field),
                    (None, Some(v), _) => (v.at, Grant::ObjectViewAll),
                    (None, None, Some(at)) => (at, Grant::Global),
                    (None, None, None) => continue,
                };
                let guest = profile
                    .license
                    .as_ref()
                    .is_some_and(|l| l.value.eq_ignore_ascii_case("Guest User License"));
                let who = if guest {
                    "site visitors who don't log in can read it on the records that guest user sharing rules share"
                } else {
                    "its users can read it on every record they can see"
                };
                let d = sink.report(grant, format!(
                        "{} profile `{}` can read {} records and {qualified}, classified `{}`: {who}",
                        if guest { "guest" } else { "public" },
                        profile.name,
                        def.object,
                        sc.value
                    ))
.help(match how {
                        Grant::Global => format!(
                            "remove the ViewAllFieldsGlobal user permission (\"View All Fields (Global)\") from the guest profile: it makes every field readable, {qualified} included, whatever the field permissions say"
                        ),
                        _ => format!(
                            "set <readable>false</readable> for {qualified} in the guest profile (and <viewAllFields>false</viewAllFields> on {}); serve the data through a controlled API if the site needs part of it",
                            def.object
                        ),
                    })
.identity(format!("{}/{qualified}", profile.name));
                d.label(match how {
                    Grant::Global => "View All Fields (Global): every field readable by guests",
                    _ => "readable by guests",
                });
                d.related(object_read.at, format!("reads {} records", def.object));
                d.related(sc.at, format!("classified {}", sc.value));
            }
        }
    }
}
