//! IU001: a field a dataflow or recipe reads is explicitly not readable for a principal
//! that runs analytics, and no other contributing set grants it.

use crate::access::FieldAccess;
use crate::diagnostic::Severity;
use crate::rules::{Context, Family, Rule, RuleMeta, Sink, related};

use super::{analytics_principals, reads_by_field, relate_reads, view_all_note, who_extracts};

pub struct AnalyticsFieldNotReadable;

static META: RuleMeta = RuleMeta {
    code: "IU001",
    name: "analytics-field-not-readable",
    family: Family::Integration,
    severity: Severity::Error,
    enabled: true,
    summary: "A field a dataflow or recipe reads is explicitly not readable by the integration user",
    page: include_str!("../../../rules/analytics-field-not-readable.md"),
};

impl Rule for AnalyticsFieldNotReadable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        let reads = reads_by_field(cx.model);
        for p in analytics_principals(access) {
            for (object, field, sites) in &reads {
                let qualified = format!("{object}.{field}");
                let readers = who_extracts(sites);
                let note = view_all_note(access, p);
                match access.field_read(p, object, field) {
                    FieldAccess::Denied(denials) => {
                        let first = denials[0];
                        let set = access.set(first.set);
                        let d = sink.emit(
                            first.at,
                            format!("{} cannot read {qualified}, which {readers}", p.name),
                            format!(
                                "set <readable>true</readable> here in {} `{}`, or grant read in a permission set assigned to the integration user; otherwise the job fails at its next run.{note}",
                                set.kind.label(),
                                set.name
                            ),
                            format!("{}/{qualified}", p.name),
                        );
                        d.label("read denied");
                        for other in &denials[1..] {
                            related(
                                d,
                                other.at,
                                format!(
                                    "also denied in {} `{}`",
                                    access.set(other.set).kind.label(),
                                    access.set(other.set).name
                                ),
                            );
                        }
                        relate_reads(d, sites, true);
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
                                "{} cannot read {qualified}, which {readers}: muting permission set `{}` removes the read that `{}` grants",
                                p.name,
                                muting.name,
                                access.set(grant.set).name
                            ),
                            format!(
                                "set <readable>false</readable> for {qualified} in muting permission set `{}`, or take the muting set out of the group; otherwise the job fails at its next run.{note}",
                                muting.name
                            ),
                            format!("{}/{qualified}", p.name),
                        );
                        d.label("mutes read");
                        related(d, grant.at, "read granted here");
                        relate_reads(d, sites, true);
                    }
                    FieldAccess::Granted(_) | FieldAccess::NotGranted => {}
                }
            }
        }
    }
}
