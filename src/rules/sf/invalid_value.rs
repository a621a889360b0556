//! SF003: a boolean that is not `true`/`false`, or an enum value outside its allowed set,
//! for the elements the model reads.

use crate::config::Settings;
use crate::model::{Loc, ProjectInfo};
use crate::parse::ParsedFile;
use crate::rules::{Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::kind::FileKind;
use crate::salesforce::names::did_you_mean;
use crate::salesforce::session::{ENCRYPTION_SCHEMES, SessionLevel};

declare_rule! {
    pub struct InvalidValue {
        code: "SF003",
        name: "invalid-value",
        severity: Error,
        summary: "A boolean or enum element holds a value Salesforce does not accept",
    }
}

#[derive(Clone, Copy)]
enum ValueType {
    Bool,
    Enum(&'static [&'static str]),
}

const BOOL: &[&str] = &["true", "false"];
const TAB_VISIBILITIES: &[&str] = &["DefaultOn", "DefaultOff", "Hidden"];
const TAB_SETTINGS: &[&str] = &["Available", "None", "Visible"];

/// (parent element, element) -> the values it takes. Decomposed permission set files
/// use the singular type as root (`FieldPermission`), listed beside the plural element.
fn value_type(parent: &str, name: &str) -> Option<ValueType> {
    use ValueType::{Bool, Enum};
    Some(match (parent, name) {
        ("fieldPermissions" | "FieldPermission", "editable" | "readable") => Bool,
        (
            "objectPermissions" | "ObjectPermission",
            "allowCreate" | "allowDelete" | "allowEdit" | "allowRead" | "modifyAllRecords"
            | "viewAllRecords" | "viewAllFields",
        ) => Bool,
        ("userPermissions" | "UserPermission", "enabled") => Bool,
        ("Profile", "custom") => Bool,
        (
            "PermissionSet" | "MutingPermissionSet" | "PermissionSetGroup",
            "hasActivationRequired",
        ) => Bool,
        ("CustomField" | "fields", "required") => Bool,
        ("User", "isActive" | "isFrozen") => Bool,
        ("CustomField" | "fields", "encryptionScheme") => Enum(ENCRYPTION_SCHEMES),
        (
            "ProfileSessionSetting" | "ExtlClntAppOauthConfigurablePolicies",
            "requiredSessionLevel",
        ) => Enum(SessionLevel::NAMES),
        ("tabVisibilities", "visibility") => Enum(TAB_VISIBILITIES),
        ("tabSettings" | "TabSetting", "visibility") => Enum(TAB_SETTINGS),
        _ => return None,
    })
}

/// `fieldPermissions[Contact.SSN__c]/readable`: stable across line moves.
fn identity(parent: crate::xml::Element<'_>, name: &str) -> String {
    let key = ["field", "object", "name", "tab"]
        .iter()
        .find_map(|k| parent.child_text(k));
    match key {
        Some(k) => format!("{}[{}]/{name}", parent.name(), k.trim()),
        None => format!("{}/{name}", parent.name()),
    }
}

/// A set or field of a managed package whose namespace isn't the project's:
/// `FinServ__Teller.permissionset`, `objects/Account/fields/FinServ__Tier__c.field-meta.xml`.
fn managed_component(project: &ProjectInfo, file: &ParsedFile) -> bool {
    match (&file.kind, file.set_name()) {
        (_, Some(set)) => project.foreign_namespace(set).is_some(),
        (FileKind::CustomField { .. }, None) => {
            project.foreign_namespace_of_custom(&file.name).is_some()
        }
        _ => false,
    }
}

impl Rule for InvalidValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_project_file(
        &self,
        _settings: &Settings,
        project: &ProjectInfo,
        file: &ParsedFile,
        sink: &mut Sink,
    ) {
        let Some(doc) = file.xml() else { return };
        if managed_component(project, file) {
            return; // a subscriber can't change another package's component
        }
        for el in doc.elements() {
            if el.has_children() || el.is_nil() {
                continue;
            }
            let Some(parent) = el.parent() else { continue };
            let Some(ty) = value_type(parent.name(), el.name()) else {
                continue;
            };
            let value = el.text();
            let value = value.trim();
            let allowed = match ty {
                ValueType::Bool => BOOL,
                ValueType::Enum(values) => values,
            };
            if allowed.contains(&value) {
                continue;
            }
            let list = allowed
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = if value.is_empty() {
                format!("<{}> is empty; it must be one of {list}", el.name())
            } else {
                format!(
                    "<{}> cannot be `{value}`; it must be one of {list}",
                    el.name()
                )
            };
            let help = match did_you_mean(value, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Values are case-sensitive."),
                None => format!("write one of {list}"),
            };
            let at = if value.is_empty() {
                el.span()
            } else {
                el.text_span()
            };
            sink.emit(
                Loc::new(file.id, at),
                message,
                help,
                identity(parent, el.name()),
            )
            .label("not a valid value");
        }
    }
}
