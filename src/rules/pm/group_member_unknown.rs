//! PM011: a permission set group lists a permission set (or muting permission set) that
//! the project doesn't define and nothing else can supply.

use crate::model::{Model, PermSetGroup, SetKind, Text};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};
use crate::salesforce::names::did_you_mean;

declare_rule! {
    pub struct GroupMemberUnknown {
        code: "PM011",
        name: "group-member-unknown",
        severity: Error,
        summary: "A permission set group lists a permission set that the project does not define",
    }
}

/// API names of standard permission sets that Salesforce creates when a licence is
/// provisioned, written without their `force__` prefix (retrieved groups name them
/// `force__EinsteinAnalyticsPlusUser`, a foreign namespace, which is never checked).
const STANDARD_SETS: &[&str] = &[
    "EinsteinAnalyticsPlusAdmin",
    "EinsteinAnalyticsPlusUser",
    "FinancialServicesCloudStandard",
];

/// A permission set that Salesforce provides: a known standard set, or a name with a
/// space, which can't be a custom set's API name (`CRM Analytics Plus Admin`).
fn is_standard(name: &str) -> bool {
    name.contains(' ') || STANDARD_SETS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// `npsp__Admin` -> `Admin` when `npsp` is the project's namespace.
fn without_own_namespace<'a>(model: &Model, name: &'a str) -> &'a str {
    model.project.without_own_namespace(name)
}

fn check_member(
    cx: &Context<'_>,
    group: &PermSetGroup,
    member: &Text,
    kind: SetKind,
    sink: &mut Sink,
) {
    let model = cx.model;
    let name = member.value.as_str();
    if is_standard(name) || model.project.foreign_namespace(name).is_some() {
        return;
    }
    let bare = without_own_namespace(model, name);
    let defined = model
        .sets_of(kind)
        .filter(|s| model.project.foreign_namespace(&s.name).is_none());
    let candidates: Vec<&str> = defined.map(|s| s.name.as_str()).collect();
    if candidates
        .iter()
        .any(|c| c.eq_ignore_ascii_case(name) || c.eq_ignore_ascii_case(bare))
    {
        return;
    }
    let what = kind.label();
    let folder = match kind {
        SetKind::MutingPermissionSet => "mutingpermissionsets",
        _ => "permissionsets",
    };
    let fixes = format!(
        "define it ({folder}/{bare}.{}-meta.xml), remove it from the group, or, if a package supplies it, declare that package under `dependencies` in sfdx-project.json",
        folder.trim_end_matches('s')
    );
    let help = match did_you_mean(bare, candidates.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? Otherwise {fixes}"),
        None => fixes,
    };
    sink.report(
        member.at,
        format!(
            "permission set group `{}` lists the {what} `{name}`, which the project does not define",
            group.name
        ),
    )
    .help(help)
    .identity(format!("{}/{name}", group.name))
    .label(format!("no such {what} in the project"));
}

impl Rule for GroupMemberUnknown {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let model = cx.model;
        // A package dependency may supply any set. A project without sets of a kind in
        // source (a partial retrieve) says nothing about which sets of that kind exist.
        if model.project.has_dependencies {
            return;
        }
        let has = |kind| model.sets_of(kind).next().is_some();
        let (sets, muting) = (
            has(SetKind::PermissionSet),
            has(SetKind::MutingPermissionSet),
        );
        for group in &model.groups {
            if model.project.foreign_namespace(&group.name).is_some() {
                continue; // a managed package's group: the subscriber can't change it
            }
            for member in group.permission_sets.iter().filter(|_| sets) {
                check_member(cx, group, member, SetKind::PermissionSet, sink);
            }
            for member in group.muting_sets.iter().filter(|_| muting) {
                check_member(cx, group, member, SetKind::MutingPermissionSet, sink);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_sets() {
        assert!(is_standard("CRM Analytics Plus Admin"));
        assert!(is_standard("einsteinanalyticsplususer"));
        assert!(!is_standard("Sales_Ops"));
    }

    #[test]
    fn standard_sets_in_the_force_namespace_are_never_reported() {
        let group = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSetGroup xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <label>G</label>\n    <permissionSets>force__CopilotSalesforceUser</permissionSets>\n    <permissionSets>force__CDPAdmin</permissionSets>\n    <permissionSets>Missing_Set</permissionSets>\n</PermissionSetGroup>\n";
        let set = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <label>Own</label>\n</PermissionSet>\n";
        let setup = crate::catalog::Setup::default();
        let report = crate::pipeline::lint_sources(
            &[
                (
                    "force-app/main/default/permissionsetgroups/G.permissionsetgroup-meta.xml",
                    group,
                ),
                (
                    "force-app/main/default/permissionsets/Own.permissionset-meta.xml",
                    set,
                ),
            ],
            &setup,
        )
        .unwrap();
        let found: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "PM011")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`Missing_Set`"), "{found:?}");
    }
}

#[cfg(test)]
mod namespace_tests {
    use super::*;
    use crate::model::ProjectInfo;

    #[test]
    fn own_namespace_is_ignored() {
        let mut model = Model::from_facts(Vec::new(), ProjectInfo::default());
        assert_eq!(without_own_namespace(&model, "npsp__Admin"), "npsp__Admin");
        model.project.namespace = Some("NPSP".into());
        assert_eq!(without_own_namespace(&model, "npsp__Admin"), "Admin");
        assert_eq!(without_own_namespace(&model, "npsp__"), "npsp__");
        assert_eq!(
            without_own_namespace(&model, "FinServ__Advisor"),
            "FinServ__Advisor"
        );
    }
}
