//! Every way a principal gets (or is refused) an access: each contributing set asked on
//! its own, with its group's muting sets, so a reviewer sees what removing one grant
//! would leave.

use serde::Serialize;

use crate::access::{Access, FieldAccess, Grant, Principal};
use crate::model::compound::permissioned;
use crate::model::{Flag, Loc, ObjectPerm, SetKind};
use crate::pipeline::LoadedProject;

use super::At;

/// An object right: its name in reports, the `<objectPermissions>` flag, and the user
/// permissions that grant it on every object.
pub struct Right {
    pub name: &'static str,
    pub element: &'static str,
    pick: fn(&ObjectPerm) -> Option<Flag>,
    user_perms: &'static [&'static str],
}

pub const VIEW_ALL_DATA: &str = "ViewAllData";
pub const MODIFY_ALL_DATA: &str = "ModifyAllData";

/// Create, Read, Edit, Delete, View All and Modify All. View All Data grants read and
/// View All on every object, Modify All Data every right (Salesforce Help, "User
/// Permissions and Access").
pub const RIGHTS: &[Right] = &[
    Right {
        name: "read",
        element: "allowRead",
        pick: |o| o.allow_read,
        user_perms: &[VIEW_ALL_DATA, MODIFY_ALL_DATA],
    },
    Right {
        name: "create",
        element: "allowCreate",
        pick: |o| o.allow_create,
        user_perms: &[MODIFY_ALL_DATA],
    },
    Right {
        name: "edit",
        element: "allowEdit",
        pick: |o| o.allow_edit,
        user_perms: &[MODIFY_ALL_DATA],
    },
    Right {
        name: "delete",
        element: "allowDelete",
        pick: |o| o.allow_delete,
        user_perms: &[MODIFY_ALL_DATA],
    },
    Right {
        name: "view-all",
        element: "viewAllRecords",
        pick: |o| o.view_all_records,
        user_perms: &[VIEW_ALL_DATA, MODIFY_ALL_DATA],
    },
    Right {
        name: "modify-all",
        element: "modifyAllRecords",
        pick: |o| o.modify_all_records,
        user_perms: &[MODIFY_ALL_DATA],
    },
];

