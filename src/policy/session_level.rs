//! `session-level = "HIGH_ASSURANCE"`: the session security level a profile requires at
//! login (`<requiredSessionLevel>` in a profile session setting). Levels are ordered
//! `LOW` < `STANDARD` < `HIGH_ASSURANCE`; the policy is about this level or higher.

use crate::model::ProfileSessionSetting;
use crate::rules::Context;
use crate::salesforce::names::same_profile;
use crate::salesforce::session::SessionLevel as Level;

use super::build::{SubjectInput, error, span, suggest};
use super::compile::LoadError;
use super::scope::Target;
use super::template::Var;
use super::{Condition, Hit, Mode};

#[derive(Debug)]
pub struct SessionLevel {
    pub level: &'static str,
}

fn rank(level: &str) -> Option<usize> {
    Level::parse(level).map(|l| l as usize)
}

pub fn parse(input: &SubjectInput<'_>) -> Result<Box<dyn Condition>, LoadError> {
    let v = input.value.get_ref().trim();
    let level = rank(v).map(|r| Level::NAMES[r]).ok_or_else(|| {
        error(
            span(input.value),
            format!("`{v}` is not a session level"),
            Some(suggest(v, Level::NAMES)),
        )
    })?;
    Ok(Box::new(SessionLevel { level }))
}

impl SessionLevel {
    /// The session settings of the target's profile that require this level or higher.
    fn settings<'c>(
        &self,
        cx: &'c Context<'_>,
        target: Target<'_>,
    ) -> Vec<&'c ProfileSessionSetting> {
        let profile = match target {
            Target::Set(s) => Some(cx.model.sets[s].name.as_str()),
            Target::Integration(p) => p.profile_name.as_deref(),
        };
        let Some(profile) = profile else {
            return Vec::new();
        };
        let min = rank(self.level);
        cx.model
            .sessions
            .iter()
            .filter(|s| {
                s.profile
                    .as_ref()
                    .is_some_and(|p| same_profile(&p.value, profile))
                    && s.required_session_level
                        .as_ref()
                        .is_some_and(|l| rank(&l.value) >= min)
            })
            .collect()
    }
}

impl Condition for SessionLevel {
    fn key(&self) -> &'static str {
        "session-level"
    }

    fn granted(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        for (i, target) in targets.iter().enumerate() {
            for s in self.settings(cx, *target) {
                let Some(level) = &s.required_session_level else {
                    continue;
                };
                out.push((
                    i,
                    Hit {
                        at: Some(level.at),
                        label: format!("{} required", level.value),
                        identity: format!("session-level/{}", level.value),
                        permission: Some(level.value.to_string()),
                        level: Some(level.value.to_string()),
                        ..Hit::default()
                    },
                ));
            }
        }
    }

    fn missing(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        for (i, target) in targets.iter().enumerate() {
            if self.settings(cx, *target).is_empty() {
                out.push((
                    i,
                    Hit {
                        at: target.root(cx),
                        label: format!("no {} session required", self.level),
                        identity: format!("session-level/{}", self.level),
                        permission: Some(self.level.to_string()),
                        level: Some(self.level.to_string()),
                        ..Hit::default()
                    },
                ));
            }
        }
    }

    fn vars(&self) -> &'static [Var] {
        &[Var::Level, Var::Permission]
    }

    fn describe(&self) -> String {
        format!("a {} (or higher) session at login", self.level)
    }

    fn default_message(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "{kind} `{principal}` requires a {level} session at login",
            Mode::Require => {
                "{kind} `{principal}` does not require a {level} (or higher) session at login"
            }
        }
    }

    fn default_help(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => {
                "lower or remove <requiredSessionLevel> in this profile session setting"
            }
            Mode::Require => {
                "add a profile session setting for this profile with <requiredSessionLevel>{level}</requiredSessionLevel>"
            }
        }
    }
}
