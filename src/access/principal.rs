//! Integration principals: a profile plus the permission sets and groups its users get.
//!
//! Built in: the `Analytics Cloud Integration User` profile (runs dataflows and recipes),
//! the `Analytics Cloud Security User` profile, and any other profile whose `userLicense`
//! is `Analytics Cloud Integration User` (a clone). Configured: `[[integration.principal]]`.
//! User records whose profile is a principal's profile add their sets to it. The run-as
//! user of a connected app's or external client app's client-credentials flow is a
//! principal too, resolved through the user records by username.
//!
//! Which profile runs the jobs: Salesforce Help tells admins to give the integration user
//! a clone of the CRM Analytics profile. Once a user record or the configuration names
//! the profile that runs the jobs, a CRM Analytics profile that nothing names (the unused
//! standard one, in a retrieve) runs nothing: it is kept, with `superseded_by` set.

use crate::config::Settings;
use crate::model::{Loc, Model, PermSetGroup, SetKind, Text, UserRecord};
use crate::salesforce::names::same_profile;
use crate::source::Span;

pub const INTEGRATION_USER: &str = "Analytics Cloud Integration User";
pub const SECURITY_USER: &str = "Analytics Cloud Security User";
pub const INTEGRATION_LICENSE: &str = "Analytics Cloud Integration User";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A CRM Analytics profile (or clone) found in the project or named by a user record.
    BuiltIn,
    /// `[[integration.principal]]` number `n` in sflint.toml.
    Config(usize),
    /// The client-credentials run-as user of `Model::apps[n]`, found among the user records.
    RunAs(usize),
    /// A profile, permission set, group or user record of the project, as its own
    /// principal (`sflint explain`, `sflint access-diff`); see [`project_principals`].
    Project(ProjectKind),
}

/// What a project principal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProjectKind {
    Profile,
    PermissionSet,
    Group,
    User,
}

impl ProjectKind {
    pub fn key(self) -> &'static str {
        match self {
            ProjectKind::Profile => "profile",
            ProjectKind::PermissionSet => "permission-set",
            ProjectKind::Group => "group",
            ProjectKind::User => "user",
        }
    }
}

/// A permission set that contributes to a principal.
#[derive(Debug, Clone)]
pub struct Member {
    /// Index into `Model::sets`.
    pub set: usize,
    /// The group it comes through (index into `Model::groups`), whose muting sets apply.
    pub group: Option<usize>,
}

/// A name a principal refers to that the project does not define.
#[derive(Debug, Clone)]
pub struct Unresolved {
    pub what: &'static str,
    pub name: String,
    /// Where it is named: in a user record, or (for configured principals) in sflint.toml.
    pub at: UnresolvedAt,
}

#[derive(Debug, Clone)]
pub enum UnresolvedAt {
    Metadata(Loc),
    Config(Span),
}

#[derive(Debug, Clone)]
pub struct Principal {
    /// Shown in messages.
    pub name: String,
    pub origin: Origin,
    pub runs_analytics: bool,
    /// The Analytics Cloud Security User (or a configured clone of it): it runs no
    /// dataflow or recipe and needs read only on the User fields that row-level security
    /// predicates use. No rule counts it as a reader of extracted or classified data.
    pub security_user: bool,
    /// The profile name this principal is for (may be absent from the project).
    pub profile_name: Option<String>,
    /// Index into `Model::sets` of the profile, when the project has it.
    pub profile: Option<usize>,
    pub members: Vec<Member>,
    /// Indexes into `Model::users`.
    pub users: Vec<usize>,
    pub unresolved: Vec<Unresolved>,
    /// A CRM Analytics profile nothing names while another, named profile runs the jobs
    /// (its name here): this one runs no dataflow or recipe.
    pub superseded_by: Option<String>,
    /// Named by sflint.toml (as its own principal or extending a built-in one).
    pub configured: bool,
}

impl Principal {
    /// Does the project hold any of this principal's access (a profile or a permission set)?
    pub fn has_sets(&self) -> bool {
        self.profile.is_some() || !self.members.is_empty()
    }

    /// Does this principal read data for anyone? Not the Analytics Cloud Security User
    /// (it reads only the User fields row-level security predicates use), and not a CRM
    /// Analytics profile superseded by the named clone that really runs the jobs (nobody
    /// has it). Rules about who can read classified or extracted data skip the others.
    pub fn reads_data(&self) -> bool {
        !self.security_user && self.superseded_by.is_none()
    }

