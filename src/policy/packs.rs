//! sflint's own rule packs: policy files in `rules/packs/`, compiled in. Their policies
//! are rules that are off by default and outside `ALL`; select them by code, prefix,
//! name, or the pack's name (`select = ["ALL", "BS"]`).

use std::sync::LazyLock;

use crate::config::Classification;

use super::Origin;
use super::Policy;
use super::build::{BuildContext, CodeRule, build};
use crate::config::policy_schema::PolicyFileConfig;

#[derive(Debug)]
pub struct Pack {
    /// kebab-case (`baseline-security`).
    pub name: String,
    /// The code prefix of its policies (`BS`).
    pub prefix: String,
    pub summary: String,
    /// The pack's page (`rules/packs/<name>.md`).
    pub page: &'static str,
    /// The pack file as shipped.
    pub source: &'static str,
    pub policies: Vec<Policy>,
}

/// (file name, TOML, page)
const SOURCES: &[(&str, &str, &str)] = &[(
    "baseline-security",
    include_str!("../../rules/packs/baseline-security.toml"),
    include_str!("../../rules/packs/baseline-security.md"),
)];

/// Every pack, parsed once. A pack that does not load is a bug caught by the tests.
pub static PACKS: LazyLock<Vec<Pack>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .enumerate()
        .map(|(i, (file, text, page))| {
            parse(i, text, page)
                .unwrap_or_else(|e| panic!("rules/packs/{file}.toml does not load: {e}"))
        })
        .collect()
});

/// Parse one pack file.
pub fn parse(index: usize, text: &'static str, page: &'static str) -> Result<Pack, String> {
    let file: PolicyFileConfig = toml::from_str(text).map_err(|e| e.to_string())?;
    let header = file.pack.ok_or("a pack file needs a `[pack]` table")?;
    let header = header.into_inner();
    let classification = Classification::default();
    let cx = BuildContext {
        text,
        origin: Origin::Pack(index),
        classification: &classification,
        codes: CodeRule::Pack {
            prefix: &header.prefix,
        },
    };
    let mut policies = Vec::new();
    for cfg in &file.policy {
        let p = build(cfg, &cx).map_err(|e| {
            format!(
                "{} at `{}`",
                e.message,
                text.get(e.span.range()).unwrap_or("")
            )
        })?;
        policies.push(p);
    }
    Ok(Pack {
        name: header.name,
        prefix: header.prefix,
        summary: header.summary,
        page,
        source: text,
        policies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pack_loads_with_unique_codes_and_names() {
        let mut codes = std::collections::HashSet::new();
        for pack in PACKS.iter() {
            assert!(!pack.policies.is_empty(), "{}", pack.name);
            for p in &pack.policies {
                assert!(p.code.starts_with(&pack.prefix));
                assert!(codes.insert(p.code.clone()), "{} twice", p.code);
            }
        }
    }
}
