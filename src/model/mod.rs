//! One model of the whole project: every parsed file's facts plus cross-file indexes.
//! Facts are extracted from each file in parallel, then merged in file order, so the
//! model never depends on thread scheduling.

pub mod analytics;
pub mod app;
pub mod compound;
pub mod field;
pub mod group;
pub mod key;
pub mod perms;
pub mod read_filter;
pub mod session;
pub mod set_index;
pub mod slot;
pub mod user;
pub mod values;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::parse::{Content, ParsedFile};
use crate::salesforce::inventory::{ComponentType, Inventory};
use crate::salesforce::kind::FileKind;

pub use analytics::{AnalyticsAsset, AnalyticsKind, dataset_outputs};
pub use app::{App, AppKind};
pub use field::FieldDef;
pub use group::PermSetGroup;
pub use perms::{FieldPerm, ObjectPerm, PermSet, RecordTypeVis, Reference, SetKind, UserPerm};
pub use session::ProfileSessionSetting;
pub use slot::{Loader, SetHead, SetSlot};
pub use user::{UserForm, UserRecord};
pub use values::{Flag, Loc, Text};

#[derive(Debug, Default)]
pub struct Model {
    /// Shared with the facts they came from: a long-lived project (the language server)
    /// builds a new model per edit without copying every set. A set from the cache is read
    /// when its entries are first used ([`SetSlot`]).
    pub sets: Vec<SetSlot>,
    pub groups: Vec<PermSetGroup>,
    pub fields: Vec<FieldDef>,
    pub sessions: Vec<ProfileSessionSetting>,
    pub analytics: Vec<AnalyticsAsset>,
    pub users: Vec<UserRecord>,
    pub apps: Vec<App>,
    pub project: ProjectInfo,
    /// `Object.Field` (case-insensitive hash) -> indexes into `fields`.
    field_index: key::HashedMap<Vec<u32>>,
    /// Per set (same index as `sets`): its entries indexed by name, and the field each
    /// field permission names; built with the model for the sets in memory, on first use
    /// for the others.
    set_index: Vec<std::sync::OnceLock<set_index::SetIndex>>,
    /// What each field permission name resolves to, for the set indexes.
    field_names: set_index::FieldNames,
    object_fields: HashMap<String, Vec<usize>>,
    /// Objects whose definition file (`.object-meta.xml` / `.object`) is in the project.
    defined_objects: HashSet<String>,
    /// What the parsed object files say about the components the project defines: custom
    /// objects, the record types embedded in mdapi `.object` files, custom settings. The
    /// rest of the inventory comes from file paths (the discovery walk), when the run
    /// walked a project tree: see [`Model::components_walked`].
    pub components: Inventory,
    /// The components of a walked project tree are in [`Model::components`]: "the project
    /// has no Apex class" can be said. False for in-memory runs.
    pub components_walked: bool,
}

/// Facts about the project as a whole (from `sfdx-project.json`).
#[derive(Debug, Clone, Default)]
pub struct ProjectInfo {
    /// The project's own namespace, if any.
    pub namespace: Option<String>,
    /// The project declares package dependencies: fields may be defined in other packages.
    pub has_dependencies: bool,
}

