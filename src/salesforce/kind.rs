//! What kind of metadata a file holds, decided from its path alone.

use std::path::Path;

use crate::salesforce::names::decode_name;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileKind {
    Profile,
    PermissionSet,
    /// A file of a decomposed permission set (`permissionsets/<PS>/...`), naming its set.
    PermissionSetPart {
        set: String,
    },
    PermissionSetGroup,
    MutingPermissionSet,
    /// `objects/<Obj>/<Obj>.object-meta.xml` or mdapi `<Obj>.object` (may embed `<fields>`).
    CustomObject,
    /// `objects/<Obj>/fields/<Field>.field-meta.xml`.
    CustomField {
        object: String,
    },
    ProfileSessionSetting,
    SecuritySettings,
    ConnectedApp,
    /// An External Client App's header file (`externalClientApps/<Name>.eca-meta.xml`,
    /// mdapi `<Name>.eca`): the app whose OAuth policies (`EcaOauthPolicy`) name it.
    ExternalClientApp,
    EcaOauthPolicy,
    WaveDataflow,
    WaveDataflowMeta,
    WaveRecipe,
    WaveRecipeMeta,
    /// sflint's user manifest: `users/<name>.user-meta.xml`.
    UserManifest,
    /// A JSON file that may hold users: an SFDX user definition or an sObject tree export.
    /// Read only when it does; other JSON is ignored.
    UserJson,
}

impl FileKind {
    /// The root element a file of this kind must have; `None` when several are valid.
    pub fn expected_root(&self) -> Option<&'static str> {
        Some(match self {
            FileKind::Profile => "Profile",
            FileKind::PermissionSet => "PermissionSet",
            FileKind::PermissionSetPart { .. } => return None,
            FileKind::PermissionSetGroup => "PermissionSetGroup",
            FileKind::MutingPermissionSet => "MutingPermissionSet",
            FileKind::CustomObject => "CustomObject",
            FileKind::CustomField { .. } => "CustomField",
            FileKind::ProfileSessionSetting => "ProfileSessionSetting",
            FileKind::SecuritySettings => "SecuritySettings",
            FileKind::ConnectedApp => "ConnectedApp",
            FileKind::ExternalClientApp => "ExternalClientApplication",
            FileKind::EcaOauthPolicy => "ExtlClntAppOauthConfigurablePolicies",
            FileKind::WaveDataflowMeta => "WaveDataflow",
            FileKind::WaveRecipeMeta => "WaveRecipe",
            FileKind::UserManifest => "User",
            FileKind::WaveDataflow | FileKind::WaveRecipe | FileKind::UserJson => return None,
        })
    }

    pub fn is_json(&self) -> bool {
        matches!(
            self,
            FileKind::WaveDataflow | FileKind::WaveRecipe | FileKind::UserJson
        )
    }

    pub fn label(&self) -> &'static str {
        match self {
            FileKind::Profile => "profile",
            FileKind::PermissionSet | FileKind::PermissionSetPart { .. } => "permission set",
            FileKind::PermissionSetGroup => "permission set group",
            FileKind::MutingPermissionSet => "muting permission set",
            FileKind::CustomObject => "object",
            FileKind::CustomField { .. } => "field",
            FileKind::ProfileSessionSetting => "profile session setting",
            FileKind::SecuritySettings => "security settings",
            FileKind::ConnectedApp => "connected app",
            FileKind::ExternalClientApp => "external client app",
            FileKind::EcaOauthPolicy => "external client app OAuth policy",
            FileKind::WaveDataflow => "dataflow",
            FileKind::WaveDataflowMeta => "dataflow meta",
            FileKind::WaveRecipe => "recipe",
            FileKind::WaveRecipeMeta => "recipe meta",
            FileKind::UserManifest => "user manifest",
            FileKind::UserJson => "user definition",
        }
    }
}

/// Suffix -> kind, longest suffixes first where they overlap. Every kind with a suffix of
/// its own is listed in both forms: SFDX source (`-meta.xml`) and Metadata API (mdapi).
/// Dataflows and recipes keep the same names in both; fields, the security settings and
/// user records are classified by folder or name in `classify`.
pub const SUFFIXES: &[(&str, FileKind)] = &[
    (".profile-meta.xml", FileKind::Profile),
    (".profile", FileKind::Profile),
    (".permissionsetgroup-meta.xml", FileKind::PermissionSetGroup),
    (".permissionsetgroup", FileKind::PermissionSetGroup),
    (
        ".mutingpermissionset-meta.xml",
        FileKind::MutingPermissionSet,
    ),
    (".mutingpermissionset", FileKind::MutingPermissionSet),
    (".permissionset-meta.xml", FileKind::PermissionSet),
    (".permissionset", FileKind::PermissionSet),
    (".object-meta.xml", FileKind::CustomObject),
    (".object", FileKind::CustomObject),
    (
        ".profileSessionSetting-meta.xml",
        FileKind::ProfileSessionSetting,
    ),
    (".profileSessionSetting", FileKind::ProfileSessionSetting),
    (".connectedApp-meta.xml", FileKind::ConnectedApp),
    (".connectedApp", FileKind::ConnectedApp),
    (".ecaOauthPlcy-meta.xml", FileKind::EcaOauthPolicy),
    (".ecaOauthPlcy", FileKind::EcaOauthPolicy),
    (".eca-meta.xml", FileKind::ExternalClientApp),
    (".eca", FileKind::ExternalClientApp),
    (".wdf-meta.xml", FileKind::WaveDataflowMeta),
    (".wdf", FileKind::WaveDataflow),
    (".wdpr-meta.xml", FileKind::WaveRecipeMeta),
    (".wdpr", FileKind::WaveRecipe),
];

