//! PM010: a muting permission set mutes a permission that no member set of its group
//! grants. Quiet for a group with a member the project doesn't hold (a managed package's
//! set, one from a dependency, one not found): that member may grant it.

use crate::model::{Flag, Loc, Model, ObjectPerm, PermSet, PermSetGroup, SetKind};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct MutingMutesNothing {
        code: "PM010",
        name: "muting-mutes-nothing",
        severity: Info,
        summary: "A muting permission set mutes a permission that no member of its group grants",
    }
}

type Pick = fn(&ObjectPerm) -> Option<Flag>;

/// Object flags a muting set can mute, each with the member flags that include it (a
/// member with Modify All grants Edit too).
const OBJECT_FLAGS: &[(&str, Pick, &[Pick])] = &[
    (
        "allowRead",
        |o| o.allow_read,
        &[
            |o| o.allow_read,
            |o| o.allow_create,
            |o| o.allow_edit,
            |o| o.allow_delete,
            |o| o.view_all_records,
            |o| o.modify_all_records,
        ],
    ),
    ("allowCreate", |o| o.allow_create, &[|o| o.allow_create]),
    (
        "allowEdit",
        |o| o.allow_edit,
        &[
            |o| o.allow_edit,
            |o| o.allow_delete,
            |o| o.modify_all_records,
        ],
    ),
    (
        "allowDelete",
        |o| o.allow_delete,
        &[|o| o.allow_delete, |o| o.modify_all_records],
    ),
    (
        "viewAllRecords",
        |o| o.view_all_records,
        &[|o| o.view_all_records, |o| o.modify_all_records],
    ),
    (
        "modifyAllRecords",
        |o| o.modify_all_records,
        &[|o| o.modify_all_records],
    ),
    (
        "viewAllFields",
        |o| o.view_all_fields,
        &[|o| o.view_all_fields],
    ),
];

/// The group's member sets, when the project holds every one of them.
fn members(model: &Model, group: &PermSetGroup) -> Option<Vec<usize>> {
    group
        .permission_sets
        .iter()
        .map(|name| {
            model.sets.iter().position(|s| {
                s.kind == SetKind::PermissionSet && s.name.eq_ignore_ascii_case(name.value.trim())
            })
        })
        .collect()
}

fn on(flag: Option<Flag>) -> Option<Loc> {
    flag.filter(|f| f.value).map(|f| f.at)
}

/// One muted permission: what it is (for messages and identity) and where.
struct Muted {
    what: String,
    at: Loc,
}

/// Everything `muting` mutes that no member grants.
fn unmatched(cx: &Context<'_>, muting: &PermSet, members: &[usize]) -> Vec<Muted> {
    let model = cx.model;
    let mut out = Vec::new();
    for fp in &muting.fields {
        let (object, field) = (fp.object(), fp.field_name());
        let entry = |s: usize| {
            model
                .set_field(s, object, field)
                .or_else(|| model.activity_sibling_field(s, object, field))
        };
        if on(fp.readable).is_some()
            && !members
                .iter()
                .any(|&s| cx.access.set_field_read(s, object, field).is_some())
        {
            out.push(Muted {
                what: format!("read on field {}", fp.field.value),
                at: fp.elem,
            });
        } else if on(fp.editable).is_some()
            && !members
                .iter()
                .any(|&s| entry(s).is_some_and(|e| Flag::is_true(e.editable)))
        {
            out.push(Muted {
                what: format!("edit on field {}", fp.field.value),
                at: fp.elem,
            });
        }
    }
    for op in &muting.objects {
        let object = &op.object.value;
        for (name, pick, granted_by) in OBJECT_FLAGS {
            if on(pick(op)).is_none() {
                continue;
            }
            let granted = members.iter().any(|&s| {
                model
                    .set_object(s, object)
                    .is_some_and(|m| granted_by.iter().any(|g| Flag::is_true(g(m))))
            });
            if !granted {
                out.push(Muted {
                    what: format!("{name} on object {object}"),
                    at: op.elem,
                });
            }
        }
    }
    for up in &muting.user_perms {
        if !Flag::is_true(up.enabled) {
            continue;
        }
        let name = &up.name.value;
        if !members
            .iter()
            .any(|&s| model.sets[s].user_permission(name).is_some())
        {
            out.push(Muted {
                what: format!("user permission {name}"),
                at: up.elem,
            });
        }
    }
    out
}

impl Rule for MutingMutesNothing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let model = cx.model;
        for group in &model.groups {
            if model.project.foreign_namespace(&group.name).is_some() {
                continue;
            }
            let Some(members) = members(model, group) else {
                continue;
            };
            for muting_name in &group.muting_sets {
                let Some(muting) = model.sets.iter().find(|s| {
                    s.kind == SetKind::MutingPermissionSet
                        && s.name.eq_ignore_ascii_case(muting_name.value.trim())
                }) else {
                    continue;
                };
                if model.managed_namespace(muting).is_some() {
                    continue;
                }
                for m in unmatched(cx, muting, &members) {
                    let d = sink
                        .report(
                            m.at,
                            format!(
                                "muting permission set `{}` mutes {}, which no member of permission set group `{}` grants",
                                muting.name, m.what, group.name
                            ),
                        )
                        .help(format!(
                            "a muting permission set takes away only what the group's members grant: remove this entry, or, if it guards against a member that may grant {} later, keep it and suppress this finding with that reason",
                            m.what
                        ))
                        .identity(format!("{}/{}/{}", group.name, muting.name, m.what));
                    d.label("mutes nothing");
                    if group.permission_sets.is_empty() {
                        d.related(group.root, "the group has no member permission sets");
                    }
                    for member in &group.permission_sets {
                        d.related(
                            member.at,
                            format!("member `{}` doesn't grant it", member.value.trim()),
                        );
                    }
                }
            }
        }
    }
}
