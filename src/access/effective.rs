//! Effective access of a principal: profile ∪ permission sets ∪ groups' member sets,
//! minus each group's muting sets. Every decision says which file and element made it.
//!
//! View All Data / Modify All Data never grant field access; only `readable` true, the
//! object's `viewAllFields` true, or the `ViewAllFieldsGlobal` user permission ("View All
//! Fields (Global)": read on every field of every object) do. A muting set mutes a grant
//! by naming what granted it: the field's read, the object's `viewAllFields`, or the
//! `ViewAllFieldsGlobal` user permission.
//!
//! Field questions are asked of the field that carries the FLS: a compound field for its
//! components (`Account.BillingCity` -> `Account.BillingAddress`), the Contact field for a
//! person-account field (`Account.X__pc` -> `Contact.X__c`); see [`crate::model::compound`].
//! A custom activity field has one FLS, written as `Task.X__c` and `Event.X__c`: a
//! question about `Activity.X__c` reads either entry, and one about `Task.X__c` falls back
//! to an `Activity.X__c` entry.

use std::collections::HashMap;

use crate::matrix::MatrixAccess;
use crate::model::compound::permissioned;
use crate::model::{FieldPerm, Flag, Loc, Model, ObjectPerm, PermSet, SetKind};

use super::principal::{Principal, resolve_principals};
use crate::config::Settings;

/// A grant: the set and the element (`true`) that grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    /// Index into `Model::sets`.
    pub set: usize,
    pub at: Loc,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldAccess {
    Granted(Grant),
    /// Granted only by sets whose group mutes it again.
    Muted {
        grant: Grant,
        muting_set: usize,
        muted_at: Loc,
    },
    /// Not granted, and explicitly `false` in these sets (profile or permission set).
    Denied(Vec<Grant>),
    /// Not granted, and nothing in source says anything about it.
    NotGranted,
}

pub type ObjectAccess = FieldAccess;

pub struct Access<'m> {
    pub model: &'m Model,
    pub principals: Vec<Principal>,
    /// Group index -> its muting sets (indexes into `Model::sets`).
    muting: HashMap<usize, Vec<usize>>,
}

/// The user permission that grants read on every field of every object.
pub const VIEW_ALL_FIELDS_GLOBAL: &str = "ViewAllFieldsGlobal";

/// What made a grant: only a muting set that names the same thing removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    /// The entry itself (`readable`, `allowRead`, …).
    Entry,
    /// The object's `viewAllFields`.
    ObjectViewAll,
    /// The `ViewAllFieldsGlobal` user permission.
    GlobalViewAll,
}

/// One answer from one set about one field or object.
enum Says {
    Grants(Loc, Via),
    Denies(Loc),
    Silent,
}

