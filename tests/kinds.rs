//! Every kind sflint reads, in both forms: SFDX source format (`-meta.xml`) and Metadata
//! API format (mdapi, `src/` + `package.xml`, where most kinds have no `-meta.xml`).

mod common;

use std::path::Path;

use common::{TempDir, repo_root, run_in};
use sflint::salesforce::kind::{FileKind, classify, full_name};

/// (kind, SFDX path, mdapi path, full name). Kinds whose files keep one name in both
/// forms list it twice.
fn table() -> Vec<(FileKind, &'static str, &'static str, &'static str)> {
    use FileKind::*;
    vec![
        (
            Profile,
            "force-app/main/default/profiles/Custom%3A Sales.profile-meta.xml",
            "src/profiles/Custom%3A Sales.profile",
            "Custom: Sales",
        ),
        (
            PermissionSet,
            "force-app/main/default/permissionsets/PS.permissionset-meta.xml",
            "src/permissionsets/PS.permissionset",
            "PS",
        ),
        (
            PermissionSetGroup,
            "force-app/main/default/permissionsetgroups/G.permissionsetgroup-meta.xml",
            "src/permissionsetgroups/G.permissionsetgroup",
            "G",
        ),
        (
            MutingPermissionSet,
            "force-app/main/default/mutingpermissionsets/M.mutingpermissionset-meta.xml",
            "src/mutingpermissionsets/M.mutingpermissionset",
            "M",
        ),
        (
            CustomObject,
            "force-app/main/default/objects/Account/Account.object-meta.xml",
            "src/objects/Account.object",
            "Account",
        ),
        (
            ProfileSessionSetting,
            "force-app/main/default/profileSessionSettings/P.profileSessionSetting-meta.xml",
            "src/profileSessionSettings/P.profileSessionSetting",
            "P",
        ),
        (
            SecuritySettings,
            "force-app/main/default/settings/Security.settings-meta.xml",
            "src/settings/Security.settings",
            "Security",
        ),
        (
            ConnectedApp,
            "force-app/main/default/connectedApps/Sync.connectedApp-meta.xml",
            "src/connectedApps/Sync.connectedApp",
            "Sync",
        ),
        (
            ExternalClientApp,
            "force-app/main/default/externalClientApps/Copilot.eca-meta.xml",
            "src/externalClientApps/Copilot.eca",
            "Copilot",
        ),
        (
            EcaOauthPolicy,
            "force-app/main/default/extlClntAppOauthPolicies/Copilot_oauthPlcy.ecaOauthPlcy-meta.xml",
            "src/extlClntAppOauthPolicies/Copilot_oauthPlcy.ecaOauthPlcy",
            "Copilot_oauthPlcy",
        ),
        (
            WaveDataflow,
            "force-app/main/default/wave/Sales.wdf",
            "src/wave/Sales.wdf",
            "Sales",
        ),
        (
            WaveDataflowMeta,
            "force-app/main/default/wave/Sales.wdf-meta.xml",
            "src/wave/Sales.wdf-meta.xml",
            "Sales",
        ),
        (
            WaveRecipe,
            "force-app/main/default/wave/Prep.wdpr",
            "src/wave/Prep.wdpr",
            "Prep",
        ),
        (
            WaveRecipeMeta,
            "force-app/main/default/wave/Prep.wdpr-meta.xml",
            "src/wave/Prep.wdpr-meta.xml",
            "Prep",
        ),
        (
            UserManifest,
            "config/users/crma.user-meta.xml",
            "config/users/crma.user-meta.xml",
            "crma",
        ),
        (
            UserJson,
            "config/crma-user-def.json",
            "config/crma-user-def.json",
            "crma-user-def",
        ),
        (
            // mdapi has no field files: fields live in `<fields>` inside `<Obj>.object`.
            CustomField {
                object: "Account".into(),
            },
            "force-app/main/default/objects/Account/fields/SSN__c.field-meta.xml",
            "force-app/main/default/objects/Account/fields/SSN__c.field-meta.xml",
            "SSN__c",
        ),
        (
            PermissionSetPart { set: "PS".into() },
            "force-app/main/default/permissionsets/PS/objectSettings/Account.objectSettings-meta.xml",
            "force-app/main/default/permissionsets/PS/PS.permissionset-meta.xml",
            "PS",
        ),
    ]
}

/// Fails to compile when a kind is added without a row above.
fn listed(kind: &FileKind) -> bool {
    use FileKind::*;
    match kind {
        Profile
        | PermissionSet
        | PermissionSetPart { .. }
        | PermissionSetGroup
        | MutingPermissionSet
        | CustomObject
        | CustomField { .. }
        | ProfileSessionSetting
        | SecuritySettings
        | ConnectedApp
        | ExternalClientApp
        | EcaOauthPolicy
        | WaveDataflow
        | WaveDataflowMeta
        | WaveRecipe
        | WaveRecipeMeta
        | UserManifest
        | UserJson => table().iter().any(|(k, ..)| k == kind),
    }
}

