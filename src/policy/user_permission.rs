//! `user-permission = "ModifyAllData"`: a user permission enabled (`<enabled>true`).

use std::collections::BTreeSet;

use crate::model::{Flag, Loc};
use crate::rules::Context;
use crate::source::Span;

use super::build::{SubjectInput, error, span};
use super::compile::LoadError;
use super::scope::Target;
use super::template::Var;
use super::{Condition, Hit, Mode};
use crate::salesforce::user_permissions::user_permissions;

#[derive(Debug)]
pub struct UserPermission {
    pub name: String,
    /// Where the name is written.
    pub at: Span,
}

pub fn parse(input: &SubjectInput<'_>) -> Result<Box<dyn Condition>, LoadError> {
    let name = input.value.get_ref().trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(error(
            span(input.value),
            format!("`{name}` is not a user permission API name"),
            Some("write the API name, e.g. \"ModifyAllData\"".into()),
        ));
    }
    Ok(Box::new(UserPermission {
        name: name.to_string(),
        at: span(input.value),
    }))
}

impl UserPermission {
    fn hit(&self, at: Option<Loc>, label: &str) -> Hit {
        Hit {
            at,
            label: label.into(),
            identity: self.name.clone(),
            permission: Some(self.name.clone()),
            ..Hit::default()
        }
    }
}

impl Condition for UserPermission {
    fn key(&self) -> &'static str {
        "user-permission"
    }

    fn granted(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        for (i, target) in targets.iter().enumerate() {
            let at = match *target {
                Target::Set(s) => cx.model.sets[s]
                    .user_perms
                    .iter()
                    .filter(|p| p.name.value.eq_ignore_ascii_case(&self.name))
                    .find_map(|p| p.enabled.filter(|f| f.value))
                    .map(|f: Flag| f.at),
                Target::Integration(p) => cx.access.user_permission(p, &self.name).map(|g| g.at),
            };
            if at.is_some() {
                out.push((i, self.hit(at, "enabled")));
            }
        }
    }

    fn missing(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        for (i, target) in targets.iter().enumerate() {
            let has = match *target {
                Target::Set(s) => cx.model.sets[s].user_permission(&self.name).is_some(),
                Target::Integration(p) => cx.access.user_permission(p, &self.name).is_some(),
            };
            if !has {
                out.push((i, self.hit(target.root(cx), "missing the permission")));
            }
        }
    }

    fn vars(&self) -> &'static [Var] {
        &[Var::Permission]
    }

    fn describe(&self) -> String {
        format!("user permission {}", self.name)
    }

    fn default_message(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "{kind} `{principal}` enables the user permission {permission}",
            Mode::Require => {
                "{kind} `{principal}` does not enable the user permission {permission}"
            }
        }
    }

    fn default_help(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "set <enabled>false</enabled> for {permission}, or remove the entry",
            Mode::Require => {
                "add <userPermissions> with <name>{permission}</name> and <enabled>true</enabled>"
            }
        }
    }

    /// A name that is neither built in nor listed by a profile or permission set of the
    /// project: the policy finds nothing to forbid (SF006 reports it, with a did-you-mean).
    /// It never stops the run: Salesforce adds permissions every release.
    fn has_candidates(&self, cx: &Context<'_>) -> Result<(), String> {
        let same = |n: &str| n.eq_ignore_ascii_case(&self.name);
        let model = cx.model;
        let seen: BTreeSet<&str> = model
            .sets
            .iter()
            .flat_map(|s| s.user_perms.iter().map(|u| u.name.value.as_str()))
            .collect();
        if user_permissions().any(same) || seen.iter().any(|n| same(n)) {
            return Ok(());
        }
        let mut candidates = seen;
        for n in user_permissions() {
            candidates.insert(n);
        }
        let hint =
            match crate::salesforce::names::did_you_mean(&self.name, candidates.iter().copied()) {
                Some(c) => format!("; did you mean `{c}`?"),
                None => String::new(),
            };
        Err(format!(
            "`{}` is not a user permission sflint knows, and no profile or permission set of the project lists it{hint}",
            self.name
        ))
    }
}
