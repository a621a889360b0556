//! User permission API names (`<userPermissions><name>`), one a line in
//! `user-permissions.txt`. No list is complete: a policy may also name any permission the
//! project's profiles and permission sets list, and an unknown name is only reported.

static USER_PERMISSIONS_TXT: &str = include_str!("user-permissions.txt");

/// Every listed user permission API name, in file order (sorted).
pub fn user_permissions() -> impl Iterator<Item = &'static str> {
    USER_PERMISSIONS_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_unique() {
        let names: Vec<&str> = user_permissions().collect();
        for pair in names.windows(2) {
            assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
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