#[test]
fn every_kind_is_classified_in_both_forms() {
    for (kind, sfdx, mdapi, name) in table() {
        assert!(listed(&kind));
        for path in [sfdx, mdapi] {
            let p = Path::new(path);
            assert_eq!(classify(p).as_ref(), Some(&kind), "{path}");
            assert_eq!(full_name(p, &kind), name, "{path}");
        }
    }
}

#[test]
fn every_suffix_has_both_forms() {
    use sflint::salesforce::kind::SUFFIXES;
    for (suffix, kind) in SUFFIXES {
        let other = match suffix.strip_suffix("-meta.xml") {
            Some(mdapi) => mdapi.to_string(),
            None => format!("{suffix}-meta.xml"),
        };
        let paired = SUFFIXES.iter().any(|(s, _)| *s == other);
        // `.wdf`/`.wdpr` content files are the one case where the `-meta.xml` file is a
        // different kind (the meta file beside the content).
        assert!(paired, "{suffix} ({kind:?}) has no {other} counterpart");
    }
}

/// The pre-commit hook's `files` pattern lets every kind through, in both forms.
#[test]
fn pre_commit_pattern_matches_every_kind() {
    let hooks = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let line = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: "))
        .expect("a files pattern");
    let inner = line
        .split_once(r"\.(")
        .and_then(|(_, rest)| rest.split_once("))$"))
        .map(|(alts, _)| alts)
        .expect("the pattern lists suffixes as \\.(a|b|...)");
    let alts: Vec<&str> = inner.split('|').collect();
    for (_, sfdx, mdapi, _) in table() {
        for path in [sfdx, mdapi] {
            let ok = path.ends_with("-meta.xml")
                || alts.iter().any(|a| path.ends_with(&format!(".{a}")));
            assert!(ok, "the pre-commit pattern skips {path}");
        }
    }
}

/// Content that fails the kind's first check: a wrong root element (SF002), or broken
/// JSON (SF001).
fn broken(kind: &FileKind) -> (&'static str, &'static str) {
    if kind.is_json() {
        ("{\"name\": ", "SF001")
    } else {
        (
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Wrong xmlns=\"http://soap.sforce.com/2006/04/metadata\"/>\n",
            "SF002",
        )
    }
}

/// Each mdapi-form file, named alone in an mdapi project, is read and checked.
#[test]
fn mdapi_files_named_alone_are_linted() {
    for (kind, _, mdapi, _) in table() {
        if matches!(
            kind,
            FileKind::PermissionSetPart { .. } | FileKind::CustomField { .. }
        ) {
            continue; // SFDX-only kinds (see the table)
        }
        let t = TempDir::new("kinds");
        t.write(
            "src/package.xml",
            "<?xml version=\"1.0\"?>\n<Package xmlns=\"http://soap.sforce.com/2006/04/metadata\"><version>62.0</version></Package>\n",
        );
        let (content, code) = broken(&kind);
        t.write(mdapi, content);
        let r = run_in(t.path(), &["check", "--format", "concise", mdapi]);
        assert_eq!(r.code, 1, "{mdapi}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains(code), "{mdapi}: {}", r.stdout);
        assert!(r.stdout.contains("1 file"), "{mdapi}: {}", r.stdout);
    }
}

/// An External Client App header is read: its root is checked, and a good one is clean.
#[test]
fn external_client_app_header_is_read() {
    let t = TempDir::sfdx("eca");
    let dir = "force-app/main/default/externalClientApps";
    t.write(
        &format!("{dir}/Copilot.eca-meta.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ExternalClientApplication xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    <contactEmail>ops@example.com</contactEmail>\n    <distributionState>Local</distributionState>\n    <isProtected>false</isProtected>\n    <label>Copilot</label>\n</ExternalClientApplication>\n",
    );
    let r = run_in(t.path(), &["check", &format!("{dir}/Copilot.eca-meta.xml")]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("1 file"), "{}", r.stdout);

    t.write(
        &format!("{dir}/Broken.eca-meta.xml"),
        "<?xml version=\"1.0\"?>\n<ExternalClientApplication><label>x</label>\n",
    );
    let r = run_in(t.path(), &["check", "--format", "concise", dir]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Broken.eca-meta.xml"), "{}", r.stdout);
    assert!(r.stdout.contains("SF001"), "{}", r.stdout);
}
