//! How a policy describes itself: the generated summary, and the page `sflint rule` and
//! the SARIF rule help show.

use super::object_permission::quoted;
use super::scope::{Kind, Scope};
use super::{Condition, Mode, Policy};

fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Profile => "profiles",
        Kind::PermissionSet => "permission sets",
        Kind::MutingPermissionSet => "muting permission sets",
        Kind::Integration => "integration users",
    }
}

/// `profiles and permission sets except "Admin"`.
pub fn describe_scope(s: &Scope) -> String {
    let kinds: Vec<&str> = s.kinds.iter().map(|k| plural(*k)).collect();
    let mut out = match kinds.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, init)) => format!("{} and {last}", init.join(", ")),
        None => String::new(),
    };
    if let Some(g) = &s.include {
        out.push_str(&format!(" named {}", quoted(g)));
    }
    if let Some(g) = &s.exclude {
        out.push_str(&format!(" except {}", quoted(g)));
    }
    if let Some(g) = &s.license {
        out.push_str(&format!(" with license {}", quoted(g)));
    }
    let mut flag = |v: Option<bool>, yes: &str, no: &str| match v {
        Some(true) => out.push_str(yes),
        Some(false) => out.push_str(no),
        None => {}
    };
    flag(
        s.integration,
        " of integration users",
        " not of integration users",
    );
    flag(s.guest, " for guests", " not for guests");
    flag(
        s.activation_required,
        " that need session activation",
        " that need no session activation",
    );
    flag(
        s.editable,
        " that the org can edit",
        " that the org cannot edit",
    );
    out
}

pub fn generated_summary(mode: Mode, subject: &dyn Condition, scope: &Scope) -> String {
    let verb = match mode {
        Mode::Forbid => "Forbids",
        Mode::Require => "Requires",
    };
    format!(
        "{verb} {} for {}",
        subject.describe(),
        describe_scope(scope)
    )
}

impl Policy {
    /// The policy's page for SARIF rule help and `sflint rule`: summary, message, help and
    /// the definition. `defined_in` names the file.
    pub fn page(&self, defined_in: &str) -> String {
        format!(
            "# {} {}\n{}\n\n**Policy** defined in `{defined_in}` · **Severity:** {}\n\n\
             - **Checks:** {} {} for {}\n- **Message:** {}\n- **Help:** {}\n\n```toml\n{}```\n",
            self.code,
            self.name,
            self.summary,
            self.severity,
            self.mode.key(),
            self.subject.describe(),
            describe_scope(&self.scope),
            self.message.source,
            self.help.source,
            self.definition,
        )
    }
}
