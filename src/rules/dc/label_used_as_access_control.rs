//! DC009: a high-risk field that field-level security does not restrict at all, so its
//! classification label is the only "protection".
//!
//! Fires when (a) at least two profiles have an explicit entry for the field and every one
//! of them grants read, or (b) an integration principal with View All Data has no explicit
//! field-level decision about the field anywhere in its sets.

use crate::access::FieldAccess;
use crate::model::{FieldDef, FieldPerm, Flag, PermSet, SetKind, Text};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::level;

declare_rule! {
    pub struct LabelUsedAsAccessControl {
        code: "DC009",
        name: "label-used-as-access-control",
        severity: Warning,
        summary: "A high-risk field is not restricted by field-level security anywhere",
    }
}

/// What the profiles that set a field's field-level security say: how many, whether all
/// grant read, and the first few.
struct Decided<'m> {
    count: usize,
    all_read: bool,
    first: Vec<(&'m PermSet, &'m FieldPerm)>,
}

impl Default for Decided<'_> {
    fn default() -> Self {
        Decided {
            count: 0,
            all_read: true,
            first: Vec::new(),
        }
    }
}

/// How many profiles a finding points at.
const SHOWN: usize = 3;

impl<'m> Decided<'m> {
    fn add(&mut self, set: &'m PermSet, f: &'m FieldPerm) {
        self.count += 1;
        self.all_read &= Flag::is_true(f.readable);
        if self.first.len() < SHOWN {
            self.first.push((set, f));
        }
    }
}

impl Rule for LabelUsedAsAccessControl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        let model = cx.model;
        // Findings are at the field's classification, in its definition's file.
        let fields: Vec<(&FieldDef, &Text)> = model
            .fields
            .iter()
            .filter(|d| cx.reported.file(d.name_at.file))
            .filter_map(|def| Some((def, level(def, c).filter(|t| c.is_high_risk(&t.value))?)))
            .collect();
        if fields.is_empty() {
            return; // and no set is read from the cache
        }
        // Each profile's entries for those fields, a profile at a time (its index stays in
        // the processor's cache while every field is looked up in it).
        let mut decided: Vec<Decided<'_>> = fields.iter().map(|_| Decided::default()).collect();
        for (i, set) in model.sets.iter().enumerate() {
            if set.kind != SetKind::Profile {
                continue;
            }
            for ((def, _), decided) in fields.iter().zip(&mut decided) {
                let entry = model
                    .set_field(i, &def.object, &def.name)
                    .or_else(|| model.activity_sibling_field(i, &def.object, &def.name))
                    .filter(|f| f.readable.is_some());
                if let Some(f) = entry {
                    decided.add(set, f);
                }
            }
        }
        for ((def, sc), decided) in fields.into_iter().zip(decided) {
            let qualified = def.qualified();
            if decided.count >= 2 && decided.all_read {
                let d = sink.report(sc.at, format!(
                        "{qualified} is classified `{}`, but every profile that sets its field-level security ({}) grants read",
                        sc.value,
                        decided.count
                    ))
.help("the classification restricts nothing: set <readable>false</readable> in the profiles that must not see it, and grant it through a permission set to those that must")
.identity(format!("{qualified}/profiles"));
                d.label("label only");
                // The count is in the message; a few examples are enough to locate them.
                for (s, f) in &decided.first {
                    if let Some(r) = f.readable {
                        d.related(r.at, format!("readable in profile `{}`", s.name));
                    }
                }
            }
            // The Analytics Cloud Security User reads no extracted or classified data.
            for p in cx.access.principals.iter().filter(|p| p.reads_data()) {
                let Some(vad) = cx.access.user_permission(p, "ViewAllData") else {
                    continue;
                };
                if cx.access.field_read(p, &def.object, &def.name) != FieldAccess::NotGranted {
                    continue;
                }
                let d = sink.report(sc.at, format!(
                        "{qualified} is classified `{}`, and {} has View All Data but no field-level security decision for it",
                        sc.value, p.name
                    ))
.help(format!(
                        "View All Data does not grant field access and the label does not deny it: write an explicit <fieldPermissions> entry for {qualified} in {}'s profile or permission set",
                        p.name
                    ))
.identity(format!("{qualified}/{}", p.name));
                d.label("label only");
                d.related(vad.at, "View All Data");
            }
        }
    }
}
