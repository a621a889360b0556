//! Profiles, permission sets (whole or decomposed) and muting permission sets: the
//! containers of field, object and user permissions.

use crate::diagnostic::FileId;
use crate::salesforce::inventory::ComponentType;
use crate::xml::Element;

use super::values::{
    Flag, Loc, Text, element_flag, element_text, first_children, flag, name_of, name_text,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SetKind {
    Profile,
    PermissionSet,
    MutingPermissionSet,
}

impl SetKind {
    pub fn label(self) -> &'static str {
        match self {
            SetKind::Profile => "profile",
            SetKind::PermissionSet => "permission set",
            SetKind::MutingPermissionSet => "muting permission set",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FieldPerm {
    /// `Object.Field` as written.
    pub field: Text,
    /// The whole `<fieldPermissions>` element.
    pub elem: Loc,
    pub readable: Option<Flag>,
    pub editable: Option<Flag>,
}

impl FieldPerm {
    pub fn object(&self) -> &str {
        self.field.value.split_once('.').map_or("", |(o, _)| o)
    }

    pub fn field_name(&self) -> &str {
        self.field.value.split_once('.').map_or("", |(_, f)| f)
    }

    /// Where the entry grants read, as PM009 reads it: `readable` true; `editable` true
    /// alone is read as meant to grant read too (Salesforce's editors always set both;
    /// PM001 reports the mismatch).
    pub fn read_grant(&self) -> Option<super::values::Loc> {
        self.readable
            .filter(|f| f.value)
            .or(self.editable.filter(|f| f.value))
            .map(|f| f.at)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ObjectPerm {
    pub object: Text,
    pub elem: Loc,
    pub allow_read: Option<Flag>,
    pub allow_create: Option<Flag>,
    pub allow_edit: Option<Flag>,
    pub allow_delete: Option<Flag>,
    pub view_all_records: Option<Flag>,
    pub modify_all_records: Option<Flag>,
    pub view_all_fields: Option<Flag>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UserPerm {
    pub name: Text,
    pub elem: Loc,
    pub enabled: Option<Flag>,
}

/// A `<recordTypeVisibilities>` entry: `default` and `personAccountDefault` are written
/// in profiles only.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RecordTypeVis {
    /// `Object.RecordType` as written (CumulusCI tokens removed).
    pub record_type: Text,
    pub elem: Loc,
    pub default: Option<Flag>,
    pub person_account_default: Option<Flag>,
    pub visible: Option<Flag>,
}

impl RecordTypeVis {
    /// The object part of `Object.RecordType`.
    pub fn object(&self) -> &str {
        self.record_type
            .value
            .split_once('.')
            .map_or("", |(o, _)| o)
    }
}

/// An entry that names another component: `classAccesses/apexClass`,
/// `pageAccesses/apexPage`, `tabVisibilities/tab` (profiles), `tabSettings/tab` (sets),
/// `layoutAssignments/layout` and its `recordType`, `applicationVisibilities/application`,
/// `customPermissions/name`, `flowAccesses/flow`, `customMetadataTypeAccesses/name`,
/// `customSettingAccesses/name`, `externalDataSourceAccesses/externalDataSource`.
/// Object permissions and record type visibilities have lists of their own.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    /// The entry element and the child naming the component (`classAccesses/apexClass`),
    /// as its index in [`REFERENCES`]: one byte, not a string's sixteen (a 1 GB org holds
    /// millions of references). See [`Reference::element`] and [`Reference::kind`].
    #[serde(with = "reference_element")]
    element: u8,
    /// The name (CumulusCI tokens removed), `at` the text as written.
    pub name: Text,
    pub elem: Loc,
}

impl Reference {
    /// The entry element (`classAccesses`), for messages.
    pub fn element(&self) -> &'static str {
        REFERENCES
            .get(usize::from(self.element))
            .map_or("", |r| r.0)
    }

    /// The type of component the entry names. (The index is always in range: it is made
    /// from [`REFERENCES`] and checked when read back from the cache.)
    pub fn kind(&self) -> ComponentType {
        REFERENCES
            .get(usize::from(self.element))
            .map_or(ComponentType::ApexClass, |r| r.2)
    }
}

/// A [`Reference`]'s element as stored in the cache: its index in [`REFERENCES`], checked
/// when read back.
mod reference_element {
    use super::REFERENCES;

    pub fn serialize<S: serde::Serializer>(v: &u8, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(*v)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
        let i = <u8 as serde::Deserialize>::deserialize(d)?;
        if usize::from(i) < REFERENCES.len() {
            Ok(i)
        } else {
            Err(serde::de::Error::custom(
                "not an entry element that names a component",
            ))
        }
    }
}

/// The entry elements that name a component: (element, child naming it, type).
const REFERENCES: &[(&str, &str, ComponentType)] = &[
    ("classAccesses", "apexClass", ComponentType::ApexClass),
    ("pageAccesses", "apexPage", ComponentType::ApexPage),
    ("tabVisibilities", "tab", ComponentType::Tab),
    ("tabSettings", "tab", ComponentType::Tab),
    ("layoutAssignments", "layout", ComponentType::Layout),
    ("layoutAssignments", "recordType", ComponentType::RecordType),
    (
        "applicationVisibilities",
        "application",
        ComponentType::Application,
    ),
    ("customPermissions", "name", ComponentType::CustomPermission),
    ("flowAccesses", "flow", ComponentType::Flow),
    (
        "customMetadataTypeAccesses",
        "name",
        ComponentType::CustomMetadataType,
    ),
    (
        "customSettingAccesses",
        "name",
        ComponentType::CustomSetting,
    ),
    (
        "externalDataSourceAccesses",
        "externalDataSource",
        ComponentType::ExternalDataSource,
    ),
];

/// A profile, permission set or muting permission set.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PermSet {
    pub kind: SetKind,
    /// Full name (file stem, URL-decoded).
    pub name: String,
    /// The root element of the main file (for a decomposed set: its `<PS>.permissionset-meta.xml`
    /// when present, else the first part).
    pub root: Loc,
    pub files: Vec<FileId>,
    /// Profile `userLicense`, or permission set `license` / legacy `userLicense`.
    pub license: Option<Text>,
    pub label: Option<Text>,
    pub description: Option<Text>,
    pub custom: Option<Flag>,
    pub has_activation_required: Option<Flag>,
    /// `<loginFlows>` elements (profiles).
    pub login_flows: Vec<Loc>,
    pub fields: Vec<FieldPerm>,
    pub objects: Vec<ObjectPerm>,
    pub user_perms: Vec<UserPerm>,
    pub record_types: Vec<RecordTypeVis>,
    /// Entries that name other components (see [`Reference`]).
    pub references: Vec<Reference>,
    /// Root children that have content (text or children), each name once, with where
    /// the first one is: for policies that require or forbid an element.
    pub present: Vec<(String, Loc)>,
}

/// A person account field's API name: `X__pc`.
pub fn is_person_account_field(name: &str) -> bool {
    name.len() > 4
        && name.is_char_boundary(name.len() - 4)
        && name[name.len() - 4..].eq_ignore_ascii_case("__pc")
}

impl PermSet {
    /// Does the set show Person Accounts: a `PersonAccount.X` record type visibility or a
    /// permission for a person account field (`X__pc`)?
    pub fn shows_person_accounts(&self) -> bool {
        self.record_types
            .iter()
            .any(|rt| rt.object().eq_ignore_ascii_case("PersonAccount"))
            // The whole name's suffix first (no split at the `.` for every entry).
            || self.fields.iter().any(|f| {
                is_person_account_field(&f.field.value) && is_person_account_field(f.field_name())
            })
    }

    pub fn new(kind: SetKind, name: String, root: Loc) -> Self {
        PermSet {
            kind,
            name,
            root,
            files: vec![root.file],
            license: None,
            label: None,
            description: None,
            custom: None,
            has_activation_required: None,
            login_flows: Vec::new(),
            fields: Vec::new(),
            objects: Vec::new(),
            user_perms: Vec::new(),
            record_types: Vec::new(),
            references: Vec::new(),
            present: Vec::new(),
        }
    }

    /// Read the children of a `<Profile>`, `<PermissionSet>` or `<MutingPermissionSet>` root.
    pub fn read_root(&mut self, file: FileId, root: Element<'_>) {
        for child in root.children() {
            self.read_child(file, child, child.name());
            self.note_present(file, child);
        }
    }

    /// Move `part`'s permission lists (and login flows) to the end of this set's.
    pub fn append_lists(&mut self, part: &mut PermSet) {
        self.login_flows.append(&mut part.login_flows);
        self.fields.append(&mut part.fields);
        self.objects.append(&mut part.objects);
        self.user_perms.append(&mut part.user_perms);
        self.record_types.append(&mut part.record_types);
        self.references.append(&mut part.references);
    }

    fn note_present(&mut self, file: FileId, el: Element<'_>) {
        let name = el.name();
        // Siblings of one name stand together: look from the last one noted.
        if el.is_nil() || self.present.iter().rev().any(|(n, _)| n == name) {
            return;
        }
        let at = if el.has_children() {
            el.name_span()
        } else if el.raw_text().trim().is_empty() {
            return;
        } else {
            el.text_span()
        };
        self.present.push((name.to_string(), Loc::new(file, at)));
    }

    /// Give back the growth slack of the permission lists (they can be millions long).
    pub fn shrink(&mut self) {
        self.fields.shrink_to_fit();
        self.objects.shrink_to_fit();
        self.user_perms.shrink_to_fit();
        self.record_types.shrink_to_fit();
        self.references.shrink_to_fit();
        self.present.shrink_to_fit();
    }

    /// Where the root child `name` is, when the set's files have it with content.
    pub fn element(&self, name: &str) -> Option<Loc> {
        self.present
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, at)| *at)
    }

    /// Read one child element; `as_name` is the plural element name it stands for
    /// (decomposed Beta files have the singular type as their root, e.g. `FieldPermission`).
    pub fn read_child(&mut self, file: FileId, el: Element<'_>, as_name: &str) {
        let elem = Loc::new(file, el.span());
        match as_name {
            "fieldPermissions" => {
                let [field, readable, editable] =
                    first_children(el, ["field", "readable", "editable"]);
                if let Some(field) = field.and_then(|e| name_of(file, e)) {
                    self.fields.push(FieldPerm {
                        field,
                        elem,
                        readable: readable.and_then(|e| element_flag(file, e)),
                        editable: editable.and_then(|e| element_flag(file, e)),
                    });
                }
            }
            "objectPermissions" => {
                let [
                    object,
                    read,
                    create,
                    edit,
                    delete,
                    view_all,
                    modify_all,
                    view_all_fields,
                ] = first_children(
                    el,
                    [
                        "object",
                        "allowRead",
                        "allowCreate",
                        "allowEdit",
                        "allowDelete",
                        "viewAllRecords",
                        "modifyAllRecords",
                        "viewAllFields",
                    ],
                );
                if let Some(object) = object.and_then(|e| name_of(file, e)) {
                    let flag = |e: Option<Element<'_>>| e.and_then(|e| element_flag(file, e));
                    self.objects.push(ObjectPerm {
                        object,
                        elem,
                        allow_read: flag(read),
                        allow_create: flag(create),
                        allow_edit: flag(edit),
                        allow_delete: flag(delete),
                        view_all_records: flag(view_all),
                        modify_all_records: flag(modify_all),
                        view_all_fields: flag(view_all_fields),
                    });
                }
            }
            "userPermissions" => {
                let [name, enabled] = first_children(el, ["name", "enabled"]);
                if let Some(name) = name.and_then(|e| name_of(file, e)) {
                    self.user_perms.push(UserPerm {
                        name,
                        elem,
                        enabled: enabled.and_then(|e| element_flag(file, e)),
                    });
                }
            }
            "recordTypeVisibilities" => {
                if let Some(record_type) = name_text(file, el, "recordType") {
                    self.record_types.push(RecordTypeVis {
                        record_type,
                        elem,
                        default: flag(file, el, "default"),
                        person_account_default: flag(file, el, "personAccountDefault"),
                        visible: flag(file, el, "visible"),
                    });
                }
            }
            "userLicense" | "license" if self.license.is_none() => {
                self.license = element_text(file, el);
            }
            "label" => self.label = element_text(file, el),
            "description" => self.description = element_text(file, el),
            "custom" => self.custom = element_flag(file, el),
            "hasActivationRequired" => self.has_activation_required = element_flag(file, el),
            "loginFlows" => self.login_flows.push(elem),
            _ => self.read_references(file, el, as_name),
        }
    }

    /// An entry that names other components ([`REFERENCES`]), if `el` is one.
    fn read_references(&mut self, file: FileId, el: Element<'_>, as_name: &str) {
        let elem = Loc::new(file, el.span());
        for (i, &(_, child, _)) in REFERENCES.iter().enumerate().filter(|r| r.1.0 == as_name) {
            if let Some(name) = name_text(file, el, child) {
                self.references.push(Reference {
                    // REFERENCES has fewer than 256 entries (a test says so).
                    element: i as u8,
                    name,
                    elem,
                });
            }
        }
    }

    /// Is a user permission enabled here (`enabled` true)? Names compare case-insensitively.
    /// Kind and name for messages, e.g. "permission set `ERP_API`".
    pub fn describe(&self) -> String {
        format!("{} `{}`", self.kind.label(), self.name)
    }

    pub fn user_permission(&self, name: &str) -> Option<&UserPerm> {
        self.user_perms
            .iter()
            .find(|p| p.name.value.eq_ignore_ascii_case(name) && Flag::is_true(p.enabled))
    }
}

