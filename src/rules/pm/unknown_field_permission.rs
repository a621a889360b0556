//! PM004: a field permission names a custom field the project does not define, while the
//! project does define fields where that object's custom fields live (`Activity` for
//! `Task` and `Event`).

use crate::diagnostic::{Edit, Fix};
use crate::interned::PerName;
use crate::model::custom_field_home;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::{Suggester, is_custom};

declare_rule! {
    pub struct UnknownFieldPermission {
        code: "PM004",
        name: "unknown-field-permission",
        severity: Warning,
        summary: "A field permission names a custom field that the project does not define",
    }
}

impl Rule for UnknownFieldPermission {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let mut suggesters: std::collections::HashMap<String, Suggester<'_>> = Default::default();
        let deps = cx.model.project.has_dependencies;
        // Whether an unresolved entry is reported depends on its name alone, and profiles
        // repeat the same names: each is decided once (the name's text is read only then).
        let decided: PerName<bool> = PerName::new();
        let reportable = |object: &str, field: &str| {
            if !is_custom(field) || !cx.model.object_has_fields(object) {
                return false;
            }
            if deps && !(is_custom(object) && cx.model.object_is_defined(object)) {
                // With package dependencies, only a custom object the project itself
                // defines is known in full; others may get fields from a dependency.
                return false;
            }
            // A managed package's field: its definition lives in the package.
            cx.model
                .project
                .foreign_namespace_of_custom(field)
                .is_none()
        };
        for (s, set) in super::reported_own_set_ids(cx) {
            for (i, fp) in set.fields.iter().enumerate() {
                if cx.model.field_of_entry(s, i).is_some() {
                    continue; // the most common case, and the cheapest test
                }
                if !decided.get(fp.field.value, || reportable(fp.object(), fp.field_name())) {
                    continue;
                }
                let (object, field) = (fp.object(), fp.field_name());
                let suggester = suggesters
                    .entry(object.to_ascii_lowercase())
                    .or_insert_with(|| {
                        // Near names of the same namespace only: the project's own fields,
                        // whose source names carry no prefix.
                        let own = cx
                            .model
                            .fields_of(object)
                            .map(|f| cx.model.strip_own_namespace(&f.name))
                            .filter(|n| cx.model.project.foreign_namespace_of_custom(n).is_none());
                        Suggester::within(own, 5)
                    });
                let home = custom_field_home(cx.model.strip_own_namespace(object));
                let defines = format!(
                    "define the field (objects/{home}/fields/{}.field-meta.xml), remove the entry if the field was deleted, or, if a package defines it, declare that package under `dependencies` in sfdx-project.json",
                    cx.model.strip_own_namespace(field)
                );
                let help = match suggester.suggest(cx.model.strip_own_namespace(field)) {
                    Some(s) => format!("did you mean {object}.{s}? Otherwise {defines}"),
                    None => defines,
                };
                let d = sink.report(fp.field.at, format!(
                        "{} `{}` has a permission for {}, but the project defines no such field on {object}",
                        set.kind.label(),
                        set.name,
                        fp.field.value
                    ))
.help(help)
.identity(fp.field.value)
                .label("no such field in the project");
                // Unsafe: the field may exist in the org, or in a package not declared.
                d.fix(Fix::unsafe_(
                    "remove the <fieldPermissions> entry",
                    fp.elem.file,
                    vec![Edit::remove_element(fp.elem.span)],
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_names() {
        assert!(is_custom("A__c"));
        assert!(is_custom("A__C"));
        assert!(!is_custom("Industry"));
        assert!(!is_custom("__c"));
    }
}
