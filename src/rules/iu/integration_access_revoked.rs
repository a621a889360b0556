//! IU007: read access an integration principal had in the base (`--base`) and no longer
//! has, with Salesforce's deploy semantics: profiles overlay (a removed entry keeps its
//! value in the org), permission sets replace (a removed entry is revoked).

use std::collections::BTreeSet;

use crate::access::{Access, FieldAccess, Principal};
use crate::diagnostic::Severity;
use crate::model::{Flag, Loc, Model, SetKind};
use crate::names::same_profile;
use crate::rules::{BaseView, Context, Family, Rule, RuleMeta, Sink, related};

pub struct IntegrationAccessRevoked;

static META: RuleMeta = RuleMeta {
    code: "IU007",
    name: "integration-access-revoked",
    family: Family::Integration,
    severity: Severity::Error,
    enabled: true,
    summary: "The change revokes read access an integration user had in the base",
    page: include_str!("../../../rules/integration-access-revoked.md"),
};

/// What a base principal could read: fields and objects, from its contributing sets.
fn base_grants(
    base: &BaseView<'_>,
    p: &Principal,
) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let mut fields = BTreeSet::new();
    let mut objects = BTreeSet::new();
    for s in p.set_indexes() {
        let set = &base.model.sets[s];
        for f in set.fields.iter().filter(|f| Flag::is_true(f.readable)) {
            fields.insert((f.object().to_string(), f.field_name().to_string()));
        }
        for o in &set.objects {
            if Flag::is_true(o.allow_read) || Flag::is_true(o.view_all_fields) {
                objects.insert(o.object.value.clone());
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
    if let Some(gname) = via_group
        && let Some(g) = cx
            .model
            .groups
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(gname))
    {
        let what = if head_set.is_some() {
            "no longer includes"
        } else {
            "includes the deleted"
        };
        return Some((
            g.root,
            format!(
                "permission set group `{}` {what} permission set `{name}`",
                g.name
            ),
        ));
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

fn lost(
    cx: &Context<'_>,
    base: &BaseView<'_>,
    bp: &Principal,
    hp: &Principal,
    base_grant: usize,
    head: FieldAccess,
) -> Option<Lost> {
    match head {
        FieldAccess::Granted(_) => None,
        FieldAccess::Denied(d) => Some(Lost::Denied(d[0].at)),
        FieldAccess::Muted {
            muting_set,
            muted_at,
            ..
        } => Some(Lost::Muted(
            muted_at,
            format!(
                "muting permission set `{}` now removes it",
                cx.model.sets[muting_set].name
            ),
        )),
        FieldAccess::NotGranted => {
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
        }
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
            let Some(bp) = matching(base.access, hp) else {
                continue;
            };
            let (fields, objects) = base_grants(base, bp);
            let mut report = |what: String, base_at: Loc, lost: Lost| {
                let (at, why, severity) = match lost {
                    Lost::Denied(at) => (at, "it is now set to false".to_string(), Severity::Error),
                    Lost::Muted(at, why) | Lost::Removed(at, why) => (at, why, Severity::Error),
                    Lost::ProfileEntryRemoved(at) => (
                        at,
                        "the profile entry was removed; a deploy keeps the org's value, but the next full retrieve will not show it".to_string(),
                        Severity::Info,
                    ),
                };
                let d = sink.emit(
                    at,
                    format!("{} loses read access to {what} compared with {}: {why}", hp.name, base.name),
                    format!(
                        "restore read on {what} for {}, or, if the revocation is intended, make sure no dataflow, recipe or sync in the org still reads it: jobs fail at their next run",
                        hp.name
                    ),
                    format!("{}/{what}", hp.name),
                );
                d.severity = severity;
                d.label("read revoked");
                related(d, base_at, format!("{}: read granted here", base.name));
            };
            for (object, field) in &fields {
                let FieldAccess::Granted(g) = base.access.field_read(bp, object, field) else {
                    continue;
                };
                let head = cx.access.field_read(hp, object, field);
                if let Some(l) = lost(cx, base, bp, hp, g.set, head) {
                    report(format!("{object}.{field}"), g.at, l);
                }
            }
            for object in &objects {
                let FieldAccess::Granted(g) = base.access.object_read(bp, object) else {
                    continue;
                };
                let head = cx.access.object_read(hp, object);
                if let Some(l) = lost(cx, base, bp, hp, g.set, head) {
                    report(format!("{object} records"), g.at, l);
                }
            }
        }
    }
}