impl ProjectInfo {
    /// The namespace of a component that belongs to a managed package other than the
    /// project's own (read-only for a subscriber): `FinServ__Teller` -> `FinServ`,
    /// `maps__Admin` -> `maps`. `None` for the project's own namespace and for names
    /// without a namespace prefix (`Sales_Ops`, `Invoice__c`).
    ///
    /// Works for component names without a suffix (permission sets, profiles, groups):
    /// Salesforce developer names cannot contain `__`, so `X__Y` means namespace `X`.
    /// For custom fields and objects (`ns__Field__c`) use
    /// [`ProjectInfo::foreign_namespace_of_custom`].
    pub fn foreign_namespace<'a>(&self, component: &'a str) -> Option<&'a str> {
        let (ns, rest) = split_dunder(component)?;
        if rest.is_empty() || !is_namespace(ns) {
            return None;
        }
        self.foreign(ns)
    }

    /// Like [`ProjectInfo::foreign_namespace`] for suffixed custom names:
    /// `FinServ__Balance__c` -> `FinServ`, `Balance__c` -> `None`.
    pub fn foreign_namespace_of_custom<'a>(&self, api_name: &'a str) -> Option<&'a str> {
        let (ns, rest) = split_dunder(api_name)?;
        if split_dunder(rest).is_none() || !is_namespace(ns) {
            return None;
        }
        self.foreign(ns)
    }

    /// A developer name without the project's own namespace prefix: `npsp__Admin` ->
    /// `Admin` when `npsp` is the project's namespace; other names as they are.
    pub fn without_own_namespace<'a>(&self, name: &'a str) -> &'a str {
        match (&self.namespace, split_dunder(name)) {
            (Some(ns), Some((prefix, rest)))
                if prefix.eq_ignore_ascii_case(ns) && !rest.is_empty() =>
            {
                rest
            }
            _ => name,
        }
    }

    fn foreign<'a>(&self, ns: &'a str) -> Option<&'a str> {
        match &self.namespace {
            Some(own) if own.eq_ignore_ascii_case(ns) => None,
            _ => Some(ns),
        }
    }
}

/// `s.split_once("__")` by a byte scan (a substring searcher costs more to set up than
/// these short names take to scan).
fn split_dunder(s: &str) -> Option<(&str, &str)> {
    let i = s.as_bytes().windows(2).position(|w| w == b"__")?;
    Some((&s[..i], &s[i + 2..]))
}

/// A namespace prefix: a letter, then letters, digits and single underscores
/// (`FinServ`, `npe01`, `vlocity_cmt`).
fn is_namespace(ns: &str) -> bool {
    ns.starts_with(|c: char| c.is_ascii_alphabetic())
        && !ns.ends_with('_')
        && ns.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// What one file contributes to the model.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub enum Facts {
    Set(Arc<PermSet>),
    /// A file of a decomposed permission set, keyed by the set's folder.
    SetPart(PathBuf, PermSet, bool),
    Group(PermSetGroup),
    Fields(Vec<FieldDef>),
    Object(String, Vec<FieldDef>, ObjectFacts),
    Session(ProfileSessionSetting),
    Analytics(AnalyticsAsset),
    Users(Vec<UserRecord>),
    App(App),
    Nothing,
    /// A set in the cache, read when first used (never stored itself; last, so that the
    /// stored variants keep their indexes).
    #[serde(skip)]
    LazySet(SetHead, Loader),
}

/// What an object file says besides its fields.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ObjectFacts {
    /// Record type names embedded in the file (mdapi `.object` `<recordTypes>`).
    pub record_types: Vec<String>,
    /// The object is a custom setting (`<customSettingsType>`).
    pub custom_setting: bool,
}

impl ObjectFacts {
    fn read(root: crate::xml::Element<'_>) -> ObjectFacts {
        ObjectFacts {
            record_types: root
                .children_named("recordTypes")
                .filter_map(|rt| rt.child("fullName"))
                .map(|n| crate::salesforce::names::strip_tokens(n.text().trim()).into_owned())
                .filter(|n| !n.is_empty())
                .collect(),
            custom_setting: root
                .child("customSettingsType")
                .is_some_and(|t| !t.text().trim().is_empty()),
        }
    }
}

impl Model {
    /// The user record with this username (case-insensitive, trimmed), as an index into
    /// `users`.
    pub fn user_by_username(&self, username: &str) -> Option<usize> {
        self.users.iter().position(|u| {
            u.username
                .as_ref()
                .is_some_and(|n| n.value.trim().eq_ignore_ascii_case(username.trim()))
        })
    }

    /// Is this user record the client-credentials run-as user of some app?
    pub fn is_run_as_user(&self, user: usize) -> bool {
        self.users[user].username.as_ref().is_some_and(|name| {
            self.apps.iter().any(|a| {
                a.run_as_user
                    .as_ref()
                    .is_some_and(|r| r.value.trim().eq_ignore_ascii_case(name.value.trim()))
            })
        })
    }

