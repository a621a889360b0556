//! SS006: an API integration principal gets "Multi-Factor Authentication for API Logins".

use crate::access::principal::Origin;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct IntegrationMfaApiLogin {
        code: "SS006",
        name: "integration-mfa-api-login",
        severity: Error,
        summary: "An API integration user gets Multi-Factor Authentication for API Logins",
    }
}

impl Rule for IntegrationMfaApiLogin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for p in &cx.access.principals {
            // Only principals configured as API integrations: not the CRM Analytics
            // internal users, not client-credentials run-as users (no login step), for
            // which Salesforce Help says nothing about this permission.
            if !matches!(p.origin, Origin::Config(_))
                || p.runs_analytics
                || p.security_user
                || only_run_as_users(p, cx)
            {
                continue;
            }
            let Some(grant) = cx.access.user_permission(p, "TwoFactorApi") else {
                continue;
            };
            let set = cx.access.set(grant.set);
            let d = sink.report(grant.at, format!(
                    "integration principal `{}` gets Multi-Factor Authentication for API Logins (`TwoFactorApi`) from {}: its API logins then need a second factor it cannot give",
                    p.name,
                    set.describe()
                ))
.help("remove the TwoFactorApi user permission from what the integration user gets (or give the integration user a profile or permission set without it); secure API access with a connected app's IP ranges or certificates instead")
.identity(format!("{}/TwoFactorApi", p.name.to_ascii_lowercase()));
            d.label("TwoFactorApi enabled");
            d.related(set.root, set.describe());
            for app in cx.model.apps.iter().filter(|a| admits(a, p, cx)) {
                d.related(
                    app.root,
                    format!("{} `{}` admits this user", app.kind.label(), app.name),
                );
            }
        }
    }
}

/// Does the app admit the principal by its profile or one of its permission sets?
fn admits(app: &crate::model::App, p: &crate::access::Principal, cx: &Context<'_>) -> bool {
    let by_profile = p.profile_name.as_deref().is_some_and(|n| {
        app.profiles
            .iter()
            .any(|t| crate::salesforce::names::same_profile(&t.value, n))
    });
    let by_set = p.members.iter().any(|m| {
        let name = &cx.model.sets[m.set].name;
        app.permission_sets
            .iter()
            .any(|t| t.value.trim().eq_ignore_ascii_case(name))
    });
    by_profile || by_set
}

/// Are all of the principal's user records (at least one) client-credentials run-as users?
fn only_run_as_users(p: &crate::access::Principal, cx: &Context<'_>) -> bool {
    !p.users.is_empty() && p.users.iter().all(|&u| cx.model.is_run_as_user(u))
}
