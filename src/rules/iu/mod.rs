//! `IU`: the integration users that run CRM Analytics jobs must keep their access.

pub mod analytics_field_not_granted;
pub mod analytics_field_not_readable;
pub mod analytics_object_not_readable;
pub mod encrypted_text_without_view_encrypted_data;
pub mod integration_access_revoked;
pub mod integration_principal_unresolved;
pub mod integration_user_inactive;
pub mod security_user_predicate_field_not_readable;
pub mod unchecked_reads;

super::family! {
    Integration:
    analytics_field_not_readable,
    analytics_field_not_granted,
    analytics_object_not_readable,
    integration_user_inactive,
    encrypted_text_without_view_encrypted_data,
    integration_principal_unresolved,
    integration_access_revoked,
    security_user_predicate_field_not_readable,
}

// The shared reads and principal facts, for the rules of this family.
pub use super::analytics_reads::{
    ReadSite, analytics_principals, grant_home, grant_read_fix, has_view_all_data, managed_denial,
    managed_note, read_names, reads_by_field, reads_by_object, relate_reads, set_true_fix,
    view_all_note, who_extracts, who_reads,
};