    /// Merge the facts of every file, in file order.
    pub fn from_facts(facts: Vec<Facts>, project: ProjectInfo) -> Model {
        let mut model = Model {
            project,
            ..Model::default()
        };
        let mut parts: HashMap<PathBuf, usize> = HashMap::new();
        // A set in memory (`Ok`, parts of a decomposed set merged into it) or from the cache
        // (`Err`, read on first use); slots are made once every part is merged.
        let mut sets: Vec<Result<Arc<PermSet>, SetSlot>> = Vec::new();
        for fact in facts {
            match fact {
                Facts::Set(set) => sets.push(Ok(set)),
                Facts::LazySet(head, load) => sets.push(Err(SetSlot::lazy(head, load))),
                Facts::SetPart(key, part, is_main) => match parts.get(&key) {
                    Some(&i) => {
                        if let Some(Ok(set)) = sets.get_mut(i) {
                            merge_part(Arc::make_mut(set), part, is_main);
                        }
                    }
                    None => {
                        parts.insert(key, sets.len());
                        sets.push(Ok(Arc::new(part)));
                    }
                },
                Facts::Group(g) => model.groups.push(g),
                Facts::Fields(fs) => {
                    for f in &fs {
                        if let Some(t) = ComponentType::of_object(&f.object) {
                            model.components.add(t, &f.object);
                        }
                    }
                    model.fields.extend(fs);
                }
                Facts::Object(name, fs, extra) => {
                    model.defined_objects.insert(name.to_ascii_lowercase());
                    if let Some(t) = ComponentType::of_object(&name) {
                        model.components.add(t, &name);
                    }
                    if extra.custom_setting {
                        model.components.add(ComponentType::CustomSetting, &name);
                    }
                    for rt in &extra.record_types {
                        model
                            .components
                            .add(ComponentType::RecordType, &format!("{name}.{rt}"));
                    }
                    model.fields.extend(fs);
                }
                Facts::Session(s) => model.sessions.push(s),
                Facts::Analytics(a) => model.analytics.push(a),
                Facts::Users(u) => model.users.extend(u),
                Facts::App(a) => model.apps.push(a),
                Facts::Nothing => {}
            }
        }
        // A loaded set's head scans its entries (API-only, person accounts): in parallel.
        model.sets = sets
            .into_par_iter()
            .with_max_len(1)
            .map(|s| match s {
                Ok(set) => SetSlot::loaded(set),
                Err(lazy) => lazy,
            })
            .collect();
        model.index();
        model
    }

    fn index(&mut self) {
        for (i, f) in self.fields.iter().enumerate() {
            self.field_index
                .entry(key::ci_hash(&[&f.object, ".", &f.name]))
                .or_default()
                .push(i as u32);
            self.object_fields
                .entry(f.object.to_ascii_lowercase())
                .or_default()
                .push(i);
        }
        // The sets in memory now; the others are indexed when first used.
        self.field_names = set_index::FieldNames::new();
        let index = self
            .sets
            .par_iter()
            .map(|s| {
                let cell = std::sync::OnceLock::new();
                if let Some(set) = s.if_loaded() {
                    let _ = cell.set(set_index::SetIndex::build(self, set, &self.field_names));
                }
                cell
            })
            .collect();
        self.set_index = index;
    }

    /// The first field permission for `Object.Field` in set `set` (index into `sets`).
    /// The project's own namespace prefix is optional on both sides: a dataflow reads
    /// `acme__Deal__c.acme__Score__c` where the package's source grants
    /// `Deal__c.Score__c`.
    pub fn set_field(&self, set: usize, object: &str, field: &str) -> Option<&FieldPerm> {
        let fields = &self.sets[set].fields;
        let (object, field) = (
            self.strip_own_namespace(object),
            self.strip_own_namespace(field),
        );
        self.set_index(set)?
            .field_candidates(object, field)
            .map(|i| &fields[i])
            .find(|fp| self.names_field(&fp.field.value, object, field))
    }