/// The plural element a decomposed Beta root stands for: `FieldPermission` ->
/// `fieldPermissions`, `ClassAccess` -> `classAccesses`, `ApplicationVisibility` ->
/// `applicationVisibilities`.
pub fn plural_child_name(root: &str) -> String {
    let mut chars = root.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_ascii_lowercase())
        .into_iter()
        .chain(chars)
        .collect();
    if out.ends_with('s') {
        out.push_str("es");
    } else if out.ends_with('y') && !out.ends_with("ay") && !out.ends_with("ey") {
        out.pop();
        out.push_str("ies");
    } else {
        out.push('s');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_element_fits_a_byte_and_reads_back() {
        assert!(REFERENCES.len() <= usize::from(u8::MAX));
        let root = Loc::new(crate::diagnostic::FileId(0), crate::source::Span::new(0, 0));
        let mut set = PermSet::new(SetKind::Profile, "P".into(), root);
        let text = "<Profile><classAccesses><apexClass>A</apexClass></classAccesses>\
            <layoutAssignments><layout>Account-Account Layout</layout><recordType>Account.B</recordType></layoutAssignments></Profile>";
        let doc = crate::xml::Document::parse(text.into()).unwrap();
        set.read_root(crate::diagnostic::FileId(0), doc.root());
        let read: Vec<(&str, ComponentType)> = set
            .references
            .iter()
            .map(|r| (r.element(), r.kind()))
            .collect();
        assert_eq!(
            read,
            [
                ("classAccesses", ComponentType::ApexClass),
                ("layoutAssignments", ComponentType::Layout),
                ("layoutAssignments", ComponentType::RecordType),
            ]
        );
        let id = crate::diagnostic::FileId(0);
        let bytes = id
            .scoped(|| bincode::serialize(&set.references[2]))
            .unwrap();
        let back: Reference = id.scoped(|| bincode::deserialize(&bytes)).unwrap();
        assert_eq!(back.element(), "layoutAssignments");
        // The element's index comes first.
        let mut damaged = bytes.clone();
        damaged[0] = 200;
        assert!(
            id.scoped(|| bincode::deserialize::<Reference>(&damaged))
                .is_err()
        );
    }

    #[test]
    fn a_set_reads_every_kind_of_child_and_its_single_values_once() {
        // Every kind of child, single values set twice (the last wins, a nil license does
        // not count). A profile's flag is `custom`, a permission set's
        // `hasActivationRequired`.
        for (kind, root_name, flag) in [
            (SetKind::Profile, "Profile", "custom"),
            (
                SetKind::PermissionSet,
                "PermissionSet",
                "hasActivationRequired",
            ),
        ] {
            let mut text = format!(
                "<{root_name}><license xsi:nil=\"true\"/><label>First</label><{flag}>true</{flag}>"
            );
            for i in 0..40 {
                text.push_str(&format!(
                    "<fieldPermissions><editable>false</editable><field>Account.F{i}__c</field>\
                     <readable>{}</readable></fieldPermissions>",
                    i % 3 == 0
                ));
                if i % 7 == 0 {
                    text.push_str(&format!(
                        "<userLicense>L{i}</userLicense><label>Label {i}</label>\
                         <loginFlows><flow>F{i}</flow></loginFlows><description/>\
                         <{flag}>{}</{flag}>",
                        i % 2 == 0
                    ));
                }
                text.push_str(&format!(
                    "<objectPermissions><allowRead>true</allowRead><object>O{i}__c</object></objectPermissions>\
                     <classAccesses><apexClass>C{i}</apexClass><enabled>true</enabled></classAccesses>\
                     <userPermissions><enabled>true</enabled><name>P{i}</name></userPermissions>\
                     <recordTypeVisibilities><recordType>O{i}__c.R</recordType><visible>true</visible></recordTypeVisibilities>"
                ));
            }
            text.push_str(&format!("<description>Last</description></{root_name}>"));
            let doc = crate::xml::Document::parse(text.as_str().into()).unwrap();
            let id = crate::diagnostic::FileId(3);
            let root = Loc::new(id, doc.root().name_span());
            let mut whole = PermSet::new(kind, "P".into(), root);
            whole.read_root(id, doc.root());
            assert_eq!(whole.fields.len(), 40);
            assert_eq!(
                whole.label.as_ref().map(|l| l.value.as_str()),
                Some("Label 35")
            );
            assert_eq!(whole.license.as_ref().map(|l| l.value.as_str()), Some("L0"));
        }
    }

    #[test]
    fn plural_names() {
        assert_eq!(plural_child_name("FieldPermission"), "fieldPermissions");
        assert_eq!(plural_child_name("ObjectPermission"), "objectPermissions");
        assert_eq!(plural_child_name("ClassAccess"), "classAccesses");
        assert_eq!(plural_child_name("UserPermission"), "userPermissions");
        assert_eq!(
            plural_child_name("ApplicationVisibility"),
            "applicationVisibilities"
        );
        assert_eq!(
            plural_child_name("RecordTypeVisibility"),
            "recordTypeVisibilities"
        );
        assert_eq!(plural_child_name("TabSetting"), "tabSettings");
    }
}
