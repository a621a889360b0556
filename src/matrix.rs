//! The data access matrix: a CSV auditors keep, one row per (field, principal) with the
//! classification, the access granted and the business justification.
//!
//! Header (any column order): `field,classification,principal,access,justification,compliance_notes`.

use std::collections::HashMap;

use crate::diagnostic::FileId;
use crate::interned::Name;
use crate::model::{Loc, Text};
use crate::salesforce::names::did_you_mean;
use crate::source::Span;

pub const COLUMNS: &[&str] = &[
    "field",
    "classification",
    "principal",
    "access",
    "justification",
    "compliance_notes",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatrixAccess {
    None,
    Read,
    Edit,
}

impl MatrixAccess {
    pub fn parse(s: &str) -> Option<MatrixAccess> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Some(MatrixAccess::None),
            "read" => Some(MatrixAccess::Read),
            "edit" => Some(MatrixAccess::Edit),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MatrixAccess::None => "none",
            MatrixAccess::Read => "read",
            MatrixAccess::Edit => "edit",
        }
    }
}

#[derive(Debug, Clone)]
pub struct MatrixRow {
    /// The whole row.
    pub at: Loc,
    /// `Object.Field`.
    pub field: Text,
    pub classification: Option<Text>,
    pub principal: Text,
    pub access: MatrixAccess,
    pub access_at: Loc,
    pub justification: Option<Text>,
    pub compliance_notes: Option<Text>,
}

impl MatrixRow {
    pub fn object(&self) -> &str {
        self.field.value.split_once('.').map_or("", |(o, _)| o)
    }

    pub fn field_name(&self) -> &str {
        self.field
            .value
            .split_once('.')
            .map_or(&self.field.value, |(_, f)| f)
    }

    pub fn justified(&self) -> bool {
        self.justification.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct AccessMatrix {
    pub file: FileId,
    pub rows: Vec<MatrixRow>,
    /// Row indexes by (object, field), lowercased: a field's rows in O(1).
    by_field: HashMap<(String, String), Vec<usize>>,
}

impl AccessMatrix {
    pub fn new(file: FileId, rows: Vec<MatrixRow>) -> AccessMatrix {
        let mut by_field: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            by_field
                .entry(field_key(r.object(), r.field_name()))
                .or_default()
                .push(i);
        }
        AccessMatrix {
            file,
            rows,
            by_field,
        }
    }

    /// The rows for `Object.Field` (ASCII case ignored), in file order.
    pub fn rows_for<'m>(
        &'m self,
        object: &str,
        field: &str,
    ) -> impl Iterator<Item = &'m MatrixRow> + 'm {
        self.by_field
            .get(&field_key(object, field))
            .into_iter()
            .flatten()
            .map(|&i| &self.rows[i])
    }
}

fn field_key(object: &str, field: &str) -> (String, String) {
    (object.to_ascii_lowercase(), field.to_ascii_lowercase())
}

/// A structural problem: the matrix cannot be read as a matrix at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// A cell's decoded text and the span of the raw cell (quotes included).
type Cell = (String, Span);

/// The CSV records: each row's span and cells.
fn records(text: &str) -> Result<Vec<(Span, Vec<Cell>)>, MatrixError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while i < bytes.len() {
        let row_start = i;
        let mut cells = Vec::new();
        loop {
            let cell_start = i;
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'"' {
                i += 1;
                let mut seg = i;
                loop {
                    let Some(q) = text[i..].find('"').map(|q| q + i) else {
                        return Err(MatrixError {
                            message: "a quoted cell is never closed".into(),
                            span: Span::new(cell_start, cell_start + 1),
                            help: Some(
                                "close the cell with `\"`; write a quote inside a cell as `\"\"`"
                                    .into(),
                            ),
                        });
                    };
                    value.push_str(&text[seg..q]);
                    if bytes.get(q + 1) == Some(&b'"') {
                        value.push('"');
                        i = q + 2;
                        seg = i;
                    } else {
                        i = q + 1;
                        break;
                    }
                }
                if i < bytes.len() && !matches!(bytes[i], b',' | b'\n' | b'\r') {
                    return Err(MatrixError {
                        message: "text after the closing quote of a cell".into(),
                        span: Span::new(i, i + 1),
                        help: Some(
                            "quote the whole cell, or put a comma after the closing quote".into(),
                        ),
                    });
                }
            } else {
                let end = text[i..]
                    .find([',', '\n', '\r'])
                    .map_or(bytes.len(), |e| e + i);
                value.push_str(&text[i..end]);
                i = end;
            }
            cells.push((value, Span::new(cell_start, i)));
            if i < bytes.len() && bytes[i] == b',' {
                i += 1;
                continue;
            }
            break;
        }
        let row_end = i;
        if i < bytes.len() && bytes[i] == b'\r' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'\n' {
            i += 1;
        }
        let blank = cells.len() == 1 && cells[0].0.trim().is_empty();
        if !blank {
            out.push((Span::new(row_start, row_end), cells));
        }
    }
    Ok(out)
}

