//! SARIF 2.1.0 `fixes` (§3.55): each repair of a finding as `artifactChanges` whose
//! `replacements` delete a byte region (`deletedRegion.byteOffset`/`byteLength`, offsets of
//! the file as linted) and insert `insertedContent.text`. Alternatives (PM001) are all
//! listed; `properties.applicability` says `safe` or `unsafe`.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::report::Report;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifFix {
    description: Message,
    artifact_changes: [ArtifactChange; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: Uri,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
struct Uri {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: ByteRegion,
    inserted_content: Message,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ByteRegion {
    byte_offset: u32,
    byte_length: u32,
}

/// The fixes of a finding, for its result's `fixes`.
pub(super) fn fixes(report: &Report, d: &Diagnostic) -> Vec<SarifFix> {
    d.fixes
        .iter()
        .map(|fix| SarifFix {
            description: Message {
                text: super::sarif::sentence(&fix.message),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: Uri {
                    uri: super::sarif::uri(&report.file(fix.file).display),
                },
                replacements: fix
                    .edits
                    .iter()
                    .map(|e| Replacement {
                        deleted_region: ByteRegion {
                            byte_offset: e.span.start,
                            byte_length: e.span.end - e.span.start,
                        },
                        inserted_content: Message {
                            text: e.content.clone(),
                        },
                    })
                    .collect(),
            }],
            properties: FixProperties {
                applicability: fix.applicability.as_str(),
            },
        })
        .collect()
}