    /// Is the principal's profile the standard Analytics Cloud Integration User profile?
    /// That profile always has View All Data, whether or not its file is in the project.
    pub fn has_standard_integration_profile(&self) -> bool {
        self.profile_name
            .as_deref()
            .is_some_and(|n| same_profile(n, INTEGRATION_USER))
    }

    /// All contributing set indexes: the profile first, then members.
    pub fn set_indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.profile
            .into_iter()
            .chain(self.members.iter().map(|m| m.set))
    }
}

fn find_set(model: &Model, kind: SetKind, name: &str) -> Option<usize> {
    model
        .sets
        .iter()
        .map(|s| s.head())
        .position(|s| s.kind == kind && s.name.eq_ignore_ascii_case(name.trim()))
}

fn find_group(model: &Model, name: &str) -> Option<usize> {
    model
        .groups
        .iter()
        .position(|g| g.name.eq_ignore_ascii_case(name.trim()))
}

fn find_profile(model: &Model, name: &str) -> Option<usize> {
    model
        .sets
        .iter()
        .map(|s| s.head())
        .position(|s| s.kind == SetKind::Profile && same_profile(&s.name, name))
}

impl Principal {
    fn new(name: String, origin: Origin, runs_analytics: bool) -> Self {
        Principal {
            name,
            origin,
            runs_analytics,
            security_user: false,
            profile_name: None,
            profile: None,
            members: Vec::new(),
            users: Vec::new(),
            unresolved: Vec::new(),
            superseded_by: None,
            configured: false,
        }
    }

    fn add_set(&mut self, model: &Model, name: &str, at: UnresolvedAt) {
        match find_set(model, SetKind::PermissionSet, name) {
            Some(set) => {
                if !self
                    .members
                    .iter()
                    .any(|m| m.set == set && m.group.is_none())
                {
                    self.members.push(Member { set, group: None });
                }
            }
            None => self.unresolved.push(Unresolved {
                what: "permission set",
                name: name.to_string(),
                at,
            }),
        }
    }

    fn add_group(&mut self, model: &Model, name: &str, at: UnresolvedAt) {
        let Some(g) = find_group(model, name) else {
            self.unresolved.push(Unresolved {
                what: "permission set group",
                name: name.to_string(),
                at,
            });
            return;
        };
        if self.members.iter().any(|m| m.group == Some(g)) {
            return;
        }
        let group: &PermSetGroup = &model.groups[g];
        for ps in &group.permission_sets {
            match find_set(model, SetKind::PermissionSet, &ps.value) {
                Some(set) => self.members.push(Member {
                    set,
                    group: Some(g),
                }),
                None => self.unresolved.push(Unresolved {
                    what: "permission set",
                    name: ps.value.to_string(),
                    at: UnresolvedAt::Metadata(ps.at),
                }),
            }
        }
        for ms in &group.muting_sets {
            if find_set(model, SetKind::MutingPermissionSet, &ms.value).is_none() {
                self.unresolved.push(Unresolved {
                    what: "muting permission set",
                    name: ms.value.to_string(),
                    at: UnresolvedAt::Metadata(ms.at),
                });
            }
        }
    }

    /// The user's profile becomes the principal's, then the user's sets and groups.
    fn add_user_with_profile(&mut self, model: &Model, index: usize, user: &UserRecord) {
        if let Some(profile) = &user.profile {
            self.profile_name = Some(profile.value.to_string());
            self.profile = find_profile(model, &profile.value);
        }
        self.add_user(model, index, user);
    }

    fn add_user(&mut self, model: &Model, index: usize, user: &UserRecord) {
        self.users.push(index);
        let meta = |t: &Text| UnresolvedAt::Metadata(t.at);
        for ps in &user.permission_sets {
            self.add_set(model, &ps.value, meta(ps));
        }
        for g in &user.permission_set_groups {
            self.add_group(model, &g.value, meta(g));
        }
    }
}

