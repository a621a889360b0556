//! SF008: a user definition JSON (`sf org create user --definition-file`) or an sObject tree
//! of users sets a UserLogin field, such as `IsFrozen`, that is not a User field.

use crate::config::Settings;
use crate::json::Json;
use crate::model::user::tree_users;
use crate::model::{Loc, UserForm, UserRecord};
use crate::parse::{Content, ParsedFile};
use crate::rules::{Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::kind::FileKind;
use crate::source::Span;

declare_rule! {
    pub struct UserDefinitionInvalidKey {
        code: "SF008",
        name: "user-definition-invalid-key",
        severity: Error,
        summary: "A user definition sets IsFrozen or another UserLogin field, which User does not have",
    }
}

/// Fields of UserLogin (Object Reference) that people put on users.
const USER_LOGIN_FIELDS: &[&str] = &["IsFrozen", "IsPasswordLocked"];

impl Rule for UserDefinitionInvalidKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, _settings: &Settings, file: &ParsedFile, sink: &mut Sink) {
        let (FileKind::UserJson, Content::Json(json)) = (&file.kind, &file.content) else {
            return;
        };
        let users = UserRecord::read_json(file.id, json);
        let Some(form) = users.first().map(|u| u.form) else {
            return;
        };
        let (command, objects): (&str, Vec<&Json>) = match form {
            UserForm::TreeExport => (
                "sf data import tree",
                tree_users(json).map(Iterator::collect).unwrap_or_default(),
            ),
            _ => ("sf org create user", vec![json]),
        };
        for object in objects {
            for (key, value) in object.as_object().unwrap_or_default() {
                let Some(field) = USER_LOGIN_FIELDS
                    .iter()
                    .find(|f| f.eq_ignore_ascii_case(&key.value))
                else {
                    continue;
                };
                let frozen = *field == "IsFrozen";
                sink.report(Loc::new(file.id, Span::new(key.span.start as usize, value.span.end as usize)), format!(
                        "`{}` is not a User field: it belongs to UserLogin, and `{command}` fails on it",
                        key.value
                    ))
.help(if frozen {
                        "remove the key: freeze or unfreeze the user in Setup (or update its UserLogin record); to tell sflint the user is frozen, write <isFrozen>true</isFrozen> in a user record under config/users/"
                    } else {
                        "remove the key: a user's login state is its UserLogin record, which a user definition can't set"
                    })
.identity(format!(
                        "{}/{field}",
                        object.get_ci("Username").and_then(Json::as_str).unwrap_or("")
                    ))
                .label("not a User field");
            }
        }
    }
}
