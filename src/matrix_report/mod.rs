//! `sflint matrix`: the data access matrix built from metadata, one row per (classified or
//! sensitive-looking field, integration principal), and its comparison with the configured
//! matrix.

mod html;
mod text;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::access::{Access, Principal};
use crate::config::Settings;
use crate::matrix::MatrixAccess;
use crate::model::FieldDef;
use crate::pipeline::LoadedProject;
use crate::rules::dc::{SensitiveNames, level, matrix_row};

pub use html::{HtmlMeta, render_html};
pub(crate) use text::md_cell;
pub use text::{render_csv, render_json, render_markdown};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub field: String,
    /// The field's level, or empty when unclassified.
    pub classification: String,
    pub compliance_groups: String,
    pub principal: String,
    pub access: &'static str,
    /// `path:line` of the element that grants the access (empty for `none`).
    pub granted_by: String,
    pub justification: String,
    pub compliance_notes: String,
    /// With `--base`: the access in the base (`none` when the base has no such row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_access: Option<&'static str>,
}

impl Row {
    /// With `--base`: did the access change?
    pub fn changed(&self) -> bool {
        self.base_access.is_some_and(|b| b != self.access)
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub rows: usize,
    /// classification (or "unclassified") -> access -> count
    pub by_level: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Read or edit for a principal (see [`Access::field_level`]).
fn field_access(
    access: &Access<'_>,
    p: &Principal,
    def: &FieldDef,
) -> (MatrixAccess, Option<crate::model::Loc>) {
    let (level, grant) = access.field_level(p, &def.object, &def.name);
    (level, grant.map(|g| g.at))
}

/// Every row, sorted by field then principal.
pub fn build(project: &LoadedProject, settings: &Settings) -> Vec<Row> {
    let access = Access::new(&project.model, settings);
    let c = &settings.classification;
    let sensitive = SensitiveNames::new(c);
    let mut rows = Vec::new();
    for def in &project.model.fields {
        let classified = level(def, c);
        if classified.is_none() && sensitive.find(def).is_none() {
            continue;
        }
        // The Analytics Cloud Security User reads no extracted or classified data.
        for p in access.principals.iter().filter(|p| p.reads_data()) {
            let (a, at) = field_access(&access, p, def);
            let row = matrix_row(project.matrix.as_ref(), def, p);
            rows.push(Row {
                field: def.qualified(),
                classification: classified.map(|t| t.value.to_string()).unwrap_or_default(),
                compliance_groups: def.compliance_tokens().collect::<Vec<_>>().join(";"),
                principal: p.name.clone(),
                access: a.as_str(),
                granted_by: at.map(|l| project.where_is(l)).unwrap_or_default(),
                justification: row
                    .and_then(|r| r.justification.as_ref())
                    .map(|t| t.value.to_string())
                    .unwrap_or_default(),
                compliance_notes: row
                    .and_then(|r| r.compliance_notes.as_ref())
                    .map(|t| t.value.to_string())
                    .unwrap_or_default(),
                base_access: None,
            });
        }
    }
    rows.sort_by(|a, b| {
        (a.field.to_ascii_lowercase(), &a.principal)
            .cmp(&(b.field.to_ascii_lowercase(), &b.principal))
    });
    rows.dedup();
    rows
}

/// Mark each row with its access in the base (`sflint matrix --base`): the base's matrix is
/// built by the same engine (`Access::field_level`, as `sflint access-diff`), and a cell
/// the base lacks was `none`.
pub fn mark_base(rows: &mut [Row], base_rows: &[Row]) {
    let key = |r: &Row| {
        (
            r.field.to_ascii_lowercase(),
            r.principal.to_ascii_lowercase(),
        )
    };
    let base: std::collections::HashMap<_, &'static str> =
        base_rows.iter().map(|r| (key(r), r.access)).collect();
    for r in rows {
        r.base_access = Some(base.get(&key(r)).copied().unwrap_or("none"));
    }
}

/// Why the matrix has no row, and how to fill it.
pub fn empty_reason(project: &LoadedProject, settings: &Settings) -> String {
    let access = Access::new(&project.model, settings);
    let readers = access.principals.iter().filter(|p| p.reads_data()).count();
    let c = &settings.classification;
    let sensitive = SensitiveNames::new(c);
    let fields = project
        .model
        .fields
        .iter()
        .filter(|d| level(d, c).is_some() || sensitive.find(d).is_some())
        .count();
    let mut why = Vec::new();
    if readers == 0 {
        why.push("the project has no integration principal (no Analytics Cloud Integration User profile or clone, and no `[[integration.principal]]` in sflint.toml)".to_string());
    }
    if fields == 0 {
        why.push(format!(
            "no field is classified at a configured level ({}) and no field name looks sensitive",
            c.levels.join(", ")
        ));
    }
    format!(
        "The matrix is empty: {}. To fill it, set `securityClassification` on the fields that hold sensitive data (or list words under `sensitive-names` in [classification]), and name the user that reads data under `[[integration.principal]]` in sflint.toml (`sflint init` proposes one).",
        why.join("; and ")
    )
}

pub fn summarize(rows: &[Row]) -> Summary {
    let mut s = Summary {
        rows: rows.len(),
        ..Summary::default()
    };
    for r in rows {
        let level = if r.classification.is_empty() {
            "unclassified".to_string()
        } else {
            r.classification.clone()
        };
        *s.by_level
            .entry(level)
            .or_default()
            .entry(r.access.to_string())
            .or_default() += 1;
    }
    s
}

/// Differences between the metadata and the configured matrix, one sentence each.
pub fn differences(project: &LoadedProject, settings: &Settings, rows: &[Row]) -> Vec<String> {
    let Some(matrix) = &project.matrix else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let access = Access::new(&project.model, settings);
    for r in &matrix.rows {
        let Some(def) = project.model.field(r.object(), r.field_name()) else {
            out.push(format!(
                "{}: the matrix lists it, but the project does not define it",
                r.field.value
            ));
            continue;
        };
        let Some(p) = access
            .principals
            .iter()
            .find(|p| crate::rules::dc::row_names(r, p))
        else {
            out.push(format!(
                "{}: the matrix names `{}`, which is not an integration principal",
                r.field.value, r.principal.value
            ));
            continue;
        };
        let (actual, _) = field_access(&access, p, def);
        if actual != r.access {
            out.push(format!(
                "{} for {}: the matrix says {}, the metadata gives {}",
                r.field.value,
                p.name,
                r.access.as_str(),
                actual.as_str()
            ));
        }
        let have = def
            .security_classification
            .as_ref()
            .map(|t| t.value.as_str());
        if let Some(want) = &r.classification
            && have != Some(want.value.as_str())
        {
            out.push(format!(
                "{}: the matrix classifies it `{}`, the field has {}",
                r.field.value,
                want.value,
                have.map_or("no classification".to_string(), |h| format!("`{h}`"))
            ));
        }
    }
    for row in rows.iter().filter(|r| r.access != "none") {
        let (object, field) = row.field.split_once('.').unwrap_or(("", &row.field));
        let listed = matrix.rows_for(object, field).any(|m| {
            m.field.value.eq_ignore_ascii_case(&row.field)
                && (m.principal.value.eq_ignore_ascii_case(&row.principal)
                    || access
                        .principals
                        .iter()
                        .any(|p| p.name == row.principal && crate::rules::dc::row_names(m, p)))
        });
        if !listed {
            out.push(format!(
                "{} for {}: the metadata gives {} ({}), but the matrix has no row",
                row.field, row.principal, row.access, row.granted_by
            ));
        }
    }
    out
}
