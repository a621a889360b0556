//! PM009: a custom field that no profile and no permission set in the project makes
//! readable and none mentions, on an object whose other fields the project does grant.
//! With a base (`--base`, `--staged`), a field the change adds is judged even when the
//! project grants no other field of its object, and even when sets write `readable` false
//! for it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::interned::{ByAddress, Name, PerName};
use crate::model::compound::permissioned;
use crate::model::{FieldDef, Flag, Loc, Model, PermSet, SetKind, custom_field_home};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::is_custom;

declare_rule! {
    pub struct FieldReadableByNobody {
        code: "PM009",
        name: "field-readable-by-nobody",
        severity: Warning,
        summary: "No profile or permission set in the project can read a custom field",
    }
}

/// How many granting sets the help names as likely homes.
const HOMES: usize = 3;

/// What the project's profiles and permission sets (muting sets aside) say about reading
/// fields. Entries are resolved to the field they name the way PM004 does (the project's
/// own namespace prefix and CumulusCI tokens removed, compound and person-account fields
/// mapped, `Task`/`Event` fields to `Activity`).
struct Coverage {
    /// Per field definition (index into `Model::fields`): the first definition with the
    /// same lower-case `Object.Field`, which stands for all of them below.
    canon: Vec<u32>,
    /// Per canonical definition: some set grants read on it.
    read: Vec<bool>,
    /// Per set: the canonical definitions it writes `readable` false for, sorted (looked
    /// up only for the few fields nobody can read).
    denied: Vec<(usize, Vec<u32>)>,
    /// Objects (lower-case, where their custom fields live) with `viewAllFields` true.
    view_all: HashSet<String>,
    /// Some set has `ViewAllFieldsGlobal`: every field is readable.
    global: bool,
    /// Object (the [`Name::addr`] of its lower-case home) -> the sets that grant read on
    /// some field of it, with the first grant.
    by_object: ByAddress<usize, Vec<(usize, Loc)>>,
}

fn home_key(model: &Model, object: &str) -> String {
    custom_field_home(model.strip_own_namespace(object)).to_ascii_lowercase()
}

/// Each definition's canonical index: the first definition of the same lower-case
/// `Object.Field`.
fn canonical(model: &Model) -> Vec<u32> {
    let mut first: HashMap<String, u32> = HashMap::with_capacity(model.fields.len());
    model
        .fields
        .iter()
        .enumerate()
        .map(|(i, def)| {
            *first
                .entry(def.qualified().to_ascii_lowercase())
                .or_insert(i as u32)
        })
        .collect()
}

/// "No field definition" in a [`Resolved`].
const NONE: u32 = u32::MAX;

/// What a field permission's name resolves to: the canonical definition it names
/// ([`NONE`] for none) and its home object (lower case).
type Resolved = (u32, Name);

/// Resolve `name` the way PM004 does: compound and person-account fields mapped to the
/// field that carries their security, the own namespace removed, `Task`/`Event` fields
/// to `Activity`.
fn resolve(model: &Model, canon: &[u32], name: Name) -> Resolved {
    let (o, f) = name.split_once('.').unwrap_or(("", ""));
    let (po, pf) = permissioned(o, f);
    let def = match (&po, &pf) {
        (Cow::Borrowed(_), Cow::Borrowed(_)) => model.field_id_of_permission(&name),
        _ => model
            .field_id(&po, &pf)
            .or_else(|| model.field_id_of_permission(&name)),
    };
    let def = def.map_or(NONE, |d| canon[d]);
    (def, Name::new(&home_key(model, &po)))
}

/// Each field permission name's [`Resolved`], worked out once per name (a retrieved
/// org's profiles name the same thousands of fields).
struct Names<'a> {
    model: &'a Model,
    canon: &'a [u32],
    resolved: PerName<Resolved>,
}

impl Names<'_> {
    fn get(&self, name: Name) -> Resolved {
        self.resolved
            .get(name, || resolve(self.model, self.canon, name))
    }
}

/// What one set's field permissions say (see [`Coverage`]).
#[derive(Default)]
struct SetCoverage {
    /// Canonical definitions granted read.
    read: Vec<u32>,
    /// Canonical definitions written `readable` false.
    denied: Vec<u32>,
    /// The lower-case home objects of the fields granted read, each with its first grant.
    homes: Vec<(Name, Loc)>,
}

