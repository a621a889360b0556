//! Profile session settings: the session security level a profile requires at login.

use crate::diagnostic::FileId;
use crate::xml::Element;

use crate::salesforce::session::SessionLevel;

use super::values::{Loc, Text, enum_text, text};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ProfileSessionSetting {
    pub name: String,
    pub root: Loc,
    /// The profile this applies to: the `<profile>` element, not the file name.
    pub profile: Option<Text>,
    pub required_session_level: Option<Text>,
}

impl ProfileSessionSetting {
    pub fn read(file: FileId, name: String, root: Element<'_>) -> Self {
        ProfileSessionSetting {
            name,
            root: Loc::new(file, root.name_span()),
            profile: text(file, root, "profile"),
            required_session_level: enum_text(
                file,
                root,
                "requiredSessionLevel",
                SessionLevel::NAMES,
            ),
        }
    }
}
