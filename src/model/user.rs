//! User records kept in source. Salesforce has no User metadata type, so sflint reads
//! three forms: its own `users/*.user-meta.xml` manifest, SFDX user definition JSON
//! (`sf org create user --definition-file`), and sObject tree exports (`sf data export tree`).

use crate::diagnostic::FileId;
use crate::xml::Element;

use super::values::{Flag, Loc, Text, flag, text, texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserForm {
    Manifest,
    Definition,
    TreeExport,
}

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub form: UserForm,
    pub username: Option<Text>,
    /// Profile name as written: a full name (`Admin`) or a display name (`System Administrator`).
    pub profile: Option<Text>,
    pub is_active: Option<Flag>,
    pub is_frozen: Option<Flag>,
    pub permission_sets: Vec<Text>,
    pub permission_set_groups: Vec<Text>,
    /// The record: the `<User>` root or the JSON object.
    pub elem: Loc,
}

impl UserRecord {
    /// A name to show: the username, else the file's record location.
    pub fn label(&self) -> String {
        self.username
            .as_ref()
            .map_or_else(|| "a user record".to_string(), |u| format!("user `{}`", u.value))
    }

    /// Read sflint's own manifest: `<User>` with `username`, `profile`, `isActive`,
    /// `isFrozen`, repeated `permissionSets` and `permissionSetGroups`.
    pub fn read_manifest(file: FileId, root: Element<'_>) -> UserRecord {
        UserRecord {
            form: UserForm::Manifest,
            username: text(file, root, "username"),
            profile: text(file, root, "profile"),
            is_active: flag(file, root, "isActive"),
            is_frozen: flag(file, root, "isFrozen"),
            permission_sets: texts(file, root, "permissionSets"),
            permission_set_groups: texts(file, root, "permissionSetGroups"),
            elem: Loc::new(file, root.name_span()),
        }
    }

    pub fn active(&self) -> bool {
        self.is_active.is_none_or(|f| f.value)
    }

    pub fn frozen(&self) -> bool {
        Flag::is_true(self.is_frozen)
    }
}
