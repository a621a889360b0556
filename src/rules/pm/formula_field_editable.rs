//! PM002: a field permission grants edit on a field that is read-only by type
//! (formula, roll-up summary, auto-number). The Metadata API accepts such entries (API
//! 38.0+) and retrieves write them by the thousand, so the rule is off by default and
//! only informs: the entry grants nothing.

use crate::diagnostic::{Edit, Fix};
use crate::model::{FieldDef, Flag, Loc};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct FormulaFieldEditable {
        code: "PM002",
        name: "formula-field-editable",
        severity: Info,
        enabled: false,
        summary: "Edit access is granted on a formula, roll-up summary or auto-number field",
    }
}

fn why_read_only(def: &FieldDef) -> (&'static str, Loc) {
    if let Some(f) = &def.formula {
        return ("a formula field", f.at);
    }
    let at = def.field_type.as_ref().map_or(def.elem, |t| t.at);
    if def.type_is("Summary") {
        ("a roll-up summary field", at)
    } else {
        ("an auto-number field", at)
    }
}

impl Rule for FormulaFieldEditable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (s, set) in super::reported_granting_set_ids(cx) {
            for (i, fp) in set.fields.iter().enumerate() {
                if !Flag::is_true(fp.editable) {
                    continue;
                }
                let Some(def) = cx.model.field_of_entry(s, i) else {
                    continue;
                };
                if !def.is_read_only_by_type() {
                    continue;
                }
                let (what, why_at) = why_read_only(def);
                let editable = fp.editable.expect("checked above");
                let d = sink.report(editable.at, format!(
                        "{} `{}` grants edit on {}, which is {what}: the edit grant has no effect",
                        set.kind.label(),
                        set.name,
                        fp.field.value
                    ))
.help("set <editable>false</editable> so the entry says what users can do; Salesforce computes this field's value, so nobody can edit it whatever the field permission says")
.identity(fp.field.value);
                d.label("grants nothing");
                d.related(why_at, format!("{} is {what}", def.qualified()));
                // Safe: the edit grant has no effect, so the deploy grants the same.
                d.fix(Fix::safe(
                    "set <editable>false</editable>",
                    editable.at.file,
                    vec![Edit::replace(editable.at.span, "false")],
                ));
            }
        }
    }
}
