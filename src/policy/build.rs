//! Validate one `[[policy]]` table into a [`Policy`]: code and name, severity, exactly one
//! subject with only the selectors it takes, the `where` table, and the templates.

use toml::Spanned;

use crate::config::Classification;
use crate::diagnostic::Severity;
use crate::salesforce::names::did_you_mean;
use crate::source::Span;

use super::compile::LoadError;
use super::glob::NameGlobs;
use super::scope::{ALL_KINDS, Kind, Scope};
use super::template::{Template, Var};
use super::{Condition, Mode, Origin, Policy, element, field_access, object_permission};
use super::{session_level, user_permission};
use crate::config::policy_schema::{ConditionConfig, Names, PolicyConfig, WhereConfig};

/// What codes a policy may have.
#[derive(Debug, Clone, Copy)]
pub enum CodeRule<'a> {
    /// A user's policy: 2-5 capital letters and 3 digits, not starting with a reserved
    /// prefix (the built-in families and the packs).
    User { reserved: &'a [String] },
    /// A pack's policy: the pack's prefix and 3 digits.
    Pack { prefix: &'a str },
}

pub struct BuildContext<'a> {
    /// The TOML the policy is written in.
    pub text: &'a str,
    pub origin: Origin,
    pub classification: &'a Classification,
    pub codes: CodeRule<'a>,
}

/// What a subject's parser gets.
pub struct SubjectInput<'a> {
    pub mode: Mode,
    /// The subject key's value (`"ModifyAllData"` in `user-permission = "ModifyAllData"`).
    pub value: &'a Spanned<String>,
    pub cond: &'a ConditionConfig,
    pub kinds: &'a [Kind],
    pub classification: &'a Classification,
}

pub fn span<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

pub fn error(at: Span, message: impl Into<String>, help: Option<String>) -> LoadError {
    LoadError {
        message: message.into(),
        span: at,
        help,
    }
}

/// `did you mean` over candidates, else a list of them.
pub fn suggest(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("use one of: {}", candidates.join(", ")),
    }
}

/// Compile globs, pointing at the bad one.
pub fn globs(value: &Spanned<Names>) -> Result<NameGlobs, LoadError> {
    let items = Names::items(value);
    NameGlobs::new(items.iter().map(|s| s.get_ref().as_str())).map_err(|e| {
        let at = items.get(e.index).map_or(span(value), span);
        error(at, e.message, None)
    })
}

fn check_code(code: &Spanned<String>, rule: CodeRule<'_>) -> Result<(), LoadError> {
    let c = code.get_ref();
    let letters = c.chars().take_while(char::is_ascii_uppercase).count();
    let digits = &c[letters..];
    let shape = (2..=5).contains(&letters)
        && digits.len() == 3
        && digits.chars().all(|d| d.is_ascii_digit());
    match rule {
        CodeRule::User { reserved } => {
            if !shape {
                return Err(error(
                    span(code),
                    format!("`{c}` is not a policy code"),
                    Some("write 2 to 5 capital letters and 3 digits, e.g. \"ORG001\"".into()),
                ));
            }
            if let Some(p) = reserved.iter().find(|p| c.starts_with(p.as_str())) {
                return Err(error(
                    span(code),
                    format!("`{c}` starts with `{p}`, which sflint's own rules use"),
                    Some(format!(
                        "choose a prefix that starts with none of {}",
                        reserved.join(", ")
                    )),
                ));
            }
        }
        CodeRule::Pack { prefix } => {
            if !shape || &c[..letters] != prefix {
                return Err(error(
                    span(code),
                    format!("pack policy `{c}` must be `{prefix}` and 3 digits"),
                    None,
                ));
            }
        }
    }
    Ok(())
}

fn check_name(name: &Spanned<String>) -> Result<(), LoadError> {
    let n = name.get_ref();
    let ok = !n.is_empty()
        && n.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err(error(
            span(name),
            format!("`{n}` is not a policy name"),
            Some("write lower-case words joined by hyphens, e.g. \"no-modify-all-data\"".into()),
        ))
    }
}

