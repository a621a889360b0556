//! What Salesforce defines, independent of any project: metadata kinds and components by
//! path, API name rules, and the vocabularies of enums and user permissions.

pub mod inventory;
pub mod kind;
pub mod names;
pub mod session;
pub mod user_permissions;
