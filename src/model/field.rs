//! Custom field definitions: from `fields/<F>.field-meta.xml` or `<fields>` inside an
//! mdapi `.object` file.

use crate::diagnostic::FileId;
use crate::xml::Element;

use crate::salesforce::session::ENCRYPTION_SCHEMES;

use super::values::{Flag, Loc, Text, enum_text, flag, name_text, text};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FieldDef {
    /// Object API name (from the folder or the `.object` file stem).
    pub object: String,
    /// Field API name: `<fullName>` when present, else the file stem.
    pub name: String,
    /// `<fullName>` (or the element itself when there is none).
    pub name_at: Loc,
    /// The `<CustomField>` root or `<fields>` element.
    pub elem: Loc,
    pub field_type: Option<Text>,
    pub label: Option<Text>,
    pub formula: Option<Text>,
    pub required: Option<Flag>,
    pub security_classification: Option<Text>,
    /// Every `<complianceGroup>` element (one is normal; it holds a `;` list).
    pub compliance_groups: Vec<Text>,
    pub encryption_scheme: Option<Text>,
}

impl FieldDef {
    pub fn read(file: FileId, object: &str, fallback_name: &str, el: Element<'_>) -> FieldDef {
        let full = name_text(file, el, "fullName");
        let (name, name_at) = match full {
            Some(t) => (t.value.to_string(), t.at),
            None => (fallback_name.to_string(), Loc::new(file, el.name_span())),
        };
        FieldDef {
            object: object.to_string(),
            name,
            name_at,
            elem: Loc::new(file, el.span()),
            field_type: text(file, el, "type"),
            label: text(file, el, "label"),
            formula: text(file, el, "formula"),
            required: flag(file, el, "required"),
            security_classification: text(file, el, "securityClassification"),
            compliance_groups: super::values::texts(file, el, "complianceGroup"),
            encryption_scheme: enum_text(file, el, "encryptionScheme", ENCRYPTION_SCHEMES),
        }
    }

    pub fn qualified(&self) -> String {
        format!("{}.{}", self.object, self.name)
    }

    pub fn type_is(&self, t: &str) -> bool {
        self.field_type
            .as_ref()
            .is_some_and(|ft| ft.value.eq_ignore_ascii_case(t))
    }

    /// Formula, roll-up summary and auto-number fields are read-only by type.
    pub fn is_read_only_by_type(&self) -> bool {
        self.formula.is_some() || self.type_is("Summary") || self.type_is("AutoNumber")
    }

    /// A custom field that carries no field-level security: `<required>true</required>` or
    /// a master-detail field (always required on the child). Only custom fields (`X__c`)
    /// qualify: a standard field's required-ness can't be read from retrieved metadata, and
    /// standard master-detail fields such as `ContactPointAddress.ParentId` are
    /// FLS-controlled although their files say `<type>MasterDetail</type>`.
    pub fn is_required(&self) -> bool {
        crate::salesforce::names::is_custom(&self.name)
            && (Flag::is_true(self.required) || self.type_is("MasterDetail"))
    }

    /// Compliance group tokens, split on `;`, trimmed, `None` dropped.
    pub fn compliance_tokens(&self) -> impl Iterator<Item = &str> {
        self.compliance_groups
            .iter()
            .flat_map(|g| g.value.split(';'))
            .map(str::trim)
            .filter(|t| !t.is_empty() && *t != "None")
    }
}
