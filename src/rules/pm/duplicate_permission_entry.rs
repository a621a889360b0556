//! PM005: the same field, object or user permission listed twice in one set.

use crate::model::key::{HashedMap, ci_hash};
use crate::model::{Loc, PermSet};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct DuplicatePermissionEntry {
        code: "PM005",
        name: "duplicate-permission-entry",
        severity: Error,
        summary: "The same field, object or user permission is listed twice in one set",
    }
}

fn check<'a>(
    set: &PermSet,
    what: &str,
    element: &str,
    entries: impl Iterator<Item = (&'a str, Loc)>,
    sink: &mut Sink,
) {
    let mut seen: HashedMap<(&str, Loc)> = HashedMap::default();
    for (key, loc) in entries {
        match seen.get(&ci_hash(&[key])) {
            // A different name with the same hash: vanishingly rare; not a duplicate.
            Some((other, _)) if !other.eq_ignore_ascii_case(key) => {}
            None => {
                seen.insert(ci_hash(&[key]), (key, loc));
            }
            Some(&(_, first)) => {
                let d = sink.report(loc, format!(
                        "{} `{}` lists the {what} {key} twice",
                        set.kind.label(),
                        set.name
                    ))
.help(format!(
                        "keep one <{element}> entry for {key} and merge the values you mean into it; with two, which one wins on deploy is undefined"
                    ))
.identity(format!("{element}/{key}"));
                d.label("listed again");
                d.related(first, "first listed here");
            }
        }
    }
}

impl Rule for DuplicatePermissionEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        for set in super::own_sets(cx.model) {
            let fields = set.fields.iter().map(|f| (f.field.value.as_str(), f.elem));
            check(
                set,
                "field permission for",
                "fieldPermissions",
                fields,
                sink,
            );
            let objects = set
                .objects
                .iter()
                .map(|o| (o.object.value.as_str(), o.elem));
            check(
                set,
                "object permission for",
                "objectPermissions",
                objects,
                sink,
            );
            let users = set
                .user_perms
                .iter()
                .map(|u| (u.name.value.as_str(), u.elem));
            check(set, "user permission", "userPermissions", users, sink);
        }
    }
}
