//! `[policy.where]`: which principals a policy ranges over.
//!
//! A principal is a profile, a permission set or a muting permission set, each on its own
//! (its own grants), or an integration principal with its effective access.

use std::collections::HashSet;

use crate::access::Principal;
use crate::model::{Flag, Loc, PermSet, SetKind};
use crate::rules::Context;
use crate::salesforce::names::{STANDARD_PROFILE_NAMES, is_standard_profile_name, same_profile};

use super::glob::NameGlobs;

/// What a policy ranges over (`principal-kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Profile,
    PermissionSet,
    MutingPermissionSet,
    Integration,
}

pub const ALL_KINDS: [Kind; 4] = [
    Kind::Profile,
    Kind::PermissionSet,
    Kind::MutingPermissionSet,
    Kind::Integration,
];

impl Kind {
    /// As written in `principal-kind`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Profile => "profile",
            Kind::PermissionSet => "permission-set",
            Kind::MutingPermissionSet => "muting-permission-set",
            Kind::Integration => "integration",
        }
    }

    /// As shown in messages (`{kind}`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Profile => "profile",
            Kind::PermissionSet => "permission set",
            Kind::MutingPermissionSet => "muting permission set",
            Kind::Integration => "integration user",
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        ALL_KINDS.into_iter().find(|k| k.key() == key.trim())
    }

    fn of_set(kind: SetKind) -> Kind {
        match kind {
            SetKind::Profile => Kind::Profile,
            SetKind::PermissionSet => Kind::PermissionSet,
            SetKind::MutingPermissionSet => Kind::MutingPermissionSet,
        }
    }
}

/// The validated `where` table.
#[derive(Debug, Clone)]
pub struct Scope {
    pub kinds: Vec<Kind>,
    pub include: Option<NameGlobs>,
    pub exclude: Option<NameGlobs>,
    pub license: Option<NameGlobs>,
    pub integration: Option<bool>,
    pub guest: Option<bool>,
    pub activation_required: Option<bool>,
    /// Principals whose permissions the org can change: not a standard profile
    /// (`<custom>false</custom>`, its permissions are Salesforce's) and not a set of
    /// another namespace's managed package.
    pub editable: Option<bool>,
}

/// One principal a policy looks at.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// A profile, permission set or muting permission set (index into `Model::sets`).
    Set(usize),
    Integration(&'a Principal),
}

impl<'a> Target<'a> {
    pub fn kind(&self, cx: &Context<'_>) -> Kind {
        match self {
            Target::Set(i) => Kind::of_set(cx.model.sets[*i].kind),
            Target::Integration(_) => Kind::Integration,
        }
    }

    pub fn name<'c>(&self, cx: &'c Context<'_>) -> &'c str
    where
        'a: 'c,
    {
        match self {
            Target::Set(i) => &cx.model.sets[*i].name,
            Target::Integration(p) => &p.name,
        }
    }

    /// The set itself (sets only).
    pub fn set<'c>(&self, cx: &'c Context<'_>) -> Option<&'c PermSet> {
        match self {
            Target::Set(i) => Some(&cx.model.sets[*i]),
            Target::Integration(_) => None,
        }
    }

    /// The profile of an integration principal, when the project has it.
    fn profile<'c>(&self, cx: &'c Context<'_>) -> Option<&'c PermSet> {
        match self {
            Target::Set(_) => None,
            Target::Integration(p) => p.profile.map(|i| &*cx.model.sets[i]),
        }
    }

    /// Where a `require` finding points: the set's root element; for an integration
    /// principal, its profile's (or else its first permission set's).
    pub fn root(&self, cx: &Context<'_>) -> Option<Loc> {
        match self {
            Target::Set(i) => Some(cx.model.sets[*i].root),
            Target::Integration(p) => p.set_indexes().next().map(|i| cx.model.sets[i].root),
        }
    }
}

