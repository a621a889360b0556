//! `SF`: files sflint cannot read as the metadata they claim to be.

pub mod invalid_value;
pub mod parse_error;
pub mod policy_matches_nothing;
pub mod suppression_without_reason;
pub mod unexpected_root_element;
pub mod unused_suppression;
pub mod user_definition_invalid_key;
pub mod user_record_not_forceignored;

super::family! {
    Parse:
    parse_error,
    unexpected_root_element,
    invalid_value,
    suppression_without_reason,
    unused_suppression,
    policy_matches_nothing,
    user_record_not_forceignored,
    user_definition_invalid_key,
}