    /// A permission's name (`Object.Field`, or an object) split at its first `.`, each part
    /// without the own namespace.
    fn own_parts<'a>(&self, name: &'a str) -> (&'a str, Option<&'a str>) {
        match name.split_once('.') {
            Some((o, f)) => (
                self.strip_own_namespace(o),
                Some(self.strip_own_namespace(f)),
            ),
            None => (self.strip_own_namespace(name), None),
        }
    }

    /// Does the field permission name `qualified` (`Object.Field`) name `object`.`field`
    /// (both without the own namespace), ignoring ASCII case and the own namespace?
    fn names_field(&self, qualified: &str, object: &str, field: &str) -> bool {
        key::is_qualified(qualified, object, field)
            || (self.project.namespace.is_some()
                && matches!(self.own_parts(qualified), (o, Some(f))
                    if o.eq_ignore_ascii_case(object) && f.eq_ignore_ascii_case(field)))
    }

    /// The [`key::ci_hash`] a set's index files a permission named `name` (`Object.Field`
    /// or an object) under: of its name without the own namespace.
    pub fn permission_hash(&self, name: &str) -> u64 {
        if self.project.namespace.is_none() {
            return key::ci_hash(&[name]);
        }
        match self.own_parts(name) {
            (o, Some(f)) => key::ci_hash(&[o, ".", f]),
            (o, None) => key::ci_hash(&[o]),
        }
    }

    /// Do two field permission (or object permission) names name the same thing,
    /// ignoring ASCII case and the own namespace?
    pub fn same_permission(&self, a: &str, b: &str) -> bool {
        let same = |x: &str, y: &str| x.eq_ignore_ascii_case(y);
        same(a, b)
            || (self.project.namespace.is_some()
                && match (self.own_parts(a), self.own_parts(b)) {
                    ((ao, Some(af)), (bo, Some(bf))) => same(ao, bo) && same(af, bf),
                    ((ao, None), (bo, None)) => same(ao, bo),
                    _ => false,
                })
    }

    /// A custom activity field has one field-level security, which profiles and permission
    /// sets write as `Task.X__c` and `Event.X__c` (never `Activity.X__c`): the entry for
    /// `Activity.X__c` under either name, or for `Task.X__c`/`Event.X__c` under
    /// `Activity.X__c` (hand-written sets).
    pub fn activity_sibling_field(
        &self,
        set: usize,
        object: &str,
        field: &str,
    ) -> Option<&FieldPerm> {
        let siblings: &[&str] = if object.eq_ignore_ascii_case("Activity") {
            &["Task", "Event"]
        } else if activity_parent(object).is_some() {
            &["Activity"]
        } else {
            &[]
        };
        siblings.iter().find_map(|o| self.set_field(set, o, field))
    }

    /// The first object permission for `object` in set `set`.
    pub fn set_object(&self, set: usize, object: &str) -> Option<&ObjectPerm> {
        let objects = &self.sets[set].objects;
        let object = self.strip_own_namespace(object);
        self.set_index(set)?
            .object_candidates(object)
            .map(|i| &objects[i])
            .find(|op| {
                op.object.value.eq_ignore_ascii_case(object)
                    || self
                        .strip_own_namespace(&op.object.value)
                        .eq_ignore_ascii_case(object)
            })
    }

    /// The definition of `Object.Field` (API names compare case-insensitively). Custom
    /// activity fields are defined on `Activity` and permissioned as `Event.X` / `Task.X`.
    pub fn field(&self, object: &str, field: &str) -> Option<&FieldDef> {
        self.field_id(object, field).map(|i| &self.fields[i])
    }

    /// [`Model::field`] as an index into `fields`.
    pub fn field_id(&self, object: &str, field: &str) -> Option<usize> {
        // The package's own source has no namespace prefix; permissions may carry it.
        let object = self.strip_own_namespace(object);
        let field = self.strip_own_namespace(field);
        self.field_id_hashed(object, field, key::ci_hash(&[object, ".", field]))
    }

    /// [`Model::field_id`] of names without the own namespace, given
    /// `hash == key::ci_hash(&[object, ".", field])`.
    fn field_id_hashed(&self, object: &str, field: &str, hash: u64) -> Option<usize> {
        let find = |o: &str, hash: u64| {
            self.field_index
                .get(&hash)?
                .iter()
                .map(|&i| i as usize)
                .find(|&i| {
                    let f = &self.fields[i];
                    f.object.eq_ignore_ascii_case(o) && f.name.eq_ignore_ascii_case(field)
                })
        };
        find(object, hash).or_else(|| {
            activity_parent(object).and_then(|o| find(o, key::ci_hash(&[o, ".", field])))
        })
    }

    /// [`Model::field_id`] of a field permission's `Object.Field`, given its
    /// [`key::ci_hash`].
    pub fn field_id_of_qualified(&self, qualified: &str, hash: u64) -> Option<usize> {
        match qualified.split_once('.') {
            Some((object, field)) if self.project.namespace.is_none() => {
                self.field_id_hashed(object, field, hash)
            }
            Some((object, field)) => self.field_id(object, field),
            None => self.field_id("", ""),
        }
    }

    /// The field definition a field permission named `qualified` names: what
    /// [`Model::field_id_of_entry`] gives for any entry of that name.
    pub fn field_id_of_permission(&self, qualified: &str) -> Option<usize> {
        self.field_id_of_qualified(qualified, key::ci_hash(&[qualified]))
    }

    /// `acme__Tier__c` -> `Tier__c` when `acme` is the project's namespace.
    pub fn strip_own_namespace<'a>(&self, name: &'a str) -> &'a str {
        let Some(ns) = self.project.namespace.as_deref() else {
            return name;
        };
        let n = ns.len();
        if name.len() > n + 2
            && name.is_char_boundary(n)
            && name[..n].eq_ignore_ascii_case(ns)
            && name[n..].starts_with("__")
            && split_dunder(&name[n + 2..]).is_some()
        {
            &name[n + 2..]
        } else {
            name
        }
    }

    /// Does the project define at least one field where this object's custom fields are
    /// defined? For `Event` and `Task` that is `Activity`: a retrieve whose `Task` folder
    /// holds only standard fields says nothing about custom task fields.
    pub fn object_has_fields(&self, object: &str) -> bool {
        let home = custom_field_home(self.strip_own_namespace(object));
        self.object_fields.contains_key(&home.to_ascii_lowercase())
    }

    /// Is the definition file of the object that holds this object's custom fields in the
    /// project (`Activity`'s for `Event` and `Task`)?
    pub fn object_is_defined(&self, object: &str) -> bool {
        let home = custom_field_home(self.strip_own_namespace(object));
        self.defined_objects.contains(&home.to_ascii_lowercase())
    }

    /// The fields the project defines for an object (for `Event`/`Task`, also `Activity`'s).
    pub fn fields_of(&self, object: &str) -> impl Iterator<Item = &FieldDef> {
        let object = self.strip_own_namespace(object);
        let own = self.object_fields.get(&object.to_ascii_lowercase());
        let shared =
            activity_parent(object).and_then(|a| self.object_fields.get(&a.to_ascii_lowercase()));
        own.into_iter()
            .chain(shared)
            .flatten()
            .map(|&i| &self.fields[i])
    }

    /// The namespace of the managed package a set belongs to, when that package is not
    /// the project's own: the subscriber cannot change such a set (hygiene rules skip it),
    /// but its grants still count for effective access.
    pub fn managed_namespace<'a>(&self, set: &'a PermSet) -> Option<&'a str> {
        self.project.foreign_namespace(&set.name)
    }

    /// The heads of the sets of this kind (a set from the cache is not read for them).
    pub fn sets_of(&self, kind: SetKind) -> impl Iterator<Item = &SetHead> {
        self.sets
            .iter()
            .map(SetSlot::head)
            .filter(move |s| s.kind == kind)
    }
}

