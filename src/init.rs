//! `sflint init`: a commented `sflint.toml` for the project at hand, with the integration
//! principals sflint finds, the classification levels and compliance groups in use, and
//! the access matrix and a policy commented out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::access::{Access, Origin};
use crate::candidates::Candidates;
use crate::config::{
    Classification, DEFAULT_COMPLIANCE_GROUPS, DEFAULT_HIGH_RISK, DEFAULT_JUSTIFY, DEFAULT_LEVELS,
};
use crate::model::Model;

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value from metadata inside a TOML comment: line breaks and control characters
/// (which TOML forbids in comments, and which would end the comment) shown as visible
/// escapes, so no value can write a live key.
fn comment(s: &str) -> std::borrow::Cow<'_, str> {
    crate::output::escape::visible(s)
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn own(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn count(n: usize) -> String {
    format!("{n} field{}", if n == 1 { "" } else { "s" })
}

/// Values in use with how many fields use them, in first-seen order of their names.
fn tally<'a>(values: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for v in values {
        *out.entry(v.to_string()).or_insert(0) += 1;
    }
    out
}

/// The JSON Schema of this version's `sflint.toml` (`sflint.schema.json` at the release
/// tag), named by a `#:schema` directive that editors with taplo (Even Better TOML) read.
pub const SCHEMA_URL: &str = concat!(
    "https://raw.githubusercontent.com/sflint/sflint/v",
    env!("CARGO_PKG_VERSION"),
    "/sflint.schema.json"
);

