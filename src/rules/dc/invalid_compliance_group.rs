//! DC002: a `complianceGroup` token that is not a configured compliance group, or the
//! element repeated instead of one `;`-separated list.

use crate::diagnostic::{Edit, Fix};
use crate::model::{Loc, Text};
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

/// The values of `lists`, each once, in order of first appearance (blank ones dropped).
fn merged(lists: &[Text]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for t in lists.iter().flat_map(|g| g.value.split(';')).map(str::trim) {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Text that can be written back as is (no character XML must escape), and whose span
/// holds it exactly (it needed no decoding).
fn writable(t: &Text) -> bool {
    t.at.span.len() == t.value.len() && !t.value.contains(['&', '<', '>'])
}

/// Merge repeated elements into the first (each value once) and remove the others.
/// Safe: a compliance group classifies a field; it grants nothing.
fn merge_fix(groups: &[Text]) -> Option<Fix> {
    let first = groups.first()?;
    if !groups.iter().all(writable) {
        return None;
    }
    let mut edits = vec![Edit::replace(first.at.span, merged(groups).join(";"))];
    edits.extend(groups[1..].iter().map(|g| Edit::remove_leaf(g.at.span)));
    Some(Fix::safe(
        "merge the values into the first <complianceGroup>",
        first.at.file,
        edits,
    ))
}

/// A value listed twice in one `complianceGroup`: drop the repeat (safe: the list means
/// the same with it once).
fn repeated_value(sink: &mut Sink, qualified: &str, at: Loc, token: &str, cut: Option<Span>) {
    let d = sink.report(
        at,
        format!("{qualified} lists compliance group `{token}` twice"),
    );
    d.help(format!("drop the repeated `{token}`"))
        .identity(format!("{qualified}/{token}/repeated"))
        .label("listed again");
    if let Some(cut) = cut {
        d.fix(Fix::safe(
            format!("drop the repeated `{token}`"),
            at.file,
            vec![Edit::delete(cut)],
        ));
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
                    if let Some(fix) = merge_fix(&def.compliance_groups) {
                        d.fix(fix);
                    }
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
                    let d = sink.report(
                        g.at,
                        format!("{qualified} lists `None` together with compliance groups"),
                    );
                    d.help(format!(
                        "drop `None`: <complianceGroup>{}</complianceGroup>",
                        rest.join(";")
                    ))
                    .identity(format!("{qualified}/None"))
                    .label("None and groups");
                    if writable(g) && !rest.is_empty() {
                        // Safe: classification only; the groups listed are what is meant.
                        d.fix(Fix::safe(
                            "drop `None`",
                            g.at.file,
                            vec![Edit::replace(g.at.span, rest.join(";"))],
                        ));
                    }
                }
                // Token spans are exact when the text needed no decoding.
                let exact = g.at.span.len() == g.value.len();
                let mut offset = 0;
                let mut seen: Vec<&str> = Vec::new();
                for part in g.value.split(';') {
                    let token = part.trim();
                    let (part_start, start) =
                        (offset, offset + (part.len() - part.trim_start().len()));
                    offset += part.len() + 1;
                    if token.is_empty() {
                        continue;
                    }
                    let span = if exact {
                        let s = g.at.span.start as usize + start;
                        Span::new(s, s + token.len())
                    } else {
                        g.at.span
                    };
                    if seen.contains(&token) {
                        // The `;` before the repeat and the repeat go.
                        let cut = exact.then(|| {
                            let s = g.at.span.start as usize + part_start;
                            Span::new(s - 1, s + part.len())
                        });
                        repeated_value(sink, &qualified, Loc::new(g.at.file, span), token, cut);
                        continue;
                    }
                    seen.push(token);
                    if token == "None" || groups.contains(&token) {
                        continue;
                    }
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