/// `Event` and `Task` share the custom fields defined on `Activity`.
fn activity_parent(object: &str) -> Option<&'static str> {
    (object.eq_ignore_ascii_case("Event") || object.eq_ignore_ascii_case("Task"))
        .then_some("Activity")
}

/// Where an object's custom fields are defined: `Activity` for `Event` and `Task`, else
/// the object itself.
pub fn custom_field_home(object: &str) -> &str {
    activity_parent(object).unwrap_or(object)
}

fn merge_part(set: &mut PermSet, mut part: PermSet, is_main: bool) {
    set.files.append(&mut part.files);
    set.append_lists(&mut part);
    for (name, at) in part.present {
        if !set.present.iter().any(|(n, _)| *n == name) {
            set.present.push((name, at));
        }
    }
    if is_main {
        set.root = part.root;
    }
    set.license = set.license.take().or(part.license);
    set.label = set.label.take().or(part.label);
    set.description = set.description.take().or(part.description);
    set.has_activation_required = set.has_activation_required.or(part.has_activation_required);
}

/// What one parsed file contributes to the model.
pub fn extract(file: &ParsedFile) -> Facts {
    let id = file.id;
    match (&file.kind, &file.content) {
        (FileKind::WaveDataflow | FileKind::WaveRecipe, Content::Wave(content)) => {
            Facts::Analytics(AnalyticsAsset {
                kind: if file.kind == FileKind::WaveDataflow {
                    AnalyticsKind::Dataflow
                } else {
                    AnalyticsKind::Recipe
                },
                name: file.name.clone(),
                file: id,
                reads: content.reads.clone(),
                outputs: content.outputs.clone(),
            })
        }
        (FileKind::UserJson, Content::Json(json)) => Facts::Users(UserRecord::read_json(id, json)),
        (kind, Content::Xml(doc)) => {
            let root = doc.root();
            let root_name = root.name();
            if let Some(expected) = kind.expected_root()
                && expected != root_name
            {
                // SF002 reports it; reading it as the wrong kind would only add noise.
                return Facts::Nothing;
            }
            let set_kind = match kind {
                FileKind::Profile => Some(SetKind::Profile),
                FileKind::PermissionSet => Some(SetKind::PermissionSet),
                FileKind::MutingPermissionSet => Some(SetKind::MutingPermissionSet),
                _ => None,
            };
            if let Some(set_kind) = set_kind {
                let mut set =
                    PermSet::new(set_kind, file.name.clone(), Loc::new(id, root.name_span()));
                set.read_root(id, root);
                set.shrink();
                return Facts::Set(Arc::new(set));
            }
            match kind {
                FileKind::PermissionSetPart { set } => {
                    let mut ps = PermSet::new(
                        SetKind::PermissionSet,
                        set.clone(),
                        Loc::new(id, root.name_span()),
                    );
                    let is_main = root_name == "PermissionSet"
                        && file.source.file_name().ends_with(".permissionset-meta.xml");
                    if root_name == "PermissionSet" {
                        ps.read_root(id, root);
                    } else {
                        ps.read_child(id, root, &perms::plural_child_name(root_name));
                    }
                    Facts::SetPart(set_folder(&file.source.path, set), ps, is_main)
                }
                FileKind::PermissionSetGroup => {
                    Facts::Group(PermSetGroup::read(id, file.name.clone(), root))
                }
                FileKind::CustomField { object } => {
                    Facts::Fields(vec![FieldDef::read(id, object, &file.name, root)])
                }
                FileKind::CustomObject => Facts::Object(
                    file.name.clone(),
                    root.children_named("fields")
                        .map(|el| FieldDef::read(id, &file.name, "", el))
                        .filter(|f| !f.name.is_empty())
                        .collect(),
                    ObjectFacts::read(root),
                ),
                FileKind::ConnectedApp => {
                    Facts::App(App::read_connected_app(id, file.name.clone(), root))
                }
                FileKind::EcaOauthPolicy => {
                    Facts::App(App::read_eca_policy(id, file.name.clone(), root))
                }
                FileKind::ExternalClientApp => {
                    Facts::App(App::read_eca_header(id, file.name.clone(), root))
                }
                FileKind::UserManifest => Facts::Users(vec![UserRecord::read_manifest(id, root)]),
                FileKind::ProfileSessionSetting => {
                    Facts::Session(ProfileSessionSetting::read(id, file.name.clone(), root))
                }
                _ => Facts::Nothing,
            }
        }
        _ => Facts::Nothing,
    }
}