impl SetCoverage {
    fn of(names: &Names<'_>, set: &PermSet) -> SetCoverage {
        let mut c = SetCoverage::default();
        let mut seen: HashSet<Name> = HashSet::new();
        // The home of the previous grant (retrieved sets list an object's fields
        // together): in `seen` already. Grants whose name has no object have no home
        // before the first one with an object.
        let mut last_home = Some(Name::default());
        for fp in &set.fields {
            let (def, home) = names.get(fp.field.value);
            let def = (def != NONE).then_some(def);
            match fp.read_grant() {
                Some(at) => {
                    if last_home != Some(home) && seen.insert(home) {
                        c.homes.push((home, at));
                    }
                    last_home = Some(home);
                    c.read.extend(def);
                }
                None if fp.readable.is_some() => c.denied.extend(def),
                None => {}
            }
        }
        c.denied.sort_unstable();
        c.denied.dedup();
        c
    }
}

impl Coverage {
    fn of(cx: &Context<'_>) -> Coverage {
        let model = cx.model;
        let canon = canonical(model);
        let mut c = Coverage {
            read: vec![false; canon.len()],
            denied: Vec::new(),
            view_all: HashSet::new(),
            global: false,
            by_object: ByAddress::default(),
            canon: Vec::new(),
        };
        let granting = |(_, set): &(usize, &PermSet)| set.kind != SetKind::MutingPermissionSet;
        let names = Names {
            model,
            canon: &canon,
            resolved: PerName::new(),
        };
        // Each set on its own in parallel (profiles hold thousands of entries), merged in
        // set order.
        let per_set: Vec<(usize, SetCoverage)> = model
            .sets
            .par_iter()
            .map(|s| &**s)
            .enumerate()
            .filter(granting)
            .map(|(i, set)| (i, SetCoverage::of(&names, set)))
            .collect();
        for (i, set) in model.sets.iter().map(|s| &**s).enumerate().filter(granting) {
            c.global |= cx.access.view_all_fields_global(i).is_some();
            for op in &set.objects {
                if Flag::is_true(op.view_all_fields) {
                    c.view_all.insert(home_key(model, &op.object.value));
                }
            }
        }
        for (i, sc) in per_set {
            for d in sc.read {
                c.read[d as usize] = true;
            }
            if !sc.denied.is_empty() {
                c.denied.push((i, sc.denied));
            }
            for (home, at) in sc.homes {
                c.by_object.entry(home.addr()).or_default().push((i, at));
            }
        }
        c.canon = canon;
        c
    }

    /// The sets that write `readable` false for canonical definition `canon`, in order.
    fn denied_by(&self, canon: u32) -> Vec<usize> {
        self.denied
            .iter()
            .filter(|(_, defs)| defs.binary_search(&canon).is_ok())
            .map(|&(i, _)| i)
            .collect()
    }

    fn reads(&self, model: &Model, def: usize) -> bool {
        self.global
            || self.read[self.canon[def] as usize]
            || self
                .view_all
                .contains(&home_key(model, &model.fields[def].object))
    }
}

/// At most this many fields in scope are looked for one by one in the sets' read filters.
const FEW: usize = 16;

/// Is each of the few fields `targets` (definitions in scope, judged) granted read by a
/// set found through the sets' [`ReadFilter`](crate::model::read_filter::ReadFilter)s,
/// the sets in memory first? A run naming a field file then reads one set from the cache,
/// not all of them (a run with every set in memory does not look). A set the filter names
/// is read and decided as [`Coverage`] decides it; `false` when a field is not found
/// granted so (the whole coverage decides then).
fn granted_through_filters(cx: &Context<'_>, targets: &[usize]) -> bool {
    let model = cx.model;
    // With every set in memory there is nothing to save: the whole coverage decides.
    if targets.len() > FEW || model.sets.iter().all(|s| s.if_loaded().is_some()) {
        return false;
    }
    let canon = canonical(model);
    let names = Names {
        model,
        canon: &canon,
        resolved: PerName::new(),
    };
    let mut read: HashMap<usize, Vec<u32>> = HashMap::new();
    targets.iter().all(|&d| {
        let qualified = model.fields[d].qualified();
        let mut candidates: Vec<(usize, usize)> = (model.sets.iter().enumerate())
            .filter(|(_, s)| s.head().kind != SetKind::MutingPermissionSet)
            .filter_map(|(i, s)| match (s.if_loaded(), &s.head().reads) {
                (Some(_), _) | (None, None) => Some((0, i)),
                (None, Some(f)) => f.may_hold(&qualified).then_some((f.size(), i)),
            })
            .collect();
        candidates.sort_unstable();
        candidates.into_iter().any(|(_, i)| {
            read.entry(i)
                .or_insert_with(|| {
                    let mut defs = SetCoverage::of(&names, &model.sets[i]).read;
                    defs.sort_unstable();
                    defs
                })
                .binary_search(&canon[d])
                .is_ok()
        })
    })
}

