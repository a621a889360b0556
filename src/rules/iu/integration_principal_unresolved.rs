//! IU006: an integration principal (from sflint.toml or a user record) names a profile,
//! permission set or group that is not in the project.

use crate::access::principal::UnresolvedAt;
use crate::model::{Loc, SetKind};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::did_you_mean;

declare_rule! {
    pub struct IntegrationPrincipalUnresolved {
        code: "IU006",
        name: "integration-principal-unresolved",
        severity: Error,
        summary: "An integration principal names a profile, permission set or group the project does not have",
    }
}

impl Rule for IntegrationPrincipalUnresolved {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let model = cx.model;
        let mut seen: Vec<Loc> = Vec::new();
        for p in &cx.access.principals {
            for u in &p.unresolved {
                let at = match u.at {
                    UnresolvedAt::Metadata(loc) => loc,
                    UnresolvedAt::Config(span) => match cx.config_file {
                        Some(file) => Loc::new(file, span),
                        None => continue,
                    },
                };
                if seen.contains(&at) {
                    continue;
                }
                seen.push(at);
                let names: Vec<&str> = match u.what {
                    "profile" => model
                        .sets_of(SetKind::Profile)
                        .map(|s| s.name.as_str())
                        .collect(),
                    "permission set" => model
                        .sets_of(SetKind::PermissionSet)
                        .map(|s| s.name.as_str())
                        .collect(),
                    "muting permission set" => model
                        .sets_of(SetKind::MutingPermissionSet)
                        .map(|s| s.name.as_str())
                        .collect(),
                    _ => model.groups.iter().map(|g| g.name.as_str()).collect(),
                };
                let help = match did_you_mean(&u.name, names.iter().copied()) {
                    Some(s) => format!(
                        "did you mean `{s}`? Fix the name, or add the {} to the project so sflint can check its access",
                        u.what
                    ),
                    None => format!(
                        "fix the name, or add the {} to the project so sflint can check the integration user's access",
                        u.what
                    ),
                };
                sink.report(
                    at,
                    format!(
                        "integration principal {} names the {} `{}`, which is not in the project",
                        p.name, u.what, u.name
                    ),
                )
                .help(help)
                .identity(format!("{}/{}/{}", p.name, u.what, u.name))
                .label(format!("no such {}", u.what));
            }
        }
    }
}
