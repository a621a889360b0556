//! `sflint explain PRINCIPAL SUBJECT`: the verdict, then every way that decides it.

use serde::Serialize;

use crate::access::{Access, FieldAccess, VIEW_ALL_FIELDS_GLOBAL};
use crate::config::Settings;
use crate::matrix::MatrixAccess;
use crate::model::compound::permissioned;
use crate::output::escape::visible;
use crate::pipeline::LoadedProject;
use crate::rules::dc::{is_high_risk, level};

use super::At;
use super::frame::frame;
use super::principals::{self, Who, WhoKind};
use super::subject::{self, Subject};
use super::ways::{self, Effect, MODIFY_ALL_DATA, RIGHTS, SetRef, VIEW_ALL_DATA, Way};

pub const SCHEMA: &str = "sflint-explain/1";

#[derive(Debug, Serialize)]
pub struct PrincipalInfo {
    /// As the command line names it (`profile:Admin`, `set:Sales`, a username, …).
    pub spec: String,
    pub name: String,
    pub kind: WhoKind,
    pub integration: bool,
    pub guest: bool,
    /// The contributing sets, profile first.
    pub sets: Vec<SetRef>,
}

#[derive(Debug, Serialize)]
pub struct Explanation {
    pub schema: &'static str,
    pub principal: PrincipalInfo,
    pub subject: Subject,
    /// Fields: `edit`, `read`, `muted` or `none` (as `sflint matrix` decides). Objects:
    /// `edit`, `read`, `muted` or `none`. User permissions: `granted`, `muted` or `none`.
    pub verdict: &'static str,
    /// What is granted: `read`/`edit` for a field, object rights for an object,
    /// `enabled` for a user permission.
    pub granted: Vec<&'static str>,
    /// The field's classification, when configured levels classify it.
    pub classification: Option<String>,
    pub high_risk: bool,
    pub ways: Vec<Way>,
    /// Context: object access for a field, View All Data, "not granted anywhere", …
    pub notes: Vec<String>,
}

/// Explain `subject` for `principal` in `project`; errors name the unknown principal or
/// subject with the closest known one.
pub fn explain(
    project: &LoadedProject,
    settings: &Settings,
    principal: &str,
    subject: &str,
) -> Result<Explanation, String> {
    Explainer::new(project, settings).explain(principal, subject)
}

/// Explains many questions about one project: effective access and the principals are
/// resolved once.
pub struct Explainer<'a> {
    project: &'a LoadedProject,
    settings: &'a Settings,
    access: Access<'a>,
    whos: Vec<Who>,
}

impl<'a> Explainer<'a> {
    pub fn new(project: &'a LoadedProject, settings: &'a Settings) -> Explainer<'a> {
        let access = Access::new(&project.model, settings);
        let whos = principals::all(&access, &settings.classification, false);
        Explainer {
            project,
            settings,
            access,
            whos,
        }
    }

    /// Every principal, integration principals first.
    pub fn principals(&self) -> &[Who] {
        &self.whos
    }

    pub fn explain(&self, principal: &str, subject: &str) -> Result<Explanation, String> {
        let who = principals::find(&self.whos, principal)?;
        let subject = subject::parse(&self.project.model, subject)?;
        let mut e = build(self.project, self.settings, &self.access, who, subject);
        let same = self.whos.iter().filter(|w| w.key() == who.key()).count();
        if same > 1
            && let Some(set) = who.principal.set_indexes().next()
        {
            e.notes.push(format!(
                "{same} {}s are named `{}` in the project (in different package directories): this is the one in {}",
                who.kind_label(),
                who.principal.name,
                At::of(self.project, self.access.set(set).root).file
            ));
        }
        Ok(e)
    }

    /// Explain a field for a principal of [`Explainer::principals`].
    pub fn explain_field(&self, who: &Who, object: &str, field: &str) -> Explanation {
        let subject = Subject::Field {
            object: object.to_string(),
            field: field.to_string(),
        };
        build(self.project, self.settings, &self.access, who, subject)
    }
}

