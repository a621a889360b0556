//! `sflint access-diff --base REV|DIR`: every gain and loss of effective access between
//! the base and the working tree, per principal, with its cause.
//!
//! Deploy semantics as in IU007: a profile overlays the org (an entry removed from the
//! file keeps its value on deploy: no loss, listed under `kept`), a permission set
//! replaces (a removed entry is revoked).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::access::{Access, FieldAccess, Grant, Principal, VIEW_ALL_FIELDS_GLOBAL, edit_grant};
use crate::config::Settings;
use crate::matrix::MatrixAccess;
use crate::model::compound::permissioned;
use crate::model::{Flag, Model, PermSet, SetKind};
use crate::pipeline::LoadedProject;
use crate::rules::dc::{is_high_risk, level};

use super::At;
use super::principals::{self, Who, WhoKind};
use super::subject::Subject;
use super::ways::{RIGHTS, SetRef, object_right};

pub const SCHEMA: &str = "sflint-access-diff/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalFilter {
    All,
    Integration,
}

/// `--fail-on-gain` / `--fail-on-loss`: which changes make the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any change of that direction.
    Any,
    /// A change on a field classified at a high-risk level.
    HighRisk,
    /// A change that reaches an integration principal or a guest profile.
    Integration,
}

#[derive(Debug, Clone, Copy)]
pub struct DiffOptions {
    pub principals: PrincipalFilter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Gain,
    Loss,
}

/// What made a change: the file (head, or `BASE:path` for an entry that is gone) and
/// the element's line, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    pub file: String,
    pub line: usize,
    pub what: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// As the command line names it (`profile:Admin`, a username, …).
    pub principal: String,
    pub principal_kind: WhoKind,
    /// Reaches an integration principal.
    pub integration: bool,
    /// A guest, site or community profile (or a user or principal with one).
    pub guest: bool,
    pub change: Direction,
    pub subject: Subject,
    /// What is gained or lost: `read`/`edit` (field), object rights, `enabled`.
    pub access: Vec<&'static str>,
    /// Field level (`none`, `read`, `edit`) or the rights, before and after.
    pub before: String,
    pub after: String,
    pub classification: Option<String>,
    pub high_risk: bool,
    pub cause: Cause,
    #[serde(skip)]
    pub(super) rank: usize,
}

/// A removed profile entry: the base granted it, the file no longer says so, and a
/// deploy keeps the org's value.
#[derive(Debug, Clone, Serialize)]
pub struct Kept {
    pub principal: String,
    pub subject: Subject,
    pub access: Vec<&'static str>,
    /// The entry in the base.
    pub base_at: String,
}

#[derive(Debug, Serialize)]
pub struct AccessDiff {
    pub schema: &'static str,
    pub version: &'static str,
    pub base: String,
    /// Principals compared (in the head).
    pub principals: usize,
    pub summary: String,
    pub changes: Vec<Change>,
    pub kept: Vec<Kept>,
    /// Principals of the base the working tree no longer defines (a deploy deletes
    /// nothing: listed only).
    pub removed_principals: Vec<String>,
}

impl AccessDiff {
    /// Does a change match the `--fail-on-gain`/`--fail-on-loss` condition?
    pub fn fails(&self, direction: Direction, on: FailOn) -> bool {
        self.changes.iter().any(|c| {
            c.change == direction
                && match on {
                    FailOn::Any => true,
                    FailOn::HighRisk => c.high_risk,
                    FailOn::Integration => c.integration || c.guest,
                }
        })
    }
}