/// What a spreadsheet would run as a formula at the start of a cell.
pub(crate) const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn cell_text(file: FileId, cell: Option<&Cell>) -> Option<Text> {
    let (value, span) = cell?;
    // `sflint matrix --format csv` writes `'=...` for a value starting like a formula.
    let value = match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => value.as_str(),
    };
    let v = value.trim();
    (!v.is_empty()).then(|| Text {
        value: Name::new(v),
        at: Loc::new(file, *span),
    })
}

/// Parse the matrix. Structural errors (a missing column, bad quoting, an access value
/// that is not `read`, `edit` or `none`, a row without field or principal) stop the run.
pub fn parse(file: FileId, text: &str) -> Result<AccessMatrix, MatrixError> {
    let recs = records(text)?;
    let Some((header_span, header)) = recs.first() else {
        return Err(MatrixError {
            message: "the access matrix is empty".into(),
            span: Span::empty_at(0),
            help: Some(format!("start it with the header `{}`", COLUMNS.join(","))),
        });
    };
    let names: Vec<String> = header
        .iter()
        .map(|(v, _)| v.trim().to_ascii_lowercase())
        .collect();
    let mut index = [0usize; 6];
    for (k, col) in COLUMNS.iter().enumerate() {
        match names.iter().position(|n| n == col) {
            Some(i) => index[k] = i,
            None => {
                return Err(MatrixError {
                    message: format!("the header has no `{col}` column"),
                    span: *header_span,
                    help: Some(format!(
                        "the header must name the columns {}",
                        COLUMNS.join(",")
                    )),
                });
            }
        }
    }
    let mut rows = Vec::new();
    for (row_span, cells) in &recs[1..] {
        let get = |k: usize| cells.get(index[k]);
        let Some(field) = cell_text(file, get(0)).filter(|f| f.value.contains('.')) else {
            return Err(MatrixError {
                message: "this row has no `field` in the form Object.Field".into(),
                span: get(0).map_or(*row_span, |c| c.1),
                help: None,
            });
        };
        let Some(principal) = cell_text(file, get(2)) else {
            return Err(MatrixError {
                message: format!("the row for {} names no principal", field.value),
                span: *row_span,
                help: Some("name the integration principal (its name or profile) in the `principal` column".into()),
            });
        };
        let (raw_access, access_span) = get(3)
            .cloned()
            .unwrap_or_else(|| (String::new(), *row_span));
        let Some(access) = MatrixAccess::parse(&raw_access) else {
            let help = did_you_mean(raw_access.trim(), ["read", "edit", "none"])
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "use `read`, `edit` or `none`".into());
            return Err(MatrixError {
                message: format!("`{}` is not an access value", raw_access.trim()),
                span: access_span,
                help: Some(help),
            });
        };
        rows.push(MatrixRow {
            at: Loc::new(file, *row_span),
            field,
            classification: cell_text(file, get(1)),
            principal,
            access,
            access_at: Loc::new(file, access_span),
            justification: cell_text(file, get(4)),
            compliance_notes: cell_text(file, get(5)),
        });
    }
    Ok(AccessMatrix::new(file, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "field,classification,principal,access,justification,compliance_notes\n";

    #[test]
    fn parses_rows_with_quotes_and_spans() {
        let text = format!(
            "{HEAD}Account.Revenue__c,Confidential,analytics,read,\"Forecasts, \"\"Q\"\" planning\",\r\nContact.SSN__c,Restricted,analytics,none,,PII\n\n"
        );
        let m = parse(FileId(0), &text).unwrap();
        assert_eq!(m.rows.len(), 2);
        let r = &m.rows[0];
        assert_eq!(r.field.value, "Account.Revenue__c");
        assert_eq!(r.access, MatrixAccess::Read);
        assert_eq!(
            r.justification.as_ref().unwrap().value,
            "Forecasts, \"Q\" planning"
        );
        assert_eq!(&text[r.access_at.span.range()], "read");
        assert!(!m.rows[1].justified());
        assert_eq!(m.rows[1].compliance_notes.as_ref().unwrap().value, "PII");
    }

    #[test]
    fn columns_in_any_order() {
        let text = "access,principal,field,classification,justification,compliance_notes\nedit,p,A.B__c,Public,,\n";
        let m = parse(FileId(0), text).unwrap();
        assert_eq!(m.rows[0].access, MatrixAccess::Edit);
        assert_eq!(m.rows[0].field_name(), "B__c");
    }

    #[test]
    fn structural_errors_point_at_the_cell() {
        let e = parse(FileId(0), "field,principal,access\n").unwrap_err();
        assert!(e.message.contains("`classification`"), "{}", e.message);
        let text = format!("{HEAD}A.B__c,Public,p,reed,,\n");
        let e = parse(FileId(0), &text).unwrap_err();
        assert_eq!(&text[e.span.range()], "reed");
        assert_eq!(e.help.as_deref(), Some("did you mean `read`?"));
        let e = parse(FileId(0), &format!("{HEAD}\"A.B__c,Public,p,read,,\n")).unwrap_err();
        assert!(e.message.contains("never closed"));
        assert!(parse(FileId(0), "").is_err());
        let e = parse(FileId(0), &format!("{HEAD}A.B__c,Public,,read,,\n")).unwrap_err();
        assert!(e.message.contains("no principal"), "{}", e.message);
    }
}