/// Every profile, permission set, permission set group and user record of the project as
/// its own principal, in that order (each in model order): a profile alone, a permission
/// set alone, a group's member sets less its muting sets, and a user's profile, sets and
/// groups. Muting permission sets are not principals.
pub fn project_principals(model: &Model) -> Vec<Principal> {
    let mut out = Vec::new();
    for (i, set) in model.sets.iter().map(|s| s.head()).enumerate() {
        let kind = match set.kind {
            SetKind::Profile => ProjectKind::Profile,
            SetKind::PermissionSet => ProjectKind::PermissionSet,
            SetKind::MutingPermissionSet => continue,
        };
        let mut p = Principal::new(set.name.clone(), Origin::Project(kind), false);
        if kind == ProjectKind::Profile {
            p.profile_name = Some(set.name.clone());
            p.profile = Some(i);
        } else {
            p.members.push(Member {
                set: i,
                group: None,
            });
        }
        out.push(p);
    }
    for (g, group) in model.groups.iter().enumerate() {
        let mut p = Principal::new(
            group.name.clone(),
            Origin::Project(ProjectKind::Group),
            false,
        );
        p.add_group(
            model,
            &model.groups[g].name,
            UnresolvedAt::Metadata(group.root),
        );
        out.push(p);
    }
    for (u, user) in model.users.iter().enumerate() {
        let Some(name) = &user.username else { continue };
        let mut p = Principal::new(
            name.value.trim().to_string(),
            Origin::Project(ProjectKind::User),
            false,
        );
        p.add_user_with_profile(model, u, user);
        out.push(p);
    }
    out
}

/// Every integration principal of the project, in a stable order: built-in ones in
/// profile order, then configured ones in file order.
pub fn resolve_principals(model: &Model, settings: &Settings) -> Vec<Principal> {
    let mut out: Vec<Principal> = Vec::new();
    for (i, set) in model.sets.iter().map(|s| s.head()).enumerate() {
        if set.kind != SetKind::Profile {
            continue;
        }
        let is_security = set.name.eq_ignore_ascii_case(SECURITY_USER);
        let is_integration = set.name.eq_ignore_ascii_case(INTEGRATION_USER)
            || (!is_security
                && set
                    .license
                    .as_ref()
                    .is_some_and(|l| l.value.eq_ignore_ascii_case(INTEGRATION_LICENSE)));
        if !(is_security || is_integration) {
            continue;
        }
        let mut p = Principal::new(set.name.clone(), Origin::BuiltIn, is_integration);
        p.security_user = is_security;
        p.profile_name = Some(set.name.clone());
        p.profile = Some(i);
        out.push(p);
    }
    // Users (or configured principals) of the CRM Analytics profiles when the profile file
    // itself is not in the project.
    for builtin in [INTEGRATION_USER, SECURITY_USER] {
        let named = model.users.iter().any(|u| {
            u.profile
                .as_ref()
                .is_some_and(|p| same_profile(&p.value, builtin))
        }) || settings.principals.iter().any(|c| {
            c.profile
                .as_ref()
                .is_some_and(|p| same_profile(p.get_ref(), builtin))
        });
        if named
            && !out.iter().any(|p| {
                p.profile_name
                    .as_deref()
                    .is_some_and(|n| same_profile(n, builtin))
            })
        {
            let mut p = Principal::new(
                builtin.to_string(),
                Origin::BuiltIn,
                builtin == INTEGRATION_USER,
            );
            p.security_user = builtin == SECURITY_USER;
            p.profile_name = Some(builtin.to_string());
            out.push(p);
        }
    }
    // The reserved CRM Analytics users (`integration@<orgid>…`, `security@<orgid>…`) name
    // the profile they really have, even when its file is not in the project.
    for user in &model.users {
        let Some(profile) = &user.profile else {
            continue;
        };
        let security = is_reserved(user, "security");
        if !(security || is_reserved(user, "integration"))
            || out.iter().any(|p| {
                p.profile_name
                    .as_deref()
                    .is_some_and(|n| same_profile(n, &profile.value))
            })
        {
            continue;
        }
        let mut p = Principal::new(profile.value.to_string(), Origin::BuiltIn, !security);
        p.security_user = security;
        p.profile_name = Some(profile.value.to_string());
        p.profile = find_profile(model, &profile.value);
        out.push(p);
    }
    for (n, cfg) in settings.principals.iter().enumerate() {
        let cfg_span = |s: &toml::Spanned<String>| {
            UnresolvedAt::Config(Span::new(s.span().start, s.span().end))
        };
        // A configured principal on a built-in profile extends that principal.
        let builtin = cfg.profile.as_ref().and_then(|prof| {
            out.iter().position(|p| {
                p.origin == Origin::BuiltIn
                    && p.profile_name
                        .as_deref()
                        .is_some_and(|n| same_profile(n, prof.get_ref()))
            })
        });
        if let Some(i) = builtin {
            let p = &mut out[i];
            p.name = cfg.name.get_ref().clone();
            p.configured = true;
            if cfg.security_user {
                p.security_user = true;
                p.runs_analytics = false;
            }
            // The security user runs no jobs, whatever the configuration says.
            p.runs_analytics = (p.runs_analytics || cfg.runs_analytics) && !p.security_user;
            for ps in &cfg.permission_sets {
                p.add_set(model, ps.get_ref(), cfg_span(ps));
            }
            for g in &cfg.permission_set_groups {
                p.add_group(model, g.get_ref(), cfg_span(g));
            }
            continue;
        }
        let mut p = Principal::new(
            cfg.name.get_ref().clone(),
            Origin::Config(n),
            cfg.runs_analytics,
        );
        p.configured = true;
        p.security_user = cfg.security_user;
        if let Some(profile) = &cfg.profile {
            p.profile_name = Some(profile.get_ref().clone());
            p.profile = find_profile(model, profile.get_ref());
            // A standard profile exists in every org, retrieved or not.
            if p.profile.is_none()
                && !crate::salesforce::names::is_standard_profile_name(profile.get_ref())
            {
                p.unresolved.push(Unresolved {
                    what: "profile",
                    name: profile.get_ref().clone(),
                    at: cfg_span(profile),
                });
            }
        }
        for ps in &cfg.permission_sets {
            p.add_set(model, ps.get_ref(), cfg_span(ps));
        }
        for g in &cfg.permission_set_groups {
            p.add_group(model, g.get_ref(), cfg_span(g));
        }
        out.push(p);
    }
    for (i, user) in model.users.iter().enumerate() {
        let Some(profile) = &user.profile else {
            continue;
        };
        for p in out.iter_mut() {
            if p.profile_name
                .as_deref()
                .is_some_and(|n| same_profile(n, &profile.value))
            {
                p.add_user(model, i, user);
            }
        }
    }
    for p in out.iter_mut() {
        // The reserved CRM Analytics security user (`security@<orgid>…`) has this profile.
        if p.origin == Origin::BuiltIn
            && !p.has_standard_integration_profile()
            && p.users
                .iter()
                .any(|&u| is_reserved(&model.users[u], "security"))
        {
            p.security_user = true;
            p.runs_analytics = false;
        }
    }
    add_run_as_users(model, &mut out);
    supersede_unnamed_runners(&mut out);
    out
}

