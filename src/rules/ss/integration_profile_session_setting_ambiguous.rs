//! SS005: two profile session settings name the same integration profile with different
//! required session levels.

use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::session_principals;

declare_rule! {
    pub struct IntegrationProfileSessionSettingAmbiguous {
        code: "SS005",
        name: "integration-profile-session-setting-ambiguous",
        severity: Warning,
        summary: "Two profile session settings give an integration profile different session levels",
    }
}

fn level(pss: &crate::model::ProfileSessionSetting) -> &str {
    pss.required_session_level
        .as_ref()
        .map_or("None", |t| t.value.as_str())
}

impl Rule for IntegrationProfileSessionSettingAmbiguous {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let sessions = &cx.model.sessions;
        for sp in session_principals(cx) {
            let mine: Vec<_> = sessions
                .iter()
                .filter(|s| {
                    s.profile
                        .as_ref()
                        .is_some_and(|p| sp.matches_profile(&p.value))
                })
                .collect();
            let Some(first) = mine.first() else { continue };
            for other in &mine[1..] {
                if level(other) == level(first) {
                    continue;
                }
                let at = other
                    .required_session_level
                    .as_ref()
                    .map_or(other.root, |t| t.at);
                let d = sink.report(at, format!(
                        "profile session settings `{}` and `{}` both apply to profile `{}` but require {} and {}",
                        first.name,
                        other.name,
                        sp.profile_label(),
                        level(first),
                        level(other)
                    ))
.help("keep one profile session setting per profile and delete the other; which one a deploy applies last is not defined")
.identity(format!("{}/{}", sp.profile_label().to_ascii_lowercase(), other.name));
                d.label(format!("requires {}", level(other)));
                let first_at = first
                    .required_session_level
                    .as_ref()
                    .map_or(first.root, |t| t.at);
                d.related(first_at, format!("requires {}", level(first)));
            }
        }
    }
}
