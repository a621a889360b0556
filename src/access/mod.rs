//! Who can read what: integration principals and their effective access.

pub mod effective;
pub mod principal;

pub use effective::{Access, FieldAccess, Grant, ObjectAccess, VIEW_ALL_FIELDS_GLOBAL};
pub use principal::{Member, Origin, Principal, Unresolved, resolve_principals};
