//! Integration principal candidates: one run note when nothing is configured, and
//! `sflint init` proposes them.

mod common;

use std::path::PathBuf;

use common::{TempDir, run_in};
use sflint::catalog::Setup;
use sflint::config::Overrides;
use sflint::pipeline::{LintOptions, lint_paths};

const API_ONLY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>false</custom>
    <userLicense>Salesforce Integration</userLicense>
    <userPermissions>
        <enabled>true</enabled>
        <name>ApiUserOnly</name>
    </userPermissions>
</Profile>
"#;

const SALES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <userLicense>Salesforce</userLicense>
</Profile>
"#;

const CONNECTED_APP: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
    <contactEmail>ops@example.com</contactEmail>
    <label>Warehouse Sync</label>
    <oauthConfig>
        <callbackUrl>https://example.com/callback</callbackUrl>
        <isClientCredentialEnabled>true</isClientCredentialEnabled>
        <oauthClientCredentialUser>warehouse@example.com</oauthClientCredentialUser>
        <scopes>Api</scopes>
    </oauthConfig>
</ConnectedApp>
"#;

const ECA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">
    <contactEmail>ops@example.com</contactEmail>
    <distributionState>Local</distributionState>
    <isProtected>false</isProtected>
    <label>Lakehouse</label>
</ExternalClientApplication>
"#;

const ECA_POLICY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ExtlClntAppOauthConfigurablePolicies xmlns="http://soap.sforce.com/2006/04/metadata">
    <clientCredentialsFlowUser>lakehouse@example.com</clientCredentialsFlowUser>
    <externalClientApplication>Lakehouse</externalClientApplication>
    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>
    <label>Lakehouse policies</label>
    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
</ExtlClntAppOauthConfigurablePolicies>
"#;

/// A permission set on the Salesforce API Integration permission set license.
const API_INTEGRATION_SET: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <hasActivationRequired>false</hasActivationRequired>
    <label>Billing Sync</label>
    <license>SalesforceAPIIntegrationPsl</license>
</PermissionSet>
"#;

/// An ordinary permission set.
const PLAIN_SET: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <hasActivationRequired>false</hasActivationRequired>
    <label>Reports</label>
</PermissionSet>
"#;

fn project(mdapi: bool) -> TempDir {
    let t = if mdapi {
        let t = TempDir::new("cand-mdapi");
        t.write("src/package.xml", "<?xml version=\"1.0\"?>\n<Package xmlns=\"http://soap.sforce.com/2006/04/metadata\"><version>62.0</version></Package>\n");
        t
    } else {
        TempDir::sfdx("cand")
    };
    let (base, meta) = if mdapi {
        ("src", "")
    } else {
        ("force-app/main/default", "-meta.xml")
    };
    let w = |rel: &str, text: &str| t.write(&format!("{base}/{rel}{meta}"), text);
    w(
        "profiles/Minimum Access - API Only Integrations.profile",
        API_ONLY,
    );
    w("profiles/Sales.profile", SALES);
    w(
        "permissionsets/Billing_Sync.permissionset",
        API_INTEGRATION_SET,
    );
    w("permissionsets/Reports.permissionset", PLAIN_SET);
    w("connectedApps/Warehouse_Sync.connectedApp", CONNECTED_APP);
    w("externalClientApps/Lakehouse.eca", ECA);
    w(
        "extlClntAppOauthPolicies/Lakehouse_oauthPlcy.ecaOauthPlcy",
        ECA_POLICY,
    );
    t
}

fn notes(t: &TempDir, toml: &str) -> Vec<sflint::report::Note> {
    let settings = Setup::from_toml(toml, None, &Overrides::default()).unwrap();
    let report = lint_paths(
        &[PathBuf::from(".")],
        t.path(),
        &settings,
        &LintOptions::default(),
    )
    .unwrap();
    report.notes
}

#[test]
fn one_note_names_every_candidate_in_both_layouts() {
    for mdapi in [false, true] {
        let t = project(mdapi);
        let notes: Vec<_> = notes(&t, "")
            .into_iter()
            .filter(|n| n.kind == "integration-candidates")
            .collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        let m = &notes[0].message;
        for want in [
            "connected app `Warehouse_Sync` (runs as `warehouse@example.com`)",
            // The header and its policy are one app, named as the app.
            "external client app `Lakehouse` (runs as `lakehouse@example.com`)",
            "profile `Minimum Access - API Only Integrations`",
            "permission set on the Salesforce API Integration license `Billing_Sync`",
        ] {
            assert!(m.contains(want), "mdapi={mdapi}: {m}");
        }
        assert!(!m.contains("Lakehouse_oauthPlcy"), "{m}");
        assert!(!m.contains("`Sales`"), "{m}");
        assert!(!m.contains("`Reports`"), "{m}");
        assert!(
            notes[0].help.contains("[[integration.principal]]"),
            "{}",
            notes[0].help
        );
        assert!(notes[0].help.contains("sflint init"), "{}", notes[0].help);
    }
}

#[test]
fn no_note_once_a_principal_is_configured() {
    let t = project(false);
    let toml = "[[integration.principal]]\nname = \"api\"\nprofile = \"Minimum Access - API Only Integrations\"\n";
    assert!(
        notes(&t, toml)
            .iter()
            .all(|n| n.kind != "integration-candidates")
    );
}

#[test]
fn session_profiles_count_as_configured() {
    let t = TempDir::sfdx("cand-session");
    t.write(
        "force-app/main/default/profiles/Minimum Access - API Only Integrations.profile-meta.xml",
        API_ONLY,
    );
    assert_eq!(notes(&t, "").len(), 1);
    let toml =
        "[session]\nnon-interactive-profiles = [\"Minimum Access - API Only Integrations\"]\n";
    assert!(notes(&t, toml).is_empty());
}

#[test]
fn no_note_without_candidates() {
    let t = TempDir::sfdx("cand-none");
    t.write(
        "force-app/main/default/profiles/Sales.profile-meta.xml",
        SALES,
    );
    t.write(
        "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml",
        SALES.replace(
            "<userLicense>Salesforce</userLicense>",
            "<userLicense>Analytics Cloud Integration User</userLicense>",
        ),
    );
    assert!(notes(&t, "").is_empty());
}

#[test]
fn init_proposes_the_candidates() {
    let t = project(false);
    let r = run_in(t.path(), &["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let toml = std::fs::read_to_string(t.path().join("sflint.toml")).unwrap();
    for want in [
        "connected app `Warehouse_Sync`, runs as `warehouse@example.com`",
        "external client app `Lakehouse`, runs as `lakehouse@example.com`",
        "# profile = \"Minimum Access - API Only Integrations\"",
        "#   - `Billing_Sync`",
    ] {
        assert!(toml.contains(want), "{toml}");
    }
    // The proposal is valid once uncommented (the principals come before [classification]).
    let (head, tail) = toml.split_once("\n[classification]").unwrap();
    let head = head.replace("# [[integration.principal]]", "[[integration.principal]]");
    let head: String = head
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if [
                    "name =",
                    "profile =",
                    "permission-sets =",
                    "runs-analytics =",
                ]
                .iter()
                .any(|k| rest.starts_with(k)) =>
            {
                rest.to_string()
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let uncommented = format!("{head}\n[classification]{tail}");
    if let Err(e) = Setup::from_toml(&uncommented, None, &Overrides::default()) {
        panic!("{e}\n{uncommented}");
    }
    assert!(notes(&t, &uncommented).is_empty());
}
