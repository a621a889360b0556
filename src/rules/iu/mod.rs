//! `IU`: the integration users that run CRM Analytics jobs must keep their access.

pub mod analytics_field_not_granted;
pub mod analytics_field_not_readable;
pub mod analytics_object_not_readable;
pub mod encrypted_text_without_view_encrypted_data;
pub mod integration_access_revoked;
pub mod integration_principal_unresolved;
pub mod integration_user_inactive;

use std::collections::HashMap;

use crate::access::{Access, Principal};
use crate::diagnostic::Diagnostic;
use crate::model::{AnalyticsAsset, Loc, Model};
use crate::rules::related;
use crate::wave::AnalyticsRead;

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

/// Reads grouped by `Object.Field` (case-insensitive), in first-seen order. Relationship
/// paths (`Owner.Name`) are skipped: they are not fields of the digested object.
pub fn reads_by_field(model: &Model) -> Vec<(String, String, Vec<ReadSite<'_>>)> {
    group(model, |r| {
        (!r.field.value.contains('.')).then(|| (r.object.value.clone(), r.field.value.clone()))
    })
}

/// Reads grouped by object.
pub fn reads_by_object(model: &Model) -> Vec<(String, String, Vec<ReadSite<'_>>)> {
    group(model, |r| Some((r.object.value.clone(), String::new())))
}

fn group<'m>(
    model: &'m Model,
    key: impl Fn(&AnalyticsRead) -> Option<(String, String)>,
) -> Vec<(String, String, Vec<ReadSite<'m>>)> {
    let mut out: Vec<(String, String, Vec<ReadSite<'m>>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for asset in &model.analytics {
        for read in &asset.reads {
            let Some((object, field)) = key(read) else {
                continue;
            };
            let k = format!("{object}.{field}").to_ascii_lowercase();
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
        related(d, loc, format!("{} {what}", s.describe()));
    }
}

/// The sentence about View All Data / Modify All Data for help texts, when it applies.
pub fn view_all_note(access: &Access<'_>, p: &Principal) -> &'static str {
    let has = |name| access.user_permission(p, name).is_some();
    if has("ViewAllData") || has("ModifyAllData") {
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
