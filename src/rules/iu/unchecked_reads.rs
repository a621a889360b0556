//! The run note for reads nobody checks: dataflows or recipes read fields, but no
//! integration user that runs them has a profile or permission set in the project.

use crate::diagnostic::FileId;
use crate::report::Note;
use crate::rules::Context;

use super::{
    analytics_field_not_granted, analytics_field_not_readable, analytics_object_not_readable,
    analytics_principals,
};

/// The run note when dataflows or recipes read fields but no integration user that runs
/// them has a profile or permission set in the project: IU001 to IU003 then judge nothing,
/// and a green run would say nothing about the jobs. `None` when those rules are off.
pub fn note(cx: &Context<'_>) -> Option<Note> {
    let codes = [
        analytics_field_not_readable::META.code,
        analytics_field_not_granted::META.code,
        analytics_object_not_readable::META.code,
    ];
    if !codes.iter().any(|c| cx.settings.is_enabled(c))
        || analytics_principals(cx.access).next().is_some()
    {
        return None;
    }
    let reads = cx.reads_by_field();
    let mut assets: Vec<FileId> = reads
        .iter()
        .flat_map(|(_, _, sites)| sites.iter().map(|s| s.asset.file))
        .collect();
    assets.sort_unstable();
    assets.dedup();
    let first = reads.first()?.2.first()?;
    let who = match assets.len() {
        1 => format!("{} reads", first.describe()),
        n => format!("{n} dataflows and recipes read"),
    };
    let n = reads.len();
    // A runner named (by a user record or sflint.toml) whose profile and sets the project
    // does not hold.
    let missing = cx
        .access
        .principals
        .iter()
        .find(|p| p.runs_analytics && !p.has_sets())
        .and_then(|p| p.profile_name.as_deref());
    let whom = match missing {
        Some(profile) => format!(
            "the profile of the integration user that runs them, `{profile}`, is not in the project"
        ),
        None => "the project holds no integration user that runs them".to_string(),
    };
    Some(Note {
        kind: "unchecked-reads",
        message: format!(
            "{who} {n} field{}, but {whom}: IU001, IU002 and IU003 checked nothing",
            if n == 1 { "" } else { "s" }
        ),
        help: "keep the Analytics Cloud Integration User profile (or the profile of the user that runs the jobs) in source control, or declare the principal under [[integration.principal]] in sflint.toml, to have the reads checked".to_string(),
    })
}
