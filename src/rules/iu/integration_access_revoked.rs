//! IU007: read access an integration principal had in the base (`--base`) and no longer
//! has, with Salesforce's deploy semantics: profiles overlay (a removed entry keeps its
//! value in the org), permission sets replace (a removed entry is revoked).

use std::collections::BTreeMap;

use crate::access::{Access, FieldAccess, Principal};
use crate::diagnostic::Severity;
use crate::model::{Flag, Loc, Model, SetKind};
use crate::rules::{BaseView, Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::same_profile;

declare_rule! {
    pub struct IntegrationAccessRevoked {
        code: "IU007",
        name: "integration-access-revoked",
        severity: Error,
        summary: "The change revokes read access an integration user had in the base",
    }
}

/// What a base principal could read: fields and objects, from its contributing sets.
/// Keyed case-insensitively; the value is the first spelling seen, for messages.
type Grants = (BTreeMap<String, (String, String)>, BTreeMap<String, String>);

fn base_grants(base: &BaseView<'_>, p: &Principal) -> Grants {
    let mut fields = BTreeMap::new();
    let mut objects = BTreeMap::new();
    for s in p.set_indexes() {
        let set = &base.model.sets[s];
        for f in set.fields.iter().filter(|f| Flag::is_true(f.readable)) {
            fields
                .entry(f.field.value.to_ascii_lowercase())
                .or_insert_with(|| (f.object().to_string(), f.field_name().to_string()));
        }
        for o in &set.objects {
            if [o.allow_read, o.view_all_records, o.modify_all_records]
                .iter()
                .any(|f| Flag::is_true(*f))
            {
                objects
                    .entry(o.object.value.to_ascii_lowercase())
                    .or_insert_with(|| o.object.value.to_string());
            }
        }
    }
    (fields, objects)
}

fn find_set(model: &Model, kind: SetKind, name: &str) -> Option<usize> {
    model
        .sets
        .iter()
        .position(|s| s.kind == kind && s.name.eq_ignore_ascii_case(name))
}

/// Where in the head a lost permission-set grant shows: the set itself when the principal
/// still has it (the entry was removed), else the group or user that dropped it, else the
/// principal's profile.
fn removal_site(
    cx: &Context<'_>,
    base: &BaseView<'_>,
    bp: &Principal,
    hp: &Principal,
    base_set: usize,
) -> Option<(Loc, String)> {
    let name = &base.model.sets[base_set].name;
    let head_set = find_set(cx.model, SetKind::PermissionSet, name);
    if let Some(hs) = head_set
        && hp.members.iter().any(|m| m.set == hs)
    {
        return Some((
            cx.model.sets[hs].root,
            format!(
                "permission set `{name}` no longer grants it (permission sets replace on deploy)"
            ),
        ));
    }
    let via_group = bp
        .members
        .iter()
        .find(|m| m.set == base_set)
        .and_then(|m| m.group)
        .map(|g| &base.model.groups[g].name);
    let user_or_profile = || {
        hp.users
            .first()
            .map(|&u| cx.model.users[u].elem)
            .or(hp.profile.map(|p| cx.model.sets[p].root))
    };
    if let Some(gname) = via_group {
        let head_group = cx
            .model
            .groups
            .iter()
            .position(|g| g.name.eq_ignore_ascii_case(gname));
        let still_assigned =
            head_group.is_some_and(|g| hp.members.iter().any(|m| m.group == Some(g)));
        return match head_group {
            Some(g) if still_assigned => {
                let g = &cx.model.groups[g];
                let what = if head_set.is_some() {
                    "no longer includes"
                } else {
                    "includes the deleted"
                };
                Some((
                    g.root,
                    format!(
                        "permission set group `{}` {what} permission set `{name}`",
                        g.name
                    ),
                ))
            }
            Some(_) => user_or_profile().map(|at| {
                (
                    at,
                    format!("permission set group `{gname}` is no longer assigned to it"),
                )
            }),
            None => user_or_profile()
                .map(|at| (at, format!("permission set group `{gname}` was deleted"))),
        };
    }
    let user = hp.users.iter().map(|&u| &cx.model.users[u]).next();
    let reason = if head_set.is_some() {
        format!("permission set `{name}` is no longer assigned to it")
    } else {
        format!("permission set `{name}` was deleted")
    };
    if let Some(u) = user {
        return Some((u.elem, reason));
    }
    hp.profile.map(|p| (cx.model.sets[p].root, reason))
}

enum Lost {
    Denied(Loc),
    Muted(Loc, String),
    Removed(Loc, String),
    ProfileEntryRemoved(Loc),
}

/// Did a set of this kind and name already say `want` for `readable` (a field) or
/// `allowRead` (an object) in the base? Then it is not what changed.
fn base_said(
    base: &BaseView<'_>,
    kind: SetKind,
    name: &str,
    object: &str,
    field: Option<&str>,
    want: bool,
) -> bool {
    let Some(s) = find_set(base.model, kind, name) else {
        return false;
    };
    let flag = match field {
        Some(f) => base
            .model
            .set_field(s, object, f)
            .and_then(|fp| fp.readable),
        None => base
            .model
            .set_object(s, object)
            .and_then(|op| op.allow_read),
    };
    flag.is_some_and(|r| r.value == want)
}

/// Why the principal lost read, and where the head shows it. A denial or muting that was
/// already there in the base is not the change: the grant that went away is.
#[allow(clippy::too_many_arguments)]
fn lost(
    cx: &Context<'_>,
    base: &BaseView<'_>,
    bp: &Principal,
    hp: &Principal,
    base_grant: usize,
    object: &str,
    field: Option<&str>,
    head: FieldAccess,
) -> Option<Lost> {
    let removed = || {
        if base.model.sets[base_grant].kind == SetKind::Profile {
            // Profiles overlay: the org keeps a value the file no longer states.
            return cx
                .strict_profile_removals
                .then(|| {
                    hp.profile
                        .map(|p| Lost::ProfileEntryRemoved(cx.model.sets[p].root))
                })
                .flatten();
        }
        removal_site(cx, base, bp, hp, base_grant).map(|(at, why)| Lost::Removed(at, why))
    };
    match head {
        FieldAccess::Granted(_) => None,
        FieldAccess::Denied(d) => {
            let set = &cx.model.sets[d[0].set];
            if base_said(base, set.kind, &set.name, object, field, false) {
                removed()
            } else {
                Some(Lost::Denied(d[0].at))
            }
        }
        FieldAccess::Muted {
            muting_set,
            muted_at,
            ..
        } => {
            let ms = &cx.model.sets[muting_set];
            if base_said(
                base,
                SetKind::MutingPermissionSet,
                &ms.name,
                object,
                field,
                true,
            ) {
                removed()
            } else {
                Some(Lost::Muted(
                    muted_at,
                    format!("muting permission set `{}` now removes it", ms.name),
                ))
            }
        }
        FieldAccess::NotGranted => removed(),
    }
}

fn matching<'a>(base: &'a Access<'_>, hp: &Principal) -> Option<&'a Principal> {
    base.principals.iter().find(|b| {
        b.name.eq_ignore_ascii_case(&hp.name)
            || matches!((&b.profile_name, &hp.profile_name), (Some(x), Some(y)) if same_profile(x, y))
    })
}

impl Rule for IntegrationAccessRevoked {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let Some(base) = cx.base else { return };
        for hp in &cx.access.principals {
            // An unused CRM Analytics profile runs nothing, so losing read there breaks nothing.
            if hp.superseded_by.is_some() {
                continue;
            }
            let Some(bp) = matching(base.access, hp) else {
                continue;
            };
            // The security user reads only the User fields row-level security uses.
            let relevant = |object: &str| !hp.security_user || object.eq_ignore_ascii_case("User");
            let (fields, objects) = base_grants(base, bp);
            let mut report = |what: String, base_at: Loc, lost: Lost| {
                let (at, why, severity) = match lost {
                    Lost::Denied(at) => (at, "it is now set to false".to_string(), Severity::Error),
                    Lost::Muted(at, why) | Lost::Removed(at, why) => (at, why, Severity::Error),
                    Lost::ProfileEntryRemoved(at) => (
                        at,
                        "the profile entry was removed: a deploy keeps the org's value, but an org built from source (a scratch org) will not get the grant".to_string(),
                        Severity::Info,
                    ),
                };
                let d = sink.report(at, format!("{} loses read access to {what} compared with {}: {why}", hp.name, base.name))
.help(format!(
                        "restore read on {what} for {}, or, if the revocation is intended, make sure no dataflow, recipe or sync in the org still reads it: jobs fail at their next run",
                        hp.name
                    ))
.identity(format!("{}/{what}", hp.name));
                d.severity = severity;
                d.label("read revoked");
                d.related(base_at, format!("{}: read granted here", base.name));
            };
            for (object, field) in fields.values().filter(|(o, _)| relevant(o)) {
                let FieldAccess::Granted(g) = base.access.field_read(bp, object, field) else {
                    continue;
                };
                let head = cx.access.field_read(hp, object, field);
                if let Some(l) = lost(cx, base, bp, hp, g.set, object, Some(field), head) {
                    report(format!("{object}.{field}"), g.at, l);
                }
            }
            for object in objects.values().filter(|o| relevant(o)) {
                let FieldAccess::Granted(g) = base.access.object_read(bp, object) else {
                    continue;
                };
                let head = cx.access.object_read(hp, object);
                if let Some(l) = lost(cx, base, bp, hp, g.set, object, None, head) {
                    report(format!("{object} records"), g.at, l);
                }
            }
        }
    }
}