/// A hash of what a set says, independent of where it says it and in which order.
fn set_signature(s: &PermSet) -> u64 {
    fn h(x: impl Hash) -> u64 {
        let mut hasher = DefaultHasher::new();
        x.hash(&mut hasher);
        hasher.finish()
    }
    let v = |f: Option<Flag>| f.map(|f| f.value);
    let mut sum = h((s.kind, s.name.to_ascii_lowercase()));
    for f in &s.fields {
        sum = sum.wrapping_add(h((
            1u8,
            f.field.value.to_ascii_lowercase(),
            v(f.readable),
            v(f.editable),
        )));
    }
    for o in &s.objects {
        sum = sum.wrapping_add(h((
            2u8,
            o.object.value.to_ascii_lowercase(),
            [
                v(o.allow_read),
                v(o.allow_create),
                v(o.allow_edit),
                v(o.allow_delete),
                v(o.view_all_records),
                v(o.modify_all_records),
                v(o.view_all_fields),
            ],
        )));
    }
    for u in &s.user_perms {
        sum = sum.wrapping_add(h((3u8, u.name.value.to_ascii_lowercase(), v(u.enabled))));
    }
    sum
}

/// The sets that decide a principal's access (members with their groups, and the
/// groups' muting sets), as signatures.
fn principal_signature(model: &Model, sigs: &[u64], p: &Principal) -> Vec<u64> {
    let mut out: Vec<u64> = p.set_indexes().map(|s| sigs[s]).collect();
    let mut groups: Vec<usize> = p.members.iter().filter_map(|m| m.group).collect();
    groups.dedup();
    for g in groups {
        out.push(g as u64 ^ 0x9e37_79b9);
        for ms in &model.groups[g].muting_sets {
            match find_set(model, SetKind::MutingPermissionSet, &ms.value) {
                Some(i) => out.push(sigs[i]),
                None => out.push(0),
            }
        }
    }
    out.extend(p.members.iter().map(|m| m.group.is_some() as u64));
    out
}

/// The fields a project defines, as one order-independent hash.
fn fields_signature(model: &Model) -> u64 {
    model
        .fields
        .iter()
        .map(|f| {
            let mut hasher = DefaultHasher::new();
            (f.object.to_ascii_lowercase(), f.name.to_ascii_lowercase()).hash(&mut hasher);
            hasher.finish()
        })
        .fold(0u64, u64::wrapping_add)
}

/// Does one of the principal's sets read every field of an object or of the org?
fn reads_all_fields(model: &Model, p: &Principal) -> bool {
    p.set_indexes().any(|s| {
        let set = &model.sets[s];
        set.objects.iter().any(|o| Flag::is_true(o.view_all_fields))
            || set.user_permission(VIEW_ALL_FIELDS_GLOBAL).is_some()
    })
}

fn find_set(model: &Model, kind: SetKind, name: &str) -> Option<usize> {
    model
        .sets
        .iter()
        .position(|s| s.kind == kind && s.name.eq_ignore_ascii_case(name))
}

/// What a principal's sets name, keyed case-insensitively.
#[derive(Default)]
struct Subjects {
    fields: BTreeMap<String, (String, String)>,
    objects: BTreeMap<String, String>,
    perms: BTreeMap<String, String>,
}

impl Subjects {
    fn field(&mut self, object: &str, field: &str) {
        let (o, f) = permissioned(object, field);
        self.fields
            .entry(format!("{o}.{f}").to_ascii_lowercase())
            .or_insert_with(|| (o.into_owned(), f.into_owned()));
    }

    fn add(&mut self, model: &Model, p: &Principal) {
        let mut sets: Vec<usize> = p.set_indexes().collect();
        for m in &p.members {
            if let Some(g) = m.group {
                sets.extend(
                    model.groups[g]
                        .muting_sets
                        .iter()
                        .filter_map(|n| find_set(model, SetKind::MutingPermissionSet, &n.value)),
                );
            }
        }
        for s in sets {
            let set = &model.sets[s];
            for f in &set.fields {
                self.field(f.object(), f.field_name());
            }
            for o in &set.objects {
                self.objects
                    .entry(o.object.value.to_ascii_lowercase())
                    .or_insert_with(|| o.object.value.to_string());
                if Flag::is_true(o.view_all_fields) {
                    for d in model.fields_of(&o.object.value) {
                        self.field(&d.object, &d.name);
                    }
                }
            }
            for u in &set.user_perms {
                self.perms
                    .entry(u.name.value.to_ascii_lowercase())
                    .or_insert_with(|| u.name.value.to_string());
                if u.name.value.eq_ignore_ascii_case(VIEW_ALL_FIELDS_GLOBAL) {
                    for d in &model.fields {
                        self.field(&d.object, &d.name);
                    }
                }
            }
        }
    }
}

