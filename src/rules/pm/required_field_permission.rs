//! PM003: field permissions for a required field (or a master-detail field), which the
//! Metadata API does not accept (API 30.0+).

use crate::diagnostic::Severity;
use crate::model::{FieldDef, Flag, Loc};
use crate::rules::{Context, Family, Rule, RuleMeta, Sink, related};

pub struct RequiredFieldPermission;

static META: RuleMeta = RuleMeta {
    code: "PM003",
    name: "required-field-permission",
    family: Family::Permissions,
    severity: Severity::Error,
    enabled: true,
    summary: "Field permissions are listed for a required or master-detail field",
    page: include_str!("../../../rules/required-field-permission.md"),
};

fn why_required(def: &FieldDef) -> (&'static str, Loc) {
    match (def.required, &def.field_type) {
        (Some(r), _) if Flag::is_true(Some(r)) => ("required", r.at),
        (_, Some(t)) => ("a master-detail field (always required)", t.at),
        _ => ("required", def.elem),
    }
}

impl Rule for RequiredFieldPermission {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for set in super::granting_sets(cx.model) {
            for fp in &set.fields {
                let Some(def) = cx.model.field(fp.object(), fp.field_name()) else {
                    continue;
                };
                if !def.is_required() {
                    continue;
                }
                let (what, why_at) = why_required(def);
                let d = sink.emit(
                    fp.elem,
                    format!(
                        "{} `{}` lists field permissions for {}, which is {what}",
                        set.kind.label(),
                        set.name,
                        fp.field.value
                    ),
                    "remove this <fieldPermissions> entry: required fields are always readable and editable, and deploys fail when they carry FLS",
                    fp.field.value.clone(),
                );
                d.label("remove this entry");
                related(d, why_at, format!("{} is {what} here", def.qualified()));
            }
        }
    }
}
