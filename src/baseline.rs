//! Baselines: adopt sflint on a legacy org by recording today's findings and reporting only
//! new ones.
//!
//! The file is sorted, pretty-printed JSON (one entry per finding identity) so diffs stay
//! small: `{"schema": "sflint-baseline/1", "findings": [{"path", "code", "fingerprint",
//! "count", "message"}]}`. Paths are relative to the project root.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::report::Report;

pub const SCHEMA: &str = "sflint-baseline/1";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
    /// How many findings share this identity.
    pub count: usize,
    /// The first finding's message, for people reading the file.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub schema: String,
    pub findings: Vec<Entry>,
}

impl Baseline {
    pub fn from_report(report: &Report) -> Baseline {
        let mut map: BTreeMap<(String, String, String), Entry> = BTreeMap::new();
        for d in &report.diagnostics {
            let path = report.file(d.primary.file).key.clone();
            let fp = report.fingerprint(d);
            map.entry((path.clone(), d.code.to_string(), fp.clone()))
                .and_modify(|e| e.count += 1)
                .or_insert(Entry {
                    path,
                    code: d.code.to_string(),
                    fingerprint: fp,
                    count: 1,
                    message: d.message.clone(),
                });
        }
        Baseline {
            schema: SCHEMA.to_string(),
            findings: map.into_values().collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("plain values serialize");
        s.push('\n');
        s
    }

    pub fn load(path: &Path) -> Result<Baseline, AppError> {
        let text =
            crate::config_files::read_regular_text(path).map_err(|e| AppError::io(path, &e))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            let offset: usize = text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + e.column().saturating_sub(1);
            AppError::Config {
                path: path.to_path_buf(),
                text: text.clone(),
                span: Some(crate::source::Span::empty_at(offset.min(text.len()))),
                message: format!("not an sflint baseline: {e}"),
                help: Some("write one with `sflint check --write-baseline FILE`".into()),
            }
        })?;
        if b.schema != SCHEMA {
            return Err(AppError::Config {
                path: path.to_path_buf(),
                text,
                span: None,
                message: format!(
                    "unsupported baseline schema `{}` (expected `{SCHEMA}`)",
                    b.schema
                ),
                help: Some("write it again with `sflint check --write-baseline FILE`".into()),
            });
        }
        Ok(b)
    }
}
