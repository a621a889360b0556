//! SF005: an `sflint-ignore` comment that suppresses nothing, or names no rule. Produced by
//! the suppression pass (see `suppress`).

use crate::diagnostic::Severity;
use crate::rules::{Family, Rule, RuleMeta};

pub struct UnusedSuppression;

pub static META: RuleMeta = RuleMeta {
    code: "SF005",
    name: "unused-suppression",
    family: Family::Parse,
    severity: Severity::Warning,
    enabled: true,
    summary: "An sflint-ignore comment suppresses nothing",
    page: include_str!("../../../rules/unused-suppression.md"),
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
