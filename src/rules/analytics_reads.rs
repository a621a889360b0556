//! Where CRM Analytics dataflows and recipes read fields and objects, grouped for
//! messages, and the facts about their principals that the `IU` and `SS` rules share.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::access::{Access, Grant, Principal};
use crate::analytics::AnalyticsRead;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::compound::permissioned;
use crate::model::{AnalyticsAsset, Loc, Model, SetKind};

/// One place where a dataflow or recipe reads a field.
#[derive(Clone, Copy)]
pub struct ReadSite<'m> {
    pub asset: &'m AnalyticsAsset,
    pub read: &'m AnalyticsRead,
}

impl ReadSite<'_> {
    pub fn field_loc(&self) -> Loc {
        Loc::new(self.asset.file, self.read.field.span)
    }

    pub fn object_loc(&self) -> Loc {
        Loc::new(self.asset.file, self.read.object.span)
    }

    /// `dataflow "Sales_Daily"`.
    pub fn describe(&self) -> String {
        format!("{} \"{}\"", self.asset.kind.label(), self.asset.name)
    }
}

/// One group of reads: object, field (empty when grouped by object) and the sites.
pub type Grouped<'m> = (String, String, Vec<ReadSite<'m>>);

/// The groupings several rules of one run ask for, made on first use and shared.
#[derive(Default)]
pub struct SharedReads<'m> {
    pub(super) by_field: OnceLock<Vec<Grouped<'m>>>,
    pub(super) by_object: OnceLock<Vec<Grouped<'m>>>,
}

/// Reads grouped by the field that carries their field-level security (case-insensitive),
/// in first-seen order: `Account.BillingCity` and `Account.BillingState` are both reads of
/// `Account.BillingAddress` (see [`crate::model::compound`]). Relationship paths
/// (`Owner.Name`) are skipped: they are not fields of the digested object.
pub fn reads_by_field(model: &Model) -> Vec<Grouped<'_>> {
    group(model, |r| {
        (!r.field.value.contains('.')).then(|| {
            let (o, f) = permissioned(&r.object.value, &r.field.value);
            (o.into_owned(), f.into_owned())
        })
    })
}

/// The fields as the sites read them: `Account.Name`, or for components of a compound
/// field `Account.BillingCity and Account.BillingState (field-level security for them is
/// set on Account.BillingAddress)`.
pub fn read_names(object: &str, field: &str, sites: &[ReadSite<'_>]) -> String {
    let mut names: Vec<String> = Vec::new();
    for s in sites {
        let n = format!("{}.{}", s.read.object.value, s.read.field.value);
        if !names.iter().any(|x| x.eq_ignore_ascii_case(&n)) {
            names.push(n);
        }
    }
    let fls = format!("{object}.{field}");
    if names.iter().all(|n| n.eq_ignore_ascii_case(&fls)) {
        return fls;
    }
    let them = if names.len() == 1 { "it" } else { "them" };
    let list = match names.len() {
        1 => names.remove(0),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    };
    format!("{list} (field-level security for {them} is set on {fls})")
}

/// Reads grouped by object.
pub fn reads_by_object(model: &Model) -> Vec<Grouped<'_>> {
    group(model, |r| Some((r.object.value.clone(), String::new())))
}

fn group<'m>(
    model: &'m Model,
    key: impl Fn(&AnalyticsRead) -> Option<(String, String)>,
) -> Vec<Grouped<'m>> {
    let mut out: Vec<Grouped<'m>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for asset in &model.analytics {
        for read in &asset.reads {
            let Some((object, field)) = key(read) else {
                continue;
            };
            // One allocation: the key is written lower case as it is made.
            let mut k = String::with_capacity(object.len() + 1 + field.len());
            for part in [object.as_str(), ".", field.as_str()] {
                k.extend(part.chars().map(|c| c.to_ascii_lowercase()));
            }
            let site = ReadSite { asset, read };
            match index.get(&k) {
                Some(&i) => out[i].2.push(site),
                None => {
                    index.insert(k, out.len());
                    out.push((object, field, vec![site]));
                }
            }
        }
    }
    out
}

