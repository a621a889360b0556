//! IU008: a dataset's row-level security predicate uses a custom User field that the
//! Analytics Cloud Security User can't read, so queries on the dataset fail.

use crate::access::{Access, FieldAccess, Principal};
use crate::analytics::DatasetOutput;
use crate::model::{AnalyticsAsset, Loc, dataset_outputs};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::is_custom;
use crate::source::Spanned;

use super::managed_note;

declare_rule! {
    pub struct SecurityUserPredicateFieldNotReadable {
        code: "IU008",
        name: "security-user-predicate-field-not-readable",
        severity: Error,
        summary: "A row-level security predicate uses a custom User field the Analytics Cloud Security User can't read",
    }
}

/// Why the principal can't read the field: the location to relate and its label.
fn why_not(access: &Access<'_>, p: &Principal, field: &str) -> Option<Vec<(Loc, String)>> {
    let model = access.model;
    match access.field_read(p, "User", field) {
        FieldAccess::Granted(_) => None,
        FieldAccess::Denied(denials) => Some(
            denials
                .iter()
                .map(|g| {
                    let set = access.set(g.set);
                    (
                        g.at,
                        format!(
                            "read denied in {} `{}`{}",
                            set.kind.label(),
                            set.name,
                            managed_note(access, g.set)
                        ),
                    )
                })
                .collect(),
        ),
        FieldAccess::Muted {
            grant,
            muting_set,
            muted_at,
        } => Some(vec![(
            muted_at,
            format!(
                "muting permission set `{}` removes the read that `{}` grants",
                access.set(muting_set).name,
                access.set(grant.set).name
            ),
        )]),
        // Nothing grants or denies it: report only a field the project defines (a
        // retrieve that holds the field holds its field-level security too).
        FieldAccess::NotGranted => {
            model.field("User", field)?;
            let profile = access.set(p.profile?);
            Some(vec![(
                profile.root,
                format!("profile `{}` has no read grant for it", profile.name),
            )])
        }
    }
}

impl Rule for SecurityUserPredicateFieldNotReadable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        // Once a user record or the configuration names the profile the Security User
        // has, a CRM Analytics profile that nothing names (the unused standard one, in a
        // retrieve) is not it. Without the principal's profile in the project its User
        // field access is unknown.
        let named = |p: &Principal| p.configured || !p.users.is_empty();
        let any_named = access
            .principals
            .iter()
            .any(|p| p.security_user && named(p));
        let principals: Vec<&Principal> = access
            .principals
            .iter()
            .filter(|p| p.security_user && p.profile.is_some() && (!any_named || named(p)))
            .collect();
        if principals.is_empty() {
            return;
        }
        for (asset, out) in dataset_outputs(&cx.model.analytics) {
            {
                let mut seen: Vec<String> = Vec::new();
                for field in &out.user_fields {
                    let key = field.value.to_ascii_lowercase();
                    // Standard User fields are readable by the Security User by default;
                    // required fields carry no field-level security.
                    if !is_custom(&field.value)
                        || seen.contains(&key)
                        || cx
                            .model
                            .field("User", &field.value)
                            .is_some_and(|f| f.is_required())
                    {
                        continue;
                    }
                    seen.push(key);
                    for p in &principals {
                        if let Some(why) = why_not(access, p, &field.value) {
                            report(sink, asset, out, field, p, &why);
                        }
                    }
                }
            }
        }
    }
}

fn report(
    sink: &mut Sink,
    asset: &AnalyticsAsset,
    out: &DatasetOutput,
    field: &Spanned<String>,
    p: &Principal,
    why: &[(Loc, String)],
) {
    let qualified = format!("User.{}", field.value);
    let dataset = out.describe();
    let d = sink.report(Loc::new(asset.file, field.span), format!(
            "{} cannot read {qualified}, which the row-level security predicate of {dataset} (node `{}` of {} \"{}\") uses: queries on the dataset fail",
            p.name,
            out.node.value,
            asset.kind.label(),
            asset.name
        ))
.help(format!(
            "grant read on {qualified} to {}, or in a permission set assigned to the security user; the Security User must read every User field a predicate uses",
            p.profile_name
                .as_deref()
                .map_or_else(|| p.name.clone(), |n| format!("profile `{n}`"))
        ))
.identity(format!(
            "{}/{}/{qualified}",
            p.name,
            out.dataset.as_ref().map_or(&out.node.value, |d| &d.value)
        ));
    d.label("the Security User can't read this User field");
    for (at, label) in why {
        d.related(*at, label.clone());
    }
}