/// The principal's effective right on an object: the `<objectPermissions>` flags (read
/// also through View All / Modify All on the object), else View All Data or Modify All
/// Data.
pub fn object_right(access: &Access<'_>, p: &Principal, object: &str, r: &Right) -> FieldAccess {
    let a = if r.name == "read" {
        access.object_read(p, object)
    } else {
        access.object_right(p, object, r.pick)
    };
    if matches!(a, FieldAccess::Granted(_)) {
        return a;
    }
    r.user_perms
        .iter()
        .find_map(|up| access.user_permission(p, up))
        .map_or(a, FieldAccess::Granted)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    Grants,
    Muted,
    Denies,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetRef {
    /// `profile`, `permission set` or `muting permission set`.
    pub kind: &'static str,
    pub name: String,
}

impl SetRef {
    pub fn of(access: &Access<'_>, set: usize) -> SetRef {
        let s = access.set(set);
        SetRef {
            kind: s.kind.label(),
            name: s.name.clone(),
        }
    }

    pub fn describe(&self) -> String {
        format!("{} `{}`", self.kind, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Muting {
    pub set: String,
    pub at: At,
    #[serde(skip)]
    pub loc: Loc,
}

/// One contributing set's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Way {
    pub effect: Effect,
    /// `read`, `edit`, an object right, or `enabled` for a user permission.
    pub access: &'static str,
    /// The element or permission that decides: `readable`, `editable`, `viewAllFields`,
    /// `ViewAllFieldsGlobal`, `allowRead`, `viewAllRecords`, `ViewAllData`, `enabled`, …
    pub via: String,
    pub set: SetRef,
    /// The permission set group it comes through.
    pub group: Option<String>,
    pub at: At,
    #[serde(skip)]
    pub loc: Loc,
    /// For `muted`: the muting permission set that removes the grant.
    pub muted_by: Option<Muting>,
}

/// Each contributing set alone: the profile, then each member with its group.
fn alone(p: &Principal) -> Vec<Principal> {
    let mut out = Vec::new();
    if let Some(s) = p.profile {
        let mut one = p.clone();
        one.members.clear();
        one.profile = Some(s);
        out.push(one);
    }
    for m in &p.members {
        let mut one = p.clone();
        one.profile = None;
        one.members = vec![m.clone()];
        out.push(one);
    }
    out
}

struct Ctx<'a, 'm> {
    project: &'a LoadedProject,
    access: &'a Access<'m>,
}

impl Ctx<'_, '_> {
    fn way(
        &self,
        one: &Principal,
        a: FieldAccess,
        access: &'static str,
        via: &dyn Fn(Grant) -> String,
    ) -> Option<Way> {
        let set = one.set_indexes().next()?;
        let group = one
            .members
            .first()
            .and_then(|m| m.group)
            .map(|g| self.access.model.groups[g].name.clone());
        let (effect, loc, via, muted_by) = match a {
            FieldAccess::Granted(g) => (Effect::Grants, g.at, via(g), None),
            FieldAccess::Muted {
                grant,
                muting_set,
                muted_at,
            } => (
                Effect::Muted,
                grant.at,
                via(grant),
                Some(Muting {
                    set: self.access.set(muting_set).name.clone(),
                    at: At::of(self.project, muted_at),
                    loc: muted_at,
                }),
            ),
            FieldAccess::Denied(d) => (Effect::Denies, d[0].at, String::new(), None),
            FieldAccess::NotGranted => return None,
        };
        Some(Way {
            effect,
            access,
            via,
            set: SetRef::of(self.access, set),
            group,
            at: At::of(self.project, loc),
            loc,
            muted_by,
        })
    }
}

/// Every way the principal reads and edits `Object.Field`.
pub fn field_ways(
    project: &LoadedProject,
    access: &Access<'_>,
    p: &Principal,
    object: &str,
    field: &str,
) -> Vec<Way> {
    let cx = Ctx { project, access };
    let (po, _) = permissioned(object, field);
    let read_via = |g: Grant| {
        if access.view_all_fields_global(g.set) == Some(g.at) {
            crate::access::VIEW_ALL_FIELDS_GLOBAL.to_string()
        } else if access
            .model
            .set_object(g.set, &po)
            .and_then(|o| o.view_all_fields)
            .is_some_and(|f| f.at == g.at)
        {
            "viewAllFields".to_string()
        } else {
            "readable".to_string()
        }
    };
    let mut out = Vec::new();
    for one in alone(p) {
        let denies = |w: &Way| w.effect == Effect::Denies;
        let mut read = cx.way(
            &one,
            access.field_read(&one, object, field),
            "read",
            &read_via,
        );
        if let Some(w) = read.as_mut().filter(|w| denies(w)) {
            w.via = "readable".into();
        }
        let mut edit = cx.way(
            &one,
            access.field_edit(&one, object, field),
            "edit",
            &|_| "editable".to_string(),
        );
        if let Some(w) = edit.as_mut().filter(|w| denies(w)) {
            w.via = "editable".into();
        }
        out.extend(read);
        out.extend(edit);
    }
    out
}

/// Every way the principal gets each right on `object`: each set's `<objectPermissions>`
/// flags, then View All Data and Modify All Data (which grant on every object).
pub fn object_ways(
    project: &LoadedProject,
    access: &Access<'_>,
    p: &Principal,
    object: &str,
) -> Vec<Way> {
    let cx = Ctx { project, access };
    let mut out = Vec::new();
    for one in alone(p) {
        for r in RIGHTS {
            let a = if r.name == "read" {
                access.object_read(&one, object)
            } else {
                access.object_right(&one, object, r.pick)
            };
            let via = |g: Grant| {
                access
                    .model
                    .set_object(g.set, object)
                    .map(|o| {
                        [
                            ("allowRead", o.allow_read),
                            ("viewAllRecords", o.view_all_records),
                            ("modifyAllRecords", o.modify_all_records),
                            (r.element, (r.pick)(o)),
                        ]
                    })
                    .unwrap_or_default()
                    .iter()
                    .find(|(_, f)| f.is_some_and(|f| f.at == g.at))
                    .map_or(r.element, |(n, _)| n)
                    .to_string()
            };
            let mut w = cx.way(&one, a, r.name, &via);
            if let Some(w) = w.as_mut().filter(|w| w.effect == Effect::Denies) {
                w.via = r.element.into();
            }
            out.extend(w);
        }
        for (up, rights) in [
            (VIEW_ALL_DATA, "read, view-all"),
            (MODIFY_ALL_DATA, "every right"),
        ] {
            if let Some(g) = access.user_permission(&one, up) {
                out.extend(cx.way(&one, FieldAccess::Granted(g), rights, &|_| up.to_string()));
            }
        }
    }
    out
}

/// Every way the principal gets a user permission, and where a muting set removes it.
pub fn permission_ways(
    project: &LoadedProject,
    access: &Access<'_>,
    p: &Principal,
    name: &str,
) -> Vec<Way> {
    let cx = Ctx { project, access };
    let model = access.model;
    let mut out = Vec::new();
    for one in alone(p) {
        let Some(set) = one.set_indexes().next() else {
            continue;
        };
        let a = match access.user_permission(&one, name) {
            Some(g) => FieldAccess::Granted(g),
            None => {
                let entry = model.sets[set]
                    .user_perms
                    .iter()
                    .find(|u| u.name.value.eq_ignore_ascii_case(name));
                match entry {
                    Some(u) if Flag::is_true(u.enabled) => {
                        let grant = Grant {
                            set,
                            at: u.enabled.map_or(u.elem, |f| f.at),
                        };
                        // Enabled, yet not granted: a muting set of its group removes it.
                        let muting = one
                            .members
                            .first()
                            .and_then(|m| m.group)
                            .map(|g| &model.groups[g].muting_sets)
                            .into_iter()
                            .flatten()
                            .find_map(|ms| {
                                let i = model.sets.iter().position(|s| {
                                    s.kind == SetKind::MutingPermissionSet
                                        && s.name.eq_ignore_ascii_case(&ms.value)
                                })?;
                                let u = model.sets[i].user_permission(name)?;
                                Some((i, u.enabled.map_or(u.elem, |f| f.at)))
                            });
                        match muting {
                            Some((muting_set, muted_at)) => FieldAccess::Muted {
                                grant,
                                muting_set,
                                muted_at,
                            },
                            None => FieldAccess::NotGranted,
                        }
                    }
                    Some(u) => FieldAccess::Denied(vec![Grant {
                        set,
                        at: u.enabled.map_or(u.elem, |f| f.at),
                    }]),
                    None => FieldAccess::NotGranted,
                }
            }
        };
        out.extend(cx.way(&one, a, "enabled", &|_| "enabled".to_string()));
    }
    out
}