/// The folder of a decomposed permission set: the ancestor named after the set whose
/// parent is `permissionsets`.
fn set_folder(path: &Path, set: &str) -> PathBuf {
    path.ancestors()
        .find(|a| {
            a.parent()
                .and_then(|p| p.file_name())
                .is_some_and(|n| n == "permissionsets")
                && a.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| crate::salesforce::names::decode_name(n) == set)
        })
        .map_or_else(|| path.to_path_buf(), Path::to_path_buf)
}

#[cfg(test)]
mod namespace_tests {
    use super::ProjectInfo;

    #[test]
    fn foreign_namespaces() {
        let none = ProjectInfo::default();
        assert_eq!(none.foreign_namespace("FinServ__Teller"), Some("FinServ"));
        assert_eq!(
            none.foreign_namespace("sfdcInternalInt__sfdc_a360_sfcrm_data_extract"),
            Some("sfdcInternalInt")
        );
        assert_eq!(none.foreign_namespace("Sales_Ops"), None);
        assert_eq!(
            none.foreign_namespace("vlocity_cmt__Admin"),
            Some("vlocity_cmt")
        );
        assert_eq!(
            none.foreign_namespace_of_custom("vlocity_cmt__Attribute__c"),
            Some("vlocity_cmt")
        );
        assert_eq!(none.foreign_namespace_of_custom("_x__Tier__c"), None);
        assert_eq!(none.foreign_namespace("__x"), None);
        assert_eq!(none.foreign_namespace("Custom: Sales__x"), None);
        assert_eq!(none.foreign_namespace_of_custom("Invoice__c"), None);
        assert_eq!(
            none.foreign_namespace_of_custom("npe01__Home__c"),
            Some("npe01")
        );
        let own = ProjectInfo {
            namespace: Some("npsp".into()),
            has_dependencies: false,
        };
        assert_eq!(own.foreign_namespace("NPSP__Admin"), None);
        assert_eq!(own.foreign_namespace_of_custom("npsp__Batch__c"), None);
        assert_eq!(own.foreign_namespace("FinServ__Teller"), Some("FinServ"));
    }
}

