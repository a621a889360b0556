//! User records kept in source. Salesforce has no User metadata type, so sflint reads
//! three forms: its own `users/*.user-meta.xml` record, SFDX user definition JSON
//! (`sf org create user --definition-file`), and sObject tree exports (`sf data export tree`).
//!
//! sflint's record is not deployable metadata and not a Salesforce object: it describes one
//! existing org user by combining User (`username`, `profile`, `isActive`), UserLogin
//! (`isFrozen`, i.e. `UserLogin.IsFrozen`; User has no frozen field) and the user's
//! permission set assignments. Its home is `config/users/`, outside the package
//! directories (SF007 reports one inside a package directory that `.forceignore` misses).
//! In a user definition JSON, `IsFrozen` is invalid (SF008) but still read as the intent.

use crate::diagnostic::FileId;
use crate::interned::Name;
use crate::xml::Element;

use super::values::{Flag, Loc, Text, flag, text, texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum UserForm {
    Manifest,
    Definition,
    TreeExport,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
        self.username.as_ref().map_or_else(
            || "a user record".to_string(),
            |u| format!("user `{}`", u.value),
        )
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

use crate::json::{Json, JsonValue};

fn json_text(file: FileId, v: &Json) -> Option<Text> {
    let s = v.as_str()?.trim();
    (!s.is_empty()).then(|| Text {
        value: Name::new(s),
        at: Loc::new(file, v.string_content_span()),
    })
}

fn json_flag(file: FileId, v: &Json) -> Option<Flag> {
    v.as_bool().map(|value| Flag {
        value,
        at: Loc::new(file, v.span),
    })
}

/// `permsets`: an array of names or one comma-separated string.
fn json_names(file: FileId, v: Option<&Json>) -> Vec<Text> {
    let Some(v) = v else { return Vec::new() };
    if let Some(items) = v.as_array() {
        return items.iter().filter_map(|i| json_text(file, i)).collect();
    }
    let Some(s) = v.as_str() else {
        return Vec::new();
    };
    let content = v.string_content_span();
    // Point each name at its own bytes when the string had no escapes.
    let exact = content.len() == s.len();
    let mut out = Vec::new();
    let mut offset = 0;
    for part in s.split(',') {
        let name = part.trim();
        if !name.is_empty() {
            let span = if exact {
                let start =
                    content.start as usize + offset + (part.len() - part.trim_start().len());
                crate::source::Span::new(start, start + name.len())
            } else {
                content
            };
            out.push(Text {
                value: Name::new(name),
                at: Loc::new(file, span),
            });
        }
        offset += part.len() + 1;
    }
    out
}

/// The User records of an sObject tree file (`records` whose `attributes.type` is
/// `User`); `None` when the JSON is no tree file.
pub fn tree_users(json: &Json) -> Option<impl Iterator<Item = &Json>> {
    let records = json.get_ci("records").and_then(Json::as_array)?;
    Some(records.iter().filter(|r| {
        r.get_ci("attributes")
            .and_then(|a| a.get_ci("type"))
            .and_then(Json::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("User"))
    }))
}

impl UserRecord {
    /// Users in a JSON file: an SFDX user definition (one object with `profileName` or
    /// `Username`), or an sObject tree export (`records` of `attributes.type` `User`).
    /// Other JSON yields nothing.
    pub fn read_json(file: FileId, json: &Json) -> Vec<UserRecord> {
        if let Some(records) = tree_users(json) {
            return records
                .map(|r| UserRecord {
                    form: UserForm::TreeExport,
                    username: r.get_ci("Username").and_then(|v| json_text(file, v)),
                    profile: r
                        .get_ci("Profile")
                        .and_then(|p| p.get_ci("Name"))
                        .and_then(|v| json_text(file, v)),
                    is_active: r.get_ci("IsActive").and_then(|v| json_flag(file, v)),
                    is_frozen: None,
                    permission_sets: Vec::new(),
                    permission_set_groups: Vec::new(),
                    elem: Loc::new(file, r.span),
                })
                .collect();
        }
        if !matches!(json.value, JsonValue::Object(_)) {
            return Vec::new();
        }
        let profile = json.get_ci("profileName");
        let username = json.get_ci("Username");
        let looks_like_user = profile.is_some()
            || (username.is_some()
                && (json.get_ci("LastName").is_some() || json.get_ci("Email").is_some()));
        if !looks_like_user {
            return Vec::new();
        }
        vec![UserRecord {
            form: UserForm::Definition,
            username: username.and_then(|v| json_text(file, v)),
            profile: profile.and_then(|v| json_text(file, v)),
            is_active: json.get_ci("IsActive").and_then(|v| json_flag(file, v)),
            is_frozen: json.get_ci("IsFrozen").and_then(|v| json_flag(file, v)),
            permission_sets: json_names(file, json.get_ci("permsets")),
            permission_set_groups: json_names(file, json.get_ci("permsetgroups")),
            elem: Loc::new(file, json.span),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<UserRecord> {
        UserRecord::read_json(FileId(0), &crate::json::parse(text).unwrap())
    }

    #[test]
    fn user_definition_with_comma_permsets() {
        let text = r#"{"username":"a@b.c","LastName":"X","ProfileName":"Analytics Cloud Integration User","permsets":"PS_A, PS_B"}"#;
        let users = read(text);
        assert_eq!(users.len(), 1);
        let u = &users[0];
        assert_eq!(u.form, UserForm::Definition);
        assert_eq!(u.username.as_ref().unwrap().value, "a@b.c");
        assert_eq!(
            u.profile.as_ref().unwrap().value,
            "Analytics Cloud Integration User"
        );
        let names: Vec<_> = u.permission_sets.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(names, ["PS_A", "PS_B"]);
        assert_eq!(&text[u.permission_sets[1].at.span.range()], "PS_B");
        assert!(u.active() && !u.frozen());
    }

    #[test]
    fn tree_export_users_only() {
        let text = r#"{"records":[{"attributes":{"type":"User","referenceId":"U1"},"Username":"i@x.y","IsActive":false,"Profile":{"Name":"Analytics Cloud Integration User"}},{"attributes":{"type":"Account"},"Name":"A"}]}"#;
        let users = read(text);
        assert_eq!(users.len(), 1);
        assert_eq!(users[0].form, UserForm::TreeExport);
        assert!(!users[0].active());
        assert_eq!(&text[users[0].is_active.unwrap().at.span.range()], "false");
    }

    #[test]
    fn other_json_is_not_a_user() {
        assert!(read(r#"{"orgName":"x","edition":"Developer"}"#).is_empty());
        assert!(read("[1,2]").is_empty());
    }
}
