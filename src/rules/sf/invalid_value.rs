//! SF003: a boolean that is not `true`/`false`, or an enum value outside its allowed set,
//! for the elements the model reads.

use crate::config::Settings;
use crate::diagnostic::{Edit, Fix};
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
    // By the element's own name first: most leaves (`field`, `apexClass`, `object`...)
    // are none of these, and every leaf of every file is asked.
    match name {
        "editable" | "readable" => {
            matches!(parent, "fieldPermissions" | "FieldPermission").then_some(Bool)
        }
        "allowCreate" | "allowDelete" | "allowEdit" | "allowRead" | "modifyAllRecords"
        | "viewAllRecords" | "viewAllFields" => {
            matches!(parent, "objectPermissions" | "ObjectPermission").then_some(Bool)
        }
        "enabled" => matches!(parent, "userPermissions" | "UserPermission").then_some(Bool),
        "default" | "personAccountDefault" | "visible" => {
            matches!(parent, "recordTypeVisibilities" | "RecordTypeVisibility").then_some(Bool)
        }
        "custom" => (parent == "Profile").then_some(Bool),
        "hasActivationRequired" => matches!(
            parent,
            "PermissionSet" | "MutingPermissionSet" | "PermissionSetGroup"
        )
        .then_some(Bool),
        "required" => matches!(parent, "CustomField" | "fields").then_some(Bool),
        "isActive" | "isFrozen" => (parent == "User").then_some(Bool),
        "encryptionScheme" => {
            matches!(parent, "CustomField" | "fields").then_some(Enum(ENCRYPTION_SCHEMES))
        }
        "requiredSessionLevel" => matches!(
            parent,
            "ProfileSessionSetting" | "ExtlClntAppOauthConfigurablePolicies"
        )
        .then_some(Enum(SessionLevel::NAMES)),
        "visibility" => match parent {
            "tabVisibilities" => Some(Enum(TAB_VISIBILITIES)),
            "tabSettings" | "TabSetting" => Some(Enum(TAB_SETTINGS)),
            _ => None,
        },
        _ => None,
    }
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
            // Most are booleans written plainly: nothing to decode or trim.
            if matches!(ty, ValueType::Bool) && matches!(el.raw_text(), "true" | "false") {
                continue;
            }
            let value = el.text();
            let value = crate::xml::trim(&value);
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
            let d = sink
                .report(Loc::new(file.id, at), message)
                .help(help)
                .identity(identity(parent, el.name()))
                .label("not a valid value");
            // Safe where the intent is certain: the value differs from exactly one valid
            // value in letter case only (`True`, `high_assurance`).
            let mut same = allowed.iter().filter(|v| v.eq_ignore_ascii_case(value));
            if let (Some(v), None, false) = (same.next(), same.next(), value.is_empty()) {
                d.fix(Fix::safe(
                    format!("write `{v}`"),
                    file.id,
                    vec![Edit::replace(at, *v)],
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::values::reads::SEEN;

    /// Every file under `dir`, as `(path relative to dir, text)`.
    fn files(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                files(&p, base, out);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                let rel = p.strip_prefix(base).unwrap_or(&p);
                out.push((rel.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }

    /// SF003 checks every boolean and enum element the model reads: the model notes each
    /// one it reads (`model::values::reads`) while the project's fixtures are linted.
    #[test]
    fn checks_every_boolean_and_enum_the_model_reads() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
        let mut all = Vec::new();
        files(&root, &root, &mut all);
        let sources: Vec<(&str, &str)> = all
            .iter()
            .filter(|(p, _)| !p.ends_with(".json") && !p.ends_with(".toml"))
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        crate::pipeline::lint_sources(&sources, &crate::catalog::Setup::default())
            .expect("the fixtures lint");
        let seen = SEEN.lock().expect("not poisoned").clone();
        // The fixtures exercise the model: the check below is not vacuous.
        for key in [
            ("fieldPermissions", "readable"),
            ("recordTypeVisibilities", "default"),
            ("ProfileSessionSetting", "requiredSessionLevel"),
        ] {
            assert!(
                seen.contains_key(&(key.0.to_string(), key.1.to_string())),
                "the fixtures never made the model read <{}><{}>",
                key.0,
                key.1
            );
        }
        let mut missing = Vec::new();
        for ((parent, name), values) in &seen {
            let ok = match (value_type(parent, name), values) {
                (Some(ValueType::Bool), None) => true,
                (Some(ValueType::Enum(checked)), Some(read)) => checked == *read,
                _ => false,
            };
            if !ok {
                let what = values.map_or("boolean".to_string(), |v| format!("enum {v:?}"));
                missing.push(format!("<{parent}><{name}> ({what})"));
            }
        }
        assert!(
            missing.is_empty(),
            "the model reads these, but SF003 does not check them as such: {}",
            missing.join(", ")
        );
    }
}
