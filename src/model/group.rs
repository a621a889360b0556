//! Permission set groups: member permission sets and muting sets.

use crate::diagnostic::FileId;
use crate::xml::Element;

use super::values::{Flag, Loc, Text, flag, name_texts, text};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PermSetGroup {
    pub name: String,
    pub root: Loc,
    pub label: Option<Text>,
    pub permission_sets: Vec<Text>,
    pub muting_sets: Vec<Text>,
    pub has_activation_required: Option<Flag>,
}

impl PermSetGroup {
    pub fn read(file: FileId, name: String, root: Element<'_>) -> Self {
        PermSetGroup {
            name,
            root: Loc::new(file, root.name_span()),
            label: text(file, root, "label"),
            permission_sets: name_texts(file, root, "permissionSets"),
            muting_sets: name_texts(file, root, "mutingPermissionSets"),
            has_activation_required: flag(file, root, "hasActivationRequired"),
        }
    }
}
