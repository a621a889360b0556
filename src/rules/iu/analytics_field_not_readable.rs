//! IU001: a field a dataflow or recipe reads is explicitly not readable for a principal
//! that runs analytics, and no other contributing set grants it.

use crate::access::FieldAccess;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::{
    analytics_principals, grant_home, grant_read_fix, managed_denial, managed_note, read_names,
    relate_reads, set_true_fix, view_all_note, who_extracts,
};

declare_rule! {
    pub struct AnalyticsFieldNotReadable {
        code: "IU001",
        name: "analytics-field-not-readable",
        severity: Error,
        summary: "A field a dataflow or recipe reads is explicitly not readable by the integration user",
    }
}

impl Rule for AnalyticsFieldNotReadable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        let reads = cx.reads_by_field();
        for p in analytics_principals(access) {
            for (object, field, sites) in reads {
                let qualified = format!("{object}.{field}");
                let read_as = read_names(object, field, sites);
                let readers = who_extracts(sites);
                let note = view_all_note(access, p);
                match access.field_read(p, object, field) {
                    FieldAccess::Denied(denials) => {
                        // Point at a denial the project can change; a managed package's
                        // set is read-only for subscribers.
                        let managed = |g: &crate::access::Grant| {
                            cx.model.managed_namespace(access.set(g.set)).is_some()
                        };
                        let own = denials.iter().find(|g| !managed(g));
                        let (at, help, label) = match own {
                            Some(first) => {
                                let set = access.set(first.set);
                                (
                                    first.at,
                                    format!(
                                        "set <readable>true</readable> here in {} `{}`, or grant read in a permission set assigned to the integration user; otherwise the job fails at its next run.{note}",
                                        set.kind.label(),
                                        set.name
                                    ),
                                    "read denied".to_string(),
                                )
                            }
                            None => {
                                let first = denials[0];
                                let home = grant_home(access, p).map(|i| access.set(i));
                                let help = format!(
                                    "grant read on {qualified} in {}; a managed package's permission set can't be changed by a subscriber. Otherwise the job fails at its next run.{note}",
                                    home.map_or_else(
                                        || format!(
                                            "a permission set of your own assigned to {}",
                                            p.name
                                        ),
                                        |h| format!("{} `{}`", h.kind.label(), h.name)
                                    )
                                );
                                match home {
                                    Some(h) => (h.root, help, "grant the read here".to_string()),
                                    None => (first.at, help, "read denied".to_string()),
                                }
                            }
                        };
                        let origin = match own {
                            Some(_) => String::new(),
                            None => managed_denial(access, denials[0].set),
                        };
                        let d = sink
                            .report(
                                at,
                                format!(
                                    "{} cannot read {read_as}, which {readers}{origin}",
                                    p.name
                                ),
                            )
                            .help(help)
                            .identity(format!("{}/{qualified}", p.name));
                        d.label(label);
                        if own.is_none()
                            && let Some(fix) = grant_home(access, p)
                                .and_then(|h| grant_read_fix(access, h, object, Some(field)))
                        {
                            d.fix(fix);
                        }
                        if let Some(first) = own {
                            // The set the help names, where the entry already stands.
                            d.fix(set_true_fix(access, first, "readable"));
                        }
                        for other in denials.iter().filter(|g| g.at != at) {
                            d.related(
                                other.at,
                                format!(
                                    "{} in {} `{}`{}",
                                    if own.is_some() {
                                        "also denied"
                                    } else {
                                        "read denied"
                                    },
                                    access.set(other.set).kind.label(),
                                    access.set(other.set).name,
                                    managed_note(access, other.set)
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
                        let d = sink.report(muted_at, format!(
                                "{} cannot read {read_as}, which {readers}: muting permission set `{}` removes the read that `{}` grants",
                                p.name,
                                muting.name,
                                access.set(grant.set).name
                            ))
.help(format!(
                                "set <readable>false</readable> for {qualified} in muting permission set `{}`, or take the muting set out of the group; otherwise the job fails at its next run.{note}",
                                muting.name
                            ))
.identity(format!("{}/{qualified}", p.name));
                        d.label("mutes read");
                        d.related(grant.at, "read granted here");
                        relate_reads(d, sites, true);
                    }
                    FieldAccess::Granted(_) | FieldAccess::NotGranted => {}
                }
            }
        }
    }
}
