//! Every rule a run knows: the built-in rules ([`RULES`]), the policies of sflint's packs,
//! and the policies of the project's configuration. Selection (`select`, `ignore`,
//! `[severity]`, `[per-file-ignores]`, suppression comments), `sflint rules`,
//! `sflint rule` and the report formats all go through this one list.
//!
//! - Built-in rules are on or off by default as their metadata says; user policies are
//!   on; pack policies are off.
//! - `ALL` is every built-in rule and every user policy, not the packs: a pack is
//!   selected by its prefix (`BS`), its name (`baseline-security`), or a rule's code or
//!   name.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::config::{self, Overrides, PolicySource, Read, Settings};
use crate::diagnostic::Severity;
use crate::error::AppError;
use crate::policy::compile::{Reserved, compile};
use crate::policy::{Origin as PolicyOrigin, PACKS, Pack, Policy};
use crate::rules::{self, Rule, RuleMeta};
use crate::salesforce::names::did_you_mean;

/// Every built-in rule, family by family (SF, PM, IU, SS, DC), each family in code order.
pub static RULES: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
    [
        rules::sf::RULES,
        rules::pm::RULES,
        rules::iu::RULES,
        rules::ss::RULES,
        rules::dc::RULES,
    ]
    .concat()
});
/// Where a rule comes from.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    Builtin(&'static RuleMeta),
    Pack(&'static Pack, &'static Policy),
    Policy(&'a Policy),
}

/// One rule, whatever its origin.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// The default severity.
    pub severity: Severity,
    /// On by default.
    pub enabled: bool,
    pub summary: &'a str,
    pub origin: Origin<'a>,
}

impl<'a> Entry<'a> {
    /// Is the rule part of `ALL`?
    pub fn in_all(&self) -> bool {
        !matches!(self.origin, Origin::Pack(..))
    }

    /// `builtin`, `pack` or `policy`.
    pub fn kind(&self) -> &'static str {
        match self.origin {
            Origin::Builtin(_) => "builtin",
            Origin::Pack(..) => "pack",
            Origin::Policy(_) => "policy",
        }
    }

    /// The policy behind the rule, for packs and user policies.
    pub fn policy(&self) -> Option<&'a Policy> {
        match self.origin {
            Origin::Builtin(_) => None,
            Origin::Pack(_, p) => Some(p),
            Origin::Policy(p) => Some(p),
        }
    }
}

fn policy_entry<'a>(p: &'a Policy, origin: Origin<'a>) -> Entry<'a> {
    Entry {
        code: &p.code,
        name: &p.name,
        severity: p.severity,
        enabled: !p.is_pack(),
        summary: &p.summary,
        origin,
    }
}

/// The rules of one configuration: built-in ones in code order, then each pack's, then
/// the user's policies in the order they are defined.
#[derive(Debug, Clone, Copy)]
pub struct Catalog<'a> {
    policies: &'a [Policy],
}

impl<'a> Catalog<'a> {
    pub fn new(policies: &'a [Policy]) -> Catalog<'a> {
        Catalog { policies }
    }

    /// Built-in rules and packs only.
    pub fn builtin() -> Catalog<'static> {
        Catalog { policies: &[] }
    }

    pub fn entries(&self) -> impl Iterator<Item = Entry<'a>> + 'a {
        let builtins = RULES.iter().map(|r| {
            let m = r.meta();
            Entry {
                code: m.code,
                name: m.name,
                severity: m.severity,
                enabled: m.enabled,
                summary: m.summary,
                origin: Origin::Builtin(m),
            }
        });
        let packs = PACKS.iter().flat_map(|pack| {
            pack.policies
                .iter()
                .map(move |p| policy_entry(p, Origin::Pack(pack, p)))
        });
        let own = self
            .policies
            .iter()
            .map(|p| policy_entry(p, Origin::Policy(p)));
        builtins.chain(packs).chain(own)
    }

    /// The codes a selector names: `ALL`, a code (`PM001`), a code prefix (`PM`), a rule
    /// name, or a pack name. On no match, the error is a "did you mean" help.
    pub fn select(&self, selector: &str) -> Result<Vec<String>, Option<String>> {
        let s = selector.trim();
        let codes = |f: &dyn Fn(&Entry<'_>) -> bool| -> Vec<String> {
            self.entries()
                .filter(|e| f(e))
                .map(|e| e.code.to_string())
                .collect()
        };
        if s.eq_ignore_ascii_case("ALL") {
            return Ok(codes(&|e| e.in_all()));
        }
        let by_name = codes(&|e| e.name.eq_ignore_ascii_case(s));
        if !by_name.is_empty() {
            return Ok(by_name);
        }
        if let Some(pack) = PACKS.iter().find(|p| p.name.eq_ignore_ascii_case(s)) {
            return Ok(pack.policies.iter().map(|p| p.code.clone()).collect());
        }
        let upper = s.to_ascii_uppercase();
        let by_code = codes(&|e| !upper.is_empty() && e.code.starts_with(&upper));
        if !by_code.is_empty() {
            return Ok(by_code);
        }
        let entries: Vec<Entry<'_>> = self.entries().collect();
        let candidates = entries
            .iter()
            .flat_map(|e| [e.code, e.name])
            .chain(PACKS.iter().map(|p| p.name.as_str()));
        Err(did_you_mean(s, candidates).map(|c| format!("did you mean `{c}`?")))
    }

