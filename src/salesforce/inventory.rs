//! The components a project defines, by type, known from file paths alone (Apex classes,
//! pages, tabs, layouts, ...) plus what the parsed object files add (objects, the record
//! types of mdapi `.object` files, custom settings). PM006 checks the names profiles and
//! permission sets refer to against it.
//!
//! Component files are not parsed and not linted: [`component_of`] reads the name from the
//! path, and [`crate::discover::inventory`] walks the project for them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::salesforce::kind::{FileKind, classify};
use crate::salesforce::names::decode_name;

/// A type of component a profile or permission set can name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ComponentType {
    ApexClass,
    ApexPage,
    Tab,
    RecordType,
    Layout,
    Application,
    CustomPermission,
    /// Custom objects (`__c`).
    CustomObject,
    /// External objects (`__x`).
    ExternalObject,
    /// Big objects (`__b`).
    BigObject,
    /// Platform events (`__e`).
    PlatformEvent,
    Flow,
    CustomMetadataType,
    /// Custom objects whose definition says `<customSettingsType>` (parsed files only).
    CustomSetting,
    ExternalDataSource,
}

impl ComponentType {
    /// Plural words for messages: "the project has no Apex classes".
    pub fn plural(self) -> &'static str {
        match self {
            ComponentType::ApexClass => "Apex classes",
            ComponentType::ApexPage => "Visualforce pages",
            ComponentType::Tab => "tabs",
            ComponentType::RecordType => "record types",
            ComponentType::Layout => "page layouts",
            ComponentType::Application => "apps",
            ComponentType::CustomPermission => "custom permissions",
            ComponentType::CustomObject => "custom objects",
            ComponentType::ExternalObject => "external objects",
            ComponentType::BigObject => "big objects",
            ComponentType::PlatformEvent => "platform events",
            ComponentType::Flow => "flows",
            ComponentType::CustomMetadataType => "custom metadata types",
            ComponentType::CustomSetting => "custom settings",
            ComponentType::ExternalDataSource => "external data sources",
        }
    }

    /// Singular words for messages: "the Apex class `X`".
    pub fn singular(self) -> &'static str {
        match self {
            ComponentType::ApexClass => "Apex class",
            ComponentType::ApexPage => "Visualforce page",
            ComponentType::Tab => "tab",
            ComponentType::RecordType => "record type",
            ComponentType::Layout => "page layout",
            ComponentType::Application => "app",
            ComponentType::CustomPermission => "custom permission",
            ComponentType::CustomObject => "custom object",
            ComponentType::ExternalObject => "external object",
            ComponentType::BigObject => "big object",
            ComponentType::PlatformEvent => "platform event",
            ComponentType::Flow => "flow",
            ComponentType::CustomMetadataType => "custom metadata type",
            ComponentType::CustomSetting => "custom setting",
            ComponentType::ExternalDataSource => "external data source",
        }
    }

    /// Where a component of this type lives in SFDX source, for the help text.
    pub fn file_for(self, name: &str) -> String {
        match self {
            ComponentType::ApexClass => format!("classes/{name}.cls"),
            ComponentType::ApexPage => format!("pages/{name}.page"),
            ComponentType::Tab => format!("tabs/{name}.tab-meta.xml"),
            ComponentType::RecordType => match name.split_once('.') {
                Some((o, r)) => format!("objects/{o}/recordTypes/{r}.recordType-meta.xml"),
                None => format!("objects/<Object>/recordTypes/{name}.recordType-meta.xml"),
            },
            ComponentType::Layout => format!("layouts/{name}.layout-meta.xml"),
            ComponentType::Application => format!("applications/{name}.app-meta.xml"),
            ComponentType::CustomPermission => {
                format!("customPermissions/{name}.customPermission-meta.xml")
            }
            ComponentType::CustomObject
            | ComponentType::ExternalObject
            | ComponentType::BigObject
            | ComponentType::PlatformEvent
            | ComponentType::CustomMetadataType
            | ComponentType::CustomSetting => format!("objects/{name}/{name}.object-meta.xml"),
            ComponentType::Flow => format!("flows/{name}.flow-meta.xml"),
            ComponentType::ExternalDataSource => {
                format!("dataSources/{name}.dataSource-meta.xml")
            }
        }
    }

    /// The object type an object API name's suffix says: `X__c` custom object, `X__x`
    /// external object, `X__b` big object, `X__e` platform event, `X__mdt` custom metadata
    /// type. `None` for standard objects and for the suffixes of objects Salesforce
    /// creates itself (`__kav`, `__Share`, `__History`, `__ChangeEvent`, ...).
    pub fn of_object(api_name: &str) -> Option<ComponentType> {
        let (stem, suffix) = api_name.rsplit_once("__")?;
        if stem.is_empty() {
            return None;
        }
        Some(match suffix.to_ascii_lowercase().as_str() {
            "c" => ComponentType::CustomObject,
            "x" => ComponentType::ExternalObject,
            "b" => ComponentType::BigObject,
            "e" => ComponentType::PlatformEvent,
            "mdt" => ComponentType::CustomMetadataType,
            _ => return None,
        })
    }
}

