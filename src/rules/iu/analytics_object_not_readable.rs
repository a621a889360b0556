//! IU003: the object a dataflow or recipe reads is not readable by the integration user.

use crate::access::FieldAccess;
use crate::diagnostic::Severity;
use crate::names::is_custom;
use crate::rules::{Context, Family, Rule, RuleMeta, Sink, related};

use super::{analytics_principals, reads_by_object, relate_reads, who_extracts};

pub struct AnalyticsObjectNotReadable;

static META: RuleMeta = RuleMeta {
    code: "IU003",
    name: "analytics-object-not-readable",
    family: Family::Integration,
    severity: Severity::Error,
    enabled: true,
    summary: "An object a dataflow or recipe reads is not readable by the integration user",
    page: include_str!("../../../rules/analytics-object-not-readable.md"),
};

impl Rule for AnalyticsObjectNotReadable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        let reads = reads_by_object(cx.model);
        for p in analytics_principals(access) {
            // View All Data and Modify All Data include read on every object.
            if ["ViewAllData", "ModifyAllData"]
                .iter()
                .any(|n| access.user_permission(p, n).is_some())
            {
                continue;
            }
            for (object, _, sites) in &reads {
                let readers = who_extracts(sites);
                let identity = format!("{}/{object}", p.name);
                match access.object_read(p, object) {
                    FieldAccess::Denied(denials) => {
                        let first = denials[0];
                        let set = access.set(first.set);
                        let d = sink.emit(
                            first.at,
                            format!("{} cannot read {object} records, which {readers}", p.name),
                            format!(
                                "set <allowRead>true</allowRead> for {object} here in {} `{}`, or grant it in a permission set assigned to the integration user",
                                set.kind.label(),
                                set.name
                            ),
                            identity,
                        );
                        d.label("object read denied");
                        relate_reads(d, sites, false);
                    }
                    FieldAccess::Muted {
                        grant,
                        muting_set,
                        muted_at,
                    } => {
                        let muting = access.set(muting_set);
                        let d = sink.emit(
                            muted_at,
                            format!(
                                "{} cannot read {object} records, which {readers}: muting permission set `{}` removes the read that `{}` grants",
                                p.name, muting.name, access.set(grant.set).name
                            ),
                            format!("set <allowRead>false</allowRead> for {object} in muting permission set `{}`", muting.name),
                            identity,
                        );
                        d.label("mutes object read");
                        related(d, grant.at, "read granted here");
                        relate_reads(d, sites, false);
                    }
                    // Permission sets replace on deploy: with one in source and no read
                    // anywhere, a custom object is not readable after the next deploy.
                    FieldAccess::NotGranted if !p.members.is_empty() && is_custom(object) => {
                        let ps = access.set(p.members[0].set);
                        let site = sites[0];
                        let d = sink.emit(
                            site.object_loc(),
                            format!(
                                "{} extracts {object}, but no profile or permission set of {} in source grants read on it",
                                site.describe(),
                                p.name
                            ),
                            format!(
                                "add <objectPermissions> for {object} with <allowRead>true</allowRead> to permission set `{}` (or the profile)",
                                ps.name
                            ),
                            identity,
                        );
                        d.severity = Severity::Warning;
                        d.label("no read grant for the integration user");
                        related(
                            d,
                            ps.root,
                            format!("permission set `{}` grants nothing on {object}", ps.name),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}
