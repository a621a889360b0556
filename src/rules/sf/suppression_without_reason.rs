//! SF004: an `sflint-ignore` comment without a reason. The findings funnel
//! (`lint::filter`) calls [`check`] for every suppression comment.

use crate::rules::{Rule, RuleMeta, Sink, declare_rule};
use crate::suppress::Suppression;

declare_rule! {
    pub struct SuppressionWithoutReason {
        code: "SF004",
        name: "suppression-without-reason",
        severity: Warning,
        summary: "An sflint-ignore comment gives no reason",
    }
}

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The finding for a comment that gives no reason.
pub fn check(s: &Suppression, sink: &mut Sink) {
    if s.reason.is_some() {
        return;
    }
    sink.report(
        s.at(),
        format!("this {} comment gives no reason", s.keyword()),
    )
    .help(format!(
        "say why after a colon, e.g. <!-- {} {}: approved by security, ticket SEC-123 -->",
        s.keyword(),
        s.codes.first().map_or("IU001", String::as_str)
    ))
    .identity(s.identity());
}
