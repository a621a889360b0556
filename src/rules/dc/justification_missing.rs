//! DC005: an integration principal can read a field at a level that needs a justification
//! (default `Confidential`) and no justified matrix row exists.

use crate::access::FieldAccess;
use crate::diagnostic::Severity;
use crate::matrix::MatrixAccess;
use crate::rules::{Context, Family, Rule, RuleMeta, Sink, related};

use super::{justified, level, matrix_row};

pub struct JustificationMissing;

static META: RuleMeta = RuleMeta {
    code: "DC005",
    name: "justification-missing",
    family: Family::Classification,
    severity: Severity::Warning,
    enabled: true,
    summary: "An integration user reads a field whose level needs a documented justification, and none is recorded",
    page: include_str!("../../../rules/justification-missing.md"),
};

impl Rule for JustificationMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        for def in &cx.model.fields {
            let Some(sc) = level(def, c).filter(|t| c.needs_justification(&t.value)) else {
                continue;
            };
            for p in &cx.access.principals {
                let FieldAccess::Granted(grant) = cx.access.field_read(p, &def.object, &def.name)
                else {
                    continue;
                };
                let row = matrix_row(cx.matrix, def, p);
                // A row saying `none` is DC008's finding (the matrix and metadata disagree).
                if justified(row) || row.is_some_and(|r| r.access == MatrixAccess::None) {
                    continue;
                }
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
                let d = sink.emit(
                    grant.at,
                    format!(
                        "{} can read {qualified}, classified `{}`, with no documented business justification",
                        p.name, sc.value
                    ),
                    help,
                    format!("{}/{qualified}", p.name),
                );
                d.label("read granted");
                related(d, sc.at, format!("classified {}", sc.value));
                if let Some(r) = row {
                    related(d, r.at, "matrix row without a justification");
                }
            }
        }
    }
}