/// One side of the comparison.
struct Side<'a, 'm> {
    project: &'a LoadedProject,
    access: &'a Access<'m>,
}

impl Side<'_, '_> {
    fn at(&self, g_at: crate::model::Loc) -> (String, usize) {
        let at = At::of(self.project, g_at);
        (at.file, at.line)
    }

    fn set_names(&self, p: &Principal) -> HashSet<(SetKind, String)> {
        p.set_indexes()
            .map(|s| {
                let set = self.access.set(s);
                (set.kind, set.name.to_ascii_lowercase())
            })
            .collect()
    }
}

fn grant_cause(head: &Side<'_, '_>, base_sets: &HashSet<(SetKind, String)>, g: Grant) -> Cause {
    let set = head.access.set(g.set);
    let (file, line) = head.at(g.at);
    let new = !base_sets.contains(&(set.kind, set.name.to_ascii_lowercase()));
    Cause {
        file,
        line,
        what: format!(
            "{} grants it{}",
            SetRef::of(head.access, g.set).describe(),
            if new { " (newly assigned)" } else { "" }
        ),
    }
}

fn loss_cause(
    head: &Side<'_, '_>,
    base: &Side<'_, '_>,
    hp: Option<&Principal>,
    base_grant: Grant,
    now: &FieldAccess,
) -> Cause {
    match now {
        FieldAccess::Muted {
            muting_set,
            muted_at,
            ..
        } => {
            let (file, line) = head.at(*muted_at);
            Cause {
                file,
                line,
                what: format!(
                    "muting permission set `{}` mutes it",
                    head.access.set(*muting_set).name
                ),
            }
        }
        FieldAccess::Denied(d) => {
            let (file, line) = head.at(d[0].at);
            Cause {
                file,
                line,
                what: format!(
                    "{} now says false",
                    SetRef::of(head.access, d[0].set).describe()
                ),
            }
        }
        _ => {
            let bset = base.access.set(base_grant.set);
            let (file, line) = base.at(base_grant.at);
            let still = hp.is_some_and(|hp| {
                head.set_names(hp)
                    .contains(&(bset.kind, bset.name.to_ascii_lowercase()))
            });
            let what = if still {
                format!(
                    "removed from {} (a deploy replaces a permission set's entries)",
                    bset.describe()
                )
            } else {
                format!("{} is no longer assigned or was deleted", bset.describe())
            };
            Cause { file, line, what }
        }
    }
}

/// The head profile of the principal, when the base grant came from a profile entry
/// the head profile no longer has (`has_entry` asks the head profile).
fn profile_entry_removed(
    head: &Side<'_, '_>,
    base: &Side<'_, '_>,
    hp: Option<&Principal>,
    base_grant: Grant,
    has_entry: &dyn Fn(usize) -> bool,
) -> bool {
    if base.access.set(base_grant.set).kind != SetKind::Profile {
        return false;
    }
    let Some(profile) = hp.and_then(|p| p.profile) else {
        return false;
    };
    let same = head
        .access
        .set(profile)
        .name
        .eq_ignore_ascii_case(&base.access.set(base_grant.set).name);
    same && !has_entry(profile)
}

fn level_rank(l: MatrixAccess) -> u8 {
    match l {
        MatrixAccess::None => 0,
        MatrixAccess::Read => 1,
        MatrixAccess::Edit => 2,
    }
}

