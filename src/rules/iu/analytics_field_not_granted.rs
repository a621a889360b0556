//! IU002: a custom field a dataflow or recipe reads is granted nowhere in the integration
//! principal's sets in source.

use crate::access::FieldAccess;
use crate::model::SetKind;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::is_custom;

use super::{analytics_principals, grant_home, grant_read_fix, read_names, view_all_note};

declare_rule! {
    pub struct AnalyticsFieldNotGranted {
        code: "IU002",
        name: "analytics-field-not-granted",
        severity: Warning,
        summary: "A custom field a dataflow or recipe reads has no read grant for the integration user in source",
    }
}

impl Rule for AnalyticsFieldNotGranted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        let reads = cx.reads_by_field();
        for p in analytics_principals(access) {
            for (object, field, sites) in reads {
                // Standard fields are readable by the integration user by default; required
                // fields carry no FLS at all.
                // `object.field` is the field that carries the FLS (a compound field for
                // its components, the Contact field for a person-account field).
                if !is_custom(field)
                    || cx
                        .model
                        .field(object, field)
                        .is_some_and(|f| f.is_required())
                {
                    continue;
                }
                if access.field_read(p, object, field) != FieldAccess::NotGranted {
                    continue;
                }
                let qualified = format!("{object}.{field}");
                let home = grant_home(access, p).map(|h| access.set(h));
                let where_to = match home {
                    Some(set) if set.kind == SetKind::PermissionSet => format!(
                        "add <fieldPermissions> for {qualified} with <readable>true</readable> to permission set `{}`, which the integration user is assigned",
                        set.name
                    ),
                    Some(profile) => format!(
                        "add <fieldPermissions> for {qualified} with <readable>true</readable> to profile `{}`, or to a permission set assigned to the integration user",
                        profile.name
                    ),
                    None => format!(
                        "grant read on {qualified} in a permission set assigned to {}",
                        p.name
                    ),
                };
                let note = view_all_note(access, p);
                let fix = grant_home(access, p)
                    .and_then(|h| grant_read_fix(access, h, object, Some(field)));
                // One finding per reading asset: each is a place the access is needed.
                let mut done = Vec::new();
                for site in sites {
                    if done.contains(&site.asset.file) {
                        continue;
                    }
                    done.push(site.asset.file);
                    let d = sink
                        .report(
                            site.field_loc(),
                            format!(
                                "{} extracts {}, but nothing in source grants {} read access to it",
                                site.describe(),
                                read_names(object, field, std::slice::from_ref(site)),
                                p.name
                            ),
                        )
                        .help(format!(
                            "{where_to}; without it the job fails at its next run.{note}"
                        ))
                        .identity(format!("{}/{qualified}", p.name));
                    d.label("not granted to the integration user");
                    if let Some(fix) = &fix {
                        d.fix(fix.clone());
                    }
                    if let Some(profile) = p.profile.map(|i| access.set(i)) {
                        d.related(
                            profile.root,
                            format!(
                                "{} `{}` has no read grant for it",
                                SetKind::Profile.label(),
                                profile.name
                            ),
                        );
                    }
                }
            }
        }
    }
}