/// `dataflow "A" extracts`, `dataflow "A" and recipe "B" extract`.
pub fn who_extracts(sites: &[ReadSite<'_>]) -> String {
    let who = who_reads(sites);
    let one = sites.iter().all(|s| s.asset.file == sites[0].asset.file);
    format!("{who} {}", if one { "extracts" } else { "extract" })
}

/// `dataflow "A"`, `dataflow "A" and recipe "B"`, `dataflow "A" and 3 others`.
pub fn who_reads(sites: &[ReadSite<'_>]) -> String {
    let mut names: Vec<String> = Vec::new();
    for s in sites {
        let d = s.describe();
        if !names.contains(&d) {
            names.push(d);
        }
    }
    match names.len() {
        0 => String::new(),
        1 => names.remove(0),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!("{} and {} others", names[0], n - 1),
    }
}

/// Label every reading site (one per asset) as related.
pub fn relate_reads(d: &mut Diagnostic, sites: &[ReadSite<'_>], field: bool) {
    let mut seen = Vec::new();
    for s in sites {
        if seen.contains(&s.asset.file) {
            continue;
        }
        seen.push(s.asset.file);
        let (loc, what) = if field {
            (s.field_loc(), "reads the field here")
        } else {
            (s.object_loc(), "reads the object here")
        };
        d.related(loc, format!("{} {what}", s.describe()));
    }
}

/// Does the principal have View All Data or Modify All Data? Both grant read on every
/// object (not field-level read on custom fields). The standard Analytics Cloud
/// Integration User profile always has View All Data, even when its file is not in the
/// project.
pub fn has_view_all_data(access: &Access<'_>, p: &Principal) -> bool {
    p.has_standard_integration_profile()
        || ["ViewAllData", "ModifyAllData"]
            .iter()
            .any(|n| access.user_permission(p, n).is_some())
}

/// ` of managed package `FinServ`` when the set belongs to a managed package other than
/// the project's (read-only for subscribers); empty for the project's own sets.
pub fn managed_note(access: &Access<'_>, set: usize) -> String {
    match access.model.managed_namespace(access.set(set)) {
        Some(ns) => format!(" of managed package `{ns}`"),
        None => String::new(),
    }
}

/// `; only permission set `FinServ__Teller` of managed package `FinServ` (read-only for
/// subscribers) denies it`: for messages whose denial the project can't change.
pub fn managed_denial(access: &Access<'_>, set: usize) -> String {
    let s = access.set(set);
    format!(
        "; only {} `{}`{} (read-only for subscribers) denies it",
        s.kind.label(),
        s.name,
        managed_note(access, set)
    )
}

/// Where a read grant the principal lacks belongs, the set a reviewer expects it in: its
/// own permission set (assigned directly, not from a managed package, which a subscriber
/// can't change, and not session-based, which background jobs never activate), else its
/// profile.
pub fn grant_home(access: &Access<'_>, p: &Principal) -> Option<usize> {
    p.members
        .iter()
        .filter(|m| m.group.is_none())
        .map(|m| m.set)
        .find(|&s| {
            access.set(s).kind == SetKind::PermissionSet
                && access.model.managed_namespace(access.set(s)).is_none()
                && !access.needs_activation(s, None)
        })
        .or(p.profile)
}

/// The fix that sets the `false` of a denial (`readable`, `allowRead`) to `true` where it
/// stands: nothing is inserted or reordered. Unsafe: it grants read.
pub fn set_true_fix(access: &Access<'_>, denial: &Grant, element: &str) -> Fix {
    let set = access.set(denial.set);
    Fix::unsafe_(
        format!(
            "set <{element}>true</{element}> in {} `{}` (grants read)",
            set.kind.label(),
            set.name
        ),
        denial.at.file,
        vec![Edit::replace(denial.at.span, "true")],
    )
}

/// The fix that adds a read grant on `object` (or on its `field`) to set `home`, at its
/// canonical place; `None` for a decomposed set, whose entries are files of their own.
/// Unsafe: it grants access.
pub fn grant_read_fix(
    access: &Access<'_>,
    home: usize,
    object: &str,
    field: Option<&str>,
) -> Option<Fix> {
    let set = access.set(home);
    if set.files.len() != 1 {
        return None;
    }
    // The package's own source names its components without its namespace prefix, which
    // a dataflow's full API names carry.
    let object = access.model.strip_own_namespace(object);
    let field = field.map(|f| access.model.strip_own_namespace(f));
    let (what, entry) = match field {
        Some(field) => (
            format!("read on {object}.{field}"),
            format!(
                "<fieldPermissions>\n\t<editable>false</editable>\n\t<field>{object}.{field}</field>\n\t<readable>true</readable>\n</fieldPermissions>"
            ),
        ),
        None => (
            format!("read on {object}"),
            format!(
                "<objectPermissions>\n\t<allowCreate>false</allowCreate>\n\t<allowDelete>false</allowDelete>\n\t<allowEdit>false</allowEdit>\n\t<allowRead>true</allowRead>\n\t<modifyAllRecords>false</modifyAllRecords>\n\t<object>{object}</object>\n\t<viewAllRecords>false</viewAllRecords>\n</objectPermissions>"
            ),
        ),
    };
    Some(Fix::unsafe_(
        format!(
            "grant {what} in {} `{}` (grants read)",
            set.kind.label(),
            set.name
        ),
        set.root.file,
        vec![Edit::insert_child(set.root.span, entry)],
    ))
}

/// The sentence about View All Data / Modify All Data for help texts, when it applies.
pub fn view_all_note(access: &Access<'_>, p: &Principal) -> &'static str {
    if has_view_all_data(access, p) {
        " View All Data and Modify All Data do not grant field access."
    } else {
        ""
    }
}

/// The principals dataflows and recipes run as, with some access in source.
pub fn analytics_principals<'a>(access: &'a Access<'_>) -> impl Iterator<Item = &'a Principal> {
    access
        .principals
        .iter()
        .filter(|p| p.runs_analytics && p.has_sets())
}