/// Classify a path; `None` for files sflint does not read.
///
/// Names that aren't valid UTF-8 are read lossily (`Bad�.profile-meta.xml`): such a file
/// is linted under that name rather than dropped silently.
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_string_lossy();
    let name: &str = &name;
    let parent = parent_name(path, 1);
    let parent = parent.as_deref();

    // Decomposed permission sets: anything below permissionsets/<PS>/.
    if let Some(set) = decomposed_set(path, name) {
        return Some(FileKind::PermissionSetPart { set });
    }
    if name.ends_with(".field-meta.xml") {
        // objects/<Obj>/fields/<Field>.field-meta.xml
        if parent == Some("fields") {
            let object = parent_name(path, 2)?;
            return Some(FileKind::CustomField {
                object: decode_name(&object).into_owned(),
            });
        }
        return None;
    }
    if name.ends_with(".user-meta.xml") && parent == Some("users") {
        return Some(FileKind::UserManifest);
    }
    if name.ends_with(".json") {
        return is_user_json_candidate(path, name).then_some(FileKind::UserJson);
    }
    if name == "Security.settings-meta.xml" || name == "Security.settings" {
        return Some(FileKind::SecuritySettings);
    }
    SUFFIXES
        .iter()
        .find(|(suffix, _)| name.len() > suffix.len() && name.ends_with(suffix))
        .map(|(_, kind)| kind.clone())
}

/// The full name a file stands for: its stem without the kind suffix, URL-decoded.
pub fn full_name(path: &Path, kind: &FileKind) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let name: &str = &name;
    let stem = match kind {
        FileKind::CustomField { .. } => name.strip_suffix(".field-meta.xml"),
        FileKind::SecuritySettings => Some("Security"),
        FileKind::UserManifest => name.strip_suffix(".user-meta.xml"),
        FileKind::UserJson => name.strip_suffix(".json"),
        FileKind::PermissionSetPart { set } => Some(set.as_str()),
        _ => SUFFIXES
            .iter()
            .filter(|(_, k)| k == kind)
            .find_map(|(suffix, _)| name.strip_suffix(suffix)),
    };
    decode_name(stem.unwrap_or(name)).into_owned()
}

/// JSON files that may hold users: below a `config`, `users` or `data` folder, or with
/// `user` in the name. Project and tool files are never candidates, nor is JSON that
/// belongs to a metadata component (a CRM Analytics template's `DatasetUserXmd_XMD.json`,
/// a static resource, a Lightning component).
fn is_user_json_candidate(path: &Path, name: &str) -> bool {
    const COMPONENT_FOLDERS: &[&str] = &[
        "waveTemplates",
        "wave",
        "staticresources",
        "lwc",
        "aura",
        "experiences",
        "digitalExperiences",
        "siteDotComSites",
        "contentassets",
        "bots",
        "genAiPlannerBundles",
        "genAiPromptTemplates",
        "omniDataTransforms",
        "omniIntegrationProcedures",
        "omniScripts",
        "omniUiCard",
    ];
    if path.parent().is_some_and(|p| {
        p.components().any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|c| COMPONENT_FOLDERS.contains(&c))
        })
    }) {
        return false;
    }
    const NOT_USERS: &[&str] = &[
        "sfdx-project.json",
        "package.json",
        "package-lock.json",
        "jsconfig.json",
        "tsconfig.json",
    ];
    if NOT_USERS.contains(&name) {
        return false;
    }
    name.to_ascii_lowercase().contains("user")
        || path.parent().is_some_and(|p| {
            p.components()
                .any(|c| matches!(c.as_os_str().to_str(), Some("config" | "users" | "data")))
        })
}

fn parent_name(path: &Path, up: usize) -> Option<std::borrow::Cow<'_, str>> {
    let mut p = path.parent()?;
    for _ in 1..up {
        p = p.parent()?;
    }
    Some(p.file_name()?.to_string_lossy())
}