fn build(
    project: &LoadedProject,
    settings: &Settings,
    access: &Access<'_>,
    who: &Who,
    subject: Subject,
) -> Explanation {
    let p = &who.principal;
    let model = access.model;
    let mut notes = Vec::new();
    let (verdict, granted, ways, classification, high_risk) = match &subject {
        Subject::Field { object, field } => {
            let (lvl, _) = access.field_level(p, object, field);
            let verdict = match lvl {
                MatrixAccess::Edit => "edit",
                MatrixAccess::Read => "read",
                MatrixAccess::None => match access.field_read(p, object, field) {
                    FieldAccess::Muted { .. } => "muted",
                    _ => "none",
                },
            };
            let granted = match lvl {
                MatrixAccess::Edit => vec!["read", "edit"],
                MatrixAccess::Read => vec!["read"],
                MatrixAccess::None => vec![],
            };
            let (po, pf) = permissioned(object, field);
            if po != object.as_str() || pf != field.as_str() {
                notes.push(format!(
                    "field-level security of {object}.{field} is set on {po}.{pf} (compound or person-account field)"
                ));
            }
            let obj = ways::object_right(access, p, &po, &RIGHTS[0]);
            notes.push(match obj {
                FieldAccess::Granted(g) => format!(
                    "records of {po}: readable ({} at {})",
                    SetRef::of(access, g.set).describe(),
                    At::of(project, g.at).short()
                ),
                _ => format!(
                    "records of {po}: not readable, so the field shows no data even where field-level security grants it"
                ),
            });
            for up in [VIEW_ALL_DATA, MODIFY_ALL_DATA] {
                if let Some(g) = access.user_permission(p, up) {
                    notes.push(format!(
                        "{} ({up}, {} at {}) gives every record of every object, but never field read",
                        setup_name(up).unwrap_or(up),
                        SetRef::of(access, g.set).describe(),
                        At::of(project, g.at).short()
                    ));
                }
            }
            let def = model.field(object, field).or_else(|| model.field(&po, &pf));
            let classification = def
                .and_then(|d| level(d, &settings.classification))
                .map(|t| t.value.to_string());
            let high_risk = def.is_some_and(|d| is_high_risk(d, &settings.classification));
            let ways = ways::field_ways(project, access, p, object, field);
            if ways.is_empty() && !granted_anywhere(access, object, field) {
                notes.push(format!(
                    "{object}.{field}: not granted anywhere in the project (no profile or permission set makes it readable)"
                ));
            }
            (verdict, granted, ways, classification, high_risk)
        }
        Subject::Object { object } => {
            let mut granted = Vec::new();
            let mut muted = false;
            for r in RIGHTS {
                match ways::object_right(access, p, object, r) {
                    FieldAccess::Granted(_) => granted.push(r.name),
                    FieldAccess::Muted { .. } if r.name == "read" => muted = true,
                    _ => {}
                }
            }
            let verdict = if granted.contains(&"edit") {
                "edit"
            } else if granted.contains(&"read") {
                "read"
            } else if muted {
                "muted"
            } else {
                "none"
            };
            let ways = ways::object_ways(project, access, p, object);
            if ways.is_empty() {
                notes.push(format!(
                    "{object}: no contributing set says anything about it"
                ));
            }
            (verdict, granted, ways, None, false)
        }
        Subject::UserPermission { name } => {
            let ways = ways::permission_ways(project, access, p, name);
            let granted = access.user_permission(p, name).is_some();
            let verdict = if granted {
                "granted"
            } else if ways.iter().any(|w| w.effect == Effect::Muted) {
                "muted"
            } else {
                "none"
            };
            if name.eq_ignore_ascii_case(VIEW_ALL_FIELDS_GLOBAL) {
                notes.push(format!(
                    "View All Fields (Global) ({VIEW_ALL_FIELDS_GLOBAL}) gives read on every field of every object"
                ));
            }
            if ways.is_empty() {
                notes.push(format!("{name}: not granted by any contributing set"));
            }
            (
                verdict,
                if granted { vec!["enabled"] } else { vec![] },
                ways,
                None,
                false,
            )
        }
    };
    let main = match &subject {
        Subject::UserPermission { .. } => "enabled",
        _ => "read",
    };
    let grants = ways
        .iter()
        .filter(|w| w.effect == Effect::Grants && w.access.starts_with(main))
        .count();
    if grants > 1 {
        notes.push(format!(
            "{grants} ways grant {main}: removing one leaves the others"
        ));
    }
    for u in &p.unresolved {
        notes.push(format!(
            "{} `{}` is named but not in the project: its grants are not counted",
            u.what, u.name
        ));
    }
    Explanation {
        schema: SCHEMA,
        principal: PrincipalInfo {
            spec: who.spec(),
            name: p.name.clone(),
            kind: who.kind,
            integration: who.integration,
            guest: who.guest,
            sets: p.set_indexes().map(|s| SetRef::of(access, s)).collect(),
        },
        subject,
        verdict,
        granted,
        classification,
        high_risk,
        ways,
        notes,
    }
}

