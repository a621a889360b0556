//! DC005: an integration principal can read a field at a level that needs a justification
//! (default `Confidential`) and no justified matrix row exists.

use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::{UnjustifiedRead, unjustified_reads};

declare_rule! {
    pub struct JustificationMissing {
        code: "DC005",
        name: "justification-missing",
        severity: Warning,
        summary: "An integration user reads a field whose level needs a documented justification, and none is recorded",
    }
}

impl Rule for JustificationMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for UnjustifiedRead {
            def,
            level: sc,
            principal: p,
            grant,
            row,
        } in unjustified_reads(cx, |c, l| c.needs_justification(l))
        {
            let qualified = def.qualified();
            let help = match (cx.matrix, row) {
                (Some(_), Some(_)) => format!(
                    "write why {} needs {qualified} in the `justification` column of its matrix row",
                    p.name
                ),
                (Some(_), None) => format!(
                    "add a row `{qualified},{},{},read,<why the integration needs it>,` to the access matrix",
                    sc.value, p.name
                ),
                (None, _) => format!(
                    "record why {} needs {qualified} in an access matrix (`[classification] access-matrix`), or revoke the read",
                    p.name
                ),
            };
            let d = sink.report(grant.at, format!(
                        "{} can read {qualified}, classified `{}`, with no documented business justification",
                        p.name, sc.value
                    ))
.help(help)
.identity(format!("{}/{qualified}", p.name));
            d.label("read granted");
            d.related(sc.at, format!("classified {}", sc.value));
            if let Some(r) = row {
                d.related(r.at, "matrix row without a justification");
            }
        }
    }
}