/// Compare every principal of the head with the same principal in the base.
pub fn compute(
    head_project: &LoadedProject,
    base_project: &LoadedProject,
    base_name: &str,
    settings: &Settings,
    opts: DiffOptions,
) -> AccessDiff {
    let c = &settings.classification;
    let ha = Access::new(&head_project.model, settings);
    let ba = Access::new(&base_project.model, settings);
    let only = opts.principals == PrincipalFilter::Integration;
    let hw = principals::all(&ha, c, only);
    let bw = principals::all(&ba, c, only);
    let hsig: Vec<u64> = head_project
        .model
        .sets
        .par_iter()
        .map(|s| set_signature(s))
        .collect();
    let bsig: Vec<u64> = base_project
        .model
        .sets
        .par_iter()
        .map(|s| set_signature(s))
        .collect();
    let head = Side {
        project: head_project,
        access: &ha,
    };
    let base = Side {
        project: base_project,
        access: &ba,
    };
    let (bkeys, hkeys) = (keys(&bw), keys(&hw));
    let by_key: HashMap<_, &Who> = bkeys.iter().cloned().zip(&bw).collect();
    let head_keys: HashSet<_> = hkeys.iter().cloned().collect();
    // A principal that reads every field of an object (`viewAllFields`) or of the org
    // (`ViewAllFieldsGlobal`) gains the fields the change defines, even with its sets
    // unchanged.
    let fields_changed =
        fields_signature(&head_project.model) != fields_signature(&base_project.model);
    let per: Vec<(Vec<Change>, Vec<Kept>)> = hw
        .par_iter()
        .zip(&hkeys)
        .map(|(h, key)| {
            let b = by_key.get(key).copied();
            if let Some(b) = b
                && !(fields_changed && reads_all_fields(&head_project.model, &h.principal))
                && principal_signature(&head_project.model, &hsig, &h.principal)
                    == principal_signature(&base_project.model, &bsig, &b.principal)
            {
                return (Vec::new(), Vec::new());
            }
            compare(&head, &base, h, b, settings)
        })
        .collect();
    let mut changes = Vec::new();
    let mut kept = Vec::new();
    for (ch, k) in per {
        changes.extend(ch);
        kept.extend(k);
    }
    let order = |c: &Change| {
        (
            !(c.integration || c.guest),
            c.principal_kind,
            c.principal.to_ascii_lowercase(),
            !c.high_risk,
            c.rank,
            c.change,
            c.subject.name().to_ascii_lowercase(),
        )
    };
    changes.sort_by_cached_key(order);
    let removed_principals = bw
        .iter()
        .zip(&bkeys)
        .filter(|(_, k)| !head_keys.contains(*k))
        .map(|(w, _)| w.spec())
        .collect();
    let summary = summary_line(&changes);
    AccessDiff {
        schema: SCHEMA,
        version: env!("CARGO_PKG_VERSION"),
        base: base_name.to_string(),
        principals: hw.len(),
        summary,
        changes,
        kept,
        removed_principals,
    }
}

/// Each principal's key: kind, name and which of the principals so named it is (two
/// package directories may each hold a permission set of the same name).
fn keys(whos: &[Who]) -> Vec<(WhoKind, String, usize)> {
    let mut seen: HashMap<(WhoKind, String), usize> = HashMap::new();
    whos.iter()
        .map(|w| {
            let k = w.key();
            let n = seen.entry(k.clone()).or_default();
            *n += 1;
            (k.0, k.1, *n)
        })
        .collect()
}

