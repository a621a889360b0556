//! Who is exposed to the public, and which set grants an edit: facts about principals
//! that data classification rules, policies and reports share.

use crate::config::Classification;
use crate::model::{Flag, Model, SetKind};
use crate::salesforce::names::same_profile;

use super::Principal;

/// Guest, site and community profiles (indexes into `Model::sets`): `Guest User License`,
/// or `[classification] public-profiles`.
pub fn guest_profiles(model: &Model, c: &Classification) -> Vec<usize> {
    model
        .sets
        .iter()
        .map(|s| s.head())
        .enumerate()
        .filter(|(_, s)| {
            s.kind == SetKind::Profile
                && (s
                    .license
                    .as_ref()
                    .is_some_and(|l| l.value.eq_ignore_ascii_case("Guest User License"))
                    || c.public_profiles.iter().any(|p| same_profile(p, &s.name)))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The first contributing set of `p` that grants edit on `object`.`field`.
pub fn edit_grant(model: &Model, p: &Principal, object: &str, field: &str) -> Option<Flag> {
    p.set_indexes().find_map(|s| {
        model
            .set_field(s, object, field)
            .and_then(|f| f.editable)
            .filter(|e| e.value)
    })
}
