//! `PM`: permission hygiene in profiles, permission sets and muting sets.

pub mod duplicate_permission_entry;
pub mod editable_without_readable;
pub mod field_readable_by_nobody;
pub mod formula_field_editable;
pub mod group_member_unknown;
pub mod multiple_default_record_types;
pub mod muting_mutes_nothing;
pub mod required_field_permission;
pub mod unknown_field_permission;
pub mod unknown_reference;

super::family! {
    Permissions:
    editable_without_readable,
    formula_field_editable,
    required_field_permission,
    unknown_field_permission,
    duplicate_permission_entry,
    unknown_reference,
    multiple_default_record_types,
    field_readable_by_nobody,
    muting_mutes_nothing,
    group_member_unknown,
}

use super::Context;
use crate::model::{Model, PermSet, SetKind, SetSlot};

/// The sets the project can change: every set except those of a managed package in
/// another namespace (`FinServ__Teller`), which are read-only for a subscriber. Hygiene
/// rules report only in these.
pub fn own_sets(model: &Model) -> impl Iterator<Item = &PermSet> {
    own_set_ids(model).map(|(_, s)| s)
}

/// [`own_sets`] with each set's index in `model.sets`.
pub fn own_set_ids(model: &Model) -> impl Iterator<Item = (usize, &PermSet)> {
    own_slots(model).map(|(i, s)| (i, &**s))
}

/// The slots of [`own_set_ids`], chosen by their heads (a set from the cache is read only
/// when a rule uses its entries).
fn own_slots(model: &Model) -> impl Iterator<Item = (usize, &SetSlot)> {
    model
        .sets
        .iter()
        .enumerate()
        .filter(|(_, s)| model.project.foreign_namespace(&s.head().name).is_none())
}

/// [`own_set_ids`] whose findings the run reports ([`crate::rules::Reported`]): for the
/// checks whose findings are in the set's own files.
pub fn reported_own_set_ids<'a>(cx: &Context<'a>) -> impl Iterator<Item = (usize, &'a PermSet)> {
    let reported = cx.reported;
    own_slots(cx.model)
        .filter(move |(_, s)| reported.any(&s.head().files))
        .map(|(i, s)| (i, &**s))
}

/// [`granting_set_ids`] whose findings the run reports.
pub fn reported_granting_set_ids<'a>(
    cx: &Context<'a>,
) -> impl Iterator<Item = (usize, &'a PermSet)> {
    let reported = cx.reported;
    own_slots(cx.model)
        .filter(move |(_, s)| {
            s.head().kind != SetKind::MutingPermissionSet && reported.any(&s.head().files)
        })
        .map(|(i, s)| (i, &**s))
}

/// The project's own profiles and permission sets: the sets that grant. Muting sets
/// invert the meaning of `true`, so grant-side checks skip them.
pub fn granting_sets(model: &Model) -> impl Iterator<Item = &PermSet> {
    granting_set_ids(model).map(|(_, s)| s)
}

/// [`granting_sets`] with each set's index in `model.sets`.
pub fn granting_set_ids(model: &Model) -> impl Iterator<Item = (usize, &PermSet)> {
    own_set_ids(model).filter(|(_, s)| s.kind != SetKind::MutingPermissionSet)
}