fn compare(
    head: &Side<'_, '_>,
    base: &Side<'_, '_>,
    h: &Who,
    b: Option<&Who>,
    settings: &Settings,
) -> (Vec<Change>, Vec<Kept>) {
    let c = &settings.classification;
    let hp = &h.principal;
    let bp = b.map(|b| &b.principal);
    let mut subjects = Subjects::default();
    subjects.add(&head.project.model, hp);
    if let Some(bp) = bp {
        subjects.add(&base.project.model, bp);
    }
    let base_sets = bp.map(|bp| base.set_names(bp)).unwrap_or_default();
    let mut changes = Vec::new();
    let mut kept = Vec::new();
    let mut push = |subject: Subject,
                    change: Direction,
                    access: Vec<&'static str>,
                    before: String,
                    after: String,
                    cause: Cause,
                    class: (Option<String>, bool, usize)| {
        changes.push(Change {
            principal: h.spec(),
            principal_kind: h.kind,
            integration: h.integration,
            guest: h.guest,
            change,
            subject,
            access,
            before,
            after,
            classification: class.0,
            high_risk: class.1,
            cause,
            rank: class.2,
        });
    };
    let hmodel = &head.project.model;
    for (object, field) in subjects.fields.values() {
        // A field the change defines was readable by nobody in the base.
        let new_field = base.project.model.field(object, field).is_none()
            && hmodel.field(object, field).is_some();
        let (bl, bg) = match bp {
            Some(bp) if !new_field => base.access.field_level(bp, object, field),
            _ => (MatrixAccess::None, None),
        };
        let (hl, hg) = head.access.field_level(hp, object, field);
        if bl == hl {
            continue;
        }
        let def = hmodel
            .field(object, field)
            .or_else(|| base.project.model.field(object, field));
        let classification = def.and_then(|d| level(d, c)).map(|t| t.value.to_string());
        let rank = classification
            .as_deref()
            .and_then(|l| c.rank(l))
            .map_or(usize::MAX, |r| usize::MAX - 1 - r);
        let high = def.is_some_and(|d| is_high_risk(d, c));
        let subject = Subject::Field {
            object: object.clone(),
            field: field.clone(),
        };
        let (before, after) = (bl.as_str().to_string(), hl.as_str().to_string());
        if level_rank(hl) > level_rank(bl) {
            let access = if bl == MatrixAccess::None && hl == MatrixAccess::Edit {
                vec!["read", "edit"]
            } else if hl == MatrixAccess::Edit {
                vec!["edit"]
            } else {
                vec!["read"]
            };
            // The grant that is new: read's, or for edit the `editable` entry.
            let g = if bl == MatrixAccess::Read {
                edit_flag_grant(head.access, hp, object, field).or(hg)
            } else {
                hg
            };
            let Some(g) = g else { continue };
            let cause = grant_cause(head, &base_sets, g);
            push(
                subject,
                Direction::Gain,
                access,
                before,
                after,
                cause,
                (classification, high, rank),
            );
        } else {
            let Some(bp) = bp else { continue };
            let lost_read = hl == MatrixAccess::None;
            let access = if lost_read && bl == MatrixAccess::Edit {
                vec!["read", "edit"]
            } else if lost_read {
                vec!["read"]
            } else {
                vec!["edit"]
            };
            let (base_grant, now) = if lost_read {
                (bg, head.access.field_read(hp, object, field))
            } else {
                (
                    edit_flag_grant(base.access, bp, object, field),
                    head.access.field_edit(hp, object, field),
                )
            };
            let Some(base_grant) = base_grant else {
                continue;
            };
            let has_entry = |profile: usize| {
                let (o, f) = permissioned(object, field);
                hmodel.set_field(profile, &o, &f).is_some()
            };
            if matches!(now, FieldAccess::NotGranted | FieldAccess::Granted(_))
                && profile_entry_removed(head, base, Some(hp), base_grant, &has_entry)
            {
                kept.push(Kept {
                    principal: h.spec(),
                    subject,
                    access,
                    base_at: base.project.where_is(base_grant.at),
                });
                continue;
            }
            let cause = loss_cause(head, base, Some(hp), base_grant, &now);
            push(
                subject,
                Direction::Loss,
                access,
                before,
                after,
                cause,
                (classification, high, rank),
            );
        }
    }
    for object in subjects.objects.values() {
        let mut gained = Vec::new();
        let mut lost = Vec::new();
        let mut kept_rights = Vec::new();
        let mut before = Vec::new();
        let mut after = Vec::new();
        let (mut gain_cause, mut loss_cause_) = (None, None);
        let mut kept_at = String::new();
        for r in RIGHTS {
            let bacc = bp.map_or(FieldAccess::NotGranted, |bp| {
                object_right(base.access, bp, object, r)
            });
            let hacc = object_right(head.access, hp, object, r);
            match (&bacc, &hacc) {
                (FieldAccess::Granted(_), FieldAccess::Granted(_)) => {
                    before.push(r.name);
                    after.push(r.name);
                }
                (_, FieldAccess::Granted(g)) => {
                    after.push(r.name);
                    gained.push(r.name);
                    gain_cause.get_or_insert_with(|| grant_cause(head, &base_sets, *g));
                }
                (FieldAccess::Granted(g), _) => {
                    before.push(r.name);
                    let has_entry = |profile: usize| {
                        let in_objects =
                            base.project
                                .model
                                .set_object(g.set, object)
                                .is_some_and(|o| {
                                    [
                                        o.allow_read,
                                        o.allow_create,
                                        o.allow_edit,
                                        o.allow_delete,
                                        o.view_all_records,
                                        o.modify_all_records,
                                    ]
                                    .iter()
                                    .any(|f| f.is_some_and(|f| f.at == g.at))
                                });
                        if in_objects {
                            hmodel.set_object(profile, object).is_some()
                        } else {
                            let name = base
                                .access
                                .set(g.set)
                                .user_perms
                                .iter()
                                .find(|u| u.enabled.map_or(u.elem, |f| f.at) == g.at)
                                .map(|u| u.name.value)
                                .unwrap_or_default();
                            hmodel.sets[profile]
                                .user_perms
                                .iter()
                                .any(|u| u.name.value.eq_ignore_ascii_case(&name))
                        }
                    };
                    if matches!(hacc, FieldAccess::NotGranted)
                        && profile_entry_removed(head, base, Some(hp), *g, &has_entry)
                    {
                        after.push(r.name);
                        kept_rights.push(r.name);
                        kept_at = base.project.where_is(g.at);
                        continue;
                    }
                    lost.push(r.name);
                    loss_cause_.get_or_insert_with(|| loss_cause(head, base, Some(hp), *g, &hacc));
                }
                _ => {}
            }
        }
        let subject = Subject::Object {
            object: object.clone(),
        };
        let fmt = |v: &[&str]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        if !kept_rights.is_empty() {
            kept.push(Kept {
                principal: h.spec(),
                subject: subject.clone(),
                access: kept_rights,
                base_at: kept_at,
            });
        }
        if let Some(cause) = gain_cause {
            push(
                subject.clone(),
                Direction::Gain,
                gained,
                fmt(&before),
                fmt(&after),
                cause,
                (None, false, usize::MAX),
            );
        }
        if let Some(cause) = loss_cause_ {
            push(
                subject,
                Direction::Loss,
                lost,
                fmt(&before),
                fmt(&after),
                cause,
                (None, false, usize::MAX),
            );
        }
    }
    for name in subjects.perms.values() {
        let bg = bp.and_then(|bp| base.access.user_permission(bp, name));
        let hg = head.access.user_permission(hp, name);
        let subject = Subject::UserPermission { name: name.clone() };
        match (bg, hg) {
            (None, Some(g)) => {
                let cause = grant_cause(head, &base_sets, g);
                push(
                    subject,
                    Direction::Gain,
                    vec!["enabled"],
                    "none".into(),
                    "enabled".into(),
                    cause,
                    (None, false, usize::MAX),
                );
            }
            (Some(g), None) => {
                let has_entry = |profile: usize| {
                    hmodel.sets[profile]
                        .user_perms
                        .iter()
                        .any(|u| u.name.value.eq_ignore_ascii_case(name))
                };
                let now = head_user_perm_state(head, hp, name);
                if matches!(now, FieldAccess::NotGranted)
                    && profile_entry_removed(head, base, Some(hp), g, &has_entry)
                {
                    kept.push(Kept {
                        principal: h.spec(),
                        subject,
                        access: vec!["enabled"],
                        base_at: base.project.where_is(g.at),
                    });
                    continue;
                }
                let cause = loss_cause(head, base, Some(hp), g, &now);
                push(
                    subject,
                    Direction::Loss,
                    vec!["enabled"],
                    "enabled".into(),
                    "none".into(),
                    cause,
                    (None, false, usize::MAX),
                );
            }
            _ => {}
        }
    }
    (changes, kept)
}

