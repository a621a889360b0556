//! The datasets a dataflow or recipe writes, and their row-level security.
//!
//! * Dataflow `sfdcRegister` (documented) and `register` (retrieved) nodes:
//!   `parameters.rowLevelSecurityFilter` (the security predicate) and
//!   `parameters.rowLevelSharingSource` (sharing inheritance); the dataset is
//!   `parameters.alias`, else `parameters.name`.
//! * Recipe `save` nodes: the same two keys in `parameters.dataset` (Connect REST API,
//!   "Save Dataset"), or directly in `parameters`; the dataset is `parameters.dataset.name`.
//!
//! In a predicate, `"$User.Field"` (double quotes) is a field of the querying user;
//! `'Column'` (single quotes) is a dataset column.

use crate::json::{Json, Parser};
use crate::source::{Span, Spanned};

use super::lineage::Carried;
use super::{EscapeMap, OffsetMap, spanned_str, to_u32};

/// One dataset output node: where it writes and how rows are secured.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatasetOutput {
    /// The node key; the span covers the key's content.
    pub node: Spanned<String>,
    /// The dataset's API name, when given.
    pub dataset: Option<Spanned<String>>,
    /// The security predicate, when present and not blank.
    pub predicate: Option<Spanned<String>>,
    /// The sharing source object, when present and not blank.
    pub sharing_source: Option<Spanned<String>>,
    /// `"$User.X"` references in the predicate: the field name `X`, with the span of
    /// `$User.X` in the file.
    pub user_fields: Vec<Spanned<String>>,
    /// The columns carrying extracted fields that reach this dataset.
    pub columns: Vec<Carried>,
    /// Internal: the document the node belongs to.
    pub(super) doc: usize,
}

impl DatasetOutput {
    /// No predicate and no sharing source: every row is visible to anyone who can open
    /// the dataset.
    pub fn unsecured(&self) -> bool {
        self.predicate.is_none() && self.sharing_source.is_none()
    }

    /// `dataset "sales"` or `node "Register"` when the dataset has no name.
    pub fn describe(&self) -> String {
        match &self.dataset {
            Some(d) => format!("dataset `{}`", d.value),
            None => format!("the dataset of node `{}`", self.node.value),
        }
    }
}

/// Is this action one that writes a dataset?
pub fn is_output(action: &str) -> bool {
    matches!(action, "register" | "sfdcRegister" | "save")
}

/// The output of node `node` (key span in the document `text`) from its parameters. A
/// recipe save node that writes somewhere else than a CRM Analytics dataset (an output
/// connection: `dataset.type` other than `analyticsDataset`) is not a dataset output.
pub fn output(
    doc: usize,
    node: Spanned<String>,
    action: &str,
    params: &Json,
    text: &str,
    map: &OffsetMap,
) -> Option<DatasetOutput> {
    let dataset_obj = params.get("dataset").filter(|d| d.as_object().is_some());
    if action == "save" {
        let kind = dataset_obj?.get("type").map(Json::as_str);
        if !matches!(kind, None | Some(Some("analyticsDataset"))) {
            return None;
        }
    }
    let holder = |key: &str| {
        dataset_obj
            .and_then(|d| d.get(key))
            .or_else(|| params.get(key))
    };
    let dataset = if action == "save" {
        spanned_str(dataset_obj.and_then(|d| d.get("name")), map)
    } else {
        spanned_str(params.get("alias"), map).or_else(|| spanned_str(params.get("name"), map))
    };
    let blank = |s: &Spanned<String>| s.value.trim().is_empty();
    let predicate_json = holder("rowLevelSecurityFilter");
    let predicate = spanned_str(predicate_json, map).filter(|s| !blank(s));
    let sharing_source = spanned_str(holder("rowLevelSharingSource"), map).filter(|s| !blank(s));
    let user_fields = match (&predicate, predicate_json) {
        (Some(p), Some(json)) => user_fields_in(&p.value, json, text, map),
        _ => Vec::new(),
    };
    Some(DatasetOutput {
        node,
        dataset,
        predicate,
        sharing_source,
        user_fields,
        columns: Vec::new(),
        doc,
    })
}

/// The `"$User.X"` references of a predicate string value, with file spans: the string
/// token at `json.span` in `text` is read again to map its own escapes (`\"`), then the
/// document's map takes the span to the file.
fn user_fields_in(value: &str, json: &Json, text: &str, map: &OffsetMap) -> Vec<Spanned<String>> {
    let refs = user_refs(value);
    if refs.is_empty() {
        return Vec::new();
    }
    let start = json.span.start as usize;
    let mut own = OffsetMap {
        base: start + 1,
        escapes: Vec::new(),
    };
    let reread = Parser::at(text, start).string_value_with(|is, ie, os, oe| {
        own.escapes.push(EscapeMap {
            inner_start: to_u32(is),
            inner_end: to_u32(ie),
            outer_start: to_u32(os),
            outer_end: to_u32(oe),
        })
    });
    if reread.map(|s| s.value != value).unwrap_or(true) {
        return Vec::new();
    }
    refs.into_iter()
        .map(|(name, span)| Spanned::new(name, map.span(own.span(span))))
        .collect()
}

/// `$User.X` inside double-quoted literals of a predicate: (`X`, span of `$User.X`).
/// Single-quoted literals (dataset columns) are skipped; `$User.A.B` paths are not
/// User fields and are skipped too.
pub fn user_refs(predicate: &str) -> Vec<(String, Span)> {
    const PREFIX: &str = "$User.";
    let bytes = predicate.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let quote = bytes[i];
        if quote != b'"' && quote != b'\'' {
            i += 1;
            continue;
        }
        // The literal runs to the next unescaped quote of the same kind.
        let start = i + 1;
        let mut j = start;
        while j < bytes.len() && bytes[j] != quote {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        let end = j.min(bytes.len());
        if quote == b'"' {
            let mut k = start;
            while let Some(found) = predicate.get(k..end).and_then(|s| s.find(PREFIX)) {
                let at = k + found;
                let name_start = at + PREFIX.len();
                let name_end = name_start
                    + bytes[name_start..end]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                        .count();
                if name_end > name_start && bytes.get(name_end) != Some(&b'.') {
                    out.push((
                        predicate[name_start..name_end].to_string(),
                        Span::new(at, name_end),
                    ));
                }
                k = name_end.max(at + 1);
            }
        }
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &str) -> Vec<(String, &str)> {
        user_refs(p)
            .into_iter()
            .map(|(n, s)| (n, &p[s.range()]))
            .collect()
    }

    #[test]
    fn double_quoted_user_fields_only() {
        let p = r#"'OwnerId' == "$User.Id" || 'Region' == "$User.Sales_Region__c""#;
        assert_eq!(
            names(p),
            vec![
                ("Id".to_string(), "$User.Id"),
                ("Sales_Region__c".to_string(), "$User.Sales_Region__c"),
            ]
        );
        assert!(names(r#"'$User.Region__c' == "x""#).is_empty());
        assert!(names(r#"'A' == "$User.Manager.Region__c""#).is_empty());
        assert!(names(r#"'A' == "$User.""#).is_empty());
    }

    #[test]
    fn escapes_and_unterminated_literals_never_panic() {
        for p in [
            r#""$User.A__c"#,
            r#"'x\'' == "$User.B__c""#,
            "\"\\",
            "'",
            "\"$User.é__c\"",
            "\"$User.X__c\\\"\"",
        ] {
            let _ = user_refs(p);
        }
        assert_eq!(names(r#"'x\'' == "$User.B__c""#).len(), 1);
    }
}
