//! Integration principal candidates: what in the project looks like an integration user
//! but is not an integration principal, so the IU, SS and DC rules don't check it.
//! Without configuration only the CRM Analytics users count; a run with candidates and no
//! `[[integration.principal]]` says so in one note, and `sflint init` proposes them.

use crate::access::{Access, Origin};
use crate::config::Settings;
use crate::model::{AppKind, Model, SetKind};
use crate::report::Note;
use crate::salesforce::names::same_profile;

/// How many names of one sort the note lists before "and N more".
const LISTED: usize = 5;

/// A connected app or External Client App: integrations log in through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppCandidate {
    pub kind: &'static str,
    pub name: String,
    /// The client credentials flow's run-as user, when the app names one.
    pub run_as: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Candidates {
    /// Profiles that look like integration users: API only (`ApiUserOnly`), the Salesforce
    /// Integration license, or "integration" in the name; not already a principal.
    pub profiles: Vec<String>,
    /// Permission sets on the Salesforce API Integration permission set license, which is
    /// assigned to integration users only; not already a principal's.
    pub permission_sets: Vec<String>,
    pub apps: Vec<AppCandidate>,
}

/// The API name of the Salesforce API Integration permission set license.
const API_INTEGRATION_LICENSE: &str = "SalesforceAPIIntegrationPsl";

impl Candidates {
    pub fn find(model: &Model, access: &Access<'_>) -> Candidates {
        let mut profiles: Vec<String> = model
            .sets_of(SetKind::Profile)
            .filter(|s| {
                !access.principals.iter().any(|p| {
                    p.profile
                        .is_some_and(|i| model.sets[i].head().name == s.name)
                })
            })
            .filter(|s| {
                let license = s
                    .license
                    .as_ref()
                    .is_some_and(|l| l.value.eq_ignore_ascii_case("Salesforce Integration"));
                license || s.api_only || s.name.to_ascii_lowercase().contains("integration")
            })
            .map(|s| s.name.clone())
            .collect();
        // A profile or set that two files define is one candidate (see the `defined-twice`
        // note).
        dedup_names(&mut profiles);
        let mut permission_sets: Vec<String> = model
            .sets
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                let head = s.head();
                head.kind == SetKind::PermissionSet
                    && head
                        .license
                        .as_ref()
                        .is_some_and(|l| l.value.eq_ignore_ascii_case(API_INTEGRATION_LICENSE))
                    && !access
                        .principals
                        .iter()
                        .any(|p| p.members.iter().any(|m| m.set == *i))
            })
            .map(|(_, s)| s.head().name.clone())
            .collect();
        dedup_names(&mut permission_sets);
        let mut apps: Vec<AppCandidate> = Vec::new();
        // An app whose run-as user resolved to a principal (through a user record) is
        // checked already; so is every entry of the same app.
        let checked: Vec<&str> = access
            .principals
            .iter()
            .filter_map(|p| match p.origin {
                Origin::RunAs(i) => model.apps.get(i).map(|a| a.app()),
                _ => None,
            })
            .collect();
        for app in &model.apps {
            if checked.iter().any(|c| c.eq_ignore_ascii_case(app.app())) {
                continue;
            }
            let kind = match app.kind {
                AppKind::ConnectedApp => "connected app",
                AppKind::ExternalClientApp | AppKind::ExternalClientAppHeader => {
                    "external client app"
                }
            };
            let run_as = app.run_as_user.as_ref().map(|t| t.value.to_string());
            // An External Client App's header and its policies are one app.
            match apps
                .iter_mut()
                .find(|a| a.kind == kind && a.name.eq_ignore_ascii_case(app.app()))
            {
                Some(known) => {
                    if known.run_as.is_none() {
                        known.run_as = run_as;
                    }
                }
                None => apps.push(AppCandidate {
                    kind,
                    name: app.app().to_string(),
                    run_as,
                }),
            }
        }
        Candidates {
            profiles,
            permission_sets,
            apps,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty() && self.permission_sets.is_empty() && self.apps.is_empty()
    }

    /// The run note: only when nothing is configured and there are candidates.
    pub fn note(model: &Model, access: &Access<'_>, settings: &Settings) -> Option<Note> {
        if !settings.principals.is_empty() {
            return None;
        }
        let mut found = Candidates::find(model, access);
        // Profiles listed under `[session] non-interactive-profiles` are configured already.
        found.profiles.retain(|p| {
            !settings
                .non_interactive_profiles
                .iter()
                .any(|n| same_profile(n, p))
        });
        (!found.is_empty()).then(|| found.to_note())
    }

    fn to_note(&self) -> Note {
        let mut parts = Vec::new();
        for kind in ["connected app", "external client app"] {
            let names: Vec<String> = self
                .apps
                .iter()
                .filter(|a| a.kind == kind)
                .map(|a| match &a.run_as {
                    Some(user) => format!("`{}` (runs as `{user}`)", a.name),
                    None => format!("`{}`", a.name),
                })
                .collect();
            if !names.is_empty() {
                parts.push(format!(
                    "{}{} {}",
                    kind,
                    plural(names.len()),
                    listed(&names)
                ));
            }
        }
        if !self.profiles.is_empty() {
            let names: Vec<String> = self.profiles.iter().map(|p| format!("`{p}`")).collect();
            parts.push(format!(
                "API-only or integration profile{} {}",
                plural(names.len()),
                listed(&names)
            ));
        }
        if !self.permission_sets.is_empty() {
            let names: Vec<String> = self
                .permission_sets
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            parts.push(format!(
                "permission set{} on the Salesforce API Integration license {}",
                plural(names.len()),
                listed(&names)
            ));
        }
        let example = self
            .profiles
            .first()
            .cloned()
            .unwrap_or_else(|| "<the integration user's profile>".to_string());
        Note {
            kind: "integration-candidates",
            message: format!(
                "no integration principal is configured in sflint.toml; these look like integrations, but are not integration principals, so the IU, DC and most SS rules do not check them: {}",
                parts.join("; ")
            ),
            help: format!(
                "describe the integration users among them in sflint.toml so the IU, SS and DC rules check them, e.g. [[integration.principal]] name = \"erp\", profile = \"{example}\", permission-sets = [\"ERP_Access\"]; `sflint init` writes a sflint.toml that proposes them"
            ),
        }
    }
}

/// Keep the first of names equal but for ASCII case.
fn dedup_names(names: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.to_ascii_lowercase()));
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn listed(names: &[String]) -> String {
    let shown = names[..names.len().min(LISTED)].join(", ");
    match names.len().saturating_sub(LISTED) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}
