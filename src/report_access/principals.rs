//! Every principal the project defines, named the way the command line names them:
//! integration principals by their name, `profile:Name`, `set:Name`, `group:Name`, and
//! user records by username.

use std::collections::HashSet;

use serde::Serialize;

use crate::access::{Access, Origin, Principal, ProjectKind, guest_profiles, project_principals};
use crate::config::Classification;
use crate::salesforce::names::{did_you_mean, same_profile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WhoKind {
    Integration,
    Profile,
    PermissionSet,
    Group,
    User,
}

impl WhoKind {
    fn of(p: &Principal) -> WhoKind {
        match p.origin {
            Origin::Project(ProjectKind::Profile) => WhoKind::Profile,
            Origin::Project(ProjectKind::PermissionSet) => WhoKind::PermissionSet,
            Origin::Project(ProjectKind::Group) => WhoKind::Group,
            Origin::Project(ProjectKind::User) => WhoKind::User,
            _ => WhoKind::Integration,
        }
    }

    fn label(self) -> &'static str {
        match self {
            WhoKind::Integration => "integration principal",
            WhoKind::Profile => "profile",
            WhoKind::PermissionSet => "permission set",
            WhoKind::Group => "permission set group",
            WhoKind::User => "user",
        }
    }

    /// The prefix the command line takes (`profile:Admin`).
    fn prefix(self) -> &'static str {
        match self {
            WhoKind::Integration | WhoKind::User => "",
            WhoKind::Profile => "profile:",
            WhoKind::PermissionSet => "set:",
            WhoKind::Group => "group:",
        }
    }
}

/// A principal with what reports say about it.
#[derive(Debug, Clone)]
pub struct Who {
    pub principal: Principal,
    pub kind: WhoKind,
    /// Reaches an integration principal: is one, or is its profile, one of its sets or
    /// groups, or one of its users.
    pub integration: bool,
    /// A guest, site or community profile, or a user or principal that has one.
    pub guest: bool,
}

impl Who {
    /// How the command line names it: `profile:Admin`, `set:Sales`, a username, or an
    /// integration principal's name.
    pub fn spec(&self) -> String {
        format!("{}{}", self.kind.prefix(), self.principal.name)
    }

    /// `profile`, `permission set`, …
    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }

    /// `permission set `Sales``.
    pub fn label(&self) -> String {
        format!("{} `{}`", self.kind.label(), self.principal.name)
    }

    /// Base and head principals are the same when kind and name match.
    pub fn key(&self) -> (WhoKind, String) {
        (self.kind, self.principal.name.to_ascii_lowercase())
    }
}

/// Integration principals first (as resolved for the rules), then the project's profiles,
/// permission sets, groups and user records.
pub fn all(access: &Access<'_>, c: &Classification, integration_only: bool) -> Vec<Who> {
    let model = access.model;
    let guests = guest_profiles(model, c);
    let guest_profile = |p: &Principal| {
        p.profile.is_some_and(|i| guests.contains(&i))
            || p.profile_name
                .as_deref()
                .is_some_and(|n| c.public_profiles.iter().any(|g| same_profile(g, n)))
    };
    let integration: Vec<&Principal> = access
        .principals
        .iter()
        .filter(|p| p.reads_data() || p.security_user)
        .collect();
    let mut int_sets = HashSet::new();
    let mut int_groups = HashSet::new();
    let mut int_users = HashSet::new();
    for p in &integration {
        int_sets.extend(p.set_indexes());
        int_groups.extend(p.members.iter().filter_map(|m| m.group));
        int_users.extend(p.users.iter().copied());
    }
    let mut out: Vec<Who> = access
        .principals
        .iter()
        .map(|p| Who {
            principal: p.clone(),
            kind: WhoKind::Integration,
            integration: true,
            guest: guest_profile(p),
        })
        .collect();
    if integration_only {
        return out;
    }
    for p in project_principals(model) {
        let kind = WhoKind::of(&p);
        let reaches = match kind {
            WhoKind::Group => p
                .members
                .first()
                .and_then(|m| m.group)
                .is_some_and(|g| int_groups.contains(&g)),
            WhoKind::User => p.users.iter().any(|u| int_users.contains(u)),
            _ => p.set_indexes().any(|s| int_sets.contains(&s)),
        };
        out.push(Who {
            guest: guest_profile(&p),
            integration: reaches,
            kind,
            principal: p,
        });
    }
    out
}

/// The principal a command-line name means: `profile:Name`, `set:Name`, `group:Name`,
/// `user:username`, a username, or an integration principal's name (or profile). A
/// plain name that is one profile, set or group alone means it too.
pub fn find<'a>(whos: &'a [Who], spec: &str) -> Result<&'a Who, String> {
    let spec = spec.trim();
    let (kind, name) = match spec.split_once(':') {
        Some((k, n)) => match k.to_ascii_lowercase().as_str() {
            "profile" => (Some(WhoKind::Profile), n.trim()),
            "set" | "permset" | "permissionset" | "permission-set" => {
                (Some(WhoKind::PermissionSet), n.trim())
            }
            "group" | "psg" => (Some(WhoKind::Group), n.trim()),
            "user" => (Some(WhoKind::User), n.trim()),
            _ => (None, spec),
        },
        None => (None, spec),
    };
    let same = |w: &Who| match w.kind {
        WhoKind::Profile => same_profile(&w.principal.name, name),
        _ => w.principal.name.eq_ignore_ascii_case(name),
    };
    let found = match kind {
        Some(k) => whos.iter().find(|w| w.kind == k && same(w)),
        None => whos
            .iter()
            .find(|w| matches!(w.kind, WhoKind::Integration | WhoKind::User) && same(w))
            .or_else(|| {
                whos.iter().find(|w| {
                    w.kind == WhoKind::Integration
                        && w.principal
                            .profile_name
                            .as_deref()
                            .is_some_and(|n| same_profile(n, name))
                })
            })
            .or_else(|| {
                let mut plain = whos.iter().filter(|w| {
                    matches!(
                        w.kind,
                        WhoKind::Profile | WhoKind::PermissionSet | WhoKind::Group
                    ) && same(w)
                });
                match (plain.next(), plain.next()) {
                    (Some(w), None) => Some(w),
                    _ => None,
                }
            }),
    };
    if let Some(w) = found {
        return Ok(w);
    }
    let specs: Vec<String> = whos.iter().map(Who::spec).collect();
    let hint = did_you_mean(spec, specs.iter().map(String::as_str)).or_else(|| {
        did_you_mean(name, whos.iter().map(|w| w.principal.name.as_str()))
            .and_then(|n| specs.iter().find(|s| s.ends_with(n)).map(String::as_str))
    });
    let what = kind.map_or("principal", WhoKind::label);
    let spec = crate::output::escape::visible(spec);
    Err(match hint {
        Some(h) => format!("no {what} `{spec}` in the project\n  help: did you mean `{h}`?"),
        None => format!(
            "no {what} `{spec}` in the project\n  help: name an integration principal, a username, `profile:Name`, `set:Name` or `group:Name`"
        ),
    })
}
