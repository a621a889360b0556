//! SS003: an integration principal gets access only through a session-based permission set
//! (`hasActivationRequired` true), which background jobs never activate.

use crate::access::FieldAccess;
use crate::diagnostic::Severity;
use crate::model::{Flag, Loc};
use crate::rules::iu::{reads_by_field, reads_by_object, relate_reads};
use crate::rules::{Context, Family, Rule, RuleMeta, Sink, related};

pub struct SessionActivatedGrant;

static META: RuleMeta = RuleMeta {
    code: "SS003",
    name: "session-activated-grant",
    family: Family::Session,
    severity: Severity::Error,
    enabled: true,
    summary: "An integration user gets access only through a session-based permission set",
    page: include_str!("../../../rules/session-activated-grant.md"),
};

impl Rule for SessionActivatedGrant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        let model = cx.model;
        // Where activation is required: the set's or its group's `true`.
        let activation_at = |set: usize, group: Option<usize>| -> Option<Loc> {
            let s = model.sets[set].has_activation_required.filter(|f| f.value);
            let g = group.and_then(|g| {
                model.groups[g]
                    .has_activation_required
                    .filter(|f: &Flag| f.value)
            });
            s.or(g).map(|f| f.at)
        };
        let skip_session = |set: usize, group: Option<usize>| access.needs_activation(set, group);
        for p in &access.principals {
            if !p
                .members
                .iter()
                .any(|m| access.needs_activation(m.set, m.group))
            {
                continue;
            }
            if !p.runs_analytics {
                // Any grant of a non-analytics integration user through such a set is absent
                // when its jobs run.
                for m in p
                    .members
                    .iter()
                    .filter(|m| access.needs_activation(m.set, m.group))
                {
                    let at = activation_at(m.set, m.group).expect("needs activation");
                    let set = access.set(m.set);
                    sink.emit(
                        at,
                        format!(
                            "integration principal {} gets permission set `{}` only with session activation, which background and API jobs never perform",
                            p.name, set.name
                        ),
                        "set <hasActivationRequired>false</hasActivationRequired>, or grant the access through a permission set that needs no activation",
                        format!("{}/{}", p.name, set.name),
                    )
                    .label("activation required");
                }
                continue;
            }
            // (what is read, full access, access without session-based sets, sites, field?)
            let checks = reads_by_field(model)
                .into_iter()
                .map(|(object, field, sites)| {
                    (
                        format!("{object}.{field}"),
                        access.field_read(p, &object, &field),
                        access.field_read_without(p, &object, &field, &skip_session),
                        sites,
                        true,
                    )
                })
                .chain(
                    reads_by_object(model)
                        .into_iter()
                        .map(|(object, _, sites)| {
                            (
                                format!("{object} records"),
                                access.object_read(p, &object),
                                access.object_read_without(p, &object, &skip_session),
                                sites,
                                false,
                            )
                        }),
                );
            for (what, full, without, sites, is_field) in checks {
                let FieldAccess::Granted(grant) = full else {
                    continue;
                };
                if matches!(without, FieldAccess::Granted(_)) {
                    continue;
                }
                let member = p.members.iter().find(|m| m.set == grant.set);
                let Some(at) = member.and_then(|m| activation_at(m.set, m.group)) else {
                    continue;
                };
                let d = sink.emit(
                    at,
                    format!(
                        "{} can read {what} only through session-based permission set `{}`; dataflows and recipes never activate it, so the job fails",
                        p.name,
                        access.set(grant.set).name
                    ),
                    format!(
                        "set <hasActivationRequired>false</hasActivationRequired>, or grant {} in a permission set that needs no activation",
                        if is_field { "read on the field" } else { "object read" }
                    ),
                    format!("{}/{}", p.name, what.trim_end_matches(" records")),
                );
                d.label("activation required");
                related(d, grant.at, "the only read grant");
                relate_reads(d, &sites, is_field);
            }
        }
    }
}
