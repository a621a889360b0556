//! PM005: the same field, object or user permission listed twice in one set.

use crate::diagnostic::{Edit, Fix};
use crate::model::key::{HashedMap, ci_hash};
use crate::model::{Flag, Loc, PermSet};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct DuplicatePermissionEntry {
        code: "PM005",
        name: "duplicate-permission-entry",
        severity: Error,
        summary: "The same field, object or user permission is listed twice in one set",
    }
}

/// What an entry grants, flag by flag (absent reads as false, as on deploy).
type Grants = Vec<bool>;

fn grants(flags: &[Option<Flag>]) -> Grants {
    flags.iter().map(|&f| Flag::is_true(f)).collect()
}

/// Does `a` grant no more than `b`?
fn at_most(a: &Grants, b: &Grants) -> bool {
    a.iter().zip(b).all(|(&x, &y)| !x || y)
}

/// The repair of a duplicate: an identical one goes (safe, nothing changes on deploy);
/// of two that differ, the one that grants more goes when one grants less in every flag
/// (unsafe: it may revoke what one of them meant to grant).
fn repair(
    element: &str,
    (first, first_grants): (Loc, &Grants),
    (again, again_grants): (Loc, &Grants),
) -> Option<Fix> {
    let remove = |loc: Loc| vec![Edit::remove_element(loc.span)];
    if first_grants == again_grants {
        let msg = format!("remove the repeated <{element}> entry");
        return Some(Fix::safe(msg, again.file, remove(again)));
    }
    let (drop, msg) = if at_most(first_grants, again_grants) {
        (again, "remove the entry that grants more (this one)")
    } else if at_most(again_grants, first_grants) {
        (first, "remove the entry that grants more (the first one)")
    } else {
        return None;
    };
    Some(Fix::unsafe_(msg, drop.file, remove(drop)))
}

fn check<'a>(
    set: &PermSet,
    what: &str,
    element: &str,
    entries: impl Iterator<Item = (&'a str, Loc, Grants)>,
    sink: &mut Sink,
) {
    let mut seen: HashedMap<(&str, Loc, Grants)> = HashedMap::default();
    for (key, loc, grants) in entries {
        match seen.get(&ci_hash(&[key])) {
            // A different name with the same hash: vanishingly rare; not a duplicate.
            Some((other, _, _)) if !other.eq_ignore_ascii_case(key) => {}
            None => {
                seen.insert(ci_hash(&[key]), (key, loc, grants));
            }
            Some((_, first, first_grants)) => {
                let first = *first;
                let fix = repair(element, (first, first_grants), (loc, &grants));
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
                if let Some(fix) = fix {
                    d.fix(fix);
                }
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
            let fields = set.fields.iter().map(|f| {
                let g = grants(&[f.readable, f.editable]);
                (f.field.value.as_str(), f.elem, g)
            });
            check(
                set,
                "field permission for",
                "fieldPermissions",
                fields,
                sink,
            );
            let objects = set.objects.iter().map(|o| {
                let g = grants(&[
                    o.allow_read,
                    o.allow_create,
                    o.allow_edit,
                    o.allow_delete,
                    o.view_all_records,
                    o.modify_all_records,
                    o.view_all_fields,
                ]);
                (o.object.value.as_str(), o.elem, g)
            });
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
                .map(|u| (u.name.value.as_str(), u.elem, grants(&[u.enabled])));
            check(set, "user permission", "userPermissions", users, sink);
        }
    }
}
