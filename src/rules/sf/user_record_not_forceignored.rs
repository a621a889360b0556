//! SF007: one of sflint's user records (`*.user-meta.xml`) lies inside a package directory
//! and `.forceignore` does not list it, so `sf project deploy`/`retrieve` fail on it.

use std::path::Path;

use crate::config::Settings;
use crate::discover::find_project;
use crate::forceignore::{self, ForceIgnore};
use crate::model::Loc;
use crate::parse::ParsedFile;
use crate::rules::{Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::kind::FileKind;

declare_rule! {
    pub struct UserRecordNotForceignored {
        code: "SF007",
        name: "user-record-not-forceignored",
        severity: Warning,
        summary: "A user record inside a package directory is not listed in .forceignore",
    }
}

/// The `.forceignore` line that covers every sflint user record.
pub const IGNORE_LINE: &str = "**/*.user-meta.xml";

impl Rule for UserRecordNotForceignored {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, _settings: &Settings, file: &ParsedFile, sink: &mut Sink) {
        if file.kind != FileKind::UserManifest {
            return;
        }
        let Some(doc) = file.xml() else { return };
        // Only a file on disk has a project; files from git or memory are skipped.
        let Some(package_dir) = uncovered_package_dir(&file.source.path) else {
            return;
        };
        sink.report(Loc::new(file.id, doc.root().name_span()), format!(
                "this user record lies in package directory `{package_dir}` and .forceignore does not list it: `sf project deploy` and `retrieve` fail on it (\"Could not infer a metadata type\")"
            ))
.help(format!(
                "add the line `{IGNORE_LINE}` to .forceignore at the project root, or move the record to config/users/, outside the package directories"
            ))
.identity(file.source.key.as_str())
        .label("not metadata: the Salesforce CLI can't deploy it");
    }
}

/// The package directory (as written, relative to the root) holding `path`, when the
/// project's `.forceignore` does not cover `path`.
fn uncovered_package_dir(path: &Path) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let project = find_project(path).ok()?;
    project.sfdx_project.as_ref()?;
    let dir = project
        .package_dirs
        .iter()
        .filter(|d| path.starts_with(d))
        .max_by_key(|d| d.components().count())?;
    let rel = |p: &Path| {
        p.strip_prefix(&project.root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let ignore = std::fs::read(project.root.join(forceignore::FILE))
        .map(|b| ForceIgnore::parse(&String::from_utf8_lossy(&b)))
        .unwrap_or_default();
    if ignore.ignores(&rel(path)) {
        return None;
    }
    let dir = rel(dir);
    Some(if dir.is_empty() { ".".into() } else { dir })
}