/// Why a user permission is not granted in the head: a contributing set that says false,
/// or nothing.
fn head_user_perm_state(head: &Side<'_, '_>, hp: &Principal, name: &str) -> FieldAccess {
    let denied: Vec<Grant> = hp
        .set_indexes()
        .filter_map(|s| {
            let u = head
                .access
                .set(s)
                .user_perms
                .iter()
                .find(|u| u.name.value.eq_ignore_ascii_case(name))?;
            Flag::is_false(u.enabled).then(|| Grant {
                set: s,
                at: u.enabled.map_or(u.elem, |f| f.at),
            })
        })
        .collect();
    if denied.is_empty() {
        FieldAccess::NotGranted
    } else {
        FieldAccess::Denied(denied)
    }
}

/// The `editable` true that gives edit (as the matrix decides edit).
fn edit_flag_grant(access: &Access<'_>, p: &Principal, object: &str, field: &str) -> Option<Grant> {
    let flag = edit_grant(access.model, p, object, field)?;
    let set = p.set_indexes().find(|&s| {
        access
            .model
            .set_field(s, object, field)
            .and_then(|f| f.editable)
            == Some(flag)
    })?;
    Some(Grant { set, at: flag.at })
}

/// "3 principals gain read on 2 high-risk fields; 1 integration principal loses access".
pub fn summary_line(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "No access changes".to_string();
    }
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    let hr: Vec<&Change> = changes
        .iter()
        .filter(|c| c.change == Direction::Gain && c.high_risk)
        .collect();
    if !hr.is_empty() {
        let who: HashSet<&str> = hr.iter().map(|c| c.principal.as_str()).collect();
        let what: HashSet<String> = hr
            .iter()
            .map(|c| c.subject.name().to_ascii_lowercase())
            .collect();
        let read = hr.iter().all(|c| c.access.contains(&"read"));
        parts.push(format!(
            "{} gain{} {} {}",
            count(who.len(), "principal", "principals"),
            if who.len() == 1 { "s" } else { "" },
            if read { "read on" } else { "access to" },
            count(what.len(), "high-risk field", "high-risk fields")
        ));
    }
    for (direction, verb_one, verb_many) in [
        (Direction::Gain, "gains", "gain"),
        (Direction::Loss, "loses", "lose"),
    ] {
        let int: HashSet<&str> = changes
            .iter()
            .filter(|c| {
                c.change == direction && c.integration && c.principal_kind == WhoKind::Integration
            })
            .map(|c| c.principal.as_str())
            .collect();
        if !int.is_empty() {
            parts.push(format!(
                "{} {} access",
                count(int.len(), "integration principal", "integration principals"),
                if int.len() == 1 { verb_one } else { verb_many }
            ));
        }
        let guest: HashSet<&str> = changes
            .iter()
            .filter(|c| c.change == direction && c.guest)
            .map(|c| c.principal.as_str())
            .collect();
        if !guest.is_empty() {
            parts.push(format!(
                "{} {} access",
                count(guest.len(), "guest principal", "guest principals"),
                if guest.len() == 1 {
                    verb_one
                } else {
                    verb_many
                }
            ));
        }
    }
    let gains = changes
        .iter()
        .filter(|c| c.change == Direction::Gain)
        .count();
    let losses = changes.len() - gains;
    let who: HashSet<&str> = changes.iter().map(|c| c.principal.as_str()).collect();
    parts.push(format!(
        "{}, {} across {}",
        count(gains, "gain", "gains"),
        count(losses, "loss", "losses"),
        count(who.len(), "principal", "principals")
    ));
    parts.join("; ")
}
