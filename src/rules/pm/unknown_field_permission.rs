//! PM004: a field permission names a custom field the project does not define, while the
//! project does define fields of that object.

use crate::diagnostic::Severity;
use crate::names::{Suggester, is_custom};
use crate::rules::{Context, Family, Rule, RuleMeta, Sink};

pub struct UnknownFieldPermission;

static META: RuleMeta = RuleMeta {
    code: "PM004",
    name: "unknown-field-permission",
    family: Family::Permissions,
    severity: Severity::Warning,
    enabled: true,
    summary: "A field permission names a custom field that the project does not define",
    page: include_str!("../../../rules/unknown-field-permission.md"),
};

/// `ns__Field__c` -> `Some("ns")`; `Field__c` -> `None`.
pub fn namespace_of(api_name: &str) -> Option<&str> {
    let (ns, rest) = api_name.split_once("__")?;
    rest.contains("__").then_some(ns)
}

impl Rule for UnknownFieldPermission {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let own_ns = cx.model.project.namespace.as_deref();
        let mut suggesters: std::collections::HashMap<String, Suggester<'_>> = Default::default();
        let deps = cx.model.project.has_dependencies;
        for set in &cx.model.sets {
            for fp in &set.fields {
                let (object, field) = (fp.object(), fp.field_name());
                if !is_custom(field) || !cx.model.object_has_fields(object) {
                    continue;
                }
                if deps && !(is_custom(object) && cx.model.object_is_defined(object)) {
                    // With package dependencies, only a custom object the project itself
                    // defines is known in full; others may get fields from a dependency.
                    continue;
                }
                if let Some(ns) = namespace_of(field)
                    && !own_ns.is_some_and(|own| own.eq_ignore_ascii_case(ns))
                {
                    continue; // a managed package's field: its definition lives in the package
                }
                if cx.model.field(object, field).is_some() {
                    continue;
                }
                let suggester = suggesters
                    .entry(object.to_ascii_lowercase())
                    .or_insert_with(|| {
                        Suggester::new(cx.model.fields_of(object).map(|f| f.name.as_str()))
                    });
                let help = match suggester.suggest(field) {
                    Some(s) => format!(
                        "did you mean {object}.{s}? Otherwise remove the entry, or add the field's definition under objects/{object}/fields/"
                    ),
                    None => format!(
                        "remove the entry if the field was deleted, or add objects/{object}/fields/{field}.field-meta.xml"
                    ),
                };
                sink.emit(
                    fp.field.at,
                    format!(
                        "{} `{}` has a permission for {}, but the project defines no such field on {object}",
                        set.kind.label(),
                        set.name,
                        fp.field.value
                    ),
                    help,
                    fp.field.value.clone(),
                )
                .label("no such field in the project");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces() {
        assert_eq!(namespace_of("npe01__HomeEmail__c"), Some("npe01"));
        assert_eq!(namespace_of("HomeEmail__c"), None);
        assert_eq!(namespace_of("Industry"), None);
        assert!(is_custom("A__c"));
        assert!(is_custom("A__C"));
        assert!(!is_custom("Industry"));
        assert!(!is_custom("__c"));
    }
}
