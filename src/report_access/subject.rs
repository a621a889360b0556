//! What `sflint explain` is asked about: a field (`Object.Field`), an object, or a user
//! permission, checked against what the project knows.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::Model;
use crate::model::compound::permissioned;
use crate::salesforce::names::did_you_mean;
use crate::salesforce::user_permissions::user_permissions;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Subject {
    Field { object: String, field: String },
    Object { object: String },
    UserPermission { name: String },
}

impl Subject {
    pub fn name(&self) -> String {
        match self {
            Subject::Field { object, field } => format!("{object}.{field}"),
            Subject::Object { object } => object.clone(),
            Subject::UserPermission { name } => name.clone(),
        }
    }
}

fn field_known(model: &Model, object: &str, field: &str) -> bool {
    let (po, pf) = permissioned(object, field);
    model.field(object, field).is_some()
        || model.field(&po, &pf).is_some()
        || (0..model.sets.len()).any(|s| {
            model.set_field(s, object, field).is_some() || model.set_field(s, &po, &pf).is_some()
        })
        // A component of a compound field the object has (`Account.BillingCity`).
        || ((po != object || pf != field) && object_known(model, object))
}

fn object_known(model: &Model, object: &str) -> bool {
    model.object_is_defined(object)
        || model.object_has_fields(object)
        || (0..model.sets.len()).any(|s| model.set_object(s, object).is_some())
        || model
            .sets
            .iter()
            .flat_map(|s| &s.fields)
            .any(|f| f.object().eq_ignore_ascii_case(object))
}

/// The user permission's name as the project or Salesforce spells it.
fn user_permission_name(model: &Model, name: &str) -> Option<String> {
    let own = model
        .sets
        .iter()
        .flat_map(|s| &s.user_perms)
        .map(|p| p.name.value.as_str())
        .find(|n| n.eq_ignore_ascii_case(name));
    own.or_else(|| user_permissions().find(|n| n.eq_ignore_ascii_case(name)))
        .map(str::to_string)
}

/// Read `text` as a subject the project knows: a field it defines or permissions, an
/// object it defines or permissions, or a user permission. Else an error with the
/// closest known name.
pub fn parse(model: &Model, text: &str) -> Result<Subject, String> {
    let text = text.trim();
    if let Some((object, field)) = text.split_once('.') {
        let (object, field) = (object.trim(), field.trim());
        if !object.is_empty() && !field.is_empty() && field_known(model, object, field) {
            return Ok(Subject::Field {
                object: object.to_string(),
                field: field.to_string(),
            });
        }
        let mut names: BTreeSet<String> = model.fields.iter().map(|f| f.qualified()).collect();
        for s in &model.sets {
            names.extend(s.fields.iter().map(|f| f.field.value.to_string()));
        }
        let hint = did_you_mean(text, names.iter().map(String::as_str));
        return Err(unknown("field", text, hint));
    }
    if text.is_empty() {
        return Err("the subject is empty\n  help: name a field (`Account.Phone`), an object (`Account`) or a user permission (`ViewAllData`)".into());
    }
    if object_known(model, text) {
        return Ok(Subject::Object {
            object: text.to_string(),
        });
    }
    if let Some(name) = user_permission_name(model, text) {
        return Ok(Subject::UserPermission { name });
    }
    let mut names: BTreeSet<String> = model.fields.iter().map(|f| f.object.clone()).collect();
    for s in &model.sets {
        names.extend(s.objects.iter().map(|o| o.object.value.to_string()));
        names.extend(s.user_perms.iter().map(|p| p.name.value.to_string()));
    }
    names.extend(user_permissions().map(str::to_string));
    let hint = did_you_mean(text, names.iter().map(String::as_str));
    Err(unknown("object or user permission", text, hint))
}

fn unknown(what: &str, text: &str, hint: Option<&str>) -> String {
    let text = crate::output::escape::visible(text);
    match hint {
        Some(h) => format!("no {what} `{text}` in the project\n  help: did you mean `{h}`?"),
        None => format!(
            "no {what} `{text}` in the project\n  help: name a field (`Account.Phone`), an object (`Account`) or a user permission (`ViewAllData`)"
        ),
    }
}
