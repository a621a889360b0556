//! PM005: the same field, object or user permission listed twice in one set.

use crate::diagnostic::{Edit, Fix};
use crate::model::set_index::first_and_repeats;
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

/// What an entry grants, one bit per flag (absent reads as false, as on deploy).
type Grants = u8;

fn grants(flags: &[Option<Flag>]) -> Grants {
    flags
        .iter()
        .enumerate()
        .fold(0, |g, (i, &f)| g | (u8::from(Flag::is_true(f)) << i))
}

/// Does `a` grant no more than `b`?
fn at_most(a: Grants, b: Grants) -> bool {
    a & !b == 0
}

/// The repair of a duplicate: an identical one goes (safe, nothing changes on deploy);
/// of two that differ, the one that grants more goes when one grants less in every flag
/// (unsafe: it may revoke what one of them meant to grant).
fn repair(
    element: &str,
    (first, first_grants): (Loc, Grants),
    (again, again_grants): (Loc, Grants),
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

/// Report each repeated entry: `repeats` holds (entry, first entry with its name), in
/// entry order; `entry(i)` is the name, place and grants of the `i`-th entry.
fn check<'a>(
    set: &PermSet,
    what: &str,
    element: &str,
    repeats: impl Iterator<Item = (usize, usize)>,
    entry: impl Fn(usize) -> (&'a str, Loc, Grants),
    sink: &mut Sink,
) {
    for (again, first) in repeats {
        let (key, loc, grants) = entry(again);
        let (first_key, first, first_grants) = entry(first);
        let fix = repair(element, (first, first_grants), (loc, grants));
        // Spelled apart only by the project's own namespace prefix: say both.
        let spelled = if first_key.eq_ignore_ascii_case(key) {
            String::new()
        } else {
            format!(" (first as {first_key}; the package's namespace prefix is optional)")
        };
        let d = sink.report(loc, format!(
                "{} `{}` lists the {what} {key} twice{spelled}",
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

impl Rule for DuplicatePermissionEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let pairs = |r: &[(u32, u32)]| -> Vec<(usize, usize)> {
            r.iter().map(|&(a, f)| (a as usize, f as usize)).collect()
        };
        for (s, set) in super::reported_own_set_ids(cx) {
            let Some(index) = cx.model.set_index(s) else {
                continue;
            };
            let field = |i: usize| {
                let f = &set.fields[i];
                let g = grants(&[f.readable, f.editable]);
                (f.field.value.as_str(), f.elem, g)
            };
            check(
                set,
                "field permission for",
                "fieldPermissions",
                pairs(&index.field_repeats).into_iter(),
                field,
                sink,
            );
            let object = |i: usize| {
                let o = &set.objects[i];
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
            };
            check(
                set,
                "object permission for",
                "objectPermissions",
                pairs(&index.object_repeats).into_iter(),
                object,
                sink,
            );
            let user = |i: usize| {
                let u = &set.user_perms[i];
                (u.name.value.as_str(), u.elem, grants(&[u.enabled]))
            };
            let (_, users) =
                first_and_repeats(set.user_perms.iter().map(|u| u.name.value.as_str()), |i| {
                    &set.user_perms[i as usize].name.value
                });
            check(
                set,
                "user permission",
                "userPermissions",
                pairs(&users).into_iter(),
                user,
                sink,
            );
        }
    }
}