impl Scope {
    /// The principals in scope, in model order (sets, then integration principals).
    pub fn targets<'c>(&self, cx: &'c Context<'_>) -> Vec<Target<'c>> {
        let integration_sets = integration_sets(cx);
        let guests: Vec<usize> =
            crate::access::guest_profiles(cx.model, &cx.settings.classification);
        let mut out = Vec::new();
        for (i, set) in cx.model.sets.iter().enumerate() {
            let t = Target::Set(i);
            if !self.kinds.contains(&t.kind(cx)) {
                continue;
            }
            let facts = Facts {
                names: set_names(set),
                license: set.license.as_ref().map(|l| l.value.as_str()),
                integration: integration_sets.contains(&i),
                guest: guests.contains(&i),
                activation_required: Flag::is_true(set.has_activation_required),
                editable: is_editable(cx, set),
            };
            if self.admits(&facts) {
                out.push(t);
            }
        }
        if self.kinds.contains(&Kind::Integration) {
            for p in &cx.access.principals {
                let t = Target::Integration(p);
                let mut names = vec![p.name.clone()];
                if let Some(profile) = &p.profile_name {
                    names.extend(profile_names(profile));
                }
                let facts = Facts {
                    names,
                    license: t
                        .profile(cx)
                        .and_then(|s| s.license.as_ref())
                        .map(|l| l.value.as_str()),
                    integration: true,
                    guest: false,
                    activation_required: false,
                    editable: match t.profile(cx) {
                        Some(s) => is_editable(cx, s),
                        None => !p
                            .profile_name
                            .as_deref()
                            .is_some_and(is_standard_profile_name),
                    },
                };
                if self.admits(&facts) {
                    out.push(t);
                }
            }
        }
        out
    }

    fn admits(&self, f: &Facts<'_>) -> bool {
        let named = |g: &NameGlobs| f.names.iter().any(|n| g.is_match(n));
        self.include.as_ref().is_none_or(named)
            && !self.exclude.as_ref().is_some_and(named)
            && self
                .license
                .as_ref()
                .is_none_or(|g| f.license.is_some_and(|l| g.is_match(l)))
            && self.integration.is_none_or(|want| want == f.integration)
            && self.guest.is_none_or(|want| want == f.guest)
            && self
                .activation_required
                .is_none_or(|want| want == f.activation_required)
            && self.editable.is_none_or(|want| want == f.editable)
    }
}

/// What the `where` selectors test about one principal.
struct Facts<'a> {
    /// The names it answers to: its full name, and a standard profile's display name.
    names: Vec<String>,
    license: Option<&'a str>,
    integration: bool,
    guest: bool,
    activation_required: bool,
    editable: bool,
}

/// Can the org change this set's permissions? Not for a standard profile, nor for a set of
/// another namespace's managed package.
fn is_editable(cx: &Context<'_>, set: &PermSet) -> bool {
    !is_standard_profile(set) && cx.model.managed_namespace(set).is_none()
}

/// A standard profile: `<custom>false</custom>`, or without `<custom>` a profile name
/// Salesforce ships. Its user and object permissions can't be edited.
fn is_standard_profile(set: &PermSet) -> bool {
    set.kind == SetKind::Profile
        && match set.custom {
            Some(c) => !c.value,
            None => is_standard_profile_name(&set.name),
        }
}

fn set_names(set: &PermSet) -> Vec<String> {
    if set.kind == SetKind::Profile {
        profile_names(&set.name)
    } else {
        vec![set.name.clone()]
    }
}

/// A profile's API name and, for a standard profile, the name users see
/// (`Admin`, `System Administrator`).
fn profile_names(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    for (api, display) in STANDARD_PROFILE_NAMES {
        if same_profile(name, api) {
            out.push(api.to_string());
            out.push(display.to_string());
        }
    }
    out
}

/// Every set that contributes to an integration principal (its profile and members).
fn integration_sets(cx: &Context<'_>) -> HashSet<usize> {
    cx.access
        .principals
        .iter()
        .flat_map(|p| p.set_indexes())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_profiles_answer_to_both_names() {
        let names = profile_names("Admin");
        assert!(names.iter().any(|n| n == "System Administrator"));
        let names = profile_names("System Administrator");
        assert!(names.iter().any(|n| n == "Admin"));
        assert_eq!(profile_names("Sales"), ["Sales"]);
    }
}