/// The component a file stands for, from its path: `classes/X.cls` (any folder: SFDX
/// finds Apex by suffix), `X.page`, `X.tab`, `objects/O/recordTypes/R.recordType`,
/// `O-Name.layout`, `applications/X.app`, `X.customPermission`, `X.flow` (and
/// `X.flowDefinition`), `X.dataSource`,
/// and objects (`objects/O/...`, `O.object`); in both SFDX (`-meta.xml`) and mdapi form.
/// Names are URL-decoded and CumulusCI file tokens (`___NAMESPACE___`) removed.
pub fn component_of(path: &Path) -> Option<(ComponentType, String)> {
    // A decomposed permission set's entries (`permissionsets/PS/customPermissions/
    // X.customPermission-meta.xml`) name components; they don't define them.
    if matches!(classify(path), Some(FileKind::PermissionSetPart { .. })) {
        return None;
    }
    let file = path.file_name()?.to_string_lossy();
    let file: &str = file.strip_suffix("-meta.xml").unwrap_or(&file);
    let parent = folder(path, 1);
    let (stem, ext) = file.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    let name = |s: &str| decode_name(s).into_owned();
    let kind = match ext {
        "cls" => ComponentType::ApexClass,
        "page" => ComponentType::ApexPage,
        "tab" => ComponentType::Tab,
        "layout" => ComponentType::Layout,
        "customPermission" => ComponentType::CustomPermission,
        // A flow definition (mdapi, before API 44) stands for its flow.
        "flow" | "flowDefinition" => ComponentType::Flow,
        "dataSource" => ComponentType::ExternalDataSource,
        // Aura application bundles (`aura/X/X.app`) are not custom apps.
        "app" if parent.as_deref() == Some("applications") => ComponentType::Application,
        "recordType" if parent.as_deref() == Some("recordTypes") => {
            let object = folder(path, 2)?;
            return Some((
                ComponentType::RecordType,
                format!("{}.{}", name(&object), name(stem)),
            ));
        }
        "object" => {
            let stem = name(stem);
            return ComponentType::of_object(&stem).map(|t| (t, stem));
        }
        _ => return object_folder(path),
    };
    Some((kind, name(stem)))
}

/// A file below `objects/<Object>/` (fields, list views, ...) names its object.
fn object_folder(path: &Path) -> Option<(ComponentType, String)> {
    let dirs: Vec<String> = path
        .parent()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let at = dirs.iter().rposition(|d| d == "objects")?;
    let object = decode_name(dirs.get(at + 1)?).into_owned();
    ComponentType::of_object(&object).map(|t| (t, object))
}

/// The name of the folder `up` levels above the file.
fn folder(path: &Path, up: usize) -> Option<String> {
    let mut p = path.parent()?;
    for _ in 1..up {
        p = p.parent()?;
    }
    Some(p.file_name()?.to_string_lossy().into_owned())
}

/// The components of one project, by type; names compare case-insensitively.
#[derive(Debug, Default, Clone)]
pub struct Inventory {
    /// Type -> lower-cased name -> the name as written.
    names: BTreeMap<ComponentType, BTreeMap<String, String>>,
}

impl Inventory {
    pub fn add(&mut self, kind: ComponentType, name: &str) {
        if name.is_empty() {
            return;
        }
        self.names
            .entry(kind)
            .or_default()
            .entry(name.to_lowercase())
            .or_insert_with(|| name.to_string());
    }

    /// Does the project hold at least one component of this type?
    pub fn has(&self, kind: ComponentType) -> bool {
        self.names.get(&kind).is_some_and(|m| !m.is_empty())
    }

    pub fn contains(&self, kind: ComponentType, name: &str) -> bool {
        let Some(m) = self.names.get(&kind) else {
            return false;
        };
        // A short ASCII name is lower-cased on the stack (profiles name thousands).
        let mut buf = [0u8; 128];
        if name.is_ascii() && name.len() <= buf.len() {
            let lower = &mut buf[..name.len()];
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            if let Ok(lower) = std::str::from_utf8(lower) {
                return m.contains_key(lower);
            }
        }
        m.contains_key(&name.to_lowercase())
    }

    /// The names of one type, as written, sorted.
    pub fn names(&self, kind: ComponentType) -> impl Iterator<Item = &str> {
        self.names
            .get(&kind)
            .into_iter()
            .flat_map(|m| m.values().map(String::as_str))
    }

