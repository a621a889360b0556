//! DC002: a `complianceGroup` token that is not a configured compliance group, or the
//! element repeated instead of one `;`-separated list.

use crate::model::Loc;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::did_you_mean;
use crate::source::Span;

declare_rule! {
    pub struct InvalidComplianceGroup {
        code: "DC002",
        name: "invalid-compliance-group",
        severity: Error,
        summary: "A complianceGroup value is not a compliance group, or the element is repeated",
    }
}

impl Rule for InvalidComplianceGroup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        // Documented values are always accepted; the configuration adds the org's own.
        let groups = cx.settings.classification.known_compliance_groups();
        for def in &cx.model.fields {
            let qualified = def.qualified();
            if let [first, rest @ ..] = def.compliance_groups.as_slice() {
                for again in rest {
                    let all: Vec<&str> = def
                        .compliance_groups
                        .iter()
                        .map(|g| g.value.as_str())
                        .collect();
                    let d = sink.report(again.at, format!(
                            "{qualified} repeats <complianceGroup>; it holds one `;`-separated list"
                        ))
.help(format!(
                            "merge them into one element: <complianceGroup>{}</complianceGroup>",
                            all.join(";")
                        ))
.identity(format!("{qualified}/repeated"));
                    d.label("repeated element");
                    d.related(first.at, "first <complianceGroup>");
                }
            }
            for g in &def.compliance_groups {
                let tokens: Vec<&str> = g
                    .value
                    .split(';')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .collect();
                if tokens.len() > 1 && tokens.contains(&"None") {
                    let rest: Vec<&str> = tokens.iter().copied().filter(|t| *t != "None").collect();
                    sink.report(
                        g.at,
                        format!("{qualified} lists `None` together with compliance groups"),
                    )
                    .help(format!(
                        "drop `None`: <complianceGroup>{}</complianceGroup>",
                        rest.join(";")
                    ))
                    .identity(format!("{qualified}/None"))
                    .label("None and groups");
                }
                // Token spans are exact when the text needed no decoding.
                let exact = g.at.span.len() == g.value.len();
                let mut offset = 0;
                for part in g.value.split(';') {
                    let token = part.trim();
                    let start = offset + (part.len() - part.trim_start().len());
                    offset += part.len() + 1;
                    if token.is_empty() || token == "None" || groups.contains(&token) {
                        continue;
                    }
                    let span = if exact {
                        let s = g.at.span.start as usize + start;
                        Span::new(s, s + token.len())
                    } else {
                        g.at.span
                    };
                    let help = match did_you_mean(token, groups.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`? Values are case-sensitive."),
                        None => format!(
                            "use the compliance groups {} (or `None`), or add yours to `[classification] compliance-groups`",
                            groups.join(", ")
                        ),
                    };
                    sink.report(Loc::new(g.at.file, span), format!("{qualified} lists compliance group `{token}`, which is not a compliance group"))
.help(help)
.identity(format!("{qualified}/{token}"))
                    .label("unknown compliance group");
                }
            }
        }
    }
}