impl<'m> Access<'m> {
    pub fn new(model: &'m Model, settings: &Settings) -> Access<'m> {
        let principals = resolve_principals(model, settings);
        // Every group's muting sets: any principal (an integration principal, or a user,
        // group or profile of the project) may be asked about.
        let muting = model
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let sets = group
                    .muting_sets
                    .iter()
                    .filter_map(|name| {
                        model.sets.iter().position(|s| {
                            s.kind == SetKind::MutingPermissionSet
                                && s.name.eq_ignore_ascii_case(&name.value)
                        })
                    })
                    .collect::<Vec<_>>();
                (g, sets)
            })
            .collect();
        Access {
            model,
            principals,
            muting,
        }
    }

    /// The entry for a field in a set; `object`/`field` are already the permissioned
    /// names, `original` the field as read (a set may still name a component).
    fn field_perm(
        &self,
        set: usize,
        object: &str,
        field: &str,
        original: (&str, &str),
    ) -> Option<&'m FieldPerm> {
        self.model
            .set_field(set, object, field)
            .or_else(|| {
                let same = object.eq_ignore_ascii_case(original.0)
                    && field.eq_ignore_ascii_case(original.1);
                (!same)
                    .then(|| self.model.set_field(set, original.0, original.1))
                    .flatten()
            })
            .or_else(|| self.model.activity_sibling_field(set, object, field))
    }

    fn field_says(&self, set: usize, object: &str, field: &str, original: (&str, &str)) -> Says {
        let readable = self
            .field_perm(set, object, field, original)
            .and_then(|fp| fp.readable);
        if let Some(r) = readable.filter(|r| r.value) {
            return Says::Grants(r.at, Via::Entry);
        }
        // Nothing said, or readable false: View All Fields on the object, or globally,
        // still grants.
        if let Some(at) = self.view_all_fields(set, object) {
            return Says::Grants(at, Via::ObjectViewAll);
        }
        if let Some(at) = self.view_all_fields_global(set) {
            return Says::Grants(at, Via::GlobalViewAll);
        }
        match readable {
            Some(r) => Says::Denies(r.at),
            None => Says::Silent,
        }
    }

    /// Where set `set` alone makes `Object.Field` readable: its `readable` true, the
    /// object's `viewAllFields` true, or `ViewAllFieldsGlobal`. Muting is not applied.
    pub fn set_field_read(&self, set: usize, object: &str, field: &str) -> Option<Loc> {
        let original = (object, field);
        let (object, field) = permissioned(object, field);
        match self.field_says(set, &object, &field, original) {
            Says::Grants(at, _) => Some(at),
            _ => None,
        }
    }

    /// The `ViewAllFieldsGlobal` user permission of a set, when it is enabled.
    pub fn view_all_fields_global(&self, set: usize) -> Option<Loc> {
        self.model.sets[set]
            .user_permission(VIEW_ALL_FIELDS_GLOBAL)
            .map(|up| up.enabled.map_or(up.elem, |f| f.at))
    }

    fn view_all_fields(&self, set: usize, object: &str) -> Option<Loc> {
        self.model
            .set_object(set, object)?
            .view_all_fields
            .filter(|f| f.value)
            .map(|f| f.at)
    }

    fn object_says(&self, set: usize, object: &str) -> Says {
        let Some(o) = self.model.set_object(set, object) else {
            return Says::Silent;
        };
        for f in [o.allow_read, o.view_all_records, o.modify_all_records] {
            if let Some(f) = f.filter(|f| f.value) {
                return Says::Grants(f.at, Via::Entry);
            }
        }
        match o.allow_read {
            Some(f) if !f.value => Says::Denies(f.at),
            _ => Says::Silent,
        }
    }

    /// Combine what each contributing set says, applying muting per group. `skip` leaves
    /// out members (set, group) from the decision.
    fn decide(
        &self,
        p: &Principal,
        skip: &dyn Fn(usize, Option<usize>) -> bool,
        says: impl Fn(usize) -> Says,
        mutes: impl Fn(usize, Via) -> Option<Loc>,
    ) -> FieldAccess {
        let mut muted: Option<FieldAccess> = None;
        let mut denied = Vec::new();
        let sources = p
            .profile
            .map(|s| (s, None))
            .into_iter()
            .chain(p.members.iter().map(|m| (m.set, m.group)));
        for (set, group) in sources {
            if skip(set, group) {
                continue;
            }
            match says(set) {
                Says::Grants(at, via) => {
                    let grant = Grant { set, at };
                    let muting = group
                        .and_then(|g| self.muting.get(&g))
                        .into_iter()
                        .flatten()
                        .find_map(|&ms| mutes(ms, via).map(|loc| (ms, loc)));
                    match muting {
                        None => return FieldAccess::Granted(grant),
                        Some((muting_set, muted_at)) => {
                            muted.get_or_insert(FieldAccess::Muted {
                                grant,
                                muting_set,
                                muted_at,
                            });
                        }
                    }
                }
                Says::Denies(at) => denied.push(Grant { set, at }),
                Says::Silent => {}
            }
        }
        if let Some(m) = muted {
            return m;
        }
        if denied.is_empty() {
            FieldAccess::NotGranted
        } else {
            FieldAccess::Denied(denied)
        }
    }

    /// The matrix's verdict on `Object.Field`: read as [`Access::field_read`] decides, edit
    /// when read is granted and [`Access::field_edit`] grants edit too (a contributing set
    /// has `editable` true that no muting set of its group mutes, compound fields by their
    /// permissioned field); with the grant that decides read. `sflint matrix` and
    /// `sflint explain` share it.
    pub fn field_level(
        &self,
        p: &Principal,
        object: &str,
        field: &str,
    ) -> (MatrixAccess, Option<Grant>) {
        let FieldAccess::Granted(grant) = self.field_read(p, object, field) else {
            return (MatrixAccess::None, None);
        };
        let edit = matches!(self.field_edit(p, object, field), FieldAccess::Granted(_));
        let level = if edit {
            MatrixAccess::Edit
        } else {
            MatrixAccess::Read
        };
        (level, Some(grant))
    }

    /// Can the principal read `Object.Field`?
    pub fn field_read(&self, p: &Principal, object: &str, field: &str) -> FieldAccess {
        self.field_read_without(p, object, field, &|_, _| false)
    }

    /// Can the principal read `Object.Field` without the members `skip` leaves out?
    pub fn field_read_without(
        &self,
        p: &Principal,
        object: &str,
        field: &str,
        skip: &dyn Fn(usize, Option<usize>) -> bool,
    ) -> FieldAccess {
        let original = (object, field);
        let (object, field) = permissioned(object, field);
        let (object, field) = (object.as_ref(), field.as_ref());
        self.decide(
            p,
            skip,
            |set| self.field_says(set, object, field, original),
            // Muting the field's read removes any grant of it; muting View All Fields
            // (the object's, or the global user permission) removes only grants that came
            // through it.
            |ms, via| {
                let field_mute = self
                    .field_perm(ms, object, field, original)
                    .and_then(|fp| fp.readable)
                    .filter(|f| f.value)
                    .map(|f| f.at);
                field_mute.or_else(|| match via {
                    Via::Entry => None,
                    Via::ObjectViewAll => self.view_all_fields(ms, object),
                    Via::GlobalViewAll => self.view_all_fields_global(ms),
                })
            },
        )
    }

    /// Can the principal read records of `object`?
    pub fn object_read(&self, p: &Principal, object: &str) -> ObjectAccess {
        self.object_read_without(p, object, &|_, _| false)
    }

    /// Can the principal read records of `object` without the members `skip` leaves out?
    pub fn object_read_without(
        &self,
        p: &Principal,
        object: &str,
        skip: &dyn Fn(usize, Option<usize>) -> bool,
    ) -> ObjectAccess {
        self.decide(
            p,
            skip,
            |set| self.object_says(set, object),
            |ms, _| {
                self.model
                    .set_object(ms, object)?
                    .allow_read
                    .filter(|f| f.value)
                    .map(|f| f.at)
            },
        )
    }

    /// Does the principal have an object right other than read (`pick` chooses the flag of
    /// an `<objectPermissions>` entry: `allowEdit`, `modifyAllRecords`, …)? A group's muting
    /// set mutes it by setting the same flag.
    pub fn object_right(
        &self,
        p: &Principal,
        object: &str,
        pick: fn(&ObjectPerm) -> Option<Flag>,
    ) -> ObjectAccess {
        let flag = |set: usize| pick(self.model.set_object(set, object)?);
        self.decide(
            p,
            &|_, _| false,
            |set| match flag(set) {
                Some(f) if f.value => Says::Grants(f.at, Via::Entry),
                Some(f) => Says::Denies(f.at),
                None => Says::Silent,
            },
            |ms, _| flag(ms).filter(|f| f.value).map(|f| f.at),
        )
    }

    /// Can the principal edit `Object.Field` (`editable` true, not muted)?
    pub fn field_edit(&self, p: &Principal, object: &str, field: &str) -> FieldAccess {
        let original = (object, field);
        let (object, field) = permissioned(object, field);
        let flag = |set: usize| self.field_perm(set, &object, &field, original)?.editable;
        self.decide(
            p,
            &|_, _| false,
            |set| match flag(set) {
                Some(f) if f.value => Says::Grants(f.at, Via::Entry),
                Some(f) => Says::Denies(f.at),
                None => Says::Silent,
            },
            |ms, _| flag(ms).filter(|f| f.value).map(|f| f.at),
        )
    }

    /// The first contributing set that enables a user permission (names compare
    /// case-insensitively), unless the member's group mutes it.
    pub fn user_permission(&self, p: &Principal, name: &str) -> Option<Grant> {
        let sources = p
            .profile
            .map(|s| (s, None))
            .into_iter()
            .chain(p.members.iter().map(|m| (m.set, m.group)));
        for (set, group) in sources {
            let Some(up) = self.model.sets[set].user_permission(name) else {
                continue;
            };
            let muted = group
                .and_then(|g| self.muting.get(&g))
                .into_iter()
                .flatten()
                .any(|&ms| self.model.sets[ms].user_permission(name).is_some());
            if !muted {
                return Some(Grant {
                    set,
                    at: up.enabled.map_or(up.elem, |f: Flag| f.at),
                });
            }
        }
        None
    }

    /// Where this member needs session activation: the `true` of the set's own
    /// `hasActivationRequired` when it is assigned directly, or of the group's when it comes
    /// through a group. Session-based sets inside a group need no activation for users
    /// assigned to the group (Object Reference, "SessionPermSetActivation"): only the
    /// group's own flag counts for what arrives through it.
    pub fn activation_at(&self, set: usize, group: Option<usize>) -> Option<Loc> {
        let flag = match group {
            Some(g) => self.model.groups[g].has_activation_required,
            None => self.model.sets[set].has_activation_required,
        };
        flag.filter(|f| f.value).map(|f| f.at)
    }

    /// Is this member session-based (see [`Access::activation_at`])? Background jobs
    /// never activate such sets.
    pub fn needs_activation(&self, set: usize, group: Option<usize>) -> bool {
        self.activation_at(set, group).is_some()
    }

    pub fn set(&self, i: usize) -> &'m PermSet {
        &self.model.sets[i]
    }
}
