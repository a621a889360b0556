//! SARIF 2.1.0: one log with one run.
//!
//! - `tool.driver.rules` lists every rule the caller passed in [`RenderOptions::rules`]
//!   (the enabled rules, with or without findings), in that order. A finding whose code
//!   is not among them (a caller that passed no rules, say) gets a minimal rule entry
//!   appended after them, so every `ruleIndex` points at a rule with its `ruleId`.
//! - A rule's `help` is short: its summary and the page's "How to fix" section, with a link
//!   to the whole page (`helpUri`, the page in sflint's repository). Embedding whole pages
//!   made the demo's SARIF file 584 KB.
//! - Each rule has `properties.tags` (`security` and its family) and
//!   `properties.security-severity`, which GitHub code scanning uses to rank alerts:
//!   see [`security_severity`] for the mapping.
//! - A result's `message.text` is the diagnostic message as a sentence, followed by the
//!   finding's own help as a second sentence, `Fix: <help>.`, when that help is short
//!   (one line, at most [`SHORT_HELP`] characters: every built-in rule's help is). Longer
//!   help stays out of the message and goes to `properties.help` instead, so nothing is
//!   lost; the rule's page carries the general advice either way.
//! - Regions are 1-based; `endColumn` is the column just after the span, and columns
//!   count Unicode code points (`columnKind: unicodeCodePoints`), like every other format.
//! - `partialFingerprints."sflint/v1"` is the fingerprint of the JSON format.
//! - `fixes` carries the finding's repairs (see [`super::sarif_fixes`]).
//! - `invocations[0]` says the run completed (`executionSuccessful`) and carries the
//!   run notes as `toolExecutionNotifications` at level `note`, with the note's kind as
//!   `descriptor.id` and its message and help as the text.
//!
//! [`RenderOptions::rules`]: super::RenderOptions::rules

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use super::{Place, RuleDoc, place};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::report::Report;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const VERSION: &str = "2.1.0";

/// The longest per-finding help (in characters) that goes into the result message.
pub(super) const SHORT_HELP: usize = 300;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    automation_details: AutomationDetails,
    invocations: [Invocation<'a>; 1],
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
}

/// `automationDetails.id`: GitHub code scanning reads the part before the last `/` as the
/// upload's category, so sflint's alerts never replace another tool's.
#[derive(Serialize)]
struct AutomationDetails {
    id: &'static str,
}

/// The run itself (SARIF §3.20): it completed, and its notes as tool execution
/// notifications (§3.58) at level `note`, each identified by the note's kind.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    descriptor: Descriptor<'a>,
    level: &'static str,
    message: OwnedText,
}

#[derive(Serialize)]
struct Descriptor<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    full_name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    #[serde(rename = "security-severity")]
    security_severity: String,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: OwnedText,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<super::sarif_fixes::SarifFix>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "sflint/v1")]
    v1: String,
}

#[derive(Serialize)]
struct Properties<'a> {
    help: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

pub(super) fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn non_empty(text: &str) -> Option<Text<'_>> {
    (!text.is_empty()).then_some(Text { text })
}

/// GitHub's `security-severity` for a rule (a score from 0.0 to 10.0; GitHub shows
/// over 9.0 as critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, below 4.0 low).
///
/// | family | error | warning | info |
/// |---|---|---|---|
/// | integration users, session security, data classification, packs, policies | 8.0 | 5.0 | 2.0 |
/// | permission hygiene, parse and schema | 6.0 | 4.0 | 1.0 |
///
/// The first group decides who can read what, or whether an integration keeps running;
/// the second is metadata hygiene whose effect on access is indirect.
pub fn security_severity(family: &str, severity: Severity) -> &'static str {
    let hygiene = matches!(family, "permission hygiene" | "parse and schema");
    match (hygiene, severity) {
        (false, Severity::Error) => "8.0",
        (false, Severity::Warning) => "5.0",
        (false, Severity::Info) => "2.0",
        (true, Severity::Error) => "6.0",
        (true, Severity::Warning) => "4.0",
        (true, Severity::Info) => "1.0",
    }
}

