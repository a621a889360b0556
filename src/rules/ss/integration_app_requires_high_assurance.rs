//! SS002: a connected app or external client app OAuth policy that admits an integration
//! principal requires a High Assurance session.

use crate::diagnostic::Severity;
use crate::model::Text;
use crate::model::app::is_permission_set_id;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::session_principals;

declare_rule! {
    pub struct IntegrationAppRequiresHighAssurance {
        code: "SS002",
        name: "integration-app-requires-high-assurance",
        severity: Error,
        summary: "A connected app or external client app that admits an integration user requires High Assurance",
    }
}

impl Rule for IntegrationAppRequiresHighAssurance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let principals = session_principals(cx);
        for app in &cx.model.apps {
            let Some(level) = &app.session_level else {
                continue;
            };
            if level.value != "HIGH_ASSURANCE" {
                continue;
            }
            // `commaSeparatedPermissionSet` holds permission set IDs per the Metadata API
            // reference: an ID can't be matched to a set in source.
            let ids: Vec<&Text> = app
                .permission_sets
                .iter()
                .filter(|t| is_permission_set_id(&t.value))
                .collect();
            if let Some(first) = ids.first() {
                let d = sink.report(first.at, format!(
                        "{} `{}` requires a High Assurance session and admits {} {} by ID, which sflint can't resolve to a permission set in source",
                        app.kind.label(),
                        app.name,
                        if ids.len() == 1 { "permission set" } else { "permission sets" },
                        ids.iter()
                            .map(|t| format!("`{}`", t.value))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
.help("write the permission set API names instead of IDs (sflint then checks whether an integration user comes in through them), or make sure no integration user is assigned these sets")
.identity(format!("{}/ids", app.name));
                d.severity = Severity::Info;
                d.label("unresolvable permission set ID");
            }
            for sp in &principals {
                // The entry that admits this principal: its profile, or one of its sets.
                let by_profile = app.profiles.iter().find(|t| sp.matches_profile(&t.value));
                let by_set = || -> Option<&Text> {
                    let p = sp.principal?;
                    app.permission_sets.iter().find(|t| {
                        p.members
                            .iter()
                            .any(|m| cx.model.sets[m.set].name.eq_ignore_ascii_case(&t.value))
                    })
                };
                // The client-credentials flow runs as this user.
                let by_run_as = || -> Option<&Text> {
                    let p = sp.principal?;
                    let run_as = app.run_as_user.as_ref()?;
                    p.users
                        .iter()
                        .filter_map(|&u| cx.model.users[u].username.as_ref())
                        .any(|n| n.value.eq_ignore_ascii_case(run_as.value.trim()))
                        .then_some(run_as)
                };
                let Some(entry) = by_profile.or_else(by_set).or_else(by_run_as) else {
                    continue;
                };
                let raise = app
                    .policy_action
                    .as_ref()
                    .is_some_and(|a| a.value == "RaiseSessionLevel");
                let d = sink.report(level.at, format!(
                        "{} `{}` requires a High Assurance session and admits {}: {}",
                        app.kind.label(),
                        app.name,
                        sp.name,
                        sp.consequence()
                    ))
.help(if raise {
                        "set the session level to STANDARD (or remove it) for apps integration users log in through: RaiseSessionLevel only helps flows with a user step, and the JWT bearer and other non-interactive flows are blocked"
                    } else {
                        "set the session level to STANDARD (or remove it), or stop admitting the integration user through this app"
                    })
.identity(format!("{}/{}", app.name, sp.profile_label().to_ascii_lowercase()));
                d.label("High Assurance required");
                d.related(entry.at, format!("admits {}", sp.name));
            }
        }
    }
}
