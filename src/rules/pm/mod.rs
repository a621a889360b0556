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
use crate::model::{PermSet, SetHead, SetKind};

/// The sets the project can change (every set except those of a managed package in another
/// namespace, `FinServ__Teller`, read-only for a subscriber) whose findings the run reports
/// ([`crate::rules::Reported`]) and that `keep` picks, with each set's index in
/// `model.sets`: for the hygiene checks, whose findings are in the set's own files. Sets
/// are chosen by their heads, so a set from the cache is read only when it is checked.
pub fn reported_own_sets<'a>(
    cx: &Context<'a>,
    keep: impl Fn(&SetHead) -> bool + 'a,
) -> impl Iterator<Item = (usize, &'a PermSet)> + 'a {
    let (model, reported) = (cx.model, cx.reported);
    model
        .sets
        .iter()
        .enumerate()
        .filter(move |(_, s)| {
            let head = s.head();
            model.project.foreign_namespace(&head.name).is_none()
                && reported.any(&head.files)
                && keep(head)
        })
        .map(|(i, s)| (i, &**s))
}

/// [`reported_own_sets`], all of them.
pub fn reported_own_set_ids<'a>(cx: &Context<'a>) -> impl Iterator<Item = (usize, &'a PermSet)> {
    reported_own_sets(cx, |_| true)
}

/// [`reported_own_sets`] that grant: profiles and permission sets. Muting sets invert the
/// meaning of `true`, so grant-side checks skip them.
pub fn reported_granting_set_ids<'a>(
    cx: &Context<'a>,
) -> impl Iterator<Item = (usize, &'a PermSet)> {
    reported_own_sets(cx, |h| h.kind != SetKind::MutingPermissionSet)
}