const SUBJECTS: [&str; 5] = [
    "user-permission",
    "object-permission",
    "field-access",
    "session-level",
    "element",
];

/// The one subject of a condition: its key and value.
fn subject(
    cond: &Spanned<ConditionConfig>,
    mode: Mode,
) -> Result<(&'static str, &Spanned<String>), LoadError> {
    let c = cond.get_ref();
    let present: Vec<(&'static str, &Spanned<String>)> = [
        ("user-permission", &c.user_permission),
        ("object-permission", &c.object_permission),
        ("field-access", &c.field_access),
        ("session-level", &c.session_level),
        ("element", &c.element),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    .collect();
    match present.as_slice() {
        [one] => Ok(*one),
        [] => Err(error(
            span(cond),
            format!("`[policy.{}]` names no subject", mode.key()),
            Some(format!("add one of: {}", SUBJECTS.join(", "))),
        )),
        [first, second, ..] => Err(error(
            span(second.1),
            format!(
                "`{}` is a second subject; a policy has one (here `{}`)",
                second.0, first.0
            ),
            Some("write a policy per subject".into()),
        )),
    }
}

/// Selectors a subject does not take are errors, not silently ignored.
fn check_selectors(cond: &ConditionConfig, subject: &str) -> Result<(), LoadError> {
    let object_ok = matches!(subject, "object-permission" | "field-access");
    let field_ok = subject == "field-access";
    let stray: [(&str, Option<Span>, bool); 6] = [
        ("object", cond.object.as_ref().map(span), object_ok),
        ("field", cond.field.as_ref().map(span), field_ok),
        (
            "classification-at-least",
            cond.classification_at_least.as_ref().map(span),
            field_ok,
        ),
        (
            "compliance-group",
            cond.compliance_group.as_ref().map(span),
            field_ok,
        ),
        ("type", cond.field_type.as_ref().map(span), field_ok),
        ("encrypted", cond.encrypted.as_ref().map(span), field_ok),
    ];
    for (key, at, ok) in stray {
        if let (Some(at), false) = (at, ok) {
            let takes = if key == "object" {
                "object-permission and field-access"
            } else {
                "field-access"
            };
            return Err(error(
                at,
                format!("`{key}` does not apply to a {subject} policy"),
                Some(format!("`{key}` selects for {takes} only")),
            ));
        }
    }
    Ok(())
}

/// Which principal kinds a subject can range over, and the default.
fn kinds_for(subject: &str) -> (&'static [Kind], &'static [Kind]) {
    match subject {
        "session-level" => (&[Kind::Profile, Kind::Integration], &[Kind::Profile]),
        "element" => (
            &[
                Kind::Profile,
                Kind::PermissionSet,
                Kind::MutingPermissionSet,
            ],
            &[Kind::Profile, Kind::PermissionSet],
        ),
        _ => (&ALL_KINDS, &[Kind::Profile, Kind::PermissionSet]),
    }
}

fn scope(w: Option<&WhereConfig>, subject: &str) -> Result<Scope, LoadError> {
    let (allowed, default) = kinds_for(subject);
    let w = match w {
        Some(w) => w,
        None => &WhereConfig::default(),
    };
    let kinds = match &w.principal_kind {
        None => default.to_vec(),
        Some(v) => {
            let mut kinds = Vec::new();
            let items = Names::items(v);
            if items.is_empty() {
                return Err(error(span(v), "`principal-kind` is empty", None));
            }
            for item in &items {
                let keys: Vec<&str> = ALL_KINDS.iter().map(|k| k.key()).collect();
                let kind = Kind::parse(item.get_ref()).ok_or_else(|| {
                    error(
                        span(item),
                        format!("`{}` is not a principal kind", item.get_ref()),
                        Some(suggest(item.get_ref(), &keys)),
                    )
                })?;
                if !allowed.contains(&kind) {
                    let keys: Vec<&str> = allowed.iter().map(|k| k.key()).collect();
                    return Err(error(
                        span(item),
                        format!("a {subject} policy cannot range over `{}`", kind.key()),
                        Some(format!("use {}", keys.join(", "))),
                    ));
                }
                kinds.push(kind);
            }
            kinds
        }
    };
    let g = |v: &Option<Spanned<Names>>| v.as_ref().map(globs).transpose();
    Ok(Scope {
        kinds,
        include: g(&w.principal)?,
        exclude: g(&w.principal_not)?,
        license: g(&w.license)?,
        integration: w.integration.as_ref().map(|b| *b.get_ref()),
        guest: w.guest.as_ref().map(|b| *b.get_ref()),
        activation_required: w.activation_required.as_ref().map(|b| *b.get_ref()),
        editable: w.editable.as_ref().map(|b| *b.get_ref()),
    })
}

fn template(
    value: Option<&Spanned<String>>,
    default: &str,
    vars: &[Var],
    text: &str,
) -> Result<Template, LoadError> {
    let mut allowed = vec![Var::Principal, Var::Kind, Var::File];
    allowed.extend_from_slice(vars);
    match value {
        None => Ok(Template::parse(default, &allowed).expect("default templates are valid")),
        Some(v) => Template::parse(v.get_ref(), &allowed).map_err(|e| {
            // Point into the string when it is written as is (one quote, no escapes).
            let whole = span(v);
            let raw = text.get(whole.start as usize + 1..(whole.end as usize).saturating_sub(1));
            let at = if raw == Some(v.get_ref().as_str()) {
                let start = whole.start as usize + 1;
                Span::new(start + e.at.start, start + e.at.end)
            } else {
                whole
            };
            error(at, e.message, None)
        }),
    }
}

/// The `[[policy]]` table's text: from its header to the next table that is not one of
/// its own sub-tables, without trailing blank and comment lines.
pub fn definition(text: &str, header: Span) -> String {
    let start = (header.start as usize).min(text.len());
    let rest = &text[start..];
    if !rest.starts_with("[[") {
        return text[header.range()].to_string();
    }
    let mut lines: Vec<&str> = Vec::new();
    for (i, line) in rest.lines().enumerate() {
        let t = line.trim_start();
        if i > 0 && t.starts_with('[') && !t.starts_with("[policy.") {
            break;
        }
        lines.push(line);
    }
    while lines
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        lines.pop();
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

pub fn build(cfg: &Spanned<PolicyConfig>, cx: &BuildContext<'_>) -> Result<Policy, LoadError> {
    let p = cfg.get_ref();
    check_code(&p.code, cx.codes)?;
    check_name(&p.name)?;
    let severity = match &p.severity {
        None => Severity::Error,
        Some(s) => Severity::parse(s.get_ref().trim()).ok_or_else(|| {
            error(
                span(s),
                format!("`{}` is not a severity", s.get_ref()),
                Some("use \"error\", \"warning\" or \"info\"".into()),
            )
        })?,
    };
    let (mode, cond) = match (&p.forbid, &p.require) {
        (Some(f), None) => (Mode::Forbid, f),
        (None, Some(r)) => (Mode::Require, r),
        (Some(_), Some(r)) => {
            return Err(error(
                span(r),
                "a policy has either `[policy.forbid]` or `[policy.require]`, not both",
                Some("write two policies".into()),
            ));
        }
        (None, None) => {
            return Err(error(
                span(&p.code),
                format!("policy `{}` has no condition", p.code.get_ref()),
                Some("add a `[policy.forbid]` or `[policy.require]` table".into()),
            ));
        }
    };
    let (key, value) = subject(cond, mode)?;
    check_selectors(cond.get_ref(), key)?;
    let scope = scope(p.scope.as_ref().map(Spanned::get_ref), key)?;
    let input = SubjectInput {
        mode,
        value,
        cond: cond.get_ref(),
        kinds: &scope.kinds,
        classification: cx.classification,
    };
    let subject: Box<dyn Condition> = match key {
        "user-permission" => user_permission::parse(&input)?,
        "object-permission" => object_permission::parse(&input)?,
        "field-access" => field_access::parse(&input)?,
        "session-level" => session_level::parse(&input)?,
        _ => element::parse(&input)?,
    };
    let message = template(
        p.message.as_ref(),
        subject.default_message(mode),
        subject.vars(),
        cx.text,
    )?;
    let help = template(
        p.help.as_ref(),
        subject.default_help(mode),
        subject.vars(),
        cx.text,
    )?;
    let summary = match &p.summary {
        Some(s) => s.get_ref().trim().to_string(),
        None => super::doc::generated_summary(mode, subject.as_ref(), &scope),
    };
    Ok(Policy {
        code: p.code.get_ref().clone(),
        name: p.name.get_ref().clone(),
        severity,
        summary,
        message,
        help,
        mode,
        subject,
        scope,
        origin: cx.origin,
        code_span: span(&p.code),
        definition: definition(cx.text, span(cfg)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_takes_the_table_and_its_sub_tables() {
        let text = "select = []\n\n[[policy]]\ncode = \"A\"\n[policy.forbid]\nx = 1\n\n# next\n[[policy]]\ncode = \"B\"\n";
        let start = text.find("[[policy]]").unwrap();
        let d = definition(text, Span::new(start, start + 10));
        assert_eq!(d, "[[policy]]\ncode = \"A\"\n[policy.forbid]\nx = 1\n");
    }

    #[test]
    fn every_subject_has_valid_default_templates_in_both_modes() {
        let classification = Classification::default();
        let reserved: Vec<String> = Vec::new();
        for mode in ["forbid", "require"] {
            for subject in [
                "user-permission = \"ModifyAllData\"",
                "object-permission = \"edit\"\nobject = \"Account\"",
                "field-access = \"edit\"\nfield = \"Contact.SSN__c\"",
                "session-level = \"STANDARD\"",
                "element = \"description\"",
            ] {
                let text = format!(
                    "[[policy]]\ncode = \"ORG001\"\nname = \"x\"\n[policy.{mode}]\n{subject}\n"
                );
                let file: crate::config::policy_schema::PolicyFileConfig =
                    toml::from_str(&text).unwrap();
                let cx = BuildContext {
                    text: &text,
                    origin: Origin::Config,
                    classification: &classification,
                    codes: CodeRule::User {
                        reserved: &reserved,
                    },
                };
                let p = build(&file.policy[0], &cx)
                    .unwrap_or_else(|e| panic!("{mode} {subject}: {}", e.message));
                assert!(!p.message.source.is_empty() && !p.help.source.is_empty());
                assert!(p.summary.starts_with(if mode == "forbid" {
                    "Forbids"
                } else {
                    "Requires"
                }));
            }
        }
    }

    #[test]
    fn codes_and_names() {
        let reserved = vec!["SF".to_string(), "BS".to_string()];
        let rule = CodeRule::User {
            reserved: &reserved,
        };
        let c = |s: &str| Spanned::new(0..s.len(), s.to_string());
        assert!(check_code(&c("ORG001"), rule).is_ok());
        assert!(check_code(&c("ABCDE123"), rule).is_ok());
        assert!(check_code(&c("O001"), rule).is_err());
        assert!(check_code(&c("ORG01"), rule).is_err());
        assert!(check_code(&c("org001"), rule).is_err());
        assert!(check_code(&c("SFX001"), rule).is_err());
        assert!(check_code(&c("BS001"), rule).is_err());
        assert!(check_code(&c("BS001"), CodeRule::Pack { prefix: "BS" }).is_ok());
        assert!(check_code(&c("BSX001"), CodeRule::Pack { prefix: "BS" }).is_err());
        assert!(check_name(&c("no-modify-all-data")).is_ok());
        assert!(check_name(&c("No-Modify")).is_err());
        assert!(check_name(&c("a--b")).is_err());
    }
}
