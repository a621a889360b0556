//! DC009: a high-risk field that field-level security does not restrict at all, so its
//! classification label is the only "protection".
//!
//! Fires when (a) at least two profiles have an explicit entry for the field and every one
//! of them grants read, or (b) an integration principal with View All Data has no explicit
//! field-level decision about the field anywhere in its sets.

use crate::access::FieldAccess;
use crate::model::{Flag, SetKind};
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

impl Rule for LabelUsedAsAccessControl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let c = &cx.settings.classification;
        // Findings are at the field's classification, in its definition's file.
        for def in cx
            .model
            .fields
            .iter()
            .filter(|d| cx.reported.file(d.name_at.file))
        {
            let Some(sc) = level(def, c).filter(|t| c.is_high_risk(&t.value)) else {
                continue;
            };
            let qualified = def.qualified();
            let entries: Vec<_> = cx
                .model
                .sets
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind == SetKind::Profile)
                .filter_map(|(i, s)| {
                    cx.model
                        .set_field(i, &def.object, &def.name)
                        .or_else(|| cx.model.activity_sibling_field(i, &def.object, &def.name))
                        .filter(|f| f.readable.is_some())
                        .map(|f| (s, f))
                })
                .collect();
            if entries.len() >= 2 && entries.iter().all(|(_, f)| Flag::is_true(f.readable)) {
                let d = sink.report(sc.at, format!(
                        "{qualified} is classified `{}`, but every profile that sets its field-level security ({}) grants read",
                        sc.value,
                        entries.len()
                    ))
.help("the classification restricts nothing: set <readable>false</readable> in the profiles that must not see it, and grant it through a permission set to those that must")
.identity(format!("{qualified}/profiles"));
                d.label("label only");
                // The count is in the message; a few examples are enough to locate them.
                for (s, f) in entries.iter().take(3) {
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