/// The text of `sflint.toml` for this project.
pub fn render(project_name: &str, model: &Model, access: &Access<'_>) -> String {
    let project_name = comment(project_name);
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "#:schema {SCHEMA_URL}\n\
         # sflint configuration for {project_name}, written by `sflint init`.\n\
         # Every key is optional; the \"Configuration\" section of sflint's README lists them all.\n\
         \n\
         # Rules to run, replacing the defaults: codes, prefixes, names or \"ALL\". sflint's rule\n\
         # packs are off until selected, e.g. \"BS\" for the baseline-security pack.\n\
         # select = [\"ALL\", \"BS\"]\n\
         # ignore = []\n\
         # fail-on = \"error\"\n"
    );

    let builtin: Vec<_> = access
        .principals
        .iter()
        .filter(|p| p.origin == Origin::BuiltIn)
        .collect();
    if builtin.is_empty() {
        let _ = writeln!(
            w,
            "# sflint found no CRM Analytics integration user in this project."
        );
    } else {
        let _ = writeln!(
            w,
            "# Integration principals sflint found (built in, no configuration needed):"
        );
        for p in builtin {
            let mut facts = Vec::new();
            if let Some(profile) = &p.profile_name {
                facts.push(format!("profile `{}`", comment(profile)));
            }
            if p.runs_analytics {
                facts.push("runs dataflows and recipes".into());
            }
            if !p.users.is_empty() {
                facts.push(format!(
                    "{} user record{}",
                    p.users.len(),
                    if p.users.len() == 1 { "" } else { "s" }
                ));
            }
            let _ = writeln!(w, "#   - {}: {}", comment(&p.name), facts.join(", "));
        }
    }
    let candidates = Candidates::find(model, access);
    if !candidates.apps.is_empty() {
        let _ = writeln!(
            w,
            "#\n# Apps that integrations log in through. The user each one runs as is an integration\n\
             # user: describe its profile and permission sets as a principal (below)."
        );
        for app in &candidates.apps {
            let runs_as = app
                .run_as
                .as_ref()
                .map_or_else(String::new, |u| format!(", runs as `{}`", comment(u)));
            let _ = writeln!(
                w,
                "#   - {} `{}`{runs_as}",
                comment(app.kind),
                comment(&app.name)
            );
        }
    }
    if !candidates.permission_sets.is_empty() {
        let _ = writeln!(
            w,
            "#\n# Permission sets on the Salesforce API Integration license, which only integration\n\
             # users get: add each to the `permission-sets` of the principal it is assigned to."
        );
        for name in &candidates.permission_sets {
            let _ = writeln!(w, "#   - `{}`", comment(name));
        }
    }
    if !candidates.profiles.is_empty() {
        let _ = writeln!(
            w,
            "#\n# Profiles that look like integration users (API only, the Salesforce Integration\n\
             # license, or \"integration\" in the name). Describe the ones that are, so that the IU,\n\
             # SS and DC rules check them:"
        );
        for name in &candidates.profiles {
            let _ = writeln!(
                w,
                "# [[integration.principal]]\n# name = {}\n# profile = {}\n# permission-sets = []\n# runs-analytics = false",
                quote(name),
                quote(name)
            );
        }
    } else {
        let _ = writeln!(
            w,
            "#\n# Other integration users are described like this:\n\
             # [[integration.principal]]\n# name = \"erp\"\n# profile = \"ERP Integration\"\n\
             # permission-sets = [\"ERP_Access\"]\n# runs-analytics = false"
        );
    }

    let defaults = Classification::default();
    let levels = tally(
        model
            .fields
            .iter()
            .filter_map(|f| f.security_classification.as_ref())
            .map(|t| t.value.as_str()),
    );
    let groups = tally(model.fields.iter().flat_map(|f| f.compliance_tokens()));
    let _ = writeln!(w, "\n[classification]");
    if levels.is_empty() {
        let _ = writeln!(w, "# No field in the project is classified yet.");
    } else {
        let used: Vec<String> = levels
            .iter()
            .map(|(l, n)| format!("{} ({})", comment(l), count(*n)))
            .collect();
        let _ = writeln!(w, "# Levels in use: {}.", used.join(", "));
    }
    let mut all_levels = own(DEFAULT_LEVELS);
    let extra: Vec<String> = levels
        .keys()
        .filter(|l| defaults.rank(l).is_none())
        .cloned()
        .collect();
    if !extra.is_empty() {
        let _ = writeln!(
            w,
            "# {} not among sflint's default levels: move {} to {} place, lowest first.",
            comment(&extra.join(", ")),
            if extra.len() == 1 { "it" } else { "them" },
            if extra.len() == 1 { "its" } else { "their" },
        );
        all_levels.extend(extra);
    }
    let _ = writeln!(w, "levels = {}", list(&all_levels));
    let _ = writeln!(w, "high-risk = {}", list(&own(DEFAULT_HIGH_RISK)));
    let _ = writeln!(w, "justify = {}", list(&own(DEFAULT_JUSTIFY)));
    if groups.is_empty() {
        let _ = writeln!(w, "# No field in the project has a compliance group yet.");
    } else {
        let used: Vec<String> = groups
            .iter()
            .map(|(g, n)| format!("{} ({})", comment(g), count(*n)))
            .collect();
        let _ = writeln!(w, "# Compliance groups in use: {}.", used.join(", "));
    }
    let mut all_groups = own(DEFAULT_COMPLIANCE_GROUPS);
    for g in groups.keys() {
        if !all_groups.iter().any(|x| x == g) {
            all_groups.push(g.clone());
        }
    }
    let _ = writeln!(w, "compliance-groups = {}", list(&all_groups));
    let _ = writeln!(
        w,
        "# The data access matrix; `sflint matrix > security/access-matrix.csv` writes a first one.\n\
         # access-matrix = \"security/access-matrix.csv\"\n\
         \n\
         # Policies: rules of your own (see \"Policies\" in sflint's README), here or in files:\n\
         # policy-files = [\"security/policies/*.toml\"]\n\
         #\n\
         # [[policy]]\n\
         # code = \"ORG001\"\n\
         # name = \"no-modify-all-data-outside-admins\"\n\
         # message = \"{{principal}} has Modify All Data; only admin profiles may.\"\n\
         # [policy.forbid]\n\
         # user-permission = \"ModifyAllData\"\n\
         # [policy.where]\n\
         # principal-kind = [\"profile\", \"permission-set\"]\n\
         # principal-not = [\"Admin\"]"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_toml_strings() {
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quote("x\ny"), "\"x\\u000Ay\"");
    }

    #[test]
    fn an_empty_project_gets_a_valid_file() {
        let model = Model::default();
        let setup = crate::catalog::Setup::default();
        let access = Access::new(&model, &setup.settings);
        let text = render("demo", &model, &access);
        crate::catalog::Setup::from_toml(&text, None, &Default::default())
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(text.contains("# access-matrix = "), "{text}");
    }
}
