//! SS007: the client-credentials run-as user is not API-only, or holds org-wide power.

use crate::access::Principal;
use crate::access::principal::Origin;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::same_profile;

declare_rule! {
    pub struct ClientCredentialsUserNotApiOnly {
        code: "SS007",
        name: "client-credentials-user-not-api-only",
        severity: Warning,
        summary: "The client-credentials run-as user is not API-only or holds org-wide permissions",
    }
}

/// Permissions a client-credentials run-as user should not hold.
const POWERFUL: [(&str, &str); 3] = [
    ("ModifyAllData", "Modify All Data"),
    ("ViewAllData", "View All Data"),
    ("ManageUsers", "Manage Users"),
];

/// The standard API-only profile for the Salesforce Integration license.
const API_ONLY_PROFILE: &str = "Minimum Access - API Only Integrations";

impl Rule for ClientCredentialsUserNotApiOnly {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (a, app) in cx.model.apps.iter().enumerate() {
            let Some(run_as) = &app.run_as_user else {
                continue;
            };
            let Some(p) = run_as_principal(cx, a) else {
                continue;
            };
            let user = p.users.first().map(|&u| &cx.model.users[u]);
            let who = format!(
                "run-as user `{}` of {} `{}`",
                run_as.value.trim(),
                app.kind.label(),
                app.name
            );
            if !api_only(cx, p) && p.profile.is_some() {
                let d = sink.report(run_as.at, format!(
                        "{who} is not API-only: profile `{}` and its permission sets don't enable `ApiUserOnly`",
                        p.profile_name.as_deref().unwrap_or_default()
                    ))
.help("run the client credentials flow as a dedicated API-only user (the Salesforce Integration license with the `Minimum Access - API Only Integrations` profile, or a profile or permission set with API Only User), so its credentials can't open a UI session")
.identity(format!("{}/ApiUserOnly", run_as.value.trim().to_ascii_lowercase()));
                d.label("run-as user without API Only User");
                add_context(d, cx, p, user);
            }
            for (perm, label) in POWERFUL {
                let Some(grant) = cx.access.user_permission(p, perm) else {
                    continue;
                };
                let set = cx.access.set(grant.set);
                let d = sink.report(grant.at, format!(
                        "{who} gets {label} (`{perm}`) from {}: anyone with the app's client secret acts with it",
                        set.describe()
                    ))
.help("give the run-as user only the object and field access the integration needs; move the permission off the profile or set the user gets")
.identity(format!("{}/{perm}", run_as.value.trim().to_ascii_lowercase()));
                d.label(format!("{perm} enabled"));
                d.related(run_as.at, "the client credentials run-as user");
                add_context(d, cx, p, user);
            }
        }
    }
}

/// The principal that holds the app's run-as user: its own, or the one the user already
/// belongs to.
fn run_as_principal<'a>(cx: &'a Context<'_>, a: usize) -> Option<&'a Principal> {
    let principals = &cx.access.principals;
    if let Some(p) = principals.iter().find(|p| p.origin == Origin::RunAs(a)) {
        return Some(p);
    }
    let run_as = cx.model.apps[a].run_as_user.as_ref()?;
    let u = cx.model.user_by_username(&run_as.value)?;
    principals.iter().find(|p| p.users.contains(&u))
}

/// API-only: `ApiUserOnly` from the profile or a set, the Salesforce Integration license,
/// or the standard API-only profile.
fn api_only(cx: &Context<'_>, p: &Principal) -> bool {
    if cx.access.user_permission(p, "ApiUserOnly").is_some() {
        return true;
    }
    if p.profile_name
        .as_deref()
        .is_some_and(|n| same_profile(n, API_ONLY_PROFILE))
    {
        return true;
    }
    p.profile
        .and_then(|i| cx.model.sets[i].license.as_ref())
        .is_some_and(|l| l.value.eq_ignore_ascii_case("Salesforce Integration"))
}

fn add_context(
    d: &mut crate::diagnostic::Diagnostic,
    cx: &Context<'_>,
    p: &Principal,
    user: Option<&crate::model::UserRecord>,
) {
    if let Some(user) = user {
        d.related(user.elem, user.label());
    }
    if let Some(i) = p.profile {
        let set = cx.access.set(i);
        d.related(set.root, format!("profile `{}`", set.name));
    }
}
