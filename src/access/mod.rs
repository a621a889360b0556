//! Who can read what: integration principals and their effective access.

pub mod effective;
pub mod exposure;
pub mod principal;

pub use effective::{Access, FieldAccess, Grant, ObjectAccess, VIEW_ALL_FIELDS_GLOBAL};
pub use exposure::{edit_grant, guest_profiles};
pub use principal::{Member, Origin, Principal, Unresolved, resolve_principals};