/// Is the user's username the reserved CRM Analytics one (`integration@…`, `security@…`)?
fn is_reserved(user: &UserRecord, local: &str) -> bool {
    user.username
        .as_ref()
        .and_then(|u| u.value.split_once('@'))
        .is_some_and(|(l, _)| l.eq_ignore_ascii_case(local))
}

/// A principal for each app's client-credentials run-as user whose record is in the
/// project, unless that user already belongs to a principal.
fn add_run_as_users(model: &Model, out: &mut Vec<Principal>) {
    for (a, app) in model.apps.iter().enumerate() {
        let Some(run_as) = &app.run_as_user else {
            continue;
        };
        let Some(u) = model.user_by_username(&run_as.value) else {
            continue;
        };
        if out.iter().any(|p| p.users.contains(&u)) {
            continue;
        }
        let user = &model.users[u];
        let mut p = Principal::new(
            format!(
                "run-as {} of {} `{}`",
                user.label(),
                app.kind.label(),
                app.name
            ),
            Origin::RunAs(a),
            false,
        );
        p.add_user_with_profile(model, u, user);
        out.push(p);
    }
}

/// Once a user record or the configuration names a profile that runs the jobs, a CRM
/// Analytics profile nothing names is not a runner.
fn supersede_unnamed_runners(out: &mut [Principal]) {
    let named = |p: &Principal| p.configured || !p.users.is_empty();
    // Only a named *profile* tells which profile runs the jobs: a configured principal with
    // permission sets alone may well be the standard profile's user.
    let Some(runner) = out
        .iter()
        .filter(|p| p.runs_analytics && named(p))
        .find_map(|p| p.profile_name.clone())
    else {
        return;
    };
    for p in out.iter_mut() {
        if p.origin == Origin::BuiltIn && p.runs_analytics && !named(p) {
            p.runs_analytics = false;
            p.superseded_by = Some(runner.clone());
        }
    }
}
