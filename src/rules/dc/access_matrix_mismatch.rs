//! DC008: the metadata and the access matrix disagree.

use crate::access::FieldAccess;
use crate::matrix::MatrixAccess;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::{did_you_mean, is_custom};

use super::row_names;

declare_rule! {
    pub struct AccessMatrixMismatch {
        code: "DC008",
        name: "access-matrix-mismatch",
        severity: Error,
        summary: "The access matrix and the metadata disagree on classification or access",
    }
}

impl Rule for AccessMatrixMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let Some(matrix) = cx.matrix else { return };
        let access = cx.access;
        for row in &matrix.rows {
            let (object, field) = (row.object(), row.field_name());
            let id = format!("{}/{}", row.field.value, row.principal.value);
            let def = cx.model.field(object, field);
            if def.is_none() && is_custom(field) {
                sink.report(
                    row.field.at,
                    format!(
                        "the access matrix lists {}, which the project does not define",
                        row.field.value
                    ),
                )
                .help("fix the field name, or delete the row if the field was removed")
                .identity(format!("{id}/field"))
                .label("no such field");
                continue;
            }
            let Some(p) = access.principals.iter().find(|p| row_names(row, p)) else {
                let names: Vec<&str> = access.principals.iter().map(|p| p.name.as_str()).collect();
                let help = match did_you_mean(&row.principal.value, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if names.is_empty() => "the project has no integration principal; configure one under [[integration.principal]]".into(),
                    None => format!("name one of the integration principals: {}", names.join(", ")),
                };
                sink.report(
                    row.principal.at,
                    format!(
                        "the access matrix names `{}`, which is not an integration principal",
                        row.principal.value
                    ),
                )
                .help(help)
                .identity(format!("{id}/principal"))
                .label("unknown principal");
                continue;
            };
            if let (Some(def), Some(want)) = (def, &row.classification) {
                let have = def.security_classification.as_ref();
                if have.is_none_or(|h| h.value != want.value) {
                    let have_text = have.map_or("no classification".to_string(), |h| {
                        format!("`{}`", h.value)
                    });
                    let d = sink.report(want.at, format!(
                            "the access matrix classifies {} as `{}`, but the field has {have_text}",
                            row.field.value, want.value
                        ))
.help("make the matrix follow the field's securityClassification, or reclassify the field if the matrix is right")
.identity(format!("{id}/classification"));
                    d.label("differs from the field");
                    match have {
                        Some(h) => d.related(h.at, "the field's classification"),
                        None => d.related(def.name_at, "the field, unclassified"),
                    };
                }
            }
            match (row.access, access.field_read(p, object, field)) {
                (MatrixAccess::None, FieldAccess::Granted(grant)) => {
                    let d = sink
                        .report(
                            grant.at,
                            format!(
                                "{} can read {}, but the access matrix says it must not",
                                p.name, row.field.value
                            ),
                        )
                        .help(format!(
                            "{}; if the access is approved, change the matrix",
                            super::revoke_read(cx, p, &grant)
                        ))
                        .identity(format!("{id}/access"));
                    d.label("read granted");
                    d.related(row.access_at, "the matrix says none");
                }
                (MatrixAccess::Read | MatrixAccess::Edit, FieldAccess::Denied(denials)) => {
                    let set = access.set(denials[0].set);
                    let d = sink.report(denials[0].at, format!(
                            "the access matrix grants {} {} on {}, but {} `{}` denies read",
                            p.name,
                            row.access.as_str(),
                            row.field.value,
                            set.kind.label(),
                            set.name
                        ))
.help("set <readable>true</readable> here, or change the matrix to `none` if the access was withdrawn")
.identity(format!("{id}/access"));
                    d.label("read denied");
                    d.related(
                        row.access_at,
                        format!("the matrix says {}", row.access.as_str()),
                    );
                }
                (
                    MatrixAccess::Read | MatrixAccess::Edit,
                    FieldAccess::NotGranted | FieldAccess::Muted { .. },
                ) => {
                    sink.report(row.access_at, format!(
                            "the access matrix grants {} {} on {}, but nothing in source gives it read access",
                            p.name,
                            row.access.as_str(),
                            row.field.value
                        ))
.help(format!(
                            "grant read on {} to {} (its profile or a permission set), or change the matrix to `none`",
                            row.field.value, p.name
                        ))
.identity(format!("{id}/access"))
                    .label("not granted in source");
                }
                (want, FieldAccess::Granted(grant)) => {
                    // Read is granted; check the edit level the matrix states.
                    let edit = crate::access::edit_grant(cx.model, p, object, field);
                    match (want, edit) {
                        (MatrixAccess::Read, Some(e)) => {
                            let d = sink.report(e.at, format!(
                                    "{} can edit {}, but the access matrix grants only read",
                                    p.name, row.field.value
                                ))
.help("set <editable>false</editable>, or change the matrix to `edit` if edit access is approved")
.identity(format!("{id}/edit"));
                            d.label("edit granted");
                            d.related(row.access_at, "the matrix says read");
                        }
                        (MatrixAccess::Edit, None) => {
                            let d = sink.report(row.access_at, format!(
                                    "the access matrix grants {} edit on {}, but the metadata gives read only",
                                    p.name, row.field.value
                                ))
.help("change the matrix to `read`, or grant edit in the metadata if it is approved")
.identity(format!("{id}/edit"));
                            d.label("edit not granted");
                            d.related(grant.at, "read granted here");
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
}
