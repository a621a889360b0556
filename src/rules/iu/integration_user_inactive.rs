//! IU004: a user record of an integration principal is deactivated or frozen.

use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct IntegrationUserInactive {
        code: "IU004",
        name: "integration-user-inactive",
        severity: Error,
        summary: "An integration user is deactivated or frozen",
    }
}

impl Rule for IntegrationUserInactive {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let mut seen = Vec::new();
        for p in &cx.access.principals {
            for &u in &p.users {
                if seen.contains(&u) {
                    continue;
                }
                let user = &cx.model.users[u];
                let jobs = if p.runs_analytics {
                    "data sync, dataflow and recipe jobs"
                } else if p.security_user {
                    "row-level security evaluations"
                } else {
                    "integration jobs and API logins"
                };
                let flags = [
                    (
                        user.is_active.filter(|f| !f.value),
                        "deactivated",
                        "set isActive to true",
                    ),
                    (
                        user.is_frozen.filter(|f| f.value),
                        "frozen",
                        "set isFrozen to false (unfreeze the user)",
                    ),
                ];
                for (flag, state, fix) in flags {
                    let Some(flag) = flag else { continue };
                    seen.push(u);
                    sink.report(
                        flag.at,
                        format!(
                            "{} of integration principal {} is {state}",
                            user.label(),
                            p.name
                        ),
                    )
                    .help(format!(
                        "{fix}: while it is {state}, all of its {jobs} stop, silently"
                    ))
                    .identity(format!(
                        "{}/{state}",
                        user.username.as_ref().map_or("", |t| t.value.as_str())
                    ))
                    .label(state);
                }
            }
        }
    }
}
