//! IU005: the integration user reads a Classic encrypted field (`EncryptedText`) without
//! View Encrypted Data, so values arrive masked. Shield Platform Encryption fields
//! (`encryptionScheme`) are not affected: Shield is transparent to authorized users.

use crate::access::FieldAccess;
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

use super::{analytics_principals, relate_reads, who_reads};

declare_rule! {
    pub struct EncryptedTextWithoutViewEncryptedData {
        code: "IU005",
        name: "encrypted-text-without-view-encrypted-data",
        severity: Warning,
        summary: "The integration user extracts a Classic encrypted field without View Encrypted Data",
    }
}

impl Rule for EncryptedTextWithoutViewEncryptedData {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let access = cx.access;
        let reads = cx.reads_by_field();
        for p in analytics_principals(access) {
            if access.user_permission(p, "ViewEncryptedData").is_some() {
                continue;
            }
            let Some(home) = p.profile.or(p.members.first().map(|m| m.set)) else {
                continue;
            };
            let home = access.set(home);
            for (object, field, sites) in reads {
                let Some(def) = cx.model.field(object, field) else {
                    continue;
                };
                if !def.type_is("EncryptedText") {
                    continue;
                }
                if !matches!(access.field_read(p, object, field), FieldAccess::Granted(_)) {
                    continue; // IU001/IU002 report missing read first
                }
                let qualified = def.qualified();
                let d = sink.report(home.root, format!(
                        "{} reads the Classic encrypted field {qualified} (for {}) without View Encrypted Data, so it gets masked values",
                        p.name,
                        who_reads(sites)
                    ))
.help(format!(
                        "enable the ViewEncryptedData user permission in {} `{}` or in a permission set assigned to the integration user, or drop the field from the extraction",
                        home.kind.label(),
                        home.name
                    ))
.identity(format!("{}/{qualified}", p.name));
                d.label("no View Encrypted Data");
                if let Some(t) = &def.field_type {
                    d.related(t.at, format!("{qualified} uses Classic encryption"));
                }
                relate_reads(d, sites, true);
            }
        }
    }
}
