//! IU003: the object a dataflow or recipe reads is not readable by the integration user.

use crate::access::FieldAccess;
use crate::diagnostic::Severity;
use crate::model::SetKind;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::is_custom;

use super::{
    analytics_principals, grant_home, grant_read_fix, has_view_all_data, managed_denial,
    managed_note, relate_reads, set_true_fix, who_extracts,
};

declare_rule! {
    pub struct AnalyticsObjectNotReadable {
        code: "IU003",
        name: "analytics-object-not-readable",
        severity: Error,
        summary: "An object a dataflow or recipe reads is not readable by the integration user",
    }
}

impl Rule for AnalyticsObjectNotReadable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        let reads = cx.reads_by_object();
        for p in analytics_principals(access) {
            // View All Data and Modify All Data include read on every object; the standard
            // Analytics Cloud Integration User profile always has View All Data.
            if has_view_all_data(access, p) {
                continue;
            }
            for (object, _, sites) in reads {
                let readers = who_extracts(sites);
                let identity = format!("{}/{object}", p.name);
                match access.object_read(p, object) {
                    FieldAccess::Denied(denials) => {
                        let managed = |g: &crate::access::Grant| {
                            cx.model.managed_namespace(access.set(g.set)).is_some()
                        };
                        let own = denials.iter().find(|g| !managed(g));
                        let home = grant_home(access, p);
                        let (at, set, origin) = match (own, home) {
                            (Some(g), _) => (g.at, g.set, String::new()),
                            // Only a managed package's set denies: grant it where the
                            // project can.
                            (None, Some(h)) => (
                                access.set(h).root,
                                h,
                                managed_denial(access, denials[0].set),
                            ),
                            (None, None) => (
                                denials[0].at,
                                denials[0].set,
                                managed_denial(access, denials[0].set),
                            ),
                        };
                        let set = access.set(set);
                        let d = sink.report(at, format!(
                                "{} cannot read {object} records, which {readers}{origin}",
                                p.name
                            ))
.help(format!(
                                "set <allowRead>true</allowRead> for {object} {}in {} `{}`, or grant it in a permission set assigned to the integration user",
                                if own.is_some() { "here " } else { "" },
                                set.kind.label(),
                                set.name
                            ))
.identity(identity);
                        d.label("object read denied");
                        let fix = match own {
                            Some(g) => Some(set_true_fix(access, g, "allowRead")),
                            None => home.and_then(|h| grant_read_fix(access, h, object, None)),
                        };
                        if let Some(fix) = fix {
                            d.fix(fix);
                        }
                        for other in denials.iter().filter(|g| g.at != at) {
                            d.related(
                                other.at,
                                format!(
                                    "read denied in {} `{}`{}",
                                    access.set(other.set).kind.label(),
                                    access.set(other.set).name,
                                    managed_note(access, other.set)
                                ),
                            );
                        }
                        relate_reads(d, sites, false);
                    }
                    FieldAccess::Muted {
                        grant,
                        muting_set,
                        muted_at,
                    } => {
                        let muting = access.set(muting_set);
                        let d = sink.report(muted_at, format!(
                                "{} cannot read {object} records, which {readers}: muting permission set `{}` removes the read that `{}` grants",
                                p.name, muting.name, access.set(grant.set).name
                            ))
.help(format!("set <allowRead>false</allowRead> for {object} in muting permission set `{}`", muting.name))
.identity(identity);
                        d.label("mutes object read");
                        d.related(grant.at, "read granted here");
                        relate_reads(d, sites, false);
                    }
                    // Permission sets replace on deploy: with one in source and no read
                    // anywhere, a custom object is not readable after the next deploy.
                    FieldAccess::NotGranted if !p.members.is_empty() && is_custom(object) => {
                        let home = grant_home(access, p);
                        let ps = access.set(home.unwrap_or_else(|| {
                            p.members
                                .iter()
                                .map(|m| m.set)
                                .find(|&s| cx.model.managed_namespace(access.set(s)).is_none())
                                .unwrap_or(p.members[0].set)
                        }));
                        let site = sites[0];
                        let d = sink.report(site.object_loc(), format!(
                                "{} extracts {object}, but no profile or permission set of {} in source grants read on it",
                                site.describe(),
                                p.name
                            ))
.help(format!(
                                "add <objectPermissions> for {object} with <allowRead>true</allowRead> to {} `{}`{}",
                                ps.kind.label(),
                                ps.name,
                                if ps.kind == SetKind::Profile { "" } else { " (or the profile)" }
                            ))
.identity(identity);
                        d.severity = Severity::Warning;
                        d.label("no read grant for the integration user");
                        if let Some(fix) =
                            home.and_then(|h| grant_read_fix(access, h, object, None))
                        {
                            d.fix(fix);
                        }
                        d.related(
                            ps.root,
                            format!(
                                "{} `{}` grants nothing on {object}",
                                ps.kind.label(),
                                ps.name
                            ),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}
