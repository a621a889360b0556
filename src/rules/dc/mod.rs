//! `DC`: data classification. Labels (`securityClassification`, `complianceGroup`) are
//! documentation; field-level security decides access. These rules catch the mismatch.

pub mod access_matrix_mismatch;
pub mod high_risk_field_exposed_to_guest;
pub mod high_risk_field_granted_to_integration;
pub mod high_risk_field_in_dataset_without_rls;
pub mod high_risk_without_compliance_group;
pub mod invalid_classification;
pub mod invalid_compliance_group;
pub mod justification_missing;
pub mod label_used_as_access_control;
pub mod sensitive_field_unclassified;

super::family! {
    Classification:
    invalid_classification,
    invalid_compliance_group,
    sensitive_field_unclassified,
    high_risk_field_granted_to_integration,
    justification_missing,
    high_risk_field_exposed_to_guest,
    high_risk_without_compliance_group,
    access_matrix_mismatch,
    label_used_as_access_control,
    high_risk_field_in_dataset_without_rls,
}
mod sensitive_name;

use crate::access::{FieldAccess, Grant, Principal};
use crate::config::Classification;
use crate::matrix::{AccessMatrix, MatrixAccess, MatrixRow};
use crate::model::{FieldDef, Text};
use crate::rules::Context;
use crate::salesforce::names::same_profile;

/// The field's classification when it is one of the configured levels.
pub fn level<'a>(def: &'a FieldDef, c: &Classification) -> Option<&'a Text> {
    def.security_classification
        .as_ref()
        .filter(|t| c.rank(&t.value).is_some())
}

pub fn is_high_risk(def: &FieldDef, c: &Classification) -> bool {
    level(def, c).is_some_and(|t| c.is_high_risk(&t.value))
}

pub use sensitive_name::{SensitiveNames, words};

/// Does a matrix row name this principal (by its name or its profile)?
pub fn row_names(row: &MatrixRow, p: &Principal) -> bool {
    row.principal.value.eq_ignore_ascii_case(&p.name)
        || p.profile_name
            .as_deref()
            .is_some_and(|n| same_profile(n, &row.principal.value))
}

/// The matrix row for this field and principal.
pub fn matrix_row<'m>(
    matrix: Option<&'m AccessMatrix>,
    def: &FieldDef,
    p: &Principal,
) -> Option<&'m MatrixRow> {
    matrix?
        .rows_for(&def.object, &def.name)
        .find(|r| row_names(r, p))
}

/// A row that grants read or edit with a justification.
pub fn justified(row: Option<&MatrixRow>) -> bool {
    row.is_some_and(|r| r.access >= MatrixAccess::Read && r.justified())
}

/// An integration principal's read of a field whose level `wanted` selects, with no
/// justified matrix row. Rows saying `none` are left out: that disagreement is DC008's.
pub struct UnjustifiedRead<'a> {
    pub def: &'a FieldDef,
    pub level: &'a Text,
    pub principal: &'a Principal,
    pub grant: Grant,
    pub row: Option<&'a MatrixRow>,
}

pub fn unjustified_reads<'a>(
    cx: &'a Context<'_>,
    wanted: impl Fn(&Classification, &str) -> bool,
) -> Vec<UnjustifiedRead<'a>> {
    let c = &cx.settings.classification;
    let mut out = Vec::new();
    for def in &cx.model.fields {
        let Some(level) = level(def, c).filter(|t| wanted(c, &t.value)) else {
            continue;
        };
        // The Analytics Cloud Security User reads no extracted or classified data.
        for p in cx.access.principals.iter().filter(|p| p.reads_data()) {
            let FieldAccess::Granted(grant) = cx.access.field_read(p, &def.object, &def.name)
            else {
                continue;
            };
            let row = matrix_row(cx.matrix, def, p);
            if justified(row) || row.is_some_and(|r| r.access == MatrixAccess::None) {
                continue;
            }
            out.push(UnjustifiedRead {
                def,
                level,
                principal: p,
                grant,
                row,
            });
        }
    }
    out
}

/// How to take away a read that `grant` gives `p`: revoke it in the granting set, or, when
/// that set belongs to another namespace's managed package (which the org can't edit),
/// unassign or mute the package's set.
pub fn revoke_read(cx: &Context<'_>, p: &Principal, grant: &Grant) -> String {
    let set = cx.access.set(grant.set);
    match cx.model.managed_namespace(set) {
        Some(ns) => format!(
            "the read comes from {} `{}` of the managed package `{ns}`, which can't be edited: unassign it from {}, or mute the field in the permission set group it comes through",
            set.kind.label(),
            set.name,
            p.name
        ),
        None => format!(
            "revoke read in {} `{}` (set <readable>false</readable>)",
            set.kind.label(),
            set.name
        ),
    }
}
