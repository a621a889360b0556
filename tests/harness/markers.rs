//! Markers: `<!-- error: [PM001] -->` in example files, `# error: [IU006]` in `sflint.toml`.
//! Reading a marker checks its form only; whether its codes exist depends on the example's
//! configuration (see `run::check_example`).

use sflint::diagnostic::Severity;

/// A finding announced by a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Index into the example's [`Linted`] files.
    pub file: usize,
    /// Line in the linted file.
    pub line: usize,
    pub code: String,
    pub severity: Severity,
}

/// The marker inside one comment, if the comment is a marker: `error: [PM001, PM005]`.
pub fn parse_marker_body(inner: &str) -> Result<Option<(Severity, Vec<String>)>, String> {
    let Some((sev, rest)) = inner.split_once(':') else {
        return Ok(None);
    };
    let Some(severity) = Severity::parse(sev.trim()) else {
        return Ok(None);
    };
    let list = rest
        .trim()
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or_else(|| format!("marker `{inner}`: write the codes as a list, e.g. [PM001]"))?;
    let codes: Vec<String> = list.split(',').map(|c| c.trim().to_string()).collect();
    if let Some(empty) = codes
        .iter()
        .find(|c| c.is_empty() || c.contains(char::is_whitespace))
    {
        return Err(format!(
            "marker `{inner}`: `{empty}` is not a rule code; separate codes with commas"
        ));
    }
    Ok(Some((severity, codes)))
}

/// Does this text start with a severity and a colon, in any case?
pub fn starts_like_marker(text: &str) -> bool {
    let text = text.trim_start();
    ["error:", "warning:", "info:"].iter().any(|s| {
        text.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    })
}

/// Does this text hold something that reads like a marker comment (in any case)?
pub fn looks_like_marker(text: &str) -> bool {
    text.match_indices("<!--")
        .any(|(i, _)| starts_like_marker(&text[i + 4..]))
}

/// The markers on one line of an example file.
#[derive(Debug)]
pub struct LineMarkers {
    pub found: Vec<(Severity, String)>,
    /// The line holds nothing but markers: they mark the line above, and the line is not
    /// linted.
    pub standalone: bool,
}

/// The markers ending one line of an example file (or making up the whole line).
pub fn line_markers(line: &str) -> Result<LineMarkers, String> {
    let mut found = Vec::new();
    let mut rest = line.trim_end();
    while let Some(body) = rest.strip_suffix("-->") {
        let Some(start) = body.rfind("<!--") else {
            break;
        };
        match parse_marker_body(body[start + 4..].trim())? {
            Some((severity, codes)) => {
                // Read right to left; keep the codes in page order.
                found.splice(0..0, codes.into_iter().map(|c| (severity, c)));
                rest = body[..start].trim_end();
            }
            None => break,
        }
    }
    if looks_like_marker(rest) {
        return Err(
            "a marker is `<!-- error: [CODE] -->` (severity in lower case) at the end of the line it marks, or alone on the line below it"
                .into(),
        );
    }
    let standalone = !found.is_empty() && rest.trim().is_empty();
    Ok(LineMarkers { found, standalone })
}

/// Byte offset of the `#` that starts a TOML comment on this line, if any: the first `#`
/// outside a basic (`"…"`) or literal (`'…'`) string.
pub fn toml_comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return Some(i),
            None => {}
        }
    }
    None
}

/// The marker in the TOML comment ending a line of a configuration block: `# error: [IU006]`.
pub fn toml_line_markers(line: &str) -> Result<Vec<(Severity, String)>, String> {
    let Some(hash) = toml_comment_start(line) else {
        return Ok(Vec::new());
    };
    let comment = line[hash + 1..].trim();
    match parse_marker_body(comment)? {
        Some((severity, codes)) if !line[..hash].trim().is_empty() => {
            Ok(codes.into_iter().map(|c| (severity, c)).collect())
        }
        Some(_) => Err(
            "in sflint.toml a marker is the comment at the end of the line it marks, not a line of its own"
                .into(),
        ),
        None if starts_like_marker(comment) || looks_like_marker(comment) => Err(
            "in sflint.toml a marker is a comment `# error: [CODE]` (severity in lower case) at the end of the line it marks"
                .into(),
        ),
        None => Ok(Vec::new()),
    }
}
