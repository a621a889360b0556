//! SF004: an `sflint-ignore` comment without a reason. Produced by the suppression pass
//! (see `suppress`); registered so it can be selected and documented.

use crate::diagnostic::Severity;
use crate::rules::{Family, Rule, RuleMeta};

pub struct SuppressionWithoutReason;

pub static META: RuleMeta = RuleMeta {
    code: "SF004",
    name: "suppression-without-reason",
    family: Family::Parse,
    severity: Severity::Warning,
    enabled: true,
    summary: "An sflint-ignore comment gives no reason",
    page: include_str!("../../../rules/suppression-without-reason.md"),
};

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