#[cfg(test)]
mod activity_tests {
    use super::*;
    use crate::diagnostic::FileId;
    use crate::source::Span;

    fn def(object: &str, name: &str) -> FieldDef {
        let at = Loc::new(FileId(0), Span::new(0, 0));
        FieldDef {
            object: object.into(),
            name: name.into(),
            name_at: at,
            elem: at,
            field_type: None,
            label: None,
            formula: None,
            required: None,
            security_classification: None,
            compliance_groups: Vec::new(),
            encryption_scheme: None,
        }
    }

    #[test]
    fn task_and_event_custom_fields_live_on_activity() {
        // A retrieve whose Task folder holds standard fields only.
        let m = Model::from_facts(
            vec![
                Facts::Fields(vec![def("Task", "Subject")]),
                Facts::Object(
                    "Event".into(),
                    vec![def("Event", "Location")],
                    ObjectFacts::default(),
                ),
            ],
            ProjectInfo::default(),
        );
        for o in ["Task", "event"] {
            assert!(!m.object_has_fields(o), "{o}");
            assert!(!m.object_is_defined(o), "{o}");
        }
        assert_eq!(m.fields_of("Task").count(), 1);
        assert!(m.field("Task", "Call_Result__c").is_none());

        let m = Model::from_facts(
            vec![
                Facts::Fields(vec![def("Task", "Subject")]),
                Facts::Object(
                    "Activity".into(),
                    vec![def("Activity", "Call_Result__c")],
                    ObjectFacts::default(),
                ),
            ],
            ProjectInfo::default(),
        );
        for o in ["Task", "Event", "Activity"] {
            assert!(m.object_has_fields(o), "{o}");
            assert!(m.object_is_defined(o), "{o}");
            assert!(m.field(o, "call_result__c").is_some(), "{o}");
        }
        let names: Vec<&str> = m.fields_of("Task").map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Subject", "Call_Result__c"]);
        assert_eq!(m.fields_of("Event").count(), 1);
        assert!(!m.object_has_fields("Account"));
    }
}
