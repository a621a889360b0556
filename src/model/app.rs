//! Connected apps and External Client App OAuth policies: the session level they demand
//! and who they admit.

use crate::diagnostic::FileId;
use crate::xml::Element;

use crate::salesforce::session::SessionLevel;

use super::values::{Loc, Name, Text, enum_text, text, texts};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AppKind {
    ConnectedApp,
    ExternalClientApp,
    /// An External Client App's header file (`.eca-meta.xml` / `.eca`): the app itself.
    /// It sets no session level and admits no one; its OAuth policies do.
    ExternalClientAppHeader,
}

impl AppKind {
    pub fn label(self) -> &'static str {
        match self {
            AppKind::ConnectedApp => "connected app",
            AppKind::ExternalClientApp => "external client app OAuth policy",
            AppKind::ExternalClientAppHeader => "external client app",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct App {
    pub kind: AppKind,
    pub name: String,
    pub root: Loc,
    /// `sessionPolicy/sessionLevel` (connected app) or `requiredSessionLevel` (ECA policy).
    pub session_level: Option<Text>,
    pub policy_action: Option<Text>,
    /// Admitted profiles (`profileName`, connected apps only).
    pub profiles: Vec<Text>,
    /// Admitted permission sets (`permissionSetName`, or the ECA's `commaSeparatedPermissionSet`).
    pub permission_sets: Vec<Text>,
    /// The External Client App an OAuth policy belongs to (its required
    /// `externalClientApplication`); `None` for connected apps and app headers.
    pub app_name: Option<Text>,
    /// The user the OAuth client credentials flow runs as: a connected app's
    /// `oauthConfig/oauthClientCredentialUser`, an ECA policy's `clientCredentialsFlowUser`.
    pub run_as_user: Option<Text>,
}

impl App {
    pub fn read_connected_app(file: FileId, name: String, root: Element<'_>) -> App {
        let policy = root.child("sessionPolicy");
        App {
            kind: AppKind::ConnectedApp,
            name,
            root: Loc::new(file, root.name_span()),
            session_level: policy.and_then(|p| text(file, p, "sessionLevel")),
            policy_action: policy.and_then(|p| text(file, p, "policyAction")),
            profiles: texts(file, root, "profileName"),
            permission_sets: texts(file, root, "permissionSetName"),
            app_name: None,
            run_as_user: root
                .child("oauthConfig")
                .and_then(|c| text(file, c, "oauthClientCredentialUser")),
        }
    }

    pub fn read_eca_policy(file: FileId, name: String, root: Element<'_>) -> App {
        App {
            kind: AppKind::ExternalClientApp,
            name,
            root: Loc::new(file, root.name_span()),
            session_level: enum_text(file, root, "requiredSessionLevel", SessionLevel::NAMES),
            policy_action: text(file, root, "policyAction"),
            profiles: Vec::new(),
            permission_sets: text(file, root, "commaSeparatedPermissionSet")
                .map(|t| split_list(&t))
                .unwrap_or_default(),
            app_name: text(file, root, "externalClientApplication"),
            run_as_user: text(file, root, "clientCredentialsFlowUser"),
        }
    }

    /// An External Client App header (`<ExternalClientApplication>`): the app's name (the
    /// file's full name) for the policies that name it. It holds no access settings.
    pub fn read_eca_header(file: FileId, name: String, root: Element<'_>) -> App {
        App {
            kind: AppKind::ExternalClientAppHeader,
            name,
            root: Loc::new(file, root.name_span()),
            session_level: None,
            policy_action: None,
            profiles: Vec::new(),
            permission_sets: Vec::new(),
            app_name: None,
            run_as_user: None,
        }
    }

    /// The app this entry stands for: an ECA policy's `externalClientApplication`, else
    /// its own name. Policies and the header of one External Client App share it.
    pub fn app(&self) -> &str {
        self.app_name.as_ref().map_or(&self.name, |t| &t.value)
    }
}

/// Split `A, B,C` into one located name each (exact spans when the text had no entities).
fn split_list(list: &Text) -> Vec<Text> {
    let raw_len = list.at.span.len();
    let exact = raw_len == list.value.len();
    let mut out = Vec::new();
    let mut offset = 0;
    for part in list.value.split(',') {
        let name = part.trim();
        if !name.is_empty() {
            let span = if exact {
                let start =
                    list.at.span.start as usize + offset + (part.len() - part.trim_start().len());
                crate::source::Span::new(start, start + name.len())
            } else {
                list.at.span
            };
            out.push(Text {
                value: Name::new(name),
                at: Loc::new(list.at.file, span),
            });
        }
        offset += part.len() + 1;
    }
    out
}

/// A Salesforce permission set ID (`0PS` key prefix, 15 or 18 characters) rather than a
/// name: `commaSeparatedPermissionSet` holds IDs per the Metadata API reference.
pub fn is_permission_set_id(s: &str) -> bool {
    (s.len() == 15 || s.len() == 18)
        && s.starts_with("0PS")
        && s.bytes().all(|b| b.is_ascii_alphanumeric())
}
