//! PM003: field permissions for a required custom field (or a custom master-detail
//! field), which the Metadata API does not accept (API 30.0+). Standard fields are never
//! judged: their required-ness can't be read from retrieved metadata.

use crate::diagnostic::{Edit, Fix};
use crate::model::{FieldDef, Flag, Loc};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct RequiredFieldPermission {
        code: "PM003",
        name: "required-field-permission",
        severity: Error,
        summary: "Field permissions are listed for a required or master-detail custom field",
    }
}

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
        // Decided once per definition, not once per entry (a definition's name is another
        // read from memory, and a 1 GB org has millions of entries).
        let required: Vec<bool> = cx.model.fields.iter().map(FieldDef::is_required).collect();
        if !required.contains(&true) {
            return;
        }
        for (s, set) in super::reported_granting_set_ids(cx) {
            for (i, fp) in set.fields.iter().enumerate() {
                let Some(d) = cx.model.field_id_of_entry(s, i).filter(|&d| required[d]) else {
                    continue;
                };
                let def = &cx.model.fields[d];
                let (what, why_at) = why_required(def);
                let d = sink.report(fp.elem, format!(
                        "{} `{}` lists field permissions for {}, which is {what}",
                        set.kind.label(),
                        set.name,
                        fp.field.value
                    ))
.help("remove this <fieldPermissions> entry: a required custom field is always readable and editable, and a deploy that carries its field permissions fails (\"You cannot deploy to a required field\")")
.identity(fp.field.value);
                d.label("remove this entry");
                d.related(why_at, format!("{} is {what} here", def.qualified()));
                // Safe: a required field is readable and editable whatever the entry says.
                d.fix(Fix::safe(
                    "remove the <fieldPermissions> entry",
                    fp.elem.file,
                    vec![Edit::remove_element(fp.elem.span)],
                ));
            }
        }
    }
}