/// `permissionsets/<PS>/<anything>-meta.xml` (Beta and Beta2 presets).
fn decomposed_set(path: &Path, name: &str) -> Option<String> {
    if !name.ends_with("-meta.xml") {
        return None;
    }
    let dirs: Vec<std::borrow::Cow<'_, str>> = path
        .parent()?
        .components()
        .rev()
        .take(3)
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    // dirs[0] = direct parent, dirs[1] = its parent, ...
    for i in 0..dirs.len().saturating_sub(1) {
        if dirs[i + 1] == "permissionsets" {
            // Only the set folder itself or one child-kind folder below it.
            if i <= 1 {
                return Some(decode_name(&dirs[i]).into_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(p: &str) -> Option<FileKind> {
        classify(Path::new(p))
    }

    #[test]
    fn classifies_both_layouts() {
        assert_eq!(
            k("fa/profiles/Admin.profile-meta.xml"),
            Some(FileKind::Profile)
        );
        assert_eq!(k("src/profiles/Admin.profile"), Some(FileKind::Profile));
        assert_eq!(
            k("ps/X.permissionset-meta.xml"),
            Some(FileKind::PermissionSet)
        );
        assert_eq!(
            k("src/permissionsets/X.permissionset"),
            Some(FileKind::PermissionSet)
        );
        assert_eq!(
            k("g/X.permissionsetgroup-meta.xml"),
            Some(FileKind::PermissionSetGroup)
        );
        assert_eq!(
            k("m/X.mutingpermissionset-meta.xml"),
            Some(FileKind::MutingPermissionSet)
        );
        assert_eq!(
            k("objects/Account/Account.object-meta.xml"),
            Some(FileKind::CustomObject)
        );
        assert_eq!(
            k("src/objects/Account.object"),
            Some(FileKind::CustomObject)
        );
        assert_eq!(
            k("objects/Account/fields/SSN__c.field-meta.xml"),
            Some(FileKind::CustomField {
                object: "Account".into()
            })
        );
        assert_eq!(
            k("settings/Security.settings-meta.xml"),
            Some(FileKind::SecuritySettings)
        );
        assert_eq!(
            k("src/settings/Security.settings"),
            Some(FileKind::SecuritySettings)
        );
        assert_eq!(k("settings/Account.settings-meta.xml"), None);
        assert_eq!(k("wave/A.wdf"), Some(FileKind::WaveDataflow));
        assert_eq!(k("wave/A.wdf-meta.xml"), Some(FileKind::WaveDataflowMeta));
        assert_eq!(k("wave/A.wdpr"), Some(FileKind::WaveRecipe));
        assert_eq!(
            k("x/P.profileSessionSetting-meta.xml"),
            Some(FileKind::ProfileSessionSetting)
        );
        assert_eq!(k("classes/A.cls"), None);
        assert_eq!(
            k("x/users/crma.user-meta.xml"),
            Some(FileKind::UserManifest)
        );
        assert_eq!(k("x/crma.user-meta.xml"), None);
        assert_eq!(k("config/crma-user-def.json"), Some(FileKind::UserJson));
        assert_eq!(k("data/Users.json"), Some(FileKind::UserJson));
        assert_eq!(k("lwc/x/jsconfig.json"), None);
        assert_eq!(k("force-app/lwc/x/thing.json"), None);
        assert_eq!(
            k("fa/main/default/waveTemplates/Sales/DatasetUserXmd_XMD.json"),
            None
        );
        assert_eq!(k("fa/staticresources/users.json"), None);
        assert_eq!(k("fa/lwc/userCard/userCard.json"), None);
        assert_eq!(k("sfdx-project.json"), None);
        assert_eq!(k(".profile"), None);
    }

    #[test]
    fn classifies_decomposed_permission_sets() {
        let part = |s: &str| Some(FileKind::PermissionSetPart { set: s.into() });
        assert_eq!(k("permissionsets/PS/PS.permissionset-meta.xml"), part("PS"));
        assert_eq!(
            k("permissionsets/PS/fieldPermissions/A.B__c.fieldPermission-meta.xml"),
            part("PS")
        );
        assert_eq!(
            k("permissionsets/PS/objectSettings/Account.objectSettings-meta.xml"),
            part("PS")
        );
        assert_eq!(
            k("permissionsets/PS/PS.userPermission-meta.xml"),
            part("PS")
        );
        assert_eq!(
            k("permissionsets/PS.permissionset-meta.xml"),
            Some(FileKind::PermissionSet)
        );
    }

    #[test]
    fn full_names_are_url_decoded() {
        let p = Path::new("profiles/Custom%3A Marketing Profile.profile-meta.xml");
        assert_eq!(
            full_name(p, &FileKind::Profile),
            "Custom: Marketing Profile"
        );
        let p = Path::new("src/profiles/Analytics Cloud Integration User.profile");
        assert_eq!(
            full_name(p, &FileKind::Profile),
            "Analytics Cloud Integration User"
        );
        let p = Path::new("objects/Contact/fields/SSN__c.field-meta.xml");
        let kind = classify(p).unwrap();
        assert_eq!(full_name(p, &kind), "SSN__c");
    }
}
