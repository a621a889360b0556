//! SF006: a policy of the project's configuration looks at nothing in the project, so it
//! can never report anything.

use crate::model::Loc;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct PolicyMatchesNothing {
        code: "SF006",
        name: "policy-matches-nothing",
        severity: Info,
        summary: "A policy's principal and subject selectors match nothing in the project",
    }
}

impl Rule for PolicyMatchesNothing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for &policy in cx.policies {
            let Some(file) = policy.file(cx) else {
                continue; // sflint's packs are written for every project
            };
            let Err(why) = policy.matches_anything(cx) else {
                continue;
            };
            sink.report(Loc::new(file, policy.code_span()), format!(
                    "policy {} ({}) matches nothing in this project: {why}",
                    policy.code(),
                    policy.name()
                ))
.help("check the names and globs in `[policy.where]` and the subject's selectors against the project's metadata, or remove the policy")
.identity(format!("policy/{}", policy.code()))
            .label("matches nothing");
        }
    }
}
