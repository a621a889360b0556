//! `[[policy]]` blocks shown on a page (the README's "Policies" section, a page's
//! "Configuration"): each must load and compile as a `sflint.toml`, and the finding lines a
//! page shows for a policy must carry its code, severity and message.

use sflint::catalog::Setup;
use sflint::config::Overrides;
use sflint::diagnostic::Severity;

use super::markdown::{Piece, split_pieces};

/// A fenced TOML block that defines at least one policy.
#[derive(Debug)]
pub struct PolicyBlock {
    /// Page line of the opening fence.
    pub line: usize,
    pub text: String,
}

/// The page's fenced `toml` blocks that hold a `[[policy]]` table.
pub fn policy_blocks(page: &str) -> Result<Vec<PolicyBlock>, String> {
    Ok(split_pieces(page)?
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Fence(f)
                if f.info.split_whitespace().next() == Some("toml")
                    && f.body.lines().any(|l| l.trim() == "[[policy]]") =>
            {
                Some(PolicyBlock {
                    line: f.open_line,
                    text: f.body,
                })
            }
            _ => None,
        })
        .collect())
}

/// Compile every policy block of the page as a configuration of its own. Returns the
/// compiled setups and the problems.
pub fn compile_policy_blocks(name: &str, page: &str) -> (Vec<Setup>, Vec<String>) {
    let blocks = match policy_blocks(page) {
        Ok(blocks) => blocks,
        Err(e) => return (Vec::new(), vec![format!("{name}: {e}")]),
    };
    let mut setups = Vec::new();
    let mut problems = Vec::new();
    for b in blocks {
        match Setup::from_toml(&b.text, None, &Overrides::default()) {
            Ok(setup) if setup.policies.is_empty() => problems.push(format!(
                "{name}, block at page line {}: no policy compiled from it",
                b.line
            )),
            Ok(setup) => setups.push(setup),
            Err(e) => problems.push(format!(
                "{name}, block at page line {}: sflint rejects it: {e:?}",
                b.line
            )),
        }
    }
    (setups, problems)
}

/// A finding as concise output shows it: `path:line:col: CODE [severity] message`.
#[derive(Debug, PartialEq, Eq)]
pub struct ShownFinding {
    pub line: usize,
    pub code: String,
    pub severity: String,
    pub message: String,
}

/// The concise finding lines in the page's fenced blocks.
pub fn shown_findings(page: &str) -> Vec<ShownFinding> {
    let Ok(pieces) = split_pieces(page) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for piece in pieces {
        let Piece::Fence(f) = piece else { continue };
        for (i, text) in f.body.lines().enumerate() {
            if let Some((code, severity, message)) = parse_shown(text) {
                out.push(ShownFinding {
                    line: f.open_line + 1 + i,
                    code: code.to_string(),
                    severity: severity.to_string(),
                    message: message.to_string(),
                });
            }
        }
    }
    out
}

/// `(code, severity, message)` of a concise finding line.
fn parse_shown(line: &str) -> Option<(&str, &str, &str)> {
    line.match_indices(": ").find_map(|(i, _)| {
        let location = &line[..i];
        let mut parts = location.rsplitn(3, ':');
        let (col, row) = (parts.next()?, parts.next()?);
        if parts.next().is_none_or(str::is_empty)
            || !col.chars().all(|c| c.is_ascii_digit())
            || !row.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let (code, rest) = line[i + 2..].split_once(' ')?;
        let (severity, message) = rest.strip_prefix('[')?.split_once("] ")?;
        let code_ok = code.len() >= 5
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        (code_ok && Severity::parse(severity).is_some()).then_some((code, severity, message))
    })
}

/// Does `message` read as `template` renders, with any text for its placeholders?
pub fn fits_template(template: &sflint::policy::Policy, message: &str) -> bool {
    const HOLE: &str = "\u{1}";
    let rendered = template.message.render(|_| Some(HOLE.to_string()));
    let parts: Vec<&str> = rendered.split(HOLE).collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return message == first;
    }
    if !message.starts_with(first) || !message[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &message[first.len()..message.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Compile the page's policy blocks, and check each finding line it shows for one of
/// those policies: same severity, and a message the policy's template can render.
pub fn check_policy_blocks(name: &str, page: &str) -> Vec<String> {
    let (setups, mut problems) = compile_policy_blocks(name, page);
    for shown in shown_findings(page) {
        let Some(policy) = setups
            .iter()
            .flat_map(|s| &s.policies)
            .find(|p| p.code == shown.code)
        else {
            continue;
        };
        if policy.severity.to_string() != shown.severity {
            problems.push(format!(
                "{name} line {}: {} is shown at [{}], but its policy says {}",
                shown.line, shown.code, shown.severity, policy.severity
            ));
        }
        if !fits_template(policy, &shown.message) {
            problems.push(format!(
                "{name} line {}: {} is shown with the message `{}`, which its template `{}` does not give",
                shown.line, shown.code, shown.message, policy.message.source
            ));
        }
    }
    problems
}
