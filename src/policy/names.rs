//! Names policies are checked against: user permission API names, field types, and the
//! child elements of profiles and permission sets.

use super::scope::Kind;

/// User permission API names (`<userPermissions><name>`), one a line in
/// `user-permissions.txt`. No list is complete: a policy may also name any permission the
/// project's profiles and permission sets list, and an unknown name is only reported.
static USER_PERMISSIONS_TXT: &str = include_str!("user-permissions.txt");

pub fn user_permissions() -> impl Iterator<Item = &'static str> {
    USER_PERMISSIONS_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `<type>` values of custom fields.
pub const FIELD_TYPES: &[&str] = &[
    "AutoNumber",
    "Checkbox",
    "Currency",
    "Date",
    "DateTime",
    "Email",
    "EncryptedText",
    "ExternalLookup",
    "File",
    "Hierarchy",
    "Html",
    "IndirectLookup",
    "Location",
    "LongTextArea",
    "Lookup",
    "MasterDetail",
    "MetadataRelationship",
    "MultiselectPicklist",
    "Number",
    "Percent",
    "Phone",
    "Picklist",
    "Summary",
    "Text",
    "TextArea",
    "Time",
    "Url",
];

const PROFILE_ELEMENTS: &[&str] = &[
    "applicationVisibilities",
    "categoryGroupVisibilities",
    "classAccesses",
    "custom",
    "customMetadataTypeAccesses",
    "customPermissions",
    "customSettingAccesses",
    "description",
    "externalDataSourceAccesses",
    "fieldPermissions",
    "flowAccesses",
    "layoutAssignments",
    "loginFlows",
    "loginHours",
    "loginIpRanges",
    "objectPermissions",
    "pageAccesses",
    "profileActionOverrides",
    "recordTypeVisibilities",
    "tabVisibilities",
    "userLicense",
    "userPermissions",
];

const PERMISSION_SET_ELEMENTS: &[&str] = &[
    "applicationVisibilities",
    "classAccesses",
    "customMetadataTypeAccesses",
    "customPermissions",
    "customSettingAccesses",
    "description",
    "emailRoutingAddressAccesses",
    "externalCredentialPrincipalAccesses",
    "externalDataSourceAccesses",
    "fieldPermissions",
    "flowAccesses",
    "hasActivationRequired",
    "label",
    "license",
    "objectPermissions",
    "pageAccesses",
    "recordTypeVisibilities",
    "tabSettings",
    "userLicense",
    "userPermissions",
];

const MUTING_SET_ELEMENTS: &[&str] = &[
    "description",
    "fieldPermissions",
    "label",
    "objectPermissions",
    "userPermissions",
];

/// The child elements a file of this kind may have (empty for integration principals).
pub fn elements_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Profile => PROFILE_ELEMENTS,
        Kind::PermissionSet => PERMISSION_SET_ELEMENTS,
        Kind::MutingPermissionSet => MUTING_SET_ELEMENTS,
        Kind::Integration => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_unique() {
        let user_permissions: Vec<&str> = user_permissions().collect();
        for list in [
            user_permissions.as_slice(),
            FIELD_TYPES,
            PROFILE_ELEMENTS,
            PERMISSION_SET_ELEMENTS,
            MUTING_SET_ELEMENTS,
        ] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
            }
        }
    }

    #[test]
    fn the_built_in_list_has_the_real_names() {
        let names: Vec<&str> = user_permissions().collect();
        assert!(names.len() >= 445, "{}", names.len());
        for n in [
            "ForceTwoFactor",
            "ManageAccessPolicies",
            "ModifyAllData",
            "ApiEnabled",
        ] {
            assert!(names.contains(&n), "{n}");
        }
    }
}