    /// A rule by code or name (case-insensitive).
    pub fn find(&self, key: &str) -> Option<Entry<'a>> {
        let key = key.trim();
        self.entries()
            .find(|e| e.code.eq_ignore_ascii_case(key) || e.name.eq_ignore_ascii_case(key))
    }

    /// Codes and names, for "did you mean".
    pub fn names(&self) -> Vec<&'a str> {
        self.entries().flat_map(|e| [e.code, e.name]).collect()
    }
}

/// A run's whole configuration: the settings rules read, the project's compiled
/// policies and the policy files they come from.
#[derive(Debug)]
pub struct Setup {
    pub settings: Settings,
    /// `[[policy]]` in sflint.toml, then the policy files', in definition order.
    pub policies: Vec<Policy>,
    /// The files `policy-files` names, in the order `policy::Origin::File` counts them.
    pub policy_sources: Vec<PolicySource>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup::resolve(Read::default(), &Overrides::default())
            .expect("the default configuration is valid")
    }
}

impl Setup {
    /// Find `sflint.toml` upward from `start`, or read `explicit`; then apply `overrides`.
    pub fn load(
        start: &Path,
        explicit: Option<&Path>,
        overrides: &Overrides,
    ) -> Result<Setup, AppError> {
        Setup::resolve(Read::find(start, explicit)?, overrides)
    }

    /// The configuration `text` (written at `path`, if any) with `overrides`.
    pub fn from_toml(
        text: &str,
        path: Option<PathBuf>,
        overrides: &Overrides,
    ) -> Result<Setup, AppError> {
        Setup::resolve(Read::parse(text, path)?, overrides)
    }

    /// Compile the policies `read` holds, then resolve its selectors against every rule.
    pub fn resolve(mut read: Read, overrides: &Overrides) -> Result<Setup, AppError> {
        let reserved = Reserved::new(RULES.iter().map(|r| (r.meta().code, r.meta().name)));
        let policies = compile(
            read.file.policy.as_deref().unwrap_or_default(),
            &read.policy_files,
            read.path.as_deref(),
            &read.text,
            &read.classification,
            &reserved,
        )?;
        let policy_sources = std::mem::take(&mut read.policy_files);
        let catalog = Catalog::new(&policies);
        let defaults: Vec<String> = catalog
            .entries()
            .filter(|e| e.enabled)
            .map(|e| e.code.to_string())
            .collect();
        let settings = Settings::resolve(read, overrides, &|s| catalog.select(s), defaults)?;
        Ok(Setup {
            settings,
            policies,
            policy_sources,
        })
    }

    /// Every rule of this configuration: built-in rules, packs and policies.
    pub fn catalog(&self) -> Catalog<'_> {
        Catalog::new(&self.policies)
    }

    /// Every enabled policy (the packs' selected ones, then the user's).
    pub fn enabled_policies(&self) -> Vec<&Policy> {
        self.catalog()
            .entries()
            .filter_map(|e| e.policy())
            .filter(|p| self.settings.is_enabled(&p.code))
            .collect()
    }

    /// The enabled built-in rules, in code order.
    pub fn enabled_rules(&self) -> Vec<&'static dyn Rule> {
        RULES
            .iter()
            .copied()
            .filter(|r| self.settings.is_enabled(r.meta().code))
            .collect()
    }

    /// The file a policy is written in, as the user knows it: `sflint.toml`, or a policy
    /// file's path relative to sflint.toml's folder (`/`-separated). Empty for packs.
    pub fn policy_file_name(&self, origin: PolicyOrigin) -> String {
        let Some((path, _)) = self.policy_text(origin) else {
            return String::new();
        };
        let base = self
            .settings
            .config_path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""));
        path.strip_prefix(base)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The path and text a policy is written in (`None` for packs).
    pub fn policy_text(&self, origin: PolicyOrigin) -> Option<(PathBuf, &str)> {
        match origin {
            PolicyOrigin::Config => Some((
                self.settings
                    .config_path
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(config::CONFIG_FILE)),
                self.settings.config_text.as_deref()?,
            )),
            PolicyOrigin::File(i) => self
                .policy_sources
                .get(i)
                .map(|s| (s.path.clone(), s.text.as_str())),
            PolicyOrigin::Pack(_) => None,
        }
    }
}

/// The codes a selector names among the built-in rules and sflint's packs: `ALL`, a
/// code (`PM001`), a code prefix (`PM`, `PM00`), a rule name
/// (`editable-without-readable`) or a pack name. On no match, the error is a "did you
/// mean" help. [`Setup::catalog`] also knows the project's policies.
pub fn match_selector(selector: &str) -> Result<Vec<String>, Option<String>> {
    Catalog::builtin().select(selector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_leaves_packs_out_and_prefixes_select_them() {
        let c = Catalog::builtin();
        let all = c.select("ALL").unwrap();
        assert!(all.iter().any(|x| x == "PM001"));
        assert!(!all.iter().any(|x| x.starts_with("BS")));
        let bs = c.select("BS").unwrap();
        assert!(bs.len() >= 6 && bs.iter().all(|x| x.starts_with("BS")));
        assert_eq!(c.select("baseline-security").unwrap(), bs);
        assert_eq!(
            c.select("modify-all-data-outside-admins").unwrap(),
            ["BS001"]
        );
        assert!(!c.find("BS001").unwrap().enabled);
    }
}