/// The section of a page under `## How to fix`, up to the next `## ` heading.
fn how_to_fix(page: &str) -> Option<&str> {
    let start = page.find("\n## How to fix\n")? + "\n## How to fix\n".len();
    let rest = &page[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let section = rest[..end].trim();
    (!section.is_empty()).then_some(section)
}

/// The rule's short help: summary, how to fix, and a link to the whole page. A project's
/// own policy has no page to link to: its help is its short generated page (message,
/// help and definition), where the policy file is named.
fn short_help(doc: &RuleDoc, url: Option<&str>) -> Option<Help> {
    if url.is_none() && !doc.help_markdown.is_empty() {
        return Some(Help {
            text: doc.help_markdown.clone(),
            markdown: doc.help_markdown.clone(),
        });
    }
    let mut markdown = String::new();
    if !doc.summary.is_empty() {
        markdown.push_str(&sentence(&doc.summary));
    }
    if let Some(fix) = how_to_fix(&doc.help_markdown) {
        markdown.push_str("\n\n**How to fix**\n\n");
        markdown.push_str(fix);
    }
    if let Some(url) = url {
        markdown.push_str(&format!("\n\n[Full documentation of {}]({url})", doc.code));
    }
    let markdown = markdown.trim().to_string();
    (!markdown.is_empty()).then(|| Help {
        text: markdown.clone(),
        markdown,
    })
}

fn rule(doc: &RuleDoc) -> Rule<'_> {
    let url = doc.page_url();
    Rule {
        id: &doc.code,
        name: &doc.name,
        short_description: non_empty(&doc.summary),
        full_description: non_empty(&doc.summary),
        help: short_help(doc, url.as_deref()),
        help_uri: url,
        default_configuration: Configuration {
            level: level(doc.severity),
        },
        properties: Some(RuleProperties {
            tags: vec!["security", doc.family],
            security_severity: security_severity(doc.family, doc.severity).to_string(),
        }),
    }
}

/// A rule entry for a finding whose code the caller did not document.
fn undocumented_rule(d: &Diagnostic) -> Rule<'_> {
    Rule {
        id: &d.code,
        name: &d.name,
        short_description: None,
        full_description: None,
        help_uri: None,
        help: None,
        default_configuration: Configuration {
            level: level(d.severity),
        },
        properties: None,
    }
}

fn location<'a>(report: &Report, label: &'a Label, id: Option<usize>) -> Location<'a> {
    let Place { path, start, end } = place(report, label);
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(path) },
            region: Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
            },
        },
        message: non_empty(&label.message),
    }
}

/// Is the finding's help short enough to end the result message?
fn help_is_short(help: &str) -> bool {
    !help.contains(['\n', '\r']) && help.chars().count() <= SHORT_HELP
}

/// The result message: the diagnostic message as a sentence, then `Fix: <help>.` when
/// the help is short.
pub(super) fn message(d: &Diagnostic) -> String {
    let mut text = sentence(&d.message);
    let help = d.help.trim();
    if !help.is_empty() && help_is_short(help) {
        text.push_str(" Fix: ");
        text.push_str(&sentence(help));
    }
    text
}

/// `text` trimmed, ending with a period unless it already ends a sentence.
pub(super) fn sentence(text: &str) -> String {
    let text = text.trim_end();
    let mut s = text.to_string();
    if !text.is_empty() && !text.ends_with(['.', '!', '?', '…']) {
        s.push('.');
    }
    s
}

/// A display path as a URI reference: relative paths stay relative (to the directory
/// sflint ran in, normally the repository root), absolute paths become `file:` URIs.
/// Characters a URI cannot carry literally are percent-encoded.
pub(super) fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path.as_str())
    } else if drive {
        // `C:/x` is a Windows path, not a URI with scheme `c`.
        ("file:///", path.as_str())
    } else {
        ("", path.as_str())
    };
    let mut out = String::with_capacity(prefix.len() + rest.len());
    out.push_str(prefix);
    for (i, b) in rest.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || matches!(
                b,
                b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@'
            )
            // A `:` in a relative reference would read as a scheme; keep only a drive's.
            || (b == b':' && drive && i == 1);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The driver's `informationUri`: the package's homepage or repository, when Cargo.toml
/// names one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
}

pub(super) fn render(
    report: &Report,
    docs: &[RuleDoc],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut rules: Vec<Rule<'_>> = docs.iter().map(rule).collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, doc) in docs.iter().enumerate() {
        index.entry(doc.code.as_str()).or_insert(i);
    }
    let mut results = Vec::with_capacity(report.diagnostics.len());
    for d in &report.diagnostics {
        let rule_index = *index.entry(&d.code).or_insert_with(|| {
            rules.push(undocumented_rule(d));
            rules.len() - 1
        });
        let help = d.help.trim();
        results.push(SarifResult {
            rule_id: &d.code,
            rule_index,
            level: level(d.severity),
            message: OwnedText { text: message(d) },
            locations: [location(report, &d.primary, None)],
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(i, label)| location(report, label, Some(i + 1)))
                .collect(),
            partial_fingerprints: Fingerprints {
                v1: report.fingerprint(d),
            },
            properties: (!help.is_empty() && !help_is_short(help))
                .then_some(Properties { help: &d.help }),
            fixes: super::sarif_fixes::fixes(report, d),
        });
    }
    let log = Log {
        schema: SCHEMA,
        version: VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "sflint",
                    full_name: concat!("sflint ", env!("CARGO_PKG_VERSION")),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules,
                },
            },
            automation_details: AutomationDetails { id: "sflint/" },
            invocations: [Invocation {
                execution_successful: true,
                tool_execution_notifications: report
                    .notes
                    .iter()
                    .map(|n| Notification {
                        descriptor: Descriptor { id: n.kind },
                        level: "note",
                        message: OwnedText {
                            text: format!("{} {}", sentence(&n.message), sentence(&n.help)),
                        },
                    })
                    .collect(),
            }],
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
