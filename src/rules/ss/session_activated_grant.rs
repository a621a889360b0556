//! SS003: an integration principal gets access only through a session-based permission set
//! (`hasActivationRequired` true), which background jobs never activate.

use crate::access::FieldAccess;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::Loc;
use crate::rules::analytics_reads::{grant_home, grant_read_fix, managed_note, relate_reads};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct SessionActivatedGrant {
        code: "SS003",
        name: "session-activated-grant",
        severity: Error,
        summary: "An integration user gets access only through a session-based permission set",
    }
}

impl Rule for SessionActivatedGrant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        let model = cx.model;
        let activation_at = |set: usize, group: Option<usize>| access.activation_at(set, group);
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
                // Any grant through such a set is absent unless the session activates it.
                // CRM Analytics never does that for the security user; an API integration
                // can (SessionPermSetActivation, or the activateSessionPermSet action).
                let mut seen: Vec<Loc> = Vec::new();
                for m in p
                    .members
                    .iter()
                    .filter(|m| access.needs_activation(m.set, m.group))
                {
                    let Some(at) = activation_at(m.set, m.group) else {
                        continue;
                    };
                    if seen.contains(&at) {
                        continue;
                    }
                    seen.push(at);
                    let what = match m.group {
                        Some(g) => format!("permission set group `{}`", model.groups[g].name),
                        None => format!(
                            "permission set `{}`{}",
                            access.set(m.set).name,
                            managed_note(access, m.set)
                        ),
                    };
                    let key = format!(
                        "{}/{}",
                        p.name,
                        m.group
                            .map_or(access.set(m.set).name.as_str(), |g| &model.groups[g].name)
                    );
                    if p.security_user {
                        let d = sink.report(at, format!(
                                "{} gets {what} only with session activation, which CRM Analytics never performs when it evaluates row-level security as this user",
                                p.name
                            ))
.help("set <hasActivationRequired>false</hasActivationRequired>, or grant the access through a permission set or group that needs no activation")
.identity(key);
                        d.label("activation required");
                        // Unsafe: every grant of the set or group then applies in every
                        // session. Not for a managed package's set, which can't be changed.
                        if m.group.is_some() || managed_note(access, m.set).is_empty() {
                            d.fix(Fix::unsafe_(
                                format!("set <hasActivationRequired>false</hasActivationRequired> on {what} (its grants apply in every session)"),
                                at.file,
                                vec![Edit::replace(at.span, "false")],
                            ));
                        }
                    } else {
                        let d = sink.report(at, format!(
                                "integration principal {} gets {what} only in sessions that activate it; its grants are missing from every API session that does not",
                                p.name
                            ))
.help("if the integration activates the set in each API session (SessionPermSetActivation, or the activateSessionPermSet action), keep it; otherwise set <hasActivationRequired>false</hasActivationRequired> or grant the access through a set that needs no activation")
.identity(key);
                        d.severity = Severity::Warning;
                        d.label("activation required");
                    }
                }
                continue;
            }
            // (what is read, full access, access without session-based sets, sites, field?)
            let checks = cx
                .reads_by_field()
                .iter()
                .map(|(object, field, sites)| {
                    (
                        format!("{object}.{field}"),
                        access.field_read(p, object, field),
                        access.field_read_without(p, object, field, &skip_session),
                        sites,
                        Some(field.as_str()),
                        object,
                    )
                })
                .chain(cx.reads_by_object().iter().map(|(object, _, sites)| {
                    (
                        format!("{object} records"),
                        access.object_read(p, object),
                        access.object_read_without(p, object, &skip_session),
                        sites,
                        None,
                        object,
                    )
                }));
            for (what, full, without, sites, field, object) in checks {
                let is_field = field.is_some();
                let FieldAccess::Granted(grant) = full else {
                    continue;
                };
                if matches!(without, FieldAccess::Granted(_)) {
                    continue;
                }
                let member = p
                    .members
                    .iter()
                    .find(|m| m.set == grant.set && access.needs_activation(m.set, m.group));
                let Some((m, at)) =
                    member.and_then(|m| activation_at(m.set, m.group).map(|at| (m, at)))
                else {
                    continue;
                };
                let set_name = &access.set(grant.set).name;
                let managed = managed_note(access, grant.set);
                let via = match m.group {
                    Some(g) => format!(
                        "permission set `{set_name}`{managed} of session-based permission set group `{}`",
                        model.groups[g].name
                    ),
                    None => format!("session-based permission set `{set_name}`{managed}"),
                };
                let grant_what = if is_field {
                    "read on the field"
                } else {
                    "object read"
                };
                let help = if m.group.is_none() && !managed.is_empty() {
                    format!(
                        "a managed package's permission set can't be changed by a subscriber: grant {grant_what} in a permission set of your own that needs no activation"
                    )
                } else {
                    format!(
                        "set <hasActivationRequired>false</hasActivationRequired>, or grant {grant_what} in a permission set that needs no activation"
                    )
                };
                let d = sink.report(at, format!(
                        "{} can read {what} only through {via}; dataflows and recipes never activate it, so the job fails",
                        p.name,
                    ))
.help(help)
.identity(format!("{}/{}", p.name, what.trim_end_matches(" records")));
                d.label("activation required");
                // Unsafe: it grants read outside the session-based set; the set stays as it is.
                if let Some(fix) =
                    grant_home(access, p).and_then(|h| grant_read_fix(access, h, object, field))
                {
                    d.fix(fix);
                }
                d.related(grant.at, "the only read grant");
                relate_reads(d, sites, is_field);
            }
        }
    }
}
