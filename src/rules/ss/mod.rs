//! `SS`: session security settings that lock integration users out.

pub mod client_credentials_user_not_api_only;
pub mod integration_app_requires_high_assurance;
pub mod integration_high_assurance_login;
pub mod integration_login_flow;
pub mod integration_mfa_api_login;
pub mod integration_profile_session_setting_ambiguous;
pub mod session_activated_grant;

super::family! {
    Session:
    integration_high_assurance_login,
    integration_app_requires_high_assurance,
    session_activated_grant,
    integration_login_flow,
    integration_profile_session_setting_ambiguous,
    integration_mfa_api_login,
    client_credentials_user_not_api_only,
}

use crate::access::Principal;
use crate::access::principal::{INTEGRATION_USER, SECURITY_USER};
use crate::model::SetKind;
use crate::rules::Context;
use crate::salesforce::names::same_profile;

/// A profile whose users log in without a person: the session level it requires decides
/// whether its jobs and API calls run at all.
pub struct SessionPrincipal<'a> {
    pub name: String,
    /// The profile, when the principal has one (a configured principal may have only
    /// permission sets).
    pub profile_name: Option<String>,
    /// Index into `Model::sets`, when the profile is in the project.
    pub profile: Option<usize>,
    /// The integration principal, with its permission sets, when it is one.
    pub principal: Option<&'a Principal>,
    pub runs_analytics: bool,
}

impl SessionPrincipal<'_> {
    /// What breaks when this principal cannot get a session.
    pub fn consequence(&self) -> &'static str {
        if self.matches_profile(SECURITY_USER) || self.principal.is_some_and(|p| p.security_user) {
            "CRM Analytics cannot evaluate row-level security predicates as this user, so secured datasets fail to load and query"
        } else if self.runs_analytics {
            "every CRM Analytics dataflow, recipe and data sync job it runs fails with permission-like errors"
        } else {
            "its API and other non-interactive logins are rejected"
        }
    }

    pub fn matches_profile(&self, name: &str) -> bool {
        self.profile_name
            .as_deref()
            .is_some_and(|p| same_profile(p, name))
    }

    /// The profile name for messages (the principal's name when it has none).
    pub fn profile_label(&self) -> &str {
        self.profile_name.as_deref().unwrap_or(&self.name)
    }
}

/// Integration principals, API-only profiles (`userLicense` `Salesforce Integration` or the
/// `ApiUserOnly` permission) and `[session] non-interactive-profiles`, each profile once.
pub fn session_principals<'a>(cx: &'a Context<'_>) -> Vec<SessionPrincipal<'a>> {
    let model = cx.model;
    let mut out: Vec<SessionPrincipal<'a>> = Vec::new();
    // A CRM Analytics profile that nothing names while a named clone runs the jobs has no
    // user: its session settings lock nobody out.
    let superseded = |name: &str| {
        cx.access.principals.iter().any(|p| {
            p.superseded_by.is_some()
                && p.profile_name
                    .as_deref()
                    .is_some_and(|n| same_profile(n, name))
        })
    };
    for p in &cx.access.principals {
        if p.superseded_by.is_some() {
            continue;
        }
        out.push(SessionPrincipal {
            name: p.name.clone(),
            profile_name: p.profile_name.clone(),
            profile: p.profile,
            principal: Some(p),
            runs_analytics: p.runs_analytics,
        });
    }
    // The CRM Analytics profiles are integration users by name, even when the project
    // holds only their session settings.
    for builtin in [INTEGRATION_USER, SECURITY_USER] {
        if !out.iter().any(|s| s.matches_profile(builtin)) && !superseded(builtin) {
            out.push(SessionPrincipal {
                name: builtin.to_string(),
                profile_name: Some(builtin.to_string()),
                profile: None,
                principal: None,
                runs_analytics: builtin == INTEGRATION_USER,
            });
        }
    }
    let known =
        |out: &Vec<SessionPrincipal<'_>>, name: &str| out.iter().any(|s| s.matches_profile(name));
    for (i, set) in model.sets.iter().map(|s| s.head()).enumerate() {
        if set.kind != SetKind::Profile || known(&out, &set.name) || superseded(&set.name) {
            continue;
        }
        let integration_license = set
            .license
            .as_ref()
            .is_some_and(|l| l.value.eq_ignore_ascii_case("Salesforce Integration"));
        if integration_license || set.api_only {
            out.push(SessionPrincipal {
                name: set.name.clone(),
                profile_name: Some(set.name.clone()),
                profile: Some(i),
                principal: None,
                runs_analytics: false,
            });
        }
    }
    for name in &cx.settings.non_interactive_profiles {
        if known(&out, name) {
            continue;
        }
        let profile = model
            .sets
            .iter()
            .map(|s| s.head())
            .position(|s| s.kind == SetKind::Profile && same_profile(&s.name, name));
        out.push(SessionPrincipal {
            name: name.clone(),
            profile_name: Some(name.clone()),
            profile,
            principal: None,
            runs_analytics: false,
        });
    }
    out
}