    /// The record types of one object (`Object.Name`), by object name case-insensitively.
    pub fn record_types_of<'a>(&'a self, object: &'a str) -> impl Iterator<Item = &'a str> {
        self.names(ComponentType::RecordType).filter(move |n| {
            n.split_once('.')
                .is_some_and(|(o, _)| o.eq_ignore_ascii_case(object))
        })
    }

    /// The page layouts of one object (`Object-Name`).
    pub fn layouts_of<'a>(&'a self, object: &'a str) -> impl Iterator<Item = &'a str> {
        self.names(ComponentType::Layout).filter(move |n| {
            n.split_once('-')
                .is_some_and(|(o, _)| o.eq_ignore_ascii_case(object))
        })
    }

    pub fn merge(&mut self, other: &Inventory) {
        for (kind, names) in &other.names {
            for name in names.values() {
                self.add(*kind, name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(p: &str) -> Option<(ComponentType, String)> {
        component_of(Path::new(p))
    }

    #[test]
    fn components_from_paths() {
        use ComponentType::*;
        assert_eq!(
            c("fa/classes/Foo.cls"),
            Some((ApexClass, "Foo".to_string()))
        );
        assert_eq!(
            c("fa/classes/Foo.cls-meta.xml"),
            Some((ApexClass, "Foo".to_string()))
        );
        assert_eq!(c("src/pages/P.page"), Some((ApexPage, "P".to_string())));
        assert_eq!(
            c("fa/tabs/Invoice__c.tab-meta.xml"),
            Some((Tab, "Invoice__c".to_string()))
        );
        assert_eq!(
            c("fa/objects/Account/recordTypes/Business.recordType-meta.xml"),
            Some((RecordType, "Account.Business".to_string()))
        );
        assert_eq!(
            c("fa/layouts/Account-Account %28Sales%29 Layout.layout-meta.xml"),
            Some((Layout, "Account-Account (Sales) Layout".to_string()))
        );
        assert_eq!(
            c("fa/applications/Sales_Hub.app-meta.xml"),
            Some((Application, "Sales_Hub".to_string()))
        );
        assert_eq!(c("fa/aura/Thing/Thing.app"), None);
        assert_eq!(c("fa/aura/Thing/Thing.app-meta.xml"), None);
        assert_eq!(
            c("fa/objects/Invoice__c/fields/Total__c.field-meta.xml"),
            Some((CustomObject, "Invoice__c".to_string()))
        );
        assert_eq!(c("fa/objects/Account/fields/Total__c.field-meta.xml"), None);
        assert_eq!(
            c("src/objects/Setting__mdt.object"),
            Some((CustomMetadataType, "Setting__mdt".to_string()))
        );
        assert_eq!(
            c("unpackaged/objects/___NAMESPACE___Batch__c.object"),
            Some((CustomObject, "Batch__c".to_string()))
        );
        assert_eq!(c("fa/lwc/x/x.js"), None);
        assert_eq!(
            c("fa/permissionsets/PS/customPermissions/Approve.customPermission-meta.xml"),
            None
        );
        assert_eq!(
            c("fa/customPermissions/Approve.customPermission-meta.xml"),
            Some((CustomPermission, "Approve".to_string()))
        );
        assert_eq!(c("fa/classes/.cls"), None);
    }

    #[test]
    fn inventories_compare_names_case_insensitively() {
        let mut inv = Inventory::default();
        inv.add(ComponentType::RecordType, "Account.Business");
        inv.add(ComponentType::RecordType, "Invoice__c.Standard");
        inv.add(ComponentType::Layout, "Invoice__c-Invoice Layout");
        assert!(inv.contains(ComponentType::RecordType, "account.BUSINESS"));
        assert!(!inv.contains(ComponentType::Layout, "Account.Business"));
        assert_eq!(
            inv.record_types_of("ACCOUNT").collect::<Vec<_>>(),
            ["Account.Business"]
        );
        assert_eq!(inv.layouts_of("Account").count(), 0);
        assert!(inv.has(ComponentType::Layout));
        assert!(!inv.has(ComponentType::ApexClass));
        let mut other = Inventory::default();
        other.add(ComponentType::ApexClass, "InvoiceService");
        inv.merge(&other);
        assert!(inv.has(ComponentType::ApexClass));
    }

    #[test]
    fn object_types() {
        assert_eq!(
            ComponentType::of_object("A__e"),
            Some(ComponentType::PlatformEvent)
        );
        assert_eq!(ComponentType::of_object("Knowledge__kav"), None);
        assert_eq!(ComponentType::of_object("Account"), None);
        assert_eq!(ComponentType::of_object("__c"), None);
    }
}