/// Can the field carry field-level security that the project decides? Required and
/// master-detail custom fields can't have any; a field of another namespace's managed
/// package may be granted by that package's sets, which the project doesn't hold.
fn judged(cx: &Context<'_>, def: &FieldDef) -> bool {
    is_custom(&def.name)
        && !def.is_required()
        && cx
            .model
            .project
            .foreign_namespace_of_custom(&def.name)
            .is_none()
}

impl Rule for FieldReadableByNobody {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        // Findings are at field definitions: none to report when no definition file is
        // named (the coverage of every set is the costly part).
        let reported = |def: &FieldDef| cx.reported.file(def.name_at.file);
        let targets: Vec<usize> = (cx.model.fields.iter().enumerate())
            .filter(|(_, def)| reported(def) && judged(cx, def))
            .map(|(d, _)| d)
            .collect();
        // Profiles retrieved without their objects' fields list no field-level security at
        // all: what they grant is in the org, not in the project, and only a field the
        // change adds is judged.
        let untracked = profile_fls_untracked(cx.model);
        if untracked && cx.base.is_none() {
            return;
        }
        if targets.is_empty() || granted_through_filters(cx, &targets) {
            return;
        }
        let coverage = Coverage::of(cx);
        if coverage.global {
            return;
        }
        for &d in &targets {
            let def = &cx.model.fields[d];
            if coverage.reads(cx.model, d) {
                continue;
            }
            let homes = coverage
                .by_object
                .get(&Name::new(&home_key(cx.model, &def.object)).addr())
                .map_or(&[][..], Vec::as_slice);
            let added = cx
                .base
                .is_some_and(|b| b.model.field(&def.object, &def.name).is_none());
            if (homes.is_empty() || untracked) && !added {
                continue;
            }
            // `readable` false written for the field is a decision someone made (a
            // technical field kept from users); only a field the change adds is reported
            // whatever the sets say about it.
            let denied = coverage.denied_by(coverage.canon[d]);
            if !denied.is_empty() && !added {
                continue;
            }
            report(cx, sink, def, homes, &denied, added);
        }
    }
}

/// Does the project hold profiles, none of which lists a single field permission? Then
/// their field-level security was not retrieved (a profile retrieve carries it only for the
/// fields retrieved with it), and a field no permission set grants may be granted by them.
fn profile_fls_untracked(model: &Model) -> bool {
    let mut profiles = model
        .sets
        .iter()
        .map(|s| s.head())
        .filter(|h| h.kind == SetKind::Profile)
        .peekable();
    profiles.peek().is_some() && profiles.all(|h| !h.field_permissions)
}

fn report(
    cx: &Context<'_>,
    sink: &mut Sink,
    def: &FieldDef,
    homes: &[(usize, Loc)],
    denied: &[usize],
    added: bool,
) {
    let qualified = def.qualified();
    let names: Vec<String> = homes
        .iter()
        .take(HOMES)
        .map(|(s, _)| cx.model.sets[*s].describe())
        .collect();
    let more = homes.len().saturating_sub(HOMES);
    let denial = match denied.len() {
        0 => String::new(),
        1 => format!(
            " ({} sets it to readable false)",
            cx.model.sets[denied[0]].describe()
        ),
        n => format!(" ({n} profiles or permission sets set it to readable false)"),
    };
    let message = if added {
        format!(
            "custom field {qualified} is new in this change, and no profile or permission set in the project can read it{denial}"
        )
    } else {
        format!(
            "no profile or permission set in the project can read custom field {qualified}{denial}, although the project grants other {} fields",
            def.object
        )
    };
    let help = if names.is_empty() {
        format!(
            "add a <fieldPermissions> entry with <readable>true</readable> for {qualified} to the profiles or permission sets of the users who need it; if only automation uses it, say so with a suppression and its reason"
        )
    } else {
        let others = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "grant read on {qualified} (<fieldPermissions> with <readable>true</readable>) where the other {} fields are granted: {}{others}; if only automation uses it, say so with a suppression and its reason",
            def.object,
            names.join(", ")
        )
    };
    let d = sink
        .report(def.name_at, message)
        .help(help)
        .identity(qualified);
    d.label("readable by nobody");
    for (s, at) in homes.iter().take(HOMES) {
        d.related(
            *at,
            format!(
                "{} grants read on another {} field here",
                cx.model.sets[*s].describe(),
                def.object
            ),
        );
    }
}