/// Does any profile or permission set of the project make the field readable?
fn granted_anywhere(access: &Access<'_>, object: &str, field: &str) -> bool {
    (0..access.model.sets.len()).any(|s| {
        access.model.sets[s].kind != crate::model::SetKind::MutingPermissionSet
            && access.set_field_read(s, object, field).is_some()
    })
}

/// The name Setup shows for a user permission that decides access, with its API name.
fn label(via: &str) -> String {
    match setup_name(via) {
        Some(shown) => format!("{shown}: {via}"),
        None => via.to_string(),
    }
}

fn setup_name(api: &str) -> Option<&'static str> {
    match api {
        VIEW_ALL_DATA => Some("View All Data"),
        MODIFY_ALL_DATA => Some("Modify All Data"),
        VIEW_ALL_FIELDS_GLOBAL => Some("View All Fields (Global)"),
        _ => None,
    }
}

pub fn render_json(e: &Explanation) -> String {
    let mut s = serde_json::to_string_pretty(e).expect("plain values serialize");
    s.push('\n');
    s
}

/// The verdict, then each way with a code frame of its deciding element.
pub fn render_text(project: &LoadedProject, e: &Explanation) -> String {
    let who = format!(
        "{}{}{}",
        visible(&e.principal.spec),
        if e.principal.integration {
            " [integration]"
        } else {
            ""
        },
        if e.principal.guest { " [guest]" } else { "" }
    );
    let subject = visible(&e.subject.name()).into_owned();
    let mut out = match &e.subject {
        Subject::UserPermission { .. } => format!("{who}: {subject}: {}\n", e.verdict),
        _ => format!("{who}: {subject}: {}\n", e.verdict),
    };
    if !e.granted.is_empty() {
        out.push_str(&format!("  granted: {}\n", e.granted.join(", ")));
    }
    if let Some(c) = &e.classification {
        out.push_str(&format!(
            "  classification: {}{}\n",
            visible(c),
            if e.high_risk { " (high risk)" } else { "" }
        ));
    }
    for (i, w) in e.ways.iter().enumerate() {
        let through = w
            .group
            .as_ref()
            .map(|g| format!(" through group `{}`", visible(g)))
            .unwrap_or_default();
        let what = match w.effect {
            Effect::Grants => format!("grants {} ({})", w.access, label(&w.via)),
            Effect::Muted => format!("grants {} ({}), muted", w.access, label(&w.via)),
            Effect::Denies => format!("says {} false", w.via),
        };
        out.push_str(&format!(
            "\n  {}. {}{}: {what}\n",
            i + 1,
            visible(&w.set.describe()),
            through
        ));
        out.push_str(&frame(
            project.source(w.loc),
            &w.at,
            w.loc.span.len(),
            "     ",
        ));
        if let Some(m) = &w.muted_by {
            out.push_str(&format!(
                "     muted by muting permission set `{}`:\n",
                visible(&m.set)
            ));
            out.push_str(&frame(
                project.source(m.loc),
                &m.at,
                m.loc.span.len(),
                "     ",
            ));
        }
    }
    if !e.notes.is_empty() {
        out.push('\n');
    }
    for n in &e.notes {
        out.push_str(&format!("  note: {}\n", visible(n)));
    }
    out
}
