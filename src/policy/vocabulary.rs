//! Vocabularies policies are checked against: field types and the child elements of
//! profiles, permission sets and muting permission sets.

use super::scope::Kind;

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
        for list in [
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
}
