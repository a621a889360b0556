//! The policy language as written: `[[policy]]` tables in `sflint.toml`, in policy files
//! and in sflint's packs. Unknown keys are errors; every value keeps its span so that
//! validation can point at it.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

/// A policy file (`policy-files = [...]`) or one of sflint's packs.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFileConfig {
    /// Only sflint's own packs have this table.
    pub pack: Option<Spanned<PackConfig>>,
    #[serde(default)]
    pub policy: Vec<Spanned<PolicyConfig>>,
}

/// `[pack]` in a pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackConfig {
    /// kebab-case; also the page name.
    pub name: String,
    /// The code prefix of every policy in the pack (`BS`).
    pub prefix: String,
    /// One sentence.
    pub summary: String,
}

/// One `[[policy]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PolicyConfig {
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub severity: Option<Spanned<String>>,
    /// One sentence for `sflint rules` and report formats (default: generated).
    #[schemars(with = "Option<String>")]
    pub summary: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub message: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub help: Option<Spanned<String>>,
    #[schemars(with = "Option<ConditionConfig>")]
    pub forbid: Option<Spanned<ConditionConfig>>,
    #[schemars(with = "Option<ConditionConfig>")]
    pub require: Option<Spanned<ConditionConfig>>,
    #[serde(rename = "where")]
    #[schemars(with = "Option<WhereConfig>")]
    pub scope: Option<Spanned<WhereConfig>>,
}

/// `[policy.forbid]` or `[policy.require]`: one subject and the selectors it takes.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConditionConfig {
    #[schemars(with = "Option<String>")]
    pub user_permission: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub object_permission: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub field_access: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub session_level: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub element: Option<Spanned<String>>,
    /// Objects (globs), for `object-permission` and `field-access`.
    #[schemars(with = "Option<Names>")]
    pub object: Option<Spanned<Names>>,
    /// Fields (globs on the API name, or on `Object.Field` when the glob has a dot).
    #[schemars(with = "Option<Names>")]
    pub field: Option<Spanned<Names>>,
    #[schemars(with = "Option<String>")]
    pub classification_at_least: Option<Spanned<String>>,
    #[schemars(with = "Option<Names>")]
    pub compliance_group: Option<Spanned<Names>>,
    #[serde(rename = "type")]
    #[schemars(with = "Option<Names>")]
    pub field_type: Option<Spanned<Names>>,
    #[schemars(with = "Option<bool>")]
    pub encrypted: Option<Spanned<bool>>,
}

/// `[policy.where]`: the principals a policy ranges over.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WhereConfig {
    #[schemars(with = "Option<Names>")]
    pub principal_kind: Option<Spanned<Names>>,
    #[schemars(with = "Option<Names>")]
    pub principal: Option<Spanned<Names>>,
    #[schemars(with = "Option<Names>")]
    pub principal_not: Option<Spanned<Names>>,
    #[schemars(with = "Option<Names>")]
    pub license: Option<Spanned<Names>>,
    #[schemars(with = "Option<bool>")]
    pub integration: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub guest: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub activation_required: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub editable: Option<Spanned<bool>>,
}

/// A string or a list of strings, each with its span.
#[derive(Debug, Clone, Default)]
pub struct Names(pub Vec<Spanned<String>>);

impl JsonSchema for Names {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Names".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A name or glob, or a list of them",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

impl Names {
    /// A single string gets the span of the whole value (its own span is unknown to the
    /// visitor); list items keep their own.
    pub fn items(value: &Spanned<Names>) -> Vec<Spanned<String>> {
        value
            .get_ref()
            .0
            .iter()
            .map(|s| {
                if s.span().is_empty() {
                    Spanned::new(value.span(), s.get_ref().clone())
                } else {
                    s.clone()
                }
            })
            .collect()
    }
}

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Names, D::Error> {
        struct NamesVisitor;

        impl<'de> Visitor<'de> for NamesVisitor {
            type Value = Names;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Names, E> {
                Ok(Names(vec![Spanned::new(0..0, v.to_string())]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    out.push(item);
                }
                Ok(Names(out))
            }
        }

        deserializer.deserialize_any(NamesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_a_string_or_a_list_with_spans() {
        let text = "[[policy]]\ncode = \"A\"\nname = \"a\"\n[policy.where]\nprincipal = \"X*\"\nprincipal-not = [\"Y\", \"Z\"]\n";
        let f: PolicyFileConfig = toml::from_str(text).unwrap();
        let w = f.policy[0].get_ref().scope.as_ref().unwrap().get_ref();
        let one = Names::items(w.principal.as_ref().unwrap());
        assert_eq!(&text[one[0].span()], "\"X*\"");
        let two = Names::items(w.principal_not.as_ref().unwrap());
        assert_eq!(two.len(), 2);
        assert_eq!(&text[two[1].span()], "\"Z\"");
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = toml::from_str::<PolicyFileConfig>(
            "[[policy]]\ncode = \"A\"\nname = \"a\"\n[policy.forbid]\nuser-permision = \"X\"\n",
        )
        .unwrap_err();
        assert!(
            err.message().contains("user-permision"),
            "{}",
            err.message()
        );
        assert!(err.span().is_some());
    }
}
