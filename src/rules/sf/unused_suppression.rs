//! SF005: an `sflint-ignore` comment that suppresses nothing, or names no rule. The
//! findings funnel (`lint::filter`) calls [`check`] for every suppression comment.

use crate::config::Settings;
use crate::diagnostic::{Edit, Fix};
use crate::rules::{NEEDS_BASE, Rule, RuleMeta, Sink, declare_rule};
use crate::suppress::Suppression;

declare_rule! {
    pub struct UnusedSuppression {
        code: "SF005",
        name: "unused-suppression",
        severity: Warning,
        summary: "An sflint-ignore comment suppresses nothing",
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The findings for one comment: each selector that names no rule, and the comment itself
/// when it hid nothing (`used` is false) although every rule it names ran. Rules that need a
/// base cannot have findings in a run without one (`has_base`).
pub fn check(
    s: &Suppression,
    used: bool,
    settings: &Settings,
    rule_names: &[&str],
    has_base: bool,
    sink: &mut Sink,
) {
    for u in &s.unknown {
        let help = crate::salesforce::names::did_you_mean(u, rule_names.iter().copied())
            .map(|c| format!("did you mean `{c}`?"))
            .unwrap_or_else(|| {
                "name rules by code (IU001), prefix (IU) or name; `sflint rules` lists them".into()
            });
        sink.report(
            s.at(),
            format!(
                "this {} comment names `{u}`, which matches no rule",
                s.keyword()
            ),
        )
        .help(help)
        .identity(s.identity());
    }
    let all_ran = !s.codes.is_empty()
        && s.codes
            .iter()
            .all(|c| settings.is_enabled(c) && (has_base || !NEEDS_BASE.contains(&c.as_str())));
    if all_ran && !used {
        sink.report(
            s.at(),
            format!(
                "this {} comment suppresses {}, but there is no such finding {}",
                s.keyword(),
                s.codes.join(", "),
                if s.whole_file {
                    "in this file"
                } else {
                    "in the element it covers"
                }
            ),
        )
        .help("remove the comment: the problem it hid is gone (or it sits in the wrong place)")
        .identity(s.identity())
        // Safe: a comment grants nothing; its line goes with it when it stands alone.
        .fix(Fix::safe(
            "remove the comment",
            s.file,
            vec![Edit::remove_element(s.comment)],
        ));
    }
}
