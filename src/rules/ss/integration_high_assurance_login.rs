//! SS001: an integration profile requires a High Assurance session at login.

use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::session_principals;

declare_rule! {
    pub struct IntegrationHighAssuranceLogin {
        code: "SS001",
        name: "integration-high-assurance-login",
        severity: Error,
        summary: "An integration user's profile requires a High Assurance session at login",
    }
}

impl Rule for IntegrationHighAssuranceLogin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let principals = session_principals(cx);
        for pss in &cx.model.sessions {
            let (Some(profile), Some(level)) = (&pss.profile, &pss.required_session_level) else {
                continue;
            };
            if level.value != "HIGH_ASSURANCE" {
                continue;
            }
            for sp in principals
                .iter()
                .filter(|sp| sp.matches_profile(&profile.value))
            {
                let d = sink.report(level.at, format!(
                        "profile `{}` requires a High Assurance session at login: {}",
                        sp.profile_label(),
                        sp.consequence()
                    ))
.help("remove <requiredSessionLevel> (\"None\" in Setup) or set it to STANDARD; an integration user cannot complete the extra verification High Assurance needs")
.identity(format!("{}/HIGH_ASSURANCE", sp.profile_label().to_ascii_lowercase()));
                d.label("High Assurance required");
                d.related(profile.at, "the profile this setting applies to");
                if let Some(p) = sp.profile {
                    d.related(
                        cx.model.sets[p].root,
                        format!("profile `{}`", sp.profile_label()),
                    );
                }
            }
        }
    }
}
