//! SS004: an integration principal's profile has a login flow.

use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::session_principals;

declare_rule! {
    pub struct IntegrationLoginFlow {
        code: "SS004",
        name: "integration-login-flow",
        severity: Warning,
        summary: "An integration user's profile runs a login flow",
    }
}

impl Rule for IntegrationLoginFlow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for sp in session_principals(cx) {
            let Some(p) = sp.profile else { continue };
            let profile = &cx.model.sets[p];
            for (n, flow) in profile.login_flows.iter().enumerate() {
                sink.report(*flow, format!(
                        "profile `{}` of integration user {} has a login flow, which runs at UI and OAuth client logins and can raise the session level or block the login",
                        profile.name, sp.name
                    ))
.help("remove the <loginFlows> entry from this profile, or make sure the flow never blocks this user and never raises the session level")
.identity(format!("{}/loginFlows/{n}", profile.name))
                .label("login flow");
            }
        }
    }
}
