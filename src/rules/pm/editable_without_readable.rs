//! PM001: a field permission with `editable` true but `readable` false.

use crate::diagnostic::{Edit, Fix};
use crate::model::Flag;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct EditableWithoutReadable {
        code: "PM001",
        name: "editable-without-readable",
        severity: Error,
        summary: "A field permission grants edit but denies read",
    }
}

impl Rule for EditableWithoutReadable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (_, set) in super::reported_granting_set_ids(cx) {
            for fp in &set.fields {
                let (Some(editable), Some(readable)) = (fp.editable, fp.readable) else {
                    continue;
                };
                if !(editable.value && Flag::is_false(Some(readable))) {
                    continue;
                }
                let d = sink.report(readable.at, format!(
                        "{} `{}` makes {} editable but not readable",
                        set.kind.label(),
                        set.name,
                        fp.field.value
                    ))
.help("set <readable>true</readable> to keep edit access, or <editable>false</editable> to remove both")
.identity(fp.field.value);
                d.label("not readable");
                d.related(editable.at, "but editable");
                // Two repairs, opposite in what they grant: neither is applied by
                // `--fix`; editors offer both.
                d.fix(Fix::unsafe_(
                    "make it readable: set <readable>true</readable> (grants read)",
                    readable.at.file,
                    vec![Edit::replace(readable.at.span, "true")],
                ));
                d.fix(Fix::unsafe_(
                    "make it not editable: set <editable>false</editable> (revokes edit)",
                    editable.at.file,
                    vec![Edit::replace(editable.at.span, "false")],
                ));
            }
        }
    }
}
